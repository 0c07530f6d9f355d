#include "iphub/market/demand.h"

#include <algorithm>

#include "iphub/base/civil_date.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"

namespace iphub::market {

absl::Status ValidateDemandInput(DemandInput& input) {
  IPHUB_RETURN_IF_ERROR(NormalizeText(input.title, "title", 200, true));
  IPHUB_RETURN_IF_ERROR(NormalizeText(input.problem, "problem", 5000, true));
  IPHUB_RETURN_IF_ERROR(NormalizeText(input.industry, "industry", 100, true));
  IPHUB_RETURN_IF_ERROR(NormalizeText(input.ipc, "ipc", 40, false));
  if (input.budget_fen.has_value() &&
      (*input.budget_fen < 0 || *input.budget_fen > kMaxAmountFen)) {
    return base::InvalidField("budget_fen", "must be between 0 and 100,000,000,000 yuan in fen");
  }
  input.deadline = std::string(base::StripWhitespace(input.deadline));
  if (!base::ParseCivilDate(input.deadline).has_value()) {
    return base::InvalidField("deadline", "must be a date YYYY-MM-DD");
  }
  input.region_code = std::string(base::StripWhitespace(input.region_code));
  if (!input.region_code.empty() &&
      (input.region_code.size() != 6 ||
       !std::all_of(input.region_code.begin(), input.region_code.end(), base::IsAsciiDigit))) {
    return base::InvalidField("region_code", "must be a six-digit GB/T 2260 code");
  }
  IPHUB_RETURN_IF_ERROR(NormalizeText(input.contact_name, "contact_name", 100, false));
  IPHUB_RETURN_IF_ERROR(NormalizeText(input.contact_phone, "contact_phone", 40, false));
  return ParseContactVisibility(input.contact_visibility).status();
}

std::string_view InvitationState(const Invitation& invitation, int64_t now_ms) {
  if (invitation.responded_at.has_value()) {
    return *invitation.responded_at <= invitation.respond_by ? "answered_on_time" : "answered_late";
  }
  return now_ms > invitation.respond_by ? "overdue" : "pending";
}

const workflow::Machine& DemandMachine() {
  static const workflow::Machine* const kMachine = new workflow::Machine{
      .kind = "demand",
      .initial = "draft",
      .states = {{.name = "draft", .label_zh = "草稿", .label_en = "Draft"},
                 {.name = "open", .label_zh = "征集中", .label_en = "Open"},
                 {.name = "closed", .label_zh = "已结束", .label_en = "Closed"},
                 {.name = "withdrawn", .label_zh = "已撤回", .label_en = "Withdrawn"}},
      .final_states = {"closed", "withdrawn"},
      .transitions = {{.name = "publish",
                       .from = {"draft"},
                       .to = "open",
                       .roles = {"poster"},
                       .preconditions = {"deadline_ahead"},
                       .label_zh = "发布",
                       .label_en = "Publish"},
                      {.name = "close",
                       .from = {"open"},
                       .to = "closed",
                       .roles = {"poster"},
                       .label_zh = "结束征集",
                       .label_en = "Close"},
                      {.name = "withdraw",
                       .from = {"draft", "open"},
                       .to = "withdrawn",
                       .roles = {"poster"},
                       .label_zh = "撤回",
                       .label_en = "Withdraw"},
                      {.name = "take_down",
                       .from = {"open"},
                       .to = "withdrawn",
                       .roles = {"reviewer"},
                       .reason_required = true,
                       .label_zh = "下架",
                       .label_en = "Take down"}}};
  return *kMachine;
}

}  // namespace iphub::market
