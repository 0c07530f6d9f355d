#include "iphub/patents/importers/zip.h"

#include <zlib.h>

#include <algorithm>
#include <limits>
#include <utility>

#include "iphub/base/status.h"
#include "iphub/base/strings.h"

namespace iphub::patents::importers {
namespace {

constexpr uint32_t kLocalHeaderSignature = 0x04034b50;
constexpr uint32_t kCentralHeaderSignature = 0x02014b50;
constexpr uint32_t kEndSignature = 0x06054b50;
constexpr uint32_t kZip64EndSignature = 0x06064b50;
constexpr uint32_t kZip64LocatorSignature = 0x07064b50;
constexpr size_t kLocalHeaderSize = 30;
constexpr size_t kCentralHeaderSize = 46;
constexpr size_t kEndSize = 22;
constexpr size_t kZip64EndSize = 56;
constexpr size_t kZip64LocatorSize = 20;
constexpr size_t kMaxCommentSize = 0xFFFF;
constexpr uint16_t kZip64ExtraId = 0x0001;
constexpr size_t kChunkSize = 256 * 1024;
// zlib counts input in uInt; feed at most this much at a time.
constexpr size_t kMaxInflateInput = size_t{1} << 30;

uint16_t Read16(std::string_view bytes, size_t pos) {
  return static_cast<uint16_t>(static_cast<unsigned char>(bytes[pos]) |
                               static_cast<unsigned char>(bytes[pos + 1]) << 8);
}

uint32_t Read32(std::string_view bytes, size_t pos) {
  return static_cast<uint32_t>(Read16(bytes, pos)) | static_cast<uint32_t>(Read16(bytes, pos + 2))
                                                         << 16;
}

uint64_t Read64(std::string_view bytes, size_t pos) {
  return static_cast<uint64_t>(Read32(bytes, pos)) | static_cast<uint64_t>(Read32(bytes, pos + 4))
                                                         << 32;
}

// Whether [offset, offset + length) lies within `size` bytes, without overflow.
bool InRange(uint64_t offset, uint64_t length, uint64_t size) {
  return offset <= size && length <= size - offset;
}

std::string_view MethodName(uint16_t method) {
  switch (method) {
    case 1:
      return "shrink";
    case 6:
      return "implode";
    case 9:
      return "deflate64";
    case 12:
      return "bzip2";
    case 14:
      return "LZMA";
    case 93:
      return "zstd";
    case 95:
      return "xz";
    case 98:
      return "PPMd";
    default:
      return "unknown";
  }
}

// A name safe to show in a message: control bytes become '?', and it is cut
// at 200 bytes.
std::string Shown(std::string_view name) {
  std::string out;
  for (char c : name.substr(0, 200)) {
    out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
  }
  if (name.size() > 200) out += "…";
  return out;
}

absl::Status EntryError(const ZipEntry& entry, std::string_view reason) {
  return absl::InvalidArgumentError(
      base::StrCat("zip entry \"", Shown(entry.name), "\": ", reason));
}

absl::Status EntryDataLoss(const ZipEntry& entry, std::string_view reason) {
  return absl::DataLossError(base::StrCat("zip entry \"", Shown(entry.name), "\": ", reason));
}

// Finds the end-of-central-directory record: the last signature whose comment
// fits in what follows it.
absl::StatusOr<size_t> FindEnd(std::string_view archive) {
  if (archive.size() < kEndSize) {
    return absl::InvalidArgumentError(base::StrCat("not a zip archive: ", archive.size(),
                                                   " bytes is shorter than the end record"));
  }
  const size_t lowest =
      archive.size() > kEndSize + kMaxCommentSize ? archive.size() - kEndSize - kMaxCommentSize : 0;
  for (size_t pos = archive.size() - kEndSize + 1; pos-- > lowest;) {
    if (Read32(archive, pos) != kEndSignature) continue;
    const size_t comment = Read16(archive, pos + 20);
    if (pos + kEndSize + comment <= archive.size()) return pos;
  }
  if (archive.substr(0, 4) == "PK\x03\x04") {
    return absl::InvalidArgumentError(
        "truncated zip archive: it starts like one but has no end-of-central-directory record");
  }
  return absl::InvalidArgumentError("not a zip archive: no end-of-central-directory record");
}

struct Directory {
  uint64_t entries = 0;
  uint64_t size = 0;
  uint64_t offset = 0;
};

absl::StatusOr<Directory> ReadDirectoryLocation(std::string_view archive, size_t end) {
  const uint16_t disk = Read16(archive, end + 4);
  const uint16_t directory_disk = Read16(archive, end + 6);
  const uint16_t entries_here = Read16(archive, end + 8);
  Directory directory{.entries = Read16(archive, end + 10),
                      .size = Read32(archive, end + 12),
                      .offset = Read32(archive, end + 16)};
  const bool zip64 =
      directory.entries == 0xFFFF || directory.size == 0xFFFFFFFF || directory.offset == 0xFFFFFFFF;
  if (!zip64) {
    if (disk != 0 || directory_disk != 0 || entries_here != directory.entries) {
      return absl::InvalidArgumentError("multi-disk (spanned) zip archives are not supported");
    }
    return directory;
  }
  if (end < kZip64LocatorSize ||
      Read32(archive, end - kZip64LocatorSize) != kZip64LocatorSignature) {
    return absl::InvalidArgumentError(
        "zip64 archive without its zip64 end-of-central-directory locator (truncated?)");
  }
  const size_t locator = end - kZip64LocatorSize;
  const uint64_t record = Read64(archive, locator + 8);
  if (Read32(archive, locator + 4) != 0 || Read32(archive, locator + 16) > 1) {
    return absl::InvalidArgumentError("multi-disk (spanned) zip archives are not supported");
  }
  if (!InRange(record, kZip64EndSize, locator) ||
      Read32(archive, static_cast<size_t>(record)) != kZip64EndSignature) {
    return absl::InvalidArgumentError("bad zip64 end-of-central-directory record");
  }
  const auto at = static_cast<size_t>(record);
  if (Read32(archive, at + 16) != 0 || Read32(archive, at + 20) != 0 ||
      Read64(archive, at + 24) != Read64(archive, at + 32)) {
    return absl::InvalidArgumentError("multi-disk (spanned) zip archives are not supported");
  }
  directory.entries = Read64(archive, at + 32);
  directory.size = Read64(archive, at + 40);
  directory.offset = Read64(archive, at + 48);
  return directory;
}

// Applies the zip64 extended-information extra field: each value saturated in
// the fixed header is read from it, in the order the format prescribes.
absl::Status ApplyZip64Extra(std::string_view extra, bool need_size, bool need_compressed,
                             bool need_offset, ZipEntry& entry) {
  size_t pos = 0;
  while (pos + 4 <= extra.size()) {
    const uint16_t id = Read16(extra, pos);
    const uint16_t length = Read16(extra, pos + 2);
    pos += 4;
    if (pos + length > extra.size()) break;
    if (id == kZip64ExtraId) {
      std::string_view data = extra.substr(pos, length);
      size_t cursor = 0;
      auto take = [&](uint64_t& value) {
        if (cursor + 8 > data.size()) return false;
        value = Read64(data, cursor);
        cursor += 8;
        return true;
      };
      if ((need_size && !take(entry.uncompressed_size)) ||
          (need_compressed && !take(entry.compressed_size)) ||
          (need_offset && !take(entry.local_header_offset))) {
        return EntryError(entry, "zip64 extra field too short");
      }
      return absl::OkStatus();
    }
    pos += length;
  }
  if (need_size || need_compressed || need_offset) {
    return EntryError(entry, "sizes saturated at 4 GiB but no zip64 extra field");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ZipReader> ZipReader::Open(std::string_view archive, const ZipLimits& limits) {
  IPHUB_ASSIGN_OR_RETURN(const size_t end, FindEnd(archive));
  IPHUB_ASSIGN_OR_RETURN(const Directory directory, ReadDirectoryLocation(archive, end));
  if (!InRange(directory.offset, directory.size, end)) {
    return absl::InvalidArgumentError(
        base::StrCat("truncated or damaged zip archive: the central directory (", directory.size,
                     " bytes at offset ", directory.offset, ") lies outside the ", archive.size(),
                     "-byte file"));
  }
  // Every header is at least 46 bytes, so the count cannot exceed this; a
  // larger claim is corruption (and must not size any allocation).
  if (directory.entries > directory.size / kCentralHeaderSize) {
    return absl::InvalidArgumentError(base::StrCat("damaged zip archive: ", directory.entries,
                                                   " entries claimed in a ", directory.size,
                                                   "-byte central directory"));
  }
  ZipReader reader(archive, limits);
  reader.entries_.reserve(static_cast<size_t>(directory.entries));
  const std::string_view central =
      archive.substr(static_cast<size_t>(directory.offset), static_cast<size_t>(directory.size));
  size_t pos = 0;
  for (uint64_t index = 0; index < directory.entries; ++index) {
    if (pos + kCentralHeaderSize > central.size() ||
        Read32(central, pos) != kCentralHeaderSignature) {
      return absl::InvalidArgumentError(
          base::StrCat("damaged zip archive: bad central directory header for entry ", index + 1,
                       " (at offset ", directory.offset + pos, ")"));
    }
    ZipEntry entry;
    entry.flags = Read16(central, pos + 8);
    entry.utf8_name = (entry.flags & 0x0800) != 0;
    entry.method = Read16(central, pos + 10);
    entry.crc32 = Read32(central, pos + 16);
    entry.compressed_size = Read32(central, pos + 20);
    entry.uncompressed_size = Read32(central, pos + 24);
    const size_t name_length = Read16(central, pos + 28);
    const size_t extra_length = Read16(central, pos + 30);
    const size_t comment_length = Read16(central, pos + 32);
    entry.local_header_offset = Read32(central, pos + 42);
    const size_t variable = name_length + extra_length + comment_length;
    if (pos + kCentralHeaderSize + variable > central.size()) {
      return absl::InvalidArgumentError(base::StrCat(
          "damaged zip archive: central directory entry ", index + 1, " runs past its end"));
    }
    entry.name = std::string(central.substr(pos + kCentralHeaderSize, name_length));
    IPHUB_RETURN_IF_ERROR(
        ApplyZip64Extra(central.substr(pos + kCentralHeaderSize + name_length, extra_length),
                        entry.uncompressed_size == 0xFFFFFFFF, entry.compressed_size == 0xFFFFFFFF,
                        entry.local_header_offset == 0xFFFFFFFF, entry));
    if (!InRange(entry.local_header_offset, kLocalHeaderSize + name_length + entry.compressed_size,
                 directory.offset)) {
      return absl::InvalidArgumentError(base::StrCat(
          "truncated zip archive: entry \"", Shown(entry.name), "\" (", entry.compressed_size,
          " bytes at offset ", entry.local_header_offset, ") lies outside the archive's data"));
    }
    pos += kCentralHeaderSize + variable;
    reader.entries_.push_back(std::move(entry));
  }

  // Entries must not share bytes: overlapping entries let a small archive
  // expand many times over (the "overlapping files" zip bomb).
  std::vector<const ZipEntry*> by_offset;
  by_offset.reserve(reader.entries_.size());
  for (const ZipEntry& entry : reader.entries_) by_offset.push_back(&entry);
  std::sort(by_offset.begin(), by_offset.end(), [](const ZipEntry* a, const ZipEntry* b) {
    return a->local_header_offset < b->local_header_offset;
  });
  for (size_t index = 1; index < by_offset.size(); ++index) {
    const ZipEntry& before = *by_offset[index - 1];
    const uint64_t before_end =
        before.local_header_offset + kLocalHeaderSize + before.name.size() + before.compressed_size;
    if (before_end > by_offset[index]->local_header_offset) {
      return absl::InvalidArgumentError(base::StrCat("damaged or malicious zip archive: entries \"",
                                                     Shown(before.name), "\" and \"",
                                                     Shown(by_offset[index]->name), "\" overlap"));
    }
  }
  return reader;
}

const ZipEntry* ZipReader::Find(std::string_view name) const {
  for (const ZipEntry& entry : entries_) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

absl::Status ZipReader::Check(const ZipEntry& entry) const {
  if (entry.encrypted() || (entry.flags & 0x0040) != 0) {
    return EntryError(entry, "is encrypted; encrypted archives are not supported");
  }
  if (entry.method != 0 && entry.method != 8) {
    return EntryError(
        entry, base::StrCat("compression method ", entry.method, " (", MethodName(entry.method),
                            ") is not supported; only stored and deflate are"));
  }
  const std::string_view name = entry.name;
  if (name.empty()) return EntryError(entry, "has an empty name");
  if (name.find('\0') != std::string_view::npos) return EntryError(entry, "name has a NUL byte");
  if (name.front() == '/' || name.front() == '\\' ||
      (name.size() >= 2 && name[1] == ':' && base::AsciiLower(name[0]) >= 'a' &&
       base::AsciiLower(name[0]) <= 'z')) {
    return EntryError(entry, "has an absolute path (refused: a zip-slip name)");
  }
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find_first_of("/\\", start);
    if (end == std::string_view::npos) end = name.size();
    if (name.substr(start, end - start) == "..") {
      return EntryError(entry, "has a \"..\" path component (refused: a zip-slip name)");
    }
    start = end + 1;
  }
  if (entry.uncompressed_size > limits_.max_entry_size) {
    return absl::ResourceExhaustedError(
        base::StrCat("zip entry \"", Shown(entry.name), "\": ", entry.uncompressed_size,
                     " bytes uncompressed is over the limit of ", limits_.max_entry_size));
  }
  if (entry.uncompressed_size > limits_.ratio_floor &&
      entry.uncompressed_size / std::max<uint64_t>(entry.compressed_size, 1) > limits_.max_ratio) {
    return absl::ResourceExhaustedError(
        base::StrCat("zip entry \"", Shown(entry.name), "\": expands ", entry.compressed_size,
                     " bytes to ", entry.uncompressed_size, ", a ratio over ", limits_.max_ratio,
                     ":1 (taken for a zip bomb)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::pair<std::string_view, uint64_t>> ZipReader::EntryData(
    const ZipEntry& entry) const {
  const uint64_t offset = entry.local_header_offset;
  if (!InRange(offset, kLocalHeaderSize, archive_.size())) {
    return EntryError(entry, "truncated: local header outside the archive");
  }
  const auto at = static_cast<size_t>(offset);
  if (Read32(archive_, at) != kLocalHeaderSignature) {
    return EntryError(entry, base::StrCat("bad local header signature at offset ", offset));
  }
  const uint16_t method = Read16(archive_, at + 8);
  const uint16_t flags = Read16(archive_, at + 6);
  if (method != entry.method) {
    return EntryError(entry, base::StrCat("local header says method ", method,
                                          ", central directory says ", entry.method));
  }
  if ((flags & 0x0001) != 0) return EntryError(entry, "is encrypted (local header)");
  const uint64_t data_offset =
      offset + kLocalHeaderSize + Read16(archive_, at + 26) + Read16(archive_, at + 28);
  if (!InRange(data_offset, entry.compressed_size, archive_.size())) {
    return EntryError(
        entry, base::StrCat("truncated: ", entry.compressed_size, " bytes of data at offset ",
                            data_offset, " run past the end of the archive"));
  }
  return std::pair(
      archive_.substr(static_cast<size_t>(data_offset), static_cast<size_t>(entry.compressed_size)),
      data_offset);
}

// ---------------------------------------------------------------------------
// ZipEntryStream.

struct ZipEntryStream::State {
  // Ends the inflate stream; z_stream points into zlib's state and back, so it
  // never moves (it lives in this heap-allocated State).
  ~State() {
    if (inflating) ::inflateEnd(&stream);
  }

  ZipEntry entry;
  std::string_view data;     // the stored or compressed bytes
  uint64_t data_offset = 0;  // of data[0] in the archive
  size_t fed = 0;            // bytes of data given to zlib, or delivered when stored
  z_stream stream{};
  bool inflating = false;   // inflateInit2 succeeded
  bool stream_end = false;  // zlib saw the end of the deflate stream
  std::string buffer;
  uLong crc = ::crc32(0L, Z_NULL, 0);
  uint64_t produced = 0;
  bool finished = false;
  absl::Status error = absl::OkStatus();

  // After the last chunk: the declared size and CRC-32 must match.
  absl::Status Verify() const {
    if (produced != entry.uncompressed_size) {
      return EntryDataLoss(entry,
                           base::StrCat("inflates to ", produced, " bytes, the directory says ",
                                        entry.uncompressed_size));
    }
    if (static_cast<uint32_t>(crc) != entry.crc32) {
      return EntryDataLoss(entry, "CRC-32 mismatch: the data is damaged");
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::string_view> Next() {
    if (entry.method == 0) {
      if (fed < data.size()) {
        const std::string_view chunk = data.substr(fed, kChunkSize);
        fed += chunk.size();
        produced += chunk.size();
        crc = ::crc32(crc, reinterpret_cast<const Bytef*>(chunk.data()),
                      static_cast<uInt>(chunk.size()));
        return chunk;
      }
      IPHUB_RETURN_IF_ERROR(Verify());
      return std::string_view();
    }
    while (!stream_end) {
      if (stream.avail_in == 0 && fed < data.size()) {
        const size_t feed = std::min(data.size() - fed, kMaxInflateInput);
        stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + fed));
        stream.avail_in = static_cast<uInt>(feed);
        fed += feed;
      }
      stream.next_out = reinterpret_cast<Bytef*>(buffer.data());
      stream.avail_out = static_cast<uInt>(buffer.size());
      const int result = ::inflate(&stream, Z_NO_FLUSH);
      const size_t out = buffer.size() - stream.avail_out;
      if (result == Z_NEED_DICT || result == Z_DATA_ERROR || result == Z_MEM_ERROR) {
        return EntryDataLoss(entry,
                             base::StrCat("corrupt deflate data (",
                                          stream.msg != nullptr ? stream.msg : "zlib error", ")"));
      }
      if (result == Z_BUF_ERROR && out == 0 && stream.avail_in == 0 && fed == data.size()) {
        return EntryDataLoss(entry, "truncated deflate data");
      }
      stream_end = result == Z_STREAM_END;
      if (out > 0) {
        produced += out;
        if (produced > entry.uncompressed_size) {
          return EntryDataLoss(entry, base::StrCat("inflates to more than the declared ",
                                                   entry.uncompressed_size, " bytes"));
        }
        crc = ::crc32(crc, reinterpret_cast<const Bytef*>(buffer.data()), static_cast<uInt>(out));
        return std::string_view(buffer.data(), out);
      }
    }
    IPHUB_RETURN_IF_ERROR(Verify());
    return std::string_view();
  }
};

ZipEntryStream::ZipEntryStream(std::unique_ptr<State> state) : state_(std::move(state)) {}
ZipEntryStream::ZipEntryStream(ZipEntryStream&&) noexcept = default;
ZipEntryStream& ZipEntryStream::operator=(ZipEntryStream&&) noexcept = default;
ZipEntryStream::~ZipEntryStream() = default;

absl::StatusOr<std::string_view> ZipEntryStream::Next() {
  State& state = *state_;
  if (state.finished) {
    if (!state.error.ok()) return state.error;
    return std::string_view();
  }
  absl::StatusOr<std::string_view> chunk = state.Next();
  if (!chunk.ok()) {
    state.finished = true;
    state.error = chunk.status();
  } else if (chunk->empty()) {
    state.finished = true;
  }
  return chunk;
}

uint64_t ZipEntryStream::archive_offset() const {
  const State& state = *state_;
  return state.data_offset + state.fed - state.stream.avail_in;
}

const ZipEntry& ZipEntryStream::entry() const { return state_->entry; }

absl::StatusOr<ZipEntryStream> ZipReader::OpenEntry(const ZipEntry& entry) const {
  IPHUB_RETURN_IF_ERROR(Check(entry));
  IPHUB_ASSIGN_OR_RETURN(const auto data, EntryData(entry));
  if (entry.method == 0 && entry.compressed_size != entry.uncompressed_size) {
    return EntryDataLoss(entry,
                         base::StrCat("stored entry of ", entry.compressed_size, " bytes declares ",
                                      entry.uncompressed_size, " uncompressed"));
  }
  auto state = std::make_unique<ZipEntryStream::State>();
  state->entry = entry;
  state->data = data.first;
  state->data_offset = data.second;
  if (entry.method == 8) {
    if (::inflateInit2(&state->stream, -MAX_WBITS) != Z_OK) {
      return absl::InternalError("zlib inflateInit2 failed");
    }
    state->inflating = true;
    state->buffer.assign(kChunkSize, '\0');
  }
  return ZipEntryStream(std::move(state));
}

absl::Status ZipReader::ReadChunks(
    const ZipEntry& entry, const std::function<absl::Status(std::string_view)>& sink) const {
  IPHUB_ASSIGN_OR_RETURN(ZipEntryStream stream, OpenEntry(entry));
  while (true) {
    IPHUB_ASSIGN_OR_RETURN(const std::string_view chunk, stream.Next());
    if (chunk.empty()) return absl::OkStatus();
    IPHUB_RETURN_IF_ERROR(sink(chunk));
  }
}

absl::StatusOr<std::string> ZipReader::Read(const ZipEntry& entry) const {
  IPHUB_RETURN_IF_ERROR(Check(entry));
  std::string out;
  out.reserve(static_cast<size_t>(entry.uncompressed_size));
  IPHUB_RETURN_IF_ERROR(ReadChunks(entry, [&out](std::string_view chunk) {
    out.append(chunk);
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<std::string> ZipReader::ReadPrefix(const ZipEntry& entry, size_t max_bytes) const {
  std::string out;
  if (max_bytes == 0) return out;
  const absl::Status status = ReadChunks(entry, [&out, max_bytes](std::string_view chunk) {
    out.append(chunk.substr(0, max_bytes - out.size()));
    return out.size() >= max_bytes ? absl::CancelledError("prefix read") : absl::OkStatus();
  });
  if (!status.ok() && !(absl::IsCancelled(status) && out.size() >= max_bytes)) return status;
  return out;
}

}  // namespace iphub::patents::importers
