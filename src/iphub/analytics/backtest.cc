#include "iphub/analytics/backtest.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <numeric>

#include "iphub/base/strings.h"

namespace iphub::analytics {
namespace {

void Count(BacktestRow& row, bool maintained) {
  ++row.patents;
  if (maintained) ++row.maintained;
}

std::string Rate(const BacktestRow& row) {
  if (row.patents == 0) return "–";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %%",
                100.0 * static_cast<double>(row.maintained) / static_cast<double>(row.patents));
  return text;
}

std::string Auc(const std::optional<double>& auc) {
  if (!auc) return "–";
  char text[32];
  std::snprintf(text, sizeof text, "%.4f", *auc);
  return text;
}

std::string TableRow(std::string_view label, const BacktestRow& row) {
  return base::StrCat("| ", label, " | ", row.patents, " | ", row.maintained, " | ", Rate(row),
                      " |\n");
}

}  // namespace

std::optional<double> MannWhitneyAuc(std::span<const double> scores,
                                     std::span<const bool> positive) {
  const size_t size = std::min(scores.size(), positive.size());
  std::vector<size_t> order(size);
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(),
            [&scores](size_t left, size_t right) { return scores[left] < scores[right]; });
  // Twice U: each positive counts 2 for every lower negative and 1 for every equal one.
  int64_t twice_u = 0;
  int64_t negatives_below = 0;
  int64_t positives_total = 0;
  for (size_t begin = 0; begin < size;) {
    size_t end = begin;
    int64_t group_positives = 0;
    int64_t group_negatives = 0;
    while (end < size && scores[order[end]] == scores[order[begin]]) {
      if (positive[order[end]]) {
        ++group_positives;
      } else {
        ++group_negatives;
      }
      ++end;
    }
    twice_u += group_positives * (2 * negatives_below + group_negatives);
    negatives_below += group_negatives;
    positives_total += group_positives;
    begin = end;
  }
  if (positives_total == 0 || negatives_below == 0) return std::nullopt;
  return static_cast<double>(twice_u) /
         (2.0 * static_cast<double>(positives_total) * static_cast<double>(negatives_below));
}

BacktestTable TabulateBacktest(std::span<const BacktestCase> cases) {
  BacktestTable table;
  std::vector<double> totals;
  std::vector<double> claims;
  std::vector<double> remaining;
  std::vector<bool> maintained_flags;
  totals.reserve(cases.size());
  for (const BacktestCase& item : cases) {
    ++table.patents;
    if (item.maintained) ++table.maintained;
    if (item.grade) {
      Count(table.by_grade[static_cast<size_t>(*item.grade)], item.maintained);
    } else {
      Count(table.ungraded, item.maintained);
    }
    totals.push_back(item.total);
    claims.push_back(static_cast<double>(item.claims));
    remaining.push_back(static_cast<double>(item.remaining_term_days));
    maintained_flags.push_back(item.maintained);
  }
  const std::vector<CohortRank> ranks = RankWithinCohort(totals);
  for (size_t pos = 0; pos < cases.size(); ++pos) {
    const auto decile = std::clamp<int64_t>(static_cast<int64_t>(ranks[pos].percentile / 10), 0, 9);
    Count(table.by_decile[static_cast<size_t>(decile)], cases[pos].maintained);
  }
  // std::vector<bool> has no contiguous storage: copy into a plain array for the span.
  const std::unique_ptr<bool[]> flags(new bool[maintained_flags.size()]);
  std::copy(maintained_flags.begin(), maintained_flags.end(), flags.get());
  const std::span<const bool> positive(flags.get(), maintained_flags.size());
  table.auc_model = MannWhitneyAuc(totals, positive);
  table.auc_claims = MannWhitneyAuc(claims, positive);
  table.auc_remaining_term = MannWhitneyAuc(remaining, positive);
  return table;
}

std::string BacktestMarkdown(const BacktestReport& report) {
  const BacktestTable& table = report.table;
  std::string out = base::StrCat(
      "Scenario `", ScenarioId(report.scenario), "`, valued on ", report.as_of,
      " with what was known that day; outcome on ", report.outcome_on, " (horizon ", report.horizon,
      " years).\n\n", "- documents published by ", report.as_of, ": ", report.documents,
      " (valued, and ranked within their cohorts)\n",
      "- CN invention grants and utility models in force on ", report.as_of, ": ", report.in_force,
      "\n", "- left out: term ends by ", report.outcome_on, ": ", report.term_ends, " (",
      report.term_ends_ended, " of them ended earlier); outcome neither ",
      "valid nor ended: ", report.other_outcome,
      "; US grants in force (no maintenance data): ", report.us_grants,
      "; unreadable records: ", report.unreadable, "\n", "- tabulated: ", table.patents,
      ", maintained ", table.maintained, " (",
      Rate({.patents = table.patents, .maintained = table.maintained}),
      "); not maintained: ", report.ended_lapsed, " lapsed, ", report.ended_abandoned,
      " surrendered, ", report.ended_invalidated, " invalidated\n\n");
  base::StrAppend(&out,
                  "| grade in cohort | patents | maintained | rate |\n|---|---:|---:|---:|\n");
  for (size_t grade = 0; grade < table.by_grade.size(); ++grade) {
    base::StrAppend(&out, TableRow(GradeId(static_cast<Grade>(grade)), table.by_grade[grade]));
  }
  base::StrAppend(&out, TableRow("no cohort", table.ungraded), "\n");
  base::StrAppend(&out,
                  "| decile of total | patents | maintained | rate |\n|---|---:|---:|---:|\n");
  for (size_t decile = 0; decile < table.by_decile.size(); ++decile) {
    const std::string label = decile == 0   ? std::string("1 (lowest)")
                              : decile == 9 ? std::string("10 (highest)")
                                            : base::StrCat(decile + 1);
    base::StrAppend(&out, TableRow(label, table.by_decile[decile]));
  }
  base::StrAppend(&out,
                  "\n| ranked by | P(maintained ranks above not maintained), ties ½ |\n"
                  "|---|---:|\n| valuation total | ",
                  Auc(table.auc_model), " |\n| claims count alone | ", Auc(table.auc_claims),
                  " |\n| remaining term alone | ", Auc(table.auc_remaining_term), " |");
  return out;
}

}  // namespace iphub::analytics
