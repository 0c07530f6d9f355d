#!/usr/bin/env bash
# Import throughput of USPTO full-text XML (issue #3: "Import throughput of USPTO
# XML in MB/s, with peak RSS (constant whatever the file size)").
#
# Builds weekly-style files — many complete grant documents back to back, each
# with its own `<?xml …?><!DOCTYPE …>` prolog — from the two real grants in
# ../shared/data/uspto/uspto-odp/ (v4.5 and v4.7), giving every copy its own
# patent number, at two sizes (BENCH_SMALL_MB, BENCH_LARGE_MB). Then it times,
# on the same files in the same run:
#   1. `iphub import` into a new SQLite database (parse, map, upsert, commit);
#   2. a second `iphub import` of the large file (every record unchanged);
#   3. peers: `cat` (reading the bytes) and Python's expat (the C XML parser
#      behind xml.parsers.expat) parsing every document without doing anything
#      with it — a floor for "just parsing" in a widely used parser.
# Peak RSS from /usr/bin/time. Prints a Markdown section for docs/benchmarks.md (written
# there with --write).
#
# Usage: bench/import_throughput.sh [--write]   (--write: also replace its section of docs/benchmarks.md)
#   BENCH_SMALL_MB   size of the small file (default 40)
#   BENCH_LARGE_MB   size of the large file (default 320)
#   BENCH_BUILD_DIR  Release build folder (default build/bench)
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
    echo "bench/import_throughput.sh: unknown argument '$1' (try --help)" >&2
    exit 2
    ;;
esac

small_mb="${BENCH_SMALL_MB:-40}"
large_mb="${BENCH_LARGE_MB:-320}"
build_dir="${BENCH_BUILD_DIR:-$IPHUB_ROOT/build/bench}"
shared="$IPHUB_ROOT/../shared/data/uspto/uspto-odp"
iphub_ensure_apt time nodejs python3
if [[ -n "${BENCH_BIN:-}" ]]; then
  bin="$BENCH_BIN"
  build_note="\`$bin\`"
else
  IPHUB_BUILD_TARGET=iphub iphub_cmake_build "$build_dir" -DCMAKE_BUILD_TYPE=Release -DIPHUB_TESTS=OFF
  bin="$build_dir/src/iphub/app/iphub"
  build_note="Release build in \`${build_dir#"$IPHUB_ROOT"/}\`"
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/iphub-import-bench.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# make_weekly MB OUT: concatenates renumbered copies of the real grants up to MB megabytes.
make_weekly() {
  node - "$1" "$2" "$shared/grant_us10000000b2_14643719.xml" "$shared/grant_us11646472b2_17248024.xml" <<'EOF'
const fs = require('fs');
const [mb, out, ...sources] = process.argv.slice(2);
const docs = sources.map((file) => fs.readFileSync(file, 'utf8'));
const limit = Number(mb) * 1e6;
const fd = fs.openSync(out, 'w');
let written = 0;
for (let i = 0; written < limit; i++) {
  const doc = docs[i % docs.length];
  // The first <doc-number> inside <publication-reference> is the patent number.
  const at = doc.indexOf('<publication-reference');
  const open = doc.indexOf('<doc-number>', at) + '<doc-number>'.length;
  const close = doc.indexOf('</doc-number>', open);
  const text = doc.slice(0, open) + String(20000000 + i) + doc.slice(close) + '\n';
  written += fs.writeSync(fd, text);
}
fs.closeSync(fd);
EOF
}

# $tmp/expat_parse.py FILE: parses every document of a concatenated file with expat.
cat >"$tmp/expat_parse.py" <<'EOF'
import mmap, sys, xml.parsers.expat
with open(sys.argv[1], 'rb') as f:
    data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    start = data.find(b'<?xml')
    documents = 0
    while start != -1:
        end = data.find(b'<?xml', start + 5)
        parser = xml.parsers.expat.ParserCreate()
        parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.Parse(data[start:end if end != -1 else len(data)], True)
        documents += 1
        start = end
print(documents)
EOF

declare -A seconds rss
# run NAME COMMAND...: elapsed seconds and peak RSS (MiB) of the command.
run() {
  local name="$1"
  shift
  iphub_log "$name: $*"
  /usr/bin/time -f '%e %M' -o "$tmp/$name.time" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
  seconds[$name]="$(awk '{ print $1 }' "$tmp/$name.time")"
  rss[$name]="$(awk '{ printf "%.0f", $2 / 1024 }' "$tmp/$name.time")"
  echo "  ${seconds[$name]} s, peak RSS ${rss[$name]} MiB" >&2
}
mbps() { awk -v bytes="$1" -v s="$2" 'BEGIN { printf "%.1f", (s > 0 ? bytes / 1e6 / s : 0) }'; }

iphub_log "building ${small_mb} MB and ${large_mb} MB weekly files"
make_weekly "$small_mb" "$tmp/small.xml"
make_weekly "$large_mb" "$tmp/large.xml"
small_bytes="$(stat -c %s "$tmp/small.xml")"
large_bytes="$(stat -c %s "$tmp/large.xml")"
small_docs="$(grep -c '^<?xml' "$tmp/small.xml")"
large_docs="$(grep -c '^<?xml' "$tmp/large.xml")"

loadavg_before="$(cut -d' ' -f1-3 /proc/loadavg)"
run cat_large cat "$tmp/large.xml"
run expat_large python3 "$tmp/expat_parse.py" "$tmp/large.xml"
run import_small "$bin" --data-dir "$tmp/small-data" --log-level warn import "$tmp/small.xml"
run import_large "$bin" --data-dir "$tmp/large-data" --log-level warn import "$tmp/large.xml"
run reimport_large "$bin" --data-dir "$tmp/large-data" --log-level warn import "$tmp/large.xml"
loadavg_after="$(cut -d' ' -f1-3 /proc/loadavg)"
summary_large="$(grep -h '^read ' "$tmp/import_large.out" "$tmp/import_large.err" | tail -1)"
summary_reimport="$(grep -h '^read ' "$tmp/reimport_large.out" "$tmp/reimport_large.err" | tail -1)"

cpu_model="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
git_rev="$(git -C "$IPHUB_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
section="$(cat <<EOF
## Import throughput (USPTO XML)

Measured by \`bench/import_throughput.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC') (git $git_rev, $build_note);
$(nproc) CPU(s), $cpu_model; load average before / after $loadavg_before / $loadavg_after.
Input: weekly-style files of complete v4.5 and v4.7 grants (US 10,000,000 and US 11,646,472 from
\`../shared/data/uspto/uspto-odp/\`, 53 KB and 280 KB, renumbered per copy) back to back.
The import is single-threaded, SQLite in WAL mode with \`synchronous=FULL\`, one transaction per batch.

| Step | Input | Documents | Seconds | MB/s | Peak RSS |
|---|---|---:|---:|---:|---:|
| \`cat\` (reading the bytes) | $((large_bytes / 1000000)) MB | — | ${seconds[cat_large]} | $(mbps "$large_bytes" "${seconds[cat_large]}") | ${rss[cat_large]} MiB |
| Python expat, parse only | $((large_bytes / 1000000)) MB | $large_docs | ${seconds[expat_large]} | $(mbps "$large_bytes" "${seconds[expat_large]}") | ${rss[expat_large]} MiB |
| \`iphub import\`, new database | $((small_bytes / 1000000)) MB | $small_docs | ${seconds[import_small]} | $(mbps "$small_bytes" "${seconds[import_small]}") | ${rss[import_small]} MiB |
| \`iphub import\`, new database | $((large_bytes / 1000000)) MB | $large_docs | ${seconds[import_large]} | $(mbps "$large_bytes" "${seconds[import_large]}") | ${rss[import_large]} MiB |
| \`iphub import\` again (all unchanged) | $((large_bytes / 1000000)) MB | $large_docs | ${seconds[reimport_large]} | $(mbps "$large_bytes" "${seconds[reimport_large]}") | ${rss[reimport_large]} MiB |

- Import summaries: \`$summary_large\`; again: \`$summary_reimport\`.
- Peak RSS is what "constant memory" means here: the file is memory-mapped and read once in
  order (the pages read are handed back to the kernel as batches commit), one document is
  parsed at a time, and a batch (500 records or about 16 MB of text, whichever comes first)
  is held until it is committed; so memory is bounded by the batch, not by the file.
- expat only tokenises; \`iphub import\` also builds the DOM of each document (pugixml), maps it to
  the patent model, serialises the canonical JSON, hashes it and writes it with its citations.
EOF
)"
printf '%s\n' "$section"
if ((write_doc)); then
  printf '%s\n' "$section" | bench_write_section "$IPHUB_ROOT/docs/benchmarks.md" import
  iphub_log "wrote the import section of docs/benchmarks.md"
fi
