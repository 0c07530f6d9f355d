#include "iphub/base/config.h"

#include <cstdlib>
#include <fstream>
#include <functional>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"

namespace iphub::base {
namespace {

std::string NormaliseKey(std::string_view key) {
  return absl::AsciiStrToLower(
      absl::StrReplaceAll(absl::StripAsciiWhitespace(Sv(key)), {{"-", "_"}}));
}

using Setter = std::function<bool(Config&, const std::string&)>;

template <typename Int>
Setter IntSetter(Int Config::*member) {
  return [member](Config& config, const std::string& value) {
    int64_t parsed = 0;
    if (!absl::SimpleAtoi(value, &parsed) || parsed < 0) return false;
    config.*member = static_cast<Int>(parsed);
    return true;
  };
}

Setter StringSetter(std::string Config::*member) {
  return [member](Config& config, const std::string& value) {
    config.*member = value;
    return true;
  };
}

const std::map<std::string, Setter>& Setters() {
  static const auto* setters = new std::map<std::string, Setter>{
      {"data_dir", StringSetter(&Config::data_dir)},
      {"db", StringSetter(&Config::db)},
      {"listen", StringSetter(&Config::listen)},
      {"port", IntSetter(&Config::port)},
      {"web_dir", StringSetter(&Config::web_dir)},
      {"log_level", StringSetter(&Config::log_level)},
      {"body_limit_bytes", IntSetter(&Config::body_limit_bytes)},
      {"request_timeout_seconds", IntSetter(&Config::request_timeout_seconds)},
      {"threads", IntSetter(&Config::threads)},
      {"login_max_failures", IntSetter(&Config::login_max_failures)},
      {"login_lockout_seconds", IntSetter(&Config::login_lockout_seconds)},
      {"session_idle_seconds", IntSetter(&Config::session_idle_seconds)},
      {"demand_response_days", IntSetter(&Config::demand_response_days)},
  };
  return *setters;
}

}  // namespace

std::string Config::DatabaseUrl() const {
  if (!db.empty()) return db;
  return absl::StrCat("sqlite:", data_dir, "/iphub.db");
}

absl::StatusOr<Settings> ParseConfigFile(std::string_view path) {
  std::ifstream in{std::string(path)};
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open configuration file ", Sv(path)));
  Settings settings;
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    std::string_view text = line;
    if (auto hash = text.find('#'); hash != std::string_view::npos) text = text.substr(0, hash);
    text = Sv(absl::StripAsciiWhitespace(Sv(text)));
    if (text.empty()) continue;
    auto eq = text.find('=');
    if (eq == std::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat(Sv(path), ":", line_number, ": expected 'key = value'"));
    }
    std::string key = NormaliseKey(text.substr(0, eq));
    std::string value(absl::StripAsciiWhitespace(Sv(text.substr(eq + 1))));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (!Setters().contains(key)) {
      return absl::InvalidArgumentError(
          absl::StrCat(Sv(path), ":", line_number, ": unknown setting '", key, "'"));
    }
    settings[key] = value;
  }
  return settings;
}

Settings SettingsFromEnvironment() {
  Settings settings;
  for (const auto& [key, setter] : Setters()) {
    std::string name = absl::StrCat("IPHUB_", absl::AsciiStrToUpper(key));
    if (const char* value = std::getenv(name.c_str()); value != nullptr) settings[key] = value;
  }
  return settings;
}

absl::StatusOr<Config> BuildConfig(
    std::initializer_list<std::pair<std::string_view, const Settings*>> layers) {
  Config config;
  for (const auto& [source, settings] : layers) {
    if (settings == nullptr) continue;
    for (const auto& [raw_key, value] : *settings) {
      std::string key = NormaliseKey(raw_key);
      auto it = Setters().find(key);
      if (it == Setters().end()) {
        return InvalidField(key, absl::StrCat(Sv(source), ": unknown setting '", key, "'"));
      }
      if (!it->second(config, value)) {
        return InvalidField(
            key, absl::StrCat(Sv(source), ": '", value, "' is not a valid value for ", key));
      }
    }
  }
  if (config.port < 0 || config.port > 65535) {
    return InvalidField("port", absl::StrCat("port ", config.port, " is outside 0..65535"));
  }
  return config;
}

}  // namespace iphub::base
