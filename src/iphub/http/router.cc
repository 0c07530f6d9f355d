#include "iphub/http/router.h"

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "iphub/base/status.h"
#include "iphub/http/internal/text.h"

namespace iphub::http {
namespace {

using nlohmann::json;

// "/a/b" -> {"a", "b"}; "/" -> {""}; "/a/" -> {"a", ""}. Empty for a path
// that does not start with '/'.
std::vector<std::string_view> SplitPath(std::string_view path) {
  if (path.empty() || path.front() != '/') return {};
  return internal::Split(path.substr(1), '/');
}

bool IsParamSegment(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::Add(RouteSpec spec) {
  IPHUB_DCHECK(!spec.pattern.empty() && spec.pattern.front() == '/');
  IPHUB_DCHECK(spec.handler != nullptr);
  std::vector<Segment> segments;
  for (std::string_view part : SplitPath(spec.pattern)) {
    if (IsParamSegment(part)) {
      segments.push_back({std::string(part.substr(1, part.size() - 2)), true});
    } else {
      segments.push_back({std::string(part), false});
    }
  }
  spec.method = internal::AsciiToUpper(spec.method);
#ifndef NDEBUG
  for (size_t route_idx = 0; route_idx < routes_.size(); ++route_idx) {
    if (routes_[route_idx].method != spec.method) continue;
    const auto& other = segments_[route_idx];
    bool same_shape = other.size() == segments.size();
    for (size_t seg_idx = 0; same_shape && seg_idx < segments.size(); ++seg_idx) {
      same_shape = other[seg_idx].is_param == segments[seg_idx].is_param &&
                   (segments[seg_idx].is_param || other[seg_idx].text == segments[seg_idx].text);
    }
    IPHUB_DCHECK(!same_shape && "duplicate route pattern for one method");
  }
#endif
  routes_.push_back(std::move(spec));
  segments_.push_back(std::move(segments));
}

Match Router::Find(std::string_view method, std::string_view path) const {
  Match match;
  const std::vector<std::string_view> parts = SplitPath(path);
  if (parts.empty()) return match;

  // Rank of the best match so far: one flag per segment, 1 for a literal. A
  // lexicographically greater rank is the more specific route.
  std::vector<char> best_rank;
  std::vector<char> rank;
  std::set<std::string> allowed;
  for (size_t route_idx = 0; route_idx < routes_.size(); ++route_idx) {
    const std::vector<Segment>& segments = segments_[route_idx];
    if (segments.size() != parts.size()) continue;
    rank.clear();
    bool matches = true;
    for (size_t seg_idx = 0; matches && seg_idx < parts.size(); ++seg_idx) {
      const Segment& segment = segments[seg_idx];
      if (segment.is_param) {
        matches = !parts[seg_idx].empty();
        rank.push_back(0);
      } else {
        matches = segment.text == parts[seg_idx];
        rank.push_back(1);
      }
    }
    if (!matches) continue;
    const RouteSpec& route = routes_[route_idx];
    if (route.method != method) {
      allowed.insert(route.method);
      continue;
    }
    if (match.route != nullptr && rank <= best_rank) continue;
    match.route = &route;
    best_rank = rank;
    match.path_params.clear();
    for (size_t seg_idx = 0; seg_idx < parts.size(); ++seg_idx) {
      if (segments[seg_idx].is_param) {
        match.path_params[segments[seg_idx].text] = std::string(parts[seg_idx]);
      }
    }
  }
  if (match.route == nullptr && !allowed.empty()) {
    match.path_matched_other_method = true;
    match.allowed.assign(allowed.begin(), allowed.end());
  }
  return match;
}

namespace {

std::string OperationId(const RouteSpec& route) {
  std::string id = internal::AsciiToLower(route.method);
  for (char ch : route.pattern) {
    if (internal::IsAsciiAlnum(ch)) {
      id.push_back(ch);
    } else if (ch == '/' && !id.empty() && id.back() != '_') {
      id.push_back('_');
    }
  }
  return id;
}

json ProblemSchema() {
  return {
      {"type", "object"},
      {"description", "RFC 7807 problem details (application/problem+json)."},
      {"required", {"type", "title", "status"}},
      {"properties",
       {
           {"type", {{"type", "string"}, {"example", "/problems/invalid-argument"}}},
           {"title", {{"type", "string"}, {"example", "Invalid argument"}}},
           {"status", {{"type", "integer"}, {"example", 400}}},
           {"detail", {{"type", "string"}}},
           {"field",
            {{"type", "string"}, {"description", "The input field at fault, if exactly one."}}},
       }},
  };
}

json Operation(const RouteSpec& route) {
  json operation = {
      {"operationId", OperationId(route)},
      {"summary", route.summary},
  };
  if (!route.tag.empty()) operation["tags"] = json::array({route.tag});

  json parameters = json::array();
  for (std::string_view part : SplitPath(route.pattern)) {
    if (!IsParamSegment(part)) continue;
    parameters.push_back({{"name", std::string(part.substr(1, part.size() - 2))},
                          {"in", "path"},
                          {"required", true},
                          {"schema", {{"type", "string"}}}});
  }
  for (const auto& [name, description] : route.query_params) {
    parameters.push_back({{"name", name},
                          {"in", "query"},
                          {"required", false},
                          {"description", description},
                          {"schema", {{"type", "string"}}}});
  }
  if (route.access == Access::kSession && route.state_changing) {
    parameters.push_back(
        {{"name", "X-CSRF-Token"},
         {"in", "header"},
         {"required", false},
         {"description",
          "Required with a cookie session (the csrf_token from login or /auth/me); "
          "not with a bearer token."},
         {"schema", {{"type", "string"}}}});
  }
  if (!parameters.empty()) operation["parameters"] = std::move(parameters);

  if (!route.request_schema.is_null()) {
    operation["requestBody"] = {
        {"required", true},
        {"content", {{"application/json", {{"schema", route.request_schema}}}}},
    };
  }

  json success = {{"description", route.summary.empty() ? "Success" : route.summary}};
  if (!route.response_schema.is_null()) {
    success["content"] = {{"application/json", {{"schema", route.response_schema}}}};
  }
  operation["responses"] = {
      {std::to_string(route.success_status), std::move(success)},
      {"default",
       {{"description", "Error (problem details)"},
        {"content",
         {{"application/problem+json",
           {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}}},
  };

  if (route.access == Access::kPublic) {
    operation["security"] = json::array();
  } else {
    operation["security"] =
        json::array({{{"sessionCookie", json::array()}}, {{"bearerToken", json::array()}}});
  }
  return operation;
}

}  // namespace

nlohmann::json OpenApiDocument(const Router& router, std::string_view version) {
  json paths = json::object();
  std::set<std::string> tags;
  for (const RouteSpec& route : router.routes()) {
    paths[route.pattern][internal::AsciiToLower(route.method)] = Operation(route);
    if (!route.tag.empty()) tags.insert(route.tag);
  }
  json tag_list = json::array();
  for (const std::string& tag : tags) tag_list.push_back({{"name", tag}});

  return {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "iphub API"},
        {"version", std::string(version)},
        {"description", "IP public-services platform. Errors are application/problem+json."}}},
      {"tags", std::move(tag_list)},
      {"paths", std::move(paths)},
      {"components",
       {{"schemas", {{"Problem", ProblemSchema()}}},
        {"securitySchemes",
         {{"sessionCookie",
           {{"type", "apiKey"},
            {"in", "cookie"},
            {"name", "iphub_session"},
            {"description", "Browser session; state-changing requests also need X-CSRF-Token."}}},
          {"bearerToken",
           {{"type", "http"},
            {"scheme", "bearer"},
            {"description", "API token (iph_...) from POST /api/v1/auth/tokens."}}}}}}},
  };
}

}  // namespace iphub::http
