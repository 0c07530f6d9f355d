#include "peer_common.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <optional>
#include <stdexcept>

#include "nlohmann/json.hpp"

namespace peer {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string WithoutSpaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '\t') out += c;
  }
  return out;
}

// "2014-09-29" -> 20140929; 0 when it is not a date.
int32_t DateNumber(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return 0;
  int32_t number = 0;
  for (char c : date) {
    if (c == '-') continue;
    if (c < '0' || c > '9') return 0;
    number = number * 10 + (c - '0');
  }
  return number;
}

std::string StringAt(const nlohmann::json& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end() || !found->is_string()) return "";
  return found->get<std::string>();
}

Document Decode(const nlohmann::json& record, uint32_t ordinal) {
  Document document;
  document.ordinal = ordinal;
  document.publication_number = StringAt(record, "publication_number");
  document.title = StringAt(record, "title");
  document.abstract = StringAt(record, "abstract");
  document.country = StringAt(record, "country");
  document.application_date = DateNumber(StringAt(record, "application_date"));
  if (const auto claims = record.find("claims"); claims != record.end() && claims->is_array()) {
    for (const auto& claim : *claims) document.claims.push_back(StringAt(claim, "text"));
  }
  if (const auto parties = record.find("applicants");
      parties != record.end() && parties->is_array()) {
    for (const auto& party : *parties) document.applicants.push_back(StringAt(party, "name"));
  }
  if (const auto ipc = record.find("ipc"); ipc != record.end() && ipc->is_array()) {
    for (const auto& entry : *ipc) {
      std::string symbol = WithoutSpaces(StringAt(entry, "symbol"));
      if (!symbol.empty()) document.ipc.push_back(std::move(symbol));
    }
  }
  return document;
}

std::string CsvField(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// The query of a line: the text before " #~" (the peer files' mark for "closest
// form, not the same semantics"), without trailing spaces.
std::string QueryOf(const std::string& line) {
  std::string query = line.substr(0, line.find(" #~"));
  while (!query.empty() && (query.back() == ' ' || query.back() == '\t')) query.pop_back();
  return query;
}

int Usage(std::string_view name) {
  std::fprintf(
      stderr,
      "usage: search_peer_%.*s index CORPUS.jsonl INDEX_DIR\n"
      "       search_peer_%.*s search INDEX_DIR QUERIES_FILE [--mode count|top10|facets]\n",
      static_cast<int>(name.size()), name.data(), static_cast<int>(name.size()), name.data());
  return 64;
}

std::optional<Mode> ParseMode(std::string_view text) {
  if (text == "count") return Mode::kCount;
  if (text == "top10") return Mode::kTop10;
  if (text == "facets") return Mode::kFacets;
  return std::nullopt;
}

int RunSearch(const Engine& engine, const std::string& directory, const std::string& file,
              Mode mode) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file);
  std::unique_ptr<Searcher> searcher = engine.open(directory);
  const bool facets = mode == Mode::kFacets;
  std::printf("line,query,hits,top_ids,microseconds,error%s\n", facets ? ",facets" : "");
  int failures = 0;
  std::string line;
  for (size_t line_number = 1; std::getline(in, line); ++line_number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::string query = QueryOf(line);
    if (query.empty() || query.starts_with("#")) continue;
    const auto started = Clock::now();
    Result result;
    try {
      result = searcher->Run(query, mode);
    } catch (const std::exception& error) {
      result.error = error.what();
    }
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count();
    std::string ids;
    for (const std::string& id : result.top_ids) ids += (ids.empty() ? "" : " ") + id;
    if (!result.error.empty()) {
      ++failures;
      std::printf("%zu,%s,,,%lld,%s%s\n", line_number, CsvField(query).c_str(),
                  static_cast<long long>(micros), CsvField(result.error).c_str(),
                  facets ? "," : "");
    } else {
      std::printf("%zu,%s,%llu,%s,%lld,%s\n", line_number, CsvField(query).c_str(),
                  static_cast<unsigned long long>(result.hits), CsvField(ids).c_str(),
                  static_cast<long long>(micros),
                  facets ? (',' + CsvField(FacetDigest(result.facets))).c_str() : "");
    }
  }
  std::fflush(stdout);
  return failures > 0 ? 2 : 0;
}

}  // namespace

std::string Year(const Document& document) {
  return document.application_date > 0 ? std::to_string(document.application_date / 10000) : "";
}

std::vector<std::string> IpcSubclasses(const Document& document) {
  std::vector<std::string> out;
  for (const std::string& symbol : document.ipc) {
    if (symbol.size() >= 4) out.push_back(symbol.substr(0, 4));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> Applicants(const Document& document) {
  std::vector<std::string> out;
  for (const std::string& name : document.applicants) {
    if (!name.empty()) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

FacetValues TopValues(const std::unordered_map<std::string, uint64_t>& counts) {
  FacetValues values(counts.begin(), counts.end());
  const auto before = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  const size_t keep = std::min<size_t>(kFacetValues, values.size());
  std::partial_sort(values.begin(), values.begin() + static_cast<ptrdiff_t>(keep), values.end(),
                    before);
  values.resize(keep);
  return values;
}

std::string FacetDigest(const std::vector<FacetValues>& facets) {
  std::string out;
  for (size_t at = 0; at < facets.size(); ++at) {
    if (at > 0) out += " | ";
    out += at < std::size(kFacetNames) ? kFacetNames[at] : "?";
    out += ':';
    for (size_t value = 0; value < facets[at].size(); ++value) {
      if (value > 0) out += ',';
      out += facets[at][value].first + '=' + std::to_string(facets[at][value].second);
    }
  }
  return out;
}

std::vector<std::string> IpcLevels(std::string_view symbol) {
  std::vector<std::string> levels;
  if (symbol.empty()) return levels;
  levels.emplace_back(symbol.substr(0, 1));
  if (symbol.size() >= 3) levels.emplace_back(symbol.substr(0, 3));
  if (symbol.size() >= 4) levels.emplace_back(symbol.substr(0, 4));
  if (const size_t slash = symbol.find('/'); slash != std::string_view::npos && slash > 4) {
    levels.emplace_back(symbol.substr(0, slash));
  }
  if (levels.back() != symbol) levels.emplace_back(symbol);
  return levels;
}

uint64_t ReadCorpus(const std::string& path, const std::function<void(const Document&)>& index,
                    double& parse_seconds) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  uint64_t count = 0;
  std::string line;
  while (true) {
    const auto started = Clock::now();
    if (!std::getline(in, line)) break;
    if (line.empty()) continue;
    Document document;
    try {
      document = Decode(nlohmann::json::parse(line), static_cast<uint32_t>(count + 1));
    } catch (const nlohmann::json::exception& error) {
      throw std::runtime_error(path + ": line " + std::to_string(count + 1) + ": " + error.what());
    }
    parse_seconds += SecondsSince(started);
    ++count;
    index(document);
  }
  return count;
}

int Main(int argc, char** argv, std::string_view name, const Engine& engine) {
  Mode mode = Mode::kTop10;
  if (argc == 6 && std::strcmp(argv[1], "search") == 0 && std::strcmp(argv[4], "--mode") == 0) {
    const std::optional<Mode> parsed = ParseMode(argv[5]);
    if (!parsed) return Usage(name);
    mode = *parsed;
    argc = 4;
  }
  if (argc != 4) return Usage(name);
  const std::string command = argv[1];
  try {
    if (command == "index") {
      const auto started = Clock::now();
      double parse_seconds = 0;
      uint64_t documents = 0;
      engine.index(argv[2], argv[3], parse_seconds, documents);
      const double seconds = SecondsSince(started);
      std::printf("indexed %llu documents in %.2f s (%.0f docs/s; reading JSONL took %.2f s)\n",
                  static_cast<unsigned long long>(documents), seconds,
                  seconds > 0 ? static_cast<double>(documents) / seconds : 0.0, parse_seconds);
      return 0;
    }
    if (command == "search") return RunSearch(engine, argv[2], argv[3], mode);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "search_peer_%.*s: %s\n", static_cast<int>(name.size()), name.data(),
                 error.what());
    return 1;
  }
  return Usage(name);
}

}  // namespace peer
