// Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, the
// 18th a check character over the first 17. Same algorithm as the server
// (src/iphub/auth/uscc.cc), so a form can reject a typo before sending it.

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'

// 3^(i-1) mod 31 for positions 1..17.
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const

export type UsccProblem =
  | { kind: 'length'; length: number }
  | { kind: 'character'; position: number; character: string }
  | { kind: 'check'; actual: string; expected: string }

/** Upper-cases and trims, as the server does. */
export function normalizeUscc(code: string): string {
  return code.trim().toUpperCase()
}

/** The check character for a 17-character body, or null if the body is not valid. */
export function usccCheckCharacter(body: string): string | null {
  if (body.length !== 17) return null
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(body.charAt(i))
    if (value < 0) return null
    sum += value * WEIGHTS[i]!
  }
  return USCC_CHARSET.charAt((31 - (sum % 31)) % 31)
}

/** Null when the code is valid (after normalisation), otherwise what is wrong with it. */
export function checkUscc(input: string): UsccProblem | null {
  const code = normalizeUscc(input)
  if (code.length !== 18) return { kind: 'length', length: code.length }
  for (let i = 0; i < 18; i++) {
    const character = code.charAt(i)
    if (!USCC_CHARSET.includes(character)) return { kind: 'character', position: i + 1, character }
  }
  const expected = usccCheckCharacter(code.slice(0, 17))!
  const actual = code.charAt(17)
  return actual === expected ? null : { kind: 'check', actual, expected }
}

export function isValidUscc(input: string): boolean {
  return checkUscc(input) === null
}
