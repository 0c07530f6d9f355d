#include "iphub/engine/index/index.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace iphub::engine::index {
namespace {

namespace fs = std::filesystem;

Schema TestSchema() {
  return Schema(
      {{.name = "title", .kind = FieldKind::kText}, {.name = "year", .kind = FieldKind::kInt}});
}

Document Doc(std::string key, std::string title, int64_t year = 2020) {
  Document document;
  document.key = std::move(key);
  document.AddText(0, std::move(title));
  document.AddInt(1, year);
  return document;
}

// The title of the live document with `key`, or "" if there is none.
std::string TitleOf(const Snapshot& snapshot, std::string_view key) {
  std::optional<uint32_t> doc = snapshot.FindKey(key);
  if (!doc) return "";
  const SegmentView& segment = snapshot.SegmentOf(*doc);
  auto stored = segment.reader->Stored(*doc - segment.base);
  return stored.ok() ? stored->values[0].text : "<damaged>";
}

class IndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("iphub-index-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Index> Open(IndexOptions options = {.background_merge = false}) {
    auto index = Index::Open(dir_, TestSchema(), options);
    EXPECT_TRUE(index.ok()) << index.status();
    return index.ok() ? std::move(*index) : nullptr;
  }

  fs::path dir_;
};

TEST_F(IndexTest, DocumentsAreVisibleOnlyAfterCommit) {
  auto index = Open();
  ASSERT_TRUE(index->Add(Doc("A", "alpha")).ok());
  EXPECT_EQ(index->snapshot()->live_count(), 0u);
  ASSERT_TRUE(index->Commit().ok());
  EXPECT_EQ(index->snapshot()->live_count(), 1u);
  EXPECT_EQ(TitleOf(*index->snapshot(), "A"), "alpha");
}

TEST_F(IndexTest, AddingAKeyAgainReplacesTheDocument) {
  auto index = Open();
  ASSERT_TRUE(index->Add(Doc("A", "first")).ok());
  ASSERT_TRUE(index->Add(Doc("B", "bee")).ok());
  ASSERT_TRUE(index->Commit().ok());
  ASSERT_TRUE(index->Add(Doc("A", "second")).ok());
  ASSERT_TRUE(index->Commit().ok());
  auto snapshot = index->snapshot();
  EXPECT_EQ(snapshot->live_count(), 2u);
  EXPECT_EQ(TitleOf(*snapshot, "A"), "second");
  // Twice in one commit: the last one wins.
  ASSERT_TRUE(index->Add(Doc("A", "third")).ok());
  ASSERT_TRUE(index->Add(Doc("A", "fourth")).ok());
  ASSERT_TRUE(index->Commit().ok());
  EXPECT_EQ(index->snapshot()->live_count(), 2u);
  EXPECT_EQ(TitleOf(*index->snapshot(), "A"), "fourth");
}

TEST_F(IndexTest, DeleteRemovesCommittedAndPendingDocuments) {
  auto index = Open();
  ASSERT_TRUE(index->Add(Doc("A", "alpha")).ok());
  ASSERT_TRUE(index->Add(Doc("B", "beta")).ok());
  ASSERT_TRUE(index->Commit().ok());
  index->Delete("A");
  ASSERT_TRUE(index->Add(Doc("C", "gamma")).ok());
  index->Delete("C");
  index->Delete("never-there");
  ASSERT_TRUE(index->Commit().ok());
  auto snapshot = index->snapshot();
  EXPECT_EQ(snapshot->live_count(), 1u);
  EXPECT_EQ(TitleOf(*snapshot, "A"), "");
  EXPECT_EQ(TitleOf(*snapshot, "B"), "beta");
  EXPECT_EQ(TitleOf(*snapshot, "C"), "");
  // Deleted, then added again in the same commit: present.
  index->Delete("B");
  ASSERT_TRUE(index->Add(Doc("B", "beta again")).ok());
  ASSERT_TRUE(index->Commit().ok());
  EXPECT_EQ(TitleOf(*index->snapshot(), "B"), "beta again");
}

TEST_F(IndexTest, AKeyAddedTwiceInOneSegmentIsReplacedAndDeletedLater) {
  // Found by the reference test (search/reference_test.cc): the older copy of a
  // key added twice before a commit stays in its segment, deleted; a later
  // update or delete must reach the live copy, not the dead one.
  auto index = Open();
  for (int at = 0; at < 60; ++at) {
    ASSERT_TRUE(
        index->Add(Doc(at % 2 == 0 ? "A" : "K" + std::to_string(at), "v" + std::to_string(at)))
            .ok());
  }
  ASSERT_TRUE(index->Commit().ok());
  EXPECT_EQ(index->snapshot()->live_count(), 31u);
  EXPECT_EQ(TitleOf(*index->snapshot(), "A"), "v58");
  ASSERT_TRUE(index->Add(Doc("A", "updated")).ok());
  ASSERT_TRUE(index->Commit().ok());
  EXPECT_EQ(index->snapshot()->live_count(), 31u);
  EXPECT_EQ(TitleOf(*index->snapshot(), "A"), "updated");
  index->Delete("A");
  ASSERT_TRUE(index->Commit().ok());
  EXPECT_EQ(index->snapshot()->live_count(), 30u);
  EXPECT_EQ(TitleOf(*index->snapshot(), "A"), "");
}

TEST_F(IndexTest, ReopeningKeepsCommittedStateOnly) {
  {
    auto index = Open();
    ASSERT_TRUE(index->Add(Doc("A", "alpha")).ok());
    ASSERT_TRUE(index->Add(Doc("B", "beta")).ok());
    ASSERT_TRUE(index->Commit().ok());
    index->Delete("A");
    ASSERT_TRUE(index->Commit().ok());
    ASSERT_TRUE(index->Add(Doc("C", "uncommitted")).ok());
  }
  auto index = Open();
  auto snapshot = index->snapshot();
  EXPECT_EQ(snapshot->live_count(), 1u);
  EXPECT_EQ(TitleOf(*snapshot, "B"), "beta");
  EXPECT_EQ(TitleOf(*snapshot, "A"), "");
  EXPECT_EQ(TitleOf(*snapshot, "C"), "");
  EXPECT_EQ(snapshot->generation(), 2u);
}

TEST_F(IndexTest, SnapshotsStayValidAfterLaterCommitsAndMerges) {
  auto index = Open();
  ASSERT_TRUE(index->Add(Doc("A", "alpha")).ok());
  ASSERT_TRUE(index->Commit().ok());
  auto old = index->snapshot();
  ASSERT_TRUE(index->Add(Doc("B", "beta")).ok());
  ASSERT_TRUE(index->Commit().ok());
  ASSERT_TRUE(index->ForceMerge().ok());
  // The old snapshot's segment file is gone from the directory but still mapped.
  EXPECT_EQ(old->live_count(), 1u);
  EXPECT_EQ(TitleOf(*old, "A"), "alpha");
  EXPECT_EQ(index->snapshot()->segments().size(), 1u);
  EXPECT_EQ(index->snapshot()->live_count(), 2u);
}

TEST_F(IndexTest, MergingKeepsExactlyTheLiveDocuments) {
  auto index = Open({.max_segments = 4, .background_merge = false});
  for (int commit = 0; commit < 9; ++commit) {
    for (int doc = 0; doc < 5; ++doc) {
      const std::string key = "K" + std::to_string(commit * 5 + doc);
      ASSERT_TRUE(index->Add(Doc(key, "title " + key)).ok());
    }
    index->Delete("K" + std::to_string(commit * 5));  // the first of each batch
    ASSERT_TRUE(index->Commit().ok());
  }
  EXPECT_EQ(index->snapshot()->segments().size(), 9u);
  ASSERT_TRUE(index->Merge().ok());
  auto snapshot = index->snapshot();
  EXPECT_LE(snapshot->segments().size(), 4u);
  EXPECT_EQ(snapshot->live_count(), 36u);
  for (int key = 0; key < 45; ++key) {
    const std::string name = "K" + std::to_string(key);
    EXPECT_EQ(TitleOf(*snapshot, name), key % 5 == 0 ? "" : "title " + name) << name;
  }
  // And after reopening.
  index.reset();
  index = Open();
  EXPECT_EQ(index->snapshot()->live_count(), 36u);
  // No stray files: the manifest and the segments and deletions it names.
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir_)) {
    (void)entry;
    ++files;
  }
  size_t named = 1;
  for (const SegmentView& segment : index->snapshot()->segments()) {
    named += 1 + (segment.deletion_file.empty() ? 0 : 1);
  }
  EXPECT_EQ(files, named);
}

TEST_F(IndexTest, AForcedMergeJoinsEverySegmentIntoOne) {
  // A tiny budget: every few documents make a segment of their own.
  auto index = Open({.flush_bytes = 2000, .background_merge = false});
  for (int doc = 0; doc < 60; ++doc) {
    ASSERT_TRUE(
        index->Add(Doc("K" + std::to_string(doc), "title number " + std::to_string(doc))).ok());
  }
  ASSERT_TRUE(index->Commit().ok());
  index->Delete("K7");
  ASSERT_TRUE(index->Commit().ok());
  EXPECT_GT(index->snapshot()->segments().size(), 5u);
  ASSERT_TRUE(index->ForceMerge().ok());
  auto snapshot = index->snapshot();
  EXPECT_EQ(snapshot->segments().size(), 1u);  // merges stream: no budget applies
  EXPECT_EQ(snapshot->live_count(), 59u);
  uint32_t total = 0;
  for (const SegmentView& segment : snapshot->segments()) {
    EXPECT_TRUE(segment.deleted->Empty());  // deletions were dropped, not carried
    total += segment.reader->doc_count();
  }
  EXPECT_EQ(total, 59u);
  EXPECT_EQ(TitleOf(*snapshot, "K59"), "title number 59");
  EXPECT_EQ(TitleOf(*snapshot, "K7"), "");
}

TEST_F(IndexTest, BackgroundMergeRunsAfterCommits) {
  auto index = Open({.max_segments = 3, .background_merge = true});
  for (int commit = 0; commit < 8; ++commit) {
    ASSERT_TRUE(index->Add(Doc("K" + std::to_string(commit), "t")).ok());
    ASSERT_TRUE(index->Commit().ok());
  }
  for (int wait = 0; wait < 200 && index->snapshot()->segments().size() > 3; ++wait) {
    ::usleep(10'000);
  }
  EXPECT_LE(index->snapshot()->segments().size(), 3u);
  EXPECT_EQ(index->snapshot()->live_count(), 8u);
}

TEST_F(IndexTest, LeftoversOfAnInterruptedCommitAreIgnoredAndRemoved) {
  {
    auto index = Open();
    ASSERT_TRUE(index->Add(Doc("A", "alpha")).ok());
    ASSERT_TRUE(index->Commit().ok());
  }
  // What a crash mid-commit leaves: a segment the manifest does not name, half a
  // temporary manifest, half a segment.
  std::ofstream(dir_ / "seg-000099.seg") << "partial";
  std::ofstream(dir_ / "MANIFEST.tmp") << "iphub-index 1\ngeneration 7\nsegm";
  std::ofstream(dir_ / "seg-000100.seg.tmp") << "partial";
  auto index = Open();
  EXPECT_EQ(index->snapshot()->live_count(), 1u);
  EXPECT_FALSE(fs::exists(dir_ / "seg-000099.seg"));
  EXPECT_FALSE(fs::exists(dir_ / "MANIFEST.tmp"));
  EXPECT_FALSE(fs::exists(dir_ / "seg-000100.seg.tmp"));
}

TEST_F(IndexTest, KilledDuringCommitsTheIndexIsAtACommit) {
  // A child commits batches of 50 documents forever; each batch replaces the
  // previous one's keys. SIGKILL at some point: on reopening, the index must hold
  // exactly one complete batch (all 50 keys with the same batch number).
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto index = Index::Open(dir_, TestSchema(), {.max_segments = 3});
    if (!index.ok()) ::_exit(2);
    for (int batch = 0;; ++batch) {
      for (int doc = 0; doc < 50; ++doc) {
        if (!(*index)->Add(Doc("K" + std::to_string(doc), "batch" + std::to_string(batch))).ok()) {
          ::_exit(3);
        }
      }
      if (!(*index)->Commit().ok()) ::_exit(4);
    }
  }
  ::usleep(300'000);
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  auto index = Open();
  auto snapshot = index->snapshot();
  ASSERT_EQ(snapshot->live_count(), 50u);
  const std::string batch = TitleOf(*snapshot, "K0");
  ASSERT_THAT(batch, ::testing::StartsWith("batch"));
  for (int doc = 1; doc < 50; ++doc)
    EXPECT_EQ(TitleOf(*snapshot, "K" + std::to_string(doc)), batch);
}

TEST_F(IndexTest, AnotherSchemaIsRefused) {
  {
    auto index = Open();
    ASSERT_TRUE(index->Add(Doc("A", "alpha")).ok());
    ASSERT_TRUE(index->Commit().ok());
  }
  auto other = Index::Open(dir_, Schema({{.name = "title", .kind = FieldKind::kText}}));
  EXPECT_EQ(other.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(IndexTest, ADamagedManifestIsDataLoss) {
  {
    auto index = Open();
    ASSERT_TRUE(index->Add(Doc("A", "alpha")).ok());
    ASSERT_TRUE(index->Commit().ok());
  }
  std::string text;
  {
    std::ifstream in(dir_ / "MANIFEST");
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  text[text.find("generation 1")] = 'G';
  std::ofstream(dir_ / "MANIFEST", std::ios::trunc) << text;
  EXPECT_EQ(Index::Open(dir_, TestSchema()).status().code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace iphub::engine::index
