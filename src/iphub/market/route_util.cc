#include "iphub/market/route_util.h"

#include <utility>

#include "iphub/base/status.h"

namespace iphub::market {

absl::StatusOr<TransitionRequest> TransitionRequestOf(const nlohmann::json& body) {
  TransitionRequest request;
  IPHUB_ASSIGN_OR_RETURN(request.transition, http::RequiredString(body, "transition"));
  IPHUB_ASSIGN_OR_RETURN(std::optional<std::string> reason, http::OptionalString(body, "reason"));
  request.options.reason = reason.value_or("");
  IPHUB_ASSIGN_OR_RETURN(request.options.expected_version, http::OptionalInt(body, "version"));
  return request;
}

nlohmann::json TransitionRequestSchema(nlohmann::json extra) {
  nlohmann::json properties = {{"transition", http::StringSchema()},
                               {"reason", http::StringSchema()},
                               {"version", http::IntSchema()}};
  properties.update(extra);
  return http::ObjectSchema(std::move(properties), {"transition"});
}

nlohmann::json PageJson(nlohmann::json items, int64_t total, const http::Page& page) {
  return {{"items", std::move(items)}, {"total", total}, {"page", page.page}, {"size", page.size}};
}

}  // namespace iphub::market
