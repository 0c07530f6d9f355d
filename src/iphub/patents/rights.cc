#include "iphub/patents/rights.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <initializer_list>
#include <utility>

#include "iphub/base/civil_date.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"

namespace iphub::patents {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<TrademarkStatus, std::string_view>, 7> kTrademarkStatuses = {{
    {TrademarkStatus::kUnknown, "unknown"},
    {TrademarkStatus::kApplied, "applied"},
    {TrademarkStatus::kPublished, "published"},
    {TrademarkStatus::kRegistered, "registered"},
    {TrademarkStatus::kInvalid, "invalid"},
    {TrademarkStatus::kCancelled, "cancelled"},
    {TrademarkStatus::kExpired, "expired"},
}};

constexpr std::array<std::pair<CopyrightKind, std::string_view>, 2> kCopyrightKinds = {{
    {CopyrightKind::kSoftware, "software"},
    {CopyrightKind::kWork, "work"},
}};

template <typename Enum, size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
  for (const auto& entry : table) {
    if (entry.first == value) return entry.second;
  }
  return table[0].second;
}

template <typename Enum, size_t N>
std::optional<Enum> ValueOf(const std::array<std::pair<Enum, std::string_view>, N>& table,
                            std::string_view name) {
  for (const auto& entry : table) {
    if (entry.second == name) return entry.first;
  }
  return std::nullopt;
}

// Reads the fields of one JSON object; errors name the field's path.
class Fields {
 public:
  explicit Fields(const json& object) : object_(object) {}

  absl::Status String(std::string_view key, std::string& out) const {
    auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) return absl::OkStatus();
    if (!it->is_string()) return base::InvalidField(key, "must be a string");
    out = it->get<std::string>();
    return absl::OkStatus();
  }

  absl::Status Date(std::string_view key, std::string& out) const {
    IPHUB_RETURN_IF_ERROR(String(key, out));
    if (!out.empty() && !IsCivilDate(out)) {
      return base::InvalidField(key, base::StrCat("'", out, "' is not a date YYYY-MM-DD"));
    }
    return absl::OkStatus();
  }

  template <typename Enum, size_t N>
  absl::Status Enumerated(std::string_view key,
                          const std::array<std::pair<Enum, std::string_view>, N>& table,
                          Enum& out) const {
    std::string name;
    IPHUB_RETURN_IF_ERROR(String(key, name));
    if (name.empty()) return absl::OkStatus();
    std::optional<Enum> value = ValueOf(table, name);
    if (!value.has_value()) {
      return base::InvalidField(key, base::StrCat("unknown value '", name, "'"));
    }
    out = *value;
    return absl::OkStatus();
  }

  // The array at `key` (null when absent or null); InvalidArgument for another type.
  absl::StatusOr<const json*> Array(std::string_view key) const {
    auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) return nullptr;
    if (!it->is_array()) return base::InvalidField(key, "must be an array");
    return &*it;
  }

 private:
  const json& object_;
};

absl::Status RequireObject(const json& value) {
  if (!value.is_object()) return base::InvalidField("record", "must be an object");
  return absl::OkStatus();
}

}  // namespace

std::string_view TrademarkStatusName(TrademarkStatus status) {
  return NameOf(kTrademarkStatuses, status);
}

std::optional<TrademarkStatus> TrademarkStatusFromName(std::string_view name) {
  return ValueOf(kTrademarkStatuses, name);
}

TrademarkStatus TrademarkStatusFromText(std::string_view text) {
  // A proceeding (a request, an examination, a refusal open to review) is not its outcome.
  if (base::ContainsAny(text, {"撤销", "注销", "无效宣告", "异议", "驳回"}) &&
      base::ContainsAny(text, {"申请", "审查中", "复审", "通知"})) {
    return TrademarkStatus::kUnknown;
  }
  if (base::ContainsAny(text, {"商标无效"})) return TrademarkStatus::kInvalid;
  if (base::ContainsAny(text, {"已注销", "注销公告", "已撤销", "撤销公告"})) {
    return TrademarkStatus::kCancelled;
  }
  if (base::ContainsAny(text, {"期满未续展", "已过期"})) return TrademarkStatus::kExpired;
  if (base::ContainsAny(text, {"注册公告", "已注册", "核准续展", "注册证"})) {
    return TrademarkStatus::kRegistered;
  }
  if (base::ContainsAny(text, {"初步审定", "初审公告"})) return TrademarkStatus::kPublished;
  if (base::ContainsAny(text, {"注册申请受理", "注册申请收文", "注册申请中", "商标申请中"})) {
    return TrademarkStatus::kApplied;
  }
  return TrademarkStatus::kUnknown;
}

bool IsCivilDate(std::string_view date) { return base::ParseCivilDate(date).has_value(); }

std::string TrademarkTermEnd(std::string_view registration_date, int renewals) {
  std::optional<base::CivilDate> start = base::ParseCivilDate(registration_date);
  // The bound keeps the year within four digits.
  if (!start.has_value() || renewals < 0 || renewals > 500) return "";
  const int64_t year = start->year + int64_t{10} * (renewals + 1);
  if (year > 9999) return "";
  // The day before the anniversary; a 29 February start ends on 28 February.
  if (start->month == 2 && start->day == 29) {
    return base::FormatCivilDate({.year = year, .month = 2, .day = 28});
  }
  return base::FormatCivilDate(
      base::CivilFromDays(base::DaysFromCivil(year, start->month, start->day) - 1));
}

int TrademarkRenewals(const Trademark& trademark) {
  int renewals = 0;
  for (const LegalEvent& event : trademark.events) {
    if (event.text.find("核准续展") != std::string::npos) ++renewals;
  }
  return renewals;
}

std::string_view CopyrightKindName(CopyrightKind kind) { return NameOf(kCopyrightKinds, kind); }

std::optional<CopyrightKind> CopyrightKindFromName(std::string_view name) {
  return ValueOf(kCopyrightKinds, name);
}

json TrademarkToJson(const Trademark& trademark) {
  json events = json::array();
  for (const LegalEvent& event : trademark.events) {
    events.push_back({{"code", event.code}, {"date", event.date}, {"text", event.text}});
  }
  return {{"registration_number", trademark.registration_number},
          {"nice_classes", trademark.nice_classes},
          {"name", trademark.name},
          {"owner", trademark.owner},
          {"owner_en", trademark.owner_en},
          {"agency", trademark.agency},
          {"application_date", trademark.application_date},
          {"registration_date", trademark.registration_date},
          {"expiry_date", trademark.expiry_date},
          {"status", TrademarkStatusName(trademark.status)},
          {"status_text", trademark.status_text},
          {"status_code", trademark.status_code},
          {"events", events}};
}

json CopyrightToJson(const Copyright& copyright) {
  return {{"kind", CopyrightKindName(copyright.kind)},
          {"registration_number", copyright.registration_number},
          {"name", copyright.name},
          {"short_name", copyright.short_name},
          {"version", copyright.version},
          {"category", copyright.category},
          {"owner", copyright.owner},
          {"completion_date", copyright.completion_date},
          {"first_publication_date", copyright.first_publication_date},
          {"registration_date", copyright.registration_date}};
}

absl::StatusOr<Trademark> TrademarkFromJson(const json& value) {
  IPHUB_RETURN_IF_ERROR(RequireObject(value));
  Fields fields(value);
  Trademark trademark;
  IPHUB_RETURN_IF_ERROR(fields.String("registration_number", trademark.registration_number));
  if (trademark.registration_number.empty()) {
    return base::InvalidField("registration_number", "is required");
  }
  IPHUB_ASSIGN_OR_RETURN(const json* classes, fields.Array("nice_classes"));
  if (classes != nullptr) {
    for (size_t index = 0; index < classes->size(); ++index) {
      const json& nice_class = (*classes)[index];
      const std::string path = base::StrCat("nice_classes[", index, "]");
      if (!nice_class.is_number_integer()) return base::InvalidField(path, "must be an integer");
      const int64_t number = nice_class.get<int64_t>();
      if (number < 1 || number > 45) {
        return base::InvalidField(path, base::StrCat(number, " is not a Nice class (1-45)"));
      }
      trademark.nice_classes.push_back(static_cast<int>(number));
    }
    std::sort(trademark.nice_classes.begin(), trademark.nice_classes.end());
    trademark.nice_classes.erase(
        std::unique(trademark.nice_classes.begin(), trademark.nice_classes.end()),
        trademark.nice_classes.end());
  }
  for (auto [key, field] : std::initializer_list<std::pair<std::string_view, std::string*>>{
           {"name", &trademark.name},
           {"owner", &trademark.owner},
           {"owner_en", &trademark.owner_en},
           {"agency", &trademark.agency},
           {"status_text", &trademark.status_text},
           {"status_code", &trademark.status_code}}) {
    IPHUB_RETURN_IF_ERROR(fields.String(key, *field));
  }
  for (auto [key, field] : std::initializer_list<std::pair<std::string_view, std::string*>>{
           {"application_date", &trademark.application_date},
           {"registration_date", &trademark.registration_date},
           {"expiry_date", &trademark.expiry_date}}) {
    IPHUB_RETURN_IF_ERROR(fields.Date(key, *field));
  }
  IPHUB_RETURN_IF_ERROR(fields.Enumerated("status", kTrademarkStatuses, trademark.status));
  IPHUB_ASSIGN_OR_RETURN(const json* events, fields.Array("events"));
  if (events != nullptr) {
    for (size_t index = 0; index < events->size(); ++index) {
      const json& item = (*events)[index];
      const std::string path = base::StrCat("events[", index, "]");
      if (!item.is_object()) return base::InvalidField(path, "must be an object");
      Fields event_fields(item);
      LegalEvent event;
      absl::Status read = event_fields.String("code", event.code);
      if (read.ok()) read = event_fields.Date("date", event.date);
      if (read.ok()) read = event_fields.String("text", event.text);
      if (!read.ok()) {
        return base::WithField(read, base::StrCat(path, ".", base::FieldOf(read).value_or("")));
      }
      trademark.events.push_back(std::move(event));
    }
  }
  return trademark;
}

absl::StatusOr<Copyright> CopyrightFromJson(const json& value) {
  IPHUB_RETURN_IF_ERROR(RequireObject(value));
  Fields fields(value);
  Copyright copyright;
  std::string kind;
  IPHUB_RETURN_IF_ERROR(fields.String("kind", kind));
  if (kind.empty()) return base::InvalidField("kind", "is required");
  IPHUB_RETURN_IF_ERROR(fields.Enumerated("kind", kCopyrightKinds, copyright.kind));
  IPHUB_RETURN_IF_ERROR(fields.String("registration_number", copyright.registration_number));
  if (copyright.registration_number.empty()) {
    return base::InvalidField("registration_number", "is required");
  }
  for (auto [key, field] : std::initializer_list<std::pair<std::string_view, std::string*>>{
           {"name", &copyright.name},
           {"short_name", &copyright.short_name},
           {"version", &copyright.version},
           {"category", &copyright.category},
           {"owner", &copyright.owner}}) {
    IPHUB_RETURN_IF_ERROR(fields.String(key, *field));
  }
  for (auto [key, field] : std::initializer_list<std::pair<std::string_view, std::string*>>{
           {"completion_date", &copyright.completion_date},
           {"first_publication_date", &copyright.first_publication_date},
           {"registration_date", &copyright.registration_date}}) {
    IPHUB_RETURN_IF_ERROR(fields.Date(key, *field));
  }
  return copyright;
}

}  // namespace iphub::patents
