#include <string>
#include <utility>

#include "iphub/auth/routes.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/http/message.h"
#include "iphub/http/schema.h"
#include "iphub/market/route_util.h"
#include "iphub/market/routes.h"
#include "iphub/workflow/workflow.h"

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

constexpr int kMaxPageSize = 100;

json DemandInputProperties() {
  return {{"title", StringSchema()},
          {"problem", StringSchema()},
          {"industry", StringSchema()},
          {"ipc", StringSchema()},
          {"budget_fen", NullableOf(IntSchema())},
          {"deadline", StringSchema()},
          {"region_code", StringSchema()},
          {"contact_name", StringSchema()},
          {"contact_phone", StringSchema()},
          {"contact_visibility", StringSchema()}};
}

json DemandSchema() {
  json properties = DemandInputProperties();
  properties.update({{"id", IntSchema()},
                     {"contact_shown", BoolSchema()},
                     {"org_id", IntSchema()},
                     {"org_name", StringSchema()},
                     {"created_at", IntSchema()},
                     {"updated_at", IntSchema()},
                     {"workflow", workflow::RecordSchema()}});
  return ObjectSchema(std::move(properties));
}

json DemandInputSchema() {
  json properties = DemandInputProperties();
  properties["version"] = IntSchema();
  return ObjectSchema(std::move(properties), {"title", "problem", "industry", "deadline"});
}

json DemandJson(const DemandView& view, const workflow::Machine& machine) {
  const Demand& demand = view.demand;
  workflow::Record record{.kind = "demand",
                          .id = demand.id,
                          .state = demand.state,
                          .version = demand.version,
                          .created_ms = demand.created_at,
                          .state_since_ms = demand.state_since};
  return {{"id", demand.id},
          {"title", demand.title},
          {"problem", demand.problem},
          {"industry", demand.industry},
          {"ipc", demand.ipc},
          {"budget_fen", http::JsonOrNull(demand.budget_fen)},
          {"deadline", demand.deadline},
          {"region_code", demand.region_code},
          {"contact_name", demand.contact_name},
          {"contact_phone", demand.contact_phone},
          {"contact_visibility", ContactVisibilityName(demand.contact_visibility)},
          {"contact_shown", view.contact_shown},
          {"org_id", demand.org_id},
          {"org_name", demand.org_name},
          {"created_at", demand.created_at},
          {"updated_at", demand.updated_at},
          {"workflow", workflow::RecordJson(record, machine, view.history, view.actions)}};
}

absl::StatusOr<DemandInput> DemandInputOf(const json& body) {
  DemandInput input;
  IPHUB_ASSIGN_OR_RETURN(input.title, http::RequiredString(body, "title"));
  IPHUB_ASSIGN_OR_RETURN(input.problem, http::RequiredString(body, "problem"));
  IPHUB_ASSIGN_OR_RETURN(input.industry, http::RequiredString(body, "industry"));
  IPHUB_ASSIGN_OR_RETURN(auto ipc, http::OptionalString(body, "ipc"));
  input.ipc = ipc.value_or("");
  IPHUB_ASSIGN_OR_RETURN(input.budget_fen, http::OptionalInt(body, "budget_fen"));
  IPHUB_ASSIGN_OR_RETURN(input.deadline, http::RequiredString(body, "deadline"));
  IPHUB_ASSIGN_OR_RETURN(auto region, http::OptionalString(body, "region_code"));
  input.region_code = region.value_or("");
  IPHUB_ASSIGN_OR_RETURN(auto contact_name, http::OptionalString(body, "contact_name"));
  input.contact_name = contact_name.value_or("");
  IPHUB_ASSIGN_OR_RETURN(auto contact_phone, http::OptionalString(body, "contact_phone"));
  input.contact_phone = contact_phone.value_or("");
  IPHUB_ASSIGN_OR_RETURN(auto visibility, http::OptionalString(body, "contact_visibility"));
  input.contact_visibility = visibility.value_or("members");
  return input;
}

json InvitationJson(const Invitation& invitation, int64_t now_ms) {
  return {{"id", invitation.id},
          {"demand_id", invitation.demand_id},
          {"demand_title", invitation.demand_title},
          {"supplier_org_id", invitation.supplier_org_id},
          {"supplier_org_name", invitation.supplier_org_name},
          {"invited_at", invitation.invited_at},
          {"respond_by", invitation.respond_by},
          {"responded_at", http::JsonOrNull(invitation.responded_at)},
          {"answer", http::JsonOrNull(invitation.answer)},
          {"message", invitation.message},
          {"state", InvitationState(invitation, now_ms)}};
}

json InvitationSchema() {
  return ObjectSchema({{"id", IntSchema()},
                       {"demand_id", IntSchema()},
                       {"demand_title", StringSchema()},
                       {"supplier_org_id", IntSchema()},
                       {"supplier_org_name", StringSchema()},
                       {"invited_at", IntSchema()},
                       {"respond_by", IntSchema()},
                       {"responded_at", NullableOf(IntSchema())},
                       {"answer", NullableOf(StringSchema())},
                       {"message", StringSchema()},
                       {"state", StringSchema()}});
}

json InvitationsJson(const std::vector<Invitation>& invitations, int64_t now_ms) {
  json items = json::array();
  for (const Invitation& invitation : invitations) {
    items.push_back(InvitationJson(invitation, now_ms));
  }
  return {{"items", std::move(items)}};
}

}  // namespace

void RegisterDemandRoutes(http::Router& router, const std::shared_ptr<DemandService>& demands,
                          auth::AccountService& accounts) {
  auth::AccountService* account_service = &accounts;
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/demands",
       .summary = "Demands the caller may see: open and closed ones for everyone, and the "
                  "caller organisation's in any state",
       .tag = "market",
       .access = http::Access::kPublic,
       .response_schema = http::ListSchema(DemandSchema()),
       .query_params = http::WithPaging({{"q", "text in the title, problem or industry"},
                                         {"region", "a region code: it and everything under it"},
                                         {"industry", "exact industry"},
                                         {"state", "a workflow state"},
                                         {"scope", "market (default) or mine"}},
                                        kMaxPageSize),
       .handler = auth::Public([demands, account_service](http::Request& request) -> Result {
         std::optional<auth::Caller> caller = auth::OptionalCaller(*account_service, request);
         IPHUB_ASSIGN_OR_RETURN(http::Page page, http::PageFromQuery(request, kMaxPageSize));
         DemandFilter filter{.text = std::string(request.QueryParam("q")),
                             .region_code = std::string(request.QueryParam("region")),
                             .industry = std::string(request.QueryParam("industry")),
                             .state = std::string(request.QueryParam("state")),
                             .limit = page.size,
                             .offset = page.Offset()};
         if (!request.QueryParam("scope").empty()) filter.scope = request.QueryParam("scope");
         IPHUB_ASSIGN_OR_RETURN(auto listed,
                                demands->List(caller ? &caller->principal : nullptr, filter));
         json items = json::array();
         for (const DemandView& view : listed.first) {
           items.push_back(DemandJson(view, demands->machine()));
         }
         return http::Response::Json(PageJson(std::move(items), listed.second, page));
       })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/demands",
       .summary = "Post a demand as a draft (members of an organisation)",
       .tag = "market",
       .state_changing = true,
       .request_schema = DemandInputSchema(),
       .response_schema = DemandSchema(),
       .success_status = 201,
       .handler = auth::Authenticated(
           accounts, [demands](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(DemandInput input, DemandInputOf(body));
             IPHUB_ASSIGN_OR_RETURN(DemandView view,
                                    demands->Create(&caller.principal, std::move(input)));
             return http::Response::Json(DemandJson(view, demands->machine()), 201);
           })});
  router.Add({.method = "GET",
              .pattern = "/api/v1/demands/{id}",
              .summary = "One demand with its workflow",
              .tag = "market",
              .access = http::Access::kPublic,
              .response_schema = DemandSchema(),
              .handler = auth::Public([demands, account_service](http::Request& request) -> Result {
                std::optional<auth::Caller> caller =
                    auth::OptionalCaller(*account_service, request);
                IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
                IPHUB_ASSIGN_OR_RETURN(DemandView view,
                                       demands->Get(caller ? &caller->principal : nullptr, id));
                return http::Response::Json(DemandJson(view, demands->machine()));
              })});
  router.Add(
      {.method = "PUT",
       .pattern = "/api/v1/demands/{id}",
       .summary = "Change a draft demand (the posting organisation)",
       .tag = "market",
       .state_changing = true,
       .request_schema = DemandInputSchema(),
       .response_schema = DemandSchema(),
       .handler = auth::Authenticated(
           accounts, [demands](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(DemandInput input, DemandInputOf(body));
             IPHUB_ASSIGN_OR_RETURN(std::optional<int64_t> version,
                                    http::OptionalInt(body, "version"));
             IPHUB_ASSIGN_OR_RETURN(DemandView view, demands->Update(&caller.principal, id,
                                                                     std::move(input), version));
             return http::Response::Json(DemandJson(view, demands->machine()));
           })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/demands/{id}/transitions",
       .summary = "Move a demand through its workflow (publish, close, withdraw, take_down)",
       .tag = "market",
       .state_changing = true,
       .request_schema = TransitionRequestSchema(),
       .response_schema = DemandSchema(),
       .handler = auth::Authenticated(
           accounts, [demands](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(TransitionRequest move, TransitionRequestOf(body));
             IPHUB_ASSIGN_OR_RETURN(
                 DemandView view,
                 demands->Transition(&caller.principal, id, move.transition, move.options));
             return http::Response::Json(DemandJson(view, demands->machine()));
           })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/demands/{id}/invitations",
       .summary = "The suppliers invited to a demand and their answers",
       .tag = "market",
       .response_schema = ObjectSchema({{"items", ArrayOf(InvitationSchema())}}),
       .handler = auth::Authenticated(
           accounts, [demands](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(auto invitations,
                                    demands->InvitationsOf(&caller.principal, id));
             return http::Response::Json(InvitationsJson(invitations, demands->now_ms()));
           })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/demands/{id}/invitations",
       .summary = "Invite suppliers to answer an open demand (the posting organisation)",
       .tag = "market",
       .state_changing = true,
       .request_schema =
           ObjectSchema({{"supplier_org_ids", ArrayOf(IntSchema())}}, {"supplier_org_ids"}),
       .response_schema = ObjectSchema({{"items", ArrayOf(InvitationSchema())}}),
       .success_status = 201,
       .handler = auth::Authenticated(
           accounts, [demands](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             const json& ids =
                 body.contains("supplier_org_ids") ? body["supplier_org_ids"] : json();
             if (!ids.is_array()) {
               return base::InvalidField("supplier_org_ids", "must be an array of ids");
             }
             std::vector<int64_t> suppliers;
             for (size_t i = 0; i < ids.size(); ++i) {
               if (!ids[i].is_number_integer()) {
                 return base::InvalidField(base::StrCat("supplier_org_ids[", i, "]"),
                                           "must be an organisation id");
               }
               suppliers.push_back(ids[i].get<int64_t>());
             }
             IPHUB_ASSIGN_OR_RETURN(auto created,
                                    demands->Invite(&caller.principal, id, suppliers));
             return http::Response::Json(InvitationsJson(created, demands->now_ms()), 201);
           })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/demand-invitations",
       .summary = "The invitations the caller's organisation received",
       .tag = "market",
       .response_schema = ObjectSchema({{"items", ArrayOf(InvitationSchema())}}),
       .query_params = {{"state", "all (default), pending or answered"}},
       .handler = auth::Authenticated(
           accounts, [demands](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(
                 auto invitations,
                 demands->Received(&caller.principal, request.QueryParam("state")));
             return http::Response::Json(InvitationsJson(invitations, demands->now_ms()));
           })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/demand-invitations/{id}/response",
       .summary = "Answer an invitation once: interested or declined, with a message",
       .tag = "market",
       .state_changing = true,
       .request_schema =
           ObjectSchema({{"answer", StringSchema()}, {"message", StringSchema()}}, {"answer"}),
       .response_schema = InvitationSchema(),
       .handler = auth::Authenticated(
           accounts, [demands](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(std::string answer, http::RequiredString(body, "answer"));
             IPHUB_ASSIGN_OR_RETURN(std::optional<std::string> message,
                                    http::OptionalString(body, "message"));
             IPHUB_ASSIGN_OR_RETURN(
                 Invitation invitation,
                 demands->Answer(&caller.principal, id, answer, message.value_or("")));
             return http::Response::Json(InvitationJson(invitation, demands->now_ms()));
           })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/demand-response-times",
       .summary = "How fast each supplier answers invitations, against the deadline",
       .tag = "market",
       .response_schema = ObjectSchema(
           {{"items",
             ArrayOf(ObjectSchema({{"supplier_org_id", IntSchema()},
                                   {"supplier_org_name", StringSchema()},
                                   {"invited", IntSchema()},
                                   {"answered", IntSchema()},
                                   {"on_time", IntSchema()},
                                   {"late", IntSchema()},
                                   {"overdue", IntSchema()},
                                   {"pending", IntSchema()},
                                   {"median_response_hours", NullableOf(NumberSchema())}}))}}),
       .query_params = {{"region", "suppliers of this region (officials: inside theirs)"}},
       .handler = auth::Authenticated(
           accounts, [demands](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(
                 auto rows,
                 demands->ResponseTimes(&caller.principal, request.QueryParam("region")));
             json items = json::array();
             for (const SupplierResponseTimes& row : rows) {
               items.push_back(
                   {{"supplier_org_id", row.supplier_org_id},
                    {"supplier_org_name", row.supplier_org_name},
                    {"invited", row.invited},
                    {"answered", row.answered},
                    {"on_time", row.on_time},
                    {"late", row.late},
                    {"overdue", row.overdue},
                    {"pending", row.pending},
                    {"median_response_hours", http::JsonOrNull(row.median_response_hours)}});
             }
             return http::Response::Json({{"items", std::move(items)}});
           })});
}

}  // namespace iphub::market
