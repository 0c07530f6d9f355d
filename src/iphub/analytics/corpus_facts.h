// What the corpus says of each patent for its valuation, gathered the same way by the batch
// (ValuationService::ScoreAll) and the backtest: the forward citations counted as of a day,
// the citation cohort (CohortKey) and the countries of the family (family_id). Kept as a few
// numbers per patent between the first pass over the records, which adds each patent, and
// the second, which values each with Fill.
//
//   IPHUB_ASSIGN_OR_RETURN(CorpusFacts facts, CorpusFacts::Count(conn, as_of));
//   for (each record, in id order) entries.push_back(facts.Add(id, number_key, patent));
//   IPHUB_RETURN_IF_ERROR(facts.Finish());
//   for (each record) facts.Fill(entry, context);   // then Evaluate(patent, context, …)
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "iphub/analytics/valuation.h"
#include "iphub/db/database.h"
#include "iphub/patents/model.h"

namespace iphub::analytics::internal {

class CorpusFacts {
 public:
  static constexpr int32_t kNone = -1;

  // What is kept of one patent between the passes.
  struct Entry {
    int64_t id = 0;
    int64_t forward_citations = 0;
    int32_t cohort = kNone;  // index into the cohorts
    int32_t family = kNone;  // index into the families
    std::string country{};   // two letters: no allocation
  };

  // Counts the forward citations as of `as_of` (citing documents published on or before it,
  // or undated), a page of cited keys at a time.
  static absl::StatusOr<CorpusFacts> Count(db::Connection& conn, std::string_view as_of);

  // First pass: a patent read from the record `id` with number key `number_key`.
  Entry Add(int64_t id, const std::string& number_key, const patents::Patent& patent);
  // After the first pass: builds one CitationCohort per cohort and forgets the counts.
  absl::Status Finish();

  // Second pass: the entry's forward citations, cohort and family's other countries.
  void Fill(const Entry& entry, ValuationContext& context) const;
  // The family's countries other than the entry's own (empty without a family).
  std::vector<std::string> OtherCountries(const Entry& entry) const;
  const std::string& cohort_key(int32_t cohort) const;
  size_t cohort_count() const { return cohort_keys_.size(); }

 private:
  std::unordered_map<std::string, int64_t> forward_;
  std::unordered_map<std::string, int32_t> cohort_index_;
  std::vector<std::string> cohort_keys_;
  std::vector<std::vector<int64_t>> cohort_counts_;
  std::vector<std::shared_ptr<const CitationCohort>> cohorts_;
  std::unordered_map<std::string, int32_t> family_index_;
  std::vector<std::vector<std::string>> families_;  // sorted, unique
};

}  // namespace iphub::analytics::internal
