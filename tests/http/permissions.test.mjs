// The permission matrix: who may list, read, create and update what, per
// docs/api.md ("Organizations", "Users", "Audit", "Regions"). Table-driven: every
// cell is recorded, and a failing section prints its whole table.
//
// Runs on SQLite, and on PostgreSQL too when IPHUB_TEST_PG_URL is set.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  startServer, backends, api, login, loginDemo, listAll, makeUscc, uniqueName, inSubtree,
} from './harness.mjs';

const SUBJECTS = {
  anonymous: { kind: 'anonymous' },
  admin: { kind: 'admin' },
  sd_official: { kind: 'official', region: '370000', sibling: null, parent: null, child: '370202' },
  jn_official: { kind: 'official', region: '370100', sibling: '370200', parent: '370000', child: '370102' },
  lx_official: { kind: 'official', region: '370102', sibling: '370103', parent: '370100' },
  sz_official: { kind: 'official', region: '370103', sibling: '370102', parent: '370100' },
  lx_ent_admin: { kind: 'org_admin', orgKey: 'lxEnt', region: '370102', sibling: '370103', parent: '370100' },
  lx_ent_member: { kind: 'member', orgKey: 'lxEnt', region: '370102', sibling: '370103', parent: '370100' },
  agency_attorney: { kind: 'practitioner', orgKey: 'agency', region: '370102', sibling: '370103', parent: '370100' },
};
const SUBJECT_NAMES = Object.keys(SUBJECTS);
const PASSWORD = 'Matrix@2026';

// ---------------------------------------------------------------------------
// The matrix recorder

class Matrix {
  constructor(title) {
    this.title = title;
    this.rows = [];
  }

  // expected: a status or a list of acceptable statuses; `problem`: an extra
  // failure description ('' when the response is right).
  cell(subject, action, target, expected, r, problem = '') {
    const exp = Array.isArray(expected) ? expected : [expected];
    const statusOk = exp.includes(r.status);
    const ok = statusOk && !problem;
    let why = '';
    if (!statusOk) why = `body: ${r.text.slice(0, 160)}`;
    else if (problem) why = problem;
    this.rows.push({ subject, action, target, expected: exp.join('|'), actual: String(r.status), ok, why });
    return ok;
  }

  fail(subject, action, target, expected, actual, why) {
    this.rows.push({ subject, action, target, expected, actual, ok: false, why });
  }

  table() {
    const cols = ['', 'subject', 'action', 'target', 'expected', 'actual', 'why'];
    const data = this.rows.map((r) => [r.ok ? '' : 'FAIL', r.subject, r.action, r.target, r.expected, r.actual, r.why]);
    const widths = cols.map((c, i) => Math.min(70, Math.max(c.length, ...data.map((d) => String(d[i]).length))));
    const fmt = (cells) => cells.map((c, i) => String(c).slice(0, 70).padEnd(widths[i])).join(' | ');
    return [fmt(cols), widths.map((w) => '-'.repeat(w)).join('-+-'), ...data.map(fmt)].join('\n');
  }

  assertAll() {
    const failed = this.rows.filter((r) => !r.ok).length;
    assert.ok(this.rows.length > 0, `${this.title}: no cells`);
    if (failed > 0) {
      assert.fail(`${this.title}: ${failed} of ${this.rows.length} cells wrong\n${this.table()}`);
    }
  }
}

const sameIds = (a, b) => {
  const x = [...a].map(String).sort();
  const y = [...b].map(String).sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
};
const idList = (ids) => [...ids].map(String).sort((a, b) => Number(a) - Number(b)).join(',');

// ---------------------------------------------------------------------------

for (const backend of backends()) {
  describe(`permission matrix (${backend.name})`, () => {
    let server;
    let url;
    const S = {};         // sessions by subject name (anonymous: null)
    let usersByName;      // username -> User (admin's view)
    let orgsById;         // id -> Organization (admin's view, at start)
    const O = {};         // lxEnt, szEnt, qdUni, agency, bank, institute -> Organization
    let otherProvince;    // a province other than 370000, if the region table has one

    const subjectOrgId = (name) => (SUBJECTS[name].orgKey ? O[SUBJECTS[name].orgKey].id : null);

    // --- The policy of docs/api.md, encoded -------------------------------
    const canSeeOrg = (name, org) => {
      const s = SUBJECTS[name];
      if (s.kind === 'admin') return true;
      if (s.kind === 'official') return inSubtree(org.region_code, s.region);
      return String(org.id) === String(subjectOrgId(name));
    };
    const orgRegionOf = (orgId) => orgsById.get(String(orgId))?.region_code;
    // Visibility in the user list (reading oneself is always allowed on GET {id}).
    const canSeeUserInList = (name, user) => {
      const s = SUBJECTS[name];
      if (s.kind === 'admin') return true;
      if (s.kind === 'official') {
        if (user.organization_id != null && inSubtree(orgRegionOf(user.organization_id), s.region)) return true;
        return user.role === 'official' && inSubtree(user.region_code, s.region);
      }
      if (s.kind === 'org_admin') return String(user.organization_id) === String(subjectOrgId(name));
      return false;
    };
    const canListUsers = (name) => ['admin', 'official', 'org_admin'].includes(SUBJECTS[name].kind);
    const canCreateOrgIn = (name, region) => {
      const s = SUBJECTS[name];
      if (s.kind === 'admin') return true;
      if (s.kind === 'official') return inSubtree(region, s.region);
      return false;
    };

    before(async () => {
      server = await startServer({ backend: backend.name });
      url = server.url;
      S.anonymous = null;
      for (const name of SUBJECT_NAMES) {
        if (name !== 'anonymous') S[name] = await loginDemo(url, name);
      }
      const users = (await listAll(url, '/api/v1/users', S.admin)).items;
      usersByName = new Map(users.map((u) => [u.username, u]));
      const orgs = (await listAll(url, '/api/v1/organizations', S.admin)).items;
      orgsById = new Map(orgs.map((o) => [String(o.id), o]));
      const orgOf = (username) => {
        const u = usersByName.get(username);
        assert.ok(u, `demo user ${username} missing from the admin's user list`);
        const o = orgsById.get(String(u.organization_id));
        assert.ok(o, `organization of ${username} (${u.organization_id}) missing from the admin's list`);
        return o;
      };
      O.lxEnt = orgOf('lx_ent_admin');
      O.szEnt = orgOf('sz_ent_admin');
      O.qdUni = orgOf('qd_uni_admin');
      O.agency = orgOf('agency_attorney');
      O.bank = orgOf('bank_manager');
      O.institute = orgOf('expert_wang');
      const provinces = await api(url, 'GET', '/api/v1/regions');
      otherProvince = provinces.json?.items?.find((r) => r.code !== '370000' && r.level === 'province')?.code ?? null;
    });
    after(async () => { await server?.stop(); });

    test('the demo data is what the matrix assumes', () => {
      const expect = [
        ['lxEnt', '370102', 'enterprise'], ['szEnt', '370103', 'enterprise'], ['qdUni', '370202', 'university'],
        ['agency', '370102', 'ip_agency'], ['bank', '370100', 'bank'], ['institute', '370100', 'research_institute'],
      ];
      for (const [key, region, type] of expect) {
        assert.equal(O[key].region_code, region, `${key} region`);
        assert.equal(O[key].type, type, `${key} type`);
      }
      assert.equal(String(usersByName.get('lx_ent_member').organization_id), String(O.lxEnt.id));
      for (const [name, s] of Object.entries(SUBJECTS)) {
        if (s.kind === 'anonymous') continue;
        const u = usersByName.get(name);
        assert.equal(u.role, s.kind === 'admin' ? 'platform_admin' : s.kind, `${name} role`);
        if (s.kind === 'official') assert.equal(u.region_code, s.region, `${name} region`);
        if (s.orgKey) assert.equal(u.region_code, O[s.orgKey].region_code, `${name} region is its organization's`);
      }
      assert.equal(new Set(Object.values(O).map((o) => String(o.id))).size, 6, 'six distinct organizations');
    });

    test('anonymous: 401 on everything but the public endpoints', async () => {
      const m = new Matrix('anonymous access');
      const lx = O.lxEnt.id;
      const someUser = usersByName.get('lx_ent_member').id;
      const denied = [
        ['GET', '/api/v1/auth/me'], ['GET', '/api/v1/auth/tokens'], ['POST', '/api/v1/auth/tokens', { name: 'x' }],
        ['DELETE', '/api/v1/auth/tokens/1'],
        ['POST', '/api/v1/auth/password', { old_password: 'Demo@2026', new_password: 'Whatever@2027' }],
        ['GET', '/api/v1/organizations'], ['GET', `/api/v1/organizations/${lx}`],
        ['POST', '/api/v1/organizations', { name: 'anon', type: 'enterprise', uscc: makeUscc('370102'), region_code: '370102' }],
        ['PATCH', `/api/v1/organizations/${lx}`, { address: 'anon' }],
        ['GET', '/api/v1/users'], ['GET', `/api/v1/users/${someUser}`],
        ['POST', '/api/v1/users', { username: 'anon_user', display_name: 'x', password: PASSWORD, role: 'member', organization_id: lx }],
        ['PATCH', `/api/v1/users/${someUser}`, { display_name: 'anon' }],
        ['POST', `/api/v1/users/${someUser}/password`, { new_password: 'Whatever@2027' }],
        ['GET', '/api/v1/audit'],
      ];
      for (const [method, p, body] of denied) {
        const r = await api(url, method, p, { body });
        const isProblem = /^application\/problem\+json/.test(r.headers.get('content-type') ?? '');
        m.cell('anonymous', method, p, 401, r, isProblem ? '' : 'not problem+json');
      }
      const publicEndpoints = ['/api/v1/regions', '/api/v1/regions?parent=370100', '/api/v1/regions/370102',
        '/healthz', '/metrics', '/api/v1/openapi.json'];
      for (const p of publicEndpoints) m.cell('anonymous', 'GET', p, 200, await api(url, 'GET', p));
      m.assertAll();
      // Nothing was changed by the anonymous requests.
      const lxNow = await api(url, 'GET', `/api/v1/organizations/${lx}`, { session: S.admin });
      assert.notEqual(lxNow.json.address, 'anon');
      assert.equal(usersByName.get('lx_ent_member').display_name,
        (await api(url, 'GET', `/api/v1/users/${someUser}`, { session: S.admin })).json.display_name);
    });

    test('regions are public and form a tree', async () => {
      const provinces = await api(url, 'GET', '/api/v1/regions');
      assert.equal(provinces.status, 200);
      const sd = provinces.json.items.find((r) => r.code === '370000');
      assert.ok(sd, 'province 370000 listed');
      assert.equal(sd.level, 'province');
      assert.equal(sd.parent, null);
      assert.ok(provinces.json.items.every((r) => r.level === 'province'), 'no parent: provinces only');

      const jn = await api(url, 'GET', '/api/v1/regions?parent=370100');
      assert.equal(jn.status, 200);
      const codes = jn.json.items.map((r) => r.code);
      assert.ok(codes.includes('370102') && codes.includes('370103'), codes.join(','));
      assert.ok(jn.json.items.every((r) => r.parent === '370100' && r.level === 'county'));

      const lx = await api(url, 'GET', '/api/v1/regions/370102');
      assert.equal(lx.status, 200);
      assert.equal(lx.json.code, '370102');
      assert.equal(lx.json.name, '历下区');
      assert.equal(lx.json.level, 'county');
      assert.equal(lx.json.parent, '370100');
      assert.deepEqual(lx.json.path.map((r) => r.code), ['370000', '370100', '370102']);
      assert.equal((await api(url, 'GET', '/api/v1/regions/379999')).status, 404);
    });

    test('list organizations: who sees which', async () => {
      const m = new Matrix('GET /api/v1/organizations');
      const all = [...orgsById.values()];
      for (const name of SUBJECT_NAMES) {
        if (name === 'anonymous') continue;
        const r = await api(url, 'GET', '/api/v1/organizations?size=200', { session: S[name] });
        const want = all.filter((o) => canSeeOrg(name, o)).map((o) => o.id);
        let problem = '';
        if (r.status === 200) {
          const got = r.json.items.map((o) => o.id);
          if (!sameIds(got, want)) problem = `ids ${idList(got)}, expected ${idList(want)}`;
          else if (r.json.total !== want.length) problem = `total ${r.json.total}, expected ${want.length}`;
        }
        m.cell(name, 'list', 'all', 200, r, problem);
      }
      // ?region= narrows within what one may see and never widens it.
      const filters = [
        ['jn_official', '370102'], ['jn_official', '370103'], ['sd_official', '370202'], ['admin', '370100'],
        ['lx_official', '370103'], ['sz_official', '370102'], ['lx_official', '370100'], ['lx_ent_admin', '370103'],
      ];
      for (const [name, region] of filters) {
        const r = await api(url, 'GET', `/api/v1/organizations?size=200&region=${region}`, { session: S[name] });
        const want = all.filter((o) => canSeeOrg(name, o) && inSubtree(o.region_code, region)).map((o) => o.id);
        let problem = '';
        if (r.status === 200) {
          const got = r.json.items.map((o) => o.id);
          if (!sameIds(got, want)) problem = `ids ${idList(got)}, expected ${idList(want)}`;
          else if (r.json.total !== want.length) problem = `total ${r.json.total}, expected ${want.length}`;
        }
        // An empty answer may also be a refusal; a non-empty one must be exactly 200.
        m.cell(name, 'list', `region=${region}`, want.length > 0 ? 200 : [200, 403, 404], r, problem);
      }
      m.assertAll();
    });

    test('read one organization: 200 if visible, else 404', async () => {
      const m = new Matrix('GET /api/v1/organizations/{id}');
      const targets = ['lxEnt', 'szEnt', 'bank', 'qdUni', 'agency', 'institute'];
      for (const name of SUBJECT_NAMES) {
        for (const key of targets) {
          const org = O[key];
          const r = await api(url, 'GET', `/api/v1/organizations/${org.id}`, { session: S[name] });
          if (name === 'anonymous') { m.cell(name, 'read', key, 401, r); continue; }
          const visible = canSeeOrg(name, org);
          let problem = '';
          if (r.status === 200 && visible) {
            if (String(r.json.id) !== String(org.id) || r.json.uscc !== org.uscc) problem = `wrong record ${r.text.slice(0, 80)}`;
          }
          if (r.status === 404 && r.text.includes(org.uscc)) problem = '404 leaks the record';
          m.cell(name, 'read', `${key} (${org.region_code})`, visible ? 200 : 404, r, problem);
        }
      }
      m.assertAll();
    });

    test('list users: who sees which', async () => {
      const m = new Matrix('GET /api/v1/users');
      const all = [...usersByName.values()];
      for (const name of SUBJECT_NAMES) {
        const r = await api(url, 'GET', '/api/v1/users?size=200', { session: S[name] });
        if (name === 'anonymous') { m.cell(name, 'list', 'all', 401, r); continue; }
        if (!canListUsers(name)) { m.cell(name, 'list', 'all', 403, r); continue; }
        const want = all.filter((u) => canSeeUserInList(name, u));
        let problem = '';
        if (r.status === 200) {
          const got = r.json.items;
          if (!sameIds(got.map((u) => u.id), want.map((u) => u.id))) {
            const names = (list) => list.map((u) => u.username).sort().join(',');
            problem = `users ${names(got)}; expected ${names(want)}`;
          } else if (r.json.total !== want.length) {
            problem = `total ${r.json.total}, expected ${want.length}`;
          } else if (/password|hash/i.test(Object.keys(got[0] ?? {}).join(' '))) {
            problem = 'user objects leak password fields';
          }
        }
        m.cell(name, 'list', 'all', 200, r, problem);
      }
      m.assertAll();
    });

    test('read one user: self always; others as the list', async () => {
      const m = new Matrix('GET /api/v1/users/{id}');
      const targets = ['admin', 'sd_official', 'jn_official', 'lx_official', 'sz_official', 'lx_ent_admin',
        'lx_ent_member', 'sz_ent_admin', 'qd_uni_admin', 'agency_attorney', 'bank_manager'];
      for (const name of SUBJECT_NAMES) {
        for (const target of targets) {
          const u = usersByName.get(target);
          const r = await api(url, 'GET', `/api/v1/users/${u.id}`, { session: S[name] });
          if (name === 'anonymous') { m.cell(name, 'read', target, 401, r); continue; }
          const visible = name === target || (canListUsers(name) && canSeeUserInList(name, u));
          let problem = '';
          if (r.status === 200 && String(r.json.id) !== String(u.id)) problem = 'wrong record';
          m.cell(name, 'read', target, visible ? 200 : 404, r, problem);
        }
      }
      m.assertAll();
    });

    test('create an organization in own, sibling, parent and child regions', async () => {
      const m = new Matrix('POST /api/v1/organizations');
      for (const name of SUBJECT_NAMES) {
        const s = SUBJECTS[name];
        const places = name === 'admin'
          ? { own: '370102', sibling: '370202', parent: '370000' }
          : { own: s.region, sibling: name === 'sd_official' ? otherProvince : s.sibling, parent: s.parent, child: s.child };
        if (name === 'anonymous') Object.assign(places, { own: '370102' });
        for (const [rel, region] of Object.entries(places)) {
          if (!region) continue;
          const body = { name: uniqueName(`mx-${name}-${rel}`), type: 'enterprise', uscc: makeUscc(region), region_code: region };
          const r = await api(url, 'POST', '/api/v1/organizations', { session: S[name], body });
          const allowed = name !== 'anonymous' && canCreateOrgIn(name, region);
          const expected = name === 'anonymous' ? 401 : allowed ? 201 : 403;
          let problem = '';
          const check = await api(url, 'GET', `/api/v1/organizations?q=${encodeURIComponent(body.name)}`, { session: S.admin });
          const stored = check.json.items.filter((o) => o.name === body.name);
          if (r.status === 201) {
            if (r.json.region_code !== region || r.json.uscc !== body.uscc || r.json.type !== 'enterprise') {
              problem = `response ${r.text.slice(0, 100)}`;
            } else if (stored.length !== 1) problem = 'not stored';
          } else if (stored.length !== 0) problem = 'refused but stored';
          m.cell(name, 'create org', `${rel} ${region}`, expected, r, problem);
        }
      }
      m.assertAll();
    });

    test('update an organization', async () => {
      const m = new Matrix('PATCH /api/v1/organizations/{id}');
      const readAsAdmin = async (id) => (await api(url, 'GET', `/api/v1/organizations/${id}`, { session: S.admin })).json;
      const patch = async (name, key, org, body, expected) => {
        const before = await readAsAdmin(org.id);
        const r = await api(url, 'PATCH', `/api/v1/organizations/${org.id}`, { session: S[name], body });
        const after = await readAsAdmin(org.id);
        let problem = '';
        const applied = Object.entries(body).every(([k, v]) => after[k] === v);
        const exp = Array.isArray(expected) ? expected : [expected];
        if (r.status === 200) {
          if (!applied) problem = `not applied: ${JSON.stringify(after)}`;
          else if (String(r.json.id) !== String(org.id)) problem = 'wrong record in the answer';
          else if (!(after.updated_at >= before.updated_at)) problem = 'updated_at went back';
        } else if (JSON.stringify(before) !== JSON.stringify(after)) {
          problem = 'refused but changed';
        }
        m.cell(name, 'patch', `${key} ${JSON.stringify(body)}`, exp, r, problem);
      };

      // An address change on each target, by everyone.
      for (const name of SUBJECT_NAMES) {
        for (const key of ['lxEnt', 'szEnt', 'bank', 'qdUni']) {
          const org = O[key];
          const body = { address: uniqueName(`addr-${name}`) };
          let expected;
          const s = SUBJECTS[name];
          if (name === 'anonymous') expected = 401;
          else if (s.kind === 'admin') expected = 200;
          else if (!canSeeOrg(name, org)) expected = [403, 404];
          else if (s.kind === 'official') expected = 200;
          else if (s.kind === 'org_admin') expected = 200;  // own organization
          else expected = 403;                               // member: sees it, may not change it
          await patch(name, key, org, body, expected);
        }
      }

      // Org admins change name/address/contact of their own organization only.
      await patch('lx_ent_admin', 'lxEnt', O.lxEnt, { name: uniqueName('renamed'), contact: '0531-1234567' }, 200);
      await patch('lx_ent_admin', 'lxEnt', O.lxEnt, { type: 'university' }, [400, 403]);
      await patch('lx_ent_admin', 'lxEnt', O.lxEnt, { region_code: '370103' }, [400, 403]);
      await patch('lx_ent_admin', 'lxEnt', O.lxEnt, { uscc: makeUscc('370102') }, [400, 403]);
      await patch('lx_ent_member', 'lxEnt', O.lxEnt, { name: uniqueName('member-rename') }, 403);

      // Officials move organizations only within their subtree.
      const fresh = await api(url, 'POST', '/api/v1/organizations', {
        session: S.admin,
        body: { name: uniqueName('mover'), type: 'enterprise', uscc: makeUscc('370102'), region_code: '370102' },
      });
      assert.equal(fresh.status, 201, fresh.text);
      await patch('lx_official', 'fresh', fresh.json, { region_code: '370103' }, 403);
      await patch('jn_official', 'fresh', fresh.json, { region_code: '370202' }, 403);
      await patch('jn_official', 'fresh', fresh.json, { region_code: '370103' }, 200);
      await patch('lx_official', 'fresh(now 370103)', fresh.json, { address: 'moved away' }, [403, 404]);
      await patch('sz_official', 'fresh(now 370103)', fresh.json, { address: 'moved here' }, 200);
      await patch('sd_official', 'fresh(now 370103)', fresh.json, { region_code: '370202' }, 200);
      m.assertAll();
    });

    test('create users of every role', async () => {
      const m = new Matrix('POST /api/v1/users');
      let n = 0;
      const tag = Math.random().toString(36).slice(2, 6);
      for (const name of SUBJECT_NAMES) {
        const s = SUBJECTS[name];
        const ownRegion = s.kind === 'admin' || s.kind === 'anonymous' ? '370102' : s.region;
        const sibling = name === 'sd_official' ? otherProvince : (s.sibling ?? '370103');
        const specs = [
          { role: 'platform_admin' },
          { role: 'official', region_code: ownRegion, where: 'own region' },
          { role: 'official', region_code: sibling, where: 'sibling region' },
          { role: 'official', region_code: s.parent, where: 'parent region' },
          ...['org_admin', 'member', 'practitioner', 'expert'].map((role) => ({ role, orgKey: 'lxEnt' })),
          { role: 'member', orgKey: 'szEnt' },
          { role: 'expert', orgKey: 'qdUni' },
        ];
        for (const spec of specs) {
          if (spec.role === 'official' && !spec.region_code) continue;
          const username = `mx_${tag}_${++n}`;
          const body = { username, display_name: `Matrix ${n}`, password: PASSWORD, role: spec.role };
          if (spec.region_code) body.region_code = spec.region_code;
          const org = spec.orgKey ? O[spec.orgKey] : null;
          if (org) body.organization_id = org.id;

          let expected;
          if (name === 'anonymous') expected = 401;
          else if (s.kind === 'admin') expected = 201;
          else if (s.kind === 'official') {
            if (spec.role === 'platform_admin') expected = 403;
            else if (spec.role === 'official') expected = inSubtree(spec.region_code, s.region) ? 201 : 403;
            else expected = inSubtree(org.region_code, s.region) ? 201 : [403, 404];
          } else if (s.kind === 'org_admin') {
            if (!org) expected = 403;
            else expected = String(org.id) === String(subjectOrgId(name)) ? 201 : [403, 404];
          } else {
            expected = org && !canSeeOrg(name, org) ? [403, 404] : 403;
          }

          const r = await api(url, 'POST', '/api/v1/users', { session: S[name], body });
          let problem = '';
          const found = (await api(url, 'GET', `/api/v1/users?q=${encodeURIComponent(username)}`, { session: S.admin }))
            .json.items.filter((u) => u.username === username);
          if (r.status === 201) {
            const u = r.json;
            if (u.username !== username || u.role !== spec.role) problem = `answer ${r.text.slice(0, 100)}`;
            else if (org && (String(u.organization_id) !== String(org.id) || u.region_code !== org.region_code)) {
              problem = `organization/region ${u.organization_id}/${u.region_code}`;
            } else if (spec.role === 'official' && u.region_code !== spec.region_code) problem = `region ${u.region_code}`;
            else if (found.length !== 1) problem = 'not stored';
            else if (/password|hash/i.test(Object.keys(u).join(' '))) problem = 'answer leaks password fields';
          } else if (found.length !== 0) problem = 'refused but stored';
          const target = spec.orgKey ? `${spec.role} in ${spec.orgKey}` : spec.where ? `${spec.role} ${spec.where} ${spec.region_code}` : spec.role;
          const ok = m.cell(name, 'create user', target, expected, r, problem);
          // Spot check: a user created by an org admin can log in.
          if (ok && r.status === 201 && name === 'lx_ent_admin' && spec.role === 'member') {
            const s2 = await login(url, username, PASSWORD);
            const me = await api(url, 'GET', '/api/v1/auth/me', { session: s2 });
            if (me.status !== 200 || String(me.json.user.organization_id) !== String(O.lxEnt.id)) {
              m.fail(name, 'login as created user', username, '200', String(me.status), me.text.slice(0, 100));
            }
          }
        }
      }
      m.assertAll();
    });

    test('nobody disables or demotes themselves', async () => {
      const m = new Matrix('PATCH /api/v1/users/{self}');
      for (const [name, body] of [['admin', { disabled: true }], ['admin', { role: 'official', region_code: '370000' }],
        ['lx_ent_admin', { role: 'member' }], ['lx_ent_admin', { disabled: true }], ['jn_official', { disabled: true }]]) {
        const u = usersByName.get(name);
        const r = await api(url, 'PATCH', `/api/v1/users/${u.id}`, { session: S[name], body });
        const me = await api(url, 'GET', '/api/v1/auth/me', { session: S[name] });
        const problem = me.status !== 200 || me.json.user.role !== u.role || me.json.user.disabled
          ? `changed: ${me.text.slice(0, 100)}` : '';
        m.cell(name, 'patch self', JSON.stringify(body), [400, 403, 409], r, problem);
      }
      // Display names are one's own to change.
      const r = await api(url, 'PATCH', `/api/v1/users/${usersByName.get('lx_ent_admin').id}`,
        { session: S.lx_ent_admin, body: { display_name: 'Renamed Admin' } });
      m.cell('lx_ent_admin', 'patch self', 'display_name', 200, r,
        r.status === 200 && r.json.display_name !== 'Renamed Admin' ? 'not applied' : '');
      m.assertAll();
    });

    test('audit log: admin all, officials their subtree, others 403', async () => {
      const m = new Matrix('GET /api/v1/audit');
      // Rows in several regions exist by now (creations above, in 370102/370103/370202/...).
      const all = (await listAll(url, '/api/v1/audit', S.admin)).items;
      const regions = new Set(all.map((e) => e.region_code));
      assert.ok(regions.has('370102') && regions.has('370103') && regions.has('370202'),
        `audit rows in the expected regions: ${[...regions].join(',')}`);
      for (const name of SUBJECT_NAMES) {
        const s = SUBJECTS[name];
        const r = await api(url, 'GET', '/api/v1/audit?size=200', { session: S[name] });
        if (name === 'anonymous') { m.cell(name, 'audit', 'list', 401, r); continue; }
        if (s.kind !== 'admin' && s.kind !== 'official') { m.cell(name, 'audit', 'list', 403, r); continue; }
        let problem = '';
        if (r.status === 200) {
          const mine = (await listAll(url, '/api/v1/audit', S[name])).items;
          const want = s.kind === 'admin' ? all : all.filter((e) => inSubtree(e.region_code, s.region));
          // Entries written while we page (our own logins are not region rows) do not matter:
          // compare ids up to the admin snapshot's newest id.
          const maxId = Math.max(...all.map((e) => Number(e.id)));
          const got = mine.filter((e) => Number(e.id) <= maxId);
          const outside = got.filter((e) => s.kind === 'official' && !inSubtree(e.region_code, s.region));
          if (outside.length > 0) problem = `sees rows outside ${s.region}: ${outside.map((e) => `${e.id}@${e.region_code}`).join(',')}`;
          else if (!sameIds(got.map((e) => e.id), want.map((e) => e.id))) {
            problem = `ids ${idList(got.map((e) => e.id))}, expected ${idList(want.map((e) => e.id))}`;
          }
        }
        m.cell(name, 'audit', 'list', 200, r, problem);
      }
      m.assertAll();
    });
  });
}
