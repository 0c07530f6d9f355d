#include "iphub/db/postgres/postgres_database.h"

#include <libpq-fe.h>

#include <cstring>
#include <utility>
#include <variant>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "iphub/base/status.h"
#include "iphub/db/internal/text.h"

namespace iphub::db::postgres {
namespace {

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

bool Succeeded(const PGresult* result) {
  if (result == nullptr) return false;
  ExecStatusType status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

// Maps a failed result (or, when `result` is null, the connection's last
// error) to an absl status, as database.h documents.
absl::Status StatusFromPostgres(PGconn* conn, const PGresult* result, std::string_view sql) {
  const char* sqlstate_field =
      result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string_view sqlstate = sqlstate_field != nullptr ? sqlstate_field : "";
  std::string message;
  if (const char* primary =
          result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr) {
    message = primary;
    if (const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL)) {
      absl::StrAppend(&message, " (", detail, ")");
    }
  } else if (result != nullptr && *PQresultErrorMessage(result) != '\0') {
    message = PQresultErrorMessage(result);
  } else {
    message = PQerrorMessage(conn);
  }
  message = std::string(absl::StripAsciiWhitespace(message));
  std::string text = sqlstate.empty() ? absl::StrCat("postgres: ", message)
                                      : absl::StrCat("postgres: ", message, " [SQLSTATE ",
                                                     internal::ToAbsl(sqlstate), "]");
  auto with_sql = [&] { return absl::StrCat(text, " [sql: ", internal::SqlForMessage(sql), "]"); };

  if (PQstatus(conn) == CONNECTION_BAD) return absl::UnavailableError(text);
  if (sqlstate == "23505") return absl::AlreadyExistsError(text);
  if (sqlstate == "23503" || sqlstate == "23514" || sqlstate == "23502" || sqlstate == "23P01" ||
      sqlstate == "25P02") {
    return absl::FailedPreconditionError(text);
  }
  if (sqlstate == "40001" || sqlstate == "40P01") return absl::AbortedError(text);
  if (sqlstate == "55P03") return absl::UnavailableError(text);            // lock_timeout
  if (sqlstate == "57014") return absl::DeadlineExceededError(text);       // statement_timeout
  if (sqlstate == "08P01") return absl::InvalidArgumentError(with_sql());  // bad bind message
  if (sqlstate == "42P18") return absl::InvalidArgumentError(with_sql());  // a $n never used
  if (sqlstate.starts_with("08") || sqlstate.starts_with("57P")) {
    return absl::UnavailableError(text);  // connection exception, server shutting down
  }
  if (sqlstate.starts_with("22")) return absl::InvalidArgumentError(with_sql());
  if (sqlstate.starts_with("53")) return absl::ResourceExhaustedError(text);
  if (sqlstate == "XX001" || sqlstate == "XX002") return absl::DataLossError(text);
  if (sqlstate.empty() && result == nullptr) return absl::UnavailableError(text);
  return absl::InternalError(with_sql());
}

void IgnoreNotice(void* /*arg*/, const char* /*message*/) {}

// One PGconn. Not thread-safe (see Connection).
class PostgresConnection final : public Connection {
 public:
  static absl::StatusOr<std::unique_ptr<PostgresConnection>> Open(const std::string& url,
                                                                  const OpenOptions& options);
  ~PostgresConnection() override { PQfinish(conn_); }
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  Dialect dialect() const override { return Dialect::kPostgres; }
  using Connection::Query;
  absl::StatusOr<Result> Query(std::string_view sql, const Params& params) override;
  absl::Status ExecScript(std::string_view sql) override;
  absl::Status Begin() override;
  absl::Status Commit() override;
  absl::Status Rollback() override;
  bool InTransaction() const override {
    PGTransactionStatusType status = PQtransactionStatus(conn_);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
  }
  bool IsBroken() const override { return PQstatus(conn_) != CONNECTION_OK; }

 private:
  struct Prepared {
    std::string name;  // server-side statement name
    int param_count;
  };

  explicit PostgresConnection(PGconn* conn) : conn_(conn) {}

  // The cached prepared statement for `sql`, preparing it on first use;
  // nullptr when the cache is full (the caller then runs it unprepared).
  absl::StatusOr<const Prepared*> Prepare(std::string_view sql);
  void Forget(std::string_view sql);
  // Runs a parameterless command (BEGIN, SET ...) through the simple protocol.
  absl::StatusOr<ResultPtr> Run(const std::string& sql);

  PGconn* const conn_;
  absl::flat_hash_map<std::string, Prepared> cache_;
  uint64_t next_statement_id_ = 0;
};

absl::StatusOr<std::unique_ptr<PostgresConnection>> PostgresConnection::Open(
    const std::string& url, const OpenOptions& options) {
  // Later keywords win, so the URL (dbname, expanded) may override these defaults.
  const char* const keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* const values[] = {"10", "iphub", url.c_str(), nullptr};
  PGconn* raw = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (raw == nullptr) return absl::ResourceExhaustedError("postgres: out of memory");
  std::unique_ptr<PostgresConnection> conn(new PostgresConnection(raw));
  if (PQstatus(raw) != CONNECTION_OK) {
    return absl::UnavailableError(absl::StrCat("postgres: cannot connect: ",
                                               absl::StripAsciiWhitespace(PQerrorMessage(raw))));
  }
  PQsetNoticeProcessor(raw, IgnoreNotice, nullptr);
  // Integers from OpenOptions, not outside input.
  IPHUB_ASSIGN_OR_RETURN(
      ResultPtr ignored,
      conn->Run(absl::StrCat("SET client_encoding = 'UTF8'; SET client_min_messages = warning; "
                             "SET lock_timeout = ",
                             options.busy_timeout_ms > 0 ? options.busy_timeout_ms : 0,
                             "; SET statement_timeout = ",
                             options.statement_timeout_ms > 0 ? options.statement_timeout_ms : 0)));
  return conn;
}

absl::StatusOr<ResultPtr> PostgresConnection::Run(const std::string& sql) {
  ResultPtr result(PQexec(conn_, sql.c_str()));
  if (!Succeeded(result.get())) return StatusFromPostgres(conn_, result.get(), sql);
  return result;
}

absl::StatusOr<const PostgresConnection::Prepared*> PostgresConnection::Prepare(
    std::string_view sql) {
  if (auto it = cache_.find(internal::ToAbsl(sql)); it != cache_.end()) return &it->second;
  if (cache_.size() >= internal::kMaxCachedStatements) return nullptr;
  std::string key(sql);
  std::string name = absl::StrCat("iphub_", next_statement_id_++);
  ResultPtr prepared(PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr));
  if (!Succeeded(prepared.get())) return StatusFromPostgres(conn_, prepared.get(), sql);
  ResultPtr described(PQdescribePrepared(conn_, name.c_str()));
  if (!Succeeded(described.get())) return StatusFromPostgres(conn_, described.get(), sql);
  Prepared entry{std::move(name), PQnparams(described.get())};
  return &cache_.emplace(std::move(key), std::move(entry)).first->second;
}

void PostgresConnection::Forget(std::string_view sql) {
  auto it = cache_.find(internal::ToAbsl(sql));
  if (it == cache_.end()) return;
  // The name is generated here, not taken from input.
  (void)Run(absl::StrCat("DEALLOCATE ", it->second.name));
  cache_.erase(it);
}

absl::StatusOr<Result> PostgresConnection::Query(std::string_view sql, const Params& params) {
  if (IsBroken()) return absl::UnavailableError("postgres: connection lost");
  IPHUB_RETURN_IF_ERROR(internal::CheckParams(params));
  std::vector<std::string> storage(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  for (size_t param_idx = 0; param_idx < params.size(); ++param_idx) {
    const Param& value = params[param_idx].value;
    if (const auto* integer = std::get_if<int64_t>(&value)) {
      storage[param_idx] = absl::StrCat(*integer);
      values[param_idx] = storage[param_idx].c_str();
    } else if (const auto* real = std::get_if<double>(&value)) {
      storage[param_idx] = internal::FormatDouble(*real);
      values[param_idx] = storage[param_idx].c_str();
    } else if (const auto* text = std::get_if<std::string>(&value)) {
      values[param_idx] = text->c_str();
    }
  }
  const int param_count = static_cast<int>(params.size());

  ResultPtr result;
  for (int attempt = 0;; ++attempt) {
    IPHUB_ASSIGN_OR_RETURN(const Prepared* prepared, Prepare(sql));
    if (prepared != nullptr) {
      if (prepared->param_count != param_count) {
        return absl::InvalidArgumentError(
            absl::StrCat("statement has ", prepared->param_count, " placeholders but ", param_count,
                         " parameters were given [sql: ", internal::SqlForMessage(sql), "]"));
      }
      result.reset(PQexecPrepared(conn_, prepared->name.c_str(), param_count, values.data(),
                                  nullptr, nullptr, /*resultFormat=*/0));
    } else {
      result.reset(PQexecParams(conn_, std::string(sql).c_str(), param_count, nullptr,
                                values.data(), nullptr, nullptr, /*resultFormat=*/0));
    }
    if (Succeeded(result.get())) break;
    const char* sqlstate =
        result != nullptr ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
    if (prepared != nullptr && sqlstate != nullptr && std::strcmp(sqlstate, "0A000") == 0) {
      // "cached plan must not change result type": a migration changed a table
      // this statement reads. Prepare it afresh; retry only outside a
      // transaction (inside one, the transaction is already aborted).
      absl::Status status = StatusFromPostgres(conn_, result.get(), sql);
      Forget(sql);
      if (attempt == 0 && !InTransaction()) continue;
      return absl::AbortedError(status.message());
    }
    return StatusFromPostgres(conn_, result.get(), sql);
  }

  Result out;
  const int column_count = PQnfields(result.get());
  const int row_count = PQntuples(result.get());
  out.columns.reserve(static_cast<size_t>(column_count));
  for (int col = 0; col < column_count; ++col) out.columns.emplace_back(PQfname(result.get(), col));
  out.rows.reserve(static_cast<size_t>(row_count));
  for (int row = 0; row < row_count; ++row) {
    std::vector<std::optional<std::string>> cells;
    cells.reserve(static_cast<size_t>(column_count));
    for (int col = 0; col < column_count; ++col) {
      if (PQgetisnull(result.get(), row, col)) {
        cells.emplace_back(std::nullopt);
      } else {
        cells.emplace_back(std::string(PQgetvalue(result.get(), row, col),
                                       static_cast<size_t>(PQgetlength(result.get(), row, col))));
      }
    }
    out.rows.emplace_back(std::move(cells));
  }
  const std::string_view command = PQcmdStatus(result.get());
  if (command.starts_with("INSERT") || command.starts_with("UPDATE") ||
      command.starts_with("DELETE") || command.starts_with("MERGE")) {
    int64_t affected = 0;
    if (absl::SimpleAtoi(PQcmdTuples(result.get()), &affected)) out.affected_rows = affected;
  }
  return out;
}

absl::Status PostgresConnection::ExecScript(std::string_view sql) {
  if (IsBroken()) return absl::UnavailableError("postgres: connection lost");
  return Run(std::string(sql)).status();
}

absl::Status PostgresConnection::Begin() {
  if (InTransaction()) return absl::FailedPreconditionError("a transaction is already open");
  return Run("BEGIN").status();
}

absl::Status PostgresConnection::Commit() {
  if (!InTransaction()) return absl::FailedPreconditionError("no transaction is open");
  IPHUB_ASSIGN_OR_RETURN(ResultPtr result, Run("COMMIT"));
  // COMMIT of a transaction in which a statement failed rolls back instead,
  // without an error.
  if (std::string_view(PQcmdStatus(result.get())) == "ROLLBACK") {
    return absl::AbortedError("transaction rolled back: a statement in it failed earlier");
  }
  return absl::OkStatus();
}

absl::Status PostgresConnection::Rollback() {
  if (!InTransaction()) return absl::OkStatus();
  return Run("ROLLBACK").status();
}

}  // namespace

PostgresDatabase::PostgresDatabase(std::string url, const OpenOptions& options)
    : url_(std::move(url)), options_(options) {
  SetMaxIdleConnections(options.pool_size);
}

absl::StatusOr<std::unique_ptr<PostgresDatabase>> PostgresDatabase::Open(
    std::string_view url, const OpenOptions& options) {
  std::unique_ptr<PostgresDatabase> db(new PostgresDatabase(std::string(url), options));
  { IPHUB_ASSIGN_OR_RETURN(PooledConnection conn, db->Acquire()); }
  return db;
}

absl::StatusOr<std::unique_ptr<Connection>> PostgresDatabase::Connect() {
  IPHUB_ASSIGN_OR_RETURN(std::unique_ptr<PostgresConnection> conn,
                         PostgresConnection::Open(url_, options_));
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace iphub::db::postgres
