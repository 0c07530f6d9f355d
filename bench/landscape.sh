#!/usr/bin/env bash
# Navigation landscapes (issue #5 §7): the time of a whole landscape report
# (PatentIndex::BuildLandscape: every chart's numbers over every hit) for the queries of
# bench/landscape_queries.txt, against the same aggregations done by SQLite GROUP BY over the
# same hits (bench/landscape_peer.py), in the same run on the same machine. Prints a Markdown
# section for docs/benchmarks.md (written there with --write: section "landscape" for 100,000
# patents, "landscape-N" otherwise).
#
# Usage: bench/landscape.sh [--write]
#   BENCH_PATENTS    demo patents (default 100000)
#   BENCH_SEED       generator seed (default 1)
#   BENCH_RUNS       runs per query; the fastest counts (default 5)
#   BENCH_DATA_DIR   a data directory already loaded with that demo corpus (iphub demo), used
#                    instead of loading one
#   BENCH_BUILD_DIR  Release build folder (default build/bench, shared with scripts/bench)
#   BENCH_BIN        an already built `iphub` to use instead of building one
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/../scripts/lib/common.sh"
# shellcheck source=scripts/lib/bench.sh
source "$(dirname "$0")/../scripts/lib/bench.sh"
cd "$IPHUB_ROOT"

write_doc=0
case "${1:-}" in
  --write) write_doc=1 ;;
  -h | --help)
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit 0
    ;;
  "") ;;
  *)
    echo "bench/landscape.sh: unknown argument '$1' (try --help)" >&2
    exit 2
    ;;
esac

patents="${BENCH_PATENTS:-100000}"
seed="${BENCH_SEED:-1}"
runs="${BENCH_RUNS:-5}"
build_dir="${BENCH_BUILD_DIR:-$IPHUB_ROOT/build/bench}"
if [[ -n "${BENCH_BIN:-}" ]]; then
  bin="$BENCH_BIN"
  build_note="the binary $BENCH_BIN"
else
  IPHUB_BUILD_TARGET=iphub iphub_cmake_build "$build_dir" -DCMAKE_BUILD_TYPE=Release -DIPHUB_TESTS=OFF
  bin="$build_dir/src/iphub/app/iphub"
  build_note="a Release build"
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/iphub-landscape.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
if [[ -n "${BENCH_DATA_DIR:-}" ]]; then
  data_dir="$BENCH_DATA_DIR"
else
  data_dir="$tmp/data"
  iphub_log "loading $patents demo patents (seed $seed) into $data_dir"
  "$bin" demo --data-dir "$data_dir" --patents "$patents" --seed "$seed" >"$tmp/demo.out" 2>"$tmp/demo.err"
fi

queries="bench/landscape_queries.txt"
grep -v '^#' "$queries" | grep -v '^$' | cut -f1 >"$tmp/engine_queries.txt"
iphub_log "iphub: $runs runs of $(wc -l <"$tmp/engine_queries.txt") landscapes"
for run in $(seq 1 "$runs"); do
  "$bin" search --data-dir "$data_dir" --batch "$tmp/engine_queries.txt" --mode landscape \
    >"$tmp/iphub_$run.csv" 2>"$tmp/iphub_$run.err"
done
iphub_log "SQLite: $runs runs of each query's aggregations"
python3 bench/landscape_peer.py "$data_dir/iphub.db" "$queries" "$runs" "$tmp/sqlite.csv" \
  2>"$tmp/sqlite.err"

section="$tmp/section.md"
python3 - "$tmp" "$runs" >"$tmp/table.md" <<'EOF'
import csv, glob, sys
tmp, runs = sys.argv[1], int(sys.argv[2])
best, hits = {}, {}
for path in glob.glob(f"{tmp}/iphub_*.csv"):
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["error"]:
                sys.exit(f"iphub: {row['query']}: {row['error']}")
            ms = int(row["microseconds"]) / 1000
            best[row["query"]] = min(best.get(row["query"], ms), ms)
            hits[row["query"]] = int(row["hits"])
print("| query | hits | iphub ms | SQLite GROUP BY ms | SQLite ÷ iphub | same hits |")
print("|---|---:|---:|---:|---:|:---:|")
with open(f"{tmp}/sqlite.csv", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        q = row["query"]
        peer = float(row["milliseconds"])
        same = "yes" if int(row["hits"]) == hits[q] else f"no ({row['hits']})"
        print(f"| `{q}` | {hits[q]:,} | {best[q]:.1f} | {peer:.1f} | {peer / best[q]:.0f}× | {same} |")
EOF
{
  printf '### Navigation landscapes, %s demo patents\n\n' "$patents"
  printf 'Measured %s with `bench/landscape.sh` (%s, %s runs per query, the fastest counts; ' \
    "$(date -u +%Y-%m-%d)" "$build_note" "$runs"
  printf 'git %s) on this 2-core machine. iphub: `iphub search --mode landscape`, the whole report ' \
    "$(git rev-parse --short HEAD)"
  printf '(filings per application, publication and grant year; applicants ranked, their years, '
  printf 'life cycle and new entrants; IPC at four levels and the co-occurrence of the top '
  printf 'subclasses; provinces, cities, countries, statuses, types, inventors; co-applicants) '
  printf 'from the query as written, hits included. SQLite: the same aggregations with GROUP BY over '
  printf 'the same hits, from indexed tables built beforehand out of the stored records (%s, not ' \
    "$(tail -1 "$tmp/sqlite.err")"
  printf 'counted), the hit set made from an equivalent SQL predicate (counted).\n\n'
  cat "$tmp/table.md"
  printf '\n'
} >"$section"
cat "$section"
if [[ $write_doc -eq 1 ]]; then
  name="landscape"
  [[ "$patents" != "100000" ]] && name="landscape-$patents"
  bench_write_section docs/benchmarks.md "$name" <"$section"
  iphub_log "wrote section $name of docs/benchmarks.md"
fi
