// The high-value invention patents' pure logic (lib/highValue.ts, views/stats/highValueChart.ts):
// who reads the statistics, the page state in the URL and the request it makes, the drill-down
// and its trail, the child-region rows and their sorting (the indicator as integer hundredths,
// no population last), the indicator, counts and the pledge threshold as shown (integer fen to
// yuan), a patent's verdict, and the bar chart's option.
import { describe, expect, it } from 'vitest'
import type { HighValueCounts, HighValueRegionCount } from '@/api/types'
import {
  HIGH_VALUE_CATEGORIES,
  PLATFORM_REGION,
  canDrill,
  canReadHighValueStats,
  comparePer10k,
  comparePopulation,
  drillTo,
  formatCount,
  formatPer10k,
  highValueQueryFromState,
  highValueRequest,
  highValueRows,
  highValueStateFromQuery,
  patentVerdict,
  per10kHundredths,
  pledgeThresholdYuan,
  regionTrail,
  rootRegion,
} from '@/lib/highValue'
import en from '@/locales/en'
import zhCN from '@/locales/zh-CN'
import { hasChartData, highValueChartOption } from '@/views/stats/highValueChart'

const NONE = { strategic_emerging_industry: 0, family_abroad: 0, maintained_over_10_years: 0, pledge_financing: 0, award: 0 }

function region(code: string, name: string, c: Partial<HighValueRegionCount> = {}): HighValueRegionCount {
  return { code, name, level: 'city', valid_inventions: 0, high_value: 0, categories: { ...NONE }, population: null, per_10k: null, ...c }
}

const COUNTS: HighValueCounts = {
  as_of: '2024-06-30',
  population_year: 2023,
  rules: { maintenance_rule: 'filing_date', maintenance_years: 10, pledge_threshold_fen: 1_000_000_000, pledge_threshold_verified: false },
  sei: null,
  region: region('370000', '山东省', { level: 'province', valid_inventions: 5, high_value: 4, population: 101_230_000, per_10k: '0.00' }),
  // out of order on purpose: the rows go by code
  children: [
    region('370200', '青岛市', { valid_inventions: 1, high_value: 1, categories: { ...NONE, award: 1, pledge_financing: 1 }, population: 10_000, per_10k: '1.00' }),
    region('370100', '济南市', { valid_inventions: 3, high_value: 2, categories: { ...NONE, maintained_over_10_years: 2 } }),
    region('370300', '淄博市', { valid_inventions: 1, high_value: 0, population: 4_700_000, per_10k: '12.50' }),
  ],
  unplaced: { valid_inventions: 0, high_value: 0 },
}

describe('who reads the statistics', () => {
  it('is officials and platform administrators', () => {
    expect(canReadHighValueStats({ role: 'official' })).toBe(true)
    expect(canReadHighValueStats({ role: 'platform_admin' })).toBe(true)
    expect(canReadHighValueStats({ role: 'org_admin' })).toBe(false)
    expect(canReadHighValueStats(null)).toBe(false)
  })

  it('starts an official at their region and an administrator at the country', () => {
    expect(rootRegion({ role: 'official', region_code: '370100' })).toBe('370100')
    expect(rootRegion({ role: 'platform_admin', region_code: null })).toBe(PLATFORM_REGION)
  })
})

describe('numbers as shown', () => {
  it('groups counts by thousands', () => {
    expect(formatCount(0)).toBe('0')
    expect(formatCount(999)).toBe('999')
    expect(formatCount(101_230_000)).toBe('101,230,000')
    expect(formatCount(null)).toBe('')
  })

  it('reads the indicator as integer hundredths', () => {
    expect(per10kHundredths('3.20')).toBe(320)
    expect(per10kHundredths('0.00')).toBe(0)
    expect(per10kHundredths('12.5')).toBe(1250)
    expect(per10kHundredths('1234.05')).toBe(123405)
    expect(per10kHundredths(null)).toBeNull()
    expect(per10kHundredths('n/a')).toBeNull()
  })

  it('shows the indicator with two decimals, or nothing without a population', () => {
    expect(formatPer10k('3.20')).toBe('3.20')
    expect(formatPer10k('0.00')).toBe('0.00')
    expect(formatPer10k('1234.5')).toBe('1,234.50')
    expect(formatPer10k(null)).toBeNull()
  })

  it('shows the pledge threshold in yuan from integer fen, exactly', () => {
    expect(pledgeThresholdYuan(1_000_000_000)).toBe('10,000,000.00')
    expect(pledgeThresholdYuan(1)).toBe('0.01')
    expect(pledgeThresholdYuan(Number.MAX_SAFE_INTEGER)).toBe('90,071,992,547,409.91')
  })
})

describe('the page state in the URL', () => {
  it('keeps what is well-formed and drops the rest', () => {
    expect(highValueStateFromQuery({ region: '370100', as_of: '2024-06-30', year: '2023' })).toEqual({
      region: '370100',
      asOf: '2024-06-30',
      year: '2023',
    })
    expect(highValueStateFromQuery({ region: '37', as_of: '2024-13-01', year: '1800' })).toEqual({ region: '', asOf: '', year: '' })
    expect(highValueStateFromQuery({ year: '2100' }).year).toBe('2100')
    expect(highValueStateFromQuery({ year: '1949' }).year).toBe('1949')
  })

  it('leaves defaults out of the URL and the request', () => {
    expect(highValueQueryFromState({ region: '', asOf: '', year: '' })).toEqual({})
    expect(highValueQueryFromState({ region: '370100', asOf: '2024-06-30', year: '2023' })).toEqual({
      region: '370100',
      as_of: '2024-06-30',
      year: '2023',
    })
    expect(highValueRequest({ region: '370100', asOf: '', year: '2023' })).toEqual({ region: '370100', year: 2023 })
    expect(highValueRequest({ region: '', asOf: '', year: '' })).toEqual({})
  })
})

describe('the drill-down', () => {
  it('opens a child keeping the day and the year; the own region is the default', () => {
    const state = { region: '', asOf: '2024-06-30', year: '2023' }
    expect(drillTo(state, '370102', '370100')).toEqual({ region: '370102', asOf: '2024-06-30', year: '2023' })
    expect(drillTo({ ...state, region: '370102' }, '370100', '370100')).toEqual(state)
  })

  it('trails from the caller’s region down, never above it', () => {
    const path = [
      { code: '370000', name: '山东省' },
      { code: '370100', name: '济南市' },
      { code: '370102', name: '历下区' },
    ]
    expect(regionTrail(path, '370100').map((s) => s.code)).toEqual(['370100', '370102'])
    expect(regionTrail(path, PLATFORM_REGION).map((s) => s.code)).toEqual([PLATFORM_REGION, '370000', '370100', '370102'])
  })

  it('does not drill into a county', () => {
    expect(canDrill({ level: 'city' })).toBe(true)
    expect(canDrill({ level: 'province' })).toBe(true)
    expect(canDrill({ level: 'county' })).toBe(false)
  })
})

describe('the table of child regions', () => {
  const rows = highValueRows(COUNTS)

  it('has one row per child, by code, with every category', () => {
    expect(rows.map((r) => r.code)).toEqual(['370100', '370200', '370300'])
    expect(rows[1]).toMatchObject({
      name: '青岛市',
      valid_inventions: 1,
      high_value: 1,
      award: 1,
      pledge_financing: 1,
      maintained_over_10_years: 0,
      population: 10_000,
      per_10k: '1.00',
      per_10k_hundredths: 100,
    })
    for (const row of rows) for (const key of HIGH_VALUE_CATEGORIES) expect(typeof row[key]).toBe('number')
  })

  it('sorts the indicator by value, not as text, with no population last', () => {
    const byIndicator = [...rows].sort(comparePer10k).map((r) => r.per_10k)
    expect(byIndicator).toEqual(['1.00', '12.50', null])
    const byPopulation = [...rows].sort(comparePopulation).map((r) => r.population)
    expect(byPopulation).toEqual([10_000, 4_700_000, null])
  })
})

describe('a patent’s verdict', () => {
  const base = { invention_grant: true, granted_by_as_of: true, valid_invention: true, high_value: true }
  it('tells high-value, not high-value and out of scope apart', () => {
    expect(patentVerdict(base)).toBe('high-value')
    expect(patentVerdict({ ...base, high_value: false })).toBe('not-high-value')
    expect(patentVerdict({ ...base, invention_grant: false, valid_invention: false, high_value: false })).toBe('not-invention')
    expect(patentVerdict({ ...base, valid_invention: false, high_value: false })).toBe('not-valid')
    // A grant published after the day (its status may read valid): not yet in force.
    expect(patentVerdict({ ...base, granted_by_as_of: false, valid_invention: false, high_value: false })).toBe(
      'not-yet-granted',
    )
  })

  it('has a label for every verdict and category in both languages', () => {
    for (const messages of [zhCN, en]) {
      for (const key of ['high-value', 'not-high-value', 'not-invention', 'not-yet-granted', 'not-valid'] as const) {
        expect(messages.highValue.card.verdict[key]).toBeTruthy()
        expect(messages.highValue.card.verdictText[key]).toBeTruthy()
      }
      for (const key of HIGH_VALUE_CATEGORIES) expect(messages.highValue.categories[key]).toBeTruthy()
    }
  })
})

describe('the bar chart', () => {
  const rows = highValueRows(COUNTS)
  const option = highValueChartOption(rows, { highValue: 'HV', validInventions: 'Valid' })

  it('draws high-value and valid patents per child, each bar carrying its region', () => {
    const xAxis = option.xAxis as { data: string[] }
    expect(xAxis.data).toEqual(['济南市', '青岛市', '淄博市'])
    const series = option.series as { name: string; type: string; data: { value: number; code: string }[] }[]
    expect(series.map((s) => [s.type, s.name])).toEqual([
      ['bar', 'HV'],
      ['bar', 'Valid'],
    ])
    expect(series[0]!.data).toEqual([
      { value: 2, code: '370100' },
      { value: 1, code: '370200' },
      { value: 0, code: '370300' },
    ])
    expect(series[1]!.data.map((d) => d.value)).toEqual([3, 1, 1])
    expect(option.animation).toBe(false)
  })

  it('has nothing to draw when every child is empty', () => {
    expect(hasChartData(rows)).toBe(true)
    expect(hasChartData(highValueRows({ children: [region('370100', '济南市')] }))).toBe(false)
    expect(hasChartData([])).toBe(false)
  })
})
