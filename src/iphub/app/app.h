// Wiring of the modules into one program: opening the database, migrating
// every module, building the router. main.cc holds only the command line.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "iphub/auth/service.h"
#include "iphub/base/config.h"
#include "iphub/db/database.h"
#include "iphub/http/router.h"
#include "iphub/patents/search.h"
#include "iphub/patents/service.h"

namespace iphub::app {

std::string_view Version();

// Opens the configured database (creating the data directory for SQLite).
absl::StatusOr<std::unique_ptr<db::Database>> OpenDatabase(const base::Config& config);

// Applies every module's migrations in dependency order and loads reference
// data (regions). Returns the number of migrations applied.
absl::StatusOr<int> MigrateAll(db::Database& database);

auth::AccountOptions AccountOptionsFrom(const base::Config& config);

// Every module's routes plus /healthz with a database check. `config` gives the modules'
// settings (demand_response_days).
http::Router BuildRouter(db::Database& database, auth::AccountService& accounts,
                         patents::PatentService& patents, patents::PatentIndex& search,
                         const base::Config& config);

}  // namespace iphub::app
