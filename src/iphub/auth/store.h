// SQL for accounts: organisations, users, sessions, API tokens and login
// throttling. Functions take the connection (and so the caller's transaction);
// they check nothing about permissions — that is the service's job.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/auth/model.h"
#include "iphub/auth/permissions.h"
#include "iphub/db/database.h"

namespace iphub::auth::store {

template <typename T>
struct Page {
  std::vector<T> items{};
  int64_t total = 0;
};

struct OrgFilter {
  std::optional<std::string> name_contains{};
  std::optional<OrgType> type{};
  std::optional<std::string> region_prefix{};  // a region's subtree
};

absl::StatusOr<int64_t> InsertOrganization(db::Connection& conn, const Organization& org);
// NotFound when there is no such organisation.
absl::StatusOr<Organization> GetOrganization(db::Connection& conn, int64_t id);
absl::StatusOr<Page<Organization>> ListOrganizations(db::Connection& conn, const ListScope& scope,
                                                     const OrgFilter& filter, int64_t limit,
                                                     int64_t offset);
absl::Status UpdateOrganization(db::Connection& conn, const Organization& org);

struct UserFilter {
  std::optional<std::string> name_contains{};  // username or display name
  std::optional<int64_t> organization_id{};
  std::optional<Role> role{};
};

// The credentials row used at login.
struct UserCredentials {
  int64_t id = 0;
  std::string password_hash{};
  bool disabled = false;
};

absl::StatusOr<int64_t> InsertUser(db::Connection& conn, const User& user,
                                   std::string_view password_hash, int64_t now);
absl::StatusOr<User> GetUser(db::Connection& conn, int64_t id);
absl::StatusOr<std::optional<UserCredentials>> GetCredentials(db::Connection& conn,
                                                              std::string_view username);
absl::StatusOr<std::optional<UserCredentials>> GetCredentialsById(db::Connection& conn, int64_t id);
absl::StatusOr<Page<User>> ListUsers(db::Connection& conn, const ListScope& scope,
                                     const UserFilter& filter, int64_t limit, int64_t offset);
absl::Status UpdateUser(db::Connection& conn, const User& user, int64_t now);
absl::Status SetPasswordHash(db::Connection& conn, int64_t user_id, std::string_view hash,
                             int64_t now);
// Keeps organisation members' region in step with their organisation's.
absl::Status SetMembersRegion(db::Connection& conn, int64_t organization_id,
                              std::string_view region_code);

Principal PrincipalOf(const User& user);

struct SessionRow {
  int64_t user_id = 0;
  std::string csrf_token{};
  int64_t last_seen_at = 0;
};
absl::Status InsertSession(db::Connection& conn, std::string_view token_hash, int64_t user_id,
                           std::string_view csrf_token, int64_t now, std::string_view remote_addr);
absl::StatusOr<std::optional<SessionRow>> GetSession(db::Connection& conn,
                                                     std::string_view token_hash);
absl::Status TouchSession(db::Connection& conn, std::string_view token_hash, int64_t now);
absl::Status DeleteSession(db::Connection& conn, std::string_view token_hash);
// Ends every session of the user except `keep_hash` (empty: all).
absl::Status DeleteUserSessions(db::Connection& conn, int64_t user_id, std::string_view keep_hash);
absl::Status DeleteIdleSessions(db::Connection& conn, int64_t older_than);

struct ApiToken {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string name{};
  int64_t created_at = 0;
  std::optional<int64_t> last_used_at{};
};
absl::StatusOr<int64_t> InsertApiToken(db::Connection& conn, int64_t user_id, std::string_view name,
                                       std::string_view token_hash, int64_t now);
absl::StatusOr<std::vector<ApiToken>> ListApiTokens(db::Connection& conn, int64_t user_id);
absl::StatusOr<std::optional<ApiToken>> GetApiTokenByHash(db::Connection& conn,
                                                          std::string_view token_hash);
absl::Status TouchApiToken(db::Connection& conn, int64_t id, int64_t now);
// Returns false when no token of that user has that id.
absl::StatusOr<bool> DeleteApiToken(db::Connection& conn, int64_t user_id, int64_t id);

struct Throttle {
  int failures = 0;
  int64_t window_start = 0;
  int64_t locked_until = 0;
};
absl::StatusOr<Throttle> GetThrottle(db::Connection& conn, std::string_view key);
absl::Status PutThrottle(db::Connection& conn, std::string_view key, const Throttle& throttle);
absl::Status ClearThrottle(db::Connection& conn, std::string_view key);

}  // namespace iphub::auth::store
