// SQL for patent records: upsert by publication number, reads, and the change log.
// Functions take the caller's connection (and so its transaction).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/db/database.h"
#include "iphub/patents/model.h"
#include "iphub/patents/numbers.h"

namespace iphub::patents::store {

enum class UpsertOutcome { kInserted, kUpdated, kUnchanged };

// Inserts the record, or replaces the stored one with the same publication
// number when its content differs (then a change-log row is written too).
// An identical record changes nothing.
absl::StatusOr<UpsertOutcome> UpsertPatent(db::Connection& conn, const Patent& patent,
                                           int64_t now_ms);

// NotFound when there is no such publication number.
absl::StatusOr<Patent> GetPatent(db::Connection& conn, std::string_view publication_number);

absl::StatusOr<int64_t> CountPatents(db::Connection& conn);

// The list columns of a stored patent, and its whole record as JSON text.
struct StoredPatent {
  std::string publication_number{};
  std::string country{};
  std::string kind{};
  std::string doc_type{};  // DocumentTypeName
  std::string application_number{};
  std::string application_date{};
  std::string publication_date{};
  std::string grant_date{};
  std::string title{};
  std::string ipc_main{};
  std::string first_applicant{};
  std::string record{};
};

// Publications matching a number as a user wrote it: by application number
// when the query reads as one, else by number key (trying CN and US when no
// country was written), narrowed to the kind when one was written; falling
// back to an application-number match for eight bare digits. Latest
// publication first; at most 20.
absl::StatusOr<std::vector<StoredPatent>> FindByNumber(db::Connection& conn,
                                                       const NumberQuery& query);

// The patent a user's number names: the publication stored under exactly `written`,
// else the latest FindByNumber gives for it written any usual way ("CN 119990001 B",
// no kind, an application number). NotFound ("no patent …") when none is stored or the
// text does not read as a number.
absl::StatusOr<Patent> GetPatentWrittenAnyWay(db::Connection& conn, std::string_view written);

// Every publication of an application (the A and the B of one CN invention),
// latest first.
absl::StatusOr<std::vector<StoredPatent>> PublicationsOfApplication(
    db::Connection& conn, std::string_view country, std::string_view application_number);

// Stored documents citing the document with `key` (DocumentKey), latest first, at most `limit`.
absl::StatusOr<std::vector<StoredPatent>> CitingDocuments(db::Connection& conn,
                                                          std::string_view key, int64_t limit);

// Citations of and among a set of stored publications (landscape reports).
struct CitationsAmong {
  struct Cited {
    std::string publication_number;
    std::string title;
    int64_t cited_by = 0;  // stored documents citing it (any, not only of the set)
  };
  std::vector<Cited> cited;  // the publications cited at least once, most cited first
  // (citing, cited) pairs with both in the set, by publication number.
  std::vector<std::pair<std::string, std::string>> links;
};

// For `publication_numbers` (read in batches of a few hundred): how often each is cited,
// and which of them cite which. Publications sharing a document key (a CN A and its B)
// share their citations; each is listed.
absl::StatusOr<CitationsAmong> CitationsOf(db::Connection& conn,
                                           const std::vector<std::string>& publication_numbers);

struct PatentFilter {
  std::string text{};        // a number, or a substring of the title
  std::string country{};     // "CN"
  std::string doc_type{};    // DocumentTypeName
  std::string applicant{};   // substring of the first applicant
  std::string filed_from{};  // application date bounds, inclusive, "YYYY-MM-DD"
  std::string filed_to{};
};

struct PatentPage {
  int64_t total = 0;
  std::vector<StoredPatent> items{};
};

// Newest publication first.
absl::StatusOr<PatentPage> ListPatents(db::Connection& conn, const PatentFilter& filter,
                                       int64_t limit, int64_t offset);

}  // namespace iphub::patents::store
