#include "iphub/market/service.h"

#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "iphub/auth/audit.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/market/market_test_base.h"
#include "iphub/patents/rights.h"
#include "iphub/patents/rights_store.h"
#include "iphub/patents/store.h"

namespace iphub::market {
namespace {

using testing::kNow;
constexpr std::string_view kHolder = "济南星河电池有限公司";

patents::Patent Granted(const std::string& doc_number, std::vector<patents::LegalEvent> events,
                        std::string applicant = std::string(kHolder)) {
  patents::Patent patent;
  patent.country = "CN";
  patent.doc_number = doc_number;
  patent.kind = "B";
  patent.publication_number = "CN" + doc_number + "B";
  patent.type = patents::DocumentType::kCnInventionGrant;
  patent.application_number = "2020100" + doc_number.substr(3) + ".1";
  patent.application_date = "2020-01-15";
  patent.publication_date = "2022-06-01";
  patent.grant_date = "2022-06-01";
  patent.language = "zh";
  patent.title = "一种电池热管理装置" + doc_number;
  patent.applicants = {{.name = std::move(applicant), .country = "CN"}};
  patent.ipc_main = "H01M 10/613";
  patent.ipc = {{.symbol = "H01M 10/613"}};
  patent.legal_events = std::move(events);
  return patent;
}

template <typename Backend>
class ListingServiceTest : public testing::MarketTest<Backend> {
 protected:
  void SetUp() override {
    testing::MarketTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    holder_org_ = this->NewOrg(std::string(kHolder), "enterprise", "370102", 1);
    agency_org_ = this->NewOrg("泉城专利代理事务所", "ip_agency", "370102", 2);
    other_org_ = this->NewOrg("舜耕新材料有限公司", "enterprise", "370102", 3);
    holder_ = this->NewUser("holder", "member", holder_org_, std::nullopt);
    agent_ = this->NewUser("agent", "member", agency_org_, std::nullopt);
    stranger_ = this->NewUser("stranger", "member", other_org_, std::nullopt);
    jinan_ = this->NewUser("jinan", "official", std::nullopt, "370100");
    qingdao_ = this->NewUser("qingdao", "official", std::nullopt, "370200");

    this->StorePatent(Granted("110000001", {}));
    this->StorePatent(Granted(
        "110000002", {{.code = "CF01", .date = "2025-03-01", .text = "未缴年费专利权终止"}}));
    this->StorePatent(
        Granted("110000003", {{.code = "TR01",
                               .date = "2024-02-01",
                               .text = "专利权的转移 变更前权利人：济南星河电池有限公司 "
                                       "变更后权利人：青岛海纳储能科技有限公司"}}));
    this->StorePatent(
        Granted("110000004", {{.code = "EE01",
                               .date = "2023-01-02",
                               .text = "专利实施许可合同备案的生效 合同备案号：X2023370000001 "
                                       "让与人：济南星河电池有限公司 受让人：丁公司 "
                                       "许可种类：独占许可"}}));
    this->StorePatent(
        Granted("110000005", {{.code = "PE01",
                               .date = "2024-03-01",
                               .text = "专利权质押合同登记的生效 登记号：Y2024370000009 "
                                       "出质人：济南星河电池有限公司 质权人：齐鲁银行"}}));
    // The holder's name written another way in the record: normalisation joins them.
    this->StorePatent(Granted("110000006", {}, "济南星河电池有限责任公司"));
    service_ = std::make_unique<ListingService>(this->db(), this->clock_);
  }

  void TearDown() override {
    service_.reset();
    testing::MarketTest<Backend>::TearDown();
  }

  ListingInput Input(std::string patent, std::string kind = "non_exclusive_licence") {
    return ListingInput{.patent = std::move(patent),
                        .kind = std::move(kind),
                        .price_fen = 50'000'000,
                        .terms = "许可期限三年",
                        .industry = "新能源",
                        .trl = 7,
                        .scenarios = "储能电站电池包热管理",
                        .contact_name = "王工",
                        .contact_phone = "0531-88888888"};
  }

  int64_t Draft(const auth::Principal& who, ListingInput input) {
    auto created = service_->Create(&who, std::move(input));
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? created->listing.id : 0;
  }

  absl::StatusOr<ListingView> Fire(const auth::Principal& who, int64_t id, std::string_view name,
                                   std::string reason = "") {
    return service_->Transition(&who, id, name, {.reason = std::move(reason)});
  }

  std::vector<std::string> ListingAudit() {
    auto conn = this->db().Acquire();
    EXPECT_TRUE(conn.ok());
    auto result = (*conn)->Query("SELECT action FROM audit_log ORDER BY id");
    std::vector<std::string> out;
    if (!result.ok()) return out;
    for (const db::Row& row : result->rows) {
      if (row.Text(0).starts_with("listing")) out.push_back(row.Text(0));
    }
    return out;
  }

  std::unique_ptr<ListingService> service_;
  int64_t holder_org_ = 0, agency_org_ = 0, other_org_ = 0;
  auth::Principal holder_, agent_, stranger_, jinan_, qingdao_;
};
TYPED_TEST_SUITE(ListingServiceTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(ListingServiceTest, AHolderListsAnOfficialApprovesAndEveryoneSeesIt) {
  ListingService& service = *this->service_;
  IPHUB_ASSERT_OK_AND_ASSIGN(ListingView draft,
                             service.Create(&this->holder_, this->Input("CN110000001B")));
  const int64_t id = draft.listing.id;
  EXPECT_EQ(draft.listing.state, "draft");
  EXPECT_EQ(draft.listing.region_code, "370102");
  EXPECT_EQ(draft.listing.title, "一种电池热管理装置110000001");
  std::vector<std::string> actions;
  for (const auto& option : draft.actions) actions.push_back(option.transition->name);
  EXPECT_EQ(actions, (std::vector<std::string>{"submit", "withdraw"}));

  // Not public yet: strangers, other regions and anonymous callers do not see it.
  EXPECT_TRUE(absl::IsNotFound(service.Get(&this->stranger_, id).status()));
  EXPECT_TRUE(absl::IsNotFound(service.Get(nullptr, id).status()));
  EXPECT_TRUE(absl::IsNotFound(service.Get(&this->qingdao_, id).status()));

  IPHUB_ASSERT_OK_AND_ASSIGN(ListingView submitted, this->Fire(this->holder_, id, "submit"));
  EXPECT_EQ(submitted.listing.state, "pending_review");
  // The lister cannot approve its own listing.
  auto self_approved = this->Fire(this->holder_, id, "approve");
  EXPECT_TRUE(absl::IsPermissionDenied(self_approved.status())) << self_approved.status();
  // An official of another city does not even see it.
  EXPECT_TRUE(absl::IsNotFound(this->Fire(this->qingdao_, id, "approve").status()));

  IPHUB_ASSERT_OK_AND_ASSIGN(auto review, service.List(&this->jinan_, {.scope = "review"}));
  ASSERT_EQ(review.second, 1);
  EXPECT_EQ(review.first[0].listing.id, id);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto qingdao_review,
                             service.List(&this->qingdao_, {.scope = "review"}));
  EXPECT_EQ(qingdao_review.second, 0);

  this->clock_.Advance(60'000);
  IPHUB_ASSERT_OK_AND_ASSIGN(ListingView published, this->Fire(this->jinan_, id, "approve"));
  EXPECT_EQ(published.listing.state, "published");
  EXPECT_EQ(published.listing.state_since, kNow + 60'000);
  ASSERT_EQ(published.history.size(), 3u);
  EXPECT_EQ(published.history[2].actor, "jinan");

  // Public now; the contact person only for logged-in users (visibility "members").
  IPHUB_ASSERT_OK_AND_ASSIGN(ListingView anonymous, service.Get(nullptr, id));
  EXPECT_FALSE(anonymous.contact_shown);
  EXPECT_EQ(anonymous.listing.contact_phone, "");
  EXPECT_TRUE(anonymous.history.empty());
  EXPECT_TRUE(anonymous.actions.empty());
  IPHUB_ASSERT_OK_AND_ASSIGN(ListingView member, service.Get(&this->stranger_, id));
  EXPECT_TRUE(member.contact_shown);
  EXPECT_EQ(member.listing.contact_phone, "0531-88888888");
  EXPECT_TRUE(member.actions.empty());
  IPHUB_ASSERT_OK_AND_ASSIGN(auto market, service.List(nullptr, {.text = "热管理"}));
  ASSERT_EQ(market.second, 1);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto by_kind, service.List(nullptr, {.kind = "transfer"}));
  EXPECT_EQ(by_kind.second, 0);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto by_region, service.List(nullptr, {.region_code = "370200"}));
  EXPECT_EQ(by_region.second, 0);

  EXPECT_EQ(this->ListingAudit(),
            (std::vector<std::string>{"listing.start", "listing.submit", "listing.approve"}));
  // Only drafts and rejected listings change.
  auto changed = service.Update(&this->holder_, id, this->Input("CN110000001B"), std::nullopt);
  EXPECT_TRUE(absl::IsFailedPrecondition(changed.status())) << changed.status();
}

TYPED_TEST(ListingServiceTest, ChecksRefuseWhatCannotBeOfferedWithTheReason) {
  auto refused = [&](std::string patent, std::string kind) {
    const int64_t id = this->Draft(this->holder_, this->Input(std::move(patent), std::move(kind)));
    auto result = this->Fire(this->holder_, id, "submit");
    EXPECT_TRUE(absl::IsFailedPrecondition(result.status())) << result.status();
    return std::string(result.status().message());
  };
  EXPECT_EQ(refused("CN110000002B", "transfer"),
            "patent_in_force: CN110000002B is not in force: it is lapsed (CF01 2025-03-01)");
  EXPECT_EQ(refused("CN110000003B", "transfer"),
            "lister_entitled: CN110000003B is held by 青岛海纳储能科技有限公司, not by "
            "济南星河电池有限公司");
  EXPECT_EQ(refused("CN110000004B", "non_exclusive_licence"),
            "no_conflict: non_exclusive_licence of CN110000004B cannot be offered: an exclusive "
            "licence to 丁公司 (contract X2023370000001, recorded 2023-01-02) is in force");
  EXPECT_EQ(refused("CN110000005B", "transfer"),
            "no_conflict: transfer of CN110000005B cannot be offered: it is pledged to 齐鲁银行 "
            "(registration Y2024370000009, 2024-03-01): release the pledge or list with the "
            "pledgee's consent first");
  // What the burden allows passes: a transfer subject to the licence, a non-exclusive
  // licence of a pledged patent, and a record that spells the holder differently.
  for (const auto& [patent, kind] :
       std::vector<std::pair<std::string, std::string>>{{"CN110000004B", "transfer"},
                                                        {"CN110000005B", "non_exclusive_licence"},
                                                        {"CN110000006B", "transfer"}}) {
    const int64_t id = this->Draft(this->holder_, this->Input(patent, kind));
    auto submitted = this->Fire(this->holder_, id, "submit");
    EXPECT_TRUE(submitted.ok()) << patent << " " << kind << ": " << submitted.status();
  }
  // An exclusive licence offer is refused too (the recorded one and the pending transfer).
  const std::string message = refused("CN110000004B", "exclusive_licence");
  EXPECT_NE(message.find("no_conflict: "), std::string::npos) << message;
  // Nothing refused reached the audit log beyond the drafts' creation.
  for (const std::string& action : this->ListingAudit()) {
    EXPECT_TRUE(action == "listing.start" || action == "listing.submit") << action;
  }
}

TYPED_TEST(ListingServiceTest, AnotherListingOfThePatentExcludesAConflictingOffer) {
  const int64_t licence =
      this->Draft(this->holder_, this->Input("CN110000001B", "exclusive_licence"));
  ASSERT_TRUE(this->Fire(this->holder_, licence, "submit").ok());
  ASSERT_TRUE(this->Fire(this->jinan_, licence, "approve").ok());
  const int64_t transfer = this->Draft(this->holder_, this->Input("CN110000001B", "transfer"));
  auto refused = this->Fire(this->holder_, transfer, "submit");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(),
            base::StrCat("no_conflict: listing ", licence,
                         " (exclusive_licence) of CN110000001B is \"published\": no transfer "
                         "offer can stand beside it"));
  // Once the licence listing is withdrawn, the transfer may go ahead.
  ASSERT_TRUE(this->Fire(this->holder_, licence, "withdraw").ok());
  EXPECT_TRUE(this->Fire(this->holder_, transfer, "submit").ok());
}

TYPED_TEST(ListingServiceTest, AnAgencyListsOnlyWithAnAuthorisationInForce) {
  ListingInput input = this->Input("CN110000001B", "transfer");
  input.holder_org_id = this->holder_org_;
  const int64_t id = this->Draft(this->agent_, input);
  auto refused = this->Fire(this->agent_, id, "submit");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(),
            "lister_entitled: 泉城专利代理事务所 holds no authorisation in force from "
            "济南星河电池有限公司 to list CN110000001B");
  // The holder sees the agency's draft of its patent.
  EXPECT_TRUE(this->service_->Get(&this->holder_, id).ok());

  auto stale = this->service_->Authorise(
      &this->holder_, {.agency_org_id = this->agency_org_, .valid_until = "2026-11-27"});
  EXPECT_EQ(base::FieldOf(stale.status()), std::optional<std::string>("valid_until"));
  IPHUB_ASSERT_OK_AND_ASSIGN(
      store::Authorisation grant,
      this->service_->Authorise(&this->holder_, {.agency_org_id = this->agency_org_,
                                                 .publication_number = "CN110000001",
                                                 .valid_until = "2027-12-31"}));
  EXPECT_EQ(grant.publication_number, std::optional<std::string>("CN110000001B"));
  EXPECT_EQ(grant.agency_org_name, "泉城专利代理事务所");
  IPHUB_ASSERT_OK_AND_ASSIGN(ListingView submitted, this->Fire(this->agent_, id, "submit"));
  EXPECT_EQ(submitted.listing.state, "pending_review");

  // Revoked before the review: the official's approval finds it out.
  EXPECT_TRUE(absl::IsNotFound(this->service_->Revoke(&this->agent_, grant.id)));
  ASSERT_TRUE(this->service_->Revoke(&this->holder_, grant.id).ok());
  auto approval = this->Fire(this->jinan_, id, "approve");
  ASSERT_FALSE(approval.ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(approval.status()));
  EXPECT_NE(approval.status().message().find("lister_entitled: "), std::string::npos);
  IPHUB_ASSERT_OK_AND_ASSIGN(ListingView rejected,
                             this->Fire(this->jinan_, id, "reject", "代理授权已撤销"));
  EXPECT_EQ(rejected.listing.state, "rejected");
  EXPECT_EQ(rejected.history.back().reason, "代理授权已撤销");
  IPHUB_ASSERT_OK_AND_ASSIGN(auto grants, this->service_->Authorisations(&this->agent_));
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_TRUE(grants[0].revoked_at.has_value());
}

TYPED_TEST(ListingServiceTest, ARejectedListingIsChangedAndSubmittedAgain) {
  const int64_t id = this->Draft(this->holder_, this->Input("CN110000001B"));
  ASSERT_TRUE(this->Fire(this->holder_, id, "submit").ok());
  auto no_reason = this->Fire(this->jinan_, id, "reject");
  EXPECT_EQ(base::FieldOf(no_reason.status()), std::optional<std::string>("reason"));
  ASSERT_TRUE(this->Fire(this->jinan_, id, "reject", "应用场景写得不具体").ok());

  ListingInput better = this->Input("CN110000001B");
  better.scenarios = "5 MWh 集装箱储能电站的电池包液冷热管理";
  auto stale = this->service_->Update(&this->holder_, id, better, 2);
  EXPECT_TRUE(absl::IsFailedPrecondition(stale.status())) << stale.status();
  EXPECT_TRUE(absl::IsPermissionDenied(
      this->service_->Update(&this->jinan_, id, better, std::nullopt).status()));
  IPHUB_ASSERT_OK_AND_ASSIGN(ListingView changed,
                             this->service_->Update(&this->holder_, id, better, 3));
  EXPECT_EQ(changed.listing.scenarios, "5 MWh 集装箱储能电站的电池包液冷热管理");
  ASSERT_TRUE(this->Fire(this->holder_, id, "submit").ok());
  IPHUB_ASSERT_OK_AND_ASSIGN(ListingView published, this->Fire(this->jinan_, id, "approve"));
  // An official takes a published listing down only with a reason.
  EXPECT_EQ(base::FieldOf(this->Fire(this->jinan_, id, "take_down").status()),
            std::optional<std::string>("reason"));
  IPHUB_ASSERT_OK_AND_ASSIGN(ListingView down,
                             this->Fire(this->jinan_, id, "take_down", "专利权属存在争议"));
  EXPECT_EQ(down.listing.state, "withdrawn");
  EXPECT_TRUE(down.actions.empty());
  EXPECT_EQ(this->ListingAudit(),
            (std::vector<std::string>{"listing.start", "listing.submit", "listing.reject",
                                      "listing.update", "listing.submit", "listing.approve",
                                      "listing.take_down"}));
  IPHUB_ASSERT_OK_AND_ASSIGN(auto mine, this->service_->List(&this->holder_, {.scope = "mine"}));
  EXPECT_EQ(mine.second, 1);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto market, this->service_->List(nullptr, {}));
  EXPECT_EQ(market.second, 0);
  EXPECT_TRUE(
      absl::IsPermissionDenied(this->service_->List(&this->holder_, {.scope = "review"}).status()));
}

TYPED_TEST(ListingServiceTest, BadInputNamesTheField) {
  auto missing = this->service_->Create(&this->holder_, this->Input("CN999999999B"));
  EXPECT_EQ(base::FieldOf(missing.status()), std::optional<std::string>("patent"));
  ListingInput wrong_region = this->Input("CN110000001B");
  wrong_region.region_code = "999999";
  auto region = this->service_->Create(&this->holder_, wrong_region);
  EXPECT_EQ(base::FieldOf(region.status()), std::optional<std::string>("region_code"))
      << region.status();
  EXPECT_TRUE(absl::IsPermissionDenied(
      this->service_->Create(&this->jinan_, this->Input("CN110000001B")).status()));
  EXPECT_TRUE(absl::IsUnauthenticated(
      this->service_->Create(nullptr, this->Input("CN110000001B")).status()));
  IPHUB_ASSERT_OK_AND_ASSIGN(auto none, this->service_->List(nullptr, {}));
  EXPECT_EQ(none.second, 0);
}

TYPED_TEST(ListingServiceTest, TrademarksAndCopyrightsAreListedWithTheirOwnChecks) {
  ListingService& service = *this->service_;
  {
    auto conn = this->db().Acquire();
    ASSERT_TRUE(conn.ok());
    patents::Trademark mark{.registration_number = "16435657",
                            .nice_classes = {9},
                            .name = "星河",
                            .owner = std::string(kHolder),
                            .registration_date = "2019-03-07",
                            .expiry_date = "2029-03-06",
                            .status = patents::TrademarkStatus::kRegistered};
    ASSERT_TRUE(patents::store::UpsertTrademark(**conn, mark, kNow).ok());
    patents::Trademark lapsed = mark;
    lapsed.registration_number = "10000001";
    lapsed.registration_date = "2014-01-07";
    lapsed.expiry_date = "2024-01-06";
    ASSERT_TRUE(patents::store::UpsertTrademark(**conn, lapsed, kNow).ok());
    patents::Copyright software{.kind = patents::CopyrightKind::kSoftware,
                                .registration_number = "2016SR309930",
                                .name = "电池管理系统软件",
                                .owner = "舜耕新材料有限公司"};
    ASSERT_TRUE(patents::store::UpsertCopyright(**conn, software, kNow).ok());
  }
  ListingInput input = this->Input("16435657");
  input.right_type = "trademark";
  IPHUB_ASSERT_OK_AND_ASSIGN(ListingView draft, service.Create(&this->holder_, input));
  EXPECT_EQ(draft.listing.right_type, RightType::kTrademark);
  EXPECT_EQ(draft.listing.title, "商标“星河”");
  IPHUB_ASSERT_OK_AND_ASSIGN(ListingView submitted,
                             this->Fire(this->holder_, draft.listing.id, "submit"));
  EXPECT_EQ(submitted.listing.state, "pending_review");

  // A trademark whose term has ended, one not on record, an open licence of a trademark.
  input.patent = "10000001";
  IPHUB_ASSERT_OK_AND_ASSIGN(ListingView expired, service.Create(&this->holder_, input));
  auto refused = this->Fire(this->holder_, expired.listing.id, "submit");
  EXPECT_TRUE(absl::IsFailedPrecondition(refused.status())) << refused.status();
  EXPECT_NE(std::string(refused.status().message()).find("its term ended on 2024-01-06"),
            std::string::npos)
      << refused.status();
  input.patent = "99999999";
  auto unknown = service.Create(&this->holder_, input);
  EXPECT_EQ(base::FieldOf(unknown.status()), "patent");
  input.patent = "16435657";
  input.kind = "open_licence";
  EXPECT_EQ(base::FieldOf(service.Create(&this->holder_, input).status()), "kind");

  // A copyright held by another organisation: the holder check names the owner on record.
  ListingInput copyright = this->Input("2016SR309930");
  copyright.right_type = "copyright";
  IPHUB_ASSERT_OK_AND_ASSIGN(ListingView other, service.Create(&this->holder_, copyright));
  auto not_ours = this->Fire(this->holder_, other.listing.id, "submit");
  EXPECT_TRUE(absl::IsFailedPrecondition(not_ours.status())) << not_ours.status();
  EXPECT_NE(std::string(not_ours.status().message()).find("is held by 舜耕新材料有限公司"),
            std::string::npos);
  IPHUB_ASSERT_OK_AND_ASSIGN(ListingView theirs, service.Create(&this->stranger_, copyright));
  IPHUB_ASSERT_OK(this->Fire(this->stranger_, theirs.listing.id, "submit").status());
}

}  // namespace
}  // namespace iphub::market
