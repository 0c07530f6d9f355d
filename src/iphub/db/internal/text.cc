#include "iphub/db/internal/text.h"

#include <charconv>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "iphub/base/status.h"

namespace iphub::db::internal {

std::string FormatDouble(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  IPHUB_DCHECK(ec == std::errc());
  return std::string(buffer, end);
}

absl::Status CheckParams(const Params& params) {
  for (size_t param_idx = 0; param_idx < params.size(); ++param_idx) {
    const auto* text = std::get_if<std::string>(&params[param_idx].value);
    if (text != nullptr && text->find('\0') != std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("parameter $", param_idx + 1, " contains a NUL byte"));
    }
  }
  return absl::OkStatus();
}

namespace {

// Skips whitespace, `-- line` and `/* block */` comments.
std::string_view SkipSpaceAndComments(std::string_view sql) {
  while (!sql.empty()) {
    if (absl::ascii_isspace(static_cast<unsigned char>(sql.front()))) {
      sql.remove_prefix(1);
    } else if (sql.starts_with("--")) {
      size_t eol = sql.find('\n');
      sql.remove_prefix(eol == std::string_view::npos ? sql.size() : eol + 1);
    } else if (sql.starts_with("/*")) {
      size_t close = sql.find("*/", 2);
      sql.remove_prefix(close == std::string_view::npos ? sql.size() : close + 2);
    } else {
      break;
    }
  }
  return sql;
}

}  // namespace

bool StartsWithKeyword(std::string_view sql, std::string_view keyword) {
  sql = SkipSpaceAndComments(sql);
  if (!absl::StartsWithIgnoreCase(ToAbsl(sql), ToAbsl(keyword))) return false;
  if (sql.size() == keyword.size()) return true;
  char next = sql[keyword.size()];
  return !(absl::ascii_isalnum(static_cast<unsigned char>(next)) || next == '_');
}

bool IsBlankSql(std::string_view sql) {
  for (;;) {
    sql = SkipSpaceAndComments(sql);
    if (sql.empty()) return true;
    if (sql.front() != ';') return false;
    sql.remove_prefix(1);
  }
}

std::string SqlForMessage(std::string_view sql) {
  constexpr size_t kMaxLength = 200;
  std::string text(SkipSpaceAndComments(sql));
  if (text.size() > kMaxLength) {
    size_t cut = kMaxLength;
    // Do not split a UTF-8 sequence: back up over continuation bytes.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
    text += "...";
  }
  return text;
}

}  // namespace iphub::db::internal
