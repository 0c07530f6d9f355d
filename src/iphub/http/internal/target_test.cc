#include "iphub/http/internal/target.h"

#include "gtest/gtest.h"

namespace iphub::http::internal {
namespace {

TEST(ParseTarget, DecodesPathAndQuery) {
  auto target = ParseTarget("/api/v1/regions/%E6%B5%8E?q=a+b%26c&page=2&page=3&flag");
  ASSERT_TRUE(target.ok()) << target.status();
  EXPECT_EQ(target->path, "/api/v1/regions/济");
  EXPECT_EQ(target->query.at("q"), "a b&c");
  EXPECT_EQ(target->query.at("page"), "2");  // first wins
  EXPECT_EQ(target->query.at("flag"), "");
}

TEST(ParseTarget, PlusInPathStaysPlus) { EXPECT_EQ(ParseTarget("/a+b")->path, "/a+b"); }

TEST(ParseTarget, RejectsMalformedTargets) {
  for (const char* bad : {"", "api", "http://x/", "/a%2", "/a%zz", "/a%00b", "/?q=%g0"}) {
    EXPECT_FALSE(ParseTarget(bad).ok()) << bad;
  }
}

TEST(RequestId, AcceptsSaneClientIds) {
  EXPECT_EQ(SanitizeOrGenerateRequestId("abc-123_x.y"), "abc-123_x.y");
  const std::string max(64, 'a');
  EXPECT_EQ(SanitizeOrGenerateRequestId(max), max);
}

TEST(RequestId, ReplacesOthersWithRandomHex) {
  for (std::string bad : {std::string(), std::string(65, 'a'), std::string("a b"),
                          std::string("x\r\nSet-Cookie: y"), std::string("é")}) {
    const std::string id = SanitizeOrGenerateRequestId(bad);
    EXPECT_EQ(id.size(), 32u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
  }
  EXPECT_NE(SanitizeOrGenerateRequestId(""), SanitizeOrGenerateRequestId(""));
}

}  // namespace
}  // namespace iphub::http::internal
