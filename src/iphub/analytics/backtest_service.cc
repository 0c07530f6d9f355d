// ValuationService::Backtest (service.h): the corpus as it was known on N-12-31, valued as the
// batch would have valued it that day, and the outcome on (N+h)-12-31. The method and its
// choices are in docs/valuation.md, "Backtest".
#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

#include "iphub/analytics/backtest.h"
#include "iphub/analytics/corpus_facts.h"
#include "iphub/analytics/service.h"
#include "iphub/analytics/store.h"
#include "iphub/base/civil_date.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/patents/importers/jsonl.h"
#include "iphub/patents/legal_status.h"
#include "spdlog/spdlog.h"

namespace iphub::analytics {
namespace {

constexpr int64_t kRecordsPerPage = 500;
constexpr int32_t kNone = internal::CorpusFacts::kNone;
constexpr int kFirstYear = 1985;  // the first CN patent law
constexpr int kMaxHorizon = 30;

// What the backtest keeps of one document known on the valuation day.
struct Known : internal::CorpusFacts::Entry {
  double total = 0;
  bool valued = false;
  int32_t case_index = internal::CorpusFacts::kNone;  // its BacktestCase, when tabulated
};

absl::StatusOr<patents::Patent> ReadRecord(const store::PatentRecord& row) {
  absl::StatusOr<patents::Patent> patent = patents::importers::ParseJsonlLine(row.record);
  if (!patent.ok()) {
    spdlog::warn("valuation backtest: patent {} skipped, its record is unreadable: {}", row.id,
                 std::string(patent.status().message()));
  }
  return patent;
}

// Published on or before as_of: known on the valuation day. Undated documents are not.
bool KnownOn(const patents::Patent& patent, std::string_view as_of) {
  return !patent.publication_date.empty() && patent.publication_date <= as_of;
}

}  // namespace

absl::StatusOr<BacktestReport> ValuationService::Backtest(const BacktestRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  if (request.horizon < 1 || request.horizon > kMaxHorizon) {
    return base::InvalidField(
        "horizon", base::StrCat("expected 1..", kMaxHorizon, " years, got ", request.horizon));
  }
  const std::string today = Today();
  const int this_year = std::stoi(today.substr(0, 4));
  const int year = request.year != 0 ? request.year : this_year - request.horizon - 1;
  BacktestReport report{.scenario = request.scenario,
                        .year = year,
                        .horizon = request.horizon,
                        .as_of = base::StrCat(year, "-12-31"),
                        .outcome_on = base::StrCat(year + request.horizon, "-12-31")};
  if (year < kFirstYear) {
    return base::InvalidField("year",
                              base::StrCat("expected ", kFirstYear, " or later, got ", year));
  }
  if (report.outcome_on >= today) {
    return base::InvalidField(
        "year",
        base::StrCat("the outcome day ", report.outcome_on, " of year ", year, " and horizon ",
                     request.horizon, " has not passed yet (today is ", today, ")"));
  }
  const std::string& as_of = report.as_of;
  const Weights& weights = PresetWeights(request.scenario);
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());

  // 1. Forward citations counted on the valuation day (citing documents published by then).
  IPHUB_ASSIGN_OR_RETURN(internal::CorpusFacts facts, internal::CorpusFacts::Count(*conn, as_of));

  // 2. First pass: the documents known then, their cohorts and families as of that day.
  IPHUB_ASSIGN_OR_RETURN(const int64_t up_to_id, store::MaxPatentId(*conn));
  std::vector<Known> known;
  IPHUB_RETURN_IF_ERROR(store::ForEachPatent(
      *conn, up_to_id, kRecordsPerPage, [&](const store::PatentRecord& row) -> absl::Status {
        absl::StatusOr<patents::Patent> patent = ReadRecord(row);
        if (!patent.ok()) {
          ++report.unreadable;
          return absl::OkStatus();
        }
        if (!KnownOn(*patent, as_of)) return absl::OkStatus();
        known.push_back(Known{facts.Add(row.id, row.number_key, *patent)});
        return absl::OkStatus();
      }));
  IPHUB_RETURN_IF_ERROR(facts.Finish());

  // 3. Second pass: value every known document on as_of; read the outcome of those in force.
  std::vector<BacktestCase> cases;
  size_t next = 0;
  IPHUB_RETURN_IF_ERROR(store::ForEachPatent(
      *conn, up_to_id, kRecordsPerPage, [&](const store::PatentRecord& row) -> absl::Status {
        while (next < known.size() && known[next].id < row.id) ++next;
        if (next == known.size() || known[next].id != row.id) return absl::OkStatus();
        Known& member = known[next];
        absl::StatusOr<patents::Patent> patent = ReadRecord(row);
        if (!patent.ok()) return absl::OkStatus();  // counted in the first pass
        ValuationContext context{.as_of = as_of};
        facts.Fill(member, context);
        absl::StatusOr<Valuation> valuation = Evaluate(*patent, context, weights);
        if (!valuation.ok()) {
          return absl::InternalError(
              base::StrCat("valuing patent ", row.id, " failed: ", valuation.status().message()));
        }
        member.valued = true;
        member.total = valuation->total;
        ++report.documents;
        if (valuation->status.status != patents::LegalStatus::kValid) return absl::OkStatus();
        if (patent->type == patents::DocumentType::kUsUtilityGrant) {
          ++report.us_grants;
          return absl::OkStatus();
        }
        if (patent->type != patents::DocumentType::kCnInventionGrant &&
            patent->type != patents::DocumentType::kCnUtilityModel) {
          return absl::OkStatus();
        }
        ++report.in_force;
        const patents::LegalStatus outcome =
            patents::DeriveLegalStatus(*patent, report.outcome_on).status;
        const bool ended = outcome == patents::LegalStatus::kLapsed ||
                           outcome == patents::LegalStatus::kAbandoned ||
                           outcome == patents::LegalStatus::kInvalidated;
        const std::string& expiry = valuation->status.expiry_date;
        if (!expiry.empty() && expiry <= report.outcome_on) {
          ++report.term_ends;
          if (ended) ++report.term_ends_ended;
          return absl::OkStatus();
        }
        if (outcome != patents::LegalStatus::kValid && !ended) {
          ++report.other_outcome;
          return absl::OkStatus();
        }
        if (outcome == patents::LegalStatus::kLapsed) ++report.ended_lapsed;
        if (outcome == patents::LegalStatus::kAbandoned) ++report.ended_abandoned;
        if (outcome == patents::LegalStatus::kInvalidated) ++report.ended_invalidated;
        const auto& indicators = valuation->indicators;
        member.case_index = static_cast<int32_t>(cases.size());
        cases.push_back({.total = valuation->total,
                         .claims = static_cast<int64_t>(
                             indicators[static_cast<size_t>(Indicator::kClaims)].value),
                         .remaining_term_days = static_cast<int64_t>(
                             indicators[static_cast<size_t>(Indicator::kRemainingTerm)].value),
                         .maintained = outcome == patents::LegalStatus::kValid});
        return absl::OkStatus();
      }));

  // 4. Grades within each cohort among every document valued that day, as the batch of that
  //    day would have stored them.
  std::vector<std::vector<size_t>> cohort_members(facts.cohort_count());
  for (size_t pos = 0; pos < known.size(); ++pos) {
    if (known[pos].valued && known[pos].cohort != kNone) {
      cohort_members[static_cast<size_t>(known[pos].cohort)].push_back(pos);
    }
  }
  for (const std::vector<size_t>& positions : cohort_members) {
    if (positions.empty()) continue;
    std::vector<double> totals;
    totals.reserve(positions.size());
    for (size_t pos : positions) totals.push_back(known[pos].total);
    const std::vector<CohortRank> ranked = RankWithinCohort(totals);
    for (size_t at = 0; at < positions.size(); ++at) {
      const Known& member = known[positions[at]];
      if (member.case_index != kNone) {
        cases[static_cast<size_t>(member.case_index)].grade = ranked[at].grade;
      }
    }
  }
  report.table = TabulateBacktest(cases);
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace iphub::analytics
