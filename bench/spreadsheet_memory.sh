#!/usr/bin/env bash
# Spreadsheet import at two sizes (issue #3: "constant memory whatever the file
# size"): throughput in MB/s and peak RSS of `iphub import` for
#   1. a UTF-8 CSV (BENCH_CSV_SMALL_MB / BENCH_CSV_LARGE_MB, default 50 / 200);
#   2. the same rows as GB18030 (what Chinese Windows tools write), converted
#      piece by piece;
#   3. an XLSX workbook whose sheet XML is BENCH_XLSX_SMALL_MB / _LARGE_MB
#      (default 25 / 100) — abstracts as inline strings, the other text as
#      shared strings (several MB of them, the large one's past the 8 MiB kept
#      in memory), dates as date-styled serial numbers, the sheet before the
#      shared strings in the archive as Excel writes it;
#   4. the CSV and the XLSX inside a .zip (deflated), as CNIPA packages come.
# Plus a one-row CSV: the floor of the process (SQLite, the allocator, the
# binary). Every row is a distinct patent with a valid CN application number,
# so each run inserts every row into a new SQLite database. The search index's
# catch-up after an import is not measured: its lock is held with flock(1), as
# a running server holds it, so `iphub import` leaves the indexing to it. Files are made by
# Python (zipfile for the workbooks). Peak RSS from /usr/bin/time. Prints a
# Markdown section for docs/benchmarks.md (written there with --write).
#
# Usage: bench/spreadsheet_memory.sh [--write]   (--write: also replace its section of docs/benchmarks.md)
#   BENCH_CSV_SMALL_MB, BENCH_CSV_LARGE_MB    CSV sizes (default 50, 200)
#   BENCH_XLSX_SMALL_MB, BENCH_XLSX_LARGE_MB  sheet XML sizes (default 25, 100)
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
    echo "bench/spreadsheet_memory.sh: unknown argument '$1' (try --help)" >&2
    exit 2
    ;;
esac

csv_small_mb="${BENCH_CSV_SMALL_MB:-50}"
csv_large_mb="${BENCH_CSV_LARGE_MB:-200}"
xlsx_small_mb="${BENCH_XLSX_SMALL_MB:-25}"
xlsx_large_mb="${BENCH_XLSX_LARGE_MB:-100}"
build_dir="${BENCH_BUILD_DIR:-$IPHUB_ROOT/build/bench}"
iphub_ensure_apt time python3
if [[ -n "${BENCH_BIN:-}" ]]; then
  bin="$BENCH_BIN"
  build_note="\`$bin\`"
else
  IPHUB_BUILD_TARGET=iphub iphub_cmake_build "$build_dir" -DCMAKE_BUILD_TYPE=Release -DIPHUB_TESTS=OFF
  bin="$build_dir/src/iphub/app/iphub"
  build_note="Release build in \`${build_dir#"$IPHUB_ROOT"/}\`"
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/iphub-sheet-bench.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# $tmp/make_sheets.py KIND MB OUT [FIRST_ROW]: writes a CSV (KIND csv or gb18030,
# MB of file) or an XLSX (KIND xlsx, MB of sheet XML) of distinct patents;
# prints "rows content_bytes" (content: the CSV, or the sheet and shared
# strings XML).
cat >"$tmp/make_sheets.py" <<'EOF'
import random, sys, zipfile

kind, megabytes, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
limit = int(megabytes * 1e6)
rng = random.Random(3)
HANZI = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]  # common CJK block
WORDS = ["传感器", "压力", "装置", "方法", "系统", "电池", "控制", "检测", "材料", "模块",
         "信号", "处理", "结构", "组件", "电路", "数据", "图像", "温度", "光学", "机械"]
APPLICANTS = ["山东大学", "华为技术有限公司", "清华大学", "中国科学院物理研究所",
              "比亚迪股份有限公司", "浙江大学", "北京京东方科技集团股份有限公司", "张三", "李四"]
IPCS = ["G01L 1/00", "H01M 10/0525", "G06F 17/30", "H04L 29/06", "B65D 81/05", "C08L 23/06"]
STATUS = ["实质审查的生效", "授权", "公开", "专利权的终止"]

def check_char(digits):
    total = sum(int(d) * w for d, w in zip(digits, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]))
    rest = total % 11
    return "X" if rest == 10 else str(rest)

def record(index):
    year = 2010 + index % 12
    serial = f"{year}1{index % 10000000:07d}"  # 12 digits: year, type 1, serial
    application = f"CN{serial}.{check_char(serial)}"
    day = 1 + index % 28
    title = "一种" + "".join(rng.choices(WORDS, k=3)) + f"及其制备方法{index}"
    abstract = "本发明公开了" + "".join(rng.choices(HANZI, k=rng.randint(180, 260))) + "。"
    applicants = ";".join(rng.sample(APPLICANTS, k=rng.randint(1, 2)))
    inventors = "、".join("".join(rng.choices(HANZI, k=rng.randint(2, 3))) for _ in range(3))
    return {
        "application": application,
        "application_date": (year, 1 + index % 12, day),
        "publication": f"CN1{index:08d}A",
        "publication_date": (year + 1, 1 + (index + 5) % 12, day),
        "title": title, "abstract": abstract, "applicants": applicants,
        "inventors": inventors, "ipc": ";".join(rng.sample(IPCS, k=2)),
        "status": STATUS[index % len(STATUS)],
    }

def iso(date):
    return f"{date[0]:04d}-{date[1]:02d}-{date[2]:02d}"

def quoted(text):
    return '"' + text.replace('"', '""') + '"'

if kind in ("csv", "gb18030"):
    encoding = "utf-8" if kind == "csv" else "gb18030"
    header = "申请号,申请日,公开（公告）号,公开（公告）日,名称,摘要,申请（专利权）人,发明人,IPC分类号,法律状态\r\n"
    rows = written = 0
    with open(out, "wb") as f:
        written += f.write(header.encode(encoding))
        while written < limit:
            r = record(rows)
            line = ",".join([r["application"], iso(r["application_date"]), r["publication"],
                             iso(r["publication_date"]), quoted(r["title"]), quoted(r["abstract"]),
                             quoted(r["applicants"]), quoted(r["inventors"]), quoted(r["ipc"]),
                             r["status"]]) + "\r\n"
            written += f.write(line.encode(encoding))
            rows += 1
    print(rows, written)
    sys.exit(0)

# XLSX
import datetime
EPOCH = datetime.date(1899, 12, 30)
def serial(date):
    return (datetime.date(*date) - EPOCH).days

def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

strings, index_of = [], {}
def shared(text):
    if text not in index_of:
        index_of[text] = len(strings)
        strings.append(text)
    return index_of[text]

COLUMNS = "ABCDEFGHIJ"
headers = ["申请号", "申请日", "公开（公告）号", "公开（公告）日", "名称", "摘要",
           "申请（专利权）人", "发明人", "IPC分类号", "法律状态"]
main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook {main} xmlns:r="{rel}"><sheets><sheet name="专利" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    z.writestr("xl/styles.xml", f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {main}><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>')
    rows = sheet_bytes = 0
    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
        def put(text):
            global sheet_bytes
            data = text.encode("utf-8")
            sheet.write(data)
            sheet_bytes += len(data)
        put(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {main}><sheetData>')
        put('<row r="1">' + "".join(f'<c r="{c}1" t="s"><v>{shared(h)}</v></c>' for c, h in zip(COLUMNS, headers)) + "</row>")
        while sheet_bytes < limit:
            r, n = record(rows), rows + 2
            put(f'<row r="{n}">'
                f'<c r="A{n}" t="s"><v>{shared(r["application"])}</v></c>'
                f'<c r="B{n}" s="1"><v>{serial(r["application_date"])}</v></c>'
                f'<c r="C{n}" t="s"><v>{shared(r["publication"])}</v></c>'
                f'<c r="D{n}" s="1"><v>{serial(r["publication_date"])}</v></c>'
                f'<c r="E{n}" t="s"><v>{shared(r["title"])}</v></c>'
                f'<c r="F{n}" t="inlineStr"><is><t>{esc(r["abstract"])}</t></is></c>'
                f'<c r="G{n}" t="s"><v>{shared(r["applicants"])}</v></c>'
                f'<c r="H{n}" t="s"><v>{shared(r["inventors"])}</v></c>'
                f'<c r="I{n}" t="s"><v>{shared(r["ipc"])}</v></c>'
                f'<c r="J{n}" t="s"><v>{shared(r["status"])}</v></c></row>\n')
            rows += 1
        put("</sheetData></worksheet>")
    sst = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {main} count="{len(strings)}" uniqueCount="{len(strings)}">'
           + "".join(f"<si><t>{esc(s)}</t></si>" for s in strings) + "</sst>").encode("utf-8")
    z.writestr("xl/sharedStrings.xml", sst)
print(rows, sheet_bytes + len(sst))
EOF

# $tmp/zip_one.py OUT FILE NAME: a .zip holding FILE as NAME, deflated.
cat >"$tmp/zip_one.py" <<'EOF'
import sys, zipfile
out, path, name = sys.argv[1:4]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
    z.write(path, name)
EOF

declare -A rows content seconds rss summary
# make NAME KIND MB: generates $tmp/NAME.(csv|xlsx).
make_file() {
  local name="$1" kind="$2" mb="$3" ext=csv
  [[ "$kind" == xlsx ]] && ext=xlsx
  iphub_log "generating $name ($kind, $mb MB)"
  read -r rows[$name] content[$name] < <(python3 "$tmp/make_sheets.py" "$kind" "$mb" "$tmp/$name.$ext")
}
# zip_file NAME FROM NAME_INSIDE: $tmp/NAME.zip holding $tmp/FROM.
zip_file() {
  iphub_log "zipping $2 into $1.zip"
  python3 "$tmp/zip_one.py" "$tmp/$1.zip" "$tmp/$2" "$3"
}
# run NAME FILE: imports FILE into a new database; elapsed seconds, peak RSS (MiB), summary.
# The search index's lock is held (flock) as a running server would hold it, so
# the import leaves the indexing to "the server": what is measured is the import.
run() {
  local name="$1" file="$2" data="$tmp/data-$1"
  iphub_log "$name: iphub import $(basename "$file") ($(du -m "$file" | cut -f1) MB)"
  mkdir -p "$data/index"
  /usr/bin/time -f '%e %M' -o "$tmp/$name.time" flock "$data/index/LOCK" \
    "$bin" --data-dir "$data" --log-level warn import "$file" >"$tmp/$name.out" 2>"$tmp/$name.err"
  seconds[$name]="$(awk '{ print $1 }' "$tmp/$name.time")"
  rss[$name]="$(awk '{ printf "%.0f", $2 / 1024 }' "$tmp/$name.time")"
  summary[$name]="$(grep -h '^read ' "$tmp/$name.out" "$tmp/$name.err" | tail -1 | cut -d, -f1-5)"
  echo "  ${seconds[$name]} s, peak RSS ${rss[$name]} MiB; ${summary[$name]}" >&2
  rm -rf "$data"
}
mbps() { awk -v bytes="$1" -v s="$2" 'BEGIN { printf "%.1f", (s > 0 ? bytes / 1e6 / s : 0) }'; }
mb() { awk -v bytes="$1" 'BEGIN { printf "%.0f", bytes / 1e6 }'; }
file_mb() { mb "$(stat -c %s "$1")"; }

printf '申请号,公开（公告）号,名称\nCN201410513187.5,CN104223590A,一种压力传感器\n' >"$tmp/floor.csv"
make_file csv_small csv "$csv_small_mb"
make_file csv_large csv "$csv_large_mb"
make_file gbk_small gb18030 "$csv_small_mb"
make_file gbk_large gb18030 "$csv_large_mb"
make_file xlsx_small xlsx "$xlsx_small_mb"
make_file xlsx_large xlsx "$xlsx_large_mb"
for size in small large; do
  zip_file "zcsv_$size" "csv_$size.csv" "导出/专利.csv"
  zip_file "zxlsx_$size" "xlsx_$size.xlsx" "导出/专利.xlsx"
  rows[zcsv_$size]="${rows[csv_$size]}"
  content[zcsv_$size]="${content[csv_$size]}"
  rows[zxlsx_$size]="${rows[xlsx_$size]}"
  content[zxlsx_$size]="${content[xlsx_$size]}"
done

loadavg_before="$(cut -d' ' -f1-3 /proc/loadavg)"
run floor "$tmp/floor.csv"
for size in small large; do
  run "csv_$size" "$tmp/csv_$size.csv"
  run "gbk_$size" "$tmp/gbk_$size.csv"
  run "xlsx_$size" "$tmp/xlsx_$size.xlsx"
  run "zcsv_$size" "$tmp/zcsv_$size.zip"
  run "zxlsx_$size" "$tmp/zxlsx_$size.zip"
done
loadavg_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# row LABEL NAME FILE: a table row.
row() {
  local label="$1" name="$2" file="$3"
  printf '| %s | %s MB | %s MB | %s | %s | %s | %s MiB |\n' "$label" "$(file_mb "$file")" \
    "$(mb "${content[$name]}")" "${rows[$name]}" "${seconds[$name]}" \
    "$(mbps "${content[$name]}" "${seconds[$name]}")" "${rss[$name]}"
}

cpu_model="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
git_rev="$(git -C "$IPHUB_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
section="$(cat <<EOF
## Spreadsheet import: memory at two sizes (CSV, GB18030, XLSX, in a .zip)

Measured by \`bench/spreadsheet_memory.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC') (git $git_rev, $build_note);
$(nproc) CPU(s), $cpu_model; load average before / after $loadavg_before / $loadavg_after.
Input: generated exports of distinct CN patents (valid application numbers, 200–260-character
Chinese abstracts, ten columns as CNIPA/incoPat name them); each run is \`iphub import FILE\` into a
new SQLite database (WAL, \`synchronous=FULL\`, a transaction per 500 rows), every row inserted.
The search index's lock is held meanwhile (\`flock\`, as a running server holds it), so the
import leaves the indexing to "the server": the numbers are the import's, not the index's.

| Input | File | Content | Rows | Seconds | MB/s | Peak RSS |
|---|---:|---:|---:|---:|---:|---:|
| one-row CSV (the process's floor) | 0 MB | 0 MB | 1 | ${seconds[floor]} | — | ${rss[floor]} MiB |
$(row "CSV, UTF-8" csv_small "$tmp/csv_small.csv")
$(row "CSV, UTF-8" csv_large "$tmp/csv_large.csv")
$(row "CSV, GB18030" gbk_small "$tmp/gbk_small.csv")
$(row "CSV, GB18030" gbk_large "$tmp/gbk_large.csv")
$(row "XLSX" xlsx_small "$tmp/xlsx_small.xlsx")
$(row "XLSX" xlsx_large "$tmp/xlsx_large.xlsx")
$(row "CSV in a .zip" zcsv_small "$tmp/zcsv_small.zip")
$(row "CSV in a .zip" zcsv_large "$tmp/zcsv_large.zip")
$(row "XLSX in a .zip" zxlsx_small "$tmp/zxlsx_small.zip")
$(row "XLSX in a .zip" zxlsx_large "$tmp/zxlsx_large.zip")

- *Content* is what is parsed: the CSV's bytes, or the workbook's sheet and shared-strings XML
  (the sheet XML is ${xlsx_small_mb} / ${xlsx_large_mb} MB of it); MB/s is content per second.
  Import summaries of the large files: CSV \`${summary[csv_large]}\`; XLSX \`${summary[xlsx_large]}\`.
- Peak RSS does not follow the file size: CSV and GB18030 are decoded and split a piece at a
  time with the mapped file's pages handed back (every 8 MiB) as batches commit; the XLSX sheet
  and shared strings are read as their XML is inflated (a streaming reader, no DOM); a CSV in a
  .zip is inflated as a stream, an XLSX in a .zip is extracted to a temporary file and read
  like a file. What remains is the batch being committed (500 rows), SQLite's cache, up to
  8 MiB of mapped pages not yet handed back, and for XLSX up to 8 MiB of shared strings: the
  small workbook's few MB of them are all in memory, the large one's fill those 8 MiB and the
  rest goes to a temporary file — hence its few MiB more, which a larger workbook would not add
  to.
- The time is mostly the database: mapping rows to records, the canonical JSON, its hash and
  the upserts with their indexes; GB18030 adds the conversion, XLSX the inflating and XML.
EOF
)"
printf '%s\n' "$section"
if ((write_doc)); then
  printf '%s\n' "$section" | bench_write_section "$IPHUB_ROOT/docs/benchmarks.md" spreadsheet-memory
  iphub_log "wrote the spreadsheet-memory section of docs/benchmarks.md"
fi
