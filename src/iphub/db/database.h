// The database interface every store uses, with SQLite and PostgreSQL behind it.
//
// SQL is written once in the portable subset both engines understand, with
// numbered placeholders $1, $2, ... bound to parameters (never spliced into the
// text). Every statement is prepared once per connection and cached.
//
//   IPHUB_ASSIGN_OR_RETURN(auto db, db::Database::Open("sqlite:./iphub-data/iphub.db"));
//   IPHUB_ASSIGN_OR_RETURN(auto conn, db->Acquire());
//   db::Transaction tx(*conn);
//   IPHUB_RETURN_IF_ERROR(tx.Begin());
//   IPHUB_ASSIGN_OR_RETURN(auto result,
//       conn->Query("INSERT INTO t (name) VALUES ($1) RETURNING id", {name}));
//   int64_t id = result.rows[0].Int(0);
//   IPHUB_RETURN_IF_ERROR(tx.Commit());   // destructor rolls back if not committed
//
// Errors map to absl codes: unique violation -> AlreadyExists, foreign-key,
// check or not-null violation -> FailedPrecondition, lock/busy timeout ->
// Unavailable, lost connection -> Unavailable, serialization failure or
// deadlock -> Aborted, bad value for a column type (PostgreSQL) ->
// InvalidArgument, anything else -> Internal (with the engine's message).
//
// Portability rules for SQL written against this interface:
//  - A failed statement inside a transaction poisons the transaction on both
//    engines (PostgreSQL semantics; SQLite is made to match): later statements
//    fail with FailedPrecondition and Commit() rolls back and returns Aborted.
//    Use INSERT ... ON CONFLICT instead of "insert, catch AlreadyExists, go on".
//    ROLLBACK TO SAVEPOINT clears the poisoned state on both engines.
//  - PostgreSQL infers placeholder types from context. Where it cannot (e.g.
//    `$1 IS NULL`, arithmetic on two placeholders) write a portable cast,
//    `CAST($1 AS BIGINT)` (SQLite does not parse `$1::bigint`). A bare
//    `SELECT $1` is inferred as text.
//  - Booleans are INTEGER 0/1 columns; PostgreSQL boolean *results* (`EXISTS`,
//    comparisons) come back as "t"/"f", which Row::Int() reads as 1/0.
//  - Text parameters must not contain NUL bytes (PostgreSQL text cannot hold
//    them); both engines reject them with InvalidArgument. BLOBs are not
//    portable.
//  - Avoid `SELECT *` / `RETURNING *`: a PostgreSQL statement prepared before a
//    migration adds a column fails once with "cached plan must not change result
//    type" (outside a transaction it is re-prepared and retried automatically).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace iphub::db {

enum class Dialect { kSqlite, kPostgres };

// One bound parameter. Booleans are stored as integers 0/1.
using Param = std::variant<std::nullptr_t, int64_t, double, std::string>;

// Builds a Param from common C++ types, including std::optional (-> NULL).
struct P {
  Param value;
  P(std::nullptr_t) : value(nullptr) {}                  // NOLINT
  P(int v) : value(static_cast<int64_t>(v)) {}           // NOLINT
  P(int64_t v) : value(v) {}                             // NOLINT
  P(bool v) : value(static_cast<int64_t>(v ? 1 : 0)) {}  // NOLINT
  P(double v) : value(v) {}                              // NOLINT
  P(std::string v) : value(std::move(v)) {}              // NOLINT
  P(std::string_view v) : value(std::string(v)) {}       // NOLINT
  P(const char* v) : value(std::string(v)) {}            // NOLINT
  template <typename T>
  P(const std::optional<T>& v) : value(nullptr) {  // NOLINT
    if (v.has_value()) value = P(*v).value;
  }
};
using Params = std::vector<P>;

// One result row. Cells are kept as text (NULL as nullopt) and converted on
// access, so both engines behave the same. Accessors on a NULL cell return
// 0 / "" ; check IsNull() where NULL is meaningful. Int() also reads
// PostgreSQL booleans ("t"/"f") as 1/0; Int()/Real() on a cell that is not a
// number is a programmer error (IPHUB_DCHECK; 0 in release builds). `col` out
// of range throws std::out_of_range (programmer error).
class Row {
 public:
  explicit Row(std::vector<std::optional<std::string>> cells) : cells_(std::move(cells)) {}
  size_t size() const { return cells_.size(); }
  bool IsNull(size_t col) const { return !cells_.at(col).has_value(); }
  int64_t Int(size_t col) const;
  double Real(size_t col) const;
  const std::string& Text(size_t col) const;
  std::optional<int64_t> OptInt(size_t col) const;
  std::optional<std::string> OptText(size_t col) const;

 private:
  std::vector<std::optional<std::string>> cells_;
};

struct Result {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  int64_t affected_rows = 0;  // for INSERT/UPDATE/DELETE
};

// A single connection. Not thread-safe: one thread uses it at a time (the pool
// hands it out exclusively).
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;

  // Runs one statement with $n placeholders bound to `params`.
  virtual absl::StatusOr<Result> Query(std::string_view sql, const Params& params) = 0;
  absl::StatusOr<Result> Query(std::string_view sql) { return Query(sql, Params{}); }
  // Query() for statements whose rows are not needed.
  absl::Status Exec(std::string_view sql, const Params& params = {});

  // Runs a script of several statements without parameters (migrations only).
  virtual absl::Status ExecScript(std::string_view sql) = 0;

  // Transactions. Begin() on SQLite is BEGIN IMMEDIATE (takes the write lock
  // up front, so two writers never deadlock on upgrade). Begin() inside a
  // transaction is FailedPrecondition (no nesting; use SAVEPOINT). Commit() of
  // a transaction in which a statement failed rolls back and returns Aborted.
  virtual absl::Status Begin() = 0;
  virtual absl::Status Commit() = 0;
  virtual absl::Status Rollback() = 0;
  virtual bool InTransaction() const = 0;

  // True when the connection can no longer be used (e.g. the PostgreSQL server
  // closed it); the pool discards such connections instead of reusing them.
  virtual bool IsBroken() const { return false; }
};

// RAII transaction: rolls back on destruction unless Commit() succeeded.
// Begin() must succeed before Commit(); Commit() without a successful Begin()
// is FailedPrecondition. `conn` must outlive the Transaction.
class Transaction {
 public:
  explicit Transaction(Connection& conn) : conn_(conn) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  absl::Status Begin();
  absl::Status Commit();

 private:
  Connection& conn_;
  bool open_ = false;
};

class Database;

// A connection borrowed from the pool; returned when destroyed (rolled back
// first if a transaction is still open; closed instead if broken). Move-only;
// a moved-from PooledConnection holds nothing. The Database that handed it
// out must outlive it.
class PooledConnection {
 public:
  PooledConnection(Database* owner, std::unique_ptr<Connection> conn)
      : owner_(owner), conn_(std::move(conn)) {}
  PooledConnection(PooledConnection&& other) noexcept
      : owner_(other.owner_), conn_(std::move(other.conn_)) {}
  // Returns the currently held connection to its pool, then takes `other`'s.
  PooledConnection& operator=(PooledConnection&& other) noexcept;
  ~PooledConnection();
  Connection* operator->() const { return conn_.get(); }
  Connection& operator*() const { return *conn_; }
  Connection* get() const { return conn_.get(); }

 private:
  Database* owner_;
  std::unique_ptr<Connection> conn_;
};

struct OpenOptions {
  // Idle connections kept for reuse. More may be open at once: Acquire() never
  // waits, and connections returned beyond this number are closed.
  int pool_size = 8;
  int busy_timeout_ms = 5000;  // SQLite busy timeout / PG lock_timeout
  // PG statement_timeout (0 = none); exceeding it is DeadlineExceeded.
  // Migrate() lifts it for migrations. Ignored by SQLite.
  int statement_timeout_ms = 30000;
};

// A database: a URL and a pool of connections. Thread-safe: any thread may
// Acquire(). Every PooledConnection must be destroyed before the Database.
class Database {
 public:
  virtual ~Database() = default;

  // "sqlite:PATH" (creates the file and its folder) or "postgresql://..." /
  // "postgres://...". InvalidArgument for an unknown scheme; Unavailable when
  // the server cannot be reached.
  static absl::StatusOr<std::unique_ptr<Database>> Open(std::string_view url,
                                                        const OpenOptions& options = {});

  virtual Dialect dialect() const = 0;
  // Borrows a connection, opening a new one when the pool is empty. Errors are
  // those of opening a connection (Unavailable when the server is down).
  absl::StatusOr<PooledConnection> Acquire();

 protected:
  // Opens a new connection; called by Acquire() without any lock held, so it
  // may run on several threads at once.
  virtual absl::StatusOr<std::unique_ptr<Connection>> Connect() = 0;
  // How many idle connections the pool keeps (default 8); called by the
  // backend's constructor with OpenOptions::pool_size.
  void SetMaxIdleConnections(int max_idle);

 private:
  friend class PooledConnection;
  void Release(std::unique_ptr<Connection> conn);
  struct Pool;
  std::shared_ptr<Pool> pool_ = MakePool();
  static std::shared_ptr<Pool> MakePool();
};

}  // namespace iphub::db
