#include "iphub/watch/routes.h"

#include "iphub/auth/routes.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/http/schema.h"

namespace iphub::watch {
namespace {

using http::ArrayOf;
using http::BoolSchema;
using http::IntSchema;
using http::NullableOf;
using http::ObjectSchema;
using http::StringSchema;
using json = nlohmann::json;
using Result = absl::StatusOr<http::Response>;

constexpr int64_t kMaxPageSize = 200;

json WatchJson(const WatchView& view) {
  const Watch& watch = view.watch;
  json events = json::array();
  for (EventGroup group : watch.events) events.push_back(EventGroupName(group));
  const bool status = watch.kind == WatchKind::kStatus;
  const bool similarity = watch.kind == WatchKind::kSimilarity;
  return {
      {"id", watch.id},
      {"name", watch.name},
      {"kind", WatchKindName(watch.kind)},
      {"query", watch.kind == WatchKind::kQuery ? json(watch.query) : json(nullptr)},
      {"applicant", watch.kind == WatchKind::kApplicant ? json(watch.applicant) : json(nullptr)},
      {"patents", HasPatents(watch.kind) ? json(watch.patents) : json(nullptr)},
      {"events", status ? events : json(nullptr)},
      {"threshold", similarity ? json(watch.threshold) : json(nullptr)},
      {"frequency", FrequencyName(watch.frequency)},
      {"owner_id", watch.ownership.owner_id},
      {"owner_name", watch.owner_name},
      {"organization_id", http::JsonOrNull(watch.ownership.organization_id)},
      {"shared", watch.ownership.shared},
      {"editable", view.editable},
      {"created_at", watch.created_at},
      {"updated_at", watch.updated_at}};
}

json AlertJson(const Alert& alert) {
  json detail = json::parse(alert.detail, nullptr, /*allow_exceptions=*/false);
  if (detail.is_discarded()) detail = json::object();
  return {{"id", alert.id},
          {"watch_id", alert.watch_id},
          {"watch_name", alert.watch_name},
          {"kind", alert.kind},
          {"publication_number", alert.publication_number},
          {"title", alert.title},
          {"detail", std::move(detail)},
          {"created_at", alert.created_at},
          {"read_at", http::JsonOrNull(alert.read_at)}};
}

json KindSchema() {
  return {{"type", "string"}, {"enum", {"query", "applicant", "status", "similarity"}}};
}

// A similarity watch's threshold: a percentage of the similar-patents score.
json ThresholdSchema() {
  json schema = IntSchema();
  schema["minimum"] = kMinThreshold;
  schema["maximum"] = kMaxThreshold;
  return schema;
}

json EventsSchema() {
  return ArrayOf(
      {{"type", "string"},
       {"enum",
        {"lapse", "restoration", "transfer", "licence", "pledge", "invalidation", "expiry"}}});
}

json WatchSchema() {
  return ObjectSchema({{"id", IntSchema()},
                       {"name", StringSchema()},
                       {"kind", KindSchema()},
                       {"query", NullableOf(StringSchema())},
                       {"applicant", NullableOf(StringSchema())},
                       {"patents", NullableOf(ArrayOf(StringSchema()))},
                       {"events", NullableOf(EventsSchema())},
                       {"threshold", NullableOf(ThresholdSchema())},
                       {"frequency", StringSchema()},
                       {"owner_id", IntSchema()},
                       {"owner_name", StringSchema()},
                       {"organization_id", NullableOf(IntSchema())},
                       {"shared", BoolSchema()},
                       {"editable", BoolSchema()},
                       {"created_at", IntSchema()},
                       {"updated_at", IntSchema()}});
}

json WatchInputSchema(bool create) {
  json schema =
      ObjectSchema({{"name", StringSchema()},
                    {"kind", KindSchema()},
                    {"query", StringSchema()},
                    {"applicant", StringSchema()},
                    {"patents", ArrayOf(StringSchema())},
                    {"events", EventsSchema()},
                    {"threshold", ThresholdSchema()},
                    {"frequency", {{"type", "string"}, {"enum", {"import", "daily", "weekly"}}}},
                    {"shared", BoolSchema()}});
  if (create) schema["required"] = {"name", "kind"};
  return schema;
}

json AlertSchema() {
  return ObjectSchema({{"id", IntSchema()},
                       {"watch_id", IntSchema()},
                       {"watch_name", StringSchema()},
                       {"kind", KindSchema()},
                       {"publication_number", StringSchema()},
                       {"title", StringSchema()},
                       {"detail", {{"type", "object"}}},
                       {"created_at", IntSchema()},
                       {"read_at", NullableOf(IntSchema())}});
}

absl::StatusOr<bool> FlagParam(const http::Request& request, std::string_view name) {
  const std::string_view text = base::StripWhitespace(request.QueryParam(name));
  if (text.empty() || text == "0" || text == "false") return false;
  if (text == "1" || text == "true") return true;
  return base::InvalidField(name, "must be true or false (1 or 0)");
}

absl::StatusOr<WatchInput> WatchInputFrom(const json& body) {
  if (!body.is_object()) return base::InvalidField("body", "must be a JSON object");
  WatchInput input;
  IPHUB_ASSIGN_OR_RETURN(input.name, http::OptionalString(body, "name"));
  IPHUB_ASSIGN_OR_RETURN(input.kind, http::OptionalString(body, "kind"));
  IPHUB_ASSIGN_OR_RETURN(input.query, http::OptionalString(body, "query"));
  IPHUB_ASSIGN_OR_RETURN(input.applicant, http::OptionalString(body, "applicant"));
  IPHUB_ASSIGN_OR_RETURN(input.patents, http::OptionalStrings(body, "patents"));
  IPHUB_ASSIGN_OR_RETURN(input.events, http::OptionalStrings(body, "events"));
  IPHUB_ASSIGN_OR_RETURN(input.threshold, http::OptionalInt(body, "threshold"));
  IPHUB_ASSIGN_OR_RETURN(input.frequency, http::OptionalString(body, "frequency"));
  IPHUB_ASSIGN_OR_RETURN(input.shared, http::OptionalBool(body, "shared"));
  return input;
}

void AddWatchRoutes(http::Router& router, const std::shared_ptr<WatchService>& service,
                    auth::AccountService& accounts) {
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/watches",
       .summary = "Watches the caller may see (own, and shared with the caller's organization); "
                  "most recently changed first",
       .tag = "watches",
       .response_schema = http::ListSchema(WatchSchema()),
       .query_params = http::WithPaging(
           {{"scope", "all: every watch (platform administrators); absent: mine and shared"}},
           kMaxPageSize),
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(http::Page page, http::PageFromQuery(request, kMaxPageSize));
             const std::string_view scope = base::StripWhitespace(request.QueryParam("scope"));
             if (!scope.empty() && scope != "all") {
               return base::InvalidField("scope", "must be all (or absent)");
             }
             IPHUB_ASSIGN_OR_RETURN(
                 WatchList list,
                 service->ListWatches(&caller.principal, scope == "all", page.size, page.Offset()));
             json items = json::array();
             for (const WatchView& view : list.items) items.push_back(WatchJson(view));
             return http::Response::Json({{"items", std::move(items)},
                                          {"total", list.total},
                                          {"page", page.page},
                                          {"size", page.size}});
           })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/watches",
       .summary = "Create a watch: query (new patents a query matches), applicant (new patents "
                  "of a competitor), status (legal events of chosen patents) or similarity (new "
                  "patents at least `threshold` % similar to chosen patents)",
       .tag = "watches",
       .state_changing = true,
       .request_schema = WatchInputSchema(true),
       .response_schema = WatchSchema(),
       .success_status = 201,
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(WatchInput input, WatchInputFrom(body));
             IPHUB_ASSIGN_OR_RETURN(WatchView view, service->CreateWatch(&caller.principal, input));
             return http::Response::Json(WatchJson(view), 201);
           })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/watches/{id}",
       .summary = "One watch",
       .tag = "watches",
       .response_schema = WatchSchema(),
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(WatchView view, service->GetWatch(&caller.principal, id));
             return http::Response::Json(WatchJson(view));
           })});
  router.Add(
      {.method = "PATCH",
       .pattern = "/api/v1/watches/{id}",
       .summary = "Change a watch (its owner or a platform administrator; the kind is fixed)",
       .tag = "watches",
       .state_changing = true,
       .request_schema = WatchInputSchema(false),
       .response_schema = WatchSchema(),
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(WatchInput input, WatchInputFrom(body));
             IPHUB_ASSIGN_OR_RETURN(WatchView view,
                                    service->UpdateWatch(&caller.principal, id, input));
             return http::Response::Json(WatchJson(view));
           })});
  router.Add(
      {.method = "DELETE",
       .pattern = "/api/v1/watches/{id}",
       .summary = "Delete a watch and its alerts (its owner or a platform administrator)",
       .tag = "watches",
       .state_changing = true,
       .success_status = 204,
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_RETURN_IF_ERROR(service->DeleteWatch(&caller.principal, id));
             return http::Response::NoContent();
           })});
}

void AddAlertRoutes(http::Router& router, const std::shared_ptr<WatchService>& service,
                    auth::AccountService& accounts) {
  json list_schema = http::ListSchema(AlertSchema());
  list_schema["properties"]["unread"] = IntSchema();
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/alerts",
       .summary = "The caller's alerts from watches, newest first, with the number unread",
       .tag = "watches",
       .response_schema = list_schema,
       .query_params = http::WithPaging({{"unread", "true: only unread alerts"}}, kMaxPageSize),
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(http::Page page, http::PageFromQuery(request, kMaxPageSize));
             IPHUB_ASSIGN_OR_RETURN(bool unread, FlagParam(request, "unread"));
             IPHUB_ASSIGN_OR_RETURN(AlertList list, service->ListAlerts(&caller.principal, unread,
                                                                        page.size, page.Offset()));
             json items = json::array();
             for (const Alert& alert : list.items) items.push_back(AlertJson(alert));
             return http::Response::Json({{"items", std::move(items)},
                                          {"total", list.total},
                                          {"unread", list.unread},
                                          {"page", page.page},
                                          {"size", page.size}});
           })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/alerts/{id}/read",
       .summary = "Mark one of the caller's alerts read",
       .tag = "watches",
       .state_changing = true,
       .response_schema = AlertSchema(),
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(Alert alert, service->MarkRead(&caller.principal, id));
             return http::Response::Json(AlertJson(alert));
           })});
  router.Add({.method = "POST",
              .pattern = "/api/v1/alerts/read-all",
              .summary = "Mark all the caller's alerts read",
              .tag = "watches",
              .state_changing = true,
              .response_schema = ObjectSchema({{"marked", IntSchema()}}),
              .handler = auth::Authenticated(
                  accounts, [service](http::Request&, const auth::Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(int64_t marked, service->MarkAllRead(&caller.principal));
                    return http::Response::Json({{"marked", marked}});
                  })});
}

}  // namespace

void RegisterWatchRoutes(http::Router& router, const std::shared_ptr<WatchService>& service,
                         auth::AccountService& accounts) {
  AddWatchRoutes(router, service, accounts);
  AddAlertRoutes(router, service, accounts);
}

}  // namespace iphub::watch
