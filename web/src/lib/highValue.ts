// High-value invention patents (高价值发明专利) in the app: who reads the statistics, the page
// state in the URL (region, as_of, population year), the child-region rows of the table and how
// they sort, the indicator 每万人口高价值发明专利拥有量 and the money of the rules as shown, the
// region trail of the drill-down, and a patent's verdict. The bar chart is views/stats/
// highValueChart.ts (ECharts stays out of the router's chunk).
// The server does every count and the indicator's arithmetic (docs/high-value.md); this file
// only shapes and formats, in integers (per_10k stays the server's string).
//
//   per10kHundredths('3.20')                         →  320
//   formatCount(101230000)                           →  '101,230,000'
//   pledgeThresholdYuan(1_000_000_000)              →  '10,000,000.00'
//   highValueStateFromQuery({ region: '370100' })   →  { region: '370100', asOf: '', year: '' }
//   highValueRows(counts)                            →  one row per child region, by code
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { HighValueCountsQuery } from '@/api/endpoints'
import type { HighValueCategory, HighValueCounts, HighValueRegionCount, PatentHighValue } from '@/api/types'
import { formatFen } from './money'
import { PLATFORM_REGION, regionTrail, rootRegion, type TrailStep } from './marketStats'
import type { Role } from './roles'

export { PLATFORM_REGION, regionTrail, rootRegion, type TrailStep }

/** The five categories in the order of docs/high-value.md §1 (and of the API's checks). */
export const HIGH_VALUE_CATEGORIES = [
  'strategic_emerging_industry',
  'family_abroad',
  'maintained_over_10_years',
  'pledge_financing',
  'award',
] as const satisfies readonly HighValueCategory[]

/** Officials (their region and below) and platform administrators (any) read the counts. */
export const HIGH_VALUE_STATS_ROLES: readonly Role[] = ['platform_admin', 'official']

export function canReadHighValueStats(user: { role: Role } | null | undefined): boolean {
  return !!user && HIGH_VALUE_STATS_ROLES.includes(user.role)
}

// ---------------------------------------------------------------------------
// Numbers

/** A count with thousands separators: 101230000 → '101,230,000'. */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return ''
  const negative = n < 0
  const digits = String(Math.trunc(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${negative ? '-' : ''}${digits}`
}

/**
 * The indicator's string ("3.20") as integer hundredths (320), for sorting without floating
 * point; null when there is no indicator (no population) or the string is not a decimal.
 */
export function per10kHundredths(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim())
  if (!match) return null
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}

/** The indicator as shown: the server's two decimals, grouped ('1234.50' → '1,234.50'); null none. */
export function formatPer10k(value: string | null | undefined): string | null {
  const hundredths = per10kHundredths(value)
  if (hundredths === null) return null
  return `${formatCount(Math.floor(hundredths / 100))}.${String(hundredths % 100).padStart(2, '0')}`
}

/** The pledge threshold (integer fen) in yuan: 1,000,000,000 → '10,000,000.00'. */
export function pledgeThresholdYuan(fen: number): string {
  return formatFen(fen)
}

// ---------------------------------------------------------------------------
// The page state in the URL (/stats/high-value?region=370100&as_of=2024-06-30&year=2023)

export interface HighValueState {
  /** '' the caller's own region (the server's default). */
  region: string
  /** YYYY-MM-DD, or '' today. */
  asOf: string
  /** YYYY, or '' the latest population year stored up to as_of's year. */
  year: string
}

export const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/
const YEAR_PATTERN = /^(19[5-9]\d|1949|20\d\d|2100)$/

function first(value: LocationQuery[string] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' ? v : ''
}

export function highValueStateFromQuery(query: LocationQuery): HighValueState {
  const region = first(query.region)
  const asOf = first(query.as_of)
  const year = first(query.year)
  return {
    region: /^\d{6}$/.test(region) ? region : '',
    asOf: DATE_PATTERN.test(asOf) ? asOf : '',
    year: YEAR_PATTERN.test(year) ? year : '',
  }
}

export function highValueQueryFromState(state: HighValueState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (state.region) query.region = state.region
  if (state.asOf) query.as_of = state.asOf
  if (state.year) query.year = state.year
  return query
}

/** The API's query of a page state (defaults left out). */
export function highValueRequest(state: HighValueState): HighValueCountsQuery {
  const request: HighValueCountsQuery = {}
  if (state.region) request.region = state.region
  if (state.asOf) request.as_of = state.asOf
  if (state.year) request.year = Number(state.year)
  return request
}

/**
 * The state after opening `code` (a child row, a bar, a step of the trail): the caller's own
 * region is the default and stays out of the URL; the date and population year are kept.
 */
export function drillTo(state: HighValueState, code: string, root: string): HighValueState {
  return { ...state, region: code === root ? '' : code }
}

// ---------------------------------------------------------------------------
// The table of child regions

export interface HighValueRow extends Record<HighValueCategory, number> {
  code: string
  name: string
  level: HighValueRegionCount['level']
  valid_inventions: number
  high_value: number
  population: number | null
  /** The server's string, or null (no population stored). */
  per_10k: string | null
  /** per_10k as integer hundredths, for sorting; null sorts last. */
  per_10k_hundredths: number | null
}

export function highValueRow(count: HighValueRegionCount): HighValueRow {
  const categories = Object.fromEntries(HIGH_VALUE_CATEGORIES.map((key) => [key, count.categories[key] ?? 0])) as Record<
    HighValueCategory,
    number
  >
  return {
    ...categories,
    code: count.code,
    name: count.name,
    level: count.level,
    valid_inventions: count.valid_inventions,
    high_value: count.high_value,
    population: count.population,
    per_10k: count.per_10k,
    per_10k_hundredths: per10kHundredths(count.per_10k),
  }
}

/** The child regions by code. */
export function highValueRows(counts: Pick<HighValueCounts, 'children'>): HighValueRow[] {
  return [...counts.children].sort((a, b) => a.code.localeCompare(b.code)).map(highValueRow)
}

/** Ascending order of two optional numbers, none after any (as el-table's sort-method wants). */
export function compareOptional(a: number | null, b: number | null): number {
  if (a === null && b === null) return 0
  if (a === null) return 1
  if (b === null) return -1
  return a - b
}

/** el-table sort-method for the indicator column. */
export const comparePer10k = (a: HighValueRow, b: HighValueRow): number => compareOptional(a.per_10k_hundredths, b.per_10k_hundredths)
/** el-table sort-method for the population column. */
export const comparePopulation = (a: HighValueRow, b: HighValueRow): number => compareOptional(a.population, b.population)

/** A county has no region below it: its row does not drill down. */
export function canDrill(row: Pick<HighValueRow, 'level'>): boolean {
  return row.level !== 'county'
}

// ---------------------------------------------------------------------------
// One patent

/** Why a patent is or is not counted, as the card's headline says it. */
export type PatentVerdict =
  /** Not a CN invention grant (an application, a utility model, a design, a foreign document). */
  | 'not-invention'
  /** A CN invention grant whose grant was published after as_of. */
  | 'not-yet-granted'
  /** A CN invention grant not in force on as_of (lapsed, expired, invalidated …). */
  | 'not-valid'
  | 'high-value'
  | 'not-high-value'

export function patentVerdict(
  answer: Pick<PatentHighValue, 'invention_grant' | 'granted_by_as_of' | 'valid_invention' | 'high_value'>,
): PatentVerdict {
  if (!answer.invention_grant) return 'not-invention'
  if (!answer.valid_invention) return answer.granted_by_as_of ? 'not-valid' : 'not-yet-granted'
  return answer.high_value ? 'high-value' : 'not-high-value'
}
