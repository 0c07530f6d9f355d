// End-to-end test of the demand library pages (需求库): lx_ent_admin posts a demand in the form
// (a budget the server refuses shown on its field first), saves the draft and publishes it from
// its page; invites 青岛海滨理工大学 (qd_uni_admin's university) found by a directory search in
// the invite dialog. qd_uni_admin finds the invitation on /demand-invitations and answers 有意向
// with a message; lx_ent_admin sees the answer in the demand's invitations table (and, on a
// draft whose deadline has passed, 发布 disabled with the deadline_ahead check as its tooltip);
// qd_official sees the university on /demand-response-times with one more answer than before
// (officials see the suppliers in their region: the university is in Qingdao, so jn_official of
// Jinan does not, as docs/api.md says); a visitor finds the demand on /demands by its title and
// does not see its contact (shown to logged-in users only).
//
//   IPHUB_E2E_URL=http://127.0.0.1:18080 node --test tests/e2e/demands.test.mjs
//
// Needs a running iphub server with the demo accounts (`iphub demo`) serving web/dist, and
// Debian's Chromium at /usr/bin/chromium (override with IPHUB_E2E_CHROMIUM). Screenshots go to
// build/e2e-screenshots/. Demands stay on the server; each run posts its own (its title from
// the time the run started), so the test can run more than once on one server.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BASE, DEMO_PASSWORD, SKIP, launchChromium, login, newPage, stepper, text, apiLogin } from './harness.mjs'

const SEQ = String(Date.now() % 10_000_000).padStart(7, '0')
const TITLE = `低温储能电池技术需求${SEQ}`
const PROBLEM = `现有磷酸铁锂电池在零下二十摄氏度时容量仅剩六成。\n希望找到低温容量保持率八成以上的方案。`
const SUPPLIER = '青岛海滨理工大学'
const PHONE = '0531-88880000'
const MESSAGE = `我校有低温电解液成果，可提供中试数据${SEQ}`
/** A day about a year ahead (the deadline must lie ahead to publish). */
const DEADLINE = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10)

async function call(session, method, path, body) {
  const r = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: { Cookie: session.cookie, 'X-CSRF-Token': session.csrf, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const textBody = await r.text()
  let json = null
  try {
    json = JSON.parse(textBody)
  } catch {
    // not JSON
  }
  return { status: r.status, json, text: textBody }
}

async function waitForState(page, state) {
  await page.waitForFunction((want) => document.querySelector('[data-testid="demand-state"]')?.dataset.state === want, state)
}

describe('demand library', { skip: SKIP }, () => {
  let browser
  let page
  let demandId
  let supplierId
  /** qd_official's figure for the university before this run answered. */
  let answeredBefore = 0

  before(async () => {
    browser = await launchChromium()
    page = await newPage(browser)
    const enterprise = await apiLogin('lx_ent_admin')
    const found = await call(enterprise, 'GET', `/organization-directory?q=${encodeURIComponent(SUPPLIER)}&page=1&size=20`)
    assert.equal(found.status, 200, found.text)
    const university = found.json.items.find((o) => o.name === SUPPLIER)
    assert.ok(university, `${SUPPLIER} is in the directory: ${found.text}`)
    supplierId = university.id
    const official = await apiLogin('qd_official')
    const times = await call(official, 'GET', '/demand-response-times')
    assert.equal(times.status, 200, times.text)
    answeredBefore = times.json.items.find((r) => r.supplier_org_id === supplierId)?.answered ?? 0
  })

  after(() => browser?.close())

  const { shot, step } = stepper(() => page)

  it('posts a demand in the form, a budget the server refuses shown on its field', () =>
    step('create', async () => {
      await login(page, 'lx_ent_admin', DEMO_PASSWORD, { open: true, url: (url) => url.pathname === '/' })
      await page.goto(`${BASE}/demands`)
      await page.getByTestId('demands-table').waitFor()
      assert.equal(await page.getByTestId('demands-link-invitations').getAttribute('href'), '/demand-invitations')
      await page.getByTestId('demands-create').click()
      await page.waitForURL(/\/demands\/new$/)

      // What the page checks itself: the required fields.
      await page.getByTestId('demand-form-submit').click()
      const problemError = page.getByTestId('demand-form-problem-item').locator('.el-form-item__error')
      assert.equal(await text(problemError), '请填写需求描述')

      await page.getByTestId('demand-form-title').fill(TITLE)
      await page.getByTestId('demand-form-problem').fill(PROBLEM)
      await page.getByTestId('demand-form-industry').fill('新能源')
      await page.getByTestId('demand-form-ipc').fill('H01M')
      await page.getByTestId('demand-form-budget').fill('200,000,000,000')
      const deadline = page.getByTestId('demand-form-deadline-item').locator('input')
      await deadline.fill(DEADLINE)
      await deadline.press('Enter')
      await page.getByTestId('demand-form-contact-name').fill('王工')
      await page.getByTestId('demand-form-contact-phone').fill(PHONE)
      assert.match(await page.getByTestId('demand-form-region').locator('input').inputValue(), /历下区/)
      await page.getByTestId('demand-form-title').click()
      assert.equal(await deadline.inputValue(), DEADLINE)

      // The server's limit on the budget, said on its field.
      await page.getByTestId('demand-form-submit').click()
      const budgetError = page.getByTestId('demand-form-budget-item').locator('.el-form-item__error')
      await budgetError.waitFor()
      assert.match(await text(budgetError), /^must be between/)
      assert.match(page.url(), /\/demands\/new$/)
      await shot('demands-01-budget-refused')

      await page.getByTestId('demand-form-budget').fill('500,000')
      await budgetError.waitFor({ state: 'detached' })
      await page.getByTestId('demand-form-submit').click()
      await page.waitForURL(/\/demands\/\d+$/)
      demandId = Number(new URL(page.url()).pathname.split('/').pop())
      await waitForState(page, 'draft')
      assert.equal(await text(page.getByTestId('demand-title')), TITLE)
      assert.equal(await text(page.getByTestId('demand-state')), '草稿')
      assert.equal(await text(page.getByTestId('demand-budget')), '500,000.00 元')
      assert.equal(await text(page.getByTestId('demand-deadline')), DEADLINE)
      assert.equal(await text(page.getByTestId('demand-contact-phone')), PHONE)
      assert.equal(await page.getByTestId('demand-invite').count(), 0)
      await shot('demands-02-draft')

      await page.getByTestId('demand-action-publish').click()
      await waitForState(page, 'open')
      assert.equal(await text(page.getByTestId('demand-state')), '征集中')
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="demand-event"]').length === 2)
      assert.deepEqual(
        await page.getByTestId('demand-event').evaluateAll((items) => items.map((e) => e.dataset.transition)),
        ['start', 'publish'],
      )
    }))

  it('invites the university found in the directory', () =>
    step('invite', async () => {
      await page.getByTestId('demand-invite').click()
      const dialog = page.getByTestId('invite-dialog')
      await dialog.waitFor()
      // Nothing chosen: asked to choose.
      await page.getByTestId('invite-submit').click()
      await dialog.locator('.el-form-item__error').waitFor()
      await page.getByTestId('invite-select').click()
      await page.getByTestId('invite-select').locator('input').pressSequentially('海滨理工')
      const option = page.locator('[data-testid="invite-option"]:visible', { hasText: SUPPLIER })
      await option.first().click()
      // Closes the dropdown (a click on the dialog's title), then sends.
      await dialog.locator('.el-dialog__title').click()
      await page.getByTestId('invite-submit').click()
      await dialog.waitFor({ state: 'hidden' })
      const row = page.locator('[data-testid="demand-invitations-table"] tr.el-table__row', { hasText: SUPPLIER })
      await row.waitFor()
      assert.equal(await text(row.getByTestId('invitation-state')), '待答复')
      await shot('demands-03-invited')
    }))

  it('is answered by the university on its invitations page', () =>
    step('answer', async () => {
      await page.context().close()
      page = await newPage(browser)
      await login(page, 'qd_uni_admin', DEMO_PASSWORD, { open: true, url: (url) => url.pathname === '/' })
      await page.goto(`${BASE}/demand-invitations`)
      const row = page.locator('[data-testid="invitations-table"] tr.el-table__row', { has: page.locator(`[data-demand-id="${demandId}"]`) })
      await row.waitFor()
      assert.equal(await text(row.getByTestId('invitations-row-demand')), TITLE)
      assert.equal(await text(row.getByTestId('invitations-row-state')), '待答复')
      await shot('demands-04-received')

      await row.getByTestId('invitations-interested').click()
      await page.getByTestId('response-dialog').waitFor()
      await page.getByTestId('response-message').fill(MESSAGE)
      await page.getByTestId('response-submit').click()
      await page.getByTestId('response-dialog').waitFor({ state: 'hidden' })
      await row.getByTestId('invitation-answer').waitFor()
      assert.equal(await text(row.getByTestId('invitation-answer')), '有意向')
      assert.equal(await text(row.getByTestId('invitations-row-state')), '按时答复')
      assert.equal(await row.getByTestId('invitations-interested').count(), 0)

      // The pending filter no longer holds it.
      await page.getByTestId('invitations-filter-pending').click()
      await page.waitForURL(/[?&]state=pending/)
      await page.getByTestId('invitations-table').locator('.el-table__empty-text, tr.el-table__row').first().waitFor()
      await page.waitForFunction((id) => !document.querySelector(`[data-testid="invitations-row"][data-demand-id="${id}"]`), demandId)
      await shot('demands-05-answered')
    }))

  it('shows the answer to the poster', () =>
    step('poster', async () => {
      await page.context().close()
      page = await newPage(browser)
      await login(page, 'lx_ent_admin', DEMO_PASSWORD, { open: true, url: (url) => url.pathname === '/' })
      await page.goto(`${BASE}/demands/${demandId}`)
      const row = page.locator('[data-testid="demand-invitations-table"] tr.el-table__row', { hasText: SUPPLIER })
      await row.waitFor()
      assert.equal(await text(row.getByTestId('invitation-answer')), '有意向')
      assert.equal(await text(row.getByTestId('invitation-message')), MESSAGE)
      assert.equal(await text(row.getByTestId('invitation-state')), '按时答复')
      await shot('demands-06-poster-sees-answer')

      // Their own demands, in any state, under 我的需求.
      await page.getByTestId('demand-back').click()
      await page.getByTestId('demands-tab-mine').click()
      await page.waitForURL(/[?&]tab=mine/)
      const mine = page.locator('[data-testid="demands-table"] tr.el-table__row', { has: page.locator(`[data-demand-id="${demandId}"]`) })
      await mine.waitFor()
      assert.equal(await text(mine.getByTestId('demands-row-state')), '征集中')

      // A draft whose deadline has passed: publishing is disabled, the failed check its tooltip.
      const enterprise = await apiLogin('lx_ent_admin')
      const late = await call(enterprise, 'POST', '/demands', {
        title: `${TITLE}（已过期）`,
        problem: '截止日期已过的草稿',
        industry: '新能源',
        budget_fen: null,
        deadline: '2020-01-01',
      })
      assert.equal(late.status, 201, late.text)
      await page.goto(`${BASE}/demands/${late.json.id}`)
      const publish = page.getByTestId('demand-action-publish')
      await publish.waitFor()
      assert.equal(await publish.isDisabled(), true)
      assert.match(await publish.getAttribute('data-blocked-by'), /^deadline_ahead: /)
      await page.getByTestId('demand-action-publish-wrap').hover()
      await page.locator('.el-popper:visible', { hasText: 'deadline_ahead' }).waitFor()
      await shot('demands-07a-deadline-passed')
    }))

  it('counts the answer in the response times the official sees', () =>
    step('times', async () => {
      await page.context().close()
      page = await newPage(browser)
      await login(page, 'qd_official', DEMO_PASSWORD, { open: true, url: (url) => url.pathname === '/' })
      await page.goto(`${BASE}/demand-response-times`)
      const row = page.locator('[data-testid="times-table"] tr.el-table__row', { has: page.locator(`[data-supplier-id="${supplierId}"]`) })
      await row.waitFor()
      assert.equal(await text(row.getByTestId('times-row-supplier')), SUPPLIER)
      assert.equal(await text(row.getByTestId('times-row-answered')), String(answeredBefore + 1))
      assert.notEqual(await text(row.getByTestId('times-row-median')), '—')
      await shot('demands-07-response-times')
    }))

  it('is found by a visitor, with the contact hidden', () =>
    step('visitor', async () => {
      await page.context().close()
      page = await newPage(browser)
      await page.goto(`${BASE}/demands`)
      await page.getByTestId('demands-table').waitFor()
      assert.equal(await page.getByTestId('demands-tab-mine').count(), 0)
      assert.equal(await page.getByTestId('demands-create').count(), 0)
      await page.getByTestId('demands-q').fill(TITLE)
      await page.getByTestId('demands-q').press('Enter')
      await page.waitForURL((url) => url.searchParams.get('q') === TITLE)
      await page.waitForFunction(
        (id) =>
          document.querySelectorAll('[data-testid="demands-row"]').length === 1 &&
          document.querySelector('[data-testid="demands-row"]')?.dataset.demandId === String(id),
        demandId,
      )
      const row = page.locator('[data-testid="demands-table"] tr.el-table__row').first()
      assert.equal(await text(row.getByTestId('demands-row-problem')), PROBLEM.split('\n')[0])
      assert.equal(await text(row.getByTestId('demands-row-budget')), '500,000.00 元')
      assert.equal(await text(row.getByTestId('demands-row-deadline')), DEADLINE)
      assert.equal(await text(row.getByTestId('demands-row-industry')), '新能源')
      await shot('demands-08-visitor-list')

      await row.getByTestId('demands-row-title').click()
      await page.waitForURL(new RegExp(`/demands/${demandId}$`))
      await page.getByTestId('demand-contact-hidden').waitFor()
      assert.equal(await page.getByTestId('demand-contact-phone').count(), 0)
      assert.equal(await page.getByTestId('demand-invitations').count(), 0)
      assert.equal(await page.getByTestId('demand-no-actions').count(), 1)
      await shot('demands-09-visitor-detail')
    }))
})
