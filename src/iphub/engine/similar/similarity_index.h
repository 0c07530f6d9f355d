// "More like this" over an index: every document as a short dense vector (a
// truncated SVD of the corpus's TF-IDF matrix, i.e. latent semantic analysis,
// trained on the index's own documents), nearest neighbours through an HNSW
// graph (hnswlib), and each hit explained by the terms and classes it shares
// with what was asked.
//
//   Options options{.text_fields = {{title, 2.0}, {abstract, 1.5}, {claims, 1.0}},
//                   .class_fields = {ipc_group, ipc_subclass}};
//   IPHUB_ASSIGN_OR_RETURN(auto model, SimilarityIndex::Build(index.snapshot(), schema, options));
//   IPHUB_RETURN_IF_ERROR(model->Save(directory));         // beside the index
//   auto snapshot = index.snapshot();
//   IPHUB_ASSIGN_OR_RETURN(auto like, model->LikeDocument(*snapshot, "CN104223590A", 10));
//   IPHUB_ASSIGN_OR_RETURN(auto about, model->LikeText(*snapshot, "无人机电池快速更换", 10));
//   like[0].key; like[0].score; like[0].terms[0].text;   // "无人机电池"
//
// Build: the term matrix (term_matrix.h) of the snapshot's live documents, its
// top `dimensions` right singular vectors (factorization.h) as the projection,
// each document's row projected and scaled to unit length, and the vectors
// linked into an HNSW graph with inner-product distance (cosine, since they
// have unit length). Deterministic: the same documents and options give the
// same model and the same answers.
//
// Queries. A document or a text becomes a vector the same way (profile.h: the
// model's vocabulary and idf, projected, unit length); the graph gives the
// nearest candidates; candidates whose key is not a live document of the
// snapshot passed in are dropped (deleted since the model was built), so a
// deleted document never comes back however old the model. The candidates
// are re-ranked by a blend of the topic cosine, the TF-IDF cosine (the words
// themselves: a short query's topic vector alone is vague) and, by document,
// the overlap of the class fields (Options::term_weight). Each hit lists the
// shared terms that add most to the TF-IDF cosine, readable (profile.h: SharedTerms)
// and the class values both hold.
//
// Freshness. The vocabulary and projection are fixed when the model is built.
// Refresh() gives documents added or changed since then vectors of their own
// and links them into the graph, and retires the vectors of replaced
// documents; it reports the model stale instead once more than
// `stale_fraction` of the documents it was built on would be new, since terms
// the model never saw count for nothing: build it again then. Refreshed
// documents live in memory until the next Save(). A document counts as changed
// when the token counts of its text fields differ from those the model saw (an
// edit that keeps every count is missed until the next build).
//
// Files (Save/Load; format in README.md): a model file (options, vocabulary,
// idf, projection, document keys), a graph file, and a MANIFEST naming both
// with their sizes and CRC-32s and the index generation the model was built
// from; each written to a temporary file, fsync'd and renamed, the MANIFEST
// last, so a crash leaves the previous model or the new one.
//
// Thread-safety: every const method is thread-safe; Refresh() may run while
// queries do (it takes an exclusive lock only to link new points).
#ifndef IPHUB_ENGINE_SIMILAR_SIMILARITY_INDEX_H_
#define IPHUB_ENGINE_SIMILAR_SIMILARITY_INDEX_H_

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "iphub/engine/index/index.h"
#include "iphub/engine/schema.h"
#include "iphub/engine/similar/profile.h"
#include "iphub/engine/similar/vocabulary.h"

namespace iphub::engine::similar {

namespace internal {
class Graph;
}

struct Options {
  // Text fields whose terms make a document's vector, with their weights.
  std::vector<WeightedField> text_fields{};
  // Keyword fields whose shared values explain a hit and, by document, add to
  // its score (IPC groups and subclasses for patents).
  std::vector<uint32_t> class_fields{};

  uint32_t dimensions = 128;
  uint32_t max_terms = 100000;
  uint32_t min_document_frequency = 2;
  double max_document_fraction = 0.5;
  uint32_t power_iterations = 2;
  uint64_t seed = 20240917;

  // HNSW: links per point, candidates when linking, candidates per search.
  uint32_t graph_degree = 16;
  uint32_t graph_construction_ef = 100;
  uint32_t graph_search_ef = 100;

  // The score of a hit: (1 − term_weight − class_weight) × topic cosine +
  // term_weight × TF-IDF cosine + class_weight × class overlap (Jaccard), the
  // class part by document only (a text has no classes; its weight then goes to
  // the topic cosine). The graph finds 2 × limit + 10 candidates by topic; the
  // words and classes re-rank them.
  double term_weight = 0.3;
  double class_weight = 0.15;
  uint32_t explained_terms = 8;  // shared terms listed per hit

  // Refresh() reports the model stale past this share of new documents (and at
  // least `stale_minimum` of them).
  double stale_fraction = 0.2;
  uint64_t stale_minimum = 200;
};

struct SharedClass {
  uint32_t field = 0;
  std::string value;
};

struct Neighbour {
  std::string key;
  double score = 0;        // what ranks the hits (Options::term_weight)
  double cosine = 0;       // of the two topic vectors, -1..1
  double term_cosine = 0;  // of the two TF-IDF vectors, 0..1
  std::vector<SharedTerm> terms;
  std::vector<SharedClass> classes;  // in the order of class_fields, then as stored
  Document document;                 // as indexed
};

struct RefreshResult {
  uint64_t added = 0;     // documents new to the model
  uint64_t replaced = 0;  // documents whose text changed (old vectors retired)
  bool stale = false;     // nothing was added: too many new documents; Build again
};

class SimilarityIndex {
 public:
  // Builds the model of the snapshot's live documents. `schema` must outlive the
  // model. InvalidArgument for fields the schema lacks or of the wrong kind;
  // Cancelled if `cancelled` becomes true.
  static absl::StatusOr<std::unique_ptr<SimilarityIndex>> Build(
      std::shared_ptr<const index::Snapshot> snapshot, const Schema& schema, Options options,
      const std::atomic<bool>* cancelled = nullptr);

  // Reads the model saved in `directory`. NotFound when there is none;
  // DataLoss when a file is damaged; FailedPrecondition when it was built with
  // other options or for another schema (build it again).
  static absl::StatusOr<std::unique_ptr<SimilarityIndex>> Load(
      const std::filesystem::path& directory, const Schema& schema, Options options);

  ~SimilarityIndex();
  SimilarityIndex(const SimilarityIndex&) = delete;
  SimilarityIndex& operator=(const SimilarityIndex&) = delete;

  // Writes the model into `directory` (created if missing), replacing the model
  // there atomically; older model files there are removed.
  absl::Status Save(const std::filesystem::path& directory) const;

  // See "Freshness" above.
  absl::StatusOr<RefreshResult> Refresh(const index::Snapshot& snapshot);

  // The live documents of `current` most like the document `key` (not itself),
  // best first, at most `limit`. NotFound if `key` is not a live document.
  absl::StatusOr<std::vector<Neighbour>> LikeDocument(const index::Snapshot& current,
                                                      std::string_view key, uint32_t limit) const;
  // The live documents most like `text`, best first. Empty when no word of the
  // text is in the vocabulary.
  absl::StatusOr<std::vector<Neighbour>> LikeText(const index::Snapshot& current,
                                                  std::string_view text, uint32_t limit) const;

  const Options& options() const { return options_; }
  // The index generation the model was built from.
  uint64_t generation() const { return generation_; }
  // Documents the model was built on; with vectors now (built + refreshed −
  // replaced); vocabulary terms; vector dimensions.
  uint64_t built_documents() const { return built_documents_; }
  uint64_t documents() const;
  size_t terms() const { return vocabulary_.size(); }
  size_t dimensions() const { return dimensions_; }

 private:
  struct Query;
  SimilarityIndex(const Schema& schema, Options options);
  std::string OptionsFingerprint() const;
  std::vector<float> Project(const SparseVector& weights) const;
  Profile ProfileOf(const Document& document, text::Analyzer& analyzer) const;
  absl::StatusOr<std::vector<Neighbour>> Nearest(const index::Snapshot& current, const Query& query,
                                                 uint32_t limit) const;
  uint64_t Signature(const index::SegmentReader& reader, uint32_t local) const;

  const Schema& schema_;
  const Options options_;
  uint64_t generation_ = 0;
  uint64_t built_documents_ = 0;
  size_t dimensions_ = 0;
  Vocabulary vocabulary_;
  std::vector<float> projection_;  // terms × dimensions, row-major

  std::mutex refresh_mutex_;                           // one Refresh() at a time
  mutable std::shared_mutex mutex_;                    // guards what follows (exclusive: Refresh)
  std::vector<std::string> keys_;                      // label -> key
  std::vector<uint64_t> signatures_;                   // label -> token counts signature
  absl::flat_hash_map<std::string, uint64_t> labels_;  // key -> its current label
  std::set<std::string> seen_segments_;                // segment files already compared
  std::unique_ptr<internal::Graph> graph_;             // null when there are no dimensions
  uint64_t refreshed_ = 0;                             // documents added since the build
};

}  // namespace iphub::engine::similar

#endif  // IPHUB_ENGINE_SIMILAR_SIMILARITY_INDEX_H_
