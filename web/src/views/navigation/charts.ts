// ECharts for the landscape report: only the charts and components it draws are registered
// (echarts/core keeps the rest out of the bundle), drawn as SVG so that printing and PDF keep
// vector shapes and text, and without animation so that a printed page shows final charts.
//
// A data item may carry `drill`, the query-language filter of its hits (lib/landscape.ts), or
// `patent`, a publication number whose page it opens; LandscapeChart.vue acts on clicks.
import { use, type ComposeOption } from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import {
  BarChart,
  GraphChart,
  HeatmapChart,
  LineChart,
  PieChart,
  type BarSeriesOption,
  type GraphSeriesOption,
  type HeatmapSeriesOption,
  type LineSeriesOption,
  type PieSeriesOption,
} from 'echarts/charts'
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
  type VisualMapComponentOption,
} from 'echarts/components'

use([
  SVGRenderer,
  BarChart,
  LineChart,
  PieChart,
  HeatmapChart,
  GraphChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
])

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | HeatmapSeriesOption
  | GraphSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>

/** What a clicked data item may say about where it leads. */
export interface DrillData {
  /** A query-language filter of the item's hits; null: it leads nowhere. */
  drill?: string | null
  /** A publication number: the document's page. */
  patent?: string
}

/** Series colours: the app's blue first, then colours that stay apart in print. */
export const PALETTE = ['#1f5fa8', '#e6a23c', '#3f9c35', '#c45656', '#7a5cb8', '#2aa198', '#d4789c', '#8c6d1f', '#4f81bd', '#909399']

/**
 * The app's font (styles.css --el-font-family), named outright: ECharts measures labels with
 * it to lay out the axes, and 'inherit' would measure with another font than the one drawn.
 */
const FONT_FAMILY =
  "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Helvetica Neue', Arial, sans-serif"

/** What every chart of the report starts from. */
export const BASE_OPTION = {
  animation: false,
  color: PALETTE,
  textStyle: { fontFamily: FONT_FAMILY },
} as const

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** A bar of a ranking: its label on the axis, its count, and the filter of its hits. */
export interface RankedItem {
  key: string
  label: string
  count: number
  filter: string | null
}

/** The height a horizontal bar chart of `n` bars needs, in pixels. */
export function rankingHeight(n: number): number {
  return Math.max(160, 26 * n + 56)
}

/** A horizontal bar chart, the largest on top, each bar drilling into its hits. */
export function rankingOption(items: readonly RankedItem[], seriesName: string, color = PALETTE[0]): ChartOption {
  return {
    ...BASE_OPTION,
    grid: { left: 8, right: 48, top: 8, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'all' },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: items.map((item) => item.label),
      axisLabel: { width: 220, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: seriesName,
        barMaxWidth: 22,
        itemStyle: { color },
        label: { show: true, position: 'right' },
        data: items.map((item) => ({ value: item.count, drill: item.filter })),
      },
    ],
  }
}

/** A pie of shares, each slice drilling into its hits. */
export function pieOption(items: readonly RankedItem[], seriesName: string): ChartOption {
  return {
    ...BASE_OPTION,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { type: 'scroll', orient: 'vertical', left: 0, top: 'middle' },
    series: [
      {
        type: 'pie',
        name: seriesName,
        radius: ['35%', '70%'],
        center: ['62%', '50%'],
        label: { formatter: '{b}\n{c}' },
        data: items.map((item) => ({ name: item.label, value: item.count, drill: item.filter })),
      },
    ],
  }
}
