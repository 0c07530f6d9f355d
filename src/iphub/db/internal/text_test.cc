#include "iphub/db/internal/text.h"

#include <limits>

#include "gtest/gtest.h"

namespace iphub::db::internal {
namespace {

TEST(FormatDouble, UsesShortestExactSpelling) {
  EXPECT_EQ(FormatDouble(0.1), "0.1");
  EXPECT_EQ(FormatDouble(3.0), "3");
  EXPECT_EQ(FormatDouble(-2.5), "-2.5");
  EXPECT_EQ(FormatDouble(1e300), "1e+300");
  EXPECT_EQ(FormatDouble(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(FormatDouble(std::numeric_limits<double>::infinity()), "Infinity");
  EXPECT_EQ(FormatDouble(-std::numeric_limits<double>::infinity()), "-Infinity");
}

TEST(CheckParams, RejectsNulBytesInText) {
  EXPECT_TRUE(CheckParams({1, "text", nullptr, 2.5}).ok());
  absl::Status status = CheckParams({1, std::string("a\0b", 3)});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("$2"), std::string_view::npos);
}

TEST(StartsWithKeyword, SkipsSpaceAndCommentsAndIgnoresCase) {
  EXPECT_TRUE(StartsWithKeyword("ROLLBACK", "ROLLBACK"));
  EXPECT_TRUE(StartsWithKeyword("  -- why\n /* note */ rollback to savepoint s", "ROLLBACK"));
  EXPECT_FALSE(StartsWithKeyword("ROLLBACKS", "ROLLBACK"));
  EXPECT_FALSE(StartsWithKeyword("SELECT 'ROLLBACK'", "ROLLBACK"));
}

TEST(IsBlankSql, AcceptsOnlySpaceCommentsAndSemicolons) {
  EXPECT_TRUE(IsBlankSql(""));
  EXPECT_TRUE(IsBlankSql(" ; -- done\n;/* x */"));
  EXPECT_FALSE(IsBlankSql("; SELECT 1"));
}

TEST(SqlForMessage, CutsLongSqlAtACharacterBoundary) {
  std::string sql;
  for (int idx = 0; idx < 100; ++idx) sql += "知";
  std::string message = SqlForMessage(sql);
  ASSERT_TRUE(message.size() > 3);
  EXPECT_EQ(message.substr(message.size() - 3), "...");
  EXPECT_EQ((message.size() - 3) % 3, 0u);  // whole three-byte characters only
}

}  // namespace
}  // namespace iphub::db::internal
