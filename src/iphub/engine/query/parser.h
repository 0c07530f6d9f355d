// Parses the CNIPA-style query language into a parse tree (ast.h). The grammar
// and examples are in docs/query-language.md.
//
//   absl::StatusOr<Node> tree = ParseQuery("TI=(无人机 5W 电池) AND AD>=2018");
//   if (!tree.ok()) {
//     // InvalidArgument: "character 7: expected ')' to close the '(' at character 3"
//     std::optional<size_t> at = ErrorPosition(tree.status());  // 7
//   }
//
// Thread-safe (no state).
#ifndef IPHUB_ENGINE_QUERY_PARSER_H_
#define IPHUB_ENGINE_QUERY_PARSER_H_

#include <cstddef>
#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "iphub/engine/query/ast.h"

namespace iphub::engine::query {

// Queries longer than this many bytes, or nested deeper than kMaxDepth, are refused.
inline constexpr size_t kMaxQueryBytes = 16 * 1024;
inline constexpr int kMaxDepth = 64;

// On success, the tree. On malformed input, InvalidArgument whose message starts
// with "character N: " and says what was expected; N (0-based code point offset)
// is also attached as a payload, read back with ErrorPosition(). Never throws.
absl::StatusOr<Node> ParseQuery(std::string_view query);

// A status carrying an error position: InvalidArgument, message prefixed with the
// position, payload set. Used by the parser and by later stages (binding).
absl::Status QueryError(size_t position, std::string_view message);

// A query error as the API reports it: an InvalidArgument that names no field yet
// gets `field` (base::WithField) and its character position (base::WithPosition);
// other statuses are returned as they are.
absl::Status WithQueryField(absl::Status status, std::string_view field);

// The character position attached by QueryError, if any.
std::optional<size_t> ErrorPosition(const absl::Status& status);

}  // namespace iphub::engine::query

#endif  // IPHUB_ENGINE_QUERY_PARSER_H_
