#include "iphub/market/contract.h"

#include <array>
#include <string_view>
#include <vector>

#include "iphub/base/money.h"
#include "iphub/base/strings.h"

namespace iphub::market {
namespace {

constexpr std::array<std::string_view, 10> kDigits = {"零", "壹", "贰", "叁", "肆",
                                                      "伍", "陆", "柒", "捌", "玖"};
constexpr std::array<std::string_view, 4> kPlaces = {"", "拾", "佰", "仟"};

std::string_view LicenceKindWords(ListingKind kind) {
  switch (kind) {
    case ListingKind::kExclusiveLicence:
      return "独占实施许可：在约定的期限和地域内，许可方只许可被许可方一家实施该专利，许可方自己也"
             "不得实施";
    case ListingKind::kSoleLicence:
      return "排他实施许可：在约定的期限和地域内，许可方只许可被许可方一家实施该专利，许可方自己可"
             "以实施";
    default:
      return "普通实施许可：许可方许可被许可方实施该专利，并可以自行实施或者许可他人实施";
  }
}

std::string PartyLine(std::string_view role, const ContractParty& party) {
  return base::StrCat(role, "：", party.name, "\n统一社会信用代码：",
                      party.uscc.empty() ? "（未登记）" : party.uscc, "\n住所：", party.address);
}

std::string Price(const ContractInput& input, std::string_view what) {
  if (!input.price_fen.has_value()) {
    return base::StrCat(what, "由双方另行书面约定。");
  }
  return base::StrCat(what, "为人民币 ", base::FormatMoney(base::Money::FromFen(*input.price_fen)),
                      " 元（大写：", CapitalAmount(*input.price_fen), "）。");
}

std::string Terms(const ContractInput& input) { return input.terms.empty() ? "无。" : input.terms; }

std::string PatentLine(const ContractInput& input) {
  return base::StrCat("专利名称：", input.patent_title, "；申请号：",
                      input.application_number.empty() ? "见公告文本" : input.application_number,
                      "；公告号：", input.publication_number, "。");
}

}  // namespace

std::string CapitalAmount(int64_t fen) {
  if (fen < 0) fen = 0;
  const int64_t yuan = fen / 100;
  const int jiao = static_cast<int>(fen / 10 % 10);
  const int cents = static_cast<int>(fen % 10);
  std::string out;
  if (yuan > 0) {
    const std::string digits = std::to_string(yuan);
    bool zeros_pending = false;
    bool group_has_digit = false;
    for (size_t index = 0; index < digits.size(); ++index) {
      const size_t power = digits.size() - 1 - index;  // of ten
      const int digit = digits[index] - '0';
      if (digit == 0) {
        zeros_pending = !out.empty();
      } else {
        if (zeros_pending) out += "零";
        zeros_pending = false;
        base::StrAppend(&out, kDigits[static_cast<size_t>(digit)], kPlaces[power % 4]);
        group_has_digit = true;
      }
      if (power % 4 == 0 && power > 0) {  // the end of a group of four: 万, 亿, 万亿
        if (group_has_digit) out += power % 8 == 4 ? "万" : "亿";
        group_has_digit = false;
      }
    }
    out += "元";
  }
  if (jiao == 0 && cents == 0) return out.empty() ? "零元整" : out + "整";
  if (jiao > 0) {
    base::StrAppend(&out, kDigits[static_cast<size_t>(jiao)], "角");
  } else if (!out.empty()) {
    out += "零";
  }
  if (cents > 0) base::StrAppend(&out, kDigits[static_cast<size_t>(cents)], "分");
  return out;
}

DealContract DraftContract(const ContractInput& input) {
  DealContract contract{.deal_id = input.deal_id};
  std::vector<std::string> parts;
  const std::string number = base::StrCat("合同编号：IPHUB-DEAL-", input.deal_id);
  const std::string court = input.court_region.empty() ? "合同履行地" : input.court_region;
  const std::string disputes =
      base::StrCat("因本合同引起的争议，双方应协商解决；协商不成的，任何一方可以向", court,
                   "有管辖权的人民法院提起诉讼，或者申请知识产权纠纷调解。");
  const std::string effect =
      "本合同一式三份，双方各执一份，一份用于办理登记或者备案，自双方签字盖章之日起生效。";
  switch (input.kind) {
    case ListingKind::kTransfer:
      contract.template_name = "transfer";
      contract.title = "专利权转让合同";
      parts = {number,
               PartyLine("转让方（甲方）", input.seller),
               PartyLine("受让方（乙方）", input.buyer),
               "甲方是下列专利的专利权人，乙方愿意受让该专利权。双方依照《中华人民共和国民法典》"
               "和《中华人民共和国专利法》的规定，经平等协商，订立本合同。",
               base::StrCat("第一条 转让标的\n", PatentLine(input)),
               Price(input, "第二条 转让价款\n本专利权的转让价款"),
               base::StrCat("第三条 双方约定的其他条件\n", Terms(input)),
               "第四条 登记\n本合同生效后，双方应当共同向国务院专利行政部门办理专利权转让登记。"
               "专利权的转让自登记之日起生效（《中华人民共和国专利法》第十条）。",
               "第五条 保证\n甲方保证其为本专利的合法权利人，本专利在转让时有效，"
               "未设定质押，亦无未告知乙方的实施许可。",
               base::StrCat("第六条 争议解决\n", disputes),
               base::StrCat("第七条 生效\n", effect)};
      break;
    case ListingKind::kExclusiveLicence:
    case ListingKind::kSoleLicence:
    case ListingKind::kNonExclusiveLicence:
      contract.template_name = "licence";
      contract.title = "专利实施许可合同";
      parts = {number,
               PartyLine("许可方（甲方）", input.seller),
               PartyLine("被许可方（乙方）", input.buyer),
               "甲方同意许可乙方实施下列专利，双方依照《中华人民共和国民法典》和"
               "《中华人民共和国专利法》的规定，经平等协商，订立本合同。",
               base::StrCat("第一条 许可标的\n", PatentLine(input)),
               base::StrCat("第二条 许可种类\n", LicenceKindWords(input.kind), "。"),
               Price(input, "第三条 许可使用费\n本合同的许可使用费"),
               base::StrCat("第四条 许可的期限、地域和其他条件\n", Terms(input)),
               "第五条 备案\n双方应当依照《专利实施许可合同备案办法》向国务院专利行政部门"
               "办理本合同的备案。",
               "第六条 保证\n甲方保证其为本专利的合法权利人，本专利在许可期间有效，"
               "且本许可不与甲方已经订立的其他许可相冲突。",
               base::StrCat("第七条 争议解决\n", disputes),
               base::StrCat("第八条 生效\n", effect)};
      break;
    case ListingKind::kOpenLicence:
      contract.template_name = "open_licence";
      contract.title = "专利开放许可实施合同";
      parts = {number,
               PartyLine("专利权人（甲方）", input.seller),
               PartyLine("被许可人（乙方）", input.buyer),
               "甲方已就下列专利作出开放许可声明。依照《中华人民共和国专利法》第五十一条，"
               "乙方以书面方式通知甲方，并依照公告的许可使用费支付方式、标准支付许可使用费后，"
               "即获得专利实施许可。双方确认如下。",
               base::StrCat("第一条 许可标的\n", PatentLine(input)),
               "第二条 许可种类\n开放许可为普通实施许可，甲方以相同条件许可任何单位或者个人实施。",
               Price(input, "第三条 许可使用费\n依照开放许可声明，乙方应付的许可使用费"),
               base::StrCat("第四条 公告的许可条件及双方确认的事项\n", Terms(input)),
               "第五条 备案\n双方可以依照《专利实施许可合同备案办法》办理本合同的备案。",
               base::StrCat("第六条 争议解决\n", disputes),
               base::StrCat("第七条 生效\n", effect)};
      break;
    case ListingKind::kEquity:
    case ListingKind::kPledge:
      contract.template_name = "equity";
      contract.title = "专利权作价入股协议";
      parts = {number,
               PartyLine("出资方（甲方）", input.seller),
               PartyLine("接受出资的公司（乙方）", input.buyer),
               "甲方以下列专利权作价出资，认缴乙方的出资额。双方依照《中华人民共和国公司法》"
               "关于非货币财产出资的规定和《中华人民共和国专利法》，经平等协商，订立本协议。",
               base::StrCat("第一条 出资标的\n", PatentLine(input)),
               Price(input, "第二条 作价金额\n经双方协商并以评估结果为依据，本专利权的作价金额"),
               base::StrCat("第三条 股权安排及其他条件\n", Terms(input)),
               "第四条 权属转移\n本协议生效后，双方应当向国务院专利行政部门办理专利权转移登记，"
               "将本专利权转移至乙方名下，并办理公司登记机关要求的出资手续。",
               base::StrCat("第五条 争议解决\n", disputes),
               base::StrCat("第六条 生效\n", effect)};
      break;
  }
  parts.push_back(base::StrCat(input.seller.name, "（盖章）\n法定代表人或者授权代表（签字）："));
  parts.push_back(base::StrCat(input.buyer.name, "（盖章）\n法定代表人或者授权代表（签字）："));
  parts.push_back(base::StrCat("签订日期：", input.agreed_on));
  parts.push_back(
      "本合同文本由知识产权运营公共服务平台依据双方在平台上达成一致的报价和条件生成，"
      "签署前请双方核对各项内容。");
  for (const std::string& part : parts) {
    base::StrAppend(&contract.text, contract.text.empty() ? "" : "\n\n", part);
  }
  return contract;
}

base::PdfDocument ContractDocument(const DealContract& contract) {
  base::PdfDocument document{.title = contract.title};
  document.paragraphs.push_back(
      {.text = contract.title, .size = 18, .centered = true, .space_after = 14});
  std::string_view rest = contract.text;
  while (!rest.empty()) {
    const size_t end = rest.find("\n\n");
    document.paragraphs.push_back({.text = std::string(rest.substr(0, end)), .space_after = 8});
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 2);
  }
  return document;
}

}  // namespace iphub::market
