#include "iphub/db/testing/test_database.h"

#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "iphub/base/status.h"

namespace iphub::db::testing {
namespace {

constexpr const char* kPgUrlVariable = "IPHUB_TEST_PG_URL";

std::string PgAdminUrl() {
  const char* url = std::getenv(kPgUrlVariable);
  return url != nullptr ? url : "";
}

// `url` with its database name (the path) replaced by `database`.
std::string WithDatabase(const std::string& url, std::string_view database) {
  const size_t authority = url.find("://");
  const size_t start = authority == std::string::npos ? 0 : authority + 3;
  const size_t query = url.find('?', start);
  const size_t path_end = query == std::string::npos ? url.size() : query;
  const size_t slash = url.find('/', start);
  if (slash == std::string::npos || slash > path_end) {
    return absl::StrCat(url.substr(0, path_end), "/", std::string(database), url.substr(path_end));
  }
  return absl::StrCat(url.substr(0, slash + 1), std::string(database), url.substr(path_end));
}

absl::StatusOr<std::string> MakeTempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      absl::StrCat(base != nullptr && *base != '\0' ? base : "/tmp", "/iphub-db-test.XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::UnavailableError(absl::StrCat("mkdtemp ", pattern, ": ", std::strerror(errno)));
  }
  return pattern;
}

}  // namespace

bool PostgresAvailable() { return !PgAdminUrl().empty(); }

TestDatabase::TestDatabase(Dialect dialect, std::string url, OpenOptions options)
    : dialect_(dialect), url_(std::move(url)), options_(options) {}

absl::StatusOr<std::unique_ptr<TestDatabase>> TestDatabase::Create(Dialect dialect,
                                                                   const OpenOptions& options) {
  if (dialect == Dialect::kSqlite) {
    IPHUB_ASSIGN_OR_RETURN(std::string dir, MakeTempDir());
    std::unique_ptr<TestDatabase> test_db(
        new TestDatabase(dialect, absl::StrCat("sqlite:", dir, "/test.db"), options));
    test_db->temp_dir_ = dir;  // removed by the destructor, even if Open fails
    IPHUB_ASSIGN_OR_RETURN(test_db->db_, Database::Open(test_db->url_, options));
    return test_db;
  }

  const std::string admin_url = PgAdminUrl();
  if (admin_url.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(kPgUrlVariable, " is not set"));
  }
  static std::atomic<int> counter{0};
  const std::string name = absl::StrCat("iphub_test_", getpid(), "_", counter++);
  OpenOptions admin_options;
  admin_options.pool_size = 1;
  IPHUB_ASSIGN_OR_RETURN(std::unique_ptr<Database> admin, Database::Open(admin_url, admin_options));
  IPHUB_ASSIGN_OR_RETURN(PooledConnection conn, admin->Acquire());
  // `name` is built from integers; CREATE DATABASE takes no parameters.
  IPHUB_RETURN_IF_ERROR(
      conn->ExecScript(absl::StrCat("DROP DATABASE IF EXISTS ", name, " WITH (FORCE)")));
  IPHUB_RETURN_IF_ERROR(conn->ExecScript(
      absl::StrCat("CREATE DATABASE ", name,
                   " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")));
  { PooledConnection returned = std::move(conn); }

  std::unique_ptr<TestDatabase> test_db(
      new TestDatabase(dialect, WithDatabase(admin_url, name), options));
  test_db->pg_admin_ = std::move(admin);
  test_db->pg_database_ = name;  // dropped by the destructor, even if Open fails
  IPHUB_ASSIGN_OR_RETURN(test_db->db_, Database::Open(test_db->url_, options));
  return test_db;
}

TestDatabase::~TestDatabase() {
  db_.reset();
  if (pg_admin_ != nullptr && !pg_database_.empty()) {
    absl::Status status = [&]() -> absl::Status {
      IPHUB_ASSIGN_OR_RETURN(PooledConnection conn, pg_admin_->Acquire());
      return conn->ExecScript(
          absl::StrCat("DROP DATABASE IF EXISTS ", pg_database_, " WITH (FORCE)"));
    }();
    if (!status.ok())
      std::cerr << "TestDatabase: cannot drop " << pg_database_ << ": " << status << "\n";
  }
  pg_admin_.reset();
  if (!temp_dir_.empty()) {
    std::error_code error;
    std::filesystem::remove_all(temp_dir_, error);
  }
}

absl::Status TestDatabase::Reopen() {
  db_.reset();
  IPHUB_ASSIGN_OR_RETURN(db_, Database::Open(url_, options_));
  return absl::OkStatus();
}

}  // namespace iphub::db::testing
