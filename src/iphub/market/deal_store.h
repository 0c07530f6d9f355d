// SQL of deals (migrations/0003_deals.sql). Deals are read joined with their
// workflow state, the listing and the organisations' names.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/db/database.h"
#include "iphub/market/deal.h"

namespace iphub::market::deal_store {

absl::StatusOr<int64_t> InsertDeal(db::Connection& conn, const Deal& deal);
// NotFound when there is none.
absl::StatusOr<Deal> GetDeal(db::Connection& conn, int64_t id);
absl::Status Touch(db::Connection& conn, int64_t id, int64_t now_ms);
absl::Status SetAgreement(db::Connection& conn, int64_t id, std::optional<int64_t> price_fen,
                          std::string_view terms, int64_t agreed_at);
absl::Status SetRecordalNumber(db::Connection& conn, int64_t id, std::string_view number);
absl::Status SetRecordedEvent(db::Connection& conn, int64_t id, std::string_view event);

struct DealQuery {
  std::optional<int64_t> org_id{};             // deals where it is buyer, seller or lister
  std::optional<std::string> region_prefix{};  // deals whose region is under it
  std::vector<std::string> states{};           // empty: any
  std::optional<int64_t> listing_id{};
  std::optional<int64_t> buyer_org_id{};
  int64_t limit = 20;
  int64_t offset = 0;
};
// Most recently changed first, with the total.
absl::StatusOr<std::pair<std::vector<Deal>, int64_t>> ListDeals(db::Connection& conn,
                                                                const DealQuery& query);

// Deal evidence (deal_evidence.h). The deals on any of `publication_numbers` whose state is one
// of `states`, latest agreement first.
absl::StatusOr<std::vector<Deal>> DealsOnPatents(
    db::Connection& conn, const std::vector<std::string>& publication_numbers,
    const std::vector<std::string>& states);

struct ComparablePrice {
  ListingKind kind = ListingKind::kTransfer;
  int64_t price_fen = 0;
};
// The kinds and agreed prices of deals in one of `states`, with a price, agreed in
// [from_ms, to_ms], on stored patents whose main IPC symbol starts with `ipc_subclass`, other
// than `excluded` publication numbers.
absl::StatusOr<std::vector<ComparablePrice>> ComparablePrices(
    db::Connection& conn, std::string_view ipc_subclass, int64_t from_ms, int64_t to_ms,
    const std::vector<std::string>& states, const std::vector<std::string>& excluded);

absl::StatusOr<int64_t> InsertMessage(db::Connection& conn, const DealMessage& message);
absl::StatusOr<std::vector<DealMessage>> MessagesOf(db::Connection& conn, int64_t deal_id);

// Inserts an open offer and marks the deal's earlier open offer superseded.
absl::StatusOr<int64_t> InsertOffer(db::Connection& conn, const DealOffer& offer);
absl::StatusOr<std::vector<DealOffer>> OffersOf(db::Connection& conn, int64_t deal_id);
// The deal's open offer, if one stands.
absl::StatusOr<std::optional<DealOffer>> StandingOffer(db::Connection& conn, int64_t deal_id);
absl::Status AcceptOffer(db::Connection& conn, int64_t offer_id);

absl::Status InsertContract(db::Connection& conn, const DealContract& contract);
absl::StatusOr<std::optional<DealContract>> ContractOf(db::Connection& conn, int64_t deal_id);

}  // namespace iphub::market::deal_store
