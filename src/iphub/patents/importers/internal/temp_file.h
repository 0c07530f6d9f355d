// A temporary file for what is too large to keep in memory: the shared strings
// of a huge workbook, an archive entry that must be read at random (an XLSX
// inside a .zip). It has no name — created in $TMPDIR (else /tmp) and unlinked
// at once — so it disappears when closed, even if the process dies.
//
//   IPHUB_ASSIGN_OR_RETURN(TempFile file, TempFile::Create());
//   IPHUB_RETURN_IF_ERROR(file.Append(bytes));
//   IPHUB_RETURN_IF_ERROR(file.ReadAt(offset, length, buffer));
//
// Errors: ResourceExhausted when the disk (or quota) is full; Internal for
// other I/O failures. Movable, not copyable. ReadAt may be called from several
// threads; Append may not.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace iphub::patents::importers::internal {

class TempFile {
 public:
  static absl::StatusOr<TempFile> Create();

  TempFile(TempFile&& other) noexcept;
  TempFile& operator=(TempFile&& other) noexcept;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile();

  // Writes `data` at the end of the file.
  absl::Status Append(std::string_view data);
  // Replaces `out` with the `length` bytes at `offset` (fewer at the end of the
  // file).
  absl::Status ReadAt(uint64_t offset, size_t length, std::string& out) const;

  uint64_t size() const { return size_; }
  int fd() const { return fd_; }

 private:
  explicit TempFile(int fd) : fd_(fd) {}

  int fd_ = -1;
  uint64_t size_ = 0;
};

}  // namespace iphub::patents::importers::internal
