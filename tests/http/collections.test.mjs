// Saved searches and collections (专题库) over HTTP (docs/api.md, "Saved searches and
// collections"): an official imports a few records whose titles hold a made-up word; demo users
// of one enterprise (lx_ent_admin owns, lx_ent_member is a colleague), of another
// (sz_ent_admin) and the platform administrator then save searches, build static and auto
// collections, and see exactly what sharing lets them see. Visitors get 401 everywhere; a
// record someone may not see is a 404, never a 403, so ids do not leak.
//
// Runs on SQLite, and on PostgreSQL too when IPHUB_TEST_PG_URL is set.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, backends, api, loginDemo, assertProblem, listAll, sleep, cnCheck, importRecords, waitForHits } from './harness.mjs';

const MARKER = '翠鸟蓄';

// Record i: a CN invention application published in 2020 + i, title `一种<MARKER><topic>`.
function record(i, topic) {
  const digits = `2019${1}${String(7770000 + i).padStart(7, '0')}`;
  const docNumber = `11877${String(i).padStart(4, '0')}`;
  return {
    publication_number: `CN${docNumber}A`,
    country: 'CN',
    doc_number: docNumber,
    kind: 'A',
    type: 'cn_invention_application',
    application_number: `${digits}.${cnCheck(digits)}`,
    application_date: `2019-0${1 + (i % 9)}-1${i % 10}`,
    publication_date: `${2020 + i}-03-0${1 + (i % 9)}`,
    language: 'zh',
    title: `一种${MARKER}${topic}`,
    abstract: `本发明公开了一种${MARKER}${topic}。`,
    applicants: [{ name: '济南泉城智能装备有限公司', country: 'CN', region_code: '370102' }],
    ipc: [{ symbol: 'H01M 10/613', version: '2006.01' }],
    ipc_main: 'H01M 10/613',
  };
}

const FIRST = [record(0, '电池散热装置'), record(1, '电池管理系统'), record(2, '灌溉控制器')];
const LATER = record(3, '电池包');

for (const backend of backends()) {
  describe(`saved searches and collections over HTTP (${backend.name})`, () => {
    let server;
    let url;
    let owner; // lx_ent_admin
    let colleague; // lx_ent_member, same organization
    let outsider; // sz_ent_admin, another organization
    let admin;

    before(async () => {
      server = await startServer({ backend: backend.name });
      url = server.url;
      const official = await loginDemo(url, 'jn_official');
      await importRecords(url, official, FIRST, 'collections-first.jsonl');
      await waitForHits(url, `TI=${MARKER}`, FIRST.length);
      owner = await loginDemo(url, 'lx_ent_admin');
      colleague = await loginDemo(url, 'lx_ent_member');
      outsider = await loginDemo(url, 'sz_ent_admin');
      admin = await loginDemo(url, 'admin');
    });
    after(async () => { await server?.stop(); });

    test('visitors get 401 for everything', async () => {
      const calls = [
        ['GET', '/api/v1/saved-searches'],
        ['POST', '/api/v1/saved-searches', { name: 'x', query: 'TI=x' }],
        ['GET', '/api/v1/saved-searches/1'],
        ['PATCH', '/api/v1/saved-searches/1', { name: 'x' }],
        ['DELETE', '/api/v1/saved-searches/1'],
        ['GET', '/api/v1/collections'],
        ['POST', '/api/v1/collections', { name: 'x' }],
        ['GET', '/api/v1/collections/1'],
        ['GET', '/api/v1/collections/1/patents'],
        ['POST', '/api/v1/collections/1/patents', { publication_number: FIRST[0].publication_number }],
        ['DELETE', `/api/v1/collections/1/patents/${FIRST[0].publication_number}`],
        ['POST', '/api/v1/collections/1/viewed'],
      ];
      for (const [method, path, body] of calls) {
        assertProblem(assert, await api(url, method, path, { body }), 401);
      }
    });

    test('a saved search is created, counted, run, changed and deleted', async () => {
      const created = await api(url, 'POST', '/api/v1/saved-searches', {
        session: owner, body: { name: `  ${MARKER}电池  `, query: `TI=(${MARKER} AND 电池)`, sort: '-publication_date' },
      });
      assert.equal(created.status, 201, created.text);
      const saved = created.json;
      assert.equal(saved.name, `${MARKER}电池`);
      assert.equal(saved.sort, '-publication_date');
      assert.equal(saved.shared, false);
      assert.equal(saved.editable, true);
      assert.equal(saved.owner_id, owner.user.id);
      assert.equal(saved.hit_count, 2);

      // Running it is the normal search, with the same count.
      const run = await api(url, 'GET',
        `/api/v1/search?q=${encodeURIComponent(saved.query)}&sort=${saved.sort}`);
      assert.equal(run.status, 200, run.text);
      assert.equal(run.json.total, saved.hit_count);
      assert.deepEqual(run.json.hits.map((h) => h.publication_number),
        [FIRST[1].publication_number, FIRST[0].publication_number]);

      const one = await api(url, 'GET', `/api/v1/saved-searches/${saved.id}`, { session: owner });
      assert.equal(one.status, 200, one.text);
      assert.deepEqual(one.json, saved);

      const mine = await listAll(url, '/api/v1/saved-searches?scope=mine', owner);
      assert.ok(mine.items.some((s) => s.id === saved.id), JSON.stringify(mine));

      const changed = await api(url, 'PATCH', `/api/v1/saved-searches/${saved.id}`, {
        session: owner, body: { name: '灌溉', query: `TI=(${MARKER} AND 灌溉)` },
      });
      assert.equal(changed.status, 200, changed.text);
      assert.equal(changed.json.name, '灌溉');
      assert.equal(changed.json.hit_count, 1);
      assert.equal(changed.json.sort, '-publication_date');

      const deleted = await api(url, 'DELETE', `/api/v1/saved-searches/${saved.id}`, { session: owner });
      assert.equal(deleted.status, 204, deleted.text);
      assertProblem(assert, await api(url, 'GET', `/api/v1/saved-searches/${saved.id}`, { session: owner }), 404);
    });

    test('a malformed query is refused when saved, with the field and the character', async () => {
      const r = await api(url, 'POST', '/api/v1/saved-searches', {
        session: owner, body: { name: 'bad', query: 'TI=(电池 AND' },
      });
      const problem = assertProblem(assert, r, 400, { field: 'query' });
      assert.equal(typeof problem.position, 'number', r.text);
      const auto = await api(url, 'POST', '/api/v1/collections', {
        session: owner, body: { name: 'bad', kind: 'auto', query: 'TI=电池 AND ZZ=1' },
      });
      const autoProblem = assertProblem(assert, auto, 400, { field: 'query' });
      assert.equal(autoProblem.position, 10, auto.text);
      for (const [body, field] of [
        [{ name: '', query: 'TI=x' }, 'name'],
        [{ name: 'x'.repeat(101), query: 'TI=x' }, 'name'],
        [{ name: 'x', query: 'TI=x', sort: 'title' }, 'sort'],
        [{ name: 'x', query: 'TI=x', shared: 'yes' }, 'shared'],
      ]) {
        assertProblem(assert, await api(url, 'POST', '/api/v1/saved-searches', { session: owner, body }), 400, { field });
      }
      assertProblem(assert, await api(url, 'POST', '/api/v1/collections',
        { session: owner, body: { name: 'x', kind: 'smart' } }), 400, { field: 'kind' });
      assertProblem(assert, await api(url, 'GET', '/api/v1/saved-searches?scope=everything',
        { session: owner }), 400, { field: 'scope' });
      assertProblem(assert, await api(url, 'GET', '/api/v1/collections/abc', { session: owner }), 400,
        { field: 'id' });
    });

    test('sharing decides who sees a record; only the owner and administrators change it', async () => {
      const make = async (path, body) => {
        const r = await api(url, 'POST', path, { session: owner, body });
        assert.equal(r.status, 201, r.text);
        return r.json.id;
      };
      const records = {
        privateSearch: `/api/v1/saved-searches/${await make('/api/v1/saved-searches', { name: 'p', query: 'TI=电池' })}`,
        sharedSearch: `/api/v1/saved-searches/${await make('/api/v1/saved-searches', { name: 's', query: 'TI=电池', shared: true })}`,
        privateCollection: `/api/v1/collections/${await make('/api/v1/collections', { name: 'p' })}`,
        sharedCollection: `/api/v1/collections/${await make('/api/v1/collections', { name: 's', shared: true })}`,
      };
      // [who, read private, change private, read shared, change shared]
      const matrix = [
        ['owner', owner, 200, 200, 200, 200],
        ['colleague', colleague, 404, 404, 200, 403],
        ['outsider', outsider, 404, 404, 404, 404],
        ['admin', admin, 200, 200, 200, 200],
      ];
      const wrong = [];
      const check = (who, what, expected, r) => {
        if (r.status !== expected) wrong.push(`${who} ${what}: expected ${expected}, got ${r.status} ${r.text}`);
      };
      for (const [who, session, readPrivate, changePrivate, readShared, changeShared] of matrix) {
        for (const [kind, read, change] of [['private', readPrivate, changePrivate], ['shared', readShared, changeShared]]) {
          const search = records[`${kind}Search`];
          const collection = records[`${kind}Collection`];
          check(who, `GET ${kind} search`, read, await api(url, 'GET', search, { session }));
          check(who, `PATCH ${kind} search`, change,
            await api(url, 'PATCH', search, { session, body: { name: kind[0] } }));
          check(who, `GET ${kind} collection`, read, await api(url, 'GET', collection, { session }));
          check(who, `GET ${kind} collection patents`, read, await api(url, 'GET', `${collection}/patents`, { session }));
          check(who, `PATCH ${kind} collection`, change,
            await api(url, 'PATCH', collection, { session, body: { description: who } }));
          const added = await api(url, 'POST', `${collection}/patents`,
            { session, body: { publication_number: FIRST[2].publication_number } });
          check(who, `add to ${kind} collection`, change === 200 ? 201 : change, added);
          if (added.status === 201) {
            check(who, `remove from ${kind} collection`, 204,
              await api(url, 'DELETE', `${collection}/patents/${FIRST[2].publication_number}`, { session }));
          }
          // Deleting follows the change rule; only refusals are tried here.
          if (change !== 200) {
            check(who, `DELETE ${kind} search`, change, await api(url, 'DELETE', search, { session }));
            check(who, `DELETE ${kind} collection`, change, await api(url, 'DELETE', collection, { session }));
          }
        }
      }
      assert.deepEqual(wrong, []);

      // The lists agree: the colleague sees the shared records and not the private ones.
      const ids = async (session, path) => (await listAll(url, path, session)).items.map((item) => item.id);
      const id = (path) => Number(path.split('/').pop());
      const colleagueSearches = await ids(colleague, '/api/v1/saved-searches');
      assert.ok(colleagueSearches.includes(id(records.sharedSearch)));
      assert.ok(!colleagueSearches.includes(id(records.privateSearch)));
      assert.deepEqual(await ids(colleague, '/api/v1/collections?scope=shared'),
        [id(records.sharedCollection)]);
      assert.deepEqual(await ids(outsider, '/api/v1/collections'), []);
      assertProblem(assert, await api(url, 'GET', '/api/v1/collections?scope=all', { session: owner }), 403);
      const everything = await ids(admin, '/api/v1/collections?scope=all');
      assert.ok(everything.includes(id(records.privateCollection)));
      const shared = (await api(url, 'GET', records.sharedSearch, { session: colleague })).json;
      assert.equal(shared.editable, false);
      assert.equal(shared.owner_name, '泉城智能 张伟');
      // An id that does not exist looks the same as one the caller may not see.
      assertProblem(assert, await api(url, 'GET', '/api/v1/collections/999999', { session: owner }), 404);
    });

    test('a static collection lists what its owner adds, newest first, and refuses unknown patents', async () => {
      const created = await api(url, 'POST', '/api/v1/collections', {
        session: owner, body: { name: '电池专题', description: '动力电池', kind: 'static' },
      });
      assert.equal(created.status, 201, created.text);
      const collection = created.json;
      assert.equal(collection.kind, 'static');
      assert.equal(collection.query, null);
      assert.equal(collection.patent_count, 0);
      const base = `/api/v1/collections/${collection.id}`;

      // Any usual way of writing the number.
      const first = await api(url, 'POST', `${base}/patents`,
        { session: owner, body: { publication_number: FIRST[0].publication_number.toLowerCase() } });
      assert.equal(first.status, 201, first.text);
      assert.equal(first.json.publication_number, FIRST[0].publication_number);
      assert.equal(first.json.title, FIRST[0].title);
      assert.equal(first.json.added_by, '泉城智能 张伟');
      assert.equal(typeof first.json.added_at, 'number');
      await sleep(5); // added_at is in milliseconds: keep the two apart
      const second = await api(url, 'POST', `${base}/patents`,
        { session: owner, body: { publication_number: FIRST[1].application_number } });
      assert.equal(second.status, 201, second.text);
      assert.equal(second.json.publication_number, FIRST[1].publication_number);

      assertProblem(assert, await api(url, 'POST', `${base}/patents`,
        { session: owner, body: { publication_number: 'CN119999999A' } }), 400, { field: 'publication_number' });
      assertProblem(assert, await api(url, 'POST', `${base}/patents`,
        { session: owner, body: {} }), 400, { field: 'publication_number' });
      assertProblem(assert, await api(url, 'POST', `${base}/patents`,
        { session: owner, body: { publication_number: FIRST[0].publication_number } }), 409);

      const list = await api(url, 'GET', `${base}/patents?page=1&size=10`, { session: owner });
      assert.equal(list.status, 200, list.text);
      assert.equal(list.json.total, 2);
      assert.deepEqual(list.json.items.map((p) => p.publication_number),
        [FIRST[1].publication_number, FIRST[0].publication_number]);
      const paged = await api(url, 'GET', `${base}/patents?page=2&size=1`, { session: owner });
      assert.deepEqual(paged.json.items.map((p) => p.publication_number), [FIRST[0].publication_number]);
      assert.equal((await api(url, 'GET', base, { session: owner })).json.patent_count, 2);

      const removed = await api(url, 'DELETE', `${base}/patents/${FIRST[0].publication_number}`, { session: owner });
      assert.equal(removed.status, 204, removed.text);
      assertProblem(assert, await api(url, 'DELETE', `${base}/patents/${FIRST[0].publication_number}`,
        { session: owner }), 404);
      const after = await api(url, 'GET', `${base}/patents`, { session: owner });
      assert.deepEqual(after.json.items.map((p) => p.publication_number), [FIRST[1].publication_number]);

      // Every change is in the audit log.
      const audit = await listAll(url, '/api/v1/audit?action=collection.add_patent', admin);
      const mine = audit.items.filter((e) => e.entity_id === String(collection.id));
      assert.equal(mine.length, 2, JSON.stringify(audit.items));
      assert.equal(mine[0].actor, 'lx_ent_admin');
      const removals = await listAll(url, '/api/v1/audit?action=collection.remove_patent', admin);
      assert.ok(removals.items.some((e) => e.entity_id === String(collection.id)
        && e.detail.publication_number === FIRST[0].publication_number));

      const gone = await api(url, 'DELETE', base, { session: owner });
      assert.equal(gone.status, 204, gone.text);
      assertProblem(assert, await api(url, 'GET', `${base}/patents`, { session: owner }), 404);
    });

    test('an auto collection is what its query finds now, and grows with imports', async () => {
      const created = await api(url, 'POST', '/api/v1/collections', {
        session: owner, body: { name: `${MARKER}电池`, kind: 'auto', query: `TI=(${MARKER} AND 电池)`, shared: true },
      });
      assert.equal(created.status, 201, created.text);
      const collection = created.json;
      assert.equal(collection.patent_count, 2);
      const base = `/api/v1/collections/${collection.id}`;
      const numbers = async (path) => (await api(url, 'GET', path, { session: colleague })).json.items
        .map((p) => p.publication_number);
      assert.deepEqual(await numbers(`${base}/patents`),
        [FIRST[1].publication_number, FIRST[0].publication_number]);
      assertProblem(assert, await api(url, 'POST', `${base}/patents`,
        { session: owner, body: { publication_number: FIRST[2].publication_number } }), 409);

      // The colleague marks it viewed; a patent published later then counts as new.
      const viewed = await api(url, 'POST', `${base}/viewed`, { session: colleague });
      assert.equal(viewed.status, 200, viewed.text);
      assert.equal(typeof viewed.json.last_viewed_at, 'number');

      const official = await loginDemo(url, 'jn_official');
      // Published far in the future, so it is on or after any day the test runs.
      await importRecords(url, official, [{ ...LATER, publication_date: '2099-01-01' }], 'collections-later.jsonl');
      await waitForHits(url, `TI=${MARKER}`, FIRST.length + 1);
      assert.deepEqual(await numbers(`${base}/patents`),
        [LATER.publication_number, FIRST[1].publication_number, FIRST[0].publication_number]);
      const seen = await api(url, 'GET', base, { session: colleague });
      assert.equal(seen.json.patent_count, 3);
      assert.equal(seen.json.new_count, 1);
      assert.deepEqual(await numbers(`${base}/patents?new=true`), [LATER.publication_number]);

      const narrowed = await api(url, 'PATCH', base,
        { session: owner, body: { query: `TI=(${MARKER} AND 灌溉)` } });
      assert.equal(narrowed.status, 200, narrowed.text);
      assert.equal(narrowed.json.patent_count, 1);
      assertProblem(assert, await api(url, 'PATCH', base,
        { session: owner, body: { kind: 'static' } }), 400, { field: 'kind' });
    });

    test('the routes are in the OpenAPI document', async () => {
      const r = await api(url, 'GET', '/api/v1/openapi.json');
      assert.equal(r.status, 200);
      for (const path of ['/api/v1/saved-searches', '/api/v1/saved-searches/{id}', '/api/v1/collections',
        '/api/v1/collections/{id}', '/api/v1/collections/{id}/patents',
        '/api/v1/collections/{id}/patents/{number}', '/api/v1/collections/{id}/viewed']) {
        assert.ok(r.json.paths[path], `${path} missing`);
      }
      const schema = r.json.paths['/api/v1/collections/{id}'].get.responses['200'].content['application/json'].schema;
      assert.ok(schema.properties.patent_count, JSON.stringify(schema));
    });
  });
}
