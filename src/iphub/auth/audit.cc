#include "iphub/auth/audit.h"

#include "iphub/base/crypto.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"

namespace iphub::auth {
namespace {

constexpr std::string_view kColumns =
    "id, at_ms, actor_id, actor, action, entity, entity_id, region_code, detail, prev_hash, hash";

AuditEntry EntryFromRow(const db::Row& row) {
  AuditEntry entry;
  entry.id = row.Int(0);
  entry.at_ms = row.Int(1);
  entry.actor_id = row.OptInt(2);
  entry.actor = row.Text(3);
  entry.action = row.Text(4);
  entry.entity = row.Text(5);
  entry.entity_id = row.Text(6);
  entry.region_code = row.OptText(7);
  entry.detail = row.Text(8);
  entry.prev_hash = row.Text(9);
  entry.hash = row.Text(10);
  return entry;
}

// Length-prefixed fields, so no choice of content can make two different
// entries encode the same: "<len>:<bytes>;" per field, "-;" for NULL.
void AppendField(std::string& out, std::string_view value) {
  base::StrAppend(&out, value.size(), ":", value, ";");
}
void AppendNullable(std::string& out, const std::optional<std::string>& value) {
  if (value.has_value()) {
    AppendField(out, *value);
  } else {
    out += "-;";
  }
}

}  // namespace

std::string AuditEntryHash(const AuditEntry& entry) {
  std::string canonical = "iphub-audit-v1;";
  AppendField(canonical, std::to_string(entry.at_ms));
  AppendNullable(canonical, entry.actor_id.has_value()
                                ? std::optional<std::string>(std::to_string(*entry.actor_id))
                                : std::nullopt);
  AppendField(canonical, entry.actor);
  AppendField(canonical, entry.action);
  AppendField(canonical, entry.entity);
  AppendField(canonical, entry.entity_id);
  AppendNullable(canonical, entry.region_code);
  AppendField(canonical, entry.detail);
  AppendField(canonical, entry.prev_hash);
  return base::Sha256Hex(canonical);
}

absl::Status AppendAudit(db::Connection& conn, const Principal* actor, int64_t at_ms,
                         const AuditEvent& event) {
  if (actor == nullptr) return AppendAuditAs(conn, std::nullopt, "system", at_ms, event);
  return AppendAuditAs(conn, actor->user_id, actor->username, at_ms, event);
}

absl::Status AppendAuditAs(db::Connection& conn, std::optional<int64_t> actor_id,
                           std::string_view actor_name, int64_t at_ms, const AuditEvent& event) {
  if (!conn.InTransaction()) {
    return absl::FailedPreconditionError("audit entries are appended inside a transaction");
  }
  if (conn.dialect() == db::Dialect::kPostgres) {
    // SQLite's BEGIN IMMEDIATE already holds the database write lock.
    IPHUB_RETURN_IF_ERROR(conn.Exec("LOCK TABLE audit_log IN EXCLUSIVE MODE"));
  }
  IPHUB_ASSIGN_OR_RETURN(auto last,
                         conn.Query("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"));
  AuditEntry entry;
  entry.id = last.rows.empty() ? 1 : last.rows[0].Int(0) + 1;
  entry.prev_hash = last.rows.empty() ? std::string(kAuditGenesisHash) : last.rows[0].Text(1);
  entry.at_ms = at_ms;
  entry.actor_id = actor_id;
  entry.actor = std::string(actor_name);
  entry.action = event.action;
  entry.entity = event.entity;
  entry.entity_id = event.entity_id;
  entry.region_code = event.region_code;
  entry.detail = event.detail.dump();
  entry.hash = AuditEntryHash(entry);
  return conn.Exec(
      "INSERT INTO audit_log (id, at_ms, actor_id, actor, action, entity, entity_id, region_code, "
      "detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
      {entry.id, entry.at_ms, entry.actor_id, entry.actor, entry.action, entry.entity,
       entry.entity_id, entry.region_code, entry.detail, entry.prev_hash, entry.hash});
}

absl::StatusOr<AuditVerification> VerifyAudit(db::Connection& conn) {
  AuditVerification verification;
  int64_t previous_id = 0;
  std::string previous_hash(kAuditGenesisHash);
  constexpr int64_t kBatch = 5000;
  while (true) {
    IPHUB_ASSIGN_OR_RETURN(
        auto batch, conn.Query(base::StrCat("SELECT ", kColumns,
                                            " FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2"),
                               {previous_id, kBatch}));
    for (const auto& row : batch.rows) {
      AuditEntry entry = EntryFromRow(row);
      ++verification.entries;
      auto fail = [&](std::string reason) {
        verification.intact = false;
        verification.broken_at = entry.id;
        verification.reason = std::move(reason);
        return verification;
      };
      if (AuditEntryHash(entry) != entry.hash) {
        return fail("edited: its content does not match its hash");
      }
      if (entry.id != previous_id + 1) {
        return fail(base::StrCat("deleted: entries ", previous_id + 1, "..", entry.id - 1,
                                 " are missing before it"));
      }
      if (entry.prev_hash != previous_hash) {
        return fail(base::StrCat("reordered: it does not follow entry ", previous_id,
                                 " (or that entry was replaced)"));
      }
      previous_id = entry.id;
      previous_hash = entry.hash;
    }
    if (static_cast<int64_t>(batch.rows.size()) < kBatch) break;
  }
  return verification;
}

absl::StatusOr<std::pair<std::vector<AuditEntry>, int64_t>> ListAudit(db::Connection& conn,
                                                                      const AuditQuery& query) {
  // Fixed SQL per filter combination; values are always bound.
  std::string where = " WHERE 1 = 1";
  db::Params params;
  if (query.region_prefix.has_value()) {
    params.emplace_back(base::StrCat(*query.region_prefix, "%"));
    base::StrAppend(&where, " AND region_code LIKE $", params.size());
  }
  if (query.action.has_value()) {
    params.emplace_back(*query.action);
    base::StrAppend(&where, " AND action = $", params.size());
  }
  IPHUB_ASSIGN_OR_RETURN(auto count,
                         conn.Query(base::StrCat("SELECT COUNT(*) FROM audit_log", where), params));
  db::Params page_params = params;
  page_params.emplace_back(query.limit);
  page_params.emplace_back(query.offset);
  IPHUB_ASSIGN_OR_RETURN(auto rows,
                         conn.Query(base::StrCat("SELECT ", kColumns, " FROM audit_log", where,
                                                 " ORDER BY id DESC LIMIT $", params.size() + 1,
                                                 " OFFSET $", params.size() + 2),
                                    page_params));
  std::vector<AuditEntry> entries;
  for (const auto& row : rows.rows) entries.push_back(EntryFromRow(row));
  return std::make_pair(std::move(entries), count.rows[0].Int(0));
}

}  // namespace iphub::auth
