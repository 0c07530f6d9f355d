// Fuzzes the CSV patent importer: decoding (BOM, UTF-16, GB18030 guessing),
// RFC 4180 splitting, header matching and the row mapper, plus the date,
// number and claim helpers on the raw bytes. Must never crash, hang, leak or
// hit UB; every record handed out must serialise (valid UTF-8) and every
// failure must be InvalidArgument.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "iphub/patents/importers/jsonl.h"
#include "iphub/patents/importers/spreadsheet.h"

namespace importers = iphub::patents::importers;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const importers::RowSink sink = [](importers::RowResult result) -> absl::Status {
    if (result.row < 1) __builtin_trap();
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
    const absl::Status status = importers::ReadCsv(input, sink, {.delimiter = delimiter});
    if (!status.ok() && status.code() != absl::StatusCode::kInvalidArgument) __builtin_trap();
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
