import { describe, expect, it } from 'vitest'
import en from '@/locales/en'
import zhCN from '@/locales/zh-CN'
import {
  DIMENSIONS,
  INDICATORS,
  SCENARIOS,
  daysToYears,
  formatPercentile,
  formatPoints,
  formatScore,
  gradeTone,
  indicatorLabelKey,
  indicatorMissingKey,
  indicatorValue,
} from '@/lib/valuation'

function lookUp(messages: unknown, key: string): unknown {
  let node = messages
  for (const part of key.split('.')) {
    if (!node || typeof node !== 'object' || !(part in node)) return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return node
}

const known = (id: string, value: number, value_label = '') => ({ id, value, value_label, known: true })

describe('indicator values in their unit', () => {
  it('shows days as years with one decimal', () => {
    expect(indicatorValue(known('legal.remaining_term', 5675))).toEqual({ key: 'valuation.unit.years', params: { years: '15.5' } })
    expect(indicatorValue(known('technical.citation_age', 2272))).toEqual({ key: 'valuation.unit.years', params: { years: '6.2' } })
    expect(indicatorValue(known('legal.remaining_term', 0))).toEqual({ key: 'valuation.unit.years', params: { years: '0.0' } })
    expect(daysToYears(3653)).toBe('10.0')
    expect(daysToYears(365)).toBe('1.0')
    expect(daysToYears(-3)).toBe('0.0')
  })

  it('shows the legal status by its name', () => {
    expect(indicatorValue(known('legal.status', 0, 'valid'))).toEqual({ key: 'legalStatus.valid' })
    expect(indicatorValue(known('legal.status', 0, 'lapsed'))).toEqual({ key: 'legalStatus.lapsed' })
    expect(indicatorValue(known('legal.status', 0, 'brand_new'))).toEqual({ key: 'valuation.unit.text', params: { text: 'brand_new' } })
  })

  it('shows counts as whole numbers', () => {
    expect(indicatorValue(known('legal.claims', 8))).toEqual({ key: 'valuation.unit.claims', params: { count: '8' } })
    expect(indicatorValue(known('legal.family_countries', 3))).toEqual({ key: 'valuation.unit.countries', params: { count: '3' } })
    expect(indicatorValue(known('technical.forward_citations', 12))).toEqual({ key: 'valuation.unit.citations', params: { count: '12' } })
    expect(indicatorValue(known('economic.pledges', 1))).toEqual({ key: 'valuation.unit.events', params: { count: '1' } })
  })

  it('shows basis points as a percentage and fen as yuan, exactly', () => {
    expect(indicatorValue(known('economic.market_share', 1250))).toEqual({ key: 'valuation.unit.percent', params: { percent: '12.5' } })
    expect(indicatorValue(known('economic.product_revenue', 1000000000))).toEqual({
      key: 'valuation.unit.yuanPerYear',
      params: { amount: '10,000,000.00' },
    })
    expect(indicatorValue(known('economic.product_revenue', 123456))).toEqual({
      key: 'valuation.unit.yuanPerYear',
      params: { amount: '1,234.56' },
    })
  })

  it('shows an open licence as declared or not', () => {
    expect(indicatorValue(known('economic.open_licence', 1))).toEqual({ key: 'valuation.unit.yes' })
    expect(indicatorValue(known('economic.open_licence', 0))).toEqual({ key: 'valuation.unit.no' })
  })

  it('shows no data when the server does not know the value', () => {
    expect(indicatorValue({ id: 'legal.litigation', value: 0, value_label: '', known: false })).toEqual({ key: 'valuation.noData' })
  })

  it('gives every message key it returns in both languages', () => {
    const samples = INDICATORS.flatMap((id) => [known(id, 0, 'valid'), known(id, 1), { ...known(id, 0), known: false }])
    const missing: string[] = []
    for (const sample of samples) {
      const { key } = indicatorValue(sample)
      if (typeof lookUp(zhCN, key) !== 'string') missing.push(`zh-CN:${key}`)
      if (typeof lookUp(en, key) !== 'string') missing.push(`en:${key}`)
    }
    expect(missing).toEqual([])
  })
})

describe('names in the locale files', () => {
  it('name each of the 17 indicators and what it lacks, keyed on its stable id', () => {
    expect(INDICATORS).toHaveLength(17)
    const missing: string[] = []
    for (const id of INDICATORS) {
      for (const key of [indicatorLabelKey(id)!, indicatorMissingKey(id)!]) {
        if (typeof lookUp(zhCN, key) !== 'string') missing.push(`zh-CN:${key}`)
        if (typeof lookUp(en, key) !== 'string') missing.push(`en:${key}`)
      }
    }
    expect(missing).toEqual([])
    expect(lookUp(zhCN, indicatorLabelKey('legal.remaining_term')!)).toBe('剩余保护期')
    expect(lookUp(zhCN, indicatorLabelKey('technical.forward_citations')!)).toBe('被引次数(同领域同年百分位)')
    expect(indicatorLabelKey('legal.nonsense')).toBeNull()
  })

  it('name the five scenarios and three dimensions', () => {
    for (const id of SCENARIOS) {
      expect(typeof lookUp(zhCN, `valuation.scenarios.${id}`)).toBe('string')
      expect(typeof lookUp(en, `valuation.scenarios.${id}`)).toBe('string')
    }
    expect(SCENARIOS.map((id) => lookUp(zhCN, `valuation.scenarios.${id}`))).toEqual(['许可转让', '质押融资', '财税', '侵权救济', '分级管理'])
    for (const id of DIMENSIONS) {
      expect(typeof lookUp(zhCN, `valuation.dimension.${id}`)).toBe('string')
      expect(typeof lookUp(en, `valuation.dimension.${id}`)).toBe('string')
    }
  })
})

describe('scores as shown', () => {
  it('rounds totals and scores to one decimal, contributions to two, percentiles to whole numbers', () => {
    expect(formatScore(34.93648354322565)).toBe('34.9')
    expect(formatScore(100)).toBe('100.0')
    expect(formatPoints(3.8631502098923165)).toBe('3.86')
    expect(formatPoints(0)).toBe('0.00')
    expect(formatPercentile(77.27272727272727)).toBe('77')
    expect(formatScore(Number.NaN)).toBe('')
  })

  it('colours the grades from A to E', () => {
    expect(['A', 'B', 'C', 'D', 'E'].map(gradeTone)).toEqual(['success', 'primary', 'info', 'warning', 'danger'])
    expect(gradeTone(null)).toBe('info')
  })
})
