#include "iphub/patents/rights_position.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace iphub::patents {
namespace {

Patent Owned(std::vector<LegalEvent> events) {
  Patent patent;
  patent.applicants = {{.name = "济南星河电池有限公司"}, {.name = "山东大学"}};
  patent.legal_events = std::move(events);
  return patent;
}

TEST(EventField, ReadsALabelledValueUpToTheNextLabel) {
  const std::string text =
      "专利实施许可合同备案的生效 合同备案号：X2020370000001 让与人：甲公司 受让人：HUAWEI "
      "TECHNOLOGIES CO., LTD. 许可种类：独占许可 备案日期：2020-01-02";
  EXPECT_EQ(EventField(text, "合同备案号"), "X2020370000001");
  EXPECT_EQ(EventField(text, "让与人"), "甲公司");
  EXPECT_EQ(EventField(text, "受让人"), "HUAWEI TECHNOLOGIES CO., LTD.");
  EXPECT_EQ(EventField(text, "许可种类"), "独占许可");
  EXPECT_EQ(EventField(text, "备案日期"), "2020-01-02");
  EXPECT_EQ(EventField(text, "质权人"), "");
  // A label inside a longer one is not it.
  EXPECT_EQ(EventField("原受让人：甲 受让人：乙", "受让人"), "乙");
  EXPECT_EQ(EventField("受让人：", "受让人"), "");
}

TEST(DeriveRightsPosition, TransfersReplaceTheHolders) {
  const Patent patent = Owned(
      {{.code = "TR01",
        .date = "2021-05-06",
        .text = "专利权的转移 登记生效日：2021-05-06 变更前权利人：济南星河电池有限公司；山东大学 "
                "变更后权利人：青岛海纳储能科技有限公司"},
       {.code = "TR01",
        .date = "2024-02-01",
        .text =
            "专利权的转移 变更前权利人：青岛海纳储能科技有限公司 变更后权利人：甲公司；乙大学"}});
  EXPECT_EQ(DeriveRightsPosition(patent, "2020-12-31").holders,
            (std::vector<std::string>{"济南星河电池有限公司", "山东大学"}));
  EXPECT_EQ(DeriveRightsPosition(patent, "2021-05-06").holders,
            (std::vector<std::string>{"青岛海纳储能科技有限公司"}));
  EXPECT_EQ(DeriveRightsPosition(patent, "2026-11-28").holders,
            (std::vector<std::string>{"甲公司", "乙大学"}));
}

TEST(DeriveRightsPosition, LicencesAndPledgesStandUntilCancelledByNumber) {
  const Patent patent = Owned(
      {{.code = "EE01",
        .date = "2020-01-02",
        .text = "合同备案号：X1 让与人：济南星河电池有限公司 受让人：丁公司 许可种类：独占许可"},
       {.code = "EE01",
        .date = "2020-06-01",
        .text = "合同备案号：X2 让与人：济南星河电池有限公司 受让人：戊公司 许可种类：普通许可"},
       {.code = "PE01",
        .date = "2021-03-01",
        .text = "登记号：Y1 出质人：济南星河电池有限公司 质权人：齐鲁银行"},
       {.code = "EC01", .date = "2022-01-02", .text = "合同备案号：X1 解除日：2022-01-02"},
       {.code = "PC01", .date = "2023-03-01", .text = "登记号：Y1 解除日：2023-03-01"}});
  RightsPosition in_2021 = DeriveRightsPosition(patent, "2021-12-31");
  ASSERT_EQ(in_2021.licences.size(), 2u);
  EXPECT_EQ(in_2021.licences[0].number, "X1");
  EXPECT_EQ(in_2021.licences[0].kind, LicenceKind::kExclusive);
  EXPECT_EQ(in_2021.licences[0].licensee, "丁公司");
  EXPECT_EQ(in_2021.licences[1].kind, LicenceKind::kNonExclusive);
  ASSERT_EQ(in_2021.pledges.size(), 1u);
  EXPECT_EQ(in_2021.pledges[0].pledgee, "齐鲁银行");
  EXPECT_EQ(in_2021.pledges[0].date, "2021-03-01");

  RightsPosition now = DeriveRightsPosition(patent, "2026-11-28");
  ASSERT_EQ(now.licences.size(), 1u);
  EXPECT_EQ(now.licences[0].number, "X2");
  EXPECT_TRUE(now.pledges.empty());
  EXPECT_TRUE(now.unreadable.empty());
}

TEST(DeriveRightsPosition, ListsWhatItCannotReadInsteadOfGuessing) {
  const Patent patent = Owned({{.code = "TR01", .date = "2021-05-06", .text = "专利权的转移"},
                               {.code = "PE01", .date = "2021-06-01", .text = "质权人：齐鲁银行"}});
  const RightsPosition position = DeriveRightsPosition(patent, "2026-11-28");
  EXPECT_EQ(position.holders, (std::vector<std::string>{"济南星河电池有限公司", "山东大学"}));
  EXPECT_TRUE(position.pledges.empty());
  EXPECT_EQ(position.unreadable, (std::vector<std::string>{"TR01 2021-05-06: no 变更后权利人",
                                                           "PE01 2021-06-01: no 登记号"}));
}

}  // namespace
}  // namespace iphub::patents
