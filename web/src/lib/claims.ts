// Claims as a tree: each independent claim with its dependants nested under it.
//
// A dependent claim is placed under the lowest-numbered earlier claim it refers to, so
// "claim 5 according to any of claims 1 to 4" sits beside claims 2-4 under claim 1, not
// at the end of a chain; the other claims it refers to are listed in `alsoDependsOn`.
// A reference that does not point to an earlier claim of the document (a missing claim,
// the claim itself, a later claim) is kept in `unresolved`; a claim with no usable
// reference becomes a root, so every claim is shown exactly once and the tree has no cycle.

export interface ClaimInput {
  number: number
  text: string
  depends_on?: readonly number[] | null
}

export interface ClaimNode {
  number: number
  text: string
  /** Every claim this one refers to, ascending, without repeats. */
  dependsOn: number[]
  /** The claim it is nested under; null for a root. */
  parent: number | null
  /** Earlier claims it also refers to, besides the parent. */
  alsoDependsOn: number[]
  /** References to claims that are not earlier claims of this document. */
  unresolved: number[]
  children: ClaimNode[]
}

export function buildClaimTree(claims: readonly ClaimInput[]): ClaimNode[] {
  const ordered = claims
    .map((claim, index) => ({ claim, index }))
    .sort((a, b) => a.claim.number - b.claim.number || a.index - b.index)
  const byNumber = new Map<number, ClaimNode>()
  const roots: ClaimNode[] = []

  for (const { claim } of ordered) {
    const dependsOn = [...new Set(claim.depends_on ?? [])].sort((a, b) => a - b)
    const valid = dependsOn.filter((n) => n < claim.number && byNumber.has(n))
    const parent = valid.length > 0 ? valid[0] : null
    const node: ClaimNode = {
      number: claim.number,
      text: claim.text,
      dependsOn,
      parent,
      alsoDependsOn: valid.slice(1),
      unresolved: dependsOn.filter((n) => !valid.includes(n)),
      children: [],
    }
    if (!byNumber.has(claim.number)) byNumber.set(claim.number, node)
    if (parent === null) roots.push(node)
    else byNumber.get(parent)!.children.push(node)
  }
  return roots
}

/** How many claims in all, and how many of them are independent (no reference at all). */
export function countClaims(claims: readonly ClaimInput[]): { total: number; independent: number } {
  return {
    total: claims.length,
    independent: claims.filter((c) => (c.depends_on ?? []).length === 0).length,
  }
}

/**
 * The claim's text without the number it starts with ("1.一种……", "2. A device …",
 * "3、根据……"), which the page shows beside it anyway.
 */
export function claimBody(number: number, text: string): string {
  const trimmed = text.trim()
  const match = /^(\d+)\s*[.\uff0e\u3001:\uff1a)\uff09]\s*/.exec(trimmed)
  return match && Number(match[1]) === number ? trimmed.slice(match[0].length) : trimmed
}
