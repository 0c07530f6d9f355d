#include "iphub/app/score_refresher.h"

#include <algorithm>
#include <chrono>
#include <string>

#include "iphub/analytics/valuation.h"
#include "spdlog/spdlog.h"

namespace iphub::app {
namespace {

int64_t SteadyMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

RefreshTrigger::RefreshTrigger(int64_t scored_through, RefreshTriggerOptions options)
    : options_(options), scored_through_(scored_through) {}

bool RefreshTrigger::ShouldRun(int64_t latest_change, int64_t now_ms) {
  if (latest_change != last_seen_) {
    last_seen_ = latest_change;
    last_move_ms_ = now_ms;
  }
  if (running_from_ >= 0) return false;
  if (latest_change <= scored_through_) {
    pending_since_ms_ = -1;
    return false;
  }
  if (pending_since_ms_ < 0) pending_since_ms_ = now_ms;
  if (now_ms < retry_after_ms_) return false;
  return now_ms - last_move_ms_ >= options_.quiet_ms ||
         now_ms - pending_since_ms_ >= options_.max_wait_ms;
}

void RefreshTrigger::Started(int64_t latest_change) { running_from_ = latest_change; }

void RefreshTrigger::Finished(bool ok, int64_t now_ms) {
  if (ok) {
    scored_through_ = std::max(scored_through_, running_from_);
    pending_since_ms_ = -1;
  } else {
    retry_after_ms_ = now_ms + options_.retry_ms;
  }
  running_from_ = -1;
}

ScoreRefresher::ScoreRefresher(analytics::ValuationService& service, ScoreRefresherOptions options)
    : service_(service), options_(options) {}

ScoreRefresher::~ScoreRefresher() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ScoreRefresher::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Run(); });
}

void ScoreRefresher::Run() {
  int64_t latest = 0;
  bool outdated = false;
  if (auto seq = service_.LatestPatentChange(); seq.ok()) {
    latest = *seq;
  } else {
    spdlog::warn("valuation refresh: reading the patent change log failed: {}",
                 std::string(seq.status().message()));
  }
  if (auto stale = service_.ScoresOutdated(); stale.ok()) {
    outdated = *stale;
  } else {
    spdlog::warn("valuation refresh: reading the stored scores failed: {}",
                 std::string(stale.status().message()));
  }
  RefreshTrigger trigger(outdated ? latest - 1 : latest, options_.trigger);
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wakeup_.wait_for(lock, std::chrono::milliseconds(options_.poll_ms),
                       [this] { return stopping_; });
      if (stopping_) return;
    }
    auto seq = service_.LatestPatentChange();
    if (!seq.ok()) {
      spdlog::warn("valuation refresh: reading the patent change log failed: {}",
                   std::string(seq.status().message()));
      continue;
    }
    if (!trigger.ShouldRun(*seq, SteadyMillis())) continue;
    trigger.Started(*seq);
    for (const std::function<void()>& follow_up : options_.follow_ups) follow_up();
    const int64_t started = SteadyMillis();
    auto summaries = service_.RefreshScores();
    trigger.Finished(summaries.ok(), SteadyMillis());
    if (!summaries.ok()) {
      spdlog::error("valuation refresh after patent change {} failed (retrying later): {}", *seq,
                    std::string(summaries.status().message()));
      continue;
    }
    for (const analytics::ScoreSummary& summary : *summaries) {
      spdlog::info(
          "valuation refresh after patent change {}: {} as of {}: {} patents in {} cohorts "
          "({} unreadable) in {:.2f} s",
          *seq, std::string(analytics::ScenarioId(summary.scenario)), summary.as_of,
          summary.patents, summary.cohorts, summary.unreadable, summary.seconds);
    }
    spdlog::info("valuation refresh: {} scenario(s) in {:.2f} s", summaries->size(),
                 static_cast<double>(SteadyMillis() - started) / 1000.0);
    for (const std::function<void()>& after : options_.after_scores) after();
  }
}

}  // namespace iphub::app
