// Accounts service: logins and sessions, API tokens, organisations, users,
// regions and the audit log, with the permission rules applied and every
// important change audited in the same transaction. No HTTP here: routes.cc
// binds these functions to JSON.
//
// Thread-safe: each call borrows its own connection from the pool.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/auth/audit.h"
#include "iphub/auth/model.h"
#include "iphub/auth/permissions.h"
#include "iphub/auth/store.h"
#include "iphub/base/clock.h"
#include "iphub/db/database.h"

namespace iphub::auth {

struct AccountOptions {
  int login_max_failures = 5;          // wrong passwords per username before lock-out
  int64_t login_lockout_ms = 900'000;  // lock-out length, also the counting window
  int64_t session_idle_ms = 8LL * 3600 * 1000;
};

// Payload key carrying the seconds a locked-out client should wait.
inline constexpr std::string_view kRetryAfterPayloadKey = "iphub/retry-after";
std::optional<int64_t> RetryAfterSeconds(const absl::Status& status);

// An authenticated request's caller.
struct Caller {
  Principal principal{};
  enum class Via { kSession, kApiToken } via = Via::kSession;
  std::string session_hash{};  // for kSession
  std::string csrf_token{};    // for kSession
};

struct LoginResult {
  std::string session_token{};  // the cookie value (only its hash is stored)
  std::string csrf_token{};
  User user{};
};

struct NewApiToken {
  int64_t id = 0;
  std::string name{};
  std::string token{};  // shown once
};

struct OrganizationInput {
  std::optional<std::string> name{};
  std::optional<std::string> type{};
  std::optional<std::string> uscc{};
  std::optional<std::string> region_code{};
  std::optional<std::optional<std::string>> address{};  // outer: present; inner: null clears
  std::optional<std::optional<std::string>> contact{};
};

struct UserInput {
  std::optional<std::string> username{};
  std::optional<std::string> display_name{};
  std::optional<std::string> password{};
  std::optional<std::string> role{};
  std::optional<int64_t> organization_id{};
  std::optional<std::string> region_code{};
  std::optional<std::optional<std::string>> email{};
  std::optional<bool> disabled{};
};

struct PageRequest {
  int64_t limit = 20;
  int64_t offset = 0;
};

class AccountService {
 public:
  AccountService(db::Database& database, base::Clock& clock, AccountOptions options);

  // --- Sessions and tokens -------------------------------------------------
  // Unauthenticated for a wrong username or password or a disabled account;
  // ResourceExhausted (with RetryAfterSeconds) while the username is locked.
  absl::StatusOr<LoginResult> Login(std::string_view username, std::string_view password,
                                    std::string_view remote_addr);
  absl::Status Logout(const Caller& caller);
  // Unauthenticated for an unknown or expired session / token.
  absl::StatusOr<Caller> AuthenticateSession(std::string_view session_token);
  absl::StatusOr<Caller> AuthenticateApiToken(std::string_view token);
  absl::Status ChangePassword(const Caller& caller, std::string_view old_password,
                              std::string_view new_password);
  absl::StatusOr<std::vector<store::ApiToken>> ListApiTokens(const Principal& caller);
  absl::StatusOr<NewApiToken> CreateApiToken(const Principal& caller, std::string_view name);
  absl::Status RevokeApiToken(const Principal& caller, int64_t id);

  // --- Regions (public) ----------------------------------------------------
  absl::StatusOr<std::vector<Region>> ListRegions(std::string_view parent);
  absl::StatusOr<std::vector<Region>> RegionPath(std::string_view code);

  // --- Organisations -------------------------------------------------------
  // Records the caller may not see are NotFound, as if absent.
  absl::StatusOr<store::Page<Organization>> ListOrganizations(const Principal& caller,
                                                              const store::OrgFilter& filter,
                                                              PageRequest page);
  absl::StatusOr<Organization> GetOrganization(const Principal& caller, int64_t id);
  // The directory every logged-in user may search to name another organisation (an
  // agency to authorise, a supplier to invite): every organisation, the filter as for
  // ListOrganizations. Callers show only public facts (name, type, USCC, region).
  absl::StatusOr<store::Page<Organization>> OrganizationDirectory(const Principal& caller,
                                                                  const store::OrgFilter& filter,
                                                                  PageRequest page);
  absl::StatusOr<Organization> CreateOrganization(const Principal* caller,
                                                  const OrganizationInput& input);
  absl::StatusOr<Organization> UpdateOrganization(const Principal& caller, int64_t id,
                                                  const OrganizationInput& input);

  // --- Users ---------------------------------------------------------------
  absl::StatusOr<store::Page<User>> ListUsers(const Principal& caller,
                                              const store::UserFilter& filter, PageRequest page);
  absl::StatusOr<User> GetUser(const Principal& caller, int64_t id);
  // `caller` null: the system (CLI, demo), which may do anything.
  absl::StatusOr<User> CreateUser(const Principal* caller, const UserInput& input);
  absl::StatusOr<User> UpdateUser(const Principal& caller, int64_t id, const UserInput& input);
  absl::Status ResetPassword(const Principal* caller, int64_t id, std::string_view new_password);
  // For the CLI: all users (no permission filter), and lookup by name.
  absl::StatusOr<std::vector<User>> AllUsers();
  absl::StatusOr<User> FindUserByName(std::string_view username);

  // --- Audit ---------------------------------------------------------------
  absl::StatusOr<std::pair<std::vector<AuditEntry>, int64_t>> ListAudit(
      const Principal& caller, std::optional<std::string> action, PageRequest page);

 private:
  absl::StatusOr<Organization> ValidateOrganization(db::Connection& conn, Organization org,
                                                    const OrganizationInput& input);
  absl::Status FillUserScope(db::Connection& conn, User& user);

  db::Database& db_;
  base::Clock& clock_;
  AccountOptions options_{};
};

}  // namespace iphub::auth
