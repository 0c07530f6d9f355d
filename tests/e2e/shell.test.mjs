// End-to-end test of the web shell: login, organizations, users, language switch.
//
//   IPHUB_E2E_URL=http://127.0.0.1:18080 node --test tests/e2e/
//
// Needs a running iphub server with the demo data (`iphub demo`) serving web/dist,
// and Debian's Chromium at /usr/bin/chromium (override with IPHUB_E2E_CHROMIUM).
// Screenshots go to build/e2e-screenshots/.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BASE, SKIP, launchChromium, login, newPage, pickOption, stepper } from './harness.mjs'

// GB 32100-2015 check character, as in web/src/lib/uscc.ts and src/iphub/auth/uscc.cc.
const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
function withCheckCharacter(body17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(body17[i]) * USCC_WEIGHTS[i]
  return body17 + USCC_CHARSET[(31 - (sum % 31)) % 31]
}

// Unique per run: the last 8 digits of the clock in milliseconds plus a random digit.
const stamp = String(Date.now()).slice(-8) + String(Math.floor(Math.random() * 10))
const ORG_NAME = `E2E测试企业${stamp}`
const ORG_USCC = withCheckCharacter(`91370102${stamp}`) // 8 + 9 = 17 characters, then the check
const USERNAME = `e2e_member_${stamp}`
const DISPLAY_NAME = `E2E成员${stamp}`
const PASSWORD = 'Member@2026x'

describe('web shell', { skip: SKIP }, () => {
  let browser
  let page

  before(async () => {
    browser = await launchChromium()
    page = await newPage(browser, { viewport: { width: 1366, height: 768 } })
  })

  after(() => browser?.close())

  const { shot, step } = stepper(() => page)

  it('shows the Chinese login page first', () =>
    step('login-page', async () => {
      await page.goto(`${BASE}/`)
      await page.waitForURL(/\/login/)
      const heading = page.getByTestId('login-heading')
      await heading.waitFor()
      assert.equal((await heading.textContent())?.trim(), '知识产权运营公共服务平台')
      await shot('01-login')
    }))

  it('logs in as admin and shows the home page', () =>
    step('admin-login', async () => {
      await login(page, 'admin', 'Admin@2026')
      await page.getByTestId('home-welcome').waitFor()
      await page.getByTestId('nav-area-patents').waitFor()
      assert.equal((await page.getByTestId('nav-area-patents').textContent())?.trim(), '专利信息')
      await shot('02-home-admin')
    }))

  it('creates an organization with a region chosen in the picker', () =>
    step('create-org', async () => {
      await page.getByTestId('nav-organizations').click()
      await page.waitForURL(/\/admin\/organizations/)
      await page.getByTestId('org-table').waitFor()
      await page.getByTestId('org-create').click()

      const dialog = page.getByTestId('org-dialog')
      await dialog.waitFor()
      await page.getByTestId('org-form-name').fill(ORG_NAME)
      await page.getByTestId('org-form-type').click()
      await pickOption(page, 'org-type-option-enterprise')
      await page.getByTestId('org-form-uscc').fill(ORG_USCC)
      await page.getByTestId('org-form-region').locator('.el-cascader').click()
      await pickOption(page, 'region-option-370000') // 山东省
      await pickOption(page, 'region-option-370100') // 济南市
      await pickOption(page, 'region-option-370102') // 历下区
      assert.match(await page.getByTestId('org-form-region').locator('input').inputValue(), /历下区/)
      await page.getByTestId('org-form-address').fill('济南市历下区经十路 1 号')
      await page.getByTestId('org-form-contact').fill('张三 0531-00000000')
      await shot('03-org-form')
      await page.getByTestId('org-form-submit').click()
      await dialog.waitFor({ state: 'hidden' })

      await page.getByTestId('org-search').fill(ORG_NAME)
      await page.getByTestId('org-search-submit').click()
      const row = page.getByTestId('org-table').locator('tr', { hasText: ORG_NAME })
      await row.waitFor()
      assert.match(await row.textContent(), new RegExp(ORG_USCC))
      assert.match(await row.textContent(), /历下区/)
      await shot('04-org-created')
    }))

  it('creates a member of that organization', () =>
    step('create-user', async () => {
      await page.getByTestId('nav-users').click()
      await page.waitForURL(/\/admin\/users/)
      await page.getByTestId('user-table').waitFor()
      await page.getByTestId('user-create').click()

      const dialog = page.getByTestId('user-dialog')
      await dialog.waitFor()
      await page.getByTestId('user-form-username').fill(USERNAME)
      await page.getByTestId('user-form-display-name').fill(DISPLAY_NAME)
      await page.getByTestId('user-form-password').fill(PASSWORD)
      await page.getByTestId('user-form-role').click()
      await pickOption(page, 'role-option-member')
      const orgSelect = page.getByTestId('user-form-org')
      await orgSelect.click()
      await orgSelect.locator('input').fill(ORG_NAME)
      await pickOption(page, 'org-option', ORG_NAME)
      await shot('05-user-form')
      await page.getByTestId('user-form-submit').click()
      await dialog.waitFor({ state: 'hidden' })

      // The stamp is in both the username and the display name, whichever ?q= matches.
      await page.getByTestId('user-search').fill(stamp)
      await page.getByTestId('user-search-submit').click()
      const row = page.getByTestId('user-table').locator('tr', { hasText: USERNAME })
      await row.waitFor()
      assert.match(await row.textContent(), new RegExp(ORG_NAME))
      await shot('06-user-created')
    }))

  it('logs out and logs in as the new user', () =>
    step('member-login', async () => {
      await page.getByTestId('logout').click()
      await page.waitForURL(/\/login/)
      await page.getByTestId('login-heading').waitFor()
      await login(page, USERNAME, PASSWORD)
      assert.equal((await page.getByTestId('header-user-name').textContent())?.trim(), DISPLAY_NAME)
      await page.getByTestId('home-welcome').waitFor()
      // A member has no administration section.
      assert.equal(await page.getByTestId('nav-admin').count(), 0)
      await shot('07-home-member')
    }))

  it('switches to English and keeps it after a reload', () =>
    step('language', async () => {
      await page.getByTestId('lang-switch').click()
      const patents = page.getByTestId('nav-area-patents')
      await page.waitForFunction(
        () => document.querySelector('[data-testid="nav-area-patents"]')?.textContent?.trim() === 'Patent Information',
      )
      assert.equal((await page.getByTestId('nav-account').textContent())?.trim(), 'My account')
      await shot('08-home-english')

      await page.reload()
      await patents.waitFor()
      assert.equal((await patents.textContent())?.trim(), 'Patent Information')
      assert.equal((await page.getByTestId('header-user-name').textContent())?.trim(), DISPLAY_NAME)
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en')
      await shot('09-reloaded-english')
    }))
})
