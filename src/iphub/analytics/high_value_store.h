// SQL of the high-value service: the lists of migrations/0002_high_value.sql, and the reads of
// the patents module's `patents` table the counts need (as store.h explains, patents/store.h
// has no streaming read of the corpus; here it is narrowed to CN invention grants and to
// documents of other countries). Functions take the caller's connection (and so its
// transaction) and check no permission.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/analytics/high_value.h"
#include "iphub/analytics/store.h"
#include "iphub/db/database.h"

namespace iphub::analytics::store {

// --- the lists --------------------------------------------------------------------------

// Replaces the whole concordance with `entries`.
absl::Status ReplaceSei(db::Connection& conn, std::span<const SeiEntry> entries,
                        std::string_view source_file, int64_t loaded_at);
absl::StatusOr<std::vector<SeiEntry>> AllSei(db::Connection& conn);
// The file name and load time of the concordance; nullopt when none is loaded.
struct SeiSource {
  std::string source_file{};
  int64_t loaded_at = 0;
  int64_t entries = 0;
};
absl::StatusOr<std::optional<SeiSource>> SeiSourceOf(db::Connection& conn);

// Adds awards (the same number key, award and year replaces the stored row).
absl::Status UpsertAwards(db::Connection& conn, std::span<const AwardEntry> entries,
                          std::string_view source_file, int64_t loaded_at);
absl::StatusOr<std::vector<AwardEntry>> AllAwards(db::Connection& conn);
absl::StatusOr<std::vector<AwardEntry>> AwardsOf(db::Connection& conn,
                                                 const std::vector<std::string>& number_keys);

// Adds pledges (the same number key and registration date replaces the amount).
absl::Status UpsertPledges(db::Connection& conn, std::span<const PledgeEntry> entries,
                           std::string_view source_file, int64_t loaded_at);
absl::StatusOr<std::vector<PledgeEntry>> AllPledges(db::Connection& conn);
absl::StatusOr<std::vector<PledgeEntry>> PledgesOf(db::Connection& conn,
                                                   const std::vector<std::string>& number_keys);

// Adds population figures (the same region and year replaces the figure).
absl::Status UpsertPopulation(db::Connection& conn, std::span<const PopulationEntry> entries,
                              std::string_view source_file, int64_t loaded_at);
// The population of `region_code` in `year`; nullopt when none is stored.
absl::StatusOr<std::optional<int64_t>> PopulationOf(db::Connection& conn,
                                                    std::string_view region_code, int year);
// The latest year ≤ `year` with any population stored; nullopt when none.
absl::StatusOr<std::optional<int>> LatestPopulationYear(db::Connection& conn, int year);

// Whether `code` is in the regions table.
absl::StatusOr<bool> RegionExists(db::Connection& conn, std::string_view code);

// --- the corpus ---------------------------------------------------------------------------

// At most `limit` CN invention grants (doc_type cn_invention_grant) with after_id < id <=
// up_to_id, in id order.
absl::StatusOr<std::vector<PatentRecord>> InventionGrantsAfter(db::Connection& conn,
                                                               int64_t after_id, int64_t up_to_id,
                                                               int64_t limit);
// The same for documents of every country but CN.
absl::StatusOr<std::vector<PatentRecord>> ForeignPatentsAfter(db::Connection& conn,
                                                              int64_t after_id, int64_t up_to_id,
                                                              int64_t limit);
// Documents of other countries than CN whose record names the family `family_id` (the caller
// checks the parsed record: the match is on the record's text).
absl::StatusOr<std::vector<PatentRecord>> ForeignFamilyCandidates(db::Connection& conn,
                                                                  std::string_view family_id);

}  // namespace iphub::analytics::store
