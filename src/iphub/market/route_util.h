// What the market's routes share: the body of a workflow transition and a page of results.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "iphub/http/message.h"
#include "iphub/http/schema.h"
#include "iphub/workflow/workflow.h"
#include "nlohmann/json.hpp"

namespace iphub::market {

struct TransitionRequest {
  std::string transition{};
  workflow::FireOptions options{};
};

// {"transition" (required), "reason", "version"}; InvalidArgument naming the field.
absl::StatusOr<TransitionRequest> TransitionRequestOf(const nlohmann::json& body);

// The request schema of a transition: those three properties and `extra` ones.
nlohmann::json TransitionRequestSchema(nlohmann::json extra = nlohmann::json::object());

// {"items", "total", "page", "size"}: one page of a list.
nlohmann::json PageJson(nlohmann::json items, int64_t total, const http::Page& page);

}  // namespace iphub::market
