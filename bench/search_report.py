#!/usr/bin/env python3
"""The two Python steps of bench/search.sh (standard library only).

  search_report.py scan CORPUS.jsonl QUERIES OUT.json
      One pass over the corpus: the bytes of raw text (the UTF-8 bytes of the
      text fields every engine indexes: title, abstract, the text of each claim
      and each applicant name; also those only iphub indexes: description,
      inventor names, agency), and, for each query line that is one Chinese word
      (bare or quoted), the true number of documents holding it as a substring
      of the title, the abstract or a claim (iphub's TAC): the answer every
      engine must give.

  search_report.py report DIR
      Reads DIR/meta.env (key=value lines written by the script), DIR/scan.json
      and the CSV of every search run (DIR/search_ENGINE_MODE.out) and prints
      the Markdown section of docs/benchmarks.md.
"""
import csv
import json
import math
import re
import statistics
import sys

NAMES = {"iphub": "iphub", "fts5": "SQLite FTS5", "xapian": "Xapian", "lucene": "Lucene++",
         "pg": "PostgreSQL"}
MODE_TITLES = {
    "count": "Exact count (no ranking)",
    "top10": "Ranked top 10 (exact count + the 10 best by relevance, with their ids)",
    "facets": "Facets (exact count + year, IPC subclass and applicant over every hit, top 10 each)",
}
CLASS_TITLES = {
    "term": "single term", "and2": "two-term AND", "or3": "three-term OR", "phrase": "phrase",
    "field_date": "field + date range", "ipc": "IPC prefix", "zh2": "Chinese 2-character word",
    "zh3": "Chinese 3-character word", "long": "long Boolean", "facet": "broad hit sets",
    "proximity": "proximity (extra)",
}
NOT_A_TARGET = {"proximity"}  # the engines' proximity operators differ (see the notes)
CJK = re.compile(r"[\u3400-\u9fff]")
ONE_WORD = re.compile(r"^[\"“]?([\u3400-\u9fff]+)[\"”]?$")


def query_file(engine):
    return "bench/search_queries.txt" if engine == "iphub" else f"bench/search_queries.{engine}.txt"


def read_queries(path):
    """{line: (class, query)} for query lines; {line: note} for ' #~ note' marks; class lines."""
    queries, notes, classes = {}, {}, {}
    current = None
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith("#class "):
                current = line.split(None, 1)[1].strip()
                classes[number] = current
                continue
            if not line.strip() or line.startswith("#"):
                continue
            if " #~" in line:
                notes[number] = line.split(" #~", 1)[1].strip()
            queries[number] = (current, line.split(" #~", 1)[0].rstrip())
    return queries, notes, classes


# ---------------------------------------------------------------------------
# scan


def scan(corpus, queries_path, out_path):
    queries, _, _ = read_queries(queries_path)
    words = {}
    for number, (_, query) in queries.items():
        match = ONE_WORD.match(query)
        if match:
            words[number] = match.group(1)
    truth = {number: 0 for number in words}
    common = extra = documents = 0
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            record = json.loads(line)
            documents += 1
            tac = [record.get("title") or "", record.get("abstract") or ""]
            tac += [claim.get("text") or "" for claim in record.get("claims") or []]
            applicants = [party.get("name") or "" for party in record.get("applicants") or []]
            common += sum(len(text.encode("utf-8")) for text in tac + applicants)
            extra += len((record.get("description") or "").encode("utf-8"))
            extra += len((record.get("agency") or "").encode("utf-8"))
            extra += sum(len((party.get("name") or "").encode("utf-8"))
                         for party in record.get("inventors") or [])
            for number, word in words.items():
                if any(word in text for text in tac):
                    truth[number] += 1
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump({"documents": documents, "raw_text_bytes": common, "iphub_extra_bytes": extra,
                   "truth": {str(k): v for k, v in truth.items()},
                   "words": {str(k): v for k, v in words.items()}}, f, ensure_ascii=False)


# ---------------------------------------------------------------------------
# report


def percentile(values, p):  # nearest rank
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def ms(micros):
    """Milliseconds with about three significant digits."""
    value = micros / 1000
    if value < 1:
        return f"{value:.3f}"
    if value < 10:
        return f"{value:.2f}"
    if value < 100:
        return f"{value:.1f}"
    return f"{value:,.0f}"


def speedup(peer, iphub):
    """How many times faster iphub is (above 1: faster)."""
    if iphub <= 0:
        return float("inf")
    return peer / iphub


def fmt_ratio(value):
    if value == float("inf"):
        return "∞"
    return f"{value:.1f}×" if value < 100 else f"{value:,.0f}×"


def report(out_dir):
    meta = {}
    with open(f"{out_dir}/meta.env", encoding="utf-8") as f:
        for line in f:
            if "=" in line:
                key, value = line.rstrip("\n").split("=", 1)
                meta[key] = value
    with open(f"{out_dir}/scan.json", encoding="utf-8") as f:
        scanned = json.load(f)
    engines = ["iphub"] + meta["peers"].split()
    peers = engines[1:]
    modes = meta["modes"].split()
    runs = int(meta["runs"])
    docs = int(meta["docs"])

    queries, _, classes = read_queries(query_file("iphub"))
    notes = {e: read_queries(query_file(e))[1] for e in peers}
    lines = sorted(queries)
    per_copy = int(meta["query_file_lines"])
    class_order = []
    for number in sorted(classes):
        if classes[number] not in class_order:
            class_order.append(classes[number])

    # results[engine][mode][line] = {hits, facets, error, samples, counts}
    results = {}
    for engine in engines:
        results[engine] = {}
        for mode in modes:
            by_line = {}
            with open(f"{out_dir}/search_{engine}_{mode}.out", encoding="utf-8", newline="") as f:
                for row in csv.DictReader(f):
                    number = int(row["line"])
                    copy, line = (number - 1) // per_copy, (number - 1) % per_copy + 1
                    entry = by_line.setdefault(line, {"samples": [], "counts": set(), "error": "",
                                                      "hits": None, "facets": ""})
                    if row["error"]:
                        entry["error"] = row["error"]
                        continue
                    entry["counts"].add(row["hits"])
                    entry["hits"] = int(row["hits"])
                    entry["facets"] = row.get("facets") or ""
                    if copy > 0:  # copy 0 is the warm-up
                        entry["samples"].append(int(row["microseconds"]))
            results[engine][mode] = by_line

    def entry(engine, mode, line):
        return results[engine][mode].get(line)

    def ok(engine, mode, line):
        e = entry(engine, mode, line)
        return e is not None and not e["error"] and e["samples"]

    # Agreement with iphub: counts in every mode, facets in facets mode.
    reference_mode = "count" if "count" in modes else modes[0]
    iphub_hits = {line: entry("iphub", reference_mode, line)["hits"] for line in lines
                  if ok("iphub", reference_mode, line)}
    differences = []  # (line, engine, mode, what, got, want)
    same_counts = {e: [0, 0] for e in peers}
    same_facets = {e: [0, 0] for e in peers}
    unstable = []
    for engine in engines:
        for mode in modes:
            for line in lines:
                e = entry(engine, mode, line)
                if e is None:
                    continue
                if len(e["counts"]) > 1:
                    unstable.append((line, engine, mode))
                if engine == "iphub":
                    if not e["error"] and e["hits"] != iphub_hits.get(line):
                        differences.append((line, engine, mode, "count", e["hits"],
                                            iphub_hits.get(line)))
                    continue
                same_counts[engine][1] += 1
                if e["error"]:
                    differences.append((line, engine, mode, "error", e["error"], None))
                elif e["hits"] == iphub_hits.get(line):
                    same_counts[engine][0] += 1
                else:
                    differences.append((line, engine, mode, "count", e["hits"], iphub_hits.get(line)))
                if mode == "facets" and not e["error"]:
                    mine = entry("iphub", "facets", line)
                    if mine and e["hits"] == mine["hits"]:
                        same_facets[engine][1] += 1
                        if e["facets"] == mine["facets"]:
                            same_facets[engine][0] += 1
                        else:
                            differences.append((line, engine, mode, "facets", None, None))

    # Chinese words against the substring scan.
    truth = {int(k): v for k, v in scanned["truth"].items()}
    truth_rows, truth_ok = [], {e: 0 for e in engines}
    for line in sorted(truth):
        cells = []
        for engine in engines:
            e = entry(engine, reference_mode, line)
            got = None if e is None or e["error"] else e["hits"]
            if got == truth[line]:
                truth_ok[engine] += 1
            cells.append(f"{got:,}" if got is not None else "error")
            if got != truth[line]:
                cells[-1] += " ≠"
        truth_rows.append(f"| {line} | {scanned['words'][str(line)]} | {truth[line]:,} | "
                          + " | ".join(cells) + " |")

    # Latency per class and mode: each query's best measured run, then p50 and p99
    # over the queries of the class.
    def samples(engine, mode, cls):
        return [min(entry(engine, mode, line)["samples"]) for line in lines
                if queries[line][0] == cls and ok(engine, mode, line)]

    def complete(engine, mode, cls):
        return all(ok(engine, mode, line) for line in lines if queries[line][0] == cls)

    stats = {}  # (engine, mode, cls) -> (p50, p99, n)
    for engine in engines:
        for mode in modes:
            for cls in class_order:
                values = samples(engine, mode, cls)
                if values and complete(engine, mode, cls):
                    stats[(engine, mode, cls)] = (statistics.median(values), percentile(values, 99),
                                                  len(values))

    def fastest_peer(mode, cls, which):
        timed = [(stats[(e, mode, cls)][which], e) for e in peers if (e, mode, cls) in stats]
        return min(timed) if timed else (None, None)

    def disagree(cls, mode):
        return any(d[0] in lines and queries[d[0]][0] == cls and d[2] == mode and d[3] != "facets"
                   and d[1] != "iphub" and d[0] not in notes.get(d[1], {}) for d in differences)

    sizes = [sum(1 for line in lines if queries[line][0] == cls) for cls in class_order]
    mode_tables = []
    for mode in modes:
        head = ("| Class | Queries | " + " | ".join(f"{NAMES[e]} p50 / p99" for e in engines)
                + " | iphub vs fastest peer, p50 | p99 |")
        rule = "|---|---:|" + "---:|" * len(engines) + "---:|---:|"
        rows = [head, rule]
        for cls in class_order:
            count = sum(1 for line in lines if queries[line][0] == cls)
            cells = []
            for engine in engines:
                s = stats.get((engine, mode, cls))
                cells.append(f"{ms(s[0])} / {ms(s[1])}" if s else "—")
            mine = stats.get(("iphub", mode, cls))
            p50_time, p50_peer = fastest_peer(mode, cls, 0)
            p99_time, p99_peer = fastest_peer(mode, cls, 1)
            if mine and p50_peer:
                r50 = f"{fmt_ratio(speedup(p50_time, mine[0]))} ({NAMES[p50_peer]})"
                r99 = f"{fmt_ratio(speedup(p99_time, mine[1]))} ({NAMES[p99_peer]})"
            else:
                r50 = r99 = "—"
            label = CLASS_TITLES.get(cls, cls) + (" ≠" if disagree(cls, mode) else "")
            rows.append(f"| {label} | {count} | " + " | ".join(cells) + f" | {r50} | {r99} |")
        mode_tables.append(f"#### {MODE_TITLES[mode]}\n\n" + "\n".join(rows))

    # Targets.
    def verdict(flag):
        return "**met**" if flag else "**not met**"

    target_rows = []
    target_classes = [c for c in class_order if c not in NOT_A_TARGET]

    def ratios(mode, cls):
        mine = stats.get(("iphub", mode, cls))
        p50_time, _ = fastest_peer(mode, cls, 0)
        p99_time, _ = fastest_peer(mode, cls, 1)
        if not mine or p50_time is None:
            return None
        return speedup(p50_time, mine[0]), speedup(p99_time, mine[1])

    if "facets" in modes and "facet" in class_order:
        r = ratios("facets", "facet")
        if r:
            target_rows.append(f"| Facets over large hit sets ≥ 10× faster than the fastest peer "
                               f"(class broad hit sets, facets mode) | p50 {fmt_ratio(r[0])}, "
                               f"p99 {fmt_ratio(r[1])} | {verdict(min(r) >= 10)} |")
    if "count" in modes:
        failing, worst = [], None
        for cls in target_classes:
            r = ratios("count", cls)
            if not r:
                continue
            worst = min(r) if worst is None else min(worst, min(r))
            if min(r) < 5:
                failing.append(f"{CLASS_TITLES.get(cls, cls)} ({fmt_ratio(r[0])} / {fmt_ratio(r[1])})")
        target_rows.append("| Exact counts ≥ 5× faster than the fastest peer in every class, p50 and p99 | "
                           + (f"below 5× (p50 / p99): {'; '.join(failing)}" if failing else
                              f"lowest {fmt_ratio(worst)}") + f" | {verdict(not failing)} |")
    if "top10" in modes:
        failing = []
        for cls in target_classes:
            r = ratios("top10", cls)
            if r and min(r) < 1:
                failing.append(f"{CLASS_TITLES.get(cls, cls)} ({fmt_ratio(r[0])} / {fmt_ratio(r[1])})")
        target_rows.append("| Ranked top 10 no slower than the fastest peer in any class, p50 and p99 | "
                           + (f"slower (p50 / p99): {'; '.join(failing)}" if failing else
                              "no slower in any class") + f" | {verdict(not failing)} |")
    if "phrase" in class_order:
        failing = []
        for mode in modes:
            r = ratios(mode, "phrase")
            if r and min(r) < 1:
                failing.append(f"{mode} ({fmt_ratio(r[0])} / {fmt_ratio(r[1])})")
        target_rows.append("| Phrases no slower than the fastest peer, p50 and p99, every mode | "
                           + (f"slower (p50 / p99): {'; '.join(failing)}" if failing else
                              "no slower in any mode") + f" | {verdict(not failing)} |")
    raw_mb = scanned["raw_text_bytes"] / 1e6

    def mbs(engine, which):
        seconds = float(meta.get(f"index_{engine}_{which}", "0") or 0)
        return raw_mb / seconds if seconds > 0 else 0

    if "lucene" in peers:
        wall = mbs("iphub", "seconds") / mbs("lucene", "seconds") if mbs("lucene", "seconds") else 0
        cpu = mbs("iphub", "cpu") / mbs("lucene", "cpu") if mbs("lucene", "cpu") else 0
        target_rows.append(f"| Index build ≥ 2× the MB/s of Lucene++ | {wall:.2f}× by elapsed time, "
                           f"{cpu:.2f}× by CPU time | {verdict(wall >= 2 and cpu >= 2)} |")
    iphub_size = int(meta["index_iphub_bytes"]) / scanned["raw_text_bytes"]
    target_rows.append(f"| Index ≤ 0.6× the raw text | {iphub_size:.2f}× | {verdict(iphub_size <= 0.6)} |")
    chinese_lines = [line for line in lines
                     if CJK.search(queries[line][1]) and queries[line][0] not in NOT_A_TARGET]
    chinese_bad = sorted({d[0] for d in differences if d[0] in chinese_lines and d[3] != "facets"
                          and d[0] not in notes.get(d[1], {})})
    truth_bad = len(truth) - truth_ok["iphub"]
    target_rows.append(
        f"| Every Chinese query correct, two-character words included | iphub equals the substring scan "
        f"on {truth_ok['iphub']} of {len(truth)} one-word queries; on the {len(chinese_lines)} Chinese "
        f"queries of the target classes, counts differing from a peer's: "
        f"{', '.join(f'line {x}' for x in chinese_bad) if chinese_bad else 'none'} | "
        f"{verdict(truth_bad == 0 and not chinese_bad)} |")

    # Indexing table.
    index_rows = []
    for engine in engines:
        size = int(meta[f"index_{engine}_bytes"])
        wall, cpu = float(meta[f"index_{engine}_seconds"]), float(meta[f"index_{engine}_cpu"])
        index_rows.append(
            f"| {NAMES[engine]} | {wall:.1f} | {cpu:.1f} | {mbs(engine, 'seconds'):.2f} | "
            f"{mbs(engine, 'cpu'):.2f} | {size / 1048576:,.0f} MiB | {size / scanned['raw_text_bytes']:.2f}× | "
            f"{meta[f'index_{engine}_rss']} | {meta.get(f'index_{engine}_reading', '—') or '—'} |")

    # Peak RSS of the searches.
    rss_rows = []
    for engine in engines:
        cells = [meta.get(f"search_{engine}_{mode}_rss", "—") for mode in modes]
        rss_rows.append(f"| {NAMES[engine]} | " + " | ".join(f"{c} MiB" for c in cells) + " |")

    # Differences, explained by the peers' notes or not.
    explained = []
    unexplained = 0
    seen = set()
    for line, engine, mode, what, got, want in differences:
        note = notes.get(engine, {}).get(line)
        key = (line, engine, what, got)
        if key in seen:
            continue
        seen.add(key)
        query = queries[line][1].replace("|", "\\|")
        if what == "facets":
            text = f"facet counts differ from iphub's ({mode})"
        elif what == "error":
            text = f"error: {got}"
        else:
            text = f"{got:,} hits vs iphub {want:,}" if want is not None else f"{got} hits"
        if note is None and engine != "iphub":
            unexplained += 1
        why = note or "**not an approximated query: a difference to explain**"
        explained.append(f"- line {line} `{query}`: {NAMES[engine]} {text} — {why}")

    # Per query.
    detail = []
    for line in lines:
        cls, query = queries[line]
        cells = []
        for engine in engines:
            parts = []
            for mode in modes:
                e = entry(engine, mode, line)
                if e is None or e["error"] or not e["samples"]:
                    parts.append("err" if e and e["error"] else "—")
                else:
                    parts.append(ms(min(e["samples"])))
            mark = ""
            if engine != "iphub":
                e = entry(engine, reference_mode, line)
                if e and not e["error"] and e["hits"] != iphub_hits.get(line):
                    mark = f" ({e['hits']:,} ≠)"
                if line in notes.get(engine, {}):
                    mark += " ~"
            cells.append(" / ".join(parts) + mark)
        hits = iphub_hits.get(line)
        hits_text = f"{hits:,}" if hits is not None else "—"
        escaped = query.replace("|", "\\|")
        detail.append(f"| {line} | {cls} | `{escaped}` | {hits_text} | " + " | ".join(cells) + " |")

    load_note = f"load average before / after {meta['load_before']} / {meta['load_after']}"
    out = []
    peer_names = [NAMES[e] for e in engines if e != "iphub"]
    peer_list = ", ".join(peer_names[:-1]) + " and " + peer_names[-1] if len(peer_names) > 1 else "".join(peer_names)
    out.append(f"""## Search engine at {docs:,} documents against {peer_list} (`scripts/bench engine`)

Measured by `scripts/bench engine --docs {docs}` (`bench/search.sh`) on {meta['date']} (git {meta['git']},
{meta['build_note']}); {meta['nproc']} CPU(s), {meta['cpu_model']}; {load_note}.
**The machine is shared with other engineers' builds: elapsed times stretch with the load**, CPU
seconds less so. Peers: {meta['versions']} (Debian 12 packages), driven by the small programs in
`bench/search_peers/`. Corpus: {docs:,} synthetic patents (`iphub demo --patents {docs} --seed {meta['seed']}`,
{int(meta['corpus_bytes']) / 1e6:,.0f} MB of JSONL, about 80 % Chinese, 20 % English).
**Raw text** = the UTF-8 bytes of the text fields every engine indexes (title, abstract, each
claim, each applicant name) = {raw_mb:,.1f} MB; iphub also indexes the description, inventors
and agency ({scanned['iphub_extra_bytes'] / 1e6:,.1f} MB more), which MB/s and size ratios below
do not credit it for.""")
    if docs < 1000000:
        out.append(f"""
The issue's targets are stated for 1,000,000 documents; this run has {docs:,}, so the verdicts
below are for this size only. (`scripts/bench engine --docs 1000000 --peers fts5,lucene,pg`
is the 1,000,000 run: Xapian's indexing would take well over an hour there.)""")
    out.append(f"""
### Targets (issue #4), at {docs:,} documents

Ratios are the fastest peer's time divided by iphub's (above 1×: iphub is faster), per class,
with p50 and p99 as defined under "Queries" below; the index figures are from "Indexing".

| Target | This run | Verdict |
|---|---|---|
""" + "\n".join(target_rows))
    out.append(f"""
### Indexing

| Engine | Seconds | CPU s | MB/s raw text (elapsed) | MB/s (CPU) | Index on disk | Index / raw text | Peak RSS (MiB) | of which reading JSONL (s) |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
""" + "\n".join(index_rows) + f"""

- iphub: `iphub index rebuild --no-similar` from its SQLite database (reads and decodes every
  stored record; one merged segment); its size is that of `index/patents/`. Not measured: the
  similar-patents model, a separate feature `index rebuild` builds by default beside it. The peers read the JSONL file; "reading JSONL" is their time
  decoding it (nlohmann::json), included in their seconds. Incremental indexing while
  `iphub demo` loaded the corpus: {meta.get('catch_up_line') or 'not reported'}.
- What each indexes: iphub title, abstract, claims, description, applicants, inventors,
  agency, numbers, IPC, CPC, dates, country, type, legal status, region (CJK bigrams, English
  stems and exact forms, every field value stored zlib-compressed for snippets); FTS5 title,
  abstract, claims, applicants twice (trigram and porter tables over one uncompressed content
  table) plus IPC, date, country, facet tables; Xapian the same four text fields (CJK unigrams
  with positions and bigrams, stems and exact forms), IPC levels and country as boolean terms,
  date, year and the facet lists as values; Lucene++ the four text fields (CJK bigrams,
  Snowball stems only), IPC levels, country and facet fields as keywords, date as a
  NumericField; PostgreSQL a stored tsvector (English stems) with a GIN index, pg_trgm GIN
  indexes on TAC, title, abstract and applicants, the text in its heap (TOAST-compressed),
  IPC and facet tables.
- FTS5 by part: {meta.get('fts5_parts', '—')}. PostgreSQL by relation: {meta.get('pg_parts', '—')}.
- PostgreSQL's CPU seconds add its server processes' (measured from /proc) to the client's;
  its peak RSS is the server process's (shared_buffers pages it touched included). Xapian
  ran with XAPIAN_FLUSH_THRESHOLD={meta['xapian_flush']}; FTS5 in one transaction with
  journal and sync off; Lucene++ with its defaults; PostgreSQL with shared_buffers 1 GB,
  maintenance_work_mem 512 MB, work_mem 64 MB, no parallel workers and no JIT (one core per
  query, as every other engine here).""")
    out.append(f"""
### Queries: p50 / p99 in milliseconds, per class and mode

{len(lines)} queries in {len(class_order)} classes (`bench/search_queries.txt`, one `#class` line
per group; the peers' files hold the same queries line for line). Each engine ran the set once
to warm up and then {runs} more times, per mode, in one process per engine and mode, one
query at a time. A query's time is measured by the engine's own driver around parsing,
searching and reading the results (ids for top 10, facet values for facets), and is **the best
of its {runs} measured runs**: on this shared machine a run is often stretched by other
processes, the best one is the least disturbed. p50 and p99 are over the queries of the class
({min(sizes)} to {max(sizes)} of them, so p99 is the slowest query). "iphub vs fastest peer": the fastest peer's time
divided by iphub's (above 1×: iphub is faster), with that peer named. A class marked ≠ has a
count that differs from iphub's on a query that is not an approximation (listed below).

""" + "\n\n".join(mode_tables))
    out.append(f"""
### Same question, same answer

- Exact counts equal to iphub's, all modes: """ + ", ".join(
        f"{NAMES[e]} {same_counts[e][0]} of {same_counts[e][1]}" for e in peers) + f""".
- Facet values and counts equal to iphub's (facets mode, where the count is equal): """ + ", ".join(
        f"{NAMES[e]} {same_facets[e][0]} of {same_facets[e][1]}" for e in peers) + f""".
  Facets are compared as strings: the 10 most frequent values of each facet with their counts,
  ties by value (bytes). year = application year; IPC subclass = the first 4 characters of each
  IPC symbol; applicant = each applicant name as written. A document counts once per distinct
  value: a patent with two applicants counts for both, one with H01M10/0525 and H01M4/131
  counts once for H01M.
- Hit counts that changed between runs of one query: {len(unstable)}.
- Chinese words against a substring scan of the corpus (the true count: documents whose
  title, abstract or a claim holds the word):

| Line | Word | True count | """ + " | ".join(NAMES[e] for e in engines) + """ |
|---:|---|---:|""" + "---:|" * len(engines) + "\n" + "\n".join(truth_rows) + """

Counts or facets that differ from iphub's, with the reason (the peer's ` #~ note`):

""" + ("\n".join(explained) if explained else "- none"))
    out.append("""
### Memory of the searches (peak RSS)

| Engine | """ + " | ".join(modes) + """ |
|---|""" + "---:|" * len(modes) + "\n" + "\n".join(rss_rows) + """

iphub maps its segment files and FTS5 ran with `mmap_size`, so the index pages they touch
count in their RSS; Xapian and Lucene++ read through the page cache, which RSS does not
show. PostgreSQL: its server process, whose RSS includes the shared buffers it touched.""")
    out.append("""
<details><summary>Every query: best milliseconds per mode (""" + " / ".join(modes)
               + """), exact hits (≠: a peer's count differs, ~: the peer's query is the closest form, see its query file)</summary>

| Line | Class | Query (iphub) | Hits | """ + " | ".join(NAMES[e] for e in engines) + """ |
|---:|---|---|---:|""" + "---:|" * len(engines) + "\n" + "\n".join(detail) + """

</details>""")
    out.append(f"""
### What the comparison shows, and what it does not

- **Chinese.** iphub and Lucene++ match a Chinese word as a phrase of overlapping bigrams,
  Xapian as a phrase of single characters, FTS5 through trigrams and PostgreSQL as a substring
  (pg_trgm). A word of two characters has no trigram: FTS5 and PostgreSQL then scan the text
  (FTS5 `+zh.title LIKE '%电池%'`, as SQLite 3.40's trigram index returns no rows for such a
  LIKE; PostgreSQL reads its whole trigram index), exact but slow: their 2-character rows.
- **English.** iphub and Xapian stem with Snowball and keep exact forms for quoted words;
  FTS5 stems with Porter; Lucene++ and PostgreSQL keep stems only (quoted English is a phrase
  of stems there: marked ~). No engine drops stop words.
- **Ranking.** iphub, Xapian, Lucene++ and FTS5 rank by BM25 or Lucene's TF-IDF; PostgreSQL by
  ts_rank for English and by a weighted count of occurrences for Chinese (it has no relevance
  ranking for substring matches). Top-10 lists are not compared; counts and facets are.
- **Facets** are each engine's usual way: iphub's keyword columns; Xapian's match spies
  (ValueCountMatchSpy on the year, the same over a list for the multi-valued fields); Lucene++
  3.0, which has no facet module, a collector over the FieldCache (year) and term ordinals
  uninverted when the searcher opens (Solr 1.4's way; that one-time work, like every engine's
  opening of its index, is not in the query times); SQL GROUP BY over the hits in FTS5 and
  PostgreSQL.
- **Limits.** One synthetic corpus with a small vocabulary (terms repeat far more than in real
  patents); single-threaded queries, one at a time, warm caches; the peers are driven through
  their C/C++ APIs (PostgreSQL through libpq on loopback, a round trip per statement) without
  a server in front. Lucene++ is a port of Lucene 3.0 (2009), far from today's Java Lucene;
  Xapian is 1.4. Re-run with `scripts/bench engine --docs N --write` (N ≥ 100,000 to write).""")
    print("\n".join(out))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "scan":
        scan(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 3 and sys.argv[1] == "report":
        report(sys.argv[2])
    else:
        sys.exit(__doc__)
