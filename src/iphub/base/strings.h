// Bridges std::string_view and Abseil's string functions.
//
// Debian 12's Abseil is built with ABSL_OPTION_USE_STD_STRING_VIEW 0, so
// absl::string_view is its own type and a std::string_view does not convert to
// it implicitly. Wrap such arguments: absl::StrCat("no region ", base::Sv(code)).
#pragma once

#include <string_view>

#include "absl/strings/string_view.h"

namespace iphub::base {

inline absl::string_view Sv(std::string_view text) { return {text.data(), text.size()}; }
inline std::string_view Sv(absl::string_view text) { return {text.data(), text.size()}; }

}  // namespace iphub::base

#include <initializer_list>
#include <string>
#include <type_traits>

namespace iphub::base {
namespace internal {

inline void AppendPiece(std::string& out, std::string_view text) { out.append(text); }
inline void AppendPiece(std::string& out, absl::string_view text) {
  out.append(text.data(), text.size());
}
inline void AppendPiece(std::string& out, const std::string& text) { out.append(text); }
inline void AppendPiece(std::string& out, const char* text) { out.append(text); }
template <typename Number>
requires(std::is_integral_v<Number> && !std::is_same_v<Number, bool> &&
         !std::is_same_v<Number, char>) void AppendPiece(std::string& out, Number value) {
  out += std::to_string(value);
}

}  // namespace internal

// Concatenates strings (std or absl views, std::string, C strings) and
// integers; absl::StrCat without the string_view mismatch described above.
template <typename... Pieces>
std::string StrCat(const Pieces&... pieces) {
  std::string out;
  (internal::AppendPiece(out, pieces), ...);
  return out;
}

template <typename... Pieces>
void StrAppend(std::string* out, const Pieces&... pieces) {
  (internal::AppendPiece(*out, pieces), ...);
}

}  // namespace iphub::base

namespace iphub::base {

inline bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
inline char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }
inline char AsciiUpper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }

inline std::string_view StripWhitespace(std::string_view text) {
  while (!text.empty() && IsAsciiSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsAsciiSpace(text.back())) text.remove_suffix(1);
  return text;
}

inline std::string AsciiLowerCopy(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

inline std::string AsciiUpperCopy(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = AsciiUpper(c);
  return out;
}

inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t pos = 0; pos < a.size(); ++pos) {
    if (AsciiLower(a[pos]) != AsciiLower(b[pos])) return false;
  }
  return true;
}

inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool IsAsciiAlpha(char c) { return IsAsciiUpper(c) || (c >= 'a' && c <= 'z'); }

// The number of Unicode code points of UTF-8 text (continuation bytes are not counted):
// what a user counts as characters in a length limit.
inline size_t CodePointCount(std::string_view utf8) {
  size_t count = 0;
  for (char c : utf8) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

// Whether `text` contains any of `fragments` (byte-wise; UTF-8 safe).
inline bool ContainsAny(std::string_view text, std::initializer_list<std::string_view> fragments) {
  for (std::string_view fragment : fragments) {
    if (text.find(fragment) != std::string_view::npos) return true;
  }
  return false;
}

inline bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && EqualsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

}  // namespace iphub::base
