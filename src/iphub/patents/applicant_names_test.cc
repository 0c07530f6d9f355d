#include "iphub/patents/applicant_names.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace iphub::patents {
namespace {

std::string Normalize(std::string_view name) { return NormalizeApplicantName(name); }

// Every spelling in `spellings` normalises to `expected`, and so does `expected`.
void ExpectAllNormalizeTo(std::string_view expected, const std::vector<std::string>& spellings) {
  EXPECT_EQ(Normalize(expected), expected);
  for (const std::string& spelling : spellings) {
    EXPECT_EQ(Normalize(spelling), expected) << "spelling: " << spelling;
  }
}

// Rule 1: full-width ASCII and the ideographic space.

TEST(NormalizeApplicantName, FoldsFullWidthLettersDigitsAndPunctuation) {
  EXPECT_EQ(Normalize("ＴＣＬ科技集团股份有限公司"), "TCL科技集团有限公司");
  EXPECT_EQ(Normalize("ＡＢＣ１２３"), "ABC123");
  EXPECT_EQ(Normalize("华为技术（深圳）有限公司"), "华为技术(深圳)有限公司");
  EXPECT_EQ(Normalize("ＳＯＮＹ　ＣＯＲＰ．"), "SONY CORP");
  EXPECT_EQ(Normalize("Ｐｒｏｃｔｅｒ　＆　Ｇａｍｂｌｅ"), "PROCTER & GAMBLE");
  EXPECT_EQ(Normalize("Ｘ　Ｃｏ．，Ｌｔｄ．"), "X CO LTD");
}

TEST(NormalizeApplicantName, IdeographicAndOtherUnicodeSpacesAreWhitespace) {
  EXPECT_EQ(Normalize("华为\u3000技术有限公司"), "华为技术有限公司");
  EXPECT_EQ(Normalize("SONY\u3000CORP"), "SONY CORP");
  EXPECT_EQ(Normalize("SONY\u00A0\u2003CORP"), "SONY CORP");
  EXPECT_EQ(Normalize("\tSONY\r\nCORP\n"), "SONY CORP");
}

TEST(NormalizeApplicantName, ZeroWidthCharactersVanishWithoutSeparating) {
  EXPECT_EQ(Normalize("\xEF\xBB\xBFHUA\u200BWEI"), "HUAWEI");  // BOM, zero-width space
  EXPECT_EQ(Normalize("华为\u200D技术"), "华为技术");
  EXPECT_EQ(Normalize("HEWLETT\u00ADPACKARD"), "HEWLETTPACKARD");  // soft hyphen
}

TEST(NormalizeApplicantName, DoubleQuotesSeparateWordsAsASpaceDoes) {
  ExpectAllNormalizeTo("ACME BLUE ROBOTICS CO LTD",
                       {"Acme \"Blue\" Robotics Co., Ltd.", "ACME “BLUE” ROBOTICS CO LTD",
                        "Acme\"Blue\"Robotics Co Ltd"});
  EXPECT_EQ(Normalize("上海“蓝天”科技有限公司"), "上海蓝天科技有限公司");
  EXPECT_EQ(Normalize("\"\""), "");
}

// Rule 2: whitespace.

TEST(NormalizeApplicantName, ChineseNamesDropAllSpaces) {
  ExpectAllNormalizeTo("华为技术有限公司",
                       {"华为 技术有限公司", " 华为技术 有限 公司 ", "华 为 技 术 有 限 公 司"});
  ExpectAllNormalizeTo("中国科学院计算技术研究所", {"中国科学院  计算技术研究所"});
  // Around brackets too, and between CJK and Latin.
  EXPECT_EQ(Normalize("华为技术 ( 深圳 ) 有限公司"), "华为技术(深圳)有限公司");
  EXPECT_EQ(Normalize("TCL 科技集团"), "TCL科技集团");
  EXPECT_EQ(Normalize("索尼 SONY 公司"), "索尼SONY公司");
}

TEST(NormalizeApplicantName, LatinNamesCollapseRunsOfSpacesAndTrim) {
  ExpectAllNormalizeTo("INTERNATIONAL BUSINESS MACHINES CORP",
                       {"  International   Business Machines Corporation  ",
                        "International\tBusiness\n\nMachines Corp."});
}

// Rule 3: case.

TEST(NormalizeApplicantName, UpperCasesLatinLetters) {
  ExpectAllNormalizeTo("HUAWEI TECHNOLOGIES CO LTD",
                       {"Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES CO., LTD.",
                        "huawei technologies co.,ltd"});
}

TEST(NormalizeApplicantName, FoldsLatinAccentsButKeepsOtherScripts) {
  EXPECT_EQ(Normalize("Société Générale"), "SOCIETE GENERALE");
  EXPECT_EQ(Normalize("Nestle\u0301"), "NESTLE");  // decomposed accent
  EXPECT_EQ(Normalize("Straße"), "STRASSE");
  EXPECT_EQ(Normalize("Газпром"), "Газпром");
  EXPECT_EQ(Normalize("ソニー株式会社"), "ソニー株式会社");
  EXPECT_EQ(Normalize("삼성전자 주식회사"), "삼성전자주식회사");  // Hangul is CJK: no spaces
}

// Rule 4: punctuation.

TEST(NormalizeApplicantName, UnifiesChineseAndLatinBrackets) {
  ExpectAllNormalizeTo(
      "华为技术(北京)有限公司",
      {"华为技术（北京）有限公司", "华为技术【北京】有限公司", "华为技术[北京]有限公司",
       "华为技术〔北京〕有限公司", "华为技术{北京}有限公司"});
  ExpectAllNormalizeTo("SONY (CHINA) CO LTD", {"Sony(China)Co.,Ltd.", "SONY [CHINA] CO LTD",
                                               "Sony （China） Co Ltd", "SONY ( CHINA ) CO LTD"});
}

TEST(NormalizeApplicantName, DropsUnmatchedAndEmptyBrackets) {
  EXPECT_EQ(Normalize("华为技术(北京有限公司"), "华为技术北京有限公司");
  EXPECT_EQ(Normalize("华为技术北京)有限公司"), "华为技术北京有限公司");
  EXPECT_EQ(Normalize("华为技术()有限公司"), "华为技术有限公司");
  EXPECT_EQ(Normalize("华为技术（ ，）有限公司"), "华为技术有限公司");
  EXPECT_EQ(Normalize("SONY (()) CORP"), "SONY CORP");
  EXPECT_EQ(Normalize("A ((B)"), "A (B)");
}

TEST(NormalizeApplicantName, DropsPunctuationAtTheEdges) {
  EXPECT_EQ(Normalize("-华为技术有限公司。"), "华为技术有限公司");
  EXPECT_EQ(Normalize("、华为技术有限公司;"), "华为技术有限公司");
  EXPECT_EQ(Normalize("\"SONY CORP\""), "SONY CORP");
  EXPECT_EQ(Normalize("& JOHNSON &"), "JOHNSON");
  // A bracket pair at an edge is part of the name.
  EXPECT_EQ(Normalize("（株）日立製作所"), "(株)日立製作所");
  EXPECT_EQ(Normalize("SONY CORP (JP)"), "SONY CORP (JP)");
}

TEST(NormalizeApplicantName, DotsAndCommasInLatinNamesAreSeparators) {
  ExpectAllNormalizeTo(
      "SAMSUNG ELECTRONICS CO LTD",
      {"Samsung Electronics Co., Ltd.", "SAMSUNG ELECTRONICS CO.,LTD", "SAMSUNG ELECTRONICS CO.LTD",
       "Samsung Electronics Co. Ltd", "SAMSUNG ELECTRONICS CO LTD.", "Samsung, Electronics Co Ltd",
       "SAMSUNG ELECTRONICS CO，LTD"});
}

TEST(NormalizeApplicantName, JoinsInitialsAndKeepsDecimalPoints) {
  EXPECT_EQ(Normalize("U.S. Philips Corporation"), "US PHILIPS CORP");
  EXPECT_EQ(Normalize("J.P.Morgan Chase & Co."), "JP MORGAN CHASE & CO");
  EXPECT_EQ(Normalize("E. I. du Pont de Nemours and Company"), "EI DU PONT DE NEMOURS AND CO");
  EXPECT_EQ(Normalize("Web 3.0 Labs"), "WEB 3.0 LABS");
  EXPECT_EQ(Normalize("Web 3. 0 Labs"), "WEB 3 0 LABS");
}

TEST(NormalizeApplicantName, KeepsAmpersandAndHyphenWithCanonicalSpacing) {
  ExpectAllNormalizeTo("PROCTER & GAMBLE CO",
                       {"Procter&Gamble Company", "PROCTER  &  GAMBLE CO", "Procter & Gamble Co."});
  ExpectAllNormalizeTo("AT & T CORP", {"AT&T Corp.", "AT & T CORPORATION"});
  ExpectAllNormalizeTo(
      "HEWLETT-PACKARD DEVELOPMENT CO LP",
      {"Hewlett - Packard Development Company, L.P.", "HEWLETT–PACKARD DEVELOPMENT CO LP",
       "Hewlett-Packard Development Co., LP"});
  EXPECT_EQ(Normalize("中芯国际集成电路制造(上海)有限公司 & 中芯国际"),
            "中芯国际集成电路制造(上海)有限公司&中芯国际");
}

TEST(NormalizeApplicantName, KeepsOtherInnerPunctuationWithoutSpaces) {
  EXPECT_EQ(Normalize("L’Oréal"), "L'OREAL");
  EXPECT_EQ(Normalize("Novo Nordisk A / S"), "NOVO NORDISK A/S");
  EXPECT_EQ(Normalize("阿卜杜 · 热合曼"), "阿卜杜·热合曼");
}

// Rule 5: Chinese company forms.

TEST(NormalizeApplicantName, MergesChineseCompanyForms) {
  ExpectAllNormalizeTo("华为技术有限公司",
                       {"华为技术股份有限公司", "华为技术有限责任公司", "华为技术有限責任公司",
                        "华为技术股份有限责任公司", "华为技术 股份 有限 公司"});
  // Anywhere in the name: a branch of a company limited by shares.
  EXPECT_EQ(Normalize("中国石油化工股份有限公司北京燕山分公司"),
            "中国石油化工有限公司北京燕山分公司");
  // The traditional form of the few suffix characters only.
  EXPECT_EQ(Normalize("鴻海精密工業股份有限公司"), "鴻海精密工業有限公司");
  EXPECT_EQ(Normalize("長榮集團有限公司"), "長榮集团有限公司");
}

TEST(NormalizeApplicantName, ChineseFormsMergeAcrossRemovedPunctuation) {
  // The forms are matched in the normalised text, so a dot or space inside does not hide one.
  EXPECT_EQ(Normalize("华为技术股份.有限公司"), "华为技术有限公司");
  EXPECT_EQ(Normalize("华为技术股份，有限公司"), "华为技术有限公司");
}

// Rule 6: Latin legal forms.

TEST(NormalizeApplicantName, AbbreviatesTrailingLatinLegalForms) {
  ExpectAllNormalizeTo("SONY CORP", {"Sony Corporation", "SONY CORP.", "sony corp"});
  ExpectAllNormalizeTo("X CO LTD", {"X Company Limited", "X Co. Limited", "X COMPANY LTD"});
  ExpectAllNormalizeTo("X LTD", {"X Limited", "X Ltd."});
  ExpectAllNormalizeTo("APPLE INC", {"Apple Incorporated", "Apple Inc."});
  ExpectAllNormalizeTo("SIEMENS AG", {"Siemens Aktiengesellschaft", "SIEMENS A.G."});
  ExpectAllNormalizeTo("ROBERT BOSCH GMBH",
                       {"Robert Bosch Gesellschaft mit beschränkter Haftung", "Robert Bosch GmbH"});
  ExpectAllNormalizeTo("TOYOTA JIDOSHA KK",
                       {"Toyota Jidosha Kabushiki Kaisha", "TOYOTA JIDOSHA K.K."});
  ExpectAllNormalizeTo("KK TOSHIBA", {"Kabushiki Kaisha Toshiba", "KABUSHIKI KAISHA TOSHIBA"});
  ExpectAllNormalizeTo("THALES SA", {"Thales S.A.", "Thales Société Anonyme", "THALES S. A."});
  ExpectAllNormalizeTo("KONINKLIJKE PHILIPS NV",
                       {"Koninklijke Philips N.V.", "Koninklijke Philips Naamloze Vennootschap"});
  ExpectAllNormalizeTo("ERICSSON AB",
                       {"Ericsson A.B.", "Ericsson Aktiebolag", "Ericsson Aktiebolaget"});
  ExpectAllNormalizeTo("ARM PLC", {"ARM Public Limited Company", "Arm P.L.C."});
  ExpectAllNormalizeTo("GOOGLE LLC", {"Google Limited Liability Company", "Google L.L.C."});
  ExpectAllNormalizeTo("FIAT SPA", {"FIAT S.p.A.", "Fiat Società per Azioni"});
  ExpectAllNormalizeTo("BASF SE", {"BASF S.E."});
  ExpectAllNormalizeTo("X GMBH & CO KG", {"X GmbH & Co. KG", "X GmbH&Co.KG"});
}

TEST(NormalizeApplicantName, LeavesLegalWordsOutsideTheTrailingFormAlone) {
  EXPECT_EQ(Normalize("Limited Brands Inc."), "LIMITED BRANDS INC");
  EXPECT_EQ(Normalize("The Company Store"), "THE COMPANY STORE");
  EXPECT_EQ(Normalize("General Corporation Holdings"), "GENERAL CORPORATION HOLDINGS");
}

// Rule 7: universities and institutes.

TEST(NormalizeApplicantName, LeavesUniversityAndInstituteNamesAlone) {
  EXPECT_EQ(Normalize("清华大学"), "清华大学");
  EXPECT_EQ(Normalize("北京大学"), "北京大学");
  EXPECT_EQ(Normalize("中国科学院 大连化学物理研究所"), "中国科学院大连化学物理研究所");
  EXPECT_EQ(Normalize("國立臺灣大學"), "國立臺灣大學");  // no general 繁→简
  EXPECT_EQ(Normalize("Massachusetts Institute of Technology"),
            "MASSACHUSETTS INSTITUTE OF TECHNOLOGY");
}

// Rule 8: nothing left, and bad bytes.

TEST(NormalizeApplicantName, EmptyWhitespaceOrPunctuationOnlyGivesEmpty) {
  EXPECT_EQ(Normalize(""), "");
  EXPECT_EQ(Normalize("   \t\n\u3000"), "");
  EXPECT_EQ(Normalize(".,;-&()（）【】。、"), "");
  EXPECT_EQ(Normalize("(-)"), "");
  EXPECT_EQ(Normalize("\u200B\uFEFF"), "");
}

TEST(NormalizeApplicantName, ReplacesInvalidUtf8BytesOneByOne) {
  EXPECT_EQ(Normalize("SONY\xFF CORP"), "SONY\uFFFD CORP");
  EXPECT_EQ(Normalize("\xC3"), "\uFFFD");  // truncated sequence
  EXPECT_EQ(Normalize("\xE4\xB8"), "\uFFFD\uFFFD");
  EXPECT_EQ(Normalize("\xC0\xAF"), "\uFFFD\uFFFD");            // overlong '/'
  EXPECT_EQ(Normalize("\xED\xA0\x80"), "\uFFFD\uFFFD\uFFFD");  // surrogate
  EXPECT_EQ(Normalize("华\xE4为"), "华\uFFFD为");  // a truncated character does not eat the next
  const std::string nul("A\0B", 3);
  EXPECT_EQ(Normalize(nul), "A B");  // control characters are whitespace
}

// Different applicants stay different.

TEST(NormalizeApplicantName, KeepsDifferentApplicantsApart) {
  EXPECT_NE(Normalize("华为技术有限公司"), Normalize("华为终端有限公司"));
  EXPECT_NE(Normalize("华为技术有限公司"), Normalize("华为技术有限公司北京分公司"));
  EXPECT_NE(Normalize("华为技术(北京)有限公司"), Normalize("华为技术(上海)有限公司"));
  EXPECT_NE(Normalize("华为技术(北京)有限公司"), Normalize("华为技术有限公司"));
  EXPECT_NE(Normalize("华为技术有限公司"), Normalize("华为技术公司"));
  EXPECT_NE(Normalize("北京大学"), Normalize("北大"));
  EXPECT_NE(Normalize("SONY CORP"), Normalize("SONY GROUP CORP"));
  EXPECT_NE(Normalize("X CO LTD"), Normalize("X LTD"));
  EXPECT_NE(Normalize("X CORP"), Normalize("X INC"));
  EXPECT_NE(Normalize("AB CD"), Normalize("ABCD"));  // Latin spaces separate words
  EXPECT_NE(Normalize("A-B"), Normalize("AB"));
  EXPECT_NE(Normalize("AT & T"), Normalize("ATT"));
  EXPECT_NE(Normalize("WEB 3.0"), Normalize("WEB 30"));
  EXPECT_NE(Normalize("Газпром"), Normalize("ГАЗПРОМ"));  // only Latin is upper-cased
}

TEST(SameApplicant, ComparesNormalisedNames) {
  EXPECT_TRUE(SameApplicant("Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES CO LTD"));
  EXPECT_TRUE(SameApplicant("华为技术股份有限公司", "华为技术 有限责任公司"));
  EXPECT_FALSE(SameApplicant("SONY CORP", "SONY GROUP CORP"));
  EXPECT_FALSE(SameApplicant("", ""));
  EXPECT_FALSE(SameApplicant(" ", "。"));
}

// Determinism and idempotence over everything the tests above use, plus tricky input.
TEST(NormalizeApplicantName, IsIdempotent) {
  const std::vector<std::string> names = {
      "Huawei Technologies Co., Ltd.",
      "华为技术（深圳）股份有限公司",
      "股份股份有限公司",
      "有限责任有限责任公司",
      "股份有限股份有限责任公司",
      "集團集團有限公司",
      "S.A.R.L. X",
      "A.B.CD",
      "1.2.3",
      "1..2",
      "A . B",
      "(A)B(C)",
      "((()))x",
      "x(y",
      "KABUSHIKI KAISHA",
      "KABUSHIKI KAISHA KABUSHIKI KAISHA",
      "PUBLIC LIMITED PUBLIC LIMITED CO",
      "LIMITED LIABILITY LIMITED LIABILITY COMPANY",
      "X & & CO",
      "e\u0301 \u0301",
      "中\u0301",
      "\xE4\xB8\xAD\xFF\xE4\xB8",
      "Ａ．Ｂ．",
      "(株)",
      "㈱日立",
      "A—B",
      "x\u200By",
      "\xF0\x9F\x98\x80 CORP",
  };
  for (const std::string& name : names) {
    const std::string once = Normalize(name);
    EXPECT_EQ(Normalize(once), once) << "name: " << name;
    EXPECT_EQ(Normalize(name), once) << "name: " << name;  // deterministic
  }
}

}  // namespace
}  // namespace iphub::patents
