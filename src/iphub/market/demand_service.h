// The demand library: an organisation posts a need (a draft), publishes it while
// its deadline is ahead (DemandMachine's "publish" checks "deadline_ahead"),
// invites suppliers it finds in the organisation directory, and closes or
// withdraws it; officials of the region may take an open demand down with a
// reason. Invited suppliers answer once ("interested" or "declined"); each
// answer is timed against respond_by, the invitation time plus the configured
// window, and DemandService::ResponseTimes reports it per supplier.
//
// Who sees what: open and closed demands are public (contact as its visibility
// says); drafts and withdrawn ones only the posting organisation and the
// region's reviewers; invitations of a demand the posting organisation and the
// reviewers; an organisation its own invitations.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/auth/model.h"
#include "iphub/base/clock.h"
#include "iphub/db/database.h"
#include "iphub/market/demand.h"
#include "iphub/workflow/workflow.h"

namespace iphub::market {

struct DemandOptions {
  int response_days = 7;  // a supplier's window to answer an invitation
};

struct DemandView {
  Demand demand{};
  bool contact_shown = false;
  std::vector<workflow::Event> history{};
  std::vector<workflow::Option> actions{};
};

struct DemandFilter {
  std::string text{};
  std::string region_code{};
  std::string industry{};
  std::string state{};
  std::string scope = "market";  // "market" or "mine"
  int64_t limit = 20;
  int64_t offset = 0;
};

struct SupplierResponseTimes {
  int64_t supplier_org_id = 0;
  std::string supplier_org_name{};
  int64_t invited = 0;
  int64_t answered = 0;
  int64_t on_time = 0;
  int64_t late = 0;
  int64_t overdue = 0;                            // unanswered past respond_by
  int64_t pending = 0;                            // unanswered, not yet due
  std::optional<double> median_response_hours{};  // over answered invitations
};

inline constexpr size_t kMaxInvitationsAtOnce = 50;

class DemandService {
 public:
  DemandService(db::Database& database, base::Clock& clock, DemandOptions options = {});

  const workflow::Machine& machine() const { return workflow_.machine(); }

  absl::StatusOr<DemandView> Create(const auth::Principal* principal, DemandInput input);
  absl::StatusOr<DemandView> Update(const auth::Principal* principal, int64_t id, DemandInput input,
                                    std::optional<int64_t> expected_version);
  absl::StatusOr<DemandView> Transition(const auth::Principal* principal, int64_t id,
                                        std::string_view transition,
                                        const workflow::FireOptions& options);
  absl::StatusOr<DemandView> Get(const auth::Principal* principal, int64_t id);
  absl::StatusOr<std::pair<std::vector<DemandView>, int64_t>> List(const auth::Principal* principal,
                                                                   const DemandFilter& filter);

  // Invites suppliers to an open demand (the posting organisation); returns the new
  // invitations (suppliers invited before are skipped).
  absl::StatusOr<std::vector<Invitation>> Invite(const auth::Principal* principal,
                                                 int64_t demand_id,
                                                 const std::vector<int64_t>& supplier_org_ids);
  absl::StatusOr<std::vector<Invitation>> InvitationsOf(const auth::Principal* principal,
                                                        int64_t demand_id);
  // The caller organisation's invitations; `state` "" / "all", "pending" (unanswered,
  // overdue ones included) or "answered".
  absl::StatusOr<std::vector<Invitation>> Received(const auth::Principal* principal,
                                                   std::string_view state);
  absl::StatusOr<Invitation> Answer(const auth::Principal* principal, int64_t invitation_id,
                                    std::string_view answer, std::string_view message);
  // Per supplier, by name. Officials: suppliers of their region (or of `region_code` inside
  // it); platform administrators: all (or `region_code`); others: their own organisation.
  absl::StatusOr<std::vector<SupplierResponseTimes>> ResponseTimes(const auth::Principal* principal,
                                                                   std::string_view region_code);

  int64_t now_ms() const { return clock_.NowMillis(); }

  // Called after a demand is published and committed, by the publishing principal: the
  // app matches it at once so that both sides hear of the matches (market/matching.h).
  // Set before the service is shared; the callback reports its own errors.
  void OnPublished(std::function<void(const auth::Principal*, int64_t demand_id)> callback) {
    on_published_ = std::move(callback);
  }

 private:
  workflow::Actor ActorFor(const auth::Principal* principal, const Demand& demand) const;
  bool MaySee(const auth::Principal* principal, const Demand& demand) const;
  bool Insider(const auth::Principal* principal, const Demand& demand) const;
  absl::StatusOr<DemandView> ViewOf(db::Connection& conn, const auth::Principal* principal,
                                    Demand demand, bool with_history);
  absl::Status Resolve(db::Connection& conn, const auth::Principal& principal, DemandInput& input,
                       Demand& demand);

  db::Database& database_;
  base::Clock& clock_;
  DemandOptions options_;
  workflow::Workflow workflow_;
  std::function<void(const auth::Principal*, int64_t)> on_published_;
};

}  // namespace iphub::market
