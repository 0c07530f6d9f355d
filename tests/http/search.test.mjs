// Patent search over HTTP (docs/api.md, "Search"): an official imports a JSONL file of
// synthetic records whose every field the test knows, plus one real CNIPA XML file; the server
// indexes them in the background, and a visitor's searches then give exact totals, facet
// counts that add up and agree with the filters they stand for, sorted and paged hits with
// escaped highlights, and 400 problems that name the character where a query went wrong.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServer, api, loginDemo, assertProblem, sleep, cnCheck } from './harness.mjs';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHARED = path.join(ROOT, '..', 'shared', 'data');
// CN 104223352 A: 一种甘草发酵所得烟用香料及其应用 (云南中烟工业有限责任公司).
const CN_XML = path.join(SHARED, 'cn_patents', 'cnipa_xml', 'cn_old1.xml');

const INDEX_WAIT_MS = 5_000;
const ALL_FACETS = ['year', 'ipc_section', 'ipc_class', 'ipc_subclass', 'ipc_group', 'applicant',
  'inventor', 'province', 'country', 'type', 'legal_status'];

// ---------------------------------------------------------------------------
// The fixture: 30 CN documents, every field a function of the index i.

const TITLES = [
  { title: '一种无人机电池散热装置', abstract: '本发明公开了一种电池散热装置，用于无人机的动力电池。', ipc: 'H01M 10/613' },
  { title: '一种锂离子电池隔膜及其制备方法', abstract: '本发明涉及一种锂离子电池用的复合隔膜。', ipc: 'H01M 50/403' },
  { title: '一种农业灌溉控制系统', abstract: '本发明公开了一种按土壤湿度控制的灌溉系统。', ipc: 'A01G 25/16' },
];
const APPLICANTS = [
  { name: '济南星河电池有限公司', country: 'CN', region_code: '370102', province: '370000' },
  { name: '杭州云帆科技有限公司', country: 'CN', region_code: '330106', province: '330000' },
  // A name that needs quoting in a query: spaces, quotes, a comma.
  // Facets count applicants by their normalised name (docs/query-language.md, PAN).
  { name: 'Acme "Blue" Robotics Co., Ltd.', facet: 'ACME BLUE ROBOTICS CO LTD', country: 'US', region_code: null, province: null },
  { name: '北京农科研究院', country: 'CN', region_code: '110108', province: '110000' },
];

function fixture(i) {
  const utility = i % 2 === 1;
  const year = 2016 + (i % 5);
  const month = String(1 + (i % 9)).padStart(2, '0');
  const day = String(10 + (i % 19)).padStart(2, '0');
  const serial = String(500000 + i).padStart(7, '0');
  const appDigits = `${year}${utility ? 2 : 1}${serial}`;
  const topic = TITLES[i % 3];
  const applicant = APPLICANTS[i % 4];
  const docNumber = `${utility ? 2 : 1}1990${String(1000 + i)}`;
  return {
    publication_number: `CN${docNumber}${utility ? 'U' : 'A'}`,
    country: 'CN',
    doc_number: docNumber,
    kind: utility ? 'U' : 'A',
    type: utility ? 'cn_utility_model' : 'cn_invention_application',
    application_number: `${appDigits}.${cnCheck(appDigits)}`,
    application_date: `${year}-${month}-${day}`,
    publication_date: `${year + 1}-${month}-${day}`,
    language: 'zh',
    title: topic.title,
    abstract: topic.abstract,
    claims: [
      { number: 1, text: `${topic.title}，其特征在于……`, depends_on: [] },
      { number: 2, text: '根据权利要求1所述的装置，其特征在于……', depends_on: [1] },
    ],
    applicants: [{ name: applicant.name, country: applicant.country, region_code: applicant.region_code }],
    inventors: [{ name: `发明人${i % 6}` }],
    ipc: [{ symbol: topic.ipc, version: '2006.01' }],
    ipc_main: topic.ipc,
  };
}

const RECORDS = Array.from({ length: 30 }, (_, i) => fixture(i));
// One more, whose title has markup characters: the highlight must escape them.
const MARKUP = {
  ...fixture(30),
  publication_number: 'CN119902000A',
  doc_number: '119902000',
  type: 'cn_invention_application',
  kind: 'A',
  title: '一种"R&D"<散热>测试装置',
};
RECORDS.push(MARKUP);

const count = (predicate) => RECORDS.filter(predicate).length;
const yearOf = (r) => r.application_date.slice(0, 4);
const TOTAL = RECORDS.length + 1; // and the CNIPA XML document

async function upload(url, session, filename, bytes) {
  return api(url, 'POST', `/api/v1/patent-imports?filename=${encodeURIComponent(filename)}`, {
    session, rawBody: bytes, contentType: 'application/octet-stream',
  });
}

// GET /api/v1/search with these parameters, as a visitor (no session).
async function search(url, params) {
  const qs = new URLSearchParams(params).toString();
  return api(url, 'GET', `/api/v1/search?${qs}`);
}

async function total(url, q) {
  const r = await search(url, { q, size: 1 });
  assert.equal(r.status, 200, `${q}: ${r.text}`);
  return r.json.total;
}

describe('patent search over HTTP', () => {
  let server;
  let indexedAfterMs;

  before(async () => {
    server = await startServer();
    const official = await loginDemo(server.url, 'jn_official');
    const jsonl = RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n';
    const imported = await upload(server.url, official, 'search-fixture.jsonl', Buffer.from(jsonl));
    assert.equal(imported.status, 200, imported.text);
    assert.equal(imported.json.counts.imported, RECORDS.length, imported.text);
    assert.equal(imported.json.counts.rejected, 0, imported.text);
    const xml = await upload(server.url, official, 'cn_old1.xml', fs.readFileSync(CN_XML));
    assert.equal(xml.status, 200, xml.text);
    assert.equal(xml.json.counts.imported, 1, xml.text);

    // The server indexes new imports in the background: poll until everything is found.
    const started = Date.now();
    for (;;) {
      const r = await search(server.url, { q: 'CO=CN', size: 1 });
      if (r.status === 200 && r.json.total === TOTAL) break;
      if (Date.now() - started > INDEX_WAIT_MS) {
        assert.fail(`after ${INDEX_WAIT_MS} ms the search finds ${r.json?.total} of ${TOTAL}: ${r.text}`);
      }
      await sleep(100);
    }
    indexedAfterMs = Date.now() - started;
  });
  after(async () => { await server?.stop(); });

  test('finds new imports within a few seconds, for a visitor who has not logged in', async () => {
    assert.ok(indexedAfterMs <= INDEX_WAIT_MS, `indexed after ${indexedAfterMs} ms`);
    const r = await search(server.url, { q: 'TI=甘草', size: 10 });
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(r.json.total, 1);
    const [hit] = r.json.hits;
    assert.equal(hit.publication_number, 'CN104223352A');
    assert.equal(hit.title, '一种甘草发酵所得烟用香料及其应用');
    assert.match(hit.title_html, /<em>甘草<\/em>/);
    assert.equal(hit.application_number, '201410408762.5');
    assert.ok(hit.applicants.includes('云南中烟工业有限责任公司'), JSON.stringify(hit.applicants));
    assert.equal(typeof r.json.took_ms, 'number');
    assert.ok(r.json.took_ms >= 0);
    assert.equal(r.json.page, 1);
    assert.equal(r.json.size, 10);
  });

  test('gives exact totals for queries whose answer the data decides', async () => {
    const cases = [
      ['TI=电池', count((r) => r.title.includes('电池'))],
      ['TI=散热', count((r) => r.title.includes('散热'))],
      ['TI=灌溉', count((r) => r.title.includes('灌溉'))],
      ['TI=(电池 NOT 散热)', count((r) => r.title.includes('电池') && !r.title.includes('散热'))],
      ['TI=散热 OR TI=灌溉', count((r) => r.title.includes('散热') || r.title.includes('灌溉'))],
      ['TI=电池 AND AD=2016', count((r) => r.title.includes('电池') && yearOf(r) === '2016')],
      ['AD>=2019', count((r) => yearOf(r) >= '2019')],
      ['AD=[2017-01-01 TO 2018-12-31]', count((r) => yearOf(r) === '2017' || yearOf(r) === '2018')],
      ['TYPE=cn_utility_model', count((r) => r.type === 'cn_utility_model')],
      ['TYPE=cn_invention_application', count((r) => r.type === 'cn_invention_application') + 1],
      ['PA="Acme \\"Blue\\" Robotics Co., Ltd."', count((r) => r.applicants[0].name.startsWith('Acme'))],
      ['RG=370000', count((r) => r.applicants[0].region_code === '370102')],
      ['IPC=A01G', count((r) => r.ipc_main.startsWith('A01G'))],
      ['IPC=H01M10', count((r) => r.ipc_main.startsWith('H01M 10/'))],
      [`PN=${RECORDS[3].publication_number}`, 1],
      ['TI=不存在的词', 0],
    ];
    for (const [q, expected] of cases) {
      assert.equal(await total(server.url, q), expected, q);
    }
  });

  test('counts facets over all hits, and each count is the total of its filter', async () => {
    const r = await search(server.url, { q: 'CO=CN', size: 1, facets: ALL_FACETS.join(','), facet_size: 100 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.total, TOTAL);
    const facets = r.json.facets;
    assert.deepEqual(Object.keys(facets).sort(), [...ALL_FACETS].sort());
    const sum = (name) => facets[name].reduce((s, v) => s + v.count, 0);
    const countOf = (name, value) => facets[name].find((v) => v.value === value)?.count;

    // Single-valued facets add up to the total.
    for (const name of ['year', 'country', 'type']) assert.equal(sum(name), TOTAL, name);
    // legal_status holds each status and its group (alive, dead): each adds up to the total.
    const groups = facets.legal_status.filter((v) => v.value === 'alive' || v.value === 'dead');
    const statuses = facets.legal_status.filter((v) => v.value !== 'alive' && v.value !== 'dead');
    assert.equal(groups.reduce((s, v) => s + v.count, 0), TOTAL, JSON.stringify(facets.legal_status));
    assert.equal(statuses.reduce((s, v) => s + v.count, 0), TOTAL, JSON.stringify(facets.legal_status));

    // The counts the data decides.
    for (const year of ['2016', '2017', '2018', '2019', '2020']) {
      assert.equal(countOf('year', year), count((rec) => yearOf(rec) === year), year);
    }
    assert.equal(countOf('year', '2014'), 1);
    assert.equal(countOf('country', 'CN'), TOTAL);
    assert.equal(countOf('type', 'cn_utility_model'), count((rec) => rec.type === 'cn_utility_model'));
    for (const applicant of APPLICANTS) {
      assert.equal(countOf('applicant', applicant.facet ?? applicant.name),
        count((rec) => rec.applicants[0].name === applicant.name), JSON.stringify(facets.applicant));
      if (applicant.province) {
        assert.equal(countOf('province', applicant.province),
          count((rec) => rec.applicants[0].name === applicant.name), applicant.province);
      }
    }
    assert.equal(countOf('ipc_class', 'A01'), count((rec) => rec.ipc_main.startsWith('A01')));
    assert.equal(countOf('ipc_group', 'H01M10/00'), count((rec) => rec.ipc_main.startsWith('H01M 10/')));
    // Most frequent first.
    for (const name of ALL_FACETS) {
      const counts = facets[name].map((v) => v.count);
      assert.deepEqual(counts, [...counts].sort((a, b) => b - a), name);
    }

    // Every value, as the filter the web page makes of it, finds exactly its count.
    const quote = (s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
    const filters = [
      ['year', '2018', 'AD=2018'],
      ['ipc_class', 'H01', 'IPC=H01'],
      ['ipc_group', 'H01M10/00', 'IPC=H01M10'],
      ['applicant', APPLICANTS[2].facet, `PAN=${quote(APPLICANTS[2].facet)}`],
      ['applicant', APPLICANTS[0].name, `PAN=${quote(APPLICANTS[0].name)}`],
      ['province', '330000', 'RG=330000'],
      ['type', 'cn_invention_application', 'TYPE=cn_invention_application'],
      ...facets.legal_status.map((v) => ['legal_status', v.value, `LS=${v.value}`]),
    ];
    for (const [name, value, filter] of filters) {
      assert.equal(await total(server.url, `(CO=CN) AND ${filter}`), countOf(name, value), filter);
    }

    // facet_size keeps the most frequent values.
    const top = await search(server.url, { q: 'CO=CN', size: 1, facets: 'year', facet_size: 2 });
    assert.deepEqual(top.json.facets.year, facets.year.slice(0, 2));
  });

  test('sorts by date either way, across pages', async () => {
    const dates = async (sort) => {
      const out = [];
      for (const page of [1, 2, 3, 4]) {
        const r = await search(server.url, { q: 'CO=CN', sort, size: 10, page });
        assert.equal(r.status, 200, r.text);
        out.push(...r.json.hits.map((h) => h.application_date));
      }
      assert.equal(out.length, TOTAL, sort);
      return out;
    };
    const newest = await dates('-application_date');
    for (let k = 1; k < newest.length; k++) {
      assert.ok(newest[k - 1] >= newest[k], `-application_date: ${newest[k - 1]} before ${newest[k]}`);
    }
    const oldest = await dates('application_date');
    for (let k = 1; k < oldest.length; k++) {
      assert.ok(oldest[k - 1] <= oldest[k], `application_date: ${oldest[k - 1]} before ${oldest[k]}`);
    }
    assert.equal(oldest[0], '2014-08-19'); // the CNIPA XML document
    const published = await search(server.url, { q: 'TI=电池', sort: '-publication_date', size: 100 });
    const pd = published.json.hits.map((h) => h.publication_date);
    assert.deepEqual(pd, [...pd].sort().reverse());
    // Relevance (the default): scores never increase down the list.
    const ranked = await search(server.url, { q: 'TI=散热', size: 100 });
    assert.ok(ranked.json.hits.every((h, k, all) => k === 0 || all[k - 1].score >= h.score));
  });

  test('pages through all hits without repeats, and past the end is empty', async () => {
    const seen = new Set();
    for (let page = 1; page <= 5; page++) {
      const r = await search(server.url, { q: 'CO=CN', sort: 'application_date', size: 7, page });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.total, TOTAL);
      assert.equal(r.json.page, page);
      assert.equal(r.json.size, 7);
      assert.equal(r.json.hits.length, Math.min(7, TOTAL - (page - 1) * 7), `page ${page}`);
      for (const hit of r.json.hits) seen.add(hit.publication_number);
    }
    assert.equal(seen.size, TOTAL);
    // Every hit links to a patent page that can be read.
    for (const number of seen) {
      const r = await api(server.url, 'GET', `/api/v1/patents/${number}`);
      assert.equal(r.status, 200, `${number}: ${r.text}`);
      assert.equal(r.json.patent.publication_number, number);
    }
    const past = await search(server.url, { q: 'CO=CN', size: 7, page: 6 });
    assert.equal(past.status, 200, past.text);
    assert.equal(past.json.total, TOTAL);
    assert.deepEqual(past.json.hits, []);
  });

  test('highlights matches in escaped HTML', async () => {
    const r = await search(server.url, { q: 'TI=散热', size: 100 });
    const hit = r.json.hits.find((h) => h.publication_number === MARKUP.publication_number);
    assert.ok(hit, JSON.stringify(r.json.hits.map((h) => h.publication_number)));
    assert.equal(hit.title, MARKUP.title);
    assert.match(hit.title_html, /<em>散热<\/em>/);
    assert.match(hit.title_html, /&amp;/);
    assert.match(hit.title_html, /&lt;/);
    assert.doesNotMatch(hit.title_html.replace(/<\/?em>/g, ''), /[<>]/, hit.title_html);
    // Without a field code the abstract is searched, and its passage highlighted, too.
    const anywhere = await search(server.url, { q: '散热', size: 1 });
    assert.match(anywhere.json.hits[0].abstract_html, /<em>散热<\/em>/);
  });

  test('a malformed query is a 400 naming the field q and the character', async () => {
    const cases = [
      ['TI=(无人机', 7, /expected '\)'/],
      ['a OR b)', 6, /unexpected '\)'/],
      ['电*池', 1, /'\*'/],
      ['TI =电池', 3, /'='/],
      // Positions count code points: 𠀀 and 𠀁 are one each although UTF-16 needs two.
      ['𠀀𠀁 AND )', 7, /\)/],
      ['XYZ=电池', 0, /unknown field code 'XYZ'/],
      ['电池 AND AD=2018-13', 7, /2018-13/],
    ];
    for (const [q, position, detail] of cases) {
      const p = assertProblem(assert, await search(server.url, { q }), 400, { field: 'q' });
      assert.equal(p.position, position, `${q}: ${p.detail}`);
      assert.match(p.detail, detail, q);
      assert.match(p.detail, new RegExp(`character ${position}\\b`), q);
    }
    // Wrapped in parentheses with a filter, as the web page sends it, the position moves by one.
    const wrapped = assertProblem(assert, await search(server.url, { q: '(a OR b)) AND AD=2018' }), 400, { field: 'q' });
    assert.equal(wrapped.position, 8);
  });

  test('exports the hits as CSV that lists every hit once, and as XLSX', async () => {
    const expected = await total(server.url, 'TI=电池');
    const r = await fetch(`${server.url}/api/v1/search/export?${new URLSearchParams({ q: 'TI=电池', sort: '-application_date' })}`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^text\/csv/);
    assert.equal(r.headers.get('transfer-encoding'), 'chunked');
    assert.equal(Number(r.headers.get('x-total-hits')), expected);
    assert.match(r.headers.get('content-disposition') ?? '', /attachment; filename="patents\.csv"/);
    const raw = Buffer.from(await r.arrayBuffer());
    assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 byte-order mark for Excel');
    const text = raw.subarray(3).toString('utf8');
    assert.ok(text.startsWith('"公开(公告)号","名称"'), text.slice(0, 80));
    const lines = text.trimEnd().split('\r\n');
    assert.equal(lines.length, expected + 1, 'a header and one line per hit');
    const numbers = lines.slice(1).map((line) => line.split('","')[0].replace(/^"/, ''));
    assert.equal(new Set(numbers).size, expected);
    for (const line of lines.slice(1)) assert.ok(line.split('","')[1].includes('电池'), line);
    // Limited, in English, as XLSX.
    const x = await fetch(`${server.url}/api/v1/search/export?${new URLSearchParams({ q: 'TI=电池', format: 'xlsx', limit: '2', lang: 'en' })}`);
    assert.equal(x.status, 200);
    assert.equal(x.headers.get('x-rows'), '2');
    const bytes = Buffer.from(await x.arrayBuffer());
    assert.equal(bytes.subarray(0, 4).toString('binary'), 'PK\x03\x04');
    // A bad query is a problem before anything is sent.
    const bad = await api(server.url, 'GET', `/api/v1/search/export?${new URLSearchParams({ q: 'TI=(电池' })}`);
    assertProblem(assert, bad, 400, { field: 'q' });
    assert.equal(bad.json.position, 6);
    assertProblem(assert, await api(server.url, 'GET', '/api/v1/search/export?q=a&format=pdf'), 400, { field: 'format' });
  });

  test('suggests applicants by prefix, most frequent first', async () => {
    const r = await api(server.url, 'GET', `/api/v1/search/suggest?${new URLSearchParams({ field: 'applicant', prefix: '云南', size: '5' })}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.json.items.some((item) => item.value === '云南中烟工业有限责任公司'), r.text);
    for (const item of r.json.items) assert.ok(item.value.startsWith('云南') && item.count >= 1, r.text);
    assertProblem(assert, await api(server.url, 'GET', '/api/v1/search/suggest?field=title&prefix=a'), 400, { field: 'field' });
  });

  test('similar patents: by patent and by text, explained, and the text by GET or POST alike', async () => {
    // Records 0, 3, 6 … share title, abstract and class: each one's most similar are its siblings.
    const opened = RECORDS[0];
    const siblings = RECORDS.filter((r, i) => i % 3 === 0 && r !== opened && r !== MARKUP)
      .map((r) => r.publication_number);
    const byPatent = await api(server.url, 'GET', `/api/v1/patents/${opened.publication_number}/similar?size=5`);
    assert.equal(byPatent.status, 200, byPatent.text);
    assert.equal(byPatent.json.publication_number, opened.publication_number);
    const hits = byPatent.json.hits;
    assert.equal(hits.length, 5, byPatent.text);
    for (const hit of hits) {
      assert.notEqual(hit.publication_number, opened.publication_number);
      assert.ok(siblings.includes(hit.publication_number), `${hit.publication_number} is a sibling`);
      assert.ok(Number.isFinite(hit.score), byPatent.text);
      assert.ok(hit.shared_terms.length > 0, byPatent.text);
      for (const term of hit.shared_terms) {
        assert.ok(opened.title.includes(term) || opened.abstract.includes(term), `shared term ${term}`);
      }
      assert.deepEqual(hit.shared_ipc, ['H01M10/00', 'H01M']);
    }
    for (let k = 1; k < hits.length; k++) assert.ok(hits[k - 1].score >= hits[k].score);

    const text = '一种农业灌溉控制系统，按土壤湿度控制灌溉';
    const byGet = await api(server.url, 'GET', `/api/v1/search/similar?${new URLSearchParams({ text, size: '3' })}`);
    assert.equal(byGet.status, 200, byGet.text);
    assert.equal(byGet.json.hits.length, 3, byGet.text);
    for (const hit of byGet.json.hits) assert.match(hit.title, /灌溉/);
    const byPost = await api(server.url, 'POST', '/api/v1/search/similar', { body: { text, size: 3 } });
    assert.equal(byPost.status, 200, byPost.text);
    assert.deepEqual(byPost.json.hits.map((h) => h.publication_number), byGet.json.hits.map((h) => h.publication_number));

    // A text too long for a URL goes in the body.
    const long = (text + '。').repeat(120);
    const longPost = await api(server.url, 'POST', '/api/v1/search/similar', { body: { text: long } });
    assert.equal(longPost.status, 200, longPost.text);
    assert.match(longPost.json.hits[0].title, /灌溉/);

    assertProblem(assert, await api(server.url, 'POST', '/api/v1/search/similar', { body: { size: 3 } }), 400, { field: 'text' });
    assertProblem(assert, await api(server.url, 'POST', '/api/v1/search/similar', { body: { text, size: 51 } }), 400, { field: 'size' });
    assertProblem(assert, await api(server.url, 'POST', '/api/v1/search/similar', { body: { text: 'x'.repeat(20001) } }), 400, { field: 'text' });
    assertProblem(assert, await api(server.url, 'GET', '/api/v1/search/similar?text=%20'), 400, { field: 'text' });
    assert.equal((await api(server.url, 'GET', '/api/v1/patents/CN100000000A/similar')).status, 404);
  });

  test('bad parameters are 400 problems naming the parameter', async () => {
    assertProblem(assert, await search(server.url, { q: '电池', facets: 'year,colour' }), 400, { field: 'facets' });
    assertProblem(assert, await search(server.url, { q: '电池', sort: 'score' }), 400, { field: 'sort' });
    assertProblem(assert, await search(server.url, { q: '电池', facet_size: '0' }), 400, { field: 'facet_size' });
    assertProblem(assert, await search(server.url, { q: '电池', facet_size: '101' }), 400, { field: 'facet_size' });
    assertProblem(assert, await search(server.url, { q: '电池', size: '101' }), 400, { field: 'size' });
    assertProblem(assert, await search(server.url, { q: '电池', page: '0' }), 400, { field: 'page' });
    assertProblem(assert, await search(server.url, { q: '  ' }), 400, { field: 'q' });
    assertProblem(assert, await search(server.url, {}), 400, { field: 'q' });
  });
});
