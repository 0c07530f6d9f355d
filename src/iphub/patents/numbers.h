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

// A patent number as a user writes it, read for lookup: "US 7,473,466 B1",
// "US7473466", "USD0534673S1", "D534673", "CN104223590A", "US 2021/0267109 A1",
// or an application number ("201410513187.5", "CN201410513187.5", "14/643,719").
struct NumberQuery {
  std::string country{};  // "CN", "US" …; "" when not written
  // The document number without country and kind, leading zeros dropped after
  // a series prefix: "7473466", "D534673", "104223590", "20210267109".
  std::string number{};
  std::string kind{};  // "B1", "A"; "" when not written
  // Set when the text reads as an application number: a normalised CN number
  // ("201410513187.5"), or the digits of a US one ("14643719").
  std::string application_number{};
};

// InvalidArgument (field "number") when the text is neither.
absl::StatusOr<NumberQuery> ParseNumberQuery(std::string_view text);

// The key under which a document and the citations of it are matched:
// country + number without kind, e.g. "US7473466", "USD534673", "CN104223590".
// "" when the number cannot be read.
std::string DocumentKey(std::string_view country, std::string_view number);

// The document key of a patent record: from its country and doc_number, or,
// for a record that lacks doc_number, read from its publication number
// ("CN299990023U" -> "CN299990023"); the publication number itself when
// neither can be read.
std::string PatentDocumentKey(std::string_view country, std::string_view doc_number,
                              std::string_view publication_number);

}  // namespace iphub::patents
