// Saved searches and thematic collections (专题库: a named set of patents on one
// subject): the records, and the rules on their fields that need no database.
//
// A saved search is a query of the query language (docs/query-language.md) with a
// sort, kept under a name. A collection is either `static`, an explicit list of
// patents that its owner adds to and removes from, or `auto`, defined by a query,
// so that its members are whatever the query matches now and it grows as patents
// are imported. Both belong to one user and may be shared with the user's
// organisation (access.h says who may read and change them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace iphub::collections {

inline constexpr size_t kMaxNameChars = 100;          // code points
inline constexpr size_t kMaxDescriptionChars = 2000;  // code points
// A static collection holds at most this many patents.
inline constexpr int64_t kMaxStaticPatents = 10000;

enum class CollectionKind {
  kStatic,  // an explicit list of patents
  kAuto,    // the patents a query matches now
};

std::string_view CollectionKindName(CollectionKind kind);  // "static", "auto"
// InvalidArgument (field "kind") for anything else.
absl::StatusOr<CollectionKind> ParseCollectionKind(std::string_view name);

// Who owns a record and with whom it is shared: what access.h decides on.
struct Ownership {
  int64_t owner_id = 0;
  // The owner's organisation when the record was last saved by its owner (null: none,
  // so the record cannot be shared).
  std::optional<int64_t> organization_id{};
  bool shared = false;  // visible to the members of organization_id
};

struct SavedSearch {
  int64_t id = 0;
  Ownership ownership{};
  std::string owner_name{};  // the owner's display name (username when it has none)
  std::string name{};
  std::string query{};
  std::string sort{};  // a sort of /api/v1/search: "relevance", "-publication_date", ...
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct Collection {
  int64_t id = 0;
  Ownership ownership{};
  std::string owner_name{};
  std::string name{};
  std::string description{};
  CollectionKind kind = CollectionKind::kStatic;
  std::string query{};  // auto: the defining query; static: empty
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// One patent of a collection's list.
struct CollectionPatent {
  std::string publication_number{};
  std::string title{};
  std::string country{};
  std::string kind{};
  std::string type{};  // the document type name of the JSONL format
  std::string application_number{};
  std::string application_date{};
  std::string publication_date{};
  std::string ipc_main{};
  std::string first_applicant{};
  // Static collections: when and by whom the patent was added.
  std::optional<int64_t> added_at{};
  std::optional<std::string> added_by{};
  // The tags of the patent in this collection, each list sorted.
  std::vector<std::string> technology{};  // technology branches (技术分支)
  std::vector<std::string> effect{};      // effects (功效)
};

// --- technology × effect matrix (技术功效矩阵) ---------------------------------------

inline constexpr size_t kMaxTagChars = 40;  // code points
inline constexpr size_t kMaxTagsPerAxis = 10;
// At most this many patents of one collection carry tags (as many as a static collection
// holds), so that a matrix reads a bounded number of rows.
inline constexpr int64_t kMaxTaggedPatents = kMaxStaticPatents;

enum class TagAxis {
  kTechnology,  // a technology branch (技术分支)
  kEffect,      // an effect (功效)
};

std::string_view TagAxisName(TagAxis axis);  // "technology", "effect"

// The tags of one patent in one collection.
struct PatentTags {
  std::string publication_number{};
  std::vector<std::string> technology{};
  std::vector<std::string> effect{};
};

// `labels` trimmed, without duplicates, sorted: each 1 to kMaxTagChars code points without
// control characters, at most kMaxTagsPerAxis of them. InvalidArgument with field `field`
// ("technology", "effect") otherwise.
absl::StatusOr<std::vector<std::string>> NormalizeTags(std::string_view field,
                                                       const std::vector<std::string>& labels);

// What the rows of a matrix are.
enum class MatrixRows {
  kTags,         // the technology tags
  kIpcSubclass,  // the IPC subclass of each patent's main IPC ("H01M"), for effect-only tagging
};

// "" or "tags" (kTags), "ipc" (kIpcSubclass); InvalidArgument (field "technology") otherwise.
absl::StatusOr<MatrixRows> ParseMatrixRows(std::string_view name);

// The subclass of an IPC symbol ("H01M 10/613" -> "H01M"); "" when it names none.
std::string IpcSubclass(std::string_view ipc_main);

// One member patent as a matrix reads it.
struct MatrixPatent {
  std::string publication_number{};
  std::string ipc_main{};
  std::vector<std::string> technology{};
  std::vector<std::string> effect{};
};

struct MatrixLabel {
  std::string label{};
  int64_t count = 0;  // tagged patents with this label
};

struct MatrixCell {
  std::string technology{};
  std::string effect{};
  int64_t count = 0;                   // patents with both
  std::vector<std::string> numbers{};  // their publication numbers, sorted
};

// Rows = technologies, columns = effects; each ordered by count (most first), then label.
// Cells with no patent are left out; the others follow the row order, then the column order.
struct TechEffectMatrix {
  std::vector<MatrixLabel> technologies{};
  std::vector<MatrixLabel> effects{};
  std::vector<MatrixCell> cells{};
  int64_t tagged = 0;    // member patents counted: with any tag (kTags), with an effect (kIpc…)
  int64_t untagged = 0;  // the other members
};

// The matrix of `patents` (the current members that carry tags). `members` is the number of
// members of the collection now, for `untagged`. With kIpcSubclass, each patent's technology
// is its IPC subclass (none when ipc_main names none) and only patents with effects count.
TechEffectMatrix BuildMatrix(const std::vector<MatrixPatent>& patents, MatrixRows rows,
                             int64_t members);

// `name` without surrounding white space, 1 to kMaxNameChars code points, no control
// characters; otherwise InvalidArgument with field "name".
absl::StatusOr<std::string> NormalizeName(std::string_view name);
// `description` trimmed, at most kMaxDescriptionChars code points (InvalidArgument, field
// "description").
absl::StatusOr<std::string> NormalizeDescription(std::string_view description);
// A sort of /api/v1/search; empty means "relevance". InvalidArgument (field "sort") for
// anything else.
absl::StatusOr<std::string> NormalizeSort(std::string_view sort);

}  // namespace iphub::collections
