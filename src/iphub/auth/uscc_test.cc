#include "iphub/auth/uscc.h"

#include "gtest/gtest.h"
#include "iphub/base/status.h"

namespace iphub::auth {
namespace {

// Codes published on real business licences.
TEST(Uscc, AcceptsRealCodes) {
  for (const char* code :
       {"91350100M000100Y43", "9144030071526726XG", "91110108551385082Q", "911101085923425568"}) {
    auto normalized = NormalizeUscc(code);
    EXPECT_TRUE(normalized.ok()) << code << ": " << normalized.status();
  }
}

TEST(Uscc, UpperCasesAndTrims) {
  auto normalized = NormalizeUscc(" 91350100m000100y43 ");
  ASSERT_TRUE(normalized.ok()) << normalized.status();
  EXPECT_EQ(*normalized, "91350100M000100Y43");
}

TEST(Uscc, RejectsWrongCheckCharacterNamingTheExpectedOne) {
  auto normalized = NormalizeUscc("91350100M000100Y44");
  ASSERT_FALSE(normalized.ok());
  EXPECT_EQ(base::FieldOf(normalized.status()), "uscc");
  EXPECT_NE(normalized.status().message().find("expected '3'"), std::string_view::npos)
      << normalized.status();
}

TEST(Uscc, RejectsWrongLength) {
  auto normalized = NormalizeUscc("91350100M000100Y4");
  ASSERT_FALSE(normalized.ok());
  EXPECT_NE(normalized.status().message().find("18 characters"), std::string_view::npos);
}

TEST(Uscc, RejectsLettersOutsideTheCharsetWithPosition) {
  // 'I' is not in the GB 32100 character set.
  auto normalized = NormalizeUscc("9135010IM000100Y43");
  ASSERT_FALSE(normalized.ok());
  EXPECT_NE(normalized.status().message().find("character 8"), std::string_view::npos)
      << normalized.status();
}

TEST(Uscc, CheckCharacterRoundTrips) {
  auto check = UsccCheckCharacter("91350100M000100Y4");
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(*check, '3');
}

}  // namespace
}  // namespace iphub::auth
