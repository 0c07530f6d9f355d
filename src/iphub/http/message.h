// HTTP request and response values as handlers see them, independent of Beast.
//
//   Response CreateOrg(Request& request) {
//     absl::StatusOr<nlohmann::json> body = request.JsonBody();
//     if (!body.ok()) return Response::Problem(body.status());
//     absl::StatusOr<std::string> name = RequiredString(*body, "name");
//     if (!name.ok()) return Response::Problem(name.status());  // 400, "field": "name"
//     ...
//     return Response::Json(org, 201);
//   }
//
// Plain values: copyable, no shared state, no thread-safety concerns.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace iphub::http {

struct Request {
  std::string method;                              // upper case: GET, POST, ...
  std::string target;                              // as received, e.g. /api/v1/users?page=2
  std::string path;                                // percent-decoded path without the query
  std::map<std::string, std::string> query;        // decoded query parameters
  std::map<std::string, std::string> path_params;  // from {name} segments of the route
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string request_id;   // X-Request-Id if sent (sanitised), else generated
  std::string remote_addr;  // peer IP

  // Header value by lower-case name; empty if absent.
  std::string_view Header(std::string_view lower_name) const;
  // Cookie value by name from the Cookie header; empty if absent.
  std::string Cookie(std::string_view name) const;
  // Query parameter; empty if absent.
  std::string_view QueryParam(std::string_view name) const;
  // Parses the body as a JSON object; an empty body is `{}`. InvalidArgument
  // for a non-empty body whose Content-Type is not application/json (a charset
  // parameter is allowed), for malformed JSON ("malformed JSON at byte N (line
  // L, column C): ..."), for nesting deeper than 64 levels, and for a JSON
  // value that is not an object. Never throws.
  absl::StatusOr<nlohmann::json> JsonBody() const;
};

struct Response {
  // Produces a streamed body piece by piece: fills `chunk` (replacing its
  // content) and returns true while there is more, false after the last piece
  // (which may be empty). An error after the first piece cannot change the
  // status any more: the connection is closed without the final chunk, so the
  // client sees an incomplete response, never a silently short one.
  using Producer = std::function<absl::StatusOr<bool>(std::string& chunk)>;

  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // When set, the body is sent with chunked transfer encoding from `stream`
  // (`body` is ignored). The producer runs on the connection's thread between
  // writes, so it holds no more than a chunk in memory.
  Producer stream;

  // Serialises `value`; invalid UTF-8 in strings is replaced, never thrown.
  static Response Json(const nlohmann::json& value, int status = 200);
  static Response NoContent();
  static Response Text(std::string text, int status = 200,
                       std::string content_type = "text/plain; charset=utf-8");
  // application/problem+json from a non-OK status (docs/api.md): type
  // "/problems/<code in kebab case>", title ("Invalid argument"), status
  // (HttpStatusFor), detail, and `field` when the status carries one
  // (base::FieldOf; the detail is then prefixed "field: "). For codes that map
  // to 500 the message is logged and the detail is "internal server error", so
  // SQL text and paths do not reach clients. An OK status (a programmer error)
  // gives a 500 problem.
  static Response Problem(const absl::Status& status);
  // A problem with an explicit HTTP status (413, 405, 404 for routing); type is
  // "/problems/<title in kebab case>".
  static Response Problem(int http_status, std::string_view title, std::string_view detail);

  Response& AddHeader(std::string name, std::string value);
};

// The HTTP status for an absl code (InvalidArgument and OutOfRange 400, Unauthenticated 401,
// PermissionDenied 403, NotFound 404, AlreadyExists/FailedPrecondition/Aborted
// 409, ResourceExhausted 429, Unavailable 503, Unimplemented 501, others 500).
int HttpStatusFor(absl::StatusCode code);

// Helpers for reading validated values out of a JSON body; errors are
// InvalidArgument naming the field (base::InvalidField). Absent and null are
// the same. RequiredString also rejects an empty string; OptionalInt accepts
// integers only (not 1.5, not "1") within int64. A `body` that is not an
// object is InvalidArgument.
absl::StatusOr<std::string> RequiredString(const nlohmann::json& body, std::string_view field);
absl::StatusOr<std::optional<std::string>> OptionalString(const nlohmann::json& body,
                                                          std::string_view field);
absl::StatusOr<std::optional<int64_t>> OptionalInt(const nlohmann::json& body,
                                                   std::string_view field);
absl::StatusOr<std::optional<bool>> OptionalBool(const nlohmann::json& body,
                                                 std::string_view field);
absl::StatusOr<std::optional<std::vector<std::string>>> OptionalStrings(const nlohmann::json& body,
                                                                        std::string_view field);

// An optional value in a response: the value, or null when absent.
template <typename T>
nlohmann::json JsonOrNull(const std::optional<T>& value) {
  return value.has_value() ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// Reads `page` (>= 1, default 1) and `size` (1..max_size, default 20) from the
// query; an empty value counts as absent. Anything else (not a decimal integer,
// out of range) is InvalidArgument with field "page" or "size". `page` is also
// capped (10^9) so that Offset() cannot overflow.
struct Page {
  int64_t page = 1;
  int64_t size = 20;
  int64_t Offset() const { return (page - 1) * size; }
};
absl::StatusOr<Page> PageFromQuery(const Request& request, int64_t max_size = 200);

// The path parameter `name` ("/…/{id}") as a positive integer of at most 18
// digits; otherwise InvalidArgument with that field.
absl::StatusOr<int64_t> PathId(const Request& request, std::string_view name = "id");

// The query parameter `name` as a count from 1 to `max`; `fallback` when absent
// or blank; otherwise InvalidArgument with that field.
absl::StatusOr<uint32_t> CountParam(const Request& request, std::string_view name,
                                    uint32_t fallback, uint32_t max);

}  // namespace iphub::http
