// Marketplace listings (issue #6 §2): a patent offered for transfer, licence,
// open licence (专利开放许可), contribution as equity (作价入股) or pledge, by its
// holder or an agency the holder authorised, published after an official of
// the listing's region approves it. The listing's life is a workflow
// (ListingMachine): draft → pending_review → published (or rejected, back to
// draft) → closed or withdrawn.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/workflow/machine.h"

namespace iphub::market {

enum class ListingKind {
  kTransfer,             // 转让
  kExclusiveLicence,     // 独占许可
  kSoleLicence,          // 排他许可
  kNonExclusiveLicence,  // 普通许可
  kOpenLicence,          // 开放许可: a declared fee and terms, the same for everyone
  kEquity,               // 作价入股
  kPledge,               // 质押融资
};
inline constexpr int kListingKindCount = 7;

std::string_view ListingKindName(ListingKind kind);  // "transfer", "exclusive_licence", …
absl::StatusOr<ListingKind> ParseListingKind(std::string_view name);

// What is offered: a patent (the default), a registered trademark, or a registered copyright
// (software or work). Open licences are for patents only (专利法 第五十条).
enum class RightType { kPatent, kTrademark, kCopyright };
std::string_view RightTypeName(RightType type);  // "patent", "trademark", "copyright"
absl::StatusOr<RightType> ParseRightType(std::string_view name);

// Who sees the contact person: everyone, logged-in users, or nobody until the
// lister answers an inquiry.
enum class ContactVisibility { kPublic, kMembers, kOnRequest };
std::string_view ContactVisibilityName(ContactVisibility visibility);
absl::StatusOr<ContactVisibility> ParseContactVisibility(std::string_view name);

// What a lister writes. Money is integer fen.
struct ListingInput {
  std::string right_type = "patent";  // RightTypeName
  // A patent's publication or application number as the user writes it; a trademark's
  // registration number; a copyright's registration number (2016SR309930, 国作登字-…).
  std::string patent{};
  std::string kind{};                  // ListingKindName
  std::string title{};                 // "" → the patent's title
  std::optional<int64_t> price_fen{};  // nullopt: negotiable (面议); the open-licence fee per year
  std::string terms{};                 // licence or transfer terms (required for open licences)
  std::string region_code{};           // "" → the lister organisation's region
  std::string industry{};
  int trl = 0;              // technology readiness level 1..9
  std::string scenarios{};  // application scenarios and products
  std::string description{};
  std::string contact_name{};
  std::string contact_phone{};
  std::string contact_visibility = "members";
  std::optional<int64_t> holder_org_id{};  // an agency's listing: the holder it acts for
};

struct Listing {
  int64_t id = 0;
  RightType right_type = RightType::kPatent;
  std::string publication_number{};  // a trademark's or copyright's registration number
  std::string patent_title{};
  ListingKind kind = ListingKind::kTransfer;
  std::string title{};
  std::optional<int64_t> price_fen{};
  std::string terms{};
  std::string region_code{};
  std::string industry{};
  int trl = 0;
  std::string scenarios{};
  std::string description{};
  std::string contact_name{};
  std::string contact_phone{};
  ContactVisibility contact_visibility = ContactVisibility::kMembers;
  int64_t lister_org_id = 0;
  std::string lister_org_name{};
  int64_t holder_org_id = 0;
  std::string holder_org_name{};
  int64_t created_by = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::string state{};  // the workflow's
  int64_t version = 0;
  int64_t state_since = 0;
};

// The largest price or budget taken: 1,000 亿元.
inline constexpr int64_t kMaxAmountFen = 10'000'000'000'000LL;

// Trims `value` and checks it: required (not empty), at most `max_chars` characters, no
// control characters but line breaks and tabs; InvalidArgument naming `field` otherwise.
absl::Status NormalizeText(std::string& value, std::string_view field, size_t max_chars,
                           bool required);

// Checks and normalises what a lister wrote (trimmed text, limits, TRL 1..9,
// a non-negative price, terms for an open licence); InvalidArgument naming the
// field otherwise. Does not look anything up.
absl::Status ValidateListingInput(ListingInput& input);

// Whether two offers of one patent cannot stand side by side: a transfer, an
// equity contribution or an exclusive or sole licence excludes every other
// offer; two pledges exclude each other; non-exclusive and open licences
// coexist with each other and with a pledge.
bool OffersConflict(ListingKind a, ListingKind b);

// The listing workflow (workflow/machine.h). Roles: "lister" (a member of the
// listing organisation), "reviewer" (an official whose region holds the
// listing's, or a platform administrator), "system".
const workflow::Machine& ListingMachine();

}  // namespace iphub::market
