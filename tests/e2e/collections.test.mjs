// End-to-end test of saved searches and collections (专题库): a logged-in enterprise user
// searches, saves the search, finds it under 我的检索式 and runs it again; creates a static
// collection, adds a search hit to it, sees it there and removes it; and saves the search as
// an auto collection, whose page lists what the query finds.
//
//   IPHUB_E2E_URL=http://127.0.0.1:18080 node --test tests/e2e/
//
// Needs a running iphub server with the demo accounts (`iphub demo`; demo patents may be
// loaded or not) serving web/dist, and Debian's Chromium at /usr/bin/chromium (override with
// IPHUB_E2E_CHROMIUM). Screenshots go to build/e2e-screenshots/.
//
// The test brings its own documents: before the browser starts it imports, as the official
// sd_official, 6 records whose titles all hold the made-up word 蓝鹊储, and searches only within
// them. Importing the same records again changes nothing, and the names it gives saved
// searches and collections are new each run, so it can run more than once.
import assert from 'node:assert/strict'
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

const MARKER = '蓝鹊储'
const RUN = Date.now().toString(36)
const SAVED_NAME = `${MARKER}检索式 ${RUN}`
const STATIC_NAME = `${MARKER}静态专题 ${RUN}`
const AUTO_NAME = `${MARKER}自动专题 ${RUN}`

// Record i: a CN invention application published in 2018 + i.
const TOPICS = ['储能电池', '电池热管理装置', '储能变流器']
const RECORDS = Array.from({ length: 6 }, (_, i) => {
  const digits = `20171${String(8880000 + i).padStart(7, '0')}`
  const docNumber = `11888${String(i).padStart(4, '0')}`
  const topic = TOPICS[i % 3]
  return {
    publication_number: `CN${docNumber}A`,
    country: 'CN',
    doc_number: docNumber,
    kind: 'A',
    type: 'cn_invention_application',
    application_number: `${digits}.${cnCheck(digits)}`,
    application_date: `2017-0${1 + i}-15`,
    publication_date: `${2018 + i}-06-01`,
    language: 'zh',
    title: `一种${MARKER}${topic}`,
    abstract: `本发明公开了一种${MARKER}${topic}。`,
    applicants: [{ name: '济南泉城智能装备有限公司', country: 'CN', region_code: '370102' }],
    ipc: [{ symbol: 'H01M 10/613', version: '2006.01' }],
    ipc_main: 'H01M 10/613',
  }
})
const NEWEST = [...RECORDS].sort((a, b) => b.publication_date.localeCompare(a.publication_date))

describe('saved searches and collections', { skip: SKIP }, () => {
  let browser
  let page

  before(async () => {
    await importRecords(RECORDS, { filename: 'collections-e2e.jsonl', query: `TI=${MARKER}` })
    browser = await launchChromium()
    page = await newPage(browser)
  })

  after(() => browser?.close())

  const { shot, step } = stepper(() => page)
  const query = () => page.getByTestId('search-query')

  /** The publication numbers listed on a collection's page, once there are `count` of them. */
  async function collectionNumbers(count) {
    await page.waitForFunction(
      (want) => document.querySelectorAll('[data-testid="collection-patent"]').length === want,
      count,
    )
    return page.getByTestId('collection-patent').evaluateAll((rows) => rows.map((r) => r.dataset.number))
  }

  async function search() {
    await page.getByTestId('nav-search').click()
    await page.waitForURL(/\/search/)
    await query().fill(`TI=${MARKER}`)
    await query().press('Enter')
    await page.waitForURL((url) => url.searchParams.get('q') === `TI=${MARKER}`)
    await totalIs(page, `共 ${RECORDS.length} 条`)
  }

  it('offers nothing to keep to a visitor', () =>
    step('visitor', async () => {
      await page.goto(`${BASE}/search?q=${encodeURIComponent(`TI=${MARKER}`)}`)
      await totalIs(page, `共 ${RECORDS.length} 条`)
      assert.equal(await page.getByTestId('search-save').count(), 0)
      assert.equal(await page.getByTestId('search-hit-collect').count(), 0)
      assert.equal(await page.getByTestId('nav-collections').count(), 0)
      await page.goto(`${BASE}/collections`)
      await page.waitForURL(/\/login/)
    }))

  it('logs in and saves a search from the search page', () =>
    step('save-search', async () => {
      await login(page, 'lx_ent_admin', 'Demo@2026')
      await search()
      await page.getByTestId('search-save').click()
      const dialog = page.getByTestId('saved-search-dialog')
      await dialog.waitFor()
      // The query of the page is filled in, and proposed as the name.
      assert.equal(await page.getByTestId('saved-search-form-query').inputValue(), `TI=${MARKER}`)
      assert.equal(await page.getByTestId('saved-search-form-name').inputValue(), `TI=${MARKER}`)
      await page.getByTestId('saved-search-form-name').fill(SAVED_NAME)
      await shot('collections-01-save-search')
      await page.getByTestId('saved-search-form-submit').click()
      await dialog.waitFor({ state: 'hidden' })
    }))

  it('lists the saved search with its hit count and runs it', () =>
    step('run-saved', async () => {
      await page.getByTestId('nav-saved-searches').click()
      await page.waitForURL(/\/saved-searches$/)
      const row = page.locator('.el-table__row', { hasText: SAVED_NAME })
      await row.waitFor()
      assert.equal(await text(row.getByTestId('saved-search-query')), `TI=${MARKER}`)
      assert.equal(await text(row.getByTestId('saved-search-hits')), String(RECORDS.length))
      await shot('collections-02-saved-searches')
      await row.getByTestId('saved-search-run').click()
      await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === `TI=${MARKER}`)
      await totalIs(page, `共 ${RECORDS.length} 条`)
    }))

  it('creates a static collection, adds a hit to it, and removes it again', () =>
    step('static', async () => {
      await page.getByTestId('nav-collections').click()
      await page.waitForURL(/\/collections$/)
      await page.getByTestId('collection-create').click()
      await page.getByTestId('collection-dialog').waitFor()
      await page.getByTestId('collection-form-name').fill(STATIC_NAME)
      await page.getByTestId('collection-form-description').fill('端到端测试')
      await page.getByTestId('collection-form-submit').click()
      // A new collection opens.
      await page.waitForURL(/\/collections\/\d+$/)
      const collectionUrl = page.url()
      assert.equal(await text(page.getByTestId('collection-title')), STATIC_NAME)
      await collectionNumbers(0)

      await search()
      const hit = page.getByTestId('search-hit').first()
      const number = await hit.getAttribute('data-number')
      await hit.getByTestId('search-hit-collect').click()
      await page.getByTestId('collect-dialog').waitFor()
      await page.getByTestId('collect-select').click()
      await pickOption(page, 'collect-option', STATIC_NAME)
      await shot('collections-03-add-to-collection')
      await page.getByTestId('collect-submit').click()
      await page.getByTestId('collect-dialog').waitFor({ state: 'hidden' })

      await page.goto(collectionUrl)
      assert.deepEqual(await collectionNumbers(1), [number])
      assert.equal(await text(page.getByTestId('collection-detail-count')), '1')
      await shot('collections-04-static')
      await page.getByTestId('collection-patent-remove').click()
      await page.locator('.el-message-box__btns .el-button--primary').click()
      await collectionNumbers(0)
      assert.equal(await text(page.getByTestId('collection-detail-count')), '0')
    }))

  it('saves the search as an auto collection that lists what the query finds', () =>
    step('auto', async () => {
      await search()
      await page.getByTestId('search-save-collection').click()
      await page.getByTestId('collection-dialog').waitFor()
      assert.equal(await page.getByTestId('collection-form-query').inputValue(), `TI=${MARKER}`)
      await page.getByTestId('collection-form-name').fill(AUTO_NAME)
      await page.getByTestId('collection-form-submit').click()
      await page.waitForURL(/\/collections\/\d+$/)
      assert.equal(await text(page.getByTestId('collection-title')), AUTO_NAME)
      assert.equal(await text(page.getByTestId('collection-detail-query')), `TI=${MARKER}`)
      assert.equal(await text(page.getByTestId('collection-detail-count')), String(RECORDS.length))
      // Newest publication first.
      assert.deepEqual(await collectionNumbers(RECORDS.length), NEWEST.map((r) => r.publication_number))
      await shot('collections-05-auto')

      // Both are in the list of collections, in English too.
      await page.getByTestId('nav-collections').click()
      await page.waitForURL(/\/collections$/)
      const autoRow = page.locator('.el-table__row', { hasText: AUTO_NAME })
      await autoRow.waitFor()
      assert.equal(await text(autoRow.getByTestId('collection-kind')), '自动专题库')
      assert.equal(await text(autoRow.getByTestId('collection-count')), String(RECORDS.length))
      const staticRow = page.locator('.el-table__row', { hasText: STATIC_NAME })
      assert.equal(await text(staticRow.getByTestId('collection-kind')), '静态专题库')
      await page.getByTestId('lang-switch').click()
      await page.waitForFunction(
        () => document.querySelector('[data-testid="nav-collections"]')?.textContent?.trim() === 'Collections',
      )
      assert.equal(await text(autoRow.getByTestId('collection-kind')), 'Auto collection')
      await shot('collections-06-list-en')
    }))
})
