// Import jobs over HTTP (docs/api.md, "Patents"): an upload with ?async=true answers 202 at
// once, the job is followed with GET until it has finished, its progress only grows and ends
// equal to the report; who may see and cancel a job; malformed files; cancellation keeps what
// was stored. Runs on SQLite and, when IPHUB_TEST_PG_URL is set, PostgreSQL.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServer, api, loginDemo, assertProblem, backends } from './harness.mjs';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHARED = path.join(ROOT, '..', 'shared', 'data');

// A spreadsheet export of `rows` patents numbered from `first`, titled `title` and a
// number; the rows listed in `badRows` (data rows from 1) have an impossible filing date.
function csvOf({ rows, first, title, badRows = [] }) {
  const bad = new Set(badRows);
  const lines = ['公开号,名称,申请日,摘要'];
  const abstract = '本发明公开了一种用于储能系统的电池管理方法，包括采集电芯电压、温度与电流并估计荷电状态。';
  for (let idx = 1; idx <= rows; idx++) {
    const date = bad.has(idx) ? '2020-13-45' : `20${10 + (idx % 10)}-0${1 + (idx % 9)}-1${idx % 10}`;
    lines.push(`CN${first + idx}A,${title}${idx},${date},"${abstract}"`);
  }
  return Buffer.from(lines.join('\n') + '\n');
}

const startJob = (url, session, filename, bytes) =>
  api(url, 'POST', `/api/v1/patent-imports?async=true&filename=${encodeURIComponent(filename)}`, {
    session, rawBody: bytes, contentType: 'application/octet-stream',
  });

const finished = (state) => ['succeeded', 'failed', 'cancelled'].includes(state);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Asks for a job every `everyMs` until it has finished (or `until` holds); resolves with
// every answer seen.
async function follow(url, session, id, { everyMs = 20, until = (job) => finished(job.state) } = {}) {
  const seen = [];
  const deadline = Date.now() + 120_000;
  for (;;) {
    const r = await api(url, 'GET', `/api/v1/patent-imports/${id}`, { session });
    assert.equal(r.status, 200, r.text);
    seen.push(r.json);
    if (until(r.json)) return seen;
    assert.ok(Date.now() < deadline, `job ${id} still ${r.json.state} after 120 s`);
    await sleep(everyMs);
  }
}

const COUNTS = ['read', 'imported', 'updated', 'unchanged', 'rejected', 'skipped'];

for (const backend of backends()) {
  describe(`import jobs over HTTP (${backend.name})`, () => {
    let server;
    let official;
    let bigJob;

    before(async () => {
      server = await startServer({ backend: backend.name });
      official = await loginDemo(server.url, 'jn_official');
    });
    after(async () => { await server?.stop(); });

    test('an upload answers 202 with a job whose progress grows to equal the report', async () => {
      const bytes = csvOf({ rows: 20000, first: 140000000, title: '储能电池管理方法', badRows: [7, 12345] });
      const r = await startJob(server.url, official, '储能导出.csv', bytes);
      assert.equal(r.status, 202, r.text);
      const id = r.json.id;
      assert.match(id, /^[0-9a-f]{16}$/);
      assert.equal(r.headers.get('location'), `/api/v1/patent-imports/${id}`);
      assert.ok(['queued', 'running'].includes(r.json.state), r.text);
      assert.equal(r.json.filename, '储能导出.csv');
      assert.equal(r.json.owner, 'jn_official');
      assert.equal(r.json.progress.bytes_total, bytes.length);
      assert.equal(r.json.report, null);
      bigJob = id;

      const seen = await follow(server.url, official, id);
      const last = seen.at(-1);
      assert.equal(last.state, 'succeeded', JSON.stringify(last));
      // Never backwards.
      for (let idx = 1; idx < seen.length; idx++) {
        for (const key of ['bytes_done', ...COUNTS, 'elapsed_seconds']) {
          assert.ok(seen[idx].progress[key] >= seen[idx - 1].progress[key],
            `${key} went from ${seen[idx - 1].progress[key]} to ${seen[idx].progress[key]}`);
        }
      }
      // Seen part of the way, with a rate and the time left.
      const partial = seen.find((job) => job.state === 'running' && job.progress.bytes_done > 0 &&
        job.progress.bytes_done < bytes.length);
      assert.ok(partial, `no running answer with partial progress among ${seen.length}`);
      assert.ok(partial.progress.read > 0 && partial.progress.records_per_second > 0, JSON.stringify(partial));
      assert.equal(typeof partial.progress.eta_seconds, 'number', JSON.stringify(partial));
      assert.ok(partial.progress.elapsed_seconds > 0);

      // The end equals the report.
      const report = last.report;
      assert.equal(report.filename, '储能导出.csv');
      assert.equal(report.cancelled, false);
      assert.equal(report.counts.read, 20000);
      assert.equal(report.counts.imported, 19998);
      assert.equal(report.counts.rejected, 2);
      assert.equal(report.counts.bytes, bytes.length);
      for (const key of COUNTS) assert.equal(last.progress[key], report.counts[key], key);
      assert.equal(last.progress.bytes_done, bytes.length);
      assert.equal(last.progress.eta_seconds, 0);
      assert.ok(last.finished_at >= last.started_at && last.started_at >= last.created_at, JSON.stringify(last));
      assert.deepEqual(report.rejects.map((reject) => [reject.file, reject.unit, reject.position]),
        [['储能导出.csv', 'row', 8], ['储能导出.csv', 'row', 12346]]);

      // Listed, without the report; audited with the job.
      const list = await api(server.url, 'GET', '/api/v1/patent-imports', { session: official });
      assert.equal(list.status, 200, list.text);
      const listed = list.json.items.find((job) => job.id === id);
      assert.ok(listed, list.text);
      assert.equal(listed.state, 'succeeded');
      assert.equal(listed.report, null);
      const audit = await api(server.url, 'GET', '/api/v1/audit?action=patent.import', { session: official });
      assert.equal(audit.status, 200, audit.text);
      const entry = audit.json.items.find((item) => item.detail?.job === id);
      assert.ok(entry, audit.text);
      assert.equal(entry.entity_id, '储能导出.csv');
      assert.equal(entry.detail.imported, 19998);

      // The records are there.
      const stored = await api(server.url, 'GET', `/api/v1/patents?q=${encodeURIComponent('储能电池管理方法')}&size=1`);
      assert.equal(stored.json.total, 19998);
    });

    test('a job is seen only by its uploader, administrators and officials over its region', async () => {
      assert.ok(bigJob, 'needs the job of the first test');
      const path = `/api/v1/patent-imports/${bigJob}`;
      for (const username of ['sd_official', 'admin']) {
        const session = await loginDemo(server.url, username);
        const r = await api(server.url, 'GET', path, { session });
        assert.equal(r.status, 200, `${username}: ${r.text}`);
        const list = await api(server.url, 'GET', '/api/v1/patent-imports', { session });
        assert.ok(list.json.items.some((job) => job.id === bigJob), `${username}: ${list.text}`);
      }
      // Another city's official, a county official under the city, an organisation's admin.
      for (const username of ['qd_official', 'lx_official', 'lx_ent_admin']) {
        const session = await loginDemo(server.url, username);
        assertProblem(assert, await api(server.url, 'GET', path, { session }), 404);
        assertProblem(assert, await api(server.url, 'DELETE', path, { session }), 404);
        const list = await api(server.url, 'GET', '/api/v1/patent-imports', { session });
        assert.equal(list.status, 200, list.text);
        assert.ok(!list.json.items.some((job) => job.id === bigJob), `${username}: ${list.text}`);
      }
      assertProblem(assert, await api(server.url, 'GET', path), 401);
      assertProblem(assert, await api(server.url, 'GET', '/api/v1/patent-imports/ffffffffffffffff',
        { session: official }), 404);
      // Starting one needs what a synchronous upload needs.
      const member = await loginDemo(server.url, 'lx_ent_member');
      assertProblem(assert, await startJob(server.url, member, 'a.csv', Buffer.from('公开号\n')), 403);
      assertProblem(assert, await startJob(server.url, official, 'a.pdf', Buffer.from('%PDF')), 400,
        { field: 'filename' });
      assertProblem(assert, await api(server.url, 'POST', '/api/v1/patent-imports?async=yes&filename=a.csv', {
        session: official, rawBody: Buffer.from('x'), contentType: 'application/octet-stream',
      }), 400, { field: 'async' });
      // A cookie session without the CSRF token is refused, for cancelling too.
      assertProblem(assert, await api(server.url, 'POST', '/api/v1/patent-imports?async=true&filename=a.csv', {
        session: official, rawBody: Buffer.from('x'), contentType: 'application/octet-stream', csrf: false,
      }), 403);
      assertProblem(assert, await api(server.url, 'DELETE', path, { session: official, csrf: false }), 403);
    });

    test('a malformed file ends in a report that names where and why', async () => {
      const bad = fs.readFileSync(path.join(SHARED, 'uspto/go-uspto/grant/US07057742-20060606.XML'));
      const r = await startJob(server.url, official, '坏文件.XML', bad);
      assert.equal(r.status, 202, r.text);
      const last = (await follow(server.url, official, r.json.id)).at(-1);
      assert.equal(last.state, 'succeeded', JSON.stringify(last));
      assert.equal(last.report.counts.rejected, 1);
      assert.equal(last.report.rejects[0].file, '坏文件.XML');
      assert.equal(last.report.rejects[0].unit, 'byte');
      assert.equal(typeof last.report.rejects[0].position, 'number');
      assert.match(last.report.rejects[0].reason, /\S/);

      const garbage = await startJob(server.url, official, 'notes.csv', Buffer.from('\x00\x01\x02 not a table'));
      assert.equal(garbage.status, 202, garbage.text);
      const ended = (await follow(server.url, official, garbage.json.id)).at(-1);
      assert.equal(ended.state, 'succeeded', JSON.stringify(ended));
      assert.ok(ended.report.counts.rejected >= 1, JSON.stringify(ended.report));
      assert.equal(ended.report.counts.imported, 0);
    });

    test('a cancelled job stops between records and keeps what it stored', async () => {
      const rows = 80000;
      const bytes = csvOf({ rows, first: 150000000, title: '取消测试传感器' });
      const r = await startJob(server.url, official, 'cancel.csv', bytes);
      assert.equal(r.status, 202, r.text);
      const id = r.json.id;
      await follow(server.url, official, id, { until: (job) => finished(job.state) || job.progress.imported > 0 });
      const cancel = await api(server.url, 'DELETE', `/api/v1/patent-imports/${id}`, { session: official });
      assert.equal(cancel.status, 202, cancel.text);
      assert.equal(cancel.json.cancel_requested, true);
      const last = (await follow(server.url, official, id)).at(-1);
      assert.equal(last.state, 'cancelled', JSON.stringify(last));
      assert.equal(last.report.cancelled, true);
      const { imported, read, rejected } = last.report.counts;
      assert.ok(imported > 0 && imported < rows, JSON.stringify(last.report.counts));
      assert.equal(read, imported + rejected);  // all it read was stored
      assert.ok(last.report.counts.bytes < bytes.length);
      for (const key of COUNTS) assert.equal(last.progress[key], last.report.counts[key], key);
      const stored = await api(server.url, 'GET', `/api/v1/patents?q=${encodeURIComponent('取消测试传感器')}&size=1`);
      assert.equal(stored.json.total, imported);
      // Finished: nothing more to cancel.
      assertProblem(assert, await api(server.url, 'DELETE', `/api/v1/patent-imports/${id}`, { session: official }), 409);
      const audit = await api(server.url, 'GET', '/api/v1/audit?action=patent.import', { session: official });
      const entry = audit.json.items.find((item) => item.detail?.job === id);
      assert.ok(entry, audit.text);
      assert.equal(entry.detail.cancelled, true);
      assert.equal(entry.detail.imported, imported);
    });
  });
}
