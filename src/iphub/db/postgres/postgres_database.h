// The PostgreSQL backend of iphub::db, on libpq: a server URL and a pool of
// connections (one PGconn each).
//
// Use it through db::Database::Open("postgresql://user@host:port/dbname");
// this header is for code that needs the concrete type (tests, tools).
//
// Each connection sets client_encoding=UTF8, lock_timeout (from
// OpenOptions::busy_timeout_ms), statement_timeout and
// client_min_messages=warning; notices are dropped. Statements are prepared
// once per connection (PQprepare, parameter types left for the server to infer)
// and cached by SQL text; parameters and cells travel as text.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "iphub/db/database.h"

namespace iphub::db::postgres {

// A PostgreSQL server database and its connection pool. Thread-safe (see
// Database).
class PostgresDatabase final : public Database {
 public:
  // Connects once to check the URL and the server: Unavailable when the server
  // cannot be reached or refuses the login.
  static absl::StatusOr<std::unique_ptr<PostgresDatabase>> Open(std::string_view url,
                                                                const OpenOptions& options);

  Dialect dialect() const override { return Dialect::kPostgres; }

 protected:
  absl::StatusOr<std::unique_ptr<Connection>> Connect() override;

 private:
  PostgresDatabase(std::string url, const OpenOptions& options);

  const std::string url_;
  const OpenOptions options_;
};

}  // namespace iphub::db::postgres
