#include "iphub/auth/service.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "iphub/auth/password.h"
#include "iphub/auth/regions.h"
#include "iphub/auth/uscc.h"
#include "iphub/base/crypto.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"

namespace iphub::auth {
namespace {

constexpr int64_t kTouchIntervalMs = 60'000;
constexpr std::string_view kApiTokenPrefix = "iph_";

absl::Status Locked(int64_t remaining_ms) {
  int64_t seconds = std::max<int64_t>(1, (remaining_ms + 999) / 1000);
  absl::Status status = absl::ResourceExhaustedError(base::StrCat(
      "too many failed logins for this account; try again in ", (seconds + 59) / 60, " minute(s)"));
  status.SetPayload(base::Sv(kRetryAfterPayloadKey), absl::Cord(std::to_string(seconds)));
  return status;
}

absl::Status CheckLength(std::string_view value, size_t min, size_t max, std::string_view field) {
  if (value.size() < min) {
    return base::InvalidField(field, min == 1
                                         ? "must not be empty"
                                         : base::StrCat("needs at least ", min, " characters"));
  }
  if (value.size() > max)
    return base::InvalidField(field, base::StrCat("longer than ", max, " bytes"));
  return absl::OkStatus();
}

absl::Status CheckUsername(std::string_view username) {
  IPHUB_RETURN_IF_ERROR(CheckLength(username, 3, 64, "username"));
  for (char c : username) {
    if (!absl::ascii_isalnum(c) && c != '.' && c != '_' && c != '-') {
      return base::InvalidField("username",
                                "use letters, digits, '.', '_' and '-' only (3-64 characters)");
    }
  }
  return absl::OkStatus();
}

// A read the caller may not make looks like a record that does not exist.
absl::Status HideDenied(absl::Status status, std::string_view what) {
  if (absl::IsPermissionDenied(status))
    return absl::NotFoundError(base::StrCat(what, " not found"));
  return status;
}

Resource OrgResource(const Organization& org) {
  return Resource{.kind = ResourceKind::kOrganization,
                  .region_code = org.region_code,
                  .organization_id = org.id};
}

Resource UserResource(const User& user) {
  return Resource{.kind = ResourceKind::kUser,
                  .region_code = user.region_code,
                  .organization_id = user.organization_id,
                  .user_id = user.id,
                  .role = user.role};
}

// Runs `fn` in a transaction on a pooled connection; commits when it succeeds.
template <typename Fn>
absl::Status InTransaction(db::Database& database, Fn&& fn) {
  IPHUB_ASSIGN_OR_RETURN(auto conn, database.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_RETURN_IF_ERROR(fn(*conn));
  return tx.Commit();
}

}  // namespace

std::optional<int64_t> RetryAfterSeconds(const absl::Status& status) {
  auto payload = status.GetPayload(base::Sv(kRetryAfterPayloadKey));
  int64_t seconds = 0;
  if (!payload.has_value() || !absl::SimpleAtoi(std::string(*payload), &seconds))
    return std::nullopt;
  return seconds;
}

AccountService::AccountService(db::Database& database, base::Clock& clock, AccountOptions options)
    : db_(database), clock_(clock), options_(options) {}

// --- Sessions and tokens ----------------------------------------------------

absl::StatusOr<LoginResult> AccountService::Login(std::string_view username,
                                                  std::string_view password,
                                                  std::string_view remote_addr) {
  IPHUB_RETURN_IF_ERROR(CheckLength(username, 1, 64, "username"));
  IPHUB_RETURN_IF_ERROR(CheckLength(password, 1, 1024, "password"));
  const int64_t now = clock_.NowMillis();
  const std::string key = base::StrCat("user:", base::AsciiLowerCopy(username));
  IPHUB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(store::Throttle throttle, store::GetThrottle(*conn, key));
  if (throttle.locked_until > now) return Locked(throttle.locked_until - now);

  IPHUB_ASSIGN_OR_RETURN(auto credentials, store::GetCredentials(*conn, username));
  bool password_ok = false;
  if (credentials.has_value()) {
    password_ok = VerifyPassword(password, credentials->password_hash);
  } else {
    BurnPasswordCheck(password);
  }
  std::optional<User> user;
  if (credentials.has_value()) {
    IPHUB_ASSIGN_OR_RETURN(user, store::GetUser(*conn, credentials->id));
  }

  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  if (!password_ok) {
    IPHUB_ASSIGN_OR_RETURN(throttle, store::GetThrottle(*conn, key));
    if (throttle.locked_until > now) return Locked(throttle.locked_until - now);
    if (now - throttle.window_start > options_.login_lockout_ms) {
      throttle.failures = 0;
      throttle.window_start = now;
    }
    ++throttle.failures;
    const bool lock_now = throttle.failures >= options_.login_max_failures;
    if (lock_now) {
      throttle = {
          .failures = 0, .window_start = now, .locked_until = now + options_.login_lockout_ms};
    }
    IPHUB_RETURN_IF_ERROR(store::PutThrottle(*conn, key, throttle));
    if (user.has_value()) {  // unknown names are not audited: anyone can type them
      IPHUB_RETURN_IF_ERROR(
          AppendAuditAs(*conn, user->id, user->username, now,
                        {.action = lock_now ? "auth.lockout" : "auth.login_failed",
                         .entity = "user",
                         .entity_id = std::to_string(user->id),
                         .region_code = user->region_code,
                         .detail = {{"remote_addr", remote_addr}}}));
    }
    IPHUB_RETURN_IF_ERROR(tx.Commit());
    return absl::UnauthenticatedError("wrong username or password");
  }
  if (credentials->disabled) return absl::UnauthenticatedError("this account is disabled");

  LoginResult result;
  result.session_token = base::RandomHex(32);
  result.csrf_token = base::RandomHex(16);
  result.user = *user;
  IPHUB_RETURN_IF_ERROR(store::ClearThrottle(*conn, key));
  IPHUB_RETURN_IF_ERROR(store::DeleteIdleSessions(*conn, now - options_.session_idle_ms));
  IPHUB_RETURN_IF_ERROR(store::InsertSession(*conn, base::Sha256Hex(result.session_token), user->id,
                                             result.csrf_token, now, remote_addr));
  IPHUB_RETURN_IF_ERROR(AppendAuditAs(*conn, user->id, user->username, now,
                                      {.action = "auth.login",
                                       .entity = "user",
                                       .entity_id = std::to_string(user->id),
                                       .region_code = user->region_code,
                                       .detail = {{"remote_addr", remote_addr}}}));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return result;
}

absl::Status AccountService::Logout(const Caller& caller) {
  if (caller.via != Caller::Via::kSession) return absl::OkStatus();
  return InTransaction(db_, [&](db::Connection& conn) -> absl::Status {
    IPHUB_RETURN_IF_ERROR(store::DeleteSession(conn, caller.session_hash));
    return AppendAudit(conn, &caller.principal, clock_.NowMillis(),
                       {.action = "auth.logout",
                        .entity = "user",
                        .entity_id = std::to_string(caller.principal.user_id),
                        .region_code = caller.principal.region_code});
  });
}

absl::StatusOr<Caller> AccountService::AuthenticateSession(std::string_view session_token) {
  if (session_token.empty() || session_token.size() > 128) {
    return absl::UnauthenticatedError("log in first");
  }
  const int64_t now = clock_.NowMillis();
  const std::string hash = base::Sha256Hex(session_token);
  IPHUB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(auto session, store::GetSession(*conn, hash));
  if (!session.has_value())
    return absl::UnauthenticatedError("your session has ended; log in again");
  if (now - session->last_seen_at > options_.session_idle_ms) {
    IPHUB_RETURN_IF_ERROR(store::DeleteSession(*conn, hash));
    return absl::UnauthenticatedError("your session expired; log in again");
  }
  IPHUB_ASSIGN_OR_RETURN(User user, store::GetUser(*conn, session->user_id));
  if (user.disabled) return absl::UnauthenticatedError("this account is disabled");
  if (now - session->last_seen_at > kTouchIntervalMs) {
    IPHUB_RETURN_IF_ERROR(store::TouchSession(*conn, hash, now));
  }
  return Caller{.principal = store::PrincipalOf(user),
                .via = Caller::Via::kSession,
                .session_hash = hash,
                .csrf_token = session->csrf_token};
}

absl::StatusOr<Caller> AccountService::AuthenticateApiToken(std::string_view token) {
  if (!token.starts_with(kApiTokenPrefix) || token.size() > 128) {
    return absl::UnauthenticatedError("malformed API token");
  }
  const int64_t now = clock_.NowMillis();
  IPHUB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(auto row, store::GetApiTokenByHash(*conn, base::Sha256Hex(token)));
  if (!row.has_value()) return absl::UnauthenticatedError("unknown or revoked API token");
  IPHUB_ASSIGN_OR_RETURN(User user, store::GetUser(*conn, row->user_id));
  if (user.disabled) return absl::UnauthenticatedError("this account is disabled");
  if (!row->last_used_at.has_value() || now - *row->last_used_at > kTouchIntervalMs) {
    IPHUB_RETURN_IF_ERROR(store::TouchApiToken(*conn, row->id, now));
  }
  return Caller{.principal = store::PrincipalOf(user), .via = Caller::Via::kApiToken};
}

absl::Status AccountService::ChangePassword(const Caller& caller, std::string_view old_password,
                                            std::string_view new_password) {
  const Principal& me = caller.principal;
  IPHUB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(auto credentials, store::GetCredentialsById(*conn, me.user_id));
  if (!credentials.has_value()) return absl::NotFoundError("user not found");
  if (!VerifyPassword(old_password, credentials->password_hash)) {
    return base::InvalidField("old_password", "the current password is wrong");
  }
  IPHUB_RETURN_IF_ERROR(CheckPasswordPolicy(new_password, me.username, "new_password"));
  if (new_password == old_password) {
    return base::InvalidField("new_password", "the new password equals the current one");
  }
  IPHUB_ASSIGN_OR_RETURN(std::string hash, HashPassword(new_password));
  const int64_t now = clock_.NowMillis();
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_RETURN_IF_ERROR(store::SetPasswordHash(*conn, me.user_id, hash, now));
  IPHUB_RETURN_IF_ERROR(store::DeleteUserSessions(*conn, me.user_id, caller.session_hash));
  IPHUB_RETURN_IF_ERROR(AppendAudit(*conn, &me, now,
                                    {.action = "user.password_change",
                                     .entity = "user",
                                     .entity_id = std::to_string(me.user_id),
                                     .region_code = me.region_code}));
  return tx.Commit();
}

absl::StatusOr<std::vector<store::ApiToken>> AccountService::ListApiTokens(
    const Principal& caller) {
  IPHUB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  return store::ListApiTokens(*conn, caller.user_id);
}

absl::StatusOr<NewApiToken> AccountService::CreateApiToken(const Principal& caller,
                                                           std::string_view name) {
  IPHUB_RETURN_IF_ERROR(CheckLength(name, 1, 100, "name"));
  NewApiToken token{.name = std::string(name),
                    .token = base::StrCat(kApiTokenPrefix, base::RandomHex(24))};
  IPHUB_RETURN_IF_ERROR(InTransaction(db_, [&](db::Connection& conn) -> absl::Status {
    const int64_t now = clock_.NowMillis();
    IPHUB_ASSIGN_OR_RETURN(token.id, store::InsertApiToken(conn, caller.user_id, name,
                                                           base::Sha256Hex(token.token), now));
    return AppendAudit(conn, &caller, now,
                       {.action = "api_token.create",
                        .entity = "api_token",
                        .entity_id = std::to_string(token.id),
                        .region_code = caller.region_code,
                        .detail = {{"name", name}}});
  }));
  return token;
}

absl::Status AccountService::RevokeApiToken(const Principal& caller, int64_t id) {
  return InTransaction(db_, [&](db::Connection& conn) -> absl::Status {
    IPHUB_ASSIGN_OR_RETURN(bool deleted, store::DeleteApiToken(conn, caller.user_id, id));
    if (!deleted) return absl::NotFoundError("API token not found");
    return AppendAudit(conn, &caller, clock_.NowMillis(),
                       {.action = "api_token.revoke",
                        .entity = "api_token",
                        .entity_id = std::to_string(id),
                        .region_code = caller.region_code});
  });
}

// --- Regions ------------------------------------------------------------------

absl::StatusOr<std::vector<Region>> AccountService::ListRegions(std::string_view parent) {
  if (!parent.empty()) IPHUB_RETURN_IF_ERROR(CheckRegionCodeSyntax(parent, "parent"));
  IPHUB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  return auth::ListRegions(*conn, parent);
}

absl::StatusOr<std::vector<Region>> AccountService::RegionPath(std::string_view code) {
  IPHUB_RETURN_IF_ERROR(CheckRegionCodeSyntax(code, "code"));
  IPHUB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  return auth::RegionPath(*conn, code);
}

// --- Organisations --------------------------------------------------------------

absl::StatusOr<store::Page<Organization>> AccountService::ListOrganizations(
    const Principal& caller, const store::OrgFilter& filter, PageRequest page) {
  IPHUB_RETURN_IF_ERROR(Authorize(&caller, Action::kList, {.kind = ResourceKind::kOrganization}));
  if (filter.region_prefix.has_value()) {
    IPHUB_RETURN_IF_ERROR(CheckRegionCodeSyntax(*filter.region_prefix, "region"));
  }
  store::OrgFilter narrowed = filter;
  if (filter.region_prefix.has_value()) {
    narrowed.region_prefix = std::string(ScopePrefix(*filter.region_prefix));
  }
  IPHUB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  return store::ListOrganizations(*conn, ListScopeFor(caller, ResourceKind::kOrganization),
                                  narrowed, page.limit, page.offset);
}

absl::StatusOr<store::Page<Organization>> AccountService::OrganizationDirectory(
    const Principal& caller, const store::OrgFilter& filter, PageRequest page) {
  (void)caller;  // any logged-in user: names, types and USCCs of organisations are public
  store::OrgFilter narrowed = filter;
  if (filter.region_prefix.has_value()) {
    IPHUB_RETURN_IF_ERROR(CheckRegionCodeSyntax(*filter.region_prefix, "region"));
    narrowed.region_prefix = std::string(ScopePrefix(*filter.region_prefix));
  }
  IPHUB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  return store::ListOrganizations(*conn, ListScope{.everything = true}, narrowed, page.limit,
                                  page.offset);
}

absl::StatusOr<Organization> AccountService::GetOrganization(const Principal& caller, int64_t id) {
  IPHUB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(Organization org, store::GetOrganization(*conn, id));
  IPHUB_RETURN_IF_ERROR(
      HideDenied(Authorize(&caller, Action::kRead, OrgResource(org)), "organization"));
  return org;
}

absl::StatusOr<Organization> AccountService::ValidateOrganization(db::Connection& conn,
                                                                  Organization org,
                                                                  const OrganizationInput& input) {
  if (input.name.has_value()) {
    org.name = std::string(base::StripWhitespace(*input.name));
  }
  IPHUB_RETURN_IF_ERROR(CheckLength(org.name, 1, 200, "name"));
  if (input.type.has_value()) {
    IPHUB_ASSIGN_OR_RETURN(org.type, ParseOrgType(*input.type));
  }
  if (input.uscc.has_value()) {
    IPHUB_ASSIGN_OR_RETURN(org.uscc, NormalizeUscc(*input.uscc));
  }
  if (org.uscc.empty()) return base::InvalidField("uscc", "must not be empty");
  if (input.region_code.has_value()) {
    IPHUB_RETURN_IF_ERROR(CheckRegionCodeSyntax(*input.region_code, "region_code"));
    auto region = GetRegion(conn, *input.region_code);
    if (absl::IsNotFound(region.status())) {
      return base::InvalidField("region_code", base::StrCat("unknown region ", *input.region_code));
    }
    IPHUB_RETURN_IF_ERROR(region.status());
    org.region_code = region->code;
    org.region_name = region->name;
  }
  if (org.region_code.empty()) return base::InvalidField("region_code", "must not be empty");
  if (input.address.has_value()) org.address = *input.address;
  if (input.contact.has_value()) org.contact = *input.contact;
  if (org.address.has_value()) IPHUB_RETURN_IF_ERROR(CheckLength(*org.address, 0, 500, "address"));
  if (org.contact.has_value()) IPHUB_RETURN_IF_ERROR(CheckLength(*org.contact, 0, 200, "contact"));
  return org;
}

absl::StatusOr<Organization> AccountService::CreateOrganization(const Principal* caller,
                                                                const OrganizationInput& input) {
  if (!input.name.has_value()) return base::InvalidField("name", "is required");
  if (!input.type.has_value()) return base::InvalidField("type", "is required");
  if (!input.uscc.has_value()) return base::InvalidField("uscc", "is required");
  if (!input.region_code.has_value()) return base::InvalidField("region_code", "is required");
  Organization org;
  IPHUB_RETURN_IF_ERROR(InTransaction(db_, [&](db::Connection& conn) -> absl::Status {
    IPHUB_ASSIGN_OR_RETURN(org, ValidateOrganization(conn, Organization{}, input));
    if (caller != nullptr) {
      IPHUB_RETURN_IF_ERROR(Authorize(caller, Action::kCreate, OrgResource(org)));
    }
    org.created_at = org.updated_at = clock_.NowMillis();
    auto id = store::InsertOrganization(conn, org);
    if (absl::IsAlreadyExists(id.status())) {
      return base::WithField(
          absl::AlreadyExistsError("an organization with this unified social credit code exists"),
          "uscc");
    }
    IPHUB_RETURN_IF_ERROR(id.status());
    org.id = *id;
    return AppendAudit(
        conn, caller, org.created_at,
        {.action = "organization.create",
         .entity = "organization",
         .entity_id = std::to_string(org.id),
         .region_code = org.region_code,
         .detail = {{"name", org.name}, {"type", OrgTypeName(org.type)}, {"uscc", org.uscc}}});
  }));
  return org;
}

absl::StatusOr<Organization> AccountService::UpdateOrganization(const Principal& caller, int64_t id,
                                                                const OrganizationInput& input) {
  Organization updated;
  IPHUB_RETURN_IF_ERROR(InTransaction(db_, [&](db::Connection& conn) -> absl::Status {
    IPHUB_ASSIGN_OR_RETURN(Organization current, store::GetOrganization(conn, id));
    IPHUB_RETURN_IF_ERROR(
        HideDenied(Authorize(&caller, Action::kRead, OrgResource(current)), "organization"));
    IPHUB_RETURN_IF_ERROR(Authorize(&caller, Action::kUpdate, OrgResource(current)));
    IPHUB_ASSIGN_OR_RETURN(updated, ValidateOrganization(conn, current, input));
    const bool identity_changed = updated.type != current.type || updated.uscc != current.uscc ||
                                  updated.region_code != current.region_code;
    if (identity_changed && caller.role != Role::kPlatformAdmin && caller.role != Role::kOfficial) {
      return absl::PermissionDeniedError(
          "only officials change an organization's type, code or region");
    }
    if (updated.region_code != current.region_code) {
      IPHUB_RETURN_IF_ERROR(Authorize(&caller, Action::kUpdate, OrgResource(updated)));
    }
    updated.updated_at = clock_.NowMillis();
    auto status = store::UpdateOrganization(conn, updated);
    if (absl::IsAlreadyExists(status)) {
      return base::WithField(
          absl::AlreadyExistsError("an organization with this unified social credit code exists"),
          "uscc");
    }
    IPHUB_RETURN_IF_ERROR(status);
    if (updated.region_code != current.region_code) {
      IPHUB_RETURN_IF_ERROR(store::SetMembersRegion(conn, id, updated.region_code));
    }
    nlohmann::json changes = nlohmann::json::object();
    if (updated.name != current.name) changes["name"] = {current.name, updated.name};
    if (updated.type != current.type) {
      changes["type"] = {OrgTypeName(current.type), OrgTypeName(updated.type)};
    }
    if (updated.uscc != current.uscc) changes["uscc"] = {current.uscc, updated.uscc};
    if (updated.region_code != current.region_code) {
      changes["region_code"] = {current.region_code, updated.region_code};
    }
    if (updated.address != current.address) changes["address"] = updated.address.value_or("");
    if (updated.contact != current.contact) changes["contact"] = updated.contact.value_or("");
    return AppendAudit(conn, &caller, updated.updated_at,
                       {.action = "organization.update",
                        .entity = "organization",
                        .entity_id = std::to_string(id),
                        .region_code = updated.region_code,
                        .detail = {{"changes", changes}}});
  }));
  return updated;
}

// --- Users ------------------------------------------------------------------------

absl::Status AccountService::FillUserScope(db::Connection& conn, User& user) {
  if (user.role == Role::kOfficial || user.role == Role::kPlatformAdmin) {
    if (user.role == Role::kOfficial && !user.region_code.has_value()) {
      return base::InvalidField("region_code", "an official needs a region");
    }
    if (user.region_code.has_value()) {
      IPHUB_RETURN_IF_ERROR(CheckRegionCodeSyntax(*user.region_code, "region_code"));
      auto region = GetRegion(conn, *user.region_code);
      if (absl::IsNotFound(region.status())) {
        return base::InvalidField("region_code",
                                  base::StrCat("unknown region ", *user.region_code));
      }
      IPHUB_RETURN_IF_ERROR(region.status());
      user.region_name = region->name;
    }
    if (user.organization_id.has_value()) {
      auto org = store::GetOrganization(conn, *user.organization_id);
      if (absl::IsNotFound(org.status())) {
        return base::InvalidField("organization_id", "unknown organization");
      }
      IPHUB_RETURN_IF_ERROR(org.status());
      user.organization_name = org->name;
    }
    return absl::OkStatus();
  }
  if (!user.organization_id.has_value()) {
    return base::InvalidField(
        "organization_id", base::StrCat("a ", RoleName(user.role), " belongs to an organization"));
  }
  auto org = store::GetOrganization(conn, *user.organization_id);
  if (absl::IsNotFound(org.status())) {
    return base::InvalidField("organization_id", "unknown organization");
  }
  IPHUB_RETURN_IF_ERROR(org.status());
  user.organization_name = org->name;
  user.region_code = org->region_code;
  user.region_name = org->region_name;
  return absl::OkStatus();
}

absl::StatusOr<store::Page<User>> AccountService::ListUsers(const Principal& caller,
                                                            const store::UserFilter& filter,
                                                            PageRequest page) {
  IPHUB_RETURN_IF_ERROR(Authorize(&caller, Action::kList, {.kind = ResourceKind::kUser}));
  IPHUB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  return store::ListUsers(*conn, ListScopeFor(caller, ResourceKind::kUser), filter, page.limit,
                          page.offset);
}

absl::StatusOr<User> AccountService::GetUser(const Principal& caller, int64_t id) {
  IPHUB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(User user, store::GetUser(*conn, id));
  IPHUB_RETURN_IF_ERROR(HideDenied(Authorize(&caller, Action::kRead, UserResource(user)), "user"));
  return user;
}

absl::StatusOr<User> AccountService::CreateUser(const Principal* caller, const UserInput& input) {
  if (!input.username.has_value()) return base::InvalidField("username", "is required");
  if (!input.password.has_value()) return base::InvalidField("password", "is required");
  if (!input.role.has_value()) return base::InvalidField("role", "is required");
  User user;
  user.username = *input.username;
  IPHUB_RETURN_IF_ERROR(CheckUsername(user.username));
  user.display_name =
      std::string(base::StripWhitespace(input.display_name.value_or(user.username)));
  IPHUB_RETURN_IF_ERROR(CheckLength(user.display_name, 1, 100, "display_name"));
  IPHUB_ASSIGN_OR_RETURN(user.role, ParseRole(*input.role));
  IPHUB_RETURN_IF_ERROR(CheckPasswordPolicy(*input.password, user.username, "password"));
  user.organization_id = input.organization_id;
  user.region_code = input.region_code;
  if (input.email.has_value()) user.email = *input.email;
  if (user.email.has_value()) IPHUB_RETURN_IF_ERROR(CheckLength(*user.email, 0, 200, "email"));
  user.disabled = input.disabled.value_or(false);
  IPHUB_ASSIGN_OR_RETURN(std::string hash, HashPassword(*input.password));

  IPHUB_RETURN_IF_ERROR(InTransaction(db_, [&](db::Connection& conn) -> absl::Status {
    IPHUB_RETURN_IF_ERROR(FillUserScope(conn, user));
    if (caller != nullptr) {
      IPHUB_RETURN_IF_ERROR(Authorize(caller, Action::kCreate, UserResource(user)));
    }
    user.created_at = clock_.NowMillis();
    auto id = store::InsertUser(conn, user, hash, user.created_at);
    if (absl::IsAlreadyExists(id.status())) {
      return base::WithField(absl::AlreadyExistsError("this username is taken"), "username");
    }
    IPHUB_RETURN_IF_ERROR(id.status());
    user.id = *id;
    return AppendAudit(conn, caller, user.created_at,
                       {.action = "user.create",
                        .entity = "user",
                        .entity_id = std::to_string(user.id),
                        .region_code = user.region_code,
                        .detail = {{"username", user.username},
                                   {"role", RoleName(user.role)},
                                   {"organization_id", user.organization_id.has_value()
                                                           ? nlohmann::json(*user.organization_id)
                                                           : nlohmann::json(nullptr)}}});
  }));
  return user;
}

absl::StatusOr<User> AccountService::UpdateUser(const Principal& caller, int64_t id,
                                                const UserInput& input) {
  User updated;
  IPHUB_RETURN_IF_ERROR(InTransaction(db_, [&](db::Connection& conn) -> absl::Status {
    IPHUB_ASSIGN_OR_RETURN(User current, store::GetUser(conn, id));
    IPHUB_RETURN_IF_ERROR(
        HideDenied(Authorize(&caller, Action::kRead, UserResource(current)), "user"));
    IPHUB_RETURN_IF_ERROR(Authorize(&caller, Action::kUpdate, UserResource(current)));
    if (input.username.has_value() && *input.username != current.username) {
      return base::InvalidField("username", "a username cannot be changed");
    }
    updated = current;
    if (input.display_name.has_value()) {
      updated.display_name = std::string(base::StripWhitespace(*input.display_name));
      IPHUB_RETURN_IF_ERROR(CheckLength(updated.display_name, 1, 100, "display_name"));
    }
    if (input.email.has_value()) updated.email = *input.email;
    if (updated.email.has_value())
      IPHUB_RETURN_IF_ERROR(CheckLength(*updated.email, 0, 200, "email"));
    if (input.role.has_value()) {
      IPHUB_ASSIGN_OR_RETURN(updated.role, ParseRole(*input.role));
    }
    if (input.disabled.has_value()) updated.disabled = *input.disabled;
    if (input.organization_id.has_value()) updated.organization_id = input.organization_id;
    if (input.region_code.has_value()) updated.region_code = input.region_code;
    const bool scope_changed = updated.role != current.role ||
                               updated.organization_id != current.organization_id ||
                               updated.region_code != current.region_code;
    if (id == caller.user_id && (scope_changed || updated.disabled != current.disabled)) {
      return absl::PermissionDeniedError("you cannot change your own role, scope or status");
    }
    if (scope_changed) {
      if (updated.role != Role::kOfficial && updated.role != Role::kPlatformAdmin &&
          !input.region_code.has_value()) {
        updated.region_code.reset();  // derived from the organisation again
      }
      IPHUB_RETURN_IF_ERROR(FillUserScope(conn, updated));
      IPHUB_RETURN_IF_ERROR(Authorize(&caller, Action::kUpdate, UserResource(updated)));
    }
    const int64_t now = clock_.NowMillis();
    IPHUB_RETURN_IF_ERROR(store::UpdateUser(conn, updated, now));
    if (updated.disabled && !current.disabled) {
      IPHUB_RETURN_IF_ERROR(store::DeleteUserSessions(conn, id, ""));
    }
    nlohmann::json changes = nlohmann::json::object();
    if (updated.display_name != current.display_name)
      changes["display_name"] = updated.display_name;
    if (updated.role != current.role)
      changes["role"] = {RoleName(current.role), RoleName(updated.role)};
    if (updated.disabled != current.disabled) changes["disabled"] = updated.disabled;
    if (updated.organization_id != current.organization_id) {
      changes["organization_id"] = updated.organization_id.has_value()
                                       ? nlohmann::json(*updated.organization_id)
                                       : nlohmann::json(nullptr);
    }
    if (updated.region_code != current.region_code) {
      changes["region_code"] = updated.region_code.value_or("");
    }
    if (updated.email != current.email) changes["email"] = updated.email.value_or("");
    return AppendAudit(conn, &caller, now,
                       {.action = "user.update",
                        .entity = "user",
                        .entity_id = std::to_string(id),
                        .region_code = updated.region_code,
                        .detail = {{"changes", changes}}});
  }));
  IPHUB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  return store::GetUser(*conn, id);
}

absl::Status AccountService::ResetPassword(const Principal* caller, int64_t id,
                                           std::string_view new_password) {
  IPHUB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(User target, store::GetUser(*conn, id));
  if (caller != nullptr) {
    IPHUB_RETURN_IF_ERROR(
        HideDenied(Authorize(caller, Action::kRead, UserResource(target)), "user"));
    IPHUB_RETURN_IF_ERROR(Authorize(caller, Action::kResetPassword, UserResource(target)));
  }
  IPHUB_RETURN_IF_ERROR(CheckPasswordPolicy(new_password, target.username, "new_password"));
  IPHUB_ASSIGN_OR_RETURN(std::string hash, HashPassword(new_password));
  const int64_t now = clock_.NowMillis();
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_RETURN_IF_ERROR(store::SetPasswordHash(*conn, id, hash, now));
  IPHUB_RETURN_IF_ERROR(store::DeleteUserSessions(*conn, id, ""));
  IPHUB_RETURN_IF_ERROR(
      store::ClearThrottle(*conn, base::StrCat("user:", base::AsciiLowerCopy(target.username))));
  IPHUB_RETURN_IF_ERROR(AppendAudit(*conn, caller, now,
                                    {.action = "user.password_reset",
                                     .entity = "user",
                                     .entity_id = std::to_string(id),
                                     .region_code = target.region_code}));
  return tx.Commit();
}

absl::StatusOr<std::vector<User>> AccountService::AllUsers() {
  IPHUB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  ListScope everything;
  everything.everything = true;
  IPHUB_ASSIGN_OR_RETURN(auto page, store::ListUsers(*conn, everything, {}, 1'000'000, 0));
  return std::move(page.items);
}

absl::StatusOr<User> AccountService::FindUserByName(std::string_view username) {
  IPHUB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(auto credentials, store::GetCredentials(*conn, username));
  if (!credentials.has_value()) return absl::NotFoundError(base::StrCat("no user ", username));
  return store::GetUser(*conn, credentials->id);
}

absl::StatusOr<std::pair<std::vector<AuditEntry>, int64_t>> AccountService::ListAudit(
    const Principal& caller, std::optional<std::string> action, PageRequest page) {
  IPHUB_RETURN_IF_ERROR(Authorize(&caller, Action::kList, {.kind = ResourceKind::kAuditLog}));
  ListScope scope = ListScopeFor(caller, ResourceKind::kAuditLog);
  AuditQuery query{.region_prefix = scope.region_prefix,
                   .action = std::move(action),
                   .limit = page.limit,
                   .offset = page.offset};
  IPHUB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  return auth::ListAudit(*conn, query);
}

}  // namespace iphub::auth
