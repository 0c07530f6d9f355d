#include "iphub/patents/importers/internal/temp_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "iphub/base/strings.h"

namespace iphub::patents::importers::internal {
namespace {

absl::Status IoError(std::string_view what, int error) {
  const std::string message = base::StrCat(what, ": ", std::strerror(error));
  if (error == ENOSPC || error == EDQUOT) return absl::ResourceExhaustedError(message);
  return absl::InternalError(message);
}

}  // namespace

absl::StatusOr<TempFile> TempFile::Create() {
  const char* directory = std::getenv("TMPDIR");
  if (directory == nullptr || *directory == '\0') directory = "/tmp";
  std::string path = base::StrCat(directory, "/iphub-import-XXXXXX");
  const int fd = ::mkostemp(path.data(), O_CLOEXEC);
  if (fd < 0) {
    return IoError(base::StrCat("cannot create a temporary file in ", directory), errno);
  }
  ::unlink(path.c_str());
  return TempFile(fd);
}

TempFile::TempFile(TempFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), size_(std::exchange(other.size_, 0)) {}

TempFile& TempFile::operator=(TempFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

TempFile::~TempFile() {
  if (fd_ >= 0) ::close(fd_);
}

absl::Status TempFile::Append(std::string_view data) {
  while (!data.empty()) {
    const ssize_t written = ::pwrite(fd_, data.data(), data.size(), static_cast<off_t>(size_));
    if (written < 0) {
      if (errno == EINTR) continue;
      return IoError("cannot write a temporary file", errno);
    }
    size_ += static_cast<uint64_t>(written);
    data.remove_prefix(static_cast<size_t>(written));
  }
  return absl::OkStatus();
}

absl::Status TempFile::ReadAt(uint64_t offset, size_t length, std::string& out) const {
  out.resize(offset >= size_ ? 0 : static_cast<size_t>(std::min<uint64_t>(length, size_ - offset)));
  size_t done = 0;
  while (done < out.size()) {
    const ssize_t got =
        ::pread(fd_, out.data() + done, out.size() - done, static_cast<off_t>(offset + done));
    if (got < 0) {
      if (errno == EINTR) continue;
      return IoError("cannot read a temporary file", errno);
    }
    if (got == 0) return absl::InternalError("a temporary file is shorter than was written");
    done += static_cast<size_t>(got);
  }
  return absl::OkStatus();
}

}  // namespace iphub::patents::importers::internal
