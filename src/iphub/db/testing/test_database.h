// Test support for every store: a fresh, empty database per test, on SQLite
// and on PostgreSQL, so one typed suite checks a store against both engines.
//
//   #include "iphub/db/testing/test_database.h"
//
//   template <typename Backend>
//   class OrgStoreTest : public iphub::db::testing::DatabaseTest<Backend> {};
//   TYPED_TEST_SUITE(OrgStoreTest, iphub::db::testing::Backends,
//                    iphub::db::testing::BackendNames);
//
//   TYPED_TEST(OrgStoreTest, CreatesAndLoads) {
//     ASSERT_TRUE(iphub::db::Migrate(this->db(), org::Migrations()).ok());
//     iphub::db::PooledConnection conn = this->Connect();
//     ASSERT_NE(conn.get(), nullptr);
//     ...
//   }
//
// PostgreSQL runs only when IPHUB_TEST_PG_URL names a server whose user may
// CREATE DATABASE (scripts/lib/postgres.sh starts one and sets it); otherwise
// the PostgreSQL instantiation is skipped with a message, or fails when
// IPHUB_TEST_REQUIRE_PG=1 (so CI cannot silently lose half the coverage).
// Link the target `iphub_db_testing`.
#pragma once

#include <cstdlib>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "iphub/base/status.h"
#include "iphub/db/database.h"

// gtest assertions on absl::Status / absl::StatusOr (gtest 1.12 has none):
//   IPHUB_ASSERT_OK(conn->Exec("DELETE FROM t"));
//   IPHUB_ASSERT_OK_AND_ASSIGN(auto result, conn->Query("SELECT 1"));
#define IPHUB_EXPECT_OK(expr)                                   \
  do {                                                          \
    const ::absl::Status iphub_test_status_ = (expr);           \
    EXPECT_TRUE(iphub_test_status_.ok()) << iphub_test_status_; \
  } while (false)
#define IPHUB_ASSERT_OK(expr)                                   \
  do {                                                          \
    const ::absl::Status iphub_test_status_ = (expr);           \
    ASSERT_TRUE(iphub_test_status_.ok()) << iphub_test_status_; \
  } while (false)
#define IPHUB_ASSERT_OK_AND_ASSIGN(lhs, rexpr) \
  IPHUB_ASSERT_OK_AND_ASSIGN_IMPL_(IPHUB_STATUS_CONCAT_(iphub_test_statusor_, __LINE__), lhs, rexpr)
#define IPHUB_ASSERT_OK_AND_ASSIGN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                     \
  ASSERT_TRUE(statusor.ok()) << statusor.status();             \
  lhs = std::move(statusor).value()

namespace iphub::db::testing {

// A fresh empty database, removed on destruction: SQLite in a file inside a
// new temp folder; PostgreSQL as a newly created database named
// iphub_test_<pid>_<counter> (UTF8, C collation, so text sorts bytewise as in
// SQLite) on the server at IPHUB_TEST_PG_URL, dropped (WITH (FORCE)) in the
// destructor. Not thread-safe itself; db() is, like any Database.
class TestDatabase {
 public:
  // FailedPrecondition for PostgreSQL when IPHUB_TEST_PG_URL is unset;
  // otherwise the errors of creating the database.
  static absl::StatusOr<std::unique_ptr<TestDatabase>> Create(Dialect dialect,
                                                              const OpenOptions& options = {});
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  Database& db() { return *db_; }
  Dialect dialect() const { return dialect_; }
  // The URL db() was opened with, for opening it again (another process,
  // another pool).
  const std::string& url() const { return url_; }
  // Closes db() (every borrowed connection must have been returned) and opens
  // the same database again: what a restarted process would see.
  absl::Status Reopen();

 private:
  TestDatabase(Dialect dialect, std::string url, OpenOptions options);

  Dialect dialect_;
  std::string url_;
  OpenOptions options_;
  std::unique_ptr<Database> db_;
  std::string temp_dir_;                // SQLite: removed in the destructor
  std::unique_ptr<Database> pg_admin_;  // PostgreSQL: where the database was created
  std::string pg_database_;             // PostgreSQL: the database to drop
};

// True when IPHUB_TEST_PG_URL is set (PostgreSQL tests can run).
bool PostgresAvailable();

// Typed-test parameters.
struct SqliteBackend {
  static constexpr Dialect kDialect = Dialect::kSqlite;
};
struct PostgresBackend {
  static constexpr Dialect kDialect = Dialect::kPostgres;
};
using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;

// Names the instantiations "Sqlite" / "Postgres" instead of "0" / "1".
struct BackendNames {
  template <typename Backend>
  static std::string GetName(int /*index*/) {
    return Backend::kDialect == Dialect::kSqlite ? "Sqlite" : "Postgres";
  }
};

// Fixture base: a fresh TestDatabase of Backend's dialect per test.
template <typename Backend>
class DatabaseTest : public ::testing::Test {
 protected:
  static constexpr Dialect kDialect = Backend::kDialect;

  void SetUp() override {
    if (kDialect == Dialect::kPostgres && !PostgresAvailable()) {
      const char* require = std::getenv("IPHUB_TEST_REQUIRE_PG");
      if (require != nullptr && std::string(require) == "1") {
        FAIL() << "IPHUB_TEST_REQUIRE_PG=1 but IPHUB_TEST_PG_URL is not set";
      }
      GTEST_SKIP() << "IPHUB_TEST_PG_URL is not set; run through scripts/test, or source "
                      "scripts/lib/postgres.sh and call pg_start, to test on PostgreSQL";
    }
    absl::StatusOr<std::unique_ptr<TestDatabase>> created = TestDatabase::Create(kDialect);
    ASSERT_TRUE(created.ok()) << created.status();
    test_db_ = std::move(created).value();
  }

  void TearDown() override { test_db_.reset(); }

  Database& db() { return test_db_->db(); }
  TestDatabase& test_db() { return *test_db_; }
  Dialect dialect() const { return kDialect; }

  // Borrows a connection; on failure records a test failure and returns an
  // empty PooledConnection (get() == nullptr).
  PooledConnection Connect() {
    absl::StatusOr<PooledConnection> conn = db().Acquire();
    if (!conn.ok()) {
      ADD_FAILURE() << "Acquire: " << conn.status();
      return PooledConnection(nullptr, nullptr);
    }
    return std::move(conn).value();
  }

 private:
  std::unique_ptr<TestDatabase> test_db_;
};

}  // namespace iphub::db::testing
