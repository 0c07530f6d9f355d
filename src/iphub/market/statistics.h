// Marketplace statistics (issue #6 §7): listings published, demands published,
// matches found, deals opened, agreed and recorded, and the agreed value, by
// month, by industry and by the region's children — the province → city →
// county roll-up, each child counting itself and everything under it.
//
// What counts where and when (months and days in Asia/Shanghai):
//   listings   approved (published) in the month; the listing's region and industry
//   demands    published in the month; the demand's region and industry
//   matches    found first in the month (market_matches.first_seen); the demand's
//   deals      opened (created), agreed (agreed_at, with agreed_price_fen; a deal agreed
//              without a price counts as a deal but adds no value) and recorded (the
//              "record" transition) in the month; the listing's region and industry
// A record is counted once in the region's total, once under the child whose code it lies
// in, or under `unplaced` when its region is the region itself (a listing registered at
// city level, seen from the city).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/auth/model.h"
#include "iphub/base/clock.h"
#include "iphub/db/database.h"

namespace iphub::market {

struct MarketCounts {
  int64_t listings = 0;
  int64_t demands = 0;
  int64_t matches = 0;
  int64_t deals_opened = 0;
  int64_t deals_agreed = 0;
  int64_t deals_recorded = 0;
  int64_t deal_value_fen = 0;  // sum of agreed prices
};

struct MarketStatistics {
  std::string region_code{};  // "000000": the whole platform
  std::string region_name{};
  std::string from_month{};  // "YYYY-MM"
  std::string to_month{};
  MarketCounts totals{};
  std::vector<std::pair<std::string, MarketCounts>> by_month{};     // every month from..to
  std::vector<std::pair<std::string, MarketCounts>> by_industry{};  // most deals, then listings
  struct Child {
    std::string code{};
    std::string name{};
    MarketCounts counts{};
  };
  std::vector<Child> children{};  // by code
  MarketCounts unplaced{};
};

inline constexpr int kMaxStatisticsMonths = 120;

class MarketStatisticsService {
 public:
  MarketStatisticsService(db::Database& database, base::Clock& clock);

  // Officials: their region or one under it ("" → theirs); platform administrators: any
  // ("" → the whole platform). NotFound for a region outside the caller's, PermissionDenied
  // for other roles. `from`/`to` "YYYY-MM" ("" → the twelve months to this one);
  // InvalidArgument naming "from", "to" or "region".
  absl::StatusOr<MarketStatistics> Compute(const auth::Principal* principal,
                                           std::string_view region_code, std::string_view from,
                                           std::string_view to);

 private:
  db::Database& database_;
  base::Clock& clock_;
};

}  // namespace iphub::market
