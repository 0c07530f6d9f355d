#include "iphub/patents/importers/spreadsheet.h"

#include <iconv.h>

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iphub/patents/importers/testing/zip_writer.h"

namespace iphub::patents::importers {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

struct Collected {
  std::vector<Patent> patents;
  std::vector<std::pair<int64_t, std::string>> rejects;  // row, reason
};

RowSink CollectInto(Collected& out) {
  return [&out](RowResult result) {
    if (result.patent.ok()) {
      out.patents.push_back(*std::move(result.patent));
    } else {
      out.rejects.emplace_back(result.row, std::string(result.patent.status().message()));
    }
    return absl::OkStatus();
  };
}

Collected Csv(std::string_view bytes, absl::Status* status_out = nullptr) {
  Collected out;
  absl::Status status = ReadCsv(bytes, CollectInto(out));
  if (status_out != nullptr) {
    *status_out = status;
  } else {
    EXPECT_TRUE(status.ok()) << status;
  }
  return out;
}

std::string ToGb18030(std::string_view utf8) {
  iconv_t converter = iconv_open("GB18030", "UTF-8");
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  iconv(converter, &in, &in_left, &out_ptr, &out_left);
  iconv_close(converter);
  out.resize(out.size() - out_left);
  return out;
}

// ---------------------------------------------------------------------------
// Headers.

TEST(SpreadsheetHeaders, AliasesOfTheChineseDatabasesMapToFields) {
  EXPECT_EQ(HeaderFieldName("申请号"), "application_number");
  EXPECT_EQ(HeaderFieldName("Application Number"), "application_number");
  EXPECT_EQ(HeaderFieldName("公开(公告)号"), "publication_number");
  EXPECT_EQ(HeaderFieldName("公开（公告）号"), "publication_number");  // full-width parentheses
  EXPECT_EQ(HeaderFieldName(" 公开 ( 公告 ) 号 "), "publication_number");
  EXPECT_EQ(HeaderFieldName("PUBLICATION  NUMBER"), "publication_number");
  EXPECT_EQ(HeaderFieldName("公开号"), "publication_number");
  EXPECT_EQ(HeaderFieldName("授权公告号"), "grant_publication_number");
  EXPECT_EQ(HeaderFieldName("公开（公告）日"), "publication_date");
  EXPECT_EQ(HeaderFieldName("申请（专利权）人"), "applicants");
  EXPECT_EQ(HeaderFieldName("当前权利人"), "applicants");
  EXPECT_EQ(HeaderFieldName("发明(设计)人"), "inventors");
  EXPECT_EQ(HeaderFieldName("ＩＰＣ分类号"), "ipc");  // full-width letters
  EXPECT_EQ(HeaderFieldName("主分类号"), "ipc_main");
  EXPECT_EQ(HeaderFieldName("洛迦诺分类号"), "locarno");
  EXPECT_EQ(HeaderFieldName("当前法律状态"), "legal_status");
  EXPECT_EQ(HeaderFieldName("标题 (中文)"), "title");
  EXPECT_EQ(HeaderFieldName("主权项"), "main_claim");
  EXPECT_EQ(HeaderFieldName("权利要求书"), "claims");
  EXPECT_EQ(HeaderFieldName("国省代码"), "applicant_region");
  EXPECT_EQ(HeaderFieldName("引用专利"), "citations");
  EXPECT_EQ(HeaderFieldName("被引用专利"), "");  // forward citations: not part of the record
  EXPECT_EQ(HeaderFieldName("备注"), "");
}

TEST(SpreadsheetHeaders, SheetWithoutANumberColumnIsRejectedNamingItsHeaders) {
  absl::Status status;
  Collected out = Csv("名称,摘要\n一种压力传感器,摘要\n", &status);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("headers found: 名称, 摘要"));
  EXPECT_THAT(out.patents, IsEmpty());
}

TEST(SpreadsheetHeaders, ApplicationNumberWithoutPublicationNumberIsRejectedAsAWhole) {
  absl::Status status;
  Collected out = Csv("申请号,名称\n201410513187.5,一种压力传感器\n", &status);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("no publication-number column"));
  EXPECT_THAT(out.patents, IsEmpty());
}

TEST(SpreadsheetHeaders, TitleLinesAboveTheHeaderAreSkipped) {
  Collected out =
      Csv("专利检索结果导出,,\n"
          ",,\n"
          "序号,公开（公告）号,名称\n"
          "1,CN104223590A,一种压力传感器\n");
  ASSERT_EQ(out.patents.size(), 1u);
  EXPECT_EQ(out.patents[0].publication_number, "CN104223590A");
}

// ---------------------------------------------------------------------------
// CSV.

TEST(SpreadsheetCsv, MapsAFullRow) {
  Collected out = Csv(
      "申请号,申请日,公开(公告)号,公开(公告)日,名称,摘要,主权项,申请(专利权)人,发明人,地址,"
      "国省代码,IPC分类号,主分类号,法律状态,代理机构,代理人,优先权,引用专利,专利类型\n"
      "CN201410513187.5,2014.09.29,CN104223590A,2014-12-24,一种压力传感器,本发明公开了一种传感器。,"
      "1.一种压力传感器，其特征在于……,山东大学;张三,李四、王五,250100 山东省济南市山大南路27号,"
      "37,G01L 1/00(2006.01);G01L9/00,G01L 1/00,实质审查的生效,济南金迪知识产权代理有限公司,"
      "许德山,JP2013096543 2013-05-01,CN101234567A;US2005123456A1;不是号码,发明申请\n");
  ASSERT_THAT(out.rejects, IsEmpty());
  ASSERT_EQ(out.patents.size(), 1u);
  const Patent& patent = out.patents[0];
  EXPECT_EQ(patent.publication_number, "CN104223590A");
  EXPECT_EQ(patent.country, "CN");
  EXPECT_EQ(patent.doc_number, "104223590");
  EXPECT_EQ(patent.kind, "A");
  EXPECT_EQ(patent.type, DocumentType::kCnInventionApplication);
  EXPECT_EQ(patent.application_number, "201410513187.5");
  EXPECT_EQ(patent.application_number_original, "CN201410513187.5");
  EXPECT_EQ(patent.application_date, "2014-09-29");
  EXPECT_EQ(patent.publication_date, "2014-12-24");
  EXPECT_EQ(patent.language, "zh");
  EXPECT_EQ(patent.title, "一种压力传感器");
  EXPECT_EQ(patent.abstract, "本发明公开了一种传感器。");
  ASSERT_EQ(patent.claims.size(), 1u);
  EXPECT_EQ(patent.claims[0].number, 1);
  EXPECT_EQ(patent.claims[0].text, "一种压力传感器，其特征在于……");
  ASSERT_EQ(patent.applicants.size(), 2u);
  EXPECT_EQ(patent.applicants[0].name, "山东大学");
  EXPECT_EQ(patent.applicants[0].type, PartyType::kUniversity);
  EXPECT_EQ(patent.applicants[0].address, "250100 山东省济南市山大南路27号");
  EXPECT_EQ(patent.applicants[0].postcode, "250100");
  EXPECT_EQ(patent.applicants[0].region_code, "370000");
  EXPECT_EQ(patent.applicants[0].country, "CN");
  EXPECT_EQ(patent.applicants[1].name, "张三");
  EXPECT_EQ(patent.applicants[1].type, PartyType::kIndividual);
  ASSERT_EQ(patent.inventors.size(), 2u);
  EXPECT_EQ(patent.inventors[1].name, "王五");
  ASSERT_EQ(patent.ipc.size(), 2u);
  EXPECT_EQ(patent.ipc[0].symbol, "G01L 1/00");
  EXPECT_EQ(patent.ipc[0].version, "2006.01");
  EXPECT_EQ(patent.ipc[1].symbol, "G01L 9/00");
  EXPECT_EQ(patent.ipc_main, "G01L 1/00");
  ASSERT_EQ(patent.legal_events.size(), 1u);
  EXPECT_EQ(patent.legal_events[0].code, "");
  EXPECT_EQ(patent.legal_events[0].text, "实质审查的生效");
  EXPECT_EQ(patent.agency, "济南金迪知识产权代理有限公司");
  EXPECT_THAT(patent.agents, ElementsAre("许德山"));
  ASSERT_EQ(patent.priorities.size(), 1u);
  EXPECT_EQ(patent.priorities[0].country, "JP");
  EXPECT_EQ(patent.priorities[0].number, "2013096543");
  EXPECT_EQ(patent.priorities[0].date, "2013-05-01");
  ASSERT_EQ(patent.citations.size(), 2u);  // the unreadable one is left out
  EXPECT_EQ(patent.citations[0].country, "CN");
  EXPECT_EQ(patent.citations[0].number, "101234567");
  EXPECT_EQ(patent.citations[0].kind_code, "A");
  EXPECT_EQ(patent.citations[1].country, "US");
  EXPECT_EQ(patent.citations[1].kind_code, "A1");
}

TEST(SpreadsheetCsv, QuotingEmbeddedNewlinesAndRowNumbers) {
  Collected out =
      Csv("公开号,名称,摘要\r\n"
          "CN104223590A,\"传感器, \"\"改进型\"\"\",\"第一段\n第二段\"\r\n"
          "CN104223591A,第二件,\r\n"
          "\r\n"
          "CN10422359A,第三件,\r\n");
  ASSERT_EQ(out.patents.size(), 3u);
  EXPECT_EQ(out.patents[0].title, "传感器, \"改进型\"");
  EXPECT_EQ(out.patents[0].abstract, "第一段\n第二段");
  EXPECT_EQ(out.patents[1].publication_number, "CN104223591A");
  // The row numbers a spreadsheet program shows: the quoted line break does not
  // start a row, the blank line is row 4.
  Collected with_reject =
      Csv("公开号,名称\n"
          "CN104223590A,\"两\n行\"\n"
          "\n"
          "CN104223591A,\n"
          "XX,无号\n");
  ASSERT_EQ(with_reject.rejects.size(), 1u);
  EXPECT_EQ(with_reject.rejects[0].first, 5);
  EXPECT_THAT(with_reject.rejects[0].second, HasSubstr("row 5, column 公开号"));
}

TEST(SpreadsheetCsv, UnclosedQuoteRejectsTheRowItStartsIn) {
  Collected out = Csv("公开号,名称\nCN104223590A,好\nCN104223591A,\"没有结束\n");
  ASSERT_EQ(out.patents.size(), 1u);
  ASSERT_EQ(out.rejects.size(), 1u);
  EXPECT_EQ(out.rejects[0].first, 3);
  EXPECT_THAT(out.rejects[0].second, HasSubstr("never closed"));
}

TEST(SpreadsheetCsv, TabsAreFoundBelowATitleLine) {
  Collected out = Csv("专利检索结果\n公开号\t名称\nCN104223590A\t传感器, 改进型\n");
  ASSERT_EQ(out.patents.size(), 1u);
  EXPECT_EQ(out.patents[0].title, "传感器, 改进型");
}

TEST(SpreadsheetCsv, RepeatedHeaderRowsArePassedOver) {
  Collected out = Csv("公开号,名称\nCN104223590A,一\n公开号,名称\nCN104223591A,二\n");
  EXPECT_THAT(out.rejects, IsEmpty());
  EXPECT_EQ(out.patents.size(), 2u);
}

TEST(SpreadsheetCsv, Utf8BomIsDropped) {
  Collected out = Csv("\xEF\xBB\xBF公开(公告)号,名称\nCN104223590A,一种压力传感器\n");
  ASSERT_EQ(out.patents.size(), 1u);
  EXPECT_EQ(out.patents[0].title, "一种压力传感器");
}

TEST(SpreadsheetCsv, Gb18030IsDecoded) {
  const std::string utf8 =
      "公开（公告）号,名称,申请（专利权）人\nCN104223590A,一种压力传感器,山东大学；张三\n";
  const std::string gbk = ToGb18030(utf8);
  ASSERT_NE(gbk, utf8);
  EXPECT_EQ(DecodeText(gbk), utf8);
  Collected out = Csv(gbk);
  ASSERT_EQ(out.patents.size(), 1u);
  EXPECT_EQ(out.patents[0].title, "一种压力传感器");
  ASSERT_EQ(out.patents[0].applicants.size(), 2u);
  EXPECT_EQ(out.patents[0].applicants[1].name, "张三");
}

TEST(SpreadsheetCsv, Utf16WithBomAndTabsIsRead) {
  // What Excel's "Unicode text" export writes: UTF-16LE, tab-separated.
  const std::string utf8 = "公开号\t名称\nCN104223590A\t传感器\n";
  iconv_t converter = iconv_open("UTF-16LE", "UTF-8");
  std::string utf16(utf8.size() * 4, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* out_ptr = utf16.data();
  size_t out_left = utf16.size();
  iconv(converter, &in, &in_left, &out_ptr, &out_left);
  iconv_close(converter);
  utf16.resize(utf16.size() - out_left);
  Collected out = Csv("\xFF\xFE" + utf16);
  ASSERT_EQ(out.patents.size(), 1u);
  EXPECT_EQ(out.patents[0].title, "传感器");
}

TEST(SpreadsheetCsv, ControlCharactersAndBadBytesNeverReachTheRecord) {
  std::string csv = "公开号,名称\nCN104223590A,\"a";
  csv += '\0';
  csv += "b\x01 c\"\n";
  Collected out = Csv(csv);
  ASSERT_EQ(out.patents.size(), 1u);
  EXPECT_EQ(out.patents[0].title, "ab c");
}

TEST(SpreadsheetCsv, BadDateRejectsTheRowNamingRowAndColumn) {
  Collected out =
      Csv("公开号,申请日\n"
          "CN104223590A,2014-09-29\n"
          "CN104223591A,2014-13-01\n"
          "CN104223592A,2014-02-30\n"
          "CN104223593A,0\n");
  ASSERT_EQ(out.patents.size(), 2u);
  EXPECT_EQ(out.patents[1].application_date, "");  // "0" is a placeholder, not a date
  ASSERT_EQ(out.rejects.size(), 2u);
  EXPECT_EQ(out.rejects[0].first, 3);
  EXPECT_THAT(out.rejects[0].second, HasSubstr("row 3, column 申请日: '2014-13-01' is not a date"));
  EXPECT_THAT(out.rejects[1].second, HasSubstr("row 4, column 申请日"));
}

TEST(SpreadsheetCsv, WrongCheckCharacterRejectsTheRow) {
  Collected out =
      Csv("申请号,公开号\n"
          "201410513187.6,CN104223590A\n"
          "2014105131875,CN104223591A\n"
          "201410513187,CN104223592A\n");
  ASSERT_EQ(out.rejects.size(), 1u);
  EXPECT_EQ(out.rejects[0].first, 2);
  EXPECT_THAT(out.rejects[0].second, HasSubstr("row 2, column 申请号"));
  EXPECT_THAT(out.rejects[0].second, HasSubstr("expected '5'"));
  ASSERT_EQ(out.patents.size(), 2u);
  EXPECT_EQ(out.patents[0].application_number, "201410513187.5");
  EXPECT_EQ(out.patents[1].application_number, "201410513187.5");  // computed
}

TEST(SpreadsheetCsv, MissingPublicationNumberRejectsTheRow) {
  Collected out = Csv("申请号,公开号,名称\n201410513187.5,,一种压力传感器\n");
  ASSERT_EQ(out.rejects.size(), 1u);
  EXPECT_THAT(out.rejects[0].second,
              HasSubstr("row 2, column 公开号: no publication number for application "
                        "201410513187.5"));
}

TEST(SpreadsheetCsv, KindComesFromThePatentTypeWhenTheNumberHasNone) {
  Collected out =
      Csv("公开号,专利类型,授权公告日\n"
          "104223590,发明授权,2016-05-04\n"
          "204000000,实用新型,\n"
          "104223591,发明,\n");
  ASSERT_EQ(out.patents.size(), 2u);
  EXPECT_EQ(out.patents[0].publication_number, "CN104223590B");
  EXPECT_EQ(out.patents[0].type, DocumentType::kCnInventionGrant);
  EXPECT_EQ(out.patents[0].grant_date, "2016-05-04");
  EXPECT_EQ(out.patents[1].publication_number, "CN204000000U");
  EXPECT_EQ(out.patents[1].type, DocumentType::kCnUtilityModel);
  ASSERT_EQ(out.rejects.size(), 1u);
  EXPECT_THAT(out.rejects[0].second, HasSubstr("has no kind code"));
}

TEST(SpreadsheetCsv, ClaimsAreSplitWithTheirDependencies) {
  Collected out = Csv(
      "公开号,权利要求书\n"
      "CN104223590A,\"1.一种压力传感器，包括壳体，厚度为2.5mm。2.根据权利要求1所述的压力传感器，"
      "如图2、3所示。\n3、根据权利要求1或2所述的压力传感器。4．如权利要求1至3中任一项所述的"
      "传感器。\"\n");
  ASSERT_EQ(out.patents.size(), 1u);
  const std::vector<Claim>& claims = out.patents[0].claims;
  ASSERT_EQ(claims.size(), 4u);
  EXPECT_EQ(claims[0].number, 1);
  EXPECT_EQ(claims[0].text, "一种压力传感器，包括壳体，厚度为2.5mm。");
  EXPECT_THAT(claims[0].depends_on, IsEmpty());
  EXPECT_EQ(claims[1].text, "根据权利要求1所述的压力传感器，如图2、3所示。");
  EXPECT_THAT(claims[1].depends_on, ElementsAre(1));
  EXPECT_THAT(claims[2].depends_on, ElementsAre(1, 2));
  EXPECT_THAT(claims[3].depends_on, ElementsAre(1, 2, 3));
}

TEST(SpreadsheetCsv, CompanyNamesWithCommasStayWhole) {
  Collected out =
      Csv("公开号,申请人\n"
          "CN104223590A,\"HUAWEI TECHNOLOGIES CO., LTD., Apple Inc.,华为技术有限公司\"\n");
  ASSERT_EQ(out.patents.size(), 1u);
  ASSERT_EQ(out.patents[0].applicants.size(), 3u);
  EXPECT_EQ(out.patents[0].applicants[0].name, "HUAWEI TECHNOLOGIES CO., LTD.");
  EXPECT_EQ(out.patents[0].applicants[0].type, PartyType::kEnterprise);
  EXPECT_EQ(out.patents[0].applicants[1].name, "Apple Inc.");
  EXPECT_EQ(out.patents[0].applicants[2].name, "华为技术有限公司");
}

TEST(SpreadsheetCsv, SinkErrorStopsTheRead) {
  int calls = 0;
  absl::Status status = ReadCsv("公开号\nCN104223590A\nCN104223591A\n", [&](RowResult) {
    ++calls;
    return absl::UnavailableError("database down");
  });
  EXPECT_EQ(status, absl::UnavailableError("database down"));
  EXPECT_EQ(calls, 1);
}

// ---------------------------------------------------------------------------
// Dates and numbers.

TEST(SpreadsheetDates, EveryAcceptedFormat) {
  for (const char* text : {"2014-09-29", "2014.09.29", "2014/9/29", "2014-9-29", "20140929",
                           "2014年9月29日", "2014年09月29日", " 2014-09-29 00:00:00",
                           "2014-09-29T00:00:00", "２０１４．０９．２９", "41911", "41911.75"}) {
    auto date = ParseSheetDate(text, false, false);
    ASSERT_TRUE(date.ok()) << text << ": " << date.status();
    EXPECT_EQ(*date, "2014-09-29") << text;
  }
  EXPECT_EQ(ParseSheetDate("41911", true, false).value(), "2014-09-29");
  EXPECT_EQ(ParseSheetDate("20140929", true, false).value(), "2014-09-29");
  EXPECT_EQ(ParseSheetDate("", false, false).value(), "");
  EXPECT_EQ(ParseSheetDate("00000000", false, false).value(), "");
  for (const char* bad : {"2014-13-01", "2015-02-29", "2014/09-29", "29.09.2014", "sometime",
                          "2014年13月1日", "123", "2014"}) {
    EXPECT_FALSE(ParseSheetDate(bad, false, false).ok()) << bad;
  }
  EXPECT_EQ(ParseSheetDate("2016-02-29", false, false).value(), "2016-02-29");
}

TEST(SpreadsheetDates, ExcelSerialsInBothDateSystems) {
  EXPECT_EQ(ExcelSerialToDate(1, false).value(), "1900-01-01");
  EXPECT_EQ(ExcelSerialToDate(59, false).value(), "1900-02-28");
  EXPECT_FALSE(ExcelSerialToDate(60, false).ok());  // Excel's 1900-02-29
  EXPECT_EQ(ExcelSerialToDate(61, false).value(), "1900-03-01");
  EXPECT_EQ(ExcelSerialToDate(36526, false).value(), "2000-01-01");
  EXPECT_EQ(ExcelSerialToDate(41911.5, false).value(), "2014-09-29");
  EXPECT_EQ(ExcelSerialToDate(2958465, false).value(), "9999-12-31");
  EXPECT_FALSE(ExcelSerialToDate(0, false).ok());
  EXPECT_FALSE(ExcelSerialToDate(-5, false).ok());
  EXPECT_FALSE(ExcelSerialToDate(3e9, false).ok());
  EXPECT_EQ(ExcelSerialToDate(0, true).value(), "1904-01-01");
  EXPECT_EQ(ExcelSerialToDate(40449, true).value(), "2014-09-29");
}

TEST(SpreadsheetNumbers, PublicationNumbersSplit) {
  auto cn = SplitPublicationNumber("CN104223590A");
  ASSERT_TRUE(cn.ok());
  EXPECT_EQ(cn->country, "CN");
  EXPECT_EQ(cn->number, "104223590");
  EXPECT_EQ(cn->kind, "A");
  auto us = SplitPublicationNumber("US D534,673 S1");
  ASSERT_TRUE(us.ok());
  EXPECT_EQ(us->country, "US");
  EXPECT_EQ(us->number, "D534673");
  EXPECT_EQ(us->kind, "S1");
  auto bare = SplitPublicationNumber("104223590");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->country, "");
  EXPECT_EQ(bare->kind, "");
  EXPECT_EQ(SplitPublicationNumber("US 2016/0123456 A1")->number, "20160123456");
  EXPECT_FALSE(SplitPublicationNumber("CNA").ok());
  EXPECT_FALSE(SplitPublicationNumber("").ok());
}

TEST(SpreadsheetClaims, TextWithoutNumbersIsOneClaim) {
  std::vector<Claim> claims = SplitClaims("一种压力传感器，其特征在于……");
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].number, 1);
  EXPECT_THAT(SplitClaims("  "), IsEmpty());
}

// ---------------------------------------------------------------------------
// XLSX.

std::string Workbook(std::string_view sheet_xml, std::string_view shared_strings_xml,
                     bool date1904 = false, std::string_view second_sheet_xml = "") {
  const std::string second = std::string(second_sheet_xml);
  std::vector<testing::ZipWriterEntry> parts;
  parts.push_back(
      {.name = "[Content_Types].xml",
       .data =
           R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)"});
  parts.push_back({.name = "_rels/.rels", .data = R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>)"});
  std::string sheets = second.empty() ? R"(<sheet name="专利" sheetId="1" r:id="rId1"/>)"
                                      : R"(<sheet name="说明" sheetId="2" r:id="rId9"/>
<sheet name="专利" sheetId="1" r:id="rId1"/>)";
  parts.push_back({.name = "xl/workbook.xml",
                   .data = std::string(R"(<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)") +
                           (date1904 ? R"(<workbookPr date1904="1"/>)" : "<workbookPr/>") +
                           "<sheets>" + sheets + "</sheets></workbook>"});
  parts.push_back(
      {.name = "xl/_rels/workbook.xml.rels", .data = R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>)"});
  parts.push_back({.name = "xl/styles.xml", .data = R"(<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="0.00E+00"/></numFmts>
<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>
</styleSheet>)"});
  parts.push_back({.name = "xl/sharedStrings.xml", .data = std::string(shared_strings_xml)});
  parts.push_back({.name = "xl/worksheets/sheet1.xml", .data = std::string(sheet_xml)});
  if (!second.empty()) {
    parts.push_back({.name = "xl/worksheets/sheet2.xml", .data = second, .deflate = false});
  }
  return testing::WriteZip(parts);
}

constexpr std::string_view kSharedStrings = R"(<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">
<si><t>申请号</t></si>
<si><r><rPr><b/></rPr><t>公开（公告）</t></r><r><t>号</t></r><rPh sb="0" eb="1"><t>ゴウ</t></rPh></si>
<si><t>申请日</t></si>
<si><t xml:space="preserve">一种压力传感器_x000D_
</t></si>
<si><t>山东大学；张三</t></si>
</sst>)";

constexpr std::string_view kSheet = R"(<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="inlineStr"><is><t>名称</t></is></c><c r="F1" t="inlineStr"><is><r><t>申请(专利权)</t></r><r><t>人</t></r></is></c><c r="G1" t="str"><v>公开日</v></c><c r="H1" t="inlineStr"><is><t>有效</t></is></c></row>
<row r="2"><c r="A2" s="3"><v>2.0141051318750E+12</v></c><c r="B2" t="inlineStr"><is><t>CN104223590A</t></is></c><c r="C2" s="1"><v>41911</v></c><c r="D2" t="s"><v>3</v></c><c r="F2" t="s"><v>4</v></c><c r="G2" s="2"><v>41997</v></c><c r="H2" t="b"><v>1</v></c></row>
<row r="4"><c r="A4" t="inlineStr"><is><t>201410513187.6</t></is></c><c r="B4" t="inlineStr"><is><t>CN104223591A</t></is></c></row>
<row r="5"><c r="B5" t="inlineStr"><is><t>CN104223592A</t></is></c><c r="C5" t="e"><v>#N/A</v></c><c r="G5" t="inlineStr"><is><t>2014.13.01</t></is></c></row>
<row><c t="inlineStr"><is><t>201420123456.2</t></is></c><c t="inlineStr"><is><t>CN204000000U</t></is></c></row>
</sheetData>
</worksheet>)";

TEST(SpreadsheetXlsx, ReadsSharedAndInlineStringsSparseCellsAndDates) {
  Collected out;
  absl::Status status = ReadXlsx(Workbook(kSheet, kSharedStrings), CollectInto(out));
  ASSERT_TRUE(status.ok()) << status;
  ASSERT_EQ(out.patents.size(), 2u);
  const Patent& first = out.patents[0];
  EXPECT_EQ(first.publication_number, "CN104223590A");
  EXPECT_EQ(first.application_number, "201410513187.5");  // from the number 2.0141051318750E+12
  EXPECT_EQ(first.application_date, "2014-09-29");        // serial 41911, date style
  EXPECT_EQ(first.publication_date, "2014-12-24");        // serial 41997, custom 年月日 style
  EXPECT_EQ(first.title, "一种压力传感器");               // _x000D_ and the line break trimmed
  ASSERT_EQ(first.applicants.size(), 2u);
  EXPECT_EQ(first.applicants[1].name, "张三");
  EXPECT_EQ(out.patents[1].publication_number, "CN204000000U");
  EXPECT_EQ(out.patents[1].application_number, "201420123456.2");

  ASSERT_EQ(out.rejects.size(), 2u);
  EXPECT_EQ(out.rejects[0].first, 4);
  EXPECT_THAT(out.rejects[0].second, HasSubstr("row 4, column 申请号"));
  EXPECT_EQ(out.rejects[1].first, 5);
  EXPECT_THAT(out.rejects[1].second, HasSubstr("row 5, column 公开日: '2014.13.01'"));
}

TEST(SpreadsheetXlsx, CellsAsTheWorkbookHasThem) {
  const std::string bytes = Workbook(kSheet, kSharedStrings);  // outlives the workbook
  auto workbook = XlsxWorkbook::Open(bytes);
  ASSERT_TRUE(workbook.ok()) << workbook.status();
  EXPECT_THAT(workbook->sheet_names(), ElementsAre("专利"));
  std::vector<SheetRow> rows;
  ASSERT_TRUE(workbook
                  ->ReadSheet(0,
                              [&](const SheetRow& row) {
                                rows.push_back(row);
                                return absl::OkStatus();
                              })
                  .ok());
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].cells[1].text, "公开（公告）号");  // runs joined, phonetic run left out
  EXPECT_EQ(rows[0].cells[4].column, 5);               // F1: column E is absent
  EXPECT_EQ(rows[1].cells[0].text, "2014105131875");
  EXPECT_TRUE(rows[1].cells[0].is_number);
  EXPECT_FALSE(rows[1].cells[0].date_format);  // 0.00E+00 is no date format
  EXPECT_TRUE(rows[1].cells[2].date_format);
  EXPECT_EQ(rows[1].cells[6].text, "TRUE");
  EXPECT_EQ(rows[2].number, 4);
  EXPECT_EQ(rows[3].cells.size(), 2u);  // the #N/A cell has no value
  EXPECT_EQ(rows[4].number, 6);         // no r attribute: after the previous row
  EXPECT_EQ(rows[4].cells[1].column, 1);
}

TEST(SpreadsheetXlsx, Date1904System) {
  constexpr std::string_view sheet = R"(<worksheet><sheetData>
<row r="1"><c t="inlineStr"><is><t>公开号</t></is></c><c t="inlineStr"><is><t>申请日</t></is></c></row>
<row r="2"><c t="inlineStr"><is><t>CN104223590A</t></is></c><c s="1"><v>40449</v></c></row>
</sheetData></worksheet>)";
  Collected out;
  ASSERT_TRUE(ReadXlsx(Workbook(sheet, "<sst/>", /*date1904=*/true), CollectInto(out)).ok());
  ASSERT_EQ(out.patents.size(), 1u);
  EXPECT_EQ(out.patents[0].application_date, "2014-09-29");
}

TEST(SpreadsheetXlsx, FirstSheetWithAHeaderIsRead) {
  constexpr std::string_view notes = R"(<worksheet><sheetData>
<row r="1"><c t="inlineStr"><is><t>检索式: 传感器</t></is></c></row>
</sheetData></worksheet>)";
  constexpr std::string_view data = R"(<worksheet><sheetData>
<row r="1"><c t="inlineStr"><is><t>公开号</t></is></c></row>
<row r="2"><c t="inlineStr"><is><t>CN104223590A</t></is></c></row>
</sheetData></worksheet>)";
  Collected out;
  absl::Status status = ReadXlsx(Workbook(data, "<sst/>", false, notes), CollectInto(out));
  ASSERT_TRUE(status.ok()) << status;
  ASSERT_EQ(out.patents.size(), 1u);

  Collected none;
  status = ReadXlsx(Workbook(notes, "<sst/>"), CollectInto(none));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("headers found: 检索式: 传感器"));
}

TEST(SpreadsheetXlsx, WhatIsNoWorkbookIsRejected) {
  Collected out;
  absl::Status status = ReadXlsx("not a zip", CollectInto(out));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("not an XLSX workbook"));
  status = ReadXlsx(testing::WriteZip({{.name = "a.txt", .data = "x"}}), CollectInto(out));
  EXPECT_THAT(status.message(), HasSubstr("no xl/workbook.xml"));
  status = ReadXlsx(Workbook("<worksheet><sheetData><row>", "<sst/>"), CollectInto(out));
  EXPECT_THAT(status.message(), HasSubstr("malformed XML"));
}

TEST(SpreadsheetXlsx, EntitiesAreNotExpanded) {
  constexpr std::string_view sheet = R"(<?xml version="1.0"?>
<!DOCTYPE worksheet [<!ENTITY boom "BOOM">]>
<worksheet><sheetData>
<row r="1"><c t="inlineStr"><is><t>公开号</t></is></c><c t="inlineStr"><is><t>名称</t></is></c></row>
<row r="2"><c t="inlineStr"><is><t>CN104223590A</t></is></c><c t="inlineStr"><is><t>a&boom;&amp;&#x4E00;</t></is></c></row>
</sheetData></worksheet>)";
  Collected out;
  ASSERT_TRUE(ReadXlsx(Workbook(sheet, "<sst/>"), CollectInto(out)).ok());
  ASSERT_EQ(out.patents.size(), 1u);
  EXPECT_EQ(out.patents[0].title, "a&boom;&一");
}

}  // namespace
}  // namespace iphub::patents::importers
