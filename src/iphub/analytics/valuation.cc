#include "iphub/analytics/valuation.h"

#include <algorithm>
#include <set>

#include "iphub/base/civil_date.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"

namespace iphub::analytics {
namespace {

using patents::LegalStatus;

struct IndicatorInfo {
  Indicator indicator;
  Dimension dimension;
  std::string_view id;
};

constexpr IndicatorInfo kIndicators[kIndicatorCount] = {
    {Indicator::kRemainingTerm, Dimension::kLegal, "legal.remaining_term"},
    {Indicator::kLegalStatus, Dimension::kLegal, "legal.status"},
    {Indicator::kClaims, Dimension::kLegal, "legal.claims"},
    {Indicator::kIndependentClaims, Dimension::kLegal, "legal.independent_claims"},
    {Indicator::kFamilyCountries, Dimension::kLegal, "legal.family_countries"},
    {Indicator::kStability, Dimension::kLegal, "legal.stability"},
    {Indicator::kLitigation, Dimension::kLegal, "legal.litigation"},
    {Indicator::kForwardCitations, Dimension::kTechnical, "technical.forward_citations"},
    {Indicator::kIpcSubclasses, Dimension::kTechnical, "technical.ipc_subclasses"},
    {Indicator::kIpcGroups, Dimension::kTechnical, "technical.ipc_groups"},
    {Indicator::kCitationAge, Dimension::kTechnical, "technical.citation_age"},
    {Indicator::kTransfers, Dimension::kEconomic, "economic.transfers"},
    {Indicator::kLicences, Dimension::kEconomic, "economic.licences"},
    {Indicator::kPledges, Dimension::kEconomic, "economic.pledges"},
    {Indicator::kOpenLicence, Dimension::kEconomic, "economic.open_licence"},
    {Indicator::kProductRevenue, Dimension::kEconomic, "economic.product_revenue"},
    {Indicator::kMarketShare, Dimension::kEconomic, "economic.market_share"},
};

constexpr std::string_view kDimensionIds[kDimensionCount] = {"legal", "technical", "economic"};

constexpr std::string_view kScenarioIds[kScenarioCount] = {
    "transfer_licence", "pledge_finance", "tax", "infringement_remedy", "portfolio_grading"};

// The presets, as docs/valuation.md tabulates them. Rows: dimensions, then the
// indicators in Indicator order.
constexpr Weights kPresets[kScenarioCount] = {
    // transfer_licence
    {{3500, 3500, 3000},
     {2000, 2000, 1200, 800, 1500, 1500, 1000,  //
      4000, 2000, 2000, 2000,                   //
      2000, 2500, 1000, 1500, 2000, 1000}},
    // pledge_finance
    {{4500, 2500, 3000},
     {2500, 2500, 1000, 500, 1000, 2000, 500,  //
      3000, 2500, 2500, 2000,                  //
      1500, 1500, 2500, 500, 2500, 1500}},
    // tax
    {{2500, 2500, 5000},
     {2500, 2000, 1000, 500, 1500, 1500, 1000,  //
      4000, 2000, 2000, 2000,                   //
      1500, 2000, 500, 500, 3500, 2000}},
    // infringement_remedy
    {{5000, 3000, 2000},
     {1500, 1500, 1500, 1500, 500, 1500, 2000,  //
      5000, 1500, 1500, 2000,                   //
      1000, 2500, 500, 500, 3000, 2500}},
    // portfolio_grading
    {{3400, 3300, 3300},
     {2000, 2000, 1500, 1000, 1500, 1000, 1000,  //
      4000, 2000, 2000, 2000,                    //
      2000, 2000, 1500, 1000, 2000, 1500}},
};

// Scale constants of the scores (docs/valuation.md, "Indicators").
constexpr int64_t kFullTermDays = 3653;          // 10 years: a longer remaining term scores 100
constexpr int64_t kFullClaims = 20;              //
constexpr int64_t kFullIndependentClaims = 3;    //
constexpr int64_t kFullExtraCountries = 4;       // 5 countries: 100
constexpr int64_t kFullLitigationCases = 2;      //
constexpr int64_t kFullIpcSubclasses = 4;        //
constexpr int64_t kFullIpcGroups = 6;            //
constexpr int64_t kZeroScoreCitationAge = 5479;  // 15 years: an older mean age scores 0
constexpr int64_t kFullTransfers = 3;            //
constexpr int64_t kFullLicences = 3;             //
constexpr int64_t kFullPledges = 2;              //
constexpr double kHalfScoreRevenueFen = 1e9;     // 10,000,000 yuan (1000万元) scores 50
constexpr int64_t kFullMarketShareBp = 3000;     // 30 %
constexpr int64_t kPointsPerPartialInvalidation = 50;

// 100 × min(count, full) / full: linear up to `full`, then 100.
double Capped(int64_t count, int64_t full) {
  return 100.0 * static_cast<double>(std::clamp<int64_t>(count, 0, full)) /
         static_cast<double>(full);
}

// 100 × (2 × below + equal) / (2 × size) over an ascending range.
template <typename T>
double PercentileRank(std::span<const T> sorted, T value) {
  const auto lower = std::lower_bound(sorted.begin(), sorted.end(), value);
  const auto upper = std::upper_bound(lower, sorted.end(), value);
  const auto below = static_cast<int64_t>(lower - sorted.begin());
  const auto equal = static_cast<int64_t>(upper - lower);
  return 100.0 * static_cast<double>(2 * below + equal) /
         static_cast<double>(2 * static_cast<int64_t>(sorted.size()));
}

bool IsCode(const patents::LegalEvent& event, std::string_view code) {
  return base::EqualsIgnoreCase(base::StripWhitespace(event.code), code);
}

// Events in effect on as_of: dated on or before it, or undated.
int64_t CountEvents(const patents::Patent& patent, std::string_view as_of, std::string_view code) {
  int64_t count = 0;
  for (const auto& event : patent.legal_events) {
    if (!event.date.empty() && event.date > as_of) continue;
    if (IsCode(event, code)) ++count;
  }
  return count;
}

// The subclass ("G06F") and main group ("G06F 17") of an IPC symbol written
// "G06F 17/30", "G06F17/30" or "G06F"; nullopt when it does not start with a
// subclass.
struct IpcParts {
  std::string subclass;
  std::string group;  // "" when the symbol has no group
};
std::optional<IpcParts> SplitIpc(std::string_view symbol) {
  std::string compact;
  for (char c : symbol) {
    if (!base::IsAsciiSpace(c)) compact += base::AsciiUpper(c);
  }
  if (compact.size() < 4 || compact[0] < 'A' || compact[0] > 'H' ||
      !base::IsAsciiDigit(compact[1]) || !base::IsAsciiDigit(compact[2]) ||
      !base::IsAsciiUpper(compact[3])) {
    return std::nullopt;
  }
  IpcParts parts{.subclass = compact.substr(0, 4), .group = ""};
  size_t end = 4;
  while (end < compact.size() && base::IsAsciiDigit(compact[end])) ++end;
  if (end > 4) {
    // "017" and "17" are one group.
    size_t first = 4;
    while (first + 1 < end && compact[first] == '0') ++first;
    parts.group =
        base::StrCat(parts.subclass, " ", std::string_view(compact).substr(first, end - first));
  }
  return parts;
}

int64_t DaysOf(const base::CivilDate& date) {
  return base::DaysFromCivil(date.year, date.month, date.day);
}

absl::Status ValidateContext(const ValuationContext& context) {
  if (!base::ParseCivilDate(context.as_of)) {
    return base::InvalidField(
        "as_of", base::StrCat("expected a date YYYY-MM-DD, got \"", context.as_of, "\""));
  }
  if (context.forward_citations && *context.forward_citations < 0) {
    return base::InvalidField("forward_citations", "must not be negative");
  }
  if (context.litigation_cases && *context.litigation_cases < 0) {
    return base::InvalidField("litigation_cases", "must not be negative");
  }
  if (context.market.annual_revenue_fen && *context.market.annual_revenue_fen < 0) {
    return base::InvalidField("market.annual_revenue_fen", "must not be negative");
  }
  if (context.market.market_share_bp &&
      (*context.market.market_share_bp < 0 || *context.market.market_share_bp > 10000)) {
    return base::InvalidField("market.market_share_bp", "must be between 0 and 10000");
  }
  return absl::OkStatus();
}

// Sets an indicator's measurement.
void Set(Valuation& valuation, Indicator indicator, bool known, double value, double score,
         std::string value_label = "") {
  IndicatorScore& entry = valuation.indicators[static_cast<size_t>(indicator)];
  entry.known = known;
  entry.value = value;
  entry.score = known ? score : 0;
  entry.value_label = std::move(value_label);
}

void MeasureLegal(const patents::Patent& patent, const ValuationContext& context,
                  Valuation& valuation) {
  const patents::DerivedStatus& derived = valuation.status;
  const bool in_force =
      derived.status == LegalStatus::kValid || derived.status == LegalStatus::kPending;

  // Remaining term: days from as_of to the term's end, while the right lives.
  {
    const auto as_of = base::ParseCivilDate(context.as_of);
    const auto expiry = base::ParseCivilDate(derived.expiry_date);
    if (!in_force && derived.status != LegalStatus::kUnknown) {
      Set(valuation, Indicator::kRemainingTerm, true, 0, 0);
    } else if (in_force && expiry) {
      const int64_t days = std::max<int64_t>(0, DaysOf(*expiry) - DaysOf(*as_of));
      Set(valuation, Indicator::kRemainingTerm, true, static_cast<double>(days),
          Capped(days, kFullTermDays));
    } else {
      Set(valuation, Indicator::kRemainingTerm, false, 0, 0);
    }
  }

  // Status: a table.
  {
    double score = 0;
    switch (derived.status) {
      case LegalStatus::kValid:
        score = 100;
        break;
      case LegalStatus::kPending:
        score = 40;
        break;
      default:
        score = 0;
        break;
    }
    Set(valuation, Indicator::kLegalStatus, derived.status != LegalStatus::kUnknown, 0, score,
        std::string(patents::LegalStatusName(derived.status)));
  }

  // Claims.
  {
    const auto claims = static_cast<int64_t>(patent.claims.size());
    const auto independent = static_cast<int64_t>(
        std::count_if(patent.claims.begin(), patent.claims.end(),
                      [](const patents::Claim& claim) { return claim.depends_on.empty(); }));
    Set(valuation, Indicator::kClaims, claims > 0, static_cast<double>(claims),
        Capped(claims, kFullClaims));
    Set(valuation, Indicator::kIndependentClaims, claims > 0, static_cast<double>(independent),
        Capped(independent, kFullIndependentClaims));
  }

  // Family countries: the patent's own, its priorities', and the family's.
  {
    std::set<std::string> countries;
    const auto add = [&](std::string_view country) {
      country = base::StripWhitespace(country);
      if (!country.empty()) countries.insert(base::AsciiUpperCopy(country));
    };
    add(patent.country);
    for (const auto& priority : patent.priorities) add(priority.country);
    for (const auto& country : context.family_countries) add(country);
    const auto count = static_cast<int64_t>(countries.size());
    Set(valuation, Indicator::kFamilyCountries, count > 0, static_cast<double>(count),
        Capped(count - 1, kFullExtraCountries));
  }

  // Stability: 0 when invalidated in full, else 100 less 50 per partial
  // invalidation (IP01); the value is the number of invalidation decisions.
  {
    const int64_t partial = CountEvents(patent, context.as_of, "IP01");
    const int64_t full = CountEvents(patent, context.as_of, "IW01");
    const double score = derived.status == LegalStatus::kInvalidated
                             ? 0.0
                             : static_cast<double>(std::max<int64_t>(
                                   0, 100 - kPointsPerPartialInvalidation * partial));
    Set(valuation, Indicator::kStability, true, static_cast<double>(partial + full), score);
  }

  // Litigation: only what the caller knows.
  {
    const int64_t cases = context.litigation_cases.value_or(0);
    Set(valuation, Indicator::kLitigation, context.litigation_cases.has_value(),
        static_cast<double>(cases), Capped(cases, kFullLitigationCases));
  }
}

void MeasureTechnical(const patents::Patent& patent, const ValuationContext& context,
                      Valuation& valuation) {
  // Forward citations: percentile rank within the cohort.
  {
    const int64_t citations = context.forward_citations.value_or(0);
    const bool known = context.forward_citations.has_value() && context.cohort != nullptr;
    Set(valuation, Indicator::kForwardCitations, known, static_cast<double>(citations),
        known ? context.cohort->PercentileOf(citations) : 0);
  }

  // IPC breadth.
  {
    std::set<std::string> subclasses;
    std::set<std::string> groups;
    const auto add = [&](std::string_view symbol) {
      const auto parts = SplitIpc(symbol);
      if (!parts) return;
      subclasses.insert(parts->subclass);
      if (!parts->group.empty()) groups.insert(parts->group);
    };
    add(patent.ipc_main);
    for (const auto& classification : patent.ipc) add(classification.symbol);
    const auto subclass_count = static_cast<int64_t>(subclasses.size());
    const auto group_count = static_cast<int64_t>(groups.size());
    Set(valuation, Indicator::kIpcSubclasses, subclass_count > 0,
        static_cast<double>(subclass_count), Capped(subclass_count, kFullIpcSubclasses));
    Set(valuation, Indicator::kIpcGroups, group_count > 0, static_cast<double>(group_count),
        Capped(group_count, kFullIpcGroups));
  }

  // Citation age: mean days from each cited patent's date to the filing date
  // (a cited document dated later counts as age 0).
  {
    const auto filed = base::ParseCivilDate(patent.application_date);
    int64_t total_days = 0;
    int64_t dated = 0;
    if (filed) {
      for (const auto& citation : patent.citations) {
        if (citation.kind != patents::Citation::Kind::kPatent) continue;
        const auto cited = base::ParseCivilDate(citation.date);
        if (!cited) continue;
        total_days += std::max<int64_t>(0, DaysOf(*filed) - DaysOf(*cited));
        ++dated;
      }
    }
    if (dated == 0) {
      Set(valuation, Indicator::kCitationAge, false, 0, 0);
    } else {
      // 100 × max(0, L − mean) / L with mean = total / n: multiply through by n.
      const int64_t span = kZeroScoreCitationAge * dated;
      const double score = 100.0 * static_cast<double>(std::max<int64_t>(0, span - total_days)) /
                           static_cast<double>(span);
      Set(valuation, Indicator::kCitationAge, true,
          static_cast<double>(total_days) / static_cast<double>(dated), score);
    }
  }
}

void MeasureEconomic(const patents::Patent& patent, const ValuationContext& context,
                     Valuation& valuation) {
  const int64_t transfers = CountEvents(patent, context.as_of, "TR01");
  const int64_t licences = CountEvents(patent, context.as_of, "EE01");
  const int64_t pledges = CountEvents(patent, context.as_of, "PE01");
  Set(valuation, Indicator::kTransfers, true, static_cast<double>(transfers),
      Capped(transfers, kFullTransfers));
  Set(valuation, Indicator::kLicences, true, static_cast<double>(licences),
      Capped(licences, kFullLicences));
  Set(valuation, Indicator::kPledges, true, static_cast<double>(pledges),
      Capped(pledges, kFullPledges));
  Set(valuation, Indicator::kOpenLicence, true, context.open_licence ? 1 : 0,
      context.open_licence ? 100 : 0);

  {
    const auto& revenue = context.market.annual_revenue_fen;
    const double fen = static_cast<double>(revenue.value_or(0));
    Set(valuation, Indicator::kProductRevenue, revenue.has_value(), fen,
        100.0 * fen / (fen + kHalfScoreRevenueFen));
  }
  {
    const auto& share = context.market.market_share_bp;
    Set(valuation, Indicator::kMarketShare, share.has_value(),
        static_cast<double>(share.value_or(0)), Capped(share.value_or(0), kFullMarketShareBp));
  }
}

}  // namespace

std::string_view IndicatorId(Indicator indicator) {
  return kIndicators[static_cast<size_t>(indicator)].id;
}

Dimension DimensionOf(Indicator indicator) {
  return kIndicators[static_cast<size_t>(indicator)].dimension;
}

std::string_view DimensionId(Dimension dimension) {
  return kDimensionIds[static_cast<size_t>(dimension)];
}

std::string_view ScenarioId(Scenario scenario) {
  return kScenarioIds[static_cast<size_t>(scenario)];
}

std::optional<Scenario> ScenarioFromId(std::string_view id) {
  for (size_t pos = 0; pos < kScenarioCount; ++pos) {
    if (kScenarioIds[pos] == id) return static_cast<Scenario>(pos);
  }
  return std::nullopt;
}

const Weights& PresetWeights(Scenario scenario) { return kPresets[static_cast<size_t>(scenario)]; }

absl::Status ValidateWeights(const Weights& weights) {
  int64_t dimension_sum = 0;
  for (size_t dim = 0; dim < kDimensionCount; ++dim) {
    const int64_t weight = weights.dimension[dim];
    if (weight < 0 || weight > kWholeBasisPoints) {
      return base::InvalidField(
          base::StrCat("weights.", kDimensionIds[dim]),
          base::StrCat("weight ", weight, " is outside 0..10000 basis points"));
    }
    dimension_sum += weight;
  }
  if (dimension_sum != kWholeBasisPoints) {
    return base::InvalidField("weights",
                              base::StrCat("the dimension weights sum to ", dimension_sum,
                                           " basis points; they must sum to exactly 10000"));
  }
  std::array<int64_t, kDimensionCount> sums{};
  for (const IndicatorInfo& info : kIndicators) {
    const int64_t weight = weights.indicator[static_cast<size_t>(info.indicator)];
    if (weight < 0 || weight > kWholeBasisPoints) {
      return base::InvalidField(
          base::StrCat("weights.", info.id),
          base::StrCat("weight ", weight, " is outside 0..10000 basis points"));
    }
    sums[static_cast<size_t>(info.dimension)] += weight;
  }
  for (size_t dim = 0; dim < kDimensionCount; ++dim) {
    if (sums[dim] != kWholeBasisPoints) {
      return base::InvalidField(
          base::StrCat("weights.", kDimensionIds[dim]),
          base::StrCat("the indicator weights of dimension ", kDimensionIds[dim], " sum to ",
                       sums[dim], " basis points; they must sum to exactly 10000"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Weights> WeightsFromIds(std::span<const std::pair<std::string, int64_t>> entries) {
  Weights weights;
  std::set<std::string_view> seen;
  for (const auto& [id, weight] : entries) {
    if (!seen.insert(id).second) {
      return base::InvalidField(base::StrCat("weights.", id), "given more than once");
    }
    bool found = false;
    for (size_t dim = 0; dim < kDimensionCount && !found; ++dim) {
      if (kDimensionIds[dim] == id) {
        weights.dimension[dim] = weight;
        found = true;
      }
    }
    for (const IndicatorInfo& info : kIndicators) {
      if (found) break;
      if (info.id == id) {
        weights.indicator[static_cast<size_t>(info.indicator)] = weight;
        found = true;
      }
    }
    if (!found) {
      return base::InvalidField(base::StrCat("weights.", id),
                                "not a dimension or indicator id (docs/valuation.md lists them)");
    }
  }
  IPHUB_RETURN_IF_ERROR(ValidateWeights(weights));
  return weights;
}

std::vector<std::pair<std::string, int64_t>> WeightIds(const Weights& weights) {
  std::vector<std::pair<std::string, int64_t>> out;
  out.reserve(kDimensionCount + kIndicatorCount);
  for (size_t dim = 0; dim < kDimensionCount; ++dim) {
    out.emplace_back(std::string(kDimensionIds[dim]), weights.dimension[dim]);
  }
  for (const IndicatorInfo& info : kIndicators) {
    out.emplace_back(std::string(info.id), weights.indicator[static_cast<size_t>(info.indicator)]);
  }
  return out;
}

absl::StatusOr<CitationCohort> CitationCohort::Create(std::vector<int64_t> forward_citations) {
  if (forward_citations.empty()) {
    return base::InvalidField("cohort", "a cohort has at least one patent (the one valued)");
  }
  for (int64_t count : forward_citations) {
    if (count < 0) return base::InvalidField("cohort", "citation counts must not be negative");
  }
  std::sort(forward_citations.begin(), forward_citations.end());
  return CitationCohort(std::move(forward_citations));
}

double CitationCohort::PercentileOf(int64_t count) const {
  return PercentileRank<int64_t>(sorted_, count);
}

std::string CohortKey(const patents::Patent& patent) {
  std::optional<IpcParts> parts = SplitIpc(patent.ipc_main);
  if (!parts && !patent.ipc.empty()) parts = SplitIpc(patent.ipc.front().symbol);
  const auto filed = base::ParseCivilDate(patent.application_date);
  if (!parts || !filed) return "";
  return base::StrCat(parts->subclass, "/", filed->year);
}

absl::StatusOr<Valuation> Reweigh(Valuation valuation, const Weights& weights) {
  IPHUB_RETURN_IF_ERROR(ValidateWeights(weights));
  for (size_t dim = 0; dim < kDimensionCount; ++dim) {
    valuation.dimensions[dim] = DimensionScore{.dimension = static_cast<Dimension>(dim),
                                               .id = kDimensionIds[dim],
                                               .weight_bp = weights.dimension[dim]};
  }
  for (IndicatorScore& entry : valuation.indicators) {
    const auto dim = static_cast<size_t>(DimensionOf(entry.indicator));
    entry.weight_bp = weights.indicator[static_cast<size_t>(entry.indicator)];
    // The integer product of the two weights is exact (≤ 10^8).
    entry.contribution =
        entry.score * static_cast<double>(entry.weight_bp * weights.dimension[dim]) / 1e8;
    valuation.dimensions[dim].score +=
        entry.score * static_cast<double>(entry.weight_bp) / static_cast<double>(kWholeBasisPoints);
  }
  valuation.total = 0;
  for (DimensionScore& dimension : valuation.dimensions) {
    dimension.score = std::min(100.0, dimension.score);
    dimension.contribution = dimension.score * static_cast<double>(dimension.weight_bp) /
                             static_cast<double>(kWholeBasisPoints);
    valuation.total += dimension.contribution;
  }
  valuation.total = std::min(100.0, valuation.total);
  return valuation;
}

absl::StatusOr<Valuation> Evaluate(const patents::Patent& patent, const ValuationContext& context,
                                   const Weights& weights) {
  IPHUB_RETURN_IF_ERROR(ValidateContext(context));
  IPHUB_RETURN_IF_ERROR(ValidateWeights(weights));
  Valuation valuation;
  valuation.as_of = context.as_of;
  valuation.status = patents::DeriveLegalStatus(patent, context.as_of);
  valuation.indicators.resize(kIndicatorCount);
  for (const IndicatorInfo& info : kIndicators) {
    IndicatorScore& entry = valuation.indicators[static_cast<size_t>(info.indicator)];
    entry.indicator = info.indicator;
    entry.id = info.id;
  }
  MeasureLegal(patent, context, valuation);
  MeasureTechnical(patent, context, valuation);
  MeasureEconomic(patent, context, valuation);
  return Reweigh(std::move(valuation), weights);
}

std::string_view GradeId(Grade grade) {
  switch (grade) {
    case Grade::kA:
      return "A";
    case Grade::kB:
      return "B";
    case Grade::kC:
      return "C";
    case Grade::kD:
      return "D";
    case Grade::kE:
      return "E";
  }
  return "E";
}

Grade GradeForPercentile(double percentile) {
  if (percentile >= 90) return Grade::kA;
  if (percentile >= 70) return Grade::kB;
  if (percentile >= 30) return Grade::kC;
  if (percentile >= 10) return Grade::kD;
  return Grade::kE;
}

std::vector<CohortRank> RankWithinCohort(std::span<const double> totals) {
  std::vector<double> sorted(totals.begin(), totals.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<CohortRank> ranks;
  ranks.reserve(totals.size());
  for (double total : totals) {
    IPHUB_DCHECK(total == total);  // not NaN
    const double percentile = PercentileRank<double>(sorted, total);
    ranks.push_back({.percentile = percentile, .grade = GradeForPercentile(percentile)});
  }
  return ranks;
}

}  // namespace iphub::analytics
