#include "iphub/collections/routes.h"

#include "iphub/auth/routes.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/http/schema.h"

namespace iphub::collections {
namespace {

using http::ArrayOf;
using http::BoolSchema;
using http::IntSchema;
using http::NullableOf;
using http::ObjectSchema;
using http::StringSchema;
using json = nlohmann::json;
using Result = absl::StatusOr<http::Response>;

// Lists of saved searches and collections take the usual page sizes; a collection's
// patents are pages of at most 100, as search results are.
constexpr int64_t kMaxPageSize = 200;
constexpr int64_t kMaxPatentPageSize = 100;

json OwnershipJson(const Ownership& ownership, std::string_view owner_name, bool editable) {
  return {{"owner_id", ownership.owner_id},
          {"owner_name", owner_name},
          {"organization_id", http::JsonOrNull(ownership.organization_id)},
          {"shared", ownership.shared},
          {"editable", editable}};
}

json SavedSearchJson(const SavedSearchView& view) {
  const SavedSearch& search = view.search;
  json out = OwnershipJson(search.ownership, search.owner_name, view.editable);
  out.update({{"id", search.id},
              {"name", search.name},
              {"query", search.query},
              {"sort", search.sort},
              {"hit_count", http::JsonOrNull(view.hit_count)},
              {"created_at", search.created_at},
              {"updated_at", search.updated_at}});
  return out;
}

json CollectionJson(const CollectionView& view) {
  const Collection& collection = view.collection;
  json out = OwnershipJson(collection.ownership, collection.owner_name, view.editable);
  out.update(
      {{"id", collection.id},
       {"name", collection.name},
       {"description", collection.description},
       {"kind", CollectionKindName(collection.kind)},
       {"query", collection.kind == CollectionKind::kAuto ? json(collection.query) : json(nullptr)},
       {"patent_count", http::JsonOrNull(view.patent_count)},
       {"last_viewed_at", http::JsonOrNull(view.last_viewed_at)},
       {"new_count", http::JsonOrNull(view.new_count)},
       {"created_at", collection.created_at},
       {"updated_at", collection.updated_at}});
  return out;
}

json PatentJson(const CollectionPatent& patent) {
  return {{"publication_number", patent.publication_number},
          {"title", patent.title},
          {"country", patent.country},
          {"kind", patent.kind},
          {"type", patent.type},
          {"application_number", patent.application_number},
          {"application_date", patent.application_date},
          {"publication_date", patent.publication_date},
          {"ipc_main", patent.ipc_main},
          {"first_applicant", patent.first_applicant},
          {"added_at", http::JsonOrNull(patent.added_at)},
          {"added_by", http::JsonOrNull(patent.added_by)},
          {"technology", patent.technology},
          {"effect", patent.effect}};
}

json TagsJson(const PatentTags& tags) {
  return {{"publication_number", tags.publication_number},
          {"technology", tags.technology},
          {"effect", tags.effect}};
}

json MatrixJson(const TechEffectMatrix& matrix) {
  const auto labels = [](const std::vector<MatrixLabel>& list) {
    json out = json::array();
    for (const MatrixLabel& item : list)
      out.push_back({{"label", item.label}, {"count", item.count}});
    return out;
  };
  json cells = json::array();
  for (const MatrixCell& cell : matrix.cells) {
    cells.push_back({{"technology", cell.technology},
                     {"effect", cell.effect},
                     {"count", cell.count},
                     {"numbers", cell.numbers}});
  }
  return {{"technologies", labels(matrix.technologies)},
          {"effects", labels(matrix.effects)},
          {"cells", std::move(cells)},
          {"tagged", matrix.tagged},
          {"untagged", matrix.untagged}};
}

template <typename T, typename Encode>
json PageJson(const std::vector<T>& items, int64_t total, const http::Page& page, Encode encode) {
  json array = json::array();
  for (const auto& item : items) array.push_back(encode(item));
  return {{"items", std::move(array)}, {"total", total}, {"page", page.page}, {"size", page.size}};
}

// --- JSON Schemas (openapi.json) -------------------------------------------------

json OwnershipProperties() {
  return {{"owner_id", IntSchema()},
          {"owner_name", StringSchema()},
          {"organization_id", NullableOf(IntSchema())},
          {"shared", BoolSchema()},
          {"editable", BoolSchema()}};
}

json SavedSearchSchema() {
  json properties = OwnershipProperties();
  properties.update({{"id", IntSchema()},
                     {"name", StringSchema()},
                     {"query", StringSchema()},
                     {"sort", StringSchema()},
                     {"hit_count", NullableOf(IntSchema())},
                     {"created_at", IntSchema()},
                     {"updated_at", IntSchema()}});
  return ObjectSchema(std::move(properties));
}

json CollectionSchema() {
  json properties = OwnershipProperties();
  properties.update({{"id", IntSchema()},
                     {"name", StringSchema()},
                     {"description", StringSchema()},
                     {"kind", {{"type", "string"}, {"enum", {"static", "auto"}}}},
                     {"query", NullableOf(StringSchema())},
                     {"patent_count", NullableOf(IntSchema())},
                     {"last_viewed_at", NullableOf(IntSchema())},
                     {"new_count", NullableOf(IntSchema())},
                     {"created_at", IntSchema()},
                     {"updated_at", IntSchema()}});
  return ObjectSchema(std::move(properties));
}

json PatentSchema() {
  json properties = json::object();
  for (const char* field :
       {"publication_number", "title", "country", "kind", "type", "application_number",
        "application_date", "publication_date", "ipc_main", "first_applicant"}) {
    properties[field] = StringSchema();
  }
  properties["added_at"] = NullableOf(IntSchema());
  properties["added_by"] = NullableOf(StringSchema());
  properties["technology"] = ArrayOf(StringSchema());
  properties["effect"] = ArrayOf(StringSchema());
  return ObjectSchema(std::move(properties));
}

json TagsInputSchema() {
  return ObjectSchema(
      {{"technology", ArrayOf(StringSchema())}, {"effect", ArrayOf(StringSchema())}});
}

json TagsSchema() {
  return ObjectSchema({{"publication_number", StringSchema()},
                       {"technology", ArrayOf(StringSchema())},
                       {"effect", ArrayOf(StringSchema())}});
}

json MatrixSchema() {
  const json label = ObjectSchema({{"label", StringSchema()}, {"count", IntSchema()}});
  const json cell = ObjectSchema({{"technology", StringSchema()},
                                  {"effect", StringSchema()},
                                  {"count", IntSchema()},
                                  {"numbers", ArrayOf(StringSchema())}});
  return ObjectSchema({{"technologies", ArrayOf(label)},
                       {"effects", ArrayOf(label)},
                       {"cells", ArrayOf(cell)},
                       {"tagged", IntSchema()},
                       {"untagged", IntSchema()}});
}

json SavedSearchInputSchema(bool create) {
  json schema = ObjectSchema({{"name", StringSchema()},
                              {"query", StringSchema()},
                              {"sort", StringSchema()},
                              {"shared", BoolSchema()}});
  if (create) schema["required"] = {"name", "query"};
  return schema;
}

json CollectionInputSchema(bool create) {
  json schema = ObjectSchema({{"name", StringSchema()},
                              {"description", StringSchema()},
                              {"kind", {{"type", "string"}, {"enum", {"static", "auto"}}}},
                              {"query", StringSchema()},
                              {"shared", BoolSchema()}});
  if (create) schema["required"] = {"name"};
  return schema;
}

// --- request reading ----------------------------------------------------------------

absl::StatusOr<ListScope> ScopeParam(const http::Request& request) {
  return ParseListScope(base::StripWhitespace(request.QueryParam("scope")));
}

absl::StatusOr<bool> FlagParam(const http::Request& request, std::string_view name) {
  const std::string_view text = base::StripWhitespace(request.QueryParam(name));
  if (text.empty() || text == "0" || text == "false") return false;
  if (text == "1" || text == "true") return true;
  return base::InvalidField(name, "must be true or false (1 or 0)");
}

absl::StatusOr<PatentTagsInput> TagsInputFrom(const json& body) {
  PatentTagsInput input;
  IPHUB_ASSIGN_OR_RETURN(auto technology, http::OptionalStrings(body, "technology"));
  IPHUB_ASSIGN_OR_RETURN(auto effect, http::OptionalStrings(body, "effect"));
  input.technology = technology.value_or(std::vector<std::string>());
  input.effect = effect.value_or(std::vector<std::string>());
  return input;
}

absl::StatusOr<SavedSearchInput> SavedSearchInputFrom(const json& body) {
  SavedSearchInput input;
  IPHUB_ASSIGN_OR_RETURN(input.name, http::OptionalString(body, "name"));
  IPHUB_ASSIGN_OR_RETURN(input.query, http::OptionalString(body, "query"));
  IPHUB_ASSIGN_OR_RETURN(input.sort, http::OptionalString(body, "sort"));
  IPHUB_ASSIGN_OR_RETURN(input.shared, http::OptionalBool(body, "shared"));
  return input;
}

absl::StatusOr<CollectionInput> CollectionInputFrom(const json& body) {
  CollectionInput input;
  IPHUB_ASSIGN_OR_RETURN(input.name, http::OptionalString(body, "name"));
  IPHUB_ASSIGN_OR_RETURN(input.description, http::OptionalString(body, "description"));
  IPHUB_ASSIGN_OR_RETURN(input.kind, http::OptionalString(body, "kind"));
  IPHUB_ASSIGN_OR_RETURN(input.query, http::OptionalString(body, "query"));
  IPHUB_ASSIGN_OR_RETURN(input.shared, http::OptionalBool(body, "shared"));
  return input;
}

void AddSavedSearchRoutes(http::Router& router, const std::shared_ptr<CollectionService>& service,
                          auth::AccountService& accounts) {
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/saved-searches",
       .summary = "Saved searches the caller may see (own, and shared with the caller's "
                  "organization), each with its hit count now; most recently changed first",
       .tag = "collections",
       .response_schema = http::ListSchema(SavedSearchSchema()),
       .query_params =
           http::WithPaging({{"scope",
                              "mine, shared (by other members of your organization), all (platform "
                              "administrators); absent: mine and shared"}},
                            kMaxPageSize),
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(http::Page page, http::PageFromQuery(request, kMaxPageSize));
             IPHUB_ASSIGN_OR_RETURN(ListScope scope, ScopeParam(request));
             IPHUB_ASSIGN_OR_RETURN(
                 auto list,
                 service->ListSavedSearches(&caller.principal, scope, page.size, page.Offset()));
             return http::Response::Json(PageJson(list.items, list.total, page, SavedSearchJson));
           })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/saved-searches",
       .summary = "Save a query of the query language under a name (the query is "
                  "checked: a malformed one is a 400 with field query and position)",
       .tag = "collections",
       .state_changing = true,
       .request_schema = SavedSearchInputSchema(true),
       .response_schema = SavedSearchSchema(),
       .success_status = 201,
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(SavedSearchInput input, SavedSearchInputFrom(body));
             IPHUB_ASSIGN_OR_RETURN(SavedSearchView view,
                                    service->CreateSavedSearch(&caller.principal, input));
             return http::Response::Json(SavedSearchJson(view), 201);
           })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/saved-searches/{id}",
       .summary = "One saved search with its hit count now (run it with /api/v1/search)",
       .tag = "collections",
       .response_schema = SavedSearchSchema(),
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(SavedSearchView view,
                                    service->GetSavedSearch(&caller.principal, id));
             return http::Response::Json(SavedSearchJson(view));
           })});
  router.Add(
      {.method = "PATCH",
       .pattern = "/api/v1/saved-searches/{id}",
       .summary = "Change a saved search (its owner or a platform administrator)",
       .tag = "collections",
       .state_changing = true,
       .request_schema = SavedSearchInputSchema(false),
       .response_schema = SavedSearchSchema(),
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(SavedSearchInput input, SavedSearchInputFrom(body));
             IPHUB_ASSIGN_OR_RETURN(SavedSearchView view,
                                    service->UpdateSavedSearch(&caller.principal, id, input));
             return http::Response::Json(SavedSearchJson(view));
           })});
  router.Add(
      {.method = "DELETE",
       .pattern = "/api/v1/saved-searches/{id}",
       .summary = "Delete a saved search (its owner or a platform administrator)",
       .tag = "collections",
       .state_changing = true,
       .success_status = 204,
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_RETURN_IF_ERROR(service->DeleteSavedSearch(&caller.principal, id));
             return http::Response::NoContent();
           })});
}

void AddCollectionRoutes(http::Router& router, const std::shared_ptr<CollectionService>& service,
                         auth::AccountService& accounts) {
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/collections",
       .summary = "Collections (专题库) the caller may see, each with its patent count now; most "
                  "recently changed first",
       .tag = "collections",
       .response_schema = http::ListSchema(CollectionSchema()),
       .query_params =
           http::WithPaging({{"scope",
                              "mine, shared (by other members of your organization), all (platform "
                              "administrators); absent: mine and shared"},
                             {"kind", "static or auto"}},
                            kMaxPageSize),
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(http::Page page, http::PageFromQuery(request, kMaxPageSize));
             IPHUB_ASSIGN_OR_RETURN(ListScope scope, ScopeParam(request));
             std::optional<CollectionKind> kind;
             if (std::string_view text = base::StripWhitespace(request.QueryParam("kind"));
                 !text.empty()) {
               IPHUB_ASSIGN_OR_RETURN(kind, ParseCollectionKind(text));
             }
             IPHUB_ASSIGN_OR_RETURN(
                 auto list, service->ListCollections(&caller.principal, scope, kind, page.size,
                                                     page.Offset()));
             return http::Response::Json(PageJson(list.items, list.total, page, CollectionJson));
           })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/collections",
       .summary = "Create a collection: static (a list of patents you add) or auto (the "
                  "patents a query matches, kept up to date)",
       .tag = "collections",
       .state_changing = true,
       .request_schema = CollectionInputSchema(true),
       .response_schema = CollectionSchema(),
       .success_status = 201,
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(CollectionInput input, CollectionInputFrom(body));
             IPHUB_ASSIGN_OR_RETURN(CollectionView view,
                                    service->CreateCollection(&caller.principal, input));
             return http::Response::Json(CollectionJson(view), 201);
           })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/collections/{id}",
       .summary = "One collection with its patent count and what is new since you last "
                  "marked it viewed",
       .tag = "collections",
       .response_schema = CollectionSchema(),
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(CollectionView view,
                                    service->GetCollection(&caller.principal, id));
             return http::Response::Json(CollectionJson(view));
           })});
  router.Add(
      {.method = "PATCH",
       .pattern = "/api/v1/collections/{id}",
       .summary = "Change a collection's name, description, query (auto) or sharing "
                  "(its owner or a platform administrator; the kind is fixed)",
       .tag = "collections",
       .state_changing = true,
       .request_schema = CollectionInputSchema(false),
       .response_schema = CollectionSchema(),
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(CollectionInput input, CollectionInputFrom(body));
             IPHUB_ASSIGN_OR_RETURN(CollectionView view,
                                    service->UpdateCollection(&caller.principal, id, input));
             return http::Response::Json(CollectionJson(view));
           })});
  router.Add(
      {.method = "DELETE",
       .pattern = "/api/v1/collections/{id}",
       .summary = "Delete a collection and its list (its owner or a platform administrator)",
       .tag = "collections",
       .state_changing = true,
       .success_status = 204,
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_RETURN_IF_ERROR(service->DeleteCollection(&caller.principal, id));
             return http::Response::NoContent();
           })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/collections/{id}/patents",
       .summary = "A collection's patents: static, newest added first; auto, the query's hits "
                  "newest publication first",
       .tag = "collections",
       .response_schema = http::ListSchema(PatentSchema()),
       .query_params = http::WithPaging(
           {{"new", "true: only patents new since you last marked the collection viewed"}},
           kMaxPatentPageSize),
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(http::Page page,
                                    http::PageFromQuery(request, kMaxPatentPageSize));
             IPHUB_ASSIGN_OR_RETURN(bool only_new, FlagParam(request, "new"));
             IPHUB_ASSIGN_OR_RETURN(
                 CollectionPatents list,
                 service->ListPatents(
                     &caller.principal, id,
                     {.limit = page.size, .offset = page.Offset(), .only_new = only_new}));
             return http::Response::Json(PageJson(list.items, list.total, page, PatentJson));
           })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/collections/{id}/patents",
       .summary = "Add a stored patent to a static collection (its number written any "
                  "usual way)",
       .tag = "collections",
       .state_changing = true,
       .request_schema =
           ObjectSchema({{"publication_number", StringSchema()}}, {"publication_number"}),
       .response_schema = PatentSchema(),
       .success_status = 201,
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(std::string number,
                                    http::RequiredString(body, "publication_number"));
             IPHUB_ASSIGN_OR_RETURN(CollectionPatent added,
                                    service->AddPatent(&caller.principal, id, number));
             return http::Response::Json(PatentJson(added), 201);
           })});
  router.Add(
      {.method = "DELETE",
       .pattern = "/api/v1/collections/{id}/patents/{number}",
       .summary = "Remove a patent from a static collection",
       .tag = "collections",
       .state_changing = true,
       .success_status = 204,
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_RETURN_IF_ERROR(
                 service->RemovePatent(&caller.principal, id, request.path_params["number"]));
             return http::Response::NoContent();
           })});
  router.Add(
      {.method = "PUT",
       .pattern = "/api/v1/collections/{id}/patents/{number}/tags",
       .summary = "Replace a member patent's technology branches (技术分支) and effects (功效) "
                  "in the collection (at most 10 labels of 1 to 40 characters per axis; who may "
                  "change the collection)",
       .tag = "collections",
       .state_changing = true,
       .request_schema = TagsInputSchema(),
       .response_schema = TagsSchema(),
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(PatentTagsInput input, TagsInputFrom(body));
             IPHUB_ASSIGN_OR_RETURN(PatentTags tags,
                                    service->SetPatentTags(&caller.principal, id,
                                                           request.path_params["number"], input));
             return http::Response::Json(TagsJson(tags));
           })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/collections/{id}/matrix",
       .summary = "The technology × effect matrix (技术功效矩阵) of the tags of the "
                  "collection's members now: rows, columns and cells with their patents",
       .tag = "collections",
       .response_schema = MatrixSchema(),
       .query_params = {{"technology",
                         "tags (default): rows are the technology tags; ipc: rows are the IPC "
                         "subclass of each patent's main IPC"}},
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(
                 MatrixRows rows,
                 ParseMatrixRows(base::StripWhitespace(request.QueryParam("technology"))));
             IPHUB_ASSIGN_OR_RETURN(TechEffectMatrix matrix,
                                    service->Matrix(&caller.principal, id, rows));
             return http::Response::Json(MatrixJson(matrix));
           })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/collections/{id}/viewed",
       .summary = "Mark a collection viewed now: later patents count as new",
       .tag = "collections",
       .state_changing = true,
       .response_schema = CollectionSchema(),
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(CollectionView view,
                                    service->MarkViewed(&caller.principal, id));
             return http::Response::Json(CollectionJson(view));
           })});
}

}  // namespace

void RegisterCollectionRoutes(http::Router& router,
                              const std::shared_ptr<CollectionService>& service,
                              auth::AccountService& accounts) {
  AddSavedSearchRoutes(router, service, accounts);
  AddCollectionRoutes(router, service, accounts);
}

}  // namespace iphub::collections
