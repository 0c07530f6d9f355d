// UTF-8 one code point at a time, strictly: overlong forms, surrogates and
// values beyond U+10FFFF are errors, as RFC 3629 says.
//
//   for (size_t pos = 0; pos < text.size();) {
//     const int32_t code = NextCodePoint(text, pos);   // -1: not UTF-8 here
//   }
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace iphub::base {

inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

// Decodes the UTF-8 code point at `pos` and advances past it; -1 (advancing
// one byte) for an invalid or truncated sequence, an overlong form or a
// surrogate. `pos` must be < text.size().
int32_t NextCodePoint(std::string_view text, size_t& pos);

// Appends `code_point` as UTF-8; U+FFFD for a surrogate or a value beyond
// U+10FFFF.
void AppendCodePoint(std::string& out, int32_t code_point);

}  // namespace iphub::base
