#include "iphub/patents/importers/spreadsheet.h"

#include <iconv.h>

#include <functional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iphub/patents/importers/internal/string_store.h"
#include "iphub/patents/importers/internal/text_decoder.h"
#include "iphub/patents/importers/internal/xml_stream.h"
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

// ---------------------------------------------------------------------------
// Streaming: pieces, end offsets, encodings, shared strings on disk.

std::string ToUtf16Le(std::string_view utf8) {
  iconv_t converter = iconv_open("UTF-16LE", "UTF-8");
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  iconv(converter, &in, &in_left, &out_ptr, &out_left);
  iconv_close(converter);
  out.resize(out.size() - out_left);
  return out;
}

// What a read hands over, comparable: per row its number, end offset and
// publication number or reason; then the sheet's status.
std::vector<std::string> Trace(const std::function<absl::Status(const RowSink&)>& read) {
  std::vector<std::string> trace;
  const absl::Status status = read([&trace](RowResult result) {
    trace.push_back(std::to_string(result.row) + "@" + std::to_string(result.end_offset) + " " +
                    (result.patent.ok()
                         ? result.patent->publication_number + " " + result.patent->title
                         : std::string(result.patent.status().message())));
    return absl::OkStatus();
  });
  trace.push_back(status.ToString());
  return trace;
}

// Feeds `bytes` to a CsvReader in pieces of `piece` bytes.
std::vector<std::string> TraceInPieces(std::string_view bytes, size_t piece,
                                       bool with_offsets = true) {
  std::vector<std::string> trace = Trace([&](const RowSink& sink) {
    CsvReader reader(sink);
    for (size_t pos = 0; pos < bytes.size() && !reader.done(); pos += piece) {
      const absl::Status fed = reader.Feed(bytes.substr(pos, piece));
      if (!fed.ok()) return fed;
    }
    return reader.Finish();
  });
  if (!with_offsets) {
    for (std::string& line : trace) {
      const size_t at = line.find('@');
      if (at != std::string::npos) line.erase(at, line.find(' ', at) - at);
    }
  }
  return trace;
}

TEST(SpreadsheetStreaming, CsvCutIntoPiecesOfAnySizeReadsAsAWhole) {
  const std::string utf8 =
      "检索结果\r\n"
      "公开号,名称,摘要\r\n"
      "CN104223590A,\"传感器, \"\"改进型\"\"\",\"第一段\r\n第二段\"\r"
      "CN104223591A,第二件,\n"
      "\n"
      "XX,无号,\n"
      "CN104223592A,\"没有结束\n";
  for (const std::string& bytes :
       {utf8, "\xEF\xBB\xBF" + utf8, ToGb18030(utf8), "\xFF\xFE" + ToUtf16Le(utf8)}) {
    const std::vector<std::string> whole =
        Trace([&](const RowSink& sink) { return ReadCsv(bytes, sink); });
    ASSERT_EQ(whole.size(), 5u) << ::testing::PrintToString(whole);
    EXPECT_THAT(whole[0], HasSubstr("CN104223590A 传感器, \"改进型\""));
    EXPECT_THAT(whole[3], HasSubstr("never closed"));
    for (size_t piece = 1; piece <= 17; ++piece) {
      // Offsets of converted text depend on the pieces; the rows must not.
      const bool exact = bytes == utf8 || bytes.starts_with("\xEF\xBB\xBF");
      EXPECT_EQ(TraceInPieces(bytes, piece, exact), TraceInPieces(bytes, bytes.size(), exact))
          << "piece " << piece;
    }
  }
}

TEST(SpreadsheetStreaming, Utf8RowsEndWhereTheirLineBreakEnds) {
  const std::string bom = "\xEF\xBB\xBF";
  const std::string header = "公开号,名称\r\n";
  const std::string first = "CN104223590A,\"两\n行\"\r\n";
  const std::string second = "CN104223591A,二\r";
  const std::string third = "CN104223592A,三";
  const std::string bytes = bom + header + first + second + third;
  std::vector<uint64_t> ends;
  ASSERT_TRUE(ReadCsv(bytes, [&](RowResult result) {
                ends.push_back(result.end_offset);
                return absl::OkStatus();
              }).ok());
  const size_t after_first = bom.size() + header.size() + first.size();
  EXPECT_THAT(ends, ElementsAre(after_first, after_first + second.size(), bytes.size()));
}

std::string BigCsv(int rows, bool chinese_from_the_start) {
  std::string csv = chinese_from_the_start ? "公开号,名称\n" : "Publication Number,Title\n";
  for (int idx = 0; idx < rows; ++idx) {
    csv += "CN" + std::to_string(100000000 + idx) + "A,";
    csv += chinese_from_the_start || idx >= rows / 2
               ? "\"一种压力传感器，" + std::to_string(idx) + "号\""
               : "Pressure sensor " + std::to_string(idx);
    csv += "\n";
  }
  return csv;
}

TEST(SpreadsheetStreaming, LongGb18030FileIsDecodedPieceByPiece) {
  // Several MB: characters are cut by the pieces, and the encoding is decided
  // on a sample — after 1 MB of ASCII in the second file.
  for (bool chinese_from_the_start : {true, false}) {
    const int rows = chinese_from_the_start ? 60000 : 120000;
    const std::string gbk = ToGb18030(BigCsv(rows, chinese_from_the_start));
    ASSERT_GT(gbk.size(), size_t{2} << 20);
    int read = 0;
    uint64_t last_end = 0;
    ASSERT_TRUE(ReadCsv(gbk, [&](RowResult result) {
                  EXPECT_TRUE(result.patent.ok()) << result.patent.status();
                  if (!result.patent.ok()) return absl::OkStatus();
                  const int idx = read++;
                  EXPECT_EQ(result.patent->publication_number,
                            "CN" + std::to_string(100000000 + idx) + "A");
                  if (chinese_from_the_start || idx >= rows / 2) {
                    EXPECT_EQ(result.patent->title,
                              "一种压力传感器，" + std::to_string(idx) + "号");
                  }
                  EXPECT_GE(result.end_offset, last_end);
                  last_end = result.end_offset;
                  return idx < 3 || idx % 997 != 0 || !::testing::Test::HasFailure()
                             ? absl::OkStatus()
                             : absl::AbortedError("stop after the first failures");
                }).ok());
    EXPECT_EQ(read, rows);
    EXPECT_EQ(last_end, gbk.size());
  }
}

TEST(SpreadsheetStreaming, DecoderGivesTheSameTextHoweverTheInputIsCut) {
  const std::string utf8 = "公开号 一种压力传感器 𠀋 abc\r\n";
  std::string damaged = utf8 + utf8 + utf8;
  damaged.insert(3, "\xE4\xB8");  // a cut character among many valid ones: still UTF-8
  for (const std::string& bytes :
       {utf8, ToGb18030(utf8), "\xFF\xFE" + ToUtf16Le(utf8), "\xEF\xBB\xBF" + utf8, damaged}) {
    const std::string whole = DecodeText(bytes);
    EXPECT_NE(whole.find("一种压力传感器"), std::string::npos) << whole;
    for (size_t piece = 1; piece <= 7; ++piece) {
      internal::TextDecoder decoder(internal::TextEncoding::kDetect);
      std::string out;
      uint64_t end = 0;
      for (size_t pos = 0; pos < bytes.size(); pos += piece) {
        const internal::DecodedSpan span = decoder.Decode(bytes.substr(pos, piece), out);
        EXPECT_GE(span.source_begin, end);  // spans follow each other (but for a BOM)
        EXPECT_GE(span.source_end, span.source_begin);
        end = span.source_end;
      }
      end = decoder.Finish(out).source_end;
      EXPECT_EQ(out, whole) << "piece " << piece;
      EXPECT_EQ(end, bytes.size());
    }
  }
  EXPECT_EQ(DecodeText(damaged),
            "公\xEF\xBF\xBD\xEF\xBF\xBD开号 一种压力传感器 𠀋 abc\r\n" + utf8 + utf8);
}

// A sheet of `rows` rows, each with a shared-string title, and the sst.
std::pair<std::string, std::string> BigSheet(int rows) {
  std::string sheet =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>公开号</t></is></c><c r="B1" t="s"><v>0</v></c></row>)";
  std::string sst = R"(<sst count="1"><si><t>名称</t></si>)";
  for (int idx = 0; idx < rows; ++idx) {
    const std::string row = std::to_string(idx + 2);
    // Titles in reverse order of the strings, so reading them jumps around.
    sheet += "<row r=\"" + row + "\"><c r=\"A" + row + "\" t=\"inlineStr\"><is><t>CN" +
             std::to_string(100000000 + idx) + "A</t></is></c><c r=\"B" + row + "\" t=\"s\"><v>" +
             std::to_string(rows - idx) + "</v></c></row>\n";
    sst += "<si><t>一种压力传感器，第" + std::to_string(rows - 1 - idx) + "号</t></si>";
  }
  sheet += "</sheetData></worksheet>";
  sst += "</sst>";
  return {sheet, sst};
}

TEST(SpreadsheetStreaming, LargeSheetIsReadRowByRowWithSharedStringsOnDisk) {
  const auto [sheet, sst] = BigSheet(30000);
  const std::string bytes = Workbook(sheet, sst);
  for (size_t budget : {size_t{0}, size_t{1} << 10, size_t{64} << 20}) {
    SheetOptions options;
    options.shared_strings_memory = budget;
    int read = 0;
    uint64_t first_end = 0;
    uint64_t last_end = 0;
    const absl::Status status = ReadXlsx(
        bytes,
        [&](RowResult result) {
          EXPECT_TRUE(result.patent.ok()) << result.patent.status();
          if (!result.patent.ok()) return absl::AbortedError("bad row");
          const int idx = read++;
          EXPECT_EQ(result.patent->publication_number,
                    "CN" + std::to_string(100000000 + idx) + "A");
          EXPECT_EQ(result.patent->title, "一种压力传感器，第" + std::to_string(idx) + "号");
          if (idx == 0) first_end = result.end_offset;
          EXPECT_GE(result.end_offset, last_end);
          last_end = result.end_offset;
          return absl::OkStatus();
        },
        options);
    ASSERT_TRUE(status.ok()) << status;
    EXPECT_EQ(read, 30000);
    // Rows say how far into the workbook the sheet has been inflated.
    EXPECT_LT(first_end, last_end);
    EXPECT_LE(last_end, bytes.size());
  }
}

TEST(SpreadsheetStreaming, SheetXmlIsReadAsPugixmlReadIt) {
  constexpr std::string_view sheet = R"(<?xml version="1.0"?>
<!DOCTYPE worksheet [<!-- it's ] a comment --><!ENTITY x "y">]>
<x:worksheet xmlns:x="m"><x:sheetData>
<x:row r="1">
  <x:c r="A1" t="inlineStr"><x:is><x:t xml:space="preserve"> </x:t></x:is></x:c>
  <x:c r="B1" t="inlineStr"><x:is> <x:t><![CDATA[a<b]]>&#x4E00;&#19968;&foo;&amp;&#xZZ;</x:t></x:is></x:c>
  <x:c r="C1" s=" 1"><x:v>4<!-- comment -->1911</x:v><x:v>2</x:v></x:c>
  <x:c r="D1" t="str"><x:v>line&#13;
two
three</x:v></x:c>
  <x:c r='E1' t='inlineStr'><x:is><x:r><x:t>a</x:t><x:t>b</x:t></x:r><x:t>c</x:t></x:is></x:c>
  <x:c r="F1" t="inlineStr"><x:is><x:t> </x:t><x:t/></x:is></x:c>
</x:row>
</x:sheetData><x:sheetData><x:row r="9"><x:c><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>
<?trailing instruction?>)";
  const std::string bytes = Workbook(sheet, "<sst/>");
  auto workbook = XlsxWorkbook::Open(bytes);
  ASSERT_TRUE(workbook.ok()) << workbook.status();
  std::vector<SheetRow> rows;
  const absl::Status status = workbook->ReadSheet(0, [&](const SheetRow& row) {
    rows.push_back(row);
    return absl::OkStatus();
  });
  ASSERT_TRUE(status.ok()) << status;
  ASSERT_EQ(rows.size(), 1u);  // only the first <sheetData>
  ASSERT_EQ(rows[0].cells.size(), 6u);
  EXPECT_EQ(rows[0].cells[0].text, " ");  // whitespace as an element's only content is kept
  EXPECT_EQ(rows[0].cells[1].text, "a<b一一&foo;&&#xZZ;");
  EXPECT_EQ(rows[0].cells[2].text, "41911");  // the first <v>, around the comment
  EXPECT_TRUE(rows[0].cells[2].date_format);  // style " 1" is 1, as pugixml's as_uint reads it
  EXPECT_EQ(rows[0].cells[3].text, "line\r\ntwo\nthree");
  EXPECT_EQ(rows[0].cells[4].text, "ac");  // a run's first <t>, then the item's <t>
  EXPECT_EQ(rows[0].cells[5].text, " ");
}

TEST(SpreadsheetStreaming, Utf16SheetIsRead) {
  const std::string sheet =
      std::string("\xFF\xFE") + ToUtf16Le(R"(<?xml version="1.0" encoding="UTF-16"?>
<worksheet><sheetData>
<row r="1"><c t="inlineStr"><is><t>公开号</t></is></c><c t="inlineStr"><is><t>名称</t></is></c></row>
<row r="2"><c t="inlineStr"><is><t>CN104223590A</t></is></c><c t="inlineStr"><is><t>一种压力传感器</t></is></c></row>
</sheetData></worksheet>)");
  Collected out;
  const absl::Status status = ReadXlsx(Workbook(sheet, "<sst/>"), CollectInto(out));
  ASSERT_TRUE(status.ok()) << status;
  ASSERT_EQ(out.patents.size(), 1u);
  EXPECT_EQ(out.patents[0].title, "一种压力传感器");
}

TEST(SpreadsheetStreaming, MalformedSheetFailsAfterTheRowsBeforeTheDamage) {
  constexpr std::string_view sheet = R"(<worksheet><sheetData>
<row r="1"><c t="inlineStr"><is><t>公开号</t></is></c></row>
<row r="2"><c t="inlineStr"><is><t>CN104223590A</t></is></c></row>
<row r="3"><c t="inlineStr"><is><t>CN104223591A</t></is></c></cell></row>
</sheetData></worksheet>)";
  Collected out;
  const absl::Status status = ReadXlsx(Workbook(sheet, "<sst/>"), CollectInto(out));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(),
              HasSubstr("XLSX part xl/worksheets/sheet1.xml: malformed XML at byte offset"));
  EXPECT_THAT(status.message(), HasSubstr("</cell> does not match <row>"));
  ASSERT_EQ(out.patents.size(), 1u);
  EXPECT_EQ(out.patents[0].publication_number, "CN104223590A");

  // Malformed shared strings: the workbook does not open.
  auto workbook = XlsxWorkbook::Open(Workbook(kSheet, "<sst><si><t>a</si></sst>"));
  EXPECT_EQ(workbook.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(workbook.status().message(),
              HasSubstr("XLSX part xl/sharedStrings.xml: malformed XML"));
}

TEST(SpreadsheetStreaming, XmlCutIntoPiecesOfAnySizeGivesTheSameEvents) {
  class Recorder : public internal::XmlHandler {
   public:
    absl::Status StartElement(std::string_view name,
                              const internal::XmlAttributes& attributes) override {
      events += "<" + std::string(name);
      if (auto r = attributes.Find("r")) events += " r=" + std::string(*r);
      events += ">";
      return absl::OkStatus();
    }
    absl::Status EndElement(std::string_view name) override {
      events += "</" + std::string(name) + ">";
      return absl::OkStatus();
    }
    absl::Status Text(std::string_view text) override {
      events += "[" + std::string(text) + "]";
      return absl::OkStatus();
    }
    std::string events;
  };
  constexpr std::string_view xml = R"(<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]>
<a><b r="1 &amp; 2" s='>'>x&lt;y<!-- c --><![CDATA[ z ]]></b>
<c/> <d> </d><e>&#x1F600;&#xD800;</e></a>)";
  std::string expected;
  for (size_t piece = 1; piece <= xml.size(); ++piece) {
    Recorder recorder;
    internal::XmlStreamReader reader(recorder);
    for (size_t pos = 0; pos < xml.size(); pos += piece) {
      ASSERT_TRUE(reader.Feed(xml.substr(pos, piece)).ok()) << piece;
    }
    ASSERT_TRUE(reader.Finish().ok()) << piece;
    if (expected.empty()) expected = recorder.events;
    EXPECT_EQ(recorder.events, expected) << "piece " << piece;
  }
  EXPECT_EQ(expected, "<a><b r=1 & 2>[x<y][ z ]</b><c></c><d>[ ]</d><e>[😀\xEF\xBF\xBD]</e></a>");
}

TEST(SpreadsheetStreaming, StringStoreReadsBackAnyIndexFromMemoryOrDisk) {
  std::vector<std::string> strings;
  for (int idx = 0; idx < 5000; ++idx) {
    // Some longer than the read window, some empty, most short.
    const size_t size = idx % 997 == 0 ? (size_t{300} << 10) : static_cast<size_t>(idx % 50);
    strings.push_back(std::string(size, static_cast<char>('a' + idx % 26)) + std::to_string(idx));
    if (idx % 10 == 3) strings.back().clear();
  }
  for (size_t budget : {size_t{0}, size_t{100} << 10, size_t{64} << 20}) {
    internal::StringStore store(budget);
    for (const std::string& text : strings) ASSERT_TRUE(store.Add(text).ok());
    ASSERT_TRUE(store.Seal().ok());
    EXPECT_EQ(store.spilled(), budget < (size_t{64} << 20));
    internal::StringStore::Reader reader(store);
    ASSERT_EQ(reader.size(), strings.size());
    // In order, backwards, and jumping about.
    std::vector<size_t> order;
    for (size_t idx = 0; idx < strings.size(); ++idx) order.push_back(idx);
    for (size_t idx = strings.size(); idx-- > 0;) order.push_back(idx);
    for (size_t idx = 0; idx < strings.size(); ++idx) order.push_back(idx * 7919 % strings.size());
    for (size_t index : order) {
      auto text = reader.Get(index);
      ASSERT_TRUE(text.ok()) << text.status();
      ASSERT_EQ(*text, strings[index]) << "index " << index << ", budget " << budget;
    }
    EXPECT_EQ(reader.Get(strings.size()).status().code(), absl::StatusCode::kOutOfRange);
  }
}

}  // namespace
}  // namespace iphub::patents::importers
