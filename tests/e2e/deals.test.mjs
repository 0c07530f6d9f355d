// End-to-end test of the deal room (交易洽谈, issue #6 §5, §9): sz_ent_admin (济南舜耕新材料科技有限公司,
// an enterprise) has an open demand for low-power ocean-buoy monitoring, finds the demo's
// published exclusive-licence listing of CN119999004B (held by 青岛海滨理工大学) among its matches
// with the reason that it is listed, opens it and starts a deal with a message and the demand; qd_uni_admin (the
// university) finds it under /deals, responds, writes and makes an offer, and sees no "accept" on
// its own offer; sz_ent_admin counters; qd_uni_admin accepts the counter-offer. Both sides see
// the deal agreed with the agreed price and the contract; the contract PDF downloads (it starts
// with %PDF and is more than a few bytes). sz_ent_admin files the recordal with its number; then
// the office's EE01 licence recordal naming the enterprise as 受让人 arrives by an import of the
// patent (as sd_official over the API), and the deal page shows it recorded and closed within
// seconds (the platform fires record and close itself). The history holds every step.
//
//   IPHUB_E2E_URL=http://127.0.0.1:18080 node --test tests/e2e/deals.test.mjs
//
// Needs a running iphub server with the demo accounts and the demo market (`iphub demo
// --market`) serving web/dist, and Debian's Chromium at /usr/bin/chromium (override with
// IPHUB_E2E_CHROMIUM). Screenshots go to build/e2e-screenshots/. Deals stay on the server; a
// deal of an earlier run that is still open on the listing is withdrawn over the API first (the
// server allows one running deal per buyer and listing), so the test can run again.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { BASE, DEMO_PASSWORD, SKIP, cnCheck, launchChromium, login, newPage, stepper, text, apiLogin } from './harness.mjs'

const NUMBER = 'CN119999004B'
const BUYER = '济南舜耕新材料科技有限公司'
const SELLER = '青岛海滨理工大学'
const SEQ = String(Date.now() % 10_000_000).padStart(7, '0')
const FIRST_MESSAGE = `我司拟在近海养殖监测项目中实施该专利，希望洽谈独占许可。${SEQ}`
const REPLY = `欢迎洽谈，我校可提供样机与技术培训。${SEQ}`
const OFFER_TYPED = '150,000'
const OFFER_SHOWN = '150,000.00 元'
const OFFER_TERMS = '独占许可五年，许可地域山东省'
const COUNTER_TYPED = '120,000'
const COUNTER_SHOWN = '120,000.00 元'
const COUNTER_TERMS = '独占许可五年，分两期支付'
/** Each run's own number: an import of the same record again changes nothing, and so records nothing. */
const RECORDAL = `X2026370${SEQ}123`

/** Today in China Standard Time, YYYY-MM-DD (the recordal event must not lie before the agreement). */
function shanghaiToday() {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
}

async function call(session, method, path, { body, raw, contentType = 'application/json' } = {}) {
  const r = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: { ...(session ? { Cookie: session.cookie, 'X-CSRF-Token': session.csrf } : {}), 'Content-Type': contentType },
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

/** The demo's CN119999004B as `iphub demo --market` made it, with `events` as its legal events. */
function demoPatent(events) {
  const digits = '202119999004'
  return {
    publication_number: NUMBER,
    country: 'CN',
    doc_number: '119999004',
    kind: 'B',
    type: 'cn_invention_grant',
    application_number: `${digits}.${cnCheck(digits)}`,
    application_date: '2021-04-12',
    publication_date: '2023-08-15',
    grant_date: '2023-08-15',
    language: 'zh',
    title: '一种海洋监测浮标的低功耗数据采集系统',
    abstract: '本发明公开了一种海洋监测浮标的低功耗数据采集系统，适用于近海环境监测、海洋牧场水质监测。',
    applicants: [{ name: SELLER, country: 'CN', region_code: '370202' }],
    ipc: [{ symbol: 'G01C 13/00' }],
    ipc_main: 'G01C 13/00',
    legal_events: events,
  }
}

/**
 * The office's EE01 recordal of an exclusive licence from the university to the enterprise,
 * dated today, arriving by an import of the patent as sd_official (the platform then records
 * and closes the deal whose recordal it is).
 */
async function importRecordal(number) {
  const official = await apiLogin('sd_official')
  const event = {
    code: 'EE01',
    date: shanghaiToday(),
    text: `专利实施许可合同备案的生效 合同备案号：${number} 让与人：${SELLER} 受让人：${BUYER} 许可种类：独占许可`,
  }
  const imported = await call(official, 'POST', `/patent-imports?filename=deals-e2e-${number}.jsonl`, {
    raw: JSON.stringify(demoPatent([event])) + '\n',
    contentType: 'application/octet-stream',
  })
  assert.equal(imported.status, 200, imported.text)
  assert.equal(imported.json.counts.rejected, 0, imported.text)
}

const stateOf = (page) => page.getByTestId('deal-state').getAttribute('data-state')

async function waitForState(page, state) {
  await page.waitForFunction((want) => document.querySelector('[data-testid="deal-state"]')?.dataset.state === want, state)
}

/** The timeline's entries as { type, side, standing, status, text }. */
async function entries(page) {
  return page.getByTestId('deal-entry').evaluateAll((nodes) =>
    nodes.map((n) => ({
      type: n.dataset.type,
      side: n.dataset.side,
      standing: n.dataset.standing === 'true',
      status: n.dataset.status ?? null,
      text: n.textContent ?? '',
    })),
  )
}

/** Confirms an Element Plus message box. */
async function confirmBox(page) {
  await page.locator('.el-message-box__btns .el-button--primary').click()
}

describe('deal room', { skip: SKIP }, () => {
  let browser
  /** sz_ent_admin (the buyer) and qd_uni_admin (the seller), each in its own browser context. */
  let buyerPage
  let sellerPage
  let current
  let listingId
  let dealId

  before(async () => {
    browser = await launchChromium()
    buyerPage = await newPage(browser, { acceptDownloads: true })
    sellerPage = await newPage(browser)
    current = buyerPage
    const found = await call(null, 'GET', `/listings?q=${NUMBER}&page=1&size=50`)
    assert.equal(found.status, 200, found.text)
    const listing = found.json.items.find((l) => l.publication_number === NUMBER && l.workflow.state === 'published')
    assert.ok(listing, `the demo market has a published listing of ${NUMBER} (iphub demo --market): ${found.text}`)
    assert.equal(listing.kind, 'exclusive_licence')
    listingId = listing.id
    // One running deal per buyer and listing: withdraw what an earlier run left open.
    const buyer = await apiLogin('sz_ent_admin')
    const mine = await call(buyer, 'GET', '/deals?scope=mine&page=1&size=100')
    assert.equal(mine.status, 200, mine.text)
    for (const deal of mine.json.items) {
      if (deal.listing_id !== listingId) continue
      if (['inquiry', 'negotiating', 'agreed'].includes(deal.state)) {
        const withdrawn = await call(buyer, 'POST', `/deals/${deal.id}/transitions`, {
          body: { transition: 'withdraw', reason: 'e2e: an earlier run left it open' },
        })
        assert.equal(withdrawn.status, 200, withdrawn.text)
      } else if (deal.state === 'recordal_filed') {
        // A run that stopped after filing: its recordal arrives now, which closes it.
        await importRecordal(`${deal.recordal_number}0`)
        const started = Date.now()
        while ((await call(buyer, 'GET', `/deals/${deal.id}`)).json.state !== 'closed') {
          if (Date.now() - started > 15_000) assert.fail(`deal ${deal.id} of an earlier run stays recordal_filed`)
          await new Promise((resolve) => setTimeout(resolve, 500))
        }
      }
    }
  })

  after(() => browser?.close())

  const { shot, step } = stepper(() => current, 'deals-')

  it('the enterprise sees the listing among its demand\'s matches and starts a deal', async () => {
    current = buyerPage
    await step('start', async () => {
      // The need, posted and published over the API (the demand pages have their own test).
      const buyer = await apiLogin('sz_ent_admin')
      const demand = await call(buyer, 'POST', '/demands', {
        body: {
          title: `寻求海洋监测浮标低功耗数据采集方案 ${SEQ}`,
          problem: '近海养殖区的监测浮标电池续航不足，需要低功耗的数据采集与传输系统。',
          industry: '海洋装备', ipc: 'G01C', budget_fen: 30_000_000, deadline: '2099-12-31',
        },
      })
      assert.equal(demand.status, 201, demand.text)
      const published = await call(buyer, 'POST', `/demands/${demand.json.id}/transitions`, { body: { transition: 'publish' } })
      assert.equal(published.status, 200, published.text)
      await login(buyerPage, 'sz_ent_admin', DEMO_PASSWORD, { open: true })
      await buyerPage.goto(`${BASE}/demands/${demand.json.id}`)
      const match = buyerPage.locator(`[data-testid="match"][data-number="${NUMBER}"]`)
      await match.waitFor()
      assert.equal(await match.getAttribute('data-listed'), 'true')
      await shot('deals-demand-match')
      await match.getByTestId('match-listing-link').click()
      await buyerPage.waitForURL(new RegExp(`/market/listings/${listingId}$`))
      await buyerPage.getByTestId('listing-holder').waitFor()
      assert.equal(await text(buyerPage.getByTestId('listing-holder')), SELLER)
      await buyerPage.getByTestId('listing-start-deal').click()
      const dialog = buyerPage.getByTestId('start-deal-dialog')
      await dialog.waitFor()
      // An empty message is refused here, before the server.
      await buyerPage.getByTestId('start-deal-submit').click()
      await dialog.getByText('请填写内容').waitFor()
      await buyerPage.getByTestId('start-deal-message').fill(FIRST_MESSAGE)
      await buyerPage.getByTestId('start-deal-demand').click()
      await buyerPage.locator('[data-testid="start-deal-demand-option"]', { hasText: SEQ }).click()
      await buyerPage.getByTestId('start-deal-submit').click()
      await buyerPage.waitForURL(/\/deals\/\d+$/)
      dealId = Number(new URL(buyerPage.url()).pathname.split('/').pop())
      const opened = await call(await apiLogin('sz_ent_admin'), 'GET', `/deals/${dealId}`)
      assert.ok(opened.json.demand_id, `the deal answers the demand: ${opened.text}`)
      await waitForState(buyerPage, 'inquiry')
      assert.equal(await buyerPage.getByTestId('deal-side').getAttribute('data-side'), 'buyer')
      assert.ok((await text(buyerPage.getByTestId('deal-patent'))).includes('119999004'))
      assert.equal(await text(buyerPage.getByTestId('deal-seller')), SELLER)
      assert.equal(await text(buyerPage.getByTestId('deal-buyer')), BUYER)
      assert.equal(await text(buyerPage.getByTestId('deal-asking-price')), '面议')
      const [first] = await entries(buyerPage)
      assert.equal(first.type, 'message')
      assert.equal(first.side, 'buyer')
      assert.ok(first.text.includes(FIRST_MESSAGE), first.text)
      // Offers wait for the seller's response; the buyer cannot respond itself.
      await buyerPage.getByTestId('deal-offer-later').waitFor()
      assert.equal(await buyerPage.getByTestId('deal-action-respond').count(), 0)
      await shot('deals-inquiry')
    })
  })

  it('the university finds the deal, responds, writes and makes an offer', async () => {
    current = sellerPage
    await step('respond', async () => {
      await login(sellerPage, 'qd_uni_admin', DEMO_PASSWORD, { open: true })
      await sellerPage.goto(`${BASE}/deals`)
      const row = sellerPage.locator(`[data-testid="deals-row"][data-deal-id="${dealId}"]`)
      await row.waitFor()
      await row.getByTestId('deals-row-title').click()
      await sellerPage.waitForURL(new RegExp(`/deals/${dealId}$`))
      await waitForState(sellerPage, 'inquiry')
      assert.equal(await sellerPage.getByTestId('deal-side').getAttribute('data-side'), 'seller')
      await sellerPage.getByTestId('deal-action-respond').click()
      await waitForState(sellerPage, 'negotiating')

      await sellerPage.getByTestId('deal-message-input').fill(REPLY)
      await sellerPage.getByTestId('deal-message-send').click()
      await sellerPage.waitForFunction((want) => document.querySelector('[data-testid="deal-timeline"]')?.textContent?.includes(want), REPLY)

      // A price that does not read is refused on its field.
      await sellerPage.getByTestId('deal-offer-price').fill('12.345')
      await sellerPage.getByTestId('deal-offer-submit').click()
      await sellerPage.getByTestId('deal-offer-form').getByText('最多两位小数').waitFor()
      await sellerPage.getByTestId('deal-offer-price').fill(OFFER_TYPED)
      await sellerPage.getByTestId('deal-offer-terms').fill(OFFER_TERMS)
      await sellerPage.getByTestId('deal-offer-submit').click()
      await sellerPage.locator('[data-testid="deal-entry"][data-standing="true"]').waitFor()
      const standing = sellerPage.locator('[data-testid="deal-entry"][data-standing="true"]')
      assert.equal(await standing.getAttribute('data-side'), 'seller')
      assert.equal(await text(standing.getByTestId('deal-entry-price')), OFFER_SHOWN)
      assert.ok((await text(standing.getByTestId('deal-entry-terms'))).includes(OFFER_TERMS))
      // One's own offer is not for oneself to accept.
      assert.equal(await sellerPage.getByTestId('deal-offer-accept').count(), 0)
      await standing.getByTestId('deal-offer-waiting').waitFor()
      const order = (await entries(sellerPage)).map((e) => `${e.type}:${e.side}`)
      assert.deepEqual(order, ['message:buyer', 'message:seller', 'offer:seller'])
      await shot('deals-offer')
    })
  })

  it('the enterprise sees the offer it may accept, and counters', async () => {
    current = buyerPage
    await step('counter', async () => {
      await buyerPage.reload()
      await waitForState(buyerPage, 'negotiating')
      const standing = buyerPage.locator('[data-testid="deal-entry"][data-standing="true"]')
      assert.equal(await standing.getAttribute('data-side'), 'seller')
      await standing.getByTestId('deal-offer-accept').waitFor()
      assert.equal(await text(buyerPage.getByTestId('deal-offer-form').locator('.offer-heading')), '还价')
      await buyerPage.getByTestId('deal-offer-price').fill(COUNTER_TYPED)
      await buyerPage.getByTestId('deal-offer-terms').fill(COUNTER_TERMS)
      await buyerPage.getByTestId('deal-offer-submit').click()
      await buyerPage.waitForFunction(
        () => document.querySelector('[data-testid="deal-entry"][data-standing="true"]')?.dataset.side === 'buyer',
      )
      const all = await entries(buyerPage)
      assert.deepEqual(
        all.filter((e) => e.type === 'offer').map((e) => [e.side, e.status, e.standing]),
        [
          ['seller', 'superseded', false],
          ['buyer', 'open', true],
        ],
      )
      assert.equal(await buyerPage.getByTestId('deal-offer-accept').count(), 0)
    })
  })

  it('the university accepts the counter-offer; both see the agreement and the contract', async () => {
    current = sellerPage
    await step('agree', async () => {
      await sellerPage.reload()
      const standing = sellerPage.locator('[data-testid="deal-entry"][data-standing="true"]')
      await standing.waitFor()
      assert.equal(await standing.getAttribute('data-side'), 'buyer')
      assert.equal(await text(standing.getByTestId('deal-entry-price')), COUNTER_SHOWN)
      await standing.getByTestId('deal-offer-accept').click()
      await confirmBox(sellerPage)
      await waitForState(sellerPage, 'agreed')
      assert.equal(await text(sellerPage.getByTestId('deal-agreed-price')), COUNTER_SHOWN)
      await sellerPage.getByTestId('deal-contract').waitFor()
      assert.ok((await text(sellerPage.getByTestId('deal-contract-title'))).length > 0)
      await shot('deals-agreed-seller')
    })
    current = buyerPage
    await step('agreed-buyer', async () => {
      await buyerPage.reload()
      await waitForState(buyerPage, 'agreed')
      assert.equal(await text(buyerPage.getByTestId('deal-agreed-price')), COUNTER_SHOWN)
      const contract = await text(buyerPage.getByTestId('deal-contract-text'))
      assert.ok(contract.includes(BUYER), 'the contract names the licensee')
      assert.ok(contract.includes(SELLER), 'the contract names the licensor')
      assert.ok(contract.includes(NUMBER) || contract.includes('119999004'), 'the contract names the patent')
      // Offers are over; messages are still welcome.
      assert.equal(await buyerPage.getByTestId('deal-offer-form').count(), 0)
      await buyerPage.getByTestId('deal-message-input').waitFor()
      await shot('deals-agreed-buyer')
    })
  })

  it('the contract PDF downloads', async () => {
    current = buyerPage
    await step('pdf', async () => {
      const [download] = await Promise.all([buyerPage.waitForEvent('download'), buyerPage.getByTestId('deal-contract-download').click()])
      assert.equal(download.suggestedFilename(), `deal-${dealId}-contract.pdf`)
      const bytes = readFileSync(await download.path())
      assert.equal(bytes.subarray(0, 4).toString('latin1'), '%PDF')
      assert.ok(bytes.length > 1000, `the PDF has ${bytes.length} bytes`)
    })
  })

  it('the enterprise files the recordal with its number', async () => {
    current = buyerPage
    await step('file-recordal', async () => {
      await buyerPage.getByTestId('deal-action-file_recordal').click()
      const dialog = buyerPage.getByTestId('recordal-dialog')
      await dialog.waitFor()
      await buyerPage.getByTestId('recordal-submit').click()
      await dialog.getByText('请填写备案号').waitFor()
      await buyerPage.getByTestId('recordal-input').fill(RECORDAL)
      await buyerPage.getByTestId('recordal-submit').click()
      await waitForState(buyerPage, 'recordal_filed')
      assert.equal(await text(buyerPage.getByTestId('deal-recordal-number')), RECORDAL)
      // Only the office's event (or the region's official) records it.
      assert.equal(await buyerPage.getByTestId('deal-action-record').count(), 0)
    })
  })

  it('the EE01 recordal arrives by import and the deal closes by itself', async () => {
    current = buyerPage
    await step('recorded', async () => {
      await importRecordal(RECORDAL)
      // The platform records and closes the deal on the import; the page shows it on a reload.
      const started = Date.now()
      for (;;) {
        await buyerPage.reload()
        await buyerPage.getByTestId('deal-state').waitFor()
        const state = await stateOf(buyerPage)
        if (state === 'closed') break
        if (Date.now() - started > 15_000) assert.fail(`the deal is still ${state} 15 s after the import`)
        await buyerPage.waitForTimeout(1000)
      }
      assert.ok((await text(buyerPage.getByTestId('deal-recorded-event'))).startsWith('EE01'))
      const transitions = await buyerPage.getByTestId('deal-event').evaluateAll((nodes) => nodes.map((n) => n.dataset.transition))
      for (const name of ['respond', 'agree', 'file_recordal', 'record', 'close']) {
        assert.ok(transitions.includes(name), `the history holds ${name}: ${transitions}`)
      }
      assert.equal(await buyerPage.getByTestId('deal-no-actions').count(), 1)
      await buyerPage.getByTestId('deal-composer-closed').waitFor()
      await shot('deals-closed')
    })
  })

  it('lists the closed deal under my deals, filtered by state', async () => {
    current = sellerPage
    await step('list', async () => {
      await sellerPage.goto(`${BASE}/deals?state=closed`)
      const row = sellerPage.locator(`[data-testid="deals-row"][data-deal-id="${dealId}"]`)
      await row.waitFor()
      const tr = sellerPage.locator('tr', { has: row })
      assert.equal(await tr.getByTestId('deals-row-state').getAttribute('data-state'), 'closed')
      assert.equal(await text(tr.getByTestId('deals-row-counterpart')), BUYER)
      assert.equal(await text(tr.getByTestId('deals-row-price')), COUNTER_SHOWN)
    })
  })
})
