#include "iphub/workflow/workflow.h"

#include <algorithm>
#include <utility>

#include "iphub/auth/audit.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/http/message.h"
#include "iphub/http/schema.h"

namespace iphub::workflow {
namespace {

using json = nlohmann::json;

constexpr std::string_view kRecordColumns =
    "kind, record_id, state, version, region_code, created_ms, state_since_ms";
constexpr std::string_view kEventColumns =
    "seq, record_id, version, transition, from_state, to_state, actor_id, actor, at_ms, reason, "
    "detail";

Record RecordOfRow(const db::Row& row) {
  return Record{.kind = row.Text(0),
                .id = row.Int(1),
                .state = row.Text(2),
                .version = row.Int(3),
                .region_code = row.OptText(4),
                .created_ms = row.Int(5),
                .state_since_ms = row.Int(6)};
}

Event EventOfRow(const db::Row& row) {
  Event event{.seq = row.Int(0),
              .record_id = row.Int(1),
              .version = row.Int(2),
              .transition = row.Text(3),
              .from_state = row.Text(4),
              .to_state = row.Text(5),
              .actor_id = row.OptInt(6),
              .actor = row.Text(7),
              .at_ms = row.Int(8),
              .reason = row.Text(9)};
  event.detail = json::parse(row.Text(10), nullptr, /*allow_exceptions=*/false);
  if (event.detail.is_discarded()) event.detail = json::object();
  return event;
}

// "a, b and c" for messages.
std::string Listing(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += base::StrCat("\"", names[i], "\"");
  }
  return out;
}

absl::Status RequireTransaction(const db::Connection& conn, std::string_view what) {
  if (conn.InTransaction()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      base::StrCat("workflow ", what, " must run inside the caller's transaction"));
}

absl::Status AppendEvent(db::Connection& conn, const Record& record, const Event& event) {
  return conn.Exec(
      base::StrCat("INSERT INTO workflow_events (kind, record_id, version, "
                   "transition, from_state, to_state, actor_id, actor, at_ms, "
                   "reason, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                   "$10, $11)"),
      {record.kind, record.id, event.version, event.transition, event.from_state, event.to_state,
       event.actor_id, event.actor, event.at_ms, event.reason, event.detail.dump()});
}

absl::Status Audit(db::Connection& conn, const Actor& actor, const Record& record,
                   const Event& event) {
  json detail = {{"from", event.from_state},
                 {"to", event.to_state},
                 {"version", event.version},
                 {"roles", actor.roles}};
  if (!event.reason.empty()) detail["reason"] = event.reason;
  if (!event.detail.empty()) detail["detail"] = event.detail;
  return auth::AppendAudit(conn, actor.principal, event.at_ms,
                           {.action = base::StrCat(record.kind, ".", event.transition),
                            .entity = record.kind,
                            .entity_id = std::to_string(record.id),
                            .region_code = record.region_code,
                            .detail = std::move(detail)});
}

Event NewEvent(const Actor& actor, int64_t now_ms) {
  Event event;
  event.actor_id =
      actor.principal != nullptr ? std::optional(actor.principal->user_id) : std::nullopt;
  event.actor = actor.principal != nullptr ? actor.principal->username : "system";
  event.at_ms = now_ms;
  return event;
}

}  // namespace

std::set<std::string, std::less<>> PlatformRoles(const auth::Principal* principal) {
  if (principal == nullptr) return {};
  return {std::string(auth::RoleName(principal->role))};
}

absl::StatusOr<Workflow> Workflow::Create(Machine machine,
                                          std::map<std::string, Precondition> preconditions) {
  IPHUB_RETURN_IF_ERROR(ValidateMachine(machine));
  std::set<std::string, std::less<>> named;
  for (size_t pos = 0; pos < machine.transitions.size(); ++pos) {
    const Transition& transition = machine.transitions[pos];
    for (size_t i = 0; i < transition.preconditions.size(); ++i) {
      const std::string& name = transition.preconditions[i];
      named.insert(name);
      auto found = preconditions.find(name);
      if (found == preconditions.end() || !found->second) {
        return absl::InvalidArgumentError(base::StrCat("transitions[", pos, "].preconditions[", i,
                                                       "]: no check is bound to \"", name, "\""));
      }
    }
  }
  for (const auto& [name, check] : preconditions) {
    if (!named.contains(name)) {
      return absl::InvalidArgumentError(
          base::StrCat("precondition \"", name, "\" is bound but no transition names it"));
    }
  }
  return Workflow(std::move(machine), std::move(preconditions));
}

absl::StatusOr<Record> Workflow::Start(db::Connection& conn, int64_t id, const Actor& actor,
                                       int64_t now_ms, const StartOptions& options) const {
  IPHUB_RETURN_IF_ERROR(RequireTransaction(conn, "Start"));
  IPHUB_ASSIGN_OR_RETURN(
      db::Result existing,
      conn.Query("SELECT state FROM workflow_records WHERE kind = $1 AND record_id = $2",
                 {machine_.kind, id}));
  if (!existing.rows.empty()) {
    return absl::AlreadyExistsError(base::StrCat(machine_.kind, " ", id,
                                                 " has a workflow already (it is \"",
                                                 existing.rows[0].Text(0), "\")"));
  }
  Record record{.kind = machine_.kind,
                .id = id,
                .state = machine_.initial,
                .version = 1,
                .region_code = options.region_code,
                .created_ms = now_ms,
                .state_since_ms = now_ms};
  IPHUB_RETURN_IF_ERROR(conn.Exec(base::StrCat("INSERT INTO workflow_records (", kRecordColumns,
                                               ") VALUES ($1, $2, $3, $4, $5, $6, $7)"),
                                  {record.kind, record.id, record.state, record.version,
                                   record.region_code, record.created_ms, record.state_since_ms}));
  Event event = NewEvent(actor, now_ms);
  event.record_id = id;
  event.version = 1;
  event.transition = "start";
  event.to_state = record.state;
  event.detail = options.detail.is_object() ? options.detail : json::object();
  IPHUB_RETURN_IF_ERROR(AppendEvent(conn, record, event));
  IPHUB_RETURN_IF_ERROR(Audit(conn, actor, record, event));
  return record;
}

absl::Status Workflow::Check(db::Connection& conn, const Record& record,
                             const Transition& transition, const Actor& actor) const {
  if (std::find(transition.from.begin(), transition.from.end(), record.state) ==
      transition.from.end()) {
    std::vector<std::string> possible;
    for (const Transition* other : machine_.TransitionsFrom(record.state)) {
      possible.push_back(other->name);
    }
    return absl::FailedPreconditionError(base::StrCat(
        machine_.kind, " ", record.id, " is \"", record.state, "\": \"", transition.name,
        "\" leads from ", Listing(transition.from), " only; ",
        possible.empty() ? std::string("it is final")
                         : base::StrCat("from \"", record.state, "\" it can ", Listing(possible))));
  }
  const bool has_role =
      std::any_of(transition.roles.begin(), transition.roles.end(),
                  [&](const std::string& role) { return actor.roles.contains(role); });
  if (!has_role) {
    return absl::PermissionDeniedError(base::StrCat("\"", transition.name, "\" on ", machine_.kind,
                                                    " ", record.id, " is for ",
                                                    Listing(transition.roles)));
  }
  for (const std::string& name : transition.preconditions) {
    absl::Status status = preconditions_.at(name)(conn, record);
    if (absl::IsFailedPrecondition(status)) {
      return absl::FailedPreconditionError(base::StrCat(name, ": ", status.message()));
    }
    IPHUB_RETURN_IF_ERROR(status);
  }
  return absl::OkStatus();
}

absl::StatusOr<Event> Workflow::Fire(db::Connection& conn, int64_t id,
                                     std::string_view transition_name, const Actor& actor,
                                     int64_t now_ms, const FireOptions& options) const {
  const Transition* transition = machine_.FindTransition(transition_name);
  if (transition == nullptr) {
    std::vector<std::string> names;
    for (const Transition& known : machine_.transitions) names.push_back(known.name);
    return base::InvalidField(
        "transition", base::StrCat("the ", machine_.kind, " workflow has no \"", transition_name,
                                   "\"; it has ", Listing(names)));
  }
  const std::string reason(base::StripWhitespace(options.reason));
  if (transition->reason_required && reason.empty()) {
    return base::InvalidField("reason", base::StrCat("is required to ", transition->name));
  }
  if (base::CodePointCount(reason) > kMaxReasonChars) {
    return base::InvalidField("reason",
                              base::StrCat("must be at most ", kMaxReasonChars, " characters"));
  }
  IPHUB_RETURN_IF_ERROR(RequireTransaction(conn, "Fire"));
  // PostgreSQL: hold the row until commit, so two transitions of one record queue up.
  // SQLite: the transaction already holds the write lock (BEGIN IMMEDIATE).
  IPHUB_ASSIGN_OR_RETURN(
      db::Result rows,
      conn.Query(base::StrCat("SELECT ", kRecordColumns,
                              " FROM workflow_records WHERE kind = $1 AND record_id = $2",
                              conn.dialect() == db::Dialect::kPostgres ? " FOR UPDATE" : ""),
                 {machine_.kind, id}));
  if (rows.rows.empty()) {
    return absl::NotFoundError(base::StrCat("no ", machine_.kind, " ", id));
  }
  Record record = RecordOfRow(rows.rows[0]);
  if (options.expected_version.has_value() && *options.expected_version != record.version) {
    return absl::FailedPreconditionError(
        base::StrCat(machine_.kind, " ", id, " changed since version ", *options.expected_version,
                     ": it is at version ", record.version, ", \"", record.state, "\""));
  }
  IPHUB_RETURN_IF_ERROR(Check(conn, record, *transition, actor));

  Event event = NewEvent(actor, now_ms);
  event.record_id = id;
  event.version = record.version + 1;
  event.transition = transition->name;
  event.from_state = record.state;
  event.to_state = transition->to;
  event.reason = reason;
  event.detail = options.detail.is_object() ? options.detail : json::object();
  IPHUB_ASSIGN_OR_RETURN(
      db::Result updated,
      conn.Query("UPDATE workflow_records SET state = $1, version = $2, state_since_ms = $3 "
                 "WHERE kind = $4 AND record_id = $5 AND version = $6",
                 {event.to_state, event.version, now_ms, machine_.kind, id, record.version}));
  if (updated.affected_rows != 1) {
    return absl::AbortedError(
        base::StrCat(machine_.kind, " ", id, " changed while it was being updated; try again"));
  }
  record.state = event.to_state;
  record.version = event.version;
  IPHUB_RETURN_IF_ERROR(AppendEvent(conn, record, event));
  IPHUB_RETURN_IF_ERROR(Audit(conn, actor, record, event));
  return event;
}

absl::StatusOr<Record> Workflow::Get(db::Connection& conn, int64_t id) const {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result rows,
      conn.Query(base::StrCat("SELECT ", kRecordColumns,
                              " FROM workflow_records WHERE kind = $1 AND record_id = $2"),
                 {machine_.kind, id}));
  if (rows.rows.empty()) return absl::NotFoundError(base::StrCat("no ", machine_.kind, " ", id));
  return RecordOfRow(rows.rows[0]);
}

absl::StatusOr<std::map<int64_t, Record>> Workflow::GetMany(db::Connection& conn,
                                                            const std::vector<int64_t>& ids) const {
  std::map<int64_t, Record> out;
  constexpr size_t kChunk = 500;
  for (size_t begin = 0; begin < ids.size(); begin += kChunk) {
    const size_t end = std::min(ids.size(), begin + kChunk);
    std::string placeholders;
    db::Params params{machine_.kind};
    for (size_t i = begin; i < end; ++i) {
      placeholders += base::StrCat(i == begin ? "" : ", ", "$", params.size() + 1);
      params.push_back(ids[i]);
    }
    IPHUB_ASSIGN_OR_RETURN(
        db::Result rows,
        conn.Query(base::StrCat("SELECT ", kRecordColumns,
                                " FROM workflow_records WHERE kind = $1 AND record_id IN (",
                                placeholders, ")"),
                   params));
    for (const db::Row& row : rows.rows) {
      Record record = RecordOfRow(row);
      out.emplace(record.id, std::move(record));
    }
  }
  return out;
}

absl::StatusOr<std::vector<Event>> Workflow::History(db::Connection& conn, int64_t id) const {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result rows,
      conn.Query(base::StrCat("SELECT ", kEventColumns,
                              " FROM workflow_events WHERE kind = $1 AND record_id = $2 "
                              "ORDER BY version"),
                 {machine_.kind, id}));
  std::vector<Event> out;
  out.reserve(rows.rows.size());
  for (const db::Row& row : rows.rows) out.push_back(EventOfRow(row));
  return out;
}

absl::StatusOr<std::vector<Option>> Workflow::Options(db::Connection& conn, const Record& record,
                                                      const Actor& actor) const {
  std::vector<Option> out;
  for (const Transition* transition : machine_.TransitionsFrom(record.state)) {
    absl::Status status = Check(conn, record, *transition, actor);
    if (!status.ok() && !absl::IsFailedPrecondition(status) && !absl::IsPermissionDenied(status)) {
      return status;
    }
    out.push_back({.transition = transition,
                   .permitted = !absl::IsPermissionDenied(status),
                   .allowed = status.ok(),
                   .blocked_by = std::string(status.message())});
  }
  return out;
}

json EventJson(const Event& event) {
  return {{"seq", event.seq},
          {"version", event.version},
          {"transition", event.transition},
          {"from", event.from_state},
          {"to", event.to_state},
          {"actor_id", http::JsonOrNull(event.actor_id)},
          {"actor", event.actor},
          {"at", event.at_ms},
          {"reason", event.reason},
          {"detail", event.detail}};
}

json RecordJson(const Record& record, const Machine& machine, const std::vector<Event>& history,
                const std::vector<Option>& options) {
  json events = json::array();
  for (const Event& event : history) events.push_back(EventJson(event));
  json actions = json::array();
  for (const Option& option : options) {
    actions.push_back({{"transition", option.transition->name},
                       {"to", option.transition->to},
                       {"permitted", option.permitted},
                       {"allowed", option.allowed},
                       {"blocked_by", option.blocked_by},
                       {"reason_required", option.transition->reason_required},
                       {"label_zh", option.transition->label_zh},
                       {"label_en", option.transition->label_en}});
  }
  return {{"state", record.state},
          {"final", machine.IsFinal(record.state)},
          {"version", record.version},
          {"created_at", record.created_ms},
          {"state_since", record.state_since_ms},
          {"history", std::move(events)},
          {"actions", std::move(actions)}};
}

json RecordSchema() {
  using http::ArrayOf;
  using http::BoolSchema;
  using http::IntSchema;
  using http::ObjectSchema;
  using http::StringSchema;
  const json event = ObjectSchema({{"seq", IntSchema()},
                                   {"version", IntSchema()},
                                   {"transition", StringSchema()},
                                   {"from", StringSchema()},
                                   {"to", StringSchema()},
                                   {"actor_id", http::NullableOf(IntSchema())},
                                   {"actor", StringSchema()},
                                   {"at", IntSchema()},
                                   {"reason", StringSchema()},
                                   {"detail", {{"type", "object"}}}});
  const json action = ObjectSchema({{"transition", StringSchema()},
                                    {"to", StringSchema()},
                                    {"permitted", BoolSchema()},
                                    {"allowed", BoolSchema()},
                                    {"blocked_by", StringSchema()},
                                    {"reason_required", BoolSchema()},
                                    {"label_zh", StringSchema()},
                                    {"label_en", StringSchema()}});
  return ObjectSchema({{"state", StringSchema()},
                       {"final", BoolSchema()},
                       {"version", IntSchema()},
                       {"created_at", IntSchema()},
                       {"state_since", IntSchema()},
                       {"history", ArrayOf(event)},
                       {"actions", ArrayOf(action)}});
}

}  // namespace iphub::workflow
