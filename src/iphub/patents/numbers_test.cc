#include "iphub/patents/numbers.h"

#include "gtest/gtest.h"
#include "iphub/base/status.h"

namespace iphub::patents {
namespace {

TEST(CnApplicationNumber, CheckCharactersOfRealNumbers) {
  EXPECT_EQ(CnApplicationCheckCharacter("201410408762").value(), '5');
  EXPECT_EQ(CnApplicationCheckCharacter("202111286633").value(), 'X');
  EXPECT_EQ(CnApplicationCheckCharacter("201410513187").value(), '5');
}

TEST(CnApplicationNumber, AcceptsTheWaysPeopleWriteIt) {
  for (const char* text : {"201410513187.5", "CN201410513187.5", "2014105131875", "ZL201410513187.5",
                           " 201410513187 .5 ", "201410513187"}) {
    auto normalized = NormalizeCnApplicationNumber(text);
    ASSERT_TRUE(normalized.ok()) << text << ": " << normalized.status();
    EXPECT_EQ(*normalized, "201410513187.5") << text;
  }
}

TEST(CnApplicationNumber, MapsThe2021StandardForm) {
  auto normalized = NormalizeCnApplicationNumber("102021001286633");
  ASSERT_TRUE(normalized.ok()) << normalized.status();
  EXPECT_EQ(*normalized, "202111286633.X");
  EXPECT_EQ(NormalizeCnApplicationNumber("102021000991218").value(), "202110991218.8");
}

TEST(CnApplicationNumber, WrongCheckCharacterNamesTheExpectedOne) {
  auto normalized = NormalizeCnApplicationNumber("201410408762.4");
  ASSERT_FALSE(normalized.ok());
  EXPECT_EQ(base::FieldOf(normalized.status()), "application_number");
  EXPECT_NE(normalized.status().message().find("expected '5'"), std::string_view::npos)
      << normalized.status();
}

TEST(CnApplicationNumber, RejectsWhatIsNotANumber) {
  EXPECT_FALSE(NormalizeCnApplicationNumber("12345").ok());
  EXPECT_FALSE(NormalizeCnApplicationNumber("").ok());
  EXPECT_FALSE(NormalizeCnApplicationNumber("2014X0513187.5").ok());
}

TEST(ClassificationSymbol, NormalisesTheCommonForms) {
  EXPECT_EQ(NormalizeClassificationSymbol("A24B   15/18    (2006.01)"), "A24B 15/18");
  EXPECT_EQ(NormalizeClassificationSymbol("A24B0015180000"), "A24B 15/18");
  EXPECT_EQ(NormalizeClassificationSymbol("g06f17/30"), "G06F 17/30");
  EXPECT_EQ(NormalizeClassificationSymbol("H04L 9/0643"), "H04L 9/0643");
  EXPECT_EQ(NormalizeClassificationSymbol("H01M0010052500"), "H01M 10/0525");
}

TEST(ClassificationSymbol, LeavesUnrecognisedTextTrimmed) {
  EXPECT_EQ(NormalizeClassificationSymbol("  D01/02 "), "D01/02");
  EXPECT_EQ(NormalizeClassificationSymbol("G06F"), "G06F");
}

}  // namespace
}  // namespace iphub::patents
