#include "iphub/patents/store.h"

#include <algorithm>
#include <unordered_map>

#include "iphub/base/crypto.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/db/where.h"
#include "iphub/patents/importers/jsonl.h"

namespace iphub::patents::store {
namespace {

std::string FirstApplicant(const Patent& patent) {
  return patent.applicants.empty() ? std::string() : patent.applicants.front().name;
}

std::string NumberKey(const Patent& patent) {
  return PatentDocumentKey(patent.country, patent.doc_number, patent.publication_number);
}

// Replaces the patent's rows in patent_citations.
absl::Status WriteCitations(db::Connection& conn, int64_t id, const Patent& patent, bool replace) {
  if (replace) {
    IPHUB_RETURN_IF_ERROR(conn.Exec("DELETE FROM patent_citations WHERE patent_id = $1", {id}));
  }
  std::vector<std::string> keys;
  for (const Citation& citation : patent.citations) {
    if (citation.kind != Citation::Kind::kPatent) continue;
    std::string key = DocumentKey(citation.country, citation.number);
    if (key.empty() || std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    keys.push_back(key);
    IPHUB_RETURN_IF_ERROR(conn.Exec(
        "INSERT INTO patent_citations (patent_id, cited_key) VALUES ($1, $2)", {id, key}));
  }
  return absl::OkStatus();
}

constexpr std::string_view kStoredColumns =
    "SELECT p.publication_number, p.country, p.kind, p.doc_type, p.application_number, "
    "p.application_date, p.publication_date, p.grant_date, p.title, p.ipc_main, "
    "p.first_applicant, p.record FROM patents p";

constexpr std::string_view kNewestFirst = " ORDER BY p.publication_date DESC, p.publication_number";

std::vector<StoredPatent> StoredFromResult(const db::Result& result) {
  std::vector<StoredPatent> out;
  out.reserve(result.rows.size());
  for (const auto& row : result.rows) {
    out.push_back({.publication_number = row.Text(0),
                   .country = row.Text(1),
                   .kind = row.Text(2),
                   .doc_type = row.Text(3),
                   .application_number = row.Text(4),
                   .application_date = row.Text(5),
                   .publication_date = row.Text(6),
                   .grant_date = row.Text(7),
                   .title = row.Text(8),
                   .ipc_main = row.Text(9),
                   .first_applicant = row.Text(10),
                   .record = row.Text(11)});
  }
  return out;
}

}  // namespace

absl::StatusOr<UpsertOutcome> UpsertPatent(db::Connection& conn, const Patent& patent,
                                           int64_t now_ms) {
  if (patent.publication_number.empty()) {
    return base::InvalidField("publication_number", "is required");
  }
  const std::string record = importers::PatentToJson(patent).dump();
  const std::string hash = base::Sha256Hex(record);
  IPHUB_ASSIGN_OR_RETURN(
      auto existing,
      conn.Query("SELECT id, content_hash FROM patents WHERE publication_number = $1",
                 {patent.publication_number}));
  const db::Params columns = {patent.publication_number,
                              NumberKey(patent),
                              patent.country,
                              patent.kind,
                              DocumentTypeName(patent.type),
                              patent.application_number,
                              patent.application_date,
                              patent.publication_date,
                              patent.grant_date,
                              patent.title,
                              patent.ipc_main,
                              FirstApplicant(patent),
                              record,
                              hash,
                              now_ms};
  int64_t id = 0;
  UpsertOutcome outcome = UpsertOutcome::kInserted;
  if (existing.rows.empty()) {
    IPHUB_ASSIGN_OR_RETURN(
        auto inserted,
        conn.Query("INSERT INTO patents (publication_number, number_key, country, kind, doc_type, "
                   "application_number, application_date, publication_date, grant_date, title, "
                   "ipc_main, first_applicant, record, content_hash, created_at, updated_at) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) "
                   "RETURNING id",
                   columns));
    id = inserted.rows[0].Int(0);
  } else {
    if (existing.rows[0].Text(1) == hash) return UpsertOutcome::kUnchanged;
    id = existing.rows[0].Int(0);
    outcome = UpsertOutcome::kUpdated;
    IPHUB_RETURN_IF_ERROR(conn.Exec(
        "UPDATE patents SET number_key = $2, country = $3, kind = $4, doc_type = $5, "
        "application_number = $6, application_date = $7, publication_date = $8, "
        "grant_date = $9, title = $10, ipc_main = $11, first_applicant = $12, record = $13, "
        "content_hash = $14, updated_at = $15 WHERE publication_number = $1",
        columns));
  }
  IPHUB_RETURN_IF_ERROR(
      WriteCitations(conn, id, patent, /*replace=*/outcome == UpsertOutcome::kUpdated));
  IPHUB_RETURN_IF_ERROR(
      conn.Exec("INSERT INTO patent_changes (patent_id, change, at_ms) VALUES ($1, $2, $3)",
                {id, outcome == UpsertOutcome::kInserted ? "insert" : "update", now_ms}));
  return outcome;
}

absl::StatusOr<Patent> GetPatent(db::Connection& conn, std::string_view publication_number) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query("SELECT record FROM patents WHERE publication_number = $1", {publication_number}));
  if (result.rows.empty()) {
    return absl::NotFoundError(base::StrCat("no patent ", publication_number));
  }
  auto patent = importers::ParseJsonlLine(result.rows[0].Text(0));
  if (!patent.ok()) {
    return absl::DataLossError(base::StrCat("stored record of ", publication_number,
                                            " is unreadable: ", patent.status().message()));
  }
  return patent;
}

absl::StatusOr<int64_t> CountPatents(db::Connection& conn) {
  IPHUB_ASSIGN_OR_RETURN(auto result, conn.Query("SELECT COUNT(*) FROM patents"));
  return result.rows[0].Int(0);
}

namespace {

// The number keys a query may mean: its own country, else CN and US.
std::vector<std::string> KeysOf(const NumberQuery& query) {
  if (query.number.empty()) return {};
  if (!query.country.empty()) return {base::StrCat(query.country, query.number)};
  return {base::StrCat("CN", query.number), base::StrCat("US", query.number)};
}

}  // namespace

absl::StatusOr<std::vector<StoredPatent>> FindByNumber(db::Connection& conn,
                                                       const NumberQuery& query) {
  if (std::vector<std::string> keys = KeysOf(query); !keys.empty()) {
    db::Where where;
    if (keys.size() == 1) {
      where.Add("p.number_key = ?", keys[0]);
    } else {
      where.AddEach("p.number_key IN (?, ?)", {keys[0], keys[1]});
    }
    if (!query.kind.empty()) where.Add("p.kind = ?", query.kind);
    IPHUB_ASSIGN_OR_RETURN(auto result, conn.Query(base::StrCat(kStoredColumns, where.sql(),
                                                                kNewestFirst, " LIMIT 20"),
                                                   where.params()));
    if (!result.rows.empty() || query.application_number.empty()) {
      return StoredFromResult(result);
    }
  }
  if (query.application_number.empty()) return std::vector<StoredPatent>{};
  db::Where where;
  where.Add("p.application_number = ?", query.application_number);
  if (!query.country.empty()) where.Add("p.country = ?", query.country);
  IPHUB_ASSIGN_OR_RETURN(
      auto result, conn.Query(base::StrCat(kStoredColumns, where.sql(), kNewestFirst, " LIMIT 20"),
                              where.params()));
  return StoredFromResult(result);
}

absl::StatusOr<Patent> GetPatentWrittenAnyWay(db::Connection& conn, std::string_view written) {
  const std::string number(base::StripWhitespace(written));
  absl::StatusOr<Patent> patent = GetPatent(conn, number);
  if (!absl::IsNotFound(patent.status())) return patent;
  absl::StatusOr<NumberQuery> query = ParseNumberQuery(number);
  if (!query.ok()) return absl::NotFoundError(base::StrCat("no patent ", number));
  IPHUB_ASSIGN_OR_RETURN(std::vector<StoredPatent> found, FindByNumber(conn, *query));
  if (found.empty()) return absl::NotFoundError(base::StrCat("no patent ", number));
  return GetPatent(conn, found.front().publication_number);
}

absl::StatusOr<std::vector<StoredPatent>> PublicationsOfApplication(
    db::Connection& conn, std::string_view country, std::string_view application_number) {
  if (application_number.empty()) return std::vector<StoredPatent>{};
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query(base::StrCat(kStoredColumns, " WHERE p.country = $1 AND p.application_number = $2",
                              kNewestFirst, " LIMIT 50"),
                 {country, application_number}));
  return StoredFromResult(result);
}

absl::StatusOr<std::vector<StoredPatent>> CitingDocuments(db::Connection& conn,
                                                          std::string_view key, int64_t limit) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query(base::StrCat(kStoredColumns,
                              " WHERE p.id IN (SELECT c.patent_id FROM patent_citations c "
                              "WHERE c.cited_key = $1)",
                              kNewestFirst, " LIMIT $2"),
                 {key, limit}));
  return StoredFromResult(result);
}

namespace {
// "?, ?, ?": `n` marks for Where::AddEach.
std::string Marks(size_t n) {
  std::string out;
  for (size_t at = 0; at < n; ++at) out += at == 0 ? "?" : ", ?";
  return out;
}
}  // namespace

absl::StatusOr<CitationsAmong> CitationsOf(db::Connection& conn,
                                           const std::vector<std::string>& publication_numbers) {
  constexpr size_t kBatch = 400;
  // The set's publications by document key.
  std::unordered_map<std::string, std::vector<std::string>> by_key;
  std::unordered_map<std::string, std::string> titles;
  std::vector<std::string> keys;
  for (size_t first = 0; first < publication_numbers.size(); first += kBatch) {
    const size_t last = std::min(publication_numbers.size(), first + kBatch);
    db::Where where;
    where.AddEach(base::StrCat("publication_number IN (", Marks(last - first), ")"),
                  db::Params(publication_numbers.begin() + static_cast<ptrdiff_t>(first),
                             publication_numbers.begin() + static_cast<ptrdiff_t>(last)));
    IPHUB_ASSIGN_OR_RETURN(
        db::Result rows,
        conn.Query(
            base::StrCat("SELECT publication_number, number_key, title FROM patents", where.sql()),
            where.params()));
    for (const db::Row& row : rows.rows) {
      std::vector<std::string>& numbers = by_key[row.Text(1)];
      if (numbers.empty()) keys.push_back(row.Text(1));
      numbers.push_back(row.Text(0));
      titles[row.Text(0)] = row.Text(2);
    }
  }
  CitationsAmong out;
  std::unordered_map<std::string, int64_t> cited_by;
  for (size_t first = 0; first < keys.size(); first += kBatch) {
    const size_t last = std::min(keys.size(), first + kBatch);
    db::Where where;
    where.AddEach(base::StrCat("c.cited_key IN (", Marks(last - first), ")"),
                  db::Params(keys.begin() + static_cast<ptrdiff_t>(first),
                             keys.begin() + static_cast<ptrdiff_t>(last)));
    IPHUB_ASSIGN_OR_RETURN(
        db::Result rows,
        conn.Query(base::StrCat("SELECT c.cited_key, p.publication_number FROM patent_citations c "
                                "JOIN patents p ON p.id = c.patent_id",
                                where.sql()),
                   where.params()));
    for (const db::Row& row : rows.rows) {
      const std::string citing = row.Text(1);
      const std::vector<std::string>& cited = by_key[row.Text(0)];
      for (const std::string& number : cited) {
        ++cited_by[number];
        if (titles.contains(citing) && citing != number) out.links.emplace_back(citing, number);
      }
    }
  }
  for (const auto& [number, count] : cited_by) {
    out.cited.push_back({.publication_number = number, .title = titles[number], .cited_by = count});
  }
  std::sort(out.cited.begin(), out.cited.end(), [](const auto& a, const auto& b) {
    return a.cited_by != b.cited_by ? a.cited_by > b.cited_by
                                    : a.publication_number < b.publication_number;
  });
  std::sort(out.links.begin(), out.links.end());
  out.links.erase(std::unique(out.links.begin(), out.links.end()), out.links.end());
  return out;
}

absl::StatusOr<PatentPage> ListPatents(db::Connection& conn, const PatentFilter& filter,
                                       int64_t limit, int64_t offset) {
  db::Where where;
  if (!filter.text.empty()) {
    // A number matches its documents (and applications); anything else the title.
    absl::StatusOr<NumberQuery> number = ParseNumberQuery(filter.text);
    std::vector<std::string> keys = number.ok() ? KeysOf(*number) : std::vector<std::string>{};
    const std::string application = number.ok() ? number->application_number : "";
    std::string fragment = "(p.title LIKE ? ESCAPE '\\'";
    db::Params values = {db::LikeContains(filter.text)};
    for (const std::string& key : keys) {
      fragment += " OR p.number_key = ?";
      values.emplace_back(key);
    }
    if (!application.empty()) {
      fragment += " OR p.application_number = ?";
      values.emplace_back(application);
    }
    where.AddEach(fragment + ")", std::move(values));
  }
  if (!filter.country.empty()) where.Add("p.country = ?", filter.country);
  if (!filter.doc_type.empty()) where.Add("p.doc_type = ?", filter.doc_type);
  if (!filter.applicant.empty()) {
    where.Add("p.first_applicant LIKE ? ESCAPE '\\'", db::LikeContains(filter.applicant));
  }
  if (!filter.filed_from.empty()) where.Add("p.application_date >= ?", filter.filed_from);
  if (!filter.filed_to.empty()) where.Add("p.application_date <= ?", filter.filed_to);
  IPHUB_ASSIGN_OR_RETURN(
      auto count,
      conn.Query(base::StrCat("SELECT COUNT(*) FROM patents p", where.sql()), where.params()));
  auto [limit_sql, params] = where.Paged(limit, offset);
  IPHUB_ASSIGN_OR_RETURN(
      auto rows,
      conn.Query(base::StrCat(kStoredColumns, where.sql(), kNewestFirst, limit_sql), params));
  PatentPage page;
  page.total = count.rows[0].Int(0);
  page.items = StoredFromResult(rows);
  return page;
}

}  // namespace iphub::patents::store
