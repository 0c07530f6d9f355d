#include "iphub/market/statistics.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "iphub/auth/regions.h"
#include "iphub/base/civil_date.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/db/where.h"

namespace iphub::market {
namespace {

constexpr std::string_view kPlatform = "000000";
constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kShanghaiOffsetMs = 8LL * 3'600'000;

struct Month {
  int year = 0;
  int month = 0;  // 1..12
};

std::optional<Month> ParseMonth(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  const std::optional<base::CivilDate> date = base::ParseCivilDate(base::StrCat(text, "-01"));
  if (!date.has_value()) return std::nullopt;
  return Month{static_cast<int>(date->year), date->month};
}

Month Next(Month month) {
  return month.month == 12 ? Month{month.year + 1, 1} : Month{month.year, month.month + 1};
}

std::string Name(Month month) {
  return base::StrCat(month.year, "-", month.month < 10 ? "0" : "", month.month);
}

// The first millisecond of the month in Shanghai.
int64_t StartMs(Month month) {
  return base::DaysFromCivil(month.year, month.month, 1) * kDayMs - kShanghaiOffsetMs;
}

// One counted thing: where, in which industry, when, and (deals agreed) for how much.
struct Fact {
  std::string region_code;
  std::string industry;
  int64_t at_ms = 0;
  int64_t value_fen = 0;
};

enum class Measure { kListings, kDemands, kMatches, kOpened, kAgreed, kRecorded };

void Add(MarketCounts& counts, Measure measure, const Fact& fact) {
  switch (measure) {
    case Measure::kListings:
      ++counts.listings;
      break;
    case Measure::kDemands:
      ++counts.demands;
      break;
    case Measure::kMatches:
      ++counts.matches;
      break;
    case Measure::kOpened:
      ++counts.deals_opened;
      break;
    case Measure::kAgreed:
      ++counts.deals_agreed;
      counts.deal_value_fen += fact.value_fen;
      break;
    case Measure::kRecorded:
      ++counts.deals_recorded;
      break;
  }
}

// The SQL of each measure: region_code, industry, at_ms, value, with $1/$2 the time window
// and $3 the region's LIKE pattern.
std::string_view SqlOf(Measure measure) {
  switch (measure) {
    case Measure::kListings:
      return "SELECT l.region_code, l.industry, e.at_ms, 0 FROM workflow_events e "
             "JOIN market_listings l ON l.id = e.record_id WHERE e.kind = 'listing' AND "
             "e.transition = 'approve' AND e.at_ms >= $1 AND e.at_ms < $2 AND "
             "l.region_code LIKE $3 ESCAPE '\\'";
    case Measure::kDemands:
      return "SELECT d.region_code, d.industry, e.at_ms, 0 FROM workflow_events e "
             "JOIN market_demands d ON d.id = e.record_id WHERE e.kind = 'demand' AND "
             "e.transition = 'publish' AND e.at_ms >= $1 AND e.at_ms < $2 AND "
             "d.region_code LIKE $3 ESCAPE '\\'";
    case Measure::kMatches:
      return "SELECT d.region_code, d.industry, m.first_seen, 0 FROM market_matches m "
             "JOIN market_demands d ON d.id = m.demand_id WHERE m.first_seen >= $1 AND "
             "m.first_seen < $2 AND d.region_code LIKE $3 ESCAPE '\\'";
    case Measure::kOpened:
      return "SELECT d.region_code, l.industry, d.created_at, 0 FROM market_deals d "
             "JOIN market_listings l ON l.id = d.listing_id WHERE d.created_at >= $1 AND "
             "d.created_at < $2 AND d.region_code LIKE $3 ESCAPE '\\'";
    case Measure::kAgreed:
      return "SELECT d.region_code, l.industry, d.agreed_at, COALESCE(d.agreed_price_fen, 0) "
             "FROM market_deals d JOIN market_listings l ON l.id = d.listing_id WHERE "
             "d.agreed_at >= $1 AND d.agreed_at < $2 AND d.region_code LIKE $3 ESCAPE '\\'";
    case Measure::kRecorded:
      return "SELECT d.region_code, l.industry, e.at_ms, 0 FROM workflow_events e "
             "JOIN market_deals d ON d.id = e.record_id JOIN market_listings l ON "
             "l.id = d.listing_id WHERE e.kind = 'deal' AND e.transition = 'record' AND "
             "e.at_ms >= $1 AND e.at_ms < $2 AND d.region_code LIKE $3 ESCAPE '\\'";
  }
  return "";
}

constexpr Measure kMeasures[] = {Measure::kListings, Measure::kDemands, Measure::kMatches,
                                 Measure::kOpened,   Measure::kAgreed,  Measure::kRecorded};

}  // namespace

MarketStatisticsService::MarketStatisticsService(db::Database& database, base::Clock& clock)
    : database_(database), clock_(clock) {}

absl::StatusOr<MarketStatistics> MarketStatisticsService::Compute(const auth::Principal* principal,
                                                                  std::string_view region_code,
                                                                  std::string_view from,
                                                                  std::string_view to) {
  if (principal == nullptr) return absl::UnauthenticatedError("log in first");
  const bool admin = principal->role == auth::Role::kPlatformAdmin;
  if (!admin && !(principal->role == auth::Role::kOfficial && principal->region_code.has_value())) {
    return absl::PermissionDeniedError("marketplace statistics are for officials");
  }
  std::string region(base::StripWhitespace(region_code));
  if (region.empty()) region = admin ? std::string(kPlatform) : *principal->region_code;
  if (region != kPlatform) {
    IPHUB_RETURN_IF_ERROR(auth::CheckRegionCodeSyntax(region, "region"));
  }
  if (!admin && (region == kPlatform || !auth::InRegion(*principal->region_code, region))) {
    return absl::NotFoundError(base::StrCat("no region ", region, " within yours"));
  }

  const std::string today = base::ShanghaiDate(clock_.NowMillis());
  const Month this_month = *ParseMonth(today.substr(0, 7));
  std::optional<Month> last = to.empty() ? std::optional<Month>(this_month) : ParseMonth(to);
  if (!last.has_value()) return base::InvalidField("to", "must be a month YYYY-MM");
  std::optional<Month> first;
  if (from.empty()) {
    first = Month{last->month == 12 ? last->year : last->year - 1,
                  last->month == 12 ? 1 : last->month + 1};
  } else {
    first = ParseMonth(from);
    if (!first.has_value()) return base::InvalidField("from", "must be a month YYYY-MM");
  }
  const int months = (last->year - first->year) * 12 + (last->month - first->month) + 1;
  if (months < 1) return base::InvalidField("to", "must not be before from");
  if (months > kMaxStatisticsMonths) {
    return base::InvalidField("from", base::StrCat("at most ", kMaxStatisticsMonths, " months"));
  }

  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  MarketStatistics stats{
      .region_code = region, .from_month = Name(*first), .to_month = Name(*last)};
  std::string prefix;
  if (region == kPlatform) {
    stats.region_name = "全平台";
  } else {
    absl::StatusOr<auth::Region> found = auth::GetRegion(*conn, region);
    if (absl::IsNotFound(found.status()))
      return base::InvalidField("region", "is not a known region");
    IPHUB_RETURN_IF_ERROR(found.status());
    stats.region_name = found->name;
    prefix = std::string(auth::ScopePrefix(region));
  }
  // The children: provinces of the platform, cities of a province, counties of a city.
  IPHUB_ASSIGN_OR_RETURN(std::vector<auth::Region> children,
                         auth::ListRegions(*conn, region == kPlatform ? "" : region));
  for (const auth::Region& child : children) {
    stats.children.push_back({.code = child.code, .name = child.name});
  }
  std::map<std::string, size_t> month_index;
  for (Month month = *first;; month = Next(month)) {
    month_index[Name(month)] = stats.by_month.size();
    stats.by_month.emplace_back(Name(month), MarketCounts{});
    if (month.year == last->year && month.month == last->month) break;
  }
  std::map<std::string, MarketCounts> industries;

  const int64_t start_ms = StartMs(*first);
  const int64_t end_ms = StartMs(Next(*last));
  for (Measure measure : kMeasures) {
    IPHUB_ASSIGN_OR_RETURN(
        db::Result rows,
        conn->Query(SqlOf(measure),
                    {start_ms, end_ms, base::StrCat(db::LikeContains(prefix).substr(1))}));
    for (const db::Row& row : rows.rows) {
      const Fact fact{.region_code = row.Text(0),
                      .industry = row.Text(1),
                      .at_ms = row.Int(2),
                      .value_fen = row.Int(3)};
      Add(stats.totals, measure, fact);
      const auto month = month_index.find(base::ShanghaiDate(fact.at_ms).substr(0, 7));
      if (month != month_index.end()) Add(stats.by_month[month->second].second, measure, fact);
      Add(industries[fact.industry.empty() ? "—" : fact.industry], measure, fact);
      bool placed = false;
      for (MarketStatistics::Child& child : stats.children) {
        if (auth::InRegion(child.code, fact.region_code)) {
          Add(child.counts, measure, fact);
          placed = true;
          break;
        }
      }
      if (!placed) Add(stats.unplaced, measure, fact);
    }
  }
  for (auto& [industry, counts] : industries) stats.by_industry.emplace_back(industry, counts);
  std::stable_sort(stats.by_industry.begin(), stats.by_industry.end(),
                   [](const auto& a, const auto& b) {
                     if (a.second.deals_agreed != b.second.deals_agreed) {
                       return a.second.deals_agreed > b.second.deals_agreed;
                     }
                     return a.second.listings > b.second.listings;
                   });
  return stats;
}

}  // namespace iphub::market
