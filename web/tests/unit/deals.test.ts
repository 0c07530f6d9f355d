import { describe, expect, it } from 'vitest'
import { contractPdfUrl, type Deal, type DealMessage, type DealOffer } from '@/api/deals'
import type { Listing, WorkflowAction, WorkflowInfo } from '@/api/market'
import en from '@/locales/en'
import zhCN from '@/locales/zh-CN'
import {
  DEAL_STATES,
  DEAL_TRANSITIONS,
  acceptButton,
  buttonFlow,
  canAccept,
  canOffer,
  canStartDeal,
  canWrite,
  counterpartName,
  counterpartSide,
  dealActionButtons,
  dealListQueryFromState,
  dealListStateFromQuery,
  dealStateKey,
  dealTabs,
  dealTimeline,
  dealTransitionKey,
  emptyOfferForm,
  hasProblems,
  isCounterOffer,
  offerProblems,
  offerRequest,
  standingOffer,
  textProblem,
} from '@/lib/deals'

function action(transition: string, extra: Partial<WorkflowAction> = {}): WorkflowAction {
  return {
    transition,
    to: 'agreed',
    permitted: true,
    allowed: true,
    blocked_by: '',
    reason_required: false,
    label_zh: `zh:${transition}`,
    label_en: `en:${transition}`,
    ...extra,
  }
}

function workflow(state: string, actions: WorkflowAction[] = [], final = false): WorkflowInfo {
  return { state, final, version: 4, created_at: 1, state_since: 2, history: [], actions }
}

function message(id: number, at: number, side: 'buyer' | 'seller', text = `m${id}`): DealMessage {
  return { id, side, org_name: side === 'buyer' ? '舜耕新材' : '海滨理工', author: `${side}-user`, text, created_at: at }
}

function offer(id: number, at: number, side: 'buyer' | 'seller', status: DealOffer['status'], price: number | null = 100): DealOffer {
  return { id, side, org_name: side === 'buyer' ? '舜耕新材' : '海滨理工', author: `${side}-user`, price_fen: price, terms: '', created_at: at, status }
}

function deal(extra: Partial<Deal> = {}): Deal {
  return {
    id: 5,
    listing_id: 3,
    listing_title: '海洋浮标独占许可',
    publication_number: 'CN119999004B',
    patent_title: '一种海洋监测浮标的低功耗数据采集系统',
    kind: 'exclusive_licence',
    demand_id: null,
    region_code: '370202',
    buyer: { org_id: 6, name: '济南舜耕新材料科技有限公司' },
    seller: { org_id: 8, name: '青岛海滨理工大学' },
    lister: { org_id: 8, name: '青岛海滨理工大学' },
    asking_price_fen: null,
    agreed_price_fen: null,
    agreed_terms: '',
    agreed_at: null,
    recordal_number: '',
    recorded_event: '',
    created_at: 1,
    updated_at: 2,
    side: 'buyer',
    state: 'negotiating',
    version: 4,
    workflow: workflow('negotiating', [action('agree'), action('withdraw', { to: 'withdrawn', reason_required: true })]),
    offers: [],
    messages: [],
    contract: null,
    ...extra,
  }
}

describe('names', () => {
  it('has a locale key for every state and transition, in both languages', () => {
    const zh = zhCN.deals
    const english = en.deals
    for (const state of DEAL_STATES) {
      expect(dealStateKey(state)).toBe(`deals.states.${state}`)
      expect(zh.states[state]).toBeTruthy()
      expect(english.states[state]).toBeTruthy()
    }
    for (const transition of DEAL_TRANSITIONS) {
      expect(dealTransitionKey(transition)).toBe(`deals.transitions.${transition}`)
      expect(zh.transitions[transition]).toBeTruthy()
      expect(english.transitions[transition]).toBeTruthy()
    }
    expect(dealStateKey('mystery')).toBeNull()
    expect(dealTransitionKey('mystery')).toBeNull()
  })

  it('names the counterpart as the caller sees the deal', () => {
    expect(counterpartName(deal({ side: 'buyer' }))).toBe('青岛海滨理工大学')
    expect(counterpartName(deal({ side: 'seller' }))).toBe('济南舜耕新材料科技有限公司')
    expect(counterpartName(deal({ side: 'official' }))).toBe('济南舜耕新材料科技有限公司 ↔ 青岛海滨理工大学')
    expect(counterpartSide(deal({ side: 'buyer' }))).toBe('seller')
    expect(counterpartSide(deal({ side: 'seller' }))).toBe('buyer')
    expect(counterpartSide(deal({ side: 'official' }))).toBeNull()
  })

  it('links the contract PDF under the API', () => {
    expect(contractPdfUrl(5)).toBe('/api/v1/deals/5/contract.pdf')
  })
})

describe('tabs and the list state in the URL', () => {
  it('gives members their own deals and officials their region', () => {
    expect(dealTabs(null)).toEqual([])
    expect(dealTabs({ role: 'org_admin', organization_id: 6 })).toEqual(['mine'])
    expect(dealTabs({ role: 'official', organization_id: 2 })).toEqual(['region'])
    expect(dealTabs({ role: 'platform_admin', organization_id: null })).toEqual([])
  })

  it('reads and writes the query, dropping defaults and unknown values', () => {
    expect(dealListStateFromQuery({})).toEqual({ tab: 'mine', state: '', page: 1 })
    expect(dealListStateFromQuery({ tab: 'region', state: 'agreed', page: '3' })).toEqual({ tab: 'region', state: 'agreed', page: 3 })
    expect(dealListStateFromQuery({ tab: 'x', state: 'nope', page: '-1' })).toEqual({ tab: 'mine', state: '', page: 1 })
    expect(dealListQueryFromState({ tab: 'mine', state: '', page: 1 })).toEqual({})
    expect(dealListQueryFromState({ tab: 'region', state: 'closed', page: 2 })).toEqual({ tab: 'region', state: 'closed', page: '2' })
  })
})

describe('starting a deal from a listing', () => {
  const listing = (extra: Partial<Listing> = {}) =>
    ({ kind: 'exclusive_licence', holder_org_id: 8, lister_org_id: 8, workflow: workflow('published'), ...extra }) as Listing

  it('is offered to a member of another organisation on a published listing', () => {
    expect(canStartDeal(listing(), { role: 'org_admin', organization_id: 6 })).toBe(true)
  })

  it('is hidden from the holder, the lister, visitors and users without an organisation', () => {
    expect(canStartDeal(listing(), { role: 'org_admin', organization_id: 8 })).toBe(false)
    expect(canStartDeal(listing({ lister_org_id: 9 }), { role: 'practitioner', organization_id: 9 })).toBe(false)
    expect(canStartDeal(listing(), null)).toBe(false)
    expect(canStartDeal(listing(), { role: 'platform_admin', organization_id: null })).toBe(false)
  })

  it('is hidden for a pledge and for a listing not published', () => {
    expect(canStartDeal(listing({ kind: 'pledge' }), { role: 'org_admin', organization_id: 6 })).toBe(false)
    expect(canStartDeal(listing({ workflow: workflow('pending_review') }), { role: 'org_admin', organization_id: 6 })).toBe(false)
    expect(canStartDeal(listing({ workflow: workflow('closed', [], true) }), { role: 'org_admin', organization_id: 6 })).toBe(false)
  })
})

describe('the negotiation timeline', () => {
  it('interleaves messages and offers by time, a message first at the same millisecond', () => {
    const d = deal({
      messages: [message(1, 100, 'buyer'), message(2, 300, 'seller'), message(3, 500, 'buyer')],
      offers: [offer(1, 300, 'seller', 'superseded'), offer(2, 400, 'buyer', 'open')],
    })
    expect(dealTimeline(d).map((e) => e.key)).toEqual(['m1', 'm2', 'o1', 'o2', 'm3'])
  })

  it('keeps the server order of one kind at the same millisecond', () => {
    const d = deal({ messages: [message(7, 100, 'buyer'), message(4, 100, 'seller')] })
    expect(dealTimeline(d).map((e) => e.key)).toEqual(['m4', 'm7'])
  })

  it('names the organisation of a side from the deal when an entry does not', () => {
    const bare = { ...message(1, 100, 'seller'), org_name: undefined }
    const [entry] = dealTimeline(deal({ messages: [bare] }))
    expect(entry.org_name).toBe('青岛海滨理工大学')
    expect(entry.author).toBe('seller-user')
  })

  it('marks only the standing (newest open) offer', () => {
    const d = deal({ offers: [offer(1, 100, 'seller', 'superseded'), offer(2, 200, 'buyer', 'open')] })
    expect(standingOffer(d)?.id).toBe(2)
    const standing = dealTimeline(d).filter((e) => e.type === 'offer' && e.standing)
    expect(standing.map((e) => e.key)).toEqual(['o2'])
  })

  it('has no standing offer once accepted, or before any', () => {
    expect(standingOffer(deal({ offers: [offer(1, 100, 'seller', 'accepted')] }))).toBeNull()
    expect(standingOffer(deal({ offers: undefined }))).toBeNull()
    expect(dealTimeline(deal({ offers: undefined, messages: undefined }))).toEqual([])
  })
})

describe('accepting the standing offer', () => {
  const sellerOffer = [offer(1, 100, 'seller', 'open')]

  it('is offered to the other side only', () => {
    expect(canAccept(deal({ side: 'buyer', offers: sellerOffer }))).toBe(true)
    expect(canAccept(deal({ side: 'seller', offers: sellerOffer }))).toBe(false)
    expect(canAccept(deal({ side: 'seller', offers: [offer(2, 100, 'buyer', 'open')] }))).toBe(true)
  })

  it('is not offered to an official, without a standing offer, or outside negotiation', () => {
    expect(canAccept(deal({ side: 'official', offers: sellerOffer }))).toBe(false)
    expect(canAccept(deal({ side: null, offers: sellerOffer }))).toBe(false)
    expect(canAccept(deal({ offers: [offer(1, 100, 'seller', 'superseded')] }))).toBe(false)
    expect(canAccept(deal({ offers: sellerOffer, workflow: workflow('inquiry', [action('agree')]) }))).toBe(false)
  })

  it('needs the server to list agree among the actions', () => {
    expect(canAccept(deal({ offers: sellerOffer, workflow: workflow('negotiating', [action('withdraw')]) }))).toBe(false)
    expect(canAccept(deal({ offers: sellerOffer, workflow: workflow('negotiating', [action('agree', { permitted: false })]) }))).toBe(false)
  })

  it('carries the agree action as its button, disabled with the reason when blocked', () => {
    const blocked = deal({ offers: sellerOffer, workflow: workflow('negotiating', [action('agree', { allowed: false, blocked_by: 'offer_standing' })]) })
    expect(acceptButton(blocked, 'zh-CN')).toMatchObject({ transition: 'agree', enabled: false, blockedBy: 'offer_standing', label: 'zh:agree' })
    expect(acceptButton(deal({ workflow: workflow('negotiating', []) }), 'en')).toBeNull()
  })

  it('calls the next offer a counter-offer when the other side made the standing one', () => {
    expect(isCounterOffer(deal({ side: 'buyer', offers: sellerOffer }))).toBe(true)
    expect(isCounterOffer(deal({ side: 'seller', offers: sellerOffer }))).toBe(false)
    expect(isCounterOffer(deal({ side: 'buyer', offers: [] }))).toBe(false)
  })
})

describe('the composer', () => {
  it('lets parties write until a final state, and offer while negotiating', () => {
    expect(canWrite(deal())).toBe(true)
    expect(canOffer(deal())).toBe(true)
    expect(canWrite(deal({ workflow: workflow('inquiry') }))).toBe(true)
    expect(canOffer(deal({ workflow: workflow('inquiry') }))).toBe(false)
    expect(canOffer(deal({ workflow: workflow('agreed') }))).toBe(false)
    expect(canWrite(deal({ workflow: workflow('withdrawn', [], true) }))).toBe(false)
    expect(canWrite(deal({ side: 'official' }))).toBe(false)
  })

  it('reads the price in yuan as integer fen, exactly', () => {
    expect(offerRequest({ price: '120,000', negotiable: false, terms: ' 五年 ' })).toEqual({ price_fen: 12_000_000, terms: '五年' })
    expect(offerRequest({ price: '19.99', negotiable: false, terms: '' })).toEqual({ price_fen: 1999, terms: '' })
    expect(offerRequest({ price: '¥0.1', negotiable: false, terms: '' })).toEqual({ price_fen: 10, terms: '' })
  })

  it('sends null for 面议, ignoring a typed price', () => {
    expect(offerRequest({ price: '5', negotiable: true, terms: '入门费加提成' })).toEqual({ price_fen: null, terms: '入门费加提成' })
  })

  it('refuses a missing or unreadable price, and a negotiable offer without terms', () => {
    expect(offerProblems(emptyOfferForm())).toEqual({ price: { kind: 'required' } })
    expect(offerProblems({ price: '12.345', negotiable: false, terms: '' })).toEqual({ price: { kind: 'price', reason: 'decimals' } })
    expect(offerProblems({ price: '-5', negotiable: false, terms: '' })).toEqual({ price: { kind: 'price', reason: 'negative' } })
    expect(offerProblems({ price: '', negotiable: true, terms: ' ' })).toEqual({ empty: true })
    expect(hasProblems(offerProblems({ price: '100', negotiable: false, terms: '' }))).toBe(false)
    expect(hasProblems(offerProblems({ price: '', negotiable: true, terms: '面谈' }))).toBe(false)
    expect(() => offerRequest({ price: 'abc', negotiable: false, terms: '' })).toThrow()
  })

  it('checks messages and recordal numbers for text and length', () => {
    expect(textProblem('  ')).toBe('required')
    expect(textProblem('你好')).toBeNull()
    expect(textProblem('x'.repeat(4001))).toBe('tooLong')
    expect(textProblem('X2026370000000123', 40)).toBeNull()
  })
})

describe('workflow buttons', () => {
  it('shows one button per permitted action, agree left to the offer', () => {
    const wf = workflow('negotiating', [
      action('agree'),
      action('withdraw', { to: 'withdrawn', reason_required: true }),
      action('respond', { permitted: false }),
    ])
    const buttons = dealActionButtons(wf, 'zh-CN')
    expect(buttons.map((b) => b.transition)).toEqual(['withdraw'])
    expect(buttons[0]).toMatchObject({ label: 'zh:withdraw', type: 'warning', reasonRequired: true, final: true })
  })

  it('disables a blocked action with its reason and shows none in a final state', () => {
    const wf = workflow('recordal_filed', [action('record', { to: 'recorded', allowed: false, blocked_by: 'recordal_on_register' })])
    expect(dealActionButtons(wf, 'en')).toEqual([
      { transition: 'record', label: 'en:record', enabled: false, blockedBy: 'recordal_on_register', reasonRequired: false, final: false, type: 'success' },
    ])
    expect(dealActionButtons(workflow('closed', [action('close', { to: 'closed' })], true), 'en')).toEqual([])
  })

  it('asks for the recordal number, a reason, or a confirmation as each action needs', () => {
    const [respond, fileRecordal, withdraw, close] = dealActionButtons(
      workflow('x', [
        action('respond', { to: 'negotiating' }),
        action('file_recordal', { to: 'recordal_filed' }),
        action('withdraw', { to: 'withdrawn', reason_required: true }),
        action('close', { to: 'closed' }),
      ]),
      'zh-CN',
    )
    expect(buttonFlow(respond)).toBe('direct')
    expect(buttonFlow(fileRecordal)).toBe('recordal')
    expect(buttonFlow(withdraw)).toBe('reason')
    expect(buttonFlow(close)).toBe('confirm')
  })
})
