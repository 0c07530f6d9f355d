// Valuation over HTTP (docs/api.md, "Valuation"; docs/valuation.md): an official imports a
// small cohort of CN invention grants that cite each other, `iphub valuation score` stores the
// batch, and the explanation, the scenario presets and the relief-from-royalty estimate are
// checked against the numbers docs/valuation.md states. Explanations are public, as patent
// records are; the royalty estimate needs a logged-in caller. A user's saved weight sets are
// theirs alone, and weigh an explanation in place of a preset; market inputs fill the two
// market indicators.
//
// Runs on SQLite, and on PostgreSQL too when IPHUB_TEST_PG_URL is set.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

import { startServer, backends, api, loginDemo, assertProblem, runCli, dataArgs, makeTempDir, cnCheck } from './harness.mjs';

const DOC = fs.readFileSync(new URL('../../docs/valuation.md', import.meta.url), 'utf8');
const AS_OF = '2024-06-30';
const SCENARIOS = ['transfer_licence', 'pledge_finance', 'tax', 'infringement_remedy', 'portfolio_grading'];
const EPS = 1e-9;

// Grant i: a CN invention grant in H01M filed in 2016, with `claims` claims, citing `cites`.
function grant(i, claims, cites = []) {
  const digits = `2016${1}${String(5550000 + i).padStart(7, '0')}`;
  const docNumber = `11878${String(i).padStart(4, '0')}`;
  return {
    publication_number: `CN${docNumber}B`,
    country: 'CN',
    doc_number: docNumber,
    kind: 'B',
    type: 'cn_invention_grant',
    application_number: `${digits}.${cnCheck(digits)}`,
    application_date: `2016-0${1 + i}-15`,
    publication_date: `2018-0${1 + i}-20`,
    grant_date: `2018-0${1 + i}-20`,
    language: 'zh',
    title: `一种锂电池极片${i}`,
    applicants: [{ name: '济南泉城电池有限公司', country: 'CN', region_code: '370102' }],
    ipc: [{ symbol: 'H01M 4/13', version: '2006.01' }],
    ipc_main: 'H01M 4/13',
    claims: Array.from({ length: claims }, (_, k) => ({
      number: k + 1, text: `权利要求${k + 1}`, depends_on: k === 0 ? [] : [1],
    })),
    citations: cites.map((c) => ({
      kind: 'patent', by: 'examiner', country: 'CN', number: c.doc_number, date: c.publication_date,
    })),
  };
}

const G0 = grant(0, 10);
const G1 = grant(1, 4, [G0]);
const G2 = grant(2, 16, [G0, G1]);
const G3 = grant(3, 2, [G0]);
const G4 = grant(4, 7);
const RECORDS = [G0, G1, G2, G3, G4];

// "**93,256.96**" in the worked example → fen.
function docTotalFen() {
  const m = /\*\*total\*\* \| \*\*([\d,]+)\.(\d\d)\*\*/.exec(DOC);
  assert.ok(m, 'docs/valuation.md has the worked example total');
  return Number(m[1].replaceAll(',', '')) * 100 + Number(m[2]);
}

// The dimension weights of a scenario as the presets table of docs/valuation.md gives them.
function docDimensionWeights(id) {
  const m = new RegExp(`\\| \`${id}\` \\| (\\d+) \\| (\\d+) \\| (\\d+) \\|`).exec(DOC);
  assert.ok(m, `docs/valuation.md tabulates ${id}`);
  return { legal: Number(m[1]), technical: Number(m[2]), economic: Number(m[3]) };
}

const sum = (values) => values.reduce((a, b) => a + b, 0);

// Today in Asia/Shanghai, the day the server's refresh values as of.
const shanghaiToday = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

// Polls the explanation of `number` until the stored batch ranks it as of `asOf` (the server
// refreshes the scores by itself once an import settles: docs/valuation.md, "When scores
// refresh"). Returns that rank; fails after `timeoutMs`.
async function waitForRank(url, number, asOf, timeoutMs = 30000) {
  const until = Date.now() + timeoutMs;
  let last;
  while (Date.now() < until) {
    last = await api(url, 'GET', `/api/v1/patents/${number}/valuation`);
    if (last.status === 200 && last.json.rank && last.json.rank.as_of === asOf) return last.json.rank;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`no rank as of ${asOf} for ${number} within ${timeoutMs} ms: ${last?.text}`);
}

for (const backend of backends()) {
  describe(`valuation over HTTP (${backend.name})`, () => {
    let server;
    let url;
    let member; // lx_ent_member: any logged-in user
    let admin;

    before(async () => {
      server = await startServer({ backend: backend.name });
      url = server.url;
      const official = await loginDemo(url, 'jn_official');
      const jsonl = RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n';
      const r = await api(url, 'POST', '/api/v1/patent-imports?filename=valuation.jsonl', {
        session: official, rawBody: Buffer.from(jsonl), contentType: 'application/octet-stream',
      });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.counts.imported, RECORDS.length, r.text);
      // The server values the import by itself, as of today; then the CLI's batch of AS_OF.
      await waitForRank(url, G0.publication_number, shanghaiToday());
      const scored = await runCli(['valuation', 'score', '--as-of', AS_OF, ...dataArgs(server)]);
      assert.equal(scored.code, 0, scored.stderr);
      assert.match(scored.stdout, /valuation portfolio_grading as of 2024-06-30: 5 patents scored in 1 cohorts/);
      member = await loginDemo(url, 'lx_ent_member');
      admin = await loginDemo(url, 'admin');
    });
    after(async () => { await server?.stop(); });

    test('an explanation adds up, and carries the batch grade of its cohort', async () => {
      const r = await api(url, 'GET', `/api/v1/patents/${G0.publication_number}/valuation?as_of=${AS_OF}`);
      assert.equal(r.status, 200, r.text);
      const v = r.json;
      assert.equal(v.publication_number, G0.publication_number);
      assert.equal(v.scenario, 'portfolio_grading');
      assert.equal(v.as_of, AS_OF);
      assert.equal(v.legal_status, 'valid');
      assert.equal(v.indicators.length, 17);
      assert.ok(Math.abs(sum(v.indicators.map((i) => i.contribution)) - v.total) < EPS, r.text);
      assert.ok(Math.abs(sum(v.dimensions.map((d) => d.contribution)) - v.total) < EPS, r.text);
      assert.equal(sum(v.dimensions.map((d) => d.weight_bp)), 10000);
      for (const d of v.dimensions) {
        const own = v.indicators.filter((i) => i.dimension === d.id);
        assert.equal(sum(own.map((i) => i.weight_bp)), 10000, d.id);
        // Each contribution is score × weight × dimension weight.
        for (const i of own) {
          assert.ok(Math.abs(i.contribution - (i.score * i.weight_bp * d.weight_bp) / 1e8) < EPS, i.id);
        }
      }
      const byId = Object.fromEntries(v.indicators.map((i) => [i.id, i]));
      assert.equal(byId['legal.claims'].value, 10);
      assert.equal(byId['legal.status'].value_label, 'valid');
      assert.equal(byId['economic.product_revenue'].known, false);
      // G0 is cited by G1, G2 and G3: the most cited of its cohort of five (3, 1, 0, 0, 0).
      assert.equal(v.corpus.forward_citations, 3);
      assert.equal(v.corpus.cohort_key, 'H01M/2016');
      assert.equal(v.corpus.cohort_size, 5);
      assert.equal(byId['technical.forward_citations'].value, 3);
      assert.equal(byId['technical.forward_citations'].score, 90); // 100 × (2·4 + 1) / 10
      // The batch of the same day ranked the same total.
      assert.ok(v.rank, r.text);
      assert.equal(v.rank.scenario, 'portfolio_grading');
      assert.equal(v.rank.as_of, AS_OF);
      assert.equal(v.rank.total, v.total);
      assert.match(v.rank.grade, /^[A-E]$/);
    });

    test('the grades of the cohort follow the stored percentiles', async () => {
      const ranks = [];
      for (const g of RECORDS) {
        const r = await api(url, 'GET', `/api/v1/patents/${g.publication_number}/valuation?as_of=${AS_OF}`);
        assert.equal(r.status, 200, r.text);
        ranks.push(r.json.rank);
      }
      // Five distinct totals: percentiles 10, 30, 50, 70, 90 in the order of the totals.
      const sorted = [...ranks].sort((a, b) => a.total - b.total);
      assert.deepEqual(sorted.map((x) => x.percentile), [10, 30, 50, 70, 90]);
      assert.deepEqual(sorted.map((x) => x.grade), ['D', 'C', 'C', 'B', 'A']);
    });

    test('the scenarios are the presets of docs/valuation.md, and a scenario changes only weights', async () => {
      const s = await api(url, 'GET', '/api/v1/valuation/scenarios');
      assert.equal(s.status, 200, s.text);
      assert.equal(s.json.default, 'portfolio_grading');
      assert.deepEqual(s.json.items.map((x) => x.id), SCENARIOS);
      for (const item of s.json.items) {
        const weights = Object.fromEntries(item.dimensions.map((d) => [d.id, d.weight_bp]));
        assert.deepEqual(weights, docDimensionWeights(item.id), item.id);
        for (const d of item.dimensions) assert.equal(sum(d.indicators.map((i) => i.weight_bp)), 10000);
      }
      const preset = Object.fromEntries(s.json.items.map((x) => [x.id, x]));

      const base = (await api(url, 'GET', `/api/v1/patents/${G2.publication_number}/valuation?as_of=${AS_OF}`)).json;
      const r = await api(url, 'GET', `/api/v1/patents/${G2.publication_number}/valuation?as_of=${AS_OF}&scenario=pledge_finance`);
      assert.equal(r.status, 200, r.text);
      const pledge = r.json;
      assert.equal(pledge.scenario, 'pledge_finance');
      assert.deepEqual(pledge.dimensions.map((d) => d.weight_bp), preset.pledge_finance.dimensions.map((d) => d.weight_bp));
      assert.notDeepEqual(pledge.dimensions.map((d) => d.weight_bp), base.dimensions.map((d) => d.weight_bp));
      const weightOf = Object.fromEntries(
        preset.pledge_finance.dimensions.flatMap((d) => d.indicators.map((i) => [i.id, i.weight_bp])));
      for (let k = 0; k < 17; k++) {
        assert.equal(pledge.indicators[k].weight_bp, weightOf[pledge.indicators[k].id]);
        assert.equal(pledge.indicators[k].score, base.indicators[k].score, pledge.indicators[k].id);
      }
      assert.notEqual(pledge.total, base.total);
      // That scenario has no batch yet: no grade, but the cohort comes from the stored one.
      assert.equal(pledge.rank, null);
      assert.equal(pledge.corpus.cohort_size, 5);
    });

    test('unknown patents are 404, bad parameters 400 naming them', async () => {
      assertProblem(assert, await api(url, 'GET', '/api/v1/patents/CN118789999B/valuation'), 404);
      assertProblem(assert, await api(url, 'GET', `/api/v1/patents/${G0.publication_number}/valuation?scenario=fire_sale`),
        400, { field: 'scenario' });
      assertProblem(assert, await api(url, 'GET', `/api/v1/patents/${G0.publication_number}/valuation?as_of=2024-02-30`),
        400, { field: 'as_of' });
      assertProblem(assert, await api(url, 'GET', '/api/v1/patents/CN201410513187.9/valuation'), 400, { field: 'number' });
    });

    test('the royalty estimate reproduces the worked example of docs/valuation.md', async () => {
      const r = await api(url, 'POST', '/api/v1/valuation/royalty', {
        session: member,
        body: {
          revenue_fen: [100000000, 100000000, 100000000], royalty_rate_bp: 500, tax_rate_bp: 2500,
          discount_rate_bp: 1000, years: 3, as_of: AS_OF,
          sensitivity_steps: 1, royalty_step_bp: 100, discount_step_bp: 200,
        },
      });
      assert.equal(r.status, 200, r.text);
      const v = r.json;
      assert.equal(v.present_value_fen, docTotalFen());
      assert.ok(Number.isInteger(v.present_value_fen));
      assert.deepEqual(v.years.map((y) => y.present_value_fen), [3409091, 3099174, 2817431]);
      assert.deepEqual(v.years.map((y) => y.discount_factor),
        ['0.909090909090909091', '0.826446280991735537', '0.751314800901577761']);
      for (const y of v.years) {
        assert.equal(y.royalty_fen, 5000000);
        assert.equal(y.net_royalty_fen, y.royalty_fen - y.tax_fen);
      }
      assert.equal(sum(v.years.map((y) => y.present_value_fen)), v.present_value_fen);
      assert.equal(v.capped_by_legal_term, false);
      assert.equal(v.publication_number, null);
      // 3 × 3 cells; the middle one is the estimate; a higher discount rate is worth less.
      assert.equal(v.sensitivity.length, 9);
      assert.deepEqual(v.sensitivity[4], { royalty_rate_bp: 500, discount_rate_bp: 1000, present_value_fen: v.present_value_fen });
      assert.ok(v.sensitivity[5].present_value_fen < v.present_value_fen);
      assert.ok(v.sensitivity[7].present_value_fen > v.present_value_fen);
    });

    test('with a patent the years stop at its legal term', async () => {
      // G0 was filed 2016-01-15: its term ends 2036-01-15.
      const r = await api(url, 'POST', '/api/v1/valuation/royalty', {
        session: member,
        body: {
          revenue_fen: [1000000, 1000000, 1000000, 1000000], royalty_rate_bp: 300,
          discount_rate_bp: 800, as_of: '2034-06-30', publication_number: G0.publication_number,
        },
      });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.legal_term_end, '2036-01-15');
      assert.equal(r.json.capped_by_legal_term, true);
      assert.equal(r.json.years.length, 2);
      assert.ok(r.json.years[1].days_in_term < r.json.years[1].days_in_year);
      assertProblem(assert, await api(url, 'POST', '/api/v1/valuation/royalty', {
        session: member,
        body: { revenue_fen: [1], royalty_rate_bp: 300, discount_rate_bp: 800, publication_number: 'CN118789999B' },
      }), 404);
    });

    test('bad royalty requests are 400 naming the field; money is never a fraction', async () => {
      const good = { revenue_fen: [100, 200], royalty_rate_bp: 500, discount_rate_bp: 1000 };
      const cases = [
        [{ ...good, revenue_fen: [100, 200.5] }, 'revenue_fen[1]'],
        [{ ...good, revenue_fen: [100, '200'] }, 'revenue_fen[1]'],
        [{ ...good, revenue_fen: [100, -1] }, 'revenue_fen[1]'],
        [{ ...good, revenue_fen: [] }, 'revenue_fen'],
        [{ royalty_rate_bp: 500, discount_rate_bp: 1000 }, 'revenue_fen'],
        [{ ...good, royalty_rate_bp: undefined }, 'royalty_rate_bp'],
        [{ ...good, royalty_rate_bp: 20000 }, 'royalty_rate_bp'],
        [{ ...good, discount_rate_bp: 2.5 }, 'discount_rate_bp'],
        [{ ...good, years: 3 }, 'revenue_fen'],
        [{ ...good, years: 60 }, 'years'],
        [{ ...good, sensitivity_steps: 9 }, 'sensitivity_steps'],
        [{ ...good, as_of: '2024-13-01' }, 'as_of'],
        [{ ...good, publication_number: 'CN201410513187.9' }, 'publication_number'],
      ];
      for (const [body, field] of cases) {
        const r = await api(url, 'POST', '/api/v1/valuation/royalty', { session: member, body });
        assertProblem(assert, r, 400, { field });
      }
      const malformed = await api(url, 'POST', '/api/v1/valuation/royalty', { session: member, rawBody: '{"revenue_fen": [1,' });
      assertProblem(assert, malformed, 400);
      assert.match(malformed.json.detail, /malformed JSON/);
    });

    test('visitors may read explanations and presets but not price; cookies need the CSRF token', async () => {
      assert.equal((await api(url, 'GET', `/api/v1/patents/${G0.publication_number}/valuation`)).status, 200);
      assert.equal((await api(url, 'GET', '/api/v1/valuation/scenarios')).status, 200);
      const body = { revenue_fen: [100], royalty_rate_bp: 500, discount_rate_bp: 1000 };
      assertProblem(assert, await api(url, 'POST', '/api/v1/valuation/royalty', { body }), 401);
      assertProblem(assert, await api(url, 'POST', '/api/v1/valuation/royalty', { session: member, body, csrf: false }), 403);
      assert.equal((await api(url, 'POST', '/api/v1/valuation/royalty', { session: member, body })).status, 200);
    });

    test('the batch run is in the audit log with its counts', async () => {
      const r = await api(url, 'GET', '/api/v1/audit?action=valuation.score', { session: admin });
      assert.equal(r.status, 200, r.text);
      // The server's refresh after the import (as of today), and the CLI's batch (AS_OF).
      assert.equal(r.json.items.length, 2, r.text);
      const details = r.json.items.map((e) => (typeof e.detail === 'string' ? JSON.parse(e.detail) : e.detail));
      assert.deepEqual(details.map((d) => d.as_of).sort(), [AS_OF, shanghaiToday()].sort());
      const entry = r.json.items[details.findIndex((d) => d.as_of === AS_OF)];
      assert.equal(entry.actor, 'system');
      const detail = typeof entry.detail === 'string' ? JSON.parse(entry.detail) : entry.detail;
      assert.equal(detail.scenario, 'portfolio_grading');
      assert.equal(detail.as_of, AS_OF);
      assert.equal(detail.patents, RECORDS.length);
      assert.equal(detail.cited, 2);
      assert.deepEqual(detail.grades, { A: 1, B: 1, C: 2, D: 1, E: 0 });
    });

    test('openapi.json declares the routes with their access', async () => {
      const r = await api(url, 'GET', '/api/v1/openapi.json');
      assert.equal(r.status, 200);
      const paths = r.json.paths;
      assert.deepEqual(paths['/api/v1/patents/{number}/valuation'].get.security, []);
      assert.deepEqual(paths['/api/v1/valuation/scenarios'].get.security, []);
      assert.notDeepEqual(paths['/api/v1/valuation/royalty'].post.security, []);
      const explain = paths['/api/v1/patents/{number}/valuation'].get;
      const params = explain.parameters.map((x) => x.name);
      for (const name of ['scenario', 'weights', 'revenue_fen', 'market_share_bp', 'as_of']) assert.ok(params.includes(name), name);
      for (const method of ['get', 'post']) assert.notDeepEqual(paths['/api/v1/valuation/weight-sets'][method].security, []);
      for (const method of ['get', 'put', 'delete']) assert.notDeepEqual(paths['/api/v1/valuation/weight-sets/{id}'][method].security, []);
    });

    test('a user saves weight sets of their own; others and visitors cannot reach them', async () => {
      const other = await loginDemo(url, 'lx_ent_admin');
      const base = '/api/v1/valuation/weight-sets';
      assertProblem(assert, await api(url, 'GET', base), 401);
      assertProblem(assert, await api(url, 'POST', base, { body: { name: 'x' } }), 401);
      assertProblem(assert, await api(url, 'POST', base, { session: member, body: { name: 'x' }, csrf: false }), 403);

      // From pledge finance's preset, with other dimension weights.
      const created = await api(url, 'POST', base, {
        session: member,
        body: { name: '看重法律', base_scenario: 'pledge_finance', weights: { legal: 6000, technical: 2000, economic: 2000 } },
      });
      assert.equal(created.status, 201, created.text);
      const set = created.json;
      assert.equal(set.name, '看重法律');
      assert.equal(set.base_scenario, 'pledge_finance');
      assert.equal(Object.keys(set.weights).length, 20);
      assert.deepEqual(set.dimensions.map((d) => d.weight_bp), [6000, 2000, 2000]);
      for (const d of set.dimensions) assert.equal(sum(d.indicators.map((i) => i.weight_bp)), 10000, d.id);
      assert.equal(set.weights['legal.remaining_term'], 2500); // pledge finance's preset
      assert.ok(Number.isInteger(set.created_at) && set.created_at === set.updated_at);

      const read = await api(url, 'GET', `${base}/${set.id}`, { session: member });
      assert.equal(read.status, 200, read.text);
      assert.deepEqual(read.json, set);
      const list = await api(url, 'GET', base, { session: member });
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(list.json.items.map((x) => x.id), [set.id]);
      assert.equal(list.json.total, 1);

      // Anyone else gets 404, as if it did not exist; their list is empty.
      for (const session of [other, admin]) {
        assertProblem(assert, await api(url, 'GET', `${base}/${set.id}`, { session }), 404);
        assertProblem(assert, await api(url, 'PUT', `${base}/${set.id}`, { session, body: { name: 'mine now' } }), 404);
        assertProblem(assert, await api(url, 'DELETE', `${base}/${set.id}`, { session }), 404);
      }
      assert.equal((await api(url, 'GET', base, { session: other })).json.total, 0);

      // Refused weights name the weight; nothing is stored.
      const refusals = [
        [{ name: 'bad', weights: { 'legal.claims': -5 } }, 'weights.legal.claims'],
        [{ name: 'bad', weights: { 'legal.claims': 2000 } }, 'weights.legal'],
        [{ name: 'bad', weights: { legal: 4000 } }, 'weights'],
        [{ name: 'bad', weights: { 'legal.nonsense': 1 } }, 'weights.legal.nonsense'],
        [{ name: 'bad', weights: { 'legal.claims': 12.5 } }, 'weights.legal.claims'],
        [{ name: 'bad', weights: { 'legal.claims': '1500' } }, 'weights.legal.claims'],
        [{ name: 'bad', weights: [1, 2] }, 'weights'],
        [{ name: 'bad', base_scenario: 'fire_sale' }, 'base_scenario'],
        [{ name: ' ' }, 'name'],
        [{}, 'name'],
      ];
      for (const [body, field] of refusals) {
        assertProblem(assert, await api(url, 'POST', base, { session: member, body }), 400, { field });
      }
      assertProblem(assert, await api(url, 'POST', base, { session: member, body: { name: ' 看重法律 ' } }), 409, { field: 'name' });
      assert.equal((await api(url, 'GET', base, { session: member })).json.total, 1);

      // A change starts from the stored weights.
      const changed = await api(url, 'PUT', `${base}/${set.id}`, {
        session: member,
        body: { name: '看重法律 v2', weights: { 'legal.claims': 1500, 'legal.litigation': 0 } },
      });
      assert.equal(changed.status, 200, changed.text);
      assert.equal(changed.json.name, '看重法律 v2');
      assert.equal(changed.json.weights.legal, 6000);
      assert.equal(changed.json.weights['legal.claims'], 1500);
      assert.equal(changed.json.weights['legal.litigation'], 0);
      assertProblem(assert, await api(url, 'PUT', `${base}/${set.id}`, {
        session: member, body: { weights: { 'economic.pledges': 0 } },
      }), 400, { field: 'weights.economic' });
      assertProblem(assert, await api(url, 'GET', `${base}/abc`, { session: member }), 400, { field: 'id' });

      // Each change is audited.
      const throwaway = await api(url, 'POST', base, { session: member, body: { name: 'throwaway' } });
      assert.equal(throwaway.status, 201, throwaway.text);
      assert.equal(throwaway.json.base_scenario, 'portfolio_grading');
      const deleted = await api(url, 'DELETE', `${base}/${throwaway.json.id}`, { session: member });
      assert.equal(deleted.status, 204, deleted.text);
      assertProblem(assert, await api(url, 'GET', `${base}/${throwaway.json.id}`, { session: member }), 404);
      for (const [action, count] of [['valuation_weights.create', 2], ['valuation_weights.update', 1], ['valuation_weights.delete', 1]]) {
        const audit = await api(url, 'GET', `/api/v1/audit?action=${action}`, { session: admin });
        assert.equal(audit.status, 200, audit.text);
        assert.equal(audit.json.items.length, count, `${action}: ${audit.text}`);
        assert.equal(audit.json.items[0].actor, 'lx_ent_member');
      }
    });

    test('an explanation weighs by a saved set and takes market inputs', async () => {
      const created = await api(url, 'POST', '/api/v1/valuation/weight-sets', {
        session: member,
        body: { name: 'legal only', base_scenario: 'pledge_finance', weights: { legal: 10000, technical: 0, economic: 0 } },
      });
      assert.equal(created.status, 201, created.text);
      const set = created.json;
      const path = `/api/v1/patents/${G2.publication_number}/valuation?as_of=${AS_OF}`;
      const plain = (await api(url, 'GET', path)).json;
      assert.equal(plain.weight_set, null);
      assert.deepEqual(plain.market, { revenue_fen: null, market_share_bp: null });

      const r = await api(url, 'GET', `${path}&weights=${set.id}`, { session: member });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json.weight_set, { id: set.id, name: 'legal only', base_scenario: 'pledge_finance' });
      assert.equal(r.json.scenario, 'pledge_finance');
      assert.equal(r.json.rank, null); // the batch ranks preset totals only
      assert.deepEqual(r.json.dimensions.map((d) => d.weight_bp), [10000, 0, 0]);
      assert.ok(Math.abs(r.json.total - r.json.dimensions[0].score) < EPS, r.text);
      for (let k = 0; k < 17; k++) assert.equal(r.json.indicators[k].score, plain.indicators[k].score);

      // Someone else's set is 404; without a login 401; with a scenario, or not an id, 400.
      const other = await loginDemo(url, 'lx_ent_admin');
      assertProblem(assert, await api(url, 'GET', `${path}&weights=${set.id}`, { session: other }), 404);
      assertProblem(assert, await api(url, 'GET', `${path}&weights=${set.id}`), 401);
      assertProblem(assert, await api(url, 'GET', `${path}&weights=${set.id}&scenario=tax`, { session: member }), 400, { field: 'weights' });
      assertProblem(assert, await api(url, 'GET', `${path}&weights=mine`, { session: member }), 400, { field: 'weights' });

      // Market inputs change the two market indicators and nothing else. 10,000,000 yuan a year
      // scores 50, and so does a 15 % share (docs/valuation.md §3).
      const m = await api(url, 'GET', `${path}&revenue_fen=1000000000&market_share_bp=1500`);
      assert.equal(m.status, 200, m.text);
      assert.deepEqual(m.json.market, { revenue_fen: 1000000000, market_share_bp: 1500 });
      for (let k = 0; k < 17; k++) {
        const before = plain.indicators[k];
        const after = m.json.indicators[k];
        if (after.id === 'economic.product_revenue' || after.id === 'economic.market_share') {
          assert.equal(before.known, false, after.id);
          assert.equal(after.known, true, after.id);
          assert.equal(after.score, 50, after.id);
          assert.ok(after.contribution > 0, after.id);
        } else {
          assert.deepEqual(after, before, after.id);
        }
      }
      const byId = Object.fromEntries(m.json.indicators.map((i) => [i.id, i]));
      assert.equal(byId['economic.product_revenue'].value, 1000000000);
      assert.equal(byId['economic.market_share'].value, 1500);
      assert.ok(m.json.total > plain.total);
      assert.ok(Math.abs(sum(m.json.indicators.map((i) => i.contribution)) - m.json.total) < EPS, m.text);
      // Both together, under the set.
      const both = await api(url, 'GET', `${path}&weights=${set.id}&revenue_fen=1000000000`, { session: member });
      assert.equal(both.status, 200, both.text);
      assert.equal(both.json.total, r.json.total); // economic weighs 0 in this set

      for (const [query, field] of [
        ['revenue_fen=12.5', 'revenue_fen'],
        ['revenue_fen=-1', 'revenue_fen'],
        ['revenue_fen=1e9', 'revenue_fen'],
        ['market_share_bp=10001', 'market_share_bp'],
        ['market_share_bp=abc', 'market_share_bp'],
      ]) {
        assertProblem(assert, await api(url, 'GET', `${path}&${query}`), 400, { field });
      }
      const gone = await api(url, 'DELETE', `/api/v1/valuation/weight-sets/${set.id}`, { session: member });
      assert.equal(gone.status, 204, gone.text);
      assertProblem(assert, await api(url, 'GET', `${path}&weights=${set.id}`, { session: member }), 404);
    });

    // Last: it replaces the stored scores of AS_OF with today's.
    test('a patent imported with `iphub import` while the server runs gets its rank from the server', async () => {
      const G5 = grant(5, 12, [G0]);
      const before = await api(url, 'GET', `/api/v1/patents/${G5.publication_number}/valuation`);
      assert.equal(before.status, 404, before.text);
      const dir = makeTempDir('iphub-valuation-import-');
      const file = `${dir}/g5.jsonl`;
      fs.writeFileSync(file, JSON.stringify(G5) + '\n');
      const imported = await runCli(['import', file, ...dataArgs(server)]);
      assert.equal(imported.code, 0, imported.stderr);
      assert.match(imported.stdout, /imported 1,/);
      assert.match(imported.stdout, /valuation scores and deal recordals: the running server settles them/);
      const rank = await waitForRank(url, G5.publication_number, shanghaiToday());
      assert.equal(rank.scenario, 'portfolio_grading');
      assert.equal(rank.cohort_key, 'H01M/2016');
      assert.match(rank.grade, /^[A-E]$/);
      // The whole cohort was ranked again: six patents, six distinct percentiles.
      const ranks = [];
      for (const g of [...RECORDS, G5]) {
        const r = await api(url, 'GET', `/api/v1/patents/${g.publication_number}/valuation`);
        assert.equal(r.json.rank?.as_of, shanghaiToday(), r.text);
        ranks.push(r.json.rank.percentile);
      }
      assert.equal(new Set(ranks).size, 6, JSON.stringify(ranks));
      // G5 cites G0, which is now cited four times.
      const g0 = await api(url, 'GET', `/api/v1/patents/${G0.publication_number}/valuation`);
      assert.equal(g0.json.corpus.forward_citations, 4);
    });

    // The server hands each batch's totals to the search index: hits sorted and filtered by the
    // value score, each hit with its score (one decimal) as the patent's valuation gives it.
    test('search sorts and filters hits by the value score of the latest batch', async () => {
      const q = encodeURIComponent('TI=(锂电池极片)');
      const search = async (extra) => {
        const r = await api(url, 'GET', `/api/v1/search?q=${q}&size=20${extra}`);
        assert.equal(r.status, 200, r.text);
        return r.json;
      };
      // The batch after G5's import (the test before) is the one loaded.
      const best = await search('&sort=-value&facets=year');
      assert.equal(best.total, 6);
      const values = best.hits.map((h) => h.value);
      assert.ok(values.every((v) => typeof v === 'number'), JSON.stringify(values));
      assert.deepEqual(values, [...values].sort((a, b) => b - a));
      for (const hit of best.hits) {
        const v = await api(url, 'GET', `/api/v1/patents/${hit.publication_number}/valuation`);
        assert.equal(v.status, 200, v.text);
        assert.ok(Math.abs(hit.value - Math.round(v.json.total * 10) / 10) < 1e-9,
          `${hit.publication_number}: ${hit.value} vs ${v.json.total}`);
      }
      const worst = await search('&sort=value');
      assert.deepEqual(worst.hits.map((h) => h.value), [...values].sort((a, b) => a - b));
      // At least the third highest: three hits (or more on a tie), counted and faceted alone.
      const third = values[2];
      const high = await search(`&min_value=${third}&facets=year`);
      const expected = values.filter((v) => v >= third).length;
      assert.equal(high.total, expected);
      assert.equal(high.facets.year.reduce((n, f) => n + f.count, 0), expected);
      assert.ok(high.hits.every((h) => h.value >= third));
      const csv = await api(url, 'GET', `/api/v1/search/export?q=${q}&sort=-value&min_value=${third}&lang=en`);
      assert.equal(csv.status, 200, csv.text);
      assert.equal(csv.text.trim().split('\n').length, 1 + expected);
      assert.ok(csv.text.indexOf(best.hits[0].publication_number) < csv.text.indexOf(best.hits[1].publication_number));
      assertProblem(assert, await api(url, 'GET', `/api/v1/search?q=${q}&min_value=abc`), 400, { field: 'min_value' });
      assertProblem(assert, await api(url, 'GET', `/api/v1/search?q=${q}&min_value=101`), 400, { field: 'min_value' });
    });
  });
}
