#include "iphub/patents/import_jobs.h"

#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include "gtest/gtest.h"
#include "iphub/auth/migrations.h"
#include "iphub/base/crypto.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"
#include "iphub/patents/importers/jsonl.h"
#include "iphub/patents/migrations.h"

namespace iphub::patents {
namespace {

constexpr int64_t kNow = 1795795200000LL;

const auth::Principal kJinanOfficial{.user_id = 7,
                                     .username = "jn_official",
                                     .role = auth::Role::kOfficial,
                                     .region_code = "370100"};

UploadReport ReportOf(const ImportCounts& counts, bool cancelled = false) {
  UploadReport report;
  report.filename = "week.jsonl";
  report.summary.counts = counts;
  report.summary.cancelled = cancelled;
  return report;
}

// Asks for job `id` until `done` holds for it (or 20 s have passed).
ImportJobView WaitFor(ImportJobs& jobs, const std::string& id,
                      const std::function<bool(const ImportJobView&)>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (true) {
    absl::StatusOr<ImportJobView> job = jobs.Get(kJinanOfficial, id);
    EXPECT_TRUE(job.ok()) << job.status();
    if (!job.ok() || done(*job) || std::chrono::steady_clock::now() > deadline) {
      return job.value_or(ImportJobView{});
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

bool IsFinished(const ImportJobView& job) {
  return job.state != ImportJobState::kQueued && job.state != ImportJobState::kRunning;
}

// The registry with work of the test's own (a service is needed to build it,
// not used).
class ImportJobsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(base::InitCrypto().ok());
    auto database = db::testing::TestDatabase::Create(db::Dialect::kSqlite);
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    service_.emplace(database_->db(), clock_, "/nonexistent");
  }

  base::FakeClock clock_{kNow};
  std::unique_ptr<db::testing::TestDatabase> database_;
  std::optional<PatentService> service_;
};

TEST_F(ImportJobsTest, RunsAJobWithProgressRateAndTimeLeftThenItsReport) {
  ImportJobs jobs(*service_, clock_);
  std::promise<void> reported;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto job = jobs.Submit(kJinanOfficial, "week.jsonl", 1000, [&](const ImportHooks& hooks) {
    hooks.on_progress({.read = 40, .imported = 30, .rejected = 2, .bytes = 250});
    hooks.on_progress({.read = 40, .imported = 30, .rejected = 2, .bytes = 200});  // never back
    reported.set_value();
    released.wait();
    return absl::StatusOr<UploadReport>(
        ReportOf({.read = 160, .imported = 150, .rejected = 8, .skipped = 2, .bytes = 1000}));
  });
  ASSERT_TRUE(job.ok()) << job.status();
  EXPECT_EQ(job->filename, "week.jsonl");
  EXPECT_EQ(job->owner, "jn_official");
  EXPECT_EQ(job->bytes_total, 1000);
  EXPECT_EQ(job->created_at, kNow);

  reported.get_future().wait();
  clock_.Advance(2000);
  auto running = jobs.Get(kJinanOfficial, job->id);
  ASSERT_TRUE(running.ok()) << running.status();
  EXPECT_EQ(running->state, ImportJobState::kRunning);
  EXPECT_EQ(running->started_at, kNow);
  EXPECT_EQ(running->progress.bytes, 250);
  EXPECT_EQ(running->progress.read, 40);
  EXPECT_EQ(running->progress.imported, 30);
  EXPECT_DOUBLE_EQ(running->elapsed_seconds, 2.0);
  EXPECT_DOUBLE_EQ(running->records_per_second, 20.0);
  EXPECT_DOUBLE_EQ(running->bytes_per_second, 125.0);
  ASSERT_TRUE(running->eta_seconds.has_value());
  EXPECT_DOUBLE_EQ(*running->eta_seconds, 6.0);  // 750 bytes left at 125 a second
  EXPECT_FALSE(running->report.has_value());

  release.set_value();
  ImportJobView done = WaitFor(jobs, job->id, IsFinished);
  EXPECT_EQ(done.state, ImportJobState::kSucceeded);
  ASSERT_TRUE(done.report.has_value());
  // The counters end equal to the report.
  EXPECT_EQ(done.progress.read, 160);
  EXPECT_EQ(done.progress.imported, 150);
  EXPECT_EQ(done.progress.skipped, 2);
  EXPECT_EQ(done.progress.bytes, 1000);
  EXPECT_EQ(done.finished_at, kNow + 2000);
  EXPECT_EQ(done.eta_seconds, 0.0);
  EXPECT_DOUBLE_EQ(done.elapsed_seconds, 2.0);
}

TEST_F(ImportJobsTest, RunsJobsOneAtATimeAndCancelsQueuedAndRunningOnes) {
  ImportJobs jobs(*service_, clock_);
  std::promise<void> first_started;
  bool second_ran = false;
  auto first = jobs.Submit(kJinanOfficial, "a.jsonl", 10, [&](const ImportHooks& hooks) {
    first_started.set_value();
    // An importer stops before its next record once asked to.
    while (!hooks.cancel->load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return absl::StatusOr<UploadReport>(ReportOf({.read = 5, .imported = 5, .bytes = 4}, true));
  });
  auto second = jobs.Submit(kJinanOfficial, "b.jsonl", 10, [&](const ImportHooks&) {
    second_ran = true;
    return absl::StatusOr<UploadReport>(ReportOf({}));
  });
  ASSERT_TRUE(first.ok() && second.ok());
  first_started.get_future().wait();
  EXPECT_EQ(jobs.Get(kJinanOfficial, second->id)->state, ImportJobState::kQueued);

  // A queued job is cancelled at once and never runs.
  auto cancelled = jobs.Cancel(kJinanOfficial, second->id);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_EQ(cancelled->state, ImportJobState::kCancelled);
  EXPECT_FALSE(cancelled->report.has_value());
  EXPECT_TRUE(absl::IsFailedPrecondition(jobs.Cancel(kJinanOfficial, second->id).status()));

  // A running one is asked to stop and ends with what it stored.
  auto stopping = jobs.Cancel(kJinanOfficial, first->id);
  ASSERT_TRUE(stopping.ok()) << stopping.status();
  EXPECT_TRUE(stopping->cancel_requested);
  ImportJobView done = WaitFor(jobs, first->id, IsFinished);
  EXPECT_EQ(done.state, ImportJobState::kCancelled);
  ASSERT_TRUE(done.report.has_value());
  EXPECT_TRUE(done.report->summary.cancelled);
  EXPECT_EQ(done.progress.imported, 5);
  EXPECT_FALSE(second_ran);

  // Listed newest first.
  std::vector<ImportJobView> listed = jobs.List(kJinanOfficial);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, second->id);
  EXPECT_EQ(listed[1].id, first->id);
}

TEST_F(ImportJobsTest, ShowsAJobOnlyToItsOwnerAdministratorsAndOfficialsOfItsRegion) {
  ImportJobs jobs(*service_, clock_);
  auto job = jobs.Submit(kJinanOfficial, "a.jsonl", 10, [](const ImportHooks&) {
    return absl::StatusOr<UploadReport>(ReportOf({}));
  });
  ASSERT_TRUE(job.ok());
  const auth::Principal province{
      .user_id = 8, .username = "sd", .role = auth::Role::kOfficial, .region_code = "370000"};
  const auth::Principal admin{
      .user_id = 1, .username = "admin", .role = auth::Role::kPlatformAdmin};
  const auth::Principal county{
      .user_id = 9, .username = "lx", .role = auth::Role::kOfficial, .region_code = "370102"};
  const auth::Principal other_province{
      .user_id = 10, .username = "js", .role = auth::Role::kOfficial, .region_code = "320000"};
  const auth::Principal member{.user_id = 11,
                               .username = "m",
                               .role = auth::Role::kMember,
                               .organization_id = 3,
                               .region_code = "370100"};
  for (const auth::Principal* viewer : {&kJinanOfficial, &province, &admin}) {
    EXPECT_TRUE(jobs.Get(*viewer, job->id).ok()) << viewer->username;
    EXPECT_EQ(jobs.List(*viewer).size(), 1u) << viewer->username;
  }
  for (const auth::Principal* viewer : {&county, &other_province, &member}) {
    EXPECT_TRUE(absl::IsNotFound(jobs.Get(*viewer, job->id).status())) << viewer->username;
    EXPECT_TRUE(absl::IsNotFound(jobs.Cancel(*viewer, job->id).status())) << viewer->username;
    EXPECT_TRUE(jobs.List(*viewer).empty()) << viewer->username;
  }
  EXPECT_TRUE(absl::IsNotFound(jobs.Get(kJinanOfficial, "0123456789abcdef").status()));
}

TEST_F(ImportJobsTest, RefusesJobsBeyondThoseWaitingAndForgetsFinishedOnes) {
  ImportJobs jobs(*service_, clock_, {.max_jobs = 3, .max_pending = 2, .keep_finished_ms = 60000});
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  const ImportJobs::Work blocked = [released](const ImportHooks&) {
    released.wait();
    return absl::StatusOr<UploadReport>(ReportOf({}));
  };
  auto first = jobs.Submit(kJinanOfficial, "1.jsonl", 1, blocked);
  auto second = jobs.Submit(kJinanOfficial, "2.jsonl", 1, blocked);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_TRUE(
      absl::IsResourceExhausted(jobs.Submit(kJinanOfficial, "3.jsonl", 1, blocked).status()));
  release.set_value();
  WaitFor(jobs, second->id, IsFinished);

  // Beyond max_jobs the oldest finished go first.
  std::vector<std::string> ids = {first->id, second->id};
  for (int idx = 0; idx < 2; ++idx) {
    auto more = jobs.Submit(kJinanOfficial, "more.jsonl", 1, blocked);
    ASSERT_TRUE(more.ok()) << more.status();
    WaitFor(jobs, more->id, IsFinished);
    ids.push_back(more->id);
  }
  EXPECT_TRUE(absl::IsNotFound(jobs.Get(kJinanOfficial, ids[0]).status()));
  EXPECT_TRUE(jobs.Get(kJinanOfficial, ids[1]).ok());
  EXPECT_EQ(jobs.List(kJinanOfficial).size(), 3u);
  // And after keep_finished_ms, all of them.
  clock_.Advance(60001);
  EXPECT_TRUE(jobs.List(kJinanOfficial).empty());
}

TEST_F(ImportJobsTest, AFailedImportSaysWhy) {
  ImportJobs jobs(*service_, clock_);
  auto job = jobs.Submit(kJinanOfficial, "a.jsonl", 10, [](const ImportHooks&) {
    return absl::StatusOr<UploadReport>(absl::UnavailableError("database is locked"));
  });
  ASSERT_TRUE(job.ok());
  ImportJobView done = WaitFor(jobs, job->id, IsFinished);
  EXPECT_EQ(done.state, ImportJobState::kFailed);
  EXPECT_TRUE(absl::IsUnavailable(done.error));
  EXPECT_FALSE(done.report.has_value());
}

TEST_F(ImportJobsTest, StoppingCancelsTheRunningJobAndDropsTheQueued) {
  std::promise<void> started;
  std::atomic<bool> cancelled{false};
  bool queued_ran = false;
  {
    ImportJobs jobs(*service_, clock_);
    ASSERT_TRUE(jobs.Submit(kJinanOfficial, "a.jsonl", 1,
                            [&](const ImportHooks& hooks) {
                              started.set_value();
                              while (!hooks.cancel->load()) {
                                std::this_thread::sleep_for(std::chrono::milliseconds(1));
                              }
                              cancelled = true;
                              return absl::StatusOr<UploadReport>(ReportOf({}, true));
                            })
                    .ok());
    ASSERT_TRUE(jobs.Submit(kJinanOfficial, "b.jsonl", 1,
                            [&](const ImportHooks&) {
                              queued_ran = true;
                              return absl::StatusOr<UploadReport>(ReportOf({}));
                            })
                    .ok());
    started.get_future().wait();
  }
  EXPECT_TRUE(cancelled);
  EXPECT_FALSE(queued_ran);
}

// The real thing: an upload stored, imported in the background through the
// service, audited with its job.
template <typename Backend>
class ImportJobsServiceTest : public db::testing::DatabaseTest<Backend> {
 protected:
  void SetUp() override {
    db::testing::DatabaseTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    ASSERT_TRUE(base::InitCrypto().ok());
    std::vector<db::Migration> all;
    for (const auto& migration : auth::Migrations()) all.push_back(migration);
    for (const auto& migration : Migrations()) all.push_back(migration);
    auto applied = db::Migrate(this->db(), all);
    ASSERT_TRUE(applied.ok()) << applied.status();
    upload_dir_ = (std::filesystem::temp_directory_path() /
                   ("iphub_import_jobs_test_" + std::to_string(::getpid())))
                      .string();
    service_.emplace(this->db(), clock_, upload_dir_);
  }
  void TearDown() override {
    std::filesystem::remove_all(upload_dir_);
    db::testing::DatabaseTest<Backend>::TearDown();
  }

  base::FakeClock clock_{kNow};
  std::string upload_dir_;
  std::optional<PatentService> service_;
};
TYPED_TEST_SUITE(ImportJobsServiceTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(ImportJobsServiceTest, ImportsAnUploadInTheBackgroundAndAuditsItsJob) {
  std::string jsonl;
  for (int idx = 0; idx < 1200; ++idx) {
    Patent patent;
    patent.country = "CN";
    patent.publication_number = "CN" + std::to_string(130000000 + idx) + "A";
    patent.title = "一种电池 " + std::to_string(idx);
    jsonl += importers::PatentToJson(patent).dump() + "\n";
  }
  jsonl += "{not json\n";
  ImportJobs jobs(*this->service_, this->clock_);
  // Refused at once, as the synchronous upload is.
  const auth::Principal member{.user_id = 11, .username = "m", .role = auth::Role::kMember};
  EXPECT_TRUE(absl::IsPermissionDenied(jobs.Start(member, "a.jsonl", jsonl).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(jobs.Start(kJinanOfficial, "a.pdf", jsonl).status()));

  auto job = jobs.Start(kJinanOfficial, "批量.jsonl", jsonl);
  ASSERT_TRUE(job.ok()) << job.status();
  EXPECT_EQ(job->bytes_total, static_cast<int64_t>(jsonl.size()));
  ImportJobView done = WaitFor(jobs, job->id, IsFinished);
  ASSERT_EQ(done.state, ImportJobState::kSucceeded) << done.error;
  ASSERT_TRUE(done.report.has_value());
  EXPECT_EQ(done.report->filename, "批量.jsonl");
  EXPECT_EQ(done.progress.read, 1201);
  EXPECT_EQ(done.progress.imported, 1200);
  EXPECT_EQ(done.progress.rejected, 1);
  EXPECT_EQ(done.progress.bytes, static_cast<int64_t>(jsonl.size()));
  ASSERT_EQ(done.report->rejects.size(), 1u);
  EXPECT_EQ(done.report->rejects[0].file, "批量.jsonl");
  EXPECT_EQ(done.report->rejects[0].unit, "line");
  EXPECT_EQ(done.report->rejects[0].position, 1201);
  // The upload does not stay behind.
  EXPECT_TRUE(std::filesystem::is_empty(this->upload_dir_));

  auto conn = this->db().Acquire();
  ASSERT_TRUE(conn.ok());
  auto audit = (*conn)->Query(
      "SELECT entity_id, detail FROM audit_log WHERE action = 'patent.import' ORDER BY id");
  ASSERT_TRUE(audit.ok()) << audit.status();
  ASSERT_EQ(audit->rows.size(), 1u);
  EXPECT_EQ(audit->rows[0].Text(0), "批量.jsonl");
  EXPECT_NE(audit->rows[0].Text(1).find("\"job\":\"" + job->id + "\""), std::string::npos)
      << audit->rows[0].Text(1);
}

}  // namespace
}  // namespace iphub::patents
