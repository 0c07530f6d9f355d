// Marketplace statistics (市场统计) in the app: who sees the page, the page state in the URL
// (region and month range), the region trail from the caller's own region down to the one
// shown, and the answer shaped for the totals cards, the chart by month and the tables by
// child region and by industry. Deal value arrives in fen and is shown in 万元 (10,000 yuan).
//
//   fenToWan(123_456_789)             →  '123.46'       (1,234,567.89 yuan)
//   monthsBefore('2026-11', 11)       →  '2025-12'
//   statsStateFromQuery({ region: '370100', from: '2026-01' })  →  { region: '370100', from: '2026-01', to: '' }
//   const view = await loadMarketStats({ region: '370100' })    // the API's answer, shaped
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import {
  MARKET_COUNT_KEYS,
  marketStatsApi,
  type MarketCountKey,
  type MarketCounts,
  type MarketStatistics,
  type MarketStatisticsQuery,
} from '@/api/marketStats'
import type { Region } from '@/api/types'
import type { Role } from './roles'

export { MARKET_COUNT_KEYS }

/** Officials (their region and below) and platform administrators (any) read the statistics. */
export const MARKET_STATS_ROLES: readonly Role[] = ['platform_admin', 'official']

/** The whole platform's code (what an administrator sees first). */
export const PLATFORM_REGION = '000000'

export function canReadMarketStats(user: { role: Role } | null | undefined): boolean {
  return !!user && MARKET_STATS_ROLES.includes(user.role)
}

/** Where the caller's statistics start: an official's region, an administrator's platform. */
export function rootRegion(user: { role: Role; region_code: string | null } | null | undefined): string {
  if (user?.role === 'official' && user.region_code) return user.region_code
  return PLATFORM_REGION
}

// ---------------------------------------------------------------------------
// Numbers

/** Integer fen as 万元 (10,000 yuan) with two decimals and thousands separators, rounded half up. */
export function fenToWan(fen: number): string {
  if (!Number.isFinite(fen)) return ''
  const negative = fen < 0
  // Hundredths of 万元 are 10,000 fen each.
  const hundredths = Math.round(Math.abs(fen) / 10_000)
  const whole = Math.floor(hundredths / 100)
  const fraction = String(hundredths % 100).padStart(2, '0')
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${negative && hundredths !== 0 ? '-' : ''}${grouped}.${fraction}`
}

/** 万元 as a number for a chart's axis (two decimals). */
export function fenToWanNumber(fen: number): number {
  return Math.round(fen / 10_000) / 100
}

/** A month YYYY-MM `n` months before `month` (negative: after). */
export function monthsBefore(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number)
  const index = y! * 12 + (m! - 1) - n
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/

// ---------------------------------------------------------------------------
// The page state in the URL (/market/statistics?region=370100&from=2026-01&to=2026-11)

export interface StatsState {
  /** '' the caller's own region (the server's default). */
  region: string
  /** YYYY-MM, or '' the server's default (the twelve months to this one). */
  from: string
  to: string
}

function first(value: LocationQuery[string] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' ? v : ''
}

export function statsStateFromQuery(query: LocationQuery): StatsState {
  const region = first(query.region)
  const from = first(query.from)
  const to = first(query.to)
  const state: StatsState = {
    region: /^\d{6}$/.test(region) ? region : '',
    from: MONTH_PATTERN.test(from) ? from : '',
    to: MONTH_PATTERN.test(to) ? to : '',
  }
  // A range backwards is no range: the server's default instead.
  if (state.from && state.to && state.from > state.to) {
    state.from = ''
    state.to = ''
  }
  return state
}

export function statsQueryFromState(state: StatsState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (state.region) query.region = state.region
  if (state.from) query.from = state.from
  if (state.to) query.to = state.to
  return query
}

/** The API's query of a page state (defaults left out). */
export function statsRequest(state: StatsState): MarketStatisticsQuery {
  const request: MarketStatisticsQuery = {}
  if (state.region) request.region = state.region
  if (state.from) request.from = state.from
  if (state.to) request.to = state.to
  return request
}

// ---------------------------------------------------------------------------
// The region trail (面包屑): from the caller's root region down to the region shown

export interface TrailStep {
  code: string
  /** '' the platform (named by the page). */
  name: string
}

/**
 * The steps from `root` down to the region whose `path` (province first, itself last) is given;
 * regions above the caller's root are left out, as the caller cannot open them. The platform
 * root leads the trail with an empty name.
 */
export function regionTrail(path: readonly Pick<Region, 'code' | 'name'>[], root: string): TrailStep[] {
  const steps = path.map((r) => ({ code: r.code, name: r.name }))
  if (root === PLATFORM_REGION) return [{ code: PLATFORM_REGION, name: '' }, ...steps.filter((s) => s.code !== PLATFORM_REGION)]
  const at = steps.findIndex((s) => s.code === root)
  return at >= 0 ? steps.slice(at) : steps
}

// ---------------------------------------------------------------------------
// The answer, shaped

/** The figures of the chart by month (deal value has its own axis). */
export const MONTH_SERIES_KEYS = [
  'listings',
  'demands',
  'matches',
  'deals_opened',
  'deals_agreed',
  'deals_recorded',
] as const satisfies readonly MarketCountKey[]

export interface TotalCard {
  key: MarketCountKey
  /** The figure as shown: a count, or 万元 for the deal value. */
  value: string
  /** 万元: the card says the unit. */
  money: boolean
}

export function totalCards(totals: MarketCounts): TotalCard[] {
  return MARKET_COUNT_KEYS.map((key) =>
    key === 'deal_value_fen'
      ? { key, value: fenToWan(totals[key]), money: true }
      : { key, value: totals[key].toLocaleString('en-US'), money: false },
  )
}

export interface MonthChartData {
  months: string[]
  counts: Record<(typeof MONTH_SERIES_KEYS)[number], number[]>
  /** 万元 per month. */
  valueWan: number[]
}

export function monthChartData(stats: Pick<MarketStatistics, 'by_month'>): MonthChartData {
  const rows = [...stats.by_month].sort((a, b) => a.month.localeCompare(b.month))
  const counts = Object.fromEntries(MONTH_SERIES_KEYS.map((key) => [key, rows.map((r) => r[key])])) as MonthChartData['counts']
  return { months: rows.map((r) => r.month), counts, valueWan: rows.map((r) => fenToWanNumber(r.deal_value_fen)) }
}

export interface RegionRow extends MarketCounts {
  code: string
  name: string
  /** The region itself (its records not in any child): not opened by a click. */
  unplaced: boolean
  /** 万元. */
  value_wan: string
}

const isEmpty = (c: MarketCounts) => MARKET_COUNT_KEYS.every((key) => c[key] === 0)

/** The children by code, then the region's own records when there are any. */
export function childRows(stats: Pick<MarketStatistics, 'children' | 'unplaced' | 'region'>): RegionRow[] {
  const rows: RegionRow[] = [...stats.children]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((c) => ({ ...c, unplaced: false, value_wan: fenToWan(c.deal_value_fen) }))
  if (!isEmpty(stats.unplaced)) {
    rows.push({ ...stats.unplaced, code: stats.region.code, name: stats.region.name, unplaced: true, value_wan: fenToWan(stats.unplaced.deal_value_fen) })
  }
  return rows
}

export interface IndustryRow extends MarketCounts {
  /** '' not given (the page names it). */
  industry: string
  value_wan: string
}

/** In the server's order (most deals, then most listings). */
export function industryRows(stats: Pick<MarketStatistics, 'by_industry'>): IndustryRow[] {
  return stats.by_industry.map((r) => ({ ...r, value_wan: fenToWan(r.deal_value_fen) }))
}

export interface MarketStatsView {
  stats: MarketStatistics
  cards: TotalCard[]
  chart: MonthChartData
  children: RegionRow[]
  industries: IndustryRow[]
}

export function shapeMarketStats(stats: MarketStatistics): MarketStatsView {
  return {
    stats,
    cards: totalCards(stats.totals),
    chart: monthChartData(stats),
    children: childRows(stats),
    industries: industryRows(stats),
  }
}

/** Fetches the statistics of a page state and shapes them for the page. */
export async function loadMarketStats(state: StatsState, signal?: AbortSignal): Promise<MarketStatsView> {
  return shapeMarketStats(await marketStatsApi.get(statsRequest(state), signal))
}
