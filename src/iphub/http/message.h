// HTTP request and response values as handlers see them, independent of Beast.
#pragma once

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
  std::string method;  // upper case: GET, POST, ...
  std::string target;  // as received, e.g. /api/v1/users?page=2
  std::string path;    // percent-decoded path without the query
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
  // Parses the body as a JSON object. InvalidArgument (with line/column in the
  // detail) for a malformed body, a non-object, or a wrong Content-Type.
  absl::StatusOr<nlohmann::json> JsonBody() const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response Json(const nlohmann::json& value, int status = 200);
  static Response NoContent();
  static Response Text(std::string text, int status = 200,
                       std::string content_type = "text/plain; charset=utf-8");
  // application/problem+json from a non-OK status: type, title, status,
  // detail, and `field` when the status carries one (base::FieldOf).
  static Response Problem(const absl::Status& status);
  // A problem with an explicit HTTP status (413, 405, 404 for routing).
  static Response Problem(int http_status, std::string_view title, std::string_view detail);

  Response& AddHeader(std::string name, std::string value);
};

// The HTTP status for an absl code (InvalidArgument 400, Unauthenticated 401,
// PermissionDenied 403, NotFound 404, AlreadyExists/FailedPrecondition/Aborted
// 409, ResourceExhausted 429, Unavailable 503, Unimplemented 501, others 500).
int HttpStatusFor(absl::StatusCode code);

// Helpers for reading validated values out of a JSON body; errors name the field.
absl::StatusOr<std::string> RequiredString(const nlohmann::json& body, std::string_view field);
absl::StatusOr<std::optional<std::string>> OptionalString(const nlohmann::json& body,
                                                          std::string_view field);
absl::StatusOr<std::optional<int64_t>> OptionalInt(const nlohmann::json& body,
                                                   std::string_view field);
absl::StatusOr<std::optional<bool>> OptionalBool(const nlohmann::json& body,
                                                 std::string_view field);

// Reads `page` (>= 1, default 1) and `size` (1..max_size, default 20) from the query.
struct Page {
  int64_t page = 1;
  int64_t size = 20;
  int64_t Offset() const { return (page - 1) * size; }
};
absl::StatusOr<Page> PageFromQuery(const Request& request, int64_t max_size = 200);

}  // namespace iphub::http
