// HTTP binding of the high-value service (routes.h; docs/api.md, "High-value invention
// patents").
#include "iphub/analytics/routes.h"
#include "iphub/auth/routes.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/http/schema.h"

namespace iphub::analytics {
namespace {

using http::ArrayOf;
using http::BoolSchema;
using http::IntSchema;
using http::NullableOf;
using http::ObjectSchema;
using http::StringSchema;
using json = nlohmann::json;
using Result = absl::StatusOr<http::Response>;

// --- JSON encoding ---------------------------------------------------------------------

json RulesJson(const HighValueOptions& options) {
  return {{"maintenance_rule", MaintenanceRuleId(options.maintenance_rule)},
          {"maintenance_years", options.maintenance_years},
          {"pledge_threshold_fen", options.pledge_threshold.fen()},
          // FACTS.md §4: no published threshold; ≥ 1000万元 is a local practice, unverified.
          {"pledge_threshold_verified", false}};
}

json SeiJson(const std::optional<store::SeiSource>& sei) {
  if (!sei) return nullptr;
  return {
      {"source_file", sei->source_file}, {"loaded_at", sei->loaded_at}, {"entries", sei->entries}};
}

json CategoriesJson(const std::array<int64_t, kHighValueCategoryCount>& counts) {
  json out = json::object();
  for (size_t at = 0; at < kHighValueCategoryCount; ++at) {
    out[std::string(HighValueCategoryId(static_cast<HighValueCategory>(at)))] = counts[at];
  }
  return out;
}

json RegionCountJson(const RegionCount& count) {
  return {{"code", count.code},
          {"name", count.name},
          {"level", count.level},
          {"valid_inventions", count.valid_inventions},
          {"high_value", count.high_value},
          {"categories", CategoriesJson(count.by_category)},
          {"population", count.population ? json(*count.population) : json(nullptr)},
          {"per_10k", count.per_10k_hundredths ? json(FormatHundredths(*count.per_10k_hundredths))
                                               : json(nullptr)}};
}

json CountsJson(const HighValueCounts& counts) {
  json children = json::array();
  for (const RegionCount& child : counts.children) children.push_back(RegionCountJson(child));
  return {
      {"as_of", counts.as_of},
      {"population_year", counts.population_year ? json(*counts.population_year) : json(nullptr)},
      {"rules", RulesJson(counts.options)},
      {"sei", SeiJson(counts.sei)},
      {"region", RegionCountJson(counts.region)},
      {"children", std::move(children)},
      {"unplaced",
       {{"valid_inventions", counts.unplaced_valid_inventions},
        {"high_value", counts.unplaced_high_value}}},
      {"unreadable", counts.unreadable}};
}

json PatentJson(const PatentHighValue& answer) {
  const HighValueResult& result = answer.result;
  json categories = json::array();
  for (HighValueCategory category : result.categories) {
    categories.push_back(HighValueCategoryId(category));
  }
  json checks = json::array();
  for (const CategoryCheck& check : result.checks) {
    json evidence = json::array();
    for (const auto& [name, value] : check.evidence) {
      evidence.push_back({{"name", name}, {"value", value}});
    }
    checks.push_back({{"id", HighValueCategoryId(check.category)},
                      {"met", check.met},
                      {"reason", check.reason},
                      {"evidence", std::move(evidence)}});
  }
  return {
      {"publication_number", answer.publication_number},
      {"as_of", result.as_of},
      {"legal_status", patents::LegalStatusName(result.status.status)},
      {"invention_grant", result.invention_grant},
      {"granted_by_as_of", result.granted_by_as_of},
      {"valid_invention", result.valid_invention},
      {"domestic",
       {{"domestic", result.domestic.domestic},
        {"region_code",
         result.domestic.region_code.empty() ? json(nullptr) : json(result.domestic.region_code)},
        {"reason", result.domestic.reason}}},
      {"high_value", result.high_value},
      {"counts_for_indicator", result.counts_for_indicator},
      {"categories", std::move(categories)},
      {"checks", std::move(checks)},
      {"rules", RulesJson(answer.options)},
      {"sei", SeiJson(answer.sei)}};
}

// --- JSON Schemas (openapi.json) -------------------------------------------------------

json RulesSchema() {
  return ObjectSchema({{"maintenance_rule", StringSchema()},
                       {"maintenance_years", IntSchema()},
                       {"pledge_threshold_fen", IntSchema()},
                       {"pledge_threshold_verified", BoolSchema()}});
}

json SeiSchema() {
  return NullableOf(ObjectSchema(
      {{"source_file", StringSchema()}, {"loaded_at", IntSchema()}, {"entries", IntSchema()}}));
}

json RegionCountSchema() {
  json categories = json::object();
  for (size_t at = 0; at < kHighValueCategoryCount; ++at) {
    categories[std::string(HighValueCategoryId(static_cast<HighValueCategory>(at)))] = IntSchema();
  }
  return ObjectSchema({{"code", StringSchema()},
                       {"name", StringSchema()},
                       {"level", StringSchema()},
                       {"valid_inventions", IntSchema()},
                       {"high_value", IntSchema()},
                       {"categories", ObjectSchema(std::move(categories))},
                       {"population", NullableOf(IntSchema())},
                       {"per_10k", NullableOf(StringSchema())}});
}

json CountsSchema() {
  return ObjectSchema(
      {{"as_of", StringSchema()},
       {"population_year", NullableOf(IntSchema())},
       {"rules", RulesSchema()},
       {"sei", SeiSchema()},
       {"region", RegionCountSchema()},
       {"children", ArrayOf(RegionCountSchema())},
       {"unplaced", ObjectSchema({{"valid_inventions", IntSchema()}, {"high_value", IntSchema()}})},
       {"unreadable", IntSchema()}});
}

json PatentSchema() {
  return ObjectSchema(
      {{"publication_number", StringSchema()},
       {"as_of", StringSchema()},
       {"legal_status", StringSchema()},
       {"invention_grant", BoolSchema()},
       {"granted_by_as_of", BoolSchema()},
       {"valid_invention", BoolSchema()},
       {"domestic", ObjectSchema({{"domestic", BoolSchema()},
                                  {"region_code", NullableOf(StringSchema())},
                                  {"reason", StringSchema()}})},
       {"high_value", BoolSchema()},
       {"counts_for_indicator", BoolSchema()},
       {"categories", ArrayOf(StringSchema())},
       {"checks",
        ArrayOf(ObjectSchema({{"id", StringSchema()},
                              {"met", BoolSchema()},
                              {"reason", StringSchema()},
                              {"evidence", ArrayOf(ObjectSchema({{"name", StringSchema()},
                                                                 {"value", StringSchema()}}))}}))},
       {"rules", RulesSchema()},
       {"sei", SeiSchema()}});
}

}  // namespace

void RegisterHighValueRoutes(http::Router& router, const std::shared_ptr<HighValueService>& service,
                             auth::AccountService& accounts) {
  auth::AccountService* account_service = &accounts;
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/patents/{number}/high-value",
       .summary = "Whether a patent is a high-value invention patent (高价值发明专利): each of the "
                  "five categories with whether it is met and why, whether the patent is a valid "
                  "invention patent on as_of and whether it is domestic (counted for the "
                  "per-10,000 indicator)",
       .tag = "high-value",
       .access = http::Access::kPublic,
       .response_schema = PatentSchema(),
       .query_params = {{"as_of", "the day, YYYY-MM-DD (default: today, Asia/Shanghai)"}},
       .handler = auth::Public([service, account_service](http::Request& request) -> Result {
         std::optional<auth::Caller> caller = auth::OptionalCaller(*account_service, request);
         IPHUB_ASSIGN_OR_RETURN(
             PatentHighValue answer,
             service->Explain(caller ? &caller->principal : nullptr, request.path_params["number"],
                              request.QueryParam("as_of")));
         return http::Response::Json(PatentJson(answer));
       })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/stats/high-value",
       .summary =
           "Domestic valid and high-value invention patents of a region and of each of its "
           "children (provinces, cities, counties), per category, with the year-end "
           "population and high-value patents per 10,000 people (每万人口高价值发明专利拥有量); "
           "officials see their region and below",
       .tag = "high-value",
       .response_schema = CountsSchema(),
       .query_params = {{"region",
                         "a GB/T 2260 code (default: the official's region; the country, 000000, "
                         "for platform administrators)"},
                        {"as_of", "the day counted, YYYY-MM-DD (default: today, Asia/Shanghai)"},
                        {"year",
                         "the population year (default: the latest stored up to as_of's year)"}},
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(
                 HighValueCounts counts,
                 service->CountFor(&caller.principal, request.QueryParam("region"),
                                   request.QueryParam("as_of"), request.QueryParam("year")));
             return http::Response::Json(CountsJson(counts));
           })});
}

}  // namespace iphub::analytics
