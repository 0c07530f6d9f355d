// A segment: an immutable, self-contained part of the index, written once by
// SegmentBuilder and read through a memory map by SegmentReader. The byte
// layout is specified in docs/formats/index-segment.md.
//
//   SegmentBuilder builder(schema);
//   builder.Add(std::move(document));              // local doc ids 0, 1, 2 …
//   IPHUB_RETURN_IF_ERROR(builder.Write(path));    // written and fsync'd
//   IPHUB_ASSIGN_OR_RETURN(auto segment, SegmentReader::Open(path, schema));
//   std::optional<uint32_t> ord = segment->FindTerm(title, "电池");
//
// Per indexed field a segment holds a sorted term dictionary; per term a Roaring
// bitmap of the documents that contain it (the "frozen" CRoaring layout, read
// in place), and for text fields the term frequencies and positions in bitmap
// order. Columns (doc values) hold keyword ordinals and integers per document.
// Every document's values are kept too (compressed), for snippets and hits.
// MergeSegments joins segments by copying postings, without analysing again.
//
// SegmentReader is immutable after Open and thread-safe.
#ifndef IPHUB_ENGINE_INDEX_SEGMENT_H_
#define IPHUB_ENGINE_INDEX_SEGMENT_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "iphub/engine/index/bitmap.h"
#include "iphub/engine/schema.h"

namespace iphub::engine::index {

class SegmentBuilder {
 public:
  explicit SegmentBuilder(const Schema& schema);
  ~SegmentBuilder();
  SegmentBuilder(const SegmentBuilder&) = delete;
  SegmentBuilder& operator=(const SegmentBuilder&) = delete;

  // Analyses and adds a document; its local id is the number added before it.
  // Values naming a field the schema lacks, or of the wrong kind, are ignored.
  void Add(const Document& document);
  uint32_t doc_count() const;
  // Bytes of postings and values held so far: callers flush at a budget.
  size_t memory_bytes() const;

  // Writes the segment to `path` (via a temporary file, fsync'd, renamed).
  absl::Status Write(const std::string& path);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Reads one document's positions in ascending order, one at a time, without
// decoding them into a vector first (phrase checks stop early).
class PositionReader {
 public:
  PositionReader() = default;
  PositionReader(const uint8_t* bytes, uint32_t size, uint32_t single)
      : p_(bytes), end_(bytes + size), single_(single), single_pending_(bytes == nullptr) {}

  // The next position; false after the last one (or on damaged bytes).
  bool Next(uint32_t& position) {
    if (single_pending_) {
      single_pending_ = false;
      position = single_;
      return true;
    }
    if (p_ == nullptr || p_ >= end_) return false;
    uint32_t delta = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (p_ >= end_) return false;
      const uint8_t byte = *p_++;
      delta |= static_cast<uint32_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) {
        last_ += delta;
        position = last_;
        return true;
      }
    }
    p_ = end_;  // longer than a 32-bit varint: damaged
    return false;
  }

 private:
  const uint8_t* p_ = nullptr;
  const uint8_t* end_ = nullptr;
  uint32_t last_ = 0;
  uint32_t single_ = 0;
  bool single_pending_ = false;
};

// A decoded posting of a text term: for each document of the term's bitmap, in
// order, its frequency and positions.
class PostingCursor {
 public:
  PostingCursor() = default;
  PostingCursor(Bitmap docs, std::string_view bytes);
  PostingCursor(PostingCursor&&) = default;
  PostingCursor& operator=(PostingCursor&&) = default;

  // Advances to the next document; false at the end.
  bool Next();
  // Advances to the first document >= target; false at the end.
  bool SkipTo(uint32_t target);
  uint32_t doc() const { return doc_; }
  uint32_t frequency() const { return frequency_; }
  // The positions of the current document (decoded on demand).
  void Positions(std::vector<uint32_t>& out) const;
  PositionReader ReadPositions() const {
    return PositionReader(positions_, positions_bytes_, single_position_);
  }

 private:
  // Refills `buffer_` from the bitmap; false when no document is left.
  bool Refill();

  Bitmap docs_;
  roaring_uint32_iterator_t iterator_{};
  // Documents read from the bitmap in bulk: buffer_[next_ .. filled_) are to come.
  std::array<uint32_t, 64> buffer_{};
  uint32_t next_ = 0;
  uint32_t filled_ = 0;
  bool started_ = false;
  bool done_ = false;
  const uint8_t* cursor_ = nullptr;
  const uint8_t* end_ = nullptr;
  const uint8_t* positions_ = nullptr;
  uint32_t positions_bytes_ = 0;
  uint32_t single_position_ = 0;  // frequency 1: the position (no bytes)
  uint32_t doc_ = 0;
  uint32_t frequency_ = 0;
};

class SegmentReader;

// One input of MergeSegments: a segment and the local ids deleted from it.
struct MergeSource {
  const SegmentReader* reader = nullptr;
  const Bitmap* deleted = nullptr;  // null: none
};

// Writes to `path` (via a temporary file, fsync'd, renamed) one segment holding
// the live documents of `sources`, the first source's first, by copying their
// term postings, lengths, columns, keys and stored values: nothing is analysed
// again, and memory holds one term's postings at a time, not the documents.
absl::Status MergeSegments(const Schema& schema, std::span<const MergeSource> sources,
                           const std::string& path);

class SegmentReader {
 public:
  // Maps and checks the segment at `path` (magic, checksum, bounds). DataLoss if
  // it is damaged; FailedPrecondition if it was written for another schema.
  static absl::StatusOr<std::shared_ptr<const SegmentReader>> Open(const std::string& path,
                                                                   const Schema& schema);
  ~SegmentReader();
  SegmentReader(const SegmentReader&) = delete;
  SegmentReader& operator=(const SegmentReader&) = delete;

  uint32_t doc_count() const { return doc_count_; }
  const std::string& path() const { return path_; }
  size_t file_bytes() const { return size_; }

  // --- terms
  uint32_t TermCount(uint32_t field) const;
  std::string_view Term(uint32_t field, uint32_t ordinal) const;
  std::optional<uint32_t> FindTerm(uint32_t field, std::string_view term) const;
  // Ordinals [first, last) of the terms that start with `prefix`.
  std::pair<uint32_t, uint32_t> PrefixRange(uint32_t field, std::string_view prefix) const;
  uint32_t DocFrequency(uint32_t field, uint32_t ordinal) const;
  // The documents containing the term, as a bitmap read in place.
  Bitmap Documents(uint32_t field, uint32_t ordinal) const;
  // Text fields: frequencies and positions.
  PostingCursor Postings(uint32_t field, uint32_t ordinal) const;

  // --- text field lengths (tokens) for BM25
  uint32_t FieldLength(uint32_t field, uint32_t doc) const;
  uint64_t TotalFieldLength(uint32_t field) const;

  // --- columns
  // Keyword column: the term ordinals of the document's values.
  std::span<const uint32_t> KeywordOrdinals(uint32_t field, uint32_t doc) const {
    const Column& column = columns_[field];
    if (column.offsets == nullptr || column.is_int) return {};
    const uint32_t* values = static_cast<const uint32_t*>(column.values);
    return {values + column.offsets[doc], values + column.offsets[doc + 1]};
  }
  // Int column: the document's values, in the order added.
  // Int column holding exactly one value per document: the values, document
  // by document (for scans); empty otherwise.
  std::span<const int64_t> DenseInts(uint32_t field) const {
    const Column& column = columns_[field];
    if (!column.dense) return {};
    return {static_cast<const int64_t*>(column.values), doc_count_};
  }
  std::span<const int64_t> Ints(uint32_t field, uint32_t doc) const {
    const Column& column = columns_[field];
    if (column.offsets == nullptr || !column.is_int) return {};
    const int64_t* values = static_cast<const int64_t*>(column.values);
    return {values + column.offsets[doc], values + column.offsets[doc + 1]};
  }

  // --- documents
  std::string_view Key(uint32_t doc) const;
  // The local id of `key`, if the segment holds it. A key added more than once
  // before one commit is held more than once: the newest (largest id) is
  // returned, the only copy that can be live.
  std::optional<uint32_t> FindKey(std::string_view key) const;
  // The document as it was added. DataLoss if its stored bytes are damaged.
  absl::StatusOr<Document> Stored(uint32_t doc) const;

 private:
  friend absl::Status MergeSegments(const Schema& schema, std::span<const MergeSource> sources,
                                    const std::string& path);
  struct FieldSections;
  SegmentReader() = default;
  // The encoded postings of a term, and a document's stored record, as written.
  std::string_view PostingBytes(uint32_t field, uint32_t ordinal) const;
  std::string_view StoredRecord(uint32_t doc) const;
  absl::Status Parse(const Schema& schema);

  std::string path_;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  uint32_t doc_count_ = 0;
  std::vector<FieldSections> fields_;
  // Per field, its column (offsets null when it has none), read inline by the
  // facet and sort loops.
  struct Column {
    const uint32_t* offsets = nullptr;
    const void* values = nullptr;
    bool is_int = false;
    bool dense = false;  // int column, one value per document
  };
  std::vector<Column> columns_;
  // keys: offsets (doc_count+1) into a blob, and local ids in key order.
  const uint32_t* key_offsets_ = nullptr;
  const char* key_blob_ = nullptr;
  const uint32_t* keys_sorted_ = nullptr;
  // stored documents: offsets (doc_count+1) into zlib-compressed records.
  const uint64_t* stored_offsets_ = nullptr;
  const uint8_t* stored_blob_ = nullptr;
};

}  // namespace iphub::engine::index

#endif  // IPHUB_ENGINE_INDEX_SEGMENT_H_
