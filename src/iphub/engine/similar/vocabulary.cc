#include "iphub/engine/similar/vocabulary.h"

#include <algorithm>
#include <cmath>

#include "iphub/engine/similar/internal/utf8.h"
#include "iphub/text/analyzer.h"

namespace iphub::engine::similar {

bool IsFeatureTerm(std::string_view term) {
  if (term.size() <= 1 || term.front() == text::kExactPrefix) return false;
  if (std::all_of(term.begin(), term.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  // One CJK character: the unigram that closes a CJK run.
  size_t offset = 0;
  const char32_t first = internal::NextCodePoint(term, offset);
  return !(offset == term.size() && text::IsCjk(first));
}

float TermWeight(double weighted_frequency, float idf) {
  return static_cast<float>(std::log1p(weighted_frequency)) * idf;
}

float InverseDocumentFrequency(uint64_t document_frequency, uint64_t documents) {
  return static_cast<float>(std::log((1.0 + static_cast<double>(documents)) /
                                     (1.0 + static_cast<double>(document_frequency))) +
                            1.0);
}

Vocabulary::Vocabulary(std::vector<std::string> terms, std::vector<float> idf,
                       std::vector<std::string> common)
    : terms_(std::move(terms)), idf_(std::move(idf)), common_(std::move(common)) {}

bool Vocabulary::IsCommon(std::string_view term) const {
  return std::binary_search(common_.begin(), common_.end(), term,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

std::optional<uint32_t> Vocabulary::Find(std::string_view term) const {
  auto it = std::lower_bound(terms_.begin(), terms_.end(), term,
                             [](const std::string& a, std::string_view b) { return a < b; });
  if (it == terms_.end() || *it != term) return std::nullopt;
  return static_cast<uint32_t>(it - terms_.begin());
}

void Normalize(SparseVector& vector) {
  double sum = 0;
  for (const auto& entry : vector) sum += static_cast<double>(entry.second) * entry.second;
  if (sum <= 0) return;
  const float scale = static_cast<float>(1.0 / std::sqrt(sum));
  for (auto& entry : vector) entry.second *= scale;
}

double Dot(const SparseVector& a, const SparseVector& b) {
  double sum = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i].first < b[j].first) {
      ++i;
    } else if (b[j].first < a[i].first) {
      ++j;
    } else {
      sum += static_cast<double>(a[i].second) * b[j].second;
      ++i;
      ++j;
    }
  }
  return sum;
}

}  // namespace iphub::engine::similar
