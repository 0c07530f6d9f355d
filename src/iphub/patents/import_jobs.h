// Patent imports that run in the background, apart from the request that
// uploaded them (POST /api/v1/patent-imports?async=true, docs/api.md): an
// upload is checked and stored, then imported as a job on the registry's own
// worker thread, one job at a time in the order they came, while the people
// allowed watch its progress and may cancel it.
//
//   auto jobs = std::make_shared<ImportJobs>(patent_service, clock);
//   IPHUB_ASSIGN_OR_RETURN(ImportJobView job, jobs->Start(caller, "week-23.zip", body));
//   ...
//   IPHUB_ASSIGN_OR_RETURN(job, jobs->Get(viewer, job.id));  // progress; the report when done
//   if (job.state == ImportJobState::kRunning) jobs->Cancel(viewer, job.id);
//
// Who sees a job: the account that uploaded it, platform administrators, and
// officials whose region covers the uploader's region (as for the audit log);
// to anyone else it does not exist (NotFound).
//
// Jobs are kept in memory on the node that took the upload: a restart
// forgets them (the audit log keeps what every import did, `patent.import`),
// and behind a load balancer a job is seen only on its own node. Finished jobs
// are forgotten after ImportJobsOptions::keep_finished, and beyond max_jobs the
// oldest finished ones go first.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/auth/model.h"
#include "iphub/base/clock.h"
#include "iphub/patents/import.h"
#include "iphub/patents/service.h"

namespace iphub::patents {

// queued → running → succeeded | failed | cancelled; queued → cancelled.
enum class ImportJobState { kQueued, kRunning, kSucceeded, kFailed, kCancelled };

// "queued", "running", "succeeded", "failed", "cancelled".
std::string_view ImportJobStateName(ImportJobState state);

// A job as it was when asked for (a copy: it does not change afterwards).
struct ImportJobView {
  std::string id{};
  std::string filename{};
  ImportJobState state = ImportJobState::kQueued;
  int64_t owner_id = 0;
  std::string owner{};                       // the uploader's username
  std::optional<std::string> region_code{};  // the uploader's region
  int64_t created_at = 0;                    // Unix ms
  int64_t started_at = 0;                    // 0: not yet
  int64_t finished_at = 0;                   // 0: not yet
  bool cancel_requested = false;

  // Progress: `progress.bytes` of `bytes_total` read; the counts as the
  // importer last reported them (never decreasing), which are the report's
  // once the job has succeeded or been cancelled.
  int64_t bytes_total = 0;
  ImportCounts progress{};
  // At the time of the snapshot: since the job started (until it finished),
  // records read per second, bytes per second, and the time left at the rate
  // so far (bytes), when it can be told.
  double elapsed_seconds = 0;
  double records_per_second = 0;
  double bytes_per_second = 0;
  std::optional<double> eta_seconds{};

  std::optional<UploadReport> report{};  // succeeded, or cancelled while running
  absl::Status error{};                  // failed: why
};

struct ImportJobsOptions {
  size_t max_jobs = 50;    // kept in all; more: the oldest finished are forgotten
  size_t max_pending = 8;  // queued or running; more are refused (ResourceExhausted)
  int64_t keep_finished_ms = int64_t{3600} * 1000;  // a finished job is forgotten after
};

// The registry and its worker thread. Thread-safe; the destructor cancels the
// running job (what it read is committed), drops the queued ones (their files
// are removed) and joins the worker. `service` must outlive it.
class ImportJobs {
 public:
  // Imports a job's upload; tests submit their own.
  using Work = std::function<absl::StatusOr<UploadReport>(const ImportHooks&)>;

  ImportJobs(PatentService& service, base::Clock& clock, ImportJobsOptions options = {});
  ~ImportJobs();
  ImportJobs(const ImportJobs&) = delete;
  ImportJobs& operator=(const ImportJobs&) = delete;

  // Checks and stores the upload as PatentService::StoreUpload does (its
  // errors: PermissionDenied, InvalidArgument with the field) and queues its
  // import; ResourceExhausted when max_pending jobs are waiting or running.
  absl::StatusOr<ImportJobView> Start(const auth::Principal& caller, std::string_view filename,
                                      std::string_view bytes);

  // Queues `work` as a job of `owner` reading `bytes_total` bytes (Start's
  // second half). ResourceExhausted as for Start.
  absl::StatusOr<ImportJobView> Submit(const auth::Principal& owner, std::string filename,
                                       int64_t bytes_total, Work work);

  // The job, or NotFound when there is none of that id that `viewer` may see.
  absl::StatusOr<ImportJobView> Get(const auth::Principal& viewer, std::string_view id);

  // The jobs `viewer` may see, newest first.
  std::vector<ImportJobView> List(const auth::Principal& viewer);

  // Cancels a job `viewer` may see (else NotFound). A queued job is cancelled
  // at once and never runs. A running one is asked to stop before its next
  // record: it commits what it read and ends `cancelled` with its report (or
  // `succeeded`, when it had already read everything); the view answered is
  // still `running`, with cancel_requested. FailedPrecondition when the job
  // has finished.
  absl::StatusOr<ImportJobView> Cancel(const auth::Principal& viewer, std::string_view id);

  // True when `viewer` may see (and cancel) a job uploaded by `owner_id` in
  // `region_code`.
  static bool MaySee(const auth::Principal& viewer, int64_t owner_id,
                     const std::optional<std::string>& region_code);

 private:
  struct Job;

  void Run();                // the worker thread
  void Forget(int64_t now);  // expired and surplus finished jobs; mutex_ held
  ImportJobView View(const Job& job, int64_t now) const;                          // mutex_ held
  std::shared_ptr<Job> Find(const auth::Principal& viewer, std::string_view id);  // mutex_ held

  PatentService& service_;
  base::Clock& clock_;
  const ImportJobsOptions options_;

  std::mutex mutex_;
  std::condition_variable wakeup_;
  std::vector<std::shared_ptr<Job>> jobs_;  // every job kept, oldest first
  std::deque<std::shared_ptr<Job>> queue_;  // waiting to run, in order
  bool stopping_ = false;
  std::thread worker_;  // last: starts once the rest is built
};

}  // namespace iphub::patents
