// Patent navigation (专利导航) reports: the landscape of a query as JSON (the
// shape of GET /api/v1/landscape, docs/api.md), the report templates of the GB/T
// 39551 navigation types, what changed between a stored landscape and a new one,
// and the workbook holding the data behind every chart.
//
//   IPHUB_ASSIGN_OR_RETURN(patents::Landscape landscape, index.BuildLandscape({.query = q}));
//   json body = LandscapeJson(landscape, clock.NowMillis());
//   std::string xlsx = LandscapeWorkbook(body, base::TableFormat::kXlsx);
//   json changes = LandscapeChanges(stored_body, LandscapeJson(again, now));
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "iphub/base/table_writer.h"
#include "iphub/patents/landscape.h"
#include "iphub/patents/store.h"
#include "nlohmann/json.hpp"

namespace iphub::analytics {

// The sections a report can show, each one chart and its table.
inline constexpr std::string_view kLandscapeSections[] = {
    "trend",      "applicants",   "ipc",       "ipc_matrix",   "regions", "countries",
    "life_cycle", "new_entrants", "inventors", "legal_status", "types",   "collaboration"};

struct ReportTemplate {
  std::string key;                    // "regional", "industrial", "enterprise", "rd", "talent"
  std::vector<std::string> sections;  // from kLandscapeSections, in report order
};

// The five navigation types of GB/T 39551 (专利导航指南): regional planning,
// industrial planning, enterprise operation, R&D activity, talent management,
// each with the sections its analysis leans on, in order.
const std::vector<ReportTemplate>& ReportTemplates();
const ReportTemplate* FindReportTemplate(std::string_view key);

// Milliseconds since 1970 as "2026-11-28T16:40:00+08:00" (Asia/Shanghai).
std::string ShanghaiTimestamp(int64_t unix_ms);

// The landscape as the API gives it.
nlohmann::json LandscapeJson(const patents::Landscape& landscape, int64_t computed_at_ms);

// The most cited of a landscape's hits (at most `top`, each with how many stored documents
// cite it) and the citations among them: {"most_cited": [...], "links": [{citing, cited}]}.
nlohmann::json CitationsJson(const patents::store::CitationsAmong& citations, size_t top);

// What differs between a landscape stored earlier and one computed now (both
// LandscapeJson): totals and data versions, applicants among the top now that
// were not in the top then, the change of each applicant in either top, and
// filings per application year that changed.
nlohmann::json LandscapeChanges(const nlohmann::json& then, const nlohmann::json& now);

// Which high-value invention patents a report records: `among_hits` as
// NavigationService gives it ({"as_of", "candidates", "count", "patents": [{publication_number,
// title, categories}]} or with "omitted"), with the patents reduced to their numbers.
nlohmann::json HighValueRecord(const nlohmann::json& among_hits);

// The high-value invention patents among the hits now that a report did not record
// (HighValueRecord) when it was made — new documents, and patents that became high-value since
// (a pledge or award list loaded, a tenth year passed, a family member granted abroad):
// {"then": {as_of, count}, "now": {as_of, count}, "new": [at most kMaxNewHighValue patents, as
// `now` gives them], "new_total"}; with "omitted" (why) and no "new" when either side holds
// too many candidates to have been compared.
inline constexpr size_t kMaxNewHighValue = 200;
nlohmann::json HighValueChanges(const nlohmann::json& recorded, const nlohmann::json& now);

// The data behind every chart, one sheet (or CSV table) per section, with
// headers in Chinese, or English when `english`.
std::string LandscapeWorkbook(const nlohmann::json& landscape, base::TableFormat format,
                              bool english);

}  // namespace iphub::analytics
