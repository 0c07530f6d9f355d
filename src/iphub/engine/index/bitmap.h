// A set of document ids: an owning handle on a CRoaring bitmap that may be a
// read-only view of a segment's mapped bytes ("frozen") until it is modified.
//
//   Bitmap hits = segment.Documents(title, ord);   // a view, no copy
//   hits &= segment.Documents(title, other);       // copies on first write
//   uint64_t n = hits.Cardinality();
//
// Not thread-safe; a frozen view must not outlive the segment it reads.
#ifndef IPHUB_ENGINE_INDEX_BITMAP_H_
#define IPHUB_ENGINE_INDEX_BITMAP_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "roaring/roaring.h"

namespace iphub::engine::index {

class Bitmap {
 public:
  Bitmap() : bitmap_(roaring_bitmap_create()) {}
  // Takes ownership of a bitmap made by the CRoaring API.
  explicit Bitmap(roaring_bitmap_t* owned) : bitmap_(owned) {}
  static Bitmap Of(std::span<const uint32_t> sorted_ids) {
    return Bitmap(roaring_bitmap_of_ptr(sorted_ids.size(), sorted_ids.data()));
  }
  // The ids whose bits are set: bit i % 64 of words[i / 64] stands for id i.
  // Chunks of 65,536 ids with more than 4,096 set become bitset containers by
  // copying the words (no id is added one at a time).
  static Bitmap FromWords(std::span<const uint64_t> words);
  // [begin, end)
  static Bitmap Range(uint32_t begin, uint32_t end) {
    Bitmap out;
    if (begin < end) roaring_bitmap_add_range(out.bitmap_, begin, end);
    return out;
  }
  // A read-only view of bytes written by Serialize(); `bytes` must be 32-byte
  // aligned and outlive the view. Nullopt-like empty bitmap if they are invalid.
  static Bitmap FrozenView(const char* bytes, size_t size);

  Bitmap(Bitmap&& other) noexcept : bitmap_(other.bitmap_), frozen_(other.frozen_) {
    other.bitmap_ = nullptr;
  }
  Bitmap& operator=(Bitmap&& other) noexcept {
    if (this != &other) {
      Free();
      bitmap_ = other.bitmap_;
      frozen_ = other.frozen_;
      other.bitmap_ = nullptr;
    }
    return *this;
  }
  Bitmap(const Bitmap&) = delete;
  Bitmap& operator=(const Bitmap&) = delete;
  ~Bitmap() { Free(); }

  Bitmap Copy() const { return Bitmap(roaring_bitmap_copy(bitmap_)); }

  uint64_t Cardinality() const { return roaring_bitmap_get_cardinality(bitmap_); }
  bool Empty() const { return roaring_bitmap_is_empty(bitmap_); }
  bool Contains(uint32_t id) const { return roaring_bitmap_contains(bitmap_, id); }
  uint64_t AndCardinality(const Bitmap& other) const {
    return roaring_bitmap_and_cardinality(bitmap_, other.bitmap_);
  }

  void Add(uint32_t id) {
    Thaw();
    roaring_bitmap_add(bitmap_, id);
  }
  Bitmap& operator&=(const Bitmap& other) {
    Thaw();
    roaring_bitmap_and_inplace(bitmap_, other.bitmap_);
    return *this;
  }
  Bitmap& operator|=(const Bitmap& other) {
    Thaw();
    roaring_bitmap_or_inplace(bitmap_, other.bitmap_);
    return *this;
  }
  Bitmap& operator-=(const Bitmap& other) {
    Thaw();
    roaring_bitmap_andnot_inplace(bitmap_, other.bitmap_);
    return *this;
  }
  // The union of many bitmaps, faster than repeated |=.
  static Bitmap Union(std::span<const Bitmap* const> inputs);

  // Appends the ids in ascending order.
  void ToVector(std::vector<uint32_t>& out) const;

  // Serialized in CRoaring's frozen layout (after run optimisation).
  std::string Serialize();

  const roaring_bitmap_t* raw() const { return bitmap_; }

 private:
  void Thaw() {
    if (frozen_) {
      roaring_bitmap_t* copy = roaring_bitmap_copy(bitmap_);
      Free();
      bitmap_ = copy;
      frozen_ = false;
    }
  }
  void Free() {
    if (bitmap_ != nullptr) roaring_bitmap_free(bitmap_);
    bitmap_ = nullptr;
  }

  roaring_bitmap_t* bitmap_;
  bool frozen_ = false;
};

}  // namespace iphub::engine::index

#endif  // IPHUB_ENGINE_INDEX_BITMAP_H_
