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

import { startServer, backends, api, loginDemo, assertProblem, sleep, cnCheck, importRecords } from './harness.mjs';

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

// Records of a few technical fields, two of each, for the similar-patents model (it keeps
// words that occur in two patents or more); record 10 is the one a similarity watch follows.
function fieldRecord(i, title, abstract, ipc) {
  return { ...record(i, title, '日照海岳科技有限公司'), abstract, ipc: [{ symbol: ipc, version: '2006.01' }], ipc_main: ipc };
}
const COOLING = '动力电池模组的液冷板内设蛇形冷却流道，冷却液经进液口流入，温度传感器检测电芯温度，控制器调节水泵转速，使电芯温差保持在五摄氏度以内';
const SIMILAR_BACKGROUND = [
  fieldRecord(10, '一种动力电池液冷热管理系统', `本发明公开了一种动力电池液冷热管理系统，${COOLING}。`, 'H01M 10/613'),
  fieldRecord(11, '一种电池包冷却装置', '本发明公开了一种电池包冷却装置，液冷板贴合电芯底面，冷却液在冷却流道内循环，温度传感器反馈电芯温度。', 'H01M 10/625'),
  fieldRecord(12, '一种茶叶揉捻机', '本发明公开了一种茶叶揉捻机，揉桶在揉盘上作偏心回转，曲柄连杆机构驱动揉桶，茶叶在揉盘棱骨间卷曲成条。', 'A23F 3/12'),
  fieldRecord(13, '一种茶叶杀青装置', '本发明公开了一种茶叶杀青装置，滚筒由热风加热，茶叶在滚筒内翻炒，揉桶出口设冷却风机。', 'A23F 3/06'),
  fieldRecord(14, '一种滴灌控制阀', '本发明公开了一种滴灌控制阀，阀体内设压力补偿膜片，土壤湿度传感器控制电磁阀启闭，灌溉管网按轮灌组供水。', 'A01G 25/02'),
  fieldRecord(15, '一种智能灌溉系统', '本发明公开了一种智能灌溉系统，土壤湿度传感器与气象站数据接入控制器，电磁阀按轮灌组开启滴灌带。', 'A01G 25/16'),
  fieldRecord(16, '一种挖掘机动臂液压缸', '本发明公开了一种挖掘机动臂液压缸，缸筒与活塞杆之间设缓冲套，液压油经节流孔回油，减少动臂下降冲击。', 'E02F 9/22'),
  fieldRecord(17, '一种挖掘机回转缓冲阀', '本发明公开了一种挖掘机回转缓冲阀，液压油经节流孔进入缓冲腔，回转马达制动时吸收冲击压力。', 'E02F 9/12'),
];
// Under another number and class: the same text as record 10 (the class share of the score
// lost, it scores about 85 %).
const NEAR_COPY = fieldRecord(20, '一种动力电池液冷热管理系统', `本发明公开了一种动力电池液冷热管理系统，${COOLING}。`, 'B60L 58/26');
const FAR_AWAY = fieldRecord(21, '一种茶叶理条机', '本发明公开了一种茶叶理条机，锅槽往复运动，茶叶在热锅槽内理直成条，揉桶辅助整形。', 'A23F 3/14');

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

    test('a similarity watch alerts once on a new patent close to a watched one', async () => {
      await importRecords(url, official, SIMILAR_BACKGROUND, 'similar-background.jsonl');
      const watched = SIMILAR_BACKGROUND[0].publication_number;
      for (const [body, field] of [
        [{ name: '相似', kind: 'similarity', patents: [watched], threshold: 0 }, 'threshold'],
        [{ name: '相似', kind: 'similarity', patents: [watched], threshold: 101 }, 'threshold'],
        [{ name: '相似', kind: 'similarity', patents: [watched], threshold: '60' }, 'threshold'],
        [{ name: '相似', kind: 'similarity', patents: [] }, 'patents'],
        [{ name: '相似', kind: 'similarity', patents: ['CN119999999A'] }, 'patents'],
        [{ name: '相似', kind: 'query', query: 'TI=电池', threshold: 60 }, 'threshold'],
      ]) {
        assertProblem(assert, await api(url, 'POST', '/api/v1/watches', { session: owner, body }), 400, { field });
      }
      const created = await api(url, 'POST', '/api/v1/watches', {
        session: owner, body: { name: '液冷相似', kind: 'similarity', patents: [watched] },
      });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.json.kind, 'similarity');
      assert.equal(created.json.threshold, 80);
      assert.deepEqual(created.json.patents, [watched]);
      assert.equal(created.json.events, null);
      const strict = await api(url, 'POST', '/api/v1/watches', {
        session: owner, body: { name: '液冷严格', kind: 'similarity', patents: [watched], threshold: 100 },
      });
      assert.equal(strict.status, 201, strict.text);

      await importRecords(url, official, [NEAR_COPY, FAR_AWAY], 'similar-new.jsonl');
      const similarAlerts = async () => {
        const r = await api(url, 'GET', '/api/v1/alerts?size=100', { session: owner });
        assert.equal(r.status, 200, r.text);
        return r.json.items.filter((a) => a.kind === 'similarity');
      };
      const started = Date.now();
      let alerts = await similarAlerts();
      while (alerts.length === 0) {
        if (Date.now() - started > ALERT_WAIT_MS) assert.fail('no similarity alert');
        await sleep(100);
        alerts = await similarAlerts();
      }
      // Let the runner poll a few more times: nothing may be added twice.
      await sleep(1500);
      alerts = await similarAlerts();
      assert.equal(alerts.length, 1, JSON.stringify(alerts));
      const [alert] = alerts;
      assert.equal(alert.watch_id, created.json.id);
      assert.equal(alert.publication_number, NEAR_COPY.publication_number);
      assert.equal(alert.title, NEAR_COPY.title);
      assert.equal(alert.detail.similar_to, watched);
      assert.equal(alert.detail.threshold, 80);
      assert.ok(alert.detail.percent >= 80 && alert.detail.percent < 100, JSON.stringify(alert.detail));
      assert.ok(Array.isArray(alert.detail.shared_terms) && alert.detail.shared_terms.length > 0, JSON.stringify(alert.detail));
      assert.ok(Array.isArray(alert.detail.shared_ipc));

      const stricter = await api(url, 'PATCH', `/api/v1/watches/${created.json.id}`, {
        session: owner, body: { threshold: 90 },
      });
      assert.equal(stricter.status, 200, stricter.text);
      assert.equal(stricter.json.threshold, 90);
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
