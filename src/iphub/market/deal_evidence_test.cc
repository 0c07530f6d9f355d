// Deal evidence for valuation (deal_evidence.h): nearest-rank percentiles and IPC subclasses on
// their own; then, on both engines, a patent's own agreed deals shown whole only to those who
// may see them, and the comparable figures — withheld below three deals, split by kind family,
// bounded by the three-year window, and deaf to deals that fell through or named no price.
#include "iphub/market/deal_evidence.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iphub/base/civil_date.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/market/deal_service.h"
#include "iphub/market/market_test_base.h"
#include "iphub/market/service.h"
#include "iphub/patents/store.h"

namespace iphub::market {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kDay = 24LL * 3600 * 1000;
constexpr std::string_view kUniversity = "青岛海滨理工大学";
constexpr std::string_view kEnterprise = "济南舜耕新材料科技有限公司";

TEST(DealEvidence, PercentilesAreByNearestRank) {
  // Of 10, 20, 30, 40: ranks ceil(1) = 1, ceil(2) = 2, ceil(3) = 3.
  PriceSummary four = SummarisePrices({40, 10, 30, 20});
  EXPECT_EQ(four.min_fen, 10);
  EXPECT_EQ(four.p25_fen, 10);
  EXPECT_EQ(four.median_fen, 20);
  EXPECT_EQ(four.p75_fen, 30);
  EXPECT_EQ(four.max_fen, 40);
  // Of 5, 10, 20, 30, 40: ranks ceil(1.25) = 2, ceil(2.5) = 3, ceil(3.75) = 4.
  PriceSummary five = SummarisePrices({30, 5, 40, 20, 10});
  EXPECT_EQ(five.p25_fen, 10);
  EXPECT_EQ(five.median_fen, 20);
  EXPECT_EQ(five.p75_fen, 30);
  // One price is every figure; rank 0 is rank 1.
  PriceSummary one = SummarisePrices({7});
  EXPECT_EQ(one.min_fen, 7);
  EXPECT_EQ(one.p25_fen, 7);
  EXPECT_EQ(one.max_fen, 7);
  EXPECT_EQ(NearestRank({1, 2, 3}, 0), 1);
  EXPECT_EQ(NearestRank({1, 2, 3}, 100), 3);
}

TEST(DealEvidence, KindFamiliesAndIpcSubclasses) {
  EXPECT_EQ(KindFamilyOf(ListingKind::kTransfer), KindFamily::kAssignment);
  EXPECT_EQ(KindFamilyOf(ListingKind::kEquity), KindFamily::kAssignment);
  EXPECT_EQ(KindFamilyOf(ListingKind::kExclusiveLicence), KindFamily::kLicence);
  EXPECT_EQ(KindFamilyOf(ListingKind::kSoleLicence), KindFamily::kLicence);
  EXPECT_EQ(KindFamilyOf(ListingKind::kNonExclusiveLicence), KindFamily::kLicence);
  EXPECT_EQ(KindFamilyOf(ListingKind::kOpenLicence), KindFamily::kLicence);
  EXPECT_EQ(IpcSubclass("H01M 10/0525"), "H01M");
  EXPECT_EQ(IpcSubclass(" g01c13/00"), "G01C");
  EXPECT_EQ(IpcSubclass("H01"), "");
  EXPECT_EQ(IpcSubclass("X99Z 1/00"), "");
  EXPECT_EQ(IpcSubclass(""), "");
}

TEST(DealEvidence, FewerThanThreeDealsGiveTheCountOnly) {
  ComparableDeals two = ComparableOf(KindFamily::kLicence, "H01M", "2023-11-28", {100, 200});
  EXPECT_EQ(two.count, 2);
  EXPECT_FALSE(two.prices.has_value());
  EXPECT_THAT(two.reason, HasSubstr("fewer than 3"));
  ComparableDeals three = ComparableOf(KindFamily::kLicence, "H01M", "2023-11-28", {300, 100, 200});
  ASSERT_TRUE(three.prices.has_value());
  EXPECT_EQ(three.prices->median_fen, 200);
  EXPECT_TRUE(three.reason.empty());
  ComparableDeals unclassed = ComparableOf(KindFamily::kAssignment, "", "2023-11-28", {});
  EXPECT_FALSE(unclassed.prices.has_value());
  EXPECT_THAT(unclassed.reason, HasSubstr("no IPC subclass"));
}

patents::Patent Granted(const std::string& doc_number, const std::string& ipc) {
  return testing::CnGrant(doc_number, "一种锂离子电池正极材料的制备方法 " + doc_number,
                          std::string(kUniversity), ipc);
}

template <typename Backend>
class DealEvidenceTest : public testing::MarketTest<Backend> {
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
    listings_ = std::make_unique<ListingService>(this->db(), this->clock_);
    deals_ = std::make_unique<DealService>(this->db(), this->clock_);
    // The patent valued: a battery patent of subclass H01M.
    this->StorePatent(Granted("119990001", "H01M 10/0525"));
  }

  void TearDown() override {
    deals_.reset();
    listings_.reset();
    testing::MarketTest<Backend>::TearDown();
  }

  int64_t Publish(const std::string& number, const std::string& kind) {
    auto created = listings_->Create(&professor_, {.patent = number,
                                                   .kind = kind,
                                                   .price_fen = 20'000'000,
                                                   .terms = "五年，全国",
                                                   .industry = "新能源",
                                                   .trl = 5,
                                                   .scenarios = "动力电池"});
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

  // A deal on `listing` by the enterprise, carried to the agreement on the seller's offer of
  // `price_fen` (none: terms only). Returns the deal's id, 0 on failure.
  int64_t AgreeOn(int64_t listing, std::optional<int64_t> price_fen) {
    auto opened = deals_->Open(&buyer_, {.listing_id = listing, .message = "询价"});
    EXPECT_TRUE(opened.ok()) << opened.status();
    if (!opened.ok()) return 0;
    const int64_t id = opened->deal.id;
    EXPECT_TRUE(Fire(professor_, id, "respond").ok());
    auto offer = deals_->MakeOffer(&professor_, id, {.price_fen = price_fen, .terms = "五年"});
    EXPECT_TRUE(offer.ok()) << offer.status();
    auto agreed = Fire(buyer_, id, "agree");
    EXPECT_TRUE(agreed.ok()) << agreed.status();
    return id;
  }

  // A patent of `ipc` stored, listed as `kind` and agreed for `price_fen`.
  int64_t Agreed(const std::string& doc_number, const std::string& ipc, const std::string& kind,
                 std::optional<int64_t> price_fen) {
    this->StorePatent(Granted(doc_number, ipc));
    return AgreeOn(Publish("CN" + doc_number + "B", kind), price_fen);
  }

  // Dates a deal's agreement back to noon of `date` in Shanghai, as if agreed then.
  void AgreedOnDay(int64_t deal_id, const std::string& date) {
    const base::CivilDate day = *base::ParseCivilDate(date);
    const int64_t noon = base::DaysFromCivil(day.year, day.month, day.day) * kDay + 4 * 3'600'000;
    auto conn = this->db().Acquire();
    ASSERT_TRUE(conn.ok());
    IPHUB_ASSERT_OK(
        (*conn)->Exec("UPDATE market_deals SET agreed_at = $1 WHERE id = $2", {noon, deal_id}));
  }

  const ComparableDeals& Family(const DealEvidence& evidence, KindFamily family) {
    for (const ComparableDeals& comparable : evidence.comparable) {
      if (comparable.family == family) return comparable;
    }
    ADD_FAILURE() << "no family " << KindFamilyName(family);
    return evidence.comparable.front();
  }

  std::unique_ptr<ListingService> listings_;
  std::unique_ptr<DealService> deals_;
  int64_t university_org_ = 0, enterprise_org_ = 0, other_org_ = 0;
  auth::Principal professor_, buyer_, stranger_, qingdao_, jinan_;
};
TYPED_TEST_SUITE(DealEvidenceTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(DealEvidenceTest, OwnDealsShowIdAndPriceOnlyToThoseWhoMaySeeThem) {
  DealService& deals = *this->deals_;
  const int64_t listing = this->Publish("CN119990001B", "exclusive_licence");
  // Another buyer's inquiry, withdrawn before any agreement: not evidence.
  IPHUB_ASSERT_OK_AND_ASSIGN(DealView dropped,
                             deals.Open(&this->stranger_, {.listing_id = listing, .message = "?"}));
  IPHUB_ASSERT_OK(this->Fire(this->stranger_, dropped.deal.id, "withdraw", "预算调整").status());
  const int64_t id = this->AgreeOn(listing, 18'000'000);
  ASSERT_NE(id, 0);

  for (const auth::Principal* party : {&this->buyer_, &this->professor_, &this->qingdao_}) {
    IPHUB_ASSERT_OK_AND_ASSIGN(DealEvidence seen, deals.Evidence(party, "CN119990001B"));
    EXPECT_EQ(seen.publication_number, "CN119990001B");
    EXPECT_EQ(seen.ipc_subclass, "H01M");
    EXPECT_EQ(seen.as_of, "2026-11-28");
    ASSERT_EQ(seen.own.size(), 1u) << party->user_id;
    EXPECT_TRUE(seen.own[0].visible);
    EXPECT_EQ(seen.own[0].id, id);
    EXPECT_EQ(seen.own[0].agreed_price_fen, 18'000'000);
    EXPECT_EQ(seen.own[0].kind, ListingKind::kExclusiveLicence);
    EXPECT_EQ(seen.own[0].state, "agreed");
    EXPECT_EQ(seen.own[0].agreed_on, "2026-11-28");
    EXPECT_EQ(seen.own[0].recorded_on, "");
  }
  // Another company and another city's official learn that a deal was agreed, not its price.
  for (const auth::Principal* outsider : {&this->stranger_, &this->jinan_}) {
    IPHUB_ASSERT_OK_AND_ASSIGN(DealEvidence seen, deals.Evidence(outsider, "CN119990001B"));
    ASSERT_EQ(seen.own.size(), 1u);
    EXPECT_FALSE(seen.own[0].visible);
    EXPECT_FALSE(seen.own[0].id.has_value());
    EXPECT_FALSE(seen.own[0].agreed_price_fen.has_value());
    EXPECT_EQ(seen.own[0].kind, ListingKind::kExclusiveLicence);
    EXPECT_EQ(seen.own[0].agreed_on, "2026-11-28");
  }
  EXPECT_TRUE(absl::IsUnauthenticated(deals.Evidence(nullptr, "CN119990001B").status()));
  EXPECT_TRUE(absl::IsNotFound(deals.Evidence(&this->buyer_, "CN100000009B").status()));
  EXPECT_TRUE(absl::IsNotFound(deals.Evidence(&this->buyer_, "不是号码").status()));
  // Written without its kind; or asked of the application's earlier A publication.
  IPHUB_ASSERT_OK_AND_ASSIGN(DealEvidence by_key, deals.Evidence(&this->buyer_, " CN119990001 "));
  EXPECT_EQ(by_key.publication_number, "CN119990001B");
  patents::Patent application = Granted("112990001", "H01M 10/0525");
  application.kind = "A";
  application.publication_number = "CN112990001A";
  application.type = patents::DocumentType::kCnInventionApplication;
  application.application_number = Granted("119990001", "H01M 10/0525").application_number;
  application.grant_date = "";
  this->StorePatent(application);
  IPHUB_ASSERT_OK_AND_ASSIGN(DealEvidence by_a, deals.Evidence(&this->buyer_, "CN112990001A"));
  ASSERT_EQ(by_a.own.size(), 1u);
  EXPECT_EQ(by_a.own[0].id, id);

  // Recorded: the office's event and its date.
  IPHUB_ASSERT_OK(this->Fire(this->buyer_, id, "file_recordal", "", "X2026370000123").status());
  this->clock_.Advance(3 * kDay);
  patents::Patent recorded = Granted("119990001", "H01M 10/0525");
  recorded.legal_events = {
      {.code = "EE01",
       .date = "2026-11-30",
       .text = base::StrCat("专利实施许可合同备案的生效 合同备案号：X2026370000123 让与人：",
                            kUniversity, " 受让人：", kEnterprise, " 许可种类：独占许可")}};
  this->StorePatent(recorded);
  IPHUB_ASSERT_OK_AND_ASSIGN(int swept, deals.SweepRecordals());
  ASSERT_EQ(swept, 1);
  IPHUB_ASSERT_OK_AND_ASSIGN(DealEvidence closed, deals.Evidence(&this->stranger_, "CN119990001B"));
  ASSERT_EQ(closed.own.size(), 1u);
  EXPECT_EQ(closed.own[0].state, "closed");
  EXPECT_EQ(closed.own[0].recorded_event, "EE01 2026-11-30");
  EXPECT_EQ(closed.own[0].recorded_on, "2026-11-30");
  EXPECT_FALSE(closed.own[0].agreed_price_fen.has_value());
}

TYPED_TEST(DealEvidenceTest, ComparableFiguresByFamilyWithinThreeYearsFromThreeDealsOn) {
  DealService& deals = *this->deals_;
  // Licences on other H01M patents: two are not enough to show figures.
  this->Agreed("119990011", "H01M 4/36", "exclusive_licence", 10'000'000);
  this->Agreed("119990012", "H01M 4/58", "non_exclusive_licence", 40'000'000);
  IPHUB_ASSERT_OK_AND_ASSIGN(DealEvidence two, deals.Evidence(&this->stranger_, "CN119990001B"));
  ASSERT_EQ(two.comparable.size(), 2u);
  EXPECT_EQ(two.comparable[0].family, KindFamily::kAssignment);
  const ComparableDeals& two_licences = this->Family(two, KindFamily::kLicence);
  EXPECT_EQ(two_licences.count, 2);
  EXPECT_FALSE(two_licences.prices.has_value());
  EXPECT_THAT(two_licences.reason, HasSubstr("fewer than 3"));
  EXPECT_EQ(two_licences.ipc_subclass, "H01M");
  EXPECT_EQ(two_licences.since, "2023-11-28");

  // Two more licences (an open licence among them), and what must not count: assignments (their
  // own family), another subclass, an agreement naming no price, a deal withdrawn after
  // agreeing, one agreed over three years ago, and the valued patent's own deal.
  this->Agreed("119990013", "H01M 50/00", "open_licence", 30'000'000);
  const int64_t recent = this->Agreed("119990014", "H01M 4/13", "sole_licence", 5'000'000);
  this->AgreedOnDay(recent, "2023-11-28");  // the first day of the window
  const int64_t old = this->Agreed("119990015", "H01M 4/14", "exclusive_licence", 90'000'000);
  this->AgreedOnDay(old, "2023-11-27");  // the day before
  this->Agreed("119990016", "H01M 2/10", "transfer", 50'000'000);
  this->Agreed("119990017", "H01M 2/12", "equity", 70'000'000);
  this->Agreed("119990018", "H01L 21/02", "exclusive_licence", 60'000'000);
  this->Agreed("119990019", "H01M 8/04", "non_exclusive_licence", std::nullopt);
  const int64_t fell_through = this->Agreed("119990020", "H01M 8/06", "sole_licence", 80'000'000);
  IPHUB_ASSERT_OK(this->Fire(this->buyer_, fell_through, "withdraw", "融资未到位").status());
  this->AgreeOn(this->Publish("CN119990001B", "non_exclusive_licence"), 1'000'000);
  // A licence by another buyer still under negotiation.
  this->StorePatent(Granted("119990021", "H01M 8/08"));
  IPHUB_ASSERT_OK(
      deals
          .Open(&this->stranger_,
                {.listing_id = this->Publish("CN119990021B", "sole_licence"), .message = "询价"})
          .status());

  IPHUB_ASSERT_OK_AND_ASSIGN(DealEvidence evidence,
                             deals.Evidence(&this->stranger_, "CN119990001B"));
  // Licences: 5, 10, 30, 40 (×10⁴ yuan ×100 fen) — nearest rank of four: ranks 1, 2, 3.
  const ComparableDeals& licences = this->Family(evidence, KindFamily::kLicence);
  EXPECT_EQ(licences.count, 4);
  ASSERT_TRUE(licences.prices.has_value()) << licences.reason;
  EXPECT_EQ(licences.prices->min_fen, 5'000'000);
  EXPECT_EQ(licences.prices->p25_fen, 5'000'000);
  EXPECT_EQ(licences.prices->median_fen, 10'000'000);
  EXPECT_EQ(licences.prices->p75_fen, 30'000'000);
  EXPECT_EQ(licences.prices->max_fen, 40'000'000);
  EXPECT_TRUE(licences.reason.empty());
  // Assignments: transfer and equity, two — count only.
  const ComparableDeals& assignments = this->Family(evidence, KindFamily::kAssignment);
  EXPECT_EQ(assignments.count, 2);
  EXPECT_FALSE(assignments.prices.has_value());
  // The own licence is listed as the patent's own, not among the comparables.
  ASSERT_EQ(evidence.own.size(), 1u);
  EXPECT_EQ(evidence.own[0].kind, ListingKind::kNonExclusiveLicence);

  // A fifth licence makes the ranks 2, 3, 4 of 5, 10, 20, 30, 40.
  this->Agreed("119990022", "H01M 4/62", "exclusive_licence", 20'000'000);
  IPHUB_ASSERT_OK_AND_ASSIGN(DealEvidence five, deals.Evidence(&this->buyer_, "CN119990001B"));
  const ComparableDeals& five_licences = this->Family(five, KindFamily::kLicence);
  EXPECT_EQ(five_licences.count, 5);
  ASSERT_TRUE(five_licences.prices.has_value());
  EXPECT_EQ(five_licences.prices->p25_fen, 10'000'000);
  EXPECT_EQ(five_licences.prices->median_fen, 20'000'000);
  EXPECT_EQ(five_licences.prices->p75_fen, 30'000'000);

  // A year on, the licence agreed on 2023-11-28 has left the window.
  this->clock_.Advance(365 * kDay);
  IPHUB_ASSERT_OK_AND_ASSIGN(DealEvidence later, deals.Evidence(&this->buyer_, "CN119990001B"));
  EXPECT_EQ(this->Family(later, KindFamily::kLicence).since, "2024-11-28");
  EXPECT_EQ(this->Family(later, KindFamily::kLicence).count, 4);
}

}  // namespace
}  // namespace iphub::market
