// Patent pools (pool.h): created by a member of an organisation, which
// administers it; members added by the administrator; patents contributed by
// the member organisation that holds them; published when a patent in force
// and terms are there. Published and closed pools are public; drafts only to
// their member organisations and the officials of the pool's region (NotFound
// to others). Every change is audited ("pool.<what>").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/auth/model.h"
#include "iphub/base/clock.h"
#include "iphub/db/database.h"
#include "iphub/market/pool.h"
#include "iphub/workflow/workflow.h"

namespace iphub::market {

struct PoolView {
  Pool pool{};
  std::optional<std::string> role{};  // "administrator", "member", "official"
  std::vector<PoolMember> members{};
  std::vector<PoolPatent> patents{};
  std::vector<workflow::Event> history{};
  std::vector<workflow::Option> actions{};
};

struct PoolFilter {
  std::string text{};
  std::string state{};
  std::string scope = "market";  // "market" or "mine"
  int64_t limit = 20;
  int64_t offset = 0;
};

class PoolService {
 public:
  PoolService(db::Database& database, base::Clock& clock);

  const workflow::Machine& machine() const { return workflow_.machine(); }

  absl::StatusOr<PoolView> Create(const auth::Principal* principal, PoolInput input);
  absl::StatusOr<PoolView> Update(const auth::Principal* principal, int64_t id, PoolInput input,
                                  std::optional<int64_t> expected_version);
  absl::StatusOr<PoolView> Get(const auth::Principal* principal, int64_t id);
  absl::StatusOr<std::pair<std::vector<PoolView>, int64_t>> List(const auth::Principal* principal,
                                                                 const PoolFilter& filter);
  absl::StatusOr<PoolView> AddMember(const auth::Principal* principal, int64_t id, int64_t org_id);
  // The administrator removes a member, or a member leaves; its patents leave with it.
  absl::StatusOr<PoolView> RemoveMember(const auth::Principal* principal, int64_t id,
                                        int64_t org_id);
  absl::StatusOr<PoolView> AddPatent(const auth::Principal* principal, int64_t id,
                                     std::string_view number);
  absl::StatusOr<PoolView> RemovePatent(const auth::Principal* principal, int64_t id,
                                        std::string_view publication_number);
  absl::StatusOr<PoolView> Transition(const auth::Principal* principal, int64_t id,
                                      std::string_view transition,
                                      const workflow::FireOptions& options);

 private:
  std::string Today() const;
  bool IsMember(db::Connection& conn, const auth::Principal* principal, int64_t pool_id) const;
  workflow::Actor ActorFor(const auth::Principal* principal, const Pool& pool) const;
  // The pool, NotFound unless the caller may see it.
  absl::StatusOr<Pool> Load(db::Connection& conn, const auth::Principal* principal, int64_t id);
  // Refuses changes to a closed pool.
  absl::Status RequireOpen(const Pool& pool) const;
  absl::StatusOr<PoolView> ViewOf(db::Connection& conn, const auth::Principal* principal, Pool pool,
                                  bool full);
  absl::Status Audit(db::Connection& conn, const auth::Principal* principal, const Pool& pool,
                     std::string_view what, nlohmann::json detail);

  db::Database& database_;
  base::Clock& clock_;
  workflow::Workflow workflow_;
};

}  // namespace iphub::market
