// A monetary estimate of a patent by the relief-from-royalty income method
// (收益法 · 许可费节省法): the present value of the royalties the owner saves by
// owning the right rather than licensing it, over its remaining economic life,
// with a per-year table and a sensitivity table — for pledge and transfer use.
//
//   RoyaltyInputs inputs{.revenue = {Money::FromFen(100'000'000), …},
//                        .royalty_rate_bp = 500, .discount_rate_bp = 1000,
//                        .economic_life_years = 3, .tax_rate_bp = 2500};
//   absl::StatusOr<RoyaltyValuation> value = ReliefFromRoyalty(patent, inputs, "2024-06-30");
//   FormatMoney(value->present_value);   // "93,256.96"
//
// Method (docs/valuation.md, "Monetary estimate", works an example):
//  - Year k (k = 1 …) is [as_of + (k−1) years, as_of + k years). Years run for
//    the economic life, but not past the end of the legal term: a year the
//    term ends inside has its revenue prorated by days in term / days in year.
//  - royalty_k = revenue_k × royalty rate; tax_k = royalty_k × tax rate;
//    net_k = royalty_k − tax_k; present value_k = net_k × factor_k, each
//    rounded to the fen half away from zero (base/money.h), so every row can
//    be recomputed from the table's own columns. The total is the sum of the
//    rows' present values (it may differ from rounding once at the end by up
//    to half a fen per row).
//  - Discounting at the end of each year: factor_k approximates
//    1 / (1 + discount rate)^k in fixed point, 18 decimals:
//    factor_0 = 10^18, factor_k = round(factor_{k−1} × 10000 / (10000 + rate_bp)).
//    Integer only, so the same inputs give the same fen on every machine; the
//    factor's error is below k × 10^-18, far under a fen for any amount that fits.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/base/money.h"
#include "iphub/patents/model.h"

namespace iphub::analytics {

// The fixed-point scale of a discount factor: 10^18 is 1.
inline constexpr int64_t kDiscountFactorScale = 1'000'000'000'000'000'000;

struct RoyaltyInputs {
  // Forecast revenue of the products practising the patent, year 1, 2, … after
  // as_of; at least economic_life_years entries, none negative (later ones are ignored).
  std::vector<base::Money> revenue{};
  int64_t royalty_rate_bp = 0;   // 0..10000
  int64_t discount_rate_bp = 0;  // 0..100000 (0 % .. 1000 %)
  int economic_life_years = 0;   // 1..50, capped by the remaining legal term
  int64_t tax_rate_bp = 0;       // 0..10000; 0: before tax
  // Sensitivity table: rates ± steps × step, (2 × steps + 1)² cells; steps 0..5.
  int64_t royalty_step_bp = 0;   // ≥ 0
  int64_t discount_step_bp = 0;  // ≥ 0
  int sensitivity_steps = 0;
};

struct RoyaltyYear {
  int year = 0;                // 1-based
  std::string period_start{};  // [period_start, period_end), civil dates
  std::string period_end{};
  int64_t days_in_year = 0;  // days of the period
  int64_t days_in_term = 0;  // of them, before the legal term ends (= days_in_year unless capped)
  base::Money revenue{};     // the forecast, prorated when days_in_term < days_in_year
  base::Money royalty{};
  base::Money tax{};
  base::Money net_royalty{};
  int64_t discount_factor = 0;  // × 10^-18
  base::Money present_value{};
};

struct SensitivityCell {
  int64_t royalty_rate_bp = 0;
  int64_t discount_rate_bp = 0;
  // nullopt when a stepped rate leaves its range (a negative rate).
  std::optional<base::Money> present_value{};
};

struct RoyaltyValuation {
  base::Money present_value{};
  std::vector<RoyaltyYear> years{};
  // True when the legal term ended the years before the economic life did.
  bool capped_by_legal_term = false;
  // Row-major: royalty rate − steps … + steps, within each the discount rate
  // − steps … + steps. The middle cell is present_value.
  std::vector<SensitivityCell> sensitivity{};
};

// `as_of`: the valuation day, "YYYY-MM-DD" (Asia/Shanghai). `legal_term_end`:
// the first day the right no longer exists (DerivedStatus::expiry_date), or ""
// for no legal cap. InvalidArgument naming the field for a bad input;
// FailedPrecondition when the term ends on or before as_of; OutOfRange when an
// amount overflows.
absl::StatusOr<RoyaltyValuation> ReliefFromRoyalty(const RoyaltyInputs& inputs,
                                                   std::string_view as_of,
                                                   std::string_view legal_term_end);

// The same for a patent: the term end comes from DeriveLegalStatus on as_of.
// FailedPrecondition when the patent is not in force or pending on as_of
// (lapsed, expired, invalidated …): it has no remaining life to value.
absl::StatusOr<RoyaltyValuation> ReliefFromRoyalty(const patents::Patent& patent,
                                                   const RoyaltyInputs& inputs,
                                                   std::string_view as_of);

}  // namespace iphub::analytics
