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
  WEIGHT_IDS,
  choiceKey,
  parseChoiceKey,
  readMarketInputs,
  readWeightTexts,
  weightFieldOf,
  weightLevel,
  weightMapOf,
  weightSums,
  weightTexts,
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

// portfolio_grading's preset (docs/valuation.md §4) as GET /valuation/scenarios gives it.
const PORTFOLIO = {
  dimensions: [
    {
      id: 'legal',
      weight_bp: 3400,
      indicators: [
        { id: 'legal.remaining_term', weight_bp: 2000 },
        { id: 'legal.status', weight_bp: 2000 },
        { id: 'legal.claims', weight_bp: 1500 },
        { id: 'legal.independent_claims', weight_bp: 1000 },
        { id: 'legal.family_countries', weight_bp: 1500 },
        { id: 'legal.stability', weight_bp: 1000 },
        { id: 'legal.litigation', weight_bp: 1000 },
      ],
    },
    {
      id: 'technical',
      weight_bp: 3300,
      indicators: [
        { id: 'technical.forward_citations', weight_bp: 4000 },
        { id: 'technical.ipc_subclasses', weight_bp: 2000 },
        { id: 'technical.ipc_groups', weight_bp: 2000 },
        { id: 'technical.citation_age', weight_bp: 2000 },
      ],
    },
    {
      id: 'economic',
      weight_bp: 3300,
      indicators: [
        { id: 'economic.transfers', weight_bp: 2000 },
        { id: 'economic.licences', weight_bp: 2000 },
        { id: 'economic.pledges', weight_bp: 1500 },
        { id: 'economic.open_licence', weight_bp: 1000 },
        { id: 'economic.product_revenue', weight_bp: 2000 },
        { id: 'economic.market_share', weight_bp: 1500 },
      ],
    },
  ],
}

describe('the weights picker', () => {
  it('writes a preset or a saved set as one key and reads it back', () => {
    expect(choiceKey({ kind: 'scenario', scenario: 'tax' })).toBe('scenario:tax')
    expect(choiceKey({ kind: 'set', id: 7 })).toBe('set:7')
    expect(parseChoiceKey('scenario:tax')).toEqual({ kind: 'scenario', scenario: 'tax' })
    expect(parseChoiceKey('set:7')).toEqual({ kind: 'set', id: 7 })
    for (const bad of ['scenario:fire_sale', 'set:0', 'set:-1', 'set:abc', 'tax', '']) expect(parseChoiceKey(bad)).toBeNull()
  })
})

describe('weights by id', () => {
  it('flattens a preset, and an explanation, into the 20 ids', () => {
    const map = weightMapOf(PORTFOLIO)
    expect(Object.keys(map).sort()).toEqual([...WEIGHT_IDS].sort())
    expect(map.legal).toBe(3400)
    expect(map['economic.market_share']).toBe(1500)
    const explanation = {
      dimensions: PORTFOLIO.dimensions.map(({ id, weight_bp }) => ({ id, weight_bp })),
      indicators: PORTFOLIO.dimensions.flatMap((d) => d.indicators),
    }
    expect(weightMapOf(explanation)).toEqual(map)
  })

  it('sums each level, every one of which must be 10000', () => {
    expect(weightSums(weightMapOf(PORTFOLIO))).toEqual({ dimensions: 10000, legal: 10000, technical: 10000, economic: 10000 })
    expect(weightSums({ legal: 6000, 'legal.claims': 1500 })).toEqual({ dimensions: 6000, legal: 1500, technical: 0, economic: 0 })
    expect(weightLevel('legal')).toBe('dimensions')
    expect(weightLevel('technical.ipc_groups')).toBe('technical')
    expect(weightLevel('legal.nonsense')).toBeNull()
  })

  it('shows weights as per cent and reads them back exactly', () => {
    const texts = weightTexts(weightMapOf(PORTFOLIO))
    expect(texts.legal).toBe('34')
    expect(texts['legal.claims']).toBe('15')
    expect(readWeightTexts(texts)).toEqual({ ok: true, weights: weightMapOf(PORTFOLIO) })
    // 33.33 % is 3333 bp, never 3332.9999…; an empty text is 0.
    const read = readWeightTexts({ ...texts, legal: '33.34', technical: '33.33 %', economic: ' 33.33', 'legal.litigation': '' })
    expect(read).toMatchObject({ ok: true, weights: { legal: 3334, technical: 3333, economic: 3333, 'legal.litigation': 0 } })
  })

  it('refuses a weight that does not read, with the reason, by id', () => {
    const texts = weightTexts(weightMapOf(PORTFOLIO))
    expect(readWeightTexts({ ...texts, 'legal.claims': '12.345', technical: '-5', economic: '101', legal: 'abc' })).toEqual({
      ok: false,
      errors: { 'legal.claims': 'decimals', technical: 'negative', economic: 'tooLarge', legal: 'invalid' },
    })
  })

  it('marks the editor field the server names', () => {
    expect(weightFieldOf('weights.legal.claims')).toBe('legal.claims')
    expect(weightFieldOf('weights.legal')).toBe('legal')
    expect(weightFieldOf('weights')).toBe('dimensions')
    expect(weightFieldOf('name')).toBe('name')
    expect(weightFieldOf('weights.legal.nonsense')).toBeNull()
    expect(weightFieldOf('base_scenario')).toBeNull()
    expect(weightFieldOf(undefined)).toBeNull()
  })
})

describe('market inputs', () => {
  it('reads yuan into integer fen and per cent into basis points, exactly', () => {
    expect(readMarketInputs('10,000,000', '15')).toEqual({ ok: true, market: { revenue_fen: 1000000000, market_share_bp: 1500 } })
    expect(readMarketInputs('19.99', '0.07%')).toEqual({ ok: true, market: { revenue_fen: 1999, market_share_bp: 7 } })
    expect(readMarketInputs('¥1,234.56', '')).toEqual({ ok: true, market: { revenue_fen: 123456 } })
    expect(readMarketInputs('  ', '')).toEqual({ ok: true, market: {} })
  })

  it('refuses what does not read, saying why', () => {
    expect(readMarketInputs('1.005', '101')).toEqual({ ok: false, errors: { revenue: 'decimals', share: 'tooLarge' } })
    expect(readMarketInputs('-3', '')).toEqual({ ok: false, errors: { revenue: 'negative' } })
    expect(readMarketInputs('', 'lots')).toEqual({ ok: false, errors: { share: 'invalid' } })
  })
})

describe('the words of weight sets and market inputs', () => {
  it('are in both languages', () => {
    const keys = [
      'valuation.weightSets.label',
      'valuation.weightSets.saveOpen',
      'valuation.weightSets.using',
      'valuation.weightSets.editorTitle',
      'valuation.weightSets.sum',
      'valuation.weightSets.fieldError',
      'valuation.weightSets.sumNot100',
      'valuation.weightSets.nameTaken',
      'valuation.market.title',
      'valuation.market.revenue',
      'valuation.market.share',
      'valuation.market.applied',
      'valuation.market.separator',
    ]
    const missing = keys.flatMap((key) => [
      ...(typeof lookUp(zhCN, key) === 'string' ? [] : [`zh-CN:${key}`]),
      ...(typeof lookUp(en, key) === 'string' ? [] : [`en:${key}`]),
    ])
    expect(missing).toEqual([])
  })
})
