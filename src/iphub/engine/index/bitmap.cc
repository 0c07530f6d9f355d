#include "iphub/engine/index/bitmap.h"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>

namespace iphub::engine::index {

// Built as CRoaring's portable serialization (the Roaring format specification,
// github.com/RoaringBitmap/RoaringFormatSpec) without run containers: cookie
// 12346, container count, (key, cardinality - 1) per container, byte offsets
// per container, then each container: up to 4,096 ids as sorted uint16, more as
// a 1,024-word bitset.
Bitmap Bitmap::FromWords(std::span<const uint64_t> words) {
  constexpr size_t kChunkWords = 1024;  // 65,536 ids
  constexpr uint32_t kMaxArray = 4096;
  struct Chunk {
    uint32_t key = 0;
    uint32_t cardinality = 0;
  };
  std::vector<Chunk> chunks;
  size_t bytes = 8;
  for (size_t first = 0; first < words.size(); first += kChunkWords) {
    const size_t last = std::min(words.size(), first + kChunkWords);
    uint32_t cardinality = 0;
    for (size_t at = first; at < last; ++at) cardinality += std::popcount(words[at]);
    if (cardinality == 0) continue;
    chunks.push_back({static_cast<uint32_t>(first / kChunkWords), cardinality});
    bytes += 8 + (cardinality > kMaxArray ? kChunkWords * 8 : size_t{cardinality} * 2);
  }
  if (chunks.empty()) return Bitmap();
  std::string buffer(bytes, '\0');
  char* out = buffer.data();
  const auto put32 = [&](uint32_t value) {
    std::memcpy(out, &value, 4);
    out += 4;
  };
  const auto put16 = [&](uint16_t value) {
    std::memcpy(out, &value, 2);
    out += 2;
  };
  put32(12346);  // SERIAL_COOKIE_NO_RUNCONTAINER
  put32(static_cast<uint32_t>(chunks.size()));
  for (const Chunk& chunk : chunks) {
    put16(static_cast<uint16_t>(chunk.key));
    put16(static_cast<uint16_t>(chunk.cardinality - 1));
  }
  uint32_t offset = static_cast<uint32_t>(8 + chunks.size() * 8);
  for (const Chunk& chunk : chunks) {
    put32(offset);
    offset += chunk.cardinality > kMaxArray ? kChunkWords * 8 : chunk.cardinality * 2;
  }
  for (const Chunk& chunk : chunks) {
    const size_t first = size_t{chunk.key} * kChunkWords;
    const size_t last = std::min(words.size(), first + kChunkWords);
    if (chunk.cardinality > kMaxArray) {
      std::memcpy(out, words.data() + first, (last - first) * 8);  // the rest stays zero
      out += kChunkWords * 8;
      continue;
    }
    for (size_t at = first; at < last; ++at) {
      for (uint64_t word = words[at]; word != 0; word &= word - 1) {
        put16(
            static_cast<uint16_t>((at - first) * 64 + static_cast<size_t>(std::countr_zero(word))));
      }
    }
  }
  roaring_bitmap_t* bitmap = roaring_bitmap_portable_deserialize_safe(buffer.data(), buffer.size());
  if (bitmap == nullptr) std::abort();  // the bytes above are well formed by construction
  return Bitmap(bitmap);
}

Bitmap Bitmap::FrozenView(const char* bytes, size_t size) {
  const roaring_bitmap_t* view = roaring_bitmap_frozen_view(bytes, size);
  if (view == nullptr) return Bitmap();
  // The view is read-only; Thaw() copies it before the first modification.
  Bitmap out(const_cast<roaring_bitmap_t*>(view));
  out.frozen_ = true;
  return out;
}

Bitmap Bitmap::Union(std::span<const Bitmap* const> inputs) {
  if (inputs.empty()) return Bitmap();
  if (inputs.size() == 1) return inputs[0]->Copy();
  std::vector<const roaring_bitmap_t*> raw;
  raw.reserve(inputs.size());
  for (const Bitmap* input : inputs) raw.push_back(input->bitmap_);
  return Bitmap(roaring_bitmap_or_many(raw.size(), raw.data()));
}

void Bitmap::ToVector(std::vector<uint32_t>& out) const {
  const size_t first = out.size();
  out.resize(first + Cardinality());
  roaring_bitmap_to_uint32_array(bitmap_, out.data() + first);
}

std::string Bitmap::Serialize() {
  Thaw();
  roaring_bitmap_run_optimize(bitmap_);
  std::string out(roaring_bitmap_frozen_size_in_bytes(bitmap_), '\0');
  roaring_bitmap_frozen_serialize(bitmap_, out.data());
  return out;
}

}  // namespace iphub::engine::index
