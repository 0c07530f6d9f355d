#include "iphub/market/deal_store.h"

#include <utility>

#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/db/where.h"
#include "iphub/market/store.h"

namespace iphub::market::deal_store {
namespace {

constexpr std::string_view kDealSelect =
    "SELECT d.id, d.listing_id, l.title, d.demand_id, d.publication_number, l.patent_title, "
    "d.kind, d.buyer_org_id, bo.name, d.seller_org_id, so.name, d.lister_org_id, lo.name, "
    "d.region_code, d.asking_price_fen, d.agreed_price_fen, d.agreed_terms, d.agreed_at, "
    "d.recordal_number, d.recorded_event, d.created_by, d.created_at, d.updated_at, w.state, "
    "w.version, w.state_since_ms "
    "FROM market_deals d "
    "JOIN market_listings l ON l.id = d.listing_id "
    "JOIN organizations bo ON bo.id = d.buyer_org_id "
    "JOIN organizations so ON so.id = d.seller_org_id "
    "JOIN organizations lo ON lo.id = d.lister_org_id "
    "JOIN workflow_records w ON w.kind = 'deal' AND w.record_id = d.id";

Deal DealOfRow(const db::Row& row) {
  Deal deal;
  deal.id = row.Int(0);
  deal.listing_id = row.Int(1);
  deal.listing_title = row.Text(2);
  deal.demand_id = row.OptInt(3);
  deal.publication_number = row.Text(4);
  deal.patent_title = row.Text(5);
  deal.kind = ParseListingKind(row.Text(6)).value_or(ListingKind::kTransfer);
  deal.buyer_org_id = row.Int(7);
  deal.buyer_org_name = row.Text(8);
  deal.seller_org_id = row.Int(9);
  deal.seller_org_name = row.Text(10);
  deal.lister_org_id = row.Int(11);
  deal.lister_org_name = row.Text(12);
  deal.region_code = row.Text(13);
  deal.asking_price_fen = row.OptInt(14);
  deal.agreed_price_fen = row.OptInt(15);
  deal.agreed_terms = row.Text(16);
  deal.agreed_at = row.OptInt(17);
  deal.recordal_number = row.Text(18);
  deal.recorded_event = row.Text(19);
  deal.created_by = row.Int(20);
  deal.created_at = row.Int(21);
  deal.updated_at = row.Int(22);
  deal.state = row.Text(23);
  deal.version = row.Int(24);
  deal.state_since = row.Int(25);
  return deal;
}

DealSide SideOf(std::string_view name) {
  return name == "seller" ? DealSide::kSeller : DealSide::kBuyer;
}

OfferStatus StatusOf(std::string_view name) {
  if (name == "accepted") return OfferStatus::kAccepted;
  if (name == "superseded") return OfferStatus::kSuperseded;
  return OfferStatus::kOpen;
}

constexpr std::string_view kOfferSelect =
    "SELECT o.id, o.deal_id, o.side, o.author_id, u.display_name, o.price_fen, o.terms, o.status, "
    "o.created_at FROM market_deal_offers o JOIN users u ON u.id = o.author_id";

DealOffer OfferOfRow(const db::Row& row) {
  return DealOffer{.id = row.Int(0),
                   .deal_id = row.Int(1),
                   .side = SideOf(row.Text(2)),
                   .author_id = row.Int(3),
                   .author = row.Text(4),
                   .price_fen = row.OptInt(5),
                   .terms = row.Text(6),
                   .status = StatusOf(row.Text(7)),
                   .created_at = row.Int(8)};
}

}  // namespace

absl::StatusOr<int64_t> InsertDeal(db::Connection& conn, const Deal& deal) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query(
          "INSERT INTO market_deals (listing_id, demand_id, publication_number, kind, "
          "buyer_org_id, seller_org_id, lister_org_id, region_code, asking_price_fen, "
          "created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
          "$9, $10, $11, $12) RETURNING id",
          {deal.listing_id, deal.demand_id, deal.publication_number, ListingKindName(deal.kind),
           deal.buyer_org_id, deal.seller_org_id, deal.lister_org_id, deal.region_code,
           deal.asking_price_fen, deal.created_by, deal.created_at, deal.updated_at}));
  return result.rows[0].Int(0);
}

absl::StatusOr<Deal> GetDeal(db::Connection& conn, int64_t id) {
  IPHUB_ASSIGN_OR_RETURN(db::Result result,
                         conn.Query(base::StrCat(kDealSelect, " WHERE d.id = $1"), {id}));
  if (result.rows.empty()) return absl::NotFoundError(base::StrCat("no deal ", id));
  return DealOfRow(result.rows[0]);
}

absl::Status Touch(db::Connection& conn, int64_t id, int64_t now_ms) {
  return conn.Exec("UPDATE market_deals SET updated_at = $1 WHERE id = $2", {now_ms, id});
}

absl::Status SetAgreement(db::Connection& conn, int64_t id, std::optional<int64_t> price_fen,
                          std::string_view terms, int64_t agreed_at) {
  return conn.Exec(
      "UPDATE market_deals SET agreed_price_fen = $1, agreed_terms = $2, agreed_at = $3, "
      "updated_at = $3 WHERE id = $4",
      {price_fen, std::string(terms), agreed_at, id});
}

absl::Status SetRecordalNumber(db::Connection& conn, int64_t id, std::string_view number) {
  return conn.Exec("UPDATE market_deals SET recordal_number = $1 WHERE id = $2",
                   {std::string(number), id});
}

absl::Status SetRecordedEvent(db::Connection& conn, int64_t id, std::string_view event) {
  return conn.Exec("UPDATE market_deals SET recorded_event = $1 WHERE id = $2",
                   {std::string(event), id});
}

absl::StatusOr<std::pair<std::vector<Deal>, int64_t>> ListDeals(db::Connection& conn,
                                                                const DealQuery& query) {
  db::Where where;
  if (query.org_id.has_value()) {
    where.AddEach("(d.buyer_org_id = ? OR d.seller_org_id = ? OR d.lister_org_id = ?)",
                  {*query.org_id, *query.org_id, *query.org_id});
  }
  if (query.region_prefix.has_value()) {
    where.Add("d.region_code LIKE ? ESCAPE '\\'", db::LikeContains(*query.region_prefix).substr(1));
  }
  if (!query.states.empty()) {
    auto [sql, params] = store::AnyOf("w.state", query.states);
    where.AddEach(sql, params);
  }
  if (query.listing_id.has_value()) where.Add("d.listing_id = ?", *query.listing_id);
  if (query.buyer_org_id.has_value()) where.Add("d.buyer_org_id = ?", *query.buyer_org_id);
  IPHUB_ASSIGN_OR_RETURN(
      db::Result count,
      conn.Query(base::StrCat("SELECT COUNT(*) FROM market_deals d JOIN workflow_records w ON "
                              "w.kind = 'deal' AND w.record_id = d.id",
                              where.sql()),
                 where.params()));
  auto [limit_sql, params] = where.Paged(query.limit, query.offset);
  IPHUB_ASSIGN_OR_RETURN(
      db::Result rows, conn.Query(base::StrCat(kDealSelect, where.sql(),
                                               " ORDER BY d.updated_at DESC, d.id DESC", limit_sql),
                                  params));
  std::vector<Deal> out;
  for (const db::Row& row : rows.rows) out.push_back(DealOfRow(row));
  return std::make_pair(std::move(out), count.rows[0].Int(0));
}

absl::StatusOr<std::vector<Deal>> DealsOnPatents(
    db::Connection& conn, const std::vector<std::string>& publication_numbers,
    const std::vector<std::string>& states) {
  db::Where where;
  auto [numbers_sql, numbers] = store::AnyOf("d.publication_number", publication_numbers);
  where.AddEach(numbers_sql, numbers);
  auto [states_sql, state_params] = store::AnyOf("w.state", states);
  where.AddEach(states_sql, state_params);
  IPHUB_ASSIGN_OR_RETURN(
      db::Result rows,
      conn.Query(base::StrCat(kDealSelect, where.sql(), " ORDER BY d.agreed_at DESC, d.id DESC"),
                 where.params()));
  std::vector<Deal> out;
  for (const db::Row& row : rows.rows) out.push_back(DealOfRow(row));
  return out;
}

absl::StatusOr<std::vector<ComparablePrice>> ComparablePrices(
    db::Connection& conn, std::string_view ipc_subclass, int64_t from_ms, int64_t to_ms,
    const std::vector<std::string>& states, const std::vector<std::string>& excluded) {
  db::Where where;
  auto [states_sql, state_params] = store::AnyOf("w.state", states);
  where.AddEach(states_sql, state_params);
  where.AddRaw("d.agreed_price_fen IS NOT NULL");
  where.Add("d.agreed_at >= ?", from_ms);
  where.Add("d.agreed_at <= ?", to_ms);
  where.Add("SUBSTR(p.ipc_main, 1, 4) = ?", std::string(ipc_subclass));
  for (const std::string& number : excluded) where.Add("d.publication_number <> ?", number);
  IPHUB_ASSIGN_OR_RETURN(
      db::Result rows,
      conn.Query(base::StrCat("SELECT d.kind, d.agreed_price_fen FROM market_deals d "
                              "JOIN workflow_records w ON w.kind = 'deal' AND w.record_id = d.id "
                              "JOIN patents p ON p.publication_number = d.publication_number",
                              where.sql(), " ORDER BY d.agreed_price_fen, d.id"),
                 where.params()));
  std::vector<ComparablePrice> out;
  for (const db::Row& row : rows.rows) {
    out.push_back({.kind = ParseListingKind(row.Text(0)).value_or(ListingKind::kTransfer),
                   .price_fen = row.Int(1)});
  }
  return out;
}

absl::StatusOr<int64_t> InsertMessage(db::Connection& conn, const DealMessage& message) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query("INSERT INTO market_deal_messages (deal_id, side, author_id, body, created_at) "
                 "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                 {message.deal_id, DealSideName(message.side), message.author_id, message.text,
                  message.created_at}));
  return result.rows[0].Int(0);
}

absl::StatusOr<std::vector<DealMessage>> MessagesOf(db::Connection& conn, int64_t deal_id) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query("SELECT m.id, m.deal_id, m.side, m.author_id, u.display_name, m.body, "
                 "m.created_at FROM market_deal_messages m JOIN users u ON u.id = m.author_id "
                 "WHERE m.deal_id = $1 ORDER BY m.id",
                 {deal_id}));
  std::vector<DealMessage> out;
  for (const db::Row& row : result.rows) {
    out.push_back(DealMessage{.id = row.Int(0),
                              .deal_id = row.Int(1),
                              .side = SideOf(row.Text(2)),
                              .author_id = row.Int(3),
                              .author = row.Text(4),
                              .text = row.Text(5),
                              .created_at = row.Int(6)});
  }
  return out;
}

absl::StatusOr<int64_t> InsertOffer(db::Connection& conn, const DealOffer& offer) {
  IPHUB_RETURN_IF_ERROR(conn.Exec(
      "UPDATE market_deal_offers SET status = 'superseded' WHERE deal_id = $1 AND status = 'open'",
      {offer.deal_id}));
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query("INSERT INTO market_deal_offers (deal_id, side, author_id, price_fen, terms, "
                 "status, created_at) VALUES ($1, $2, $3, $4, $5, 'open', $6) RETURNING id",
                 {offer.deal_id, DealSideName(offer.side), offer.author_id, offer.price_fen,
                  offer.terms, offer.created_at}));
  return result.rows[0].Int(0);
}

absl::StatusOr<std::vector<DealOffer>> OffersOf(db::Connection& conn, int64_t deal_id) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query(base::StrCat(kOfferSelect, " WHERE o.deal_id = $1 ORDER BY o.id"), {deal_id}));
  std::vector<DealOffer> out;
  for (const db::Row& row : result.rows) out.push_back(OfferOfRow(row));
  return out;
}

absl::StatusOr<std::optional<DealOffer>> StandingOffer(db::Connection& conn, int64_t deal_id) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query(base::StrCat(kOfferSelect,
                              " WHERE o.deal_id = $1 AND o.status = 'open' ORDER BY o.id DESC"),
                 {deal_id}));
  if (result.rows.empty()) return std::optional<DealOffer>();
  return std::optional<DealOffer>(OfferOfRow(result.rows[0]));
}

absl::Status AcceptOffer(db::Connection& conn, int64_t offer_id) {
  return conn.Exec("UPDATE market_deal_offers SET status = 'accepted' WHERE id = $1", {offer_id});
}

absl::Status InsertContract(db::Connection& conn, const DealContract& contract) {
  return conn.Exec(
      "INSERT INTO market_deal_contracts (deal_id, template, title, body, created_at) VALUES "
      "($1, $2, $3, $4, $5)",
      {contract.deal_id, contract.template_name, contract.title, contract.text,
       contract.created_at});
}

absl::StatusOr<std::optional<DealContract>> ContractOf(db::Connection& conn, int64_t deal_id) {
  IPHUB_ASSIGN_OR_RETURN(
      db::Result result,
      conn.Query("SELECT deal_id, template, title, body, created_at FROM market_deal_contracts "
                 "WHERE deal_id = $1",
                 {deal_id}));
  if (result.rows.empty()) return std::optional<DealContract>();
  const db::Row& row = result.rows[0];
  return std::optional<DealContract>(DealContract{.deal_id = row.Int(0),
                                                  .template_name = row.Text(1),
                                                  .title = row.Text(2),
                                                  .text = row.Text(3),
                                                  .created_at = row.Int(4)});
}

}  // namespace iphub::market::deal_store
