#include "iphub/auth/store.h"

#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/db/where.h"

namespace iphub::auth::store {
namespace {

using db::Where;

std::string Like(std::string_view text) { return db::LikeContains(text); }

constexpr std::string_view kOrgSelect =
    "SELECT o.id, o.name, o.type, o.uscc, o.region_code, r.name, o.address, o.contact, "
    "o.created_at, o.updated_at FROM organizations o JOIN regions r ON r.code = o.region_code";

Organization OrgFromRow(const db::Row& row) {
  Organization org;
  org.id = row.Int(0);
  org.name = row.Text(1);
  org.type = ParseOrgType(row.Text(2)).value_or(OrgType::kOther);
  org.uscc = row.Text(3);
  org.region_code = row.Text(4);
  org.region_name = row.Text(5);
  org.address = row.OptText(6);
  org.contact = row.OptText(7);
  org.created_at = row.Int(8);
  org.updated_at = row.Int(9);
  return org;
}

constexpr std::string_view kUserSelect =
    "SELECT u.id, u.username, u.display_name, u.role, u.organization_id, o.name, u.region_code, "
    "r.name, u.email, u.disabled, u.created_at FROM users u "
    "LEFT JOIN organizations o ON o.id = u.organization_id "
    "LEFT JOIN regions r ON r.code = u.region_code";

User UserFromRow(const db::Row& row) {
  User user;
  user.id = row.Int(0);
  user.username = row.Text(1);
  user.display_name = row.Text(2);
  user.role = ParseRole(row.Text(3)).value_or(Role::kMember);
  user.organization_id = row.OptInt(4);
  user.organization_name = row.OptText(5);
  user.region_code = row.OptText(6);
  user.region_name = row.OptText(7);
  user.email = row.OptText(8);
  user.disabled = row.Int(9) != 0;
  user.created_at = row.Int(10);
  return user;
}

void ApplyScope(Where& where, const ListScope& scope, std::string_view region_column,
                std::string_view org_column, std::string_view id_column) {
  if (scope.everything) return;
  if (scope.nothing) where.AddRaw("1 = 0");
  if (scope.region_prefix.has_value()) {
    where.Add(base::StrCat(region_column, " LIKE ?"), base::StrCat(*scope.region_prefix, "%"));
  }
  if (scope.organization_id.has_value()) {
    where.Add(base::StrCat(org_column, " = ?"), *scope.organization_id);
  }
  if (scope.only_user_id.has_value())
    where.Add(base::StrCat(id_column, " = ?"), *scope.only_user_id);
}

}  // namespace

absl::StatusOr<int64_t> InsertOrganization(db::Connection& conn, const Organization& org) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query("INSERT INTO organizations (name, type, uscc, region_code, address, contact, "
                 "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
                 {org.name, OrgTypeName(org.type), org.uscc, org.region_code, org.address,
                  org.contact, org.created_at}));
  return result.rows[0].Int(0);
}

absl::StatusOr<Organization> GetOrganization(db::Connection& conn, int64_t id) {
  IPHUB_ASSIGN_OR_RETURN(auto result,
                         conn.Query(base::StrCat(kOrgSelect, " WHERE o.id = $1"), {id}));
  if (result.rows.empty()) return absl::NotFoundError("organization not found");
  return OrgFromRow(result.rows[0]);
}

absl::StatusOr<Page<Organization>> ListOrganizations(db::Connection& conn, const ListScope& scope,
                                                     const OrgFilter& filter, int64_t limit,
                                                     int64_t offset) {
  Where where;
  ApplyScope(where, scope, "o.region_code", "o.id", "o.id");
  if (filter.name_contains.has_value()) {
    where.Add("o.name LIKE ? ESCAPE '\\'", Like(*filter.name_contains));
  }
  if (filter.type.has_value()) where.Add("o.type = ?", OrgTypeName(*filter.type));
  if (filter.region_prefix.has_value()) {
    where.Add("o.region_code LIKE ?", base::StrCat(*filter.region_prefix, "%"));
  }
  IPHUB_ASSIGN_OR_RETURN(
      auto count, conn.Query(base::StrCat("SELECT COUNT(*) FROM organizations o", where.sql()),
                             where.params()));
  auto [limit_sql, params] = where.Paged(limit, offset);
  IPHUB_ASSIGN_OR_RETURN(
      auto rows,
      conn.Query(base::StrCat(kOrgSelect, where.sql(), " ORDER BY o.id", limit_sql), params));
  Page<Organization> page;
  page.total = count.rows[0].Int(0);
  for (const auto& row : rows.rows) page.items.push_back(OrgFromRow(row));
  return page;
}

absl::Status UpdateOrganization(db::Connection& conn, const Organization& org) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query("UPDATE organizations SET name = $2, type = $3, uscc = $4, region_code = $5, "
                 "address = $6, contact = $7, updated_at = $8 WHERE id = $1",
                 {org.id, org.name, OrgTypeName(org.type), org.uscc, org.region_code, org.address,
                  org.contact, org.updated_at}));
  if (result.affected_rows == 0) return absl::NotFoundError("organization not found");
  return absl::OkStatus();
}

absl::StatusOr<int64_t> InsertUser(db::Connection& conn, const User& user,
                                   std::string_view password_hash, int64_t now) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query("INSERT INTO users (username, display_name, password_hash, role, "
                 "organization_id, region_code, email, disabled, created_at, updated_at) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
                 {user.username, user.display_name, password_hash, RoleName(user.role),
                  user.organization_id, user.region_code, user.email, user.disabled, now}));
  return result.rows[0].Int(0);
}

absl::StatusOr<User> GetUser(db::Connection& conn, int64_t id) {
  IPHUB_ASSIGN_OR_RETURN(auto result,
                         conn.Query(base::StrCat(kUserSelect, " WHERE u.id = $1"), {id}));
  if (result.rows.empty()) return absl::NotFoundError("user not found");
  return UserFromRow(result.rows[0]);
}

namespace {
absl::StatusOr<std::optional<UserCredentials>> CredentialsFrom(absl::StatusOr<db::Result> result) {
  IPHUB_RETURN_IF_ERROR(result.status());
  if (result->rows.empty()) return std::optional<UserCredentials>();
  const auto& row = result->rows[0];
  return std::optional<UserCredentials>(UserCredentials{row.Int(0), row.Text(1), row.Int(2) != 0});
}
}  // namespace

absl::StatusOr<std::optional<UserCredentials>> GetCredentials(db::Connection& conn,
                                                              std::string_view username) {
  return CredentialsFrom(
      conn.Query("SELECT id, password_hash, disabled FROM users WHERE username = $1", {username}));
}

absl::StatusOr<std::optional<UserCredentials>> GetCredentialsById(db::Connection& conn,
                                                                  int64_t id) {
  return CredentialsFrom(
      conn.Query("SELECT id, password_hash, disabled FROM users WHERE id = $1", {id}));
}

absl::StatusOr<Page<User>> ListUsers(db::Connection& conn, const ListScope& scope,
                                     const UserFilter& filter, int64_t limit, int64_t offset) {
  Where where;
  ApplyScope(where, scope, "u.region_code", "u.organization_id", "u.id");
  if (scope.exclude_platform_admins) where.AddRaw("u.role <> 'platform_admin'");
  if (filter.name_contains.has_value()) {
    where.Add("(u.username LIKE ? ESCAPE '\\' OR u.display_name LIKE ? ESCAPE '\\')",
              Like(*filter.name_contains));
  }
  if (filter.organization_id.has_value())
    where.Add("u.organization_id = ?", *filter.organization_id);
  if (filter.role.has_value()) where.Add("u.role = ?", RoleName(*filter.role));
  IPHUB_ASSIGN_OR_RETURN(
      auto count,
      conn.Query(base::StrCat("SELECT COUNT(*) FROM users u", where.sql()), where.params()));
  auto [limit_sql, params] = where.Paged(limit, offset);
  IPHUB_ASSIGN_OR_RETURN(
      auto rows,
      conn.Query(base::StrCat(kUserSelect, where.sql(), " ORDER BY u.id", limit_sql), params));
  Page<User> page;
  page.total = count.rows[0].Int(0);
  for (const auto& row : rows.rows) page.items.push_back(UserFromRow(row));
  return page;
}

absl::Status UpdateUser(db::Connection& conn, const User& user, int64_t now) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query("UPDATE users SET display_name = $2, role = $3, organization_id = $4, "
                 "region_code = $5, email = $6, disabled = $7, updated_at = $8 WHERE id = $1",
                 {user.id, user.display_name, RoleName(user.role), user.organization_id,
                  user.region_code, user.email, user.disabled, now}));
  if (result.affected_rows == 0) return absl::NotFoundError("user not found");
  return absl::OkStatus();
}

absl::Status SetPasswordHash(db::Connection& conn, int64_t user_id, std::string_view hash,
                             int64_t now) {
  return conn.Exec("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1",
                   {user_id, hash, now});
}

absl::Status SetMembersRegion(db::Connection& conn, int64_t organization_id,
                              std::string_view region_code) {
  return conn.Exec("UPDATE users SET region_code = $2 WHERE organization_id = $1",
                   {organization_id, region_code});
}

Principal PrincipalOf(const User& user) {
  Principal principal;
  principal.user_id = user.id;
  principal.username = user.username;
  principal.role = user.role;
  principal.organization_id = user.organization_id;
  principal.region_code = user.region_code;
  return principal;
}

absl::Status InsertSession(db::Connection& conn, std::string_view token_hash, int64_t user_id,
                           std::string_view csrf_token, int64_t now, std::string_view remote_addr) {
  return conn.Exec(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, "
      "remote_addr) VALUES ($1, $2, $3, $4, $4, $5)",
      {token_hash, user_id, csrf_token, now, remote_addr});
}

absl::StatusOr<std::optional<SessionRow>> GetSession(db::Connection& conn,
                                                     std::string_view token_hash) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query("SELECT user_id, csrf_token, last_seen_at FROM sessions WHERE token_hash = $1",
                 {token_hash}));
  if (result.rows.empty()) return std::optional<SessionRow>();
  const auto& row = result.rows[0];
  return std::optional<SessionRow>(SessionRow{row.Int(0), row.Text(1), row.Int(2)});
}

absl::Status TouchSession(db::Connection& conn, std::string_view token_hash, int64_t now) {
  return conn.Exec("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1",
                   {token_hash, now});
}

absl::Status DeleteSession(db::Connection& conn, std::string_view token_hash) {
  return conn.Exec("DELETE FROM sessions WHERE token_hash = $1", {token_hash});
}

absl::Status DeleteUserSessions(db::Connection& conn, int64_t user_id, std::string_view keep_hash) {
  return conn.Exec("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2",
                   {user_id, keep_hash});
}

absl::Status DeleteIdleSessions(db::Connection& conn, int64_t older_than) {
  return conn.Exec("DELETE FROM sessions WHERE last_seen_at < $1", {older_than});
}

namespace {
ApiToken TokenFromRow(const db::Row& row) {
  return ApiToken{row.Int(0), row.Int(1), row.Text(2), row.Int(3), row.OptInt(4)};
}
constexpr std::string_view kTokenSelect =
    "SELECT id, user_id, name, created_at, last_used_at FROM api_tokens";
}  // namespace

absl::StatusOr<int64_t> InsertApiToken(db::Connection& conn, int64_t user_id, std::string_view name,
                                       std::string_view token_hash, int64_t now) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result, conn.Query("INSERT INTO api_tokens (user_id, name, token_hash, created_at) "
                              "VALUES ($1, $2, $3, $4) RETURNING id",
                              {user_id, name, token_hash, now}));
  return result.rows[0].Int(0);
}

absl::StatusOr<std::vector<ApiToken>> ListApiTokens(db::Connection& conn, int64_t user_id) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query(base::StrCat(kTokenSelect, " WHERE user_id = $1 ORDER BY id"), {user_id}));
  std::vector<ApiToken> tokens;
  for (const auto& row : result.rows) tokens.push_back(TokenFromRow(row));
  return tokens;
}

absl::StatusOr<std::optional<ApiToken>> GetApiTokenByHash(db::Connection& conn,
                                                          std::string_view token_hash) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result, conn.Query(base::StrCat(kTokenSelect, " WHERE token_hash = $1"), {token_hash}));
  if (result.rows.empty()) return std::optional<ApiToken>();
  return std::optional<ApiToken>(TokenFromRow(result.rows[0]));
}

absl::Status TouchApiToken(db::Connection& conn, int64_t id, int64_t now) {
  return conn.Exec("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1", {id, now});
}

absl::StatusOr<bool> DeleteApiToken(db::Connection& conn, int64_t user_id, int64_t id) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query("DELETE FROM api_tokens WHERE id = $1 AND user_id = $2", {id, user_id}));
  return result.affected_rows > 0;
}

absl::StatusOr<Throttle> GetThrottle(db::Connection& conn, std::string_view key) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result, conn.Query("SELECT failures, window_start, locked_until FROM login_throttle "
                              "WHERE throttle_key = $1",
                              {key}));
  if (result.rows.empty()) return Throttle{};
  const auto& row = result.rows[0];
  return Throttle{static_cast<int>(row.Int(0)), row.Int(1), row.Int(2)};
}

absl::Status PutThrottle(db::Connection& conn, std::string_view key, const Throttle& throttle) {
  return conn.Exec(
      "INSERT INTO login_throttle (throttle_key, failures, window_start, locked_until) "
      "VALUES ($1, $2, $3, $4) ON CONFLICT (throttle_key) DO UPDATE SET "
      "failures = excluded.failures, window_start = excluded.window_start, "
      "locked_until = excluded.locked_until",
      {key, throttle.failures, throttle.window_start, throttle.locked_until});
}

absl::Status ClearThrottle(db::Connection& conn, std::string_view key) {
  return conn.Exec("DELETE FROM login_throttle WHERE throttle_key = $1", {key});
}

}  // namespace iphub::auth::store
