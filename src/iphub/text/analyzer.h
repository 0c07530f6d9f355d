// Text analysis for the search engine: turns field text into index terms with
// positions, and query words into the same terms.
//
// Chinese, Japanese and Korean text is split into overlapping character bigrams
// (as Lucene's CJK analyzer), with positions one per character, so a Chinese
// query word matches exactly as a phrase of bigrams:
//
//   Analyze("无人机电池")  →  无人@0 人机@1 机电@2 电池@3 池@4
//
// The last character of every CJK run is also emitted alone (池@4 above), so a
// one-character query finds every occurrence: the terms that start with it.
//
// Latin letters and digits form words. Words are lower-cased and folded
// (full-width to ASCII, Latin accents removed), then stemmed with the Snowball
// English stemmer; the unstemmed form is kept at the same position with the
// prefix kExactPrefix, for exact and truncated queries:
//
//   Analyze("Batteries, Ｕｎｉｔ") →  batteri@0 =batteries@0 unit@1 =unit@1
//
// Everything else (punctuation, spaces, symbols, other scripts, invalid UTF-8)
// separates tokens, so "lithium-ion" is lithium@0 ion@1, "don't" is don@0 t@1 and
// "3.5" is 3@0 5@1. No stop words: patent searchers expect every word to count.
//
// The details, in order of how often they matter:
//  - a word is a maximal run of letters and digits after folding; it takes one
//    position and yields exactly two tokens, the stem first, then the exact form.
//    Words holding a digit ("5g", "h04l", "2023") are not stemmed: both tokens
//    carry the folded word.
//  - a word's folded form is cut to kMaxWordBytes, at a code point boundary; its
//    start/end still span the whole word in the input.
//  - combining accents (U+0300..U+036F), soft hyphens and variation selectors
//    join the preceding word or CJK character: they widen its byte range but add
//    nothing to its term ("Cafe\u0301" is cafe, "葛\U000E0100" is 葛). Combining kana
//    voicing marks (U+3099, U+309A) are kept in the CJK character's term.
//  - CJK punctuation (，。、（）《》「」・) separates runs; full-width letters and
//    digits ("５Ｇ") are Latin, not CJK.
//  - start/end are byte offsets into `text`: text.substr(start, end - start) is the
//    token's surface, for highlighting. A bigram spans both characters.
//  - positions are consecutive across CJK characters and words, without gaps at
//    separators: Analyze("无人机drone") is 无人@0 人机@1 机@2 drone@3 =drone@3.
//
// Thread-safety: Analyzer holds a stemmer and is not thread-safe; use one per
// thread. The free functions are thread-safe.
#ifndef IPHUB_TEXT_ANALYZER_H_
#define IPHUB_TEXT_ANALYZER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace iphub::text {

// Exact (unstemmed) English forms are indexed as kExactPrefix + word.
inline constexpr char kExactPrefix = '=';

// A word's folded form is cut to this many bytes (the exact token holds one more,
// the prefix). Longer "words" are chemical names, sequences or garbage.
inline constexpr size_t kMaxWordBytes = 64;

struct Token {
  std::string term;    // the index term: a CJK bigram or unigram, a stem, or '=' + exact word
  uint32_t position;   // token position within the analysed text (see above)
  uint32_t start = 0;  // byte offset of the token's first byte in the input
  uint32_t end = 0;    // byte offset one past its last byte
};

class Analyzer {
 public:
  Analyzer();
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Appends the tokens of `text` to `out`, positions starting at `first_position`.
  // Returns the next free position (one past the last token's position; equal to
  // first_position for text without tokens). Invalid UTF-8 bytes are separators.
  // Tokens already in `out` are left alone. Text past the first 4 GiB (what a
  // uint32_t offset can address) is ignored.
  uint32_t Analyze(std::string_view text, uint32_t first_position, std::vector<Token>& out);

  // The Snowball English stem of an already folded lower-case word, e.g.
  // "batteries" → "batteri", "running" → "run".
  std::string Stem(std::string_view folded_word);

 private:
  struct State;  // the Snowball stemmer and buffers reused across calls
  std::unique_ptr<State> state_;
};

// Lower-cases and folds one word: full-width ASCII to ASCII, Latin letters with
// accents to their base letter, upper to lower case. Non-Latin text unchanged.
// Agrees with Analyze: for a word token, FoldWord(surface) is the exact form
// without kExactPrefix (before the kMaxWordBytes cut), e.g. "Ｕｎｉｔ" → "unit",
// "Straße" → "strasse", "Æther" → "aether", "ﬁle" → "file". Not cut in length.
std::string FoldWord(std::string_view word);

// True for a code point that is analysed as CJK: Han (unified ideographs and
// extensions A to H, compatibility ideographs, 〇 々 〆), Hiragana, Katakana
// (also half-width and phonetic extensions), Hangul (syllables and jamo) and
// Bopomofo. False for CJK punctuation and symbols, radicals, and full-width
// ASCII.
bool IsCjk(char32_t code_point);

}  // namespace iphub::text

#endif  // IPHUB_TEXT_ANALYZER_H_
