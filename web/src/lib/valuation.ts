// Patent valuation on the patent page (GET /patents/{number}/valuation, docs/valuation.md):
// the five scenario presets, the 17 indicators in their three dimensions, and how each
// indicator's raw value reads in its unit.
//
// Values come from the server in the indicator's own unit (§3 of docs/valuation.md): days,
// counts, fen a year, basis points; the page shows them as a message key of the locale files
// with its parameters, so the words follow the language:
//
//   indicatorValue({ id: 'legal.remaining_term', value: 5675, known: true, value_label: '' })
//     →  { key: 'valuation.unit.years', params: { years: '15.5' } }
//   indicatorValue({ id: 'economic.market_share', value: 1250, … })
//     →  { key: 'valuation.unit.percent', params: { percent: '12.5' } }
//   indicatorValue({ id: 'economic.product_revenue', value: 123456, … })
//     →  { key: 'valuation.unit.yuanPerYear', params: { amount: '1,234.56' } }
import type { ValuationIndicator } from '@/api/types'
import { formatBp, formatFen } from './money'
import { codeKey } from './patentCodes'

/** The scenario presets of docs/valuation.md §4, in the order the page offers them. */
export const SCENARIOS = ['transfer_licence', 'pledge_finance', 'tax', 'infringement_remedy', 'portfolio_grading'] as const
export type Scenario = (typeof SCENARIOS)[number]
/** The server's default, and the scenario `iphub demo` batches. */
export const DEFAULT_SCENARIO: Scenario = 'portfolio_grading'

export function isScenario(value: unknown): value is Scenario {
  return typeof value === 'string' && (SCENARIOS as readonly string[]).includes(value)
}

export const DIMENSIONS = ['legal', 'technical', 'economic'] as const
export type Dimension = (typeof DIMENSIONS)[number]

/** The 17 indicators by stable id, in the server's order. */
export const INDICATORS = [
  'legal.remaining_term',
  'legal.status',
  'legal.claims',
  'legal.independent_claims',
  'legal.family_countries',
  'legal.stability',
  'legal.litigation',
  'technical.forward_citations',
  'technical.ipc_subclasses',
  'technical.ipc_groups',
  'technical.citation_age',
  'economic.transfers',
  'economic.licences',
  'economic.pledges',
  'economic.open_licence',
  'economic.product_revenue',
  'economic.market_share',
] as const
export type IndicatorId = (typeof INDICATORS)[number]

export function isIndicator(value: unknown): value is IndicatorId {
  return typeof value === 'string' && (INDICATORS as readonly string[]).includes(value)
}

/** The locale key of an indicator's name (`valuation.indicator.legal.remaining_term`), or null. */
export function indicatorLabelKey(id: string): string | null {
  return isIndicator(id) ? `valuation.indicator.${id}` : null
}

/** The locale key saying which input an indicator with `known: false` lacks, or null. */
export function indicatorMissingKey(id: string): string | null {
  return isIndicator(id) ? `valuation.missing.${id}` : null
}

/** A message of the locale files with its parameters. */
export interface Message {
  key: string
  params?: Record<string, string>
}

/** Days as years with one decimal (a year of 365.25 days). */
export function daysToYears(days: number): string {
  if (!Number.isFinite(days) || days <= 0) return '0.0'
  return (Math.round((days * 10) / 365.25) / 10).toFixed(1)
}

/** A count as a whole number (the server sends doubles). */
const count = (value: number) => String(Math.max(0, Math.round(value)))

/**
 * An indicator's raw value as a message in its unit, or the "no data" message when the server
 * says it is not known. Ids the page does not know show the bare number.
 */
export function indicatorValue(indicator: Pick<ValuationIndicator, 'id' | 'value' | 'value_label' | 'known'>): Message {
  if (!indicator.known) return { key: 'valuation.noData' }
  const value = Number.isFinite(indicator.value) ? indicator.value : 0
  switch (indicator.id) {
    case 'legal.remaining_term':
    case 'technical.citation_age':
      return { key: 'valuation.unit.years', params: { years: daysToYears(value) } }
    case 'legal.status': {
      const key = codeKey('legalStatus', indicator.value_label)
      return key ? { key } : { key: 'valuation.unit.text', params: { text: indicator.value_label || '' } }
    }
    case 'legal.claims':
    case 'legal.independent_claims':
      return { key: 'valuation.unit.claims', params: { count: count(value) } }
    case 'legal.family_countries':
      return { key: 'valuation.unit.countries', params: { count: count(value) } }
    case 'legal.stability':
      return { key: 'valuation.unit.decisions', params: { count: count(value) } }
    case 'legal.litigation':
      return { key: 'valuation.unit.cases', params: { count: count(value) } }
    case 'technical.forward_citations':
      return { key: 'valuation.unit.citations', params: { count: count(value) } }
    case 'technical.ipc_subclasses':
    case 'technical.ipc_groups':
      return { key: 'valuation.unit.classes', params: { count: count(value) } }
    case 'economic.transfers':
    case 'economic.licences':
    case 'economic.pledges':
      return { key: 'valuation.unit.events', params: { count: count(value) } }
    case 'economic.open_licence':
      return { key: value >= 1 ? 'valuation.unit.yes' : 'valuation.unit.no' }
    case 'economic.product_revenue':
      return { key: 'valuation.unit.yuanPerYear', params: { amount: formatFen(value) } }
    case 'economic.market_share':
      return { key: 'valuation.unit.percent', params: { percent: formatBp(value) } }
    default:
      return { key: 'valuation.unit.text', params: { text: String(value) } }
  }
}

/** A score or a total (0..100) as shown: one decimal. */
export function formatScore(score: number): string {
  return Number.isFinite(score) ? score.toFixed(1) : ''
}

/** A contribution in points of the total, as shown: two decimals. */
export function formatPoints(points: number): string {
  return Number.isFinite(points) ? points.toFixed(2) : ''
}

/** A percentile (0..100) as shown: a whole number. */
export function formatPercentile(percentile: number): string {
  return Number.isFinite(percentile) ? String(Math.round(percentile)) : ''
}

/** Grades A–E (docs/valuation.md §5) and the tone of their tag. */
export function gradeTone(grade: string | null | undefined): 'success' | 'primary' | 'info' | 'warning' | 'danger' {
  switch (grade) {
    case 'A':
      return 'success'
    case 'B':
      return 'primary'
    case 'C':
      return 'info'
    case 'D':
      return 'warning'
    case 'E':
      return 'danger'
    default:
      return 'info'
  }
}
