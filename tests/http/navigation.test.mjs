// Patent navigation over HTTP (docs/api.md, "Patent navigation"): an official imports a few
// records whose titles hold a made-up word, with one applicant spelled three ways; the
// landscape of that word is checked number by number (the spellings count as one applicant,
// and the PAN drill-down finds exactly the hits counted), exported as XLSX, stored as a report,
// annotated, shared, compared with the data after another import, and deleted. Reports are
// private to their owner unless shared with the owner's organisation; others get 404.
//
// Runs on SQLite, and on PostgreSQL too when IPHUB_TEST_PG_URL is set.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, backends, api, loginDemo, assertProblem, sleep, cnCheck, importRecords, waitForHits } from './harness.mjs';

const MARKER = '翠雀蓄';

// Record i, filed in `year`, published the year after, citing records `cites`.
function record(i, year, applicants, ipcs, cites = []) {
  const digits = `${year}1${String(6660000 + i).padStart(7, '0')}`;
  const docNumber = `11866${String(i).padStart(4, '0')}`;
  return {
    publication_number: `CN${docNumber}A`,
    country: 'CN',
    doc_number: docNumber,
    kind: 'A',
    type: 'cn_invention_application',
    application_number: `${digits}.${cnCheck(digits)}`,
    application_date: `${year}-05-1${i}`,
    publication_date: `${year + 1}-03-0${1 + i}`,
    language: 'zh',
    title: `一种${MARKER}装置${i}`,
    abstract: `本发明公开了一种${MARKER}装置。`,
    applicants,
    ipc: ipcs.map((symbol) => ({ symbol, version: '2006.01' })),
    ipc_main: ipcs[0],
    citations: cites.map((k) => ({ kind: 'patent', country: 'CN', number: `11866${String(k).padStart(4, '0')}`, kind_code: 'A' })),
  };
}

const JINAN = { name: '济南泉城智能装备有限公司', country: 'CN', region_code: '370102' };
const JINAN_AGAIN = { name: '济南泉城智能装备股份有限公司', country: 'CN', region_code: '370102' };
const SDU = { name: '山东 大学', country: 'CN', region_code: '370100' };
const ACME = { name: 'ＡＣＭＥ　Co., Ltd.', country: 'JP' };
const FIRST = [
  record(0, 2019, [JINAN], ['H01M 10/613']),
  record(1, 2020, [JINAN_AGAIN, SDU], ['H01M 10/613', 'G06F 17/30'], [0]),
  record(2, 2020, [ACME], ['G06F 17/30'], [0, 1]),
];
const LATER = record(3, 2021, [{ name: 'Acme Co Ltd', country: 'JP' }], ['G06F 17/30']);
const Q = `TI=${MARKER}`;

async function count(url, q) {
  const r = await api(url, 'GET', `/api/v1/search?q=${encodeURIComponent(q)}&size=1`);
  assert.equal(r.status, 200, r.text);
  return r.json.total;
}

for (const backend of backends()) {
  describe(`patent navigation over HTTP (${backend.name})`, () => {
    let server;
    let url;
    let official;
    let owner; // lx_ent_admin
    let colleague; // lx_ent_member
    let outsider; // sz_ent_admin

    before(async () => {
      server = await startServer({ backend: backend.name });
      url = server.url;
      official = await loginDemo(url, 'jn_official');
      await importRecords(url, official, FIRST, 'navigation-first.jsonl');
      await waitForHits(url, Q, FIRST.length);
      owner = await loginDemo(url, 'lx_ent_admin');
      colleague = await loginDemo(url, 'lx_ent_member');
      outsider = await loginDemo(url, 'sz_ent_admin');
    });
    after(async () => { await server?.stop(); });

    test('the landscape of a query counts every hit, applicants by their normalised name', async () => {
      const r = await api(url, 'GET', `/api/v1/landscape?q=${encodeURIComponent(Q)}&top=5`);
      assert.equal(r.status, 200, r.text);
      const l = r.json;
      assert.equal(l.total, 3);
      assert.equal(l.query, Q);
      assert.match(l.computed_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
      assert.ok(l.data_version > 0);
      assert.deepEqual(l.years, [2019, 2020, 2021]);
      assert.deepEqual(l.filings, { application: [1, 2, 0], publication: [0, 1, 2], grant: [0, 0, 0] });
      assert.equal(l.applicants.distinct, 3);
      assert.deepEqual(l.applicants.top, [
        { name: '济南泉城智能装备有限公司', count: 2, by_year: [1, 1, 0], first_year: 2019 },
        { name: 'ACME CO LTD', count: 1, by_year: [0, 1, 0], first_year: 2020 },
        { name: '山东大学', count: 1, by_year: [0, 1, 0], first_year: 2020 },
      ]);
      assert.deepEqual(l.life_cycle, [
        { year: 2019, applicants: 1, filings: 1 },
        { year: 2020, applicants: 3, filings: 2 },
      ]);
      assert.deepEqual(l.new_entrants, [{ year: 2019, count: 1 }, { year: 2020, count: 2 }]);
      assert.deepEqual(l.ipc.subclass, { distinct: 2, top: [{ value: 'G06F', count: 2 }, { value: 'H01M', count: 2 }] });
      assert.deepEqual(l.ipc.group.top, [{ value: 'G06F17/00', count: 2 }, { value: 'H01M10/00', count: 2 }]);
      assert.deepEqual(l.ipc_matrix, { codes: ['G06F', 'H01M'], counts: [[2, 1], [1, 2]] });
      assert.deepEqual(l.provinces, [{ value: '370000', count: 2 }]);
      assert.deepEqual(l.cities, [{ value: '370100', count: 2 }]);
      assert.deepEqual(l.countries, [{ value: 'CN', count: 3 }]);
      assert.deepEqual(l.types, [{ value: 'cn_invention_application', count: 3 }]);
      assert.equal(l.legal_status.reduce((sum, s) => sum + s.count, 0), 3);
      assert.deepEqual(l.collaboration, {
        nodes: [{ name: '济南泉城智能装备有限公司', count: 2 }, { name: '山东大学', count: 1 }],
        links: [{ source: '济南泉城智能装备有限公司', target: '山东大学', count: 1 }],
      });

      // Citations among the hits: the most cited, and the links between them.
      assert.deepEqual(l.citations, {
        most_cited: [
          { publication_number: FIRST[0].publication_number, title: FIRST[0].title, cited_by: 2 },
          { publication_number: FIRST[1].publication_number, title: FIRST[1].title, cited_by: 1 },
        ],
        links: [{ citing: FIRST[1].publication_number, cited: FIRST[0].publication_number }],
      });
      const two = await api(url, 'GET', `/api/v1/landscape?q=${encodeURIComponent(Q)}&top=1`);
      assert.deepEqual(two.json.citations.links, []);
      assert.equal(two.json.citations.most_cited.length, 1);

      // Clicking an applicant: PAN matches the normalised name however it is written.
      assert.equal(await count(url, `(${Q}) AND PAN="济南泉城智能装备股份有限公司"`), 2);
      assert.equal(await count(url, `(${Q}) AND PAN="acme co., ltd."`), 1);
      assert.equal(await count(url, `(${Q}) AND PAN="济南泉城智能装备有限公司" AND PAN="山东大学"`), 1);
      assert.equal(await count(url, `(${Q}) AND AD=2020`), 2);
      assert.equal(await count(url, `(${Q}) AND IPC=G06F17`), 2);
      assert.equal(await count(url, `(${Q}) AND RG=370100`), 2);
      // The search facet counts applicants the same way.
      const facets = await api(url, 'GET', `/api/v1/search?q=${encodeURIComponent(Q)}&facets=applicant`);
      assert.deepEqual(facets.json.facets.applicant[0], { value: '济南泉城智能装备有限公司', count: 2 });
    });

    test('bad queries and parameters are 400 with the field; landscapes are public', async () => {
      const bad = await api(url, 'GET', `/api/v1/landscape?q=${encodeURIComponent('TI=(电池')}`);
      const problem = assertProblem(assert, bad, 400, { field: 'q' });
      assert.equal(typeof problem.position, 'number');
      assertProblem(assert, await api(url, 'GET', '/api/v1/landscape?q='), 400, { field: 'q' });
      assertProblem(assert, await api(url, 'GET', `/api/v1/landscape?q=${Q}&top=0`), 400, { field: 'top' });
      assertProblem(assert, await api(url, 'GET', `/api/v1/landscape?q=${Q}&top=51`), 400, { field: 'top' });
      const templates = await api(url, 'GET', '/api/v1/reports/templates');
      assert.deepEqual(templates.json.map((t) => t.key), ['regional', 'industrial', 'enterprise', 'rd', 'talent']);
      for (const [method, path] of [['GET', '/api/v1/reports'], ['POST', '/api/v1/reports'],
        ['GET', '/api/v1/reports/1'], ['GET', '/api/v1/reports/1/changes'], ['DELETE', '/api/v1/reports/1']]) {
        assertProblem(assert, await api(url, method, path, { body: method === 'POST' ? {} : undefined }), 401);
      }
    });

    test('the landscape exports as a workbook with a sheet per section', async () => {
      const res = await fetch(`${url}/api/v1/landscape/export?q=${encodeURIComponent(Q)}`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type'), /spreadsheetml/);
      const bytes = Buffer.from(await res.arrayBuffer());
      assert.equal(bytes.subarray(0, 4).toString('binary'), 'PK\x03\x04');
      const names = bytes.toString('latin1');
      for (let sheet = 1; sheet <= 16; sheet++) assert.ok(names.includes(`xl/worksheets/sheet${sheet}.xml`), `sheet ${sheet}`);
      assert.ok(!names.includes('xl/worksheets/sheet17.xml'));
      const csv = await api(url, 'GET', `/api/v1/landscape/export?q=${encodeURIComponent(Q)}&format=csv&lang=en`);
      assert.equal(csv.status, 200);
      assert.ok(csv.text.includes('"济南泉城智能装备有限公司","2","2019","1","1","0"'), csv.text);
      assert.ok(csv.text.includes('"Year","Applications","Publications","Grants"'));
    });

    test('a report keeps its numbers, its texts and its readers, and tells what changed', async () => {
      const created = await api(url, 'POST', '/api/v1/reports', {
        session: owner, body: { title: `  ${MARKER}导航  `, template: 'industrial', query: Q, top: 5 },
      });
      assert.equal(created.status, 201, created.text);
      const report = created.json;
      assert.equal(report.title, `${MARKER}导航`);
      assert.equal(report.total, 3);
      assert.equal(report.editable, true);
      assert.equal(report.landscape.total, 3);
      assert.deepEqual(report.sections.map((s) => s.key),
        ['trend', 'ipc', 'ipc_matrix', 'applicants', 'countries', 'regions', 'life_cycle', 'new_entrants', 'collaboration']);
      assert.ok(report.sections.every((s) => s.text === ''));

      assertProblem(assert, await api(url, 'POST', '/api/v1/reports', { session: owner, body: { title: 'x', template: 'nope', query: Q } }), 400, { field: 'template' });
      assertProblem(assert, await api(url, 'POST', '/api/v1/reports', { session: owner, body: { title: 'x', template: 'rd', query: 'TI=(' } }), 400, { field: 'query' });
      assertProblem(assert, await api(url, 'POST', '/api/v1/reports', { session: owner, body: { title: ' ', template: 'rd', query: Q } }), 400, { field: 'title' });

      const patched = await api(url, 'PATCH', `/api/v1/reports/${report.id}`, {
        session: owner, body: { texts: { trend: '2020 年起申请增长。' } },
      });
      assert.equal(patched.status, 200, patched.text);
      assert.equal(patched.json.sections[0].text, '2020 年起申请增长。');
      assertProblem(assert, await api(url, 'PATCH', `/api/v1/reports/${report.id}`, { session: owner, body: { texts: { nope: 'x' } } }), 400, { field: 'texts' });
      assertProblem(assert, await api(url, 'PATCH', `/api/v1/reports/${report.id}`, { session: owner, body: { query: 'TI=x' } }), 400, { field: 'query' });

      // Private until shared with the organisation; never visible to others.
      assertProblem(assert, await api(url, 'GET', `/api/v1/reports/${report.id}`, { session: colleague }), 404);
      const shared = await api(url, 'PATCH', `/api/v1/reports/${report.id}`, { session: owner, body: { shared: true } });
      assert.equal(shared.status, 200, shared.text);
      const seen = await api(url, 'GET', `/api/v1/reports/${report.id}`, { session: colleague });
      assert.equal(seen.status, 200, seen.text);
      assert.equal(seen.json.editable, false);
      assert.equal(seen.json.sections[0].text, '2020 年起申请增长。');
      assertProblem(assert, await api(url, 'PATCH', `/api/v1/reports/${report.id}`, { session: colleague, body: { title: 'x' } }), 403);
      assertProblem(assert, await api(url, 'GET', `/api/v1/reports/${report.id}`, { session: outsider }), 404);
      const list = await api(url, 'GET', '/api/v1/reports', { session: colleague });
      assert.ok(list.json.items.some((item) => item.id === report.id && item.landscape === undefined));
      assert.ok(!(await api(url, 'GET', '/api/v1/reports', { session: outsider })).json.items.some((item) => item.id === report.id));

      // Another import: the report reads as made; the changes say what moved.
      await importRecords(url, official, [LATER], 'navigation-later.jsonl');
      await waitForHits(url, Q, 4);
      const again = await api(url, 'GET', `/api/v1/reports/${report.id}`, { session: owner });
      assert.deepEqual(again.json.landscape, report.landscape);
      const changes = await api(url, 'GET', `/api/v1/reports/${report.id}/changes`, { session: owner });
      assert.equal(changes.status, 200, changes.text);
      assert.equal(changes.json.then.total, 3);
      assert.equal(changes.json.now.total, 4);
      assert.ok(changes.json.now.data_version > changes.json.then.data_version);
      assert.deepEqual(changes.json.year_changes, [{ year: 2021, then: 0, now: 1 }]);
      assert.deepEqual(changes.json.applicant_changes, [{ name: 'ACME CO LTD', then: 1, now: 2 }]);
      assert.deepEqual(changes.json.new_applicants, []);

      const file = await fetch(`${url}/api/v1/reports/${report.id}/export`, { headers: { Cookie: owner.cookie } });
      assert.equal(file.status, 200);
      assert.equal(Buffer.from(await file.arrayBuffer()).subarray(0, 2).toString(), 'PK');

      const audit = await api(url, 'GET', '/api/v1/audit?action=navigation_report.update&size=200', { session: await loginDemo(url, 'admin') });
      assert.equal(audit.status, 200, audit.text);
      assert.equal(audit.json.items.filter((e) => e.entity_id === String(report.id)).length, 2, audit.text);

      assert.equal((await api(url, 'DELETE', `/api/v1/reports/${report.id}`, { session: colleague })).status, 403);
      assert.equal((await api(url, 'DELETE', `/api/v1/reports/${report.id}`, { session: owner })).status, 204);
      assertProblem(assert, await api(url, 'GET', `/api/v1/reports/${report.id}`, { session: owner }), 404);
    });
  });
}
