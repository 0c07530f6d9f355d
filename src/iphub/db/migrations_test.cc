#include "iphub/db/migrations.h"

#include <atomic>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "iphub/db/testing/test_database.h"

namespace iphub::db {
namespace {

using ::iphub::db::testing::BackendNames;
using ::iphub::db::testing::Backends;
using ::iphub::db::testing::DatabaseTest;

constexpr Migration kFirst = {"demo", 1, "create_owners",
                              "CREATE TABLE owners (id {{ID}}, name {{TEXT}} NOT NULL);"};
constexpr Migration kSecond = {
    "demo", 2, "create_patents",
    "CREATE TABLE patents (id {{ID}}, owner_id {{BIGINT}} NOT NULL REFERENCES owners (id),\n"
    "                      title {{TEXT}} NOT NULL);\n"
    "CREATE INDEX patents_owner ON patents (owner_id);"};
// Creates a table, then fails: neither the table nor the record may remain.
constexpr Migration kBrokenThird = {"demo", 3, "broken",
                                    "CREATE TABLE leftovers (x {{BIGINT}});\n"
                                    "INSERT INTO no_such_table VALUES (1);"};
constexpr Migration kThird = {"demo", 3, "add_grants",
                              "CREATE TABLE grants (id {{ID}}, patent_id {{BIGINT}});"};
constexpr Migration kOtherModule = {"other", 1, "create_notes",
                                    "CREATE TABLE notes (id {{ID}}, body {{TEXT}});"};

template <typename Backend>
class MigrateTest : public DatabaseTest<Backend> {
 protected:
  bool TableExists(const std::string& table) {
    PooledConnection conn = this->Connect();
    if (conn.get() == nullptr) return false;
    // Probing with a query keeps this portable (no catalog differences).
    return conn->Exec("SELECT COUNT(*) FROM " + table).ok();
  }

  std::vector<std::pair<std::string, int64_t>> Recorded() {
    std::vector<std::pair<std::string, int64_t>> recorded;
    PooledConnection conn = this->Connect();
    if (conn.get() == nullptr) return recorded;
    auto result = conn->Query(
        "SELECT module, version, name, applied_at_ms FROM schema_migrations "
        "ORDER BY module, version");
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) return recorded;
    for (const Row& row : result->rows) {
      EXPECT_FALSE(row.Text(2).empty());
      EXPECT_GT(row.Int(3), 1600000000000);
      recorded.emplace_back(row.Text(0), row.Int(1));
    }
    return recorded;
  }
};

TYPED_TEST_SUITE(MigrateTest, Backends, BackendNames);

using Recorded = std::vector<std::pair<std::string, int64_t>>;

TYPED_TEST(MigrateTest, AppliesEachMigrationOnce) {
  const std::vector<Migration> migrations = {kFirst, kSecond};
  IPHUB_ASSERT_OK_AND_ASSIGN(int applied, Migrate(this->db(), migrations));
  EXPECT_EQ(applied, 2);
  IPHUB_ASSERT_OK_AND_ASSIGN(applied, Migrate(this->db(), migrations));
  EXPECT_EQ(applied, 0);
  EXPECT_EQ(this->Recorded(), (Recorded{{"demo", 1}, {"demo", 2}}));

  // The translated tokens work: generated ids and the foreign key.
  PooledConnection conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  IPHUB_ASSERT_OK_AND_ASSIGN(
      Result owner, conn->Query("INSERT INTO owners (name) VALUES ($1) RETURNING id", {"华为"}));
  IPHUB_ASSERT_OK(conn->Exec("INSERT INTO patents (owner_id, title) VALUES ($1, $2)",
                             {owner.rows.at(0).Int(0), "一种通信方法"}));
  EXPECT_EQ(conn->Exec("INSERT INTO patents (owner_id, title) VALUES ($1, $2)", {999, "x"}).code(),
            absl::StatusCode::kFailedPrecondition);
}

TYPED_TEST(MigrateTest, AppliesOnlyNewMigrations) {
  IPHUB_ASSERT_OK_AND_ASSIGN(int applied, Migrate(this->db(), std::vector<Migration>{kFirst}));
  EXPECT_EQ(applied, 1);
  IPHUB_ASSERT_OK_AND_ASSIGN(
      applied, Migrate(this->db(), std::vector<Migration>{kFirst, kSecond, kOtherModule}));
  EXPECT_EQ(applied, 2);
  EXPECT_EQ(this->Recorded(), (Recorded{{"demo", 1}, {"demo", 2}, {"other", 1}}));
}

TYPED_TEST(MigrateTest, FailingMigrationLeavesEarlierOnesAppliedAndItselfAbsent) {
  absl::StatusOr<int> applied =
      Migrate(this->db(), std::vector<Migration>{kFirst, kSecond, kBrokenThird});
  ASSERT_FALSE(applied.ok());
  EXPECT_NE(applied.status().message().find("demo/3_broken"), std::string_view::npos)
      << applied.status();
  EXPECT_TRUE(this->TableExists("owners"));
  EXPECT_TRUE(this->TableExists("patents"));
  EXPECT_FALSE(this->TableExists("leftovers"));
  EXPECT_EQ(this->Recorded(), (Recorded{{"demo", 1}, {"demo", 2}}));

  // A fixed binary carries on from there.
  IPHUB_ASSERT_OK_AND_ASSIGN(int fixed,
                             Migrate(this->db(), std::vector<Migration>{kFirst, kSecond, kThird}));
  EXPECT_EQ(fixed, 1);
  EXPECT_TRUE(this->TableExists("grants"));
}

TYPED_TEST(MigrateTest, DatabaseMigratedByNewerBinaryIsFailedPrecondition) {
  ASSERT_TRUE(Migrate(this->db(), std::vector<Migration>{kFirst, kSecond, kOtherModule}).ok());
  absl::StatusOr<int> older = Migrate(this->db(), std::vector<Migration>{kFirst});
  EXPECT_EQ(older.status().code(), absl::StatusCode::kFailedPrecondition) << older.status();
  // A module the list does not mention is not checked.
  IPHUB_ASSERT_OK_AND_ASSIGN(int applied,
                             Migrate(this->db(), std::vector<Migration>{kOtherModule}));
  EXPECT_EQ(applied, 0);
}

TYPED_TEST(MigrateTest, RejectsVersionsOutOfOrder) {
  EXPECT_EQ(Migrate(this->db(), std::vector<Migration>{kSecond, kFirst}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Migrate(this->db(), std::vector<Migration>{kFirst, kFirst}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(this->TableExists("owners"));
}

TYPED_TEST(MigrateTest, ConcurrentMigratorsApplyEachMigrationOnce) {
  // Each migrator has its own Database, as separate processes would.
  constexpr int kMigrators = 4;
  const std::vector<Migration> migrations = {kFirst, kSecond, kThird, kOtherModule};
  std::atomic<int> total{0};
  std::vector<std::thread> threads;
  for (int migrator = 0; migrator < kMigrators; ++migrator) {
    threads.emplace_back([&] {
      absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(this->test_db().url());
      ASSERT_TRUE(db.ok()) << db.status();
      absl::StatusOr<int> applied = Migrate(**db, migrations);
      ASSERT_TRUE(applied.ok()) << applied.status();
      total += *applied;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(total.load(), 4);
  EXPECT_EQ(this->Recorded(), (Recorded{{"demo", 1}, {"demo", 2}, {"demo", 3}, {"other", 1}}));
}

TEST(TranslateSql, ReplacesTokensPerDialect) {
  constexpr std::string_view kSql =
      "CREATE TABLE t (id {{ID}}, n {{BIGINT}}, s {{TEXT}}, m {{BIGINT}})";
  EXPECT_EQ(TranslateSql(kSql, Dialect::kSqlite),
            "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, n INTEGER, s TEXT, m INTEGER)");
  EXPECT_EQ(TranslateSql(kSql, Dialect::kPostgres),
            "CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, n BIGINT, "
            "s TEXT, m BIGINT)");
  EXPECT_EQ(TranslateSql("SELECT '{{unknown}}'", Dialect::kPostgres), "SELECT '{{unknown}}'");
}

}  // namespace
}  // namespace iphub::db
