#include "iphub/base/files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace iphub::base {
namespace {

namespace fs = std::filesystem;

class FilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("iphub_files_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(FilesTest, AtomicWriteReplacesTheWholeFileAndLeavesNoTemporary) {
  const fs::path path = dir_ / "MANIFEST";
  ASSERT_TRUE(WriteFileAtomically(path, "first version, longer than the second\n").ok());
  ASSERT_TRUE(WriteFileAtomically(path, std::string("second\0with a NUL", 17)).ok());
  auto read = ReadFile(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, std::string("second\0with a NUL", 17));
  EXPECT_FALSE(fs::exists(dir_ / "MANIFEST.tmp"));
  EXPECT_TRUE(FsyncPath(path, false).ok());
  EXPECT_TRUE(FsyncPath(dir_, true).ok());
}

TEST_F(FilesTest, FailuresNameThePathAndTheReason) {
  const absl::Status write = WriteFileAtomically(dir_ / "missing" / "file", "x");
  EXPECT_EQ(write.code(), absl::StatusCode::kInternal);
  EXPECT_NE(write.message().find("cannot create"), std::string_view::npos) << write;
  EXPECT_NE(write.message().find("No such file or directory"), std::string_view::npos) << write;
  const auto read = ReadFile(dir_ / "absent");
  EXPECT_EQ(read.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(read.status().message().find("absent"), std::string_view::npos);
  EXPECT_FALSE(FsyncPath(dir_ / "absent", false).ok());
}

TEST(Crc32Test, MatchesTheStandardCheckValue) {
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);  // the CRC-32 check value
  EXPECT_EQ(Crc32(""), 0u);
}

}  // namespace
}  // namespace iphub::base
