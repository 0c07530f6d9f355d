// Watches (监控) and their alerts: the records, and the rules on their fields that need no
// database.
//
// A watch belongs to one user and may be shared with the user's organisation; then every
// member of that organisation receives its alerts (otherwise only the owner does). Kinds:
//   - query:     a query of the query language; each newly imported patent it matches alerts;
//   - applicant: a competitor by name; each newly imported patent of that applicant alerts
//                (matched as PAN="<name>", the applicant's normalised name);
//   - status:    chosen patents and groups of legal events; a watched patent that gains an
//                event of a chosen group alerts, once per event;
//   - similarity: chosen patents and a threshold; each newly imported patent at least that
//                similar (PatentIndex::Similar's score, as a percentage) to one of them alerts,
//                once, naming the closest watched patent.
// Alerts are written when an import is evaluated (evaluator.h); `frequency` says when mail
// goes out: `import` right after the evaluation, `daily` or `weekly` in a digest of what came
// in during the previous day (week, Monday to Sunday), Asia/Shanghai.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/collections/model.h"

namespace iphub::watch {

inline constexpr size_t kMaxNameChars = 100;  // code points
// A status watch follows at most this many patents.
inline constexpr size_t kMaxWatchedPatents = 1000;
// A similarity watch compares new patents with at most this many.
inline constexpr size_t kMaxSimilarPatents = 200;
// A similarity watch's threshold: a percentage of PatentIndex::Similar's score (× 100, rounded).
inline constexpr int kMinThreshold = 1;
inline constexpr int kMaxThreshold = 100;
// The default threshold, tried on the demo corpus (`iphub demo --patents 3000`; the five
// nearest patents of 80 CN applications through /api/v1/patents/{number}/similar): its
// fields share small synthetic vocabularies, so even neighbours that only share a field score
// high — the nearest one 59–94 % (median 84), and of the five nearest 97 % reach 60, 49 %
// reach 80, 3 % reach 90. A copy of a watched patent's text scores about 100 % in the same
// IPC classes and 85 % under others (the class share of the score lost; service_test.cc).
// 60 would alert on nearly every new patent of a watched patent's field there; 80 keeps
// copies and rewrites with a margin and half of the merely related. Real corpora, with
// larger vocabularies, score related patents lower; users tune it per watch.
inline constexpr int kDefaultThreshold = 80;

enum class WatchKind { kQuery, kApplicant, kStatus, kSimilarity };

// "query", "applicant", "status", "similarity"
std::string_view WatchKindName(WatchKind kind);
// InvalidArgument (field "kind") for anything else.
absl::StatusOr<WatchKind> ParseWatchKind(std::string_view name);

// Groups of legal events a status watch may choose.
enum class EventGroup {
  kLapse,         // 未缴年费专利权终止
  kRestoration,   // 权利的恢复
  kTransfer,      // 专利权的转移
  kLicence,       // 专利实施许可合同备案的生效
  kPledge,        // 专利权质押合同登记的生效
  kInvalidation,  // 无效 (in full or in part)
  kExpiry,        // 专利权有效期届满
};

// "lapse", "restoration", "transfer", "licence", "pledge", "invalidation", "expiry".
std::string_view EventGroupName(EventGroup group);
// InvalidArgument (field "events") for anything else.
absl::StatusOr<EventGroup> ParseEventGroup(std::string_view name);
// The group of a CN legal-event code, if it belongs to one. The codes are those of shared
// FACTS.md §5 (CNIPA 法律状态代码): CF01 and the older C19 lapse (as legal_status.h reads
// them), RR01 restoration, TR01 transfer, EE01 licence recordal in force, PE01 pledge
// registered, IW01 invalid in full and IP01 invalid in part, CX01 term expired.
std::optional<EventGroup> EventGroupOf(std::string_view code);

// When mail about new alerts is sent. Alerts themselves are always written at evaluation.
enum class Frequency { kImport, kDaily, kWeekly };
std::string_view FrequencyName(Frequency frequency);  // "import", "daily", "weekly"
// "" means import; InvalidArgument (field "frequency") for anything else.
absl::StatusOr<Frequency> ParseFrequency(std::string_view name);
// The digest period `now_ms` falls in (Asia/Shanghai): daily, the day ("2026-11-28"); weekly,
// the Monday of its week ("2026-11-23"). A digest goes out when the period changes.
std::string DigestPeriod(Frequency frequency, int64_t now_ms);

// Who owns a watch and with whom it is shared (a shared watch alerts every member
// of organization_id); the access rules are those of collections (access.h).
using Ownership = collections::Ownership;

struct Watch {
  int64_t id = 0;
  Ownership ownership{};
  std::string owner_name{};
  std::string name{};
  WatchKind kind = WatchKind::kQuery;
  // query: the query as saved; applicant: the name as given (the query it runs is
  // patents::ApplicantNameQuery(applicant)); status: empty.
  std::string query{};
  std::string applicant{};
  // status and similarity: the watched publication numbers
  std::vector<std::string> patents{};
  std::vector<EventGroup> events{};  // status: the chosen groups
  int threshold = 0;                 // similarity: kMinThreshold..kMaxThreshold; others 0
  Frequency frequency = Frequency::kImport;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// Whether the watch follows chosen patents (status and similarity).
bool HasPatents(WatchKind kind);

// The query a watch runs against newly imported patents ("" for status and similarity
// watches).
std::string MatchQuery(const Watch& watch);

struct Alert {
  int64_t id = 0;
  int64_t watch_id = 0;
  std::string watch_name{};
  int64_t user_id = 0;
  std::string kind{};  // the watch's kind: "query", "applicant", "status", "similarity"
  std::string publication_number{};
  std::string title{};
  // JSON object text (status: group, code, date, text of the event; similarity: the watched
  // patent it is close to, score, percent, threshold, shared terms and IPC classes)
  std::string detail{};
  int64_t created_at = 0;
  std::optional<int64_t> read_at{};
};

// `name` trimmed, 1 to kMaxNameChars code points, no control characters; otherwise
// InvalidArgument with field "name".
absl::StatusOr<std::string> NormalizeName(std::string_view name);
// A similarity watch's threshold: InvalidArgument (field "threshold") outside
// kMinThreshold..kMaxThreshold.
absl::StatusOr<int> CheckThreshold(int64_t threshold);
// Event groups as stored ("transfer,pledge") and back; unknown names are skipped on read.
std::string JoinEventGroups(const std::vector<EventGroup>& groups);
std::vector<EventGroup> SplitEventGroups(std::string_view text);

}  // namespace iphub::watch
