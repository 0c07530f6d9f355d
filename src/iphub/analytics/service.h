// What the API, the CLI and the web app do with valuations (价值评估): score the whole
// corpus in one batch and store the scores with their grade in the cohort; explain one
// patent's score indicator by indicator; price a patent by relief from royalty.
//
//   ValuationService service(database, clock);
//   IPHUB_ASSIGN_OR_RETURN(ScoreSummary summary,
//                          service.ScoreAll(Scenario::kPortfolioGrading, "2026-06-30"));
//   IPHUB_ASSIGN_OR_RETURN(Explanation why,
//                          service.Explain(caller, "CN104223590A", "pledge_finance", ""));
//   why.valuation.indicators[0].contribution;   // points of why.valuation.total
//   why.rank->grade;                            // "B": within "G06F/2014", from the batch
//   IPHUB_ASSIGN_OR_RETURN(WeightSet mine, service.CreateWeightSet(&caller,
//       {.name = "质押看重法律", .base_scenario = "pledge_finance",
//        .weights = {{{"legal", 6000}, {"technical", 2000}, {"economic", 2000}}}}));
//   service.Explain(&caller, {.number = "CN104223590A", .weight_set_id = mine.id,
//                             .market = {.annual_revenue_fen = 500'000'000}});
//
// Where the corpus facts come from (docs/valuation.md, "API and batch"):
//  - forward citations: documents in the corpus citing the patent (patent_citations), that
//    were published on or before as_of (or are undated);
//  - the citation cohort and the family's countries: the batch computes them from the whole
//    corpus and stores them with each score; an explanation reads them back from the stored
//    row of the patent (the asked scenario's, else the most recent) and from the stored
//    rows of its cohort. Before any batch has run, or for a patent imported since, they are
//    unknown: technical.forward_citations says `known: false` and only the patent's own and
//    priority countries count.
//
// Access: reading a valuation is reading a patent (public, auth::Authorize on patents);
// weight sets are their owner's alone (anyone else's is NotFound, as if it did not exist);
// the royalty estimate needs a logged-in caller (Unauthenticated otherwise). A batch run
// is the system's (the CLI) and is audited as `valuation.score` with its counts.
//
// Thread-safe: each call borrows its own connection.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/analytics/backtest.h"
#include "iphub/analytics/royalty.h"
#include "iphub/analytics/valuation.h"
#include "iphub/auth/model.h"
#include "iphub/base/clock.h"
#include "iphub/db/database.h"

namespace iphub::analytics {

// The scenario a request names: "" is kDefaultScenario; InvalidArgument (field
// `field`) for an id that is not one of the five.
inline constexpr Scenario kDefaultScenario = Scenario::kPortfolioGrading;
absl::StatusOr<Scenario> ParseScenario(std::string_view id, std::string_view field = "scenario");

// What one batch run did.
struct ScoreSummary {
  Scenario scenario = kDefaultScenario;
  std::string as_of{};
  int64_t patents = 0;              // scored and stored
  int64_t unreadable = 0;           // stored records that could not be read, left out (logged)
  int64_t cohorts = 0;              // distinct cohorts among the scored patents
  int64_t ungraded = 0;             // patents in no cohort (no IPC subclass or no filing year)
  std::array<int64_t, 5> grades{};  // patents graded A, B, C, D, E
  int64_t cited = 0;                // patents cited at least once
  double seconds = 0;               // the whole run
  double read_seconds = 0;          // of it: counting citations, reading and scoring
  double write_seconds = 0;         // of it: replacing the stored scores
};

// A patent's stored grade within its cohort, from the batch of one scenario.
struct CohortStanding {
  std::string scenario{};
  std::string cohort_key{};
  double percentile = 0;
  std::string grade{};
  double total = 0;  // the total the batch ranked (as of the batch's as_of)
  std::string as_of{};
  int64_t computed_at = 0;
};

// Where the corpus facts of an explanation come from.
struct CorpusFacts {
  int64_t forward_citations = 0;                // counted now, as of the explanation's as_of
  std::string cohort_key{};                     // CohortKey of the patent; "" when none
  std::optional<int64_t> cohort_size{};         // absent when the cohort is unknown
  std::vector<std::string> family_countries{};  // other countries of the family (stored)
  // The stored batch row the cohort and family came from; absent when there was none.
  std::optional<std::string> batch_scenario{};
  std::optional<std::string> batch_as_of{};
  std::optional<int64_t> batch_computed_at{};
};

// A user's own weights (docs/valuation.md, "Saved weight sets"): named, private to the owner,
// started from a scenario preset.
struct WeightSet {
  int64_t id = 0;
  int64_t owner_id = 0;
  std::string name{};
  Scenario base_scenario = kDefaultScenario;
  Weights weights{};  // passes ValidateWeights
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// Fields of a weight set to set; absent ones keep their value (on creation: the defaults).
//  - name: required on creation; trimmed, 1..kMaxWeightSetNameChars characters, one line,
//    unique among the owner's sets (AlreadyExists, field "name").
//  - base_scenario: default kDefaultScenario.
//  - weights: dimension and indicator ids with basis points that replace those of the
//    starting point — the base scenario's preset on creation or when base_scenario is given,
//    else the stored weights. The result must pass ValidateWeights (InvalidArgument naming
//    "weights.legal.claims", "weights.legal", "weights"); an unknown id is refused likewise.
struct WeightSetInput {
  std::optional<std::string> name{};
  std::optional<std::string> base_scenario{};
  std::optional<std::vector<std::pair<std::string, int64_t>>> weights{};
};
inline constexpr size_t kMaxWeightSetNameChars = 100;

struct WeightSetPage {
  int64_t total = 0;
  std::vector<WeightSet> items{};  // oldest first
};

// What an explanation is asked for (GET /api/v1/patents/{number}/valuation).
struct ExplainRequest {
  std::string number{};       // any usual way of writing it
  std::string scenario_id{};  // "" is kDefaultScenario
  // A weight set of the caller's in place of the scenario's preset (then scenario_id must be
  // ""); its base scenario's batch gives the corpus facts, and there is no rank.
  std::optional<int64_t> weight_set_id{};
  std::string as_of{};    // "" is today
  MarketInputs market{};  // the caller's figures for economic.product_revenue / market_share
};

struct Explanation {
  std::string publication_number{};
  // The preset weighed by, or the base scenario of `weight_set`.
  Scenario scenario = kDefaultScenario;
  // The caller's weight set the valuation is weighed by; absent: the scenario's preset.
  std::optional<WeightSet> weight_set{};
  MarketInputs market{};  // the market inputs used (as given)
  Valuation valuation{};  // every indicator, the dimensions and the total, computed now
  CorpusFacts corpus{};
  // The stored percentile and grade under `scenario`; absent when that scenario's batch
  // has not scored this patent, the patent is in no cohort, or a weight set weighs it (the
  // batch ranks preset totals only).
  std::optional<CohortStanding> rank{};
};

// A royalty estimate as the API asks for it.
struct RoyaltyRequest {
  // Rates, revenue and sensitivity as royalty.h reads them. economic_life_years 0: as many
  // years as the revenue forecast has (the library refuses more than 50).
  RoyaltyInputs inputs{};
  // When given, the patent (any usual way of writing its number) whose remaining legal term
  // caps the years; it must be valid or pending on as_of.
  std::string publication_number{};
  std::string as_of{};  // "" → today in Asia/Shanghai
};

struct RoyaltyAnswer {
  std::string as_of{};
  std::string publication_number{};  // the stored publication valued, "" without a patent
  std::string legal_term_end{};      // its expiry date, "" when none applies
  RoyaltyValuation valuation{};
};

// A backtest as the CLI asks for it (docs/valuation.md, "Backtest").
struct BacktestRequest {
  Scenario scenario = kDefaultScenario;
  // N: the patents are valued on N-12-31. 0: the latest year whose outcome day has passed,
  // today's year − horizon − 1.
  int year = 0;
  int horizon = 5;  // h, 1..30: the outcome is read on (N+h)-12-31
};

class ValuationService {
 public:
  ValuationService(db::Database& database, base::Clock& clock);

  // Scores every stored patent under `scenario` on `as_of` ("YYYY-MM-DD"; InvalidArgument,
  // field "as_of", otherwise), grades each within its cohort, and replaces the stored
  // scores of that scenario in one transaction with its audit entry (a failure leaves the
  // previous scores and no entry). Reads the corpus twice in id order, a page at a time,
  // keeping a few numbers per patent; patents imported while it runs wait for the next run.
  absl::StatusOr<ScoreSummary> ScoreAll(Scenario scenario, std::string_view as_of);

  // Batch scoring after imports (docs/valuation.md, "When scores refresh").
  //
  // The last patent_changes seq (0 when no patent was ever stored): it moves whenever an
  // import inserts or changes a patent.
  absl::StatusOr<int64_t> LatestPatentChange();
  // True when patents are stored and the default scenario's scores are missing, or a patent
  // changed at or after the time they were computed (patent_changes.at_ms ≥ computed_at).
  absl::StatusOr<bool> ScoresOutdated();
  // ScoreAll as of today for kDefaultScenario and for every other scenario that has stored
  // scores, in scenario order; stops at the first failure.
  absl::StatusOr<std::vector<ScoreSummary>> RefreshScores();
  // Every stored total of `scenario` by publication number, one call of `visit` each (what
  // search sorts and filters by: patents::ValueScores).
  absl::Status ForEachTotal(Scenario scenario,
                            const std::function<void(std::string_view, double)>& visit);

  // Values every patent as of N-12-31 with what was known that day and tabulates whether
  // the CN invention grants and utility models in force then were still in force on
  // (N+h)-12-31 (backtest.h; the method in docs/valuation.md). Reads the corpus twice, as
  // ScoreAll does; stores nothing. InvalidArgument naming "horizon" (outside 1..30) or
  // "year" (before 1985, or an outcome day after today).
  absl::StatusOr<BacktestReport> Backtest(const BacktestRequest& request);

  // One patent's valuation with its reasons. `number` is written any usual way (as for
  // /api/v1/patents/{number}); `scenario_id` "" is kDefaultScenario; `as_of` "" is today.
  // InvalidArgument naming the field ("scenario", "as_of", "number"); NotFound when no
  // such patent is stored.
  absl::StatusOr<Explanation> Explain(const auth::Principal* caller, std::string_view number,
                                      std::string_view scenario_id, std::string_view as_of);
  // The same with a weight set or market inputs. Besides the above: InvalidArgument naming
  // "weights" when both a scenario and a weight set are given, "revenue_fen" (negative) or
  // "market_share_bp" (outside 0..10000); Unauthenticated for a weight set without a caller;
  // NotFound when the weight set is not the caller's.
  absl::StatusOr<Explanation> Explain(const auth::Principal* caller, const ExplainRequest& request);

  // --- saved weight sets: the owner's only; anyone else's is NotFound, a null caller is
  // Unauthenticated. Each change commits with its audit entry
  // (valuation_weights.create|update|delete).
  absl::StatusOr<WeightSet> CreateWeightSet(const auth::Principal* caller,
                                            const WeightSetInput& input);
  absl::StatusOr<WeightSet> GetWeightSet(const auth::Principal* caller, int64_t id);
  absl::StatusOr<WeightSetPage> ListWeightSets(const auth::Principal* caller, int64_t limit,
                                               int64_t offset);
  absl::StatusOr<WeightSet> UpdateWeightSet(const auth::Principal* caller, int64_t id,
                                            const WeightSetInput& input);
  absl::Status DeleteWeightSet(const auth::Principal* caller, int64_t id);

  // A relief-from-royalty estimate (royalty.h). Unauthenticated for a null caller;
  // InvalidArgument naming the field; with a patent: NotFound when it is not stored,
  // FailedPrecondition when it is not in force on as_of.
  absl::StatusOr<RoyaltyAnswer> Royalty(const auth::Principal* caller, RoyaltyRequest request);

  // Today in Asia/Shanghai, the default as_of.
  std::string Today() const;

 private:
  db::Database& database_;
  base::Clock& clock_;
};

}  // namespace iphub::analytics
