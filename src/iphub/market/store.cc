#include "iphub/market/store.h"

#include <utility>

#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/db/where.h"

namespace iphub::market::store {

std::pair<std::string, db::Params> AnyOf(std::string_view column,
                                         const std::vector<std::string>& values) {
  std::string sql = "(1 = 0";
  db::Params params;
  for (const std::string& value : values) {
    base::StrAppend(&sql, " OR ", column, " = ?");
    params.emplace_back(value);
  }
  sql += ")";
  return {std::move(sql), std::move(params)};
}

namespace {

constexpr std::string_view kListingSelect =
    "SELECT l.id, l.publication_number, l.patent_title, l.kind, l.title, l.price_fen, l.terms, "
    "l.region_code, l.industry, l.trl, l.scenarios, l.description, l.contact_name, "
    "l.contact_phone, l.contact_visibility, l.lister_org_id, lo.name, l.holder_org_id, ho.name, "
    "l.created_by, l.created_at, l.updated_at, w.state, w.version, w.state_since_ms, "
    "l.right_type "
    "FROM market_listings l "
    "JOIN organizations lo ON lo.id = l.lister_org_id "
    "JOIN organizations ho ON ho.id = l.holder_org_id "
    "JOIN workflow_records w ON w.kind = 'listing' AND w.record_id = l.id";

Listing ListingOfRow(const db::Row& row) {
  Listing listing;
  listing.id = row.Int(0);
  listing.publication_number = row.Text(1);
  listing.patent_title = row.Text(2);
  listing.kind = ParseListingKind(row.Text(3)).value_or(ListingKind::kTransfer);
  listing.title = row.Text(4);
  listing.price_fen = row.OptInt(5);
  listing.terms = row.Text(6);
  listing.region_code = row.Text(7);
  listing.industry = row.Text(8);
  listing.trl = static_cast<int>(row.Int(9));
  listing.scenarios = row.Text(10);
  listing.description = row.Text(11);
  listing.contact_name = row.Text(12);
  listing.contact_phone = row.Text(13);
  listing.contact_visibility =
      ParseContactVisibility(row.Text(14)).value_or(ContactVisibility::kMembers);
  listing.lister_org_id = row.Int(15);
  listing.lister_org_name = row.Text(16);
  listing.holder_org_id = row.Int(17);
  listing.holder_org_name = row.Text(18);
  listing.created_by = row.Int(19);
  listing.created_at = row.Int(20);
  listing.updated_at = row.Int(21);
  listing.state = row.Text(22);
  listing.version = row.Int(23);
  listing.state_since = row.Int(24);
  listing.right_type = ParseRightType(row.Text(25)).value_or(RightType::kPatent);
  return listing;
}

constexpr std::string_view kAuthorisationSelect =
    "SELECT a.id, a.holder_org_id, h.name, a.agency_org_id, g.name, a.publication_number, "
    "a.valid_until, a.created_by, a.created_at, a.revoked_at FROM market_authorisations a "
    "JOIN organizations h ON h.id = a.holder_org_id "
    "JOIN organizations g ON g.id = a.agency_org_id";

Authorisation AuthorisationOfRow(const db::Row& row) {
  return Authorisation{.id = row.Int(0),
                       .holder_org_id = row.Int(1),
                       .holder_org_name = row.Text(2),
                       .agency_org_id = row.Int(3),
                       .agency_org_name = row.Text(4),
                       .publication_number = row.OptText(5),
                       .valid_until = row.Text(6),
                       .created_by = row.Int(7),
                       .created_at = row.Int(8),
                       .revoked_at = row.OptInt(9)};
}

// "(w.state = ? OR w.state = ? …)" for the listed states, with the values.
std::pair<std::string, db::Params> StateIn(const std::vector<std::string>& states) {
  return AnyOf("w.state", states);
}

// Visibility: the records of the caller's organisation (any of `org_columns`), those in
// `public_states`, and (reviewers) those under `review_prefix`.
void AddVisibility(db::Where& where, const std::vector<std::string>& org_columns,
                   std::string_view region_column, std::optional<int64_t> own_org_id,
                   const std::vector<std::string>& public_states,
                   const std::optional<std::string>& review_prefix) {
  std::string visible = "(1 = 0";
  db::Params params;
  if (own_org_id.has_value()) {
    for (const std::string& column : org_columns) {
      visible += base::StrCat(" OR ", column, " = ?");
      params.emplace_back(*own_org_id);
    }
  }
  if (!public_states.empty()) {
    auto [sql, state_params] = StateIn(public_states);
    visible += " OR " + sql;
    for (db::P& param : state_params) params.push_back(std::move(param));
  }
  if (review_prefix.has_value()) {
    visible += base::StrCat(" OR ", region_column, " LIKE ? ESCAPE '\\'");
    params.emplace_back(db::LikeContains(*review_prefix).substr(1));
  }
  where.AddEach(visible + ")", params);
}

}  // namespace

absl::StatusOr<int64_t> InsertListing(db::Connection& conn, const Listing& listing) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query(
          "INSERT INTO market_listings (publication_number, patent_title, kind, title, price_fen, "
          "terms, region_code, industry, trl, scenarios, description, contact_name, "
          "contact_phone, contact_visibility, lister_org_id, holder_org_id, created_by, "
          "created_at, updated_at, right_type) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
          "$11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING id",
          {listing.publication_number,
           listing.patent_title,
           ListingKindName(listing.kind),
           listing.title,
           listing.price_fen,
           listing.terms,
           listing.region_code,
           listing.industry,
           listing.trl,
           listing.scenarios,
           listing.description,
           listing.contact_name,
           listing.contact_phone,
           ContactVisibilityName(listing.contact_visibility),
           listing.lister_org_id,
           listing.holder_org_id,
           listing.created_by,
           listing.created_at,
           listing.updated_at,
           RightTypeName(listing.right_type)}));
  return result.rows[0].Int(0);
}

absl::Status UpdateListing(db::Connection& conn, const Listing& listing) {
  return conn.Exec(
      "UPDATE market_listings SET publication_number = $1, patent_title = $2, kind = $3, "
      "title = $4, price_fen = $5, terms = $6, region_code = $7, industry = $8, trl = $9, "
      "scenarios = $10, description = $11, contact_name = $12, contact_phone = $13, "
      "contact_visibility = $14, holder_org_id = $15, updated_at = $16, right_type = $18 "
      "WHERE id = $17",
      {listing.publication_number, listing.patent_title, ListingKindName(listing.kind),
       listing.title, listing.price_fen, listing.terms, listing.region_code, listing.industry,
       listing.trl, listing.scenarios, listing.description, listing.contact_name,
       listing.contact_phone, ContactVisibilityName(listing.contact_visibility),
       listing.holder_org_id, listing.updated_at, listing.id, RightTypeName(listing.right_type)});
}

absl::StatusOr<Listing> GetListing(db::Connection& conn, int64_t id) {
  IPHUB_ASSIGN_OR_RETURN(db::Result rows,
                         conn.Query(base::StrCat(kListingSelect, " WHERE l.id = $1"), {id}));
  if (rows.rows.empty()) return absl::NotFoundError(base::StrCat("no listing ", id));
  return ListingOfRow(rows.rows[0]);
}

absl::StatusOr<std::pair<std::vector<Listing>, int64_t>> ListListings(db::Connection& conn,
                                                                      const ListingQuery& query) {
  db::Where where;
  if (!query.text.empty()) {
    const std::string like = db::LikeContains(query.text);
    where.AddEach(
        "(l.title LIKE ? ESCAPE '\\' OR l.patent_title LIKE ? ESCAPE '\\' OR "
        "l.publication_number LIKE ? ESCAPE '\\' OR l.industry LIKE ? ESCAPE '\\' OR "
        "l.scenarios LIKE ? ESCAPE '\\')",
        {like, like, like, like, like});
  }
  if (query.kind.has_value()) where.Add("l.kind = ?", ListingKindName(*query.kind));
  if (!query.region_prefix.empty()) {
    where.Add("l.region_code LIKE ? ESCAPE '\\'",
              base::StrCat(db::LikeContains(query.region_prefix).substr(1)));
  }
  if (!query.industry.empty()) where.Add("l.industry = ?", query.industry);
  if (!query.states.empty()) {
    auto [sql, params] = StateIn(query.states);
    where.AddEach(sql, params);
  }
  AddVisibility(where, {"l.lister_org_id", "l.holder_org_id"}, "l.region_code", query.own_org_id,
                query.only_own ? std::vector<std::string>{} : query.public_states,
                query.only_own ? std::nullopt : query.review_prefix);

  const std::string from = base::StrCat(
      " FROM market_listings l JOIN workflow_records w ON w.kind = 'listing' AND w.record_id = "
      "l.id",
      where.sql());
  IPHUB_ASSIGN_OR_RETURN(db::Result count,
                         conn.Query(base::StrCat("SELECT COUNT(*)", from), where.params()));
  auto [limit_sql, params] = where.Paged(query.limit, query.offset);
  IPHUB_ASSIGN_OR_RETURN(db::Result rows, conn.Query(base::StrCat(kListingSelect, where.sql(),
                                                                  " ORDER BY l.id DESC", limit_sql),
                                                     params));
  std::vector<Listing> out;
  for (const db::Row& row : rows.rows) out.push_back(ListingOfRow(row));
  return std::make_pair(std::move(out), count.rows[0].Int(0));
}

absl::StatusOr<std::vector<Listing>> ListingsOfPatent(db::Connection& conn,
                                                      std::string_view publication_number,
                                                      int64_t except_id,
                                                      const std::vector<std::string>& states) {
  db::Where where;
  where.Add("l.publication_number = ?", publication_number);
  where.Add("l.id <> ?", except_id);
  auto [sql, params] = StateIn(states);
  where.AddEach(sql, params);
  IPHUB_ASSIGN_OR_RETURN(
      db::Result rows,
      conn.Query(base::StrCat(kListingSelect, where.sql(), " ORDER BY l.id"), where.params()));
  std::vector<Listing> out;
  for (const db::Row& row : rows.rows) out.push_back(ListingOfRow(row));
  return out;
}

absl::StatusOr<int64_t> InsertAuthorisation(db::Connection& conn, const Authorisation& grant) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query("INSERT INTO market_authorisations (holder_org_id, agency_org_id, "
                 "publication_number, valid_until, created_by, created_at) VALUES ($1, $2, $3, "
                 "$4, $5, $6) RETURNING id",
                 {grant.holder_org_id, grant.agency_org_id, grant.publication_number,
                  grant.valid_until, grant.created_by, grant.created_at}));
  return result.rows[0].Int(0);
}

absl::StatusOr<Authorisation> GetAuthorisation(db::Connection& conn, int64_t id) {
  IPHUB_ASSIGN_OR_RETURN(db::Result rows,
                         conn.Query(base::StrCat(kAuthorisationSelect, " WHERE a.id = $1"), {id}));
  if (rows.rows.empty()) return absl::NotFoundError(base::StrCat("no authorisation ", id));
  return AuthorisationOfRow(rows.rows[0]);
}

absl::Status RevokeAuthorisation(db::Connection& conn, int64_t id, int64_t now_ms) {
  return conn.Exec(
      "UPDATE market_authorisations SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
      {now_ms, id});
}

absl::StatusOr<std::vector<Authorisation>> AuthorisationsOf(db::Connection& conn, int64_t org_id) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result rows,
      conn.Query(base::StrCat(kAuthorisationSelect,
                              " WHERE a.holder_org_id = $1 OR a.agency_org_id = $1 "
                              "ORDER BY a.id DESC"),
                 {org_id}));
  std::vector<Authorisation> out;
  for (const db::Row& row : rows.rows) out.push_back(AuthorisationOfRow(row));
  return out;
}

absl::StatusOr<bool> IsAuthorised(db::Connection& conn, int64_t holder, int64_t agency,
                                  std::string_view publication_number, std::string_view today) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result rows,
      conn.Query("SELECT COUNT(*) FROM market_authorisations WHERE holder_org_id = $1 AND "
                 "agency_org_id = $2 AND revoked_at IS NULL AND valid_until >= $3 AND "
                 "(publication_number IS NULL OR publication_number = $4)",
                 {holder, agency, today, publication_number}));
  return rows.rows[0].Int(0) > 0;
}

// --- Demands ----------------------------------------------------------------

namespace {

constexpr std::string_view kDemandSelect =
    "SELECT d.id, d.title, d.problem, d.industry, d.ipc, d.budget_fen, d.deadline, "
    "d.region_code, d.contact_name, d.contact_phone, d.contact_visibility, d.org_id, o.name, "
    "d.created_by, d.created_at, d.updated_at, w.state, w.version, w.state_since_ms "
    "FROM market_demands d JOIN organizations o ON o.id = d.org_id "
    "JOIN workflow_records w ON w.kind = 'demand' AND w.record_id = d.id";

Demand DemandOfRow(const db::Row& row) {
  Demand demand;
  demand.id = row.Int(0);
  demand.title = row.Text(1);
  demand.problem = row.Text(2);
  demand.industry = row.Text(3);
  demand.ipc = row.Text(4);
  demand.budget_fen = row.OptInt(5);
  demand.deadline = row.Text(6);
  demand.region_code = row.Text(7);
  demand.contact_name = row.Text(8);
  demand.contact_phone = row.Text(9);
  demand.contact_visibility =
      ParseContactVisibility(row.Text(10)).value_or(ContactVisibility::kMembers);
  demand.org_id = row.Int(11);
  demand.org_name = row.Text(12);
  demand.created_by = row.Int(13);
  demand.created_at = row.Int(14);
  demand.updated_at = row.Int(15);
  demand.state = row.Text(16);
  demand.version = row.Int(17);
  demand.state_since = row.Int(18);
  return demand;
}

constexpr std::string_view kInvitationSelect =
    "SELECT i.id, i.demand_id, d.title, i.supplier_org_id, o.name, i.invited_by, i.invited_at, "
    "i.respond_by, i.responded_at, i.answer, i.message FROM market_demand_invitations i "
    "JOIN market_demands d ON d.id = i.demand_id "
    "JOIN organizations o ON o.id = i.supplier_org_id";

Invitation InvitationOfRow(const db::Row& row) {
  return Invitation{.id = row.Int(0),
                    .demand_id = row.Int(1),
                    .demand_title = row.Text(2),
                    .supplier_org_id = row.Int(3),
                    .supplier_org_name = row.Text(4),
                    .invited_by = row.Int(5),
                    .invited_at = row.Int(6),
                    .respond_by = row.Int(7),
                    .responded_at = row.OptInt(8),
                    .answer = row.OptText(9),
                    .message = row.Text(10)};
}

absl::StatusOr<std::vector<Invitation>> Invitations(db::Connection& conn, std::string_view where,
                                                    const db::Params& params) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result rows,
      conn.Query(base::StrCat(kInvitationSelect, where, " ORDER BY i.id DESC"), params));
  std::vector<Invitation> out;
  for (const db::Row& row : rows.rows) out.push_back(InvitationOfRow(row));
  return out;
}

}  // namespace

absl::StatusOr<int64_t> InsertDemand(db::Connection& conn, const Demand& demand) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query("INSERT INTO market_demands (title, problem, industry, ipc, budget_fen, "
                 "deadline, region_code, contact_name, contact_phone, contact_visibility, "
                 "org_id, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, "
                 "$7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
                 {demand.title, demand.problem, demand.industry, demand.ipc, demand.budget_fen,
                  demand.deadline, demand.region_code, demand.contact_name, demand.contact_phone,
                  ContactVisibilityName(demand.contact_visibility), demand.org_id,
                  demand.created_by, demand.created_at, demand.updated_at}));
  return result.rows[0].Int(0);
}

absl::Status UpdateDemand(db::Connection& conn, const Demand& demand) {
  return conn.Exec(
      "UPDATE market_demands SET title = $1, problem = $2, industry = $3, ipc = $4, "
      "budget_fen = $5, deadline = $6, region_code = $7, contact_name = $8, contact_phone = $9, "
      "contact_visibility = $10, updated_at = $11 WHERE id = $12",
      {demand.title, demand.problem, demand.industry, demand.ipc, demand.budget_fen,
       demand.deadline, demand.region_code, demand.contact_name, demand.contact_phone,
       ContactVisibilityName(demand.contact_visibility), demand.updated_at, demand.id});
}

absl::StatusOr<Demand> GetDemand(db::Connection& conn, int64_t id) {
  IPHUB_ASSIGN_OR_RETURN(db::Result rows,
                         conn.Query(base::StrCat(kDemandSelect, " WHERE d.id = $1"), {id}));
  if (rows.rows.empty()) return absl::NotFoundError(base::StrCat("no demand ", id));
  return DemandOfRow(rows.rows[0]);
}

absl::StatusOr<std::pair<std::vector<Demand>, int64_t>> ListDemands(db::Connection& conn,
                                                                    const DemandQuery& query) {
  db::Where where;
  if (!query.text.empty()) {
    const std::string like = db::LikeContains(query.text);
    where.AddEach(
        "(d.title LIKE ? ESCAPE '\\' OR d.problem LIKE ? ESCAPE '\\' OR d.industry LIKE ? "
        "ESCAPE '\\')",
        {like, like, like});
  }
  if (!query.region_prefix.empty()) {
    where.Add("d.region_code LIKE ? ESCAPE '\\'", db::LikeContains(query.region_prefix).substr(1));
  }
  if (!query.industry.empty()) where.Add("d.industry = ?", query.industry);
  if (!query.states.empty()) {
    auto [sql, params] = StateIn(query.states);
    where.AddEach(sql, params);
  }
  AddVisibility(where, {"d.org_id"}, "d.region_code", query.own_org_id,
                query.only_own ? std::vector<std::string>{} : query.public_states,
                query.only_own ? std::nullopt : query.review_prefix);
  const std::string from = base::StrCat(
      " FROM market_demands d JOIN workflow_records w ON w.kind = 'demand' AND w.record_id = d.id",
      where.sql());
  IPHUB_ASSIGN_OR_RETURN(db::Result count,
                         conn.Query(base::StrCat("SELECT COUNT(*)", from), where.params()));
  auto [limit_sql, params] = where.Paged(query.limit, query.offset);
  IPHUB_ASSIGN_OR_RETURN(db::Result rows, conn.Query(base::StrCat(kDemandSelect, where.sql(),
                                                                  " ORDER BY d.id DESC", limit_sql),
                                                     params));
  std::vector<Demand> out;
  for (const db::Row& row : rows.rows) out.push_back(DemandOfRow(row));
  return std::make_pair(std::move(out), count.rows[0].Int(0));
}

absl::StatusOr<std::optional<int64_t>> InsertInvitation(db::Connection& conn,
                                                        const Invitation& invitation) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query("INSERT INTO market_demand_invitations (demand_id, supplier_org_id, invited_by, "
                 "invited_at, respond_by, message) VALUES ($1, $2, $3, $4, $5, '') "
                 "ON CONFLICT (demand_id, supplier_org_id) DO NOTHING RETURNING id",
                 {invitation.demand_id, invitation.supplier_org_id, invitation.invited_by,
                  invitation.invited_at, invitation.respond_by}));
  if (result.rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(result.rows[0].Int(0));
}

absl::StatusOr<Invitation> GetInvitation(db::Connection& conn, int64_t id) {
  IPHUB_ASSIGN_OR_RETURN(std::vector<Invitation> found,
                         Invitations(conn, " WHERE i.id = $1", {id}));
  if (found.empty()) return absl::NotFoundError(base::StrCat("no invitation ", id));
  return found.front();
}

absl::StatusOr<std::vector<Invitation>> InvitationsOfDemand(db::Connection& conn,
                                                            int64_t demand_id) {
  return Invitations(conn, " WHERE i.demand_id = $1", {demand_id});
}

absl::StatusOr<std::vector<Invitation>> InvitationsOfSupplier(db::Connection& conn,
                                                              int64_t supplier_org_id) {
  return Invitations(conn, " WHERE i.supplier_org_id = $1", {supplier_org_id});
}

absl::StatusOr<std::vector<Invitation>> InvitationsInRegion(db::Connection& conn,
                                                            std::string_view region_prefix) {
  return Invitations(conn, " WHERE o.region_code LIKE $1 ESCAPE '\\'",
                     {db::LikeContains(region_prefix).substr(1)});
}

absl::StatusOr<bool> AnswerInvitation(db::Connection& conn, int64_t id, std::string_view answer,
                                      std::string_view message, int64_t now_ms) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query("UPDATE market_demand_invitations SET answer = $1, message = $2, "
                 "responded_at = $3 WHERE id = $4 AND answer IS NULL",
                 {answer, message, now_ms, id}));
  return result.affected_rows == 1;
}

}  // namespace iphub::market::store
