// Contracts drafted from templates when a deal's parties agree (issue #6 §5):
// transfer (专利权转让合同), licence (专利实施许可合同, exclusive / sole /
// non-exclusive), open-licence acceptance (开放许可实施合同, 专利法 第五十一条)
// and contribution as equity (专利权作价入股协议), with the parties' details,
// the patent, the agreed price (in figures and in capital characters) and
// terms filled in. The draft is stored with the deal, so the PDF is always the
// text the parties agreed to.
//
//   DealContract contract = DraftContract({.deal_id = 7, .kind = ListingKind::kTransfer, …});
//   std::string pdf = base::RenderPdf(ContractDocument(contract));
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "iphub/base/pdf.h"
#include "iphub/market/deal.h"
#include "iphub/market/model.h"

namespace iphub::market {

struct ContractParty {
  std::string name{};
  std::string uscc{};
  std::string address{};  // "" → the region's name
};

struct ContractInput {
  int64_t deal_id = 0;
  ListingKind kind = ListingKind::kTransfer;
  ContractParty seller{};  // the patentee (licensor, transferor, contributor)
  ContractParty buyer{};   // the transferee, licensee, or the company taking the equity
  std::string patent_title{};
  std::string application_number{};
  std::string publication_number{};
  std::optional<int64_t> price_fen{};  // nullopt: to be agreed in writing
  std::string terms{};                 // the accepted offer's terms
  std::string agreed_on{};             // YYYY-MM-DD, Asia/Shanghai
  std::string court_region{};          // the listing region's name, for disputes
};

// The contract's title and text (paragraphs separated by blank lines).
DealContract DraftContract(const ContractInput& input);

// The contract laid out for base::RenderPdf: the title centred, then its paragraphs.
base::PdfDocument ContractDocument(const DealContract& contract);

// An amount in capital characters as contracts and cheques write it
// (《支付结算办法》 附件一): 12,000,000 fen → "壹拾贰万元整", 100,560 → "壹仟零伍元陆角",
// 0 → "零元整". `fen` ≥ 0.
std::string CapitalAmount(int64_t fen);

}  // namespace iphub::market
