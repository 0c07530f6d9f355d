// End-to-end test of the marketplace statistics page (运营交易统计): jn_official (济南市局)
// opens /market/statistics from the navigation and sees the totals of their region as
// GET /api/v1/market-statistics answers them — the demo's approved listings in 济南 among them
// — the chart by month and the table by child region; a click on a district with listings opens
// it, and the trail leads back. A member of an enterprise has no entry and is sent home.
//
//   IPHUB_E2E_URL=http://127.0.0.1:18080 node --test tests/e2e/market-stats.test.mjs
//
// Needs a running iphub server with the demo data (`iphub demo --market`) serving web/dist,
// and Debian's Chromium at /usr/bin/chromium. The numbers are checked against the API, not
// written in, since other tests add listings to the same server.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BASE, DEMO_PASSWORD, SKIP, launchChromium, login, newPage, stepper, text } from './harness.mjs'

/** GET /market-statistics as `username`. */
async function statistics(username, query = '') {
  const r = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  })
  assert.equal(r.status, 200, await r.clone().text())
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('iphub_session=')).split(';')[0]
  const answer = await fetch(`${BASE}/api/v1/market-statistics${query}`, { headers: { Cookie: cookie } })
  assert.equal(answer.status, 200, await answer.clone().text())
  return answer.json()
}

/** What a totals card shows for a count. */
const shown = (n) => n.toLocaleString('en-US')

describe('marketplace statistics', { skip: SKIP }, () => {
  let browser
  let page
  const { shot, step } = stepper(() => page, 'market-stats-')

  before(async () => {
    browser = await launchChromium()
  })

  after(async () => {
    await browser?.close()
  })

  it('an official reads the figures of their region and drills down', async () => {
    const expected = await statistics('jn_official')
    assert.equal(expected.region.code, '370100')
    // The demo approves listings in 济南 (two of its three).
    assert.ok(expected.totals.listings >= 2, JSON.stringify(expected.totals))

    page = await newPage(browser)
    await step('open', async () => {
      await login(page, 'jn_official', DEMO_PASSWORD, { open: true })
      await page.getByTestId('nav-market-statistics').click()
      await page.waitForURL(/\/market\/statistics$/)
      await page.locator('[data-testid="stats-totals"][data-region="370100"]').waitFor()
    })

    await step('totals', async () => {
      for (const key of ['listings', 'demands', 'matches', 'deals_opened', 'deals_agreed', 'deals_recorded']) {
        const value = page.getByTestId(`stats-total-${key}`).getByTestId('stats-total-value')
        assert.equal(await text(value), shown(expected.totals[key]), key)
      }
      assert.match(await text(page.getByTestId('stats-trail-370100')), /济南/)
      assert.match(await text(page.getByTestId('stats-range')), new RegExp(`${expected.from}.*${expected.to}`))
      await page.getByTestId('stats-chart').locator('svg').first().waitFor()
      await shot('market-stats')
    })

    await step('children', async () => {
      const rows = page.getByTestId('stats-child-row')
      const placed = expected.children.filter((c) => c.listings > 0)
      assert.ok(placed.length > 0, 'a district of 济南 has a listing')
      for (const child of placed) {
        const cell = page.locator(`[data-testid="stats-child-row"][data-code="${child.code}"]`)
        const tr = page.locator('[data-testid="stats-children"] tr.el-table__row', { has: cell })
        assert.equal(await text(tr.getByTestId('stats-child-listings')), String(child.listings), child.name)
      }
      assert.ok((await rows.count()) >= placed.length)

      // A click on the district opens it; its figures are the API's for it.
      const child = placed[0]
      const below = await statistics('jn_official', `?region=${child.code}`)
      await page.locator(`[data-testid="stats-child-row"][data-code="${child.code}"]`).click()
      await page.waitForURL(new RegExp(`region=${child.code}`))
      await page.locator(`[data-testid="stats-totals"][data-region="${child.code}"]`).waitFor()
      const listings = page.getByTestId('stats-total-listings').getByTestId('stats-total-value')
      assert.equal(await text(listings), shown(below.totals.listings))
      assert.equal(below.totals.listings, child.listings)

      // The trail leads back up to the official's own region, not above it.
      assert.equal(await page.getByTestId('stats-trail-370000').count(), 0)
      await page.getByTestId('stats-trail-370100').click()
      await page.locator('[data-testid="stats-totals"][data-region="370100"]').waitFor()
    })

    await step('english', async () => {
      await page.getByTestId('lang-switch').click()
      await page.getByText('Listings published').first().waitFor()
    })
    await page.context().close()
  })

  it('an enterprise member has no statistics page', async () => {
    page = await newPage(browser)
    await step('member', async () => {
      await login(page, 'lx_ent_admin', DEMO_PASSWORD, { open: true })
      assert.equal(await page.getByTestId('nav-market-statistics').count(), 0)
      await page.goto(`${BASE}/market/statistics`)
      await page.waitForURL((url) => !url.pathname.startsWith('/market/statistics'))
    })
    await page.context().close()
  })
})
