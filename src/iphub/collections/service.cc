#include "iphub/collections/service.h"

#include <algorithm>
#include <limits>
#include <map>

#include "iphub/auth/audit.h"
#include "iphub/base/civil_date.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/collections/store.h"
#include "iphub/engine/query/parser.h"
#include "iphub/patents/numbers.h"
#include "iphub/patents/store.h"
#include "nlohmann/json.hpp"

namespace iphub::collections {
namespace {

using json = nlohmann::json;

constexpr std::string_view kSavedSearch = "saved search";
constexpr std::string_view kCollection = "collection";

absl::Status LogInFirst() { return absl::UnauthenticatedError("log in first"); }

// The owner's organisation to record: the caller's own when the caller is the owner (a
// user who moved keeps sharing with the new organisation); else the one recorded.
std::optional<int64_t> OrganizationFor(const auth::Principal& caller, const Ownership& record) {
  return caller.user_id == record.owner_id ? caller.organization_id : record.organization_id;
}

absl::Status CheckShareable(const Ownership& ownership) {
  if (ownership.shared && !ownership.organization_id.has_value()) {
    return base::InvalidField("shared", "the owner belongs to no organization to share with");
  }
  return absl::OkStatus();
}

auth::AuditEvent Event(std::string_view action, std::string_view entity, int64_t id,
                       const auth::Principal& caller, json detail) {
  return {.action = std::string(action),
          .entity = std::string(entity),
          .entity_id = std::to_string(id),
          .region_code = caller.region_code,
          .detail = std::move(detail)};
}

// A publication number as lists write it: no spaces, upper case ("CN104223590A").
std::string CompactNumber(std::string_view number) {
  std::string out;
  for (char c : number) {
    if (!base::IsAsciiSpace(c)) out.push_back(base::AsciiUpper(c));
  }
  return out;
}

// Stored publications the text may mean, latest first (several for a number without kind).
absl::StatusOr<std::vector<std::string>> ResolveNumber(db::Connection& conn,
                                                       std::string_view number) {
  const std::string compact = CompactNumber(number);
  if (compact.empty()) return base::InvalidField("publication_number", "is required");
  IPHUB_ASSIGN_OR_RETURN(std::optional<int64_t> exact, store::PatentIdOf(conn, compact));
  if (exact.has_value()) return std::vector<std::string>{compact};
  absl::StatusOr<patents::NumberQuery> query = patents::ParseNumberQuery(number);
  if (!query.ok()) return base::WithField(query.status(), "publication_number");
  IPHUB_ASSIGN_OR_RETURN(std::vector<patents::store::StoredPatent> found,
                         patents::store::FindByNumber(conn, *query));
  std::vector<std::string> numbers;
  numbers.reserve(found.size());
  for (const auto& stored : found) numbers.push_back(stored.publication_number);
  return numbers;
}

CollectionPatent FromHit(const patents::PatentHit& hit) {
  return {.publication_number = hit.publication_number,
          .title = hit.title,
          .country = hit.country,
          .kind = hit.kind,
          .type = hit.type,
          .application_number = hit.application_number,
          .application_date = hit.application_date,
          .publication_date = hit.publication_date,
          .ipc_main = hit.ipc_main,
          .first_applicant = hit.applicants.empty() ? std::string() : hit.applicants.front()};
}

// Sets the tags of `items` (patents of collection `id`) from the stored tags.
absl::Status AttachTags(db::Connection& conn, int64_t id, std::vector<CollectionPatent>& items) {
  std::vector<std::string> numbers;
  numbers.reserve(items.size());
  for (const CollectionPatent& patent : items) numbers.push_back(patent.publication_number);
  IPHUB_ASSIGN_OR_RETURN(std::vector<store::TagRow> rows, store::TagsOf(conn, id, numbers));
  std::map<std::string, PatentTags> by_number;
  for (store::TagRow& row : rows) {
    PatentTags& tags = by_number[row.publication_number];
    (row.axis == TagAxis::kTechnology ? tags.technology : tags.effect)
        .push_back(std::move(row.label));
  }
  for (CollectionPatent& patent : items) {
    auto it = by_number.find(patent.publication_number);
    if (it == by_number.end()) continue;
    patent.technology = std::move(it->second.technology);
    patent.effect = std::move(it->second.effect);
  }
  return absl::OkStatus();
}

}  // namespace

CollectionService::CollectionService(db::Database& database, const patents::PatentIndex& index,
                                     base::Clock& clock)
    : database_(database), index_(index), clock_(clock) {}

absl::StatusOr<std::string> CollectionService::CheckQuery(std::string_view query) const {
  std::string trimmed(base::StripWhitespace(query));
  if (trimmed.empty()) return base::InvalidField("query", "a query is required");
  absl::StatusOr<uint64_t> count = index_.Count(trimmed);
  if (!count.ok()) return engine::query::WithQueryField(count.status(), "query");
  return trimmed;
}

std::optional<uint64_t> CollectionService::CountHits(std::string_view query) const {
  absl::StatusOr<uint64_t> count = index_.Count(query);
  if (!count.ok()) return std::nullopt;
  return *count;
}

std::string CollectionService::NewSinceQuery(std::string_view query, int64_t viewed_at) {
  return base::StrCat("(", query, ") AND PD>=", base::ShanghaiDate(viewed_at));
}

// --- saved searches ---------------------------------------------------------------

SavedSearchView CollectionService::ViewOf(const auth::Principal& caller, SavedSearch search) const {
  SavedSearchView view;
  view.editable = MayChange(caller, search.ownership);
  view.hit_count = CountHits(search.query);
  view.search = std::move(search);
  return view;
}

absl::StatusOr<SavedSearchView> CollectionService::CreateSavedSearch(
    const auth::Principal* caller, const SavedSearchInput& input) {
  if (caller == nullptr) return LogInFirst();
  SavedSearch search;
  IPHUB_ASSIGN_OR_RETURN(search.name, NormalizeName(input.name.value_or("")));
  IPHUB_ASSIGN_OR_RETURN(search.query, CheckQuery(input.query.value_or("")));
  IPHUB_ASSIGN_OR_RETURN(search.sort, NormalizeSort(input.sort.value_or("")));
  search.ownership = {.owner_id = caller->user_id,
                      .organization_id = caller->organization_id,
                      .shared = input.shared.value_or(false)};
  IPHUB_RETURN_IF_ERROR(CheckShareable(search.ownership));

  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  const int64_t now = clock_.NowMillis();
  IPHUB_ASSIGN_OR_RETURN(search.id, store::InsertSavedSearch(*conn, search, now));
  IPHUB_RETURN_IF_ERROR(
      auth::AppendAudit(*conn, caller, now,
                        Event("saved_search.create", "saved_search", search.id, *caller,
                              {{"name", search.name},
                               {"query", search.query},
                               {"sort", search.sort},
                               {"shared", search.ownership.shared}})));
  IPHUB_ASSIGN_OR_RETURN(SavedSearch stored, store::GetSavedSearch(*conn, search.id));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return ViewOf(*caller, std::move(stored));
}

absl::StatusOr<SavedSearchView> CollectionService::GetSavedSearch(const auth::Principal* caller,
                                                                  int64_t id) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(SavedSearch search, store::GetSavedSearch(*conn, id));
  IPHUB_RETURN_IF_ERROR(CheckAccess(caller, search.ownership, Access::kRead, kSavedSearch));
  return ViewOf(*caller, std::move(search));
}

absl::StatusOr<ListPage<SavedSearchView>> CollectionService::ListSavedSearches(
    const auth::Principal* caller, ListScope scope, int64_t limit, int64_t offset) {
  IPHUB_RETURN_IF_ERROR(CheckListScope(caller, scope));
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(
      store::Page<SavedSearch> page,
      store::ListSavedSearches(
          *conn,
          {.scope = scope, .user_id = caller->user_id, .organization_id = caller->organization_id},
          limit, offset));
  ListPage<SavedSearchView> out;
  out.total = page.total;
  out.items.reserve(page.items.size());
  for (SavedSearch& search : page.items) out.items.push_back(ViewOf(*caller, std::move(search)));
  return out;
}

absl::StatusOr<SavedSearchView> CollectionService::UpdateSavedSearch(
    const auth::Principal* caller, int64_t id, const SavedSearchInput& input) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(SavedSearch search, store::GetSavedSearch(*conn, id));
  IPHUB_RETURN_IF_ERROR(CheckAccess(caller, search.ownership, Access::kChange, kSavedSearch));
  json changes = json::object();
  if (input.name.has_value()) {
    IPHUB_ASSIGN_OR_RETURN(std::string name, NormalizeName(*input.name));
    if (name != search.name) changes["name"] = name;
    search.name = std::move(name);
  }
  if (input.query.has_value()) {
    IPHUB_ASSIGN_OR_RETURN(std::string query, CheckQuery(*input.query));
    if (query != search.query) changes["query"] = query;
    search.query = std::move(query);
  }
  if (input.sort.has_value()) {
    IPHUB_ASSIGN_OR_RETURN(std::string sort, NormalizeSort(*input.sort));
    if (sort != search.sort) changes["sort"] = sort;
    search.sort = std::move(sort);
  }
  if (input.shared.has_value() && *input.shared != search.ownership.shared) {
    changes["shared"] = *input.shared;
    search.ownership.shared = *input.shared;
  }
  search.ownership.organization_id = OrganizationFor(*caller, search.ownership);
  IPHUB_RETURN_IF_ERROR(CheckShareable(search.ownership));
  const int64_t now = clock_.NowMillis();
  IPHUB_RETURN_IF_ERROR(store::UpdateSavedSearch(*conn, search, now));
  IPHUB_RETURN_IF_ERROR(auth::AppendAudit(
      *conn, caller, now, Event("saved_search.update", "saved_search", id, *caller, changes)));
  IPHUB_ASSIGN_OR_RETURN(SavedSearch stored, store::GetSavedSearch(*conn, id));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return ViewOf(*caller, std::move(stored));
}

absl::Status CollectionService::DeleteSavedSearch(const auth::Principal* caller, int64_t id) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(SavedSearch search, store::GetSavedSearch(*conn, id));
  IPHUB_RETURN_IF_ERROR(CheckAccess(caller, search.ownership, Access::kChange, kSavedSearch));
  IPHUB_RETURN_IF_ERROR(store::DeleteSavedSearch(*conn, id));
  IPHUB_RETURN_IF_ERROR(
      auth::AppendAudit(*conn, caller, clock_.NowMillis(),
                        Event("saved_search.delete", "saved_search", id, *caller,
                              {{"name", search.name}, {"owner_id", search.ownership.owner_id}})));
  return tx.Commit();
}

// --- collections -------------------------------------------------------------------

absl::StatusOr<CollectionView> CollectionService::ViewOf(db::Connection& conn,
                                                         const auth::Principal& caller,
                                                         Collection collection) const {
  CollectionView view;
  view.editable = MayChange(caller, collection.ownership);
  IPHUB_ASSIGN_OR_RETURN(view.last_viewed_at,
                         store::LastViewed(conn, collection.id, caller.user_id));
  if (collection.kind == CollectionKind::kStatic) {
    IPHUB_ASSIGN_OR_RETURN(int64_t members, store::CountMembers(conn, collection.id));
    view.patent_count = static_cast<uint64_t>(members);
    if (view.last_viewed_at.has_value()) {
      IPHUB_ASSIGN_OR_RETURN(int64_t added,
                             store::CountMembers(conn, collection.id, view.last_viewed_at));
      view.new_count = static_cast<uint64_t>(added);
    }
  } else {
    view.patent_count = CountHits(collection.query);
    if (view.last_viewed_at.has_value()) {
      view.new_count = CountHits(NewSinceQuery(collection.query, *view.last_viewed_at));
    }
  }
  view.collection = std::move(collection);
  return view;
}

absl::StatusOr<CollectionView> CollectionService::CreateCollection(const auth::Principal* caller,
                                                                   const CollectionInput& input) {
  if (caller == nullptr) return LogInFirst();
  Collection collection;
  IPHUB_ASSIGN_OR_RETURN(collection.name, NormalizeName(input.name.value_or("")));
  IPHUB_ASSIGN_OR_RETURN(collection.description,
                         NormalizeDescription(input.description.value_or("")));
  IPHUB_ASSIGN_OR_RETURN(collection.kind, ParseCollectionKind(input.kind.value_or("static")));
  if (collection.kind == CollectionKind::kAuto) {
    IPHUB_ASSIGN_OR_RETURN(collection.query, CheckQuery(input.query.value_or("")));
  } else if (!base::StripWhitespace(input.query.value_or("")).empty()) {
    return base::InvalidField("query", "a static collection has no query; use kind auto");
  }
  collection.ownership = {.owner_id = caller->user_id,
                          .organization_id = caller->organization_id,
                          .shared = input.shared.value_or(false)};
  IPHUB_RETURN_IF_ERROR(CheckShareable(collection.ownership));

  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  const int64_t now = clock_.NowMillis();
  IPHUB_ASSIGN_OR_RETURN(collection.id, store::InsertCollection(*conn, collection, now));
  json detail = {{"name", collection.name},
                 {"kind", CollectionKindName(collection.kind)},
                 {"shared", collection.ownership.shared}};
  if (collection.kind == CollectionKind::kAuto) detail["query"] = collection.query;
  IPHUB_RETURN_IF_ERROR(auth::AppendAudit(
      *conn, caller, now,
      Event("collection.create", "collection", collection.id, *caller, std::move(detail))));
  IPHUB_ASSIGN_OR_RETURN(Collection stored, store::GetCollection(*conn, collection.id));
  IPHUB_ASSIGN_OR_RETURN(CollectionView view, ViewOf(*conn, *caller, std::move(stored)));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return view;
}

absl::StatusOr<CollectionView> CollectionService::GetCollection(const auth::Principal* caller,
                                                                int64_t id) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(Collection collection, store::GetCollection(*conn, id));
  IPHUB_RETURN_IF_ERROR(CheckAccess(caller, collection.ownership, Access::kRead, kCollection));
  return ViewOf(*conn, *caller, std::move(collection));
}

absl::StatusOr<ListPage<CollectionView>> CollectionService::ListCollections(
    const auth::Principal* caller, ListScope scope, std::optional<CollectionKind> kind,
    int64_t limit, int64_t offset) {
  IPHUB_RETURN_IF_ERROR(CheckListScope(caller, scope));
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(store::Page<Collection> page,
                         store::ListCollections(*conn,
                                                {.scope = scope,
                                                 .user_id = caller->user_id,
                                                 .organization_id = caller->organization_id,
                                                 .kind = kind},
                                                limit, offset));
  ListPage<CollectionView> out;
  out.total = page.total;
  for (Collection& collection : page.items) {
    IPHUB_ASSIGN_OR_RETURN(CollectionView view, ViewOf(*conn, *caller, std::move(collection)));
    out.items.push_back(std::move(view));
  }
  return out;
}

absl::StatusOr<CollectionView> CollectionService::UpdateCollection(const auth::Principal* caller,
                                                                   int64_t id,
                                                                   const CollectionInput& input) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Collection collection, store::GetCollection(*conn, id));
  IPHUB_RETURN_IF_ERROR(CheckAccess(caller, collection.ownership, Access::kChange, kCollection));
  if (input.kind.has_value()) {
    IPHUB_ASSIGN_OR_RETURN(CollectionKind kind, ParseCollectionKind(*input.kind));
    if (kind != collection.kind) {
      return base::InvalidField("kind", "cannot be changed; create a new collection instead");
    }
  }
  json changes = json::object();
  if (input.name.has_value()) {
    IPHUB_ASSIGN_OR_RETURN(std::string name, NormalizeName(*input.name));
    if (name != collection.name) changes["name"] = name;
    collection.name = std::move(name);
  }
  if (input.description.has_value()) {
    IPHUB_ASSIGN_OR_RETURN(std::string description, NormalizeDescription(*input.description));
    if (description != collection.description) changes["description"] = description;
    collection.description = std::move(description);
  }
  if (input.query.has_value()) {
    if (collection.kind == CollectionKind::kStatic) {
      if (!base::StripWhitespace(*input.query).empty()) {
        return base::InvalidField("query", "a static collection has no query");
      }
    } else {
      IPHUB_ASSIGN_OR_RETURN(std::string query, CheckQuery(*input.query));
      if (query != collection.query) changes["query"] = query;
      collection.query = std::move(query);
    }
  }
  if (input.shared.has_value() && *input.shared != collection.ownership.shared) {
    changes["shared"] = *input.shared;
    collection.ownership.shared = *input.shared;
  }
  collection.ownership.organization_id = OrganizationFor(*caller, collection.ownership);
  IPHUB_RETURN_IF_ERROR(CheckShareable(collection.ownership));
  const int64_t now = clock_.NowMillis();
  IPHUB_RETURN_IF_ERROR(store::UpdateCollection(*conn, collection, now));
  IPHUB_RETURN_IF_ERROR(auth::AppendAudit(
      *conn, caller, now, Event("collection.update", "collection", id, *caller, changes)));
  IPHUB_ASSIGN_OR_RETURN(Collection stored, store::GetCollection(*conn, id));
  IPHUB_ASSIGN_OR_RETURN(CollectionView view, ViewOf(*conn, *caller, std::move(stored)));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return view;
}

absl::Status CollectionService::DeleteCollection(const auth::Principal* caller, int64_t id) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Collection collection, store::GetCollection(*conn, id));
  IPHUB_RETURN_IF_ERROR(CheckAccess(caller, collection.ownership, Access::kChange, kCollection));
  IPHUB_ASSIGN_OR_RETURN(int64_t members, store::CountMembers(*conn, id));
  IPHUB_RETURN_IF_ERROR(store::DeleteCollection(*conn, id));
  IPHUB_RETURN_IF_ERROR(auth::AppendAudit(*conn, caller, clock_.NowMillis(),
                                          Event("collection.delete", "collection", id, *caller,
                                                {{"name", collection.name},
                                                 {"kind", CollectionKindName(collection.kind)},
                                                 {"owner_id", collection.ownership.owner_id},
                                                 {"patents", members}})));
  return tx.Commit();
}

absl::StatusOr<CollectionPatent> CollectionService::AddPatent(const auth::Principal* caller,
                                                              int64_t id, std::string_view number) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Collection collection, store::GetCollection(*conn, id));
  IPHUB_RETURN_IF_ERROR(CheckAccess(caller, collection.ownership, Access::kChange, kCollection));
  if (collection.kind != CollectionKind::kStatic) {
    return absl::FailedPreconditionError(
        "an auto collection holds what its query finds; change the query instead");
  }
  // Touching the row first makes concurrent additions to one collection take turns
  // (PostgreSQL row lock; SQLite has one writer anyway), so the cap below holds.
  const int64_t now = clock_.NowMillis();
  IPHUB_RETURN_IF_ERROR(store::TouchCollection(*conn, id, now));
  IPHUB_ASSIGN_OR_RETURN(std::vector<std::string> numbers, ResolveNumber(*conn, number));
  if (numbers.empty()) {
    return base::InvalidField("publication_number",
                              base::StrCat("no patent document ", number, " is stored"));
  }
  // Several publications of one number without kind: the latest, as a look-up answers.
  const std::string& publication_number = numbers.front();
  IPHUB_ASSIGN_OR_RETURN(std::optional<int64_t> patent_id,
                         store::PatentIdOf(*conn, publication_number));
  if (!patent_id.has_value()) {
    return base::InvalidField("publication_number",
                              base::StrCat("no patent document ", number, " is stored"));
  }
  IPHUB_ASSIGN_OR_RETURN(int64_t members, store::CountMembers(*conn, id));
  if (members >= kMaxStaticPatents) {
    return absl::FailedPreconditionError(
        base::StrCat("the collection is full: a static collection holds at most ",
                     kMaxStaticPatents, " patents"));
  }
  IPHUB_RETURN_IF_ERROR(store::AddMember(*conn, id, *patent_id, caller->user_id, now));
  IPHUB_RETURN_IF_ERROR(auth::AppendAudit(
      *conn, caller, now,
      Event("collection.add_patent", "collection", id, *caller,
            {{"publication_number", publication_number}, {"collection", collection.name}})));
  IPHUB_ASSIGN_OR_RETURN(CollectionPatent added, store::GetMember(*conn, id, *patent_id));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return added;
}

absl::Status CollectionService::RemovePatent(const auth::Principal* caller, int64_t id,
                                             std::string_view number) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Collection collection, store::GetCollection(*conn, id));
  IPHUB_RETURN_IF_ERROR(CheckAccess(caller, collection.ownership, Access::kChange, kCollection));
  if (collection.kind != CollectionKind::kStatic) {
    return absl::FailedPreconditionError(
        "an auto collection holds what its query finds; change the query instead");
  }
  IPHUB_ASSIGN_OR_RETURN(std::vector<std::string> numbers, ResolveNumber(*conn, number));
  // The first of the publications the number may mean that is a member.
  for (const std::string& candidate : numbers) {
    IPHUB_ASSIGN_OR_RETURN(std::optional<int64_t> patent_id, store::PatentIdOf(*conn, candidate));
    if (!patent_id.has_value()) continue;
    IPHUB_ASSIGN_OR_RETURN(bool removed, store::RemoveMember(*conn, id, *patent_id));
    if (!removed) continue;
    // Its tags go with it: a patent added again starts untagged.
    IPHUB_RETURN_IF_ERROR(store::DeleteTags(*conn, id, *patent_id));
    const int64_t now = clock_.NowMillis();
    IPHUB_RETURN_IF_ERROR(store::TouchCollection(*conn, id, now));
    IPHUB_RETURN_IF_ERROR(auth::AppendAudit(
        *conn, caller, now,
        Event("collection.remove_patent", "collection", id, *caller,
              {{"publication_number", candidate}, {"collection", collection.name}})));
    return tx.Commit();
  }
  return absl::NotFoundError(base::StrCat("patent ", number, " is not in the collection"));
}

absl::StatusOr<CollectionPatents> CollectionService::ListPatents(const auth::Principal* caller,
                                                                 int64_t id,
                                                                 const PatentListRequest& request) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(Collection collection, store::GetCollection(*conn, id));
  IPHUB_RETURN_IF_ERROR(CheckAccess(caller, collection.ownership, Access::kRead, kCollection));
  std::optional<int64_t> since;
  if (request.only_new) {
    IPHUB_ASSIGN_OR_RETURN(since, store::LastViewed(*conn, id, caller->user_id));
  }
  CollectionPatents out;
  if (collection.kind == CollectionKind::kStatic) {
    IPHUB_ASSIGN_OR_RETURN(store::Page<CollectionPatent> page,
                           store::ListMembers(*conn, id, since, request.limit, request.offset));
    out.total = page.total;
    out.items = std::move(page.items);
    IPHUB_RETURN_IF_ERROR(AttachTags(*conn, id, out.items));
    return out;
  }
  // The engine pages with 32-bit offsets; a page beyond them is empty anyway.
  constexpr int64_t kMaxOffset = std::numeric_limits<uint32_t>::max() / 2;
  patents::PatentSearchRequest search;
  search.query = since ? NewSinceQuery(collection.query, *since) : collection.query;
  search.sort = "-publication_date";
  search.offset = static_cast<uint32_t>(std::clamp<int64_t>(request.offset, 0, kMaxOffset));
  search.limit = static_cast<uint32_t>(std::clamp<int64_t>(request.limit, 0, 1000));
  search.snippets = false;
  IPHUB_ASSIGN_OR_RETURN(patents::PatentSearchResult found, index_.Search(search));
  out.total = static_cast<int64_t>(found.total);
  for (const patents::PatentHit& hit : found.hits) out.items.push_back(FromHit(hit));
  IPHUB_RETURN_IF_ERROR(AttachTags(*conn, id, out.items));
  return out;
}

absl::StatusOr<std::pair<std::string, int64_t>> CollectionService::FindMember(
    db::Connection& conn, const Collection& collection, std::string_view number) const {
  IPHUB_ASSIGN_OR_RETURN(std::vector<std::string> numbers, ResolveNumber(conn, number));
  if (collection.kind == CollectionKind::kAuto && !numbers.empty()) {
    // Those the query matches now, in the order given.
    IPHUB_ASSIGN_OR_RETURN(numbers, index_.MatchKeys(collection.query, numbers));
  }
  for (const std::string& candidate : numbers) {
    IPHUB_ASSIGN_OR_RETURN(std::optional<int64_t> patent_id, store::PatentIdOf(conn, candidate));
    if (!patent_id.has_value()) continue;
    if (collection.kind == CollectionKind::kStatic) {
      IPHUB_ASSIGN_OR_RETURN(bool member, store::IsMember(conn, collection.id, *patent_id));
      if (!member) continue;
    }
    return std::pair<std::string, int64_t>(candidate, *patent_id);
  }
  return absl::NotFoundError(base::StrCat("patent ", number, " is not in the collection"));
}

absl::StatusOr<PatentTags> CollectionService::SetPatentTags(const auth::Principal* caller,
                                                            int64_t id, std::string_view number,
                                                            const PatentTagsInput& input) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Collection collection, store::GetCollection(*conn, id));
  IPHUB_RETURN_IF_ERROR(CheckAccess(caller, collection.ownership, Access::kChange, kCollection));
  PatentTags tags;
  IPHUB_ASSIGN_OR_RETURN(tags.technology,
                         NormalizeTags(TagAxisName(TagAxis::kTechnology), input.technology));
  IPHUB_ASSIGN_OR_RETURN(tags.effect, NormalizeTags(TagAxisName(TagAxis::kEffect), input.effect));
  // Touching the row first makes concurrent taggers of one collection take turns, so the
  // cap below holds (as for AddPatent).
  const int64_t now = clock_.NowMillis();
  IPHUB_RETURN_IF_ERROR(store::TouchCollection(*conn, id, now));
  IPHUB_ASSIGN_OR_RETURN(auto member, FindMember(*conn, collection, number));
  auto& [publication_number, patent_id] = member;
  tags.publication_number = publication_number;
  if (!tags.technology.empty() || !tags.effect.empty()) {
    IPHUB_ASSIGN_OR_RETURN(bool tagged, store::HasTags(*conn, id, patent_id));
    if (!tagged) {
      IPHUB_ASSIGN_OR_RETURN(int64_t tagged_patents, store::CountTaggedPatents(*conn, id));
      if (tagged_patents >= kMaxTaggedPatents) {
        return absl::FailedPreconditionError(
            base::StrCat("at most ", kMaxTaggedPatents, " patents of a collection carry tags"));
      }
    }
  }
  IPHUB_RETURN_IF_ERROR(store::ReplaceTags(*conn, id, patent_id, tags, caller->user_id, now));
  IPHUB_RETURN_IF_ERROR(auth::AppendAudit(*conn, caller, now,
                                          Event("collection.tag_patent", "collection", id, *caller,
                                                {{"publication_number", publication_number},
                                                 {"collection", collection.name},
                                                 {"technology", tags.technology},
                                                 {"effect", tags.effect}})));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return tags;
}

absl::StatusOr<TechEffectMatrix> CollectionService::Matrix(const auth::Principal* caller,
                                                           int64_t id, MatrixRows rows) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(Collection collection, store::GetCollection(*conn, id));
  IPHUB_RETURN_IF_ERROR(CheckAccess(caller, collection.ownership, Access::kRead, kCollection));
  const bool is_static = collection.kind == CollectionKind::kStatic;
  IPHUB_ASSIGN_OR_RETURN(std::vector<store::TagRow> tag_rows,
                         store::AllTags(*conn, id, /*members_only=*/is_static));
  // Rows come by publication number: one patent's rows are together.
  std::vector<MatrixPatent> patents;
  for (store::TagRow& row : tag_rows) {
    if (patents.empty() || patents.back().publication_number != row.publication_number) {
      patents.push_back({.publication_number = row.publication_number, .ipc_main = row.ipc_main});
    }
    MatrixPatent& patent = patents.back();
    (row.axis == TagAxis::kTechnology ? patent.technology : patent.effect)
        .push_back(std::move(row.label));
  }
  int64_t members = 0;
  if (is_static) {
    IPHUB_ASSIGN_OR_RETURN(members, store::CountMembers(*conn, id));
  } else {
    IPHUB_ASSIGN_OR_RETURN(uint64_t hits, index_.Count(collection.query));
    members = static_cast<int64_t>(hits);
    // Only the tagged patents the query matches now count.
    std::vector<std::string> numbers;
    numbers.reserve(patents.size());
    for (const MatrixPatent& patent : patents) numbers.push_back(patent.publication_number);
    IPHUB_ASSIGN_OR_RETURN(std::vector<std::string> matched,
                           index_.MatchKeys(collection.query, numbers));
    std::sort(matched.begin(), matched.end());
    std::erase_if(patents, [&matched](const MatrixPatent& patent) {
      return !std::binary_search(matched.begin(), matched.end(), patent.publication_number);
    });
  }
  return BuildMatrix(patents, rows, members);
}

absl::StatusOr<CollectionView> CollectionService::MarkViewed(const auth::Principal* caller,
                                                             int64_t id) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(Collection collection, store::GetCollection(*conn, id));
  IPHUB_RETURN_IF_ERROR(CheckAccess(caller, collection.ownership, Access::kRead, kCollection));
  IPHUB_RETURN_IF_ERROR(store::SetLastViewed(*conn, id, caller->user_id, clock_.NowMillis()));
  IPHUB_ASSIGN_OR_RETURN(CollectionView view, ViewOf(*conn, *caller, std::move(collection)));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return view;
}

}  // namespace iphub::collections
