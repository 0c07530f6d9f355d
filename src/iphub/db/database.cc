#include "iphub/db/database.h"

#include <filesystem>
#include <mutex>
#include <system_error>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "iphub/base/status.h"
#include "iphub/db/internal/text.h"
#include "iphub/db/postgres/postgres_database.h"
#include "iphub/db/sqlite/sqlite_database.h"

namespace iphub::db {

// ---------------------------------------------------------------------------
// Row

int64_t Row::Int(size_t col) const {
  const std::optional<std::string>& cell = cells_.at(col);
  if (!cell.has_value()) return 0;
  int64_t value = 0;
  if (absl::SimpleAtoi(*cell, &value)) return value;
  // PostgreSQL spells boolean results "t" / "f".
  if (*cell == "t") return 1;
  if (*cell == "f") return 0;
  IPHUB_DCHECK(false && "Row::Int on a cell that is not an integer");
  return 0;
}

double Row::Real(size_t col) const {
  const std::optional<std::string>& cell = cells_.at(col);
  if (!cell.has_value()) return 0;
  double value = 0;
  if (absl::SimpleAtod(*cell, &value)) return value;
  IPHUB_DCHECK(false && "Row::Real on a cell that is not a number");
  return 0;
}

const std::string& Row::Text(size_t col) const {
  static const std::string* const kEmpty = new std::string();
  const std::optional<std::string>& cell = cells_.at(col);
  return cell.has_value() ? *cell : *kEmpty;
}

std::optional<int64_t> Row::OptInt(size_t col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}

std::optional<std::string> Row::OptText(size_t col) const { return cells_.at(col); }

// ---------------------------------------------------------------------------
// Connection, Transaction

absl::Status Connection::Exec(std::string_view sql, const Params& params) {
  return Query(sql, params).status();
}

Transaction::~Transaction() {
  if (open_ && conn_.InTransaction()) {
    // Nothing useful can be done with a failed rollback here; a connection
    // left in a transaction is rolled back or discarded by the pool.
    (void)conn_.Rollback();
  }
}

absl::Status Transaction::Begin() {
  if (open_) return absl::FailedPreconditionError("transaction already begun");
  IPHUB_RETURN_IF_ERROR(conn_.Begin());
  open_ = true;
  return absl::OkStatus();
}

absl::Status Transaction::Commit() {
  if (!open_) return absl::FailedPreconditionError("Commit() without a successful Begin()");
  absl::Status status = conn_.Commit();
  // On failure the engine may have ended the transaction (PostgreSQL) or kept
  // it open (SQLite busy); the destructor rolls back whatever remains.
  open_ = !status.ok() && conn_.InTransaction();
  return status;
}

// ---------------------------------------------------------------------------
// Pool

struct Database::Pool {
  std::mutex mutex;
  std::vector<std::unique_ptr<Connection>> idle;  // guarded by mutex
  size_t max_idle = 8;                            // guarded by mutex
};

std::shared_ptr<Database::Pool> Database::MakePool() { return std::make_shared<Pool>(); }

void Database::SetMaxIdleConnections(int max_idle) {
  std::lock_guard<std::mutex> lock(pool_->mutex);
  pool_->max_idle = max_idle > 0 ? static_cast<size_t>(max_idle) : 0;
}

absl::StatusOr<PooledConnection> Database::Acquire() {
  {
    std::lock_guard<std::mutex> lock(pool_->mutex);
    while (!pool_->idle.empty()) {
      std::unique_ptr<Connection> conn = std::move(pool_->idle.back());
      pool_->idle.pop_back();
      if (!conn->IsBroken()) return PooledConnection(this, std::move(conn));
    }
  }
  IPHUB_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, Connect());
  return PooledConnection(this, std::move(conn));
}

void Database::Release(std::unique_ptr<Connection> conn) {
  if (conn->IsBroken()) return;
  if (conn->InTransaction()) {
    if (!conn->Rollback().ok() || conn->InTransaction() || conn->IsBroken()) return;
  }
  std::unique_ptr<Connection> surplus;  // closed outside the lock
  std::lock_guard<std::mutex> lock(pool_->mutex);
  if (pool_->idle.size() < pool_->max_idle) {
    pool_->idle.push_back(std::move(conn));
  } else {
    surplus = std::move(conn);
  }
}

PooledConnection& PooledConnection::operator=(PooledConnection&& other) noexcept {
  if (this != &other) {
    if (conn_ != nullptr && owner_ != nullptr) owner_->Release(std::move(conn_));
    owner_ = other.owner_;
    conn_ = std::move(other.conn_);
  }
  return *this;
}

PooledConnection::~PooledConnection() {
  if (conn_ != nullptr && owner_ != nullptr) owner_->Release(std::move(conn_));
}

// ---------------------------------------------------------------------------
// Open

absl::StatusOr<std::unique_ptr<Database>> Database::Open(std::string_view url,
                                                         const OpenOptions& options) {
  if (absl::StartsWith(internal::ToAbsl(url), "sqlite:")) {
    std::string path(url.substr(std::string_view("sqlite:").size()));
    if (path.empty()) return absl::InvalidArgumentError("sqlite: URL without a file path");
    if (path == ":memory:" || absl::StartsWith(path, "file:")) {
      return absl::InvalidArgumentError(
          "sqlite: URL must name a file (in-memory databases are one per connection)");
    }
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) {
      std::error_code error;
      std::filesystem::create_directories(parent, error);
      if (error) {
        return absl::UnavailableError(
            absl::StrCat("cannot create folder ", parent.string(), ": ", error.message()));
      }
    }
    return sqlite::SqliteDatabase::Open(path, options);
  }
  if (absl::StartsWith(internal::ToAbsl(url), "postgresql://") ||
      absl::StartsWith(internal::ToAbsl(url), "postgres://")) {
    return postgres::PostgresDatabase::Open(url, options);
  }
  std::string_view scheme = url.substr(0, url.find(':'));
  return absl::InvalidArgumentError(
      absl::StrCat("unknown database URL scheme '", internal::ToAbsl(scheme),
                   "' (expected sqlite:PATH, postgresql://... or postgres://...)"));
}

}  // namespace iphub::db
