// SQL for patent records: upsert by publication number, reads, and the change log.
// Functions take the caller's connection (and so its transaction).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "iphub/db/database.h"
#include "iphub/patents/model.h"

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

}  // namespace iphub::patents::store
