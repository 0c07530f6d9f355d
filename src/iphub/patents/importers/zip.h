// A reader for `.zip` archives (PKWARE APPNOTE 6.3): the container of USPTO's
// weekly bulk files, of CNIPA's data packages and of every `.xlsx` workbook.
//
// Reads the end-of-central-directory record (and its zip64 form for archives
// over 4 GiB or 65535 entries), the central directory and each entry's local
// header; entries stored (method 0) or deflated (method 8) are read with zlib
// and checked against their CRC-32 and sizes. Nothing is ever written to disk.
//
//   IPHUB_ASSIGN_OR_RETURN(ZipReader zip, ZipReader::Open(mapped_file_bytes));
//   for (const ZipEntry& entry : zip.entries()) {
//     if (entry.is_directory()) continue;
//     IPHUB_RETURN_IF_ERROR(zip.ReadChunks(entry, [&](std::string_view chunk) {
//       return Consume(chunk);  // a non-OK status stops the read and is returned
//     }));
//   }
//
// or, pulling the chunks (a parser that wants to stop, or to know how far into
// the archive it has read):
//
//   IPHUB_ASSIGN_OR_RETURN(ZipEntryStream stream, zip.OpenEntry(entry));
//   while (true) {
//     IPHUB_ASSIGN_OR_RETURN(std::string_view chunk, stream.Next());
//     if (chunk.empty()) break;  // the whole entry was read, sizes and CRC-32 checked
//     Consume(chunk);
//   }
//
// Errors: InvalidArgument for what is not a readable archive or entry
// (truncated, bad signature, multi-disk, encrypted, unsupported method, an
// unsafe name such as "../x" or "/etc/x"); DataLoss for damaged data (CRC-32 or
// size mismatch, a corrupt deflate stream); ResourceExhausted for an entry over
// ZipLimits (a zip bomb guard). Each message says which entry and why.
//
// The reader does not own the archive bytes (typically a memory-mapped file);
// they must outlive it. Reads are const and keep no state, so one reader may be
// used from several threads.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace iphub::patents::importers {

struct ZipLimits {
  // Largest uncompressed size of one entry.
  uint64_t max_entry_size = uint64_t{4} << 30;
  // Largest uncompressed/compressed ratio for entries over `ratio_floor` bytes.
  // Deflate cannot exceed about 1032:1; XML and CSV compress 5–30:1, so a
  // larger entry at a higher ratio is taken for a zip bomb.
  uint64_t max_ratio = 200;
  uint64_t ratio_floor = uint64_t{16} << 20;
};

struct ZipEntry {
  // The name as stored: UTF-8 when `utf8_name`, otherwise in the archiver's
  // code page (CP437, or GBK from Chinese Windows tools) — raw bytes.
  std::string name{};
  bool utf8_name = false;  // general-purpose flag bit 11
  uint16_t flags = 0;
  uint16_t method = 0;  // 0 stored, 8 deflate; others are refused when read
  uint32_t crc32 = 0;
  uint64_t compressed_size = 0;
  uint64_t uncompressed_size = 0;
  uint64_t local_header_offset = 0;

  bool is_directory() const { return !name.empty() && (name.back() == '/' || name.back() == '\\'); }
  bool encrypted() const { return (flags & 0x0001) != 0 || method == 99; }
};

// One entry's uncompressed bytes, a chunk at a time, inflated as they are
// asked for: memory is one chunk and zlib's 32 KiB window whatever the entry's
// size. Made by ZipReader::OpenEntry; reads from the archive bytes, which must
// outlive it. Movable, not copyable; not thread-safe (one reader per stream).
class ZipEntryStream {
 public:
  ZipEntryStream(ZipEntryStream&&) noexcept;
  ZipEntryStream& operator=(ZipEntryStream&&) noexcept;
  ~ZipEntryStream();

  // The next chunk: at most 256 KiB, valid until the next call. An empty view
  // once the whole entry has been delivered and its size and CRC-32 checked
  // (and on every call after that). DataLoss for damaged data (a corrupt or
  // truncated deflate stream, more bytes than declared, a size or CRC-32
  // mismatch — the last two seen only after the last chunk was delivered);
  // after an error the stream is finished and returns the same error again.
  absl::StatusOr<std::string_view> Next();

  // How far into the archive the entry's stored or compressed data has been
  // read (an offset in the bytes given to ZipReader::Open): what lies before
  // it is not read again by this stream.
  uint64_t archive_offset() const;
  const ZipEntry& entry() const;

 private:
  friend class ZipReader;
  struct State;
  explicit ZipEntryStream(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

class ZipReader {
 public:
  // Reads the central directory of `archive`. InvalidArgument when it is not a
  // zip archive, is truncated, spans several disks, or its directory is
  // inconsistent (entries outside the archive or overlapping each other — the
  // trick of overlapping zip bombs). Entries are not checked here; see Check().
  // The reader reads from `archive`, which must outlive it.
  static absl::StatusOr<ZipReader> Open(std::string_view archive, const ZipLimits& limits = {});

  // In central-directory order; names may repeat (Find returns the first).
  const std::vector<ZipEntry>& entries() const { return entries_; }
  const ZipEntry* Find(std::string_view name) const;

  // OK when `entry` can be read; otherwise why not: InvalidArgument for an
  // encrypted entry, an unsupported method, or an unsafe name (absolute, a
  // drive letter, a ".." component, a NUL byte); ResourceExhausted for an entry
  // over the limits.
  absl::Status Check(const ZipEntry& entry) const;

  // Opens `entry` for reading as a stream of chunks (see ZipEntryStream).
  // Runs Check() first and checks the local header (InvalidArgument or
  // ResourceExhausted as Check(); DataLoss for a stored entry whose two sizes
  // differ).
  absl::StatusOr<ZipEntryStream> OpenEntry(const ZipEntry& entry) const;

  // Inflates `entry` and hands it to `sink` in chunks of at most 256 KiB, in
  // order. Runs Check() first; checks the local header, the sizes and the
  // CRC-32 (the last chunk has been delivered by the time a mismatch is seen).
  // A non-OK status from `sink` stops the read and is returned as is.
  absl::Status ReadChunks(const ZipEntry& entry,
                          const std::function<absl::Status(std::string_view)>& sink) const;

  // The whole entry in memory (at most ZipLimits::max_entry_size bytes).
  absl::StatusOr<std::string> Read(const ZipEntry& entry) const;

  // The first `max_bytes` (or fewer, for a shorter entry) uncompressed bytes,
  // without reading further; nothing is verified beyond what was read.
  absl::StatusOr<std::string> ReadPrefix(const ZipEntry& entry, size_t max_bytes) const;

 private:
  ZipReader(std::string_view archive, const ZipLimits& limits)
      : archive_(archive), limits_(limits) {}
  // The entry's stored or compressed bytes and their offset in the archive.
  absl::StatusOr<std::pair<std::string_view, uint64_t>> EntryData(const ZipEntry& entry) const;

  std::string_view archive_;
  ZipLimits limits_;
  std::vector<ZipEntry> entries_;
};

}  // namespace iphub::patents::importers
