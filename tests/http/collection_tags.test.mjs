// Technology × effect matrix (技术功效矩阵) of a collection over HTTP (docs/api.md, "Saved searches
// and collections"): an official imports four records whose titles hold a made-up word; the owner
// (lx_ent_admin) puts them in a shared static collection, tags them with technology branches and
// effects, and reads the matrix by tags and by IPC subclass. A colleague (lx_ent_member) reads it
// but may not tag; another organisation's user (sz_ent_admin) gets 404; bad bodies get 400 with
// the field.
//
// Runs on SQLite, and on PostgreSQL too when IPHUB_TEST_PG_URL is set.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, backends, api, loginDemo, assertProblem, listAll, sleep, cnCheck, importRecords, waitForHits } from './harness.mjs';

const MARKER = '蓝鲸储';

// Record i: a CN invention application, title `一种<MARKER><topic>`, main IPC `ipc`.
function record(i, topic, ipc) {
  const digits = `2019${1}${String(7780000 + i).padStart(7, '0')}`;
  const docNumber = `11878${String(i).padStart(4, '0')}`;
  return {
    publication_number: `CN${docNumber}A`,
    country: 'CN',
    doc_number: docNumber,
    kind: 'A',
    type: 'cn_invention_application',
    application_number: `${digits}.${cnCheck(digits)}`,
    application_date: `2019-0${1 + i}-1${i}`,
    publication_date: `${2020 + i}-03-0${1 + i}`,
    language: 'zh',
    title: `一种${MARKER}${topic}`,
    abstract: `本发明公开了一种${MARKER}${topic}。`,
    applicants: [{ name: '济南泉城智能装备有限公司', country: 'CN', region_code: '370102' }],
    ipc: [{ symbol: ipc, version: '2006.01' }],
    ipc_main: ipc,
  };
}

const RECORDS = [
  record(0, '电池散热装置', 'H01M 10/613'),
  record(1, '电池管理系统', 'H01M 10/42'),
  record(2, '电动车充电桩', 'B60L 53/30'),
  record(3, '储能变流器', 'H02J 3/32'),
];
const [P0, P1, P2, P3] = RECORDS.map((r) => r.publication_number);

for (const backend of backends()) {
  describe(`collection tags and the technology × effect matrix over HTTP (${backend.name})`, () => {
    let server;
    let url;
    let owner; // lx_ent_admin
    let colleague; // lx_ent_member, same organization
    let outsider; // sz_ent_admin, another organization
    let admin;
    let base; // /api/v1/collections/{id} of the shared static collection

    const tag = (session, number, body) =>
      api(url, 'PUT', `${base}/patents/${encodeURIComponent(number)}/tags`, { session, body });

    before(async () => {
      server = await startServer({ backend: backend.name });
      url = server.url;
      const official = await loginDemo(url, 'jn_official');
      await importRecords(url, official, RECORDS, 'collection-tags.jsonl');
      await waitForHits(url, `TI=${MARKER}`, RECORDS.length);
      owner = await loginDemo(url, 'lx_ent_admin');
      colleague = await loginDemo(url, 'lx_ent_member');
      outsider = await loginDemo(url, 'sz_ent_admin');
      admin = await loginDemo(url, 'admin');

      const created = await api(url, 'POST', '/api/v1/collections', {
        session: owner, body: { name: `${MARKER}储能`, kind: 'static', shared: true },
      });
      assert.equal(created.status, 201, created.text);
      base = `/api/v1/collections/${created.json.id}`;
      for (const number of [P0, P1, P2, P3]) {
        const added = await api(url, 'POST', `${base}/patents`, { session: owner, body: { publication_number: number } });
        assert.equal(added.status, 201, added.text);
      }
    });
    after(async () => { await server?.stop(); });

    test('visitors get 401', async () => {
      assertProblem(assert, await api(url, 'PUT', `${base}/patents/${P0}/tags`, { body: { technology: ['x'] } }), 401);
      assertProblem(assert, await api(url, 'GET', `${base}/matrix`), 401);
    });

    test('tags replace the patent\'s tags and show in the list', async () => {
      const first = await tag(owner, P0.toLowerCase(), { technology: ['电池管理'], effect: ['提高续航', ' 降低成本 ', '降低成本'] });
      assert.equal(first.status, 200, first.text);
      assert.deepEqual(first.json, { publication_number: P0, technology: ['电池管理'], effect: ['提高续航', '降低成本'] });

      const replaced = await tag(owner, P0, { technology: ['热管理'], effect: ['降低成本'] });
      assert.equal(replaced.status, 200, replaced.text);
      assert.deepEqual(replaced.json, { publication_number: P0, technology: ['热管理'], effect: ['降低成本'] });

      const list = await api(url, 'GET', `${base}/patents?size=10`, { session: colleague });
      assert.equal(list.status, 200, list.text);
      const row = list.json.items.find((p) => p.publication_number === P0);
      assert.deepEqual([row.technology, row.effect], [['热管理'], ['降低成本']]);
      const untagged = list.json.items.find((p) => p.publication_number === P3);
      assert.deepEqual([untagged.technology, untagged.effect], [[], []]);

      const audit = await listAll(url, '/api/v1/audit?action=collection.tag_patent', admin);
      const mine = audit.items.filter((e) => e.entity_id === base.split('/').pop());
      assert.equal(mine.length, 2, JSON.stringify(audit.items));
      assert.equal(mine[0].actor, 'lx_ent_admin');
    });

    test('the matrix counts the members\' tags, by tags and by IPC subclass', async () => {
      for (const [number, body] of [
        [P0, { technology: ['热管理'], effect: ['降低成本', '提高续航'] }],
        [P1, { technology: ['热管理', '电池管理'], effect: ['降低成本'] }],
        [P2, { effect: ['降低成本'] }],
      ]) {
        const r = await tag(owner, number, body);
        assert.equal(r.status, 200, r.text);
      }
      const matrix = await api(url, 'GET', `${base}/matrix`, { session: colleague });
      assert.equal(matrix.status, 200, matrix.text);
      assert.deepEqual(matrix.json, {
        technologies: [{ label: '热管理', count: 2 }, { label: '电池管理', count: 1 }],
        effects: [{ label: '降低成本', count: 3 }, { label: '提高续航', count: 1 }],
        cells: [
          { technology: '热管理', effect: '降低成本', count: 2, numbers: [P0, P1] },
          { technology: '热管理', effect: '提高续航', count: 1, numbers: [P0] },
          { technology: '电池管理', effect: '降低成本', count: 1, numbers: [P1] },
        ],
        tagged: 3,
        untagged: 1,
      });

      const ipc = await api(url, 'GET', `${base}/matrix?technology=ipc`, { session: owner });
      assert.equal(ipc.status, 200, ipc.text);
      assert.deepEqual(ipc.json.technologies, [{ label: 'H01M', count: 2 }, { label: 'B60L', count: 1 }]);
      assert.deepEqual(ipc.json.cells.map((c) => [c.technology, c.effect, c.count]),
        [['H01M', '降低成本', 2], ['H01M', '提高续航', 1], ['B60L', '降低成本', 1]]);
      assert.equal(ipc.json.tagged, 3);

      // A removed member no longer counts.
      const removed = await api(url, 'DELETE', `${base}/patents/${P2}`, { session: owner });
      assert.equal(removed.status, 204, removed.text);
      const after = await api(url, 'GET', `${base}/matrix`, { session: owner });
      assert.deepEqual(after.json.effects, [{ label: '降低成本', count: 2 }, { label: '提高续航', count: 1 }]);
      assert.equal(after.json.untagged, 1);
      assertProblem(assert, await api(url, 'GET', `${base}/matrix?technology=cpc`, { session: owner }), 400,
        { field: 'technology' });
    });

    test('only who may change the collection tags; other organisations get 404', async () => {
      assertProblem(assert, await tag(colleague, P0, { effect: ['x'] }), 403);
      assertProblem(assert, await tag(outsider, P0, { effect: ['x'] }), 404);
      assertProblem(assert, await api(url, 'GET', `${base}/matrix`, { session: outsider }), 404);
      const byAdmin = await tag(admin, P3, { technology: ['变流'] });
      assert.equal(byAdmin.status, 200, byAdmin.text);
      assertProblem(assert, await api(url, 'GET', '/api/v1/collections/999999/matrix', { session: owner }), 404);
    });

    test('bad bodies and non-members get 400 with the field, or 404', async () => {
      for (const [body, field] of [
        [{ technology: '电池管理' }, 'technology'],
        [{ effect: [1] }, 'effect'],
        [{ effect: [''] }, 'effect'],
        [{ technology: ['x'.repeat(41)] }, 'technology'],
        [{ effect: Array.from({ length: 11 }, (_, i) => `功效${i}`) }, 'effect'],
        [{ technology: ['两\n行'] }, 'technology'],
      ]) {
        assertProblem(assert, await tag(owner, P0, body), 400, { field });
      }
      const malformed = await api(url, 'PUT', `${base}/patents/${P0}/tags`,
        { session: owner, rawBody: Buffer.from('{"technology": ['), contentType: 'application/json' });
      const problem = assertProblem(assert, malformed, 400);
      assert.match(problem.detail, /malformed JSON/, malformed.text);
      assertProblem(assert, await tag(owner, 'not a number', { effect: ['x'] }), 400, { field: 'publication_number' });
      // P2 was removed above; an unknown number is in no collection.
      assertProblem(assert, await tag(owner, P2, { effect: ['x'] }), 404);
      assertProblem(assert, await tag(owner, 'CN119999999A', { effect: ['x'] }), 404);
      // The refused calls changed nothing.
      const list = await api(url, 'GET', `${base}/patents?size=10`, { session: owner });
      const row = list.json.items.find((p) => p.publication_number === P0);
      assert.deepEqual([row.technology, row.effect], [['热管理'], ['提高续航', '降低成本']]);
    });

    test('an auto collection tags what its query matches now', async () => {
      const created = await api(url, 'POST', '/api/v1/collections', {
        session: owner, body: { name: `${MARKER}电池`, kind: 'auto', query: `TI=(${MARKER} AND 电池)` },
      });
      assert.equal(created.status, 201, created.text);
      const autoBase = `/api/v1/collections/${created.json.id}`;
      const put = (number, body) => api(url, 'PUT', `${autoBase}/patents/${number}/tags`, { session: owner, body });
      assert.equal((await put(P1, { effect: ['提高续航'] })).status, 200);
      assertProblem(assert, await put(P3, { effect: ['提高续航'] }), 404);
      const matrix = await api(url, 'GET', `${autoBase}/matrix`, { session: owner });
      assert.equal(matrix.status, 200, matrix.text);
      assert.equal(matrix.json.tagged, 1);
      assert.equal(matrix.json.untagged, 1);
      assert.deepEqual(matrix.json.technologies, []);
      assert.deepEqual(matrix.json.effects, [{ label: '提高续航', count: 1 }]);
    });

    test('the routes are in the OpenAPI document', async () => {
      const r = await api(url, 'GET', '/api/v1/openapi.json');
      assert.equal(r.status, 200);
      assert.ok(r.json.paths['/api/v1/collections/{id}/patents/{number}/tags']?.put, 'PUT tags missing');
      assert.ok(r.json.paths['/api/v1/collections/{id}/matrix']?.get, 'GET matrix missing');
    });
  });
}
