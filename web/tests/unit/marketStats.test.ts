// The marketplace statistics page's data (lib/marketStats.ts), with the API mocked: the page
// state in the URL and the request it makes, deal value from fen to 万元, the totals cards, the
// chart's series by month, the child-region rows (the region's own records last) and the
// industry rows, and the region trail from the caller's region down.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { MarketCounts, MarketStatistics, MarketStatisticsQuery } from '@/api/marketStats'
import {
  PLATFORM_REGION,
  canReadMarketStats,
  childRows,
  fenToWan,
  fenToWanNumber,
  loadMarketStats,
  monthsBefore,
  regionTrail,
  rootRegion,
  statsQueryFromState,
  statsRequest,
  statsStateFromQuery,
  totalCards,
} from '@/lib/marketStats'

const get = vi.fn<(query: MarketStatisticsQuery) => Promise<MarketStatistics>>()

vi.mock('@/api/marketStats', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/api/marketStats')>()
  return { ...original, marketStatsApi: { get: (query: MarketStatisticsQuery) => get(query) } }
})

const ZERO: MarketCounts = { listings: 0, demands: 0, matches: 0, deals_opened: 0, deals_agreed: 0, deals_recorded: 0, deal_value_fen: 0 }
const counts = (c: Partial<MarketCounts>): MarketCounts => ({ ...ZERO, ...c })

const ANSWER: MarketStatistics = {
  region: { code: '370000', name: '山东省' },
  from: '2026-09',
  to: '2026-11',
  totals: counts({ listings: 3, demands: 2, matches: 5, deals_opened: 2, deals_agreed: 1, deals_recorded: 1, deal_value_fen: 123_456_789 }),
  // out of order on purpose: the chart sorts by month
  by_month: [
    { ...counts({ listings: 2, deal_value_fen: 123_456_789, deals_agreed: 1 }), month: '2026-11' },
    { ...counts({}), month: '2026-09' },
    { ...counts({ listings: 1, demands: 2 }), month: '2026-10' },
  ],
  by_industry: [
    { ...counts({ listings: 2, deal_value_fen: 123_456_789 }), industry: '海洋装备' },
    { ...counts({ listings: 1 }), industry: '' },
  ],
  children: [
    { ...counts({ listings: 1 }), code: '370200', name: '青岛市' },
    { ...counts({ listings: 2, deal_value_fen: 123_456_789 }), code: '370100', name: '济南市' },
  ],
  unplaced: counts({ demands: 1 }),
}

beforeEach(() => {
  get.mockReset()
})

describe('deal value in 万元', () => {
  it('divides fen by a million, rounded to two decimals, grouped', () => {
    expect(fenToWan(123_456_789)).toBe('123.46')
    expect(fenToWan(1_000_000)).toBe('1.00')
    expect(fenToWan(4_999)).toBe('0.00')
    expect(fenToWan(5_000)).toBe('0.01')
    expect(fenToWan(1_234_567_890_000)).toBe('1,234,567.89')
    expect(fenToWan(0)).toBe('0.00')
    expect(fenToWanNumber(123_456_789)).toBe(123.46)
  })
})

describe('page state', () => {
  it('reads the region and months from the URL, dropping what does not read', () => {
    expect(statsStateFromQuery({ region: '370100', from: '2026-01', to: '2026-11' })).toEqual({ region: '370100', from: '2026-01', to: '2026-11' })
    expect(statsStateFromQuery({ region: 'jinan', from: '2026-13', to: '26-11' })).toEqual({ region: '', from: '', to: '' })
    expect(statsStateFromQuery({ from: '2026-11', to: '2026-01' })).toEqual({ region: '', from: '', to: '' })
  })

  it('leaves defaults out of the URL and the request', () => {
    expect(statsQueryFromState({ region: '', from: '', to: '' })).toEqual({})
    expect(statsRequest({ region: '370100', from: '', to: '2026-11' })).toEqual({ region: '370100', to: '2026-11' })
  })

  it('counts months back across years', () => {
    expect(monthsBefore('2026-11', 11)).toBe('2025-12')
    expect(monthsBefore('2026-01', 1)).toBe('2025-12')
    expect(monthsBefore('2026-01', -12)).toBe('2027-01')
  })

  it('is for officials and administrators, starting at their region or the platform', () => {
    expect(canReadMarketStats({ role: 'official' })).toBe(true)
    expect(canReadMarketStats({ role: 'platform_admin' })).toBe(true)
    expect(canReadMarketStats({ role: 'member' })).toBe(false)
    expect(canReadMarketStats(null)).toBe(false)
    expect(rootRegion({ role: 'official', region_code: '370100' })).toBe('370100')
    expect(rootRegion({ role: 'platform_admin', region_code: null })).toBe(PLATFORM_REGION)
  })
})

describe('region trail', () => {
  const path = [
    { code: '370000', name: '山东省' },
    { code: '370100', name: '济南市' },
    { code: '370102', name: '历下区' },
  ]

  it('starts at the caller’s region, not above it', () => {
    expect(regionTrail(path, '370100').map((s) => s.code)).toEqual(['370100', '370102'])
  })

  it('starts at the platform for an administrator', () => {
    expect(regionTrail(path, PLATFORM_REGION)).toEqual([{ code: PLATFORM_REGION, name: '' }, ...path])
    expect(regionTrail([], PLATFORM_REGION)).toEqual([{ code: PLATFORM_REGION, name: '' }])
  })
})

describe('loading and shaping the statistics', () => {
  it('asks for the region and months of the page state', async () => {
    get.mockResolvedValue(ANSWER)
    await loadMarketStats({ region: '370000', from: '2026-09', to: '' })
    expect(get).toHaveBeenCalledWith({ region: '370000', from: '2026-09' })
  })

  it('makes totals cards, deal value in 万元', async () => {
    get.mockResolvedValue(ANSWER)
    const view = await loadMarketStats({ region: '', from: '', to: '' })
    expect(view.cards.map((c) => [c.key, c.value, c.money])).toEqual([
      ['listings', '3', false],
      ['demands', '2', false],
      ['matches', '5', false],
      ['deals_opened', '2', false],
      ['deals_agreed', '1', false],
      ['deals_recorded', '1', false],
      ['deal_value_fen', '123.46', true],
    ])
    expect(totalCards(counts({ listings: 12345 }))[0]!.value).toBe('12,345')
  })

  it('puts the months in order for the chart, value in 万元', async () => {
    get.mockResolvedValue(ANSWER)
    const { chart } = await loadMarketStats({ region: '', from: '', to: '' })
    expect(chart.months).toEqual(['2026-09', '2026-10', '2026-11'])
    expect(chart.counts.listings).toEqual([0, 1, 2])
    expect(chart.counts.demands).toEqual([0, 2, 0])
    expect(chart.counts.deals_agreed).toEqual([0, 0, 1])
    expect(chart.valueWan).toEqual([0, 0, 123.46])
  })

  it('lists the children by code, then the region’s own records', async () => {
    get.mockResolvedValue(ANSWER)
    const { children } = await loadMarketStats({ region: '', from: '', to: '' })
    expect(children.map((r) => [r.code, r.name, r.unplaced, r.listings, r.demands, r.value_wan])).toEqual([
      ['370100', '济南市', false, 2, 0, '123.46'],
      ['370200', '青岛市', false, 1, 0, '0.00'],
      ['370000', '山东省', true, 0, 1, '0.00'],
    ])
  })

  it('leaves out the region’s own row when it has nothing', () => {
    expect(childRows({ ...ANSWER, unplaced: ZERO }).map((r) => r.code)).toEqual(['370100', '370200'])
  })

  it('keeps the server’s order of industries', async () => {
    get.mockResolvedValue(ANSWER)
    const { industries } = await loadMarketStats({ region: '', from: '', to: '' })
    expect(industries.map((r) => [r.industry, r.listings, r.value_wan])).toEqual([
      ['海洋装备', 2, '123.46'],
      ['', 1, '0.00'],
    ])
  })

  it('passes a refusal on to the page', async () => {
    get.mockRejectedValue(new Error('forbidden'))
    await expect(loadMarketStats({ region: '110000', from: '', to: '' })).rejects.toThrow('forbidden')
  })
})
