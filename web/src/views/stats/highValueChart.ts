// The bar chart of the high-value statistics page (views/stats/HighValueStatsView.vue): the
// high-value invention patents of each child region beside the valid invention patents they are
// out of, built on the charts of the landscape report (views/navigation/charts.ts); each bar
// carries its region's code, so a click drills down.
import type { HighValueRow } from '@/lib/highValue'
import { BASE_OPTION, PALETTE, type ChartOption } from '@/views/navigation/charts'

/** A bar's data item: its count, and the region a click opens. */
export interface HighValueBar {
  value: number
  code: string
}

export interface HighValueChartLabels {
  highValue: string
  validInventions: string
}

/**
 * Vertical bars of the high-value patents of each child region (by code), beside the valid
 * invention patents they are out of; each bar carries its region's code for the drill-down.
 */
export function highValueChartOption(rows: readonly HighValueRow[], labels: HighValueChartLabels): ChartOption {
  const bars = (key: 'high_value' | 'valid_inventions'): HighValueBar[] => rows.map((row) => ({ value: row[key], code: row.code }))
  return {
    ...BASE_OPTION,
    grid: { left: 8, right: 8, top: 40, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'all' },
    legend: { top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'category',
      data: rows.map((row) => row.name),
      axisLabel: { interval: 0, rotate: rows.length > 8 ? 40 : 0, width: 120, overflow: 'truncate' },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: labels.highValue,
        barMaxWidth: 22,
        itemStyle: { color: PALETTE[0] },
        label: { show: true, position: 'top' },
        data: bars('high_value'),
      },
      {
        type: 'bar',
        name: labels.validInventions,
        barMaxWidth: 22,
        itemStyle: { color: PALETTE[9] },
        data: bars('valid_inventions'),
      },
    ],
  }
}

/** The chart has something to draw. */
export function hasChartData(rows: readonly HighValueRow[]): boolean {
  return rows.some((row) => row.valid_inventions > 0 || row.high_value > 0)
}

