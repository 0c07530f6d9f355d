// Does a high valuation at year N predict that a patent is still maintained at year N+h?
// The tabulation of a backtest (docs/valuation.md, "Backtest"): patents with the score they
// had on N-12-31 and whether they were still in force on (N+h)-12-31, counted per grade and
// per decile of the score, with an exact rank statistic for the model and for two naive
// baselines so the reader can see whether the model adds anything.
//
//   std::vector<BacktestCase> cases = ...;   // ValuationService::Backtest builds them
//   BacktestTable table = TabulateBacktest(cases);
//   table.by_grade[0].maintained;             // grade A patents still in force
//   table.auc_model;                          // P(maintained scores higher than ended), ties ½
//   std::string markdown = BacktestMarkdown(report);
//
// Thread-safety: free functions over values.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "iphub/analytics/valuation.h"

namespace iphub::analytics {

// One patent of a backtest: what was known of it on the valuation day, and the outcome.
struct BacktestCase {
  double total = 0;                 // the valuation's total on the valuation day
  std::optional<Grade> grade{};     // within its cohort on that day; absent: in no cohort
  int64_t claims = 0;               // legal.claims value (0 when unknown): baseline 1
  int64_t remaining_term_days = 0;  // legal.remaining_term value: baseline 2
  bool maintained = false;          // still valid on the outcome day (else lapsed, surrendered …)
};

// One row of a table: patents, of them maintained; the rate is maintained / patents.
struct BacktestRow {
  int64_t patents = 0;
  int64_t maintained = 0;
};

struct BacktestTable {
  int64_t patents = 0;
  int64_t maintained = 0;
  std::array<BacktestRow, 5> by_grade{};  // A … E
  BacktestRow ungraded{};                 // in no cohort
  // Deciles of the total over all the cases: decile d (0 lowest … 9 highest) holds the cases
  // whose percentile rank P (as RankWithinCohort computes it over every total) has
  // 10·d ≤ P < 10·(d+1); equal totals fall in the same decile, so deciles can differ in size.
  std::array<BacktestRow, 10> by_decile{};
  // MannWhitneyAuc of the total, of the claims count alone and of the remaining term alone;
  // absent when the cases are all maintained or all ended.
  std::optional<double> auc_model{};
  std::optional<double> auc_claims{};
  std::optional<double> auc_remaining_term{};
};

// The probability that a randomly drawn positive case scores higher than a randomly drawn
// negative one, a tie counting ½ (the Mann–Whitney U over P·N, the area under the ROC
// curve). Computed exactly: twice U is summed as an integer over the groups of equal
// scores, then divided once. `scores` and `positive` have the same length; nullopt when
// there is no positive or no negative case. O(n log n).
std::optional<double> MannWhitneyAuc(std::span<const double> scores,
                                     std::span<const bool> positive);

BacktestTable TabulateBacktest(std::span<const BacktestCase> cases);

// What a backtest run looked at and found.
struct BacktestReport {
  Scenario scenario = Scenario::kPortfolioGrading;
  int year = 0;              // N
  int horizon = 0;           // h
  std::string as_of{};       // N-12-31: the valuation day
  std::string outcome_on{};  // (N+h)-12-31: the outcome day
  int64_t documents = 0;     // documents published by as_of: valued, and ranked in cohorts
  int64_t in_force = 0;      // of them, CN invention grants and utility models valid on as_of
  // Left out of the tables, of those in force:
  int64_t term_ends = 0;          // their term ends by the outcome day (whatever happened first)
  int64_t term_ends_ended = 0;    // of those, ended before their term (lapse, surrender …)
  int64_t other_outcome = 0;      // status on the outcome day neither valid nor ended
  int64_t ended_lapsed = 0;       // of the tabulated not maintained: lapsed (unpaid fees)
  int64_t ended_abandoned = 0;    //   surrendered
  int64_t ended_invalidated = 0;  //   invalidated in full
  int64_t us_grants = 0;          // US grants valid on as_of: no maintenance data, left out
  int64_t unreadable = 0;         // stored records that could not be read
  BacktestTable table{};
  double seconds = 0;
};

// The report as Markdown: a short setup paragraph, the per-grade and per-decile tables and
// the rank statistics. No trailing blank line.
std::string BacktestMarkdown(const BacktestReport& report);

}  // namespace iphub::analytics
