// Builds the WHERE clause of a filtered list from fixed SQL fragments; the
// values are always bound parameters, never spliced into the SQL.
//
//   db::Where where;
//   where.Add("o.name LIKE ? ESCAPE '\\'", db::LikeContains(filter.name));
//   where.Add("o.region_code = ?", region);  // each '?' of a fragment binds its one value
//   auto [limit_sql, params] = where.Paged(limit, offset);
//   conn.Query(base::StrCat("SELECT … FROM organizations o", where.sql(), " ORDER BY o.id",
//                           limit_sql), params);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "iphub/db/database.h"

namespace iphub::db {

class Where {
 public:
  // Appends " AND fragment"; every '?' in it becomes the placeholder of `value`.
  void Add(std::string_view fragment, P value);
  // Appends " AND fragment" where the i-th '?' binds values[i] (as many '?' as values).
  void AddEach(std::string_view fragment, Params values);
  // Appends a fragment without parameters (fixed SQL only).
  void AddRaw(std::string_view fragment);
  const std::string& sql() const { return sql_; }  // " WHERE 1 = 1 AND …"
  const Params& params() const { return params_; }
  // " LIMIT $n OFFSET $m" and the parameters with limit and offset appended.
  std::pair<std::string, Params> Paged(int64_t limit, int64_t offset) const;

 private:
  std::string sql_ = " WHERE 1 = 1";
  Params params_;
};

// "%text%" with LIKE's wildcards in `text` escaped by '\' (use ESCAPE '\').
std::string LikeContains(std::string_view text);

}  // namespace iphub::db
