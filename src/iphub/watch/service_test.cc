#include "iphub/watch/service.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iphub/auth/migrations.h"
#include "iphub/auth/regions.h"
#include "iphub/auth/service.h"
#include "iphub/auth/uscc.h"
#include "iphub/base/crypto.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"
#include "iphub/patents/demo_corpus.h"
#include "iphub/patents/migrations.h"
#include "iphub/patents/store.h"
#include "iphub/watch/evaluator.h"
#include "iphub/watch/migrations.h"
#include "iphub/watch/store.h"
#include "nlohmann/json.hpp"

namespace iphub::watch {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

// 2026-11-28 04:00 in Shanghai (a Saturday).
constexpr int64_t kNow = 1795795200000LL + 4LL * 3600 * 1000;

patents::Patent CnPatent(const std::string& doc_number, std::string title, std::string applicant) {
  patents::Patent patent;
  patent.country = "CN";
  patent.doc_number = doc_number;
  patent.kind = "A";
  patent.publication_number = "CN" + doc_number + "A";
  patent.type = patents::DocumentType::kCnInventionApplication;
  patent.application_date = "2020-01-15";
  patent.publication_date = "2021-03-01";
  patent.language = "zh";
  patent.title = std::move(title);
  patent.applicants = {{.name = std::move(applicant), .country = "CN"}};
  patent.ipc_main = "H01M 10/613";
  patent.ipc = {{.symbol = "H01M 10/613"}};
  return patent;
}

std::string MakeUscc(std::string_view region, int serial) {
  std::string body = base::StrCat("91", region, "MA", 1000000 + serial);
  return base::StrCat(body, std::string(1, auth::UsccCheckCharacter(body).value()));
}

// "watch name: publication number" of each alert, newest first.
std::vector<std::string> Described(const AlertList& list) {
  std::vector<std::string> out;
  for (const Alert& alert : list.items) {
    out.push_back(base::StrCat(alert.watch_name, ": ", alert.publication_number));
  }
  return out;
}

template <typename Backend>
class WatchServiceTest : public db::testing::DatabaseTest<Backend> {
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
    ASSERT_TRUE(auth::SeedRegions(this->db()).ok());

    auth::AccountService accounts(this->db(), clock_, {});
    const int64_t org_a = NewOrg(accounts, "泉城智能", 1);
    const int64_t org_b = NewOrg(accounts, "舜耕新材", 2);
    owner_ = NewUser(accounts, "owner", "member", org_a);
    colleague_ = NewUser(accounts, "colleague", "member", org_a);
    outsider_ = NewUser(accounts, "outsider", "member", org_b);
    admin_ = NewUser(accounts, "root", "platform_admin", std::nullopt);
    {
      auto conn = this->db().Acquire();
      ASSERT_TRUE(conn.ok());
      IPHUB_ASSERT_OK((*conn)->Exec("UPDATE users SET email = $1 WHERE id = $2",
                                    {"owner@example.cn", owner_.user_id}));
    }

    static int counter = 0;
    index_dir_ =
        fs::temp_directory_path() / base::StrCat("iphub_watch_test_", ::getpid(), "_", ++counter);
    fs::remove_all(index_dir_);
    // Already stored before any watch: never news.
    Store(CnPatent("110000001", "一种无人机电池散热装置", "济南星河电池有限公司"));
    auto index =
        patents::PatentIndex::Open(this->db(), index_dir_, clock_, patents::IndexAccess::kWriter);
    ASSERT_TRUE(index.ok()) << index.status();
    index_ = std::move(*index);
    ASSERT_TRUE(index_->CatchUp().ok());
    clock_.Advance(1000);
    service_ = std::make_unique<WatchService>(this->db(), *index_, clock_);
    evaluator_ = std::make_unique<WatchEvaluator>(this->db(), *index_, clock_);
  }

  void TearDown() override {
    evaluator_.reset();
    service_.reset();
    index_.reset();
    fs::remove_all(index_dir_);
    db::testing::DatabaseTest<Backend>::TearDown();
  }

  int64_t NewOrg(auth::AccountService& accounts, std::string_view name, int serial) {
    auto org = accounts.CreateOrganization(nullptr, {.name = std::string(name),
                                                     .type = "enterprise",
                                                     .uscc = MakeUscc("370102", serial),
                                                     .region_code = "370102"});
    EXPECT_TRUE(org.ok()) << org.status();
    return org.ok() ? org->id : 0;
  }

  auth::Principal NewUser(auth::AccountService& accounts, std::string_view username,
                          std::string_view role, std::optional<int64_t> org) {
    auto user = accounts.CreateUser(nullptr, {.username = std::string(username),
                                              .password = "Secret@2026",
                                              .role = std::string(role),
                                              .organization_id = org});
    EXPECT_TRUE(user.ok()) << user.status();
    return user.ok() ? auth::store::PrincipalOf(*user) : auth::Principal{};
  }

  void Store(const patents::Patent& patent) {
    auto conn = this->db().Acquire();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE(patents::store::UpsertPatent(**conn, patent, clock_.NowMillis()).ok());
  }

  // An import: the records stored, the index caught up (as Follow() does in the server).
  void Import(const std::vector<patents::Patent>& records) {
    clock_.Advance(1000);
    for (const patents::Patent& patent : records) Store(patent);
    ASSERT_TRUE(index_->CatchUp().ok());
  }

  AlertList Alerts(const auth::Principal& user, bool unread_only = false) {
    auto list = service_->ListAlerts(&user, unread_only, 100, 0);
    EXPECT_TRUE(list.ok()) << list.status();
    return list.ok() ? *list : AlertList{};
  }

  std::vector<std::string> AuditActions() {
    auto conn = this->db().Acquire();
    EXPECT_TRUE(conn.ok());
    if (!conn.ok()) return {};
    auto result = (*conn)->Query("SELECT action FROM audit_log ORDER BY id");
    EXPECT_TRUE(result.ok()) << result.status();
    std::vector<std::string> actions;
    if (!result.ok()) return actions;
    for (const auto& row : result->rows) {
      if (row.Text(0).starts_with("watch.")) actions.push_back(row.Text(0));
    }
    return actions;
  }

  base::FakeClock clock_{kNow};
  fs::path index_dir_;
  std::unique_ptr<patents::PatentIndex> index_;
  std::unique_ptr<WatchService> service_;
  std::unique_ptr<WatchEvaluator> evaluator_;
  auth::Principal owner_, colleague_, outsider_, admin_;
};
TYPED_TEST_SUITE(WatchServiceTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(WatchServiceTest, QueryAndApplicantWatchesAlertOnceOnNewPatents) {
  WatchService& service = *this->service_;
  IPHUB_ASSERT_OK_AND_ASSIGN(
      WatchView battery,
      service.CreateWatch(&this->owner_, {.name = "电池", .kind = "query", .query = "TI=电池"}));
  IPHUB_ASSERT_OK_AND_ASSIGN(
      WatchView rival,
      service.CreateWatch(
          &this->owner_,
          {.name = "对手", .kind = "applicant", .applicant = "青岛海川\"动力\"股份有限公司"}));
  EXPECT_EQ(rival.watch.query, "PAN=\"青岛海川\\\"动力\\\"股份有限公司\"");

  // Nothing imported since the watches exist: the stored patent is not news.
  IPHUB_ASSERT_OK_AND_ASSIGN(EvaluationSummary first, this->evaluator_->EvaluateAll());
  EXPECT_EQ(first.alerts, 0);
  EXPECT_TRUE(this->Alerts(this->owner_).items.empty());

  // The applicant's name as written differs (股份有限公司 → 有限公司): PAN matches the
  // normalised name.
  this->Import({CnPatent("120000001", "一种锂电池隔膜", "济南星河电池有限公司"),
                CnPatent("120000002", "一种灌溉控制系统", "青岛海川\"动力\"有限公司"),
                CnPatent("120000003", "一种电池管理系统", "青岛海川\"动力\"股份有限公司"),
                CnPatent("120000004", "一种农业机械", "潍坊农机有限公司")});
  IPHUB_ASSERT_OK_AND_ASSIGN(EvaluationSummary second, this->evaluator_->EvaluateAll());
  EXPECT_EQ(second.changes, 4);
  EXPECT_EQ(second.alerts, 4);
  EXPECT_EQ(second.mails, 1);  // only the owner has an e-mail address
  AlertList alerts = this->Alerts(this->owner_);
  EXPECT_THAT(Described(alerts), UnorderedElementsAre("电池: CN120000001A", "电池: CN120000003A",
                                                      "对手: CN120000002A", "对手: CN120000003A"));
  EXPECT_EQ(alerts.total, 4);
  EXPECT_EQ(alerts.unread, 4);
  for (const Alert& alert : alerts.items) {
    if (alert.publication_number == "CN120000002A") {
      EXPECT_EQ(alert.kind, "applicant");
      EXPECT_EQ(alert.title, "一种灌溉控制系统");
      EXPECT_EQ(nlohmann::json::parse(alert.detail)["applicant"], rival.watch.applicant);
    }
  }

  // Evaluating again, and re-importing the same records, adds nothing.
  IPHUB_ASSERT_OK_AND_ASSIGN(EvaluationSummary third, this->evaluator_->EvaluateAll());
  EXPECT_EQ(third.changes, 0);
  this->Import({CnPatent("120000001", "一种锂电池隔膜", "济南星河电池有限公司")});
  IPHUB_ASSERT_OK_AND_ASSIGN(third, this->evaluator_->EvaluateAll());
  EXPECT_EQ(third.alerts, 0);
  EXPECT_EQ(this->Alerts(this->owner_).total, 4);
  // An update of a matching patent is not a new patent.
  this->Import({CnPatent("120000001", "一种锂电池隔膜及其制备方法", "济南星河电池有限公司")});
  IPHUB_ASSERT_OK_AND_ASSIGN(third, this->evaluator_->EvaluateAll());
  EXPECT_EQ(third.changes, 1);
  EXPECT_EQ(third.alerts, 0);
  // Even with the stored progress rewound, the UNIQUE key keeps each alert once.
  {
    auto conn = this->db().Acquire();
    ASSERT_TRUE(conn.ok());
    IPHUB_ASSERT_OK((*conn)->Exec("UPDATE watch_progress SET last_seq = 0 WHERE id = 1"));
  }
  IPHUB_ASSERT_OK_AND_ASSIGN(third, this->evaluator_->EvaluateAll());
  EXPECT_EQ(third.alerts, 0);
  EXPECT_EQ(third.mails, 0);
  EXPECT_EQ(this->Alerts(this->owner_).total, 4);

  // The mail lists the alerts, in Chinese.
  auto conn = this->db().Acquire();
  ASSERT_TRUE(conn.ok());
  IPHUB_ASSERT_OK_AND_ASSIGN(std::vector<store::Mail> mail,
                             store::MailOf(**conn, this->owner_.user_id));
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].to_address, "owner@example.cn");
  EXPECT_EQ(mail[0].subject, "【专利监控】4 条新提醒");
  EXPECT_NE(mail[0].body.find("[电池] CN120000003A 一种电池管理系统"), std::string::npos);
  EXPECT_FALSE(mail[0].sent_at.has_value());
  // Others see none of it.
  EXPECT_TRUE(this->Alerts(this->colleague_).items.empty());
}

TYPED_TEST(WatchServiceTest, EvaluationWaitsForTheIndex) {
  IPHUB_ASSERT_OK(
      this->service_->CreateWatch(&this->owner_, {.name = "电池", .query = "TI=电池"}).status());
  // The fixture's patent, indexed, is evaluated (and is no news: stored before the watch).
  IPHUB_ASSERT_OK_AND_ASSIGN(EvaluationSummary setup, this->evaluator_->EvaluateAll());
  EXPECT_EQ(setup.changes, 1);
  EXPECT_EQ(setup.alerts, 0);
  this->clock_.Advance(1000);
  this->Store(CnPatent("130000001", "一种电池", "甲公司"));
  // Stored but not indexed yet: nothing is evaluated, nothing is skipped.
  IPHUB_ASSERT_OK_AND_ASSIGN(EvaluationSummary before, this->evaluator_->EvaluateAll());
  EXPECT_EQ(before.changes, 0);
  ASSERT_TRUE(this->index_->CatchUp().ok());
  IPHUB_ASSERT_OK_AND_ASSIGN(EvaluationSummary after, this->evaluator_->EvaluateAll());
  EXPECT_EQ(after.changes, 1);
  EXPECT_EQ(after.alerts, 1);
}

TYPED_TEST(WatchServiceTest, SharedWatchAlertsEveryMemberOfTheOrganisation) {
  IPHUB_ASSERT_OK(
      this->service_
          ->CreateWatch(&this->owner_, {.name = "电池", .query = "TI=电池", .shared = true})
          .status());
  this->Import({CnPatent("140000001", "一种电池", "甲公司")});
  IPHUB_ASSERT_OK_AND_ASSIGN(EvaluationSummary done, this->evaluator_->EvaluateAll());
  EXPECT_EQ(done.alerts, 2);
  EXPECT_THAT(Described(this->Alerts(this->owner_)), ElementsAre("电池: CN140000001A"));
  EXPECT_THAT(Described(this->Alerts(this->colleague_)), ElementsAre("电池: CN140000001A"));
  EXPECT_TRUE(this->Alerts(this->outsider_).items.empty());
}

TYPED_TEST(WatchServiceTest, StatusWatchAlertsOnceOnANewEventOfAChosenGroup) {
  patents::Patent watched = CnPatent("150000001", "一种储能装置", "甲公司");
  watched.legal_events = {{.code = "C14", .date = "2022-01-04", .text = "授权"},
                          {.code = "TR01", .date = "2023-02-01", .text = "专利权的转移"}};
  this->Import({watched});
  IPHUB_ASSERT_OK_AND_ASSIGN(
      WatchView status,
      this->service_->CreateWatch(&this->owner_, {.name = "储能",
                                                  .kind = "status",
                                                  .patents = {{"cn 150000001 a"}},
                                                  .events = {{"transfer", "pledge"}}}));
  EXPECT_THAT(status.watch.patents, ElementsAre("CN150000001A"));
  IPHUB_ASSERT_OK_AND_ASSIGN(EvaluationSummary done, this->evaluator_->EvaluateAll());
  EXPECT_EQ(done.alerts, 0);  // the transfer it held when watched is not news

  watched.legal_events.push_back({.code = "TR01", .date = "2024-05-06", .text = "专利权的转移"});
  watched.legal_events.push_back({.code = "EE01", .date = "2024-06-01", .text = "许可备案"});
  this->Import({watched});
  IPHUB_ASSERT_OK_AND_ASSIGN(done, this->evaluator_->EvaluateAll());
  EXPECT_EQ(done.alerts, 1);  // the licence is not a chosen group
  AlertList alerts = this->Alerts(this->owner_);
  ASSERT_EQ(alerts.items.size(), 1u);
  EXPECT_EQ(alerts.items[0].kind, "status");
  EXPECT_EQ(alerts.items[0].publication_number, "CN150000001A");
  const nlohmann::json detail = nlohmann::json::parse(alerts.items[0].detail);
  EXPECT_EQ(detail["group"], "transfer");
  EXPECT_EQ(detail["code"], "TR01");
  EXPECT_EQ(detail["date"], "2024-05-06");

  // Another change of the patent does not repeat the alert; a pledge alerts.
  watched.abstract = "改写的摘要";
  this->Import({watched});
  IPHUB_ASSERT_OK_AND_ASSIGN(done, this->evaluator_->EvaluateAll());
  EXPECT_EQ(done.alerts, 0);
  watched.legal_events.push_back({.code = "PE01", .date = "2024-07-01", .text = "质押"});
  this->Import({watched});
  IPHUB_ASSERT_OK_AND_ASSIGN(done, this->evaluator_->EvaluateAll());
  EXPECT_EQ(done.alerts, 1);
  EXPECT_EQ(this->Alerts(this->owner_).total, 2);
}

TYPED_TEST(WatchServiceTest, SimilarityWatchAlertsOnceOnANewPatentCloseToAWatchedOne) {
  // A corpus for the similar-patents model, stored before any watch: never news.
  const patents::CorpusOptions corpus{.count = 200, .seed = 7};
  IPHUB_ASSERT_OK(patents::LoadCorpus(this->db(), corpus, nullptr).status());
  ASSERT_TRUE(this->index_->CatchUp().ok());
  // The corpus is stored with the wall clock's times, not the test's: evaluated before the
  // watches exist.
  IPHUB_ASSERT_OK(this->evaluator_->EvaluateAll().status());
  patents::Patent watched;
  patents::CorpusGenerator generator(corpus);
  while (generator.HasNext()) {
    patents::Patent patent = generator.Next();
    if (patent.type == patents::DocumentType::kCnInventionApplication && !patent.ipc.empty() &&
        !patent.abstract.empty()) {
      watched = std::move(patent);
      break;
    }
  }
  ASSERT_FALSE(watched.publication_number.empty());
  IPHUB_ASSERT_OK_AND_ASSIGN(
      WatchView close,
      this->service_->CreateWatch(
          &this->owner_,
          {.name = "相似", .kind = "similarity", .patents = {{watched.publication_number}}}));
  EXPECT_EQ(close.watch.kind, WatchKind::kSimilarity);
  EXPECT_EQ(close.watch.threshold, kDefaultThreshold);
  EXPECT_THAT(close.watch.patents, ElementsAre(watched.publication_number));
  IPHUB_ASSERT_OK(this->service_
                      ->CreateWatch(&this->owner_, {.name = "严格",
                                                    .kind = "similarity",
                                                    .patents = {{watched.publication_number}},
                                                    .threshold = 100})
                      .status());
  IPHUB_ASSERT_OK_AND_ASSIGN(EvaluationSummary setup, this->evaluator_->EvaluateAll());
  EXPECT_EQ(setup.alerts, 0);

  // A near copy under another number and class (the class share of the score is lost, so it
  // stays below 100 %), an unrelated patent, the watched patent changed, and another
  // publication of its application.
  patents::Patent copy = watched;
  copy.doc_number = "190000001";
  copy.publication_number = "CN190000001A";
  copy.application_number = "202410000001.5";
  copy.application_number_original = "";
  copy.legal_events.clear();
  copy.ipc_main = "G06Q 50/02";
  copy.ipc = {{.symbol = "G06Q 50/02"}};
  patents::Patent unrelated = CnPatent("190000002", "一种茶叶揉捻机", "日照茶机有限公司");
  unrelated.abstract = "本发明公开了一种茶叶揉捻机，包括揉桶、揉盘和曲柄连杆机构。";
  unrelated.ipc_main = "A23F 3/12";
  unrelated.ipc = {{.symbol = "A23F 3/12"}};
  patents::Patent changed = watched;
  changed.abstract += "改写的摘要。";
  patents::Patent granted = watched;
  granted.kind = "B";
  granted.publication_number = "CN" + watched.doc_number + "B";
  granted.type = patents::DocumentType::kCnInventionGrant;
  this->Import({copy, unrelated, changed, granted});
  IPHUB_ASSERT_OK_AND_ASSIGN(EvaluationSummary done, this->evaluator_->EvaluateAll());
  EXPECT_EQ(done.alerts, 1);
  AlertList alerts = this->Alerts(this->owner_);
  ASSERT_EQ(alerts.items.size(), 1u);
  const Alert& alert = alerts.items[0];
  EXPECT_EQ(alert.watch_name, "相似");
  EXPECT_EQ(alert.kind, "similarity");
  EXPECT_EQ(alert.publication_number, "CN190000001A");
  EXPECT_EQ(alert.title, watched.title);
  const nlohmann::json detail = nlohmann::json::parse(alert.detail);
  EXPECT_EQ(detail["similar_to"], watched.publication_number);
  EXPECT_EQ(detail["threshold"], kDefaultThreshold);
  const int percent = detail["percent"].get<int>();
  EXPECT_GE(percent, kDefaultThreshold);
  EXPECT_LT(percent, 100);
  EXPECT_FALSE(detail["shared_terms"].empty());

  // Evaluated again from the start: the same alert is not written twice.
  {
    auto conn = this->db().Acquire();
    ASSERT_TRUE(conn.ok());
    IPHUB_ASSERT_OK((*conn)->Exec("UPDATE watch_progress SET last_seq = 0 WHERE id = 1"));
  }
  IPHUB_ASSERT_OK_AND_ASSIGN(done, this->evaluator_->EvaluateAll());
  EXPECT_EQ(done.alerts, 0);
  EXPECT_EQ(this->Alerts(this->owner_).total, 1);

  // The mail names the watched patent and the score.
  auto conn = this->db().Acquire();
  ASSERT_TRUE(conn.ok());
  IPHUB_ASSERT_OK_AND_ASSIGN(std::vector<store::Mail> mail,
                             store::MailOf(**conn, this->owner_.user_id));
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_NE(mail[0].body.find(base::StrCat("[相似] CN190000001A ", watched.title, "（与 ",
                                           watched.publication_number, " 相似 ", percent, "%）")),
            std::string::npos)
      << mail[0].body;

  // The threshold can change; the kind's own fields only.
  IPHUB_ASSERT_OK_AND_ASSIGN(
      WatchView stricter,
      this->service_->UpdateWatch(&this->owner_, close.watch.id, {.threshold = 90}));
  EXPECT_EQ(stricter.watch.threshold, 90);
  EXPECT_EQ(base::FieldOf(
                this->service_->UpdateWatch(&this->owner_, close.watch.id, {.events = {{"pledge"}}})
                    .status()),
            "events");
}

TYPED_TEST(WatchServiceTest, ValidatesSimilarityWatches) {
  WatchService& service = *this->service_;
  const std::vector<std::string> stored = {"CN110000001A"};
  for (int64_t threshold : {0, 101, -5}) {
    auto out_of_range = service.CreateWatch(
        &this->owner_,
        {.name = "x", .kind = "similarity", .patents = stored, .threshold = threshold});
    ASSERT_TRUE(absl::IsInvalidArgument(out_of_range.status())) << threshold;
    EXPECT_EQ(base::FieldOf(out_of_range.status()), "threshold");
  }
  auto no_patents = service.CreateWatch(&this->owner_, {.name = "x", .kind = "similarity"});
  EXPECT_EQ(base::FieldOf(no_patents.status()), "patents");
  auto unknown = service.CreateWatch(
      &this->owner_, {.name = "x", .kind = "similarity", .patents = {{"CN999999999A"}}});
  EXPECT_EQ(base::FieldOf(unknown.status()), "patents");
  auto too_many = service.CreateWatch(
      &this->owner_, {.name = "x",
                      .kind = "similarity",
                      .patents = std::vector<std::string>(kMaxSimilarPatents + 1, "CN110000001A")});
  EXPECT_EQ(base::FieldOf(too_many.status()), "patents");
  auto query_threshold =
      service.CreateWatch(&this->owner_, {.name = "x", .query = "TI=电池", .threshold = 60});
  EXPECT_EQ(base::FieldOf(query_threshold.status()), "threshold");
  auto events = service.CreateWatch(
      &this->owner_,
      {.name = "x", .kind = "similarity", .patents = stored, .events = {{"transfer"}}});
  EXPECT_EQ(base::FieldOf(events.status()), "events");
  IPHUB_ASSERT_OK_AND_ASSIGN(
      WatchView edge,
      service.CreateWatch(&this->owner_,
                          {.name = "x", .kind = "similarity", .patents = stored, .threshold = 1}));
  EXPECT_EQ(edge.watch.threshold, 1);
}

TYPED_TEST(WatchServiceTest, ValidatesInput) {
  WatchService& service = *this->service_;
  auto bad_query = service.CreateWatch(&this->owner_, {.name = "x", .query = "TI=(电池"});
  ASSERT_TRUE(absl::IsInvalidArgument(bad_query.status())) << bad_query.status();
  EXPECT_EQ(base::FieldOf(bad_query.status()), "query");
  EXPECT_TRUE(base::PositionOf(bad_query.status()).has_value());

  auto no_name = service.CreateWatch(&this->owner_, {.query = "TI=电池"});
  EXPECT_EQ(base::FieldOf(no_name.status()), "name");
  auto bad_kind = service.CreateWatch(&this->owner_, {.name = "x", .kind = "similar"});
  EXPECT_EQ(base::FieldOf(bad_kind.status()), "kind");
  auto no_applicant = service.CreateWatch(&this->owner_, {.name = "x", .kind = "applicant"});
  EXPECT_EQ(base::FieldOf(no_applicant.status()), "applicant");
  auto unknown_patent = service.CreateWatch(
      &this->owner_,
      {.name = "x", .kind = "status", .patents = {{"CN999999999A"}}, .events = {{"transfer"}}});
  EXPECT_EQ(base::FieldOf(unknown_patent.status()), "patents");
  auto bad_event = service.CreateWatch(
      &this->owner_,
      {.name = "x", .kind = "status", .patents = {{"CN110000001A"}}, .events = {{"sale"}}});
  EXPECT_EQ(base::FieldOf(bad_event.status()), "events");
  auto digest =
      service.CreateWatch(&this->owner_, {.name = "x", .query = "TI=电池", .frequency = "hourly"});
  EXPECT_EQ(base::FieldOf(digest.status()), "frequency");
  auto alone =
      service.CreateWatch(&this->admin_, {.name = "x", .query = "TI=电池", .shared = true});
  EXPECT_EQ(base::FieldOf(alone.status()), "shared");
  EXPECT_TRUE(absl::IsUnauthenticated(service.CreateWatch(nullptr, {.name = "x"}).status()));
}

TYPED_TEST(WatchServiceTest, AccessFollowsOwnershipAndSharing) {
  WatchService& service = *this->service_;
  IPHUB_ASSERT_OK_AND_ASSIGN(
      WatchView mine, service.CreateWatch(&this->owner_, {.name = "私有", .query = "TI=电池"}));
  IPHUB_ASSERT_OK_AND_ASSIGN(
      WatchView shared,
      service.CreateWatch(&this->owner_, {.name = "共享", .query = "TI=电池", .shared = true}));
  const int64_t id = mine.watch.id;

  EXPECT_TRUE(absl::IsNotFound(service.GetWatch(&this->colleague_, id).status()));
  EXPECT_TRUE(absl::IsNotFound(service.GetWatch(&this->outsider_, id).status()));
  IPHUB_ASSERT_OK_AND_ASSIGN(WatchView seen, service.GetWatch(&this->colleague_, shared.watch.id));
  EXPECT_FALSE(seen.editable);
  EXPECT_TRUE(absl::IsPermissionDenied(
      service.UpdateWatch(&this->colleague_, shared.watch.id, {.name = "改"}).status()));
  EXPECT_TRUE(absl::IsNotFound(service.DeleteWatch(&this->outsider_, shared.watch.id)));
  EXPECT_TRUE(absl::IsNotFound(service.GetWatch(&this->outsider_, shared.watch.id).status()));

  IPHUB_ASSERT_OK_AND_ASSIGN(WatchList colleague,
                             service.ListWatches(&this->colleague_, false, 20, 0));
  ASSERT_EQ(colleague.total, 1);
  EXPECT_EQ(colleague.items[0].watch.name, "共享");
  EXPECT_TRUE(absl::IsPermissionDenied(service.ListWatches(&this->owner_, true, 20, 0).status()));
  IPHUB_ASSERT_OK_AND_ASSIGN(WatchList all, service.ListWatches(&this->admin_, true, 20, 0));
  EXPECT_EQ(all.total, 2);

  IPHUB_ASSERT_OK_AND_ASSIGN(
      WatchView renamed,
      service.UpdateWatch(&this->admin_, id, {.name = "改名", .query = "TI=锂电池"}));
  EXPECT_EQ(renamed.watch.query, "TI=锂电池");
  EXPECT_EQ(base::FieldOf(service.UpdateWatch(&this->owner_, id, {.kind = "status"}).status()),
            "kind");
  IPHUB_ASSERT_OK(service.DeleteWatch(&this->owner_, id));
  EXPECT_TRUE(absl::IsNotFound(service.GetWatch(&this->owner_, id).status()));
  EXPECT_THAT(this->AuditActions(),
              ElementsAre("watch.create", "watch.create", "watch.update", "watch.delete"));
}

TYPED_TEST(WatchServiceTest, DailyWatchesMailADigestWhenTheDayChanges) {
  constexpr int64_t kDay = 24LL * 3600 * 1000;
  IPHUB_ASSERT_OK_AND_ASSIGN(int64_t first, this->evaluator_->SendDigests());
  EXPECT_EQ(first, 0);  // nothing waits yet; today's period is recorded
  IPHUB_ASSERT_OK_AND_ASSIGN(
      WatchView daily,
      this->service_->CreateWatch(&this->owner_,
                                  {.name = "每日电池", .query = "TI=电池", .frequency = "daily"}));
  EXPECT_EQ(daily.watch.frequency, Frequency::kDaily);
  IPHUB_ASSERT_OK(
      this->service_->CreateWatch(&this->owner_, {.name = "即时电池", .query = "TI=电池"})
          .status());
  this->Import({CnPatent("170000001", "一种电池", "甲公司")});
  IPHUB_ASSERT_OK_AND_ASSIGN(EvaluationSummary done, this->evaluator_->EvaluateAll());
  EXPECT_EQ(done.alerts, 2);
  EXPECT_EQ(done.mails, 1);  // the import watch's alert only
  IPHUB_ASSERT_OK_AND_ASSIGN(int64_t same_day, this->evaluator_->SendDigests());
  EXPECT_EQ(same_day, 0);

  this->clock_.Advance(kDay);
  IPHUB_ASSERT_OK_AND_ASSIGN(int64_t next_day, this->evaluator_->SendDigests());
  EXPECT_EQ(next_day, 1);
  IPHUB_ASSERT_OK_AND_ASSIGN(int64_t again, this->evaluator_->SendDigests());
  EXPECT_EQ(again, 0);
  auto conn = this->db().Acquire();
  ASSERT_TRUE(conn.ok());
  IPHUB_ASSERT_OK_AND_ASSIGN(std::vector<store::Mail> mail,
                             store::MailOf(**conn, this->owner_.user_id));
  ASSERT_EQ(mail.size(), 2u);
  EXPECT_NE(mail[0].body.find("[即时电池] CN170000001A"), std::string::npos);
  EXPECT_EQ(mail[0].body.find("[每日电池]"), std::string::npos);
  EXPECT_EQ(mail[1].subject, "【专利监控】每日汇总：1 条新提醒");
  EXPECT_NE(mail[1].body.find("[每日电池] CN170000001A 一种电池（新专利）"), std::string::npos);
}

TYPED_TEST(WatchServiceTest, AlertsAreTheRecipientsOwnAndAreAcknowledged) {
  IPHUB_ASSERT_OK(
      this->service_->CreateWatch(&this->owner_, {.name = "电池", .query = "TI=电池"}).status());
  this->Import(
      {CnPatent("160000001", "一种电池", "甲公司"), CnPatent("160000002", "一种电池包", "乙公司")});
  IPHUB_ASSERT_OK(this->evaluator_->EvaluateAll().status());
  AlertList alerts = this->Alerts(this->owner_);
  ASSERT_EQ(alerts.items.size(), 2u);
  const int64_t first = alerts.items[0].id;
  EXPECT_TRUE(absl::IsNotFound(this->service_->MarkRead(&this->outsider_, first).status()));
  this->clock_.Advance(5000);
  IPHUB_ASSERT_OK_AND_ASSIGN(Alert read, this->service_->MarkRead(&this->owner_, first));
  EXPECT_EQ(read.read_at, this->clock_.NowMillis());
  this->clock_.Advance(5000);
  IPHUB_ASSERT_OK_AND_ASSIGN(read, this->service_->MarkRead(&this->owner_, first));
  EXPECT_EQ(read.read_at, this->clock_.NowMillis() - 5000);  // the first time stays
  AlertList unread = this->Alerts(this->owner_, /*unread_only=*/true);
  EXPECT_EQ(unread.total, 1);
  EXPECT_EQ(unread.unread, 1);
  IPHUB_ASSERT_OK_AND_ASSIGN(int64_t marked, this->service_->MarkAllRead(&this->owner_));
  EXPECT_EQ(marked, 1);
  EXPECT_EQ(this->Alerts(this->owner_).unread, 0);
}

template <typename Backend>
class WatchMigrationTest : public db::testing::DatabaseTest<Backend> {};
TYPED_TEST_SUITE(WatchMigrationTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(WatchMigrationTest, StartsAfterTheChangesMadeBeforeIt) {
  std::vector<db::Migration> before;
  for (const auto& migration : auth::Migrations()) before.push_back(migration);
  for (const auto& migration : patents::Migrations()) before.push_back(migration);
  IPHUB_ASSERT_OK(db::Migrate(this->db(), before).status());
  auto conn = this->db().Acquire();
  ASSERT_TRUE(conn.ok());
  IPHUB_ASSERT_OK(
      patents::store::UpsertPatent(**conn, CnPatent("180000001", "甲", "甲公司"), kNow).status());
  IPHUB_ASSERT_OK(
      patents::store::UpsertPatent(**conn, CnPatent("180000002", "乙", "乙公司"), kNow).status());
  std::vector<db::Migration> all = before;
  for (const auto& migration : Migrations()) all.push_back(migration);
  IPHUB_ASSERT_OK(db::Migrate(this->db(), all).status());
  IPHUB_ASSERT_OK_AND_ASSIGN(int64_t last, store::LastEvaluated(**conn));
  EXPECT_EQ(last, 2);
}

}  // namespace
}  // namespace iphub::watch
