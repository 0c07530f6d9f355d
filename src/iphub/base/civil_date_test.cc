#include "iphub/base/civil_date.h"

#include <gtest/gtest.h>

namespace iphub::base {
namespace {

TEST(CivilDate, ParsesOnlyDaysThatExist) {
  auto date = ParseCivilDate("2014-09-29");
  ASSERT_TRUE(date.has_value());
  EXPECT_EQ(date->year, 2014);
  EXPECT_EQ(date->month, 9);
  EXPECT_EQ(date->day, 29);
  EXPECT_TRUE(ParseCivilDate("2012-02-29").has_value());
  EXPECT_FALSE(ParseCivilDate("2013-02-29").has_value());
  EXPECT_FALSE(ParseCivilDate("2014-02-30").has_value());
  EXPECT_FALSE(ParseCivilDate("2014-13-01").has_value());
  EXPECT_FALSE(ParseCivilDate("20140929").has_value());
  EXPECT_FALSE(ParseCivilDate("+014-09-29").has_value());
  EXPECT_FALSE(ParseCivilDate("").has_value());
}

TEST(CivilDate, DaysRoundTripAcrossEras) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  EXPECT_EQ(DaysFromCivil(1899, 12, 30), -25569);  // Excel's epoch
  for (int64_t days : {-800000, -25569, -1, 0, 59, 11016, 20000, 2932896}) {
    const CivilDate date = CivilFromDays(days);
    EXPECT_EQ(DaysFromCivil(date.year, date.month, date.day), days) << days;
  }
  EXPECT_EQ(FormatCivilDate(CivilFromDays(2932896)), "9999-12-31");
}

TEST(CivilDate, AddYearsKeepsTheDayAndMovesLeapDay) {
  EXPECT_EQ(AddYears("2009-03-25", 20), "2029-03-25");
  EXPECT_EQ(AddYears("2012-02-29", 10), "2022-02-28");
  EXPECT_EQ(AddYears("2012-02-29", 4), "2016-02-29");
  EXPECT_EQ(AddYears("2014-02-30", 1), "");
  EXPECT_EQ(AddYears("20120229", 1), "");
  EXPECT_EQ(AddYears("", 1), "");
}

TEST(CivilDate, ShanghaiDateIsUtcPlusEight) {
  // 2026-11-27T15:59:59Z is 23:59:59 in Shanghai; one second later it is the 28th.
  EXPECT_EQ(ShanghaiDate(1795795199000LL), "2026-11-27");
  EXPECT_EQ(ShanghaiDate(1795795200000LL), "2026-11-28");
  EXPECT_EQ(ShanghaiDate(0), "1970-01-01");
  EXPECT_EQ(ShanghaiDate(951753600000LL), "2000-02-29");  // 2000-02-28T16:00Z
  EXPECT_EQ(ShanghaiDate(-28800001LL), "1969-12-31");     // 1969-12-31T23:59:59.999+08
}

}  // namespace
}  // namespace iphub::base
