// Marketplace statistics (docs/api.md "Marketplace statistics"): listings, demands, matches,
// deals opened, agreed and recorded, and the agreed value, of one region by month, industry and
// child region (the province → city → county roll-up). Officials: their region and below;
// platform administrators: any (000000: the whole platform).
//
//   const stats = await marketStatsApi.get({ region: '370100', from: '2026-01', to: '2026-11' })
//
// Money is integer fen.
import { api } from './client'

/** One set of figures; every row of the answer carries them. */
export interface MarketCounts {
  listings: number
  demands: number
  matches: number
  deals_opened: number
  deals_agreed: number
  deals_recorded: number
  /** The sum of agreed prices. */
  deal_value_fen: number
}

export const MARKET_COUNT_KEYS = [
  'listings',
  'demands',
  'matches',
  'deals_opened',
  'deals_agreed',
  'deals_recorded',
  'deal_value_fen',
] as const satisfies readonly (keyof MarketCounts)[]
export type MarketCountKey = (typeof MARKET_COUNT_KEYS)[number]

export interface MarketStatistics {
  region: { code: string; name: string }
  /** YYYY-MM. */
  from: string
  to: string
  totals: MarketCounts
  /** Every month from `from` to `to`. */
  by_month: (MarketCounts & { month: string })[]
  /** Most deals first, then most listings; '' an industry not given. */
  by_industry: (MarketCounts & { industry: string })[]
  /** Each child counts itself and everything under it. */
  children: (MarketCounts & { code: string; name: string })[]
  /** Records of the region itself, in none of its children. */
  unplaced: MarketCounts
}

export interface MarketStatisticsQuery {
  /** Absent: the caller's region (an administrator: the platform, 000000). */
  region?: string
  /** YYYY-MM; absent: eleven months before `to`. */
  from?: string
  /** YYYY-MM; absent: this month. */
  to?: string
}

export const marketStatsApi = {
  get: (query: MarketStatisticsQuery, signal?: AbortSignal) =>
    api.get<MarketStatistics>('/market-statistics', { query: { ...query }, signal }),
}
