// End-to-end test of the patent search page (/search): a visitor types a query and sees the
// total and highlighted hits, narrows them with facets and removes the filters again, sorts,
// pages (and goes back), opens a patent, builds a query with the field picker and the syntax
// help, sees where a malformed query went wrong, and reads the page in English. Then the whole
// flow of a logged-in user: search, click a facet, open a patent, read its similar patents
// (with the terms and classes they share) and follow one, go back and export the hits as CSV.
// Last the search by text (相似检索): a visitor switches the page to it, pastes a passage made of
// the words of some records and finds those records first, with the words they share; turns
// the shared words into a query and goes back; meets a text of unknown words and the longest
// text the page takes, from a bookmark too; and reads it in English.
//
//   IPHUB_E2E_URL=http://127.0.0.1:18080 node --test tests/e2e/
//
// Needs a running iphub server with the demo accounts and demo patents (`iphub demo
// --patents 2000`, as scripts/test loads them; see below) serving web/dist, and Debian's Chromium at /usr/bin/chromium (override with
// IPHUB_E2E_CHROMIUM). Screenshots go to build/e2e-screenshots/.
//
// The test brings its own documents: before the browser starts it imports, as the official
// sd_official, 24 records whose titles all hold the made-up word 琥珀蜓, and searches only
// within them, so it gives the same counts with or without other patents on the server.
// Importing the same records again changes nothing, so it can run more than once.
//
// Similar patents are worked out from the words of every patent on the server: the model
// learns its vocabulary when first used, and records imported later are compared in that
// vocabulary only. The demo patents make sure it knows these records' words (灌溉, 控制系统 …)
// whichever test uses it first; without them the similar-patents steps can find nothing.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import {
  BASE,
  SKIP,
  cnCheck,
  importRecords,
  launchChromium,
  login,
  newPage,
  pickOption,
  stepper,
  text,
  totalIs,
} from './harness.mjs'

const MARKER = '琥珀蜓'
const ACME = 'Acme "Blue" Robotics Co., Ltd.'
// The applicant facet counts normalised names (docs/query-language.md, PAN).
const ACME_FACET = 'ACME BLUE ROBOTICS CO LTD'
const TOPICS = ['无人机电池散热装置', '锂电池隔膜', '灌溉控制系统']
const APPLICANTS = [
  { name: `${MARKER}科技有限公司`, country: 'CN', region_code: '370102' },
  { name: '青岛海蜓电子有限公司', country: 'CN', region_code: '370212' },
  { name: ACME, country: 'US', region_code: null },
]

// Record i: year 2018 + i % 4, applicant i % 3, topic i % 3, odd i a utility model.
const RECORDS = Array.from({ length: 24 }, (_, i) => {
  const utility = i % 2 === 1
  const year = 2018 + (i % 4)
  const date = `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + i).padStart(2, '0')}`
  const digits = `${year}${utility ? 2 : 1}99990${String(i).padStart(2, '0')}`
  const topic = TOPICS[i % 3]
  const docNumber = `${utility ? 2 : 1}9999${String(i).padStart(4, '0')}`
  return {
    publication_number: `CN${docNumber}${utility ? 'U' : 'A'}`,
    country: 'CN',
    doc_number: docNumber,
    kind: utility ? 'U' : 'A',
    type: utility ? 'cn_utility_model' : 'cn_invention_application',
    application_number: `${digits}.${cnCheck(digits)}`,
    application_date: date,
    publication_date: `${year + 1}-${date.slice(5)}`,
    language: 'zh',
    title: `一种${MARKER}${topic}`,
    abstract: `本发明公开了一种${MARKER}${topic}，结构简单，便于维护。`,
    claims: [{ number: 1, text: `一种${MARKER}${topic}，其特征在于……`, depends_on: [] }],
    applicants: [APPLICANTS[i % 3]],
    inventors: [{ name: `测试发明人${i % 5}` }],
    ipc: [{ symbol: i % 3 === 2 ? 'A01G 25/16' : 'H01M 10/613', version: '2006.01' }],
    ipc_main: i % 3 === 2 ? 'A01G 25/16' : 'H01M 10/613',
  }
})
const count = (predicate) => RECORDS.filter(predicate).length
const yearOf = (r) => r.application_date.slice(0, 4)
const recordOf = (number) => RECORDS.find((r) => r.publication_number === number)
const wordsOf = (r) => [r.title, r.abstract, ...r.claims.map((c) => c.text)].join('\n')

// The column headers of a CSV export in Chinese (those of CN patent databases).
const EXPORT_HEADERS = [
  '公开(公告)号',
  '名称',
  '申请号',
  '申请日',
  '公开(公告)日',
  '授权日',
  '申请(专利权)人',
  '发明人',
  '代理机构',
  'IPC分类号',
  '主分类号',
  '受理局',
  '专利类型',
  '法律状态',
  '摘要',
  '主权项',
]

/** The rows of an RFC 4180 CSV text (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(csv) {
  const rows = []
  let row = []
  let field = ''
  let quoted = false
  for (let k = 0; k < csv.length; k++) {
    const c = csv[k]
    if (quoted) {
      if (c === '"' && csv[k + 1] === '"') {
        field += '"'
        k++
      } else if (c === '"') {
        quoted = false
      } else {
        field += c
      }
    } else if (c === '"') {
      quoted = true
    } else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n' || (c === '\r' && csv[k + 1] === '\n')) {
      if (c === '\r') k++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else {
      field += c
    }
  }
  if (field !== '' || row.length > 0) rows.push([...row, field])
  return rows
}

// Both suites import the records first (importing them again changes nothing).
const importOwnRecords = () => importRecords(RECORDS, { filename: 'search-e2e.jsonl', query: `TI=${MARKER}` })

describe('patent search page', { skip: SKIP }, () => {
  let browser
  let page

  before(async () => {
    await importOwnRecords()
    browser = await launchChromium()
    // A visitor: no session.
    page = await newPage(browser)
  })

  after(() => browser?.close())

  const { shot, step } = stepper(() => page)
  const query = () => page.getByTestId('search-query')
  const total = () => text(page.getByTestId('search-total'))
  const param = (name) => new URL(page.url()).searchParams.get(name)
  const hitNumbers = () => page.getByTestId('search-hit').evaluateAll((hits) => hits.map((h) => h.dataset.number))

  it('is open to visitors from the navigation and explains itself before a search', () =>
    step('open', async () => {
      await page.goto(`${BASE}/patents`)
      await page.getByTestId('nav-search').click()
      await page.waitForURL(/\/search$/)
      assert.equal(await text(page.getByTestId('nav-search')), '专利检索')
      await page.getByTestId('search-intro').waitFor()
      assert.equal(await page.getByTestId('header-login').count(), 1)
      assert.equal(await page.getByTestId('search-total').count(), 0)
    }))

  it('searches on Enter and shows the total and highlighted hits', () =>
    step('search', async () => {
      await query().fill(`TI=${MARKER}`)
      // Shift+Enter is a new line, not a search.
      await query().press('Shift+Enter')
      assert.equal(await query().inputValue(), `TI=${MARKER}\n`)
      assert.equal(param('q'), null)
      await query().press('Backspace')
      await query().press('Enter')
      await page.waitForURL((url) => url.searchParams.get('q') === `TI=${MARKER}`)
      await totalIs(page, `共 ${RECORDS.length} 条`)
      assert.match(await text(page.getByTestId('search-took')), /^用时 [\d.]+ 毫秒$/)

      const hits = page.getByTestId('search-hit')
      assert.equal(await hits.count(), 10)
      const first = hits.first()
      assert.equal(await text(first.getByTestId('search-hit-title').locator('em').first()), MARKER)
      // TI= searches the title only, so only the title is highlighted; the abstract is shown.
      assert.match(await text(first.getByTestId('search-hit-abstract')), new RegExp(MARKER))
      await first.getByTestId('patent-status').waitFor()
      assert.match(await text(first.getByTestId('patent-link')), /^CN [12]9999\d{4} [AU]$/)
      await shot('search-01-results')
    }))

  it('narrows the hits by clicking facet values, shown as chips that can be removed', () =>
    step('facets', async () => {
      const years = page.getByTestId('facet-year')
      const y2019 = count((r) => yearOf(r) === '2019')
      assert.equal(await text(years.locator('[data-value="2019"] [data-testid="facet-count"]')), String(y2019))
      await years.locator('[data-value="2019"]').click()
      await page.waitForURL((url) => url.searchParams.getAll('f').includes('year:2019'))
      await totalIs(page, `共 ${y2019} 条`)
      const chips = page.getByTestId('search-filter')
      assert.equal(await chips.count(), 1)
      assert.match(await text(chips.first()), /申请年：\s*2019/)
      // The box keeps the query as written; the filter is beside it.
      assert.equal(await query().inputValue(), `TI=${MARKER}`)

      // The facet shows the normalised name; the filter matches it however it is written.
      const acme = page.getByTestId('facet-applicant').locator('[data-testid="facet-value"]', { hasText: 'Acme' })
      await acme.click()
      const both = count((r) => yearOf(r) === '2019' && r.applicants[0].name === ACME)
      await totalIs(page, `共 ${both} 条`)
      assert.equal(await chips.count(), 2)
      assert.deepEqual(new URL(page.url()).searchParams.getAll('f'), ['year:2019', `applicant:${ACME_FACET}`])
      await shot('search-02-filtered')

      // Removing the year chip leaves exactly the applicant filter.
      await chips.filter({ hasText: '2019' }).locator('.el-tag__close').click()
      await totalIs(page, `共 ${count((r) => r.applicants[0].name === ACME)} 条`)
      assert.equal(await chips.count(), 1)
      assert.deepEqual(new URL(page.url()).searchParams.getAll('f'), [`applicant:${ACME_FACET}`])
      await chips.first().locator('.el-tag__close').click()
      await totalIs(page, `共 ${RECORDS.length} 条`)
      assert.equal(await chips.count(), 0)
      assert.equal(param('f'), null)
    }))

  it('sorts by filing date, newest first', () =>
    step('sort', async () => {
      await page.getByTestId('search-sort').click()
      await pickOption(page, 'search-sort-option', '申请日从新到旧')
      await page.waitForURL((url) => url.searchParams.get('sort') === '-application_date')
      const newest = [...RECORDS].sort((a, b) => b.application_date.localeCompare(a.application_date))
      await page.waitForFunction(
        (want) => document.querySelector('[data-testid="search-hit"]')?.getAttribute('data-number') === want,
        newest[0].publication_number,
      )
      const dates = await page
        .getByTestId('search-hit-application-date')
        .evaluateAll((els) => els.map((el) => el.textContent.trim()))
      assert.deepEqual(dates, newest.slice(0, 10).map((r) => r.application_date))
      await shot('search-03-sorted')
    }))

  it('sorts by value score, highest first, once the server has valued the import', () =>
    step('value sort', async () => {
      await page.getByTestId('search-sort').click()
      await pickOption(page, 'search-sort-option', '价值评分从高到低')
      await page.waitForURL((url) => url.searchParams.get('sort') === '-value')
      // The batch valuation follows the import by a second or two; a reload shows its scores.
      let values = []
      for (const until = Date.now() + 30000; Date.now() < until; ) {
        await page.reload()
        await page.getByTestId('search-hit').first().waitFor()
        const hits = await page.getByTestId('search-hit').count()
        values = await page
          .getByTestId('search-hit-value')
          .evaluateAll((els) => els.map((el) => Number(el.lastElementChild.textContent.trim())))
        if (values.length === hits) break
        await new Promise((resolve) => setTimeout(resolve, 500))
      }
      assert.ok(values.length > 0, 'the hits show their value scores')
      assert.deepEqual(values, [...values].sort((a, b) => b - a))
      // Back to the filing date order the next steps expect.
      await page.getByTestId('search-sort').click()
      await pickOption(page, 'search-sort-option', '申请日从新到旧')
      await page.waitForURL((url) => url.searchParams.get('sort') === '-application_date')
    }))

  it('goes to page 2, and back with the browser', () =>
    step('paging', async () => {
      const firstPage = await hitNumbers()
      await page.getByTestId('search-pagination').locator('.el-pager li', { hasText: /^2$/ }).click()
      await page.waitForURL((url) => url.searchParams.get('page') === '2')
      await page.waitForFunction(
        (before) => document.querySelector('[data-testid="search-hit"]')?.getAttribute('data-number') !== before,
        firstPage[0],
      )
      const secondPage = await hitNumbers()
      assert.equal(secondPage.length, 10)
      assert.equal(secondPage.filter((n) => firstPage.includes(n)).length, 0)
      assert.equal(param('sort'), '-application_date')
      await shot('search-04-page-2')

      await page.goBack()
      await page.waitForURL((url) => url.searchParams.get('page') === null)
      await page.waitForFunction(
        (want) => document.querySelector('[data-testid="search-hit"]')?.getAttribute('data-number') === want,
        firstPage[0],
      )
      assert.deepEqual(await hitNumbers(), firstPage)
    }))

  it("opens a hit's patent page", () =>
    step('open-hit', async () => {
      const hit = page.getByTestId('search-hit').first()
      const number = await hit.getAttribute('data-number')
      const record = RECORDS.find((r) => r.publication_number === number)
      await hit.getByTestId('search-hit-title').click()
      await page.waitForURL(new RegExp(`/patents/${number}$`))
      await page.getByTestId('patent-title').waitFor()
      assert.equal(await text(page.getByTestId('patent-title')), record.title)
      await page.goBack()
      await page.waitForURL(/\/search\?/)
      await totalIs(page, `共 ${RECORDS.length} 条`)
    }))

  it('builds a query with the field picker and the syntax help', () =>
    step('picker', async () => {
      await page.getByTestId('search-picker-field').click()
      await pickOption(page, 'search-picker-option', /^AD /)
      await page.getByTestId('search-picker-value').fill('>= 2020')
      await page.getByTestId('search-picker-add').click()
      assert.equal(await query().inputValue(), `TI=${MARKER} AND AD>=2020`)
      await page.getByTestId('search-submit').click()
      await totalIs(page, `共 ${count((r) => yearOf(r) >= '2020')} 条`)

      await page.getByTestId('search-help-open').click()
      const fields = page.getByTestId('search-help-fields')
      await fields.waitFor()
      assert.match(await text(fields.locator('tr', { hasText: 'TAC' })), /名称\+摘要\+权利要求/)
      assert.match(await text(page.getByTestId('search-help-operators')), /NOT/)
      await shot('search-05-help')
      await page.getByTestId('search-help-example').first().click()
      await fields.waitFor({ state: 'hidden' })
      assert.equal(await query().inputValue(), 'TI=(无人机 AND 电池) AND AD>=2018')
    }))

  it('marks the character where a malformed query went wrong, and keeps the query', () =>
    step('error', async () => {
      // 𠀀 is one character (one code point) although JavaScript counts two: 'OR' is at 9.
      const bad = `𠀀${MARKER} AND OR 电池`
      await query().fill(bad)
      await query().press('Enter')
      await page.getByTestId('search-error').waitFor()
      assert.match(await text(page.getByTestId('search-error-detail')), /^character 9: .*'OR'/)
      const marker = page.getByTestId('search-error-marker')
      assert.equal(await text(marker), 'O')
      assert.equal(await marker.evaluate((el) => el.previousSibling?.textContent), `𠀀${MARKER} AND `)
      assert.equal(await text(page.getByTestId('search-error-query')), bad)
      assert.equal(await query().inputValue(), bad)
      assert.equal(param('q'), bad)
      assert.equal(await page.getByTestId('search-hit').count(), 0)
      await shot('search-06-error')

      // A mistake at the end marks the end.
      await query().fill(`TI=(${MARKER}`)
      await query().press('Enter')
      await page.waitForFunction(() =>
        /^character 7:/.test(document.querySelector('[data-testid="search-error-detail"]')?.textContent?.trim() ?? ''),
      )
      assert.equal(await text(page.getByTestId('search-error-marker')), '')
      assert.equal(await page.getByTestId('search-error-marker').getAttribute('aria-label'), '检索式结尾')
    }))

  it('shows the page in English after the language switch', () =>
    step('english', async () => {
      await query().fill(`TI=${MARKER}`)
      await query().press('Enter')
      await totalIs(page, `共 ${RECORDS.length} 条`)
      await page.getByTestId('lang-switch').click()
      await totalIs(page, `${RECORDS.length} results`)
      assert.equal(await text(page.getByTestId('nav-search')), 'Patent search')
      assert.equal(await text(page.locator('.iph-page-title')), 'Patent search')
      assert.equal(await text(page.getByTestId('search-submit')), 'Search')
      assert.equal(await text(page.getByTestId('search-help-open')), 'Syntax help')
      assert.match(await text(page.getByTestId('search-took')), /^in [\d.]+ ms$/)
      assert.equal(await text(page.getByTestId('facet-year').locator('h4')), 'Filing year')
      assert.equal(await text(page.getByTestId('facet-type').locator('h4')), 'Patent type')
      assert.match(await text(page.getByTestId('facet-type')), /CN utility model/)
      const sortShown = page.getByTestId('search-sort').locator('.el-select__selected-item:not(.is-hidden)').first()
      assert.equal(await text(sortShown), 'Filing date, newest first')
      await shot('search-07-english')

      await page.getByTestId('search-help-open').click()
      const fields = page.getByTestId('search-help-fields')
      await fields.waitFor()
      assert.match(await text(fields.locator('tr', { hasText: 'TAC' })), /Title, abstract and claims \(the default\)/)
      assert.match(await text(page.getByTestId('search-help-operators')), /Either order, at most n words apart/)
      assert.equal(await text(page.getByTestId('search-help-example').nth(1)), 'PA="Huawei Technologies" AND IPC=H04W*')
      await shot('search-08-english-help')
      await page.keyboard.press('Escape')
      await fields.waitFor({ state: 'hidden' })
    }))
})

describe('search flow of a logged-in user', { skip: SKIP }, () => {
  // The irrigation records: IPC class A01 (A01G 25/16), the same words in every one.
  const IRRIGATION = RECORDS.filter((r) => r.ipc_main.startsWith('A01')).map((r) => r.publication_number)
  let browser
  let page
  let opened // the record whose page is read
  let firstSimilar // the most similar patent shown there

  before(async () => {
    await importOwnRecords()
    browser = await launchChromium()
    page = await newPage(browser, { acceptDownloads: true })
  })

  after(() => browser?.close())

  const { shot, step } = stepper(() => page, 'flow-')
  const hitNumbers = () => page.getByTestId('search-hit').evaluateAll((hits) => hits.map((h) => h.dataset.number))
  const similar = () => page.getByTestId('patent-similar')

  /**
   * Scrolls to the similar patents of the page shown and waits until they are loaded. The
   * first lookup on a server builds the similarity model of every patent there: seconds for
   * the demo patents, a minute or more after the large imports of patents.test.mjs.
   */
  async function similarLoaded() {
    await similar().scrollIntoViewIfNeeded()
    await page.locator('[data-testid="patent-similar"][data-state="done"]').waitFor({ timeout: 180_000 })
    return page.getByTestId('similar-hit')
  }

  it('logs in and searches from the box', () =>
    step('search', async () => {
      await login(page, 'lx_ent_member', 'Demo@2026', { open: true })
      await page.getByTestId('nav-search').click()
      await page.waitForURL(/\/search$/)

      await page.getByTestId('search-query').pressSequentially(`TI=${MARKER}`)
      await page.getByTestId('search-submit').click()
      await page.waitForURL((url) => url.searchParams.get('q') === `TI=${MARKER}`)
      await totalIs(page, `共 ${RECORDS.length} 条`)
    }))

  it('narrows the hits to the count a facet value shows', () =>
    step('facet', async () => {
      const a01 = page.getByTestId('facet-ipc_class').locator('[data-value="A01"]')
      const shown = Number(await text(a01.getByTestId('facet-count')))
      assert.equal(shown, IRRIGATION.length)
      await a01.click()
      await page.waitForURL((url) => url.searchParams.getAll('f').includes('ipc_class:A01'))
      await totalIs(page, `共 ${shown} 条`)
      const chips = page.getByTestId('search-filter')
      assert.equal(await chips.count(), 1)
      assert.equal(await chips.first().getAttribute('data-facet'), 'ipc_class')
      assert.equal(await chips.first().getAttribute('data-value'), 'A01')
      assert.deepEqual([...(await hitNumbers())].sort(), [...IRRIGATION].sort())
    }))

  it('opens a patent and sees its similar patents, with the terms and classes they share', () =>
    step('similar', async () => {
      const number = (await hitNumbers())[0]
      opened = recordOf(number)
      await page.getByTestId('search-hit').first().getByTestId('search-hit-title').click()
      await page.waitForURL(new RegExp(`/patents/${number}$`))
      assert.equal(await text(page.getByTestId('patent-title')), opened.title)

      // After a large import (patents.test.mjs) the server rebuilds the similarity model in
      // the background, and until the new model takes over, patents the old one has not seen
      // (these records) are not among anyone's similar patents: look again, as a user would.
      let hits = await similarLoaded()
      let numbers = await hits.evaluateAll((els) => els.map((el) => el.dataset.number))
      for (const started = Date.now(); !IRRIGATION.includes(numbers[0]) && Date.now() - started < 180_000; ) {
        await page.waitForTimeout(2000)
        await page.reload()
        hits = await similarLoaded()
        numbers = await hits.evaluateAll((els) => els.map((el) => el.dataset.number))
      }
      assert.equal(await text(similar().locator('.section-title')), '相似专利')
      const shownCount = await hits.count()
      assert.ok(shownCount >= 1 && shownCount <= 10, `${shownCount} similar patents`)
      assert.ok(!numbers.includes(number), 'a patent is not similar to itself')

      // Best first, as a similarity from 0 to 100 %.
      const scores = await similar()
        .getByTestId('similar-score')
        .evaluateAll((els) => els.map((el) => el.textContent.trim()))
      for (const score of scores) assert.match(score, /^相似度 \d{1,3}%$/)
      const percents = scores.map((s) => Number(/\d+/.exec(s)[0]))
      assert.deepEqual(percents, [...percents].sort((a, b) => b - a))

      // The records with the same words and class are the most similar: the first is one of them.
      const first = hits.first()
      firstSimilar = recordOf(numbers[0])
      assert.ok(IRRIGATION.includes(numbers[0]), `the most similar is ${numbers[0]}`)
      assert.ok(percents[0] >= 90, `the most similar is only ${percents[0]}% similar`)
      assert.equal(await text(first.getByTestId('similar-title')), firstSimilar.title)
      assert.equal(await text(first.getByTestId('similar-applicants')), firstSimilar.applicants[0].name)
      assert.equal(await text(first.getByTestId('similar-year')), `${yearOf(firstSimilar)} 年申请`)
      const terms = await first.getByTestId('similar-term').evaluateAll((els) => els.map((el) => el.textContent.trim()))
      assert.ok(terms.length > 0, 'the most similar patent shares some terms')
      for (const term of terms) {
        assert.ok(wordsOf(opened).includes(term) && wordsOf(firstSimilar).includes(term), `shared term ${term}`)
      }
      const classes = await first.getByTestId('similar-ipc').evaluateAll((els) => els.map((el) => el.textContent.trim()))
      assert.deepEqual(classes, ['A01G25/00', 'A01G'])
      await similar().scrollIntoViewIfNeeded()
      await shot('search-09-similar')
    }))

  it('follows a similar patent to its page, whose similar patents include the first', () =>
    step('similar-link', async () => {
      await similar().getByTestId('similar-hit').first().getByTestId('patent-link').click()
      await page.waitForURL(new RegExp(`/patents/${firstSimilar.publication_number}$`))
      await page.waitForFunction(
        (want) => document.querySelector('[data-testid="patent-title"]')?.textContent?.trim() === want,
        firstSimilar.title,
      )
      // The card has forgotten the other patent's list (before the new title shows) and looks again.
      const hits = await similarLoaded()
      const numbers = await hits.evaluateAll((els) => els.map((el) => el.dataset.number))
      assert.ok(!numbers.includes(firstSimilar.publication_number))
      assert.ok(numbers.includes(opened.publication_number), `${opened.publication_number} in ${numbers}`)
    }))

  it('goes back to the search and exports the hits shown as CSV', () =>
    step('export', async () => {
      await page.goBack()
      await page.waitForURL(new RegExp(`/patents/${opened.publication_number}$`))
      await page.goBack()
      await page.waitForURL((url) => url.searchParams.getAll('f').includes('ipc_class:A01'))
      await totalIs(page, `共 ${IRRIGATION.length} 条`)
      const shown = await hitNumbers()
      await shot('search-10-export')

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('search-export-csv').click(),
      ])
      assert.equal(download.suggestedFilename(), 'patents.csv')
      const csv = readFileSync(await download.path(), 'utf8')
      assert.ok(csv.startsWith('\uFEFF'), 'a byte-order mark, for Excel')
      const [header, ...rows] = parseCsv(csv.slice(1))
      assert.deepEqual(header, EXPORT_HEADERS)
      // Every hit (the total is far below the export limit), in the order shown.
      assert.equal(rows.length, IRRIGATION.length)
      assert.deepEqual(
        rows.map((row) => row[0]),
        shown,
      )
      for (const row of rows) {
        const record = recordOf(row[0])
        assert.equal(row.length, EXPORT_HEADERS.length)
        assert.equal(row[1], record.title)
        assert.equal(row[3], record.application_date)
        assert.equal(row[6], record.applicants[0].name) // quotes and commas too (Acme "Blue" …, Ltd.)
        assert.equal(row[10], record.ipc_main)
      }
    }))
})

describe('search by text', { skip: SKIP }, () => {
  // The irrigation records hold every word of the text, and only they hold 灌溉控制系统.
  const IRRIGATION = RECORDS.filter((r) => r.ipc_main.startsWith('A01')).map((r) => r.publication_number)
  const TEXT = `本发明公开了一种${MARKER}灌溉控制系统，结构简单，便于维护。`
  let browser
  let page
  let termsQuery // the query made of the shared terms

  before(async () => {
    await importOwnRecords()
    browser = await launchChromium()
    // A visitor: no session.
    page = await newPage(browser)
  })

  after(() => browser?.close())

  const { shot, step } = stepper(() => page, 'text-')
  const input = () => page.getByTestId('text-search-input')
  const param = (name) => new URL(page.url()).searchParams.get(name)
  const hitNumbers = () => page.getByTestId('similar-hit').evaluateAll((hits) => hits.map((h) => h.dataset.number))

  /**
   * Waits until the similar patents of the text are shown. The first lookup on a server builds
   * the similarity model: seconds for the demo patents, a minute or more after the large
   * imports of patents.test.mjs.
   */
  async function resultsShown() {
    await page.locator('[data-testid="text-search-results"][data-state="done"]').waitFor({ timeout: 180_000 })
  }

  it('switches the search page to a search by text, in the URL', () =>
    step('mode', async () => {
      await page.goto(`${BASE}/search?q=${encodeURIComponent(`TI=${MARKER}`)}`)
      await totalIs(page, `共 ${RECORDS.length} 条`)
      assert.equal(await text(page.getByTestId('search-mode-query')), '检索式')
      assert.equal(await text(page.getByTestId('search-mode-text')), '相似检索')
      await page.getByTestId('search-mode-text').click()
      await page.waitForURL((url) => url.searchParams.get('mode') === 'text')
      assert.equal(param('q'), null)
      await page.getByTestId('text-search-intro').waitFor()
      assert.equal(await page.getByTestId('search-query').count(), 0)
      assert.equal(await text(page.getByTestId('text-search-counter')), '0 / 1,000 字')
      assert.ok(await page.getByTestId('text-search-submit').isDisabled())
    }))

  it('finds the patents most like a text, best first, with the words they share', () =>
    step('similar', async () => {
      await input().fill(TEXT)
      assert.equal(await text(page.getByTestId('text-search-counter')), `${[...TEXT].length} / 1,000 字`)
      await page.getByTestId('text-search-submit').click()
      await page.waitForURL((url) => url.searchParams.get('text') === TEXT)
      assert.equal(param('mode'), 'text')
      await resultsShown()

      // After a large import (patents.test.mjs) the server rebuilds the similarity model in the
      // background, and until the new model takes over these records are not among the similar
      // patents of anything: look again, as a user would.
      let numbers = await hitNumbers()
      for (const started = Date.now(); !IRRIGATION.includes(numbers[0]) && Date.now() - started < 180_000; ) {
        await page.waitForTimeout(2000)
        await page.getByTestId('text-search-submit').click()
        await resultsShown()
        numbers = await hitNumbers()
      }
      assert.ok(numbers.length >= 1 && numbers.length <= 20, `${numbers.length} similar patents`)
      assert.match(await text(page.getByTestId('text-search-summary')), new RegExp(`^最相似的 ${numbers.length} 件专利`))

      // Best first, as a similarity from 0 to 100 %.
      const scores = await page.getByTestId('similar-score').evaluateAll((els) => els.map((el) => el.textContent.trim()))
      for (const score of scores) assert.match(score, /^相似度 \d{1,3}%$/)
      const percents = scores.map((s) => Number(/\d+/.exec(s)[0]))
      assert.deepEqual(percents, [...percents].sort((a, b) => b - a))

      // The records that hold the words of the text come first, with the words both hold.
      assert.ok(IRRIGATION.includes(numbers[0]), `the most similar is ${numbers[0]}`)
      const best = recordOf(numbers[0])
      const first = page.getByTestId('similar-hit').first()
      assert.equal(await text(first.getByTestId('similar-title')), best.title)
      assert.equal(await text(first.getByTestId('similar-applicants')), best.applicants[0].name)
      assert.equal(await text(first.getByTestId('similar-year')), `${yearOf(best)} 年申请`)
      assert.match(await text(first.getByTestId('patent-link')), /^CN 19999\d{4} A$|^CN 29999\d{4} U$/)
      const terms = await first.getByTestId('similar-term').evaluateAll((els) => els.map((el) => el.textContent.trim()))
      assert.ok(terms.length > 0, 'the most similar patent shares some terms')
      for (const term of terms) {
        assert.ok(TEXT.includes(term) && wordsOf(best).includes(term), `shared term ${term}`)
      }
      assert.equal(await input().inputValue(), TEXT)
      await shot('search-11-by-text')
    }))

  it('turns the shared terms into a query, and goes back to the text', () =>
    step('use-terms', async () => {
      const numbers = await hitNumbers()
      termsQuery = await text(page.getByTestId('text-search-terms-query'))
      assert.match(termsQuery, /^TAC=/)
      await page.getByTestId('text-search-use-terms').click()
      await page.waitForURL((url) => url.searchParams.get('q') === termsQuery)
      assert.equal(param('mode'), null)
      assert.equal(param('text'), null)
      await page.waitForFunction(() =>
        /^共 [\d,]+ 条$/.test(document.querySelector('[data-testid="search-total"]')?.textContent?.trim() ?? ''),
      )
      assert.equal(await page.getByTestId('search-query').inputValue(), termsQuery)
      assert.ok((await page.getByTestId('search-hit').count()) > 0)
      assert.match(await page.getByTestId('search-mode-query').getAttribute('class'), /is-active/)
      await shot('search-12-terms-query')

      await page.goBack()
      await page.waitForURL((url) => url.searchParams.get('mode') === 'text' && url.searchParams.get('text') === TEXT)
      await resultsShown()
      assert.equal(await input().inputValue(), TEXT)
      assert.deepEqual(await hitNumbers(), numbers)

      // Each mode keeps its last search while the other is shown.
      await page.getByTestId('search-mode-query').click()
      await page.waitForURL((url) => url.searchParams.get('q') === termsQuery)
      assert.equal(await page.getByTestId('search-query').inputValue(), termsQuery)
      await page.getByTestId('search-mode-text').click()
      await page.waitForURL((url) => url.searchParams.get('text') === TEXT)
      assert.equal(await input().inputValue(), TEXT)
      assert.deepEqual(await hitNumbers(), numbers)
    }))

  it('says when no word of the text is known, and keeps a long text within the limit', () =>
    step('limits', async () => {
      await input().fill('xqzvkwj qpzjxvb')
      await page.getByTestId('text-search-submit').click()
      await page.getByTestId('text-search-unknown').waitFor()
      assert.match(await text(page.getByTestId('text-search-unknown')), /没有一个词语出现在平台的专利中/)
      assert.equal(await page.getByTestId('similar-hit').count(), 0)
      await shot('search-13-unknown-words')

      // The longest text the page takes travels in the URLs and is read by the server whole.
      const longest = Array.from(TEXT.repeat(60)).slice(0, 1000).join('')
      await input().fill(`${longest}多`)
      assert.equal(await text(page.getByTestId('text-search-counter')), '1,001 / 1,000 字')
      await page.getByTestId('text-search-too-long').waitFor()
      assert.ok(await page.getByTestId('text-search-submit').isDisabled())
      await input().press('Backspace')
      assert.equal(await page.getByTestId('text-search-too-long').count(), 0)
      await page.getByTestId('text-search-submit').click()
      await page.waitForURL((url) => url.searchParams.get('text') === longest)
      await resultsShown()
      assert.ok((await hitNumbers()).length > 0)

      // …and the page can be bookmarked with it.
      await page.goto(page.url())
      await resultsShown()
      assert.equal(await input().inputValue(), longest)
      assert.ok((await hitNumbers()).length > 0)
      assert.equal(await page.getByTestId('text-search-error').count(), 0)
    }))

  it('shows the search by text in English', () =>
    step('english', async () => {
      await page.getByTestId('lang-switch').click()
      await page.waitForFunction(
        () => document.querySelector('[data-testid="text-search-submit"]')?.textContent?.trim() === 'Find similar patents',
      )
      assert.equal(await text(page.getByTestId('search-mode-text')), 'By text')
      assert.equal(await text(page.getByTestId('text-search-counter')), '1,000 / 1,000 characters')
      assert.match(await text(page.getByTestId('text-search-summary')), /^The \d+ most similar patents/)
      assert.match(await text(page.getByTestId('similar-score').first()), /^\d{1,3}% similar$/)
      await shot('search-14-by-text-english')

      // The page was opened from a bookmark of the text: there is no query to go back to.
      await page.getByTestId('search-mode-query').click()
      await page.waitForURL((url) => url.searchParams.get('mode') === null)
      assert.equal(param('q'), null)
      await page.getByTestId('search-intro').waitFor()
      assert.equal(await text(page.getByTestId('search-mode-query')), 'Query')
    }))
})
