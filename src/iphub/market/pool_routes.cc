#include "iphub/market/pool_routes.h"

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
using http::BoolSchema;
using http::IntSchema;
using http::NullableOf;
using http::ObjectSchema;
using http::StringSchema;

constexpr int kMaxPageSize = 100;

json PoolJson(const PoolView& view, const workflow::Machine& machine, bool full) {
  const Pool& pool = view.pool;
  json out = {{"id", pool.id},
              {"name", pool.name},
              {"technology", pool.technology},
              {"ipc", pool.ipc},
              {"region_code", pool.region_code},
              {"royalty_fen", http::JsonOrNull(pool.royalty_fen)},
              {"terms", pool.terms},
              {"administrator", {{"org_id", pool.admin_org_id}, {"name", pool.admin_org_name}}},
              {"created_at", pool.created_at},
              {"updated_at", pool.updated_at},
              {"member_count", pool.member_count},
              {"patent_count", pool.patent_count},
              {"role", http::JsonOrNull(view.role)}};
  workflow::Record record{.kind = "pool",
                          .id = pool.id,
                          .state = pool.state,
                          .version = pool.version,
                          .region_code = pool.region_code,
                          .created_ms = pool.created_at,
                          .state_since_ms = pool.state_since};
  out["workflow"] = workflow::RecordJson(record, machine, view.history, view.actions);
  if (!full) return out;
  json members = json::array();
  for (const PoolMember& member : view.members) {
    members.push_back({{"org_id", member.org_id},
                       {"name", member.name},
                       {"org_type", member.org_type},
                       {"joined_at", member.joined_at},
                       {"administrator", member.administrator}});
  }
  json patents = json::array();
  for (const PoolPatent& patent : view.patents) {
    patents.push_back({{"publication_number", patent.publication_number},
                       {"title", patent.title},
                       {"legal_status", patent.legal_status},
                       {"contributor",
                        {{"org_id", patent.contributor_org_id}, {"name", patent.contributor_name}}},
                       {"added_at", patent.added_at}});
  }
  out["members"] = std::move(members);
  out["patents"] = std::move(patents);
  return out;
}

json PartySchema() { return ObjectSchema({{"org_id", IntSchema()}, {"name", StringSchema()}}); }

json PoolSchema() {
  return ObjectSchema({{"id", IntSchema()},
                       {"name", StringSchema()},
                       {"technology", StringSchema()},
                       {"ipc", StringSchema()},
                       {"region_code", StringSchema()},
                       {"royalty_fen", NullableOf(IntSchema())},
                       {"terms", StringSchema()},
                       {"administrator", PartySchema()},
                       {"created_at", IntSchema()},
                       {"updated_at", IntSchema()},
                       {"member_count", IntSchema()},
                       {"patent_count", IntSchema()},
                       {"role", NullableOf(StringSchema())},
                       {"workflow", workflow::RecordSchema()},
                       {"members", ArrayOf(ObjectSchema({{"org_id", IntSchema()},
                                                         {"name", StringSchema()},
                                                         {"org_type", StringSchema()},
                                                         {"joined_at", IntSchema()},
                                                         {"administrator", BoolSchema()}}))},
                       {"patents", ArrayOf(ObjectSchema({{"publication_number", StringSchema()},
                                                         {"title", StringSchema()},
                                                         {"legal_status", StringSchema()},
                                                         {"contributor", PartySchema()},
                                                         {"added_at", IntSchema()}}))}});
}

json PoolInputSchema() {
  return ObjectSchema({{"name", StringSchema()},
                       {"technology", StringSchema()},
                       {"ipc", StringSchema()},
                       {"region_code", StringSchema()},
                       {"royalty_fen", NullableOf(IntSchema())},
                       {"terms", StringSchema()},
                       {"version", IntSchema()}},
                      {"name", "technology"});
}

absl::StatusOr<PoolInput> PoolInputOf(const json& body) {
  PoolInput input;
  IPHUB_ASSIGN_OR_RETURN(input.name, http::RequiredString(body, "name"));
  IPHUB_ASSIGN_OR_RETURN(input.technology, http::RequiredString(body, "technology"));
  IPHUB_ASSIGN_OR_RETURN(auto ipc, http::OptionalString(body, "ipc"));
  input.ipc = ipc.value_or("");
  IPHUB_ASSIGN_OR_RETURN(auto region, http::OptionalString(body, "region_code"));
  input.region_code = region.value_or("");
  IPHUB_ASSIGN_OR_RETURN(input.royalty_fen, http::OptionalInt(body, "royalty_fen"));
  IPHUB_ASSIGN_OR_RETURN(auto terms, http::OptionalString(body, "terms"));
  input.terms = terms.value_or("");
  return input;
}

}  // namespace

void RegisterPoolRoutes(http::Router& router, const std::shared_ptr<PoolService>& pools,
                        auth::AccountService& accounts) {
  auth::AccountService* account_service = &accounts;
  router.Add({.method = "GET",
              .pattern = "/api/v1/pools",
              .summary = "Patent pools: published and closed ones for everyone, and the caller "
                         "organisation's in any state",
              .tag = "market",
              .access = http::Access::kPublic,
              .response_schema = http::ListSchema(PoolSchema()),
              .query_params = http::WithPaging({{"q", "text in the name, technology or IPC"},
                                                {"state", "draft, published or closed"},
                                                {"scope", "market (default) or mine"}},
                                               kMaxPageSize),
              .handler = auth::Public([pools, account_service](http::Request& request) -> Result {
                std::optional<auth::Caller> caller =
                    auth::OptionalCaller(*account_service, request);
                IPHUB_ASSIGN_OR_RETURN(http::Page page, http::PageFromQuery(request, kMaxPageSize));
                PoolFilter filter{.text = std::string(request.QueryParam("q")),
                                  .state = std::string(request.QueryParam("state")),
                                  .limit = page.size,
                                  .offset = page.Offset()};
                if (!request.QueryParam("scope").empty())
                  filter.scope = request.QueryParam("scope");
                IPHUB_ASSIGN_OR_RETURN(auto found,
                                       pools->List(caller ? &caller->principal : nullptr, filter));
                json items = json::array();
                for (const PoolView& view : found.first) {
                  items.push_back(PoolJson(view, pools->machine(), false));
                }
                return http::Response::Json(PageJson(std::move(items), found.second, page));
              })});
  router.Add({.method = "POST",
              .pattern = "/api/v1/pools",
              .summary = "Create a patent pool; the caller's organisation administers it",
              .tag = "market",
              .state_changing = true,
              .request_schema = PoolInputSchema(),
              .response_schema = PoolSchema(),
              .success_status = 201,
              .handler = auth::Authenticated(
                  accounts, [pools](http::Request& request, const auth::Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
                    IPHUB_ASSIGN_OR_RETURN(PoolInput input, PoolInputOf(body));
                    IPHUB_ASSIGN_OR_RETURN(PoolView view,
                                           pools->Create(&caller.principal, std::move(input)));
                    return http::Response::Json(PoolJson(view, pools->machine(), true), 201);
                  })});
  router.Add({.method = "GET",
              .pattern = "/api/v1/pools/{id}",
              .summary = "One pool with its members, patents and workflow",
              .tag = "market",
              .access = http::Access::kPublic,
              .response_schema = PoolSchema(),
              .handler = auth::Public([pools, account_service](http::Request& request) -> Result {
                std::optional<auth::Caller> caller =
                    auth::OptionalCaller(*account_service, request);
                IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
                IPHUB_ASSIGN_OR_RETURN(PoolView view,
                                       pools->Get(caller ? &caller->principal : nullptr, id));
                return http::Response::Json(PoolJson(view, pools->machine(), true));
              })});
  router.Add({.method = "PUT",
              .pattern = "/api/v1/pools/{id}",
              .summary = "Change a pool's description and terms (its administrator)",
              .tag = "market",
              .state_changing = true,
              .request_schema = PoolInputSchema(),
              .response_schema = PoolSchema(),
              .handler = auth::Authenticated(
                  accounts, [pools](http::Request& request, const auth::Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
                    IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
                    IPHUB_ASSIGN_OR_RETURN(PoolInput input, PoolInputOf(body));
                    IPHUB_ASSIGN_OR_RETURN(std::optional<int64_t> version,
                                           http::OptionalInt(body, "version"));
                    IPHUB_ASSIGN_OR_RETURN(PoolView view, pools->Update(&caller.principal, id,
                                                                        std::move(input), version));
                    return http::Response::Json(PoolJson(view, pools->machine(), true));
                  })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/pools/{id}/members",
       .summary = "Add a member organisation (the administrator)",
       .tag = "market",
       .state_changing = true,
       .request_schema = ObjectSchema({{"org_id", IntSchema()}}, {"org_id"}),
       .response_schema = PoolSchema(),
       .success_status = 201,
       .handler = auth::Authenticated(
           accounts, [pools](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(std::optional<int64_t> org, http::OptionalInt(body, "org_id"));
             if (!org.has_value()) return base::InvalidField("org_id", "is required");
             IPHUB_ASSIGN_OR_RETURN(PoolView view, pools->AddMember(&caller.principal, id, *org));
             return http::Response::Json(PoolJson(view, pools->machine(), true), 201);
           })});
  router.Add(
      {.method = "DELETE",
       .pattern = "/api/v1/pools/{id}/members/{org_id}",
       .summary = "Remove a member (the administrator) or leave (the member); its patents leave",
       .tag = "market",
       .state_changing = true,
       .response_schema = PoolSchema(),
       .handler = auth::Authenticated(
           accounts, [pools](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(int64_t org, http::PathId(request, "org_id"));
             IPHUB_ASSIGN_OR_RETURN(PoolView view, pools->RemoveMember(&caller.principal, id, org));
             return http::Response::Json(PoolJson(view, pools->machine(), true));
           })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/pools/{id}/patents",
       .summary = "Contribute a patent the caller's organisation holds and keeps in force",
       .tag = "market",
       .state_changing = true,
       .request_schema = ObjectSchema({{"patent", StringSchema()}}, {"patent"}),
       .response_schema = PoolSchema(),
       .success_status = 201,
       .handler = auth::Authenticated(
           accounts, [pools](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(std::string patent, http::RequiredString(body, "patent"));
             IPHUB_ASSIGN_OR_RETURN(PoolView view, pools->AddPatent(&caller.principal, id, patent));
             return http::Response::Json(PoolJson(view, pools->machine(), true), 201);
           })});
  router.Add({.method = "DELETE",
              .pattern = "/api/v1/pools/{id}/patents/{number}",
              .summary = "Take a patent out of the pool (its contributor or the administrator)",
              .tag = "market",
              .state_changing = true,
              .response_schema = PoolSchema(),
              .handler = auth::Authenticated(
                  accounts, [pools](http::Request& request, const auth::Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
                    IPHUB_ASSIGN_OR_RETURN(
                        PoolView view,
                        pools->RemovePatent(&caller.principal, id, request.path_params["number"]));
                    return http::Response::Json(PoolJson(view, pools->machine(), true));
                  })});
  router.Add({.method = "POST",
              .pattern = "/api/v1/pools/{id}/transitions",
              .summary = "Publish or close a pool (409 with the reason when a check fails)",
              .tag = "market",
              .state_changing = true,
              .request_schema = TransitionRequestSchema(),
              .response_schema = PoolSchema(),
              .handler = auth::Authenticated(
                  accounts, [pools](http::Request& request, const auth::Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
                    IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
                    IPHUB_ASSIGN_OR_RETURN(TransitionRequest move, TransitionRequestOf(body));
                    IPHUB_ASSIGN_OR_RETURN(
                        PoolView view,
                        pools->Transition(&caller.principal, id, move.transition, move.options));
                    return http::Response::Json(PoolJson(view, pools->machine(), true));
                  })});
}

}  // namespace iphub::market
