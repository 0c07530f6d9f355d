#include "iphub/patents/routes.h"

#include <charconv>

#include "iphub/auth/routes.h"
#include "iphub/base/civil_date.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/engine/query/parser.h"
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
          {"cancelled", report.summary.cancelled},
          {"rejects", std::move(rejects)},
          {"rejects_truncated", report.rejects_truncated}};
}

json MillisOrNull(int64_t millis) { return millis > 0 ? json(millis) : json(nullptr); }

// What went wrong with a failed job, as the problem a request would have
// answered; internal messages (SQL, paths) stay in the server's log, where the
// job wrote them once.
json JobErrorJson(const absl::Status& error) {
  if (http::HttpStatusFor(error.code()) >= 500) {
    return {{"type", "/problems/internal"},
            {"title", "Internal"},
            {"status", 500},
            {"detail", "internal server error"}};
  }
  return json::parse(http::Response::Problem(error).body, nullptr, /*allow_exceptions=*/false);
}

// `with_report`: the whole report with its rejects (one job), or not (lists).
json JobJson(const ImportJobView& job, bool with_report) {
  const ImportCounts& counts = job.progress;
  return {
      {"id", job.id},
      {"state", ImportJobStateName(job.state)},
      {"filename", job.filename},
      {"owner", job.owner},
      {"created_at", job.created_at},
      {"started_at", MillisOrNull(job.started_at)},
      {"finished_at", MillisOrNull(job.finished_at)},
      {"cancel_requested", job.cancel_requested},
      {"progress",
       {{"bytes_done", counts.bytes},
        {"bytes_total", job.bytes_total},
        {"read", counts.read},
        {"imported", counts.imported},
        {"updated", counts.updated},
        {"unchanged", counts.unchanged},
        {"rejected", counts.rejected},
        {"skipped", counts.skipped},
        {"elapsed_seconds", job.elapsed_seconds},
        {"records_per_second", job.records_per_second},
        {"bytes_per_second", job.bytes_per_second},
        {"eta_seconds", job.eta_seconds ? json(*job.eta_seconds) : json(nullptr)}}},
      {"report", with_report && job.report ? ReportJson(*job.report) : json(nullptr)},
      {"error", job.state == ImportJobState::kFailed ? JobErrorJson(job.error) : json(nullptr)}};
}

std::string JobPath(std::string_view id) { return base::StrCat("/api/v1/patent-imports/", id); }

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
                       {"cancelled", http::BoolSchema()},
                       {"rejects", ArrayOf(ObjectSchema({{"file", StringSchema()},
                                                         {"unit", StringSchema()},
                                                         {"position", IntSchema()},
                                                         {"reason", StringSchema()}}))},
                       {"rejects_truncated", http::BoolSchema()}});
}

json Nullable(json schema) {
  schema["nullable"] = true;
  return schema;
}

json JobSchema() {
  json progress = json::object();
  for (const char* field : {"bytes_done", "bytes_total", "read", "imported", "updated", "unchanged",
                            "rejected", "skipped"}) {
    progress[field] = IntSchema();
  }
  for (const char* field : {"elapsed_seconds", "records_per_second", "bytes_per_second"}) {
    progress[field] = http::NumberSchema();
  }
  progress["eta_seconds"] = Nullable(http::NumberSchema());
  return ObjectSchema(
      {{"id", StringSchema()},
       {"state",
        {{"type", "string"}, {"enum", {"queued", "running", "succeeded", "failed", "cancelled"}}}},
       {"filename", StringSchema()},
       {"owner", StringSchema()},
       {"created_at", IntSchema()},
       {"started_at", Nullable(IntSchema())},
       {"finished_at", Nullable(IntSchema())},
       {"cancel_requested", http::BoolSchema()},
       {"progress", ObjectSchema(std::move(progress))},
       {"report", Nullable(ReportSchema())},
       {"error", Nullable(ObjectSchema({{"type", StringSchema()},
                                        {"title", StringSchema()},
                                        {"status", IntSchema()},
                                        {"detail", StringSchema()}}))}});
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
                          std::shared_ptr<ImportJobs> jobs, auth::AccountService& accounts) {
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
                  "the file itself) and report what was read and rejected; with async=true, "
                  "answer 202 at once with an import job to follow (Location)",
       .tag = "patents",
       .state_changing = true,
       .response_schema = ReportSchema(),
       .query_params = {{"filename", "the file's name; its extension selects the format"},
                        {"async",
                         "true: import in the background and answer 202 with the job "
                         "(GET /api/v1/patent-imports/{id}); false (default): answer the report"}},
       .body_limit_bytes = kMaxUploadBytes,
       .handler = auth::Authenticated(
           accounts, [service, jobs](http::Request& request, const auth::Caller& caller) -> Result {
             const std::string_view async = request.QueryParam("async");
             if (async == "true") {
               IPHUB_ASSIGN_OR_RETURN(
                   ImportJobView job,
                   jobs->Start(caller.principal, request.QueryParam("filename"), request.body));
               http::Response response = http::Response::Json(JobJson(job, true), 202);
               response.AddHeader("Location", JobPath(job.id));
               return response;
             }
             if (!async.empty() && async != "false") {
               return base::InvalidField("async", "must be true or false");
             }
             IPHUB_ASSIGN_OR_RETURN(
                 UploadReport report,
                 service->ImportUpload(caller.principal, request.QueryParam("filename"),
                                       request.body));
             return http::Response::Json(ReportJson(report));
           })});
  router.Add({.method = "GET",
              .pattern = "/api/v1/patent-imports",
              .summary = "The import jobs of this server the caller may see (their own; an "
                         "official's region's; all for platform administrators), newest first, "
                         "without their reports",
              .tag = "patents",
              .response_schema = ObjectSchema({{"items", ArrayOf(JobSchema())}}),
              .handler = auth::Authenticated(
                  accounts, [jobs](http::Request&, const auth::Caller& caller) -> Result {
                    json items = json::array();
                    for (const ImportJobView& job : jobs->List(caller.principal)) {
                      items.push_back(JobJson(job, false));
                    }
                    return http::Response::Json({{"items", std::move(items)}});
                  })});
  router.Add({.method = "GET",
              .pattern = "/api/v1/patent-imports/{id}",
              .summary =
                  "An import job: its state, progress (bytes, records, rate, time left) and, once "
                  "finished, the import report",
              .tag = "patents",
              .response_schema = JobSchema(),
              .handler = auth::Authenticated(
                  accounts, [jobs](http::Request& request, const auth::Caller& caller) -> Result {
                    IPHUB_ASSIGN_OR_RETURN(ImportJobView job,
                                           jobs->Get(caller.principal, request.path_params["id"]));
                    return http::Response::Json(JobJson(job, true));
                  })});
  router.Add(
      {.method = "DELETE",
       .pattern = "/api/v1/patent-imports/{id}",
       .summary = "Cancel an import job: a queued one never runs; a running one stops before its "
                  "next record, keeping what it has stored (409 once finished)",
       .tag = "patents",
       .state_changing = true,
       .response_schema = JobSchema(),
       .success_status = 202,
       .handler = auth::Authenticated(
           accounts, [jobs](http::Request& request, const auth::Caller& caller) -> Result {
             IPHUB_ASSIGN_OR_RETURN(ImportJobView job,
                                    jobs->Cancel(caller.principal, request.path_params["id"]));
             return http::Response::Json(JobJson(job, true), 202);
           })});
}

namespace {

json HitSchema() {
  json properties = json::object();
  for (const char* field :
       {"publication_number", "title", "title_html", "abstract_html", "country", "type", "kind",
        "application_number", "application_date", "publication_date", "ipc_main", "legal_status"}) {
    properties[field] = StringSchema();
  }
  properties["applicants"] = ArrayOf(StringSchema());
  properties["score"] = http::NumberSchema();
  properties["value"] = http::NullableOf(http::NumberSchema());
  return ObjectSchema(std::move(properties));
}

// min_value: a value score 0..100; absent when not given.
absl::StatusOr<std::optional<double>> MinValueParam(const http::Request& request) {
  const std::string_view text = base::StripWhitespace(request.QueryParam("min_value"));
  if (text.empty()) return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !(value >= 0 && value <= 100)) {
    return base::InvalidField(
        "min_value", base::StrCat("expected a value score from 0 to 100, got \"", text, "\""));
  }
  return value;
}

json SearchSchema() {
  return ObjectSchema({{"total", IntSchema()},
                       {"took_ms", http::NumberSchema()},
                       {"page", IntSchema()},
                       {"size", IntSchema()},
                       {"hits", ArrayOf(HitSchema())},
                       {"facets",
                        {{"type", "object"},
                         {"description", "facet name -> [{value, count}], most frequent first"}}}});
}

// A free text for similar patents is analysed whole: keep it to a few pages.
constexpr size_t kMaxSimilarTextBytes = 20000;

json SimilarSchema() {
  json hit = json::object();
  for (const char* field :
       {"publication_number", "title", "country", "application_date", "ipc_main"}) {
    hit[field] = StringSchema();
  }
  hit["applicants"] = ArrayOf(StringSchema());
  hit["score"] = http::NumberSchema();
  hit["shared_terms"] = ArrayOf(StringSchema());
  hit["shared_ipc"] = ArrayOf(StringSchema());
  return ObjectSchema({{"publication_number", StringSchema()},
                       {"took_ms", http::NumberSchema()},
                       {"hits", ArrayOf(ObjectSchema(std::move(hit)))}});
}

json SimilarJson(const SimilarPatents& similar) {
  json hits = json::array();
  for (const SimilarPatent& hit : similar.hits) {
    hits.push_back({{"publication_number", hit.publication_number},
                    {"title", hit.title},
                    {"country", hit.country},
                    {"application_date", hit.application_date},
                    {"ipc_main", hit.ipc_main},
                    {"applicants", hit.applicants},
                    {"score", hit.score},
                    {"shared_terms", hit.shared_terms},
                    {"shared_ipc", hit.shared_ipc}});
  }
  json out = {{"took_ms", similar.took_ms}, {"hits", std::move(hits)}};
  if (!similar.publication_number.empty()) out["publication_number"] = similar.publication_number;
  return out;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    std::string item(base::StripWhitespace(text.substr(start, comma - start)));
    if (!item.empty()) out.push_back(std::move(item));
    start = comma + 1;
  }
  return out;
}

// The answer of both similar-by-text routes: the text checked, then the patents like it.
absl::StatusOr<http::Response> SimilarToTextResponse(const PatentIndex& search,
                                                     std::string_view text, uint32_t size) {
  if (base::StripWhitespace(text).empty()) {
    return base::InvalidField("text", "a text is required");
  }
  if (text.size() > kMaxSimilarTextBytes) {
    return base::InvalidField("text",
                              base::StrCat("must be at most ", kMaxSimilarTextBytes, " bytes"));
  }
  IPHUB_ASSIGN_OR_RETURN(SimilarPatents similar, search.SimilarToText(text, size));
  return http::Response::Json(SimilarJson(similar));
}

}  // namespace

void RegisterSearchRoutes(http::Router& router, PatentIndex& index,
                          auth::AccountService& accounts) {
  PatentIndex* search = &index;
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/search",
       .summary = "Search patents with the query language (docs/query-language.md): exact hit "
                  "count, ranked hits with highlights, facet counts over all hits",
       .tag = "search",
       .access = http::Access::kPublic,
       .response_schema = SearchSchema(),
       .query_params = http::WithPaging(
           {{"q", "the query, e.g. TI=(无人机 AND 电池) AND AD>=2018"},
            {"sort",
             "relevance (default), application_date, publication_date, value (the value "
             "score); '-' before it: newest or highest first"},
            {"min_value", "only hits with a value score of at least this (0 to 100)"},
            {"facets",
             "comma-separated: year, ipc_section, ipc_class, ipc_subclass, ipc_group, applicant, "
             "inventor, province, country, type, legal_status"},
            {"facet_size", "values per facet (default 10, at most 100)"}},
           100),
       .handler = auth::Public([search](http::Request& request) -> Result {
         IPHUB_ASSIGN_OR_RETURN(http::Page page, http::PageFromQuery(request, 100));
         PatentSearchRequest query;
         query.query = std::string(base::StripWhitespace(request.QueryParam("q")));
         if (query.query.empty()) return base::InvalidField("q", "a query is required");
         query.sort = std::string(base::StripWhitespace(request.QueryParam("sort")));
         IPHUB_ASSIGN_OR_RETURN(query.min_value, MinValueParam(request));
         query.facets = SplitList(request.QueryParam("facets"));
         IPHUB_ASSIGN_OR_RETURN(query.facet_limit,
                                http::CountParam(request, "facet_size", 10, 100));
         query.offset = static_cast<uint32_t>(page.Offset());
         query.limit = static_cast<uint32_t>(page.size);
         absl::StatusOr<PatentSearchResult> found = search->Search(query);
         if (!found.ok()) return engine::query::WithQueryField(found.status(), "q");
         json hits = json::array();
         for (const PatentHit& hit : found->hits) {
           hits.push_back({{"publication_number", hit.publication_number},
                           {"title", hit.title},
                           {"title_html", hit.title_html},
                           {"abstract_html", hit.abstract_html},
                           {"country", hit.country},
                           {"type", hit.type},
                           {"kind", hit.kind},
                           {"application_number", hit.application_number},
                           {"application_date", hit.application_date},
                           {"publication_date", hit.publication_date},
                           {"ipc_main", hit.ipc_main},
                           {"legal_status", hit.legal_status},
                           {"applicants", hit.applicants},
                           {"score", hit.score},
                           {"value", hit.value ? json(*hit.value) : json(nullptr)}});
         }
         json facets = json::object();
         for (const auto& [name, values] : found->facets) {
           json list = json::array();
           for (const auto& value : values) {
             list.push_back({{"value", value.value}, {"count", value.count}});
           }
           facets[name] = std::move(list);
         }
         return http::Response::Json({{"total", found->total},
                                      {"took_ms", found->took_ms},
                                      {"page", page.page},
                                      {"size", page.size},
                                      {"hits", std::move(hits)},
                                      {"facets", std::move(facets)}});
       })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/search/export",
       .summary = "The hits of a query as a CSV or XLSX file (at most 100,000 rows, in the "
                  "query's order), streamed; Chinese headers import again unchanged",
       .tag = "search",
       .access = http::Access::kPublic,
       .response_schema = {{"type", "string"}, {"format", "binary"}},
       .query_params = {{"q", "the query"},
                        {"sort", "as for /api/v1/search"},
                        {"min_value", "as for /api/v1/search"},
                        {"format", "csv (default) or xlsx"},
                        {"limit", "rows (default and at most 100000)"},
                        {"lang", "zh (default: the column headers of CN patent databases) or en"}},
       .handler = auth::Public([search](http::Request& request) -> Result {
         PatentSearchRequest query;
         query.query = std::string(base::StripWhitespace(request.QueryParam("q")));
         if (query.query.empty()) return base::InvalidField("q", "a query is required");
         query.sort = std::string(base::StripWhitespace(request.QueryParam("sort")));
         IPHUB_ASSIGN_OR_RETURN(query.min_value, MinValueParam(request));
         IPHUB_ASSIGN_OR_RETURN(query.limit,
                                http::CountParam(request, "limit", kMaxExportRows, kMaxExportRows));
         const std::string_view format_name = request.QueryParam("format");
         base::TableFormat format = base::TableFormat::kCsv;
         if (format_name == "xlsx") {
           format = base::TableFormat::kXlsx;
         } else if (!format_name.empty() && format_name != "csv") {
           return base::InvalidField("format", "must be csv or xlsx");
         }
         const std::string_view lang = request.QueryParam("lang");
         if (!lang.empty() && lang != "zh" && lang != "en") {
           return base::InvalidField("lang", "must be zh or en");
         }
         absl::StatusOr<PatentExport> file = search->Export(query, format, lang == "en");
         if (!file.ok()) return engine::query::WithQueryField(file.status(), "q");
         http::Response response;
         response.content_type = std::string(base::TableContentType(format));
         response.stream = std::move(file->next);
         response.AddHeader(
             "Content-Disposition",
             base::StrCat("attachment; filename=\"patents.", base::TableExtension(format), "\""));
         response.AddHeader("X-Total-Hits", std::to_string(file->total));
         response.AddHeader("X-Rows", std::to_string(file->rows));
         return response;
       })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/search/suggest",
       .summary = "Indexed applicant or inventor names, or IPC symbols, that start with "
                  "what was typed, most frequent first",
       .tag = "search",
       .access = http::Access::kPublic,
       .response_schema = ObjectSchema(
           {{"items", ArrayOf(ObjectSchema({{"value", StringSchema()}, {"count", IntSchema()}}))}}),
       .query_params = {{"field",
                         "applicant (names as written), applicant_name (normalised, as PAN= and "
                         "the applicant facet count them), inventor or ipc"},
                        {"prefix", "the beginning of the value"},
                        {"size", "how many (default 10, at most 50)"}},
       .handler = auth::Public([search](http::Request& request) -> Result {
         IPHUB_ASSIGN_OR_RETURN(uint32_t size, http::CountParam(request, "size", 10, 50));
         IPHUB_ASSIGN_OR_RETURN(auto values, search->Suggest(request.QueryParam("field"),
                                                             request.QueryParam("prefix"), size));
         json items = json::array();
         for (const auto& value : values) {
           items.push_back({{"value", value.value}, {"count", value.count}});
         }
         return http::Response::Json({{"items", std::move(items)}});
       })});
  router.Add({.method = "GET",
              .pattern = "/api/v1/patents/{number}/similar",
              .summary =
                  "Patents most like this one (by the words of their titles, abstracts and "
                  "claims, and their IPC classes), each with the words and classes they share",
              .tag = "search",
              .access = http::Access::kPublic,
              .response_schema = SimilarSchema(),
              .query_params = {{"size", "how many (default 10, at most 50)"}},
              .handler = auth::Public([search](http::Request& request) -> Result {
                IPHUB_ASSIGN_OR_RETURN(uint32_t size, http::CountParam(request, "size", 10, 50));
                IPHUB_ASSIGN_OR_RETURN(SimilarPatents similar,
                                       search->Similar(request.path_params["number"], size));
                return http::Response::Json(SimilarJson(similar));
              })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/search/similar",
       .summary = "Patents most like a free text (Chinese or English), each with the words "
                  "they share with it",
       .tag = "search",
       .access = http::Access::kPublic,
       .response_schema = SimilarSchema(),
       .query_params = {{"text", "what to find patents like: a description, an abstract, claims"},
                        {"size", "how many (default 10, at most 50)"}},
       .handler = auth::Public([search](http::Request& request) -> Result {
         IPHUB_ASSIGN_OR_RETURN(uint32_t size, http::CountParam(request, "size", 10, 50));
         return SimilarToTextResponse(*search, request.QueryParam("text"), size);
       })});
  // The same with the text in a JSON body: a long text (a whole description) does not
  // fit in a URL, and stays out of URLs and logs. Reads only, so no CSRF token.
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/search/similar",
       .summary = "Patents most like a free text given in the body (for texts too long for a URL)",
       .tag = "search",
       .access = http::Access::kPublic,
       .request_schema = http::ObjectSchema(
           {{"text", http::StringSchema()}, {"size", http::IntSchema()}}, {"text"}),
       .response_schema = SimilarSchema(),
       .handler = auth::Public([search](http::Request& request) -> Result {
         IPHUB_ASSIGN_OR_RETURN(nlohmann::json body, request.JsonBody());
         IPHUB_ASSIGN_OR_RETURN(std::string text, http::RequiredString(body, "text"));
         IPHUB_ASSIGN_OR_RETURN(std::optional<int64_t> size, http::OptionalInt(body, "size"));
         if (size && (*size < 1 || *size > 50)) {
           return base::InvalidField("size", "must be from 1 to 50");
         }
         return SimilarToTextResponse(*search, text, static_cast<uint32_t>(size.value_or(10)));
       })});
}

}  // namespace iphub::patents
