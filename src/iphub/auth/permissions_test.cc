#include "iphub/auth/permissions.h"

#include "gtest/gtest.h"

namespace iphub::auth {
namespace {

Principal Official(std::string region) {
  return Principal{.user_id = 10, .username = "o", .role = Role::kOfficial, .region_code = region};
}
Principal OrgUser(Role role, int64_t org, std::string region) {
  return Principal{
      .user_id = 20, .username = "m", .role = role, .organization_id = org, .region_code = region};
}
Resource Org(int64_t id, std::string region) {
  return Resource{
      .kind = ResourceKind::kOrganization, .region_code = region, .organization_id = id};
}
Resource Account(int64_t id, Role role, std::optional<int64_t> org, std::string region) {
  return Resource{.kind = ResourceKind::kUser,
                  .region_code = region,
                  .organization_id = org,
                  .user_id = id,
                  .role = role};
}

TEST(Permissions, AnonymousMayReadRegionsOnly) {
  EXPECT_TRUE(Authorize(nullptr, Action::kList, {.kind = ResourceKind::kRegion}).ok());
  EXPECT_TRUE(absl::IsUnauthenticated(Authorize(nullptr, Action::kRead, Org(1, "370102"))));
}

TEST(Permissions, CountyOfficialSeesOwnCountyNotSibling) {
  Principal lixia = Official("370102");
  EXPECT_TRUE(Authorize(&lixia, Action::kRead, Org(1, "370102")).ok());
  EXPECT_TRUE(absl::IsPermissionDenied(Authorize(&lixia, Action::kRead, Org(2, "370103"))));
  EXPECT_TRUE(absl::IsPermissionDenied(Authorize(&lixia, Action::kCreate, Org(0, "370100"))));
}

TEST(Permissions, CityOfficialCoversItsCountiesButNotAnotherCity) {
  Principal jinan = Official("370100");
  EXPECT_TRUE(Authorize(&jinan, Action::kUpdate, Org(1, "370102")).ok());
  EXPECT_TRUE(Authorize(&jinan, Action::kUpdate, Org(2, "370103")).ok());
  EXPECT_FALSE(Authorize(&jinan, Action::kRead, Org(3, "370202")).ok());
}

TEST(Permissions, ProvinceOfficialCoversTheProvinceOnly) {
  Principal shandong = Official("370000");
  EXPECT_TRUE(Authorize(&shandong, Action::kRead, Org(3, "370202")).ok());
  EXPECT_FALSE(Authorize(&shandong, Action::kRead, Org(4, "110101")).ok());
}

TEST(Permissions, OfficialsNeverManagePlatformAdmins) {
  Principal shandong = Official("370000");
  EXPECT_FALSE(
      Authorize(&shandong, Action::kCreate, Account(0, Role::kPlatformAdmin, {}, "370000")).ok());
  EXPECT_TRUE(
      Authorize(&shandong, Action::kCreate, Account(0, Role::kOfficial, {}, "370100")).ok());
}

TEST(Permissions, OrgAdminManagesOwnOrganizationStaffOnly) {
  Principal admin = OrgUser(Role::kOrgAdmin, 5, "370102");
  EXPECT_TRUE(Authorize(&admin, Action::kCreate, Account(0, Role::kMember, 5, "370102")).ok());
  EXPECT_FALSE(Authorize(&admin, Action::kCreate, Account(0, Role::kOfficial, 5, "370102")).ok());
  EXPECT_FALSE(Authorize(&admin, Action::kCreate, Account(0, Role::kMember, 6, "370102")).ok());
  EXPECT_TRUE(Authorize(&admin, Action::kUpdate, Org(5, "370102")).ok());
  EXPECT_FALSE(Authorize(&admin, Action::kRead, Org(6, "370102")).ok());
  EXPECT_FALSE(Authorize(&admin, Action::kCreate, Org(0, "370102")).ok());
}

TEST(Permissions, MembersReadOwnOrganizationAndThemselves) {
  Principal member = OrgUser(Role::kMember, 5, "370102");
  EXPECT_TRUE(Authorize(&member, Action::kRead, Org(5, "370102")).ok());
  EXPECT_FALSE(Authorize(&member, Action::kUpdate, Org(5, "370102")).ok());
  EXPECT_TRUE(Authorize(&member, Action::kRead, Account(20, Role::kMember, 5, "370102")).ok());
  EXPECT_FALSE(Authorize(&member, Action::kRead, Account(21, Role::kMember, 5, "370102")).ok());
  EXPECT_FALSE(Authorize(&member, Action::kList, {.kind = ResourceKind::kUser}).ok());
  EXPECT_FALSE(Authorize(&member, Action::kList, {.kind = ResourceKind::kAuditLog}).ok());
}

TEST(Permissions, ListScopesFollowTheSameRules) {
  ListScope city = ListScopeFor(Official("370100"), ResourceKind::kUser);
  EXPECT_EQ(city.region_prefix, "3701");
  EXPECT_TRUE(city.exclude_platform_admins);
  ListScope county = ListScopeFor(Official("370102"), ResourceKind::kOrganization);
  EXPECT_EQ(county.region_prefix, "370102");
  ListScope org_admin = ListScopeFor(OrgUser(Role::kOrgAdmin, 5, "370102"), ResourceKind::kUser);
  EXPECT_EQ(org_admin.organization_id, 5);
  EXPECT_TRUE(ListScopeFor(OrgUser(Role::kExpert, 5, "370102"), ResourceKind::kUser).nothing);
}

TEST(Permissions, PatentRecordsArePublicAndImportedByOfficials) {
  const Resource patents{.kind = ResourceKind::kPatent};
  EXPECT_TRUE(Authorize(nullptr, Action::kRead, patents).ok());
  EXPECT_TRUE(Authorize(nullptr, Action::kList, patents).ok());
  EXPECT_TRUE(absl::IsUnauthenticated(Authorize(nullptr, Action::kCreate, patents)));
  Principal county = Official("370102");
  EXPECT_TRUE(Authorize(&county, Action::kCreate, patents).ok());
  Principal admin{.user_id = 1, .username = "admin", .role = Role::kPlatformAdmin};
  EXPECT_TRUE(Authorize(&admin, Action::kCreate, patents).ok());
  for (Role role : {Role::kOrgAdmin, Role::kMember, Role::kPractitioner, Role::kExpert}) {
    Principal user = OrgUser(role, 5, "370102");
    EXPECT_TRUE(Authorize(&user, Action::kRead, patents).ok());
    EXPECT_TRUE(absl::IsPermissionDenied(Authorize(&user, Action::kCreate, patents)));
  }
}

}  // namespace
}  // namespace iphub::auth
