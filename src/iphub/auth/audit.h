// The append-only, hash-chained audit log.
//
// Every change of state that matters (logins, user and organisation changes,
// and later deals, pledges, credit scores, inspection draws) appends one entry
// in the same transaction as the change itself, so the two commit or vanish
// together. Each entry stores hash = SHA-256(canonical content + prev_hash)
// and the previous entry's hash, and ids are dense, so VerifyAudit finds the
// first entry that was edited, deleted or moved. The format is specified in
// docs/formats/audit-log.md.
//
//   db::Transaction tx(*conn);
//   IPHUB_RETURN_IF_ERROR(tx.Begin());
//   ... change ...
//   IPHUB_RETURN_IF_ERROR(AppendAudit(*conn, &principal, now,
//       {.action = "organization.create", .entity = "organization",
//        .entity_id = std::to_string(id), .region_code = region, .detail = {{"name", name}}}));
//   IPHUB_RETURN_IF_ERROR(tx.Commit());
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/auth/model.h"
#include "iphub/db/database.h"
#include "nlohmann/json.hpp"

namespace iphub::auth {

struct AuditEvent {
  std::string action{};                      // "<entity>.<verb>", e.g. "user.create", "auth.login"
  std::string entity{};                      // "user", "organization", "session", ...
  std::string entity_id{};                   // the record's id, or a name where there is none
  std::optional<std::string> region_code{};  // who may read it (officials by region)
  nlohmann::json detail = nlohmann::json::object();
};

struct AuditEntry {
  int64_t id = 0;
  int64_t at_ms = 0;
  std::optional<int64_t> actor_id{};
  std::string actor{};  // username, or "system" / "anonymous"
  std::string action{};
  std::string entity{};
  std::string entity_id{};
  std::optional<std::string> region_code{};
  std::string detail{};  // JSON text
  std::string prev_hash{};
  std::string hash{};
};

// The hash of the entry before the first.
inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// SHA-256 over the canonical encoding of `entry`'s content and its prev_hash
// (the id and the stored hash are not part of it).
std::string AuditEntryHash(const AuditEntry& entry);

// Appends one entry. Must run inside a transaction on `conn` (FailedPrecondition
// otherwise); takes the table lock so concurrent appenders form one chain.
// `actor` null means the system itself (CLI, migrations).
absl::Status AppendAudit(db::Connection& conn, const Principal* actor, int64_t at_ms,
                         const AuditEvent& event);
// Variant for events without an authenticated principal (failed logins): the
// actor is named but has no id.
absl::Status AppendAuditAs(db::Connection& conn, std::optional<int64_t> actor_id,
                           std::string_view actor_name, int64_t at_ms, const AuditEvent& event);

struct AuditVerification {
  int64_t entries = 0;  // entries checked
  bool intact = true;
  int64_t broken_at = 0;  // id of the first bad entry (or of the entry after a gap)
  std::string reason{};   // "edited", "deleted", "reordered" with details
};

// Walks the whole chain in id order.
absl::StatusOr<AuditVerification> VerifyAudit(db::Connection& conn);

struct AuditQuery {
  std::optional<std::string> region_prefix{};  // only entries whose region starts with it
  std::optional<std::string> action{};
  int64_t limit = 20;
  int64_t offset = 0;
};
// Newest first, with the total matching count.
absl::StatusOr<std::pair<std::vector<AuditEntry>, int64_t>> ListAudit(db::Connection& conn,
                                                                      const AuditQuery& query);

}  // namespace iphub::auth
