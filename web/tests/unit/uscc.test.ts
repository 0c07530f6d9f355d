import { describe, expect, it } from 'vitest'
import { USCC_CHARSET, checkUscc, isValidUscc, normalizeUscc, usccCheckCharacter } from '@/lib/uscc'

// Published codes that pass GB 32100-2015 (the same check as src/iphub/auth/uscc.cc).
const VALID = ['91350100M000100Y43', '9144030071526726XG', '91110108551385082Q', '911101085923425568']

describe('USCC check character', () => {
  it('accepts known valid codes', () => {
    for (const code of VALID) {
      expect(checkUscc(code)).toBeNull()
      expect(isValidUscc(code)).toBe(true)
      expect(usccCheckCharacter(code.slice(0, 17))).toBe(code.charAt(17))
    }
  })

  it('accepts lower case and surrounding spaces, as the server does', () => {
    expect(isValidUscc(' 91350100m000100y43 ')).toBe(true)
    expect(normalizeUscc(' 91350100m000100y43 ')).toBe('91350100M000100Y43')
  })

  it('rejects a wrong check character and says which one is expected', () => {
    expect(checkUscc('91350100M000100Y44')).toEqual({ kind: 'check', actual: '4', expected: '3' })
    expect(checkUscc('9144030071526726XH')).toEqual({ kind: 'check', actual: 'H', expected: 'G' })
  })

  it('rejects 911100001000006460, whose check character by GB 32100 is J (not 0)', () => {
    // This code is sometimes quoted as an example; the server rejects it too.
    expect(checkUscc('911100001000006460')).toEqual({ kind: 'check', actual: '0', expected: 'J' })
    expect(isValidUscc('91110000100000646J')).toBe(true)
  })

  it('rejects a changed body character', () => {
    expect(isValidUscc('91350100M000100Y53')).toBe(false)
    expect(isValidUscc('91110108551385083Q')).toBe(false)
  })

  it('rejects swapped neighbours', () => {
    expect(isValidUscc('19350100M000100Y43')).toBe(false)
  })

  it('rejects wrong lengths', () => {
    expect(checkUscc('91350100M000100Y4')).toEqual({ kind: 'length', length: 17 })
    expect(checkUscc('91350100M000100Y433')).toEqual({ kind: 'length', length: 19 })
    expect(checkUscc('')).toEqual({ kind: 'length', length: 0 })
  })

  it('rejects letters outside the charset (I O S V Z)', () => {
    expect(checkUscc('91350100I000100Y43')).toEqual({ kind: 'character', position: 9, character: 'I' })
    expect(checkUscc('9135010OM000100Y43')).toEqual({ kind: 'character', position: 8, character: 'O' })
    expect(usccCheckCharacter('9135010SM000100Y4')).toBeNull()
  })

  it('gives every body exactly one valid check character', () => {
    const body = '91370102MA3C00001'
    const check = usccCheckCharacter(body)!
    expect(USCC_CHARSET).toContain(check)
    const valid = [...USCC_CHARSET].filter((c) => isValidUscc(body + c))
    expect(valid).toEqual([check])
  })
})
