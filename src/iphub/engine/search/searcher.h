// Runs a query (query/parser.h) against an index snapshot: the exact hit set as
// bitmaps, BM25 or column ordering, facet counts over the whole hit set, and
// highlighted snippets for the hits shown.
//
//   Bindings bindings = {{"TI", {.kind = BindingKind::kText, .fields = {title}}}, …};
//   Searcher searcher(index.snapshot(), index.schema(), bindings);
//   IPHUB_ASSIGN_OR_RETURN(Result result, searcher.Search({.query = "TI=(无人机 AND 电池)",
//                                                          .facets = {ipc_class}}));
//   result.total;           // every hit, not an estimate
//   result.hits[0].key;     // best first
//
// The engine knows fields, not patents: the caller says what each field code of
// the query language means (Bindings). Errors in the query (syntax, unknown
// field code, bad date) are InvalidArgument with the character position
// (query::ErrorPosition).
//
// A Searcher reads one snapshot and is cheap to make; Search() is const and
// thread-safe.
#ifndef IPHUB_ENGINE_SEARCH_SEARCHER_H_
#define IPHUB_ENGINE_SEARCH_SEARCHER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/engine/index/index.h"
#include "iphub/engine/query/ast.h"

namespace iphub::engine::search {

enum class BindingKind {
  kText,     // analysed words and phrases, over one or more text fields
  kKeyword,  // exact codes or names (IPC, country, status)
  kDate,     // an int field holding yyyymmdd; "2018", "2018-05", "2018-05-03" bounds
  kInt,      // an int field
};

// What a keyword value as written becomes in the index.
struct KeywordValue {
  std::string value;
  bool prefix = false;  // match every indexed value starting with `value`
};

struct Binding {
  BindingKind kind = BindingKind::kText;
  std::vector<uint32_t> fields;  // kText: any of these; other kinds: the first
  // kKeyword: maps a value as written to its indexed form (default: as written,
  // a prefix if written with '*'). Returns InvalidArgument for a value that
  // cannot be a code of this field; the message is shown to the user.
  std::function<absl::StatusOr<KeywordValue>(std::string_view value, bool truncated)> normalize;
};

// Field code as written in queries (upper case: "TI", "IPC") -> binding. The
// empty code is the field searched by a bare term.
using Bindings = std::map<std::string, Binding, std::less<>>;

enum class Order { kRelevance, kAscending, kDescending };

struct Request {
  std::string query;
  Order order = Order::kRelevance;
  uint32_t sort_field = 0;  // an int field, for kAscending / kDescending
  uint32_t offset = 0;
  uint32_t limit = 10;
  std::vector<uint32_t> facets;          // keyword or int column fields
  uint32_t facet_limit = 10;             // values per facet, most frequent first
  std::vector<uint32_t> snippet_fields;  // text fields to highlight for each hit
  uint32_t snippet_chars = 160;
  // False: hits carry their key and id only (no values, no snippets), for long
  // ranked lists that are read document by document (exports).
  bool load_documents = true;
  // A value each document may have outside the index, by its key (a score kept
  // elsewhere and changed without indexing again). With `sort_by_external`,
  // kAscending and kDescending order by it instead of `sort_field` (documents
  // without a value last); `min_external` keeps only the hits with a value of at
  // least that, before counting, facets and ranking. Called once per hit: keep it
  // cheap.
  std::function<std::optional<int64_t>(std::string_view key)> external_value{};
  bool sort_by_external = false;
  std::optional<int64_t> min_external{};
};

struct Snippet {
  uint32_t field = 0;
  std::string html;  // escaped text with the matched words in <em>…</em>
};

struct Hit {
  std::string key;
  uint32_t doc = 0;  // global id in the searcher's snapshot
  double score = 0;  // BM25 (0 for a query without words)
  std::vector<Snippet> snippets;
  Document document;  // the values as indexed
};

struct FacetValue {
  std::string value;  // a keyword, or an integer in decimal
  uint64_t count = 0;
};

struct Facet {
  uint32_t field = 0;
  std::vector<FacetValue> values;  // most frequent first, then by value
  uint64_t distinct = 0;           // distinct values over all hits
};

struct Result {
  uint64_t total = 0;
  std::vector<Hit> hits;
  std::vector<Facet> facets;
};

class Searcher {
 public:
  // `schema` and `bindings` must outlive the searcher.
  Searcher(std::shared_ptr<const index::Snapshot> snapshot, const Schema& schema,
           const Bindings& bindings);
  ~Searcher();

  absl::StatusOr<Result> Search(const Request& request) const;
  // Only the number of hits (no ranking, no documents).
  absl::StatusOr<uint64_t> Count(std::string_view query) const;
  // Values of keyword field `field` that start with `prefix`, with the number of
  // live documents holding each, most frequent first (suggestions as one types).
  std::vector<FacetValue> Suggest(uint32_t field, std::string_view prefix, uint32_t limit) const;

  // The ids of every hit of `query`, per segment, local to the segment (for
  // aggregations).
  absl::StatusOr<std::vector<index::Bitmap>> Match(std::string_view query) const;
  // The same, only among `within` (local ids, one bitmap per segment): the
  // documents just added, for alerts. Phrases are checked only there.
  absl::StatusOr<std::vector<index::Bitmap>> MatchWithin(
      std::string_view query, const std::vector<index::Bitmap>& within) const;

  const index::Snapshot& snapshot() const { return *snapshot_; }
  std::shared_ptr<const index::Snapshot> shared_snapshot() const { return snapshot_; }

  struct Plan;  // a bound query (searcher.cc)

 private:
  absl::StatusOr<std::unique_ptr<Plan>> Prepare(std::string_view query) const;

  std::shared_ptr<const index::Snapshot> snapshot_;
  const Schema& schema_;
  const Bindings& bindings_;
};

// Reads a date bound as users write it: "2018", "2018-05", "201805",
// "2018-05-03", "20180503", "2018.05.03", "2018/5/3". A lower bound takes the
// first day of a year or month, an upper bound the last. Nullopt if invalid.
std::optional<int64_t> ParseDateBound(std::string_view text, bool upper);

}  // namespace iphub::engine::search

#endif  // IPHUB_ENGINE_SEARCH_SEARCHER_H_
