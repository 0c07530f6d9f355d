// HTTP binding of the applicant aliases (routes.h, RegisterApplicantRoutes).
#include "iphub/auth/routes.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/http/schema.h"
#include "iphub/patents/routes.h"

namespace iphub::patents {
namespace {

using http::ArrayOf;
using http::IntSchema;
using http::NullableOf;
using http::ObjectSchema;
using http::StringSchema;
using json = nlohmann::json;
using Result = absl::StatusOr<http::Response>;

constexpr int64_t kMaxPageSize = 200;

json AliasJson(const ApplicantAlias& alias) {
  return {{"name", alias.name},
          {"canonical", alias.canonical},
          {"merged_by", http::JsonOrNull(alias.merged_by)},
          {"merged_at", alias.merged_at},
          {"note", alias.note}};
}

json EventJson(const AliasEvent& event) {
  return {{"seq", event.seq},           {"kind", event.kind},
          {"name", event.name},         {"canonical", event.canonical},
          {"previous", event.previous}, {"undoes", http::JsonOrNull(event.undoes)},
          {"note", event.note},         {"actor", event.actor},
          {"at", event.at_ms}};
}

json EventsJson(const std::vector<AliasEvent>& events) {
  json out = json::array();
  for (const AliasEvent& event : events) out.push_back(EventJson(event));
  return {{"events", std::move(out)}};
}

json AliasSchema() {
  return ObjectSchema({{"name", StringSchema()},
                       {"canonical", StringSchema()},
                       {"merged_by", NullableOf(IntSchema())},
                       {"merged_at", IntSchema()},
                       {"note", StringSchema()}});
}

json EventSchema() {
  return ObjectSchema({{"seq", IntSchema()},
                       {"kind", {{"type", "string"}, {"enum", {"merge", "split"}}}},
                       {"name", StringSchema()},
                       {"canonical", StringSchema()},
                       {"previous", StringSchema()},
                       {"undoes", NullableOf(IntSchema())},
                       {"note", StringSchema()},
                       {"actor", StringSchema()},
                       {"at", IntSchema()}});
}

json EventsSchema() { return ObjectSchema({{"events", ArrayOf(EventSchema())}}); }

template <typename T>
http::Response ListResponse(const Listed<T>& list, const http::Page& page,
                            json (*item_json)(const T&)) {
  json items = json::array();
  for (const T& item : list.items) items.push_back(item_json(item));
  return http::Response::Json({{"items", std::move(items)},
                               {"total", list.total},
                               {"page", page.page},
                               {"size", page.size}});
}

}  // namespace

void RegisterApplicantRoutes(http::Router& router, std::shared_ptr<ApplicantAliasService> aliases,
                             auth::AccountService& accounts) {
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/applicant-aliases",
       .summary = "Applicant names merged into canonical names, by canonical name",
       .tag = "applicants",
       .access = http::Access::kPublic,
       .response_schema = http::ListSchema(AliasSchema()),
       .query_params = http::WithPaging(
           {{"q", "only names or canonical names holding this (any spelling)"}}, kMaxPageSize),
       .handler = auth::Public([aliases](http::Request& request) -> Result {
         IPHUB_ASSIGN_OR_RETURN(http::Page page, http::PageFromQuery(request, kMaxPageSize));
         IPHUB_ASSIGN_OR_RETURN(Listed<ApplicantAlias> list,
                                aliases->List(request.QueryParam("q"), page.size, page.Offset()));
         return ListResponse(list, page, &AliasJson);
       })});
  router.Add({.method = "GET",
              .pattern = "/api/v1/applicant-aliases/group",
              .summary = "The canonical name of an applicant name and every name merged into it",
              .tag = "applicants",
              .access = http::Access::kPublic,
              .response_schema =
                  ObjectSchema({{"canonical", StringSchema()}, {"names", ArrayOf(StringSchema())}}),
              .query_params = {{"name", "an applicant name, any spelling"}},
              .handler = auth::Public([aliases](http::Request& request) -> Result {
                IPHUB_ASSIGN_OR_RETURN(auto group, aliases->Group(request.QueryParam("name")));
                return http::Response::Json({{"canonical", group.first}, {"names", group.second}});
              })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/applicant-aliases",
       .summary = "Merge applicant names into a canonical name (officials and platform "
                  "administrators); answers the changes made",
       .tag = "applicants",
       .state_changing = true,
       .request_schema =
           [] {
             json schema = ObjectSchema({{"canonical", StringSchema()},
                                         {"names", ArrayOf(StringSchema())},
                                         {"note", StringSchema()}});
             schema["required"] = {"canonical", "names"};
             return schema;
           }(),
       .response_schema = EventsSchema(),
       .success_status = 201,
       .handler = auth::Authenticated(
           accounts, [aliases](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             MergeRequest merge;
             IPHUB_ASSIGN_OR_RETURN(merge.canonical, http::RequiredString(body, "canonical"));
             IPHUB_ASSIGN_OR_RETURN(auto names, http::OptionalStrings(body, "names"));
             if (!names) return base::InvalidField("names", "is required");
             merge.names = std::move(*names);
             IPHUB_ASSIGN_OR_RETURN(auto note, http::OptionalString(body, "note"));
             merge.note = note.value_or("");
             IPHUB_ASSIGN_OR_RETURN(std::vector<AliasEvent> events,
                                    aliases->Merge(&caller.principal, merge));
             return http::Response::Json(EventsJson(events), 201);
           })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/applicant-aliases/split",
       .summary = "Split a merged applicant name off its canonical name (officials and platform "
                  "administrators)",
       .tag = "applicants",
       .state_changing = true,
       .request_schema =
           [] {
             json schema = ObjectSchema({{"name", StringSchema()}, {"note", StringSchema()}});
             schema["required"] = {"name"};
             return schema;
           }(),
       .response_schema = EventsSchema(),
       .handler = auth::Authenticated(
           accounts, [aliases](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(std::string name, http::RequiredString(body, "name"));
             IPHUB_ASSIGN_OR_RETURN(auto note, http::OptionalString(body, "note"));
             IPHUB_ASSIGN_OR_RETURN(AliasEvent event,
                                    aliases->Split(&caller.principal, name, note.value_or("")));
             return http::Response::Json(EventsJson({event}));
           })});
  router.Add({.method = "GET",
              .pattern = "/api/v1/applicant-alias-events",
              .summary = "Every merge and split of applicant names, newest first",
              .tag = "applicants",
              .access = http::Access::kPublic,
              .response_schema = http::ListSchema(EventSchema()),
              .query_params =
                  http::WithPaging({{"q", "only events about names holding this"}}, kMaxPageSize),
              .handler = auth::Public([aliases](http::Request& request) -> Result {
                IPHUB_ASSIGN_OR_RETURN(http::Page page, http::PageFromQuery(request, kMaxPageSize));
                IPHUB_ASSIGN_OR_RETURN(
                    Listed<AliasEvent> list,
                    aliases->Events(request.QueryParam("q"), page.size, page.Offset()));
                return ListResponse(list, page, &EventJson);
              })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/applicant-alias-events/{id}/undo",
       .summary = "Reverse one merge or split (officials and platform administrators); 409 when "
                  "the name has changed since",
       .tag = "applicants",
       .state_changing = true,
       .request_schema = ObjectSchema({{"note", StringSchema()}}),
       .response_schema = EventsSchema(),
       .handler = auth::Authenticated(
           accounts, [aliases](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t seq, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(auto note, http::OptionalString(body, "note"));
             IPHUB_ASSIGN_OR_RETURN(std::vector<AliasEvent> events,
                                    aliases->Undo(&caller.principal, seq, note.value_or("")));
             return http::Response::Json(EventsJson(events));
           })});
}

}  // namespace iphub::patents
