// What the API does with patent navigation (专利导航): the landscape of any query,
// computed now, and reports — a landscape stored with a title, a template
// (navigation.h) and the analyst's text per section — read as they were, compared
// with the data of today, exported.
//
//   NavigationService service(database, index, clock);
//   IPHUB_ASSIGN_OR_RETURN(json landscape, service.Landscape("TI=(电池)", 10));
//   IPHUB_ASSIGN_OR_RETURN(Report report, service.Create(&caller, {.title = "电池",
//       .template_key = "industrial", .query = "TI=(电池)"}));
//   IPHUB_ASSIGN_OR_RETURN(json changes, service.Changes(&caller, report.id));
//
// Landscapes are public, as search is. Reports belong to their owner; shared ones
// are visible to the members of the owner's organisation; administrators see all
// (the rules of collections/access.h). Creating, changing and deleting a report
// commits with its audit entry (navigation_report.create|update|delete). A
// malformed query is InvalidArgument with field "query" and its position.
//
// Thread-safe: each call borrows its own connection; the index is only read.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/analytics/high_value_service.h"
#include "iphub/auth/model.h"
#include "iphub/base/clock.h"
#include "iphub/db/database.h"
#include "iphub/patents/search.h"
#include "nlohmann/json.hpp"

namespace iphub::analytics {

struct ReportInput {
  std::optional<std::string> title{};
  std::optional<std::string> template_key{};  // creation only
  std::optional<std::string> query{};         // creation only
  std::optional<uint32_t> top{};              // creation only; default 10
  std::optional<bool> shared{};
  std::map<std::string, std::string> texts{};  // section -> text; "" removes it
};

struct Report {
  int64_t id = 0;
  int64_t owner_id = 0;
  std::string owner_name{};
  std::optional<int64_t> organization_id{};
  bool shared = false;
  bool editable = false;  // for the caller
  std::string title{};
  std::string template_key{};
  std::string query{};
  uint32_t top = 10;
  uint64_t total = 0;
  int64_t data_version = 0;
  nlohmann::json landscape{};                  // as stored (LandscapeJson)
  std::map<std::string, std::string> texts{};  // by section
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

inline constexpr size_t kMaxReportTitle = 200;
// Landscapes with more hits leave citations out ("citations_omitted").
inline constexpr uint64_t kMaxCitationHits = 20000;
inline constexpr size_t kMaxReportText = 20000;  // bytes per section
// A report records its high-value invention patents (to say later which are new) when its
// hits hold at most this many valid CN invention patents.
inline constexpr uint64_t kMaxHighValueCandidates = 20000;

class NavigationService {
 public:
  NavigationService(db::Database& database, const patents::PatentIndex& index, base::Clock& clock)
      : database_(database), index_(index), clock_(clock), high_value_(database, clock) {}

  // The landscape of `query` now (LandscapeJson). Query errors name `field`.
  absl::StatusOr<nlohmann::json> Landscape(std::string_view query, uint32_t top,
                                           std::string_view field = "query") const;

  absl::StatusOr<Report> Create(const auth::Principal* caller, const ReportInput& input);
  // The caller's reports and those shared with them, newest first (without landscapes).
  absl::StatusOr<std::vector<Report>> List(const auth::Principal* caller);
  absl::StatusOr<Report> Get(const auth::Principal* caller, int64_t id);
  absl::StatusOr<Report> Update(const auth::Principal* caller, int64_t id,
                                const ReportInput& input);
  absl::Status Delete(const auth::Principal* caller, int64_t id);
  // The stored landscape against the same query now (LandscapeChanges), and the high-value
  // invention patents among the hits now that were not among them when the report was made
  // (HighValueChanges; null for a report made before reports recorded them).
  absl::StatusOr<nlohmann::json> Changes(const auth::Principal* caller, int64_t id);

 private:
  // The high-value invention patents among the hits of `query` today, as HighValueChanges
  // reads them: {"as_of", "candidates", "count", "patents": [{publication_number, title,
  // categories}]}, or "omitted" (and no patents) when the hits hold more than
  // kMaxHighValueCandidates valid CN invention patents.
  absl::StatusOr<nlohmann::json> HighValueAmongHits(std::string_view query) const;

  db::Database& database_;
  const patents::PatentIndex& index_;
  base::Clock& clock_;
  const HighValueService high_value_;
};

}  // namespace iphub::analytics
