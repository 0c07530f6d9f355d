#include "iphub/patents/store.h"

#include "iphub/base/crypto.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/patents/importers/jsonl.h"

namespace iphub::patents::store {
namespace {

std::string FirstApplicant(const Patent& patent) {
  return patent.applicants.empty() ? std::string() : patent.applicants.front().name;
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
      auto existing, conn.Query("SELECT id, content_hash FROM patents WHERE publication_number = $1",
                                {patent.publication_number}));
  const db::Params columns = {patent.publication_number,
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
        conn.Query("INSERT INTO patents (publication_number, country, kind, doc_type, "
                   "application_number, application_date, publication_date, grant_date, title, "
                   "ipc_main, first_applicant, record, content_hash, created_at, updated_at) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) "
                   "RETURNING id",
                   columns));
    id = inserted.rows[0].Int(0);
  } else {
    if (existing.rows[0].Text(1) == hash) return UpsertOutcome::kUnchanged;
    id = existing.rows[0].Int(0);
    outcome = UpsertOutcome::kUpdated;
    IPHUB_RETURN_IF_ERROR(conn.Exec(
        "UPDATE patents SET country = $2, kind = $3, doc_type = $4, application_number = $5, "
        "application_date = $6, publication_date = $7, grant_date = $8, title = $9, "
        "ipc_main = $10, first_applicant = $11, record = $12, content_hash = $13, "
        "updated_at = $14 WHERE publication_number = $1",
        columns));
  }
  IPHUB_RETURN_IF_ERROR(conn.Exec(
      "INSERT INTO patent_changes (patent_id, change, at_ms) VALUES ($1, $2, $3)",
      {id, outcome == UpsertOutcome::kInserted ? "insert" : "update", now_ms}));
  return outcome;
}

absl::StatusOr<Patent> GetPatent(db::Connection& conn, std::string_view publication_number) {
  IPHUB_ASSIGN_OR_RETURN(auto result,
                         conn.Query("SELECT record FROM patents WHERE publication_number = $1",
                                    {publication_number}));
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

}  // namespace iphub::patents::store
