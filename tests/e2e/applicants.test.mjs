// End-to-end test of applicant aliases (申请人名称归并): patents of one made-up applicant are
// imported under its Chinese name and its English name; the official jn_official finds both
// spellings on /applicants (the English one typed in lower case), ticks them, is told when the
// canonical name the server cannot use, then merges them under the Chinese name with a note.
// The alias list shows the group, the history the event, and the canonical name's link opens a
// search counting the patents of both spellings. Undoing the merge from the history empties the
// group and gives the English name its patents back. Merged again, the English name is split
// off from the list, and undoing that merge is refused (the name changed since), with the
// server's reason. A visitor and an enterprise user read the same page with no control to
// change anything.
//
//   IPHUB_E2E_URL=http://127.0.0.1:18080 node --test tests/e2e/applicants.test.mjs
//
// Needs a running iphub server with the demo accounts (`iphub demo`; demo patents may be
// loaded or not) serving web/dist, and Debian's Chromium at /usr/bin/chromium (override with
// IPHUB_E2E_CHROMIUM). Screenshots go to build/e2e-screenshots/.
//
// Aliases stay on the server, so each run brings its own applicant: the made-up word in its
// names and the patent numbers come from the time the run started, and the test can run more
// than once on one server.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BASE, DEMO_PASSWORD, SKIP, cnCheck, importRecords, launchChromium, login, newPage, stepper, text, totalIs } from './harness.mjs'

// The index follows a change of aliases within about a second.
const INDEX_WAIT_MS = 10_000

// A word no other applicant holds, in Chinese (青鹭 and four digits written 零壹贰…) and in
// Latin letters (QINGLU and the same digits as letters A–J).
const SEQ = Date.now() % 10_000_000
const FOUR = String(SEQ).padStart(7, '0').slice(-4)
const MARKER = `青鹭${[...FOUR].map((d) => '零壹贰叁肆伍陆柒捌玖'[Number(d)]).join('')}`
const LATIN = `QINGLU${[...FOUR].map((d) => 'ABCDEFGHIJ'[Number(d)]).join('')}`
const CHINESE_NAME = `济南${MARKER}流体科技有限公司`
const ENGLISH_NAME = `Jinan ${LATIN[0]}${LATIN.slice(1).toLowerCase()} Fluid Technology Co., Ltd.`
/** The English name as the index stores it. */
const ENGLISH_NORMALISED = `JINAN ${LATIN} FLUID TECHNOLOGY CO LTD`
const NOTE = `英文名称 ${Date.now().toString(36)}`
const UNDO_NOTE = '英文名称另作核实'

function record(i, applicant) {
  const serial = String((SEQ * 5 + i) % 10_000_000).padStart(7, '0')
  const digits = `20191${serial}`
  const docNumber = `13${serial}`
  return {
    publication_number: `CN${docNumber}A`,
    country: 'CN',
    doc_number: docNumber,
    kind: 'A',
    type: 'cn_invention_application',
    application_number: `${digits}.${cnCheck(digits)}`,
    application_date: '2024-05-20',
    publication_date: '2025-11-28',
    language: 'zh',
    title: `一种${MARKER}叶轮结构${i}`,
    abstract: `本发明公开了一种${MARKER}叶轮结构。`,
    applicants: [{ name: applicant, country: 'CN', region_code: '370102' }],
    ipc: [{ symbol: 'F04D 29/22', version: '2006.01' }],
    ipc_main: 'F04D 29/22',
  }
}

const CHINESE_RECORDS = [0, 1, 2].map((i) => record(i, CHINESE_NAME))
const ENGLISH_RECORDS = [3, 4].map((i) => record(i, ENGLISH_NAME))
const ALL = CHINESE_RECORDS.length + ENGLISH_RECORDS.length

/** The total of a search over the API. */
async function countOf(query) {
  const r = await fetch(`${BASE}/api/v1/search?q=${encodeURIComponent(query)}&size=1`)
  assert.equal(r.status, 200, await r.clone().text())
  return (await r.json()).total
}

/** Waits until the search for `query` counts `expected` (the index applies alias changes in the background). */
async function waitForCount(query, expected) {
  const started = Date.now()
  for (;;) {
    const total = await countOf(query)
    if (total === expected) return
    if (Date.now() - started > INDEX_WAIT_MS) throw new Error(`${query} finds ${total}, not ${expected}, after ${INDEX_WAIT_MS} ms`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** Sends `body` to the API as jn_official; the status and the JSON answer. */
async function asOfficial(method, path, body) {
  const login = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'jn_official', password: DEMO_PASSWORD }),
  })
  assert.equal(login.status, 200, await login.clone().text())
  const cookie = login.headers.getSetCookie().find((c) => c.startsWith('iphub_session=')).split(';')[0]
  const { csrf_token: csrf } = await login.json()
  const r = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: r.status, json: await r.json() }
}

/** Waits until the table with test id `testId` has loaded `count` rows; returns its rows. */
async function rowsOf(page, testId, count) {
  await page.waitForFunction(
    ({ id, want }) => {
      const table = document.querySelector(`[data-testid="${id}"]`)
      return !!table && !table.querySelector('.el-loading-mask') && table.querySelectorAll('.el-table__body tr.el-table__row').length === want
    },
    { id: testId, want: count },
  )
  return page.getByTestId(testId).locator('.el-table__body tr.el-table__row')
}

/** Types `value` into a filter box and presses Enter. */
async function filterBy(page, testId, value) {
  const input = page.getByTestId(testId)
  await input.fill(value)
  await input.press('Enter')
}

describe('applicant aliases', { skip: SKIP }, () => {
  let browser
  let page

  before(async () => {
    browser = await launchChromium()
    page = await newPage(browser)
    await importRecords([...CHINESE_RECORDS, ...ENGLISH_RECORDS], {
      filename: `applicants-e2e-${SEQ}.jsonl`,
      query: `TI=${MARKER}`,
    })
  })

  after(() => browser?.close())

  const { shot, step } = stepper(() => page)

  /** The suggestions' row of `name`, once the suggestions for what was typed are in. */
  async function suggestion(name) {
    const row = page.getByTestId('alias-suggestions').locator('tr.el-table__row', { hasText: name })
    await row.waitFor()
    return row
  }

  it('finds both spellings and merges them under the Chinese name', () =>
    step('merge', async () => {
      await login(page, 'jn_official', DEMO_PASSWORD, { open: true, url: (url) => url.pathname === '/' })
      await page.getByTestId('nav-applicants').click()
      await page.waitForURL(/\/applicants$/)
      await page.getByTestId('alias-merge').waitFor()

      // The Chinese name by its start, with its patents counted.
      await page.getByTestId('alias-find').fill(`济南${MARKER}`)
      let row = await suggestion(CHINESE_NAME)
      assert.equal(await text(row.getByTestId('alias-suggestion-count')), String(CHINESE_RECORDS.length))
      await row.getByTestId('alias-suggestion-tick').click()

      // The English name typed in lower case, listed as the index stores it.
      await page.getByTestId('alias-find').fill(`jinan ${LATIN.toLowerCase()}`)
      row = await suggestion(ENGLISH_NORMALISED)
      assert.equal(await text(row.getByTestId('alias-suggestion-name')), ENGLISH_NORMALISED)
      assert.equal(await text(row.getByTestId('alias-suggestion-count')), String(ENGLISH_RECORDS.length))
      await row.getByTestId('alias-suggestion-tick').click()

      const selected = page.getByTestId('alias-selected-name')
      assert.deepEqual(await selected.evaluateAll((items) => items.map((e) => e.dataset.name)), [CHINESE_NAME, ENGLISH_NORMALISED])
      assert.equal(await text(page.getByTestId('alias-selected-total')), `已选 2 个名称，合计 ${ALL} 件专利`)

      // A canonical name with nothing left once normalised: the server says so beside it.
      const canonicalItem = page.locator('.el-form-item', { has: page.getByTestId('alias-canonical-input') })
      await page.getByTestId('alias-canonical-input').fill('（）')
      await page.getByTestId('alias-merge-submit').click()
      await canonicalItem.locator('.el-form-item__error').waitFor()
      const refused = await asOfficial('POST', '/applicant-aliases', { canonical: '（）', names: [CHINESE_NAME, ENGLISH_NORMALISED] })
      assert.equal(refused.status, 400)
      assert.equal(refused.json.field, 'canonical')
      assert.equal(await text(canonicalItem.locator('.el-form-item__error')), refused.json.detail.replace(/^canonical: /, ''))
      await shot('applicants-01-canonical-error')

      // The Chinese name as the canonical one, picked from the ticked names.
      await page.locator(`[data-testid="alias-selected-name"][data-name="${CHINESE_NAME}"]`).getByTestId('alias-selected-canonical').click()
      assert.equal(await page.getByTestId('alias-canonical-input').inputValue(), CHINESE_NAME)
      await page.getByTestId('alias-note').fill(NOTE)
      await shot('applicants-02-merge-form')
      await page.getByTestId('alias-merge-submit').click()
      // Merged: the form is empty again.
      await page.getByTestId('alias-selected').getByText('在上方查找并勾选要归并的名称。').waitFor()
      await shot('applicants-03-merged')
      await canonicalItem.locator('.el-form-item__error').waitFor({ state: 'detached' })
    }))

  it('lists the group and the event', () =>
    step('listed', async () => {
      await filterBy(page, 'alias-filter', MARKER)
      const rows = await rowsOf(page, 'alias-table', 1)
      assert.equal(await rows.first().getByTestId('alias-group').getAttribute('data-canonical'), CHINESE_NAME)
      assert.equal(await text(rows.first().getByTestId('alias-canonical')), CHINESE_NAME)
      assert.equal(await text(rows.first().getByTestId('alias-name')), ENGLISH_NORMALISED)
      assert.equal(await text(rows.first().getByTestId('alias-note-text')), NOTE)

      // Any spelling finds the group.
      await filterBy(page, 'alias-filter', LATIN)
      await page.waitForFunction(
        (want) => document.querySelector('[data-testid="alias-table"] [data-testid="alias-name"]')?.textContent?.trim() === want,
        ENGLISH_NORMALISED,
      )
      await rowsOf(page, 'alias-table', 1)

      await filterBy(page, 'alias-history-filter', MARKER)
      const events = await rowsOf(page, 'alias-events', 1)
      const event = events.first()
      assert.equal(await text(event.getByTestId('alias-event-kind')), '合并')
      assert.equal(await text(event.getByTestId('alias-event-name')), ENGLISH_NORMALISED)
      assert.equal(await text(event.getByTestId('alias-event-canonical')), CHINESE_NAME)
      assert.equal(await text(event.getByTestId('alias-event-previous')), '')
      assert.equal(await text(event.getByTestId('alias-event-actor')), 'jn_official')
      assert.equal(await text(event.getByTestId('alias-event-note')), NOTE)
      assert.match(await text(event.getByTestId('alias-event-at')), /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/)
      await shot('applicants-04-lists')
    }))

  it('opens the search of the canonical name, counting both spellings', () =>
    step('search', async () => {
      await waitForCount(`PAN="${CHINESE_NAME}"`, ALL)
      await page.getByTestId('alias-table').getByTestId('alias-canonical').first().click()
      await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === `PAN="${CHINESE_NAME}"`)
      await totalIs(page, `共 ${ALL} 条`)
      await shot('applicants-05-search')
    }))

  it('undoes the merge from the history', () =>
    step('undo', async () => {
      await page.goBack()
      await page.waitForURL(/\/applicants$/)
      await filterBy(page, 'alias-history-filter', MARKER)
      const events = await rowsOf(page, 'alias-events', 1)
      await events.first().getByTestId('alias-event-undo').click()
      await page.locator('.el-message-box__input input').fill(UNDO_NOTE)
      await page.locator('.el-message-box__btns .el-button--primary').click()

      // The undo is the newest event and marks the merge undone; the group has gone.
      const after = await rowsOf(page, 'alias-events', 2)
      assert.equal(await text(after.nth(0).getByTestId('alias-event-kind')), '撤销')
      assert.equal(await text(after.nth(0).getByTestId('alias-event-name')), ENGLISH_NORMALISED)
      assert.equal(await text(after.nth(0).getByTestId('alias-event-note')), UNDO_NOTE)
      assert.equal(await after.nth(1).getByTestId('alias-event-undone').count(), 1)
      assert.equal(await after.nth(1).getByTestId('alias-event-undo').count(), 0)
      await filterBy(page, 'alias-filter', MARKER)
      await rowsOf(page, 'alias-table', 0)
      await page.getByTestId('alias-table').getByText('暂无归并的名称').waitFor()
      await shot('applicants-06-undone')
      await waitForCount(`PAN="${CHINESE_NAME}"`, CHINESE_RECORDS.length)
      await waitForCount(`PAN="${ENGLISH_NAME}"`, ENGLISH_RECORDS.length)
    }))

  it('splits a name off from the list; undoing the merge then says why it cannot', () =>
    step('split', async () => {
      const merged = await asOfficial('POST', '/applicant-aliases', { canonical: CHINESE_NAME, names: [ENGLISH_NAME], note: NOTE })
      assert.equal(merged.status, 201, JSON.stringify(merged.json))
      await page.reload()
      await filterBy(page, 'alias-filter', MARKER)
      const rows = await rowsOf(page, 'alias-table', 1)
      await rows.first().getByTestId('alias-split').click()
      await page.locator('.el-message-box__input input').fill('拆分核实')
      await page.locator('.el-message-box__btns .el-button--primary').click()
      await page.getByTestId('alias-table').getByText('暂无归并的名称').waitFor()

      // Newest first: the split, then the merge it left nothing to undo of.
      await filterBy(page, 'alias-history-filter', MARKER)
      const events = await rowsOf(page, 'alias-events', 4)
      assert.equal(await text(events.nth(0).getByTestId('alias-event-kind')), '拆分')
      assert.equal(await text(events.nth(0).getByTestId('alias-event-note')), '拆分核实')
      assert.equal(await text(events.nth(1).getByTestId('alias-event-kind')), '合并')
      await events.nth(1).getByTestId('alias-event-undo').click()
      await page.locator('.el-message-box__btns .el-button--primary').click()
      const conflict = page.getByTestId('alias-undo-conflict')
      await conflict.waitFor()
      // The server's reason, as it gives it again.
      const again = await asOfficial('POST', `/applicant-alias-events/${merged.json.events[0].seq}/undo`, {})
      assert.equal(again.status, 409)
      assert.equal(await text(conflict.locator('.el-alert__title')), again.json.detail)
      await shot('applicants-07-conflict')
      // Nothing changed.
      await rowsOf(page, 'alias-events', 4)
      await waitForCount(`PAN="${CHINESE_NAME}"`, CHINESE_RECORDS.length)
    }))

  it('shows a visitor and an enterprise user the page read-only', () =>
    step('read-only', async () => {
      await page.context().close()
      page = await newPage(browser)
      await page.goto(`${BASE}/applicants`)
      await page.getByTestId('alias-read-only').waitFor()
      await filterBy(page, 'alias-history-filter', MARKER)
      await rowsOf(page, 'alias-events', 4)
      assert.equal(await page.getByTestId('alias-merge').count(), 0)
      assert.equal(await page.getByTestId('alias-event-undo').count(), 0)

      await login(page, 'lx_ent_admin', DEMO_PASSWORD, { open: true, url: (url) => url.pathname === '/' })
      await page.getByTestId('nav-applicants').click()
      await page.waitForURL(/\/applicants$/)
      await page.getByTestId('alias-read-only').waitFor()
      await filterBy(page, 'alias-history-filter', MARKER)
      const events = await rowsOf(page, 'alias-events', 4)
      assert.equal(await text(events.nth(0).getByTestId('alias-event-kind')), '拆分')
      assert.equal(await text(events.nth(3).getByTestId('alias-event-kind')), '合并')
      assert.equal(await page.getByTestId('alias-merge').count(), 0)
      assert.equal(await page.getByTestId('alias-merge-submit').count(), 0)
      assert.equal(await page.getByTestId('alias-event-undo').count(), 0)
      assert.equal(await page.getByTestId('alias-split').count(), 0)
      await shot('applicants-08-read-only')
    }))
})
