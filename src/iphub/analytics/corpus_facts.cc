#include "iphub/analytics/corpus_facts.h"

#include <algorithm>
#include <utility>

#include "iphub/analytics/store.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"

namespace iphub::analytics::internal {
namespace {

// Cited keys per query when counting forward citations.
constexpr int64_t kCitedKeysPerPage = 20000;

}  // namespace

absl::StatusOr<CorpusFacts> CorpusFacts::Count(db::Connection& conn, std::string_view as_of) {
  CorpusFacts facts;
  for (std::string after;;) {
    IPHUB_ASSIGN_OR_RETURN(auto page,
                           store::ForwardCitationsAfter(conn, as_of, after, kCitedKeysPerPage));
    if (page.empty()) break;
    after = page.back().first;
    for (auto& [key, count] : page) facts.forward_.emplace(std::move(key), count);
    if (static_cast<int64_t>(page.size()) < kCitedKeysPerPage) break;
  }
  return facts;
}

CorpusFacts::Entry CorpusFacts::Add(int64_t id, const std::string& number_key,
                                    const patents::Patent& patent) {
  Entry entry{.id = id, .country = base::AsciiUpperCopy(base::StripWhitespace(patent.country))};
  if (auto found = forward_.find(number_key); found != forward_.end()) {
    entry.forward_citations = found->second;
  }
  if (std::string key = CohortKey(patent); !key.empty()) {
    auto [it, inserted] = cohort_index_.try_emplace(std::move(key), 0);
    if (inserted) {
      it->second = static_cast<int32_t>(cohort_keys_.size());
      cohort_keys_.push_back(it->first);
      cohort_counts_.emplace_back();
    }
    entry.cohort = it->second;
    cohort_counts_[static_cast<size_t>(entry.cohort)].push_back(entry.forward_citations);
  }
  if (std::string_view family_id = base::StripWhitespace(patent.family_id); !family_id.empty()) {
    auto [it, inserted] = family_index_.try_emplace(std::string(family_id), 0);
    if (inserted) {
      it->second = static_cast<int32_t>(families_.size());
      families_.emplace_back();
    }
    entry.family = it->second;
    std::vector<std::string>& countries = families_[static_cast<size_t>(entry.family)];
    if (!entry.country.empty()) {
      auto at = std::lower_bound(countries.begin(), countries.end(), entry.country);
      if (at == countries.end() || *at != entry.country) countries.insert(at, entry.country);
    }
  }
  return entry;
}

absl::Status CorpusFacts::Finish() {
  forward_ = {};
  family_index_ = {};
  cohort_index_ = {};
  cohorts_.reserve(cohort_counts_.size());
  for (std::vector<int64_t>& counts : cohort_counts_) {
    IPHUB_ASSIGN_OR_RETURN(CitationCohort cohort, CitationCohort::Create(std::move(counts)));
    cohorts_.push_back(std::make_shared<const CitationCohort>(std::move(cohort)));
  }
  cohort_counts_ = {};
  return absl::OkStatus();
}

void CorpusFacts::Fill(const Entry& entry, ValuationContext& context) const {
  context.forward_citations = entry.forward_citations;
  if (entry.cohort != kNone) context.cohort = cohorts_[static_cast<size_t>(entry.cohort)];
  if (entry.family != kNone) context.family_countries = OtherCountries(entry);
}

std::vector<std::string> CorpusFacts::OtherCountries(const Entry& entry) const {
  std::vector<std::string> out;
  if (entry.family == kNone) return out;
  for (const std::string& country : families_[static_cast<size_t>(entry.family)]) {
    if (country != entry.country) out.push_back(country);
  }
  return out;
}

const std::string& CorpusFacts::cohort_key(int32_t cohort) const {
  return cohort_keys_[static_cast<size_t>(cohort)];
}

}  // namespace iphub::analytics::internal
