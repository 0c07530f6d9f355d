#include "iphub/watch/model.h"

#include "gtest/gtest.h"
#include "iphub/base/status.h"
#include "iphub/patents/search.h"

namespace iphub::watch {
namespace {

TEST(ApplicantQuery, QuotesTheNameAndEscapesQuotesAndBackslashes) {
  EXPECT_EQ(patents::ApplicantNameQuery("华为技术有限公司"), "PAN=\"华为技术有限公司\"");
  EXPECT_EQ(patents::ApplicantNameQuery("A \"B\" C\\D"), "PAN=\"A \\\"B\\\" C\\\\D\"");
}

TEST(EventGroupOf, MapsTheCodesOfFactsSection5) {
  EXPECT_EQ(EventGroupOf("CF01"), EventGroup::kLapse);
  EXPECT_EQ(EventGroupOf("C19"), EventGroup::kLapse);
  EXPECT_EQ(EventGroupOf("rr01"), EventGroup::kRestoration);
  EXPECT_EQ(EventGroupOf("TR01"), EventGroup::kTransfer);
  EXPECT_EQ(EventGroupOf("EE01"), EventGroup::kLicence);
  EXPECT_EQ(EventGroupOf("PE01"), EventGroup::kPledge);
  EXPECT_EQ(EventGroupOf("IW01"), EventGroup::kInvalidation);
  EXPECT_EQ(EventGroupOf("IP01"), EventGroup::kInvalidation);
  EXPECT_EQ(EventGroupOf("CX01"), EventGroup::kExpiry);
  EXPECT_FALSE(EventGroupOf("C14").has_value());
  EXPECT_FALSE(EventGroupOf("PC01").has_value());  // a pledge released is not a pledge
  EXPECT_FALSE(EventGroupOf("").has_value());
}

TEST(EventGroups, RoundTripThroughTheStoredText) {
  const std::vector<EventGroup> groups = {EventGroup::kTransfer, EventGroup::kPledge};
  EXPECT_EQ(JoinEventGroups(groups), "transfer,pledge");
  EXPECT_EQ(SplitEventGroups("transfer,pledge"), groups);
  EXPECT_TRUE(SplitEventGroups("").empty());
  EXPECT_EQ(base::FieldOf(ParseEventGroup("sale").status()), "events");
}

TEST(WatchKind, ParsesTheFourKindsOnly) {
  EXPECT_EQ(ParseWatchKind("applicant").value(), WatchKind::kApplicant);
  EXPECT_EQ(ParseWatchKind("similarity").value(), WatchKind::kSimilarity);
  EXPECT_EQ(WatchKindName(WatchKind::kStatus), "status");
  EXPECT_EQ(WatchKindName(WatchKind::kSimilarity), "similarity");
  EXPECT_EQ(base::FieldOf(ParseWatchKind("similar").status()), "kind");
  EXPECT_TRUE(HasPatents(WatchKind::kSimilarity));
  EXPECT_FALSE(HasPatents(WatchKind::kQuery));
}

TEST(CheckThreshold, AcceptsAPercentageFromOneToAHundred) {
  EXPECT_EQ(CheckThreshold(1).value(), 1);
  EXPECT_EQ(CheckThreshold(100).value(), 100);
  EXPECT_EQ(base::FieldOf(CheckThreshold(0).status()), "threshold");
  EXPECT_EQ(base::FieldOf(CheckThreshold(101).status()), "threshold");
}

TEST(NormalizeName, TrimsAndRejectsEmptyLongAndControl) {
  EXPECT_EQ(NormalizeName("  竞争对手 ").value(), "竞争对手");
  EXPECT_EQ(base::FieldOf(NormalizeName("   ").status()), "name");
  EXPECT_FALSE(NormalizeName(std::string(101, 'x')).ok());
  EXPECT_FALSE(NormalizeName("a\tb").ok());
}

TEST(ParseFrequency, AcceptsImportDailyAndWeekly) {
  EXPECT_EQ(ParseFrequency("").value(), Frequency::kImport);
  EXPECT_EQ(ParseFrequency("daily").value(), Frequency::kDaily);
  EXPECT_EQ(ParseFrequency("weekly").value(), Frequency::kWeekly);
  EXPECT_EQ(base::FieldOf(ParseFrequency("hourly").status()), "frequency");
}

TEST(DigestPeriod, IsTheShanghaiDayOrTheMondayOfItsWeek) {
  // 2026-11-28 04:00 in Shanghai, a Saturday (2026-11-27 20:00 UTC).
  constexpr int64_t kSaturday = 1795795200000LL + 4LL * 3600 * 1000;
  constexpr int64_t kDay = 24LL * 3600 * 1000;
  EXPECT_EQ(DigestPeriod(Frequency::kDaily, kSaturday), "2026-11-28");
  EXPECT_EQ(DigestPeriod(Frequency::kWeekly, kSaturday), "2026-11-23");
  EXPECT_EQ(DigestPeriod(Frequency::kWeekly, kSaturday + kDay), "2026-11-23");      // Sunday
  EXPECT_EQ(DigestPeriod(Frequency::kWeekly, kSaturday + 2 * kDay), "2026-11-30");  // Monday
  // 1970-01-01 08:00 in Shanghai was a Thursday.
  EXPECT_EQ(DigestPeriod(Frequency::kWeekly, 0), "1969-12-29");
}

}  // namespace
}  // namespace iphub::watch
