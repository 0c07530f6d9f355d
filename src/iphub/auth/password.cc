#include "iphub/auth/password.h"

#include <sodium.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"

namespace iphub::auth {

absl::StatusOr<std::string> HashPassword(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return absl::ResourceExhaustedError("not enough memory to hash the password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view password, std::string_view encoded_hash) {
  std::string hash(encoded_hash);  // must be NUL-terminated
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void BurnPasswordCheck(std::string_view password) {
  static const std::string* dummy = [] {
    auto hash = HashPassword("iphub-timing-equaliser");
    return new std::string(hash.ok() ? *hash : "");
  }();
  (void)VerifyPassword(password, *dummy);
}

absl::Status CheckPasswordPolicy(std::string_view password, std::string_view username,
                                 std::string_view field) {
  if (password.size() < 8) return base::InvalidField(field, "password needs at least 8 characters");
  if (password.size() > 128)
    return base::InvalidField(field, "password is longer than 128 characters");
  if (std::all_of(password.begin(), password.end(),
                  [](char c) { return absl::ascii_isdigit(c); })) {
    return base::InvalidField(field, "password must not be only digits");
  }
  if (base::EqualsIgnoreCase(password, username)) {
    return base::InvalidField(field, "password must differ from the username");
  }
  return absl::OkStatus();
}

}  // namespace iphub::auth
