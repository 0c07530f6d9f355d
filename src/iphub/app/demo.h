// `iphub demo`: a demonstration province (Shandong, 370000) with offices at
// every tier, organisations of each type and their accounts. Idempotent: a
// second run finds the accounts and changes nothing.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/auth/service.h"

namespace iphub::app {

struct DemoAccount {
  std::string username;
  std::string password;
  std::string role;
  std::string scope;  // region or organisation, for the printout
};

struct DemoResult {
  bool created = false;  // false: it was there already
  std::vector<DemoAccount> accounts;
};

// Only kLoad writes; kListOnly returns the account list for printing.
enum class DemoMode { kLoad, kListOnly };
absl::StatusOr<DemoResult> LoadDemo(auth::AccountService& accounts, DemoMode mode);

}  // namespace iphub::app
