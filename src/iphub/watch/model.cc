#include "iphub/watch/model.h"

#include <algorithm>
#include <array>
#include <utility>

#include "iphub/base/civil_date.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/patents/search.h"

namespace iphub::watch {
namespace {

constexpr std::array<std::pair<EventGroup, std::string_view>, 7> kGroupNames = {{
    {EventGroup::kLapse, "lapse"},
    {EventGroup::kRestoration, "restoration"},
    {EventGroup::kTransfer, "transfer"},
    {EventGroup::kLicence, "licence"},
    {EventGroup::kPledge, "pledge"},
    {EventGroup::kInvalidation, "invalidation"},
    {EventGroup::kExpiry, "expiry"},
}};

}  // namespace

std::string_view WatchKindName(WatchKind kind) {
  switch (kind) {
    case WatchKind::kQuery:
      return "query";
    case WatchKind::kApplicant:
      return "applicant";
    case WatchKind::kStatus:
      return "status";
    case WatchKind::kSimilarity:
      return "similarity";
  }
  return "query";
}

absl::StatusOr<WatchKind> ParseWatchKind(std::string_view name) {
  if (name == "query") return WatchKind::kQuery;
  if (name == "applicant") return WatchKind::kApplicant;
  if (name == "status") return WatchKind::kStatus;
  if (name == "similarity") return WatchKind::kSimilarity;
  return base::InvalidField("kind", "must be query, applicant, status or similarity");
}

std::string_view EventGroupName(EventGroup group) {
  for (const auto& [value, name] : kGroupNames) {
    if (value == group) return name;
  }
  return "lapse";
}

absl::StatusOr<EventGroup> ParseEventGroup(std::string_view name) {
  for (const auto& [value, group_name] : kGroupNames) {
    if (group_name == name) return value;
  }
  return base::InvalidField(
      "events",
      "each must be lapse, restoration, transfer, licence, pledge, invalidation or "
      "expiry");
}

std::optional<EventGroup> EventGroupOf(std::string_view code) {
  const std::string upper = base::AsciiUpperCopy(base::StripWhitespace(code));
  if (upper == "CF01" || upper == "C19") return EventGroup::kLapse;
  if (upper == "RR01") return EventGroup::kRestoration;
  if (upper == "TR01") return EventGroup::kTransfer;
  if (upper == "EE01") return EventGroup::kLicence;
  if (upper == "PE01") return EventGroup::kPledge;
  if (upper == "IW01" || upper == "IP01") return EventGroup::kInvalidation;
  if (upper == "CX01") return EventGroup::kExpiry;
  return std::nullopt;
}

std::string_view FrequencyName(Frequency frequency) {
  switch (frequency) {
    case Frequency::kImport:
      return "import";
    case Frequency::kDaily:
      return "daily";
    case Frequency::kWeekly:
      return "weekly";
  }
  return "import";
}

absl::StatusOr<Frequency> ParseFrequency(std::string_view name) {
  if (name.empty() || name == "import") return Frequency::kImport;
  if (name == "daily") return Frequency::kDaily;
  if (name == "weekly") return Frequency::kWeekly;
  return base::InvalidField("frequency", "must be import, daily or weekly");
}

std::string DigestPeriod(Frequency frequency, int64_t now_ms) {
  const std::string today = base::ShanghaiDate(now_ms);
  if (frequency != Frequency::kWeekly) return today;
  const std::optional<base::CivilDate> date = base::ParseCivilDate(today);
  if (!date.has_value()) return today;
  const int64_t days = base::DaysFromCivil(date->year, date->month, date->day);
  // 1970-01-01 (day 0) was a Thursday: Monday is three days before it.
  const int64_t monday = days - (((days + 3) % 7) + 7) % 7;
  return base::FormatCivilDate(base::CivilFromDays(monday));
}

std::string MatchQuery(const Watch& watch) {
  switch (watch.kind) {
    case WatchKind::kQuery:
      return watch.query;
    case WatchKind::kApplicant:
      return patents::ApplicantNameQuery(watch.applicant);
    case WatchKind::kStatus:
    case WatchKind::kSimilarity:
      return "";
  }
  return "";
}

bool HasPatents(WatchKind kind) {
  return kind == WatchKind::kStatus || kind == WatchKind::kSimilarity;
}

absl::StatusOr<int> CheckThreshold(int64_t threshold) {
  if (threshold < kMinThreshold || threshold > kMaxThreshold) {
    return base::InvalidField("threshold", base::StrCat("must be a percentage from ", kMinThreshold,
                                                        " to ", kMaxThreshold));
  }
  return static_cast<int>(threshold);
}

absl::StatusOr<std::string> NormalizeName(std::string_view name) {
  const std::string_view trimmed = base::StripWhitespace(name);
  if (trimmed.empty()) return base::InvalidField("name", "a name is required");
  if (base::CodePointCount(trimmed) > kMaxNameChars) {
    return base::InvalidField("name", base::StrCat("at most ", kMaxNameChars, " characters"));
  }
  for (char c : trimmed) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return base::InvalidField("name", "must not hold control characters");
    }
  }
  return std::string(trimmed);
}

std::string JoinEventGroups(const std::vector<EventGroup>& groups) {
  std::string out;
  for (EventGroup group : groups) {
    if (!out.empty()) out.push_back(',');
    out.append(EventGroupName(group));
  }
  return out;
}

std::vector<EventGroup> SplitEventGroups(std::string_view text) {
  std::vector<EventGroup> out;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view piece = text.substr(0, comma);
    if (absl::StatusOr<EventGroup> group = ParseEventGroup(piece); group.ok()) {
      out.push_back(*group);
    }
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace iphub::watch
