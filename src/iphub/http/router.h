// Route declarations and matching. Routes are data (RouteSpec), so the
// OpenAPI document is generated from the same declarations that dispatch
// requests and cannot drift from them.
//
//   router.Add({.method = "GET", .pattern = "/api/v1/organizations/{id}",
//               .summary = "Read one organization", .tag = "organizations",
//               .response_schema = OrgSchema(),
//               .handler = [&](http::Request& r) { return ...; }});
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "iphub/http/message.h"
#include "nlohmann/json.hpp"

namespace iphub::http {

using Handler = std::function<Response(Request&)>;

// Who may call a route, as documented in OpenAPI. Enforcement is the
// handler's (auth::Guard); this is the declaration.
enum class Access { kPublic, kSession };

// Every member has a default member initializer so that designated
// initializers (as in the example above) do not trip -Wmissing-field-initializers.
struct RouteSpec {
  std::string method{};   // GET, POST, PUT, PATCH, DELETE
  std::string pattern{};  // "/api/v1/users/{id}"; {name} matches one non-empty segment
  std::string summary{};
  std::string tag{};
  Access access = Access::kSession;
  bool state_changing =
      false;  // true for POST/PUT/PATCH/DELETE: needs X-CSRF-Token with a cookie session
  nlohmann::json request_schema{};   // JSON Schema of the body, or null
  nlohmann::json response_schema{};  // JSON Schema of a 2xx body, or null
  std::vector<std::pair<std::string, std::string>> query_params{};  // name, description
  int success_status = 200;
  // A larger request body limit for this route (uploads); 0: the server's
  // ServerOptions::body_limit_bytes.
  int64_t body_limit_bytes = 0;
  Handler handler{};
};

struct Match {
  const RouteSpec* route = nullptr;  // null: no route matched
  std::map<std::string, std::string> path_params{};
  bool path_matched_other_method = false;  // for 405 (with `allowed` methods)
  std::vector<std::string> allowed{};
};

// Route table. Matching is segment by segment on the decoded path ("/a/b" ->
// "a", "b"); a literal segment matches itself only, `{name}` matches any
// non-empty segment. `/a/` (trailing slash) does not match `/a`. When several
// routes of the method match, the one whose first differing segment is a
// literal wins (`/users/me` beats `/users/{id}`).
//
// Thread-safety: Add() only at start-up; afterwards concurrent Find() calls
// are safe. Match::route points into the router and stays valid while the
// router lives and no route is added.
class Router {
 public:
  // Adds a route. Patterns must be unique per method, also up to parameter
  // names (`/a/{x}` and `/a/{y}`), and start with '/' (programmer errors,
  // IPHUB_DCHECK).
  void Add(RouteSpec spec);
  // Finds the route for `method` and decoded `path`. On a match, `route` is set
  // and `path_params` holds the `{name}` segments. If no route of `method`
  // matches but routes of other methods do, `path_matched_other_method` is set
  // and `allowed` lists their methods (sorted, unique) for a 405 answer.
  Match Find(std::string_view method, std::string_view path) const;
  const std::vector<RouteSpec>& routes() const { return routes_; }

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter name
    bool is_param = false;
  };
  std::vector<RouteSpec> routes_;
  std::vector<std::vector<Segment>> segments_;  // parallel to routes_
};

// The OpenAPI 3.0.3 document for every route of `router`: path and query
// parameters, request and success response schemas, a `default` problem
// response (components/schemas/Problem), tags, and `security` per Access
// (cookie session or bearer token; `[]` for public routes).
nlohmann::json OpenApiDocument(const Router& router, std::string_view version);

}  // namespace iphub::http
