// SQL for trademark and copyright records (rights.h): upsert by registration
// number, reads and filtered lists. Functions take the caller's connection (and
// so its transaction), like store.h for patents.
//
//   IPHUB_ASSIGN_OR_RETURN(store::UpsertOutcome outcome, store::UpsertTrademark(*conn, mark, now));
//   IPHUB_ASSIGN_OR_RETURN(store::TrademarkPage page,
//                          store::ListTrademarks(*conn, {.owner = "朗动", .nice_class = 45}, 20,
//                          0));
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/db/database.h"
#include "iphub/patents/rights.h"
#include "iphub/patents/store.h"

namespace iphub::patents::store {

// Inserts the trademark, or replaces the stored one with the same registration
// number when its content differs; an identical record changes nothing.
// InvalidArgument (field "registration_number") when it has none.
absl::StatusOr<UpsertOutcome> UpsertTrademark(db::Connection& conn, const Trademark& trademark,
                                              int64_t now_ms);

// The same for a copyright, keyed by (kind, registration number).
absl::StatusOr<UpsertOutcome> UpsertCopyright(db::Connection& conn, const Copyright& copyright,
                                              int64_t now_ms);

// NotFound when there is no such registration; DataLoss when the stored record
// cannot be read.
absl::StatusOr<Trademark> GetTrademark(db::Connection& conn, std::string_view registration_number);
absl::StatusOr<Copyright> GetCopyright(db::Connection& conn, CopyrightKind kind,
                                       std::string_view registration_number);

struct TrademarkFilter {
  std::string owner{};  // substring of the owner's name
  std::string name{};   // substring of the mark's text
  int nice_class = 0;   // 1..45; 0: any
  std::optional<TrademarkStatus> status{};
};

struct TrademarkPage {
  int64_t total = 0;  // matching the filter, across all pages
  std::vector<Trademark> items{};
};

// Latest application first (then by registration number). `limit` 1..1000,
// `offset` >= 0, else InvalidArgument naming it; so is a Nice class outside 0..45.
absl::StatusOr<TrademarkPage> ListTrademarks(db::Connection& conn, const TrademarkFilter& filter,
                                             int64_t limit, int64_t offset);

struct CopyrightFilter {
  std::string owner{};  // substring of the owner's name
  std::string name{};   // substring of the name
  std::optional<CopyrightKind> kind{};
  std::string category{};  // exactly: "30200-0000", "美术"
};

struct CopyrightPage {
  int64_t total = 0;
  std::vector<Copyright> items{};
};

// Latest registration first (then by kind and registration number); limits as above.
absl::StatusOr<CopyrightPage> ListCopyrights(db::Connection& conn, const CopyrightFilter& filter,
                                             int64_t limit, int64_t offset);

}  // namespace iphub::patents::store
