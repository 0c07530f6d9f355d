// Money as an exact count of fen (分, 0.01 yuan) in an int64, never a floating
// point number: parsing what people type, formatting for tables, and
// multiplying by rates with one stated rounding and checked overflow.
//
//   absl::StatusOr<Money> price = ParseMoney("1.2万元");   // 1,200,000 fen
//   FormatMoney(*price) == "12,000.00"
//   absl::StatusOr<Money> royalty = MultiplyByBasisPoints(*price, 350);  // 3.5 %: 420.00
//
// Rounding: every operation that can produce a fraction of a fen rounds half
// away from zero (四舍五入: 0.5 fen → 1 fen, -0.5 fen → -1 fen), exactly, in
// 128-bit integer arithmetic; the same inputs give the same fen on every machine.
//
// Range: |amount| ≤ INT64_MAX fen (about 9.2 × 10^16 yuan). Parsing a larger
// amount is InvalidArgument; arithmetic whose result leaves the range is
// OutOfRange. Nothing here is undefined behaviour on any input.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace iphub::base {

// An amount of money in fen. A plain value; copy it freely.
class Money {
 public:
  constexpr Money() = default;
  static constexpr Money FromFen(int64_t fen) { return Money(fen); }

  constexpr int64_t fen() const { return fen_; }

  friend constexpr bool operator==(Money, Money) = default;
  friend constexpr std::strong_ordering operator<=>(Money, Money) = default;

 private:
  constexpr explicit Money(int64_t fen) : fen_(fen) {}

  int64_t fen_ = 0;
};

// Parses an amount as people write it in yuan: "12.34", "12.34元", "1,234.5",
// "1.2万元", "3亿元", "-5", "¥8.00" (¥ or full-width ￥). Optional ASCII space
// around the amount; an optional '-' then an optional currency sign; digits,
// optionally grouped by ',' in threes ("1,234,567"; then every group after the
// first has exactly 3 digits); optionally '.' and at least one digit; an
// optional unit 元, 万/万元 (10^4 yuan) or 亿/亿元 (10^8 yuan). The fraction may
// not go below one fen: at most 2 decimals for yuan, 6 for 万, 10 for 亿.
// On bad input: InvalidArgument whose message starts "character N: " (N a
// 0-based code-point offset into `text`) and says what was wrong; N is also
// attached with WithPosition (read back with PositionOf).
absl::StatusOr<Money> ParseMoney(std::string_view text);

// "1,234.50", "-0.05", "0.00": yuan with thousands separators and two decimals,
// no unit. Every Money formats (INT64_MIN included).
std::string FormatMoney(Money amount);

// a + b and a - b; OutOfRange when the result leaves the range.
absl::StatusOr<Money> AddMoney(Money a, Money b);
absl::StatusOr<Money> SubtractMoney(Money a, Money b);

// value × numerator / denominator, computed exactly in 128 bits and rounded
// half away from zero. InvalidArgument when denominator ≤ 0; OutOfRange when
// the rounded result does not fit an int64. The one rounding rule of this file:
// the Money functions below, and the valuation's discounting, use it.
absl::StatusOr<int64_t> MultiplyDivide(int64_t value, int64_t numerator, int64_t denominator);

// amount × numerator / denominator (an exact rational rate), rounded half away
// from zero; errors as MultiplyDivide.
absl::StatusOr<Money> MultiplyByRatio(Money amount, int64_t numerator, int64_t denominator);

// amount × basis_points / 10000 (1 bp = 0.01 %; 350 is 3.5 %), rounded half
// away from zero. Negative rates are allowed (a discount); OutOfRange on overflow.
absl::StatusOr<Money> MultiplyByBasisPoints(Money amount, int64_t basis_points);

}  // namespace iphub::base
