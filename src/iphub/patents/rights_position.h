// Who holds a patent and what burdens it on a given day, read from its legal
// events: the current patentees (the applicants, replaced by each recorded
// transfer), the licence contracts recorded and not cancelled, and the pledges
// registered and not released. The marketplace checks a listing against it
// (the lister is the holder; no exclusive licence or pledge stands in the way).
//
// CNIPA announces these events with a labelled text (shared FACTS.md §5):
//   TR01 专利权的转移 … 变更前权利人：A 变更后权利人：B
//   EE01 专利实施许可合同备案的生效 合同备案号：X… 让与人：A 受让人：C 许可种类：独占许可
//   EC01 专利实施许可合同备案的注销 合同备案号：X… (the same number)
//   PE01 专利权质押合同登记的生效 … 登记号：Y… 出质人：A 质权人：D
//   PC01 专利权质押合同登记的注销 … 登记号：Y… (the same number)
// A value runs from after its label's full-width colon to the next space. An
// event whose text lacks a label it needs is listed in `unreadable` rather than
// guessed at; events dated after `today` are not yet in effect.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "iphub/patents/model.h"

namespace iphub::patents {

enum class LicenceKind { kExclusive, kSole, kNonExclusive, kUnknown };
std::string_view LicenceKindName(
    LicenceKind kind);  // "exclusive", "sole", "non_exclusive", "unknown"

struct RecordedLicence {
  std::string number{};  // 合同备案号
  LicenceKind kind = LicenceKind::kUnknown;
  std::string licensor{};
  std::string licensee{};
  std::string date{};
};

struct RegisteredPledge {
  std::string number{};  // 登记号
  std::string pledgor{};
  std::string pledgee{};
  std::string date{};
};

struct RightsPosition {
  std::vector<std::string> holders{};       // as written in the latest source
  std::vector<RecordedLicence> licences{};  // in force on the day
  std::vector<RegisteredPledge> pledges{};  // in force on the day
  std::vector<std::string> unreadable{};    // "TR01 2021-05-06: no 变更后权利人"
};

// The value after `label` + "：" in an event text, up to the next space ("" when absent).
std::string EventField(std::string_view text, std::string_view label);

// `today`: a civil date "YYYY-MM-DD" (Asia/Shanghai).
RightsPosition DeriveRightsPosition(const Patent& patent, std::string_view today);

}  // namespace iphub::patents
