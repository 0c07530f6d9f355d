// SQL of the valuation service. Functions take the caller's connection (and so its
// transaction); they check no permission — that is the service's job.
//
// Tables: valuation_scores (migrations/0001_valuations.sql), one row per patent and
// scenario. The batch also reads the patents module's tables `patents` and
// `patent_citations` directly: patents/store.h offers a look-up by number and lists of
// one page, but no way to stream every record of the corpus in id order nor to count the
// citations of every document at once, and both are what a batch over the whole corpus
// needs. Those reads are kept here, in one file, and only read.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/db/database.h"

namespace iphub::analytics::store {

// --- reading the corpus (patents module's tables) -------------------------------------

// One stored patent as the batch reads it: its row id, its number key (what citations of
// it name, patents/numbers.h PatentDocumentKey) and its record as JSON text.
struct PatentRecord {
  int64_t id = 0;
  std::string number_key{};
  std::string record{};
};

// At most `limit` patents with after_id < id <= up_to_id, in id order.
absl::StatusOr<std::vector<PatentRecord>> PatentsAfter(db::Connection& conn, int64_t after_id,
                                                       int64_t up_to_id, int64_t limit);

// Calls `visit` for every patent with id <= up_to_id, in id order, reading `page_size`
// records per query (a page in memory, not the corpus); stops at the first error `visit`
// returns, and returns it.
absl::Status ForEachPatent(db::Connection& conn, int64_t up_to_id, int64_t page_size,
                           const std::function<absl::Status(const PatentRecord&)>& visit);

// The largest patent id (0 when there is none).
absl::StatusOr<int64_t> MaxPatentId(db::Connection& conn);

// Forward citations of stored documents: for each number key of a stored patent that
// some stored document cites, the number of citing documents published on or before
// `as_of` (or undated). Keys greater than `after_key`, ascending, at most `limit`; a
// document cited by none is absent.
absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> ForwardCitationsAfter(
    db::Connection& conn, std::string_view as_of, std::string_view after_key, int64_t limit);

// The same count for one key (0 when nothing cites it).
absl::StatusOr<int64_t> ForwardCitationsOf(db::Connection& conn, std::string_view key,
                                           std::string_view as_of);

// The row id of the stored patent with this exact publication number.
// NotFound when there is none.
absl::StatusOr<int64_t> PatentIdOf(db::Connection& conn, std::string_view publication_number);

// The last change of the patents table (patents/migrations: patent_changes): its seq and
// at_ms; {0, 0} when there is none.
struct PatentChange {
  int64_t seq = 0;
  int64_t at_ms = 0;
};
absl::StatusOr<PatentChange> LatestPatentChange(db::Connection& conn);

// --- stored scores ---------------------------------------------------------------------

struct StoredScore {
  int64_t patent_id = 0;
  std::string scenario{};
  double total = 0;
  double legal = 0;
  double technical = 0;
  double economic = 0;
  std::string cohort_key{};            // "" when in no cohort
  std::optional<double> percentile{};  // absent when in no cohort
  std::optional<std::string> grade{};  // "A".."E"; absent when in no cohort
  int64_t forward_citations = 0;
  std::vector<std::string> family_countries{};  // the family's other countries
  std::string as_of{};
  int64_t computed_at = 0;  // Unix ms
};

// Replacing a scenario's scores is DeleteScores, then InsertScores chunk by chunk, inside
// one transaction: a failure part way poisons the transaction, and its rollback leaves the
// previous scores.
absl::Status DeleteScores(db::Connection& conn, std::string_view scenario);
// Inserts `scores` in multi-row statements.
absl::Status InsertScores(db::Connection& conn, std::span<const StoredScore> scores);

// Every stored score of one patent (one per scenario scored), most recently computed first.
absl::StatusOr<std::vector<StoredScore>> ScoresOfPatent(db::Connection& conn, int64_t patent_id);

// The stored forward-citation counts of the cohort `cohort_key` under `scenario`'s
// latest batch, leaving out patent `except_patent_id`.
absl::StatusOr<std::vector<int64_t>> CohortForwardCitations(db::Connection& conn,
                                                            std::string_view scenario,
                                                            std::string_view cohort_key,
                                                            int64_t except_patent_id);

// The scenarios that have stored scores, ascending.
absl::StatusOr<std::vector<std::string>> ScoredScenarios(db::Connection& conn);

// The latest computed_at of `scenario`'s scores; nullopt when it has none.
absl::StatusOr<std::optional<int64_t>> LatestComputedAt(db::Connection& conn,
                                                        std::string_view scenario);

// How many scores of `scenario` are stored.
absl::StatusOr<int64_t> CountScores(db::Connection& conn, std::string_view scenario);

// The total score of every patent scored under `scenario`, by publication number, calling
// `visit` once per row (1,000,000 rows are not held twice).
absl::Status ForEachTotal(db::Connection& conn, std::string_view scenario,
                          const std::function<void(std::string_view, double)>& visit);

// --- users' weight sets (migrations/0004_valuation_weight_sets.sql) ---------------------

// A stored weight set as its row holds it; the service reads `weights` (JSON text of every id
// with its basis points) and `base_scenario`.
struct StoredWeightSet {
  int64_t id = 0;
  int64_t owner_id = 0;
  std::string name{};
  std::string base_scenario{};
  std::string weights{};
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// Returns the new id; created_at = updated_at = now. AlreadyExists when the owner has a set of
// that name (the unique index).
absl::StatusOr<int64_t> InsertWeightSet(db::Connection& conn, const StoredWeightSet& set,
                                        int64_t now);
// NotFound when there is no set `id`.
absl::StatusOr<StoredWeightSet> GetWeightSet(db::Connection& conn, int64_t id);
// Writes name, base_scenario and weights of set.id, and updated_at = now.
absl::Status UpdateWeightSet(db::Connection& conn, const StoredWeightSet& set, int64_t now);
absl::Status DeleteWeightSet(db::Connection& conn, int64_t id);
// Whether `owner_id` has a set named `name` other than `except_id`.
absl::StatusOr<bool> WeightSetNameTaken(db::Connection& conn, int64_t owner_id,
                                        std::string_view name, int64_t except_id);
// The owner's sets, oldest first (by id; names would sort differently in SQLite and
// PostgreSQL): at most `limit` from `offset`, and how many there are.
struct WeightSetRows {
  int64_t total = 0;
  std::vector<StoredWeightSet> items{};
};
absl::StatusOr<WeightSetRows> ListWeightSets(db::Connection& conn, int64_t owner_id, int64_t limit,
                                             int64_t offset);

}  // namespace iphub::analytics::store
