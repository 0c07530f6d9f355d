// Password hashing with Argon2id (libsodium crypto_pwhash_str_alg, "interactive"
// limits: 2 passes, 64 MiB), and the password policy.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace iphub::auth {

// An encoded Argon2id hash ("$argon2id$v=19$..."), salt included.
absl::StatusOr<std::string> HashPassword(std::string_view password);

// True when `password` matches `encoded_hash`. False for a malformed hash.
bool VerifyPassword(std::string_view password, std::string_view encoded_hash);

// Spends about as long as VerifyPassword on a real hash; called when the user
// does not exist, so response time does not reveal which usernames exist.
void BurnPasswordCheck(std::string_view password);

// The policy: 8..128 characters (bytes), not all digits, not the username.
// InvalidArgument naming `field` otherwise.
absl::Status CheckPasswordPolicy(std::string_view password, std::string_view username,
                                 std::string_view field);

}  // namespace iphub::auth
