// Patent numbers: CN application numbers with their check character, and
// classification symbol normalisation.
//
// CN application numbers (国家知识产权局《专利申请号标准》ZC 0006-2003): since
// 2003 twelve digits — year (4), type (1: 1 invention, 2 utility model,
// 3 design, 8 PCT invention entering CN, 9 PCT utility model) and serial (7) —
// then "." and a check character; before 2003 eight digits (year 2, type 1,
// serial 5). The check character is (sum of digit_i × w_i) mod 11 with weights
// 2,3,4,5,6,7,8,9,2,3,4,5 (eight-digit form: 2..9), written 'X' for 10.
// CNIPA's 2021 XML also carries a 15-digit form — type (2 digits), year (4),
// serial padded to 9 — e.g. 102021001286633 for 202111286633.X, which is mapped back.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace iphub::patents {

// The check character for the digits of a CN application number (8 or 12
// digits). InvalidArgument for any other input.
absl::StatusOr<char> CnApplicationCheckCharacter(std::string_view digits);

// Accepts "201410513187.5", "CN201410513187.5", "2014105131875", "ZL201410513187.5",
// " 201410513187 .5 ", the pre-2003 forms and the 15-digit standard form, and
// returns "201410513187.5". A number written without its check character gets
// it computed; one written with a wrong check character is InvalidArgument
// (field "application_number") naming the expected one.
absl::StatusOr<std::string> NormalizeCnApplicationNumber(std::string_view text);

// "A24B   15/18" / "A24B0015180000" / "A24B 15/18 (2006.01)" / "A24B15/18" → "A24B 15/18".
// Returns the input trimmed when it is not recognisably an IPC/CPC symbol.
std::string NormalizeClassificationSymbol(std::string_view text);

}  // namespace iphub::patents
