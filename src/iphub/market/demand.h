// The demand library (需求库, issue #6 §3): an organisation's need in plain
// language — the problem, field, budget, deadline, region — published for
// suppliers to answer, and invitations to chosen suppliers whose answers are
// timed against a deadline (docs/api.md, "Demand library").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "iphub/market/model.h"
#include "iphub/workflow/machine.h"

namespace iphub::market {

struct DemandInput {
  std::string title{};
  std::string problem{};  // the need in plain language
  std::string industry{};
  std::string ipc{};                    // optional class hint ("H01M")
  std::optional<int64_t> budget_fen{};  // nullopt: negotiable
  std::string deadline{};               // YYYY-MM-DD
  std::string region_code{};            // "" → the poster's region
  std::string contact_name{};
  std::string contact_phone{};
  std::string contact_visibility = "members";
};

struct Demand {
  int64_t id = 0;
  std::string title{};
  std::string problem{};
  std::string industry{};
  std::string ipc{};
  std::optional<int64_t> budget_fen{};
  std::string deadline{};
  std::string region_code{};
  std::string contact_name{};
  std::string contact_phone{};
  ContactVisibility contact_visibility = ContactVisibility::kMembers;
  int64_t org_id = 0;
  std::string org_name{};
  int64_t created_by = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::string state{};  // the workflow's
  int64_t version = 0;
  int64_t state_since = 0;
};

// Trims and checks what a poster wrote; InvalidArgument naming the field. The
// deadline must be a real date (whether it has passed is the "publish" check).
absl::Status ValidateDemandInput(DemandInput& input);

// An invitation to a supplier, and what became of it.
struct Invitation {
  int64_t id = 0;
  int64_t demand_id = 0;
  std::string demand_title{};
  int64_t supplier_org_id = 0;
  std::string supplier_org_name{};
  int64_t invited_by = 0;
  int64_t invited_at = 0;
  int64_t respond_by = 0;  // invited_at + the response window
  std::optional<int64_t> responded_at{};
  std::optional<std::string> answer{};  // "interested" or "declined"
  std::string message{};
};

// "pending", "overdue" (unanswered after respond_by), "answered_on_time", "answered_late".
std::string_view InvitationState(const Invitation& invitation, int64_t now_ms);

// The demand workflow: draft → open (publish) → closed; withdrawn; taken down by a
// reviewer. Roles "poster", "reviewer".
const workflow::Machine& DemandMachine();

}  // namespace iphub::market
