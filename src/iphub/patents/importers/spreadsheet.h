// Importer for spreadsheets of patent records — CSV/TSV and XLSX as the Chinese
// patent databases export them (CNIPA 专利检索及分析系统, incoPat, 智慧芽
// PatSnap, SooPAT, 佰腾) and as our template has them
// (docs/formats/patent-spreadsheet.md, web/public/templates/patent-import-template.csv).
//
// A sheet is a header row and one patent per row after it. Columns are found by
// their header, matched against a table of Chinese and English aliases
// ("公开(公告)号", "公开（公告）号", "公开号", "Publication Number" …) ignoring
// whitespace, parentheses of either width, "/" and ASCII case; unknown columns
// are ignored. The header row is the first of the first 20 non-empty rows that
// names an application- or publication-number column (exports may put a title
// line above it).
//
//   absl::Status status = ReadCsv(bytes, [&](RowResult result) -> absl::Status {
//     if (!result.patent.ok()) { Report(result.row, result.patent.status()); return
//     absl::OkStatus(); } return Store(*result.patent);  // a non-OK status stops the read and is
//     returned
//   });
//   if (!status.ok()) ...  // the sheet as a whole (or the sink) failed
//
// Outcomes: each row is handed to the sink as a Patent or as InvalidArgument
// saying "row 12, column 申请日: …" (a bad date, a wrong check character, no
// publication number …); the read goes on. The sheet as a whole fails with
// InvalidArgument when it has no header row naming a publication-number column
// (the message lists the headers found), or when the bytes are not a workbook.
//
// Memory does not grow with the file: CSV is decoded (from GB18030, UTF-16 …)
// and split a piece at a time, and XLSX sheets and shared strings are read as
// the XML is inflated (a streaming reader, not a DOM), the shared strings going
// to a temporary file past SheetOptions::shared_strings_memory. What is held
// is one row, a piece of input, and for XLSX 8 bytes per 64 shared strings.
// Each row says how far into the input the reader had got (end_offset), so a
// caller reading a memory-mapped file can hand back the pages behind it.
//
// Thread-safe: no shared state.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "iphub/patents/importers/zip.h"
#include "iphub/patents/model.h"

namespace iphub::patents::importers {

// One data row's outcome. `row` is the row number a spreadsheet program shows
// (1 = the first line of the file or sheet, counting the header and blank rows;
// a CSV record spanning several lines is one row).
struct RowResult {
  int64_t row = 0;
  absl::StatusOr<Patent> patent = absl::UnknownError("no row read");
  // How far into the input the reader had read when it handed over the row;
  // the bytes before it are not read again for this sheet. CSV: the offset in
  // the file just past the row's line break (UTF-8 files), or up to 1 MiB past
  // it (text that had to be converted: the end of the piece decoded with it).
  // XLSX: the offset in the workbook file up to which the sheet's compressed
  // data had been inflated.
  uint64_t end_offset = 0;
};
using RowSink = std::function<absl::Status(RowResult)>;

struct SheetOptions {
  // CSV field separator; 0: the one of ',', '\t', ';' seen most often (outside
  // quotes) in the first ten lines, ',' when none is.
  char delimiter = 0;
  ZipLimits zip_limits{};  // XLSX
  // XLSX: shared strings are kept in memory up to this many bytes, and in a
  // temporary file (in $TMPDIR, else /tmp; deleted when done) past it.
  size_t shared_strings_memory = size_t{8} << 20;
};

// Reads a CSV or TSV file: RFC 4180 quoting ("" inside quotes, separators and
// line breaks in quoted fields), CRLF/LF/CR line ends, text decoded by
// DecodeText (UTF-8 with or without BOM, UTF-16 with BOM, else GB18030).
// `bytes` is read once, in order (a memory-mapped file is fine).
absl::Status ReadCsv(std::string_view bytes, const RowSink& sink, const SheetOptions& options = {});

// ReadCsv for a file that arrives in pieces, e.g. as it is inflated from an
// archive: the same rows, outcomes and errors as ReadCsv on the whole file,
// however the file is cut.
//
//   CsvReader reader(sink);
//   while (more && !reader.done()) IPHUB_RETURN_IF_ERROR(reader.Feed(next_piece));
//   absl::Status sheet = reader.Finish();  // ReadCsv's result
//
// Not thread-safe; movable.
class CsvReader {
 public:
  explicit CsvReader(RowSink sink, const SheetOptions& options = {});
  CsvReader(CsvReader&&) noexcept;
  CsvReader& operator=(CsvReader&&) noexcept;
  ~CsvReader();

  // Reads the next piece of the file; rows it completes go to the sink. Returns
  // the sink's error, if any (the read is then over). Ignored once done().
  absl::Status Feed(std::string_view bytes);
  // Whether the rest of the file need not be fed: the sink failed, or no
  // header row was found where one must be.
  bool done() const;
  // The end of the file: the last row, then the sheet's outcome as ReadCsv
  // returns it.
  absl::Status Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Reads an XLSX workbook: the first sheet (in tab order) that has a header row;
// when none has, fails naming the headers of the first.
absl::Status ReadXlsx(std::string_view bytes, const RowSink& sink,
                      const SheetOptions& options = {});

// ---------------------------------------------------------------------------
// Building blocks (public for tests and fuzzers).

// A cell of a sheet. `column` is 0-based (A = 0). `is_number`: an XLSX numeric
// cell; `date_format`: its style formats it as a date (Excel serial number).
struct SheetCell {
  int column = 0;
  std::string text{};
  bool is_number = false;
  bool date_format = false;
};
// A row; cells in column order, empty cells may be absent (sparse).
// `end_offset`: as RowResult::end_offset.
struct SheetRow {
  int64_t number = 0;
  std::vector<SheetCell> cells{};
  uint64_t end_offset = 0;
};
// Gets each row; a non-OK status stops the read and is returned.
using SheetRowSink = std::function<absl::Status(const SheetRow&)>;

// Bytes as UTF-8: a UTF-8 BOM is dropped; UTF-16LE/BE with a BOM is converted;
// other text that is not valid UTF-8 is decoded as GB18030 (which includes GBK
// and GB2312, what Chinese Windows tools write), unless it is nearly all valid
// UTF-8 with a few damaged bytes. Invalid sequences become U+FFFD. Never fails.
// The choice is made on the first MiB from the first non-ASCII byte on, as
// ReadCsv makes it (internal/text_decoder.h, TextEncoding::kDetect).
std::string DecodeText(std::string_view bytes);

// Splits UTF-8 CSV text into rows (see ReadCsv). A quoted field still open at
// the end of the text is InvalidArgument naming the row it started in, after
// the rows before it were delivered. At most 16384 columns are kept per row.
// Rows' end_offset: the offset in `text` just past the row.
absl::Status ReadCsvRows(std::string_view text, char delimiter, const SheetRowSink& sink);

namespace internal {
class StringStore;
}  // namespace internal

// An XLSX workbook opened for reading its sheets' cells.
class XlsxWorkbook {
 public:
  // Reads [Content_Types]-independent parts: _rels/.rels (to find the
  // workbook), the workbook and its relationships, shared strings (rich-text
  // runs joined, phonetic runs left out; streamed, and spilled to a temporary
  // file past options.shared_strings_memory) and the number formats of the
  // styles. InvalidArgument when `bytes` is not a zip archive holding a
  // workbook, or a part it reads is malformed XML; DataLoss or
  // ResourceExhausted from the archive; ResourceExhausted or Internal when the
  // temporary file cannot be written. The workbook reads from `bytes`, which
  // must outlive it.
  static absl::StatusOr<XlsxWorkbook> Open(std::string_view bytes,
                                           const SheetOptions& options = {});

  const std::vector<std::string>& sheet_names() const { return sheet_names_; }
  bool date1904() const { return date1904_; }  // the workbook's 1904 date system

  // Hands the rows of sheet `index` to `sink` in order, each as soon as the
  // sheet's XML has been inflated and read past it (memory is one row, not the
  // sheet). Cells: shared and inline strings, numbers (as written,
  // "2.0141051318750E+12" made integral), booleans as TRUE/FALSE, formula
  // results; error values are left empty. Malformed XML is InvalidArgument
  // naming the part and the byte offset, after the rows before it were handed
  // over; so are the archive's errors (DataLoss …). Safe to call from several
  // threads at once.
  absl::Status ReadSheet(size_t index, const SheetRowSink& sink) const;

 private:
  explicit XlsxWorkbook(ZipReader zip) : zip_(std::move(zip)) {}

  ZipReader zip_;
  bool date1904_ = false;
  std::vector<std::string> sheet_names_;
  std::vector<std::string> sheet_paths_;
  std::shared_ptr<const internal::StringStore> shared_strings_;  // never null once opened
  std::vector<bool> date_styles_;  // per cellXfs index: a date number format
};

// Turns rows into patents: finds the header row, maps columns to fields and
// each later non-empty row to a RowResult for `sink`.
class PatentRowMapper {
 public:
  explicit PatentRowMapper(bool date1904 = false) : date1904_(date1904) {}

  // Feeds the next row; empty rows and repeats of the header row (exports glued
  // together page by page) are passed over. Returns the sink's error, if any.
  absl::Status Feed(const SheetRow& row, const RowSink& sink);
  bool has_header() const { return !columns_.empty(); }
  // No header among the first 20 non-empty rows: the rest need not be fed.
  bool gave_up() const {
    return !has_header() && (rows_looked_at_ >= kHeaderSearchRows || !header_problem_.ok());
  }
  // OK when a header row was found; else InvalidArgument naming the headers
  // of the first non-empty row.
  absl::Status Finish() const;

 private:
  static constexpr int kHeaderSearchRows = 20;
  struct Column {
    int index = 0;
    int field = 0;
    std::string header{};
  };
  absl::StatusOr<Patent> MapRow(const SheetRow& row) const;
  bool RepeatsTheHeader(const SheetRow& row) const;

  bool date1904_ = false;
  int rows_looked_at_ = 0;
  std::vector<std::string> first_headers_;
  std::vector<Column> columns_;
  absl::Status header_problem_ = absl::OkStatus();
};

// The canonical field name a header maps to ("application_number",
// "publication_number", "title" …; see docs/formats/patent-spreadsheet.md), or
// "" for a header that is not recognised.
std::string_view HeaderFieldName(std::string_view header);

// A date cell as "YYYY-MM-DD": 2014-09-29, 2014.09.29, 2014/9/29, 20140929,
// 2014年9月29日 (a time after the date is ignored), an Excel serial number
// (`is_number`, or five digits) in the 1900 or 1904 system. "" for an empty
// cell or a placeholder ("0", "00000000", "-", "无"); InvalidArgument otherwise.
absl::StatusOr<std::string> ParseSheetDate(std::string_view text, bool is_number, bool date1904);

// Excel serial day number → "YYYY-MM-DD". 1900 system: 1 is 1900-01-01 and
// Excel's nonexistent 1900-02-29 (60) is InvalidArgument; 1904 system: 0 is
// 1904-01-01. The fraction (time of day) is dropped.
absl::StatusOr<std::string> ExcelSerialToDate(double serial, bool date1904);

// "CN104223590A" / "CN 104223590 A" → {"CN", "104223590", "A"};
// "USD534673S1" → {"US", "D534673", "S1"}; a number without country letters
// gets none (the caller decides). InvalidArgument when there is no digit.
struct PublicationNumberParts {
  std::string country{};
  std::string number{};
  std::string kind{};
};
absl::StatusOr<PublicationNumberParts> SplitPublicationNumber(std::string_view text);

// Splits a 权利要求书 text into numbered claims: "1." "1、" "1．" at the start
// and each next number after a line break or a sentence end ("。", ";", "；",
// "."), in sequence, so "权利要求1所述" or "图2、3" never split. depends_on from
// ParseClaimDependencies. Text without a leading "1." is one claim.
std::vector<Claim> SplitClaims(std::string_view text);

}  // namespace iphub::patents::importers
