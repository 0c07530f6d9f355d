#include "iphub/db/where.h"

#include "iphub/base/strings.h"

namespace iphub::db {

void Where::Add(std::string_view fragment, P value) {
  params_.push_back(std::move(value));
  const std::string placeholder = base::StrCat("$", params_.size());
  sql_ += " AND ";
  for (char c : fragment) {
    if (c == '?') {
      sql_ += placeholder;
    } else {
      sql_ += c;
    }
  }
}

void Where::AddEach(std::string_view fragment, Params values) {
  sql_ += " AND ";
  size_t next = 0;
  for (char c : fragment) {
    if (c == '?' && next < values.size()) {
      params_.push_back(std::move(values[next++]));
      base::StrAppend(&sql_, "$", params_.size());
    } else {
      sql_ += c;
    }
  }
}

void Where::AddRaw(std::string_view fragment) { base::StrAppend(&sql_, " AND ", fragment); }

std::pair<std::string, Params> Where::Paged(int64_t limit, int64_t offset) const {
  Params paged = params_;
  paged.emplace_back(limit);
  paged.emplace_back(offset);
  return {base::StrCat(" LIMIT $", params_.size() + 1, " OFFSET $", params_.size() + 2), paged};
}

std::string LikeContains(std::string_view text) {
  std::string escaped = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') escaped += '\\';
    escaped += c;
  }
  escaped += '%';
  return escaped;
}

}  // namespace iphub::db
