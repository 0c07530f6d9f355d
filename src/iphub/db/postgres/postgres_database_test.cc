// PostgreSQL-only behaviour: session settings, timeouts, lost connections and
// re-preparing statements after a schema change. Skipped without
// IPHUB_TEST_PG_URL (see iphub/db/testing/test_database.h).
#include "iphub/db/postgres/postgres_database.h"

#include <chrono>
#include <thread>

#include "gtest/gtest.h"
#include "iphub/db/testing/test_database.h"

namespace iphub::db::postgres {
namespace {

using ::iphub::db::testing::DatabaseTest;
using ::iphub::db::testing::PostgresBackend;

class PostgresDatabaseTest : public DatabaseTest<PostgresBackend> {};

TEST_F(PostgresDatabaseTest, ConnectionsCarryTheSessionSettings) {
  PooledConnection conn = Connect();
  ASSERT_NE(conn.get(), nullptr);
  IPHUB_ASSERT_OK_AND_ASSIGN(
      Result settings,
      conn->Query("SELECT current_setting('lock_timeout'), current_setting('statement_timeout'), "
                  "current_setting('client_min_messages'), current_setting('client_encoding')"));
  const Row& row = settings.rows.at(0);
  EXPECT_EQ(row.Text(0), "5s");
  EXPECT_EQ(row.Text(1), "30s");
  EXPECT_EQ(row.Text(2), "warning");
  EXPECT_EQ(row.Text(3), "UTF8");
}

TEST_F(PostgresDatabaseTest, StatementTimeoutIsDeadlineExceeded) {
  OpenOptions options;
  options.statement_timeout_ms = 100;
  IPHUB_ASSERT_OK_AND_ASSIGN(std::unique_ptr<Database> db,
                             Database::Open(test_db().url(), options));
  IPHUB_ASSERT_OK_AND_ASSIGN(PooledConnection conn, db->Acquire());
  absl::Status status = conn->Exec("SELECT pg_sleep(2)");
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << status;
  IPHUB_EXPECT_OK(conn->Exec("SELECT 1"));
}

TEST_F(PostgresDatabaseTest, BrokenConnectionIsUnavailableAndDiscardedByThePool) {
  PooledConnection victim = Connect();
  PooledConnection killer = Connect();
  ASSERT_NE(victim.get(), nullptr);
  ASSERT_NE(killer.get(), nullptr);
  IPHUB_ASSERT_OK_AND_ASSIGN(Result pid, victim->Query("SELECT pg_backend_pid()"));
  IPHUB_ASSERT_OK(killer->Exec("SELECT pg_terminate_backend($1)", {pid.rows.at(0).Int(0)}));
  absl::Status status;
  for (int attempt = 0; attempt < 50; ++attempt) {  // termination is asynchronous
    status = victim->Exec("SELECT 1");
    if (!status.ok()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_TRUE(victim->IsBroken());
  victim = PooledConnection(nullptr, nullptr);  // back to the pool, which drops it
  killer = PooledConnection(nullptr, nullptr);
  for (int round = 0; round < 3; ++round) {
    PooledConnection conn = Connect();
    ASSERT_NE(conn.get(), nullptr);
    EXPECT_FALSE(conn->IsBroken());
    IPHUB_EXPECT_OK(conn->Exec("SELECT 1"));
  }
}

TEST_F(PostgresDatabaseTest, StatementPreparedBeforeASchemaChangeIsPreparedAgain) {
  PooledConnection reader = Connect();
  PooledConnection migrator = Connect();
  ASSERT_NE(reader.get(), nullptr);
  ASSERT_NE(migrator.get(), nullptr);
  IPHUB_ASSERT_OK(migrator->ExecScript("CREATE TABLE t (a BIGINT); INSERT INTO t VALUES (1)"));
  IPHUB_ASSERT_OK_AND_ASSIGN(Result before, reader->Query("SELECT * FROM t"));
  EXPECT_EQ(before.columns.size(), 1u);
  IPHUB_ASSERT_OK(migrator->ExecScript("ALTER TABLE t ADD COLUMN b TEXT"));
  IPHUB_ASSERT_OK_AND_ASSIGN(Result after, reader->Query("SELECT * FROM t"));
  EXPECT_EQ(after.columns.size(), 2u);
}

TEST_F(PostgresDatabaseTest, BadValueForColumnTypeIsInvalidArgument) {
  PooledConnection conn = Connect();
  ASSERT_NE(conn.get(), nullptr);
  IPHUB_ASSERT_OK(conn->ExecScript("CREATE TABLE n (small INTEGER, big BIGINT)"));
  EXPECT_EQ(conn->Exec("INSERT INTO n (big) VALUES ($1)", {"twelve"}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(conn->Exec("INSERT INTO n (small) VALUES ($1)", {int64_t{1} << 40}).code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace iphub::db::postgres
