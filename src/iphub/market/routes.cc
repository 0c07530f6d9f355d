#include "iphub/market/routes.h"

#include <string>
#include <utility>

#include "iphub/auth/routes.h"
#include "iphub/base/status.h"
#include "iphub/http/message.h"
#include "iphub/http/schema.h"
#include "iphub/market/route_util.h"
#include "iphub/workflow/workflow.h"

namespace iphub::market {
namespace {

using json = nlohmann::json;
using Result = absl::StatusOr<http::Response>;
using http::ArrayOf;
using http::BoolSchema;
using http::IntSchema;
using http::NullableOf;
using http::ObjectSchema;
using http::StringSchema;

constexpr int kMaxPageSize = 100;

json ListingJson(const ListingView& view, const workflow::Machine& machine) {
  const Listing& listing = view.listing;
  json out = {{"id", listing.id},
              {"right_type", RightTypeName(listing.right_type)},
              {"publication_number", listing.publication_number},
              {"patent_title", listing.patent_title},
              {"kind", ListingKindName(listing.kind)},
              {"title", listing.title},
              {"price_fen", http::JsonOrNull(listing.price_fen)},
              {"terms", listing.terms},
              {"region_code", listing.region_code},
              {"industry", listing.industry},
              {"trl", listing.trl},
              {"scenarios", listing.scenarios},
              {"description", listing.description},
              {"contact_name", listing.contact_name},
              {"contact_phone", listing.contact_phone},
              {"contact_visibility", ContactVisibilityName(listing.contact_visibility)},
              {"contact_shown", view.contact_shown},
              {"lister_org_id", listing.lister_org_id},
              {"lister_org_name", listing.lister_org_name},
              {"holder_org_id", listing.holder_org_id},
              {"holder_org_name", listing.holder_org_name},
              {"created_at", listing.created_at},
              {"updated_at", listing.updated_at}};
  workflow::Record record{.kind = "listing",
                          .id = listing.id,
                          .state = listing.state,
                          .version = listing.version,
                          .created_ms = listing.created_at,
                          .state_since_ms = listing.state_since};
  out["workflow"] = workflow::RecordJson(record, machine, view.history, view.actions);
  return out;
}

// The fields a lister writes, as both the input and the listing carry them.
json OfferProperties() {
  return {{"right_type", StringSchema()},
          {"kind", StringSchema()},
          {"title", StringSchema()},
          {"price_fen", NullableOf(IntSchema())},
          {"terms", StringSchema()},
          {"region_code", StringSchema()},
          {"industry", StringSchema()},
          {"trl", IntSchema()},
          {"scenarios", StringSchema()},
          {"description", StringSchema()},
          {"contact_name", StringSchema()},
          {"contact_phone", StringSchema()},
          {"contact_visibility", StringSchema()}};
}

json ListingSchema() {
  json properties = OfferProperties();
  properties.update({{"id", IntSchema()},
                     {"publication_number", StringSchema()},
                     {"patent_title", StringSchema()},
                     {"contact_shown", BoolSchema()},
                     {"lister_org_id", IntSchema()},
                     {"lister_org_name", StringSchema()},
                     {"holder_org_id", IntSchema()},
                     {"holder_org_name", StringSchema()},
                     {"created_at", IntSchema()},
                     {"updated_at", IntSchema()},
                     {"workflow", workflow::RecordSchema()}});
  return ObjectSchema(std::move(properties));
}

json ListingInputSchema() {
  json properties = OfferProperties();
  properties.update({{"patent", StringSchema()},
                     {"holder_org_id", NullableOf(IntSchema())},
                     {"version", IntSchema()}});
  return ObjectSchema(std::move(properties), {"patent", "kind", "industry", "trl", "scenarios"});
}

absl::StatusOr<ListingInput> ListingInputOf(const json& body) {
  ListingInput input;
  IPHUB_ASSIGN_OR_RETURN(auto right_type, http::OptionalString(body, "right_type"));
  input.right_type = right_type.value_or("patent");
  IPHUB_ASSIGN_OR_RETURN(input.patent, http::RequiredString(body, "patent"));
  IPHUB_ASSIGN_OR_RETURN(input.kind, http::RequiredString(body, "kind"));
  IPHUB_ASSIGN_OR_RETURN(auto title, http::OptionalString(body, "title"));
  input.title = title.value_or("");
  IPHUB_ASSIGN_OR_RETURN(input.price_fen, http::OptionalInt(body, "price_fen"));
  IPHUB_ASSIGN_OR_RETURN(auto terms, http::OptionalString(body, "terms"));
  input.terms = terms.value_or("");
  IPHUB_ASSIGN_OR_RETURN(auto region, http::OptionalString(body, "region_code"));
  input.region_code = region.value_or("");
  IPHUB_ASSIGN_OR_RETURN(input.industry, http::RequiredString(body, "industry"));
  IPHUB_ASSIGN_OR_RETURN(auto trl, http::OptionalInt(body, "trl"));
  if (!trl.has_value()) return base::InvalidField("trl", "is required");
  input.trl = *trl < 0 || *trl > 100 ? 0 : static_cast<int>(*trl);
  IPHUB_ASSIGN_OR_RETURN(input.scenarios, http::RequiredString(body, "scenarios"));
  IPHUB_ASSIGN_OR_RETURN(auto description, http::OptionalString(body, "description"));
  input.description = description.value_or("");
  IPHUB_ASSIGN_OR_RETURN(auto contact_name, http::OptionalString(body, "contact_name"));
  input.contact_name = contact_name.value_or("");
  IPHUB_ASSIGN_OR_RETURN(auto contact_phone, http::OptionalString(body, "contact_phone"));
  input.contact_phone = contact_phone.value_or("");
  IPHUB_ASSIGN_OR_RETURN(auto visibility, http::OptionalString(body, "contact_visibility"));
  input.contact_visibility = visibility.value_or("members");
  IPHUB_ASSIGN_OR_RETURN(input.holder_org_id, http::OptionalInt(body, "holder_org_id"));
  return input;
}

json AuthorisationJson(const store::Authorisation& grant) {
  return {{"id", grant.id},
          {"holder_org_id", grant.holder_org_id},
          {"holder_org_name", grant.holder_org_name},
          {"agency_org_id", grant.agency_org_id},
          {"agency_org_name", grant.agency_org_name},
          {"publication_number", http::JsonOrNull(grant.publication_number)},
          {"valid_until", grant.valid_until},
          {"created_at", grant.created_at},
          {"revoked_at", http::JsonOrNull(grant.revoked_at)}};
}

json AuthorisationSchema() {
  return ObjectSchema({{"id", IntSchema()},
                       {"holder_org_id", IntSchema()},
                       {"holder_org_name", StringSchema()},
                       {"agency_org_id", IntSchema()},
                       {"agency_org_name", StringSchema()},
                       {"publication_number", NullableOf(StringSchema())},
                       {"valid_until", StringSchema()},
                       {"created_at", IntSchema()},
                       {"revoked_at", NullableOf(IntSchema())}});
}

}  // namespace

void RegisterMarketRoutes(http::Router& router, const std::shared_ptr<ListingService>& listings,
                          auth::AccountService& accounts) {
  auth::AccountService* account_service = &accounts;
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/listings",
       .summary = "Listings the caller may see: published ones for everyone, and the caller "
                  "organisation's and (officials) their region's in any state",
       .tag = "market",
       .access = http::Access::kPublic,
       .response_schema = http::ListSchema(ListingSchema()),
       .query_params = http::WithPaging({{"q", "text in the title, patent, industry or scenarios"},
                                         {"kind", "transfer, exclusive_licence, …"},
                                         {"region", "a region code: it and everything under it"},
                                         {"industry", "exact industry"},
                                         {"state", "a workflow state"},
                                         {"scope", "market (default), mine or review"}},
                                        kMaxPageSize),
       .handler = auth::Public([listings, account_service](http::Request& request) -> Result {
         std::optional<auth::Caller> caller = auth::OptionalCaller(*account_service, request);
         IPHUB_ASSIGN_OR_RETURN(http::Page page, http::PageFromQuery(request, kMaxPageSize));
         ListingFilter filter{.text = std::string(request.QueryParam("q")),
                              .kind = std::string(request.QueryParam("kind")),
                              .region_code = std::string(request.QueryParam("region")),
                              .industry = std::string(request.QueryParam("industry")),
                              .state = std::string(request.QueryParam("state")),
                              .limit = page.size,
                              .offset = page.Offset()};
         if (!request.QueryParam("scope").empty()) filter.scope = request.QueryParam("scope");
         IPHUB_ASSIGN_OR_RETURN(auto listed,
                                listings->List(caller ? &caller->principal : nullptr, filter));
         json items = json::array();
         for (const ListingView& view : listed.first) {
           items.push_back(ListingJson(view, listings->machine()));
         }
         return http::Response::Json(PageJson(std::move(items), listed.second, page));
       })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/listings",
       .summary = "Create a draft listing of a patent (members of its holder, or of an "
                  "agency the holder authorised)",
       .tag = "market",
       .state_changing = true,
       .request_schema = ListingInputSchema(),
       .response_schema = ListingSchema(),
       .success_status = 201,
       .handler = auth::Authenticated(
           accounts, [listings](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(ListingInput input, ListingInputOf(body));
             IPHUB_ASSIGN_OR_RETURN(ListingView view,
                                    listings->Create(&caller.principal, std::move(input)));
             return http::Response::Json(ListingJson(view, listings->machine()), 201);
           })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/listings/{id}",
       .summary = "One listing with its workflow: state, history and what the caller may do",
       .tag = "market",
       .access = http::Access::kPublic,
       .response_schema = ListingSchema(),
       .handler = auth::Public([listings, account_service](http::Request& request) -> Result {
         std::optional<auth::Caller> caller = auth::OptionalCaller(*account_service, request);
         IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
         IPHUB_ASSIGN_OR_RETURN(ListingView view,
                                listings->Get(caller ? &caller->principal : nullptr, id));
         return http::Response::Json(ListingJson(view, listings->machine()));
       })});
  router.Add(
      {.method = "PUT",
       .pattern = "/api/v1/listings/{id}",
       .summary = "Change a draft or rejected listing (the listing organisation)",
       .tag = "market",
       .state_changing = true,
       .request_schema = ListingInputSchema(),
       .response_schema = ListingSchema(),
       .handler = auth::Authenticated(
           accounts, [listings](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(ListingInput input, ListingInputOf(body));
             IPHUB_ASSIGN_OR_RETURN(std::optional<int64_t> version,
                                    http::OptionalInt(body, "version"));
             IPHUB_ASSIGN_OR_RETURN(ListingView view, listings->Update(&caller.principal, id,
                                                                       std::move(input), version));
             return http::Response::Json(ListingJson(view, listings->machine()));
           })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/listings/{id}/transitions",
       .summary = "Move a listing through its workflow (409 with the reason when the state or a "
                  "check does not allow it)",
       .tag = "market",
       .state_changing = true,
       .request_schema = TransitionRequestSchema(),
       .response_schema = ListingSchema(),
       .handler = auth::Authenticated(
           accounts, [listings](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(TransitionRequest move, TransitionRequestOf(body));
             IPHUB_ASSIGN_OR_RETURN(
                 ListingView view,
                 listings->Transition(&caller.principal, id, move.transition, move.options));
             return http::Response::Json(ListingJson(view, listings->machine()));
           })});
  router.Add({.method = "GET",
              .pattern = "/api/v1/listing-authorisations",
              .summary = "Authorisations the caller's organisation gave (as holder) or received "
                         "(as agency)",
              .tag = "market",
              .response_schema = ObjectSchema({{"items", ArrayOf(AuthorisationSchema())}}),
              .handler = auth::Authenticated(
                  accounts, [listings](http::Request&, const auth::Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(auto grants,
                                           listings->Authorisations(&caller.principal));
                    json items = json::array();
                    for (const auto& grant : grants) items.push_back(AuthorisationJson(grant));
                    return http::Response::Json({{"items", std::move(items)}});
                  })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/listing-authorisations",
       .summary = "Authorise an agency to list the caller organisation's patents (one, or "
                  "all) until a day",
       .tag = "market",
       .state_changing = true,
       .request_schema = ObjectSchema({{"agency_org_id", IntSchema()},
                                       {"publication_number", StringSchema()},
                                       {"valid_until", StringSchema()}},
                                      {"agency_org_id", "valid_until"}),
       .response_schema = AuthorisationSchema(),
       .success_status = 201,
       .handler = auth::Authenticated(
           accounts, [listings](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(std::optional<int64_t> agency,
                                    http::OptionalInt(body, "agency_org_id"));
             if (!agency.has_value()) return base::InvalidField("agency_org_id", "is required");
             IPHUB_ASSIGN_OR_RETURN(std::optional<std::string> number,
                                    http::OptionalString(body, "publication_number"));
             IPHUB_ASSIGN_OR_RETURN(std::string until, http::RequiredString(body, "valid_until"));
             IPHUB_ASSIGN_OR_RETURN(
                 store::Authorisation grant,
                 listings->Authorise(&caller.principal, {.agency_org_id = *agency,
                                                         .publication_number = number.value_or(""),
                                                         .valid_until = until}));
             return http::Response::Json(AuthorisationJson(grant), 201);
           })});
  router.Add(
      {.method = "DELETE",
       .pattern = "/api/v1/listing-authorisations/{id}",
       .summary = "Revoke an authorisation the caller's organisation gave",
       .tag = "market",
       .state_changing = true,
       .success_status = 204,
       .handler = auth::Authenticated(
           accounts, [listings](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_RETURN_IF_ERROR(listings->Revoke(&caller.principal, id));
             return http::Response::NoContent();
           })});
}

}  // namespace iphub::market
