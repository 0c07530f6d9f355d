#include "iphub/patents/applicant_aliases.h"

#include <unistd.h>

#include <filesystem>
#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iphub/auth/audit.h"
#include "iphub/auth/migrations.h"
#include "iphub/base/crypto.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"
#include "iphub/patents/migrations.h"
#include "iphub/patents/search.h"
#include "iphub/patents/store.h"
#include "nlohmann/json.hpp"

namespace iphub::patents {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// 2026-11-28 12:00 in Shanghai.
constexpr int64_t kNow = 1795795200000LL + 4 * 3600 * 1000;

const auth::Principal kOfficial{.user_id = 7,
                                .username = "jinan-official",
                                .role = auth::Role::kOfficial,
                                .region_code = "370100"};
const auth::Principal kMember{
    .user_id = 8, .username = "member", .role = auth::Role::kMember, .organization_id = 3};

Patent CnPatent(int serial, std::vector<std::string> applicants) {
  Patent patent;
  patent.country = "CN";
  patent.doc_number = std::to_string(110000000 + serial);
  patent.kind = "A";
  patent.publication_number = "CN" + patent.doc_number + "A";
  patent.type = DocumentType::kCnInventionApplication;
  patent.application_date = "2021-05-10";
  patent.publication_date = "2022-01-04";
  patent.language = "zh";
  patent.title = "一种储能电池热管理系统";
  for (std::string& name : applicants) patent.applicants.push_back({.name = std::move(name)});
  return patent;
}

template <typename Backend>
class ApplicantAliasTest : public db::testing::DatabaseTest<Backend> {
 protected:
  void SetUp() override {
    db::testing::DatabaseTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    ASSERT_TRUE(base::InitCrypto().ok());
    std::vector<db::Migration> all;
    for (const auto& migration : auth::Migrations()) all.push_back(migration);
    for (const auto& migration : Migrations()) all.push_back(migration);
    auto applied = db::Migrate(this->db(), all);
    ASSERT_TRUE(applied.ok()) << applied.status();
    static int counter = 0;
    dir_ =
        fs::temp_directory_path() / base::StrCat("iphub_alias_test_", ::getpid(), "_", ++counter);
    fs::remove_all(dir_);
    service_ = std::make_unique<ApplicantAliasService>(this->db(), clock_);
  }
  void TearDown() override {
    fs::remove_all(dir_);
    db::testing::DatabaseTest<Backend>::TearDown();
  }

  std::map<std::string, std::string> Stored() {
    auto conn = this->db().Acquire();
    EXPECT_TRUE(conn.ok());
    auto map = LoadApplicantAliases(**conn);
    EXPECT_TRUE(map.ok()) << map.status();
    return map.ok() ? std::map<std::string, std::string>(map->canonical_of.begin(),
                                                         map->canonical_of.end())
                    : std::map<std::string, std::string>{};
  }

  std::vector<std::string> AuditActions() {
    auto conn = this->db().Acquire();
    EXPECT_TRUE(conn.ok());
    auto listed = auth::ListAudit(**conn, {.limit = 100});
    EXPECT_TRUE(listed.ok());
    std::vector<std::string> out;
    for (const auth::AuditEntry& entry : listed->first) {
      out.push_back(base::StrCat(entry.action, " ", entry.entity_id));
    }
    auto verified = auth::VerifyAudit(**conn);
    EXPECT_TRUE(verified.ok() && verified->intact);
    return out;
  }

  void Store(const Patent& patent) {
    auto conn = this->db().Acquire();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE(store::UpsertPatent(**conn, patent, kNow).ok());
  }

  fs::path dir_;
  base::FakeClock clock_{kNow};
  std::unique_ptr<ApplicantAliasService> service_;
};
TYPED_TEST_SUITE(ApplicantAliasTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(ApplicantAliasTest, MergeNormalisesNamesAndRecordsEventsAndAudit) {
  IPHUB_ASSERT_OK_AND_ASSIGN(
      std::vector<AliasEvent> events,
      this->service_->Merge(
          &kOfficial, {.canonical = "华为技术有限公司",
                       .names = {"Huawei Technologies Co., Ltd.", "华为技术（深圳）股份有限公司",
                                 "HUAWEI TECHNOLOGIES CO LTD"},
                       .note = "英文名与分公司"}));
  ASSERT_EQ(events.size(), 2u);  // the two English spellings are one name
  EXPECT_EQ(events[0].kind, "merge");
  EXPECT_EQ(events[0].name, "HUAWEI TECHNOLOGIES CO LTD");
  EXPECT_EQ(events[0].canonical, "华为技术有限公司");
  EXPECT_EQ(events[0].previous, "");
  EXPECT_EQ(events[1].name, "华为技术(深圳)有限公司");
  EXPECT_EQ(events[0].actor, "jinan-official");
  EXPECT_EQ(events[0].note, "英文名与分公司");
  EXPECT_LT(events[0].seq, events[1].seq);
  EXPECT_EQ(this->Stored(),
            (std::map<std::string, std::string>{{"HUAWEI TECHNOLOGIES CO LTD", "华为技术有限公司"},
                                                {"华为技术(深圳)有限公司", "华为技术有限公司"}}));
  EXPECT_THAT(this->AuditActions(), ElementsAre("applicant.merge 华为技术有限公司"));

  // Merging again changes nothing and writes nothing.
  IPHUB_ASSERT_OK_AND_ASSIGN(
      std::vector<AliasEvent> again,
      this->service_->Merge(
          &kOfficial, {.canonical = "华为技术有限公司", .names = {"华为技术(深圳)有限责任公司"}}));
  EXPECT_THAT(again, IsEmpty());
  EXPECT_EQ(this->AuditActions().size(), 1u);

  IPHUB_ASSERT_OK_AND_ASSIGN(auto group, this->service_->Group("huawei technologies co.,ltd"));
  EXPECT_EQ(group.first, "华为技术有限公司");
  EXPECT_THAT(group.second, ElementsAre("华为技术有限公司", "HUAWEI TECHNOLOGIES CO LTD",
                                        "华为技术(深圳)有限公司"));
  IPHUB_ASSERT_OK_AND_ASSIGN(auto listed, this->service_->List("huawei", 10, 0));
  EXPECT_EQ(listed.total, 1);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto history, this->service_->Events("", 10, 0));
  EXPECT_EQ(history.total, 2);
  EXPECT_EQ(history.items[0].seq, events[1].seq);  // newest first
}

TYPED_TEST(ApplicantAliasTest, BadRequestsNameTheFieldAndChangeNothing) {
  auto merge = [&](MergeRequest request) {
    return this->service_->Merge(&kOfficial, request).status();
  };
  absl::Status empty = merge({.canonical = " ,. ", .names = {"A CO LTD"}});
  EXPECT_EQ(empty.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(base::FieldOf(empty), "canonical");
  absl::Status second = merge({.canonical = "甲公司", .names = {"乙公司", "、", "丙公司"}});
  EXPECT_EQ(base::FieldOf(second), "names[1]");
  absl::Status itself = merge({.canonical = "甲公司", .names = {"乙公司", "甲 公司"}});
  EXPECT_EQ(base::FieldOf(itself), "names[1]");
  EXPECT_EQ(base::FieldOf(merge({.canonical = "甲公司", .names = {}})), "names");
  absl::Status long_note =
      merge({.canonical = "甲公司", .names = {"乙公司"}, .note = std::string(501, 'x')});
  EXPECT_EQ(base::FieldOf(long_note), "note");
  EXPECT_EQ(
      this->service_->Merge(&kMember, {.canonical = "甲公司", .names = {"乙公司"}}).status().code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(
      this->service_->Merge(nullptr, {.canonical = "甲公司", .names = {"乙公司"}}).status().code(),
      absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(this->service_->Split(&kOfficial, "乙公司", "").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_THAT(this->Stored(), IsEmpty());
  EXPECT_THAT(this->AuditActions(), IsEmpty());
}

TYPED_TEST(ApplicantAliasTest, MergingIntoAMergedNameOrMergingACanonicalNameNeverChains) {
  IPHUB_ASSERT_OK(
      this->service_->Merge(&kOfficial, {.canonical = "甲公司", .names = {"甲公司旧名"}}).status());
  // Into a merged name: goes to its canonical name.
  IPHUB_ASSERT_OK(
      this->service_->Merge(&kOfficial, {.canonical = "甲公司旧名", .names = {"JIA CO LTD"}})
          .status());
  // A canonical name with its group into another: the whole group moves.
  IPHUB_ASSERT_OK_AND_ASSIGN(
      std::vector<AliasEvent> moved,
      this->service_->Merge(&kOfficial, {.canonical = "甲集团有限公司", .names = {"甲公司"}}));
  ASSERT_EQ(moved.size(), 3u);
  EXPECT_EQ(moved[0].name, "甲公司");
  EXPECT_EQ(moved[1].previous, "甲公司");
  EXPECT_EQ(this->Stored(), (std::map<std::string, std::string>{{"JIA CO LTD", "甲集团有限公司"},
                                                                {"甲公司", "甲集团有限公司"},
                                                                {"甲公司旧名", "甲集团有限公司"}}));
  // A merged name cannot take its own canonical name in.
  absl::Status reversed =
      this->service_->Merge(&kOfficial, {.canonical = "甲公司", .names = {"甲集团有限公司"}})
          .status();
  EXPECT_EQ(reversed.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(reversed.message()), ::testing::HasSubstr("canonical name"));
}

TYPED_TEST(ApplicantAliasTest, SplitAndUndoReverseEachOtherAndRefuseStaleUndo) {
  IPHUB_ASSERT_OK_AND_ASSIGN(
      std::vector<AliasEvent> merged,
      this->service_->Merge(&kOfficial, {.canonical = "乙公司", .names = {"丙公司", "丁公司"}}));
  IPHUB_ASSERT_OK_AND_ASSIGN(AliasEvent split,
                             this->service_->Split(&kOfficial, "丙 公司", "不是同一家"));
  EXPECT_EQ(split.kind, "split");
  EXPECT_EQ(split.canonical, "乙公司");
  EXPECT_EQ(this->Stored(), (std::map<std::string, std::string>{{"丁公司", "乙公司"}}));

  // Undoing the split merges it again; undoing the first merge then splits it.
  IPHUB_ASSERT_OK_AND_ASSIGN(std::vector<AliasEvent> redone,
                             this->service_->Undo(&kOfficial, split.seq, ""));
  ASSERT_EQ(redone.size(), 1u);
  EXPECT_EQ(redone[0].kind, "merge");
  EXPECT_EQ(redone[0].undoes, split.seq);
  EXPECT_EQ(this->Stored(),
            (std::map<std::string, std::string>{{"丁公司", "乙公司"}, {"丙公司", "乙公司"}}));
  IPHUB_ASSERT_OK(this->service_->Undo(&kOfficial, merged[1].seq, "").status());  // 丁公司
  EXPECT_EQ(this->Stored(), (std::map<std::string, std::string>{{"丙公司", "乙公司"}}));

  // Stale: 丙公司 moved elsewhere since the split was undone.
  IPHUB_ASSERT_OK(
      this->service_->Merge(&kOfficial, {.canonical = "戊公司", .names = {"丙公司"}}).status());
  absl::Status stale = this->service_->Undo(&kOfficial, redone[0].seq, "").status();
  EXPECT_EQ(stale.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(stale.message()), ::testing::HasSubstr("戊公司"));
  // Undoing that last merge puts it back under 乙公司 (where it was before).
  IPHUB_ASSERT_OK_AND_ASSIGN(auto history, this->service_->Events("丙公司", 1, 0));
  IPHUB_ASSERT_OK_AND_ASSIGN(std::vector<AliasEvent> back,
                             this->service_->Undo(&kOfficial, history.items[0].seq, ""));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].canonical, "乙公司");
  EXPECT_EQ(back[0].previous, "戊公司");
  EXPECT_EQ(this->service_->Undo(&kOfficial, 999999, "").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(this->AuditActions().size(), 6u);
}

// The index follows the aliases: PAN=, the applicant facet and landscapes count
// the canonical name; a split restores the old counts.
TYPED_TEST(ApplicantAliasTest, IndexCountsCanonicalNamesAndFollowsSplits) {
  this->Store(CnPatent(1, {"华为技术有限公司"}));
  this->Store(CnPatent(2, {"Huawei Technologies Co., Ltd."}));
  this->Store(CnPatent(3, {"HUAWEI TECHNOLOGIES CO LTD", "清华大学"}));
  this->Store(CnPatent(4, {"中兴通讯股份有限公司"}));
  auto opened = PatentIndex::Open(this->db(), this->dir_, this->clock_, IndexAccess::kWriter);
  ASSERT_TRUE(opened.ok()) << opened.status();
  std::unique_ptr<PatentIndex> index = std::move(*opened);
  IPHUB_ASSERT_OK(index->CatchUp().status());
  auto applicants = [&]() {
    auto found = index->Search({.query = "储能", .limit = 0, .facets = {"applicant"}});
    EXPECT_TRUE(found.ok()) << found.status();
    std::map<std::string, uint64_t> out;
    for (const auto& value : found->facets.at(0).second) out[value.value] = value.count;
    return out;
  };
  auto count = [&](std::string_view query) {
    auto counted = index->Count(query);
    EXPECT_TRUE(counted.ok()) << counted.status();
    return counted.value_or(0);
  };
  EXPECT_EQ(applicants(), (std::map<std::string, uint64_t>{{"HUAWEI TECHNOLOGIES CO LTD", 2},
                                                           {"中兴通讯有限公司", 1},
                                                           {"华为技术有限公司", 1},
                                                           {"清华大学", 1}}));
  EXPECT_EQ(count("PAN=\"华为技术有限公司\""), 1u);

  IPHUB_ASSERT_OK_AND_ASSIGN(
      std::vector<AliasEvent> merged,
      this->service_->Merge(
          &kOfficial, {.canonical = "华为技术有限公司", .names = {"HUAWEI TECHNOLOGIES CO LTD"}}));
  IPHUB_ASSERT_OK_AND_ASSIGN(int64_t indexed, index->CatchUp());
  EXPECT_EQ(indexed, 0);  // no new patents: the two re-indexed are not imports
  EXPECT_EQ(applicants(), (std::map<std::string, uint64_t>{
                              {"中兴通讯有限公司", 1}, {"华为技术有限公司", 3}, {"清华大学", 1}}));
  EXPECT_EQ(count("PAN=\"华为技术有限公司\""), 3u);
  EXPECT_EQ(count("PAN=\"Huawei Technologies Co., Ltd.\""), 3u);  // a merged spelling
  EXPECT_EQ(count("PAN=HUAWEI*"), 0u);  // truncation runs over the names as counted
  EXPECT_EQ(count("PAN=\"清华大学\" AND PAN=\"华为技术有限公司\""), 1u);
  IPHUB_ASSERT_OK_AND_ASSIGN(IndexInfo info, index->Info());
  EXPECT_EQ(info.applied_aliases, merged.back().seq);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto landscape, index->BuildLandscape({.query = "储能", .top = 10}));
  ASSERT_FALSE(landscape.applicants.empty());
  EXPECT_EQ(landscape.applicants[0].name, "华为技术有限公司");
  EXPECT_EQ(landscape.applicants[0].count, 3u);

  // A patent imported afterwards is indexed under the canonical name directly.
  this->Store(CnPatent(5, {"Huawei Technologies Co Ltd"}));
  IPHUB_ASSERT_OK_AND_ASSIGN(indexed, index->CatchUp());
  EXPECT_EQ(indexed, 1);
  EXPECT_EQ(count("PAN=\"华为技术有限公司\""), 4u);

  // A reopened index (as after a restart) resolves the same way.
  index.reset();
  opened = PatentIndex::Open(this->db(), this->dir_, this->clock_, IndexAccess::kWriter);
  ASSERT_TRUE(opened.ok()) << opened.status();
  index = std::move(*opened);
  EXPECT_EQ(count("PAN=\"HUAWEI TECHNOLOGIES CO LTD\""), 4u);

  IPHUB_ASSERT_OK(this->service_->Split(&kOfficial, "HUAWEI TECHNOLOGIES CO LTD", "").status());
  IPHUB_ASSERT_OK(index->CatchUp().status());
  EXPECT_EQ(applicants(), (std::map<std::string, uint64_t>{{"HUAWEI TECHNOLOGIES CO LTD", 3},
                                                           {"中兴通讯有限公司", 1},
                                                           {"华为技术有限公司", 1},
                                                           {"清华大学", 1}}));
  EXPECT_EQ(count("PAN=\"Huawei Technologies Co., Ltd.\""), 3u);

  // A rebuild from nothing indexes with the aliases as they are.
  IPHUB_ASSERT_OK(this->service_->Undo(&kOfficial, merged.back().seq + 1, "").status());
  IPHUB_ASSERT_OK(index->Rebuild(nullptr, /*build_similar=*/false).status());
  EXPECT_EQ(count("PAN=\"华为技术有限公司\""), 4u);
  EXPECT_EQ(count("PAN=\"中兴通讯有限公司\""), 1u);
}

}  // namespace
}  // namespace iphub::patents
