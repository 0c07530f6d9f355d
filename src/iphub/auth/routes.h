// HTTP binding of the accounts service (docs/api.md), and the authentication
// wrapper every module's routes use:
//
//   router.Add({.method = "GET", .pattern = "/api/v1/things/{id}", ...,
//               .handler = auth::Authenticated(accounts, [&](http::Request& r,
//                     const auth::Caller& c) -> absl::StatusOr<http::Response> {
//                 IPHUB_ASSIGN_OR_RETURN(auto thing, things.Get(c.principal, ...));
//                 return http::Response::Json(ThingJson(thing));  // c.principal is checked
//               })});
#pragma once

#include <functional>

#include "iphub/auth/service.h"
#include "iphub/http/router.h"

namespace iphub::auth {

inline constexpr std::string_view kSessionCookie = "iphub_session";
inline constexpr std::string_view kCsrfHeader = "x-csrf-token";

// Handlers report failure as a Status; it is answered as problem+json (with
// Retry-After where the status carries one), so a handler is a straight line of
// IPHUB_ASSIGN_OR_RETURN steps: decode, call one service function, encode.
using AuthenticatedHandler =
    std::function<absl::StatusOr<http::Response>(http::Request&, const Caller&)>;
using PublicHandler = std::function<absl::StatusOr<http::Response>(http::Request&)>;

// Resolves the caller from `Authorization: Bearer` or the session cookie
// (401 problem when neither is valid). For POST, PUT, PATCH and DELETE with a
// cookie session, the X-CSRF-Token header must match the session's token
// (403 otherwise). Then calls `handler`.
http::Handler Authenticated(AccountService& service, AuthenticatedHandler handler);

// A public route's handler (no credentials needed).
http::Handler Public(PublicHandler handler);

// The caller if the request carries valid credentials, else nullopt (for
// public routes that show more to logged-in users).
std::optional<Caller> OptionalCaller(AccountService& service, const http::Request& request);

// Adds the routes of docs/api.md (auth, regions, organizations, users, audit).
void RegisterAccountRoutes(http::Router& router, AccountService& service);

// Problem response that also sets Retry-After when the status carries it.
http::Response ProblemWithRetry(const absl::Status& status);

}  // namespace iphub::auth
