// The patent list's filters and page in the URL (?q=&country=&type=&applicant=&from=&to=&page=&size=),
// so that a search can be bookmarked and shared.
import type { LocationQuery, LocationQueryRaw } from 'vue-router'

export interface PatentFilters {
  q: string
  country: string
  type: string
  applicant: string
  /** Application date bounds, YYYY-MM-DD or empty. */
  from: string
  to: string
}

export interface PatentListState extends PatentFilters {
  page: number
  size: number
}

export const DEFAULT_PATENT_PAGE_SIZE = 20
const MAX_PAGE_SIZE = 100
const DATE = /^\d{4}-\d{2}-\d{2}$/

export function emptyPatentFilters(): PatentFilters {
  return { q: '', country: '', type: '', applicant: '', from: '', to: '' }
}

function first(value: LocationQuery[string] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' ? v.trim() : ''
}

function positiveInt(text: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(text)) return fallback
  const n = Number(text)
  return n >= 1 && n <= max ? n : fallback
}

/** Reads the state from a route's query; unusable values fall back to the defaults. */
export function patentStateFromQuery(query: LocationQuery): PatentListState {
  const date = (v: string) => (DATE.test(v) ? v : '')
  return {
    q: first(query.q),
    country: first(query.country).toUpperCase(),
    type: first(query.type),
    applicant: first(query.applicant),
    from: date(first(query.from)),
    to: date(first(query.to)),
    page: positiveInt(first(query.page), 1),
    size: positiveInt(first(query.size), DEFAULT_PATENT_PAGE_SIZE, MAX_PAGE_SIZE),
  }
}

/** The route query for a state: empty filters, page 1 and the default size are left out. */
export function patentStateToQuery(state: PatentListState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  const filters: (keyof PatentFilters)[] = ['q', 'country', 'type', 'applicant', 'from', 'to']
  for (const key of filters) {
    const value = state[key].trim()
    if (value) query[key] = value
  }
  if (state.page !== 1) query.page = String(state.page)
  if (state.size !== DEFAULT_PATENT_PAGE_SIZE) query.size = String(state.size)
  return query
}
