#include "iphub/engine/index/bitmap.h"

namespace iphub::engine::index {

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
