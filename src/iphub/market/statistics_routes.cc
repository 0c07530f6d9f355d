#include "iphub/market/statistics_routes.h"

#include <memory>
#include <string>

#include "iphub/auth/routes.h"
#include "iphub/base/status.h"
#include "iphub/http/message.h"
#include "iphub/http/schema.h"
#include "iphub/market/statistics.h"

namespace iphub::market {
namespace {

using json = nlohmann::json;
using http::ArrayOf;
using http::IntSchema;
using http::ObjectSchema;
using http::StringSchema;

json CountsJson(const MarketCounts& counts) {
  return {{"listings", counts.listings},
          {"demands", counts.demands},
          {"matches", counts.matches},
          {"deals_opened", counts.deals_opened},
          {"deals_agreed", counts.deals_agreed},
          {"deals_recorded", counts.deals_recorded},
          {"deal_value_fen", counts.deal_value_fen}};
}

json CountsSchema(json extra = json::object()) {
  json properties = {{"listings", IntSchema()},      {"demands", IntSchema()},
                     {"matches", IntSchema()},       {"deals_opened", IntSchema()},
                     {"deals_agreed", IntSchema()},  {"deals_recorded", IntSchema()},
                     {"deal_value_fen", IntSchema()}};
  properties.update(extra);
  return ObjectSchema(std::move(properties));
}

json StatisticsJson(const MarketStatistics& stats) {
  json months = json::array();
  for (const auto& [month, counts] : stats.by_month) {
    json row = CountsJson(counts);
    row["month"] = month;
    months.push_back(std::move(row));
  }
  json industries = json::array();
  for (const auto& [industry, counts] : stats.by_industry) {
    json row = CountsJson(counts);
    row["industry"] = industry;
    industries.push_back(std::move(row));
  }
  json children = json::array();
  for (const MarketStatistics::Child& child : stats.children) {
    json row = CountsJson(child.counts);
    row["code"] = child.code;
    row["name"] = child.name;
    children.push_back(std::move(row));
  }
  return {{"region", {{"code", stats.region_code}, {"name", stats.region_name}}},
          {"from", stats.from_month},
          {"to", stats.to_month},
          {"totals", CountsJson(stats.totals)},
          {"by_month", std::move(months)},
          {"by_industry", std::move(industries)},
          {"children", std::move(children)},
          {"unplaced", CountsJson(stats.unplaced)}};
}

}  // namespace

void RegisterMarketStatisticsRoutes(http::Router& router,
                                    const std::shared_ptr<MarketStatisticsService>& statistics,
                                    auth::AccountService& accounts) {
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/market-statistics",
       .summary = "Listings, demands, matches, deals and deal value of a region by month, "
                  "industry and child region (officials: their region and below; "
                  "administrators: any)",
       .tag = "market",
       .response_schema = ObjectSchema(
           {{"region", ObjectSchema({{"code", StringSchema()}, {"name", StringSchema()}})},
            {"from", StringSchema()},
            {"to", StringSchema()},
            {"totals", CountsSchema()},
            {"by_month", ArrayOf(CountsSchema({{"month", StringSchema()}}))},
            {"by_industry", ArrayOf(CountsSchema({{"industry", StringSchema()}}))},
            {"children",
             ArrayOf(CountsSchema({{"code", StringSchema()}, {"name", StringSchema()}}))},
            {"unplaced", CountsSchema()}}),
       .query_params = {{"region", "a region code (default: the caller's; 000000 the platform)"},
                        {"from", "first month YYYY-MM (default: eleven months before to)"},
                        {"to", "last month YYYY-MM (default: this month)"}},
       .handler = auth::Authenticated(
           accounts,
           [statistics](http::Request& request,
                        const auth::Caller& caller) -> absl::StatusOr<http::Response> {
             IPHUB_ASSIGN_OR_RETURN(
                 MarketStatistics stats,
                 statistics->Compute(&caller.principal, request.QueryParam("region"),
                                     request.QueryParam("from"), request.QueryParam("to")));
             return http::Response::Json(StatisticsJson(stats));
           })});
}

}  // namespace iphub::market
