#include "iphub/market/access.h"

#include "iphub/auth/regions.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/patents/applicant_aliases.h"
#include "iphub/patents/legal_status.h"
#include "iphub/patents/rights_position.h"

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

absl::Status CheckInForce(const patents::Patent& patent, std::string_view today) {
  const patents::DerivedStatus status = patents::DeriveLegalStatus(patent, today);
  if (status.status == patents::LegalStatus::kValid) return absl::OkStatus();
  return absl::FailedPreconditionError(
      base::StrCat(patent.publication_number, " is not in force: it is ",
                   patents::LegalStatusName(status.status),
                   status.basis.empty() ? "" : base::StrCat(" (", status.basis, ")")));
}

absl::Status CheckHeldBy(db::Connection& conn, const patents::Patent& patent,
                         std::string_view org_name, std::string_view today) {
  return CheckHolders(conn, patent.publication_number,
                      patents::DeriveRightsPosition(patent, today).holders, org_name);
}

absl::Status CheckHolders(db::Connection& conn, std::string_view number,
                          const std::vector<std::string>& holders, std::string_view org_name) {
  IPHUB_ASSIGN_OR_RETURN(std::string holder, patents::CanonicalApplicantName(conn, org_name));
  std::string names;
  for (const std::string& name : holders) {
    IPHUB_ASSIGN_OR_RETURN(std::string canonical, patents::CanonicalApplicantName(conn, name));
    if (!holder.empty() && canonical == holder) return absl::OkStatus();
    names += base::StrCat(names.empty() ? "" : "、", name);
  }
  return absl::FailedPreconditionError(base::StrCat(
      number, " is held by ", names.empty() ? "nobody on record" : names, ", not by ", org_name));
}

}  // namespace iphub::market
