// Explainable patent value scores (价值评估): an indicator tree in three
// dimensions — legal, technical, economic — as GB/T 42748-2023《专利评估指引》
// and the 2012 CNIPA handbook lay it out, weighted per use scenario, with
// every indicator's value, score, weight and contribution kept for the reader.
//
//   auto cohort = CitationCohort::Create({0, 1, 1, 3, 7, 12});   // G06F, filed 2014
//   ValuationContext context{.as_of = "2024-06-30", .forward_citations = 7,
//                            .cohort = std::make_shared<CitationCohort>(*cohort)};
//   absl::StatusOr<Valuation> valuation =
//       Evaluate(patent, context, PresetWeights(Scenario::kPledgeFinance));
//   valuation->total;                      // 0..100
//   valuation->indicators[0].id;           // "legal.remaining_term"
//   valuation->indicators[0].contribution; // its points of the total
//
// docs/valuation.md states every formula, every preset and the grade cut-offs;
// change them together. The weights are this project's choices: the standard
// names the scenarios but its weights were not available to us.
//
// Ids ("legal.remaining_term", "transfer_licence", "A") are stable: the web app
// keys its labels on them. This library holds no user-facing words.
//
// Reproducibility: scores are doubles computed only with + − × ÷ and min/max
// from integers, in a fixed order (no log, exp or pow, whose results differ
// between C libraries), so IEEE 754 gives the same bits on every machine.
//
// Thread-safety: free functions over values; a CitationCohort is immutable
// after Create and may be shared between threads.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "iphub/patents/legal_status.h"
#include "iphub/patents/model.h"

namespace iphub::analytics {

// ---------------------------------------------------------------------------
// The indicator tree.

enum class Dimension { kLegal, kTechnical, kEconomic };
inline constexpr size_t kDimensionCount = 3;

// Every indicator, grouped by dimension (the order of Valuation::indicators).
enum class Indicator {
  // legal
  kRemainingTerm,      // legal.remaining_term: days from as_of to the end of the term
  kLegalStatus,        // legal.status: the derived legal status
  kClaims,             // legal.claims: number of claims
  kIndependentClaims,  // legal.independent_claims
  kFamilyCountries,    // legal.family_countries: countries or offices the family covers
  kStability,          // legal.stability: invalidation decisions (IW01 full, IP01 partial)
  kLitigation,         // legal.litigation: infringement cases the caller knows of
  // technical
  kForwardCitations,  // technical.forward_citations: percentile within the cohort
  kIpcSubclasses,     // technical.ipc_subclasses: distinct IPC subclasses (G06F)
  kIpcGroups,         // technical.ipc_groups: distinct IPC main groups (G06F 17)
  kCitationAge,       // technical.citation_age: mean age of the cited patents, days
  // economic
  kTransfers,       // economic.transfers: TR01 events
  kLicences,        // economic.licences: EE01 events
  kPledges,         // economic.pledges: PE01 events
  kOpenLicence,     // economic.open_licence: 开放许可 declared
  kProductRevenue,  // economic.product_revenue: a user's figure, fen per year
  kMarketShare,     // economic.market_share: a user's figure, basis points
};
inline constexpr size_t kIndicatorCount = 17;

std::string_view IndicatorId(Indicator indicator);  // "legal.remaining_term"
Dimension DimensionOf(Indicator indicator);
std::string_view DimensionId(Dimension dimension);  // "legal", "technical", "economic"

// ---------------------------------------------------------------------------
// Weights.

// The GB/T 42748-2023 valuation scenarios.
enum class Scenario {
  kTransferLicence,     // transfer_licence: 许可转让
  kPledgeFinance,       // pledge_finance: 金融 (质押融资)
  kTax,                 // tax: 财税
  kInfringementRemedy,  // infringement_remedy: 侵权救济
  kPortfolioGrading,    // portfolio_grading: 分级管理
};
inline constexpr size_t kScenarioCount = 5;

std::string_view ScenarioId(Scenario scenario);  // "transfer_licence" …
std::optional<Scenario> ScenarioFromId(std::string_view id);

// Weights in basis points (10000 = 1). Invariants (ValidateWeights): none is
// negative; the dimension weights sum to exactly 10000; and the indicator
// weights of each dimension sum to exactly 10000 (an indicator's weight is its
// share of its dimension, not of the total).
struct Weights {
  std::array<int64_t, kDimensionCount> dimension{};  // by Dimension
  std::array<int64_t, kIndicatorCount> indicator{};  // by Indicator
};

inline constexpr int64_t kWholeBasisPoints = 10000;

// The preset of a scenario (docs/valuation.md has them as tables).
const Weights& PresetWeights(Scenario scenario);

// OK, or InvalidArgument naming the offending weight as the field
// ("weights.legal.claims", "weights.legal") and saying what is wrong.
absl::Status ValidateWeights(const Weights& weights);

// A user's weights by id, e.g. from a JSON object: dimension ids ("legal")
// and indicator ids ("legal.claims") with their basis points; an id not given
// weighs 0. InvalidArgument for an unknown or repeated id, or when the result
// fails ValidateWeights.
absl::StatusOr<Weights> WeightsFromIds(std::span<const std::pair<std::string, int64_t>> entries);

// The inverse of WeightsFromIds: every dimension id, then every indicator id, with its
// basis points, in Dimension and Indicator order (20 entries, zeros included).
std::vector<std::pair<std::string, int64_t>> WeightIds(const Weights& weights);

// ---------------------------------------------------------------------------
// What the caller knows from the corpus.

// The forward-citation counts of a cohort: the patents of one IPC subclass
// (of the main classification) filed in one year (CohortKey), the patent being
// valued included. Immutable.
class CitationCohort {
 public:
  // InvalidArgument when `forward_citations` is empty or holds a negative count.
  static absl::StatusOr<CitationCohort> Create(std::vector<int64_t> forward_citations);

  size_t size() const { return sorted_.size(); }
  // Percentile rank of `count` in the cohort, 0..100:
  // 100 × (members below + ½ × members equal) / size.
  double PercentileOf(int64_t count) const;

 private:
  explicit CitationCohort(std::vector<int64_t> sorted) : sorted_(std::move(sorted)) {}

  std::vector<int64_t> sorted_;  // ascending
};

// The cohort a patent belongs to: "G06F/2014" (subclass of ipc_main, else of
// the first IPC symbol; the year of application_date); "" when either is unknown.
std::string CohortKey(const patents::Patent& patent);

// Inputs a user may supply about the market of products practising the patent.
struct MarketInputs {
  std::optional<int64_t> annual_revenue_fen{};  // ≥ 0
  std::optional<int64_t> market_share_bp{};     // 0..10000
};

struct ValuationContext {
  // The day the valuation speaks of: a civil date "YYYY-MM-DD" (Asia/Shanghai).
  // Events dated later are ignored.
  std::string as_of{};
  // Citations of this patent by later documents in the corpus; nullopt: unknown.
  std::optional<int64_t> forward_citations{};
  // The patent's cohort; null: unknown (technical.forward_citations unknown).
  std::shared_ptr<const CitationCohort> cohort{};
  // Countries (ISO alpha-2, or EP/WO) where members of the patent's family
  // (family_id) are filed, as far as the corpus knows; the patent's own country
  // and its priorities' countries count without being listed.
  std::vector<std::string> family_countries{};
  // Infringement cases known to the caller; nullopt: unknown (the bulk data
  // has none).
  std::optional<int64_t> litigation_cases{};
  // 开放许可 (open licence, 专利法 第50条) declared for this patent.
  bool open_licence = false;
  MarketInputs market{};
};

// ---------------------------------------------------------------------------
// The result, with its reasons.

struct IndicatorScore {
  Indicator indicator = Indicator::kRemainingTerm;
  std::string_view id{};  // IndicatorId(indicator)
  // false: the data do not say (no claims text, no cohort, no market input…);
  // the score is then 0, and the web app says which input is missing.
  bool known = false;
  double value = 0;           // raw value in the unit docs/valuation.md gives for the id
  std::string value_label{};  // categorical values (legal.status: "valid"; value 0), else ""
  double score = 0;           // 0..100
  int64_t weight_bp = 0;      // share of its dimension
  double contribution = 0;    // points of the total: score × weight × dimension weight
};

struct DimensionScore {
  Dimension dimension = Dimension::kLegal;
  std::string_view id{};
  int64_t weight_bp = 0;    // share of the total
  double score = 0;         // 0..100: Σ indicator score × indicator weight
  double contribution = 0;  // points of the total: score × weight
};

struct Valuation {
  std::string as_of{};
  patents::DerivedStatus status{};           // as DeriveLegalStatus gives it on as_of
  std::vector<IndicatorScore> indicators{};  // all kIndicatorCount, in Indicator order
  std::array<DimensionScore, kDimensionCount> dimensions{};
  double total = 0;  // 0..100: Σ dimension contributions
};

// Measures every indicator of `patent` and weighs them. InvalidArgument
// (naming the field) for a bad as_of, a negative count or an out-of-range
// market input, or weights that fail ValidateWeights.
absl::StatusOr<Valuation> Evaluate(const patents::Patent& patent, const ValuationContext& context,
                                   const Weights& weights);

// The same measurements under other weights (another scenario), without
// measuring again. InvalidArgument when `weights` fail ValidateWeights.
absl::StatusOr<Valuation> Reweigh(Valuation valuation, const Weights& weights);

// ---------------------------------------------------------------------------
// Grades within a cohort.

// A: percentile ≥ 90; B: ≥ 70; C: ≥ 30; D: ≥ 10; E: below 10.
enum class Grade { kA, kB, kC, kD, kE };
std::string_view GradeId(Grade grade);  // "A" … "E"
Grade GradeForPercentile(double percentile);

struct CohortRank {
  double percentile = 0;  // 0..100, as CitationCohort::PercentileOf over the totals
  Grade grade = Grade::kE;
};

// The rank of every total among `totals` (the totals of one cohort under one
// weighting, none NaN): result[pos] belongs to totals[pos]. O(n log n).
std::vector<CohortRank> RankWithinCohort(std::span<const double> totals);

}  // namespace iphub::analytics
