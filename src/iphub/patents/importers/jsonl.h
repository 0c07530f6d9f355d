// The canonical JSON form of a patent record, one object per line in JSONL
// files (docs/formats/patent-jsonl.md). The same field names are used by the
// API's patent endpoints.
//
//   IPHUB_ASSIGN_OR_RETURN(Patent patent, ParseJsonlLine(line));
//   std::string out = PatentToJson(patent).dump();
#pragma once

#include <string_view>

#include "absl/status/statusor.h"
#include "iphub/patents/model.h"
#include "nlohmann/json.hpp"

namespace iphub::patents::importers {

nlohmann::json PatentToJson(const Patent& patent);

// Reads a record. InvalidArgument naming the field path ("claims[2].depends_on[0]")
// for a value of the wrong type or an unknown enum value, and for a missing
// `publication_number`. Unknown keys are ignored (forward compatibility).
absl::StatusOr<Patent> PatentFromJson(const nlohmann::json& value);

// Parses one line of a JSONL file: malformed JSON is InvalidArgument with the
// byte position within the line.
absl::StatusOr<Patent> ParseJsonlLine(std::string_view line);

}  // namespace iphub::patents::importers
