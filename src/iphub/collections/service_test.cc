#include "iphub/collections/service.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "gtest/gtest.h"
#include "iphub/auth/audit.h"
#include "iphub/auth/migrations.h"
#include "iphub/auth/regions.h"
#include "iphub/auth/service.h"
#include "iphub/auth/uscc.h"
#include "iphub/base/crypto.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/collections/migrations.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"
#include "iphub/patents/migrations.h"
#include "iphub/patents/store.h"

namespace iphub::collections {
namespace {

namespace fs = std::filesystem;

// 2026-11-28 12:00 in Shanghai.
constexpr int64_t kNow = 1795795200000LL + 4LL * 3600 * 1000;
constexpr int64_t kDayMs = 24LL * 3600 * 1000;

patents::Patent CnPatent(const std::string& doc_number, std::string title,
                         const std::string& published) {
  patents::Patent patent;
  patent.country = "CN";
  patent.doc_number = doc_number;
  patent.kind = "A";
  patent.publication_number = "CN" + doc_number + "A";
  patent.type = patents::DocumentType::kCnInventionApplication;
  patent.application_number = "";
  patent.application_date = "2020-01-15";
  patent.publication_date = published;
  patent.language = "zh";
  patent.title = std::move(title);
  patent.applicants = {{.name = "济南星河电池有限公司", .country = "CN"}};
  patent.ipc_main = "H01M 10/613";
  patent.ipc = {{.symbol = "H01M 10/613"}};
  return patent;
}

std::string MakeUscc(std::string_view region, int serial) {
  std::string body = base::StrCat("91", region, "MA", 1000000 + serial);
  return base::StrCat(body, std::string(1, auth::UsccCheckCharacter(body).value()));
}

std::vector<std::string> Numbers(const CollectionPatents& list) {
  std::vector<std::string> out;
  for (const CollectionPatent& patent : list.items) out.push_back(patent.publication_number);
  return out;
}

template <typename Backend>
class CollectionServiceTest : public db::testing::DatabaseTest<Backend> {
 protected:
  void SetUp() override {
    db::testing::DatabaseTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    ASSERT_TRUE(base::InitCrypto().ok());
    std::vector<db::Migration> all;
    for (const auto& migration : auth::Migrations()) all.push_back(migration);
    for (const auto& migration : patents::Migrations()) all.push_back(migration);
    for (const auto& migration : Migrations()) all.push_back(migration);
    auto applied = db::Migrate(this->db(), all);
    ASSERT_TRUE(applied.ok()) << applied.status();
    ASSERT_TRUE(auth::SeedRegions(this->db()).ok());

    auth::AccountService accounts(this->db(), clock_, {});
    const int64_t org_a = NewOrg(accounts, "泉城智能", 1);
    const int64_t org_b = NewOrg(accounts, "舜耕新材", 2);
    owner_ = NewUser(accounts, "owner", "member", org_a);
    colleague_ = NewUser(accounts, "colleague", "org_admin", org_a);
    outsider_ = NewUser(accounts, "outsider", "member", org_b);
    admin_ = NewUser(accounts, "root", "platform_admin", std::nullopt);

    static int counter = 0;
    index_dir_ = fs::temp_directory_path() /
                 base::StrCat("iphub_collections_test_", ::getpid(), "_", ++counter);
    fs::remove_all(index_dir_);
    Store(CnPatent("110000001", "一种无人机电池散热装置", "2021-03-01"));
    Store(CnPatent("110000002", "一种锂电池隔膜", "2022-05-10"));
    Store(CnPatent("110000003", "一种农业灌溉控制系统", "2023-07-20"));
    auto index =
        patents::PatentIndex::Open(this->db(), index_dir_, clock_, patents::IndexAccess::kWriter);
    ASSERT_TRUE(index.ok()) << index.status();
    index_ = std::move(*index);
    ASSERT_TRUE(index_->CatchUp().ok());
    service_ = std::make_unique<CollectionService>(this->db(), *index_, clock_);
  }

  void TearDown() override {
    service_.reset();
    index_.reset();
    fs::remove_all(index_dir_);
    db::testing::DatabaseTest<Backend>::TearDown();
  }

  int64_t NewOrg(auth::AccountService& accounts, std::string_view name, int serial) {
    auto org = accounts.CreateOrganization(nullptr, {.name = std::string(name),
                                                     .type = "enterprise",
                                                     .uscc = MakeUscc("370102", serial),
                                                     .region_code = "370102"});
    EXPECT_TRUE(org.ok()) << org.status();
    return org.ok() ? org->id : 0;
  }

  auth::Principal NewUser(auth::AccountService& accounts, std::string_view username,
                          std::string_view role, std::optional<int64_t> org) {
    auto user = accounts.CreateUser(nullptr, {.username = std::string(username),
                                              .password = "Secret@2026",
                                              .role = std::string(role),
                                              .organization_id = org});
    EXPECT_TRUE(user.ok()) << user.status();
    return user.ok() ? auth::store::PrincipalOf(*user) : auth::Principal{};
  }

  void Store(const patents::Patent& patent) {
    auto conn = this->db().Acquire();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE(patents::store::UpsertPatent(**conn, patent, clock_.NowMillis()).ok());
  }

  // The audit actions written so far, oldest first.
  std::vector<std::string> AuditActions() {
    auto conn = this->db().Acquire();
    EXPECT_TRUE(conn.ok());
    if (!conn.ok()) return {};
    auto result = (*conn)->Query("SELECT action FROM audit_log ORDER BY id");
    EXPECT_TRUE(result.ok()) << result.status();
    std::vector<std::string> actions;
    if (!result.ok()) return actions;
    for (const auto& row : result->rows) {
      // Accounts set up by the fixture are audited too; keep this module's entries.
      const std::string& action = row.Text(0);
      if (action.starts_with("saved_search.") || action.starts_with("collection.")) {
        actions.push_back(action);
      }
    }
    return actions;
  }

  base::FakeClock clock_{kNow};
  fs::path index_dir_;
  std::unique_ptr<patents::PatentIndex> index_;
  std::unique_ptr<CollectionService> service_;
  auth::Principal owner_, colleague_, outsider_, admin_;
};
TYPED_TEST_SUITE(CollectionServiceTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(CollectionServiceTest, SavedSearchIsCreatedListedChangedAndDeleted) {
  CollectionService& service = *this->service_;
  IPHUB_ASSERT_OK_AND_ASSIGN(
      SavedSearchView created,
      service.CreateSavedSearch(&this->owner_, {.name = "  电池  ", .query = "TI=电池"}));
  EXPECT_EQ(created.search.name, "电池");
  EXPECT_EQ(created.search.sort, "relevance");
  EXPECT_FALSE(created.search.ownership.shared);
  EXPECT_TRUE(created.editable);
  EXPECT_EQ(created.hit_count, 2u);
  EXPECT_EQ(created.search.owner_name, "owner");

  this->clock_.Advance(1000);
  IPHUB_ASSERT_OK_AND_ASSIGN(
      SavedSearchView second,
      service.CreateSavedSearch(&this->owner_,
                                {.name = "灌溉", .query = "TI=灌溉", .sort = "-publication_date"}));
  IPHUB_ASSERT_OK_AND_ASSIGN(auto list,
                             service.ListSavedSearches(&this->owner_, ListScope::kMine, 20, 0));
  ASSERT_EQ(list.total, 2);
  EXPECT_EQ(list.items[0].search.id, second.search.id);  // most recently changed first
  EXPECT_EQ(list.items[0].hit_count, 1u);

  this->clock_.Advance(1000);
  IPHUB_ASSERT_OK_AND_ASSIGN(
      SavedSearchView changed,
      service.UpdateSavedSearch(
          &this->owner_, created.search.id,
          {.name = "锂电池", .query = "TI=锂电池", .sort = "application_date"}));
  EXPECT_EQ(changed.search.name, "锂电池");
  EXPECT_EQ(changed.search.sort, "application_date");
  EXPECT_EQ(changed.hit_count, 1u);
  EXPECT_EQ(changed.search.updated_at, kNow + 2000);
  EXPECT_EQ(changed.search.created_at, kNow);

  IPHUB_ASSERT_OK(service.DeleteSavedSearch(&this->owner_, created.search.id));
  EXPECT_TRUE(absl::IsNotFound(service.GetSavedSearch(&this->owner_, created.search.id).status()));
  EXPECT_TRUE(absl::IsNotFound(service.DeleteSavedSearch(&this->owner_, created.search.id)));
  IPHUB_ASSERT_OK_AND_ASSIGN(list,
                             service.ListSavedSearches(&this->owner_, ListScope::kMine, 20, 0));
  EXPECT_EQ(list.total, 1);
}

// Who sees and changes a private and a shared record: owner, a member of the same
// organisation, a member of another, a platform administrator and a visitor.
TYPED_TEST(CollectionServiceTest, SharingDecidesWhoSeesAndOnlyTheOwnerChanges) {
  CollectionService& service = *this->service_;
  IPHUB_ASSERT_OK_AND_ASSIGN(
      SavedSearchView hidden,
      service.CreateSavedSearch(&this->owner_, {.name = "private", .query = "TI=电池"}));
  IPHUB_ASSERT_OK_AND_ASSIGN(
      SavedSearchView shared,
      service.CreateSavedSearch(&this->owner_,
                                {.name = "shared", .query = "TI=电池", .shared = true}));
  IPHUB_ASSERT_OK_AND_ASSIGN(
      CollectionView hidden_collection,
      service.CreateCollection(&this->owner_, {.name = "private list", .kind = "static"}));
  IPHUB_ASSERT_OK_AND_ASSIGN(
      CollectionView shared_collection,
      service.CreateCollection(
          &this->owner_,
          {.name = "shared topic", .kind = "auto", .query = "TI=电池", .shared = true}));

  struct Cell {
    const char* who;
    const auth::Principal* caller;
    absl::StatusCode read_private, change_private, read_shared, change_shared;
  };
  using Code = absl::StatusCode;
  const Cell cells[] = {
      {"owner", &this->owner_, Code::kOk, Code::kOk, Code::kOk, Code::kOk},
      {"colleague", &this->colleague_, Code::kNotFound, Code::kNotFound, Code::kOk,
       Code::kPermissionDenied},
      {"outsider", &this->outsider_, Code::kNotFound, Code::kNotFound, Code::kNotFound,
       Code::kNotFound},
      {"admin", &this->admin_, Code::kOk, Code::kOk, Code::kOk, Code::kOk},
      {"visitor", nullptr, Code::kUnauthenticated, Code::kUnauthenticated, Code::kUnauthenticated,
       Code::kUnauthenticated},
  };
  for (const Cell& cell : cells) {
    SCOPED_TRACE(cell.who);
    EXPECT_EQ(service.GetSavedSearch(cell.caller, hidden.search.id).status().code(),
              cell.read_private);
    EXPECT_EQ(service.GetSavedSearch(cell.caller, shared.search.id).status().code(),
              cell.read_shared);
    EXPECT_EQ(service.UpdateSavedSearch(cell.caller, hidden.search.id, {.name = "private"})
                  .status()
                  .code(),
              cell.change_private);
    EXPECT_EQ(service.UpdateSavedSearch(cell.caller, shared.search.id, {.name = "shared"})
                  .status()
                  .code(),
              cell.change_shared);
    const int64_t hidden_id = hidden_collection.collection.id;
    const int64_t shared_id = shared_collection.collection.id;
    EXPECT_EQ(service.GetCollection(cell.caller, hidden_id).status().code(), cell.read_private);
    EXPECT_EQ(service.ListPatents(cell.caller, hidden_id, {}).status().code(), cell.read_private);
    EXPECT_EQ(service.GetCollection(cell.caller, shared_id).status().code(), cell.read_shared);
    EXPECT_EQ(service.ListPatents(cell.caller, shared_id, {}).status().code(), cell.read_shared);
    EXPECT_EQ(
        service.UpdateCollection(cell.caller, hidden_id, {.description = "x"}).status().code(),
        cell.change_private);
    EXPECT_EQ(
        service.UpdateCollection(cell.caller, shared_id, {.description = "x"}).status().code(),
        cell.change_shared);
    const absl::Status added = service.AddPatent(cell.caller, hidden_id, "CN110000001A").status();
    EXPECT_EQ(added.code(), cell.change_private);
    if (added.ok()) IPHUB_EXPECT_OK(service.RemovePatent(cell.caller, hidden_id, "CN110000001A"));
  }
  // Deleting follows the change rule.
  EXPECT_TRUE(absl::IsPermissionDenied(
      service.DeleteCollection(&this->colleague_, shared_collection.collection.id)));
  EXPECT_TRUE(absl::IsNotFound(service.DeleteSavedSearch(&this->outsider_, shared.search.id)));

  // Lists show the same: the colleague sees the shared ones only, the outsider nothing.
  auto names = [&](const auth::Principal* caller, ListScope scope) {
    std::vector<std::string> out;
    auto searches = service.ListSavedSearches(caller, scope, 20, 0);
    EXPECT_TRUE(searches.ok()) << searches.status();
    if (searches.ok()) {
      for (const auto& view : searches->items) out.push_back(view.search.name);
    }
    auto collections = service.ListCollections(caller, scope, std::nullopt, 20, 0);
    EXPECT_TRUE(collections.ok()) << collections.status();
    if (collections.ok()) {
      for (const auto& view : collections->items) out.push_back(view.collection.name);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(names(&this->owner_, ListScope::kVisible),
            (Names{"private", "private list", "shared", "shared topic"}));
  EXPECT_EQ(names(&this->owner_, ListScope::kShared), Names{});
  EXPECT_EQ(names(&this->colleague_, ListScope::kVisible), (Names{"shared", "shared topic"}));
  EXPECT_EQ(names(&this->colleague_, ListScope::kShared), (Names{"shared", "shared topic"}));
  EXPECT_EQ(names(&this->colleague_, ListScope::kMine), Names{});
  EXPECT_EQ(names(&this->outsider_, ListScope::kVisible), Names{});
  EXPECT_EQ(names(&this->admin_, ListScope::kAll),
            (Names{"private", "private list", "shared", "shared topic"}));
  EXPECT_EQ(names(&this->admin_, ListScope::kVisible), Names{});
  EXPECT_TRUE(absl::IsPermissionDenied(
      service.ListSavedSearches(&this->owner_, ListScope::kAll, 20, 0).status()));
  EXPECT_TRUE(absl::IsUnauthenticated(
      service.ListCollections(nullptr, ListScope::kVisible, std::nullopt, 20, 0).status()));

  // A shared record answers `editable` for each caller.
  IPHUB_ASSERT_OK_AND_ASSIGN(auto seen,
                             service.GetSavedSearch(&this->colleague_, shared.search.id));
  EXPECT_FALSE(seen.editable);
  IPHUB_ASSERT_OK_AND_ASSIGN(seen, service.GetSavedSearch(&this->admin_, shared.search.id));
  EXPECT_TRUE(seen.editable);

  // Unsharing hides it from the colleague again.
  IPHUB_ASSERT_OK(
      service.UpdateSavedSearch(&this->owner_, shared.search.id, {.shared = false}).status());
  EXPECT_TRUE(
      absl::IsNotFound(service.GetSavedSearch(&this->colleague_, shared.search.id).status()));
}

TYPED_TEST(CollectionServiceTest, SharingNeedsAnOrganization) {
  auto created = this->service_->CreateSavedSearch(
      &this->admin_, {.name = "mine", .query = "TI=电池", .shared = true});
  EXPECT_TRUE(absl::IsInvalidArgument(created.status()));
  EXPECT_EQ(base::FieldOf(created.status()), "shared");
  // An administrator changing a shared record keeps it shared with the owner's organisation.
  IPHUB_ASSERT_OK_AND_ASSIGN(auto shared, this->service_->CreateCollection(
                                              &this->owner_, {.name = "topic", .shared = true}));
  IPHUB_ASSERT_OK(this->service_
                      ->UpdateCollection(&this->admin_, shared.collection.id,
                                         {.name = "renamed by the administrator"})
                      .status());
  IPHUB_ASSERT_OK_AND_ASSIGN(
      auto seen, this->service_->GetCollection(&this->colleague_, shared.collection.id));
  EXPECT_EQ(seen.collection.name, "renamed by the administrator");
}

TYPED_TEST(CollectionServiceTest, StaticCollectionAddsAndRemovesStoredPatents) {
  CollectionService& service = *this->service_;
  IPHUB_ASSERT_OK_AND_ASSIGN(
      CollectionView created,
      service.CreateCollection(&this->owner_,
                               {.name = "电池专题", .description = "动力电池", .kind = "static"}));
  const int64_t id = created.collection.id;
  EXPECT_EQ(created.patent_count, 0u);
  EXPECT_EQ(created.collection.kind, CollectionKind::kStatic);

  // A number written any usual way is stored as its publication number.
  IPHUB_ASSERT_OK_AND_ASSIGN(CollectionPatent first,
                             service.AddPatent(&this->owner_, id, "cn 110000001 a"));
  EXPECT_EQ(first.publication_number, "CN110000001A");
  EXPECT_EQ(first.title, "一种无人机电池散热装置");
  EXPECT_EQ(first.added_at, kNow);
  EXPECT_EQ(first.added_by, "owner");
  this->clock_.Advance(1000);
  IPHUB_ASSERT_OK_AND_ASSIGN(CollectionPatent third,
                             service.AddPatent(&this->admin_, id, "CN110000003"));
  EXPECT_EQ(third.publication_number, "CN110000003A");
  EXPECT_EQ(third.added_by, "root");

  // Not stored, not a number, twice.
  auto missing = service.AddPatent(&this->owner_, id, "CN119999999A");
  EXPECT_TRUE(absl::IsInvalidArgument(missing.status())) << missing.status();
  EXPECT_EQ(base::FieldOf(missing.status()), "publication_number");
  auto nonsense = service.AddPatent(&this->owner_, id, "not a number");
  EXPECT_EQ(base::FieldOf(nonsense.status()), "publication_number");
  EXPECT_TRUE(absl::IsAlreadyExists(service.AddPatent(&this->owner_, id, "CN110000001A").status()));

  IPHUB_ASSERT_OK_AND_ASSIGN(CollectionPatents list, service.ListPatents(&this->owner_, id, {}));
  EXPECT_EQ(list.total, 2);
  EXPECT_EQ(Numbers(list), (std::vector<std::string>{"CN110000003A", "CN110000001A"}));
  IPHUB_ASSERT_OK_AND_ASSIGN(list,
                             service.ListPatents(&this->owner_, id, {.limit = 1, .offset = 1}));
  EXPECT_EQ(list.total, 2);
  EXPECT_EQ(Numbers(list), std::vector<std::string>{"CN110000001A"});
  IPHUB_ASSERT_OK_AND_ASSIGN(CollectionView seen, service.GetCollection(&this->owner_, id));
  EXPECT_EQ(seen.patent_count, 2u);

  IPHUB_ASSERT_OK(service.RemovePatent(&this->owner_, id, "CN110000003A"));
  EXPECT_TRUE(absl::IsNotFound(service.RemovePatent(&this->owner_, id, "CN110000003A")));
  EXPECT_TRUE(absl::IsNotFound(service.RemovePatent(&this->owner_, id, "CN110000002A")));
  IPHUB_ASSERT_OK_AND_ASSIGN(list, service.ListPatents(&this->owner_, id, {}));
  EXPECT_EQ(Numbers(list), std::vector<std::string>{"CN110000001A"});

  // An auto collection has no list to add to.
  IPHUB_ASSERT_OK_AND_ASSIGN(
      CollectionView automatic,
      service.CreateCollection(&this->owner_,
                               {.name = "auto", .kind = "auto", .query = "TI=电池"}));
  EXPECT_TRUE(absl::IsFailedPrecondition(
      service.AddPatent(&this->owner_, automatic.collection.id, "CN110000001A").status()));
  EXPECT_TRUE(absl::IsFailedPrecondition(
      service.RemovePatent(&this->owner_, automatic.collection.id, "CN110000001A")));

  // Deleting the collection deletes its list.
  IPHUB_ASSERT_OK(service.DeleteCollection(&this->owner_, id));
  EXPECT_TRUE(absl::IsNotFound(service.ListPatents(&this->owner_, id, {}).status()));
}

TYPED_TEST(CollectionServiceTest, StaticCollectionIsCapped) {
  IPHUB_ASSERT_OK_AND_ASSIGN(CollectionView created,
                             this->service_->CreateCollection(&this->owner_, {.name = "full"}));
  const int64_t id = created.collection.id;
  {
    // kMaxStaticPatents placeholder patents and memberships, written directly.
    auto conn = this->db().Acquire();
    ASSERT_TRUE(conn.ok());
    const std::string count = std::to_string(kMaxStaticPatents);
    IPHUB_ASSERT_OK((*conn)->Exec(base::StrCat(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ", count,
        ") INSERT INTO patents (publication_number, number_key, country, kind, doc_type, "
        "application_number, application_date, publication_date, grant_date, title, ipc_main, "
        "first_applicant, record, content_hash, created_at, updated_at) "
        "SELECT 'XX' || CAST(i AS TEXT), 'XX' || CAST(i AS TEXT), 'XX', 'A', 'other', '', '', '', "
        "'', '', '', '', '{}', '', 0, 0 FROM n")));
    IPHUB_ASSERT_OK((*conn)->Exec(
        "INSERT INTO collection_patents (collection_id, patent_id, added_by, added_at) "
        "SELECT CAST($1 AS BIGINT), id, CAST($2 AS BIGINT), 0 FROM patents WHERE country = 'XX'",
        {id, this->owner_.user_id}));
  }
  auto added = this->service_->AddPatent(&this->owner_, id, "CN110000001A");
  EXPECT_TRUE(absl::IsFailedPrecondition(added.status())) << added.status();
  IPHUB_ASSERT_OK_AND_ASSIGN(CollectionView full, this->service_->GetCollection(&this->owner_, id));
  EXPECT_EQ(full.patent_count, static_cast<uint64_t>(kMaxStaticPatents));
}

TYPED_TEST(CollectionServiceTest, AutoCollectionFollowsTheIndex) {
  CollectionService& service = *this->service_;
  IPHUB_ASSERT_OK_AND_ASSIGN(
      CollectionView created,
      service.CreateCollection(&this->owner_,
                               {.name = "电池", .kind = "auto", .query = " TI=电池 "}));
  const int64_t id = created.collection.id;
  EXPECT_EQ(created.collection.query, "TI=电池");
  EXPECT_EQ(created.patent_count, 2u);
  IPHUB_ASSERT_OK_AND_ASSIGN(CollectionPatents list, service.ListPatents(&this->owner_, id, {}));
  // Newest publication first.
  EXPECT_EQ(Numbers(list), (std::vector<std::string>{"CN110000002A", "CN110000001A"}));
  EXPECT_FALSE(list.items[0].added_at.has_value());
  EXPECT_EQ(list.items[0].first_applicant, "济南星河电池有限公司");

  // A newly imported patent joins once the index has caught up.
  this->Store(CnPatent("110000004", "一种固态电池", "2024-01-05"));
  IPHUB_ASSERT_OK_AND_ASSIGN(list, service.ListPatents(&this->owner_, id, {}));
  EXPECT_EQ(list.total, 2);
  ASSERT_TRUE(this->index_->CatchUp().ok());
  IPHUB_ASSERT_OK_AND_ASSIGN(list, service.ListPatents(&this->owner_, id, {}));
  EXPECT_EQ(list.total, 3);
  EXPECT_EQ(Numbers(list),
            (std::vector<std::string>{"CN110000004A", "CN110000002A", "CN110000001A"}));
  IPHUB_ASSERT_OK_AND_ASSIGN(CollectionView seen, service.GetCollection(&this->owner_, id));
  EXPECT_EQ(seen.patent_count, 3u);

  // Changing the query changes the members.
  IPHUB_ASSERT_OK_AND_ASSIGN(seen,
                             service.UpdateCollection(&this->owner_, id, {.query = "TI=灌溉"}));
  EXPECT_EQ(seen.patent_count, 1u);
  EXPECT_TRUE(absl::IsInvalidArgument(
      service.UpdateCollection(&this->owner_, id, {.kind = "static"}).status()));
}

TYPED_TEST(CollectionServiceTest, WhatIsNewSinceTheLastView) {
  CollectionService& service = *this->service_;
  IPHUB_ASSERT_OK_AND_ASSIGN(
      CollectionView automatic,
      service.CreateCollection(
          &this->owner_, {.name = "电池", .kind = "auto", .query = "TI=电池", .shared = true}));
  const int64_t id = automatic.collection.id;
  EXPECT_FALSE(automatic.last_viewed_at.has_value());
  EXPECT_FALSE(automatic.new_count.has_value());

  IPHUB_ASSERT_OK_AND_ASSIGN(CollectionView viewed, service.MarkViewed(&this->colleague_, id));
  EXPECT_EQ(viewed.last_viewed_at, kNow);
  EXPECT_EQ(viewed.new_count, 0u);

  // Published the day after the view (2026-11-29).
  this->clock_.Advance(kDayMs);
  this->Store(CnPatent("110000005", "一种电池包", "2026-11-29"));
  ASSERT_TRUE(this->index_->CatchUp().ok());
  IPHUB_ASSERT_OK_AND_ASSIGN(viewed, service.GetCollection(&this->colleague_, id));
  EXPECT_EQ(viewed.new_count, 1u);
  EXPECT_EQ(viewed.patent_count, 3u);
  IPHUB_ASSERT_OK_AND_ASSIGN(CollectionPatents fresh,
                             service.ListPatents(&this->colleague_, id, {.only_new = true}));
  EXPECT_EQ(Numbers(fresh), std::vector<std::string>{"CN110000005A"});
  // The mark is per user: the owner never looked, so everything counts for them.
  IPHUB_ASSERT_OK_AND_ASSIGN(viewed, service.GetCollection(&this->owner_, id));
  EXPECT_FALSE(viewed.new_count.has_value());
  IPHUB_ASSERT_OK_AND_ASSIGN(fresh, service.ListPatents(&this->owner_, id, {.only_new = true}));
  EXPECT_EQ(fresh.total, 3);

  // Static: members added after the view.
  IPHUB_ASSERT_OK_AND_ASSIGN(CollectionView list,
                             service.CreateCollection(&this->owner_, {.name = "list"}));
  IPHUB_ASSERT_OK(service.AddPatent(&this->owner_, list.collection.id, "CN110000001A").status());
  this->clock_.Advance(1000);
  IPHUB_ASSERT_OK(service.MarkViewed(&this->owner_, list.collection.id).status());
  this->clock_.Advance(1000);
  IPHUB_ASSERT_OK(service.AddPatent(&this->owner_, list.collection.id, "CN110000002A").status());
  IPHUB_ASSERT_OK_AND_ASSIGN(list, service.GetCollection(&this->owner_, list.collection.id));
  EXPECT_EQ(list.new_count, 1u);
  IPHUB_ASSERT_OK_AND_ASSIGN(
      fresh, service.ListPatents(&this->owner_, list.collection.id, {.only_new = true}));
  EXPECT_EQ(Numbers(fresh), std::vector<std::string>{"CN110000002A"});
}

TYPED_TEST(CollectionServiceTest, MalformedQueriesAreRejectedWithTheirPosition) {
  CollectionService& service = *this->service_;
  auto unbalanced = service.CreateSavedSearch(&this->owner_, {.name = "x", .query = "TI=(电池"});
  ASSERT_TRUE(absl::IsInvalidArgument(unbalanced.status())) << unbalanced.status();
  EXPECT_EQ(base::FieldOf(unbalanced.status()), "query");
  EXPECT_TRUE(base::PositionOf(unbalanced.status()).has_value()) << unbalanced.status();

  // An unknown field code is found by binding, after parsing; its position is kept too.
  auto unknown = service.CreateCollection(
      &this->owner_, {.name = "x", .kind = "auto", .query = "TI=电池 AND ZZ=1"});
  ASSERT_TRUE(absl::IsInvalidArgument(unknown.status())) << unknown.status();
  EXPECT_EQ(base::FieldOf(unknown.status()), "query");
  EXPECT_EQ(base::PositionOf(unknown.status()), 10u) << unknown.status();

  auto empty = service.CreateSavedSearch(&this->owner_, {.name = "x", .query = "  "});
  EXPECT_EQ(base::FieldOf(empty.status()), "query");
  auto no_query = service.CreateCollection(&this->owner_, {.name = "x", .kind = "auto"});
  EXPECT_EQ(base::FieldOf(no_query.status()), "query");
  auto static_query =
      service.CreateCollection(&this->owner_, {.name = "x", .kind = "static", .query = "TI=电池"});
  EXPECT_EQ(base::FieldOf(static_query.status()), "query");
  auto bad_sort =
      service.CreateSavedSearch(&this->owner_, {.name = "x", .query = "TI=电池", .sort = "title"});
  EXPECT_EQ(base::FieldOf(bad_sort.status()), "sort");
  auto bad_kind = service.CreateCollection(&this->owner_, {.name = "x", .kind = "smart"});
  EXPECT_EQ(base::FieldOf(bad_kind.status()), "kind");
  auto no_name = service.CreateCollection(&this->owner_, {.kind = "static"});
  EXPECT_EQ(base::FieldOf(no_name.status()), "name");

  // An update is checked the same way and changes nothing when it fails.
  IPHUB_ASSERT_OK_AND_ASSIGN(
      SavedSearchView saved,
      service.CreateSavedSearch(&this->owner_, {.name = "ok", .query = "TI=电池"}));
  auto changed = service.UpdateSavedSearch(&this->owner_, saved.search.id,
                                           {.name = "renamed", .query = "TI=电池 AND"});
  EXPECT_EQ(base::FieldOf(changed.status()), "query");
  IPHUB_ASSERT_OK_AND_ASSIGN(saved, service.GetSavedSearch(&this->owner_, saved.search.id));
  EXPECT_EQ(saved.search.name, "ok");
  EXPECT_EQ(this->AuditActions(), std::vector<std::string>{"saved_search.create"});
}

TYPED_TEST(CollectionServiceTest, EveryChangeIsAudited) {
  CollectionService& service = *this->service_;
  IPHUB_ASSERT_OK_AND_ASSIGN(
      SavedSearchView saved,
      service.CreateSavedSearch(&this->owner_, {.name = "s", .query = "TI=电池"}));
  IPHUB_ASSERT_OK(
      service.UpdateSavedSearch(&this->owner_, saved.search.id, {.shared = true}).status());
  IPHUB_ASSERT_OK(service.DeleteSavedSearch(&this->owner_, saved.search.id));
  IPHUB_ASSERT_OK_AND_ASSIGN(CollectionView list,
                             service.CreateCollection(&this->owner_, {.name = "c"}));
  const int64_t id = list.collection.id;
  IPHUB_ASSERT_OK(service.UpdateCollection(&this->owner_, id, {.description = "d"}).status());
  IPHUB_ASSERT_OK(service.AddPatent(&this->owner_, id, "CN110000001A").status());
  IPHUB_ASSERT_OK(service.RemovePatent(&this->owner_, id, "CN110000001A"));
  IPHUB_ASSERT_OK(service.MarkViewed(&this->owner_, id).status());  // a read mark: not audited
  IPHUB_ASSERT_OK(service.DeleteCollection(&this->admin_, id));
  // Refused changes leave no entry.
  EXPECT_FALSE(service.CreateCollection(&this->owner_, {.name = ""}).ok());

  EXPECT_EQ(
      this->AuditActions(),
      (std::vector<std::string>{"saved_search.create", "saved_search.update", "saved_search.delete",
                                "collection.create", "collection.update", "collection.add_patent",
                                "collection.remove_patent", "collection.delete"}));
  auto conn = this->db().Acquire();
  ASSERT_TRUE(conn.ok());
  IPHUB_ASSERT_OK_AND_ASSIGN(auto detail,
                             (*conn)->Query("SELECT actor, entity, entity_id, detail FROM "
                                            "audit_log WHERE action = 'collection.add_patent'"));
  ASSERT_EQ(detail.rows.size(), 1u);
  EXPECT_EQ(detail.rows[0].Text(0), "owner");
  EXPECT_EQ(detail.rows[0].Text(1), "collection");
  EXPECT_EQ(detail.rows[0].Text(2), std::to_string(id));
  EXPECT_NE(detail.rows[0].Text(3).find("CN110000001A"), std::string::npos);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto verification, auth::VerifyAudit(**conn));
  EXPECT_TRUE(verification.intact) << verification.reason;
}

// --- technology × effect matrix ---------------------------------------------------

using Labels = std::vector<std::string>;

TYPED_TEST(CollectionServiceTest, TagsAreReplacedNotAppended) {
  CollectionService& service = *this->service_;
  IPHUB_ASSERT_OK_AND_ASSIGN(CollectionView list,
                             service.CreateCollection(&this->owner_, {.name = "电池"}));
  const int64_t id = list.collection.id;
  IPHUB_ASSERT_OK(service.AddPatent(&this->owner_, id, "CN110000001A").status());

  IPHUB_ASSERT_OK_AND_ASSIGN(
      PatentTags tags, service.SetPatentTags(&this->owner_, id, "cn 110000001 a",
                                             {.technology = {"电池管理"},
                                              .effect = {"降低成本", " 提高续航 ", "降低成本"}}));
  EXPECT_EQ(tags.publication_number, "CN110000001A");
  EXPECT_EQ(tags.technology, Labels{"电池管理"});
  EXPECT_EQ(tags.effect, (Labels{"提高续航", "降低成本"}));

  IPHUB_ASSERT_OK_AND_ASSIGN(
      tags, service.SetPatentTags(&this->owner_, id, "CN110000001A", {.technology = {"热管理"}}));
  EXPECT_EQ(tags.technology, Labels{"热管理"});
  EXPECT_EQ(tags.effect, Labels{});
  // The list shows the tags as they are now.
  IPHUB_ASSERT_OK_AND_ASSIGN(CollectionPatents patents, service.ListPatents(&this->owner_, id, {}));
  ASSERT_EQ(patents.items.size(), 1u);
  EXPECT_EQ(patents.items[0].technology, Labels{"热管理"});
  EXPECT_EQ(patents.items[0].effect, Labels{});

  // Bad labels are refused with their axis as the field, and change nothing.
  Labels eleven;
  for (int i = 0; i < 11; ++i) eleven.push_back(base::StrCat("功效", i));
  const struct {
    PatentTagsInput input;
    const char* field;
  } bad[] = {{{.technology = {""}}, "technology"},
             {{.effect = eleven}, "effect"},
             {{.effect = {std::string(41, 'x')}}, "effect"},
             {{.technology = {"a\tb"}}, "technology"}};
  for (const auto& [input, field] : bad) {
    auto refused = service.SetPatentTags(&this->owner_, id, "CN110000001A", input);
    EXPECT_TRUE(absl::IsInvalidArgument(refused.status())) << refused.status();
    EXPECT_EQ(base::FieldOf(refused.status()), field);
  }
  IPHUB_ASSERT_OK_AND_ASSIGN(patents, service.ListPatents(&this->owner_, id, {}));
  EXPECT_EQ(patents.items[0].technology, Labels{"热管理"});
}

TYPED_TEST(CollectionServiceTest, OnlyMembersAreTagged) {
  CollectionService& service = *this->service_;
  IPHUB_ASSERT_OK_AND_ASSIGN(CollectionView list,
                             service.CreateCollection(&this->owner_, {.name = "list"}));
  IPHUB_ASSERT_OK(service.AddPatent(&this->owner_, list.collection.id, "CN110000001A").status());
  const PatentTagsInput input{.effect = {"提高续航"}};
  // Stored but not in the list; not stored; not a number.
  EXPECT_TRUE(absl::IsNotFound(
      service.SetPatentTags(&this->owner_, list.collection.id, "CN110000002A", input).status()));
  EXPECT_TRUE(absl::IsNotFound(
      service.SetPatentTags(&this->owner_, list.collection.id, "CN119999999A", input).status()));
  auto nonsense = service.SetPatentTags(&this->owner_, list.collection.id, "not a number", input);
  EXPECT_EQ(base::FieldOf(nonsense.status()), "publication_number") << nonsense.status();

  // An auto collection's members are what its query matches now.
  IPHUB_ASSERT_OK_AND_ASSIGN(
      CollectionView automatic,
      service.CreateCollection(&this->owner_,
                               {.name = "auto", .kind = "auto", .query = "TI=电池"}));
  IPHUB_EXPECT_OK(
      service.SetPatentTags(&this->owner_, automatic.collection.id, "CN110000002A", input)
          .status());
  EXPECT_TRUE(absl::IsNotFound(
      service.SetPatentTags(&this->owner_, automatic.collection.id, "CN110000003A", input)
          .status()));
  IPHUB_ASSERT_OK_AND_ASSIGN(CollectionPatents patents,
                             service.ListPatents(&this->owner_, automatic.collection.id, {}));
  ASSERT_EQ(Numbers(patents), (Labels{"CN110000002A", "CN110000001A"}));
  EXPECT_EQ(patents.items[0].effect, Labels{"提高续航"});
  EXPECT_EQ(patents.items[1].effect, Labels{});
}

TYPED_TEST(CollectionServiceTest, OnlyEditorsTagAndReadersReadTheMatrix) {
  CollectionService& service = *this->service_;
  IPHUB_ASSERT_OK_AND_ASSIGN(
      CollectionView shared,
      service.CreateCollection(
          &this->owner_, {.name = "电池", .kind = "auto", .query = "TI=电池", .shared = true}));
  const int64_t id = shared.collection.id;
  const PatentTagsInput input{.technology = {"电池管理"}, .effect = {"提高续航"}};
  EXPECT_TRUE(absl::IsPermissionDenied(
      service.SetPatentTags(&this->colleague_, id, "CN110000001A", input).status()));
  EXPECT_TRUE(absl::IsNotFound(
      service.SetPatentTags(&this->outsider_, id, "CN110000001A", input).status()));
  EXPECT_TRUE(
      absl::IsUnauthenticated(service.SetPatentTags(nullptr, id, "CN110000001A", input).status()));
  IPHUB_EXPECT_OK(service.SetPatentTags(&this->admin_, id, "CN110000001A", input).status());

  IPHUB_ASSERT_OK_AND_ASSIGN(TechEffectMatrix seen,
                             service.Matrix(&this->colleague_, id, MatrixRows::kTags));
  EXPECT_EQ(seen.tagged, 1);
  EXPECT_TRUE(absl::IsNotFound(service.Matrix(&this->outsider_, id, MatrixRows::kTags).status()));
  EXPECT_TRUE(absl::IsUnauthenticated(service.Matrix(nullptr, id, MatrixRows::kTags).status()));
  EXPECT_TRUE(
      absl::IsNotFound(service.Matrix(&this->owner_, id + 100, MatrixRows::kTags).status()));
}

// Five patents with known tags: exact rows, columns and cells, by tags and by IPC subclass.
TYPED_TEST(CollectionServiceTest, MatrixCountsTheTagsOfTheMembers) {
  CollectionService& service = *this->service_;
  patents::Patent fourth = CnPatent("110000004", "一种电动车电池均衡电路", "2024-02-01");
  fourth.ipc_main = "B60L 58/12";
  fourth.ipc = {{.symbol = "B60L 58/12"}};
  this->Store(fourth);
  this->Store(CnPatent("110000005", "一种电池外壳", "2024-03-01"));
  IPHUB_ASSERT_OK_AND_ASSIGN(CollectionView list,
                             service.CreateCollection(&this->owner_, {.name = "五件"}));
  const int64_t id = list.collection.id;
  for (int n = 1; n <= 5; ++n) {
    IPHUB_ASSERT_OK(
        service.AddPatent(&this->owner_, id, base::StrCat("CN11000000", n, "A")).status());
  }
  const std::pair<const char*, PatentTagsInput> tagging[] = {
      {"CN110000001A", {.technology = {"热管理"}, .effect = {"提高续航", "降低成本"}}},
      {"CN110000002A", {.technology = {"热管理", "电池管理"}, .effect = {"降低成本"}}},
      {"CN110000003A", {.technology = {"电池管理"}}},
      {"CN110000004A", {.effect = {"降低成本"}}},
  };
  for (const auto& [number, input] : tagging) {
    IPHUB_ASSERT_OK(service.SetPatentTags(&this->owner_, id, number, input).status());
  }

  IPHUB_ASSERT_OK_AND_ASSIGN(TechEffectMatrix matrix,
                             service.Matrix(&this->owner_, id, MatrixRows::kTags));
  EXPECT_EQ(matrix.tagged, 4);
  EXPECT_EQ(matrix.untagged, 1);
  auto labels = [](const std::vector<MatrixLabel>& list) {
    std::vector<std::pair<std::string, int64_t>> out;
    for (const MatrixLabel& item : list) out.emplace_back(item.label, item.count);
    return out;
  };
  using Counts = std::vector<std::pair<std::string, int64_t>>;
  // 热管理 and 电池管理 both count two: the label decides (by its bytes).
  EXPECT_EQ(labels(matrix.technologies), (Counts{{"热管理", 2}, {"电池管理", 2}}));
  EXPECT_EQ(labels(matrix.effects), (Counts{{"降低成本", 3}, {"提高续航", 1}}));
  auto cells = [](const TechEffectMatrix& m) {
    std::vector<std::string> out;
    for (const MatrixCell& cell : m.cells) {
      std::string numbers;
      for (const std::string& number : cell.numbers) numbers += " " + number;
      out.push_back(base::StrCat(cell.technology, "×", cell.effect, "=", cell.count, numbers));
    }
    return out;
  };
  EXPECT_EQ(cells(matrix),
            (Labels{"热管理×降低成本=2 CN110000001A CN110000002A", "热管理×提高续航=1 CN110000001A",
                    "电池管理×降低成本=1 CN110000002A"}));

  // Rows by IPC subclass: the patents with effects (1, 2 in H01M; 4 in B60L).
  IPHUB_ASSERT_OK_AND_ASSIGN(TechEffectMatrix ipc,
                             service.Matrix(&this->owner_, id, MatrixRows::kIpcSubclass));
  EXPECT_EQ(ipc.tagged, 3);
  EXPECT_EQ(ipc.untagged, 2);
  EXPECT_EQ(labels(ipc.technologies), (Counts{{"H01M", 2}, {"B60L", 1}}));
  EXPECT_EQ(cells(ipc), (Labels{"H01M×降低成本=2 CN110000001A CN110000002A",
                                "H01M×提高续航=1 CN110000001A", "B60L×降低成本=1 CN110000004A"}));

  // A removed member no longer counts, and its tags go with it.
  IPHUB_ASSERT_OK(service.RemovePatent(&this->owner_, id, "CN110000001A"));
  IPHUB_ASSERT_OK_AND_ASSIGN(matrix, service.Matrix(&this->owner_, id, MatrixRows::kTags));
  EXPECT_EQ(matrix.tagged, 3);
  EXPECT_EQ(matrix.untagged, 1);
  // 电池管理 (patents 2 and 3) now comes before 热管理 (patent 2).
  EXPECT_EQ(labels(matrix.technologies), (Counts{{"电池管理", 2}, {"热管理", 1}}));
  EXPECT_EQ(cells(matrix),
            (Labels{"电池管理×降低成本=1 CN110000002A", "热管理×降低成本=1 CN110000002A"}));
  IPHUB_ASSERT_OK(service.AddPatent(&this->owner_, id, "CN110000001A").status());
  IPHUB_ASSERT_OK_AND_ASSIGN(matrix, service.Matrix(&this->owner_, id, MatrixRows::kTags));
  EXPECT_EQ(matrix.untagged, 2);
}

TYPED_TEST(CollectionServiceTest, PatentsThatLeaveAnAutoCollectionNoLongerCount) {
  CollectionService& service = *this->service_;
  IPHUB_ASSERT_OK_AND_ASSIGN(
      CollectionView automatic,
      service.CreateCollection(&this->owner_,
                               {.name = "电池", .kind = "auto", .query = "TI=电池"}));
  const int64_t id = automatic.collection.id;
  IPHUB_ASSERT_OK(service
                      .SetPatentTags(&this->owner_, id, "CN110000001A",
                                     {.technology = {"散热"}, .effect = {"提高续航"}})
                      .status());
  IPHUB_ASSERT_OK(service
                      .SetPatentTags(&this->owner_, id, "CN110000002A",
                                     {.technology = {"隔膜"}, .effect = {"提高续航"}})
                      .status());
  IPHUB_ASSERT_OK_AND_ASSIGN(TechEffectMatrix matrix,
                             service.Matrix(&this->owner_, id, MatrixRows::kTags));
  EXPECT_EQ(matrix.tagged, 2);
  EXPECT_EQ(matrix.untagged, 0);

  IPHUB_ASSERT_OK(service.UpdateCollection(&this->owner_, id, {.query = "TI=锂电池"}).status());
  IPHUB_ASSERT_OK_AND_ASSIGN(matrix, service.Matrix(&this->owner_, id, MatrixRows::kTags));
  EXPECT_EQ(matrix.tagged, 1);
  ASSERT_EQ(matrix.cells.size(), 1u);
  EXPECT_EQ(matrix.cells[0].numbers, Labels{"CN110000002A"});
  ASSERT_EQ(matrix.technologies.size(), 1u);
  EXPECT_EQ(matrix.technologies[0].label, "隔膜");
}

TYPED_TEST(CollectionServiceTest, DeletingACollectionDeletesItsTagsAndTaggingIsAudited) {
  CollectionService& service = *this->service_;
  IPHUB_ASSERT_OK_AND_ASSIGN(CollectionView list,
                             service.CreateCollection(&this->owner_, {.name = "list"}));
  const int64_t id = list.collection.id;
  IPHUB_ASSERT_OK(service.AddPatent(&this->owner_, id, "CN110000001A").status());
  IPHUB_ASSERT_OK(service
                      .SetPatentTags(&this->owner_, id, "CN110000001A",
                                     {.technology = {"电池管理"}, .effect = {"降低成本"}})
                      .status());
  auto conn = this->db().Acquire();
  ASSERT_TRUE(conn.ok());
  auto tag_rows = [&]() -> int64_t {
    auto result = (*conn)->Query(
        "SELECT COUNT(*) FROM collection_patent_tags WHERE collection_id = $1", {id});
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? result->rows[0].Int(0) : -1;
  };
  EXPECT_EQ(tag_rows(), 2);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto detail,
                             (*conn)->Query("SELECT actor, entity_id, detail FROM audit_log "
                                            "WHERE action = 'collection.tag_patent'"));
  ASSERT_EQ(detail.rows.size(), 1u);
  EXPECT_EQ(detail.rows[0].Text(0), "owner");
  EXPECT_EQ(detail.rows[0].Text(1), std::to_string(id));
  EXPECT_NE(detail.rows[0].Text(2).find("CN110000001A"), std::string::npos);
  EXPECT_NE(detail.rows[0].Text(2).find("降低成本"), std::string::npos);

  IPHUB_ASSERT_OK(service.DeleteCollection(&this->owner_, id));
  EXPECT_EQ(tag_rows(), 0);
  EXPECT_EQ(this->AuditActions(), (Labels{"collection.create", "collection.add_patent",
                                          "collection.tag_patent", "collection.delete"}));
  IPHUB_ASSERT_OK_AND_ASSIGN(auto verification, auth::VerifyAudit(**conn));
  EXPECT_TRUE(verification.intact) << verification.reason;
}

}  // namespace
}  // namespace iphub::collections
