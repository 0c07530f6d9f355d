// Similar patents on the patent page: the score shown as a share, and a search for the
// words they share.
//
// The score (GET /patents/{number}/similar) blends the cosine of two topic vectors, the
// cosine of two TF-IDF word vectors and the share of IPC classes: higher is more alike, and a
// patent with the same words and classes scores about 1. It is a similarity, not a
// probability; the page shows it as a whole percentage, 0 to 100.
//
//   similarityPercent(0.874)                        →  87
//   sharedTermsQuery([{ shared_terms: ['电池'] }])  →  'TAC="电池"'
import type { SimilarPatent } from '@/api/types'
import { quotePhrase } from './search'

/** The score as a whole percentage from 0 to 100 (rounding error past 1 is 100). */
export function similarityPercent(score: number): number {
  if (!Number.isFinite(score) || score <= 0) return 0
  return Math.min(100, Math.round(score * 100))
}

/** The year of a date written YYYY-MM-DD, or '' when there is none. */
export function yearOf(date: string | null | undefined): string {
  const match = /^(\d{4})-/.exec(date ?? '')
  return match ? match[1] : ''
}

/**
 * The shared terms most hits have in common, at most `max`: by how many hits share each
 * term, then in the order they first appear (each hit lists its most telling terms first).
 */
export function commonSharedTerms(hits: readonly Pick<SimilarPatent, 'shared_terms'>[], max = 5): string[] {
  const counts = new Map<string, number>()
  for (const hit of hits) {
    for (const term of new Set(hit.shared_terms.map((t) => t.trim()).filter(Boolean))) {
      counts.set(term, (counts.get(term) ?? 0) + 1)
    }
  }
  // Map keeps insertion order and the sort is stable: ties stay in order of first appearance.
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Math.max(0, max))
    .map(([term]) => term)
}

/**
 * A query of the query language for title, abstract or claims holding any of the terms the
 * similar patents share most (each as a phrase), or null when they share none.
 */
export function sharedTermsQuery(hits: readonly Pick<SimilarPatent, 'shared_terms'>[], max = 5): string | null {
  const terms = commonSharedTerms(hits, max).map(quotePhrase)
  if (terms.length === 0) return null
  return terms.length === 1 ? `TAC=${terms[0]}` : `TAC=(${terms.join(' OR ')})`
}
