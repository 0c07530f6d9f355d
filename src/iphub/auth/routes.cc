#include "iphub/auth/routes.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "iphub/base/crypto.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/http/schema.h"

namespace iphub::auth {
namespace {

using nlohmann::json;

json UserJson(const User& user) {
  return {{"id", user.id},
          {"username", user.username},
          {"display_name", user.display_name},
          {"role", RoleName(user.role)},
          {"organization_id", http::JsonOrNull(user.organization_id)},
          {"organization_name", http::JsonOrNull(user.organization_name)},
          {"region_code", http::JsonOrNull(user.region_code)},
          {"region_name", http::JsonOrNull(user.region_name)},
          {"email", http::JsonOrNull(user.email)},
          {"disabled", user.disabled},
          {"created_at", user.created_at}};
}

// What the directory shows of an organisation: no address or contact person.
json DirectoryJson(const Organization& org) {
  return {{"id", org.id},
          {"name", org.name},
          {"type", OrgTypeName(org.type)},
          {"uscc", org.uscc},
          {"region_code", org.region_code},
          {"region_name", org.region_name}};
}

json OrgJson(const Organization& org) {
  json out = DirectoryJson(org);
  out.update({{"address", http::JsonOrNull(org.address)},
              {"contact", http::JsonOrNull(org.contact)},
              {"created_at", org.created_at},
              {"updated_at", org.updated_at}});
  return out;
}

json RegionJson(const Region& region) {
  return {{"code", region.code},
          {"name", region.name},
          {"level", RegionLevelName(region.level)},
          {"parent", http::JsonOrNull(region.parent)}};
}

json AuditJson(const AuditEntry& entry) {
  json detail = json::parse(entry.detail, nullptr, /*allow_exceptions=*/false);
  if (detail.is_discarded()) detail = entry.detail;
  return {{"id", entry.id},
          {"at", entry.at_ms},
          {"actor_id", http::JsonOrNull(entry.actor_id)},
          {"actor", entry.actor},
          {"action", entry.action},
          {"entity", entry.entity},
          {"entity_id", entry.entity_id},
          {"region_code", http::JsonOrNull(entry.region_code)},
          {"detail", detail},
          {"prev_hash", entry.prev_hash},
          {"hash", entry.hash}};
}

template <typename T, typename Encode>
json PageJson(const std::vector<T>& items, int64_t total, const http::Page& page, Encode encode) {
  json array = json::array();
  for (const auto& item : items) array.push_back(encode(item));
  return {{"items", std::move(array)}, {"total", total}, {"page", page.page}, {"size", page.size}};
}

// Reads a string field that may be absent (nullopt), null (inner nullopt) or a string.
absl::StatusOr<std::optional<std::optional<std::string>>> NullableString(const json& body,
                                                                         std::string_view field) {
  auto it = body.find(std::string(field));
  if (it == body.end()) return std::optional<std::optional<std::string>>();
  if (it->is_null()) return std::optional<std::optional<std::string>>(std::optional<std::string>());
  if (!it->is_string()) return base::InvalidField(field, "must be a string or null");
  return std::optional<std::optional<std::string>>(it->get<std::string>());
}

absl::StatusOr<std::optional<int64_t>> QueryInt(const http::Request& request,
                                                std::string_view name) {
  std::string_view text = request.QueryParam(name);
  if (text.empty()) return std::optional<int64_t>();
  int64_t value = 0;
  if (!absl::SimpleAtoi(base::Sv(text), &value))
    return base::InvalidField(name, "must be an integer");
  return std::optional<int64_t>(value);
}

std::optional<std::string> QueryText(const http::Request& request, std::string_view name) {
  std::string_view text = request.QueryParam(name);
  if (text.empty()) return std::nullopt;
  return std::string(text);
}

PageRequest ToPageRequest(const http::Page& page) {
  return PageRequest{.limit = page.size, .offset = page.Offset()};
}

// Answers a handler's result, turning a failure into problem+json.
http::Response Answer(const absl::StatusOr<http::Response>& response) {
  if (!response.ok()) return ProblemWithRetry(response.status());
  return *response;
}

bool IsStateChanging(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

std::string SessionCookie(const http::Request& request, std::string_view value, bool clear) {
  std::string cookie =
      base::StrCat(kSessionCookie, "=", value, "; Path=/; HttpOnly; SameSite=Strict");
  if (clear) base::StrAppend(&cookie, "; Max-Age=0");
  if (base::EqualsIgnoreCase(request.Header("x-forwarded-proto"), "https")) {
    base::StrAppend(&cookie, "; Secure");
  }
  return cookie;
}

absl::StatusOr<OrganizationInput> OrgInputFrom(const json& body) {
  OrganizationInput input;
  IPHUB_ASSIGN_OR_RETURN(input.name, http::OptionalString(body, "name"));
  IPHUB_ASSIGN_OR_RETURN(input.type, http::OptionalString(body, "type"));
  IPHUB_ASSIGN_OR_RETURN(input.uscc, http::OptionalString(body, "uscc"));
  IPHUB_ASSIGN_OR_RETURN(input.region_code, http::OptionalString(body, "region_code"));
  IPHUB_ASSIGN_OR_RETURN(input.address, NullableString(body, "address"));
  IPHUB_ASSIGN_OR_RETURN(input.contact, NullableString(body, "contact"));
  return input;
}

absl::StatusOr<UserInput> UserInputFrom(const json& body) {
  UserInput input;
  IPHUB_ASSIGN_OR_RETURN(input.username, http::OptionalString(body, "username"));
  IPHUB_ASSIGN_OR_RETURN(input.display_name, http::OptionalString(body, "display_name"));
  IPHUB_ASSIGN_OR_RETURN(input.password, http::OptionalString(body, "password"));
  IPHUB_ASSIGN_OR_RETURN(input.role, http::OptionalString(body, "role"));
  IPHUB_ASSIGN_OR_RETURN(input.organization_id, http::OptionalInt(body, "organization_id"));
  IPHUB_ASSIGN_OR_RETURN(input.region_code, http::OptionalString(body, "region_code"));
  IPHUB_ASSIGN_OR_RETURN(input.email, NullableString(body, "email"));
  IPHUB_ASSIGN_OR_RETURN(input.disabled, http::OptionalBool(body, "disabled"));
  return input;
}

// --- JSON Schemas for the OpenAPI document ------------------------------------

using http::IntSchema;
using http::ListSchema;
using http::NullableOf;
using http::ObjectSchema;
using http::StringSchema;
using http::WithPaging;

json UserSchema() {
  return ObjectSchema(
      {{"id", IntSchema()},
       {"username", StringSchema()},
       {"display_name", StringSchema()},
       {"role",
        {{"type", "string"},
         {"enum",
          {"platform_admin", "official", "org_admin", "member", "practitioner", "expert"}}}},
       {"organization_id", NullableOf(IntSchema())},
       {"organization_name", NullableOf(StringSchema())},
       {"region_code", NullableOf(StringSchema())},
       {"region_name", NullableOf(StringSchema())},
       {"email", NullableOf(StringSchema())},
       {"disabled", {{"type", "boolean"}}},
       {"created_at", IntSchema()}});
}

json DirectorySchema() {
  return ObjectSchema({{"id", IntSchema()},
                       {"name", StringSchema()},
                       {"type",
                        {{"type", "string"},
                         {"enum",
                          {"ip_office", "enterprise", "university", "research_institute",
                           "ip_agency", "bank", "insurer", "other"}}}},
                       {"uscc", StringSchema()},
                       {"region_code", StringSchema()},
                       {"region_name", StringSchema()}});
}

json OrgSchema() {
  json schema = DirectorySchema();
  schema["properties"].update({{"address", NullableOf(StringSchema())},
                               {"contact", NullableOf(StringSchema())},
                               {"created_at", IntSchema()},
                               {"updated_at", IntSchema()}});
  return schema;
}

json RegionSchema() {
  return ObjectSchema({{"code", StringSchema()},
                       {"name", StringSchema()},
                       {"level", {{"type", "string"}, {"enum", {"province", "city", "county"}}}},
                       {"parent", NullableOf(StringSchema())}});
}

json SessionSchema() {
  return ObjectSchema({{"user", UserSchema()}, {"csrf_token", StringSchema()}});
}

json AuditSchema() {
  return ObjectSchema({{"id", IntSchema()},
                       {"at", IntSchema()},
                       {"actor_id", NullableOf(IntSchema())},
                       {"actor", StringSchema()},
                       {"action", StringSchema()},
                       {"entity", StringSchema()},
                       {"entity_id", StringSchema()},
                       {"region_code", NullableOf(StringSchema())},
                       {"detail", {{"type", "object"}}},
                       {"prev_hash", StringSchema()},
                       {"hash", StringSchema()}});
}

json OrgInputSchema(bool create) {
  json schema = ObjectSchema({{"name", StringSchema()},
                              {"type", StringSchema()},
                              {"uscc", StringSchema()},
                              {"region_code", StringSchema()},
                              {"address", NullableOf(StringSchema())},
                              {"contact", NullableOf(StringSchema())}});
  if (create) schema["required"] = {"name", "type", "uscc", "region_code"};
  return schema;
}

json UserInputSchema(bool create) {
  json properties = {{"display_name", StringSchema()},
                     {"role", StringSchema()},
                     {"organization_id", NullableOf(IntSchema())},
                     {"region_code", NullableOf(StringSchema())},
                     {"email", NullableOf(StringSchema())},
                     {"disabled", {{"type", "boolean"}}}};
  if (!create) return ObjectSchema(std::move(properties));
  properties["username"] = StringSchema();
  properties["password"] = StringSchema();
  return ObjectSchema(std::move(properties), {"username", "password", "role"});
}

}  // namespace

http::Response ProblemWithRetry(const absl::Status& status) {
  http::Response response = http::Response::Problem(status);
  if (auto seconds = RetryAfterSeconds(status); seconds.has_value()) {
    response.AddHeader("Retry-After", std::to_string(*seconds));
  }
  return response;
}

std::optional<Caller> OptionalCaller(AccountService& service, const http::Request& request) {
  std::string_view authorization = request.Header("authorization");
  if (base::StartsWithIgnoreCase(authorization, "bearer ")) {
    auto caller = service.AuthenticateApiToken(base::StripWhitespace(authorization.substr(7)));
    if (caller.ok()) return *caller;
    return std::nullopt;
  }
  std::string cookie = request.Cookie(kSessionCookie);
  if (cookie.empty()) return std::nullopt;
  auto caller = service.AuthenticateSession(cookie);
  if (caller.ok()) return *caller;
  return std::nullopt;
}

http::Handler Authenticated(AccountService& service, AuthenticatedHandler handler) {
  return [&service, handler = std::move(handler)](http::Request& request) -> http::Response {
    std::string_view authorization = request.Header("authorization");
    absl::StatusOr<Caller> caller = absl::UnauthenticatedError("log in first");
    if (!authorization.empty()) {
      if (!base::StartsWithIgnoreCase(authorization, "bearer ")) {
        return http::Response::Problem(
            absl::UnauthenticatedError("only 'Authorization: Bearer <API token>' is accepted"));
      }
      caller = service.AuthenticateApiToken(base::StripWhitespace(authorization.substr(7)));
    } else if (std::string cookie = request.Cookie(kSessionCookie); !cookie.empty()) {
      caller = service.AuthenticateSession(cookie);
      if (caller.ok() && IsStateChanging(request.method) &&
          !base::ConstantTimeEquals(request.Header(kCsrfHeader), caller->csrf_token)) {
        return http::Response::Problem(absl::PermissionDeniedError(
            "missing or wrong X-CSRF-Token header for a change made with a session cookie"));
      }
    }
    if (!caller.ok()) return http::Response::Problem(caller.status());
    return Answer(handler(request, *caller));
  };
}

http::Handler Public(PublicHandler handler) {
  return [handler = std::move(handler)](http::Request& request) -> http::Response {
    return Answer(handler(request));
  };
}

void RegisterAccountRoutes(http::Router& router, AccountService& service) {
  AccountService* accounts = &service;
  using Result = absl::StatusOr<http::Response>;

  // --- auth ---
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/auth/login",
       .summary = "Log in with username and password; sets the session cookie",
       .tag = "auth",
       .access = http::Access::kPublic,
       .state_changing = true,
       .request_schema = ObjectSchema({{"username", StringSchema()}, {"password", StringSchema()}},
                                      {"username", "password"}),
       .response_schema = SessionSchema(),
       .handler = Public([accounts](http::Request& request) -> Result {
         IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
         IPHUB_ASSIGN_OR_RETURN(std::string username, http::RequiredString(body, "username"));
         IPHUB_ASSIGN_OR_RETURN(std::string password, http::RequiredString(body, "password"));
         IPHUB_ASSIGN_OR_RETURN(LoginResult login,
                                accounts->Login(username, password, request.remote_addr));
         http::Response response = http::Response::Json(
             {{"user", UserJson(login.user)}, {"csrf_token", login.csrf_token}});
         response.AddHeader("Set-Cookie", SessionCookie(request, login.session_token, false));
         return response;
       })});
  router.Add({.method = "POST",
              .pattern = "/api/v1/auth/logout",
              .summary = "End the current session",
              .tag = "auth",
              .state_changing = true,
              .success_status = 204,
              .handler = Authenticated(
                  service, [accounts](http::Request& request, const Caller& caller) -> Result {
                    IPHUB_RETURN_IF_ERROR(accounts->Logout(caller));
                    http::Response response = http::Response::NoContent();
                    response.AddHeader("Set-Cookie", SessionCookie(request, "", true));
                    return response;
                  })});
  router.Add({.method = "GET",
              .pattern = "/api/v1/auth/me",
              .summary = "The logged-in user and the session's CSRF token",
              .tag = "auth",
              .response_schema = SessionSchema(),
              .handler = Authenticated(
                  service, [accounts](http::Request&, const Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(
                        User user, accounts->GetUser(caller.principal, caller.principal.user_id));
                    return http::Response::Json(
                        {{"user", UserJson(user)}, {"csrf_token", caller.csrf_token}});
                  })});
  router.Add({.method = "POST",
              .pattern = "/api/v1/auth/password",
              .summary = "Change your own password (ends your other sessions)",
              .tag = "auth",
              .state_changing = true,
              .request_schema =
                  ObjectSchema({{"old_password", StringSchema()}, {"new_password", StringSchema()}},
                               {"old_password", "new_password"}),
              .success_status = 204,
              .handler = Authenticated(
                  service, [accounts](http::Request& request, const Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
                    IPHUB_ASSIGN_OR_RETURN(std::string old_password,
                                           http::RequiredString(body, "old_password"));
                    IPHUB_ASSIGN_OR_RETURN(std::string new_password,
                                           http::RequiredString(body, "new_password"));
                    IPHUB_RETURN_IF_ERROR(
                        accounts->ChangePassword(caller, old_password, new_password));
                    return http::Response::NoContent();
                  })});
  router.Add({.method = "GET",
              .pattern = "/api/v1/auth/tokens",
              .summary = "Your API tokens",
              .tag = "auth",
              .response_schema = ObjectSchema(
                  {{"items",
                    {{"type", "array"},
                     {"items", ObjectSchema({{"id", IntSchema()},
                                             {"name", StringSchema()},
                                             {"created_at", IntSchema()},
                                             {"last_used_at", NullableOf(IntSchema())}})}}}}),
              .handler = Authenticated(
                  service, [accounts](http::Request&, const Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(auto tokens, accounts->ListApiTokens(caller.principal));
                    json items = json::array();
                    for (const auto& token : tokens) {
                      items.push_back({{"id", token.id},
                                       {"name", token.name},
                                       {"created_at", token.created_at},
                                       {"last_used_at", http::JsonOrNull(token.last_used_at)}});
                    }
                    return http::Response::Json({{"items", items}});
                  })});
  router.Add({.method = "POST",
              .pattern = "/api/v1/auth/tokens",
              .summary = "Create an API token for machine clients (shown once)",
              .tag = "auth",
              .state_changing = true,
              .request_schema = ObjectSchema({{"name", StringSchema()}}, {"name"}),
              .response_schema = ObjectSchema(
                  {{"id", IntSchema()}, {"name", StringSchema()}, {"token", StringSchema()}}),
              .success_status = 201,
              .handler = Authenticated(
                  service, [accounts](http::Request& request, const Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
                    IPHUB_ASSIGN_OR_RETURN(std::string name, http::RequiredString(body, "name"));
                    IPHUB_ASSIGN_OR_RETURN(NewApiToken token,
                                           accounts->CreateApiToken(caller.principal, name));
                    return http::Response::Json(
                        {{"id", token.id}, {"name", token.name}, {"token", token.token}}, 201);
                  })});
  router.Add({.method = "DELETE",
              .pattern = "/api/v1/auth/tokens/{id}",
              .summary = "Revoke one of your API tokens",
              .tag = "auth",
              .state_changing = true,
              .success_status = 204,
              .handler = Authenticated(
                  service, [accounts](http::Request& request, const Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
                    IPHUB_RETURN_IF_ERROR(accounts->RevokeApiToken(caller.principal, id));
                    return http::Response::NoContent();
                  })});

  // --- regions (public) ---
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/regions",
       .summary = "Provinces, or the children of a region",
       .tag = "regions",
       .access = http::Access::kPublic,
       .response_schema = ObjectSchema({{"items", {{"type", "array"}, {"items", RegionSchema()}}}}),
       .query_params = {{"parent", "a region code; omit for the provinces"}},
       .handler = Public([accounts](http::Request& request) -> Result {
         IPHUB_ASSIGN_OR_RETURN(auto regions, accounts->ListRegions(request.QueryParam("parent")));
         json items = json::array();
         for (const auto& region : regions) items.push_back(RegionJson(region));
         return http::Response::Json({{"items", items}});
       })});
  router.Add({.method = "GET",
              .pattern = "/api/v1/regions/{code}",
              .summary = "One region with its path from the province down",
              .tag = "regions",
              .access = http::Access::kPublic,
              .response_schema = RegionSchema(),
              .handler = Public([accounts](http::Request& request) -> Result {
                IPHUB_ASSIGN_OR_RETURN(auto path,
                                       accounts->RegionPath(request.path_params["code"]));
                json region = RegionJson(path.back());
                json steps = json::array();
                for (const auto& step : path) steps.push_back(RegionJson(step));
                region["path"] = steps;
                return http::Response::Json(region);
              })});

  // --- organizations ---
  router.Add({.method = "GET",
              .pattern = "/api/v1/organizations",
              .summary = "Organizations the caller may see",
              .tag = "organizations",
              .response_schema = ListSchema(OrgSchema()),
              .query_params = WithPaging({{"q", "name contains"},
                                          {"type", "organization type"},
                                          {"region", "region code (its whole subtree)"}}),
              .handler = Authenticated(
                  service, [accounts](http::Request& request, const Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(http::Page page, http::PageFromQuery(request));
                    store::OrgFilter filter{.name_contains = QueryText(request, "q"),
                                            .region_prefix = QueryText(request, "region")};
                    if (auto type = QueryText(request, "type"); type.has_value()) {
                      IPHUB_ASSIGN_OR_RETURN(filter.type, ParseOrgType(*type));
                    }
                    IPHUB_ASSIGN_OR_RETURN(
                        auto result,
                        accounts->ListOrganizations(caller.principal, filter, ToPageRequest(page)));
                    return http::Response::Json(
                        PageJson(result.items, result.total, page, OrgJson));
                  })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/organization-directory",
       .summary = "Find any organisation by name, type or region, to name it (an agency "
                  "to authorise, a supplier to invite): public facts only",
       .tag = "organizations",
       .response_schema = ListSchema(DirectorySchema()),
       .query_params = WithPaging({{"q", "name contains"},
                                   {"type", "organization type"},
                                   {"region", "region code (its whole subtree)"}}),
       .handler = Authenticated(
           service, [accounts](http::Request& request, const Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(http::Page page, http::PageFromQuery(request));
             store::OrgFilter filter{.name_contains = QueryText(request, "q"),
                                     .region_prefix = QueryText(request, "region")};
             if (auto type = QueryText(request, "type"); type.has_value()) {
               IPHUB_ASSIGN_OR_RETURN(filter.type, ParseOrgType(*type));
             }
             IPHUB_ASSIGN_OR_RETURN(
                 auto result,
                 accounts->OrganizationDirectory(caller.principal, filter, ToPageRequest(page)));
             return http::Response::Json(PageJson(result.items, result.total, page, DirectoryJson));
           })});
  router.Add({.method = "POST",
              .pattern = "/api/v1/organizations",
              .summary = "Register an organization",
              .tag = "organizations",
              .state_changing = true,
              .request_schema = OrgInputSchema(true),
              .response_schema = OrgSchema(),
              .success_status = 201,
              .handler = Authenticated(
                  service, [accounts](http::Request& request, const Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
                    IPHUB_ASSIGN_OR_RETURN(OrganizationInput input, OrgInputFrom(body));
                    IPHUB_ASSIGN_OR_RETURN(Organization org,
                                           accounts->CreateOrganization(&caller.principal, input));
                    return http::Response::Json(OrgJson(org), 201);
                  })});
  router.Add({.method = "GET",
              .pattern = "/api/v1/organizations/{id}",
              .summary = "One organization",
              .tag = "organizations",
              .response_schema = OrgSchema(),
              .handler = Authenticated(
                  service, [accounts](http::Request& request, const Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
                    IPHUB_ASSIGN_OR_RETURN(Organization org,
                                           accounts->GetOrganization(caller.principal, id));
                    return http::Response::Json(OrgJson(org));
                  })});
  router.Add({.method = "PATCH",
              .pattern = "/api/v1/organizations/{id}",
              .summary = "Change an organization",
              .tag = "organizations",
              .state_changing = true,
              .request_schema = OrgInputSchema(false),
              .response_schema = OrgSchema(),
              .handler = Authenticated(
                  service, [accounts](http::Request& request, const Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
                    IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
                    IPHUB_ASSIGN_OR_RETURN(OrganizationInput input, OrgInputFrom(body));
                    IPHUB_ASSIGN_OR_RETURN(Organization org, accounts->UpdateOrganization(
                                                                 caller.principal, id, input));
                    return http::Response::Json(OrgJson(org));
                  })});

  // --- users ---
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/users",
       .summary = "Accounts the caller may manage",
       .tag = "users",
       .response_schema = ListSchema(UserSchema()),
       .query_params = WithPaging({{"q", "username or display name contains"},
                                   {"organization_id", "only this organization"},
                                   {"role", "only this role"}}),
       .handler = Authenticated(
           service, [accounts](http::Request& request, const Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(http::Page page, http::PageFromQuery(request));
             store::UserFilter filter{.name_contains = QueryText(request, "q")};
             IPHUB_ASSIGN_OR_RETURN(filter.organization_id, QueryInt(request, "organization_id"));
             if (auto role = QueryText(request, "role"); role.has_value()) {
               IPHUB_ASSIGN_OR_RETURN(filter.role, ParseRole(*role));
             }
             IPHUB_ASSIGN_OR_RETURN(
                 auto result, accounts->ListUsers(caller.principal, filter, ToPageRequest(page)));
             return http::Response::Json(PageJson(result.items, result.total, page, UserJson));
           })});
  router.Add({.method = "POST",
              .pattern = "/api/v1/users",
              .summary = "Create an account",
              .tag = "users",
              .state_changing = true,
              .request_schema = UserInputSchema(true),
              .response_schema = UserSchema(),
              .success_status = 201,
              .handler = Authenticated(
                  service, [accounts](http::Request& request, const Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
                    IPHUB_ASSIGN_OR_RETURN(UserInput input, UserInputFrom(body));
                    IPHUB_ASSIGN_OR_RETURN(User user,
                                           accounts->CreateUser(&caller.principal, input));
                    return http::Response::Json(UserJson(user), 201);
                  })});
  router.Add({.method = "GET",
              .pattern = "/api/v1/users/{id}",
              .summary = "One account",
              .tag = "users",
              .response_schema = UserSchema(),
              .handler = Authenticated(
                  service, [accounts](http::Request& request, const Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
                    IPHUB_ASSIGN_OR_RETURN(User user, accounts->GetUser(caller.principal, id));
                    return http::Response::Json(UserJson(user));
                  })});
  router.Add({.method = "PATCH",
              .pattern = "/api/v1/users/{id}",
              .summary = "Change an account (display name, role, status, scope, e-mail)",
              .tag = "users",
              .state_changing = true,
              .request_schema = UserInputSchema(false),
              .response_schema = UserSchema(),
              .handler = Authenticated(
                  service, [accounts](http::Request& request, const Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
                    IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
                    IPHUB_ASSIGN_OR_RETURN(UserInput input, UserInputFrom(body));
                    if (input.password.has_value()) {
                      return base::InvalidField(
                          "password", "use POST /api/v1/users/{id}/password to set a password");
                    }
                    IPHUB_ASSIGN_OR_RETURN(User user,
                                           accounts->UpdateUser(caller.principal, id, input));
                    return http::Response::Json(UserJson(user));
                  })});
  router.Add({.method = "POST",
              .pattern = "/api/v1/users/{id}/password",
              .summary = "Set another account's password (administrators)",
              .tag = "users",
              .state_changing = true,
              .request_schema = ObjectSchema({{"new_password", StringSchema()}}, {"new_password"}),
              .success_status = 204,
              .handler = Authenticated(
                  service, [accounts](http::Request& request, const Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
                    IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
                    IPHUB_ASSIGN_OR_RETURN(std::string password,
                                           http::RequiredString(body, "new_password"));
                    IPHUB_RETURN_IF_ERROR(accounts->ResetPassword(&caller.principal, id, password));
                    return http::Response::NoContent();
                  })});

  // --- audit ---
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/audit",
       .summary = "Audit log entries, newest first",
       .tag = "audit",
       .response_schema = ListSchema(AuditSchema()),
       .query_params = WithPaging({{"action", "only this action, e.g. user.create"}}),
       .handler = Authenticated(
           service, [accounts](http::Request& request, const Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(http::Page page, http::PageFromQuery(request));
             IPHUB_ASSIGN_OR_RETURN(
                 auto result, accounts->ListAudit(caller.principal, QueryText(request, "action"),
                                                  ToPageRequest(page)));
             return http::Response::Json(PageJson(result.first, result.second, page, AuditJson));
           })});
}

}  // namespace iphub::auth
