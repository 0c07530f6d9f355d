// The demand library over HTTP (docs/api.md, "Demand library"): an enterprise posts and
// publishes a need, invites a university it finds in the organisation directory, the
// university answers once, the official of the university's city sees its response time;
// drafts stay private and a past deadline is refused on publishing.
//
// Runs on SQLite, and on PostgreSQL too when IPHUB_TEST_PG_URL is set.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, backends, api, loginDemo, assertProblem } from './harness.mjs';

function demandInput(extra = {}) {
  return {
    title: '寻求 AGV 在强反光地面上的定位方案', problem: '仓库地面反光导致激光定位漂移，希望找到成熟的多传感器融合方案。',
    industry: '智能制造', ipc: 'G05D', budget_fen: 50_000_000, deadline: '2099-06-30',
    contact_name: '钱工', contact_phone: '0531-87654321', ...extra,
  };
}

for (const backend of backends()) {
  describe(`demand library over HTTP (${backend.name})`, () => {
    let server;
    let url;
    let enterprise;
    let university;
    let qingdao;

    before(async () => {
      server = await startServer({ backend: backend.name });
      url = server.url;
      enterprise = await loginDemo(url, 'lx_ent_admin');
      university = await loginDemo(url, 'qd_uni_admin');
      qingdao = await loginDemo(url, 'qd_official');
    });
    after(async () => { await server?.stop(); });

    test('post, publish, invite, answer once, response times', async () => {
      const created = await api(url, 'POST', '/api/v1/demands', { session: enterprise, body: demandInput() });
      assert.equal(created.status, 201, created.text);
      const id = created.json.id;
      assert.equal(created.json.workflow.state, 'draft');
      assertProblem(assert, await api(url, 'GET', `/api/v1/demands/${id}`), 404);

      const published = await api(url, 'POST', `/api/v1/demands/${id}/transitions`, {
        session: enterprise, body: { transition: 'publish', version: 1 },
      });
      assert.equal(published.status, 200, published.text);
      assert.equal(published.json.workflow.state, 'open');
      const visitor = await api(url, 'GET', `/api/v1/demands?q=${encodeURIComponent('反光')}`);
      assert.deepEqual(visitor.json.items.map((d) => d.id), [id]);
      assert.equal(visitor.json.items[0].contact_shown, false);

      const found = await api(url, 'GET', `/api/v1/organization-directory?type=university&q=${encodeURIComponent('海滨')}`, { session: enterprise });
      assert.equal(found.json.items.length, 1, found.text);
      const invited = await api(url, 'POST', `/api/v1/demands/${id}/invitations`, {
        session: enterprise, body: { supplier_org_ids: [found.json.items[0].id] },
      });
      assert.equal(invited.status, 201, invited.text);
      assert.equal(invited.json.items.length, 1);
      assert.equal(invited.json.items[0].state, 'pending');
      assertProblem(assert, await api(url, 'POST', `/api/v1/demands/${id}/invitations`, {
        session: enterprise, body: { supplier_org_ids: ['x'] },
      }), 400, { field: 'supplier_org_ids[0]' });

      const inbox = await api(url, 'GET', '/api/v1/demand-invitations?state=pending', { session: university });
      assert.equal(inbox.status, 200, inbox.text);
      const mine = inbox.json.items.find((i) => i.demand_id === id);
      assert.ok(mine, inbox.text);
      assert.equal(mine.demand_title, demandInput().title);
      const answered = await api(url, 'POST', `/api/v1/demand-invitations/${mine.id}/response`, {
        session: university, body: { answer: 'interested', message: '我校有视觉与激光融合定位的专利' },
      });
      assert.equal(answered.status, 200, answered.text);
      assert.equal(answered.json.state, 'answered_on_time');
      const twice = await api(url, 'POST', `/api/v1/demand-invitations/${mine.id}/response`, {
        session: university, body: { answer: 'declined' },
      });
      assertProblem(assert, twice, 409);
      assertProblem(assert, await api(url, 'POST', `/api/v1/demand-invitations/${mine.id}/response`, {
        session: enterprise, body: { answer: 'declined' },
      }), 404);

      const seen = await api(url, 'GET', `/api/v1/demands/${id}/invitations`, { session: enterprise });
      assert.equal(seen.json.items[0].answer, 'interested');
      const times = await api(url, 'GET', '/api/v1/demand-response-times', { session: qingdao });
      assert.equal(times.status, 200, times.text);
      const row = times.json.items.find((r) => r.supplier_org_id === found.json.items[0].id);
      assert.equal(row.invited, 1);
      assert.equal(row.answered, 1);
      assert.equal(row.on_time, 1);
      assert.equal(typeof row.median_response_hours, 'number');

      const workflow = await api(url, 'GET', '/api/v1/workflows/demand');
      assert.deepEqual(workflow.json.transitions.find((t) => t.name === 'publish').preconditions, ['deadline_ahead']);
    });

    test('a past deadline is refused on publishing; bad input names the field', async () => {
      const late = await api(url, 'POST', '/api/v1/demands', { session: enterprise, body: demandInput({ deadline: '2020-01-01' }) });
      assert.equal(late.status, 201, late.text);
      const refused = await api(url, 'POST', `/api/v1/demands/${late.json.id}/transitions`, {
        session: enterprise, body: { transition: 'publish' },
      });
      assertProblem(assert, refused, 409);
      assert.match(refused.json.detail, /^deadline_ahead: the deadline 2020-01-01 has passed/);
      assertProblem(assert, await api(url, 'POST', '/api/v1/demands', {
        session: enterprise, body: demandInput({ deadline: 'next week' }),
      }), 400, { field: 'deadline' });
      assertProblem(assert, await api(url, 'POST', '/api/v1/demands', { body: demandInput() }), 401);
      assertProblem(assert, await api(url, 'GET', '/api/v1/demand-response-times'), 401);
    });
  });
}
