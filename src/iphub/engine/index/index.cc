#include "iphub/engine/index/index.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "iphub/base/files.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "spdlog/spdlog.h"

namespace iphub::engine::index {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kManifest = "MANIFEST";
constexpr std::string_view kManifestHeader = "iphub-index 1";

// A deletion file: CRoaring's portable serialisation, then its CRC-32.
std::string EncodeDeletions(const Bitmap& deleted) {
  std::string out(roaring_bitmap_portable_size_in_bytes(deleted.raw()), '\0');
  roaring_bitmap_portable_serialize(deleted.raw(), out.data());
  const uint32_t crc = base::Crc32(out);
  out.append(reinterpret_cast<const char*>(&crc), 4);
  return out;
}

absl::StatusOr<Bitmap> ReadDeletions(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::DataLossError(base::StrCat("deletion file ", path.string(), " is missing"));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  uint32_t crc = 0;
  if (bytes.size() < 4) return absl::DataLossError(base::StrCat(path.string(), " is truncated"));
  std::memcpy(&crc, bytes.data() + bytes.size() - 4, 4);
  bytes.resize(bytes.size() - 4);
  if (base::Crc32(bytes) != crc)
    return absl::DataLossError(base::StrCat(path.string(), " is damaged"));
  roaring_bitmap_t* bitmap = roaring_bitmap_portable_deserialize_safe(bytes.data(), bytes.size());
  if (bitmap == nullptr) return absl::DataLossError(base::StrCat(path.string(), " is damaged"));
  return Bitmap(bitmap);
}

std::string SegmentFile(std::string_view name) { return base::StrCat(name, ".seg"); }
std::string DeletionFile(std::string_view name, uint64_t generation) {
  return base::StrCat(name, ".del-", generation);
}

}  // namespace

// ---------------------------------------------------------------------------
// Snapshot

Snapshot::Snapshot(uint64_t generation, std::vector<SegmentView> segments)
    : generation_(generation), segments_(std::move(segments)) {
  for (SegmentView& segment : segments_) {
    segment.base = max_doc_;
    max_doc_ += segment.reader->doc_count();
    segment.live_count =
        segment.reader->doc_count() - static_cast<uint32_t>(segment.deleted->Cardinality());
    live_count_ += segment.live_count;
  }
}

const SegmentView& Snapshot::SegmentOf(uint32_t doc) const {
  auto it = std::upper_bound(segments_.begin(), segments_.end(), doc,
                             [](uint32_t id, const SegmentView& s) { return id < s.base; });
  return *(it - 1);
}

std::optional<uint32_t> Snapshot::FindKey(std::string_view key) const {
  for (const SegmentView& segment : segments_) {
    std::optional<uint32_t> local = segment.reader->FindKey(key);
    if (local && !segment.deleted->Contains(*local)) return segment.base + *local;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Index

// One segment as the manifest names it.
struct ManifestEntry {
  std::string name;
  std::string deletions;  // file name, or empty
};

Index::Index(fs::path directory, Schema schema, IndexOptions options)
    : directory_(std::move(directory)), schema_(std::move(schema)), options_(options) {}

Index::~Index() {
  {
    std::lock_guard lock(merge_mutex_);
    stopping_ = true;
  }
  merge_wakeup_.notify_all();
  if (merge_thread_.joinable()) merge_thread_.join();
}

absl::StatusOr<std::unique_ptr<Index>> Index::Open(const fs::path& directory, Schema schema,
                                                   IndexOptions options) {
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) {
    return absl::InternalError(
        base::StrCat("cannot create ", directory.string(), ": ", error.message()));
  }
  std::unique_ptr<Index> index(new Index(directory, std::move(schema), options));
  IPHUB_RETURN_IF_ERROR(index->Load());
  if (options.read_only) return index;
  index->RemoveUnreferencedFiles();
  if (options.background_merge) {
    index->merge_thread_ = std::thread([raw = index.get()] { raw->MergeLoop(); });
  }
  return index;
}

absl::Status Index::Load() {
  const fs::path manifest_path = directory_ / kManifest;
  std::vector<SegmentView> segments;
  std::ifstream in(manifest_path);
  if (!in) {
    generation_ = 0;
    std::lock_guard lock(snapshot_mutex_);
    snapshot_ = std::make_shared<Snapshot>(0, std::move(segments));
    return absl::OkStatus();
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t checksum_at = text.rfind("checksum ");
  const auto damaged = [&](std::string_view why) {
    return absl::DataLossError(base::StrCat(manifest_path.string(), " is damaged: ", why));
  };
  if (checksum_at == std::string::npos) return damaged("no checksum");
  if (std::to_string(base::Crc32(std::string_view(text).substr(0, checksum_at))) + "\n" !=
      text.substr(checksum_at + 9)) {
    return damaged("checksum mismatch");
  }
  std::istringstream lines(text.substr(0, checksum_at));
  std::string line;
  if (!std::getline(lines, line) || line != kManifestHeader) return damaged("unknown header");
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string word;
    words >> word;
    if (word == "generation") {
      words >> generation_;
    } else if (word == "next_segment") {
      words >> next_segment_;
    } else if (word == "schema") {
      std::string fingerprint;
      std::getline(words >> std::ws, fingerprint);
      if (fingerprint != schema_.Fingerprint()) {
        return absl::FailedPreconditionError(
            base::StrCat("the index in ", directory_.string(),
                         " was built with another schema; rebuild it (iphub index rebuild)"));
      }
    } else if (word == "segment") {
      ManifestEntry entry;
      words >> entry.name >> entry.deletions;
      if (entry.name.empty() || entry.deletions.empty()) return damaged("bad segment line");
      if (entry.deletions == "-") entry.deletions.clear();
      IPHUB_ASSIGN_OR_RETURN(std::shared_ptr<const SegmentReader> reader,
                             SegmentReader::Open(directory_ / SegmentFile(entry.name), schema_));
      auto deleted = std::make_shared<Bitmap>();
      if (!entry.deletions.empty()) {
        IPHUB_ASSIGN_OR_RETURN(Bitmap bitmap, ReadDeletions(directory_ / entry.deletions));
        *deleted = std::move(bitmap);
      }
      segments.push_back({.reader = std::move(reader),
                          .deleted = std::move(deleted),
                          .deletion_file = entry.deletions});
    } else if (!word.empty()) {
      return damaged(base::StrCat("unknown line '", line, "'"));
    }
  }
  std::lock_guard lock(snapshot_mutex_);
  snapshot_ = std::make_shared<Snapshot>(generation_, std::move(segments));
  return absl::OkStatus();
}

std::shared_ptr<const Snapshot> Index::snapshot() const {
  std::lock_guard lock(snapshot_mutex_);
  return snapshot_;
}

std::string Index::NewSegmentName() {
  char name[32];
  std::snprintf(name, sizeof name, "seg-%06llu", static_cast<unsigned long long>(next_segment_++));
  return name;
}

absl::Status Index::Add(const Document& document) {
  if (document.key.empty()) return absl::InvalidArgumentError("a document needs a key");
  if (options_.read_only) return absl::FailedPreconditionError("the index is open read-only");
  std::lock_guard lock(writer_mutex_);
  if (!builder_) builder_ = std::make_unique<SegmentBuilder>(schema_);
  builder_->Add(document);
  pending_keys_.push_back(document.key);
  if (builder_->memory_bytes() >= options_.flush_bytes) return FlushBuffer();
  return absl::OkStatus();
}

void Index::Delete(std::string_view key) {
  if (options_.read_only) return;
  std::lock_guard lock(writer_mutex_);
  // A deletion is an add of nothing: recorded as a key with no document. It is
  // marked by a leading NUL, which no real key has.
  pending_keys_.push_back(base::StrCat(std::string_view("\0", 1), key));
}

absl::Status Index::FlushBuffer() {
  if (!builder_ || builder_->doc_count() == 0) return absl::OkStatus();
  const std::string name = NewSegmentName();
  absl::Status written = builder_->Write((directory_ / SegmentFile(name)).string());
  builder_.reset();
  if (!written.ok()) return written;
  flushed_.push_back(name);
  return absl::OkStatus();
}

absl::Status Index::Commit() {
  if (options_.read_only) return absl::FailedPreconditionError("the index is open read-only");
  std::lock_guard lock(writer_mutex_);
  const auto drop_pending = [&] {
    builder_.reset();
    for (const std::string& name : flushed_) {
      std::error_code ignored;
      fs::remove(directory_ / SegmentFile(name), ignored);
    }
    flushed_.clear();
    pending_keys_.clear();
  };
  absl::Status flushed = FlushBuffer();
  if (!flushed.ok()) {
    drop_pending();
    return flushed;
  }
  if (pending_keys_.empty()) return absl::OkStatus();

  // The last operation on each key wins: for an added key, its newest document.
  // Documents of this commit appear in pending order across the flushed segments.
  absl::flat_hash_map<std::string_view, size_t> last_op;  // key -> index in pending_keys_
  for (size_t op = 0; op < pending_keys_.size(); ++op) {
    std::string_view key = pending_keys_[op];
    if (!key.empty() && key[0] == '\0') key.remove_prefix(1);
    last_op[key] = op;
  }

  const std::shared_ptr<const Snapshot> current = snapshot();
  std::vector<SegmentView> segments;
  for (const SegmentView& old : current->segments()) {
    auto deleted = std::shared_ptr<Bitmap>();
    for (const auto& [key, op] : last_op) {
      std::optional<uint32_t> local = old.reader->FindKey(key);
      if (local && !old.deleted->Contains(*local)) {
        if (!deleted) deleted = std::make_shared<Bitmap>(old.deleted->Copy());
        deleted->Add(*local);
      }
    }
    if (deleted) {
      segments.push_back({.reader = old.reader, .deleted = std::move(deleted)});
    } else {
      segments.push_back(old);
    }
  }
  // New segments: a document is live if its add is the last operation on its key.
  size_t op = 0;
  for (const std::string& name : flushed_) {
    auto reader = SegmentReader::Open((directory_ / SegmentFile(name)).string(), schema_);
    if (!reader.ok()) {
      drop_pending();
      return reader.status();
    }
    auto deleted = std::make_shared<Bitmap>();
    for (uint32_t local = 0; local < (*reader)->doc_count(); ++local) {
      while (op < pending_keys_.size() && !pending_keys_[op].empty() &&
             pending_keys_[op][0] == '\0') {
        ++op;  // deletions have no document
      }
      if (last_op[(*reader)->Key(local)] != op) deleted->Add(local);
      ++op;
    }
    segments.push_back({.reader = std::move(*reader), .deleted = std::move(deleted)});
  }

  const uint64_t generation = generation_ + 1;
  absl::Status written = WriteManifest(generation, segments);
  if (!written.ok()) {
    drop_pending();
    return written;
  }
  generation_ = generation;
  flushed_.clear();
  pending_keys_.clear();
  {
    std::lock_guard snapshot_lock(snapshot_mutex_);
    snapshot_ = std::make_shared<Snapshot>(generation, std::move(segments));
  }
  RemoveUnreferencedFiles();
  if (snapshot()->segments().size() > options_.max_segments) {
    std::lock_guard merge_lock(merge_mutex_);
    merge_requested_ = true;
    merge_wakeup_.notify_all();
  }
  return absl::OkStatus();
}

// Writes the deletion files not yet written, then the manifest.
absl::Status Index::WriteManifest(uint64_t generation, std::vector<SegmentView>& segments) {
  std::string manifest =
      base::StrCat(kManifestHeader, "\n", "generation ", generation, "\n", "next_segment ",
                   next_segment_, "\n", "schema ", schema_.Fingerprint(), "\n");
  for (SegmentView& segment : segments) {
    const std::string name = fs::path(segment.reader->path()).stem().string();  // seg-000001
    if (!segment.deleted->Empty() && segment.deletion_file.empty()) {
      segment.deletion_file = DeletionFile(name, generation);
      IPHUB_RETURN_IF_ERROR(base::WriteFileAtomically(directory_ / segment.deletion_file,
                                                      EncodeDeletions(*segment.deleted)));
    }
    manifest += base::StrCat("segment ", name, " ",
                             segment.deletion_file.empty() ? "-" : segment.deletion_file, "\n");
  }
  // Segment and deletion files are fsync'd as written; their directory entries
  // must be durable before a manifest names them.
  IPHUB_RETURN_IF_ERROR(base::FsyncPath(directory_, /*directory=*/true));
  manifest += base::StrCat("checksum ", base::Crc32(manifest), "\n");
  IPHUB_RETURN_IF_ERROR(base::WriteFileAtomically(directory_ / kManifest, manifest));
  return base::FsyncPath(directory_, /*directory=*/true);
}

void Index::RemoveUnreferencedFiles() {
  std::set<std::string> keep = {std::string(kManifest)};
  {
    std::ifstream in(directory_ / kManifest);
    std::string word, name, deletions;
    while (in >> word) {
      if (word == "segment" && in >> name >> deletions) {
        keep.insert(SegmentFile(name));
        keep.insert(deletions);
      }
    }
  }
  for (const std::string& name : flushed_) keep.insert(SegmentFile(name));
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(directory_, error)) {
    const std::string file = entry.path().filename().string();
    if (keep.count(file) == 0 && (file.starts_with("seg-") || file.ends_with(".tmp"))) {
      std::error_code ignored;
      fs::remove(entry.path(), ignored);  // readers keep their mappings
    }
  }
}

absl::Status Index::Clear() {
  if (options_.read_only) return absl::FailedPreconditionError("the index is open read-only");
  std::lock_guard lock(writer_mutex_);
  builder_.reset();
  for (const std::string& name : flushed_) {
    std::error_code ignored;
    fs::remove(directory_ / SegmentFile(name), ignored);
  }
  flushed_.clear();
  pending_keys_.clear();
  const uint64_t generation = generation_ + 1;
  std::vector<SegmentView> none;
  IPHUB_RETURN_IF_ERROR(WriteManifest(generation, none));
  generation_ = generation;
  {
    std::lock_guard snapshot_lock(snapshot_mutex_);
    snapshot_ = std::make_shared<Snapshot>(generation, std::vector<SegmentView>{});
  }
  RemoveUnreferencedFiles();
  return absl::OkStatus();
}

absl::Status Index::Merge() {
  std::lock_guard lock(writer_mutex_);
  return MergeLocked(/*force=*/false);
}

absl::Status Index::ForceMerge() {
  std::lock_guard lock(writer_mutex_);
  return MergeLocked(/*force=*/true);
}

absl::Status Index::MergeLocked(bool force) {
  if (options_.read_only) return absl::FailedPreconditionError("the index is open read-only");
  const std::shared_ptr<const Snapshot> current = snapshot();
  const std::vector<SegmentView>& segments = current->segments();
  std::vector<size_t> chosen;
  if (force) {
    if (segments.size() < 2 && (segments.empty() || segments[0].deleted->Empty())) {
      return absl::OkStatus();
    }
    for (size_t at = 0; at < segments.size(); ++at) chosen.push_back(at);
  } else {
    if (segments.size() <= options_.max_segments) return absl::OkStatus();
    // The smallest segments, enough to come back to half the limit.
    std::vector<size_t> by_size(segments.size());
    for (size_t at = 0; at < segments.size(); ++at) by_size[at] = at;
    std::sort(by_size.begin(), by_size.end(),
              [&](size_t a, size_t b) { return segments[a].live_count < segments[b].live_count; });
    const size_t count = segments.size() - options_.max_segments / 2 + 1;
    chosen.assign(by_size.begin(), by_size.begin() + static_cast<ptrdiff_t>(count));
    std::sort(chosen.begin(), chosen.end());
  }
  // The live documents of the chosen segments, their postings copied into one
  // new segment (nothing is analysed again).
  std::vector<MergeSource> sources;
  for (size_t at : chosen) {
    sources.push_back({.reader = segments[at].reader.get(), .deleted = segments[at].deleted.get()});
  }
  std::vector<SegmentView> replacements;
  const std::string path = (directory_ / SegmentFile(NewSegmentName())).string();
  IPHUB_RETURN_IF_ERROR(MergeSegments(schema_, sources, path));
  IPHUB_ASSIGN_OR_RETURN(std::shared_ptr<const SegmentReader> reader,
                         SegmentReader::Open(path, schema_));
  if (reader->doc_count() > 0) {
    replacements.push_back({.reader = std::move(reader), .deleted = std::make_shared<Bitmap>()});
  }
  std::vector<SegmentView> merged;
  // The merged segments take the place of the first chosen one, so document order
  // (and with it the order of equal-scored hits) stays close to insertion order.
  for (size_t at = 0; at < segments.size(); ++at) {
    if (std::find(chosen.begin(), chosen.end(), at) == chosen.end()) {
      merged.push_back(segments[at]);
    } else if (at == chosen.front()) {
      merged.insert(merged.end(), replacements.begin(), replacements.end());
    }
  }
  const uint64_t generation = generation_ + 1;
  IPHUB_RETURN_IF_ERROR(WriteManifest(generation, merged));
  generation_ = generation;
  {
    std::lock_guard snapshot_lock(snapshot_mutex_);
    snapshot_ = std::make_shared<Snapshot>(generation, std::move(merged));
  }
  RemoveUnreferencedFiles();
  spdlog::debug("index: merged {} segments", chosen.size());
  return absl::OkStatus();
}

void Index::MergeLoop() {
  while (true) {
    {
      std::unique_lock lock(merge_mutex_);
      merge_wakeup_.wait(lock, [&] { return merge_requested_ || stopping_; });
      if (stopping_) return;
      merge_requested_ = false;
    }
    absl::Status merged = Merge();
    if (!merged.ok()) spdlog::warn("index merge failed: {}", std::string(merged.message()));
  }
}

}  // namespace iphub::engine::index
