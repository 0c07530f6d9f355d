#include "iphub/collections/store.h"

#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/db/where.h"

namespace iphub::collections::store {
namespace {

// Narrows a list to `filter.scope`; `alias` is the listed table's alias ("s", "c").
void AddScope(db::Where& where, std::string_view alias, const ListFilter& filter) {
  const std::string owner = base::StrCat(alias, ".owner_id = ?");
  switch (filter.scope) {
    case ListScope::kAll:
      return;
    case ListScope::kMine:
      where.Add(owner, filter.user_id);
      return;
    case ListScope::kVisible:
      AddVisibleFilter(where, alias, filter.user_id, filter.organization_id);
      return;
    case ListScope::kShared:
      if (!filter.organization_id.has_value()) {
        where.AddRaw("1 = 0");
        return;
      }
      where.AddEach(base::StrCat(alias, ".shared = 1 AND ", alias, ".organization_id = ? AND ",
                                 alias, ".owner_id <> ?"),
                    {*filter.organization_id, filter.user_id});
      return;
  }
}

Ownership OwnershipFrom(const db::Row& row, size_t first) {
  return {.owner_id = row.Int(first),
          .organization_id = row.OptInt(first + 1),
          .shared = row.Int(first + 2) != 0};
}

constexpr std::string_view kSavedSearchColumns =
    "SELECT s.id, s.owner_id, s.organization_id, s.shared, s.name, s.query, s.sort, "
    "s.created_at, s.updated_at, "
    "CASE WHEN u.display_name <> '' THEN u.display_name ELSE u.username END "
    "FROM saved_searches s JOIN users u ON u.id = s.owner_id";

SavedSearch SavedSearchFrom(const db::Row& row) {
  return {.id = row.Int(0),
          .ownership = OwnershipFrom(row, 1),
          .owner_name = row.Text(9),
          .name = row.Text(4),
          .query = row.Text(5),
          .sort = row.Text(6),
          .created_at = row.Int(7),
          .updated_at = row.Int(8)};
}

constexpr std::string_view kCollectionColumns =
    "SELECT c.id, c.owner_id, c.organization_id, c.shared, c.name, c.description, c.kind, "
    "c.query, c.created_at, c.updated_at, "
    "CASE WHEN u.display_name <> '' THEN u.display_name ELSE u.username END "
    "FROM collections c JOIN users u ON u.id = c.owner_id";

Collection CollectionFrom(const db::Row& row) {
  // The column's CHECK admits only the two names.
  const CollectionKind kind =
      row.Text(6) == "auto" ? CollectionKind::kAuto : CollectionKind::kStatic;
  return {.id = row.Int(0),
          .ownership = OwnershipFrom(row, 1),
          .owner_name = row.Text(10),
          .name = row.Text(4),
          .description = row.Text(5),
          .kind = kind,
          .query = row.Text(7),
          .created_at = row.Int(8),
          .updated_at = row.Int(9)};
}

constexpr std::string_view kMemberColumns =
    "SELECT p.publication_number, p.title, p.country, p.kind, p.doc_type, "
    "p.application_number, p.application_date, p.publication_date, p.ipc_main, "
    "p.first_applicant, m.added_at, "
    "CASE WHEN u.display_name <> '' THEN u.display_name ELSE u.username END "
    "FROM collection_patents m JOIN patents p ON p.id = m.patent_id "
    "JOIN users u ON u.id = m.added_by";

CollectionPatent MemberFrom(const db::Row& row) {
  return {.publication_number = row.Text(0),
          .title = row.Text(1),
          .country = row.Text(2),
          .kind = row.Text(3),
          .type = row.Text(4),
          .application_number = row.Text(5),
          .application_date = row.Text(6),
          .publication_date = row.Text(7),
          .ipc_main = row.Text(8),
          .first_applicant = row.Text(9),
          .added_at = row.Int(10),
          .added_by = row.Text(11)};
}

}  // namespace

// --- saved searches -----------------------------------------------------------

absl::StatusOr<int64_t> InsertSavedSearch(db::Connection& conn, const SavedSearch& search,
                                          int64_t now) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query("INSERT INTO saved_searches (owner_id, organization_id, name, query, sort, "
                 "shared, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) "
                 "RETURNING id",
                 {search.ownership.owner_id, search.ownership.organization_id, search.name,
                  search.query, search.sort, search.ownership.shared, now}));
  return result.rows[0].Int(0);
}

absl::StatusOr<SavedSearch> GetSavedSearch(db::Connection& conn, int64_t id) {
  IPHUB_ASSIGN_OR_RETURN(auto result,
                         conn.Query(base::StrCat(kSavedSearchColumns, " WHERE s.id = $1"), {id}));
  if (result.rows.empty()) return absl::NotFoundError("saved search not found");
  return SavedSearchFrom(result.rows[0]);
}

absl::Status UpdateSavedSearch(db::Connection& conn, const SavedSearch& search, int64_t now) {
  return conn.Exec(
      "UPDATE saved_searches SET organization_id = $2, name = $3, query = $4, sort = $5, "
      "shared = $6, updated_at = $7 WHERE id = $1",
      {search.id, search.ownership.organization_id, search.name, search.query, search.sort,
       search.ownership.shared, now});
}

absl::Status DeleteSavedSearch(db::Connection& conn, int64_t id) {
  return conn.Exec("DELETE FROM saved_searches WHERE id = $1", {id});
}

absl::StatusOr<Page<SavedSearch>> ListSavedSearches(db::Connection& conn, const ListFilter& filter,
                                                    int64_t limit, int64_t offset) {
  db::Where where;
  AddScope(where, "s", filter);
  IPHUB_ASSIGN_OR_RETURN(
      auto count, conn.Query(base::StrCat("SELECT COUNT(*) FROM saved_searches s", where.sql()),
                             where.params()));
  auto [limit_sql, params] = where.Paged(limit, offset);
  IPHUB_ASSIGN_OR_RETURN(
      auto rows, conn.Query(base::StrCat(kSavedSearchColumns, where.sql(),
                                         " ORDER BY s.updated_at DESC, s.id DESC", limit_sql),
                            params));
  Page<SavedSearch> page;
  page.total = count.rows[0].Int(0);
  for (const db::Row& row : rows.rows) page.items.push_back(SavedSearchFrom(row));
  return page;
}

// --- collections --------------------------------------------------------------

absl::StatusOr<int64_t> InsertCollection(db::Connection& conn, const Collection& collection,
                                         int64_t now) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query("INSERT INTO collections (owner_id, organization_id, name, description, kind, "
                 "query, shared, created_at, updated_at) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
                 {collection.ownership.owner_id, collection.ownership.organization_id,
                  collection.name, collection.description, CollectionKindName(collection.kind),
                  collection.query, collection.ownership.shared, now}));
  return result.rows[0].Int(0);
}

absl::StatusOr<Collection> GetCollection(db::Connection& conn, int64_t id) {
  IPHUB_ASSIGN_OR_RETURN(auto result,
                         conn.Query(base::StrCat(kCollectionColumns, " WHERE c.id = $1"), {id}));
  if (result.rows.empty()) return absl::NotFoundError("collection not found");
  return CollectionFrom(result.rows[0]);
}

absl::Status UpdateCollection(db::Connection& conn, const Collection& collection, int64_t now) {
  return conn.Exec(
      "UPDATE collections SET organization_id = $2, name = $3, description = $4, query = $5, "
      "shared = $6, updated_at = $7 WHERE id = $1",
      {collection.id, collection.ownership.organization_id, collection.name, collection.description,
       collection.query, collection.ownership.shared, now});
}

absl::Status TouchCollection(db::Connection& conn, int64_t id, int64_t now) {
  return conn.Exec("UPDATE collections SET updated_at = $2 WHERE id = $1", {id, now});
}

absl::Status DeleteCollection(db::Connection& conn, int64_t id) {
  IPHUB_RETURN_IF_ERROR(conn.Exec("DELETE FROM collection_patents WHERE collection_id = $1", {id}));
  IPHUB_RETURN_IF_ERROR(conn.Exec("DELETE FROM collection_views WHERE collection_id = $1", {id}));
  IPHUB_RETURN_IF_ERROR(
      conn.Exec("DELETE FROM collection_patent_tags WHERE collection_id = $1", {id}));
  return conn.Exec("DELETE FROM collections WHERE id = $1", {id});
}

absl::StatusOr<Page<Collection>> ListCollections(db::Connection& conn, const ListFilter& filter,
                                                 int64_t limit, int64_t offset) {
  db::Where where;
  AddScope(where, "c", filter);
  if (filter.kind.has_value()) where.Add("c.kind = ?", CollectionKindName(*filter.kind));
  IPHUB_ASSIGN_OR_RETURN(
      auto count,
      conn.Query(base::StrCat("SELECT COUNT(*) FROM collections c", where.sql()), where.params()));
  auto [limit_sql, params] = where.Paged(limit, offset);
  IPHUB_ASSIGN_OR_RETURN(
      auto rows, conn.Query(base::StrCat(kCollectionColumns, where.sql(),
                                         " ORDER BY c.updated_at DESC, c.id DESC", limit_sql),
                            params));
  Page<Collection> page;
  page.total = count.rows[0].Int(0);
  for (const db::Row& row : rows.rows) page.items.push_back(CollectionFrom(row));
  return page;
}

// --- members --------------------------------------------------------------------

absl::StatusOr<std::optional<int64_t>> PatentIdOf(db::Connection& conn,
                                                  std::string_view publication_number) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query("SELECT id FROM patents WHERE publication_number = $1", {publication_number}));
  if (result.rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(result.rows[0].Int(0));
}

absl::StatusOr<int64_t> CountMembers(db::Connection& conn, int64_t collection_id,
                                     std::optional<int64_t> added_after) {
  db::Where where;
  where.Add("m.collection_id = ?", collection_id);
  if (added_after.has_value()) where.Add("m.added_at > ?", *added_after);
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query(base::StrCat("SELECT COUNT(*) FROM collection_patents m", where.sql()),
                 where.params()));
  return result.rows[0].Int(0);
}

absl::StatusOr<bool> IsMember(db::Connection& conn, int64_t collection_id, int64_t patent_id) {
  IPHUB_ASSIGN_OR_RETURN(auto result,
                         conn.Query("SELECT 1 FROM collection_patents WHERE collection_id = $1 "
                                    "AND patent_id = $2",
                                    {collection_id, patent_id}));
  return !result.rows.empty();
}

absl::Status AddMember(db::Connection& conn, int64_t collection_id, int64_t patent_id,
                       int64_t added_by, int64_t now) {
  IPHUB_ASSIGN_OR_RETURN(bool member, IsMember(conn, collection_id, patent_id));
  if (member) return absl::AlreadyExistsError("the patent is in the collection already");
  return conn.Exec(
      "INSERT INTO collection_patents (collection_id, patent_id, added_by, added_at) "
      "VALUES ($1, $2, $3, $4)",
      {collection_id, patent_id, added_by, now});
}

absl::StatusOr<bool> RemoveMember(db::Connection& conn, int64_t collection_id, int64_t patent_id) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query("DELETE FROM collection_patents WHERE collection_id = $1 AND patent_id = $2",
                 {collection_id, patent_id}));
  return result.affected_rows > 0;
}

absl::StatusOr<Page<CollectionPatent>> ListMembers(db::Connection& conn, int64_t collection_id,
                                                   std::optional<int64_t> added_after,
                                                   int64_t limit, int64_t offset) {
  IPHUB_ASSIGN_OR_RETURN(int64_t total, CountMembers(conn, collection_id, added_after));
  db::Where where;
  where.Add("m.collection_id = ?", collection_id);
  if (added_after.has_value()) where.Add("m.added_at > ?", *added_after);
  auto [limit_sql, params] = where.Paged(limit, offset);
  IPHUB_ASSIGN_OR_RETURN(
      auto rows,
      conn.Query(base::StrCat(kMemberColumns, where.sql(),
                              " ORDER BY m.added_at DESC, p.publication_number", limit_sql),
                 params));
  Page<CollectionPatent> page;
  page.total = total;
  for (const db::Row& row : rows.rows) page.items.push_back(MemberFrom(row));
  return page;
}

absl::StatusOr<CollectionPatent> GetMember(db::Connection& conn, int64_t collection_id,
                                           int64_t patent_id) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query(base::StrCat(kMemberColumns, " WHERE m.collection_id = $1 AND m.patent_id = $2"),
                 {collection_id, patent_id}));
  if (result.rows.empty()) return absl::NotFoundError("the patent is not in the collection");
  return MemberFrom(result.rows[0]);
}

// --- tags -----------------------------------------------------------------------

namespace {

constexpr std::string_view kTagColumns =
    "SELECT t.patent_id, p.publication_number, p.ipc_main, t.axis, t.label "
    "FROM collection_patent_tags t JOIN patents p ON p.id = t.patent_id";
constexpr std::string_view kTagOrder = " ORDER BY p.publication_number, t.axis DESC, t.label";

std::vector<TagRow> TagRowsFrom(const std::vector<db::Row>& rows) {
  std::vector<TagRow> out;
  out.reserve(rows.size());
  for (const db::Row& row : rows) {
    // The column's CHECK admits only the two names.
    out.push_back({.patent_id = row.Int(0),
                   .publication_number = row.Text(1),
                   .ipc_main = row.Text(2),
                   .axis = row.Text(3) == "effect" ? TagAxis::kEffect : TagAxis::kTechnology,
                   .label = row.Text(4)});
  }
  return out;
}

}  // namespace

absl::Status ReplaceTags(db::Connection& conn, int64_t collection_id, int64_t patent_id,
                         const PatentTags& tags, int64_t tagged_by, int64_t now) {
  IPHUB_RETURN_IF_ERROR(DeleteTags(conn, collection_id, patent_id));
  for (TagAxis axis : {TagAxis::kTechnology, TagAxis::kEffect}) {
    const auto& labels = axis == TagAxis::kTechnology ? tags.technology : tags.effect;
    for (const std::string& label : labels) {
      IPHUB_RETURN_IF_ERROR(conn.Exec(
          "INSERT INTO collection_patent_tags (collection_id, patent_id, axis, label, tagged_by, "
          "tagged_at) VALUES ($1, $2, $3, $4, $5, $6)",
          {collection_id, patent_id, TagAxisName(axis), label, tagged_by, now}));
    }
  }
  return absl::OkStatus();
}

absl::Status DeleteTags(db::Connection& conn, int64_t collection_id, int64_t patent_id) {
  return conn.Exec("DELETE FROM collection_patent_tags WHERE collection_id = $1 AND patent_id = $2",
                   {collection_id, patent_id});
}

absl::StatusOr<bool> HasTags(db::Connection& conn, int64_t collection_id, int64_t patent_id) {
  IPHUB_ASSIGN_OR_RETURN(auto result,
                         conn.Query("SELECT 1 FROM collection_patent_tags WHERE collection_id = $1 "
                                    "AND patent_id = $2 LIMIT 1",
                                    {collection_id, patent_id}));
  return !result.rows.empty();
}

absl::StatusOr<int64_t> CountTaggedPatents(db::Connection& conn, int64_t collection_id) {
  IPHUB_ASSIGN_OR_RETURN(auto result, conn.Query("SELECT COUNT(DISTINCT patent_id) FROM "
                                                 "collection_patent_tags WHERE collection_id = $1",
                                                 {collection_id}));
  return result.rows[0].Int(0);
}

absl::StatusOr<std::vector<TagRow>> TagsOf(db::Connection& conn, int64_t collection_id,
                                           const std::vector<std::string>& publication_numbers) {
  if (publication_numbers.empty()) return std::vector<TagRow>();
  db::Where where;
  where.Add("t.collection_id = ?", collection_id);
  std::string in = "p.publication_number IN (";
  db::Params numbers;
  for (const std::string& number : publication_numbers) {
    in += numbers.empty() ? "?" : ", ?";
    numbers.push_back(number);
  }
  in += ")";
  where.AddEach(in, std::move(numbers));
  IPHUB_ASSIGN_OR_RETURN(
      auto result, conn.Query(base::StrCat(kTagColumns, where.sql(), kTagOrder), where.params()));
  return TagRowsFrom(result.rows);
}

absl::StatusOr<std::vector<TagRow>> AllTags(db::Connection& conn, int64_t collection_id,
                                            bool members_only) {
  db::Where where;
  where.Add("t.collection_id = ?", collection_id);
  if (members_only) {
    where.AddRaw(
        "EXISTS (SELECT 1 FROM collection_patents m WHERE m.collection_id = t.collection_id "
        "AND m.patent_id = t.patent_id)");
  }
  IPHUB_ASSIGN_OR_RETURN(
      auto result, conn.Query(base::StrCat(kTagColumns, where.sql(), kTagOrder), where.params()));
  return TagRowsFrom(result.rows);
}

// --- views ----------------------------------------------------------------------

absl::StatusOr<std::optional<int64_t>> LastViewed(db::Connection& conn, int64_t collection_id,
                                                  int64_t user_id) {
  IPHUB_ASSIGN_OR_RETURN(auto result, conn.Query("SELECT viewed_at FROM collection_views "
                                                 "WHERE collection_id = $1 AND user_id = $2",
                                                 {collection_id, user_id}));
  if (result.rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(result.rows[0].Int(0));
}

absl::Status SetLastViewed(db::Connection& conn, int64_t collection_id, int64_t user_id,
                           int64_t at) {
  return conn.Exec(
      "INSERT INTO collection_views (collection_id, user_id, viewed_at) VALUES ($1, $2, $3) "
      "ON CONFLICT (collection_id, user_id) DO UPDATE SET viewed_at = excluded.viewed_at",
      {collection_id, user_id, at});
}

}  // namespace iphub::collections::store
