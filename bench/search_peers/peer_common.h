// What the search peers of bench/search.sh share: reading the demo JSONL corpus
// (docs/formats/patent-jsonl.md) into the fields every peer indexes, reading a
// query file, and printing per query the CSV `iphub search --batch` prints, so
// the script compares all engines line by line.
//
//   int main(int argc, char** argv) {
//     return peer::Main(argc, argv, "fts5", {.index = IndexCorpus, .search = OpenSearcher});
//   }
//
// A peer program is then used as
//   search_peer_X index CORPUS.jsonl INDEX_DIR                 (prints one "indexed …" line)
//   search_peer_X search INDEX_DIR QUERIES_FILE [--mode MODE]  (prints the CSV)
// where MODE is count, top10 (the default) or facets (see Mode). The PostgreSQL
// peer takes a libpq connection string where the others take INDEX_DIR.
//
// Deliberately independent of iphub's code: these are the engines' own APIs, used
// the way their documentation suggests, with plain standard C++ around them.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace peer {

// The fields of a patent the peers index (a subset of what iphub indexes).
struct Document {
  uint32_t ordinal = 0;  // 1, 2, 3 … in corpus order; peers use it as their doc id
  std::string publication_number;
  std::string title;
  std::string abstract;
  std::vector<std::string> claims;      // one value per claim
  std::vector<std::string> applicants;  // names
  std::vector<std::string> ipc;         // symbols without spaces: "H01M10/0525"
  int32_t application_date = 0;         // yyyymmdd, 0 when absent
  std::string country;                  // "CN", "US"
};

// The facet values of a document, as iphub counts them (one count per document
// and distinct value):
//   year          the application year ("2019"); none without an application date
//   ipc_subclass  the first 4 characters of each IPC symbol ("H01M"), each distinct
//                 subclass once
//   applicant     each distinct applicant name, exactly as written (multi-valued:
//                 a document with two applicants counts once for each)
std::string Year(const Document& document);                        // "" when absent
std::vector<std::string> IpcSubclasses(const Document& document);  // distinct, sorted
std::vector<std::string> Applicants(const Document& document);     // distinct, non-empty, sorted

// The IPC prefixes a symbol is found under, shortest first:
// "H01M10/0525" -> H, H01, H01M, H01M10, H01M10/0525.
std::vector<std::string> IpcLevels(std::string_view symbol);

// Calls `index` for every line of the JSONL file; returns the number of documents
// and adds the time spent reading and decoding JSON to `parse_seconds`.
// Throws std::runtime_error on an unreadable file or a malformed line.
uint64_t ReadCorpus(const std::string& path, const std::function<void(const Document&)>& index,
                    double& parse_seconds);

// What a query is asked for; every mode counts every hit exactly.
enum class Mode {
  kCount,   // the number of hits only: no ranking, no documents
  kTop10,   // the number of hits and the 10 best by relevance, with their ids
  kFacets,  // the number of hits and the facet counts over all of them (no ranking)
};

inline constexpr uint32_t kFacetValues = 10;  // values kept per facet
inline constexpr const char* kFacetNames[] = {"year", "ipc_subclass", "applicant"};

// One facet: its most frequent values, most frequent first, ties by value (bytes).
using FacetValues = std::vector<std::pair<std::string, uint64_t>>;

// The kFacetValues most frequent of `counts`, in the order above.
FacetValues TopValues(const std::unordered_map<std::string, uint64_t>& counts);

// The facets as one line, the same in every engine's CSV (and `iphub search
// --mode facets`), so the script compares them as strings:
//   year:2021=812,2020=790,… | ipc_subclass:H01M=1940,… | applicant:…=332,…
std::string FacetDigest(const std::vector<FacetValues>& facets);

// The result of one query.
struct Result {
  uint64_t hits = 0;                 // exact number of matching documents
  std::vector<std::string> top_ids;  // kTop10: publication numbers of the best 10, best first
  std::vector<FacetValues> facets;   // kFacets: year, ipc_subclass, applicant (kFacetNames)
  std::string error;                 // non-empty when the query failed
};

// Runs queries against an opened index; one per peer, used from one thread.
class Searcher {
 public:
  virtual ~Searcher() = default;
  // `query` is one line of the peer's query file, without its " #~ note".
  virtual Result Run(const std::string& query, Mode mode) = 0;
};

struct Engine {
  // Indexes every document of `corpus` into a new index in `directory`.
  std::function<void(const std::string& corpus, const std::string& directory, double& parse_seconds,
                     uint64_t& documents)>
      index;
  std::function<std::unique_ptr<Searcher>(const std::string& directory)> open;
};

// The two subcommands above; returns the exit status (2 when a query failed).
int Main(int argc, char** argv, std::string_view name, const Engine& engine);

}  // namespace peer
