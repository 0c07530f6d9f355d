// Fuzzes the zip archive reader: end records (and zip64), central directory,
// local headers, stored and deflated data, CRC and size checks, entry-name
// checks and the limits; the pull stream (OpenEntry) must give what Read
// gives, its archive offset never going back or past the archive, and stay
// at its end or error. Must never crash, hang, leak or hit UB, and never
// inflate past the limits; failures must be InvalidArgument, DataLoss or
// ResourceExhausted.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "iphub/patents/importers/zip.h"

namespace importers = iphub::patents::importers;

namespace {

constexpr uint64_t kMaxEntry = 8 << 20;

void CheckCode(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kResourceExhausted:
      return;
    default:
      __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto zip = importers::ZipReader::Open(input, {.max_entry_size = kMaxEntry});
  if (!zip.ok()) {
    CheckCode(zip.status());
    return 0;
  }
  int read = 0;
  for (const importers::ZipEntry& entry : zip->entries()) {
    if (++read > 64) break;
    CheckCode(zip->Check(entry));
    auto prefix = zip->ReadPrefix(entry, 64);
    CheckCode(prefix.status());
    if (prefix.ok() && prefix->size() > 64) __builtin_trap();
    auto whole = zip->Read(entry);
    CheckCode(whole.status());
    if (whole.ok()) {
      if (whole->size() != entry.uncompressed_size || whole->size() > kMaxEntry) __builtin_trap();
      if (prefix.ok() && whole->compare(0, prefix->size(), *prefix) != 0) __builtin_trap();
    }
    auto stream = zip->OpenEntry(entry);
    CheckCode(stream.status());
    if (!stream.ok()) {
      if (whole.ok()) __builtin_trap();
      continue;
    }
    std::string streamed;
    uint64_t offset = 0;
    absl::Status streamed_status = absl::OkStatus();
    while (true) {
      auto chunk = stream->Next();
      if (stream->archive_offset() < offset || stream->archive_offset() > size) __builtin_trap();
      offset = stream->archive_offset();
      if (!chunk.ok()) {
        streamed_status = chunk.status();
        break;
      }
      if (chunk->empty()) break;
      if (chunk->size() > 256 * 1024 || streamed.size() + chunk->size() > kMaxEntry)
        __builtin_trap();
      streamed.append(*chunk);
    }
    CheckCode(streamed_status);
    if (streamed_status.ok() != whole.ok()) __builtin_trap();
    if (whole.ok() && streamed != *whole) __builtin_trap();
    // Finished: the same end (or error) again.
    auto again = stream->Next();
    if (again.status() != streamed_status || (again.ok() && !again->empty())) __builtin_trap();
  }
  return 0;
}
