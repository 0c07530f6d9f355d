// Patent search: maps patent records onto the search engine (engine/) and keeps
// the engine's index in step with the database.
//
//   IPHUB_ASSIGN_OR_RETURN(auto index, PatentIndex::Open(database, dir, clock,
//                                                        IndexAccess::kWriter));
//   index->Follow();                         // background: new imports become searchable
//   IPHUB_ASSIGN_OR_RETURN(PatentSearchResult found,
//                          index->Search({.query = "TI=(无人机 AND 电池) AND AD>=2018"}));
//
// The database is the source of truth. Every insert or update of a patent is a
// row of `patent_changes`; the index remembers the last change it applied (a
// file beside its manifest) and catches up from there, so an import by another
// process (`iphub import` while the server runs) is picked up too, and
// `iphub index rebuild` can always start from nothing.
//
// One process writes an index (an exclusive lock file); others open it read-only
// and see its last commit.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/base/clock.h"
#include "iphub/db/database.h"
#include "iphub/engine/index/index.h"
#include "iphub/engine/search/searcher.h"
#include "iphub/patents/model.h"

namespace iphub::patents {

// The engine fields of a patent (ids into PatentSchema()).
enum PatentField : uint32_t {
  kFieldTitle,
  kFieldAbstract,
  kFieldClaims,
  kFieldDescription,
  kFieldApplicantText,
  kFieldInventorText,
  kFieldAgencyText,
  kFieldApplicant,  // keyword column: names as written (facets)
  kFieldInventor,   // keyword column
  kFieldApplicationNumber,
  kFieldPublicationNumber,
  kFieldIpc,          // every symbol without spaces: "G06F17/30"
  kFieldIpcSection,   // columns for facets: "G"
  kFieldIpcClass,     // "G06"
  kFieldIpcSubclass,  // "G06F"
  kFieldIpcGroup,     // main group: "G06F17/00"
  kFieldCpc,
  kFieldApplicationDate,  // yyyymmdd
  kFieldPublicationDate,
  kFieldGrantDate,
  kFieldPriorityDate,
  kFieldYear,  // application year
  kFieldCountry,
  kFieldType,      // searchable type words: "cn_invention_grant", "invention"
  kFieldDocType,   // column: the document type name
  kFieldStatus,    // legal status name and group ("valid", "alive")
  kFieldRegion,    // CN applicants' region codes at every level
  kFieldProvince,  // column: province codes
  kFieldIpcMain,
  kFieldKind,
  kFieldLanguage,
  kPatentFieldCount,
};

const engine::Schema& PatentSchema();
// The query language's field codes (docs/query-language.md) on PatentSchema().
const engine::search::Bindings& PatentBindings();

// The engine document of a patent; `today` (YYYY-MM-DD) for the legal status.
engine::Document PatentDocument(const Patent& patent, std::string_view today);

// Facets a search may ask for, by name ("year", "ipc_class", "applicant" …).
const std::vector<std::pair<std::string, PatentField>>& PatentFacets();

struct PatentSearchRequest {
  std::string query;
  // "relevance" (default), "application_date", "-application_date",
  // "publication_date", "-publication_date" ('-': newest first).
  std::string sort;
  uint32_t offset = 0;
  uint32_t limit = 10;
  std::vector<std::string> facets;  // names from PatentFacets()
  uint32_t facet_limit = 10;
  bool snippets = true;
};

struct PatentHit {
  std::string publication_number;
  std::string title;
  std::string title_html;     // highlighted (escaped)
  std::string abstract_html;  // a highlighted passage
  std::string country;
  std::string type;
  std::string kind;
  std::string application_number;
  std::string application_date;
  std::string publication_date;
  std::string ipc_main;
  std::string legal_status;
  std::vector<std::string> applicants;
  double score = 0;
};

struct PatentSearchResult {
  uint64_t total = 0;
  double took_ms = 0;
  std::vector<PatentHit> hits;
  std::vector<std::pair<std::string, std::vector<engine::search::FacetValue>>> facets;
};

enum class IndexAccess { kWriter, kReader };

struct IndexInfo {
  uint64_t documents = 0;
  size_t segments = 0;
  uint64_t generation = 0;
  int64_t applied_change = 0;  // last patent_changes.seq in the index
  int64_t latest_change = 0;   // last patent_changes.seq in the database
};

class PatentIndex {
 public:
  // Opens (creating) the index in `directory`. kWriter takes the directory's lock
  // (FailedPrecondition when another process holds it); kReader never writes.
  // An index built with another schema is cleared (kWriter) and rebuilt by
  // CatchUp(), or refused (kReader).
  static absl::StatusOr<std::unique_ptr<PatentIndex>> Open(db::Database& database,
                                                           const std::filesystem::path& directory,
                                                           base::Clock& clock, IndexAccess access);
  ~PatentIndex();

  // Indexes every change after the last one applied, in batches, committing each;
  // returns the number of patents indexed. `progress(done, total)` after each batch.
  absl::StatusOr<int64_t> CatchUp(const std::function<void(int64_t, int64_t)>& progress = nullptr);
  // Starts a background thread that calls CatchUp() every `interval`.
  void Follow(std::chrono::milliseconds interval = std::chrono::milliseconds(250));
  // Clears the index and indexes every patent again, then merges to one segment.
  absl::StatusOr<int64_t> Rebuild(const std::function<void(int64_t, int64_t)>& progress = nullptr);

  absl::StatusOr<PatentSearchResult> Search(const PatentSearchRequest& request) const;
  // Exact hit count only.
  absl::StatusOr<uint64_t> Count(std::string_view query) const;
  // The top `limit` publication numbers by relevance and the exact count.
  absl::StatusOr<std::pair<uint64_t, std::vector<std::string>>> TopKeys(std::string_view query,
                                                                        uint32_t limit) const;
  // Indexed values starting with `prefix`, most frequent first: `field` is
  // "applicant", "inventor" or "ipc". InvalidArgument for another field.
  absl::StatusOr<std::vector<engine::search::FacetValue>> Suggest(std::string_view field,
                                                                  std::string_view prefix,
                                                                  uint32_t limit) const;
  absl::StatusOr<IndexInfo> Info() const;

  engine::index::Index& engine_index() { return *index_; }

 private:
  PatentIndex(db::Database& database, std::filesystem::path directory, base::Clock& clock);
  absl::Status SaveAppliedChange(int64_t seq);

  db::Database& database_;
  const std::filesystem::path directory_;
  base::Clock& clock_;
  std::unique_ptr<engine::index::Index> index_;
  int lock_fd_ = -1;
  bool writer_ = false;
  std::mutex catch_up_mutex_;
  std::atomic<int64_t> applied_change_{0};
  std::atomic<bool> stopping_{false};
  std::thread follower_;
};

}  // namespace iphub::patents
