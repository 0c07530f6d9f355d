#include "iphub/analytics/royalty.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "iphub/base/status.h"

namespace iphub::analytics {
namespace {

using base::Money;

Money Fen(int64_t fen) { return Money::FromFen(fen); }

// The worked example of docs/valuation.md: revenue 1,000,000.00 yuan a year
// for 3 years, royalty 5 %, tax 25 %, discount 10 %.
RoyaltyInputs WorkedExample() {
  return RoyaltyInputs{.revenue = {Fen(100'000'000), Fen(100'000'000), Fen(100'000'000)},
                       .royalty_rate_bp = 500,
                       .discount_rate_bp = 1000,
                       .economic_life_years = 3,
                       .tax_rate_bp = 2500};
}

TEST(ReliefFromRoyalty, ComputesTheWorkedExample) {
  // Each year: royalty 100,000,000 × 5 % = 5,000,000 fen; tax 25 % of it =
  // 1,250,000; net 3,750,000.
  // Factors (10^18 = 1), each round(previous × 10000 / 11000):
  //   f1 = 10^18 / 1.1                     = 909090909090909090.90… → 909090909090909091
  //   f2 = 909090909090909091 × 10 / 11    = 826446280991735537.27… → 826446280991735537
  //   f3 = 826446280991735537 × 10 / 11    = 751314800901577760.90… → 751314800901577761
  // Present values, net × f / 10^18:
  //   3,750,000 × 0.909090909090909091 = 3,409,090.909… → 3,409,091
  //   3,750,000 × 0.826446280991735537 = 3,099,173.553… → 3,099,174
  //   3,750,000 × 0.751314800901577761 = 2,817,430.503… → 2,817,431
  // Total 9,325,696 fen = 93,256.96 yuan (exactly 3,750,000 × 2.48685199… =
  // 9,325,694.97: the rows' roundings add 1.03 fen).
  absl::StatusOr<RoyaltyValuation> value =
      ReliefFromRoyalty(WorkedExample(), "2024-06-30", "2034-09-29");
  ASSERT_TRUE(value.ok()) << value.status();
  ASSERT_EQ(value->years.size(), 3u);
  EXPECT_FALSE(value->capped_by_legal_term);
  const int64_t factors[] = {909090909090909091, 826446280991735537, 751314800901577761};
  const int64_t present_values[] = {3'409'091, 3'099'174, 2'817'431};
  for (size_t pos = 0; pos < 3; ++pos) {
    const RoyaltyYear& year = value->years[pos];
    EXPECT_EQ(year.year, static_cast<int>(pos) + 1);
    EXPECT_EQ(year.revenue, Fen(100'000'000));
    EXPECT_EQ(year.royalty, Fen(5'000'000));
    EXPECT_EQ(year.tax, Fen(1'250'000));
    EXPECT_EQ(year.net_royalty, Fen(3'750'000));
    EXPECT_EQ(year.discount_factor, factors[pos]) << pos;
    EXPECT_EQ(year.present_value, Fen(present_values[pos])) << pos;
    EXPECT_EQ(year.days_in_term, year.days_in_year);
  }
  EXPECT_EQ(value->years[0].period_start, "2024-06-30");
  EXPECT_EQ(value->years[0].period_end, "2025-06-30");
  EXPECT_EQ(value->years[0].days_in_year, 365);
  EXPECT_EQ(value->years[2].period_end, "2027-06-30");
  EXPECT_EQ(value->present_value, Fen(9'325'696));
  EXPECT_EQ(base::FormatMoney(value->present_value), "93,256.96");
}

TEST(ReliefFromRoyalty, ProratesTheYearTheLegalTermEndsIn) {
  // From 2024-01-01, term ends 2025-07-02, economic life 3 years, discount 5 %,
  // royalty 10 %, no tax.
  // Year 1 [2024-01-01, 2025-01-01): 366 days, all in term; revenue 10,000,000
  //   → royalty 1,000,000; f1 = 10^18 × 10000 / 10500 = 952380952380952380.95…
  //   → 952380952380952381; PV 1,000,000 × 0.952380952380952381 = 952,380.95 → 952,381.
  // Year 2 [2025-01-01, 2026-01-01): 365 days, 182 in term (31+28+31+30+31+30+1);
  //   revenue 36,500,000 × 182 / 365 = 18,200,000 → royalty 1,820,000;
  //   f2 = 952380952380952381 × 20 / 21 = 907029478458049886.67 → 907029478458049887;
  //   PV 1,820,000 × 0.907029478458049887 = 1,650,793.65 → 1,650,794.
  // Year 3 begins after the term: dropped. Total 952,381 + 1,650,794 = 2,603,175.
  RoyaltyInputs inputs{.revenue = {Fen(10'000'000), Fen(36'500'000), Fen(99'000'000)},
                       .royalty_rate_bp = 1000,
                       .discount_rate_bp = 500,
                       .economic_life_years = 3};
  absl::StatusOr<RoyaltyValuation> value = ReliefFromRoyalty(inputs, "2024-01-01", "2025-07-02");
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_TRUE(value->capped_by_legal_term);
  ASSERT_EQ(value->years.size(), 2u);
  EXPECT_EQ(value->years[0].days_in_year, 366);
  EXPECT_EQ(value->years[0].present_value, Fen(952'381));
  EXPECT_EQ(value->years[1].days_in_year, 365);
  EXPECT_EQ(value->years[1].days_in_term, 182);
  EXPECT_EQ(value->years[1].revenue, Fen(18'200'000));
  EXPECT_EQ(value->years[1].royalty, Fen(1'820'000));
  EXPECT_EQ(value->years[1].tax, Fen(0));
  EXPECT_EQ(value->years[1].discount_factor, 907029478458049887);
  EXPECT_EQ(value->years[1].present_value, Fen(1'650'794));
  EXPECT_EQ(value->present_value, Fen(2'603'175));
}

TEST(ReliefFromRoyalty, SensitivityTableSurroundsTheResult) {
  RoyaltyInputs inputs = WorkedExample();
  inputs.royalty_step_bp = 100;
  inputs.discount_step_bp = 500;
  inputs.sensitivity_steps = 1;
  absl::StatusOr<RoyaltyValuation> value = ReliefFromRoyalty(inputs, "2024-06-30", "");
  ASSERT_TRUE(value.ok()) << value.status();
  ASSERT_EQ(value->sensitivity.size(), 9u);
  // Row-major: royalty 400, 500, 600; within each, discount 500, 1000, 1500.
  EXPECT_EQ(value->sensitivity[0].royalty_rate_bp, 400);
  EXPECT_EQ(value->sensitivity[0].discount_rate_bp, 500);
  EXPECT_EQ(value->sensitivity[5].royalty_rate_bp, 500);
  EXPECT_EQ(value->sensitivity[5].discount_rate_bp, 1500);
  EXPECT_EQ(value->sensitivity[4].present_value, value->present_value);

  // Royalty 4 % at 10 %: net 4,000,000 − 1,000,000 = 3,000,000 a year;
  // 2,727,272.73 → 2,727,273; 2,479,338.84 → 2,479,339; 2,253,944.40 → 2,253,944.
  EXPECT_EQ(value->sensitivity[1].present_value, Fen(2'727'273 + 2'479'339 + 2'253'944));
  // Royalty 6 % at 5 %: net 4,500,000; factors 952380952380952381,
  // 907029478458049887, 863837598531476083 (= 907029478458049887 × 20 / 21,
  // 863837598531476082.86 rounded up); 4,285,714.29 → 4,285,714;
  // 4,081,632.65 → 4,081,633; 3,887,269.19 → 3,887,269.
  EXPECT_EQ(value->sensitivity[6].present_value, Fen(4'285'714 + 4'081'633 + 3'887'269));

  // Higher royalty: more; higher discount rate: less.
  for (size_t row = 0; row < 3; ++row) {
    for (size_t col = 0; col + 1 < 3; ++col) {
      EXPECT_GT(*value->sensitivity[row * 3 + col].present_value,
                *value->sensitivity[row * 3 + col + 1].present_value);
      EXPECT_LT(*value->sensitivity[col * 3 + row].present_value,
                *value->sensitivity[(col + 1) * 3 + row].present_value);
    }
  }
}

TEST(ReliefFromRoyalty, SensitivityCellsWithANegativeRateAreEmpty) {
  RoyaltyInputs inputs = WorkedExample();
  inputs.royalty_step_bp = 300;
  inputs.discount_step_bp = 600;
  inputs.sensitivity_steps = 2;
  absl::StatusOr<RoyaltyValuation> value = ReliefFromRoyalty(inputs, "2024-06-30", "");
  ASSERT_TRUE(value.ok()) << value.status();
  ASSERT_EQ(value->sensitivity.size(), 25u);
  int empty = 0;
  for (const SensitivityCell& cell : value->sensitivity) {
    const bool valid = cell.royalty_rate_bp >= 0 && cell.discount_rate_bp >= 0;
    EXPECT_EQ(cell.present_value.has_value(), valid)
        << cell.royalty_rate_bp << " " << cell.discount_rate_bp;
    if (!cell.present_value) ++empty;
  }
  // Royalty 500 − 2 × 300 < 0 (a row of 5); discount 1000 − 2 × 600 < 0 (a
  // column of 5); 9 cells in all.
  EXPECT_EQ(empty, 9);
}

TEST(ReliefFromRoyalty, AZeroDiscountRateSumsTheNetRoyalties) {
  RoyaltyInputs inputs = WorkedExample();
  inputs.discount_rate_bp = 0;
  absl::StatusOr<RoyaltyValuation> value = ReliefFromRoyalty(inputs, "2024-06-30", "");
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(value->present_value, Fen(int64_t{3} * 3'750'000));
  EXPECT_EQ(value->years[2].discount_factor, kDiscountFactorScale);
}

TEST(ReliefFromRoyalty, TakesTheTermFromThePatentsLegalStatus) {
  patents::Patent patent;
  patent.country = "CN";
  patent.type = patents::DocumentType::kCnUtilityModel;
  patent.application_date = "2015-07-02";  // 10-year term: ends 2025-07-02
  RoyaltyInputs inputs{.revenue = {Fen(10'000'000), Fen(36'500'000), Fen(99'000'000)},
                       .royalty_rate_bp = 1000,
                       .discount_rate_bp = 500,
                       .economic_life_years = 3};
  absl::StatusOr<RoyaltyValuation> value = ReliefFromRoyalty(patent, inputs, "2024-01-01");
  ASSERT_TRUE(value.ok()) << value.status();
  EXPECT_EQ(value->present_value, Fen(2'603'175));  // as in ProratesTheYearTheLegalTermEndsIn

  patent.legal_events = {{.code = "CF01", .date = "2023-09-01", .text = ""}};
  value = ReliefFromRoyalty(patent, inputs, "2024-01-01");
  EXPECT_EQ(value.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(value.status().message().find("lapsed"), std::string::npos) << value.status();
}

TEST(ReliefFromRoyalty, RefusesBadInputsNamingTheField) {
  const auto field_of = [](const RoyaltyInputs& inputs, std::string_view as_of = "2024-06-30",
                           std::string_view term_end = "") {
    absl::StatusOr<RoyaltyValuation> value = ReliefFromRoyalty(inputs, as_of, term_end);
    EXPECT_EQ(value.status().code(), absl::StatusCode::kInvalidArgument) << value.status();
    return base::FieldOf(value.status()).value_or("");
  };
  RoyaltyInputs inputs = WorkedExample();
  EXPECT_EQ(field_of(inputs, "2024-6-30"), "as_of");
  EXPECT_EQ(field_of(inputs, "2024-06-30", "soon"), "legal_term_end");
  inputs.royalty_rate_bp = 10001;
  EXPECT_EQ(field_of(inputs), "royalty_rate_bp");
  inputs = WorkedExample();
  inputs.discount_rate_bp = -1;
  EXPECT_EQ(field_of(inputs), "discount_rate_bp");
  inputs = WorkedExample();
  inputs.tax_rate_bp = 20000;
  EXPECT_EQ(field_of(inputs), "tax_rate_bp");
  inputs = WorkedExample();
  inputs.economic_life_years = 0;
  EXPECT_EQ(field_of(inputs), "economic_life_years");
  inputs = WorkedExample();
  inputs.economic_life_years = 4;  // the forecast has 3 years
  EXPECT_EQ(field_of(inputs), "revenue");
  inputs = WorkedExample();
  inputs.revenue[1] = Fen(-1);
  EXPECT_EQ(field_of(inputs), "revenue[1]");
  inputs = WorkedExample();
  inputs.sensitivity_steps = 6;
  EXPECT_EQ(field_of(inputs), "sensitivity_steps");

  absl::StatusOr<RoyaltyValuation> ended =
      ReliefFromRoyalty(WorkedExample(), "2024-06-30", "2024-06-30");
  EXPECT_EQ(ended.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(ReliefFromRoyalty, ReportsOverflowInsteadOfWrapping) {
  // Three years of the largest revenue at a 100 % royalty and no discount:
  // the sum of the rows exceeds INT64_MAX fen.
  const Money most = Money::FromFen(std::numeric_limits<int64_t>::max());
  RoyaltyInputs inputs{.revenue = {most, most, most},
                       .royalty_rate_bp = 10000,
                       .discount_rate_bp = 0,
                       .economic_life_years = 3};
  absl::StatusOr<RoyaltyValuation> value = ReliefFromRoyalty(inputs, "2024-06-30", "");
  EXPECT_EQ(value.status().code(), absl::StatusCode::kOutOfRange);
}

}  // namespace
}  // namespace iphub::analytics
