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
import { formatBp, formatFen, parsePercentToBp, parseYuanToFen, type ParseReason } from './money'
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

// ---------------------------------------------------------------------------------------------
// A user's own weights and market inputs (docs/valuation.md "Saved weight sets", §3 market).
//
//   choiceKey({ kind: 'set', id: 7 })                  →  'set:7'
//   parseChoiceKey('scenario:tax')                      →  { kind: 'scenario', scenario: 'tax' }
//   weightMapOf(valuation)                              →  { legal: 3400, 'legal.remaining_term': 2000, … }
//   readWeightTexts({ legal: '60', … })                 →  { ok: true, weights: { legal: 6000, … } }
//   weightFieldOf('weights.legal.claims')               →  'legal.claims'
//   readMarketInputs('10,000,000', '15')                →  { ok: true, market: { revenue_fen: 1000000000, market_share_bp: 1500 } }

/** Basis points by dimension or indicator id, as the API takes and gives them. */
export type WeightMap = Record<string, number>

/** Every weight id the API knows: the three dimensions, then the 17 indicators. */
export const WEIGHT_IDS: readonly string[] = [...DIMENSIONS, ...INDICATORS]

/** What the card weighs by: a scenario preset or one of the user's saved sets. */
export type WeightsChoice = { kind: 'scenario'; scenario: Scenario } | { kind: 'set'; id: number }

/** A choice as one string (select values, test ids): 'scenario:tax', 'set:7'. */
export function choiceKey(choice: WeightsChoice): string {
  return choice.kind === 'scenario' ? `scenario:${choice.scenario}` : `set:${choice.id}`
}

/** The inverse of choiceKey; null for anything else. */
export function parseChoiceKey(key: string): WeightsChoice | null {
  const scenario = /^scenario:(.+)$/.exec(key)
  if (scenario) return isScenario(scenario[1]) ? { kind: 'scenario', scenario: scenario[1] } : null
  const set = /^set:([1-9]\d{0,15})$/.exec(key)
  return set ? { kind: 'set', id: Number(set[1]) } : null
}

/**
 * The weights an answer or a preset shows, by id: dimensions from `dimensions`, indicators from
 * `indicators` (an explanation) or from each dimension's `indicators` (a preset, a saved set).
 */
export function weightMapOf(source: {
  dimensions: { id: string; weight_bp: number; indicators?: { id: string; weight_bp: number }[] }[]
  indicators?: { id: string; weight_bp: number }[]
}): WeightMap {
  const out: WeightMap = {}
  for (const dimension of source.dimensions) {
    out[dimension.id] = dimension.weight_bp
    for (const indicator of dimension.indicators ?? []) out[indicator.id] = indicator.weight_bp
  }
  for (const indicator of source.indicators ?? []) out[indicator.id] = indicator.weight_bp
  return out
}

/** Which level a weight belongs to: 'dimensions' for a dimension, else its dimension's id. */
export function weightLevel(id: string): 'dimensions' | Dimension | null {
  if ((DIMENSIONS as readonly string[]).includes(id)) return 'dimensions'
  const dimension = id.split('.')[0]
  return isIndicator(id) && (DIMENSIONS as readonly string[]).includes(dimension) ? (dimension as Dimension) : null
}

/**
 * The sum of each level in basis points — the dimensions, and the indicators of each dimension —
 * each of which must be exactly 10000 (ids not in the map count 0).
 */
export function weightSums(weights: WeightMap): Record<'dimensions' | Dimension, number> {
  const sums = { dimensions: 0, legal: 0, technical: 0, economic: 0 }
  for (const id of WEIGHT_IDS) {
    const level = weightLevel(id)
    if (level) sums[level] += weights[id] ?? 0
  }
  return sums
}

/** The weights as per-cent texts for the editor's inputs: 3400 → '34'. */
export function weightTexts(weights: WeightMap): Record<string, string> {
  const out: Record<string, string> = {}
  for (const id of WEIGHT_IDS) out[id] = formatBp(weights[id] ?? 0)
  return out
}

/**
 * The editor's per-cent texts read exactly into basis points (at most two decimals, 0..100 %).
 * The sums are the server's to check (it names the level that is wrong); an empty text is 0.
 */
export function readWeightTexts(
  texts: Record<string, string>,
): { ok: true; weights: WeightMap } | { ok: false; errors: Record<string, ParseReason> } {
  const weights: WeightMap = {}
  const errors: Record<string, ParseReason> = {}
  for (const id of WEIGHT_IDS) {
    const text = (texts[id] ?? '').trim()
    if (text === '') {
      weights[id] = 0
      continue
    }
    const parsed = parsePercentToBp(text, 10000)
    if (parsed.ok) weights[id] = parsed.value
    else errors[id] = parsed.reason
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, weights }
}

/**
 * The editor field a server error names: 'weights.legal.claims' → 'legal.claims' (that
 * weight), 'weights.legal' → 'legal' (that dimension's weight or its indicators' sum),
 * 'weights' → 'dimensions' (the dimensions' sum), 'name' → 'name'; null for anything else.
 */
export function weightFieldOf(field: string | undefined): string | null {
  if (field === 'name') return 'name'
  if (field === 'weights') return 'dimensions'
  const id = field?.startsWith('weights.') ? field.slice('weights.'.length) : null
  return id !== null && WEIGHT_IDS.includes(id) ? id : null
}

/** Market inputs as the API takes them (absent: not given). */
export interface MarketQuery {
  revenue_fen?: number
  market_share_bp?: number
}

/**
 * The market inputs typed on the card: annual revenue in yuan (→ integer fen) and market share
 * in per cent (→ basis points, at most 100 %), read exactly; empty texts are not given.
 */
export function readMarketInputs(
  revenueYuan: string,
  sharePercent: string,
): { ok: true; market: MarketQuery } | { ok: false; errors: { revenue?: ParseReason; share?: ParseReason } } {
  const market: MarketQuery = {}
  const errors: { revenue?: ParseReason; share?: ParseReason } = {}
  if (revenueYuan.trim() !== '') {
    const parsed = parseYuanToFen(revenueYuan)
    if (parsed.ok) market.revenue_fen = parsed.value
    else errors.revenue = parsed.reason
  }
  if (sharePercent.trim() !== '') {
    const parsed = parsePercentToBp(sharePercent, 10000)
    if (parsed.ok) market.market_share_bp = parsed.value
    else errors.share = parsed.reason
  }
  return errors.revenue || errors.share ? { ok: false, errors } : { ok: true, market }
}
