// Shared helpers of the browser tests: the server under test, Chromium and its pages,
// screenshots and steps that leave one when they fail, logging in through the form, and the
// API import the search tests bring their own documents with.
//
//   IPHUB_E2E_URL=http://127.0.0.1:18080 node --test tests/e2e/
//
// The server (with the demo data, serving web/dist) comes from IPHUB_E2E_URL; without it
// every suite is skipped (`describe(..., { skip: SKIP }, ...)`). The browser is Debian's
// Chromium at /usr/bin/chromium (override with IPHUB_E2E_CHROMIUM); playwright-core never
// downloads one. Screenshots go to build/e2e-screenshots/.
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

/** The server under test, without a trailing slash; '' when IPHUB_E2E_URL is unset. */
export const BASE = (process.env.IPHUB_E2E_URL ?? '').replace(/\/+$/, '')
/** The `skip` option of every suite: false when there is a server to test. */
export const SKIP = BASE ? false : 'set IPHUB_E2E_URL to run'
/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
/** Where screenshots go. */
export const SHOTS = join(ROOT, 'build', 'e2e-screenshots')

export const DEMO_PASSWORD = 'Demo@2026'

// ---------------------------------------------------------------------------
// Browser and pages

/** Launches Chromium (headless), first making sure the screenshot directory exists. */
export function launchChromium() {
  mkdirSync(SHOTS, { recursive: true })
  return chromium.launch({
    executablePath: process.env.IPHUB_E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/**
 * A page in a fresh browser context (no cookies, nothing in localStorage): 1366×900, Chinese,
 * 15 s for every wait. `options` are further context options or replace these, e.g.
 * `{ viewport: { width: 1366, height: 768 } }` or `{ acceptDownloads: true }`. Close it with
 * `page.context().close()`.
 */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', ...options })
  context.setDefaultTimeout(15_000)
  return context.newPage()
}

/**
 * Screenshots and steps on the page `currentPage()` returns (a function, as a test may open a
 * new page halfway):
 *   shot(name):     build/e2e-screenshots/NAME.png
 *   step(name, fn): runs fn; when it throws, leaves failed-PREFIXNAME.png of the page as it
 *                   was, then throws on
 */
export function stepper(currentPage, prefix = '') {
  const shot = (name) => currentPage().screenshot({ path: join(SHOTS, `${name}.png`) })
  async function step(name, fn) {
    try {
      await fn()
    } catch (error) {
      await shot(`failed-${prefix}${name}`).catch(() => {})
      throw error
    }
  }
  return { shot, step }
}

/**
 * Logs in through the login form and waits until the header shows the user.
 *   open: first go to /login (otherwise the page must already show the form)
 *   url:  wait for this URL (where the login form sends the user) before the header
 */
export async function login(page, username, password, { open = false, url } = {}) {
  if (open) await page.goto(`${BASE}/login`)
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
  if (url) await page.waitForURL(url)
  await page.getByTestId('header-user-name').waitFor()
}

// ---------------------------------------------------------------------------
// Page helpers

/** The trimmed text of a locator ('' when it has none). */
export const text = async (locator) => ((await locator.textContent()) ?? '').trim()

/** Waits until the search page's total reads `expected` (the page loads after the URL changes). */
export async function totalIs(page, expected) {
  await page.waitForFunction(
    (want) => document.querySelector('[data-testid="search-total"]')?.textContent?.trim() === want,
    expected,
  )
}

/**
 * Clicks an option inside an open, visible dropdown (Element Plus teleports them to <body>):
 * the first with test id `testId`, or the first of those holding `optionText` (a string or
 * a RegExp) when given.
 */
export async function pickOption(page, testId, optionText) {
  const option = page.locator(`[data-testid="${testId}"]:visible`)
  await (optionText ? option.filter({ hasText: optionText }) : option).first().click()
}

// ---------------------------------------------------------------------------
// Test data

/** ZC 0006-2003 check character of a 12-digit CN application number. */
export function cnCheck(digits) {
  const weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
  let sum = 0
  for (let k = 0; k < 12; k++) sum += Number(digits[k]) * weights[k]
  return sum % 11 === 10 ? 'X' : String(sum % 11)
}

/**
 * Imports `records` (patent JSON objects) as the official sd_official over the API, as one
 * JSONL file named `filename`, and waits until the search for `query` finds exactly as many
 * (new imports are indexed in the background). Importing the same records again changes
 * nothing.
 */
export async function importRecords(records, { filename, query }) {
  const login = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'sd_official', password: DEMO_PASSWORD }),
  })
  assert.equal(login.status, 200, await login.clone().text())
  const cookie = login.headers.getSetCookie().find((c) => c.startsWith('iphub_session=')).split(';')[0]
  const { csrf_token: csrf } = await login.json()
  const jsonl = records.map((r) => JSON.stringify(r)).join('\n') + '\n'
  const upload = await fetch(`${BASE}/api/v1/patent-imports?filename=${filename}`, {
    method: 'POST',
    headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/octet-stream' },
    body: jsonl,
  })
  const report = await upload.json()
  assert.equal(upload.status, 200, JSON.stringify(report))
  assert.equal(report.counts.rejected, 0, JSON.stringify(report))
  const q = encodeURIComponent(query)
  const started = Date.now()
  for (;;) {
    const r = await fetch(`${BASE}/api/v1/search?q=${q}&size=1`)
    const found = r.ok ? (await r.json()).total : null
    if (found === records.length) return
    if (Date.now() - started > 10_000) throw new Error(`the search finds ${found} of ${records.length} after 10 s`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** A session of the demo account `username` for API calls: its cookie and CSRF token. */
export async function apiLogin(username) {
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
