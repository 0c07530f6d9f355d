#include "iphub/watch/evaluator.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/patents/store.h"
#include "iphub/watch/model.h"
#include "iphub/watch/store.h"
#include "nlohmann/json.hpp"
#include "spdlog/spdlog.h"

namespace iphub::watch {
namespace {

using json = nlohmann::json;

// How many of a new patent's nearest patents (one per application) are compared with the
// watched ones: a watched patent further down its list does not alert, however high its score.
constexpr uint32_t kSimilarCandidates = 30;

// A similarity score as the percentage thresholds and the API use.
int Percent(double score) { return static_cast<int>(std::lround(score * 100)); }

// The watched patents of a similarity watch by publication number and by application number
// (Similar() lists one publication per application, maybe not the watched one), each mapped to
// the watched publication.
struct SimilarityTargets {
  const Watch* watch = nullptr;
  std::map<std::string, std::string> by_key;
};

// What a similarity alert says in mail: "与 CN…A 相似 72%".
std::string SimilarityWhat(std::string_view similar_to, int percent) {
  return base::StrCat("与 ", similar_to, " 相似 ", percent, "%");
}

// What one event group is called in mail.
std::string_view GroupLabel(EventGroup group) {
  switch (group) {
    case EventGroup::kLapse:
      return "未缴年费终止";
    case EventGroup::kRestoration:
      return "权利恢复";
    case EventGroup::kTransfer:
      return "专利权转移";
    case EventGroup::kLicence:
      return "实施许可备案";
    case EventGroup::kPledge:
      return "质押登记";
    case EventGroup::kInvalidation:
      return "宣告无效";
    case EventGroup::kExpiry:
      return "有效期届满";
  }
  return "";
}

// The key that makes a status alert once per event: code and date.
std::string EventKey(const patents::LegalEvent& event) {
  return base::StrCat(base::AsciiUpperCopy(base::StripWhitespace(event.code)), " ",
                      base::StripWhitespace(event.date));
}

// One new alert as a line of the mail.
std::string MailLine(std::string_view watch_name, const Alert& alert, std::string_view what) {
  return base::StrCat("- [", watch_name, "] ", alert.publication_number, " ", alert.title, "（",
                      what, "）\n");
}

// What happened, for a stored alert: its event (status) or "新专利".
std::string AlertWhat(const Alert& alert) {
  if (alert.kind != "status" && alert.kind != "similarity") return "新专利";
  const json detail = json::parse(alert.detail, nullptr, /*allow_exceptions=*/false);
  if (alert.kind == "similarity") {
    if (!detail.is_object()) return "相似专利";
    return SimilarityWhat(detail.value("similar_to", ""), detail.value("percent", 0));
  }
  if (!detail.is_object()) return "法律状态变化";
  const std::string group = detail.value("group", "");
  absl::StatusOr<EventGroup> parsed = ParseEventGroup(group);
  return base::StrCat(parsed.ok() ? GroupLabel(*parsed) : std::string_view("法律状态变化"), " ",
                      detail.value("code", ""), " ", detail.value("date", ""));
}

std::string MailBody(const std::vector<std::string>& lines, std::string_view period = "") {
  std::string body =
      base::StrCat("您好：\n\n您关注的监控", period, "有 ", lines.size(), " 条新提醒：\n\n");
  for (const std::string& line : lines) body.append(line);
  body.append("\n请登录平台，在“提醒”中查看详情。\n");
  return body;
}

}  // namespace

WatchEvaluator::WatchEvaluator(db::Database& database, const patents::PatentIndex& index,
                               base::Clock& clock, int64_t batch_size)
    : database_(database), index_(index), clock_(clock), batch_size_(batch_size) {}

absl::StatusOr<EvaluationSummary> WatchEvaluator::EvaluateBatch() {
  EvaluationSummary summary;
  IPHUB_ASSIGN_OR_RETURN(patents::IndexInfo info, index_.Info());
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  // A cheap look first: a poll with nothing to do takes no write lock.
  IPHUB_ASSIGN_OR_RETURN(const int64_t last, store::LastEvaluated(*conn));
  summary.through_seq = last;
  if (info.applied_change <= last) return summary;
  // Similarity watches ask the similar-patents model, which is loaded (built when none is
  // saved) and given the newly indexed patents on use: done here, before the write lock.
  IPHUB_ASSIGN_OR_RETURN(const bool similarity_watches,
                         store::AnyWatchOfKind(*conn, WatchKind::kSimilarity));
  if (similarity_watches) {
    const auto warming_since = std::chrono::steady_clock::now();
    IPHUB_RETURN_IF_ERROR(index_.PrepareSimilar());
    summary.match_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - warming_since).count();
  }
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(std::vector<store::Change> changes,
                         store::ChangesAfter(*conn, last, info.applied_change, batch_size_));
  if (changes.empty()) return summary;
  const int64_t now = clock_.NowMillis();

  // New patents (first insert of each) and every patent the batch touched.
  std::vector<std::string> inserted_keys;
  std::map<std::string, const store::Change*> inserted;
  std::map<int64_t, const store::Change*> touched;
  for (const store::Change& change : changes) {
    touched[change.patent_id] = &change;
    if (change.insert && inserted.emplace(change.publication_number, &change).second) {
      inserted_keys.push_back(change.publication_number);
    }
  }

  IPHUB_ASSIGN_OR_RETURN(std::vector<Watch> watches, store::AllWatches(*conn));
  // Looked up once for the batch, whatever the number of watches.
  auto matching_since = std::chrono::steady_clock::now();
  auto add_matching_time = [&] {
    const auto now_time = std::chrono::steady_clock::now();
    summary.match_seconds += std::chrono::duration<double>(now_time - matching_since).count();
  };
  const patents::IndexedKeys new_patents = index_.FindKeys(inserted_keys);
  add_matching_time();
  std::map<std::string, patents::Patent> records;          // by publication number
  std::map<int64_t, std::vector<std::string>> mail_lines;  // user → lines
  std::map<int64_t, std::vector<int64_t>> recipients;      // watch → users
  auto deliver = [&](const Watch& watch, Alert alert, std::string_view event_key,
                     std::string_view what) -> absl::Status {
    auto users = recipients.find(watch.id);
    if (users == recipients.end()) {
      IPHUB_ASSIGN_OR_RETURN(std::vector<int64_t> found, store::Recipients(*conn, watch));
      users = recipients.emplace(watch.id, std::move(found)).first;
    }
    for (int64_t user_id : users->second) {
      alert.user_id = user_id;
      // Import frequency mails below, at once; daily and weekly alerts wait for a digest.
      const bool mail_now = watch.frequency == Frequency::kImport;
      IPHUB_ASSIGN_OR_RETURN(bool added, store::InsertAlert(*conn, alert, event_key, mail_now));
      if (!added) continue;
      ++summary.alerts;
      if (mail_now) mail_lines[user_id].push_back(MailLine(watch.name, alert, what));
    }
    return absl::OkStatus();
  };

  std::vector<SimilarityTargets> similarity;
  for (const Watch& watch : watches) {
    if (watch.kind == WatchKind::kSimilarity) {
      if (inserted_keys.empty()) continue;
      SimilarityTargets targets{.watch = &watch, .by_key = {}};
      IPHUB_ASSIGN_OR_RETURN(auto followed, store::WatchedApplications(*conn, watch.id));
      for (const auto& [number, application] : followed) {
        targets.by_key.emplace(number, number);
        if (!application.empty()) targets.by_key.emplace(application, number);
      }
      similarity.push_back(std::move(targets));
      continue;
    }
    if (watch.kind == WatchKind::kStatus) {
      IPHUB_ASSIGN_OR_RETURN(auto followed, store::WatchedPatents(*conn, watch.id));
      for (const auto& [patent_id, number] : followed) {
        if (!touched.contains(patent_id)) continue;
        auto record = records.find(number);
        if (record == records.end()) {
          IPHUB_ASSIGN_OR_RETURN(patents::Patent loaded, patents::store::GetPatent(*conn, number));
          record = records.emplace(number, std::move(loaded)).first;
        }
        const patents::Patent& patent = record->second;
        for (const patents::LegalEvent& event : patent.legal_events) {
          std::optional<EventGroup> group = EventGroupOf(event.code);
          if (!group.has_value()) continue;
          bool chosen = false;
          for (EventGroup wanted : watch.events) chosen = chosen || wanted == *group;
          if (!chosen) continue;
          const std::string key = EventKey(event);
          IPHUB_ASSIGN_OR_RETURN(bool fresh, store::MarkEventSeen(*conn, watch.id, patent_id, key));
          if (!fresh) continue;
          const json detail = {{"group", EventGroupName(*group)},
                               {"code", event.code},
                               {"date", event.date},
                               {"text", event.text}};
          IPHUB_RETURN_IF_ERROR(deliver(watch,
                                        {.watch_id = watch.id,
                                         .watch_name = watch.name,
                                         .kind = std::string(WatchKindName(watch.kind)),
                                         .publication_number = number,
                                         .title = patent.title,
                                         .detail = detail.dump(),
                                         .created_at = now},
                                        key, base::StrCat(GroupLabel(*group), " ", key)));
        }
      }
      continue;
    }
    if (inserted_keys.empty()) continue;
    const std::string query = MatchQuery(watch);
    matching_since = std::chrono::steady_clock::now();
    absl::StatusOr<std::vector<std::string>> matches = index_.MatchKeys(query, new_patents);
    add_matching_time();
    if (!matches.ok()) {
      spdlog::warn("watch {}: its query cannot run ({}); skipped", watch.id,
                   std::string(matches.status().message()));
      continue;
    }
    const json detail = watch.kind == WatchKind::kApplicant
                            ? json{{"applicant", watch.applicant}, {"query", query}}
                            : json{{"query", query}};
    for (const std::string& number : *matches) {
      const store::Change& change = *inserted.at(number);
      // Patents imported before the watch existed are not news to it.
      if (change.at_ms < watch.created_at) continue;
      IPHUB_RETURN_IF_ERROR(deliver(watch,
                                    {.watch_id = watch.id,
                                     .watch_name = watch.name,
                                     .kind = std::string(WatchKindName(watch.kind)),
                                     .publication_number = number,
                                     .title = change.title,
                                     .detail = detail.dump(),
                                     .created_at = now},
                                    "", "新专利"));
    }
  }

  // Similarity watches: each new patent's nearest patents (one model query per new patent,
  // whatever the number of watches), kept when a watch follows one of them.
  if (!similarity.empty()) {
    int64_t first_created = similarity.front().watch->created_at;
    for (const SimilarityTargets& targets : similarity) {
      first_created = std::min(first_created, targets.watch->created_at);
    }
    for (const std::string& number : inserted_keys) {
      const store::Change& change = *inserted.at(number);
      if (change.at_ms < first_created) continue;  // older than every similarity watch
      matching_since = std::chrono::steady_clock::now();
      // The model gives new patents vectors first (SimilarModel refreshes); the new patent's
      // own vector is made from its indexed text, so it needs none to be asked about.
      absl::StatusOr<patents::SimilarPatents> like = index_.Similar(number, kSimilarCandidates);
      add_matching_time();
      if (absl::IsNotFound(like.status())) {
        spdlog::warn("watches: {} is not in the search index; no similarity alerts", number);
        continue;
      }
      // Anything else (the model cannot be built or read) fails the batch: retried later.
      if (!like.ok()) return like.status();
      for (const SimilarityTargets& targets : similarity) {
        const Watch& watch = *targets.watch;
        if (change.at_ms < watch.created_at) continue;
        // The closest watched patent at or above the threshold. Similar() never lists the new
        // patent's own application, so a watched patent's other publication never alerts.
        const patents::SimilarPatent* best = nullptr;
        std::string similar_to;
        for (const patents::SimilarPatent& hit : like->hits) {
          if (Percent(hit.score) < watch.threshold) continue;
          if (best != nullptr && hit.score <= best->score) continue;
          auto watched = targets.by_key.find(hit.publication_number);
          if (watched == targets.by_key.end() && !hit.application_number.empty()) {
            watched = targets.by_key.find(hit.application_number);
          }
          if (watched == targets.by_key.end() || watched->second == number) continue;
          best = &hit;
          similar_to = watched->second;
        }
        if (best == nullptr) continue;
        const int percent = Percent(best->score);
        const json detail = {{"similar_to", similar_to},      {"similar_title", best->title},
                             {"score", best->score},          {"percent", percent},
                             {"threshold", watch.threshold},  {"shared_terms", best->shared_terms},
                             {"shared_ipc", best->shared_ipc}};
        IPHUB_RETURN_IF_ERROR(deliver(watch,
                                      {.watch_id = watch.id,
                                       .watch_name = watch.name,
                                       .kind = std::string(WatchKindName(watch.kind)),
                                       .publication_number = number,
                                       .title = change.title,
                                       .detail = detail.dump(),
                                       .created_at = now},
                                      "", SimilarityWhat(similar_to, percent)));
      }
    }
  }

  for (const auto& [user_id, lines] : mail_lines) {
    IPHUB_ASSIGN_OR_RETURN(std::optional<std::string> email, store::EmailOf(*conn, user_id));
    if (!email.has_value()) continue;
    IPHUB_RETURN_IF_ERROR(store::InsertMail(*conn, {.user_id = user_id,
                                                    .to_address = *email,
                                                    .subject = base::StrCat(
                                                        "【专利监控】", lines.size(), " 条新提醒"),
                                                    .body = MailBody(lines),
                                                    .created_at = now})
                              .status());
    ++summary.mails;
  }
  summary.changes = static_cast<int64_t>(changes.size());
  summary.through_seq = changes.back().seq;
  IPHUB_RETURN_IF_ERROR(store::AdvanceEvaluated(*conn, last, summary.through_seq));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return summary;
}

absl::StatusOr<int64_t> WatchEvaluator::SendDigests() {
  int64_t mails = 0;
  const int64_t now = clock_.NowMillis();
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  for (Frequency frequency : {Frequency::kDaily, Frequency::kWeekly}) {
    const std::string period = DigestPeriod(frequency, now);
    IPHUB_ASSIGN_OR_RETURN(std::string last, store::LastDigest(*conn, frequency));
    if (last == period) continue;
    db::Transaction tx(*conn);
    IPHUB_RETURN_IF_ERROR(tx.Begin());
    IPHUB_ASSIGN_OR_RETURN(std::vector<Alert> alerts, store::UnmailedAlerts(*conn, frequency));
    std::map<int64_t, std::vector<std::string>> lines;  // user → lines
    std::vector<int64_t> ids;
    for (const Alert& alert : alerts) {
      lines[alert.user_id].push_back(MailLine(alert.watch_name, alert, AlertWhat(alert)));
      ids.push_back(alert.id);
    }
    const std::string_view label = frequency == Frequency::kDaily ? "每日汇总" : "每周汇总";
    for (const auto& [user_id, user_lines] : lines) {
      IPHUB_ASSIGN_OR_RETURN(std::optional<std::string> email, store::EmailOf(*conn, user_id));
      if (!email.has_value()) continue;
      IPHUB_RETURN_IF_ERROR(
          store::InsertMail(*conn, {.user_id = user_id,
                                    .to_address = *email,
                                    .subject = base::StrCat("【专利监控】", label, "：",
                                                            user_lines.size(), " 条新提醒"),
                                    .body = MailBody(user_lines, base::StrCat("（", label, "）")),
                                    .created_at = now})
              .status());
      ++mails;
    }
    IPHUB_RETURN_IF_ERROR(store::MarkAlertsMailed(*conn, ids));
    IPHUB_RETURN_IF_ERROR(store::AdvanceDigest(*conn, frequency, last, period));
    IPHUB_RETURN_IF_ERROR(tx.Commit());
  }
  return mails;
}

absl::StatusOr<EvaluationSummary> WatchEvaluator::EvaluateAll() {
  EvaluationSummary total;
  for (;;) {
    IPHUB_ASSIGN_OR_RETURN(EvaluationSummary batch, EvaluateBatch());
    total.through_seq = batch.through_seq;
    if (batch.changes == 0) return total;
    total.changes += batch.changes;
    total.alerts += batch.alerts;
    total.mails += batch.mails;
    total.match_seconds += batch.match_seconds;
  }
}

}  // namespace iphub::watch
