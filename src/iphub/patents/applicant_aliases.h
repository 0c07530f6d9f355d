// Applicant aliases: spellings of one applicant that the normalisation rules
// (applicant_names.h) cannot join — former names, a Chinese and an English name,
// a subsidiary that statistics count with its parent — merged by officials into
// one canonical name. Search (PAN=), facets, landscapes and competitor watches
// then count the canonical name.
//
//   ApplicantAliasService aliases(database, clock);
//   IPHUB_ASSIGN_OR_RETURN(auto events, aliases.Merge(&official, {
//       .canonical = "华为技术有限公司",
//       .names = {"HUAWEI TECHNOLOGIES CO., LTD.", "华为技术(深圳)有限公司"},
//       .note = "英文名与曾用名"}));
//   aliases.Undo(&official, events[0].seq, "merged by mistake");  // a split
//
// Every name is stored normalised. A canonical name never resolves further: a
// merge into a name that is itself merged goes to that name's canonical, and
// merging a canonical name moves its whole group. Every merge and split is an
// event (the history curators read, each one undoable) and an audit-log entry in
// the same transaction. The search index follows the events (PatentIndex
// re-indexes the patents of the names an event touches, within a second when
// the server runs), so a change is searchable like an import.
//
// Reading is public (applicant names are published data); merging, splitting
// and undoing are for officials and platform administrators.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/auth/model.h"
#include "iphub/base/clock.h"
#include "iphub/db/database.h"

namespace iphub::patents {

// name → canonical name, both normalised, as of event `version`.
struct ApplicantAliasMap {
  std::map<std::string, std::string, std::less<>> canonical_of{};
  int64_t version = 0;  // the last applicant_alias_events.seq it includes

  // The canonical name of a normalised name: itself when it is merged into none.
  std::string_view Resolve(std::string_view name) const;
};

// One merge or split.
struct AliasEvent {
  int64_t seq = 0;
  std::string kind{};               // "merge" or "split"
  std::string name{};               // the name merged or split off
  std::string canonical{};          // merge: what it resolves to now; split: what it resolved to
  std::string previous{};           // merge: what it resolved to before ("" when nothing)
  std::optional<int64_t> undoes{};  // the event this one reverses
  std::string note{};
  std::optional<int64_t> actor_id{};
  std::string actor{};
  int64_t at_ms = 0;
};

struct ApplicantAlias {
  std::string name{};
  std::string canonical{};
  std::optional<int64_t> merged_by{};
  int64_t merged_at = 0;
  std::string note{};
};

struct MergeRequest {
  std::string canonical{};           // as written; normalised here
  std::vector<std::string> names{};  // 1 to kMaxMergeNames, as written
  std::string note{};                // why (shown in the history), at most 500 characters
};

inline constexpr size_t kMaxMergeNames = 100;

template <typename T>
struct Listed {
  std::vector<T> items{};
  int64_t total = 0;
};

// The whole map as stored now.
absl::StatusOr<ApplicantAliasMap> LoadApplicantAliases(db::Connection& conn);
// The canonical name of one applicant name as written: normalised, then resolved through
// the alias table ("" when the name normalises to nothing).
absl::StatusOr<std::string> CanonicalApplicantName(db::Connection& conn, std::string_view name);
// Events after `seq`, oldest first, at most `limit`.
absl::StatusOr<std::vector<AliasEvent>> AliasEventsAfter(db::Connection& conn, int64_t seq,
                                                         int64_t limit);

class ApplicantAliasService {
 public:
  ApplicantAliasService(db::Database& database, base::Clock& clock)
      : database_(database), clock_(clock) {}

  // Aliases, by canonical name then name. `text`: only those whose name or
  // canonical name holds it (normalised first, so any spelling finds them).
  absl::StatusOr<Listed<ApplicantAlias>> List(std::string_view text, int64_t limit,
                                              int64_t offset) const;
  // Every name merged into the canonical name of `name` (itself included first),
  // and that canonical name. NotFound-free: a name with no aliases is its own group.
  absl::StatusOr<std::pair<std::string, std::vector<std::string>>> Group(
      std::string_view name) const;
  // The history, newest first; `text` as for List, on the event's names.
  absl::StatusOr<Listed<AliasEvent>> Events(std::string_view text, int64_t limit,
                                            int64_t offset) const;

  // Merges the names into the canonical name; returns one event per name whose
  // resolution changed (names already merged there give none). InvalidArgument
  // for an empty or unreadable name (naming which, "names[2]") and for a name
  // that is the canonical name itself.
  absl::StatusOr<std::vector<AliasEvent>> Merge(const auth::Principal* principal,
                                                const MergeRequest& request);
  // Splits a merged name off: it stands alone again. NotFound when it is merged
  // into nothing.
  absl::StatusOr<AliasEvent> Split(const auth::Principal* principal, std::string_view name,
                                   std::string_view note);
  // Reverses event `seq`: a merge is split off again (or put back under the name
  // it was merged into before), a split is merged again. FailedPrecondition when
  // the name has changed since (it now resolves elsewhere), saying how.
  absl::StatusOr<std::vector<AliasEvent>> Undo(const auth::Principal* principal, int64_t seq,
                                               std::string_view note);

 private:
  db::Database& database_;
  base::Clock& clock_;
};

}  // namespace iphub::patents
