// The query language (docs/query-language.md) as the search page presents it: the field
// codes and operators of the syntax help, the field picker's clause, and where in a query
// the server found a mistake. Names, explanations and examples live in the locale files under
// `search.fields.<CODE>` and `search.operators.<key>`.

export type FieldKind = 'text' | 'name' | 'code' | 'date'

export interface FieldCode {
  code: string
  /** text: analysed words; name: parties; code: numbers and classifications; date: dates and ranges. */
  kind: FieldKind
}

/** The field codes, in the order of docs/query-language.md §3. */
export const FIELD_CODES: readonly FieldCode[] = [
  { code: 'TI', kind: 'text' },
  { code: 'AB', kind: 'text' },
  { code: 'CL', kind: 'text' },
  { code: 'DE', kind: 'text' },
  { code: 'TA', kind: 'text' },
  { code: 'TAC', kind: 'text' },
  { code: 'PA', kind: 'name' },
  { code: 'IN', kind: 'name' },
  { code: 'AG', kind: 'name' },
  { code: 'AN', kind: 'code' },
  { code: 'PN', kind: 'code' },
  { code: 'IPC', kind: 'code' },
  { code: 'CPC', kind: 'code' },
  { code: 'AD', kind: 'date' },
  { code: 'PD', kind: 'date' },
  { code: 'GD', kind: 'date' },
  { code: 'PRD', kind: 'date' },
  { code: 'CO', kind: 'code' },
  { code: 'TYPE', kind: 'code' },
  { code: 'LS', kind: 'code' },
  { code: 'RG', kind: 'code' },
]

export interface Operator {
  key: string
  /** How it is written; the Chinese operators are escaped here (the locale files hold all other Chinese text). */
  forms: readonly string[]
}

export const OPERATORS: readonly Operator[] = [
  { key: 'and', forms: ['AND', '\u4e0e', '&&'] }, // 与
  { key: 'or', forms: ['OR', '\u6216', '||'] }, // 或
  { key: 'not', forms: ['NOT', '\u975e'] }, // 非
  { key: 'group', forms: ['( )'] },
  { key: 'phrase', forms: ['"…"', '\u201c…\u201d'] },
  { key: 'truncation', forms: ['*'] },
  { key: 'near', forms: ['W', 'nW'] },
  { key: 'nearAnyOrder', forms: ['D', 'nD'] },
  { key: 'compare', forms: ['>=', '>', '<=', '<'] },
  { key: 'range', forms: ['[a TO b]', '{a TO b}'] },
]

/** Whole queries of the syntax help (`search.examples.<key>.query` and `.meaning`). */
export const HELP_EXAMPLES = ['combined', 'applicant', 'exclude', 'proximity', 'status'] as const

// Also the full-width ＞ ＜ ＝ (U+FF1E, U+FF1C, U+FF1D), in any mix, and ≥ ≤.
const DATE_COMPARISON = /^([>\uff1e][=\uff1d]?|[<\uff1c][=\uff1d]?|[\u2265\u2264])\s*/

/**
 * The clause the field picker adds for a field and a typed value, or null for an empty value.
 * Words and codes go in a field group, so that several words all search the field:
 * `TI=(无人机 电池)`. A date field takes its value as written, for a date, a range or a
 * comparison: `AD=2018`, `AD=[2018 TO 2020]`, `AD>=2018` (from ">= 2018").
 */
export function fieldClause(code: string, value: string): string | null {
  const text = value.trim()
  if (!text) return null
  const field = FIELD_CODES.find((f) => f.code === code)
  if (field?.kind === 'date') {
    const comparison = DATE_COMPARISON.exec(text)
    if (comparison) return `${code}${comparison[1]}${text.slice(comparison[0].length)}`
    return `${code}=${text}`
  }
  return `${code}=(${text})`
}

// OR (or 或, ||) outside quotes binds looser than AND: "a OR b AND c" is "a OR (b AND c)".
// Parentheses may be full-width （ ） (U+FF08, U+FF09).
const OR_OPERATOR = /(^|[\s()\uff08\uff09])(OR|\u6216)(?=$|[\s()\uff08\uff09])|\|\|/

function withoutPhrases(query: string): string {
  return query.replace(/"(?:\\.|[^"\\])*"?|“[^”]*”?/g, '""')
}

/**
 * The query with `clause` joined by AND. A query with an OR is put in parentheses first, so
 * the clause narrows all of it.
 */
export function appendClause(query: string, clause: string): string {
  const base = query.trim()
  if (!base) return clause
  return OR_OPERATOR.test(withoutPhrases(base)) ? `(${base}) AND ${clause}` : `${base} AND ${clause}`
}

export interface MarkedQuery {
  before: string
  /** The character at the position (a whole code point), or '' when the position is at the end. */
  marked: string
  after: string
}

/**
 * Splits a query around the character the server named. Positions count Unicode code points
 * from 0 (docs/query-language.md §8), so a character outside the BMP (𠀀, an emoji) is one
 * position although JavaScript strings count it as two. A position past the end marks the end.
 */
export function markPosition(query: string, position: number): MarkedQuery {
  const chars = Array.from(query)
  const at = Math.max(0, Math.min(Math.trunc(position), chars.length))
  return {
    before: chars.slice(0, at).join(''),
    marked: chars[at] ?? '',
    after: chars.slice(at + 1).join(''),
  }
}
