#include "iphub/watch/service.h"

#include <algorithm>

#include "iphub/auth/audit.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/collections/access.h"
#include "iphub/engine/query/parser.h"
#include "iphub/patents/numbers.h"
#include "iphub/patents/store.h"
#include "iphub/watch/store.h"

namespace iphub::watch {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxApplicantChars = 200;

absl::Status LogInFirst() { return absl::UnauthenticatedError("log in first"); }

using collections::Access;
using collections::MayChange;

absl::Status CheckAccess(const auth::Principal& caller, const Ownership& record, Access access) {
  return collections::CheckAccess(&caller, record, access, "watch");
}

auth::AuditEvent Event(std::string_view action, int64_t id, const auth::Principal& caller,
                       json detail) {
  return {.action = std::string(action),
          .entity = "watch",
          .entity_id = std::to_string(id),
          .region_code = caller.region_code,
          .detail = std::move(detail)};
}

// A publication number as lists write it: no spaces, upper case.
std::string CompactNumber(std::string_view number) {
  std::string out;
  for (char c : number) {
    if (!base::IsAsciiSpace(c)) out.push_back(base::AsciiUpper(c));
  }
  return out;
}

// The stored patent a number written any usual way means (the latest publication when the
// text names an application or a number without kind).
absl::StatusOr<std::pair<int64_t, std::string>> ResolvePatent(db::Connection& conn,
                                                              std::string_view number) {
  const std::string compact = CompactNumber(number);
  if (compact.empty()) return base::InvalidField("patents", "a publication number is empty");
  IPHUB_ASSIGN_OR_RETURN(std::optional<int64_t> exact, store::PatentIdOf(conn, compact));
  if (exact.has_value()) return std::make_pair(*exact, compact);
  absl::StatusOr<patents::NumberQuery> query = patents::ParseNumberQuery(number);
  if (!query.ok()) return base::WithField(query.status(), "patents");
  IPHUB_ASSIGN_OR_RETURN(std::vector<patents::store::StoredPatent> found,
                         patents::store::FindByNumber(conn, *query));
  if (found.empty()) {
    return base::InvalidField("patents", base::StrCat("no stored patent has the number ", number));
  }
  IPHUB_ASSIGN_OR_RETURN(std::optional<int64_t> id,
                         store::PatentIdOf(conn, found.front().publication_number));
  if (!id.has_value()) return absl::InternalError("a found patent vanished");
  return std::make_pair(*id, found.front().publication_number);
}

// The events a status watch's patents hold now count as seen: only later ones alert.
absl::Status MarkCurrentEventsSeen(db::Connection& conn, const Watch& watch) {
  IPHUB_ASSIGN_OR_RETURN(auto followed, store::WatchedPatents(conn, watch.id));
  for (const auto& [patent_id, number] : followed) {
    IPHUB_ASSIGN_OR_RETURN(patents::Patent patent, patents::store::GetPatent(conn, number));
    for (const patents::LegalEvent& event : patent.legal_events) {
      std::optional<EventGroup> group = EventGroupOf(event.code);
      if (!group.has_value() ||
          std::find(watch.events.begin(), watch.events.end(), *group) == watch.events.end()) {
        continue;
      }
      const std::string key = base::StrCat(base::AsciiUpperCopy(base::StripWhitespace(event.code)),
                                           " ", base::StripWhitespace(event.date));
      IPHUB_RETURN_IF_ERROR(store::MarkEventSeen(conn, watch.id, patent_id, key).status());
    }
  }
  return absl::OkStatus();
}

json EventNames(const std::vector<EventGroup>& groups) {
  json out = json::array();
  for (EventGroup group : groups) out.push_back(EventGroupName(group));
  return out;
}

}  // namespace

WatchService::WatchService(db::Database& database, const patents::PatentIndex& index,
                           base::Clock& clock)
    : database_(database), index_(index), clock_(clock) {}

absl::StatusOr<std::string> WatchService::CheckQuery(std::string_view query) const {
  std::string trimmed(base::StripWhitespace(query));
  if (trimmed.empty()) return base::InvalidField("query", "a query is required");
  absl::StatusOr<uint64_t> count = index_.Count(trimmed);
  if (!count.ok()) return engine::query::WithQueryField(count.status(), "query");
  return trimmed;
}

absl::Status WatchService::Apply(db::Connection& conn, const WatchInput& input, bool creating,
                                 Watch& watch, std::optional<std::vector<int64_t>>& patent_ids,
                                 json& changes) const {
  if (input.name.has_value() || creating) {
    IPHUB_ASSIGN_OR_RETURN(std::string name, NormalizeName(input.name.value_or("")));
    if (name != watch.name) changes["name"] = name;
    watch.name = std::move(name);
  }
  if (creating) {
    IPHUB_ASSIGN_OR_RETURN(watch.kind, ParseWatchKind(input.kind.value_or("query")));
    changes["kind"] = WatchKindName(watch.kind);
  } else if (input.kind.has_value() && *input.kind != WatchKindName(watch.kind)) {
    return base::InvalidField("kind", "the kind of a watch cannot change");
  }
  const bool is_query = watch.kind == WatchKind::kQuery;
  const bool is_applicant = watch.kind == WatchKind::kApplicant;
  const bool is_status = watch.kind == WatchKind::kStatus;
  const bool is_similarity = watch.kind == WatchKind::kSimilarity;
  if (input.query.has_value() && !is_query) {
    return base::InvalidField("query", "only query watches have a query");
  }
  if (input.applicant.has_value() && !is_applicant) {
    return base::InvalidField("applicant", "only applicant watches have an applicant");
  }
  if (input.patents.has_value() && !HasPatents(watch.kind)) {
    return base::InvalidField("patents",
                              "only status and similarity watches follow chosen patents");
  }
  if (input.threshold.has_value() && !is_similarity) {
    return base::InvalidField("threshold", "only similarity watches have a threshold");
  }
  if (input.events.has_value() && !is_status) {
    return base::InvalidField("events", "only status watches choose legal events");
  }
  if (is_query && (input.query.has_value() || creating)) {
    IPHUB_ASSIGN_OR_RETURN(std::string query, CheckQuery(input.query.value_or("")));
    if (query != watch.query) changes["query"] = query;
    watch.query = std::move(query);
  }
  if (is_applicant && (input.applicant.has_value() || creating)) {
    const std::string applicant(base::StripWhitespace(input.applicant.value_or("")));
    if (applicant.empty()) return base::InvalidField("applicant", "an applicant name is required");
    if (base::CodePointCount(applicant) > kMaxApplicantChars) {
      return base::InvalidField("applicant",
                                base::StrCat("at most ", kMaxApplicantChars, " characters"));
    }
    const std::string query = patents::ApplicantNameQuery(applicant);
    if (absl::StatusOr<uint64_t> count = index_.Count(query); !count.ok()) {
      return engine::query::WithQueryField(count.status(), "applicant");
    }
    if (applicant != watch.applicant) changes["applicant"] = applicant;
    watch.applicant = applicant;
    watch.query = query;
  }
  if (HasPatents(watch.kind) && (input.patents.has_value() || creating)) {
    const std::vector<std::string> numbers = input.patents.value_or(std::vector<std::string>{});
    if (numbers.empty()) return base::InvalidField("patents", "choose at least one patent");
    const size_t max_patents = is_similarity ? kMaxSimilarPatents : kMaxWatchedPatents;
    if (numbers.size() > max_patents) {
      return base::InvalidField("patents", base::StrCat("at most ", max_patents, " patents"));
    }
    std::vector<int64_t> ids;
    std::vector<std::string> resolved;
    for (const std::string& number : numbers) {
      IPHUB_ASSIGN_OR_RETURN(auto patent, ResolvePatent(conn, number));
      if (std::find(ids.begin(), ids.end(), patent.first) != ids.end()) continue;
      ids.push_back(patent.first);
      resolved.push_back(patent.second);
    }
    std::sort(resolved.begin(), resolved.end());
    if (resolved != watch.patents) changes["patents"] = resolved;
    watch.patents = std::move(resolved);
    patent_ids = std::move(ids);
  }
  if (is_status && (input.events.has_value() || creating)) {
    std::vector<EventGroup> groups;
    for (const std::string& name : input.events.value_or(std::vector<std::string>{})) {
      IPHUB_ASSIGN_OR_RETURN(EventGroup group, ParseEventGroup(base::StripWhitespace(name)));
      if (std::find(groups.begin(), groups.end(), group) == groups.end()) groups.push_back(group);
    }
    if (groups.empty()) return base::InvalidField("events", "choose at least one event group");
    if (groups != watch.events) changes["events"] = EventNames(groups);
    watch.events = std::move(groups);
  }
  if (is_similarity && (input.threshold.has_value() || creating)) {
    IPHUB_ASSIGN_OR_RETURN(const int threshold,
                           CheckThreshold(input.threshold.value_or(kDefaultThreshold)));
    if (threshold != watch.threshold || creating) changes["threshold"] = threshold;
    watch.threshold = threshold;
  }
  if (input.frequency.has_value() || creating) {
    IPHUB_ASSIGN_OR_RETURN(Frequency frequency, ParseFrequency(input.frequency.value_or("")));
    if (frequency != watch.frequency || creating) changes["frequency"] = FrequencyName(frequency);
    watch.frequency = frequency;
  }
  if (input.shared.has_value() && (*input.shared != watch.ownership.shared || creating)) {
    changes["shared"] = *input.shared;
    watch.ownership.shared = *input.shared;
  }
  if (watch.ownership.shared && !watch.ownership.organization_id.has_value()) {
    return base::InvalidField("shared", "the owner belongs to no organization to share with");
  }
  return absl::OkStatus();
}

absl::StatusOr<WatchView> WatchService::CreateWatch(const auth::Principal* caller,
                                                    const WatchInput& input) {
  if (caller == nullptr) return LogInFirst();
  Watch watch;
  watch.ownership = {.owner_id = caller->user_id, .organization_id = caller->organization_id};
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  std::optional<std::vector<int64_t>> patent_ids;
  json changes = json::object();
  IPHUB_RETURN_IF_ERROR(Apply(*conn, input, /*creating=*/true, watch, patent_ids, changes));
  const int64_t now = clock_.NowMillis();
  IPHUB_ASSIGN_OR_RETURN(watch.id, store::InsertWatch(*conn, watch, now));
  if (patent_ids.has_value()) {
    IPHUB_RETURN_IF_ERROR(store::SetWatchedPatents(*conn, watch.id, *patent_ids));
    if (watch.kind == WatchKind::kStatus) {
      IPHUB_RETURN_IF_ERROR(MarkCurrentEventsSeen(*conn, watch));
    }
  }
  IPHUB_RETURN_IF_ERROR(
      auth::AppendAudit(*conn, caller, now, Event("watch.create", watch.id, *caller, changes)));
  IPHUB_ASSIGN_OR_RETURN(Watch stored, store::GetWatch(*conn, watch.id));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return WatchView{.watch = std::move(stored), .editable = true};
}

absl::StatusOr<WatchView> WatchService::GetWatch(const auth::Principal* caller, int64_t id) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(Watch watch, store::GetWatch(*conn, id));
  IPHUB_RETURN_IF_ERROR(CheckAccess(*caller, watch.ownership, Access::kRead));
  const bool editable = MayChange(*caller, watch.ownership);
  return WatchView{.watch = std::move(watch), .editable = editable};
}

absl::StatusOr<WatchList> WatchService::ListWatches(const auth::Principal* caller, bool all,
                                                    int64_t limit, int64_t offset) {
  if (caller == nullptr) return LogInFirst();
  if (all && caller->role != auth::Role::kPlatformAdmin) {
    return absl::PermissionDeniedError("only platform administrators list everyone's watches");
  }
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(
      store::Page<Watch> page,
      store::ListWatches(*conn, caller->user_id, caller->organization_id, all, limit, offset));
  WatchList out;
  out.total = page.total;
  for (Watch& watch : page.items) {
    const bool editable = MayChange(*caller, watch.ownership);
    out.items.push_back({.watch = std::move(watch), .editable = editable});
  }
  return out;
}

absl::StatusOr<WatchView> WatchService::UpdateWatch(const auth::Principal* caller, int64_t id,
                                                    const WatchInput& input) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Watch watch, store::GetWatch(*conn, id));
  IPHUB_RETURN_IF_ERROR(CheckAccess(*caller, watch.ownership, Access::kChange));
  // A user who moved keeps sharing with the new organisation.
  if (caller->user_id == watch.ownership.owner_id) {
    watch.ownership.organization_id = caller->organization_id;
  }
  std::optional<std::vector<int64_t>> patent_ids;
  json changes = json::object();
  IPHUB_RETURN_IF_ERROR(Apply(*conn, input, /*creating=*/false, watch, patent_ids, changes));
  const int64_t now = clock_.NowMillis();
  IPHUB_RETURN_IF_ERROR(store::UpdateWatch(*conn, watch, now));
  if (patent_ids.has_value()) {
    IPHUB_RETURN_IF_ERROR(store::SetWatchedPatents(*conn, watch.id, *patent_ids));
  }
  // Alerts that waited for a digest are not mailed once the watch mails at once: no digest of
  // its frequency will come (they stay in the inbox).
  if (changes.contains("frequency") && watch.frequency == Frequency::kImport) {
    IPHUB_RETURN_IF_ERROR(store::MarkWatchAlertsMailed(*conn, watch.id));
  }
  if (watch.kind == WatchKind::kStatus &&
      (changes.contains("patents") || changes.contains("events"))) {
    IPHUB_RETURN_IF_ERROR(MarkCurrentEventsSeen(*conn, watch));
  }
  IPHUB_RETURN_IF_ERROR(
      auth::AppendAudit(*conn, caller, now, Event("watch.update", id, *caller, changes)));
  IPHUB_ASSIGN_OR_RETURN(Watch stored, store::GetWatch(*conn, id));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  const bool editable = MayChange(*caller, stored.ownership);
  return WatchView{.watch = std::move(stored), .editable = editable};
}

absl::Status WatchService::DeleteWatch(const auth::Principal* caller, int64_t id) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Watch watch, store::GetWatch(*conn, id));
  IPHUB_RETURN_IF_ERROR(CheckAccess(*caller, watch.ownership, Access::kChange));
  IPHUB_RETURN_IF_ERROR(store::DeleteWatch(*conn, id));
  IPHUB_RETURN_IF_ERROR(
      auth::AppendAudit(*conn, caller, clock_.NowMillis(),
                        Event("watch.delete", id, *caller,
                              {{"name", watch.name}, {"owner_id", watch.ownership.owner_id}})));
  return tx.Commit();
}

absl::StatusOr<AlertList> WatchService::ListAlerts(const auth::Principal* caller, bool unread_only,
                                                   int64_t limit, int64_t offset) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(store::Page<Alert> page,
                         store::ListAlerts(*conn, caller->user_id, unread_only, limit, offset));
  AlertList out;
  out.total = page.total;
  out.items = std::move(page.items);
  IPHUB_ASSIGN_OR_RETURN(out.unread, store::CountUnread(*conn, caller->user_id));
  return out;
}

absl::StatusOr<Alert> WatchService::MarkRead(const auth::Principal* caller, int64_t alert_id) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  return store::MarkRead(*conn, caller->user_id, alert_id, clock_.NowMillis());
}

absl::StatusOr<int64_t> WatchService::MarkAllRead(const auth::Principal* caller) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  return store::MarkAllRead(*conn, caller->user_id, clock_.NowMillis());
}

}  // namespace iphub::watch
