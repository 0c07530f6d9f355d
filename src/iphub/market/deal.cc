#include "iphub/market/deal.h"

#include <algorithm>

#include "iphub/base/status.h"
#include "iphub/base/strings.h"

namespace iphub::market {

std::string_view DealSideName(DealSide side) {
  return side == DealSide::kBuyer ? "buyer" : "seller";
}

std::string_view OfferStatusName(OfferStatus status) {
  switch (status) {
    case OfferStatus::kOpen:
      return "open";
    case OfferStatus::kSuperseded:
      return "superseded";
    case OfferStatus::kAccepted:
      return "accepted";
  }
  return "open";
}

bool DealableKind(ListingKind kind) { return kind != ListingKind::kPledge; }

absl::Status ValidateRecordalNumber(std::string& number) {
  number = std::string(base::StripWhitespace(number));
  const bool well_formed = number.size() >= 6 && number.size() <= 40 &&
                           std::all_of(number.begin(), number.end(), [](char c) {
                             return base::IsAsciiDigit(c) || base::IsAsciiAlpha(c) || c == '-';
                           });
  if (!well_formed) {
    return base::InvalidField("recordal_number",
                              "must be the office's number: 6 to 40 letters, digits or '-'");
  }
  return absl::OkStatus();
}

const workflow::Machine& DealMachine() {
  static const workflow::Machine* const kMachine = new workflow::Machine{
      .kind = "deal",
      .initial = "inquiry",
      .states = {{.name = "inquiry", .label_zh = "询价", .label_en = "Inquiry"},
                 {.name = "negotiating", .label_zh = "洽谈中", .label_en = "Negotiating"},
                 {.name = "agreed", .label_zh = "已达成协议", .label_en = "Agreed"},
                 {.name = "recordal_filed",
                  .label_zh = "已提交备案登记",
                  .label_en = "Recordal filed"},
                 {.name = "recorded", .label_zh = "已登记", .label_en = "Recorded"},
                 {.name = "closed", .label_zh = "已完成", .label_en = "Closed"},
                 {.name = "withdrawn", .label_zh = "已撤回", .label_en = "Withdrawn"}},
      .final_states = {"closed", "withdrawn"},
      .transitions = {{.name = "respond",
                       .from = {"inquiry"},
                       .to = "negotiating",
                       .roles = {"seller"},
                       .label_zh = "接洽",
                       .label_en = "Respond"},
                      {.name = "agree",
                       .from = {"negotiating"},
                       .to = "agreed",
                       .roles = {"buyer", "seller"},
                       .preconditions = {"offer_standing"},
                       .label_zh = "接受报价",
                       .label_en = "Accept the offer"},
                      {.name = "file_recordal",
                       .from = {"agreed"},
                       .to = "recordal_filed",
                       .roles = {"buyer", "seller"},
                       .label_zh = "提交备案登记",
                       .label_en = "File the recordal"},
                      {.name = "record",
                       .from = {"recordal_filed"},
                       .to = "recorded",
                       .roles = {"reviewer", "system"},
                       .preconditions = {"recordal_on_register"},
                       .label_zh = "确认登记",
                       .label_en = "Confirm the recordal"},
                      {.name = "close",
                       .from = {"recorded"},
                       .to = "closed",
                       .roles = {"buyer", "seller", "system"},
                       .label_zh = "完成交易",
                       .label_en = "Close the deal"},
                      {.name = "withdraw",
                       .from = {"inquiry", "negotiating", "agreed"},
                       .to = "withdrawn",
                       .roles = {"buyer", "seller"},
                       .reason_required = true,
                       .label_zh = "撤回",
                       .label_en = "Withdraw"}}};
  return *kMachine;
}

}  // namespace iphub::market
