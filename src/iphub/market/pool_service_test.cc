// Patent pools on both engines: an enterprise creates a pool, adds a
// university, each contributes a patent it holds (a lapsed one or someone
// else's is refused with the reason), the pool is published once it has a
// patent in force and terms; drafts stay private; a member leaves with its
// patents; every change is audited.
#include "iphub/market/pool_service.h"

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iphub/base/status.h"
#include "iphub/market/market_test_base.h"

namespace iphub::market {
namespace {

using ::testing::HasSubstr;

patents::Patent Granted(const std::string& doc_number, const std::string& holder,
                        std::vector<patents::LegalEvent> events = {}) {
  return testing::CnGrant(doc_number, "一种无线通信方法" + doc_number, holder, "H04W 72/04",
                          std::move(events));
}

template <typename Backend>
class PoolServiceTest : public testing::MarketTest<Backend> {
 protected:
  void SetUp() override {
    testing::MarketTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    enterprise_org_ = this->NewOrg("济南泉城通信有限公司", "enterprise", "370102", 1);
    university_org_ = this->NewOrg("青岛海滨理工大学", "university", "370202", 2);
    other_org_ = this->NewOrg("济南舜耕新材料科技有限公司", "enterprise", "370103", 3);
    admin_ = this->NewUser("admin1", "org_admin", enterprise_org_, std::nullopt);
    professor_ = this->NewUser("professor", "org_admin", university_org_, std::nullopt);
    stranger_ = this->NewUser("stranger", "member", other_org_, std::nullopt);
    jinan_ = this->NewUser("jinan", "official", std::nullopt, "370100");
    qingdao_ = this->NewUser("qingdao", "official", std::nullopt, "370200");
    this->StorePatent(Granted("119970001", "济南泉城通信有限公司"));
    this->StorePatent(Granted("119970002", "青岛海滨理工大学"));
    this->StorePatent(
        Granted("119970003", "济南泉城通信有限公司",
                {{.code = "CF01", .date = "2025-03-01", .text = "未缴年费专利权终止"}}));
    pools_ = std::make_unique<PoolService>(this->db(), this->clock_);
  }

  void TearDown() override {
    pools_.reset();
    testing::MarketTest<Backend>::TearDown();
  }

  std::vector<std::string> PoolAudit() {
    auto conn = this->db().Acquire();
    EXPECT_TRUE(conn.ok());
    auto result = (*conn)->Query("SELECT action FROM audit_log ORDER BY id");
    std::vector<std::string> out;
    if (!result.ok()) return out;
    for (const db::Row& row : result->rows) {
      if (row.Text(0).starts_with("pool")) out.push_back(row.Text(0));
    }
    return out;
  }

  std::unique_ptr<PoolService> pools_;
  int64_t enterprise_org_ = 0, university_org_ = 0, other_org_ = 0;
  auth::Principal admin_, professor_, stranger_, jinan_, qingdao_;
};
TYPED_TEST_SUITE(PoolServiceTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(PoolServiceTest, MembersContributeWhatTheyHoldAndThePoolIsPublished) {
  PoolService& pools = *this->pools_;
  IPHUB_ASSERT_OK_AND_ASSIGN(PoolView created,
                             pools.Create(&this->admin_, {.name = "5G 工业物联网专利池",
                                                          .technology = "工业现场 5G 低时延通信",
                                                          .ipc = "H04W",
                                                          .royalty_fen = 5'000'000}));
  const int64_t id = created.pool.id;
  EXPECT_EQ(created.pool.state, "draft");
  EXPECT_EQ(created.role, "administrator");
  EXPECT_EQ(created.pool.region_code, "370102");
  ASSERT_EQ(created.members.size(), 1u);
  EXPECT_TRUE(created.members[0].administrator);

  // A draft is the members' and the region's officials' only.
  EXPECT_TRUE(absl::IsNotFound(pools.Get(&this->stranger_, id).status()));
  EXPECT_TRUE(absl::IsNotFound(pools.Get(nullptr, id).status()));
  EXPECT_TRUE(absl::IsNotFound(pools.Get(&this->qingdao_, id).status()));
  IPHUB_ASSERT_OK(pools.Get(&this->jinan_, id).status());

  // Publishing needs a patent in force and terms: both named.
  auto empty = pools.Transition(&this->admin_, id, "publish", {});
  EXPECT_TRUE(absl::IsFailedPrecondition(empty.status())) << empty.status();
  EXPECT_THAT(std::string(empty.status().message()),
              HasSubstr("has_patents: the pool holds no patent yet"));

  // Only members contribute (a draft does not even exist for others), only what they hold, only
  // in force.
  EXPECT_TRUE(absl::IsNotFound(pools.AddPatent(&this->professor_, id, "CN119970002B").status()));
  auto lapsed = pools.AddPatent(&this->admin_, id, "CN119970003B");
  EXPECT_TRUE(absl::IsFailedPrecondition(lapsed.status())) << lapsed.status();
  EXPECT_THAT(std::string(lapsed.status().message()), HasSubstr("is not in force"));
  auto foreign = pools.AddPatent(&this->admin_, id, "CN119970002B");
  EXPECT_TRUE(absl::IsFailedPrecondition(foreign.status())) << foreign.status();
  EXPECT_THAT(std::string(foreign.status().message()), HasSubstr("is held by 青岛海滨理工大学"));
  IPHUB_ASSERT_OK(pools.AddPatent(&this->admin_, id, "CN119970001B").status());
  EXPECT_TRUE(absl::IsAlreadyExists(pools.AddPatent(&this->admin_, id, "CN119970001B").status()));

  IPHUB_ASSERT_OK(pools.AddMember(&this->admin_, id, this->university_org_).status());
  // A member does not add members.
  EXPECT_TRUE(
      absl::IsPermissionDenied(pools.AddMember(&this->professor_, id, this->other_org_).status()));
  IPHUB_ASSERT_OK_AND_ASSIGN(PoolView joined,
                             pools.AddPatent(&this->professor_, id, "CN119970002B"));
  EXPECT_EQ(joined.role, "member");
  ASSERT_EQ(joined.patents.size(), 2u);
  EXPECT_EQ(joined.patents[1].contributor_name, "青岛海滨理工大学");
  EXPECT_EQ(joined.patents[1].legal_status, "valid");

  auto no_terms = pools.Transition(&this->admin_, id, "publish", {});
  EXPECT_TRUE(absl::IsFailedPrecondition(no_terms.status())) << no_terms.status();
  EXPECT_THAT(std::string(no_terms.status().message()), HasSubstr("terms_set"));
  IPHUB_ASSERT_OK(pools
                      .Update(&this->admin_, id,
                              {.name = "5G 工业物联网专利池",
                               .technology = "工业现场 5G 低时延通信",
                               .ipc = "H04W",
                               .royalty_fen = 5'000'000,
                               .terms = "一揽子普通许可，每年 5 万元，按年支付"},
                              std::nullopt)
                      .status());
  EXPECT_TRUE(
      absl::IsPermissionDenied(pools.Transition(&this->professor_, id, "publish", {}).status()));
  IPHUB_ASSERT_OK_AND_ASSIGN(PoolView published,
                             pools.Transition(&this->admin_, id, "publish", {}));
  EXPECT_EQ(published.pool.state, "published");

  // Public now, in the market list too.
  IPHUB_ASSERT_OK_AND_ASSIGN(PoolView seen, pools.Get(nullptr, id));
  EXPECT_EQ(seen.pool.patent_count, 2);
  EXPECT_FALSE(seen.role.has_value());
  IPHUB_ASSERT_OK_AND_ASSIGN(auto market, pools.List(nullptr, {.text = "5G"}));
  EXPECT_EQ(market.second, 1);

  // The university leaves; its patent leaves with it. The administrator cannot leave.
  IPHUB_ASSERT_OK_AND_ASSIGN(PoolView left,
                             pools.RemoveMember(&this->professor_, id, this->university_org_));
  EXPECT_EQ(left.patents.size(), 1u);
  EXPECT_TRUE(absl::IsFailedPrecondition(
      pools.RemoveMember(&this->admin_, id, this->enterprise_org_).status()));

  IPHUB_ASSERT_OK(pools.Transition(&this->admin_, id, "close", {}).status());
  EXPECT_TRUE(
      absl::IsFailedPrecondition(pools.AddPatent(&this->admin_, id, "CN119970001B").status()));

  EXPECT_EQ(this->PoolAudit(),
            (std::vector<std::string>{"pool.start", "pool.patent_add", "pool.member_add",
                                      "pool.patent_add", "pool.update", "pool.publish",
                                      "pool.member_remove", "pool.close"}));
}

}  // namespace
}  // namespace iphub::market
