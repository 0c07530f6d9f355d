import { describe, expect, it } from 'vitest'
import en from '@/locales/en'
import zhCN from '@/locales/zh-CN'
import { appendClause, fieldClause, FIELD_CODES, HELP_EXAMPLES, markPosition, OPERATORS } from '@/lib/searchSyntax'

describe('the field picker', () => {
  it('puts words and codes in a field group', () => {
    expect(fieldClause('TI', ' 无人机 电池 ')).toBe('TI=(无人机 电池)')
    expect(fieldClause('PA', '"华为技术有限公司"')).toBe('PA=("华为技术有限公司")')
    expect(fieldClause('IPC', 'G06F17/*')).toBe('IPC=(G06F17/*)')
  })

  it('writes a date field as a date, a range or a comparison', () => {
    expect(fieldClause('AD', '2018')).toBe('AD=2018')
    expect(fieldClause('PD', '[2019-01-01 TO 2019-06-30]')).toBe('PD=[2019-01-01 TO 2019-06-30]')
    expect(fieldClause('AD', '>= 2018')).toBe('AD>=2018')
    expect(fieldClause('GD', '<2020')).toBe('GD<2020')
    expect(fieldClause('AD', '\uff1e\uff1d2018')).toBe('AD\uff1e\uff1d2018')
    expect(fieldClause('PRD', '\u2264 2015')).toBe('PRD\u22642015')
  })

  it('adds nothing for an empty value', () => {
    expect(fieldClause('TI', '  ')).toBeNull()
  })

  it('joins the clause with AND, in parentheses after an OR', () => {
    expect(appendClause('', 'TI=(电池)')).toBe('TI=(电池)')
    expect(appendClause(' 无人机 ', 'TI=(电池)')).toBe('无人机 AND TI=(电池)')
    expect(appendClause('a OR b', 'AD=2018')).toBe('(a OR b) AND AD=2018')
    expect(appendClause('a 或 b', 'AD=2018')).toBe('(a 或 b) AND AD=2018')
    expect(appendClause('a||b', 'AD=2018')).toBe('(a||b) AND AD=2018')
    expect(appendClause('(a)OR(b)', 'AD=2018')).toBe('((a)OR(b)) AND AD=2018')
  })

  it('does not take OR inside a phrase or a word for the operator', () => {
    expect(appendClause('"this OR that" 或者 ORACLE', 'AD=2018')).toBe('"this OR that" 或者 ORACLE AND AD=2018')
    expect(appendClause('“甲 或 乙”', 'AD=2018')).toBe('“甲 或 乙” AND AD=2018')
  })
})

describe('marking the character of an error', () => {
  it('splits at a code point', () => {
    expect(markPosition('TI =电池', 3)).toEqual({ before: 'TI ', marked: '=', after: '电池' })
    expect(markPosition('电*池', 1)).toEqual({ before: '电', marked: '*', after: '池' })
  })

  it('counts a character outside the BMP as one position', () => {
    // The server answers position 7 for "𠀀𠀁 AND )": 𠀀=0 𠀁=1 space=2 A=3 N=4 D=5 space=6 )=7.
    expect(markPosition('𠀀𠀁 AND )', 7)).toEqual({ before: '𠀀𠀁 AND ', marked: ')', after: '' })
    expect(markPosition('a😀b', 1)).toEqual({ before: 'a', marked: '😀', after: 'b' })
    expect(markPosition('a😀b', 2)).toEqual({ before: 'a😀', marked: 'b', after: '' })
  })

  it('marks the end when the position is at or past it', () => {
    expect(markPosition('TI=(无人机', 7)).toEqual({ before: 'TI=(无人机', marked: '', after: '' })
    expect(markPosition('ab', 99)).toEqual({ before: 'ab', marked: '', after: '' })
    expect(markPosition('ab', -3)).toEqual({ before: '', marked: 'a', after: 'b' })
  })

  it('keeps line breaks', () => {
    expect(markPosition('a\nb )', 4)).toEqual({ before: 'a\nb ', marked: ')', after: '' })
  })
})

describe('the syntax help', () => {
  type Messages = { [key: string]: string | Messages }
  const lookUp = (messages: unknown, key: string): unknown =>
    key.split('.').reduce<unknown>((node, part) => (node as Messages | undefined)?.[part], messages)

  it('has a name and an example for every field code, operator and example in both languages', () => {
    const keys = [
      ...FIELD_CODES.flatMap((f) => [`search.fields.${f.code}.name`, `search.fields.${f.code}.example`]),
      ...OPERATORS.flatMap((o) => [`search.operators.${o.key}.meaning`, `search.operators.${o.key}.example`]),
      ...HELP_EXAMPLES.flatMap((k) => [`search.examples.${k}.query`, `search.examples.${k}.meaning`]),
    ]
    const missing: string[] = []
    for (const key of keys) {
      if (typeof lookUp(zhCN, key) !== 'string') missing.push(`zh-CN:${key}`)
      if (typeof lookUp(en, key) !== 'string') missing.push(`en:${key}`)
    }
    expect(missing).toEqual([])
    expect(Object.keys(zhCN.search.fields)).toEqual(FIELD_CODES.map((f) => f.code))
  })

  it('writes each field example with its own code', () => {
    for (const { code } of FIELD_CODES) {
      for (const messages of [zhCN, en]) {
        expect(messages.search.fields[code as keyof typeof zhCN.search.fields].example).toMatch(new RegExp(`^${code}[=<>]`))
      }
    }
  })
})
