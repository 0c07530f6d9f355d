// The demand page's matches panel (views/demands/DemandMatches.vue), rendered with the API
// mocked: ranked patents with their scores, links to the patent and the listing, the 已挂牌 tag,
// the 新 badge, the reasons in words, the refresh button for the poster only, and the empty and
// failed states; and the patent page's demands (views/patents/PatentDemandMatches.vue), left
// out when there are none. Rendered by Vue's server renderer (the unit tests run in Node,
// without a DOM); the panels wait for their first answer there (onServerPrefetch).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createSSRApp, type Component } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { createPinia, setActivePinia } from 'pinia'
import { createI18n } from 'vue-i18n'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus, { ID_INJECTION_KEY, ZINDEX_INJECTION_KEY } from 'element-plus'
import type { Demand } from '@/api/demands'
import type {
  DemandMatches as DemandMatchesAnswer,
  HolderDemandMatches as HolderDemandsAnswer,
  PatentDemandMatches as PatentDemandsAnswer,
} from '@/api/matching'
import type { User } from '@/api/types'
import en from '@/locales/en'
import zhCN from '@/locales/zh-CN'
import { useAuthStore } from '@/stores/auth'
import DemandMatches from '@/views/demands/DemandMatches.vue'
import PatentDemandMatches from '@/views/patents/PatentDemandMatches.vue'

const demandMatches = vi.fn<(id: number | string) => Promise<DemandMatchesAnswer>>()
const patentDemands = vi.fn<(number: string) => Promise<PatentDemandsAnswer>>()
const holderDemands = vi.fn<() => Promise<HolderDemandsAnswer>>()

vi.mock('@/api/matching', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/api/matching')>()
  return {
    ...original,
    matchingApi: {
      ...original.matchingApi,
      demandMatches: (id: number | string) => demandMatches(id),
      patentDemands: (number: string) => patentDemands(number),
      holderDemands: () => holderDemands(),
    },
  }
})

// Region names are looked up after the first render; the test needs no answer from them.
vi.mock('@/api/endpoints', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/api/endpoints')>()
  return { ...original, regionsApi: { ...original.regionsApi, get: () => new Promise(() => {}) } }
})

const DEMAND = {
  id: 7,
  title: '海洋监测浮标低功耗数据采集',
  org_id: 3,
  workflow: { state: 'open' },
} as unknown as Demand

const ANSWER: DemandMatchesAnswer = {
  demand_id: 7,
  took_ms: 12.3,
  items: [
    {
      publication_number: 'CN119999004B',
      title: '一种海洋监测浮标的低功耗数据采集系统',
      applicants: ['青岛海滨理工大学'],
      ipc_main: 'G01C 13/00',
      legal_status: 'valid',
      score: 87,
      listing: {
        id: 4,
        kind: 'exclusive_licence',
        price_fen: null,
        trl: 5,
        region_code: '370200',
        holder_org_id: 5,
        holder_org_name: '青岛海滨理工大学',
      },
      reasons: [
        { code: 'shared_terms', params: { terms: ['海洋监测', '浮标', '低功耗'] }, text: 'Shares the terms' },
        { code: 'listed', params: { kind: 'exclusive_licence', price_fen: null, trl: 5 }, text: 'Listed' },
        { code: 'holder_type', params: { type: 'university' }, text: 'University' },
        { code: 'claims_cited', params: {}, text: 'A reason the app does not know' },
      ],
      new: true,
    },
    {
      publication_number: 'CN115000001A',
      title: '一种浮标供电装置',
      applicants: [],
      ipc_main: '',
      legal_status: 'pending',
      score: 41,
      listing: null,
      reasons: [{ code: 'similar_text', params: { similarity: 0.31 }, text: 'Similar' }],
      new: false,
    },
  ],
}

function user(organizationId: number): User {
  return {
    id: 1,
    username: 'u',
    display_name: 'U',
    role: 'org_admin',
    organization_id: organizationId,
    organization_name: null,
    region_code: null,
    region_name: null,
    email: null,
    disabled: false,
    created_at: 0,
  }
}

interface RenderOptions {
  organizationId?: number
  locale?: 'zh-CN' | 'en'
  component?: Component
  props?: Record<string, unknown>
}

async function render(options: RenderOptions = {}): Promise<string> {
  const app = createSSRApp(options.component ?? DemandMatches, options.props ?? { demand: DEMAND })
  const pinia = createPinia()
  setActivePinia(pinia)
  app.use(pinia)
  useAuthStore().updateUser(user(options.organizationId ?? 3))
  app.use(createI18n({ legacy: false, locale: options.locale ?? 'zh-CN', messages: { 'zh-CN': zhCN, en } }))
  app.use(ElementPlus)
  app.provide(ID_INJECTION_KEY, { prefix: 1, current: 0 })
  app.provide(ZINDEX_INJECTION_KEY, { current: 0 })
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { render: () => null } },
      { path: '/patents/:number', name: 'patent', component: { render: () => null } },
      { path: '/market/listings/:id', name: 'market-listing', component: { render: () => null } },
      { path: '/demands/:id', name: 'demand', component: { render: () => null } },
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
    // The element's own closing tag (these elements do not nest their own kind).
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
  demandMatches.mockReset()
  patentDemands.mockReset()
  holderDemands.mockReset()
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe('DemandMatches', () => {
  it('lists the ranked patents with score, links, listing tag, new badge and reasons', async () => {
    demandMatches.mockResolvedValue(ANSWER)
    const html = await render()
    expect(demandMatches).toHaveBeenCalledWith(7)

    expect(html).toContain('匹配结果')
    expect([...html.matchAll(/data-testid="match" data-number="([^"]+)" data-score="(\d+)"/g)].map((m) => [m[1], m[2]])).toEqual([
      ['CN119999004B', '87'],
      ['CN115000001A', '41'],
    ])
    expect(texts(html, 'match-score')).toEqual(['87', '41'])
    expect(texts(html, 'match-title')).toEqual(['一种海洋监测浮标的低功耗数据采集系统', '一种浮标供电装置'])
    expect(html).toMatch(/href="\/patents\/CN119999004B"[^>]*data-testid="match-title"/)
    expect(html).toMatch(/href="\/market\/listings\/4"[^>]*data-testid="match-listing-link"/)
    expect(texts(html, 'match-listing-link')).toEqual(['查看挂牌'])
    expect(texts(html, 'match-listed')).toEqual(['已挂牌 · 独占许可 · 面议 · TRL 5'])
    expect(texts(html, 'match-new')).toEqual(['新'])
    expect(texts(html, 'match-reason')).toEqual([
      '共有技术词：海洋监测、浮标、低功耗',
      '已挂牌：独占许可，面议，TRL 5',
      '权利人为高校',
      'A reason the app does not know',
      '文本相似度 31%',
    ])
    expect(texts(html, 'demand-matches-took')).toEqual(['用时 12 毫秒'])
    // The poster may match again.
    expect(html).toContain('data-testid="demand-matches-refresh"')
  })

  it('speaks English when the app does', async () => {
    demandMatches.mockResolvedValue(ANSWER)
    const html = await render({ locale: 'en' })
    expect(html).toContain('Matches')
    expect(texts(html, 'match-listed')).toEqual(['Listed · Exclusive licence · Negotiable · TRL 5'])
    expect(texts(html, 'match-reason')[0]).toBe('Shares the terms: 海洋监测, 浮标, 低功耗')
    expect(texts(html, 'match-new')).toEqual(['New'])
  })

  it('offers no refresh to others than the poster', async () => {
    demandMatches.mockResolvedValue(ANSWER)
    const html = await render({ organizationId: 9 })
    expect(html).not.toContain('data-testid="demand-matches-refresh"')
    expect(texts(html, 'match-score')).toEqual(['87', '41'])
  })

  it('says when nothing matches', async () => {
    demandMatches.mockResolvedValue({ demand_id: 7, took_ms: 3, items: [] })
    const html = await render()
    expect(texts(html, 'demand-matches-empty')).toEqual(['暂无匹配的专利'])
    expect(html).not.toContain('data-testid="match"')
  })

  it('says why the matches could not be loaded', async () => {
    const { ApiError } = await import('@/api/client')
    demandMatches.mockRejectedValue(new ApiError({ status: 500, title: 'Internal', detail: 'the index is rebuilding' }))
    const html = await render()
    expect(html).toContain('data-testid="demand-matches-error"')
    expect(html).toContain('匹配结果加载失败')
    expect(html).not.toContain('data-testid="demand-matches-empty"')
  })
})

describe('PatentDemandMatches', () => {
  const renderPatentDemands = () => render({ component: PatentDemandMatches, props: { number: 'CN119999004B' } })

  it('lists the open demands the patent answers, with the reasons', async () => {
    patentDemands.mockResolvedValue({
      publication_number: 'CN119999004B',
      items: [
        {
          demand_id: 12,
          title: '海洋监测浮标低功耗数据采集需求',
          org_name: '舜耕新材',
          region_code: '370103',
          deadline: '2027-06-30',
          budget_fen: 80_000_000,
          score: 76,
          reasons: [
            { code: 'shared_terms', params: { terms: ['浮标', '低功耗'] }, text: 'Shares the terms' },
            { code: 'within_budget', params: { price_fen: null, budget_fen: 80_000_000 }, text: 'Within budget' },
          ],
        },
      ],
    })
    const html = await renderPatentDemands()
    expect(patentDemands).toHaveBeenCalledWith('CN119999004B')
    expect(html).toContain('需求匹配')
    expect(texts(html, 'patent-demand-title')).toEqual(['海洋监测浮标低功耗数据采集需求'])
    expect(html).toMatch(/href="\/demands\/12"[^>]*data-testid="patent-demand-title"/)
    expect(texts(html, 'patent-demand-org')).toEqual(['舜耕新材'])
    expect(texts(html, 'patent-demand-score')).toEqual(['76'])
    expect(texts(html, 'match-reason')).toEqual(['共有技术词：浮标、低功耗', '报价在预算之内'])
    expect(html).toContain('800,000.00 元')
  })

  it('is left out when no demand needs the patent', async () => {
    patentDemands.mockResolvedValue({ publication_number: 'CN119999004B', items: [] })
    expect(await renderPatentDemands()).not.toContain('patent-demand-matches')
  })

  it('is left out for a patent matching does not know', async () => {
    const { ApiError } = await import('@/api/client')
    patentDemands.mockRejectedValue(new ApiError({ status: 404, title: 'Not Found', detail: 'no such patent' }))
    expect(await renderPatentDemands()).not.toContain('patent-demand-matches')
  })
})

describe('PatentDemandMatches for the organisation (no number)', () => {
  it('lists the open demands its patents answer, each with the patent that answers it', async () => {
    holderDemands.mockResolvedValue({
      org_id: 2,
      org_name: '青岛海滨理工大学',
      patents: 3,
      items: [
        {
          demand_id: 12,
          title: '海洋监测浮标低功耗数据采集需求',
          org_name: '舜耕新材',
          region_code: '370103',
          deadline: '2027-06-30',
          budget_fen: null,
          score: 66,
          reasons: [{ code: 'shared_terms', params: { terms: ['浮标'] }, text: 'Shares the terms' }],
          publication_number: 'CN119999004B',
          patent_title: '一种海洋监测浮标的低功耗数据采集系统',
        },
      ],
    })
    const html = await render({ component: PatentDemandMatches, props: {} })
    expect(holderDemands).toHaveBeenCalledTimes(1)
    expect(patentDemands).not.toHaveBeenCalled()
    expect(html).toContain('data-testid="holder-demand-matches"')
    expect(html).toContain('本单位专利可满足的需求')
    expect(texts(html, 'patent-demand-title')).toEqual(['海洋监测浮标低功耗数据采集需求'])
    expect(html).toMatch(/data-testid="holder-demand-patent"[\s\S]*href="\/patents\/CN119999004B"/)
    expect(html).toContain('一种海洋监测浮标的低功耗数据采集系统')
    expect(texts(html, 'match-reason')).toEqual(['共有技术词：浮标'])
  })

  it('is left out when none of its patents answers a demand', async () => {
    holderDemands.mockResolvedValue({ org_id: 2, org_name: '青岛海滨理工大学', patents: 3, items: [] })
    expect(await render({ component: PatentDemandMatches, props: {} })).not.toContain('holder-demand-matches')
  })
})
