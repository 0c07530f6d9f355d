#include "iphub/engine/index/segment.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iphub/base/strings.h"

namespace iphub::engine::index {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;

class SegmentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("iphub-segment-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Schema schema_{{
      {.name = "title", .kind = FieldKind::kText, .weight = 2},
      {.name = "ipc", .kind = FieldKind::kKeyword, .column = true},
      {.name = "filed", .kind = FieldKind::kInt},
      {.name = "note", .kind = FieldKind::kKeyword},
  }};
  fs::path dir_;

  std::shared_ptr<const SegmentReader> Build(const std::vector<Document>& documents) {
    SegmentBuilder builder(schema_);
    for (const Document& document : documents) builder.Add(document);
    const std::string path = (dir_ / "a.seg").string();
    EXPECT_TRUE(builder.Write(path).ok());
    auto reader = SegmentReader::Open(path, schema_);
    EXPECT_TRUE(reader.ok()) << reader.status();
    return reader.ok() ? *reader : nullptr;
  }
};

Document Patent(std::string key, std::string title, std::vector<std::string> ipcs, int64_t filed) {
  Document document;
  document.key = std::move(key);
  document.AddText(0, std::move(title));
  for (std::string& ipc : ipcs) document.AddKeyword(1, std::move(ipc));
  document.AddInt(2, filed);
  return document;
}

TEST_F(SegmentTest, TermsAreSortedAndFindable) {
  auto segment = Build({Patent("CN1", "电池 battery", {"H01M10/05"}, 20180101),
                        Patent("CN2", "无人机电池", {"B64C39/02", "H01M10/05"}, 20190505)});
  ASSERT_NE(segment, nullptr);
  EXPECT_EQ(segment->doc_count(), 2u);
  for (uint32_t ord = 1; ord < segment->TermCount(0); ++ord) {
    EXPECT_LT(segment->Term(0, ord - 1), segment->Term(0, ord));
  }
  const std::optional<uint32_t> battery = segment->FindTerm(0, "电池");
  ASSERT_TRUE(battery.has_value());
  std::vector<uint32_t> docs;
  segment->Documents(0, *battery).ToVector(docs);
  EXPECT_THAT(docs, ElementsAre(0, 1));
  EXPECT_EQ(segment->DocFrequency(0, *battery), 2u);
  EXPECT_FALSE(segment->FindTerm(0, "电").has_value());
  EXPECT_FALSE(segment->FindTerm(0, "zzz").has_value());
}

TEST_F(SegmentTest, PostingsCarryFrequenciesAndPositions) {
  auto segment = Build({Patent("CN1", "battery pack battery", {}, 1),
                        Patent("CN2", "solar cell", {}, 2), Patent("CN3", "a battery", {}, 3)});
  ASSERT_NE(segment, nullptr);
  PostingCursor cursor = segment->Postings(0, *segment->FindTerm(0, "batteri"));
  std::vector<uint32_t> positions;
  ASSERT_TRUE(cursor.Next());
  EXPECT_EQ(cursor.doc(), 0u);
  EXPECT_EQ(cursor.frequency(), 2u);
  cursor.Positions(positions);
  EXPECT_THAT(positions, ElementsAre(0, 2));
  ASSERT_TRUE(cursor.Next());
  EXPECT_EQ(cursor.doc(), 2u);
  cursor.Positions(positions);
  EXPECT_THAT(positions, ElementsAre(1));
  EXPECT_FALSE(cursor.Next());
  EXPECT_EQ(segment->FieldLength(0, 0), 3u);
  EXPECT_EQ(segment->TotalFieldLength(0), 7u);
}

TEST_F(SegmentTest, ValuesOfOneFieldAreSeparatedByAPositionGap) {
  Document document;
  document.key = "K";
  document.AddText(0, "alpha");
  document.AddText(0, "beta");
  auto segment = Build({document});
  PostingCursor cursor = segment->Postings(0, *segment->FindTerm(0, "beta"));
  ASSERT_TRUE(cursor.Next());
  std::vector<uint32_t> positions;
  cursor.Positions(positions);
  EXPECT_THAT(positions, ElementsAre(1 + kValuePositionGap));
}

TEST_F(SegmentTest, PrefixRangeCoversExactlyTheTermsWithThePrefix) {
  auto segment = Build({Patent("A", "", {"G06F17/30", "G06F3/01", "G06N3/08", "H04L9/00"}, 0)});
  const auto [first, last] = segment->PrefixRange(1, "G06F");
  ASSERT_EQ(last - first, 2u);
  EXPECT_EQ(segment->Term(1, first), "G06F17/30");
  EXPECT_EQ(segment->Term(1, first + 1), "G06F3/01");
  const auto [none_first, none_last] = segment->PrefixRange(1, "Z");
  EXPECT_EQ(none_first, none_last);
  const auto [all_first, all_last] = segment->PrefixRange(1, "");
  EXPECT_EQ(all_last - all_first, 4u);
}

TEST_F(SegmentTest, ColumnsHoldOrdinalsAndIntegers) {
  auto segment =
      Build({Patent("A", "x", {"H01M", "B64C", "H01M"}, 20200101), Patent("B", "y", {}, 20210101)});
  const std::span<const uint32_t> ords = segment->KeywordOrdinals(1, 0);
  ASSERT_EQ(ords.size(), 2u);  // the repeated H01M once
  EXPECT_EQ(segment->Term(1, ords[0]), "B64C");
  EXPECT_EQ(segment->Term(1, ords[1]), "H01M");
  EXPECT_TRUE(segment->KeywordOrdinals(1, 1).empty());
  EXPECT_THAT(segment->Ints(2, 1), ElementsAre(20210101));
  EXPECT_TRUE(segment->KeywordOrdinals(3, 0).empty());  // no column for "note"
}

TEST_F(SegmentTest, KeysAndStoredDocumentsRoundTrip) {
  Document with_note = Patent("CN104223590A", "一种电池", {"H01M"}, -5);
  with_note.AddKeyword(3, "备注");
  auto segment = Build({Patent("US7473466B1", "Battery", {}, 19990101), with_note});
  EXPECT_EQ(segment->Key(1), "CN104223590A");
  EXPECT_EQ(segment->FindKey("US7473466B1"), 0u);
  EXPECT_EQ(segment->FindKey("CN104223590A"), 1u);
  EXPECT_FALSE(segment->FindKey("CN1").has_value());
  auto stored = segment->Stored(1);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->key, "CN104223590A");
  ASSERT_EQ(stored->values.size(), 4u);
  EXPECT_EQ(stored->values[0].text, "一种电池");
  EXPECT_EQ(stored->values[2].number, -5);
  EXPECT_EQ(stored->values[3].text, "备注");
}

TEST_F(SegmentTest, FindKeyReturnsTheNewestOfARepeatedKey) {
  // A key added again before a commit is in its segment more than once; only
  // the newest copy can be live, so that is the one FindKey must name.
  std::vector<Document> documents;
  for (int at = 0; at < 60; ++at) {
    documents.push_back(
        Patent(at % 2 == 0 ? "CN-again" : "CN" + std::to_string(at), "battery", {}, at));
  }
  auto segment = Build(documents);
  ASSERT_NE(segment, nullptr);
  EXPECT_EQ(segment->FindKey("CN-again"), 58u);
  EXPECT_EQ(segment->FindKey("CN7"), 7u);
  EXPECT_FALSE(segment->FindKey("CN8").has_value());
}

TEST_F(SegmentTest, EmptySegmentOpens) {
  auto segment = Build({});
  ASSERT_NE(segment, nullptr);
  EXPECT_EQ(segment->doc_count(), 0u);
  EXPECT_FALSE(segment->FindKey("x").has_value());
}

TEST_F(SegmentTest, CorruptionIsReportedAsDataLoss) {
  ASSERT_NE(Build({Patent("A", "battery", {"H01M"}, 1)}), nullptr);
  const fs::path path = dir_ / "a.seg";
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  for (size_t at : {size_t{9}, bytes.size() / 2, bytes.size() - 40}) {
    std::string damaged = bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x5a);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << damaged;
    auto reader = SegmentReader::Open(path.string(), schema_);
    ASSERT_FALSE(reader.ok()) << "byte " << at;
    EXPECT_EQ(reader.status().code(), absl::StatusCode::kDataLoss);
  }
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() / 3);
  EXPECT_EQ(SegmentReader::Open(path.string(), schema_).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST_F(SegmentTest, AnotherSchemaIsRefused) {
  ASSERT_NE(Build({Patent("A", "battery", {"H01M"}, 1)}), nullptr);
  Schema other({{.name = "title", .kind = FieldKind::kText},
                {.name = "ipc", .kind = FieldKind::kKeyword},
                {.name = "filed", .kind = FieldKind::kInt},
                {.name = "note", .kind = FieldKind::kKeyword}});
  EXPECT_EQ(SegmentReader::Open((dir_ / "a.seg").string(), other).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

std::string FileBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST_F(SegmentTest, ASegmentOfAnotherFormatVersionIsRefusedNotMisread) {
  ASSERT_NE(Build({Patent("A", "battery", {"H01M"}, 1)}), nullptr);
  std::string bytes = FileBytes(dir_ / "a.seg");
  bytes[7] = '1';  // "IPHSEG01": the format before single-position entries
  std::ofstream(dir_ / "old.seg", std::ios::binary) << bytes;
  const auto old = SegmentReader::Open((dir_ / "old.seg").string(), schema_);
  EXPECT_EQ(old.status().code(), absl::StatusCode::kFailedPrecondition) << old.status();
  bytes[0] = 'X';
  std::ofstream(dir_ / "junk.seg", std::ios::binary) << bytes;
  EXPECT_EQ(SegmentReader::Open((dir_ / "junk.seg").string(), schema_).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST_F(SegmentTest, PositionsOfEveryFrequencyComeBack) {
  // One occurrence (the position alone), two and many (deltas), large positions.
  std::string many;
  for (int at = 0; at < 300; ++at) many += "电池 ";
  auto segment = Build({Patent("A", "battery", {}, 1), Patent("B", "battery battery", {}, 2),
                        Patent("C", many + "battery", {}, 3)});
  ASSERT_NE(segment, nullptr);
  const std::optional<uint32_t> battery = segment->FindTerm(0, "batteri");
  ASSERT_TRUE(battery.has_value());
  PostingCursor cursor = segment->Postings(0, *battery);
  std::vector<uint32_t> positions;
  ASSERT_TRUE(cursor.Next());
  EXPECT_EQ(cursor.frequency(), 1u);
  cursor.Positions(positions);
  EXPECT_THAT(positions, ElementsAre(0u));
  ASSERT_TRUE(cursor.Next());
  EXPECT_EQ(cursor.frequency(), 2u);
  cursor.Positions(positions);
  EXPECT_THAT(positions, ElementsAre(0u, 1u));
  ASSERT_TRUE(cursor.Next());
  EXPECT_EQ(cursor.frequency(), 1u);
  cursor.Positions(positions);
  ASSERT_EQ(positions.size(), 1u);
  EXPECT_GE(positions[0], 300u);
  EXPECT_FALSE(cursor.Next());
  const std::optional<uint32_t> cell = segment->FindTerm(0, "电池");
  ASSERT_TRUE(cell.has_value());
  PostingCursor cells = segment->Postings(0, *cell);
  ASSERT_TRUE(cells.Next());
  EXPECT_EQ(cells.doc(), 2u);
  EXPECT_EQ(cells.frequency(), 300u);
  cells.Positions(positions);
  ASSERT_EQ(positions.size(), 300u);
  for (size_t at = 1; at < positions.size(); ++at) EXPECT_GT(positions[at], positions[at - 1]);
}

// A merge copies postings instead of analysing again: the merged file must be
// byte for byte the segment built from the live documents in the same order.
TEST_F(SegmentTest, AMergedSegmentIsTheSegmentBuiltFromTheLiveDocuments) {
  const std::vector<std::string> words = {"电池",    "无人机", "正极材料", "battery", "drones",
                                          "thermal", "热失控", "检测",     "装置",    "云台"};
  const std::vector<std::string> classes = {"H01M10/05", "B64C39/02", "G06N3/08", "A01G25/00"};
  std::vector<std::vector<Document>> parts(3);
  uint32_t seed = 7;
  const auto next = [&seed](uint32_t bound) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % bound;
  };
  for (size_t part = 0; part < parts.size(); ++part) {
    for (int doc = 0; doc < 40; ++doc) {
      std::string title;
      for (uint32_t word = 0, count = 1 + next(8); word < count; ++word) {
        title += words[next(static_cast<uint32_t>(words.size()))];
        title += next(3) == 0 ? " " : "";
      }
      std::vector<std::string> ipcs;
      for (uint32_t ipc = 0, count = next(3); ipc < count; ++ipc) {
        ipcs.push_back(classes[next(static_cast<uint32_t>(classes.size()))]);
      }
      Document document =
          Patent(base::StrCat("P", part, "-", doc), title, ipcs, 20100101 + next(100000));
      if (next(4) == 0) document.AddText(0, "第二个值 second value");  // a gap between values
      if (next(5) == 0) document.AddKeyword(3, part == 2 ? "only-in-last" : "note");
      parts[part].push_back(std::move(document));
    }
  }
  // A term held only by deleted documents ("only-deleted") must vanish.
  parts[1][5].AddKeyword(3, "only-deleted");
  std::vector<std::shared_ptr<const SegmentReader>> readers;
  for (size_t part = 0; part < parts.size(); ++part) {
    SegmentBuilder builder(schema_);
    for (const Document& document : parts[part]) builder.Add(document);
    const std::string path = (dir_ / base::StrCat("part", part, ".seg")).string();
    ASSERT_TRUE(builder.Write(path).ok());
    auto reader = SegmentReader::Open(path, schema_);
    ASSERT_TRUE(reader.ok()) << reader.status();
    readers.push_back(*reader);
  }
  Bitmap deleted_first, deleted_second;
  for (uint32_t doc : {0u, 3u, 39u}) deleted_first.Add(doc);
  deleted_second.Add(5);
  const std::vector<MergeSource> sources = {
      {.reader = readers[0].get(), .deleted = &deleted_first},
      {.reader = readers[1].get(), .deleted = &deleted_second},
      {.reader = readers[2].get(), .deleted = nullptr}};
  const fs::path merged = dir_ / "merged.seg";
  ASSERT_TRUE(MergeSegments(schema_, sources, merged.string()).ok());

  SegmentBuilder reference(schema_);
  for (size_t part = 0; part < parts.size(); ++part) {
    for (uint32_t doc = 0; doc < parts[part].size(); ++doc) {
      if (part == 0 && deleted_first.Contains(doc)) continue;
      if (part == 1 && deleted_second.Contains(doc)) continue;
      reference.Add(parts[part][doc]);
    }
  }
  const fs::path expected = dir_ / "reference.seg";
  ASSERT_TRUE(reference.Write(expected.string()).ok());
  const std::string merged_bytes = FileBytes(merged);
  EXPECT_EQ(merged_bytes.size(), FileBytes(expected).size());
  EXPECT_TRUE(merged_bytes == FileBytes(expected));

  auto reader = SegmentReader::Open(merged.string(), schema_);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->doc_count(), 116u);
  EXPECT_FALSE((*reader)->FindTerm(3, "only-deleted").has_value());
  EXPECT_EQ((*reader)->Key(0), "P0-1");
  EXPECT_EQ((*reader)->FindKey("P2-39"), 115u);
  auto stored = (*reader)->Stored(115);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->values.front().text, parts[2][39].values.front().text);
}

TEST_F(SegmentTest, MergingNothingLiveWritesAnEmptySegment) {
  auto segment = Build({Patent("CN1", "电池", {"H01M10/05"}, 20180101)});
  ASSERT_NE(segment, nullptr);
  Bitmap all;
  all.Add(0);
  const std::vector<MergeSource> sources = {{.reader = segment.get(), .deleted = &all}};
  const std::string path = (dir_ / "empty.seg").string();
  ASSERT_TRUE(MergeSegments(schema_, sources, path).ok());
  auto reader = SegmentReader::Open(path, schema_);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->doc_count(), 0u);
  EXPECT_EQ((*reader)->TermCount(0), 0u);
}

}  // namespace
}  // namespace iphub::engine::index
