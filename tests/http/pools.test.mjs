// Patent pools and marketplace statistics over HTTP (docs/api.md, "Patent pools",
// "Marketplace statistics"): an enterprise creates a pool, adds a university, both contribute
// patents they hold, the pool is published and public; a lapsed patent and one held by
// someone else are refused with the reason. An approved listing shows in the statistics of
// its city and province, not in another city's, and officials of another city get 404.
//
// Runs on SQLite, and on PostgreSQL too when IPHUB_TEST_PG_URL is set.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, backends, api, loginDemo, assertProblem, cnCheck } from './harness.mjs';

const ENTERPRISE = '济南泉城智能装备有限公司';
const UNIVERSITY = '青岛海滨理工大学';

function granted(i, holder, region, events = []) {
  const digits = `20211${String(6660000 + i).padStart(7, '0')}`;
  const docNumber = `11766${String(i).padStart(4, '0')}`;
  return {
    publication_number: `CN${docNumber}B`, country: 'CN', doc_number: docNumber, kind: 'B',
    type: 'cn_invention_grant', application_number: `${digits}.${cnCheck(digits)}`,
    application_date: '2021-05-10', publication_date: '2023-07-04', grant_date: '2023-07-04',
    language: 'zh', title: `一种工业现场低时延无线通信方法${i}`, abstract: '本发明公开了一种无线通信方法。',
    applicants: [{ name: holder, country: 'CN', region_code: region }],
    ipc: [{ symbol: 'H04W 72/04', version: '2009.01' }], ipc_main: 'H04W 72/04', legal_events: events,
  };
}

for (const backend of backends()) {
  describe(`patent pools and market statistics over HTTP (${backend.name})`, () => {
    let server;
    let url;
    let enterprise;
    let university;
    let stranger;
    let jinan;
    let qingdao;
    let shandong;
    let numbers;

    before(async () => {
      server = await startServer({ backend: backend.name });
      url = server.url;
      enterprise = await loginDemo(url, 'lx_ent_admin');
      university = await loginDemo(url, 'qd_uni_admin');
      stranger = await loginDemo(url, 'sz_ent_admin');
      jinan = await loginDemo(url, 'jn_official');
      qingdao = await loginDemo(url, 'qd_official');
      shandong = await loginDemo(url, 'sd_official');
      const admin = await loginDemo(url, 'admin');
      const records = [
        granted(0, ENTERPRISE, '370102'),
        granted(1, UNIVERSITY, '370202'),
        granted(2, ENTERPRISE, '370102', [{ code: 'CF01', date: '2025-03-01', text: '未缴年费专利权终止' }]),
      ];
      numbers = records.map((r) => r.publication_number);
      const imported = await api(url, 'POST', '/api/v1/patent-imports?filename=pools.jsonl', {
        session: admin, rawBody: Buffer.from(records.map((r) => JSON.stringify(r)).join('\n') + '\n'),
        contentType: 'application/octet-stream',
      });
      assert.equal(imported.status, 200, imported.text);
    });
    after(async () => { await server?.stop(); });

    test('create, add a member, contribute, publish; refusals carry the reason', async () => {
      const created = await api(url, 'POST', '/api/v1/pools', {
        session: enterprise,
        body: { name: '工业无线通信专利池', technology: '工业现场低时延无线通信', ipc: 'H04W', royalty_fen: 5_000_000 },
      });
      assert.equal(created.status, 201, created.text);
      const id = created.json.id;
      assert.equal(created.json.workflow.state, 'draft');
      assert.equal(created.json.role, 'administrator');
      assertProblem(assert, await api(url, 'GET', `/api/v1/pools/${id}`), 404);
      assertProblem(assert, await api(url, 'POST', '/api/v1/pools', { session: enterprise, body: { name: '', technology: 'x' } }), 400, { field: 'name' });

      const lapsed = await api(url, 'POST', `/api/v1/pools/${id}/patents`, { session: enterprise, body: { patent: numbers[2] } });
      assertProblem(assert, lapsed, 409);
      assert.match(lapsed.json.detail, /not in force/);
      const foreign = await api(url, 'POST', `/api/v1/pools/${id}/patents`, { session: enterprise, body: { patent: numbers[1] } });
      assertProblem(assert, foreign, 409);
      assert.match(foreign.json.detail, /is held by 青岛海滨理工大学/);
      assert.equal((await api(url, 'POST', `/api/v1/pools/${id}/patents`, { session: enterprise, body: { patent: numbers[0] } })).status, 201);

      const directory = await api(url, 'GET', `/api/v1/organization-directory?type=university&q=${encodeURIComponent('海滨')}`, { session: enterprise });
      const universityId = directory.json.items[0].id;
      const added = await api(url, 'POST', `/api/v1/pools/${id}/members`, { session: enterprise, body: { org_id: universityId } });
      assert.equal(added.status, 201, added.text);
      assert.equal(added.json.members.length, 2);
      const contributed = await api(url, 'POST', `/api/v1/pools/${id}/patents`, { session: university, body: { patent: numbers[1] } });
      assert.equal(contributed.status, 201, contributed.text);
      assert.equal(contributed.json.role, 'member');

      const noTerms = await api(url, 'POST', `/api/v1/pools/${id}/transitions`, { session: enterprise, body: { transition: 'publish' } });
      assertProblem(assert, noTerms, 409);
      assert.match(noTerms.json.detail, /terms_set/);
      const updated = await api(url, 'PUT', `/api/v1/pools/${id}`, {
        session: enterprise,
        body: { name: '工业无线通信专利池', technology: '工业现场低时延无线通信', ipc: 'H04W', royalty_fen: 5_000_000, terms: '一揽子普通许可，每年 5 万元' },
      });
      assert.equal(updated.status, 200, updated.text);
      assertProblem(assert, await api(url, 'POST', `/api/v1/pools/${id}/transitions`, { session: university, body: { transition: 'publish' } }), 403);
      const published = await api(url, 'POST', `/api/v1/pools/${id}/transitions`, { session: enterprise, body: { transition: 'publish' } });
      assert.equal(published.status, 200, published.text);
      assert.equal(published.json.workflow.state, 'published');

      const visitor = await api(url, 'GET', `/api/v1/pools/${id}`);
      assert.equal(visitor.status, 200, visitor.text);
      assert.equal(visitor.json.patents.length, 2);
      assert.equal(visitor.json.role, null);
      const listed = await api(url, 'GET', `/api/v1/pools?q=${encodeURIComponent('无线')}`);
      assert.deepEqual(listed.json.items.map((p) => p.id), [id]);
      assertProblem(assert, await api(url, 'DELETE', `/api/v1/pools/${id}/patents/${numbers[1]}`, { session: stranger }), 403);
      const left = await api(url, 'DELETE', `/api/v1/pools/${id}/members/${universityId}`, { session: university });
      assert.equal(left.status, 200, left.text);
      assert.equal(left.json.patents.length, 1);
    });

    test('an approved listing counts in its city and province, not elsewhere', async () => {
      const stats = async (session, region = '') =>
        api(url, 'GET', `/api/v1/market-statistics${region ? `?region=${region}` : ''}`, { session });
      const before = (await stats(jinan)).json;
      const created = await api(url, 'POST', '/api/v1/listings', {
        session: enterprise,
        body: { patent: numbers[0], kind: 'non_exclusive_licence', price_fen: 100_000, industry: '智能制造', trl: 6, scenarios: '产线' },
      });
      assert.equal(created.status, 201, created.text);
      for (const [session, transition] of [[enterprise, 'submit'], [jinan, 'approve']]) {
        const r = await api(url, 'POST', `/api/v1/listings/${created.json.id}/transitions`, { session, body: { transition } });
        assert.equal(r.status, 200, r.text);
      }
      const after = await stats(jinan);
      assert.equal(after.status, 200, after.text);
      assert.equal(after.json.region.code, '370100');
      assert.equal(after.json.totals.listings, before.totals.listings + 1);
      const lixia = after.json.children.find((c) => c.code === '370102');
      assert.equal(lixia.listings, before.children.find((c) => c.code === '370102').listings + 1);
      assert.equal(after.json.by_month.length, 12);
      assert.equal(after.json.by_month.at(-1).listings, before.by_month.at(-1).listings + 1);
      const province = (await stats(shandong)).json;
      assert.ok(province.children.find((c) => c.code === '370100').listings >= 1);
      assert.equal((await stats(qingdao)).json.totals.listings, 0);
      assertProblem(assert, await stats(qingdao, '370100'), 404);
      assertProblem(assert, await stats(enterprise), 403);
      assertProblem(assert, await api(url, 'GET', '/api/v1/market-statistics?from=2026-13'), 401);
      assertProblem(assert, await api(url, 'GET', '/api/v1/market-statistics?from=2026-13', { session: jinan }), 400, { field: 'from' });
    });
  });
}
