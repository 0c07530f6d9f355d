// The patent search page's state and the filters its facets add to a query.
//
// The URL holds the search (?q=&f=&sort=&page=&size=) so that it can be shared and the back
// button works. `q` is the query the user wrote; every `f` is one applied facet filter written
// `facet:value` ("year:2018", "applicant:Acme Co."). The page keeps the two apart and only
// joins them for the server (composeQuery), so that removing a filter gives back exactly the
// query it was added to:
//
//   composeQuery('TI=电池', [{ facet: 'year', value: '2018' }])  →  '(TI=电池) AND AD=2018'
import type { LocationQuery, LocationQueryRaw } from 'vue-router'

/** Facets the server can count (docs/api.md, "Search"). */
export const FACETS = [
  'year',
  'ipc_section',
  'ipc_class',
  'ipc_subclass',
  'ipc_group',
  'applicant',
  'inventor',
  'province',
  'country',
  'type',
  'legal_status',
] as const
export type Facet = (typeof FACETS)[number]

/** The facets of the page's sidebar, in the order shown. */
export const SIDEBAR_FACETS: readonly Facet[] = [
  'year',
  'ipc_class',
  'applicant',
  'province',
  'country',
  'type',
  'legal_status',
]
export const FACET_SIZE = 10

export const SORTS = [
  'relevance',
  '-application_date',
  'application_date',
  '-publication_date',
  'publication_date',
  '-value',
] as const
export type Sort = (typeof SORTS)[number]

/** i18n keys of the sort orders. */
export const SORT_LABEL_KEYS: Record<Sort, string> = {
  relevance: 'search.sorts.relevance',
  '-application_date': 'search.sorts.applicationDateDesc',
  application_date: 'search.sorts.applicationDateAsc',
  '-publication_date': 'search.sorts.publicationDateDesc',
  publication_date: 'search.sorts.publicationDateAsc',
  '-value': 'search.sorts.valueDesc',
}

/** The minimum value scores (0–100, the batch valuation's total) the page offers. */
export const MIN_VALUES = [50, 60, 70, 80, 90] as const

export const SEARCH_PAGE_SIZES = [10, 20, 50]
export const DEFAULT_SEARCH_PAGE_SIZE = 10

export interface FacetFilter {
  facet: Facet
  value: string
}

export interface SearchState {
  /** The query as the user wrote it (trimmed), without the facet filters. */
  q: string
  filters: FacetFilter[]
  sort: Sort
  page: number
  size: number
  /** Only hits with a value score of at least this (`?mv=`); absent: all. */
  minValue?: number
}

export function isFacet(value: string): value is Facet {
  return (FACETS as readonly string[]).includes(value)
}

function isSort(value: string): value is Sort {
  return (SORTS as readonly string[]).includes(value)
}

/**
 * A phrase of the query language: `"…"` with `\` and `"` escaped, so that any text — spaces,
 * quotes, parentheses, operators — is searched as written.
 */
export function quotePhrase(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`
}

/**
 * The query-language expression that keeps only hits with this facet value, or null for a
 * value that cannot be one (empty, or not of the facet's form).
 *
 * year → AD=2018; ipc_* → IPC=G06F (a main group G06F17/00 → IPC=G06F17); applicant (a
 * normalised name, as the facet counts it) → PAN="…"; inventor → IN="…"; province → RG=370000; country → CO=CN; type →
 * TYPE=cn_invention_grant; legal_status → LS=valid (also the groups alive and dead).
 */
export function facetExpression(filter: FacetFilter): string | null {
  const value = filter.value.trim()
  if (!value) return null
  switch (filter.facet) {
    case 'year':
      return /^\d{4}$/.test(value) ? `AD=${value}` : null
    case 'ipc_section':
    case 'ipc_class':
    case 'ipc_subclass':
    case 'ipc_group': {
      // A main group is written with its "/00"; the IPC field finds a main group without it.
      const symbol = value.replace(/\s+/g, '').replace(/\/0+$/, '').toUpperCase()
      return /^[A-H](\d{2}([A-Z](\d{1,4})?)?)?$/.test(symbol) ? `IPC=${symbol}` : null
    }
    case 'applicant':
      return `PAN=${quotePhrase(value)}`
    case 'inventor':
      return `IN=${quotePhrase(value)}`
    case 'province':
      return /^\d{6}$/.test(value) ? `RG=${value}` : null
    case 'country':
      return /^[A-Za-z]{2}$/.test(value) ? `CO=${value.toUpperCase()}` : null
    case 'type':
      return /^\w+$/.test(value) ? `TYPE=${value}` : null
    case 'legal_status':
      return /^\w+$/.test(value) ? `LS=${value}` : null
  }
}

/**
 * The query sent to the server: the user's query in parentheses, AND every filter. Without
 * filters it is the query itself; without a query, the filters alone. Filters that make no
 * expression are left out.
 */
export function composeQuery(q: string, filters: readonly FacetFilter[]): string {
  const base = q.trim()
  const parts = filters.map(facetExpression).filter((e): e is string => e !== null)
  if (parts.length === 0) return base
  return [base ? `(${base})` : null, ...parts].filter(Boolean).join(' AND ')
}

export function sameFilter(a: FacetFilter, b: FacetFilter): boolean {
  return a.facet === b.facet && a.value === b.value
}

/** The filters with `filter` added, or removed when it is there already. */
export function toggleFilter(filters: readonly FacetFilter[], filter: FacetFilter): FacetFilter[] {
  return filters.some((f) => sameFilter(f, filter))
    ? filters.filter((f) => !sameFilter(f, filter))
    : [...filters, filter]
}

/** "applicant:Acme Co." (the URL form of a filter). */
export function filterToParam(filter: FacetFilter): string {
  return `${filter.facet}:${filter.value}`
}

/** The filter of a URL parameter, or null when the facet is unknown or the value unusable. */
export function filterFromParam(param: string): FacetFilter | null {
  const colon = param.indexOf(':')
  if (colon < 0) return null
  const facet = param.slice(0, colon)
  const value = param.slice(colon + 1).trim()
  if (!isFacet(facet)) return null
  const filter = { facet, value }
  return facetExpression(filter) === null ? null : filter
}

function all(value: LocationQuery[string] | undefined): string[] {
  const list = Array.isArray(value) ? value : [value]
  return list.filter((v): v is string => typeof v === 'string')
}

function first(value: LocationQuery[string] | undefined): string {
  return all(value)[0]?.trim() ?? ''
}

function positiveInt(text: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(text)) return fallback
  const n = Number(text)
  return n >= 1 && n <= max ? n : fallback
}

/** Reads the state from a route's query; unusable values fall back to the defaults. */
export function searchStateFromQuery(query: LocationQuery): SearchState {
  const filters: FacetFilter[] = []
  for (const param of all(query.f)) {
    const filter = filterFromParam(param)
    if (filter && !filters.some((f) => sameFilter(f, filter))) filters.push(filter)
  }
  const sort = first(query.sort)
  const size = positiveInt(first(query.size), DEFAULT_SEARCH_PAGE_SIZE)
  const state: SearchState = {
    q: first(query.q),
    filters,
    sort: isSort(sort) ? sort : 'relevance',
    page: positiveInt(first(query.page), 1),
    size: SEARCH_PAGE_SIZES.includes(size) ? size : DEFAULT_SEARCH_PAGE_SIZE,
  }
  const minValue = positiveInt(first(query.mv), 0, 100)
  if (minValue > 0) state.minValue = minValue
  return state
}

/** The route query of a state: defaults (relevance, page 1, size 10) are left out. */
export function searchStateToQuery(state: SearchState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  const q = state.q.trim()
  if (q) query.q = q
  if (state.filters.length > 0) query.f = state.filters.map(filterToParam)
  if (state.sort !== 'relevance') query.sort = state.sort
  if (state.page !== 1) query.page = String(state.page)
  if (state.size !== DEFAULT_SEARCH_PAGE_SIZE) query.size = String(state.size)
  if (state.minValue) query.mv = String(state.minValue)
  return query
}

/** Is there anything to search for? */
export function hasSearch(state: Pick<SearchState, 'q' | 'filters'>): boolean {
  return composeQuery(state.q, state.filters) !== ''
}
