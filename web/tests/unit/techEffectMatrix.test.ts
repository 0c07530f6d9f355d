import { describe, expect, it } from 'vitest'
import type { CollectionPatent, TechEffectMatrix } from '@/api/types'
import {
  clickedCell,
  findCell,
  MAX_TAG_CHARS,
  MAX_TAGS_PER_AXIS,
  matrixChartHeight,
  matrixChartOption,
  matrixTable,
  normalizeTags,
  tagSuggestions,
} from '@/views/collections/techEffectMatrix'

// Rows 热管理 (2), 电池管理 (1); columns 降低成本 (3), 提高续航 (1); three non-empty cells.
const MATRIX: TechEffectMatrix = {
  technologies: [
    { label: '热管理', count: 2 },
    { label: '电池管理', count: 1 },
  ],
  effects: [
    { label: '降低成本', count: 3 },
    { label: '提高续航', count: 1 },
  ],
  cells: [
    { technology: '热管理', effect: '降低成本', count: 2, numbers: ['CN1A', 'CN2A'] },
    { technology: '热管理', effect: '提高续航', count: 1, numbers: ['CN1A'] },
    { technology: '电池管理', effect: '降低成本', count: 1, numbers: ['CN2A'] },
  ],
  tagged: 3,
  untagged: 1,
}

function patent(number: string, technology: string[], effect: string[]): CollectionPatent {
  return {
    publication_number: number,
    title: '',
    country: 'CN',
    kind: 'A',
    type: 'cn_invention_application',
    application_number: '',
    application_date: '',
    publication_date: '',
    ipc_main: '',
    first_applicant: '',
    added_at: null,
    added_by: null,
    technology,
    effect,
  }
}

describe('matrixTable', () => {
  it('lays every row and column out, empty cells as null', () => {
    const table = matrixTable(MATRIX)
    expect(table.columns.map((c) => c.label)).toEqual(['降低成本', '提高续航'])
    expect(table.rows.map((r) => [r.technology, r.count])).toEqual([
      ['热管理', 2],
      ['电池管理', 1],
    ])
    expect(table.rows[0].cells.map((c) => c?.count ?? null)).toEqual([2, 1])
    expect(table.rows[1].cells.map((c) => c?.count ?? null)).toEqual([1, null])
  })

  it('has no rows for an empty matrix', () => {
    const table = matrixTable({ technologies: [], effects: [], cells: [], tagged: 0, untagged: 5 })
    expect(table).toEqual({ columns: [], rows: [] })
  })
})

describe('findCell', () => {
  it('finds a cell by its technology and effect', () => {
    expect(findCell(MATRIX, { technology: '热管理', effect: '降低成本' })?.numbers).toEqual(['CN1A', 'CN2A'])
    expect(findCell(MATRIX, { technology: '电池管理', effect: '提高续航' })).toBeNull()
  })
})

describe('matrixChartOption', () => {
  const option = matrixChartOption(MATRIX, { seriesName: 'matrix', formatCount: (n) => `${n}件` })

  it('puts effects on x, technologies on y and one item per non-empty cell', () => {
    expect((option.xAxis as { data: string[] }).data).toEqual(['降低成本', '提高续航'])
    expect((option.yAxis as { data: string[]; inverse: boolean }).data).toEqual(['热管理', '电池管理'])
    expect((option.yAxis as { inverse: boolean }).inverse).toBe(true)
    const series = (option.series as { type: string; data: { value: number[]; cell: unknown }[] }[])[0]
    expect(series.type).toBe('heatmap')
    expect(series.data.map((d) => d.value)).toEqual([
      [0, 0, 2],
      [1, 0, 1],
      [0, 1, 1],
    ])
    expect(series.data[2].cell).toEqual({ technology: '电池管理', effect: '降低成本' })
    expect((option.visualMap as { max: number }).max).toBe(2)
  })

  it('says in the tooltip which cell it is, escaped', () => {
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter
    expect(formatter({ data: { value: [0, 0, 2], cell: { technology: '<b>', effect: '降低成本' } } })).toBe(
      '&#60;b&#62; × 降低成本: 2件',
    )
    expect(formatter({ data: null })).toBe('')
  })

  it('grows with the rows', () => {
    expect(matrixChartHeight(MATRIX)).toBe(240)
    const many = { ...MATRIX, technologies: Array.from({ length: 10 }, (_, i) => ({ label: `t${i}`, count: 1 })) }
    expect(matrixChartHeight(many)).toBe(470)
  })
})

describe('clickedCell', () => {
  it('reads the cell a chart item carries and nothing else', () => {
    expect(clickedCell({ value: [0, 0, 2], cell: { technology: 'a', effect: 'b' } })).toEqual({ technology: 'a', effect: 'b' })
    expect(clickedCell({ value: [0, 0, 2] })).toBeNull()
    expect(clickedCell(null)).toBeNull()
    expect(clickedCell({ cell: { technology: 1, effect: 'b' } })).toBeNull()
  })
})

describe('tag editor', () => {
  it('offers the labels of the matrix and of the listed patents, once each', () => {
    const suggestions = tagSuggestions([patent('CN3A', ['热管理', '新分支'], ['降低重量'])], MATRIX)
    expect(new Set(suggestions.technology)).toEqual(new Set(['热管理', '电池管理', '新分支']))
    expect(suggestions.technology).toHaveLength(3)
    expect(new Set(suggestions.effect)).toEqual(new Set(['降低成本', '提高续航', '降低重量']))
    expect(tagSuggestions([], null)).toEqual({ technology: [], effect: [] })
  })

  it('trims and de-duplicates labels and checks the limits as the server does', () => {
    expect(normalizeTags([' 热管理 ', '热管理', '', '电池管理'])).toEqual({ labels: ['热管理', '电池管理'] })
    expect(normalizeTags(['电'.repeat(MAX_TAG_CHARS)])).toEqual({ labels: ['电'.repeat(MAX_TAG_CHARS)] })
    expect(normalizeTags(['电'.repeat(MAX_TAG_CHARS + 1)])).toEqual({ problem: 'tooLong' })
    const many = Array.from({ length: MAX_TAGS_PER_AXIS + 1 }, (_, i) => `l${i}`)
    expect(normalizeTags(many)).toEqual({ problem: 'tooMany' })
    expect(normalizeTags(many.slice(1))).toEqual({ labels: many.slice(1) })
  })
})
