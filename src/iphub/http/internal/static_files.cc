#include "iphub/http/internal/static_files.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>

#include "iphub/http/internal/text.h"

namespace iphub::http::internal {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kNoCache = "no-cache";

// True if `path` is `root` or below it (both canonical).
bool IsWithin(const fs::path& root, const fs::path& path) {
  auto [root_end, unused] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return root_end == root.end();
}

// Reads a regular file inside `root`; nullopt if it is missing, not regular,
// outside `root` after resolving symlinks, or unreadable.
std::optional<std::string> ReadFileWithin(const fs::path& root, const fs::path& path) {
  std::error_code ec;
  const fs::path real = fs::canonical(path, ec);
  if (ec || !IsWithin(root, real) || !fs::is_regular_file(real, ec) || ec) return std::nullopt;
  std::ifstream in(real, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(contents).str();
}

Response FileResponse(std::string body, std::string_view file_name,
                      std::string_view cache_control) {
  Response response = Response::Text(std::move(body), 200, std::string(ContentTypeFor(file_name)));
  response.AddHeader("Cache-Control", std::string(cache_control));
  return response;
}

}  // namespace

std::string_view ContentTypeFor(std::string_view file_name) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".json", "application/json"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
  };
  for (const auto& [extension, type] : kTypes) {
    if (EndsWithIgnoreCase(file_name, extension)) return type;
  }
  return "application/octet-stream";
}

Response ServeStatic(const fs::path& web_root, std::string_view decoded_path) {
  fs::path relative;
  bool hidden = false;
  for (std::string_view segment : Split(decoded_path, '/')) {
    if (segment.empty()) continue;
    if (segment == "." || segment == ".." ||
        segment.find_first_of(std::string_view("\\\0", 2)) != std::string_view::npos) {
      return Response::Problem(400, "Bad request", "path must not contain '.' or '..' segments");
    }
    if (segment.front() == '.') hidden = true;
    relative /= fs::path(std::string(segment));
  }

  const std::string file_name = relative.filename().string();
  if (!hidden && !relative.empty()) {
    if (std::optional<std::string> body = ReadFileWithin(web_root, web_root / relative)) {
      const bool asset = decoded_path.starts_with("/assets/");
      return FileResponse(*std::move(body), file_name, asset ? kImmutable : kNoCache);
    }
  }
  if (decoded_path.starts_with("/assets/")) {
    return Response::Problem(404, "Not found", "no such asset");
  }
  if (std::optional<std::string> index = ReadFileWithin(web_root, web_root / "index.html")) {
    return FileResponse(*std::move(index), "index.html", kNoCache);
  }
  return Response::Problem(404, "Not found", "no such page");
}

}  // namespace iphub::http::internal
