// End-to-end test of agency listings (代理挂牌): a granted patent of lx_ent_admin's enterprise is
// imported over the API; lx_ent_admin authorises the demo IP agency for that patent on
// /market/authorisations (the agency found by a search of the organisation directory, a date
// typed into the picker); agency_attorney opens the listing form, picks the enterprise as the
// holder it acts for, creates a listing of the patent (its edit form shows the holder chosen) and
// submits it: it waits for review (待审核). lx_ent_admin then revokes the authorisation after a
// confirmation and sees it marked 已撤销; the agency sees it revoked among those it received.
//
//   IPHUB_E2E_URL=http://127.0.0.1:18080 node --test tests/e2e/market-agency.test.mjs
//
// Needs a running iphub server with the demo accounts (`iphub demo`) serving web/dist, and
// Debian's Chromium at /usr/bin/chromium (override with IPHUB_E2E_CHROMIUM). Screenshots go to
// build/e2e-screenshots/. Each run imports its own patent (number and title from the time the
// run started), so it can run more than once on one server.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BASE, DEMO_PASSWORD, SKIP, cnCheck, launchChromium, login, newPage, pickOption, stepper, text } from './harness.mjs'

const SEQ = Date.now() % 10_000_000
const SERIAL = String(SEQ).padStart(7, '0')
const DIGITS = `20231${SERIAL}`
const NUMBER = `CN15${SERIAL}B`
const TITLE = `高效光伏组件代理挂牌${SERIAL}`
const AGENCY = '山东齐鲁知识产权代理事务所（普通合伙）'
const VALID_UNTIL = '2099-12-31'

/** A granted CN invention patent in force, held by `holder` (as tests/e2e/market.test.mjs). */
function grantedPatent(holder) {
  return {
    publication_number: NUMBER,
    country: 'CN',
    doc_number: `15${SERIAL}`,
    kind: 'B',
    type: 'cn_invention_grant',
    application_number: `${DIGITS}.${cnCheck(DIGITS)}`,
    application_date: '2023-02-14',
    publication_date: '2024-09-10',
    grant_date: '2024-09-10',
    language: 'zh',
    title: `一种高效光伏组件${SERIAL}`,
    abstract: '本发明公开了一种高效光伏组件。',
    applicants: [{ name: holder, country: 'CN', region_code: '370102' }],
    ipc: [{ symbol: 'H02S 40/22', version: '2014.01' }],
    ipc_main: 'H02S 40/22',
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

/** The row of the table `tableId` holding the authorisation `id`. */
function authorisationRow(page, tableId, id) {
  return page.locator(`[data-testid="${tableId}"] tr.el-table__row`, { has: page.locator(`[data-authorisation-id="${id}"]`) })
}

describe('agency listings', { skip: SKIP }, () => {
  let browser
  /** lx_ent_admin's page (the holder) and agency_attorney's (the agency). */
  let holderPage
  let agencyPage
  let current
  let enterprise
  let holderId
  let holderName
  let agencyId
  let grantId
  let listingId

  before(async () => {
    browser = await launchChromium()
    enterprise = await apiLogin('lx_ent_admin')
    const me = await call(enterprise, 'GET', '/auth/me')
    assert.equal(me.status, 200, me.text)
    holderId = me.json.user.organization_id
    holderName = me.json.user.organization_name
    assert.ok(holderName, 'lx_ent_admin belongs to an organisation')
    const found = await call(enterprise, 'GET', `/organization-directory?type=ip_agency&q=${encodeURIComponent('齐鲁')}`)
    assert.equal(found.status, 200, found.text)
    agencyId = found.json.items.find((o) => o.name === AGENCY)?.id
    assert.ok(agencyId, found.text)
    const official = await apiLogin('jn_official')
    const imported = await call(official, 'POST', `/patent-imports?filename=market-agency-e2e-${SERIAL}.jsonl`, {
      raw: JSON.stringify(grantedPatent(holderName)) + '\n',
      contentType: 'application/octet-stream',
    })
    assert.equal(imported.status, 200, imported.text)
    assert.equal(imported.json.counts.rejected, 0, imported.text)
  })

  after(() => browser?.close())

  const { shot, step } = stepper(() => current)

  it('the holder authorises the agency for the patent', () =>
    step('agency-authorise', async () => {
      holderPage = await newPage(browser)
      current = holderPage
      const page = holderPage
      await login(page, 'lx_ent_admin', DEMO_PASSWORD, { open: true, url: (url) => url.pathname === '/' })
      await page.goto(`${BASE}/market`)
      await page.getByTestId('market-authorisations').click()
      await page.waitForURL(/\/market\/authorisations$/)
      await page.getByTestId('authorisations-given-table').waitFor()

      // Nothing chosen: the page asks for the agency and the date.
      await page.getByTestId('authorisation-form-submit').click()
      const agencyError = page.getByTestId('authorisation-form-agency-item').locator('.el-form-item__error')
      assert.equal(await text(agencyError), '请选择代理机构')
      assert.equal(await text(page.getByTestId('authorisation-form-valid-until-item').locator('.el-form-item__error')), '请选择有效期至')

      // The agency by a search of the directory.
      await page.getByTestId('authorisation-form-agency').click()
      await page.keyboard.type('齐鲁')
      await pickOption(page, `authorisation-agency-option-${agencyId}`, AGENCY)
      await agencyError.waitFor({ state: 'detached' })
      await page.getByTestId('authorisation-form-patent').fill(NUMBER)
      const date = page.getByTestId('authorisation-form-valid-until-item').locator('input')
      await date.fill(VALID_UNTIL)
      await date.press('Enter')
      await page.getByTestId('authorisation-form-valid-until-item').locator('.el-form-item__error').waitFor({ state: 'detached' })
      await page.locator('h2').click() // closes the picker
      await shot('market-agency-01-form')
      await page.getByTestId('authorisation-form-submit').click()

      const given = page.locator('[data-testid="authorisations-given-table"] tr.el-table__row', { hasText: NUMBER })
      await given.waitFor()
      grantId = Number(await given.getByTestId('authorisation-agency').getAttribute('data-authorisation-id'))
      assert.ok(grantId > 0)
      assert.equal(await text(given.getByTestId('authorisation-agency')), AGENCY)
      assert.equal(await text(given.getByTestId('authorisation-valid-until')), VALID_UNTIL)
      assert.equal(await text(given.getByTestId('authorisation-state')), '有效')
      const stored = await call(enterprise, 'GET', '/listing-authorisations')
      const grant = stored.json.items.find((g) => g.id === grantId)
      assert.deepEqual(
        [grant.holder_org_id, grant.agency_org_id, grant.publication_number, grant.valid_until, grant.revoked_at],
        [holderId, agencyId, NUMBER, VALID_UNTIL, null],
      )
      await shot('market-agency-02-given')
    }))

  it('the agency lists the patent for the holder and submits it', () =>
    step('agency-list', async () => {
      agencyPage = await newPage(browser)
      current = agencyPage
      const page = agencyPage
      await login(page, 'agency_attorney', DEMO_PASSWORD, { open: true, url: (url) => url.pathname === '/' })
      // The agency sees the authorisation among those it received.
      await page.goto(`${BASE}/market/authorisations`)
      const received = authorisationRow(page, 'authorisations-received-table', grantId)
      await received.waitFor()
      assert.equal(await text(received.getByTestId('authorisation-holder')), holderName)
      assert.equal(await text(received.getByTestId('authorisation-state')), '有效')

      await page.goto(`${BASE}/market/listings/new`)
      await page.getByTestId('listing-form-holder').waitFor()
      assert.match(await text(page.getByTestId('listing-form-holder')), /本单位/)
      await page.getByTestId('listing-form-holder').click()
      await pickOption(page, `listing-holder-option-${holderId}`, holderName)
      await page.getByTestId('listing-form-patent').fill(NUMBER)
      await page.getByTestId('listing-form-kind').click()
      await pickOption(page, 'listing-kind-option-non_exclusive_licence')
      await page.getByTestId('listing-form-title').fill(TITLE)
      await page.getByTestId('listing-form-industry').fill('新能源')
      await page.getByTestId('listing-form-trl').locator('input').fill('6')
      await page.getByTestId('listing-form-trl').locator('input').press('Tab')
      await page.getByTestId('listing-form-scenarios').fill('分布式光伏电站')
      await shot('market-agency-03-form')
      await page.getByTestId('listing-form-submit').click()
      await page.waitForURL(/\/market\/listings\/\d+$/)
      listingId = Number(new URL(page.url()).pathname.split('/').pop())
      await page.waitForFunction(() => document.querySelector('[data-testid="listing-state"]')?.dataset.state === 'draft')
      assert.equal(await text(page.getByTestId('listing-title')), TITLE)
      assert.equal(await text(page.getByTestId('listing-holder')), holderName)
      assert.equal(await text(page.getByTestId('listing-lister')), AGENCY)

      // Its edit form shows the holder chosen.
      await page.getByTestId('listing-edit').click()
      await page.waitForURL(new RegExp(`/market/listings/${listingId}/edit$`))
      await page.waitForFunction((name) => document.querySelector('[data-testid="listing-form-holder"]')?.textContent?.includes(name), holderName)
      await page.getByTestId('listing-form-back').click()
      await page.waitForURL(new RegExp(`/market/listings/${listingId}$`))

      await page.getByTestId('listing-action-submit').click()
      await page.waitForFunction(() => document.querySelector('[data-testid="listing-state"]')?.dataset.state === 'pending_review')
      assert.equal(await text(page.getByTestId('listing-state')), '待审核')
      await shot('market-agency-04-submitted')
    }))

  it('the holder revokes the authorisation', () =>
    step('agency-revoke', async () => {
      current = holderPage
      const page = holderPage
      await page.reload()
      const row = authorisationRow(page, 'authorisations-given-table', grantId)
      await row.waitFor()
      // The holder sees the agency's listing of its patent waiting for review.
      const seen = await call(enterprise, 'GET', `/listings/${listingId}`)
      assert.equal(seen.status, 200, seen.text)
      assert.equal(seen.json.workflow.state, 'pending_review')

      await row.getByTestId('authorisation-revoke').click()
      await page.locator('.el-message-box .el-button--primary').click()
      await page.waitForFunction(
        (id) =>
          document.querySelector(`[data-testid="authorisations-given-table"] [data-authorisation-id="${id}"]`)
            ?.closest('tr')
            ?.querySelector('[data-testid="authorisation-state"]')?.dataset.state === 'revoked',
        grantId,
      )
      assert.equal(await text(row.getByTestId('authorisation-state')), '已撤销')
      assert.equal(await row.getByTestId('authorisation-revoke').count(), 0)
      await shot('market-agency-05-revoked')

      // The agency sees it revoked too.
      current = agencyPage
      await agencyPage.goto(`${BASE}/market/authorisations`)
      const received = authorisationRow(agencyPage, 'authorisations-received-table', grantId)
      await received.waitFor()
      assert.equal(await text(received.getByTestId('authorisation-state')), '已撤销')
    }))
})
