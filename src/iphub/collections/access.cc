#include "iphub/collections/access.h"

#include "iphub/base/status.h"
#include "iphub/base/strings.h"

namespace iphub::collections {

bool MayRead(const auth::Principal& caller, const Ownership& record) {
  if (MayChange(caller, record)) return true;
  return record.shared && record.organization_id.has_value() &&
         caller.organization_id == record.organization_id;
}

bool MayChange(const auth::Principal& caller, const Ownership& record) {
  return caller.role == auth::Role::kPlatformAdmin || caller.user_id == record.owner_id;
}

absl::Status CheckAccess(const auth::Principal* caller, const Ownership& record, Access access,
                         std::string_view what) {
  if (caller == nullptr) return absl::UnauthenticatedError("log in first");
  if (!MayRead(*caller, record)) return absl::NotFoundError(base::StrCat(what, " not found"));
  if (access == Access::kChange && !MayChange(*caller, record)) {
    return absl::PermissionDeniedError(base::StrCat("only the owner may change this ", what));
  }
  return absl::OkStatus();
}

void AddVisibleFilter(db::Where& where, std::string_view alias, int64_t user_id,
                      std::optional<int64_t> organization_id) {
  if (!organization_id.has_value()) {
    where.Add(base::StrCat(alias, ".owner_id = ?"), user_id);
    return;
  }
  where.AddEach(base::StrCat("(", alias, ".owner_id = ? OR (", alias, ".shared = 1 AND ", alias,
                             ".organization_id = ?))"),
                {user_id, *organization_id});
}

absl::StatusOr<ListScope> ParseListScope(std::string_view name) {
  if (name.empty()) return ListScope::kVisible;
  if (name == "mine") return ListScope::kMine;
  if (name == "shared") return ListScope::kShared;
  if (name == "all") return ListScope::kAll;
  return base::InvalidField("scope", "must be mine, shared or all (or absent)");
}

absl::Status CheckListScope(const auth::Principal* caller, ListScope scope) {
  if (caller == nullptr) return absl::UnauthenticatedError("log in first");
  if (scope == ListScope::kAll && caller->role != auth::Role::kPlatformAdmin) {
    return absl::PermissionDeniedError("only platform administrators list everyone's records");
  }
  return absl::OkStatus();
}

}  // namespace iphub::collections
