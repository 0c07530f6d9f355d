// The audit log: the API view, and `iphub audit verify` detecting edited,
// deleted and reordered rows (tampered with sqlite3 while the server is stopped).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';

import {
  startServer, runCli, api, loginDemo, listAll, makeUscc, uniqueName, copyDataDir, sqlite, haveCommand,
} from './harness.mjs';

const INTACT_RE = /audit log intact: (\d+) entries/;
const BROKEN_RE = /audit log broken at entry (\d+): *(.+)/;

describe('audit log', () => {
  let server;
  let admin;
  const made = {};
  const startedAt = Date.now();

  before(async () => {
    server = await startServer();
    admin = await loginDemo(server.url, 'admin');
    const create = async (key, region) => {
      const body = { name: uniqueName(`audit-${key}`), type: 'enterprise', uscc: makeUscc(region), region_code: region };
      const r = await api(server.url, 'POST', '/api/v1/organizations', { session: admin, body });
      assert.equal(r.status, 201, r.text);
      made[key] = r.json;
    };
    await create('orgA', '370102');
    await create('orgB', '370103');
    // A refused write leaves no trace.
    const dup = await api(server.url, 'POST', '/api/v1/organizations', {
      session: admin,
      body: { name: uniqueName('audit-dup'), type: 'enterprise', uscc: made.orgA.uscc, region_code: '370102' },
    });
    assert.equal(dup.status, 409, dup.text);
    const u = await api(server.url, 'POST', '/api/v1/users', {
      session: admin,
      body: { username: `audit_u_${Date.now() % 1e6}`, display_name: 'Audit User', password: 'Audit@2026x',
        role: 'member', organization_id: made.orgA.id },
    });
    assert.equal(u.status, 201, u.text);
    made.user = u.json;
    await create('orgC', '370202');
    await create('orgD', '370100');
    const upd = await api(server.url, 'PATCH', `/api/v1/organizations/${made.orgD.id}`,
      { session: admin, body: { address: 'audit street 1' } });
    assert.equal(upd.status, 200, upd.text);
    await create('orgE', '370103');
  });
  after(async () => { await server?.stop(); });

  test('GET /api/v1/audit lists the login, organization.create and user.create entries', async () => {
    const { items, total } = await listAll(server.url, '/api/v1/audit', admin);
    assert.equal(items.length, total);
    // Newest first.
    for (let i = 1; i < items.length; i++) {
      assert.ok(Number(items[i - 1].id) > Number(items[i].id), `not newest first at ${i}: ${items[i - 1].id}, ${items[i].id}`);
    }
    const adminId = String(admin.user.id);
    const login = items.find((e) => /login/i.test(e.action) && e.actor === 'admin');
    assert.ok(login, `no admin login entry in ${items.map((e) => e.action).join(',')}`);
    assert.equal(String(login.actor_id), adminId);

    for (const key of ['orgA', 'orgB', 'orgC']) {
      const org = made[key];
      const rows = items.filter((e) => e.action === 'organization.create' && e.entity_id === String(org.id));
      assert.equal(rows.length, 1, `one organization.create row for ${key}`);
      const e = rows[0];
      assert.equal(e.entity, 'organization');
      assert.equal(e.actor, 'admin');
      assert.equal(String(e.actor_id), adminId);
      assert.equal(e.region_code, org.region_code);
      assert.equal(typeof e.detail, 'object');
      assert.ok(e.detail !== null && !Array.isArray(e.detail));
      assert.ok(JSON.stringify(e.detail).includes(org.uscc), `detail records the USCC: ${JSON.stringify(e.detail)}`);
      assert.equal(typeof e.at, 'number');
      assert.ok(e.at >= startedAt - 1000 && e.at <= Date.now() + 1000, `at ${e.at}`);
    }
    const userRows = items.filter((e) => e.action === 'user.create' && e.entity_id === String(made.user.id));
    assert.equal(userRows.length, 1, 'one user.create row');
    assert.equal(userRows[0].entity, 'user');
    assert.equal(userRows[0].actor, 'admin');
    assert.equal(userRows[0].region_code, '370102');
    assert.ok(!JSON.stringify(userRows[0].detail).includes('Audit@2026x'), 'the password is not audited');

    // The refused duplicate wrote nothing.
    const creates = items.filter((e) => e.action === 'organization.create' && JSON.stringify(e.detail).includes(made.orgA.uscc));
    assert.equal(creates.length, 1);

    // The hash chain as the API shows it: each row's prev_hash is the previous row's hash.
    for (let i = 1; i < items.length; i++) {
      const newer = items[i - 1];
      const older = items[i];
      assert.match(newer.hash, /^[0-9a-f]{32,}$/i);
      if (Number(newer.id) === Number(older.id) + 1) {
        assert.equal(newer.prev_hash, older.hash, `prev_hash of ${newer.id}`);
      }
    }
    assert.equal(new Set(items.map((e) => e.hash)).size, items.length, 'hashes are unique');

    const filtered = await api(server.url, 'GET', '/api/v1/audit?action=organization.create&size=200', { session: admin });
    assert.equal(filtered.status, 200);
    assert.ok(filtered.json.items.length >= 3);
    assert.ok(filtered.json.items.every((e) => e.action === 'organization.create'));
    assert.equal(filtered.json.total, items.filter((e) => e.action === 'organization.create').length);

    const one = await api(server.url, 'GET', '/api/v1/audit?page=2&size=1', { session: admin });
    assert.equal(one.status, 200);
    assert.equal(one.json.items.length, 1);
    assert.ok(one.json.total >= items.length);
    assert.equal(String(one.json.items[0].id), String(items[1].id));
  });

  describe('iphub audit verify', () => {
    let dataDir;
    let ids;

    const verify = (dir) => runCli(['audit', 'verify', '--data-dir', dir]);
    const dbOf = (dir) => path.join(dir, 'iphub.db');
    const output = (r) => `${r.stdout}\n${r.stderr}`;
    // Drops triggers that would stop the tampering (an attacker with the file can too).
    const unprotect = (db) => {
      const triggers = sqlite(db, "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_log';")
        .split('\n').map((s) => s.trim()).filter(Boolean);
      for (const t of triggers) sqlite(db, `DROP TRIGGER "${t}";`);
    };
    const brokenAt = (r) => {
      const m = BROKEN_RE.exec(output(r));
      assert.ok(m, `no "audit log broken at entry ID: REASON" line:\n${output(r)}`);
      return { id: Number(m[1]), reason: m[2] };
    };

    before(async () => {
      const code = await server.stop();
      assert.equal(code, 0, 'SIGTERM: exit code 0');
      dataDir = server.dataDir;
      assert.ok(haveCommand('sqlite3'), 'the sqlite3 command-line tool is needed (apt-get install sqlite3)');
      ids = sqlite(dbOf(dataDir), 'SELECT id FROM audit_log ORDER BY id;').split('\n').filter(Boolean).map(Number);
      assert.ok(ids.length >= 6, `only ${ids.length} audit rows`);
    });

    test('an intact log verifies', async () => {
      const r = await verify(dataDir);
      assert.equal(r.code, 0, output(r));
      const m = INTACT_RE.exec(r.stdout);
      assert.ok(m, `stdout: ${r.stdout}`);
      assert.equal(Number(m[1]), ids.length);
      // So does a plain copy.
      const copy = copyDataDir(dataDir);
      const r2 = await verify(copy);
      assert.equal(r2.code, 0, output(r2));
    });

    test('an edited detail is found at that row', async () => {
      const copy = copyDataDir(dataDir);
      const db = dbOf(copy);
      unprotect(db);
      const target = Number(sqlite(db,
        `SELECT id FROM audit_log WHERE action='organization.create' AND entity_id='${made.orgB.id}';`).trim());
      assert.ok(ids.includes(target), `row of orgB: ${target}`);
      sqlite(db, `UPDATE audit_log SET detail='{"tampered":true}' WHERE id=${target};`);
      const r = await verify(copy);
      assert.equal(r.code, 1, output(r));
      const { id, reason } = brokenAt(r);
      assert.equal(id, target);
      assert.match(reason, /edit/i);
    });

    test('an edited actor is found at that row', async () => {
      const copy = copyDataDir(dataDir);
      const db = dbOf(copy);
      unprotect(db);
      const target = ids[1];
      sqlite(db, `UPDATE audit_log SET actor='mallory' WHERE id=${target};`);
      const r = await verify(copy);
      assert.equal(r.code, 1, output(r));
      const { id, reason } = brokenAt(r);
      assert.equal(id, target);
      assert.match(reason, /edit/i);
    });

    test('a deleted row is found', async () => {
      const copy = copyDataDir(dataDir);
      const db = dbOf(copy);
      unprotect(db);
      const target = ids[Math.floor(ids.length / 2)];
      assert.ok(target !== ids[0] && target !== ids[ids.length - 1]);
      sqlite(db, `DELETE FROM audit_log WHERE id=${target};`);
      const r = await verify(copy);
      assert.equal(r.code, 1, output(r));
      const { id, reason } = brokenAt(r);
      assert.ok(Math.abs(id - target) <= 1, `broken at ${id}, deleted ${target}`);
      assert.match(reason, /delet/i);
    });

    test('two swapped rows are found', async () => {
      const copy = copyDataDir(dataDir);
      const db = dbOf(copy);
      unprotect(db);
      const i = Math.floor(ids.length / 2);
      const [x, y] = [ids[i], ids[i + 1]];
      const cols = sqlite(db, "SELECT name FROM pragma_table_info('audit_log');").split('\n').filter(Boolean);
      assert.ok(cols.includes('id') && cols.includes('hash') && cols.includes('prev_hash'), cols.join(','));
      const rest = cols.filter((c) => c !== 'id').map((c) => `"${c}"`).join(', ');
      sqlite(db, [
        'BEGIN;',
        `CREATE TEMP TABLE swap AS SELECT * FROM audit_log WHERE id IN (${x}, ${y});`,
        `DELETE FROM audit_log WHERE id IN (${x}, ${y});`,
        `INSERT INTO audit_log (id, ${rest}) SELECT CASE id WHEN ${x} THEN ${y} ELSE ${x} END, ${rest} FROM swap;`,
        'COMMIT;',
      ].join('\n'));
      const swapped = sqlite(db, `SELECT hash FROM audit_log WHERE id IN (${x}, ${y}) ORDER BY id;`).split('\n').filter(Boolean);
      const orig = sqlite(dbOf(dataDir), `SELECT hash FROM audit_log WHERE id IN (${x}, ${y}) ORDER BY id;`).split('\n').filter(Boolean);
      assert.deepEqual(swapped, [orig[1], orig[0]], 'the swap took place');
      const r = await verify(copy);
      assert.equal(r.code, 1, output(r));
      const { id, reason } = brokenAt(r);
      assert.ok(id === x || id === y, `broken at ${id}, swapped ${x} and ${y}`);
      assert.match(reason, /reorder|edit/i);
    });
  });
});
