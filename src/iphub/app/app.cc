#include "iphub/app/app.h"

#include <algorithm>
#include <filesystem>
#include <vector>

#include "absl/strings/match.h"
#include "iphub/analytics/migrations.h"
#include "iphub/analytics/routes.h"
#include "iphub/auth/migrations.h"
#include "iphub/auth/regions.h"
#include "iphub/auth/routes.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/collections/migrations.h"
#include "iphub/collections/routes.h"
#include "iphub/db/migrations.h"
#include "iphub/market/deal_routes.h"
#include "iphub/market/matching.h"
#include "iphub/market/migrations.h"
#include "iphub/market/pool_routes.h"
#include "iphub/market/routes.h"
#include "iphub/market/statistics_routes.h"
#include "iphub/patents/migrations.h"
#include "iphub/patents/routes.h"
#include "iphub/watch/migrations.h"
#include "iphub/watch/routes.h"
#include "iphub/workflow/migrations.h"
#include "iphub/workflow/routes.h"
#include "spdlog/spdlog.h"

namespace iphub::app {

std::string_view Version() { return IPHUB_VERSION; }

absl::StatusOr<std::unique_ptr<db::Database>> OpenDatabase(const base::Config& config) {
  std::string url = config.DatabaseUrl();
  if (absl::StartsWith(url, "sqlite:")) {
    std::error_code error;
    std::filesystem::create_directories(config.data_dir, error);
    if (error) {
      return absl::FailedPreconditionError(
          base::StrCat("cannot create data directory ", config.data_dir, ": ", error.message()));
    }
  }
  return db::Database::Open(url);
}

absl::StatusOr<int> MigrateAll(db::Database& database) {
  // Modules in dependency order; each later module appends its own list.
  std::vector<db::Migration> all;
  for (const auto& migration : auth::Migrations()) all.push_back(migration);
  for (const auto& migration : workflow::Migrations()) all.push_back(migration);
  for (const auto& migration : patents::Migrations()) all.push_back(migration);
  for (const auto& migration : collections::Migrations()) all.push_back(migration);
  for (const auto& migration : watch::Migrations()) all.push_back(migration);
  for (const auto& migration : analytics::Migrations()) all.push_back(migration);
  for (const auto& migration : market::Migrations()) all.push_back(migration);
  IPHUB_ASSIGN_OR_RETURN(int applied, db::Migrate(database, all));
  IPHUB_RETURN_IF_ERROR(auth::SeedRegions(database).status());
  return applied;
}

auth::AccountOptions AccountOptionsFrom(const base::Config& config) {
  return auth::AccountOptions{
      .login_max_failures = std::max(1, config.login_max_failures),
      .login_lockout_ms = int64_t{config.login_lockout_seconds} * 1000,
      .session_idle_ms = int64_t{config.session_idle_seconds} * 1000,
  };
}

http::Router BuildRouter(db::Database& database, auth::AccountService& accounts,
                         patents::PatentService& patents, patents::PatentIndex& search,
                         const base::Config& config) {
  http::Router router;
  db::Database* db = &database;
  router.Add({.method = "GET",
              .pattern = "/healthz",
              .summary = "Liveness and database reachability",
              .tag = "operations",
              .access = http::Access::kPublic,
              .response_schema = {{"type", "object"},
                                  {"properties",
                                   {{"status", {{"type", "string"}}},
                                    {"version", {{"type", "string"}}},
                                    {"database", {{"type", "string"}}}}}},
              .handler = [db](http::Request&) {
                absl::Status status = [&]() -> absl::Status {
                  IPHUB_ASSIGN_OR_RETURN(auto conn, db->Acquire());
                  return conn->Query("SELECT 1").status();
                }();
                if (!status.ok()) {
                  return http::Response::Json({{"status", "degraded"},
                                               {"version", Version()},
                                               {"database", std::string(status.message())}},
                                              503);
                }
                return http::Response::Json(
                    {{"status", "ok"}, {"version", Version()}, {"database", "ok"}});
              }});
  auth::RegisterAccountRoutes(router, accounts);
  // Background imports (?async=true) run on the registry's own thread until the router goes.
  patents::RegisterPatentRoutes(
      router, patents,
      std::make_shared<patents::ImportJobs>(patents, base::SystemClock::Instance()), accounts);
  patents::RegisterSearchRoutes(router, search, accounts);
  // Applicant aliases: officials merge names; the index follows (PatentIndex::CatchUp).
  patents::RegisterApplicantRoutes(
      router,
      std::make_shared<patents::ApplicantAliasService>(database, base::SystemClock::Instance()),
      accounts);
  // Saved searches and collections read the index (hit counts, auto collections); the
  // handlers share the service, so it lives as long as the router.
  collections::RegisterCollectionRoutes(router,
                                        std::make_shared<collections::CollectionService>(
                                            database, search, base::SystemClock::Instance()),
                                        accounts);
  // Watches and alerts (the WatchRunner of `iphub serve` writes the alerts).
  watch::RegisterWatchRoutes(
      router,
      std::make_shared<watch::WatchService>(database, search, base::SystemClock::Instance()),
      accounts);
  // Valuations: explanations read the stored batch scores; the royalty estimate is a
  // computation. The handlers share the service.
  analytics::RegisterValuationRoutes(
      router,
      std::make_shared<analytics::ValuationService>(database, base::SystemClock::Instance()),
      accounts);
  // High-value invention patents: one patent's categories (public) and the counts per region
  // and per 10,000 people (officials and administrators). The lists are loaded by the CLI.
  analytics::RegisterHighValueRoutes(
      router,
      std::make_shared<analytics::HighValueService>(database, base::SystemClock::Instance()),
      accounts);
  // Patent navigation: landscapes of any query from the index, reports stored with them.
  analytics::RegisterNavigationRoutes(router,
                                      std::make_shared<analytics::NavigationService>(
                                          database, search, base::SystemClock::Instance()),
                                      accounts);
  // Marketplace listings: each moves through its workflow (market::ListingMachine), which
  // /api/v1/workflows describes with the other machines.
  auto listings = std::make_shared<market::ListingService>(database, base::SystemClock::Instance());
  market::RegisterMarketRoutes(router, listings, accounts);
  auto demands = std::make_shared<market::DemandService>(
      database, base::SystemClock::Instance(),
      market::DemandOptions{.response_days = std::max(1, config.demand_response_days)});
  market::RegisterDemandRoutes(router, demands, accounts);
  // Supply–demand matching over the search index (market/matching.h): a demand is matched
  // when it is published, and again when its poster looks or refreshes; new matches notify
  // both sides.
  auto matching =
      std::make_shared<market::MatchService>(database, search, base::SystemClock::Instance());
  demands->OnPublished([matching](const auth::Principal* principal, int64_t demand_id) {
    absl::StatusOr<market::DemandMatches> matched =
        matching->Refresh(principal, demand_id, static_cast<int64_t>(market::kMaxRecorded));
    if (!matched.ok()) {
      spdlog::warn("matching demand {} on publishing: {}", demand_id,
                   std::string(matched.status().message()));
    }
  });
  market::RegisterMatchingRoutes(router, matching, accounts);
  // Deals: from an inquiry on a listing to the recorded transfer or licence (market/deal.h).
  auto deals = std::make_shared<market::DealService>(database, base::SystemClock::Instance());
  market::RegisterDealRoutes(router, deals, accounts);
  market::RegisterMarketStatisticsRoutes(
      router,
      std::make_shared<market::MarketStatisticsService>(database, base::SystemClock::Instance()),
      accounts);
  // Patent pools (market/pool.h).
  auto pools = std::make_shared<market::PoolService>(database, base::SystemClock::Instance());
  market::RegisterPoolRoutes(router, pools, accounts);
  workflow::RegisterWorkflowRoutes(
      router, {listings->machine(), demands->machine(), deals->machine(), pools->machine()});
  return router;
}

}  // namespace iphub::app
