#include "iphub/base/money.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "iphub/base/status.h"

namespace iphub::base {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

int64_t FenOf(std::string_view text) {
  absl::StatusOr<Money> money = ParseMoney(text);
  EXPECT_TRUE(money.ok()) << text << ": " << money.status();
  return money.ok() ? money->fen() : -1;
}

// The error of parsing `text`: its message, which must carry the position
// payload equal to `position`.
std::string ErrorOf(std::string_view text, size_t position) {
  absl::StatusOr<Money> money = ParseMoney(text);
  EXPECT_FALSE(money.ok()) << text << " parsed as " << (money.ok() ? money->fen() : 0);
  if (money.ok()) return "";
  EXPECT_EQ(money.status().code(), absl::StatusCode::kInvalidArgument) << text;
  EXPECT_EQ(PositionOf(money.status()), position) << text << ": " << money.status();
  return std::string(money.status().message());
}

TEST(Money, ParsesYuanWithDecimalsGroupsAndUnits) {
  EXPECT_EQ(FenOf("12.34"), 1234);
  EXPECT_EQ(FenOf("12.34元"), 1234);
  EXPECT_EQ(FenOf("12.3"), 1230);
  EXPECT_EQ(FenOf("12"), 1200);
  EXPECT_EQ(FenOf("1,234.5"), 123450);
  EXPECT_EQ(FenOf("1,234,567"), 123456700);
  EXPECT_EQ(FenOf("0.05"), 5);
  EXPECT_EQ(FenOf("-5"), -500);
  EXPECT_EQ(FenOf("  8.00 "), 800);
  EXPECT_EQ(FenOf("¥8"), 800);
  EXPECT_EQ(FenOf("-￥8.5"), -850);
}

TEST(Money, ParsesWanAndYiUnits) {
  // 1.2万元 = 1.2 × 10,000 yuan = 12,000 yuan = 1,200,000 fen.
  EXPECT_EQ(FenOf("1.2万元"), 1200000);
  EXPECT_EQ(FenOf("1.2万"), 1200000);
  // 0.000001万 = 0.01 yuan = 1 fen: six decimals are allowed with 万.
  EXPECT_EQ(FenOf("0.000001万元"), 1);
  // 3亿元 = 3 × 10^8 yuan = 3 × 10^10 fen.
  EXPECT_EQ(FenOf("3亿元"), 30000000000);
  EXPECT_EQ(FenOf("1,000.5亿"), 10005000000000);
}

TEST(Money, ParsesTheLargestAmountAndRefusesOneFenMore) {
  // INT64_MAX fen = 9,223,372,036,854,775,807 fen = 92,233,720,368,547,758.07 yuan.
  EXPECT_EQ(FenOf("92233720368547758.07"), kMax);
  EXPECT_NE(ErrorOf("92233720368547758.08", 0).find("too large"), std::string::npos);
  EXPECT_NE(ErrorOf("99999999999999999999999", 0).find("too large"), std::string::npos);
  EXPECT_NE(ErrorOf("-1000000000亿", 1).find("too large"), std::string::npos);
}

TEST(Money, RefusesMalformedAmountsNamingThePosition) {
  EXPECT_EQ(ErrorOf("", 0), "character 0: empty amount");
  EXPECT_EQ(ErrorOf("   ", 3), "character 3: empty amount");
  EXPECT_EQ(ErrorOf("abc", 0), "character 0: expected a digit");
  EXPECT_EQ(ErrorOf("+5", 0), "character 0: expected a digit");
  EXPECT_EQ(ErrorOf("-", 1), "character 1: expected a digit");
  EXPECT_EQ(ErrorOf(".5", 0), "character 0: expected a digit");
  // '.' at 2, then nothing a digit: reported where the digit should be.
  EXPECT_EQ(ErrorOf("12..3", 3), "character 3: expected a digit after '.'");
  EXPECT_EQ(ErrorOf("12.", 3), "character 3: expected a digit after '.'");
  // The third decimal (index 5) is below one fen.
  EXPECT_NE(ErrorOf("12.345", 5).find("more than 2 decimal places"), std::string::npos);
  // With 万, the seventh decimal (index 2 + 6 = 8) is below one fen.
  EXPECT_NE(ErrorOf("1.2345678万元", 8).find("more than 6 decimal places"), std::string::npos);
  EXPECT_NE(ErrorOf("1.12345678901亿", 12).find("more than 10 decimal places"), std::string::npos);
}

TEST(Money, RefusesBadDigitGrouping) {
  EXPECT_EQ(ErrorOf("1,23", 4), "character 4: expected exactly 3 digits after ','");
  EXPECT_EQ(ErrorOf("1,2345", 5), "character 5: expected exactly 3 digits after ','");
  EXPECT_EQ(ErrorOf("1,23,456", 4), "character 4: expected exactly 3 digits between ','");
  EXPECT_EQ(ErrorOf("1234,567", 4), "character 4: at most 3 digits may come before the first ','");
  EXPECT_EQ(ErrorOf(",123", 0), "character 0: expected a digit");
  EXPECT_EQ(ErrorOf("1,,123", 2), "character 2: expected a digit");
  EXPECT_EQ(ErrorOf("1,", 2), "character 2: expected a digit");
  EXPECT_EQ(ErrorOf("1.234,5", 5).substr(0, 13), "character 5: ");
}

TEST(Money, CountsPositionsInCharactersNotBytes) {
  // "￥" and "元" are three bytes each in UTF-8 but one character.
  EXPECT_EQ(ErrorOf("￥x", 1), "character 1: expected a digit");
  EXPECT_NE(ErrorOf("12.34元x", 6).find("unexpected character"), std::string::npos);
  EXPECT_NE(ErrorOf("1.2美元", 3).find("unexpected character"), std::string::npos);
  EXPECT_NE(ErrorOf("1e5", 1).find("unexpected character"), std::string::npos);
  EXPECT_NE(ErrorOf("1 000", 1).find("unexpected character"), std::string::npos);
  EXPECT_NE(ErrorOf("5元元", 2).find("unexpected character"), std::string::npos);
}

TEST(Money, FormatsWithGroupsAndTwoDecimals) {
  EXPECT_EQ(FormatMoney(Money::FromFen(0)), "0.00");
  EXPECT_EQ(FormatMoney(Money::FromFen(5)), "0.05");
  EXPECT_EQ(FormatMoney(Money::FromFen(-5)), "-0.05");
  EXPECT_EQ(FormatMoney(Money::FromFen(99999)), "999.99");
  EXPECT_EQ(FormatMoney(Money::FromFen(100000)), "1,000.00");
  EXPECT_EQ(FormatMoney(Money::FromFen(123450)), "1,234.50");
  EXPECT_EQ(FormatMoney(Money::FromFen(-123456789)), "-1,234,567.89");
  EXPECT_EQ(FormatMoney(Money::FromFen(kMax)), "92,233,720,368,547,758.07");
  EXPECT_EQ(FormatMoney(Money::FromFen(kMin)), "-92,233,720,368,547,758.08");
}

TEST(Money, FormattedAmountsParseBack) {
  for (int64_t fen : {int64_t{0}, int64_t{1}, int64_t{-99}, int64_t{100}, int64_t{123456789},
                      int64_t{-100000000000}, kMax, kMin + 1}) {
    EXPECT_EQ(FenOf(FormatMoney(Money::FromFen(fen))), fen) << fen;
  }
}

TEST(Money, MultipliesByBasisPointsRoundingHalfAwayFromZero) {
  // 100.00 yuan × 3.5 % = 3.50 yuan.
  EXPECT_EQ(MultiplyByBasisPoints(Money::FromFen(10000), 350)->fen(), 350);
  // 1 fen × 50 % = 0.5 fen → 1 fen; -0.5 fen → -1 fen; 0.4999 fen → 0.
  EXPECT_EQ(MultiplyByBasisPoints(Money::FromFen(1), 5000)->fen(), 1);
  EXPECT_EQ(MultiplyByBasisPoints(Money::FromFen(-1), 5000)->fen(), -1);
  EXPECT_EQ(MultiplyByBasisPoints(Money::FromFen(1), 4999)->fen(), 0);
  // 5 fen × 50 % = 2.5 → 3 (half-even would give 2); 7 × 50 % = 3.5 → 4.
  EXPECT_EQ(MultiplyByBasisPoints(Money::FromFen(5), 5000)->fen(), 3);
  EXPECT_EQ(MultiplyByBasisPoints(Money::FromFen(7), 5000)->fen(), 4);
  // A negative rate is a discount.
  EXPECT_EQ(MultiplyByBasisPoints(Money::FromFen(10000), -250)->fen(), -250);
}

TEST(Money, MultipliesByExactRationals) {
  // 1.00 yuan / 3 = 33.33… fen → 33; 2.00 / 3 = 66.67 → 67; -2.00 / 3 → -67.
  EXPECT_EQ(MultiplyByRatio(Money::FromFen(100), 1, 3)->fen(), 33);
  EXPECT_EQ(MultiplyByRatio(Money::FromFen(200), 1, 3)->fen(), 67);
  EXPECT_EQ(MultiplyByRatio(Money::FromFen(-200), 1, 3)->fen(), -67);
  EXPECT_EQ(MultiplyByRatio(Money::FromFen(-200), -1, 3)->fen(), 67);
  // The product is formed in 128 bits: INT64_MAX × INT64_MAX / INT64_MAX is exact.
  EXPECT_EQ(MultiplyByRatio(Money::FromFen(kMax), kMax, kMax)->fen(), kMax);
  EXPECT_EQ(MultiplyDivide(kMin, kMax, kMax).value(), kMin);
}

TEST(Money, ReportsOverflowAndBadDenominatorsAsErrors) {
  EXPECT_EQ(MultiplyByBasisPoints(Money::FromFen(kMax), 20000).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(MultiplyByRatio(Money::FromFen(kMin), -1, 1).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(MultiplyByRatio(Money::FromFen(1), 1, 0).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(MultiplyByRatio(Money::FromFen(1), 1, -3).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AddMoney(Money::FromFen(kMax), Money::FromFen(1)).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(SubtractMoney(Money::FromFen(kMin), Money::FromFen(1)).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(AddMoney(Money::FromFen(kMax), Money::FromFen(kMin))->fen(), -1);
  EXPECT_EQ(SubtractMoney(Money::FromFen(5), Money::FromFen(7))->fen(), -2);
}

}  // namespace
}  // namespace iphub::base
