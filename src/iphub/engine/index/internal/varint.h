// LEB128 variable-length integers, as used in segment postings and stored
// documents (docs/formats/index-segment.md).
#ifndef IPHUB_ENGINE_INDEX_INTERNAL_VARINT_H_
#define IPHUB_ENGINE_INDEX_INTERNAL_VARINT_H_

#include <cstdint>
#include <string>

namespace iphub::engine::index::internal {

inline void PutVarint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

// Reads a varint at `p`, not past `end`; nullptr if it is truncated or longer
// than 10 bytes.
inline const uint8_t* GetVarint(const uint8_t* p, const uint8_t* end, uint64_t& value) {
  value = 0;
  for (int shift = 0; shift < 70 && p < end; shift += 7) {
    const uint8_t byte = *p++;
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return p;
  }
  return nullptr;
}

inline uint64_t ZigZag(int64_t value) {
  return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
}
inline int64_t UnZigZag(uint64_t value) {
  return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1);
}

}  // namespace iphub::engine::index::internal

#endif  // IPHUB_ENGINE_INDEX_INTERNAL_VARINT_H_
