// End-to-end test of supply–demand matching (供需匹配): sz_ent_admin posts a demand about a
// low-power data acquisition system for ocean monitoring buoys in the form and publishes it; the
// demand's 匹配结果 card then ranks the demo listing CN119999004B (青岛海滨理工大学's
// 一种海洋监测浮标的低功耗数据采集系统, listed as an exclusive licence, negotiable, TRL 5) with its
// score, a 已挂牌 tag and the reasons in words, 已挂牌：独占许可，面议，TRL 5 among them; the poster
// matches again with the refresh button, opens the patent (whose 需求匹配 card lists the
// demand back) and its listing. qd_uni_admin of the university, the patent's holder, sees the
// unread count on the 市场消息 entry of the navigation, finds the new-match notice on
// /market/notices, opens the demand from it, and the notice is read. The card reads in English
// too.
//
//   IPHUB_E2E_URL=http://127.0.0.1:18080 node --test tests/e2e/matching.test.mjs
//
// Needs a running iphub server with the demo accounts and market (`iphub demo --market`) serving
// web/dist, and Debian's Chromium at /usr/bin/chromium (override with IPHUB_E2E_CHROMIUM).
// Screenshots go to build/e2e-screenshots/. Demands stay on the server; each run posts its own
// (its title from the time the run started), so the test can run more than once on one server.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BASE, DEMO_PASSWORD, SKIP, launchChromium, login, newPage, stepper, text, apiLogin } from './harness.mjs'

const SEQ = String(Date.now() % 10_000_000).padStart(7, '0')
const TITLE = `海洋监测浮标低功耗数据采集需求${SEQ}`
const PROBLEM =
  '近海海洋监测浮标靠电池供电，现有数据采集系统功耗高，续航不足三个月。\n希望找到低功耗的数据采集方案，适用于近海环境监测和海洋牧场水质监测。'
const NUMBER = 'CN119999004B'
const PATENT_TITLE = '一种海洋监测浮标的低功耗数据采集系统'
const LISTED_REASON = '已挂牌：独占许可，面议，TRL 5'
/** The names of the notice kinds (`match` is the contract's first name for both sides). */
const NOTICE_KINDS = { patent_match: '专利匹配到需求', demand_match: '需求有新匹配', match: '新匹配' }
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

/** Waits until `probe()` returns something truthy (asking every 250 ms, for at most 15 s). */
async function eventually(what, probe) {
  const started = Date.now()
  for (;;) {
    const found = await probe()
    if (found) return found
    if (Date.now() - started > 15_000) throw new Error(`not within 15 s: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

async function waitForState(page, state) {
  await page.waitForFunction((want) => document.querySelector('[data-testid="demand-state"]')?.dataset.state === want, state)
}

describe('supply–demand matching', { skip: SKIP }, () => {
  let browser
  let page
  let demandId
  let listingId

  before(async () => {
    browser = await launchChromium()
    page = await newPage(browser)
    // The demo market's listing of the buoy patent (`iphub demo --market`), published.
    const listings = await fetch(`${BASE}/api/v1/listings?q=${encodeURIComponent(PATENT_TITLE)}&page=1&size=20`)
    assert.equal(listings.status, 200, await listings.clone().text())
    const listing = (await listings.json()).items.find((l) => l.publication_number === NUMBER)
    assert.ok(listing, `the demo listing of ${NUMBER} is published (iphub demo --market)`)
    listingId = listing.id
  })

  after(() => browser?.close())

  const { shot, step } = stepper(() => page)

  it('posts and publishes a demand, and sees the listed patent among its matches with the reasons', () =>
    step('post', async () => {
      await login(page, 'sz_ent_admin', DEMO_PASSWORD, { open: true, url: (url) => url.pathname === '/' })
      await page.goto(`${BASE}/demands/new`)
      await page.getByTestId('demand-form-title').fill(TITLE)
      await page.getByTestId('demand-form-problem').fill(PROBLEM)
      await page.getByTestId('demand-form-industry').fill('海洋装备')
      await page.getByTestId('demand-form-ipc').fill('G01C')
      await page.getByTestId('demand-form-budget').fill('800,000')
      const deadline = page.getByTestId('demand-form-deadline-item').locator('input')
      await deadline.fill(DEADLINE)
      await deadline.press('Enter')
      await page.getByTestId('demand-form-title').click()
      await page.getByTestId('demand-form-submit').click()
      await page.waitForURL(/\/demands\/\d+$/)
      demandId = Number(new URL(page.url()).pathname.split('/').pop())
      await waitForState(page, 'draft')
      // No matches for a draft.
      assert.equal(await page.getByTestId('demand-matches').count(), 0)

      await page.getByTestId('demand-action-publish').click()
      await waitForState(page, 'open')

      const card = page.getByTestId('demand-matches')
      await card.waitFor()
      await page.waitForFunction(() => document.querySelector('[data-testid="demand-matches"]')?.dataset.loaded === 'true')
      assert.equal(await page.getByTestId('demand-matches-error').count(), 0)
      const match = page.locator(`[data-testid="match"][data-number="${NUMBER}"]`)
      await match.waitFor()
      assert.equal(await text(match.getByTestId('match-title')), PATENT_TITLE)
      assert.equal(await match.getAttribute('data-listed'), 'true')
      assert.equal(await text(match.getByTestId('match-listed')), '已挂牌 · 独占许可 · 面议 · TRL 5')
      const score = Number(await text(match.getByTestId('match-score')))
      assert.ok(score > 0 && score <= 100, `score ${score}`)
      const reasons = await match.getByTestId('match-reason').evaluateAll((items) => items.map((e) => [e.dataset.code, e.textContent.trim()]))
      assert.ok(
        reasons.some(([code, sentence]) => code === 'listed' && sentence === LISTED_REASON),
        JSON.stringify(reasons),
      )
      // Every reason is worded, none left as the server's English.
      for (const [code, sentence] of reasons) assert.match(sentence, /[\u4e00-\u9fff]/, `${code}: ${sentence}`)
      // Ranked best first.
      const scores = await page.getByTestId('match-score').evaluateAll((items) => items.map((e) => Number(e.textContent)))
      assert.deepEqual(scores, [...scores].sort((a, b) => b - a))
      await match.scrollIntoViewIfNeeded()
      await shot('matching-01-matches')

      // The poster matches again; the patent is still there.
      await page.getByTestId('demand-matches-refresh').click()
      await page.locator('.el-message--success', { hasText: '已重新匹配' }).waitFor()
      await match.waitFor()
    }))

  it('opens the matched patent, which lists the demand back, and its listing', () =>
    step('open', async () => {
      const match = page.locator(`[data-testid="match"][data-number="${NUMBER}"]`)
      await match.getByTestId('match-title').click()
      await page.waitForURL((url) => url.pathname === `/patents/${NUMBER}`)
      const back = page.locator(`[data-testid="patent-demand-match"][data-demand-id="${demandId}"]`)
      await back.waitFor()
      assert.equal(await text(back.getByTestId('patent-demand-title')), TITLE)
      await back.scrollIntoViewIfNeeded()
      await shot('matching-02-patent-demands')

      await page.goBack()
      await page.waitForURL(new RegExp(`/demands/${demandId}$`))
      const again = page.locator(`[data-testid="match"][data-number="${NUMBER}"]`)
      await again.getByTestId('match-listing-link').click()
      await page.waitForURL((url) => url.pathname === `/market/listings/${listingId}`)
      await shot('matching-03-listing')
    }))

  it('tells the patent’s holder in its market notices', () =>
    step('notice', async () => {
      // The notice may be written after the matches were answered: wait for it over the API.
      const university = await apiLogin('qd_uni_admin')
      const notice = await eventually('the new-match notice reaches the university', async () => {
        const r = await call(university, 'GET', '/market-notices?unread=1')
        assert.equal(r.status, 200, r.text)
        return r.json.items.find((n) => n.demand_id === demandId && n.publication_number === NUMBER)
      })

      await page.context().close()
      page = await newPage(browser)
      await login(page, 'qd_uni_admin', DEMO_PASSWORD, { open: true, url: (url) => url.pathname === '/' })
      const badge = page.getByTestId('nav-market-notices-badge')
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="nav-market-notices-badge"]')?.dataset.unread) > 0)
      const unreadBefore = Number(await badge.getAttribute('data-unread'))
      await page.getByTestId('nav-market-notices').click()
      await page.waitForURL((url) => url.pathname === '/market/notices')
      const row = page.locator(`[data-testid="notice"][data-id="${notice.id}"]`)
      await row.waitFor()
      assert.equal(await row.getAttribute('data-read'), 'false')
      assert.equal(await text(row.getByTestId('notice-demand')), TITLE)
      assert.equal(await text(row.getByTestId('notice-title')), PATENT_TITLE)
      // The holder's side of the match (patent_match; the poster gets a demand_match notice).
      assert.equal(await text(row.getByTestId('notice-kind')), NOTICE_KINDS[notice.kind])
      assert.equal(await row.getByTestId('notice-open-listing').count(), 1)
      await shot('matching-04-notices')

      await row.getByTestId('notice-open-demand').click()
      await page.waitForURL(new RegExp(`/demands/${demandId}$`))
      assert.equal(await text(page.getByTestId('demand-title')), TITLE)
      await page.waitForFunction(
        (before) => Number(document.querySelector('[data-testid="nav-market-notices-badge"]')?.dataset.unread) === before - 1,
        unreadBefore,
      )
      // Read now: under 全部, not under 未读.
      await page.goto(`${BASE}/market/notices?filter=all`)
      await row.waitFor()
      assert.equal(await row.getAttribute('data-read'), 'true')
      await page.goto(`${BASE}/market/notices`)
      await page.locator('[data-testid="notice-list"][data-loaded="true"]').waitFor({ state: 'attached' })
      assert.equal(await row.count(), 0)
    }))

  it('reads the matches in English', () =>
    step('english', async () => {
      await page.goto(`${BASE}/demands/${demandId}`)
      await page.getByTestId('lang-switch').click()
      const match = page.locator(`[data-testid="match"][data-number="${NUMBER}"]`)
      await match.waitFor()
      await page.waitForFunction(() => document.querySelector('[data-testid="match-listed"]')?.textContent?.includes('Listed'))
      assert.equal(await text(match.getByTestId('match-listed')), 'Listed · Exclusive licence · Negotiable · TRL 5')
      const reasons = await match.getByTestId('match-reason').evaluateAll((items) => items.map((e) => e.textContent.trim()))
      assert.ok(reasons.includes('Listed: Exclusive licence, Negotiable, TRL 5'), JSON.stringify(reasons))
      await shot('matching-05-english')
    }))
})
