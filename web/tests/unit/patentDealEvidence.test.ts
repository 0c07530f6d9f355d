// The deal-evidence card of the valuation area (views/patents/PatentDealEvidence.vue), rendered
// with the API mocked: the patent's own deals — price and deal-room link where the caller may see
// the deal, "visible to the parties only" where not — the comparable figures of a family with
// enough deals and the withheld note of one without, where a relief-from-royalty present value
// falls (below / within / above the middle half), and the not-found and failed states. Also the
// integer rule of lib/dealEvidence.ts. Rendered by Vue's server renderer (Node, no DOM); the card
// waits for its first answer there (onServerPrefetch).
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createSSRApp } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { createPinia, setActivePinia } from 'pinia'
import { createI18n } from 'vue-i18n'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus, { ID_INJECTION_KEY, ZINDEX_INJECTION_KEY } from 'element-plus'
import { ApiError } from '@/api/client'
import type { DealEvidence } from '@/api/types'
import { pricePosition, withFigures } from '@/lib/dealEvidence'
import en from '@/locales/en'
import zhCN from '@/locales/zh-CN'
import PatentDealEvidence from '@/views/patents/PatentDealEvidence.vue'

const dealEvidence = vi.fn<(number: string) => Promise<DealEvidence>>()

vi.mock('@/api/endpoints', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/api/endpoints')>()
  return {
    ...original,
    valuationApi: { ...original.valuationApi, dealEvidence: (number: string) => dealEvidence(number) },
  }
})

const ANSWER: DealEvidence = {
  publication_number: 'CN119999002B',
  title: '一种基于视觉的焊缝跟踪装置及方法',
  ipc_subclass: 'B23K',
  as_of: '2026-11-28',
  min_comparable: 3,
  own_count: 2,
  own: [
    {
      id: 12,
      kind: 'non_exclusive_licence',
      family: 'licence',
      state: 'closed',
      agreed_price_fen: 28_000_000,
      agreed_on: '2026-11-20',
      recorded_event: 'EE01 2026-11-27',
      recorded_on: '2026-11-27',
      visible: true,
    },
    {
      id: null,
      kind: 'transfer',
      family: 'assignment',
      state: 'agreed',
      agreed_price_fen: null,
      agreed_on: '2025-03-02',
      recorded_event: null,
      recorded_on: null,
      visible: false,
    },
  ],
  comparable: [
    {
      family: 'assignment',
      ipc_subclass: 'B23K',
      since: '2023-11-28',
      count: 2,
      min_fen: null,
      p25_fen: null,
      median_fen: null,
      p75_fen: null,
      max_fen: null,
      reason: 'fewer than 3 comparable assignment deals',
    },
    {
      family: 'licence',
      ipc_subclass: 'B23K',
      since: '2023-11-28',
      count: 4,
      min_fen: 5_000_000,
      p25_fen: 10_000_000,
      median_fen: 20_000_000,
      p75_fen: 30_000_000,
      max_fen: 40_000_000,
      reason: null,
    },
  ],
}

async function render(props: Record<string, unknown>, locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<string> {
  const app = createSSRApp(PatentDealEvidence, props)
  const pinia = createPinia()
  setActivePinia(pinia)
  app.use(pinia)
  app.use(createI18n({ legacy: false, locale, messages: { 'zh-CN': zhCN, en } }))
  app.use(ElementPlus)
  app.provide(ID_INJECTION_KEY, { prefix: 1, current: 0 })
  app.provide(ZINDEX_INJECTION_KEY, { current: 0 })
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { render: () => null } },
      { path: '/deals/:id', name: 'deal', component: { render: () => null } },
    ],
  })
  app.use(router)
  await router.push('/')
  return renderToString(app)
}

/** The text of the elements with a test id, in order, tags stripped and whitespace squeezed. */
function texts(html: string, testId: string): string[] {
  const out: string[] = []
  const open = new RegExp(`<(\\w+)[^>]*data-testid="${testId}"[^>]*>`, 'g')
  for (const match of html.matchAll(open)) {
    const tag = match[1]
    const start = match.index + match[0].length
    const end = html.indexOf(`</${tag}>`, start)
    out.push(
      html
        .slice(start, end)
        .replace(/<[^>]+>/g, '')
        .replace(/<!--.*?-->/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
  }
  return out
}

beforeEach(() => {
  dealEvidence.mockReset()
})

describe('pricePosition', () => {
  const quartiles = { p25_fen: 10_000_000, p75_fen: 30_000_000 }
  it('places a value against the middle half, bounds included', () => {
    expect(pricePosition(9_999_999, quartiles)).toBe('below')
    expect(pricePosition(10_000_000, quartiles)).toBe('within')
    expect(pricePosition(30_000_000, quartiles)).toBe('within')
    expect(pricePosition(30_000_001, quartiles)).toBe('above')
    expect(pricePosition(1, { p25_fen: null, p75_fen: null })).toBeNull()
  })
  it('keeps only the families with figures', () => {
    expect(withFigures(ANSWER.comparable).map((c) => c.family)).toEqual(['licence'])
  })
})

describe('PatentDealEvidence', () => {
  it('shows own deals, hiding what the caller may not see, and the comparable figures', async () => {
    dealEvidence.mockResolvedValue(ANSWER)
    const html = await render({ number: 'CN119999002B' })
    expect(dealEvidence).toHaveBeenCalledWith('CN119999002B')
    expect(html).toContain('data-state="done"')
    expect(texts(html, 'deal-evidence-own-count')).toEqual(['共 2 笔已达成协议的交易'])
    expect(texts(html, 'deal-evidence-own-price')).toEqual(['280,000.00 元', '仅交易双方与辖区主管部门可见'])
    expect(html).toContain('href="/deals/12"')
    expect(texts(html, 'deal-evidence-own-link')).toEqual(['查看洽谈'])
    const own = texts(html, 'deal-evidence-own-deal')
    expect(own[0]).toContain('普通许可')
    expect(own[0]).toContain('已完成')
    expect(own[0]).toContain('2026-11-27')
    expect(own[1]).toContain('转让')
    expect(own[1]).toContain('2025-03-02')

    expect(texts(html, 'deal-evidence-scope')[0]).toContain('B23K')
    expect(texts(html, 'deal-evidence-family-count')).toEqual(['2 笔', '4 笔'])
    expect(texts(html, 'deal-evidence-withheld')).toEqual(['不足 3 笔，不显示价格，以免透露单笔成交价'])
    expect(texts(html, 'deal-evidence-median')).toEqual(['中位数200,000.00 元'])
    expect(texts(html, 'deal-evidence-min')).toEqual(['最低50,000.00 元'])
    expect(texts(html, 'deal-evidence-max')).toEqual(['最高400,000.00 元'])
    // No calculation yet: a hint, no position.
    expect(texts(html, 'deal-evidence-royalty-position')).toEqual([])
  })

  it('places the relief-from-royalty value below, within or above the comparable middle half', async () => {
    dealEvidence.mockResolvedValue(ANSWER)
    const within = await render({ number: 'CN119999002B', presentValueFen: 12_345_678 })
    expect(texts(within, 'deal-evidence-royalty-value')).toEqual(['许可费节省法现值 123,456.78 元'])
    expect(within).toContain('data-position="within"')
    expect(texts(within, 'deal-evidence-royalty-position')).toEqual([
      '位于许可（含开放许可）成交价的 25%–75% 分位之间（100,000.00–300,000.00 元）',
    ])
    const below = await render({ number: 'CN119999002B', presentValueFen: 9_999_999 })
    expect(below).toContain('data-position="below"')
    const above = await render({ number: 'CN119999002B', presentValueFen: 30_000_001 }, 'en')
    expect(above).toContain('data-position="above"')
    expect(texts(above, 'deal-evidence-royalty-position')).toEqual([
      'Above the 75th percentile of Licences (open licences included) (300,000.00 yuan)',
    ])
  })

  it('says when no comparable family gives figures', async () => {
    dealEvidence.mockResolvedValue({ ...ANSWER, comparable: [ANSWER.comparable[0]], own: [], own_count: 0 })
    const html = await render({ number: 'CN119999002B', presentValueFen: 1_000 })
    expect(texts(html, 'deal-evidence-own-none')).toEqual(['本专利尚无达成协议的交易'])
    expect(texts(html, 'deal-evidence-royalty-none')).toEqual(['可比交易不足，无法比较'])
  })

  it('tells an unknown patent from a failure', async () => {
    dealEvidence.mockRejectedValue(new ApiError({ status: 404, title: 'Not Found', detail: 'no patent' }))
    expect(await render({ number: 'CN1B' })).toContain('data-testid="deal-evidence-not-found"')
    dealEvidence.mockRejectedValue(new ApiError({ status: 500, title: 'Internal', detail: 'boom' }))
    const failed = await render({ number: 'CN1B' })
    expect(failed).toContain('data-testid="deal-evidence-error"')
    expect(failed).toContain('data-testid="deal-evidence-retry"')
  })
})
