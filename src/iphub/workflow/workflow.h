// Runs a Machine (machine.h) over records stored in the database: each record's
// current state and version, and an event per transition (who, when, from,
// to, why), with every transition written to the audit log in the caller's
// transaction.
//
//   IPHUB_ASSIGN_OR_RETURN(workflow::Workflow listings, workflow::Workflow::Create(
//       kListing, {{"patent_valid", [&](db::Connection& conn, const workflow::Record& record)
//                      { return CheckValid(conn, record.id); }}}));
//   db::Transaction tx(conn);
//   IPHUB_RETURN_IF_ERROR(tx.Begin());
//   ... insert the listing row ...
//   IPHUB_RETURN_IF_ERROR(listings.Start(conn, id, actor, now_ms, {.region_code =
//   "370102"}).status()); IPHUB_RETURN_IF_ERROR(tx.Commit());
//   ...
//   listings.Fire(conn, id, "approve", actor, now_ms, {.reason = "…"});
//
// A transition is refused with the reason, in this order:
//   InvalidArgument     the machine has no such transition; a required reason is empty
//   FailedPrecondition  (HTTP 409) it does not leave the record's current state, or the
//                       record changed since the version the caller saw, or a
//                       precondition failed (its own message, prefixed by its name)
//   PermissionDenied    the actor holds none of the transition's roles
//   NotFound            the record has no workflow of this kind
// The state, the event and the audit entry are written together or not at all.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/auth/model.h"
#include "iphub/db/database.h"
#include "iphub/workflow/machine.h"
#include "nlohmann/json.hpp"

namespace iphub::workflow {

// Who fires a transition: the logged-in principal (null: the platform itself,
// e.g. a recordal imported from the patent office's legal events) and the roles
// they hold on this record — their platform role and the parts they play in it,
// which only the module knows ("lister", "buyer").
struct Actor {
  const auth::Principal* principal = nullptr;
  std::set<std::string, std::less<>> roles{};
};

// The roles a principal holds by platform role alone ("official", "member", …,
// auth::RoleName); a module adds the record's parties to these.
std::set<std::string, std::less<>> PlatformRoles(const auth::Principal* principal);

struct Record {
  std::string kind{};
  int64_t id = 0;
  std::string state{};
  int64_t version = 0;  // 1 after Start, +1 per transition
  std::optional<std::string> region_code{};
  int64_t created_ms = 0;
  int64_t state_since_ms = 0;  // when it entered the current state
};

struct Event {
  int64_t seq = 0;
  int64_t record_id = 0;
  int64_t version = 0;     // the record's version after it
  std::string transition;  // "start" for Start
  std::string from_state;  // "" for Start
  std::string to_state;
  std::optional<int64_t> actor_id{};
  std::string actor;  // username, or "system"
  int64_t at_ms = 0;
  std::string reason;
  nlohmann::json detail = nlohmann::json::object();
};

// A transition as the actor sees it on a record now: whether they may fire it,
// and if not, why (a missing role, or the failed precondition's message).
struct Option {
  const Transition* transition = nullptr;
  bool permitted = false;    // the actor holds one of its roles
  bool allowed = false;      // permitted, and every precondition holds now
  std::string blocked_by{};  // "" when allowed
};

// A check before a transition, run inside the transition's transaction: OK, or
// FailedPrecondition saying what does not hold ("CN202010000001.5 lapsed on
// 2025-03-01"). Other errors abort the transition as they are.
using Precondition = std::function<absl::Status(db::Connection& conn, const Record& record)>;

struct StartOptions {
  std::optional<std::string> region_code{};  // the region whose officials see its audit
  nlohmann::json detail = nlohmann::json::object();
};

struct FireOptions {
  std::string reason{};                              // at most kMaxReasonChars characters
  std::optional<int64_t> expected_version{};         // refuse if the record moved on since
  nlohmann::json detail = nlohmann::json::object();  // stored with the event and audited
};

inline constexpr size_t kMaxReasonChars = 2000;

class Workflow {
 public:
  // InvalidArgument when the machine fails ValidateMachine, or a transition names a
  // precondition that `preconditions` does not supply (or one is supplied that no
  // transition names).
  static absl::StatusOr<Workflow> Create(Machine machine,
                                         std::map<std::string, Precondition> preconditions = {});

  const Machine& machine() const { return machine_; }

  // Puts record `id` in the initial state (event "start", audit "<kind>.start").
  // AlreadyExists when it has a workflow already. Runs inside the caller's
  // transaction (FailedPrecondition otherwise), like Fire.
  absl::StatusOr<Record> Start(db::Connection& conn, int64_t id, const Actor& actor, int64_t now_ms,
                               const StartOptions& options = {}) const;

  // Fires `transition` on record `id`; the errors are listed at the top of the file.
  absl::StatusOr<Event> Fire(db::Connection& conn, int64_t id, std::string_view transition,
                             const Actor& actor, int64_t now_ms,
                             const FireOptions& options = {}) const;

  absl::StatusOr<Record> Get(db::Connection& conn, int64_t id) const;
  // The records of ids (those that have a workflow), by id.
  absl::StatusOr<std::map<int64_t, Record>> GetMany(db::Connection& conn,
                                                    const std::vector<int64_t>& ids) const;
  // Oldest first.
  absl::StatusOr<std::vector<Event>> History(db::Connection& conn, int64_t id) const;
  // The transitions that leave the record's state, each allowed or not for `actor`;
  // preconditions are run (without writing anything) only for those whose role the
  // actor holds.
  absl::StatusOr<std::vector<Option>> Options(db::Connection& conn, const Record& record,
                                              const Actor& actor) const;

 private:
  Workflow(Machine machine, std::map<std::string, Precondition> preconditions)
      : machine_(std::move(machine)), preconditions_(std::move(preconditions)) {}

  // OK, or why `actor` may not fire `transition` on `record` now.
  absl::Status Check(db::Connection& conn, const Record& record, const Transition& transition,
                     const Actor& actor) const;

  Machine machine_;
  std::map<std::string, Precondition> preconditions_;
};

// The JSON the modules' routes give for a record's workflow:
//   {"state", "version", "state_since", "final", "history": [...], "actions": [...]}
nlohmann::json RecordJson(const Record& record, const Machine& machine,
                          const std::vector<Event>& history, const std::vector<Option>& options);
nlohmann::json EventJson(const Event& event);
// The OpenAPI schema of RecordJson.
nlohmann::json RecordSchema();

}  // namespace iphub::workflow
