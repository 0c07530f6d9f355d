// Building blocks for the JSON Schemas in route declarations (RouteSpec's
// request_schema / response_schema), from which openapi.json is generated.
//
//   .response_schema = http::ListSchema(http::ObjectSchema({{"name", http::StringSchema()}})),
//   .query_params = http::WithPaging({{"q", "name contains"}}),
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "nlohmann/json.hpp"

namespace iphub::http {

inline nlohmann::json StringSchema() { return {{"type", "string"}}; }
inline nlohmann::json IntSchema() { return {{"type", "integer"}, {"format", "int64"}}; }
inline nlohmann::json NumberSchema() { return {{"type", "number"}}; }
inline nlohmann::json BoolSchema() { return {{"type", "boolean"}}; }
inline nlohmann::json NullableOf(nlohmann::json schema) {
  schema["nullable"] = true;
  return schema;
}
inline nlohmann::json ArrayOf(nlohmann::json item) {
  return {{"type", "array"}, {"items", std::move(item)}};
}
inline nlohmann::json ObjectSchema(nlohmann::json properties,
                                   std::vector<std::string> required = {}) {
  nlohmann::json schema = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) schema["required"] = required;
  return schema;
}
// {"items": [...], "total", "page", "size"}: the shape of every paged list.
inline nlohmann::json ListSchema(nlohmann::json item) {
  return ObjectSchema({{"items", ArrayOf(std::move(item))},
                       {"total", IntSchema()},
                       {"page", IntSchema()},
                       {"size", IntSchema()}});
}

using QueryParams = std::vector<std::pair<std::string, std::string>>;  // name, description

// `params` followed by the paging parameters PageFromQuery reads.
inline QueryParams WithPaging(QueryParams params, int max_size = 200) {
  params.emplace_back("page", "page number, from 1");
  params.emplace_back("size", "page size, 1.." + std::to_string(max_size) + " (default 20)");
  return params;
}

}  // namespace iphub::http
