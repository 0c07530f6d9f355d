// Shared helpers of the HTTP integration tests: start and stop iphub servers on
// fresh data directories, a small cookie-aware API client, the CLI runner, and
// test-data helpers (valid USCCs, region subtrees).
//
// Only Node built-ins. The server binary comes from the environment variable
// IPHUB_BIN (see README.md). Every server this module starts is killed when the
// test process exits, even when a test fails or throws.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';

export const DEMO_PASSWORD = 'Demo@2026';
export const ADMIN_PASSWORD = 'Admin@2026';

const LISTEN_RE = /listening on (http:\/\/127\.0\.0\.1:\d+)/;
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 20_000;
const CLI_TIMEOUT_MS = 120_000;
const KEEP_DIRS = process.env.IPHUB_TEST_KEEP === '1';

// ---------------------------------------------------------------------------
// Binary and process bookkeeping

let cachedBin;
// The server binary (absolute path). Throws a clear error if IPHUB_BIN is unset
// or does not name an executable file.
export function iphubBin() {
  if (cachedBin) return cachedBin;
  const raw = process.env.IPHUB_BIN;
  if (!raw) {
    throw new Error(
      'IPHUB_BIN is not set. Build the server and run, from the repository root:\n' +
        '  IPHUB_BIN=build/release/src/iphub/app/iphub node --test tests/http/');
  }
  const bin = path.resolve(raw);
  try {
    fs.accessSync(bin, fs.constants.X_OK);
  } catch {
    throw new Error(`IPHUB_BIN=${raw} (${bin}) is not an executable file`);
  }
  cachedBin = bin;
  return bin;
}

const liveProcs = new Set();
const tempDirs = new Set();
const pgDatabases = new Set();  // {adminUrl, name}

process.on('exit', () => {
  for (const proc of liveProcs) {
    try { proc.kill('SIGKILL'); } catch { /* already gone */ }
  }
  for (const db of pgDatabases) dropPgDatabaseSync(db);
  if (!KEEP_DIRS) {
    for (const dir of tempDirs) {
      try { fs.rmSync(dir, { recursive: true, force: true }); } catch { /* ignore */ }
    }
  }
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => process.exit(130));
}

// The environment of a child: ours without inherited IPHUB_* settings (a
// developer's IPHUB_DB or IPHUB_DATA_DIR must not leak into a test), plus `extra`.
function childEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('IPHUB_')) env[k] = v;
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined || v === null) delete env[k];
    else env[k] = String(v);
  }
  return env;
}

export function makeTempDir(prefix = 'iphub-http-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

// Copies a (stopped) server's data directory to a fresh temp directory.
export function copyDataDir(dir) {
  const copy = makeTempDir('iphub-copy-');
  fs.cpSync(dir, copy, { recursive: true });
  return copy;
}

// ---------------------------------------------------------------------------
// CLI

// Runs `iphub ARGS`; resolves {code, signal, stdout, stderr}. Never rejects on a
// non-zero exit (the caller asserts).
export function runCli(args, { env = {}, timeoutMs = CLI_TIMEOUT_MS } = {}) {
  const bin = iphubBin();
  return new Promise((resolve, reject) => {
    const proc = spawn(bin, args, { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    liveProcs.add(proc);
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    proc.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`iphub ${args.join(' ')} did not finish within ${timeoutMs} ms\n` +
        `stdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    proc.on('error', (err) => { clearTimeout(timer); liveProcs.delete(proc); reject(err); });
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      liveProcs.delete(proc);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

// The --db flag for a backend spec ({kind:'sqlite'} or {kind:'postgres', url}).
function dbArgs(db) {
  return db ? ['--db', db] : [];
}

// ---------------------------------------------------------------------------
// Backends (SQLite always; PostgreSQL when IPHUB_TEST_PG_URL is set)

// [{name:'sqlite'}, {name:'postgres'}?]. The PostgreSQL URL must reach a server
// where the user may CREATE DATABASE (e.g. postgresql://postgres@localhost/postgres);
// every server gets a fresh database, dropped at exit. Requires `psql`.
export function backends() {
  const list = [{ name: 'sqlite' }];
  if (process.env.IPHUB_TEST_PG_URL) list.push({ name: 'postgres' });
  return list;
}

function psql(adminUrl, sql) {
  const r = spawnSync('psql', [adminUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], {
    encoding: 'utf8', env: childEnv({}), timeout: 30_000,
  });
  if (r.error) throw new Error(`psql: ${r.error.message} (is the postgresql-client package installed?)`);
  return r;
}

// Creates a fresh database; returns its URL.
export function createPgDatabase() {
  const adminUrl = process.env.IPHUB_TEST_PG_URL;
  if (!adminUrl) throw new Error('IPHUB_TEST_PG_URL is not set');
  const name = `iphub_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const r = psql(adminUrl, `CREATE DATABASE ${name}`);
  if (r.status !== 0) throw new Error(`CREATE DATABASE ${name} failed:\n${r.stderr}`);
  pgDatabases.add({ adminUrl, name });
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

function dropPgDatabaseSync({ adminUrl, name }) {
  try { psql(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); } catch { /* ignore */ }
}

// ---------------------------------------------------------------------------
// Servers

// Starts `iphub serve` on a data directory.
//   env:      extra environment, e.g. {IPHUB_LOGIN_MAX_FAILURES: 3}
//   dataDir:  reuse this directory (a restart); default: a fresh temp directory
//   demo:     run `iphub demo` first; default true for a fresh directory, false
//             when dataDir is given
//   backend:  'sqlite' (default) or 'postgres' (a fresh database unless `db` given)
//   db:       an explicit --db URL (a restart of a PostgreSQL server)
// Resolves {url, proc, dataDir, db, backend, stop(signal) -> exit code, kill(),
// output()}.
export async function startServer({ env = {}, dataDir, demo, backend = 'sqlite', db } = {}) {
  const bin = iphubBin();
  const fresh = !dataDir;
  const dir = dataDir ?? makeTempDir();
  const runDemo = demo ?? fresh;
  let dbUrl = db;
  if (!dbUrl && backend === 'postgres') dbUrl = createPgDatabase();

  if (runDemo) {
    const r = await runCli(['demo', '--data-dir', dir, ...dbArgs(dbUrl)], { env });
    if (r.code !== 0) {
      throw new Error(`iphub demo exited with ${r.code} (signal ${r.signal})\n` +
        `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
    }
  }

  const args = ['serve', '--data-dir', dir, '--port', '0', '--listen', '127.0.0.1', ...dbArgs(dbUrl)];
  const proc = spawn(bin, args, { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  liveProcs.add(proc);

  // Keep draining both pipes for the life of the process (a full pipe would
  // block the server's logging); keep the tail for diagnostics.
  const MAX_KEEP = 64 * 1024;
  let stdout = '';
  let stderr = '';
  const trim = (s) => (s.length > MAX_KEEP ? s.slice(s.length - MAX_KEEP) : s);
  const exited = new Promise((resolve) => {
    proc.on('exit', (code, signal) => { liveProcs.delete(proc); resolve({ code, signal }); });
  });

  const url = await new Promise((resolve, reject) => {
    let done = false;
    let lineBuf = '';
    const finish = (err, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) reject(err); else resolve(value);
    };
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      finish(new Error(`iphub serve printed no "listening on" line within ${START_TIMEOUT_MS} ms\n` +
        `stdout:\n${stdout}\nstderr:\n${stderr}`));
    }, START_TIMEOUT_MS);
    proc.stdout.setEncoding('utf8').on('data', (d) => {
      stdout = trim(stdout + d);
      if (done) return;
      lineBuf += d;
      const lines = lineBuf.split('\n');
      lineBuf = lines.pop();
      for (const line of lines) {
        const m = LISTEN_RE.exec(line);
        if (m) return finish(null, m[1]);
      }
    });
    proc.stderr.setEncoding('utf8').on('data', (d) => { stderr = trim(stderr + d); });
    proc.on('error', (err) => finish(new Error(`cannot start ${bin}: ${err.message}`)));
    exited.then(({ code, signal }) => finish(new Error(
      `iphub serve exited (code ${code}, signal ${signal}) before listening\n` +
      `stdout:\n${stdout}\nstderr:\n${stderr}`)));
  });

  let exitResult = null;
  exited.then((r) => { exitResult = r; });

  const server = {
    url,
    proc,
    dataDir: dir,
    db: dbUrl,
    backend,
    output: () => ({ stdout, stderr }),
    // Sends `signal` and waits for the exit; returns the exit code (null if
    // killed by a signal). SIGKILLs and throws if it does not exit in time.
    async stop(signal = 'SIGTERM') {
      if (exitResult) return exitResult.code;
      proc.kill(signal);
      let timer;
      const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), STOP_TIMEOUT_MS); });
      const r = await Promise.race([exited, timeout]);
      clearTimeout(timer);
      if (!r) {
        proc.kill('SIGKILL');
        await exited;
        throw new Error(`iphub serve did not exit within ${STOP_TIMEOUT_MS} ms of ${signal}\n` +
          `stderr:\n${stderr}`);
      }
      return r.code;
    },
    // Waits for the process to exit without signalling it (after a signal the
    // test sent itself); returns the exit code. Throws after `timeoutMs`.
    async wait(timeoutMs = STOP_TIMEOUT_MS) {
      let timer;
      const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), timeoutMs); });
      const r = await Promise.race([exited, timeout]);
      clearTimeout(timer);
      if (!r) throw new Error(`iphub serve did not exit within ${timeoutMs} ms\nstderr:\n${stderr}`);
      return r.code;
    },
    // SIGKILL; resolves once the process is gone.
    async kill() {
      if (!exitResult) proc.kill('SIGKILL');
      await exited;
    },
    exited,
  };
  return server;
}

// Args for CLI commands that act on a server's database (audit verify, user list).
export function dataArgs(server) {
  return ['--data-dir', server.dataDir, ...dbArgs(server.db)];
}

// ---------------------------------------------------------------------------
// HTTP client

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// One request. `session` is what login() or bearer() returns (or null).
//   body:        a value sent as JSON
//   rawBody:     a string/Buffer sent as is (Content-Type application/json unless contentType)
//   contentType: Content-Type of the body
//   headers:     extra headers
//   csrf:        undefined: the session's token on mutations; false: none; a string: that value
// Resolves {status, headers, text, json} (json: parsed body or null when empty
// or not JSON).
export async function api(url, method, p, { session, body, headers = {}, rawBody, contentType, csrf } = {}) {
  const h = { ...headers };
  if (session?.cookie) h.Cookie = session.cookie;
  if (session?.token) h.Authorization = `Bearer ${session.token}`;
  const m = method.toUpperCase();
  if (MUTATING.has(m) && csrf !== false) {
    const token = typeof csrf === 'string' ? csrf : session?.csrf;
    if (token && session?.cookie) h['X-CSRF-Token'] = token;
    else if (typeof csrf === 'string') h['X-CSRF-Token'] = csrf;
  }
  let payload;
  if (rawBody !== undefined) {
    payload = rawBody;
    h['Content-Type'] = contentType ?? 'application/json';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    h['Content-Type'] = contentType ?? 'application/json';
  } else if (contentType) {
    h['Content-Type'] = contentType;
  }
  const res = await fetch(url + p, { method: m, headers: h, body: payload, redirect: 'manual' });
  const text = await res.text();
  let json = null;
  if (text.length > 0 && /json/i.test(res.headers.get('content-type') ?? '')) {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  return { status: res.status, headers: res.headers, text, json };
}

// The Set-Cookie headers of a response, as strings.
export function setCookies(headers) {
  if (typeof headers.getSetCookie === 'function') return headers.getSetCookie();
  const v = headers.get('set-cookie');
  return v ? [v] : [];
}

// The Set-Cookie string for cookie `name`, or undefined.
export function findSetCookie(headers, name) {
  return setCookies(headers).find((c) => c.trimStart().startsWith(`${name}=`));
}

// Logs in; resolves {cookie, csrf, user, setCookie, response}. Throws unless 200.
export async function login(url, username, password) {
  const r = await api(url, 'POST', '/api/v1/auth/login', { body: { username, password } });
  if (r.status !== 200) {
    throw new Error(`login ${username} answered ${r.status}: ${r.text}`);
  }
  const setCookie = findSetCookie(r.headers, 'iphub_session');
  if (!setCookie) throw new Error(`login ${username}: no iphub_session cookie in ${JSON.stringify(setCookies(r.headers))}`);
  const cookie = setCookie.split(';')[0].trim();
  return { cookie, csrf: r.json?.csrf_token, user: r.json?.user, setCookie, response: r };
}

// A session object for an API token (no cookie, no CSRF).
export function bearer(token) {
  return { token };
}

// The password of a demo account.
export function demoPassword(username) {
  return username === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD;
}

export async function loginDemo(url, username) {
  return login(url, username, demoPassword(username));
}

// All items of a paged list (size 200 per page).
export async function listAll(url, p, session) {
  const items = [];
  const sep = p.includes('?') ? '&' : '?';
  for (let page = 1; page < 1000; page++) {
    const r = await api(url, 'GET', `${p}${sep}page=${page}&size=200`, { session });
    if (r.status !== 200) throw new Error(`GET ${p} page ${page}: ${r.status} ${r.text}`);
    items.push(...r.json.items);
    if (r.json.items.length === 0 || items.length >= r.json.total) {
      return { items, total: r.json.total };
    }
  }
  throw new Error(`GET ${p}: too many pages`);
}

// ---------------------------------------------------------------------------
// Assertions on problem responses

// Checks an application/problem+json response with `status`; returns the body.
export function assertProblem(assert, r, status, { field } = {}) {
  const ctx = `status ${r.status}, content-type ${r.headers.get('content-type')}, body ${r.text}`;
  assert.equal(r.status, status, `expected ${status}: ${ctx}`);
  assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/i, ctx);
  assert.ok(r.json && typeof r.json === 'object', `problem body is not JSON: ${ctx}`);
  assert.equal(typeof r.json.type, 'string', `problem.type: ${ctx}`);
  assert.ok(r.json.type.length > 0, `problem.type empty: ${ctx}`);
  assert.equal(typeof r.json.title, 'string', `problem.title: ${ctx}`);
  assert.ok(r.json.title.length > 0, `problem.title empty: ${ctx}`);
  assert.equal(r.json.status, status, `problem.status: ${ctx}`);
  assert.equal(typeof r.json.detail, 'string', `problem.detail: ${ctx}`);
  if (field !== undefined) assert.equal(r.json.field, field, `problem.field: ${ctx}`);
  return r.json;
}

// ---------------------------------------------------------------------------
// Test data

// ZC 0006-2003 check character of a 12-digit CN application number.
export function cnCheck(digits) {
  const weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
  let sum = 0;
  for (let k = 0; k < 12; k++) sum += Number(digits[k]) * weights[k];
  const c = sum % 11;
  return c === 10 ? 'X' : String(c);
}

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

// The check character (18th) of a USCC over its first 17 characters.
export function usccCheck(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(first17[i]);
    if (v < 0) throw new Error(`bad USCC character ${first17[i]}`);
    sum += v * USCC_WEIGHTS[i];
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

let usccCounter = 0;
const usccSalt = crypto.randomInt(0, 31 ** 4);
// A valid, unique (per test process) USCC: "91" + region code + 9-character
// organization code + check character. Always contains letters.
export function makeUscc(regionCode = '370102') {
  let n = usccSalt * 100000 + (usccCounter++);
  let code = '';
  for (let i = 0; i < 8; i++) {
    code = USCC_CHARSET[n % 31] + code;
    n = Math.floor(n / 31);
  }
  const first17 = `91${regionCode}${code}X`.slice(0, 17);
  // Org-code part: 8 base-31 digits then a letter, so there is always a letter.
  return first17 + usccCheck(first17);
}

// A USCC whose check character is wrong (and still from the charset).
export function badUscc(regionCode = '370102') {
  const good = makeUscc(regionCode);
  const i = USCC_CHARSET.indexOf(good[17]);
  return good.slice(0, 17) + USCC_CHARSET[(i + 1) % 31];
}

export function uniqueName(prefix) {
  return `${prefix}-${Date.now().toString(36)}-${crypto.randomBytes(3).toString('hex')}`;
}

// Is region `code` inside the subtree of region `root` (inclusive)? Chinese
// administrative codes: province XX0000, city XXYY00, county XXYYZZ.
export function inSubtree(code, root) {
  if (!code || !root) return false;
  if (root.endsWith('0000')) return code.slice(0, 2) === root.slice(0, 2);
  if (root.endsWith('00')) return code.slice(0, 4) === root.slice(0, 4);
  return code === root;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Like sleep(), but does not keep the process alive (for Promise.race deadlines).
export function deadline(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

// Does a command exist on PATH?
export function haveCommand(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0;
}

// Runs sqlite3 on a database file; returns stdout. Throws on failure.
export function sqlite(dbFile, sql) {
  if (!haveCommand('sqlite3')) {
    throw new Error('the sqlite3 command-line tool is missing (Debian package sqlite3)');
  }
  const r = spawnSync('sqlite3', ['-bail', dbFile, sql], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`sqlite3 ${dbFile} failed (${r.status}): ${r.stderr}\nSQL: ${sql}`);
  return r.stdout;
}

// Imports `records` (patent JSONL objects) through the API as `session`; asserts none is
// rejected.
export async function importRecords(url, session, records, name) {
  const jsonl = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const r = await api(url, 'POST', `/api/v1/patent-imports?filename=${name}`, {
    session, rawBody: Buffer.from(jsonl), contentType: 'application/octet-stream',
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.counts.rejected, 0, r.text);
  return r;
}

// Waits until the search index finds `expected` documents for `q` (imports are indexed in the
// background within about a second); fails after `timeoutMs`.
export async function waitForHits(url, q, expected, timeoutMs = 5_000) {
  const started = Date.now();
  for (;;) {
    const r = await api(url, 'GET', `/api/v1/search?q=${encodeURIComponent(q)}&size=1`);
    if (r.status === 200 && r.json.total === expected) return;
    if (Date.now() - started > timeoutMs) {
      assert.fail(`after ${timeoutMs} ms ${q} finds ${r.json?.total} of ${expected}: ${r.text}`);
    }
    await sleep(100);
  }
}
