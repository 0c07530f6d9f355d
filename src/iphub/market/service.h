// Listings: created as drafts by a member of an organisation (the holder, or an
// agency the holder authorised), checked and submitted, approved or rejected by
// an official of the listing's region, then public until withdrawn, taken down
// or closed. Every step is a transition of ListingMachine (workflow.h): refused
// with 409 and the reason when the state does not allow it or a check fails,
// audited when it happens.
//
// The checks (preconditions of "submit" and again of "approve"):
//   patent_in_force   the patent is granted and in force today (legal_status.h)
//   lister_entitled   the holder organisation is the patent's current holder
//                     (rights_position.h, names compared after normalisation and
//                     aliases), and an agency lister holds an authorisation in force
//   no_conflict       no recorded exclusive or sole licence, no registered pledge
//                     and no other pending or published listing of the patent
//                     stands against this offer (OffersConflict)
//
// Who sees what: published and closed listings are public (the contact person as
// its visibility says); drafts, pending, rejected and withdrawn ones only the
// listing and holder organisations and the reviewers of the region (NotFound to
// others).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/auth/model.h"
#include "iphub/base/clock.h"
#include "iphub/db/database.h"
#include "iphub/market/model.h"
#include "iphub/market/store.h"
#include "iphub/workflow/workflow.h"

namespace iphub::market {

struct ListingView {
  Listing listing{};
  bool contact_shown = false;               // false: contact_name and contact_phone are blanked
  std::vector<workflow::Event> history{};   // for the organisations and reviewers only
  std::vector<workflow::Option> actions{};  // what the caller may do now
};

struct ListingFilter {
  std::string text{};
  std::string kind{};         // "" any
  std::string region_code{};  // "" any; else the region and everything under it
  std::string industry{};
  std::string state{};  // "" any visible
  // "market": what the caller may see; "mine": the caller organisation's;
  // "review": pending listings the caller may review.
  std::string scope = "market";
  int64_t limit = 20;
  int64_t offset = 0;
};

struct AuthorisationInput {
  int64_t agency_org_id = 0;
  std::string publication_number{};  // "" every patent of the holder
  std::string valid_until{};         // YYYY-MM-DD, today or later
};

class ListingService {
 public:
  ListingService(db::Database& database, base::Clock& clock);

  const workflow::Machine& machine() const { return workflow_.machine(); }

  absl::StatusOr<ListingView> Create(const auth::Principal* principal, ListingInput input);
  // Drafts and rejected listings only (409 otherwise); `expected_version` as for Transition.
  absl::StatusOr<ListingView> Update(const auth::Principal* principal, int64_t id,
                                     ListingInput input, std::optional<int64_t> expected_version);
  absl::StatusOr<ListingView> Transition(const auth::Principal* principal, int64_t id,
                                         std::string_view transition,
                                         const workflow::FireOptions& options);
  absl::StatusOr<ListingView> Get(const auth::Principal* principal, int64_t id);
  absl::StatusOr<std::pair<std::vector<ListingView>, int64_t>> List(
      const auth::Principal* principal, const ListingFilter& filter);

  // Authorisations (given by a member of the holder organisation).
  absl::StatusOr<store::Authorisation> Authorise(const auth::Principal* principal,
                                                 AuthorisationInput input);
  absl::Status Revoke(const auth::Principal* principal, int64_t id);
  absl::StatusOr<std::vector<store::Authorisation>> Authorisations(
      const auth::Principal* principal);

 private:
  std::string Today() const;
  workflow::Actor ActorFor(const auth::Principal* principal, const Listing& listing) const;
  bool MaySee(const auth::Principal* principal, const Listing& listing) const;
  absl::StatusOr<ListingView> ViewOf(db::Connection& conn, const auth::Principal* principal,
                                     Listing listing, bool with_history);
  absl::Status Resolve(db::Connection& conn, const auth::Principal& principal, ListingInput& input,
                       Listing& listing);

  absl::Status PatentInForce(db::Connection& conn, const workflow::Record& record) const;
  absl::Status ListerEntitled(db::Connection& conn, const workflow::Record& record) const;
  absl::Status NoConflict(db::Connection& conn, const workflow::Record& record) const;

  db::Database& database_;
  base::Clock& clock_;
  workflow::Workflow workflow_;
};

}  // namespace iphub::market
