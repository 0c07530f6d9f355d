// What the API does with watches and alerts: create, read, list, change and delete watches;
// list a user's alerts and acknowledge them.
//
//   WatchService service(database, index, clock);
//   IPHUB_ASSIGN_OR_RETURN(WatchView created,
//       service.CreateWatch(&caller, {.name = "竞争对手", .kind = "applicant",
//                                     .applicant = "华为技术有限公司"}));
//   IPHUB_ASSIGN_OR_RETURN(AlertList inbox, service.ListAlerts(&caller, true, 20, 0));
//
// Access: a null caller is Unauthenticated; the owner and platform administrators read and
// change a watch; members of the owner's organisation read a shared one; everyone else gets
// NotFound, so ids do not leak. Every change commits with its audit entry
// (watch.create|update|delete). A query is checked when saved by the index's own parser
// (InvalidArgument, field "query", with the character position).
//
// Thread-safe: each call borrows its own connection; the index is only read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/auth/model.h"
#include "iphub/base/clock.h"
#include "iphub/db/database.h"
#include "iphub/patents/search.h"
#include "iphub/watch/model.h"
#include "nlohmann/json.hpp"

namespace iphub::watch {

// Fields to set; absent ones keep their value (on creation: the defaults below).
struct WatchInput {
  std::optional<std::string> name{};   // required on creation
  std::optional<std::string> kind{};   // query (default), applicant, status or similarity; fixed
  std::optional<std::string> query{};  // query: required
  std::optional<std::string> applicant{};  // applicant: required
  // status and similarity: publication numbers written any usual way (at least one; at most
  // kMaxWatchedPatents, kMaxSimilarPatents), resolved to stored patents (InvalidArgument,
  // field "patents", for one not stored).
  std::optional<std::vector<std::string>> patents{};
  std::optional<std::vector<std::string>> events{};  // status: event group names, at least one
  // similarity: a percentage, kMinThreshold..kMaxThreshold (default kDefaultThreshold)
  std::optional<int64_t> threshold{};
  std::optional<std::string> frequency{};  // "import" (default), "daily", "weekly"
  std::optional<bool> shared{};            // default false
};

struct WatchView {
  Watch watch{};
  bool editable = false;
};

struct WatchList {
  int64_t total = 0;
  std::vector<WatchView> items{};
};

struct AlertList {
  int64_t total = 0;   // of the list asked for
  int64_t unread = 0;  // of all the caller's alerts
  std::vector<Alert> items{};
};

class WatchService {
 public:
  // `index` checks queries; it must outlive the service.
  WatchService(db::Database& database, const patents::PatentIndex& index, base::Clock& clock);

  absl::StatusOr<WatchView> CreateWatch(const auth::Principal* caller, const WatchInput& input);
  absl::StatusOr<WatchView> GetWatch(const auth::Principal* caller, int64_t id);
  // The caller's own and those shared with the caller's organisation (every watch for a
  // platform administrator with `all`; PermissionDenied for anyone else asking it).
  absl::StatusOr<WatchList> ListWatches(const auth::Principal* caller, bool all, int64_t limit,
                                        int64_t offset);
  // NotFound when invisible; PermissionDenied when visible but not the caller's to change;
  // InvalidArgument (field "kind") for a change of kind.
  absl::StatusOr<WatchView> UpdateWatch(const auth::Principal* caller, int64_t id,
                                        const WatchInput& input);
  // Deletes the watch with its alerts.
  absl::Status DeleteWatch(const auth::Principal* caller, int64_t id);

  // The caller's alerts, newest first.
  absl::StatusOr<AlertList> ListAlerts(const auth::Principal* caller, bool unread_only,
                                       int64_t limit, int64_t offset);
  // NotFound unless the alert is the caller's; reading it twice keeps the first time.
  absl::StatusOr<Alert> MarkRead(const auth::Principal* caller, int64_t alert_id);
  // How many alerts were unread.
  absl::StatusOr<int64_t> MarkAllRead(const auth::Principal* caller);

 private:
  // The query trimmed, after the index has read it (InvalidArgument, field "query").
  absl::StatusOr<std::string> CheckQuery(std::string_view query) const;
  // Applies `input` onto `watch` (validating); `changes` gets what changed for the audit,
  // `patent_ids` the stored patents when the list was given.
  absl::Status Apply(db::Connection& conn, const WatchInput& input, bool creating, Watch& watch,
                     std::optional<std::vector<int64_t>>& patent_ids,
                     nlohmann::json& changes) const;

  db::Database& database_;
  const patents::PatentIndex& index_;
  base::Clock& clock_;
};

}  // namespace iphub::watch
