// Marketplace statistics on both engines: hand-built listings, demands, matches
// and deals in two cities and two months, counted by month, industry and child
// region, rolled up from county to city to province to the platform.
#include "iphub/market/statistics.h"

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "iphub/base/status.h"
#include "iphub/market/deal_service.h"
#include "iphub/market/demand_service.h"
#include "iphub/market/market_test_base.h"
#include "iphub/market/service.h"

namespace iphub::market {
namespace {

constexpr int64_t kDayMs = 24LL * 3600 * 1000;

patents::Patent Granted(const std::string& doc_number, const std::string& holder) {
  return testing::CnGrant(doc_number, "一种装置" + doc_number, holder, "B25J 9/16");
}

const MarketCounts* ChildOf(const MarketStatistics& stats, std::string_view code) {
  for (const auto& child : stats.children) {
    if (child.code == code) return &child.counts;
  }
  return nullptr;
}

template <typename Backend>
class MarketStatisticsTest : public testing::MarketTest<Backend> {
 protected:
  void SetUp() override {
    testing::MarketTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    const int64_t lixia = this->NewOrg("济南历下机器人有限公司", "enterprise", "370102", 1);
    const int64_t shizhong = this->NewOrg("济南市中材料有限公司", "enterprise", "370103", 2);
    const int64_t shinan = this->NewOrg("青岛市南海洋大学", "university", "370202", 3);
    lixia_ = this->NewUser("lixia", "org_admin", lixia, std::nullopt);
    shizhong_ = this->NewUser("shizhong", "org_admin", shizhong, std::nullopt);
    shinan_ = this->NewUser("shinan", "org_admin", shinan, std::nullopt);
    admin_ = this->NewUser("root", "platform_admin", std::nullopt, std::nullopt);
    shandong_ = this->NewUser("shandong", "official", std::nullopt, "370000");
    jinan_ = this->NewUser("jinan", "official", std::nullopt, "370100");
    qingdao_ = this->NewUser("qingdao", "official", std::nullopt, "370200");
    this->StorePatent(Granted("119980001", "济南历下机器人有限公司"));
    this->StorePatent(Granted("119980002", "济南历下机器人有限公司"));
    this->StorePatent(Granted("119980003", "青岛市南海洋大学"));
    listings_ = std::make_unique<ListingService>(this->db(), this->clock_);
    demands_ = std::make_unique<DemandService>(this->db(), this->clock_);
    deals_ = std::make_unique<DealService>(this->db(), this->clock_);
    stats_ = std::make_unique<MarketStatisticsService>(this->db(), this->clock_);
  }

  void TearDown() override {
    stats_.reset();
    deals_.reset();
    demands_.reset();
    listings_.reset();
    testing::MarketTest<Backend>::TearDown();
  }

  int64_t Publish(const auth::Principal& lister, const auth::Principal& reviewer,
                  std::string patent, std::string industry) {
    auto created = listings_->Create(&lister, {.patent = std::move(patent),
                                               .kind = "non_exclusive_licence",
                                               .price_fen = 1'000'000,
                                               .industry = std::move(industry),
                                               .trl = 6,
                                               .scenarios = "装配线"});
    EXPECT_TRUE(created.ok()) << created.status();
    if (!created.ok()) return 0;
    EXPECT_TRUE(listings_->Transition(&lister, created->listing.id, "submit", {}).ok());
    EXPECT_TRUE(listings_->Transition(&reviewer, created->listing.id, "approve", {}).ok());
    return created->listing.id;
  }

  // A deal on `listing` agreed at `price_fen`.
  void Agree(const auth::Principal& buyer, const auth::Principal& seller, int64_t listing,
             int64_t price_fen) {
    auto deal = deals_->Open(&buyer, {.listing_id = listing, .message = "询价"});
    ASSERT_TRUE(deal.ok()) << deal.status();
    ASSERT_TRUE(deals_->Transition(&seller, deal->deal.id, {.transition = "respond"}).ok());
    ASSERT_TRUE(deals_->MakeOffer(&seller, deal->deal.id, {.price_fen = price_fen}).ok());
    auto agreed = deals_->Transition(&buyer, deal->deal.id, {.transition = "agree"});
    ASSERT_TRUE(agreed.ok()) << agreed.status();
  }

  std::unique_ptr<ListingService> listings_;
  std::unique_ptr<DemandService> demands_;
  std::unique_ptr<DealService> deals_;
  std::unique_ptr<MarketStatisticsService> stats_;
  auth::Principal lixia_, shizhong_, shinan_, admin_, shandong_, jinan_, qingdao_;
};
TYPED_TEST_SUITE(MarketStatisticsTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(MarketStatisticsTest, CountsByMonthIndustryAndRegionAndRollsUp) {
  // November 2026: two listings in 历下 (Jinan), one deal agreed on the first for 12,345.67 yuan.
  const int64_t robot = this->Publish(this->lixia_, this->jinan_, "CN119980001B", "智能制造");
  const int64_t welding = this->Publish(this->lixia_, this->jinan_, "CN119980002B", "智能制造");
  this->Agree(this->shizhong_, this->lixia_, robot, 1'234'567);
  // A demand of 市中 (Jinan) published, with one match stored by the matcher.
  auto demand = this->demands_->Create(&this->shizhong_, {.title = "需要焊接机器人",
                                                          .problem = "焊缝跟踪不准",
                                                          .industry = "智能制造",
                                                          .deadline = "2027-06-30"});
  ASSERT_TRUE(demand.ok()) << demand.status();
  ASSERT_TRUE(this->demands_->Transition(&this->shizhong_, demand->demand.id, "publish", {}).ok());
  {
    auto conn = this->db().Acquire();
    ASSERT_TRUE(conn.ok());
    IPHUB_ASSERT_OK((*conn)->Exec(
        "INSERT INTO market_matches (demand_id, publication_number, patent_title, listing_id, "
        "score, first_seen, last_seen) VALUES ($1, 'CN119980002B', 't', $2, 80, $3, $3)",
        {demand->demand.id, welding, this->clock_.NowMillis()}));
  }
  // December 2026: a listing in 市南 (Qingdao), agreed for 3,000 yuan.
  this->clock_.Advance(10 * kDayMs);  // 2026-12-08
  const int64_t buoy = this->Publish(this->shinan_, this->qingdao_, "CN119980003B", "海洋装备");
  this->Agree(this->lixia_, this->shinan_, buoy, 300'000);

  // The platform: both cities under Shandong; two months, three listings, two deals.
  IPHUB_ASSERT_OK_AND_ASSIGN(MarketStatistics all,
                             this->stats_->Compute(&this->admin_, "", "2026-11", "2026-12"));
  EXPECT_EQ(all.region_code, "000000");
  EXPECT_EQ(all.totals.listings, 3);
  EXPECT_EQ(all.totals.demands, 1);
  EXPECT_EQ(all.totals.matches, 1);
  EXPECT_EQ(all.totals.deals_opened, 2);
  EXPECT_EQ(all.totals.deals_agreed, 2);
  EXPECT_EQ(all.totals.deal_value_fen, 1'534'567);
  ASSERT_NE(ChildOf(all, "370000"), nullptr);
  EXPECT_EQ(ChildOf(all, "370000")->deal_value_fen, 1'534'567);
  EXPECT_EQ(ChildOf(all, "110000")->listings, 0);
  ASSERT_EQ(all.by_month.size(), 2u);
  EXPECT_EQ(all.by_month[0].first, "2026-11");
  EXPECT_EQ(all.by_month[0].second.listings, 2);
  EXPECT_EQ(all.by_month[0].second.deal_value_fen, 1'234'567);
  EXPECT_EQ(all.by_month[1].first, "2026-12");
  EXPECT_EQ(all.by_month[1].second.listings, 1);
  EXPECT_EQ(all.by_month[1].second.deal_value_fen, 300'000);
  ASSERT_EQ(all.by_industry.size(), 2u);
  EXPECT_EQ(all.by_industry[0].first, "智能制造");  // as many deals; more listings
  EXPECT_EQ(all.by_industry[0].second.listings, 2);
  EXPECT_EQ(all.by_industry[0].second.demands, 1);

  // The province: by city. The city: by county; the province's official may look down.
  IPHUB_ASSERT_OK_AND_ASSIGN(MarketStatistics province,
                             this->stats_->Compute(&this->shandong_, "", "2026-11", "2026-12"));
  EXPECT_EQ(province.region_code, "370000");
  EXPECT_EQ(ChildOf(province, "370100")->listings, 2);
  EXPECT_EQ(ChildOf(province, "370100")->deal_value_fen, 1'234'567);
  EXPECT_EQ(ChildOf(province, "370200")->listings, 1);
  EXPECT_EQ(ChildOf(province, "370200")->deal_value_fen, 300'000);
  IPHUB_ASSERT_OK_AND_ASSIGN(
      MarketStatistics city,
      this->stats_->Compute(&this->shandong_, "370100", "2026-11", "2026-12"));
  EXPECT_EQ(city.totals.listings, 2);
  EXPECT_EQ(city.totals.demands, 1);
  EXPECT_EQ(ChildOf(city, "370102")->listings, 2);
  EXPECT_EQ(ChildOf(city, "370103")->demands, 1);
  EXPECT_EQ(ChildOf(city, "370103")->matches, 1);
  // The sums of the children and the unplaced equal the total.
  int64_t listings = city.unplaced.listings;
  for (const auto& child : city.children) listings += child.counts.listings;
  EXPECT_EQ(listings, city.totals.listings);

  // A window of November only leaves December out.
  IPHUB_ASSERT_OK_AND_ASSIGN(MarketStatistics november,
                             this->stats_->Compute(&this->admin_, "", "2026-11", "2026-11"));
  EXPECT_EQ(november.totals.listings, 2);
  EXPECT_EQ(november.totals.deal_value_fen, 1'234'567);
}

TYPED_TEST(MarketStatisticsTest, OfficialsSeeTheirRegionOnlyAndBadWindowsAreNamed) {
  EXPECT_TRUE(absl::IsNotFound(this->stats_->Compute(&this->qingdao_, "370100", "", "").status()));
  EXPECT_TRUE(absl::IsNotFound(this->stats_->Compute(&this->jinan_, "000000", "", "").status()));
  EXPECT_TRUE(absl::IsPermissionDenied(this->stats_->Compute(&this->lixia_, "", "", "").status()));
  EXPECT_TRUE(absl::IsUnauthenticated(this->stats_->Compute(nullptr, "", "", "").status()));
  IPHUB_ASSERT_OK_AND_ASSIGN(MarketStatistics mine,
                             this->stats_->Compute(&this->jinan_, "", "", ""));
  EXPECT_EQ(mine.region_code, "370100");
  EXPECT_EQ(mine.by_month.size(), 12u);
  EXPECT_EQ(mine.to_month, "2026-11");
  EXPECT_EQ(mine.from_month, "2025-12");
  auto bad = this->stats_->Compute(&this->jinan_, "", "2026-13", "");
  EXPECT_EQ(base::FieldOf(bad.status()), "from");
  auto backwards = this->stats_->Compute(&this->jinan_, "", "2026-11", "2026-01");
  EXPECT_EQ(base::FieldOf(backwards.status()), "to");
  auto long_window = this->stats_->Compute(&this->jinan_, "", "2000-01", "2026-11");
  EXPECT_EQ(base::FieldOf(long_window.status()), "from");
}

}  // namespace
}  // namespace iphub::market
