#include "iphub/patents/importers/internal/string_store.h"

#include <algorithm>
#include <utility>

#include "iphub/base/status.h"

namespace iphub::patents::importers::internal {
namespace {

constexpr size_t kReadWindowBytes = size_t{256} << 10;
constexpr size_t kMaxVarintBytes = 10;

void AppendVarint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7F) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

// Decodes the varint at the start of `bytes`; its size in `used` (0 when
// `bytes` holds no complete varint).
uint64_t ReadVarint(std::string_view bytes, size_t& used) {
  uint64_t value = 0;
  for (size_t idx = 0; idx < bytes.size() && idx < kMaxVarintBytes; ++idx) {
    const auto byte = static_cast<unsigned char>(bytes[idx]);
    value |= static_cast<uint64_t>(byte & 0x7F) << (7 * idx);
    if ((byte & 0x80) == 0) {
      used = idx + 1;
      return value;
    }
  }
  used = 0;
  return 0;
}

}  // namespace

absl::Status StringStore::Add(std::string_view text) {
  if (count_ % kIndexStride == 0) index_.push_back(bytes_);
  std::string& target = file_.has_value() ? pending_ : memory_;
  const size_t before = target.size();
  AppendVarint(target, text.size());
  target.append(text);
  bytes_ += target.size() - before;
  ++count_;
  if (!file_.has_value() && memory_.size() > memory_budget_) {
    IPHUB_ASSIGN_OR_RETURN(TempFile file, TempFile::Create());
    file_.emplace(std::move(file));
    IPHUB_RETURN_IF_ERROR(file_->Append(memory_));
    std::string().swap(memory_);
  }
  if (pending_.size() >= kWriteBufferBytes) return Seal();
  return absl::OkStatus();
}

absl::Status StringStore::Seal() {
  if (!file_.has_value() || pending_.empty()) return absl::OkStatus();
  IPHUB_RETURN_IF_ERROR(file_->Append(pending_));
  pending_.clear();
  return absl::OkStatus();
}

absl::StatusOr<std::string_view> StringStore::Reader::View(uint64_t offset, size_t length) {
  const uint64_t available = store_.bytes_ - std::min(offset, store_.bytes_);
  length = static_cast<size_t>(std::min<uint64_t>(length, available));
  if (!store_.file_.has_value()) {
    return std::string_view(store_.memory_).substr(static_cast<size_t>(offset), length);
  }
  if (offset < window_offset_ || offset + length > window_offset_ + window_.size()) {
    window_offset_ = offset;
    IPHUB_RETURN_IF_ERROR(
        store_.file_->ReadAt(offset, std::max(length, kReadWindowBytes), window_));
    if (window_.size() < length) {
      return absl::InternalError("the shared-strings file is shorter than was written");
    }
  }
  return std::string_view(window_).substr(static_cast<size_t>(offset - window_offset_), length);
}

absl::StatusOr<std::string_view> StringStore::Reader::Get(size_t index) {
  if (index >= store_.count_) {
    return absl::OutOfRangeError("string index past the end of the store");
  }
  size_t at = index / kIndexStride * kIndexStride;
  uint64_t offset = store_.index_[index / kIndexStride];
  if (next_index_ > at && next_index_ <= index) {  // go on from the last read
    at = next_index_;
    offset = next_offset_;
  }
  while (true) {
    IPHUB_ASSIGN_OR_RETURN(const std::string_view head, View(offset, kMaxVarintBytes));
    size_t used = 0;
    const uint64_t length = ReadVarint(head, used);
    if (used == 0) return absl::InternalError("damaged shared-strings record");
    offset += used;
    if (at == index) {
      IPHUB_ASSIGN_OR_RETURN(const std::string_view text,
                             View(offset, static_cast<size_t>(length)));
      next_index_ = index + 1;
      next_offset_ = offset + length;
      return text;
    }
    offset += length;
    ++at;
  }
}

}  // namespace iphub::patents::importers::internal
