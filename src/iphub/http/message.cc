#include "iphub/http/message.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "fmt/format.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/http/internal/text.h"
#include "spdlog/spdlog.h"

namespace iphub::http {
namespace {

using internal::AsciiLower;
using internal::IsAsciiAlnum;
using nlohmann::json;

// Deeper bodies are rejected before parsing. nlohmann's parser is iterative,
// but recursive code downstream (dump, handlers walking the value) is not.
constexpr int kMaxJsonDepth = 64;

// "INVALID_ARGUMENT" -> "invalid-argument".
std::string KebabCase(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    if (IsAsciiAlnum(ch)) {
      out.push_back(AsciiLower(ch));
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// "INVALID_ARGUMENT" -> "Invalid argument".
std::string SentenceCase(std::string_view code_name) {
  std::string out;
  out.reserve(code_name.size());
  for (char ch : code_name) {
    if (ch == '_') {
      out.push_back(' ');
    } else {
      out.push_back(out.empty() ? ch : AsciiLower(ch));
    }
  }
  return out;
}

// Serialises without throwing: invalid UTF-8 in strings is replaced (U+FFFD).
std::string DumpJson(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Returns the byte offset at which `text` first nests deeper than `max_depth`
// (arrays and objects, outside strings), or npos.
size_t FindExcessiveNesting(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    const char ch = text[pos];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (ch == '\\') {
        escaped = true;
      } else if (ch == '"') {
        in_string = false;
      }
      continue;
    }
    switch (ch) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > max_depth) return pos;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return std::string_view::npos;
}

// nlohmann's parse_error::what() is "[json.exception.parse_error.101] parse
// error at line 1, column 2: syntax error while parsing ..."; keep the part
// after the position.
std::string_view ParseErrorReason(std::string_view what) {
  const size_t at = what.find("parse error");
  if (at == std::string_view::npos) return what;
  const size_t colon = what.find(": ", at);
  if (colon == std::string_view::npos) return what;
  return what.substr(colon + 2);
}

// 1-based line and column of the 1-based byte offset `byte` in `text`.
std::pair<size_t, size_t> LineAndColumn(std::string_view text, size_t byte) {
  size_t line = 1;
  size_t column = 1;
  for (size_t pos = 0; pos + 1 < byte && pos < text.size(); ++pos) {
    if (text[pos] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

const char* JsonTypeName(const json& value) { return value.type_name(); }

}  // namespace

// ---------------------------------------------------------------------------
// Request

std::string_view Request::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (internal::EqualsIgnoreCase(name, lower_name)) return value;
  }
  return {};
}

std::string Request::Cookie(std::string_view name) const {
  // RFC 6265 §4.2: cookie-string = cookie-pair *( ";" SP cookie-pair ). Several
  // Cookie headers (HTTP/2 proxies) are searched in order.
  for (const auto& [header_name, header_value] : headers) {
    if (header_name != "cookie") continue;
    for (std::string_view pair : internal::Split(header_value, ';')) {
      pair = internal::TrimWhitespace(pair);
      const size_t eq = pair.find('=');
      if (eq == std::string_view::npos) continue;
      if (internal::TrimWhitespace(pair.substr(0, eq)) != name) continue;
      std::string_view value = internal::TrimWhitespace(pair.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(value);
    }
  }
  return {};
}

std::string_view Request::QueryParam(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return {};
  return it->second;
}

absl::StatusOr<nlohmann::json> Request::JsonBody() const {
  if (body.empty()) return json::object();

  const std::string_view content_type = Header("content-type");
  const std::string_view media_type =
      internal::TrimWhitespace(content_type.substr(0, content_type.find(';')));
  if (!internal::EqualsIgnoreCase(media_type, "application/json")) {
    return absl::InvalidArgumentError(
        content_type.empty() ? std::string("Content-Type must be application/json (header missing)")
                             : fmt::format("Content-Type must be application/json, got '{}'",
                                           content_type.substr(0, 100)));
  }

  if (size_t pos = FindExcessiveNesting(body, kMaxJsonDepth); pos != std::string_view::npos) {
    return absl::InvalidArgumentError(
        fmt::format("JSON nested deeper than {} levels at byte {}", kMaxJsonDepth, pos + 1));
  }

  json value;
  try {
    value = json::parse(body);
  } catch (const json::parse_error& e) {
    // e.byte is 1-based: the byte at which the parser gave up.
    const auto [line, column] = LineAndColumn(body, e.byte);
    return absl::InvalidArgumentError(
        fmt::format("malformed JSON at byte {} (line {}, column {}): {}", e.byte, line, column,
                    ParseErrorReason(e.what())));
  } catch (const json::exception& e) {
    // out_of_range.406 (number overflow) and friends.
    return absl::InvalidArgumentError(fmt::format("malformed JSON: {}", e.what()));
  }
  if (!value.is_object()) {
    return absl::InvalidArgumentError(
        fmt::format("request body must be a JSON object, got {}", JsonTypeName(value)));
  }
  return value;
}

// ---------------------------------------------------------------------------
// Response

Response Response::Json(const nlohmann::json& value, int status) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = DumpJson(value);
  return response;
}

Response Response::NoContent() {
  Response response;
  response.status = 204;
  response.content_type.clear();
  return response;
}

Response Response::Text(std::string text, int status, std::string content_type) {
  Response response;
  response.status = status;
  response.content_type = std::move(content_type);
  response.body = std::move(text);
  return response;
}

Response Response::Problem(const absl::Status& status) {
  if (status.ok()) {
    // Programmer error: a problem needs a failure. Answer 500 rather than crash.
    spdlog::error("Response::Problem called with an OK status");
    return Problem(500, "Internal", "internal server error");
  }
  const int http_status = HttpStatusFor(status.code());
  const std::string code_name = absl::StatusCodeToString(status.code());
  json body = {
      {"type", "/problems/" + KebabCase(code_name)},
      {"title", SentenceCase(code_name)},
      {"status", http_status},
  };
  if (http_status >= 500 && http_status != 501 && http_status != 503) {
    // Internal messages (SQL errors, paths) stay in the log, not on the wire.
    spdlog::error("internal error answered as {}: {}", http_status, status.ToString());
    body["detail"] = "internal server error";
  } else if (std::optional<std::string> field = base::FieldOf(status)) {
    // docs/api.md: "detail": "uscc: check character ...", "field": "uscc".
    const std::string message(status.message());
    body["detail"] =
        message.starts_with(*field + ":") ? message : fmt::format("{}: {}", *field, message);
    body["field"] = *field;
    if (std::optional<size_t> position = base::PositionOf(status)) body["position"] = *position;
  } else {
    body["detail"] = std::string(status.message());
  }
  Response response;
  response.status = http_status;
  response.content_type = "application/problem+json";
  response.body = DumpJson(body);
  return response;
}

Response Response::Problem(int http_status, std::string_view title, std::string_view detail) {
  const json body = {
      {"type", "/problems/" + KebabCase(title)},
      {"title", std::string(title)},
      {"status", http_status},
      {"detail", std::string(detail)},
  };
  Response response;
  response.status = http_status;
  response.content_type = "application/problem+json";
  response.body = DumpJson(body);
  return response;
}

Response& Response::AddHeader(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

int HttpStatusFor(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAborted:
      return 409;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

// ---------------------------------------------------------------------------
// Body field helpers

namespace {

// The value of `field` in `body`, or null if absent or null. InvalidArgument if
// `body` is not an object.
absl::StatusOr<const json*> FindField(const json& body, std::string_view field) {
  if (!body.is_object()) {
    return absl::InvalidArgumentError("request body must be a JSON object");
  }
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return nullptr;
  return &*it;
}

}  // namespace

absl::StatusOr<std::string> RequiredString(const nlohmann::json& body, std::string_view field) {
  IPHUB_ASSIGN_OR_RETURN(const json* value, FindField(body, field));
  if (value == nullptr) return base::InvalidField(field, "is required");
  if (!value->is_string()) {
    return base::InvalidField(field, fmt::format("must be a string, got {}", JsonTypeName(*value)));
  }
  std::string text = value->get<std::string>();
  if (text.empty()) return base::InvalidField(field, "must not be empty");
  return text;
}

absl::StatusOr<std::optional<std::string>> OptionalString(const nlohmann::json& body,
                                                          std::string_view field) {
  IPHUB_ASSIGN_OR_RETURN(const json* value, FindField(body, field));
  if (value == nullptr) return std::optional<std::string>();
  if (!value->is_string()) {
    return base::InvalidField(field, fmt::format("must be a string, got {}", JsonTypeName(*value)));
  }
  return std::optional<std::string>(value->get<std::string>());
}

absl::StatusOr<std::optional<int64_t>> OptionalInt(const nlohmann::json& body,
                                                   std::string_view field) {
  IPHUB_ASSIGN_OR_RETURN(const json* value, FindField(body, field));
  if (value == nullptr) return std::optional<int64_t>();
  if (value->is_number_unsigned()) {
    const uint64_t number = value->get<uint64_t>();
    if (number > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return base::InvalidField(field, "integer out of range");
    }
    return std::optional<int64_t>(static_cast<int64_t>(number));
  }
  if (value->is_number_integer()) return std::optional<int64_t>(value->get<int64_t>());
  return base::InvalidField(
      field, fmt::format("must be an integer, got {}",
                         value->is_number_float() ? "a fraction" : JsonTypeName(*value)));
}

absl::StatusOr<std::optional<bool>> OptionalBool(const nlohmann::json& body,
                                                 std::string_view field) {
  IPHUB_ASSIGN_OR_RETURN(const json* value, FindField(body, field));
  if (value == nullptr) return std::optional<bool>();
  if (!value->is_boolean()) {
    return base::InvalidField(field,
                              fmt::format("must be true or false, got {}", JsonTypeName(*value)));
  }
  return std::optional<bool>(value->get<bool>());
}

absl::StatusOr<std::optional<std::vector<std::string>>> OptionalStrings(const nlohmann::json& body,
                                                                        std::string_view field) {
  IPHUB_ASSIGN_OR_RETURN(const json* value, FindField(body, field));
  if (value == nullptr) return std::optional<std::vector<std::string>>();
  if (!value->is_array()) return base::InvalidField(field, "must be an array of strings");
  std::vector<std::string> out;
  for (const json& item : *value) {
    if (!item.is_string()) return base::InvalidField(field, "must be an array of strings");
    out.push_back(item.get<std::string>());
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

absl::StatusOr<int64_t> PathId(const Request& request, std::string_view name) {
  auto it = request.path_params.find(std::string(name));
  const std::string_view text =
      it == request.path_params.end() ? std::string_view() : std::string_view(it->second);
  // At most 18 digits, so the value fits in int64_t.
  int64_t id = 0;
  bool ok = !text.empty() && text.size() <= 18;
  for (char c : text) ok &= c >= '0' && c <= '9';
  if (ok) {
    for (char c : text) id = id * 10 + (c - '0');
  }
  if (!ok || id <= 0) return base::InvalidField(name, "must be a positive integer");
  return id;
}

absl::StatusOr<uint32_t> CountParam(const Request& request, std::string_view name,
                                    uint32_t fallback, uint32_t max) {
  const std::string_view text = base::StripWhitespace(request.QueryParam(name));
  if (text.empty()) return fallback;
  const std::string problem = base::StrCat("must be a number from 1 to ", max);
  uint64_t value = 0;
  for (char c : text) {
    if (!base::IsAsciiDigit(c) || value > max) return base::InvalidField(name, problem);
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  if (value < 1 || value > max) return base::InvalidField(name, problem);
  return static_cast<uint32_t>(value);
}

absl::StatusOr<Page> PageFromQuery(const Request& request, int64_t max_size) {
  max_size = std::max<int64_t>(max_size, 1);
  Page page;
  page.size = std::min(page.size, max_size);
  if (std::string_view text = request.QueryParam("size"); !text.empty()) {
    if (!internal::ParseInt64(text, &page.size) || page.size < 1 || page.size > max_size) {
      return base::InvalidField("size", fmt::format("must be an integer from 1 to {}", max_size));
    }
  }
  // The page bound keeps Offset() = (page - 1) * size from overflowing.
  const int64_t max_page =
      std::min<int64_t>(1'000'000'000, std::numeric_limits<int64_t>::max() / page.size);
  if (std::string_view text = request.QueryParam("page"); !text.empty()) {
    if (!internal::ParseInt64(text, &page.page) || page.page < 1 || page.page > max_page) {
      return base::InvalidField("page", fmt::format("must be an integer from 1 to {}", max_page));
    }
  }
  return page;
}

}  // namespace iphub::http
