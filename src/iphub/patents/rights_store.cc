#include "iphub/patents/rights_store.h"

#include "iphub/base/crypto.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/db/where.h"

namespace iphub::patents::store {
namespace {

using nlohmann::json;

constexpr int64_t kMaxPageSize = 1000;

// Records are written from parsed JSON, so they are valid UTF-8; replacing
// rather than throwing keeps a programming error from becoming a crash.
std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// ",9,35,": every class between commas, so LIKE '%,9,%' finds class 9 and not 19.
std::string ClassesColumn(const std::vector<int>& classes) {
  std::string out = ",";
  for (int nice_class : classes) base::StrAppend(&out, nice_class, ",");
  return out;
}

absl::Status CheckPage(int64_t limit, int64_t offset) {
  if (limit < 1 || limit > kMaxPageSize) {
    return base::InvalidField("limit", base::StrCat("must be between 1 and ", kMaxPageSize));
  }
  if (offset < 0) return base::InvalidField("offset", "must not be negative");
  return absl::OkStatus();
}

// Reads a stored record with `from_json`; DataLoss when it cannot be read.
template <typename Record, typename FromJson>
absl::StatusOr<Record> ReadRecord(const std::string& text, std::string_view what,
                                  FromJson from_json) {
  json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  absl::StatusOr<Record> record = absl::InvalidArgumentError("malformed JSON");
  if (!value.is_discarded()) record = from_json(value);
  if (!record.ok()) {
    return absl::DataLossError(base::StrCat(
        "stored record of ", what, " is unreadable: ", base::Sv(record.status().message())));
  }
  return record;
}

// Inserts or updates one row of `table` keyed by the first `key_count` columns.
// `columns` names every column but record, content_hash and the timestamps,
// which follow the values in `values`.
absl::StatusOr<UpsertOutcome> Upsert(db::Connection& conn, std::string_view table,
                                     const std::vector<std::string_view>& columns, size_t key_count,
                                     db::Params values, const std::string& record, int64_t now_ms) {
  const std::string hash = base::Sha256Hex(record);
  std::string key_sql;
  db::Params key_values;
  for (size_t index = 0; index < key_count; ++index) {
    base::StrAppend(&key_sql, index == 0 ? " WHERE " : " AND ", columns[index], " = $", index + 1);
    key_values.push_back(values[index]);
  }
  IPHUB_ASSIGN_OR_RETURN(
      auto existing,
      conn.Query(base::StrCat("SELECT content_hash FROM ", table, key_sql), key_values));
  if (!existing.rows.empty() && existing.rows[0].Text(0) == hash) {
    return UpsertOutcome::kUnchanged;
  }
  values.emplace_back(record);
  values.emplace_back(hash);
  values.emplace_back(now_ms);
  const size_t record_at = columns.size() + 1;  // $n of record; hash and time follow
  if (existing.rows.empty()) {
    std::string names, placeholders;
    for (size_t index = 0; index < columns.size(); ++index) {
      base::StrAppend(&names, columns[index], ", ");
      base::StrAppend(&placeholders, "$", index + 1, ", ");
    }
    IPHUB_RETURN_IF_ERROR(
        conn.Exec(base::StrCat("INSERT INTO ", table, " (", names,
                               "record, content_hash, created_at, updated_at) VALUES (",
                               placeholders, "$", record_at, ", $", record_at + 1, ", $",
                               record_at + 2, ", $", record_at + 2, ")"),
                  values));
    return UpsertOutcome::kInserted;
  }
  std::string assignments;
  for (size_t index = key_count; index < columns.size(); ++index) {
    base::StrAppend(&assignments, columns[index], " = $", index + 1, ", ");
  }
  IPHUB_RETURN_IF_ERROR(conn.Exec(
      base::StrCat("UPDATE ", table, " SET ", assignments, "record = $", record_at,
                   ", content_hash = $", record_at + 1, ", updated_at = $", record_at + 2, key_sql),
      values));
  return UpsertOutcome::kUpdated;
}

}  // namespace

absl::StatusOr<UpsertOutcome> UpsertTrademark(db::Connection& conn, const Trademark& trademark,
                                              int64_t now_ms) {
  if (trademark.registration_number.empty()) {
    return base::InvalidField("registration_number", "is required");
  }
  return Upsert(conn, "trademarks",
                {"registration_number", "name", "owner", "nice_classes", "status",
                 "application_date", "registration_date", "expiry_date"},
                1,
                {trademark.registration_number, trademark.name, trademark.owner,
                 ClassesColumn(trademark.nice_classes), TrademarkStatusName(trademark.status),
                 trademark.application_date, trademark.registration_date, trademark.expiry_date},
                Dump(TrademarkToJson(trademark)), now_ms);
}

absl::StatusOr<UpsertOutcome> UpsertCopyright(db::Connection& conn, const Copyright& copyright,
                                              int64_t now_ms) {
  if (copyright.registration_number.empty()) {
    return base::InvalidField("registration_number", "is required");
  }
  return Upsert(conn, "copyrights",
                {"kind", "registration_number", "name", "owner", "category", "completion_date",
                 "first_publication_date", "registration_date"},
                2,
                {CopyrightKindName(copyright.kind), copyright.registration_number, copyright.name,
                 copyright.owner, copyright.category, copyright.completion_date,
                 copyright.first_publication_date, copyright.registration_date},
                Dump(CopyrightToJson(copyright)), now_ms);
}

absl::StatusOr<Trademark> GetTrademark(db::Connection& conn, std::string_view registration_number) {
  IPHUB_ASSIGN_OR_RETURN(auto result,
                         conn.Query("SELECT record FROM trademarks WHERE registration_number = $1",
                                    {registration_number}));
  if (result.rows.empty()) {
    return absl::NotFoundError(base::StrCat("no trademark ", registration_number));
  }
  return ReadRecord<Trademark>(result.rows[0].Text(0),
                               base::StrCat("trademark ", registration_number), TrademarkFromJson);
}

absl::StatusOr<Copyright> GetCopyright(db::Connection& conn, CopyrightKind kind,
                                       std::string_view registration_number) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query("SELECT record FROM copyrights WHERE kind = $1 AND registration_number = $2",
                 {CopyrightKindName(kind), registration_number}));
  if (result.rows.empty()) {
    return absl::NotFoundError(base::StrCat("no ", CopyrightKindName(kind),
                                            " copyright registration ", registration_number));
  }
  return ReadRecord<Copyright>(result.rows[0].Text(0),
                               base::StrCat("copyright ", registration_number), CopyrightFromJson);
}

absl::StatusOr<TrademarkPage> ListTrademarks(db::Connection& conn, const TrademarkFilter& filter,
                                             int64_t limit, int64_t offset) {
  IPHUB_RETURN_IF_ERROR(CheckPage(limit, offset));
  if (filter.nice_class < 0 || filter.nice_class > 45) {
    return base::InvalidField("nice_class", "must be a Nice class 1-45 (0: any)");
  }
  db::Where where;
  if (!filter.owner.empty()) {
    where.Add("t.owner LIKE ? ESCAPE '\\'", db::LikeContains(filter.owner));
  }
  if (!filter.name.empty()) where.Add("t.name LIKE ? ESCAPE '\\'", db::LikeContains(filter.name));
  if (filter.nice_class != 0) {
    where.Add("t.nice_classes LIKE ?", base::StrCat("%,", filter.nice_class, ",%"));
  }
  if (filter.status.has_value()) where.Add("t.status = ?", TrademarkStatusName(*filter.status));
  IPHUB_ASSIGN_OR_RETURN(
      auto count,
      conn.Query(base::StrCat("SELECT COUNT(*) FROM trademarks t", where.sql()), where.params()));
  auto [limit_sql, params] = where.Paged(limit, offset);
  IPHUB_ASSIGN_OR_RETURN(
      auto rows,
      conn.Query(
          base::StrCat("SELECT t.registration_number, t.record FROM trademarks t", where.sql(),
                       " ORDER BY t.application_date DESC, t.registration_number", limit_sql),
          params));
  TrademarkPage page;
  page.total = count.rows[0].Int(0);
  for (const auto& row : rows.rows) {
    IPHUB_ASSIGN_OR_RETURN(
        Trademark trademark,
        ReadRecord<Trademark>(row.Text(1), base::StrCat("trademark ", row.Text(0)),
                              TrademarkFromJson));
    page.items.push_back(std::move(trademark));
  }
  return page;
}

absl::StatusOr<CopyrightPage> ListCopyrights(db::Connection& conn, const CopyrightFilter& filter,
                                             int64_t limit, int64_t offset) {
  IPHUB_RETURN_IF_ERROR(CheckPage(limit, offset));
  db::Where where;
  if (!filter.owner.empty()) {
    where.Add("c.owner LIKE ? ESCAPE '\\'", db::LikeContains(filter.owner));
  }
  if (!filter.name.empty()) where.Add("c.name LIKE ? ESCAPE '\\'", db::LikeContains(filter.name));
  if (filter.kind.has_value()) where.Add("c.kind = ?", CopyrightKindName(*filter.kind));
  if (!filter.category.empty()) where.Add("c.category = ?", filter.category);
  IPHUB_ASSIGN_OR_RETURN(
      auto count,
      conn.Query(base::StrCat("SELECT COUNT(*) FROM copyrights c", where.sql()), where.params()));
  auto [limit_sql, params] = where.Paged(limit, offset);
  IPHUB_ASSIGN_OR_RETURN(
      auto rows,
      conn.Query(
          base::StrCat("SELECT c.registration_number, c.record FROM copyrights c", where.sql(),
                       " ORDER BY c.registration_date DESC, c.kind, c.registration_number",
                       limit_sql),
          params));
  CopyrightPage page;
  page.total = count.rows[0].Int(0);
  for (const auto& row : rows.rows) {
    IPHUB_ASSIGN_OR_RETURN(
        Copyright copyright,
        ReadRecord<Copyright>(row.Text(1), base::StrCat("copyright ", row.Text(0)),
                              CopyrightFromJson));
    page.items.push_back(std::move(copyright));
  }
  return page;
}

}  // namespace iphub::patents::store
