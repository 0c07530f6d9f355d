#include "iphub/analytics/high_value_service.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "gtest/gtest.h"
#include "iphub/analytics/migrations.h"
#include "iphub/auth/migrations.h"
#include "iphub/auth/regions.h"
#include "iphub/base/crypto.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"
#include "iphub/patents/migrations.h"
#include "iphub/patents/store.h"
#include "nlohmann/json.hpp"

namespace iphub::analytics {
namespace {

// 2026-11-28 12:00 in Shanghai.
constexpr int64_t kNow = 1795795200000LL + 4LL * 3600 * 1000;
constexpr std::string_view kAsOf = "2024-06-30";

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

// A CN invention grant of an applicant in `region` (country CN).
patents::Patent Grant(const std::string& doc_number, const std::string& region,
                      const std::string& filed, const std::string& ipc = "H01M 4/13") {
  patents::Patent patent;
  patent.country = "CN";
  patent.doc_number = doc_number;
  patent.kind = "B";
  patent.publication_number = "CN" + doc_number + "B";
  patent.type = patents::DocumentType::kCnInventionGrant;
  patent.application_date = filed;
  patent.publication_date = "2020-05-06";
  patent.grant_date = "2020-05-06";
  patent.language = "zh";
  patent.title = "一种电池 " + doc_number;
  patent.ipc_main = ipc;
  patent.ipc = {{.symbol = ipc}};
  patent.applicants = {
      {.name = "电池有限公司 " + doc_number, .country = "CN", .region_code = region}};
  return patent;
}

// Population in 10,000s as the NBS file writes it, plus the two cities of the corpus by code:
// Jinan 0.2 (2,000 people) and Qingdao 0.3 (3,000 people) in 2023, to make the per-10,000
// figures of the test easy to check by hand.
constexpr std::string_view kPopulation =
    "# test figures\n"
    "region,2023,2022\n"
    "Shandong,10123,10163\n"
    "Beijing,2186,2184\n"
    "370100,0.2,\n"
    "370200,0.3,\n";

constexpr std::string_view kSei =
    "{\"ipcCode\":\"A01B\",\"seiId\":33}\n"
    "{\"ipcCode\":\"G06F17/00\",\"seiId\":25}\n";

template <typename Backend>
class HighValueServiceTest : public db::testing::DatabaseTest<Backend> {
 protected:
  void SetUp() override {
    db::testing::DatabaseTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    ASSERT_TRUE(base::InitCrypto().ok());
    std::vector<db::Migration> all;
    for (const auto& migration : auth::Migrations()) all.push_back(migration);
    for (const auto& migration : patents::Migrations()) all.push_back(migration);
    for (const auto& migration : Migrations()) all.push_back(migration);
    auto applied = db::Migrate(this->db(), all);
    ASSERT_TRUE(applied.ok()) << applied.status();
    auto seeded = auth::SeedRegions(this->db());
    ASSERT_TRUE(seeded.ok()) << seeded.status();
    service_ = std::make_unique<HighValueService>(this->db(), clock_);
  }

  void TearDown() override {
    service_.reset();
    db::testing::DatabaseTest<Backend>::TearDown();
  }

  void Store(const patents::Patent& patent) {
    auto conn = this->db().Acquire();
    ASSERT_TRUE(conn.ok());
    auto stored = patents::store::UpsertPatent(**conn, patent, clock_.NowMillis());
    ASSERT_TRUE(stored.ok()) << stored.status();
  }

  int64_t CountRows(std::string_view table) {
    auto conn = this->db().Acquire();
    EXPECT_TRUE(conn.ok());
    if (!conn.ok()) return -1;
    auto result = (*conn)->Query(base::StrCat("SELECT COUNT(*) FROM ", table));
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? result->rows[0].Int(0) : -1;
  }

  std::vector<nlohmann::json> AuditDetails(std::string_view action) {
    std::vector<nlohmann::json> out;
    auto conn = this->db().Acquire();
    EXPECT_TRUE(conn.ok());
    if (!conn.ok()) return out;
    auto result =
        (*conn)->Query("SELECT detail FROM audit_log WHERE action = $1 ORDER BY id", {action});
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) return out;
    for (const db::Row& row : result->rows) out.push_back(nlohmann::json::parse(row.Text(0)));
    return out;
  }

  // The corpus, worked out by hand (as of 2024-06-30):
  //   Jinan (370100):
  //     j1 370102 SEI (A01B 1/02 → subclass A01B)              high-value: sei
  //     j2 370102 award 2021 + pledge 12,000,000 yuan           high-value: pledge, award
  //     j3 370103 nothing                                       valid, not high-value
  //     j4 370102 SEI but lapsed (CF01 2022)                    not valid: not counted
  //     j5 370102 SEI, only a published application (A)         not a grant: not counted
  //     j6 370102 pledge 9,999,999.99 yuan                      valid, not high-value
  //   Qingdao (370200):
  //     q1 370212 filed 2010-01-05                              high-value: > 10 years
  //     q2 370212 family with a granted US member (u1)          high-value: family abroad
  //     q3 370212 filed 2014-06-30: exactly 10 years, SEI G06F 17/30 → main group G06F 17/00
  //                                                             high-value: sei (not >10y)
  //   Shandong, city unknown:
  //     s1 370000 (from a postcode) award 2025 (after as_of)    valid, not high-value
  //   Elsewhere or not domestic:
  //     b1 Beijing 110108 SEI                                   Beijing, not Shandong
  //     f1 US applicant, SEI                                    foreign: not counted
  //     h1 Hong Kong applicant (810000), SEI                    not domestic: not counted
  //     u1 US grant, family of q2
  // Shandong: valid j1 j2 j3 j6 q1 q2 q3 s1 = 8; high-value j1 j2 q1 q2 q3 = 5; by category
  // sei 2 (j1, q3), family 1, >10y 1, pledge 1, award 1 = 6 > 5: j2 is counted once.
  void StoreCorpus() {
    patents::Patent j1 = Grant("110000001", "370102", "2016-01-01", "A01B 1/02");
    patents::Patent j2 = Grant("110000002", "370102", "2016-02-01");
    j2.application_number = "201410513187.5";
    patents::Patent j3 = Grant("110000003", "370103", "2016-03-01");
    patents::Patent j4 = Grant("110000004", "370102", "2016-04-01", "A01B 1/02");
    j4.legal_events.push_back({.code = "CF01", .date = "2022-03-01", .text = "未缴年费"});
    patents::Patent j5 = Grant("110000005", "370102", "2016-05-01", "A01B 1/02");
    j5.kind = "A";
    j5.publication_number = "CN110000005A";
    j5.type = patents::DocumentType::kCnInventionApplication;
    j5.grant_date = "";
    patents::Patent j6 = Grant("110000006", "370102", "2016-06-01");
    patents::Patent q1 = Grant("110000011", "370212", "2010-01-05");
    patents::Patent q2 = Grant("110000012", "370212", "2016-07-01");
    q2.family_id = "fam-q2";
    patents::Patent q3 = Grant("110000013", "370212", "2014-06-30", "G06F 17/30");
    patents::Patent s1 = Grant("110000021", "370000", "2016-08-01");
    patents::Patent b1 = Grant("110000031", "110108", "2016-09-01", "A01B 1/02");
    patents::Patent f1 = Grant("110000041", "", "2016-10-01", "A01B 1/02");
    f1.applicants = {{.name = "Acme Inc.", .country = "US"}};
    patents::Patent h1 = Grant("110000051", "810000", "2016-11-01", "A01B 1/02");
    patents::Patent u1 = Grant("9876543", "", "2016-07-01");
    u1.country = "US";
    u1.kind = "B2";
    u1.publication_number = "US9876543B2";
    u1.type = patents::DocumentType::kUsUtilityGrant;
    u1.applicants = {{.name = "Acme Inc.", .country = "US"}};
    u1.family_id = "fam-q2";
    u1.publication_date = u1.grant_date = "2019-03-05";
    for (const patents::Patent* patent :
         {&j1, &j2, &j3, &j4, &j5, &j6, &q1, &q2, &q3, &s1, &b1, &f1, &h1, &u1}) {
      Store(*patent);
    }
  }

  void LoadLists() {
    IPHUB_ASSERT_OK_AND_ASSIGN(LoadSummary sei, service_->LoadSei("sei.jsonl", kSei));
    EXPECT_EQ(sei.rows, 2);
    IPHUB_ASSERT_OK_AND_ASSIGN(
        LoadSummary awards,
        service_->LoadAwards("awards.csv",
                             "number,award,year\n"
                             "ZL201410513187.5,中国专利银奖,2021\n"   // j2, by application number
                             "CN110000021B,中国专利优秀奖,2025\n"));  // s1, after as_of
    EXPECT_EQ(awards.rows, 2);
    IPHUB_ASSERT_OK_AND_ASSIGN(LoadSummary pledges,
                               service_->LoadPledges("pledges.csv",
                                                     "number,amount_fen,registration_date\n"
                                                     "CN110000002B,1200000000,2021-03-04\n"
                                                     "CN 110000006,999999999,2022-03-04\n"));
    EXPECT_EQ(pledges.rows, 2);
    IPHUB_ASSERT_OK_AND_ASSIGN(LoadSummary population,
                               service_->LoadPopulation("population.csv", kPopulation));
    EXPECT_EQ(population.rows, 6);
    EXPECT_EQ(population.regions, 4);
    EXPECT_EQ(population.years, (std::vector<int>{2022, 2023}));
  }

  base::FakeClock clock_{kNow};
  std::unique_ptr<HighValueService> service_;
};
TYPED_TEST_SUITE(HighValueServiceTest, db::testing::Backends, db::testing::BackendNames);

const RegionCount* ChildOf(const HighValueCounts& counts, std::string_view code) {
  for (const RegionCount& child : counts.children) {
    if (child.code == code) return &child;
  }
  return nullptr;
}

using Categories = std::array<int64_t, kHighValueCategoryCount>;

TYPED_TEST(HighValueServiceTest, CountsAProvinceItsCitiesAndPerTenThousand) {
  this->StoreCorpus();
  this->LoadLists();
  IPHUB_ASSERT_OK_AND_ASSIGN(HighValueCounts counts,
                             this->service_->Count("370000", kAsOf, std::nullopt));
  EXPECT_EQ(counts.population_year, 2023);  // the latest stored up to 2024
  EXPECT_EQ(counts.region.code, "370000");
  EXPECT_EQ(counts.region.level, "province");
  EXPECT_EQ(counts.region.valid_inventions, 8);
  EXPECT_EQ(counts.region.high_value, 5);
  // sei, family, >10y, pledge, award
  EXPECT_EQ(counts.region.by_category, (Categories{2, 1, 1, 1, 1}));
  // 5 among 101,230,000 people = 0.000494 per 10,000 → 0.00.
  EXPECT_EQ(counts.region.population, 101'230'000);
  EXPECT_EQ(counts.region.per_10k_hundredths, 0);

  const RegionCount* jinan = ChildOf(counts, "370100");
  ASSERT_NE(jinan, nullptr);
  EXPECT_EQ(jinan->valid_inventions, 4);  // j1 j2 j3 j6
  EXPECT_EQ(jinan->high_value, 2);        // j1 j2
  EXPECT_EQ(jinan->by_category, (Categories{1, 0, 0, 1, 1}));
  // 2 among 2,000 people = 10 per 10,000.
  EXPECT_EQ(jinan->population, 2'000);
  EXPECT_EQ(jinan->per_10k_hundredths, 1000);
  const RegionCount* qingdao = ChildOf(counts, "370200");
  ASSERT_NE(qingdao, nullptr);
  EXPECT_EQ(qingdao->valid_inventions, 3);
  EXPECT_EQ(qingdao->high_value, 3);
  EXPECT_EQ(qingdao->by_category, (Categories{1, 1, 1, 0, 0}));
  // 3 among 3,000 people = 10 per 10,000.
  EXPECT_EQ(qingdao->per_10k_hundredths, 1000);
  // A city without a population row has no indicator.
  const RegionCount* zibo = ChildOf(counts, "370300");
  ASSERT_NE(zibo, nullptr);
  EXPECT_EQ(zibo->valid_inventions, 0);
  EXPECT_FALSE(zibo->population.has_value());
  EXPECT_FALSE(zibo->per_10k_hundredths.has_value());
  // s1 is Shandong's but in no city.
  EXPECT_EQ(counts.unplaced_valid_inventions, 1);
  EXPECT_EQ(counts.unplaced_high_value, 0);
  ASSERT_TRUE(counts.sei.has_value());
  EXPECT_EQ(counts.sei->source_file, "sei.jsonl");
  EXPECT_EQ(counts.sei->entries, 2);

  // 2022 population: Jinan has none that year.
  IPHUB_ASSERT_OK_AND_ASSIGN(counts, this->service_->Count("370000", kAsOf, 2022));
  EXPECT_EQ(counts.region.population, 101'630'000);
  EXPECT_FALSE(ChildOf(counts, "370100")->population.has_value());
}

TYPED_TEST(HighValueServiceTest, CountsTheCountryAndACity) {
  this->StoreCorpus();
  this->LoadLists();
  IPHUB_ASSERT_OK_AND_ASSIGN(HighValueCounts country,
                             this->service_->Count("", kAsOf, std::nullopt));
  EXPECT_EQ(country.region.code, "000000");
  EXPECT_EQ(country.region.valid_inventions, 9);  // Shandong's 8 and b1
  EXPECT_EQ(country.region.high_value, 6);
  EXPECT_FALSE(country.region.population.has_value());  // no national row loaded
  EXPECT_EQ(ChildOf(country, "370000")->valid_inventions, 8);
  const RegionCount* beijing = ChildOf(country, "110000");
  ASSERT_NE(beijing, nullptr);
  EXPECT_EQ(beijing->high_value, 1);
  EXPECT_EQ(beijing->population, 21'860'000);
  EXPECT_EQ(beijing->per_10k_hundredths, 0);  // 1 / 2,186 per 10,000 = 0.0005 → 0.00
  EXPECT_EQ(country.children.size(), 31u);    // the mainland provinces of the regions table
  EXPECT_EQ(country.unplaced_valid_inventions, 0);

  // A city's children are its counties.
  IPHUB_ASSERT_OK_AND_ASSIGN(HighValueCounts jinan, this->service_->Count("370100", kAsOf, 2023));
  EXPECT_EQ(jinan.region.level, "city");
  EXPECT_EQ(ChildOf(jinan, "370102")->valid_inventions, 3);
  EXPECT_EQ(ChildOf(jinan, "370102")->high_value, 2);
  EXPECT_EQ(ChildOf(jinan, "370103")->valid_inventions, 1);

  // Before the grants were published (2020-05-06) none is a valid invention patent.
  IPHUB_ASSERT_OK_AND_ASSIGN(HighValueCounts earlier,
                             this->service_->Count("370000", "2019-12-31", 2022));
  EXPECT_EQ(earlier.region.valid_inventions, 0);
  EXPECT_EQ(earlier.region.high_value, 0);
}

TYPED_TEST(HighValueServiceTest, ExplainsOnePatentWithTheStoredFacts) {
  this->StoreCorpus();
  this->LoadLists();
  IPHUB_ASSERT_OK_AND_ASSIGN(PatentHighValue q2,
                             this->service_->Explain(nullptr, "CN110000012B", kAsOf));
  EXPECT_TRUE(q2.result.high_value);
  EXPECT_EQ(q2.result.categories, std::vector<HighValueCategory>{HighValueCategory::kFamilyAbroad});
  EXPECT_NE(q2.result.checks[1].reason.find("US9876543B2"), std::string::npos);

  IPHUB_ASSERT_OK_AND_ASSIGN(PatentHighValue j2,
                             this->service_->Explain(nullptr, "CN 110000002", kAsOf));
  EXPECT_EQ(j2.result.categories,
            (std::vector<HighValueCategory>{HighValueCategory::kPledgeFinancing,
                                            HighValueCategory::kAward}));
  EXPECT_TRUE(j2.result.counts_for_indicator);

  IPHUB_ASSERT_OK_AND_ASSIGN(PatentHighValue q3,
                             this->service_->Explain(nullptr, "CN110000013B", kAsOf));
  EXPECT_FALSE(q3.result.checks[2].met);  // filed 2014-06-30: exactly ten years
  EXPECT_TRUE(q3.result.checks[0].met);
  IPHUB_ASSERT_OK_AND_ASSIGN(q3, this->service_->Explain(nullptr, "CN110000013B", "2024-07-01"));
  EXPECT_TRUE(q3.result.checks[2].met);

  IPHUB_ASSERT_OK_AND_ASSIGN(PatentHighValue f1,
                             this->service_->Explain(nullptr, "CN110000041B", kAsOf));
  EXPECT_TRUE(f1.result.high_value);
  EXPECT_FALSE(f1.result.counts_for_indicator);

  EXPECT_EQ(this->service_->Explain(nullptr, "CN119999999B", kAsOf).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(base::FieldOf(this->service_->Explain(nullptr, "CN110000013B", "2024-02-30").status()),
            "as_of");
}

// Among(): the high-value ones of a list of numbers, as Explain decides each one, in the
// order given; the A publication j5, the US grant, a lapsed grant and an unknown number are
// left out. As of 2024-06-30 (by hand, above): j1 j2 q1 q2 q3 b1 f1 h1.
TYPED_TEST(HighValueServiceTest, AmongGivesTheHighValueOnesOfAListAsExplainDoes) {
  this->StoreCorpus();
  this->LoadLists();
  const std::vector<std::string> numbers = {
      "CN110000051B", "CN110000001B", "CN110000002B", "CN110000003B", "CN110000004B",
      "CN110000005A", "CN110000006B", "CN110000011B", "CN110000012B", "CN110000013B",
      "CN110000021B", "CN110000031B", "CN110000041B", "US9876543B2",  "CN119999999B"};
  IPHUB_ASSERT_OK_AND_ASSIGN(std::vector<HighValueHit> hits, this->service_->Among(numbers, kAsOf));
  std::vector<std::string> found;
  for (const HighValueHit& hit : hits) found.push_back(hit.publication_number);
  EXPECT_EQ(found, (std::vector<std::string>{"CN110000051B", "CN110000001B", "CN110000002B",
                                             "CN110000011B", "CN110000012B", "CN110000013B",
                                             "CN110000031B", "CN110000041B"}));
  for (const HighValueHit& hit : hits) {
    IPHUB_ASSERT_OK_AND_ASSIGN(PatentHighValue one,
                               this->service_->Explain(nullptr, hit.publication_number, kAsOf));
    EXPECT_EQ(hit.categories, one.result.categories) << hit.publication_number;
    EXPECT_EQ(hit.title, "一种电池 " + hit.publication_number.substr(2, 9));
  }
  // Later, s1's award (2025) counts and q3 is over ten years too.
  IPHUB_ASSERT_OK_AND_ASSIGN(hits,
                             this->service_->Among({"CN110000021B", "CN110000013B"}, "2025-07-01"));
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].categories, std::vector<HighValueCategory>{HighValueCategory::kAward});
  EXPECT_EQ(hits[1].categories,
            (std::vector<HighValueCategory>{HighValueCategory::kStrategicEmergingIndustry,
                                            HighValueCategory::kMaintainedOverTenYears}));
  EXPECT_EQ(base::FieldOf(this->service_->Among(numbers, "2024-13-01").status()), "as_of");
}

// With more families than are asked for one by one, the documents abroad are read once: the
// same answer. 20 grants each in its own family; every third has a granted US member.
TYPED_TEST(HighValueServiceTest, AmongReadsTheFamiliesAbroadOnceForManyFamilies) {
  std::vector<std::string> numbers, expected;
  for (int i = 0; i < 20; ++i) {
    const std::string doc = base::StrCat("1200000", i < 10 ? "0" : "", i);
    patents::Patent grant = Grant(doc, "370102", "2018-01-01");
    grant.family_id = base::StrCat("fam-", i);
    this->Store(grant);
    numbers.push_back(grant.publication_number);
    if (i % 3 != 0) continue;
    patents::Patent abroad = Grant(base::StrCat("88000", i < 10 ? "0" : "", i), "", "2018-01-01");
    abroad.country = "US";
    abroad.kind = "B2";
    abroad.publication_number = base::StrCat("US88000", i < 10 ? "0" : "", i, "B2");
    abroad.type = patents::DocumentType::kUsUtilityGrant;
    abroad.applicants = {{.name = "Acme Inc.", .country = "US"}};
    abroad.family_id = grant.family_id;
    abroad.publication_date = abroad.grant_date = "2020-03-05";
    this->Store(abroad);
    expected.push_back(grant.publication_number);
  }
  IPHUB_ASSERT_OK_AND_ASSIGN(std::vector<HighValueHit> hits, this->service_->Among(numbers, kAsOf));
  std::vector<std::string> found;
  for (const HighValueHit& hit : hits) {
    found.push_back(hit.publication_number);
    EXPECT_EQ(hit.categories, std::vector<HighValueCategory>{HighValueCategory::kFamilyAbroad});
  }
  EXPECT_EQ(found, expected);
  // A few of them: asked family by family, the same.
  IPHUB_ASSERT_OK_AND_ASSIGN(hits,
                             this->service_->Among({numbers[0], numbers[1], numbers[3]}, kAsOf));
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].publication_number, numbers[0]);
  EXPECT_EQ(hits[1].publication_number, numbers[3]);
}

TYPED_TEST(HighValueServiceTest, ALoadWithABadLineStoresNothing) {
  IPHUB_ASSERT_OK_AND_ASSIGN(
      LoadSummary first,
      this->service_->LoadAwards("a.csv", "number,award,year\nCN110000001B,中国专利奖,2020\n"));
  EXPECT_EQ(first.rows, 1);
  auto bad = this->service_->LoadAwards("b.csv",
                                        "number,award,year\n"
                                        "CN110000002B,中国专利金奖,2021\n"
                                        "CN110000003B,中国专利金奖,2021\n"
                                        "CN110000004B,市长奖,2021\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(base::Sv(bad.status().message()).starts_with("line 4: ")) << bad.status();
  EXPECT_EQ(this->CountRows("high_value_awards"), 1);
  EXPECT_EQ(this->AuditDetails("high_value.load_awards").size(), 1u);

  // A population row whose code is not a region: found after parsing, still nothing stored.
  auto population =
      this->service_->LoadPopulation("p.csv", "region,2023\nBeijing,2186\n370100,941\n379900,12\n");
  ASSERT_FALSE(population.ok());
  EXPECT_TRUE(base::Sv(population.status().message()).starts_with("line 4: region 379900"))
      << population.status();
  EXPECT_EQ(this->CountRows("region_population"), 0);

  // A bad SEI file leaves the loaded concordance as it was.
  IPHUB_ASSERT_OK_AND_ASSIGN(LoadSummary sei, this->service_->LoadSei("sei.jsonl", kSei));
  EXPECT_FALSE(
      this->service_->LoadSei("bad.jsonl", "{\"ipcCode\":\"A01B\",\"seiId\":1}\nnope\n").ok());
  EXPECT_EQ(this->CountRows("high_value_sei"), 2);
  EXPECT_FALSE(this->service_
                   ->LoadPledges("bad.csv",
                                 "number,amount_fen,registration_date\n"
                                 "CN110000002B,-5,2021-03-04\n")
                   .ok());
  EXPECT_EQ(this->CountRows("high_value_pledges"), 0);
  EXPECT_TRUE(this->AuditDetails("high_value.load_pledges").empty());
}

TYPED_TEST(HighValueServiceTest, LoadsTheRealNbsFileAndTheSeiExcerpt) {
  const std::string nbs =
      ReadFile(SharedData("stats/population_by_province_nbs_2005_2024_10k.csv"));
  ASSERT_FALSE(nbs.empty()) << "shared data not found; is IPHUB_SOURCE_DIR set?";
  IPHUB_ASSERT_OK_AND_ASSIGN(LoadSummary loaded, this->service_->LoadPopulation("nbs.csv", nbs));
  EXPECT_EQ(loaded.rows, 620);
  EXPECT_EQ(loaded.regions, 31);
  EXPECT_EQ(loaded.years.front(), 2005);
  EXPECT_EQ(loaded.years.back(), 2024);
  // Loading again replaces, not duplicates.
  IPHUB_ASSERT_OK_AND_ASSIGN(loaded, this->service_->LoadPopulation("nbs.csv", nbs));
  EXPECT_EQ(this->CountRows("region_population"), 620);
  const std::vector<nlohmann::json> audits = this->AuditDetails("high_value.load_population");
  ASSERT_EQ(audits.size(), 2u);
  EXPECT_EQ(audits[0]["rows"], 620);
  EXPECT_EQ(audits[0]["source_file"], "nbs.csv");

  const std::string excerpt =
      ReadFile(SharedData("classification/sei_cn/ipc_sei_mapping_EXCERPT.jsonl"));
  IPHUB_ASSERT_OK_AND_ASSIGN(LoadSummary sei,
                             this->service_->LoadSei("ipc_sei_mapping_EXCERPT.jsonl", excerpt));
  EXPECT_EQ(sei.rows, 20);

  this->Store(Grant("110000001", "110108", "2016-01-01", "A01B 13/02"));
  IPHUB_ASSERT_OK_AND_ASSIGN(HighValueCounts beijing,
                             this->service_->Count("110000", "2024-12-31", std::nullopt));
  EXPECT_EQ(beijing.population_year, 2024);
  EXPECT_EQ(beijing.region.population, 21'830'000);
  EXPECT_EQ(beijing.region.high_value, 1);  // A01B 13/02 → main group A01B 13/00
  EXPECT_EQ(beijing.region.by_category[0], 1);
  ASSERT_TRUE(beijing.sei.has_value());
  EXPECT_EQ(beijing.sei->source_file, "ipc_sei_mapping_EXCERPT.jsonl");
}

TYPED_TEST(HighValueServiceTest, OnlyOfficialsOfTheRegionAndAdministratorsSeeCounts) {
  this->StoreCorpus();
  this->LoadLists();
  const auth::Principal admin{
      .user_id = 1, .username = "admin", .role = auth::Role::kPlatformAdmin};
  const auth::Principal jinan{
      .user_id = 2, .username = "jn", .role = auth::Role::kOfficial, .region_code = "370100"};
  const auth::Principal member{.user_id = 3,
                               .username = "m",
                               .role = auth::Role::kMember,
                               .organization_id = 7,
                               .region_code = "370102"};

  EXPECT_EQ(this->service_->CountFor(nullptr, "370000", "", "").status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(this->service_->CountFor(&member, "370102", "", "").status().code(),
            absl::StatusCode::kPermissionDenied);
  // Above or beside the official's region: as if it did not exist.
  EXPECT_EQ(this->service_->CountFor(&jinan, "370000", "", "").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(this->service_->CountFor(&jinan, "370200", "", "").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(this->service_->CountFor(&jinan, "000000", "", "").status().code(),
            absl::StatusCode::kNotFound);
  // Their own region by default, and what is below it.
  IPHUB_ASSERT_OK_AND_ASSIGN(HighValueCounts own, this->service_->CountFor(&jinan, "", kAsOf, ""));
  EXPECT_EQ(own.region.code, "370100");
  EXPECT_EQ(own.region.high_value, 2);
  IPHUB_ASSERT_OK_AND_ASSIGN(HighValueCounts county,
                             this->service_->CountFor(&jinan, "370102", kAsOf, "2023"));
  EXPECT_EQ(county.region.valid_inventions, 3);
  // Administrators: the country by default.
  IPHUB_ASSERT_OK_AND_ASSIGN(HighValueCounts country,
                             this->service_->CountFor(&admin, "", kAsOf, ""));
  EXPECT_EQ(country.region.code, "000000");
  // Bad parameters name themselves.
  EXPECT_EQ(base::FieldOf(this->service_->CountFor(&admin, "37", kAsOf, "").status()), "region");
  EXPECT_EQ(base::FieldOf(this->service_->CountFor(&admin, "", "2024-13-01", "").status()),
            "as_of");
  EXPECT_EQ(base::FieldOf(this->service_->CountFor(&admin, "", kAsOf, "20x3").status()), "year");
  EXPECT_EQ(this->service_->CountFor(&admin, "379900", kAsOf, "").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace iphub::analytics
