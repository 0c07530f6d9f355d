#include "iphub/text/analyzer.h"

#include <libstemmer.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace iphub::text {
namespace {

// Offsets are uint32_t, so analysis stops at the last byte they can address.
constexpr size_t kMaxTextBytes = std::numeric_limits<uint32_t>::max();

constexpr char32_t kInvalidCodePoint = 0xFFFFFFFF;

struct CodePoint {
  char32_t value;   // kInvalidCodePoint for a byte that starts no well-formed sequence
  uint32_t length;  // bytes taken: the whole sequence, or 1 for an invalid byte
};

bool IsContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Decodes the code point at text[pos] (pos < text.size()). Only well-formed
// UTF-8 is accepted: no overlong forms, surrogates, or values past U+10FFFF. An
// ill-formed sequence yields one invalid byte, so decoding resumes at the next
// byte and a truncated character never swallows the character after it.
CodePoint DecodeUtf8(std::string_view text, size_t pos) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data()) + pos;
  const size_t left = text.size() - pos;
  const char32_t lead = bytes[0];
  if (lead < 0x80) return {lead, 1};
  if (lead >= 0xC2 && lead <= 0xDF) {
    if (left >= 2 && IsContinuation(bytes[1])) {
      return {((lead & 0x1F) << 6) | (bytes[1] & 0x3Fu), 2};
    }
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    if (left >= 3 && IsContinuation(bytes[1]) && IsContinuation(bytes[2])) {
      const char32_t value = ((lead & 0x0F) << 12) | ((bytes[1] & 0x3Fu) << 6) | (bytes[2] & 0x3Fu);
      if (value >= 0x800 && (value < 0xD800 || value > 0xDFFF)) return {value, 3};
    }
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    if (left >= 4 && IsContinuation(bytes[1]) && IsContinuation(bytes[2]) &&
        IsContinuation(bytes[3])) {
      const char32_t value = ((lead & 0x07) << 18) | ((bytes[1] & 0x3Fu) << 12) |
                             ((bytes[2] & 0x3Fu) << 6) | (bytes[3] & 0x3Fu);
      if (value >= 0x10000 && value <= 0x10FFFF) return {value, 4};
    }
  }
  return {kInvalidCodePoint, 1};
}

// ASCII letters and digits, lower-cased; 0 for every other byte.
constexpr auto kAsciiFold = [] {
  std::array<char, 128> table{};
  for (int digit = '0'; digit <= '9'; ++digit) table[digit] = static_cast<char>(digit);
  for (int letter = 'a'; letter <= 'z'; ++letter) {
    table[letter] = static_cast<char>(letter);
    table[letter - 'a' + 'A'] = static_cast<char>(letter);
  }
  return table;
}();

// Base letters of U+00C0..U+017F (Latin-1 Supplement letters, Latin Extended-A),
// one byte per code point: '*' for a letter that folds to two letters
// (FoldTwoLetters), '-' for the two symbols × and ÷.
constexpr std::string_view kAccentedFold =
    "aaaaaa*ceeeeiiii"   // U+00C0 À..Ï
    "dnooooo-ouuuuy**"   // U+00D0 Ð..ß
    "aaaaaa*ceeeeiiii"   // U+00E0 à..ï
    "dnooooo-ouuuuy*y"   // U+00F0 ð..ÿ
    "aaaaaaccccccccdd"   // U+0100 Ā..ď
    "ddeeeeeeeeeegggg"   // U+0110 Đ..ģ
    "gggghhhhiiiiiiii"   // U+0120 Ġ..į
    "ii**jjkkklllllll"   // U+0130 İ..Ŀ
    "lllnnnnnnnnnoooo"   // U+0140 ŀ..ŏ
    "oo**rrrrrrssssss"   // U+0150 Ő..ş
    "ssttttttuuuuuuuu"   // U+0160 Š..ů
    "uuuuwwyyyzzzzzzs";  // U+0170 Ű..ſ
static_assert(kAccentedFold.size() == 0x180 - 0xC0);

std::string_view FoldTwoLetters(char32_t code_point) {
  switch (code_point) {
    case 0xC6:  // Æ
    case 0xE6:  // æ
      return "ae";
    case 0xDE:  // Þ
    case 0xFE:  // þ
      return "th";
    case 0xDF:  // ß
      return "ss";
    case 0x132:  // Ĳ
    case 0x133:  // ĳ
      return "ij";
    case 0x152:  // Œ
    case 0x153:  // œ
      return "oe";
  }
  return "";
}

// The lower-case ASCII letters and digits `code_point` folds to, or "" if it is
// not part of a word. At most 3 bytes.
std::string_view LatinFold(char32_t code_point) {
  if (code_point < 0x80) {
    const char* folded = &kAsciiFold[code_point];
    return *folded != 0 ? std::string_view(folded, 1) : std::string_view();
  }
  if (code_point >= 0xC0 && code_point < 0x180) {
    const char* folded = &kAccentedFold[code_point - 0xC0];
    if (*folded == '*') return FoldTwoLetters(code_point);
    if (*folded == '-') return {};
    return {folded, 1};
  }
  // Full-width digits and letters: Ｕｎｉｔ, ５Ｇ.
  if (code_point >= 0xFF10 && code_point <= 0xFF5A) return LatinFold(code_point - 0xFEE0);
  // Latin ligatures, frequent in text extracted from PDF: ﬁ, ﬀ, ﬃ.
  switch (code_point) {
    case 0xFB00:
      return "ff";
    case 0xFB01:
      return "fi";
    case 0xFB02:
      return "fl";
    case 0xFB03:
      return "ffi";
    case 0xFB04:
      return "ffl";
    case 0xFB05:
    case 0xFB06:
      return "st";
  }
  return {};
}

enum class MarkKind {
  kNone,
  kSurfaceOnly,  // widens the preceding token's surface, adds nothing to its term
  kKanaVoicing,  // in a CJK character, part of its term (か + U+3099 is が)
};

MarkKind MarkOf(char32_t code_point) {
  if ((code_point >= 0x300 && code_point <= 0x36F) ||      // combining diacritical marks
      code_point == 0xAD ||                                // soft hyphen
      (code_point >= 0xFE00 && code_point <= 0xFE0F) ||    // variation selectors
      (code_point >= 0xE0100 && code_point <= 0xE01EF)) {  // ideographic variation selectors
    return MarkKind::kSurfaceOnly;
  }
  if (code_point == 0x3099 || code_point == 0x309A) return MarkKind::kKanaVoicing;
  return MarkKind::kNone;
}

// Byte range of one character of a CJK run. term_end <= end: the bytes between
// are marks that belong to the surface only.
struct CjkChar {
  uint32_t start;
  uint32_t term_end;
  uint32_t end;
};

// Writes the stem of `word` (or `word` itself if the stemmer fails, which it
// only does when out of memory) into `out`.
void StemInto(sb_stemmer* stemmer, std::string_view word, std::string& out) {
  const sb_symbol* stem = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                                          static_cast<int>(word.size()));
  const int length = stem != nullptr ? sb_stemmer_length(stemmer) : 0;
  if (length <= 0) {
    out.assign(word);
    return;
  }
  out.assign(reinterpret_cast<const char*>(stem), static_cast<size_t>(length));
}

// Stemming is most of the cost of English text, and word frequencies are
// Zipfian: in English prose the 4096 most frequent forms are about 90% of the
// words. A direct-mapped cache of recent stems (one slot per hash, the newer
// word evicting the older) keeps most words away from the stemmer.
class StemCache {
 public:
  explicit StemCache(sb_stemmer* stemmer) : stemmer_(stemmer), slots_(kSlots) {}

  void Stem(std::string_view word, std::string& out) {
    Slot& slot = slots_[Hash(word) & (kSlots - 1)];
    if (!slot.used || slot.word != word) {
      StemInto(stemmer_, word, slot.stem);
      slot.word.assign(word);
      slot.used = true;
    }
    out.assign(slot.stem);
  }

 private:
  static constexpr size_t kSlots = 4096;  // a power of two
  static_assert((kSlots & (kSlots - 1)) == 0);

  struct Slot {
    bool used = false;
    std::string word;
    std::string stem;
  };

  static uint32_t Hash(std::string_view word) {  // FNV-1a
    uint32_t hash = 2166136261u;
    for (char c : word) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
    return hash ^ (hash >> 15);
  }

  sb_stemmer* stemmer_;
  std::vector<Slot> slots_;
};

// One pass over one text. At most one of the word and the CJK run is open at a
// time, so closing whichever is open on every change of kind keeps tokens (and
// positions) in text order.
class Scanner {
 public:
  Scanner(std::string_view text, uint32_t first_position, StemCache& stems, std::string& word,
          std::vector<CjkChar>& run, std::vector<Token>& out)
      : text_(text), position_(first_position), stems_(stems), word_(word), run_(run), out_(out) {
    word_.clear();
    run_.clear();
  }

  uint32_t NextPosition() const { return position_; }

  void AddWordChar(std::string_view folded, uint32_t start, uint32_t end) {
    if (!run_.empty()) FlushRun();
    if (!in_word_) {
      in_word_ = true;
      word_full_ = false;
      word_start_ = start;
    }
    if (!word_full_) {
      if (word_.size() + folded.size() <= kMaxWordBytes) {
        word_.append(folded);
      } else {
        word_full_ = true;  // nothing after the cut, or the term would skip a letter
      }
    }
    word_end_ = end;
  }

  void AddCjkChar(uint32_t start, uint32_t end) {
    if (in_word_) FlushWord();
    run_.push_back({start, end, end});
  }

  void AddMark(MarkKind kind, uint32_t end) {
    if (in_word_) {
      word_end_ = end;
    } else if (!run_.empty()) {
      CjkChar& last = run_.back();
      if (kind == MarkKind::kKanaVoicing && last.term_end == last.end) last.term_end = end;
      last.end = end;
    }
    // Otherwise a mark with nothing to attach to: a separator.
  }

  void Separate() {
    if (in_word_) FlushWord();
    if (!run_.empty()) FlushRun();
  }

 private:
  std::string_view TermBytes(const CjkChar& c) const {
    return text_.substr(c.start, c.term_end - c.start);
  }

  void FlushWord() {
    in_word_ = false;
    const bool has_digit =
        std::any_of(word_.begin(), word_.end(), [](char c) { return c >= '0' && c <= '9'; });
    Token& stemmed = out_.emplace_back();
    if (has_digit) {
      stemmed.term = word_;
    } else {
      stems_.Stem(word_, stemmed.term);
    }
    stemmed.position = position_;
    stemmed.start = word_start_;
    stemmed.end = word_end_;
    Token& exact = out_.emplace_back();
    exact.term.reserve(word_.size() + 1);
    exact.term.push_back(kExactPrefix);
    exact.term.append(word_);
    exact.position = position_;
    exact.start = word_start_;
    exact.end = word_end_;
    ++position_;
    word_.clear();
  }

  void FlushRun() {
    for (size_t index = 0; index + 1 < run_.size(); ++index) {
      const CjkChar& first = run_[index];
      const CjkChar& second = run_[index + 1];
      Token& bigram = out_.emplace_back();
      const std::string_view first_bytes = TermBytes(first);
      const std::string_view second_bytes = TermBytes(second);
      bigram.term.reserve(first_bytes.size() + second_bytes.size());
      bigram.term.append(first_bytes);
      bigram.term.append(second_bytes);
      bigram.position = position_++;
      bigram.start = first.start;
      bigram.end = second.end;
    }
    const CjkChar& last = run_.back();
    Token& unigram = out_.emplace_back();
    unigram.term.assign(TermBytes(last));
    unigram.position = position_++;
    unigram.start = last.start;
    unigram.end = last.end;
    run_.clear();
  }

  std::string_view text_;
  uint32_t position_;
  StemCache& stems_;
  std::string& word_;  // folded bytes of the open word, at most kMaxWordBytes
  bool in_word_ = false;
  bool word_full_ = false;  // a code point did not fit: the rest of the word is dropped
  uint32_t word_start_ = 0;
  uint32_t word_end_ = 0;
  std::vector<CjkChar>& run_;  // characters of the open CJK run
  std::vector<Token>& out_;
};

}  // namespace

struct Analyzer::State {
  explicit State(sb_stemmer* english) : stemmer(english), stems(english) {}

  sb_stemmer* stemmer;  // owned
  StemCache stems;
  std::string word;
  std::vector<CjkChar> run;
};

namespace {

sb_stemmer* NewEnglishStemmer() {
  sb_stemmer* stemmer = sb_stemmer_new("english", "UTF_8");
  if (stemmer == nullptr) {
    // Not an input error: the library lacks its English stemmer or memory ran out
    // at start-up. Indexing without it would write terms no query could match.
    std::fputs("iphub::text::Analyzer: sb_stemmer_new(\"english\", \"UTF_8\") failed\n", stderr);
    std::abort();
  }
  return stemmer;
}

}  // namespace

Analyzer::Analyzer() : state_(std::make_unique<State>(NewEnglishStemmer())) {
  state_->word.reserve(kMaxWordBytes);
}

Analyzer::~Analyzer() { sb_stemmer_delete(state_->stemmer); }

std::string Analyzer::Stem(std::string_view folded_word) {
  std::string stem;
  StemInto(state_->stemmer, folded_word, stem);
  return stem;
}

uint32_t Analyzer::Analyze(std::string_view text, uint32_t first_position,
                           std::vector<Token>& out) {
  if (text.size() > kMaxTextBytes) text = text.substr(0, kMaxTextBytes);
  Scanner scanner(text, first_position, state_->stems, state_->word, state_->run, out);
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const auto size = static_cast<uint32_t>(text.size());
  uint32_t pos = 0;
  while (pos < size) {
    if (bytes[pos] < 0x80) {  // most bytes of any text, Chinese included
      const char* folded = &kAsciiFold[bytes[pos]];
      if (*folded != 0) {
        scanner.AddWordChar(std::string_view(folded, 1), pos, pos + 1);
      } else {
        scanner.Separate();
      }
      ++pos;
      continue;
    }
    const CodePoint code_point = DecodeUtf8(text, pos);
    const uint32_t end = pos + code_point.length;
    // kInvalidCodePoint is neither CJK, nor Latin, nor a mark: it separates.
    if (IsCjk(code_point.value)) {
      scanner.AddCjkChar(pos, end);
    } else if (std::string_view folded = LatinFold(code_point.value); !folded.empty()) {
      scanner.AddWordChar(folded, pos, end);
    } else if (MarkKind kind = MarkOf(code_point.value); kind != MarkKind::kNone) {
      scanner.AddMark(kind, end);
    } else {
      scanner.Separate();
    }
    pos = end;
  }
  scanner.Separate();
  return scanner.NextPosition();
}

std::string FoldWord(std::string_view word) {
  std::string folded;
  folded.reserve(word.size());
  bool after_latin = false;  // marks after a Latin letter or digit are dropped, as in Analyze
  size_t pos = 0;
  while (pos < word.size()) {
    const CodePoint code_point = DecodeUtf8(word, pos);
    const std::string_view bytes = word.substr(pos, code_point.length);
    pos += code_point.length;
    if (code_point.value == kInvalidCodePoint) {
      folded.append(bytes);
      after_latin = false;
      continue;
    }
    char32_t value = code_point.value;
    if (value >= 0xFF01 && value <= 0xFF5E) value -= 0xFEE0;  // full-width ASCII, punctuation too
    if (std::string_view latin = LatinFold(value); !latin.empty()) {
      folded.append(latin);
      after_latin = true;
    } else if (value < 0x80) {
      folded.push_back(static_cast<char>(value));
      after_latin = false;
    } else if (after_latin && MarkOf(value) != MarkKind::kNone) {
      // dropped: an accent in decomposed form, a soft hyphen, a variation selector
    } else {
      folded.append(bytes);
      after_latin = false;
    }
  }
  return folded;
}

bool IsCjk(char32_t code_point) {
  // Most frequent first: the unified ideographs hold nearly all Chinese text.
  if (code_point >= 0x4E00 && code_point <= 0x9FFF) return true;  // CJK Unified Ideographs
  if (code_point < 0x1100) return false;
  if (code_point < 0x3000) return code_point <= 0x11FF;  // Hangul Jamo
  if (code_point <= 0x31FF) {
    return (code_point >= 0x3005 && code_point <= 0x3007) ||  // 々 〆 〇
           (code_point >= 0x3021 && code_point <= 0x3029) ||  // Hangzhou numerals
           (code_point >= 0x3031 && code_point <= 0x3035) ||  // kana repeat marks
           (code_point >= 0x3038 && code_point <= 0x303C) ||  // 〸〹〺, 〻, 〼
           (code_point >= 0x3041 && code_point <= 0x3096) ||  // Hiragana
           (code_point >= 0x309B && code_point <= 0x309F) ||  // ゛゜ゝゞゟ (U+3099/A are marks)
           (code_point >= 0x30A1 && code_point <= 0x30FA) ||  // Katakana (not ゠ U+30A0)
           (code_point >= 0x30FC && code_point <= 0x30FF) ||  // ー ヽ ヾ ヿ (not ・ U+30FB)
           (code_point >= 0x3105 && code_point <= 0x312F) ||  // Bopomofo
           (code_point >= 0x3131 && code_point <= 0x318E) ||  // Hangul Compatibility Jamo
           (code_point >= 0x31A0 && code_point <= 0x31BF) ||  // Bopomofo Extended
           (code_point >= 0x31F0 && code_point <= 0x31FF);    // Katakana Phonetic Extensions
  }
  if (code_point >= 0x3400 && code_point <= 0x4DBF) return true;    // Extension A
  if (code_point >= 0xA960 && code_point <= 0xA97F) return true;    // Hangul Jamo Extended-A
  if (code_point >= 0xAC00 && code_point <= 0xD7A3) return true;    // Hangul Syllables
  if (code_point >= 0xD7B0 && code_point <= 0xD7FF) return true;    // Hangul Jamo Extended-B
  if (code_point >= 0xF900 && code_point <= 0xFAFF) return true;    // Compatibility Ideographs
  if (code_point >= 0xFF66 && code_point <= 0xFF9F) return true;    // half-width Katakana
  if (code_point >= 0xFFA0 && code_point <= 0xFFDC) return true;    // half-width Hangul
  if (code_point >= 0x1B000 && code_point <= 0x1B16F) return true;  // Kana Supplement, Ext-A, small
  // The Supplementary and Tertiary Ideographic Planes: extensions B to H and the
  // compatibility supplement; nothing but ideographs is allocated there.
  return code_point >= 0x20000 && code_point <= 0x3FFFF;
}

}  // namespace iphub::text
