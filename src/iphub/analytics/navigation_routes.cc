// HTTP binding of patent navigation (routes.h; docs/api.md, "Patent navigation").
#include "iphub/analytics/navigation.h"
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
using http::ObjectSchema;
using http::StringSchema;
using json = nlohmann::json;
using Result = absl::StatusOr<http::Response>;

json ReportJson(const Report& report, bool with_landscape) {
  json sections = json::array();
  const ReportTemplate* report_template = FindReportTemplate(report.template_key);
  if (report_template != nullptr) {
    for (const std::string& section : report_template->sections) {
      auto it = report.texts.find(section);
      sections.push_back({{"key", section}, {"text", it == report.texts.end() ? "" : it->second}});
    }
  }
  json out = {{"id", report.id},
              {"title", report.title},
              {"template", report.template_key},
              {"query", report.query},
              {"top", report.top},
              {"total", report.total},
              {"data_version", report.data_version},
              {"shared", report.shared},
              {"editable", report.editable},
              {"created_by", report.owner_name},
              {"created_at", report.created_at},
              {"updated_at", report.updated_at},
              {"sections", std::move(sections)}};
  if (with_landscape) out["landscape"] = report.landscape;
  return out;
}

json ReportSchema(bool with_landscape) {
  json properties = {
      {"id", IntSchema()},
      {"title", StringSchema()},
      {"template", StringSchema()},
      {"query", StringSchema()},
      {"top", IntSchema()},
      {"total", IntSchema()},
      {"data_version", IntSchema()},
      {"shared", BoolSchema()},
      {"editable", BoolSchema()},
      {"created_by", StringSchema()},
      {"created_at", IntSchema()},
      {"updated_at", IntSchema()},
      {"sections", ArrayOf(ObjectSchema({{"key", StringSchema()}, {"text", StringSchema()}}))}};
  if (with_landscape) {
    properties["landscape"] = {{"type", "object"},
                               {"description", "as GET /api/v1/landscape gave it then"}};
  }
  return ObjectSchema(std::move(properties));
}

json LandscapeSchema() {
  return {{"type", "object"},
          {"description",
           "query, total, took_ms, data_version, computed_at, years, filings{application, "
           "publication, grant}, applicants{distinct, top[{name, count, by_year, first_year}]}, "
           "inventors{distinct, top}, ipc{section, class, subclass, group}, ipc_matrix{codes, "
           "counts}, provinces, cities, countries, life_cycle, new_entrants, legal_status, "
           "types, collaboration{nodes, links} (docs/api.md)"}};
}

absl::StatusOr<ReportInput> ReportInputFrom(const json& body) {
  ReportInput input;
  IPHUB_ASSIGN_OR_RETURN(input.title, http::OptionalString(body, "title"));
  IPHUB_ASSIGN_OR_RETURN(input.template_key, http::OptionalString(body, "template"));
  IPHUB_ASSIGN_OR_RETURN(input.query, http::OptionalString(body, "query"));
  IPHUB_ASSIGN_OR_RETURN(std::optional<int64_t> top, http::OptionalInt(body, "top"));
  if (top) {
    if (*top < 1 || *top > patents::kMaxLandscapeTop) {
      return base::InvalidField("top", base::StrCat("must be 1 to ", patents::kMaxLandscapeTop));
    }
    input.top = static_cast<uint32_t>(*top);
  }
  IPHUB_ASSIGN_OR_RETURN(input.shared, http::OptionalBool(body, "shared"));
  if (body.contains("texts") && !body["texts"].is_null()) {
    if (!body["texts"].is_object()) return base::InvalidField("texts", "must be an object");
    for (const auto& [section, text] : body["texts"].items()) {
      if (!text.is_string()) {
        return base::InvalidField("texts", base::StrCat("'", section, "' must be a string"));
      }
      input.texts[section] = text.get<std::string>();
    }
  }
  return input;
}

// An XLSX (or CSV) response with the data behind every chart.
absl::StatusOr<http::Response> WorkbookResponse(const json& landscape, const http::Request& request,
                                                std::string_view file_name) {
  const std::string_view format_name = request.QueryParam("format");
  base::TableFormat format = base::TableFormat::kXlsx;
  if (format_name == "csv") {
    format = base::TableFormat::kCsv;
  } else if (!format_name.empty() && format_name != "xlsx") {
    return base::InvalidField("format", "must be xlsx or csv");
  }
  const std::string_view lang = request.QueryParam("lang");
  if (!lang.empty() && lang != "zh" && lang != "en") {
    return base::InvalidField("lang", "must be zh or en");
  }
  http::Response response = http::Response::Text(LandscapeWorkbook(landscape, format, lang == "en"),
                                                 200, std::string(base::TableContentType(format)));
  response.AddHeader("Content-Disposition", base::StrCat("attachment; filename=\"", file_name, ".",
                                                         base::TableExtension(format), "\""));
  return response;
}

}  // namespace

void RegisterNavigationRoutes(http::Router& router,
                              const std::shared_ptr<NavigationService>& service,
                              auth::AccountService& accounts) {
  const std::vector<std::pair<std::string, std::string>> landscape_params = {
      {"q", "the query (docs/query-language.md)"},
      {"top", "applicants, inventors and codes listed (default 10, 1 to 50)"}};
  router.Add({.method = "GET",
              .pattern = "/api/v1/landscape",
              .summary =
                  "The landscape (专利导航) of a query over every hit: filings per year, "
                  "applicants with their trends, life cycle, new entrants, IPC at four levels "
                  "and co-occurrence, provinces, cities, countries, inventors, legal status, "
                  "types, co-applicants",
              .tag = "navigation",
              .access = http::Access::kPublic,
              .response_schema = LandscapeSchema(),
              .query_params = landscape_params,
              .handler = auth::Public([service](http::Request& request) -> Result {
                IPHUB_ASSIGN_OR_RETURN(
                    uint32_t top, http::CountParam(request, "top", 10, patents::kMaxLandscapeTop));
                IPHUB_ASSIGN_OR_RETURN(json landscape,
                                       service->Landscape(request.QueryParam("q"), top, "q"));
                return http::Response::Json(landscape);
              })});
  std::vector<std::pair<std::string, std::string>> export_params = landscape_params;
  export_params.push_back({"format", "xlsx (default) or csv"});
  export_params.push_back({"lang", "zh (default) or en: the headers"});
  router.Add({.method = "GET",
              .pattern = "/api/v1/landscape/export",
              .summary = "The data behind every chart of a landscape, one sheet per section",
              .tag = "navigation",
              .access = http::Access::kPublic,
              .response_schema = {{"type", "string"}, {"format", "binary"}},
              .query_params = export_params,
              .handler = auth::Public([service](http::Request& request) -> Result {
                IPHUB_ASSIGN_OR_RETURN(
                    uint32_t top, http::CountParam(request, "top", 10, patents::kMaxLandscapeTop));
                IPHUB_ASSIGN_OR_RETURN(json landscape,
                                       service->Landscape(request.QueryParam("q"), top, "q"));
                return WorkbookResponse(landscape, request, "landscape");
              })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/reports/templates",
       .summary = "The report templates of the GB/T 39551 navigation types, each a "
                  "sequence of sections",
       .tag = "navigation",
       .access = http::Access::kPublic,
       .response_schema =
           ArrayOf(ObjectSchema({{"key", StringSchema()}, {"sections", ArrayOf(StringSchema())}})),
       .handler = auth::Public([](http::Request&) -> Result {
         json out = json::array();
         for (const ReportTemplate& report_template : ReportTemplates()) {
           out.push_back({{"key", report_template.key}, {"sections", report_template.sections}});
         }
         return http::Response::Json(out);
       })});
  router.Add({.method = "GET",
              .pattern = "/api/v1/reports",
              .summary = "Navigation reports the caller may see (own, and shared with the caller's "
                         "organization), newest first",
              .tag = "navigation",
              .response_schema = ObjectSchema({{"items", ArrayOf(ReportSchema(false))}}),
              .handler = auth::Authenticated(
                  accounts, [service](http::Request&, const auth::Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(std::vector<Report> reports,
                                           service->List(&caller.principal));
                    json items = json::array();
                    for (const Report& report : reports) items.push_back(ReportJson(report, false));
                    return http::Response::Json({{"items", std::move(items)}});
                  })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/reports",
       .summary = "Make a report: the landscape of the query is computed now and stored with "
                  "the data version, so that it reads the same later",
       .tag = "navigation",
       .state_changing = true,
       .request_schema = ObjectSchema({{"title", StringSchema()},
                                       {"template", StringSchema()},
                                       {"query", StringSchema()},
                                       {"top", IntSchema()},
                                       {"shared", BoolSchema()},
                                       {"texts", {{"type", "object"}}}}),
       .response_schema = ReportSchema(true),
       .success_status = 201,
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(ReportInput input, ReportInputFrom(body));
             IPHUB_ASSIGN_OR_RETURN(Report report, service->Create(&caller.principal, input));
             return http::Response::Json(ReportJson(report, true), 201);
           })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/reports/{id}",
       .summary = "A report as it was made: its stored landscape and the analyst's text per "
                  "section of its template",
       .tag = "navigation",
       .response_schema = ReportSchema(true),
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(Report report, service->Get(&caller.principal, id));
             return http::Response::Json(ReportJson(report, true));
           })});
  router.Add(
      {.method = "PATCH",
       .pattern = "/api/v1/reports/{id}",
       .summary = "Change a report's title, sharing or section texts (its owner or a platform "
                  "administrator); the query and numbers stay as made",
       .tag = "navigation",
       .state_changing = true,
       .request_schema = ObjectSchema(
           {{"title", StringSchema()}, {"shared", BoolSchema()}, {"texts", {{"type", "object"}}}}),
       .response_schema = ReportSchema(true),
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(json body, request.JsonBody());
             IPHUB_ASSIGN_OR_RETURN(ReportInput input, ReportInputFrom(body));
             IPHUB_ASSIGN_OR_RETURN(Report report, service->Update(&caller.principal, id, input));
             return http::Response::Json(ReportJson(report, true));
           })});
  router.Add(
      {.method = "DELETE",
       .pattern = "/api/v1/reports/{id}",
       .summary = "Delete a report (its owner or a platform administrator)",
       .tag = "navigation",
       .state_changing = true,
       .success_status = 204,
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_RETURN_IF_ERROR(service->Delete(&caller.principal, id));
             return http::Response::NoContent();
           })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/reports/{id}/changes",
       .summary = "What changed since the report was made: totals and data versions then and "
                  "now, applicants new to the top list, changed counts, filings per year",
       .tag = "navigation",
       .response_schema = {{"type", "object"}},
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(json changes, service->Changes(&caller.principal, id));
             return http::Response::Json(changes);
           })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/reports/{id}/export",
       .summary = "The data behind every chart of a report, as stored, one sheet per section",
       .tag = "navigation",
       .response_schema = {{"type", "string"}, {"format", "binary"}},
       .query_params = {{"format", "xlsx (default) or csv"}, {"lang", "zh (default) or en"}},
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(int64_t id, http::PathId(request));
             IPHUB_ASSIGN_OR_RETURN(Report report, service->Get(&caller.principal, id));
             return WorkbookResponse(report.landscape, request, base::StrCat("report-", id));
           })});
}

}  // namespace iphub::analytics
