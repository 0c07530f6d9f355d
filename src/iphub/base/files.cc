#include "iphub/base/files.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "iphub/base/strings.h"

namespace iphub::base {

namespace fs = std::filesystem;

absl::Status ErrnoError(std::string_view what, const fs::path& path) {
  return absl::InternalError(StrCat(what, " ", path.string(), ": ", std::strerror(errno)));
}

absl::Status FsyncPath(const fs::path& path, bool directory) {
  const int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) return ErrnoError("cannot open", path);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return ErrnoError("cannot fsync", path);
  return absl::OkStatus();
}

absl::Status WriteFileAtomically(const fs::path& path, std::string_view bytes) {
  const fs::path temporary = path.string() + ".tmp";
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (file == nullptr) return ErrnoError("cannot create", temporary);
  bool failed = std::fwrite(bytes.data(), 1, bytes.size(), file) != bytes.size();
  failed |= std::fflush(file) != 0;
  failed |= ::fsync(::fileno(file)) != 0;
  failed |= std::fclose(file) != 0;
  if (failed) return ErrnoError("cannot write", temporary);
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    return ErrnoError("cannot rename", temporary);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadFile(const fs::path& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return absl::DataLossError(StrCat("cannot read ", path.string()));
  std::string bytes;
  char buffer[1 << 16];
  size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof buffer, file)) > 0) bytes.append(buffer, read);
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) return absl::DataLossError(StrCat("cannot read ", path.string()));
  return bytes;
}

uint32_t Crc32(std::string_view bytes) {
  return static_cast<uint32_t>(
      crc32_z(crc32_z(0, nullptr, 0), reinterpret_cast<const Bytef*>(bytes.data()), bytes.size()));
}

}  // namespace iphub::base
