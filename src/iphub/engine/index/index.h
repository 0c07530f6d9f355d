// An index: a directory of segments named by a manifest. Documents are added
// and deleted by key, and become visible to searches at Commit(), atomically.
//
//   IPHUB_ASSIGN_OR_RETURN(auto index, Index::Open(dir, schema));
//   index->Add(std::move(document));       // replaces a document with the same key
//   index->Delete("CN104223590A");
//   IPHUB_RETURN_IF_ERROR(index->Commit()); // durable and visible
//   std::shared_ptr<const Snapshot> view = index->snapshot();   // for searches
//
// A commit writes a new segment for the added documents and a new deletion
// file for every older segment that lost documents, fsyncs them, then writes
// the manifest to a temporary file, fsyncs and renames it over MANIFEST. A
// crash at any point leaves the previous MANIFEST, which names only complete
// files: the index is at its last commit. Files no manifest names are removed
// when the index is opened and after each commit.
//
// Segments are merged in the background when there are more than
// `max_segments` of them, by copying their live documents' postings into one
// new segment (MergeSegments: nothing is analysed again).
//
// Thread-safety: Add, Delete and Commit may be called from any thread (they
// take the writer lock); snapshot() is lock-free for readers, and a snapshot
// stays valid (its files mapped) for as long as it is held.
#ifndef IPHUB_ENGINE_INDEX_INDEX_H_
#define IPHUB_ENGINE_INDEX_INDEX_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "iphub/engine/index/bitmap.h"
#include "iphub/engine/index/segment.h"
#include "iphub/engine/schema.h"

namespace iphub::engine::index {

// One segment as a snapshot sees it.
struct SegmentView {
  std::shared_ptr<const SegmentReader> reader;
  std::shared_ptr<const Bitmap> deleted;  // local ids; never null
  // The deletion file `deleted` was committed as; empty when there are none, or
  // when they are new (the next manifest writes them).
  std::string deletion_file;
  uint32_t base = 0;  // global id of local id 0
  uint32_t live_count = 0;
};

// An immutable view of the index at one commit. Global document ids run
// across segments (base + local id) and are valid only within this snapshot.
class Snapshot {
 public:
  Snapshot(uint64_t generation, std::vector<SegmentView> segments);

  uint64_t generation() const { return generation_; }
  const std::vector<SegmentView>& segments() const { return segments_; }
  uint32_t max_doc() const { return max_doc_; }  // global ids are < max_doc
  uint64_t live_count() const { return live_count_; }

  // The segment holding global id `doc` (which must be < max_doc).
  const SegmentView& SegmentOf(uint32_t doc) const;
  // The live global id of `key`, if it is indexed.
  std::optional<uint32_t> FindKey(std::string_view key) const;

 private:
  uint64_t generation_;
  std::vector<SegmentView> segments_;
  uint32_t max_doc_ = 0;
  uint64_t live_count_ = 0;
};

struct IndexOptions {
  // Added documents are written as a segment at Commit(), or earlier when the
  // buffer holds this many bytes (still invisible until Commit), so memory is
  // bounded by it (the process needs about two to three times this much while
  // building). Merges stream: they hold one term's postings at a time.
  size_t flush_bytes = 128u << 20;
  // More segments than this start a background merge of the smallest.
  size_t max_segments = 10;
  // Merge in a background thread (false: only when Merge() is called).
  bool background_merge = true;
  // Open for searching only: nothing is written or removed (another process may
  // be the writer); Add, Delete, Commit and merges fail with FailedPrecondition.
  bool read_only = false;
};

class Index {
 public:
  // Opens the index in `directory`, creating it if missing. FailedPrecondition if
  // it was built with another schema; DataLoss if a file the manifest names is
  // damaged.
  static absl::StatusOr<std::unique_ptr<Index>> Open(const std::filesystem::path& directory,
                                                     Schema schema, IndexOptions options = {});
  ~Index();
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  const Schema& schema() const { return schema_; }

  // Buffers a document; it replaces any document with the same key at Commit().
  absl::Status Add(const Document& document);
  // Buffers a deletion by key (no error if the key is not indexed).
  void Delete(std::string_view key);
  // Makes buffered changes durable and visible. On error nothing of this commit
  // is visible and the buffered changes are dropped.
  absl::Status Commit();
  // Removes every document (a commit of its own).
  absl::Status Clear();

  // The current commit, for searching.
  std::shared_ptr<const Snapshot> snapshot() const;

  // Merges segments now when the policy calls for it; returns when done.
  absl::Status Merge();
  // Merges all segments into one, dropping deleted documents.
  absl::Status ForceMerge();

 private:
  Index(std::filesystem::path directory, Schema schema, IndexOptions options);
  absl::Status Load();
  absl::Status FlushBuffer();
  absl::Status WriteManifest(uint64_t generation, std::vector<SegmentView>& segments);
  absl::Status MergeLocked(bool force);
  void RemoveUnreferencedFiles();
  void MergeLoop();
  std::string NewSegmentName();

  const std::filesystem::path directory_;
  const Schema schema_;
  const IndexOptions options_;

  std::mutex writer_mutex_;  // guards everything below except snapshot_
  std::unique_ptr<SegmentBuilder> builder_;
  std::vector<std::string> flushed_;       // segments written since the last commit
  std::vector<std::string> pending_keys_;  // added or deleted since the last commit
  uint64_t next_segment_ = 1;
  uint64_t generation_ = 0;

  mutable std::mutex snapshot_mutex_;
  std::shared_ptr<const Snapshot> snapshot_;

  std::mutex merge_mutex_;
  std::condition_variable merge_wakeup_;
  bool merge_requested_ = false;
  bool stopping_ = false;
  std::thread merge_thread_;
};

}  // namespace iphub::engine::index

#endif  // IPHUB_ENGINE_INDEX_INDEX_H_
