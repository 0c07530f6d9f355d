// The terms a similarity model knows, with their inverse document frequencies,
// and the one weighting rule that turns term counts into a document's TF-IDF
// vector. The model (similarity_index.h) applies the same rule to documents read
// from postings at build time and to texts analysed at query time, so a stored
// document and the same text typed as a query get the same vector.
//
//   Vocabulary vocabulary(std::move(terms), std::move(document_frequencies), 50000);
//   std::optional<uint32_t> id = vocabulary.Find("电池");
//   float weight = TermWeight(/*weighted_frequency=*/3.0, vocabulary.idf(*id));
//
// Immutable after construction; thread-safe.
#ifndef IPHUB_ENGINE_SIMILAR_VOCABULARY_H_
#define IPHUB_ENGINE_SIMILAR_VOCABULARY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iphub::engine::similar {

// Whether an index term can be a feature of the model. Not: exact English forms
// ('=' prefix; their stems already count), the lone CJK character the analyser
// adds at the end of every CJK run (it repeats the last bigram), terms of one
// byte, and numbers (claim references, years), which say nothing about a topic.
bool IsFeatureTerm(std::string_view term);

// The TF-IDF weight of a term seen `weighted_frequency` times (occurrences times
// the field weight, summed over fields): log(1 + frequency) * idf. Rows are
// normalised to unit length afterwards.
float TermWeight(double weighted_frequency, float idf);

// The smoothed inverse document frequency of a term held by `document_frequency`
// of `documents` documents: ln((1 + documents) / (1 + df)) + 1.
float InverseDocumentFrequency(uint64_t document_frequency, uint64_t documents);

class Vocabulary {
 public:
  Vocabulary() = default;
  // `terms` sorted (as std::string_view compares) and unique; `idf` one per term;
  // `common` sorted: feature terms left out for being in too many documents.
  Vocabulary(std::vector<std::string> terms, std::vector<float> idf,
             std::vector<std::string> common = {});

  size_t size() const { return terms_.size(); }
  const std::string& term(uint32_t id) const { return terms_[id]; }
  float idf(uint32_t id) const { return idf_[id]; }
  const std::vector<std::string>& terms() const { return terms_; }
  const std::vector<float>& idfs() const { return idf_; }

  // The id of `term`, if the model knows it.
  std::optional<uint32_t> Find(std::string_view term) const;

  // Whether `term` was left out for being too common ("一种", "所述", "包括"):
  // a CJK bigram next to one likely straddles a word boundary.
  bool IsCommon(std::string_view term) const;
  const std::vector<std::string>& common() const { return common_; }

 private:
  std::vector<std::string> terms_;  // sorted: ids are positions
  std::vector<float> idf_;
  std::vector<std::string> common_;  // sorted
};

// A text field and how much its words count (occurrences × weight).
struct WeightedField {
  uint32_t field = 0;
  double weight = 1.0;
};

// A sparse vector over a vocabulary: (term id, weight), ids ascending.
using SparseVector = std::vector<std::pair<uint32_t, float>>;

// Scales `vector` to unit length (left alone when it is all zeros).
void Normalize(SparseVector& vector);

// The inner product of two sparse vectors.
double Dot(const SparseVector& a, const SparseVector& b);

}  // namespace iphub::engine::similar

#endif  // IPHUB_ENGINE_SIMILAR_VOCABULARY_H_
