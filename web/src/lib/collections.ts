// Saved searches and collections (专题库) in the app: the rules the forms check before the
// server does (docs/api.md, "Saved searches and collections"), and how a saved search or an
// auto collection opens on the search page.
//
//   searchToSave({ q: 'TI=电池', filters: [{ facet: 'year', value: '2018' }], sort: 'relevance', ... })
//     → { query: '(TI=电池) AND AD=2018', sort: 'relevance' }
import type { LocationQueryRaw } from 'vue-router'
import { composeQuery, DEFAULT_SEARCH_PAGE_SIZE, searchStateToQuery, SORTS, type SearchState, type Sort } from './search'

/** Names are 1 to 100 characters (code points), descriptions at most 2,000. */
export const NAME_MAX_CHARS = 100
export const DESCRIPTION_MAX_CHARS = 2000

/** Length in Unicode code points, as the server counts (an emoji is one). */
export function codePointLength(text: string): number {
  return [...text].length
}

export type NameProblem = 'required' | 'tooLong'

/** What is wrong with a name, or null. */
export function nameProblem(name: string): NameProblem | null {
  const trimmed = name.trim()
  if (trimmed === '') return 'required'
  if (codePointLength(trimmed) > NAME_MAX_CHARS) return 'tooLong'
  return null
}

/** A sort the search page knows; anything else is relevance. */
export function asSort(value: string | null | undefined): Sort {
  return (SORTS as readonly string[]).includes(value ?? '') ? (value as Sort) : 'relevance'
}

/** The search page's route for a query and sort (a saved search run again). */
export function searchRoute(query: string, sort: string = 'relevance'): { name: 'search'; query: LocationQueryRaw } {
  const state: SearchState = { q: query, filters: [], sort: asSort(sort), page: 1, size: DEFAULT_SEARCH_PAGE_SIZE }
  return { name: 'search', query: searchStateToQuery(state) }
}

/** What the search page saves: the query as sent to the server (filters included) and the sort. */
export function searchToSave(state: Pick<SearchState, 'q' | 'filters' | 'sort'>): { query: string; sort: Sort } {
  return { query: composeQuery(state.q, state.filters), sort: state.sort }
}

/** A name proposed for a query: the query on one line, cut to the longest name allowed. */
export function suggestName(query: string): string {
  const line = query.replace(/\s+/g, ' ').trim()
  const chars = [...line]
  return chars.length <= NAME_MAX_CHARS ? line : `${chars.slice(0, NAME_MAX_CHARS - 1).join('')}…`
}

/** The fields of `next` that differ from `original` (what a PATCH sends). */
export function changedFields<T extends object>(original: T, next: T): Partial<T> {
  const patch: Partial<T> = {}
  for (const key of Object.keys(next) as (keyof T)[]) {
    if (next[key] !== original[key]) patch[key] = next[key]
  }
  return patch
}
