#include "iphub/base/config.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "iphub/base/status.h"

namespace iphub::base {
namespace {

std::string WriteTemp(const std::string& text) {
  auto path = std::filesystem::temp_directory_path() /
              ("iphub_config_test_" + std::to_string(::getpid()) + ".conf");
  std::ofstream(path) << text;
  return path.string();
}

TEST(Config, DefaultsWhenNothingIsSet) {
  auto config = BuildConfig({});
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->port, 8080);
  EXPECT_EQ(config->listen, "127.0.0.1");
  EXPECT_EQ(config->DatabaseUrl(), "sqlite:./iphub-data/iphub.db");
}

TEST(Config, FlagOverridesEnvironmentWhichOverridesFile) {
  auto file =
      ParseConfigFile(WriteTemp("# comment\nport = 9000\nlisten = 0.0.0.0\ndata-dir = /f\n"));
  ASSERT_TRUE(file.ok()) << file.status();
  Settings env = {{"port", "9100"}, {"data_dir", "/e"}};
  Settings flags = {{"port", "9200"}};
  auto config = BuildConfig({{"file", &*file}, {"env", &env}, {"flag", &flags}});
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->port, 9200);
  EXPECT_EQ(config->data_dir, "/e");
  EXPECT_EQ(config->listen, "0.0.0.0");
}

TEST(Config, FileErrorNamesTheLine) {
  auto file = ParseConfigFile(WriteTemp("port = 1\nthis line is wrong\n"));
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.status().message().find(":2:"), std::string_view::npos) << file.status();
}

TEST(Config, UnknownKeyInFileIsRejected) {
  auto file = ParseConfigFile(WriteTemp("colour = blue\n"));
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.status().message().find("colour"), std::string_view::npos);
}

TEST(Config, MalformedNumberNamesTheField) {
  Settings env = {{"port", "eighty"}};
  auto config = BuildConfig({{"env", &env}});
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(FieldOf(config.status()), "port");
}

TEST(Config, EnvironmentVariablesUseThePrefix) {
  ::setenv("IPHUB_LISTEN", "10.0.0.1", 1);
  Settings env = SettingsFromEnvironment();
  ::unsetenv("IPHUB_LISTEN");
  EXPECT_EQ(env["listen"], "10.0.0.1");
}

}  // namespace
}  // namespace iphub::base
