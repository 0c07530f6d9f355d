// Deal evidence over HTTP (docs/api.md, "Deal evidence"; docs/valuation.md, "Market evidence"):
// the demo's welding-licence deal is driven to agreement; its parties and the official of its
// region see its id and price as the patent's own deal, others only that a deal was agreed and
// when. Three licences on other B23K patents are agreed: with two the comparable figures are
// withheld, with three they are given (nearest-rank percentiles). Unknown patents are 404,
// callers not logged in 401.
//
// Runs on SQLite, and on PostgreSQL too when IPHUB_TEST_PG_URL is set.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  startServer, backends, api, loginDemo, assertProblem, cnCheck, makeTempDir, runCli, createPgDatabase,
} from './harness.mjs';

const UNIVERSITY = '青岛海滨理工大学';
const WELDING = 'CN119999002B'; // the demo's listed welding patent, IPC B23K 9/127

function patent(docNumber, ipc) {
  const digits = `2021100${docNumber.slice(4)}`;
  return {
    publication_number: `CN${docNumber}B`, country: 'CN', doc_number: docNumber, kind: 'B',
    type: 'cn_invention_grant', application_number: `${digits}.${cnCheck(digits)}`,
    application_date: '2021-04-01', publication_date: '2023-06-02', grant_date: '2023-06-02',
    language: 'zh', title: `一种焊接机器人的焊缝质量在线检测方法 ${docNumber}`,
    abstract: '本发明公开了一种焊缝质量在线检测方法。',
    applicants: [{ name: UNIVERSITY, country: 'CN', region_code: '370202' }],
    ipc: [{ symbol: ipc, version: '2006.01' }], ipc_main: ipc,
    legal_events: [],
  };
}

function shanghaiToday() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

async function ok(response, status = 200) {
  assert.equal(response.status, status, response.text);
  return response.json;
}

for (const backend of backends()) {
  describe(`deal evidence over HTTP (${backend.name})`, () => {
    let server;
    let url;
    let university;
    let enterprise;
    let welder;
    let qingdao;
    let jinan;
    let admin;

    before(async () => {
      // The demo with its marketplace (iphub demo --market): the welding deal under way.
      const dir = makeTempDir();
      const db = backend.name === 'postgres' ? createPgDatabase() : undefined;
      const r = await runCli(['demo', '--data-dir', dir, '--market', ...(db ? ['--db', db] : [])]);
      assert.equal(r.code, 0, r.stderr);
      server = await startServer({ dataDir: dir, demo: false, backend: backend.name, db });
      url = server.url;
      university = await loginDemo(url, 'qd_uni_admin');
      enterprise = await loginDemo(url, 'sz_ent_admin');
      welder = await loginDemo(url, 'lx_ent_admin');
      qingdao = await loginDemo(url, 'qd_official');
      jinan = await loginDemo(url, 'jn_official');
      admin = await loginDemo(url, 'admin');
    });
    after(async () => { await server?.stop(); });

    // A licence of `docNumber` (B23K) listed by the university and agreed with the enterprise.
    async function agreeLicence(docNumber, priceFen) {
      const r = await api(url, 'POST', '/api/v1/patent-imports?filename=evidence.jsonl', {
        session: admin, rawBody: Buffer.from(JSON.stringify(patent(docNumber, 'B23K 31/12')) + '\n'),
        contentType: 'application/octet-stream',
      });
      assert.equal(r.status, 200, r.text);
      const listing = await ok(await api(url, 'POST', '/api/v1/listings', {
        session: university,
        body: {
          patent: `CN${docNumber}B`, kind: 'exclusive_licence', price_fen: priceFen, terms: '独占许可，三年',
          industry: '智能制造', trl: 6, scenarios: '焊接机器人产线',
        },
      }), 201);
      for (const [session, transition] of [[university, 'submit'], [qingdao, 'approve']]) {
        await ok(await api(url, 'POST', `/api/v1/listings/${listing.id}/transitions`, { session, body: { transition } }));
      }
      const deal = await ok(await api(url, 'POST', '/api/v1/deals', {
        session: enterprise, body: { listing_id: listing.id, message: '询价' },
      }), 201);
      await ok(await api(url, 'POST', `/api/v1/deals/${deal.id}/transitions`, {
        session: university, body: { transition: 'respond' },
      }));
      const offer = await ok(await api(url, 'POST', `/api/v1/deals/${deal.id}/offers`, {
        session: university, body: { price_fen: priceFen, terms: '三年' },
      }), 201);
      const agreed = await ok(await api(url, 'POST', `/api/v1/deals/${deal.id}/transitions`, {
        session: enterprise, body: { transition: 'agree', offer_id: offer.id },
      }));
      assert.equal(agreed.state, 'agreed');
      return deal.id;
    }

    test('the own deal whole to its parties and region, its date to everyone else', async () => {
      assertProblem(assert, await api(url, 'GET', `/api/v1/patents/${WELDING}/deal-evidence`), 401);
      assertProblem(assert, await api(url, 'GET', '/api/v1/patents/CN100000009B/deal-evidence', { session: enterprise }), 404);

      // Before the agreement: the inquiry is no evidence.
      const before = await ok(await api(url, 'GET', `/api/v1/patents/${WELDING}/deal-evidence`, { session: enterprise }));
      assert.equal(before.publication_number, WELDING);
      assert.equal(before.ipc_subclass, 'B23K');
      assert.equal(before.own_count, 0);
      assert.equal(before.min_comparable, 3);

      // The demo deal: 泉城智能 offered 280,000 yuan; 舜耕新材 accepts.
      const mine = await ok(await api(url, 'GET', '/api/v1/deals?scope=mine', { session: enterprise }));
      const demo = mine.items.find((d) => d.publication_number === WELDING);
      assert.ok(demo, JSON.stringify(mine));
      const room = await ok(await api(url, 'GET', `/api/v1/deals/${demo.id}`, { session: enterprise }));
      const standing = room.offers.find((o) => o.status === 'open');
      const agreed = await ok(await api(url, 'POST', `/api/v1/deals/${demo.id}/transitions`, {
        session: enterprise, body: { transition: 'agree', offer_id: standing.id },
      }));
      assert.equal(agreed.agreed_price_fen, 28_000_000);

      for (const session of [enterprise, welder, jinan]) {
        // Written without its kind: the stored B publication.
        const seen = await ok(await api(url, 'GET', '/api/v1/patents/CN119999002/deal-evidence', { session }));
        assert.equal(seen.publication_number, WELDING);
        assert.equal(seen.as_of, shanghaiToday());
        assert.equal(seen.own_count, 1);
        assert.deepEqual(seen.own[0], {
          id: demo.id, kind: 'non_exclusive_licence', family: 'licence', state: 'agreed',
          agreed_price_fen: 28_000_000, agreed_on: shanghaiToday(), recorded_event: null, recorded_on: null,
          visible: true,
        });
      }
      for (const session of [university, qingdao]) {
        const seen = await ok(await api(url, 'GET', `/api/v1/patents/${WELDING}/deal-evidence`, { session }));
        assert.equal(seen.own_count, 1);
        assert.deepEqual(seen.own[0], {
          id: null, kind: 'non_exclusive_licence', family: 'licence', state: 'agreed',
          agreed_price_fen: null, agreed_on: shanghaiToday(), recorded_event: null, recorded_on: null,
          visible: false,
        });
      }
    });

    test('comparable licences: the count below three, the figures from three', async () => {
      await agreeLicence('118770001', 10_000_000);
      await agreeLicence('118770002', 30_000_000);
      const two = await ok(await api(url, 'GET', `/api/v1/patents/${WELDING}/deal-evidence`, { session: qingdao }));
      assert.deepEqual(two.comparable.map((c) => c.family), ['assignment', 'licence']);
      const fewLicences = two.comparable[1];
      assert.equal(fewLicences.count, 2);
      assert.equal(fewLicences.ipc_subclass, 'B23K');
      assert.equal(fewLicences.median_fen, null);
      assert.equal(fewLicences.min_fen, null);
      assert.match(fewLicences.reason, /fewer than 3/);
      assert.equal(two.comparable[0].count, 0);

      await agreeLicence('118770003', 20_000_000);
      const three = await ok(await api(url, 'GET', `/api/v1/patents/${WELDING}/deal-evidence`, { session: qingdao }));
      const licences = three.comparable[1];
      // 10, 20, 30 (×10⁴ yuan in fen); nearest rank of three: ranks 1, 2, 3. The welding patent's
      // own 280,000-yuan licence is not among them.
      assert.deepEqual(
        [licences.count, licences.min_fen, licences.p25_fen, licences.median_fen, licences.p75_fen, licences.max_fen],
        [3, 10_000_000, 10_000_000, 20_000_000, 30_000_000, 30_000_000]);
      assert.equal(licences.reason, null);
      const since = new Date(Date.now() + 8 * 3600 * 1000);
      since.setUTCFullYear(since.getUTCFullYear() - 3);
      assert.equal(licences.since, since.toISOString().slice(0, 10));

      // A comparable patent's own evidence leaves it out and counts the welding licence:
      // 20, 28, 30 (×10⁴ yuan).
      const other = await ok(await api(url, 'GET', '/api/v1/patents/CN118770001B/deal-evidence', { session: enterprise }));
      assert.equal(other.own_count, 1);
      assert.equal(other.own[0].agreed_price_fen, 10_000_000);
      assert.deepEqual([other.comparable[1].count, other.comparable[1].median_fen], [3, 28_000_000]);
    });
  });
}
