#include "iphub/patents/routes.h"

#include "iphub/auth/routes.h"
#include "iphub/base/civil_date.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/http/schema.h"
#include "iphub/patents/importers/jsonl.h"

namespace iphub::patents {
namespace {

using http::ArrayOf;
using http::IntSchema;
using http::ObjectSchema;
using http::StringSchema;
using json = nlohmann::json;
using Result = absl::StatusOr<http::Response>;

json StoredJson(const store::StoredPatent& stored) {
  return {{"publication_number", stored.publication_number},
          {"title", stored.title},
          {"country", stored.country},
          {"kind", stored.kind},
          {"type", stored.doc_type},
          {"application_number", stored.application_number},
          {"application_date", stored.application_date},
          {"publication_date", stored.publication_date},
          {"grant_date", stored.grant_date},
          {"first_applicant", stored.first_applicant},
          {"ipc_main", stored.ipc_main}};
}

json StatusJson(const DerivedStatus& status) {
  return {{"legal_status", LegalStatusName(status.status)},
          {"expiry_date", status.expiry_date},
          {"basis", status.basis},
          {"basis_kind", status.basis_kind},
          {"basis_code", status.basis_code},
          {"basis_date", status.basis_date}};
}

json DetailJson(const PatentDetail& detail) {
  json cited_by = json::array();
  for (const auto& stored : detail.cited_by) cited_by.push_back(StoredJson(stored));
  json related = json::array();
  for (const auto& stored : detail.related) related.push_back(StoredJson(stored));
  return {{"patent", importers::PatentToJson(detail.patent)},
          {"status", StatusJson(detail.status)},
          {"cited_by", std::move(cited_by)},
          {"related", std::move(related)}};
}

json ReportJson(const UploadReport& report) {
  const ImportCounts& counts = report.summary.counts;
  json rejects = json::array();
  for (const auto& reject : report.rejects) {
    rejects.push_back({{"file", reject.file},
                       {"unit", reject.unit},
                       {"position", reject.position},
                       {"reason", reject.reason}});
  }
  return {{"filename", report.filename},
          {"counts",
           {{"read", counts.read},
            {"imported", counts.imported},
            {"updated", counts.updated},
            {"unchanged", counts.unchanged},
            {"rejected", counts.rejected},
            {"skipped", counts.skipped},
            {"bytes", counts.bytes}}},
          {"seconds", report.summary.seconds},
          {"rejects", std::move(rejects)},
          {"rejects_truncated", report.rejects_truncated}};
}

json SummarySchema() {
  json properties = json::object();
  for (const char* field :
       {"publication_number", "title", "country", "kind", "type", "application_number",
        "application_date", "publication_date", "grant_date", "first_applicant", "ipc_main"}) {
    properties[field] = StringSchema();
  }
  return ObjectSchema(std::move(properties));
}

json DetailSchema() {
  return ObjectSchema(
      {{"patent",
        {{"type", "object"}, {"description", "the record, as docs/formats/patent-jsonl.md"}}},
       {"status", ObjectSchema({{"legal_status", StringSchema()},
                                {"expiry_date", StringSchema()},
                                {"basis", StringSchema()},
                                {"basis_kind", StringSchema()},
                                {"basis_code", StringSchema()},
                                {"basis_date", StringSchema()}})},
       {"cited_by", ArrayOf(SummarySchema())},
       {"related", ArrayOf(SummarySchema())}});
}

json ListItemSchema() {
  json schema = SummarySchema();
  schema["properties"]["legal_status"] = StringSchema();
  return schema;
}

json ReportSchema() {
  json counts = json::object();
  for (const char* field :
       {"read", "imported", "updated", "unchanged", "rejected", "skipped", "bytes"}) {
    counts[field] = IntSchema();
  }
  return ObjectSchema({{"filename", StringSchema()},
                       {"counts", ObjectSchema(std::move(counts))},
                       {"seconds", http::NumberSchema()},
                       {"rejects", ArrayOf(ObjectSchema({{"file", StringSchema()},
                                                         {"unit", StringSchema()},
                                                         {"position", IntSchema()},
                                                         {"reason", StringSchema()}}))},
                       {"rejects_truncated", http::BoolSchema()}});
}

// A query parameter that must be a civil date when given.
absl::StatusOr<std::string> DateParam(const http::Request& request, std::string_view name) {
  std::string value(base::StripWhitespace(request.QueryParam(name)));
  if (value.empty()) return value;
  if (!base::ParseCivilDate(value)) return base::InvalidField(name, "must be a date YYYY-MM-DD");
  return value;
}

}  // namespace

void RegisterPatentRoutes(http::Router& router, PatentService& patents,
                          auth::AccountService& accounts) {
  PatentService* service = &patents;
  auth::AccountService* account_service = &accounts;
  router.Add({.method = "GET",
              .pattern = "/api/v1/patents/{number}",
              .summary = "One patent document by publication or application number, written any "
                         "usual way (US 7,473,466 B1, D534673, CN104223590A, 201410513187.5)",
              .tag = "patents",
              .access = http::Access::kPublic,
              .response_schema = DetailSchema(),
              .handler = auth::Public([service, account_service](http::Request& request) -> Result {
                std::optional<auth::Caller> caller =
                    auth::OptionalCaller(*account_service, request);
                IPHUB_ASSIGN_OR_RETURN(PatentDetail detail,
                                       service->Get(caller ? &caller->principal : nullptr,
                                                    request.path_params["number"]));
                return http::Response::Json(DetailJson(detail));
              })});
  router.Add({.method = "GET",
              .pattern = "/api/v1/patents",
              .summary = "Patent documents, newest publication first, with simple filters",
              .tag = "patents",
              .access = http::Access::kPublic,
              .response_schema = http::ListSchema(ListItemSchema()),
              .query_params = http::WithPaging({{"q",
                                                 "a publication or application number, or part of "
                                                 "the title"},
                                                {"country", "office, e.g. CN, US"},
                                                {"type", "document type, e.g. cn_invention_grant"},
                                                {"applicant", "first applicant contains"},
                                                {"from", "filed on or after YYYY-MM-DD"},
                                                {"to", "filed on or before YYYY-MM-DD"}},
                                               100),
              .handler = auth::Public([service, account_service](http::Request& request) -> Result {
                std::optional<auth::Caller> caller =
                    auth::OptionalCaller(*account_service, request);
                IPHUB_ASSIGN_OR_RETURN(http::Page page, http::PageFromQuery(request, 100));
                store::PatentFilter filter;
                filter.text = std::string(base::StripWhitespace(request.QueryParam("q")));
                filter.country =
                    base::AsciiUpperCopy(base::StripWhitespace(request.QueryParam("country")));
                filter.doc_type = std::string(base::StripWhitespace(request.QueryParam("type")));
                filter.applicant =
                    std::string(base::StripWhitespace(request.QueryParam("applicant")));
                IPHUB_ASSIGN_OR_RETURN(filter.filed_from, DateParam(request, "from"));
                IPHUB_ASSIGN_OR_RETURN(filter.filed_to, DateParam(request, "to"));
                IPHUB_ASSIGN_OR_RETURN(PatentList list,
                                       service->List(caller ? &caller->principal : nullptr, filter,
                                                     page.size, page.Offset()));
                json items = json::array();
                for (const auto& item : list.items) {
                  json entry = StoredJson(item.stored);
                  entry["legal_status"] = LegalStatusName(item.legal_status);
                  items.push_back(std::move(entry));
                }
                return http::Response::Json({{"items", std::move(items)},
                                             {"total", list.total},
                                             {"page", page.page},
                                             {"size", page.size}});
              })});
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/patent-imports",
       .summary = "Import an uploaded file (USPTO or CNIPA XML, JSONL, CSV, XLSX, ZIP; the body is "
                  "the file itself) and report what was read and rejected",
       .tag = "patents",
       .state_changing = true,
       .response_schema = ReportSchema(),
       .query_params = {{"filename", "the file's name; its extension selects the format"}},
       .body_limit_bytes = kMaxUploadBytes,
       .handler = auth::Authenticated(
           accounts, [service](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(
                 UploadReport report,
                 service->ImportUpload(caller.principal, request.QueryParam("filename"),
                                       request.body));
             return http::Response::Json(ReportJson(report));
           })});
}

}  // namespace iphub::patents
