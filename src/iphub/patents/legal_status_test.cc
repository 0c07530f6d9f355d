#include "iphub/patents/legal_status.h"

#include <gtest/gtest.h>

namespace iphub::patents {
namespace {

Patent Make(DocumentType type, std::string application_date, std::string grant_date = "") {
  Patent patent;
  patent.type = type;
  patent.application_date = std::move(application_date);
  patent.grant_date = std::move(grant_date);
  return patent;
}

TEST(LegalStatusTest, TermsByTypeFromFilingDate) {
  EXPECT_EQ(DeriveLegalStatus(Make(DocumentType::kCnInventionGrant, "2014-09-29"), "2020-01-01")
                .expiry_date,
            "2034-09-29");
  EXPECT_EQ(DeriveLegalStatus(Make(DocumentType::kCnUtilityModel, "2014-09-29"), "2020-01-01")
                .expiry_date,
            "2024-09-29");
  // Designs: 10 years before the 2021-06-01 amendment, 15 from it.
  EXPECT_EQ(
      DeriveLegalStatus(Make(DocumentType::kCnDesign, "2021-05-31"), "2022-01-01").expiry_date,
      "2031-05-31");
  EXPECT_EQ(
      DeriveLegalStatus(Make(DocumentType::kCnDesign, "2021-06-01"), "2022-01-01").expiry_date,
      "2036-06-01");
  // US: 20 years from filing; for pre-1995-06-08 filings 17 from grant when later.
  EXPECT_EQ(DeriveLegalStatus(Make(DocumentType::kUsUtilityGrant, "2004-01-20", "2006-06-06"),
                              "2010-01-01")
                .expiry_date,
            "2024-01-20");
  EXPECT_EQ(DeriveLegalStatus(Make(DocumentType::kUsUtilityGrant, "1993-01-05", "1999-03-02"),
                              "2010-01-01")
                .expiry_date,
            "2016-03-02");
  EXPECT_EQ(
      DeriveLegalStatus(Make(DocumentType::kUsDesign, "2004-02-10", "2006-06-13"), "2010-01-01")
          .expiry_date,
      "2020-06-13");
  EXPECT_EQ(
      DeriveLegalStatus(Make(DocumentType::kUsDesign, "2016-02-10", "2017-06-13"), "2020-01-01")
          .expiry_date,
      "2032-06-13");
  EXPECT_EQ(
      DeriveLegalStatus(Make(DocumentType::kUsReissue, "2016-02-10"), "2020-01-01").expiry_date,
      "");
}

TEST(LegalStatusTest, GrantInForceUntilTheTermEnds) {
  Patent patent = Make(DocumentType::kCnUtilityModel, "2014-09-29");
  DerivedStatus before = DeriveLegalStatus(patent, "2024-09-28");
  EXPECT_EQ(before.status, LegalStatus::kValid);
  DerivedStatus on = DeriveLegalStatus(patent, "2024-09-29");
  EXPECT_EQ(on.status, LegalStatus::kExpired);
  EXPECT_EQ(on.basis, "term ended 2024-09-29");
  EXPECT_EQ(on.basis_kind, "term_ended");
  EXPECT_EQ(on.basis_date, "2024-09-29");
  EXPECT_EQ(before.basis_kind, "granted");
  // The day the status changes with no new data: the end of the term, then nothing.
  EXPECT_EQ(before.changes_on, "2024-09-29");
  EXPECT_EQ(on.changes_on, "");
}

TEST(LegalStatusTest, LapseForUnpaidFeesAsInTheRealRecord) {
  // CN101551481B (FACTS.md §1b): filed 2009-03-25, granted 2012-11-21, CF01 2016-05-11.
  Patent patent = Make(DocumentType::kCnInventionGrant, "2009-03-25", "2012-11-21");
  patent.legal_events = {{"C06", "2009-10-07", "公开"},
                         {"C10", "2009-12-02", "实质审查的生效"},
                         {"C14", "2012-11-21", "授权"},
                         {"CF01", "2016-05-11", "未缴年费专利权终止"}};
  DerivedStatus derived = DeriveLegalStatus(patent, "2026-11-28");
  EXPECT_EQ(derived.status, LegalStatus::kLapsed);
  EXPECT_EQ(derived.basis, "CF01 2016-05-11");
  EXPECT_EQ(derived.basis_kind, "event");
  EXPECT_EQ(derived.basis_code, "CF01");
  EXPECT_EQ(derived.basis_date, "2016-05-11");
  EXPECT_EQ(derived.expiry_date, "2029-03-25");
  // Before the lapse was announced it was in force.
  EXPECT_EQ(DeriveLegalStatus(patent, "2016-05-10").status, LegalStatus::kValid);
  // Restored afterwards: in force again.
  patent.legal_events.push_back({"RR01", "2016-07-01", "权利的恢复"});
  EXPECT_EQ(DeriveLegalStatus(patent, "2026-11-28").status, LegalStatus::kValid);
}

TEST(LegalStatusTest, ApplicationOutcomes) {
  Patent application = Make(DocumentType::kCnInventionApplication, "2019-04-01");
  application.legal_events = {{"PB01", "2019-10-01", "公开"},
                              {"SE01", "2019-11-01", "实质审查的生效"}};
  EXPECT_EQ(DeriveLegalStatus(application, "2026-11-28").status, LegalStatus::kPending);
  application.legal_events.push_back({"RJ01", "2022-03-01", "发明专利申请公布后的驳回"});
  EXPECT_EQ(DeriveLegalStatus(application, "2026-11-28").status, LegalStatus::kRejected);
  application.legal_events.back() = {"WD01", "2022-03-01", "发明专利申请公布后的视为撤回"};
  EXPECT_EQ(DeriveLegalStatus(application, "2026-11-28").status, LegalStatus::kWithdrawn);
  application.legal_events.back() = {"GR01", "2022-03-01", "授权"};
  EXPECT_EQ(DeriveLegalStatus(application, "2026-11-28").status, LegalStatus::kValid);
}

TEST(LegalStatusTest, SurrenderInvalidationAndExpiryEvents) {
  Patent patent = Make(DocumentType::kCnInventionGrant, "2010-01-01");
  patent.legal_events = {{"AV01", "2015-01-01", "专利权的主动放弃"}};
  EXPECT_EQ(DeriveLegalStatus(patent, "2026-11-28").status, LegalStatus::kAbandoned);
  patent.legal_events = {{"IW01", "2015-01-01", "专利权全部无效"}};
  EXPECT_EQ(DeriveLegalStatus(patent, "2026-11-28").status, LegalStatus::kInvalidated);
  patent.legal_events = {{"IP01", "2015-01-01", "部分无效"}};  // partial: still in force
  EXPECT_EQ(DeriveLegalStatus(patent, "2026-11-28").status, LegalStatus::kValid);
  // A generic termination marker at the end of the term is expiry, before it a lapse.
  patent.legal_events = {{"EXPY", "2030-01-01", ""}};
  EXPECT_EQ(DeriveLegalStatus(patent, "2030-06-01").status, LegalStatus::kExpired);
  patent.legal_events = {{"EXPY", "2016-01-01", ""}};
  EXPECT_EQ(DeriveLegalStatus(patent, "2020-06-01").status, LegalStatus::kLapsed);
}

TEST(LegalStatusTest, RecordalsAndPledgesDoNotChangeTheStatus) {
  Patent patent = Make(DocumentType::kCnInventionGrant, "2010-01-01");
  patent.legal_events = {{"TR01", "2015-01-01", "专利权的转移 授权公告日:2012-01-01"},
                         {"PE01", "2016-01-01", "专利权质押合同登记的生效"},
                         {"PC01", "2017-01-01", "专利权质押合同登记的注销"},
                         {"EE01", "2018-01-01", "专利实施许可合同备案的生效"}};
  EXPECT_EQ(DeriveLegalStatus(patent, "2026-11-28").status, LegalStatus::kValid);
  patent.legal_events.push_back({"CF01", "2019-01-01", "未缴年费专利权终止"});
  patent.legal_events.push_back({"TR01", "2020-01-01", "专利权的转移 授权"});
  EXPECT_EQ(DeriveLegalStatus(patent, "2026-11-28").status, LegalStatus::kLapsed);
  // An unknown code is read by its text.
  patent.legal_events = {{"ZZ99", "2019-01-01", "专利权有效期届满"}};
  EXPECT_EQ(DeriveLegalStatus(patent, "2026-11-28").status, LegalStatus::kExpired);
}

TEST(LegalStatusTest, EventsLaterThanTodayAreNotYetInEffect) {
  Patent patent = Make(DocumentType::kCnInventionGrant, "2010-01-01");
  patent.legal_events = {{"CF01", "2027-01-01", "未缴年费专利权终止"}};
  EXPECT_EQ(DeriveLegalStatus(patent, "2026-11-28").status, LegalStatus::kValid);
  // The later event is due before the term ends (2030-01-01), so it is the next change.
  EXPECT_EQ(DeriveLegalStatus(patent, "2026-11-28").changes_on, "2027-01-01");
  EXPECT_EQ(DeriveLegalStatus(patent, "2027-01-01").status, LegalStatus::kLapsed);
  EXPECT_EQ(DeriveLegalStatus(patent, "2027-01-01").changes_on,
            "");  // lapsed: the term no longer matters
}

TEST(LegalStatusTest, SpreadsheetStatusTexts) {
  Patent patent = Make(DocumentType::kCnInventionGrant, "2015-01-01");
  auto with_text = [&](std::string text) {
    patent.legal_events = {{"", "", std::move(text)}};
    return DeriveLegalStatus(patent, "2026-11-28").status;
  };
  EXPECT_EQ(with_text("有效"), LegalStatus::kValid);
  EXPECT_EQ(with_text("失效-未缴年费"), LegalStatus::kLapsed);
  EXPECT_EQ(with_text("无效宣告（全部无效）"), LegalStatus::kInvalidated);
  EXPECT_EQ(with_text("期限届满"), LegalStatus::kExpired);
  EXPECT_EQ(with_text("Expired - Lifetime"), LegalStatus::kExpired);
  Patent application = Make(DocumentType::kCnInventionApplication, "2020-01-01");
  application.legal_events = {{"", "", "审中-实质审查"}};
  EXPECT_EQ(DeriveLegalStatus(application, "2026-11-28").status, LegalStatus::kPending);
  application.legal_events = {{"", "", "撤回"}};
  EXPECT_EQ(DeriveLegalStatus(application, "2026-11-28").status, LegalStatus::kWithdrawn);
}

TEST(LegalStatusTest, UnknownTypeIsUnknown) {
  EXPECT_EQ(DeriveLegalStatus(Make(DocumentType::kUnknown, "2015-01-01"), "2026-11-28").status,
            LegalStatus::kUnknown);
}

}  // namespace
}  // namespace iphub::patents
