// End-to-end test of the high-value invention patents (高价值发明专利): sd_official (山东省局)
// opens the statistics page from the navigation and reads the province's valid and high-value
// invention patents and the indicator per 10,000 people as GET /api/v1/stats/high-value answers
// them ("no population loaded" when the demo has none), the child cities in the table, the bar
// chart, the unplaced patents and the rules (the pledge threshold in yuan, flagged unverified);
// a click on 济南市 drills down and the trail leads back. jn_official starts at 济南 and cannot
// climb above it; an enterprise member has no entry and is sent home. On a patent page the
// high-value card of a demo patent filed more than ten years ago lists the five categories with
// "maintained over 10 years" met (the demo loads no SEI concordance, awards or pledges); an
// earlier as_of day changes the answer as the API does; a utility model is explained as out of
// scope; the card reads in English.
//
//   IPHUB_E2E_URL=http://127.0.0.1:18080 node --test tests/e2e/high_value.test.mjs
//
// Needs a running iphub server with the demo data (`iphub demo --patents 2000`) serving
// web/dist, and Debian's Chromium at /usr/bin/chromium. Every number is read from the API in the
// same test, not written in.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BASE, DEMO_PASSWORD, SKIP, launchChromium, login, newPage, stepper, text } from './harness.mjs'

/** GET `path` as `username` (a demo account), answered 200. */
async function getAs(username, path) {
  const r = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  })
  assert.equal(r.status, 200, await r.clone().text())
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('iphub_session=')).split(';')[0]
  const answer = await fetch(`${BASE}/api/v1${path}`, { headers: { Cookie: cookie } })
  assert.equal(answer.status, 200, await answer.clone().text())
  return answer.json()
}

/** What the page shows for a count. */
const shown = (n) => n.toLocaleString('en-US')

/** Integer fen as yuan with two decimals and separators, in integers (as lib/money.ts does). */
function yuan(fen) {
  const whole = BigInt(fen) / 100n
  const cents = (BigInt(fen) % 100n).toString().padStart(2, '0')
  return `${whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`
}

/** A YYYY-MM-DD day `years` years before `day`. */
function yearsBefore(day, years) {
  return `${Number(day.slice(0, 4)) - years}${day.slice(4)}`
}

/**
 * Demo documents of a type whose legal status is `status`, newest first, over the public list;
 * `filter` picks among them.
 */
async function demoPatents(type, status, filter = () => true, wanted = 20) {
  const found = []
  for (let page = 1; page <= 30 && found.length < wanted; page++) {
    const list = await (await fetch(`${BASE}/api/v1/patents?size=100&page=${page}`)).json()
    if (!list.items?.length) break
    for (const item of list.items) if (item.type === type && item.legal_status === status && filter(item)) found.push(item)
  }
  return found
}

/** GET /patents/{number}/high-value (public). */
async function highValueOf(number, asOf) {
  const r = await fetch(`${BASE}/api/v1/patents/${encodeURIComponent(number)}/high-value${asOf ? `?as_of=${asOf}` : ''}`)
  assert.equal(r.status, 200, await r.clone().text())
  return r.json()
}

describe('high-value invention patents', { skip: SKIP }, () => {
  let browser
  let page
  const { shot, step } = stepper(() => page, 'high-value-')

  before(async () => {
    browser = await launchChromium()
  })

  after(async () => {
    await browser?.close()
  })

  /** The headline's figure in the card with test id `testId`. */
  const headline = (testId) => page.getByTestId(testId).getByTestId('hv-value')

  /** Checks the headline, the table and the unplaced line against an API answer. */
  async function assertShows(expected) {
    await page.locator(`[data-testid="hv-headline"][data-region="${expected.region.code}"]`).waitFor()
    assert.equal(await text(headline('hv-valid')), shown(expected.region.valid_inventions))
    assert.equal(await text(headline('hv-high-value')), shown(expected.region.high_value))
    const per10k = page.getByTestId('hv-per-10k')
    if (expected.region.per_10k === null) {
      await per10k.getByTestId('hv-no-population').waitFor()
    } else {
      assert.equal(await text(per10k.getByTestId('hv-value')), expected.region.per_10k)
    }
    assert.equal(await per10k.getAttribute('data-per-10k'), expected.region.per_10k ?? '')
    for (const [key, count] of Object.entries(expected.region.categories)) {
      const cell = page.locator(`[data-testid="hv-category"][data-category="${key}"]`).getByTestId('hv-category-value')
      assert.equal(await text(cell), shown(count), key)
    }
    for (const child of expected.children) {
      const cell = page.locator(`[data-testid="hv-child-row"][data-code="${child.code}"]`)
      const tr = page.locator('[data-testid="hv-children"] tr.el-table__row', { has: cell })
      assert.equal(await text(tr.getByTestId('hv-child-valid')), shown(child.valid_inventions), child.name)
      assert.equal(await text(tr.getByTestId('hv-child-high-value')), shown(child.high_value), child.name)
      assert.equal(await text(tr.getByTestId('hv-child-maintained_over_10_years')), shown(child.categories.maintained_over_10_years), child.name)
    }
    assert.equal(await page.getByTestId('hv-child-row').count(), expected.children.length)
    const unplaced = page.getByTestId('hv-unplaced')
    assert.equal(await unplaced.getAttribute('data-valid'), String(expected.unplaced.valid_inventions))
    assert.equal(await unplaced.getAttribute('data-high-value'), String(expected.unplaced.high_value))
    if (expected.unplaced.valid_inventions > 0) assert.match(await text(unplaced), new RegExp(String(expected.unplaced.valid_inventions)))
  }

  it('an official reads the indicator of their province and drills into a city', async () => {
    const province = await getAs('sd_official', '/stats/high-value')
    assert.equal(province.region.code, '370000')
    // The demo corpus has old filings: some Shandong patents are maintained over 10 years.
    assert.ok(province.region.high_value > 0, JSON.stringify(province.region))
    const jinan = province.children.find((c) => c.code === '370100')
    assert.ok(jinan, '济南市 is a child of 山东省')

    page = await newPage(browser)
    await step('open', async () => {
      await login(page, 'sd_official', DEMO_PASSWORD, { open: true })
      await page.getByTestId('nav-high-value').click()
      await page.waitForURL(/\/stats\/high-value$/)
      await assertShows(province)
      assert.match(await text(page.getByTestId('hv-trail-370000')), /山东/)
      await page.getByTestId('hv-chart').locator('svg').first().waitFor()
      await shot('high-value-stats')
    })

    await step('rules', async () => {
      const pledge = page.getByTestId('hv-rule-pledge')
      assert.ok((await text(pledge)).includes(yuan(province.rules.pledge_threshold_fen)), await text(pledge))
      assert.equal(await pledge.getAttribute('data-verified'), String(province.rules.pledge_threshold_verified))
      assert.equal(await page.getByTestId('hv-rule-unverified').count(), province.rules.pledge_threshold_verified ? 0 : 1)
      assert.match(await text(page.getByTestId('hv-rule-maintenance')), new RegExp(String(province.rules.maintenance_years)))
    })

    await step('drill', async () => {
      const city = await getAs('sd_official', '/stats/high-value?region=370100')
      assert.equal(city.region.high_value, jinan.high_value)
      await page.locator('[data-testid="hv-child-row"][data-code="370100"]').click()
      await page.waitForURL(/region=370100/)
      await assertShows(city)
      await page.getByTestId('hv-trail-370100').waitFor()
      await shot('high-value-stats-city')
      // The trail leads back up to the province.
      await page.getByTestId('hv-trail-370000').click()
      await page.waitForURL((url) => !url.search.includes('region='))
      await page.locator('[data-testid="hv-headline"][data-region="370000"]').waitFor()
    })

    await step('english', async () => {
      await page.getByTestId('lang-switch').click()
      await page.getByText('High-value invention patents per 10,000 people').first().waitFor()
    })
    await page.context().close()
  })

  it('a city official starts at the city and cannot climb above it', async () => {
    const city = await getAs('jn_official', '/stats/high-value')
    assert.equal(city.region.code, '370100')
    page = await newPage(browser)
    await step('city-official', async () => {
      await login(page, 'jn_official', DEMO_PASSWORD, { open: true })
      await page.goto(`${BASE}/stats/high-value`)
      await assertShows(city)
      assert.equal(await page.getByTestId('hv-trail-370000').count(), 0)
      // Another city is outside the official's region: the API answers 404, the page says so.
      await page.goto(`${BASE}/stats/high-value?region=370200`)
      await page.locator('[data-testid="hv-error"][data-kind="not-found"]').waitFor()
    })
    await page.context().close()
  })

  it('an enterprise member has no statistics page', async () => {
    page = await newPage(browser)
    await step('member', async () => {
      await login(page, 'lx_ent_admin', DEMO_PASSWORD, { open: true })
      assert.equal(await page.getByTestId('nav-high-value').count(), 0)
      await page.goto(`${BASE}/stats/high-value`)
      await page.waitForURL((url) => !url.pathname.startsWith('/stats/high-value'))
    })
    await page.context().close()
  })

  it('the patent page shows the five categories of a high-value patent', async () => {
    // A valid invention grant filed more than ten years ago (today as the server counts it).
    const today = (await highValueOf((await demoPatents('cn_invention_grant', 'valid', () => true, 1))[0].publication_number)).as_of
    const old = await demoPatents('cn_invention_grant', 'valid', (p) => p.application_date < yearsBefore(today, 10), 5)
    assert.ok(old.length > 0, 'the demo has a valid invention patent filed over ten years ago')
    const number = old[0].publication_number
    const answer = await highValueOf(number)
    assert.equal(answer.high_value, true, JSON.stringify(answer))
    const maintained = answer.checks.find((c) => c.id === 'maintained_over_10_years')
    assert.equal(maintained.met, true)
    // Before the tenth anniversary of filing it was not maintained over ten years.
    const earlier = yearsBefore(old[0].application_date, -9)
    const before = await highValueOf(number, earlier)

    page = await newPage(browser)
    const card = () => page.getByTestId('patent-high-value')
    await step('card', async () => {
      await page.goto(`${BASE}/patents/${number}`)
      await page.getByTestId('patent-title').waitFor()
      await card().scrollIntoViewIfNeeded()
      await page.locator('[data-testid="patent-high-value"][data-state="done"]').waitFor()
      assert.equal(await card().getAttribute('data-verdict'), 'high-value')
      assert.equal(await card().getByTestId('high-value-verdict').getAttribute('data-high-value'), 'true')
      const checks = card().getByTestId('high-value-check')
      assert.equal(await checks.count(), 5)
      const ids = await checks.evaluateAll((els) => els.map((el) => el.getAttribute('data-category')))
      assert.deepEqual(ids, answer.checks.map((c) => c.id))
      for (const check of answer.checks) {
        const li = card().locator(`[data-testid="high-value-check"][data-category="${check.id}"]`)
        assert.equal(await li.getAttribute('data-met'), String(check.met), check.id)
        assert.equal(await text(li.getByTestId('high-value-check-reason')), check.reason)
      }
      const names = await card().getByTestId('high-value-check-name').allTextContents()
      assert.deepEqual(names.map((s) => s.trim()), ['战略性新兴产业', '海外同族专利权', '维持年限超过10年', '较高质押融资金额', '获得国家科学技术奖或中国专利奖'])
      await shot('high-value-patent-card')
    })

    await step('as-of', async () => {
      // Element Plus puts the test id on the input itself or on its wrapper, by version.
      const input = card().locator('input[data-testid="high-value-as-of"], [data-testid="high-value-as-of"] input').first()
      await input.fill(earlier)
      await input.press('Enter')
      await page.locator(`[data-testid="patent-high-value"][data-state="done"] >> text=${before.as_of}`).first().waitFor()
      const verdict = before.high_value ? 'high-value' : before.valid_invention ? 'not-high-value' : null
      if (verdict) await page.locator(`[data-testid="patent-high-value"][data-verdict="${verdict}"]`).waitFor()
      const li = card().locator('[data-testid="high-value-check"][data-category="maintained_over_10_years"]')
      assert.equal(await li.getAttribute('data-met'), String(before.checks[2].met))
      assert.equal(before.checks[2].met, false)
      await card().getByTestId('high-value-today').click()
      await page.locator('[data-testid="patent-high-value"][data-verdict="high-value"]').waitFor()
    })

    await step('english', async () => {
      await page.getByTestId('lang-switch').click()
      await card().getByText('Maintained over 10 years').waitFor()
      await card().getByText('High-value invention patent', { exact: true }).first().waitFor()
    })
    await page.context().close()
  })

  it('a utility model is explained as out of scope', async () => {
    const [model] = await demoPatents('cn_utility_model', 'valid', () => true, 1)
    assert.ok(model, 'the demo has a valid utility model')
    const answer = await highValueOf(model.publication_number)
    assert.equal(answer.invention_grant, false)
    page = await newPage(browser)
    await step('utility-model', async () => {
      await page.goto(`${BASE}/patents/${model.publication_number}`)
      await page.getByTestId('patent-title').waitFor()
      await page.getByTestId('patent-high-value').scrollIntoViewIfNeeded()
      await page.locator('[data-testid="patent-high-value"][data-verdict="not-invention"]').waitFor()
      assert.match(await text(page.getByTestId('high-value-verdict-text')), /不是中国发明专利的授权文献/)
    })
    await page.context().close()
  })
})
