// Text helpers shared by the SQLite and PostgreSQL backends: how values are
// spelled as text (cells are text on both engines), parameter checks, and the
// statement cache bound. Private to iphub/db.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "iphub/db/database.h"

namespace iphub::db::internal {

// The same characters as an absl::string_view. Debian's absl is built with its
// own string_view class, which std::string_view does not convert to; call
// absl string functions through this.
inline absl::string_view ToAbsl(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

// Statements cached per connection; beyond this, statements are prepared for
// one use and then freed (protects against callers that build SQL text
// dynamically, e.g. IN lists of varying length).
inline constexpr size_t kMaxCachedStatements = 512;

// Shortest text that parses back to exactly `value` ("0.1", "1e+20", "3").
// Non-finite values use PostgreSQL's spelling: "NaN", "Infinity", "-Infinity".
std::string FormatDouble(double value);

// InvalidArgument if a text parameter contains a NUL byte (PostgreSQL text
// cannot hold one, so neither engine accepts it).
absl::Status CheckParams(const Params& params);

// True when `sql`, after leading whitespace and comments, starts with the
// keyword `keyword` (ASCII case-insensitive), e.g. StartsWithKeyword(sql, "ROLLBACK").
bool StartsWithKeyword(std::string_view sql, std::string_view keyword);

// True when `sql` holds no statement: only whitespace, comments and ';'.
bool IsBlankSql(std::string_view sql);

// `sql` cut to a length fit for an error message.
std::string SqlForMessage(std::string_view sql);

}  // namespace iphub::db::internal
