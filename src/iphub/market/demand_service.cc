#include "iphub/market/demand_service.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "iphub/auth/audit.h"
#include "iphub/auth/regions.h"
#include "iphub/auth/store.h"
#include "iphub/base/civil_date.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/market/access.h"
#include "iphub/market/store.h"

namespace iphub::market {
namespace {

using json = nlohmann::json;

constexpr int64_t kHourMs = 3'600'000;
constexpr int64_t kDayMs = 24 * kHourMs;
constexpr size_t kMaxMessageChars = 2000;

const std::vector<std::string>& PublicStates() {
  static const auto* const kStates = new std::vector<std::string>{"open", "closed"};
  return *kStates;
}

bool IsPublic(std::string_view state) { return state == "open" || state == "closed"; }

bool InOrganisation(const auth::Principal* principal, int64_t org_id) {
  return principal != nullptr && principal->organization_id == org_id;
}

json DemandDetail(const Demand& demand) {
  return {{"title", demand.title}, {"deadline", demand.deadline}, {"org_id", demand.org_id}};
}

}  // namespace

DemandService::DemandService(db::Database& database, base::Clock& clock, DemandOptions options)
    : database_(database),
      clock_(clock),
      options_(options),
      workflow_(workflow::Workflow::Create(
                    DemandMachine(),
                    {{"deadline_ahead",
                      [this](db::Connection& conn, const workflow::Record& record) -> absl::Status {
                        IPHUB_ASSIGN_OR_RETURN(Demand demand, store::GetDemand(conn, record.id));
                        const std::string today = base::ShanghaiDate(clock_.NowMillis());
                        if (demand.deadline >= today) return absl::OkStatus();
                        return absl::FailedPreconditionError(
                            base::StrCat("the deadline ", demand.deadline,
                                         " has passed: set a later one first"));
                      }}})
                    .value()) {}

workflow::Actor DemandService::ActorFor(const auth::Principal* principal,
                                        const Demand& demand) const {
  workflow::Actor actor{.principal = principal, .roles = workflow::PlatformRoles(principal)};
  if (InOrganisation(principal, demand.org_id)) actor.roles.insert("poster");
  if (IsReviewer(principal, demand.region_code)) actor.roles.insert("reviewer");
  return actor;
}

bool DemandService::Insider(const auth::Principal* principal, const Demand& demand) const {
  return InOrganisation(principal, demand.org_id) || IsReviewer(principal, demand.region_code);
}

bool DemandService::MaySee(const auth::Principal* principal, const Demand& demand) const {
  return IsPublic(demand.state) || Insider(principal, demand);
}

absl::StatusOr<DemandView> DemandService::ViewOf(db::Connection& conn,
                                                 const auth::Principal* principal, Demand demand,
                                                 bool with_history) {
  DemandView view;
  const bool insider = Insider(principal, demand);
  view.contact_shown = ContactShown(demand.contact_visibility, principal, insider);
  if (!view.contact_shown) {
    demand.contact_name.clear();
    demand.contact_phone.clear();
  }
  if (with_history && insider) {
    IPHUB_ASSIGN_OR_RETURN(view.history, workflow_.History(conn, demand.id));
  }
  if (with_history && principal != nullptr) {
    IPHUB_ASSIGN_OR_RETURN(workflow::Record record, workflow_.Get(conn, demand.id));
    IPHUB_ASSIGN_OR_RETURN(view.actions,
                           workflow_.Options(conn, record, ActorFor(principal, demand)));
    std::erase_if(view.actions, [](const workflow::Option& option) { return !option.permitted; });
  }
  view.demand = std::move(demand);
  return view;
}

absl::Status DemandService::Resolve(db::Connection& conn, const auth::Principal& principal,
                                    DemandInput& input, Demand& demand) {
  IPHUB_RETURN_IF_ERROR(ValidateDemandInput(input));
  demand.title = input.title;
  demand.problem = input.problem;
  demand.industry = input.industry;
  demand.ipc = input.ipc;
  demand.budget_fen = input.budget_fen;
  demand.deadline = input.deadline;
  demand.contact_name = input.contact_name;
  demand.contact_phone = input.contact_phone;
  demand.contact_visibility = ParseContactVisibility(input.contact_visibility).value();
  demand.org_id = *principal.organization_id;
  if (input.region_code.empty()) {
    IPHUB_ASSIGN_OR_RETURN(auth::Organization org,
                           auth::store::GetOrganization(conn, demand.org_id));
    demand.region_code = org.region_code;
  } else {
    demand.region_code = input.region_code;
  }
  return absl::OkStatus();
}

absl::StatusOr<DemandView> DemandService::Create(const auth::Principal* principal,
                                                 DemandInput input) {
  IPHUB_RETURN_IF_ERROR(RequireOrganisation(principal, "posting a demand"));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  Demand demand;
  IPHUB_RETURN_IF_ERROR(Resolve(*conn, *principal, input, demand));
  const int64_t now = clock_.NowMillis();
  demand.created_by = principal->user_id;
  demand.created_at = now;
  demand.updated_at = now;
  absl::StatusOr<int64_t> id = store::InsertDemand(*conn, demand);
  if (absl::IsFailedPrecondition(id.status())) {
    return base::InvalidField("region_code", "is not a known region");
  }
  IPHUB_RETURN_IF_ERROR(id.status());
  demand.id = *id;
  IPHUB_RETURN_IF_ERROR(
      workflow_
          .Start(*conn, demand.id, ActorFor(principal, demand), now,
                 {.region_code = demand.region_code, .detail = DemandDetail(demand)})
          .status());
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  IPHUB_ASSIGN_OR_RETURN(Demand stored, store::GetDemand(*conn, demand.id));
  return ViewOf(*conn, principal, std::move(stored), true);
}

absl::StatusOr<DemandView> DemandService::Update(const auth::Principal* principal, int64_t id,
                                                 DemandInput input,
                                                 std::optional<int64_t> expected_version) {
  IPHUB_RETURN_IF_ERROR(RequireOrganisation(principal, "changing a demand"));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Demand demand, store::GetDemand(*conn, id));
  if (!MaySee(principal, demand)) return absl::NotFoundError(base::StrCat("no demand ", id));
  if (!InOrganisation(principal, demand.org_id)) {
    return absl::PermissionDeniedError("only the posting organisation changes a demand");
  }
  if (demand.state != "draft") {
    return absl::FailedPreconditionError(
        base::StrCat("demand ", id, " is \"", demand.state, "\": only a draft is changed"));
  }
  if (expected_version.has_value() && *expected_version != demand.version) {
    return absl::FailedPreconditionError(base::StrCat("demand ", id, " changed since version ",
                                                      *expected_version, ": it is at version ",
                                                      demand.version));
  }
  Demand changed = demand;
  IPHUB_RETURN_IF_ERROR(Resolve(*conn, *principal, input, changed));
  changed.updated_at = clock_.NowMillis();
  IPHUB_RETURN_IF_ERROR(store::UpdateDemand(*conn, changed));
  IPHUB_RETURN_IF_ERROR(auth::AppendAudit(*conn, principal, changed.updated_at,
                                          {.action = "demand.update",
                                           .entity = "demand",
                                           .entity_id = std::to_string(id),
                                           .region_code = changed.region_code,
                                           .detail = DemandDetail(changed)}));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  IPHUB_ASSIGN_OR_RETURN(Demand stored, store::GetDemand(*conn, id));
  return ViewOf(*conn, principal, std::move(stored), true);
}

absl::StatusOr<DemandView> DemandService::Transition(const auth::Principal* principal, int64_t id,
                                                     std::string_view transition,
                                                     const workflow::FireOptions& options) {
  if (principal == nullptr) return absl::UnauthenticatedError("log in first");
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Demand demand, store::GetDemand(*conn, id));
  if (!MaySee(principal, demand)) return absl::NotFoundError(base::StrCat("no demand ", id));
  IPHUB_RETURN_IF_ERROR(
      workflow_
          .Fire(*conn, id, transition, ActorFor(principal, demand), clock_.NowMillis(), options)
          .status());
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  if (transition == "publish" && on_published_) on_published_(principal, id);
  IPHUB_ASSIGN_OR_RETURN(Demand stored, store::GetDemand(*conn, id));
  return ViewOf(*conn, principal, std::move(stored), true);
}

absl::StatusOr<DemandView> DemandService::Get(const auth::Principal* principal, int64_t id) {
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(Demand demand, store::GetDemand(*conn, id));
  if (!MaySee(principal, demand)) return absl::NotFoundError(base::StrCat("no demand ", id));
  return ViewOf(*conn, principal, std::move(demand), true);
}

absl::StatusOr<std::pair<std::vector<DemandView>, int64_t>> DemandService::List(
    const auth::Principal* principal, const DemandFilter& filter) {
  store::DemandQuery query{.text = std::string(base::StripWhitespace(filter.text)),
                           .industry = filter.industry,
                           .public_states = PublicStates(),
                           .limit = filter.limit,
                           .offset = filter.offset};
  if (!filter.region_code.empty()) {
    IPHUB_RETURN_IF_ERROR(auth::CheckRegionCodeSyntax(filter.region_code, "region"));
    query.region_prefix = std::string(auth::ScopePrefix(filter.region_code));
  }
  if (!filter.state.empty()) {
    if (!DemandMachine().HasState(filter.state)) {
      return base::InvalidField("state",
                                base::StrCat("\"", filter.state, "\" is not a demand state"));
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
      return absl::PermissionDeniedError("\"mine\" lists an organisation's demands: join one");
    }
    query.only_own = true;
  } else if (filter.scope != "market") {
    return base::InvalidField("scope", "must be market or mine");
  }
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(auto listed, store::ListDemands(*conn, query));
  std::vector<DemandView> views;
  for (Demand& demand : listed.first) {
    IPHUB_ASSIGN_OR_RETURN(DemandView view, ViewOf(*conn, principal, std::move(demand), false));
    views.push_back(std::move(view));
  }
  return std::make_pair(std::move(views), listed.second);
}

absl::StatusOr<std::vector<Invitation>> DemandService::Invite(
    const auth::Principal* principal, int64_t demand_id,
    const std::vector<int64_t>& supplier_org_ids) {
  IPHUB_RETURN_IF_ERROR(RequireOrganisation(principal, "inviting suppliers"));
  if (supplier_org_ids.empty() || supplier_org_ids.size() > kMaxInvitationsAtOnce) {
    return base::InvalidField("supplier_org_ids",
                              base::StrCat("name 1 to ", kMaxInvitationsAtOnce, " organisations"));
  }
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Demand demand, store::GetDemand(*conn, demand_id));
  if (!MaySee(principal, demand)) {
    return absl::NotFoundError(base::StrCat("no demand ", demand_id));
  }
  if (!InOrganisation(principal, demand.org_id)) {
    return absl::PermissionDeniedError("only the posting organisation invites suppliers");
  }
  if (demand.state != "open") {
    return absl::FailedPreconditionError(base::StrCat("demand ", demand_id, " is \"", demand.state,
                                                      "\": suppliers are invited to open ones"));
  }
  const int64_t now = clock_.NowMillis();
  std::vector<int64_t> created;
  for (size_t i = 0; i < supplier_org_ids.size(); ++i) {
    const int64_t supplier = supplier_org_ids[i];
    const std::string field = base::StrCat("supplier_org_ids[", i, "]");
    if (supplier == demand.org_id) {
      return base::InvalidField(field, "is the posting organisation itself");
    }
    absl::StatusOr<auth::Organization> org = auth::store::GetOrganization(*conn, supplier);
    if (absl::IsNotFound(org.status())) return base::InvalidField(field, "no such organisation");
    IPHUB_RETURN_IF_ERROR(org.status());
    IPHUB_ASSIGN_OR_RETURN(
        std::optional<int64_t> id,
        store::InsertInvitation(*conn, {.demand_id = demand_id,
                                        .supplier_org_id = supplier,
                                        .invited_by = principal->user_id,
                                        .invited_at = now,
                                        .respond_by = now + options_.response_days * kDayMs}));
    if (!id.has_value()) continue;  // invited before
    created.push_back(*id);
    IPHUB_RETURN_IF_ERROR(
        auth::AppendAudit(*conn, principal, now,
                          {.action = "demand_invitation.create",
                           .entity = "demand_invitation",
                           .entity_id = std::to_string(*id),
                           .region_code = demand.region_code,
                           .detail = {{"demand_id", demand_id}, {"supplier_org_id", supplier}}}));
  }
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  std::vector<Invitation> out;
  for (int64_t id : created) {
    IPHUB_ASSIGN_OR_RETURN(Invitation invitation, store::GetInvitation(*conn, id));
    out.push_back(std::move(invitation));
  }
  return out;
}

absl::StatusOr<std::vector<Invitation>> DemandService::InvitationsOf(
    const auth::Principal* principal, int64_t demand_id) {
  if (principal == nullptr) return absl::UnauthenticatedError("log in first");
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(Demand demand, store::GetDemand(*conn, demand_id));
  if (!Insider(principal, demand)) {
    return absl::NotFoundError(base::StrCat("no invitations of demand ", demand_id, " for you"));
  }
  return store::InvitationsOfDemand(*conn, demand_id);
}

absl::StatusOr<std::vector<Invitation>> DemandService::Received(const auth::Principal* principal,
                                                                std::string_view state) {
  IPHUB_RETURN_IF_ERROR(RequireOrganisation(principal, "invitations"));
  if (!state.empty() && state != "all" && state != "pending" && state != "answered") {
    return base::InvalidField("state", "must be all, pending or answered");
  }
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(std::vector<Invitation> all,
                         store::InvitationsOfSupplier(*conn, *principal->organization_id));
  if (state == "pending") {
    std::erase_if(all, [](const Invitation& invitation) { return invitation.answer.has_value(); });
  } else if (state == "answered") {
    std::erase_if(all, [](const Invitation& invitation) { return !invitation.answer.has_value(); });
  }
  return all;
}

absl::StatusOr<Invitation> DemandService::Answer(const auth::Principal* principal,
                                                 int64_t invitation_id, std::string_view answer,
                                                 std::string_view message) {
  IPHUB_RETURN_IF_ERROR(RequireOrganisation(principal, "answering an invitation"));
  if (answer != "interested" && answer != "declined") {
    return base::InvalidField("answer", "must be interested or declined");
  }
  std::string text(message);
  IPHUB_RETURN_IF_ERROR(NormalizeText(text, "message", kMaxMessageChars, false));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Invitation invitation, store::GetInvitation(*conn, invitation_id));
  if (invitation.supplier_org_id != *principal->organization_id) {
    return absl::NotFoundError(base::StrCat("no invitation ", invitation_id));
  }
  IPHUB_ASSIGN_OR_RETURN(Demand demand, store::GetDemand(*conn, invitation.demand_id));
  if (demand.state != "open") {
    return absl::FailedPreconditionError(
        base::StrCat("demand ", demand.id, " is \"", demand.state, "\": it takes no more answers"));
  }
  const int64_t now = clock_.NowMillis();
  IPHUB_ASSIGN_OR_RETURN(bool answered,
                         store::AnswerInvitation(*conn, invitation_id, answer, text, now));
  if (!answered) {
    return absl::FailedPreconditionError(
        base::StrCat("invitation ", invitation_id, " is answered already"));
  }
  IPHUB_RETURN_IF_ERROR(auth::AppendAudit(*conn, principal, now,
                                          {.action = "demand_invitation.answer",
                                           .entity = "demand_invitation",
                                           .entity_id = std::to_string(invitation_id),
                                           .region_code = demand.region_code,
                                           .detail = {{"demand_id", demand.id},
                                                      {"answer", answer},
                                                      {"on_time", now <= invitation.respond_by}}}));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return store::GetInvitation(*conn, invitation_id);
}

absl::StatusOr<std::vector<SupplierResponseTimes>> DemandService::ResponseTimes(
    const auth::Principal* principal, std::string_view region_code) {
  if (principal == nullptr) return absl::UnauthenticatedError("log in first");
  std::string prefix;
  std::optional<int64_t> only_org;
  if (!region_code.empty()) {
    IPHUB_RETURN_IF_ERROR(auth::CheckRegionCodeSyntax(region_code, "region"));
  }
  if (principal->role == auth::Role::kPlatformAdmin) {
    prefix = region_code.empty() ? "" : std::string(auth::ScopePrefix(region_code));
  } else if (principal->role == auth::Role::kOfficial && principal->region_code.has_value()) {
    const std::string_view scope =
        region_code.empty() ? std::string_view(*principal->region_code) : region_code;
    if (!auth::InRegion(*principal->region_code, scope)) {
      return absl::PermissionDeniedError("that region is outside yours");
    }
    prefix = std::string(auth::ScopePrefix(scope));
  } else if (principal->organization_id.has_value()) {
    only_org = principal->organization_id;
  } else {
    return absl::PermissionDeniedError("response times are for officials and organisations");
  }
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  std::vector<Invitation> invitations;
  if (only_org.has_value()) {
    IPHUB_ASSIGN_OR_RETURN(invitations, store::InvitationsOfSupplier(*conn, *only_org));
  } else {
    IPHUB_ASSIGN_OR_RETURN(invitations, store::InvitationsInRegion(*conn, prefix));
  }
  const int64_t now = clock_.NowMillis();
  std::map<int64_t, SupplierResponseTimes> by_supplier;
  std::map<int64_t, std::vector<int64_t>> durations;
  for (const Invitation& invitation : invitations) {
    SupplierResponseTimes& row = by_supplier[invitation.supplier_org_id];
    row.supplier_org_id = invitation.supplier_org_id;
    row.supplier_org_name = invitation.supplier_org_name;
    ++row.invited;
    const std::string_view state = InvitationState(invitation, now);
    if (state == "answered_on_time") ++row.on_time;
    if (state == "answered_late") ++row.late;
    if (state == "overdue") ++row.overdue;
    if (state == "pending") ++row.pending;
    if (invitation.responded_at.has_value()) {
      ++row.answered;
      durations[invitation.supplier_org_id].push_back(*invitation.responded_at -
                                                      invitation.invited_at);
    }
  }
  std::vector<SupplierResponseTimes> out;
  for (auto& [supplier, row] : by_supplier) {
    std::vector<int64_t>& taken = durations[supplier];
    if (!taken.empty()) {
      std::sort(taken.begin(), taken.end());
      const size_t n = taken.size();
      const double middle =
          n % 2 == 1
              ? static_cast<double>(taken[n / 2])
              : (static_cast<double>(taken[n / 2 - 1]) + static_cast<double>(taken[n / 2])) / 2.0;
      row.median_response_hours = middle / static_cast<double>(kHourMs);
    }
    out.push_back(std::move(row));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.supplier_org_name < b.supplier_org_name; });
  return out;
}

}  // namespace iphub::market
