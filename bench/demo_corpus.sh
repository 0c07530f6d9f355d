#!/usr/bin/env bash
# Times the synthetic patent generator (`iphub demo --patents`, issue #3 §3):
#   1. generating BENCH_GENERATE documents (default 1,000,000) in memory, no database;
#   2. the same documents encoded as JSONL (the canonical record) and discarded;
#   3. loading BENCH_LOAD documents (default 50,000) into a new SQLite database
#      (upserts in transactions of 1000, as `scripts/run` does), then loading
#      them again (every document found unchanged).
# Prints a Markdown section for docs/benchmarks.md (written there with --write).
#
# Usage: bench/demo_corpus.sh [--write]   (--write: also replace its section of docs/benchmarks.md)
#   BENCH_GENERATE   documents generated in memory (default 1000000)
#   BENCH_LOAD       documents loaded into SQLite (default 50000)
#   BENCH_SEED       generator seed (default 1)
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
    echo "bench/demo_corpus.sh: unknown argument '$1' (try --help)" >&2
    exit 2
    ;;
esac

generate="${BENCH_GENERATE:-1000000}"
load="${BENCH_LOAD:-50000}"
seed="${BENCH_SEED:-1}"
build_dir="${BENCH_BUILD_DIR:-$IPHUB_ROOT/build/bench}"
if [[ -n "${BENCH_BIN:-}" ]]; then
  bin="$BENCH_BIN"
  build_note="\`$bin\`"
else
  IPHUB_BUILD_TARGET=iphub iphub_cmake_build "$build_dir" -DCMAKE_BUILD_TYPE=Release -DIPHUB_TESTS=OFF
  bin="$build_dir/src/iphub/app/iphub"
  build_note="Release build in \`${build_dir#"$IPHUB_ROOT"/}\`"
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/iphub-corpus-bench.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# run NAME COMMAND...: runs the command, keeps its summary line and peak RSS.
declare -A line rss
run() {
  local name="$1"
  shift
  iphub_log "$name: $*"
  /usr/bin/time -f '%M' -o "$tmp/$name.rss" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
  line[$name]="$(grep '^Demo patents' "$tmp/$name.out" "$tmp/$name.err" | tail -1 | cut -d: -f2-)"
  rss[$name]="$(awk '{ printf "%.0f", $1 / 1024 }' "$tmp/$name.rss")"
  echo "  ${line[$name]}  (peak RSS ${rss[$name]} MiB)" >&2
}
rate() { sed -n 's/.*(\([0-9]*\) docs\/s).*/\1/p' <<<"${line[$1]}"; }
secs() { sed -n 's/.* in \([0-9.]*\) s.*/\1/p' <<<"${line[$1]}"; }

loadavg_before="$(cut -d' ' -f1-3 /proc/loadavg)"
run generate "$bin" demo --patents "$generate" --seed "$seed" --dry-run
run jsonl "$bin" demo --patents "$generate" --seed "$seed" --jsonl /dev/null
run load "$bin" --data-dir "$tmp/data" --log-level warn demo --patents "$load" --seed "$seed"
run reload "$bin" --data-dir "$tmp/data" --log-level warn demo --patents "$load" --seed "$seed"
loadavg_after="$(cut -d' ' -f1-3 /proc/loadavg)"
db_mib="$(du -m "$tmp/data/iphub.db" | cut -f1)"

cpu_model="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
git_rev="$(git -C "$IPHUB_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
section="$(cat <<EOF
## Demo patent corpus (\`iphub demo --patents\`)

Measured by \`bench/demo_corpus.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC') (git $git_rev, $build_note);
$(nproc) CPU(s), $cpu_model; load average before / after $loadavg_before / $loadavg_after.
The generator is single-threaded; seed $seed.

| Step | Command | Documents | Seconds | Documents/s | Peak RSS |
|---|---|---:|---:|---:|---:|
| Generate in memory | \`iphub demo --patents $generate --dry-run\` | $generate | $(secs generate) | $(rate generate) | ${rss[generate]} MiB |
| Generate + encode JSONL | \`iphub demo --patents $generate --jsonl /dev/null\` | $generate | $(secs jsonl) | $(rate jsonl) | ${rss[jsonl]} MiB |
| Load into new SQLite | \`iphub demo --patents $load\` | $load | $(secs load) | $(rate load) | ${rss[load]} MiB |
| Load again (all unchanged) | same again | $load | $(secs reload) | $(rate reload) | ${rss[reload]} MiB |

The SQLite database holds $db_mib MiB after the load (demo accounts included). Loading is
bound by the store: JSON encoding and SHA-256 of every record, one SELECT per document and,
for new ones, the INSERTs of the record, its citations and its change-log row. Re-run with
\`bench/demo_corpus.sh\` (\`BENCH_GENERATE\`, \`BENCH_LOAD\` to change the sizes).
EOF
)"
printf '%s\n' "$section"
if ((write_doc)); then
  printf '%s\n' "$section" | bench_write_section "$IPHUB_ROOT/docs/benchmarks.md" demo-corpus
  iphub_log "wrote the demo-corpus section of docs/benchmarks.md"
fi
