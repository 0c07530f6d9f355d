// Who may do what in the marketplace, shared by listings and demands.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "iphub/auth/model.h"
#include "iphub/db/database.h"
#include "iphub/market/model.h"
#include "iphub/patents/model.h"

namespace iphub::market {

// An official whose region holds `region_code`, or a platform administrator.
bool IsReviewer(const auth::Principal* principal, std::string_view region_code);

// Unauthenticated without a principal; PermissionDenied, saying `what` is for members
// of an organisation, without one.
absl::Status RequireOrganisation(const auth::Principal* principal, std::string_view what);

// Whether the contact person is shown: public to all, members to logged-in users,
// on_request to the record's organisations and reviewers (`insider`).
bool ContactShown(ContactVisibility visibility, const auth::Principal* principal, bool insider);

// The checks before a patent is offered (a listing, a pool), each OK or
// FailedPrecondition saying what does not hold. `today`: YYYY-MM-DD in Shanghai.
//   "CN110000002B is not in force: it is lapsed (CF01 2025-03-01)"
absl::Status CheckInForce(const patents::Patent& patent, std::string_view today);
//   "CN110000003B is held by 青岛海纳储能科技有限公司, not by 济南星河电池有限公司": the current
//   holders (rights_position.h) compared with `org_name` after normalisation and aliases.
absl::Status CheckHeldBy(db::Connection& conn, const patents::Patent& patent,
                         std::string_view org_name, std::string_view today);
// The same for any right whose holders are known by name ("<number> is held by …").
absl::Status CheckHolders(db::Connection& conn, std::string_view number,
                          const std::vector<std::string>& holders, std::string_view org_name);

}  // namespace iphub::market
