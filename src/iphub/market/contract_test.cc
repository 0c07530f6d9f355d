#include "iphub/market/contract.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iphub/base/pdf.h"

namespace iphub::market {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Worked examples in the way 《支付结算办法》 附件一 writes amounts: zeros inside collapse to one
// 零, a zero group between units still says 零, "整" only after 元.
TEST(CapitalAmountTest, WritesAmountsAsContractsAndChequesDo) {
  EXPECT_EQ(CapitalAmount(0), "零元整");
  EXPECT_EQ(CapitalAmount(100), "壹元整");
  EXPECT_EQ(CapitalAmount(18'000'000), "壹拾捌万元整");
  EXPECT_EQ(CapitalAmount(100'560), "壹仟零伍元陆角");
  EXPECT_EQ(CapitalAmount(10'000'005), "壹拾万元零伍分");
  EXPECT_EQ(CapitalAmount(5), "伍分");
  EXPECT_EQ(CapitalAmount(50), "伍角");
  EXPECT_EQ(CapitalAmount(10'000'000'100), "壹亿零壹元整");
  EXPECT_EQ(CapitalAmount(12'000'300'000), "壹亿贰仟万零叁仟元整");
  EXPECT_EQ(CapitalAmount(20'000'030'000), "贰亿零叁佰元整");
  EXPECT_EQ(CapitalAmount(100'100'000'000), "壹拾亿零壹佰万元整");
  EXPECT_EQ(CapitalAmount(123'456'789), "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分");
  EXPECT_EQ(CapitalAmount(10'000'000'000'000), "壹仟亿元整");  // kMaxAmountFen
}

ContractInput Licence() {
  return {.deal_id = 42,
          .kind = ListingKind::kSoleLicence,
          .seller = {.name = "青岛海滨理工大学",
                     .uscc = "91370202MA2000001X",
                     .address = "青岛市市南区香港中路 1 号"},
          .buyer = {.name = "济南舜耕新材料科技有限公司", .uscc = "", .address = "济南市市中区"},
          .patent_title = "一种海洋监测浮标的低功耗数据采集系统",
          .application_number = "202110012345.6",
          .publication_number = "CN119999004B",
          .price_fen = 18'000'000,
          .terms = "许可期五年，限山东省内",
          .agreed_on = "2026-11-29",
          .court_region = "青岛市"};
}

TEST(DraftContractTest, FillsTheLicenceTemplateWithThePartiesPatentPriceAndTerms) {
  const DealContract contract = DraftContract(Licence());
  EXPECT_EQ(contract.template_name, "licence");
  EXPECT_EQ(contract.title, "专利实施许可合同");
  EXPECT_THAT(contract.text, HasSubstr("合同编号：IPHUB-DEAL-42"));
  EXPECT_THAT(contract.text,
              HasSubstr("许可方（甲方）：青岛海滨理工大学\n统一社会信用代码：91370202MA2000001X"));
  EXPECT_THAT(
      contract.text,
      HasSubstr("被许可方（乙方）：济南舜耕新材料科技有限公司\n统一社会信用代码：（未登记）"));
  EXPECT_THAT(contract.text, HasSubstr("申请号：202110012345.6；公告号：CN119999004B"));
  EXPECT_THAT(contract.text, HasSubstr("排他实施许可"));
  EXPECT_THAT(contract.text, Not(HasSubstr("独占实施许可")));
  EXPECT_THAT(contract.text, HasSubstr("人民币 180,000.00 元（大写：壹拾捌万元整）"));
  EXPECT_THAT(contract.text, HasSubstr("许可期五年，限山东省内"));
  EXPECT_THAT(contract.text, HasSubstr("向青岛市有管辖权的人民法院"));
  EXPECT_THAT(contract.text, HasSubstr("签订日期：2026-11-29"));
}

TEST(DraftContractTest, EachKindHasItsTemplateAndANegotiablePriceIsLeftToWriting) {
  ContractInput input = Licence();
  input.price_fen.reset();
  input.kind = ListingKind::kTransfer;
  DealContract transfer = DraftContract(input);
  EXPECT_EQ(transfer.template_name, "transfer");
  EXPECT_THAT(transfer.text, HasSubstr("受让方（乙方）"));
  EXPECT_THAT(transfer.text, HasSubstr("转让价款由双方另行书面约定"));
  EXPECT_THAT(transfer.text,
              HasSubstr("第十条"));  // 专利法: a transfer takes effect on registration
  input.kind = ListingKind::kOpenLicence;
  EXPECT_THAT(DraftContract(input).text, HasSubstr("第五十一条"));
  input.kind = ListingKind::kEquity;
  DealContract equity = DraftContract(input);
  EXPECT_EQ(equity.title, "专利权作价入股协议");
  EXPECT_THAT(equity.text, HasSubstr("作价出资"));
}

TEST(DraftContractTest, ThePdfCarriesTheTitleAndEveryParagraph) {
  const DealContract contract = DraftContract(Licence());
  const base::PdfDocument document = ContractDocument(contract);
  ASSERT_GT(document.paragraphs.size(), 10u);
  EXPECT_EQ(document.title, "专利实施许可合同");
  EXPECT_EQ(document.paragraphs[0].text, "专利实施许可合同");
  EXPECT_TRUE(document.paragraphs[0].centered);
  std::string joined;
  for (size_t index = 1; index < document.paragraphs.size(); ++index) {
    joined += (index == 1 ? "" : "\n\n") + document.paragraphs[index].text;
  }
  EXPECT_EQ(joined, contract.text);
  EXPECT_TRUE(base::RenderPdf(document).starts_with("%PDF-1.7"));
}

}  // namespace
}  // namespace iphub::market
