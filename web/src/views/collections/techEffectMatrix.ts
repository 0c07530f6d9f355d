// The technology × effect matrix (技术功效矩阵) of a collection as the page shows it: a table
// (rows = technology branches or IPC subclasses, columns = effects) and an ECharts heatmap whose
// cells carry their technology and effect, so that a click opens the cell's patents. Pure
// functions of the API's answer (GET /collections/{id}/matrix), tested in
// tests/unit/techEffectMatrix.test.ts; CollectionMatrix.vue draws them.
import type { CollectionPatent, MatrixCell, MatrixLabel, TechEffectMatrix } from '@/api/types'
import { BASE_OPTION, escapeHtml, type ChartOption } from '@/views/navigation/charts'

/** The most labels a patent carries per axis, and the longest label (the server's limits). */
export const MAX_TAGS_PER_AXIS = 10
export const MAX_TAG_CHARS = 40

/** What a clicked heatmap item carries. */
export interface MatrixCellRef {
  technology: string
  effect: string
}

export interface MatrixTableRow {
  technology: string
  count: number
  /** One per column (`columns` order); null where no patent has both. */
  cells: (MatrixCell | null)[]
}

export interface MatrixTable {
  columns: MatrixLabel[]
  rows: MatrixTableRow[]
}

function cellKey(technology: string, effect: string): string {
  return `${technology}\u0000${effect}`
}

/** The matrix as a full table: every row and column, empty cells as null. */
export function matrixTable(matrix: TechEffectMatrix): MatrixTable {
  const byKey = new Map(matrix.cells.map((cell) => [cellKey(cell.technology, cell.effect), cell]))
  return {
    columns: matrix.effects,
    rows: matrix.technologies.map((row) => ({
      technology: row.label,
      count: row.count,
      cells: matrix.effects.map((column) => byKey.get(cellKey(row.label, column.label)) ?? null),
    })),
  }
}

/** The cell of `technology` × `effect`, or null when no patent has both. */
export function findCell(matrix: TechEffectMatrix, ref: MatrixCellRef): MatrixCell | null {
  return matrix.cells.find((cell) => cell.technology === ref.technology && cell.effect === ref.effect) ?? null
}

/** The height the heatmap of `matrix` needs, in pixels. */
export function matrixChartHeight(matrix: TechEffectMatrix): number {
  return Math.max(240, 34 * matrix.technologies.length + 130)
}

export interface MatrixChartTexts {
  /** The series name (the chart's title for screen readers and tooltips). */
  seriesName: string
  /** A count as the page writes it. */
  formatCount: (n: number) => string
}

/**
 * A heatmap: effects along the top (x), technologies down the side (y, first row on top), one
 * item per non-empty cell with its count as label; each item carries `cell` (MatrixCellRef).
 */
export function matrixChartOption(matrix: TechEffectMatrix, texts: MatrixChartTexts): ChartOption {
  const columnOf = new Map(matrix.effects.map((column, index) => [column.label, index]))
  const rowOf = new Map(matrix.technologies.map((row, index) => [row.label, index]))
  const max = matrix.cells.reduce((most, cell) => Math.max(most, cell.count), 0)
  const data = matrix.cells
    .filter((cell) => columnOf.has(cell.effect) && rowOf.has(cell.technology))
    .map((cell) => ({
      value: [columnOf.get(cell.effect) as number, rowOf.get(cell.technology) as number, cell.count],
      cell: { technology: cell.technology, effect: cell.effect } satisfies MatrixCellRef,
    }))
  return {
    ...BASE_OPTION,
    grid: { left: 8, right: 8, top: 8, bottom: 48, outerBoundsMode: 'same', outerBoundsContain: 'all' },
    tooltip: {
      trigger: 'item',
      formatter: (params: unknown) => {
        const item = (params as { data?: { cell?: MatrixCellRef; value?: number[] } }).data
        if (!item?.cell || !item.value) return ''
        return `${escapeHtml(item.cell.technology)} × ${escapeHtml(item.cell.effect)}: ${texts.formatCount(item.value[2])}`
      },
    },
    xAxis: {
      type: 'category',
      position: 'top',
      data: matrix.effects.map((column) => column.label),
      axisLabel: { interval: 0, rotate: matrix.effects.length > 6 ? 30 : 0, width: 120, overflow: 'truncate' },
      splitArea: { show: true },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: matrix.technologies.map((row) => row.label),
      axisLabel: { interval: 0, width: 160, overflow: 'truncate' },
      splitArea: { show: true },
    },
    visualMap: {
      min: 0,
      max: Math.max(1, max),
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 120,
      inRange: { color: ['#dbe7f5', '#1f5fa8'] },
    },
    series: [
      {
        type: 'heatmap',
        name: texts.seriesName,
        label: { show: true, fontSize: 12 },
        emphasis: { itemStyle: { borderColor: '#303133', borderWidth: 1 } },
        data,
      },
    ],
  }
}

/** The cell a clicked heatmap item stands for, if it is one. */
export function clickedCell(data: unknown): MatrixCellRef | null {
  if (!data || typeof data !== 'object') return null
  const cell = (data as { cell?: unknown }).cell
  if (!cell || typeof cell !== 'object') return null
  const { technology, effect } = cell as Partial<MatrixCellRef>
  return typeof technology === 'string' && typeof effect === 'string' ? { technology, effect } : null
}

export interface TagSuggestions {
  technology: string[]
  effect: string[]
}

/**
 * Labels to offer in the tag editor: those of the listed patents and of the matrix by tags
 * (the labels of every tagged member), each list sorted and without duplicates.
 */
export function tagSuggestions(patents: readonly CollectionPatent[], matrix: TechEffectMatrix | null): TagSuggestions {
  const technology = new Set<string>(matrix?.technologies.map((row) => row.label) ?? [])
  const effect = new Set<string>(matrix?.effects.map((column) => column.label) ?? [])
  for (const patent of patents) {
    for (const label of patent.technology ?? []) technology.add(label)
    for (const label of patent.effect ?? []) effect.add(label)
  }
  const sorted = (labels: Set<string>) => [...labels].sort((a, b) => a.localeCompare(b, 'zh-CN'))
  return { technology: sorted(technology), effect: sorted(effect) }
}

/**
 * Labels as the server will keep them: trimmed, empty ones dropped, duplicates once (first
 * kept). Returns the problem instead when one is longer than MAX_TAG_CHARS code points or there
 * are more than MAX_TAGS_PER_AXIS.
 */
export function normalizeTags(labels: readonly string[]): { labels: string[] } | { problem: 'tooLong' | 'tooMany' } {
  const out: string[] = []
  for (const label of labels) {
    const trimmed = label.trim()
    if (!trimmed || out.includes(trimmed)) continue
    if ([...trimmed].length > MAX_TAG_CHARS) return { problem: 'tooLong' }
    out.push(trimmed)
  }
  if (out.length > MAX_TAGS_PER_AXIS) return { problem: 'tooMany' }
  return { labels: out }
}
