import { describe, expect, it } from 'vitest'
import en from '@/locales/en'
import zhCN from '@/locales/zh-CN'
import {
  activeYearSpan,
  allFilters,
  applicantFilter,
  citationNetwork,
  citiesOfProvince,
  collaborationNetwork,
  countryFilter,
  DATE_KINDS,
  DEFAULT_TOP,
  documentsFilter,
  drillLocation,
  drillQuery,
  formatGrowth,
  growthRates,
  instantMs,
  isMunicipality,
  inventorFilter,
  IPC_LEVELS,
  ipcFilter,
  LANDSCAPE_SECTIONS,
  landscapeStateFromQuery,
  landscapeStateToQuery,
  legalStatusFilter,
  lifeCyclePoints,
  matrixCells,
  regionFilter,
  REPORT_TEMPLATES,
  shownSections,
  statusSlices,
  symbolSize,
  trendRows,
  typeFilter,
  yearFilter,
} from '@/lib/landscape'

describe('drill-down queries', () => {
  it('AND the filter to the query in parentheses', () => {
    expect(drillQuery('TI=(电池)', 'AD=2018')).toBe('(TI=(电池)) AND AD=2018')
    // An OR at the top of the query stays inside the parentheses.
    expect(drillQuery('电池 OR 电芯', 'IPC=H01M')).toBe('(电池 OR 电芯) AND IPC=H01M')
    expect(drillQuery('  TI=电池 \n', 'CO=CN')).toBe('(TI=电池) AND CO=CN')
  })

  it('are the filter alone without a query, and nothing without a filter', () => {
    expect(drillQuery('', 'AD=2018')).toBe('AD=2018')
    expect(drillQuery('TI=电池', null)).toBeNull()
  })

  it('open the search page with the query', () => {
    expect(drillLocation('TI=电池', 'GD=2020')).toEqual({ name: 'search', query: { q: '(TI=电池) AND GD=2020' } })
    expect(drillLocation('TI=电池', null)).toBeNull()
  })
})

describe('drill-down filters', () => {
  it('filter a year by application, publication or grant date', () => {
    expect(yearFilter('application', 2018)).toBe('AD=2018')
    expect(yearFilter('publication', 2018)).toBe('PD=2018')
    expect(yearFilter('grant', 2018)).toBe('GD=2018')
    expect(yearFilter('application', 2018.5)).toBeNull()
    expect(yearFilter('application', 99)).toBeNull()
    expect(yearFilter('application', Number.NaN)).toBeNull()
  })

  it('match an applicant by its exact normalised name (PAN), quoted', () => {
    expect(applicantFilter('华为技术有限公司')).toBe('PAN="华为技术有限公司"')
    expect(applicantFilter('  Acme Co., Ltd. ')).toBe('PAN="Acme Co., Ltd."')
    // Operators, parentheses and field-like text inside a name stay text.
    expect(applicantFilter('A AND (B) TI=c')).toBe('PAN="A AND (B) TI=c"')
  })

  it('escape quotes and backslashes inside a name (query language §1)', () => {
    expect(applicantFilter('Acme "Blue" Robotics')).toBe('PAN="Acme \\"Blue\\" Robotics"')
    expect(applicantFilter('C:\\temp')).toBe('PAN="C:\\\\temp"')
    expect(applicantFilter('"')).toBe('PAN="\\""')
    // Chinese quotes need no escape inside ASCII quotes.
    expect(applicantFilter('“蓝”公司')).toBe('PAN="“蓝”公司"')
  })

  it('give nothing for an empty name (empty quotes are an error)', () => {
    expect(applicantFilter('')).toBeNull()
    expect(applicantFilter('   ')).toBeNull()
    expect(applicantFilter()).toBeNull()
    expect(applicantFilter('A', '')).toBeNull()
    expect(inventorFilter(' ')).toBeNull()
  })

  it('match co-applicants by both names, once each', () => {
    expect(applicantFilter('甲公司', '乙大学')).toBe('PAN="甲公司" AND PAN="乙大学"')
    expect(applicantFilter('甲公司', ' 甲公司')).toBe('PAN="甲公司"')
  })

  it('match an inventor', () => {
    expect(inventorFilter('张三')).toBe('IN="张三"')
    expect(inventorFilter('Zhang "San"')).toBe('IN="Zhang \\"San\\""')
  })

  it('match IPC codes at every level, a main group without its /00', () => {
    expect(ipcFilter('H')).toBe('IPC=H')
    expect(ipcFilter('H01')).toBe('IPC=H01')
    expect(ipcFilter('G06F')).toBe('IPC=G06F')
    expect(ipcFilter('G06F17/00')).toBe('IPC=G06F17')
    expect(ipcFilter('G06F 17/00')).toBe('IPC=G06F17')
    expect(ipcFilter('h01m10/00')).toBe('IPC=H01M10')
    expect(ipcFilter('X99')).toBeNull()
    expect(ipcFilter('')).toBeNull()
  })

  it('match a matrix cell by both subclasses, and the diagonal by one', () => {
    expect(ipcFilter('H01M', 'H02J')).toBe('IPC=H01M AND IPC=H02J')
    expect(ipcFilter('H01M', 'H01M')).toBe('IPC=H01M')
    expect(ipcFilter('H01M', 'bad')).toBeNull()
  })

  it('match provinces and cities by region code, countries, statuses and types', () => {
    expect(regionFilter('320000')).toBe('RG=320000')
    expect(regionFilter('320100')).toBe('RG=320100')
    expect(regionFilter('32')).toBeNull()
    expect(countryFilter('CN')).toBe('CO=CN')
    expect(countryFilter('us')).toBe('CO=US')
    expect(countryFilter('China')).toBeNull()
    expect(legalStatusFilter('valid')).toBe('LS=valid')
    expect(legalStatusFilter('alive')).toBe('LS=alive')
    expect(legalStatusFilter('a b')).toBeNull()
    expect(typeFilter('cn_invention_grant')).toBe('TYPE=cn_invention_grant')
    expect(typeFilter('')).toBeNull()
  })

  it('match documents by publication number', () => {
    expect(documentsFilter('CN112345678A')).toBe('PN=CN112345678A')
    expect(documentsFilter('CN112345678A', 'US 7057742 B2')).toBe('(PN=CN112345678A OR PN=US7057742B2)')
    expect(documentsFilter('CN1A', 'x"y')).toBeNull()
  })

  it('combine filters only when every one is usable', () => {
    expect(allFilters(applicantFilter('甲公司'), yearFilter('application', 2019))).toBe('PAN="甲公司" AND AD=2019')
    expect(allFilters(applicantFilter(''), 'AD=2019')).toBeNull()
    expect(allFilters()).toBeNull()
  })
})

describe('growth rates', () => {
  it('compare each year with the one before', () => {
    expect(growthRates([4, 5, 10, 10, 5])).toEqual([null, 0.25, 1, 0, -0.5])
  })

  it('are null for the first year and after a year of none', () => {
    expect(growthRates([0, 5, 0, 3])).toEqual([null, null, -1, null])
    expect(growthRates([])).toEqual([])
  })

  it('are written as signed per cent', () => {
    expect(formatGrowth(0.25, 'en')).toBe('+25.0%')
    expect(formatGrowth(-0.125, 'en')).toBe('-12.5%')
    expect(formatGrowth(0, 'en')).toBe('0.0%')
    expect(formatGrowth(null, 'en')).toBe('')
  })
})

describe('the trend', () => {
  it('has a row per year with the three counts and their growth', () => {
    const rows = trendRows({
      years: [2018, 2019, 2020],
      filings: { application: [2, 4, 3], publication: [0, 2, 4], grant: [0, 0, 1] },
    })
    expect(rows.map((r) => r.year)).toEqual([2018, 2019, 2020])
    expect(rows[1].counts).toEqual({ application: 4, publication: 2, grant: 0 })
    expect(rows[1].growth).toEqual({ application: 1, publication: null, grant: null })
    expect(rows[2].growth).toEqual({ application: -0.25, publication: 1, grant: null })
  })

  it('spans the years where any series has a count', () => {
    expect(activeYearSpan([[0, 0, 1, 0, 0], [0, 0, 0, 2, 0]])).toEqual([2, 3])
    expect(activeYearSpan([[0, 0]])).toBeNull()
    expect(activeYearSpan([])).toBeNull()
  })
})

describe('regions', () => {
  const cities = [
    { value: '320500', count: 3 },
    { value: '320100', count: 7 },
    { value: '330100', count: 9 },
    { value: '110100', count: 4 },
    { value: '320000', count: 1 },
  ]

  it('give a province its cities (same first two digits), most first', () => {
    expect(citiesOfProvince(cities, '320000')).toEqual([
      { value: '320100', count: 7 },
      { value: '320500', count: 3 },
    ])
    // A municipality's "city" is 110100.
    expect(citiesOfProvince(cities, '110000')).toEqual([{ value: '110100', count: 4 }])
    expect(citiesOfProvince(cities, '440000')).toEqual([])
    expect(citiesOfProvince(cities, '')).toEqual([])
  })

  it('know the four municipalities by their codes', () => {
    expect(['110000', '110100', '120101', '310115', '500000'].every(isMunicipality)).toBe(true)
    expect(['370000', '320100', '11', ''].some(isMunicipality)).toBe(false)
  })
})

describe('chart shapes', () => {
  it('leave the status groups out of the status pie', () => {
    const statuses = [
      { value: 'valid', count: 4 },
      { value: 'alive', count: 6 },
      { value: 'pending', count: 2 },
      { value: 'dead', count: 1 },
      { value: 'lapsed', count: 0 },
    ]
    expect(statusSlices(statuses).map((s) => s.value)).toEqual(['valid', 'pending'])
  })

  it('scale the matrix colours by the cells off the diagonal', () => {
    const { cells, maxOffDiagonal } = matrixCells({
      codes: ['H01M', 'H02J'],
      counts: [
        [70, 3],
        [3, 20],
      ],
    })
    expect(cells).toHaveLength(4)
    expect(cells[1]).toEqual({ row: 0, column: 1, count: 3 })
    expect(maxOffDiagonal).toBe(3)
  })

  it('join the life-cycle points in year order', () => {
    const points = lifeCyclePoints([
      { year: 2020, applicants: 5, filings: 9 },
      { year: 2018, applicants: 1, filings: 2 },
      { year: 2019, applicants: 3, filings: 4 },
    ])
    expect(points.map((p) => p.year)).toEqual([2018, 2019, 2020])
    expect(points[0]).toEqual({ year: 2018, filings: 2, applicants: 1 })
  })

  it('size symbols by the square root of the count, within bounds', () => {
    expect(symbolSize(1, 1, 100)).toBe(12)
    expect(symbolSize(100, 1, 100)).toBe(48)
    expect(symbolSize(25, 1, 100, 10, 100)).toBe(10 + Math.round((4 / 9) * 90))
    expect(symbolSize(5, 5, 5)).toBe(30)
  })

  it('draw the collaboration network without links to unlisted or the same applicant', () => {
    const network = collaborationNetwork({
      nodes: [
        { name: 'A', count: 10 },
        { name: 'B', count: 1 },
      ],
      links: [
        { source: 'A', target: 'B', count: 2 },
        { source: 'A', target: 'C', count: 1 },
        { source: 'A', target: 'A', count: 5 },
      ],
    })
    expect(network.nodes.map((n) => [n.name, n.size])).toEqual([
      ['A', 48],
      ['B', 12],
    ])
    expect(network.links).toEqual([{ source: 'A', target: 'B', count: 2 }])
  })

  it('draw the citation graph over the most cited and the ends of every link', () => {
    const network = citationNetwork({
      most_cited: [
        { publication_number: 'CN1A', title: 'a', cited_by: 4 },
        { publication_number: 'CN2A', title: 'b', cited_by: 1 },
      ],
      links: [
        { citing: 'CN3A', cited: 'CN1A' },
        { citing: 'CN2A', cited: 'CN1A' },
        { citing: 'CN1A', cited: 'CN1A' },
      ],
    })
    expect(network.nodes.map((n) => [n.name, n.count])).toEqual([
      ['CN1A', 4],
      ['CN2A', 1],
      ['CN3A', 0],
    ])
    expect(network.links.map((l) => [l.source, l.target])).toEqual([
      ['CN3A', 'CN1A'],
      ['CN2A', 'CN1A'],
    ])
  })
})

describe('report sections', () => {
  it('follow the template, known keys once each, citations only when there are some', () => {
    const keys = ['trend', 'regions', 'bogus', 'trend', 'citations', 'applicants']
    expect(shownSections(keys, {})).toEqual(['trend', 'regions', 'applicants'])
    expect(shownSections(keys, { citations: { most_cited: [], links: [] } })).toEqual([
      'trend',
      'regions',
      'citations',
      'applicants',
    ])
  })
})

describe('the page state in the URL', () => {
  it('reads the query and the ranking size, falling back to 10', () => {
    expect(landscapeStateFromQuery({ q: ' TI=电池 ', top: '20' })).toEqual({ q: 'TI=电池', top: 20 })
    expect(landscapeStateFromQuery({})).toEqual({ q: '', top: DEFAULT_TOP })
    expect(landscapeStateFromQuery({ q: ['a', 'b'], top: '51' })).toEqual({ q: 'a', top: DEFAULT_TOP })
    expect(landscapeStateFromQuery({ q: 'a', top: '0' }).top).toBe(DEFAULT_TOP)
    expect(landscapeStateFromQuery({ q: 'a', top: '5x' }).top).toBe(DEFAULT_TOP)
  })

  it('writes only what differs from the defaults', () => {
    expect(landscapeStateToQuery({ q: 'TI=电池', top: 10 })).toEqual({ q: 'TI=电池' })
    expect(landscapeStateToQuery({ q: ' ', top: 50 })).toEqual({ top: '50' })
  })
})

describe('instants of the API', () => {
  it('read ISO 8601 texts and Unix milliseconds', () => {
    expect(instantMs('2026-11-28T16:40:00+08:00')).toBe(Date.UTC(2026, 10, 28, 8, 40))
    expect(instantMs(1_700_000_000_000)).toBe(1_700_000_000_000)
    expect(instantMs('yesterday')).toBeNull()
    expect(instantMs('')).toBeNull()
    expect(instantMs(null)).toBeNull()
  })
})

describe('names built at run time', () => {
  const lookup = (messages: object, key: string): unknown =>
    key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages)

  it('exist in both languages', () => {
    const keys = [
      ...LANDSCAPE_SECTIONS.map((s) => `navigation.sections.${s}`),
      ...DATE_KINDS.map((k) => `navigation.dates.${k}`),
      ...IPC_LEVELS.map((l) => `navigation.ipcLevels.${l}`),
      ...REPORT_TEMPLATES.map((k) => `reports.templates.${k}`),
    ]
    for (const key of keys) {
      expect(typeof lookup(zhCN, key), key).toBe('string')
      expect(typeof lookup(en, key), key).toBe('string')
    }
  })
})
