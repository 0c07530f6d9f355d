#!/usr/bin/env bash
# The valuation backtest (issue #5 §3, docs/valuation.md "Backtest"): loads the synthetic demo
# corpus into a fresh SQLite data directory and runs `iphub valuation backtest`, which values
# the corpus as known on N-12-31 and tabulates, per grade and per decile of the score, how
# many of the CN grants in force then were still in force on (N+horizon)-12-31.
# Prints a Markdown section for docs/valuation.md (written there with --write).
#
# Usage: bench/valuation_backtest.sh [--write]   (--write: also replace its section of docs/valuation.md)
#   BENCH_PATENTS    demo patents loaded (default 20000)
#   BENCH_SEED       generator seed (default 1)
#   BENCH_YEAR       N (default: the CLI's, the latest year whose outcome day has passed)
#   BENCH_HORIZON    horizon in years (default 5)
#   BENCH_SCENARIO   weights (default portfolio_grading)
#   BENCH_DATA_DIR   a data directory already loaded with that demo corpus, used instead of loading one
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
    echo "bench/valuation_backtest.sh: unknown argument '$1' (try --help)" >&2
    exit 2
    ;;
esac

patents="${BENCH_PATENTS:-20000}"
seed="${BENCH_SEED:-1}"
horizon="${BENCH_HORIZON:-5}"
scenario="${BENCH_SCENARIO:-portfolio_grading}"
build_dir="${BENCH_BUILD_DIR:-$IPHUB_ROOT/build/bench}"
if [[ -n "${BENCH_BIN:-}" ]]; then
  bin="$BENCH_BIN"
else
  IPHUB_BUILD_TARGET=iphub iphub_cmake_build "$build_dir" -DCMAKE_BUILD_TYPE=Release -DIPHUB_TESTS=OFF
  bin="$build_dir/src/iphub/app/iphub"
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/iphub-backtest.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
if [[ -n "${BENCH_DATA_DIR:-}" ]]; then
  data_dir="$BENCH_DATA_DIR"
  corpus_note="the demo corpus, \`iphub demo --patents $patents --seed $seed\` loaded beforehand (SQLite)"
else
  data_dir="$tmp/data"
  iphub_log "loading $patents demo patents (seed $seed) into $data_dir"
  "$bin" demo --data-dir "$data_dir" --patents "$patents" --seed "$seed" >"$tmp/demo.out" 2>"$tmp/demo.err"
  corpus_note="the demo corpus, \`iphub demo --patents $patents --seed $seed\` (SQLite)"
fi

args=(valuation backtest --data-dir "$data_dir" --horizon "$horizon" --scenario "$scenario")
[[ -n "${BENCH_YEAR:-}" ]] && args+=(--year "$BENCH_YEAR")
iphub_log "iphub ${args[*]}"
"$bin" "${args[@]}" >"$tmp/backtest.md" 2>"$tmp/backtest.err"
seconds="$(sed -n 's/.* in \([0-9.]*\) s$/\1/p' "$tmp/backtest.err" | tail -1)"

section="$tmp/section.md"
{
  printf '### Backtest on %s\n\n' "$corpus_note"
  printf 'Measured %s with `bench/valuation_backtest.sh` (%s s on this 2-core machine).\n\n' \
    "$(date -u +%Y-%m-%d)" "${seconds:-?}"
  cat "$tmp/backtest.md"
  printf '\n'
} >"$section"
cat "$section"
if [[ $write_doc -eq 1 ]]; then
  bench_write_section docs/valuation.md "valuation-backtest-$patents" <"$section"
  iphub_log "wrote section valuation-backtest-$patents of docs/valuation.md"
fi
