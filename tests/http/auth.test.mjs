// Authentication: sessions, cookies, CSRF, API tokens, login throttling and
// password changes (docs/api.md, "Authentication").

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  startServer, api, login, loginDemo, bearer, findSetCookie, setCookies, assertProblem,
  makeUscc, uniqueName, sleep, ADMIN_PASSWORD, DEMO_PASSWORD,
} from './harness.mjs';

function orgBody(prefix = 'auth-org') {
  return { name: uniqueName(prefix), type: 'enterprise', uscc: makeUscc('370102'), region_code: '370102' };
}

async function countOrgsNamed(url, session, name) {
  const r = await api(url, 'GET', `/api/v1/organizations?q=${encodeURIComponent(name)}`, { session });
  assert.equal(r.status, 200, r.text);
  return r.json.items.filter((o) => o.name === name).length;
}

describe('sessions', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  test('login sets an HttpOnly SameSite=Strict session cookie and returns user and csrf_token', async () => {
    const r = await api(server.url, 'POST', '/api/v1/auth/login',
      { body: { username: 'admin', password: ADMIN_PASSWORD } });
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    const sc = findSetCookie(r.headers, 'iphub_session');
    assert.ok(sc, `no iphub_session cookie: ${JSON.stringify(setCookies(r.headers))}`);
    const value = sc.split(';')[0].slice('iphub_session='.length);
    assert.ok(value.length >= 16, `session id too short: ${sc}`);
    assert.match(sc, /;\s*HttpOnly(\s*;|\s*$)/i, sc);
    assert.match(sc, /;\s*SameSite=Strict(\s*;|\s*$)/i, sc);
    assert.match(sc, /;\s*Path=\/(\s*;|\s*$)/i, sc);
    assert.equal(typeof r.json.csrf_token, 'string');
    assert.ok(r.json.csrf_token.length >= 16, 'csrf_token too short');
    assert.notEqual(r.json.csrf_token, value, 'csrf token must not be the session id');
    const u = r.json.user;
    assert.equal(u.username, 'admin');
    assert.equal(u.role, 'platform_admin');
    assert.equal(u.disabled, false);
    assert.ok(u.id !== undefined && u.id !== null, 'user.id');
    for (const k of Object.keys(u)) {
      assert.doesNotMatch(k, /pass|hash|salt/i, `user object leaks ${k}`);
    }
  });

  test('wrong password and unknown user answer 401 problem+json without a session cookie', async () => {
    for (const body of [
      { username: 'admin', password: 'Wrong@2026' },
      { username: 'no_such_user_xyz', password: 'Wrong@2026' },
    ]) {
      const r = await api(server.url, 'POST', '/api/v1/auth/login', { body });
      assertProblem(assert, r, 401);
      const sc = findSetCookie(r.headers, 'iphub_session');
      assert.ok(!sc || /iphub_session=\s*;/.test(sc) || /max-age=0/i.test(sc),
        `a failed login must not set a session: ${sc}`);
    }
  });

  test('/auth/me with and without the cookie', async () => {
    const s = await loginDemo(server.url, 'lx_official');
    const me = await api(server.url, 'GET', '/api/v1/auth/me', { session: s });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json.user.username, 'lx_official');
    assert.equal(me.json.user.role, 'official');
    assert.equal(me.json.user.region_code, '370102');
    assert.equal(me.json.csrf_token, s.csrf, 'me returns the same csrf token');

    assertProblem(assert, await api(server.url, 'GET', '/api/v1/auth/me'), 401);
    assertProblem(assert, await api(server.url, 'GET', '/api/v1/auth/me',
      { session: { cookie: 'iphub_session=forged-session-id-0123456789' } }), 401);
  });

  test('logout answers 204, clears the cookie, and the old cookie no longer works', async () => {
    const s = await loginDemo(server.url, 'sd_official');
    const out = await api(server.url, 'POST', '/api/v1/auth/logout', { session: s });
    assert.equal(out.status, 204, out.text);
    assert.equal(out.text, '');
    const sc = findSetCookie(out.headers, 'iphub_session');
    assert.ok(sc, 'logout must send a Set-Cookie clearing iphub_session');
    assert.ok(/max-age=0/i.test(sc) || /expires=thu, 01 jan 1970/i.test(sc) || /^iphub_session=\s*(;|$)/.test(sc),
      `cookie not cleared: ${sc}`);
    assertProblem(assert, await api(server.url, 'GET', '/api/v1/auth/me', { session: s }), 401);
  });

  test('CSRF: mutations with the cookie need the right X-CSRF-Token', async () => {
    const s = await loginDemo(server.url, 'admin');

    const noToken = orgBody('csrf-none');
    const r1 = await api(server.url, 'POST', '/api/v1/organizations', { session: s, body: noToken, csrf: false });
    assertProblem(assert, r1, 403);
    assert.equal(await countOrgsNamed(server.url, s, noToken.name), 0, 'rejected request must not write');

    const wrong = orgBody('csrf-wrong');
    const r2 = await api(server.url, 'POST', '/api/v1/organizations',
      { session: s, body: wrong, csrf: 'x'.repeat(s.csrf.length) });
    assertProblem(assert, r2, 403);
    assert.equal(await countOrgsNamed(server.url, s, wrong.name), 0, 'rejected request must not write');

    // A token of another session is wrong too.
    const other = await loginDemo(server.url, 'admin');
    const r3 = await api(server.url, 'POST', '/api/v1/organizations',
      { session: s, body: orgBody('csrf-other'), csrf: other.csrf });
    assertProblem(assert, r3, 403);

    const right = orgBody('csrf-right');
    const r4 = await api(server.url, 'POST', '/api/v1/organizations', { session: s, body: right });
    assert.equal(r4.status, 201, r4.text);
    assert.equal(r4.json.name, right.name);
    assert.equal(await countOrgsNamed(server.url, s, right.name), 1);
  });

  test('API tokens: create, list, use with Bearer (no cookie, no CSRF), revoke', async () => {
    const s = await loginDemo(server.url, 'admin');
    const name = uniqueName('ci-token');
    const created = await api(server.url, 'POST', '/api/v1/auth/tokens', { session: s, body: { name } });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.name, name);
    assert.match(created.json.token, /^iph_[A-Za-z0-9_\-]{16,}$/);
    const tokenId = created.json.id;
    assert.ok(tokenId !== undefined && tokenId !== null);

    const list = await api(server.url, 'GET', '/api/v1/auth/tokens', { session: s });
    assert.equal(list.status, 200, list.text);
    const entry = list.json.items.find((t) => String(t.id) === String(tokenId));
    assert.ok(entry, `token ${tokenId} not listed: ${list.text}`);
    assert.equal(entry.name, name);
    assert.equal(typeof entry.created_at, 'number');
    assert.ok(!list.text.includes(created.json.token), 'the token secret must be shown only once');

    // Another user's token list does not show it.
    const other = await loginDemo(server.url, 'sd_official');
    const otherList = await api(server.url, 'GET', '/api/v1/auth/tokens', { session: other });
    assert.equal(otherList.status, 200, otherList.text);
    assert.ok(!otherList.json.items.some((t) => String(t.id) === String(tokenId)), 'tokens are per user');

    const b = bearer(created.json.token);
    const me = await api(server.url, 'GET', '/api/v1/auth/me', { session: b });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.json.user.username, 'admin');

    const body = orgBody('bearer-org');
    const post = await api(server.url, 'POST', '/api/v1/organizations', { session: b, body });
    assert.equal(post.status, 201, post.text);
    assert.equal(post.json.uscc, body.uscc);

    const listAfter = await api(server.url, 'GET', '/api/v1/auth/tokens', { session: s });
    const used = listAfter.json.items.find((t) => String(t.id) === String(tokenId));
    assert.equal(typeof used.last_used_at, 'number', 'last_used_at is set after use');

    assertProblem(assert, await api(server.url, 'GET', '/api/v1/auth/me',
      { session: bearer('iph_' + 'A'.repeat(40)) }), 401);

    const del = await api(server.url, 'DELETE', `/api/v1/auth/tokens/${tokenId}`, { session: s });
    assert.equal(del.status, 204, del.text);
    assertProblem(assert, await api(server.url, 'GET', '/api/v1/auth/me', { session: b }), 401);
    assertProblem(assert, await api(server.url, 'POST', '/api/v1/organizations',
      { session: b, body: orgBody('bearer-revoked') }), 401);
  });
});

describe('login throttling', () => {
  let server;
  before(async () => {
    server = await startServer({ env: { IPHUB_LOGIN_MAX_FAILURES: 3, IPHUB_LOGIN_LOCKOUT_SECONDS: 2 } });
  });
  after(async () => { await server?.stop(); });

  const attempt = (username, password) =>
    api(server.url, 'POST', '/api/v1/auth/login', { body: { username, password } });

  test('a success clears the failure count', async () => {
    for (let i = 0; i < 2; i++) assertProblem(assert, await attempt('expert_wang', 'Wrong@2026'), 401);
    assert.equal((await attempt('expert_wang', DEMO_PASSWORD)).status, 200);
    for (let i = 0; i < 2; i++) assertProblem(assert, await attempt('expert_wang', 'Wrong@2026'), 401);
    assert.equal((await attempt('expert_wang', DEMO_PASSWORD)).status, 200, 'count was not cleared by the success');
  });

  test('three failures lock the username: 429 with Retry-After even with the right password, then unlock', async () => {
    for (let i = 0; i < 3; i++) {
      assertProblem(assert, await attempt('bank_manager', 'Wrong@2026'), 401);
    }
    const locked = await attempt('bank_manager', DEMO_PASSWORD);
    assertProblem(assert, locked, 429);
    const retry = locked.headers.get('retry-after');
    assert.match(retry ?? '', /^\d+$/, `Retry-After: ${retry}`);
    assert.ok(Number(retry) >= 1 && Number(retry) <= 2, `Retry-After ${retry} not within the 2 s lock-out`);
    assert.ok(!findSetCookie(locked.headers, 'iphub_session'), 'a locked login must not create a session');

    // The lock is per username.
    assert.equal((await attempt('sd_official', DEMO_PASSWORD)).status, 200);

    await sleep(2300);
    const ok = await attempt('bank_manager', DEMO_PASSWORD);
    assert.equal(ok.status, 200, `after the lock-out: ${ok.status} ${ok.text}`);
    assert.ok(findSetCookie(ok.headers, 'iphub_session'));
  });
});

describe('password change', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  test('wrong old password, weak new passwords, success; other sessions end', async () => {
    const user = 'qd_official';
    const s = await loginDemo(server.url, user);
    const other = await loginDemo(server.url, user);
    const change = (body) => api(server.url, 'POST', '/api/v1/auth/password', { session: s, body });

    assertProblem(assert, await change({ old_password: 'Wrong@2026', new_password: 'Better@2027x' }), 400,
      { field: 'old_password' });
    for (const weak of ['short1!', '12345678901', user, 'x'.repeat(129)]) {
      assertProblem(assert, await change({ old_password: DEMO_PASSWORD, new_password: weak }), 400,
        { field: 'new_password' });
    }
    // Nothing changed so far.
    assert.equal((await api(server.url, 'GET', '/api/v1/auth/me', { session: other })).status, 200);

    const ok = await change({ old_password: DEMO_PASSWORD, new_password: 'Better@2027x' });
    assert.equal(ok.status, 204, ok.text);

    const oldLogin = await api(server.url, 'POST', '/api/v1/auth/login',
      { body: { username: user, password: DEMO_PASSWORD } });
    assertProblem(assert, oldLogin, 401);
    const newLogin = await login(server.url, user, 'Better@2027x');
    assert.equal(newLogin.user.username, user);

    // "other sessions of the user end"; the session that changed it stays.
    assertProblem(assert, await api(server.url, 'GET', '/api/v1/auth/me', { session: other }), 401);
    assert.equal((await api(server.url, 'GET', '/api/v1/auth/me', { session: s })).status, 200);
  });

  test('administrator reset ends the user\'s sessions and sets the new password', async () => {
    const admin = await loginDemo(server.url, 'admin');
    const victim = await loginDemo(server.url, 'expert_wang');
    const id = victim.user.id;
    assertProblem(assert, await api(server.url, 'POST', `/api/v1/users/${id}/password`,
      { session: admin, body: { new_password: '123456789' } }), 400, { field: 'new_password' });
    const r = await api(server.url, 'POST', `/api/v1/users/${id}/password`,
      { session: admin, body: { new_password: 'Reset@2027yy' } });
    assert.equal(r.status, 204, r.text);
    assertProblem(assert, await api(server.url, 'GET', '/api/v1/auth/me', { session: victim }), 401);
    await login(server.url, 'expert_wang', 'Reset@2027yy');
  });
});
