#include "iphub/patents/legal_status.h"

#include <algorithm>
#include <vector>

#include "iphub/base/civil_date.h"
#include "iphub/base/strings.h"

namespace iphub::patents {
namespace {

// What an event does to the status.
enum class Effect {
  kNone,
  kPublished,
  kGrant,
  kLapse,
  kExpiry,
  kSurrender,
  kInvalid,
  kRestore,
  kWithdrawn,
  kRejected,
  kTerminated
};

// CN legal-event codes (FACTS.md §5 [V]; the pre-2013 C-codes as Google
// Patents renders them [K]).
Effect EffectOfCode(std::string_view code) {
  struct Entry {
    std::string_view code;
    Effect effect;
  };
  static constexpr Entry kCodes[] = {
      {"PB01", Effect::kPublished},  {"C06", Effect::kPublished},  {"SE01", Effect::kPublished},
      {"C10", Effect::kPublished},   {"GR01", Effect::kGrant},     {"C14", Effect::kGrant},
      {"CF01", Effect::kLapse},      {"C19", Effect::kLapse},      {"C17", Effect::kTerminated},
      {"EXPY", Effect::kTerminated}, {"CX01", Effect::kExpiry},    {"AV01", Effect::kSurrender},
      {"C20", Effect::kSurrender},   {"IW01", Effect::kInvalid},   {"RR01", Effect::kRestore},
      {"WD01", Effect::kWithdrawn},  {"WW01", Effect::kWithdrawn}, {"C02", Effect::kWithdrawn},
      {"RJ01", Effect::kRejected},   {"C12", Effect::kRejected},   {"C13", Effect::kRejected},
  };
  for (const auto& entry : kCodes) {
    if (base::EqualsIgnoreCase(entry.code, code)) return entry.effect;
  }
  return Effect::kNone;
}

// Codes known to leave the status as it is (FACTS.md §5: recordals, changes,
// pledges, licences, preservation, partial invalidation, corrections).
bool IsNeutralCode(std::string_view code) {
  static constexpr std::string_view kNeutral[] = {"TR01", "EE01", "EC01", "EM01", "PE01", "PC01",
                                                  "PM01", "CP01", "CP02", "CP03", "CB03", "CD02",
                                                  "DD01", "IP01", "PD01", "PP01"};
  for (std::string_view neutral : kNeutral) {
    if (base::EqualsIgnoreCase(neutral, code)) return true;
  }
  return false;
}

// A status text as CN databases export it ("有效", "失效-未缴年费", "审中" …).
// Order matters: "无效" is checked before "有效" is, "届满" before "终止".
Effect EffectOfText(std::string_view text) {
  struct Entry {
    std::string_view fragment;
    Effect effect;
  };
  static constexpr Entry kTexts[] = {
      {"全部无效", Effect::kInvalid},  {"无效宣告", Effect::kInvalid},
      {"届满", Effect::kExpiry},       {"未缴年费", Effect::kLapse},
      {"驳回", Effect::kRejected},     {"撤回", Effect::kWithdrawn},
      {"放弃", Effect::kSurrender},    {"恢复", Effect::kRestore},
      {"失效", Effect::kTerminated},   {"终止", Effect::kTerminated},
      {"审中", Effect::kPublished},    {"实质审查", Effect::kPublished},
      {"公开", Effect::kPublished},    {"有效", Effect::kGrant},
      {"授权", Effect::kGrant},        {"expired", Effect::kExpiry},
      {"lapsed", Effect::kLapse},      {"withdrawn", Effect::kWithdrawn},
      {"rejected", Effect::kRejected}, {"pending", Effect::kPublished},
      {"granted", Effect::kGrant},     {"active", Effect::kGrant},
  };
  std::string lower = base::AsciiLowerCopy(text);
  for (const auto& entry : kTexts) {
    if (lower.find(entry.fragment) != std::string::npos) return entry.effect;
  }
  return Effect::kNone;
}

bool IsGrantType(DocumentType type) {
  switch (type) {
    case DocumentType::kCnInventionGrant:
    case DocumentType::kCnUtilityModel:
    case DocumentType::kCnDesign:
    case DocumentType::kUsUtilityGrant:
    case DocumentType::kUsDesign:
    case DocumentType::kUsPlant:
    case DocumentType::kUsReissue:
    case DocumentType::kUsSir:
      return true;
    default:
      return false;
  }
}

std::string ExpiryDate(const Patent& patent) {
  const std::string& filed = patent.application_date;
  switch (patent.type) {
    case DocumentType::kCnInventionApplication:
    case DocumentType::kCnInventionGrant:
      return base::AddYears(filed, 20);
    case DocumentType::kCnUtilityModel:
      return base::AddYears(filed, 10);
    case DocumentType::kCnDesign:
      if (filed.empty()) return "";
      return base::AddYears(filed, filed >= "2021-06-01" ? 15 : 10);
    case DocumentType::kUsUtilityApplication:
    case DocumentType::kUsUtilityGrant:
    case DocumentType::kUsPlant:
    case DocumentType::kUsSir: {
      std::string by_filing = base::AddYears(filed, 20);
      if (!filed.empty() && filed < "1995-06-08" && !patent.grant_date.empty()) {
        return std::max(by_filing, base::AddYears(patent.grant_date, 17));
      }
      return by_filing;
    }
    case DocumentType::kUsDesign:
      if (filed.empty() || patent.grant_date.empty()) return "";
      return base::AddYears(patent.grant_date, filed >= "2015-05-13" ? 15 : 14);
    case DocumentType::kUsReissue:  // the rest of the original patent's term
    case DocumentType::kUnknown:
      return "";
  }
  return "";
}

}  // namespace

std::string_view LegalStatusName(LegalStatus status) {
  switch (status) {
    case LegalStatus::kUnknown:
      return "unknown";
    case LegalStatus::kPending:
      return "pending";
    case LegalStatus::kValid:
      return "valid";
    case LegalStatus::kLapsed:
      return "lapsed";
    case LegalStatus::kExpired:
      return "expired";
    case LegalStatus::kInvalidated:
      return "invalidated";
    case LegalStatus::kAbandoned:
      return "abandoned";
    case LegalStatus::kWithdrawn:
      return "withdrawn";
    case LegalStatus::kRejected:
      return "rejected";
  }
  return "unknown";
}

DerivedStatus DeriveLegalStatus(const Patent& patent, std::string_view today) {
  DerivedStatus result;
  result.expiry_date = ExpiryDate(patent);
  bool granted = IsGrantType(patent.type);
  if (granted) {
    result.status = LegalStatus::kValid;
    result.basis = "granted";
    result.basis_kind = "granted";
  } else if (patent.type != DocumentType::kUnknown) {
    result.status = LegalStatus::kPending;
    result.basis = "published application";
    result.basis_kind = "published";
  }

  // Dated events in date order (stable: the source's order within a day),
  // then undated ones (a spreadsheet's current-status text) last.
  std::vector<const LegalEvent*> events;
  const auto due = [&](const std::string& date) {
    if (date > today && (result.changes_on.empty() || date < result.changes_on)) {
      result.changes_on = date;
    }
  };
  for (const auto& event : patent.legal_events) {
    if (!event.date.empty() && event.date > today) {  // not yet in effect
      due(event.date);
      continue;
    }
    events.push_back(&event);
  }
  std::stable_sort(events.begin(), events.end(), [](const LegalEvent* a, const LegalEvent* b) {
    if (a->date.empty() != b->date.empty()) return b->date.empty();
    return a->date < b->date;
  });
  for (const LegalEvent* event : events) {
    Effect effect = event->code.empty() ? EffectOfText(event->text) : EffectOfCode(event->code);
    // An unknown code: its text may still say what happened (a known neutral
    // code's text never decides: "…授权公告日…" in a transfer is not a grant).
    if (effect == Effect::kNone && !event->code.empty() && !IsNeutralCode(event->code)) {
      effect = EffectOfText(event->text);
    }
    if (effect == Effect::kNone) continue;
    std::string basis = event->code.empty() ? event->text : event->code;
    if (!event->date.empty()) basis = base::StrCat(basis, " ", event->date);
    switch (effect) {
      case Effect::kNone:
        continue;
      case Effect::kPublished:
        if (granted) continue;  // an old publication event does not undo a grant
        result.status = LegalStatus::kPending;
        break;
      case Effect::kGrant:
        granted = true;
        result.status = LegalStatus::kValid;
        break;
      case Effect::kLapse:
        result.status = LegalStatus::kLapsed;
        break;
      case Effect::kExpiry:
        result.status = LegalStatus::kExpired;
        break;
      case Effect::kTerminated:
        // A termination at or after the end of the term is expiry; before it, a lapse.
        result.status =
            !result.expiry_date.empty() && !event->date.empty() && event->date >= result.expiry_date
                ? LegalStatus::kExpired
                : LegalStatus::kLapsed;
        break;
      case Effect::kSurrender:
        result.status = LegalStatus::kAbandoned;
        break;
      case Effect::kInvalid:
        result.status = LegalStatus::kInvalidated;
        break;
      case Effect::kRestore:
        result.status = granted ? LegalStatus::kValid : LegalStatus::kPending;
        break;
      case Effect::kWithdrawn:
        result.status = LegalStatus::kWithdrawn;
        break;
      case Effect::kRejected:
        result.status = LegalStatus::kRejected;
        break;
    }
    result.basis = std::move(basis);
    result.basis_kind = "event";
    result.basis_code = event->code;
    result.basis_date = event->date;
  }

  if ((result.status == LegalStatus::kValid || result.status == LegalStatus::kPending) &&
      !result.expiry_date.empty() && today >= result.expiry_date) {
    result.status = LegalStatus::kExpired;
    result.basis = base::StrCat("term ended ", result.expiry_date);
    result.basis_kind = "term_ended";
    result.basis_code.clear();
    result.basis_date = result.expiry_date;
  }
  if (result.status == LegalStatus::kValid || result.status == LegalStatus::kPending) {
    due(result.expiry_date);
  }
  return result;
}

}  // namespace iphub::patents
