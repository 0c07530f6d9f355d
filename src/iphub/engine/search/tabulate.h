// Cross-tabulation over every hit of a query: how many hits hold each value of
// one column, and each pair of values of two columns (applicant × year, IPC ×
// IPC, year of publication …). Landscape reports are built from these tables.
//
//   Searcher searcher(index.snapshot(), schema, bindings);
//   const TabulationSpec specs[] = {
//       {.rows = {.field = applicant}, .columns = Axis{.field = filed, .divide = 10000}},
//       {.rows = {.field = ipc_subclass}, .columns = Axis{.field = ipc_subclass}}};
//   IPHUB_ASSIGN_OR_RETURN(Tabulations tables, Tabulate(searcher, schema, "TI=(电池)", specs));
//   tables.total;                    // hits of the query
//   tables.tables[0].rows[0].value;  // an applicant; .count: hits holding it
//   tables.tables[0].cells;          // (applicant, year, hits holding both)
//
// The query is evaluated once for all the specs. A hit counts once per value,
// and once per pair, however often it holds them. With the same axis on both
// sides the table holds every ordered pair, the diagonal included (co-occurrence).
#ifndef IPHUB_ENGINE_SEARCH_TABULATE_H_
#define IPHUB_ENGINE_SEARCH_TABULATE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/engine/schema.h"
#include "iphub/engine/search/searcher.h"

namespace iphub::engine::search {

// A keyword column, or an int field whose values are first divided by `divide`
// (rounding down: dates as yyyymmdd / 10000 are years).
struct Axis {
  uint32_t field = 0;
  int64_t divide = 1;
};

struct TabulationSpec {
  Axis rows;
  std::optional<Axis> columns;  // none: a one-way table (rows only)
};

struct TabulationValue {
  std::string value;   // the keyword, or the int (after dividing) in decimal
  uint64_t count = 0;  // hits holding it
};

struct TabulationCell {
  uint32_t row = 0;     // index into Tabulation::rows
  uint32_t column = 0;  // index into Tabulation::columns
  uint64_t count = 0;   // hits holding both values
};

struct Tabulation {
  // Every value held by a hit, most frequent first, then by value (ints by
  // number, keywords by bytes).
  std::vector<TabulationValue> rows;
  std::vector<TabulationValue> columns;  // empty for a one-way table
  // Every pair held by at least one hit, by row, then by column.
  std::vector<TabulationCell> cells;
};

struct Tabulations {
  uint64_t total = 0;              // hits of the query
  std::vector<Tabulation> tables;  // one per spec, in order
};

// InvalidArgument for a query error (with its position, as Searcher::Search)
// or an axis that is not a keyword column or an int field, or divides by < 1.
absl::StatusOr<Tabulations> Tabulate(const Searcher& searcher, const Schema& schema,
                                     std::string_view query, std::span<const TabulationSpec> specs);

}  // namespace iphub::engine::search

#endif  // IPHUB_ENGINE_SEARCH_TABULATE_H_
