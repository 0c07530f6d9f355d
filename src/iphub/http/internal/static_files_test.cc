#include "iphub/http/internal/static_files.h"

#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace iphub::http::internal {
namespace {

namespace fs = std::filesystem;

std::string HeaderOf(const Response& response, std::string_view name) {
  for (const auto& [header, value] : response.headers) {
    if (header == name) return value;
  }
  return "";
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ =
        fs::temp_directory_path() /
        ("iphub_static_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    root_ = base_ / "web";
    fs::create_directories(root_ / "assets");
    Write(root_ / "index.html", "<html>app</html>");
    Write(root_ / "assets" / "app.123.js", "console.log(1)");
    Write(root_ / "favicon.ico", "ico");
    Write(root_ / ".env", "SECRET=1");
    Write(base_ / "secret.txt", "secret");
    fs::create_symlink(base_ / "secret.txt", root_ / "link.txt");
    root_ = fs::canonical(root_);
  }
  void TearDown() override { fs::remove_all(base_); }

  static void Write(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }

  fs::path base_;
  fs::path root_;
};

TEST_F(StaticFilesTest, ServesAssetsImmutable) {
  Response response = ServeStatic(root_, "/assets/app.123.js");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "console.log(1)");
  EXPECT_EQ(response.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(response, "Cache-Control"), "public, max-age=31536000, immutable");
}

TEST_F(StaticFilesTest, ServesOtherFilesNoCache) {
  Response response = ServeStatic(root_, "/favicon.ico");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "image/x-icon");
  EXPECT_EQ(HeaderOf(response, "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, FallsBackToIndexForPages) {
  for (const char* path : {"/", "/orgs/12", "/assets", "/.env", "/link.txt"}) {
    Response response = ServeStatic(root_, path);
    EXPECT_EQ(response.status, 200) << path;
    EXPECT_EQ(response.body, "<html>app</html>") << path;
    EXPECT_EQ(response.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(HeaderOf(response, "Cache-Control"), "no-cache");
  }
}

TEST_F(StaticFilesTest, MissingAssetIs404) {
  EXPECT_EQ(ServeStatic(root_, "/assets/gone.js").status, 404);
}

TEST_F(StaticFilesTest, RejectsTraversal) {
  for (const char* path :
       {"/../secret.txt", "/assets/../../secret.txt", "/./index.html", "/a\\..\\secret.txt"}) {
    Response response = ServeStatic(root_, path);
    EXPECT_EQ(response.status, 400) << path;
    EXPECT_EQ(response.body.find("secret"), std::string::npos);
  }
}

TEST_F(StaticFilesTest, MissingIndexIs404) {
  fs::remove(root_ / "index.html");
  EXPECT_EQ(ServeStatic(root_, "/orgs").status, 404);
}

TEST(ContentTypeFor, KnownAndUnknownExtensions) {
  EXPECT_EQ(ContentTypeFor("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.SVG"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("a.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("a.js.map"), "application/json");
  EXPECT_EQ(ContentTypeFor("a.bin"), "application/octet-stream");
}

}  // namespace
}  // namespace iphub::http::internal
