#include "iphub/analytics/navigation_service.h"

#include "iphub/analytics/navigation.h"
#include "iphub/auth/audit.h"
#include "iphub/base/civil_date.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/collections/access.h"
#include "iphub/engine/query/parser.h"
#include "iphub/patents/store.h"

namespace iphub::analytics {
namespace {

using json = nlohmann::json;
constexpr std::string_view kReport = "report";

absl::Status LogInFirst() { return absl::UnauthenticatedError("log in first"); }

collections::Ownership OwnershipOf(const Report& report) {
  return {.owner_id = report.owner_id,
          .organization_id = report.organization_id,
          .shared = report.shared};
}

constexpr std::string_view kColumns =
    "SELECT r.id, r.owner_id, r.organization_id, r.shared, r.title, r.template, r.query, "
    "r.top_count, r.total, r.data_version, r.created_at, r.updated_at, "
    "CASE WHEN u.display_name <> '' THEN u.display_name ELSE u.username END, r.texts";

absl::StatusOr<Report> ReportFrom(const db::Row& row) {
  Report report{.id = row.Int(0),
                .owner_id = row.Int(1),
                .owner_name = row.Text(12),
                .organization_id = row.OptInt(2),
                .shared = row.Int(3) != 0,
                .title = row.Text(4),
                .template_key = row.Text(5),
                .query = row.Text(6),
                .top = static_cast<uint32_t>(row.Int(7)),
                .total = static_cast<uint64_t>(row.Int(8)),
                .data_version = row.Int(9),
                .created_at = row.Int(10),
                .updated_at = row.Int(11)};
  const json texts = json::parse(row.Text(13), nullptr, /*allow_exceptions=*/false);
  if (texts.is_object()) {
    for (const auto& [section, text] : texts.items()) {
      if (text.is_string()) report.texts[section] = text.get<std::string>();
    }
  }
  return report;
}

absl::StatusOr<Report> Load(db::Connection& conn, int64_t id, bool with_landscape) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query(base::StrCat(kColumns,
                              ", r.landscape FROM navigation_reports r JOIN users u ON "
                              "u.id = r.owner_id WHERE r.id = $1"),
                 {id}));
  if (result.rows.empty()) return absl::NotFoundError("report not found");
  IPHUB_ASSIGN_OR_RETURN(Report report, ReportFrom(result.rows[0]));
  if (with_landscape) {
    report.landscape = json::parse(result.rows[0].Text(14), nullptr, false);
    if (report.landscape.is_discarded()) return absl::DataLossError("a stored report is damaged");
  }
  return report;
}

std::string TextsJson(const std::map<std::string, std::string>& texts) {
  json out = json::object();
  for (const auto& [section, text] : texts) out[section] = text;
  return out.dump();
}

absl::StatusOr<std::string> CheckTitle(std::string_view title) {
  std::string trimmed(base::StripWhitespace(title));
  if (trimmed.empty()) return base::InvalidField("title", "a title is required");
  if (trimmed.size() > kMaxReportTitle) {
    return base::InvalidField("title", base::StrCat("must be at most ", kMaxReportTitle, " bytes"));
  }
  return trimmed;
}

absl::Status ApplyTexts(const std::map<std::string, std::string>& texts, Report& report) {
  for (const auto& [section, text] : texts) {
    bool known = false;
    for (std::string_view name : kLandscapeSections) known |= name == section;
    if (!known) return base::InvalidField("texts", base::StrCat("unknown section '", section, "'"));
    if (text.size() > kMaxReportText) {
      return base::InvalidField("texts",
                                base::StrCat("at most ", kMaxReportText, " bytes per section"));
    }
    if (text.empty()) {
      report.texts.erase(section);
    } else {
      report.texts[section] = text;
    }
  }
  return absl::OkStatus();
}

auth::AuditEvent Event(std::string_view action, const Report& report, const auth::Principal& caller,
                       json detail) {
  return {.action = std::string(action),
          .entity = "navigation_report",
          .entity_id = std::to_string(report.id),
          .region_code = caller.region_code,
          .detail = std::move(detail)};
}

}  // namespace

absl::StatusOr<json> NavigationService::Landscape(std::string_view query, uint32_t top,
                                                  std::string_view field) const {
  if (base::StripWhitespace(query).empty()) return base::InvalidField(field, "a query is required");
  absl::StatusOr<patents::Landscape> landscape =
      index_.BuildLandscape({.query = std::string(query), .top = top});
  if (!landscape.ok()) return engine::query::WithQueryField(landscape.status(), field);
  json out = LandscapeJson(*landscape, clock_.NowMillis());
  // Citations come from the database, a batch of hits at a time: for hit sets of a size
  // one reads as a network.
  IPHUB_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> keys,
                         index_.HitKeys(query, kMaxCitationHits));
  if (!keys) {
    out["citations_omitted"] = base::StrCat("more than ", kMaxCitationHits, " hits");
    return out;
  }
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(patents::store::CitationsAmong citations,
                         patents::store::CitationsOf(*conn, *keys));
  out["citations"] = CitationsJson(citations, top);
  return out;
}

absl::StatusOr<Report> NavigationService::Create(const auth::Principal* caller,
                                                 const ReportInput& input) {
  if (caller == nullptr) return LogInFirst();
  Report report;
  IPHUB_ASSIGN_OR_RETURN(report.title, CheckTitle(input.title.value_or("")));
  report.template_key = input.template_key.value_or("");
  if (FindReportTemplate(report.template_key) == nullptr) {
    return base::InvalidField("template", "must be regional, industrial, enterprise, rd or talent");
  }
  report.query = std::string(base::StripWhitespace(input.query.value_or("")));
  report.top = input.top.value_or(10);
  IPHUB_ASSIGN_OR_RETURN(report.landscape, Landscape(report.query, report.top));
  IPHUB_ASSIGN_OR_RETURN(json high_value, HighValueAmongHits(report.query));
  report.landscape["high_value"] = HighValueRecord(high_value);
  report.total = report.landscape.value("total", uint64_t{0});
  report.data_version = report.landscape.value("data_version", int64_t{0});
  report.owner_id = caller->user_id;
  report.organization_id = caller->organization_id;
  report.shared = input.shared.value_or(false);
  if (report.shared && !report.organization_id) {
    return base::InvalidField("shared", "the owner belongs to no organization to share with");
  }
  IPHUB_RETURN_IF_ERROR(ApplyTexts(input.texts, report));

  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  const int64_t now = clock_.NowMillis();
  IPHUB_ASSIGN_OR_RETURN(
      db::Result inserted,
      conn->Query("INSERT INTO navigation_reports (owner_id, organization_id, shared, title, "
                  "template, query, top_count, total, data_version, landscape, texts, created_at, "
                  "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) "
                  "RETURNING id",
                  {report.owner_id, report.organization_id, report.shared, report.title,
                   report.template_key, report.query, static_cast<int64_t>(report.top),
                   static_cast<int64_t>(report.total), report.data_version, report.landscape.dump(),
                   TextsJson(report.texts), now}));
  report.id = inserted.rows[0].Int(0);
  IPHUB_RETURN_IF_ERROR(auth::AppendAudit(*conn, caller, now,
                                          Event("navigation_report.create", report, *caller,
                                                {{"title", report.title},
                                                 {"template", report.template_key},
                                                 {"query", report.query},
                                                 {"total", report.total},
                                                 {"data_version", report.data_version}})));
  IPHUB_ASSIGN_OR_RETURN(Report stored, Load(*conn, report.id, /*with_landscape=*/true));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  stored.editable = true;
  return stored;
}

absl::StatusOr<std::vector<Report>> NavigationService::List(const auth::Principal* caller) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  db::Where where;
  if (caller->role != auth::Role::kPlatformAdmin) {
    collections::AddVisibleFilter(where, "r", caller->user_id, caller->organization_id);
  }
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn->Query(base::StrCat(kColumns,
                               " FROM navigation_reports r JOIN users u ON u.id = "
                               "r.owner_id",
                               where.sql(), " ORDER BY r.created_at DESC, r.id DESC"),
                  where.params()));
  std::vector<Report> out;
  for (const db::Row& row : result.rows) {
    IPHUB_ASSIGN_OR_RETURN(Report report, ReportFrom(row));
    report.editable = collections::MayChange(*caller, OwnershipOf(report));
    out.push_back(std::move(report));
  }
  return out;
}

absl::StatusOr<Report> NavigationService::Get(const auth::Principal* caller, int64_t id) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(Report report, Load(*conn, id, /*with_landscape=*/true));
  IPHUB_RETURN_IF_ERROR(
      collections::CheckAccess(caller, OwnershipOf(report), collections::Access::kRead, kReport));
  report.editable = collections::MayChange(*caller, OwnershipOf(report));
  return report;
}

absl::StatusOr<Report> NavigationService::Update(const auth::Principal* caller, int64_t id,
                                                 const ReportInput& input) {
  if (caller == nullptr) return LogInFirst();
  if (input.template_key || input.query || input.top) {
    return base::InvalidField(input.query ? "query"
                              : input.top ? "top"
                                          : "template",
                              "is fixed once the report is made; make a new report");
  }
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Report report, Load(*conn, id, /*with_landscape=*/false));
  IPHUB_RETURN_IF_ERROR(
      collections::CheckAccess(caller, OwnershipOf(report), collections::Access::kChange, kReport));
  if (input.title) {
    IPHUB_ASSIGN_OR_RETURN(report.title, CheckTitle(*input.title));
  }
  if (input.shared) report.shared = *input.shared;
  if (report.shared && !report.organization_id) {
    return base::InvalidField("shared", "the owner belongs to no organization to share with");
  }
  IPHUB_RETURN_IF_ERROR(ApplyTexts(input.texts, report));
  const int64_t now = clock_.NowMillis();
  IPHUB_RETURN_IF_ERROR(conn->Exec(
      "UPDATE navigation_reports SET title = $2, shared = $3, texts = $4, updated_at = $5 "
      "WHERE id = $1",
      {id, report.title, report.shared, TextsJson(report.texts), now}));
  json sections = json::array();
  for (const auto& [section, text] : input.texts) sections.push_back(section);
  IPHUB_RETURN_IF_ERROR(auth::AppendAudit(
      *conn, caller, now,
      Event("navigation_report.update", report, *caller,
            {{"title", report.title}, {"shared", report.shared}, {"sections", sections}})));
  IPHUB_ASSIGN_OR_RETURN(Report stored, Load(*conn, id, /*with_landscape=*/true));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  stored.editable = true;
  return stored;
}

absl::Status NavigationService::Delete(const auth::Principal* caller, int64_t id) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Report report, Load(*conn, id, /*with_landscape=*/false));
  IPHUB_RETURN_IF_ERROR(
      collections::CheckAccess(caller, OwnershipOf(report), collections::Access::kChange, kReport));
  IPHUB_RETURN_IF_ERROR(conn->Exec("DELETE FROM navigation_reports WHERE id = $1", {id}));
  IPHUB_RETURN_IF_ERROR(
      auth::AppendAudit(*conn, caller, clock_.NowMillis(),
                        Event("navigation_report.delete", report, *caller,
                              {{"title", report.title}, {"query", report.query}})));
  return tx.Commit();
}

absl::StatusOr<json> NavigationService::Changes(const auth::Principal* caller, int64_t id) {
  IPHUB_ASSIGN_OR_RETURN(Report report, Get(caller, id));
  IPHUB_ASSIGN_OR_RETURN(json now, Landscape(report.query, report.top));
  json changes = LandscapeChanges(report.landscape, now);
  const json recorded = report.landscape.value("high_value", json());
  if (recorded.is_object()) {
    IPHUB_ASSIGN_OR_RETURN(json high_value_now, HighValueAmongHits(report.query));
    changes["high_value"] = HighValueChanges(recorded, high_value_now);
  } else {
    changes["high_value"] = nullptr;
  }
  return changes;
}

absl::StatusOr<json> NavigationService::HighValueAmongHits(std::string_view query) const {
  const std::string as_of = base::ShanghaiDate(clock_.NowMillis());
  // Only a CN invention grant valid today can be high-value: the index narrows the hits to
  // those (and their A publications, which Among leaves out).
  const std::string narrowed = base::StrCat("(", query, ") AND CO=CN AND TYPE=发明 AND LS=有效");
  IPHUB_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> keys,
                         index_.HitKeys(narrowed, kMaxHighValueCandidates));
  json out{{"as_of", as_of}};
  if (!keys) {
    IPHUB_ASSIGN_OR_RETURN(const uint64_t candidates, index_.Count(narrowed));
    out["candidates"] = candidates;
    out["omitted"] = base::StrCat("more than ", kMaxHighValueCandidates,
                                  " valid CN invention patents among the hits");
    return out;
  }
  IPHUB_ASSIGN_OR_RETURN(std::vector<HighValueHit> hits, high_value_.Among(*keys, as_of));
  json patents = json::array();
  for (const HighValueHit& hit : hits) {
    json categories = json::array();
    for (HighValueCategory category : hit.categories) {
      categories.push_back(HighValueCategoryId(category));
    }
    patents.push_back({{"publication_number", hit.publication_number},
                       {"title", hit.title},
                       {"categories", std::move(categories)}});
  }
  out["candidates"] = keys->size();
  out["count"] = patents.size();
  out["patents"] = std::move(patents);
  return out;
}

}  // namespace iphub::analytics
