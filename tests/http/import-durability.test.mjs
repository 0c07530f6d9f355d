// An import killed with SIGKILL part-way, then run again: every record is in
// the database exactly once and complete (issue #3: "SIGKILL during an import,
// restart, re-run").

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { iphubBin, makeTempDir, runCli, sqlite, sleep } from './harness.mjs';

const RECORDS = 40_000;

function record(i) {
  const serial = String(100000000 + i);
  return {
    publication_number: `CN${serial}A`,
    country: 'CN',
    doc_number: serial,
    kind: 'A',
    type: 'cn_invention_application',
    application_number: '',
    application_date: `20${String(10 + (i % 15)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`,
    title: `一种耐久性测试装置 ${i}`,
    abstract: `本发明公开了一种用于测试的装置，编号 ${i}。`.repeat(4),
    claims: [
      { number: 1, text: `一种装置，其特征在于包括部件 ${i}。`, depends_on: [] },
      { number: 2, text: '根据权利要求1所述的装置，其特征在于还包括外壳。', depends_on: [1] },
    ],
    applicants: [{ name: `测试企业${i % 97}有限公司`, type: 'enterprise' }],
    ipc: [{ symbol: 'G01M 99/00', version: '2006.01' }],
    ipc_main: 'G01M 99/00',
  };
}

describe('import durability', () => {
  test('SIGKILL mid-import, then re-run: each record once and complete', async () => {
    const dir = makeTempDir('iphub-import-kill-');
    const file = path.join(dir, 'corpus.jsonl');
    const out = fs.openSync(file, 'w');
    for (let i = 0; i < RECORDS; i++) fs.writeSync(out, JSON.stringify(record(i)) + '\n');
    fs.closeSync(out);
    const dbFile = path.join(dir, 'iphub.db');
    const count = (sql) => Number(sqlite(dbFile, sql).trim());

    // Create the schema first so that progress can be polled.
    const migrate = await runCli(['migrate', '--data-dir', dir]);
    assert.equal(migrate.code, 0, migrate.stderr);

    const proc = spawn(iphubBin(), ['import', '--data-dir', dir, '--batch-size', '200', file],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    const exited = new Promise((resolve) => proc.on('close', (code, signal) => resolve({ code, signal })));
    const until = Date.now() + 60_000;
    let before = 0;
    while (Date.now() < until) {
      before = count('SELECT COUNT(*) FROM patents');
      if (before >= 2_000) break;
      await sleep(10);
    }
    proc.kill('SIGKILL');
    const killed = await exited;
    assert.equal(killed.signal, 'SIGKILL', 'the import finished before it could be killed');
    const afterKill = count('SELECT COUNT(*) FROM patents');
    assert.ok(afterKill >= before && afterKill < RECORDS, `after the kill: ${afterKill}`);
    // Whole batches only: what is there was committed 200 at a time.
    assert.equal(afterKill % 200, 0, `a partial batch is visible: ${afterKill}`);
    assert.equal(sqlite(dbFile, 'PRAGMA integrity_check').trim(), 'ok');

    const rerun = await runCli(['import', '--data-dir', dir, file]);
    assert.equal(rerun.code, 0, rerun.stderr);
    const summary = rerun.stdout + rerun.stderr;
    assert.match(summary, new RegExp(`read ${RECORDS}, imported ${RECORDS - afterKill}, updated 0, ` +
      `unchanged ${afterKill}, rejected 0`), summary);

    assert.equal(count('SELECT COUNT(*) FROM patents'), RECORDS);
    assert.equal(count('SELECT COUNT(DISTINCT publication_number) FROM patents'), RECORDS);
    assert.equal(count("SELECT COUNT(*) FROM patent_changes WHERE change = 'insert'"), RECORDS);
    assert.equal(count("SELECT COUNT(*) FROM patent_changes WHERE change = 'update'"), 0);

    // Records on both sides of the kill, and at the edges, are whole.
    const sample = [0, afterKill - 1, afterKill, afterKill + 1, RECORDS - 1, 12_345 % RECORDS];
    for (const i of sample) {
      const expected = record(i);
      const stored = JSON.parse(sqlite(dbFile,
        `SELECT record FROM patents WHERE publication_number = '${expected.publication_number}'`));
      assert.equal(stored.title, expected.title, `record ${i}`);
      assert.equal(stored.abstract, expected.abstract, `record ${i}`);
      assert.deepEqual(stored.claims.map((c) => [c.number, c.text, c.depends_on]),
        expected.claims.map((c) => [c.number, c.text, c.depends_on]), `record ${i}`);
      assert.equal(stored.applicants[0].name, expected.applicants[0].name, `record ${i}`);
    }
  });
});
