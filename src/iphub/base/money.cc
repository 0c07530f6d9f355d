#include "iphub/base/money.h"

#include <limits>

#include "iphub/base/status.h"
#include "iphub/base/strings.h"

namespace iphub::base {
namespace {

constexpr int64_t kMaxFen = std::numeric_limits<int64_t>::max();

// The 0-based code-point offset of byte `byte` in `text` (UTF-8: every byte
// that is not a continuation byte starts a code point).
size_t CodePointOffset(std::string_view text, size_t byte) {
  size_t points = 0;
  for (size_t pos = 0; pos < byte && pos < text.size(); ++pos) {
    if ((static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80) ++points;
  }
  return points;
}

absl::Status ParseError(std::string_view text, size_t byte, std::string_view reason) {
  const size_t position = CodePointOffset(text, byte);
  return WithPosition(absl::InvalidArgumentError(StrCat("character ", position, ": ", reason)),
                      position);
}

bool ConsumePrefix(std::string_view text, size_t& pos, std::string_view prefix) {
  if (text.substr(pos, prefix.size()) != prefix) return false;
  pos += prefix.size();
  return true;
}

// Rounds numerator / denominator (denominator > 0) half away from zero.
__int128 DivideRounded(__int128 numerator, __int128 denominator) {
  const bool negative = numerator < 0;
  // |numerator| fits: callers never pass INT128_MIN (their products are ≤ 2^126).
  const __int128 magnitude = negative ? -numerator : numerator;
  __int128 quotient = magnitude / denominator;
  const __int128 remainder = magnitude % denominator;
  if (remainder >= denominator - remainder) ++quotient;  // remainder ≥ denominator / 2
  return negative ? -quotient : quotient;
}

absl::StatusOr<int64_t> FitInt64(__int128 value) {
  if (value > std::numeric_limits<int64_t>::max() || value < std::numeric_limits<int64_t>::min()) {
    return absl::OutOfRangeError("amount out of range (more than 9.2 × 10^16 yuan)");
  }
  return static_cast<int64_t>(value);
}

}  // namespace

absl::StatusOr<Money> ParseMoney(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size() && IsAsciiSpace(text[pos])) ++pos;
  size_t end = text.size();
  while (end > pos && IsAsciiSpace(text[end - 1])) --end;
  if (pos == end) return ParseError(text, pos, "empty amount");
  const std::string_view body = text.substr(0, end);

  const bool negative = ConsumePrefix(body, pos, "-");
  if (!ConsumePrefix(body, pos, "¥")) ConsumePrefix(body, pos, "￥");

  // Integer part, with optional ',' groups of three.
  const size_t number_start = pos;
  __int128 integer = 0;
  bool too_large = false;
  size_t integer_digits = 0;
  size_t group_start = pos;
  bool grouped = false;
  for (; pos < end; ++pos) {
    const char c = body[pos];
    if (IsAsciiDigit(c)) {
      if (grouped && pos - group_start == 3) {
        return ParseError(text, pos, "expected exactly 3 digits after ','");
      }
      if (!too_large) integer = integer * 10 + (c - '0');
      too_large = too_large || integer > kMaxFen;
      ++integer_digits;
    } else if (c == ',') {
      const size_t group = pos - group_start;
      if (group == 0) return ParseError(text, pos, "expected a digit");
      if (!grouped && group > 3) {
        return ParseError(text, pos, "at most 3 digits may come before the first ','");
      }
      if (grouped && group != 3) {
        return ParseError(text, pos, "expected exactly 3 digits between ','");
      }
      grouped = true;
      group_start = pos + 1;
    } else {
      break;
    }
  }
  if (integer_digits == 0 || pos == group_start) return ParseError(text, pos, "expected a digit");
  if (grouped && pos - group_start != 3) {
    return ParseError(text, pos, "expected exactly 3 digits after ','");
  }
  if (too_large) return ParseError(text, number_start, "amount too large");

  // Fraction.
  std::string_view fraction;
  size_t fraction_start = pos;
  if (pos < end && body[pos] == '.') {
    ++pos;
    fraction_start = pos;
    while (pos < end && IsAsciiDigit(body[pos])) ++pos;
    fraction = body.substr(fraction_start, pos - fraction_start);
    if (fraction.empty()) return ParseError(text, pos, "expected a digit after '.'");
  }

  // Unit: decimal places of a fen in it.
  int scale = 2;
  std::string_view unit_name = "元";
  if (ConsumePrefix(body, pos, "万")) {
    scale = 6;
    unit_name = "万";
    ConsumePrefix(body, pos, "元");
  } else if (ConsumePrefix(body, pos, "亿")) {
    scale = 10;
    unit_name = "亿";
    ConsumePrefix(body, pos, "元");
  } else {
    ConsumePrefix(body, pos, "元");
  }
  if (pos != end) {
    return ParseError(text, pos, "unexpected character: expected a digit, '.', or 元, 万元, 亿元");
  }
  if (fraction.size() > static_cast<size_t>(scale)) {
    return ParseError(text, fraction_start + static_cast<size_t>(scale),
                      StrCat("more than ", scale,
                             " decimal places: the smallest unit is one fen "
                             "(0.01 元) and the unit is ",
                             unit_name));
  }

  __int128 fen = integer;
  for (int place = 0; place < scale; ++place) {
    fen = fen * 10;
    if (place < static_cast<int>(fraction.size())) fen += fraction[place] - '0';
    if (fen > kMaxFen) return ParseError(text, number_start, "amount too large");
  }
  return Money::FromFen(static_cast<int64_t>(negative ? -fen : fen));
}

std::string FormatMoney(Money amount) {
  const int64_t fen = amount.fen();
  // The magnitude as unsigned: -INT64_MIN does not fit an int64.
  const uint64_t magnitude =
      fen < 0 ? static_cast<uint64_t>(-(fen + 1)) + 1 : static_cast<uint64_t>(fen);
  const std::string digits = std::to_string(magnitude / 100);
  std::string out;
  if (fen < 0) out += '-';
  for (size_t pos = 0; pos < digits.size(); ++pos) {
    if (pos > 0 && (digits.size() - pos) % 3 == 0) out += ',';
    out += digits[pos];
  }
  const uint64_t cents = magnitude % 100;
  out += '.';
  out += static_cast<char>('0' + cents / 10);
  out += static_cast<char>('0' + cents % 10);
  return out;
}

absl::StatusOr<Money> AddMoney(Money a, Money b) {
  IPHUB_ASSIGN_OR_RETURN(int64_t fen, FitInt64(static_cast<__int128>(a.fen()) + b.fen()));
  return Money::FromFen(fen);
}

absl::StatusOr<Money> SubtractMoney(Money a, Money b) {
  IPHUB_ASSIGN_OR_RETURN(int64_t fen, FitInt64(static_cast<__int128>(a.fen()) - b.fen()));
  return Money::FromFen(fen);
}

absl::StatusOr<int64_t> MultiplyDivide(int64_t value, int64_t numerator, int64_t denominator) {
  if (denominator <= 0) {
    return absl::InvalidArgumentError(StrCat("denominator must be positive, got ", denominator));
  }
  return FitInt64(DivideRounded(static_cast<__int128>(value) * numerator, denominator));
}

absl::StatusOr<Money> MultiplyByRatio(Money amount, int64_t numerator, int64_t denominator) {
  IPHUB_ASSIGN_OR_RETURN(int64_t fen, MultiplyDivide(amount.fen(), numerator, denominator));
  return Money::FromFen(fen);
}

absl::StatusOr<Money> MultiplyByBasisPoints(Money amount, int64_t basis_points) {
  return MultiplyByRatio(amount, basis_points, 10000);
}

}  // namespace iphub::base
