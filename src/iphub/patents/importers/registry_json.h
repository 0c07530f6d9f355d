// The JSON that commercial CN registry databases (企查查 qichacha and the like)
// serve for a company's IP: patents, trademarks, software and works copyright
// registrations, read into the canonical records (model.h, rights.h).
//
// A file is a top-level array of records, or an API response wrapping one
// ({"Status": "200", "Result": [...]}, or a "data" array); a response whose
// Result is a single object is one record. Each record is recognised by its
// keys, so one file may mix kinds:
//   trademark           RegNo and IntCls
//   patent              PublicationNumber and ApplicationNumber
//   works copyright     RegisterNo containing "作登字" (国作登字-2016-F-00269796, 京作登字-…)
//   software copyright  RegisterNo with VersionNo, a 软件分类号 Category ("30200-0000"),
//                       or a number of the form 2016SR309930
// The field mapping, and what was decided where the source is ambiguous, is in
// docs/formats/rights-jsonl.md ("Importing registry JSON").
//
//   IPHUB_RETURN_IF_ERROR(ReadRegistryJson(bytes, [&](RegistryRecord&& record) -> absl::Status {
//     if (!record.item.ok()) return Reject(record.index, record.item.status());
//     if (auto* mark = std::get_if<Trademark>(&*record.item)) ...
//     return absl::OkStatus();
//   }));
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "iphub/patents/model.h"
#include "iphub/patents/rights.h"

namespace iphub::patents::importers {

// The whole file is parsed into memory (about ten times its size); larger
// files are refused. Registry responses are pages of tens of kilobytes.
inline constexpr size_t kMaxRegistryJsonBytes = size_t{128} << 20;

using RegistryItem = std::variant<Patent, Trademark, Copyright>;

struct RegistryRecord {
  int64_t index = 0;  // position in the records array, from 0
  // The record, or InvalidArgument whose field (base::FieldOf) names the index
  // and the source's key, "[3].IntCls", with the reason as the message.
  absl::StatusOr<RegistryItem> item{};
};

// Cheap sniffing for `iphub import`: after an optional UTF-8 BOM and
// whitespace the bytes open a JSON array or object, and the first 64 KiB hold
// one of the keys "RegNo", "RegisterNo" or "PublicationNumber" (which the
// canonical JSONL form, written in snake_case, never has).
bool LooksLikeRegistryJson(std::string_view bytes);

// Parses `bytes` and passes each record, in order, to `sink`. Errors about the
// file as a whole come before any record is passed on: InvalidArgument for
// malformed JSON (with the byte position), nesting deeper than 32 levels or a
// shape that holds no records array; ResourceExhausted above
// kMaxRegistryJsonBytes. After that, the only error returned is the first one
// `sink` returns, which stops the reading. A record that cannot be read is
// passed on with its error; the rest continue. An empty array is OK, no records.
absl::Status ReadRegistryJson(std::string_view bytes,
                              const std::function<absl::Status(RegistryRecord&&)>& sink);

// ReadRegistryJson collecting every record.
absl::StatusOr<std::vector<RegistryRecord>> ParseRegistryJson(std::string_view bytes);

}  // namespace iphub::patents::importers
