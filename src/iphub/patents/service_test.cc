#include "iphub/patents/service.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "iphub/auth/audit.h"
#include "iphub/auth/migrations.h"
#include "iphub/base/crypto.h"
#include "iphub/base/status.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"
#include "iphub/patents/migrations.h"
#include "iphub/patents/store.h"

namespace iphub::patents {
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

// 2026-11-28 12:00 in Shanghai.
constexpr int64_t kNow = 1795795200000LL + 4 * 3600 * 1000;

Patent UsGrant(std::string number, std::string filed, std::vector<std::string> cites = {}) {
  Patent patent;
  patent.country = "US";
  patent.doc_number = number;
  patent.kind = "B2";
  patent.publication_number = "US" + number + "B2";
  patent.type = DocumentType::kUsUtilityGrant;
  patent.application_number = "1" + number;
  patent.application_date = filed;
  patent.publication_date = patent.grant_date = "2010-06-01";
  patent.title = "Widget " + number;
  for (auto& cited : cites) {
    patent.citations.push_back({.kind = Citation::Kind::kPatent,
                                .by = Citation::By::kExaminer,
                                .country = "US",
                                .number = cited,
                                .kind_code = "A"});
  }
  return patent;
}

template <typename Backend>
class PatentServiceTest : public db::testing::DatabaseTest<Backend> {
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
    upload_dir_ = (std::filesystem::temp_directory_path() /
                   ("iphub_service_test_" + std::to_string(::getpid())))
                      .string();
    service_.emplace(this->db(), clock_, upload_dir_);
  }
  void TearDown() override {
    std::filesystem::remove_all(upload_dir_);
    db::testing::DatabaseTest<Backend>::TearDown();
  }

  void Store(const Patent& patent) {
    auto conn = this->db().Acquire();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE(store::UpsertPatent(**conn, patent, kNow).ok());
  }

  base::FakeClock clock_{kNow};
  std::string upload_dir_;
  std::optional<PatentService> service_;
  const auth::Principal official_{.user_id = 7,
                                  .username = "jn_official",
                                  .role = auth::Role::kOfficial,
                                  .region_code = "370100"};
};
TYPED_TEST_SUITE(PatentServiceTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(PatentServiceTest, FindsADocumentHoweverItsNumberIsWritten) {
  this->Store(UsGrant("7473466", "2004-01-20"));
  for (std::string_view written :
       {"US 7,473,466 B2", "US7473466", "us07473466b2", "7473466", "17473466"}) {
    auto detail = this->service_->Get(nullptr, written);
    ASSERT_TRUE(detail.ok()) << written << ": " << detail.status();
    EXPECT_EQ(detail->patent.publication_number, "US7473466B2") << written;
  }
  EXPECT_TRUE(absl::IsNotFound(this->service_->Get(nullptr, "US7473466B1").status()));
  EXPECT_TRUE(absl::IsNotFound(this->service_->Get(nullptr, "US7473467").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(this->service_->Get(nullptr, "seven").status()));
}

TYPED_TEST(PatentServiceTest, CitedByFindsDocumentsImportedBeforeAndAfter) {
  // The citing document is stored before the cited one exists.
  this->Store(UsGrant("9000001", "2012-01-01", {"07473466", "5000000"}));
  this->Store(UsGrant("7473466", "2004-01-20"));
  this->Store(UsGrant("9000002", "2013-01-01", {"7473466"}));
  auto detail = this->service_->Get(nullptr, "US7473466");
  ASSERT_TRUE(detail.ok()) << detail.status();
  std::vector<std::string> citing;
  for (const auto& stored : detail->cited_by) citing.push_back(stored.publication_number);
  std::sort(citing.begin(), citing.end());
  EXPECT_EQ(citing, (std::vector<std::string>{"US9000001B2", "US9000002B2"}));
  // Re-storing a changed record replaces its citations rather than adding to them.
  Patent changed = UsGrant("9000002", "2013-01-01", {"5000000"});
  this->Store(changed);
  detail = this->service_->Get(nullptr, "US7473466");
  ASSERT_TRUE(detail.ok());
  ASSERT_EQ(detail->cited_by.size(), 1u);
  EXPECT_EQ(detail->cited_by[0].publication_number, "US9000001B2");
}

TYPED_TEST(PatentServiceTest, ApplicationNumberFindsTheLatestPublicationAndItsSiblings) {
  Patent application;
  application.country = "CN";
  application.doc_number = "104223590";
  application.kind = "A";
  application.publication_number = "CN104223590A";
  application.type = DocumentType::kCnInventionApplication;
  application.application_number = "201410513187.5";
  application.application_date = "2014-09-29";
  application.publication_date = "2014-12-24";
  application.title = "一种测试方法";
  Patent grant = application;
  grant.doc_number = "104223591";
  grant.kind = "B";
  grant.publication_number = "CN104223591B";
  grant.type = DocumentType::kCnInventionGrant;
  grant.publication_date = grant.grant_date = "2017-03-01";
  this->Store(application);
  this->Store(grant);
  for (std::string_view written : {"201410513187.5", "CN201410513187.5", "2014105131875"}) {
    auto detail = this->service_->Get(nullptr, written);
    ASSERT_TRUE(detail.ok()) << written << ": " << detail.status();
    EXPECT_EQ(detail->patent.publication_number, "CN104223591B");
    EXPECT_EQ(detail->status.status, LegalStatus::kValid);
    EXPECT_EQ(detail->status.expiry_date, "2034-09-29");
    ASSERT_EQ(detail->related.size(), 1u);
    EXPECT_EQ(detail->related[0].publication_number, "CN104223590A");
  }
  auto page = this->service_->List(nullptr, {.text = "201410513187.5"}, 20, 0);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 2);
  page = this->service_->List(nullptr, {.text = "测试"}, 20, 0);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 2);
  page = this->service_->List(nullptr, {.doc_type = "cn_invention_grant"}, 20, 0);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->total, 1);
  EXPECT_EQ(page->items[0].legal_status, LegalStatus::kValid);
  page = this->service_->List(nullptr, {.text = "100%_"}, 20, 0);  // wildcards are literal
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 0);
}

TYPED_TEST(PatentServiceTest, UploadImportsReportsRejectsUnderTheUploadNameAndAudits) {
  const std::string bad = ReadFile(SharedData("uspto/go-uspto/grant/US07057742-20060606.XML"));
  ASSERT_FALSE(bad.empty()) << "shared data not found; is IPHUB_SOURCE_DIR set?";
  auto report = this->service_->ImportUpload(this->official_, "week-23.xml", bad);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->summary.counts.rejected, 1);
  ASSERT_EQ(report->rejects.size(), 1u);
  EXPECT_EQ(report->rejects[0].file, "week-23.xml");
  EXPECT_EQ(report->rejects[0].unit, "byte");
  EXPECT_FALSE(report->rejects[0].reason.empty());

  const std::string good = ReadFile(SharedData("cn_patents/cnipa_xml/cn_old1.xml"));
  report = this->service_->ImportUpload(this->official_, "公报.XML", good);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->summary.counts.imported, 1);
  EXPECT_TRUE(report->rejects.empty());
  // The uploaded files do not stay behind.
  EXPECT_TRUE(std::filesystem::is_empty(this->upload_dir_));

  auto conn = this->db().Acquire();
  ASSERT_TRUE(conn.ok());
  auto audit = (*conn)->Query(
      "SELECT actor, entity_id, detail FROM audit_log WHERE action = 'patent.import' ORDER BY id");
  ASSERT_TRUE(audit.ok()) << audit.status();
  ASSERT_EQ(audit->rows.size(), 2u);
  EXPECT_EQ(audit->rows[1].Text(0), "jn_official");
  EXPECT_EQ(audit->rows[1].Text(1), "公报.XML");
  EXPECT_NE(audit->rows[1].Text(2).find("\"imported\":1"), std::string::npos);
}

TYPED_TEST(PatentServiceTest, UploadNeedsAnOfficialAndAKnownFormat) {
  const auth::Principal member{
      .user_id = 9, .username = "m", .role = auth::Role::kMember, .organization_id = 3};
  EXPECT_TRUE(
      absl::IsPermissionDenied(this->service_->ImportUpload(member, "a.xml", "<x/>").status()));
  auto wrong = this->service_->ImportUpload(this->official_, "report.pdf", "%PDF-1.4");
  EXPECT_TRUE(absl::IsInvalidArgument(wrong.status()));
  EXPECT_EQ(base::FieldOf(wrong.status()), "filename");
  EXPECT_TRUE(
      absl::IsInvalidArgument(this->service_->ImportUpload(this->official_, "a.xml", "").status()));
}

}  // namespace
}  // namespace iphub::patents
