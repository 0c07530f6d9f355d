#include "iphub/patents/applicant_names.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "iphub/base/strings.h"
#include "iphub/text/analyzer.h"

namespace iphub::patents {
namespace {

constexpr char32_t kInvalidCodePoint = 0xFFFFFFFF;
constexpr char32_t kReplacementCharacter = 0xFFFD;

struct CodePoint {
  char32_t value;  // kInvalidCodePoint for a byte that starts no well-formed sequence
  size_t length;   // bytes taken: the whole sequence, or 1 for an invalid byte
};

bool IsContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Decodes the code point at text[pos] (pos < text.size()); as the analyzer's
// decoder, only well-formed UTF-8 (no overlong forms, surrogates or values past
// U+10FFFF) is accepted, and an ill-formed sequence yields one invalid byte.
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

void AppendUtf8(std::string& out, char32_t value) {
  if (value < 0x80) {
    out.push_back(static_cast<char>(value));
  } else if (value < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (value >> 6)));
    out.push_back(static_cast<char>(0x80 | (value & 0x3F)));
  } else if (value < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (value >> 12)));
    out.push_back(static_cast<char>(0x80 | ((value >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (value & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (value >> 18)));
    out.push_back(static_cast<char>(0x80 | ((value >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((value >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (value & 0x3F)));
  }
}

// What a code point is to a name. kSpace and kIgnore never become tokens; kDot
// and kComma are gone before rendering.
enum class Kind : uint8_t {
  kWord,    // letters and digits: Latin (folded, upper-cased) and other scripts
  kCjk,     // Han, kana, Hangul (text::IsCjk), CJK radicals and enclosed CJK
  kOpen,    // ( and the brackets mapped to it
  kClose,   // ) and the brackets mapped to it
  kAmp,     // &
  kHyphen,  // - and the dashes mapped to it
  kDot,     // . and 。
  kComma,   // ,
  kOther,   // any other punctuation or symbol, kept as it is (one code point a token)
  kSpace,   // whitespace and control characters: separate, then vanish
  kIgnore,  // zero-width and format characters: vanish without separating
};

// The kind of `value`, which is rewritten to its canonical form on the way:
// full-width ASCII to ASCII, brackets to ( ), dashes to -, ’ to '.
Kind Classify(char32_t& value) {
  if (value >= 0xFF01 && value <= 0xFF5E) value -= 0xFEE0;  // full-width ASCII
  if (value < 0x80) {
    const auto ascii = static_cast<char>(value);
    if (base::IsAsciiAlpha(ascii) || base::IsAsciiDigit(ascii)) return Kind::kWord;
    if (value <= 0x20 || value == 0x7F) return Kind::kSpace;
    switch (ascii) {
      case '(':
      case '[':
      case '{':
        value = '(';
        return Kind::kOpen;
      case ')':
      case ']':
      case '}':
        value = ')';
        return Kind::kClose;
      case '&':
        return Kind::kAmp;
      case '-':
        return Kind::kHyphen;
      case '.':
        return Kind::kDot;
      case ',':
        return Kind::kComma;
      case '"':  // quotes are not part of a name: "Acme "Blue" Robotics" = ACME BLUE ROBOTICS
        return Kind::kSpace;
      default:
        return Kind::kOther;
    }
  }
  if (value < 0xC0) {  // C1 controls, Latin-1 punctuation and symbols
    if (value <= 0xA0) return Kind::kSpace;
    return value == 0xAD ? Kind::kIgnore : Kind::kOther;  // soft hyphen
  }
  if (value == 0xD7 || value == 0xF7) return Kind::kOther;  // × ÷
  if (text::IsCjk(value)) return Kind::kCjk;
  if (value < 0x2000) return value == 0x1680 ? Kind::kSpace : Kind::kWord;
  if (value <= 0x206F) {  // General Punctuation
    if (value <= 0x200A || value == 0x2028 || value == 0x2029 || value == 0x202F ||
        value == 0x205F) {
      return Kind::kSpace;
    }
    if (value <= 0x200F || (value >= 0x202A && value <= 0x202E) || value >= 0x2060) {
      return Kind::kIgnore;  // zero-width, direction marks, word joiner, invisible operators
    }
    if (value <= 0x2015) {
      value = '-';
      return Kind::kHyphen;
    }
    if (value == 0x2018 || value == 0x2019) value = '\'';
    if (value == 0x201C || value == 0x201D) return Kind::kSpace;  // “ ”, as "
    return Kind::kOther;
  }
  if (value == 0x2212) {  // minus sign
    value = '-';
    return Kind::kHyphen;
  }
  if (value < 0x2C00) return Kind::kOther;  // symbols: currency, letterlike, arrows, math, …
  if (value < 0x2E00) return Kind::kWord;   // Glagolitic, Latin Extended-C, Coptic, …
  if (value < 0x2E80) return Kind::kOther;  // Supplemental Punctuation
  if (value < 0x2FE0) return Kind::kCjk;    // CJK and Kangxi radicals
  if (value < 0x3000) return Kind::kOther;  // ideographic description characters
  if (value <= 0x303F) {                    // CJK Symbols and Punctuation
    switch (value) {
      case 0x3000:
        return Kind::kSpace;
      case 0x3002:  // 。
        value = '.';
        return Kind::kDot;
      case 0x3010:  // 【
      case 0x3014:  // 〔
      case 0x3016:  // 〖
        value = '(';
        return Kind::kOpen;
      case 0x3011:  // 】
      case 0x3015:  // 〕
      case 0x3017:  // 〗
        value = ')';
        return Kind::kClose;
      default:
        return Kind::kOther;  // 、〃〈〉《》「」『』…; 々〆〇 are CJK (above)
    }
  }
  if (value <= 0x31FF) {  // kana, Bopomofo, kanbun, strokes not taken by IsCjk
    if (value == 0x3099 || value == 0x309A || value >= 0x3190) return Kind::kCjk;
    return Kind::kOther;  // ゠ ・
  }
  if (value < 0x3400) return Kind::kCjk;  // enclosed CJK (㈱), compatibility (㎡)
  if (value >= 0xFE00 && value <= 0xFE0F) return Kind::kIgnore;  // variation selectors
  if (value >= 0xFE10 && value <= 0xFE6F) {                      // vertical and small forms
    switch (value) {
      case 0xFE50:
        value = ',';
        return Kind::kComma;
      case 0xFE52:
        value = '.';
        return Kind::kDot;
      case 0xFE59:
      case 0xFE5B:
      case 0xFE5D:
        value = '(';
        return Kind::kOpen;
      case 0xFE5A:
      case 0xFE5C:
      case 0xFE5E:
        value = ')';
        return Kind::kClose;
      case 0xFE58:
      case 0xFE63:
        value = '-';
        return Kind::kHyphen;
      case 0xFE60:
        value = '&';
        return Kind::kAmp;
      default:
        return value >= 0xFE20 && value <= 0xFE2F ? Kind::kWord : Kind::kOther;
    }
  }
  if (value == 0xFEFF) return Kind::kIgnore;  // zero-width no-break space (BOM)
  if (value >= 0xFF5F && value <= 0xFF65) {   // ⦅⦆｡｢｣､･
    if (value == 0xFF5F) {
      value = '(';
      return Kind::kOpen;
    }
    if (value == 0xFF60) {
      value = ')';
      return Kind::kClose;
    }
    if (value == 0xFF61) {
      value = '.';
      return Kind::kDot;
    }
    return Kind::kOther;
  }
  if (value >= 0xFFE0 && value <= 0xFFFC) return Kind::kOther;     // full-width symbols, specials
  if (value >= 0x1F000 && value <= 0x1FFFF) return Kind::kOther;   // emoji and other symbols
  if (value >= 0xE0000 && value <= 0xE0FFF) return Kind::kIgnore;  // tags, variation selectors
  return Kind::kWord;
}

struct Token {
  Kind kind;
  bool space_before;     // whitespace separated it from the token before
  bool removed = false;  // dropped by a pass; erased by Compact
  std::string text;      // as rendered: a folded word, a CJK run, or one punctuation character
};

// Splits `name` into tokens: words (maximal runs of word characters), CJK runs
// (which continue across whitespace, as Chinese names drop spaces) and single
// punctuation characters. Words come out folded and upper-cased.
std::vector<Token> Tokenize(std::string_view name) {
  std::vector<Token> tokens;
  bool pending_space = false;
  size_t pos = 0;
  while (pos < name.size()) {
    const CodePoint code_point = DecodeUtf8(name, pos);
    pos += code_point.length;
    char32_t value =
        code_point.value == kInvalidCodePoint ? kReplacementCharacter : code_point.value;
    const Kind kind = Classify(value);
    if (kind == Kind::kIgnore) continue;
    if (kind == Kind::kSpace) {
      pending_space = true;
      continue;
    }
    const bool continues_run = !tokens.empty() && tokens.back().kind == kind &&
                               (kind == Kind::kCjk || (kind == Kind::kWord && !pending_space));
    if (!continues_run) tokens.push_back(Token{kind, pending_space, false, {}});
    pending_space = false;
    std::string& text = tokens.back().text;
    if (kind == Kind::kWord && value < 0x80) {
      text.push_back(base::AsciiUpper(static_cast<char>(value)));
    } else {
      AppendUtf8(text, value);
    }
  }
  for (Token& token : tokens) {
    if (token.kind != Kind::kWord) continue;
    bool ascii = true;
    for (char c : token.text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (!ascii) token.text = base::AsciiUpperCopy(text::FoldWord(token.text));
  }
  return tokens;
}

void Compact(std::vector<Token>& tokens) {
  std::erase_if(tokens, [](const Token& token) { return token.removed; });
}

bool IsSingleLetter(const Token& token) {
  return token.kind == Kind::kWord && token.text.size() == 1 && base::IsAsciiAlpha(token.text[0]);
}

// Rule 3: single letters joined by dots become one word ("S.A." → "SA"); a dot
// between digits with no space beside it stays ("3.0"); every other dot and
// comma goes (the words it separated are rendered with a space between them).
void ResolveDotsAndCommas(std::vector<Token>& tokens) {
  for (size_t index = 0; index < tokens.size(); ++index) {
    if (tokens[index].removed || !IsSingleLetter(tokens[index])) continue;
    size_t next = index;
    while (next + 2 < tokens.size() && tokens[next + 1].kind == Kind::kDot &&
           IsSingleLetter(tokens[next + 2])) {
      tokens[index].text += tokens[next + 2].text;
      tokens[next + 1].removed = true;
      tokens[next + 2].removed = true;
      next += 2;
    }
  }
  Compact(tokens);
  for (size_t index = 0; index < tokens.size(); ++index) {
    Token& token = tokens[index];
    if (token.kind != Kind::kDot && token.kind != Kind::kComma) continue;
    const bool between_digits =
        token.kind == Kind::kDot && index > 0 && index + 1 < tokens.size() &&
        tokens[index - 1].kind == Kind::kWord && tokens[index + 1].kind == Kind::kWord &&
        !token.space_before && !tokens[index + 1].space_before &&
        base::IsAsciiDigit(tokens[index - 1].text.back()) &&
        base::IsAsciiDigit(tokens[index + 1].text.front());
    if (between_digits) {
      token.kind = Kind::kOther;  // rendered as it is, without spaces
    } else {
      token.removed = true;
    }
  }
  Compact(tokens);
}

// Rule 4: drops unmatched brackets and pairs with nothing inside (also nested:
// "(())"), in one pass with a stack of open brackets.
void BalanceBrackets(std::vector<Token>& tokens) {
  struct Open {
    size_t index;
    size_t kept_before;  // tokens kept before it
  };
  std::vector<Open> opens;
  size_t kept = 0;
  for (size_t index = 0; index < tokens.size(); ++index) {
    Token& token = tokens[index];
    if (token.kind == Kind::kOpen) {
      opens.push_back({index, kept});
      ++kept;
    } else if (token.kind == Kind::kClose) {
      if (opens.empty()) {
        token.removed = true;
        continue;
      }
      const Open open = opens.back();
      opens.pop_back();
      if (kept == open.kept_before + 1) {  // only the open bracket itself since
        tokens[open.index].removed = true;
        token.removed = true;
        --kept;
      } else {
        ++kept;
      }
    } else {
      ++kept;
    }
  }
  for (const Open& open : opens) tokens[open.index].removed = true;
  Compact(tokens);
}

bool IsEdgePunctuation(Kind kind) {
  return kind == Kind::kAmp || kind == Kind::kHyphen || kind == Kind::kOther;
}

// Rule 5: punctuation at either end goes; brackets are balanced already and stay.
void StripEdges(std::vector<Token>& tokens) {
  size_t first = 0;
  while (first < tokens.size() && IsEdgePunctuation(tokens[first].kind)) ++first;
  size_t last = tokens.size();
  while (last > first && IsEdgePunctuation(tokens[last - 1].kind)) --last;
  tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(last), tokens.end());
  tokens.erase(tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(first));
}

struct LegalWord {
  std::string_view word;
  std::string_view abbreviation;
};

// Single words of a trailing legal form and their canonical abbreviation (an
// abbreviation maps to itself, so that the trailing run passes over it).
constexpr LegalWord kLegalWords[] = {
    {"CO", "CO"},           {"COMPANY", "CO"},
    {"LTD", "LTD"},         {"LIMITED", "LTD"},
    {"CORP", "CORP"},       {"CORPORATION", "CORP"},
    {"INC", "INC"},         {"INCORPORATED", "INC"},
    {"AG", "AG"},           {"AKTIENGESELLSCHAFT", "AG"},
    {"AB", "AB"},           {"AKTIEBOLAG", "AB"},
    {"AKTIEBOLAGET", "AB"}, {"KK", "KK"},
    {"GMBH", "GMBH"},       {"SA", "SA"},
    {"NV", "NV"},           {"BV", "BV"},
    {"PLC", "PLC"},         {"LLC", "LLC"},
    {"LLP", "LLP"},         {"LP", "LP"},
    {"KG", "KG"},           {"OY", "OY"},
    {"OYJ", "OYJ"},         {"SPA", "SPA"},
    {"SRL", "SRL"},         {"SAS", "SAS"},
    {"SARL", "SARL"},       {"SE", "SE"},
    {"PTY", "PTY"},         {"PTE", "PTE"},
    {"BHD", "BHD"},         {"SDN", "SDN"},
};

// The abbreviation of a legal word, or "" for any other word.
std::string_view AbbreviationOf(std::string_view word) {
  for (const LegalWord& legal : kLegalWords) {
    if (legal.word == word) return legal.abbreviation;
  }
  return {};
}

// A word as phrases are matched: legal words by their abbreviation, so that
// "PUBLIC LIMITED CO" and "PUBLIC LTD COMPANY" are the same phrase.
std::string_view PhraseWordOf(std::string_view word) {
  const std::string_view abbreviation = AbbreviationOf(word);
  return abbreviation.empty() ? word : abbreviation;
}

struct LegalPhrase {
  std::string_view words[4];  // as PhraseWordOf gives them; `size` are used
  size_t size;
  std::string_view abbreviation;
};

// Longest first: the first phrase that matches wins. No abbreviation here is a
// word of a phrase, so abbreviating never makes a new phrase (idempotence).
constexpr LegalPhrase kLegalPhrases[] = {
    {{"GESELLSCHAFT", "MIT", "BESCHRANKTER", "HAFTUNG"}, 4, "GMBH"},
    {{"PUBLIC", "LTD", "CO"}, 3, "PLC"},
    {{"LTD", "LIABILITY", "CO"}, 3, "LLC"},
    {{"LTD", "LIABILITY", "PARTNERSHIP"}, 3, "LLP"},
    {{"SOCIETA", "PER", "AZIONI"}, 3, "SPA"},
    {{"LTD", "PARTNERSHIP"}, 2, "LP"},
    {{"KABUSHIKI", "KAISHA"}, 2, "KK"},
    {{"SOCIETE", "ANONYME"}, 2, "SA"},
    {{"NAAMLOZE", "VENNOOTSCHAP"}, 2, "NV"},
    {{"BESLOTEN", "VENNOOTSCHAP"}, 2, "BV"},
};

// Whether `phrase` is the words of tokens[end - phrase.size, end).
bool PhraseEndsAt(const std::vector<Token>& tokens, size_t end, const LegalPhrase& phrase) {
  if (end < phrase.size) return false;
  const size_t first = end - phrase.size;
  for (size_t offset = 0; offset < phrase.size; ++offset) {
    const Token& token = tokens[first + offset];
    if (token.kind != Kind::kWord || PhraseWordOf(token.text) != phrase.words[offset]) {
      return false;
    }
  }
  return true;
}

// Rule 6: abbreviates the legal form at the end of the name, walking back over
// legal words, phrases and "&" until another token; and KABUSHIKI KAISHA at the
// start (Japanese names put it there).
void AbbreviateLegalForms(std::vector<Token>& tokens) {
  if (tokens.size() >= 2 && tokens[0].kind == Kind::kWord && tokens[0].text == "KABUSHIKI" &&
      tokens[1].kind == Kind::kWord && tokens[1].text == "KAISHA") {
    tokens[0].text = "KK";
    tokens[1].removed = true;
  }
  size_t end = tokens.size();  // tokens[end, size) are done
  while (end > 0) {
    Token& token = tokens[end - 1];
    if (token.removed) break;  // reached the leading KK
    if (token.kind == Kind::kAmp) {
      --end;
      continue;
    }
    if (token.kind != Kind::kWord) break;
    const LegalPhrase* matched = nullptr;
    for (const LegalPhrase& phrase : kLegalPhrases) {
      if (PhraseEndsAt(tokens, end, phrase)) {
        matched = &phrase;
        break;
      }
    }
    if (matched != nullptr) {
      const size_t first = end - matched->size;
      tokens[first].text = std::string(matched->abbreviation);
      for (size_t index = first + 1; index < end; ++index) tokens[index].removed = true;
      end = first;
      continue;
    }
    const std::string_view abbreviation = AbbreviationOf(token.text);
    if (abbreviation.empty()) break;
    token.text = std::string(abbreviation);
    --end;
  }
  Compact(tokens);
}

// Rule 7: whether a space goes between tokens of these kinds.
bool SpaceBetween(Kind before, Kind after) {
  const bool before_word = before == Kind::kWord || before == Kind::kClose;
  const bool after_word = after == Kind::kWord || after == Kind::kOpen;
  return (before_word && after_word) || (before == Kind::kAmp && after_word) ||
         (before_word && after == Kind::kAmp);
}

// Rule 7: one space between words, between a word and a bracket on its outer
// side, and around "&"; none anywhere else (so none next to CJK).
std::string Render(const std::vector<Token>& tokens) {
  std::string out;
  for (size_t index = 0; index < tokens.size(); ++index) {
    if (index > 0 && SpaceBetween(tokens[index - 1].kind, tokens[index].kind)) out.push_back(' ');
    out += tokens[index].text;
  }
  return out;
}

struct Replacement {
  std::string_view from;
  std::string_view to;
};

// Rule 8: Chinese company forms. The legal form is merged on purpose: statistics
// count the applicant, and 有限公司 → 股份有限公司 is a change of form, not of
// applicant. Every `from` ends in 司 or 團.
constexpr Replacement kChineseForms[] = {
    {"股份有限公司", "有限公司"},
    {"有限责任公司", "有限公司"},
    {"有限責任公司", "有限公司"},
    {"集團", "集团"},
};

// Rewrites the Chinese company forms in one pass: text is copied byte by byte,
// and whenever the copy ends with a form (all end in 司 or 團, whose UTF-8 ends
// in 0xB8 or 0x98) that form is replaced, repeatedly, so "股份有限责任公司" is
// 有限公司 at once. The copy never holds a form, so a second call changes nothing.
// Byte matching is safe: a valid UTF-8 pattern only matches at character bounds.
std::string RewriteChineseForms(std::string text) {
  if (text.find("司") == std::string::npos && text.find("團") == std::string::npos) return text;
  std::string out;
  out.reserve(text.size());
  for (char byte : text) {
    out.push_back(byte);
    const auto last = static_cast<unsigned char>(byte);
    if (last != 0xB8 && last != 0x98) continue;
    for (bool replaced = true; replaced;) {
      replaced = false;
      for (const Replacement& form : kChineseForms) {
        if (std::string_view(out).ends_with(form.from)) {
          out.resize(out.size() - form.from.size());
          out += form.to;
          replaced = true;
        }
      }
    }
  }
  return out;
}

}  // namespace

std::string NormalizeApplicantName(std::string_view name) {
  std::vector<Token> tokens = Tokenize(name);
  ResolveDotsAndCommas(tokens);
  BalanceBrackets(tokens);
  StripEdges(tokens);
  bool has_text = false;
  for (const Token& token : tokens) {
    has_text = has_text || token.kind == Kind::kWord || token.kind == Kind::kCjk;
  }
  if (!has_text) return {};
  AbbreviateLegalForms(tokens);
  return RewriteChineseForms(Render(tokens));
}

bool SameApplicant(std::string_view a, std::string_view b) {
  const std::string normalized = NormalizeApplicantName(a);
  return !normalized.empty() && normalized == NormalizeApplicantName(b);
}

}  // namespace iphub::patents
