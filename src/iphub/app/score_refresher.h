// Batch valuation after each import (docs/valuation.md, "When scores refresh"): while the
// server runs, a background thread watches the patent change log (patent_changes.seq, which
// every import that inserts or changes a patent moves) and, once it has moved and then stayed
// still for a moment, runs analytics::ValuationService::RefreshScores — the default scenario
// and every scenario with stored scores, as of today. It lives in the app because the
// patents module must not know of analytics (arrows point down): imports through the API,
// background import jobs and `iphub import` into the same database are all seen alike.
//
//   ScoreRefresher refresher(valuation_service);
//   refresher.Start();   // until destroyed
//
// RefreshTrigger is the decision alone, without threads or a database, for tests.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "iphub/analytics/service.h"

namespace iphub::app {

struct RefreshTriggerOptions {
  // Run once the change log has not moved for this long (an import commits every few
  // hundred records: wait for the end of it rather than batching after each commit) …
  int64_t quiet_ms = 1000;
  // … or once changes have waited this long, even if they keep coming.
  int64_t max_wait_ms = 60'000;
  // After a failed batch, wait this long before trying again.
  int64_t retry_ms = 30'000;
};

// When to run a batch. Not thread-safe: one caller (the refresher's thread).
//
// Invariant: scored_through() is the change seq the last successful batch started from;
// changes after it are pending. One batch at a time: Started() … Finished() brackets it, and
// changes committed while it runs stay pending, so the next ShouldRun() runs again.
class RefreshTrigger {
 public:
  // `scored_through`: changes up to this seq are already scored (the latest seq when the
  // stored scores are current, one less when they are outdated).
  explicit RefreshTrigger(int64_t scored_through, RefreshTriggerOptions options = {});

  // Called at each poll with the latest change seq: true when a batch should start now.
  bool ShouldRun(int64_t latest_change, int64_t now_ms);
  // A batch starts, covering the changes through `latest_change`.
  void Started(int64_t latest_change);
  // It ended: on success those changes are scored; on failure they stay pending and the
  // next run waits retry_ms.
  void Finished(bool ok, int64_t now_ms);

  int64_t scored_through() const { return scored_through_; }

 private:
  RefreshTriggerOptions options_;
  int64_t scored_through_ = 0;
  int64_t running_from_ = -1;  // the seq a running batch covers; -1 when none runs
  int64_t last_seen_ = -1;     // the seq at the previous poll
  int64_t last_move_ms_ = 0;   // when last_seen_ was first seen
  int64_t pending_since_ms_ = -1;
  int64_t retry_after_ms_ = 0;
};

struct ScoreRefresherOptions {
  int64_t poll_ms = 500;
  RefreshTriggerOptions trigger{};
  // Other work that follows imports, run on the same trigger before the scores (deals whose
  // recordal an import brought: market::DealService::SweepRecordals). Errors are theirs to log.
  std::vector<std::function<void()>> follow_ups{};
  // Called after each batch that stored scores (the search index takes the new ones).
  std::vector<std::function<void()>> after_scores{};
};

// The background thread. Thread-safe to construct and destroy from one thread; `service`
// must outlive it. The destructor stops polling and waits for a running batch to finish
// (a batch is not interrupted: it replaces the scores in one transaction).
class ScoreRefresher {
 public:
  explicit ScoreRefresher(analytics::ValuationService& service, ScoreRefresherOptions options = {});
  ~ScoreRefresher();
  ScoreRefresher(const ScoreRefresher&) = delete;
  ScoreRefresher& operator=(const ScoreRefresher&) = delete;

  // Starts the thread. Its first poll runs a batch when the stored scores are outdated
  // (ValuationService::ScoresOutdated: imports while no server ran).
  void Start();

 private:
  void Run();

  analytics::ValuationService& service_;
  const ScoreRefresherOptions options_;
  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace iphub::app
