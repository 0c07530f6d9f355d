// End-to-end test of the valuation card on the patent page (价值评估) and its relief-from-royalty
// calculator (收益法估值): a visitor scrolls to the card and reads the total, the grade and the
// percentile within the cohort, the three dimensions and the 17 indicators, whose shown
// contributions add up to the total; an indicator without data says what input it lacks; a
// visitor cannot open the calculator. Switching the scenario changes the weights (and the
// scenario the demo has not batched has no grade), and the card reads in English. Then a
// logged-in user meets a failed answer and tries again, and works the example of
// docs/valuation.md §6 in the calculator (1,000,000 yuan a year for three years, royalty 5 %,
// tax 25 %, discount 10 %, as of 2024-06-30, stopped at the patent's legal term, which ends
// later) and gets 93,256.96 yuan with its year-by-year table and sensitivity grid, sees a typed
// amount with three decimals refused before anything is sent, and a field the server refuses
// marked and named. Last, the user saves the weights shown as a set of their own (a sum the
// server refuses is marked on its level first), sees the card weighed by it with a changed
// total and no grade, goes back to the preset and picks the set again from the list, types
// market inputs that change the total under the preset, and deletes the set.
//
//   IPHUB_E2E_URL=http://127.0.0.1:18080 node --test tests/e2e/valuation.test.mjs
//
// Needs a running iphub server with the demo accounts and demo patents (`iphub demo --patents
// 2000`, which also runs the valuation batch of the default scenario, portfolio_grading)
// serving web/dist, and Debian's Chromium at /usr/bin/chromium (override with
// IPHUB_E2E_CHROMIUM). Screenshots go to build/e2e-screenshots/. The weight set it saves has a
// unique name and is deleted at the end (its audit entries stay), so it can run more than once.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BASE, DEMO_PASSWORD, SKIP, launchChromium, login, newPage, pickOption, stepper, text } from './harness.mjs'

/** Contributions are shown to 0.01 and the total to 0.1: how far their sum may stray. */
const ROUNDING = 17 * 0.005 + 0.05 + 1e-9

/**
 * A demo patent the batch has graded (it has a cohort) that is valid today, so the royalty
 * calculator may stop at its legal term; found over the API.
 */
async function gradedPatent() {
  const list = await (await fetch(`${BASE}/api/v1/patents?size=50`)).json()
  for (const item of list.items) {
    if (item.legal_status !== 'valid') continue
    const response = await fetch(`${BASE}/api/v1/patents/${encodeURIComponent(item.publication_number)}/valuation`)
    if (!response.ok) continue
    const valuation = await response.json()
    if (valuation.rank && valuation.expiry_date && valuation.expiry_date > '2028-01-01') return valuation
  }
  throw new Error('no graded, valid demo patent among the first 50: was the demo loaded with its valuation batch?')
}

describe('patent valuation', { skip: SKIP }, () => {
  let browser
  let page
  let patent

  before(async () => {
    patent = await gradedPatent()
    browser = await launchChromium()
    page = await newPage(browser)
  })

  after(async () => {
    await browser?.close()
  })

  const { shot, step } = stepper(() => page)

  const card = () => page.getByTestId('patent-valuation')

  /** Waits until the card shows the answer for `scenario`. */
  async function shown(scenario) {
    await page.locator(`[data-testid="patent-valuation"][data-state="done"][data-scenario="${scenario}"]`).waitFor()
  }

  /** The numbers in the texts of the cells with test id `testId` of the indicator rows. */
  async function columnNumbers(testId) {
    const texts = await card().getByTestId(testId).allTextContents()
    return texts.map((s) => Number(s.replace(/[^0-9.-]/g, '')))
  }

  /** Checks that the shown contributions add up to the shown total, to display rounding. */
  async function assertContributionsAddUp() {
    const contributions = await columnNumbers('valuation-indicator-contribution')
    assert.equal(contributions.length, 17)
    const sum = contributions.reduce((a, b) => a + b, 0)
    const total = Number(await text(card().getByTestId('valuation-total')))
    assert.ok(Number.isFinite(total) && total >= 0 && total <= 100, `total ${total}`)
    assert.ok(Math.abs(sum - total) <= ROUNDING, `contributions add up to ${sum}, the total is ${total}`)
  }

  it('shows a visitor the score, grade and percentile in the cohort, and the 17 indicators', () =>
    step('valuation-visitor', async () => {
      await page.goto(`${BASE}/patents/${patent.publication_number}`)
      await page.getByTestId('patent-title').waitFor()
      await card().scrollIntoViewIfNeeded()
      await shown('portfolio_grading')

      // The default scenario, batched by the demo: a grade and a percentile within the cohort.
      assert.match(await text(card().getByTestId('valuation-grade')), /^[A-E]$/)
      const percentile = Number(await text(card().getByTestId('valuation-percentile')))
      assert.ok(percentile >= 0 && percentile <= 100, `percentile ${percentile}`)
      const cohort = await text(card().getByTestId('valuation-cohort'))
      assert.ok(cohort.includes(patent.corpus.cohort_key), cohort)
      assert.ok(cohort.includes(String(patent.corpus.cohort_size)), cohort)
      assert.match(cohort, /^[A-H]\d\d[A-Z]\/\d{4}/)
      assert.match(await text(card().getByTestId('valuation-batch-as-of')), /\d{4}-\d{2}-\d{2}/)

      // 17 indicators in three dimensions, their contributions adding up to the total.
      assert.equal(await card().getByTestId('valuation-indicator').count(), 17)
      assert.equal(await card().getByTestId('valuation-dimension').count(), 3)
      await assertContributionsAddUp()
      const firstRow = card().locator('[data-testid="valuation-indicator"][data-id="legal.remaining_term"]')
      assert.match(await text(firstRow), /剩余保护期/)
      assert.match(await text(firstRow.getByTestId('valuation-indicator-value')), /^\d+\.\d 年$/)

      // Litigation is never in bulk data: no data, and the tooltip says what is missing.
      const litigation = card().locator('[data-testid="valuation-indicator"][data-id="legal.litigation"]')
      assert.equal(await litigation.getAttribute('data-known'), 'false')
      const noData = litigation.getByTestId('valuation-no-data')
      assert.equal(await text(noData), '无数据')
      await noData.hover()
      await page.locator('.el-popper:visible', { hasText: '诉讼案件数' }).waitFor()

      assert.match(await text(card().getByTestId('valuation-weights-note')), /本平台/)
      // A visitor is told to log in for the royalty estimate.
      await card().getByTestId('valuation-royalty-login').waitFor()
      assert.equal(await card().getByTestId('valuation-royalty-open').count(), 0)
      await shot('valuation-01-visitor')
    }))

  it('changes the weights when the scenario changes', () =>
    step('valuation-scenario', async () => {
      const weightsBefore = await card().getByTestId('valuation-indicator-weight').allTextContents()
      const dimensionsBefore = await card().getByTestId('valuation-dimension-weight').allTextContents()
      assert.deepEqual(
        dimensionsBefore.map((s) => s.replace(/[^0-9]/g, '')),
        ['34', '33', '33'],
      )

      await card().getByTestId('valuation-scenario-pledge_finance').click()
      await shown('pledge_finance')
      const weightsAfter = await card().getByTestId('valuation-indicator-weight').allTextContents()
      const dimensionsAfter = await card().getByTestId('valuation-dimension-weight').allTextContents()
      assert.notDeepEqual(weightsAfter, weightsBefore)
      // docs/valuation.md §4: pledge finance weighs legal 45 %, technical 25 %, economic 30 %.
      assert.deepEqual(
        dimensionsAfter.map((s) => s.replace(/[^0-9]/g, '')),
        ['45', '25', '30'],
      )
      const term = card().locator('[data-testid="valuation-indicator"][data-id="legal.remaining_term"]')
      assert.equal(await text(term.getByTestId('valuation-indicator-weight')), '25%')
      await assertContributionsAddUp()
      // The demo batches only the default scenario: no grade for this one.
      await card().getByTestId('valuation-not-graded').waitFor()
      assert.equal(await card().getByTestId('valuation-grade').count(), 0)
      await shot('valuation-02-pledge-finance')

      await card().getByTestId('valuation-scenario-portfolio_grading').click()
      await shown('portfolio_grading')
      assert.deepEqual(await card().getByTestId('valuation-indicator-weight').allTextContents(), weightsBefore)
      assert.match(await text(card().getByTestId('valuation-grade')), /^[A-E]$/)
    }))

  it('reads in English after the language switch', () =>
    step('valuation-english', async () => {
      await page.getByTestId('lang-switch').click()
      const term = card().locator('[data-testid="valuation-indicator"][data-id="legal.remaining_term"]')
      await term.filter({ hasText: 'Remaining term' }).waitFor()
      assert.match(await text(term.getByTestId('valuation-indicator-value')), /^\d+\.\d years$/)
      assert.equal(await text(card().getByTestId('valuation-scenario-infringement_remedy')), 'Infringement remedy')
      const litigation = card().locator('[data-testid="valuation-indicator"][data-id="legal.litigation"]')
      assert.equal(await text(litigation.getByTestId('valuation-no-data')), 'no data')
      assert.match(await text(card().getByTestId('valuation-royalty-login')), /Log in/)
      await shot('valuation-03-english')
      await page.getByTestId('lang-switch').click()
      await term.filter({ hasText: '剩余保护期' }).waitFor()
    }))

  it('lets a logged-in user value the patent by relief from royalty', () =>
    step('valuation-royalty', async () => {
      await login(page, 'lx_ent_member', DEMO_PASSWORD, { open: true })
      // The first answer fails (made up here): the card says so and tries again when asked.
      const valuationUrl = '**/api/v1/patents/*/valuation*'
      await page.route(valuationUrl, (route) =>
        route.fulfill({
          status: 503,
          contentType: 'application/problem+json',
          body: JSON.stringify({ title: 'Service unavailable', status: 503, detail: 'try later' }),
        }),
      )
      await page.goto(`${BASE}/patents/${patent.publication_number}`)
      await page.getByTestId('patent-title').waitFor()
      await card().scrollIntoViewIfNeeded()
      await card().getByTestId('valuation-error').waitFor()
      assert.match(await text(card().getByTestId('valuation-error')), /try later/)
      await page.unroute(valuationUrl)
      await card().getByTestId('valuation-retry').click()
      await shown('portfolio_grading')
      await card().getByTestId('valuation-royalty-open').click()
      const dialog = page.getByTestId('royalty-dialog')
      await dialog.getByTestId('royalty-calculate').waitFor()

      // The worked example of docs/valuation.md §6.
      const revenues = dialog.getByTestId('royalty-revenue')
      assert.equal(await revenues.count(), 3)
      for (let year_idx = 0; year_idx < 3; year_idx++) await revenues.nth(year_idx).fill('1,000,000')
      await dialog.getByTestId('royalty-rate').fill('5')
      await dialog.getByTestId('royalty-discount').fill('10')
      await dialog.getByTestId('royalty-tax').fill('25')
      const asOf = dialog.getByTestId('royalty-as-of').locator('input')
      await asOf.fill('2024-06-30')
      await asOf.press('Enter')
      assert.equal(await dialog.getByTestId('royalty-cap').locator('input').isChecked(), true)

      await dialog.getByTestId('royalty-calculate').click()
      await dialog.getByTestId('royalty-result').waitFor()
      assert.match(await text(dialog.getByTestId('royalty-present-value')), /^93,256\.96 元$/)
      assert.deepEqual(await dialog.getByTestId('royalty-year-pv').allTextContents(), ['34,090.91', '30,991.74', '28,174.31'])
      // The term ends after the three years: nothing was cut.
      assert.match(await text(dialog.getByTestId('royalty-term-end')), new RegExp(patent.expiry_date))
      // 5 × 5 cells around the rates entered, the centre highlighted and equal to the total.
      assert.equal(await dialog.getByTestId('royalty-cell').count(), 25)
      const centre = dialog.locator('[data-testid="royalty-cell"][data-centre="true"]')
      assert.equal(await centre.count(), 1)
      assert.equal(await text(centre), '93,256.96')
      await shot('valuation-04-royalty')

      // A typed amount is read exactly: three decimals are refused before anything is sent.
      await revenues.nth(1).fill('1,000,000.005')
      await dialog.getByTestId('royalty-calculate').click()
      assert.equal(await text(dialog.getByTestId('royalty-revenue-error')), '最多两位小数')
      await dialog.getByTestId('royalty-error').waitFor()
      await revenues.nth(1).fill('1,000,000')

      // A field the server refuses is marked and named (the answer is made up here: every
      // input the form lets through is one the server takes).
      await page.route('**/api/v1/valuation/royalty', (route) =>
        route.fulfill({
          status: 400,
          contentType: 'application/problem+json',
          body: JSON.stringify({
            type: '/problems/invalid-argument',
            title: 'Invalid argument',
            status: 400,
            detail: 'revenue_fen[1]: must be a whole number of fen',
            field: 'revenue_fen[1]',
          }),
        }),
      )
      await dialog.getByTestId('royalty-calculate').click()
      const error = dialog.getByTestId('royalty-error')
      await error.waitFor()
      assert.match(await text(error), /第 2 年/)
      assert.match(await text(dialog.getByTestId('royalty-revenue-error')), /revenue_fen\[1\]/)
      assert.equal(await dialog.getByTestId('royalty-revenue-row').nth(1).getByTestId('royalty-revenue-error').count(), 1)
      await page.unroute('**/api/v1/valuation/royalty')
      await shot('valuation-05-royalty-error')
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'hidden' })
    }))

  /** Waits until the card shows the answer weighed by `key` ('scenario:tax', 'set:7', or a prefix with `^`). */
  async function weighedBy(key, { prefix = false } = {}) {
    await page.locator(`[data-testid="patent-valuation"][data-state="done"][data-weights${prefix ? '^' : ''}="${key}"]`).waitFor()
  }
  const totalShown = async () => Number(await text(card().getByTestId('valuation-total')))

  it('lets the user save the weights as a set, weigh by it and by market inputs', () =>
    step('valuation-weight-sets', async () => {
      await weighedBy('scenario:portfolio_grading')
      const presetTotal = await totalShown()
      const name = `e2e 只看法律 ${Date.now()}`

      await card().getByTestId('valuation-weights-save-open').click()
      const editor = page.getByTestId('weights-editor')
      await editor.getByTestId('weights-editor-save').waitFor()
      // It starts from the weights shown: portfolio grading's 34 / 33 / 33.
      assert.equal(await editor.getByTestId('weights-editor-input-legal').inputValue(), '34')
      await editor.getByTestId('weights-editor-name').fill(name)

      // Dimensions summing to 116 %: the server refuses, and the level is marked.
      await editor.getByTestId('weights-editor-input-legal').fill('50')
      const dimensionSum = editor.locator('[data-testid="weights-editor-sum"][data-level="dimensions"]')
      assert.match(await text(dimensionSum), /116%/)
      await editor.getByTestId('weights-editor-save').click()
      await dimensionSum.getByTestId('weights-editor-error').waitFor()
      assert.match(await text(dimensionSum.getByTestId('weights-editor-error')), /必须正好是 100%/)
      assert.match(await text(editor.getByTestId('weights-editor-error-message')), /^维度权重之和：/)
      await shot('valuation-06-weights-refused')

      // Legal only: 100 / 0 / 0.
      await editor.getByTestId('weights-editor-input-legal').fill('100')
      await editor.getByTestId('weights-editor-input-technical').fill('0')
      await editor.getByTestId('weights-editor-input-economic').fill('0')
      assert.match(await text(dimensionSum), /合计 100%/)
      await editor.getByTestId('weights-editor-save').click()
      await editor.waitFor({ state: 'hidden' })

      // The card is weighed by the new set: its weights, another total, no grade.
      await weighedBy('set:', { prefix: true })
      const setKey = await card().getAttribute('data-weights')
      assert.deepEqual(
        (await card().getByTestId('valuation-dimension-weight').allTextContents()).map((s) => s.replace(/[^0-9]/g, '')),
        ['100', '0', '0'],
      )
      const setTotal = await totalShown()
      assert.notEqual(setTotal, presetTotal)
      assert.match(await text(card().getByTestId('valuation-weight-set-note')), new RegExp(name))
      assert.equal(await card().getByTestId('valuation-grade').count(), 0)
      assert.match(await text(card().getByTestId('valuation-weight-set')), new RegExp(name))
      await shot('valuation-07-weight-set')

      // Back to the preset, then the set again from the list.
      await card().getByTestId('valuation-scenario-portfolio_grading').click()
      await weighedBy('scenario:portfolio_grading')
      assert.equal(await totalShown(), presetTotal)
      await card().getByTestId('valuation-weight-set').click()
      await pickOption(page, `valuation-weight-set-${setKey.slice('set:'.length)}`)
      await weighedBy(setKey)
      assert.equal(await totalShown(), setTotal)

      // Market inputs, under the preset: revenue in yuan and a share in per cent.
      await card().getByTestId('valuation-scenario-portfolio_grading').click()
      await weighedBy('scenario:portfolio_grading')
      await card().getByTestId('valuation-market-revenue').fill('10,000,000.005')
      await card().getByTestId('valuation-market-apply').click()
      assert.equal(await text(card().getByTestId('valuation-market-revenue-error')), '最多两位小数')
      await card().getByTestId('valuation-market-revenue').fill('10,000,000')
      await card().getByTestId('valuation-market-share').fill('15')
      await card().getByTestId('valuation-market-apply').click()
      const revenue = card().locator('[data-testid="valuation-indicator"][data-id="economic.product_revenue"]')
      await card().locator('[data-testid="valuation-indicator"][data-id="economic.product_revenue"][data-known="true"]').waitFor()
      assert.match(await text(revenue.getByTestId('valuation-indicator-value')), /10,000,000\.00/)
      assert.equal(await text(revenue.getByTestId('valuation-indicator-score')), '50.0')
      const share = card().locator('[data-testid="valuation-indicator"][data-id="economic.market_share"]')
      assert.equal(await text(share.getByTestId('valuation-indicator-value')), '15%')
      await weighedBy('scenario:portfolio_grading')
      assert.ok((await totalShown()) > presetTotal)
      await assertContributionsAddUp()
      assert.match(await text(card().getByTestId('valuation-market-applied')), /10,000,000\.00/)
      await shot('valuation-08-market')
      await card().getByTestId('valuation-market-clear').click()
      await card().locator('[data-testid="valuation-indicator"][data-id="economic.product_revenue"][data-known="false"]').waitFor()

      // Deleted: gone from the list, back to the preset.
      await card().getByTestId('valuation-weight-set').click()
      await pickOption(page, `valuation-weight-set-${setKey.slice('set:'.length)}`)
      await weighedBy(setKey)
      await card().getByTestId('valuation-weight-set-delete').click()
      await page.locator('.el-message-box__btns .el-button--primary').click()
      await weighedBy('scenario:portfolio_grading')
      const sets = await (await page.request.get(`${BASE}/api/v1/valuation/weight-sets`)).json()
      assert.equal(sets.items.filter((x) => x.name === name).length, 0)
    }))
})
