// UTF-8 decoding for reading CJK terms back as characters.
#ifndef IPHUB_ENGINE_SIMILAR_INTERNAL_UTF8_H_
#define IPHUB_ENGINE_SIMILAR_INTERNAL_UTF8_H_

#include <cstddef>
#include <string_view>

namespace iphub::engine::similar::internal {

// The code point at `offset`, advancing `offset` past it. An invalid or cut
// sequence yields U+FFFD and advances one byte. `offset` must be < text.size().
inline char32_t NextCodePoint(std::string_view text, size_t& offset) {
  const auto byte = [&](size_t at) { return static_cast<unsigned char>(text[at]); };
  const unsigned char lead = byte(offset);
  size_t length = 0;
  char32_t code = 0;
  if (lead < 0x80) {
    ++offset;
    return lead;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code = lead & 0x07;
  } else {
    ++offset;
    return 0xFFFD;
  }
  if (offset + length > text.size()) {
    ++offset;
    return 0xFFFD;
  }
  for (size_t at = 1; at < length; ++at) {
    const unsigned char next = byte(offset + at);
    if ((next & 0xC0) != 0x80) {
      ++offset;
      return 0xFFFD;
    }
    code = (code << 6) | (next & 0x3F);
  }
  offset += length;
  return code;
}

// The number of code points in `text`.
inline size_t CodePointCount(std::string_view text) {
  size_t count = 0;
  for (size_t offset = 0; offset < text.size(); ++count) NextCodePoint(text, offset);
  return count;
}

}  // namespace iphub::engine::similar::internal

#endif  // IPHUB_ENGINE_SIMILAR_INTERNAL_UTF8_H_
