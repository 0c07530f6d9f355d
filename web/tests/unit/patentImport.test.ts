import { describe, expect, it } from 'vitest'
import { formatBytes, importFileProblem, MAX_IMPORT_BYTES, percentOf } from '@/lib/patentImport'

describe('importFileProblem', () => {
  it('accepts the five formats in any case', () => {
    for (const name of ['a.xml', 'b.JSONL', 'c.csv', 'd.xlsx', 'e.ZIP', 'US07057742-20060606.XML']) {
      expect(importFileProblem(name, 10)).toBeNull()
    }
  })

  it('refuses other types, files over 64 MiB and empty files', () => {
    expect(importFileProblem('a.pdf', 10)).toBe('badType')
    expect(importFileProblem('a.xls', 10)).toBe('badType')
    expect(importFileProblem('xml', 10)).toBe('badType')
    expect(importFileProblem('a.zip', MAX_IMPORT_BYTES + 1)).toBe('tooLarge')
    expect(importFileProblem('a.zip', MAX_IMPORT_BYTES)).toBeNull()
    expect(importFileProblem('a.csv', 0)).toBe('empty')
  })
})

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(1023)).toBe('1023 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(21430)).toBe('20.9 KB')
    expect(formatBytes(MAX_IMPORT_BYTES)).toBe('64 MB')
  })
})

describe('percentOf', () => {
  it('rounds down and stays within 0-100', () => {
    expect(percentOf(0, 100)).toBe(0)
    expect(percentOf(999, 1000)).toBe(99)
    expect(percentOf(1000, 1000)).toBe(100)
    expect(percentOf(2000, 1000)).toBe(100)
    expect(percentOf(10, 0)).toBe(0)
  })
})
