// SQL for watches, alerts and the mail outbox. Functions take the caller's connection (and so
// its transaction); they check no permission — that is the service's job.
//
// Tables (migrations/0001_watches.sql, 0002_similarity_watches.sql): watches, watch_patents,
// watch_events, watch_progress, alerts, mail_outbox.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/db/database.h"
#include "iphub/watch/model.h"

namespace iphub::watch::store {

template <typename T>
struct Page {
  std::vector<T> items{};
  int64_t total = 0;
};

// --- watches -------------------------------------------------------------------

// Inserts `watch` (its id, owner_name and patents are ignored); returns the new id.
absl::StatusOr<int64_t> InsertWatch(db::Connection& conn, const Watch& watch, int64_t now);
// With its patents (status and similarity watches). NotFound when there is no such watch.
absl::StatusOr<Watch> GetWatch(db::Connection& conn, int64_t id);
// Writes name, query, applicant, events, threshold, frequency, organisation and sharing (not
// the kind).
absl::Status UpdateWatch(db::Connection& conn, const Watch& watch, int64_t now);
// Deletes the watch with its patents, seen events and alerts.
absl::Status DeleteWatch(db::Connection& conn, int64_t id);
// The watches user `user_id` of `organization_id` may see (own, and shared with the
// organisation; every watch with `all`), most recently changed first, without patents.
absl::StatusOr<Page<Watch>> ListWatches(db::Connection& conn, int64_t user_id,
                                        std::optional<int64_t> organization_id, bool all,
                                        int64_t limit, int64_t offset);
// Every watch, oldest first, with patents (the evaluator's view).
absl::StatusOr<std::vector<Watch>> AllWatches(db::Connection& conn);

// Whether any watch is of `kind`.
absl::StatusOr<bool> AnyWatchOfKind(db::Connection& conn, WatchKind kind);
// The id of the stored patent with this exact publication number, if any.
absl::StatusOr<std::optional<int64_t>> PatentIdOf(db::Connection& conn,
                                                  std::string_view publication_number);
// Replaces the patents of a status or similarity watch.
absl::Status SetWatchedPatents(db::Connection& conn, int64_t watch_id,
                               const std::vector<int64_t>& patent_ids);
// The (patent id, publication number) pairs a status or similarity watch follows.
absl::StatusOr<std::vector<std::pair<int64_t, std::string>>> WatchedPatents(db::Connection& conn,
                                                                            int64_t watch_id);
// The (publication number, application number) pairs a similarity watch compares with.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> WatchedApplications(
    db::Connection& conn, int64_t watch_id);
// Records that a status watch has seen event `event_key` of a patent: true when it had not.
absl::StatusOr<bool> MarkEventSeen(db::Connection& conn, int64_t watch_id, int64_t patent_id,
                                   std::string_view event_key);

// Who receives a watch's alerts: the members (not disabled) of its organisation when it is
// shared, else its owner.
absl::StatusOr<std::vector<int64_t>> Recipients(db::Connection& conn, const Watch& watch);
// The user's e-mail address when one is set.
absl::StatusOr<std::optional<std::string>> EmailOf(db::Connection& conn, int64_t user_id);

// --- alerts --------------------------------------------------------------------

// Inserts an alert unless this (watch, user, publication, event key) has one: true when
// inserted. `mailed`: no digest needs to mail it.
absl::StatusOr<bool> InsertAlert(db::Connection& conn, const Alert& alert,
                                 std::string_view event_key, bool mailed);
// Alerts of watches with `frequency` that wait for a digest, by user, oldest first.
absl::StatusOr<std::vector<Alert>> UnmailedAlerts(db::Connection& conn, Frequency frequency);
absl::Status MarkAlertsMailed(db::Connection& conn, const std::vector<int64_t>& alert_ids);
// Marks every alert of a watch that waits for a digest mailed (the watch now mails at once).
absl::Status MarkWatchAlertsMailed(db::Connection& conn, int64_t watch_id);
// The digest period last mailed for `frequency` ('' before the first).
absl::StatusOr<std::string> LastDigest(db::Connection& conn, Frequency frequency);
// Moves it from `from` to `to`; Aborted when another node moved it meanwhile.
absl::Status AdvanceDigest(db::Connection& conn, Frequency frequency, std::string_view from,
                           std::string_view to);
// The user's alerts, newest first; only unread ones with `unread_only`.
absl::StatusOr<Page<Alert>> ListAlerts(db::Connection& conn, int64_t user_id, bool unread_only,
                                       int64_t limit, int64_t offset);
absl::StatusOr<int64_t> CountUnread(db::Connection& conn, int64_t user_id);
// NotFound unless the alert is the user's. Marks it read (once: a read alert keeps its time).
absl::StatusOr<Alert> MarkRead(db::Connection& conn, int64_t user_id, int64_t alert_id,
                               int64_t now);
// Returns how many were unread.
absl::StatusOr<int64_t> MarkAllRead(db::Connection& conn, int64_t user_id, int64_t now);

// --- change log ------------------------------------------------------------------

// One row of patents' change log with the patent's number and title.
struct Change {
  int64_t seq = 0;
  int64_t patent_id = 0;
  bool insert = false;  // 'insert' (a new patent) rather than 'update'
  int64_t at_ms = 0;
  std::string publication_number{};
  std::string title{};
};

// The last seq the evaluator has looked at.
absl::StatusOr<int64_t> LastEvaluated(db::Connection& conn);
// Moves it from `from` to `to`; Aborted when another evaluator moved it meanwhile.
absl::Status AdvanceEvaluated(db::Connection& conn, int64_t from, int64_t to);
// Changes with after < seq <= through, oldest first, at most `limit`.
absl::StatusOr<std::vector<Change>> ChangesAfter(db::Connection& conn, int64_t after,
                                                 int64_t through, int64_t limit);

// --- mail outbox -----------------------------------------------------------------

struct Mail {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string to_address{};
  std::string subject{};
  std::string body{};
  int64_t created_at = 0;
  std::optional<int64_t> sent_at{};
  int64_t attempts = 0;
  std::string last_error{};
};

absl::StatusOr<int64_t> InsertMail(db::Connection& conn, const Mail& mail);
// Unsent mail tried fewer than `max_attempts` times, oldest first.
absl::StatusOr<std::vector<Mail>> PendingMail(db::Connection& conn, int64_t max_attempts,
                                              int64_t limit);
absl::Status MarkMailSent(db::Connection& conn, int64_t id, int64_t now);
absl::Status MarkMailFailed(db::Connection& conn, int64_t id, std::string_view error);
// Every row of a user's mail, oldest first (tests and operators).
absl::StatusOr<std::vector<Mail>> MailOf(db::Connection& conn, int64_t user_id);

}  // namespace iphub::watch::store
