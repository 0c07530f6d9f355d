// SQL of the market module. Listings are read joined with their workflow state
// (workflow_records) and their organisations' names.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/db/database.h"
#include "iphub/market/demand.h"
#include "iphub/market/model.h"

namespace iphub::market::store {

// "(1 = 0 OR column = ? OR …)" binding each of `values` (false for none), for db::Where::AddEach.
std::pair<std::string, db::Params> AnyOf(std::string_view column,
                                         const std::vector<std::string>& values);

// Inserts the listing's row (no workflow record yet); returns its id.
absl::StatusOr<int64_t> InsertListing(db::Connection& conn, const Listing& listing);
absl::Status UpdateListing(db::Connection& conn, const Listing& listing);
// NotFound when there is none.
absl::StatusOr<Listing> GetListing(db::Connection& conn, int64_t id);

struct ListingQuery {
  std::string text{};  // in the title, patent title, number, industry or scenarios
  std::optional<ListingKind> kind{};
  std::string region_prefix{};  // auth::ScopePrefix of a region
  std::string industry{};
  std::vector<std::string> states{};  // empty: any
  // Visibility: the listings of this organisation in any state, and those in
  // `public_states`; a reviewer also sees every state under `review_prefix`.
  std::optional<int64_t> own_org_id{};
  std::optional<std::string> review_prefix{};
  std::vector<std::string> public_states{};
  bool only_own = false;
  int64_t limit = 20;
  int64_t offset = 0;
};
// Newest first, with the total.
absl::StatusOr<std::pair<std::vector<Listing>, int64_t>> ListListings(db::Connection& conn,
                                                                      const ListingQuery& query);
// Other listings of the publication in one of `states`.
absl::StatusOr<std::vector<Listing>> ListingsOfPatent(db::Connection& conn,
                                                      std::string_view publication_number,
                                                      int64_t except_id,
                                                      const std::vector<std::string>& states);

struct Authorisation {
  int64_t id = 0;
  int64_t holder_org_id = 0;
  std::string holder_org_name{};
  int64_t agency_org_id = 0;
  std::string agency_org_name{};
  std::optional<std::string> publication_number{};  // nullopt: every patent of the holder
  std::string valid_until{};
  int64_t created_by = 0;
  int64_t created_at = 0;
  std::optional<int64_t> revoked_at{};
};

absl::StatusOr<int64_t> InsertAuthorisation(db::Connection& conn, const Authorisation& grant);
absl::StatusOr<Authorisation> GetAuthorisation(db::Connection& conn, int64_t id);
absl::Status RevokeAuthorisation(db::Connection& conn, int64_t id, int64_t now_ms);
// Those the organisation gave or received, newest first.
absl::StatusOr<std::vector<Authorisation>> AuthorisationsOf(db::Connection& conn, int64_t org_id);
// Whether `agency` may list `publication_number` for `holder` on `today`.
absl::StatusOr<bool> IsAuthorised(db::Connection& conn, int64_t holder, int64_t agency,
                                  std::string_view publication_number, std::string_view today);

// --- Demands ----------------------------------------------------------------

absl::StatusOr<int64_t> InsertDemand(db::Connection& conn, const Demand& demand);
absl::Status UpdateDemand(db::Connection& conn, const Demand& demand);
// NotFound when there is none.
absl::StatusOr<Demand> GetDemand(db::Connection& conn, int64_t id);

struct DemandQuery {
  std::string text{};  // in the title, problem or industry
  std::string region_prefix{};
  std::string industry{};
  std::vector<std::string> states{};
  std::optional<int64_t> own_org_id{};
  std::optional<std::string> review_prefix{};
  std::vector<std::string> public_states{};
  bool only_own = false;
  int64_t limit = 20;
  int64_t offset = 0;
};
// Newest first, with the total.
absl::StatusOr<std::pair<std::vector<Demand>, int64_t>> ListDemands(db::Connection& conn,
                                                                    const DemandQuery& query);

// Inserts the invitation unless the supplier was invited to the demand before
// (then nullopt).
absl::StatusOr<std::optional<int64_t>> InsertInvitation(db::Connection& conn,
                                                        const Invitation& invitation);
absl::StatusOr<Invitation> GetInvitation(db::Connection& conn, int64_t id);
absl::StatusOr<std::vector<Invitation>> InvitationsOfDemand(db::Connection& conn,
                                                            int64_t demand_id);
absl::StatusOr<std::vector<Invitation>> InvitationsOfSupplier(db::Connection& conn,
                                                              int64_t supplier_org_id);
// Every invitation to a supplier of the region prefix ("" all), for response times.
absl::StatusOr<std::vector<Invitation>> InvitationsInRegion(db::Connection& conn,
                                                            std::string_view region_prefix);
// Records the answer unless one is recorded already (false then).
absl::StatusOr<bool> AnswerInvitation(db::Connection& conn, int64_t id, std::string_view answer,
                                      std::string_view message, int64_t now_ms);

}  // namespace iphub::market::store
