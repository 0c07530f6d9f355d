#include "iphub/analytics/routes.h"

#include <limits>

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
using http::NumberSchema;
using http::ObjectSchema;
using http::StringSchema;
using json = nlohmann::json;
using Result = absl::StatusOr<http::Response>;

// --- JSON encoding ---------------------------------------------------------------------

json ExplanationJson(const Explanation& explanation) {
  const Valuation& valuation = explanation.valuation;
  json dimensions = json::array();
  for (const DimensionScore& dimension : valuation.dimensions) {
    dimensions.push_back({{"id", dimension.id},
                          {"weight_bp", dimension.weight_bp},
                          {"score", dimension.score},
                          {"contribution", dimension.contribution}});
  }
  json indicators = json::array();
  for (const IndicatorScore& indicator : valuation.indicators) {
    indicators.push_back({{"id", indicator.id},
                          {"dimension", DimensionId(DimensionOf(indicator.indicator))},
                          {"known", indicator.known},
                          {"value", indicator.value},
                          {"value_label", indicator.value_label},
                          {"score", indicator.score},
                          {"weight_bp", indicator.weight_bp},
                          {"contribution", indicator.contribution}});
  }
  const CorpusFacts& corpus = explanation.corpus;
  json rank = nullptr;
  if (explanation.rank) {
    const CohortStanding& standing = *explanation.rank;
    rank = {{"scenario", standing.scenario},
            {"cohort_key", standing.cohort_key},
            {"percentile", standing.percentile},
            {"grade", standing.grade},
            {"total", standing.total},
            {"as_of", standing.as_of},
            {"computed_at", standing.computed_at}};
  }
  json weight_set = nullptr;
  if (explanation.weight_set) {
    weight_set = {{"id", explanation.weight_set->id},
                  {"name", explanation.weight_set->name},
                  {"base_scenario", ScenarioId(explanation.weight_set->base_scenario)}};
  }
  return {{"publication_number", explanation.publication_number},
          {"scenario", ScenarioId(explanation.scenario)},
          {"weight_set", std::move(weight_set)},
          {"market",
           {{"revenue_fen", http::JsonOrNull(explanation.market.annual_revenue_fen)},
            {"market_share_bp", http::JsonOrNull(explanation.market.market_share_bp)}}},
          {"as_of", valuation.as_of},
          {"legal_status", patents::LegalStatusName(valuation.status.status)},
          {"expiry_date", valuation.status.expiry_date},
          {"total", valuation.total},
          {"dimensions", std::move(dimensions)},
          {"indicators", std::move(indicators)},
          {"corpus",
           {{"forward_citations", corpus.forward_citations},
            {"cohort_key", corpus.cohort_key},
            {"cohort_size", http::JsonOrNull(corpus.cohort_size)},
            {"family_countries", corpus.family_countries},
            {"batch_scenario", http::JsonOrNull(corpus.batch_scenario)},
            {"batch_as_of", http::JsonOrNull(corpus.batch_as_of)},
            {"batch_computed_at", http::JsonOrNull(corpus.batch_computed_at)}}},
          {"rank", std::move(rank)}};
}

// Weights as the scenarios list them: [{"id": "legal", "weight_bp", "indicators": [{"id",
// "weight_bp"}]}].
json DimensionsJson(const Weights& weights) {
  json dimensions = json::array();
  for (size_t dim = 0; dim < kDimensionCount; ++dim) {
    json indicators = json::array();
    for (size_t pos = 0; pos < kIndicatorCount; ++pos) {
      const auto indicator = static_cast<Indicator>(pos);
      if (static_cast<size_t>(DimensionOf(indicator)) != dim) continue;
      indicators.push_back({{"id", IndicatorId(indicator)}, {"weight_bp", weights.indicator[pos]}});
    }
    dimensions.push_back({{"id", DimensionId(static_cast<Dimension>(dim))},
                          {"weight_bp", weights.dimension[dim]},
                          {"indicators", std::move(indicators)}});
  }
  return dimensions;
}

json ScenariosJson() {
  json items = json::array();
  for (size_t scenario_pos = 0; scenario_pos < kScenarioCount; ++scenario_pos) {
    const auto scenario = static_cast<Scenario>(scenario_pos);
    items.push_back(
        {{"id", ScenarioId(scenario)}, {"dimensions", DimensionsJson(PresetWeights(scenario))}});
  }
  return {{"default", ScenarioId(kDefaultScenario)}, {"items", std::move(items)}};
}

json WeightSetJson(const WeightSet& set) {
  json weights = json::object();
  for (const auto& [id, weight_bp] : WeightIds(set.weights)) weights[id] = weight_bp;
  return {{"id", set.id},
          {"name", set.name},
          {"base_scenario", ScenarioId(set.base_scenario)},
          {"weights", std::move(weights)},
          {"dimensions", DimensionsJson(set.weights)},
          {"created_at", set.created_at},
          {"updated_at", set.updated_at}};
}

// A discount factor (× 10^-18) as an exact decimal: "0.909090909090909091". A JSON number
// would lose its last digits in JavaScript (above 2^53).
std::string FactorText(int64_t factor) {
  const int64_t whole = factor / kDiscountFactorScale;
  std::string fraction = std::to_string(factor % kDiscountFactorScale);
  fraction.insert(0, 18 - fraction.size(), '0');
  return base::StrCat(whole, ".", fraction);
}

json RoyaltyJson(const RoyaltyAnswer& answer) {
  const RoyaltyValuation& valuation = answer.valuation;
  json years = json::array();
  for (const RoyaltyYear& row : valuation.years) {
    years.push_back({{"year", row.year},
                     {"period_start", row.period_start},
                     {"period_end", row.period_end},
                     {"days_in_year", row.days_in_year},
                     {"days_in_term", row.days_in_term},
                     {"revenue_fen", row.revenue.fen()},
                     {"royalty_fen", row.royalty.fen()},
                     {"tax_fen", row.tax.fen()},
                     {"net_royalty_fen", row.net_royalty.fen()},
                     {"discount_factor", FactorText(row.discount_factor)},
                     {"present_value_fen", row.present_value.fen()}});
  }
  json cells = json::array();
  for (const SensitivityCell& cell : valuation.sensitivity) {
    cells.push_back({{"royalty_rate_bp", cell.royalty_rate_bp},
                     {"discount_rate_bp", cell.discount_rate_bp},
                     {"present_value_fen",
                      cell.present_value ? json(cell.present_value->fen()) : json(nullptr)}});
  }
  return {{"as_of", answer.as_of},
          {"publication_number",
           answer.publication_number.empty() ? json(nullptr) : json(answer.publication_number)},
          {"legal_term_end",
           answer.legal_term_end.empty() ? json(nullptr) : json(answer.legal_term_end)},
          {"capped_by_legal_term", valuation.capped_by_legal_term},
          {"present_value_fen", valuation.present_value.fen()},
          {"years", std::move(years)},
          {"sensitivity", std::move(cells)}};
}

// --- JSON Schemas (openapi.json) -------------------------------------------------------

json ExplanationSchema() {
  return ObjectSchema(
      {{"publication_number", StringSchema()},
       {"scenario", StringSchema()},
       {"weight_set",
        NullableOf(ObjectSchema(
            {{"id", IntSchema()}, {"name", StringSchema()}, {"base_scenario", StringSchema()}}))},
       {"market", ObjectSchema({{"revenue_fen", NullableOf(IntSchema())},
                                {"market_share_bp", NullableOf(IntSchema())}})},
       {"as_of", StringSchema()},
       {"legal_status", StringSchema()},
       {"expiry_date", StringSchema()},
       {"total", NumberSchema()},
       {"dimensions", ArrayOf(ObjectSchema({{"id", StringSchema()},
                                            {"weight_bp", IntSchema()},
                                            {"score", NumberSchema()},
                                            {"contribution", NumberSchema()}}))},
       {"indicators", ArrayOf(ObjectSchema({{"id", StringSchema()},
                                            {"dimension", StringSchema()},
                                            {"known", BoolSchema()},
                                            {"value", NumberSchema()},
                                            {"value_label", StringSchema()},
                                            {"score", NumberSchema()},
                                            {"weight_bp", IntSchema()},
                                            {"contribution", NumberSchema()}}))},
       {"corpus", ObjectSchema({{"forward_citations", IntSchema()},
                                {"cohort_key", StringSchema()},
                                {"cohort_size", NullableOf(IntSchema())},
                                {"family_countries", ArrayOf(StringSchema())},
                                {"batch_scenario", NullableOf(StringSchema())},
                                {"batch_as_of", NullableOf(StringSchema())},
                                {"batch_computed_at", NullableOf(IntSchema())}})},
       {"rank", NullableOf(ObjectSchema({{"scenario", StringSchema()},
                                         {"cohort_key", StringSchema()},
                                         {"percentile", NumberSchema()},
                                         {"grade", StringSchema()},
                                         {"total", NumberSchema()},
                                         {"as_of", StringSchema()},
                                         {"computed_at", IntSchema()}}))}});
}

json DimensionsSchema() {
  json indicator = ObjectSchema({{"id", StringSchema()}, {"weight_bp", IntSchema()}});
  return ArrayOf(ObjectSchema({{"id", StringSchema()},
                               {"weight_bp", IntSchema()},
                               {"indicators", ArrayOf(std::move(indicator))}}));
}

json ScenariosSchema() {
  return ObjectSchema({{"default", StringSchema()},
                       {"items", ArrayOf(ObjectSchema({{"id", StringSchema()},
                                                       {"dimensions", DimensionsSchema()}}))}});
}

// {"legal": 3400, "legal.claims": 1500, …}: basis points by dimension or indicator id.
json WeightMapSchema() { return {{"type", "object"}, {"additionalProperties", IntSchema()}}; }

json WeightSetSchema() {
  return ObjectSchema({{"id", IntSchema()},
                       {"name", StringSchema()},
                       {"base_scenario", StringSchema()},
                       {"weights", WeightMapSchema()},
                       {"dimensions", DimensionsSchema()},
                       {"created_at", IntSchema()},
                       {"updated_at", IntSchema()}});
}

json WeightSetInputSchema(bool create) {
  return ObjectSchema(
      {{"name", StringSchema()}, {"base_scenario", StringSchema()}, {"weights", WeightMapSchema()}},
      create ? std::vector<std::string>{"name"} : std::vector<std::string>{});
}

json RoyaltyRequestSchema() {
  return ObjectSchema({{"revenue_fen", ArrayOf(IntSchema())},
                       {"royalty_rate_bp", IntSchema()},
                       {"discount_rate_bp", IntSchema()},
                       {"tax_rate_bp", IntSchema()},
                       {"years", IntSchema()},
                       {"publication_number", StringSchema()},
                       {"as_of", StringSchema()},
                       {"sensitivity_steps", IntSchema()},
                       {"royalty_step_bp", IntSchema()},
                       {"discount_step_bp", IntSchema()}},
                      {"revenue_fen", "royalty_rate_bp", "discount_rate_bp"});
}

json RoyaltySchema() {
  json year = json::object();
  for (const char* field : {"year", "days_in_year", "days_in_term", "revenue_fen", "royalty_fen",
                            "tax_fen", "net_royalty_fen", "present_value_fen"}) {
    year[field] = IntSchema();
  }
  for (const char* field : {"period_start", "period_end", "discount_factor"}) {
    year[field] = StringSchema();
  }
  return ObjectSchema(
      {{"as_of", StringSchema()},
       {"publication_number", NullableOf(StringSchema())},
       {"legal_term_end", NullableOf(StringSchema())},
       {"capped_by_legal_term", BoolSchema()},
       {"present_value_fen", IntSchema()},
       {"years", ArrayOf(ObjectSchema(std::move(year)))},
       {"sensitivity", ArrayOf(ObjectSchema({{"royalty_rate_bp", IntSchema()},
                                             {"discount_rate_bp", IntSchema()},
                                             {"present_value_fen", NullableOf(IntSchema())}}))}});
}

// --- request reading -------------------------------------------------------------------

absl::StatusOr<int64_t> RequiredInt(const json& body, std::string_view field) {
  IPHUB_ASSIGN_OR_RETURN(std::optional<int64_t> value, http::OptionalInt(body, field));
  if (!value) return base::InvalidField(field, "is required");
  return *value;
}

// A whole number of fen or basis points that fits an int64.
bool IsInt64(const json& value) {
  if (value.is_number_integer() && !value.is_number_unsigned()) return true;
  return value.is_number_unsigned() &&
         value.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
}

absl::StatusOr<std::vector<base::Money>> RevenueFrom(const json& body) {
  const auto it = body.find("revenue_fen");
  if (it == body.end() || it->is_null()) return base::InvalidField("revenue_fen", "is required");
  if (!it->is_array() || it->empty()) {
    return base::InvalidField(
        "revenue_fen", "must be an array of yearly revenues in fen (integers), year 1 first");
  }
  std::vector<base::Money> revenue;
  revenue.reserve(it->size());
  for (size_t pos = 0; pos < it->size(); ++pos) {
    const json& value = (*it)[pos];
    if (!IsInt64(value)) {
      return base::InvalidField(base::StrCat("revenue_fen[", pos, "]"),
                                "must be a whole number of fen (no fraction, no string)");
    }
    revenue.push_back(base::Money::FromFen(value.get<int64_t>()));
  }
  return revenue;
}

absl::StatusOr<int> SmallInt(const json& body, std::string_view field, int64_t low, int64_t high) {
  IPHUB_ASSIGN_OR_RETURN(std::optional<int64_t> value, http::OptionalInt(body, field));
  if (!value) return 0;
  if (*value < low || *value > high) {
    return base::InvalidField(
        field, base::StrCat("must be between ", low, " and ", high, ", got ", *value));
  }
  return static_cast<int>(*value);
}

absl::StatusOr<RoyaltyRequest> RoyaltyRequestFrom(const json& body) {
  RoyaltyRequest request;
  RoyaltyInputs& inputs = request.inputs;
  IPHUB_ASSIGN_OR_RETURN(inputs.revenue, RevenueFrom(body));
  IPHUB_ASSIGN_OR_RETURN(inputs.royalty_rate_bp, RequiredInt(body, "royalty_rate_bp"));
  IPHUB_ASSIGN_OR_RETURN(inputs.discount_rate_bp, RequiredInt(body, "discount_rate_bp"));
  IPHUB_ASSIGN_OR_RETURN(std::optional<int64_t> tax, http::OptionalInt(body, "tax_rate_bp"));
  inputs.tax_rate_bp = tax.value_or(0);
  IPHUB_ASSIGN_OR_RETURN(inputs.economic_life_years, SmallInt(body, "years", 1, 50));
  IPHUB_ASSIGN_OR_RETURN(inputs.sensitivity_steps, SmallInt(body, "sensitivity_steps", 0, 5));
  IPHUB_ASSIGN_OR_RETURN(std::optional<int64_t> royalty_step,
                         http::OptionalInt(body, "royalty_step_bp"));
  inputs.royalty_step_bp = royalty_step.value_or(0);
  IPHUB_ASSIGN_OR_RETURN(std::optional<int64_t> discount_step,
                         http::OptionalInt(body, "discount_step_bp"));
  inputs.discount_step_bp = discount_step.value_or(0);
  IPHUB_ASSIGN_OR_RETURN(std::optional<std::string> number,
                         http::OptionalString(body, "publication_number"));
  request.publication_number = number.value_or("");
  IPHUB_ASSIGN_OR_RETURN(std::optional<std::string> as_of, http::OptionalString(body, "as_of"));
  request.as_of = as_of.value_or("");
  return request;
}

// A query parameter holding a whole number from `low` to `high`; nullopt when absent or
// blank; InvalidArgument naming it otherwise (`what` says what the number counts).
absl::StatusOr<std::optional<int64_t>> IntParam(const http::Request& request, std::string_view name,
                                                int64_t low, int64_t high, std::string_view what) {
  const std::string_view text = base::StripWhitespace(request.QueryParam(name));
  if (text.empty()) return std::optional<int64_t>();
  const bool negative = text.front() == '-';
  const std::string_view digits = negative ? text.substr(1) : text;
  bool valid = !digits.empty() && digits.size() <= 18;
  int64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') {
      valid = false;
      break;
    }
    value = value * 10 + (c - '0');
  }
  if (!valid) {
    return base::InvalidField(
        name, base::StrCat("must be a whole number (", what, "), got \"", text, "\""));
  }
  if (negative) value = -value;
  if (value < low || value > high) {
    return base::InvalidField(
        name, base::StrCat("must be from ", low, " to ", high, " (", what, "), got ", value));
  }
  return std::optional<int64_t>(value);
}

absl::StatusOr<ExplainRequest> ExplainRequestFrom(http::Request& request) {
  ExplainRequest out{.number = request.path_params["number"],
                     .scenario_id = std::string(request.QueryParam("scenario")),
                     .as_of = std::string(request.QueryParam("as_of"))};
  IPHUB_ASSIGN_OR_RETURN(out.weight_set_id,
                         IntParam(request, "weights", 1, std::numeric_limits<int64_t>::max(),
                                  "the id of one of your weight sets"));
  IPHUB_ASSIGN_OR_RETURN(
      out.market.annual_revenue_fen,
      IntParam(request, "revenue_fen", 0, std::numeric_limits<int64_t>::max(), "fen"));
  IPHUB_ASSIGN_OR_RETURN(out.market.market_share_bp, IntParam(request, "market_share_bp", 0,
                                                              kWholeBasisPoints, "basis points"));
  return out;
}

absl::StatusOr<WeightSetInput> WeightSetInputFrom(const json& body) {
  if (!body.is_object()) return base::InvalidField("body", "must be a JSON object");
  WeightSetInput input;
  IPHUB_ASSIGN_OR_RETURN(input.name, http::OptionalString(body, "name"));
  IPHUB_ASSIGN_OR_RETURN(input.base_scenario, http::OptionalString(body, "base_scenario"));
  const auto it = body.find("weights");
  if (it != body.end() && !it->is_null()) {
    if (!it->is_object()) {
      return base::InvalidField(
          "weights", "must be an object of dimension and indicator ids with basis points");
    }
    std::vector<std::pair<std::string, int64_t>> weights;
    for (const auto& [id, weight_bp] : it->items()) {
      if (!IsInt64(weight_bp)) {
        return base::InvalidField(base::StrCat("weights.", id),
                                  "must be a whole number of basis points (0..10000)");
      }
      weights.emplace_back(id, weight_bp.get<int64_t>());
    }
    input.weights = std::move(weights);
  }
  return input;
}

// The library names its inputs as royalty.h does; the API names them as the body does.
absl::Status InBodyTerms(absl::Status status) {
  const std::optional<std::string> field = base::FieldOf(status);
  if (!field) return status;
  if (*field == "economic_life_years") return base::WithField(std::move(status), "years");
  if (field->starts_with("revenue")) {
    return base::WithField(std::move(status),
                           base::StrCat("revenue_fen", std::string_view(*field).substr(7)));
  }
  return status;
}

constexpr int64_t kMaxWeightSetPageSize = 200;

void AddWeightSetRoutes(http::Router& router, const std::shared_ptr<ValuationService>& service,
                        auth::AccountService& accounts) {
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/valuation/weight-sets",
       .summary = "Your saved valuation weight sets, oldest first",
       .tag = "valuation",
       .response_schema = http::ListSchema(WeightSetSchema()),
       .query_params = http::WithPaging({}, kMaxWeightSetPageSize),
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(http::Page page,
                                    http::PageFromQuery(request, kMaxWeightSetPageSize));
             IPHUB_ASSIGN_OR_RETURN(
                 WeightSetPage list,
                 service->ListWeightSets(&caller.principal, page.size, page.Offset()));
             json items = json::array();
             for (const WeightSet& set : list.items) items.push_back(WeightSetJson(set));
             return http::Response::Json({{"items", std::move(items)},
                                          {"total", list.total},
                                          {"page", page.page},
                                          {"size", page.size}});
           })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/valuation/weight-sets",
       .summary = "Save weights of your own under a name: a scenario preset (base_scenario) "
                  "with the dimension and indicator weights you change, in basis points; each "
                  "level must sum to 10000 (a 400 names the weight, e.g. weights.legal.claims)",
       .tag = "valuation",
       .state_changing = true,
       .request_schema = WeightSetInputSchema(true),
       .response_schema = WeightSetSchema(),
       .success_status = 201,
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(WeightSetInput input, WeightSetInputFrom(body));
             IPHUB_ASSIGN_OR_RETURN(WeightSet set,
                                    service->CreateWeightSet(&caller.principal, input));
             return http::Response::Json(WeightSetJson(set), 201);
           })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/valuation/weight-sets/{id}",
       .summary = "One of your weight sets (anyone else's is a 404)",
       .tag = "valuation",
       .response_schema = WeightSetSchema(),
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(WeightSet set, service->GetWeightSet(&caller.principal, id));
             return http::Response::Json(WeightSetJson(set));
           })});
  router.Add(
      {.method = "PUT",
       .pattern = "/api/v1/valuation/weight-sets/{id}",
       .summary = "Change one of your weight sets: fields absent keep their value; weights "
                  "change the stored ones, or base_scenario's preset when it is given",
       .tag = "valuation",
       .state_changing = true,
       .request_schema = WeightSetInputSchema(false),
       .response_schema = WeightSetSchema(),
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(WeightSetInput input, WeightSetInputFrom(body));
             IPHUB_ASSIGN_OR_RETURN(WeightSet set,
                                    service->UpdateWeightSet(&caller.principal, id, input));
             return http::Response::Json(WeightSetJson(set));
           })});
  router.Add(
      {.method = "DELETE",
       .pattern = "/api/v1/valuation/weight-sets/{id}",
       .summary = "Delete one of your weight sets",
       .tag = "valuation",
       .state_changing = true,
       .success_status = 204,
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_RETURN_IF_ERROR(service->DeleteWeightSet(&caller.principal, id));
             return http::Response::NoContent();
           })});
}

}  // namespace

void RegisterValuationRoutes(http::Router& router, const std::shared_ptr<ValuationService>& service,
                             auth::AccountService& accounts) {
  auth::AccountService* account_service = &accounts;
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/patents/{number}/valuation",
       .summary = "A patent's value score (价值评估) with its reasons: every indicator's value, "
                  "score, weight and contribution, the dimension scores and the total, computed "
                  "now; and its percentile and grade within its cohort (same IPC subclass and "
                  "filing year) from the last batch of the scenario",
       .tag = "valuation",
       .access = http::Access::kPublic,
       .response_schema = ExplanationSchema(),
       .query_params = {{"scenario",
                         "transfer_licence, pledge_finance, tax, infringement_remedy or "
                         "portfolio_grading (default)"},
                        {"weights",
                         "the id of one of your saved weight sets, in place of scenario (logged "
                         "in; no grade is given)"},
                        {"revenue_fen",
                         "annual revenue of products practising the patent, whole fen "
                         "(economic.product_revenue)"},
                        {"market_share_bp",
                         "their market share, 0..10000 basis points (economic.market_share)"},
                        {"as_of", "the day valued, YYYY-MM-DD (default: today, Asia/Shanghai)"}},
       .handler = auth::Public([service, account_service](http::Request& request) -> Result {
         std::optional<auth::Caller> caller = auth::OptionalCaller(*account_service, request);
         IPHUB_ASSIGN_OR_RETURN(ExplainRequest explain, ExplainRequestFrom(request));
         IPHUB_ASSIGN_OR_RETURN(Explanation explanation,
                                service->Explain(caller ? &caller->principal : nullptr, explain));
         return http::Response::Json(ExplanationJson(explanation));
       })});
  router.Add({.method = "GET",
              .pattern = "/api/v1/valuation/scenarios",
              .summary = "The five scenario presets of GB/T 42748-2023 with their weights in "
                         "basis points: each dimension's share of the total, each indicator's "
                         "share of its dimension",
              .tag = "valuation",
              .access = http::Access::kPublic,
              .response_schema = ScenariosSchema(),
              .handler = auth::Public(
                  [](http::Request&) -> Result { return http::Response::Json(ScenariosJson()); })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/valuation/royalty",
       .summary = "A monetary estimate by relief from royalty (收益法 · 许可费节省法): the present "
                  "value in fen of the after-tax royalties saved, the year table and the "
                  "sensitivity grid; with publication_number the years stop at the end of the "
                  "patent's legal term",
       .tag = "valuation",
       // Changes nothing, but Authenticated checks the X-CSRF-Token of every POST made with a
       // session cookie, so the OpenAPI document must ask for it.
       .state_changing = true,
       .request_schema = RoyaltyRequestSchema(),
       .response_schema = RoyaltySchema(),
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(RoyaltyRequest royalty, RoyaltyRequestFrom(body));
             absl::StatusOr<RoyaltyAnswer> answer =
                 service->Royalty(&caller.principal, std::move(royalty));
             if (!answer.ok()) return InBodyTerms(answer.status());
             return http::Response::Json(RoyaltyJson(*answer));
           })});
  AddWeightSetRoutes(router, service, accounts);
}

}  // namespace iphub::analytics
