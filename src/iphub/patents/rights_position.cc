#include "iphub/patents/rights_position.h"

#include <algorithm>
#include <map>

#include "iphub/base/strings.h"

namespace iphub::patents {
namespace {

constexpr std::string_view kColon = "：";  // full width, as CNIPA writes it

bool IsSpaceAt(std::string_view text, size_t pos) {
  if (pos >= text.size()) return false;
  if (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r') return true;
  return text.substr(pos, 3) == "\u3000";  // ideographic space
}

LicenceKind KindOf(std::string_view text) {
  if (text.find("独占") != std::string_view::npos) return LicenceKind::kExclusive;
  if (text.find("排他") != std::string_view::npos) return LicenceKind::kSole;
  if (text.find("普通") != std::string_view::npos) return LicenceKind::kNonExclusive;
  return LicenceKind::kUnknown;
}

void Unreadable(RightsPosition& out, const LegalEvent& event, std::string_view missing) {
  out.unreadable.push_back(base::StrCat(event.code, " ", event.date, ": no ", missing));
}

}  // namespace

std::string_view LicenceKindName(LicenceKind kind) {
  switch (kind) {
    case LicenceKind::kExclusive:
      return "exclusive";
    case LicenceKind::kSole:
      return "sole";
    case LicenceKind::kNonExclusive:
      return "non_exclusive";
    case LicenceKind::kUnknown:
      break;
  }
  return "unknown";
}

std::string EventField(std::string_view text, std::string_view label) {
  const std::string key = base::StrCat(label, kColon);
  size_t at = 0;
  // The label must start the text or follow a space (so 让与人 does not match inside 受让与人).
  while ((at = text.find(key, at)) != std::string_view::npos) {
    if (at == 0 || text[at - 1] == ' ' || (at >= 3 && text.substr(at - 3, 3) == "\u3000")) break;
    at += key.size();
  }
  if (at == std::string_view::npos) return "";
  const size_t begin = at + key.size();
  // The value ends where the next label begins: at the last space before the next colon
  // (names may hold spaces: "HUAWEI TECHNOLOGIES CO., LTD."), or at the end of the text.
  size_t end = text.size();
  const size_t next_colon = text.find(kColon, begin);
  if (next_colon != std::string_view::npos) {
    end = begin;
    for (size_t pos = begin; pos < next_colon; ++pos) {
      if (IsSpaceAt(text, pos)) end = pos;
    }
  }
  return std::string(base::StripWhitespace(text.substr(begin, end - begin)));
}

RightsPosition DeriveRightsPosition(const Patent& patent, std::string_view today) {
  RightsPosition out;
  for (const Party& applicant : patent.applicants) out.holders.push_back(applicant.name);
  std::vector<const LegalEvent*> events;
  for (const LegalEvent& event : patent.legal_events) {
    if (!event.date.empty() && event.date <= today) events.push_back(&event);
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const LegalEvent* a, const LegalEvent* b) { return a->date < b->date; });
  std::map<std::string, RecordedLicence> licences;  // by 合同备案号
  std::map<std::string, RegisteredPledge> pledges;  // by 登记号
  for (const LegalEvent* event : events) {
    const std::string_view code = event->code;
    if (code == "TR01") {
      std::string to = EventField(event->text, "变更后权利人");
      if (to.empty()) {
        Unreadable(out, *event, "变更后权利人");
        continue;
      }
      // Joint holders are written with a semicolon (half or full width) between them.
      out.holders.clear();
      size_t begin = 0;
      while (true) {
        const size_t half = to.find(';', begin);
        const size_t full = to.find("；", begin);
        const size_t end = std::min(half, full);
        std::string name(base::StripWhitespace(std::string_view(to).substr(
            begin, end == std::string::npos ? std::string::npos : end - begin)));
        if (!name.empty()) out.holders.push_back(std::move(name));
        if (end == std::string::npos) break;
        begin = end + (end == half ? 1 : 3);
      }
    } else if (code == "EE01" || code == "EC01") {
      std::string number = EventField(event->text, "合同备案号");
      if (number.empty()) {
        Unreadable(out, *event, "合同备案号");
        continue;
      }
      if (code == "EC01") {
        licences.erase(number);
        continue;
      }
      licences[number] = {.number = number,
                          .kind = KindOf(EventField(event->text, "许可种类")),
                          .licensor = EventField(event->text, "让与人"),
                          .licensee = EventField(event->text, "受让人"),
                          .date = event->date};
    } else if (code == "PE01" || code == "PC01") {
      std::string number = EventField(event->text, "登记号");
      if (number.empty()) {
        Unreadable(out, *event, "登记号");
        continue;
      }
      if (code == "PC01") {
        pledges.erase(number);
        continue;
      }
      pledges[number] = {.number = number,
                         .pledgor = EventField(event->text, "出质人"),
                         .pledgee = EventField(event->text, "质权人"),
                         .date = event->date};
    }
  }
  for (auto& [number, licence] : licences) out.licences.push_back(std::move(licence));
  for (auto& [number, pledge] : pledges) out.pledges.push_back(std::move(pledge));
  return out;
}

}  // namespace iphub::patents
