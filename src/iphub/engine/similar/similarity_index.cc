#include "iphub/engine/similar/similarity_index.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>
#include <sstream>

#include "iphub/base/files.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/engine/similar/factorization.h"
#include "iphub/engine/similar/internal/binary.h"
#include "iphub/engine/similar/internal/graph.h"
#include "iphub/engine/similar/term_matrix.h"
#include "spdlog/spdlog.h"
#include "zlib.h"

namespace iphub::engine::similar {
namespace {

namespace fs = std::filesystem;
using internal::BinaryReader;
using internal::BinaryWriter;

constexpr std::string_view kManifest = "MANIFEST";
constexpr std::string_view kManifestHeader = "iphub-similar 1";
constexpr uint32_t kModelMagic = 0x4D495350;  // "PSIM"
constexpr uint32_t kModelVersion = 1;

// Serialises Save() calls of every model in the process (they read and bump
// the sequence number in the directory's MANIFEST).
std::mutex save_mutex;

// What a MANIFEST says.
struct Manifest {
  uint64_t sequence = 0;
  uint64_t generation = 0;
  struct File {
    std::string name;
    uint64_t bytes = 0;
    uint32_t crc = 0;
  };
  File model;
  File graph;
};

// NotFound without a MANIFEST; DataLoss when it cannot be read.
absl::StatusOr<Manifest> ReadManifest(const fs::path& directory) {
  std::error_code error;
  if (!fs::exists(directory / kManifest, error)) {
    return absl::NotFoundError(base::StrCat("no similarity model in ", directory.string()));
  }
  IPHUB_ASSIGN_OR_RETURN(std::string text, base::ReadFile(directory / kManifest));
  std::istringstream in(text);
  std::string header;
  std::getline(in, header);
  if (header != kManifestHeader) {
    return absl::DataLossError(base::StrCat(directory.string(), "/MANIFEST is damaged"));
  }
  Manifest manifest;
  bool has_model = false, has_graph = false, readable = true;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string word;
    words >> word;
    if (word == "sequence") {
      readable &= static_cast<bool>(words >> manifest.sequence);
    } else if (word == "generation") {
      readable &= static_cast<bool>(words >> manifest.generation);
    } else if (word == "model" || word == "graph") {
      Manifest::File& file = word == "model" ? manifest.model : manifest.graph;
      (word == "model" ? has_model : has_graph) = true;
      readable &= static_cast<bool>(words >> file.name >> file.bytes >> file.crc);
    }
  }
  const auto plain = [](const std::string& name) {
    return !name.empty() && name.find('/') == std::string::npos && name != "." && name != "..";
  };
  if (!readable || !has_model || !has_graph || !plain(manifest.model.name) ||
      !plain(manifest.graph.name)) {
    return absl::DataLossError(base::StrCat(directory.string(), "/MANIFEST is damaged"));
  }
  return manifest;
}

// The bytes of a file the MANIFEST names, checked against its size and CRC.
absl::StatusOr<std::string> ReadChecked(const fs::path& directory, const Manifest::File& file) {
  IPHUB_ASSIGN_OR_RETURN(std::string bytes, base::ReadFile(directory / file.name));
  if (bytes.size() != file.bytes || base::Crc32(bytes) != file.crc) {
    return absl::DataLossError(
        base::StrCat("similarity model file ", (directory / file.name).string(), " is damaged"));
  }
  return bytes;
}

// memcpy, but for no bytes too (when both pointers may be null).
void CopyBytes(void* to, std::string_view from) {
  if (!from.empty()) std::memcpy(to, from.data(), from.size());
}

uint64_t Mix(uint64_t hash, uint64_t value) {
  hash ^= value + 0x9E3779B97F4A7C15ULL + (hash << 6) + (hash >> 2);
  hash *= 0xBF58476D1CE4E5B9ULL;
  return hash ^ (hash >> 31);
}

std::string SegmentName(const index::SegmentView& segment) {
  return fs::path(segment.reader->path()).filename().string();
}

internal::GraphOptions GraphOptionsOf(const Options& options) {
  return {.degree = options.graph_degree,
          .construction_ef = options.graph_construction_ef,
          .search_ef = options.graph_search_ef,
          .seed = options.seed};
}

// The stored document with global id `doc` of `snapshot`.
absl::StatusOr<Document> StoredDocument(const index::Snapshot& snapshot, uint32_t doc) {
  const index::SegmentView& segment = snapshot.SegmentOf(doc);
  return segment.reader->Stored(doc - segment.base);
}

}  // namespace

struct SimilarityIndex::Query {
  Profile profile;
  std::vector<float> vector;
  std::string exclude;  // the query document's key
  std::vector<std::pair<uint32_t, std::string>> classes;
  bool by_document = false;
};

SimilarityIndex::SimilarityIndex(const Schema& schema, Options options)
    : schema_(schema), options_(std::move(options)) {}

SimilarityIndex::~SimilarityIndex() = default;

std::string SimilarityIndex::OptionsFingerprint() const {
  std::string out = schema_.Fingerprint();
  for (const WeightedField& field : options_.text_fields) {
    char weight[32];
    std::snprintf(weight, sizeof weight, "%.6g", field.weight);
    base::StrAppend(&out, "|text ", schema_.field(field.field).name, " ", weight);
  }
  char fraction[32];
  std::snprintf(fraction, sizeof fraction, "%.6g", options_.max_document_fraction);
  base::StrAppend(&out, "|dimensions ", options_.dimensions, "|max_terms ", options_.max_terms,
                  "|min_df ", options_.min_document_frequency, "|max_df ", fraction, "|power ",
                  options_.power_iterations, "|seed ", options_.seed, "|degree ",
                  options_.graph_degree, "|construction ", options_.graph_construction_ef);
  return out;
}

uint64_t SimilarityIndex::Signature(const index::SegmentReader& reader, uint32_t local) const {
  uint64_t hash = 0x6A09E667F3BCC908ULL;
  for (const WeightedField& field : options_.text_fields) {
    hash = Mix(hash, reader.FieldLength(field.field, local));
  }
  return hash;
}

std::vector<float> SimilarityIndex::Project(const SparseVector& weights) const {
  std::vector<float> out(dimensions_, 0.0f);
  for (const auto& [term, weight] : weights) {
    const float* row = projection_.data() + static_cast<size_t>(term) * dimensions_;
    for (size_t at = 0; at < dimensions_; ++at) out[at] += weight * row[at];
  }
  double sum = 0;
  for (float value : out) sum += static_cast<double>(value) * value;
  if (sum > 0) {
    const float scale = static_cast<float>(1.0 / std::sqrt(sum));
    for (float& value : out) value *= scale;
  }
  return out;
}

Profile SimilarityIndex::ProfileOf(const Document& document, text::Analyzer& analyzer) const {
  std::vector<WeightedText> texts;
  for (const FieldValue& value : document.values) {
    for (const WeightedField& field : options_.text_fields) {
      if (field.field == value.field) texts.push_back({.text = value.text, .weight = field.weight});
    }
  }
  return Profile::Of(vocabulary_, texts, analyzer);
}

uint64_t SimilarityIndex::documents() const {
  std::shared_lock lock(mutex_);
  return labels_.size();
}

// ---------------------------------------------------------------------------
// Build

absl::StatusOr<std::unique_ptr<SimilarityIndex>> SimilarityIndex::Build(
    std::shared_ptr<const index::Snapshot> snapshot, const Schema& schema, Options options,
    const std::atomic<bool>* cancelled) {
  if (options.text_fields.empty()) {
    return absl::InvalidArgumentError("a similarity model needs at least one text field");
  }
  for (uint32_t field : options.class_fields) {
    if (field >= schema.size() || schema.field(field).kind != FieldKind::kKeyword) {
      return absl::InvalidArgumentError(
          base::StrCat("field ", field, " is not a keyword field of the index"));
    }
  }
  std::unique_ptr<SimilarityIndex> model(new SimilarityIndex(schema, std::move(options)));
  const Options& opts = model->options_;
  auto phase_started = std::chrono::steady_clock::now();
  const auto phase_seconds = [&phase_started] {
    const auto now = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(now - phase_started).count();
    phase_started = now;
    return seconds;
  };
  IPHUB_ASSIGN_OR_RETURN(TermMatrix matrix,
                         BuildTermMatrix(*snapshot, schema,
                                         {.fields = opts.text_fields,
                                          .min_document_frequency = opts.min_document_frequency,
                                          .max_document_fraction = opts.max_document_fraction,
                                          .max_terms = opts.max_terms},
                                         cancelled));
  spdlog::debug("similar: term matrix {} × {} ({} entries) in {:.2f} s", matrix.matrix.rows(),
                matrix.matrix.cols(), matrix.matrix.nonZeros(), phase_seconds());
  IPHUB_ASSIGN_OR_RETURN(Factorization svd, TruncatedSvd(matrix.matrix,
                                                         {.rank = opts.dimensions,
                                                          .power_iterations = opts.power_iterations,
                                                          .seed = opts.seed},
                                                         cancelled));
  const size_t dimensions = static_cast<size_t>(svd.right.cols());
  spdlog::debug("similar: factorisation to {} dimensions in {:.2f} s", dimensions, phase_seconds());
  model->generation_ = snapshot->generation();
  model->dimensions_ = dimensions;
  model->vocabulary_ = std::move(matrix.vocabulary);
  model->projection_.resize(model->vocabulary_.size() * dimensions);
  Eigen::Map<Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      model->projection_.data(), static_cast<Eigen::Index>(model->vocabulary_.size()),
      static_cast<Eigen::Index>(dimensions)) = svd.right;

  const size_t rows = matrix.documents.size();
  model->built_documents_ = rows;
  for (const index::SegmentView& segment : snapshot->segments()) {
    model->seen_segments_.insert(SegmentName(segment));
  }
  if (dimensions == 0) return model;  // nothing to compare

  Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> vectors =
      matrix.matrix * svd.right;
  // Unit rows. A document with no word of the vocabulary has a zero row and
  // keeps it (Eigen's rowwise().normalize() would divide it into NaNs).
  for (Eigen::Index row = 0; row < vectors.rows(); ++row) {
    const float norm = vectors.row(row).norm();
    if (norm > 0) vectors.row(row) /= norm;
  }
  IPHUB_ASSIGN_OR_RETURN(model->graph_,
                         internal::Graph::Create(dimensions, rows, GraphOptionsOf(opts)));
  model->keys_.reserve(rows);
  model->signatures_.reserve(rows);
  for (size_t row = 0; row < rows; ++row) {
    if (row % 1024 == 0 && cancelled != nullptr && cancelled->load()) {
      return absl::CancelledError("building the similarity graph was cancelled");
    }
    const uint32_t doc = matrix.documents[row];
    const index::SegmentView& segment = snapshot->SegmentOf(doc);
    std::string key(segment.reader->Key(doc - segment.base));
    model->signatures_.push_back(model->Signature(*segment.reader, doc - segment.base));
    model->labels_[key] = row;
    model->keys_.push_back(std::move(key));
    IPHUB_RETURN_IF_ERROR(model->graph_->Add(
        std::span<const float>(vectors.row(static_cast<Eigen::Index>(row)).data(), dimensions),
        row));
  }
  spdlog::debug("similar: graph of {} documents in {:.2f} s", rows, phase_seconds());
  return model;
}

// ---------------------------------------------------------------------------
// Save and Load

absl::Status SimilarityIndex::Save(const fs::path& directory) const {
  std::lock_guard save_lock(save_mutex);
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) {
    return absl::InternalError(
        base::StrCat("cannot create ", directory.string(), ": ", error.message()));
  }
  uint64_t sequence = 1;
  if (absl::StatusOr<Manifest> old = ReadManifest(directory); old.ok()) {
    sequence = old->sequence + 1;
  }

  std::string model;
  std::string graph;
  {
    std::shared_lock lock(mutex_);
    BinaryWriter out(model);
    out.Put(kModelMagic);
    out.Put(kModelVersion);
    out.PutString(OptionsFingerprint());
    out.Put(generation_);
    out.Put(built_documents_);
    out.Put(refreshed_);
    out.Put(static_cast<uint64_t>(dimensions_));
    out.Put(static_cast<uint64_t>(vocabulary_.size()));
    for (const std::string& term : vocabulary_.terms()) out.PutString(term);
    out.PutBytes(vocabulary_.idfs().data(), vocabulary_.size() * sizeof(float));
    out.Put(static_cast<uint64_t>(vocabulary_.common().size()));
    for (const std::string& term : vocabulary_.common()) out.PutString(term);
    out.PutBytes(projection_.data(), projection_.size() * sizeof(float));
    out.Put(static_cast<uint64_t>(keys_.size()));
    for (size_t label = 0; label < keys_.size(); ++label) {
      out.PutString(keys_[label]);
      out.Put(signatures_[label]);
      auto it = labels_.find(keys_[label]);
      out.Put(static_cast<uint8_t>(it != labels_.end() && it->second == label ? 1 : 0));
    }
    out.Put(static_cast<uint64_t>(seen_segments_.size()));
    for (const std::string& name : seen_segments_) out.PutString(name);
    if (graph_ != nullptr) graph_->Write(graph);
  }

  const std::string model_name = base::StrCat("model-", sequence, ".bin");
  const std::string graph_name = base::StrCat("graph-", sequence, ".hnsw");
  IPHUB_RETURN_IF_ERROR(base::WriteFileAtomically(directory / model_name, model));
  IPHUB_RETURN_IF_ERROR(base::WriteFileAtomically(directory / graph_name, graph));
  const std::string manifest =
      base::StrCat(kManifestHeader, "\n", "sequence ", sequence, "\n", "generation ", generation_,
                   "\n", "model ", model_name, " ", model.size(), " ", base::Crc32(model), "\n",
                   "graph ", graph_name, " ", graph.size(), " ", base::Crc32(graph), "\n");
  IPHUB_RETURN_IF_ERROR(base::WriteFileAtomically(directory / kManifest, manifest));
  IPHUB_RETURN_IF_ERROR(base::FsyncPath(directory, /*directory=*/true));
  // Earlier models (a reader in another process keeps what it has read).
  for (const auto& entry : fs::directory_iterator(directory, error)) {
    const std::string name = entry.path().filename().string();
    if (name == model_name || name == graph_name || name == kManifest) continue;
    if (name.starts_with("model-") || name.starts_with("graph-") || name.ends_with(".tmp")) {
      std::error_code ignored;
      fs::remove(entry.path(), ignored);
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<SimilarityIndex>> SimilarityIndex::Load(const fs::path& directory,
                                                                       const Schema& schema,
                                                                       Options options) {
  IPHUB_ASSIGN_OR_RETURN(Manifest manifest, ReadManifest(directory));
  IPHUB_ASSIGN_OR_RETURN(std::string model_bytes, ReadChecked(directory, manifest.model));
  std::unique_ptr<SimilarityIndex> model(new SimilarityIndex(schema, std::move(options)));
  const auto damaged = [&](std::string_view what) {
    return absl::DataLossError(base::StrCat("similarity model file ",
                                            (directory / manifest.model.name).string(),
                                            " is damaged: ", what));
  };

  BinaryReader in(model_bytes);
  if (in.Get<uint32_t>() != kModelMagic || in.Get<uint32_t>() != kModelVersion) {
    return damaged("not a model file of this version");
  }
  if (in.GetString() != model->OptionsFingerprint()) {
    if (!in.ok()) return damaged("short");
    return absl::FailedPreconditionError(
        "the similarity model was built with other options or for another schema");
  }
  model->generation_ = in.Get<uint64_t>();
  model->built_documents_ = in.Get<uint64_t>();
  model->refreshed_ = in.Get<uint64_t>();
  const uint64_t dimensions = in.Get<uint64_t>();
  const uint64_t term_count = in.Get<uint64_t>();
  if (!in.ok() || dimensions > model->options_.dimensions || term_count > in.remaining() / 4) {
    return damaged("sizes");
  }
  model->dimensions_ = dimensions;
  std::vector<std::string> terms;
  terms.reserve(term_count);
  for (uint64_t at = 0; at < term_count; ++at) {
    terms.emplace_back(in.GetString());
    if (!in.ok() || (at > 0 && !(terms[at - 1] < terms[at]))) return damaged("vocabulary");
  }
  std::vector<float> idf(term_count);
  const std::string_view idf_bytes = in.GetBytes(term_count * sizeof(float));
  if (!in.ok()) return damaged("idf");
  CopyBytes(idf.data(), idf_bytes);
  const uint64_t common_count = in.Get<uint64_t>();
  if (!in.ok() || common_count > in.remaining() / 4) return damaged("common terms");
  std::vector<std::string> common;
  common.reserve(common_count);
  for (uint64_t at = 0; at < common_count; ++at) {
    common.emplace_back(in.GetString());
    if (!in.ok() || (at > 0 && !(common[at - 1] < common[at]))) return damaged("common terms");
  }
  if (dimensions > 0 && term_count > in.remaining() / (dimensions * sizeof(float))) {
    return damaged("projection");
  }
  model->projection_.resize(term_count * dimensions);
  const std::string_view projection_bytes = in.GetBytes(model->projection_.size() * sizeof(float));
  if (!in.ok()) return damaged("projection");
  CopyBytes(model->projection_.data(), projection_bytes);
  model->vocabulary_ = Vocabulary(std::move(terms), std::move(idf), std::move(common));

  const uint64_t label_count = in.Get<uint64_t>();
  if (!in.ok() || label_count > in.remaining() / 13) return damaged("keys");
  for (uint64_t label = 0; label < label_count; ++label) {
    model->keys_.emplace_back(in.GetString());
    model->signatures_.push_back(in.Get<uint64_t>());
    if (in.Get<uint8_t>() == 1) model->labels_[model->keys_.back()] = label;
  }
  const uint64_t segment_count = in.Get<uint64_t>();
  if (!in.ok() || segment_count > in.remaining() / 4) return damaged("segments");
  for (uint64_t at = 0; at < segment_count; ++at) {
    model->seen_segments_.emplace(in.GetString());
  }
  if (!in.AtEnd()) return damaged("length");

  IPHUB_ASSIGN_OR_RETURN(std::string graph_bytes, ReadChecked(directory, manifest.graph));
  if (dimensions == 0) {
    if (!graph_bytes.empty() || label_count > 0) return damaged("a graph without dimensions");
    return model;
  }
  IPHUB_ASSIGN_OR_RETURN(model->graph_, internal::Graph::Read(graph_bytes, dimensions, label_count,
                                                              GraphOptionsOf(model->options_)));
  if (model->graph_->size() != label_count) return damaged("graph and keys disagree");
  return model;
}

// ---------------------------------------------------------------------------
// Refresh

absl::StatusOr<RefreshResult> SimilarityIndex::Refresh(const index::Snapshot& snapshot) {
  std::lock_guard refresh_lock(refresh_mutex_);
  struct Pending {
    uint32_t doc = 0;  // global id
    std::string key{};
    uint64_t signature = 0;
    std::optional<uint64_t> replaces{};
    std::vector<float> vector{};
  };
  std::vector<Pending> pending;
  std::set<std::string> segments;
  {
    std::shared_lock lock(mutex_);
    for (const index::SegmentView& segment : snapshot.segments()) {
      std::string name = SegmentName(segment);
      if (seen_segments_.count(name) == 0) {
        for (uint32_t local = 0; local < segment.reader->doc_count(); ++local) {
          if (segment.deleted->Contains(local)) continue;
          const std::string_view key = segment.reader->Key(local);
          const uint64_t signature = Signature(*segment.reader, local);
          auto it = labels_.find(base::Sv(key));
          if (it != labels_.end() && signatures_[it->second] == signature) continue;
          Pending document{
              .doc = segment.base + local, .key = std::string(key), .signature = signature};
          if (it != labels_.end()) document.replaces = it->second;
          pending.push_back(std::move(document));
        }
      }
      segments.insert(std::move(name));
    }
  }
  RefreshResult result;
  const double limit = std::max(static_cast<double>(options_.stale_minimum),
                                options_.stale_fraction * static_cast<double>(built_documents_));
  if (!pending.empty() &&
      (graph_ == nullptr || static_cast<double>(refreshed_ + pending.size()) > limit)) {
    result.stale = true;
    return result;
  }

  text::Analyzer analyzer;
  for (Pending& document : pending) {
    IPHUB_ASSIGN_OR_RETURN(Document stored, StoredDocument(snapshot, document.doc));
    document.vector = Project(ProfileOf(stored, analyzer).weights());
  }

  std::unique_lock lock(mutex_);
  for (Pending& document : pending) {
    if (document.replaces) {
      IPHUB_RETURN_IF_ERROR(graph_->Remove(*document.replaces));
      ++result.replaced;
    } else {
      ++result.added;
    }
    const uint64_t label = keys_.size();
    IPHUB_RETURN_IF_ERROR(graph_->Add(document.vector, label));
    keys_.push_back(document.key);
    signatures_.push_back(document.signature);
    labels_[document.key] = label;
    ++refreshed_;
  }
  seen_segments_ = std::move(segments);
  return result;
}

// ---------------------------------------------------------------------------
// Queries

absl::StatusOr<std::vector<Neighbour>> SimilarityIndex::LikeDocument(const index::Snapshot& current,
                                                                     std::string_view key,
                                                                     uint32_t limit) const {
  const std::optional<uint32_t> doc = current.FindKey(key);
  if (!doc) return absl::NotFoundError(base::StrCat("no document '", key, "' is indexed"));
  IPHUB_ASSIGN_OR_RETURN(Document document, StoredDocument(current, *doc));
  text::Analyzer analyzer;
  Query query;
  query.profile = ProfileOf(document, analyzer);
  query.vector = Project(query.profile.weights());
  query.exclude = std::string(key);
  query.by_document = true;
  for (uint32_t field : options_.class_fields) {
    for (const FieldValue& value : document.values) {
      if (value.field != field) continue;
      std::pair<uint32_t, std::string> entry(field, value.text);
      if (std::find(query.classes.begin(), query.classes.end(), entry) == query.classes.end()) {
        query.classes.push_back(std::move(entry));
      }
    }
  }
  return Nearest(current, query, limit);
}

absl::StatusOr<std::vector<Neighbour>> SimilarityIndex::LikeText(const index::Snapshot& current,
                                                                 std::string_view text,
                                                                 uint32_t limit) const {
  text::Analyzer analyzer;
  Query query;
  const WeightedText texts[] = {{.text = text, .weight = 1.0}};
  query.profile = Profile::Of(vocabulary_, texts, analyzer);
  query.vector = Project(query.profile.weights());
  return Nearest(current, query, limit);
}

absl::StatusOr<std::vector<Neighbour>> SimilarityIndex::Nearest(const index::Snapshot& current,
                                                                const Query& query,
                                                                uint32_t limit) const {
  std::vector<Neighbour> out;
  if (graph_ == nullptr || limit == 0 || query.profile.weights().empty()) return out;

  // Candidates by topic vector, re-ranked with their words and classes.
  const size_t wanted = static_cast<size_t>(limit) * 2 + 10;
  struct Candidate {
    std::string key;
    uint32_t doc = 0;
    float cosine = 0;
  };
  std::vector<Candidate> candidates;
  {
    std::shared_lock lock(mutex_);
    const size_t points = graph_->size();
    size_t k = std::min(points, wanted + 1 + wanted / 4);
    while (true) {
      candidates.clear();
      IPHUB_ASSIGN_OR_RETURN(auto found, graph_->Search(query.vector, k));
      for (const auto& [label, cosine] : found) {
        const std::string& key = keys_[label];
        if (key == query.exclude) continue;
        auto current_label = labels_.find(key);
        if (current_label == labels_.end() || current_label->second != label) continue;
        const std::optional<uint32_t> doc = current.FindKey(key);
        if (!doc) continue;  // deleted since the model saw it
        candidates.push_back({.key = key, .doc = *doc, .cosine = cosine});
        if (candidates.size() >= wanted) break;
      }
      if (candidates.size() >= wanted || k >= points) break;
      k = std::min(points, k * 2);
    }
  }

  const bool with_classes = query.by_document && !query.classes.empty();
  const double class_weight = with_classes ? options_.class_weight : 0.0;
  const double topic_weight = 1.0 - options_.term_weight - class_weight;
  text::Analyzer analyzer;
  std::vector<Profile> profiles;
  profiles.reserve(candidates.size());
  for (Candidate& candidate : candidates) {
    Neighbour hit;
    hit.key = std::move(candidate.key);
    hit.cosine = candidate.cosine;
    IPHUB_ASSIGN_OR_RETURN(hit.document, StoredDocument(current, candidate.doc));
    profiles.push_back(ProfileOf(hit.document, analyzer));
    hit.term_cosine = Dot(query.profile.weights(), profiles.back().weights());
    for (const auto& [field, value] : query.classes) {
      for (const FieldValue& held : hit.document.values) {
        if (held.field == field && held.text == value) {
          hit.classes.push_back({.field = field, .value = value});
          break;
        }
      }
    }
    double overlap = 0;
    if (with_classes) {
      std::vector<std::pair<uint32_t, std::string>> theirs;
      for (const FieldValue& held : hit.document.values) {
        if (std::find(options_.class_fields.begin(), options_.class_fields.end(), held.field) ==
            options_.class_fields.end()) {
          continue;
        }
        std::pair<uint32_t, std::string> entry(held.field, held.text);
        if (std::find(theirs.begin(), theirs.end(), entry) == theirs.end()) {
          theirs.push_back(std::move(entry));
        }
      }
      const size_t shared = hit.classes.size();
      const size_t either = query.classes.size() + theirs.size() - shared;
      overlap = either == 0 ? 0.0 : static_cast<double>(shared) / static_cast<double>(either);
    }
    hit.score =
        topic_weight * hit.cosine + options_.term_weight * hit.term_cosine + class_weight * overlap;
    if (!std::isfinite(hit.score)) continue;  // a damaged vector never ranks (or breaks the sort)
    out.push_back(std::move(hit));
  }
  std::vector<size_t> order(out.size());
  for (size_t at = 0; at < order.size(); ++at) order[at] = at;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (out[a].score != out[b].score) return out[a].score > out[b].score;
    return out[a].key < out[b].key;
  });
  if (order.size() > limit) order.resize(limit);
  std::vector<Neighbour> ranked;
  ranked.reserve(order.size());
  for (size_t at : order) {
    out[at].terms = SharedTerms(query.profile, profiles[at], options_.explained_terms);
    ranked.push_back(std::move(out[at]));
  }
  return ranked;
}

}  // namespace iphub::engine::similar
