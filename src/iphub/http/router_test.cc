#include "iphub/http/router.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace iphub::http {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;

Response Ok(Request&) { return Response::NoContent(); }

Router TestRouter() {
  Router router;
  router.Add({.method = "GET",
              .pattern = "/api/v1/users",
              .summary = "List users",
              .tag = "users",
              .query_params = {{"q", "name contains"}},
              .handler = Ok});
  router.Add({.method = "GET",
              .pattern = "/api/v1/users/{id}",
              .summary = "Read a user",
              .tag = "users",
              .response_schema = {{"type", "object"}},
              .handler = Ok});
  router.Add({.method = "GET",
              .pattern = "/api/v1/users/me",
              .summary = "Me",
              .tag = "users",
              .handler = Ok});
  router.Add({.method = "PATCH",
              .pattern = "/api/v1/users/{id}",
              .summary = "Update a user",
              .tag = "users",
              .state_changing = true,
              .request_schema = {{"type", "object"}},
              .handler = Ok});
  router.Add({.method = "POST",
              .pattern = "/api/v1/users/{id}/password",
              .summary = "Reset password",
              .tag = "users",
              .state_changing = true,
              .success_status = 204,
              .handler = Ok});
  router.Add({.method = "GET",
              .pattern = "/api/v1/regions/{code}",
              .summary = "Region",
              .tag = "regions",
              .access = Access::kPublic,
              .handler = Ok});
  return router;
}

TEST(Router, MatchesLiteralRoute) {
  Router router = TestRouter();
  Match match = router.Find("GET", "/api/v1/users");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->summary, "List users");
  EXPECT_TRUE(match.path_params.empty());
}

TEST(Router, ExtractsParameters) {
  Router router = TestRouter();
  Match match = router.Find("POST", "/api/v1/users/42/password");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->pattern, "/api/v1/users/{id}/password");
  EXPECT_EQ(match.path_params.at("id"), "42");

  // Decoded segments are matched as they are (spaces, UTF-8).
  match = router.Find("GET", "/api/v1/regions/济南 市");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.path_params.at("code"), "济南 市");
}

TEST(Router, LiteralSegmentBeatsParameter) {
  Router router = TestRouter();
  Match me = router.Find("GET", "/api/v1/users/me");
  ASSERT_NE(me.route, nullptr);
  EXPECT_EQ(me.route->pattern, "/api/v1/users/me");
  Match other = router.Find("GET", "/api/v1/users/mex");
  ASSERT_NE(other.route, nullptr);
  EXPECT_EQ(other.route->pattern, "/api/v1/users/{id}");
}

TEST(Router, LiteralPrecedenceDoesNotDependOnOrder) {
  Router router;
  router.Add({.method = "GET", .pattern = "/a/{x}/c", .handler = Ok});
  router.Add({.method = "GET", .pattern = "/a/b/{y}", .handler = Ok});
  router.Add({.method = "GET", .pattern = "/a/{x}/{y}", .handler = Ok});
  EXPECT_EQ(router.Find("GET", "/a/b/c").route->pattern, "/a/b/{y}");
  EXPECT_EQ(router.Find("GET", "/a/z/c").route->pattern, "/a/{x}/c");
  EXPECT_EQ(router.Find("GET", "/a/z/z").route->pattern, "/a/{x}/{y}");
}

TEST(Router, WrongMethodListsAllowedMethods) {
  Router router = TestRouter();
  Match match = router.Find("DELETE", "/api/v1/users/7");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_TRUE(match.path_matched_other_method);
  EXPECT_THAT(match.allowed, ElementsAre("GET", "PATCH"));
}

TEST(Router, NoMatch) {
  Router router = TestRouter();
  for (const char* path : {"/api/v1/nothing", "/api/v1/users/", "/api/v1/users//password",
                           "/api/v1", "", "api/v1/users", "/"}) {
    Match match = router.Find("GET", path);
    EXPECT_EQ(match.route, nullptr) << path;
    EXPECT_FALSE(match.path_matched_other_method) << path;
    EXPECT_TRUE(match.allowed.empty()) << path;
  }
}

TEST(Router, TrailingSlashIsDistinct) {
  Router router;
  router.Add({.method = "GET", .pattern = "/a", .handler = Ok});
  EXPECT_NE(router.Find("GET", "/a").route, nullptr);
  EXPECT_EQ(router.Find("GET", "/a/").route, nullptr);
}

TEST(OpenApi, DocumentsEveryRoute) {
  const Router router = TestRouter();
  json doc = OpenApiDocument(router, "1.2.3");
  EXPECT_EQ(doc["openapi"], "3.0.3");
  EXPECT_EQ(doc["info"]["version"], "1.2.3");
  ASSERT_TRUE(doc["components"]["schemas"].contains("Problem"));
  ASSERT_TRUE(doc["components"]["securitySchemes"].contains("sessionCookie"));
  ASSERT_TRUE(doc["components"]["securitySchemes"].contains("bearerToken"));

  const json& paths = doc["paths"];
  for (const RouteSpec& route : router.routes()) {
    std::string method = route.method;
    for (char& ch : method) ch = static_cast<char>(std::tolower(ch));
    ASSERT_TRUE(paths.contains(route.pattern)) << route.pattern;
    const json& operation = paths[route.pattern][method];
    ASSERT_TRUE(operation.is_object()) << route.method << " " << route.pattern;
    EXPECT_EQ(operation["summary"], route.summary);
    EXPECT_EQ(
        operation["responses"]["default"]["content"]["application/problem+json"]["schema"]["$ref"],
        "#/components/schemas/Problem");
    EXPECT_TRUE(operation["responses"].contains(std::to_string(route.success_status)));
  }

  const json& read = paths["/api/v1/users/{id}"]["get"];
  EXPECT_EQ(read["parameters"][0]["name"], "id");
  EXPECT_EQ(read["parameters"][0]["in"], "path");
  EXPECT_EQ(read["parameters"][0]["required"], true);
  EXPECT_EQ(read["responses"]["200"]["content"]["application/json"]["schema"]["type"], "object");
  EXPECT_EQ(read["tags"][0], "users");
  EXPECT_EQ(read["security"].size(), 2u);

  const json& update = paths["/api/v1/users/{id}"]["patch"];
  EXPECT_EQ(update["requestBody"]["content"]["application/json"]["schema"]["type"], "object");

  const json& list = paths["/api/v1/users"]["get"];
  EXPECT_EQ(list["parameters"][0]["name"], "q");
  EXPECT_EQ(list["parameters"][0]["in"], "query");

  EXPECT_TRUE(paths["/api/v1/regions/{code}"]["get"]["security"].empty());
  EXPECT_TRUE(paths["/api/v1/users/{id}/password"]["post"]["responses"].contains("204"));

  std::vector<std::string> tags;
  for (const json& tag : doc["tags"]) tags.push_back(tag["name"]);
  EXPECT_THAT(tags, ElementsAre("regions", "users"));
}

}  // namespace
}  // namespace iphub::http
