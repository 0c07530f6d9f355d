#include "iphub/patents/importers/registry_json.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/patents/importers/jsonl.h"
#include "iphub/patents/legal_status.h"

namespace iphub::patents::importers {
namespace {

std::string SharedData(const std::string& relative) {
  const char* source = std::getenv("IPHUB_SOURCE_DIR");
  return std::string(source == nullptr ? "." : source) + "/../shared/data/" + relative;
}

std::string ReadQichacha(const std::string& name) {
  std::ifstream in(SharedData("cn_patents/qichacha_mock/" + name), std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

// Every record of a file, each expected to be read and of kind T.
template <typename T>
std::vector<T> ReadAll(const std::string& name) {
  const std::string bytes = ReadQichacha(name);
  EXPECT_FALSE(bytes.empty()) << name << " not found; set IPHUB_SOURCE_DIR";
  auto records = ParseRegistryJson(bytes);
  EXPECT_TRUE(records.ok()) << records.status();
  std::vector<T> out;
  if (!records.ok()) return out;
  for (auto& record : *records) {
    EXPECT_EQ(record.index, static_cast<int64_t>(out.size()));
    EXPECT_TRUE(record.item.ok()) << name << " [" << record.index << "]: " << record.item.status();
    if (!record.item.ok()) continue;
    T* item = std::get_if<T>(&*record.item);
    EXPECT_NE(item, nullptr) << name << " [" << record.index << "] is another kind";
    if (item != nullptr) out.push_back(std::move(*item));
  }
  return out;
}

// The records of a file given inline; the file itself must read.
std::vector<RegistryRecord> Records(std::string_view bytes) {
  auto records = ParseRegistryJson(bytes);
  EXPECT_TRUE(records.ok()) << records.status();
  return records.ok() ? std::move(*records) : std::vector<RegistryRecord>{};
}

std::string FieldOfRecord(const RegistryRecord& record) {
  if (record.item.ok()) return "(read)";
  return base::FieldOf(record.item.status()).value_or("(no field)");
}

TEST(RegistryJson, ReadsQichachaTrademarksWithClassOwnerDatesAndStatus) {
  std::vector<Trademark> marks = ReadAll<Trademark>("mock-shangbiaoxinxi.json");
  ASSERT_EQ(marks.size(), 3u);

  EXPECT_EQ(marks[0].registration_number, "16435657");
  EXPECT_EQ(marks[0].nice_classes, std::vector<int>{45});
  EXPECT_EQ(marks[0].name, "企查查");
  EXPECT_EQ(marks[0].owner, "苏州朗动网络科技有限公司");
  EXPECT_EQ(marks[0].owner_en, "");
  EXPECT_EQ(marks[0].agency, "");
  EXPECT_EQ(marks[0].application_date, "2015-03-04");  // "2015/3/4 0:00:00"
  EXPECT_EQ(marks[0].registration_date, "");
  EXPECT_EQ(marks[0].expiry_date, "");  // no registration date, nothing to compute from
  EXPECT_EQ(marks[0].status, TrademarkStatus::kApplied);
  EXPECT_EQ(marks[0].status_text, "商标注册申请受理通知书发文");
  EXPECT_EQ(marks[0].status_code, "224");

  EXPECT_EQ(marks[1].registration_number, "15392502");
  EXPECT_EQ(marks[1].nice_classes, std::vector<int>{42});
  EXPECT_EQ(marks[1].name, "征信行 征信");
  EXPECT_EQ(marks[1].agency, "苏州崇文知识产权服务有限公司");
  EXPECT_EQ(marks[1].application_date, "2014-09-22");
  EXPECT_EQ(marks[1].status, TrademarkStatus::kInvalid);
  EXPECT_EQ(marks[1].status_text, "商标无效");
  EXPECT_EQ(marks[1].status_code, "202");

  EXPECT_EQ(marks[2].registration_number, "16435655");
  EXPECT_EQ(marks[2].name, "企程网");
  EXPECT_EQ(marks[2].status, TrademarkStatus::kRegistered);
  EXPECT_EQ(marks[2].status_text, "商标注册申请注册公告排版完成");
  EXPECT_EQ(marks[2].status_code, "225");
}

TEST(RegistryJson, ReadsQichachaSoftwareCopyrights) {
  std::vector<Copyright> software = ReadAll<Copyright>("mock-ruanjianzhuzuoquan.json");
  ASSERT_EQ(software.size(), 10u);
  for (const Copyright& copyright : software) {
    EXPECT_EQ(copyright.kind, CopyrightKind::kSoftware) << copyright.registration_number;
    EXPECT_EQ(copyright.category, "30200-0000");
    EXPECT_EQ(copyright.owner, "苏州朗动网络科技有限公司");
    EXPECT_EQ(copyright.completion_date, "");  // not in this response
  }
  EXPECT_EQ(software[0].registration_number, "2016SR309930");
  EXPECT_EQ(software[0].name, "朗动网络企查查网页版软件");
  EXPECT_EQ(software[0].short_name, "企查查网页版");
  EXPECT_EQ(software[0].version, "V3.0.0");
  EXPECT_EQ(software[0].first_publication_date, "2016-05-27");  // "2016-05-27T00:00:00+08:00"
  EXPECT_EQ(software[0].registration_date, "2016-10-27");       // RegisterAperDate
  EXPECT_EQ(software[6].registration_number, "2015SR290185");
  EXPECT_EQ(software[6].short_name, "");
  EXPECT_EQ(software[6].version, "V1.0");
  EXPECT_EQ(software[6].first_publication_date, "2014-07-01");
  EXPECT_EQ(software[6].registration_date, "2015-12-30");
  EXPECT_EQ(software[9].registration_number, "2015SR286901");
  EXPECT_EQ(software[9].name, "朗动网络企查查专辑系统软件");
  EXPECT_EQ(software[9].registration_date, "2015-12-28");
}

TEST(RegistryJson, ReadsQichachaWorksCopyrights) {
  std::vector<Copyright> works = ReadAll<Copyright>("mock-zuopinzhuzuoquan.json");
  ASSERT_EQ(works.size(), 10u);
  int art = 0;
  for (const Copyright& copyright : works) {
    EXPECT_EQ(copyright.kind, CopyrightKind::kWork) << copyright.registration_number;
    EXPECT_EQ(copyright.version, "");
    if (copyright.category == "美术") ++art;
  }
  EXPECT_EQ(art, 9);
  EXPECT_EQ(works[0].registration_number, "国作登字-2016-F-00269796");
  EXPECT_EQ(works[0].category, "美术");
  EXPECT_EQ(works[0].name, "MIJIA及图形");
  EXPECT_EQ(works[0].owner, "小米科技有限责任公司");
  EXPECT_EQ(works[0].registration_date, "2016-05-17");
  EXPECT_EQ(works[0].completion_date, "2015-05-13");
  EXPECT_EQ(works[0].first_publication_date, "2015-05-14");
  EXPECT_EQ(works[1].registration_number, "国作登字-2014-B-00128894");
  EXPECT_EQ(works[1].category, "音乐");
  EXPECT_EQ(works[1].name, "手机铃音");
  EXPECT_EQ(works[1].completion_date, "2010-08-23");
  EXPECT_EQ(works[4].name, "MIUI-V5图形设计");
  EXPECT_EQ(works[4].owner, "北京小米科技有限责任公司");
  EXPECT_EQ(works[4].first_publication_date, "");  // PublishDate null: unpublished
  EXPECT_EQ(works[9].registration_number, "国作登字-2013-F-00086981");
  EXPECT_EQ(works[9].name, "狐妹");
  EXPECT_EQ(works[9].registration_date, "2013-04-03");
}

TEST(RegistryJson, ReadsQichachaPatentsIntoTheCanonicalModel) {
  std::vector<Patent> patents = ReadAll<Patent>("mock-zhuanlixinxi.json");
  ASSERT_EQ(patents.size(), 3u);

  const Patent& application = patents[0];
  EXPECT_EQ(application.publication_number, "CN106844774A");
  EXPECT_EQ(application.country, "CN");
  EXPECT_EQ(application.doc_number, "106844774");
  EXPECT_EQ(application.kind, "A");
  EXPECT_EQ(application.type, DocumentType::kCnInventionApplication);
  EXPECT_EQ(application.application_number, "201710117081.7");
  EXPECT_EQ(application.application_number_original, "CN201710117081.7");
  EXPECT_EQ(application.language, "zh");
  EXPECT_EQ(application.application_date, "2017-03-01");  // "2017-03-01T00:00:00"
  EXPECT_EQ(application.publication_date, "2017-06-13");
  EXPECT_EQ(application.grant_date, "");
  EXPECT_EQ(application.title, "一种基于C#抓取互联网公开数据的爬虫系统及抓取方法");
  EXPECT_TRUE(application.abstract.starts_with("一种基于C#抓取互联网公开数据的爬虫系统"));
  ASSERT_EQ(application.applicants.size(), 1u);
  EXPECT_EQ(application.applicants[0].name, "苏州朗动网络科技有限公司");
  ASSERT_EQ(application.inventors.size(), 3u);
  EXPECT_EQ(application.inventors[0].name, "王杰");
  EXPECT_EQ(application.inventors[2].name, "邓会林");
  EXPECT_EQ(application.inventors[2].type, PartyType::kIndividual);
  // The agency code "32266" is dropped; the agents are decoded from a JSON string.
  EXPECT_EQ(application.agency, "苏州中合知识产权代理事务所(普通合伙)");
  EXPECT_EQ(application.agents, std::vector<std::string>{"李中华"});
  ASSERT_EQ(application.ipc.size(), 1u);
  EXPECT_EQ(application.ipc[0].symbol, "G06");  // the source gives only the class
  EXPECT_EQ(application.ipc_main, "G06");
  EXPECT_EQ(application.locarno, "");
  EXPECT_TRUE(application.legal_events.empty());

  const Patent& examined = patents[1];
  EXPECT_EQ(examined.publication_number, "CN106022747A");
  EXPECT_EQ(examined.application_number, "201610311380.X");
  EXPECT_EQ(examined.application_date, "2016-05-12");
  EXPECT_EQ(examined.agency, "北京同辉知识产权代理事务所(普通合伙)");
  EXPECT_EQ(examined.agents, std::vector<std::string>{"刘洪勋"});
  ASSERT_EQ(examined.inventors.size(), 1u);
  EXPECT_EQ(examined.inventors[0].name, "刘培彬");
  // qichacha's own status numbers ("1", "24") are not CNIPA codes: text and date only.
  // The record's current status repeats the last event and is not added twice.
  ASSERT_EQ(examined.legal_events.size(), 2u);
  EXPECT_EQ(examined.legal_events[0].code, "");
  EXPECT_EQ(examined.legal_events[0].date, "2016-10-12");
  EXPECT_EQ(examined.legal_events[0].text, "公开");
  EXPECT_EQ(examined.legal_events[1].code, "");
  EXPECT_EQ(examined.legal_events[1].date, "2016-11-09");
  EXPECT_EQ(examined.legal_events[1].text, "实质审查的生效");
  EXPECT_EQ(DeriveLegalStatus(examined, "2017-01-01").status, LegalStatus::kPending);

  const Patent& design = patents[2];
  EXPECT_EQ(design.publication_number, "CN304218960S");
  EXPECT_EQ(design.kind, "S");
  EXPECT_EQ(design.type, DocumentType::kCnDesign);
  EXPECT_EQ(design.application_number, "201730033448.8");
  EXPECT_EQ(design.application_date, "2017-02-07");
  EXPECT_EQ(design.publication_date, "2017-07-28");
  EXPECT_EQ(design.grant_date, "2017-07-28");
  EXPECT_EQ(design.title, "吉祥物（企鹅）");
  // A design's IPCList holds its Locarno class ("11-").
  EXPECT_TRUE(design.ipc.empty());
  EXPECT_EQ(design.locarno, "11");
  ASSERT_EQ(design.inventors.size(), 2u);
  EXPECT_EQ(design.inventors[1].name, "朱静文");
  ASSERT_EQ(design.legal_events.size(), 1u);
  EXPECT_EQ(design.legal_events[0].date, "2017-07-28");
  EXPECT_EQ(design.legal_events[0].text, "授权");
  DerivedStatus status = DeriveLegalStatus(design, "2020-01-01");
  EXPECT_EQ(status.status, LegalStatus::kValid);
  EXPECT_EQ(status.expiry_date, "2027-02-07");  // design filed before 2021-06-01: 10 years

  // What the importer produced is a valid canonical record.
  for (const Patent& patent : patents) {
    auto again = ParseJsonlLine(PatentToJson(patent).dump());
    ASSERT_TRUE(again.ok()) << again.status();
    EXPECT_EQ(PatentToJson(*again), PatentToJson(patent));
  }
}

TEST(RegistryJson, SniffsRegistryFilesAndNothingElse) {
  for (const char* name : {"mock-shangbiaoxinxi.json", "mock-ruanjianzhuzuoquan.json",
                           "mock-zuopinzhuzuoquan.json", "mock-zhuanlixinxi.json"}) {
    EXPECT_TRUE(LooksLikeRegistryJson(ReadQichacha(name))) << name;
  }
  EXPECT_TRUE(
      LooksLikeRegistryJson("\xEF\xBB\xBF  {\"Status\":\"200\",\"Result\":[{\"RegNo\":\"1\"}]}"));
  EXPECT_FALSE(LooksLikeRegistryJson(""));
  EXPECT_FALSE(LooksLikeRegistryJson("[]"));
  EXPECT_FALSE(LooksLikeRegistryJson(R"({"publication_number":"CN104223590A","kind":"A"})"));
  EXPECT_FALSE(LooksLikeRegistryJson("<?xml version=\"1.0\"?><RegNo/>"));
  EXPECT_FALSE(LooksLikeRegistryJson("RegisterNo,Name\n\"RegisterNo\",x\n"));
}

TEST(RegistryJson, AcceptsApiResponsesAroundTheRecords) {
  constexpr std::string_view kMark = R"({"RegNo": "1", "IntCls": 9})";
  auto wrapped = Records(
      base::StrCat(R"({"Status": "200", "Message": "ok", "Result": [)", kMark, ",", kMark, "]}"));
  EXPECT_EQ(wrapped.size(), 2u);
  EXPECT_EQ(Records(base::StrCat(R"({"code": 0, "data": [)", kMark, "]}")).size(), 1u);
  auto single = Records(base::StrCat(R"({"Status": "200", "Result": )", kMark, "}"));
  ASSERT_EQ(single.size(), 1u);
  EXPECT_TRUE(single[0].item.ok());
  EXPECT_EQ(Records(kMark).size(), 1u);  // a bare record
  EXPECT_TRUE(Records(R"({"Status": "201", "Message": "查询无结果", "Result": null})").empty());
  EXPECT_TRUE(Records("[]").empty());
  EXPECT_TRUE(Records(" [ ] ").empty());
  EXPECT_TRUE(Records(R"({"Result": []})").empty());
}

TEST(RegistryJson, MalformedJsonNamesTheBytePosition) {
  auto parsed = ParseRegistryJson(R"([{"RegNo": "1", }])");
  ASSERT_FALSE(parsed.ok());
  EXPECT_TRUE(absl::IsInvalidArgument(parsed.status()));
  EXPECT_NE(parsed.status().message().find("at byte 17"), std::string_view::npos)
      << parsed.status();

  auto truncated = ParseRegistryJson(R"([{"RegNo": "1")");
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.status().message().find("malformed JSON at byte"), std::string_view::npos)
      << truncated.status();

  EXPECT_FALSE(ParseRegistryJson("").ok());
  EXPECT_FALSE(ParseRegistryJson("[1] [2]").ok());  // trailing data
  EXPECT_FALSE(ParseRegistryJson("\"just a string\"").ok());
  EXPECT_FALSE(ParseRegistryJson(R"({"Status": "200", "Message": "no records here"})").ok());
  EXPECT_FALSE(ParseRegistryJson(R"({"Result": "nope"})").ok());
}

TEST(RegistryJson, RefusesDeepNestingAndHugeFiles) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto parsed = ParseRegistryJson(deep);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("nested deeper"), std::string_view::npos)
      << parsed.status();

  const std::string huge(kMaxRegistryJsonBytes + 1, ' ');
  EXPECT_TRUE(absl::IsResourceExhausted(ParseRegistryJson(huge).status()));
}

TEST(RegistryJson, ABadRecordNamesItsIndexAndFieldAndTheRestContinue) {
  auto records = Records(R"([
    {"RegNo": "1", "IntCls": 9, "Name": "fine"},
    {"RegNo": "2", "IntCls": "abc"},
    {"RegNo": "3", "IntCls": 46},
    {"RegNo": "4", "IntCls": 9, "AppDate": "2015/13/40 0:00:00"},
    {"RegNo": "5", "IntCls": 9, "Name": ["not", "a", "string"]},
    7,
    {"Foo": "bar"},
    {"PublicationNumber": "CN106844774A", "ApplicationNumber": "CN201710117081.8"},
    {"PublicationNumber": "106844774", "ApplicationNumber": "CN201710117081.7"},
    {"PublicationNumber": "CN106844774A", "ApplicationNumber": "CN201710117081.7",
     "Agent": "[1, 2]"},
    {"PublicationNumber": "CN106844774A", "ApplicationNumber": "CN201710117081.7",
     "PatentLegalHistory": [{"Desc": "公开", "LegalStatusDate": "soon"}]},
    {"RegisterNo": "2016SR1", "Name": "a date as a number", "RegisterAperDate": 20160101},
    {"RegisterNo": "X-1", "Name": "neither software nor a work"},
    {"RegNo": "", "IntCls": 9}
  ])");
  ASSERT_EQ(records.size(), 14u);
  for (size_t index = 0; index < records.size(); ++index) {
    EXPECT_EQ(records[index].index, static_cast<int64_t>(index));
  }
  EXPECT_TRUE(records[0].item.ok()) << records[0].item.status();
  EXPECT_EQ(FieldOfRecord(records[1]), "[1].IntCls");
  EXPECT_EQ(FieldOfRecord(records[2]), "[2].IntCls");
  EXPECT_NE(records[2].item.status().message().find("46 is not a Nice class"), std::string::npos);
  EXPECT_EQ(FieldOfRecord(records[3]), "[3].AppDate");
  EXPECT_EQ(FieldOfRecord(records[4]), "[4].Name");
  EXPECT_EQ(FieldOfRecord(records[5]), "[5]");
  EXPECT_EQ(FieldOfRecord(records[6]), "[6]");
  EXPECT_EQ(FieldOfRecord(records[7]), "[7].ApplicationNumber");
  EXPECT_NE(records[7].item.status().message().find("expected '7'"), std::string::npos)
      << records[7].item.status();
  EXPECT_EQ(FieldOfRecord(records[8]), "[8].PublicationNumber");
  EXPECT_EQ(FieldOfRecord(records[9]), "[9].Agent");
  EXPECT_EQ(FieldOfRecord(records[10]), "[10].PatentLegalHistory[0].LegalStatusDate");
  // An integer where a date string was expected is still not a date.
  EXPECT_EQ(FieldOfRecord(records[11]), "[11].RegisterAperDate");
  EXPECT_EQ(FieldOfRecord(records[12]), "[12].RegisterNo");
  EXPECT_EQ(FieldOfRecord(records[13]), "[13].RegNo");
  for (const auto& record : records) {
    if (!record.item.ok()) {
      EXPECT_TRUE(absl::IsInvalidArgument(record.item.status()));
    }
  }
}

TEST(RegistryJson, NiceClassesInTheFormsRegistriesWriteThem) {
  auto records = Records(R"([
    {"RegNo": "1", "IntCls": "35"},
    {"RegNo": "2", "IntCls": "9;35；42, 9"},
    {"RegNo": "3", "IntCls": [35, "9"]},
    {"RegNo": "4", "IntCls": "第9类"},
    {"RegNo": "5", "IntCls": 0},
    {"RegNo": "6", "IntCls": []},
    {"RegNo": 7, "IntCls": 1}
  ])");
  ASSERT_EQ(records.size(), 7u);
  auto classes = [&](size_t index) {
    const auto& item = records[index].item;
    return item.ok() ? std::get<Trademark>(*item).nice_classes : std::vector<int>{-1};
  };
  EXPECT_EQ(classes(0), std::vector<int>{35});
  EXPECT_EQ(classes(1), (std::vector<int>{9, 35, 42}));
  EXPECT_EQ(classes(2), (std::vector<int>{9, 35}));
  EXPECT_EQ(classes(3), std::vector<int>{9});
  EXPECT_EQ(FieldOfRecord(records[4]), "[4].IntCls");
  EXPECT_EQ(FieldOfRecord(records[5]), "[5].IntCls");
  ASSERT_TRUE(records[6].item.ok()) << records[6].item.status();
  EXPECT_EQ(std::get<Trademark>(*records[6].item).registration_number, "7");
}

TEST(RegistryJson, TrademarkExpiryIsComputedFromARegistrationDate) {
  auto records = Records(R"([
    {"RegNo": "8", "IntCls": 9, "RegDate": "2016/1/7 0:00:00",
     "FlowStatusDesc": "商标已注册"},
    {"RegNo": "9", "IntCls": 9, "AppDate": "2015/3/4 0:00:00"}
  ])");
  ASSERT_EQ(records.size(), 2u);
  ASSERT_TRUE(records[0].item.ok());
  const Trademark& registered = std::get<Trademark>(*records[0].item);
  EXPECT_EQ(registered.registration_date, "2016-01-07");
  EXPECT_EQ(registered.expiry_date, "2026-01-06");
  EXPECT_EQ(registered.status, TrademarkStatus::kRegistered);
  ASSERT_TRUE(records[1].item.ok());
  EXPECT_EQ(std::get<Trademark>(*records[1].item).expiry_date, "");
  EXPECT_EQ(std::get<Trademark>(*records[1].item).status, TrademarkStatus::kUnknown);
}

TEST(RegistryJson, AgentsAsEncodedArrayRealArrayOrPlainList) {
  constexpr std::string_view kPatent =
      R"("PublicationNumber": "CN106844774A", "ApplicationNumber": "201710117081.7")";
  auto records = Records(base::StrCat("[{", kPatent, R"(, "Agent": "[\"甲\", \"乙\"]"}, {)",
                                      kPatent, R"(, "Agent": ["丙"]}, {)", kPatent,
                                      R"(, "Agent": "丁；戊"}, {)", kPatent, R"(, "Agent": ""}])"));
  ASSERT_EQ(records.size(), 4u);
  auto agents = [&](size_t index) {
    const auto& item = records[index].item;
    return item.ok() ? std::get<Patent>(*item).agents : std::vector<std::string>{"(error)"};
  };
  EXPECT_EQ(agents(0), (std::vector<std::string>{"甲", "乙"}));
  EXPECT_EQ(agents(1), std::vector<std::string>{"丙"});
  EXPECT_EQ(agents(2), (std::vector<std::string>{"丁", "戊"}));
  EXPECT_TRUE(agents(3).empty());
}

TEST(RegistryJson, KeepsCnipaEventCodesAndKindsOfOtherDocuments) {
  auto records = Records(R"([
    {"PublicationNumber": "CN101551481B", "ApplicationNumber": "200810017283.5",
     "PublicationDate": "2011-06-22T00:00:00",
     "PatentLegalHistory": [{"Desc": "授权", "LegalStatus": "C14", "LegalStatusDate": "2011-06-22"},
                            {"Desc": "未缴年费专利权终止", "LegalStatus": "CF01",
                             "LegalStatusDate": "2014-05-14"}]},
    {"PublicationNumber": "CN2012345Y", "ApplicationNumber": "02201234"},
    {"PublicationNumber": "US7473466B2", "ApplicationNumber": "10/760,123"}
  ])");
  ASSERT_EQ(records.size(), 3u);
  ASSERT_TRUE(records[0].item.ok()) << records[0].item.status();
  const Patent& grant = std::get<Patent>(*records[0].item);
  EXPECT_EQ(grant.type, DocumentType::kCnInventionGrant);
  EXPECT_EQ(grant.grant_date, "2011-06-22");
  ASSERT_EQ(grant.legal_events.size(), 2u);
  EXPECT_EQ(grant.legal_events[0].code, "C14");
  EXPECT_EQ(grant.legal_events[1].code, "CF01");
  EXPECT_EQ(DeriveLegalStatus(grant, "2020-01-01").status, LegalStatus::kLapsed);
  ASSERT_TRUE(records[1].item.ok()) << records[1].item.status();
  EXPECT_EQ(std::get<Patent>(*records[1].item).type, DocumentType::kCnUtilityModel);
  EXPECT_EQ(std::get<Patent>(*records[1].item).application_number, "02201234.6");
  ASSERT_TRUE(records[2].item.ok()) << records[2].item.status();
  const Patent& us = std::get<Patent>(*records[2].item);
  EXPECT_EQ(us.country, "US");
  EXPECT_EQ(us.doc_number, "7473466");
  EXPECT_EQ(us.kind, "B2");
  EXPECT_EQ(us.type, DocumentType::kUsUtilityGrant);  // kind codes read the same for every source
  EXPECT_EQ(us.application_number, "10/760,123");
  EXPECT_EQ(us.language, "");
}

TEST(RegistryJson, ASinkErrorStopsTheReading) {
  int calls = 0;
  absl::Status status =
      ReadRegistryJson(ReadQichacha("mock-ruanjianzhuzuoquan.json"), [&](RegistryRecord&& record) {
        ++calls;
        return record.index == 2 ? absl::UnavailableError("database gone") : absl::OkStatus();
      });
  EXPECT_TRUE(absl::IsUnavailable(status)) << status;
  EXPECT_EQ(calls, 3);
}

}  // namespace
}  // namespace iphub::patents::importers
