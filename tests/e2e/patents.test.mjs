// End-to-end test of the patent pages: an official imports a CNIPA XML file, follows the
// server's progress through a large spreadsheet import and cancels another, finds the
// patent in the list, reads its page, and imports a malformed USPTO file; then a visitor
// who has not logged in finds and reads the same patent, but cannot open the import page.
//
//   IPHUB_E2E_URL=http://127.0.0.1:18080 node --test tests/e2e/
//
// Needs a running iphub server with the demo data (`iphub demo`, for the official
// sd_official) serving web/dist, the shared test data at ../shared/data (relative to the
// repository root), and Debian's Chromium at /usr/bin/chromium (override with
// IPHUB_E2E_CHROMIUM). Screenshots go to build/e2e-screenshots/. Importing the same file
// again updates nothing, so the test can run against the same database more than once.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { BASE, ROOT, SHOTS, SKIP, launchChromium, login, newPage, stepper, text } from './harness.mjs'

const DATA = join(ROOT, '..', 'shared', 'data')

// CN 104223352 A: 一种甘草发酵所得烟用香料及其应用, older cn-patent-document format.
const CN_FILE = join(DATA, 'cn_patents', 'cnipa_xml', 'cn_old1.xml')
// Not well-formed (a stray closing tag): the import must report it, not fail.
const BAD_FILE = join(DATA, 'uspto', 'go-uspto', 'grant', 'US07057742-20060606.XML')

// A spreadsheet export of `rows` patents numbered from `first` (large enough that the server
// takes a while over it), written to a temporary file named `name`.
function writeCsv(dir, name, rows, first, title) {
  const abstract = '本发明公开了一种用于储能系统的电池管理方法，包括采集电芯电压、温度与电流并估计荷电状态。'
  const lines = ['公开号,名称,申请日,摘要']
  for (let idx = 1; idx <= rows; idx++) lines.push(`CN${first + idx}A,${title}${idx},2019-0${1 + (idx % 9)}-15,"${abstract}"`)
  const file = join(dir, name)
  writeFileSync(file, lines.join('\n') + '\n')
  return file
}

describe('patent pages', { skip: SKIP }, () => {
  let browser
  let page
  let scratch

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'iphub-e2e-import-'))
    browser = await launchChromium()
    page = await newPage(browser)
  })

  after(async () => {
    await browser?.close()
    if (scratch) rmSync(scratch, { recursive: true, force: true })
  })

  const { shot, step } = stepper(() => page)

  /** Picks files in the import page's drop zone and uploads them. */
  async function upload(file) {
    await page.locator('[data-testid="import-drop"] input[type="file"]').setInputFiles(file)
    await page.getByTestId('import-start').click()
  }

  /** The row of the import results table for a file name. */
  const resultRow = (name) => page.getByTestId('import-results').locator('tr', { hasText: name })
  const count = async (row, key) => Number(await text(row.getByTestId(`import-count-${key}`)))

  it('lets an official open the import page from the navigation', () =>
    step('import-page', async () => {
      await login(page, 'sd_official', 'Demo@2026', { open: true })

      await page.getByTestId('nav-patent-import').click()
      await page.waitForURL(/\/patents\/import$/)
      await page.getByTestId('import-drop').waitFor()
      assert.equal(await page.getByTestId('import-template').getAttribute('href'), '/templates/patent-import-template.csv')
      assert.match(await text(page.getByTestId('import-formats')), /XML.*JSONL.*CSV.*xlsx.*ZIP/s)
      await shot('patents-01-import-page')
    }))

  /** The import jobs' answers the page receives while `fn` runs. */
  async function jobAnswers(fn) {
    const answers = []
    const bodies = []
    const listen = (response) => {
      if (!/\/api\/v1\/patent-imports(\/[0-9a-f]+)?(\?|$)/.test(response.url())) return
      // In the order they came, whenever their bodies are read.
      const answer = { method: response.request().method(), status: response.status(), job: null }
      answers.push(answer)
      bodies.push(
        response
          .json()
          .then((job) => (answer.job = job))
          .catch(() => {}),
      )
    }
    page.on('response', listen)
    try {
      await fn()
    } finally {
      page.off('response', listen)
    }
    await Promise.all(bodies)
    return answers
  }

  it('imports a CNIPA XML file and shows the counts', () =>
    step('import-cn', async () => {
      const answers = await jobAnswers(async () => {
        await upload(CN_FILE)
        await resultRow('cn_old1.xml').waitFor()
      })
      // The upload started a job on the server, which the page followed to its end.
      assert.equal(answers.find((a) => a.method === 'POST')?.status, 202)
      assert.ok(
        answers.some((a) => a.method === 'GET' && a.job?.filename === 'cn_old1.xml' && a.job.state === 'succeeded'),
        JSON.stringify(answers.map((a) => [a.method, a.status, a.job?.state])),
      )
      const row = resultRow('cn_old1.xml')
      await row.waitFor()
      assert.equal(await count(row, 'read'), 1)
      assert.equal(await count(row, 'rejected'), 0)
      // New on a fresh database; unchanged when the test runs again.
      const stored = (await count(row, 'imported')) + (await count(row, 'updated')) + (await count(row, 'unchanged'))
      assert.equal(stored, 1)
      await page.getByTestId('import-no-rejects').waitFor()
      await shot('patents-02-import-cn')
    }))

  it('shows the server\'s progress through a large import, then its report', () =>
    step('import-progress', async () => {
      const rows = 20000
      const file = writeCsv(scratch, 'progress-e2e.csv', rows, 160000000, '端到端进度电池')
      const answers = await jobAnswers(async () => {
        await upload(file)
        // While the server imports: a progress bar of the bytes and the live counters.
        const job = page.getByTestId('import-job')
        await job.waitFor()
        await job.getByTestId('import-job-progress').waitFor()
        assert.match(await text(job.getByTestId('import-job-counts')), /已读取 \d+ 条 · 新增 \d+ · 更新 \d+ · 未变化 \d+ · 拒收 \d+/)
        assert.match(await text(job.getByTestId('import-job-rate')), /^[\d.]+ (B|KB|MB) \/ [\d.]+ MB/)
        // The picture shows it part of the way when the import takes long enough to catch.
        await page.waitForFunction(
          () => document.querySelector('[data-testid="import-job-eta"]') || !document.querySelector('[data-testid="import-job"]'),
        )
        await shot('patents-02b-import-progress')
        await resultRow('progress-e2e.csv').waitFor({ timeout: 120_000 })
      })
      // The page asked about the job while it ran; what it was told never went back.
      const polled = answers.filter((a) => a.method === 'GET' && a.job?.progress)
      assert.ok(polled.length >= 1, JSON.stringify(answers.map((a) => [a.method, a.status, a.job?.state])))
      for (let idx = 1; idx < polled.length; idx++) {
        assert.ok(polled[idx].job.progress.bytes_done >= polled[idx - 1].job.progress.bytes_done)
        assert.ok(polled[idx].job.progress.read >= polled[idx - 1].job.progress.read)
      }
      assert.equal(polled.at(-1).job.state, 'succeeded')

      const row = resultRow('progress-e2e.csv')
      assert.equal(await count(row, 'read'), rows)
      assert.equal(await count(row, 'rejected'), 0)
      // New on a fresh database; unchanged when the test runs again.
      const stored = (await count(row, 'imported')) + (await count(row, 'updated')) + (await count(row, 'unchanged'))
      assert.equal(stored, rows)
      assert.equal(await row.getByTestId('import-result-cancelled').count(), 0)
    }))

  it('cancels a running import, keeping what was stored', () =>
    step('import-cancel', async () => {
      const rows = 60000
      const file = writeCsv(scratch, 'cancel-e2e.csv', rows, 170000000, '端到端取消电池')
      await upload(file)
      await page.getByTestId('import-job').getByTestId('import-job-progress').waitFor({ timeout: 60_000 })
      await page.getByTestId('import-queue').locator('tr', { hasText: 'cancel-e2e.csv' }).getByTestId('import-cancel').click()
      await page.locator('.el-message-box__btns .el-button--primary').click()
      await page.getByTestId('import-cancelled').waitFor({ timeout: 60_000 })
      const row = resultRow('cancel-e2e.csv')
      await row.waitFor()
      await row.getByTestId('import-result-cancelled').waitFor()
      const read = await count(row, 'read')
      assert.ok(read < rows, `read ${read}`)
      await shot('patents-02c-import-cancelled')
    }))

  it('finds the patent in the list, with the search in the URL', () =>
    step('list', async () => {
      await page.getByTestId('nav-area-patents').click()
      await page.waitForURL(/\/patents(\?.*)?$/)
      await page.getByTestId('patent-search').fill('104223352')
      await page.getByTestId('patent-search-submit').click()
      await page.waitForURL(/[?&]q=104223352/)
      const row = page.getByTestId('patent-table').locator('tr', { hasText: 'CN 104223352 A' })
      await row.waitFor()
      assert.match(await text(row), /一种甘草发酵所得烟用香料及其应用/)
      assert.match(await text(row), /201410408762\.5/)

      // The same URL opened afresh shows the same result.
      await page.goto(`${BASE}/patents?q=104223352`)
      await page.getByTestId('patent-table').locator('tr', { hasText: 'CN 104223352 A' }).waitFor()
      assert.equal(await page.getByTestId('patent-search').inputValue(), '104223352')
      await shot('patents-03-list')
    }))

  it('opens the patent page with its data and the claims as a tree', () =>
    step('patent-page', async () => {
      const row = page.getByTestId('patent-table').locator('tr', { hasText: 'CN 104223352 A' })
      await row.getByTestId('patent-link').click()
      await page.waitForURL(/\/patents\/CN104223352A$/)
      await page.getByTestId('patent-title').waitFor()

      assert.equal(await text(page.getByTestId('patent-title')), '一种甘草发酵所得烟用香料及其应用')
      assert.equal(await text(page.getByTestId('patent-number')), 'CN 104223352 A')
      assert.equal(await text(page.getByTestId('biblio-application-number')), '201410408762.5')
      assert.match(await text(page.getByTestId('biblio-applicants')), /云南中烟工业有限责任公司/)
      assert.match(await text(page.getByTestId('biblio-inventors')), /段焰青/)
      assert.match(await text(page.getByTestId('biblio-ipc')), /A24B 15\/18/)
      await page.getByTestId('patent-status').waitFor()

      // Claim 1 is independent; claim 2 ("根据权利要求1所述的……") is nested inside it.
      const claims = page.getByTestId('patent-claims')
      assert.equal(await claims.locator('[data-testid="claim-1"] [data-testid="claim-2"]').count(), 1)
      assert.equal(await claims.locator('[data-testid^="claim-"] [data-testid="claim-1"]').count(), 0)
      assert.match(await text(claims.getByTestId('claim-2').first()), /根据权利要求1所述的甘草发酵所得烟用香料/)
      await shot('patents-04-patent-page')
      await claims.screenshot({ path: join(SHOTS, 'patents-05-claims.png') })

      // The description stays closed until asked for.
      const description = page.getByTestId('patent-description')
      assert.equal(await description.locator('.el-collapse-item.is-active').count(), 0)
    }))

  it('reports a malformed USPTO file in the reject table', () =>
    step('import-bad', async () => {
      await page.getByTestId('nav-patent-import').click()
      await page.waitForURL(/\/patents\/import$/)
      await upload(BAD_FILE)
      const row = resultRow('US07057742-20060606.XML')
      await row.waitFor()
      assert.ok((await count(row, 'rejected')) >= 1)

      const reject = page.getByTestId('import-rejects').locator('tr', { hasText: 'US07057742-20060606.XML' }).first()
      await reject.waitFor()
      const cells = reject.locator('td')
      assert.match(await text(cells.nth(1)), /字节偏移 \d+|第 \d+ 行|表格第 \d+ 行/)
      assert.notEqual(await text(cells.nth(2)), '')
      await page.getByTestId('import-rejects').scrollIntoViewIfNeeded()
      await shot('patents-06-import-rejects')
    }))

  it('lets a visitor read patents without logging in, but not import', () =>
    step('visitor', async () => {
      // A fresh context: no session cookie, nothing in localStorage.
      await page.context().close()
      page = await newPage(browser)

      await page.goto(`${BASE}/patents`)
      await page.getByTestId('patent-table').waitFor()
      assert.match(page.url(), /\/patents$/)
      assert.equal(await text(page.getByTestId('header-login')), '登录')
      assert.equal(await page.getByTestId('header-user-name').count(), 0)
      assert.equal(await page.getByTestId('logout').count(), 0)
      // The navigation offers the public areas only (patents, the market); the language switch is there.
      await page.getByTestId('nav-area-patents').waitFor()
      assert.equal(await page.getByTestId('nav-home').count(), 0)
      assert.equal(await page.getByTestId('nav-account').count(), 0)
      assert.equal(await page.getByTestId('nav-admin').count(), 0)
      assert.equal(await page.getByTestId('nav-area-market').count(), 1)
      assert.equal(await page.getByTestId('nav-area-finance').count(), 0)
      assert.equal(await page.getByTestId('patent-import-link').count(), 0)
      await page.getByTestId('lang-switch').waitFor()

      await page.getByTestId('patent-search').fill('104223352')
      await page.getByTestId('patent-search-submit').click()
      await page.waitForURL(/[?&]q=104223352/)
      const row = page.getByTestId('patent-table').locator('tr', { hasText: 'CN 104223352 A' })
      await row.waitFor()
      await shot('patents-07-visitor-list')

      await row.getByTestId('patent-link').click()
      await page.waitForURL(/\/patents\/CN104223352A$/)
      await page.getByTestId('patent-title').waitFor()
      assert.equal(await text(page.getByTestId('patent-title')), '一种甘草发酵所得烟用香料及其应用')
      assert.equal(await text(page.getByTestId('header-login')), '登录')
      await shot('patents-08-visitor-patent')

      // The import page is for officials: a visitor is asked to log in, coming back after.
      await page.goto(`${BASE}/patents/import`)
      await page.waitForURL(/\/login\?/)
      await page.getByTestId('login-heading').waitFor()
      assert.equal(new URL(page.url()).searchParams.get('redirect'), '/patents/import')
      assert.equal(await page.getByTestId('import-drop').count(), 0)
    }))

  it('brings a visitor back to the patent page after logging in there', () =>
    step('visitor-login', async () => {
      await page.goto(`${BASE}/patents/CN104223352A`)
      await page.getByTestId('patent-title').waitFor()
      await page.getByTestId('header-login').click()
      await page.waitForURL(/\/login\?/)
      assert.equal(new URL(page.url()).searchParams.get('redirect'), '/patents/CN104223352A')
      await login(page, 'sd_official', 'Demo@2026', { url: /\/patents\/CN104223352A$/ })
      assert.equal(await text(page.getByTestId('patent-title')), '一种甘草发酵所得烟用香料及其应用')
      assert.equal(await page.getByTestId('header-login').count(), 0)
      await page.getByTestId('nav-home').waitFor()
    }))
})
