#include "iphub/market/demand_service.h"

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/market/market_test_base.h"

namespace iphub::market {
namespace {

using testing::kNow;
constexpr int64_t kHourMs = 3'600'000;
constexpr int64_t kDayMs = 24 * kHourMs;

template <typename Backend>
class DemandServiceTest : public testing::MarketTest<Backend> {
 protected:
  void SetUp() override {
    testing::MarketTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    const int64_t enterprise = this->NewOrg("济南泉城智能装备有限公司", "enterprise", "370102", 1);
    university_ = this->NewOrg("山东理工示范大学", "university", "370102", 2);
    institute_ = this->NewOrg("青岛海洋示范研究院", "research_institute", "370202", 3);
    poster_ = this->NewUser("poster", "member", enterprise, std::nullopt);
    professor_ = this->NewUser("professor", "member", university_, std::nullopt);
    researcher_ = this->NewUser("researcher", "member", institute_, std::nullopt);
    jinan_ = this->NewUser("jinan", "official", std::nullopt, "370100");
    qingdao_ = this->NewUser("qingdao", "official", std::nullopt, "370200");
    service_ = std::make_unique<DemandService>(this->db(), this->clock_,
                                               DemandOptions{.response_days = 7});
  }

  void TearDown() override {
    service_.reset();
    testing::MarketTest<Backend>::TearDown();
  }

  DemandInput Input(std::string deadline = "2027-03-31") {
    return DemandInput{
        .title = "寻求协作机器人关节减速器降噪方案",
        .problem = "现有谐波减速器在高速工况下噪声超过 70 分贝，希望找到可落地的降噪技术。",
        .industry = "智能制造",
        .ipc = "F16H",
        .budget_fen = 80'000'000,
        .deadline = std::move(deadline),
        .contact_name = "赵工",
        .contact_phone = "0531-12345678"};
  }

  int64_t Open() {
    auto created = service_->Create(&poster_, Input());
    EXPECT_TRUE(created.ok()) << created.status();
    if (!created.ok()) return 0;
    auto published = service_->Transition(&poster_, created->demand.id, "publish", {});
    EXPECT_TRUE(published.ok()) << published.status();
    return created->demand.id;
  }

  std::unique_ptr<DemandService> service_;
  int64_t university_ = 0, institute_ = 0;
  auth::Principal poster_, professor_, researcher_, jinan_, qingdao_;
};
TYPED_TEST_SUITE(DemandServiceTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(DemandServiceTest, APublishedDemandIsPublicADraftIsNot) {
  DemandService& service = *this->service_;
  IPHUB_ASSERT_OK_AND_ASSIGN(DemandView draft, service.Create(&this->poster_, this->Input()));
  const int64_t id = draft.demand.id;
  EXPECT_EQ(draft.demand.state, "draft");
  EXPECT_EQ(draft.demand.region_code, "370102");
  EXPECT_TRUE(absl::IsNotFound(service.Get(nullptr, id).status()));
  EXPECT_TRUE(absl::IsNotFound(service.Get(&this->professor_, id).status()));
  EXPECT_TRUE(service.Get(&this->jinan_, id).ok());  // the region's reviewer

  IPHUB_ASSERT_OK_AND_ASSIGN(DemandView open,
                             service.Transition(&this->poster_, id, "publish", {}));
  EXPECT_EQ(open.demand.state, "open");
  IPHUB_ASSERT_OK_AND_ASSIGN(DemandView seen, service.Get(nullptr, id));
  EXPECT_FALSE(seen.contact_shown);
  EXPECT_EQ(seen.demand.contact_phone, "");
  IPHUB_ASSERT_OK_AND_ASSIGN(auto market, service.List(nullptr, {.text = "减速器"}));
  EXPECT_EQ(market.second, 1);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto elsewhere, service.List(nullptr, {.region_code = "370200"}));
  EXPECT_EQ(elsewhere.second, 0);
  // Only drafts change; only the posting organisation publishes.
  EXPECT_TRUE(absl::IsFailedPrecondition(
      service.Update(&this->poster_, id, this->Input(), std::nullopt).status()));
  EXPECT_TRUE(
      absl::IsPermissionDenied(service.Transition(&this->professor_, id, "close", {}).status()));
  // A reviewer of another region does not see a draft, and takes an open demand down
  // only in its own region, with a reason.
  EXPECT_TRUE(absl::IsPermissionDenied(
      service.Transition(&this->qingdao_, id, "take_down", {.reason = "x"}).status()));
  EXPECT_EQ(base::FieldOf(service.Transition(&this->jinan_, id, "take_down", {}).status()),
            std::optional<std::string>("reason"));
  IPHUB_ASSERT_OK_AND_ASSIGN(
      DemandView down, service.Transition(&this->jinan_, id, "take_down", {.reason = "重复发布"}));
  EXPECT_EQ(down.demand.state, "withdrawn");
  EXPECT_TRUE(absl::IsNotFound(service.Get(nullptr, id).status()));
}

TYPED_TEST(DemandServiceTest, APastDeadlineIsRefusedOnPublishAndBadInputNamesTheField) {
  IPHUB_ASSERT_OK_AND_ASSIGN(DemandView late,
                             this->service_->Create(&this->poster_, this->Input("2026-11-27")));
  auto refused = this->service_->Transition(&this->poster_, late.demand.id, "publish", {});
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(refused.status()));
  EXPECT_EQ(refused.status().message(),
            "deadline_ahead: the deadline 2026-11-27 has passed: set a later one first");
  // The same day is still ahead (Asia/Shanghai), and a changed draft publishes.
  IPHUB_ASSERT_OK_AND_ASSIGN(
      DemandView fixed,
      this->service_->Update(&this->poster_, late.demand.id, this->Input("2026-11-28"), 1));
  EXPECT_TRUE(this->service_->Transition(&this->poster_, fixed.demand.id, "publish", {}).ok());

  DemandInput bad = this->Input("2027-02-30");
  EXPECT_EQ(base::FieldOf(this->service_->Create(&this->poster_, bad).status()),
            std::optional<std::string>("deadline"));
  bad = this->Input();
  bad.problem = " ";
  EXPECT_EQ(base::FieldOf(this->service_->Create(&this->poster_, bad).status()),
            std::optional<std::string>("problem"));
  bad = this->Input();
  bad.budget_fen = -5;
  EXPECT_EQ(base::FieldOf(this->service_->Create(&this->poster_, bad).status()),
            std::optional<std::string>("budget_fen"));
  EXPECT_TRUE(
      absl::IsPermissionDenied(this->service_->Create(&this->jinan_, this->Input()).status()));
}

TYPED_TEST(DemandServiceTest, InvitedSuppliersAnswerOnceAndTheirTimesAreReported) {
  DemandService& service = *this->service_;
  IPHUB_ASSERT_OK_AND_ASSIGN(DemandView draft, service.Create(&this->poster_, this->Input()));
  EXPECT_TRUE(absl::IsFailedPrecondition(
      service.Invite(&this->poster_, draft.demand.id, {this->university_}).status()));
  const int64_t id = this->Open();
  const int64_t second = this->Open();

  EXPECT_EQ(
      base::FieldOf(
          service.Invite(&this->poster_, id, {this->poster_.organization_id.value()}).status()),
      std::optional<std::string>("supplier_org_ids[0]"));
  EXPECT_TRUE(
      absl::IsPermissionDenied(service.Invite(&this->professor_, id, {this->institute_}).status()));
  IPHUB_ASSERT_OK_AND_ASSIGN(
      auto invited, service.Invite(&this->poster_, id, {this->university_, this->institute_}));
  ASSERT_EQ(invited.size(), 2u);
  EXPECT_EQ(invited[0].respond_by, kNow + 7 * kDayMs);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto again, service.Invite(&this->poster_, id, {this->university_}));
  EXPECT_TRUE(again.empty());  // invited before
  IPHUB_ASSERT_OK_AND_ASSIGN(auto to_second,
                             service.Invite(&this->poster_, second, {this->university_}));
  ASSERT_EQ(to_second.size(), 1u);

  // The university answers the first in 30 hours, the second after the window.
  IPHUB_ASSERT_OK_AND_ASSIGN(auto received, service.Received(&this->professor_, "pending"));
  ASSERT_EQ(received.size(), 2u);
  this->clock_.Advance(30 * kHourMs);
  const int64_t first_invitation =
      invited[0].supplier_org_id == this->university_ ? invited[0].id : invited[1].id;
  EXPECT_TRUE(absl::IsNotFound(
      service.Answer(&this->researcher_, first_invitation, "interested", "").status()));
  EXPECT_EQ(
      base::FieldOf(service.Answer(&this->professor_, first_invitation, "maybe", "").status()),
      std::optional<std::string>("answer"));
  IPHUB_ASSERT_OK_AND_ASSIGN(
      Invitation answered,
      service.Answer(&this->professor_, first_invitation, "interested", "我校有相关专利，可面谈"));
  EXPECT_EQ(InvitationState(answered, service.now_ms()), "answered_on_time");
  EXPECT_EQ(answered.message, "我校有相关专利，可面谈");
  auto twice = service.Answer(&this->professor_, first_invitation, "declined", "");
  EXPECT_TRUE(absl::IsFailedPrecondition(twice.status())) << twice.status();

  this->clock_.Advance(8 * kDayMs);
  IPHUB_ASSERT_OK_AND_ASSIGN(
      Invitation late, service.Answer(&this->professor_, to_second[0].id, "declined", "方向不符"));
  EXPECT_EQ(InvitationState(late, service.now_ms()), "answered_late");

  // Jinan's official sees the university (370102), not the Qingdao institute; the
  // institute never answered and is overdue; Qingdao's official sees it.
  IPHUB_ASSERT_OK_AND_ASSIGN(auto jinan, service.ResponseTimes(&this->jinan_, ""));
  ASSERT_EQ(jinan.size(), 1u);
  EXPECT_EQ(jinan[0].supplier_org_id, this->university_);
  EXPECT_EQ(jinan[0].invited, 2);
  EXPECT_EQ(jinan[0].answered, 2);
  EXPECT_EQ(jinan[0].on_time, 1);
  EXPECT_EQ(jinan[0].late, 1);
  ASSERT_TRUE(jinan[0].median_response_hours.has_value());
  EXPECT_DOUBLE_EQ(*jinan[0].median_response_hours, (30.0 + 30.0 + 8 * 24.0) / 2.0);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto qingdao, service.ResponseTimes(&this->qingdao_, ""));
  ASSERT_EQ(qingdao.size(), 1u);
  EXPECT_EQ(qingdao[0].overdue, 1);
  EXPECT_EQ(qingdao[0].pending, 0);
  EXPECT_FALSE(qingdao[0].median_response_hours.has_value());
  EXPECT_TRUE(absl::IsPermissionDenied(service.ResponseTimes(&this->jinan_, "370202").status()));
  IPHUB_ASSERT_OK_AND_ASSIGN(auto own, service.ResponseTimes(&this->researcher_, ""));
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own[0].supplier_org_id, this->institute_);

  // The poster sees the answers; a closed demand takes no more.
  IPHUB_ASSERT_OK_AND_ASSIGN(auto of_demand, service.InvitationsOf(&this->poster_, id));
  ASSERT_EQ(of_demand.size(), 2u);
  EXPECT_TRUE(absl::IsNotFound(service.InvitationsOf(&this->professor_, id).status()));
  ASSERT_TRUE(service.Transition(&this->poster_, id, "close", {.reason = "已与高校达成合作"}).ok());
  const int64_t institute_invitation =
      invited[0].supplier_org_id == this->institute_ ? invited[0].id : invited[1].id;
  EXPECT_TRUE(absl::IsFailedPrecondition(
      service.Answer(&this->researcher_, institute_invitation, "interested", "").status()));
}

}  // namespace
}  // namespace iphub::market
