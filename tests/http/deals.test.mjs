// Deals over HTTP (docs/api.md, "Deals"): a university lists a patent, an enterprise opens a
// deal on it, the two negotiate with offers and a counter-offer, agree, download the contract
// PDF and file the recordal; the official cannot confirm it before the office's EE01 event is
// on the patent, and once an import brings that event the platform records and closes the
// deal by itself. Strangers and officials of other cities do not see the deal.
//
// Runs on SQLite, and on PostgreSQL too when IPHUB_TEST_PG_URL is set.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import fs from 'node:fs';

import {
  startServer, backends, api, loginDemo, assertProblem, cnCheck, runCli, dataArgs, makeTempDir,
} from './harness.mjs';

const UNIVERSITY = '青岛海滨理工大学';
const ENTERPRISE = '济南舜耕新材料科技有限公司';

function patent(events = [], serial = '1') {
  const digits = `20211008800${serial}`;
  return {
    publication_number: `CN11888000${serial}B`, country: 'CN', doc_number: `11888000${serial}`, kind: 'B',
    type: 'cn_invention_grant', application_number: `${digits}.${cnCheck(digits)}`,
    application_date: '2021-04-01', publication_date: '2023-06-02', grant_date: '2023-06-02',
    language: 'zh', title: '一种海洋浮标的太阳能供电与低功耗通信系统',
    abstract: '本发明公开了一种海洋浮标的低功耗通信系统。',
    applicants: [{ name: UNIVERSITY, country: 'CN', region_code: '370202' }],
    ipc: [{ symbol: 'G01C 13/00', version: '2006.01' }], ipc_main: 'G01C 13/00',
    legal_events: events,
  };
}

async function importPatent(url, session, record) {
  const r = await api(url, 'POST', '/api/v1/patent-imports?filename=deal.jsonl', {
    session, rawBody: Buffer.from(JSON.stringify(record) + '\n'), contentType: 'application/octet-stream',
  });
  assert.equal(r.status, 200, r.text);
}

function shanghaiToday() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

for (const backend of backends()) {
  describe(`deals over HTTP (${backend.name})`, () => {
    let server;
    let url;
    let university;
    let enterprise;
    let stranger;
    let qingdao;
    let jinan;
    let admin;
    let listingId;

    before(async () => {
      server = await startServer({ backend: backend.name });
      url = server.url;
      university = await loginDemo(url, 'qd_uni_admin');
      enterprise = await loginDemo(url, 'sz_ent_admin');
      stranger = await loginDemo(url, 'lx_ent_admin');
      qingdao = await loginDemo(url, 'qd_official');
      jinan = await loginDemo(url, 'jn_official');
      admin = await loginDemo(url, 'admin');
      await importPatent(url, admin, patent());
      const created = await api(url, 'POST', '/api/v1/listings', {
        session: university,
        body: {
          patent: 'CN118880001B', kind: 'exclusive_licence', price_fen: 20_000_000,
          terms: '独占许可，五年', industry: '海洋装备', trl: 6, scenarios: '近海环境监测浮标',
        },
      });
      assert.equal(created.status, 201, created.text);
      listingId = created.json.id;
      for (const [session, transition] of [[university, 'submit'], [qingdao, 'approve']]) {
        const r = await api(url, 'POST', `/api/v1/listings/${listingId}/transitions`, { session, body: { transition } });
        assert.equal(r.status, 200, r.text);
      }
    });
    after(async () => { await server?.stop(); });

    test('the deal machine is described for clients', async () => {
      const r = await api(url, 'GET', '/api/v1/workflows/deal');
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json.states.map((s) => s.name),
        ['inquiry', 'negotiating', 'agreed', 'recordal_filed', 'recorded', 'closed', 'withdrawn']);
    });

    test('inquiry, offers, agreement, contract PDF, recordal, closed by the import', async () => {
      assertProblem(assert, await api(url, 'POST', '/api/v1/deals', { body: { listing_id: listingId, message: '询价' } }), 401);
      assertProblem(assert, await api(url, 'POST', '/api/v1/deals', {
        session: university, body: { listing_id: listingId, message: '自己买自己的' },
      }), 400, { field: 'listing_id' });
      const opened = await api(url, 'POST', '/api/v1/deals', {
        session: enterprise, body: { listing_id: listingId, message: '我们希望获得山东省内的独占许可' },
      });
      assert.equal(opened.status, 201, opened.text);
      const id = opened.json.id;
      assert.equal(opened.json.state, 'inquiry');
      assert.equal(opened.json.side, 'buyer');
      assert.equal(opened.json.seller.name, UNIVERSITY);
      assert.equal(opened.json.buyer.name, ENTERPRISE);
      assert.equal(opened.json.messages.length, 1);

      // Strangers and officials of another city get 404; the listing region's official reads it.
      assertProblem(assert, await api(url, 'GET', `/api/v1/deals/${id}`, { session: stranger }), 404);
      assertProblem(assert, await api(url, 'GET', `/api/v1/deals/${id}`, { session: jinan }), 404);
      const official = await api(url, 'GET', `/api/v1/deals/${id}`, { session: qingdao });
      assert.equal(official.status, 200, official.text);
      assert.equal(official.json.side, 'official');
      assertProblem(assert, await api(url, 'POST', `/api/v1/deals/${id}/messages`, {
        session: qingdao, body: { text: '你好' },
      }), 403);

      // An offer before the seller responds is refused with the reason.
      const early = await api(url, 'POST', `/api/v1/deals/${id}/offers`, { session: enterprise, body: { price_fen: 1 } });
      assertProblem(assert, early, 409);
      assert.match(early.json.detail, /negotiating/);
      const responded = await api(url, 'POST', `/api/v1/deals/${id}/transitions`, {
        session: university, body: { transition: 'respond', version: 1 },
      });
      assert.equal(responded.status, 200, responded.text);
      const offer = await api(url, 'POST', `/api/v1/deals/${id}/offers`, {
        session: university, body: { price_fen: 25_000_000, terms: '五年，全国' },
      });
      assert.equal(offer.status, 201, offer.text);
      assertProblem(assert, await api(url, 'POST', `/api/v1/deals/${id}/offers`, {
        session: enterprise, body: { price_fen: -5 },
      }), 400, { field: 'price_fen' });
      const counter = await api(url, 'POST', `/api/v1/deals/${id}/offers`, {
        session: enterprise, body: { price_fen: 18_000_000, terms: '五年，山东省内' },
      });
      assert.equal(counter.status, 201, counter.text);
      const said = await api(url, 'POST', `/api/v1/deals/${id}/messages`, {
        session: university, body: { text: '可以接受山东省内的范围' },
      });
      assert.equal(said.status, 201, said.text);
      assert.equal(said.json.side, 'seller');

      // Accepting the superseded offer is refused; accepting the counter-offer agrees.
      const stale = await api(url, 'POST', `/api/v1/deals/${id}/transitions`, {
        session: university, body: { transition: 'agree', offer_id: offer.json.id },
      });
      assertProblem(assert, stale, 409);
      assert.match(stale.json.detail, /no longer stands/);
      const noContract = await api(url, 'GET', `/api/v1/deals/${id}/contract.pdf`, { session: enterprise });
      assert.equal(noContract.status, 404);
      const agreed = await api(url, 'POST', `/api/v1/deals/${id}/transitions`, {
        session: university, body: { transition: 'agree', offer_id: counter.json.id },
      });
      assert.equal(agreed.status, 200, agreed.text);
      assert.equal(agreed.json.state, 'agreed');
      assert.equal(agreed.json.agreed_price_fen, 18_000_000);
      assert.deepEqual(agreed.json.offers.map((o) => o.status), ['superseded', 'accepted']);
      assert.equal(agreed.json.contract.title, '专利实施许可合同');
      assert.match(agreed.json.contract.text, /壹拾捌万元整/);

      const pdf = await fetch(`${url}/api/v1/deals/${id}/contract.pdf`, { headers: { cookie: enterprise.cookie } });
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
      assert.match(pdf.headers.get('content-disposition'), new RegExp(`attachment; filename="deal-${id}-contract.pdf"`));
      const bytes = Buffer.from(await pdf.arrayBuffer());
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.match(bytes.toString('latin1'), /\/Type \/Page /);
      const strangerPdf = await fetch(`${url}/api/v1/deals/${id}/contract.pdf`, { headers: { cookie: stranger.cookie } });
      assert.equal(strangerPdf.status, 404);

      assertProblem(assert, await api(url, 'POST', `/api/v1/deals/${id}/transitions`, {
        session: enterprise, body: { transition: 'file_recordal', recordal_number: '!' },
      }), 400, { field: 'recordal_number' });
      const filed = await api(url, 'POST', `/api/v1/deals/${id}/transitions`, {
        session: enterprise, body: { transition: 'file_recordal', recordal_number: 'X2026370000777' },
      });
      assert.equal(filed.status, 200, filed.text);
      assert.equal(filed.json.state, 'recordal_filed');
      const early_record = await api(url, 'POST', `/api/v1/deals/${id}/transitions`, {
        session: qingdao, body: { transition: 'record' },
      });
      assertProblem(assert, early_record, 409);
      assert.match(early_record.json.detail, /recordal_on_register/);

      // The office's event arrives with an import: the platform records and closes the deal.
      await importPatent(url, admin, patent([{
        code: 'EE01', date: shanghaiToday(),
        text: `专利实施许可合同备案的生效 合同备案号：X2026370000777 让与人：${UNIVERSITY} 受让人：${ENTERPRISE} 许可种类：独占许可`,
      }]));
      let deal;
      for (let attempt = 0; attempt < 100; ++attempt) {
        deal = (await api(url, 'GET', `/api/v1/deals/${id}`, { session: enterprise })).json;
        if (deal.state === 'closed') break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      assert.equal(deal.state, 'closed');
      assert.equal(deal.recorded_event, `EE01 ${shanghaiToday()}`);
      assert.deepEqual(deal.workflow.history.slice(-2).map((e) => [e.transition, e.actor]),
        [['record', 'system'], ['close', 'system']]);

      const mine = await api(url, 'GET', '/api/v1/deals?scope=mine', { session: university });
      assert.equal(mine.status, 200, mine.text);
      assert.ok(mine.json.items.some((d) => d.id === id));
      assert.equal((await api(url, 'GET', '/api/v1/deals?scope=mine', { session: stranger })).json.total, 0);
      assertProblem(assert, await api(url, 'GET', '/api/v1/deals?scope=region', { session: enterprise }), 403);
    });

    // Last: it stops and restarts the server.
    test('`iphub import` with no server running records and closes the deal itself', async () => {
      await importPatent(url, admin, patent([], '2'));
      const listed = await api(url, 'POST', '/api/v1/listings', {
        session: university,
        body: {
          patent: 'CN118880002B', kind: 'transfer', price_fen: 50_000_000, industry: '海洋装备', trl: 7,
          scenarios: '海洋浮标供电',
        },
      });
      assert.equal(listed.status, 201, listed.text);
      for (const [session, transition] of [[university, 'submit'], [qingdao, 'approve']]) {
        const r = await api(url, 'POST', `/api/v1/listings/${listed.json.id}/transitions`, { session, body: { transition } });
        assert.equal(r.status, 200, r.text);
      }
      const opened = await api(url, 'POST', '/api/v1/deals', {
        session: enterprise, body: { listing_id: listed.json.id, message: '希望受让' },
      });
      assert.equal(opened.status, 201, opened.text);
      const id = opened.json.id;
      const step = async (session, path, body, status = 200) => {
        const r = await api(url, 'POST', `/api/v1/deals/${id}/${path}`, { session, body });
        assert.equal(r.status, status, r.text);
        return r.json;
      };
      await step(university, 'transitions', { transition: 'respond' });
      const offer = await step(university, 'offers', { price_fen: 45_000_000, terms: '一次性付清' }, 201);
      await step(enterprise, 'transitions', { transition: 'agree', offer_id: offer.id });
      await step(enterprise, 'transitions', { transition: 'file_recordal', recordal_number: 'T2026370000888' });

      // The server stops; the office's TR01 arrives by the command line.
      await server.stop();
      const file = `${makeTempDir('iphub-deal-import-')}/tr01.jsonl`;
      const transferred = patent([{
        code: 'TR01', date: shanghaiToday(),
        text: `专利权的转移 变更前权利人：${UNIVERSITY} 变更后权利人：${ENTERPRISE}`,
      }], '2');
      transferred.applicants = [{ name: ENTERPRISE, country: 'CN', region_code: '370102' }];
      fs.writeFileSync(file, JSON.stringify(transferred) + '\n');
      const imported = await runCli(['import', file, ...dataArgs(server)]);
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(imported.stdout, /deal recordals: 1 deal\(s\) recorded and closed/);

      server = await startServer({ backend: backend.name, dataDir: server.dataDir, db: server.db, demo: false });
      url = server.url;
      const buyer = await loginDemo(url, 'sz_ent_admin');
      const deal = await api(url, 'GET', `/api/v1/deals/${id}`, { session: buyer });
      assert.equal(deal.status, 200, deal.text);
      assert.equal(deal.json.state, 'closed');
      assert.equal(deal.json.recorded_event, `TR01 ${shanghaiToday()}`);
      assert.deepEqual(deal.json.workflow.history.slice(-2).map((e) => [e.transition, e.actor]),
        [['record', 'system'], ['close', 'system']]);
    });
  });
}
