// The ECharts option of the regions' tile-grid chart (ChinaTileMap.vue): a heatmap on a grid of
// categories, one cell per provincial-level division at its place in lib/chinaTileGrid.ts,
// filled by its count's class. A tile with hits carries `drill`, the filter of its hits, which
// LandscapeChart.vue opens on a click, as it does for a bar.
import { colorOf, TILE_COLUMNS, TILE_ROWS, type ColorStep, type TileDatum } from '@/lib/chinaTileGrid'
import { BASE_OPTION, escapeHtml, type ChartOption } from './charts'

/** A tile's side, in pixels. */
export const TILE_SIZE = 66
/** Room around the grid. */
const MARGIN = 8

/** The chart's height for the grid's rows. */
export const TILE_MAP_HEIGHT = TILE_ROWS * TILE_SIZE + 2 * MARGIN

/** Label sizes, in pixels: the usual, and the least a long name shrinks to. */
const LABEL_SIZE = 12
const LABEL_SIZE_MIN = 8

/**
 * The font size that fits a name's longest word into a tile (names break between words): CJK
 * characters are 1 em wide, others taken as 0.66 em (wide Latin fonts too).
 */
export function labelFontSize(name: string): number {
  const ems = (word: string) =>
    [...word].reduce((sum, c) => sum + (/[\u2e80-\u9fff\uf900-\ufaff]/.test(c) ? 1 : 0.66), 0)
  const widest = Math.max(0, ...name.split(/\s+/).map(ems))
  if (widest === 0) return LABEL_SIZE
  return Math.max(LABEL_SIZE_MIN, Math.min(LABEL_SIZE, Math.floor((TILE_SIZE - 4) / widest)))
}

/** A data item of the series: [column, row, count] and what the click and tooltip need. */
export interface TileMapItem {
  value: [number, number, number]
  name: string
  code: string
  fullName: string
  drill?: string | null
  itemStyle: { color: string; borderColor: string; borderWidth: number }
  label: { color: string; fontSize: number; lineHeight: number }
}

/** The series' data: one item per tile, `selected` (a code) outlined. */
export function tileMapItems(tiles: readonly TileDatum[], steps: readonly ColorStep[], selected = ''): TileMapItem[] {
  return tiles.map((tile) => {
    const { color, text } = colorOf(tile.count, steps)
    const mark = tile.code === selected
    return {
      value: [tile.col, tile.row, tile.count],
      name: tile.short,
      code: tile.code,
      fullName: tile.name,
      ...(tile.filter !== null ? { drill: tile.filter } : {}),
      itemStyle: { color, borderColor: mark ? '#303133' : '#ffffff', borderWidth: mark ? 2 : 3 },
      label: { color: text, fontSize: labelFontSize(tile.short), lineHeight: labelFontSize(tile.short) + 3 },
    }
  })
}

/**
 * The tile chart: squares of TILE_SIZE centred in the chart's width, each labelled with its
 * short name and count; the tooltip gives the full name and count. Colours come from `steps`
 * (lib/chinaTileGrid.ts colorSteps), also fed to a hidden visualMap, which a heatmap needs.
 */
export function tileMapOption(
  tiles: readonly TileDatum[],
  steps: readonly ColorStep[],
  options: { seriesName: string; formatCount: (n: number) => string; selected?: string },
): ChartOption {
  const { seriesName, formatCount, selected = '' } = options
  const categories = (n: number) => Array.from({ length: n }, (_, k) => String(k))
  const hidden = { show: false } as const
  return {
    ...BASE_OPTION,
    grid: {
      left: 'center',
      top: MARGIN,
      width: TILE_COLUMNS * TILE_SIZE,
      height: TILE_ROWS * TILE_SIZE,
    },
    tooltip: {
      trigger: 'item',
      formatter: (params) => {
        const item = (Array.isArray(params) ? params[0] : params)?.data as TileMapItem | undefined
        if (!item) return ''
        return `${escapeHtml(item.fullName)}<br/>${escapeHtml(seriesName)}: <b>${formatCount(item.value[2])}</b>`
      },
    },
    xAxis: {
      type: 'category',
      data: categories(TILE_COLUMNS),
      axisLine: hidden,
      axisTick: hidden,
      axisLabel: hidden,
      splitLine: hidden,
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: categories(TILE_ROWS),
      axisLine: hidden,
      axisTick: hidden,
      axisLabel: hidden,
      splitLine: hidden,
    },
    visualMap: {
      type: 'piecewise',
      show: false,
      dimension: 2,
      pieces: [
        { value: 0, color: colorOf(0, steps).color },
        ...steps.map((step) => ({ min: step.min, max: step.max, color: step.color })),
      ],
    },
    series: [
      {
        type: 'heatmap',
        name: seriesName,
        label: {
          show: true,
          fontSize: LABEL_SIZE,
          lineHeight: LABEL_SIZE + 3,
          formatter: (params) => {
            const item = params.data as TileMapItem
            // A name of several words (Inner Mongolia) a word a line; see labelFontSize.
            return `${item.name.split(/\s+/).join('\n')}\n${formatCount(item.value[2])}`
          },
        },
        emphasis: { itemStyle: { borderColor: '#303133', borderWidth: 2 } },
        data: tileMapItems(tiles, steps, selected),
      },
    ],
  }
}
