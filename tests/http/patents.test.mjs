// Patents over HTTP (docs/api.md, "Patents"): upload an import as an official,
// read records by every usual way of writing their numbers, list with filters,
// and who may upload. Runs on SQLite and, when IPHUB_TEST_PG_URL is set, PostgreSQL.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServer, api, loginDemo, assertProblem, backends } from './harness.mjs';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHARED = path.join(ROOT, '..', 'shared', 'data');
const read = (relative) => fs.readFileSync(path.join(SHARED, relative));

async function upload(url, session, filename, bytes, extra = {}) {
  return api(url, 'POST', `/api/v1/patent-imports?filename=${encodeURIComponent(filename)}`, {
    session, rawBody: bytes, contentType: 'application/octet-stream', ...extra,
  });
}

for (const backend of backends()) {
  describe(`patents over HTTP (${backend.name})`, () => {
    let server;
    let official;

    before(async () => {
      server = await startServer({ backend: backend.name });
      official = await loginDemo(server.url, 'jn_official');
    });
    after(async () => { await server?.stop(); });

    test('an official uploads USPTO and CNIPA files and gets the counts', async () => {
      const files = [
        ['us10000000.xml', read('uspto/uspto-odp/grant_us10000000b2_14643719.xml')],
        ['cn_old1.xml', read('cn_patents/cnipa_xml/cn_old1.xml')],
        ['cn_new1.xml', read('cn_patents/cnipa_xml/cn_new1.xml')],
        ['design.xml', read('uspto/go-uspto/grant/v2-5-S1.xml')],
      ];
      for (const [name, bytes] of files) {
        const r = await upload(server.url, official, name, bytes);
        assert.equal(r.status, 200, `${name}: ${r.text}`);
        assert.equal(r.json.filename, name);
        assert.equal(r.json.counts.imported, 1, `${name}: ${r.text}`);
        assert.equal(r.json.counts.rejected, 0);
        assert.deepEqual(r.json.rejects, []);
      }
      // The same file again changes nothing.
      const again = await upload(server.url, official, 'cn_old1.xml', files[1][1]);
      assert.equal(again.status, 200);
      assert.equal(again.json.counts.imported, 0);
      assert.equal(again.json.counts.unchanged, 1);
    });

    test('a malformed file yields a reject row naming the upload, byte offset and reason', async () => {
      const r = await upload(server.url, official, '坏文件.XML',
        read('uspto/go-uspto/grant/US07057742-20060606.XML'));
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.counts.rejected, 1);
      assert.equal(r.json.rejects.length, 1);
      assert.equal(r.json.rejects[0].file, '坏文件.XML');
      assert.equal(r.json.rejects[0].unit, 'byte');
      assert.equal(typeof r.json.rejects[0].position, 'number');
      assert.match(r.json.rejects[0].reason, /\S/);
    });

    test('the import is in the audit log', async () => {
      const r = await api(server.url, 'GET', '/api/v1/audit?action=patent.import', { session: official });
      assert.equal(r.status, 200, r.text);
      const names = r.json.items.map((entry) => entry.entity_id);
      assert.ok(names.includes('cn_old1.xml'), JSON.stringify(names));
    });

    test('a record is found however its number is written, anonymously', async () => {
      for (const written of ['US10000000B2', 'US 10,000,000 B2', 'us10000000', '14643719']) {
        const r = await api(server.url, 'GET', `/api/v1/patents/${encodeURIComponent(written)}`);
        assert.equal(r.status, 200, `${written}: ${r.text}`);
        assert.equal(r.json.patent.publication_number, 'US10000000B2');
        assert.equal(r.json.patent.application_number, '14643719');
        assert.equal(r.json.status.legal_status, 'valid');
        assert.equal(r.json.status.expiry_date, '2035-03-10');
      }
      for (const written of ['USD0452599S1', 'D452599', 'USD452599']) {
        const r = await api(server.url, 'GET', `/api/v1/patents/${encodeURIComponent(written)}`);
        assert.equal(r.status, 200, `${written}: ${r.text}`);
        assert.equal(r.json.patent.publication_number, 'USD452599S1');
        assert.equal(r.json.patent.type, 'us_design');
      }
      // A CNIPA 2021 record by its application number with the X check character.
      const cn = await api(server.url, 'GET', `/api/v1/patents/${encodeURIComponent('CN202111286633.X')}`);
      assert.equal(cn.status, 200, cn.text);
      assert.equal(cn.json.patent.application_number, '202111286633.X');
      assert.equal(cn.json.status.legal_status, 'pending');
    });

    test('unknown and unreadable numbers answer 404 and 400 problems', async () => {
      assertProblem(assert, await api(server.url, 'GET', '/api/v1/patents/US1234567B1'), 404);
      assertProblem(assert, await api(server.url, 'GET', '/api/v1/patents/not-a-number'), 400,
        { field: 'number' });
      // A wrong check character is an error naming the right one.
      const wrong = await api(server.url, 'GET', '/api/v1/patents/201410513187.4');
      const p = assertProblem(assert, wrong, 400, { field: 'number' });
      assert.match(p.detail, /expected '5'/);
    });

    test('the list filters by country, type, title, applicant and dates', async () => {
      const all = await api(server.url, 'GET', '/api/v1/patents');
      assert.equal(all.status, 200, all.text);
      assert.equal(all.json.total, 4);
      const us = await api(server.url, 'GET', '/api/v1/patents?country=us');
      assert.equal(us.json.total, 2);
      assert.ok(us.json.items.every((item) => item.country === 'US'));
      const design = await api(server.url, 'GET', '/api/v1/patents?type=us_design');
      assert.deepEqual(design.json.items.map((item) => item.publication_number), ['USD452599S1']);
      const title = await api(server.url, 'GET', `/api/v1/patents?q=${encodeURIComponent('烟用香料')}`);
      assert.equal(title.json.total, 1);
      assert.match(title.json.items[0].title, /烟用香料/);
      const dates = all.json.items.map((item) => item.application_date).sort();
      const byDate = await api(server.url, 'GET', `/api/v1/patents?from=${dates[1]}&to=${dates[2]}`);
      assert.equal(byDate.json.total, 2, JSON.stringify(dates));
      assert.ok(byDate.json.items.every((item) => item.application_date >= dates[1] &&
        item.application_date <= dates[2]), JSON.stringify(byDate.json.items));
      const paged = await api(server.url, 'GET', '/api/v1/patents?size=1&page=2');
      assert.equal(paged.json.items.length, 1);
      assert.equal(paged.json.total, 4);
      assertProblem(assert, await api(server.url, 'GET', '/api/v1/patents?from=2015-13-01'), 400,
        { field: 'from' });
    });

    test('only officials and platform administrators upload', async () => {
      const bytes = read('cn_patents/cnipa_xml/cn_old2.xml');
      assertProblem(assert, await upload(server.url, null, 'a.xml', bytes), 401);
      for (const username of ['lx_ent_admin', 'lx_ent_member', 'agency_attorney', 'expert_wang']) {
        const session = await loginDemo(server.url, username);
        assertProblem(assert, await upload(server.url, session, 'a.xml', bytes), 403);
      }
      const admin = await loginDemo(server.url, 'admin');
      const r = await upload(server.url, admin, 'cn_old2.xml', bytes);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.counts.imported, 1);
      // A cookie session without the CSRF token is refused.
      assertProblem(assert, await upload(server.url, official, 'a.xml', bytes, { csrf: false }), 403);
    });

    test('uploads of an unknown format or over the limit are refused with a reason', async () => {
      const pdf = await upload(server.url, official, 'report.pdf', Buffer.from('%PDF-1.4'));
      assertProblem(assert, pdf, 400, { field: 'filename' });
      const big = Buffer.alloc(65 * 1024 * 1024, 0x20);
      const tooBig = await upload(server.url, official, 'big.xml', big);
      assert.equal(tooBig.status, 413, tooBig.text);
    });
  });
}
