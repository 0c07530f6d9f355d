#include "iphub/engine/index/segment.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

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

}  // namespace
}  // namespace iphub::engine::index
