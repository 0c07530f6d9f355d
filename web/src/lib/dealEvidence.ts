// Deal evidence (市场法参考, docs/valuation.md "Market evidence"): where an estimate in fen falls
// against the comparable deals' middle half. Integers only: fen are compared, never divided.
//
//   pricePosition(12_000_000, { p25_fen: 10_000_000, p75_fen: 30_000_000, … })  →  'within'
//   pricePosition(12_000_000, { p25_fen: null, … })                              →  null
import type { ComparableDealEvidence } from '@/api/types'

/** Below the 25th percentile, between the 25th and 75th (both included), above the 75th. */
export type PricePosition = 'below' | 'within' | 'above'

/** Where `valueFen` falls against a family's quartiles; null when the figures are withheld. */
export function pricePosition(valueFen: number, comparable: Pick<ComparableDealEvidence, 'p25_fen' | 'p75_fen'>): PricePosition | null {
  const { p25_fen: low, p75_fen: high } = comparable
  if (low === null || high === null) return null
  if (valueFen < low) return 'below'
  if (valueFen > high) return 'above'
  return 'within'
}

/** The families that give figures, in the server's order (assignment, licence). */
export function withFigures(comparable: readonly ComparableDealEvidence[]): ComparableDealEvidence[] {
  return comparable.filter((c) => c.median_fen !== null)
}
