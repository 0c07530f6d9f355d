// An append-only list of strings read back by index, for lists that may not
// fit in memory: the shared strings of an XLSX workbook (a 100 MB export can
// hold a million of them, each title and abstract once).
//
//   StringStore store(/*memory_budget=*/8 << 20);
//   for (...) IPHUB_RETURN_IF_ERROR(store.Add(text));
//   IPHUB_RETURN_IF_ERROR(store.Seal());
//   StringStore::Reader reader(store);
//   IPHUB_ASSIGN_OR_RETURN(std::string_view text, reader.Get(index));
//
// Layout: each string is a record — its length as a LEB128 varint, then its
// bytes — one after the other; every 64th record's offset is kept in memory.
// The records stay in memory up to `memory_budget` bytes; past that they all go
// to a TempFile (temp_file.h), written through a 1 MiB buffer. So memory is
// the budget, 8 bytes per 64 strings, and one read window per Reader, however
// many strings there are.
//
// Errors: those of TempFile (ResourceExhausted for a full disk, Internal).
// Add and Seal are not thread-safe; after Seal, any number of Readers (one per
// thread) may read at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "iphub/patents/importers/internal/temp_file.h"

namespace iphub::patents::importers::internal {

class StringStore {
 public:
  explicit StringStore(size_t memory_budget) : memory_budget_(memory_budget) {}

  absl::Status Add(std::string_view text);
  // After the last Add: writes out what is buffered. Readers need it.
  absl::Status Seal();

  size_t size() const { return count_; }
  // Whether the records went to a temporary file.
  bool spilled() const { return file_.has_value(); }

  // Reads strings by index through a window of the records (a small cache:
  // reading in increasing order, as a sheet refers to the strings it added in
  // order, costs one file read per window).
  class Reader {
   public:
    explicit Reader(const StringStore& store) : store_(store) {}
    size_t size() const { return store_.size(); }
    // The string at `index` (< size()), valid until the next call.
    absl::StatusOr<std::string_view> Get(size_t index);

   private:
    // `length` bytes of the records from `offset` (fewer at their end).
    absl::StatusOr<std::string_view> View(uint64_t offset, size_t length);

    const StringStore& store_;
    std::string window_;
    uint64_t window_offset_ = 0;
    size_t next_index_ = 0;  // the record after the last one read, and its offset
    uint64_t next_offset_ = 0;
  };

 private:
  static constexpr size_t kIndexStride = 64;
  static constexpr size_t kWriteBufferBytes = size_t{1} << 20;

  size_t memory_budget_;
  size_t count_ = 0;
  uint64_t bytes_ = 0;            // of all records
  std::vector<uint64_t> index_;   // offset of records 0, 64, 128 …
  std::string memory_;            // the records, until they are spilled
  std::optional<TempFile> file_;  // the records, once spilled …
  std::string pending_;           // … but for these, not yet written
};

}  // namespace iphub::patents::importers::internal
