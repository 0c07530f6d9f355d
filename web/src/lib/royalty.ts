// The relief-from-royalty calculator (收益法 · 许可费节省法, POST /valuation/royalty,
// docs/valuation.md §6): the request built from what the user typed, the sensitivity cells
// laid out as a grid, and which input a server error is about.
//
//   buildRoyaltyRequest({ revenues: ['1,000,000', '1,000,000'], royaltyRate: '5', … })
//     →  { ok: true, request: { revenue_fen: [100000000, 100000000], royalty_rate_bp: 500, … } }
//     or { ok: false, errors: { 'revenue.1': 'decimals', royaltyRate: 'empty' } }
import type { RoyaltyRequest, RoyaltySensitivityCell } from '@/api/types'
import { parsePercentToBp, parseYuanToFen, type ParseReason } from './money'

/** Most years of revenue the calculator takes (the server's `years` is 1..50). */
export const MAX_YEARS = 50
/** Steps each way of the sensitivity grid (the server takes 0..5). */
export const SENSITIVITY_STEPS = 2
/** Bounds of the rates in basis points, as the server checks them. */
export const MAX_ROYALTY_BP = 10000
export const MAX_DISCOUNT_BP = 100000
export const MAX_TAX_BP = 10000

/** What the form holds: every number as the user typed it. */
export interface RoyaltyForm {
  /** Revenue per year in yuan, year 1 first. */
  revenues: string[]
  /** Percentages. */
  royaltyRate: string
  discountRate: string
  taxRate: string
  /** Steps of the sensitivity grid, in percentage points. */
  royaltyStep: string
  discountStep: string
  /** YYYY-MM-DD, or '' for today. */
  asOf: string
  /** Stop at the end of this patent's legal term (its publication number), or null. */
  capBy: string | null
}

/** A form field: `revenue.K` for the revenue of year K + 1, else a key of RoyaltyForm. */
export type RoyaltyField =
  | `revenue.${number}`
  | 'revenues'
  | 'royaltyRate'
  | 'discountRate'
  | 'taxRate'
  | 'royaltyStep'
  | 'discountStep'
  | 'asOf'
  | 'capBy'

export type RoyaltyBuild =
  | { ok: true; request: RoyaltyRequest }
  | { ok: false; errors: Partial<Record<RoyaltyField, ParseReason>> }

/** Reads the form exactly (money to fen, rates to basis points) into a request, or says what is wrong. */
export function buildRoyaltyRequest(form: RoyaltyForm): RoyaltyBuild {
  const errors: Partial<Record<RoyaltyField, ParseReason>> = {}
  const revenue_fen: number[] = []
  if (form.revenues.length === 0) errors.revenues = 'empty'
  if (form.revenues.length > MAX_YEARS) errors.revenues = 'tooLarge'
  form.revenues.forEach((text, year_idx) => {
    const parsed = parseYuanToFen(text)
    if (parsed.ok) revenue_fen.push(parsed.value)
    else errors[`revenue.${year_idx}`] = parsed.reason
  })
  const rate = (field: RoyaltyField, text: string, maxBp: number): number => {
    const parsed = parsePercentToBp(text, maxBp)
    if (parsed.ok) return parsed.value
    errors[field] = parsed.reason
    return 0
  }
  const royalty_rate_bp = rate('royaltyRate', form.royaltyRate, MAX_ROYALTY_BP)
  const discount_rate_bp = rate('discountRate', form.discountRate, MAX_DISCOUNT_BP)
  // An empty tax rate is no tax.
  const tax_rate_bp = form.taxRate.trim() === '' ? 0 : rate('taxRate', form.taxRate, MAX_TAX_BP)
  const royalty_step_bp = rate('royaltyStep', form.royaltyStep, MAX_ROYALTY_BP)
  const discount_step_bp = rate('discountStep', form.discountStep, MAX_DISCOUNT_BP)
  if (form.asOf !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(form.asOf)) errors.asOf = 'invalid'
  if (Object.keys(errors).length > 0) return { ok: false, errors }

  const request: RoyaltyRequest = {
    revenue_fen,
    royalty_rate_bp,
    discount_rate_bp,
    tax_rate_bp,
    years: revenue_fen.length,
    sensitivity_steps: SENSITIVITY_STEPS,
    royalty_step_bp,
    discount_step_bp,
  }
  if (form.asOf) request.as_of = form.asOf
  if (form.capBy) request.publication_number = form.capBy
  return { ok: true, request }
}

/**
 * The form field a server problem's `field` is about (`revenue_fen[2]` → `revenue.2`), or null
 * when it names none the form has.
 */
export function formFieldOf(serverField: string | null | undefined): RoyaltyField | null {
  if (!serverField) return null
  const year = /^revenue_fen\[(\d+)\]$/.exec(serverField)
  if (year) return `revenue.${Number(year[1])}`
  const fields: Record<string, RoyaltyField> = {
    revenue_fen: 'revenues',
    years: 'revenues',
    royalty_rate_bp: 'royaltyRate',
    discount_rate_bp: 'discountRate',
    tax_rate_bp: 'taxRate',
    royalty_step_bp: 'royaltyStep',
    discount_step_bp: 'discountStep',
    sensitivity_steps: 'royaltyStep',
    as_of: 'asOf',
    publication_number: 'capBy',
  }
  return fields[serverField] ?? null
}

/** The sensitivity cells as a grid: royalty rates down, discount rates across. */
export interface SensitivityGrid {
  royaltyRates: number[]
  discountRates: number[]
  /** rows[r][d]: the present value in fen, or null where a stepped rate would be negative. */
  rows: (number | null)[][]
  /** Where the rates asked for are (the centre when the grid is whole). */
  centre: { row: number; column: number } | null
}

/**
 * Lays out the server's row-major cells (royalty rate outer) as a grid and finds the cell of
 * the rates asked for. Cells out of order or missing leave null.
 */
export function sensitivityGrid(
  cells: readonly RoyaltySensitivityCell[],
  royaltyRateBp: number,
  discountRateBp: number,
): SensitivityGrid {
  const royaltyRates = [...new Set(cells.map((c) => c.royalty_rate_bp))].sort((a, b) => a - b)
  const discountRates = [...new Set(cells.map((c) => c.discount_rate_bp))].sort((a, b) => a - b)
  const rows = royaltyRates.map(() => discountRates.map((): number | null => null))
  for (const cell of cells) {
    rows[royaltyRates.indexOf(cell.royalty_rate_bp)][discountRates.indexOf(cell.discount_rate_bp)] = cell.present_value_fen
  }
  const row = royaltyRates.indexOf(royaltyRateBp)
  const column = discountRates.indexOf(discountRateBp)
  return { royaltyRates, discountRates, rows, centre: row >= 0 && column >= 0 ? { row, column } : null }
}
