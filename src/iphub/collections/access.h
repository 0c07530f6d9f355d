// Who may see and change a saved search or a collection. Every decision of the
// module about access comes from here:
//
// - visitors (no principal): nothing (Unauthenticated);
// - the owner: read and change;
// - members of the owner's organisation: read, when the record is shared;
// - platform administrators: read and change everything;
// - everyone else: nothing, answered as "not found" so that ids do not leak.
//
// auth::Authorize holds the rules of the accounts module; these records belong to
// one user rather than to a region or an organisation, so their rules live here.
#pragma once

#include "absl/status/status.h"
#include "iphub/auth/model.h"
#include "iphub/collections/model.h"
#include "iphub/db/where.h"

namespace iphub::collections {

enum class Access { kRead, kChange };

bool MayRead(const auth::Principal& caller, const Ownership& record);
bool MayChange(const auth::Principal& caller, const Ownership& record);

// OK; Unauthenticated for a null caller; NotFound ("<what> not found") when the caller
// may not read the record; PermissionDenied when they may read but not change it.
absl::Status CheckAccess(const auth::Principal* caller, const Ownership& record, Access access,
                         std::string_view what);

// Narrows a list of owned records (table alias `alias`, with owner_id, shared and
// organization_id columns) to what MayRead allows a non-administrator: their own,
// and those shared with their organisation.
void AddVisibleFilter(db::Where& where, std::string_view alias, int64_t user_id,
                      std::optional<int64_t> organization_id);

// Which records a list shows.
enum class ListScope {
  kVisible,  // the caller's own and those shared with the caller's organisation
  kMine,     // the caller's own
  kShared,   // shared with the caller's organisation by its other members
  kAll,      // every record (platform administrators only)
};

// "" (kVisible), "mine", "shared", "all"; InvalidArgument (field "scope") otherwise.
absl::StatusOr<ListScope> ParseListScope(std::string_view name);

// OK, Unauthenticated for a null caller, or PermissionDenied for kAll asked by anyone
// but a platform administrator.
absl::Status CheckListScope(const auth::Principal* caller, ListScope scope);

}  // namespace iphub::collections
