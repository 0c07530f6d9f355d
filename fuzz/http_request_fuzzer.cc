// Fuzzes the HTTP layer's handling of outside input: request-target parsing,
// route matching, cookies, JSON bodies and the field helpers, paging, and
// problem responses. Must never crash, hang, leak or hit UB.
//
// Input layout (lines split at the first three '\n'):
//   method \n target \n content-type \n body
// e.g. "POST\n/api/v1/users/7?page=2\napplication/json\n{\"name\":\"x\"}".
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "iphub/base/status.h"
#include "iphub/http/internal/target.h"
#include "iphub/http/message.h"
#include "iphub/http/router.h"

namespace {

using iphub::http::Request;
using iphub::http::Response;

// Consumes the text up to the next '\n' (or the rest).
std::string_view NextLine(std::string_view& input) {
  const size_t newline = input.find('\n');
  const std::string_view line = input.substr(0, newline);
  input.remove_prefix(newline == std::string_view::npos ? input.size() : newline + 1);
  return line;
}

Response Noop(Request&) { return Response::NoContent(); }

const iphub::http::Router& FuzzRouter() {
  static const iphub::http::Router* router = [] {
    auto* built = new iphub::http::Router();
    built->Add({.method = "GET", .pattern = "/", .handler = Noop});
    built->Add({.method = "GET", .pattern = "/healthz", .handler = Noop});
    built->Add({.method = "GET", .pattern = "/api/v1/users", .handler = Noop});
    built->Add({.method = "POST", .pattern = "/api/v1/users", .handler = Noop});
    built->Add({.method = "GET", .pattern = "/api/v1/users/me", .handler = Noop});
    built->Add({.method = "GET", .pattern = "/api/v1/users/{id}", .handler = Noop});
    built->Add({.method = "PATCH", .pattern = "/api/v1/users/{id}", .handler = Noop});
    built->Add({.method = "POST", .pattern = "/api/v1/users/{id}/password", .handler = Noop});
    built->Add({.method = "DELETE", .pattern = "/api/v1/auth/tokens/{id}", .handler = Noop});
    built->Add({.method = "GET", .pattern = "/api/v1/{kind}/{id}/events/{event}", .handler = Noop});
    built->Add({.method = "GET", .pattern = "/api/v1/regions/{code}", .handler = Noop});
    return built;
  }();
  return *router;
}

// Touches a status the way a handler would answer it.
void Answer(const absl::Status& status) {
  if (status.ok()) return;
  const Response response = Response::Problem(status);
  if (response.status < 400 || response.body.empty()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string_view method = NextLine(input);
  const std::string_view target = NextLine(input);
  const std::string_view content_type = NextLine(input);
  const std::string_view body = input;

  Request request;
  request.method = std::string(method);
  request.target = std::string(target);
  request.request_id = iphub::http::internal::SanitizeOrGenerateRequestId(method);
  if (auto parsed = iphub::http::internal::ParseTarget(target); parsed.ok()) {
    request.path = std::move(parsed->path);
    request.query = std::move(parsed->query);
  } else {
    Answer(parsed.status());
    request.path = std::string(target);
  }

  const iphub::http::Match match = FuzzRouter().Find(request.method, request.path);
  if (match.route != nullptr) {
    request.path_params = match.path_params;
    if (match.path_params.size() > 3) __builtin_trap();  // no route has more
  } else if (match.path_matched_other_method) {
    if (match.allowed.empty()) __builtin_trap();
    std::string allowed;
    for (const std::string& name : match.allowed) allowed += name + ", ";
    (void)Response::Problem(405, "Method not allowed", allowed);
  }

  request.headers.emplace_back("content-type", std::string(content_type));
  request.headers.emplace_back("cookie", std::string(content_type));
  request.body = std::string(body);
  (void)request.Cookie("iphub_session");
  (void)request.Header("Content-Type");

  absl::StatusOr<nlohmann::json> json = request.JsonBody();
  if (!json.ok()) {
    Answer(json.status());
  } else {
    if (!json->is_object()) __builtin_trap();
    (void)Response::Json(*json);  // re-serialise (invalid UTF-8 must not throw)
    Answer(iphub::http::RequiredString(*json, "name").status());
    Answer(iphub::http::OptionalString(*json, "email").status());
    Answer(iphub::http::OptionalInt(*json, "organization_id").status());
    Answer(iphub::http::OptionalBool(*json, "disabled").status());
    if (!json->empty()) {
      const std::string first_key = json->begin().key();
      Answer(iphub::http::OptionalString(*json, first_key).status());
      Answer(iphub::http::OptionalInt(*json, first_key).status());
      Answer(iphub::http::OptionalBool(*json, first_key).status());
    }
  }

  absl::StatusOr<iphub::http::Page> page = iphub::http::PageFromQuery(request);
  if (page.ok()) {
    if (page->page < 1 || page->size < 1 || page->size > 200 || page->Offset() < 0) {
      __builtin_trap();
    }
  } else {
    Answer(page.status());
  }
  return 0;
}
