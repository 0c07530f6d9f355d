#include "iphub/analytics/high_value.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "gtest/gtest.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"

namespace iphub::analytics {
namespace {

std::string SharedData(const std::string& relative) {
  const char* source = std::getenv("IPHUB_SOURCE_DIR");
  return std::string(source == nullptr ? "." : source) + "/../shared/data/" + relative;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

// A CN invention grant filed on `filed`, granted on `granted`, of a Jinan applicant.
patents::Patent Grant(const std::string& doc_number, const std::string& filed,
                      const std::string& granted, const std::string& ipc = "H01M 4/13") {
  patents::Patent patent;
  patent.country = "CN";
  patent.doc_number = doc_number;
  patent.kind = "B";
  patent.publication_number = "CN" + doc_number + "B";
  patent.type = patents::DocumentType::kCnInventionGrant;
  patent.application_number = "201410513187.5";
  patent.application_date = filed;
  patent.publication_date = granted;
  patent.grant_date = granted;
  patent.ipc_main = ipc;
  patent.ipc = {{.symbol = ipc}};
  patent.applicants = {{.name = "济南泉城电池有限公司", .country = "CN", .region_code = "370102"}};
  return patent;
}

const CategoryCheck& CheckOf(const HighValueResult& result, HighValueCategory category) {
  return result.checks[static_cast<size_t>(category)];
}

SeiConcordance ExcerptConcordance() {
  auto entries =
      ParseSeiJsonl(ReadFile(SharedData("classification/sei_cn/ipc_sei_mapping_EXCERPT.jsonl")));
  EXPECT_TRUE(entries.ok()) << entries.status();
  return entries.ok() ? SeiConcordance(*entries) : SeiConcordance();
}

// --- IPC and the concordance ------------------------------------------------------------

TEST(CanonicalIpc, ReadsBothWrittenFormsAndSubclasses) {
  EXPECT_EQ(CanonicalIpc("A01B1/02"), "A01B 1/02");
  EXPECT_EQ(CanonicalIpc("A01B 1/02"), "A01B 1/02");
  EXPECT_EQ(CanonicalIpc(" a01b  0001/020000 "), "A01B 1/02");
  EXPECT_EQ(CanonicalIpc("A01B0001020000"), "A01B 1/02");
  EXPECT_EQ(CanonicalIpc("G06F 17/30 (2006.01)"), "G06F 17/30");
  EXPECT_EQ(CanonicalIpc("G06F 17/300"), "G06F 17/30");
  EXPECT_EQ(CanonicalIpc("G06F 17/3"), "G06F 17/30");  // one subgroup digit is a tenth
  EXPECT_EQ(CanonicalIpc("A01B"), "A01B");
  EXPECT_EQ(CanonicalIpc("A01"), std::nullopt);
  EXPECT_EQ(CanonicalIpc("Z01B"), std::nullopt);  // sections are A..H
  EXPECT_EQ(CanonicalIpc("A01B 1"), std::nullopt);
  EXPECT_EQ(CanonicalIpc("A01B /02"), std::nullopt);
  EXPECT_EQ(CanonicalIpc("A01B 0/02"), std::nullopt);
}

TEST(SeiConcordance, ReadsTheRealExcerpt) {
  auto entries =
      ParseSeiJsonl(ReadFile(SharedData("classification/sei_cn/ipc_sei_mapping_EXCERPT.jsonl")));
  ASSERT_TRUE(entries.ok()) << entries.status() << " (is IPHUB_SOURCE_DIR set?)";
  ASSERT_EQ(entries->size(), 20u);  // 20 lines, all distinct
  EXPECT_EQ(entries->front().ipc_code, "A01B");
  EXPECT_EQ((*entries)[1].ipc_code, "A01B 1/00");
  EXPECT_EQ((*entries)[1].ipc_code_written, "A01B1/00");
  EXPECT_EQ((*entries)[1].line, 2);
  for (const SeiEntry& entry : *entries) EXPECT_EQ(entry.sei_id, 33);
}

TEST(SeiConcordance, TakesTheMostSpecificEntry) {
  const SeiConcordance sei = ExcerptConcordance();
  ASSERT_EQ(sei.size(), 20u);
  // The subgroup itself is listed.
  auto match = sei.Find("A01B 1/02");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->level, "subgroup");
  EXPECT_EQ(match->ipc_code, "A01B 1/02");
  EXPECT_EQ(match->sei_ids, std::vector<int64_t>{33});
  // The same in the compact form.
  ASSERT_TRUE(sei.Find("A01B1/02"));
  EXPECT_EQ(sei.Find("A01B1/02")->ipc_code, "A01B 1/02");
  // A subgroup not listed falls back to its main group …
  match = sei.Find("A01B 1/03");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->level, "main_group");
  EXPECT_EQ(match->ipc_code, "A01B 1/00");
  match = sei.Find("A01B 13/08");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->ipc_code, "A01B 13/00");
  // … and a main group not listed to its subclass.
  match = sei.Find("A01B 5/00");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->level, "subclass");
  EXPECT_EQ(match->ipc_code, "A01B");
  match = sei.Find("A01C 3/02");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->ipc_code, "A01C");
  // Nothing of the subclass is listed.
  EXPECT_FALSE(sei.Find("A01F 12/00"));
  EXPECT_FALSE(sei.Find("H01M 4/13"));
  EXPECT_FALSE(sei.Find("not a symbol"));
}

TEST(SeiConcordance, BadLinesNameTheirLine) {
  auto bad =
      ParseSeiJsonl("{\"ipcCode\":\"A01B\",\"seiId\":33}\n\n{\"ipcCode\":\"A01\",\"seiId\":3}\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(base::Sv(bad.status().message()).starts_with("line 3: ")) << bad.status();
  bad = ParseSeiJsonl("{\"ipcCode\":\"A01B\",\"seiId\":0}\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(base::Sv(bad.status().message()).starts_with("line 1: ")) << bad.status();
  bad = ParseSeiJsonl("{\"ipcCode\":\"A01B\",\"seiId\":1}\n[1]\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(base::Sv(bad.status().message()).starts_with("line 2: ")) << bad.status();
  bad = ParseSeiJsonl("{\"ipcCode\":\"A01B\",\"seiId\":1}\n{\"ipcCode\":");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(base::Sv(bad.status().message()).starts_with("line 2: ")) << bad.status();
  EXPECT_FALSE(ParseSeiJsonl("\n\n").ok());
}

// --- category 1 -------------------------------------------------------------------------

TEST(ClassifyHighValue, StrategicEmergingIndustryByAnyIpcSymbol) {
  const SeiConcordance sei = ExcerptConcordance();
  patents::Patent patent = Grant("100000001", "2018-03-01", "2020-05-05");
  HighValueResult out = ClassifyHighValue(patent, {.sei = &sei}, {}, "2024-06-30");
  EXPECT_TRUE(out.valid_invention);
  EXPECT_FALSE(CheckOf(out, HighValueCategory::kStrategicEmergingIndustry).met);
  EXPECT_FALSE(out.high_value);

  // A secondary symbol in the concordance is enough.
  patent.ipc.push_back({.symbol = "A01B1/16"});
  out = ClassifyHighValue(patent, {.sei = &sei}, {}, "2024-06-30");
  const CategoryCheck& check = CheckOf(out, HighValueCategory::kStrategicEmergingIndustry);
  EXPECT_TRUE(check.met);
  EXPECT_NE(check.reason.find("A01B 1/16"), std::string::npos) << check.reason;
  EXPECT_NE(check.reason.find("33"), std::string::npos) << check.reason;
  EXPECT_TRUE(out.high_value);
  EXPECT_EQ(out.categories,
            std::vector<HighValueCategory>{HighValueCategory::kStrategicEmergingIndustry});

  // Without a concordance nothing is SEI.
  out = ClassifyHighValue(patent, {}, {}, "2024-06-30");
  EXPECT_FALSE(CheckOf(out, HighValueCategory::kStrategicEmergingIndustry).met);
}

// --- category 2 -------------------------------------------------------------------------

TEST(ClassifyHighValue, FamilyAbroadNeedsAGrantOutsideCnPublishedByAsOf) {
  const patents::Patent patent = Grant("100000002", "2018-03-01", "2020-05-05");
  auto family_check = [&](std::vector<FamilyMember> family, std::string_view as_of) {
    return CheckOf(ClassifyHighValue(patent, {.family = std::move(family)}, {}, as_of),
                   HighValueCategory::kFamilyAbroad);
  };
  const FamilyMember us_grant{.publication_number = "US9876543B2",
                              .country = "US",
                              .publication_date = "2021-02-02",
                              .granted = true};
  CategoryCheck check = family_check({us_grant}, "2024-06-30");
  EXPECT_TRUE(check.met);
  EXPECT_NE(check.reason.find("US9876543B2"), std::string::npos) << check.reason;
  // Not yet granted on as_of.
  EXPECT_FALSE(family_check({us_grant}, "2021-02-01").met);
  EXPECT_TRUE(family_check({us_grant}, "2021-02-02").met);
  // An application abroad is not a patent right abroad.
  FamilyMember us_application = us_grant;
  us_application.publication_number = "US20200012345A1";
  us_application.granted = false;
  EXPECT_FALSE(family_check({us_application}, "2024-06-30").met);
  // Another CN member is not abroad.
  FamilyMember cn_member = us_grant;
  cn_member.publication_number = "CN100000009B";
  cn_member.country = "CN";
  EXPECT_FALSE(family_check({cn_member}, "2024-06-30").met);
  EXPECT_FALSE(family_check({}, "2024-06-30").met);
}

TEST(IsGrantDocument, ReadsTypesAndForeignKindCodes) {
  patents::Patent doc;
  doc.country = "EP";
  doc.kind = "B1";
  EXPECT_TRUE(IsGrantDocument(doc));
  doc.kind = "A1";
  EXPECT_FALSE(IsGrantDocument(doc));
  doc.country = "WO";
  doc.kind = "B1";
  EXPECT_FALSE(IsGrantDocument(doc));
  doc.country = "US";
  doc.type = patents::DocumentType::kUsUtilityApplication;
  EXPECT_FALSE(IsGrantDocument(doc));
  doc.type = patents::DocumentType::kUsUtilityGrant;
  EXPECT_TRUE(IsGrantDocument(doc));
}

// --- category 3 -------------------------------------------------------------------------

TEST(ClassifyHighValue, MaintainedMoreThanTenYearsFromTheFilingDate) {
  // Filed 2014-06-30: the tenth anniversary is 2024-06-30. On that day the patent has been
  // maintained exactly 10 years, which is not "more than"; from the next day it is.
  const patents::Patent patent = Grant("100000003", "2014-06-30", "2017-01-10");
  auto met = [&](std::string_view as_of, HighValueOptions options = {}) {
    return CheckOf(ClassifyHighValue(patent, {}, options, as_of),
                   HighValueCategory::kMaintainedOverTenYears)
        .met;
  };
  EXPECT_FALSE(met("2024-06-29"));
  EXPECT_FALSE(met("2024-06-30"));
  EXPECT_TRUE(met("2024-07-01"));
  // From the grant date (2017-01-10) the same day is far from ten years.
  const HighValueOptions from_grant{.maintenance_rule = MaintenanceRule::kFromGrantDate};
  EXPECT_FALSE(met("2024-07-01", from_grant));
  EXPECT_FALSE(met("2027-01-10", from_grant));
  EXPECT_TRUE(met("2027-01-11", from_grant));
}

TEST(ClassifyHighValue, MaintainedCountsFromALeapDayAndOnlyWhileInForce) {
  // Filed 2012-02-29: the anniversary in 2022 (a common year) is 28 February.
  patents::Patent patent = Grant("100000004", "2012-02-29", "2015-08-01");
  auto check = [&](std::string_view as_of) {
    return CheckOf(ClassifyHighValue(patent, {}, {}, as_of),
                   HighValueCategory::kMaintainedOverTenYears);
  };
  EXPECT_FALSE(check("2022-02-28").met);
  EXPECT_TRUE(check("2022-03-01").met);
  // Lapsed for unpaid fees in 2023: on a later day it is not maintained at all.
  patent.legal_events.push_back({.code = "CF01", .date = "2023-03-01", .text = "未缴年费"});
  EXPECT_TRUE(check("2023-02-28").met);
  const HighValueResult lapsed = ClassifyHighValue(patent, {}, {}, "2023-06-30");
  EXPECT_FALSE(CheckOf(lapsed, HighValueCategory::kMaintainedOverTenYears).met);
  EXPECT_FALSE(lapsed.valid_invention);
  EXPECT_FALSE(lapsed.high_value);
}

// --- category 4 -------------------------------------------------------------------------

TEST(ClassifyHighValue, PledgeAtOrAboveTheThresholdRegisteredByAsOf) {
  const patents::Patent patent = Grant("100000005", "2018-03-01", "2020-05-05");
  auto pledge = [](int64_t fen, std::string date) {
    return PledgeEntry{.number_written = "CN100000005B",
                       .number_key = "PN:CN100000005",
                       .amount = base::Money::FromFen(fen),
                       .registration_date = std::move(date)};
  };
  auto met = [&](std::vector<PledgeEntry> pledges, std::string_view as_of,
                 HighValueOptions options = {}) {
    return CheckOf(ClassifyHighValue(patent, {.pledges = std::move(pledges)}, options, as_of),
                   HighValueCategory::kPledgeFinancing)
        .met;
  };
  // The default threshold: 10,000,000 yuan = 1,000,000,000 fen, "at or above".
  EXPECT_TRUE(met({pledge(1'000'000'000, "2022-01-10")}, "2024-06-30"));
  EXPECT_FALSE(met({pledge(999'999'999, "2022-01-10")}, "2024-06-30"));
  // Registered after as_of.
  EXPECT_FALSE(met({pledge(2'000'000'000, "2024-07-01")}, "2024-06-30"));
  EXPECT_TRUE(met({pledge(2'000'000'000, "2024-06-30")}, "2024-06-30"));
  // Registrations are not summed: two of 6,000,000 yuan are not one of 10,000,000.
  EXPECT_FALSE(
      met({pledge(600'000'000, "2021-01-10"), pledge(600'000'000, "2022-01-10")}, "2024-06-30"));
  // The threshold is an option.
  const HighValueOptions five_million{.pledge_threshold = base::Money::FromFen(500'000'000)};
  EXPECT_TRUE(met({pledge(600'000'000, "2021-01-10")}, "2024-06-30", five_million));
  const CategoryCheck check =
      CheckOf(ClassifyHighValue(patent, {.pledges = {pledge(1'200'000'000, "2022-01-10")}}, {},
                                "2024-06-30"),
              HighValueCategory::kPledgeFinancing);
  EXPECT_NE(check.reason.find("12,000,000.00 yuan"), std::string::npos) << check.reason;
  EXPECT_NE(check.reason.find("10,000,000.00 yuan"), std::string::npos) << check.reason;
}

// --- category 5 -------------------------------------------------------------------------

TEST(ClassifyHighValue, AwardOfAYearUpToAsOf) {
  const patents::Patent patent = Grant("100000006", "2016-03-01", "2019-05-05");
  const AwardEntry gold{.number_written = "ZL201410513187.5",
                        .number_key = "AN:201410513187.5",
                        .kind = AwardKind::kChinaPatentAward,
                        .award_name = "中国专利金奖",
                        .year = 2023};
  auto met = [&](std::string_view as_of) {
    return CheckOf(ClassifyHighValue(patent, {.awards = {gold}}, {}, as_of),
                   HighValueCategory::kAward)
        .met;
  };
  EXPECT_FALSE(met("2022-12-31"));
  EXPECT_TRUE(met("2023-01-01"));
  EXPECT_FALSE(
      CheckOf(ClassifyHighValue(patent, {}, {}, "2024-06-30"), HighValueCategory::kAward).met);
}

// --- counting once; what is a valid invention patent --------------------------------------

TEST(ClassifyHighValue, SeveralCategoriesAreListedAndTheResultIsOnePatent) {
  const SeiConcordance sei = ExcerptConcordance();
  const patents::Patent patent = Grant("100000007", "2012-03-01", "2015-05-05", "A01B 1/02");
  const HighValueFacts facts{.sei = &sei,
                             .pledges = {{.amount = base::Money::FromFen(1'500'000'000),
                                          .registration_date = "2020-01-01"}},
                             .awards = {{.kind = AwardKind::kStateScienceTechnologyAward,
                                         .award_name = "国家科学技术进步奖二等奖",
                                         .year = 2019}}};
  const HighValueResult out = ClassifyHighValue(patent, facts, {}, "2024-06-30");
  EXPECT_TRUE(out.high_value);
  EXPECT_TRUE(out.counts_for_indicator);
  EXPECT_EQ(out.categories, (std::vector<HighValueCategory>{
                                HighValueCategory::kStrategicEmergingIndustry,
                                HighValueCategory::kMaintainedOverTenYears,
                                HighValueCategory::kPledgeFinancing, HighValueCategory::kAward}));
}

TEST(ClassifyHighValue, OnlyValidCnInventionGrantsAreHighValue) {
  const SeiConcordance sei = ExcerptConcordance();
  patents::Patent application = Grant("100000008", "2018-03-01", "", "A01B 1/02");
  application.kind = "A";
  application.publication_number = "CN100000008A";
  application.type = patents::DocumentType::kCnInventionApplication;
  application.grant_date = "";
  application.publication_date = "2019-09-01";
  HighValueResult out = ClassifyHighValue(application, {.sei = &sei}, {}, "2024-06-30");
  EXPECT_TRUE(CheckOf(out, HighValueCategory::kStrategicEmergingIndustry).met);
  EXPECT_FALSE(out.invention_grant);
  EXPECT_FALSE(out.high_value);

  patents::Patent utility = Grant("200000009", "2018-03-01", "2018-09-01", "A01B 1/02");
  utility.kind = "U";
  utility.type = patents::DocumentType::kCnUtilityModel;
  out = ClassifyHighValue(utility, {.sei = &sei}, {}, "2024-06-30");
  EXPECT_FALSE(out.high_value);

  // The term of an invention ends 20 years after filing.
  const patents::Patent old = Grant("100000010", "2003-03-01", "2006-09-01", "A01B 1/02");
  EXPECT_TRUE(ClassifyHighValue(old, {.sei = &sei}, {}, "2023-02-28").high_value);
  EXPECT_FALSE(ClassifyHighValue(old, {.sei = &sei}, {}, "2023-03-01").high_value);
}

// --- domestic ---------------------------------------------------------------------------

TEST(DomesticApplicant, MainlandFirstApplicantsOnly) {
  patents::Patent patent = Grant("100000011", "2018-03-01", "2020-05-05");
  Domestic domestic = DomesticApplicant(patent);
  EXPECT_TRUE(domestic.domestic);
  EXPECT_EQ(domestic.region_code, "370102");

  // Only the first applicant decides.
  patent.applicants.insert(patent.applicants.begin(),
                           {.name = "Acme Batteries Inc.", .country = "US"});
  domestic = DomesticApplicant(patent);
  EXPECT_FALSE(domestic.domestic);
  EXPECT_NE(domestic.reason.find("US"), std::string::npos);

  patent.applicants = {{.name = "香港电池有限公司", .country = "CN", .region_code = "810000"}};
  EXPECT_FALSE(DomesticApplicant(patent).domestic);
  patent.applicants = {{.name = "台湾电池股份有限公司", .country = "TW"}};
  EXPECT_FALSE(DomesticApplicant(patent).domestic);
  patent.applicants = {{.name = "澳门电池有限公司", .region_code = "820000"}};
  EXPECT_FALSE(DomesticApplicant(patent).domestic);

  // A CN applicant whose address gave no region: domestic, in no region.
  patent.applicants = {{.name = "某电池有限公司", .country = "CN"}};
  domestic = DomesticApplicant(patent);
  EXPECT_TRUE(domestic.domestic);
  EXPECT_EQ(domestic.region_code, "");
  // Nothing known of the applicant: not counted.
  patent.applicants = {{.name = "某电池有限公司"}};
  EXPECT_FALSE(DomesticApplicant(patent).domestic);
  patent.applicants.clear();
  EXPECT_FALSE(DomesticApplicant(patent).domestic);

  // A foreign applicant's CN patent can be high-value but is not counted for the indicator.
  patent.applicants = {{.name = "Acme Batteries Inc.", .country = "US"}};
  const HighValueResult out = ClassifyHighValue(patent,
                                                {.awards = {{.kind = AwardKind::kChinaPatentAward,
                                                             .award_name = "中国专利奖",
                                                             .year = 2020}}},
                                                {}, "2024-06-30");
  EXPECT_TRUE(out.high_value);
  EXPECT_FALSE(out.counts_for_indicator);
}

// --- list numbers -------------------------------------------------------------------------

TEST(ListNumberKey, ApplicationAndPublicationNumbersAsWritten) {
  EXPECT_EQ(*ListNumberKey("ZL201410513187.5"), "AN:201410513187.5");
  EXPECT_EQ(*ListNumberKey("201410513187.5"), "AN:201410513187.5");
  EXPECT_EQ(*ListNumberKey("2014105131875"), "AN:201410513187.5");
  EXPECT_EQ(*ListNumberKey("CN104223590B"), "PN:CN104223590");
  EXPECT_EQ(*ListNumberKey("CN 104223590 B"), "PN:CN104223590");
  EXPECT_EQ(*ListNumberKey("104223590"), "PN:CN104223590");
  EXPECT_FALSE(ListNumberKey("ZL201410513187.9").ok());  // wrong check character
  EXPECT_FALSE(ListNumberKey("").ok());
  EXPECT_FALSE(ListNumberKey("专利").ok());
  const patents::Patent patent = Grant("104223590", "2014-09-29", "2017-01-10");
  EXPECT_EQ(PatentNumberKeys(patent),
            (std::vector<std::string>{"AN:201410513187.5", "PN:CN104223590"}));
}

// --- list files ---------------------------------------------------------------------------

TEST(ParseAwardCsv, ReadsIdsChineseNamesAndQuotedCells) {
  auto awards = ParseAwardCsv(
      "\xEF\xBB\xBFnumber,award,year,note\r\n"
      "ZL201410513187.5,中国专利金奖,2021,\"gold, 23rd\"\r\n"
      "# a comment\r\n"
      "CN104223590B,state_science_technology_award,2019,\r\n"
      "\"104223590\",国家技术发明奖二等奖,2020,\"two\nlines\"\r\n");
  ASSERT_TRUE(awards.ok()) << awards.status();
  ASSERT_EQ(awards->size(), 3u);
  EXPECT_EQ((*awards)[0].number_key, "AN:201410513187.5");
  EXPECT_EQ((*awards)[0].kind, AwardKind::kChinaPatentAward);
  EXPECT_EQ((*awards)[0].award_name, "中国专利金奖");
  EXPECT_EQ((*awards)[0].year, 2021);
  EXPECT_EQ((*awards)[0].line, 2);
  EXPECT_EQ((*awards)[1].kind, AwardKind::kStateScienceTechnologyAward);
  EXPECT_EQ((*awards)[1].line, 4);
  EXPECT_EQ((*awards)[2].kind, AwardKind::kStateScienceTechnologyAward);
  EXPECT_EQ((*awards)[2].number_key, "PN:CN104223590");
}

TEST(ParseAwardCsv, TheFirstBadLineIsNamed) {
  auto bad = ParseAwardCsv(
      "number,award,year\nZL201410513187.5,中国专利金奖,2021\n"
      "CN104223590B,省科技进步奖,2020\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(base::Sv(bad.status().message()).starts_with("line 3: award")) << bad.status();
  bad = ParseAwardCsv("number,award,year\nZL201410513187.5,中国专利金奖,21\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(base::Sv(bad.status().message()).starts_with("line 2: year")) << bad.status();
  bad = ParseAwardCsv("number,award\nZL201410513187.5,中国专利金奖\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(base::Sv(bad.status().message()).starts_with("line 1: ")) << bad.status();
  bad = ParseAwardCsv("number,award,year\n\"ZL201410513187.5,中国专利金奖,2021\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(base::Sv(bad.status().message()).starts_with("line 2: ")) << bad.status();
  EXPECT_FALSE(ParseAwardCsv("number,award,year\n").ok());
  EXPECT_FALSE(ParseAwardCsv("number,award,year\nCN1\xff,中国专利奖,2020\n").ok());
}

TEST(ParsePledgeCsv, AmountsInFenOrAsWrittenInYuan) {
  auto pledges =
      ParsePledgeCsv("number,amount_fen,registration_date\nCN104223590B,1000000000,2022-01-10\n");
  ASSERT_TRUE(pledges.ok()) << pledges.status();
  ASSERT_EQ(pledges->size(), 1u);
  EXPECT_EQ((*pledges)[0].amount.fen(), 1'000'000'000);
  EXPECT_EQ((*pledges)[0].registration_date, "2022-01-10");

  pledges = ParsePledgeCsv(
      "专利号,质押金额,登记日\nZL201410513187.5,1000万元,2022-01-10\n"
      "CN104223590B,\"12,000,000.50\",2023-05-06\n");
  ASSERT_TRUE(pledges.ok()) << pledges.status();
  ASSERT_EQ(pledges->size(), 2u);
  EXPECT_EQ((*pledges)[0].amount.fen(), 1'000'000'000);  // 1000万元 = 10,000,000 yuan
  EXPECT_EQ((*pledges)[1].amount.fen(), 1'200'000'050);

  auto bad = ParsePledgeCsv(
      "number,amount_fen,registration_date\nCN104223590B,1000000000,2022-01-10\n"
      "CN104223590B,12.5,2022-01-10\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(base::Sv(bad.status().message()).starts_with("line 3: amount_fen")) << bad.status();
  bad = ParsePledgeCsv("number,amount_fen,registration_date\nCN104223590B,100,2022-02-30\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(base::Sv(bad.status().message()).starts_with("line 2: registration_date"));
  bad = ParsePledgeCsv("number,amount_fen,registration_date\nCN104223590B,0,2022-02-03\n");
  EXPECT_FALSE(bad.ok());
  bad = ParsePledgeCsv("number,registration_date\nCN104223590B,2022-02-03\n");
  EXPECT_FALSE(bad.ok());
}

TEST(ParsePopulationCsv, ReadsTheRealNbsFile) {
  const std::string text =
      ReadFile(SharedData("stats/population_by_province_nbs_2005_2024_10k.csv"));
  auto population = ParsePopulationCsv(text);
  ASSERT_TRUE(population.ok()) << population.status() << " (is IPHUB_SOURCE_DIR set?)";
  EXPECT_EQ(population->size(), 31u * 20u);  // 31 provinces, 2005..2024
  std::map<std::pair<std::string, int>, int64_t> by;
  for (const PopulationEntry& entry : *population)
    by[{entry.region_code, entry.year}] = entry.persons;
  EXPECT_EQ((by[{"110000", 2024}]), 21'830'000);  // Beijing,2183,…
  EXPECT_EQ((by[{"110000", 2005}]), 15'380'000);
  EXPECT_EQ((by[{"150000", 2024}]), 23'880'000);   // InnerMongolia
  EXPECT_EQ((by[{"540000", 2024}]), 3'700'000);    // Tibet
  EXPECT_EQ((by[{"370000", 2023}]), 101'230'000);  // Shandong
  EXPECT_EQ((by[{"650000", 2005}]), 20'100'000);   // Xinjiang, last cell
}

TEST(ParsePopulationCsv, NationalTotalsCodesDecimalsAndBadLines) {
  auto population = ParsePopulationCsv(
      "Region,2021,2022\nNational Total,141260,141175\n山东省,10170,\n370100,941.5,943.2\n");
  ASSERT_TRUE(population.ok()) << population.status();
  ASSERT_EQ(population->size(), 5u);  // the empty cell is no figure
  EXPECT_EQ((*population)[0].region_code, "000000");
  EXPECT_EQ((*population)[0].persons, 1'412'600'000);
  EXPECT_EQ((*population)[2].region_code, "370000");
  EXPECT_EQ((*population)[3].persons, 9'415'000);
  EXPECT_EQ((*population)[4].persons, 9'432'000);

  auto bad = ParsePopulationCsv("region,2024\nBeijing,2183\nAtlantis,12\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(base::Sv(bad.status().message()).starts_with("line 3: region \"Atlantis\""))
      << bad.status();
  bad = ParsePopulationCsv("region,2024\nBeijing,2183\nBeijing,2183\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(base::Sv(bad.status().message()).starts_with("line 3: ")) << bad.status();
  bad = ParsePopulationCsv("# source\nregion,2024,2023\nBeijing,2183,21x6\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(base::Sv(bad.status().message()).starts_with("line 3: 2023")) << bad.status();
  bad = ParsePopulationCsv("region,2024,2024\nBeijing,2183,2183\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(base::Sv(bad.status().message()).starts_with("line 1: ")) << bad.status();
  EXPECT_FALSE(ParsePopulationCsv("region,2024\nBeijing,2183.12345\n").ok());
  EXPECT_FALSE(ParsePopulationCsv("region,2024\nBeijing,2183,1\n").ok());
  EXPECT_FALSE(ParsePopulationCsv("place,2024\nBeijing,2183\n").ok());
}

TEST(ProvinceCodeOfName, EnglishAndChineseNames) {
  EXPECT_EQ(ProvinceCodeOfName("Beijing"), "110000");
  EXPECT_EQ(ProvinceCodeOfName("Inner Mongolia"), "150000");
  EXPECT_EQ(ProvinceCodeOfName("InnerMongolia"), "150000");
  EXPECT_EQ(ProvinceCodeOfName("Xizang"), "540000");
  EXPECT_EQ(ProvinceCodeOfName("Shaanxi"), "610000");
  EXPECT_EQ(ProvinceCodeOfName("Shanxi"), "140000");
  EXPECT_EQ(ProvinceCodeOfName("广西壮族自治区"), "450000");
  EXPECT_EQ(ProvinceCodeOfName("广西"), "450000");
  EXPECT_EQ(ProvinceCodeOfName("National Total"), "000000");
  EXPECT_EQ(ProvinceCodeOfName("Gotham"), std::nullopt);
}

// --- per 10,000 people --------------------------------------------------------------------

TEST(PerTenThousand, ExactHundredthsRoundedHalfUp) {
  // 7 high-value patents among 21,890,000 people (Beijing 2021: 2189 × 10,000):
  // 7 / 2,189 (the population in 10,000s) = 0.0031978… per 10,000 → "0.00", not 3.20.
  EXPECT_EQ(PerTenThousandHundredths(7, 21'890'000), 0);
  EXPECT_EQ(FormatHundredths(*PerTenThousandHundredths(7, 21'890'000)), "0.00");
  // 7,000 of them: 7,000 / 2,189 = 3.19780… → 3.20 (hundredths 319.78 round to 320).
  EXPECT_EQ(PerTenThousandHundredths(7'000, 21'890'000), 320);
  EXPECT_EQ(FormatHundredths(320), "3.20");
  // 1 among 80,000 = 0.125 per 10,000: 12.5 hundredths, the half rounds up to 0.13.
  EXPECT_EQ(PerTenThousandHundredths(1, 80'000), 13);
  // 2 among 3,000 = 6.666… per 10,000 → 6.67.
  EXPECT_EQ(PerTenThousandHundredths(2, 3'000), 667);
  EXPECT_EQ(FormatHundredths(667), "6.67");
  EXPECT_EQ(FormatHundredths(5), "0.05");
  EXPECT_EQ(FormatHundredths(100000), "1000.00");
  // No population, no indicator.
  EXPECT_EQ(PerTenThousandHundredths(7, 0), std::nullopt);
  // Large counts stay exact (no double): 2,292,000 patents in 1,408,280,000 people (2024
  // national: 229.2万 high-value patents) → 16.2752… → 16.28.
  EXPECT_EQ(PerTenThousandHundredths(2'292'000, 1'408'280'000), 1628);
}

}  // namespace
}  // namespace iphub::analytics
