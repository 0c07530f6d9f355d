import { describe, expect, it } from 'vitest'
import { buildClaimTree, claimBody, countClaims, type ClaimNode } from '@/lib/claims'

/** The tree as nested numbers, easy to compare: [[1, [[2, []], [3, []]]]]. */
function shape(nodes: ClaimNode[]): unknown[] {
  return nodes.map((n) => [n.number, shape(n.children)])
}

const claim = (number: number, depends_on: number[] = []) => ({ number, text: `${number}. text`, depends_on })

describe('buildClaimTree', () => {
  it('nests dependants under their independent claim', () => {
    const tree = buildClaimTree([claim(1), claim(2, [1]), claim(3, [2]), claim(4), claim(5, [4])])
    expect(shape(tree)).toEqual([
      [1, [[2, [[3, []]]]]],
      [4, [[5, []]]],
    ])
    expect(tree[0].parent).toBeNull()
    expect(tree[0].children[0].parent).toBe(1)
  })

  it('puts a claim depending on several claims under the lowest one and lists the others', () => {
    // "5. The device of any of claims 1 to 4": beside 2-4 under claim 1, not under claim 4.
    const tree = buildClaimTree([claim(1), claim(2, [1]), claim(3, [1]), claim(4, [3]), claim(5, [4, 2, 1, 3])])
    expect(shape(tree)).toEqual([[1, [[2, []], [3, [[4, []]]], [5, []]]]])
    const five = tree[0].children[2]
    expect(five.dependsOn).toEqual([1, 2, 3, 4])
    expect(five.parent).toBe(1)
    expect(five.alsoDependsOn).toEqual([2, 3, 4])
    expect(five.unresolved).toEqual([])
  })

  it('keeps a claim with a dangling reference as a root and reports the reference', () => {
    const tree = buildClaimTree([claim(1), claim(2, [9])])
    expect(shape(tree)).toEqual([
      [1, []],
      [2, []],
    ])
    expect(tree[1].parent).toBeNull()
    expect(tree[1].unresolved).toEqual([9])
    expect(tree[1].dependsOn).toEqual([9])
  })

  it('nests a claim with one good and one dangling reference under the good one', () => {
    const tree = buildClaimTree([claim(1), claim(2, [1, 7])])
    expect(shape(tree)).toEqual([[1, [[2, []]]]])
    expect(tree[0].children[0].unresolved).toEqual([7])
  })

  it('treats references to itself or to a later claim as unresolved, so there is no cycle', () => {
    const tree = buildClaimTree([claim(1, [2]), claim(2, [1]), claim(3, [3])])
    expect(shape(tree)).toEqual([
      [1, [[2, []]]],
      [3, []],
    ])
    expect(tree[0].unresolved).toEqual([2])
    expect(tree[1].unresolved).toEqual([3])
  })

  it('orders claims by number whatever the input order, and shows every claim once', () => {
    const tree = buildClaimTree([claim(3, [1]), claim(2, [1]), claim(1)])
    expect(shape(tree)).toEqual([[1, [[2, []], [3, []]]]])
  })

  it('accepts missing or null depends_on as independent', () => {
    const tree = buildClaimTree([
      { number: 1, text: 'a' },
      { number: 2, text: 'b', depends_on: null },
    ])
    expect(shape(tree)).toEqual([
      [1, []],
      [2, []],
    ])
  })

  it('returns nothing for no claims', () => {
    expect(buildClaimTree([])).toEqual([])
  })
})

describe('countClaims', () => {
  it('counts all and independent claims', () => {
    expect(countClaims([claim(1), claim(2, [1]), claim(3), claim(4, [9])])).toEqual({ total: 4, independent: 2 })
  })
})

describe('claimBody', () => {
  it('drops the leading number the claim text repeats', () => {
    expect(claimBody(1, '1.一种甘草发酵所得烟用香料，其特征在于')).toBe('一种甘草发酵所得烟用香料，其特征在于')
    expect(claimBody(2, ' 2. A device according to claim 1')).toBe('A device according to claim 1')
    expect(claimBody(3, '3、根据权利要求1所述的')).toBe('根据权利要求1所述的')
    expect(claimBody(4, '4．根据权利要求1所述的')).toBe('根据权利要求1所述的')
  })

  it('keeps a number that is not the claim number', () => {
    expect(claimBody(2, '1. wrong number')).toBe('1. wrong number')
    expect(claimBody(1, '100 kg of flour')).toBe('100 kg of flour')
  })
})
