#include "iphub/analytics/high_value_store.h"

#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "nlohmann/json.hpp"

namespace iphub::analytics::store {
namespace {

std::optional<AwardKind> ParseAwardKind(std::string_view id) {
  if (id == AwardKindId(AwardKind::kChinaPatentAward)) return AwardKind::kChinaPatentAward;
  if (id == AwardKindId(AwardKind::kStateScienceTechnologyAward)) {
    return AwardKind::kStateScienceTechnologyAward;
  }
  return std::nullopt;
}

// "number_key IN ($1, $2 …)" over `keys`, appended to `params`.
std::string KeyFilter(const std::vector<std::string>& keys, db::Params& params) {
  std::string sql = "number_key IN (";
  for (size_t at = 0; at < keys.size(); ++at) {
    params.emplace_back(keys[at]);
    base::StrAppend(&sql, at == 0 ? "$" : ", $", params.size());
  }
  sql += ")";
  return sql;
}

constexpr std::string_view kAwardColumns =
    "number_written, number_key, award_kind, award_name, year";
constexpr std::string_view kPledgeColumns =
    "number_written, number_key, amount_fen, registration_date";

absl::StatusOr<std::vector<AwardEntry>> AwardsFrom(const db::Result& result) {
  std::vector<AwardEntry> out;
  out.reserve(result.rows.size());
  for (const db::Row& row : result.rows) {
    std::optional<AwardKind> kind = ParseAwardKind(row.Text(2));
    if (!kind) return absl::DataLossError(base::StrCat("stored award kind ", row.Text(2)));
    out.push_back({.number_written = row.Text(0),
                   .number_key = row.Text(1),
                   .kind = *kind,
                   .award_name = row.Text(3),
                   .year = static_cast<int>(row.Int(4))});
  }
  return out;
}

std::vector<PledgeEntry> PledgesFrom(const db::Result& result) {
  std::vector<PledgeEntry> out;
  out.reserve(result.rows.size());
  for (const db::Row& row : result.rows) {
    out.push_back({.number_written = row.Text(0),
                   .number_key = row.Text(1),
                   .amount = base::Money::FromFen(row.Int(2)),
                   .registration_date = row.Text(3)});
  }
  return out;
}

absl::StatusOr<std::vector<PatentRecord>> RecordsFrom(const db::Result& result) {
  std::vector<PatentRecord> out;
  out.reserve(result.rows.size());
  for (const db::Row& row : result.rows) {
    out.push_back({.id = row.Int(0), .number_key = row.Text(1), .record = row.Text(2)});
  }
  return out;
}

}  // namespace

absl::Status ReplaceSei(db::Connection& conn, std::span<const SeiEntry> entries,
                        std::string_view source_file, int64_t loaded_at) {
  IPHUB_RETURN_IF_ERROR(conn.Exec("DELETE FROM high_value_sei"));
  for (const SeiEntry& entry : entries) {
    IPHUB_RETURN_IF_ERROR(conn.Exec(
        "INSERT INTO high_value_sei (ipc_code, ipc_code_written, sei_id, source_file, "
        "loaded_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (ipc_code, sei_id) DO NOTHING",
        {entry.ipc_code, entry.ipc_code_written, entry.sei_id, source_file, loaded_at}));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<SeiEntry>> AllSei(db::Connection& conn) {
  IPHUB_ASSIGN_OR_RETURN(db::Result result,
                         conn.Query("SELECT ipc_code, ipc_code_written, sei_id FROM high_value_sei "
                                    "ORDER BY ipc_code, sei_id"));
  std::vector<SeiEntry> out;
  out.reserve(result.rows.size());
  for (const db::Row& row : result.rows) {
    out.push_back({.ipc_code = row.Text(0), .ipc_code_written = row.Text(1), .sei_id = row.Int(2)});
  }
  return out;
}

absl::StatusOr<std::optional<SeiSource>> SeiSourceOf(db::Connection& conn) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query("SELECT source_file, MAX(loaded_at), COUNT(*) FROM high_value_sei "
                 "GROUP BY source_file ORDER BY MAX(loaded_at) DESC"));
  if (result.rows.empty()) return std::nullopt;
  const db::Row& row = result.rows[0];
  return SeiSource{.source_file = row.Text(0), .loaded_at = row.Int(1), .entries = row.Int(2)};
}

absl::Status UpsertAwards(db::Connection& conn, std::span<const AwardEntry> entries,
                          std::string_view source_file, int64_t loaded_at) {
  for (const AwardEntry& entry : entries) {
    IPHUB_RETURN_IF_ERROR(conn.Exec(
        base::StrCat("INSERT INTO high_value_awards (", kAwardColumns,
                     ", source_file, loaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                     "ON CONFLICT (number_key, award_name, year) DO UPDATE SET "
                     "number_written = excluded.number_written, award_kind = excluded.award_kind, "
                     "source_file = excluded.source_file, loaded_at = excluded.loaded_at"),
        {entry.number_written, entry.number_key, std::string(AwardKindId(entry.kind)),
         entry.award_name, int64_t{entry.year}, source_file, loaded_at}));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<AwardEntry>> AllAwards(db::Connection& conn) {
  IPHUB_ASSIGN_OR_RETURN(db::Result result,
                         conn.Query(base::StrCat("SELECT ", kAwardColumns,
                                                 " FROM high_value_awards ORDER BY number_key, "
                                                 "year, award_name")));
  return AwardsFrom(result);
}

absl::StatusOr<std::vector<AwardEntry>> AwardsOf(db::Connection& conn,
                                                 const std::vector<std::string>& number_keys) {
  if (number_keys.empty()) return std::vector<AwardEntry>{};
  db::Params params;
  const std::string filter = KeyFilter(number_keys, params);
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query(base::StrCat("SELECT ", kAwardColumns, " FROM high_value_awards WHERE ", filter,
                              " ORDER BY year, award_name"),
                 params));
  return AwardsFrom(result);
}

absl::Status UpsertPledges(db::Connection& conn, std::span<const PledgeEntry> entries,
                           std::string_view source_file, int64_t loaded_at) {
  for (const PledgeEntry& entry : entries) {
    IPHUB_RETURN_IF_ERROR(conn.Exec(
        base::StrCat("INSERT INTO high_value_pledges (", kPledgeColumns,
                     ", source_file, loaded_at) VALUES ($1, $2, $3, $4, $5, $6) "
                     "ON CONFLICT (number_key, registration_date) DO UPDATE SET "
                     "number_written = excluded.number_written, "
                     "amount_fen = excluded.amount_fen, "
                     "source_file = excluded.source_file, loaded_at = excluded.loaded_at"),
        {entry.number_written, entry.number_key, entry.amount.fen(), entry.registration_date,
         source_file, loaded_at}));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<PledgeEntry>> AllPledges(db::Connection& conn) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query(base::StrCat("SELECT ", kPledgeColumns,
                              " FROM high_value_pledges ORDER BY number_key, registration_date")));
  return PledgesFrom(result);
}

absl::StatusOr<std::vector<PledgeEntry>> PledgesOf(db::Connection& conn,
                                                   const std::vector<std::string>& number_keys) {
  if (number_keys.empty()) return std::vector<PledgeEntry>{};
  db::Params params;
  const std::string filter = KeyFilter(number_keys, params);
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query(base::StrCat("SELECT ", kPledgeColumns, " FROM high_value_pledges WHERE ", filter,
                              " ORDER BY registration_date"),
                 params));
  return PledgesFrom(result);
}

absl::Status UpsertPopulation(db::Connection& conn, std::span<const PopulationEntry> entries,
                              std::string_view source_file, int64_t loaded_at) {
  for (const PopulationEntry& entry : entries) {
    IPHUB_RETURN_IF_ERROR(
        conn.Exec("INSERT INTO region_population (region_code, year, population, region_written, "
                  "source_file, loaded_at) VALUES ($1, $2, $3, $4, $5, $6) "
                  "ON CONFLICT (region_code, year) DO UPDATE SET "
                  "population = excluded.population, region_written = excluded.region_written, "
                  "source_file = excluded.source_file, loaded_at = excluded.loaded_at",
                  {entry.region_code, int64_t{entry.year}, entry.persons, entry.region_written,
                   source_file, loaded_at}));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<int64_t>> PopulationOf(db::Connection& conn,
                                                    std::string_view region_code, int year) {
  IPHUB_ASSIGN_OR_RETURN(db::Result result, conn.Query("SELECT population FROM region_population "
                                                       "WHERE region_code = $1 AND year = $2",
                                                       {region_code, int64_t{year}}));
  if (result.rows.empty()) return std::nullopt;
  return result.rows[0].Int(0);
}

absl::StatusOr<std::optional<int>> LatestPopulationYear(db::Connection& conn, int year) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query("SELECT MAX(year) FROM region_population WHERE year <= $1", {int64_t{year}}));
  if (result.rows.empty() || result.rows[0].IsNull(0)) return std::nullopt;
  return static_cast<int>(result.rows[0].Int(0));
}

absl::StatusOr<bool> RegionExists(db::Connection& conn, std::string_view code) {
  IPHUB_ASSIGN_OR_RETURN(db::Result result,
                         conn.Query("SELECT COUNT(*) FROM regions WHERE code = $1", {code}));
  return result.rows[0].Int(0) > 0;
}

absl::StatusOr<std::vector<PatentRecord>> InventionGrantsAfter(db::Connection& conn,
                                                               int64_t after_id, int64_t up_to_id,
                                                               int64_t limit) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query("SELECT id, number_key, record FROM patents WHERE id > $1 AND id <= $2 "
                 "AND country = 'CN' AND doc_type = 'cn_invention_grant' ORDER BY id LIMIT $3",
                 {after_id, up_to_id, limit}));
  return RecordsFrom(result);
}

absl::StatusOr<std::vector<PatentRecord>> ForeignPatentsAfter(db::Connection& conn,
                                                              int64_t after_id, int64_t up_to_id,
                                                              int64_t limit) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query("SELECT id, number_key, record FROM patents WHERE id > $1 AND id <= $2 "
                 "AND country <> 'CN' ORDER BY id LIMIT $3",
                 {after_id, up_to_id, limit}));
  return RecordsFrom(result);
}

absl::StatusOr<std::vector<PatentRecord>> ForeignFamilyCandidates(db::Connection& conn,
                                                                  std::string_view family_id) {
  // The stored record is compact JSON (importers::PatentToJson(...).dump()), so the family
  // appears as "family_id":"<id as a JSON string>". LIKE's wildcards in it are escaped.
  const std::string needle =
      base::StrCat("\"family_id\":", nlohmann::json(std::string(family_id)).dump());
  std::string pattern = "%";
  for (char c : needle) {
    if (c == '%' || c == '_' || c == '!') pattern += '!';
    pattern += c;
  }
  pattern += "%";
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query("SELECT id, number_key, record FROM patents WHERE country <> 'CN' "
                 "AND record LIKE $1 ESCAPE '!' ORDER BY id",
                 {pattern}));
  return RecordsFrom(result);
}

}  // namespace iphub::analytics::store
