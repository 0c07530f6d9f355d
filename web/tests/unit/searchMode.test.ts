import { describe, expect, it } from 'vitest'
import {
  canSearchText,
  searchModeFromQuery,
  textFromQuery,
  textLength,
  textSearchToQuery,
  TEXT_SEARCH_MAX_CHARS,
} from '@/lib/searchMode'
import { searchStateFromQuery } from '@/lib/search'

describe('search mode in the URL', () => {
  it('is query mode unless the URL says mode=text', () => {
    expect(searchModeFromQuery({})).toBe('query')
    expect(searchModeFromQuery({ q: 'TI=电池' })).toBe('query')
    expect(searchModeFromQuery({ mode: 'text' })).toBe('text')
    expect(searchModeFromQuery({ mode: ['text', 'query'] })).toBe('text')
    expect(searchModeFromQuery({ mode: 'TEXT' })).toBe('query')
    expect(searchModeFromQuery({ mode: 'similar' })).toBe('query')
    expect(searchModeFromQuery({ mode: null })).toBe('query')
  })

  it('reads the text without surrounding blanks, keeping its lines', () => {
    expect(textFromQuery({ mode: 'text', text: '  一种灌溉控制系统，\n结构简单。\n' })).toBe('一种灌溉控制系统，\n结构简单。')
    expect(textFromQuery({ mode: 'text' })).toBe('')
    expect(textFromQuery({ text: [null, '锂电池隔膜'] })).toBe('锂电池隔膜')
  })

  it('writes the mode and the trimmed text, and no text when there is none', () => {
    expect(textSearchToQuery(' lithium battery separator \n')).toEqual({ mode: 'text', text: 'lithium battery separator' })
    expect(textSearchToQuery('  ')).toEqual({ mode: 'text' })
  })

  it('reads back what it writes', () => {
    const text = '一种无人机电池散热装置 & "quotes" ?=#'
    const query = textSearchToQuery(text) as Record<string, string>
    expect(searchModeFromQuery(query)).toBe('text')
    expect(textFromQuery(query)).toBe(text)
  })

  it('leaves the query page its state: a text URL is an empty query search', () => {
    expect(searchStateFromQuery({ mode: 'text', text: '电池' }).q).toBe('')
  })
})

describe('length of a text', () => {
  it('counts characters as a reader does', () => {
    expect(textLength('')).toBe(0)
    expect(textLength('电池 ab')).toBe(5)
    // One character outside the BMP: two UTF-16 units, one code point.
    expect(textLength('𠀀')).toBe(1)
  })

  it('is searchable when not blank and at most the maximum', () => {
    expect(canSearchText('')).toBe(false)
    expect(canSearchText(' \n ')).toBe(false)
    expect(canSearchText('电池')).toBe(true)
    expect(canSearchText('电'.repeat(TEXT_SEARCH_MAX_CHARS))).toBe(true)
    expect(canSearchText(`  ${'电'.repeat(TEXT_SEARCH_MAX_CHARS)}\n`)).toBe(true)
    expect(canSearchText('电'.repeat(TEXT_SEARCH_MAX_CHARS + 1))).toBe(false)
    expect(canSearchText('𠀀'.repeat(TEXT_SEARCH_MAX_CHARS))).toBe(true)
  })

  it('keeps the longest text within the server’s 16 KiB of request line and headers', () => {
    // Percent-encoded as the API call and the page URL carry it; the worst case is a character
    // outside the BMP (4 bytes of UTF-8, 12 encoded). Leave 4 KiB for the other headers.
    const worst = '𠀀'.repeat(TEXT_SEARCH_MAX_CHARS)
    const target = `/api/v1/search/similar?${new URLSearchParams({ text: worst, size: '20' }).toString()}`
    expect(target.length).toBeLessThanOrEqual(16 * 1024 - 4 * 1024)
  })
})
