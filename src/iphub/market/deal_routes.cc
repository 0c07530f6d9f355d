#include "iphub/market/deal_routes.h"

#include <string>
#include <utility>

#include "iphub/auth/routes.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/http/message.h"
#include "iphub/http/schema.h"
#include "iphub/market/route_util.h"
#include "iphub/workflow/workflow.h"

namespace iphub::market {
namespace {

using json = nlohmann::json;
using Result = absl::StatusOr<http::Response>;
using http::ArrayOf;
using http::IntSchema;
using http::NullableOf;
using http::NumberSchema;
using http::ObjectSchema;
using http::StringSchema;

constexpr int kMaxPageSize = 100;

json PartyJson(int64_t id, const std::string& name) { return {{"org_id", id}, {"name", name}}; }

json MessageJson(const DealMessage& message) {
  return {{"id", message.id},
          {"side", DealSideName(message.side)},
          {"author", message.author},
          {"text", message.text},
          {"created_at", message.created_at}};
}

json OfferJson(const DealOffer& offer) {
  return {{"id", offer.id},
          {"side", DealSideName(offer.side)},
          {"author", offer.author},
          {"price_fen", http::JsonOrNull(offer.price_fen)},
          {"terms", offer.terms},
          {"status", OfferStatusName(offer.status)},
          {"created_at", offer.created_at}};
}

json DealJson(const DealView& view, const workflow::Machine& machine, bool full) {
  const Deal& deal = view.deal;
  json out = {{"id", deal.id},
              {"listing_id", deal.listing_id},
              {"listing_title", deal.listing_title},
              {"demand_id", http::JsonOrNull(deal.demand_id)},
              {"publication_number", deal.publication_number},
              {"patent_title", deal.patent_title},
              {"kind", ListingKindName(deal.kind)},
              {"region_code", deal.region_code},
              {"buyer", PartyJson(deal.buyer_org_id, deal.buyer_org_name)},
              {"seller", PartyJson(deal.seller_org_id, deal.seller_org_name)},
              {"lister", PartyJson(deal.lister_org_id, deal.lister_org_name)},
              {"asking_price_fen", http::JsonOrNull(deal.asking_price_fen)},
              {"agreed_price_fen", http::JsonOrNull(deal.agreed_price_fen)},
              {"agreed_terms", deal.agreed_terms},
              {"agreed_at", http::JsonOrNull(deal.agreed_at)},
              {"recordal_number", deal.recordal_number},
              {"recorded_event", deal.recorded_event},
              {"created_at", deal.created_at},
              {"updated_at", deal.updated_at},
              {"side", view.side.has_value() ? json(DealSideName(*view.side))
                       : view.official       ? json("official")
                                             : json(nullptr)},
              {"state", deal.state},
              {"version", deal.version}};
  workflow::Record record{.kind = "deal",
                          .id = deal.id,
                          .state = deal.state,
                          .version = deal.version,
                          .region_code = deal.region_code,
                          .created_ms = deal.created_at,
                          .state_since_ms = deal.state_since};
  out["workflow"] = workflow::RecordJson(record, machine, view.history, view.actions);
  if (!full) return out;
  json offers = json::array();
  for (const DealOffer& offer : view.offers) offers.push_back(OfferJson(offer));
  json messages = json::array();
  for (const DealMessage& message : view.messages) messages.push_back(MessageJson(message));
  out["offers"] = std::move(offers);
  out["messages"] = std::move(messages);
  out["contract"] = view.contract.has_value() ? json{{"template", view.contract->template_name},
                                                     {"title", view.contract->title},
                                                     {"text", view.contract->text},
                                                     {"created_at", view.contract->created_at}}
                                              : json(nullptr);
  return out;
}

json PartySchema() { return ObjectSchema({{"org_id", IntSchema()}, {"name", StringSchema()}}); }

json MessageSchema() {
  return ObjectSchema({{"id", IntSchema()},
                       {"side", StringSchema()},
                       {"author", StringSchema()},
                       {"text", StringSchema()},
                       {"created_at", IntSchema()}});
}

json OfferSchema() {
  return ObjectSchema({{"id", IntSchema()},
                       {"side", StringSchema()},
                       {"author", StringSchema()},
                       {"price_fen", NullableOf(IntSchema())},
                       {"terms", StringSchema()},
                       {"status", StringSchema()},
                       {"created_at", IntSchema()}});
}

json DealSchema() {
  return ObjectSchema({{"id", IntSchema()},
                       {"listing_id", IntSchema()},
                       {"listing_title", StringSchema()},
                       {"demand_id", NullableOf(IntSchema())},
                       {"publication_number", StringSchema()},
                       {"patent_title", StringSchema()},
                       {"kind", StringSchema()},
                       {"region_code", StringSchema()},
                       {"buyer", PartySchema()},
                       {"seller", PartySchema()},
                       {"lister", PartySchema()},
                       {"asking_price_fen", NullableOf(IntSchema())},
                       {"agreed_price_fen", NullableOf(IntSchema())},
                       {"agreed_terms", StringSchema()},
                       {"agreed_at", NullableOf(IntSchema())},
                       {"recordal_number", StringSchema()},
                       {"recorded_event", StringSchema()},
                       {"created_at", IntSchema()},
                       {"updated_at", IntSchema()},
                       {"side", NullableOf(StringSchema())},
                       {"state", StringSchema()},
                       {"version", IntSchema()},
                       {"workflow", workflow::RecordSchema()},
                       {"offers", ArrayOf(OfferSchema())},
                       {"messages", ArrayOf(MessageSchema())},
                       {"contract", NullableOf(ObjectSchema({{"template", StringSchema()},
                                                             {"title", StringSchema()},
                                                             {"text", StringSchema()},
                                                             {"created_at", IntSchema()}}))}});
}

json OwnDealJson(const OwnDeal& deal) {
  return {
      {"id", http::JsonOrNull(deal.id)},
      {"kind", ListingKindName(deal.kind)},
      {"family", KindFamilyName(KindFamilyOf(deal.kind))},
      {"state", deal.state},
      {"agreed_price_fen", http::JsonOrNull(deal.agreed_price_fen)},
      {"agreed_on", deal.agreed_on.empty() ? json(nullptr) : json(deal.agreed_on)},
      {"recorded_event", deal.recorded_event.empty() ? json(nullptr) : json(deal.recorded_event)},
      {"recorded_on", deal.recorded_on.empty() ? json(nullptr) : json(deal.recorded_on)},
      {"visible", deal.visible}};
}

json ComparableJson(const ComparableDeals& comparable) {
  const auto figure = [&comparable](int64_t PriceSummary::*field) {
    return comparable.prices.has_value() ? json((*comparable.prices).*field) : json(nullptr);
  };
  return {{"family", KindFamilyName(comparable.family)},
          {"ipc_subclass", comparable.ipc_subclass},
          {"since", comparable.since},
          {"count", comparable.count},
          {"min_fen", figure(&PriceSummary::min_fen)},
          {"p25_fen", figure(&PriceSummary::p25_fen)},
          {"median_fen", figure(&PriceSummary::median_fen)},
          {"p75_fen", figure(&PriceSummary::p75_fen)},
          {"max_fen", figure(&PriceSummary::max_fen)},
          {"reason", comparable.reason.empty() ? json(nullptr) : json(comparable.reason)}};
}

json EvidenceJson(const DealEvidence& evidence) {
  json own = json::array();
  for (const OwnDeal& deal : evidence.own) own.push_back(OwnDealJson(deal));
  json comparable = json::array();
  for (const ComparableDeals& family : evidence.comparable) {
    comparable.push_back(ComparableJson(family));
  }
  return {{"publication_number", evidence.publication_number},
          {"title", evidence.title},
          {"ipc_subclass", evidence.ipc_subclass},
          {"as_of", evidence.as_of},
          {"min_comparable", kMinComparableDeals},
          {"own_count", static_cast<int64_t>(evidence.own.size())},
          {"own", std::move(own)},
          {"comparable", std::move(comparable)}};
}

json EvidenceSchema() {
  const json nullable_int = NullableOf(IntSchema());
  const json nullable_string = NullableOf(StringSchema());
  return ObjectSchema({{"publication_number", StringSchema()},
                       {"title", StringSchema()},
                       {"ipc_subclass", StringSchema()},
                       {"as_of", StringSchema()},
                       {"min_comparable", IntSchema()},
                       {"own_count", IntSchema()},
                       {"own", ArrayOf(ObjectSchema({{"id", nullable_int},
                                                     {"kind", StringSchema()},
                                                     {"family", StringSchema()},
                                                     {"state", StringSchema()},
                                                     {"agreed_price_fen", nullable_int},
                                                     {"agreed_on", nullable_string},
                                                     {"recorded_event", nullable_string},
                                                     {"recorded_on", nullable_string},
                                                     {"visible", http::BoolSchema()}}))},
                       {"comparable", ArrayOf(ObjectSchema({{"family", StringSchema()},
                                                            {"ipc_subclass", StringSchema()},
                                                            {"since", StringSchema()},
                                                            {"count", IntSchema()},
                                                            {"min_fen", nullable_int},
                                                            {"p25_fen", nullable_int},
                                                            {"median_fen", nullable_int},
                                                            {"p75_fen", nullable_int},
                                                            {"max_fen", nullable_int},
                                                            {"reason", nullable_string}}))}});
}

}  // namespace

void RegisterDealRoutes(http::Router& router, const std::shared_ptr<DealService>& deals,
                        auth::AccountService& accounts) {
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/deals",
       .summary = "Deals of the caller's organisation (scope=mine), or of an official's region "
                  "(scope=region), most recently changed first",
       .tag = "market",
       .response_schema = http::ListSchema(DealSchema()),
       .query_params = http::WithPaging(
           {{"scope", "mine (default) or region"}, {"state", "a workflow state"}}, kMaxPageSize),
       .handler = auth::Authenticated(
           accounts, [deals](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(http::Page page, http::PageFromQuery(request, kMaxPageSize));
             DealFilter filter{.state = std::string(request.QueryParam("state")),
                               .limit = page.size,
                               .offset = page.Offset()};
             if (!request.QueryParam("scope").empty()) filter.scope = request.QueryParam("scope");
             IPHUB_ASSIGN_OR_RETURN(auto found, deals->List(&caller.principal, filter));
             json items = json::array();
             for (const DealView& view : found.first) {
               items.push_back(DealJson(view, deals->machine(), false));
             }
             return http::Response::Json(PageJson(std::move(items), found.second, page));
           })});
  router.Add({.method = "POST",
              .pattern = "/api/v1/deals",
              .summary = "Open a deal on a published listing with a first message (members of an "
                         "organisation other than the listing's)",
              .tag = "market",
              .state_changing = true,
              .request_schema = ObjectSchema({{"listing_id", IntSchema()},
                                              {"demand_id", NullableOf(IntSchema())},
                                              {"message", StringSchema()}},
                                             {"listing_id", "message"}),
              .response_schema = DealSchema(),
              .success_status = 201,
              .handler = auth::Authenticated(
                  accounts, [deals](http::Request& request, const auth::Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
                    DealInput input;
                    IPHUB_ASSIGN_OR_RETURN(std::optional<int64_t> listing_id,
                                           http::OptionalInt(body, "listing_id"));
                    if (!listing_id.has_value())
                      return base::InvalidField("listing_id", "is required");
                    input.listing_id = *listing_id;
                    IPHUB_ASSIGN_OR_RETURN(input.demand_id, http::OptionalInt(body, "demand_id"));
                    IPHUB_ASSIGN_OR_RETURN(input.message, http::RequiredString(body, "message"));
                    IPHUB_ASSIGN_OR_RETURN(DealView view,
                                           deals->Open(&caller.principal, std::move(input)));
                    return http::Response::Json(DealJson(view, deals->machine(), true), 201);
                  })});
  router.Add({.method = "GET",
              .pattern = "/api/v1/deals/{id}",
              .summary = "The deal room: parties, offers, messages, contract, workflow (parties "
                         "and the region's officials)",
              .tag = "market",
              .response_schema = DealSchema(),
              .handler = auth::Authenticated(
                  accounts, [deals](http::Request& request, const auth::Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
                    IPHUB_ASSIGN_OR_RETURN(DealView view, deals->Get(&caller.principal, id));
                    return http::Response::Json(DealJson(view, deals->machine(), true));
                  })});
  router.Add({.method = "POST",
              .pattern = "/api/v1/deals/{id}/messages",
              .summary = "Write in the deal room (its parties, until it ends)",
              .tag = "market",
              .state_changing = true,
              .request_schema = ObjectSchema({{"text", StringSchema()}}, {"text"}),
              .response_schema = MessageSchema(),
              .success_status = 201,
              .handler = auth::Authenticated(
                  accounts, [deals](http::Request& request, const auth::Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
                    IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
                    IPHUB_ASSIGN_OR_RETURN(std::string text, http::RequiredString(body, "text"));
                    IPHUB_ASSIGN_OR_RETURN(DealMessage message,
                                           deals->Say(&caller.principal, id, std::move(text)));
                    return http::Response::Json(MessageJson(message), 201);
                  })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/deals/{id}/offers",
       .summary = "Make an offer or counter-offer while negotiating; it replaces the standing one",
       .tag = "market",
       .state_changing = true,
       .request_schema =
           ObjectSchema({{"price_fen", NullableOf(IntSchema())}, {"terms", StringSchema()}}),
       .response_schema = OfferSchema(),
       .success_status = 201,
       .handler = auth::Authenticated(
           accounts, [deals](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             OfferInput input;
             IPHUB_ASSIGN_OR_RETURN(input.price_fen, http::OptionalInt(body, "price_fen"));
             IPHUB_ASSIGN_OR_RETURN(auto terms, http::OptionalString(body, "terms"));
             input.terms = terms.value_or("");
             IPHUB_ASSIGN_OR_RETURN(DealOffer offer,
                                    deals->MakeOffer(&caller.principal, id, std::move(input)));
             return http::Response::Json(OfferJson(offer), 201);
           })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/deals/{id}/transitions",
       .summary = "Move a deal through its workflow (409 with the reason when the state or a "
                  "check does not allow it)",
       .tag = "market",
       .state_changing = true,
       .request_schema = TransitionRequestSchema(
           {{"offer_id", IntSchema()}, {"recordal_number", StringSchema()}}),
       .response_schema = DealSchema(),
       .handler = auth::Authenticated(
           accounts, [deals](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(TransitionRequest move, TransitionRequestOf(body));
             TransitionInput input{.transition = std::move(move.transition),
                                   .options = std::move(move.options)};
             IPHUB_ASSIGN_OR_RETURN(input.offer_id, http::OptionalInt(body, "offer_id"));
             IPHUB_ASSIGN_OR_RETURN(auto number, http::OptionalString(body, "recordal_number"));
             input.recordal_number = number.value_or("");
             IPHUB_ASSIGN_OR_RETURN(DealView view,
                                    deals->Transition(&caller.principal, id, std::move(input)));
             return http::Response::Json(DealJson(view, deals->machine(), true));
           })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/deals/{id}/contract.pdf",
       .summary = "The agreed contract as a PDF (404 before the agreement)",
       .tag = "market",
       .handler = auth::Authenticated(
           accounts, [deals](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(std::string pdf, deals->ContractPdf(&caller.principal, id));
             http::Response response = http::Response::Text(std::move(pdf), 200, "application/pdf");
             response.AddHeader("Content-Disposition", base::StrCat("attachment; filename=\"deal-",
                                                                    id, "-contract.pdf\""));
             return response;
           })});
  router.Add({.method = "GET",
              .pattern = "/api/v1/patents/{number}/deal-evidence",
              .summary =
                  "Market evidence for valuing a patent (市场法参考): its own agreed deals (id and "
                  "price only to those who may see the deal) and the price figures of comparable "
                  "deals — same IPC subclass, same kind family, agreed in the last three years — "
                  "when at least three count",
              .tag = "market",
              .response_schema = EvidenceSchema(),
              .handler = auth::Authenticated(
                  accounts, [deals](http::Request& request, const auth::Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(
                        DealEvidence evidence,
                        deals->Evidence(&caller.principal, request.path_params["number"]));
                    return http::Response::Json(EvidenceJson(evidence));
                  })});
}

}  // namespace iphub::market
