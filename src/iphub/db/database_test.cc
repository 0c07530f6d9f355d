// The storage contract, checked on SQLite and on PostgreSQL alike.
#include "iphub/db/database.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"

namespace iphub::db {
namespace {

using ::iphub::db::testing::BackendNames;
using ::iphub::db::testing::Backends;
using ::iphub::db::testing::DatabaseTest;

constexpr std::string_view kSchema = R"sql(
CREATE TABLE items (
  id {{ID}},
  name {{TEXT}} NOT NULL UNIQUE,
  note {{TEXT}},
  amount {{BIGINT}},
  ratio DOUBLE PRECISION,
  CHECK (amount IS NULL OR amount <> 13)
);
CREATE TABLE tags (
  id {{ID}},
  item_id {{BIGINT}} NOT NULL REFERENCES items (id),
  label {{TEXT}} NOT NULL
);
)sql";

template <typename Backend>
class DatabaseContractTest : public DatabaseTest<Backend> {
 protected:
  void SetUp() override {
    DatabaseTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    PooledConnection conn = this->Connect();
    ASSERT_NE(conn.get(), nullptr);
    IPHUB_ASSERT_OK(conn->ExecScript(TranslateSql(kSchema, this->dialect())));
  }

  // Inserts an item and returns its id (0 after a test failure).
  int64_t InsertItem(Connection& conn, const std::string& name) {
    auto result = conn.Query("INSERT INTO items (name) VALUES ($1) RETURNING id", {name});
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok() || result->rows.size() != 1) return 0;
    return result->rows[0].Int(0);
  }

  int64_t CountItems() {
    PooledConnection conn = this->Connect();
    if (conn.get() == nullptr) return -1;
    auto result = conn->Query("SELECT COUNT(*) FROM items");
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? result->rows.at(0).Int(0) : -1;
  }
};

TYPED_TEST_SUITE(DatabaseContractTest, Backends, BackendNames);

TYPED_TEST(DatabaseContractTest, StoresQuotesAndInjectionAttemptsVerbatim) {
  PooledConnection conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  const std::vector<std::string> names = {"O'Brien",
                                          "'; DROP TABLE items; --",
                                          "Robert\"); DELETE FROM items; --",
                                          "$1",
                                          "?",
                                          "back\\slash",
                                          "%_like_%",
                                          "line\nbreak\ttab",
                                          ""};
  for (const std::string& name : names) {
    IPHUB_ASSERT_OK(conn->Exec("INSERT INTO items (name, note) VALUES ($1, $2)", {name, name}));
  }
  for (const std::string& name : names) {
    IPHUB_ASSERT_OK_AND_ASSIGN(Result result,
                               conn->Query("SELECT name, note FROM items WHERE name = $1", {name}));
    ASSERT_EQ(result.rows.size(), 1u) << name;
    EXPECT_EQ(result.rows[0].Text(0), name);
    EXPECT_EQ(result.rows[0].Text(1), name);
  }
  EXPECT_EQ(this->CountItems(), static_cast<int64_t>(names.size()));
}

TYPED_TEST(DatabaseContractTest, RoundTripsNull) {
  PooledConnection conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  std::optional<std::string> no_note;
  std::optional<int64_t> no_amount;
  IPHUB_ASSERT_OK(
      conn->Exec("INSERT INTO items (name, note, amount, ratio) VALUES ($1, $2, $3, $4)",
                 {"a", no_note, no_amount, nullptr}));
  IPHUB_ASSERT_OK_AND_ASSIGN(
      Result result, conn->Query("SELECT note, amount, ratio FROM items WHERE name = $1", {"a"}));
  ASSERT_EQ(result.rows.size(), 1u);
  const Row& row = result.rows[0];
  for (size_t col = 0; col < 3; ++col) EXPECT_TRUE(row.IsNull(col)) << col;
  EXPECT_EQ(row.OptText(0), std::nullopt);
  EXPECT_EQ(row.OptInt(1), std::nullopt);
  EXPECT_EQ(row.Text(0), "");
  EXPECT_EQ(row.Int(1), 0);

  std::optional<std::string> some_note = "n";
  IPHUB_ASSERT_OK(conn->Exec("UPDATE items SET note = $1 WHERE name = $2", {some_note, "a"}));
  IPHUB_ASSERT_OK_AND_ASSIGN(result, conn->Query("SELECT note FROM items WHERE note IS NOT NULL"));
  ASSERT_EQ(result.rows.size(), 1u);
  EXPECT_EQ(result.rows[0].OptText(0), "n");
}

TYPED_TEST(DatabaseContractTest, RoundTripsInt64Extremes) {
  PooledConnection conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  const std::vector<int64_t> values = {std::numeric_limits<int64_t>::min(),
                                       std::numeric_limits<int64_t>::max(),
                                       0,
                                       -1,
                                       1,
                                       int64_t{1} << 40};
  for (int64_t value : values) {
    IPHUB_ASSERT_OK(conn->Exec("INSERT INTO items (name, amount) VALUES ($1, $2)",
                               {std::to_string(value), value}));
  }
  for (int64_t value : values) {
    IPHUB_ASSERT_OK_AND_ASSIGN(
        Result result, conn->Query("SELECT amount, name FROM items WHERE amount = $1", {value}));
    ASSERT_EQ(result.rows.size(), 1u) << value;
    EXPECT_EQ(result.rows[0].Int(0), value);
    EXPECT_EQ(result.rows[0].OptInt(0), value);
  }
  IPHUB_ASSERT_OK_AND_ASSIGN(Result result,
                             conn->Query("SELECT MIN(amount), MAX(amount) FROM items"));
  EXPECT_EQ(result.rows[0].Int(0), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(result.rows[0].Int(1), std::numeric_limits<int64_t>::max());
}

TYPED_TEST(DatabaseContractTest, RoundTripsDoubles) {
  PooledConnection conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  const std::vector<double> values = {0.1, -2.5, 1e300, 3.0, 1.0 / 3.0, 5e-324};
  for (size_t idx = 0; idx < values.size(); ++idx) {
    IPHUB_ASSERT_OK(conn->Exec("INSERT INTO items (name, ratio) VALUES ($1, $2)",
                               {std::to_string(idx), values[idx]}));
  }
  for (size_t idx = 0; idx < values.size(); ++idx) {
    IPHUB_ASSERT_OK_AND_ASSIGN(Result result, conn->Query("SELECT ratio FROM items WHERE name = $1",
                                                          {std::to_string(idx)}));
    ASSERT_EQ(result.rows.size(), 1u);
    EXPECT_EQ(result.rows[0].Real(0), values[idx]) << result.rows[0].Text(0);
  }
}

TYPED_TEST(DatabaseContractTest, RoundTripsChineseText) {
  PooledConnection conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  const std::string name = "知识产权公共服务平台";
  const std::string note = "专利 · 商标 · 著作权 — 作价入股 🚀";
  IPHUB_ASSERT_OK(conn->Exec("INSERT INTO items (name, note) VALUES ($1, $2)", {name, note}));
  IPHUB_ASSERT_OK(conn->Exec("INSERT INTO items (name) VALUES ($1)", {"知识图谱"}));
  IPHUB_ASSERT_OK_AND_ASSIGN(
      Result result,
      conn->Query("SELECT name, note, LENGTH(name) FROM items WHERE name = $1", {name}));
  ASSERT_EQ(result.rows.size(), 1u);
  EXPECT_EQ(result.rows[0].Text(0), name);
  EXPECT_EQ(result.rows[0].Text(1), note);
  EXPECT_EQ(result.rows[0].Int(2), 10);  // characters, not bytes

  IPHUB_ASSERT_OK_AND_ASSIGN(
      result, conn->Query("SELECT name FROM items WHERE name LIKE $1 ORDER BY name", {"知识%"}));
  ASSERT_EQ(result.rows.size(), 2u);
  EXPECT_EQ(result.rows[0].Text(0), name);  // bytewise: 产 (U+4EA7) < 图 (U+56FE)
  EXPECT_EQ(result.rows[1].Text(0), "知识图谱");
}

TYPED_TEST(DatabaseContractTest, ReturnsGeneratedIds) {
  PooledConnection conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  int64_t first = this->InsertItem(*conn, "a");
  int64_t second = this->InsertItem(*conn, "b");
  EXPECT_GT(first, 0);
  EXPECT_GT(second, first);
  IPHUB_ASSERT_OK_AND_ASSIGN(Result result,
                             conn->Query("SELECT id FROM items WHERE name = $1", {"b"}));
  EXPECT_EQ(result.rows.at(0).Int(0), second);
  EXPECT_EQ(result.columns, std::vector<std::string>{"id"});
}

TYPED_TEST(DatabaseContractTest, ReportsAffectedRows) {
  PooledConnection conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  for (const char* name : {"a", "b", "c"}) this->InsertItem(*conn, name);
  IPHUB_ASSERT_OK_AND_ASSIGN(
      Result result, conn->Query("UPDATE items SET note = $1 WHERE name <> $2", {"x", "a"}));
  EXPECT_EQ(result.affected_rows, 2);
  IPHUB_ASSERT_OK_AND_ASSIGN(
      result, conn->Query("UPDATE items SET note = $1 WHERE name = $2", {"x", "none"}));
  EXPECT_EQ(result.affected_rows, 0);
  IPHUB_ASSERT_OK_AND_ASSIGN(result, conn->Query("SELECT name FROM items"));
  EXPECT_EQ(result.affected_rows, 0);
  EXPECT_EQ(result.rows.size(), 3u);
  IPHUB_ASSERT_OK_AND_ASSIGN(result, conn->Query("DELETE FROM items WHERE name = $1", {"a"}));
  EXPECT_EQ(result.affected_rows, 1);
  IPHUB_ASSERT_OK_AND_ASSIGN(result, conn->Query("CREATE TABLE other (x INTEGER)"));
  EXPECT_EQ(result.affected_rows, 0);
}

TYPED_TEST(DatabaseContractTest, BindsPlaceholdersInAnyOrderAndRepeated) {
  PooledConnection conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  IPHUB_ASSERT_OK(conn->Exec("INSERT INTO items (note, name, amount) VALUES ($2, $1, $3)",
                             {"name", "note", 7}));
  IPHUB_ASSERT_OK_AND_ASSIGN(
      Result result,
      conn->Query("SELECT name, note FROM items WHERE (name = $2 OR note = $2) AND amount = $1",
                  {7, "note"}));
  ASSERT_EQ(result.rows.size(), 1u);
  EXPECT_EQ(result.rows[0].Text(0), "name");
  EXPECT_EQ(result.rows[0].Text(1), "note");
}

// A multi-row insert of hundreds of parameters, numbered backwards through the
// statement, binds each to its own placeholder.
TYPED_TEST(DatabaseContractTest, BindsHundredsOfPlaceholders) {
  PooledConnection conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  constexpr int kRows = 120;
  std::string sql = "INSERT INTO items (name, note, amount) VALUES ";
  Params params;
  for (int row = 0; row < kRows; ++row) {
    const int last = 3 * (kRows - row);  // the first row takes the highest numbers
    if (row > 0) sql += ", ";
    sql += absl::StrCat("($", last - 2, ", $", last - 1, ", $", last, ")");
  }
  for (int number = 1; number <= 3 * kRows; ++number) {
    const int row = kRows - 1 - (number - 1) / 3;
    switch ((number - 1) % 3) {
      case 0:
        params.push_back(absl::StrCat("name-", row));
        break;
      case 1:
        params.push_back(absl::StrCat("note-", row));
        break;
      default:
        params.push_back(int64_t{row + 100});  // (the table refuses 13)
    }
  }
  IPHUB_ASSERT_OK(conn->Exec(sql, params));
  EXPECT_EQ(this->CountItems(), kRows);
  IPHUB_ASSERT_OK_AND_ASSIGN(
      Result result, conn->Query("SELECT name, note FROM items WHERE amount = $1", {int64_t{137}}));
  ASSERT_EQ(result.rows.size(), 1u);
  EXPECT_EQ(result.rows[0].Text(0), "name-37");
  EXPECT_EQ(result.rows[0].Text(1), "note-37");
  // A number skipped is refused, as a wrong count is.
  EXPECT_EQ(conn->Exec("INSERT INTO items (name, note) VALUES ($1, $3)", {"a", "b"}).code(),
            absl::StatusCode::kInvalidArgument);
}

TYPED_TEST(DatabaseContractTest, RejectsWrongParameterCount) {
  PooledConnection conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  EXPECT_EQ(conn->Exec("INSERT INTO items (name) VALUES ($1)", {"a", "b"}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(conn->Exec("INSERT INTO items (name, note) VALUES ($1, $2)", {"a"}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(this->CountItems(), 0);
}

TYPED_TEST(DatabaseContractTest, RejectsNulInText) {
  PooledConnection conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  EXPECT_EQ(conn->Exec("INSERT INTO items (name) VALUES ($1)", {std::string("a\0b", 3)}).code(),
            absl::StatusCode::kInvalidArgument);
}

TYPED_TEST(DatabaseContractTest, RejectsSeveralStatementsInQuery) {
  PooledConnection conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  EXPECT_FALSE(conn->Exec("INSERT INTO items (name) VALUES ('a'); DELETE FROM items").ok());
  EXPECT_EQ(this->CountItems(), 0);
  IPHUB_EXPECT_OK(conn->Exec("SELECT 1; -- trailing comment"));
}

TYPED_TEST(DatabaseContractTest, ReadsBooleanResultsAsIntegers) {
  PooledConnection conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  this->InsertItem(*conn, "a");
  IPHUB_ASSERT_OK_AND_ASSIGN(Result result,
                             conn->Query("SELECT EXISTS (SELECT 1 FROM items WHERE name = $1), "
                                         "EXISTS (SELECT 1 FROM items WHERE name = $2)",
                                         {"a", "b"}));
  EXPECT_EQ(result.rows.at(0).Int(0), 1);
  EXPECT_EQ(result.rows.at(0).Int(1), 0);
}

TYPED_TEST(DatabaseContractTest, UniqueViolationIsAlreadyExists) {
  PooledConnection conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  this->InsertItem(*conn, "a");
  absl::Status status = conn->Exec("INSERT INTO items (name) VALUES ($1)", {"a"});
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists) << status;
  // The connection stays usable outside a transaction.
  EXPECT_EQ(this->InsertItem(*conn, "b") > 0, true);
}

TYPED_TEST(DatabaseContractTest, ForeignKeyViolationIsFailedPrecondition) {
  PooledConnection conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  int64_t id = this->InsertItem(*conn, "a");
  IPHUB_ASSERT_OK(conn->Exec("INSERT INTO tags (item_id, label) VALUES ($1, $2)", {id, "ok"}));
  absl::Status status =
      conn->Exec("INSERT INTO tags (item_id, label) VALUES ($1, $2)", {id + 1000, "dangling"});
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  status = conn->Exec("DELETE FROM items WHERE id = $1", {id});
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
}

TYPED_TEST(DatabaseContractTest, CheckAndNotNullViolationsAreFailedPrecondition) {
  PooledConnection conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  absl::Status status = conn->Exec("INSERT INTO items (name, amount) VALUES ($1, $2)", {"a", 13});
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  status = conn->Exec("INSERT INTO items (name) VALUES ($1)", {nullptr});
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
}

TYPED_TEST(DatabaseContractTest, TransactionRollsBackWhenNotCommitted) {
  {
    PooledConnection conn = this->Connect();
    ASSERT_NE(conn.get(), nullptr);
    Transaction tx(*conn);
    IPHUB_ASSERT_OK(tx.Begin());
    EXPECT_TRUE(conn->InTransaction());
    this->InsertItem(*conn, "a");
    this->InsertItem(*conn, "b");
  }
  EXPECT_EQ(this->CountItems(), 0);
}

TYPED_TEST(DatabaseContractTest, CommittedTransactionIsVisibleToOtherConnections) {
  PooledConnection writer = this->Connect();
  PooledConnection reader = this->Connect();
  ASSERT_NE(writer.get(), nullptr);
  ASSERT_NE(reader.get(), nullptr);
  Transaction tx(*writer);
  IPHUB_ASSERT_OK(tx.Begin());
  this->InsertItem(*writer, "a");
  IPHUB_ASSERT_OK_AND_ASSIGN(Result before, reader->Query("SELECT COUNT(*) FROM items"));
  EXPECT_EQ(before.rows[0].Int(0), 0);  // not yet committed
  IPHUB_ASSERT_OK(tx.Commit());
  EXPECT_FALSE(writer->InTransaction());
  IPHUB_ASSERT_OK_AND_ASSIGN(Result after, reader->Query("SELECT COUNT(*) FROM items"));
  EXPECT_EQ(after.rows[0].Int(0), 1);
  EXPECT_EQ(tx.Commit().code(), absl::StatusCode::kFailedPrecondition);  // only once
}

TYPED_TEST(DatabaseContractTest, FailedStatementAbortsTheTransaction) {
  PooledConnection conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  this->InsertItem(*conn, "existing");
  Transaction tx(*conn);
  IPHUB_ASSERT_OK(tx.Begin());
  this->InsertItem(*conn, "a");
  EXPECT_EQ(conn->Exec("INSERT INTO items (name) VALUES ($1)", {"existing"}).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(conn->Exec("INSERT INTO items (name) VALUES ($1)", {"b"}).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(tx.Commit().code(), absl::StatusCode::kAborted);
  EXPECT_FALSE(conn->InTransaction());
  EXPECT_EQ(this->CountItems(), 1);
}

TYPED_TEST(DatabaseContractTest, RollbackToSavepointRecoversFromAFailedStatement) {
  PooledConnection conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  this->InsertItem(*conn, "existing");
  Transaction tx(*conn);
  IPHUB_ASSERT_OK(tx.Begin());
  this->InsertItem(*conn, "a");
  IPHUB_ASSERT_OK(conn->Exec("SAVEPOINT before_dup"));
  EXPECT_EQ(conn->Exec("INSERT INTO items (name) VALUES ($1)", {"existing"}).code(),
            absl::StatusCode::kAlreadyExists);
  IPHUB_ASSERT_OK(conn->Exec("ROLLBACK TO SAVEPOINT before_dup"));
  this->InsertItem(*conn, "b");
  IPHUB_ASSERT_OK(tx.Commit());
  EXPECT_EQ(this->CountItems(), 3);
}

TYPED_TEST(DatabaseContractTest, BeginInsideATransactionIsFailedPrecondition) {
  PooledConnection conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  IPHUB_ASSERT_OK(conn->Begin());
  EXPECT_EQ(conn->Begin().code(), absl::StatusCode::kFailedPrecondition);
  IPHUB_ASSERT_OK(conn->Rollback());
  EXPECT_EQ(conn->Commit().code(), absl::StatusCode::kFailedPrecondition);
}

TYPED_TEST(DatabaseContractTest, ConnectionReturnedInATransactionIsRolledBack) {
  {
    PooledConnection conn = this->Connect();
    ASSERT_NE(conn.get(), nullptr);
    IPHUB_ASSERT_OK(conn->Begin());
    this->InsertItem(*conn, "a");
  }  // back to the pool mid-transaction
  PooledConnection conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  EXPECT_FALSE(conn->InTransaction());
  EXPECT_EQ(this->CountItems(), 0);
  // The pool's connection can write again (SQLite: its write lock is gone).
  EXPECT_GT(this->InsertItem(*conn, "b"), 0);
}

TYPED_TEST(DatabaseContractTest, MoveAssignmentReturnsTheHeldConnection) {
  PooledConnection first = this->Connect();
  ASSERT_NE(first.get(), nullptr);
  IPHUB_ASSERT_OK(first->Begin());
  this->InsertItem(*first, "a");
  first = this->Connect();  // the old one goes back to the pool, rolled back
  ASSERT_NE(first.get(), nullptr);
  EXPECT_EQ(this->CountItems(), 0);
  PooledConnection second = std::move(first);
  EXPECT_EQ(first.get(), nullptr);  // NOLINT(bugprone-use-after-move): documented state
  EXPECT_GT(this->InsertItem(*second, "b"), 0);
}

TYPED_TEST(DatabaseContractTest, LockTimeoutIsUnavailable) {
  OpenOptions impatient;
  impatient.busy_timeout_ms = 100;
  IPHUB_ASSERT_OK_AND_ASSIGN(std::unique_ptr<Database> other,
                             Database::Open(this->test_db().url(), impatient));
  PooledConnection holder = this->Connect();
  ASSERT_NE(holder.get(), nullptr);
  int64_t id = this->InsertItem(*holder, "a");
  Transaction tx(*holder);
  IPHUB_ASSERT_OK(tx.Begin());
  IPHUB_ASSERT_OK(holder->Exec("UPDATE items SET note = $1 WHERE id = $2", {"holder", id}));
  {
    IPHUB_ASSERT_OK_AND_ASSIGN(PooledConnection waiter, other->Acquire());
    absl::Status status = waiter->Exec("UPDATE items SET note = $1 WHERE id = $2", {"waiter", id});
    EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  }
  IPHUB_ASSERT_OK(tx.Commit());
}

TYPED_TEST(DatabaseContractTest, PoolServesManyThreads) {
  constexpr int kThreads = 8;
  constexpr int kTransactionsPerThread = 20;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < kThreads; ++thread_idx) {
    threads.emplace_back([&, thread_idx] {
      for (int tx_idx = 0; tx_idx < kTransactionsPerThread; ++tx_idx) {
        absl::Status status = [&]() -> absl::Status {
          IPHUB_ASSIGN_OR_RETURN(PooledConnection conn, this->db().Acquire());
          Transaction tx(*conn);
          IPHUB_RETURN_IF_ERROR(tx.Begin());
          IPHUB_RETURN_IF_ERROR(
              conn->Exec("INSERT INTO items (name, amount) VALUES ($1, $2)",
                         {std::to_string(thread_idx) + "-" + std::to_string(tx_idx),
                          tx_idx + 100}));  // 13 would fail the CHECK
          IPHUB_ASSIGN_OR_RETURN(Result count, conn->Query("SELECT COUNT(*) FROM items"));
          if (count.rows.at(0).Int(0) < 1) return absl::InternalError("own insert not visible");
          return tx.Commit();
        }();
        if (!status.ok()) {
          ADD_FAILURE() << status;
          ++failures;
        }
        // Reads outside a transaction, concurrently with the writers.
        absl::StatusOr<PooledConnection> reader = this->db().Acquire();
        if (!reader.ok() || !(*reader)->Query("SELECT MAX(amount) FROM items").ok()) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(this->CountItems(), kThreads * kTransactionsPerThread);
}

TYPED_TEST(DatabaseContractTest, CommittedDataSurvivesReopening) {
  {
    PooledConnection conn = this->Connect();
    ASSERT_NE(conn.get(), nullptr);
    Transaction tx(*conn);
    IPHUB_ASSERT_OK(tx.Begin());
    this->InsertItem(*conn, "kept");
    IPHUB_ASSERT_OK(tx.Commit());
    this->InsertItem(*conn, "autocommitted");
  }
  IPHUB_ASSERT_OK(this->test_db().Reopen());
  EXPECT_EQ(this->CountItems(), 2);
}

TYPED_TEST(DatabaseContractTest, ManyDistinctStatementsOutgrowTheCache) {
  PooledConnection conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  for (int stmt_idx = 0; stmt_idx < 600; ++stmt_idx) {
    // Test-only SQL from a loop counter, to produce distinct statement texts.
    const std::string sql = "SELECT CAST($1 AS BIGINT) + " + std::to_string(stmt_idx);
    IPHUB_ASSERT_OK_AND_ASSIGN(Result result, conn->Query(sql, {1}));
    ASSERT_EQ(result.rows.at(0).Int(0), stmt_idx + 1);
  }
}

TEST(DatabaseOpen, RejectsUnknownScheme) {
  for (const char* url : {"mysql://localhost/x", "iphub.db", "sqlite:", "sqlite::memory:"}) {
    EXPECT_EQ(Database::Open(url).status().code(), absl::StatusCode::kInvalidArgument) << url;
  }
}

TEST(DatabaseOpen, UnreachablePostgresIsUnavailable) {
  auto db = Database::Open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  EXPECT_EQ(db.status().code(), absl::StatusCode::kUnavailable) << db.status();
}

TEST(Row, ConvertsTextCells) {
  Row row({"42", "-9223372036854775808", std::nullopt, "2.5", "t", "f", "知识"});
  EXPECT_EQ(row.size(), 7u);
  EXPECT_EQ(row.Int(0), 42);
  EXPECT_EQ(row.Int(1), std::numeric_limits<int64_t>::min());
  EXPECT_TRUE(row.IsNull(2));
  EXPECT_EQ(row.Int(2), 0);
  EXPECT_EQ(row.Text(2), "");
  EXPECT_EQ(row.OptInt(2), std::nullopt);
  EXPECT_EQ(row.OptInt(0), 42);
  EXPECT_EQ(row.Real(3), 2.5);
  EXPECT_EQ(row.Real(0), 42.0);
  EXPECT_EQ(row.Int(4), 1);
  EXPECT_EQ(row.Int(5), 0);
  EXPECT_EQ(row.OptText(6), "知识");
}

}  // namespace
}  // namespace iphub::db
