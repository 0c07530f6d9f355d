// `iphub demo`: a demonstration province (Shandong, 370000) with offices at
// every tier, organisations of each type and their accounts, and with
// `--patents N` a corpus of synthetic patents (patents/demo_corpus.h).
// Idempotent: a second run finds the accounts and the patents and changes nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/auth/service.h"
#include "iphub/db/database.h"
#include "iphub/patents/demo_corpus.h"

namespace iphub::app {

struct DemoAccount {
  std::string username;
  std::string password;
  std::string role;
  std::string scope;  // region or organisation, for the printout
};

struct DemoResult {
  bool created = false;  // false: it was there already
  std::vector<DemoAccount> accounts;
};

// Only kLoad writes; kListOnly returns the account list for printing.
enum class DemoMode { kLoad, kListOnly };
absl::StatusOr<DemoResult> LoadDemo(auth::AccountService& accounts, DemoMode mode);

// The marketplace of the demo: a few granted patents of the demo enterprise and
// university (numbers CN11999900xB, their own, not the synthetic corpus'), listed
// for transfer, licence and open licence, most approved by the city's official
// and one waiting for review. Needs LoadDemo's accounts; does nothing when the
// demo listings are there already. Returns the listings created.
absl::StatusOr<int> LoadDemoMarket(db::Database& database, auth::AccountService& accounts);

// Upserts `count` demo patents generated from `seed` (patents::LoadCorpus, in
// transactions of 1000); `progress` gets the documents done after each batch.
absl::StatusOr<patents::CorpusLoadSummary> LoadDemoPatents(
    db::Database& database, int64_t count, uint64_t seed,
    const std::function<void(int64_t done)>& progress);

// Generates the same documents without a database: writes them to `out` as
// JSONL (docs/formats/patent-jsonl.md), or only generates them when `out` is
// null (to time the generator). Returns the documents written and bytes.
struct DemoExportSummary {
  int64_t documents = 0;
  int64_t bytes = 0;
  double seconds = 0;
};
absl::StatusOr<DemoExportSummary> ExportDemoPatents(
    int64_t count, uint64_t seed, std::ostream* out,
    const std::function<void(int64_t done)>& progress);

}  // namespace iphub::app
