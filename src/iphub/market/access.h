// Who may do what in the marketplace, shared by listings and demands.
#pragma once

#include <string_view>

#include "absl/status/status.h"
#include "iphub/auth/model.h"
#include "iphub/market/model.h"

namespace iphub::market {

// An official whose region holds `region_code`, or a platform administrator.
bool IsReviewer(const auth::Principal* principal, std::string_view region_code);

// Unauthenticated without a principal; PermissionDenied, saying `what` is for members
// of an organisation, without one.
absl::Status RequireOrganisation(const auth::Principal* principal, std::string_view what);

// Whether the contact person is shown: public to all, members to logged-in users,
// on_request to the record's organisations and reviewers (`insider`).
bool ContactShown(ContactVisibility visibility, const auth::Principal* principal, bool insider);

}  // namespace iphub::market
