#include "iphub/auth/uscc.h"

#include "absl/strings/ascii.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"

namespace iphub::auth {
namespace {

constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

}  // namespace

absl::StatusOr<char> UsccCheckCharacter(std::string_view first17) {
  if (first17.size() != 17) {
    return base::InvalidField("uscc", "a check character needs exactly 17 characters");
  }
  int sum = 0;
  for (size_t pos = 0; pos < 17; ++pos) {
    size_t value = kCharset.find(first17[pos]);
    if (value == std::string_view::npos) {
      return base::InvalidField(
          "uscc", base::StrCat("character ", pos + 1, " ('", std::string(1, first17[pos]),
                               "') is not allowed in a unified social credit code"));
    }
    sum += static_cast<int>(value) * kWeights[pos];
  }
  return kCharset[(31 - sum % 31) % 31];
}

absl::StatusOr<std::string> NormalizeUscc(std::string_view code) {
  std::string upper = absl::AsciiStrToUpper(base::Sv(base::StripWhitespace(code)));
  if (upper.size() != 18) {
    return base::InvalidField(
        "uscc", base::StrCat("a unified social credit code has 18 characters, not ", upper.size()));
  }
  IPHUB_ASSIGN_OR_RETURN(char expected, UsccCheckCharacter(std::string_view(upper).substr(0, 17)));
  if (kCharset.find(upper[17]) == std::string_view::npos) {
    return base::InvalidField("uscc",
                              base::StrCat("character 18 ('", std::string(1, upper[17]),
                                           "') is not allowed in a unified social credit code"));
  }
  if (upper[17] != expected) {
    return base::InvalidField(
        "uscc", base::StrCat("check character is '", std::string(1, upper[17]), "', expected '",
                             std::string(1, expected), "'"));
  }
  return upper;
}

}  // namespace iphub::auth
