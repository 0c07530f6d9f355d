#include "iphub/http/internal/target.h"

#include <cstdint>
#include <random>

#include "absl/status/status.h"
#include "iphub/http/internal/text.h"

namespace iphub::http::internal {
namespace {

int HexValue(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

}  // namespace

absl::StatusOr<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size(); ++pos) {
    const char ch = text[pos];
    if (ch == '%') {
      if (text.size() - pos < 3) {
        return absl::InvalidArgumentError("truncated percent escape");
      }
      const int high = HexValue(text[pos + 1]);
      const int low = HexValue(text[pos + 2]);
      if (high < 0 || low < 0) return absl::InvalidArgumentError("malformed percent escape");
      out.push_back(static_cast<char>(high * 16 + low));
      pos += 2;
    } else if (ch == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

absl::StatusOr<ParsedTarget> ParseTarget(std::string_view target) {
  if (target.empty() || target.front() != '/') {
    return absl::InvalidArgumentError("request target must start with '/'");
  }
  ParsedTarget parsed;
  const size_t question = target.find('?');
  const std::string_view raw_path = target.substr(0, question);
  absl::StatusOr<std::string> path = PercentDecode(raw_path, /*plus_is_space=*/false);
  if (!path.ok())
    return absl::InvalidArgumentError("path: " + std::string(path.status().message()));
  if (path->find('\0') != std::string::npos) {
    return absl::InvalidArgumentError("path must not contain NUL");
  }
  parsed.path = *std::move(path);

  if (question != std::string_view::npos) {
    const std::string_view raw_query = target.substr(question + 1);
    for (std::string_view pair : Split(raw_query, '&')) {
      if (pair.empty()) continue;
      const size_t eq = pair.find('=');
      absl::StatusOr<std::string> name = PercentDecode(pair.substr(0, eq), true);
      absl::StatusOr<std::string> value = PercentDecode(
          eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
      if (!name.ok() || !value.ok()) {
        return absl::InvalidArgumentError("query: malformed percent escape");
      }
      parsed.query.emplace(*std::move(name), *std::move(value));
    }
  }
  return parsed;
}

std::string SanitizeOrGenerateRequestId(std::string_view client_id) {
  bool sane = !client_id.empty() && client_id.size() <= 64;
  for (char ch : client_id) {
    if (!sane) break;
    sane = IsAsciiAlnum(ch) || ch == '.' || ch == '_' || ch == '-';
  }
  if (sane) return std::string(client_id);

  // Not a secret, only unique: a per-thread Mersenne Twister seeded once.
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(32);
  for (int word = 0; word < 2; ++word) {
    uint64_t bits = generator();
    for (int nibble = 0; nibble < 16; ++nibble) {
      id.push_back(kHex[bits & 0xf]);
      bits >>= 4;
    }
  }
  return id;
}

}  // namespace iphub::http::internal
