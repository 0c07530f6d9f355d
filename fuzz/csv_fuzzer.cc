// Fuzzes the CSV patent importer: decoding (BOM, UTF-16, GB18030 guessing),
// RFC 4180 splitting, header matching and the row mapper, plus the date,
// number and claim helpers on the raw bytes. Must never crash, hang, leak or
// hit UB; every record handed out must serialise (valid UTF-8), every failure
// must be InvalidArgument, rows' end offsets must not go back or past the end,
// and the streaming reader fed the bytes in small pieces (CsvReader) must
// read exactly what ReadCsv reads from the whole.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "iphub/patents/importers/jsonl.h"
#include "iphub/patents/importers/spreadsheet.h"

namespace importers = iphub::patents::importers;

namespace {

// What reading `input` hands over — each row's number and record or reason,
// then the outcome — whole (piece 0) or fed to a CsvReader `piece` bytes at a
// time.
std::vector<std::string> Trace(std::string_view input, size_t piece) {
  std::vector<std::string> trace;
  const importers::RowSink sink = [&trace](importers::RowResult result) -> absl::Status {
    trace.push_back(std::to_string(result.row) + " " +
                    (result.patent.ok() ? importers::PatentToJson(*result.patent).dump()
                                        : std::string(result.patent.status().message())));
    return absl::OkStatus();
  };
  absl::Status status = absl::OkStatus();
  if (piece == 0) {
    status = importers::ReadCsv(input, sink);
  } else {
    importers::CsvReader reader(sink);
    for (size_t pos = 0; pos < input.size() && status.ok() && !reader.done(); pos += piece) {
      status = reader.Feed(input.substr(pos, piece));
    }
    if (status.ok()) status = reader.Finish();
  }
  trace.push_back(status.ToString());
  return trace;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  uint64_t last_end = 0;
  const importers::RowSink sink = [&last_end, size](importers::RowResult result) -> absl::Status {
    if (result.row < 1) __builtin_trap();
    if (result.end_offset < last_end || result.end_offset > size) __builtin_trap();
    last_end = result.end_offset;
    if (!result.patent.ok()) {
      if (result.patent.status().code() != absl::StatusCode::kInvalidArgument) __builtin_trap();
      return absl::OkStatus();
    }
    if (result.patent->publication_number.empty()) __builtin_trap();
    // Throws (and so aborts the fuzzer) on invalid UTF-8.
    (void)importers::PatentToJson(*result.patent).dump();
    return absl::OkStatus();
  };
  for (char delimiter : {'\0', '\t'}) {
    last_end = 0;
    const absl::Status status = importers::ReadCsv(input, sink, {.delimiter = delimiter});
    if (!status.ok() && status.code() != absl::StatusCode::kInvalidArgument) __builtin_trap();
  }

  // Pieces cut anywhere — inside a character, a quoted field, a CRLF — read alike.
  if (size > 0 && size <= 8192) {
    const size_t piece = 1 + data[0] % 13;
    if (Trace(input, piece) != Trace(input, 0)) __builtin_trap();
  }

  // The helpers on short inputs, as a cell would give them.
  if (size <= 256) {
    const std::string text = importers::DecodeText(input);
    for (bool is_number : {false, true}) {
      auto date = importers::ParseSheetDate(text, is_number, /*date1904=*/is_number);
      if (date.ok() && !date->empty() && date->size() != 10) __builtin_trap();
    }
    (void)importers::SplitPublicationNumber(text);
    (void)importers::HeaderFieldName(text);
    for (const iphub::patents::Claim& claim : importers::SplitClaims(text)) {
      if (claim.number < 1) __builtin_trap();
    }
  }
  return 0;
}
