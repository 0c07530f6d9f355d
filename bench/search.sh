#!/usr/bin/env bash
# The search engine against SQLite FTS5, Xapian and Lucene++ (issue #4).
#
# Generates the synthetic demo corpus (`iphub demo --patents N`), once into an
# iphub data directory (SQLite + search index) and once as JSONL for the peers,
# then, in the same run on the same documents:
#   1. indexes it with each engine: `iphub index rebuild` (from its database) and
#      bench/search_peers/ (from the JSONL): search_peer_fts5, search_peer_xapian,
#      search_peer_lucene; reports seconds, CPU seconds, documents per CPU-second,
#      index size on disk and peak RSS;
#   2. runs the query set bench/search_queries.txt (iphub's query language) and its
#      line-for-line translations bench/search_queries.{fts5,xapian,lucene}.txt,
#      BENCH_RUNS times over in one process per engine, keeping each query's best
#      time; reports median, p95 and total latency, and how many queries return
#      the same exact hit count as iphub (and which do not, with the reason).
# Every engine returns an exact count and the top 10 by relevance for every query.
# Prints a Markdown section for docs/benchmarks.md (written there with --write).
#
# Usage: bench/search.sh [--docs N] [--write]
#   --docs N         documents in the corpus (default 50000: the run then takes about
#                    4 minutes on the shared 2-core VM, plus the build, half of it
#                    Xapian's indexing; 100000 takes about 8, 200000 about 20)
#   --write          also replace the search section of docs/benchmarks.md
#   BENCH_SEED       generator seed (default 1)
#   BENCH_RUNS       runs of each query set (default 3; the best time per query counts)
#   BENCH_XAPIAN_FLUSH_THRESHOLD  documents Xapian buffers before it flushes (default
#                    1000; Xapian's own default, 10000, indexed 1.5x slower here)
#   BENCH_BUILD_DIR  Release build folder (default build/bench, configured with
#                    -DIPHUB_BENCH=ON so the peers build there too)
#   BENCH_BIN        an already built `iphub` to use instead of building one
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/../scripts/lib/common.sh"
# shellcheck source=scripts/lib/bench.sh
source "$(dirname "$0")/../scripts/lib/bench.sh"
cd "$IPHUB_ROOT"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
docs=50000
write_doc=0
while (($# > 0)); do
  case "$1" in
    --write) write_doc=1 ;;
    --docs)
      [[ $# -ge 2 ]] || { echo "bench/search.sh: --docs needs a number" >&2; exit 2; }
      docs="$2"
      shift
      ;;
    --docs=*) docs="${1#--docs=}" ;;
    -h | --help) usage; exit 0 ;;
    *)
      echo "bench/search.sh: unknown argument '$1' (try --help)" >&2
      exit 2
      ;;
  esac
  shift
done
if ! [[ "$docs" =~ ^[1-9][0-9]*$ ]]; then
  echo "bench/search.sh: --docs takes a positive number, not '$docs'" >&2
  exit 2
fi

seed="${BENCH_SEED:-1}"
runs="${BENCH_RUNS:-3}"
xapian_flush="${BENCH_XAPIAN_FLUSH_THRESHOLD:-1000}"
build_dir="${BENCH_BUILD_DIR:-$IPHUB_ROOT/build/bench}"
peers=(fts5 xapian lucene)

# Debian packages this benchmark needs beyond IPHUB_BUILD_PACKAGES: the peers'
# libraries, GNU time (peak RSS) and Python (the report).
BENCH_SEARCH_PACKAGES=(time python3 libxapian-dev liblucene++-dev)
iphub_ensure_apt "${BENCH_SEARCH_PACKAGES[@]}"

build_options=(-DCMAKE_BUILD_TYPE=Release -DIPHUB_TESTS=OFF -DIPHUB_BENCH=ON)
if [[ -f "$build_dir/CMakeCache.txt" ]] && ! grep -qx 'IPHUB_BENCH:BOOL=ON' "$build_dir/CMakeCache.txt"; then
  iphub_log "turning IPHUB_BENCH on in ${build_dir#"$IPHUB_ROOT"/}"
  cmake -S "$IPHUB_ROOT" -B "$build_dir" -DIPHUB_BENCH=ON >/dev/null
fi
if [[ -n "${BENCH_BIN:-}" ]]; then
  bin="$BENCH_BIN"
  build_note="\`$bin\`, peers: Release build in \`${build_dir#"$IPHUB_ROOT"/}\`"
else
  IPHUB_BUILD_TARGET=iphub iphub_cmake_build "$build_dir" "${build_options[@]}"
  bin="$build_dir/src/iphub/app/iphub"
  build_note="Release build in \`${build_dir#"$IPHUB_ROOT"/}\`"
fi
for peer in "${peers[@]}"; do
  IPHUB_BUILD_TARGET="search_peer_$peer" iphub_cmake_build "$build_dir" "${build_options[@]}"
done
peer_dir="$build_dir/bench/search_peers"

queries=bench/search_queries.txt
query_lines="$(wc -l <"$queries")"
for peer in "${peers[@]}"; do
  if [[ "$(wc -l <"bench/search_queries.$peer.txt")" != "$query_lines" ]]; then
    echo "bench/search.sh: bench/search_queries.$peer.txt must have the $query_lines lines of $queries" >&2
    exit 1
  fi
done

tmp="$(mktemp -d "${TMPDIR:-/tmp}/iphub-search-bench.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# run NAME COMMAND...: elapsed seconds, CPU seconds (user + system) and peak RSS
# (MiB) of the command; its output in $tmp/NAME.out and .err. A failing command
# stops the benchmark, except exit status 2 of a search (some query failed:
# the report shows which).
declare -A seconds cpu rss
run() {
  local name="$1" status=0
  shift
  iphub_log "$name: $*"
  /usr/bin/time -f '%e %U %S %M' -o "$tmp/$name.time" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" ||
    status=$?
  if ((status != 0)) && ! [[ "$name" == search_* && "$status" == 2 ]]; then
    echo "bench/search.sh: '$*' failed (exit status $status):" >&2
    tail -n 20 "$tmp/$name.err" >&2
    exit 1
  fi
  read -r seconds["$name"] cpu["$name"] rss["$name"] < <(
    awk '{ printf "%.1f %.1f %.0f\n", $1, $2 + $3, $4 / 1024 }' "$tmp/$name.time")
  echo "  ${seconds[$name]} s, ${cpu[$name]} CPU s, peak RSS ${rss[$name]} MiB" >&2
}
per_second() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
mib() { du -sm "$1" | cut -f1; }

loadavg_before="$(cut -d' ' -f1-3 /proc/loadavg)"

iphub_log "generating $docs demo patents (seed $seed)"
run corpus "$bin" demo --patents "$docs" --seed "$seed" --jsonl "$tmp/corpus.jsonl"
run load "$bin" --data-dir "$tmp/iphub" --log-level warn demo --patents "$docs" --seed "$seed"
corpus_mb="$(($(stat -c %s "$tmp/corpus.jsonl") / 1000000))"
catch_up_line="$(grep -h '^indexed .* for search' "$tmp/load.out" | tail -1)"

# Indexing.
run index_iphub "$bin" --data-dir "$tmp/iphub" --log-level warn index rebuild
size_iphub="$(mib "$tmp/iphub/index")"
for peer in "${peers[@]}"; do
  XAPIAN_FLUSH_THRESHOLD="$xapian_flush" run "index_$peer" "$peer_dir/search_peer_$peer" index "$tmp/corpus.jsonl" "$tmp/$peer"
done
declare -A size reading
for peer in "${peers[@]}"; do
  size[$peer]="$(mib "$tmp/$peer")"
  reading[$peer]="$(sed -n 's/.*reading JSONL took \([0-9.]*\) s.*/\1/p' "$tmp/index_$peer.out")"
done
fts5_parts="$(sed -n 's/^parts: //p' "$tmp/index_fts5.out")"

# Queries: each file BENCH_RUNS times over, one process per engine.
repeat() { for ((copy = 0; copy < runs; ++copy)); do cat "$1"; done; }
repeat "$queries" >"$tmp/queries.iphub.txt"
run search_iphub "$bin" --data-dir "$tmp/iphub" --log-level warn search --batch "$tmp/queries.iphub.txt"
for peer in "${peers[@]}"; do
  repeat "bench/search_queries.$peer.txt" >"$tmp/queries.$peer.txt"
  run "search_$peer" "$peer_dir/search_peer_$peer" search "$tmp/$peer" "$tmp/queries.$peer.txt"
done
loadavg_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# The query report: per engine median / p95 / total of the best time per query,
# agreement of counts with iphub, and the per-query table.
cat >"$tmp/report.py" <<'EOF'
import csv, math, statistics, sys

lines_per_copy, runs, out_dir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
engines = ["iphub", "fts5", "xapian", "lucene"]
names = {"iphub": "iphub", "fts5": "SQLite FTS5", "xapian": "Xapian", "lucene": "Lucene++"}
query_files = {"iphub": "bench/search_queries.txt", **{e: f"bench/search_queries.{e}.txt" for e in engines[1:]}}

def notes(path):
    found = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.startswith("#") and " #~" in line:
                found[number] = line.split(" #~", 1)[1].strip()
    return found

results, rss_note = {}, {}
for engine in engines:
    best = {}
    with open(f"{out_dir}/search_{engine}.out", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            line = (int(row["line"]) - 1) % lines_per_copy + 1
            micros = int(row["microseconds"])
            entry = best.setdefault(line, {"query": row["query"], "hits": row["hits"], "error": row["error"],
                                            "micros": micros, "counts": set()})
            entry["micros"] = min(entry["micros"], micros)
            entry["counts"].add(row["hits"])
    results[engine] = best

lines = sorted(results["iphub"])
marks = {e: notes(query_files[e]) for e in engines[1:]}

def percentile(values, p):  # nearest rank
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]

summary, detail, disagreements = [], [], []
unexplained = 0
stats = {}
for engine in engines:
    rows = [results[engine][line] for line in lines if line in results[engine]]
    ok = [r for r in rows if not r["error"]]
    micros = [r["micros"] for r in ok]
    agree = sum(1 for line in lines if line in results[engine] and not results[engine][line]["error"]
                and results[engine][line]["hits"] == results["iphub"][line]["hits"])
    unstable = sum(1 for r in rows if len(r["counts"]) > 1)
    stats[engine] = {"median": statistics.median(micros) if micros else 0,
                     "p95": percentile(micros, 95) if micros else 0,
                     "total": sum(micros), "agree": agree, "errors": len(rows) - len(ok),
                     "approx": len(marks.get(engine, {})), "unstable": unstable}
fastest = {e: 0 for e in engines}
for line in lines:
    timed = [(results[e][line]["micros"], e) for e in engines
             if line in results[e] and not results[e][line]["error"]]
    fastest[min(timed)[1]] += 1

for engine in engines:
    s = stats[engine]
    agree = "—" if engine == "iphub" else f"{s['agree']} of {len(lines)}"
    approx = "—" if engine == "iphub" else str(s["approx"])
    summary.append(f"| {names[engine]} | {s['median']:.0f} | {s['p95']:.0f} | {s['total'] / 1000:.1f} | "
                   f"{fastest[engine]} | {agree} | {approx} | {s['errors']} |")

def cell(engine, line):
    r = results[engine].get(line)
    if r is None:
        return "—"
    if r["error"]:
        return f"error: {r['error'][:60]}"
    mark = ""
    if engine != "iphub":
        if r["hits"] != results["iphub"][line]["hits"]:
            mark += " ≠"
        if line in marks[engine]:
            mark += " ~"
    return f"{int(r['hits']):,} · {r['micros']:,} µs{mark}"

for line in lines:
    query = results["iphub"][line]["query"].replace("|", "\\|")
    detail.append(f"| {line} | `{query}` | " + " | ".join(cell(e, line) for e in engines) + " |")
    for engine in engines[1:]:
        r = results[engine].get(line)
        if r and (r["error"] or r["hits"] != results["iphub"][line]["hits"]):
            if line not in marks[engine]:
                unexplained += 1
            why = marks[engine].get(line, "**not an approximated query: a difference to explain**")
            got = f"error {r['error']}" if r["error"] else f"{int(r['hits']):,}"
            disagreements.append(f"  - line {line} `{query}`: {names[engine]} {got} vs iphub "
                                 f"{int(results['iphub'][line]['hits']):,} — {why}")

with open(f"{out_dir}/summary.md", "w", encoding="utf-8") as f:
    f.write("\n".join(summary) + "\n")
with open(f"{out_dir}/detail.md", "w", encoding="utf-8") as f:
    f.write("\n".join(detail) + "\n")
with open(f"{out_dir}/disagreements.md", "w", encoding="utf-8") as f:
    f.write("\n".join(disagreements) + ("\n" if disagreements else ""))
with open(f"{out_dir}/numbers.txt", "w", encoding="utf-8") as f:
    f.write(f"query_count={len(lines)}\nunexplained={unexplained}\n")
    for engine in engines:
        s = stats[engine]
        f.write(f"median_{engine}={s['median']:.0f}\np95_{engine}={s['p95']:.0f}\n"
                f"total_{engine}={s['total'] / 1000:.1f}\nfastest_{engine}={fastest[engine]}\n"
                f"unstable_{engine}={s['unstable']}\n")
EOF
python3 "$tmp/report.py" "$query_lines" "$runs" "$tmp"
declare -A report
while IFS='=' read -r key value; do report[$key]="$value"; done <"$tmp/numbers.txt"
if ((report[unexplained] == 0)); then
  same_answer="- **Same question, same answer.** Apart from the approximated queries (marked ~), every
  peer returned the same exact count as iphub, so the times compare like with like: each engine
  found every match, counted it and ranked the top 10 by its own BM25."
else
  same_answer="- **Counts.** ${report[unexplained]} count(s) differ from iphub's on queries that are not approximated
  (listed above); until each is explained, the times of those lines do not compare like with
  like. Elsewhere each engine found every match, counted it and ranked the top 10 by its own BM25."
fi
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (a > 0 ? b / a : 0) }'; }
unstable_total=$((report[unstable_iphub] + report[unstable_fts5] + report[unstable_xapian] + report[unstable_lucene]))

cpu_model="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
git_rev="$(git -C "$IPHUB_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
sqlite_version="$(pkg-config --modversion sqlite3 2>/dev/null || echo '?')"
xapian_version="$(pkg-config --modversion xapian-core 2>/dev/null || echo '?')"
lucene_version="$(pkg-config --modversion liblucene++ 2>/dev/null || echo '?')"
index_row() { # ENGINE LABEL WHAT SIZE READING
  local name="index_$1"
  printf '| %s | %s | %s | %s | %s | %s | %s MiB | %s MiB |\n' "$2" "$3" "${seconds[$name]}" \
    "${cpu[$name]}" "$5" "$(per_second "$docs" "${cpu[$name]}")" "$4" "${rss[$name]}"
}
section="$(cat <<EOF
## Search engine against SQLite FTS5, Xapian and Lucene++ (\`bench/search.sh\`)

Measured by \`bench/search.sh --docs $docs\` on $(date -u '+%Y-%m-%d %H:%M UTC') (git $git_rev, $build_note);
$(nproc) CPU(s), $cpu_model; load average before / after $loadavg_before / $loadavg_after.
Peers: SQLite $sqlite_version (FTS5), Xapian $xapian_version, Lucene++ $lucene_version (Debian 12 packages),
driven by the small programs in \`bench/search_peers/\`. Corpus: $docs synthetic patents
(\`iphub demo --patents $docs --seed $seed\`, ${corpus_mb} MB of JSONL, about 80 % Chinese, 20 % English).
The machine is shared with other engineers' builds, so wall-clock seconds stretch with the
load; CPU seconds (user + system) are the fairer measure of the work each engine did.

### Indexing

| Engine | What it indexes | Seconds | CPU s | of which reading JSONL | Docs per CPU-s | Index on disk | Peak RSS |
|---|---|---:|---:|---:|---:|---:|---:|
$(index_row iphub "iphub \`index rebuild\`" "title, abstract, claims, description, applicants, inventors, agency, numbers, IPC, CPC, dates, country, type, legal status, region; CJK bigrams + English stems and exact forms; one merged segment" "$size_iphub" "— (reads its SQLite)")
$(index_row fts5 "SQLite FTS5" "title, abstract, claims, applicants twice (trigram table + porter table over one content table); IPC, date, country in indexed tables; VACUUM" "${size[fts5]}" "${reading[fts5]} s")
$(index_row xapian "Xapian" "title, abstract, claims, applicants (CJK unigrams with positions + bigrams, English stems and exact forms); IPC at every level and country as boolean terms; date as a value; compacted" "${size[xapian]}" "${reading[xapian]} s")
$(index_row lucene "Lucene++" "title, abstract, claims, applicants (CJK bigrams, English Snowball stems only); IPC at every level and country as keywords; date as a NumericField; optimised to one segment" "${size[lucene]}" "${reading[lucene]} s")

- iphub starts from its SQLite database (reads and decodes every stored record); the peers
  start from the JSONL file, and the column "reading JSONL" is their time spent decoding it
  (nlohmann::json), which is included in their seconds. Docs per CPU-s = $docs / CPU seconds.
- iphub indexes more than the peers: the description (about a tenth of the text), inventors,
  agency, application and publication numbers, CPC, type, legal status and region, and it
  keeps an exact form beside every English stem. Its index size and time are therefore an
  upper bound against the peers'. The incremental path (\`iphub demo\` catching the index up
  in batches of 1000 while it loads) took: ${catch_up_line:-not reported}.
- FTS5 file by part: $fts5_parts ("other": the doc and IPC tables and
  their indexes). FTS5 keeps the text uncompressed (the \`text\` table, used by LIKE and as
  the content of both FTS5 tables); iphub's segments keep every field value zlib-compressed
  (for snippets and merges); Xapian and Lucene++ store only the publication number here.
- Xapian ran with XAPIAN_FLUSH_THRESHOLD=$xapian_flush. Most of its time goes into its CJK n-gram
  indexing (every Chinese character is a positional term and every bigram a term): without
  FLAG_CJK_NGRAM the same documents index about four times faster.
- FTS5 loaded in one transaction with \`journal_mode=OFF\`, \`synchronous=OFF\` and a 256 MiB page
  cache (most of its peak RSS); the others with their defaults (Lucene++: 16 MB RAM buffer).

### Queries

${report[query_count]} queries (\`bench/search_queries.txt\`): Chinese words and long phrases, English
words (stemmed), exact phrases and truncation, Boolean combinations of 3 to 8 terms, title,
abstract and applicant fields, IPC prefixes, date ranges, country, broad queries matching 20
to 80 % of the corpus (where counting and ranking every hit is the work), and four proximity
queries. Each engine ran the set $runs times in one process; each query's best time counts
(microseconds measured by the engine's driver around parsing the query, counting every hit
exactly and ranking the top 10, including fetching their publication numbers).

| Engine | Median µs | p95 µs | Total ms | Fastest on | Same count as iphub | Approximated queries | Errors |
|---|---:|---:|---:|---:|---:|---:|---:|
$(cat "$tmp/summary.md")

- Median latency relative to iphub's (above 1: slower): FTS5 $(ratio "${report[median_iphub]}" "${report[median_fts5]}")×,
  Xapian $(ratio "${report[median_iphub]}" "${report[median_xapian]}")×, Lucene++ $(ratio "${report[median_iphub]}" "${report[median_lucene]}")×. Total ms is the sum of the best times.
- Hit counts that changed between the runs of one query: $unstable_total.
- Peak RSS of the search processes: iphub ${rss[search_iphub]} MiB, FTS5 ${rss[search_fts5]} MiB, Xapian ${rss[search_xapian]} MiB,
  Lucene++ ${rss[search_lucene]} MiB. iphub maps its segment files and FTS5 ran with \`mmap_size\`, so the
  index pages they touch count in their RSS; Xapian and Lucene++ read through the page cache,
  which RSS does not show.

Counts that differ from iphub's, with the reason:

$(if [[ -s "$tmp/disagreements.md" ]]; then cat "$tmp/disagreements.md"; else echo "  - none"; fi)

<details><summary>Every query: exact hits · best time (≠ count differs from iphub's, ~ the peer's
query is the closest form, not the same semantics; see the peer's query file)</summary>

| Line | Query (iphub) | iphub | SQLite FTS5 | Xapian | Lucene++ |
|---:|---|---:|---:|---:|---:|
$(cat "$tmp/detail.md")

</details>

### What the comparison shows, and what it does not

$same_answer
- **Chinese.** All four match a Chinese word as an exact string of characters, by different
  means: iphub and Lucene++ as a phrase of overlapping bigrams, Xapian as a phrase of
  single-character terms (its bigrams carry no positions), FTS5 through trigrams. The trigram
  index cannot look up a word of two characters (电池, 图像): FTS5 answers those with a LIKE
  scan of the stored text, which is exact but reads every row: those are FTS5's slowest lines.
  SQLite 3.40's trigram index also returns no rows at all for a LIKE pattern of fewer than
  three non-ASCII characters when it is allowed to use the index, so the FTS5 file writes
  \`+zh.title LIKE '%电池%'\` (the \`+\` keeps it a plain filter).
- **English.** iphub and Xapian stem with Snowball and keep exact forms for quoted words; FTS5
  stems with Porter; Lucene++ keeps stems only (quoted English is a phrase of stems). On this
  vocabulary the counts still agree.
- **Proximity** is where the languages differ most: iphub's \`W\`/\`D\` count words and Chinese
  characters but not punctuation; FTS5's NEAR is unordered and counts trigrams; Xapian's
  QueryParser cannot put Chinese under NEAR/ADJ (an AND instead) and its NEAR takes exact
  forms; Lucene's classic syntax has only the sloppy phrase. These counts are expected to differ.
- **Codes and dates** are cheap everywhere; the peers got every IPC level as its own term
  (FTS5: an indexed column with GLOB), which is how each is usually modelled.
- **Limits.** One synthetic corpus of $docs documents with a small vocabulary (terms repeat far
  more than in real patents); single-threaded queries, one at a time, warm caches; the peers are
  driven through their C/C++ APIs without a server around them. Lucene++ is a port of Lucene
  3.0 (2009), far from today's Java Lucene; Xapian is 1.4. Re-run with
  \`bench/search.sh --docs N --write\`.
EOF
)"
printf '%s\n' "$section"
if ((write_doc)); then
  printf '%s\n' "$section" | bench_write_section "$IPHUB_ROOT/docs/benchmarks.md" search
  iphub_log "wrote the search section of docs/benchmarks.md"
fi
