// End-to-end test of the technology × effect matrix (技术功效矩阵) of a collection: an enterprise
// user's static collection holds four patents, three tagged through the API; in the browser the
// user tags the fourth with the row's editor (a new technology and an existing effect), and the
// matrix below the list counts each technology × effect pair; a cell lists its patents, and the
// IPC-subclass rows count the effects per subclass.
//
//   IPHUB_E2E_URL=http://127.0.0.1:18080 node --test tests/e2e/collection_matrix.test.mjs
//
// Needs a running iphub server with the demo accounts serving web/dist, and Debian's Chromium.
// The test brings its own four documents (made-up word 蓝雀矩 in their titles) and names its
// collection anew each run.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { BASE, DEMO_PASSWORD, SKIP, apiLogin, cnCheck, importRecords, launchChromium, login, newPage, stepper, text } from './harness.mjs'

const MARKER = '蓝雀矩'
const RUN = Date.now().toString(36)

// Record i: a CN invention application with main IPC `ipc`.
function record(i, topic, ipc) {
  const digits = `20181${String(6660000 + i).padStart(7, '0')}`
  const docNumber = `11666${String(i).padStart(4, '0')}`
  return {
    publication_number: `CN${docNumber}A`,
    country: 'CN',
    doc_number: docNumber,
    kind: 'A',
    type: 'cn_invention_application',
    application_number: `${digits}.${cnCheck(digits)}`,
    application_date: `2018-0${1 + i}-15`,
    publication_date: `2019-0${1 + i}-20`,
    language: 'zh',
    title: `一种${MARKER}${topic}`,
    abstract: `本发明公开了一种${MARKER}${topic}。`,
    applicants: [{ name: '济南泉城智能装备有限公司', country: 'CN', region_code: '370102' }],
    ipc: [{ symbol: ipc, version: '2006.01' }],
    ipc_main: ipc,
  }
}
const RECORDS = [
  record(0, '电池管理系统', 'H01M 10/42'),
  record(1, '电池均衡电路', 'H01M 10/44'),
  record(2, '电池散热装置', 'H01M 10/613'),
  record(3, '储能热管理装置', 'H02J 7/00'),
]
const [P0, P1, P2, P3] = RECORDS.map((r) => r.publication_number)


async function call(who, method, path, body) {
  const r = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: { Cookie: who.cookie, 'X-CSRF-Token': who.csrf, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const answer = await r.text()
  assert.ok(r.ok, `${method} ${path}: ${r.status} ${answer}`)
  return answer ? JSON.parse(answer) : null
}

describe('the technology × effect matrix of a collection', { skip: SKIP }, () => {
  let browser
  let page
  let collection
  const { shot, step } = stepper(() => page, 'matrix-')

  before(async () => {
    await importRecords(RECORDS, { filename: 'matrix-e2e.jsonl', query: `TI=${MARKER}` })
    const user = await apiLogin('lx_ent_admin')
    collection = await call(user, 'POST', '/collections', { name: `${MARKER}专题 ${RUN}` })
    for (const number of RECORDS.map((r) => r.publication_number)) {
      await call(user, 'POST', `/collections/${collection.id}/patents`, { publication_number: number })
    }
    await call(user, 'PUT', `/collections/${collection.id}/patents/${P0}/tags`, {
      technology: ['电池管理'], effect: ['提高续航', '降低成本'],
    })
    await call(user, 'PUT', `/collections/${collection.id}/patents/${P1}/tags`, {
      technology: ['电池管理'], effect: ['提高续航'],
    })
    await call(user, 'PUT', `/collections/${collection.id}/patents/${P2}/tags`, {
      technology: ['热管理'], effect: ['降低成本'],
    })
    browser = await launchChromium()
    page = await newPage(browser)
  })

  after(() => browser?.close())

  const row = (number) => page.locator(`[data-testid="collection-patent-tags"][data-number="${number}"]`)
  const tagsOf = async (number, kind) =>
    row(number).getByTestId(`collection-tag-${kind}`).evaluateAll((els) => els.map((el) => el.textContent.trim()))

  it('shows the tags of each patent in the list', () =>
    step('list', async () => {
      await login(page, 'lx_ent_admin', DEMO_PASSWORD, { open: true })
      await page.goto(`${BASE}/collections/${collection.id}`)
      await row(P0).waitFor()
      assert.deepEqual(await tagsOf(P0, 'technology'), ['电池管理'])
      assert.deepEqual((await tagsOf(P0, 'effect')).sort(), ['提高续航', '降低成本'].sort())
      assert.deepEqual(await tagsOf(P3, 'technology'), [])
      await page.getByTestId('collection-matrix-summary').waitFor()
      assert.equal(await text(page.getByTestId('collection-matrix-summary')), '已标引 3 件，未标引 1 件')
    }))

  it('tags the fourth patent with the row editor', () =>
    step('tag', async () => {
      await row(P3).getByTestId('collection-tag-edit').click()
      const editor = page.getByTestId('collection-tag-editor').filter({ visible: true })
      await editor.waitFor()
      const technology = editor.getByTestId('collection-tag-technology-select')
      await technology.click()
      await page.keyboard.type('热管理')
      await page.keyboard.press('Enter')
      // The open list covers the next select: a click on the editor's title closes it.
      await editor.locator('.editor-title').click()
      const effect = editor.getByTestId('collection-tag-effect-select')
      await effect.click()
      await page.keyboard.type('提高续航')
      await page.keyboard.press('Enter')
      await editor.locator('.editor-title').click()
      await shot('matrix-01-editor')
      await editor.getByTestId('collection-tag-save').click()
      await page.waitForFunction(
        (number) =>
          [...document.querySelectorAll(`[data-testid="collection-patent-tags"][data-number="${number}"] [data-testid="collection-tag-effect"]`)]
            .map((el) => el.textContent.trim())
            .includes('提高续航'),
        P3,
      )
      assert.deepEqual(await tagsOf(P3, 'technology'), ['热管理'])
    }))

  it('counts each technology × effect pair, and a cell lists its patents', () =>
    step('matrix', async () => {
      const summary = page.getByTestId('collection-matrix-summary')
      await page.waitForFunction(
        () => document.querySelector('[data-testid="collection-matrix-summary"]')?.textContent.includes('已标引 4 件'),
      )
      assert.equal(await text(summary), '已标引 4 件，未标引 0 件')
      await page.getByTestId('collection-matrix-view').getByText('表', { exact: true }).click()
      const table = page.getByTestId('collection-matrix-table')
      await table.waitFor()
      // Rows by count then label: 热管理 (P2, P3) and 电池管理 (P0, P1) both 2, so by label.
      const cells = await table.locator('tbody tr').evaluateAll((rows) =>
        rows.map((tr) => [tr.querySelector('th').firstChild.textContent.trim(), [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())]),
      )
      const columns = await table.locator('thead th').evaluateAll((ths) => ths.slice(1).map((th) => th.firstChild.textContent.trim()))
      // Columns: 提高续航 (P0, P1, P3) before 降低成本 (P0, P2).
      assert.deepEqual(columns, ['提高续航', '降低成本'])
      const byRow = Object.fromEntries(cells)
      assert.deepEqual(byRow['电池管理'], ['2', '1'])
      assert.deepEqual(byRow['热管理'], ['1', '1'])
      await shot('matrix-02-table')
      // The 电池管理 × 提高续航 cell: P0 and P1.
      await table.locator('tbody tr', { hasText: '电池管理' }).getByTestId('collection-matrix-cell').first().click()
      const listed = page.getByTestId('collection-matrix-cell-patents')
      await listed.waitFor()
      const numbers = await listed.getByTestId('patent-link').evaluateAll((els) => els.map((el) => el.getAttribute('href')))
      assert.equal(numbers.length, 2)
      assert.ok(numbers.some((href) => href.includes(P0.slice(2, 11))), JSON.stringify(numbers))
      assert.ok(numbers.some((href) => href.includes(P1.slice(2, 11))), JSON.stringify(numbers))
    }))

  it('counts the effects per IPC subclass', () =>
    step('ipc', async () => {
      await page.getByTestId('collection-matrix-technology').getByText('IPC 小类', { exact: true }).click()
      await page.waitForFunction(
        () => document.querySelector('[data-testid="collection-matrix-summary"]')?.textContent.includes('已标引功效 4 件'),
      )
      const table = page.getByTestId('collection-matrix-table')
      await table.waitFor()
      const rows = await table.locator('tbody tr').evaluateAll((trs) =>
        trs.map((tr) => [tr.querySelector('th').firstChild.textContent.trim(), [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())]),
      )
      // H01M: P0 (提高续航, 降低成本), P1 (提高续航), P2 (降低成本); H02J: P3 (提高续航).
      assert.deepEqual(Object.fromEntries(rows), { H01M: ['2', '2'], H02J: ['1', ''] })
      await shot('matrix-03-ipc')
    }))
})
