// Fuzzes the XLSX patent importer: the zip container, workbook and
// relationship parts, shared strings (rich text, phonetic runs, _xHHHH_
// escapes), styles (date formats), sheet cells and the row mapper.
//
// Input that starts with "PK" is read as the workbook's bytes. Other input is
// split at lines "====" into the parts workbook.xml, workbook.xml.rels,
// sharedStrings.xml, styles.xml and sheet1.xml, which are packed into a
// stored zip first, so the fuzzer can mutate the XML without breaking CRCs.
// Half the inputs (by their size's parity) keep no shared strings in memory,
// so the temporary-file path is fuzzed too. Must never crash, hang, leak or
// hit UB; records must serialise; rows' end offsets must not go back or past
// the workbook's end; failures must be InvalidArgument, DataLoss or
// ResourceExhausted.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "iphub/patents/importers/jsonl.h"
#include "iphub/patents/importers/spreadsheet.h"
#include "iphub/patents/importers/testing/zip_writer.h"

namespace importers = iphub::patents::importers;

namespace {

std::string PackParts(std::string_view input) {
  static constexpr std::string_view kNames[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                                "xl/sharedStrings.xml", "xl/styles.xml",
                                                "xl/worksheets/sheet1.xml"};
  std::vector<importers::testing::ZipWriterEntry> parts;
  size_t start = 0;
  for (std::string_view name : kNames) {
    if (start > input.size()) break;
    size_t end = input.find("\n====\n", start);
    if (end == std::string_view::npos) end = input.size();
    parts.push_back({.name = std::string(name),
                     .data = std::string(input.substr(start, end - start)),
                     .deflate = false});
    start = end + 6;
  }
  return importers::testing::WriteZip(parts);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string bytes = input.starts_with("PK") ? std::string(input) : PackParts(input);
  uint64_t last_end = 0;
  const importers::RowSink sink = [&last_end, &bytes](importers::RowResult result) -> absl::Status {
    if (result.end_offset < last_end || result.end_offset > bytes.size()) __builtin_trap();
    last_end = result.end_offset;
    if (!result.patent.ok()) {
      if (result.patent.status().code() != absl::StatusCode::kInvalidArgument) __builtin_trap();
      return absl::OkStatus();
    }
    if (result.patent->publication_number.empty()) __builtin_trap();
    (void)importers::PatentToJson(*result.patent).dump();
    return absl::OkStatus();
  };
  importers::SheetOptions options;
  options.zip_limits.max_entry_size = 8 << 20;
  if (size % 2 == 1) options.shared_strings_memory = 0;
  const absl::Status status = importers::ReadXlsx(bytes, sink, options);
  switch (status.code()) {
    case absl::StatusCode::kOk:
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kResourceExhausted:
      break;
    default:
      __builtin_trap();
  }
  return 0;
}
