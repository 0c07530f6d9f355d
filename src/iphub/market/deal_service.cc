#include "iphub/market/deal_service.h"

#include <algorithm>
#include <utility>

#include "iphub/auth/audit.h"
#include "iphub/auth/regions.h"
#include "iphub/auth/store.h"
#include "iphub/base/civil_date.h"
#include "iphub/base/pdf.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/market/access.h"
#include "iphub/market/contract.h"
#include "iphub/market/deal_store.h"
#include "iphub/market/store.h"
#include "iphub/patents/applicant_aliases.h"
#include "iphub/patents/rights_position.h"
#include "iphub/patents/store.h"

namespace iphub::market {
namespace {

using json = nlohmann::json;

bool Member(const auth::Principal* principal, int64_t org_id) {
  return principal != nullptr && principal->organization_id.has_value() &&
         *principal->organization_id == org_id;
}

bool IsLicence(ListingKind kind) {
  return kind == ListingKind::kExclusiveLicence || kind == ListingKind::kSoleLicence ||
         kind == ListingKind::kNonExclusiveLicence || kind == ListingKind::kOpenLicence;
}

json PriceJson(const std::optional<int64_t>& fen) {
  return fen.has_value() ? json(*fen) : json(nullptr);
}

// The names an event field lists ("A；B" or "A;B"), each trimmed.
std::vector<std::string> Names(std::string_view field) {
  std::vector<std::string> names;
  std::string current;
  auto flush = [&] {
    std::string_view name = base::StripWhitespace(current);
    if (!name.empty()) names.emplace_back(name);
    current.clear();
  };
  for (size_t at = 0; at < field.size();) {
    if (field.substr(at, 3) == "；" || field.substr(at, 3) == "、") {
      flush();
      at += 3;
    } else if (field[at] == ';' || field[at] == ',') {
      flush();
      ++at;
    } else {
      current += field[at++];
    }
  }
  flush();
  return names;
}

}  // namespace

DealService::DealService(db::Database& database, base::Clock& clock)
    : database_(database),
      clock_(clock),
      workflow_(
          workflow::Workflow::Create(
              DealMachine(),
              {{"offer_standing",
                [](db::Connection& conn, const workflow::Record& record) -> absl::Status {
                  IPHUB_ASSIGN_OR_RETURN(std::optional<DealOffer> offer,
                                         deal_store::StandingOffer(conn, record.id));
                  if (offer.has_value()) return absl::OkStatus();
                  return absl::FailedPreconditionError(
                      "no offer stands: one side makes an offer, the other accepts it");
                }},
               {"recordal_on_register",
                [this](db::Connection& conn, const workflow::Record& record) -> absl::Status {
                  IPHUB_ASSIGN_OR_RETURN(Deal deal, deal_store::GetDeal(conn, record.id));
                  IPHUB_ASSIGN_OR_RETURN(std::string event, RecordalEvent(conn, deal));
                  if (!event.empty()) return absl::OkStatus();
                  const bool licence = IsLicence(deal.kind);
                  return absl::FailedPreconditionError(base::StrCat(
                      deal.publication_number, " shows no ",
                      licence ? "EE01 licence recordal naming " : "TR01 transfer to ",
                      deal.buyer_org_name, licence ? " as licensee" : "",
                      " dated on or after the agreement (",
                      deal.agreed_at.has_value() ? base::ShanghaiDate(*deal.agreed_at) : "none",
                      ") yet"));
                }}})
              .value()) {}

std::optional<DealSide> DealService::SideOf(const auth::Principal* principal,
                                            const Deal& deal) const {
  if (Member(principal, deal.buyer_org_id)) return DealSide::kBuyer;
  if (Member(principal, deal.seller_org_id) || Member(principal, deal.lister_org_id)) {
    return DealSide::kSeller;
  }
  return std::nullopt;
}

workflow::Actor DealService::ActorFor(const auth::Principal* principal, const Deal& deal) const {
  workflow::Actor actor{.principal = principal, .roles = workflow::PlatformRoles(principal)};
  if (const std::optional<DealSide> side = SideOf(principal, deal); side.has_value()) {
    actor.roles.insert(std::string(DealSideName(*side)));
  }
  if (IsReviewer(principal, deal.region_code)) actor.roles.insert("reviewer");
  return actor;
}

bool DealService::MaySee(const auth::Principal* principal, const Deal& deal) const {
  return SideOf(principal, deal).has_value() || IsReviewer(principal, deal.region_code);
}

absl::StatusOr<Deal> DealService::Load(db::Connection& conn, const auth::Principal* principal,
                                       int64_t id, bool party) const {
  if (principal == nullptr) return absl::UnauthenticatedError("log in first");
  absl::StatusOr<Deal> deal = deal_store::GetDeal(conn, id);
  if (absl::IsNotFound(deal.status()) || (deal.ok() && !MaySee(principal, *deal))) {
    return absl::NotFoundError(base::StrCat("no deal ", id));
  }
  IPHUB_RETURN_IF_ERROR(deal.status());
  if (party && !SideOf(principal, *deal).has_value()) {
    return absl::PermissionDeniedError("only the deal's parties write in it");
  }
  return deal;
}

absl::StatusOr<DealView> DealService::ViewOf(db::Connection& conn, const auth::Principal* principal,
                                             Deal deal, bool full) {
  DealView view{.side = SideOf(principal, deal),
                .official = IsReviewer(principal, deal.region_code)};
  if (full) {
    IPHUB_ASSIGN_OR_RETURN(view.offers, deal_store::OffersOf(conn, deal.id));
    IPHUB_ASSIGN_OR_RETURN(view.messages, deal_store::MessagesOf(conn, deal.id));
    IPHUB_ASSIGN_OR_RETURN(view.contract, deal_store::ContractOf(conn, deal.id));
    IPHUB_ASSIGN_OR_RETURN(view.history, workflow_.History(conn, deal.id));
    IPHUB_ASSIGN_OR_RETURN(workflow::Record record, workflow_.Get(conn, deal.id));
    IPHUB_ASSIGN_OR_RETURN(view.actions,
                           workflow_.Options(conn, record, ActorFor(principal, deal)));
    std::erase_if(view.actions, [](const workflow::Option& option) { return !option.permitted; });
    // The standing offer is accepted by the side that did not make it.
    for (workflow::Option& option : view.actions) {
      if (option.transition->name != "agree" || !option.allowed || !view.side.has_value()) {
        continue;
      }
      for (const DealOffer& offer : view.offers) {
        if (offer.status == OfferStatus::kOpen && offer.side == *view.side) {
          option.allowed = false;
          option.blocked_by = "the standing offer is yours: the other side accepts it or counters";
        }
      }
    }
  }
  view.deal = std::move(deal);
  return view;
}

absl::StatusOr<DealView> DealService::Open(const auth::Principal* principal, DealInput input) {
  IPHUB_RETURN_IF_ERROR(RequireOrganisation(principal, "opening a deal"));
  IPHUB_RETURN_IF_ERROR(NormalizeText(input.message, "message", kMaxDealMessageChars, true));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  absl::StatusOr<Listing> listing = store::GetListing(*conn, input.listing_id);
  if (absl::IsNotFound(listing.status()) ||
      (listing.ok() && listing->state != "published" && listing->state != "closed" &&
       !Member(principal, listing->lister_org_id) && !Member(principal, listing->holder_org_id))) {
    return base::InvalidField("listing_id", base::StrCat("no listing ", input.listing_id));
  }
  IPHUB_RETURN_IF_ERROR(listing.status());
  if (listing->state != "published") {
    return absl::FailedPreconditionError(
        base::StrCat("listing ", listing->id, " is \"", listing->state,
                     "\": deals are opened on published listings only"));
  }
  if (listing->right_type != RightType::kPatent) {
    // The contract templates and the recordal check read patents; trademark and copyright
    // deals are arranged with the lister directly for now.
    return base::InvalidField("listing_id",
                              "deals here are for patents: contact the lister of a trademark or "
                              "copyright");
  }
  if (!DealableKind(listing->kind)) {
    return base::InvalidField("listing_id",
                              "a pledge listing is financed through a bank, not traded here");
  }
  if (Member(principal, listing->holder_org_id) || Member(principal, listing->lister_org_id)) {
    return base::InvalidField("listing_id", "your organisation offers this listing");
  }
  if (input.demand_id.has_value()) {
    absl::StatusOr<Demand> demand = store::GetDemand(*conn, *input.demand_id);
    if (absl::IsNotFound(demand.status()) ||
        (demand.ok() && demand->org_id != *principal->organization_id)) {
      return base::InvalidField("demand_id", "is not a demand of your organisation");
    }
    IPHUB_RETURN_IF_ERROR(demand.status());
  }
  IPHUB_ASSIGN_OR_RETURN(
      auto open, deal_store::ListDeals(*conn, {.states = {"inquiry", "negotiating", "agreed",
                                                          "recordal_filed", "recorded"},
                                               .listing_id = listing->id,
                                               .buyer_org_id = principal->organization_id,
                                               .limit = 1}));
  if (!open.first.empty()) {
    return absl::FailedPreconditionError(base::StrCat(
        "your organisation's deal ", open.first.front().id, " on this listing is still going on"));
  }
  const int64_t now = clock_.NowMillis();
  Deal deal{.listing_id = listing->id,
            .demand_id = input.demand_id,
            .publication_number = listing->publication_number,
            .kind = listing->kind,
            .buyer_org_id = *principal->organization_id,
            .seller_org_id = listing->holder_org_id,
            .lister_org_id = listing->lister_org_id,
            .region_code = listing->region_code,
            .asking_price_fen = listing->price_fen,
            .created_by = principal->user_id,
            .created_at = now,
            .updated_at = now};
  IPHUB_ASSIGN_OR_RETURN(deal.id, deal_store::InsertDeal(*conn, deal));
  IPHUB_RETURN_IF_ERROR(workflow_
                            .Start(*conn, deal.id, ActorFor(principal, deal), now,
                                   {.region_code = deal.region_code,
                                    .detail = {{"listing_id", deal.listing_id},
                                               {"publication_number", deal.publication_number},
                                               {"kind", ListingKindName(deal.kind)},
                                               {"buyer_org_id", deal.buyer_org_id},
                                               {"seller_org_id", deal.seller_org_id}}})
                            .status());
  IPHUB_RETURN_IF_ERROR(deal_store::InsertMessage(*conn, {.deal_id = deal.id,
                                                          .side = DealSide::kBuyer,
                                                          .author_id = principal->user_id,
                                                          .text = input.message,
                                                          .created_at = now})
                            .status());
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  IPHUB_ASSIGN_OR_RETURN(Deal stored, deal_store::GetDeal(*conn, deal.id));
  return ViewOf(*conn, principal, std::move(stored), true);
}

absl::StatusOr<DealView> DealService::Get(const auth::Principal* principal, int64_t id) {
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(Deal deal, Load(*conn, principal, id, false));
  return ViewOf(*conn, principal, std::move(deal), true);
}

absl::StatusOr<std::pair<std::vector<DealView>, int64_t>> DealService::List(
    const auth::Principal* principal, const DealFilter& filter) {
  if (principal == nullptr) return absl::UnauthenticatedError("log in first");
  deal_store::DealQuery query{.limit = filter.limit, .offset = filter.offset};
  if (filter.scope == "mine") {
    IPHUB_RETURN_IF_ERROR(RequireOrganisation(principal, "deals"));
    query.org_id = principal->organization_id;
  } else if (filter.scope == "region") {
    if (principal->role == auth::Role::kPlatformAdmin) {
      query.region_prefix = "";
    } else if (principal->role == auth::Role::kOfficial && principal->region_code.has_value()) {
      query.region_prefix = std::string(auth::ScopePrefix(*principal->region_code));
    } else {
      return absl::PermissionDeniedError("a region's deals are for its officials");
    }
  } else {
    return base::InvalidField("scope", "must be mine or region");
  }
  if (!filter.state.empty()) {
    if (!DealMachine().HasState(filter.state)) {
      return base::InvalidField("state",
                                base::StrCat("\"", filter.state, "\" is not a deal state"));
    }
    query.states = {filter.state};
  }
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(auto found, deal_store::ListDeals(*conn, query));
  std::vector<DealView> views;
  for (Deal& deal : found.first) {
    IPHUB_ASSIGN_OR_RETURN(DealView view, ViewOf(*conn, principal, std::move(deal), false));
    views.push_back(std::move(view));
  }
  return std::make_pair(std::move(views), found.second);
}

absl::StatusOr<DealMessage> DealService::Say(const auth::Principal* principal, int64_t id,
                                             std::string text) {
  IPHUB_RETURN_IF_ERROR(NormalizeText(text, "text", kMaxDealMessageChars, true));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Deal deal, Load(*conn, principal, id, true));
  if (DealMachine().IsFinal(deal.state)) {
    return absl::FailedPreconditionError(
        base::StrCat("deal ", id, " is \"", deal.state, "\": it takes no more messages"));
  }
  const int64_t now = clock_.NowMillis();
  IPHUB_ASSIGN_OR_RETURN(auth::User author, auth::store::GetUser(*conn, principal->user_id));
  DealMessage message{.deal_id = id,
                      .side = *SideOf(principal, deal),
                      .author_id = principal->user_id,
                      .author = author.display_name,
                      .text = std::move(text),
                      .created_at = now};
  IPHUB_ASSIGN_OR_RETURN(message.id, deal_store::InsertMessage(*conn, message));
  IPHUB_RETURN_IF_ERROR(deal_store::Touch(*conn, id, now));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return message;
}

absl::StatusOr<DealOffer> DealService::MakeOffer(const auth::Principal* principal, int64_t id,
                                                 OfferInput input) {
  IPHUB_RETURN_IF_ERROR(NormalizeText(input.terms, "terms", kMaxOfferTermsChars, false));
  if (input.price_fen.has_value() && (*input.price_fen < 0 || *input.price_fen > kMaxAmountFen)) {
    return base::InvalidField("price_fen", "must be between 0 and 100,000,000,000 yuan in fen");
  }
  if (!input.price_fen.has_value() && input.terms.empty()) {
    return base::InvalidField("terms", "an offer names a price, terms or both");
  }
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Deal deal, Load(*conn, principal, id, true));
  if (deal.state != "negotiating") {
    return absl::FailedPreconditionError(
        base::StrCat("deal ", id, " is \"", deal.state, "\": offers are made while negotiating",
                     deal.state == "inquiry" ? " (the seller responds first)" : ""));
  }
  const int64_t now = clock_.NowMillis();
  IPHUB_ASSIGN_OR_RETURN(auth::User author, auth::store::GetUser(*conn, principal->user_id));
  DealOffer offer{.deal_id = id,
                  .side = *SideOf(principal, deal),
                  .author_id = principal->user_id,
                  .author = author.display_name,
                  .price_fen = input.price_fen,
                  .terms = std::move(input.terms),
                  .created_at = now};
  IPHUB_ASSIGN_OR_RETURN(offer.id, deal_store::InsertOffer(*conn, offer));
  IPHUB_RETURN_IF_ERROR(deal_store::Touch(*conn, id, now));
  IPHUB_RETURN_IF_ERROR(auth::AppendAudit(*conn, principal, now,
                                          {.action = "deal.offer",
                                           .entity = "deal",
                                           .entity_id = std::to_string(id),
                                           .region_code = deal.region_code,
                                           .detail = {{"offer_id", offer.id},
                                                      {"side", DealSideName(offer.side)},
                                                      {"price_fen", PriceJson(offer.price_fen)}}}));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return offer;
}

absl::StatusOr<DealView> DealService::Transition(const auth::Principal* principal, int64_t id,
                                                 TransitionInput input) {
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Deal deal, Load(*conn, principal, id, false));
  const int64_t now = clock_.NowMillis();
  workflow::FireOptions options = std::move(input.options);
  std::optional<DealOffer> accepted;
  if (input.transition == "agree" && deal.state == "negotiating") {
    IPHUB_ASSIGN_OR_RETURN(accepted, deal_store::StandingOffer(*conn, id));
    if (accepted.has_value()) {
      if (input.offer_id.has_value() && *input.offer_id != accepted->id) {
        return absl::FailedPreconditionError(
            base::StrCat("offer ", *input.offer_id, " no longer stands: offer ", accepted->id,
                         " replaced it; read it before accepting"));
      }
      if (SideOf(principal, deal) == accepted->side) {
        return absl::FailedPreconditionError(base::StrCat(
            "offer ", accepted->id, " is your own: the ",
            accepted->side == DealSide::kBuyer ? "seller" : "buyer", " accepts it or counters"));
      }
      options.detail = {{"offer_id", accepted->id}, {"price_fen", PriceJson(accepted->price_fen)}};
    }
  }
  if (input.transition == "file_recordal") {
    IPHUB_RETURN_IF_ERROR(ValidateRecordalNumber(input.recordal_number));
    options.detail = {{"recordal_number", input.recordal_number}};
  }
  IPHUB_RETURN_IF_ERROR(
      workflow_.Fire(*conn, id, input.transition, ActorFor(principal, deal), now, options)
          .status());
  if (input.transition == "agree" && accepted.has_value()) {
    IPHUB_RETURN_IF_ERROR(deal_store::AcceptOffer(*conn, accepted->id));
    IPHUB_RETURN_IF_ERROR(
        deal_store::SetAgreement(*conn, id, accepted->price_fen, accepted->terms, now));
    deal.agreed_at = now;
    IPHUB_RETURN_IF_ERROR(DraftContract(*conn, deal, *accepted, now));
  } else if (input.transition == "file_recordal") {
    IPHUB_RETURN_IF_ERROR(deal_store::SetRecordalNumber(*conn, id, input.recordal_number));
  } else if (input.transition == "record") {
    IPHUB_ASSIGN_OR_RETURN(std::string event, RecordalEvent(*conn, deal));
    IPHUB_RETURN_IF_ERROR(deal_store::SetRecordedEvent(*conn, id, event));
  }
  IPHUB_RETURN_IF_ERROR(deal_store::Touch(*conn, id, now));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  IPHUB_ASSIGN_OR_RETURN(Deal stored, deal_store::GetDeal(*conn, id));
  return ViewOf(*conn, principal, std::move(stored), true);
}

absl::Status DealService::DraftContract(db::Connection& conn, const Deal& deal,
                                        const DealOffer& offer, int64_t now_ms) {
  IPHUB_ASSIGN_OR_RETURN(auth::Organization seller,
                         auth::store::GetOrganization(conn, deal.seller_org_id));
  IPHUB_ASSIGN_OR_RETURN(auth::Organization buyer,
                         auth::store::GetOrganization(conn, deal.buyer_org_id));
  IPHUB_ASSIGN_OR_RETURN(patents::Patent patent,
                         patents::store::GetPatent(conn, deal.publication_number));
  const auto party = [](const auth::Organization& org) {
    return ContractParty{
        .name = org.name, .uscc = org.uscc, .address = org.address.value_or(org.region_name)};
  };
  std::string court;
  if (absl::StatusOr<auth::Region> region = auth::GetRegion(conn, deal.region_code); region.ok()) {
    court = region->name;
  }
  DealContract contract = market::DraftContract({.deal_id = deal.id,
                                                 .kind = deal.kind,
                                                 .seller = party(seller),
                                                 .buyer = party(buyer),
                                                 .patent_title = patent.title,
                                                 .application_number = patent.application_number,
                                                 .publication_number = deal.publication_number,
                                                 .price_fen = offer.price_fen,
                                                 .terms = offer.terms,
                                                 .agreed_on = base::ShanghaiDate(now_ms),
                                                 .court_region = court});
  contract.created_at = now_ms;
  return deal_store::InsertContract(conn, contract);
}

absl::StatusOr<std::string> DealService::ContractPdf(const auth::Principal* principal, int64_t id) {
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(Deal deal, Load(*conn, principal, id, false));
  IPHUB_ASSIGN_OR_RETURN(std::optional<DealContract> contract, deal_store::ContractOf(*conn, id));
  if (!contract.has_value()) {
    return absl::NotFoundError(
        base::StrCat("deal ", id, " has no contract yet: it is drafted when the parties agree"));
  }
  return base::RenderPdf(ContractDocument(*contract));
}

absl::StatusOr<std::string> DealService::RecordalEvent(db::Connection& conn,
                                                       const Deal& deal) const {
  if (!deal.agreed_at.has_value()) return std::string();
  IPHUB_ASSIGN_OR_RETURN(patents::Patent patent,
                         patents::store::GetPatent(conn, deal.publication_number));
  IPHUB_ASSIGN_OR_RETURN(std::string buyer,
                         patents::CanonicalApplicantName(conn, deal.buyer_org_name));
  const std::string agreed_on = base::ShanghaiDate(*deal.agreed_at);
  const std::string today = base::ShanghaiDate(clock_.NowMillis());
  const bool licence = IsLicence(deal.kind);
  const std::string_view code = licence ? "EE01" : "TR01";
  const std::string_view label = licence ? "受让人" : "变更后权利人";
  for (const patents::LegalEvent& event : patent.legal_events) {
    if (event.code != code || event.date < agreed_on || event.date > today) continue;
    for (const std::string& name : Names(patents::EventField(event.text, label))) {
      IPHUB_ASSIGN_OR_RETURN(std::string canonical, patents::CanonicalApplicantName(conn, name));
      if (!buyer.empty() && canonical == buyer) return base::StrCat(code, " ", event.date);
    }
  }
  return std::string();
}

absl::StatusOr<int> DealService::SweepRecordals() {
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(
      auto filed, deal_store::ListDeals(*conn, {.states = {"recordal_filed"}, .limit = 10000}));
  const workflow::Actor platform{.principal = nullptr, .roles = {"system"}};
  int recorded = 0;
  for (const Deal& deal : filed.first) {
    IPHUB_ASSIGN_OR_RETURN(std::string event, RecordalEvent(*conn, deal));
    if (event.empty()) continue;
    db::Transaction tx(*conn);
    IPHUB_RETURN_IF_ERROR(tx.Begin());
    const int64_t now = clock_.NowMillis();
    absl::StatusOr<workflow::Event> fired =
        workflow_.Fire(*conn, deal.id, "record", platform, now,
                       {.reason = base::StrCat("the office recorded it: ", event),
                        .expected_version = deal.version});
    if (absl::IsFailedPrecondition(fired.status())) continue;  // moved on meanwhile
    IPHUB_RETURN_IF_ERROR(fired.status());
    IPHUB_RETURN_IF_ERROR(deal_store::SetRecordedEvent(*conn, deal.id, event));
    IPHUB_RETURN_IF_ERROR(workflow_.Fire(*conn, deal.id, "close", platform, now).status());
    IPHUB_RETURN_IF_ERROR(deal_store::Touch(*conn, deal.id, now));
    IPHUB_RETURN_IF_ERROR(tx.Commit());
    ++recorded;
  }
  return recorded;
}

}  // namespace iphub::market
