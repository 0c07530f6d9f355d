// Matching over the demo corpus (fourteen technology fields, each with IPC
// symbols of one subclass and words of its own: patents/demo_vocabulary.h) and a
// few hand-made patents listed on the market, on SQLite and PostgreSQL.
#include "iphub/market/matching.h"

#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "iphub/auth/migrations.h"
#include "iphub/auth/regions.h"
#include "iphub/auth/service.h"
#include "iphub/auth/store.h"
#include "iphub/auth/uscc.h"
#include "iphub/base/civil_date.h"
#include "iphub/base/crypto.h"
#include "iphub/base/strings.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"
#include "iphub/market/migrations.h"
#include "iphub/market/service.h"
#include "iphub/patents/demo_corpus.h"
#include "iphub/patents/demo_vocabulary.h"
#include "iphub/patents/legal_status.h"
#include "iphub/patents/migrations.h"
#include "iphub/patents/store.h"
#include "iphub/workflow/migrations.h"

namespace iphub::market {
namespace {

namespace fs = std::filesystem;

// 2026-11-28 12:00 in Shanghai.
constexpr int64_t kNow = 1795795200000LL + 4LL * 3600 * 1000;
const patents::CorpusOptions kCorpus{.count = 700, .seed = 11};
constexpr std::string_view kUniversity = "青岛海滨示范大学";

std::string MakeUscc(std::string_view region, int serial) {
  std::string body = base::StrCat("91", region, "MA", 3000000 + serial);
  return base::StrCat(body, std::string(1, auth::UsccCheckCharacter(body).value()));
}

std::string Plain(std::string_view symbol) {
  std::string out;
  for (char c : symbol) {
    if (c != ' ') out += c;
  }
  return out;
}

// The demo fields whose IPC list holds `symbol`.
std::set<std::string> FieldsOf(std::string_view symbol) {
  std::set<std::string> out;
  for (const patents::demo::FieldVocabulary& field : patents::demo::Fields()) {
    for (std::string_view ipc : field.ipc) {
      if (Plain(ipc) == Plain(symbol)) out.insert(std::string(field.key));
    }
  }
  return out;
}

// A granted CN invention of the university about thermal runaway of battery packs.
patents::Patent BatteryPatent(const std::string& doc_number, const std::string& title,
                              std::vector<patents::LegalEvent> events) {
  patents::Patent patent;
  patent.country = "CN";
  patent.doc_number = doc_number;
  patent.kind = "B";
  patent.publication_number = "CN" + doc_number + "B";
  patent.type = patents::DocumentType::kCnInventionGrant;
  patent.application_number = "2021100" + doc_number.substr(3) + ".1";
  patent.application_date = "2021-03-15";
  patent.publication_date = "2023-06-01";
  patent.grant_date = "2023-06-01";
  patent.language = "zh";
  patent.title = title;
  patent.abstract =
      "本发明公开了一种电池包热失控预警方法，采集电池包的温度数据和电压数据，"
      "通过长短期记忆网络预测电芯温升，在热失控发生前发出预警，降低了热失控风险。";
  patent.claims = {{.number = 1,
                    .text = "一种电池包热失控预警方法，其特征在于，包括采集温度数据、"
                            "电压数据并判断热失控风险的步骤。"}};
  patent.applicants = {{.name = std::string(kUniversity), .country = "CN"}};
  patent.ipc_main = "H01M 10/48";
  patent.ipc = {{.symbol = "H01M 10/48"}, {.symbol = "H01M 10/42"}};
  patent.legal_events = std::move(events);
  return patent;
}

template <typename Backend>
class MatchingTest : public db::testing::DatabaseTest<Backend> {
 protected:
  void SetUp() override {
    db::testing::DatabaseTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    ASSERT_TRUE(base::InitCrypto().ok());
    std::vector<db::Migration> all;
    for (const auto& migration : auth::Migrations()) all.push_back(migration);
    for (const auto& migration : workflow::Migrations()) all.push_back(migration);
    for (const auto& migration : patents::Migrations()) all.push_back(migration);
    for (const auto& migration : Migrations()) all.push_back(migration);
    auto applied = db::Migrate(this->db(), all);
    ASSERT_TRUE(applied.ok()) << applied.status();
    ASSERT_TRUE(auth::SeedRegions(this->db()).ok());

    auth::AccountService accounts(this->db(), clock_, {});
    enterprise_ = NewOrg(accounts, "济南泉城储能示范有限公司", "enterprise", "370102", 1);
    university_ = NewOrg(accounts, std::string(kUniversity), "university", "370202", 2);
    poster_ = NewUser(accounts, "poster", "member", enterprise_, std::nullopt);
    professor_ = NewUser(accounts, "professor", "member", university_, std::nullopt);
    qingdao_ = NewUser(accounts, "qingdao", "official", std::nullopt, "370200");

    // The corpus, the university's listed patent and a lapsed twin of it.
    auto loaded = patents::LoadCorpus(this->db(), kCorpus, nullptr);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    patents::CorpusGenerator generator(kCorpus);
    while (generator.HasNext()) {
      patents::Patent patent = generator.Next();
      corpus_[patent.publication_number] = patent;
    }
    listed_ = BatteryPatent("119990001", "一种电池包热失控预警方法", {});
    lapsed_ = BatteryPatent("119990002", "一种电池包热失控预警装置",
                            {{.code = "CF01", .date = "2025-03-01", .text = "未缴年费专利权终止"}});
    for (const patents::Patent* patent : {&listed_, &lapsed_}) {
      auto conn = this->db().Acquire();
      ASSERT_TRUE(conn.ok());
      ASSERT_TRUE(patents::store::UpsertPatent(**conn, *patent, kNow).ok());
      corpus_[patent->publication_number] = *patent;
    }
    dir_ = fs::temp_directory_path() / ("iphub_matching_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    auto index =
        patents::PatentIndex::Open(this->db(), dir_, clock_, patents::IndexAccess::kWriter);
    ASSERT_TRUE(index.ok()) << index.status();
    index_ = std::move(*index);
    ASSERT_EQ(index_->CatchUp().value_or(-1), kCorpus.count + 2);

    ListingService listings(this->db(), clock_);
    auto created = listings.Create(&professor_, {.patent = listed_.publication_number,
                                                 .kind = "non_exclusive_licence",
                                                 .price_fen = 30'000'000,
                                                 .terms = "普通许可，三年",
                                                 .industry = "新能源",
                                                 .trl = 7,
                                                 .scenarios = "储能电站、电动汽车电池包",
                                                 .contact_name = "王老师",
                                                 .contact_phone = "0532-00000000"});
    ASSERT_TRUE(created.ok()) << created.status();
    listing_id_ = created->listing.id;
    ASSERT_TRUE(listings.Transition(&professor_, listing_id_, "submit", {}).ok());
    auto approved = listings.Transition(&qingdao_, listing_id_, "approve", {});
    ASSERT_TRUE(approved.ok()) << approved.status();
    ASSERT_EQ(approved->listing.state, "published");

    demands_ = std::make_unique<DemandService>(this->db(), clock_);
    matching_ = std::make_unique<MatchService>(this->db(), *index_, clock_);
  }

  void TearDown() override {
    matching_.reset();
    index_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
    db::testing::DatabaseTest<Backend>::TearDown();
  }

  int64_t NewOrg(auth::AccountService& accounts, std::string name, std::string type,
                 std::string region, int serial) {
    auto org = accounts.CreateOrganization(nullptr, {.name = std::move(name),
                                                     .type = std::move(type),
                                                     .uscc = MakeUscc(region, serial),
                                                     .region_code = region});
    EXPECT_TRUE(org.ok()) << org.status();
    return org.ok() ? org->id : 0;
  }

  auth::Principal NewUser(auth::AccountService& accounts, std::string_view username,
                          std::string_view role, std::optional<int64_t> org,
                          std::optional<std::string> region) {
    auto user = accounts.CreateUser(nullptr, {.username = std::string(username),
                                              .password = "Secret@2026",
                                              .role = std::string(role),
                                              .organization_id = org,
                                              .region_code = std::move(region)});
    EXPECT_TRUE(user.ok()) << user.status();
    return user.ok() ? auth::store::PrincipalOf(*user) : auth::Principal{};
  }

  // A demand about thermal runaway of battery packs, in plain words, open unless `draft`.
  int64_t BatteryDemand(std::string region, bool draft = false) {
    auto created = demands_->Create(
        &poster_, {.title = "寻求电池包热失控预警技术",
                   .problem = "我们的储能电站电池包发生热失控前没有任何预警，希望找到能根据温度"
                              "和电压提前发现热失控风险的监测方法。",
                   .industry = "新能源",
                   .ipc = "H01M 10/42",
                   .budget_fen = 50'000'000,
                   .deadline = "2027-06-30",
                   .region_code = std::move(region)});
    EXPECT_TRUE(created.ok()) << created.status();
    if (!created.ok()) return 0;
    if (!draft) {
      auto opened = demands_->Transition(&poster_, created->demand.id, "publish", {});
      EXPECT_TRUE(opened.ok()) << opened.status();
    }
    return created->demand.id;
  }

  std::string Today() const { return base::ShanghaiDate(kNow); }

  base::FakeClock clock_{kNow};
  int64_t enterprise_ = 0;
  int64_t university_ = 0;
  auth::Principal poster_;
  auth::Principal professor_;
  auth::Principal qingdao_;
  std::map<std::string, patents::Patent> corpus_;
  patents::Patent listed_;
  patents::Patent lapsed_;
  int64_t listing_id_ = 0;
  fs::path dir_;
  std::unique_ptr<patents::PatentIndex> index_;
  std::unique_ptr<DemandService> demands_;
  std::unique_ptr<MatchService> matching_;
};
TYPED_TEST_SUITE(MatchingTest, db::testing::Backends, db::testing::BackendNames);

const MatchReason* FindReason(const std::vector<MatchReason>& reasons, std::string_view code) {
  for (const MatchReason& reason : reasons) {
    if (reason.code == code) return &reason;
  }
  return nullptr;
}

TYPED_TEST(MatchingTest, PlainWordsRankPatentsOfTheirFieldFirstAndOnlyPatentsInForce) {
  size_t hits = 0, technical = 0, in_field = 0;
  for (const patents::demo::FieldVocabulary& field : patents::demo::Fields()) {
    Demand demand{.id = 1,
                  .title = base::StrCat("寻求", field.tasks[0].zh, "的技术"),
                  .problem = base::StrCat("我们在", field.devices[0].zh, "上遇到困难，希望找到",
                                          field.tasks[0].zh, "的成熟方案。"),
                  .industry = std::string(field.name.zh),
                  .region_code = "370102"};
    auto ranked = this->matching_->Rank(demand, 10);
    ASSERT_TRUE(ranked.ok()) << ranked.status();
    EXPECT_FALSE(ranked->empty()) << field.key;
    std::set<std::string> applications;
    for (size_t rank = 0; rank < ranked->size(); ++rank) {
      const PatentMatch& match = (*ranked)[rank];
      ++hits;
      // Lapsed, expired, pending … never: what the record derives today.
      const patents::Patent& patent = this->corpus_.at(match.publication_number);
      // An application's publications (CN A and B) are one match.
      EXPECT_TRUE(applications.insert(patent.application_number).second)
          << patent.application_number << " twice for " << field.key;
      EXPECT_EQ(patents::DeriveLegalStatus(patent, this->Today()).status,
                patents::LegalStatus::kValid)
          << match.publication_number;
      EXPECT_EQ(match.legal_status, "valid");
      EXPECT_FALSE(match.reasons.empty()) << match.publication_number;
      EXPECT_GE(match.score, 0);
      EXPECT_LE(match.score, 100);
      for (const MatchReason& reason : match.reasons) EXPECT_FALSE(reason.text.empty());
      // The first five with classes (designs have none): of the demand's field?
      if (rank >= 5 || patent.ipc.empty()) continue;
      ++technical;
      bool of_field = false;
      for (const patents::Classification& ipc : patent.ipc) {
        of_field |= FieldsOf(ipc.symbol).count(std::string(field.key)) > 0;
      }
      in_field += of_field;
    }
  }
  EXPECT_GE(hits, 100u);
  // 700 patents over 14 fields, a few dozen per field of which a part in force, and fields
  // that share words ("电池": batteries, and battery swapping for electric vehicles).
  EXPECT_GE(in_field * 10, technical * 7) << in_field << " of " << technical;
}

TYPED_TEST(MatchingTest, ReasonsSayWhatIsTrue) {
  // Posted for Beijing: the Qingdao listing is within budget but not of the region.
  const int64_t beijing = this->BatteryDemand("110108");
  IPHUB_ASSERT_OK_AND_ASSIGN(DemandMatches found,
                             this->matching_->ForDemand(&this->poster_, beijing, 20));
  ASSERT_FALSE(found.items.empty());
  const PatentMatch* listed = nullptr;
  for (const PatentMatch& match : found.items) {
    EXPECT_NE(match.publication_number, this->lapsed_.publication_number);
    if (match.publication_number == this->listed_.publication_number) listed = &match;
  }
  ASSERT_NE(listed, nullptr);
  EXPECT_EQ(found.items.front().publication_number, this->listed_.publication_number);
  ASSERT_TRUE(listed->listing.has_value());
  EXPECT_EQ(listed->listing->id, this->listing_id_);
  EXPECT_EQ(listed->listing->holder_org_id, this->university_);
  EXPECT_EQ(listed->listing->holder_org_name, kUniversity);
  const MatchReason* offered = FindReason(listed->reasons, "listed");
  ASSERT_NE(offered, nullptr);
  EXPECT_EQ(offered->params["kind"], "non_exclusive_licence");
  EXPECT_EQ(offered->params["price_fen"], 30'000'000);
  EXPECT_EQ(offered->params["trl"], 7);
  const MatchReason* budget = FindReason(listed->reasons, "within_budget");
  ASSERT_NE(budget, nullptr);
  EXPECT_EQ(budget->params["budget_fen"], 50'000'000);
  EXPECT_EQ(FindReason(listed->reasons, "same_region"), nullptr);
  const MatchReason* holder = FindReason(listed->reasons, "holder_type");
  ASSERT_NE(holder, nullptr);
  EXPECT_EQ(holder->params["type"], "university");
  const MatchReason* shared_class = FindReason(listed->reasons, "shared_class");
  ASSERT_NE(shared_class, nullptr);
  EXPECT_EQ(shared_class->params["hint"], "H01M 10/42");
  const MatchReason* terms = FindReason(listed->reasons, "shared_terms");
  ASSERT_NE(terms, nullptr);
  bool runaway = false;
  for (const auto& term : terms->params["terms"]) {
    runaway |= term.get<std::string>().find("热失控") != std::string::npos;
  }
  EXPECT_TRUE(runaway) << terms->params.dump();

  // Posted for a district of Qingdao: the same listing is of the demand's city.
  const int64_t qingdao = this->BatteryDemand("370212");
  IPHUB_ASSERT_OK_AND_ASSIGN(DemandMatches local,
                             this->matching_->ForDemand(&this->poster_, qingdao, 20));
  ASSERT_FALSE(local.items.empty());
  ASSERT_EQ(local.items.front().publication_number, this->listed_.publication_number);
  const MatchReason* region = FindReason(local.items.front().reasons, "same_region");
  ASSERT_NE(region, nullptr);
  EXPECT_EQ(region->params["region_code"], "370200");
  EXPECT_EQ(region->params["level"], "city");
  EXPECT_GT(local.items.front().score, listed->score);
  // Over budget: listed, but not within the budget.
  auto poorer = this->demands_->Create(&this->poster_, {.title = "寻求电池包热失控预警技术",
                                                        .problem = "电池包热失控预警，预算有限。",
                                                        .industry = "新能源",
                                                        .budget_fen = 1'000'000,
                                                        .deadline = "2027-06-30"});
  ASSERT_TRUE(poorer.ok()) << poorer.status();
  IPHUB_ASSERT_OK_AND_ASSIGN(DemandMatches cheap,
                             this->matching_->ForDemand(&this->poster_, poorer->demand.id, 20));
  bool seen = false;
  for (const PatentMatch& match : cheap.items) {
    if (match.publication_number != this->listed_.publication_number) continue;
    seen = true;
    EXPECT_NE(FindReason(match.reasons, "listed"), nullptr);
    EXPECT_EQ(FindReason(match.reasons, "within_budget"), nullptr);
    EXPECT_EQ(FindReason(match.reasons, "shared_class"), nullptr);  // no hint given
  }
  EXPECT_TRUE(seen);
}

TYPED_TEST(MatchingTest, ADraftDemandsMatchesAreForItsOrganisationOnly) {
  const int64_t draft = this->BatteryDemand("370102", /*draft=*/true);
  auto outsider = this->matching_->ForDemand(&this->professor_, draft, 10);
  EXPECT_TRUE(absl::IsNotFound(outsider.status())) << outsider.status();
  EXPECT_TRUE(absl::IsUnauthenticated(this->matching_->ForDemand(nullptr, draft, 10).status()));
  EXPECT_TRUE(
      absl::IsInvalidArgument(this->matching_->ForDemand(&this->poster_, draft, 0).status()));
  IPHUB_ASSERT_OK_AND_ASSIGN(DemandMatches own,
                             this->matching_->ForDemand(&this->poster_, draft, 10));
  EXPECT_FALSE(own.items.empty());
  EXPECT_FALSE(own.recorded);  // a draft's matches are nobody's news yet
  auto refresh = this->matching_->Refresh(&this->poster_, draft, 10);
  EXPECT_TRUE(absl::IsFailedPrecondition(refresh.status())) << refresh.status();
  // The region's official sees it, but only the poster's own look records.
  const int64_t open = this->BatteryDemand("370202");
  IPHUB_ASSERT_OK_AND_ASSIGN(DemandMatches outside,
                             this->matching_->ForDemand(&this->professor_, open, 10));
  EXPECT_FALSE(outside.recorded);
  EXPECT_TRUE(
      absl::IsPermissionDenied(this->matching_->Refresh(&this->professor_, open, 10).status()));
}

TYPED_TEST(MatchingTest, ANewMatchIsNoticedOnceByEachSide) {
  const int64_t id = this->BatteryDemand("370102");
  IPHUB_ASSERT_OK_AND_ASSIGN(DemandMatches first,
                             this->matching_->ForDemand(&this->poster_, id, 10));
  EXPECT_TRUE(first.recorded);
  ASSERT_GT(first.new_matches, 0);
  EXPECT_TRUE(first.items.front().is_new);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto poster_inbox, this->matching_->Notices(&this->poster_, true));
  EXPECT_EQ(static_cast<int64_t>(poster_inbox.size()), first.new_matches);
  for (const MarketNotice& notice : poster_inbox) {
    EXPECT_EQ(notice.kind, "demand_match");
    EXPECT_EQ(notice.demand_id, id);
    EXPECT_GE(notice.score, kRecordScore);
  }
  IPHUB_ASSERT_OK_AND_ASSIGN(auto holder_inbox, this->matching_->Notices(&this->professor_, true));
  ASSERT_EQ(holder_inbox.size(), 1u);
  EXPECT_EQ(holder_inbox[0].kind, "patent_match");
  EXPECT_EQ(holder_inbox[0].publication_number, this->listed_.publication_number);
  EXPECT_EQ(holder_inbox[0].listing_id.value_or(0), this->listing_id_);
  EXPECT_NE(NoticeText(holder_inbox[0]).find(this->listed_.publication_number), std::string::npos);

  // Again (the poster looks again, a refresh): nothing is stored or notified again; the
  // matches stay new to the poster until it reads their notices.
  IPHUB_ASSERT_OK_AND_ASSIGN(DemandMatches again,
                             this->matching_->ForDemand(&this->poster_, id, 10));
  EXPECT_EQ(again.new_matches, 0);
  EXPECT_TRUE(again.items.front().is_new);
  for (const MarketNotice& notice : poster_inbox) {
    IPHUB_ASSERT_OK(this->matching_->MarkRead(&this->poster_, notice.id).status());
  }
  IPHUB_ASSERT_OK_AND_ASSIGN(DemandMatches seen,
                             this->matching_->ForDemand(&this->poster_, id, 10));
  for (const PatentMatch& match : seen.items) EXPECT_FALSE(match.is_new);
  IPHUB_ASSERT_OK_AND_ASSIGN(DemandMatches refreshed,
                             this->matching_->Refresh(&this->poster_, id, 10));
  EXPECT_EQ(refreshed.new_matches, 0);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto still, this->matching_->Notices(&this->poster_, false));
  EXPECT_EQ(still.size(), poster_inbox.size());
  IPHUB_ASSERT_OK_AND_ASSIGN(auto holder_still, this->matching_->Notices(&this->professor_, false));
  EXPECT_EQ(holder_still.size(), 1u);

  // Read: once, and only by its organisation.
  EXPECT_TRUE(
      absl::IsNotFound(this->matching_->MarkRead(&this->poster_, holder_inbox[0].id).status()));
  IPHUB_ASSERT_OK_AND_ASSIGN(MarketNotice read,
                             this->matching_->MarkRead(&this->professor_, holder_inbox[0].id));
  EXPECT_TRUE(read.read_at.has_value());
  IPHUB_ASSERT_OK_AND_ASSIGN(auto unread, this->matching_->Notices(&this->professor_, true));
  EXPECT_TRUE(unread.empty());
  EXPECT_TRUE(absl::IsUnauthenticated(this->matching_->Notices(nullptr, false).status()));
}

TYPED_TEST(MatchingTest, APatentFindsTheOpenDemandsItAnswers) {
  const int64_t battery = this->BatteryDemand("370212");
  const int64_t draft = this->BatteryDemand("370212", /*draft=*/true);
  auto other = this->demands_->Create(
      &this->poster_, {.title = "寻求污水处理中的氨氮去除工艺",
                       .problem = "印染废水氨氮超标，希望找到低成本的生物脱氮工艺。",
                       .industry = "环保",
                       .deadline = "2027-06-30"});
  ASSERT_TRUE(other.ok()) << other.status();
  ASSERT_TRUE(this->demands_->Transition(&this->poster_, other->demand.id, "publish", {}).ok());

  IPHUB_ASSERT_OK_AND_ASSIGN(
      PatentDemandMatches found,
      this->matching_->ForPatent(&this->professor_, this->listed_.publication_number, 10));
  ASSERT_FALSE(found.items.empty());
  EXPECT_EQ(found.items.front().demand_id, battery);
  for (const DemandMatch& match : found.items) {
    EXPECT_NE(match.demand_id, draft);  // open demands only
    EXPECT_NE(match.demand_id, other->demand.id);
  }
  const DemandMatch& best = found.items.front();
  EXPECT_NE(FindReason(best.reasons, "shared_terms"), nullptr);
  EXPECT_NE(FindReason(best.reasons, "similar_text"), nullptr);
  EXPECT_NE(FindReason(best.reasons, "within_budget"), nullptr);
  EXPECT_NE(FindReason(best.reasons, "shared_class"), nullptr);
  const MatchReason* region = FindReason(best.reasons, "same_region");
  ASSERT_NE(region, nullptr);
  EXPECT_EQ(region->params["region_code"], "370200");
  // Written another way.
  IPHUB_ASSERT_OK_AND_ASSIGN(PatentDemandMatches spaced,
                             this->matching_->ForPatent(&this->professor_, "CN 119990001 B", 10));
  EXPECT_EQ(spaced.publication_number, this->listed_.publication_number);

  auto lapsed = this->matching_->ForPatent(&this->professor_, this->lapsed_.publication_number, 10);
  EXPECT_TRUE(absl::IsFailedPrecondition(lapsed.status())) << lapsed.status();
  EXPECT_TRUE(
      absl::IsNotFound(this->matching_->ForPatent(&this->professor_, "CN999999999B", 10).status()));
  EXPECT_TRUE(absl::IsUnauthenticated(
      this->matching_->ForPatent(nullptr, this->listed_.publication_number, 10).status()));
}

TYPED_TEST(MatchingTest, AHolderSeesTheOpenDemandsItsPatentsAnswer) {
  const int64_t battery = this->BatteryDemand("370212");
  auto other = this->demands_->Create(
      &this->poster_, {.title = "寻求污水处理中的氨氮去除工艺",
                       .problem = "印染废水氨氮超标，希望找到低成本的生物脱氮工艺。",
                       .industry = "环保",
                       .deadline = "2027-06-30"});
  ASSERT_TRUE(other.ok()) << other.status();
  ASSERT_TRUE(this->demands_->Transition(&this->poster_, other->demand.id, "publish", {}).ok());

  // The university offers the battery patent (its lapsed twin is not in force): the battery
  // demand comes first, answered by the listed patent, with that patent's reasons.
  IPHUB_ASSERT_OK_AND_ASSIGN(HolderDemandMatches mine,
                             this->matching_->ForHolder(&this->professor_, 10));
  EXPECT_EQ(mine.org_id, this->university_);
  EXPECT_EQ(mine.org_name, kUniversity);
  EXPECT_GE(mine.patents, 1);
  ASSERT_FALSE(mine.items.empty());
  const DemandMatch& best = mine.items.front();
  EXPECT_EQ(best.demand_id, battery);
  EXPECT_EQ(best.publication_number, this->listed_.publication_number);
  EXPECT_EQ(best.patent_title, this->listed_.title);
  EXPECT_NE(FindReason(best.reasons, "listed"), nullptr);
  EXPECT_NE(FindReason(best.reasons, "shared_terms"), nullptr);
  std::set<int64_t> demands;
  for (const DemandMatch& match : mine.items) {
    EXPECT_TRUE(demands.insert(match.demand_id).second) << "demand " << match.demand_id << " twice";
    EXPECT_NE(match.publication_number, this->lapsed_.publication_number);
    // The holder's own patents only: the listed one, or one it applied for.
    const patents::Patent& patent = this->corpus_.at(match.publication_number);
    bool held = false;
    for (const patents::Party& party : patent.applicants) held |= party.name == kUniversity;
    EXPECT_TRUE(held) << match.publication_number;
  }
  // The same score as the patent's own view of that demand.
  IPHUB_ASSERT_OK_AND_ASSIGN(
      PatentDemandMatches by_patent,
      this->matching_->ForPatent(&this->professor_, this->listed_.publication_number, 10));
  ASSERT_FALSE(by_patent.items.empty());
  EXPECT_EQ(by_patent.items.front().demand_id, battery);
  EXPECT_EQ(by_patent.items.front().score, best.score);

  // An official belongs to no organisation; nobody logged in is nobody.
  EXPECT_TRUE(absl::IsPermissionDenied(this->matching_->ForHolder(&this->qingdao_, 10).status()));
  EXPECT_FALSE(this->matching_->ForHolder(nullptr, 10).ok());
  EXPECT_TRUE(absl::IsInvalidArgument(this->matching_->ForHolder(&this->professor_, 0).status()));
}

}  // namespace
}  // namespace iphub::market
