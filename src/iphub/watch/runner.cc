#include "iphub/watch/runner.h"

#include <string>

#include "spdlog/spdlog.h"

namespace iphub::watch {

WatchRunner::WatchRunner(db::Database& database, const patents::PatentIndex& index,
                         base::Clock& clock, std::optional<SmtpOptions> smtp,
                         WatchRunnerOptions options)
    : evaluator_(database, index, clock), options_(options) {
  if (smtp.has_value()) sender_.emplace(database, std::move(*smtp), clock);
}

WatchRunner::~WatchRunner() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wakeup_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void WatchRunner::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Run(); });
}

bool WatchRunner::Wait(std::chrono::milliseconds delay) {
  std::unique_lock<std::mutex> lock(mutex_);
  wakeup_.wait_for(lock, delay, [this] { return stopping_; });
  return !stopping_;
}

void WatchRunner::Run() {
  // Mail goes out right after an evaluation that queued some; failed mail is tried again at
  // most every mail_retry, so a broken relay is not hammered.
  auto last_send = std::chrono::steady_clock::now() - options_.mail_retry;
  while (Wait(options_.poll)) {
    absl::StatusOr<EvaluationSummary> done = evaluator_.EvaluateAll();
    if (!done.ok()) {
      spdlog::warn("watches: evaluation failed (retrying): {}",
                   std::string(done.status().message()));
      if (!Wait(options_.retry_after_failure)) return;
      continue;
    }
    if (done->changes > 0) {
      spdlog::info("watches: {} patent changes evaluated through {}: {} alerts, {} mails",
                   done->changes, done->through_seq, done->alerts, done->mails);
    }
    absl::StatusOr<int64_t> digests = evaluator_.SendDigests();
    if (!digests.ok()) {
      spdlog::warn("watches: the digest failed (retrying): {}",
                   std::string(digests.status().message()));
    } else if (*digests > 0) {
      spdlog::info("watches: {} digest mails queued", *digests);
    }
    if (!sender_.has_value()) continue;
    const auto now = std::chrono::steady_clock::now();
    const bool queued = done->mails > 0 || (digests.ok() && *digests > 0);
    if (!queued && now - last_send < options_.mail_retry) continue;
    last_send = now;
    absl::StatusOr<SendSummary> sent = sender_->SendPending();
    if (!sent.ok()) {
      spdlog::warn("watches: reading the mail outbox failed: {}",
                   std::string(sent.status().message()));
    } else if (sent->sent > 0 || sent->failed > 0) {
      spdlog::info("watches: {} mails sent, {} failed", sent->sent, sent->failed);
    }
  }
}

}  // namespace iphub::watch
