// The SQLite backend of iphub::db: a database file opened in WAL mode, with a
// pool of connections (one sqlite3 handle each).
//
// Use it through db::Database::Open("sqlite:PATH"); this header is for code
// that needs the concrete type (tests, tools).
//
// Every connection runs `PRAGMA journal_mode=WAL`, `foreign_keys=ON`,
// `synchronous=FULL` (a commit is durable once Commit() returns) and waits up
// to OpenOptions::busy_timeout_ms for locks. Placeholders $1..$n are SQLite
// named parameters, so they may appear in any order and repeat. Cells come
// back as text: integers in decimal, reals in their shortest exact spelling.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "iphub/db/database.h"

namespace iphub::db::sqlite {

// A SQLite database file and its connection pool. Thread-safe (see Database).
class SqliteDatabase final : public Database {
 public:
  // Opens (creating if missing) the file at `path`, whose folder must exist,
  // and checks that one connection can be set up. Unavailable when the file
  // cannot be opened, DataLoss when it is not a SQLite database.
  static absl::StatusOr<std::unique_ptr<SqliteDatabase>> Open(std::string path,
                                                              const OpenOptions& options);

  Dialect dialect() const override { return Dialect::kSqlite; }
  const std::string& path() const { return path_; }

 protected:
  absl::StatusOr<std::unique_ptr<Connection>> Connect() override;

 private:
  SqliteDatabase(std::string path, const OpenOptions& options);

  const std::string path_;
  const OpenOptions options_;
};

}  // namespace iphub::db::sqlite
