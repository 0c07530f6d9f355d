// Little-endian fixed-width encoding for the similarity model's files: a writer
// that appends to a string and a reader that never reads past its bytes.
#ifndef IPHUB_ENGINE_SIMILAR_INTERNAL_BINARY_H_
#define IPHUB_ENGINE_SIMILAR_INTERNAL_BINARY_H_

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace iphub::engine::similar::internal {

static_assert(std::endian::native == std::endian::little,
              "the similarity model files are written in the machine's byte order, "
              "which must be little-endian");

class BinaryWriter {
 public:
  explicit BinaryWriter(std::string& out) : out_(out) {}

  template <typename T>
  requires std::is_arithmetic_v<T>
  void Put(T value) { out_.append(reinterpret_cast<const char*>(&value), sizeof value); }
  void PutBytes(const void* data, size_t size) {
    if (size > 0) out_.append(static_cast<const char*>(data), size);  // data may be null
  }
  void PutString(std::string_view text) {
    Put(static_cast<uint32_t>(text.size()));
    out_.append(text);
  }

 private:
  std::string& out_;
};

// Reads values in order; after a read past the end every read fails and ok()
// is false (values read then are zero).
class BinaryReader {
 public:
  explicit BinaryReader(std::string_view bytes) : bytes_(bytes) {}

  template <typename T>
  requires std::is_arithmetic_v<T> T Get() {
    T value{};
    if (!Take(sizeof value)) return value;
    std::memcpy(&value, bytes_.data() + offset_ - sizeof value, sizeof value);
    return value;
  }
  // A view of the next `size` bytes (empty on failure).
  std::string_view GetBytes(uint64_t size) {
    if (!Take(size)) return {};
    return bytes_.substr(offset_ - size, size);
  }
  std::string_view GetString() { return GetBytes(Get<uint32_t>()); }

  bool ok() const { return ok_; }
  bool AtEnd() const { return ok_ && offset_ == bytes_.size(); }
  size_t remaining() const { return bytes_.size() - offset_; }

 private:
  bool Take(uint64_t size) {
    if (!ok_ || size > bytes_.size() - offset_) {
      ok_ = false;
      return false;
    }
    offset_ += size;
    return true;
  }

  std::string_view bytes_;
  size_t offset_ = 0;
  bool ok_ = true;
};

}  // namespace iphub::engine::similar::internal

#endif  // IPHUB_ENGINE_SIMILAR_INTERNAL_BINARY_H_
