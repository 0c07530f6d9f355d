// End-to-end test of the regions' tile-grid chart in the landscape report (专利导航): a visitor
// opens the landscape of a query, finds the tile grid with a square for each of the 34
// provincial-level divisions (grey where there are no hits) and its legend; switches to the
// ranking and back; hovers a square for its full name and count; clicks the square of a
// province with hits and lands on the search page with `(query) AND RG=<code>` and as many hits
// as the landscape counted; the section's table still lists the provinces.
//
//   IPHUB_E2E_URL=http://127.0.0.1:18080 node --test tests/e2e/landscape_map.test.mjs
//
// Needs a running iphub server with the demo accounts (`iphub demo`) serving the web app, and
// Debian's Chromium at /usr/bin/chromium (override with IPHUB_E2E_CHROMIUM). Screenshots go to
// build/e2e-screenshots/.
//
// The test brings its own documents: it imports, as the official sd_official, 9 records whose
// titles hold the made-up word 鹦鹉螺瓦, filed by applicants in Guangdong (5), Zhejiang (3) and
// Sichuan (1), and analyses only them. Importing the same records again changes nothing.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BASE, SKIP, cnCheck, importRecords, launchChromium, newPage, stepper, text, totalIs } from './harness.mjs'

const MARKER = '鹦鹉螺瓦'
const QUERY = `TI=${MARKER}`

const SHENZHEN = { name: `深圳${MARKER}科技有限公司`, type: 'enterprise', country: 'CN', region_code: '440300' }
const HANGZHOU = { name: `杭州${MARKER}研究院`, type: 'research_institute', country: 'CN', region_code: '330100' }
const CHENGDU = { name: `成都${MARKER}材料有限公司`, type: 'enterprise', country: 'CN', region_code: '510100' }
const APPLICANTS = [SHENZHEN, SHENZHEN, SHENZHEN, SHENZHEN, SHENZHEN, HANGZHOU, HANGZHOU, HANGZHOU, CHENGDU]

const RECORDS = APPLICANTS.map((applicant, i) => {
  const digits = `2023188${String(i).padStart(5, '0')}`
  const docNumber = `1188${String(i).padStart(5, '0')}`
  return {
    publication_number: `CN${docNumber}A`,
    country: 'CN',
    doc_number: docNumber,
    kind: 'A',
    type: 'cn_invention_application',
    application_number: `${digits}.${cnCheck(digits)}`,
    application_date: `2023-0${1 + (i % 9)}-1${i}`,
    publication_date: `2024-0${1 + (i % 9)}-1${i}`,
    language: 'zh',
    title: `一种${MARKER}光伏组件${i}`,
    abstract: `本发明公开了一种${MARKER}光伏组件。`,
    claims: [{ number: 1, text: `一种${MARKER}光伏组件，其特征在于……`, depends_on: [] }],
    applicants: [applicant],
    inventors: [{ name: `鹦鹉发明人${i % 3}` }],
    ipc: [{ symbol: 'H02S 40/00', version: '2014.01' }],
    ipc_main: 'H02S 40/00',
  }
})

async function apiLandscape() {
  const response = await fetch(`${BASE}/api/v1/landscape?q=${encodeURIComponent(QUERY)}&top=10`)
  assert.equal(response.status, 200, await response.clone().text())
  return response.json()
}

describe('the tile grid of provinces in a landscape', { skip: SKIP }, () => {
  let browser
  let page
  let landscape

  before(async () => {
    await importRecords(RECORDS, { filename: 'landscape-map-e2e.jsonl', query: QUERY })
    landscape = await apiLandscape()
    browser = await launchChromium()
    page = await newPage(browser)
  })

  after(() => browser?.close())

  const { shot, step } = stepper(() => page)
  const regions = () => page.getByTestId('landscape-section-regions')
  const map = () => regions().getByTestId('landscape-tile-map')
  /** A tile's label: its short name and its count, an SVG text of the chart. */
  const tileLabel = (short) =>
    map()
      .locator('svg text', { hasText: new RegExp(`^${short}`) })
      .first()

  async function landscapeShown() {
    await page.locator(`[data-testid="landscape-total"][data-total="${RECORDS.length}"]`).waitFor()
  }

  it('counts the provinces the test imported (the API)', () => {
    assert.equal(landscape.total, RECORDS.length)
    const province = (code) => landscape.provinces.find((p) => p.value === code)?.count
    assert.equal(province('440000'), 5)
    assert.equal(province('330000'), 3)
    assert.equal(province('510000'), 1)
  })

  it('shows a tile for every province, coloured by its hits, with a legend', () =>
    step('landscape-map-tiles', async () => {
      await page.goto(`${BASE}/navigation?q=${encodeURIComponent(QUERY)}`)
      await landscapeShown()
      await regions().scrollIntoViewIfNeeded()
      await map().locator('svg').waitFor()
      assert.equal(await map().getAttribute('data-tiles'), '34')
      assert.equal(await map().getAttribute('data-with-hits'), '3')
      assert.match(await regions().getByTestId('landscape-regions-map').textContent(), /方格图/)
      assert.equal(
        await map().getByTestId('landscape-chart').getAttribute('aria-label'),
        '各省级行政区命中专利数方格图：每格一个省级行政区，颜色越深命中越多；精确数字见排行与表格',
      )

      // Every square is labelled with its short name and its count (0 where none): two lines,
      // two SVG texts each.
      const labels = await map()
        .locator('svg text')
        .evaluateAll((list) => list.map((el) => el.textContent.trim()).filter(Boolean))
      assert.equal(labels.length, 2 * 34, labels.join('|'))
      const countOf = new Map()
      for (let k = 0; k < labels.length; k += 2) countOf.set(labels[k], labels[k + 1])
      assert.equal(countOf.size, 34)
      for (const [short, count] of [
        ['广东', '5'],
        ['浙江', '3'],
        ['四川', '1'],
        ['新疆', '0'],
        ['黑龙江', '0'],
        ['内蒙古', '0'],
        ['香港', '0'],
        ['澳门', '0'],
        ['台湾', '0'],
      ]) {
        assert.equal(countOf.get(short), count, short)
      }
      // The legend: none (grey), and a class for each count up to the largest (5).
      assert.equal(await text(map().getByTestId('landscape-tile-legend').locator('.legend-title')), '命中件数')
      assert.equal(await map().getByTestId('landscape-tile-legend-step').count(), 5)
      await shot('landscape-map')
    }))

  it('shows the full name and count when hovering a tile', () =>
    step('landscape-map-hover', async () => {
      await tileLabel('广东').hover()
      const tooltip = page.locator('div', { hasText: /^广东省\s*省份: 5$/ }).last()
      await tooltip.waitFor()
    }))

  it('switches to the ranking and back', () =>
    step('landscape-map-switch', async () => {
      await regions().getByTestId('landscape-regions-ranking').click()
      await map().waitFor({ state: 'detached' })
      await regions().getByTestId('landscape-chart').first().locator('path[fill="#1f5fa8"]').first().waitFor()
      await regions().getByTestId('landscape-regions-map').click()
      await map().locator('svg').waitFor()
    }))

  it('opens the hits of a province when its tile is clicked', () =>
    step('landscape-map-click', async () => {
      await tileLabel('广东').click()
      await page.waitForURL((url) => url.pathname === '/search')
      assert.equal(new URL(page.url()).searchParams.get('q'), `(${QUERY}) AND RG=440000`)
      await totalIs(page, '共 5 条')
      await page.goBack()
      await landscapeShown()

      // A grey tile (no hits) leads nowhere.
      await regions().scrollIntoViewIfNeeded()
      await tileLabel('新疆').click()
      await page.waitForTimeout(300)
      assert.equal(new URL(page.url()).pathname, '/navigation')
    }))

  it('keeps the table of provinces', () =>
    step('landscape-map-table', async () => {
      await regions().getByTestId('landscape-view-table').click()
      await regions().getByTestId('landscape-table').first().waitFor()
      assert.equal(await map().count(), 0)
      const guangdong = regions().locator('.el-table__body tr', { hasText: '440000' })
      assert.equal(await text(guangdong.getByTestId('landscape-drill')), '5')
      await regions().getByTestId('landscape-view-chart').click()
      await map().locator('svg').waitFor()
    }))
})
