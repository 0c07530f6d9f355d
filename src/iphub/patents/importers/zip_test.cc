#include "iphub/patents/importers/zip.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iphub/patents/importers/testing/zip_writer.h"

namespace iphub::patents::importers {
namespace {

using ::testing::HasSubstr;
using testing::WriteZip;

std::string Repeated(std::string_view text, int times) {
  std::string out;
  for (int idx = 0; idx < times; ++idx) out += text;
  return out;
}

// Offset of the first central directory header.
size_t CentralOffset(const std::string& zip) { return zip.find("PK\x01\x02"); }

void Patch16(std::string& bytes, size_t pos, uint16_t value) {
  bytes[pos] = static_cast<char>(value & 0xFF);
  bytes[pos + 1] = static_cast<char>(value >> 8);
}

TEST(ZipReader, ReadsStoredAndDeflatedEntries) {
  const std::string xml = Repeated("<p>一种压力传感器</p>\n", 2000);
  const std::string zip = WriteZip({{.name = "grant/a.xml", .data = xml},
                                    {.name = "notes.txt", .data = "plain", .deflate = false},
                                    {.name = "empty/", .data = "", .deflate = false}});
  auto reader = ZipReader::Open(zip);
  ASSERT_TRUE(reader.ok()) << reader.status();
  ASSERT_EQ(reader->entries().size(), 3u);
  EXPECT_EQ(reader->entries()[0].name, "grant/a.xml");
  EXPECT_EQ(reader->entries()[0].method, 8);
  EXPECT_TRUE(reader->entries()[0].utf8_name);
  EXPECT_LT(reader->entries()[0].compressed_size, xml.size());
  EXPECT_TRUE(reader->entries()[2].is_directory());

  auto inflated = reader->Read(reader->entries()[0]);
  ASSERT_TRUE(inflated.ok()) << inflated.status();
  EXPECT_EQ(*inflated, xml);
  const ZipEntry* notes = reader->Find("notes.txt");
  ASSERT_NE(notes, nullptr);
  EXPECT_EQ(reader->Read(*notes).value(), "plain");
  EXPECT_EQ(reader->Find("missing.txt"), nullptr);
}

TEST(ZipReader, StreamsInChunksAndReadsAPrefix) {
  const std::string data = Repeated("0123456789abcdef", 100000);  // 1.6 MB
  const std::string zip = WriteZip({{.name = "big.xml", .data = data}});
  auto reader = ZipReader::Open(zip);
  ASSERT_TRUE(reader.ok()) << reader.status();
  std::string joined;
  int chunks = 0;
  ASSERT_TRUE(reader
                  ->ReadChunks(reader->entries()[0],
                               [&](std::string_view chunk) {
                                 EXPECT_LE(chunk.size(), 256u * 1024);
                                 joined.append(chunk);
                                 ++chunks;
                                 return absl::OkStatus();
                               })
                  .ok());
  EXPECT_EQ(joined, data);
  EXPECT_GT(chunks, 1);

  auto prefix = reader->ReadPrefix(reader->entries()[0], 100);
  ASSERT_TRUE(prefix.ok()) << prefix.status();
  EXPECT_EQ(*prefix, data.substr(0, 100));
}

TEST(ZipReader, SinkErrorStopsTheRead) {
  const std::string zip = WriteZip({{.name = "a.xml", .data = Repeated("x", 1000000)}});
  auto reader = ZipReader::Open(zip);
  ASSERT_TRUE(reader.ok());
  int calls = 0;
  absl::Status status = reader->ReadChunks(reader->entries()[0], [&](std::string_view) {
    ++calls;
    return absl::InternalError("database down");
  });
  EXPECT_EQ(status, absl::InternalError("database down"));
  EXPECT_EQ(calls, 1);
}

TEST(ZipReader, ReadsZip64Records) {
  const std::string zip = WriteZip(
      {{.name = "a.xml", .data = "<a/>"}, {.name = "b.xml", .data = "<b/>", .deflate = false}},
      {.zip64 = true});
  auto reader = ZipReader::Open(zip);
  ASSERT_TRUE(reader.ok()) << reader.status();
  ASSERT_EQ(reader->entries().size(), 2u);
  EXPECT_EQ(reader->entries()[1].uncompressed_size, 4u);
  EXPECT_EQ(reader->Read(reader->entries()[0]).value(), "<a/>");
  EXPECT_EQ(reader->Read(reader->entries()[1]).value(), "<b/>");
}

TEST(ZipReader, EmptyArchiveHasNoEntries) {
  const std::string empty = WriteZip({});  // the reader reads from it: it must outlive it
  auto reader = ZipReader::Open(empty);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_TRUE(reader->entries().empty());
}

TEST(ZipReader, RejectsWhatIsNoZip) {
  auto reader = ZipReader::Open("just some text, long enough to be looked at");
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(reader.status().message(), HasSubstr("not a zip archive"));
  EXPECT_FALSE(ZipReader::Open("PK").ok());
}

TEST(ZipReader, RejectsTruncatedArchives) {
  const std::string zip = WriteZip({{.name = "a.xml", .data = Repeated("<a/>", 1000)}});
  // Cut before the end record: no directory at all.
  auto cut = ZipReader::Open(std::string_view(zip).substr(0, zip.size() / 2));
  ASSERT_FALSE(cut.ok());
  EXPECT_THAT(cut.status().message(), HasSubstr("truncated"));
  // Data cut out of the middle: the directory points past the file.
  std::string holed = zip.substr(0, 40) + zip.substr(60);
  auto shifted = ZipReader::Open(holed);
  ASSERT_FALSE(shifted.ok());
  EXPECT_EQ(shifted.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ZipReader, RejectsABadLocalHeaderSignature) {
  std::string zip = WriteZip({{.name = "a.xml", .data = "<a/>"}});
  zip[0] = 'X';
  auto reader = ZipReader::Open(zip);
  ASSERT_TRUE(reader.ok()) << reader.status();
  auto read = reader->Read(reader->entries()[0]);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(read.status().message(), HasSubstr("bad local header signature"));
}

TEST(ZipReader, CrcMismatchIsDataLoss) {
  std::string zip = WriteZip({{.name = "a.xml", .data = "<patent>abc</patent>", .deflate = false}});
  const size_t data = zip.find("<patent>");
  zip[data + 8] = 'X';
  auto reader = ZipReader::Open(zip);
  ASSERT_TRUE(reader.ok());
  auto read = reader->Read(reader->entries()[0]);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(read.status().message(), HasSubstr("CRC-32 mismatch"));
  EXPECT_THAT(read.status().message(), HasSubstr("a.xml"));
}

TEST(ZipReader, CorruptDeflateDataIsDataLoss) {
  std::string zip = WriteZip({{.name = "a.xml", .data = Repeated("<p>text</p>", 500)}});
  // Garbage over the start of the deflate stream.
  for (size_t pos = 30 + 5; pos < 30 + 5 + 8; ++pos) zip[pos] = '\xFF';
  auto reader = ZipReader::Open(zip);
  ASSERT_TRUE(reader.ok());
  auto read = reader->Read(reader->entries()[0]);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), absl::StatusCode::kDataLoss);
}

TEST(ZipReader, UnsupportedMethodIsNamed) {
  std::string zip = WriteZip({{.name = "a.xml", .data = "<a/>", .deflate = false}});
  Patch16(zip, 8, 12);                        // local header: bzip2
  Patch16(zip, CentralOffset(zip) + 10, 12);  // central directory
  auto reader = ZipReader::Open(zip);
  ASSERT_TRUE(reader.ok());
  absl::Status check = reader->Check(reader->entries()[0]);
  EXPECT_EQ(check.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(check.message(), HasSubstr("method 12 (bzip2)"));
  EXPECT_FALSE(reader->Read(reader->entries()[0]).ok());
}

TEST(ZipReader, EncryptedEntriesAreRefused) {
  std::string zip = WriteZip({{.name = "a.xml", .data = "<a/>", .deflate = false}});
  Patch16(zip, 6, 0x0801);
  Patch16(zip, CentralOffset(zip) + 8, 0x0801);
  auto reader = ZipReader::Open(zip);
  ASSERT_TRUE(reader.ok());
  EXPECT_THAT(reader->Check(reader->entries()[0]).message(), HasSubstr("encrypted"));
}

TEST(ZipReader, ZipSlipNamesAreRefused) {
  const std::string zip = WriteZip({{.name = "../evil.xml", .data = "<a/>"},
                                    {.name = "/etc/passwd", .data = "x"},
                                    {.name = "C:\\windows\\x.xml", .data = "x"},
                                    {.name = "ok/..\\..\\x.xml", .data = "x"},
                                    {.name = "ok/a..b.xml", .data = "<b/>"}});
  auto reader = ZipReader::Open(zip);
  ASSERT_TRUE(reader.ok()) << reader.status();
  for (size_t idx = 0; idx < 4; ++idx) {
    absl::Status check = reader->Check(reader->entries()[idx]);
    EXPECT_EQ(check.code(), absl::StatusCode::kInvalidArgument) << reader->entries()[idx].name;
    EXPECT_THAT(check.message(), HasSubstr("zip-slip"));
    EXPECT_FALSE(reader->Read(reader->entries()[idx]).ok());
  }
  EXPECT_TRUE(reader->Check(reader->entries()[4]).ok());
}

TEST(ZipReader, LimitsGuardAgainstZipBombs) {
  const std::string data(1 << 20, 'a');  // compresses about 1000:1
  const std::string zip = WriteZip({{.name = "bomb.xml", .data = data}});
  auto small = ZipReader::Open(zip, {.max_entry_size = 1000});
  ASSERT_TRUE(small.ok());
  absl::Status over = small->Check(small->entries()[0]);
  EXPECT_EQ(over.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(over.message(), HasSubstr("over the limit"));

  auto ratio = ZipReader::Open(zip, {.max_ratio = 100, .ratio_floor = 1000});
  ASSERT_TRUE(ratio.ok());
  absl::Status bomb = ratio->Check(ratio->entries()[0]);
  EXPECT_EQ(bomb.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(bomb.message(), HasSubstr("zip bomb"));

  auto defaults = ZipReader::Open(zip);  // 1 MiB is under the default ratio floor
  ASSERT_TRUE(defaults.ok());
  EXPECT_TRUE(defaults->Check(defaults->entries()[0]).ok());
}

TEST(ZipReader, DeclaredSizeSmallerThanTheDataIsDataLoss) {
  std::string zip = WriteZip({{.name = "a.xml", .data = Repeated("<p/>", 100)}});
  // Central directory: uncompressed size 10 instead of 400.
  const size_t central = CentralOffset(zip);
  Patch16(zip, central + 24, 10);
  Patch16(zip, central + 26, 0);
  auto reader = ZipReader::Open(zip);
  ASSERT_TRUE(reader.ok());
  auto read = reader->Read(reader->entries()[0]);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(read.status().message(), HasSubstr("more than the declared 10 bytes"));
}

TEST(ZipReader, OverlappingEntriesAreRefused) {
  std::string zip = WriteZip({{.name = "a.xml", .data = Repeated("<p/>", 100)},
                              {.name = "b.xml", .data = Repeated("<q/>", 100)}});
  // Point the second entry at the first one's bytes.
  const size_t second = zip.find("PK\x01\x02", CentralOffset(zip) + 4);
  Patch16(zip, second + 42, 0);
  Patch16(zip, second + 44, 0);
  auto reader = ZipReader::Open(zip);
  ASSERT_FALSE(reader.ok());
  EXPECT_THAT(reader.status().message(), HasSubstr("overlap"));
}

TEST(ZipEntryStream, InflatesAChunkAtATimeAndTellsHowFarItHasRead) {
  std::string data;
  for (int idx = 0; idx < 200000; ++idx) data += "<p>" + std::to_string(idx * 7919) + "</p>\n";
  const std::string zip = WriteZip(
      {{.name = "notes.txt", .data = "x", .deflate = false}, {.name = "big.xml", .data = data}});
  auto reader = ZipReader::Open(zip);
  ASSERT_TRUE(reader.ok()) << reader.status();
  const ZipEntry& entry = reader->entries()[1];
  auto stream = reader->OpenEntry(entry);
  ASSERT_TRUE(stream.ok()) << stream.status();
  EXPECT_EQ(stream->entry().name, "big.xml");
  const uint64_t data_start = zip.find("big.xml") + 7;  // the local header's name, then the data
  std::string joined;
  std::vector<uint64_t> offsets;
  while (true) {
    auto chunk = stream->Next();
    ASSERT_TRUE(chunk.ok()) << chunk.status();
    offsets.push_back(stream->archive_offset());
    if (chunk->empty()) break;
    EXPECT_LE(chunk->size(), 256u * 1024);
    joined.append(*chunk);
  }
  EXPECT_EQ(joined, data);
  EXPECT_GT(offsets.size(), 3u);
  EXPECT_TRUE(std::is_sorted(offsets.begin(), offsets.end()));
  EXPECT_GT(offsets.front(), data_start);
  EXPECT_EQ(offsets.back(), data_start + entry.compressed_size);
  EXPECT_TRUE(stream->Next().value().empty());  // and stays at the end

  // Stored: the chunks are the archive's bytes.
  auto stored = reader->OpenEntry(reader->entries()[0]);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->Next().value(), "x");
  EXPECT_EQ(stored->archive_offset(), zip.find("notes.txt") + 9 + 1);
  EXPECT_TRUE(stored->Next().value().empty());
}

TEST(ZipEntryStream, DamageIsReportedAfterTheLastChunkAndThenAgain) {
  std::string zip = WriteZip({{.name = "a.csv", .data = Repeated("CN104223590A,一种\n", 30000)}});
  const size_t central = CentralOffset(zip);
  zip[central + 16] ^= 0x01;  // the central directory's CRC-32
  auto reader = ZipReader::Open(zip);
  ASSERT_TRUE(reader.ok());
  auto stream = reader->OpenEntry(reader->entries()[0]);
  ASSERT_TRUE(stream.ok());
  size_t delivered = 0;
  absl::Status status;
  while (true) {
    auto chunk = stream->Next();
    if (!chunk.ok()) {
      status = chunk.status();
      break;
    }
    ASSERT_FALSE(chunk->empty()) << "the end was reached without the CRC check failing";
    delivered += chunk->size();
  }
  EXPECT_EQ(delivered, reader->entries()[0].uncompressed_size);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(status.message(), HasSubstr("CRC-32 mismatch"));
  EXPECT_EQ(stream->Next().status(), status);
}

TEST(ZipEntryStream, OpeningChecksTheEntryFirst) {
  const std::string zip = WriteZip({{.name = "../evil.csv", .data = "x"}});
  auto reader = ZipReader::Open(zip);
  ASSERT_TRUE(reader.ok());
  auto stream = reader->OpenEntry(reader->entries()[0]);
  EXPECT_EQ(stream.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(stream.status().message(), HasSubstr("zip-slip"));

  const std::string bomb = WriteZip({{.name = "bomb.csv", .data = std::string(1 << 20, 'a')}});
  auto limited = ZipReader::Open(bomb, {.max_ratio = 100, .ratio_floor = 1000});
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(limited->OpenEntry(limited->entries()[0]).status().code(),
            absl::StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace iphub::patents::importers
