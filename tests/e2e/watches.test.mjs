// End-to-end test of watches and alerts (监控预警): a visitor is offered no watch; a logged-in
// enterprise user creates a query watch on a made-up word from the watches page (a malformed
// query first, marked where it went wrong), and sees the search page offer the same; an
// official then imports patents holding the word, and the header's badge counts the alerts;
// the inbox lists them with the watch, the patent and the query; opening one lands on the
// patent and the badge drops, as it does for "mark read" and "mark all read". Last, the user
// watches a patent's legal status from its page, the patent is imported again with a transfer
// (TR01), and the inbox shows the event; and watches a competitor from the landscape.
//
//   IPHUB_E2E_URL=http://127.0.0.1:18080 node --test tests/e2e/watches.test.mjs
//
// Needs a running iphub server with the demo accounts (`iphub demo`; demo patents may be
// loaded or not) serving web/dist, and Debian's Chromium at /usr/bin/chromium (override with
// IPHUB_E2E_CHROMIUM). Screenshots go to build/e2e-screenshots/.
//
// The server writes alerts in a background thread (every 250 ms, once the index has applied an
// import), so the test waits for them, never longer than ALERT_WAIT_MS. Only patents imported
// after a watch was created alert, so each run brings new patents: their numbers and the
// made-up word in their titles come from the time the run started, and the test can run more
// than once. It starts by marking the user's earlier alerts read.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BASE, SKIP, cnCheck, importRecords, launchChromium, login, newPage, stepper, text } from './harness.mjs'

const ALERT_WAIT_MS = 20_000

// A word no other patent holds: 翠鸮 and four digits of the run written as 零壹贰….
const SEQ = Date.now() % 10_000_000
const DIGITS = '零壹贰叁肆伍陆柒捌玖'
const MARKER = `翠鸮${[...String(SEQ).padStart(7, '0').slice(-4)].map((d) => DIGITS[Number(d)]).join('')}`
const QUERY = `TI=${MARKER}`
const RUN = Date.now().toString(36)
const QUERY_WATCH = `${MARKER}技术监控 ${RUN}`
const STATUS_WATCH = `${MARKER}法律状态监控 ${RUN}`
const COMPETITOR_WATCH = `${MARKER}竞争对手监控 ${RUN}`

const TOPICS = ['温控阀', '散热模组', '储能柜']
const RECORDS = TOPICS.map((topic, i) => {
  const serial = String((SEQ * 3 + i) % 10_000_000).padStart(7, '0')
  const digits = `20172${serial}`
  const docNumber = `12${serial}`
  return {
    publication_number: `CN${docNumber}A`,
    country: 'CN',
    doc_number: docNumber,
    kind: 'A',
    type: 'cn_invention_application',
    application_number: `${digits}.${cnCheck(digits)}`,
    application_date: '2025-03-15',
    publication_date: '2026-06-01',
    language: 'zh',
    title: `一种${MARKER}${topic}`,
    abstract: `本发明公开了一种${MARKER}${topic}。`,
    applicants: [{ name: '济南泉城智能装备有限公司', country: 'CN', region_code: '370102' }],
    ipc: [{ symbol: 'H01M 10/613', version: '2006.01' }],
    ipc_main: 'H01M 10/613',
  }
})
const TRANSFER = { code: 'TR01', date: '2026-11-01', text: '专利权的转移' }

describe('watches and alerts', { skip: SKIP }, () => {
  let browser
  let page

  before(async () => {
    browser = await launchChromium()
    page = await newPage(browser)
  })

  after(() => browser?.close())

  const { shot, step } = stepper(() => page)
  const badge = () => page.getByTestId('header-alerts')

  /** The unread count the header shows ('' before it is known). */
  const unread = async () => (await badge().getAttribute('data-unread')) ?? ''

  /**
   * Waits until the badge reads `count`, reloading the page now and then (the badge asks the
   * server on navigation and every minute; alerts are written in the background).
   */
  async function badgeReads(count) {
    const started = Date.now()
    for (;;) {
      await badge().waitFor()
      const deadline = Date.now() + 1_000
      while (Date.now() < deadline) {
        if ((await unread()) === String(count)) return
        await page.waitForTimeout(100)
      }
      if (Date.now() - started > ALERT_WAIT_MS) {
        throw new Error(`the badge reads ${await unread()}, not ${count}, after ${ALERT_WAIT_MS / 1000} s`)
      }
      await page.reload()
    }
  }

  /** The inbox's alerts (unread ones), once there are `count`. */
  async function inbox(count) {
    await page.waitForFunction(
      (want) =>
        !document.querySelector('.el-loading-mask') &&
        document.querySelectorAll('[data-testid="alert"]').length === want,
      count,
    )
    return page.getByTestId('alert')
  }

  it('offers no watch to a visitor', () =>
    step('visitor', async () => {
      await page.goto(`${BASE}/search?q=${encodeURIComponent(QUERY)}`)
      await page.getByTestId('search-total').waitFor()
      assert.equal(await page.getByTestId('search-watch').count(), 0)
      assert.equal(await page.getByTestId('header-alerts').count(), 0)
      await page.goto(`${BASE}/watches`)
      await page.waitForURL(/\/login/)
    }))

  it('logs in and starts with every alert read', () =>
    step('read-earlier', async () => {
      await login(page, 'lx_ent_admin', 'Demo@2026', { url: /\/watches$/ })
      await page.getByTestId('watches-inbox').click()
      await page.waitForURL(/\/alerts$/)
      await badge().waitFor()
      await page.waitForFunction(() => document.querySelector('[data-testid="header-alerts"]')?.dataset.unread !== '')
      if ((await unread()) !== '0') {
        await page.getByTestId('alerts-read-all').click()
        await badgeReads(0)
      }
      await inbox(0)
      await page.getByTestId('alerts-empty').waitFor()
    }))

  it('creates a query watch, after a malformed query is marked where it went wrong', () =>
    step('query-watch', async () => {
      await page.getByTestId('nav-area-warning').click()
      await page.waitForURL(/\/watches$/)
      await page.getByTestId('watch-create').click()
      const dialog = page.getByTestId('watch-dialog')
      await dialog.waitFor()
      // Submitting an empty form names what is missing, before asking the server.
      await page.getByTestId('watch-form-submit').click()
      await dialog.locator('.el-form-item__error').first().waitFor()
      await page.getByTestId('watch-form-name').fill(QUERY_WATCH)
      await page.getByTestId('watch-form-query').fill(`TI=(${MARKER}`)
      await page.getByTestId('watch-form-submit').click()
      await page.getByTestId('watch-form-query-marker').waitFor()
      assert.match(await text(dialog.locator('.el-form-item.is-error .el-form-item__error')), /\)/)
      await shot('watches-01-query-error')
      await page.getByTestId('watch-form-query').fill(QUERY)
      await page.getByTestId('watch-form-submit').click()
      await dialog.waitFor({ state: 'hidden' })

      const row = page.locator('.el-table__row', { hasText: QUERY_WATCH })
      await row.waitFor()
      assert.equal(await text(row.getByTestId('watch-kind')), '技术检索')
      assert.equal(await text(row.getByTestId('watch-target')), QUERY)
      assert.equal(await text(row.getByTestId('watch-frequency')), '实时')
      await shot('watches-02-list')
    }))

  it('offers to watch the query of the search page', () =>
    step('search-shortcut', async () => {
      await page.goto(`${BASE}/search?q=${encodeURIComponent(QUERY)}`)
      await page.getByTestId('search-watch').click()
      await page.getByTestId('watch-dialog').waitFor()
      assert.equal(await page.getByTestId('watch-form-query').inputValue(), QUERY)
      assert.equal(await page.getByTestId('watch-form-name').inputValue(), QUERY)
      // Cancelled: one watch of the query is enough.
      await page.getByTestId('watch-dialog').getByRole('button', { name: '取消' }).click()
      await page.getByTestId('watch-dialog').waitFor({ state: 'hidden' })
    }))

  it('counts the alerts of newly imported patents in the badge and lists them in the inbox', () =>
    step('alerts', async () => {
      await importRecords(RECORDS, { filename: `watches-e2e-${RUN}.jsonl`, query: QUERY })
      await badgeReads(RECORDS.length)
      await shot('watches-03-badge')
      await badge().click()
      await page.waitForURL(/\/alerts$/)
      const alerts = await inbox(RECORDS.length)
      const numbers = await alerts.evaluateAll((items) => items.map((a) => a.dataset.number))
      assert.deepEqual([...numbers].sort(), RECORDS.map((r) => r.publication_number).sort())
      const first = alerts.first()
      assert.equal(await text(first.getByTestId('alert-watch')), QUERY_WATCH)
      assert.equal(await text(first.getByTestId('alert-kind')), '技术检索')
      assert.match(await text(first.getByTestId('alert-title')), new RegExp(MARKER))
      assert.match(await text(first.getByTestId('alert-detail')), new RegExp(QUERY))
      await shot('watches-04-inbox')
    }))

  it('opens an alert on its patent, and marks alerts read', () =>
    step('read', async () => {
      const first = page.getByTestId('alert').first()
      const number = await first.getAttribute('data-number')
      const title = await text(first.getByTestId('alert-title'))
      await first.getByTestId('alert-open').click()
      await page.waitForURL((url) => url.pathname === `/patents/${number}`)
      assert.equal(await text(page.getByTestId('patent-title')), title)
      await badgeReads(RECORDS.length - 1)

      await badge().click()
      await page.waitForURL(/\/alerts$/)
      // Unread only: the opened one has gone.
      const alerts = await inbox(RECORDS.length - 1)
      const left = await alerts.evaluateAll((items) => items.map((a) => a.dataset.number))
      assert.ok(!left.includes(number))
      await alerts.first().getByTestId('alert-mark-read').click()
      await page.waitForFunction(() => document.querySelector('[data-testid="alert"]')?.dataset.read === 'true')
      await badgeReads(RECORDS.length - 2)

      // All of them, read ones included (earlier runs' too, newest first).
      await page.getByTestId('alerts-filter-all').click()
      await page.waitForFunction(
        (want) => {
          const items = [...document.querySelectorAll('[data-testid="alert"]')].slice(0, want.length)
          return items.map((a) => a.dataset.number).sort().join() === [...want].sort().join()
        },
        RECORDS.map((r) => r.publication_number),
      )
      await page.getByTestId('alerts-read-all').click()
      await badgeReads(0)
      await page.waitForFunction(() =>
        [...document.querySelectorAll('[data-testid="alert"]')].every((a) => a.dataset.read === 'true'),
      )
      await shot('watches-05-all-read')
    }))

  it('watches a patent’s legal status from its page and alerts on a transfer', () =>
    step('status-watch', async () => {
      const patent = RECORDS[0]
      await page.goto(`${BASE}/patents/${patent.publication_number}`)
      await page.getByTestId('patent-watch').click()
      const dialog = page.getByTestId('watch-dialog')
      await dialog.waitFor()
      assert.equal(await page.getByTestId('watch-form-patents').inputValue(), patent.publication_number)
      assert.equal(
        await page.getByTestId('watch-form-kind').locator('.is-active').textContent().then((s) => s.trim()),
        '法律状态',
      )
      await page.getByTestId('watch-form-name').fill(STATUS_WATCH)
      await shot('watches-06-status-dialog')
      await page.getByTestId('watch-form-submit').click()
      await dialog.waitFor({ state: 'hidden' })

      await page.getByTestId('nav-area-warning').click()
      await page.waitForURL(/\/watches$/)
      const row = page.locator('.el-table__row', { hasText: STATUS_WATCH })
      await row.waitFor()
      assert.equal(await text(row.getByTestId('watch-kind')), '法律状态')
      assert.match(await text(row.getByTestId('watch-target')), new RegExp(`^${patent.publication_number} · `))

      // The patent again, now transferred: an update alerts the status watch only.
      await importRecords([{ ...patent, legal_events: [TRANSFER] }], {
        filename: `watches-e2e-transfer-${RUN}.jsonl`,
        query: `PN=${patent.publication_number}`,
      })
      await badgeReads(1)
      await badge().click()
      await page.waitForURL(/\/alerts$/)
      const alert = (await inbox(1)).first()
      assert.equal(await alert.getAttribute('data-number'), patent.publication_number)
      assert.equal(await text(alert.getByTestId('alert-watch')), STATUS_WATCH)
      assert.equal(await text(alert.getByTestId('alert-kind')), '法律状态')
      assert.equal(await text(alert.getByTestId('alert-detail')), `权利转移 · TR01 专利权的转移 · ${TRANSFER.date}`)
      await shot('watches-07-status-alert')

      // Deleted, with its alert.
      await page.getByTestId('alerts-watches').click()
      await page.waitForURL(/\/watches$/)
      await page.locator('.el-table__row', { hasText: STATUS_WATCH }).getByTestId('watch-delete').click()
      await page.locator('.el-message-box__btns .el-button--primary').click()
      await page.locator('.el-table__row', { hasText: STATUS_WATCH }).waitFor({ state: 'detached' })
      await badgeReads(0)
    }))

  it('offers to watch a competitor from the landscape’s applicants', () =>
    step('competitor', async () => {
      const applicant = RECORDS[0].applicants[0].name
      await page.goto(`${BASE}/navigation?q=${encodeURIComponent(QUERY)}`)
      const applicants = page.getByTestId('landscape-section-applicants')
      await applicants.getByTestId('landscape-view-table').click()
      const row = applicants.locator('.el-table__row', { hasText: applicant })
      await row.getByTestId('landscape-watch-applicant').click()
      await page.getByTestId('watch-dialog').waitFor()
      assert.equal(await page.getByTestId('watch-form-applicant').inputValue(), applicant)
      await page.getByTestId('watch-form-name').fill(COMPETITOR_WATCH)
      await page.getByTestId('watch-form-submit').click()
      await page.getByTestId('watch-dialog').waitFor({ state: 'hidden' })

      await page.getByTestId('nav-area-warning').click()
      await page.waitForURL(/\/watches$/)
      const watchRow = page.locator('.el-table__row', { hasText: COMPETITOR_WATCH })
      assert.equal(await text(watchRow.getByTestId('watch-kind')), '竞争对手')
      assert.equal(await text(watchRow.getByTestId('watch-target')), applicant)
      // Deleted again: other tests import patents of this applicant.
      await watchRow.getByTestId('watch-delete').click()
      await page.locator('.el-message-box__btns .el-button--primary').click()
      await watchRow.waitFor({ state: 'detached' })
    }))
})
