// The regions' tile-grid chart: its ECharts option (views/navigation/tileMapChart.ts) puts
// every province at its cell with its count, colours it by its class, labels it with its short
// name and count, and gives the tiles with hits the filter a click opens (LandscapeChart.vue
// acts on `drill`, as for a bar); and the component (ChinaTileMap.vue), rendered by Vue's
// server renderer with the chart stubbed (ECharts needs a DOM), hands that option and an
// aria-label to the chart and draws the legend of the colours.
import { describe, expect, it, vi } from 'vitest'
import { createSSRApp, defineComponent, h, type PropType } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { createI18n } from 'vue-i18n'
import { createMemoryHistory, createRouter } from 'vue-router'
import { colorOf, colorSteps, NO_HITS_COLOR, tileData, tileOf } from '@/lib/chinaTileGrid'
import { drillLocation, regionFilter } from '@/lib/landscape'
import en from '@/locales/en'
import zhCN from '@/locales/zh-CN'
import type { ChartOption, RankedItem } from '@/views/navigation/charts'
import { labelFontSize, tileMapItems, tileMapOption, type TileMapItem } from '@/views/navigation/tileMapChart'

const drawn = vi.hoisted(() => ({ option: null as unknown, label: '' }))

vi.mock('@/views/navigation/LandscapeChart.vue', async () => {
  const { defineComponent, h } = await import('vue')
  return {
    default: defineComponent({
      props: { option: { type: Object, required: true }, label: { type: String, required: true }, height: Number },
      setup(props) {
        drawn.option = props.option
        drawn.label = props.label
        return () => h('div', { role: 'img', 'aria-label': props.label, 'data-testid': 'landscape-chart' })
      },
    }),
  }
})

const { default: ChinaTileMap } = await import('@/views/navigation/ChinaTileMap.vue')

const ITEMS: RankedItem[] = [
  { key: '370000', label: '山东省', count: 17, filter: regionFilter('370000') },
  { key: '320000', label: '江苏省', count: 6, filter: regionFilter('320000') },
  { key: '440000', label: '广东省', count: 1, filter: regionFilter('440000') },
]

const seriesOf = (option: ChartOption) => (option.series as { type: string; data: TileMapItem[] }[])[0]

describe('the tile map option', () => {
  const tiles = tileData(ITEMS, (code) => (zhCN.navigation.provinceShort as Record<string, string>)[code])
  const steps = colorSteps(17)
  const option = tileMapOption(tiles, steps, { seriesName: '省份', formatCount: (n) => `${n}件`, selected: '320000' })
  const series = seriesOf(option)
  const item = (code: string) => series.data.find((d) => d.code === code)!

  it('draws one tile per province at its cell, with its count', () => {
    expect(series.type).toBe('heatmap')
    expect(series.data).toHaveLength(34)
    expect(item('370000').value).toEqual([tileOf('370000')!.col, tileOf('370000')!.row, 17])
    expect(item('650000').value).toEqual([tileOf('650000')!.col, tileOf('650000')!.row, 0])
    expect(item('370000').name).toBe('山东')
    expect(item('370000').fullName).toBe('山东省')
  })

  it('colours tiles by their class, those without hits grey', () => {
    expect(item('370000').itemStyle.color).toBe(colorOf(17, steps).color)
    expect(item('440000').itemStyle.color).toBe(colorOf(1, steps).color)
    expect(item('650000').itemStyle.color).toBe(NO_HITS_COLOR)
    expect(item('370000').label.color).toBe('#ffffff')
    // The visualMap a heatmap needs agrees with the tiles.
    const pieces = (option.visualMap as { pieces: { min?: number; max?: number; value?: number; color: string }[] })
      .pieces
    expect(pieces[0]).toEqual({ value: 0, color: NO_HITS_COLOR })
    expect(pieces.slice(1)).toEqual(steps.map((s) => ({ min: s.min, max: s.max, color: s.color })))
  })

  it('outlines the chosen province', () => {
    expect(item('320000').itemStyle.borderColor).not.toBe('#ffffff')
    expect(item('370000').itemStyle.borderColor).toBe('#ffffff')
    expect(tileMapItems(tiles, steps).every((d) => d.itemStyle.borderColor === '#ffffff')).toBe(true)
  })

  it('opens the hits of a tile with hits, like its bar (RG=code); a grey tile leads nowhere', () => {
    expect(item('370000').drill).toBe('RG=370000')
    expect(drillLocation('TI=电池', item('440000').drill ?? null)).toEqual({
      name: 'search',
      query: { q: '(TI=电池) AND RG=440000' },
    })
    expect('drill' in item('650000')).toBe(false)
  })

  it('labels tiles with the short name and count, the tooltip with the full name', () => {
    const label = (series as unknown as { label: { formatter: (p: unknown) => string } }).label
    expect(label.formatter({ data: item('370000') })).toBe('山东\n17件')
    expect(label.formatter({ data: { ...item('150000'), name: 'Inner Mongolia' } })).toBe('Inner\nMongolia\n0件')
    const tooltip = option.tooltip as { formatter: (p: unknown) => string }
    expect(tooltip.formatter({ data: item('370000') })).toBe('山东省<br/>省份: <b>17件</b>')
    expect(tooltip.formatter({ data: { ...item('370000'), fullName: '<b>' } })).toContain('&#60;b&#62;')
  })

  it('shrinks the labels of long names to fit their tile, never below 8 px', () => {
    expect(labelFontSize('广东')).toBe(12)
    expect(labelFontSize('内蒙古')).toBe(12)
    expect(labelFontSize('Guangdong')).toBe(10)
    expect(labelFontSize('Inner Mongolia')).toBe(11)
    expect(labelFontSize('Heilongjiang')).toBe(8)
    expect(labelFontSize('')).toBe(12)
    expect(item('370000').label.fontSize).toBe(12)
  })
})

describe('ChinaTileMap.vue', () => {
  async function render(locale: 'zh-CN' | 'en', items: readonly RankedItem[] = ITEMS): Promise<string> {
    const i18n = createI18n({ legacy: false, locale, messages: { 'zh-CN': zhCN, en } })
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/:p(.*)*', component: { render: () => null } }],
    })
    const Host = defineComponent({
      props: { items: { type: Array as PropType<readonly RankedItem[]>, required: true } },
      setup: (props) => () => h(ChinaTileMap, { items: props.items, name: '省份', selected: '370000' }),
    })
    const app = createSSRApp(Host, { items })
    app.use(i18n).use(router)
    return renderToString(app)
  }

  it('renders the chart with its aria-label, its option and the legend', async () => {
    const html = await render('zh-CN')
    expect(html).toContain('data-testid="landscape-tile-map"')
    expect(html).toContain('data-tiles="34"')
    expect(html).toContain('data-with-hits="3"')
    expect(drawn.label).toBe(zhCN.navigation.tileMapLabel)
    expect(html).toContain(`aria-label="${zhCN.navigation.tileMapLabel}"`)
    const series = seriesOf(drawn.option as ChartOption)
    expect(series.data.find((d) => d.code === '370000')).toMatchObject({ name: '山东', fullName: '山东省' })
    expect(series.data.find((d) => d.code === '370000')?.drill).toBe('RG=370000')
    expect(series.data.find((d) => d.code === '370000')?.itemStyle.borderColor).not.toBe('#ffffff')
    // The legend: no hits, then the classes up to 17.
    expect(html).toContain(zhCN.navigation.tileMapLegend)
    expect(html).toContain(zhCN.navigation.tileMapNone)
    expect(html.match(/data-testid="landscape-tile-legend-step"/g)).toHaveLength(5)
    expect(html).toContain('11–17')
    expect(html).toContain(zhCN.navigation.tileMapNote)
  })

  it('speaks English too, and shows all tiles grey without hits', async () => {
    const html = await render('en', [])
    expect(html).toContain(en.navigation.tileMapNote)
    expect(html).toContain('data-with-hits="0"')
    expect(html).not.toContain('landscape-tile-legend-step')
    const series = seriesOf(drawn.option as ChartOption)
    expect(series.data.every((d) => d.itemStyle.color === NO_HITS_COLOR && !('drill' in d))).toBe(true)
    // Tiles are named in the page's language (the locale files' short names).
    expect(series.data.find((d) => d.code === '150000')).toMatchObject({
      name: 'Inner Mongolia',
      fullName: 'Inner Mongolia',
    })
  })
})
