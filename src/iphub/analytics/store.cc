#include "iphub/analytics/store.h"

#include <algorithm>

#include "iphub/base/status.h"
#include "iphub/base/strings.h"

namespace iphub::analytics::store {
namespace {

// Rows per INSERT statement (13 parameters each). Small on purpose: the SQLite adapter looks
// every "$n" up by name when it binds, a cost quadratic in the parameters of one statement
// (250 rows took 1.5 s for 20,000 scores, 20 rows 0.27 s); on PostgreSQL 20 rows still save
// most round trips.
constexpr size_t kRowsPerInsert = 20;
constexpr std::string_view kScoreColumns =
    "patent_id, scenario, total, legal, technical, economic, cohort_key, percentile, grade, "
    "forward_citations, family_countries, as_of, computed_at";
constexpr size_t kScoreColumnCount = 13;

std::string JoinCountries(const std::vector<std::string>& countries) {
  std::string out;
  for (const std::string& country : countries) {
    if (!out.empty()) out += ',';
    out += country;
  }
  return out;
}

std::vector<std::string> SplitCountries(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    std::string_view part = text.substr(0, comma);
    if (!part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

// The citing documents counted: published on or before as_of, or undated.
constexpr std::string_view kCitingOnOrBefore =
    "(p.publication_date <= $1 OR p.publication_date = '')";

}  // namespace

absl::StatusOr<std::vector<PatentRecord>> PatentsAfter(db::Connection& conn, int64_t after_id,
                                                       int64_t up_to_id, int64_t limit) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query("SELECT id, number_key, record FROM patents WHERE id > $1 AND id <= $2 "
                 "ORDER BY id LIMIT $3",
                 {after_id, up_to_id, limit}));
  std::vector<PatentRecord> out;
  out.reserve(result.rows.size());
  for (const db::Row& row : result.rows) {
    out.push_back({.id = row.Int(0), .number_key = row.Text(1), .record = row.Text(2)});
  }
  return out;
}

absl::Status ForEachPatent(db::Connection& conn, int64_t up_to_id, int64_t page_size,
                           const std::function<absl::Status(const PatentRecord&)>& visit) {
  for (int64_t after = 0;;) {
    IPHUB_ASSIGN_OR_RETURN(std::vector<PatentRecord> page,
                           PatentsAfter(conn, after, up_to_id, page_size));
    if (page.empty()) return absl::OkStatus();
    after = page.back().id;
    for (const PatentRecord& row : page) IPHUB_RETURN_IF_ERROR(visit(row));
  }
}

absl::StatusOr<int64_t> MaxPatentId(db::Connection& conn) {
  IPHUB_ASSIGN_OR_RETURN(db::Result result, conn.Query("SELECT COALESCE(MAX(id), 0) FROM patents"));
  return result.rows[0].Int(0);
}

absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> ForwardCitationsAfter(
    db::Connection& conn, std::string_view as_of, std::string_view after_key, int64_t limit) {
  // Keyset pages over the cited_key index; only keys of stored patents (a semi-join, so a
  // number key stored twice is not counted twice).
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query(base::StrCat("SELECT c.cited_key, COUNT(*) FROM patent_citations c "
                              "JOIN patents p ON p.id = c.patent_id "
                              "WHERE c.cited_key > $2 AND ",
                              kCitingOnOrBefore,
                              " AND c.cited_key IN (SELECT q.number_key FROM patents q) "
                              "GROUP BY c.cited_key ORDER BY c.cited_key LIMIT $3"),
                 {as_of, after_key, limit}));
  std::vector<std::pair<std::string, int64_t>> out;
  out.reserve(result.rows.size());
  for (const db::Row& row : result.rows) out.emplace_back(row.Text(0), row.Int(1));
  return out;
}

absl::StatusOr<int64_t> ForwardCitationsOf(db::Connection& conn, std::string_view key,
                                           std::string_view as_of) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query(base::StrCat("SELECT COUNT(*) FROM patent_citations c "
                              "JOIN patents p ON p.id = c.patent_id WHERE c.cited_key = $2 AND ",
                              kCitingOnOrBefore),
                 {as_of, key}));
  return result.rows[0].Int(0);
}

absl::StatusOr<int64_t> PatentIdOf(db::Connection& conn, std::string_view publication_number) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query("SELECT id FROM patents WHERE publication_number = $1", {publication_number}));
  if (result.rows.empty()) {
    return absl::NotFoundError(base::StrCat("no patent ", publication_number, " is stored"));
  }
  return result.rows[0].Int(0);
}

absl::Status DeleteScores(db::Connection& conn, std::string_view scenario) {
  return conn.Exec("DELETE FROM valuation_scores WHERE scenario = $1", {scenario});
}

absl::Status InsertScores(db::Connection& conn, std::span<const StoredScore> scores) {
  for (size_t from = 0; from < scores.size(); from += kRowsPerInsert) {
    const size_t to = std::min(scores.size(), from + kRowsPerInsert);
    std::string sql = base::StrCat("INSERT INTO valuation_scores (", kScoreColumns, ") VALUES ");
    db::Params params;
    params.reserve((to - from) * kScoreColumnCount);
    for (size_t at = from; at < to; ++at) {
      const StoredScore& score = scores[at];
      sql += at == from ? "(" : ", (";
      for (size_t col = 0; col < kScoreColumnCount; ++col) {
        sql += base::StrCat(col == 0 ? "$" : ", $", params.size() + col + 1);
      }
      sql += ")";
      params.insert(
          params.end(),
          {score.patent_id, score.scenario, score.total, score.legal, score.technical,
           score.economic, score.cohort_key, score.percentile, score.grade, score.forward_citations,
           JoinCountries(score.family_countries), score.as_of, score.computed_at});
    }
    IPHUB_RETURN_IF_ERROR(conn.Exec(sql, params));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<StoredScore>> ScoresOfPatent(db::Connection& conn, int64_t patent_id) {
  IPHUB_ASSIGN_OR_RETURN(db::Result result,
                         conn.Query(base::StrCat("SELECT ", kScoreColumns,
                                                 " FROM valuation_scores WHERE patent_id = $1 "
                                                 "ORDER BY computed_at DESC, scenario"),
                                    {patent_id}));
  std::vector<StoredScore> out;
  out.reserve(result.rows.size());
  for (const db::Row& row : result.rows) {
    StoredScore score{.patent_id = row.Int(0),
                      .scenario = row.Text(1),
                      .total = row.Real(2),
                      .legal = row.Real(3),
                      .technical = row.Real(4),
                      .economic = row.Real(5),
                      .cohort_key = row.Text(6),
                      .forward_citations = row.Int(9),
                      .family_countries = SplitCountries(row.Text(10)),
                      .as_of = row.Text(11),
                      .computed_at = row.Int(12)};
    if (!row.IsNull(7)) score.percentile = row.Real(7);
    score.grade = row.OptText(8);
    out.push_back(std::move(score));
  }
  return out;
}

absl::StatusOr<std::vector<int64_t>> CohortForwardCitations(db::Connection& conn,
                                                            std::string_view scenario,
                                                            std::string_view cohort_key,
                                                            int64_t except_patent_id) {
  IPHUB_ASSIGN_OR_RETURN(db::Result result,
                         conn.Query("SELECT forward_citations FROM valuation_scores "
                                    "WHERE scenario = $1 AND cohort_key = $2 AND patent_id <> $3",
                                    {scenario, cohort_key, except_patent_id}));
  std::vector<int64_t> out;
  out.reserve(result.rows.size());
  for (const db::Row& row : result.rows) out.push_back(row.Int(0));
  return out;
}

absl::StatusOr<PatentChange> LatestPatentChange(db::Connection& conn) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query("SELECT seq, at_ms FROM patent_changes ORDER BY seq DESC LIMIT 1"));
  if (result.rows.empty()) return PatentChange{};
  return PatentChange{.seq = result.rows[0].Int(0), .at_ms = result.rows[0].Int(1)};
}

absl::StatusOr<std::vector<std::string>> ScoredScenarios(db::Connection& conn) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query("SELECT DISTINCT scenario FROM valuation_scores ORDER BY scenario"));
  std::vector<std::string> out;
  for (const db::Row& row : result.rows) out.push_back(row.Text(0));
  return out;
}

absl::StatusOr<std::optional<int64_t>> LatestComputedAt(db::Connection& conn,
                                                        std::string_view scenario) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query("SELECT MAX(computed_at) FROM valuation_scores WHERE scenario = $1", {scenario}));
  if (result.rows.empty() || result.rows[0].IsNull(0)) return std::optional<int64_t>();
  return result.rows[0].OptInt(0);
}

absl::StatusOr<int64_t> CountScores(db::Connection& conn, std::string_view scenario) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query("SELECT COUNT(*) FROM valuation_scores WHERE scenario = $1", {scenario}));
  return result.rows[0].Int(0);
}

namespace {

constexpr std::string_view kWeightSetColumns =
    "SELECT id, owner_id, name, base_scenario, weights, created_at, updated_at "
    "FROM valuation_weight_sets";

StoredWeightSet WeightSetFrom(const db::Row& row) {
  return {.id = row.Int(0),
          .owner_id = row.Int(1),
          .name = row.Text(2),
          .base_scenario = row.Text(3),
          .weights = row.Text(4),
          .created_at = row.Int(5),
          .updated_at = row.Int(6)};
}

}  // namespace

absl::StatusOr<int64_t> InsertWeightSet(db::Connection& conn, const StoredWeightSet& set,
                                        int64_t now) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query("INSERT INTO valuation_weight_sets (owner_id, name, base_scenario, weights, "
                 "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
                 {set.owner_id, set.name, set.base_scenario, set.weights, now}));
  return result.rows[0].Int(0);
}

absl::StatusOr<StoredWeightSet> GetWeightSet(db::Connection& conn, int64_t id) {
  IPHUB_ASSIGN_OR_RETURN(db::Result result,
                         conn.Query(base::StrCat(kWeightSetColumns, " WHERE id = $1"), {id}));
  if (result.rows.empty()) return absl::NotFoundError("weight set not found");
  return WeightSetFrom(result.rows[0]);
}

absl::Status UpdateWeightSet(db::Connection& conn, const StoredWeightSet& set, int64_t now) {
  return conn.Exec(
      "UPDATE valuation_weight_sets SET name = $2, base_scenario = $3, weights = $4, "
      "updated_at = $5 WHERE id = $1",
      {set.id, set.name, set.base_scenario, set.weights, now});
}

absl::Status DeleteWeightSet(db::Connection& conn, int64_t id) {
  return conn.Exec("DELETE FROM valuation_weight_sets WHERE id = $1", {id});
}

absl::StatusOr<bool> WeightSetNameTaken(db::Connection& conn, int64_t owner_id,
                                        std::string_view name, int64_t except_id) {
  IPHUB_ASSIGN_OR_RETURN(db::Result result,
                         conn.Query("SELECT COUNT(*) FROM valuation_weight_sets "
                                    "WHERE owner_id = $1 AND name = $2 AND id <> $3",
                                    {owner_id, name, except_id}));
  return result.rows[0].Int(0) > 0;
}

absl::StatusOr<WeightSetRows> ListWeightSets(db::Connection& conn, int64_t owner_id, int64_t limit,
                                             int64_t offset) {
  WeightSetRows out;
  IPHUB_ASSIGN_OR_RETURN(
      db::Result count,
      conn.Query("SELECT COUNT(*) FROM valuation_weight_sets WHERE owner_id = $1", {owner_id}));
  out.total = count.rows[0].Int(0);
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query(
          base::StrCat(kWeightSetColumns, " WHERE owner_id = $1 ORDER BY id LIMIT $2 OFFSET $3"),
          {owner_id, limit, offset}));
  out.items.reserve(result.rows.size());
  for (const db::Row& row : result.rows) out.items.push_back(WeightSetFrom(row));
  return out;
}

absl::Status ForEachTotal(db::Connection& conn, std::string_view scenario,
                          const std::function<void(std::string_view, double)>& visit) {
  IPHUB_ASSIGN_OR_RETURN(db::Result result,
                         conn.Query("SELECT p.publication_number, v.total FROM valuation_scores v "
                                    "JOIN patents p ON p.id = v.patent_id WHERE v.scenario = $1",
                                    {scenario}));
  for (const db::Row& row : result.rows) visit(row.Text(0), row.Real(1));
  return absl::OkStatus();
}

}  // namespace iphub::analytics::store
