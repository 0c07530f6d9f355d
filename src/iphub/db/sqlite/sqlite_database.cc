#include "iphub/db/sqlite/sqlite_database.h"

#include <sqlite3.h>

#include <climits>
#include <utility>
#include <variant>

#include "absl/cleanup/cleanup.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "iphub/base/status.h"
#include "iphub/db/internal/text.h"

namespace iphub::db::sqlite {
namespace {

// Maps a SQLite (extended) result code to an absl status, as database.h
// documents. `sql` is quoted for errors that point at the statement itself.
absl::Status StatusFromSqlite(int code, std::string_view message, std::string_view sql) {
  std::string text = absl::StrCat("sqlite: ", internal::ToAbsl(message));
  switch (code & 0xff) {
    case SQLITE_CONSTRAINT:
      if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return absl::AlreadyExistsError(text);
      }
      return absl::FailedPreconditionError(text);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
      return absl::UnavailableError(text);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return absl::DataLossError(text);
    case SQLITE_FULL:
    case SQLITE_NOMEM:
      return absl::ResourceExhaustedError(text);
    case SQLITE_INTERRUPT:
      return absl::CancelledError(text);
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
    case SQLITE_MISMATCH:
      return absl::InvalidArgumentError(
          absl::StrCat(text, " [sql: ", internal::SqlForMessage(sql), "]"));
    default:
      return absl::InternalError(
          absl::StrCat(text, " (code ", code, ") [sql: ", internal::SqlForMessage(sql), "]"));
  }
}

struct StatementDeleter {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

// One sqlite3 handle. Not thread-safe (see Connection).
//
// Invariants: every cached statement is reset with no bindings between
// Query() calls (so no statement holds a read snapshot open); `tx_failed_`
// is only meaningful while InTransaction().
class SqliteConnection final : public Connection {
 public:
  static absl::StatusOr<std::unique_ptr<SqliteConnection>> Open(const std::string& path,
                                                                const OpenOptions& options);
  ~SqliteConnection() override {
    cache_.clear();  // finalize statements before closing
    sqlite3_close_v2(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Dialect dialect() const override { return Dialect::kSqlite; }
  using Connection::Query;
  absl::StatusOr<Result> Query(std::string_view sql, const Params& params) override;
  absl::Status ExecScript(std::string_view sql) override;
  absl::Status Begin() override;
  absl::Status Commit() override;
  absl::Status Rollback() override;
  bool InTransaction() const override { return sqlite3_get_autocommit(db_) == 0; }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}

  absl::StatusOr<Result> RunQuery(std::string_view sql, const Params& params);
  // The prepared statement for `sql`: cached, or (cache full) owned by `*once`.
  absl::StatusOr<sqlite3_stmt*> Prepare(std::string_view sql, StatementPtr* once);
  absl::Status Bind(sqlite3_stmt* stmt, const Params& params, std::string_view sql);
  // Runs a statement without parameters or rows (BEGIN, COMMIT, PRAGMA ...).
  absl::Status Run(const char* sql);
  absl::Status LastError(std::string_view sql) const {
    return StatusFromSqlite(sqlite3_extended_errcode(db_), sqlite3_errmsg(db_), sql);
  }

  sqlite3* const db_;
  absl::flat_hash_map<std::string, StatementPtr> cache_;
  bool tx_failed_ = false;  // a statement failed in the open transaction
};

absl::StatusOr<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(
    const std::string& path, const OpenOptions& options) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return absl::UnavailableError(absl::StrCat("sqlite: cannot open ", path, ": ", message));
  }
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);

  // journal_mode answers with the mode in force, which stays "delete" (say)
  // when WAL cannot be used; that must not pass silently.
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &raw, nullptr) != SQLITE_OK) {
    return conn->LastError("PRAGMA journal_mode=WAL");
  }
  StatementPtr journal(raw);
  if (sqlite3_step(journal.get()) != SQLITE_ROW) return conn->LastError("PRAGMA journal_mode=WAL");
  std::string mode(reinterpret_cast<const char*>(sqlite3_column_text(journal.get(), 0)));
  journal.reset();
  if (mode != "wal") {
    return absl::UnavailableError(
        absl::StrCat("sqlite: ", path, " cannot use WAL journal mode (got '", mode, "')"));
  }
  IPHUB_RETURN_IF_ERROR(conn->Run("PRAGMA foreign_keys=ON"));
  IPHUB_RETURN_IF_ERROR(conn->Run("PRAGMA synchronous=FULL"));
  return conn;
}

absl::Status SqliteConnection::Run(const char* sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return absl::OkStatus();
  std::string message = error != nullptr ? error : sqlite3_errstr(rc);
  sqlite3_free(error);
  return StatusFromSqlite(sqlite3_extended_errcode(db_), message, sql);
}

absl::StatusOr<sqlite3_stmt*> SqliteConnection::Prepare(std::string_view sql, StatementPtr* once) {
  if (auto it = cache_.find(internal::ToAbsl(sql)); it != cache_.end()) return it->second.get();
  if (sql.size() > static_cast<size_t>(INT_MAX)) return absl::InvalidArgumentError("sql too long");
  const bool cache = cache_.size() < internal::kMaxCachedStatements;
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              cache ? SQLITE_PREPARE_PERSISTENT : 0, &raw, &tail);
  if (rc != SQLITE_OK) return LastError(sql);
  StatementPtr stmt(raw);
  if (stmt == nullptr) return absl::InvalidArgumentError("Query() without a statement");
  if (!internal::IsBlankSql(sql.substr(static_cast<size_t>(tail - sql.data())))) {
    return absl::InvalidArgumentError(
        absl::StrCat("Query() runs one statement; use ExecScript() for scripts [sql: ",
                     internal::SqlForMessage(sql), "]"));
  }
  if (!cache) {
    *once = std::move(stmt);
    return once->get();
  }
  return cache_.emplace(std::string(sql), std::move(stmt)).first->second.get();
}

absl::Status SqliteConnection::Bind(sqlite3_stmt* stmt, const Params& params,
                                    std::string_view sql) {
  const int placeholders = sqlite3_bind_parameter_count(stmt);
  if (static_cast<size_t>(placeholders) != params.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("statement has ", placeholders, " placeholders but ", params.size(),
                     " parameters were given [sql: ", internal::SqlForMessage(sql), "]"));
  }
  // SQLite numbers "$n" placeholders in the order they first appear, so each slot's
  // name says which parameter it takes (one pass: looking each "$n" up by name would
  // cost a scan of the names per parameter). The slots are distinct names as many as
  // the parameters, so each of $1..$n is used exactly once when every name is in range.
  for (int slot = 1; slot <= placeholders; ++slot) {
    const char* raw = sqlite3_bind_parameter_name(stmt, slot);
    const std::string_view name = raw == nullptr ? "?" : raw;
    size_t param_idx = 0;
    bool numbered = name.size() >= 2 && name.size() <= 10 && name[0] == '$';
    for (size_t at = 1; numbered && at < name.size(); ++at) {
      numbered = name[at] >= '0' && name[at] <= '9' && !(at == 1 && name[at] == '0');
      param_idx = param_idx * 10 + static_cast<size_t>(name[at] - '0');
    }
    if (!numbered || param_idx < 1 || param_idx > params.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "statement uses placeholder ", absl::string_view(name.data(), name.size()),
          ", not one of $1..$", params.size(), " [sql: ", internal::SqlForMessage(sql), "]"));
    }
    --param_idx;
    const Param& value = params[param_idx].value;
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::nullptr_t>(value)) {
      rc = sqlite3_bind_null(stmt, slot);
    } else if (const auto* integer = std::get_if<int64_t>(&value)) {
      rc = sqlite3_bind_int64(stmt, slot, *integer);
    } else if (const auto* real = std::get_if<double>(&value)) {
      rc = sqlite3_bind_double(stmt, slot, *real);
    } else {
      const std::string& text = std::get<std::string>(value);
      // SQLITE_STATIC: `params` outlives the statement's use; bindings are
      // cleared before Query() returns.
      rc = sqlite3_bind_text64(stmt, slot, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
    }
    if (rc != SQLITE_OK) return LastError(sql);
  }
  return absl::OkStatus();
}

absl::StatusOr<Result> SqliteConnection::Query(std::string_view sql, const Params& params) {
  const bool rollback = internal::StartsWithKeyword(sql, "ROLLBACK");
  if (tx_failed_ && InTransaction() && !rollback) {
    return absl::FailedPreconditionError(
        "current transaction is aborted by an earlier error; roll it back");
  }
  absl::StatusOr<Result> result = RunQuery(sql, params);
  if (!result.ok() && InTransaction()) tx_failed_ = true;
  if (result.ok() && rollback) tx_failed_ = false;  // ROLLBACK [TO SAVEPOINT] recovers
  return result;
}

absl::StatusOr<Result> SqliteConnection::RunQuery(std::string_view sql, const Params& params) {
  IPHUB_RETURN_IF_ERROR(internal::CheckParams(params));
  StatementPtr once;
  IPHUB_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql, &once));
  absl::Cleanup reset = [stmt] {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  };
  IPHUB_RETURN_IF_ERROR(Bind(stmt, params, sql));

  Result result;
  const int column_count = sqlite3_column_count(stmt);
  result.columns.reserve(static_cast<size_t>(column_count));
  for (int col = 0; col < column_count; ++col)
    result.columns.emplace_back(sqlite3_column_name(stmt, col));

  const int64_t changes_before = sqlite3_total_changes64(db_);
  for (;;) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return LastError(sql);
    std::vector<std::optional<std::string>> cells;
    cells.reserve(static_cast<size_t>(column_count));
    for (int col = 0; col < column_count; ++col) {
      switch (sqlite3_column_type(stmt, col)) {
        case SQLITE_NULL:
          cells.emplace_back(std::nullopt);
          break;
        case SQLITE_INTEGER:
          cells.emplace_back(absl::StrCat(sqlite3_column_int64(stmt, col)));
          break;
        case SQLITE_FLOAT:
          cells.emplace_back(internal::FormatDouble(sqlite3_column_double(stmt, col)));
          break;
        case SQLITE_BLOB: {
          const void* data = sqlite3_column_blob(stmt, col);
          const int size = sqlite3_column_bytes(stmt, col);
          cells.emplace_back(
              std::string(static_cast<const char*>(data), static_cast<size_t>(size)));
          break;
        }
        default: {  // SQLITE_TEXT
          const unsigned char* data = sqlite3_column_text(stmt, col);
          const int size = sqlite3_column_bytes(stmt, col);
          cells.emplace_back(
              std::string(reinterpret_cast<const char*>(data), static_cast<size_t>(size)));
          break;
        }
      }
    }
    result.rows.emplace_back(std::move(cells));
  }
  // sqlite3_changes() keeps the count of the last INSERT/UPDATE/DELETE, so it
  // is only this statement's when the statement changed something.
  if (sqlite3_total_changes64(db_) != changes_before) result.affected_rows = sqlite3_changes64(db_);
  return result;
}

absl::Status SqliteConnection::ExecScript(std::string_view sql) {
  if (tx_failed_ && InTransaction()) {
    return absl::FailedPreconditionError(
        "current transaction is aborted by an earlier error; roll it back");
  }
  absl::Status status = Run(std::string(sql).c_str());
  if (!status.ok() && InTransaction()) tx_failed_ = true;
  return status;
}

absl::Status SqliteConnection::Begin() {
  if (InTransaction()) return absl::FailedPreconditionError("a transaction is already open");
  IPHUB_RETURN_IF_ERROR(Run("BEGIN IMMEDIATE"));
  tx_failed_ = false;
  return absl::OkStatus();
}

absl::Status SqliteConnection::Commit() {
  if (!InTransaction()) return absl::FailedPreconditionError("no transaction is open");
  if (tx_failed_) {
    IPHUB_RETURN_IF_ERROR(Rollback());
    return absl::AbortedError("transaction rolled back: a statement in it failed earlier");
  }
  return Run("COMMIT");
}

absl::Status SqliteConnection::Rollback() {
  tx_failed_ = false;
  if (!InTransaction()) return absl::OkStatus();
  return Run("ROLLBACK");
}

}  // namespace

SqliteDatabase::SqliteDatabase(std::string path, const OpenOptions& options)
    : path_(std::move(path)), options_(options) {
  SetMaxIdleConnections(options.pool_size);
}

absl::StatusOr<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(std::string path,
                                                                     const OpenOptions& options) {
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(std::move(path), options));
  {
    // The first connection creates the file and switches it to WAL; it then
    // waits in the pool.
    IPHUB_ASSIGN_OR_RETURN(PooledConnection conn, db->Acquire());
  }
  return db;
}

absl::StatusOr<std::unique_ptr<Connection>> SqliteDatabase::Connect() {
  IPHUB_ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> conn,
                         SqliteConnection::Open(path_, options_));
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace iphub::db::sqlite
