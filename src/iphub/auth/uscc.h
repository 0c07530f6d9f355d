// 统一社会信用代码 (Unified Social Credit Code), GB 32100-2015.
//
// 18 characters from the 31-character set 0-9 A-H J-N P-R T U W-Y (no I, O,
// S, V, Z). The 18th is a check character: with c_i the value of the i-th
// character (its index in the set) and W_i = 3^(i-1) mod 31, the check value
// is 31 - (sum of c_i * W_i over i = 1..17) mod 31, with 31 written as 0.
// Source: GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》, clause 4 and annex B.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace iphub::auth {

// Validates `code` (surrounding spaces trimmed, lower case accepted) and
// returns it upper-cased. InvalidArgument naming field "uscc" otherwise, with
// the reason (length, character position, or the expected check character).
absl::StatusOr<std::string> NormalizeUscc(std::string_view code);

// The check character for the first 17 characters of a code (which must be
// from the set); used by the demo generator and tests.
absl::StatusOr<char> UsccCheckCharacter(std::string_view first17);

}  // namespace iphub::auth
