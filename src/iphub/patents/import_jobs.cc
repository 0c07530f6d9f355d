#include "iphub/patents/import_jobs.h"

#include <algorithm>
#include <utility>

#include "iphub/auth/regions.h"
#include "iphub/base/crypto.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "spdlog/spdlog.h"

namespace iphub::patents {

// One job. Its fields are guarded by ImportJobs::mutex_, except `cancel`
// (read by the importing thread without the lock) and `work` (used by the
// worker only once the job has left the queue).
struct ImportJobs::Job {
  std::string id;
  std::string filename;
  auth::Principal owner;
  int64_t bytes_total = 0;
  ImportJobState state = ImportJobState::kQueued;
  int64_t created_at = 0;
  int64_t started_at = 0;
  int64_t finished_at = 0;
  ImportCounts progress;
  std::optional<UploadReport> report;
  absl::Status error;
  std::atomic<bool> cancel{false};
  Work work;
};

std::string_view ImportJobStateName(ImportJobState state) {
  switch (state) {
    case ImportJobState::kQueued:
      return "queued";
    case ImportJobState::kRunning:
      return "running";
    case ImportJobState::kSucceeded:
      return "succeeded";
    case ImportJobState::kFailed:
      return "failed";
    case ImportJobState::kCancelled:
      return "cancelled";
  }
  return "failed";
}

namespace {

bool Finished(ImportJobState state) {
  return state == ImportJobState::kSucceeded || state == ImportJobState::kFailed ||
         state == ImportJobState::kCancelled;
}

// `next` over `counts`, field by field never lower: the importer's counts
// only grow, and progress shown must not jump back whatever it reports.
void Advance(ImportCounts& counts, const ImportCounts& next) {
  counts.read = std::max(counts.read, next.read);
  counts.imported = std::max(counts.imported, next.imported);
  counts.updated = std::max(counts.updated, next.updated);
  counts.unchanged = std::max(counts.unchanged, next.unchanged);
  counts.rejected = std::max(counts.rejected, next.rejected);
  counts.skipped = std::max(counts.skipped, next.skipped);
  counts.bytes = std::max(counts.bytes, next.bytes);
}

}  // namespace

ImportJobs::ImportJobs(PatentService& service, base::Clock& clock, ImportJobsOptions options)
    : service_(service), clock_(clock), options_(options), worker_([this] { Run(); }) {}

ImportJobs::~ImportJobs() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (const auto& job : jobs_) job->cancel = true;
  }
  wakeup_.notify_all();
  worker_.join();
}

bool ImportJobs::MaySee(const auth::Principal& viewer, int64_t owner_id,
                        const std::optional<std::string>& region_code) {
  if (viewer.user_id == owner_id) return true;
  switch (viewer.role) {
    case auth::Role::kPlatformAdmin:
      return true;
    case auth::Role::kOfficial:
      return viewer.region_code.has_value() && region_code.has_value() &&
             auth::InRegion(*viewer.region_code, *region_code);
    default:
      return false;
  }
}

absl::StatusOr<ImportJobView> ImportJobs::Start(const auth::Principal& caller,
                                                std::string_view filename, std::string_view bytes) {
  IPHUB_ASSIGN_OR_RETURN(StoredUpload stored, service_.StoreUpload(caller, filename, bytes));
  const int64_t size = stored.size();
  std::string name = stored.filename();
  // std::function must be copyable; the upload (and its files) is not.
  auto upload = std::make_shared<StoredUpload>(std::move(stored));
  PatentService* service = &service_;
  return Submit(caller, std::move(name), size, [service, caller, upload](const ImportHooks& hooks) {
    return service->ImportStored(caller, std::move(*upload), hooks);
  });
}

absl::StatusOr<ImportJobView> ImportJobs::Submit(const auth::Principal& owner, std::string filename,
                                                 int64_t bytes_total, Work work) {
  auto job = std::make_shared<Job>();
  job->id = base::RandomHex(8);
  job->filename = std::move(filename);
  job->owner = owner;
  job->bytes_total = bytes_total;
  job->work = std::move(work);
  std::lock_guard lock(mutex_);
  const int64_t now = clock_.NowMillis();
  const auto pending = std::count_if(jobs_.begin(), jobs_.end(),
                                     [](const auto& kept) { return !Finished(kept->state); });
  if (static_cast<size_t>(pending) >= options_.max_pending) {
    return absl::ResourceExhaustedError(
        base::StrCat(pending, " imports are waiting or running; try again when one has finished"));
  }
  job->created_at = now;
  jobs_.push_back(job);
  queue_.push_back(job);
  Forget(now);
  wakeup_.notify_one();
  return View(*job, now);
}

absl::StatusOr<ImportJobView> ImportJobs::Get(const auth::Principal& viewer, std::string_view id) {
  std::lock_guard lock(mutex_);
  const int64_t now = clock_.NowMillis();
  Forget(now);
  std::shared_ptr<Job> job = Find(viewer, id);
  if (job == nullptr) return absl::NotFoundError(base::StrCat("no import job ", id));
  return View(*job, now);
}

std::vector<ImportJobView> ImportJobs::List(const auth::Principal& viewer) {
  std::lock_guard lock(mutex_);
  const int64_t now = clock_.NowMillis();
  Forget(now);
  std::vector<ImportJobView> out;
  for (auto job = jobs_.rbegin(); job != jobs_.rend(); ++job) {
    if (MaySee(viewer, (*job)->owner.user_id, (*job)->owner.region_code)) {
      out.push_back(View(**job, now));
    }
  }
  return out;
}

absl::StatusOr<ImportJobView> ImportJobs::Cancel(const auth::Principal& viewer,
                                                 std::string_view id) {
  Work dropped;  // destroyed outside the lock (it removes the upload's files)
  std::lock_guard lock(mutex_);
  const int64_t now = clock_.NowMillis();
  Forget(now);
  std::shared_ptr<Job> job = Find(viewer, id);
  if (job == nullptr) return absl::NotFoundError(base::StrCat("no import job ", id));
  if (Finished(job->state)) {
    return absl::FailedPreconditionError(
        base::StrCat("the import has already ", ImportJobStateName(job->state)));
  }
  job->cancel = true;
  if (job->state == ImportJobState::kQueued) {
    queue_.erase(std::find(queue_.begin(), queue_.end(), job));
    job->state = ImportJobState::kCancelled;
    job->finished_at = now;
    dropped = std::exchange(job->work, nullptr);
  }
  return View(*job, now);
}

void ImportJobs::Run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wakeup_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) break;
    std::shared_ptr<Job> job = queue_.front();
    queue_.pop_front();
    job->state = ImportJobState::kRunning;
    job->started_at = clock_.NowMillis();
    Work work = std::exchange(job->work, nullptr);
    lock.unlock();

    ImportHooks hooks;
    hooks.job_id = job->id;
    hooks.cancel = &job->cancel;
    hooks.on_progress = [this, job](const ImportCounts& counts) {
      std::lock_guard progress_lock(mutex_);
      Advance(job->progress, counts);
    };
    absl::StatusOr<UploadReport> report = work(hooks);
    work = nullptr;  // the upload's files go now

    lock.lock();
    job->finished_at = clock_.NowMillis();
    if (!report.ok()) {
      // Once here: the answers about the job keep internal messages to themselves.
      spdlog::error("import job {} ({}) failed: {}", job->id, job->filename,
                    report.status().ToString());
      job->state = ImportJobState::kFailed;
      job->error = report.status();
    } else {
      job->state =
          report->summary.cancelled ? ImportJobState::kCancelled : ImportJobState::kSucceeded;
      // The report is the last word: the counters end equal to it.
      job->progress = report->summary.counts;
      job->report = *std::move(report);
    }
    Forget(job->finished_at);
  }
  // Stopping: queued jobs never run (their files go with them).
  queue_.clear();
}

void ImportJobs::Forget(int64_t now) {
  std::erase_if(jobs_, [&](const auto& job) {
    return Finished(job->state) && now - job->finished_at > options_.keep_finished_ms;
  });
  for (auto job = jobs_.begin(); jobs_.size() > options_.max_jobs && job != jobs_.end();) {
    job = Finished((*job)->state) ? jobs_.erase(job) : job + 1;
  }
}

std::shared_ptr<ImportJobs::Job> ImportJobs::Find(const auth::Principal& viewer,
                                                  std::string_view id) {
  for (const auto& job : jobs_) {
    if (job->id == id) {
      return MaySee(viewer, job->owner.user_id, job->owner.region_code) ? job : nullptr;
    }
  }
  return nullptr;
}

ImportJobView ImportJobs::View(const Job& job, int64_t now) const {
  ImportJobView view;
  view.id = job.id;
  view.filename = job.filename;
  view.state = job.state;
  view.owner_id = job.owner.user_id;
  view.owner = job.owner.username;
  view.region_code = job.owner.region_code;
  view.created_at = job.created_at;
  view.started_at = job.started_at;
  view.finished_at = job.finished_at;
  view.cancel_requested = job.cancel.load();
  view.bytes_total = job.bytes_total;
  view.progress = job.progress;
  view.report = job.report;
  view.error = job.error;
  if (job.started_at > 0) {
    const int64_t until = job.finished_at > 0 ? job.finished_at : now;
    view.elapsed_seconds = static_cast<double>(std::max<int64_t>(0, until - job.started_at)) / 1e3;
  }
  if (view.elapsed_seconds > 0) {
    view.records_per_second = static_cast<double>(job.progress.read) / view.elapsed_seconds;
    view.bytes_per_second = static_cast<double>(job.progress.bytes) / view.elapsed_seconds;
  }
  if (Finished(job.state)) {
    view.eta_seconds = 0;
  } else if (job.state == ImportJobState::kRunning && job.progress.bytes > 0 &&
             job.bytes_total > 0) {
    // At the rate so far, as `iphub import` tells it.
    const double left =
        static_cast<double>(std::max<int64_t>(0, job.bytes_total - job.progress.bytes));
    view.eta_seconds = view.elapsed_seconds * left / static_cast<double>(job.progress.bytes);
  }
  return view;
}

}  // namespace iphub::patents
