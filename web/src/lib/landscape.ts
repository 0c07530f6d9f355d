// Patent navigation (专利导航): the pure parts of the landscape report — its state in the URL,
// the query a chart element drills into, and the numbers of GET /landscape shaped for charts
// and tables.
//
// Every bar, point, cell and node of a chart opens the search page with the hits behind it:
// the report's query in parentheses AND a filter of the query language (docs/query-language.md).
//
//   drillQuery('TI=(电池)', applicantFilter('华为技术有限公司'))
//     →  '(TI=(电池)) AND PAN="华为技术有限公司"'
//
// A value that cannot make a filter (an empty name, a malformed code) gives null: the element
// is shown but leads nowhere.
import type { LocationQuery, LocationQueryRaw, RouteLocationRaw } from 'vue-router'
import type { Landscape, LandscapeCitations, LandscapeCollaboration, LandscapeCount } from '@/api/types'
import { facetExpression, quotePhrase } from './search'

/** The sections of a landscape, in the order the analysis page shows them (report section keys). */
export const LANDSCAPE_SECTIONS = [
  'trend',
  'applicants',
  'ipc',
  'ipc_matrix',
  'regions',
  'countries',
  'life_cycle',
  'new_entrants',
  'inventors',
  'legal_status',
  'types',
  'collaboration',
  'citations',
] as const
export type LandscapeSection = (typeof LANDSCAPE_SECTIONS)[number]

export function isLandscapeSection(value: string): value is LandscapeSection {
  return (LANDSCAPE_SECTIONS as readonly string[]).includes(value)
}

/** Navigation report templates (GB/T 39551 专利导航指南); names in the locale files. */
export const REPORT_TEMPLATES = ['regional', 'industrial', 'enterprise', 'rd', 'talent'] as const

export const IPC_LEVELS = ['section', 'class', 'subclass', 'group'] as const
export type IpcLevel = (typeof IPC_LEVELS)[number]

/** The date a year counts: application (AD), publication (PD) or grant (GD). */
export const DATE_KINDS = ['application', 'publication', 'grant'] as const
export type DateKind = (typeof DATE_KINDS)[number]

/** Group words of the legal-status facet: each also counts hits of other statuses. */
export const STATUS_GROUPS: readonly string[] = ['alive', 'dead']

/** Report titles: at most this many characters (code points), as the server checks. */
export const MAX_REPORT_TITLE = 200

export const LANDSCAPE_TOPS = [10, 20, 50] as const
export const DEFAULT_TOP = 10
export const MAX_TOP = 50

// ---------------------------------------------------------------------------
// The page's state in the URL: /navigation?q=…&top=…

export interface LandscapeState {
  /** The query as the user wrote it (trimmed); '' before one. */
  q: string
  top: number
}

function first(value: LocationQuery[string] | undefined): string {
  const list = Array.isArray(value) ? value : [value]
  return list.find((v): v is string => typeof v === 'string')?.trim() ?? ''
}

export function landscapeStateFromQuery(query: LocationQuery): LandscapeState {
  const top = first(query.top)
  const n = /^\d+$/.test(top) ? Number(top) : DEFAULT_TOP
  return { q: first(query.q), top: n >= 1 && n <= MAX_TOP ? n : DEFAULT_TOP }
}

/** The route query of a state; the default top is left out. */
export function landscapeStateToQuery(state: LandscapeState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  const q = state.q.trim()
  if (q) query.q = q
  if (state.top !== DEFAULT_TOP) query.top = String(state.top)
  return query
}

// ---------------------------------------------------------------------------
// Drill-down filters: each a query-language expression, or null for an unusable value.

const DATE_CODES: Record<DateKind, string> = { application: 'AD', publication: 'PD', grant: 'GD' }

/** AD=2018 (application year), PD=2018 (publication) or GD=2018 (grant). */
export function yearFilter(kind: DateKind, year: number): string | null {
  return Number.isInteger(year) && year >= 1000 && year <= 9999 ? `${DATE_CODES[kind]}=${year}` : null
}

/**
 * A name as an exact value: a phrase with `"` and `\` escaped (docs/query-language.md §1), or
 * null for a name with nothing in it.
 */
function exactName(name: string): string | null {
  const trimmed = name.trim()
  return trimmed ? quotePhrase(trimmed) : null
}

/**
 * Hits of one applicant (PAN: the engine's normalised applicant name, exactly), or of all the
 * names given (a co-applicant link: PAN="a" AND PAN="b").
 */
export function applicantFilter(...names: string[]): string | null {
  const distinct = [...new Set(names.map((n) => n.trim()))]
  if (distinct.length === 0) return null
  const parts = distinct.map(exactName)
  return parts.every((p): p is string => p !== null) ? parts.map((p) => `PAN=${p}`).join(' AND ') : null
}

/** IN="name". */
export function inventorFilter(name: string): string | null {
  return facetExpression({ facet: 'inventor', value: name })
}

/**
 * IPC=<code> at any level (section H, class H01, subclass H01M, main group H01M10/00 →
 * IPC=H01M10); several codes: hits holding all of them (a matrix cell: IPC=a AND IPC=b).
 */
export function ipcFilter(...codes: string[]): string | null {
  const parts = [...new Set(codes.map((code) => facetExpression({ facet: 'ipc_group', value: code })))]
  if (parts.length === 0 || parts.some((p) => p === null)) return null
  return parts.join(' AND ')
}

/** RG=<6-digit code>: a province or a city of CN applicants. */
export function regionFilter(code: string): string | null {
  return facetExpression({ facet: 'province', value: code })
}

/** CO=CN. */
export function countryFilter(code: string): string | null {
  return facetExpression({ facet: 'country', value: code })
}

/** LS=valid (also the groups alive and dead). */
export function legalStatusFilter(value: string): string | null {
  return facetExpression({ facet: 'legal_status', value })
}

/** TYPE=cn_invention_grant. */
export function typeFilter(value: string): string | null {
  return facetExpression({ facet: 'type', value })
}

/** Hits that are one of these documents: (PN=a OR PN=b). */
export function documentsFilter(...numbers: string[]): string | null {
  const compact = [...new Set(numbers.map((n) => n.replace(/\s+/g, '').toUpperCase()))]
  if (compact.length === 0 || !compact.every((n) => /^[A-Z]{2}[A-Z0-9.]+$/.test(n))) return null
  const parts = compact.map((n) => `PN=${n}`)
  return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`
}

/** Several filters at once (an applicant in a year); null when any is null. */
export function allFilters(...filters: (string | null)[]): string | null {
  return filters.length > 0 && filters.every((f) => f !== null) ? filters.join(' AND ') : null
}

/**
 * The query of a chart element's hits: `(query) AND filter`; the filter alone when there is
 * no query; null when the filter is.
 */
export function drillQuery(query: string, filter: string | null): string | null {
  if (filter === null) return null
  const base = query.trim()
  return base ? `(${base}) AND ${filter}` : filter
}

/** The search page with those hits, or null. */
export function drillLocation(query: string, filter: string | null): RouteLocationRaw | null {
  const q = drillQuery(query, filter)
  return q === null ? null : { name: 'search', query: { q } }
}

// ---------------------------------------------------------------------------
// Numbers for the charts

/**
 * Year-over-year growth of each count against the one before, as a fraction (0.25 = +25 %);
 * null for the first year and where the year before is 0.
 */
export function growthRates(counts: readonly number[]): (number | null)[] {
  return counts.map((count, k) => {
    const previous = k > 0 ? counts[k - 1] : 0
    return previous > 0 ? (count - previous) / previous : null
  })
}

export interface TrendRow {
  year: number
  counts: Record<DateKind, number>
  growth: Record<DateKind, number | null>
}

/** One row per year: the three counts and their growth rates. */
export function trendRows(landscape: Pick<Landscape, 'years' | 'filings'>): TrendRow[] {
  const growth = Object.fromEntries(DATE_KINDS.map((kind) => [kind, growthRates(landscape.filings[kind])])) as Record<
    DateKind,
    (number | null)[]
  >
  return landscape.years.map((year, k) => ({
    year,
    counts: {
      application: landscape.filings.application[k] ?? 0,
      publication: landscape.filings.publication[k] ?? 0,
      grant: landscape.filings.grant[k] ?? 0,
    },
    growth: { application: growth.application[k], publication: growth.publication[k], grant: growth.grant[k] },
  }))
}

/**
 * The years from the first to the last with any count (so that a landscape of 1985..2024 whose
 * applicants filed only from 2015 draws 2015..2024), as indexes into `years`: [from, to]
 * inclusive, or null when every count is 0.
 */
export function activeYearSpan(series: readonly (readonly number[])[]): [number, number] | null {
  let from = Infinity
  let to = -Infinity
  for (const counts of series) {
    counts.forEach((count, k) => {
      if (count > 0) {
        from = Math.min(from, k)
        to = Math.max(to, k)
      }
    })
  }
  return Number.isFinite(from) ? [from, to] : null
}

/** Is this code a province's (two digits and 0000)? */
export function isProvinceCode(code: string): boolean {
  return /^\d{2}0000$/.test(code)
}

/** Beijing, Tianjin, Shanghai and Chongqing: provincial-level cities (直辖市). */
const MUNICIPALITY_PREFIXES: readonly string[] = ['11', '12', '31', '50']

/** Is this code a municipality's or one of its parts'? */
export function isMunicipality(code: string): boolean {
  return /^\d{6}$/.test(code) && MUNICIPALITY_PREFIXES.includes(code.slice(0, 2))
}

/** The city-level codes of a province (same first two digits), most first. */
export function citiesOfProvince(cities: readonly LandscapeCount[], province: string): LandscapeCount[] {
  if (!/^\d{6}$/.test(province)) return []
  const prefix = province.slice(0, 2)
  return cities
    .filter((city) => city.value.startsWith(prefix) && !isProvinceCode(city.value))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
}

/** Legal statuses for a pie: the group words (alive, dead) left out, as they overlap the rest. */
export function statusSlices(statuses: readonly LandscapeCount[]): LandscapeCount[] {
  return statuses.filter((s) => !STATUS_GROUPS.includes(s.value) && s.count > 0)
}

export interface MatrixCell {
  row: number
  column: number
  count: number
}

/**
 * The cells of the co-occurrence matrix, and the largest count off the diagonal (the diagonal,
 * hits holding one code, would otherwise take the whole colour scale).
 */
export function matrixCells(matrix: Landscape['ipc_matrix']): { cells: MatrixCell[]; maxOffDiagonal: number } {
  const cells: MatrixCell[] = []
  let maxOffDiagonal = 0
  matrix.codes.forEach((_, row) => {
    matrix.codes.forEach((__, column) => {
      const count = matrix.counts[row]?.[column] ?? 0
      cells.push({ row, column, count })
      if (row !== column) maxOffDiagonal = Math.max(maxOffDiagonal, count)
    })
  })
  return { cells, maxOffDiagonal }
}

export interface LifeCyclePoint {
  year: number
  filings: number
  applicants: number
}

/** The life-cycle points in year order (the line joins them as time runs). */
export function lifeCyclePoints(points: Landscape['life_cycle']): LifeCyclePoint[] {
  return [...points].sort((a, b) => a.year - b.year).map(({ year, filings, applicants }) => ({ year, filings, applicants }))
}

/**
 * A symbol size for a count: the area grows with the count, from `min` (the smallest count)
 * to `max` pixels across (the largest).
 */
export function symbolSize(count: number, smallest: number, largest: number, min = 12, max = 48): number {
  if (largest <= smallest) return (min + max) / 2
  const share = (Math.sqrt(count) - Math.sqrt(smallest)) / (Math.sqrt(largest) - Math.sqrt(smallest))
  return Math.round(min + Math.max(0, Math.min(1, share)) * (max - min))
}

export interface NetworkNode {
  name: string
  count: number
  size: number
}

export interface NetworkLink {
  source: string
  target: string
  count: number
}

/** The collaboration graph: nodes sized by their count, links only between listed nodes. */
export function collaborationNetwork(collaboration: LandscapeCollaboration): { nodes: NetworkNode[]; links: NetworkLink[] } {
  const counts = collaboration.nodes.map((n) => n.count)
  const smallest = Math.min(...counts)
  const largest = Math.max(...counts)
  const names = new Set(collaboration.nodes.map((n) => n.name))
  return {
    nodes: collaboration.nodes.map((n) => ({ ...n, size: symbolSize(n.count, smallest, largest) })),
    links: collaboration.links.filter((l) => names.has(l.source) && names.has(l.target) && l.source !== l.target),
  }
}

/**
 * The citation graph among the most cited documents: a node per document that is most cited
 * or at either end of a link (sized by cited_by, 0 when not among the most cited).
 */
export function citationNetwork(citations: LandscapeCitations): { nodes: NetworkNode[]; links: NetworkLink[] } {
  const citedBy = new Map(citations.most_cited.map((d) => [d.publication_number, d.cited_by]))
  const names: string[] = [...citedBy.keys()]
  const links: NetworkLink[] = []
  for (const link of citations.links) {
    if (link.citing === link.cited) continue
    for (const end of [link.citing, link.cited]) if (!names.includes(end)) names.push(end)
    links.push({ source: link.citing, target: link.cited, count: 1 })
  }
  const counts = names.map((n) => citedBy.get(n) ?? 0)
  const smallest = Math.min(...counts)
  const largest = Math.max(...counts)
  return {
    nodes: names.map((name, k) => ({ name, count: counts[k], size: symbolSize(counts[k], smallest, largest, 10, 40) })),
    links,
  }
}

/**
 * The sections a report shows: its template's keys in order, unknown and repeated keys left
 * out, and citations only when the landscape has them.
 */
export function shownSections(keys: readonly string[], landscape: Pick<Landscape, 'citations'>): LandscapeSection[] {
  const shown: LandscapeSection[] = []
  for (const key of keys) {
    if (!isLandscapeSection(key) || shown.includes(key)) continue
    if (key === 'citations' && !landscape.citations) continue
    shown.push(key)
  }
  return shown
}

/** An API instant (ISO 8601 text or Unix milliseconds) as Unix milliseconds, or null. */
export function instantMs(value: string | number | null | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value !== 'string' || value.trim() === '') return null
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? null : ms
}

/** "+25.0%", "−12.5%", "0.0%"; '' for null. */
export function formatGrowth(rate: number | null, locale: string): string {
  if (rate === null || !Number.isFinite(rate)) return ''
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(rate)
}
