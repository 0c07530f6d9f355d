// What the engine knows about documents: named fields of three kinds. The
// engine knows documents and fields, not patents; a domain module (patents/)
// declares its schema and maps its records onto `Document`s.
//
//   Schema schema({
//       {.name = "title", .kind = FieldKind::kText, .weight = 3.0},
//       {.name = "ipc", .kind = FieldKind::kKeyword, .column = true},
//       {.name = "filed", .kind = FieldKind::kInt, .column = true},
//   });
//
// A schema is fixed when an index is created (it is stored in the index
// manifest); opening an index with a different schema rebuilds nothing and
// fails with FailedPrecondition, so the caller rebuilds (`iphub index rebuild`).
#ifndef IPHUB_ENGINE_SCHEMA_H_
#define IPHUB_ENGINE_SCHEMA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iphub::engine {

enum class FieldKind : uint8_t {
  kText,     // analysed (text/analyzer.h): positions, frequencies, BM25
  kKeyword,  // exact values (codes, names): one term each, prefix-searchable
  kInt,      // a signed integer per value (dates as yyyymmdd): ranges, sorting
};

struct FieldSpec {
  std::string name;
  FieldKind kind = FieldKind::kText;
  double weight = 1.0;  // kText: BM25 field weight
  // kKeyword, kInt: keep a column (doc values) for facets, sorting and ranges.
  // kInt fields are always columns (ranges read them).
  bool column = false;
  // Keep the values in the segment (compressed): hits, snippets and exports
  // read them back. False for a long text that is only searched (a patent's
  // description): its values are indexed but not kept.
  bool stored = true;
};

class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<FieldSpec> fields);

  const std::vector<FieldSpec>& fields() const { return fields_; }
  size_t size() const { return fields_.size(); }
  const FieldSpec& field(uint32_t id) const { return fields_[id]; }
  // The id of the field called `name`, if there is one.
  std::optional<uint32_t> Find(std::string_view name) const;

  bool HasColumn(uint32_t id) const {
    return fields_[id].kind == FieldKind::kInt || fields_[id].column;
  }

  // A canonical one-line description of what is indexed (names, kinds, columns;
  // not weights, which apply at query time). Equal strings: compatible indexes.
  std::string Fingerprint() const;

 private:
  std::vector<FieldSpec> fields_;
};

// One value of one field. A field may have any number of values (several
// applicants, IPC codes); text values of one field are indexed with a position
// gap between them so a phrase never spans two values.
struct FieldValue {
  uint32_t field = 0;
  std::string text{};  // kText, kKeyword
  int64_t number = 0;  // kInt
};

// A document: a unique external key (for patents the publication number) and
// its values. Adding a document whose key is already indexed replaces it.
struct Document {
  std::string key;
  std::vector<FieldValue> values;

  void AddText(uint32_t field, std::string text) {
    values.push_back({.field = field, .text = std::move(text)});
  }
  void AddKeyword(uint32_t field, std::string value) {
    values.push_back({.field = field, .text = std::move(value)});
  }
  void AddInt(uint32_t field, int64_t number) {
    values.push_back({.field = field, .number = number});
  }
};

// Positions between two values of one text field.
inline constexpr uint32_t kValuePositionGap = 100;

}  // namespace iphub::engine

#endif  // IPHUB_ENGINE_SCHEMA_H_
