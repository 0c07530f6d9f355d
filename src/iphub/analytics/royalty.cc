#include "iphub/analytics/royalty.h"

#include "iphub/base/civil_date.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/patents/legal_status.h"

namespace iphub::analytics {
namespace {

using base::Money;

constexpr int kMaxLifeYears = 50;
constexpr int kMaxSensitivitySteps = 5;
constexpr int64_t kMaxDiscountRateBp = 100000;
constexpr int64_t kBasisPoints = 10000;

absl::Status CheckRange(std::string_view field, int64_t value, int64_t low, int64_t high) {
  if (value < low || value > high) {
    return base::InvalidField(
        field, base::StrCat("must be between ", low, " and ", high, ", got ", value));
  }
  return absl::OkStatus();
}

int64_t DaysOf(std::string_view date) {
  const auto civil = base::ParseCivilDate(date);
  return base::DaysFromCivil(civil->year, civil->month, civil->day);
}

// The per-year rows and their sum at the given rates.
absl::StatusOr<RoyaltyValuation> Compute(const RoyaltyInputs& inputs, std::string_view as_of,
                                         std::string_view legal_term_end, int64_t royalty_rate_bp,
                                         int64_t discount_rate_bp) {
  RoyaltyValuation result;
  int64_t factor = kDiscountFactorScale;
  Money total;
  for (int year = 1; year <= inputs.economic_life_years; ++year) {
    RoyaltyYear row{.year = year,
                    .period_start = base::AddYears(as_of, year - 1),
                    .period_end = base::AddYears(as_of, year)};
    if (!legal_term_end.empty() && legal_term_end <= row.period_start) {
      result.capped_by_legal_term = true;
      break;
    }
    row.days_in_year = DaysOf(row.period_end) - DaysOf(row.period_start);
    row.days_in_term = row.days_in_year;
    if (!legal_term_end.empty() && legal_term_end < row.period_end) {
      row.days_in_term = DaysOf(legal_term_end) - DaysOf(row.period_start);
      result.capped_by_legal_term = true;
    }
    IPHUB_ASSIGN_OR_RETURN(row.revenue,
                           base::MultiplyByRatio(inputs.revenue[static_cast<size_t>(year - 1)],
                                                 row.days_in_term, row.days_in_year));
    IPHUB_ASSIGN_OR_RETURN(row.royalty, base::MultiplyByBasisPoints(row.revenue, royalty_rate_bp));
    IPHUB_ASSIGN_OR_RETURN(row.tax, base::MultiplyByBasisPoints(row.royalty, inputs.tax_rate_bp));
    IPHUB_ASSIGN_OR_RETURN(row.net_royalty, base::SubtractMoney(row.royalty, row.tax));
    // factor_k = round(factor_{k-1} × 10000 / (10000 + rate)).
    IPHUB_ASSIGN_OR_RETURN(
        factor, base::MultiplyDivide(factor, kBasisPoints, kBasisPoints + discount_rate_bp));
    row.discount_factor = factor;
    IPHUB_ASSIGN_OR_RETURN(row.present_value,
                           base::MultiplyByRatio(row.net_royalty, factor, kDiscountFactorScale));
    IPHUB_ASSIGN_OR_RETURN(total, base::AddMoney(total, row.present_value));
    result.years.push_back(std::move(row));
  }
  result.present_value = total;
  return result;
}

}  // namespace

absl::StatusOr<RoyaltyValuation> ReliefFromRoyalty(const RoyaltyInputs& inputs,
                                                   std::string_view as_of,
                                                   std::string_view legal_term_end) {
  if (!base::ParseCivilDate(as_of)) {
    return base::InvalidField("as_of",
                              base::StrCat("expected a date YYYY-MM-DD, got \"", as_of, "\""));
  }
  if (!legal_term_end.empty()) {
    if (!base::ParseCivilDate(legal_term_end)) {
      return base::InvalidField("legal_term_end", base::StrCat("expected a date YYYY-MM-DD, got \"",
                                                               legal_term_end, "\""));
    }
    if (legal_term_end <= as_of) {
      return absl::FailedPreconditionError(base::StrCat(
          "the legal term ended on ", legal_term_end, ", not after ", as_of, ": nothing to value"));
    }
  }
  IPHUB_RETURN_IF_ERROR(CheckRange("royalty_rate_bp", inputs.royalty_rate_bp, 0, 10000));
  IPHUB_RETURN_IF_ERROR(
      CheckRange("discount_rate_bp", inputs.discount_rate_bp, 0, kMaxDiscountRateBp));
  IPHUB_RETURN_IF_ERROR(CheckRange("tax_rate_bp", inputs.tax_rate_bp, 0, 10000));
  IPHUB_RETURN_IF_ERROR(
      CheckRange("economic_life_years", inputs.economic_life_years, 1, kMaxLifeYears));
  IPHUB_RETURN_IF_ERROR(
      CheckRange("sensitivity_steps", inputs.sensitivity_steps, 0, kMaxSensitivitySteps));
  IPHUB_RETURN_IF_ERROR(CheckRange("royalty_step_bp", inputs.royalty_step_bp, 0, 10000));
  IPHUB_RETURN_IF_ERROR(
      CheckRange("discount_step_bp", inputs.discount_step_bp, 0, kMaxDiscountRateBp));
  if (inputs.revenue.size() < static_cast<size_t>(inputs.economic_life_years)) {
    return base::InvalidField(
        "revenue", base::StrCat("the forecast covers ", inputs.revenue.size(),
                                " years, the economic life is ", inputs.economic_life_years));
  }
  for (size_t pos = 0; pos < inputs.revenue.size(); ++pos) {
    if (inputs.revenue[pos].fen() < 0) {
      return base::InvalidField(base::StrCat("revenue[", pos, "]"), "must not be negative");
    }
  }

  IPHUB_ASSIGN_OR_RETURN(
      RoyaltyValuation result,
      Compute(inputs, as_of, legal_term_end, inputs.royalty_rate_bp, inputs.discount_rate_bp));
  const int64_t steps = inputs.sensitivity_steps;
  for (int64_t royalty_step = -steps; royalty_step <= steps; ++royalty_step) {
    for (int64_t discount_step = -steps; discount_step <= steps; ++discount_step) {
      SensitivityCell cell{
          .royalty_rate_bp = inputs.royalty_rate_bp + royalty_step * inputs.royalty_step_bp,
          .discount_rate_bp = inputs.discount_rate_bp + discount_step * inputs.discount_step_bp};
      if (cell.royalty_rate_bp >= 0 && cell.royalty_rate_bp <= 10000 &&
          cell.discount_rate_bp >= 0 && cell.discount_rate_bp <= kMaxDiscountRateBp) {
        IPHUB_ASSIGN_OR_RETURN(
            RoyaltyValuation stepped,
            Compute(inputs, as_of, legal_term_end, cell.royalty_rate_bp, cell.discount_rate_bp));
        cell.present_value = stepped.present_value;
      }
      result.sensitivity.push_back(cell);
    }
  }
  return result;
}

absl::StatusOr<RoyaltyValuation> ReliefFromRoyalty(const patents::Patent& patent,
                                                   const RoyaltyInputs& inputs,
                                                   std::string_view as_of) {
  if (!base::ParseCivilDate(as_of)) {
    return base::InvalidField("as_of",
                              base::StrCat("expected a date YYYY-MM-DD, got \"", as_of, "\""));
  }
  const patents::DerivedStatus derived = patents::DeriveLegalStatus(patent, as_of);
  if (derived.status != patents::LegalStatus::kValid &&
      derived.status != patents::LegalStatus::kPending) {
    return absl::FailedPreconditionError(
        base::StrCat("the patent is ", patents::LegalStatusName(derived.status), " on ", as_of,
                     " (", derived.basis, "): it has no remaining life to value"));
  }
  return ReliefFromRoyalty(inputs, as_of, derived.expiry_date);
}

}  // namespace iphub::analytics
