// Patent search: maps patent records onto the search engine (engine/) and keeps
// the engine's index in step with the database.
//
//   IPHUB_ASSIGN_OR_RETURN(auto index, PatentIndex::Open(database, dir, clock,
//                                                        IndexAccess::kWriter));
//   index->Follow();                         // background: new imports become searchable
//   IPHUB_ASSIGN_OR_RETURN(PatentSearchResult found,
//                          index->Search({.query = "TI=(无人机 AND 电池) AND AD>=2018"}));
//   IPHUB_ASSIGN_OR_RETURN(SimilarPatents like, index->Similar("CN104223590A", 10));
//
// The database is the source of truth. Every insert or update of a patent is a
// row of `patent_changes`; the index remembers the last change it applied (a
// file beside its manifest) and catches up from there, so an import by another
// process (`iphub import` while the server runs) is picked up too, and
// `iphub index rebuild` can always start from nothing.
//
// One process writes an index (an exclusive lock file); others open it read-only
// and see its last commit.
//
// Similar patents (engine/similar/): a model of the indexed titles, abstracts
// and claims, kept in <directory>/similar/. It is loaded, or built when missing,
// damaged or made with other options, on the first Similar() call (built and
// saved by Rebuild() and RebuildSimilar() too). Each call first gives patents
// indexed since the model was built vectors of their own; when they grow past
// a fifth of the model (at least 200), the model is rebuilt in a background
// thread and replaces the old one when done (the old one answers meanwhile;
// patents it has not seen are not found until then). Follow() does the same as
// soon as it has indexed new patents, when a model exists. A read-only index builds
// a missing model in memory and does not save it.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/base/clock.h"
#include "iphub/base/table_writer.h"
#include "iphub/db/database.h"
#include "iphub/engine/index/index.h"
#include "iphub/engine/search/searcher.h"
#include "iphub/patents/applicant_aliases.h"
#include "iphub/patents/landscape.h"
#include "iphub/patents/model.h"

namespace iphub::engine::similar {
class SimilarityIndex;
}

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
  kFieldStatusChangesOn,  // yyyymmdd: when the legal status changes by time alone
  kFieldApplicantName,    // column: applicants' normalised names (applicant_names.h)
  kPatentFieldCount,
};

const engine::Schema& PatentSchema();
// The query language's field codes (docs/query-language.md) on PatentSchema().
// PAN= here looks up the normalised name as written; a PatentIndex's own
// bindings resolve it through the applicant aliases first.
const engine::search::Bindings& PatentBindings();

// The engine document of a patent; `today` (YYYY-MM-DD) for the legal status.
// `aliases`: applicant names are indexed (PAN, the applicant facet) by their
// canonical names.
engine::Document PatentDocument(const Patent& patent, std::string_view today,
                                const ApplicantAliasMap* aliases = nullptr);

// PAN="<name>", quoted for the query language.
std::string ApplicantNameQuery(std::string_view name);

// Facets a search may ask for, by name ("year", "ipc_class", "applicant" …).
const std::vector<std::pair<std::string, PatentField>>& PatentFacets();

// The value score of each scored patent (the batch valuation's total, 0..100, of one
// scenario) by publication number, kept beside the index (PatentIndex::SetValueScores):
// the valuation changes every score after each import, which must not index again.
class ValueScores {
 public:
  explicit ValueScores(std::string scenario) : scenario_(std::move(scenario)) {}
  void Add(std::string_view publication_number, double total);
  // The score in tenths (73.46 → 735), nullopt for a patent without one.
  std::optional<int64_t> TenthsOf(std::string_view publication_number) const;
  const std::string& scenario() const { return scenario_; }
  size_t size() const { return tenths_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  std::string scenario_;
  std::unordered_map<std::string, int32_t, Hash, std::equal_to<>> tenths_;
};

struct PatentSearchRequest {
  std::string query;
  // "relevance" (default), "application_date", "-application_date",
  // "publication_date", "-publication_date" ('-': newest first), "value",
  // "-value" (by value score, '-': highest first; patents without one last).
  std::string sort;
  // Only the hits with a value score of at least this (0..100), before counting,
  // facets and ranking.
  std::optional<double> min_value{};
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
  std::optional<double> value{};  // the value score (ValueScores), one decimal
};

struct PatentSearchResult {
  uint64_t total = 0;
  double took_ms = 0;
  std::vector<PatentHit> hits;
  std::vector<std::pair<std::string, std::vector<engine::search::FacetValue>>> facets;
};

// A search result as a file, produced piece by piece.
struct PatentExport {
  uint64_t total = 0;  // hits of the query
  uint64_t rows = 0;   // data rows the file holds (the first `limit` hits, in order)
  // Fills `chunk` with the next piece of the file; false after the last piece.
  std::function<absl::StatusOr<bool>(std::string& chunk)> next;
};

inline constexpr uint32_t kMaxExportRows = 100000;

// A patent like the one (or the text) asked about, and why.
struct SimilarPatent {
  std::string publication_number;
  std::string application_number;
  std::string title;
  std::string country;
  std::string application_date;
  std::string ipc_main;
  std::vector<std::string> applicants;
  // Higher is more alike: the cosines of the two topic vectors and of the two
  // TF-IDF word vectors, by patent blended with the share of IPC classes.
  double score = 0;
  // Words both hold that weigh most (Chinese words joined back from bigrams,
  // English words as the query writes them), most telling first.
  std::vector<std::string> shared_terms;
  // IPC main groups and subclasses both hold ("H01M10/00", "H01M").
  std::vector<std::string> shared_ipc;
};

struct SimilarPatents {
  std::string publication_number;  // by patent: the indexed number asked about
  // Best first; one publication per application (a CN application's A and B
  // are nearly the same text), none of the application asked about.
  std::vector<SimilarPatent> hits;
  double took_ms = 0;
};

struct SimilarModelInfo {
  uint64_t documents = 0;
  size_t terms = 0;
  size_t dimensions = 0;
  double seconds = 0;  // to build it
};

enum class IndexAccess { kWriter, kReader };

// Publication numbers found in one snapshot of the index (PatentIndex::FindKeys).
struct IndexedKeys {
  std::shared_ptr<const engine::index::Snapshot> snapshot;
  std::vector<std::string> keys;
  std::vector<std::pair<size_t, uint32_t>> places;  // (segment, local id); SIZE_MAX: not indexed
  std::vector<engine::index::Bitmap> within;        // per segment: the keys found there
};

struct IndexInfo {
  uint64_t documents = 0;
  size_t segments = 0;
  uint64_t generation = 0;
  int64_t applied_change = 0;   // last patent_changes.seq in the index
  int64_t latest_change = 0;    // last patent_changes.seq in the database
  int64_t applied_aliases = 0;  // last applicant_alias_events.seq in the index
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
  // Indexes again the patents whose legal status has changed by the passing of
  // time since they were indexed (a term ended, a later-dated event took effect);
  // returns how many. Follow() calls it when the day changes (Asia/Shanghai).
  absl::StatusOr<int64_t> RefreshStatuses();
  // Clears the index and indexes every patent again, then merges to one segment
  // and (with `build_similar`) builds the similar-patents model again.
  absl::StatusOr<int64_t> Rebuild(const std::function<void(int64_t, int64_t)>& progress = nullptr,
                                  bool build_similar = true);

  // Value sorting and the minimum value (PatentSearchRequest) read `scores`,
  // replaced whole by each call; without any, they are FailedPrecondition.
  void SetValueScores(std::shared_ptr<const ValueScores> scores);
  std::shared_ptr<const ValueScores> value_scores() const;

  absl::StatusOr<PatentSearchResult> Search(const PatentSearchRequest& request) const;
  // The hits of `request` (its query and sort; offset and limit give the rows,
  // limit at most kMaxExportRows) as CSV or XLSX with the column headers CN
  // patent databases use (so the file imports again), or English ones.
  absl::StatusOr<PatentExport> Export(const PatentSearchRequest& request, base::TableFormat format,
                                      bool english_headers) const;
  // Exact hit count only.
  absl::StatusOr<uint64_t> Count(std::string_view query) const;
  // Which of `keys` (publication numbers as indexed) match `query`, in the order
  // given; keys not indexed are left out. The work grows with the keys, not with
  // the index (watches check the patents an import added).
  absl::StatusOr<std::vector<std::string>> MatchKeys(std::string_view query,
                                                     const std::vector<std::string>& keys) const;
  // The same for keys looked up once (FindKeys) and asked about by many queries
  // (a batch of imports against every watch), in the snapshot they were found in.
  IndexedKeys FindKeys(std::vector<std::string> keys) const;
  absl::StatusOr<std::vector<std::string>> MatchKeys(std::string_view query,
                                                     const IndexedKeys& keys) const;
  // Every hit's publication number, in index order, when there are at most `max`
  // hits; nullopt when there are more.
  absl::StatusOr<std::optional<std::vector<std::string>>> HitKeys(std::string_view query,
                                                                  uint64_t max) const;
  // The top `limit` publication numbers by relevance and the exact count.
  absl::StatusOr<std::pair<uint64_t, std::vector<std::string>>> TopKeys(std::string_view query,
                                                                        uint32_t limit) const;
  // Indexed values starting with `prefix`, most frequent first: `field` is
  // "applicant", "applicant_name" (normalised), "inventor" or "ipc". InvalidArgument for another
  // field.
  absl::StatusOr<std::vector<engine::search::FacetValue>> Suggest(std::string_view field,
                                                                  std::string_view prefix,
                                                                  uint32_t limit) const;
  absl::StatusOr<IndexInfo> Info() const;
  // The numbers of a landscape report over every hit of `request.query`
  // (landscape.h). InvalidArgument for a query error, as Search().
  absl::StatusOr<Landscape> BuildLandscape(const LandscapeRequest& request) const;

  // The patents most like patent `number` (written any usual way: CN104223590A,
  // "CN 104223590 A", an application number), best first, at most `limit`.
  // NotFound if no indexed patent has that number. The first call loads or
  // builds the model (see above), which takes a while for a large index.
  absl::StatusOr<SimilarPatents> Similar(std::string_view number, uint32_t limit) const;
  // The patents most like a free text (Chinese or English), best first. No
  // hits when no word of the text occurs in two or more patents.
  absl::StatusOr<SimilarPatents> SimilarToText(std::string_view text, uint32_t limit) const;
  // Makes the similar-patents model ready for Similar()/SimilarToText(): loads or
  // builds it (see above) and gives it the patents indexed since, as their first
  // call would. For callers that must not do that work later (under a lock).
  absl::Status PrepareSimilar() const;
  // Builds the similar-patents model from the index as it is now, and saves it
  // (kWriter), replacing the one in use.
  absl::StatusOr<SimilarModelInfo> RebuildSimilar();

  engine::index::Index& engine_index() { return *index_; }

 private:
  PatentIndex(db::Database& database, std::filesystem::path directory, base::Clock& clock);
  absl::Status SaveAppliedChange(int64_t seq);
  // Loads the applicant aliases when they changed and indexes again the patents
  // of every name a new merge or split touched; returns how many.
  absl::StatusOr<int64_t> ApplyAliasEvents(db::Connection& conn, std::string_view today);
  std::shared_ptr<const ApplicantAliasMap> aliases() const;
  // The similar-patents model, loaded or built on first use and refreshed.
  absl::StatusOr<std::shared_ptr<engine::similar::SimilarityIndex>> SimilarModel() const;
  absl::StatusOr<std::shared_ptr<engine::similar::SimilarityIndex>> BuildSimilarModel() const;
  absl::StatusOr<std::shared_ptr<engine::similar::SimilarityIndex>> BuildSimilarModelLocked() const;
  void RebuildSimilarInBackground() const;
  // After new patents are indexed: gives them vectors in the model and starts a
  // rebuild in the background when they are too many (SimilarModel()), if a
  // model is kept (in memory or saved); the first model is built when asked for.
  void RefreshSimilarIfKept() const;

  db::Database& database_;
  const std::filesystem::path directory_;
  base::Clock& clock_;
  std::unique_ptr<engine::index::Index> index_;
  int lock_fd_ = -1;
  bool writer_ = false;
  std::mutex catch_up_mutex_;
  std::atomic<int64_t> applied_change_{0};
  std::atomic<int64_t> applied_aliases_{0};  // applicant_alias_events.seq, saved beside
  mutable std::mutex value_scores_mutex_;
  std::shared_ptr<const ValueScores> value_scores_;  // guarded by value_scores_mutex_
  mutable std::mutex aliases_mutex_;
  std::shared_ptr<const ApplicantAliasMap> aliases_;  // guarded by aliases_mutex_
  // PatentBindings() with PAN= resolving aliases_.
  engine::search::Bindings bindings_;
  std::atomic<bool> stopping_{false};
  std::thread follower_;

  // Similar patents. similar_mutex_ guards similar_ and similar_builder_;
  // similar_build_mutex_ makes builds one at a time.
  mutable std::mutex similar_mutex_;
  mutable std::mutex similar_build_mutex_;
  mutable std::shared_ptr<engine::similar::SimilarityIndex> similar_;
  mutable std::thread similar_builder_;
  mutable std::atomic<bool> similar_building_{false};
};

}  // namespace iphub::patents
