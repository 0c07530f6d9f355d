// Deals on both engines: the whole way from an inquiry to the recorded licence,
// every transition refused where the machine or a check says so, who sees a
// deal, and the platform's own recordal sweep.
#include "iphub/market/deal_service.h"

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iphub/auth/audit.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/market/market_test_base.h"
#include "iphub/market/service.h"
#include "iphub/patents/store.h"

namespace iphub::market {
namespace {

using ::testing::HasSubstr;

using testing::kNow;
constexpr int64_t kDay = 24LL * 3600 * 1000;
constexpr std::string_view kUniversity = "青岛海滨理工大学";
constexpr std::string_view kEnterprise = "济南舜耕新材料科技有限公司";

patents::Patent Granted(const std::string& doc_number) {
  return testing::CnGrant(doc_number, "一种海洋监测浮标的低功耗数据采集系统",
                          std::string(kUniversity), "G01C 13/00");
}

std::vector<std::string> Names(const std::vector<workflow::Option>& actions) {
  std::vector<std::string> out;
  for (const auto& option : actions) out.push_back(option.transition->name);
  return out;
}

template <typename Backend>
class DealServiceTest : public testing::MarketTest<Backend> {
 protected:
  void SetUp() override {
    testing::MarketTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    university_org_ = this->NewOrg(std::string(kUniversity), "university", "370202", 1);
    enterprise_org_ = this->NewOrg(std::string(kEnterprise), "enterprise", "370103", 2);
    other_org_ = this->NewOrg("济南泉城智能装备有限公司", "enterprise", "370102", 3);
    professor_ = this->NewUser("professor", "org_admin", university_org_, std::nullopt);
    buyer_ = this->NewUser("buyer", "org_admin", enterprise_org_, std::nullopt);
    stranger_ = this->NewUser("stranger", "member", other_org_, std::nullopt);
    qingdao_ = this->NewUser("qingdao", "official", std::nullopt, "370200");
    jinan_ = this->NewUser("jinan", "official", std::nullopt, "370100");

    this->StorePatent(Granted("119990001"));
    listings_ = std::make_unique<ListingService>(this->db(), this->clock_);
    deals_ = std::make_unique<DealService>(this->db(), this->clock_);
    listing_ = Publish("CN119990001B", "exclusive_licence");
  }

  void TearDown() override {
    deals_.reset();
    listings_.reset();
    testing::MarketTest<Backend>::TearDown();
  }

  int64_t Publish(std::string patent, std::string kind) {
    auto created = listings_->Create(&professor_, {.patent = std::move(patent),
                                                   .kind = std::move(kind),
                                                   .price_fen = 20'000'000,
                                                   .terms = "独占许可，五年，全国",
                                                   .industry = "海洋装备",
                                                   .trl = 5,
                                                   .scenarios = "近海环境监测"});
    EXPECT_TRUE(created.ok()) << created.status();
    if (!created.ok()) return 0;
    EXPECT_TRUE(listings_->Transition(&professor_, created->listing.id, "submit", {}).ok());
    auto approved = listings_->Transition(&qingdao_, created->listing.id, "approve", {});
    EXPECT_TRUE(approved.ok()) << approved.status();
    return created->listing.id;
  }

  absl::StatusOr<DealView> Fire(const auth::Principal& who, int64_t id, std::string transition,
                                std::string reason = "", std::string recordal_number = "") {
    return deals_->Transition(&who, id,
                              {.transition = std::move(transition),
                               .options = {.reason = std::move(reason)},
                               .recordal_number = std::move(recordal_number)});
  }

  // An EE01 naming the enterprise as licensee, imported on `date`.
  void RecordLicence(std::string date, std::string licensee = std::string(kEnterprise)) {
    patents::Patent patent = Granted("119990001");
    patent.legal_events = {
        {.code = "EE01",
         .date = std::move(date),
         .text = base::StrCat("专利实施许可合同备案的生效 合同备案号：X2026370000123 "
                              "让与人：",
                              kUniversity, " 受让人：", licensee, " 许可种类：独占许可")}};
    this->StorePatent(patent);
  }

  std::vector<std::string> DealAudit() {
    auto conn = this->db().Acquire();
    EXPECT_TRUE(conn.ok());
    auto result = (*conn)->Query("SELECT action FROM audit_log ORDER BY id");
    std::vector<std::string> out;
    if (!result.ok()) return out;
    for (const db::Row& row : result->rows) {
      if (row.Text(0).starts_with("deal")) out.push_back(row.Text(0));
    }
    return out;
  }

  std::unique_ptr<ListingService> listings_;
  std::unique_ptr<DealService> deals_;
  int64_t university_org_ = 0, enterprise_org_ = 0, other_org_ = 0, listing_ = 0;
  auth::Principal professor_, buyer_, stranger_, qingdao_, jinan_;
};
TYPED_TEST_SUITE(DealServiceTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(DealServiceTest, AnEnterpriseAndAUniversityCarryALicenceToItsRecordal) {
  DealService& deals = *this->deals_;
  IPHUB_ASSERT_OK_AND_ASSIGN(
      DealView opened,
      deals.Open(&this->buyer_, {.listing_id = this->listing_, .message = "我们想获得独占许可"}));
  const int64_t id = opened.deal.id;
  EXPECT_EQ(opened.deal.state, "inquiry");
  EXPECT_EQ(opened.side, DealSide::kBuyer);
  EXPECT_EQ(opened.deal.seller_org_name, kUniversity);
  EXPECT_EQ(opened.deal.asking_price_fen, 20'000'000);
  ASSERT_EQ(opened.messages.size(), 1u);
  EXPECT_EQ(opened.messages[0].text, "我们想获得独占许可");
  EXPECT_EQ(Names(opened.actions), (std::vector<std::string>{"withdraw"}));

  // No offers before the seller responds.
  auto early = deals.MakeOffer(&this->buyer_, id, {.price_fen = 10'000'000});
  EXPECT_TRUE(absl::IsFailedPrecondition(early.status())) << early.status();
  EXPECT_THAT(std::string(early.status().message()), HasSubstr("the seller responds first"));

  IPHUB_ASSERT_OK_AND_ASSIGN(DealView seller_view, deals.Get(&this->professor_, id));
  EXPECT_EQ(seller_view.side, DealSide::kSeller);
  EXPECT_EQ(Names(seller_view.actions), (std::vector<std::string>{"respond", "withdraw"}));
  IPHUB_ASSERT_OK(this->Fire(this->professor_, id, "respond").status());

  // Offer, counter-offer: the newer supersedes the older; nobody accepts their own.
  IPHUB_ASSERT_OK_AND_ASSIGN(
      DealOffer first,
      deals.MakeOffer(&this->professor_, id, {.price_fen = 25'000'000, .terms = "五年，全国"}));
  auto own = this->Fire(this->professor_, id, "agree");
  EXPECT_TRUE(absl::IsFailedPrecondition(own.status())) << own.status();
  EXPECT_THAT(std::string(own.status().message()), HasSubstr("is your own"));
  IPHUB_ASSERT_OK_AND_ASSIGN(
      DealOffer counter,
      deals.MakeOffer(&this->buyer_, id, {.price_fen = 18'000'000, .terms = "五年，山东省内"}));
  // The seller saw the first offer only: accepting it now is refused, naming the newer one.
  auto stale =
      deals.Transition(&this->professor_, id, {.transition = "agree", .offer_id = first.id});
  EXPECT_TRUE(absl::IsFailedPrecondition(stale.status())) << stale.status();
  EXPECT_THAT(std::string(stale.status().message()),
              HasSubstr(base::StrCat("offer ", counter.id, " replaced it")));
  IPHUB_ASSERT_OK_AND_ASSIGN(DealView buyer_view, deals.Get(&this->buyer_, id));
  for (const auto& option : buyer_view.actions) {
    if (option.transition->name == "agree") {
      EXPECT_FALSE(option.allowed);
      EXPECT_THAT(option.blocked_by, HasSubstr("yours"));
    }
  }

  IPHUB_ASSERT_OK_AND_ASSIGN(
      DealView agreed,
      deals.Transition(&this->professor_, id, {.transition = "agree", .offer_id = counter.id}));
  EXPECT_EQ(agreed.deal.state, "agreed");
  EXPECT_EQ(agreed.deal.agreed_price_fen, 18'000'000);
  EXPECT_EQ(agreed.deal.agreed_terms, "五年，山东省内");
  ASSERT_EQ(agreed.offers.size(), 2u);
  EXPECT_EQ(agreed.offers[0].status, OfferStatus::kSuperseded);
  EXPECT_EQ(agreed.offers[1].status, OfferStatus::kAccepted);
  ASSERT_TRUE(agreed.contract.has_value());
  EXPECT_EQ(agreed.contract->template_name, "licence");
  EXPECT_THAT(agreed.contract->text, HasSubstr("被许可方（乙方）：济南舜耕新材料科技有限公司"));
  EXPECT_THAT(agreed.contract->text, HasSubstr("人民币 180,000.00 元（大写：壹拾捌万元整）"));
  EXPECT_THAT(agreed.contract->text, HasSubstr("独占实施许可"));
  IPHUB_ASSERT_OK_AND_ASSIGN(std::string pdf, deals.ContractPdf(&this->buyer_, id));
  EXPECT_TRUE(pdf.starts_with("%PDF-"));
  EXPECT_TRUE(absl::IsNotFound(deals.ContractPdf(&this->stranger_, id).status()));

  // The recordal: a bad number is refused, a good one filed; the official cannot confirm
  // it until the office's event is on the patent.
  auto bad = this->Fire(this->buyer_, id, "file_recordal", "", "x");
  EXPECT_TRUE(absl::IsInvalidArgument(bad.status())) << bad.status();
  IPHUB_ASSERT_OK(this->Fire(this->buyer_, id, "file_recordal", "", "X2026370000123").status());
  auto early_record = this->Fire(this->qingdao_, id, "record");
  EXPECT_TRUE(absl::IsFailedPrecondition(early_record.status())) << early_record.status();
  EXPECT_THAT(std::string(early_record.status().message()),
              HasSubstr("recordal_on_register: CN119990001B shows no EE01"));
  // A licence recorded to someone else does not count; nor does the sweep find anything.
  this->clock_.Advance(3 * kDay);
  this->RecordLicence("2026-11-30", "丙公司");
  IPHUB_ASSERT_OK_AND_ASSIGN(int none, deals.SweepRecordals());
  EXPECT_EQ(none, 0);
  this->RecordLicence("2026-11-30");
  IPHUB_ASSERT_OK_AND_ASSIGN(int swept, deals.SweepRecordals());
  EXPECT_EQ(swept, 1);
  IPHUB_ASSERT_OK_AND_ASSIGN(DealView closed, deals.Get(&this->buyer_, id));
  EXPECT_EQ(closed.deal.state, "closed");
  EXPECT_EQ(closed.deal.recorded_event, "EE01 2026-11-30");
  EXPECT_EQ(closed.deal.recordal_number, "X2026370000123");
  ASSERT_GE(closed.history.size(), 2u);
  EXPECT_EQ(closed.history[closed.history.size() - 2].transition, "record");
  EXPECT_EQ(closed.history.back().actor, "system");
  IPHUB_ASSERT_OK_AND_ASSIGN(int again, deals.SweepRecordals());
  EXPECT_EQ(again, 0);
  // Final: no more messages.
  EXPECT_TRUE(absl::IsFailedPrecondition(deals.Say(&this->buyer_, id, "谢谢").status()));

  EXPECT_EQ(
      this->DealAudit(),
      (std::vector<std::string>{"deal.start", "deal.respond", "deal.offer", "deal.offer",
                                "deal.agree", "deal.file_recordal", "deal.record", "deal.close"}));
  auto conn = this->db().Acquire();
  ASSERT_TRUE(conn.ok());
  IPHUB_ASSERT_OK_AND_ASSIGN(auth::AuditVerification verified, auth::VerifyAudit(**conn));
  EXPECT_TRUE(verified.intact) << verified.reason;
}

TYPED_TEST(DealServiceTest, OnlyThePartiesAndTheRegionsOfficialsSeeADeal) {
  DealService& deals = *this->deals_;
  IPHUB_ASSERT_OK_AND_ASSIGN(
      DealView opened,
      deals.Open(&this->buyer_, {.listing_id = this->listing_, .message = "询价"}));
  const int64_t id = opened.deal.id;
  EXPECT_TRUE(absl::IsNotFound(deals.Get(&this->stranger_, id).status()));
  EXPECT_TRUE(absl::IsNotFound(deals.Get(&this->jinan_, id).status()));  // another city
  EXPECT_TRUE(absl::IsUnauthenticated(deals.Get(nullptr, id).status()));
  IPHUB_ASSERT_OK_AND_ASSIGN(DealView official, deals.Get(&this->qingdao_, id));
  EXPECT_TRUE(official.official);
  EXPECT_FALSE(official.side.has_value());
  // Officials read; they do not negotiate.
  EXPECT_TRUE(absl::IsPermissionDenied(deals.Say(&this->qingdao_, id, "你好").status()));
  EXPECT_TRUE(absl::IsPermissionDenied(this->Fire(this->qingdao_, id, "respond").status()));
  EXPECT_TRUE(absl::IsNotFound(deals.Say(&this->stranger_, id, "你好").status()));

  IPHUB_ASSERT_OK_AND_ASSIGN(auto mine, deals.List(&this->professor_, {.scope = "mine"}));
  EXPECT_EQ(mine.second, 1);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto theirs, deals.List(&this->stranger_, {.scope = "mine"}));
  EXPECT_EQ(theirs.second, 0);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto region, deals.List(&this->qingdao_, {.scope = "region"}));
  EXPECT_EQ(region.second, 1);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto jinan, deals.List(&this->jinan_, {.scope = "region"}));
  EXPECT_EQ(jinan.second, 0);
  EXPECT_TRUE(absl::IsPermissionDenied(deals.List(&this->buyer_, {.scope = "region"}).status()));
}

TYPED_TEST(DealServiceTest, DealsOpenOnlyOnPublishedListingsOfOthersAndOneAtATime) {
  DealService& deals = *this->deals_;
  // The university does not buy its own patent.
  auto own = deals.Open(&this->professor_, {.listing_id = this->listing_, .message = "?"});
  EXPECT_TRUE(absl::IsInvalidArgument(own.status())) << own.status();
  // An empty message, an unknown listing.
  EXPECT_TRUE(absl::IsInvalidArgument(
      deals.Open(&this->buyer_, {.listing_id = this->listing_, .message = " "}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      deals.Open(&this->buyer_, {.listing_id = 999, .message = "询价"}).status()));
  // Someone else's demand cannot be attached.
  auto with_demand = deals.Open(
      &this->buyer_, {.listing_id = this->listing_, .demand_id = 12345, .message = "询价"});
  EXPECT_TRUE(absl::IsInvalidArgument(with_demand.status())) << with_demand.status();
  EXPECT_EQ(base::FieldOf(with_demand.status()), "demand_id");

  IPHUB_ASSERT_OK_AND_ASSIGN(
      DealView first, deals.Open(&this->buyer_, {.listing_id = this->listing_, .message = "询价"}));
  auto second = deals.Open(&this->buyer_, {.listing_id = this->listing_, .message = "再询价"});
  EXPECT_TRUE(absl::IsFailedPrecondition(second.status())) << second.status();
  // Withdrawn (with a reason), the buyer may ask again.
  EXPECT_TRUE(
      absl::IsInvalidArgument(this->Fire(this->buyer_, first.deal.id, "withdraw").status()));
  IPHUB_ASSERT_OK(this->Fire(this->buyer_, first.deal.id, "withdraw", "预算调整").status());
  IPHUB_ASSERT_OK(
      deals.Open(&this->buyer_, {.listing_id = this->listing_, .message = "重新询价"}).status());

  // A listing taken off the market takes no new deals.
  IPHUB_ASSERT_OK(
      this->listings_->Transition(&this->professor_, this->listing_, "close", {}).status());
  auto closed = deals.Open(&this->stranger_, {.listing_id = this->listing_, .message = "询价"});
  EXPECT_TRUE(absl::IsFailedPrecondition(closed.status())) << closed.status();
}

TYPED_TEST(DealServiceTest, EveryIllegalTransitionIsRefusedWithTheStateNamed) {
  DealService& deals = *this->deals_;
  IPHUB_ASSERT_OK_AND_ASSIGN(
      DealView opened,
      deals.Open(&this->buyer_, {.listing_id = this->listing_, .message = "询价"}));
  const int64_t id = opened.deal.id;
  for (const std::string transition : {"agree", "file_recordal", "record", "close"}) {
    auto refused = this->Fire(this->professor_, id, transition, "", "X2026370000123");
    EXPECT_TRUE(absl::IsFailedPrecondition(refused.status()) ||
                absl::IsPermissionDenied(refused.status()))
        << transition << ": " << refused.status();
    if (absl::IsFailedPrecondition(refused.status())) {
      EXPECT_THAT(std::string(refused.status().message()), HasSubstr("\"inquiry\"")) << transition;
    }
  }
  // Agreement needs an offer standing.
  IPHUB_ASSERT_OK(this->Fire(this->professor_, id, "respond").status());
  auto bare = this->Fire(this->buyer_, id, "agree");
  EXPECT_TRUE(absl::IsFailedPrecondition(bare.status())) << bare.status();
  EXPECT_THAT(std::string(bare.status().message()), HasSubstr("offer_standing"));
  IPHUB_ASSERT_OK_AND_ASSIGN(DealView still, deals.Get(&this->buyer_, id));
  EXPECT_EQ(still.deal.state, "negotiating");
  EXPECT_FALSE(still.contract.has_value());
  EXPECT_TRUE(absl::IsNotFound(deals.ContractPdf(&this->buyer_, id).status()));
}

}  // namespace
}  // namespace iphub::market
