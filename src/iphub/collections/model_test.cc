#include "iphub/collections/model.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/collections/access.h"

namespace iphub::collections {
namespace {

std::string Repeat(std::string_view piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

TEST(NormalizeName, TrimsAndCountsCharactersNotBytes) {
  EXPECT_EQ(NormalizeName("  无人机电池  ").value_or(""), "无人机电池");
  // 100 Chinese characters are 300 bytes and still a valid name; 101 are not.
  EXPECT_TRUE(NormalizeName(Repeat("电", 100)).ok());
  const absl::Status too_long = NormalizeName(Repeat("电", 101)).status();
  EXPECT_TRUE(absl::IsInvalidArgument(too_long));
  EXPECT_EQ(base::FieldOf(too_long), "name");
}

TEST(NormalizeName, RejectsEmptyAndControlCharacters) {
  for (std::string_view bad : {"", "   ", "two\nlines", "tab\there"}) {
    const absl::Status status = NormalizeName(bad).status();
    EXPECT_TRUE(absl::IsInvalidArgument(status)) << bad;
    EXPECT_EQ(base::FieldOf(status), "name") << bad;
  }
}

TEST(NormalizeDescription, AllowsEmptyAndCapsLength) {
  EXPECT_EQ(NormalizeDescription("").value_or("x"), "");
  EXPECT_TRUE(NormalizeDescription(Repeat("说", 2000)).ok());
  EXPECT_EQ(base::FieldOf(NormalizeDescription(Repeat("说", 2001)).status()), "description");
}

TEST(NormalizeSort, AcceptsTheSearchSortsOnly) {
  EXPECT_EQ(NormalizeSort("").value_or(""), "relevance");
  EXPECT_EQ(NormalizeSort("-publication_date").value_or(""), "-publication_date");
  EXPECT_EQ(NormalizeSort(" application_date ").value_or(""), "application_date");
  EXPECT_EQ(base::FieldOf(NormalizeSort("-relevance").status()), "sort");
  EXPECT_EQ(base::FieldOf(NormalizeSort("title").status()), "sort");
}

TEST(NormalizeTags, TrimsDeduplicatesAndSorts) {
  using Labels = std::vector<std::string>;
  EXPECT_EQ(NormalizeTags("effect", {" 降低成本 ", "提高续航", "降低成本"}).value_or(Labels{}),
            (Labels{"提高续航", "降低成本"}));
  EXPECT_EQ(NormalizeTags("effect", {}).value_or(Labels{"x"}), Labels{});
  // 40 characters are a label, 41 are not; duplicates count once towards the ten.
  EXPECT_TRUE(NormalizeTags("technology", {Repeat("电", 40)}).ok());
  Labels eleven_with_duplicate;
  for (int i = 0; i < 10; ++i) eleven_with_duplicate.push_back(base::StrCat("分支", i));
  eleven_with_duplicate.push_back("分支0");
  EXPECT_TRUE(NormalizeTags("technology", eleven_with_duplicate).ok());
  eleven_with_duplicate.push_back("分支10");
  for (const Labels& bad :
       {Labels{Repeat("电", 41)}, Labels{"  "}, Labels{"a\nb"}, eleven_with_duplicate}) {
    const absl::Status status = NormalizeTags("technology", bad).status();
    EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
    EXPECT_EQ(base::FieldOf(status), "technology");
  }
}

TEST(IpcSubclass, TakesTheSubclassOfASymbol) {
  EXPECT_EQ(IpcSubclass("H01M 10/613"), "H01M");
  EXPECT_EQ(IpcSubclass(" g06f17/30"), "G06F");
  EXPECT_EQ(IpcSubclass(""), "");
  EXPECT_EQ(IpcSubclass("Z99Z 1/00"), "");
  EXPECT_EQ(IpcSubclass("H01"), "");
}

TEST(ParseMatrixRows, KnowsTagsAndIpc) {
  EXPECT_EQ(ParseMatrixRows("").value(), MatrixRows::kTags);
  EXPECT_EQ(ParseMatrixRows("tags").value(), MatrixRows::kTags);
  EXPECT_EQ(ParseMatrixRows("ipc").value(), MatrixRows::kIpcSubclass);
  EXPECT_EQ(base::FieldOf(ParseMatrixRows("cpc").status()), "technology");
}

TEST(BuildMatrix, CountsRowsColumnsAndCells) {
  const std::vector<MatrixPatent> patents = {
      {.publication_number = "P1",
       .ipc_main = "H01M 10/613",
       .technology = {"b"},
       .effect = {"x", "y"}},
      {.publication_number = "P2",
       .ipc_main = "H01M 4/00",
       .technology = {"a", "b"},
       .effect = {"y"}},
      {.publication_number = "P3", .ipc_main = "G06F 1/00", .technology = {"a"}},
      {.publication_number = "P4", .ipc_main = "", .effect = {"y"}},
  };
  const TechEffectMatrix matrix = BuildMatrix(patents, MatrixRows::kTags, 6);
  EXPECT_EQ(matrix.tagged, 4);
  EXPECT_EQ(matrix.untagged, 2);
  ASSERT_EQ(matrix.technologies.size(), 2u);
  // A tie in count is broken by the label.
  EXPECT_EQ(matrix.technologies[0].label, "a");
  EXPECT_EQ(matrix.technologies[0].count, 2);
  EXPECT_EQ(matrix.technologies[1].label, "b");
  ASSERT_EQ(matrix.effects.size(), 2u);
  EXPECT_EQ(matrix.effects[0].label, "y");  // three patents before x's one
  EXPECT_EQ(matrix.effects[0].count, 3);
  EXPECT_EQ(matrix.effects[1].label, "x");
  ASSERT_EQ(matrix.cells.size(), 3u);
  EXPECT_EQ(matrix.cells[0].technology, "a");
  EXPECT_EQ(matrix.cells[0].effect, "y");
  EXPECT_EQ(matrix.cells[0].numbers, std::vector<std::string>{"P2"});
  EXPECT_EQ(matrix.cells[1].technology, "b");
  EXPECT_EQ(matrix.cells[1].effect, "y");
  EXPECT_EQ(matrix.cells[1].count, 2);
  EXPECT_EQ(matrix.cells[1].numbers, (std::vector<std::string>{"P1", "P2"}));
  EXPECT_EQ(matrix.cells[2].effect, "x");

  // By IPC subclass: patents without effects are left out, and P4 has no subclass.
  const TechEffectMatrix ipc = BuildMatrix(patents, MatrixRows::kIpcSubclass, 6);
  EXPECT_EQ(ipc.tagged, 3);
  EXPECT_EQ(ipc.untagged, 3);
  ASSERT_EQ(ipc.technologies.size(), 1u);
  EXPECT_EQ(ipc.technologies[0].label, "H01M");
  EXPECT_EQ(ipc.technologies[0].count, 2);
  ASSERT_EQ(ipc.cells.size(), 2u);
  EXPECT_EQ(ipc.cells[0].effect, "y");
  EXPECT_EQ(ipc.cells[0].numbers, (std::vector<std::string>{"P1", "P2"}));
}

TEST(CollectionKind, RoundTripsItsNames) {
  for (CollectionKind kind : {CollectionKind::kStatic, CollectionKind::kAuto}) {
    EXPECT_EQ(ParseCollectionKind(CollectionKindName(kind)).value_or(CollectionKind::kStatic),
              kind);
  }
  EXPECT_EQ(base::FieldOf(ParseCollectionKind("dynamic").status()), "kind");
}

TEST(CodePointCount, CountsUtf8CodePoints) {
  EXPECT_EQ(base::CodePointCount(""), 0u);
  EXPECT_EQ(base::CodePointCount("abc"), 3u);
  EXPECT_EQ(base::CodePointCount("专题库"), 3u);
  EXPECT_EQ(base::CodePointCount("a😀b"), 3u);
}

// --- access ---------------------------------------------------------------------

const auth::Principal owner{.user_id = 1, .role = auth::Role::kMember, .organization_id = 10};
const auth::Principal colleague{.user_id = 2, .role = auth::Role::kOrgAdmin, .organization_id = 10};
const auth::Principal outsider{.user_id = 3, .role = auth::Role::kMember, .organization_id = 20};
const auth::Principal official{
    .user_id = 4, .role = auth::Role::kOfficial, .organization_id = 30, .region_code = "370000"};
const auth::Principal admin{.user_id = 5, .role = auth::Role::kPlatformAdmin};

TEST(Access, PrivateRecordsAreTheOwnersAndTheAdministrators) {
  const Ownership record{.owner_id = 1, .organization_id = 10, .shared = false};
  EXPECT_TRUE(CheckAccess(&owner, record, Access::kChange, "collection").ok());
  EXPECT_TRUE(CheckAccess(&admin, record, Access::kChange, "collection").ok());
  for (const auth::Principal* other : {&colleague, &outsider, &official}) {
    EXPECT_TRUE(absl::IsNotFound(CheckAccess(other, record, Access::kRead, "collection")));
    EXPECT_TRUE(absl::IsNotFound(CheckAccess(other, record, Access::kChange, "collection")));
  }
  EXPECT_TRUE(absl::IsUnauthenticated(CheckAccess(nullptr, record, Access::kRead, "collection")));
}

TEST(Access, SharedRecordsAreReadByTheOrganizationAndChangedByTheOwner) {
  const Ownership record{.owner_id = 1, .organization_id = 10, .shared = true};
  EXPECT_TRUE(CheckAccess(&colleague, record, Access::kRead, "collection").ok());
  EXPECT_TRUE(
      absl::IsPermissionDenied(CheckAccess(&colleague, record, Access::kChange, "collection")));
  // Officials see nothing of other organisations, whatever their region.
  EXPECT_TRUE(absl::IsNotFound(CheckAccess(&outsider, record, Access::kRead, "collection")));
  EXPECT_TRUE(absl::IsNotFound(CheckAccess(&official, record, Access::kRead, "collection")));
  EXPECT_TRUE(CheckAccess(&admin, record, Access::kChange, "collection").ok());
}

TEST(Access, SharingWithoutAnOrganizationReachesNobody) {
  const Ownership record{.owner_id = 5, .organization_id = std::nullopt, .shared = true};
  const auth::Principal no_org{.user_id = 6, .role = auth::Role::kMember};
  EXPECT_FALSE(MayRead(no_org, record));
  EXPECT_TRUE(MayRead(admin, record));
}

TEST(ListScope, OnlyAdministratorsListEverything) {
  EXPECT_EQ(ParseListScope("").value_or(ListScope::kAll), ListScope::kVisible);
  EXPECT_EQ(ParseListScope("mine").value_or(ListScope::kAll), ListScope::kMine);
  EXPECT_EQ(base::FieldOf(ParseListScope("everything").status()), "scope");
  EXPECT_TRUE(CheckListScope(&admin, ListScope::kAll).ok());
  EXPECT_TRUE(absl::IsPermissionDenied(CheckListScope(&owner, ListScope::kAll)));
  EXPECT_TRUE(absl::IsUnauthenticated(CheckListScope(nullptr, ListScope::kMine)));
}

}  // namespace
}  // namespace iphub::collections
