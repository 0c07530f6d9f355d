// Durability: acknowledged writes survive SIGKILL, nothing half-written appears,
// the audit log stays intact; SIGTERM under load drains and exits 0.

import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  startServer, runCli, dataArgs, api, loginDemo, listAll, makeUscc, deadline,
} from './harness.mjs';

const CONCURRENCY = 8;
const REGIONS = ['370102', '370103', '370100', '370202'];
const TYPES = ['enterprise', 'university', 'research_institute', 'ip_agency', 'bank', 'insurer', 'other'];

// Runs organization creations with CONCURRENCY workers until stop() is called
// (by onAck or from outside). Every request is recorded:
//   sent:   name -> body (everything ever sent, including in flight)
//   acked:  [{id, body, json}] (201 responses, complete bodies)
//   other:  [{status, text}] (non-201 responses)
//   errors: [{name, error}] (no response: connection errors)
function load(url, session, { prefix, onAck }) {
  const state = {
    sent: new Map(), acked: [], other: [], errors: [], inFlight: new Set(), stopped: false, inFlightAtStop: 0,
    ackedAfterStop: 0,
  };
  let n = 0;
  state.stop = () => {
    if (!state.stopped) {
      state.stopped = true;
      state.inFlightAtStop = state.inFlight.size;
    }
  };
  const worker = async () => {
    while (!state.stopped) {
      const i = n++;
      const region = REGIONS[i % REGIONS.length];
      const body = {
        name: `${prefix}-${String(i).padStart(5, '0')}`,
        type: TYPES[i % TYPES.length],
        uscc: makeUscc(region),
        region_code: region,
        address: `济南市 No.${i} 路`,
        contact: `contact-${i}`,
      };
      state.sent.set(body.name, body);
      state.inFlight.add(body.name);
      try {
        const r = await api(url, 'POST', '/api/v1/organizations', { session, body });
        if (r.status === 201 && r.json && r.json.id !== undefined) {
          state.acked.push({ id: r.json.id, body, json: r.json });
          if (state.stopped) state.ackedAfterStop++;
          state.inFlight.delete(body.name);
          onAck?.(state);
        } else {
          state.inFlight.delete(body.name);
          state.other.push({ name: body.name, status: r.status, text: r.text });
        }
      } catch (error) {
        // No (complete) response: outcome unknown; stays counted as in flight.
        state.errors.push({
          name: body.name, beforeStop: !state.stopped, error: String(error?.cause?.code ?? error?.message ?? error),
        });
        if (!state.stopped) state.inFlight.delete(body.name);
      }
    }
  };
  state.done = Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return state;
}

const FIELDS = ['name', 'type', 'uscc', 'region_code', 'address', 'contact'];
function sameAsSent(org, body) {
  return FIELDS.every((f) => org[f] === body[f]);
}

async function auditCreates(url, session) {
  const { items } = await listAll(url, '/api/v1/audit?action=organization.create', session);
  return items;
}

describe('durability', () => {
  const servers = [];
  after(async () => { for (const s of servers) await s.kill(); });

  test('SIGKILL under load loses no acknowledged write and leaves no partial write', async () => {
    const first = await startServer();
    servers.push(first);
    let admin = await loginDemo(first.url, 'admin');
    const preOrgs = (await listAll(first.url, '/api/v1/organizations', admin)).items;
    const preIds = new Set(preOrgs.map((o) => String(o.id)));
    const preAuditIds = new Set((await auditCreates(first.url, admin)).map((e) => e.entity_id));

    const prefix = `dur-kill-${Date.now().toString(36)}`;
    let killed;
    const state = load(first.url, admin, {
      prefix,
      onAck: (s) => {
        if (s.acked.length >= 150 && !killed) {
          s.stop();
          // Synchronously, while the other workers' requests are in flight.
          first.proc.kill('SIGKILL');
          killed = first.exited;
        }
      },
    });
    await Promise.race([state.done, deadline(120_000)]);
    assert.ok(killed, `the load ended before 150 acknowledgements: acked ${state.acked.length}, ` +
      `other ${JSON.stringify(state.other.slice(0, 3))}, errors ${JSON.stringify(state.errors.slice(0, 3))}`);
    await killed;
    await state.done;
    assert.deepEqual(state.other.map((o) => `${o.status} ${o.text}`), [], 'every answer under load was 201');
    assert.deepEqual(state.errors.filter((e) => e.beforeStop), [], 'connection errors before the kill');
    assert.ok(state.inFlightAtStop >= 1, 'requests were in flight at the kill');
    const acked = state.acked;
    // Requests whose outcome is unknown: in flight at the kill and not answered after it.
    const unknown = state.inFlightAtStop - state.ackedAfterStop;

    const second = await startServer({ dataDir: first.dataDir });
    servers.push(second);
    admin = await loginDemo(second.url, 'admin');

    // Every acknowledged write is there, exactly as sent.
    const wrong = [];
    for (const a of acked) {
      const r = await api(second.url, 'GET', `/api/v1/organizations/${a.id}`, { session: admin });
      if (r.status !== 200 || !sameAsSent(r.json, a.body)) wrong.push(`${a.id}: ${r.status} ${r.text.slice(0, 120)}`);
    }
    assert.deepEqual(wrong, [], `acknowledged organizations lost or changed (${wrong.length} of ${acked.length})`);
    assert.equal(new Set(acked.map((a) => String(a.id))).size, acked.length, 'distinct ids');

    // Nothing else appeared: only names we sent, each at most once, each complete.
    const postOrgs = (await listAll(second.url, '/api/v1/organizations', admin)).items;
    const newOrgs = postOrgs.filter((o) => !preIds.has(String(o.id)));
    const strangers = newOrgs.filter((o) => !state.sent.has(o.name) || !sameAsSent(o, state.sent.get(o.name)));
    assert.deepEqual(strangers, [], 'organizations the test did not send (or not as sent)');
    assert.equal(new Set(newOrgs.map((o) => o.name)).size, newOrgs.length, 'no organization stored twice');
    assert.ok(newOrgs.length >= acked.length, `${newOrgs.length} new organizations < ${acked.length} acknowledged`);
    assert.ok(newOrgs.length <= acked.length + unknown,
      `${newOrgs.length} new organizations > ${acked.length} acknowledged + ${unknown} in flight`);
    assert.ok(preOrgs.every((o) => postOrgs.some((p) => String(p.id) === String(o.id))), 'pre-existing organizations kept');

    // Each new organization has exactly one organization.create audit row and vice versa.
    const audit = (await auditCreates(second.url, admin)).filter((e) => !preAuditIds.has(e.entity_id));
    const auditIds = audit.map((e) => e.entity_id).sort();
    const orgIds = newOrgs.map((o) => String(o.id)).sort();
    const orgsWithoutAudit = orgIds.filter((id) => !auditIds.includes(id));
    const auditWithoutOrg = auditIds.filter((id) => !orgIds.includes(id));
    assert.deepEqual(auditIds, orgIds, 'organization.create audit rows must match the stored organizations one to one; ' +
      `organizations without an audit row: [${orgsWithoutAudit}], audit rows without an organization: [${auditWithoutOrg}], ` +
      `duplicate audit rows: ${auditIds.length - new Set(auditIds).size}`);

    const code = await second.stop();
    assert.equal(code, 0, 'SIGTERM exit code');
    const v = await runCli(['audit', 'verify', ...dataArgs(second)]);
    assert.equal(v.code, 0, `audit verify after the crash:\n${v.stdout}\n${v.stderr}`);
    assert.match(v.stdout, /audit log intact: \d+ entries/);
  });

  test('SIGTERM under load: in-flight requests complete, exit code 0, acknowledged writes persist', async () => {
    const first = await startServer();
    servers.push(first);
    let admin = await loginDemo(first.url, 'admin');
    const prefix = `dur-term-${Date.now().toString(36)}`;
    let signalled = false;
    const state = load(first.url, admin, {
      prefix,
      onAck: (s) => {
        if (s.acked.length >= 60 && !signalled) {
          signalled = true;
          s.stop();
          first.proc.kill('SIGTERM');
        }
      },
    });
    await Promise.race([state.done, deadline(120_000)]);
    assert.ok(signalled, `the load ended before 60 acknowledgements: acked ${state.acked.length}`);
    const code = await first.wait();  // signalled above; a second SIGTERM could force an exit
    await state.done;
    assert.deepEqual(state.errors.filter((e) => e.beforeStop), [], 'connection errors before the signal');
    assert.equal(code, 0, `exit code after SIGTERM under load\nstderr:\n${first.output().stderr}`);
    // Every answer that arrived was complete (the client parsed it) and a success or a
    // clean refusal of a late request.
    const bad = state.other.filter((o) => !(o.status === 503 && /^\{/.test(o.text)));
    assert.deepEqual(bad, [], 'answers during shutdown');
    assert.ok(state.acked.length >= 60);

    const second = await startServer({ dataDir: first.dataDir });
    servers.push(second);
    admin = await loginDemo(second.url, 'admin');
    const wrong = [];
    for (const a of state.acked) {
      const r = await api(second.url, 'GET', `/api/v1/organizations/${a.id}`, { session: admin });
      if (r.status !== 200 || !sameAsSent(r.json, a.body)) wrong.push(`${a.id}: ${r.status} ${r.text.slice(0, 120)}`);
    }
    assert.deepEqual(wrong, [], 'acknowledged organizations after SIGTERM');
    const stored = (await listAll(second.url, `/api/v1/organizations?q=${prefix}`, admin)).items;
    assert.ok(stored.length >= state.acked.length && stored.length <= state.sent.size,
      `${stored.length} stored; ${state.acked.length} acknowledged, ${state.sent.size} sent`);
    assert.equal(await second.stop(), 0);
    const v = await runCli(['audit', 'verify', ...dataArgs(second)]);
    assert.equal(v.code, 0, `${v.stdout}\n${v.stderr}`);
  });
});
