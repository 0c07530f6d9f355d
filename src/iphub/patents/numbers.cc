#include "iphub/patents/numbers.h"

#include <cctype>
#include <optional>

#include "iphub/base/status.h"
#include "iphub/base/strings.h"

namespace iphub::patents {

absl::StatusOr<char> CnApplicationCheckCharacter(std::string_view digits) {
  if (digits.size() != 8 && digits.size() != 12) {
    return base::InvalidField(
        "application_number",
        base::StrCat("a CN application number has 8 or 12 digits, not ", digits.size()));
  }
  // Weights 2,3,...,9 then again 2,3,4,5 (ZC 0006-2003).
  int sum = 0;
  for (size_t pos = 0; pos < digits.size(); ++pos) {
    if (!base::IsAsciiDigit(digits[pos])) {
      return base::InvalidField("application_number",
                                base::StrCat("character ", pos + 1, " is not a digit"));
    }
    sum += (digits[pos] - '0') * static_cast<int>(2 + pos % 8);
  }
  int check = sum % 11;
  return check == 10 ? 'X' : static_cast<char>('0' + check);
}

absl::StatusOr<std::string> NormalizeCnApplicationNumber(std::string_view text) {
  // Keep digits and a trailing check character; drop spaces, dots, country and ZL prefixes.
  std::string compact;
  for (char c : text) {
    if (base::IsAsciiDigit(c) || c == 'X' || c == 'x')
      compact += static_cast<char>(std::toupper(c));
  }
  std::string digits;
  std::optional<char> given_check;
  if (compact.size() == 15 && compact.find('X') == std::string::npos && compact[1] == '0') {
    // The 15-digit form of CNIPA's 2021 XML: a two-digit type (the CN type digit
    // followed by 0: 10 invention, 20 utility model, 30 design), the year (4)
    // and the serial padded to 9 digits. 102021001286633 is 202111286633.X; the
    // Korean priority 10-2016-0063019 is written 102016000063019 the same way.
    std::string_view year = std::string_view(compact).substr(2, 4);
    std::string_view serial = std::string_view(compact).substr(6, 9);
    if (serial.substr(0, 2) != "00") {
      return base::InvalidField("application_number",
                                base::StrCat("'", text, "' has a serial longer than 7 digits"));
    }
    digits = base::StrCat(year, std::string(1, compact[0]), serial.substr(2));
  } else if (compact.size() == 13 || compact.size() == 9) {
    digits = compact.substr(0, compact.size() - 1);
    given_check = compact.back();
  } else if (compact.size() == 12 || compact.size() == 8) {
    digits = compact;
  } else {
    return base::InvalidField("application_number",
                              base::StrCat("'", text, "' is not a CN application number"));
  }
  if (digits.find('X') != std::string::npos) {
    return base::InvalidField("application_number",
                              base::StrCat("'", text, "': 'X' can only be the check character"));
  }
  IPHUB_ASSIGN_OR_RETURN(char check, CnApplicationCheckCharacter(digits));
  if (given_check.has_value() && *given_check != check) {
    return base::InvalidField(
        "application_number",
        base::StrCat("'", text, "': check character is '", std::string(1, *given_check),
                     "', expected '", std::string(1, check), "'"));
  }
  return base::StrCat(digits, ".", std::string(1, check));
}

std::string NormalizeClassificationSymbol(std::string_view text) {
  std::string_view trimmed = base::StripWhitespace(text);
  // Drop a trailing version "(2006.01)".
  if (auto paren = trimmed.find('('); paren != std::string_view::npos) {
    trimmed = base::StripWhitespace(trimmed.substr(0, paren));
  }
  std::string compact;
  for (char c : trimmed) {
    if (!base::IsAsciiSpace(c)) compact += c;
  }
  // Subclass: letter, two digits, letter (e.g. A24B).
  if (compact.size() < 5 || !std::isalpha(static_cast<unsigned char>(compact[0])) ||
      !base::IsAsciiDigit(compact[1]) || !base::IsAsciiDigit(compact[2]) ||
      !std::isalpha(static_cast<unsigned char>(compact[3]))) {
    return std::string(trimmed);
  }
  std::string subclass = compact.substr(0, 4);
  for (char& c : subclass) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string_view rest = std::string_view(compact).substr(4);
  std::string group, subgroup;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    group = std::string(rest.substr(0, slash));
    subgroup = std::string(rest.substr(slash + 1));
  } else if (rest.size() == 10 && rest.find_first_not_of("0123456789") == std::string_view::npos) {
    // Fixed-width form: 4-digit group, 6-digit subgroup (A24B0015180000).
    group = std::string(rest.substr(0, 4));
    subgroup = std::string(rest.substr(4));
    while (subgroup.size() > 2 && subgroup.back() == '0') subgroup.pop_back();
  } else {
    return std::string(trimmed);
  }
  while (group.size() > 1 && group.front() == '0') group.erase(0, 1);
  if (group.empty() || subgroup.empty() ||
      group.find_first_not_of("0123456789") != std::string::npos ||
      subgroup.find_first_not_of("0123456789") != std::string::npos) {
    return std::string(trimmed);
  }
  return base::StrCat(subclass, " ", group, "/", subgroup);
}

namespace {

// Offices whose two-letter code may prefix a number. A prefix outside this
// list is read as a series (US "RE", "PP").
bool IsOfficeCode(std::string_view code) {
  static constexpr std::string_view kOffices[] = {"CN", "US", "WO", "EP", "JP", "KR", "DE",
                                                  "GB", "FR", "TW", "HK", "CA", "AU", "RU"};
  for (std::string_view office : kOffices) {
    if (office == code) return true;
  }
  return false;
}

// Series prefixes of US numbers: design, reissue, plant, SIR, defensive publication.
bool IsSeries(std::string_view series) {
  return series.empty() || series == "D" || series == "RE" || series == "PP" || series == "P" ||
         series == "H" || series == "T" || series == "X" || series == "AI";
}

}  // namespace

absl::StatusOr<NumberQuery> ParseNumberQuery(std::string_view text) {
  std::string upper;
  for (char c : text) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string_view trimmed = base::StripWhitespace(upper);
  auto bad = [&](std::string_view why) {
    return base::InvalidField("number", base::StrCat("'", text, "' ", why));
  };
  if (trimmed.empty()) return bad("is empty");

  // A CN application number: digits (8 or 12) and a check character after a dot,
  // or 13 characters written without the dot; with an optional CN or ZL prefix.
  {
    std::string_view body = trimmed;
    if (body.starts_with("CN") || body.starts_with("ZL")) body.remove_prefix(2);
    std::string compact;
    bool only_number_chars = true;
    for (char c : body) {
      if (base::IsAsciiDigit(c) || c == 'X' || c == '.') {
        compact += c;
      } else if (c != ' ') {
        only_number_chars = false;
      }
    }
    const size_t dot = compact.find('.');
    const bool dotted =
        dot != std::string::npos && (dot == 8 || dot == 12) && compact.size() == dot + 2;
    const bool undotted =
        dot == std::string::npos && compact.size() == 13 && compact.find('X') >= 12;
    if (only_number_chars && (dotted || undotted)) {
      absl::StatusOr<std::string> normalised = NormalizeCnApplicationNumber(compact);
      if (!normalised.ok()) return base::WithField(normalised.status(), "number");
      NumberQuery query;
      query.country = "CN";
      query.application_number = *std::move(normalised);
      return query;
    }
  }

  // A publication number: [office] [series] digits [kind], punctuation ignored.
  std::string compact;
  for (char c : trimmed) {
    if (base::IsAsciiDigit(c) || base::IsAsciiUpper(c)) {
      compact += c;
    } else if (c != ' ' && c != ',' && c != '.' && c != '/' && c != '-' && c != '\t') {
      return bad(base::StrCat("has '", std::string(1, c), "', not part of a patent number"));
    }
  }
  NumberQuery query;
  std::string_view rest = compact;
  if (rest.size() > 2 && base::IsAsciiUpper(rest[0]) && base::IsAsciiUpper(rest[1]) &&
      IsOfficeCode(rest.substr(0, 2))) {
    query.country = std::string(rest.substr(0, 2));
    rest.remove_prefix(2);
  }
  size_t letters = 0;
  while (letters < rest.size() && base::IsAsciiUpper(rest[letters])) ++letters;
  std::string_view series = rest.substr(0, letters);
  if (!IsSeries(series)) return bad(base::StrCat("has an unknown prefix '", series, "'"));
  rest.remove_prefix(letters);
  size_t digits = 0;
  while (digits < rest.size() && base::IsAsciiDigit(rest[digits])) ++digits;
  if (digits == 0) return bad("has no digits");
  std::string_view number = rest.substr(0, digits);
  rest.remove_prefix(digits);
  if (!(rest.empty() || (rest.size() <= 2 && base::IsAsciiUpper(rest[0]) &&
                         (rest.size() == 1 || base::IsAsciiDigit(rest[1]))))) {
    return bad(base::StrCat("ends in '", rest, "', which is not a kind code"));
  }
  query.kind = std::string(rest);
  // Leading zeros are padding in every office's numbers (USD0534673 is D534673).
  while (number.size() > 1 && number.front() == '0') number.remove_prefix(1);
  query.number = base::StrCat(series, number);
  if (!series.empty() && query.country.empty()) query.country = "US";
  // Eight digits with nothing else may be a US application number (14/643,719).
  if (series.empty() && query.kind.empty() && (query.country.empty() || query.country == "US") &&
      digits == 8) {
    query.application_number = std::string(number);
  }
  return query;
}

std::string DocumentKey(std::string_view country, std::string_view number) {
  // Some sources write the office into the number too ("CN104223590A").
  const bool has_office = number.size() > 2 && base::StartsWithIgnoreCase(number, country);
  absl::StatusOr<NumberQuery> query =
      ParseNumberQuery(has_office ? std::string(number) : base::StrCat(country, number));
  if (!query.ok() || query->number.empty()) return "";
  std::string office = query->country.empty() ? std::string(country) : query->country;
  return base::StrCat(office, query->number);
}

std::string PatentDocumentKey(std::string_view country, std::string_view doc_number,
                              std::string_view publication_number) {
  if (std::string key = DocumentKey(country, doc_number); !key.empty()) return key;
  absl::StatusOr<NumberQuery> parsed = ParseNumberQuery(publication_number);
  if (parsed.ok() && !parsed->number.empty()) {
    std::string key =
        DocumentKey(parsed->country.empty() ? country : parsed->country, parsed->number);
    if (!key.empty()) return key;
  }
  return std::string(publication_number);
}

}  // namespace iphub::patents
