#include "iphub/auth/regions.h"

#include "gtest/gtest.h"
#include "iphub/auth/migrations.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"

namespace iphub::auth {
namespace {

TEST(RegionCodes, LevelsFollowTheDigits) {
  EXPECT_EQ(LevelOfCode("370000"), RegionLevel::kProvince);
  EXPECT_EQ(LevelOfCode("370100"), RegionLevel::kCity);
  EXPECT_EQ(LevelOfCode("370102"), RegionLevel::kCounty);
}

TEST(RegionCodes, ContainmentIsByPrefixOfTheScope) {
  EXPECT_TRUE(InRegion("370000", "370102"));
  EXPECT_TRUE(InRegion("370100", "370102"));
  EXPECT_TRUE(InRegion("370102", "370102"));
  EXPECT_FALSE(InRegion("370102", "370103"));
  EXPECT_FALSE(InRegion("370100", "370202"));
  EXPECT_FALSE(InRegion("370100", "370000"));  // a city does not contain its province
  EXPECT_FALSE(InRegion("37", "370102"));
}

TEST(RegionCodes, SyntaxErrorsNameTheField) {
  EXPECT_TRUE(CheckRegionCodeSyntax("370102", "region").ok());
  EXPECT_EQ(base::FieldOf(CheckRegionCodeSyntax("37010", "region")), "region");
  EXPECT_FALSE(CheckRegionCodeSyntax("37010x", "region").ok());
}

template <typename Backend>
class RegionStoreTest : public db::testing::DatabaseTest<Backend> {};
TYPED_TEST_SUITE(RegionStoreTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(RegionStoreTest, SeedsTheWholeCountryOnce) {
  IPHUB_ASSERT_OK(db::Migrate(this->db(), Migrations()).status());
  IPHUB_ASSERT_OK_AND_ASSIGN(int inserted, SeedRegions(this->db()));
  EXPECT_GT(inserted, 3000);  // 31 provinces, ~340 cities, ~2,800 counties
  IPHUB_ASSERT_OK_AND_ASSIGN(int again, SeedRegions(this->db()));
  EXPECT_EQ(again, 0);

  auto conn = this->Connect();
  IPHUB_ASSERT_OK_AND_ASSIGN(auto provinces, ListRegions(*conn, ""));
  EXPECT_EQ(provinces.size(), 31u);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto path, RegionPath(*conn, "370102"));
  ASSERT_EQ(path.size(), 3u);
  EXPECT_EQ(path[0].name, "山东省");
  EXPECT_EQ(path[1].code, "370100");
  EXPECT_EQ(path[2].name, "历下区");
  EXPECT_EQ(path[2].level, RegionLevel::kCounty);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto jinan, ListRegions(*conn, "370100"));
  bool has_shizhong = false;
  for (const auto& county : jinan) has_shizhong |= county.code == "370103";
  EXPECT_TRUE(has_shizhong);
  EXPECT_TRUE(absl::IsNotFound(GetRegion(*conn, "999999").status()));
}

}  // namespace
}  // namespace iphub::auth
