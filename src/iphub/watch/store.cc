#include "iphub/watch/store.h"

#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/collections/access.h"
#include "iphub/db/where.h"

namespace iphub::watch::store {
namespace {

constexpr std::string_view kWatchColumns =
    "SELECT w.id, w.owner_id, w.organization_id, w.shared, w.name, w.kind, w.query, "
    "w.applicant, w.events, w.frequency, w.created_at, w.updated_at, "
    "CASE WHEN u.display_name <> '' THEN u.display_name ELSE u.username END, w.threshold "
    "FROM watches w JOIN users u ON u.id = w.owner_id";

Watch WatchFrom(const db::Row& row) {
  // The CHECKs admit only the names the parsers know.
  const WatchKind kind = ParseWatchKind(row.Text(5)).value_or(WatchKind::kQuery);
  return {.id = row.Int(0),
          .ownership = {.owner_id = row.Int(1),
                        .organization_id = row.OptInt(2),
                        .shared = row.Int(3) != 0},
          .owner_name = row.Text(12),
          .name = row.Text(4),
          .kind = kind,
          .query = row.Text(6),
          .applicant = row.Text(7),
          .patents = {},
          .events = SplitEventGroups(row.Text(8)),
          .threshold = static_cast<int>(row.Int(13)),
          .frequency = ParseFrequency(row.Text(9)).value_or(Frequency::kImport),
          .created_at = row.Int(10),
          .updated_at = row.Int(11)};
}

absl::Status LoadPatents(db::Connection& conn, Watch& watch) {
  if (!HasPatents(watch.kind)) return absl::OkStatus();
  IPHUB_ASSIGN_OR_RETURN(auto patents, WatchedPatents(conn, watch.id));
  watch.patents.clear();
  for (auto& [id, number] : patents) watch.patents.push_back(std::move(number));
  return absl::OkStatus();
}

constexpr std::string_view kAlertColumns =
    "SELECT a.id, a.watch_id, w.name, a.user_id, a.kind, a.publication_number, a.title, "
    "a.detail, a.created_at, a.read_at FROM alerts a JOIN watches w ON w.id = a.watch_id";

Alert AlertFrom(const db::Row& row) {
  return {.id = row.Int(0),
          .watch_id = row.Int(1),
          .watch_name = row.Text(2),
          .user_id = row.Int(3),
          .kind = row.Text(4),
          .publication_number = row.Text(5),
          .title = row.Text(6),
          .detail = row.Text(7),
          .created_at = row.Int(8),
          .read_at = row.OptInt(9)};
}

constexpr std::string_view kMailColumns =
    "SELECT id, user_id, to_address, subject, body, created_at, sent_at, attempts, last_error "
    "FROM mail_outbox";

Mail MailFrom(const db::Row& row) {
  return {.id = row.Int(0),
          .user_id = row.Int(1),
          .to_address = row.Text(2),
          .subject = row.Text(3),
          .body = row.Text(4),
          .created_at = row.Int(5),
          .sent_at = row.OptInt(6),
          .attempts = row.Int(7),
          .last_error = row.Text(8)};
}

}  // namespace

// --- watches -----------------------------------------------------------------------

absl::StatusOr<int64_t> InsertWatch(db::Connection& conn, const Watch& watch, int64_t now) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query("INSERT INTO watches (owner_id, organization_id, name, kind, query, applicant, "
                 "events, frequency, shared, created_at, updated_at, threshold) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) RETURNING id",
                 {watch.ownership.owner_id, watch.ownership.organization_id, watch.name,
                  WatchKindName(watch.kind), watch.query, watch.applicant,
                  JoinEventGroups(watch.events), FrequencyName(watch.frequency),
                  watch.ownership.shared, now, static_cast<int64_t>(watch.threshold)}));
  return result.rows[0].Int(0);
}

absl::StatusOr<Watch> GetWatch(db::Connection& conn, int64_t id) {
  IPHUB_ASSIGN_OR_RETURN(auto result,
                         conn.Query(base::StrCat(kWatchColumns, " WHERE w.id = $1"), {id}));
  if (result.rows.empty()) return absl::NotFoundError("watch not found");
  Watch watch = WatchFrom(result.rows[0]);
  IPHUB_RETURN_IF_ERROR(LoadPatents(conn, watch));
  return watch;
}

absl::Status UpdateWatch(db::Connection& conn, const Watch& watch, int64_t now) {
  return conn.Exec(
      "UPDATE watches SET organization_id = $2, name = $3, query = $4, applicant = $5, "
      "events = $6, frequency = $7, shared = $8, updated_at = $9, threshold = $10 WHERE id = $1",
      {watch.id, watch.ownership.organization_id, watch.name, watch.query, watch.applicant,
       JoinEventGroups(watch.events), FrequencyName(watch.frequency), watch.ownership.shared, now,
       static_cast<int64_t>(watch.threshold)});
}

absl::Status DeleteWatch(db::Connection& conn, int64_t id) {
  IPHUB_RETURN_IF_ERROR(conn.Exec("DELETE FROM alerts WHERE watch_id = $1", {id}));
  IPHUB_RETURN_IF_ERROR(conn.Exec("DELETE FROM watch_events WHERE watch_id = $1", {id}));
  IPHUB_RETURN_IF_ERROR(conn.Exec("DELETE FROM watch_patents WHERE watch_id = $1", {id}));
  return conn.Exec("DELETE FROM watches WHERE id = $1", {id});
}

absl::StatusOr<Page<Watch>> ListWatches(db::Connection& conn, int64_t user_id,
                                        std::optional<int64_t> organization_id, bool all,
                                        int64_t limit, int64_t offset) {
  db::Where where;
  if (!all) collections::AddVisibleFilter(where, "w", user_id, organization_id);
  IPHUB_ASSIGN_OR_RETURN(
      auto count,
      conn.Query(base::StrCat("SELECT COUNT(*) FROM watches w", where.sql()), where.params()));
  auto [limit_sql, params] = where.Paged(limit, offset);
  IPHUB_ASSIGN_OR_RETURN(
      auto rows, conn.Query(base::StrCat(kWatchColumns, where.sql(),
                                         " ORDER BY w.updated_at DESC, w.id DESC", limit_sql),
                            params));
  Page<Watch> page;
  page.total = count.rows[0].Int(0);
  for (const db::Row& row : rows.rows) {
    Watch watch = WatchFrom(row);
    IPHUB_RETURN_IF_ERROR(LoadPatents(conn, watch));
    page.items.push_back(std::move(watch));
  }
  return page;
}

absl::StatusOr<std::vector<Watch>> AllWatches(db::Connection& conn) {
  IPHUB_ASSIGN_OR_RETURN(auto rows, conn.Query(base::StrCat(kWatchColumns, " ORDER BY w.id")));
  std::vector<Watch> watches;
  for (const db::Row& row : rows.rows) {
    Watch watch = WatchFrom(row);
    IPHUB_RETURN_IF_ERROR(LoadPatents(conn, watch));
    watches.push_back(std::move(watch));
  }
  return watches;
}

absl::StatusOr<bool> AnyWatchOfKind(db::Connection& conn, WatchKind kind) {
  IPHUB_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT 1 FROM watches WHERE kind = $1 LIMIT 1",
                                               {WatchKindName(kind)}));
  return !rows.rows.empty();
}

absl::StatusOr<std::optional<int64_t>> PatentIdOf(db::Connection& conn,
                                                  std::string_view publication_number) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query("SELECT id FROM patents WHERE publication_number = $1", {publication_number}));
  if (result.rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(result.rows[0].Int(0));
}

absl::Status SetWatchedPatents(db::Connection& conn, int64_t watch_id,
                               const std::vector<int64_t>& patent_ids) {
  IPHUB_RETURN_IF_ERROR(conn.Exec("DELETE FROM watch_patents WHERE watch_id = $1", {watch_id}));
  for (int64_t patent_id : patent_ids) {
    IPHUB_RETURN_IF_ERROR(conn.Exec(
        "INSERT INTO watch_patents (watch_id, patent_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        {watch_id, patent_id}));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::pair<int64_t, std::string>>> WatchedPatents(db::Connection& conn,
                                                                            int64_t watch_id) {
  IPHUB_ASSIGN_OR_RETURN(auto rows,
                         conn.Query("SELECT p.id, p.publication_number FROM watch_patents m "
                                    "JOIN patents p ON p.id = m.patent_id WHERE m.watch_id = $1 "
                                    "ORDER BY p.publication_number",
                                    {watch_id}));
  std::vector<std::pair<int64_t, std::string>> out;
  for (const db::Row& row : rows.rows) out.emplace_back(row.Int(0), row.Text(1));
  return out;
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> WatchedApplications(
    db::Connection& conn, int64_t watch_id) {
  IPHUB_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT p.publication_number, p.application_number "
                                               "FROM watch_patents m JOIN patents p "
                                               "ON p.id = m.patent_id WHERE m.watch_id = $1 "
                                               "ORDER BY p.publication_number",
                                               {watch_id}));
  std::vector<std::pair<std::string, std::string>> out;
  for (const db::Row& row : rows.rows) out.emplace_back(row.Text(0), row.Text(1));
  return out;
}

absl::StatusOr<bool> MarkEventSeen(db::Connection& conn, int64_t watch_id, int64_t patent_id,
                                   std::string_view event_key) {
  IPHUB_ASSIGN_OR_RETURN(auto result,
                         conn.Query("INSERT INTO watch_events (watch_id, patent_id, event_key) "
                                    "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                                    {watch_id, patent_id, event_key}));
  return result.affected_rows > 0;
}

absl::StatusOr<std::vector<int64_t>> Recipients(db::Connection& conn, const Watch& watch) {
  if (!watch.ownership.shared || !watch.ownership.organization_id.has_value()) {
    return std::vector<int64_t>{watch.ownership.owner_id};
  }
  IPHUB_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT id FROM users WHERE organization_id = $1 "
                                               "AND disabled = 0 ORDER BY id",
                                               {*watch.ownership.organization_id}));
  std::vector<int64_t> out;
  for (const db::Row& row : rows.rows) out.push_back(row.Int(0));
  return out;
}

absl::StatusOr<std::optional<std::string>> EmailOf(db::Connection& conn, int64_t user_id) {
  IPHUB_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT email FROM users WHERE id = $1", {user_id}));
  if (rows.rows.empty() || rows.rows[0].IsNull(0)) return std::optional<std::string>();
  std::string email = rows.rows[0].Text(0);
  if (base::StripWhitespace(email).empty()) return std::optional<std::string>();
  return std::optional<std::string>(std::move(email));
}

// --- alerts ----------------------------------------------------------------------

absl::StatusOr<bool> InsertAlert(db::Connection& conn, const Alert& alert,
                                 std::string_view event_key, bool mailed) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query("INSERT INTO alerts (watch_id, user_id, publication_number, event_key, kind, "
                 "title, detail, created_at, mailed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                 "ON CONFLICT (watch_id, user_id, publication_number, event_key) DO NOTHING",
                 {alert.watch_id, alert.user_id, alert.publication_number, event_key, alert.kind,
                  alert.title, alert.detail, alert.created_at, mailed}));
  return result.affected_rows > 0;
}

absl::StatusOr<std::vector<Alert>> UnmailedAlerts(db::Connection& conn, Frequency frequency) {
  IPHUB_ASSIGN_OR_RETURN(auto rows,
                         conn.Query(base::StrCat(kAlertColumns,
                                                 " WHERE a.mailed = 0 AND w.frequency = $1 "
                                                 "ORDER BY a.user_id, a.id"),
                                    {FrequencyName(frequency)}));
  std::vector<Alert> out;
  for (const db::Row& row : rows.rows) out.push_back(AlertFrom(row));
  return out;
}

absl::Status MarkAlertsMailed(db::Connection& conn, const std::vector<int64_t>& alert_ids) {
  for (int64_t id : alert_ids) {
    IPHUB_RETURN_IF_ERROR(conn.Exec("UPDATE alerts SET mailed = 1 WHERE id = $1", {id}));
  }
  return absl::OkStatus();
}

absl::Status MarkWatchAlertsMailed(db::Connection& conn, int64_t watch_id) {
  return conn.Exec("UPDATE alerts SET mailed = 1 WHERE watch_id = $1 AND mailed = 0", {watch_id});
}

absl::StatusOr<std::string> LastDigest(db::Connection& conn, Frequency frequency) {
  IPHUB_ASSIGN_OR_RETURN(auto rows, conn.Query("SELECT period FROM watch_digests "
                                               "WHERE frequency = $1",
                                               {FrequencyName(frequency)}));
  if (rows.rows.empty()) return absl::DataLossError("watch_digests lacks a frequency");
  return rows.rows[0].Text(0);
}

absl::Status AdvanceDigest(db::Connection& conn, Frequency frequency, std::string_view from,
                           std::string_view to) {
  IPHUB_ASSIGN_OR_RETURN(auto result, conn.Query("UPDATE watch_digests SET period = $3 "
                                                 "WHERE frequency = $1 AND period = $2",
                                                 {FrequencyName(frequency), from, to}));
  if (result.affected_rows != 1) {
    return absl::AbortedError("another node sent this digest meanwhile");
  }
  return absl::OkStatus();
}

absl::StatusOr<Page<Alert>> ListAlerts(db::Connection& conn, int64_t user_id, bool unread_only,
                                       int64_t limit, int64_t offset) {
  db::Where where;
  where.Add("a.user_id = ?", user_id);
  if (unread_only) where.AddRaw("a.read_at IS NULL");
  IPHUB_ASSIGN_OR_RETURN(
      auto count,
      conn.Query(base::StrCat("SELECT COUNT(*) FROM alerts a", where.sql()), where.params()));
  auto [limit_sql, params] = where.Paged(limit, offset);
  IPHUB_ASSIGN_OR_RETURN(auto rows, conn.Query(base::StrCat(kAlertColumns, where.sql(),
                                                            " ORDER BY a.id DESC", limit_sql),
                                               params));
  Page<Alert> page;
  page.total = count.rows[0].Int(0);
  for (const db::Row& row : rows.rows) page.items.push_back(AlertFrom(row));
  return page;
}

absl::StatusOr<int64_t> CountUnread(db::Connection& conn, int64_t user_id) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query("SELECT COUNT(*) FROM alerts WHERE user_id = $1 AND read_at IS NULL", {user_id}));
  return result.rows[0].Int(0);
}

absl::StatusOr<Alert> MarkRead(db::Connection& conn, int64_t user_id, int64_t alert_id,
                               int64_t now) {
  IPHUB_RETURN_IF_ERROR(
      conn.Exec("UPDATE alerts SET read_at = $3 WHERE id = $1 AND user_id = $2 AND read_at IS NULL",
                {alert_id, user_id, now}));
  IPHUB_ASSIGN_OR_RETURN(
      auto rows, conn.Query(base::StrCat(kAlertColumns, " WHERE a.id = $1 AND a.user_id = $2"),
                            {alert_id, user_id}));
  if (rows.rows.empty()) return absl::NotFoundError("alert not found");
  return AlertFrom(rows.rows[0]);
}

absl::StatusOr<int64_t> MarkAllRead(db::Connection& conn, int64_t user_id, int64_t now) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query("UPDATE alerts SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL",
                 {user_id, now}));
  return result.affected_rows;
}

// --- change log ----------------------------------------------------------------------

absl::StatusOr<int64_t> LastEvaluated(db::Connection& conn) {
  IPHUB_ASSIGN_OR_RETURN(auto result,
                         conn.Query("SELECT last_seq FROM watch_progress WHERE id = 1"));
  if (result.rows.empty()) return absl::DataLossError("watch_progress has no row");
  return result.rows[0].Int(0);
}

absl::Status AdvanceEvaluated(db::Connection& conn, int64_t from, int64_t to) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query("UPDATE watch_progress SET last_seq = $2 WHERE id = 1 AND last_seq = $1",
                 {from, to}));
  if (result.affected_rows != 1) {
    return absl::AbortedError("another evaluator moved the watch progress meanwhile");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Change>> ChangesAfter(db::Connection& conn, int64_t after,
                                                 int64_t through, int64_t limit) {
  IPHUB_ASSIGN_OR_RETURN(
      auto rows, conn.Query("SELECT c.seq, c.patent_id, c.change, c.at_ms, p.publication_number, "
                            "p.title FROM patent_changes c JOIN patents p ON p.id = c.patent_id "
                            "WHERE c.seq > $1 AND c.seq <= $2 ORDER BY c.seq LIMIT $3",
                            {after, through, limit}));
  std::vector<Change> out;
  out.reserve(rows.rows.size());
  for (const db::Row& row : rows.rows) {
    out.push_back({.seq = row.Int(0),
                   .patent_id = row.Int(1),
                   .insert = row.Text(2) == "insert",
                   .at_ms = row.Int(3),
                   .publication_number = row.Text(4),
                   .title = row.Text(5)});
  }
  return out;
}

// --- mail outbox -----------------------------------------------------------------------

absl::StatusOr<int64_t> InsertMail(db::Connection& conn, const Mail& mail) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query("INSERT INTO mail_outbox (user_id, to_address, subject, body, created_at) "
                 "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                 {mail.user_id, mail.to_address, mail.subject, mail.body, mail.created_at}));
  return result.rows[0].Int(0);
}

absl::StatusOr<std::vector<Mail>> PendingMail(db::Connection& conn, int64_t max_attempts,
                                              int64_t limit) {
  IPHUB_ASSIGN_OR_RETURN(auto rows,
                         conn.Query(base::StrCat(kMailColumns,
                                                 " WHERE sent_at IS NULL AND attempts < $1 "
                                                 "ORDER BY id LIMIT $2"),
                                    {max_attempts, limit}));
  std::vector<Mail> out;
  for (const db::Row& row : rows.rows) out.push_back(MailFrom(row));
  return out;
}

absl::Status MarkMailSent(db::Connection& conn, int64_t id, int64_t now) {
  return conn.Exec(
      "UPDATE mail_outbox SET sent_at = $2, attempts = attempts + 1, last_error = '' "
      "WHERE id = $1",
      {id, now});
}

absl::Status MarkMailFailed(db::Connection& conn, int64_t id, std::string_view error) {
  return conn.Exec("UPDATE mail_outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1",
                   {id, error});
}

absl::StatusOr<std::vector<Mail>> MailOf(db::Connection& conn, int64_t user_id) {
  IPHUB_ASSIGN_OR_RETURN(
      auto rows,
      conn.Query(base::StrCat(kMailColumns, " WHERE user_id = $1 ORDER BY id"), {user_id}));
  std::vector<Mail> out;
  for (const db::Row& row : rows.rows) out.push_back(MailFrom(row));
  return out;
}

}  // namespace iphub::watch::store
