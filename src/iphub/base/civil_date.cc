#include "iphub/base/civil_date.h"

#include <cstdio>

namespace iphub::base {

bool IsLeapYear(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

int64_t DaysFromCivil(int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t shifted_month = (5 * day_of_year + 2) / 153;
  CivilDate date;
  date.day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  date.month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  date.year = year_of_era + era * 400 + (date.month <= 2 ? 1 : 0);
  return date;
}

std::optional<CivilDate> ParseCivilDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&text](size_t at, size_t length) -> int {
    int value = 0;
    for (size_t pos = at; pos < at + length; ++pos) {
      if (text[pos] < '0' || text[pos] > '9') return -1;
      value = value * 10 + (text[pos] - '0');
    }
    return value;
  };
  CivilDate date{.year = number(0, 4), .month = number(5, 2), .day = number(8, 2)};
  if (date.year < 0 || date.month < 1 || date.month > 12 || date.day < 1 ||
      date.day > DaysInMonth(date.year, date.month)) {
    return std::nullopt;
  }
  return date;
}

std::string FormatCivilDate(const CivilDate& date) {
  char text[48];
  std::snprintf(text, sizeof(text), "%04lld-%02d-%02d", static_cast<long long>(date.year),
                date.month, date.day);
  return text;
}

std::string AddYears(std::string_view date, int years) {
  std::optional<CivilDate> parsed = ParseCivilDate(date);
  if (!parsed.has_value()) return "";
  parsed->year += years;
  if (parsed->month == 2 && parsed->day == 29 && !IsLeapYear(parsed->year)) parsed->day = 28;
  return FormatCivilDate(*parsed);
}

std::string ShanghaiDate(int64_t unix_ms) {
  constexpr int64_t kDayMs = 86400000;
  const int64_t local_ms = unix_ms + int64_t{8} * 3600 * 1000;  // UTC+8
  const int64_t days = local_ms >= 0 ? local_ms / kDayMs : (local_ms - kDayMs + 1) / kDayMs;
  return FormatCivilDate(CivilFromDays(days));
}

}  // namespace iphub::base
