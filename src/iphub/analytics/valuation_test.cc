#include "iphub/analytics/valuation.h"

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "iphub/base/status.h"

namespace iphub::analytics {
namespace {

using patents::Citation;
using patents::Claim;
using patents::LegalEvent;
using patents::Patent;

// A CN invention grant filed 2014-09-29 (term ends 2034-09-29) with 5 claims
// (2 independent), IPC in two subclasses and two main groups, two dated patent
// citations, a US priority, and one transfer, licence and pledge.
Patent SamplePatent() {
  Patent patent;
  patent.country = "CN";
  patent.publication_number = "CN104223590B";
  patent.kind = "B";
  patent.type = patents::DocumentType::kCnInventionGrant;
  patent.application_date = "2014-09-29";
  patent.grant_date = "2016-06-01";
  patent.title = "一种无人机电池快速更换装置";
  patent.claims = {Claim{.number = 1, .text = "", .depends_on = {}},
                   Claim{.number = 2, .text = "", .depends_on = {1}},
                   Claim{.number = 3, .text = "", .depends_on = {1, 2}},
                   Claim{.number = 4, .text = "", .depends_on = {}},
                   Claim{.number = 5, .text = "", .depends_on = {4}}};
  patent.ipc_main = "B64F 1/36";
  patent.ipc = {{.symbol = "B64F 1/36", .version = ""},
                {.symbol = "B64F 1/22", .version = ""},
                {.symbol = "H01M 2/10", .version = ""}};
  patent.priorities = {{.country = "US", .number = "61/000001", .date = "2013-09-30"}};
  patent.citations = {
      Citation{
          .kind = Citation::Kind::kPatent, .country = "CN", .number = "1", .date = "2004-09-29"},
      Citation{
          .kind = Citation::Kind::kPatent, .country = "US", .number = "2", .date = "2010-09-29"},
      Citation{.kind = Citation::Kind::kNonPatent, .date = "1990-01-01", .text = "a paper"}};
  patent.legal_events = {{.code = "GR01", .date = "2016-06-01", .text = ""},
                         {.code = "TR01", .date = "2018-03-01", .text = ""},
                         {.code = "EE01", .date = "2019-05-05", .text = ""},
                         {.code = "PE01", .date = "2020-01-10", .text = ""}};
  return patent;
}

std::shared_ptr<const CitationCohort> Cohort(std::vector<int64_t> counts) {
  auto cohort = CitationCohort::Create(std::move(counts));
  EXPECT_TRUE(cohort.ok()) << cohort.status();
  return std::make_shared<const CitationCohort>(*cohort);
}

ValuationContext SampleContext() {
  return ValuationContext{.as_of = "2029-09-29",
                          .forward_citations = 7,
                          .cohort = Cohort({0, 1, 1, 3, 7, 7, 12, 20}),
                          .family_countries = {"EP"},
                          .litigation_cases = std::nullopt,
                          .open_licence = false,
                          .market = {.annual_revenue_fen = 1'000'000'000, .market_share_bp = 1500}};
}

const IndicatorScore& Find(const Valuation& valuation, std::string_view id) {
  for (const auto& entry : valuation.indicators) {
    if (entry.id == id) return entry;
  }
  ADD_FAILURE() << "no indicator " << id;
  static const IndicatorScore none;
  return none;
}

Valuation MustEvaluate(const Patent& patent, const ValuationContext& context,
                       const Weights& weights = PresetWeights(Scenario::kPortfolioGrading)) {
  absl::StatusOr<Valuation> valuation = Evaluate(patent, context, weights);
  EXPECT_TRUE(valuation.ok()) << valuation.status();
  return valuation.ok() ? *valuation : Valuation{};
}

TEST(Valuation, IndicatorIdsAreUniqueAndNamedByDimension) {
  std::set<std::string_view> ids;
  for (size_t pos = 0; pos < kIndicatorCount; ++pos) {
    const auto indicator = static_cast<Indicator>(pos);
    const std::string_view id = IndicatorId(indicator);
    EXPECT_TRUE(ids.insert(id).second) << id;
    const std::string prefix = std::string(DimensionId(DimensionOf(indicator))) + ".";
    EXPECT_EQ(id.substr(0, prefix.size()), prefix) << id;
  }
  EXPECT_EQ(IndicatorId(Indicator::kRemainingTerm), "legal.remaining_term");
  EXPECT_EQ(IndicatorId(Indicator::kForwardCitations), "technical.forward_citations");
  EXPECT_EQ(IndicatorId(Indicator::kMarketShare), "economic.market_share");
}

TEST(Valuation, MeasuresEachIndicatorOfTheWorkedExample) {
  const Valuation valuation = MustEvaluate(SamplePatent(), SampleContext());
  EXPECT_EQ(valuation.status.status, patents::LegalStatus::kValid);
  EXPECT_EQ(valuation.status.expiry_date, "2034-09-29");

  // 2029-09-29 → 2034-09-29: 5 × 365 days + 29 Feb 2032 = 1826 days; full marks at 3653.
  const auto& term = Find(valuation, "legal.remaining_term");
  EXPECT_TRUE(term.known);
  EXPECT_EQ(term.value, 1826);
  EXPECT_DOUBLE_EQ(term.score, 100.0 * 1826 / 3653);

  const auto& status = Find(valuation, "legal.status");
  EXPECT_EQ(status.value_label, "valid");
  EXPECT_EQ(status.score, 100);

  EXPECT_EQ(Find(valuation, "legal.claims").value, 5);
  EXPECT_EQ(Find(valuation, "legal.claims").score, 25);  // 5 of 20
  EXPECT_EQ(Find(valuation, "legal.independent_claims").value, 2);
  EXPECT_DOUBLE_EQ(Find(valuation, "legal.independent_claims").score, 200.0 / 3);  // 2 of 3

  // CN (own), US (priority), EP (family): 3 countries, 2 beyond the first, of 4.
  EXPECT_EQ(Find(valuation, "legal.family_countries").value, 3);
  EXPECT_EQ(Find(valuation, "legal.family_countries").score, 50);

  EXPECT_EQ(Find(valuation, "legal.stability").score, 100);
  EXPECT_FALSE(Find(valuation, "legal.litigation").known);
  EXPECT_EQ(Find(valuation, "legal.litigation").score, 0);

  // 7 in {0,1,1,3,7,7,12,20}: 4 below, 2 equal → (2·4 + 2) / (2·8) = 62.5 %.
  EXPECT_EQ(Find(valuation, "technical.forward_citations").value, 7);
  EXPECT_EQ(Find(valuation, "technical.forward_citations").score, 62.5);

  // Subclasses B64F, H01M (2 of 4); main groups B64F 1, H01M 2 (2 of 6).
  EXPECT_EQ(Find(valuation, "technical.ipc_subclasses").value, 2);
  EXPECT_EQ(Find(valuation, "technical.ipc_subclasses").score, 50);
  EXPECT_EQ(Find(valuation, "technical.ipc_groups").value, 2);
  EXPECT_DOUBLE_EQ(Find(valuation, "technical.ipc_groups").score, 100.0 / 3);

  // Cited 2004-09-29: 3652 days before filing (leap days 2008, 2012); cited
  // 2010-09-29: 1461 days (2012). Mean 2556.5; score 100 × (5479 − 2556.5) / 5479.
  // The non-patent citation does not count.
  const auto& age = Find(valuation, "technical.citation_age");
  EXPECT_EQ(age.value, 2556.5);
  EXPECT_NEAR(age.score, 53.340025552108049, 1e-12);

  EXPECT_DOUBLE_EQ(Find(valuation, "economic.transfers").score, 100.0 / 3);  // 1 of 3
  EXPECT_DOUBLE_EQ(Find(valuation, "economic.licences").score, 100.0 / 3);   // 1 of 3
  EXPECT_EQ(Find(valuation, "economic.pledges").score, 50);                  // 1 of 2
  EXPECT_TRUE(Find(valuation, "economic.open_licence").known);
  EXPECT_EQ(Find(valuation, "economic.open_licence").score, 0);
  // 10,000,000.00 yuan is the half-score revenue; 15 % of a full 30 % share.
  EXPECT_EQ(Find(valuation, "economic.product_revenue").score, 50);
  EXPECT_EQ(Find(valuation, "economic.market_share").score, 50);
}

TEST(Valuation, WeighsScoresIntoDimensionsAndTotal) {
  // Legal counts only the status, technical only the subclasses, economic
  // only the pledges: 100 × 0.5 + 50 × 0.3 + 50 × 0.2 = 75.
  std::vector<std::pair<std::string, int64_t>> entries = {{"legal", 5000},
                                                          {"technical", 3000},
                                                          {"economic", 2000},
                                                          {"legal.status", 10000},
                                                          {"technical.ipc_subclasses", 10000},
                                                          {"economic.pledges", 10000}};
  absl::StatusOr<Weights> weights = WeightsFromIds(entries);
  ASSERT_TRUE(weights.ok()) << weights.status();
  const Valuation valuation = MustEvaluate(SamplePatent(), SampleContext(), *weights);
  EXPECT_EQ(valuation.total, 75);
  EXPECT_EQ(valuation.dimensions[0].id, "legal");
  EXPECT_EQ(valuation.dimensions[0].score, 100);
  EXPECT_EQ(valuation.dimensions[0].contribution, 50);
  EXPECT_EQ(valuation.dimensions[1].score, 50);
  EXPECT_EQ(valuation.dimensions[1].contribution, 15);
  EXPECT_EQ(valuation.dimensions[2].contribution, 10);
  EXPECT_EQ(Find(valuation, "legal.status").contribution, 50);
  EXPECT_EQ(Find(valuation, "legal.status").weight_bp, 10000);
  EXPECT_EQ(Find(valuation, "economic.pledges").contribution, 10);
  EXPECT_EQ(Find(valuation, "legal.claims").weight_bp, 0);
  EXPECT_EQ(Find(valuation, "legal.claims").contribution, 0);
  EXPECT_EQ(Find(valuation, "legal.claims").score, 25);  // measured even when not weighed
}

TEST(Valuation, ContributionsAddUpToTheTotalUnderEveryPreset) {
  for (size_t pos = 0; pos < kScenarioCount; ++pos) {
    const auto scenario = static_cast<Scenario>(pos);
    const Valuation valuation =
        MustEvaluate(SamplePatent(), SampleContext(), PresetWeights(scenario));
    double sum = 0;
    std::array<double, kDimensionCount> by_dimension{};
    for (const auto& entry : valuation.indicators) {
      sum += entry.contribution;
      by_dimension[static_cast<size_t>(DimensionOf(entry.indicator))] +=
          entry.score * static_cast<double>(entry.weight_bp) / 10000;
    }
    EXPECT_NEAR(sum, valuation.total, 1e-9) << ScenarioId(scenario);
    for (size_t dim = 0; dim < kDimensionCount; ++dim) {
      EXPECT_NEAR(by_dimension[dim], valuation.dimensions[dim].score, 1e-9);
    }
    EXPECT_GT(valuation.total, 0);
    EXPECT_LT(valuation.total, 100);
  }
}

TEST(Valuation, EveryPresetSumsToExactlyOneAtEveryLevel) {
  std::set<std::string_view> ids;
  for (size_t pos = 0; pos < kScenarioCount; ++pos) {
    const auto scenario = static_cast<Scenario>(pos);
    const Weights& weights = PresetWeights(scenario);
    int64_t dimensions = 0;
    for (int64_t weight : weights.dimension) {
      EXPECT_GT(weight, 0);
      dimensions += weight;
    }
    EXPECT_EQ(dimensions, 10000) << ScenarioId(scenario);
    std::array<int64_t, kDimensionCount> sums{};
    for (size_t ind = 0; ind < kIndicatorCount; ++ind) {
      EXPECT_GE(weights.indicator[ind], 0);
      sums[static_cast<size_t>(DimensionOf(static_cast<Indicator>(ind)))] += weights.indicator[ind];
    }
    for (size_t dim = 0; dim < kDimensionCount; ++dim) {
      EXPECT_EQ(sums[dim], 10000) << ScenarioId(scenario) << " " << DimensionId(Dimension(dim));
    }
    EXPECT_TRUE(ValidateWeights(weights).ok());
    EXPECT_EQ(ScenarioFromId(ScenarioId(scenario)), scenario);
    EXPECT_TRUE(ids.insert(ScenarioId(scenario)).second);
  }
  EXPECT_EQ(ScenarioFromId("pledge_finance"), Scenario::kPledgeFinance);
  EXPECT_EQ(ScenarioFromId("pledge"), std::nullopt);
}

TEST(Valuation, WeightIdsListEveryWeightAndReadBack) {
  for (size_t pos = 0; pos < kScenarioCount; ++pos) {
    const Weights& preset = PresetWeights(static_cast<Scenario>(pos));
    const std::vector<std::pair<std::string, int64_t>> ids = WeightIds(preset);
    ASSERT_EQ(ids.size(), kDimensionCount + kIndicatorCount);
    EXPECT_EQ(ids[0], (std::pair<std::string, int64_t>{"legal", preset.dimension[0]}));
    EXPECT_EQ(ids[kDimensionCount].first, "legal.remaining_term");
    EXPECT_EQ(ids.back().first, "economic.market_share");
    absl::StatusOr<Weights> again = WeightsFromIds(ids);
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_EQ(again->dimension, preset.dimension);
    EXPECT_EQ(again->indicator, preset.indicator);
  }
}

TEST(Valuation, RefusesUserWeightsThatDoNotSumOrAreNegative) {
  const auto field_of = [](const absl::StatusOr<Weights>& weights) {
    return base::FieldOf(weights.status()).value_or("");
  };
  std::vector<std::pair<std::string, int64_t>> entries = {{"legal", 5000},
                                                          {"technical", 3000},
                                                          {"economic", 2000},
                                                          {"legal.status", 6000},
                                                          {"legal.claims", 4000},
                                                          {"technical.ipc_subclasses", 10000},
                                                          {"economic.pledges", 10000}};
  ASSERT_TRUE(WeightsFromIds(entries).ok());

  auto uneven = entries;
  uneven[4].second = 3990;  // legal: 6000 + 3990
  absl::StatusOr<Weights> weights = WeightsFromIds(uneven);
  ASSERT_EQ(weights.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(field_of(weights), "weights.legal");
  EXPECT_NE(weights.status().message().find("sum to 9990"), std::string::npos) << weights.status();

  auto negative = entries;
  negative[3].second = 14000;
  negative[4].second = -4000;
  weights = WeightsFromIds(negative);
  EXPECT_EQ(field_of(weights), "weights.legal.status");  // 14000 is out of range first
  negative[3].second = 10000;
  negative[4].second = 0;
  negative.push_back({"legal.stability", -1});
  negative.push_back({"legal.litigation", 1});
  weights = WeightsFromIds(negative);
  EXPECT_EQ(field_of(weights), "weights.legal.stability");
  EXPECT_NE(weights.status().message().find("-1"), std::string::npos);

  auto dimensions = entries;
  dimensions[0].second = 5001;
  weights = WeightsFromIds(dimensions);
  EXPECT_EQ(field_of(weights), "weights");
  EXPECT_NE(weights.status().message().find("sum to 10001"), std::string::npos);

  auto unknown = entries;
  unknown.push_back({"legal.beauty", 0});
  weights = WeightsFromIds(unknown);
  EXPECT_EQ(weights.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(field_of(weights), "weights.legal.beauty");

  auto repeated = entries;
  repeated.push_back({"legal", 5000});
  EXPECT_EQ(field_of(WeightsFromIds(repeated)), "weights.legal");

  EXPECT_FALSE(Evaluate(SamplePatent(), SampleContext(), Weights{}).ok());
}

TEST(Valuation, ReweighingEqualsEvaluatingWithTheOtherWeights) {
  const Valuation pledge =
      MustEvaluate(SamplePatent(), SampleContext(), PresetWeights(Scenario::kPledgeFinance));
  absl::StatusOr<Valuation> tax = Reweigh(pledge, PresetWeights(Scenario::kTax));
  ASSERT_TRUE(tax.ok());
  const Valuation direct =
      MustEvaluate(SamplePatent(), SampleContext(), PresetWeights(Scenario::kTax));
  EXPECT_EQ(tax->total, direct.total);  // the same operations in the same order
  EXPECT_NE(tax->total, pledge.total);
  for (size_t pos = 0; pos < kIndicatorCount; ++pos) {
    EXPECT_EQ(tax->indicators[pos].contribution, direct.indicators[pos].contribution);
  }
}

// The measurement of one indicator, for comparing two valuations.
bool SameMeasurement(const IndicatorScore& a, const IndicatorScore& b) {
  return a.known == b.known && a.value == b.value && a.value_label == b.value_label &&
         a.score == b.score;
}

TEST(Valuation, AChangedInputChangesOnlyTheIndicatorsThatDependOnIt) {
  struct Change {
    std::string name;
    std::function<void(Patent&, ValuationContext&)> apply;
    std::set<std::string_view> expected;
  };
  const auto event = [](std::string code, std::string date) {
    return LegalEvent{.code = std::move(code), .date = std::move(date), .text = ""};
  };
  const std::vector<Change> changes = {
      {"as_of a month later",
       [](Patent&, ValuationContext& c) { c.as_of = "2029-10-29"; },
       {"legal.remaining_term"}},
      {"filed earlier",
       [](Patent& p, ValuationContext&) { p.application_date = "2014-03-01"; },
       {"legal.remaining_term", "technical.citation_age"}},
      {"lapsed (CF01)",
       [&](Patent& p, ValuationContext&) { p.legal_events.push_back(event("CF01", "2025-01-01")); },
       {"legal.status", "legal.remaining_term"}},
      {"invalidated in full (IW01)",
       [&](Patent& p, ValuationContext&) { p.legal_events.push_back(event("IW01", "2025-01-01")); },
       {"legal.status", "legal.remaining_term", "legal.stability"}},
      {"partly invalidated (IP01)",
       [&](Patent& p, ValuationContext&) { p.legal_events.push_back(event("IP01", "2025-01-01")); },
       {"legal.stability"}},
      {"a dependent claim more",
       [](Patent& p, ValuationContext&) {
         p.claims.push_back(Claim{.number = 6, .text = "", .depends_on = {1}});
       },
       {"legal.claims"}},
      {"an independent claim more",
       [](Patent& p, ValuationContext&) {
         p.claims.push_back(Claim{.number = 6, .text = "", .depends_on = {}});
       },
       {"legal.claims", "legal.independent_claims"}},
      {"a JP priority",
       [](Patent& p, ValuationContext&) {
         p.priorities.push_back({.country = "JP", .number = "1", .date = "2013-10-01"});
       },
       {"legal.family_countries"}},
      {"a family member in KR",
       [](Patent&, ValuationContext& c) { c.family_countries.push_back("KR"); },
       {"legal.family_countries"}},
      {"a family member in a country already counted",
       [](Patent&, ValuationContext& c) { c.family_countries.push_back("us"); },
       {}},
      {"litigation known",
       [](Patent&, ValuationContext& c) { c.litigation_cases = 1; },
       {"legal.litigation"}},
      {"more forward citations",
       [](Patent&, ValuationContext& c) { c.forward_citations = 12; },
       {"technical.forward_citations"}},
      {"another cohort",
       [](Patent&, ValuationContext& c) {
         c.cohort = Cohort({7, 30, 40});
       },
       {"technical.forward_citations"}},
      {"an IPC in a new subclass",
       [](Patent& p, ValuationContext&) {
         p.ipc.push_back({.symbol = "G06F 17/30", .version = ""});
       },
       {"technical.ipc_subclasses", "technical.ipc_groups"}},
      {"an IPC in a new main group of a known subclass",
       [](Patent& p, ValuationContext&) {
         p.ipc.push_back({.symbol = "B64F 5/00", .version = ""});
       },
       {"technical.ipc_groups"}},
      {"an IPC in a known main group",
       [](Patent& p, ValuationContext&) { p.ipc.push_back({.symbol = "B64F1/40", .version = ""}); },
       {}},
      {"a dated patent citation more",
       [](Patent& p, ValuationContext&) {
         p.citations.push_back({.kind = Citation::Kind::kPatent,
                                .country = "CN",
                                .number = "3",
                                .date = "2000-01-01"});
       },
       {"technical.citation_age"}},
      {"a non-patent citation more",
       [](Patent& p, ValuationContext&) {
         p.citations.push_back(
             {.kind = Citation::Kind::kNonPatent, .date = "2000-01-01", .text = "x"});
       },
       {}},
      {"a transfer (TR01)",
       [&](Patent& p, ValuationContext&) { p.legal_events.push_back(event("TR01", "2021-01-01")); },
       {"economic.transfers"}},
      {"a licence (EE01)",
       [&](Patent& p, ValuationContext&) { p.legal_events.push_back(event("ee01", "2021-01-01")); },
       {"economic.licences"}},
      {"a pledge (PE01)",
       [&](Patent& p, ValuationContext&) { p.legal_events.push_back(event("PE01", "2021-01-01")); },
       {"economic.pledges"}},
      {"a pledge released (PC01), a licence cancelled (EC01)",
       [&](Patent& p, ValuationContext&) {
         p.legal_events.push_back(event("PC01", "2021-01-01"));
         p.legal_events.push_back(event("EC01", "2021-01-01"));
       },
       {}},
      {"a transfer after as_of",
       [&](Patent& p, ValuationContext&) { p.legal_events.push_back(event("TR01", "2030-01-01")); },
       {}},
      {"open licence declared",
       [](Patent&, ValuationContext& c) { c.open_licence = true; },
       {"economic.open_licence"}},
      {"more product revenue",
       [](Patent&, ValuationContext& c) { c.market.annual_revenue_fen = 3'000'000'000; },
       {"economic.product_revenue"}},
      {"market share unknown",
       [](Patent&, ValuationContext& c) { c.market.market_share_bp = std::nullopt; },
       {"economic.market_share"}},
      {"another title", [](Patent& p, ValuationContext&) { p.title = "another"; }, {}},
  };

  const Valuation before = MustEvaluate(SamplePatent(), SampleContext());
  for (const Change& change : changes) {
    Patent patent = SamplePatent();
    ValuationContext context = SampleContext();
    change.apply(patent, context);
    const Valuation after = MustEvaluate(patent, context);
    std::set<std::string_view> changed;
    for (size_t pos = 0; pos < kIndicatorCount; ++pos) {
      if (!SameMeasurement(before.indicators[pos], after.indicators[pos])) {
        changed.insert(before.indicators[pos].id);
      }
    }
    EXPECT_EQ(changed, change.expected) << change.name;
  }
}

TEST(Valuation, ScoresAPendingApplication) {
  Patent patent = SamplePatent();
  patent.type = patents::DocumentType::kCnInventionApplication;
  patent.kind = "A";
  patent.legal_events = {{.code = "PB01", .date = "2015-04-01", .text = ""}};
  ValuationContext context = SampleContext();
  context.as_of = "2016-01-01";
  const Valuation valuation = MustEvaluate(patent, context);
  EXPECT_EQ(Find(valuation, "legal.status").value_label, "pending");
  EXPECT_EQ(Find(valuation, "legal.status").score, 40);
  // 2016-01-01 → 2034-09-29 is more than ten years: full marks.
  EXPECT_EQ(Find(valuation, "legal.remaining_term").score, 100);
}

TEST(Valuation, ALapsedPatentHasNoRemainingTerm) {
  Patent patent = SamplePatent();
  patent.legal_events.push_back({.code = "CF01", .date = "2021-10-08", .text = ""});
  const Valuation valuation = MustEvaluate(patent, SampleContext());
  EXPECT_EQ(Find(valuation, "legal.status").value_label, "lapsed");
  EXPECT_EQ(Find(valuation, "legal.status").score, 0);
  EXPECT_TRUE(Find(valuation, "legal.remaining_term").known);
  EXPECT_EQ(Find(valuation, "legal.remaining_term").value, 0);
}

TEST(Valuation, PartialInvalidationsLowerStabilityAndFullInvalidationZeroesIt) {
  Patent patent = SamplePatent();
  patent.legal_events.push_back({.code = "IP01", .date = "2020-01-01", .text = ""});
  EXPECT_EQ(Find(MustEvaluate(patent, SampleContext()), "legal.stability").score, 50);
  patent.legal_events.push_back({.code = "IP01", .date = "2021-01-01", .text = ""});
  patent.legal_events.push_back({.code = "IP01", .date = "2022-01-01", .text = ""});
  EXPECT_EQ(Find(MustEvaluate(patent, SampleContext()), "legal.stability").score, 0);
  Patent invalid = SamplePatent();
  invalid.legal_events.push_back({.code = "IW01", .date = "2020-01-01", .text = ""});
  const Valuation valuation = MustEvaluate(invalid, SampleContext());
  EXPECT_EQ(Find(valuation, "legal.stability").score, 0);
  EXPECT_EQ(Find(valuation, "legal.stability").value, 1);
}

TEST(Valuation, MarksWhatTheDataDoNotSay) {
  Patent bare;
  bare.country = "CN";
  bare.type = patents::DocumentType::kCnUtilityModel;
  bare.application_date = "2020-05-06";
  const Valuation valuation = MustEvaluate(bare, ValuationContext{.as_of = "2024-01-01"});
  for (std::string_view id :
       {"legal.claims", "legal.independent_claims", "legal.litigation",
        "technical.forward_citations", "technical.ipc_subclasses", "technical.ipc_groups",
        "technical.citation_age", "economic.product_revenue", "economic.market_share"}) {
    EXPECT_FALSE(Find(valuation, id).known) << id;
    EXPECT_EQ(Find(valuation, id).score, 0) << id;
  }
  // What the record does say: in force, and a utility model's 10-year term
  // leaves 2024-01-01 → 2030-05-06 = 6 × 365 + 2 (2024, 2028) + 125 = 2317 days.
  EXPECT_TRUE(Find(valuation, "legal.remaining_term").known);
  EXPECT_EQ(Find(valuation, "legal.remaining_term").value, 2317);
  EXPECT_EQ(Find(valuation, "legal.family_countries").value, 1);
  EXPECT_EQ(Find(valuation, "legal.family_countries").score, 0);

  // Citations counted but no cohort to place them in: not scored.
  const Valuation no_cohort =
      MustEvaluate(bare, ValuationContext{.as_of = "2024-01-01", .forward_citations = 4});
  EXPECT_FALSE(Find(no_cohort, "technical.forward_citations").known);
  EXPECT_EQ(Find(no_cohort, "technical.forward_citations").value, 4);
}

TEST(Valuation, RefusesABadContextNamingTheField) {
  const auto field_of = [](const ValuationContext& context) {
    absl::StatusOr<Valuation> valuation =
        Evaluate(SamplePatent(), context, PresetWeights(Scenario::kTax));
    EXPECT_EQ(valuation.status().code(), absl::StatusCode::kInvalidArgument);
    return base::FieldOf(valuation.status()).value_or("");
  };
  ValuationContext context = SampleContext();
  context.as_of = "2029-02-30";
  EXPECT_EQ(field_of(context), "as_of");
  context = SampleContext();
  context.forward_citations = -1;
  EXPECT_EQ(field_of(context), "forward_citations");
  context = SampleContext();
  context.litigation_cases = -2;
  EXPECT_EQ(field_of(context), "litigation_cases");
  context = SampleContext();
  context.market.annual_revenue_fen = -1;
  EXPECT_EQ(field_of(context), "market.annual_revenue_fen");
  context = SampleContext();
  context.market.market_share_bp = 10001;
  EXPECT_EQ(field_of(context), "market.market_share_bp");
}

TEST(CitationCohort, RanksCountsByMidRankPercentile) {
  const auto cohort = Cohort({20, 0, 7, 1, 12, 1, 3, 7});  // any order
  ASSERT_EQ(cohort->size(), 8u);
  EXPECT_EQ(cohort->PercentileOf(0), 6.25);    // (0 + 1) / 16
  EXPECT_EQ(cohort->PercentileOf(1), 25);      // (2 + 2) / 16
  EXPECT_EQ(cohort->PercentileOf(5), 50);      // (8 + 0) / 16: between members
  EXPECT_EQ(cohort->PercentileOf(20), 93.75);  // (14 + 1) / 16
  EXPECT_EQ(cohort->PercentileOf(99), 100);
  EXPECT_EQ(Cohort({4})->PercentileOf(4), 50);
  EXPECT_FALSE(CitationCohort::Create({}).ok());
  EXPECT_FALSE(CitationCohort::Create({1, -1}).ok());
}

TEST(CitationCohort, KeyIsMainSubclassAndFilingYear) {
  Patent patent = SamplePatent();
  EXPECT_EQ(CohortKey(patent), "B64F/2014");
  patent.ipc_main = "";
  patent.ipc = {{.symbol = "h01m2/10", .version = ""}};
  EXPECT_EQ(CohortKey(patent), "H01M/2014");
  patent.application_date = "";
  EXPECT_EQ(CohortKey(patent), "");
  patent.application_date = "2014-09-29";
  patent.ipc = {{.symbol = "not ipc", .version = ""}};
  EXPECT_EQ(CohortKey(patent), "");
}

TEST(Grades, TenDistinctTotalsGetTheDocumentedGrades) {
  // Percentile ranks of 10 distinct totals are 5, 15, …, 95; the cut-offs
  // 90/70/30/10 give E, D, D, C, C, C, C, B, B, A from the lowest up.
  const std::vector<double> totals = {55, 15, 95, 35, 5, 75, 25, 85, 45, 65};  // shuffled
  const std::vector<CohortRank> ranks = RankWithinCohort(totals);
  ASSERT_EQ(ranks.size(), totals.size());
  std::string grades;
  std::vector<double> percentiles;
  for (double total = 5; total <= 95; total += 10) {
    for (size_t pos = 0; pos < totals.size(); ++pos) {
      if (totals[pos] == total) {
        grades += GradeId(ranks[pos].grade);
        percentiles.push_back(ranks[pos].percentile);
      }
    }
  }
  EXPECT_EQ(grades, "EDDCCCCBBA");
  EXPECT_EQ(percentiles, (std::vector<double>{5, 15, 25, 35, 45, 55, 65, 75, 85, 95}));
}

TEST(Grades, TiesShareARankAndCutOffsAreInclusive) {
  const std::vector<CohortRank> ranks = RankWithinCohort(std::vector<double>{40, 40, 40, 40});
  for (const auto& rank : ranks) {
    EXPECT_EQ(rank.percentile, 50);
    EXPECT_EQ(rank.grade, Grade::kC);
  }
  EXPECT_EQ(GradeForPercentile(90), Grade::kA);
  EXPECT_EQ(GradeForPercentile(89.99), Grade::kB);
  EXPECT_EQ(GradeForPercentile(70), Grade::kB);
  EXPECT_EQ(GradeForPercentile(30), Grade::kC);
  EXPECT_EQ(GradeForPercentile(29.99), Grade::kD);
  EXPECT_EQ(GradeForPercentile(10), Grade::kD);
  EXPECT_EQ(GradeForPercentile(9.99), Grade::kE);
  EXPECT_TRUE(RankWithinCohort(std::vector<double>{}).empty());
  // One patent alone is the middle of its cohort.
  EXPECT_EQ(RankWithinCohort(std::vector<double>{12.5})[0].percentile, 50);
}

}  // namespace
}  // namespace iphub::analytics
