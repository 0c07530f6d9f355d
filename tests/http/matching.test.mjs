// Supply–demand matching over HTTP (docs/api.md, "Matching"): on the demo marketplace
// (`iphub demo --market`, with a few hundred synthetic patents), an enterprise of Jinan posts
// and publishes a demand about low-power data collection on ocean monitoring buoys; its
// matches hold the Qingdao university's listed patent CN119999004B with the reasons (listed,
// the words shared); both organisations find the new match in their inbox, once; the patent's
// holder sees the demand among the open demands its patent answers, and among those its
// organisation's patents answer.
//
// Runs on SQLite.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, api, loginDemo, assertProblem, makeTempDir, runCli, sleep } from './harness.mjs';

const BUOY = 'CN119999004B';

function buoyDemand(extra = {}) {
  return {
    title: '寻求海洋监测浮标的低功耗数据采集方案',
    problem: '我们在近海布放的环境监测浮标靠电池供电，数据采集耗电太快，几周就要出海换电池。'
      + '希望找到低功耗的浮标数据采集系统，用于海洋牧场水质监测。',
    industry: '海洋装备', budget_fen: 50_000_000, deadline: '2099-06-30',
    contact_name: '周工', contact_phone: '0531-11112222', ...extra,
  };
}

describe('matching over HTTP (sqlite)', () => {
  let server;
  let url;
  let enterprise;
  let university;
  let outsider;

  before(async () => {
    const dir = makeTempDir();
    const r = await runCli(['demo', '--data-dir', dir, '--market', '--patents', '300']);
    assert.equal(r.code, 0, r.stderr);
    server = await startServer({ dataDir: dir, demo: false });
    url = server.url;
    enterprise = await loginDemo(url, 'sz_ent_admin');
    university = await loginDemo(url, 'qd_uni_admin');
    outsider = await loginDemo(url, 'lx_ent_admin');
    // The server indexes the demo patents in the background.
    for (let tries = 0; tries < 100; tries++) {
      const found = await api(url, 'GET', `/api/v1/search?q=${encodeURIComponent(`PN=${BUOY}`)}&size=1`);
      if (found.json?.total === 1) break;
      await sleep(100);
    }
  });
  after(async () => { await server?.stop(); });

  test('a demand about ocean buoys finds the listed buoy patent, and both sides are told once', async () => {
    const created = await api(url, 'POST', '/api/v1/demands', { session: enterprise, body: buoyDemand() });
    assert.equal(created.status, 201, created.text);
    const id = created.json.id;

    // A draft: the poster may look (nothing is recorded), others get 404, strangers 401.
    const draft = await api(url, 'GET', `/api/v1/demands/${id}/matches`, { session: enterprise });
    assert.equal(draft.status, 200, draft.text);
    assert.equal(draft.json.recorded, false);
    assertProblem(assert, await api(url, 'GET', `/api/v1/demands/${id}/matches`, { session: outsider }), 404);
    assertProblem(assert, await api(url, 'GET', `/api/v1/demands/${id}/matches`), 401);
    assertProblem(assert, await api(url, 'POST', `/api/v1/demands/${id}/matches/refresh`, { session: enterprise }), 409);

    // Publishing matches the demand at once: the matches are stored and notified then.
    const published = await api(url, 'POST', `/api/v1/demands/${id}/transitions`, {
      session: enterprise, body: { transition: 'publish' },
    });
    assert.equal(published.status, 200, published.text);
    const notifiedAtOnce = await api(url, 'GET', '/api/v1/market-notices?unread=true', { session: university });
    assert.ok(notifiedAtOnce.json.items.some((n) => n.demand_id === id && n.publication_number === BUOY), notifiedAtOnce.text);

    const matches = await api(url, 'GET', `/api/v1/demands/${id}/matches?limit=10`, { session: enterprise });
    assert.equal(matches.status, 200, matches.text);
    assert.equal(matches.json.recorded, true);
    assert.equal(matches.json.new_matches, 0, 'stored when the demand was published');
    const buoy = matches.json.items.find((m) => m.publication_number === BUOY);
    assert.ok(buoy, matches.text);
    assert.equal(matches.json.items[0].publication_number, BUOY, matches.text);
    assert.equal(buoy.new, true);
    assert.equal(buoy.legal_status, 'valid');
    assert.equal(buoy.listing.kind, 'exclusive_licence');
    assert.equal(buoy.listing.holder_org_name, '青岛海滨理工大学');
    const codes = buoy.reasons.map((r) => r.code);
    assert.ok(codes.includes('listed'), codes.join());
    assert.ok(codes.includes('shared_terms'), codes.join());
    assert.ok(codes.includes('holder_type'), codes.join());
    assert.ok(!codes.includes('within_budget'), 'the price is negotiable');
    const listed = buoy.reasons.find((r) => r.code === 'listed');
    assert.deepEqual(listed.params, { kind: 'exclusive_licence', price_fen: null, trl: 5 });
    assert.ok(listed.text.length > 0);
    const terms = buoy.reasons.find((r) => r.code === 'shared_terms').params.terms;
    assert.ok(terms.some((t) => /浮标|功耗|数据采集/.test(t)), terms.join());
    for (const match of matches.json.items) {
      assert.equal(match.legal_status, 'valid');
      assert.ok(match.reasons.length >= 1);
      assert.ok(match.score >= 0 && match.score <= 100);
    }

    // Both organisations' inboxes, once.
    const posterInbox = await api(url, 'GET', '/api/v1/market-notices?unread=true', { session: enterprise });
    assert.equal(posterInbox.status, 200, posterInbox.text);
    const toPoster = posterInbox.json.items.filter((n) => n.publication_number === BUOY && n.demand_id === id);
    assert.equal(toPoster.length, 1, posterInbox.text);
    assert.equal(toPoster[0].kind, 'demand_match');
    const holderInbox = await api(url, 'GET', '/api/v1/market-notices', { session: university });
    const toHolder = holderInbox.json.items.filter((n) => n.demand_id === id);
    assert.equal(toHolder.length, 1, holderInbox.text);
    assert.equal(toHolder[0].kind, 'patent_match');
    assert.equal(toHolder[0].publication_number, BUOY);
    assert.equal(toHolder[0].read_at, null);
    assert.match(toHolder[0].text, /CN119999004B/);

    const again = await api(url, 'POST', `/api/v1/demands/${id}/matches/refresh`, { session: enterprise });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.json.new_matches, 0);
    const posterAgain = await api(url, 'GET', '/api/v1/market-notices', { session: enterprise });
    assert.equal(posterAgain.json.items.filter((n) => n.publication_number === BUOY && n.demand_id === id).length, 1);

    // Read once, by its own organisation only.
    assertProblem(assert, await api(url, 'POST', `/api/v1/market-notices/${toHolder[0].id}/read`, { session: enterprise }), 404);
    const read = await api(url, 'POST', `/api/v1/market-notices/${toHolder[0].id}/read`, { session: university });
    assert.equal(read.status, 200, read.text);
    assert.ok(read.json.read_at > 0);
    const unread = await api(url, 'GET', '/api/v1/market-notices?unread=true', { session: university });
    assert.equal(unread.json.items.filter((n) => n.demand_id === id).length, 0);
    assertProblem(assert, await api(url, 'GET', '/api/v1/market-notices?unread=maybe', { session: university }), 400, { field: 'unread' });

    // Who needs my patent: the holder sees the open demand.
    const needs = await api(url, 'GET', `/api/v1/patents/${BUOY}/demand-matches`, { session: university });
    assert.equal(needs.status, 200, needs.text);
    assert.equal(needs.json.items[0]?.demand_id, id, needs.text);
    assert.ok(needs.json.items[0].reasons.some((r) => r.code === 'shared_terms'));
    assertProblem(assert, await api(url, 'GET', `/api/v1/patents/${BUOY}/demand-matches`), 401);
    assertProblem(assert, await api(url, 'GET', '/api/v1/patents/CN999999999B/demand-matches', { session: university }), 404);
    assertProblem(assert, await api(url, 'GET', `/api/v1/demands/${id}/matches?limit=0`, { session: enterprise }), 400, { field: 'limit' });

    // Which demands my organisation's patents answer: the same demand, with the buoy patent.
    const ours = await api(url, 'GET', '/api/v1/market/holder-demand-matches', { session: university });
    assert.equal(ours.status, 200, ours.text);
    assert.ok(ours.json.patents >= 1, ours.text);
    const answered = ours.json.items.find((m) => m.demand_id === id);
    assert.ok(answered, ours.text);
    assert.equal(answered.publication_number, BUOY);
    assert.equal(answered.score, needs.json.items[0].score);
    assert.equal(new Set(ours.json.items.map((m) => m.demand_id)).size, ours.json.items.length);
    assertProblem(assert, await api(url, 'GET', '/api/v1/market/holder-demand-matches'), 401);
    // An organisation holding no patent in force has nothing to offer.
    const none = await api(url, 'GET', '/api/v1/market/holder-demand-matches', { session: await loginDemo(url, 'qd_official') });
    assert.equal(none.status, 200, none.text);
    assert.equal(none.json.patents, 0);
    assert.deepEqual(none.json.items, []);
  });
});
