// The `iphub` command: serve, migrate, demo, import, index, search, valuation, highvalue, user,
// audit, version.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <thread>
#include <tuple>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "iphub/analytics/high_value_service.h"
#include "iphub/analytics/service.h"
#include "iphub/app/app.h"
#include "iphub/app/demo.h"
#include "iphub/app/score_refresher.h"
#include "iphub/auth/audit.h"
#include "iphub/base/civil_date.h"
#include "iphub/base/crypto.h"
#include "iphub/base/files.h"
#include "iphub/base/strings.h"
#include "iphub/http/server.h"
#include "iphub/market/deal_service.h"
#include "iphub/patents/import.h"
#include "iphub/patents/search.h"
#include "iphub/watch/evaluator.h"
#include "iphub/watch/runner.h"
#include "spdlog/spdlog.h"

namespace iphub::app {
namespace {

// A flag bound to a configuration key; applied only when given.
struct ConfigFlag {
  std::string key;
  std::string value;
  CLI::Option* option = nullptr;
};

class CommandLine {
 public:
  CommandLine() : app_("iphub — the intellectual-property public service platform") {
    app_.require_subcommand(1);
    app_.fallthrough();
    app_.set_version_flag("--version", std::string(Version()));
    app_.add_option("--config", config_file_, "configuration file (key = value lines)")
        ->envname("IPHUB_CONFIG");
    AddFlag(app_, "data_dir", "--data-dir", "data directory (default ./iphub-data)");
    AddFlag(app_, "db", "--db", "database: sqlite:PATH (default) or postgresql://...");
    AddFlag(app_, "log_level", "--log-level", "trace, debug, info, warn, error");
  }

  CLI::App& app() { return app_; }

  CLI::App* Subcommand(CLI::App& parent, std::string name, std::string description) {
    CLI::App* sub = parent.add_subcommand(std::move(name), std::move(description));
    sub->fallthrough();
    return sub;
  }

  void AddFlag(CLI::App& app, std::string key, std::string name, std::string description) {
    flags_.push_back(std::make_unique<ConfigFlag>());
    ConfigFlag* flag = flags_.back().get();
    flag->key = std::move(key);
    flag->option = app.add_option(std::move(name), flag->value, std::move(description));
  }

  // Defaults < file < environment < flags.
  absl::StatusOr<base::Config> Config() const {
    base::Settings file;
    if (!config_file_.empty()) {
      auto parsed = base::ParseConfigFile(config_file_);
      if (!parsed.ok()) return parsed.status();
      file = *parsed;
    }
    base::Settings env = base::SettingsFromEnvironment();
    base::Settings flags;
    for (const auto& flag : flags_) {
      if (flag->option->count() > 0) flags[flag->key] = flag->value;
    }
    return base::BuildConfig(
        {{"configuration file", &file}, {"environment", &env}, {"flag", &flags}});
  }

 private:
  CLI::App app_;
  std::string config_file_;
  std::vector<std::unique_ptr<ConfigFlag>> flags_;
};

int Fail(const absl::Status& status) {
  std::cerr << "iphub: " << status.message() << "\n";
  return 1;
}

struct Context {
  base::Config config;
  std::unique_ptr<db::Database> database;
  std::unique_ptr<auth::AccountService> accounts;
};

absl::StatusOr<Context> Open(const CommandLine& command_line, bool migrate) {
  Context context;
  auto config = command_line.Config();
  if (!config.ok()) return config.status();
  context.config = *config;
  spdlog::set_level(spdlog::level::from_str(context.config.log_level));
  if (auto status = base::InitCrypto(); !status.ok()) return status;
  auto database = OpenDatabase(context.config);
  if (!database.ok()) return database.status();
  context.database = std::move(*database);
  if (migrate) {
    auto applied = MigrateAll(*context.database);
    if (!applied.ok()) return applied.status();
    if (*applied > 0) spdlog::info("applied {} migration(s)", *applied);
  }
  context.accounts = std::make_unique<auth::AccountService>(
      *context.database, base::SystemClock::Instance(), AccountOptionsFrom(context.config));
  return context;
}

void PrintAccounts(const DemoResult& demo) {
  std::cout << (demo.created ? "Demo data loaded." : "Demo data was already loaded.")
            << " Accounts:\n";
  for (const auto& account : demo.accounts) {
    std::cout << "  " << account.username
              << std::string(18 - std::min<size_t>(17, account.username.size()), ' ')
              << account.password << "   " << account.role << "   " << account.scope << "\n";
  }
  std::cout.flush();
}

std::string ReadPassword(const std::string& flag_value, bool from_stdin) {
  if (!from_stdin) return flag_value;
  std::string line;
  std::getline(std::cin, line);
  return line;
}

int RunImport(Context& context, const std::vector<std::string>& paths, std::string report,
              int batch_size) {
  if (report.empty()) {
    std::filesystem::create_directories(context.config.data_dir + "/imports");
    char stamp[32];
    std::time_t now = std::time(nullptr);
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
    report = context.config.data_dir + "/imports/rejects-" + stamp + ".jsonl";
  }
  const bool terminal = ::isatty(STDERR_FILENO) != 0;
  const auto started = std::chrono::steady_clock::now();
  int64_t total_bytes = 0;
  for (const auto& path : paths) {
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    if (!error) total_bytes += static_cast<int64_t>(size);
  }
  patents::ImportOptions options;
  options.batch_size = batch_size;
  options.reject_report_path = report;
  // One line rewritten in place: documents, rate, share of the bytes and the
  // time left at the rate so far.
  options.on_progress = [&](const patents::ImportCounts& counts) {
    if (!terminal) return;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const double share =
        total_bytes > 0 ? static_cast<double>(counts.bytes) / static_cast<double>(total_bytes) : 0;
    char eta[32] = "--:--";
    if (share > 0.001 && share < 1.0) {
      const auto left = static_cast<long long>(seconds * (1.0 - share) / share);
      std::snprintf(eta, sizeof eta, "%lld:%02lld", left / 60, left % 60);
    }
    constexpr int kWidth = 24;
    const int filled = std::clamp(static_cast<int>(share * kWidth), 0, kWidth);
    std::fprintf(stderr,
                 "\r  [%s%s] %3.0f%%  %lld read  %lld new  %lld updated  %lld rejected  %.0f docs/s"
                 "  ETA %s   ",
                 std::string(filled, '#').c_str(), std::string(kWidth - filled, '.').c_str(),
                 share * 100, static_cast<long long>(counts.read),
                 static_cast<long long>(counts.imported), static_cast<long long>(counts.updated),
                 static_cast<long long>(counts.rejected),
                 seconds > 0 ? static_cast<double>(counts.read) / seconds : 0.0, eta);
  };
  auto summary = patents::ImportFiles(*context.database, paths, options);
  if (terminal) std::fprintf(stderr, "\n");
  if (!summary.ok()) return Fail(summary.status());
  const auto& c = summary->counts;
  std::printf(
      "read %lld, imported %lld, updated %lld, unchanged %lld, rejected %lld, skipped %lld, "
      "%.1f MB in %.2f s\n",
      static_cast<long long>(c.read), static_cast<long long>(c.imported),
      static_cast<long long>(c.updated), static_cast<long long>(c.unchanged),
      static_cast<long long>(c.rejected), static_cast<long long>(c.skipped),
      static_cast<double>(c.bytes) / 1e6, summary->seconds);
  if (c.rejected > 0) std::printf("rejects: %s\n", report.c_str());
  return 0;
}

// Progress of the demo patents on standard error: one line rewritten in place
// on a terminal, else a line per tenth of the total.
std::function<void(int64_t)> DemoPatentProgress(int64_t total,
                                                std::chrono::steady_clock::time_point started) {
  const bool terminal = ::isatty(STDERR_FILENO) != 0;
  auto next_tenth = std::make_shared<int64_t>(1);
  return [terminal, total, started, next_tenth](int64_t done) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
    if (terminal) {
      std::fprintf(stderr, "\r  patents: %lld / %lld  %.0f docs/s   ", static_cast<long long>(done),
                   static_cast<long long>(total), rate);
      if (done >= total) std::fprintf(stderr, "\n");
      return;
    }
    if (done * 10 < *next_tenth * total) return;
    std::fprintf(stderr, "  patents: %lld / %lld  %.0f docs/s\n", static_cast<long long>(done),
                 static_cast<long long>(total), rate);
    while (*next_tenth <= 10 && *next_tenth * total <= done * 10) ++*next_tenth;
  };
}

// `iphub valuation score`: scores every stored patent under one scenario and stores the
// scores with their grades (analytics::ValuationService::ScoreAll).
int RunValuationScore(Context& context, const std::string& scenario_id,
                      const std::string& as_of_text) {
  auto scenario = analytics::ParseScenario(scenario_id, "--scenario");
  if (!scenario.ok()) {
    return Fail(
        absl::InvalidArgumentError(absl::StrCat("--scenario: ", scenario.status().message())));
  }
  analytics::ValuationService service(*context.database, base::SystemClock::Instance());
  const std::string as_of = as_of_text.empty() ? service.Today() : as_of_text;
  if (!base::ParseCivilDate(as_of)) {
    return Fail(absl::InvalidArgumentError("--as-of: expected a date YYYY-MM-DD, got " + as_of));
  }
  auto summary = service.ScoreAll(*scenario, as_of);
  if (!summary.ok()) return Fail(summary.status());
  const auto& grades = summary->grades;
  std::printf(
      "valuation %s as of %s: %lld patents scored in %lld cohorts (%lld in none; grades A %lld, "
      "B %lld, C %lld, D %lld, E %lld), %lld cited, %lld unreadable, in %.2f s (reading and "
      "scoring %.2f s, storing %.2f s)\n",
      std::string(analytics::ScenarioId(summary->scenario)).c_str(), summary->as_of.c_str(),
      static_cast<long long>(summary->patents), static_cast<long long>(summary->cohorts),
      static_cast<long long>(summary->ungraded), static_cast<long long>(grades[0]),
      static_cast<long long>(grades[1]), static_cast<long long>(grades[2]),
      static_cast<long long>(grades[3]), static_cast<long long>(grades[4]),
      static_cast<long long>(summary->cited), static_cast<long long>(summary->unreadable),
      summary->seconds, summary->read_seconds, summary->write_seconds);
  return 0;
}

// After `iphub import`, what a running server's refresher does once an import settles
// (docs/valuation.md, "When scores refresh"), unless a server is running (`server_running`):
// it does it then. Refreshes the stored valuation scores when a patent changed since they were
// computed (analytics::ValuationService::RefreshScores), and records and closes the deals whose
// recordal the imported legal events show (market::DealService::SweepRecordals).
void SettleImport(Context& context, bool server_running) {
  if (server_running) {
    std::printf("valuation scores and deal recordals: the running server settles them\n");
    return;
  }
  market::DealService deals(*context.database, base::SystemClock::Instance());
  auto recorded = deals.SweepRecordals();
  if (!recorded.ok()) {
    std::fprintf(stderr, "deal recordals: %s\n", std::string(recorded.status().message()).c_str());
  } else if (*recorded > 0) {
    std::printf("deal recordals: %d deal(s) recorded and closed\n", *recorded);
  }
  analytics::ValuationService service(*context.database, base::SystemClock::Instance());
  auto outdated = service.ScoresOutdated();
  if (!outdated.ok() || !*outdated) {
    if (!outdated.ok()) {
      std::fprintf(stderr, "valuation scores: %s\n",
                   std::string(outdated.status().message()).c_str());
    }
    return;
  }
  auto summaries = service.RefreshScores();
  if (!summaries.ok()) {
    std::fprintf(stderr, "valuation scores: %s\n",
                 std::string(summaries.status().message()).c_str());
    return;
  }
  for (const analytics::ScoreSummary& summary : *summaries) {
    std::printf("valuation %s as of %s refreshed: %lld patents in %lld cohorts in %.2f s\n",
                std::string(analytics::ScenarioId(summary.scenario)).c_str(), summary.as_of.c_str(),
                static_cast<long long>(summary.patents), static_cast<long long>(summary.cohorts),
                summary.seconds);
  }
}

// `iphub valuation backtest`: the backtest report as Markdown on standard output
// (analytics::ValuationService::Backtest; bench/valuation_backtest.sh writes it into
// docs/valuation.md).
int RunValuationBacktest(Context& context, const std::string& scenario_id, int year, int horizon) {
  auto scenario = analytics::ParseScenario(scenario_id, "--scenario");
  if (!scenario.ok()) {
    return Fail(
        absl::InvalidArgumentError(absl::StrCat("--scenario: ", scenario.status().message())));
  }
  analytics::ValuationService service(*context.database, base::SystemClock::Instance());
  auto report = service.Backtest({.scenario = *scenario, .year = year, .horizon = horizon});
  if (!report.ok()) return Fail(report.status());
  std::printf("%s\n", analytics::BacktestMarkdown(*report).c_str());
  std::fprintf(stderr, "backtest of %lld patents in %.2f s\n",
               static_cast<long long>(report->table.patents), report->seconds);
  return 0;
}

// `iphub highvalue load-sei|load-awards|load-pledges|load-population FILE`: one file, one
// transaction, one audit entry (analytics::HighValueService); a bad line stores nothing.
int RunHighValueLoad(Context& context, const std::string& list, const std::string& path) {
  auto text = base::ReadFile(path);
  if (!text.ok()) return Fail(text.status());
  analytics::HighValueService service(*context.database, base::SystemClock::Instance());
  const std::string name = std::filesystem::path(path).filename().string();
  absl::StatusOr<analytics::LoadSummary> summary;
  if (list == "sei") {
    summary = service.LoadSei(name, *text);
  } else if (list == "awards") {
    summary = service.LoadAwards(name, *text);
  } else if (list == "pledges") {
    summary = service.LoadPledges(name, *text);
  } else {
    summary = service.LoadPopulation(name, *text);
  }
  if (!summary.ok()) {
    return Fail(absl::Status(summary.status().code(),
                             absl::StrCat(path, ": ", summary.status().message())));
  }
  std::printf("highvalue %s: %lld rows loaded from %s", list.c_str(),
              static_cast<long long>(summary->rows), summary->source_file.c_str());
  if (list == "population" && !summary->years.empty()) {
    std::printf(" (%lld regions, years %d-%d)", static_cast<long long>(summary->regions),
                summary->years.front(), summary->years.back());
  }
  std::printf("\n");
  return 0;
}

// `iphub highvalue count`: the table of a region and its children.
int RunHighValueCount(Context& context, const std::string& region, const std::string& as_of_text,
                      int year) {
  analytics::HighValueService service(*context.database, base::SystemClock::Instance());
  const std::string as_of = as_of_text.empty() ? service.Today() : as_of_text;
  auto counts =
      service.Count(region, as_of, year > 0 ? std::optional<int>(year) : std::optional<int>());
  if (!counts.ok()) return Fail(counts.status());
  const auto& options = counts->options;
  std::printf(
      "high-value invention patents as of %s; population year %s; maintained more than %d years "
      "from the %s date; pledge threshold %s yuan (unverified); SEI concordance %s\n",
      counts->as_of.c_str(),
      counts->population_year ? std::to_string(*counts->population_year).c_str() : "none",
      options.maintenance_years,
      options.maintenance_rule == analytics::MaintenanceRule::kFromFilingDate ? "filing" : "grant",
      base::FormatMoney(options.pledge_threshold).c_str(),
      counts->sei ? counts->sei->source_file.c_str() : "not loaded");
  std::printf("%-8s %-22s %9s %9s %6s %6s %6s %6s %6s %12s %9s\n", "code", "name", "valid", "high",
              "sei", "family", ">10y", "pledge", "award", "population", "per 10k");
  auto row = [](const analytics::RegionCount& count) {
    const auto& cat = count.by_category;
    std::printf(
        "%-8s %-22s %9lld %9lld %6lld %6lld %6lld %6lld %6lld %12s %9s\n", count.code.c_str(),
        count.name.c_str(), static_cast<long long>(count.valid_inventions),
        static_cast<long long>(count.high_value), static_cast<long long>(cat[0]),
        static_cast<long long>(cat[1]), static_cast<long long>(cat[2]),
        static_cast<long long>(cat[3]), static_cast<long long>(cat[4]),
        count.population ? std::to_string(*count.population).c_str() : "-",
        count.per_10k_hundredths ? analytics::FormatHundredths(*count.per_10k_hundredths).c_str()
                                 : "-");
  };
  row(counts->region);
  for (const auto& child : counts->children) {
    if (child.valid_inventions > 0 || child.population) row(child);
  }
  if (counts->unplaced_valid_inventions > 0) {
    std::printf("(%lld valid, %lld high-value placed in no child region)\n",
                static_cast<long long>(counts->unplaced_valid_inventions),
                static_cast<long long>(counts->unplaced_high_value));
  }
  return 0;
}

int RunDemoPatents(Context& context, int64_t count, uint64_t seed) {
  const auto started = std::chrono::steady_clock::now();
  auto summary =
      LoadDemoPatents(*context.database, count, seed, DemoPatentProgress(count, started));
  if (!summary.ok()) return Fail(summary.status());
  std::printf(
      "Demo patents (seed %llu): %lld documents, %lld new, %lld updated, %lld unchanged, "
      "in %.1f s (%.0f docs/s)\n",
      static_cast<unsigned long long>(seed), static_cast<long long>(summary->documents),
      static_cast<long long>(summary->inserted), static_cast<long long>(summary->updated),
      static_cast<long long>(summary->unchanged), summary->seconds,
      summary->seconds > 0 ? static_cast<double>(summary->documents) / summary->seconds : 0.0);
  return 0;
}

// `iphub demo --patents N --jsonl PATH | --dry-run`: no database involved.
int RunDemoExport(int64_t count, uint64_t seed, const std::string& jsonl_path) {
  std::ofstream file;
  std::ostream* out = nullptr;
  if (jsonl_path == "-") {
    out = &std::cout;
  } else if (!jsonl_path.empty()) {
    file.open(jsonl_path, std::ios::out | std::ios::binary | std::ios::trunc);
    if (!file) return Fail(absl::FailedPreconditionError("cannot write " + jsonl_path));
    out = &file;
  }
  const auto started = std::chrono::steady_clock::now();
  auto summary = ExportDemoPatents(count, seed, out, DemoPatentProgress(count, started));
  if (!summary.ok()) return Fail(summary.status());
  // The summary goes to standard error when the documents go to standard output.
  std::FILE* report = jsonl_path == "-" ? stderr : stdout;
  const std::string written =
      out == nullptr
          ? std::string(" in memory")
          : " and written as JSONL (" + std::to_string(summary->bytes / 1'000'000) + " MB)";
  std::fprintf(
      report, "Demo patents (seed %llu): %lld documents generated%s in %.2f s (%.0f docs/s)\n",
      static_cast<unsigned long long>(seed), static_cast<long long>(summary->documents),
      written.c_str(), summary->seconds,
      summary->seconds > 0 ? static_cast<double>(summary->documents) / summary->seconds : 0.0);
  return 0;
}

std::filesystem::path IndexDirectory(const Context& context) {
  return std::filesystem::path(context.config.data_dir) / "index";
}

void PrintSimilarModel(const patents::SimilarModelInfo& info) {
  std::printf("similar patents model: %llu patents, %zu terms, %zu dimensions, built in %.1f s\n",
              static_cast<unsigned long long>(info.documents), info.terms, info.dimensions,
              info.seconds);
}

// Brings the search index up to date after an import, unless another process
// (a running server) holds it: that one picks the changes up itself. With
// `build_similar`, also builds the similar-patents model, so that the first
// "similar patents" a user asks for needs no wait. Returns false when another process
// holds the index (a server is running), else true.
bool CatchUpIndexIfFree(Context& context, bool build_similar = false) {
  auto index =
      patents::PatentIndex::Open(*context.database, IndexDirectory(context),
                                 base::SystemClock::Instance(), patents::IndexAccess::kWriter);
  if (!index.ok()) {
    std::fprintf(stderr, "search index: %s\n", std::string(index.status().message()).c_str());
    return !absl::IsFailedPrecondition(index.status());
  }
  const auto started = std::chrono::steady_clock::now();
  auto indexed = (*index)->CatchUp();
  if (!indexed.ok()) {
    std::fprintf(stderr, "search index: %s\n", std::string(indexed.status().message()).c_str());
    return true;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (*indexed > 0) {
    std::printf("indexed %lld patents for search in %.1f s\n", static_cast<long long>(*indexed),
                seconds);
  }
  if (build_similar) {
    auto info = (*index)->RebuildSimilar();
    if (!info.ok()) {
      std::fprintf(stderr, "similar patents: %s\n", std::string(info.status().message()).c_str());
      return true;
    }
    PrintSimilarModel(*info);
  }
  return true;
}

std::function<void(int64_t, int64_t)> IndexProgress() {
  const bool terminal = ::isatty(STDERR_FILENO) != 0;
  const auto started = std::chrono::steady_clock::now();
  return [terminal, started](int64_t done, int64_t total) {
    if (!terminal) return;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::fprintf(stderr, "\r  indexed %lld / %lld  %.0f docs/s   ", static_cast<long long>(done),
                 static_cast<long long>(total),
                 seconds > 0 ? static_cast<double>(done) / seconds : 0.0);
  };
}

int RunIndexRebuild(Context& context, bool with_similar) {
  auto index =
      patents::PatentIndex::Open(*context.database, IndexDirectory(context),
                                 base::SystemClock::Instance(), patents::IndexAccess::kWriter);
  if (!index.ok()) return Fail(index.status());
  const auto started = std::chrono::steady_clock::now();
  auto indexed = (*index)->Rebuild(IndexProgress(), /*build_similar=*/false);
  if (::isatty(STDERR_FILENO)) std::fprintf(stderr, "\n");
  if (!indexed.ok()) return Fail(indexed.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("index rebuilt: %lld patents in %.1f s (%.0f docs/s)\n",
              static_cast<long long>(*indexed), seconds,
              seconds > 0 ? static_cast<double>(*indexed) / seconds : 0.0);
  if (!with_similar) return 0;
  auto info = (*index)->RebuildSimilar();
  if (!info.ok()) return Fail(info.status());
  PrintSimilarModel(*info);
  return 0;
}

// Brings the index up to date and evaluates every watch against what it has
// applied since the last evaluation (what a running server does after each
// import); prints what it cost, per changed patent.
int RunWatchEvaluate(Context& context) {
  auto index =
      patents::PatentIndex::Open(*context.database, IndexDirectory(context),
                                 base::SystemClock::Instance(), patents::IndexAccess::kWriter);
  if (!index.ok()) return Fail(index.status());
  auto seconds_since = [](std::chrono::steady_clock::time_point started) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  auto started = std::chrono::steady_clock::now();
  auto indexed = (*index)->CatchUp();
  if (!indexed.ok()) return Fail(indexed.status());
  if (*indexed > 0) {
    std::printf("indexed %lld patents in %.3f s\n", static_cast<long long>(*indexed),
                seconds_since(started));
  }
  auto conn = context.database->Acquire();
  if (!conn.ok()) return Fail(conn.status());
  auto watches = (*conn)->Query("SELECT COUNT(*) FROM watches");
  if (!watches.ok()) return Fail(watches.status());
  watch::WatchEvaluator evaluator(*context.database, **index, base::SystemClock::Instance());
  started = std::chrono::steady_clock::now();
  auto done = evaluator.EvaluateAll();
  if (!done.ok()) return Fail(done.status());
  const double seconds = seconds_since(started);
  std::printf(
      "evaluated %lld changed patents against %lld watches in %.3f s (%.1f us per changed "
      "patent; matching in the index %.3f s): %lld alerts, %lld mails queued\n",
      static_cast<long long>(done->changes), static_cast<long long>(watches->rows[0].Int(0)),
      seconds, done->changes > 0 ? seconds * 1e6 / static_cast<double>(done->changes) : 0.0,
      done->match_seconds, static_cast<long long>(done->alerts),
      static_cast<long long>(done->mails));
  return 0;
}

int RunIndexSimilar(Context& context) {
  auto index =
      patents::PatentIndex::Open(*context.database, IndexDirectory(context),
                                 base::SystemClock::Instance(), patents::IndexAccess::kWriter);
  if (!index.ok()) return Fail(index.status());
  auto info = (*index)->RebuildSimilar();
  if (!info.ok()) return Fail(info.status());
  PrintSimilarModel(*info);
  return 0;
}

int RunIndexStatus(Context& context) {
  auto index =
      patents::PatentIndex::Open(*context.database, IndexDirectory(context),
                                 base::SystemClock::Instance(), patents::IndexAccess::kReader);
  if (!index.ok()) return Fail(index.status());
  auto info = (*index)->Info();
  if (!info.ok()) return Fail(info.status());
  std::printf("documents %llu\nsegments %zu\ngeneration %llu\napplied change %lld of %lld\n",
              static_cast<unsigned long long>(info->documents), info->segments,
              static_cast<unsigned long long>(info->generation),
              static_cast<long long>(info->applied_change),
              static_cast<long long>(info->latest_change));
  return 0;
}

std::string CsvField(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// What `iphub search` asks of each query (bench/search.sh compares the same
// modes across engines); every mode counts every hit exactly.
enum class SearchMode {
  kCount,      // the number of hits only (PatentIndex::Count: no ranking)
  kTop10,      // the number of hits and the top `limit` ids by relevance (TopKeys)
  kFacets,     // the number of hits and the facet counts over all of them (no ranking)
  kLandscape,  // the number of hits and a navigation landscape of them (BuildLandscape)
};

// The facets of --mode facets, in this order, and the values kept of each.
constexpr const char* kSearchFacets[] = {"year", "ipc_subclass", "applicant"};
constexpr uint32_t kSearchFacetValues = 10;

// The facets of a result as one CSV field, written the same way by the search
// peers of bench/ so the script compares them as strings:
//   year:2021=812,2020=790,… | ipc_subclass:H01M=1940,… | applicant:…=332,…
std::string FacetDigest(const patents::PatentSearchResult& result) {
  std::string out;
  for (const auto& [name, values] : result.facets) {
    if (!out.empty()) out += " | ";
    out += name + ':';
    for (size_t at = 0; at < values.size(); ++at) {
      if (at > 0) out += ',';
      out += values[at].value + '=' + std::to_string(values[at].count);
    }
  }
  return out;
}

// A landscape as one CSV field, for comparing runs: the years with filings, the top
// applicants, IPC subclasses and provinces with their counts.
std::string LandscapeDigest(const patents::Landscape& landscape) {
  std::string out = "years:";
  for (size_t at = 0; at < landscape.years.size(); ++at) {
    out += (at > 0 ? "," : "") + std::to_string(landscape.years[at]) + '=' +
           std::to_string(landscape.filings.application[at]);
  }
  out += " | applicant:";
  for (size_t at = 0; at < landscape.applicants.size(); ++at) {
    out += (at > 0 ? "," : "") + landscape.applicants[at].name + '=' +
           std::to_string(landscape.applicants[at].count);
  }
  const auto counts = [&](std::string_view name, const std::vector<patents::LandscapeCount>& list) {
    out += base::StrCat(" | ", name, ":");
    for (size_t at = 0; at < list.size() && at < kSearchFacetValues; ++at) {
      out += (at > 0 ? "," : "") + list[at].value + '=' + std::to_string(list[at].count);
    }
  };
  counts("ipc_subclass", landscape.ipc_subclass.top);
  counts("province", landscape.provinces);
  return out;
}

// `iphub search [QUERY] [--batch FILE] [--mode MODE]`: per query the exact
// count, the top ids (top10) or the facet counts (facets) and the microseconds
// the engine took, as CSV on standard output.
int RunSearch(Context& context, const std::vector<std::string>& queries,
              const std::string& batch_file, uint32_t limit, SearchMode mode) {
  auto index =
      patents::PatentIndex::Open(*context.database, IndexDirectory(context),
                                 base::SystemClock::Instance(), patents::IndexAccess::kReader);
  if (!index.ok()) return Fail(index.status());
  std::vector<std::string> lines = queries;
  if (!batch_file.empty()) {
    std::ifstream in(batch_file);
    if (!in) return Fail(absl::NotFoundError("cannot read " + batch_file));
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back(line);
    }
  }
  const bool facets = mode == SearchMode::kFacets || mode == SearchMode::kLandscape;
  std::printf("line,query,hits,top_ids,microseconds,error%s\n", facets ? ",facets" : "");
  int failures = 0;
  for (size_t at = 0; at < lines.size(); ++at) {
    const std::string& query = lines[at];
    if (std::string_view(query).find_first_not_of(" \t") == std::string_view::npos ||
        query.starts_with("#")) {
      continue;  // blank lines and comments
    }
    const auto started = std::chrono::steady_clock::now();
    absl::Status status;
    uint64_t hits = 0;
    std::string ids, digest;
    switch (mode) {
      case SearchMode::kCount: {
        absl::StatusOr<uint64_t> found = (*index)->Count(query);
        if (found.ok()) hits = *found;
        status = found.status();
        break;
      }
      case SearchMode::kTop10: {
        auto found = (*index)->TopKeys(query, limit);
        if (found.ok()) {
          hits = found->first;
          for (const std::string& key : found->second) ids += (ids.empty() ? "" : " ") + key;
        }
        status = found.status();
        break;
      }
      case SearchMode::kFacets: {
        patents::PatentSearchRequest request;
        request.query = query;
        request.limit = 0;
        request.facets.assign(std::begin(kSearchFacets), std::end(kSearchFacets));
        request.facet_limit = kSearchFacetValues;
        request.snippets = false;
        auto found = (*index)->Search(request);
        if (found.ok()) {
          hits = found->total;
          digest = FacetDigest(*found);
        }
        status = found.status();
        break;
      }
      case SearchMode::kLandscape: {
        auto found = (*index)->BuildLandscape({.query = query, .top = kSearchFacetValues});
        if (found.ok()) {
          hits = found->total;
          digest = LandscapeDigest(*found);
        }
        status = found.status();
        break;
      }
    }
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
    if (!status.ok()) {
      ++failures;
      std::printf("%zu,%s,,,%lld,%s%s\n", at + 1, CsvField(query).c_str(),
                  static_cast<long long>(micros), CsvField(std::string(status.message())).c_str(),
                  facets ? "," : "");
      continue;
    }
    std::printf("%zu,%s,%llu,%s,%lld,%s\n", at + 1, CsvField(query).c_str(),
                static_cast<unsigned long long>(hits), CsvField(ids).c_str(),
                static_cast<long long>(micros), facets ? (',' + CsvField(digest)).c_str() : "");
  }
  std::fflush(stdout);
  return failures > 0 ? 2 : 0;
}

}  // namespace

int Main(int argc, char** argv) {
  CommandLine command_line;
  CLI::App& app = command_line.app();

  CLI::App* serve = command_line.Subcommand(app, "serve", "serve the web app and the API");
  command_line.AddFlag(*serve, "port", "--port", "TCP port (default 8080; 0 picks a free one)");
  command_line.AddFlag(*serve, "listen", "--listen", "address to listen on (default 127.0.0.1)");
  command_line.AddFlag(*serve, "web_dir", "--web-dir", "built web app (default web/dist)");
  command_line.AddFlag(*serve, "threads", "--threads", "worker threads (default: 2 per core)");

  CLI::App* migrate = command_line.Subcommand(app, "migrate", "apply database migrations");
  CLI::App* demo = command_line.Subcommand(
      app, "demo",
      "load the demonstration province and accounts (and --patents N synthetic patents)");
  bool demo_list = false;
  demo->add_flag("--list", demo_list, "print the demo accounts without loading anything");
  int64_t demo_patents = 0;
  uint64_t demo_seed = 1;
  std::string demo_jsonl;
  bool demo_dry_run = false;
  demo->add_option("--patents", demo_patents,
                   "also load N synthetic demo patents; re-running with the same N and seed "
                   "changes nothing")
      ->check(CLI::Range(int64_t{0}, patents::kMaxCorpusDocuments));
  demo->add_option("--seed", demo_seed, "seed of the demo patents (default 1)");
  demo->add_option("--jsonl", demo_jsonl,
                   "write the demo patents as JSONL to this file ('-': standard output) "
                   "instead of loading them (no database)");
  demo->add_flag("--dry-run", demo_dry_run,
                 "only generate the demo patents in memory and report the speed (no database)");
  bool demo_market = false;
  demo->add_flag("--market", demo_market,
                 "also load the demo marketplace: patents of the demo enterprise and university "
                 "listed for transfer and licence, most approved, one pending review");

  CLI::App* user = command_line.Subcommand(app, "user", "manage accounts");
  user->require_subcommand(1);
  std::string username, password, role, display_name, region;
  int64_t organization_id = 0;
  bool password_stdin = false;
  CLI::App* user_add = command_line.Subcommand(*user, "add", "create an account");
  user_add->add_option("--username", username, "login name")->required();
  user_add->add_option("--password", password, "password");
  user_add->add_flag("--password-stdin", password_stdin, "read the password from standard input");
  user_add
      ->add_option("--role", role,
                   "platform_admin, official, org_admin, member, practitioner, expert")
      ->required();
  user_add->add_option("--display-name", display_name, "shown name (default: the username)");
  user_add->add_option("--region", region, "region code (officials)");
  user_add->add_option("--organization-id", organization_id, "organization (other roles)");
  CLI::App* user_passwd = command_line.Subcommand(*user, "passwd", "set an account's password");
  user_passwd->add_option("--username", username, "login name")->required();
  user_passwd->add_option("--password", password, "new password");
  user_passwd->add_flag("--password-stdin", password_stdin,
                        "read the password from standard input");
  CLI::App* user_list = command_line.Subcommand(*user, "list", "list accounts");

  CLI::App* audit = command_line.Subcommand(app, "audit", "audit log tools");
  audit->require_subcommand(1);
  CLI::App* audit_verify = command_line.Subcommand(
      *audit, "verify", "check the hash chain; exit 1 at the first bad entry");

  CLI::App* import = command_line.Subcommand(
      app, "import",
      "import patent files (USPTO and CNIPA XML, JSONL, CSV/TSV, XLSX, ZIP, registry JSON of\n  "
      "trademarks and copyrights); re-running resumes");
  std::vector<std::string> import_paths;
  std::string reject_report;
  int batch_size = 500;
  import->add_option("paths", import_paths, "files to import")
      ->required()
      ->check(CLI::ExistingFile);
  import->add_option("--report", reject_report,
                     "reject report (default <data-dir>/imports/rejects-<time>.jsonl)");
  import->add_option("--batch-size", batch_size, "records per transaction (default 500)")
      ->check(CLI::Range(1, 100000));

  CLI::App* index = command_line.Subcommand(app, "index", "search index tools");
  index->require_subcommand(1);
  CLI::App* index_rebuild = command_line.Subcommand(
      *index, "rebuild",
      "rebuild the search index and the similar-patents model from the database (stop the "
      "server first)");
  bool index_rebuild_no_similar = false;
  index_rebuild->add_flag("--no-similar", index_rebuild_no_similar,
                          "rebuild only the search index (the server rebuilds the model when "
                          "first asked for similar patents)");
  CLI::App* index_status = command_line.Subcommand(*index, "status", "show the search index");
  CLI::App* index_similar = command_line.Subcommand(
      *index, "similar", "rebuild only the similar-patents model (stop the server first)");

  CLI::App* watch_command = command_line.Subcommand(app, "watch", "watch tools");
  watch_command->require_subcommand(1);
  CLI::App* watch_evaluate = command_line.Subcommand(
      *watch_command, "evaluate",
      "index what was imported and evaluate every watch against it now, as a running server\n  "
      "does after each import (stop the server first); prints the cost per changed patent");

  CLI::App* search = command_line.Subcommand(
      app, "search",
      "search patents (docs/query-language.md); prints CSV: line, query, hits, top ids,\n  "
      "microseconds, error (and facets with --mode facets)");
  std::vector<std::string> search_queries;
  std::string search_batch;
  uint32_t search_limit = 10;
  SearchMode search_mode = SearchMode::kTop10;
  search->add_option("queries", search_queries, "queries");
  search->add_option("--batch", search_batch, "a file with one query per line ('#' comments)")
      ->check(CLI::ExistingFile);
  search->add_option("--limit", search_limit, "ids per query (default 10)")
      ->check(CLI::Range(0, 10000));
  search
      ->add_option("--mode", search_mode,
                   "count: exact hits only; top10: hits and the top --limit ids (default);\n  "
                   "facets: hits and the 10 most frequent years, IPC subclasses and applicants;\n  "
                   "landscape: hits and a navigation landscape of them (every chart's numbers)")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, SearchMode>{{"count", SearchMode::kCount},
                                            {"top10", SearchMode::kTop10},
                                            {"facets", SearchMode::kFacets},
                                            {"landscape", SearchMode::kLandscape}}));

  CLI::App* valuation = command_line.Subcommand(app, "valuation", "patent valuation tools");
  valuation->require_subcommand(1);
  CLI::App* valuation_score = command_line.Subcommand(
      *valuation, "score",
      "score every stored patent under one scenario, grade it within its cohort (IPC subclass\n  "
      "and filing year) and store the scores, replacing that scenario's previous ones");
  std::string valuation_scenario;
  std::string valuation_as_of;
  valuation_score->add_option("--scenario", valuation_scenario,
                              "transfer_licence, pledge_finance, tax, infringement_remedy or "
                              "portfolio_grading (default)");
  valuation_score->add_option("--as-of", valuation_as_of,
                              "the day valued, YYYY-MM-DD (default: today in Asia/Shanghai)");

  CLI::App* valuation_backtest = command_line.Subcommand(
      *valuation, "backtest",
      "does a high score at year N predict that a patent is still maintained at N+horizon?\n  "
      "Values the corpus as known on N-12-31, reads the status on (N+horizon)-12-31 and\n  "
      "prints Markdown tables per grade and decile (docs/valuation.md, \"Backtest\")");
  int backtest_year = 0;
  int backtest_horizon = 5;
  std::string backtest_scenario;
  valuation_backtest
      ->add_option("--year", backtest_year,
                   "N (default: the latest year whose outcome day has passed)")
      ->check(CLI::Range(1985, 2100));
  valuation_backtest->add_option("--horizon", backtest_horizon, "years after N (default 5)")
      ->check(CLI::Range(1, 30));
  valuation_backtest->add_option("--scenario", backtest_scenario,
                                 "the weights valued with (default portfolio_grading)");

  CLI::App* highvalue = command_line.Subcommand(
      app, "highvalue", "high-value invention patents: load the lists, count per region");
  highvalue->require_subcommand(1);
  std::string highvalue_file;
  std::map<CLI::App*, std::string> highvalue_loads;
  for (const auto& [name, list, what] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"load-sei", "sei",
            "replace the IPC -> strategic emerging industry concordance (JSONL: ipcCode, seiId)"},
           {"load-awards", "awards",
            "add China Patent Award / State S&T Award winners (CSV: number,award,year)"},
           {"load-pledges", "pledges",
            "add registered pledges (CSV: number,amount_fen,registration_date)"},
           {"load-population", "population",
            "add year-end resident population (NBS CSV in 10,000s: region,2024,2023,...)"}}) {
    CLI::App* load = command_line.Subcommand(*highvalue, name, what);
    load->add_option("file", highvalue_file, "the file")->required()->check(CLI::ExistingFile);
    highvalue_loads[load] = list;
  }
  CLI::App* highvalue_count = command_line.Subcommand(
      *highvalue, "count",
      "count domestic valid and high-value invention patents of a region and its children,\n  "
      "per category and per 10,000 people");
  std::string highvalue_region;
  std::string highvalue_as_of;
  int highvalue_year = 0;
  highvalue_count->add_option("--region", highvalue_region,
                              "GB/T 2260 code (default: the whole country, 000000)");
  highvalue_count->add_option("--as-of", highvalue_as_of,
                              "the day counted, YYYY-MM-DD (default: today in Asia/Shanghai)");
  highvalue_count
      ->add_option("--year", highvalue_year,
                   "population year (default: the latest stored up to the as-of year)")
      ->check(CLI::Range(1949, 2100));

  CLI::App* version = command_line.Subcommand(app, "version", "print the version");

  CLI11_PARSE(app, argc, argv);

  if (version->parsed()) {
    std::cout << "iphub " << Version() << "\n";
    return 0;
  }

  if (demo->parsed() && !demo_list && (demo_dry_run || !demo_jsonl.empty())) {
    if (demo_patents <= 0) {
      return Fail(absl::InvalidArgumentError("--jsonl and --dry-run need --patents N"));
    }
    return RunDemoExport(demo_patents, demo_seed, demo_dry_run ? "" : demo_jsonl);
  }

  auto context = Open(command_line, /*migrate=*/!audit_verify->parsed());
  if (!context.ok()) return Fail(context.status());

  if (migrate->parsed()) {
    std::cout << "database is up to date\n";
    return 0;
  }
  if (demo->parsed()) {
    auto result = LoadDemo(*context->accounts, demo_list ? DemoMode::kListOnly : DemoMode::kLoad);
    if (!result.ok()) return Fail(result.status());
    if (demo_list) {
      std::cout << "Demo accounts (present if `iphub demo` was run on this data directory):\n";
      for (const auto& account : result->accounts) {
        std::cout << "  " << account.username << "  " << account.password << "\n";
      }
      return 0;
    }
    PrintAccounts(*result);
    if (demo_market) {
      auto listed = LoadDemoMarket(*context->database, *context->accounts);
      if (!listed.ok()) return Fail(listed.status());
      std::printf("Demo marketplace: %d listings created\n", *listed);
    }
    if (demo_patents > 0) {
      const int rc = RunDemoPatents(*context, demo_patents, demo_seed);
      if (rc != 0) return rc;
      CatchUpIndexIfFree(*context, /*build_similar=*/true);
      // A fresh demo shows valuations with their grades at once.
      return RunValuationScore(*context, "", "");
    }
    return 0;
  }
  if (user_add->parsed()) {
    auth::UserInput input{.username = username,
                          .display_name = display_name.empty() ? username : display_name,
                          .password = ReadPassword(password, password_stdin),
                          .role = role};
    if (!region.empty()) input.region_code = region;
    if (organization_id > 0) input.organization_id = organization_id;
    auto created = context->accounts->CreateUser(nullptr, input);
    if (!created.ok()) return Fail(created.status());
    std::cout << "created user " << created->username << " (id " << created->id << ")\n";
    return 0;
  }
  if (user_passwd->parsed()) {
    auto target = context->accounts->FindUserByName(username);
    if (!target.ok()) return Fail(target.status());
    auto status = context->accounts->ResetPassword(nullptr, target->id,
                                                   ReadPassword(password, password_stdin));
    if (!status.ok()) return Fail(status);
    std::cout << "password of " << username << " changed; their sessions ended\n";
    return 0;
  }
  if (user_list->parsed()) {
    auto users = context->accounts->AllUsers();
    if (!users.ok()) return Fail(users.status());
    std::cout << "id\tusername\trole\tregion\torganization\tdisabled\n";
    for (const auto& u : *users) {
      std::cout << u.id << "\t" << u.username << "\t" << auth::RoleName(u.role) << "\t"
                << u.region_code.value_or("-") << "\t" << u.organization_name.value_or("-") << "\t"
                << (u.disabled ? "yes" : "no") << "\n";
    }
    return 0;
  }
  if (audit_verify->parsed()) {
    auto conn = context->database->Acquire();
    if (!conn.ok()) return Fail(conn.status());
    auto verification = auth::VerifyAudit(**conn);
    if (!verification.ok()) return Fail(verification.status());
    if (!verification->intact) {
      std::cout << "audit log broken at entry " << verification->broken_at << ": "
                << verification->reason << "\n";
      return 1;
    }
    std::cout << "audit log intact: " << verification->entries << " entries\n";
    return 0;
  }
  if (import->parsed()) {
    const int rc = RunImport(*context, import_paths, reject_report, batch_size);
    const bool index_free = CatchUpIndexIfFree(*context);
    if (rc == 0) SettleImport(*context, /*server_running=*/!index_free);
    return rc;
  }
  if (valuation_score->parsed()) {
    return RunValuationScore(*context, valuation_scenario, valuation_as_of);
  }
  if (valuation_backtest->parsed()) {
    return RunValuationBacktest(*context, backtest_scenario, backtest_year, backtest_horizon);
  }
  for (const auto& [load, list] : highvalue_loads) {
    if (load->parsed()) return RunHighValueLoad(*context, list, highvalue_file);
  }
  if (highvalue_count->parsed()) {
    return RunHighValueCount(*context, highvalue_region, highvalue_as_of, highvalue_year);
  }
  if (index_rebuild->parsed()) return RunIndexRebuild(*context, !index_rebuild_no_similar);
  if (index_status->parsed()) return RunIndexStatus(*context);
  if (index_similar->parsed()) return RunIndexSimilar(*context);
  if (watch_evaluate->parsed()) return RunWatchEvaluate(*context);
  if (search->parsed()) {
    if (search_queries.empty() && search_batch.empty()) {
      return Fail(absl::InvalidArgumentError("give a query or --batch FILE"));
    }
    return RunSearch(*context, search_queries, search_batch, search_limit, search_mode);
  }
  if (serve->parsed()) {
    const base::Config& config = context->config;
    int threads = config.threads > 0
                      ? config.threads
                      : static_cast<int>(std::max(2u, std::thread::hardware_concurrency()) * 2);
    http::ServerOptions options{
        .listen = config.listen,
        .port = config.port,
        .threads = threads,
        .body_limit_bytes = config.body_limit_bytes,
        .request_timeout_seconds = config.request_timeout_seconds,
        .web_dir = config.web_dir,
        .version = std::string(Version()),
        .handle_signals = true,
        .on_listening =
            [&config](int port) {
              std::cout << "iphub listening on http://" << config.listen << ":" << port
                        << std::endl;
            },
    };
    patents::PatentService patent_service(*context->database, base::SystemClock::Instance(),
                                          config.data_dir + "/uploads");
    auto search_index =
        patents::PatentIndex::Open(*context->database, IndexDirectory(*context),
                                   base::SystemClock::Instance(), patents::IndexAccess::kWriter);
    if (!search_index.ok()) return Fail(search_index.status());
    (*search_index)->Follow();  // imports become searchable within a poll interval
    // Imports are valued in a batch once they settle (docs/valuation.md, "When scores refresh").
    analytics::ValuationService valuation_service(*context->database,
                                                  base::SystemClock::Instance());
    // Search sorts and filters by the default scenario's stored value scores, loaded now and
    // after each batch (patents::ValueScores).
    patents::PatentIndex* index = search_index->get();
    const auto load_value_scores = [&valuation_service, index] {
      auto scores = std::make_shared<patents::ValueScores>(
          std::string(analytics::ScenarioId(analytics::kDefaultScenario)));
      const absl::Status read = valuation_service.ForEachTotal(
          analytics::kDefaultScenario,
          [&scores](std::string_view number, double total) { scores->Add(number, total); });
      if (!read.ok()) {
        spdlog::error("value scores for search: {}", std::string(read.message()));
      } else if (scores->size() > 0) {
        index->SetValueScores(std::move(scores));
      }
    };
    load_value_scores();
    // Deals whose recordal an import brings are recorded and closed by the same trigger.
    market::DealService deal_service(*context->database, base::SystemClock::Instance());
    ScoreRefresher score_refresher(
        valuation_service,
        {.follow_ups = {[&deal_service] {
           auto recorded = deal_service.SweepRecordals();
           if (!recorded.ok()) {
             spdlog::error("deal recordals: {}", std::string(recorded.status().message()));
           } else if (*recorded > 0) {
             spdlog::info("deal recordals: {} deal(s) recorded and closed", *recorded);
           }
         }},
         .after_scores = {load_value_scores}});
    score_refresher.Start();
    // Watches turn what the index has applied into alerts and mail (src/iphub/watch/).
    auto smtp = watch::SmtpOptionsFromEnvironment();
    if (!smtp.ok()) return Fail(smtp.status());
    watch::WatchRunner watch_runner(*context->database, **search_index,
                                    base::SystemClock::Instance(), *smtp);
    watch_runner.Start();
    http::Server server(options, BuildRouter(*context->database, *context->accounts, patent_service,
                                             **search_index, context->config));
    auto status = server.Run();
    if (!status.ok()) return Fail(status);
    spdlog::info("iphub stopped");
    return 0;
  }
  return 0;
}

}  // namespace iphub::app

int main(int argc, char** argv) { return iphub::app::Main(argc, argv); }
