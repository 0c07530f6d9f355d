// What the API and the web app do with saved searches and collections (专题库):
// create, read, list, change and delete them; add patents to and remove them from a
// static collection; list a collection's patents, and what is new in it since the
// caller last looked; tag its patents with technology branches and effects and read the
// technology × effect matrix (技术功效矩阵) of the tags.
//
//   CollectionService service(database, index, clock);
//   IPHUB_ASSIGN_OR_RETURN(CollectionView created,
//       service.CreateCollection(&caller, {.name = "无人机电池", .kind = "auto",
//                                          .query = "TI=(无人机 AND 电池)", .shared = true}));
//   IPHUB_ASSIGN_OR_RETURN(CollectionPatents page,
//       service.ListPatents(&caller, created.collection.id, {.limit = 20}));
//
// Access follows access.h (a record the caller may not read is NotFound; a null caller
// is Unauthenticated). Every change commits together with its audit entry
// (saved_search.create|update|delete, collection.create|update|delete|add_patent|
// remove_patent|tag_patent). Queries are checked when saved, by the search index's own parser and
// field bindings, so a malformed one is InvalidArgument with field "query" and the
// character position (base::PositionOf).
//
// Thread-safe: each call borrows its own connection; the index is only read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/auth/model.h"
#include "iphub/base/clock.h"
#include "iphub/collections/access.h"
#include "iphub/collections/model.h"
#include "iphub/db/database.h"
#include "iphub/patents/search.h"

namespace iphub::collections {

// Fields to set; absent ones keep their value (on creation: the defaults below).
struct SavedSearchInput {
  std::optional<std::string> name{};   // required on creation
  std::optional<std::string> query{};  // required on creation
  std::optional<std::string> sort{};   // default "relevance"
  std::optional<bool> shared{};        // default false
};

struct CollectionInput {
  std::optional<std::string> name{};         // required on creation
  std::optional<std::string> description{};  // default ""
  std::optional<std::string> kind{};         // "static" (default) or "auto"; fixed once created
  std::optional<std::string> query{};        // auto only, and required there
  std::optional<bool> shared{};              // default false
};

// A saved search as one caller sees it.
struct SavedSearchView {
  SavedSearch search{};
  bool editable = false;                // the caller may change and delete it
  std::optional<uint64_t> hit_count{};  // hits now; absent when the index cannot count it
};

// A collection as one caller sees it.
struct CollectionView {
  Collection collection{};
  bool editable = false;
  std::optional<uint64_t> patent_count{};   // static: members; auto: hits now (absent: unknown)
  std::optional<int64_t> last_viewed_at{};  // when the caller last marked it viewed
  // Patents new since then (auto: published on or after that day, Asia/Shanghai; static:
  // added later); absent when never viewed or unknown.
  std::optional<uint64_t> new_count{};
};

template <typename T>
struct ListPage {
  int64_t total = 0;
  std::vector<T> items{};
};

struct PatentListRequest {
  int64_t limit = 20;
  int64_t offset = 0;
  // Only patents new since the caller last marked the collection viewed (all when never).
  bool only_new = false;
};

struct CollectionPatents {
  int64_t total = 0;
  std::vector<CollectionPatent> items{};
};

// The tags of one patent; they replace its tags as a whole (an empty list clears an axis).
struct PatentTagsInput {
  std::vector<std::string> technology{};
  std::vector<std::string> effect{};
};

class CollectionService {
 public:
  // `index` answers hit counts and auto collections' members; it must outlive the service.
  CollectionService(db::Database& database, const patents::PatentIndex& index, base::Clock& clock);

  // --- saved searches ---
  // InvalidArgument naming the field for a bad name, query (with position) or sort, or
  // for `shared` when the caller belongs to no organisation.
  absl::StatusOr<SavedSearchView> CreateSavedSearch(const auth::Principal* caller,
                                                    const SavedSearchInput& input);
  absl::StatusOr<SavedSearchView> GetSavedSearch(const auth::Principal* caller, int64_t id);
  absl::StatusOr<ListPage<SavedSearchView>> ListSavedSearches(const auth::Principal* caller,
                                                              ListScope scope, int64_t limit,
                                                              int64_t offset);
  // NotFound when invisible; PermissionDenied when visible but not the caller's to change.
  absl::StatusOr<SavedSearchView> UpdateSavedSearch(const auth::Principal* caller, int64_t id,
                                                    const SavedSearchInput& input);
  absl::Status DeleteSavedSearch(const auth::Principal* caller, int64_t id);

  // --- collections ---
  absl::StatusOr<CollectionView> CreateCollection(const auth::Principal* caller,
                                                  const CollectionInput& input);
  absl::StatusOr<CollectionView> GetCollection(const auth::Principal* caller, int64_t id);
  absl::StatusOr<ListPage<CollectionView>> ListCollections(const auth::Principal* caller,
                                                           ListScope scope,
                                                           std::optional<CollectionKind> kind,
                                                           int64_t limit, int64_t offset);
  absl::StatusOr<CollectionView> UpdateCollection(const auth::Principal* caller, int64_t id,
                                                  const CollectionInput& input);
  absl::Status DeleteCollection(const auth::Principal* caller, int64_t id);

  // Adds the stored patent `number` (written any usual way, as for /api/v1/patents/{number})
  // to static collection `id`. InvalidArgument (field "publication_number") when no such
  // patent is stored or the text is no number; FailedPrecondition for an auto collection
  // or a full one (kMaxStaticPatents); AlreadyExists when it is a member already.
  absl::StatusOr<CollectionPatent> AddPatent(const auth::Principal* caller, int64_t id,
                                             std::string_view number);
  // NotFound when the patent is not in the collection; FailedPrecondition for an auto one.
  absl::Status RemovePatent(const auth::Principal* caller, int64_t id, std::string_view number);
  // Static: the members, newest added first. Auto: the query's hits, newest publication first.
  absl::StatusOr<CollectionPatents> ListPatents(const auth::Principal* caller, int64_t id,
                                                const PatentListRequest& request);
  // Replaces the tags of patent `number` (written any usual way) in collection `id`; the
  // caller must be allowed to change the collection (else NotFound or PermissionDenied, as
  // for changes). InvalidArgument naming the field ("technology", "effect") for a bad label
  // or more than kMaxTagsPerAxis; InvalidArgument (field "publication_number") for text that
  // is no number; NotFound when the patent is not a member now (static: in the list; auto:
  // matched by the query); FailedPrecondition when kMaxTaggedPatents patents carry tags
  // already. Audited as collection.tag_patent. Returns the tags as stored.
  absl::StatusOr<PatentTags> SetPatentTags(const auth::Principal* caller, int64_t id,
                                           std::string_view number, const PatentTagsInput& input);
  // The technology × effect matrix of the tags of the collection's members now (any reader).
  // Tags of patents that left an auto collection do not count. The tagged patents read are
  // at most kMaxTaggedPatents (tagging refuses more).
  absl::StatusOr<TechEffectMatrix> Matrix(const auth::Principal* caller, int64_t id,
                                          MatrixRows rows);
  // Records that the caller looked at the collection now (any reader may).
  absl::StatusOr<CollectionView> MarkViewed(const auth::Principal* caller, int64_t id);

 private:
  SavedSearchView ViewOf(const auth::Principal& caller, SavedSearch search) const;
  absl::StatusOr<CollectionView> ViewOf(db::Connection& conn, const auth::Principal& caller,
                                        Collection collection) const;
  // The query trimmed, after the index has read it (InvalidArgument, field "query").
  absl::StatusOr<std::string> CheckQuery(std::string_view query) const;
  std::optional<uint64_t> CountHits(std::string_view query) const;
  // The stored publication that `number` means and that is a member of `collection` now,
  // with its patent id; NotFound when none is.
  absl::StatusOr<std::pair<std::string, int64_t>> FindMember(db::Connection& conn,
                                                             const Collection& collection,
                                                             std::string_view number) const;
  // Auto collections: the query restricted to patents published since `viewed_at`.
  static std::string NewSinceQuery(std::string_view query, int64_t viewed_at);

  db::Database& database_;
  const patents::PatentIndex& index_;
  base::Clock& clock_;
};

}  // namespace iphub::collections
