#include "iphub/engine/search/tabulate.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/engine/index/segment.h"

namespace iphub::engine::search {
namespace {

using index::Bitmap;
using index::SegmentReader;
using index::SegmentView;

constexpr uint32_t kUnseen = std::numeric_limits<uint32_t>::max();

int64_t FloorDivide(int64_t value, int64_t by) {
  int64_t quotient = value / by;
  if ((value % by != 0) && ((value < 0) != (by < 0))) --quotient;
  return quotient;
}

// The values of one axis across segments, each under a dense id of its own,
// with the number of hits holding it.
class AxisValues {
 public:
  AxisValues(Axis axis, bool is_int) : axis_(axis), is_int_(is_int) {}

  void StartSegment(const SegmentReader& segment) {
    segment_ = &segment;
    dense_ = is_int_ ? segment.DenseInts(axis_.field) : std::span<const int64_t>();
    if (!is_int_) ordinal_ids_.assign(segment.TermCount(axis_.field), kUnseen);
  }

  // The ids of the values document `doc` (of the current segment) holds, each once.
  void Of(uint32_t doc, std::vector<uint32_t>& out) {
    out.clear();
    if (!is_int_) {
      for (uint32_t ordinal : segment_->KeywordOrdinals(axis_.field, doc)) {
        uint32_t& id = ordinal_ids_[ordinal];
        if (id == kUnseen) id = KeywordId(segment_->Term(axis_.field, ordinal));
        out.push_back(id);  // a document's ordinals are distinct
      }
      return;
    }
    const auto add = [&](int64_t value) {
      const uint32_t id = IntId(FloorDivide(value, axis_.divide));
      if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    };
    if (!dense_.empty()) {
      add(dense_[doc]);
    } else {
      for (int64_t value : segment_->Ints(axis_.field, doc)) add(value);
    }
  }

  void Count(const std::vector<uint32_t>& ids) {
    for (uint32_t id : ids) ++counts_[id];
  }

  size_t size() const { return counts_.size(); }

  // Ids most frequent first, then by value; `position[id]` = index in that order.
  std::vector<uint32_t> Order(std::vector<uint32_t>& position) const {
    std::vector<uint32_t> order(counts_.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      if (counts_[a] != counts_[b]) return counts_[a] > counts_[b];
      return is_int_ ? ints_[a] < ints_[b] : keywords_[a] < keywords_[b];
    });
    position.assign(order.size(), 0);
    for (uint32_t at = 0; at < order.size(); ++at) position[order[at]] = at;
    return order;
  }

  std::vector<TabulationValue> Values(const std::vector<uint32_t>& order) const {
    std::vector<TabulationValue> out;
    out.reserve(order.size());
    for (uint32_t id : order) {
      out.push_back({is_int_ ? std::to_string(ints_[id]) : keywords_[id], counts_[id]});
    }
    return out;
  }

 private:
  uint32_t KeywordId(std::string_view value) {
    auto [it, added] = keyword_ids_.try_emplace(std::string(value), counts_.size());
    if (added) {
      keywords_.emplace_back(value);
      counts_.push_back(0);
    }
    return it->second;
  }
  uint32_t IntId(int64_t value) {
    auto [it, added] = int_ids_.try_emplace(value, counts_.size());
    if (added) {
      ints_.push_back(value);
      counts_.push_back(0);
    }
    return it->second;
  }

  Axis axis_;
  bool is_int_;
  const SegmentReader* segment_ = nullptr;
  std::span<const int64_t> dense_;
  std::vector<uint32_t> ordinal_ids_;  // of the current segment: ordinal -> id
  absl::flat_hash_map<std::string, uint32_t> keyword_ids_;
  absl::flat_hash_map<int64_t, uint32_t> int_ids_;
  std::vector<std::string> keywords_;  // by id
  std::vector<int64_t> ints_;          // by id
  std::vector<uint64_t> counts_;       // by id
};

bool SameAxis(const Axis& a, const Axis& b) { return a.field == b.field && a.divide == b.divide; }

// One spec's tallies while the segments are read.
struct Tally {
  AxisValues rows;
  std::optional<AxisValues> columns;  // absent for one-way tables and same-axis pairs
  bool pairs = false;
  absl::flat_hash_map<uint64_t, uint64_t> cells;  // row id << 32 | column id

  Tabulation Finish() const {
    Tabulation out;
    std::vector<uint32_t> row_position, column_position;
    out.rows = rows.Values(rows.Order(row_position));
    if (pairs) {
      if (columns) {
        out.columns = columns->Values(columns->Order(column_position));
      } else {
        out.columns = out.rows;
        column_position = row_position;
      }
    }
    out.cells.reserve(cells.size());
    for (const auto& [key, count] : cells) {
      out.cells.push_back({row_position[key >> 32], column_position[key & 0xffffffffu], count});
    }
    std::sort(out.cells.begin(), out.cells.end(),
              [](const TabulationCell& a, const TabulationCell& b) {
                return a.row != b.row ? a.row < b.row : a.column < b.column;
              });
    return out;
  }
};

}  // namespace

absl::StatusOr<Tabulations> Tabulate(const Searcher& searcher, const Schema& schema,
                                     std::string_view query,
                                     std::span<const TabulationSpec> specs) {
  const auto is_int_axis = [&](const Axis& axis) -> absl::StatusOr<bool> {
    if (axis.field >= schema.size() || !schema.HasColumn(axis.field)) {
      return absl::InvalidArgumentError(
          base::StrCat("field ", axis.field, " has no column to tabulate"));
    }
    if (axis.divide < 1) {
      return absl::InvalidArgumentError(base::StrCat("cannot divide by ", axis.divide));
    }
    return schema.field(axis.field).kind == FieldKind::kInt;
  };
  std::vector<Tally> tallies;
  tallies.reserve(specs.size());
  for (const TabulationSpec& spec : specs) {
    IPHUB_ASSIGN_OR_RETURN(bool rows_int, is_int_axis(spec.rows));
    Tally tally{.rows = AxisValues(spec.rows, rows_int), .columns = std::nullopt, .cells = {}};
    if (spec.columns) {
      IPHUB_ASSIGN_OR_RETURN(bool columns_int, is_int_axis(*spec.columns));
      tally.pairs = true;
      if (!SameAxis(spec.rows, *spec.columns)) tally.columns.emplace(*spec.columns, columns_int);
    }
    tallies.push_back(std::move(tally));
  }

  IPHUB_ASSIGN_OR_RETURN(std::vector<Bitmap> hits, searcher.Match(query));
  Tabulations out;
  const std::vector<SegmentView>& segments = searcher.snapshot().segments();
  std::vector<uint32_t> docs, row_ids, column_ids;
  for (size_t seg = 0; seg < segments.size() && seg < hits.size(); ++seg) {
    if (hits[seg].Empty()) continue;
    docs.clear();
    hits[seg].ToVector(docs);
    out.total += docs.size();
    const SegmentReader& segment = *segments[seg].reader;
    for (Tally& tally : tallies) {
      tally.rows.StartSegment(segment);
      if (tally.columns) tally.columns->StartSegment(segment);
      for (uint32_t doc : docs) {
        tally.rows.Of(doc, row_ids);
        tally.rows.Count(row_ids);
        if (!tally.pairs) continue;
        const std::vector<uint32_t>* columns = &row_ids;
        if (tally.columns) {
          tally.columns->Of(doc, column_ids);
          tally.columns->Count(column_ids);
          columns = &column_ids;
        }
        for (uint32_t row : row_ids) {
          for (uint32_t column : *columns) {
            ++tally.cells[(static_cast<uint64_t>(row) << 32) | column];
          }
        }
      }
    }
  }
  out.tables.reserve(tallies.size());
  for (const Tally& tally : tallies) out.tables.push_back(tally.Finish());
  return out;
}

}  // namespace iphub::engine::search
