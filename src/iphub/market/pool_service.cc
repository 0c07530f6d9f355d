#include "iphub/market/pool_service.h"

#include <algorithm>
#include <utility>

#include "iphub/auth/audit.h"
#include "iphub/auth/regions.h"
#include "iphub/auth/store.h"
#include "iphub/base/civil_date.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/db/where.h"
#include "iphub/market/access.h"
#include "iphub/patents/legal_status.h"
#include "iphub/patents/numbers.h"
#include "iphub/patents/store.h"

namespace iphub::market {
namespace {

using json = nlohmann::json;

// --- SQL -------------------------------------------------------------------------

constexpr std::string_view kPoolSelect =
    "SELECT p.id, p.name, p.technology, p.ipc, p.region_code, p.royalty_fen, p.terms, "
    "p.admin_org_id, o.name, p.created_by, p.created_at, p.updated_at, w.state, w.version, "
    "w.state_since_ms, (SELECT COUNT(*) FROM market_pool_members m WHERE m.pool_id = p.id), "
    "(SELECT COUNT(*) FROM market_pool_patents t WHERE t.pool_id = p.id) "
    "FROM market_pools p JOIN organizations o ON o.id = p.admin_org_id "
    "JOIN workflow_records w ON w.kind = 'pool' AND w.record_id = p.id";

Pool PoolOfRow(const db::Row& row) {
  Pool pool;
  pool.id = row.Int(0);
  pool.name = row.Text(1);
  pool.technology = row.Text(2);
  pool.ipc = row.Text(3);
  pool.region_code = row.Text(4);
  pool.royalty_fen = row.OptInt(5);
  pool.terms = row.Text(6);
  pool.admin_org_id = row.Int(7);
  pool.admin_org_name = row.Text(8);
  pool.created_by = row.Int(9);
  pool.created_at = row.Int(10);
  pool.updated_at = row.Int(11);
  pool.state = row.Text(12);
  pool.version = row.Int(13);
  pool.state_since = row.Int(14);
  pool.member_count = row.Int(15);
  pool.patent_count = row.Int(16);
  return pool;
}

absl::StatusOr<Pool> GetPool(db::Connection& conn, int64_t id) {
  IPHUB_ASSIGN_OR_RETURN(db::Result result,
                         conn.Query(base::StrCat(kPoolSelect, " WHERE p.id = $1"), {id}));
  if (result.rows.empty()) return absl::NotFoundError(base::StrCat("no pool ", id));
  return PoolOfRow(result.rows[0]);
}

absl::StatusOr<std::vector<PoolMember>> MembersOf(db::Connection& conn, const Pool& pool) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query("SELECT m.org_id, o.name, o.type, m.joined_at FROM market_pool_members m JOIN "
                 "organizations o ON o.id = m.org_id WHERE m.pool_id = $1 ORDER BY m.joined_at, "
                 "m.org_id",
                 {pool.id}));
  std::vector<PoolMember> out;
  for (const db::Row& row : result.rows) {
    out.push_back({.org_id = row.Int(0),
                   .name = row.Text(1),
                   .org_type = row.Text(2),
                   .joined_at = row.Int(3),
                   .administrator = row.Int(0) == pool.admin_org_id});
  }
  return out;
}

struct StoredPoolPatent {
  std::string publication_number;
  int64_t contributor_org_id = 0;
  std::string contributor_name;
  int64_t added_at = 0;
};

absl::StatusOr<std::vector<StoredPoolPatent>> PatentsOf(db::Connection& conn, int64_t pool_id) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query("SELECT t.publication_number, t.contributor_org_id, o.name, t.added_at FROM "
                 "market_pool_patents t JOIN organizations o ON o.id = t.contributor_org_id "
                 "WHERE t.pool_id = $1 ORDER BY t.added_at, t.publication_number",
                 {pool_id}));
  std::vector<StoredPoolPatent> out;
  for (const db::Row& row : result.rows) {
    out.push_back({row.Text(0), row.Int(1), row.Text(2), row.Int(3)});
  }
  return out;
}

bool InOrganisation(const auth::Principal* principal, int64_t org_id) {
  return principal != nullptr && principal->organization_id.has_value() &&
         *principal->organization_id == org_id;
}

bool IsPublic(std::string_view state) { return state == "published" || state == "closed"; }

}  // namespace

PoolService::PoolService(db::Database& database, base::Clock& clock)
    : database_(database),
      clock_(clock),
      workflow_(workflow::Workflow::Create(
                    PoolMachine(),
                    {{"has_patents",
                      [this](db::Connection& conn, const workflow::Record& record) -> absl::Status {
                        IPHUB_ASSIGN_OR_RETURN(std::vector<StoredPoolPatent> patents,
                                               PatentsOf(conn, record.id));
                        for (const StoredPoolPatent& stored : patents) {
                          IPHUB_ASSIGN_OR_RETURN(
                              patents::Patent patent,
                              patents::store::GetPatent(conn, stored.publication_number));
                          if (CheckInForce(patent, Today()).ok()) return absl::OkStatus();
                        }
                        return absl::FailedPreconditionError(
                            patents.empty() ? "the pool holds no patent yet"
                                            : "none of the pool's patents is in force");
                      }},
                     {"terms_set",
                      [](db::Connection& conn, const workflow::Record& record) -> absl::Status {
                        IPHUB_ASSIGN_OR_RETURN(Pool pool, GetPool(conn, record.id));
                        if (!pool.terms.empty()) return absl::OkStatus();
                        return absl::FailedPreconditionError(
                            "the licensing terms are empty: say what a licensee gets and pays");
                      }}})
                    .value()) {}

std::string PoolService::Today() const { return base::ShanghaiDate(clock_.NowMillis()); }

bool PoolService::IsMember(db::Connection& conn, const auth::Principal* principal,
                           int64_t pool_id) const {
  if (principal == nullptr || !principal->organization_id.has_value()) return false;
  absl::StatusOr<db::Result> found =
      conn.Query("SELECT 1 FROM market_pool_members WHERE pool_id = $1 AND org_id = $2",
                 {pool_id, *principal->organization_id});
  return found.ok() && !found->rows.empty();
}

workflow::Actor PoolService::ActorFor(const auth::Principal* principal, const Pool& pool) const {
  workflow::Actor actor{.principal = principal, .roles = workflow::PlatformRoles(principal)};
  if (InOrganisation(principal, pool.admin_org_id)) actor.roles.insert("administrator");
  if (IsReviewer(principal, pool.region_code)) actor.roles.insert("reviewer");
  return actor;
}

absl::StatusOr<Pool> PoolService::Load(db::Connection& conn, const auth::Principal* principal,
                                       int64_t id) {
  absl::StatusOr<Pool> pool = GetPool(conn, id);
  if (pool.ok() && !IsPublic(pool->state) && !IsMember(conn, principal, id) &&
      !IsReviewer(principal, pool->region_code)) {
    return absl::NotFoundError(base::StrCat("no pool ", id));
  }
  return pool;
}

absl::Status PoolService::RequireOpen(const Pool& pool) const {
  if (pool.state != "closed") return absl::OkStatus();
  return absl::FailedPreconditionError(
      base::StrCat("pool ", pool.id, " is \"closed\": it changes no more"));
}

absl::StatusOr<PoolView> PoolService::ViewOf(db::Connection& conn, const auth::Principal* principal,
                                             Pool pool, bool full) {
  PoolView view;
  if (InOrganisation(principal, pool.admin_org_id)) {
    view.role = "administrator";
  } else if (IsMember(conn, principal, pool.id)) {
    view.role = "member";
  } else if (IsReviewer(principal, pool.region_code)) {
    view.role = "official";
  }
  if (full) {
    IPHUB_ASSIGN_OR_RETURN(view.members, MembersOf(conn, pool));
    IPHUB_ASSIGN_OR_RETURN(std::vector<StoredPoolPatent> stored, PatentsOf(conn, pool.id));
    for (StoredPoolPatent& entry : stored) {
      PoolPatent patent{.publication_number = entry.publication_number,
                        .contributor_org_id = entry.contributor_org_id,
                        .contributor_name = std::move(entry.contributor_name),
                        .added_at = entry.added_at};
      absl::StatusOr<patents::Patent> record =
          patents::store::GetPatent(conn, entry.publication_number);
      if (record.ok()) {
        patent.title = record->title;
        patent.legal_status = std::string(
            patents::LegalStatusName(patents::DeriveLegalStatus(*record, Today()).status));
      }
      view.patents.push_back(std::move(patent));
    }
    IPHUB_ASSIGN_OR_RETURN(view.history, workflow_.History(conn, pool.id));
    if (principal != nullptr) {
      IPHUB_ASSIGN_OR_RETURN(workflow::Record record, workflow_.Get(conn, pool.id));
      IPHUB_ASSIGN_OR_RETURN(view.actions,
                             workflow_.Options(conn, record, ActorFor(principal, pool)));
      std::erase_if(view.actions, [](const workflow::Option& option) { return !option.permitted; });
    }
  }
  view.pool = std::move(pool);
  return view;
}

absl::Status PoolService::Audit(db::Connection& conn, const auth::Principal* principal,
                                const Pool& pool, std::string_view what, json detail) {
  return auth::AppendAudit(conn, principal, clock_.NowMillis(),
                           {.action = base::StrCat("pool.", what),
                            .entity = "pool",
                            .entity_id = std::to_string(pool.id),
                            .region_code = pool.region_code,
                            .detail = std::move(detail)});
}

absl::StatusOr<PoolView> PoolService::Create(const auth::Principal* principal, PoolInput input) {
  IPHUB_RETURN_IF_ERROR(RequireOrganisation(principal, "creating a patent pool"));
  IPHUB_RETURN_IF_ERROR(ValidatePoolInput(input));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  if (input.region_code.empty()) {
    IPHUB_ASSIGN_OR_RETURN(auth::Organization org,
                           auth::store::GetOrganization(*conn, *principal->organization_id));
    input.region_code = org.region_code;
  } else if (!auth::GetRegion(*conn, input.region_code).ok()) {
    return base::InvalidField("region_code", "is not a known region");
  }
  const int64_t now = clock_.NowMillis();
  IPHUB_ASSIGN_OR_RETURN(
      db::Result inserted,
      conn->Query("INSERT INTO market_pools (name, technology, ipc, region_code, royalty_fen, "
                  "terms, admin_org_id, created_by, created_at, updated_at) VALUES ($1, $2, $3, "
                  "$4, $5, $6, $7, $8, $9, $9) RETURNING id",
                  {input.name, input.technology, input.ipc, input.region_code, input.royalty_fen,
                   input.terms, *principal->organization_id, principal->user_id, now}));
  const int64_t id = inserted.rows[0].Int(0);
  IPHUB_RETURN_IF_ERROR(
      conn->Exec("INSERT INTO market_pool_members (pool_id, org_id, joined_at) VALUES ($1, $2, $3)",
                 {id, *principal->organization_id, now}));
  Pool pool{
      .id = id, .region_code = input.region_code, .admin_org_id = *principal->organization_id};
  IPHUB_RETURN_IF_ERROR(
      workflow_
          .Start(*conn, id, ActorFor(principal, pool), now,
                 {.region_code = input.region_code, .detail = {{"name", input.name}}})
          .status());
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  IPHUB_ASSIGN_OR_RETURN(Pool stored, GetPool(*conn, id));
  return ViewOf(*conn, principal, std::move(stored), true);
}

absl::StatusOr<PoolView> PoolService::Update(const auth::Principal* principal, int64_t id,
                                             PoolInput input,
                                             std::optional<int64_t> expected_version) {
  IPHUB_RETURN_IF_ERROR(RequireOrganisation(principal, "changing a patent pool"));
  IPHUB_RETURN_IF_ERROR(ValidatePoolInput(input));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Pool pool, Load(*conn, principal, id));
  if (!InOrganisation(principal, pool.admin_org_id)) {
    return absl::PermissionDeniedError("only the pool's administrator changes it");
  }
  IPHUB_RETURN_IF_ERROR(RequireOpen(pool));
  if (expected_version.has_value() && *expected_version != pool.version) {
    return absl::FailedPreconditionError(base::StrCat(
        "pool ", id, " changed since version ", *expected_version, ": it is at ", pool.version));
  }
  if (input.region_code.empty()) input.region_code = pool.region_code;
  if (!auth::GetRegion(*conn, input.region_code).ok()) {
    return base::InvalidField("region_code", "is not a known region");
  }
  IPHUB_RETURN_IF_ERROR(
      conn->Exec("UPDATE market_pools SET name = $1, technology = $2, ipc = $3, region_code = $4, "
                 "royalty_fen = $5, terms = $6, updated_at = $7 WHERE id = $8",
                 {input.name, input.technology, input.ipc, input.region_code, input.royalty_fen,
                  input.terms, clock_.NowMillis(), id}));
  IPHUB_RETURN_IF_ERROR(Audit(
      *conn, principal, pool, "update",
      {{"royalty_fen", input.royalty_fen.has_value() ? json(*input.royalty_fen) : json(nullptr)},
       {"terms", input.terms}}));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  IPHUB_ASSIGN_OR_RETURN(Pool stored, GetPool(*conn, id));
  return ViewOf(*conn, principal, std::move(stored), true);
}

absl::StatusOr<PoolView> PoolService::Get(const auth::Principal* principal, int64_t id) {
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(Pool pool, Load(*conn, principal, id));
  return ViewOf(*conn, principal, std::move(pool), true);
}

absl::StatusOr<std::pair<std::vector<PoolView>, int64_t>> PoolService::List(
    const auth::Principal* principal, const PoolFilter& filter) {
  db::Where where;
  const std::string text(base::StripWhitespace(filter.text));
  if (!text.empty()) {
    const std::string like = db::LikeContains(text);
    where.AddEach(
        "(p.name LIKE ? ESCAPE '\\' OR p.technology LIKE ? ESCAPE '\\' OR p.ipc LIKE ? "
        "ESCAPE '\\')",
        {like, like, like});
  }
  if (!filter.state.empty()) {
    if (!PoolMachine().HasState(filter.state)) {
      return base::InvalidField("state",
                                base::StrCat("\"", filter.state, "\" is not a pool state"));
    }
    where.Add("w.state = ?", filter.state);
  }
  const std::optional<int64_t> org =
      principal != nullptr ? principal->organization_id : std::nullopt;
  if (filter.scope == "mine") {
    if (!org.has_value()) {
      return absl::PermissionDeniedError("\"mine\" lists an organisation's pools: join one");
    }
    where.Add("p.id IN (SELECT pool_id FROM market_pool_members WHERE org_id = ?)", *org);
  } else if (filter.scope == "market") {
    if (org.has_value()) {
      where.Add(
          "(w.state IN ('published', 'closed') OR p.id IN (SELECT pool_id FROM "
          "market_pool_members WHERE org_id = ?))",
          *org);
    } else {
      where.AddRaw("w.state IN ('published', 'closed')");
    }
  } else {
    return base::InvalidField("scope", "must be market or mine");
  }
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(
      db::Result count,
      conn->Query(base::StrCat("SELECT COUNT(*) FROM market_pools p JOIN workflow_records w ON "
                               "w.kind = 'pool' AND w.record_id = p.id",
                               where.sql()),
                  where.params()));
  auto [limit_sql, params] = where.Paged(filter.limit, filter.offset);
  IPHUB_ASSIGN_OR_RETURN(
      db::Result rows,
      conn->Query(base::StrCat(kPoolSelect, where.sql(), " ORDER BY p.updated_at DESC, p.id DESC",
                               limit_sql),
                  params));
  std::vector<PoolView> views;
  for (const db::Row& row : rows.rows) {
    IPHUB_ASSIGN_OR_RETURN(PoolView view, ViewOf(*conn, principal, PoolOfRow(row), false));
    views.push_back(std::move(view));
  }
  return std::make_pair(std::move(views), count.rows[0].Int(0));
}

absl::StatusOr<PoolView> PoolService::AddMember(const auth::Principal* principal, int64_t id,
                                                int64_t org_id) {
  IPHUB_RETURN_IF_ERROR(RequireOrganisation(principal, "changing a patent pool"));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Pool pool, Load(*conn, principal, id));
  if (!InOrganisation(principal, pool.admin_org_id)) {
    return absl::PermissionDeniedError("only the pool's administrator adds members");
  }
  IPHUB_RETURN_IF_ERROR(RequireOpen(pool));
  absl::StatusOr<auth::Organization> org = auth::store::GetOrganization(*conn, org_id);
  if (absl::IsNotFound(org.status())) return base::InvalidField("org_id", "no such organisation");
  IPHUB_RETURN_IF_ERROR(org.status());
  IPHUB_ASSIGN_OR_RETURN(
      db::Result present,
      conn->Query("SELECT 1 FROM market_pool_members WHERE pool_id = $1 AND org_id = $2",
                  {id, org_id}));
  if (!present.rows.empty()) {
    return absl::AlreadyExistsError(base::StrCat(org->name, " is a member already"));
  }
  IPHUB_RETURN_IF_ERROR(
      conn->Exec("INSERT INTO market_pool_members (pool_id, org_id, joined_at) VALUES ($1, $2, $3)",
                 {id, org_id, clock_.NowMillis()}));
  IPHUB_RETURN_IF_ERROR(Audit(*conn, principal, pool, "member_add", {{"org_id", org_id}}));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  IPHUB_ASSIGN_OR_RETURN(Pool stored, GetPool(*conn, id));
  return ViewOf(*conn, principal, std::move(stored), true);
}

absl::StatusOr<PoolView> PoolService::RemoveMember(const auth::Principal* principal, int64_t id,
                                                   int64_t org_id) {
  IPHUB_RETURN_IF_ERROR(RequireOrganisation(principal, "changing a patent pool"));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Pool pool, Load(*conn, principal, id));
  if (!InOrganisation(principal, pool.admin_org_id) && !InOrganisation(principal, org_id)) {
    return absl::PermissionDeniedError("the administrator removes members; a member may leave");
  }
  IPHUB_RETURN_IF_ERROR(RequireOpen(pool));
  if (org_id == pool.admin_org_id) {
    return absl::FailedPreconditionError("the administrator stays in its pool: close it instead");
  }
  IPHUB_ASSIGN_OR_RETURN(
      db::Result present,
      conn->Query("SELECT 1 FROM market_pool_members WHERE pool_id = $1 AND org_id = $2",
                  {id, org_id}));
  if (present.rows.empty()) return absl::NotFoundError("no such member of this pool");
  IPHUB_RETURN_IF_ERROR(
      conn->Exec("DELETE FROM market_pool_patents WHERE pool_id = $1 AND contributor_org_id = $2",
                 {id, org_id}));
  IPHUB_RETURN_IF_ERROR(conn->Exec(
      "DELETE FROM market_pool_members WHERE pool_id = $1 AND org_id = $2", {id, org_id}));
  IPHUB_RETURN_IF_ERROR(Audit(*conn, principal, pool, "member_remove", {{"org_id", org_id}}));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  IPHUB_ASSIGN_OR_RETURN(Pool stored, GetPool(*conn, id));
  return ViewOf(*conn, principal, std::move(stored), true);
}

absl::StatusOr<PoolView> PoolService::AddPatent(const auth::Principal* principal, int64_t id,
                                                std::string_view number) {
  IPHUB_RETURN_IF_ERROR(RequireOrganisation(principal, "contributing a patent"));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Pool pool, Load(*conn, principal, id));
  if (!IsMember(*conn, principal, id)) {
    return absl::PermissionDeniedError("member organisations contribute patents");
  }
  IPHUB_RETURN_IF_ERROR(RequireOpen(pool));
  absl::StatusOr<patents::NumberQuery> query = patents::ParseNumberQuery(number);
  if (!query.ok()) return base::WithField(query.status(), "patent");
  IPHUB_ASSIGN_OR_RETURN(std::vector<patents::store::StoredPatent> found,
                         patents::store::FindByNumber(*conn, *query));
  if (found.empty()) {
    return base::InvalidField("patent", base::StrCat("no stored patent has the number ", number));
  }
  IPHUB_ASSIGN_OR_RETURN(patents::Patent patent,
                         patents::store::GetPatent(*conn, found.front().publication_number));
  IPHUB_RETURN_IF_ERROR(CheckInForce(patent, Today()));
  IPHUB_ASSIGN_OR_RETURN(auth::Organization org,
                         auth::store::GetOrganization(*conn, *principal->organization_id));
  IPHUB_RETURN_IF_ERROR(CheckHeldBy(*conn, patent, org.name, Today()));
  IPHUB_ASSIGN_OR_RETURN(
      db::Result present,
      conn->Query(
          "SELECT 1 FROM market_pool_patents WHERE pool_id = $1 AND publication_number = $2",
          {id, patent.publication_number}));
  if (!present.rows.empty()) {
    return absl::AlreadyExistsError(
        base::StrCat(patent.publication_number, " is in the pool already"));
  }
  IPHUB_RETURN_IF_ERROR(
      conn->Exec("INSERT INTO market_pool_patents (pool_id, publication_number, "
                 "contributor_org_id, added_at) VALUES ($1, $2, $3, $4)",
                 {id, patent.publication_number, org.id, clock_.NowMillis()}));
  IPHUB_RETURN_IF_ERROR(Audit(*conn, principal, pool, "patent_add",
                              {{"publication_number", patent.publication_number}}));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  IPHUB_ASSIGN_OR_RETURN(Pool stored, GetPool(*conn, id));
  return ViewOf(*conn, principal, std::move(stored), true);
}

absl::StatusOr<PoolView> PoolService::RemovePatent(const auth::Principal* principal, int64_t id,
                                                   std::string_view publication_number) {
  IPHUB_RETURN_IF_ERROR(RequireOrganisation(principal, "changing a patent pool"));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Pool pool, Load(*conn, principal, id));
  IPHUB_RETURN_IF_ERROR(RequireOpen(pool));
  IPHUB_ASSIGN_OR_RETURN(
      db::Result found,
      conn->Query("SELECT contributor_org_id FROM market_pool_patents WHERE pool_id = $1 AND "
                  "publication_number = $2",
                  {id, std::string(publication_number)}));
  if (found.rows.empty()) {
    return absl::NotFoundError(base::StrCat(publication_number, " is not in pool ", id));
  }
  if (!InOrganisation(principal, pool.admin_org_id) &&
      !InOrganisation(principal, found.rows[0].Int(0))) {
    return absl::PermissionDeniedError("the contributor or the administrator removes a patent");
  }
  IPHUB_RETURN_IF_ERROR(
      conn->Exec("DELETE FROM market_pool_patents WHERE pool_id = $1 AND publication_number = $2",
                 {id, std::string(publication_number)}));
  IPHUB_RETURN_IF_ERROR(Audit(*conn, principal, pool, "patent_remove",
                              {{"publication_number", std::string(publication_number)}}));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  IPHUB_ASSIGN_OR_RETURN(Pool stored, GetPool(*conn, id));
  return ViewOf(*conn, principal, std::move(stored), true);
}

absl::StatusOr<PoolView> PoolService::Transition(const auth::Principal* principal, int64_t id,
                                                 std::string_view transition,
                                                 const workflow::FireOptions& options) {
  if (principal == nullptr) return absl::UnauthenticatedError("log in first");
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Pool pool, Load(*conn, principal, id));
  IPHUB_RETURN_IF_ERROR(
      workflow_.Fire(*conn, id, transition, ActorFor(principal, pool), clock_.NowMillis(), options)
          .status());
  IPHUB_RETURN_IF_ERROR(conn->Exec("UPDATE market_pools SET updated_at = $1 WHERE id = $2",
                                   {clock_.NowMillis(), id}));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  IPHUB_ASSIGN_OR_RETURN(Pool stored, GetPool(*conn, id));
  return ViewOf(*conn, principal, std::move(stored), true);
}

}  // namespace iphub::market
