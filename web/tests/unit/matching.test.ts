// Matching reasons worded from their code and params, in both languages, and who sees what.
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import type { MatchReason } from '@/api/matching'
import en from '@/locales/en'
import zhCN from '@/locales/zh-CN'
import {
  canRefreshMatches,
  canSeeMatches,
  HOLDER_TYPES,
  hasNoticeInbox,
  noticeFilterFromQuery,
  noticeKindKey,
  NOTICE_KINDS,
  noticePatentTitle,
  unreadNotices,
  REASON_CODES,
  reasonRegionCodes,
  reasonText,
  type Translate,
} from '@/lib/matching'

function translator(locale: 'zh-CN' | 'en'): Translate {
  const i18n = createI18n({ legacy: false, locale, messages: { 'zh-CN': zhCN, en } })
  return (key, named) => (named ? i18n.global.t(key, named) : i18n.global.t(key))
}

const zh = translator('zh-CN')
const enT = translator('en')

const reason = (code: string, params: Record<string, unknown>, text = `server text of ${code}`): MatchReason => ({ code, params, text })

describe('reasonText', () => {
  it('words shared terms as a list', () => {
    const r = reason('shared_terms', { terms: ['电池', '隔膜'] })
    expect(reasonText(r, zh)).toBe('共有技术词：电池、隔膜')
    expect(reasonText(r, enT)).toBe('Shares the terms: 电池, 隔膜')
  })

  it('words a shared class with the demand’s hint', () => {
    const r = reason('shared_class', { ipc: 'H01M10/00', hint: 'H01M' })
    expect(reasonText(r, zh)).toBe('分类号 H01M10/00 属于需求指定的 H01M')
    expect(reasonText(r, enT)).toBe('Class H01M10/00 is within the demand’s H01M')
  })

  it('names the region when its name is known, else its code', () => {
    const r = reason('same_region', { region_code: '370102' })
    const regionName = (code: string) => (code === '370102' ? '山东省 济南市 历下区' : null)
    expect(reasonText(r, zh, { regionName })).toBe('与需求方同在山东省 济南市 历下区')
    expect(reasonText(r, enT, { regionName })).toBe('In the same region as the demand: 山东省 济南市 历下区')
    expect(reasonText(r, zh)).toBe('与需求方同在370102')
  })

  it('words a listing with its kind, price or 面议, and TRL', () => {
    expect(reasonText(reason('listed', { kind: 'exclusive_licence', price_fen: null, trl: 5 }), zh)).toBe('已挂牌：独占许可，面议，TRL 5')
    expect(reasonText(reason('listed', { kind: 'transfer', price_fen: 180_000_000, trl: 7 }), zh)).toBe('已挂牌：转让，1,800,000.00 元，TRL 7')
    expect(reasonText(reason('listed', { kind: 'open_licence', price_fen: 2_000_000, trl: 8 }), enT)).toBe(
      'Listed: Open licence, CNY 20,000.00, TRL 8',
    )
    // A kind this app does not know is shown as sent.
    expect(reasonText(reason('listed', { kind: 'barter', trl: 3 }), zh)).toBe('已挂牌：barter，面议，TRL 3')
  })

  it('words a price within the budget', () => {
    const r = reason('within_budget', { price_fen: 100, budget_fen: 200 })
    expect(reasonText(r, zh)).toBe('报价在预算之内')
    expect(reasonText(r, enT)).toBe('The price is within the budget')
  })

  it('names the holder type', () => {
    expect(reasonText(reason('holder_type', { type: 'university' }), zh)).toBe('权利人为高校')
    expect(reasonText(reason('holder_type', { type: 'research_institute' }), zh)).toBe('权利人为科研院所')
    expect(reasonText(reason('holder_type', { type: 'enterprise' }), enT)).toBe('The holder is an enterprise')
  })

  it('gives text similarity in per cent', () => {
    expect(reasonText(reason('similar_text', { similarity: 0.43 }), zh)).toBe('文本相似度 43%')
    expect(reasonText(reason('similar_text', { similarity: 0.436 }), enT)).toBe('Text similarity 44%')
    // The server sends whole per cent.
    expect(reasonText(reason('similar_text', { similarity: 43 }), zh)).toBe('文本相似度 43%')
  })

  it('shows the server’s text for a code it does not know', () => {
    expect(reasonText(reason('cited_by_demand', { x: 1 }, 'The demand cites it'), zh)).toBe('The demand cites it')
    expect(reasonText({ code: 'future', params: undefined as unknown as Record<string, unknown>, text: 'Later' }, zh)).toBe('Later')
  })

  it('shows the server’s text when the params are not what the code promises', () => {
    expect(reasonText(reason('shared_terms', { terms: [] }, 'Shares nothing'), zh)).toBe('Shares nothing')
    expect(reasonText(reason('shared_terms', {}, 'a'), zh)).toBe('a')
    expect(reasonText(reason('shared_class', { ipc: 'H01M' }, 'b'), zh)).toBe('b')
    expect(reasonText(reason('same_region', {}, 'c'), zh)).toBe('c')
    expect(reasonText(reason('listed', { kind: 'transfer' }, 'd'), zh)).toBe('d')
    expect(reasonText(reason('listed', { kind: 'transfer', trl: 5, price_fen: 'cheap' }, 'e'), zh)).toBe('e')
    expect(reasonText(reason('holder_type', { type: 'martian' }, 'f'), zh)).toBe('f')
    expect(reasonText(reason('similar_text', { similarity: 143 }, 'g'), zh)).toBe('g')
    expect(reasonText(reason('similar_text', { similarity: -0.2 }, 'h'), zh)).toBe('h')
    expect(reasonText(reason('similar_text', { similarity: 42.5 }, 'i'), zh)).toBe('i')
  })

  it('has a sentence for every code and holder type in both languages', () => {
    for (const messages of [zhCN, en]) {
      expect(Object.keys(messages.matching.reasons).filter((k) => k !== 'termSeparator').sort()).toEqual([...REASON_CODES].sort())
      expect(Object.keys(messages.matching.holderTypes).sort()).toEqual([...HOLDER_TYPES].sort())
    }
  })
})

describe('reasonRegionCodes', () => {
  it('collects the regions of same_region reasons once each', () => {
    const lists = [
      [reason('same_region', { region_code: '370102' }), reason('shared_terms', { terms: ['a'] })],
      [reason('same_region', { region_code: '370102' }), reason('same_region', { region_code: '370200' })],
      [reason('same_region', {})],
    ]
    expect(reasonRegionCodes(lists)).toEqual(['370102', '370200'])
  })
})

describe('who sees matches and notices', () => {
  const open = { org_id: 3, workflow: { state: 'open' } } as Parameters<typeof canRefreshMatches>[0]
  const draft = { org_id: 3, workflow: { state: 'draft' } } as Parameters<typeof canRefreshMatches>[0]
  const poster = { role: 'member', organization_id: 3 } as const
  const other = { role: 'org_admin', organization_id: 4 } as const

  it('shows an open demand’s matches to logged-in users', () => {
    expect(canSeeMatches(open, poster)).toBe(true)
    expect(canSeeMatches(open, other)).toBe(true)
    expect(canSeeMatches(open, null)).toBe(false)
    expect(canSeeMatches(draft, poster)).toBe(false)
  })

  it('lets the poster match again', () => {
    expect(canRefreshMatches(open, poster)).toBe(true)
    expect(canRefreshMatches(open, other)).toBe(false)
    expect(canRefreshMatches(draft, poster)).toBe(false)
  })

  it('keeps notices for members of an organisation', () => {
    expect(hasNoticeInbox(poster)).toBe(true)
    expect(hasNoticeInbox({ role: 'official', organization_id: null })).toBe(false)
    expect(hasNoticeInbox(null)).toBe(false)
  })

  it('reads the inbox filter from the URL', () => {
    expect(noticeFilterFromQuery('all')).toBe('all')
    expect(noticeFilterFromQuery(['all'])).toBe('all')
    expect(noticeFilterFromQuery('x')).toBe('unread')
    expect(noticeFilterFromQuery(undefined)).toBe('unread')
  })
})

describe('notices', () => {
  const notice = (id: number, read_at: number | null) => ({
    id,
    kind: 'patent_match',
    demand_id: 1,
    demand_title: 'd',
    publication_number: 'CN1B',
    listing_id: null,
    created_at: 0,
    read_at,
  })

  it('counts the unread ones: the server’s count, else from the items', () => {
    expect(unreadNotices({ items: [], unread: 4 }, true)).toBe(4)
    expect(unreadNotices({ items: [notice(1, null), notice(2, null)] }, true)).toBe(2)
    expect(unreadNotices({ items: [notice(1, null), notice(2, 5), notice(3, null)] }, false)).toBe(2)
  })

  it('finds the patent’s title under either name', () => {
    expect(noticePatentTitle({ title: '浮标' })).toBe('浮标')
    expect(noticePatentTitle({ patent_title: '浮标系统' })).toBe('浮标系统')
    expect(noticePatentTitle({})).toBe('')
  })

  it('names every kind it knows in both locales, and no other', () => {
    for (const messages of [zhCN, en]) expect(Object.keys(messages.matching.notices.kinds).sort()).toEqual([...NOTICE_KINDS].sort())
    expect(noticeKindKey('patent_match')).toBe('matching.notices.kinds.patent_match')
    expect(noticeKindKey('auction')).toBeNull()
  })
})
