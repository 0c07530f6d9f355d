#include "iphub/patents/importers/cnipa_xml.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace iphub::patents::importers {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

// Reads a file of the shared CNIPA samples ($IPHUB_SOURCE_DIR/../shared/data/...).
std::string ReadSample(const std::string& name) {
  const char* source_dir = std::getenv("IPHUB_SOURCE_DIR");
  if (source_dir == nullptr) {
    ADD_FAILURE() << "IPHUB_SOURCE_DIR is not set (ctest sets it; export it to run by hand)";
    return {};
  }
  const std::string path = std::string(source_dir) + "/../shared/data/cn_patents/cnipa_xml/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "missing test data file " << path;
    return {};
  }
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

Patent ParseSample(const std::string& name) {
  const std::string xml = ReadSample(name);
  absl::StatusOr<Patent> patent = ParseCnipaDocument(xml);
  if (!patent.ok()) {
    ADD_FAILURE() << name << ": " << patent.status();
    return {};
  }
  return *std::move(patent);
}

TEST(CnipaXml, ParsesOldFormatWithBomAndStylesheet) {
  const Patent patent = ParseSample("cn_old1.xml");
  EXPECT_EQ(patent.country, "CN");
  EXPECT_EQ(patent.language, "zh");
  EXPECT_EQ(patent.publication_number, "CN104223352A");
  EXPECT_EQ(patent.doc_number, "104223352");
  EXPECT_EQ(patent.kind, "A");
  EXPECT_EQ(patent.type, DocumentType::kCnInventionApplication);
  EXPECT_EQ(patent.application_number, "201410408762.5");
  EXPECT_EQ(patent.application_number_original, "201410408762.5");
  EXPECT_EQ(patent.application_date, "2014-08-19");
  EXPECT_EQ(patent.publication_date, "2014-12-24");
  EXPECT_EQ(patent.grant_date, "");
  EXPECT_EQ(patent.title, "一种甘草发酵所得烟用香料及其应用");
  EXPECT_THAT(patent.abstract, StartsWith("本发明公开了一种甘草发酵所得烟用香料及其应用。"));
  EXPECT_THAT(patent.abstract, Not(HasSubstr("2012.10.08")));  // bio-deposit, not prose

  ASSERT_EQ(patent.claims.size(), 3u);
  EXPECT_EQ(patent.claims[0].number, 1);
  // The claim number is stripped and the <br/> line wrapping joined up.
  EXPECT_THAT(patent.claims[0].text,
              StartsWith("一种甘草发酵所得烟用香料，其特征在于：将甘草片或甘草粉与水按1:5"));
  EXPECT_THAT(patent.claims[0].depends_on, IsEmpty());
  EXPECT_THAT(patent.claims[1].depends_on, ElementsAre(1));
  EXPECT_THAT(patent.claims[2].depends_on, ElementsAre(1));  // "权利要求1所述…的应用"

  ASSERT_EQ(patent.ipc.size(), 4u);
  EXPECT_EQ(patent.ipc[0].symbol, "A24B 15/18");
  EXPECT_EQ(patent.ipc[0].version, "2006.01");
  EXPECT_EQ(patent.ipc[3].symbol, "C12R 1/645");
  EXPECT_EQ(patent.ipc_main, "A24B 15/18");

  ASSERT_EQ(patent.applicants.size(), 1u);
  EXPECT_EQ(patent.applicants[0].name, "云南中烟工业有限责任公司");
  EXPECT_EQ(patent.applicants[0].address, "650231 云南省昆明市五华区红锦路367号云烟科技园C区");
  EXPECT_EQ(patent.applicants[0].postcode, "650231");
  EXPECT_EQ(patent.applicants[0].type, PartyType::kEnterprise);
  ASSERT_EQ(patent.inventors.size(), 8u);
  EXPECT_EQ(patent.inventors[0].name, "段焰青");
  EXPECT_EQ(patent.agency, "昆明协立知识产权代理事务所(普通合伙) 53108");
  EXPECT_THAT(patent.agents, ElementsAre("谢嘉", "旃习涵"));
  EXPECT_THAT(patent.priorities, IsEmpty());
  EXPECT_THAT(patent.description, StartsWith("技术领域\n本发明属于卷烟香精香料技术领域"));
}

TEST(CnipaXml, ParsesOldFormatWithPrioritiesAndRangeDependencies) {
  const Patent patent = ParseSample("cn_old2.xml");
  EXPECT_EQ(patent.publication_number, "CN104245143A");
  EXPECT_EQ(patent.kind, "A");
  EXPECT_EQ(patent.type, DocumentType::kCnInventionApplication);
  EXPECT_EQ(patent.application_number, "201480000986.0");
  EXPECT_EQ(patent.application_number_original, "201480000986.0");
  EXPECT_EQ(patent.application_date, "2014-03-28");
  EXPECT_EQ(patent.publication_date, "2014-12-24");
  EXPECT_EQ(patent.title, "用于对包含于人造草坪的填充材料进行重复利用的筛选方法及筛选装置");

  ASSERT_EQ(patent.claims.size(), 43u);
  EXPECT_THAT(patent.claims[0].text,
              StartsWith("一种用于对包含于人造草坪的填充材料进行重复利用的筛选方法，该方法"));
  EXPECT_THAT(patent.claims[2].depends_on, ElementsAre(2));
  // Claim 25: "根据权利要求1至权利要求24中的任意一项所述".
  ASSERT_EQ(patent.claims[24].number, 25);
  ASSERT_EQ(patent.claims[24].depends_on.size(), 24u);
  EXPECT_EQ(patent.claims[24].depends_on.front(), 1);
  EXPECT_EQ(patent.claims[24].depends_on.back(), 24);
  EXPECT_THAT(patent.claims[25].depends_on, IsEmpty());  // claim 26: the apparatus

  ASSERT_EQ(patent.ipc.size(), 4u);
  EXPECT_EQ(patent.ipc_main, "B03B 5/04");
  EXPECT_EQ(patent.ipc[3].symbol, "B07B 13/04");

  ASSERT_EQ(patent.applicants.size(), 2u);
  EXPECT_EQ(patent.applicants[0].name, "可隆科技特株式会社");
  EXPECT_EQ(patent.applicants[0].address, "韩国京畿道果川市");
  EXPECT_EQ(patent.applicants[0].type, PartyType::kEnterprise);
  EXPECT_EQ(patent.applicants[1].address, "");
  ASSERT_FALSE(patent.inventors.empty());
  EXPECT_EQ(patent.inventors[0].name, "朴建洙");
  EXPECT_EQ(patent.agency, "北京品源专利代理有限公司 11332");

  ASSERT_EQ(patent.priorities.size(), 6u);
  EXPECT_EQ(patent.priorities[0].country, "KR");
  EXPECT_EQ(patent.priorities[0].number, "10-2013-0033547");
  EXPECT_EQ(patent.priorities[0].date, "2013-03-28");
}

TEST(CnipaXml, ParsesSchema2021WithStandardApplicationNumber) {
  const Patent patent = ParseSample("cn_new1.xml");
  EXPECT_EQ(patent.publication_number, "CN113781974A");
  EXPECT_EQ(patent.kind, "A");
  EXPECT_EQ(patent.type, DocumentType::kCnInventionApplication);
  EXPECT_EQ(patent.application_number, "202111286633.X");
  EXPECT_EQ(patent.application_number_original, "202111286633.X");
  EXPECT_EQ(patent.application_date, "2017-04-24");  // a divisional keeps its parent's date
  EXPECT_EQ(patent.publication_date, "2021-12-10");
  EXPECT_EQ(patent.title, "显示设备");
  EXPECT_THAT(patent.abstract, StartsWith("公开了一种显示设备。"));

  ASSERT_EQ(patent.claims.size(), 17u);
  EXPECT_THAT(patent.claims[0].text, StartsWith("显示设备，包括：\n显示面板"));
  EXPECT_THAT(patent.claims[0].depends_on, IsEmpty());
  EXPECT_THAT(patent.claims[4].depends_on, ElementsAre(4));    // "5.如权利要求4所述的"
  EXPECT_THAT(patent.claims[10].depends_on, ElementsAre(10));  // two digits

  ASSERT_EQ(patent.ipc.size(), 3u);
  EXPECT_EQ(patent.ipc_main, "G09G 3/36");
  EXPECT_EQ(patent.ipc[1].symbol, "G09G 3/3208");
  EXPECT_EQ(patent.ipc[1].version, "2016.01");

  ASSERT_EQ(patent.applicants.size(), 1u);
  EXPECT_EQ(patent.applicants[0].name, "三星显示有限公司");
  EXPECT_EQ(patent.applicants[0].address, "韩国京畿道");
  EXPECT_EQ(patent.applicants[0].country, "KR");
  EXPECT_EQ(patent.applicants[0].postcode, "");  // "0" placeholders are dropped
  ASSERT_FALSE(patent.inventors.empty());
  EXPECT_EQ(patent.inventors[0].name, "金驲柱");
  EXPECT_EQ(patent.agency, "北京英赛嘉华知识产权代理有限责任公司 11204");
  EXPECT_THAT(patent.agents, ElementsAre("王达佐", "刘铮"));

  ASSERT_EQ(patent.priorities.size(), 1u);  // the "standard" duplicate is skipped
  EXPECT_EQ(patent.priorities[0].number, "10-2016-0063019");
  EXPECT_EQ(patent.priorities[0].date, "2016-05-23");
}

TEST(CnipaXml, ParsesSchema2021WithStructuredAddress) {
  const Patent patent = ParseSample("cn_new2.xml");
  EXPECT_EQ(patent.publication_number, "CN113783949A");
  EXPECT_EQ(patent.type, DocumentType::kCnInventionApplication);
  EXPECT_EQ(patent.application_number, "202110991218.8");
  EXPECT_EQ(patent.application_number_original, "202110991218.8");
  EXPECT_EQ(patent.application_date, "2021-08-26");
  EXPECT_EQ(patent.publication_date, "2021-12-10");
  EXPECT_EQ(patent.title, "一种基于合约管理的跨链去中心化方法");

  ASSERT_EQ(patent.claims.size(), 10u);
  EXPECT_THAT(patent.claims[0].text, StartsWith("一种基于合约管理的跨链去中心化方法"));
  EXPECT_THAT(patent.claims[9].depends_on, ElementsAre(1));

  ASSERT_EQ(patent.ipc.size(), 5u);
  EXPECT_EQ(patent.ipc_main, "H04L 29/08");
  EXPECT_EQ(patent.ipc[4].symbol, "G06F 16/27");
  EXPECT_EQ(patent.ipc[4].version, "2019.01");

  ASSERT_EQ(patent.applicants.size(), 1u);
  EXPECT_EQ(patent.applicants[0].name, "浙商银行股份有限公司");
  EXPECT_EQ(patent.applicants[0].address, "311200 浙江省杭州市萧山区鸿宁路1788号");
  EXPECT_EQ(patent.applicants[0].postcode, "311200");
  EXPECT_EQ(patent.applicants[0].type, PartyType::kEnterprise);
  ASSERT_FALSE(patent.inventors.empty());
  EXPECT_EQ(patent.inventors[0].name, "陈嘉俊");
  EXPECT_EQ(patent.agency, "杭州求是专利事务所有限公司 33200");
  EXPECT_THAT(patent.priorities, IsEmpty());
}

TEST(CnipaXml, MapsStandardApplicationNumberWhenOriginalIsMissing) {
  const std::string xml = R"(<b:PatentDocumentAndRelated xmlns:b="urn:x" xmlns:c="urn:y">
  <b:BibliographicData>
    <b:PublicationReference dataFormat="standard"><c:DocumentID>
      <c:DocNumber>113781974</c:DocNumber><c:Kind>B</c:Kind><c:Date>20221210</c:Date>
    </c:DocumentID></b:PublicationReference>
    <b:ApplicationReference dataFormat="standard"><c:DocumentID>
      <c:DocNumber>102021001286633</c:DocNumber><c:Date>20170424</c:Date>
    </c:DocumentID></b:ApplicationReference>
    <b:Parties><b:ApplicantDetails><b:Applicant><c:AddressBook>
      <c:Name>清华大学</c:Name></c:AddressBook></b:Applicant>
      <b:Applicant><c:AddressBook><c:Name>张三</c:Name></c:AddressBook></b:Applicant>
      <b:Applicant><c:AddressBook><c:Name>中国科学院物理研究所</c:Name></c:AddressBook></b:Applicant>
    </b:ApplicantDetails></b:Parties>
  </b:BibliographicData>
</b:PatentDocumentAndRelated>)";
  absl::StatusOr<Patent> patent = ParseCnipaDocument(xml);
  ASSERT_TRUE(patent.ok()) << patent.status();
  EXPECT_EQ(patent->publication_number, "CN113781974B");
  EXPECT_EQ(patent->type, DocumentType::kCnInventionGrant);
  EXPECT_EQ(patent->grant_date, "2022-12-10");
  EXPECT_EQ(patent->application_number, "202111286633.X");
  EXPECT_EQ(patent->application_number_original, "102021001286633");
  ASSERT_EQ(patent->applicants.size(), 3u);
  EXPECT_EQ(patent->applicants[0].type, PartyType::kUniversity);
  EXPECT_EQ(patent->applicants[1].type, PartyType::kIndividual);
  EXPECT_EQ(patent->applicants[2].type, PartyType::kResearchInstitute);
}

TEST(CnipaXml, RejectsMalformedXmlWithOffset) {
  absl::StatusOr<Patent> patent =
      ParseCnipaDocument("<cn-patent-document><cn-bibliographic-data></cn-patent-document>");
  ASSERT_FALSE(patent.ok());
  EXPECT_EQ(patent.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(patent.status().message(), HasSubstr("offset"));
}

TEST(CnipaXml, RejectsDocumentWithoutPublicationNumber) {
  absl::StatusOr<Patent> patent = ParseCnipaDocument(
      "<cn-patent-document><cn-bibliographic-data><cn-publication-reference><document-id>"
      "<country>CN</country><kind>A</kind><date>20141224</date>"
      "</document-id></cn-publication-reference></cn-bibliographic-data></cn-patent-document>");
  ASSERT_FALSE(patent.ok());
  EXPECT_EQ(patent.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(patent.status().message(), HasSubstr("publication number"));
}

TEST(CnipaXml, RejectsOtherRootElements) {
  absl::StatusOr<Patent> patent = ParseCnipaDocument("<us-patent-grant/>");
  ASSERT_FALSE(patent.ok());
  EXPECT_EQ(patent.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CnipaXml, DoesNotExpandExternalEntities) {
  absl::StatusOr<Patent> patent = ParseCnipaDocument(
      R"(<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>)"
      "<cn-patent-document><cn-bibliographic-data><cn-publication-reference><document-id>"
      "<doc-number>104223352</doc-number><kind>A</kind></document-id></cn-publication-reference>"
      "<invention-title>&x;</invention-title></cn-bibliographic-data></cn-patent-document>");
  ASSERT_TRUE(patent.ok()) << patent.status();
  EXPECT_THAT(patent->title, Not(HasSubstr("root:")));
}

TEST(CnipaClaimDependencies, ParsesSingleReference) {
  EXPECT_THAT(ParseClaimDependencies("根据权利要求1所述的"), ElementsAre(1));
}

TEST(CnipaClaimDependencies, ParsesAlternatives) {
  EXPECT_THAT(ParseClaimDependencies("如权利要求2或3所述"), ElementsAre(2, 3));
  EXPECT_THAT(ParseClaimDependencies("如权利要求1、3或5所述的装置"), ElementsAre(1, 3, 5));
}

TEST(CnipaClaimDependencies, ParsesRanges) {
  EXPECT_THAT(ParseClaimDependencies("根据权利要求1至3中任一项所述"), ElementsAre(1, 2, 3));
  EXPECT_THAT(ParseClaimDependencies("权利要求1-3中任一项"), ElementsAre(1, 2, 3));
  EXPECT_THAT(ParseClaimDependencies("根据权利要求２～４所述"), ElementsAre(2, 3, 4));
}

TEST(CnipaClaimDependencies, IndependentClaimHasNone) {
  EXPECT_THAT(ParseClaimDependencies("一种显示设备，包括："), IsEmpty());
  EXPECT_THAT(ParseClaimDependencies("根据权利要求所述"), IsEmpty());
  EXPECT_THAT(ParseClaimDependencies("根据权利要求1至999999所述"), ElementsAre(1));
}

}  // namespace
}  // namespace iphub::patents::importers
