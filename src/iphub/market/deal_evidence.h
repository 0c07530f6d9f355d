// Deal evidence for valuing a patent (issue #6 §5; docs/valuation.md, "Market evidence"): the
// market approach's reference (市场法参考) beside the income-method estimate — what this patent
// itself was agreed for, and what comparable patents were agreed for.
//
//   IPHUB_ASSIGN_OR_RETURN(DealEvidence evidence, deals.Evidence(&principal, "CN 119990001 B"));
//   for (const ComparableDeals& family : evidence.comparable) {
//     if (family.prices.has_value()) ... family.prices->median_fen ...
//   }
//
// Counted are deals that reached the agreement and did not fall through: their state is agreed,
// recordal_filed, recorded or closed (a deal withdrawn, before or after agreeing, is not).
//
// - Own deals: those on the patent (any publication of its application). Each gives its kind,
//   state, agreed day and recordal; its id and agreed price only to a caller who may see that
//   deal (DealService's rule: its parties, the officials of its region, platform
//   administrators) — to others the price is hidden and the id left out.
// - Comparable deals: those on other patents of the same IPC subclass (the first four characters
//   of the main IPC symbol, "H01M"), with a price, agreed within the last three years (from the
//   same civil day three years before today, Asia/Shanghai, to now), in the same kind family:
//   "assignment" (transfer, equity) or "licence" (exclusive, sole, non-exclusive and open
//   licences). The figures — minimum, 25th percentile, median, 75th percentile, maximum, in
//   fen — are given only when at least kMinComparableDeals deals count, so that the aggregate
//   does not disclose one deal's price; otherwise only the count, with the reason.
//
// Percentiles are by nearest rank: of n prices sorted ascending, the p-th percentile is the one
// at rank ceil(p × n / 100) (1-based, at least 1) — always one of the prices, never an
// interpolation. Of 10, 20, 30, 40: p25 = 10 (rank 1), median = 20 (rank 2), p75 = 30 (rank 3).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "iphub/market/model.h"

namespace iphub::market {

// Fewer comparable deals than this give their count only.
inline constexpr int64_t kMinComparableDeals = 3;
// How far back comparable deals are counted.
inline constexpr int kComparableYears = 3;

enum class KindFamily { kAssignment, kLicence };
std::string_view KindFamilyName(KindFamily family);  // "assignment", "licence"
// Transfer and equity (作价入股) are assignments; every licence kind, the open licence (开放许可)
// included, is a licence.
KindFamily KindFamilyOf(ListingKind kind);

// The states a deal is in once agreed and not fallen through.
const std::vector<std::string>& AgreedDealStates();

// The IPC subclass of a main IPC symbol: its first four characters, upper-cased
// ("h01m 10/0525" → "H01M"); "" when the symbol is shorter or does not start like one
// (a section letter, two digits, a class letter).
std::string IpcSubclass(std::string_view ipc_main);

struct PriceSummary {
  int64_t min_fen = 0;
  int64_t p25_fen = 0;
  int64_t median_fen = 0;
  int64_t p75_fen = 0;
  int64_t max_fen = 0;
};

// The nearest-rank percentile (above) of prices sorted ascending; `sorted` is not empty,
// 0 <= percent <= 100.
int64_t NearestRank(const std::vector<int64_t>& sorted, int percent);
// The five figures of `prices` (any order; not empty).
PriceSummary SummarisePrices(std::vector<int64_t> prices);

struct OwnDeal {
  std::optional<int64_t> id{};  // only when the caller may see the deal
  ListingKind kind = ListingKind::kTransfer;
  std::string state{};
  std::optional<int64_t> agreed_price_fen{};  // nullopt: hidden, or no price was named
  std::string agreed_on{};                    // YYYY-MM-DD, Asia/Shanghai
  std::string recorded_event{};               // "EE01 2026-11-30", "" until recorded
  std::string recorded_on{};                  // its date, "" until recorded
  bool visible = false;                       // the caller may see the deal (and its price)
};

struct ComparableDeals {
  KindFamily family = KindFamily::kAssignment;
  std::string ipc_subclass{};
  std::string since{};                   // the first agreed day counted, YYYY-MM-DD
  int64_t count = 0;                     // deals with a price that count
  std::optional<PriceSummary> prices{};  // when count >= kMinComparableDeals
  std::string reason{};                  // why no figures, when prices is nullopt
};

struct DealEvidence {
  std::string publication_number{};
  std::string title{};
  std::string ipc_subclass{};
  std::string as_of{};         // today, Asia/Shanghai
  std::vector<OwnDeal> own{};  // latest agreement first
  // Both families, assignment first.
  std::vector<ComparableDeals> comparable{};
};

// The comparable figures of one family from the prices of its deals: figures when there are
// enough, otherwise the count and a reason.
ComparableDeals ComparableOf(KindFamily family, std::string ipc_subclass, std::string since,
                             std::vector<int64_t> prices);

}  // namespace iphub::market
