// The search page's two modes: a query of the query language (检索式, lib/search.ts) and a
// search by text (相似检索): a passage — a product idea, an abstract, a claim — and the patents
// whose words are most like it (GET /search/similar).
//
// The URL holds the mode and the text (?mode=text&text=…), as it holds the query (?q=&f=…), so
// that a search by text can be bookmarked and Back works. Without `mode` the page is in query
// mode, so every URL of the query page stays what it was.
//
//   searchModeFromQuery({ mode: 'text', text: '灌溉控制系统' })  →  'text'
//   textSearchToQuery('  灌溉控制系统\n')                        →  { mode: 'text', text: '灌溉控制系统' }
import type { LocationQuery, LocationQueryRaw } from 'vue-router'

export const SEARCH_MODES = ['query', 'text'] as const
export type SearchMode = (typeof SEARCH_MODES)[number]

/** How many similar patents a search by text lists (the API gives at most 50). */
export const TEXT_SEARCH_SIZE = 20

/**
 * The longest text, in characters (code points): an abstract and a claim or two. The API takes
 * up to 20,000 bytes, but the text travels in URLs (the API call's and the page's own) and the
 * server reads at most 16 KiB of request line and headers. Percent-encoded, a Chinese character
 * takes 9 bytes and one outside the BMP 12, so 1,000 characters of any script fit and leave
 * some 4 KiB for the other headers (cookies above all).
 */
export const TEXT_SEARCH_MAX_CHARS = 1000

function first(value: LocationQuery[string] | undefined): string {
  const list = Array.isArray(value) ? value : [value]
  return list.find((v): v is string => typeof v === 'string') ?? ''
}

/** The mode of a route's query: 'text' only when it says mode=text. */
export function searchModeFromQuery(query: LocationQuery): SearchMode {
  return first(query.mode) === 'text' ? 'text' : 'query'
}

/** The text of a search by text in a route's query ('' when none), without surrounding blanks. */
export function textFromQuery(query: LocationQuery): string {
  return first(query.text).trim()
}

/** The route query of a search by text; an empty text leaves the mode alone in the URL. */
export function textSearchToQuery(text: string): LocationQueryRaw {
  const trimmed = text.trim()
  return trimmed ? { mode: 'text', text: trimmed } : { mode: 'text' }
}

/** Characters as a reader counts them: code points, so 𠀀 is one (JavaScript's length says 2). */
export function textLength(text: string): number {
  return Array.from(text).length
}

/** Is there a text to search for, and is it short enough? */
export function canSearchText(text: string): boolean {
  const trimmed = text.trim()
  return trimmed !== '' && textLength(trimmed) <= TEXT_SEARCH_MAX_CHARS
}
