#include "iphub/patents/applicant_aliases.h"

#include <set>

#include "iphub/auth/audit.h"
#include "iphub/auth/permissions.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/db/where.h"
#include "iphub/patents/applicant_names.h"
#include "nlohmann/json.hpp"

namespace iphub::patents {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxNoteChars = 500;

absl::Status CheckCurator(const auth::Principal* principal) {
  if (principal == nullptr) return absl::UnauthenticatedError("log in first");
  if (principal->role == auth::Role::kPlatformAdmin || principal->role == auth::Role::kOfficial) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      "applicant names are merged and split by officials and platform administrators");
}

absl::StatusOr<std::string> CheckedNote(std::string_view note) {
  std::string out(base::StripWhitespace(note));
  if (base::CodePointCount(out) > kMaxNoteChars) {
    return base::InvalidField("note",
                              base::StrCat("must be at most ", kMaxNoteChars, " characters"));
  }
  return out;
}

absl::StatusOr<std::string> NormalizedField(std::string_view field, std::string_view written) {
  std::string name = NormalizeApplicantName(written);
  if (name.empty()) {
    return base::InvalidField(field, "is empty once spaces and punctuation are set aside");
  }
  return name;
}

AliasEvent EventOfRow(const db::Row& row) {
  return {.seq = row.Int(0),
          .kind = row.Text(1),
          .name = row.Text(2),
          .canonical = row.Text(3),
          .previous = row.Text(4),
          .undoes = row.OptInt(5),
          .note = row.Text(6),
          .actor_id = row.OptInt(7),
          .actor = row.Text(8),
          .at_ms = row.Int(9)};
}

constexpr std::string_view kEventColumns =
    "seq, kind, name, canonical, previous, undoes, note, actor_id, actor, at_ms";

absl::StatusOr<std::optional<std::string>> CanonicalOf(db::Connection& conn,
                                                       std::string_view name) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result found,
      conn.Query("SELECT canonical FROM applicant_aliases WHERE name = $1", {name}));
  if (found.rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(found.rows[0].Text(0));
}

// One change of one name, written with its event. Runs inside the caller's transaction.
class EventWriter {
 public:
  EventWriter(db::Connection& conn, const auth::Principal& actor, int64_t now_ms, std::string note,
              std::optional<int64_t> undoes)
      : conn_(conn), actor_(actor), now_ms_(now_ms), note_(std::move(note)), undoes_(undoes) {}

  // `name` resolves to `canonical` from now on (it resolved to `previous`).
  absl::Status Merge(const std::string& name, const std::string& canonical,
                     const std::string& previous) {
    if (previous.empty()) {
      IPHUB_RETURN_IF_ERROR(
          conn_.Exec("INSERT INTO applicant_aliases (name, canonical, merged_by, merged_at, note) "
                     "VALUES ($1, $2, $3, $4, $5)",
                     {name, canonical, actor_.user_id, now_ms_, note_}));
    } else {
      IPHUB_RETURN_IF_ERROR(
          conn_.Exec("UPDATE applicant_aliases SET canonical = $2, merged_by = $3, merged_at = $4, "
                     "note = $5 WHERE name = $1",
                     {name, canonical, actor_.user_id, now_ms_, note_}));
    }
    return Append("merge", name, canonical, previous);
  }

  // `name`, merged into `canonical`, stands alone from now on.
  absl::Status Split(const std::string& name, const std::string& canonical) {
    IPHUB_RETURN_IF_ERROR(conn_.Exec("DELETE FROM applicant_aliases WHERE name = $1", {name}));
    return Append("split", name, canonical, "");
  }

  std::vector<AliasEvent>& events() { return events_; }

 private:
  absl::Status Append(std::string_view kind, const std::string& name, const std::string& canonical,
                      const std::string& previous) {
    IPHUB_ASSIGN_OR_RETURN(
        db::Result inserted,
        conn_.Query("INSERT INTO applicant_alias_events (kind, name, canonical, previous, "
                    "undoes, note, actor_id, actor, at_ms) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING seq",
                    {kind, name, canonical, previous, undoes_, note_, actor_.user_id,
                     actor_.username, now_ms_}));
    events_.push_back({.seq = inserted.rows[0].Int(0),
                       .kind = std::string(kind),
                       .name = name,
                       .canonical = canonical,
                       .previous = previous,
                       .undoes = undoes_,
                       .note = note_,
                       .actor_id = actor_.user_id,
                       .actor = actor_.username,
                       .at_ms = now_ms_});
    return absl::OkStatus();
  }

  db::Connection& conn_;
  const auth::Principal& actor_;
  const int64_t now_ms_;
  const std::string note_;
  const std::optional<int64_t> undoes_;
  std::vector<AliasEvent> events_;
};

// Merges `names` (normalised, distinct) into `canonical` (normalised) inside a
// transaction; `fields[i]` names names[i] in errors.
absl::Status MergeNames(db::Connection& conn, EventWriter& writer, const std::string& written,
                        const std::vector<std::string>& names,
                        const std::vector<std::string>& fields) {
  IPHUB_ASSIGN_OR_RETURN(std::optional<std::string> target_of, CanonicalOf(conn, written));
  const std::string target = target_of.value_or(written);
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& name = names[i];
    if (name == target) {
      return base::InvalidField(fields[i],
                                base::StrCat("is the canonical name '", target, "' itself"));
    }
    IPHUB_ASSIGN_OR_RETURN(std::optional<std::string> now, CanonicalOf(conn, name));
    if (now && *now == target) continue;  // already there
    IPHUB_RETURN_IF_ERROR(writer.Merge(name, target, now.value_or("")));
    // A canonical name brings its group along: a lookup never chains.
    IPHUB_ASSIGN_OR_RETURN(
        db::Result members,
        conn.Query("SELECT name FROM applicant_aliases WHERE canonical = $1 ORDER BY name",
                   {name}));
    for (const db::Row& row : members.rows) {
      IPHUB_RETURN_IF_ERROR(writer.Merge(row.Text(0), target, name));
    }
  }
  return absl::OkStatus();
}

// Rows whose columns hold `text` (normalised first, so any spelling finds them).
db::Where NameFilter(std::string_view text, std::initializer_list<std::string_view> columns) {
  db::Where where;
  const std::string wanted = NormalizeApplicantName(text);
  if (wanted.empty()) return where;
  std::string any;
  db::Params values;
  for (std::string_view column : columns) {
    any += base::StrCat(any.empty() ? "(" : " OR ", column, " LIKE ? ESCAPE '\\'");
    values.push_back(db::LikeContains(wanted));
  }
  where.AddEach(any + ")", std::move(values));
  return where;
}

// One page of `select` narrowed by `where`, and the count of all.
template <typename T, typename RowFn>
absl::StatusOr<Listed<T>> ListOf(db::Connection& conn, std::string_view select,
                                 const db::Where& where, std::string_view order, int64_t limit,
                                 int64_t offset, RowFn of_row) {
  const std::string_view from = select.substr(select.find(" FROM "));
  IPHUB_ASSIGN_OR_RETURN(
      db::Result count,
      conn.Query(base::StrCat("SELECT COUNT(*)", from, where.sql()), where.params()));
  auto [limit_sql, params] = where.Paged(limit, offset);
  IPHUB_ASSIGN_OR_RETURN(db::Result rows,
                         conn.Query(base::StrCat(select, where.sql(), order, limit_sql), params));
  Listed<T> out;
  out.total = count.rows[0].Int(0);
  for (const db::Row& row : rows.rows) out.items.push_back(of_row(row));
  return out;
}

// Curating transactions run one at a time, so no merge sees a name another is
// moving (which could make a chain). SQLite's BEGIN IMMEDIATE already does.
absl::Status LockAliases(db::Connection& conn) {
  if (conn.dialect() != db::Dialect::kPostgres) return absl::OkStatus();
  return conn.Exec("LOCK TABLE applicant_aliases IN EXCLUSIVE MODE");
}

absl::Status Audit(db::Connection& conn, const auth::Principal& actor, int64_t now_ms,
                   std::string_view action, std::string_view entity_id,
                   const std::vector<AliasEvent>& events, const std::string& note) {
  json changes = json::array();
  for (const AliasEvent& event : events) {
    changes.push_back({{"seq", event.seq},
                       {"kind", event.kind},
                       {"name", event.name},
                       {"canonical", event.canonical},
                       {"previous", event.previous}});
  }
  return auth::AppendAudit(conn, &actor, now_ms,
                           {.action = std::string(action),
                            .entity = "applicant",
                            .entity_id = std::string(entity_id),
                            .region_code = actor.region_code,
                            .detail = {{"changes", std::move(changes)}, {"note", note}}});
}

}  // namespace

std::string_view ApplicantAliasMap::Resolve(std::string_view name) const {
  auto found = canonical_of.find(name);
  return found == canonical_of.end() ? name : std::string_view(found->second);
}

absl::StatusOr<ApplicantAliasMap> LoadApplicantAliases(db::Connection& conn) {
  ApplicantAliasMap map;
  // One snapshot of both tables: the version names exactly the rows read.
  db::Transaction tx(conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(db::Result version,
                         conn.Query("SELECT COALESCE(MAX(seq), 0) FROM applicant_alias_events"));
  map.version = version.rows[0].Int(0);
  IPHUB_ASSIGN_OR_RETURN(db::Result rows,
                         conn.Query("SELECT name, canonical FROM applicant_aliases"));
  for (const db::Row& row : rows.rows) map.canonical_of.emplace(row.Text(0), row.Text(1));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return map;
}

absl::StatusOr<std::string> CanonicalApplicantName(db::Connection& conn, std::string_view name) {
  std::string normalised = NormalizeApplicantName(name);
  if (normalised.empty()) return normalised;
  IPHUB_ASSIGN_OR_RETURN(
      db::Result rows,
      conn.Query("SELECT canonical FROM applicant_aliases WHERE name = $1", {normalised}));
  return rows.rows.empty() ? normalised : rows.rows[0].Text(0);
}

absl::StatusOr<std::vector<AliasEvent>> AliasEventsAfter(db::Connection& conn, int64_t seq,
                                                         int64_t limit) {
  IPHUB_ASSIGN_OR_RETURN(db::Result rows,
                         conn.Query(base::StrCat("SELECT ", kEventColumns,
                                                 " FROM applicant_alias_events WHERE seq > $1 "
                                                 "ORDER BY seq LIMIT $2"),
                                    {seq, limit}));
  std::vector<AliasEvent> out;
  for (const db::Row& row : rows.rows) out.push_back(EventOfRow(row));
  return out;
}

absl::StatusOr<Listed<ApplicantAlias>> ApplicantAliasService::List(std::string_view text,
                                                                   int64_t limit,
                                                                   int64_t offset) const {
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  return ListOf<ApplicantAlias>(
      *conn, "SELECT name, canonical, merged_by, merged_at, note FROM applicant_aliases",
      NameFilter(text, {"name", "canonical"}), " ORDER BY canonical, name", limit, offset,
      [](const db::Row& row) {
        return ApplicantAlias{.name = row.Text(0),
                              .canonical = row.Text(1),
                              .merged_by = row.OptInt(2),
                              .merged_at = row.Int(3),
                              .note = row.Text(4)};
      });
}

absl::StatusOr<std::pair<std::string, std::vector<std::string>>> ApplicantAliasService::Group(
    std::string_view name) const {
  IPHUB_ASSIGN_OR_RETURN(std::string normalized, NormalizedField("name", name));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(std::optional<std::string> canonical, CanonicalOf(*conn, normalized));
  const std::string head = canonical.value_or(normalized);
  IPHUB_ASSIGN_OR_RETURN(
      db::Result rows,
      conn->Query("SELECT name FROM applicant_aliases WHERE canonical = $1 ORDER BY name", {head}));
  std::vector<std::string> members = {head};
  for (const db::Row& row : rows.rows) members.push_back(row.Text(0));
  return std::make_pair(head, std::move(members));
}

absl::StatusOr<Listed<AliasEvent>> ApplicantAliasService::Events(std::string_view text,
                                                                 int64_t limit,
                                                                 int64_t offset) const {
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  return ListOf<AliasEvent>(*conn,
                            base::StrCat("SELECT ", kEventColumns, " FROM applicant_alias_events"),
                            NameFilter(text, {"name", "canonical", "previous"}),
                            " ORDER BY seq DESC", limit, offset, &EventOfRow);
}

absl::StatusOr<std::vector<AliasEvent>> ApplicantAliasService::Merge(
    const auth::Principal* principal, const MergeRequest& request) {
  IPHUB_RETURN_IF_ERROR(CheckCurator(principal));
  IPHUB_ASSIGN_OR_RETURN(std::string canonical, NormalizedField("canonical", request.canonical));
  if (request.names.empty()) return base::InvalidField("names", "must name at least one name");
  if (request.names.size() > kMaxMergeNames) {
    return base::InvalidField("names",
                              base::StrCat("must hold at most ", kMaxMergeNames, " names"));
  }
  std::vector<std::string> names, fields;
  std::set<std::string> seen;
  for (size_t i = 0; i < request.names.size(); ++i) {
    const std::string field = base::StrCat("names[", i, "]");
    IPHUB_ASSIGN_OR_RETURN(std::string name, NormalizedField(field, request.names[i]));
    if (name == canonical) {
      return base::InvalidField(field, "is the canonical name itself once normalised");
    }
    if (!seen.insert(name).second) continue;  // two spellings of one name
    names.push_back(std::move(name));
    fields.push_back(field);
  }
  IPHUB_ASSIGN_OR_RETURN(std::string note, CheckedNote(request.note));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  const int64_t now = clock_.NowMillis();
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_RETURN_IF_ERROR(LockAliases(*conn));
  EventWriter writer(*conn, *principal, now, note, std::nullopt);
  IPHUB_RETURN_IF_ERROR(MergeNames(*conn, writer, canonical, names, fields));
  if (!writer.events().empty()) {
    IPHUB_RETURN_IF_ERROR(
        Audit(*conn, *principal, now, "applicant.merge", canonical, writer.events(), note));
  }
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return std::move(writer.events());
}

absl::StatusOr<AliasEvent> ApplicantAliasService::Split(const auth::Principal* principal,
                                                        std::string_view name,
                                                        std::string_view note) {
  IPHUB_RETURN_IF_ERROR(CheckCurator(principal));
  IPHUB_ASSIGN_OR_RETURN(std::string normalized, NormalizedField("name", name));
  IPHUB_ASSIGN_OR_RETURN(std::string checked_note, CheckedNote(note));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  const int64_t now = clock_.NowMillis();
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_RETURN_IF_ERROR(LockAliases(*conn));
  IPHUB_ASSIGN_OR_RETURN(std::optional<std::string> canonical, CanonicalOf(*conn, normalized));
  if (!canonical) {
    return absl::NotFoundError(base::StrCat("'", normalized, "' is not merged into another name"));
  }
  EventWriter writer(*conn, *principal, now, checked_note, std::nullopt);
  IPHUB_RETURN_IF_ERROR(writer.Split(normalized, *canonical));
  IPHUB_RETURN_IF_ERROR(
      Audit(*conn, *principal, now, "applicant.split", normalized, writer.events(), checked_note));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return writer.events().front();
}

absl::StatusOr<std::vector<AliasEvent>> ApplicantAliasService::Undo(
    const auth::Principal* principal, int64_t seq, std::string_view note) {
  IPHUB_RETURN_IF_ERROR(CheckCurator(principal));
  IPHUB_ASSIGN_OR_RETURN(std::string checked_note, CheckedNote(note));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  const int64_t now = clock_.NowMillis();
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_RETURN_IF_ERROR(LockAliases(*conn));
  IPHUB_ASSIGN_OR_RETURN(db::Result found,
                         conn->Query(base::StrCat("SELECT ", kEventColumns,
                                                  " FROM applicant_alias_events WHERE seq = $1"),
                                     {seq}));
  if (found.rows.empty()) return absl::NotFoundError(base::StrCat("no alias event ", seq));
  const AliasEvent event = EventOfRow(found.rows[0]);
  IPHUB_ASSIGN_OR_RETURN(std::optional<std::string> now_canonical, CanonicalOf(*conn, event.name));
  EventWriter writer(*conn, *principal, now, checked_note, event.seq);
  if (event.kind == "merge") {
    if (now_canonical != event.canonical) {
      return absl::FailedPreconditionError(base::StrCat(
          "'", event.name, "' has changed since: it now ",
          now_canonical ? base::StrCat("resolves to '", *now_canonical, "'") : "stands alone"));
    }
    if (event.previous.empty()) {
      IPHUB_RETURN_IF_ERROR(writer.Split(event.name, event.canonical));
    } else {
      IPHUB_RETURN_IF_ERROR(MergeNames(*conn, writer, event.previous, {event.name}, {"name"}));
    }
  } else {
    if (now_canonical) {
      return absl::FailedPreconditionError(base::StrCat(
          "'", event.name, "' has changed since: it now resolves to '", *now_canonical, "'"));
    }
    IPHUB_RETURN_IF_ERROR(MergeNames(*conn, writer, event.canonical, {event.name}, {"name"}));
  }
  if (writer.events().empty()) {
    // A group's member whose old head has itself been merged since.
    IPHUB_ASSIGN_OR_RETURN(std::optional<std::string> head, CanonicalOf(*conn, event.previous));
    return absl::FailedPreconditionError(base::StrCat("undoing changes nothing: '", event.previous,
                                                      "' is merged into '", head.value_or(""),
                                                      "' now; undo that first"));
  }
  IPHUB_RETURN_IF_ERROR(
      Audit(*conn, *principal, now, "applicant.undo", event.name, writer.events(), checked_note));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return std::move(writer.events());
}

}  // namespace iphub::patents
