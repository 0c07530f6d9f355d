// SQL for saved searches and collections. Functions take the caller's connection
// (and so its transaction); they check no permission — that is the service's job.
//
// Tables (migrations/0001_collections.sql): saved_searches, collections,
// collection_patents (a static collection's members, joined with `patents` of the
// patents module) and collection_views (when each user last looked at a collection);
// (0002_patent_tags.sql) collection_patent_tags (technology and effect tags of patents).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/collections/access.h"
#include "iphub/collections/model.h"
#include "iphub/db/database.h"

namespace iphub::collections::store {

template <typename T>
struct Page {
  std::vector<T> items{};
  int64_t total = 0;
};

// What a list shows: `scope` as seen by user `user_id` of `organization_id`.
struct ListFilter {
  ListScope scope = ListScope::kVisible;
  int64_t user_id = 0;
  std::optional<int64_t> organization_id{};
  std::optional<CollectionKind> kind{};  // collections only
};

// --- saved searches ---------------------------------------------------------

// Inserts `search` (its id and owner_name are ignored); returns the new id.
absl::StatusOr<int64_t> InsertSavedSearch(db::Connection& conn, const SavedSearch& search,
                                          int64_t now);
// NotFound when there is no such saved search.
absl::StatusOr<SavedSearch> GetSavedSearch(db::Connection& conn, int64_t id);
// Writes name, query, sort, organisation and sharing of `search.id`.
absl::Status UpdateSavedSearch(db::Connection& conn, const SavedSearch& search, int64_t now);
absl::Status DeleteSavedSearch(db::Connection& conn, int64_t id);
// Most recently changed first.
absl::StatusOr<Page<SavedSearch>> ListSavedSearches(db::Connection& conn, const ListFilter& filter,
                                                    int64_t limit, int64_t offset);

// --- collections ------------------------------------------------------------

absl::StatusOr<int64_t> InsertCollection(db::Connection& conn, const Collection& collection,
                                         int64_t now);
// NotFound when there is no such collection.
absl::StatusOr<Collection> GetCollection(db::Connection& conn, int64_t id);
// Writes name, description, query, organisation and sharing (not the kind).
absl::Status UpdateCollection(db::Connection& conn, const Collection& collection, int64_t now);
// Sets updated_at only (a member was added or removed).
absl::Status TouchCollection(db::Connection& conn, int64_t id, int64_t now);
// Deletes the collection with its members, tags and view marks.
absl::Status DeleteCollection(db::Connection& conn, int64_t id);
// Most recently changed first.
absl::StatusOr<Page<Collection>> ListCollections(db::Connection& conn, const ListFilter& filter,
                                                 int64_t limit, int64_t offset);

// --- members of static collections --------------------------------------------

// The id of the stored patent with this exact publication number, if any.
absl::StatusOr<std::optional<int64_t>> PatentIdOf(db::Connection& conn,
                                                  std::string_view publication_number);
// With `added_after`, only members added later than that.
absl::StatusOr<int64_t> CountMembers(db::Connection& conn, int64_t collection_id,
                                     std::optional<int64_t> added_after = std::nullopt);
absl::StatusOr<bool> IsMember(db::Connection& conn, int64_t collection_id, int64_t patent_id);
// AlreadyExists when the patent is a member already.
absl::Status AddMember(db::Connection& conn, int64_t collection_id, int64_t patent_id,
                       int64_t added_by, int64_t now);
// True when the patent was a member (and is no longer).
absl::StatusOr<bool> RemoveMember(db::Connection& conn, int64_t collection_id, int64_t patent_id);
// Newest added first; with `added_after`, only members added later than that.
absl::StatusOr<Page<CollectionPatent>> ListMembers(db::Connection& conn, int64_t collection_id,
                                                   std::optional<int64_t> added_after,
                                                   int64_t limit, int64_t offset);
// One member; NotFound when the patent is not in the collection.
absl::StatusOr<CollectionPatent> GetMember(db::Connection& conn, int64_t collection_id,
                                           int64_t patent_id);

// --- tags (technology × effect matrix) -----------------------------------------

// One tag row with the tagged patent's publication number and main IPC.
struct TagRow {
  int64_t patent_id = 0;
  std::string publication_number{};
  std::string ipc_main{};
  TagAxis axis = TagAxis::kTechnology;
  std::string label{};
};

// Replaces the tags of `patent_id` in the collection by `tags` (labels normalised already).
absl::Status ReplaceTags(db::Connection& conn, int64_t collection_id, int64_t patent_id,
                         const PatentTags& tags, int64_t tagged_by, int64_t now);
// Deletes the tags of one patent in the collection.
absl::Status DeleteTags(db::Connection& conn, int64_t collection_id, int64_t patent_id);
// Whether the patent carries any tag in the collection.
absl::StatusOr<bool> HasTags(db::Connection& conn, int64_t collection_id, int64_t patent_id);
// How many patents carry tags in the collection.
absl::StatusOr<int64_t> CountTaggedPatents(db::Connection& conn, int64_t collection_id);
// The tags of the listed publications, by publication number, then axis, then label.
absl::StatusOr<std::vector<TagRow>> TagsOf(db::Connection& conn, int64_t collection_id,
                                           const std::vector<std::string>& publication_numbers);
// Every tag of the collection, by publication number, then axis, then label. With
// `members_only`, only the tags of the collection's stored members (static collections).
absl::StatusOr<std::vector<TagRow>> AllTags(db::Connection& conn, int64_t collection_id,
                                            bool members_only);

// --- views ------------------------------------------------------------------

// When `user_id` last marked the collection as viewed, if ever.
absl::StatusOr<std::optional<int64_t>> LastViewed(db::Connection& conn, int64_t collection_id,
                                                  int64_t user_id);
absl::Status SetLastViewed(db::Connection& conn, int64_t collection_id, int64_t user_id,
                           int64_t at);

}  // namespace iphub::collections::store
