// Route declarations and matching. Routes are data (RouteSpec), so the
// OpenAPI document is generated from the same declarations that dispatch
// requests and cannot drift from them.
//
//   router.Add({.method = "GET", .pattern = "/api/v1/organizations/{id}",
//               .summary = "Read one organization", .tag = "organizations",
//               .response_schema = OrgSchema(),
//               .handler = [&](http::Request& r) { return ...; }});
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "iphub/http/message.h"
#include "nlohmann/json.hpp"

namespace iphub::http {

using Handler = std::function<Response(Request&)>;

// Who may call a route, as documented in OpenAPI. Enforcement is the
// handler's (auth::Guard); this is the declaration.
enum class Access { kPublic, kSession };

struct RouteSpec {
  std::string method;   // GET, POST, PUT, PATCH, DELETE
  std::string pattern;  // "/api/v1/users/{id}"; {name} matches one non-empty segment
  std::string summary;
  std::string tag;
  Access access = Access::kSession;
  bool state_changing = false;  // true for POST/PUT/PATCH/DELETE: needs X-CSRF-Token with a cookie session
  nlohmann::json request_schema;   // JSON Schema of the body, or null
  nlohmann::json response_schema;  // JSON Schema of a 2xx body, or null
  std::vector<std::pair<std::string, std::string>> query_params;  // name, description
  int success_status = 200;
  Handler handler;
};

struct Match {
  const RouteSpec* route = nullptr;  // null: no route matched
  std::map<std::string, std::string> path_params;
  bool path_matched_other_method = false;  // for 405 (with `allowed` methods)
  std::vector<std::string> allowed;
};

// Thread-safe for concurrent Find() once routes are added at start-up.
class Router {
 public:
  // Adds a route. Patterns must be unique per method (programmer error otherwise).
  void Add(RouteSpec spec);
  // Finds the route for `method` and decoded `path`.
  Match Find(std::string_view method, std::string_view path) const;
  const std::vector<RouteSpec>& routes() const { return routes_; }

 private:
  std::vector<RouteSpec> routes_;
};

// The OpenAPI 3.0 document for every route of `router`.
nlohmann::json OpenApiDocument(const Router& router, std::string_view version);

}  // namespace iphub::http
