import { describe, expect, it } from 'vitest'
import en from '@/locales/en'
import zhCN from '@/locales/zh-CN'
import { PARSE_REASONS, formatBp, formatFen, parsePercentToBp, parseYuanToFen } from '@/lib/money'

const ok = (value: number) => ({ ok: true, value })
const no = (reason: string) => ({ ok: false, reason })

describe('amounts in yuan read as integer fen', () => {
  it('reads digits exactly, with or without grouping and decimals', () => {
    expect(parseYuanToFen('1,234.56')).toEqual(ok(123456))
    expect(parseYuanToFen('1234.56')).toEqual(ok(123456))
    expect(parseYuanToFen('1,000,000')).toEqual(ok(100000000))
    expect(parseYuanToFen('12.5')).toEqual(ok(1250))
    expect(parseYuanToFen('0.07')).toEqual(ok(7))
    expect(parseYuanToFen('.5')).toEqual(ok(50))
    expect(parseYuanToFen('8.')).toEqual(ok(800))
    expect(parseYuanToFen('  42 ')).toEqual(ok(4200))
    expect(parseYuanToFen('0')).toEqual(ok(0))
  })

  it('never goes through floating point', () => {
    // 19.99 * 100 is 1998.9999999999998 and 1.005 * 100 is 100.49999999999999 in a double.
    expect(parseYuanToFen('19.99')).toEqual(ok(1999))
    expect(parseYuanToFen('1.01')).toEqual(ok(101))
    expect(parseYuanToFen('90,071,992,547,409.91')).toEqual(ok(9007199254740991))
  })

  it('takes a yuan sign before or the character yuan after', () => {
    expect(parseYuanToFen('\u00a58')).toEqual(ok(800))
    expect(parseYuanToFen('\uffe51,234.5')).toEqual(ok(123450))
    expect(parseYuanToFen('12.34\u5143')).toEqual(ok(1234))
  })

  it('refuses more than two decimals', () => {
    expect(parseYuanToFen('12.345')).toEqual(no('decimals'))
    expect(parseYuanToFen('0.001')).toEqual(no('decimals'))
  })

  it('refuses negative amounts', () => {
    expect(parseYuanToFen('-1')).toEqual(no('negative'))
    expect(parseYuanToFen('-1,234.56')).toEqual(no('negative'))
    expect(parseYuanToFen('\u22125')).toEqual(no('negative'))
  })

  it('refuses garbage, misplaced grouping and empty input', () => {
    for (const text of ['abc', '12a', '1,23', '12,345,67', '1.2.3', '1e6', '0x10', '.', '--1', '1 000', 'NaN', 'Infinity']) {
      expect(parseYuanToFen(text), text).toEqual(no('invalid'))
    }
    expect(parseYuanToFen('')).toEqual(no('empty'))
    expect(parseYuanToFen('   ')).toEqual(no('empty'))
    expect(parseYuanToFen('-abc')).toEqual(no('invalid'))
  })

  it('refuses amounts JSON cannot carry exactly', () => {
    expect(parseYuanToFen('90,071,992,547,409.92')).toEqual(no('tooLarge'))
    expect(parseYuanToFen('1' + '0'.repeat(30))).toEqual(no('tooLarge'))
  })
})

describe('percentages read as basis points', () => {
  it('reads up to two decimals exactly', () => {
    expect(parsePercentToBp('3.5')).toEqual(ok(350))
    expect(parsePercentToBp('5')).toEqual(ok(500))
    expect(parsePercentToBp('12.34')).toEqual(ok(1234))
    expect(parsePercentToBp('0.01')).toEqual(ok(1))
    expect(parsePercentToBp('25%')).toEqual(ok(2500))
    expect(parsePercentToBp(' 0 ')).toEqual(ok(0))
    // 0.29 * 100 is 28.999999999999996 in a double.
    expect(parsePercentToBp('0.29')).toEqual(ok(29))
  })

  it('refuses more than two decimals, negatives and garbage', () => {
    expect(parsePercentToBp('3.555')).toEqual(no('decimals'))
    expect(parsePercentToBp('-1')).toEqual(no('negative'))
    expect(parsePercentToBp('five')).toEqual(no('invalid'))
    expect(parsePercentToBp('')).toEqual(no('empty'))
  })

  it('refuses a rate above its bound', () => {
    expect(parsePercentToBp('100', 10000)).toEqual(ok(10000))
    expect(parsePercentToBp('100.01', 10000)).toEqual(no('tooLarge'))
  })
})

describe('fen written as yuan', () => {
  it('groups thousands and keeps two decimals', () => {
    expect(formatFen(9325696)).toBe('93,256.96')
    expect(formatFen(100000000)).toBe('1,000,000.00')
    expect(formatFen(0)).toBe('0.00')
    expect(formatFen(7)).toBe('0.07')
    expect(formatFen(123456)).toBe('1,234.56')
    expect(formatFen(-5)).toBe('-0.05')
    expect(formatFen(-123456)).toBe('-1,234.56')
  })

  it('is exact for every safe integer and for bigints', () => {
    expect(formatFen(Number.MAX_SAFE_INTEGER)).toBe('90,071,992,547,409.91')
    expect(formatFen(123456789012345678901234567890n)).toBe('1,234,567,890,123,456,789,012,345,678.90')
  })

  it('rounds a fraction of a fen half away from zero', () => {
    expect(formatFen(2.5)).toBe('0.03')
    expect(formatFen(-2.5)).toBe('-0.03')
    expect(formatFen(Number.NaN)).toBe('')
  })
})

describe('basis points written as a percentage', () => {
  it('drops trailing zeros', () => {
    expect(formatBp(350)).toBe('3.5')
    expect(formatBp(500)).toBe('5')
    expect(formatBp(1234)).toBe('12.34')
    expect(formatBp(3)).toBe('0.03')
    expect(formatBp(10000)).toBe('100')
    expect(formatBp(0)).toBe('0')
    expect(formatBp(100000)).toBe('1,000')
  })
})

describe('reasons', () => {
  it('each has a sentence in both languages', () => {
    for (const reason of PARSE_REASONS) {
      expect(zhCN.money.reason[reason], reason).toBeTruthy()
      expect(en.money.reason[reason], reason).toBeTruthy()
    }
  })
})
