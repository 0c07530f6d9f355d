#!/usr/bin/env bash
# The search engine against Xapian, Lucene++, SQLite FTS5 and PostgreSQL (issue #4 §4);
# run as `scripts/bench engine [options]` (or this file directly).
#
# Generates the synthetic demo corpus (`iphub demo --patents N`), once into an
# iphub data directory (SQLite + search index) and once as JSONL for the peers,
# then, in one run on the same documents:
#   1. counts the raw text (the UTF-8 bytes of title, abstract, claims and applicant
#      names in the JSONL) and the true count of each one-word Chinese query
#      (a substring scan), in bench/search_report.py;
#   2. indexes the corpus with each engine: `iphub index rebuild --no-similar` (the
#      search index alone, without the similar-patents model) and the programs in
#      bench/search_peers/ (search_peer_fts5, _xapian, _lucene, _pg; PostgreSQL 15 in a
#      throw-away cluster on loopback, scripts/lib/postgres.sh); reports seconds, CPU
#      seconds, MB/s of raw text, index size against the raw text, peak RSS;
#   3. runs the query set bench/search_queries.txt (iphub's language, grouped by
#      `#class` lines) and its line-for-line translations
#      bench/search_queries.{fts5,xapian,lucene,pg}.txt in each mode — count (exact
#      count only), top10 (count + the 10 best by relevance), facets (count + year,
#      IPC subclass and applicant over every hit) — once to warm up and BENCH_RUNS
#      times measured, one process per engine and mode;
#   4. prints the Markdown section for docs/benchmarks.md: p50 / p99 per class and
#      mode per engine, iphub against the fastest peer, the issue's targets (met or
#      not), and where counts or facets differ from iphub's, with the reason.
#
# Usage: bench/search.sh [--docs N] [--write] [--peers LIST] [--modes LIST]
#   --docs N         documents in the corpus (default 100000: about 12 minutes on the
#                    shared 2-core VM at a load of 3 to 4, plus the build; Xapian's
#                    indexing is 4 of them). 1000000 works the same way, with
#                    --peers fts5,lucene,pg: expect 1.5 to 2 hours (the FTS5 and
#                    PostgreSQL scans of 2-character words dominate) and about 20 GB
#                    in $TMPDIR; Xapian alone would index for well over an hour
#   --write          also replace the search section of docs/benchmarks.md ("search" for
#                    100000 documents, "search-N" for N; only from a
#                    run of 100000 documents or more; BENCH_FORCE_WRITE=1 overrides)
#   --peers LIST     comma-separated peers (default fts5,xapian,lucene,pg)
#   --modes LIST     comma-separated modes (default count,top10,facets)
#   BENCH_SEED       generator seed (default 1)
#   BENCH_RUNS       measured runs of each query set per mode (default 3)
#   BENCH_XAPIAN_FLUSH_THRESHOLD  documents Xapian buffers before it flushes (default
#                    1000; Xapian's own default, 10000, indexed 1.5x slower here)
#   BENCH_BUILD_DIR  Release build folder (default build/bench, configured with
#                    -DIPHUB_BENCH=ON so the peers build there too)
#   BENCH_BIN        an already built `iphub` to use instead of building one
#   BENCH_KEEP_TMP=1 keep the temporary folder (corpus, indexes, every CSV; the
#                    report again: bench/search_report.py report DIR)
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/../scripts/lib/common.sh"
# shellcheck source=scripts/lib/bench.sh
source "$(dirname "$0")/../scripts/lib/bench.sh"
# shellcheck source=scripts/lib/postgres.sh
source "$(dirname "$0")/../scripts/lib/postgres.sh"
cd "$IPHUB_ROOT"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
docs=100000
write_doc=0
peers_list="fts5,xapian,lucene,pg"
modes_list="count,top10,facets"
while (($# > 0)); do
  case "$1" in
    --write) write_doc=1 ;;
    --docs | --peers | --modes)
      [[ $# -ge 2 ]] || { echo "bench/search.sh: $1 needs a value" >&2; exit 2; }
      case "$1" in
        --docs) docs="$2" ;;
        --peers) peers_list="$2" ;;
        --modes) modes_list="$2" ;;
      esac
      shift
      ;;
    --docs=*) docs="${1#--docs=}" ;;
    --peers=*) peers_list="${1#--peers=}" ;;
    --modes=*) modes_list="${1#--modes=}" ;;
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
IFS=', ' read -r -a peers <<<"$peers_list"
IFS=', ' read -r -a modes <<<"$modes_list"
for peer in "${peers[@]}"; do
  [[ "$peer" =~ ^(fts5|xapian|lucene|pg)$ ]] ||
    { echo "bench/search.sh: unknown peer '$peer' (fts5, xapian, lucene, pg)" >&2; exit 2; }
done
for mode in "${modes[@]}"; do
  [[ "$mode" =~ ^(count|top10|facets)$ ]] ||
    { echo "bench/search.sh: unknown mode '$mode' (count, top10, facets)" >&2; exit 2; }
done
if ((write_doc && docs < 100000)) && [[ -z "${BENCH_FORCE_WRITE:-}" ]]; then
  echo "bench/search.sh: --write wants a run of at least 100000 documents (BENCH_FORCE_WRITE=1 overrides)" >&2
  exit 2
fi
has_peer() { [[ " ${peers[*]} " == *" $1 "* ]]; }

seed="${BENCH_SEED:-1}"
runs="${BENCH_RUNS:-3}"
xapian_flush="${BENCH_XAPIAN_FLUSH_THRESHOLD:-1000}"
build_dir="${BENCH_BUILD_DIR:-$IPHUB_ROOT/build/bench}"
engines=(iphub "${peers[@]}")

# Debian packages this benchmark needs beyond IPHUB_BUILD_PACKAGES: the peers'
# libraries and server, GNU time (peak RSS) and Python (the report).
BENCH_SEARCH_PACKAGES=(time python3 procps libxapian-dev liblucene++-dev)
has_peer pg && BENCH_SEARCH_PACKAGES+=(postgresql-15)
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
  IPHUB_BUILD_TARGET=iphub iphub_cmake_build "$build_dir" "${build_options[@]}" >&2
  bin="$build_dir/src/iphub/app/iphub"
  build_note="Release build in \`${build_dir#"$IPHUB_ROOT"/}\`"
fi
for peer in "${peers[@]}"; do
  IPHUB_BUILD_TARGET="search_peer_$peer" iphub_cmake_build "$build_dir" "${build_options[@]}" >&2
done
peer_dir="$build_dir/bench/search_peers"

# The query files: the same number of lines and the same '#class' lines everywhere.
queries=bench/search_queries.txt
query_lines="$(wc -l <"$queries")"
for peer in "${peers[@]}"; do
  file="bench/search_queries.$peer.txt"
  if [[ "$(wc -l <"$file")" != "$query_lines" ]]; then
    echo "bench/search.sh: $file must have the $query_lines lines of $queries" >&2
    exit 1
  fi
  if ! cmp -s <(grep -n '^#class ' "$queries") <(grep -n '^#class ' "$file"); then
    echo "bench/search.sh: the '#class' lines of $file differ from those of $queries" >&2
    exit 1
  fi
done

tmp="$(mktemp -d "${TMPDIR:-/tmp}/iphub-search-bench.XXXXXX")"
cleanup() {
  local status=$?
  pg_stop
  if [[ -n "${BENCH_KEEP_TMP:-}" ]]; then
    iphub_log "kept $tmp"
  else
    rm -rf "$tmp"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

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
bytes_of() { du -sb "$1" | cut -f1; }

# --- PostgreSQL: a throw-away cluster; the database `bench` with LC_CTYPE C.UTF-8
# (pg_trgm takes Han characters as letters only then) and byte order (LC_COLLATE C).
pg_url=""
pg_psql() { "$IPHUB_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$IPHUB_PG_PORT" -U "$pg_user" "$@"; }
# CPU seconds of the whole server so far: the live processes and the exited ones
# (a backend's time goes to the postmaster's cutime/cstime when it is reaped).
pg_cpu_seconds() {
  local postmaster ticks=0 pid fields
  postmaster="$(head -1 "$IPHUB_PG_DIR/data/postmaster.pid")"
  for pid in "$postmaster" $(pgrep -P "$postmaster"); do
    fields="$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null)" || continue
    read -r -a f <<<"$fields"
    ticks=$((ticks + f[11] + f[12]))
    [[ "$pid" == "$postmaster" ]] && ticks=$((ticks + f[13] + f[14]))
  done
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }'
}
if has_peer pg; then
  pg_start
  pg_user="${IPHUB_TEST_PG_URL#postgresql://}"
  pg_user="${pg_user%%@*}"
  pg_psql -d postgres <<'SQL'
ALTER SYSTEM SET shared_buffers = '1GB';
ALTER SYSTEM SET maintenance_work_mem = '512MB';
ALTER SYSTEM SET work_mem = '64MB';
ALTER SYSTEM SET max_parallel_workers_per_gather = 0;
ALTER SYSTEM SET max_parallel_maintenance_workers = 0;
ALTER SYSTEM SET jit = off;
CREATE DATABASE bench TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8';
SQL
  # shared_buffers takes a restart (pg_ctl reuses the options pg_start gave).
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$IPHUB_PG_BIN/pg_ctl" -D "$IPHUB_PG_DIR/data" -w restart >/dev/null
  else
    "$IPHUB_PG_BIN/pg_ctl" -D "$IPHUB_PG_DIR/data" -w restart >/dev/null
  fi
  pg_url="postgresql://$pg_user@127.0.0.1:$IPHUB_PG_PORT/bench"
fi
# Where each peer's index lives: a directory, or PostgreSQL's database.
peer_target() { if [[ "$1" == pg ]]; then echo "$pg_url"; else echo "$tmp/$1"; fi; }

loadavg_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- The corpus.
iphub_log "generating $docs demo patents (seed $seed)"
run corpus "$bin" demo --patents "$docs" --seed "$seed" --jsonl "$tmp/corpus.jsonl"
run load "$bin" --data-dir "$tmp/iphub" --log-level warn demo --patents "$docs" --seed "$seed"
catch_up_line="$(grep -h '^indexed .* for search' "$tmp/load.out" | tail -1)"
iphub_log "raw text and the true counts of one-word Chinese queries"
python3 bench/search_report.py scan "$tmp/corpus.jsonl" "$queries" "$tmp/scan.json"

# --- Indexing.
declare -A index_bytes index_seconds index_cpu index_rss index_reading
# The search index only: not the similar-patents model (a separate feature that
# `index rebuild` also builds, into index/similar/, unless told not to).
run index_iphub "$bin" --data-dir "$tmp/iphub" --log-level warn index rebuild --no-similar
index_bytes[iphub]="$(bytes_of "$tmp/iphub/index/patents")"
for peer in "${peers[@]}"; do
  [[ "$peer" == pg ]] && pg_before="$(pg_cpu_seconds)"
  XAPIAN_FLUSH_THRESHOLD="$xapian_flush" run "index_$peer" \
    "$peer_dir/search_peer_$peer" index "$tmp/corpus.jsonl" "$(peer_target "$peer")"
  index_reading[$peer]="$(sed -n 's/.*reading JSONL took \([0-9.]*\) s.*/\1/p' "$tmp/index_$peer.out")"
  if [[ "$peer" == pg ]]; then
    sleep 1 # the backend has exited; let the postmaster reap it
    cpu[index_pg]="$(awk -v a="${cpu[index_pg]}" -v b="$pg_before" -v c="$(pg_cpu_seconds)" \
      'BEGIN { printf "%.1f", a + c - b }')"
    index_bytes[pg]="$(sed -n 's/^size_bytes: //p' "$tmp/index_pg.out")"
    rss[index_pg]="$(sed -n 's/^server peak RSS: \([0-9]*\) MiB/\1/p' "$tmp/index_pg.err" | tail -1)"
  else
    index_bytes[$peer]="$(bytes_of "$tmp/$peer")"
  fi
done
for engine in "${engines[@]}"; do
  index_seconds[$engine]="${seconds[index_$engine]}"
  index_cpu[$engine]="${cpu[index_$engine]}"
  index_rss[$engine]="${rss[index_$engine]}"
done

# --- Queries: per mode and engine, the file once to warm up and BENCH_RUNS more times.
repeat() { for ((copy = 0; copy <= runs; ++copy)); do cat "$1"; done; }
repeat "$queries" >"$tmp/queries.iphub.txt"
for peer in "${peers[@]}"; do repeat "bench/search_queries.$peer.txt" >"$tmp/queries.$peer.txt"; done
for mode in "${modes[@]}"; do
  run "search_iphub_$mode" "$bin" --data-dir "$tmp/iphub" --log-level warn search \
    --mode "$mode" --batch "$tmp/queries.iphub.txt"
  for peer in "${peers[@]}"; do
    run "search_${peer}_$mode" "$peer_dir/search_peer_$peer" search "$(peer_target "$peer")" \
      "$tmp/queries.$peer.txt" --mode "$mode"
    if [[ "$peer" == pg ]]; then
      rss[search_pg_$mode]="$(sed -n 's/^server peak RSS: \([0-9]*\) MiB/\1/p' "$tmp/search_pg_$mode.err" | tail -1)"
    fi
  done
done
loadavg_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- The report.
versions=()
has_peer xapian && versions+=("Xapian $(pkg-config --modversion xapian-core 2>/dev/null || echo '?')")
has_peer lucene && versions+=("Lucene++ $(pkg-config --modversion liblucene++ 2>/dev/null || echo '?')")
has_peer fts5 && versions+=("SQLite $(pkg-config --modversion sqlite3 2>/dev/null || echo '?') (FTS5)")
has_peer pg && versions+=("PostgreSQL $(pg_psql -d bench -Atc 'SHOW server_version' | cut -d' ' -f1) (tsvector, pg_trgm)")
{
  echo "docs=$docs"
  echo "seed=$seed"
  echo "runs=$runs"
  echo "peers=${peers[*]}"
  echo "modes=${modes[*]}"
  echo "query_file_lines=$query_lines"
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "git=$(git -C "$IPHUB_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "build_note=$build_note"
  echo "nproc=$(nproc)"
  echo "cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "load_before=$loadavg_before"
  echo "load_after=$loadavg_after"
  printf 'versions='
  for ((at = 0; at < ${#versions[@]}; ++at)); do
    ((at == 0)) || printf ', '
    printf '%s' "${versions[at]}"
  done
  echo
  echo "corpus_bytes=$(stat -c %s "$tmp/corpus.jsonl")"
  echo "catch_up_line=$catch_up_line"
  echo "xapian_flush=$xapian_flush"
  has_peer fts5 && echo "fts5_parts=$(sed -n 's/^parts: //p' "$tmp/index_fts5.out")"
  has_peer pg && echo "pg_parts=$(sed -n 's/^parts: //p' "$tmp/index_pg.out" | sed 's/,$//')"
  for engine in "${engines[@]}"; do
    echo "index_${engine}_bytes=${index_bytes[$engine]}"
    echo "index_${engine}_seconds=${index_seconds[$engine]}"
    echo "index_${engine}_cpu=${index_cpu[$engine]}"
    echo "index_${engine}_rss=${index_rss[$engine]}"
    echo "index_${engine}_reading=${index_reading[$engine]:-}"
    for mode in "${modes[@]}"; do echo "search_${engine}_${mode}_rss=${rss[search_${engine}_$mode]}"; done
  done
} >"$tmp/meta.env"
section="$(python3 bench/search_report.py report "$tmp")"
printf '%s\n' "$section"
if ((write_doc)); then
  # One section per corpus size: the 100,000 run (every peer) and the 1,000,000 run stand side by side.
  name=search
  ((docs == 100000)) || name="search-$docs"
  printf '%s\n' "$section" | bench_write_section "$IPHUB_ROOT/docs/benchmarks.md" "$name"
  iphub_log "wrote the $name section of docs/benchmarks.md"
fi
