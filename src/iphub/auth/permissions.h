// The one permission function: every route's decision about who may do what
// to which record comes from here, from (principal, action, resource).
//
// The rules (docs/api.md has them per endpoint):
// - platform_admin: everything.
// - official: records whose region lies in their region's subtree (a county
//   official sees their county; a city official all its counties); never a
//   platform_admin account.
// - org_admin: their own organisation and its users (roles org_admin, member,
//   practitioner, expert).
// - member, practitioner, expert: read their own organisation.
// - everyone logged in: read and edit their own account.
// - anonymous (no principal): public resources only (regions, patent records).
// - patent records: imported by officials and platform administrators.
// Lists are filtered with ListScope(), which follows the same rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "iphub/auth/model.h"

namespace iphub::auth {

enum class Action { kRead, kList, kCreate, kUpdate, kResetPassword };

// kPatent: the bibliographic records (public data: anyone reads them;
// officials and platform administrators import them).
enum class ResourceKind { kRegion, kOrganization, kUser, kAuditLog, kPatent };

// What a request acts on. For creation, the fields describe the record to be.
struct Resource {
  ResourceKind kind = ResourceKind::kRegion;
  std::optional<std::string> region_code{};  // the record's region
  std::optional<int64_t> organization_id{};  // the record's organisation (or the org itself)
  std::optional<int64_t> user_id{};          // for kUser: the account
  std::optional<Role> role{};                // for kUser: the account's role
};

// OK, Unauthenticated (principal null and resource not public) or
// PermissionDenied with a reason.
absl::Status Authorize(const Principal* principal, Action action, const Resource& resource);

// How a list of `kind` is narrowed for `principal`.
struct ListScope {
  bool everything = false;                     // no filter
  std::optional<std::string> region_prefix{};  // region_code LIKE prefix%
  std::optional<int64_t> organization_id{};    // only this organisation
  std::optional<int64_t> only_user_id{};       // only this account
  bool exclude_platform_admins = false;        // users: hide platform admins
  bool nothing = false;                        // the caller may list none
};
ListScope ListScopeFor(const Principal& principal, ResourceKind kind);

}  // namespace iphub::auth
