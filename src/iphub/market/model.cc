#include "iphub/market/model.h"

#include <algorithm>
#include <array>

#include "iphub/base/status.h"
#include "iphub/base/strings.h"

namespace iphub::market {
namespace {

constexpr std::array<std::string_view, kListingKindCount> kKindNames = {
    "transfer",     "exclusive_licence",
    "sole_licence", "non_exclusive_licence",
    "open_licence", "equity",
    "pledge"};

constexpr size_t kMaxTitleChars = 200;
constexpr size_t kMaxTextChars = 5000;
constexpr size_t kMaxShortChars = 100;

}  // namespace

absl::Status NormalizeText(std::string& value, std::string_view field, size_t max_chars,
                           bool required) {
  value = std::string(base::StripWhitespace(value));
  if (required && value.empty()) return base::InvalidField(field, "is required");
  if (base::CodePointCount(value) > max_chars) {
    return base::InvalidField(field, base::StrCat("must be at most ", max_chars, " characters"));
  }
  for (char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
      return base::InvalidField(field, "holds a control character");
    }
  }
  return absl::OkStatus();
}

std::string_view ListingKindName(ListingKind kind) { return kKindNames[static_cast<int>(kind)]; }

absl::StatusOr<ListingKind> ParseListingKind(std::string_view name) {
  for (int i = 0; i < kListingKindCount; ++i) {
    if (kKindNames[i] == name) return static_cast<ListingKind>(i);
  }
  return base::InvalidField(
      "kind", base::StrCat("\"", name,
                           "\" is not one of transfer, exclusive_licence, "
                           "sole_licence, non_exclusive_licence, open_licence, equity, pledge"));
}

std::string_view ContactVisibilityName(ContactVisibility visibility) {
  switch (visibility) {
    case ContactVisibility::kPublic:
      return "public";
    case ContactVisibility::kMembers:
      return "members";
    case ContactVisibility::kOnRequest:
      return "on_request";
  }
  return "members";
}

absl::StatusOr<ContactVisibility> ParseContactVisibility(std::string_view name) {
  if (name == "public") return ContactVisibility::kPublic;
  if (name == "members") return ContactVisibility::kMembers;
  if (name == "on_request") return ContactVisibility::kOnRequest;
  return base::InvalidField(
      "contact_visibility",
      base::StrCat("\"", name, "\" is not one of public, members, on_request"));
}

std::string_view RightTypeName(RightType type) {
  switch (type) {
    case RightType::kPatent:
      return "patent";
    case RightType::kTrademark:
      return "trademark";
    case RightType::kCopyright:
      return "copyright";
  }
  return "patent";
}

absl::StatusOr<RightType> ParseRightType(std::string_view name) {
  for (RightType type : {RightType::kPatent, RightType::kTrademark, RightType::kCopyright}) {
    if (RightTypeName(type) == name) return type;
  }
  return base::InvalidField("right_type", "must be patent, trademark or copyright");
}

absl::Status ValidateListingInput(ListingInput& input) {
  IPHUB_ASSIGN_OR_RETURN(RightType right_type, ParseRightType(input.right_type));
  IPHUB_RETURN_IF_ERROR(NormalizeText(input.patent, "patent", kMaxShortChars, true));
  IPHUB_ASSIGN_OR_RETURN(ListingKind kind, ParseListingKind(input.kind));
  if (kind == ListingKind::kOpenLicence && right_type != RightType::kPatent) {
    return base::InvalidField("kind", "open licences (专利开放许可) are for patents only");
  }
  IPHUB_RETURN_IF_ERROR(NormalizeText(input.title, "title", kMaxTitleChars, false));
  if (input.price_fen.has_value() && (*input.price_fen < 0 || *input.price_fen > kMaxAmountFen)) {
    return base::InvalidField("price_fen", "must be between 0 and 100,000,000,000 yuan in fen");
  }
  IPHUB_RETURN_IF_ERROR(NormalizeText(input.terms, "terms", kMaxTextChars, false));
  if (kind == ListingKind::kOpenLicence) {
    // 专利法 第五十条: an open licence declares how the fee is paid and its standard.
    if (!input.price_fen.has_value()) {
      return base::InvalidField("price_fen", "an open licence declares its fee");
    }
    if (input.terms.empty()) {
      return base::InvalidField("terms", "an open licence declares its terms (fee payment, term)");
    }
  }
  input.region_code = std::string(base::StripWhitespace(input.region_code));
  if (!input.region_code.empty() &&
      (input.region_code.size() != 6 ||
       !std::all_of(input.region_code.begin(), input.region_code.end(), base::IsAsciiDigit))) {
    return base::InvalidField("region_code", "must be a six-digit GB/T 2260 code");
  }
  IPHUB_RETURN_IF_ERROR(NormalizeText(input.industry, "industry", kMaxShortChars, true));
  if (input.trl < 1 || input.trl > 9) {
    return base::InvalidField("trl", "technology readiness level must be 1 to 9");
  }
  IPHUB_RETURN_IF_ERROR(NormalizeText(input.scenarios, "scenarios", kMaxTextChars, true));
  IPHUB_RETURN_IF_ERROR(NormalizeText(input.description, "description", kMaxTextChars, false));
  IPHUB_RETURN_IF_ERROR(NormalizeText(input.contact_name, "contact_name", kMaxShortChars, false));
  IPHUB_RETURN_IF_ERROR(NormalizeText(input.contact_phone, "contact_phone", 40, false));
  return ParseContactVisibility(input.contact_visibility).status();
}

bool OffersConflict(ListingKind a, ListingKind b) {
  auto exclusive = [](ListingKind kind) {
    return kind == ListingKind::kTransfer || kind == ListingKind::kEquity ||
           kind == ListingKind::kExclusiveLicence || kind == ListingKind::kSoleLicence;
  };
  if (exclusive(a) || exclusive(b)) return true;
  return a == ListingKind::kPledge && b == ListingKind::kPledge;
}

const workflow::Machine& ListingMachine() {
  static const workflow::Machine* const kMachine = new workflow::Machine{
      .kind = "listing",
      .initial = "draft",
      .states = {{.name = "draft", .label_zh = "草稿", .label_en = "Draft"},
                 {.name = "pending_review", .label_zh = "待审核", .label_en = "Pending review"},
                 {.name = "published", .label_zh = "已发布", .label_en = "Published"},
                 {.name = "rejected", .label_zh = "已驳回", .label_en = "Rejected"},
                 {.name = "closed", .label_zh = "已成交", .label_en = "Closed"},
                 {.name = "withdrawn", .label_zh = "已撤回", .label_en = "Withdrawn"}},
      .final_states = {"closed", "withdrawn"},
      .transitions = {{.name = "submit",
                       .from = {"draft", "rejected"},
                       .to = "pending_review",
                       .roles = {"lister"},
                       .preconditions = {"patent_in_force", "lister_entitled", "no_conflict"},
                       .label_zh = "提交审核",
                       .label_en = "Submit for review"},
                      {.name = "approve",
                       .from = {"pending_review"},
                       .to = "published",
                       .roles = {"reviewer"},
                       .preconditions = {"patent_in_force", "lister_entitled", "no_conflict"},
                       .label_zh = "审核通过",
                       .label_en = "Approve"},
                      {.name = "reject",
                       .from = {"pending_review"},
                       .to = "rejected",
                       .roles = {"reviewer"},
                       .reason_required = true,
                       .label_zh = "驳回",
                       .label_en = "Reject"},
                      {.name = "close",
                       .from = {"published"},
                       .to = "closed",
                       .roles = {"lister", "system"},
                       .label_zh = "成交关闭",
                       .label_en = "Close as done"},
                      {.name = "withdraw",
                       .from = {"draft", "pending_review", "published", "rejected"},
                       .to = "withdrawn",
                       .roles = {"lister"},
                       .label_zh = "撤回",
                       .label_en = "Withdraw"},
                      {.name = "take_down",
                       .from = {"published"},
                       .to = "withdrawn",
                       .roles = {"reviewer"},
                       .reason_required = true,
                       .label_zh = "下架",
                       .label_en = "Take down"}}};
  return *kMachine;
}

}  // namespace iphub::market
