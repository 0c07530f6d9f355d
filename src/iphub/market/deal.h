// Deals (issue #6 §5): an organisation's inquiry on a published listing,
// carried through negotiation (messages, offers and counter-offers) to an
// agreement with a contract drafted from a template (contract.h), the recordal
// filed with the patent office, and the recordal itself — the TR01 transfer or
// EE01 licence event on the patent naming the buyer — which closes the deal.
// The deal's life is a workflow (DealMachine; docs/workflow.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "iphub/market/model.h"
#include "iphub/workflow/machine.h"

namespace iphub::market {

enum class DealSide { kBuyer, kSeller };
std::string_view DealSideName(DealSide side);  // "buyer", "seller"

struct Deal {
  int64_t id = 0;
  int64_t listing_id = 0;
  std::string listing_title{};
  std::optional<int64_t> demand_id{};
  std::string publication_number{};
  std::string patent_title{};
  ListingKind kind = ListingKind::kTransfer;
  int64_t buyer_org_id = 0;
  std::string buyer_org_name{};
  int64_t seller_org_id = 0;  // the patent's holder
  std::string seller_org_name{};
  int64_t lister_org_id = 0;  // who listed it: the holder or its agency
  std::string lister_org_name{};
  std::string region_code{};  // the listing's
  std::optional<int64_t> asking_price_fen{};
  std::optional<int64_t> agreed_price_fen{};
  std::string agreed_terms{};
  std::optional<int64_t> agreed_at{};
  std::string recordal_number{};
  std::string recorded_event{};  // "EE01 2026-12-01" once recorded
  int64_t created_by = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::string state{};  // the workflow's
  int64_t version = 0;
  int64_t state_since = 0;
};

struct DealMessage {
  int64_t id = 0;
  int64_t deal_id = 0;
  DealSide side = DealSide::kBuyer;
  int64_t author_id = 0;
  std::string author{};  // display name
  std::string text{};
  int64_t created_at = 0;
};

enum class OfferStatus { kOpen, kSuperseded, kAccepted };
std::string_view OfferStatusName(OfferStatus status);  // "open", "superseded", "accepted"

struct DealOffer {
  int64_t id = 0;
  int64_t deal_id = 0;
  DealSide side = DealSide::kBuyer;
  int64_t author_id = 0;
  std::string author{};
  std::optional<int64_t> price_fen{};  // nullopt: no price named (terms only)
  std::string terms{};
  OfferStatus status = OfferStatus::kOpen;
  int64_t created_at = 0;
};

struct DealContract {
  int64_t deal_id = 0;
  std::string template_name{};  // "transfer", "licence", "open_licence", "equity"
  std::string title{};
  std::string text{};
  int64_t created_at = 0;
};

inline constexpr size_t kMaxDealMessageChars = 4000;
inline constexpr size_t kMaxOfferTermsChars = 4000;

// Whether a listing of this kind can become a deal here: pledges are financed
// through the finance module, not sold.
bool DealableKind(ListingKind kind);

// A recordal number as the office gives it: letters, digits and '-', 6–40 characters;
// InvalidArgument naming "recordal_number" otherwise. Trims `number`.
absl::Status ValidateRecordalNumber(std::string& number);

// The deal workflow: inquiry → negotiating (the seller responds) → agreed (a
// party accepts the other's standing offer) → recordal_filed → recorded (the
// office's event is on the patent) → closed; withdrawn from any state before
// the recordal is filed. Roles "buyer", "seller", "reviewer" (the region's
// officials), "system".
const workflow::Machine& DealMachine();

}  // namespace iphub::market
