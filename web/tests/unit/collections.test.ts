import { describe, expect, it } from 'vitest'
import {
  asSort,
  changedFields,
  codePointLength,
  nameProblem,
  NAME_MAX_CHARS,
  searchRoute,
  searchToSave,
  suggestName,
} from '@/lib/collections'

describe('nameProblem', () => {
  it('wants 1 to 100 characters after trimming, counted as the server counts', () => {
    expect(nameProblem('  ')).toBe('required')
    expect(nameProblem(' Battery ')).toBeNull()
    expect(nameProblem('\u7535'.repeat(NAME_MAX_CHARS))).toBeNull()
    expect(nameProblem('\u7535'.repeat(NAME_MAX_CHARS + 1))).toBe('tooLong')
    // An emoji is two UTF-16 units but one character.
    expect(nameProblem('\u{1F600}'.repeat(NAME_MAX_CHARS))).toBeNull()
  })

  it('counts code points', () => {
    expect(codePointLength('a\u{1F600}b')).toBe(3)
  })
})

describe('saving a search', () => {
  it('keeps the facet filters in the saved query', () => {
    expect(
      searchToSave({ q: 'TI=battery', filters: [{ facet: 'year', value: '2018' }], sort: '-publication_date' }),
    ).toEqual({ query: '(TI=battery) AND AD=2018', sort: '-publication_date' })
    expect(searchToSave({ q: 'TI=battery', filters: [], sort: 'relevance' })).toEqual({
      query: 'TI=battery',
      sort: 'relevance',
    })
  })

  it('proposes the query as the name, on one line and cut to fit', () => {
    expect(suggestName('TI=battery\n  AND AD>=2018')).toBe('TI=battery AND AD>=2018')
    const long = suggestName('x'.repeat(300))
    expect(codePointLength(long)).toBe(NAME_MAX_CHARS)
    expect(long.endsWith('\u2026')).toBe(true)
  })
})

describe('running a saved search', () => {
  it('opens the search page with the query and a known sort', () => {
    expect(searchRoute('TI=battery', '-application_date')).toEqual({
      name: 'search',
      query: { q: 'TI=battery', sort: '-application_date' },
    })
    expect(searchRoute('TI=battery', 'relevance')).toEqual({ name: 'search', query: { q: 'TI=battery' } })
    expect(searchRoute('TI=battery', 'title')).toEqual({ name: 'search', query: { q: 'TI=battery' } })
    expect(asSort(undefined)).toBe('relevance')
  })
})

describe('changedFields', () => {
  it('keeps only what differs', () => {
    expect(changedFields({ name: 'a', shared: false, query: 'q' }, { name: 'b', shared: false, query: 'q' })).toEqual({
      name: 'b',
    })
    expect(changedFields({ name: 'a' }, { name: 'a' })).toEqual({})
  })
})
