// Civil dates (proleptic Gregorian calendar) and their arithmetic: the one
// place the platform turns "YYYY-MM-DD" into numbers and back. Dates are civil
// dates in Asia/Shanghai (UTC+8, no daylight saving since 1991).
//
//   std::optional<CivilDate> date = ParseCivilDate("2014-09-29");
//   int64_t days = DaysFromCivil(2014, 9, 29);       // days since 1970-01-01
//   AddYears("2012-02-29", 10) == "2022-02-28"
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace iphub::base {

struct CivilDate {
  int64_t year = 0;
  int month = 0;  // 1..12
  int day = 0;    // 1..31
};

bool IsLeapYear(int64_t year);
int DaysInMonth(int64_t year, int month);  // month 1..12

// Days since 1970-01-01 and back (H. Hinnant's days-from-civil arithmetic,
// eras of 400 years; valid for any date, also before 1970).
int64_t DaysFromCivil(int64_t year, int month, int day);
CivilDate CivilFromDays(int64_t days);

// "YYYY-MM-DD" naming a day that exists (2014-02-30 does not); nullopt otherwise.
std::optional<CivilDate> ParseCivilDate(std::string_view text);
std::string FormatCivilDate(const CivilDate& date);  // "2014-09-29"

// The same day `years` later; 29 February becomes 28 February in a common
// year. "" when `date` is not a day that exists.
std::string AddYears(std::string_view date, int years);

// Today's civil date in Asia/Shanghai for a Unix time in milliseconds.
std::string ShanghaiDate(int64_t unix_ms);

}  // namespace iphub::base
