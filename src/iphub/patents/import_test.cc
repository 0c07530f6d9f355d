#include "iphub/patents/import.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "iphub/base/crypto.h"
#include "iphub/base/strings.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"
#include "iphub/patents/importers/jsonl.h"
#include "iphub/patents/importers/testing/zip_writer.h"
#include "iphub/patents/migrations.h"
#include "iphub/patents/store.h"

namespace iphub::patents {
namespace {

std::string SharedData(const std::string& relative) {
  const char* source = std::getenv("IPHUB_SOURCE_DIR");
  return std::string(source == nullptr ? "." : source) + "/../shared/data/" + relative;
}

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("iphub_import_test_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

void WriteFile(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

template <typename Backend>
class ImportTest : public db::testing::DatabaseTest<Backend> {
 protected:
  void SetUp() override {
    db::testing::DatabaseTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    ASSERT_TRUE(base::InitCrypto().ok());
    auto applied = db::Migrate(this->db(), Migrations());
    ASSERT_TRUE(applied.ok()) << applied.status();
  }

  ImportSummary Import(const std::vector<std::string>& paths, const std::string& report = "") {
    ImportOptions options;
    options.batch_size = 2;  // several batches even for a few files
    options.reject_report_path = report;
    auto summary = ImportFiles(this->db(), paths, options);
    EXPECT_TRUE(summary.ok()) << summary.status();
    return summary.value_or(ImportSummary{});
  }
};
TYPED_TEST_SUITE(ImportTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(ImportTest, CnipaFilesOfBothSchemasImportOnceAndReimportChangesNothing) {
  std::vector<std::string> files;
  for (const char* name : {"cn_old1.xml", "cn_old2.xml", "cn_new1.xml", "cn_new2.xml"}) {
    files.push_back(SharedData(std::string("cn_patents/cnipa_xml/") + name));
  }
  ImportSummary first = this->Import(files);
  EXPECT_EQ(first.counts.read, 4);
  EXPECT_EQ(first.counts.imported, 4);
  EXPECT_EQ(first.counts.rejected, 0);

  ImportSummary again = this->Import(files);
  EXPECT_EQ(again.counts.imported, 0);
  EXPECT_EQ(again.counts.updated, 0);
  EXPECT_EQ(again.counts.unchanged, 4);

  auto conn = this->Connect();
  EXPECT_EQ(store::CountPatents(*conn).value(), 4);
  auto changes = conn->Query("SELECT COUNT(*) FROM patent_changes");
  ASSERT_TRUE(changes.ok());
  EXPECT_EQ(changes->rows[0].Int(0), 4);  // the re-import wrote no change rows
}

TYPED_TEST(ImportTest, MalformedUsptoFileIsRejectedAndTheRestImported) {
  std::string report = TempPath("rejects.jsonl");
  std::filesystem::remove(report);
  ImportSummary summary = this->Import(
      {SharedData("uspto/go-uspto/grant/US07057742-20060606.XML"),
       SharedData("uspto/go-uspto/test.xml"), SharedData("uspto/go-uspto/grant/v4-0-B2.xml"),
       SharedData("uspto/go-uspto/grant/v4-5-B2.xml")},
      report);
  EXPECT_EQ(summary.counts.rejected, 1);
  // Two grants in test.xml and one in v4-0-B2.xml; v4-5-B2.xml is US11147202B2 again (the
  // first grant of test.xml), which must not become a second record.
  EXPECT_EQ(summary.counts.imported, 3);
  EXPECT_EQ(summary.counts.unchanged + summary.counts.updated, 1);
  auto conn = this->Connect();
  EXPECT_EQ(store::CountPatents(*conn).value(), 3);
  std::vector<std::string> lines = ReadLines(report);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("US07057742-20060606.XML"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"unit\":\"byte\""), std::string::npos) << lines[0];
  std::filesystem::remove(report);
}

TYPED_TEST(ImportTest, JsonlBadLinesAreReportedByLineNumber) {
  Patent patent;
  patent.country = "CN";
  patent.publication_number = "CN104223590A";
  patent.title = "一种压力传感器";
  std::string path = TempPath("records.jsonl");
  {
    std::ofstream out(path);
    out << importers::PatentToJson(patent).dump() << "\n"
        << "{not json\n"
        << "\n"
        << R"({"title": "no number"})"
        << "\n";
  }
  std::string report = TempPath("jsonl-rejects.jsonl");
  std::filesystem::remove(report);
  ImportSummary summary = this->Import({path}, report);
  EXPECT_EQ(summary.counts.read, 3);
  EXPECT_EQ(summary.counts.imported, 1);
  EXPECT_EQ(summary.counts.rejected, 2);
  std::vector<std::string> lines = ReadLines(report);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find("\"position\":2"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("\"position\":4"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("publication_number"), std::string::npos) << lines[1];

  auto conn = this->Connect();
  auto stored = store::GetPatent(*conn, "CN104223590A");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->title, "一种压力传感器");
  std::filesystem::remove(path);
  std::filesystem::remove(report);
}

TYPED_TEST(ImportTest, ChangedRecordIsUpdatedWithAChangeRow) {
  Patent patent;
  patent.country = "US";
  patent.publication_number = "US7000001B2";
  patent.title = "First title";
  auto conn = this->Connect();
  EXPECT_EQ(store::UpsertPatent(*conn, patent, 1).value(), store::UpsertOutcome::kInserted);
  EXPECT_EQ(store::UpsertPatent(*conn, patent, 2).value(), store::UpsertOutcome::kUnchanged);
  patent.title = "Corrected title";
  EXPECT_EQ(store::UpsertPatent(*conn, patent, 3).value(), store::UpsertOutcome::kUpdated);
  EXPECT_EQ(store::GetPatent(*conn, "US7000001B2")->title, "Corrected title");
  auto changes = conn->Query("SELECT change FROM patent_changes ORDER BY seq");
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->rows.size(), 2u);
  EXPECT_EQ(changes->rows[1].Text(0), "update");
}

TYPED_TEST(ImportTest, RegistryJsonOfPatentsTrademarksAndCopyrightsImportsOnce) {
  std::vector<std::string> files;
  for (const char* name : {"mock-zhuanlixinxi.json", "mock-shangbiaoxinxi.json",
                           "mock-ruanjianzhuzuoquan.json", "mock-zuopinzhuzuoquan.json"}) {
    files.push_back(SharedData(std::string("cn_patents/qichacha_mock/") + name));
  }
  ImportSummary first = this->Import(files);
  EXPECT_EQ(first.counts.rejected, 0);
  EXPECT_EQ(first.counts.imported, first.counts.read);
  auto conn = this->db().Acquire();
  ASSERT_TRUE(conn.ok());
  auto count = [&](std::string_view table) {
    auto result = (*conn)->Query(base::StrCat("SELECT COUNT(*) FROM ", table));
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? result->rows[0].Int(0) : -1;
  };
  const int64_t trademarks = count("trademarks");
  const int64_t copyrights = count("copyrights");
  const int64_t patents = count("patents");
  EXPECT_EQ(trademarks, 3);
  EXPECT_GT(copyrights, 0);
  EXPECT_GT(patents, 0);
  EXPECT_EQ(trademarks + copyrights + patents, first.counts.read);
  ImportSummary again = this->Import(files);
  EXPECT_EQ(again.counts.unchanged, first.counts.read);
  EXPECT_EQ(again.counts.imported, 0);

  // A record of the wrong shape is rejected by its index; the others go in.
  const std::string path = TempPath("marks.json");
  WriteFile(path,
            R"([{"RegNo": "90000001", "IntCls": 9, "Name": "甲", "AppDate": "2020/1/2 0:00:00"},
                      {"RegNo": "90000002", "IntCls": "nine", "Name": "乙"}])");
  const std::string report = TempPath("marks-rejects.jsonl");
  std::filesystem::remove(report);
  ImportSummary marks = this->Import({path}, report);
  EXPECT_EQ(marks.counts.imported, 1);
  EXPECT_EQ(marks.counts.rejected, 1);
  std::vector<std::string> lines = ReadLines(report);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("\"unit\":\"record\""), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"position\":1"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("IntCls"), std::string::npos) << lines[0];
  std::filesystem::remove(path);
}

TYPED_TEST(ImportTest, UnknownFileIsRejectedNotFatal) {
  std::string path = TempPath("notes.txt");
  std::ofstream(path) << "just some text\n";
  ImportSummary summary = this->Import({path, TempPath("does-not-exist.xml")});
  EXPECT_EQ(summary.counts.rejected, 2);
  EXPECT_EQ(summary.counts.imported, 0);
  std::filesystem::remove(path);
}

TYPED_TEST(ImportTest, ZipOfUsptoFilesImportsTheSameRecordsAsTheFilesThemselves) {
  // A weekly file is documents back to back; this one is larger than one
  // inflated chunk, so documents straddle chunk boundaries.
  const std::string weekly = ReadFile(SharedData("uspto/go-uspto/grant/v2-5-B1.xml")) +
                             ReadFile(SharedData("uspto/go-uspto/test.xml")) +
                             ReadFile(SharedData("uspto/go-uspto/grant/v4-0-B2.xml"));
  ASSERT_GT(weekly.size(), 300000u);
  const std::string broken = ReadFile(SharedData("uspto/go-uspto/grant/US07057742-20060606.XML"));
  ASSERT_FALSE(broken.empty());
  const std::string archive = TempPath("weekly.zip");
  WriteFile(archive, importers::testing::WriteZip({
                         {.name = "ipg/weekly.xml", .data = weekly},
                         {.name = "ipg/", .data = "", .deflate = false},
                         {.name = "bad/US07057742-20060606.XML", .data = broken, .deflate = false},
                         {.name = "readme.txt", .data = "USPTO bulk data"},
                         {.name = "__MACOSX/ipg/._weekly.xml", .data = "junk"},
                         {.name = "../evil.xml", .data = "<us-patent-grant/>"},
                     }));
  const std::string report = TempPath("zip-rejects.jsonl");
  std::filesystem::remove(report);
  ImportSummary from_zip = this->Import({archive}, report);
  EXPECT_GE(from_zip.counts.imported, 4);
  EXPECT_EQ(from_zip.counts.rejected, 2);
  EXPECT_EQ(from_zip.counts.skipped, 2);  // readme.txt and the __MACOSX entry
  std::vector<std::string> lines = ReadLines(report);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find("weekly.zip!bad/US07057742-20060606.XML"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"unit\":\"byte\""), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("weekly.zip!../evil.xml"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("zip-slip"), std::string::npos) << lines[1];

  // The same documents from the plain file: every one already there, unchanged.
  const std::string plain = TempPath("weekly.xml");
  WriteFile(plain, weekly);
  ImportSummary from_file = this->Import({plain});
  EXPECT_EQ(from_file.counts.read, from_zip.counts.read - 1);  // less the broken entry's document
  EXPECT_EQ(from_file.counts.imported, 0);
  EXPECT_EQ(from_file.counts.updated, 0);
  EXPECT_EQ(from_file.counts.unchanged, from_zip.counts.imported);
  std::filesystem::remove(archive);
  std::filesystem::remove(plain);
  std::filesystem::remove(report);
}

TYPED_TEST(ImportTest, CsvRejectsByRowAndReimportChangesNothing) {
  const std::string path = TempPath("patents.csv");
  WriteFile(path,
            "\xEF\xBB\xBF申请号,申请日,公开（公告）号,名称,申请（专利权）人\r\n"
            "201410513187.5,2014-09-29,CN104223590A,一种压力传感器,山东大学\r\n"
            "201420123456.2,2014.03.05,CN204000000U,一种夹具,\"某某科技有限公司;张三\"\r\n"
            "201830012345.8,2018-02-30,CN304000000S,包装盒,李四\r\n");
  const std::string report = TempPath("csv-rejects.jsonl");
  std::filesystem::remove(report);
  ImportSummary first = this->Import({path}, report);
  EXPECT_EQ(first.counts.read, 3);
  EXPECT_EQ(first.counts.imported, 2);
  EXPECT_EQ(first.counts.rejected, 1);
  std::vector<std::string> lines = ReadLines(report);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("\"unit\":\"row\""), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"position\":4"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("row 4, column 申请日"), std::string::npos) << lines[0];

  ImportSummary again = this->Import({path});
  EXPECT_EQ(again.counts.imported, 0);
  EXPECT_EQ(again.counts.updated, 0);
  EXPECT_EQ(again.counts.unchanged, 2);

  auto conn = this->Connect();
  auto stored = store::GetPatent(*conn, "CN204000000U");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->application_number, "201420123456.2");
  EXPECT_EQ(stored->application_date, "2014-03-05");
  auto changes = conn->Query("SELECT COUNT(*) FROM patent_changes");
  ASSERT_TRUE(changes.ok());
  EXPECT_EQ(changes->rows[0].Int(0), 2);
  std::filesystem::remove(path);
  std::filesystem::remove(report);
}

TYPED_TEST(ImportTest, TheDownloadableTemplateImports) {
  const char* source = std::getenv("IPHUB_SOURCE_DIR");
  const std::string path = std::string(source == nullptr ? "." : source) +
                           "/web/public/templates/patent-import-template.csv";
  ImportSummary summary = this->Import({path});
  EXPECT_EQ(summary.counts.read, 2);
  EXPECT_EQ(summary.counts.imported, 2);
  EXPECT_EQ(summary.counts.rejected, 0);
}

TYPED_TEST(ImportTest, XlsxFileAndXlsxInsideAZipImport) {
  const std::string workbook = importers::testing::WriteZip({
      {.name = "xl/workbook.xml",
       .data =
           R"(<workbook xmlns:r="r"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>)"},
      {.name = "xl/_rels/workbook.xml.rels",
       .data =
           R"(<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>)"},
      {.name = "xl/worksheets/sheet1.xml", .data = R"(<worksheet><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>公开号</t></is></c><c r="B1" t="inlineStr"><is><t>名称</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>CN104223590A</t></is></c><c r="B2" t="inlineStr"><is><t>一种压力传感器</t></is></c></row>
<row r="3"><c r="B3" t="inlineStr"><is><t>没有号码</t></is></c></row>
</sheetData></worksheet>)"},
  });
  const std::string xlsx = TempPath("patents.xlsx");
  WriteFile(xlsx, workbook);
  const std::string archive = TempPath("sheets.zip");
  WriteFile(archive, importers::testing::WriteZip({{.name = "导出/专利.xlsx", .data = workbook}}));
  const std::string report = TempPath("xlsx-rejects.jsonl");
  std::filesystem::remove(report);
  ImportSummary summary = this->Import({xlsx, archive}, report);
  EXPECT_EQ(summary.counts.read, 4);
  EXPECT_EQ(summary.counts.imported, 1);
  EXPECT_EQ(summary.counts.unchanged, 1);
  EXPECT_EQ(summary.counts.rejected, 2);
  std::vector<std::string> lines = ReadLines(report);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[1].find("sheets.zip!导出/专利.xlsx"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("\"position\":3"), std::string::npos) << lines[1];
  std::filesystem::remove(xlsx);
  std::filesystem::remove(archive);
  std::filesystem::remove(report);
}

TYPED_TEST(ImportTest, DamagedZipIsRejectedNotFatal) {
  const std::string path = TempPath("damaged.zip");
  std::string bytes = importers::testing::WriteZip({{.name = "a.jsonl", .data = "{}\n"}});
  WriteFile(path, std::string_view(bytes).substr(0, bytes.size() - 10));
  ImportSummary summary = this->Import({path});
  EXPECT_EQ(summary.counts.rejected, 1);
  EXPECT_EQ(summary.counts.imported, 0);
  std::filesystem::remove(path);
}

TYPED_TEST(ImportTest, CsvInsideAZipIsStreamedAndImportsAsTheFileItself) {
  // Over 1 MiB inflated, so it comes in several pieces and its encoding is
  // known (a 1 MiB sample) before the end; one bad date.
  std::string csv = "公开号,名称,申请日,摘要\n";
  for (int idx = 0; idx < 2500; ++idx) {
    csv += "CN" + std::to_string(100000000 + idx) + "A,一种压力传感器" + std::to_string(idx) + "," +
           (idx == 1234 ? "2014-13-01" : "2014-09-29") + ",\"" + std::string(400, 'x') +
           "\n本发明公开了一种传感器。\"\n";
  }
  ASSERT_GT(csv.size(), size_t{1} << 20);
  const std::string plain = TempPath("streamed.csv");
  WriteFile(plain, csv);
  std::string damaged_zip = importers::testing::WriteZip({{.name = "damaged.csv", .data = csv}});
  damaged_zip[damaged_zip.find("PK\x01\x02") + 16] ^= 0x01;  // its CRC-32
  const std::string archive = TempPath("streamed.zip");
  WriteFile(archive, importers::testing::WriteZip({{.name = "导出/专利.csv", .data = csv},
                                                   {.name = "inner.zip", .data = damaged_zip}}));
  const std::string report = TempPath("streamed-rejects.jsonl");
  std::filesystem::remove(report);
  ImportOptions options;
  options.batch_size = 500;
  options.reject_report_path = report;
  auto from_zip = ImportFiles(this->db(), {archive}, options);
  ASSERT_TRUE(from_zip.ok()) << from_zip.status();
  // Both copies' rows are read (the damaged one's before its CRC-32 is checked).
  EXPECT_EQ(from_zip->counts.read, 5000);
  EXPECT_EQ(from_zip->counts.imported, 2499);
  EXPECT_EQ(from_zip->counts.unchanged, 2499);
  EXPECT_EQ(from_zip->counts.rejected, 3);
  const std::vector<std::string> lines = ReadLines(report);
  ASSERT_EQ(lines.size(), 3u) << ::testing::PrintToString(lines);
  EXPECT_NE(lines[0].find("streamed.zip!导出/专利.csv"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"position\":1236"), std::string::npos) << lines[0];
  EXPECT_NE(lines[2].find("streamed.zip!inner.zip!damaged.csv"), std::string::npos) << lines[2];
  EXPECT_NE(lines[2].find("CRC-32 mismatch"), std::string::npos) << lines[2];

  auto from_file = ImportFiles(this->db(), {plain}, options);
  ASSERT_TRUE(from_file.ok()) << from_file.status();
  EXPECT_EQ(from_file->counts.read, 2500);
  EXPECT_EQ(from_file->counts.unchanged, 2499);
  EXPECT_EQ(from_file->counts.rejected, 1);
  std::filesystem::remove(plain);
  std::filesystem::remove(archive);
  std::filesystem::remove(report);
}

TYPED_TEST(ImportTest, ProgressGrowsAndACancelledImportKeepsWhatItCommitted) {
  // 1000 records numbered from `first`, and a bad line 12.
  auto write_records = [](const std::string& path, int first) {
    std::string jsonl;
    for (int idx = 0; idx < 1000; ++idx) {
      Patent patent;
      patent.country = "CN";
      patent.publication_number = "CN" + std::to_string(first + idx) + "A";
      patent.title = "一种压力传感器 " + std::to_string(idx);
      jsonl += importers::PatentToJson(patent).dump() + "\n";
      if (idx == 10) jsonl += "{not json\n";
    }
    WriteFile(path, jsonl);
    return static_cast<int64_t>(jsonl.size());
  };
  const std::string path = TempPath("progress.jsonl");
  const int64_t size = write_records(path, 110000000);

  // Uncancelled: progress never goes back, and ends at the summary.
  std::vector<ImportCounts> seen;
  ImportOptions options;
  options.batch_size = 100;
  options.on_progress = [&](const ImportCounts& counts) { seen.push_back(counts); };
  auto whole = ImportFiles(this->db(), {path}, options);
  ASSERT_TRUE(whole.ok()) << whole.status();
  EXPECT_FALSE(whole->cancelled);
  EXPECT_EQ(whole->counts.read, 1001);
  EXPECT_EQ(whole->counts.imported, 1000);
  ASSERT_GE(seen.size(), 10u);
  for (size_t idx = 1; idx < seen.size(); ++idx) {
    EXPECT_GE(seen[idx].bytes, seen[idx - 1].bytes) << idx;
    EXPECT_GE(seen[idx].read, seen[idx - 1].read) << idx;
    EXPECT_GE(seen[idx].imported, seen[idx - 1].imported) << idx;
  }
  EXPECT_EQ(seen.back().bytes, size);
  EXPECT_EQ(seen.back().imported, 1000);
  // The first batch is reported when committed, part of the way through.
  auto first_batch = std::find_if(seen.begin(), seen.end(),
                                  [](const ImportCounts& counts) { return counts.imported > 0; });
  ASSERT_NE(first_batch, seen.end());
  EXPECT_EQ(first_batch->imported, 100);
  EXPECT_GT(first_batch->bytes, 0);
  EXPECT_LT(first_batch->bytes, size);

  // Cancelled once three batches are committed: those stay, nothing after.
  const std::string other = TempPath("cancel.jsonl");
  write_records(other, 120000000);
  std::atomic<bool> cancel{false};
  options.cancel = &cancel;
  options.on_progress = [&](const ImportCounts& counts) {
    if (counts.imported >= 300) cancel = true;
  };
  auto part = ImportFiles(this->db(), {other}, options);
  ASSERT_TRUE(part.ok()) << part.status();
  EXPECT_TRUE(part->cancelled);
  EXPECT_EQ(part->counts.imported, 300);
  EXPECT_EQ(part->counts.read, 301);  // 300 records and the bad line
  EXPECT_EQ(part->counts.rejected, 1);
  EXPECT_GT(part->counts.bytes, 0);
  EXPECT_LT(part->counts.bytes, size);
  auto conn = this->Connect();
  auto stored = conn->Query("SELECT COUNT(*) FROM patents WHERE publication_number LIKE 'CN12%'");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->rows[0].Int(0), 300);
  std::filesystem::remove(path);
  std::filesystem::remove(other);
}

}  // namespace
}  // namespace iphub::patents
