import { describe, expect, it } from 'vitest'
import en from '@/locales/en'
import zhCN from '@/locales/zh-CN'
import {
  composeQuery,
  DEFAULT_SEARCH_PAGE_SIZE,
  facetExpression,
  FACETS,
  filterFromParam,
  hasSearch,
  quotePhrase,
  searchStateFromQuery,
  searchStateToQuery,
  SORT_LABEL_KEYS,
  SORTS,
  toggleFilter,
  type FacetFilter,
  type SearchState,
} from '@/lib/search'

const defaults: SearchState = { q: '', filters: [], sort: 'relevance', page: 1, size: DEFAULT_SEARCH_PAGE_SIZE }

describe('facet filters', () => {
  it('turn each facet value into the query language', () => {
    const cases: [FacetFilter, string][] = [
      [{ facet: 'year', value: '2018' }, 'AD=2018'],
      [{ facet: 'ipc_section', value: 'G' }, 'IPC=G'],
      [{ facet: 'ipc_class', value: 'G06' }, 'IPC=G06'],
      [{ facet: 'ipc_subclass', value: 'G06F' }, 'IPC=G06F'],
      [{ facet: 'ipc_group', value: 'G06F17/00' }, 'IPC=G06F17'],
      [{ facet: 'ipc_group', value: 'H01M10/00' }, 'IPC=H01M10'],
      [{ facet: 'applicant', value: '杭州合澜电池科技集团有限公司' }, 'PAN="杭州合澜电池科技集团有限公司"'],
      [{ facet: 'inventor', value: 'Zhang San' }, 'IN="Zhang San"'],
      [{ facet: 'province', value: '110000' }, 'RG=110000'],
      [{ facet: 'country', value: 'cn' }, 'CO=CN'],
      [{ facet: 'type', value: 'cn_invention_grant' }, 'TYPE=cn_invention_grant'],
      [{ facet: 'legal_status', value: 'valid' }, 'LS=valid'],
      [{ facet: 'legal_status', value: 'alive' }, 'LS=alive'],
    ]
    for (const [filter, expected] of cases) expect(facetExpression(filter), JSON.stringify(filter)).toBe(expected)
  })

  it('quote names with spaces, quotes, backslashes and query syntax', () => {
    expect(facetExpression({ facet: 'applicant', value: 'Acme "Blue" Robotics, Inc.' })).toBe(
      'PAN="Acme \\"Blue\\" Robotics, Inc."',
    )
    expect(facetExpression({ facet: 'applicant', value: 'A\\B (C) AND D*' })).toBe('PAN="A\\\\B (C) AND D*"')
    expect(quotePhrase('“中文引号”')).toBe('"“中文引号”"')
    expect(quotePhrase('')).toBe('""')
  })

  it('refuse values that cannot be a filter of their facet', () => {
    const bad: FacetFilter[] = [
      { facet: 'year', value: '18' },
      { facet: 'year', value: '' },
      { facet: 'ipc_class', value: 'G06F17/30 OR X' },
      { facet: 'province', value: '1100' },
      { facet: 'country', value: 'C N' },
      { facet: 'type', value: 'cn design' },
      { facet: 'legal_status', value: 'valid) OR (x' },
      { facet: 'applicant', value: '   ' },
    ]
    for (const filter of bad) expect(facetExpression(filter), JSON.stringify(filter)).toBeNull()
  })
})

describe('composing the query sent', () => {
  it('puts the user query in parentheses and ANDs the filters', () => {
    expect(composeQuery('TI=电池 OR TI=电芯', [{ facet: 'year', value: '2018' }])).toBe('(TI=电池 OR TI=电芯) AND AD=2018')
    expect(
      composeQuery(' 电池 ', [
        { facet: 'year', value: '2018' },
        { facet: 'applicant', value: 'Acme Co.' },
      ]),
    ).toBe('(电池) AND AD=2018 AND PAN="Acme Co."')
  })

  it('is the query itself without filters, and the filters alone without a query', () => {
    expect(composeQuery('  TI=(无人机 AND 电池)\n', [])).toBe('TI=(无人机 AND 电池)')
    expect(composeQuery('', [{ facet: 'country', value: 'US' }])).toBe('CO=US')
    expect(composeQuery('', [])).toBe('')
    expect(hasSearch({ q: ' ', filters: [] })).toBe(false)
    expect(hasSearch({ q: '', filters: [{ facet: 'type', value: 'cn_design' }] })).toBe(true)
  })

  it('leaves out filters that make no expression', () => {
    expect(composeQuery('a', [{ facet: 'year', value: 'x' }])).toBe('a')
  })

  it('adds a filter once, and removing it gives back exactly the query before', () => {
    const year: FacetFilter = { facet: 'year', value: '2018' }
    const applicant: FacetFilter = { facet: 'applicant', value: 'Acme' }
    const one = toggleFilter([], year)
    const two = toggleFilter(one, applicant)
    expect(two).toEqual([year, applicant])
    expect(toggleFilter(two, { ...year })).toEqual([applicant])
    expect(composeQuery('电池', toggleFilter(two, applicant))).toBe(composeQuery('电池', one))
    expect(composeQuery('电池', toggleFilter(one, year))).toBe('电池')
  })
})

describe('search state in the URL', () => {
  it('reads the query, filters, sort and page', () => {
    const state = searchStateFromQuery({
      q: ' TI=电池 ',
      f: ['year:2018', 'applicant:Acme: "Blue" Co.', 'province:370000'],
      sort: '-application_date',
      page: '3',
      size: '50',
    })
    expect(state).toEqual({
      q: 'TI=电池',
      filters: [
        { facet: 'year', value: '2018' },
        { facet: 'applicant', value: 'Acme: "Blue" Co.' },
        { facet: 'province', value: '370000' },
      ],
      sort: '-application_date',
      page: 3,
      size: 50,
    })
  })

  it('falls back to defaults and drops unusable filters', () => {
    expect(searchStateFromQuery({ sort: 'score', page: '0', size: '30' })).toEqual(defaults)
    expect(searchStateFromQuery({ f: 'colour:red' }).filters).toEqual([])
    expect(searchStateFromQuery({ f: ['year:20x8', 'nocolon', 'year:2018', 'year:2018'] }).filters).toEqual([
      { facet: 'year', value: '2018' },
    ])
    expect(filterFromParam('type:cn_design')).toEqual({ facet: 'type', value: 'cn_design' })
    expect(searchStateFromQuery({})).toEqual(defaults)
  })

  it('writes only what differs from the defaults', () => {
    expect(searchStateToQuery(defaults)).toEqual({})
    expect(
      searchStateToQuery({
        ...defaults,
        q: ' 电池 ',
        filters: [{ facet: 'year', value: '2018' }],
        sort: 'publication_date',
        page: 2,
        size: 20,
      }),
    ).toEqual({ q: '电池', f: ['year:2018'], sort: 'publication_date', page: '2', size: '20' })
  })

  it('keeps a minimum value score between 1 and 100 and the value sort', () => {
    const state = searchStateFromQuery({ q: '电池', sort: '-value', mv: '70' })
    expect(state).toEqual({ ...defaults, q: '电池', sort: '-value', minValue: 70 })
    expect(searchStateToQuery(state)).toEqual({ q: '电池', sort: '-value', mv: '70' })
    for (const bad of ['0', '101', '7.5', 'x', '-3']) {
      expect(searchStateFromQuery({ q: '电池', mv: bad })).toEqual({ ...defaults, q: '电池' })
    }
    expect(searchStateFromQuery({ mv: '100' }).minValue).toBe(100)
  })

  it('survives a round trip', () => {
    const state: SearchState = {
      q: 'TI=(无人机 AND 电池)\nAND AD>=2018',
      filters: [
        { facet: 'applicant', value: 'A "B" C' },
        { facet: 'legal_status', value: 'alive' },
      ],
      sort: '-publication_date',
      page: 4,
      size: 50,
    }
    expect(searchStateFromQuery(searchStateToQuery(state) as Record<string, string | string[]>)).toEqual(state)
  })
})

describe('search labels', () => {
  type Messages = { [key: string]: string | Messages }
  const lookUp = (messages: unknown, key: string): unknown =>
    key.split('.').reduce<unknown>((node, part) => (node as Messages | undefined)?.[part], messages)

  it('name every facet, sort order and status group in both languages', () => {
    const keys = [
      ...FACETS.map((facet) => `search.facets.${facet}`),
      ...SORTS.map((sort) => SORT_LABEL_KEYS[sort]),
      'search.statusGroups.alive',
      'search.statusGroups.dead',
    ]
    const missing = keys.flatMap((key) =>
      [
        ['zh-CN', zhCN],
        ['en', en],
      ].flatMap(([name, messages]) => (typeof lookUp(messages, key) === 'string' ? [] : [`${name}:${key}`])),
    )
    expect(missing).toEqual([])
  })
})
