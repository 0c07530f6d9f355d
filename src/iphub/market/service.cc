#include "iphub/market/service.h"

#include <algorithm>
#include <utility>

#include "iphub/auth/audit.h"
#include "iphub/auth/regions.h"
#include "iphub/auth/store.h"
#include "iphub/base/civil_date.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/market/access.h"
#include "iphub/patents/applicant_aliases.h"
#include "iphub/patents/legal_status.h"
#include "iphub/patents/numbers.h"
#include "iphub/patents/rights.h"
#include "iphub/patents/rights_position.h"
#include "iphub/patents/rights_store.h"
#include "iphub/patents/store.h"

namespace iphub::market {
namespace {

using json = nlohmann::json;

const std::vector<std::string>& PublicStates() {
  static const auto* const kStates = new std::vector<std::string>{"published", "closed"};
  return *kStates;
}

bool IsPublic(std::string_view state) {
  return std::find(PublicStates().begin(), PublicStates().end(), state) != PublicStates().end();
}

bool InOrganisation(const auth::Principal* principal, const Listing& listing) {
  return principal != nullptr && principal->organization_id.has_value() &&
         (*principal->organization_id == listing.lister_org_id ||
          *principal->organization_id == listing.holder_org_id);
}

std::string Quoted(std::string_view text) { return base::StrCat("\"", text, "\""); }

// "an exclusive licence", "a sole licence", … for messages.
std::string_view LicenceWords(patents::LicenceKind kind) {
  switch (kind) {
    case patents::LicenceKind::kExclusive:
      return "an exclusive licence";
    case patents::LicenceKind::kSole:
      return "a sole licence";
    case patents::LicenceKind::kNonExclusive:
      return "a non-exclusive licence";
    case patents::LicenceKind::kUnknown:
      break;
  }
  return "a licence of unstated kind";
}

// What a licence or pledge in force forbids: InvalidArgument-free message or "".
std::string BurdenConflict(ListingKind kind, const patents::RightsPosition& position) {
  const bool licence_offer =
      kind == ListingKind::kExclusiveLicence || kind == ListingKind::kSoleLicence ||
      kind == ListingKind::kNonExclusiveLicence || kind == ListingKind::kOpenLicence;
  for (const patents::RecordedLicence& licence : position.licences) {
    const bool blocks =
        licence.kind == patents::LicenceKind::kExclusive ||
                licence.kind == patents::LicenceKind::kSole
            ? licence_offer
            : (kind == ListingKind::kExclusiveLicence || kind == ListingKind::kSoleLicence);
    if (blocks) {
      return base::StrCat(LicenceWords(licence.kind), " to ", licence.licensee, " (contract ",
                          licence.number, ", recorded ", licence.date, ") is in force");
    }
  }
  if (!position.pledges.empty() && kind != ListingKind::kNonExclusiveLicence) {
    // 民法典 第四百四十四条: a pledged patent is transferred or licensed only with the
    // pledgee's consent; 专利法实施细则 第八十六条: no open licence while pledged without it.
    const patents::RegisteredPledge& pledge = position.pledges.front();
    return base::StrCat("it is pledged to ", pledge.pledgee, " (registration ", pledge.number, ", ",
                        pledge.date,
                        "): release the pledge or list with the pledgee's consent first");
  }
  return "";
}

// What the checks need of the offered right: its number and title, its holders, and, when
// it is not in force, why (patents: the patent itself, checked by CheckInForce).
struct OfferedRight {
  std::string number;
  std::string title;
  std::vector<std::string> holders;
  std::string not_in_force;
  std::optional<patents::Patent> patent;
};

// NotFound naming the number when the platform stores no such right.
absl::StatusOr<OfferedRight> LoadRight(db::Connection& conn, RightType type,
                                       std::string_view number, std::string_view today) {
  OfferedRight right;
  const std::string written(base::StripWhitespace(number));
  switch (type) {
    case RightType::kPatent: {
      IPHUB_ASSIGN_OR_RETURN(patents::Patent patent, patents::store::GetPatent(conn, written));
      right.number = patent.publication_number;
      right.title = patent.title;
      right.patent = std::move(patent);
      return right;
    }
    case RightType::kTrademark: {
      absl::StatusOr<patents::Trademark> mark = patents::store::GetTrademark(conn, written);
      if (absl::IsNotFound(mark.status())) {
        return absl::NotFoundError(
            base::StrCat("no stored trademark has the registration number ", written));
      }
      IPHUB_RETURN_IF_ERROR(mark.status());
      right.number = mark->registration_number;
      right.title = mark->name.empty() ? base::StrCat("商标 ", mark->registration_number)
                                       : base::StrCat("商标“", mark->name, "”");
      right.holders = {mark->owner};
      // 商标法 第三十九条: ten years from registration, renewable; only a registered mark
      // within its term is a right to offer.
      if (mark->status != patents::TrademarkStatus::kRegistered) {
        right.not_in_force = base::StrCat("trademark ", right.number, " is not registered: it is ",
                                          patents::TrademarkStatusName(mark->status));
      } else if (!mark->expiry_date.empty() && mark->expiry_date < today) {
        right.not_in_force = base::StrCat(
            "trademark ", right.number, " is not in force: its term ended on ", mark->expiry_date);
      }
      return right;
    }
    case RightType::kCopyright: {
      for (patents::CopyrightKind kind :
           {patents::CopyrightKind::kSoftware, patents::CopyrightKind::kWork}) {
        absl::StatusOr<patents::Copyright> found =
            patents::store::GetCopyright(conn, kind, written);
        if (absl::IsNotFound(found.status())) continue;
        IPHUB_RETURN_IF_ERROR(found.status());
        right.number = found->registration_number;
        right.title = found->name;
        right.holders = {found->owner};
        return right;  // 著作权法 第二十三条: the economic rights last decades; registered is
                       // enough
      }
      return absl::NotFoundError(
          base::StrCat("no stored copyright has the registration number ", written));
    }
  }
  return absl::NotFoundError(written);
}

json ListingDetail(const Listing& listing) {
  return {{"publication_number", listing.publication_number},
          {"right_type", RightTypeName(listing.right_type)},
          {"kind", ListingKindName(listing.kind)},
          {"price_fen", listing.price_fen.has_value() ? json(*listing.price_fen) : json(nullptr)},
          {"holder_org_id", listing.holder_org_id}};
}

}  // namespace

ListingService::ListingService(db::Database& database, base::Clock& clock)
    : database_(database),
      clock_(clock),
      workflow_(
          workflow::Workflow::Create(
              ListingMachine(), {{"patent_in_force",
                                  [this](db::Connection& conn, const workflow::Record& record) {
                                    return PatentInForce(conn, record);
                                  }},
                                 {"lister_entitled",
                                  [this](db::Connection& conn, const workflow::Record& record) {
                                    return ListerEntitled(conn, record);
                                  }},
                                 {"no_conflict",
                                  [this](db::Connection& conn, const workflow::Record& record) {
                                    return NoConflict(conn, record);
                                  }}})
              .value()) {}

std::string ListingService::Today() const { return base::ShanghaiDate(clock_.NowMillis()); }

workflow::Actor ListingService::ActorFor(const auth::Principal* principal,
                                         const Listing& listing) const {
  workflow::Actor actor{.principal = principal, .roles = workflow::PlatformRoles(principal)};
  if (principal != nullptr && principal->organization_id.has_value() &&
      *principal->organization_id == listing.lister_org_id) {
    actor.roles.insert("lister");
  }
  if (IsReviewer(principal, listing.region_code)) actor.roles.insert("reviewer");
  return actor;
}

bool ListingService::MaySee(const auth::Principal* principal, const Listing& listing) const {
  return IsPublic(listing.state) || InOrganisation(principal, listing) ||
         IsReviewer(principal, listing.region_code);
}

absl::StatusOr<ListingView> ListingService::ViewOf(db::Connection& conn,
                                                   const auth::Principal* principal,
                                                   Listing listing, bool with_history) {
  ListingView view;
  const bool insider =
      InOrganisation(principal, listing) || IsReviewer(principal, listing.region_code);
  view.contact_shown = ContactShown(listing.contact_visibility, principal, insider);
  if (!view.contact_shown) {
    listing.contact_name.clear();
    listing.contact_phone.clear();
  }
  if (with_history && insider) {
    IPHUB_ASSIGN_OR_RETURN(view.history, workflow_.History(conn, listing.id));
  }
  if (with_history && principal != nullptr) {
    IPHUB_ASSIGN_OR_RETURN(workflow::Record record, workflow_.Get(conn, listing.id));
    IPHUB_ASSIGN_OR_RETURN(view.actions,
                           workflow_.Options(conn, record, ActorFor(principal, listing)));
    // Only what the caller holds a role for: the rest is not theirs to see.
    std::erase_if(view.actions, [](const workflow::Option& option) { return !option.permitted; });
  }
  view.listing = std::move(listing);
  return view;
}

absl::Status ListingService::Resolve(db::Connection& conn, const auth::Principal& principal,
                                     ListingInput& input, Listing& listing) {
  IPHUB_RETURN_IF_ERROR(ValidateListingInput(input));
  listing.right_type = ParseRightType(input.right_type).value();
  switch (listing.right_type) {
    case RightType::kPatent: {
      absl::StatusOr<patents::NumberQuery> query = patents::ParseNumberQuery(input.patent);
      if (!query.ok()) return base::WithField(query.status(), "patent");
      IPHUB_ASSIGN_OR_RETURN(std::vector<patents::store::StoredPatent> found,
                             patents::store::FindByNumber(conn, *query));
      if (found.empty()) {
        return base::InvalidField("patent",
                                  base::StrCat("no stored patent has the number ", input.patent));
      }
      listing.publication_number = found.front().publication_number;
      listing.patent_title = found.front().title;
      break;
    }
    case RightType::kTrademark:
    case RightType::kCopyright: {
      absl::StatusOr<OfferedRight> right =
          LoadRight(conn, listing.right_type, input.patent, Today());
      if (absl::IsNotFound(right.status())) {
        return base::InvalidField("patent", base::Sv(right.status().message()));
      }
      IPHUB_RETURN_IF_ERROR(right.status());
      listing.publication_number = right->number;
      listing.patent_title = right->title;
      break;
    }
  }
  listing.kind = ParseListingKind(input.kind).value();
  listing.title = input.title.empty() ? listing.patent_title : input.title;
  listing.price_fen = input.price_fen;
  listing.terms = input.terms;
  listing.industry = input.industry;
  listing.trl = input.trl;
  listing.scenarios = input.scenarios;
  listing.description = input.description;
  listing.contact_name = input.contact_name;
  listing.contact_phone = input.contact_phone;
  listing.contact_visibility = ParseContactVisibility(input.contact_visibility).value();
  listing.lister_org_id = *principal.organization_id;
  listing.holder_org_id = input.holder_org_id.value_or(*principal.organization_id);
  absl::StatusOr<auth::Organization> holder =
      auth::store::GetOrganization(conn, listing.holder_org_id);
  if (absl::IsNotFound(holder.status())) {
    return base::InvalidField("holder_org_id", "no such organisation");
  }
  IPHUB_RETURN_IF_ERROR(holder.status());
  if (input.region_code.empty()) {
    IPHUB_ASSIGN_OR_RETURN(auth::Organization lister,
                           auth::store::GetOrganization(conn, listing.lister_org_id));
    listing.region_code = lister.region_code;
  } else {
    listing.region_code = input.region_code;
  }
  return absl::OkStatus();
}

absl::StatusOr<ListingView> ListingService::Create(const auth::Principal* principal,
                                                   ListingInput input) {
  IPHUB_RETURN_IF_ERROR(RequireOrganisation(principal, "listing a patent"));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  Listing listing;
  IPHUB_RETURN_IF_ERROR(Resolve(*conn, *principal, input, listing));
  const int64_t now = clock_.NowMillis();
  listing.created_by = principal->user_id;
  listing.created_at = now;
  listing.updated_at = now;
  absl::StatusOr<int64_t> id = store::InsertListing(*conn, listing);
  if (absl::IsFailedPrecondition(id.status())) {
    return base::InvalidField("region_code", "is not a known region");
  }
  IPHUB_RETURN_IF_ERROR(id.status());
  listing.id = *id;
  IPHUB_RETURN_IF_ERROR(
      workflow_
          .Start(*conn, listing.id, ActorFor(principal, listing), now,
                 {.region_code = listing.region_code, .detail = ListingDetail(listing)})
          .status());
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  IPHUB_ASSIGN_OR_RETURN(Listing stored, store::GetListing(*conn, listing.id));
  return ViewOf(*conn, principal, std::move(stored), true);
}

absl::StatusOr<ListingView> ListingService::Update(const auth::Principal* principal, int64_t id,
                                                   ListingInput input,
                                                   std::optional<int64_t> expected_version) {
  IPHUB_RETURN_IF_ERROR(RequireOrganisation(principal, "changing a listing"));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Listing listing, store::GetListing(*conn, id));
  if (!MaySee(principal, listing)) return absl::NotFoundError(base::StrCat("no listing ", id));
  if (*principal->organization_id != listing.lister_org_id) {
    return absl::PermissionDeniedError("only the listing organisation changes a listing");
  }
  if (listing.state != "draft" && listing.state != "rejected") {
    return absl::FailedPreconditionError(
        base::StrCat("listing ", id, " is ", Quoted(listing.state),
                     ": only a draft or a rejected listing is changed (withdraw it and list "
                     "again)"));
  }
  if (expected_version.has_value() && *expected_version != listing.version) {
    return absl::FailedPreconditionError(base::StrCat("listing ", id, " changed since version ",
                                                      *expected_version, ": it is at version ",
                                                      listing.version));
  }
  Listing changed = listing;
  IPHUB_RETURN_IF_ERROR(Resolve(*conn, *principal, input, changed));
  changed.updated_at = clock_.NowMillis();
  IPHUB_RETURN_IF_ERROR(store::UpdateListing(*conn, changed));
  IPHUB_RETURN_IF_ERROR(auth::AppendAudit(*conn, principal, changed.updated_at,
                                          {.action = "listing.update",
                                           .entity = "listing",
                                           .entity_id = std::to_string(id),
                                           .region_code = changed.region_code,
                                           .detail = ListingDetail(changed)}));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  IPHUB_ASSIGN_OR_RETURN(Listing stored, store::GetListing(*conn, id));
  return ViewOf(*conn, principal, std::move(stored), true);
}

absl::StatusOr<ListingView> ListingService::Transition(const auth::Principal* principal, int64_t id,
                                                       std::string_view transition,
                                                       const workflow::FireOptions& options) {
  if (principal == nullptr) return absl::UnauthenticatedError("log in first");
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Listing listing, store::GetListing(*conn, id));
  if (!MaySee(principal, listing)) return absl::NotFoundError(base::StrCat("no listing ", id));
  IPHUB_RETURN_IF_ERROR(
      workflow_
          .Fire(*conn, id, transition, ActorFor(principal, listing), clock_.NowMillis(), options)
          .status());
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  IPHUB_ASSIGN_OR_RETURN(Listing stored, store::GetListing(*conn, id));
  return ViewOf(*conn, principal, std::move(stored), true);
}

absl::StatusOr<ListingView> ListingService::Get(const auth::Principal* principal, int64_t id) {
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(Listing listing, store::GetListing(*conn, id));
  if (!MaySee(principal, listing)) return absl::NotFoundError(base::StrCat("no listing ", id));
  return ViewOf(*conn, principal, std::move(listing), true);
}

absl::StatusOr<std::pair<std::vector<ListingView>, int64_t>> ListingService::List(
    const auth::Principal* principal, const ListingFilter& filter) {
  store::ListingQuery query{.text = std::string(base::StripWhitespace(filter.text)),
                            .industry = filter.industry,
                            .public_states = PublicStates(),
                            .limit = filter.limit,
                            .offset = filter.offset};
  if (!filter.kind.empty()) {
    IPHUB_ASSIGN_OR_RETURN(query.kind, ParseListingKind(filter.kind));
  }
  if (!filter.region_code.empty()) {
    IPHUB_RETURN_IF_ERROR(auth::CheckRegionCodeSyntax(filter.region_code, "region"));
    query.region_prefix = std::string(auth::ScopePrefix(filter.region_code));
  }
  if (!filter.state.empty()) {
    if (!ListingMachine().HasState(filter.state)) {
      return base::InvalidField("state",
                                base::StrCat(Quoted(filter.state), " is not a listing state"));
    }
    query.states = {filter.state};
  }
  if (principal != nullptr && principal->organization_id.has_value()) {
    query.own_org_id = principal->organization_id;
  }
  if (principal != nullptr && principal->role == auth::Role::kPlatformAdmin) {
    query.review_prefix = "";
  } else if (principal != nullptr && principal->role == auth::Role::kOfficial &&
             principal->region_code.has_value()) {
    query.review_prefix = std::string(auth::ScopePrefix(*principal->region_code));
  }
  if (filter.scope == "mine") {
    if (!query.own_org_id.has_value()) {
      return absl::PermissionDeniedError("\"mine\" lists an organisation's listings: join one");
    }
    query.only_own = true;
  } else if (filter.scope == "review") {
    if (!query.review_prefix.has_value()) {
      return absl::PermissionDeniedError("reviewing listings is for officials");
    }
    query.own_org_id.reset();
    query.public_states.clear();
    query.states = {"pending_review"};
  } else if (filter.scope != "market") {
    return base::InvalidField("scope", "must be market, mine or review");
  }
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(auto listed, store::ListListings(*conn, query));
  std::vector<ListingView> views;
  for (Listing& listing : listed.first) {
    IPHUB_ASSIGN_OR_RETURN(ListingView view, ViewOf(*conn, principal, std::move(listing), false));
    views.push_back(std::move(view));
  }
  return std::make_pair(std::move(views), listed.second);
}

absl::Status ListingService::PatentInForce(db::Connection& conn,
                                           const workflow::Record& record) const {
  IPHUB_ASSIGN_OR_RETURN(Listing listing, store::GetListing(conn, record.id));
  IPHUB_ASSIGN_OR_RETURN(OfferedRight right,
                         LoadRight(conn, listing.right_type, listing.publication_number, Today()));
  if (right.patent.has_value()) return CheckInForce(*right.patent, Today());
  if (!right.not_in_force.empty()) return absl::FailedPreconditionError(right.not_in_force);
  return absl::OkStatus();
}

absl::Status ListingService::ListerEntitled(db::Connection& conn,
                                            const workflow::Record& record) const {
  IPHUB_ASSIGN_OR_RETURN(Listing listing, store::GetListing(conn, record.id));
  IPHUB_ASSIGN_OR_RETURN(OfferedRight right,
                         LoadRight(conn, listing.right_type, listing.publication_number, Today()));
  if (right.patent.has_value()) {
    IPHUB_RETURN_IF_ERROR(CheckHeldBy(conn, *right.patent, listing.holder_org_name, Today()));
  } else {
    IPHUB_RETURN_IF_ERROR(CheckHolders(conn, right.number, right.holders, listing.holder_org_name));
  }
  if (listing.lister_org_id == listing.holder_org_id) return absl::OkStatus();
  IPHUB_ASSIGN_OR_RETURN(bool authorised,
                         store::IsAuthorised(conn, listing.holder_org_id, listing.lister_org_id,
                                             listing.publication_number, Today()));
  if (authorised) return absl::OkStatus();
  return absl::FailedPreconditionError(
      base::StrCat(listing.lister_org_name, " holds no authorisation in force from ",
                   listing.holder_org_name, " to list ", listing.publication_number));
}

absl::Status ListingService::NoConflict(db::Connection& conn,
                                        const workflow::Record& record) const {
  IPHUB_ASSIGN_OR_RETURN(Listing listing, store::GetListing(conn, record.id));
  std::string burden;  // recorded licences and pledges: the patent register's only
  if (listing.right_type == RightType::kPatent) {
    IPHUB_ASSIGN_OR_RETURN(patents::Patent patent,
                           patents::store::GetPatent(conn, listing.publication_number));
    burden = BurdenConflict(listing.kind, patents::DeriveRightsPosition(patent, Today()));
  }
  if (!burden.empty()) {
    return absl::FailedPreconditionError(base::StrCat(ListingKindName(listing.kind), " of ",
                                                      listing.publication_number,
                                                      " cannot be offered: ", burden));
  }
  IPHUB_ASSIGN_OR_RETURN(std::vector<Listing> others,
                         store::ListingsOfPatent(conn, listing.publication_number, listing.id,
                                                 {"pending_review", "published"}));
  for (const Listing& other : others) {
    if (OffersConflict(listing.kind, other.kind)) {
      return absl::FailedPreconditionError(
          base::StrCat("listing ", other.id, " (", ListingKindName(other.kind), ") of ",
                       listing.publication_number, " is ", Quoted(other.state), ": no ",
                       ListingKindName(listing.kind), " offer can stand beside it"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<store::Authorisation> ListingService::Authorise(const auth::Principal* principal,
                                                               AuthorisationInput input) {
  IPHUB_RETURN_IF_ERROR(RequireOrganisation(principal, "authorising an agency"));
  if (principal->role != auth::Role::kOrgAdmin && principal->role != auth::Role::kMember) {
    return absl::PermissionDeniedError("authorisations are given by the holder's members");
  }
  const std::optional<base::CivilDate> until = base::ParseCivilDate(input.valid_until);
  if (!until.has_value()) return base::InvalidField("valid_until", "must be a date YYYY-MM-DD");
  if (input.valid_until < Today()) {
    return base::InvalidField("valid_until", "must be today or later");
  }
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  absl::StatusOr<auth::Organization> agency =
      auth::store::GetOrganization(*conn, input.agency_org_id);
  if (absl::IsNotFound(agency.status())) {
    return base::InvalidField("agency_org_id", "no such organisation");
  }
  IPHUB_RETURN_IF_ERROR(agency.status());
  if (agency->id == *principal->organization_id) {
    return base::InvalidField("agency_org_id", "an organisation lists its own patents unasked");
  }
  store::Authorisation grant{.holder_org_id = *principal->organization_id,
                             .agency_org_id = agency->id,
                             .valid_until = input.valid_until,
                             .created_by = principal->user_id,
                             .created_at = clock_.NowMillis()};
  const std::string number(base::StripWhitespace(input.publication_number));
  if (!number.empty()) {
    absl::StatusOr<patents::NumberQuery> query = patents::ParseNumberQuery(number);
    if (!query.ok()) return base::WithField(query.status(), "publication_number");
    IPHUB_ASSIGN_OR_RETURN(std::vector<patents::store::StoredPatent> found,
                           patents::store::FindByNumber(*conn, *query));
    if (found.empty()) {
      return base::InvalidField("publication_number",
                                base::StrCat("no stored patent has the number ", number));
    }
    grant.publication_number = found.front().publication_number;
  }
  IPHUB_ASSIGN_OR_RETURN(grant.id, store::InsertAuthorisation(*conn, grant));
  IPHUB_ASSIGN_OR_RETURN(auth::Organization holder,
                         auth::store::GetOrganization(*conn, grant.holder_org_id));
  IPHUB_RETURN_IF_ERROR(auth::AppendAudit(
      *conn, principal, grant.created_at,
      {.action = "listing_authorisation.create",
       .entity = "listing_authorisation",
       .entity_id = std::to_string(grant.id),
       .region_code = holder.region_code,
       .detail = {
           {"agency_org_id", grant.agency_org_id},
           {"publication_number",
            grant.publication_number.has_value() ? json(*grant.publication_number) : json(nullptr)},
           {"valid_until", grant.valid_until}}}));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return store::GetAuthorisation(*conn, grant.id);
}

absl::Status ListingService::Revoke(const auth::Principal* principal, int64_t id) {
  IPHUB_RETURN_IF_ERROR(RequireOrganisation(principal, "revoking an authorisation"));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(store::Authorisation grant, store::GetAuthorisation(*conn, id));
  if (grant.holder_org_id != *principal->organization_id) {
    return absl::NotFoundError(base::StrCat("no authorisation ", id));
  }
  if (grant.revoked_at.has_value()) {
    return absl::FailedPreconditionError(base::StrCat("authorisation ", id, " is revoked already"));
  }
  const int64_t now = clock_.NowMillis();
  IPHUB_RETURN_IF_ERROR(store::RevokeAuthorisation(*conn, id, now));
  IPHUB_RETURN_IF_ERROR(auth::AppendAudit(*conn, principal, now,
                                          {.action = "listing_authorisation.revoke",
                                           .entity = "listing_authorisation",
                                           .entity_id = std::to_string(id),
                                           .region_code = principal->region_code,
                                           .detail = {{"agency_org_id", grant.agency_org_id}}}));
  return tx.Commit();
}

absl::StatusOr<std::vector<store::Authorisation>> ListingService::Authorisations(
    const auth::Principal* principal) {
  IPHUB_RETURN_IF_ERROR(RequireOrganisation(principal, "authorisations"));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  return store::AuthorisationsOf(*conn, *principal->organization_id);
}

}  // namespace iphub::market
