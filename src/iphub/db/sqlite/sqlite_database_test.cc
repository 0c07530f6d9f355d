// SQLite-only behaviour: pragmas, file handling, and crash consistency.
#include "iphub/db/sqlite/sqlite_database.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "iphub/db/testing/test_database.h"

namespace iphub::db::sqlite {
namespace {

using ::iphub::db::testing::TestDatabase;

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    IPHUB_ASSERT_OK_AND_ASSIGN(test_db_, TestDatabase::Create(Dialect::kSqlite));
  }
  std::string Path() const { return test_db_->url().substr(std::string("sqlite:").size()); }
  std::string Folder() const { return std::filesystem::path(Path()).parent_path().string(); }

  std::unique_ptr<TestDatabase> test_db_;
};

TEST_F(SqliteDatabaseTest, EveryConnectionUsesWalForeignKeysAndFullSync) {
  // Two connections at once: the pragmas are per connection, not per file.
  IPHUB_ASSERT_OK_AND_ASSIGN(PooledConnection first, test_db_->db().Acquire());
  IPHUB_ASSERT_OK_AND_ASSIGN(PooledConnection second, test_db_->db().Acquire());
  for (Connection* conn : {first.get(), second.get()}) {
    IPHUB_ASSERT_OK_AND_ASSIGN(Result journal, conn->Query("PRAGMA journal_mode"));
    EXPECT_EQ(journal.rows.at(0).Text(0), "wal");
    IPHUB_ASSERT_OK_AND_ASSIGN(Result foreign_keys, conn->Query("PRAGMA foreign_keys"));
    EXPECT_EQ(foreign_keys.rows.at(0).Int(0), 1);
    IPHUB_ASSERT_OK_AND_ASSIGN(Result synchronous, conn->Query("PRAGMA synchronous"));
    EXPECT_EQ(synchronous.rows.at(0).Int(0), 2);  // FULL
  }
}

TEST_F(SqliteDatabaseTest, OpenCreatesMissingFolders) {
  const std::string path = Folder() + "/nested/deeper/iphub.db";
  IPHUB_ASSERT_OK_AND_ASSIGN(std::unique_ptr<Database> db, Database::Open("sqlite:" + path));
  EXPECT_EQ(db->dialect(), Dialect::kSqlite);
  EXPECT_TRUE(std::filesystem::exists(path));
}

TEST_F(SqliteDatabaseTest, FileThatIsNotADatabaseIsDataLoss) {
  const std::string path = Folder() + "/garbage.db";
  {
    std::ofstream out(path, std::ios::binary);
    out << std::string(8192, 'x');
  }
  absl::StatusOr<std::unique_ptr<Database>> db = Database::Open("sqlite:" + path);
  EXPECT_EQ(db.status().code(), absl::StatusCode::kDataLoss) << db.status();
}

TEST_F(SqliteDatabaseTest, UnwritableLocationIsUnavailable) {
  const std::string blocker = Folder() + "/file";
  { std::ofstream out(blocker); }
  // A path below a regular file cannot be created.
  absl::StatusOr<std::unique_ptr<Database>> db = Database::Open("sqlite:" + blocker + "/x.db");
  EXPECT_EQ(db.status().code(), absl::StatusCode::kUnavailable) << db.status();
}

// A process killed in the middle of a transaction (after it wrote enough to
// spill pages into the WAL) must leave exactly the committed rows behind.
TEST_F(SqliteDatabaseTest, ProcessKilledBeforeCommitLeavesOnlyCommittedRows) {
  {
    IPHUB_ASSERT_OK_AND_ASSIGN(PooledConnection conn, test_db_->db().Acquire());
    IPHUB_ASSERT_OK(conn->ExecScript("CREATE TABLE events (id INTEGER PRIMARY KEY, body TEXT)"));
    Transaction tx(*conn);
    IPHUB_ASSERT_OK(tx.Begin());
    for (int row_idx = 0; row_idx < 100; ++row_idx) {
      IPHUB_ASSERT_OK(conn->Exec("INSERT INTO events (body) VALUES ($1)", {"committed"}));
    }
    IPHUB_ASSERT_OK(tx.Commit());
  }

  const std::string url = test_db_->url();
  fflush(nullptr);
  pid_t child = fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    // Child: no gtest assertions here; any failure exits with a code.
    auto db = Database::Open(url);
    if (!db.ok()) _exit(10);
    auto conn = (*db)->Acquire();
    if (!conn.ok()) _exit(11);
    // A small page cache forces uncommitted pages out to the WAL file.
    if (!(*conn)->Exec("PRAGMA cache_size = 8").ok()) _exit(12);
    if (!(*conn)->Begin().ok()) _exit(13);
    const std::string body(2000, 'u');
    for (int row_idx = 0; row_idx < 2000; ++row_idx) {
      if (!(*conn)->Exec("INSERT INTO events (body) VALUES ($1)", {body}).ok()) _exit(14);
    }
    raise(SIGKILL);
    _exit(15);
  }
  int wait_status = 0;
  ASSERT_EQ(waitpid(child, &wait_status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(wait_status)) << "child exited with " << WEXITSTATUS(wait_status);
  EXPECT_EQ(WTERMSIG(wait_status), SIGKILL);
  EXPECT_GT(std::filesystem::file_size(Path() + "-wal"), 1000000u) << "the child did not spill";

  IPHUB_ASSERT_OK(test_db_->Reopen());
  IPHUB_ASSERT_OK_AND_ASSIGN(PooledConnection conn, test_db_->db().Acquire());
  IPHUB_ASSERT_OK_AND_ASSIGN(Result count,
                             conn->Query("SELECT COUNT(*), MIN(body), MAX(body) FROM events"));
  EXPECT_EQ(count.rows.at(0).Int(0), 100);
  EXPECT_EQ(count.rows.at(0).Text(1), "committed");
  EXPECT_EQ(count.rows.at(0).Text(2), "committed");
  IPHUB_ASSERT_OK_AND_ASSIGN(Result integrity, conn->Query("PRAGMA integrity_check"));
  EXPECT_EQ(integrity.rows.at(0).Text(0), "ok");
  // And the database takes writes again (the dead writer's lock is gone).
  IPHUB_ASSERT_OK(conn->Exec("INSERT INTO events (body) VALUES ($1)", {"after"}));
}

}  // namespace
}  // namespace iphub::db::sqlite
