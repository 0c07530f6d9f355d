// Request-target parsing for the server: splits an origin-form target
// ("/path?query") into its percent-decoded path and query parameters.
//
//   absl::StatusOr<ParsedTarget> t = ParseTarget("/api/v1/users?page=2&q=a+b");
//   // t->path == "/api/v1/users", t->query == {{"page", "2"}, {"q", "a b"}}
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace iphub::http::internal {

struct ParsedTarget {
  std::string path;                          // percent-decoded
  std::map<std::string, std::string> query;  // decoded; the first of repeated keys wins
};

// InvalidArgument if `target` does not start with '/', has a malformed
// percent escape, or decodes to a NUL byte in the path.
absl::StatusOr<ParsedTarget> ParseTarget(std::string_view target);

// Decodes %XX escapes; with `plus_is_space` (query strings) also '+'.
// InvalidArgument for a truncated or non-hex escape.
absl::StatusOr<std::string> PercentDecode(std::string_view text, bool plus_is_space);

// The client's X-Request-Id if it is 1..64 characters of [A-Za-z0-9._-],
// otherwise a fresh random 16-byte hex id. Thread-safe.
std::string SanitizeOrGenerateRequestId(std::string_view client_id);

}  // namespace iphub::http::internal
