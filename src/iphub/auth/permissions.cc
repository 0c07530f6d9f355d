#include "iphub/auth/permissions.h"

#include "iphub/auth/regions.h"

namespace iphub::auth {
namespace {

bool IsOrgStaffRole(Role role) {
  return role == Role::kOrgAdmin || role == Role::kMember || role == Role::kPractitioner ||
         role == Role::kExpert;
}

bool OfficialCovers(const Principal& principal, const Resource& resource) {
  return principal.region_code.has_value() && resource.region_code.has_value() &&
         InRegion(*principal.region_code, *resource.region_code);
}

absl::Status Deny(std::string_view why) { return absl::PermissionDeniedError(std::string(why)); }

absl::Status AuthorizeOrganization(const Principal& principal, Action action,
                                   const Resource& resource) {
  switch (principal.role) {
    case Role::kPlatformAdmin:
      return absl::OkStatus();
    case Role::kOfficial:
      if (action == Action::kResetPassword) break;
      if (OfficialCovers(principal, resource)) return absl::OkStatus();
      return Deny("the organization is outside your region");
    case Role::kOrgAdmin:
      if (principal.organization_id == resource.organization_id &&
          (action == Action::kRead || action == Action::kUpdate || action == Action::kList)) {
        return absl::OkStatus();
      }
      return Deny("organization administrators manage only their own organization");
    case Role::kMember:
    case Role::kPractitioner:
    case Role::kExpert:
      if (principal.organization_id == resource.organization_id &&
          (action == Action::kRead || action == Action::kList)) {
        return absl::OkStatus();
      }
      return Deny("you may only read your own organization");
  }
  return Deny("not allowed");
}

absl::Status AuthorizeUser(const Principal& principal, Action action, const Resource& resource) {
  const bool self = resource.user_id.has_value() && *resource.user_id == principal.user_id;
  if (self && (action == Action::kRead || action == Action::kUpdate)) return absl::OkStatus();
  switch (principal.role) {
    case Role::kPlatformAdmin:
      return absl::OkStatus();
    case Role::kOfficial:
      if (resource.role == Role::kPlatformAdmin) {
        return Deny("only platform administrators manage platform administrators");
      }
      if (OfficialCovers(principal, resource)) return absl::OkStatus();
      return Deny("the account is outside your region");
    case Role::kOrgAdmin:
      if (resource.organization_id.has_value() &&
          principal.organization_id == resource.organization_id &&
          (!resource.role.has_value() || IsOrgStaffRole(*resource.role))) {
        return absl::OkStatus();
      }
      return Deny("organization administrators manage only their own organization's members");
    case Role::kMember:
    case Role::kPractitioner:
    case Role::kExpert:
      return Deny("you may only see your own account");
  }
  return Deny("not allowed");
}

}  // namespace

absl::Status Authorize(const Principal* principal, Action action, const Resource& resource) {
  if ((resource.kind == ResourceKind::kRegion || resource.kind == ResourceKind::kPatent) &&
      (action == Action::kRead || action == Action::kList)) {
    return absl::OkStatus();  // regions and published patent data are public
  }
  if (principal == nullptr) return absl::UnauthenticatedError("log in first");
  if (action == Action::kList) {
    if (ListScopeFor(*principal, resource.kind).nothing)
      return Deny("you may not list these records");
    return absl::OkStatus();
  }
  switch (resource.kind) {
    case ResourceKind::kRegion:
      if (principal->role == Role::kPlatformAdmin) return absl::OkStatus();
      return Deny("regions are maintained by platform administrators");
    case ResourceKind::kOrganization:
      return AuthorizeOrganization(*principal, action, resource);
    case ResourceKind::kUser:
      return AuthorizeUser(*principal, action, resource);
    case ResourceKind::kAuditLog:
      if (action != Action::kList && action != Action::kRead)
        return Deny("the audit log is append-only");
      if (principal->role == Role::kPlatformAdmin) return absl::OkStatus();
      if (principal->role == Role::kOfficial) return absl::OkStatus();  // narrowed by ListScopeFor
      return Deny("the audit log is for administrators and officials");
    case ResourceKind::kPatent:
      if (principal->role == Role::kPlatformAdmin || principal->role == Role::kOfficial) {
        return absl::OkStatus();
      }
      return Deny("patent data is imported by officials and platform administrators");
  }
  return Deny("not allowed");
}

ListScope ListScopeFor(const Principal& principal, ResourceKind kind) {
  ListScope scope;
  switch (principal.role) {
    case Role::kPlatformAdmin:
      scope.everything = true;
      return scope;
    case Role::kOfficial:
      if (!principal.region_code.has_value()) {
        scope.nothing = true;
        return scope;
      }
      scope.region_prefix = std::string(ScopePrefix(*principal.region_code));
      scope.exclude_platform_admins = kind == ResourceKind::kUser;
      return scope;
    case Role::kOrgAdmin:
      if (kind == ResourceKind::kAuditLog || !principal.organization_id.has_value()) {
        scope.nothing = true;
        return scope;
      }
      scope.organization_id = principal.organization_id;
      return scope;
    case Role::kMember:
    case Role::kPractitioner:
    case Role::kExpert:
      if (kind == ResourceKind::kOrganization && principal.organization_id.has_value()) {
        scope.organization_id = principal.organization_id;
      } else {
        scope.nothing = true;
      }
      return scope;
  }
  scope.nothing = true;
  return scope;
}

}  // namespace iphub::auth
