#include "iphub/market/access.h"

#include "iphub/auth/regions.h"
#include "iphub/base/strings.h"

namespace iphub::market {

bool IsReviewer(const auth::Principal* principal, std::string_view region_code) {
  if (principal == nullptr) return false;
  if (principal->role == auth::Role::kPlatformAdmin) return true;
  return principal->role == auth::Role::kOfficial && principal->region_code.has_value() &&
         auth::InRegion(*principal->region_code, region_code);
}

absl::Status RequireOrganisation(const auth::Principal* principal, std::string_view what) {
  if (principal == nullptr) return absl::UnauthenticatedError("log in first");
  if (!principal->organization_id.has_value()) {
    return absl::PermissionDeniedError(base::StrCat(what, " is for members of an organisation"));
  }
  return absl::OkStatus();
}

bool ContactShown(ContactVisibility visibility, const auth::Principal* principal, bool insider) {
  switch (visibility) {
    case ContactVisibility::kPublic:
      return true;
    case ContactVisibility::kMembers:
      return principal != nullptr;
    case ContactVisibility::kOnRequest:
      return insider;
  }
  return insider;
}

}  // namespace iphub::market
