// Applicant aliases over HTTP (docs/api.md, "Applicant aliases"): an official merges the
// spellings of one applicant that the normalisation rules keep apart (an English name, a former
// name); search (PAN=, the applicant facet) and landscapes then count the canonical name, every
// change is in the history and the audit log, and undoing a merge restores the old counts.
//
// Runs on SQLite, and on PostgreSQL too when IPHUB_TEST_PG_URL is set.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, backends, api, loginDemo, assertProblem, sleep, listAll, cnCheck } from './harness.mjs';

const MARKER = '蓼莪泵';
const CANONICAL = '济南蓼莪流体科技有限公司';
const FORMER = '济南蓼莪水泵厂';
const ENGLISH = 'Jinan Liao-E Fluid Technology Co., Ltd.';
const ENGLISH_NORMALISED = 'JINAN LIAO-E FLUID TECHNOLOGY CO LTD';
const INDEX_WAIT_MS = 10_000;

function record(i, applicant) {
  const digits = `2020${1}${String(5550000 + i).padStart(7, '0')}`;
  const docNumber = `11855${String(i).padStart(4, '0')}`;
  return {
    publication_number: `CN${docNumber}A`,
    country: 'CN',
    doc_number: docNumber,
    kind: 'A',
    type: 'cn_invention_application',
    application_number: `${digits}.${cnCheck(digits)}`,
    application_date: '2020-06-10',
    publication_date: '2021-12-02',
    language: 'zh',
    title: `一种${MARKER}叶轮结构${i}`,
    abstract: `本发明公开了一种${MARKER}叶轮结构。`,
    applicants: [{ name: applicant, country: 'CN', region_code: '370102' }],
    ipc: [{ symbol: 'F04D 29/22', version: '2006.01' }],
    ipc_main: 'F04D 29/22',
  };
}

const RECORDS = [
  record(0, CANONICAL),
  record(1, '济南蓼莪流体科技股份有限公司'), // the same name once normalised
  record(2, FORMER),
  record(3, ENGLISH),
  record(4, 'JINAN LIAO-E FLUID TECHNOLOGY COMPANY LIMITED'),
];

// The applicant facet of the marker's hits, as {name: count}.
async function applicantFacet(url) {
  const r = await api(url, 'GET', `/api/v1/search?q=${encodeURIComponent(`TI=${MARKER}`)}&facets=applicant&size=1`);
  assert.equal(r.status, 200, r.text);
  return Object.fromEntries(r.json.facets.applicant.map((v) => [v.value, v.count]));
}

async function countOf(url, query) {
  const r = await api(url, 'GET', `/api/v1/search?q=${encodeURIComponent(query)}&size=1`);
  assert.equal(r.status, 200, r.text);
  return r.json.total;
}

// Waits until `query` has `expected` hits (the index follows alias changes within a second).
async function waitForCount(url, query, expected) {
  const until = Date.now() + INDEX_WAIT_MS;
  let total;
  while (Date.now() < until) {
    total = await countOf(url, query);
    if (total === expected) return total;
    await sleep(200);
  }
  assert.equal(total, expected, `${query} after ${INDEX_WAIT_MS} ms`);
  return total;
}

for (const backend of backends()) {
  describe(`applicant aliases over HTTP (${backend.name})`, () => {
    let server;
    let url;
    let official;
    let enterprise;

    before(async () => {
      server = await startServer({ backend: backend.name });
      url = server.url;
      official = await loginDemo(url, 'jn_official');
      enterprise = await loginDemo(url, 'lx_ent_admin');
      const jsonl = RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n';
      const imported = await api(url, 'POST', '/api/v1/patent-imports?filename=aliases.jsonl', {
        session: official, rawBody: Buffer.from(jsonl), contentType: 'application/octet-stream',
      });
      assert.equal(imported.status, 200, imported.text);
      await waitForCount(url, `TI=${MARKER}`, RECORDS.length);
    });
    after(async () => { await server?.stop(); });

    test('visitors read; only officials and administrators change', async () => {
      const listed = await api(url, 'GET', '/api/v1/applicant-aliases');
      assert.equal(listed.status, 200, listed.text);
      assertProblem(assert, await api(url, 'POST', '/api/v1/applicant-aliases', {
        body: { canonical: CANONICAL, names: [FORMER] },
      }), 401);
      assertProblem(assert, await api(url, 'POST', '/api/v1/applicant-aliases', {
        session: enterprise, body: { canonical: CANONICAL, names: [FORMER] },
      }), 403);
      assertProblem(assert, await api(url, 'POST', '/api/v1/applicant-aliases/split', {
        session: enterprise, body: { name: FORMER },
      }), 403);
    });

    test('suggestions list normalised names by any spelling of their start', async () => {
      for (const prefix of ['jinan liao-e', 'Jinan Liao-E Fluid']) {
        const r = await api(url, 'GET', `/api/v1/search/suggest?field=applicant_name&prefix=${encodeURIComponent(prefix)}`);
        assert.equal(r.status, 200, r.text);
        assert.deepEqual(r.json.items, [{ value: ENGLISH_NORMALISED, count: 2 }], prefix);
      }
      const chinese = await api(url, 'GET', `/api/v1/search/suggest?field=applicant_name&prefix=${encodeURIComponent('济南蓼莪')}`);
      assert.deepEqual(chinese.json.items.map((v) => [v.value, v.count]).sort(), [[FORMER, 1], [CANONICAL, 2]].sort());
    });

    test('bad requests name the field', async () => {
      assertProblem(assert, await api(url, 'POST', '/api/v1/applicant-aliases', {
        session: official, body: { canonical: CANONICAL, names: [FORMER, '（）'] },
      }), 400, { field: 'names[1]' });
      assertProblem(assert, await api(url, 'POST', '/api/v1/applicant-aliases', {
        session: official, body: { canonical: CANONICAL, names: 'x' },
      }), 400, { field: 'names' });
      assertProblem(assert, await api(url, 'POST', '/api/v1/applicant-aliases', {
        session: official, body: { names: [FORMER] },
      }), 400, { field: 'canonical' });
      assertProblem(assert, await api(url, 'POST', '/api/v1/applicant-aliases/split', {
        session: official, body: { name: FORMER },
      }), 404);
      assertProblem(assert, await api(url, 'POST', '/api/v1/applicant-alias-events/99999/undo', {
        session: official, body: {},
      }), 404);
    });

    test('a merge moves the counts to the canonical name; undo moves them back', async () => {
      assert.deepEqual(await applicantFacet(url), {
        [CANONICAL]: 2, [FORMER]: 1, [ENGLISH_NORMALISED]: 2,
      });
      const merged = await api(url, 'POST', '/api/v1/applicant-aliases', {
        session: official, body: { canonical: CANONICAL, names: [FORMER, ENGLISH], note: '曾用名与英文名' },
      });
      assert.equal(merged.status, 201, merged.text);
      // One event per name, in the order given, each name normalised.
      assert.deepEqual(merged.json.events.map((e) => `${e.kind} ${e.name} -> ${e.canonical}`), [
        `merge ${FORMER} -> ${CANONICAL}`,
        `merge ${ENGLISH_NORMALISED} -> ${CANONICAL}`,
      ]);
      await waitForCount(url, `PAN="${CANONICAL}"`, 5);
      assert.deepEqual(await applicantFacet(url), { [CANONICAL]: 5 });
      // Any spelling of a merged name finds the group.
      assert.equal(await countOf(url, `PAN="${ENGLISH}"`), 5);
      assert.equal(await countOf(url, `TI=${MARKER} AND PAN="${FORMER}"`), 5);
      const landscape = await api(url, 'GET', `/api/v1/landscape?q=${encodeURIComponent(`TI=${MARKER}`)}`);
      assert.equal(landscape.status, 200, landscape.text);
      assert.deepEqual(landscape.json.applicants.top.map((a) => [a.name, a.count]), [[CANONICAL, 5]]);

      const group = await api(url, 'GET', `/api/v1/applicant-aliases/group?name=${encodeURIComponent(ENGLISH)}`);
      assert.deepEqual(group.json, { canonical: CANONICAL, names: [CANONICAL, ENGLISH_NORMALISED, FORMER] });
      const events = await api(url, 'GET', `/api/v1/applicant-alias-events?q=${encodeURIComponent('蓼莪')}`);
      assert.equal(events.json.total, 2);
      assert.equal(events.json.items[0].actor, 'jn_official');
      assert.equal(events.json.items[0].note, '曾用名与英文名');

      // The official sees the merge in the audit log.
      const { items: audit } = await listAll(url, '/api/v1/audit?action=applicant.merge', official);
      assert.ok(audit.some((e) => e.entity_id === CANONICAL), JSON.stringify(audit));

      // Undo the English name's merge: its two patents count under it again.
      const english = merged.json.events.find((e) => e.name === ENGLISH_NORMALISED);
      const undone = await api(url, 'POST', `/api/v1/applicant-alias-events/${english.seq}/undo`, {
        session: official, body: { note: '英文名另作核实' },
      });
      assert.equal(undone.status, 200, undone.text);
      assert.equal(undone.json.events[0].kind, 'split');
      assert.equal(undone.json.events[0].undoes, english.seq);
      await waitForCount(url, `PAN="${CANONICAL}"`, 3);
      assert.deepEqual(await applicantFacet(url), { [CANONICAL]: 3, [ENGLISH_NORMALISED]: 2 });
      // Undoing it twice: the name has changed since.
      assertProblem(assert, await api(url, 'POST', `/api/v1/applicant-alias-events/${english.seq}/undo`, {
        session: official, body: {},
      }), 409);

      // A split through its own endpoint.
      const split = await api(url, 'POST', '/api/v1/applicant-aliases/split', {
        session: official, body: { name: FORMER },
      });
      assert.equal(split.status, 200, split.text);
      await waitForCount(url, `PAN="${CANONICAL}"`, 2);
      const listed = await api(url, 'GET', `/api/v1/applicant-aliases?q=${encodeURIComponent('蓼莪')}`);
      assert.equal(listed.json.total, 0);
    });
  });
}
