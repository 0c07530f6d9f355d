// Deals: a member of an organisation opens one on a published listing (an
// inquiry with a first message); the seller — the patent's holder, or the
// agency that listed it — responds; the parties exchange messages and offers;
// one side accepts the other's standing offer, which drafts the contract
// (contract.h); a party files the recordal with the patent office; the
// recordal is confirmed when the patent's own legal events show it (TR01 to the
// buyer for a transfer or equity contribution, EE01 to the buyer for a
// licence) — by the platform after an import (SweepRecordals) or by an official
// of the region — and the deal closes. Every step is a transition of
// DealMachine: refused with 409 and the reason, audited when it happens.
//
// Who sees what: a deal only its parties (members of the buyer, seller and
// lister organisations), the officials of its region and platform
// administrators — NotFound to everyone else. Only the parties write in it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/auth/model.h"
#include "iphub/base/clock.h"
#include "iphub/db/database.h"
#include "iphub/market/deal.h"
#include "iphub/market/deal_evidence.h"
#include "iphub/workflow/workflow.h"

namespace iphub::market {

struct DealInput {
  int64_t listing_id = 0;
  std::optional<int64_t> demand_id{};  // the buyer's demand the listing answers
  std::string message{};               // the inquiry
};

struct OfferInput {
  std::optional<int64_t> price_fen{};
  std::string terms{};
};

struct DealView {
  Deal deal{};
  std::optional<DealSide> side{};  // the caller's part, if a party
  bool official = false;           // the caller reviews the deal's region
  std::vector<DealOffer> offers{};
  std::vector<DealMessage> messages{};
  std::optional<DealContract> contract{};
  std::vector<workflow::Event> history{};
  std::vector<workflow::Option> actions{};
};

struct DealFilter {
  std::string scope = "mine";  // "mine": the caller organisation's; "region": an official's
  std::string state{};
  int64_t limit = 20;
  int64_t offset = 0;
};

struct TransitionInput {
  std::string transition{};
  workflow::FireOptions options{};
  std::optional<int64_t> offer_id{};  // "agree": the offer the caller saw (refused if superseded)
  std::string recordal_number{};      // "file_recordal"
};

class DealService {
 public:
  DealService(db::Database& database, base::Clock& clock);

  const workflow::Machine& machine() const { return workflow_.machine(); }

  absl::StatusOr<DealView> Open(const auth::Principal* principal, DealInput input);
  absl::StatusOr<DealView> Get(const auth::Principal* principal, int64_t id);
  absl::StatusOr<std::pair<std::vector<DealView>, int64_t>> List(const auth::Principal* principal,
                                                                 const DealFilter& filter);
  absl::StatusOr<DealMessage> Say(const auth::Principal* principal, int64_t id, std::string text);
  absl::StatusOr<DealOffer> MakeOffer(const auth::Principal* principal, int64_t id,
                                      OfferInput input);
  absl::StatusOr<DealView> Transition(const auth::Principal* principal, int64_t id,
                                      TransitionInput input);
  // The agreed contract as a PDF file; NotFound before the agreement.
  absl::StatusOr<std::string> ContractPdf(const auth::Principal* principal, int64_t id);

  // The market evidence for valuing a patent (deal_evidence.h), written any usual way
  // ("CN119990001B", "CN 119990001 B", its application number): its own agreed deals — id and
  // price only where the caller may see the deal (MaySee) — and the comparable deals' figures.
  // Unauthenticated without a principal; NotFound for a patent not stored. Defined in
  // deal_evidence.cc.
  absl::StatusOr<DealEvidence> Evidence(const auth::Principal* principal, std::string_view number);

  // Confirms, as the platform, every filed recordal that the patent's legal events
  // now show, and closes those deals; returns how many. Run after imports.
  absl::StatusOr<int> SweepRecordals();

 private:
  std::optional<DealSide> SideOf(const auth::Principal* principal, const Deal& deal) const;
  workflow::Actor ActorFor(const auth::Principal* principal, const Deal& deal) const;
  bool MaySee(const auth::Principal* principal, const Deal& deal) const;
  // The deal, NotFound when the caller may not see it; `party`: PermissionDenied for a
  // non-party.
  absl::StatusOr<Deal> Load(db::Connection& conn, const auth::Principal* principal, int64_t id,
                            bool party) const;
  absl::StatusOr<DealView> ViewOf(db::Connection& conn, const auth::Principal* principal, Deal deal,
                                  bool full);
  // The legal event that records the deal ("TR01 2026-12-01"), or "" when none does yet.
  absl::StatusOr<std::string> RecordalEvent(db::Connection& conn, const Deal& deal) const;
  absl::Status DraftContract(db::Connection& conn, const Deal& deal, const DealOffer& offer,
                             int64_t now_ms);

  db::Database& database_;
  base::Clock& clock_;
  workflow::Workflow workflow_;
};

}  // namespace iphub::market
