// The legal status of a patent on a given day and the day its term ends,
// derived from its type, dates and legal events.
//
// Terms (专利法 第42条, 2020 amendment in force 2021-06-01; shared FACTS.md §2):
// CN invention 20 years, utility model 10 years, design 10 years (15 years for
// applications filed on or after 2021-06-01), all from the filing date. The
// term covers the filing date up to the day before its anniversary; the
// expiry date reported here is CNIPA's 期满终止日, the anniversary itself
// (专利审查指南 第五部分第九章 2.2.1 [K]). Patent term adjustment and drug
// term extension are granted on request and appear only as later events,
// which this module does not model.
// US (35 U.S.C. 154, 173, 161): utility and plant patents 20 years from the
// filing date (17 years from grant if that is later, for applications filed
// before 1995-06-08); designs 14 years from grant, 15 for applications filed
// on or after 2015-05-13. Term adjustments and unpaid maintenance fees are not
// in the bulk full-text data, so a US grant is "valid" until its nominal term
// ends unless an event says otherwise.
//
// Events (FACTS.md §5; the older C-codes co-exist in historical data): the
// latest deciding event wins — GR01/C14 grant; CF01/C19 lapse for unpaid fees;
// CX01 expiry; AV01 surrender; IW01 invalidation in full; RR01 restoration;
// WD01/C12/C02 deemed withdrawn, WW01 withdrawn, RJ01/C13 rejected [K].
// Spreadsheet exports often carry only a status text (有效, 失效, 审中 …);
// such a text event (no code) is read as well.
#pragma once

#include <string>
#include <string_view>

#include "iphub/patents/model.h"

namespace iphub::patents {

enum class LegalStatus {
  kUnknown,
  kPending,      // application under examination (or published, no decision known)
  kValid,        // granted and in force
  kLapsed,       // terminated for unpaid annual fees
  kExpired,      // term ended
  kInvalidated,  // declared invalid in full
  kAbandoned,    // right surrendered
  kWithdrawn,    // application withdrawn or deemed withdrawn
  kRejected,     // application refused
};

std::string_view LegalStatusName(LegalStatus status);  // "valid", "lapsed", …

struct DerivedStatus {
  LegalStatus status = LegalStatus::kUnknown;
  // The day the right ends by its term (CN 期满终止日; US: the day after the
  // last day in force), "" when the type or dates do not determine it.
  std::string expiry_date{};
  // What decided it, for people: the event code and date ("CF01 2015-03-25"),
  // "term ended 2034-09-29", "granted" or "published application".
  std::string basis{};
  // The same, for programs (the web app words it in the user's language):
  // "granted", "published", "event" (basis_code/basis_date, or the status text
  // in basis when the event has no code) or "term_ended" (basis_date); "" when unknown.
  std::string basis_kind{};
  std::string basis_code{};
  std::string basis_date{};
  // The first day after `today` on which the same record can derive another
  // status with no new data: an event dated later, or the end of the term of a
  // living right. "" when nothing is due. (The search index re-derives then.)
  std::string changes_on{};
};

// `today` is a civil date "YYYY-MM-DD" (Asia/Shanghai).
DerivedStatus DeriveLegalStatus(const Patent& patent, std::string_view today);

}  // namespace iphub::patents
