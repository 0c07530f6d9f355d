#include <string>
#include <utility>

#include "iphub/auth/routes.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/http/message.h"
#include "iphub/http/schema.h"
#include "iphub/market/matching.h"

namespace iphub::market {
namespace {

using json = nlohmann::json;
using Result = absl::StatusOr<http::Response>;
using http::ArrayOf;
using http::BoolSchema;
using http::IntSchema;
using http::NullableOf;
using http::NumberSchema;
using http::ObjectSchema;
using http::StringSchema;

constexpr uint32_t kDefaultLimit = 20;

json ReasonSchema() {
  return ObjectSchema(
      {{"code", StringSchema()}, {"params", {{"type", "object"}}}, {"text", StringSchema()}});
}

json ReasonsJson(const std::vector<MatchReason>& reasons) {
  json out = json::array();
  for (const MatchReason& reason : reasons) {
    out.push_back({{"code", reason.code}, {"params", reason.params}, {"text", reason.text}});
  }
  return out;
}

json PatentMatchSchema() {
  return ObjectSchema({{"publication_number", StringSchema()},
                       {"title", StringSchema()},
                       {"applicants", ArrayOf(StringSchema())},
                       {"ipc_main", StringSchema()},
                       {"legal_status", StringSchema()},
                       {"score", IntSchema()},
                       {"new", BoolSchema()},
                       {"listing", NullableOf(ObjectSchema({{"id", IntSchema()},
                                                            {"kind", StringSchema()},
                                                            {"price_fen", NullableOf(IntSchema())},
                                                            {"trl", IntSchema()},
                                                            {"region_code", StringSchema()},
                                                            {"holder_org_id", IntSchema()},
                                                            {"holder_org_name", StringSchema()}}))},
                       {"reasons", ArrayOf(ReasonSchema())}});
}

json DemandMatchesSchema() {
  return ObjectSchema({{"demand_id", IntSchema()},
                       {"items", ArrayOf(PatentMatchSchema())},
                       {"recorded", BoolSchema()},
                       {"new_matches", IntSchema()},
                       {"took_ms", NumberSchema()}});
}

json DemandMatchesJson(const DemandMatches& found) {
  json items = json::array();
  for (const PatentMatch& match : found.items) {
    json listing = nullptr;
    if (match.listing.has_value()) {
      const MatchListing& offer = *match.listing;
      listing = {{"id", offer.id},
                 {"kind", offer.kind},
                 {"price_fen", http::JsonOrNull(offer.price_fen)},
                 {"trl", offer.trl},
                 {"region_code", offer.region_code},
                 {"holder_org_id", offer.holder_org_id},
                 {"holder_org_name", offer.holder_org_name}};
    }
    items.push_back({{"publication_number", match.publication_number},
                     {"title", match.title},
                     {"applicants", match.applicants},
                     {"ipc_main", match.ipc_main},
                     {"legal_status", match.legal_status},
                     {"score", match.score},
                     {"new", match.is_new},
                     {"listing", std::move(listing)},
                     {"reasons", ReasonsJson(match.reasons)}});
  }
  return {{"demand_id", found.demand_id},
          {"items", std::move(items)},
          {"recorded", found.recorded},
          {"new_matches", found.new_matches},
          {"took_ms", found.took_ms}};
}

json DemandMatchSchema(bool with_patent) {
  json fields = {{"demand_id", IntSchema()},
                 {"title", StringSchema()},
                 {"industry", StringSchema()},
                 {"org_id", IntSchema()},
                 {"org_name", StringSchema()},
                 {"region_code", StringSchema()},
                 {"budget_fen", NullableOf(IntSchema())},
                 {"deadline", StringSchema()},
                 {"score", IntSchema()},
                 {"reasons", ArrayOf(ReasonSchema())}};
  if (with_patent) {
    fields["publication_number"] = StringSchema();
    fields["patent_title"] = StringSchema();
  }
  return ObjectSchema(fields);
}

json PatentDemandMatchesSchema() {
  return ObjectSchema({{"publication_number", StringSchema()},
                       {"title", StringSchema()},
                       {"items", ArrayOf(DemandMatchSchema(false))},
                       {"took_ms", NumberSchema()}});
}

json HolderDemandMatchesSchema() {
  return ObjectSchema({{"org_id", IntSchema()},
                       {"org_name", StringSchema()},
                       {"patents", IntSchema()},
                       {"items", ArrayOf(DemandMatchSchema(true))},
                       {"took_ms", NumberSchema()}});
}

json DemandMatchJson(const DemandMatch& match, bool with_patent) {
  json out = {{"demand_id", match.demand_id},
              {"title", match.title},
              {"industry", match.industry},
              {"org_id", match.org_id},
              {"org_name", match.org_name},
              {"region_code", match.region_code},
              {"budget_fen", http::JsonOrNull(match.budget_fen)},
              {"deadline", match.deadline},
              {"score", match.score},
              {"reasons", ReasonsJson(match.reasons)}};
  if (with_patent) {
    out["publication_number"] = match.publication_number;
    out["patent_title"] = match.patent_title;
  }
  return out;
}

json PatentDemandMatchesJson(const PatentDemandMatches& found) {
  json items = json::array();
  for (const DemandMatch& match : found.items) items.push_back(DemandMatchJson(match, false));
  return {{"publication_number", found.publication_number},
          {"title", found.title},
          {"items", std::move(items)},
          {"took_ms", found.took_ms}};
}

json HolderDemandMatchesJson(const HolderDemandMatches& found) {
  json items = json::array();
  for (const DemandMatch& match : found.items) items.push_back(DemandMatchJson(match, true));
  return {{"org_id", found.org_id},
          {"org_name", found.org_name},
          {"patents", found.patents},
          {"items", std::move(items)},
          {"took_ms", found.took_ms}};
}

json NoticeSchema() {
  return ObjectSchema({{"id", IntSchema()},
                       {"kind", StringSchema()},
                       {"match_id", IntSchema()},
                       {"demand_id", IntSchema()},
                       {"demand_title", StringSchema()},
                       {"publication_number", StringSchema()},
                       {"patent_title", StringSchema()},
                       {"listing_id", NullableOf(IntSchema())},
                       {"score", IntSchema()},
                       {"text", StringSchema()},
                       {"created_at", IntSchema()},
                       {"read_at", NullableOf(IntSchema())}});
}

json NoticeJson(const MarketNotice& notice) {
  return {{"id", notice.id},
          {"kind", notice.kind},
          {"match_id", notice.match_id},
          {"demand_id", notice.demand_id},
          {"demand_title", notice.demand_title},
          {"publication_number", notice.publication_number},
          {"patent_title", notice.patent_title},
          {"listing_id", http::JsonOrNull(notice.listing_id)},
          {"score", notice.score},
          {"text", NoticeText(notice)},
          {"created_at", notice.created_at},
          {"read_at", http::JsonOrNull(notice.read_at)}};
}

absl::StatusOr<bool> UnreadParam(const http::Request& request) {
  const std::string_view value = request.QueryParam("unread");
  if (value.empty() || value == "false" || value == "0") return false;
  if (value == "true" || value == "1") return true;
  return base::InvalidField("unread", "must be true or false");
}

}  // namespace

void RegisterMatchingRoutes(http::Router& router, const std::shared_ptr<MatchService>& matching,
                            auth::AccountService& accounts) {
  const std::string limit_help =
      base::StrCat("how many (default ", kDefaultLimit, ", at most ", kMaxMatches, ")");
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/demands/{id}/matches",
       .summary = "Patents in force that answer a demand, best first, each with its reasons "
                  "(the posting organisation's own look records new matches and notifies)",
       .tag = "market",
       .response_schema = DemandMatchesSchema(),
       .query_params = {{"limit", limit_help}},
       .handler = auth::Authenticated(
           accounts, [matching](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(uint32_t limit,
                                    http::CountParam(request, "limit", kDefaultLimit, kMaxMatches));
             IPHUB_ASSIGN_OR_RETURN(DemandMatches found,
                                    matching->ForDemand(&caller.principal, id, limit));
             return http::Response::Json(DemandMatchesJson(found));
           })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/demands/{id}/matches/refresh",
       .summary = "Match an open demand now and record new matches, notifying both sides "
                  "(the posting organisation or a reviewer of its region)",
       .tag = "market",
       .state_changing = true,
       .response_schema = DemandMatchesSchema(),
       .query_params = {{"limit", limit_help}},
       .handler = auth::Authenticated(
           accounts, [matching](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(uint32_t limit,
                                    http::CountParam(request, "limit", kDefaultLimit, kMaxMatches));
             IPHUB_ASSIGN_OR_RETURN(DemandMatches found,
                                    matching->Refresh(&caller.principal, id, limit));
             return http::Response::Json(DemandMatchesJson(found));
           })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/patents/{number}/demand-matches",
       .summary = "Open demands a patent in force answers, best first, each with its reasons",
       .tag = "market",
       .response_schema = PatentDemandMatchesSchema(),
       .query_params = {{"limit", limit_help}},
       .handler = auth::Authenticated(
           accounts, [matching](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(uint32_t limit,
                                    http::CountParam(request, "limit", kDefaultLimit, kMaxMatches));
             IPHUB_ASSIGN_OR_RETURN(
                 PatentDemandMatches found,
                 matching->ForPatent(&caller.principal, request.path_params["number"], limit));
             return http::Response::Json(PatentDemandMatchesJson(found));
           })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/market/holder-demand-matches",
       .summary = "Open demands the caller organisation's patents in force answer, best first, "
                  "each with the patent that answers it best and the reasons",
       .tag = "market",
       .response_schema = HolderDemandMatchesSchema(),
       .query_params = {{"limit", limit_help}},
       .handler = auth::Authenticated(
           accounts, [matching](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(uint32_t limit,
                                    http::CountParam(request, "limit", kDefaultLimit, kMaxMatches));
             IPHUB_ASSIGN_OR_RETURN(HolderDemandMatches found,
                                    matching->ForHolder(&caller.principal, limit));
             return http::Response::Json(HolderDemandMatchesJson(found));
           })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/market-notices",
       .summary = "The caller organisation's marketplace inbox: new matches of its "
                  "demands and of its listed patents, newest first (at most 200)",
       .tag = "market",
       .response_schema = ObjectSchema({{"items", ArrayOf(NoticeSchema())}}),
       .query_params = {{"unread", "true: only unread notices"}},
       .handler = auth::Authenticated(
           accounts, [matching](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(bool unread, UnreadParam(request));
             IPHUB_ASSIGN_OR_RETURN(std::vector<MarketNotice> notices,
                                    matching->Notices(&caller.principal, unread));
             json items = json::array();
             for (const MarketNotice& notice : notices) items.push_back(NoticeJson(notice));
             return http::Response::Json({{"items", std::move(items)}});
           })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/market-notices/{id}/read",
       .summary = "Mark a notice of the caller's organisation read",
       .tag = "market",
       .state_changing = true,
       .response_schema = NoticeSchema(),
       .handler = auth::Authenticated(
           accounts, [matching](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(MarketNotice notice, matching->MarkRead(&caller.principal, id));
             return http::Response::Json(NoticeJson(notice));
           })});
}

}  // namespace iphub::market
