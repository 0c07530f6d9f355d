// Marketplace listings over HTTP (docs/api.md, "Workflows" and "Marketplace listings"): an
// enterprise lists its patent, the city's official approves it, everyone then finds it; a
// lapsed patent is refused with the check's reason; an illegal transition is answered 409 with
// the state, a transition outside one's role 403, and every step is audited.
//
// Runs on SQLite, and on PostgreSQL too when IPHUB_TEST_PG_URL is set.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, backends, api, loginDemo, assertProblem, cnCheck, makeTempDir, runCli } from './harness.mjs';

function granted(i, applicant, events = []) {
  const digits = `2021${1}${String(7770000 + i).padStart(7, '0')}`;
  const docNumber = `11877${String(i).padStart(4, '0')}`;
  return {
    publication_number: `CN${docNumber}B`,
    country: 'CN',
    doc_number: docNumber,
    kind: 'B',
    type: 'cn_invention_grant',
    application_number: `${digits}.${cnCheck(digits)}`,
    application_date: '2021-03-10',
    publication_date: '2023-05-02',
    grant_date: '2023-05-02',
    language: 'zh',
    title: `一种钠离子电池正极材料${i}`,
    abstract: '本发明公开了一种钠离子电池正极材料。',
    applicants: [{ name: applicant, country: 'CN', region_code: '370102' }],
    ipc: [{ symbol: 'H01M 4/36', version: '2006.01' }],
    ipc_main: 'H01M 4/36',
    legal_events: events,
  };
}

function listingInput(patent, extra = {}) {
  return {
    patent, kind: 'non_exclusive_licence', price_fen: 30_000_000, terms: '许可期限三年',
    industry: '新能源', trl: 6, scenarios: '两轮电动车电池、储能电站', contact_name: '李工',
    contact_phone: '0531-66666666', ...extra,
  };
}

for (const backend of backends()) {
  describe(`marketplace listings over HTTP (${backend.name})`, () => {
    let server;
    let url;
    let enterprise;
    let member;
    let jinan;
    let qingdao;
    let admin;
    let numbers;

    before(async () => {
      server = await startServer({ backend: backend.name });
      url = server.url;
      enterprise = await loginDemo(url, 'lx_ent_admin');
      member = await loginDemo(url, 'sz_ent_admin');
      jinan = await loginDemo(url, 'jn_official');
      qingdao = await loginDemo(url, 'qd_official');
      admin = await loginDemo(url, 'admin');
      const me = await api(url, 'GET', '/api/v1/auth/me', { session: enterprise });
      assert.equal(me.status, 200, me.text);
      const holder = me.json.user.organization_name;
      const records = [
        granted(0, holder),
        granted(1, holder, [{ code: 'CF01', date: '2025-03-01', text: '未缴年费专利权终止' }]),
      ];
      numbers = records.map((r) => r.publication_number);
      const jsonl = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
      const imported = await api(url, 'POST', '/api/v1/patent-imports?filename=market.jsonl', {
        session: jinan, rawBody: Buffer.from(jsonl), contentType: 'application/octet-stream',
      });
      assert.equal(imported.status, 200, imported.text);
    });
    after(async () => { await server?.stop(); });

    test('the listing machine is described for clients', async () => {
      const r = await api(url, 'GET', '/api/v1/workflows/listing');
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.initial, 'draft');
      const approve = r.json.transitions.find((t) => t.name === 'approve');
      assert.deepEqual(approve.from, ['pending_review']);
      assert.deepEqual(approve.roles, ['reviewer']);
      assert.deepEqual(approve.preconditions, ['patent_in_force', 'lister_entitled', 'no_conflict']);
      assert.equal(r.json.states.find((s) => s.name === 'draft').label_zh, '草稿');
      assertProblem(assert, await api(url, 'GET', '/api/v1/workflows/deal_room'), 404);
    });

    test('list, review, publish: each step by its role, audited', async () => {
      const created = await api(url, 'POST', '/api/v1/listings', { session: enterprise, body: listingInput(numbers[0]) });
      assert.equal(created.status, 201, created.text);
      const id = created.json.id;
      assert.equal(created.json.workflow.state, 'draft');
      assert.deepEqual(created.json.workflow.actions.map((a) => a.transition), ['submit', 'withdraw']);
      assert.equal(created.json.workflow.actions[0].allowed, true);

      assertProblem(assert, await api(url, 'GET', `/api/v1/listings/${id}`), 404);
      assertProblem(assert, await api(url, 'GET', `/api/v1/listings/${id}`, { session: member }), 404);

      const submitted = await api(url, 'POST', `/api/v1/listings/${id}/transitions`, {
        session: enterprise, body: { transition: 'submit', version: 1 },
      });
      assert.equal(submitted.status, 200, submitted.text);
      assert.equal(submitted.json.workflow.state, 'pending_review');

      const own = await api(url, 'POST', `/api/v1/listings/${id}/transitions`, { session: enterprise, body: { transition: 'approve' } });
      assertProblem(assert, own, 403);
      assert.match(own.json.detail, /is for "reviewer"/);
      assertProblem(assert, await api(url, 'POST', `/api/v1/listings/${id}/transitions`, {
        session: qingdao, body: { transition: 'approve' },
      }), 404);
      const queue = await api(url, 'GET', '/api/v1/listings?scope=review', { session: jinan });
      assert.equal(queue.status, 200, queue.text);
      assert.deepEqual(queue.json.items.map((l) => l.id), [id]);
      assert.deepEqual(queue.json.items[0].workflow.actions, []);  // lists carry no actions
      const detail = await api(url, 'GET', `/api/v1/listings/${id}`, { session: jinan });
      assert.deepEqual(detail.json.workflow.actions.map((a) => a.transition), ['approve', 'reject']);

      const approved = await api(url, 'POST', `/api/v1/listings/${id}/transitions`, { session: jinan, body: { transition: 'approve' } });
      assert.equal(approved.status, 200, approved.text);
      assert.equal(approved.json.workflow.state, 'published');
      assert.deepEqual(approved.json.workflow.history.map((e) => `${e.transition}:${e.actor}`),
        ['start:lx_ent_admin', 'submit:lx_ent_admin', 'approve:jn_official']);

      const again = await api(url, 'POST', `/api/v1/listings/${id}/transitions`, { session: jinan, body: { transition: 'approve' } });
      assertProblem(assert, again, 409);
      assert.match(again.json.detail, /is "published": "approve" leads from "pending_review" only/);

      const anonymous = await api(url, 'GET', `/api/v1/listings/${id}`);
      assert.equal(anonymous.status, 200, anonymous.text);
      assert.equal(anonymous.json.contact_shown, false);
      assert.equal(anonymous.json.contact_phone, '');
      assert.deepEqual(anonymous.json.workflow.history, []);
      const market = await api(url, 'GET', `/api/v1/listings?q=${encodeURIComponent('钠离子')}&kind=non_exclusive_licence`);
      assert.equal(market.status, 200, market.text);
      assert.deepEqual(market.json.items.map((l) => l.id), [id]);
      assert.equal(market.json.items[0].price_fen, 30_000_000);

      const audit = await api(url, 'GET', '/api/v1/audit?action=listing.approve', { session: admin });
      assert.equal(audit.status, 200, audit.text);
      assert.equal(audit.json.items.filter((e) => e.entity_id === String(id)).length, 1);
    });

    test('a lapsed patent is refused with the reason, and nothing moves', async () => {
      const created = await api(url, 'POST', '/api/v1/listings', { session: enterprise, body: listingInput(numbers[1], { kind: 'transfer' }) });
      assert.equal(created.status, 201, created.text);
      const refused = await api(url, 'POST', `/api/v1/listings/${created.json.id}/transitions`, {
        session: enterprise, body: { transition: 'submit' },
      });
      assertProblem(assert, refused, 409);
      assert.equal(refused.json.detail, `patent_in_force: ${numbers[1]} is not in force: it is lapsed (CF01 2025-03-01)`);
      const after = await api(url, 'GET', `/api/v1/listings/${created.json.id}`, { session: enterprise });
      assert.equal(after.json.workflow.state, 'draft');
      assert.equal(after.json.workflow.version, 1);
      const submit = after.json.workflow.actions.find((a) => a.transition === 'submit');
      assert.equal(submit.allowed, false);
      assert.match(submit.blocked_by, /^patent_in_force: /);
    });

    test('an agency found in the directory lists for the holder once authorised', async () => {
      const agent = await loginDemo(url, 'agency_attorney');
      const found = await api(url, 'GET', '/api/v1/organization-directory?type=ip_agency&region=370100', { session: enterprise });
      assert.equal(found.status, 200, found.text);
      assert.equal(found.json.items.length, 1, found.text);
      const agency = found.json.items[0];
      assert.equal(agency.address, undefined);  // public facts only
      const me = await api(url, 'GET', '/api/v1/auth/me', { session: enterprise });
      const holderId = me.json.user.organization_id;

      const created = await api(url, 'POST', '/api/v1/listings', {
        session: agent, body: listingInput(numbers[0], { holder_org_id: holderId, contact_visibility: 'on_request' }),
      });
      assert.equal(created.status, 201, created.text);
      const id = created.json.id;
      const refused = await api(url, 'POST', `/api/v1/listings/${id}/transitions`, { session: agent, body: { transition: 'submit' } });
      assertProblem(assert, refused, 409);
      assert.match(refused.json.detail, /^lister_entitled: .* holds no authorisation in force from /);

      assertProblem(assert, await api(url, 'POST', '/api/v1/listing-authorisations', {
        session: enterprise, body: { agency_org_id: agency.id, valid_until: '2020-01-01' },
      }), 400, { field: 'valid_until' });
      const grant = await api(url, 'POST', '/api/v1/listing-authorisations', {
        session: enterprise, body: { agency_org_id: agency.id, publication_number: numbers[0], valid_until: '2099-12-31' },
      });
      assert.equal(grant.status, 201, grant.text);
      const received = await api(url, 'GET', '/api/v1/listing-authorisations', { session: agent });
      assert.deepEqual(received.json.items.map((g) => g.id), [grant.json.id]);
      const submitted = await api(url, 'POST', `/api/v1/listings/${id}/transitions`, { session: agent, body: { transition: 'submit' } });
      assert.equal(submitted.status, 200, submitted.text);
      assert.equal(submitted.json.workflow.state, 'pending_review');
      // The holder sees the agency's listing of its patent, with the contact kept for insiders.
      const seen = await api(url, 'GET', `/api/v1/listings/${id}`, { session: enterprise });
      assert.equal(seen.status, 200, seen.text);
      assert.equal(seen.json.contact_shown, true);
      assertProblem(assert, await api(url, 'DELETE', `/api/v1/listing-authorisations/${grant.json.id}`, { session: agent }), 404);
      assert.equal((await api(url, 'DELETE', `/api/v1/listing-authorisations/${grant.json.id}`, { session: enterprise })).status, 204);
    });

    test('bad input names the field', async () => {
      assertProblem(assert, await api(url, 'POST', '/api/v1/listings', { body: listingInput(numbers[0]) }), 401);
      assertProblem(assert, await api(url, 'POST', '/api/v1/listings', {
        session: enterprise, body: listingInput(numbers[0], { trl: 12 }),
      }), 400, { field: 'trl' });
      assertProblem(assert, await api(url, 'POST', '/api/v1/listings', {
        session: enterprise, body: listingInput(numbers[0], { kind: 'rent' }),
      }), 400, { field: 'kind' });
      assertProblem(assert, await api(url, 'POST', '/api/v1/listings', {
        session: enterprise, body: listingInput('CN999999999B'),
      }), 400, { field: 'patent' });
      assertProblem(assert, await api(url, 'POST', '/api/v1/listings/1/transitions', {
        session: enterprise, body: { transition: 'sell' },
      }), 400, { field: 'transition' });
      assertProblem(assert, await api(url, 'GET', '/api/v1/listings?scope=review', { session: enterprise }), 403);
    });
  });
}

describe('the demo marketplace (iphub demo --market)', () => {
  let server;
  let dir;

  before(async () => {
    dir = makeTempDir();
    for (let run = 0; run < 2; run++) {  // the second run finds the listings and adds none
      const r = await runCli(['demo', '--data-dir', dir, '--market']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, run === 0 ? /Demo marketplace: 4 listings created/ : /Demo marketplace: 0 listings created/);
    }
    server = await startServer({ dataDir: dir, demo: false });
  });
  after(async () => { await server?.stop(); });

  test('three listings are public and one waits for the city official', async () => {
    const market = await api(server.url, 'GET', '/api/v1/listings');
    assert.equal(market.status, 200, market.text);
    assert.deepEqual(market.json.items.map((l) => [l.publication_number, l.kind]).sort(), [
      ['CN119999001B', 'transfer'], ['CN119999002B', 'non_exclusive_licence'], ['CN119999004B', 'exclusive_licence'],
    ]);
    assert.ok(market.json.items.every((l) => l.workflow.state === 'published'));
    const jinan = await loginDemo(server.url, 'jn_official');
    const queue = await api(server.url, 'GET', '/api/v1/listings?scope=review', { session: jinan });
    assert.deepEqual(queue.json.items.map((l) => [l.publication_number, l.kind]), [['CN119999003B', 'open_licence']]);
    const detail = await api(server.url, 'GET', `/api/v1/listings/${queue.json.items[0].id}`, { session: jinan });
    const approve = detail.json.workflow.actions.find((a) => a.transition === 'approve');
    assert.equal(approve.allowed, true, approve.blocked_by);
  });
});
