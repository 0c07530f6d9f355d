// High-value invention patents over HTTP (docs/api.md, "High-value invention patents";
// docs/high-value.md): an official imports a few CN invention grants (and a US family member),
// the lists are loaded with `iphub highvalue load-*` (the SEI excerpt and the real NBS
// population file from ../shared/data), then one patent's categories and a region's counts are
// read back. A patent's categories are public; the counts are for officials (their region and
// below; any other region is 404) and platform administrators.
//
// Runs on SQLite, and on PostgreSQL too when IPHUB_TEST_PG_URL is set.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

import {
  startServer, backends, api, loginDemo, login, assertProblem, runCli, dataArgs, makeTempDir, cnCheck,
  importRecords, waitForHits,
} from './harness.mjs';

const SHARED = new URL('../../../shared/data/', import.meta.url);
const SEI_FILE = new URL('classification/sei_cn/ipc_sei_mapping_EXCERPT.jsonl', SHARED).pathname;
const NBS_FILE = new URL('stats/population_by_province_nbs_2005_2024_10k.csv', SHARED).pathname;
const AS_OF = '2024-06-30';

// Grant i: a CN invention grant of an applicant in `region`, filed on `filed`.
function grant(i, region, filed, ipc, extra = {}) {
  const digits = `${filed.slice(0, 4)}1${String(7770000 + i).padStart(7, '0')}`;
  const docNumber = `11979${String(i).padStart(4, '0')}`;
  return {
    publication_number: `CN${docNumber}B`,
    country: 'CN',
    doc_number: docNumber,
    kind: 'B',
    type: 'cn_invention_grant',
    application_number: `${digits}.${cnCheck(digits)}`,
    application_date: filed,
    publication_date: '2020-05-06',
    grant_date: '2020-05-06',
    language: 'zh',
    title: `一种农机装置${i}`,
    applicants: [{ name: `山东农机有限公司${i}`, country: 'CN', region_code: region }],
    ipc: [{ symbol: ipc, version: '2006.01' }],
    ipc_main: ipc,
    ...extra,
  };
}

// By hand, as of 2024-06-30, with the SEI excerpt (subclass A01B and some of its groups):
//   G1 Jinan 370102, A01B 1/02 (listed subgroup)             high-value: sei
//   G2 Jinan 370102, H01M, pledge 12,000,000 yuan + award     high-value: pledge, award
//   G3 Jinan 370103, H01M                                    valid, not high-value
//   G4 Qingdao 370212, H01M, filed 2014-06-29                 high-value: > 10 years
//   G5 Qingdao 370212, H01M, family with a granted US member  high-value: family abroad
//   G6 Beijing 110108, A01B 5/00 (subclass entry)             Beijing's
//   G7 a US applicant, A01B                                   foreign: not counted
// Shandong: valid 5, high-value 4; categories sei 1, family 1, >10y 1, pledge 1, award 1.
const G1 = grant(1, '370102', '2016-01-10', 'A01B 1/02');
const G2 = grant(2, '370102', '2016-02-10', 'H01M 4/13');
const G3 = grant(3, '370103', '2016-03-10', 'H01M 4/13');
const G4 = grant(4, '370212', '2014-06-29', 'H01M 4/13');
const G5 = grant(5, '370212', '2016-05-10', 'H01M 4/13', { family_id: 'hv-fam-5' });
const G6 = grant(6, '110108', '2016-06-10', 'A01B 5/00');
const G7 = grant(7, '', '2016-07-10', 'A01B 1/02', {
  applicants: [{ name: 'Acme Farm Inc.', country: 'US' }],
});
const US5 = {
  publication_number: 'US9999555B2', country: 'US', doc_number: '9999555', kind: 'B2',
  type: 'us_utility_grant', application_number: '15123456', application_date: '2016-09-01',
  publication_date: '2019-03-05', grant_date: '2019-03-05', language: 'en', title: 'Farm machine',
  applicants: [{ name: 'Acme Farm Inc.', country: 'US' }], family_id: 'hv-fam-5',
};
const RECORDS = [G1, G2, G3, G4, G5, G6, G7, US5];

for (const backend of backends()) {
  describe(`high-value invention patents over HTTP (${backend.name})`, () => {
    let server;
    let url;
    let admin;
    let sdOfficial;
    let jnOfficial;
    let bjOfficial;
    let member;
    let dir;

    const cli = async (...args) => {
      const r = await runCli(['highvalue', ...args, ...dataArgs(server)]);
      return r;
    };

    before(async () => {
      assert.ok(fs.existsSync(NBS_FILE), `${NBS_FILE} (../shared/data) is missing`);
      server = await startServer({ backend: backend.name });
      url = server.url;
      jnOfficial = await loginDemo(url, 'jn_official');
      const jsonl = RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n';
      const r = await api(url, 'POST', '/api/v1/patent-imports?filename=high-value.jsonl', {
        session: jnOfficial, rawBody: Buffer.from(jsonl), contentType: 'application/octet-stream',
      });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.counts.imported, RECORDS.length, r.text);

      dir = makeTempDir('iphub-hv-');
      fs.writeFileSync(path.join(dir, 'awards.csv'),
        `number,award,year\n${G2.application_number},中国专利银奖,2021\n`);
      fs.writeFileSync(path.join(dir, 'pledges.csv'),
        `number,amount_fen,registration_date\n${G2.publication_number},1200000000,2021-03-04\n`);
      for (const [args, pattern] of [
        [['load-sei', SEI_FILE], /highvalue sei: 20 rows loaded from ipc_sei_mapping_EXCERPT\.jsonl/],
        [['load-awards', path.join(dir, 'awards.csv')], /highvalue awards: 1 rows/],
        [['load-pledges', path.join(dir, 'pledges.csv')], /highvalue pledges: 1 rows/],
        [['load-population', NBS_FILE], /highvalue population: 620 rows .*\(31 regions, years 2005-2024\)/],
      ]) {
        const loaded = await cli(...args);
        assert.equal(loaded.code, 0, loaded.stderr);
        assert.match(loaded.stdout, pattern);
      }

      // An official of another province.
      const created = await runCli(['user', 'add', '--username', 'bj_official', '--password', 'Beijing@2026',
        '--role', 'official', '--region', '110000', ...dataArgs(server)]);
      assert.equal(created.code, 0, created.stderr);
      bjOfficial = await login(url, 'bj_official', 'Beijing@2026');
      admin = await loginDemo(url, 'admin');
      sdOfficial = await loginDemo(url, 'sd_official');
      member = await loginDemo(url, 'lx_ent_member');
    });
    after(async () => { await server?.stop(); });

    test('a province: counts by category, distinct patents, cities and per 10,000 people', async () => {
      const r = await api(url, 'GET', `/api/v1/stats/high-value?region=370000&as_of=${AS_OF}&year=2023`, { session: sdOfficial });
      assert.equal(r.status, 200, r.text);
      const c = r.json;
      assert.equal(c.as_of, AS_OF);
      assert.equal(c.population_year, 2023);
      assert.equal(c.region.code, '370000');
      assert.equal(c.region.valid_inventions, 5);
      assert.equal(c.region.high_value, 4);
      assert.deepEqual(c.region.categories, {
        strategic_emerging_industry: 1, family_abroad: 1, maintained_over_10_years: 1,
        pledge_financing: 1, award: 1,
      });
      // G2 is in two categories and one patent.
      const sumOfCategories = Object.values(c.region.categories).reduce((a, b) => a + b, 0);
      assert.equal(sumOfCategories, c.region.high_value + 1);
      // NBS: Shandong 2023 = 10123 × 10,000 people; 4 / 10123 per 10,000 = 0.0004 → "0.00".
      assert.equal(c.region.population, 101230000);
      assert.equal(c.region.per_10k, '0.00');
      const jinan = c.children.find((x) => x.code === '370100');
      const qingdao = c.children.find((x) => x.code === '370200');
      assert.equal(jinan.valid_inventions, 3);
      assert.equal(jinan.high_value, 2);
      assert.equal(qingdao.valid_inventions, 2);
      assert.equal(qingdao.high_value, 2);
      assert.equal(jinan.population, null); // the NBS file is by province only
      assert.equal(jinan.per_10k, null);
      assert.equal(c.rules.maintenance_rule, 'filing_date');
      assert.equal(c.rules.pledge_threshold_fen, 1000000000);
      assert.equal(c.rules.pledge_threshold_verified, false);
      assert.equal(c.sei.source_file, 'ipc_sei_mapping_EXCERPT.jsonl');
      assert.equal(c.sei.entries, 20);
    });

    test('the country for administrators; the default population year follows as_of', async () => {
      const r = await api(url, 'GET', `/api/v1/stats/high-value?as_of=${AS_OF}`, { session: admin });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.region.code, '000000');
      assert.equal(r.json.region.valid_inventions, 6);
      assert.equal(r.json.region.high_value, 5);
      assert.equal(r.json.population_year, 2024);
      const beijing = r.json.children.find((x) => x.code === '110000');
      assert.equal(beijing.high_value, 1);
      assert.equal(beijing.population, 21830000);
      assert.equal(r.json.children.length, 31);
      // Exactly ten years after G4's filing it is not yet "more than ten".
      const earlier = await api(url, 'GET', '/api/v1/stats/high-value?region=370200&as_of=2024-06-29', { session: admin });
      assert.equal(earlier.status, 200, earlier.text);
      assert.equal(earlier.json.region.categories.maintained_over_10_years, 0);
      assert.equal(earlier.json.region.high_value, 1);
    });

    test('officials see their region and below; others are refused', async () => {
      const own = await api(url, 'GET', `/api/v1/stats/high-value?as_of=${AS_OF}`, { session: jnOfficial });
      assert.equal(own.status, 200, own.text);
      assert.equal(own.json.region.code, '370100');
      assert.equal(own.json.region.level, 'city');
      assert.equal(own.json.children.find((x) => x.code === '370102').high_value, 2);
      const county = await api(url, 'GET', '/api/v1/stats/high-value?region=370103', { session: jnOfficial });
      assert.equal(county.status, 200, county.text);
      assertProblem(assert, await api(url, 'GET', '/api/v1/stats/high-value?region=370000', { session: jnOfficial }), 404);
      assertProblem(assert, await api(url, 'GET', '/api/v1/stats/high-value?region=370000', { session: bjOfficial }), 404);
      assertProblem(assert, await api(url, 'GET', '/api/v1/stats/high-value?region=370102', { session: bjOfficial }), 404);
      const bj = await api(url, 'GET', `/api/v1/stats/high-value?as_of=${AS_OF}`, { session: bjOfficial });
      assert.equal(bj.status, 200, bj.text);
      assert.equal(bj.json.region.code, '110000');
      assert.equal(bj.json.region.high_value, 1);
      assertProblem(assert, await api(url, 'GET', '/api/v1/stats/high-value?region=370000'), 401);
      assertProblem(assert, await api(url, 'GET', '/api/v1/stats/high-value?region=370102', { session: member }), 403);
    });

    test('bad parameters are 400 naming them; unknown regions 404', async () => {
      assertProblem(assert, await api(url, 'GET', '/api/v1/stats/high-value?region=37', { session: admin }), 400, { field: 'region' });
      assertProblem(assert, await api(url, 'GET', '/api/v1/stats/high-value?as_of=2024-02-30', { session: admin }), 400, { field: 'as_of' });
      assertProblem(assert, await api(url, 'GET', '/api/v1/stats/high-value?year=24', { session: admin }), 400, { field: 'year' });
      assertProblem(assert, await api(url, 'GET', '/api/v1/stats/high-value?region=379900', { session: admin }), 404);
    });

    test("a patent's categories with their reasons are public", async () => {
      const r = await api(url, 'GET', `/api/v1/patents/${G2.publication_number}/high-value?as_of=${AS_OF}`);
      assert.equal(r.status, 200, r.text);
      const v = r.json;
      assert.equal(v.publication_number, G2.publication_number);
      assert.equal(v.valid_invention, true);
      assert.equal(v.granted_by_as_of, true);
      assert.equal(v.high_value, true);
      assert.equal(v.counts_for_indicator, true);
      assert.deepEqual(v.categories, ['pledge_financing', 'award']);
      assert.equal(v.checks.length, 5);
      const byId = Object.fromEntries(v.checks.map((c) => [c.id, c]));
      assert.match(byId.pledge_financing.reason, /12,000,000\.00 yuan/);
      assert.match(byId.award.reason, /中国专利银奖 2021/);
      assert.equal(byId.strategic_emerging_industry.met, false);
      assert.equal(v.domestic.region_code, '370102');

      const g5 = await api(url, 'GET', `/api/v1/patents/${G5.publication_number}/high-value?as_of=${AS_OF}`);
      assert.deepEqual(g5.json.categories, ['family_abroad']);
      assert.ok(g5.json.checks[1].evidence.some((e) => e.value === US5.publication_number), g5.text);

      const g1 = await api(url, 'GET', `/api/v1/patents/${G1.publication_number}/high-value?as_of=${AS_OF}`);
      const sei = g1.json.checks[0];
      assert.equal(sei.met, true);
      assert.ok(sei.evidence.some((e) => e.name === 'concordance_entry' && e.value === 'A01B 1/02'), g1.text);

      const g7 = await api(url, 'GET', `/api/v1/patents/${G7.publication_number}/high-value?as_of=${AS_OF}`);
      assert.equal(g7.json.high_value, true);
      assert.equal(g7.json.counts_for_indicator, false);
      assert.equal(g7.json.domestic.domestic, false);

      assertProblem(assert, await api(url, 'GET', '/api/v1/patents/CN119799999B/high-value'), 404);
      assertProblem(assert, await api(url, 'GET', `/api/v1/patents/${G1.publication_number}/high-value?as_of=x`), 400, { field: 'as_of' });
    });

    test('a load with a bad line stores nothing and says where', async () => {
      const bad = path.join(dir, 'bad-awards.csv');
      fs.writeFileSync(bad, `number,award,year\n${G3.publication_number},中国专利金奖,2022\n${G1.publication_number},市长奖,2022\n`);
      const r = await cli('load-awards', bad);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /bad-awards\.csv: line 3: award "市长奖"/);
      const g3 = await api(url, 'GET', `/api/v1/patents/${G3.publication_number}/high-value?as_of=${AS_OF}`);
      assert.equal(g3.json.checks[4].met, false, g3.text);
      const count = await cli('count', '--region', '370000', '--as-of', AS_OF, '--year', '2023');
      assert.equal(count.code, 0, count.stderr);
      assert.match(count.stdout, /^370000\s+山东省\s+5\s+4\s+1\s+1\s+1\s+1\s+1\s+101230000\s+0\.00$/m);
    });

    test('every load is in the audit log', async () => {
      const r = await api(url, 'GET', '/api/v1/audit?size=200', { session: admin });
      assert.equal(r.status, 200, r.text);
      const loads = r.json.items.filter((e) => e.action.startsWith('high_value.load_'));
      assert.deepEqual(loads.map((e) => e.action).sort(), [
        'high_value.load_awards', 'high_value.load_pledges', 'high_value.load_population', 'high_value.load_sei',
      ]);
      const population = loads.find((e) => e.action === 'high_value.load_population');
      const detail = typeof population.detail === 'string' ? JSON.parse(population.detail) : population.detail;
      assert.equal(detail.rows, 620);
      assert.equal(detail.source_file, 'population_by_province_nbs_2005_2024_10k.csv');
    });

    // A navigation report records the high-value invention patents among its hits; its
    // changes name those that are high-value now and were not then. Today (after 2026-07-10)
    // G1–G7, filed 2014–2016, are all maintained over ten years: all seven are recorded.
    // After the report: G8 (filed 2020) gets an award, G9 (filed 2015) is imported, G10
    // (filed 2021, nothing) is imported.
    test('a report says which high-value patents are new since it was made', async () => {
      const Q = 'TI=(农机装置)';
      await waitForHits(url, Q, 7, 20000);
      const created = await api(url, 'POST', '/api/v1/reports', {
        session: jnOfficial, body: { title: '农机', template: 'industrial', query: Q },
      });
      assert.equal(created.status, 201, created.text);
      const recorded = created.json.landscape.high_value;
      assert.equal(recorded.candidates, 7, created.text);
      assert.equal(recorded.count, 7);
      assert.deepEqual([...recorded.numbers].sort(),
        [G1, G2, G3, G4, G5, G6, G7].map((g) => g.publication_number).sort());
      assert.match(recorded.as_of, /^\d{4}-\d{2}-\d{2}$/);

      const G8 = grant(8, '370102', '2020-01-10', 'H01M 4/13');
      const G9 = grant(9, '370102', '2015-03-01', 'H01M 4/13');
      const G10 = grant(10, '370102', '2021-03-01', 'H01M 4/13');
      await importRecords(url, jnOfficial, [G8, G9, G10], 'more.jsonl');
      const awards = path.join(dir, 'more-awards.csv');
      fs.writeFileSync(awards, `number,award,year\n${G8.publication_number},中国专利优秀奖,2023\n`);
      const loaded = await cli('load-awards', awards);
      assert.equal(loaded.code, 0, loaded.stderr);
      await waitForHits(url, Q, 10, 20000);

      const changes = await api(url, 'GET', `/api/v1/reports/${created.json.id}/changes`, { session: jnOfficial });
      assert.equal(changes.status, 200, changes.text);
      const hv = changes.json.high_value;
      assert.equal(hv.then.count, 7, changes.text);
      assert.equal(hv.now.count, 9);
      assert.equal(hv.now.candidates, 10);
      assert.equal(hv.new_total, 2);
      const byNumber = Object.fromEntries(hv.new.map((p) => [p.publication_number, p]));
      assert.deepEqual(Object.keys(byNumber).sort(), [G8.publication_number, G9.publication_number].sort());
      assert.deepEqual(byNumber[G8.publication_number].categories, ['award']);
      assert.deepEqual(byNumber[G9.publication_number].categories, ['maintained_over_10_years']);
      assert.equal(byNumber[G9.publication_number].title, G9.title);
      assert.equal(hv.omitted, undefined);
    });

    test('openapi.json declares the routes with their access', async () => {
      const r = await api(url, 'GET', '/api/v1/openapi.json');
      assert.equal(r.status, 200);
      assert.deepEqual(r.json.paths['/api/v1/patents/{number}/high-value'].get.security, []);
      assert.notDeepEqual(r.json.paths['/api/v1/stats/high-value'].get.security, []);
    });
  });
}
