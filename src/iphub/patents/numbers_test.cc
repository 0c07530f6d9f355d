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
  for (const char* text : {"201410513187.5", "CN201410513187.5", "2014105131875",
                           "ZL201410513187.5", " 201410513187 .5 ", "201410513187"}) {
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

NumberQuery Query(std::string_view text) {
  absl::StatusOr<NumberQuery> query = ParseNumberQuery(text);
  EXPECT_TRUE(query.ok()) << text << ": " << query.status();
  return query.ok() ? *query : NumberQuery{};
}

TEST(NumberQueryTest, ReadsPublicationNumbersAsPeopleWriteThem) {
  for (std::string_view text :
       {"US 7,473,466 B1", "US7473466B1", "us 7473466 b1", "US07473466B1"}) {
    NumberQuery query = Query(text);
    EXPECT_EQ(query.country, "US") << text;
    EXPECT_EQ(query.number, "7473466") << text;
    EXPECT_EQ(query.kind, "B1") << text;
  }
  NumberQuery bare = Query("US7473466");
  EXPECT_EQ(bare.number, "7473466");
  EXPECT_EQ(bare.kind, "");
  NumberQuery design = Query("USD0534673S1");
  EXPECT_EQ(design.country, "US");
  EXPECT_EQ(design.number, "D534673");
  EXPECT_EQ(design.kind, "S1");
  NumberQuery design_bare = Query("D534673");
  EXPECT_EQ(design_bare.country, "US");
  EXPECT_EQ(design_bare.number, "D534673");
  NumberQuery cn = Query("CN104223590A");
  EXPECT_EQ(cn.country, "CN");
  EXPECT_EQ(cn.number, "104223590");
  EXPECT_EQ(cn.kind, "A");
  EXPECT_EQ(cn.application_number, "");
  NumberQuery pgpub = Query("US 2021/0267109 A1");
  EXPECT_EQ(pgpub.number, "20210267109");
  EXPECT_EQ(pgpub.kind, "A1");
  NumberQuery reissue = Query("RE40,123");
  EXPECT_EQ(reissue.number, "RE40123");
  EXPECT_EQ(Query("104223590").country, "");
}

TEST(NumberQueryTest, ReadsApplicationNumbers) {
  for (std::string_view text :
       {"201410513187.5", "CN201410513187.5", "ZL 201410513187.5", "2014105131875"}) {
    NumberQuery query = Query(text);
    EXPECT_EQ(query.application_number, "201410513187.5") << text;
    EXPECT_EQ(query.number, "") << text;
  }
  EXPECT_EQ(Query("202111286633.X").application_number, "202111286633.X");
  EXPECT_EQ(Query("14/643,719").application_number, "14643719");
  // A wrong check character is an error naming the expected one.
  absl::StatusOr<NumberQuery> wrong = ParseNumberQuery("201410513187.4");
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("expected '5'"), std::string::npos);
}

TEST(NumberQueryTest, RejectsWhatIsNotANumber) {
  EXPECT_FALSE(ParseNumberQuery("").ok());
  EXPECT_FALSE(ParseNumberQuery("lithium battery").ok());
  EXPECT_FALSE(ParseNumberQuery("US7473466B1; DROP TABLE").ok());
  EXPECT_FALSE(ParseNumberQuery("CN").ok());
  EXPECT_FALSE(ParseNumberQuery("US12345ABC").ok());
}

TEST(DocumentKeyTest, MatchesDocumentsWithTheirCitations) {
  EXPECT_EQ(DocumentKey("US", "07473466"), "US7473466");
  EXPECT_EQ(DocumentKey("US", "D534673"), "USD534673");
  EXPECT_EQ(DocumentKey("CN", "CN104223590A"), "CN104223590");
  EXPECT_EQ(DocumentKey("CN", "104223590"), "CN104223590");
  EXPECT_EQ(DocumentKey("US", "2004/0123456"), "US20040123456");
  EXPECT_EQ(DocumentKey("US", "n/a"), "");
}

TEST(PatentDocumentKey, ReadsTheNumberFromThePublicationNumberWhenDocNumberIsMissing) {
  EXPECT_EQ(PatentDocumentKey("CN", "104223590", "CN104223590A"), "CN104223590");
  EXPECT_EQ(PatentDocumentKey("CN", "", "CN299990023U"), "CN299990023");
  EXPECT_EQ(PatentDocumentKey("US", "", "US7473466B1"), "US7473466");
  EXPECT_EQ(PatentDocumentKey("US", "", "USD0534673S1"), "USD534673");
  EXPECT_EQ(PatentDocumentKey("", "", "unreadable"), "unreadable");
}

}  // namespace
}  // namespace iphub::patents
