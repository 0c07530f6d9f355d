// Durable file writes and whole-file reads, for the on-disk structures that
// must survive a crash at any moment (index manifests, model files).
//
//   IPHUB_RETURN_IF_ERROR(base::WriteFileAtomically(dir / "MANIFEST", text));
//   IPHUB_RETURN_IF_ERROR(base::FsyncPath(dir, /*directory=*/true));  // the rename itself
//   IPHUB_ASSIGN_OR_RETURN(std::string bytes, base::ReadFile(dir / "MANIFEST"));
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace iphub::base {

// InternalError "<what> <path>: <strerror(errno)>".
absl::Status ErrnoError(std::string_view what, const std::filesystem::path& path);

// fsync of a file, or of a directory (which makes renames and new entries in it durable).
absl::Status FsyncPath(const std::filesystem::path& path, bool directory);

// Writes `bytes` to `path` through `path`.tmp: written, fsync'd, then renamed
// over `path`, so a reader or a crash sees the old content or the new, never a
// mix. The directory is not fsync'd (callers batch that).
absl::Status WriteFileAtomically(const std::filesystem::path& path, std::string_view bytes);

// The whole file; DataLoss when it cannot be opened or read (callers read
// files they wrote themselves, so a missing one is damage).
absl::StatusOr<std::string> ReadFile(const std::filesystem::path& path);

// CRC-32 (zlib's) of `bytes`.
uint32_t Crc32(std::string_view bytes);

}  // namespace iphub::base
