// Runtime configuration and where it comes from.
//
// Precedence, highest first: command-line flag, IPHUB_* environment variable,
// configuration file (--config / IPHUB_CONFIG), built-in default. The file is
// lines of `key = value` ('#' starts a comment); keys are the long flag names
// with '-' or '_' (data_dir, db, listen, port, ...). Environment variables are
// the key upper-cased with an IPHUB_ prefix: IPHUB_DATA_DIR, IPHUB_PORT.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace iphub::base {

struct Config {
  std::string data_dir = "./iphub-data";
  // "sqlite:PATH" or "postgresql://..."; empty means sqlite:<data_dir>/iphub.db.
  std::string db;
  std::string listen = "127.0.0.1";
  int port = 8080;
  // Directory with the built web app (index.html and assets/).
  std::string web_dir = "web/dist";
  std::string log_level = "info";
  int64_t body_limit_bytes = 1 << 20;
  int request_timeout_seconds = 30;
  int threads = 0;  // 0: one per core, at least 2
  int login_max_failures = 5;
  int login_lockout_seconds = 900;
  int session_idle_seconds = 8 * 3600;
  // Marketplace: days a supplier has to answer an invitation to a demand.
  int demand_response_days = 7;

  // The effective database URL (resolves the empty default).
  std::string DatabaseUrl() const;
};

// Raw key/value settings from one source; keys normalised to snake_case.
using Settings = std::map<std::string, std::string>;

// Parses a configuration file. Errors name the file and line.
absl::StatusOr<Settings> ParseConfigFile(std::string_view path);

// Reads IPHUB_* variables from `environ` for the known keys.
Settings SettingsFromEnvironment();

// Applies `layers` in order (later wins) onto the defaults. Unknown keys and
// malformed numbers are InvalidArgument errors naming the key and source.
absl::StatusOr<Config> BuildConfig(
    std::initializer_list<std::pair<std::string_view, const Settings*>> layers);

}  // namespace iphub::base
