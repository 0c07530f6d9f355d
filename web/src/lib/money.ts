// Money and rates typed by a user, read exactly: amounts in yuan become integer fen  and
// percentages become basis points, by reading the digits, never through floating point
// (0.1 + 0.2 is not 0.3 in a double; 19.99 × 100 is 1998.9999999999998). The server takes
// and returns integer fen and basis points (docs/api.md "Valuation", docs/valuation.md §7).
//
//   parseYuanToFen('1,234.56')   →  { ok: true, value: 123456 }
//   parseYuanToFen('12.345')     →  { ok: false, reason: 'decimals' }
//   parsePercentToBp('3.5')      →  { ok: true, value: 350 }
//   formatFen(9325696)           →  '93,256.96'
//   formatBp(350)                →  '3.5'
//
// A failed parse says why with a reason code; the page turns it into a sentence
// (`money.reason.<code>` in the locale files).

/** Why a typed amount or rate was refused. */
export type ParseReason = 'empty' | 'invalid' | 'negative' | 'decimals' | 'tooLarge'

export const PARSE_REASONS: readonly ParseReason[] = ['empty', 'invalid', 'negative', 'decimals', 'tooLarge']

export type Parsed = { ok: true; value: number } | { ok: false; reason: ParseReason }

const YUAN_SIGNS = /^[\u00a5\uffe5]/ // the yen/yuan sign, half and full width
const YUAN_SUFFIX = /\u5143$/ // the character yuan
const PERCENT_SUFFIX = /[%\uff05]$/ // the per cent sign, half and full width

/**
 * Reads a non-negative decimal with at most `decimals` digits after the point into an integer
 * of 10^-decimals units. Digits may be grouped by commas in threes ("1,234,567.5"); spaces
 * around are ignored. The result must stay a safe integer (below 2^53), as JSON carries it.
 */
function parseScaled(text: string, decimals: number): Parsed {
  const trimmed = text.trim()
  if (trimmed === '') return { ok: false, reason: 'empty' }
  if (/^[-\u2212]/.test(trimmed)) {
    // A minus sign before something that would otherwise read as a number.
    return parseScaled(trimmed.slice(1), decimals).ok ? { ok: false, reason: 'negative' } : { ok: false, reason: 'invalid' }
  }
  const match = /^\+?((?:\d{1,3}(?:,\d{3})+)|\d+)?(?:\.(\d*))?$/.exec(trimmed)
  if (!match || (match[1] === undefined && !match[2])) return { ok: false, reason: 'invalid' }
  const whole = (match[1] ?? '0').replace(/,/g, '')
  const fraction = match[2] ?? ''
  if (fraction.length > decimals) return { ok: false, reason: 'decimals' }
  const digits = BigInt(whole + fraction.padEnd(decimals, '0'))
  if (digits > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: 'tooLarge' }
  return { ok: true, value: Number(digits) }
}

/**
 * An amount in yuan ("1,234.56", with an optional yuan sign before or the character yuan after) as integer fen; at most two decimals, never
 * negative.
 */
export function parseYuanToFen(text: string): Parsed {
  return parseScaled(text.trim().replace(YUAN_SIGNS, '').replace(YUAN_SUFFIX, ''), 2)
}

/**
 * A percentage ("3.5", "3.5%", "12") as basis points (1 % = 100 bp); at most two decimals,
 * never negative, at most `maxBp` (absent: no bound but a safe integer).
 */
export function parsePercentToBp(text: string, maxBp?: number): Parsed {
  const parsed = parseScaled(text.trim().replace(PERCENT_SUFFIX, ''), 2)
  if (parsed.ok && maxBp !== undefined && parsed.value > maxBp) return { ok: false, reason: 'tooLarge' }
  return parsed
}

/** Groups the digits of a non-negative integer written in decimal by commas in threes. */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/**
 * Integer fen as yuan with two decimals and thousands separators: 9325696 → "93,256.96",
 * -5 → "-0.05". Exact for every safe integer (and any bigint); a number that is not an
 * integer is rounded to the fen first, half away from zero.
 */
export function formatFen(fen: number | bigint): string {
  let value: bigint
  if (typeof fen === 'bigint') value = fen
  else if (Number.isFinite(fen)) value = BigInt(Math.sign(fen) * Math.round(Math.abs(fen)))
  else return ''
  const negative = value < 0n
  const abs = negative ? -value : value
  const yuan = abs / 100n
  const cents = (abs % 100n).toString().padStart(2, '0')
  return `${negative ? '-' : ''}${groupThousands(yuan.toString())}.${cents}`
}

/**
 * Basis points as a percentage without trailing zeros: 350 → "3.5", 500 → "5",
 * 1234 → "12.34", 3 → "0.03". Exact (integer arithmetic); a non-integer is rounded first.
 */
export function formatBp(bp: number): string {
  if (!Number.isFinite(bp)) return ''
  const rounded = Math.round(Math.abs(bp))
  const whole = Math.floor(rounded / 100)
  const fraction = String(rounded % 100)
    .padStart(2, '0')
    .replace(/0+$/, '')
  return `${bp < 0 && rounded !== 0 ? '-' : ''}${groupThousands(String(whole))}${fraction ? '.' + fraction : ''}`
}
