#include "iphub/patents/import.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "iphub/base/crypto.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"
#include "iphub/patents/importers/jsonl.h"
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
        << R"({"title": "no number"})" << "\n";
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

TYPED_TEST(ImportTest, UnknownFileIsRejectedNotFatal) {
  std::string path = TempPath("notes.txt");
  std::ofstream(path) << "just some text\n";
  ImportSummary summary = this->Import({path, TempPath("does-not-exist.xml")});
  EXPECT_EQ(summary.counts.rejected, 2);
  EXPECT_EQ(summary.counts.imported, 0);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace iphub::patents
