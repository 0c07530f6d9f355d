// Small cryptographic helpers over libsodium: SHA-256, random tokens and
// constant-time comparison. Thread-safe once InitCrypto() has returned.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace iphub::base {

// Initialises libsodium; call once at start-up (idempotent).
absl::Status InitCrypto();

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// `bytes` random bytes from the OS CSPRNG, hex encoded (2*bytes characters).
std::string RandomHex(size_t bytes);

// Compares two strings in time independent of where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace iphub::base
