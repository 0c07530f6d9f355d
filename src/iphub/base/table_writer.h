// Writes a table (a header row, then rows of text cells) as CSV or XLSX,
// incrementally: rows go in, bytes come out as they are ready, so an export of
// 100,000 rows is streamed with a bounded buffer.
//
//   auto writer = TableWriter::Create(TableFormat::kXlsx, "专利");
//   writer->AddRow({"公开(公告)号", "名称"});
//   writer->AddRow({"CN104223590A", "一种无人机电池快速更换装置"});
//   send(writer->TakeOutput());      // whatever is complete so far
//   writer->Finish();
//   send(writer->TakeOutput());      // the rest
//
// CSV: UTF-8 with a byte-order mark (so Excel reads Chinese correctly), RFC 4180
// quoting, CRLF line ends. XLSX: one worksheet of inline strings in a zip
// (deflated, with data descriptors, so nothing is seeked back to). Cells that
// look like formulas (=, +, -, @ first) are written as text in both formats (in
// CSV prefixed with a quote mark), so an exported value cannot run in a
// spreadsheet. Not thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace iphub::base {

enum class TableFormat { kCsv, kXlsx };

class TableWriter {
 public:
  static std::unique_ptr<TableWriter> Create(TableFormat format, std::string_view sheet_name);
  virtual ~TableWriter() = default;

  virtual void AddRow(const std::vector<std::string>& cells) = 0;
  // Starts another table: XLSX, a new worksheet named `name` (cut to 31
  // characters, made unique); CSV, a blank line and a row holding the name.
  virtual void AddSheet(std::string_view name) = 0;
  // Completes the file; AddRow must not be called afterwards.
  virtual void Finish() = 0;
  // The bytes produced since the last call (moved out).
  std::string TakeOutput() {
    std::string out;
    out.swap(output_);
    return out;
  }
  size_t pending_bytes() const { return output_.size(); }

 protected:
  std::string output_;
};

// The MIME type and file extension of a format.
std::string_view TableContentType(TableFormat format);
std::string_view TableExtension(TableFormat format);

}  // namespace iphub::base
