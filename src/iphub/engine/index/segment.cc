#include "iphub/engine/index/segment.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <optional>
#include <span>

#include "absl/container/flat_hash_map.h"
#include "iphub/base/files.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/engine/index/internal/varint.h"
#include "iphub/text/analyzer.h"

namespace iphub::engine::index {
namespace {

using internal::GetVarint;
using internal::PutVarint;

// Version 02: postings entries of frequency 1 hold their position alone (01 did
// not); a segment of another version is refused as FailedPrecondition, so the
// index is rebuilt rather than misread.
constexpr char kMagic[8] = {'I', 'P', 'H', 'S', 'E', 'G', '0', '2'};
constexpr char kMagicVersionless[6] = {'I', 'P', 'H', 'S', 'E', 'G'};
constexpr char kEndMagic[8] = {'I', 'P', 'H', 'S', 'E', 'G', 'N', 'D'};
constexpr size_t kFooterBytes = 32;
constexpr size_t kAlign = 32;            // frozen Roaring views need 32-byte alignment
constexpr uint32_t kNoDoc = UINT32_MAX;  // a deleted document's new id in a merge

// Per-field entries of the table of contents, in this order.
enum FieldToc : size_t {
  kKind,
  kTermCount,
  kTermBlob,
  kTermBlobBytes,
  kTermOffsets,
  kTermInfos,
  kNorms,
  kTotalLength,
  kColumnOffsets,
  kColumnValues,
  kColumnValueCount,
  kFieldTocSize,
};

struct TermInfo {
  uint64_t bitmap_offset;
  uint32_t bitmap_bytes;
  uint32_t doc_frequency;
  uint64_t postings_offset;
  uint64_t postings_bytes;
};
static_assert(sizeof(TermInfo) == 32);

// One document's entry in a text term's postings (docs/formats/index-segment.md):
//   varint (position << 1 | 1)                              frequency 1: its position
//   varint (bytes << 1), varint frequency, bytes of positions (varint deltas)
struct PostingEntry {
  uint32_t frequency = 0;
  uint32_t single = 0;                 // the position when frequency is 1
  const uint8_t* positions = nullptr;  // otherwise: the encoded positions
  uint32_t bytes = 0;
};

// Reads the entry at `p`; the end of the entry, or null if it is damaged.
const uint8_t* ReadPostingEntry(const uint8_t* p, const uint8_t* end, PostingEntry& entry) {
  uint64_t head = 0;
  if ((p = GetVarint(p, end, head)) == nullptr) return nullptr;
  if ((head & 1) != 0) {
    entry.frequency = 1;
    entry.single = static_cast<uint32_t>(head >> 1);
    entry.positions = nullptr;
    entry.bytes = 0;
    return p;
  }
  uint64_t frequency = 0;
  if ((p = GetVarint(p, end, frequency)) == nullptr) return nullptr;
  const uint64_t bytes = head >> 1;
  if (bytes > static_cast<uint64_t>(end - p)) return nullptr;
  entry.frequency = static_cast<uint32_t>(frequency);
  entry.positions = p;
  entry.bytes = static_cast<uint32_t>(bytes);
  return p + bytes;
}

void PutPostingEntry(std::string& out, uint32_t frequency, uint32_t single,
                     std::string_view positions) {
  if (frequency == 1) {
    PutVarint(out, (uint64_t{single} << 1) | 1);
    return;
  }
  PutVarint(out, uint64_t{positions.size()} << 1);
  PutVarint(out, frequency);
  out += positions;
}

// Serialises a document's values: varint count, then per value varint field,
// varint byte length + bytes, zigzag varint number.
std::string EncodeDocument(const Document& document, const Schema& schema) {
  const auto kept = [&](const FieldValue& value) {
    return value.field < schema.size() && schema.field(value.field).stored;
  };
  std::string raw;
  PutVarint(raw, std::count_if(document.values.begin(), document.values.end(), kept));
  for (const FieldValue& value : document.values) {
    if (!kept(value)) continue;
    PutVarint(raw, value.field);
    PutVarint(raw, value.text.size());
    raw += value.text;
    PutVarint(raw, internal::ZigZag(value.number));
  }
  return raw;
}

absl::StatusOr<Document> DecodeDocument(std::string_view key, const uint8_t* p,
                                        const uint8_t* end) {
  Document document;
  document.key = std::string(key);
  uint64_t count = 0;
  p = GetVarint(p, end, count);
  if (p == nullptr || count > static_cast<uint64_t>(end - p)) {
    return absl::DataLossError("stored document: bad value count");
  }
  document.values.reserve(count);
  for (uint64_t value_idx = 0; value_idx < count; ++value_idx) {
    uint64_t field = 0, length = 0, number = 0;
    if ((p = GetVarint(p, end, field)) == nullptr || (p = GetVarint(p, end, length)) == nullptr ||
        length > static_cast<uint64_t>(end - p)) {
      return absl::DataLossError("stored document: truncated value");
    }
    FieldValue value;
    value.field = static_cast<uint32_t>(field);
    value.text.assign(reinterpret_cast<const char*>(p), length);
    p += length;
    if ((p = GetVarint(p, end, number)) == nullptr) {
      return absl::DataLossError("stored document: truncated number");
    }
    value.number = internal::UnZigZag(number);
    document.values.push_back(std::move(value));
  }
  return document;
}

// Appends bytes to a file, tracking the offset and a running CRC-32.
class FileWriter {
 public:
  absl::Status Open(const std::string& path) {
    path_ = path;
    file_ = std::fopen(path.c_str(), "wb");
    if (file_ == nullptr) return base::ErrnoError("cannot create", path);
    std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
    return absl::OkStatus();
  }
  ~FileWriter() {
    if (file_ != nullptr) std::fclose(file_);
  }
  uint64_t offset() const { return offset_; }
  void Write(const void* data, size_t size) {
    if (size == 0) return;
    if (std::fwrite(data, 1, size, file_) != size) failed_ = true;
    crc_ = crc32_z(crc_, static_cast<const Bytef*>(data), size);
    offset_ += size;
  }
  void Write(std::string_view bytes) { Write(bytes.data(), bytes.size()); }
  template <typename T>
  uint64_t WriteArray(std::span<const T> values) {
    Align(alignof(T) > 8 ? alignof(T) : 8);
    const uint64_t at = offset_;
    Write(values.data(), values.size() * sizeof(T));
    return at;
  }
  template <typename T>
  uint64_t WriteArray(const std::vector<T>& values) {
    return WriteArray(std::span<const T>(values));
  }
  void Align(size_t alignment) {
    static const char kZeros[64] = {};
    const size_t pad = (alignment - offset_ % alignment) % alignment;
    Write(kZeros, pad);
  }
  uint32_t crc() const { return static_cast<uint32_t>(crc_); }
  // Flushes, fsyncs and closes.
  absl::Status Close() {
    if (std::fflush(file_) != 0) failed_ = true;
    if (::fsync(::fileno(file_)) != 0) failed_ = true;
    const bool close_failed = std::fclose(file_) != 0;
    file_ = nullptr;
    if (failed_ || close_failed) return base::ErrnoError("cannot write", path_);
    return absl::OkStatus();
  }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  uint64_t offset_ = 0;
  uLong crc_ = crc32_z(0, nullptr, 0);
  bool failed_ = false;
};

// Writes one field's sections: its terms, added in byte order, each with its
// bitmap and postings, then the dictionary, the lengths and the column.
// SegmentBuilder::Write and MergeSegments both write through it.
class FieldWriter {
 public:
  explicit FieldWriter(FileWriter& out) : out_(out) {}

  void AddTerm(std::string_view term, std::span<const uint32_t> docs, std::string_view postings) {
    const std::string frozen = Bitmap::Of(docs).Serialize();
    out_.Align(kAlign);
    TermInfo info{};
    info.bitmap_offset = out_.offset();
    info.bitmap_bytes = static_cast<uint32_t>(frozen.size());
    info.doc_frequency = static_cast<uint32_t>(docs.size());
    out_.Write(frozen);
    info.postings_offset = out_.offset();
    info.postings_bytes = postings.size();
    out_.Write(postings);
    infos_.push_back(info);
    blob_ += term;
    term_offsets_.push_back(static_cast<uint32_t>(blob_.size()));
  }

  // The field's entry of the table of contents. `norms` for text fields,
  // `column_offsets` with `ordinals` or `ints` for columns (empty otherwise).
  std::vector<uint64_t> Finish(FieldKind kind, std::span<const uint32_t> norms,
                               uint64_t total_length, std::span<const uint32_t> column_offsets,
                               std::span<const uint32_t> ordinals, std::span<const int64_t> ints) {
    std::vector<uint64_t> entry(kFieldTocSize, 0);
    entry[kKind] = static_cast<uint64_t>(kind);
    entry[kTermBlob] = out_.offset();
    out_.Write(blob_);
    entry[kTermCount] = infos_.size();
    entry[kTermBlobBytes] = blob_.size();
    entry[kTermOffsets] = out_.WriteArray(term_offsets_);
    entry[kTermInfos] = out_.WriteArray(infos_);
    if (kind == FieldKind::kText) {
      entry[kNorms] = out_.WriteArray(norms);
      entry[kTotalLength] = total_length;
    }
    if (!column_offsets.empty()) {
      entry[kColumnOffsets] = out_.WriteArray(column_offsets);
      if (kind == FieldKind::kKeyword) {
        entry[kColumnValues] = out_.WriteArray(ordinals);
        entry[kColumnValueCount] = ordinals.size();
      } else {
        entry[kColumnValues] = out_.WriteArray(ints);
        entry[kColumnValueCount] = ints.size();
      }
    }
    return entry;
  }

 private:
  FileWriter& out_;
  std::vector<TermInfo> infos_;
  std::string blob_;
  std::vector<uint32_t> term_offsets_{0};
};

// Writes the keys, the stored records and the schema fingerprint, then the
// table of contents and the footer, and closes the file and renames it to `path`.
absl::Status FinishSegment(FileWriter& out, std::vector<uint64_t>& toc,
                           const std::vector<std::string_view>& keys,
                           const std::vector<std::string_view>& records, const Schema& schema,
                           const std::string& temporary, const std::string& path) {
  // Keys, and local ids in key order for FindKey.
  std::vector<uint32_t> key_offsets{0};
  const uint64_t key_blob = out.offset();
  for (std::string_view key : keys) {
    out.Write(key);
    key_offsets.push_back(static_cast<uint32_t>(out.offset() - key_blob));
  }
  std::vector<uint32_t> sorted(keys.size());
  std::iota(sorted.begin(), sorted.end(), 0);
  std::sort(sorted.begin(), sorted.end(),
            [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
  toc.push_back(out.WriteArray(key_offsets));
  toc.push_back(key_blob);
  toc.push_back(out.WriteArray(sorted));

  std::vector<uint64_t> stored_offsets{0};
  const uint64_t stored_blob = out.offset();
  for (std::string_view record : records) {
    out.Write(record);
    stored_offsets.push_back(out.offset() - stored_blob);
  }
  toc.push_back(out.WriteArray(stored_offsets));
  toc.push_back(stored_blob);

  const std::string fingerprint = schema.Fingerprint();
  toc.push_back(out.offset());
  toc.push_back(fingerprint.size());
  out.Write(fingerprint);

  const uint64_t toc_offset = out.WriteArray(toc);
  const uint64_t toc_count = toc.size();
  const uint32_t crc = out.crc();
  const uint32_t reserved = 0;
  out.Write(&toc_offset, 8);
  out.Write(&toc_count, 8);
  out.Write(&crc, 4);
  out.Write(&reserved, 4);
  out.Write(kEndMagic, sizeof kEndMagic);
  IPHUB_RETURN_IF_ERROR(out.Close());
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    return base::ErrnoError("cannot rename", temporary);
  }
  return absl::OkStatus();
}

}  // namespace

// ---------------------------------------------------------------------------
// SegmentBuilder

struct SegmentBuilder::State {
  struct TermBuffer {
    std::vector<uint32_t> docs;
    std::string postings;  // text fields: per doc varint tf, varint bytes, positions
  };
  struct FieldBuffer {
    absl::flat_hash_map<std::string, uint32_t> term_ids;
    std::vector<std::string> terms;
    std::vector<TermBuffer> buffers;
    std::vector<uint32_t> norms;              // text
    uint64_t total_length = 0;                // text
    std::vector<uint32_t> column_offsets{0};  // columns
    std::vector<uint32_t> column_ords;        // keyword columns (term ids until Write)
    std::vector<int64_t> column_ints;         // int columns
  };

  explicit State(const Schema& s) : schema(s), fields(s.size()) {}

  uint32_t TermId(FieldBuffer& field, std::string_view term) {
    auto found = field.term_ids.find(base::Sv(term));
    if (found != field.term_ids.end()) return found->second;
    const uint32_t id = static_cast<uint32_t>(field.terms.size());
    field.term_ids.emplace(std::string(term), id);
    field.terms.emplace_back(term);
    field.buffers.emplace_back();
    memory += term.size() + 64;
    return id;
  }

  Schema schema;
  std::vector<FieldBuffer> fields;
  std::vector<std::string> keys;
  std::vector<std::string> stored;  // zlib-compressed EncodeDocument
  size_t memory = 0;
  text::Analyzer analyzer;
  std::vector<text::Token> tokens;
  std::vector<std::pair<uint32_t, uint32_t>> term_positions;  // (term id, position)
};

SegmentBuilder::SegmentBuilder(const Schema& schema) : state_(std::make_unique<State>(schema)) {}
SegmentBuilder::~SegmentBuilder() = default;

uint32_t SegmentBuilder::doc_count() const { return static_cast<uint32_t>(state_->keys.size()); }
size_t SegmentBuilder::memory_bytes() const { return state_->memory; }

void SegmentBuilder::Add(const Document& document) {
  State& state = *state_;
  const uint32_t doc = static_cast<uint32_t>(state.keys.size());
  state.keys.push_back(document.key);

  for (uint32_t field_id = 0; field_id < state.schema.size(); ++field_id) {
    const FieldSpec& spec = state.schema.field(field_id);
    State::FieldBuffer& field = state.fields[field_id];
    if (spec.kind == FieldKind::kText) {
      state.tokens.clear();
      uint32_t next_position = 0;
      for (const FieldValue& value : document.values) {
        if (value.field != field_id) continue;
        if (next_position > 0) next_position += kValuePositionGap;
        next_position = state.analyzer.Analyze(value.text, next_position, state.tokens);
      }
      state.term_positions.clear();
      for (const text::Token& token : state.tokens) {
        state.term_positions.emplace_back(state.TermId(field, token.term), token.position);
      }
      std::sort(state.term_positions.begin(), state.term_positions.end());
      std::string positions;
      for (size_t at = 0; at < state.term_positions.size();) {
        const uint32_t term_id = state.term_positions[at].first;
        positions.clear();
        uint32_t previous = 0, frequency = 0;
        for (; at < state.term_positions.size() && state.term_positions[at].first == term_id;
             ++at) {
          PutVarint(positions, state.term_positions[at].second - previous);
          previous = state.term_positions[at].second;
          ++frequency;
        }
        State::TermBuffer& buffer = field.buffers[term_id];
        buffer.docs.push_back(doc);
        const size_t before = buffer.postings.size();
        PutPostingEntry(buffer.postings, frequency, previous, positions);
        state.memory += buffer.postings.size() - before + 4;
      }
      // Stemmed and exact forms share a position: count positions, not tokens.
      uint32_t length = 0;
      for (size_t at = 0; at < state.tokens.size(); ++at) {
        if (at == 0 || state.tokens[at].position != state.tokens[at - 1].position) ++length;
      }
      field.norms.push_back(length);
      field.total_length += length;
    } else if (spec.kind == FieldKind::kKeyword) {
      const size_t first = field.column_ords.size();
      for (const FieldValue& value : document.values) {
        if (value.field != field_id || value.text.empty()) continue;
        const uint32_t term_id = state.TermId(field, value.text);
        State::TermBuffer& buffer = field.buffers[term_id];
        if (buffer.docs.empty() || buffer.docs.back() != doc) {
          buffer.docs.push_back(doc);
          state.memory += 4;
        }
        if (spec.column) field.column_ords.push_back(term_id);
      }
      if (spec.column) {
        // Each distinct value once per document.
        std::sort(field.column_ords.begin() + static_cast<ptrdiff_t>(first),
                  field.column_ords.end());
        field.column_ords.erase(
            std::unique(field.column_ords.begin() + static_cast<ptrdiff_t>(first),
                        field.column_ords.end()),
            field.column_ords.end());
        field.column_offsets.push_back(static_cast<uint32_t>(field.column_ords.size()));
        state.memory += 4 * (field.column_ords.size() - first + 1);
      }
    } else {
      for (const FieldValue& value : document.values) {
        if (value.field == field_id) field.column_ints.push_back(value.number);
      }
      field.column_offsets.push_back(static_cast<uint32_t>(field.column_ints.size()));
      state.memory += 8 * 2;
    }
  }

  const std::string raw = EncodeDocument(document, state.schema);
  std::string compressed(compressBound(raw.size()), '\0');
  uLongf compressed_size = compressed.size();
  compress2(reinterpret_cast<Bytef*>(compressed.data()), &compressed_size,
            reinterpret_cast<const Bytef*>(raw.data()), raw.size(), 1);
  compressed.resize(compressed_size);
  std::string record;
  PutVarint(record, raw.size());
  record += compressed;
  state.memory += record.size() + document.key.size() + 48;
  state.stored.push_back(std::move(record));
}

absl::Status SegmentBuilder::Write(const std::string& path) {
  State& state = *state_;
  const uint32_t doc_count = static_cast<uint32_t>(state.keys.size());
  const std::string temporary = path + ".tmp";
  FileWriter out;
  IPHUB_RETURN_IF_ERROR(out.Open(temporary));
  out.Write(kMagic, sizeof kMagic);

  std::vector<uint64_t> toc = {doc_count, state.schema.size()};
  for (uint32_t field_id = 0; field_id < state.schema.size(); ++field_id) {
    const FieldSpec& spec = state.schema.field(field_id);
    State::FieldBuffer& field = state.fields[field_id];

    // Terms in byte order; old id -> ordinal for the keyword column.
    std::vector<uint32_t> order(field.terms.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return field.terms[a] < field.terms[b]; });
    std::vector<uint32_t> ordinal_of(field.terms.size());
    for (uint32_t ord = 0; ord < order.size(); ++ord) ordinal_of[order[ord]] = ord;

    FieldWriter writer(out);
    for (uint32_t old_id : order) {
      State::TermBuffer& buffer = field.buffers[old_id];
      writer.AddTerm(field.terms[old_id], buffer.docs, buffer.postings);
      buffer = State::TermBuffer();  // release as we go
    }
    std::span<const uint32_t> column_offsets;
    if (state.schema.HasColumn(field_id)) {
      column_offsets = field.column_offsets;
      if (spec.kind == FieldKind::kKeyword) {
        for (uint32_t& ord : field.column_ords) ord = ordinal_of[ord];
        for (uint32_t doc = 0; doc < doc_count; ++doc) {  // each document's values in term order
          std::sort(field.column_ords.begin() + field.column_offsets[doc],
                    field.column_ords.begin() + field.column_offsets[doc + 1]);
        }
      }
    }
    const std::vector<uint64_t> entry =
        writer.Finish(spec.kind, field.norms, field.total_length, column_offsets, field.column_ords,
                      field.column_ints);
    toc.insert(toc.end(), entry.begin(), entry.end());
  }
  const std::vector<std::string_view> keys(state.keys.begin(), state.keys.end());
  const std::vector<std::string_view> records(state.stored.begin(), state.stored.end());
  return FinishSegment(out, toc, keys, records, state.schema, temporary, path);
}

// ---------------------------------------------------------------------------
// MergeSegments

absl::Status MergeSegments(const Schema& schema, std::span<const MergeSource> sources,
                           const std::string& path) {
  // New ids: the live documents of the sources, in order.
  std::vector<std::vector<uint32_t>> new_id(sources.size());
  uint32_t doc_count = 0;
  for (size_t s = 0; s < sources.size(); ++s) {
    const SegmentReader& reader = *sources[s].reader;
    new_id[s].assign(reader.doc_count(), kNoDoc);
    for (uint32_t doc = 0; doc < reader.doc_count(); ++doc) {
      if (sources[s].deleted == nullptr || !sources[s].deleted->Contains(doc)) {
        new_id[s][doc] = doc_count++;
      }
    }
  }
  const std::string temporary = path + ".tmp";
  FileWriter out;
  IPHUB_RETURN_IF_ERROR(out.Open(temporary));
  out.Write(kMagic, sizeof kMagic);

  std::vector<uint64_t> toc = {doc_count, schema.size()};
  std::vector<uint32_t> old_docs, docs;
  std::string postings;
  for (uint32_t field_id = 0; field_id < schema.size(); ++field_id) {
    const FieldSpec& spec = schema.field(field_id);
    FieldWriter writer(out);
    // The terms of every source in byte order; a term kept in the merged
    // segment gets the next ordinal (the keyword column is remapped to them).
    std::vector<uint32_t> next(sources.size(), 0);
    std::vector<std::vector<uint32_t>> ordinal_of(sources.size());
    for (size_t s = 0; s < sources.size(); ++s) {
      ordinal_of[s].assign(sources[s].reader->TermCount(field_id), kNoDoc);
    }
    uint32_t ordinals = 0;
    while (true) {
      std::optional<std::string_view> term;
      for (size_t s = 0; s < sources.size(); ++s) {
        if (next[s] == sources[s].reader->TermCount(field_id)) continue;
        const std::string_view at = sources[s].reader->Term(field_id, next[s]);
        if (!term || at < *term) term = at;
      }
      if (!term) break;
      docs.clear();
      postings.clear();
      std::vector<std::pair<size_t, uint32_t>> holders;  // (source, ordinal)
      for (size_t s = 0; s < sources.size(); ++s) {
        const SegmentReader& reader = *sources[s].reader;
        if (next[s] == reader.TermCount(field_id) || reader.Term(field_id, next[s]) != *term) {
          continue;
        }
        const uint32_t ord = next[s]++;
        holders.emplace_back(s, ord);
        old_docs.clear();
        reader.Documents(field_id, ord).ToVector(old_docs);
        const std::string_view bytes = reader.PostingBytes(field_id, ord);
        const uint8_t* p = reinterpret_cast<const uint8_t*>(bytes.data());
        const uint8_t* end = p + bytes.size();
        for (uint32_t old : old_docs) {
          const uint8_t* entry = p;
          if (spec.kind == FieldKind::kText) {
            PostingEntry skipped;
            if ((p = ReadPostingEntry(p, end, skipped)) == nullptr) {
              return absl::DataLossError(
                  base::StrCat("segment ", reader.path(), " is damaged: postings"));
            }
          }
          if (new_id[s][old] == kNoDoc) continue;  // deleted
          docs.push_back(new_id[s][old]);
          postings.append(reinterpret_cast<const char*>(entry), static_cast<size_t>(p - entry));
        }
      }
      if (docs.empty()) continue;  // held by deleted documents only
      for (const auto& [s, ord] : holders) ordinal_of[s][ord] = ordinals;
      ++ordinals;
      writer.AddTerm(*term, docs, postings);
    }

    // Lengths and columns of the live documents, in the new order.
    std::vector<uint32_t> norms, column_offsets, column_ords;
    std::vector<int64_t> column_ints;
    uint64_t total_length = 0;
    const bool column = schema.HasColumn(field_id);
    if (column) column_offsets.push_back(0);
    for (size_t s = 0; s < sources.size(); ++s) {
      const SegmentReader& reader = *sources[s].reader;
      for (uint32_t doc = 0; doc < reader.doc_count(); ++doc) {
        if (new_id[s][doc] == kNoDoc) continue;
        if (spec.kind == FieldKind::kText) {
          norms.push_back(reader.FieldLength(field_id, doc));
          total_length += norms.back();
        }
        if (!column) continue;
        if (spec.kind == FieldKind::kKeyword) {
          // The map keeps term order, so each document's ordinals stay sorted.
          for (uint32_t ord : reader.KeywordOrdinals(field_id, doc)) {
            column_ords.push_back(ordinal_of[s][ord]);
          }
          column_offsets.push_back(static_cast<uint32_t>(column_ords.size()));
        } else {
          const std::span<const int64_t> ints = reader.Ints(field_id, doc);
          column_ints.insert(column_ints.end(), ints.begin(), ints.end());
          column_offsets.push_back(static_cast<uint32_t>(column_ints.size()));
        }
      }
    }
    const std::vector<uint64_t> entry =
        writer.Finish(spec.kind, norms, total_length, column_offsets, column_ords, column_ints);
    toc.insert(toc.end(), entry.begin(), entry.end());
  }

  // Keys and stored records, copied as they are.
  std::vector<std::string_view> keys, records;
  keys.reserve(doc_count);
  records.reserve(doc_count);
  for (size_t s = 0; s < sources.size(); ++s) {
    const SegmentReader& reader = *sources[s].reader;
    for (uint32_t doc = 0; doc < reader.doc_count(); ++doc) {
      if (new_id[s][doc] == kNoDoc) continue;
      keys.push_back(reader.Key(doc));
      records.push_back(reader.StoredRecord(doc));
    }
  }
  return FinishSegment(out, toc, keys, records, schema, temporary, path);
}

// ---------------------------------------------------------------------------
// PostingCursor

PostingCursor::PostingCursor(Bitmap docs, std::string_view bytes)
    : docs_(std::move(docs)),
      cursor_(reinterpret_cast<const uint8_t*>(bytes.data())),
      end_(reinterpret_cast<const uint8_t*>(bytes.data()) + bytes.size()) {
  roaring_init_iterator(docs_.raw(), &iterator_);
}

bool PostingCursor::Refill() {
  next_ = 0;
  filled_ = iterator_.has_value
                ? roaring_read_uint32_iterator(&iterator_, buffer_.data(),
                                               static_cast<uint32_t>(buffer_.size()))
                : 0;
  return filled_ > 0;
}

bool PostingCursor::Next() {
  if (done_) return false;
  started_ = true;
  if (next_ == filled_ && !Refill()) {
    done_ = true;
    return false;
  }
  PostingEntry entry;
  const uint8_t* p = cursor_ == nullptr ? nullptr : ReadPostingEntry(cursor_, end_, entry);
  if (p == nullptr) {
    // Damaged postings (the segment checksum makes this unlikely): stop here.
    done_ = true;
    return false;
  }
  doc_ = buffer_[next_++];
  frequency_ = entry.frequency;
  single_position_ = entry.single;
  positions_ = entry.positions;
  positions_bytes_ = entry.bytes;
  cursor_ = p;
  return true;
}

bool PostingCursor::SkipTo(uint32_t target) {
  if (done_) return false;
  if (started_ && doc_ >= target) return true;
  while (Next()) {
    if (doc_ >= target) return true;
  }
  return false;
}

void PostingCursor::Positions(std::vector<uint32_t>& out) const {
  out.clear();
  PositionReader reader = ReadPositions();
  for (uint32_t position = 0; reader.Next(position);) out.push_back(position);
}

// ---------------------------------------------------------------------------
// SegmentReader

struct SegmentReader::FieldSections {
  FieldKind kind = FieldKind::kText;
  uint32_t term_count = 0;
  const char* term_blob = nullptr;
  const uint32_t* term_offsets = nullptr;
  const TermInfo* term_infos = nullptr;
  const uint32_t* norms = nullptr;
  uint64_t total_length = 0;
  const uint32_t* column_offsets = nullptr;
  const void* column_values = nullptr;
};

SegmentReader::~SegmentReader() {
  if (data_ != nullptr) ::munmap(const_cast<uint8_t*>(data_), size_);
}

absl::StatusOr<std::shared_ptr<const SegmentReader>> SegmentReader::Open(const std::string& path,
                                                                         const Schema& schema) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return base::ErrnoError("cannot open", path);
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    ::close(fd);
    return base::ErrnoError("cannot stat", path);
  }
  std::shared_ptr<SegmentReader> reader(new SegmentReader());
  reader->path_ = path;
  reader->size_ = static_cast<size_t>(info.st_size);
  if (reader->size_ < sizeof kMagic + kFooterBytes) {
    ::close(fd);
    return absl::DataLossError(base::StrCat("segment ", path, " is truncated"));
  }
  void* data = ::mmap(nullptr, reader->size_, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  if (data == MAP_FAILED) return base::ErrnoError("cannot map", path);
  reader->data_ = static_cast<const uint8_t*>(data);
  IPHUB_RETURN_IF_ERROR(reader->Parse(schema));
  return std::shared_ptr<const SegmentReader>(std::move(reader));
}

absl::Status SegmentReader::Parse(const Schema& schema) {
  const auto damaged = [&](std::string_view what) {
    return absl::DataLossError(base::StrCat("segment ", path_, " is damaged: ", what));
  };
  if (std::memcmp(data_, kMagic, sizeof kMagic) != 0) {
    if (std::memcmp(data_, kMagicVersionless, sizeof kMagicVersionless) == 0) {
      return absl::FailedPreconditionError(
          base::StrCat("segment ", path_, " was written in another version of the format"));
    }
    return damaged("not a segment file");
  }
  const uint8_t* footer = data_ + size_ - kFooterBytes;
  if (std::memcmp(footer + 24, kEndMagic, sizeof kEndMagic) != 0) return damaged("no footer");
  uint64_t toc_offset = 0, toc_count = 0;
  uint32_t crc = 0;
  std::memcpy(&toc_offset, footer, 8);
  std::memcpy(&toc_count, footer + 8, 8);
  std::memcpy(&crc, footer + 16, 4);
  const uint64_t body = size_ - kFooterBytes;
  if (base::Crc32(std::string_view(reinterpret_cast<const char*>(data_), body)) != crc)
    return damaged("checksum mismatch");
  if (toc_offset % 8 != 0 || toc_offset > body || toc_count > (body - toc_offset) / 8 ||
      toc_count < 2) {
    return damaged("table of contents out of bounds");
  }
  const uint64_t* toc = reinterpret_cast<const uint64_t*>(data_ + toc_offset);
  const uint64_t* toc_end = toc + toc_count;
  doc_count_ = static_cast<uint32_t>(toc[0]);
  const uint64_t field_count = toc[1];
  if (field_count != schema.size()) {
    return absl::FailedPreconditionError(
        base::StrCat("segment ", path_, " was written for another schema"));
  }
  if (toc_count != 2 + field_count * kFieldTocSize + 7) return damaged("table of contents size");
  // A section [offset, offset + bytes) inside the body.
  const auto in_body = [&](uint64_t offset, uint64_t bytes) {
    return offset <= toc_offset && bytes <= toc_offset - offset;
  };
  const uint64_t* cursor = toc + 2;
  fields_.resize(field_count);
  for (uint32_t field_id = 0; field_id < field_count; ++field_id, cursor += kFieldTocSize) {
    FieldSections& field = fields_[field_id];
    field.kind = static_cast<FieldKind>(cursor[kKind]);
    if (field.kind != schema.field(field_id).kind) {
      return absl::FailedPreconditionError(
          base::StrCat("segment ", path_, " was written for another schema"));
    }
    const uint64_t terms = cursor[kTermCount];
    if (terms > UINT32_MAX || !in_body(cursor[kTermOffsets], (terms + 1) * 4) ||
        cursor[kTermOffsets] % 4 != 0 || !in_body(cursor[kTermInfos], terms * sizeof(TermInfo)) ||
        cursor[kTermInfos] % 8 != 0 || !in_body(cursor[kTermBlob], cursor[kTermBlobBytes])) {
      return damaged("term dictionary out of bounds");
    }
    field.term_count = static_cast<uint32_t>(terms);
    field.term_blob = reinterpret_cast<const char*>(data_ + cursor[kTermBlob]);
    field.term_offsets = reinterpret_cast<const uint32_t*>(data_ + cursor[kTermOffsets]);
    field.term_infos = reinterpret_cast<const TermInfo*>(data_ + cursor[kTermInfos]);
    if (field.term_offsets[terms] != cursor[kTermBlobBytes]) return damaged("term offsets");
    for (uint64_t ord = 0; ord < terms; ++ord) {
      const TermInfo& term = field.term_infos[ord];
      if (field.term_offsets[ord] > field.term_offsets[ord + 1] ||
          term.bitmap_offset % kAlign != 0 || !in_body(term.bitmap_offset, term.bitmap_bytes) ||
          !in_body(term.postings_offset, term.postings_bytes)) {
        return damaged("term entry out of bounds");
      }
    }
    if (field.kind == FieldKind::kText) {
      if (!in_body(cursor[kNorms], uint64_t{doc_count_} * 4) || cursor[kNorms] % 4 != 0) {
        return damaged("field lengths out of bounds");
      }
      field.norms = reinterpret_cast<const uint32_t*>(data_ + cursor[kNorms]);
      field.total_length = cursor[kTotalLength];
    }
    if (schema.HasColumn(field_id)) {
      const uint64_t value_bytes = field.kind == FieldKind::kInt ? 8 : 4;
      if (!in_body(cursor[kColumnOffsets], (uint64_t{doc_count_} + 1) * 4) ||
          cursor[kColumnOffsets] % 4 != 0 ||
          !in_body(cursor[kColumnValues], cursor[kColumnValueCount] * value_bytes) ||
          cursor[kColumnValues] % value_bytes != 0) {
        return damaged("column out of bounds");
      }
      field.column_offsets = reinterpret_cast<const uint32_t*>(data_ + cursor[kColumnOffsets]);
      field.column_values = data_ + cursor[kColumnValues];
      for (uint32_t doc = 0; doc < doc_count_; ++doc) {
        if (field.column_offsets[doc] > field.column_offsets[doc + 1]) return damaged("column");
      }
      if (field.column_offsets[doc_count_] != cursor[kColumnValueCount]) return damaged("column");
      if (field.kind == FieldKind::kKeyword) {
        const uint32_t* ords = static_cast<const uint32_t*>(field.column_values);
        for (uint64_t at = 0; at < cursor[kColumnValueCount]; ++at) {
          if (ords[at] >= field.term_count) return damaged("column ordinal");
        }
      }
    }
  }
  if (cursor + 7 != toc_end) return damaged("table of contents size");
  columns_.resize(field_count);
  for (uint32_t field_id = 0; field_id < field_count; ++field_id) {
    const FieldSections& field = fields_[field_id];
    Column& column = columns_[field_id];
    column = {.offsets = field.column_offsets,
              .values = field.column_values,
              .is_int = field.kind == FieldKind::kInt};
    if (column.is_int && column.offsets != nullptr && doc_count_ > 0) {
      column.dense = true;
      for (uint32_t doc = 0; doc <= doc_count_ && column.dense; ++doc) {
        column.dense = column.offsets[doc] == doc;
      }
    }
  }
  const uint64_t key_offsets = cursor[0], key_blob = cursor[1], keys_sorted = cursor[2];
  const uint64_t stored_offsets = cursor[3], stored_blob = cursor[4];
  const uint64_t fingerprint = cursor[5], fingerprint_bytes = cursor[6];
  if (!in_body(key_offsets, (uint64_t{doc_count_} + 1) * 4) || key_offsets % 4 != 0 ||
      !in_body(keys_sorted, uint64_t{doc_count_} * 4) || keys_sorted % 4 != 0 ||
      !in_body(stored_offsets, (uint64_t{doc_count_} + 1) * 8) || stored_offsets % 8 != 0 ||
      !in_body(fingerprint, fingerprint_bytes)) {
    return damaged("document sections out of bounds");
  }
  key_offsets_ = reinterpret_cast<const uint32_t*>(data_ + key_offsets);
  key_blob_ = reinterpret_cast<const char*>(data_ + key_blob);
  keys_sorted_ = reinterpret_cast<const uint32_t*>(data_ + keys_sorted);
  stored_offsets_ = reinterpret_cast<const uint64_t*>(data_ + stored_offsets);
  stored_blob_ = data_ + stored_blob;
  if (!in_body(key_blob, key_offsets_[doc_count_]) ||
      !in_body(stored_blob, stored_offsets_[doc_count_])) {
    return damaged("document sections out of bounds");
  }
  for (uint32_t doc = 0; doc < doc_count_; ++doc) {
    if (key_offsets_[doc] > key_offsets_[doc + 1] ||
        stored_offsets_[doc] > stored_offsets_[doc + 1] || keys_sorted_[doc] >= doc_count_) {
      return damaged("document offsets");
    }
  }
  if (std::string_view(reinterpret_cast<const char*>(data_ + fingerprint), fingerprint_bytes) !=
      schema.Fingerprint()) {
    return absl::FailedPreconditionError(
        base::StrCat("segment ", path_, " was written for another schema"));
  }
  return absl::OkStatus();
}

uint32_t SegmentReader::TermCount(uint32_t field) const { return fields_[field].term_count; }

std::string_view SegmentReader::Term(uint32_t field, uint32_t ordinal) const {
  const FieldSections& f = fields_[field];
  return {f.term_blob + f.term_offsets[ordinal],
          f.term_offsets[ordinal + 1] - f.term_offsets[ordinal]};
}

std::optional<uint32_t> SegmentReader::FindTerm(uint32_t field, std::string_view term) const {
  uint32_t low = 0, high = fields_[field].term_count;
  while (low < high) {
    const uint32_t mid = low + (high - low) / 2;
    const std::string_view at = Term(field, mid);
    if (at < term) {
      low = mid + 1;
    } else if (term < at) {
      high = mid;
    } else {
      return mid;
    }
  }
  return std::nullopt;
}

std::pair<uint32_t, uint32_t> SegmentReader::PrefixRange(uint32_t field,
                                                         std::string_view prefix) const {
  const uint32_t count = fields_[field].term_count;
  uint32_t low = 0, high = count;
  while (low < high) {  // first term >= prefix
    const uint32_t mid = low + (high - low) / 2;
    if (Term(field, mid) < prefix) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  const uint32_t first = low;
  high = count;
  while (low < high) {  // first term that does not start with prefix
    const uint32_t mid = low + (high - low) / 2;
    if (Term(field, mid).substr(0, prefix.size()) == prefix) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return {first, low};
}

uint32_t SegmentReader::DocFrequency(uint32_t field, uint32_t ordinal) const {
  return fields_[field].term_infos[ordinal].doc_frequency;
}

Bitmap SegmentReader::Documents(uint32_t field, uint32_t ordinal) const {
  const TermInfo& term = fields_[field].term_infos[ordinal];
  return Bitmap::FrozenView(reinterpret_cast<const char*>(data_ + term.bitmap_offset),
                            term.bitmap_bytes);
}

std::string_view SegmentReader::PostingBytes(uint32_t field, uint32_t ordinal) const {
  const TermInfo& term = fields_[field].term_infos[ordinal];
  return {reinterpret_cast<const char*>(data_ + term.postings_offset), term.postings_bytes};
}

std::string_view SegmentReader::StoredRecord(uint32_t doc) const {
  return {reinterpret_cast<const char*>(stored_blob_ + stored_offsets_[doc]),
          stored_offsets_[doc + 1] - stored_offsets_[doc]};
}

PostingCursor SegmentReader::Postings(uint32_t field, uint32_t ordinal) const {
  const TermInfo& term = fields_[field].term_infos[ordinal];
  return PostingCursor(
      Documents(field, ordinal),
      {reinterpret_cast<const char*>(data_ + term.postings_offset), term.postings_bytes});
}

uint32_t SegmentReader::FieldLength(uint32_t field, uint32_t doc) const {
  const uint32_t* norms = fields_[field].norms;
  return norms == nullptr ? 0 : norms[doc];
}

uint64_t SegmentReader::TotalFieldLength(uint32_t field) const {
  return fields_[field].total_length;
}

std::string_view SegmentReader::Key(uint32_t doc) const {
  return {key_blob_ + key_offsets_[doc], key_offsets_[doc + 1] - key_offsets_[doc]};
}

std::optional<uint32_t> SegmentReader::FindKey(std::string_view key) const {
  uint32_t low = 0, high = doc_count_;
  while (low < high) {
    const uint32_t mid = low + (high - low) / 2;
    const std::string_view at = Key(keys_sorted_[mid]);
    if (at < key) {
      low = mid + 1;
    } else if (key < at) {
      high = mid;
    } else {
      // A key added again before the commit that wrote this segment is here more
      // than once, in no particular order; only the newest copy can be live.
      uint32_t newest = keys_sorted_[mid];
      for (uint32_t at = mid; at > 0 && Key(keys_sorted_[at - 1]) == key; --at) {
        newest = std::max(newest, keys_sorted_[at - 1]);
      }
      for (uint32_t at = mid + 1; at < doc_count_ && Key(keys_sorted_[at]) == key; ++at) {
        newest = std::max(newest, keys_sorted_[at]);
      }
      return newest;
    }
  }
  return std::nullopt;
}

absl::StatusOr<Document> SegmentReader::Stored(uint32_t doc) const {
  const uint8_t* p = stored_blob_ + stored_offsets_[doc];
  const uint8_t* end = stored_blob_ + stored_offsets_[doc + 1];
  uint64_t raw_size = 0;
  p = GetVarint(p, end, raw_size);
  if (p == nullptr || raw_size > (64u << 20)) {
    return absl::DataLossError("stored document: bad size");
  }
  std::string raw(raw_size, '\0');
  uLongf out_size = raw_size;
  if (uncompress(reinterpret_cast<Bytef*>(raw.data()), &out_size, p, static_cast<uLong>(end - p)) !=
          Z_OK ||
      out_size != raw_size) {
    return absl::DataLossError("stored document: cannot inflate");
  }
  const uint8_t* raw_begin = reinterpret_cast<const uint8_t*>(raw.data());
  return DecodeDocument(Key(doc), raw_begin, raw_begin + raw.size());
}

}  // namespace iphub::engine::index
