#include "iphub/http/message.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iphub/base/status.h"

namespace iphub::http {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

Request JsonRequest(std::string body, std::string content_type = "application/json") {
  Request request;
  request.method = "POST";
  request.headers.emplace_back("content-type", std::move(content_type));
  request.body = std::move(body);
  return request;
}

TEST(Request, HeaderIsCaseInsensitiveAndEmptyWhenAbsent) {
  Request request;
  request.headers.emplace_back("x-csrf-token", "abc");
  EXPECT_EQ(request.Header("x-csrf-token"), "abc");
  EXPECT_EQ(request.Header("X-CSRF-Token"), "abc");
  EXPECT_EQ(request.Header("authorization"), "");
}

TEST(Request, CookieFindsNamedValue) {
  Request request;
  request.headers.emplace_back("cookie", "theme=dark; iphub_session=s3cr3t ;other=\"q\"");
  EXPECT_EQ(request.Cookie("iphub_session"), "s3cr3t");
  EXPECT_EQ(request.Cookie("other"), "q");
  EXPECT_EQ(request.Cookie("theme"), "dark");
  EXPECT_EQ(request.Cookie("iphub"), "");
  EXPECT_EQ(request.Cookie("missing"), "");
}

TEST(Request, QueryParamEmptyWhenAbsent) {
  Request request;
  request.query["q"] = "济南";
  EXPECT_EQ(request.QueryParam("q"), "济南");
  EXPECT_EQ(request.QueryParam("page"), "");
}

TEST(CountParam, FallbackWhenAbsentOrBlankAndRangeChecked) {
  Request request;
  EXPECT_EQ(CountParam(request, "size", 10, 50).value(), 10u);
  request.query["size"] = " 7 ";
  EXPECT_EQ(CountParam(request, "size", 10, 50).value(), 7u);
  request.query["size"] = "50";
  EXPECT_EQ(CountParam(request, "size", 10, 50).value(), 50u);
  for (const char* bad : {"0", "51", "-1", "1e3", "99999999999999999999", "x"}) {
    request.query["size"] = bad;
    absl::StatusOr<uint32_t> count = CountParam(request, "size", 10, 50);
    ASSERT_FALSE(count.ok()) << bad;
    EXPECT_EQ(base::FieldOf(count.status()), "size") << bad;
    EXPECT_NE(count.status().message().find("1 to 50"), std::string_view::npos) << bad;
  }
}

TEST(JsonBody, ParsesObjectWithCharsetParameter) {
  auto body = JsonRequest(R"({"name":"a"})", "application/json; charset=utf-8").JsonBody();
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ((*body)["name"], "a");
}

TEST(JsonBody, EmptyBodyIsEmptyObject) {
  Request request;
  auto body = request.JsonBody();
  ASSERT_TRUE(body.ok());
  EXPECT_TRUE(body->is_object());
  EXPECT_TRUE(body->empty());
}

TEST(JsonBody, RejectsWrongContentType) {
  auto body = JsonRequest(R"({"a":1})", "text/plain").JsonBody();
  EXPECT_EQ(body.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(body.status().message()), HasSubstr("application/json"));

  Request missing;
  missing.body = "{}";
  EXPECT_EQ(missing.JsonBody().status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(JsonBody, MalformedReportsBytePosition) {
  auto body = JsonRequest("{\"a\": 1,\n \"b\": tru}").JsonBody();
  ASSERT_EQ(body.status().code(), absl::StatusCode::kInvalidArgument);
  const std::string message(body.status().message());
  EXPECT_THAT(message, HasSubstr("malformed JSON at byte"));
  EXPECT_THAT(message, HasSubstr("line 2"));
}

TEST(JsonBody, RejectsNonObject) {
  auto body = JsonRequest("[1,2]").JsonBody();
  ASSERT_EQ(body.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(body.status().message()), HasSubstr("must be a JSON object, got array"));
}

TEST(JsonBody, RejectsDeepNesting) {
  std::string deep = "{\"a\":" + std::string(100, '[') + std::string(100, ']') + "}";
  auto body = JsonRequest(deep).JsonBody();
  ASSERT_EQ(body.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(body.status().message()), HasSubstr("nested deeper than 64"));

  // Brackets inside strings do not count.
  auto ok = JsonRequest("{\"a\":\"" + std::string(100, '[') + "\"}").JsonBody();
  EXPECT_TRUE(ok.ok()) << ok.status();
}

TEST(JsonBody, RejectsInvalidUtf8AndNumberOverflow) {
  EXPECT_FALSE(JsonRequest("{\"a\":\"\xff\"}").JsonBody().ok());
  EXPECT_FALSE(JsonRequest("{\"a\":1e999}").JsonBody().ok());
}

TEST(Problem, CarriesTypeTitleStatusDetailAndField) {
  Response response = Response::Problem(base::InvalidField("uscc", "check character is 'X'"));
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.content_type, "application/problem+json");
  json body = json::parse(response.body);
  EXPECT_EQ(body["type"], "/problems/invalid-argument");
  EXPECT_EQ(body["title"], "Invalid argument");
  EXPECT_EQ(body["status"], 400);
  EXPECT_EQ(body["detail"], "uscc: check character is 'X'");
  EXPECT_EQ(body["field"], "uscc");
}

TEST(Problem, OmitsFieldWhenNone) {
  json body = json::parse(Response::Problem(absl::NotFoundError("organization not found")).body);
  EXPECT_EQ(body["type"], "/problems/not-found");
  EXPECT_EQ(body["status"], 404);
  EXPECT_EQ(body["detail"], "organization not found");
  EXPECT_FALSE(body.contains("field"));
}

TEST(Problem, HidesInternalDetail) {
  Response response = Response::Problem(absl::InternalError("SELECT failed: relation x"));
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(json::parse(response.body)["detail"], "internal server error");
}

TEST(Problem, ExplicitStatus) {
  Response response = Response::Problem(413, "Payload too large", "over 1 MiB");
  json body = json::parse(response.body);
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(body["type"], "/problems/payload-too-large");
  EXPECT_EQ(body["title"], "Payload too large");
  EXPECT_EQ(body["detail"], "over 1 MiB");
}

TEST(HttpStatusFor, MapsCodes) {
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kFailedPrecondition), 409);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kAborted), 409);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kUnimplemented), 501);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kDataLoss), 500);
}

TEST(BodyFields, RequiredStringNamesTheField) {
  json body = {{"name", "acme"}, {"count", 3}, {"empty", ""}};
  EXPECT_EQ(*RequiredString(body, "name"), "acme");
  auto missing = RequiredString(body, "uscc");
  EXPECT_EQ(base::FieldOf(missing.status()), "uscc");
  auto wrong = RequiredString(body, "count");
  EXPECT_EQ(base::FieldOf(wrong.status()), "count");
  EXPECT_THAT(std::string(wrong.status().message()), HasSubstr("must be a string"));
  EXPECT_EQ(base::FieldOf(RequiredString(body, "empty").status()), "empty");
}

TEST(BodyFields, OptionalValues) {
  json body = {{"s", "x"},        {"n", -5},  {"b", true},
               {"null", nullptr}, {"f", 1.5}, {"big", 18446744073709551615ull}};
  EXPECT_EQ(**OptionalString(body, "s"), "x");
  EXPECT_FALSE(OptionalString(body, "absent")->has_value());
  EXPECT_FALSE(OptionalString(body, "null")->has_value());
  EXPECT_EQ(base::FieldOf(OptionalString(body, "n").status()), "n");

  EXPECT_EQ(**OptionalInt(body, "n"), -5);
  EXPECT_EQ(base::FieldOf(OptionalInt(body, "f").status()), "f");
  EXPECT_EQ(base::FieldOf(OptionalInt(body, "s").status()), "s");
  EXPECT_EQ(base::FieldOf(OptionalInt(body, "big").status()), "big");

  EXPECT_EQ(**OptionalBool(body, "b"), true);
  EXPECT_EQ(base::FieldOf(OptionalBool(body, "n").status()), "n");

  EXPECT_FALSE(OptionalString(json::array(), "s").ok());
}

TEST(PageFromQuery, DefaultsAndValues) {
  Request request;
  auto page = PageFromQuery(request);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->page, 1);
  EXPECT_EQ(page->size, 20);
  request.query = {{"page", "3"}, {"size", "50"}};
  page = PageFromQuery(request);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->Offset(), 100);
}

TEST(PageFromQuery, RejectsBadNumbersNamingTheParameter) {
  for (const char* bad : {"0", "-1", "x", "1.5", "99999999999999999999", " 2", "2x"}) {
    Request request;
    request.query["page"] = bad;
    EXPECT_EQ(base::FieldOf(PageFromQuery(request).status()), "page") << bad;
  }
  for (const char* bad : {"0", "201", "abc", "-3"}) {
    Request request;
    request.query["size"] = bad;
    EXPECT_EQ(base::FieldOf(PageFromQuery(request).status()), "size") << bad;
  }
  Request request;
  request.query["size"] = "10";
  EXPECT_FALSE(PageFromQuery(request, /*max_size=*/5).ok());
}

}  // namespace
}  // namespace iphub::http
