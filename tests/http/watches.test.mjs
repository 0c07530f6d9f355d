// Watches and alerts over HTTP (docs/api.md, "Watches and alerts"): an enterprise user
// (lx_ent_admin) watches a query and a competitor; an official imports records; the server's
// watch runner writes alerts for exactly the new patents that match, once, and the user reads
// them in the inbox and acknowledges them. A colleague (lx_ent_member) sees the shared watch
// but gets none of the private one's alerts; another enterprise (sz_ent_admin) sees nothing.
//
// Runs on SQLite, and on PostgreSQL too when IPHUB_TEST_PG_URL is set.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';

import { startServer, backends, api, loginDemo, assertProblem, sleep, cnCheck } from './harness.mjs';

const MARKER = '鹭鸶翼';
const RIVAL = '潍坊鹭鸶动力股份有限公司';
const ALERT_WAIT_MS = 10_000;

function record(i, title, applicant) {
  const digits = `2019${1}${String(6660000 + i).padStart(7, '0')}`;
  const docNumber = `11966${String(i).padStart(4, '0')}`;
  return {
    publication_number: `CN${docNumber}A`,
    country: 'CN',
    doc_number: docNumber,
    kind: 'A',
    type: 'cn_invention_application',
    application_number: `${digits}.${cnCheck(digits)}`,
    application_date: '2019-05-10',
    publication_date: '2021-03-02',
    language: 'zh',
    title,
    abstract: `本发明公开了${title}。`,
    applicants: [{ name: applicant, country: 'CN', region_code: '370102' }],
    ipc: [{ symbol: 'H01M 10/613', version: '2006.01' }],
    ipc_main: 'H01M 10/613',
  };
}

const MATCHES_QUERY = record(0, `一种${MARKER}电池`, '济南泉城智能装备有限公司');
// The name as written differs from the watched one (有限公司 vs 股份有限公司): the same
// applicant once normalised.
const OF_RIVAL = record(1, '一种发动机冷却装置', '潍坊鹭鸶动力有限公司');
const NEITHER = record(2, '一种灌溉控制器', '济南泉城智能装备有限公司');

async function importRecords(url, session, records, name) {
  const jsonl = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const r = await api(url, 'POST', `/api/v1/patent-imports?filename=${name}`, {
    session, rawBody: Buffer.from(jsonl), contentType: 'application/octet-stream',
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.counts.rejected, 0, r.text);
}

// A loopback SMTP server that accepts every mail and records the recipient and DATA.
function startSmtpSink() {
  const mails = [];
  const server = net.createServer((socket) => {
    socket.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let rcpt = '';
    let data = '';
    socket.write('220 sink ready\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            mails.push({ rcpt, data });
            socket.write('250 queued\r\n');
          } else {
            data += `${line}\n`;
          }
        } else if (line.startsWith('RCPT TO:')) {
          rcpt = line.slice('RCPT TO:'.length);
          socket.write('250 OK\r\n');
        } else if (line === 'DATA') {
          inData = true;
          data = '';
          socket.write('354 go ahead\r\n');
        } else if (line === 'QUIT') {
          socket.end('221 bye\r\n');
        } else {
          socket.write('250 OK\r\n');
        }
      }
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ port: server.address().port, mails, close: () => server.close() }));
  });
}

// Polls the inbox until it holds `expected` alerts (bounded).
async function waitForAlerts(url, session, expected) {
  const started = Date.now();
  for (;;) {
    const r = await api(url, 'GET', '/api/v1/alerts?size=100', { session });
    assert.equal(r.status, 200, r.text);
    if (r.json.total >= expected) return r.json;
    if (Date.now() - started > ALERT_WAIT_MS) {
      assert.fail(`after ${ALERT_WAIT_MS} ms the inbox holds ${r.json.total} of ${expected}: ${r.text}`);
    }
    await sleep(100);
  }
}

for (const backend of backends()) {
  describe(`watches and alerts over HTTP (${backend.name})`, () => {
    let server;
    let url;
    let official;
    let owner;
    let colleague;
    let outsider;
    let smtp;

    before(async () => {
      smtp = await startSmtpSink();
      server = await startServer({
        backend: backend.name,
        env: { IPHUB_SMTP_HOST: '127.0.0.1', IPHUB_SMTP_PORT: smtp.port, IPHUB_SMTP_FROM: 'iphub@example.cn' },
      });
      url = server.url;
      official = await loginDemo(url, 'jn_official');
      owner = await loginDemo(url, 'lx_ent_admin');
      colleague = await loginDemo(url, 'lx_ent_member');
      outsider = await loginDemo(url, 'sz_ent_admin');
    });
    after(async () => { await server?.stop(); smtp?.close(); });

    test('visitors get 401', async () => {
      for (const [method, path, body] of [
        ['GET', '/api/v1/watches'],
        ['POST', '/api/v1/watches', { name: 'x', kind: 'query', query: 'TI=x' }],
        ['GET', '/api/v1/watches/1'],
        ['PATCH', '/api/v1/watches/1', { name: 'x' }],
        ['DELETE', '/api/v1/watches/1'],
        ['GET', '/api/v1/alerts'],
        ['POST', '/api/v1/alerts/1/read'],
        ['POST', '/api/v1/alerts/read-all'],
      ]) {
        assertProblem(assert, await api(url, method, path, { body }), 401);
      }
    });

    test('a malformed query is a 400 naming the field', async () => {
      const r = await api(url, 'POST', '/api/v1/watches', {
        session: owner, body: { name: '坏查询', kind: 'query', query: 'TI=(电池' },
      });
      assertProblem(assert, r, 400, { field: 'query' });
      const hourly = await api(url, 'POST', '/api/v1/watches', {
        session: owner, body: { name: '每小时', kind: 'query', query: 'TI=电池', frequency: 'hourly' },
      });
      assertProblem(assert, hourly, 400, { field: 'frequency' });
    });

    test('query and applicant watches alert once on the new patents they match', async () => {
      // The owner has an e-mail address, so the alerts are mailed too.
      const admin = await loginDemo(url, 'admin');
      const withEmail = await api(url, 'PATCH', `/api/v1/users/${owner.user.id}`, {
        session: admin, body: { email: 'lx-owner@example.cn' },
      });
      assert.equal(withEmail.status, 200, withEmail.text);
      const query = await api(url, 'POST', '/api/v1/watches', {
        session: owner, body: { name: `${MARKER}监控`, kind: 'query', query: `TI=${MARKER}` },
      });
      assert.equal(query.status, 201, query.text);
      assert.equal(query.json.kind, 'query');
      assert.equal(query.json.frequency, 'import');
      assert.equal(query.json.editable, true);
      const rival = await api(url, 'POST', '/api/v1/watches', {
        session: owner, body: { name: '竞争对手', kind: 'applicant', applicant: RIVAL, shared: true },
      });
      assert.equal(rival.status, 201, rival.text);
      assert.equal(rival.json.applicant, RIVAL);

      // The colleague sees the shared watch only; the outsider neither.
      const seen = await api(url, 'GET', '/api/v1/watches', { session: colleague });
      assert.deepEqual(seen.json.items.map((w) => w.name), ['竞争对手']);
      assert.equal(seen.json.items[0].editable, false);
      assertProblem(assert, await api(url, 'GET', `/api/v1/watches/${query.json.id}`, { session: colleague }), 404);
      assertProblem(assert, await api(url, 'GET', `/api/v1/watches/${rival.json.id}`, { session: outsider }), 404);
      assertProblem(assert, await api(url, 'PATCH', `/api/v1/watches/${rival.json.id}`, {
        session: colleague, body: { name: '改' },
      }), 403);

      await importRecords(url, official, [MATCHES_QUERY, OF_RIVAL, NEITHER], 'watches.jsonl');
      let inbox = await waitForAlerts(url, owner, 2);
      // Let the runner poll a few more times: nothing may be added twice.
      await sleep(1500);
      inbox = await waitForAlerts(url, owner, 2);
      assert.equal(inbox.total, 2, JSON.stringify(inbox));
      assert.equal(inbox.unread, 2);
      const got = inbox.items.map((a) => `${a.watch_name} ${a.kind} ${a.publication_number}`).sort();
      assert.deepEqual(got, [
        `${MARKER}监控 query ${MATCHES_QUERY.publication_number}`,
        `竞争对手 applicant ${OF_RIVAL.publication_number}`,
      ].sort());
      const rivalAlert = inbox.items.find((a) => a.kind === 'applicant');
      assert.equal(rivalAlert.title, OF_RIVAL.title);
      assert.equal(rivalAlert.watch_id, rival.json.id);
      assert.equal(rivalAlert.detail.applicant, RIVAL);
      assert.equal(rivalAlert.read_at, null);

      // The shared watch alerts the colleague too; the outsider gets nothing.
      const colleagueInbox = await waitForAlerts(url, colleague, 1);
      assert.deepEqual(colleagueInbox.items.map((a) => a.publication_number), [OF_RIVAL.publication_number]);
      const outsiderInbox = await api(url, 'GET', '/api/v1/alerts', { session: outsider });
      assert.equal(outsiderInbox.json.total, 0);

      // Importing the same records again adds nothing.
      await importRecords(url, official, [MATCHES_QUERY, OF_RIVAL, NEITHER], 'watches-again.jsonl');
      await sleep(1000);
      assert.equal((await waitForAlerts(url, owner, 2)).total, 2);

      // Mail to the owner listing both alerts (one mail per evaluation batch: one, or two if
      // the index applied the import in two steps); the colleague has no address.
      const mailed = () => smtp.mails.map((m) => m.data).join('\n');
      const mailStarted = Date.now();
      while (!(mailed().includes(MATCHES_QUERY.publication_number) && mailed().includes(OF_RIVAL.publication_number))) {
        if (Date.now() - mailStarted > ALERT_WAIT_MS) assert.fail(`mail so far: ${JSON.stringify(smtp.mails)}`);
        await sleep(100);
      }
      assert.ok(smtp.mails.length <= 2, JSON.stringify(smtp.mails));
      for (const mail of smtp.mails) {
        assert.equal(mail.rcpt, '<lx-owner@example.cn>');
        assert.match(mail.data, /Subject: =\?UTF-8\?B\?/);
      }
      assert.ok(!mailed().includes(NEITHER.publication_number));

      // Acknowledging: one, then all; someone else's alert is a 404.
      assertProblem(assert, await api(url, 'POST', `/api/v1/alerts/${rivalAlert.id}/read`, { session: outsider }), 404);
      const read = await api(url, 'POST', `/api/v1/alerts/${rivalAlert.id}/read`, { session: owner });
      assert.equal(read.status, 200, read.text);
      assert.equal(typeof read.json.read_at, 'number');
      const unread = await api(url, 'GET', '/api/v1/alerts?unread=true', { session: owner });
      assert.equal(unread.json.total, 1);
      assert.equal(unread.json.unread, 1);
      assert.equal(unread.json.items[0].kind, 'query');
      const all = await api(url, 'POST', '/api/v1/alerts/read-all', { session: owner });
      assert.equal(all.status, 200, all.text);
      assert.equal(all.json.marked, 1);
      assert.equal((await api(url, 'GET', '/api/v1/alerts', { session: owner })).json.unread, 0);

      // Deleting a watch takes its alerts along.
      const deleted = await api(url, 'DELETE', `/api/v1/watches/${query.json.id}`, { session: owner });
      assert.equal(deleted.status, 204, deleted.text);
      assert.equal((await api(url, 'GET', '/api/v1/alerts', { session: owner })).json.total, 1);
    });

    test('a weekly status watch follows stored patents only', async () => {
      const unknown = await api(url, 'POST', '/api/v1/watches', {
        session: owner, body: { name: '周报', kind: 'status', patents: ['CN119999999A'], events: ['transfer'] },
      });
      assertProblem(assert, unknown, 400, { field: 'patents' });
      const created = await api(url, 'POST', '/api/v1/watches', {
        session: owner,
        body: {
          name: '周报', kind: 'status', patents: [` ${MATCHES_QUERY.publication_number.toLowerCase()} `],
          events: ['transfer', 'pledge'], frequency: 'weekly',
        },
      });
      assert.equal(created.status, 201, created.text);
      assert.deepEqual(created.json.patents, [MATCHES_QUERY.publication_number]);
      assert.deepEqual(created.json.events, ['transfer', 'pledge']);
      assert.equal(created.json.frequency, 'weekly');
      assert.equal(created.json.query, null);
      const changed = await api(url, 'PATCH', `/api/v1/watches/${created.json.id}`, {
        session: owner, body: { events: ['lapse'], frequency: 'daily' },
      });
      assert.equal(changed.status, 200, changed.text);
      assert.deepEqual(changed.json.events, ['lapse']);
      assert.equal(changed.json.frequency, 'daily');
      assertProblem(assert, await api(url, 'PATCH', `/api/v1/watches/${created.json.id}`, {
        session: owner, body: { query: 'TI=电池' },
      }), 400, { field: 'query' });
    });
  });
}
