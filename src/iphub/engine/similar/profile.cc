#include "iphub/engine/similar/profile.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "iphub/engine/similar/internal/utf8.h"

namespace iphub::engine::similar {
namespace {

// A joined CJK word is cut after this many characters: a whole shared sentence
// reads worse than its parts.
constexpr size_t kMaxWordCharacters = 10;

// Chinese function characters (的: of, 和: and, 为: is, 所述: said …) that are
// seldom part of a technical word (unlike 并 of 并联, 等 of 等离子, 种 of 播种; the
// few words lost, as 饱和, are worth the many boundaries found). A bigram
// holding one straddles a word boundary ("的储" of "的储能变流器"): it still
// counts, but is neither shown nor joined into a word. Other boundaries show as
// common bigrams (profile.h).
constexpr std::u32string_view kFunctionCharacters = U"的了和与或为将是其所述该于而且被之每";

bool IsCjkBigram(std::string_view term) {
  size_t offset = 0;
  if (term.empty() || !text::IsCjk(internal::NextCodePoint(term, offset))) return false;
  if (offset >= term.size() || !text::IsCjk(internal::NextCodePoint(term, offset))) return false;
  return offset == term.size();
}

// Whether a term reads as (part of) a word: not a CJK bigram across a function
// character.
bool Readable(std::string_view term) {
  if (!IsCjkBigram(term)) return true;
  for (size_t offset = 0; offset < term.size();) {
    if (kFunctionCharacters.find(internal::NextCodePoint(term, offset)) !=
        std::u32string_view::npos) {
      return false;
    }
  }
  return true;
}

// The second character of a CJK bigram.
std::string_view SecondCharacter(std::string_view bigram) {
  size_t offset = 0;
  internal::NextCodePoint(bigram, offset);
  return bigram.substr(offset);
}

}  // namespace

Profile Profile::Of(const Vocabulary& vocabulary, std::span<const WeightedText> texts,
                    text::Analyzer& analyzer) {
  Profile out;
  out.vocabulary_ = &vocabulary;
  std::map<uint32_t, double> frequency;
  std::map<std::pair<uint32_t, std::string>, uint32_t> word_counts;
  std::vector<text::Token> tokens;
  for (size_t value = 0; value < texts.size(); ++value) {
    const WeightedText& text = texts[value];
    if (!out.text_.empty()) out.text_ += '\n';
    out.text_.append(text.text);
    tokens.clear();
    analyzer.Analyze(text.text, 0, tokens);
    for (size_t at = 0; at < tokens.size(); ++at) {
      const text::Token& token = tokens[at];
      if (!IsFeatureTerm(token.term)) continue;
      const std::optional<uint32_t> term = vocabulary.Find(token.term);
      if (!term) continue;
      frequency[*term] += text.weight;
      const bool cjk_bigram = IsCjkBigram(token.term);
      // Next to a common bigram, a bigram shares a character with it: that
      // character most likely belongs to the common word (包括|括反|反射).
      const bool straddles =
          cjk_bigram && ((at > 0 && tokens[at - 1].position + 1 == token.position &&
                          vocabulary.IsCommon(tokens[at - 1].term)) ||
                         (at + 1 < tokens.size() && tokens[at + 1].position == token.position + 1 &&
                          vocabulary.IsCommon(tokens[at + 1].term)));
      const bool shown = !straddles && Readable(token.term);
      out.tokens_.push_back({.term = *term,
                             .value = static_cast<uint32_t>(value),
                             .position = token.position,
                             .cjk_bigram = cjk_bigram,
                             .shown = shown});
      if (shown) out.shown_.push_back(*term);
      // A stem is followed by its exact form at the same position.
      if (at + 1 < tokens.size() && tokens[at + 1].position == token.position &&
          !tokens[at + 1].term.empty() && tokens[at + 1].term.front() == text::kExactPrefix) {
        ++word_counts[{*term, tokens[at + 1].term.substr(1)}];
      }
    }
  }
  for (const auto& [term, weighted] : frequency) {
    out.weights_.emplace_back(term, TermWeight(weighted, vocabulary.idf(term)));
  }
  std::sort(out.shown_.begin(), out.shown_.end());
  out.shown_.erase(std::unique(out.shown_.begin(), out.shown_.end()), out.shown_.end());
  Normalize(out.weights_);
  uint32_t best_count = 0;
  for (const auto& [key, count] : word_counts) {
    if (out.words_.empty() || out.words_.back().first != key.first) {
      out.words_.emplace_back(key.first, key.second);
      best_count = count;
    } else if (count > best_count) {
      out.words_.back().second = key.second;
      best_count = count;
    }
  }
  return out;
}

float Profile::Weight(uint32_t term) const {
  auto it =
      std::lower_bound(weights_.begin(), weights_.end(), term,
                       [](const std::pair<uint32_t, float>& e, uint32_t t) { return e.first < t; });
  return it != weights_.end() && it->first == term ? it->second : 0.0f;
}

// Gathers the candidate words of SharedTerms (a friend of Profile).
struct SharedTermsBuilder {
  struct Candidate {
    std::vector<uint32_t> terms{};
    double weight = 0;
  };

  const Profile& query;
  const Profile& hit;
  std::unordered_map<uint32_t, double> contribution{};  // shared term -> product of weights
  std::map<std::string, Candidate> candidates{};

  void Add(std::string text, std::vector<uint32_t> terms) {
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    Candidate& candidate = candidates[std::move(text)];
    if (!candidate.terms.empty()) return;
    for (uint32_t term : terms) candidate.weight += contribution[term];
    candidate.terms = std::move(terms);
  }

  std::string WordOf(uint32_t term) const {
    auto it = std::lower_bound(
        query.words_.begin(), query.words_.end(), term,
        [](const std::pair<uint32_t, std::string>& e, uint32_t t) { return e.first < t; });
    if (it != query.words_.end() && it->first == term) return it->second;
    return query.vocabulary_->term(term);
  }

  std::vector<SharedTerm> Build(size_t limit) {
    if (query.vocabulary_ == nullptr || limit == 0) return {};
    // Shared terms: a merge of two id-sorted vectors.
    const SparseVector& a = query.weights_;
    const SparseVector& b = hit.weights_;
    for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
      if (a[i].first < b[j].first) {
        ++i;
      } else if (b[j].first < a[i].first) {
        ++j;
      } else {
        contribution[a[i].first] = static_cast<double>(a[i].second) * b[j].second;
        ++i;
        ++j;
      }
    }
    if (contribution.empty()) return {};
    for (const auto& [term, weight] : a) {  // in id order: the same words every time
      if (contribution.count(term) > 0 &&
          std::binary_search(query.shown_.begin(), query.shown_.end(), term)) {
        Add(WordOf(term), {term});
      }
    }

    // Runs of adjacent shared bigrams in the query, joined into words.
    std::vector<std::string_view> characters;  // of the run: one more than its bigrams
    std::vector<uint32_t> terms;
    const Profile::Token* previous = nullptr;
    const auto close = [&] {
      // The longest stretches of the run that the hit contains as written.
      for (size_t begin = 0; begin + 1 < terms.size();) {
        size_t end = terms.size();
        std::string word;
        for (; end >= begin + 2; --end) {
          word.clear();
          for (size_t at = begin; at <= end; ++at) word.append(characters[at]);
          if (hit.text_.find(word) != std::string::npos) break;
        }
        if (end < begin + 2) {
          ++begin;
          continue;
        }
        Add(std::move(word), std::vector<uint32_t>(terms.begin() + static_cast<ptrdiff_t>(begin),
                                                   terms.begin() + static_cast<ptrdiff_t>(end)));
        begin = end;
      }
      characters.clear();
      terms.clear();
    };
    for (const Profile::Token& token : query.tokens_) {
      const bool shared = token.cjk_bigram && token.shown && contribution.count(token.term) > 0;
      const bool adjacent = previous != nullptr && previous->value == token.value &&
                            token.position == previous->position + 1;
      if (!shared || !adjacent || characters.size() >= kMaxWordCharacters) close();
      if (shared) {
        const std::string_view bigram = query.vocabulary_->term(token.term);
        const std::string_view second = SecondCharacter(bigram);
        if (terms.empty()) characters.push_back(bigram.substr(0, bigram.size() - second.size()));
        characters.push_back(second);
        terms.push_back(token.term);
      }
      previous = shared ? &token : nullptr;
    }
    close();

    std::vector<std::pair<std::string, Candidate>> ranked(
        std::make_move_iterator(candidates.begin()), std::make_move_iterator(candidates.end()));
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) {
      return x.second.weight > y.second.weight;
    });
    std::vector<SharedTerm> out;
    std::unordered_map<uint32_t, bool> covered;
    for (auto& [text, candidate] : ranked) {
      if (out.size() >= limit) break;
      bool adds = false;
      for (uint32_t term : candidate.terms) adds |= !covered[term];
      if (!adds) continue;
      for (uint32_t term : candidate.terms) covered[term] = true;
      out.push_back({.text = text, .weight = candidate.weight});
    }
    return out;
  }
};

std::vector<SharedTerm> SharedTerms(const Profile& query, const Profile& hit, size_t limit) {
  SharedTermsBuilder builder{.query = query, .hit = hit};
  return builder.Build(limit);
}

}  // namespace iphub::engine::similar
