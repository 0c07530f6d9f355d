// A text as a similarity model sees it: its TF-IDF vector over the model's
// vocabulary, and its tokens in order, so that the terms two texts share can be
// read back as words.
//
//   text::Analyzer analyzer;
//   Profile query = Profile::Of(vocabulary, {{"无人机电池快速更换", 1.0}}, analyzer);
//   Profile hit = Profile::Of(vocabulary, {{title, 2.0}, {abstract, 1.0}}, analyzer);
//   std::vector<SharedTerm> why = SharedTerms(query, hit, 8);   // 无人机电池, 快速更换 …
//
// The weights follow vocabulary.h exactly as the term matrix does from
// postings, so a stored document's profile has the same vector as its row.
//
// A Profile is immutable once made; the Analyzer passed in is not thread-safe.
#ifndef IPHUB_ENGINE_SIMILAR_PROFILE_H_
#define IPHUB_ENGINE_SIMILAR_PROFILE_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "iphub/engine/similar/vocabulary.h"
#include "iphub/text/analyzer.h"

namespace iphub::engine::similar {

struct WeightedText {
  std::string_view text{};
  double weight = 1.0;  // the weight of the field the text is a value of
};

class Profile {
 public:
  Profile() = default;
  // Analyses each text (values are analysed separately, as the index does).
  static Profile Of(const Vocabulary& vocabulary, std::span<const WeightedText> texts,
                    text::Analyzer& analyzer);

  // Unit-length TF-IDF weights, term ids ascending; empty when no word of the
  // text is in the vocabulary.
  const SparseVector& weights() const { return weights_; }
  // The weight of `term` (0 when the text lacks it).
  float Weight(uint32_t term) const;

 private:
  friend struct SharedTermsBuilder;

  struct Token {
    uint32_t term = 0;      // vocabulary id
    uint32_t value = 0;     // which text
    uint32_t position = 0;  // token position within it
    bool cjk_bigram = false;
    bool shown = true;  // reads as (part of) a word here (profile.cc: Readable, straddles)
  };

  SparseVector weights_;
  std::vector<Token> tokens_;    // vocabulary terms, in text order
  std::vector<uint32_t> shown_;  // terms that read as words somewhere in the text, ascending
  // A stem's most frequent exact word in this text ("batteri" -> "batteries").
  std::vector<std::pair<uint32_t, std::string>> words_;  // term ids ascending
  std::string text_;                                     // the texts, joined by '\n'
  const Vocabulary* vocabulary_ = nullptr;
};

struct SharedTerm {
  std::string text;   // a word as written in the query (a CJK word, an English word)
  double weight = 0;  // its share of the two texts' TF-IDF cosine
};

// The terms `query` and `hit` share that add most to their TF-IDF cosine, at
// most `limit`, readable: runs of adjacent CJK bigrams of the query that the hit
// shares are joined back into the word they came from (无人 人机 → 无人机) when
// that word occurs in the hit; an English stem is shown as the query's word
// ("batteri" → "batteries"). Bigrams that straddle a word boundary — next to a
// common bigram of the vocabulary (包括|括反) or holding a function character
// (的, 所述) — count but are not shown. Both profiles must come from one
// vocabulary.
std::vector<SharedTerm> SharedTerms(const Profile& query, const Profile& hit, size_t limit);

}  // namespace iphub::engine::similar

#endif  // IPHUB_ENGINE_SIMILAR_PROFILE_H_
