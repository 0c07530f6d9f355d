#include "iphub//auth/service.h"

#include "gtest/gtest.h"
#include "iphub/auth/migrations.h"
#include "iphub/auth/regions.h"
#include "iphub/auth/uscc.h"
#include "iphub/base/crypto.h"
#include "iphub/base/strings.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"

namespace iphub::auth {
namespace {

std::string MakeUscc(std::string_view region, int serial) {
  std::string body = base::StrCat("91", region, "MA", 1000000 + serial);
  return base::StrCat(body, std::string(1, UsccCheckCharacter(body).value()));
}

template <typename Backend>
class AccountServiceTest : public db::testing::DatabaseTest<Backend> {
 protected:
  void SetUp() override {
    db::testing::DatabaseTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    ASSERT_TRUE(base::InitCrypto().ok());
    ASSERT_TRUE(db::Migrate(this->db(), Migrations()).ok());
    ASSERT_TRUE(SeedRegions(this->db()).ok());
    service_ = std::make_unique<AccountService>(
        this->db(), clock_,
        AccountOptions{
            .login_max_failures = 3, .login_lockout_ms = 60'000, .session_idle_ms = 3'600'000});
  }

  Organization NewOrg(std::string_view name, std::string_view region, int serial) {
    auto org = service_->CreateOrganization(nullptr, {.name = std::string(name),
                                                      .type = "enterprise",
                                                      .uscc = MakeUscc(region, serial),
                                                      .region_code = std::string(region)});
    EXPECT_TRUE(org.ok()) << org.status();
    return org.value_or(Organization{});
  }

  User NewUser(std::string_view username, std::string_view role, std::optional<int64_t> org,
               std::optional<std::string> region = std::nullopt) {
    auto user = service_->CreateUser(nullptr, {.username = std::string(username),
                                               .password = "Secret@2026",
                                               .role = std::string(role),
                                               .organization_id = org,
                                               .region_code = region});
    EXPECT_TRUE(user.ok()) << user.status();
    return user.value_or(User{});
  }

  base::FakeClock clock_{1'700'000'000'000};
  std::unique_ptr<AccountService> service_;
};
TYPED_TEST_SUITE(AccountServiceTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(AccountServiceTest, LoginCreatesASessionThatAuthenticates) {
  this->NewUser("alice", "platform_admin", std::nullopt);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto login,
                             this->service_->Login("alice", "Secret@2026", "127.0.0.1"));
  IPHUB_ASSERT_OK_AND_ASSIGN(auto caller, this->service_->AuthenticateSession(login.session_token));
  EXPECT_EQ(caller.principal.username, "alice");
  EXPECT_EQ(caller.csrf_token, login.csrf_token);
  IPHUB_ASSERT_OK(this->service_->Logout(caller));
  EXPECT_TRUE(
      absl::IsUnauthenticated(this->service_->AuthenticateSession(login.session_token).status()));
}

TYPED_TEST(AccountServiceTest, RepeatedFailuresLockTheUsernameUntilTheWindowPasses) {
  this->NewUser("bob", "platform_admin", std::nullopt);
  for (int attempt = 0; attempt < 3; ++attempt) {
    EXPECT_TRUE(absl::IsUnauthenticated(this->service_->Login("bob", "wrong-pass", "x").status()));
  }
  auto locked = this->service_->Login("bob", "Secret@2026", "x");
  ASSERT_TRUE(absl::IsResourceExhausted(locked.status())) << locked.status();
  EXPECT_EQ(RetryAfterSeconds(locked.status()), 60);
  this->clock_.Advance(61'000);
  EXPECT_TRUE(this->service_->Login("bob", "Secret@2026", "x").ok());
}

TYPED_TEST(AccountServiceTest, IdleSessionsExpire) {
  this->NewUser("carol", "platform_admin", std::nullopt);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto login, this->service_->Login("carol", "Secret@2026", "x"));
  this->clock_.Advance(3'600'001);
  EXPECT_TRUE(
      absl::IsUnauthenticated(this->service_->AuthenticateSession(login.session_token).status()));
}

TYPED_TEST(AccountServiceTest, PasswordChangeEndsOtherSessionsAndNeedsTheOldPassword) {
  this->NewUser("dave", "platform_admin", std::nullopt);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto first, this->service_->Login("dave", "Secret@2026", "x"));
  IPHUB_ASSERT_OK_AND_ASSIGN(auto second, this->service_->Login("dave", "Secret@2026", "y"));
  IPHUB_ASSERT_OK_AND_ASSIGN(auto caller, this->service_->AuthenticateSession(first.session_token));
  auto wrong = this->service_->ChangePassword(caller, "nope-nope", "Another@2026");
  EXPECT_EQ(base::FieldOf(wrong), "old_password");
  IPHUB_ASSERT_OK(this->service_->ChangePassword(caller, "Secret@2026", "Another@2026"));
  EXPECT_TRUE(this->service_->AuthenticateSession(first.session_token).ok());
  EXPECT_FALSE(this->service_->AuthenticateSession(second.session_token).ok());
  EXPECT_FALSE(this->service_->Login("dave", "Secret@2026", "x").ok());
  EXPECT_TRUE(this->service_->Login("dave", "Another@2026", "x").ok());
}

TYPED_TEST(AccountServiceTest, ApiTokensAuthenticateUntilRevoked) {
  User user = this->NewUser("erin", "platform_admin", std::nullopt);
  Principal me{.user_id = user.id, .username = "erin", .role = Role::kPlatformAdmin};
  IPHUB_ASSERT_OK_AND_ASSIGN(auto token, this->service_->CreateApiToken(me, "ci"));
  IPHUB_ASSERT_OK_AND_ASSIGN(auto caller, this->service_->AuthenticateApiToken(token.token));
  EXPECT_EQ(caller.principal.user_id, user.id);
  IPHUB_ASSERT_OK(this->service_->RevokeApiToken(me, token.id));
  EXPECT_FALSE(this->service_->AuthenticateApiToken(token.token).ok());
}

TYPED_TEST(AccountServiceTest, CountyOfficialSeesOnlyTheirCounty) {
  Organization lixia = this->NewOrg("历下企业", "370102", 1);
  Organization shizhong = this->NewOrg("市中企业", "370103", 2);
  User official = this->NewUser("lx_off", "official", std::nullopt, "370102");
  Principal me = store::PrincipalOf(official);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto page, this->service_->ListOrganizations(me, {}, {}));
  ASSERT_EQ(page.total, 1);
  EXPECT_EQ(page.items[0].id, lixia.id);
  EXPECT_TRUE(absl::IsNotFound(this->service_->GetOrganization(me, shizhong.id).status()));
  auto outside = this->service_->CreateOrganization(&me, {.name = "外区",
                                                          .type = "enterprise",
                                                          .uscc = MakeUscc("370103", 3),
                                                          .region_code = "370103"});
  EXPECT_TRUE(absl::IsPermissionDenied(outside.status())) << outside.status();
}

TYPED_TEST(AccountServiceTest, EveryMemberFindsOtherOrganizationsInTheDirectoryOnly) {
  Organization own = this->NewOrg("历下智能装备", "370102", 11);
  Organization other = this->NewOrg("市中新材料", "370103", 12);
  Organization far = this->NewOrg("青岛海洋装备", "370202", 13);
  Principal me = store::PrincipalOf(this->NewUser("member", "member", own.id));
  // The organisations list stays the member's own organisation …
  IPHUB_ASSERT_OK_AND_ASSIGN(auto listed, this->service_->ListOrganizations(me, {}, {}));
  ASSERT_EQ(listed.total, 1);
  EXPECT_EQ(listed.items[0].id, own.id);
  // … the directory names every organisation, filtered as asked.
  IPHUB_ASSERT_OK_AND_ASSIGN(auto all, this->service_->OrganizationDirectory(me, {}, {}));
  EXPECT_EQ(all.total, 3);
  IPHUB_ASSERT_OK_AND_ASSIGN(
      auto named, this->service_->OrganizationDirectory(me, {.name_contains = "装备"}, {}));
  ASSERT_EQ(named.total, 2);
  IPHUB_ASSERT_OK_AND_ASSIGN(
      auto in_jinan, this->service_->OrganizationDirectory(me, {.region_prefix = "370100"}, {}));
  ASSERT_EQ(in_jinan.total, 2);
  EXPECT_NE(in_jinan.items[0].id, far.id);
  EXPECT_NE(in_jinan.items[1].id, far.id);
  auto bad_region = this->service_->OrganizationDirectory(me, {.region_prefix = "37"}, {});
  EXPECT_EQ(base::FieldOf(bad_region.status()), "region");
  (void)other;
}

TYPED_TEST(AccountServiceTest, DuplicateUsccIsAConflictOnTheField) {
  this->NewOrg("甲", "370102", 7);
  auto again = this->service_->CreateOrganization(
      nullptr,
      {.name = "乙", .type = "enterprise", .uscc = MakeUscc("370102", 7), .region_code = "370102"});
  EXPECT_TRUE(absl::IsAlreadyExists(again.status()));
  EXPECT_EQ(base::FieldOf(again.status()), "uscc");
}

TYPED_TEST(AccountServiceTest, MembersTakeTheirOrganizationsRegionAndFollowItsMoves) {
  Organization org = this->NewOrg("搬家企业", "370102", 4);
  User member = this->NewUser("mover", "member", org.id);
  EXPECT_EQ(member.region_code, "370102");
  User admin = this->NewUser("root", "platform_admin", std::nullopt);
  Principal root = store::PrincipalOf(admin);
  IPHUB_ASSERT_OK(
      this->service_->UpdateOrganization(root, org.id, {.region_code = "370103"}).status());
  IPHUB_ASSERT_OK_AND_ASSIGN(User moved, this->service_->GetUser(root, member.id));
  EXPECT_EQ(moved.region_code, "370103");
}

TYPED_TEST(AccountServiceTest, OrgUsersNeedAnOrganizationAndOfficialsARegion) {
  auto member = this->service_->CreateUser(
      nullptr, {.username = "lost", .password = "Secret@2026", .role = "member"});
  EXPECT_EQ(base::FieldOf(member.status()), "organization_id");
  auto official = this->service_->CreateUser(
      nullptr, {.username = "nowhere", .password = "Secret@2026", .role = "official"});
  EXPECT_EQ(base::FieldOf(official.status()), "region_code");
}

TYPED_TEST(AccountServiceTest, NobodyDisablesThemselves) {
  User admin = this->NewUser("self", "platform_admin", std::nullopt);
  Principal me = store::PrincipalOf(admin);
  auto result = this->service_->UpdateUser(me, admin.id, {.disabled = true});
  EXPECT_TRUE(absl::IsPermissionDenied(result.status()));
  IPHUB_ASSERT_OK(this->service_->UpdateUser(me, admin.id, {.display_name = "Me"}).status());
}

TYPED_TEST(AccountServiceTest, ChangesAreAuditedInTheSameTransaction) {
  Organization org = this->NewOrg("审计企业", "370102", 5);
  this->NewUser("audited", "member", org.id);
  auto conn = this->Connect();
  IPHUB_ASSERT_OK_AND_ASSIGN(auto verification, VerifyAudit(*conn));
  EXPECT_TRUE(verification.intact);
  EXPECT_EQ(verification.entries, 2);
  // A failed creation leaves neither record nor audit entry.
  auto duplicate = this->service_->CreateUser(nullptr, {.username = "audited",
                                                        .password = "Secret@2026",
                                                        .role = "member",
                                                        .organization_id = org.id});
  EXPECT_TRUE(absl::IsAlreadyExists(duplicate.status()));
  IPHUB_ASSERT_OK_AND_ASSIGN(auto after, VerifyAudit(*conn));
  EXPECT_EQ(after.entries, 2);
}

}  // namespace
}  // namespace iphub::auth
