// Fuzzes the search analyzer: any bytes must give tokens whose offsets lie inside
// the input in text order, whose positions run consecutively from the first
// position, and whose terms are non-empty valid UTF-8. The exact form of a word
// must be its folded surface (or a prefix of it, for a cut word).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "iphub/text/analyzer.h"

namespace {

// Strict UTF-8 check, written apart from the analyzer's decoder so that the two
// do not share a bug.
bool IsValidUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    size_t length = 0;
    uint32_t value = 0;
    if (lead < 0x80) {
      ++pos;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      value = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      value = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      value = lead & 0x07;
    } else {
      return false;
    }
    if (text.size() - pos < length) return false;
    for (size_t index = 1; index < length; ++index) {
      const auto byte = static_cast<unsigned char>(text[pos + index]);
      if ((byte & 0xC0) != 0x80) return false;
      value = (value << 6) | (byte & 0x3F);
    }
    const uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (value < smallest[length] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
      return false;
    }
    pos += length;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static iphub::text::Analyzer* analyzer = new iphub::text::Analyzer();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  constexpr uint32_t kFirstPosition = 1000;
  std::vector<iphub::text::Token> tokens;
  const uint32_t next = analyzer->Analyze(text, kFirstPosition, tokens);

  if (tokens.empty()) {
    if (next != kFirstPosition) __builtin_trap();
    return 0;
  }
  if (tokens.front().position != kFirstPosition) __builtin_trap();
  if (next != tokens.back().position + 1) __builtin_trap();
  for (size_t index = 0; index < tokens.size(); ++index) {
    const iphub::text::Token& token = tokens[index];
    if (token.start >= token.end || token.end > size) __builtin_trap();
    if (token.term.empty() || !IsValidUtf8(token.term)) __builtin_trap();
    if (index > 0) {
      const iphub::text::Token& previous = tokens[index - 1];
      // Positions are consecutive; a new position starts later in the text.
      if (token.position != previous.position && token.position != previous.position + 1) {
        __builtin_trap();
      }
      if (token.start < previous.start || token.end < previous.end) __builtin_trap();
      if (token.position != previous.position && token.start == previous.start) __builtin_trap();
    }
    if (token.term[0] == iphub::text::kExactPrefix) {
      // The second token of a word, at the stem's position and range.
      if (index == 0) __builtin_trap();
      const iphub::text::Token& stem = tokens[index - 1];
      if (stem.position != token.position || stem.start != token.start || stem.end != token.end) {
        __builtin_trap();
      }
      const std::string_view exact = std::string_view(token.term).substr(1);
      if (exact.empty() || exact.size() > iphub::text::kMaxWordBytes) __builtin_trap();
      const std::string folded =
          iphub::text::FoldWord(text.substr(token.start, token.end - token.start));
      if (folded.compare(0, exact.size(), exact) != 0) __builtin_trap();
      if (folded.size() <= iphub::text::kMaxWordBytes && folded.size() != exact.size()) {
        __builtin_trap();
      }
    }
  }
  return 0;
}
