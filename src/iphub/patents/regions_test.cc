#include "iphub/patents/regions.h"

#include <gtest/gtest.h>

namespace iphub::patents {
namespace {

TEST(RegionCodeOf, ProvinceCityCounty) {
  EXPECT_EQ(RegionCodeOf("山东省济南市历下区经十路100号", ""), "370102");
  EXPECT_EQ(RegionCodeOf("250014 山东省济南市历下区", ""), "370102");
  EXPECT_EQ(RegionCodeOf("中国山东省青岛市", ""), "370200");
  EXPECT_EQ(RegionCodeOf("山东省", ""), "370000");
  EXPECT_EQ(RegionCodeOf("广西壮族自治区南宁市青秀区", ""), "450103");
}

TEST(RegionCodeOf, WithoutTheProvinceOrWithShortNames) {
  EXPECT_EQ(RegionCodeOf("青岛市崂山区松岭路", ""), "370212");
  EXPECT_EQ(RegionCodeOf("山东济南历下区", ""), "370102");
  // The city 吉林 inside the province 吉林.
  EXPECT_EQ(RegionCodeOf("吉林省吉林市船营区", ""), "220204");
  EXPECT_EQ(RegionCodeOf("吉林市船营区", ""), "220204");
}

TEST(RegionCodeOf, MunicipalitiesHaveNoCityLevelName) {
  EXPECT_EQ(RegionCodeOf("北京市海淀区中关村大街", ""), "110108");
  EXPECT_EQ(RegionCodeOf("上海市浦东新区", ""), "310115");
  EXPECT_EQ(RegionCodeOf("北京市", ""), "110000");
}

TEST(RegionCodeOf, AmbiguousOrUnknownGivesNothingOrThePostcodeProvince) {
  // 朝阳区 is in Beijing and in Changchun: a county name alone is not enough.
  EXPECT_EQ(RegionCodeOf("朝阳区建国路", ""), "");
  EXPECT_EQ(RegionCodeOf("Tokyo, Japan", ""), "");
  EXPECT_EQ(RegionCodeOf("", "250014"), "370000");
  EXPECT_EQ(RegionCodeOf("某某路1号", "100080"), "110000");
  EXPECT_EQ(RegionCodeOf("", "99999"), "");
}

TEST(DeriveApplicantRegions, FillsOnlyDomesticApplicantsWithoutACode) {
  Patent patent;
  patent.country = "CN";
  patent.applicants = {{.name = "甲公司", .address = "山东省济南市历下区"},
                       {.name = "乙公司", .address = "北京市海淀区", .region_code = "110101"},
                       {.name = "Sony", .address = "Tokyo", .country = "JP"}};
  DeriveApplicantRegions(patent);
  EXPECT_EQ(patent.applicants[0].region_code, "370102");
  EXPECT_EQ(patent.applicants[0].country, "CN");
  EXPECT_EQ(patent.applicants[1].region_code, "110101");  // kept as the source gives it
  EXPECT_EQ(patent.applicants[2].region_code, "");
  Patent us;
  us.country = "US";
  us.applicants = {{.name = "X", .address = "山东省济南市"}};
  DeriveApplicantRegions(us);
  EXPECT_EQ(us.applicants[0].region_code, "");
}

}  // namespace
}  // namespace iphub::patents
