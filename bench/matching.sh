#!/usr/bin/env bash
# Supply–demand matching (issue #6 §4 and §10): quality on a labelled set of demands and the
# time to match one demand against a large corpus. Builds bench/matching/matching_bench, which
# loads the deterministic demo corpus (`iphub demo --patents N`, seed 1) size by size into a
# SQLite database, indexes it, builds the similar-patents model, and then
#   - at each BENCH_EVAL_SIZES size: ranks the 30 plain-language demands of
#     bench/matching/demands.jsonl with the matcher (MatchService::Rank) and with a baseline
#     (BM25 over the demand's character bigrams and words, ORed, in force only) and prints
#     precision@10 and recall@50 per demand and overall;
#   - at each BENCH_SIZES size: times MatchService::Rank (limit 20) over every demand
#     BENCH_RUNS times and prints the median and p95 in milliseconds.
# Labels come from the generator, never from the matcher or the index: an application is
# relevant to a demand when a publication of it is in force and its title, abstract or claims
# hold one of the demand's `relevant_if` phrases (bench/matching/README.md).
#
# Usage: bench/matching.sh
#   BENCH_SIZES       corpus sizes to time, comma-separated (default 10000,100000)
#   BENCH_EVAL_SIZES  sizes at which quality is measured (default 10000,100000)
#   BENCH_RUNS        timed passes over the demands per size (default 3)
#   BENCH_BUILD_DIR   build folder (default build/bench, configured Release with IPHUB_BENCH=ON)
#   BENCH_BIN         an already built matching_bench to use instead
#   BENCH_WORK        where the database and index go (default: a temporary folder, removed);
#                     a kept folder is reused: the corpus is topped up, not loaded again
#   BENCH_REUSE_MODEL when set (to anything): keep the similar-patents model saved in BENCH_WORK by an earlier run
#                     (only valid when the corpus size is the same), instead of building it
set -euo pipefail
# shellcheck source=scripts/lib/common.sh
source "$(dirname "$0")/../scripts/lib/common.sh"
cd "$IPHUB_ROOT"

case "${1:-}" in
  -h | --help)
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit 0
    ;;
  "") ;;
  *)
    echo "bench/matching.sh: unknown argument '$1' (try --help)" >&2
    exit 2
    ;;
esac

sizes="${BENCH_SIZES:-10000,100000}"
eval_sizes="${BENCH_EVAL_SIZES:-10000,100000}"
runs="${BENCH_RUNS:-3}"
build_dir="${BENCH_BUILD_DIR:-$IPHUB_ROOT/build/bench}"
if [[ -n "${BENCH_BIN:-}" ]]; then
  bin="$BENCH_BIN"
else
  if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
    cmake -S "$IPHUB_ROOT" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DIPHUB_TESTS=OFF >/dev/null
  fi
  cmake -S "$IPHUB_ROOT" -B "$build_dir" -DIPHUB_BENCH=ON >/dev/null
  iphub_log "building matching_bench in ${build_dir#"$IPHUB_ROOT"/}"
  cmake --build "$build_dir" -j "$(iphub_jobs)" --target matching_bench
  bin="$build_dir/bench/matching/matching_bench"
fi

if [[ -n "${BENCH_WORK:-}" ]]; then
  work="$BENCH_WORK"
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/iphub-matching.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
fi

iphub_log "matching: sizes $sizes, quality at $eval_sizes"
echo "Measured on $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) CPU(s); load average $(cut -d' ' -f1-3 /proc/loadavg)."
echo
"$bin" --work "$work" --demands bench/matching/demands.jsonl --sizes "$sizes" \
  --eval-sizes "$eval_sizes" --runs "$runs" --seed 1 \
  ${BENCH_REUSE_MODEL:+--reuse-model}
