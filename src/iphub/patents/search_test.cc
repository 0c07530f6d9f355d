#include "iphub/patents/search.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iphub/base/crypto.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"
#include "iphub/engine/query/parser.h"
#include "iphub/patents/import.h"
#include "iphub/patents/importers/spreadsheet.h"
#include "iphub/patents/migrations.h"
#include "iphub/patents/store.h"

namespace iphub::patents {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::ElementsAre;

std::string SharedData(const std::string& relative) {
  const char* source = std::getenv("IPHUB_SOURCE_DIR");
  return std::string(source == nullptr ? "." : source) + "/../shared/data/" + relative;
}

// 2026-11-28 12:00 in Shanghai.
constexpr int64_t kNow = 1795795200000LL + 4 * 3600 * 1000;

Patent CnGrant() {
  Patent patent;
  patent.country = "CN";
  patent.doc_number = "104223590";
  patent.kind = "B";
  patent.publication_number = "CN104223590B";
  patent.type = DocumentType::kCnInventionGrant;
  patent.application_number = "201410513187.5";
  patent.application_date = "2014-09-29";
  patent.publication_date = "2017-03-15";
  patent.grant_date = "2017-03-15";
  patent.language = "zh";
  patent.title = "一种无人机电池快速更换装置";
  patent.abstract = "本发明公开了一种无人机电池快速更换装置，包括机架和电池仓。";
  patent.claims = {{.number = 1, .text = "一种无人机电池快速更换装置，其特征在于，包括机架。"},
                   {.number = 2,
                    .text = "根据权利要求1所述的装置，其特征在于，电池仓可拆卸。",
                    .depends_on = {1}}};
  patent.applicants = {{.name = "山东某某航空科技有限公司",
                        .type = PartyType::kEnterprise,
                        .address = "山东省济南市历下区经十路100号",
                        .country = "CN",
                        .region_code = "370102"}};
  patent.inventors = {{.name = "张三"}, {.name = "李四"}};
  patent.agency = "济南诚智商标专利事务所有限公司";
  patent.ipc = {{.symbol = "B64D 47/00"}, {.symbol = "H01M 10/42"}};
  patent.ipc_main = "B64D 47/00";
  return patent;
}

template <typename Backend>
class PatentSearchTest : public db::testing::DatabaseTest<Backend> {
 protected:
  void SetUp() override {
    db::testing::DatabaseTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    ASSERT_TRUE(base::InitCrypto().ok());
    auto applied = db::Migrate(this->db(), Migrations());
    ASSERT_TRUE(applied.ok()) << applied.status();
    dir_ = fs::temp_directory_path() / ("iphub_search_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override {
    fs::remove_all(dir_);
    db::testing::DatabaseTest<Backend>::TearDown();
  }

  std::unique_ptr<PatentIndex> OpenIndex(IndexAccess access = IndexAccess::kWriter) {
    auto index = PatentIndex::Open(this->db(), dir_, clock_, access);
    EXPECT_TRUE(index.ok()) << index.status();
    return index.ok() ? std::move(*index) : nullptr;
  }

  void Store(const Patent& patent) {
    auto conn = this->db().Acquire();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE(store::UpsertPatent(**conn, patent, kNow).ok());
  }

  static std::vector<std::string> Keys(const PatentIndex& index, std::string_view query) {
    auto found = index.TopKeys(query, 100);
    EXPECT_TRUE(found.ok()) << query << ": " << found.status();
    return found.ok() ? found->second : std::vector<std::string>{};
  }

  fs::path dir_;
  base::FakeClock clock_{kNow};
};
TYPED_TEST_SUITE(PatentSearchTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(PatentSearchTest, MatchKeysChecksOnlyTheKeysGiven) {
  Patent drone = CnGrant();
  Patent other = CnGrant();
  other.publication_number = "CN104223591B";
  other.doc_number = "104223591";
  other.application_number = "201410513188.X";
  other.title = "一种灌溉控制器";
  other.abstract = "本发明公开了一种灌溉控制器。";
  other.claims = {{.number = 1, .text = "一种灌溉控制器。"}};
  this->Store(drone);
  this->Store(other);
  auto index = this->OpenIndex();
  ASSERT_NE(index, nullptr);
  ASSERT_EQ(index->CatchUp().value_or(-1), 2);
  const auto match = [&](std::string_view query, std::vector<std::string> keys) {
    auto found = index->MatchKeys(query, keys);
    EXPECT_TRUE(found.ok()) << found.status();
    return found.value_or(std::vector<std::string>{"error"});
  };
  EXPECT_THAT(match("TI=(无人机 电池)", {"CN104223591B", "CN104223590B", "CN0000000A"}),
              ElementsAre("CN104223590B"));
  EXPECT_THAT(match("TI=无人机 OR TI=灌溉", {"CN104223591B", "CN104223590B"}),
              ElementsAre("CN104223591B", "CN104223590B"));
  EXPECT_TRUE(match("TI=无人机", {"CN104223591B"}).empty());
  EXPECT_TRUE(match("TI=无人机", {}).empty());
  EXPECT_FALSE(index->MatchKeys("TI=(无人机", {"CN104223590B"}).ok());
}

TYPED_TEST(PatentSearchTest, FieldCodesReadValuesAsUsersWriteThem) {
  this->Store(CnGrant());
  auto index = this->OpenIndex();
  ASSERT_NE(index, nullptr);
  ASSERT_EQ(index->CatchUp().value_or(-1), 1);
  const auto found = [&](std::string_view query) {
    return this->Keys(*index, query) == std::vector<std::string>{"CN104223590B"};
  };
  for (std::string_view query : {"PN=CN104223590B",
                                 "PN=CN104223590",
                                 "PN=104223590",
                                 "PN=\"CN 104223590 B\"",
                                 "AN=201410513187.5",
                                 "AN=CN201410513187.5",
                                 "AN=201410513187",
                                 "AN=2014105131*",
                                 "IPC=B64D",
                                 "IPC=B64",
                                 "IPC=B",
                                 "IPC=B64D47",
                                 "IPC=B64D47/00",
                                 "IPC=\"h01m 10/42\"",
                                 "IPC=H01M10/*",
                                 "TI=无人机",
                                 "TI=(电池 4W 装置)",
                                 "AB=电池仓",
                                 "CL=可拆卸",
                                 "TA=电池仓",
                                 "TAC=可拆卸",
                                 "电池仓",
                                 "PA=航空科技",
                                 "IN=张三",
                                 "AG=诚智",
                                 "AD=2014",
                                 "AD=2014-09-29",
                                 "AD>=2014-09",
                                 "PD=[2017-01-01 TO 2017-12-31]",
                                 "GD<2018",
                                 "CO=CN",
                                 "CO=cn",
                                 "TYPE=发明",
                                 "TYPE=cn_invention_grant",
                                 "TYPE=invention",
                                 "LS=valid",
                                 "LS=有效",
                                 "LS=alive",
                                 "RG=370102",
                                 "RG=3701",
                                 "RG=37",
                                 "RG=济南",
                                 "RG=山东省",
                                 "RG=370100"}) {
    EXPECT_TRUE(found(query)) << query;
  }
  for (std::string_view query :
       {"PN=CN104223590A", "AN=201410513188.5", "IPC=B64C", "IPC=H01M10/44", "TI=无人驾驶",
        "TI=(电池 3W 装置)", "AD=2015", "CO=US", "TYPE=实用新型", "LS=lapsed", "LS=失效",
        "RG=110000", "RG=北京", "NOT TI=无人机"}) {
    EXPECT_TRUE(this->Keys(*index, query).empty()) << query;
  }
  for (std::string_view query : {"RG=火星", "PN=seven", "XX=1", "AD=soon"}) {
    auto count = index->Count(query);
    EXPECT_EQ(count.status().code(), absl::StatusCode::kInvalidArgument) << query;
    EXPECT_TRUE(engine::query::ErrorPosition(count.status()).has_value()) << query;
  }
}

TYPED_TEST(PatentSearchTest, SearchAnswersWithHitsFacetsAndHighlights) {
  this->Store(CnGrant());
  Patent other = CnGrant();
  other.publication_number = "CN104223590A";
  other.kind = "A";
  other.type = DocumentType::kCnInventionApplication;
  other.grant_date.clear();
  other.publication_date = "2014-12-24";
  this->Store(other);
  auto index = this->OpenIndex();
  ASSERT_NE(index, nullptr);
  ASSERT_TRUE(index->CatchUp().ok());
  auto result = index->Search({.query = "TI=电池",
                               .sort = "-publication_date",
                               .facets = {"year", "type", "province", "ipc_class"}});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->total, 2u);
  ASSERT_EQ(result->hits.size(), 2u);
  EXPECT_EQ(result->hits[0].publication_number, "CN104223590B");
  EXPECT_EQ(result->hits[0].publication_date, "2017-03-15");
  EXPECT_EQ(result->hits[0].application_number, "201410513187.5");
  EXPECT_EQ(result->hits[0].legal_status, "valid");
  EXPECT_THAT(result->hits[0].applicants, ElementsAre("山东某某航空科技有限公司"));
  EXPECT_EQ(result->hits[0].title_html, "一种无人机<em>电池</em>快速更换装置");
  EXPECT_EQ(result->hits[1].publication_number, "CN104223590A");
  ASSERT_EQ(result->facets.size(), 4u);
  EXPECT_EQ(result->facets[0].first, "year");
  EXPECT_EQ(result->facets[0].second[0].value, "2014");
  EXPECT_EQ(result->facets[0].second[0].count, 2u);
  EXPECT_EQ(result->facets[1].second.size(), 2u);  // two document types
  EXPECT_EQ(result->facets[2].second[0].value, "370000");
  EXPECT_EQ(result->facets[3].second.size(), 2u);  // B64 and H01
  EXPECT_EQ(index->Search({.query = "TI=电池", .sort = "size"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(index->Search({.query = "TI=电池", .facets = {"colour"}}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TYPED_TEST(PatentSearchTest, SuggestsApplicantsInventorsAndClasses) {
  this->Store(CnGrant());
  auto index = this->OpenIndex();
  ASSERT_NE(index, nullptr);
  ASSERT_TRUE(index->CatchUp().ok());
  auto applicants = index->Suggest("applicant", "山东", 10);
  ASSERT_TRUE(applicants.ok());
  ASSERT_EQ(applicants->size(), 1u);
  EXPECT_EQ((*applicants)[0].value, "山东某某航空科技有限公司");
  EXPECT_EQ(index->Suggest("ipc", "h01m 10", 10)->at(0).value, "H01M10/42");
  EXPECT_EQ(index->Suggest("inventor", "李", 10)->at(0).value, "李四");
  EXPECT_TRUE(index->Suggest("applicant", "北京", 10)->empty());
  EXPECT_EQ(index->Suggest("title", "一", 10).status().code(), absl::StatusCode::kInvalidArgument);
}

// Runs an export to the end and returns the file.
std::string Drain(PatentExport& file) {
  std::string out, chunk;
  for (int pieces = 0; pieces < 100000; ++pieces) {
    absl::StatusOr<bool> more = file.next(chunk);
    EXPECT_TRUE(more.ok()) << more.status();
    if (!more.ok()) break;
    out += chunk;
    if (!*more) break;
  }
  return out;
}

// Value scores kept beside the index: hits sorted by them (without one: last), filtered by a
// minimum before counting and facets, and shown on each hit; without scores, asking for
// either is FailedPrecondition.
TYPED_TEST(PatentSearchTest, SortsAndFiltersByValueScores) {
  const std::vector<std::pair<std::string, std::string>> patents = {{"104223591", "2015-01-01"},
                                                                    {"104223592", "2016-01-01"},
                                                                    {"104223593", "2017-01-01"},
                                                                    {"104223594", "2018-01-01"}};
  for (const auto& [number, filed] : patents) {
    Patent patent = CnGrant();
    patent.doc_number = number;
    patent.publication_number = "CN" + number + "B";
    patent.application_number = filed.substr(0, 4) + "10513187.5";
    patent.application_date = filed;
    this->Store(patent);
  }
  auto index = this->OpenIndex();
  ASSERT_NE(index, nullptr);
  ASSERT_TRUE(index->CatchUp().ok());
  EXPECT_EQ(index->Search({.query = "TI=电池", .sort = "-value"}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(index->Search({.query = "TI=电池", .min_value = 50}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  auto plain = index->Search({.query = "TI=电池"});
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->hits[0].value.has_value());

  auto scores = std::make_shared<ValueScores>("portfolio_grading");
  scores->Add("CN104223591B", 61.04);
  scores->Add("CN104223592B", 88.25);
  scores->Add("CN104223593B", 72.25);  // CN104223594B: none
  index->SetValueScores(scores);

  auto best = index->Search({.query = "TI=电池", .sort = "-value", .facets = {"year"}});
  ASSERT_TRUE(best.ok()) << best.status();
  EXPECT_EQ(best->total, 4u);
  std::vector<std::string> order;
  for (const PatentHit& hit : best->hits) order.push_back(hit.publication_number);
  EXPECT_THAT(order, ElementsAre("CN104223592B", "CN104223593B", "CN104223591B", "CN104223594B"));
  EXPECT_EQ(best->hits[0].value, 88.3);  // one decimal
  EXPECT_FALSE(best->hits[3].value.has_value());
  auto worst = index->Search({.query = "TI=电池", .sort = "value", .limit = 1});
  ASSERT_TRUE(worst.ok());
  EXPECT_EQ(worst->hits[0].publication_number, "CN104223591B");

  // At least 72.25: 88.3 and 72.3 (72.25 is kept as 72.3), counted and faceted alone.
  auto high = index->Search(
      {.query = "TI=电池", .sort = "application_date", .min_value = 72.25, .facets = {"year"}});
  ASSERT_TRUE(high.ok()) << high.status();
  EXPECT_EQ(high->total, 2u);
  order.clear();
  for (const PatentHit& hit : high->hits) order.push_back(hit.publication_number);
  EXPECT_THAT(order, ElementsAre("CN104223592B", "CN104223593B"));
  ASSERT_EQ(high->facets.size(), 1u);
  ASSERT_EQ(high->facets[0].second.size(), 2u);
  EXPECT_EQ(high->facets[0].second[0].count + high->facets[0].second[1].count, 2u);
  auto above = index->Search({.query = "TI=电池", .min_value = 72.31});
  ASSERT_TRUE(above.ok());
  EXPECT_EQ(above->total, 1u);
  EXPECT_EQ(index->Search({.query = "TI=电池", .min_value = 101}).status().code(),
            absl::StatusCode::kInvalidArgument);
  // The export follows the same order and minimum.
  auto file = index->Export({.query = "TI=电池", .sort = "-value", .min_value = 60, .limit = 10},
                            base::TableFormat::kCsv, /*english_headers=*/true);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->total, 3u);
  const std::string csv = Drain(*file);
  const size_t first = csv.find("CN104223592B"), second = csv.find("CN104223593B"),
               third = csv.find("CN104223591B");
  EXPECT_NE(first, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
  EXPECT_EQ(csv.find("CN104223594B"), std::string::npos);
}

TYPED_TEST(PatentSearchTest, ExportedFilesImportAgainAsTheSameRecords) {
  Patent application = CnGrant();
  application.publication_number = "CN104223590A";
  application.kind = "A";
  application.type = DocumentType::kCnInventionApplication;
  application.grant_date.clear();
  application.publication_date = "2014-12-24";
  this->Store(application);
  this->Store(CnGrant());
  auto index = this->OpenIndex();
  ASSERT_NE(index, nullptr);
  ASSERT_TRUE(index->CatchUp().ok());
  for (base::TableFormat format : {base::TableFormat::kCsv, base::TableFormat::kXlsx}) {
    auto file = index->Export({.query = "TI=无人机", .sort = "-publication_date", .limit = 10},
                              format, /*english_headers=*/false);
    ASSERT_TRUE(file.ok()) << file.status();
    EXPECT_EQ(file->total, 2u);
    EXPECT_EQ(file->rows, 2u);
    const std::string bytes = Drain(*file);
    std::vector<Patent> read;
    const importers::RowSink sink = [&](importers::RowResult row) -> absl::Status {
      EXPECT_TRUE(row.patent.ok()) << row.patent.status();
      if (row.patent.ok()) read.push_back(*row.patent);
      return absl::OkStatus();
    };
    const absl::Status status = format == base::TableFormat::kCsv
                                    ? importers::ReadCsv(bytes, sink)
                                    : importers::ReadXlsx(bytes, sink);
    ASSERT_TRUE(status.ok()) << status;
    ASSERT_EQ(read.size(), 2u);
    // Newest publication first, as asked.
    EXPECT_EQ(read[0].publication_number, "CN104223590B");
    EXPECT_EQ(read[1].publication_number, "CN104223590A");
    const Patent expected = CnGrant();
    EXPECT_EQ(read[0].title, expected.title);
    EXPECT_EQ(read[0].abstract, expected.abstract);
    EXPECT_EQ(read[0].application_number, expected.application_number);
    EXPECT_EQ(read[0].application_date, expected.application_date);
    EXPECT_EQ(read[0].publication_date, expected.publication_date);
    ASSERT_EQ(read[0].applicants.size(), 1u);
    EXPECT_EQ(read[0].applicants[0].name, expected.applicants[0].name);
    ASSERT_EQ(read[0].inventors.size(), 2u);
    EXPECT_EQ(read[0].inventors[1].name, "李四");
    EXPECT_EQ(read[0].ipc.size(), 2u);
    EXPECT_EQ(read[0].type, DocumentType::kCnInventionGrant);
    ASSERT_FALSE(read[0].claims.empty());
    EXPECT_EQ(read[0].claims[0].text, expected.claims[0].text);
  }
  auto limited = index->Export({.query = "TI=无人机", .limit = 1}, base::TableFormat::kCsv, true);
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(limited->total, 2u);
  EXPECT_EQ(limited->rows, 1u);
  const std::string english = Drain(*limited);
  EXPECT_TRUE(english.starts_with("\xEF\xBB\xBF\"Publication Number\",\"Title\""));
  EXPECT_EQ(
      index->Export({.query = "TI=(", .limit = 1}, base::TableFormat::kCsv, false).status().code(),
      absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      index->Export({.query = "TI=a", .limit = kMaxExportRows + 1}, base::TableFormat::kCsv, false)
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
}

TYPED_TEST(PatentSearchTest, CatchUpIndexesOnlyNewChangesAndReplacesUpdatedRecords) {
  this->Store(CnGrant());
  auto index = this->OpenIndex();
  ASSERT_NE(index, nullptr);
  EXPECT_EQ(index->CatchUp().value_or(-1), 1);
  EXPECT_EQ(index->CatchUp().value_or(-1), 0);
  Patent changed = CnGrant();
  changed.title = "一种飞行器动力模块";
  this->Store(changed);
  EXPECT_EQ(index->CatchUp().value_or(-1), 1);
  EXPECT_TRUE(this->Keys(*index, "TI=无人机").empty());
  EXPECT_THAT(this->Keys(*index, "TI=飞行器"), ElementsAre("CN104223590B"));
  EXPECT_EQ(index->Count("NOT CO=ZZ").value_or(0), 1u);
  auto info = index->Info();
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->applied_change, info->latest_change);
  EXPECT_EQ(info->documents, 1u);
}

TYPED_TEST(PatentSearchTest, LegalStatusFollowsTheDateWithoutNewData) {
  // A utility model filed 2016-12-01 is in force until its ten-year term ends
  // on 2026-12-01; "today" is 2026-11-28. A grant with a lapse recorded for a
  // later day lapses on that day.
  Patent model = CnGrant();
  model.publication_number = "CN206000001U";
  model.doc_number = "206000001";
  model.kind = "U";
  model.type = DocumentType::kCnUtilityModel;
  model.application_number = "201621300001.X";
  model.application_date = "2016-12-01";
  this->Store(model);
  Patent grant = CnGrant();
  grant.legal_events = {{"CF01", "2026-11-30", "未缴年费专利权终止"}};
  this->Store(grant);
  auto index = this->OpenIndex();
  ASSERT_NE(index, nullptr);
  ASSERT_EQ(index->CatchUp().value_or(-1), 2);
  EXPECT_EQ(index->Count("LS=valid").value_or(0), 2u);
  EXPECT_EQ(index->RefreshStatuses().value_or(-1), 0);  // nothing due yet

  this->clock_.Advance(2 * 24 * 3600 * 1000LL);  // 2026-11-30: the lapse takes effect
  EXPECT_EQ(index->RefreshStatuses().value_or(-1), 1);
  EXPECT_THAT(this->Keys(*index, "LS=lapsed"), ElementsAre("CN104223590B"));
  EXPECT_THAT(this->Keys(*index, "LS=valid"), ElementsAre("CN206000001U"));
  EXPECT_EQ(index->RefreshStatuses().value_or(-1), 0);  // done once

  this->clock_.Advance(2 * 24 * 3600 * 1000LL);  // 2026-12-02: the term has ended
  EXPECT_EQ(index->RefreshStatuses().value_or(-1), 1);
  EXPECT_THAT(this->Keys(*index, "LS=expired"), ElementsAre("CN206000001U"));
  EXPECT_EQ(index->Count("LS=valid").value_or(0), 0u);
  EXPECT_EQ(index->Count("LS=dead").value_or(0), 2u);
  // The code that finds them is not part of the query language.
  EXPECT_FALSE(index->Count("STATUSCHANGESON<=2030").ok());
}

TYPED_TEST(PatentSearchTest, OneProcessWritesOthersRead) {
  this->Store(CnGrant());
  auto writer = this->OpenIndex();
  ASSERT_NE(writer, nullptr);
  ASSERT_TRUE(writer->CatchUp().ok());
  auto second = PatentIndex::Open(this->db(), this->dir_, this->clock_, IndexAccess::kWriter);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  auto reader = this->OpenIndex(IndexAccess::kReader);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->Count("TI=无人机").value_or(0), 1u);
  EXPECT_EQ(reader->CatchUp().status().code(), absl::StatusCode::kFailedPrecondition);
  writer.reset();
  EXPECT_NE(this->OpenIndex(), nullptr);  // the lock went with the writer
}

TYPED_TEST(PatentSearchTest, RealFilesAreFoundByTheirNumbersTitlesAndClasses) {
  ImportOptions options;
  options.clock = &this->clock_;
  auto imported = ImportFiles(this->db(),
                              {SharedData("cn_patents/cnipa_xml/cn_new1.xml"),
                               SharedData("cn_patents/cnipa_xml/cn_new2.xml"),
                               SharedData("cn_patents/cnipa_xml/cn_old1.xml"),
                               SharedData("cn_patents/cnipa_xml/cn_old2.xml"),
                               SharedData("uspto/go-uspto/grant/v4-5-B2.xml"),
                               SharedData("uspto/go-uspto/grant/US07057742-20060606.XML")},
                              options);
  ASSERT_TRUE(imported.ok()) << imported.status();
  auto conn = this->db().Acquire();
  ASSERT_TRUE(conn.ok());
  auto page = store::ListPatents(**conn, {}, 100, 0);
  ASSERT_TRUE(page.ok());
  ASSERT_GE(page->items.size(), 4u);

  auto index = this->OpenIndex();
  ASSERT_NE(index, nullptr);
  ASSERT_EQ(index->CatchUp().value_or(-1), static_cast<int64_t>(page->items.size()));
  EXPECT_EQ(index->Count("NOT CO=ZZ").value_or(0), page->items.size());
  for (const store::StoredPatent& stored : page->items) {
    const std::string& number = stored.publication_number;
    EXPECT_THAT(this->Keys(*index, "PN=" + number), ElementsAre(number));
    EXPECT_THAT(this->Keys(*index, "AN=\"" + stored.application_number + "\""), Contains(number))
        << stored.application_number;
    if (!stored.title.empty()) {
      std::string phrase;
      for (char c : stored.title) phrase += c == '"' ? ' ' : c;
      EXPECT_THAT(this->Keys(*index, "TI=\"" + phrase + "\""), Contains(number)) << phrase;
    }
    if (stored.ipc_main.size() >= 4) {
      EXPECT_THAT(this->Keys(*index, "IPC=" + stored.ipc_main.substr(0, 4)), Contains(number));
    }
    EXPECT_THAT(this->Keys(*index, "CO=" + stored.country), Contains(number));
    EXPECT_THAT(this->Keys(*index, "AD=" + stored.application_date.substr(0, 4)), Contains(number));
  }
  // Rebuilding from nothing answers the same.
  const uint64_t before = index->Count("NOT CO=CN").value_or(0);
  auto rebuilt = index->Rebuild();
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status();
  EXPECT_EQ(*rebuilt, static_cast<int64_t>(page->items.size()));
  EXPECT_EQ(index->Count("NOT CO=CN").value_or(0), before);
  EXPECT_EQ(index->Info()->segments, 1u);
}

}  // namespace
}  // namespace iphub::patents
