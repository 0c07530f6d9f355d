import { describe, expect, it } from 'vitest'
import { commonSharedTerms, sharedTermsQuery, similarityPercent, yearOf } from '@/lib/similar'

const hit = (...shared_terms: string[]) => ({ shared_terms })

describe('similarity shown as a percentage', () => {
  it('rounds the score to a whole percentage', () => {
    expect(similarityPercent(0.874)).toBe(87)
    expect(similarityPercent(0.875)).toBe(88)
    expect(similarityPercent(0.004)).toBe(0)
    expect(similarityPercent(0.5)).toBe(50)
  })

  it('stays within 0 to 100', () => {
    // Rounding in the server's cosines can pass 1 a little; a topic cosine can be negative.
    expect(similarityPercent(1.0000000552965465)).toBe(100)
    expect(similarityPercent(1.3)).toBe(100)
    expect(similarityPercent(-0.2)).toBe(0)
    expect(similarityPercent(Number.NaN)).toBe(0)
    expect(similarityPercent(Number.POSITIVE_INFINITY)).toBe(0)
  })
})

describe('filing year', () => {
  it('is the year of a YYYY-MM-DD date, or nothing', () => {
    expect(yearOf('2020-07-07')).toBe('2020')
    expect(yearOf('')).toBe('')
    expect(yearOf(null)).toBe('')
    expect(yearOf(undefined)).toBe('')
    expect(yearOf('07/07/2020')).toBe('')
  })
})

describe('terms the similar patents share', () => {
  it('come most shared first, ties in the order they first appear', () => {
    const hits = [hit('散热装置', '无人机'), hit('电池', '无人机'), hit('隔膜', '电池', '无人机')]
    expect(commonSharedTerms(hits)).toEqual(['无人机', '电池', '散热装置', '隔膜'])
    expect(commonSharedTerms(hits, 2)).toEqual(['无人机', '电池'])
    expect(commonSharedTerms(hits, 0)).toEqual([])
  })

  it('count a term once per hit and skip blanks', () => {
    expect(commonSharedTerms([hit('a', 'a', ' '), hit('b'), hit('b')])).toEqual(['b', 'a'])
    expect(commonSharedTerms([])).toEqual([])
  })

  it('make a query of phrases in title, abstract and claims', () => {
    expect(sharedTermsQuery([hit('电池')])).toBe('TAC="电池"')
    expect(sharedTermsQuery([hit('无人机', 'lithium ion'), hit('无人机')])).toBe('TAC=("无人机" OR "lithium ion")')
    // Operators and quotes inside a term are text.
    expect(sharedTermsQuery([hit('AND "5W"')])).toBe('TAC="AND \\"5W\\""')
    expect(sharedTermsQuery([hit(), hit()])).toBeNull()
  })
})
