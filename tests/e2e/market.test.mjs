// End-to-end test of the marketplace pages (运营交易): a granted patent of lx_ent_admin's
// enterprise is imported over the API; lx_ent_admin lists it as an exclusive licence in the
// form (an unknown patent number first refused on its field), saves the draft, edits it and
// submits it from its page. A second exclusive listing of the same patent, open in another tab since
// before, is refused on submit with the no_conflict check's reason (409), and its button is
// then disabled with that reason; it is withdrawn after a confirmation. The first listing is
// under "my listings" as pending review; jn_official finds it in the review tab, is asked for
// a reason when rejecting (and cancels), and approves it: its history holds the three steps.
// A visitor then finds it on /market by its title, with kind, price and readiness, and sees
// its contact hidden and no buttons, and reads it in English too.
//
//   IPHUB_E2E_URL=http://127.0.0.1:18080 node --test tests/e2e/market.test.mjs
//
// Needs a running iphub server with the demo accounts (`iphub demo`) serving web/dist, and
// Debian's Chromium at /usr/bin/chromium (override with IPHUB_E2E_CHROMIUM). Screenshots go to
// build/e2e-screenshots/. Listings stay on the server, so each run imports its own patent
// (numbers and title from the time the run started) and can run more than once on one server.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { join } from 'node:path'
import { BASE, DEMO_PASSWORD, SHOTS, SKIP, cnCheck, launchChromium, login, newPage, pickOption, stepper, text } from './harness.mjs'

const SEQ = Date.now() % 10_000_000
const SERIAL = String(SEQ).padStart(7, '0')
const DIGITS = `20221${SERIAL}`
const NUMBER = `CN14${SERIAL}B`
const TITLE = `钠离子电池正极材料独占许可${SERIAL}`
const PRICE_TYPED = '120,000.5'
const PRICE_SHOWN = '120,000.50 元'
const PHONE = '0531-86660000'
const DESCRIPTION = '循环寿命长，低温性能好；可提供中试数据。'

/** A granted CN invention patent in force, held by `holder` (as tests/http/market.test.mjs). */
function grantedPatent(holder) {
  return {
    publication_number: NUMBER,
    country: 'CN',
    doc_number: `14${SERIAL}`,
    kind: 'B',
    type: 'cn_invention_grant',
    application_number: `${DIGITS}.${cnCheck(DIGITS)}`,
    application_date: '2022-03-10',
    publication_date: '2024-05-02',
    grant_date: '2024-05-02',
    language: 'zh',
    title: `一种钠离子电池正极材料${SERIAL}`,
    abstract: '本发明公开了一种钠离子电池正极材料。',
    applicants: [{ name: holder, country: 'CN', region_code: '370102' }],
    ipc: [{ symbol: 'H01M 4/36', version: '2006.01' }],
    ipc_main: 'H01M 4/36',
    legal_events: [],
  }
}

/** Logs in over the API: the session cookie and CSRF token. */
async function apiLogin(username) {
  const r = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  })
  assert.equal(r.status, 200, await r.clone().text())
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('iphub_session=')).split(';')[0]
  const { csrf_token: csrf } = await r.json()
  return { cookie, csrf }
}

/** Calls the API in a session; the status and the JSON answer (or text). */
async function call(session, method, path, { body, raw, contentType = 'application/json' } = {}) {
  const r = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: { Cookie: session.cookie, 'X-CSRF-Token': session.csrf, 'Content-Type': contentType },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
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

/** The workflow state a listing's page shows. */
async function shownState(page) {
  return page.getByTestId('listing-state').getAttribute('data-state')
}

async function waitForState(page, state) {
  await page.waitForFunction((want) => document.querySelector('[data-testid="listing-state"]')?.dataset.state === want, state)
}

describe('marketplace listings', { skip: SKIP }, () => {
  let browser
  let page
  let enterprise
  /** The listing made in the form, and the conflicting one made over the API. */
  let listingId
  let rivalId

  before(async () => {
    browser = await launchChromium()
    page = await newPage(browser)
    enterprise = await apiLogin('lx_ent_admin')
    const me = await call(enterprise, 'GET', '/auth/me')
    assert.equal(me.status, 200, me.text)
    const holder = me.json.user.organization_name
    assert.ok(holder, 'lx_ent_admin belongs to an organisation')
    const official = await apiLogin('jn_official')
    const jsonl = JSON.stringify(grantedPatent(holder)) + '\n'
    const imported = await call(official, 'POST', `/patent-imports?filename=market-e2e-${SERIAL}.jsonl`, {
      raw: jsonl,
      contentType: 'application/octet-stream',
    })
    assert.equal(imported.status, 200, imported.text)
    assert.equal(imported.json.counts.rejected, 0, imported.text)
  })

  after(() => browser?.close())

  const { shot, step } = stepper(() => page)

  it('creates a listing in the form, an unknown patent refused on its field', () =>
    step('create', async () => {
      await login(page, 'lx_ent_admin', DEMO_PASSWORD, { open: true, url: (url) => url.pathname === '/' })
      await page.getByTestId('nav-area-market').click()
      await page.waitForURL(/\/market$/)
      await page.getByTestId('market-create').click()
      await page.waitForURL(/\/market\/listings\/new$/)

      // What the page checks itself: the required fields.
      await page.getByTestId('listing-form-submit').click()
      const industryError = page.getByTestId('listing-form-industry-item').locator('.el-form-item__error')
      assert.equal(await text(industryError), '请填写行业')

      await page.getByTestId('listing-form-patent').fill('CN999999999B')
      await page.getByTestId('listing-form-kind').click()
      await pickOption(page, 'listing-kind-option-exclusive_licence')
      await page.getByTestId('listing-form-title').fill(TITLE)
      await page.getByTestId('listing-form-price').fill(PRICE_TYPED)
      await page.getByTestId('listing-form-terms').fill('独占许可五年，山东省内')
      await page.getByTestId('listing-form-industry').fill('新能源')
      await page.getByTestId('listing-form-trl').locator('input').fill('7')
      await page.getByTestId('listing-form-trl').locator('input').press('Tab')
      await page.getByTestId('listing-form-scenarios').fill('两轮电动车电池、储能电站')
      await page.getByTestId('listing-form-description').fill('循环寿命长，低温性能好。')
      await page.getByTestId('listing-form-contact-name').fill('李工')
      await page.getByTestId('listing-form-contact-phone').fill(PHONE)
      // The region defaults to the enterprise's own.
      assert.match(await page.getByTestId('listing-form-region').locator('input').inputValue(), /历下区/)

      // What the server checks: the patent is unknown, said on its field.
      await page.getByTestId('listing-form-submit').click()
      const patentError = page.getByTestId('listing-form-patent-item').locator('.el-form-item__error')
      await patentError.waitFor()
      const refused = await call(enterprise, 'POST', '/listings', {
        body: { patent: 'CN999999999B', kind: 'exclusive_licence', industry: '新能源', trl: 7, scenarios: '储能' },
      })
      assert.equal(refused.status, 400, refused.text)
      assert.equal(refused.json.field, 'patent')
      assert.equal(await text(patentError), refused.json.detail.replace(/^patent: /, ''))
      assert.match(page.url(), /\/market\/listings\/new$/)
      await shot('market-01-patent-refused')

      await page.getByTestId('listing-form-patent').fill(NUMBER)
      await patentError.waitFor({ state: 'detached' })
      await page.getByTestId('listing-form-submit').click()
      await page.waitForURL(/\/market\/listings\/\d+$/)
      listingId = Number(new URL(page.url()).pathname.split('/').pop())
      await waitForState(page, 'draft')
      assert.equal(await text(page.getByTestId('listing-title')), TITLE)
      assert.equal(await text(page.getByTestId('listing-state')), '草稿')
      assert.equal(await text(page.getByTestId('listing-kind')), '独占许可')
      assert.equal(await text(page.getByTestId('listing-price')), PRICE_SHOWN)
      assert.equal(await text(page.getByTestId('listing-trl')), 'TRL 7')
      assert.equal(await text(page.getByTestId('listing-contact-phone')), PHONE)
      assert.equal(await page.getByTestId('listing-patent').getAttribute('href'), `/patents/${NUMBER}`)
      assert.equal(await page.getByTestId('listing-event').count(), 1)
      assert.equal(await text(page.getByTestId('listing-action-submit')), '提交审核')
      await shot('market-02-draft')

      // The draft edited: the form holds what was saved, the price written back in yuan.
      await page.getByTestId('listing-edit').click()
      await page.waitForURL(new RegExp(`/market/listings/${listingId}/edit$`))
      await page.waitForFunction(() => document.querySelector('[data-testid="listing-form-title"]')?.value !== '')
      assert.equal(await page.getByTestId('listing-form-title').inputValue(), TITLE)
      assert.equal(await page.getByTestId('listing-form-price').inputValue(), '120,000.50')
      assert.equal(await page.getByTestId('listing-form-trl').locator('input').inputValue(), '7')
      await page.getByTestId('listing-form-description').fill(DESCRIPTION)
      await page.getByTestId('listing-form-submit').click()
      await page.waitForURL(new RegExp(`/market/listings/${listingId}$`))
      await page.waitForFunction((want) => document.querySelector('[data-testid="listing-description"]')?.textContent === want, DESCRIPTION)
      assert.equal(await text(page.getByTestId('listing-price')), PRICE_SHOWN)
    }))

  it('submits it, and a second exclusive listing is refused with the no_conflict reason', () =>
    step('conflict', async () => {
      const rival = await call(enterprise, 'POST', '/listings', {
        body: {
          patent: NUMBER,
          kind: 'exclusive_licence',
          title: `${TITLE}（二）`,
          price_fen: null,
          industry: '新能源',
          trl: 5,
          scenarios: '储能',
        },
      })
      assert.equal(rival.status, 201, rival.text)
      rivalId = rival.json.id
      // The rival's page, open since before the first listing was submitted: its button is live.
      const other = await page.context().newPage()
      await other.goto(`${BASE}/market/listings/${rivalId}`)
      await other.getByTestId('listing-action-submit').waitFor()
      assert.equal(await other.getByTestId('listing-action-submit').isEnabled(), true)

      await page.getByTestId('listing-action-submit').click()
      await waitForState(page, 'pending_review')
      assert.equal(await text(page.getByTestId('listing-state')), '待审核')
      assert.equal(await page.getByTestId('listing-action-submit').count(), 0)
      await shot('market-03-submitted')

      await other.getByTestId('listing-action-submit').click()
      const refusal = other.getByTestId('listing-action-error')
      await refusal.waitFor()
      assert.match(await text(refusal), /no_conflict/)
      assert.match(await text(refusal), /提交审核/)
      await other.screenshot({ path: join(SHOTS, 'market-04-conflict.png') })
      // Reloaded with the refusal: the button is now disabled, with the check's reason.
      const blocked = other.getByTestId('listing-action-submit')
      await other.waitForFunction(() => document.querySelector('[data-testid="listing-action-submit"]')?.disabled === true)
      assert.match(await blocked.getAttribute('data-blocked-by'), /^no_conflict: /)
      // The reason is the button's tooltip.
      await other.getByTestId('listing-action-submit-wrap').hover()
      await other.locator('.el-popper:visible', { hasText: 'no_conflict' }).waitFor()
      assert.equal(await shownState(other), 'draft')

      // Withdrawn after a confirmation.
      await other.getByTestId('listing-action-withdraw').click()
      await other.locator('.el-message-box .el-button--primary').click()
      await other.waitForFunction(() => document.querySelector('[data-testid="listing-state"]')?.dataset.state === 'withdrawn')
      assert.equal(await other.getByTestId('listing-no-actions').count(), 1)
      await other.close()
    }))

  it('lists it under my listings as pending review', () =>
    step('mine', async () => {
      await page.getByTestId('listing-back').click()
      await page.waitForURL(/\/market$/)
      await page.getByTestId('market-tab-mine').click()
      await page.waitForURL(/[?&]tab=mine/)
      const row = page.locator(`[data-testid="market-table"] tr.el-table__row`, { has: page.locator(`[data-listing-id="${listingId}"]`) })
      await row.waitFor()
      assert.equal(await text(row.getByTestId('market-row-state')), '待审核')
      assert.equal(await text(row.getByTestId('market-row-title')), TITLE)
      await shot('market-05-mine')
    }))

  it('is approved by the official from the review tab', () =>
    step('approve', async () => {
      await page.context().close()
      page = await newPage(browser)
      await login(page, 'jn_official', DEMO_PASSWORD, { open: true, url: (url) => url.pathname === '/' })
      await page.goto(`${BASE}/market`)
      await page.getByTestId('market-tab-review').click()
      await page.waitForURL(/[?&]tab=review/)
      const row = page.locator(`[data-testid="market-table"] tr.el-table__row`, { has: page.locator(`[data-listing-id="${listingId}"]`) })
      await row.waitFor()
      await shot('market-06-review')
      await row.getByTestId('market-row-title').click()
      await page.waitForURL(new RegExp(`/market/listings/${listingId}$`))
      await waitForState(page, 'pending_review')

      // Rejecting needs a reason: asked for, and cancelled.
      await page.getByTestId('listing-action-reject').click()
      await page.getByTestId('reason-submit').click()
      await page.locator('.el-dialog .el-form-item__error').waitFor()
      assert.equal(await text(page.locator('.el-dialog .el-form-item__error')), '请填写理由')
      await page.getByTestId('reason-cancel').click()
      await page.locator('.el-dialog').waitFor({ state: 'hidden' })

      await page.getByTestId('listing-action-approve').click()
      await waitForState(page, 'published')
      assert.equal(await text(page.getByTestId('listing-state')), '已发布')
      const events = page.getByTestId('listing-event')
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="listing-event"]').length === 3)
      assert.deepEqual(await events.evaluateAll((items) => items.map((e) => e.dataset.transition)), ['start', 'submit', 'approve'])
      assert.deepEqual(await page.getByTestId('listing-event-actor').allTextContents(), ['lx_ent_admin', 'lx_ent_admin', 'jn_official'])
      await shot('market-07-approved')
    }))

  it('is found by a visitor by its title, with the contact hidden', () =>
    step('visitor', async () => {
      await page.context().close()
      page = await newPage(browser)
      await page.goto(`${BASE}/market`)
      await page.getByTestId('market-table').waitFor()
      assert.equal(await page.getByTestId('market-tab-mine').count(), 0)
      await page.getByTestId('market-q').fill(TITLE)
      await page.getByTestId('market-q').press('Enter')
      await page.waitForURL((url) => url.searchParams.get('q') === TITLE)
      await page.waitForFunction(
        (id) =>
          document.querySelectorAll('[data-testid="market-row"]').length === 1 &&
          document.querySelector('[data-testid="market-row"]')?.dataset.listingId === String(id),
        listingId,
      )
      const row = page.locator('[data-testid="market-table"] tr.el-table__row').first()
      assert.equal(await text(row.getByTestId('market-row-kind')), '独占许可')
      assert.equal(await text(row.getByTestId('market-row-price')), PRICE_SHOWN)
      assert.equal(await text(row.getByTestId('market-row-trl')), 'TRL 7')
      assert.equal(await text(row.getByTestId('market-row-industry')), '新能源')
      assert.equal(await row.getByTestId('patent-link').getAttribute('href'), `/patents/${NUMBER}`)
      await shot('market-08-visitor-list')

      await row.getByTestId('market-row-title').click()
      await page.waitForURL(new RegExp(`/market/listings/${listingId}$`))
      await page.getByTestId('listing-contact-hidden').waitFor()
      assert.equal(await page.getByTestId('listing-contact-phone').count(), 0)
      assert.equal(await page.getByTestId('listing-history-hidden').count(), 1)
      assert.equal(await page.getByTestId('listing-no-actions').count(), 1)
      assert.equal(await shownState(page), 'published')
      await shot('market-09-visitor-detail')

      // In English: the kind, price and state by the language switch.
      await page.getByTestId('lang-switch').click()
      await page.waitForFunction(() => document.querySelector('[data-testid="listing-kind"]')?.textContent?.trim() === 'Exclusive licence')
      assert.equal(await text(page.getByTestId('listing-price')), 'CNY 120,000.50')
      assert.equal(await text(page.getByTestId('listing-state')), 'Published')
      await shot('market-10-visitor-english')
    }))
})
