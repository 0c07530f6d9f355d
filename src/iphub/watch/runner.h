// The background thread of `iphub serve` that turns imports into alerts: every poll (250 ms)
// it runs WatchEvaluator::EvaluateAll() and SendDigests() (evaluator.h) and then, when SMTP is
// configured,
// MailSender::SendPending() (mail.h). A failed evaluation is logged and retried at a later
// poll (its transaction rolled back, so nothing is half-written).
//
//   WatchRunner runner(database, index, clock, smtp_options);
//   runner.Start();   // until destroyed
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "iphub/base/clock.h"
#include "iphub/db/database.h"
#include "iphub/patents/search.h"
#include "iphub/watch/evaluator.h"
#include "iphub/watch/mail.h"

namespace iphub::watch {

struct WatchRunnerOptions {
  std::chrono::milliseconds poll{250};
  std::chrono::milliseconds retry_after_failure{5000};
  std::chrono::milliseconds mail_retry{60'000};
};

// Construct and destroy from one thread; the database, index and clock must outlive it. The
// destructor stops polling and waits for a running evaluation to end.
class WatchRunner {
 public:
  WatchRunner(db::Database& database, const patents::PatentIndex& index, base::Clock& clock,
              std::optional<SmtpOptions> smtp, WatchRunnerOptions options = {});
  ~WatchRunner();
  WatchRunner(const WatchRunner&) = delete;
  WatchRunner& operator=(const WatchRunner&) = delete;

  void Start();

 private:
  void Run();
  // Waits `delay` or until stopping: false when stopping.
  bool Wait(std::chrono::milliseconds delay);

  WatchEvaluator evaluator_;
  std::optional<MailSender> sender_;
  const WatchRunnerOptions options_;
  std::mutex mutex_;
  std::condition_variable wakeup_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace iphub::watch
