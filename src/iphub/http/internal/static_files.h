// Static file serving for the web client (the built SPA in `web_dir`).
//
//   /assets/app.3f2a.js  -> the file, Cache-Control: public, max-age=31536000, immutable
//   /favicon.ico         -> the file, Cache-Control: no-cache
//   /orgs/12 (no file)   -> index.html, Cache-Control: no-cache (SPA fallback)
//   /assets/gone.js      -> 404 problem (a missing hashed asset is an error, not a page)
//   /../etc/passwd       -> 400 problem ('.' and '..' segments are rejected)
//
// Files whose name starts with '.' are never served, and a path whose real
// location (after symlinks) is outside the web root counts as missing.
// Files are read whole into memory (the SPA's files are small).
#pragma once

#include <filesystem>
#include <string_view>

#include "iphub/http/message.h"

namespace iphub::http::internal {

// Content-Type for a file name by extension; application/octet-stream if unknown.
std::string_view ContentTypeFor(std::string_view file_name);

// The response for GET `decoded_path` (percent-decoded, starting with '/')
// from `web_root`, which must be an absolute, canonical directory path.
// Thread-safe (reads the file system only).
Response ServeStatic(const std::filesystem::path& web_root, std::string_view decoded_path);

}  // namespace iphub::http::internal
