// End-to-end test of patent navigation (专利导航): a visitor finds the area in the menu, runs a
// search and opens its landscape from the search page; reads the header (hits, time, data
// version) and the sections in their order; reads the filing trend's table with the growth
// rates the page works out; clicks a bar of the applicant chart and a bar of the new-entrants
// chart, and numbers in the tables (an IPC subclass, a province, a co-applicant pair, an
// applicant whose name holds quotes), each landing on the search page with
// `(query) AND filter` and exactly as many hits as the landscape counted; opens a most cited
// document; meets a malformed query marked where it went wrong, and the page in English.
// Then a logged-in user saves the landscape as a report with a template, finds the template's
// sections in order drawn from the stored numbers, writes the analysis of a section (kept after
// a reload), reads what changed since, downloads both XLSX exports, prints the report to a PDF
// of several A4 pages that holds the title and the analysis, finds the report in the list and
// deletes it.
//
//   IPHUB_E2E_URL=http://127.0.0.1:18080 node --test tests/e2e/navigation.test.mjs
//
// Needs a running iphub server with the demo accounts (`iphub demo`; demo patents may be
// loaded or not) serving web/dist, and Debian's Chromium at /usr/bin/chromium (override with
// IPHUB_E2E_CHROMIUM). Screenshots go to build/e2e-screenshots/.
//
// The test brings its own documents: before the browser starts it imports, as the official
// sd_official, 24 records whose titles all hold the made-up word 珊瑚鸮, and analyses only
// them, so its counts hold with or without other patents on the server. Importing the same
// records again changes nothing, and the report it saves is deleted at the end, so it can run
// more than once.
import assert from 'node:assert/strict'
import { inflateSync } from 'node:zlib'
import { after, before, describe, it } from 'node:test'
import { BASE, DEMO_PASSWORD, SKIP, cnCheck, importRecords, launchChromium, login, newPage, stepper, text, totalIs } from './harness.mjs'

const MARKER = '珊瑚鸮'
const QUERY = `TI=${MARKER}`
const RUN = Date.now().toString(36)
const REPORT_TITLE = `${MARKER}产业导航报告 ${RUN}`
const ANALYSIS = '储能电池领域申请量逐年增长，济南企业居首。'

const JINAN = { name: `${MARKER}新能源科技有限公司`, type: 'enterprise', country: 'CN', region_code: '370102' }
const QINGDAO = { name: '青岛珊瑚电池有限公司', type: 'enterprise', country: 'CN', region_code: '370212' }
const NANJING = { name: '南京珊瑚鸮储能研究院', type: 'research_institute', country: 'CN', region_code: '320102' }
const ACME = { name: 'Acme "Blue" Energy Co., Ltd.', type: 'enterprise', country: 'US', region_code: null }

// Filings per application year: a growing field (2022 has publications only).
const YEAR_COUNTS = { 2017: 2, 2018: 3, 2019: 4, 2020: 6, 2021: 9 }
const YEARS = Object.entries(YEAR_COUNTS).flatMap(([year, n]) => Array(n).fill(Number(year)))
const TOPICS = ['储能电池热管理装置', '储能变流器', '电池簇均衡电路']

/** Record i's applicants: Jinan files 0–9 (0 and 6 with Nanjing), Qingdao 10–16, Nanjing 17–20, Acme 21–23. */
function applicantsOf(i) {
  if (i < 10) return i % 6 === 0 ? [JINAN, NANJING] : [JINAN]
  if (i < 17) return [QINGDAO]
  if (i < 21) return [NANJING]
  return [ACME]
}

/** Record i's IPC: both subclasses on every third, else one of them. */
function ipcOf(i) {
  if (i % 3 === 0) return ['H01M 10/613', 'H02J 7/00']
  return i % 3 === 1 ? ['H01M 10/613'] : ['H02J 7/00']
}

const docNumberOf = (i) => `${i % 2 === 1 ? 2 : 1}7766${String(i).padStart(4, '0')}`

// Record i: applied in YEARS[i]; even i an invention application (pending), odd i a utility
// model granted when published. Records 1, 2, 3 and 5 cite record 0, every record from 4 on
// the one four before it.
const RECORDS = YEARS.map((year, i) => {
  const utility = i % 2 === 1
  const digits = `${year}${utility ? 2 : 1}7766${String(i).padStart(3, '0')}`
  const date = `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + i).padStart(2, '0')}`
  const published = utility ? `${year}-12-${String(1 + i).padStart(2, '0')}` : `${year + 1}-${date.slice(5)}`
  const docNumber = docNumberOf(i)
  const topic = TOPICS[i % 3]
  const cites = [...(i >= 4 ? [i - 4] : []), ...([1, 2, 3, 5].includes(i) ? [0] : [])]
  const ipc = ipcOf(i)
  return {
    publication_number: `CN${docNumber}${utility ? 'U' : 'A'}`,
    country: 'CN',
    doc_number: docNumber,
    kind: utility ? 'U' : 'A',
    type: utility ? 'cn_utility_model' : 'cn_invention_application',
    application_number: `${digits}.${cnCheck(digits)}`,
    application_date: date,
    publication_date: published,
    ...(utility ? { grant_date: published } : {}),
    language: 'zh',
    title: `一种${MARKER}${topic}`,
    abstract: `本发明公开了一种${MARKER}${topic}，用于储能电站。`,
    claims: [{ number: 1, text: `一种${MARKER}${topic}，其特征在于……`, depends_on: [] }],
    applicants: applicantsOf(i),
    inventors: [{ name: `珊瑚发明人${i % 5}` }],
    ipc: ipc.map((symbol) => ({ symbol, version: '2006.01' })),
    ipc_main: ipc[0],
    citations: cites.map((k) => ({
      kind: 'patent',
      by: 'examiner',
      country: 'CN',
      number: docNumberOf(k),
      kind_code: k % 2 === 1 ? 'U' : 'A',
      date: '2017-01-01',
      text: '',
    })),
  }
})

/** The landscape as the API answers it: what the page must show. */
async function apiLandscape(q = QUERY) {
  const response = await fetch(`${BASE}/api/v1/landscape?q=${encodeURIComponent(q)}&top=10`)
  assert.equal(response.status, 200, await response.clone().text())
  return response.json()
}

/** The sections the analysis page shows, in order (web/src/lib/landscape.ts). */
const SECTIONS = [
  'trend',
  'applicants',
  'ipc',
  'ipc_matrix',
  'regions',
  'countries',
  'life_cycle',
  'new_entrants',
  'inventors',
  'legal_status',
  'types',
  'collaboration',
  'citations',
]

/** The query-language phrase of a name, as the page writes it. */
const quoted = (name) => `"${name.replace(/[\\"]/g, (c) => `\\${c}`)}"`

// ---------------------------------------------------------------------------
// A cheap look inside a PDF (no parser): pages, the document title, and which characters the
// embedded fonts can write (their ToUnicode maps), which holds every character printed.

function pdfPages(pdf) {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length
}

/** The Info dictionary's /Title (Chrome writes it as UTF-16BE hex or a literal string). */
function pdfTitle(pdf) {
  const latin = pdf.toString('latin1')
  const hex = latin.match(/\/Title\s*<FEFF([0-9A-Fa-f]*)>/)
  if (hex) return Buffer.from(hex[1], 'hex').swap16().toString('utf16le')
  const literal = latin.match(/\/Title\s*\(((?:\\.|[^\\)])*)\)/)
  return literal ? literal[1] : ''
}

/** Every character the ToUnicode maps of the PDF's fonts map to. */
function pdfCharacters(pdf) {
  const latin = pdf.toString('latin1')
  const chars = new Set()
  // UTF-16BE, as the maps write their targets.
  const hexToText = (hex) => (hex.length % 4 === 0 ? Buffer.from(hex, 'hex').swap16().toString('utf16le') : '')
  const streamPattern = /\/FlateDecode[^]*?stream\r?\n/g
  for (let match = streamPattern.exec(latin); match; match = streamPattern.exec(latin)) {
    const start = match.index + match[0].length
    const end = latin.indexOf('endstream', start)
    let cmap
    try {
      cmap = inflateSync(pdf.subarray(start, end)).toString('latin1')
    } catch {
      continue
    }
    for (const [, block] of cmap.matchAll(/beginbfchar([^]*?)endbfchar/g)) {
      for (const [, target] of block.matchAll(/<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]+)>/g)) {
        for (const c of hexToText(target)) chars.add(c)
      }
    }
    for (const [, block] of cmap.matchAll(/beginbfrange([^]*?)endbfrange/g)) {
      for (const [, from, to, target] of block.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        const first = parseInt(target, 16)
        for (let k = 0; k <= parseInt(to, 16) - parseInt(from, 16); k++) chars.add(String.fromCodePoint(first + k))
      }
    }
  }
  return chars
}

describe('patent navigation', { skip: SKIP }, () => {
  let browser
  let page
  let landscape

  before(async () => {
    await importRecords(RECORDS, { filename: 'navigation-e2e.jsonl', query: QUERY })
    landscape = await apiLandscape()
    browser = await launchChromium()
    page = await newPage(browser, { acceptDownloads: true })
  })

  after(() => browser?.close())

  const { shot, step } = stepper(() => page)
  const section = (key) => page.getByTestId(`landscape-section-${key}`)
  const searchQuery = () => new URL(page.url()).searchParams.get('q')

  /** Shows a section's table. */
  async function showTable(key) {
    await section(key).getByTestId('landscape-view-table').click()
    await section(key).getByTestId('landscape-table').first().waitFor()
  }

  /** Waits for the analysis page of QUERY to show its landscape. */
  async function landscapeShown() {
    await page.locator(`[data-testid="landscape-total"][data-total="${RECORDS.length}"]`).waitFor()
  }

  /** Follows a drill link or chart element, checks the query and the hits, and comes back. */
  async function drillsTo(click, filter, expectedTotal) {
    await click()
    await page.waitForURL((url) => url.pathname === '/search')
    assert.equal(searchQuery(), `(${QUERY}) AND ${filter}`)
    await totalIs(page, `共 ${expectedTotal} 条`)
    await page.goBack()
    await landscapeShown()
  }

  it('agrees with the records the test imported (the API)', () => {
    assert.equal(landscape.total, RECORDS.length)
    assert.equal(landscape.query, QUERY)
    assert.deepEqual(landscape.years, [2017, 2018, 2019, 2020, 2021, 2022])
    assert.deepEqual(landscape.filings.application, [2, 3, 4, 6, 9, 0])
    assert.deepEqual(
      landscape.applicants.top.map((a) => a.count),
      [10, 7, 6, 3],
    )
    const province = (code) => landscape.provinces.find((p) => p.value === code)?.count
    assert.equal(province('370000'), 17)
    assert.equal(province('320000'), 6)
    assert.ok(landscape.collaboration.links.some((l) => l.count === 2), JSON.stringify(landscape.collaboration))
  })

  it('is open to visitors from the menu and the search page', () =>
    step('navigation-open', async () => {
      await page.goto(`${BASE}/search`)
      await page.getByTestId('nav-area-navigation').click()
      await page.waitForURL((url) => url.pathname === '/navigation')
      assert.equal(await text(page.getByTestId('nav-area-navigation')), '专利导航')
      await page.getByTestId('landscape-intro').waitFor()

      await page.goto(`${BASE}/search?q=${encodeURIComponent(QUERY)}`)
      await totalIs(page, `共 ${RECORDS.length} 条`)
      assert.equal(await text(page.getByTestId('search-landscape')), '专利导航分析')
      await page.getByTestId('search-landscape').click()
      await page.waitForURL((url) => url.pathname === '/navigation' && url.searchParams.get('q') === QUERY)
      await landscapeShown()
      assert.equal(await page.getByTestId('search-query').inputValue(), QUERY)
    }))

  it('shows the hits, the time, the data version and the sections in order', () =>
    step('navigation-header', async () => {
      assert.equal(await text(page.getByTestId('landscape-total')), `命中 ${RECORDS.length} 件`)
      assert.match(await text(page.getByTestId('landscape-took')), /^分析用时 [\d.]+ 毫秒$/)
      assert.match(await text(page.getByTestId('landscape-data-version')), /^数据版本 \d+$/)
      assert.match(await text(page.getByTestId('landscape-computed-at')), /^计算时间 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/)

      const shown = await page.locator('.landscape-section').evaluateAll((list) => list.map((s) => s.dataset.section))
      assert.deepEqual(
        shown,
        SECTIONS.filter((key) => key !== 'citations' || landscape.citations),
      )
      // Every section with data draws a chart.
      await section('trend').getByTestId('landscape-chart').locator('svg').waitFor()
      assert.ok((await page.getByTestId('landscape-chart').count()) >= 10)
      assert.equal(await text(section('trend').locator('h3')), '专利申请趋势')
      await shot('navigation-01-landscape')
    }))

  it('works out the year-over-year growth of the filing trend', () =>
    step('navigation-trend', async () => {
      await showTable('trend')
      const rows = section('trend').locator('.el-table__body tr')
      assert.equal(await rows.count(), 6)
      const growth = (row, kind) => text(rows.nth(row).getByTestId(`landscape-growth-${kind}`))
      // Applications 2, 3, 4, 6, 9, 0: none the first year, then +50 %, +33.3 %, +50 %, +50 %, −100 %.
      assert.equal(await growth(0, 'application'), '')
      assert.equal(await growth(1, 'application'), '+50.0%')
      assert.equal(await growth(2, 'application'), '+33.3%')
      assert.equal(await growth(5, 'application'), '-100.0%')
      // Publications and grants by the same rule: none where the year before had none.
      for (const kind of ['publication', 'grant']) {
        const counts = landscape.filings[kind]
        for (let k = 0; k < counts.length; k++) {
          const before = k > 0 ? counts[k - 1] : 0
          const rate = before > 0 ? (counts[k] - before) / before : null
          const expected = rate === null ? '' : `${rate > 0 ? '+' : rate < 0 ? '-' : ''}${Math.abs(rate * 100).toFixed(1)}%`
          assert.equal(await growth(k, kind), expected, `${kind} growth in ${landscape.years[k]}`)
        }
      }
      // A year's count opens the hits of that application year.
      await drillsTo(() => rows.nth(3).getByTestId('landscape-drill').first().click(), 'AD=2020', YEAR_COUNTS[2020])
      await section('trend').getByTestId('landscape-view-chart').click()
    }))

  it('opens the hits of an applicant bar and of a new-entrants bar', () =>
    step('navigation-chart-click', async () => {
      const first = landscape.applicants.top[0]
      // The bars of the ranking are SVG paths of the app's blue, largest first.
      const bar = section('applicants').getByTestId('landscape-chart').first().locator('path[fill="#1f5fa8"]').first()
      await drillsTo(() => bar.click(), `PAN=${quoted(first.name)}`, first.count)

      const entrants = [...landscape.new_entrants].sort((a, b) => a.year - b.year)
      // Jinan and Nanjing enter in 2017, the first year: its bar comes first.
      assert.deepEqual(entrants[0], { year: 2017, count: 2 })
      const firstYear = entrants[0].year
      const entrantBar = section('new_entrants').getByTestId('landscape-chart').locator('path[fill="#e6a23c"]').first()
      await drillsTo(() => entrantBar.click(), `AD=${firstYear}`, YEAR_COUNTS[firstYear])
    }))

  it('opens the hits behind the numbers of the tables', () =>
    step('navigation-table-drill', async () => {
      // IPC subclass H01M (on 16 records).
      await showTable('ipc')
      const h01m = section('ipc')
        .locator('.el-table__body tr')
        .filter({ has: page.locator('[data-testid="landscape-table-label"]', { hasText: /^H01M$/ }) })
      await drillsTo(() => h01m.getByTestId('landscape-drill').click(), 'IPC=H01M', 16)

      // Shandong (370000): Jinan and Qingdao, 17 records.
      await showTable('regions')
      const shandong = section('regions').locator('.el-table__body tr', { hasText: '370000' })
      await drillsTo(() => shandong.getByTestId('landscape-drill').click(), 'RG=370000', 17)

      // The co-applicants Jinan and Nanjing filed two together.
      await showTable('collaboration')
      const pair = landscape.collaboration.links.find((l) => l.count === 2)
      const pairRow = section('collaboration').locator('.el-table__body tr').first()
      await drillsTo(
        () => pairRow.getByTestId('landscape-drill').last().click(),
        `PAN=${quoted(pair.source)} AND PAN=${quoted(pair.target)}`,
        2,
      )

      // A name written with quotes and punctuation is counted, and found, by its normalised name.
      await showTable('applicants')
      const acme = landscape.applicants.top.find((a) => a.name.startsWith('ACME'))
      assert.equal(acme?.name, 'ACME BLUE ENERGY CO LTD')
      const acmeRow = section('applicants').locator('.el-table__body tr').filter({ hasText: acme.name })
      await drillsTo(() => acmeRow.getByTestId('landscape-drill').first().click(), `PAN=${quoted(acme.name)}`, 3)
      await shot('navigation-02-tables')
    }))

  it('links the most cited documents to their pages', () =>
    step('navigation-citations', async () => {
      assert.ok(landscape.citations, 'the records cite one another: the landscape has citations')
      const top = landscape.citations.most_cited[0]
      assert.equal(top.publication_number, RECORDS[0].publication_number)
      assert.equal(top.cited_by, 5)
      await section('citations').getByTestId('landscape-cited-link').first().click()
      await page.waitForURL((url) => url.pathname.startsWith('/patents/'))
      await page.getByTestId('patent-title').waitFor()
      assert.match(await text(page.getByTestId('patent-title')), new RegExp(MARKER))
      await page.goBack()
      await landscapeShown()
    }))

  it('marks where a malformed query went wrong', () =>
    step('navigation-error', async () => {
      await page.goto(`${BASE}/navigation?q=${encodeURIComponent(`TI=(${MARKER}`)}`)
      await page.getByTestId('search-error').waitFor()
      assert.match(await text(page.getByTestId('search-error-detail')), /character 7/)
      await page.getByTestId('search-error-marker').waitFor()
      assert.equal(await page.getByTestId('landscape-total').count(), 0)
    }))

  it('reads in English', () =>
    step('navigation-english', async () => {
      await page.goto(`${BASE}/navigation?q=${encodeURIComponent(QUERY)}`)
      await landscapeShown()
      await page.getByTestId('lang-switch').click()
      await page.waitForFunction(
        () => document.querySelector('[data-testid="landscape-section-trend"] h3')?.textContent?.trim() === 'Filing trend',
      )
      assert.equal(await text(page.getByTestId('landscape-total')), `${RECORDS.length} hits`)
      await page.getByTestId('lang-switch').click()
      await page.waitForFunction(
        () => document.querySelector('[data-testid="landscape-section-trend"] h3')?.textContent?.trim() === '专利申请趋势',
      )
    }))

  it('sends a visitor to log in for the reports', () =>
    step('navigation-reports-visitor', async () => {
      assert.equal(await page.getByTestId('landscape-save').count(), 0)
      await page.goto(`${BASE}/navigation/reports`)
      await page.waitForURL((url) => url.pathname === '/login')
    }))

  it('saves a report, keeps the analysis, prints it and deletes it', () =>
    step('navigation-report', async () => {
      await login(page, 'lx_ent_member', DEMO_PASSWORD, { open: true })
      await page.goto(`${BASE}/navigation?q=${encodeURIComponent(QUERY)}`)
      await landscapeShown()

      // The live landscape's XLSX export.
      const exportHref = await page.getByTestId('landscape-export').getAttribute('href')
      const exportUrl = new URL(exportHref, BASE)
      assert.equal(exportUrl.pathname, '/api/v1/landscape/export')
      assert.equal(exportUrl.searchParams.get('q'), QUERY)
      assert.equal(exportUrl.searchParams.get('top'), '10')
      const live = await page.request.get(`${BASE}${exportHref}`)
      assert.equal(live.status(), 200)
      assert.equal((await live.body()).subarray(0, 2).toString(), 'PK')

      // Save with the industrial template.
      const templates = await (await page.request.get(`${BASE}/api/v1/reports/templates`)).json()
      const template = templates.find((t) => t.key === 'industrial')
      assert.ok(template, JSON.stringify(templates))
      await page.getByTestId('landscape-save').click()
      const dialog = page.getByTestId('report-save-dialog')
      await dialog.getByTestId('report-template-industrial').click()
      await dialog.getByTestId('report-save-title').fill(REPORT_TITLE)
      await dialog.getByTestId('report-save-submit').click()
      await page.waitForURL((url) => /^\/navigation\/reports\/[^/]+$/.test(url.pathname))
      const reportPath = new URL(page.url()).pathname
      const id = reportPath.split('/').pop()
      assert.equal(await text(page.getByTestId('report-title')), REPORT_TITLE)
      assert.equal(await text(page.getByTestId('report-query')), QUERY)
      assert.equal(await text(page.getByTestId('report-template')), '产业规划类专利导航')
      await page.locator(`[data-testid="landscape-total"][data-total="${RECORDS.length}"]`).waitFor()

      // The template's sections, in its order, each with a chart and a place for the analysis.
      const expected = template.sections.filter((key) => SECTIONS.includes(key) && (key !== 'citations' || landscape.citations))
      const shown = await page.locator('.landscape-section').evaluateAll((list) => list.map((s) => s.dataset.section))
      assert.deepEqual(shown, [...new Set(expected)])
      const firstKey = shown[0]
      await section(firstKey).getByTestId('landscape-chart').first().locator('svg').waitFor()

      // The analysis of the first section is saved and still there after a reload.
      const textBox = section(firstKey).getByTestId('report-text-input')
      await textBox.fill(ANALYSIS)
      await section(firstKey).getByTestId('report-text-save').click()
      await page.locator('.el-message--success', { hasText: '分析意见已保存' }).waitFor()
      await page.reload()
      await page.getByTestId('report-title').waitFor()
      assert.equal(await section(firstKey).getByTestId('report-text-input').inputValue(), ANALYSIS)

      // Nothing was imported since: the same hits then and now.
      await page.getByTestId('report-changes-total-now').waitFor()
      assert.equal(await text(page.getByTestId('report-changes-total-then')), String(RECORDS.length))
      assert.equal(await text(page.getByTestId('report-changes-total-now')), `${RECORDS.length} (0)`)
      // The report recorded its high-value patents: none is new.
      const highValue = page.getByTestId('report-changes-high-value')
      await highValue.waitFor()
      assert.equal(await highValue.locator('.el-table').count(), 0)
      assert.equal(await highValue.getByTestId('report-changes-high-value-omitted').count(), 0)

      // The report's XLSX export.
      assert.equal(await page.getByTestId('report-export').getAttribute('href'), `/api/v1/reports/${id}/export`)
      const saved = await page.request.get(`${BASE}/api/v1/reports/${id}/export`)
      assert.equal(saved.status(), 200)
      assert.equal((await saved.body()).subarray(0, 2).toString(), 'PK')
      await shot('navigation-03-report')

      // Printed to PDF: A4 pages without the menus, holding the title and the analysis.
      await page.emulateMedia({ media: 'print' })
      await shot('navigation-04-report-print')
      assert.equal(await page.getByTestId('report-text-input').first().isVisible(), false)
      assert.equal(await page.getByTestId('report-delete').isVisible(), false)
      assert.equal(await text(section(firstKey).getByTestId('report-text-print')), ANALYSIS)
      await page.emulateMedia({ media: 'screen' })
      const pdf = await page.pdf({ format: 'A4', printBackground: true })
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-')
      assert.ok(pdf.length > 30_000, `the PDF has ${pdf.length} bytes`)
      const pages = pdfPages(pdf)
      assert.ok(pages >= 2, `the PDF has ${pages} pages`)
      assert.ok(pdfTitle(pdf).startsWith(REPORT_TITLE), `PDF title: ${pdfTitle(pdf)}`)
      const characters = pdfCharacters(pdf)
      const missing = [...`${ANALYSIS}${REPORT_TITLE}`].filter((c) => c.trim() && !characters.has(c))
      assert.deepEqual(missing, [], 'every character of the title and the analysis is written in the PDF')

      // The list has it; deleting it from its page takes it away.
      await page.goto(`${BASE}/navigation/reports`)
      const row = page.getByTestId('reports-table').locator('.el-table__body tr', { hasText: REPORT_TITLE })
      await row.waitFor()
      await row.getByTestId('reports-open').click()
      await page.waitForURL((url) => url.pathname === reportPath)
      await page.getByTestId('report-delete').click()
      await page.locator('.el-message-box__btns .el-button--primary').click()
      await page.waitForURL((url) => url.pathname === '/navigation/reports')
      await page.locator('.el-message--success', { hasText: '报告已删除' }).waitFor()
      assert.equal(await page.getByTestId('reports-table').locator('.el-table__body tr', { hasText: REPORT_TITLE }).count(), 0)
      assert.equal((await page.request.get(`${BASE}/api/v1/reports/${id}`)).status(), 404)
    }))
})
