#include "iphub/patents/import.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <optional>
#include <utility>
#include <variant>

#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/patents/importers/cnipa_xml.h"
#include "iphub/patents/importers/internal/temp_file.h"
#include "iphub/patents/importers/jsonl.h"
#include "iphub/patents/importers/registry_json.h"
#include "iphub/patents/importers/spreadsheet.h"
#include "iphub/patents/importers/uspto_xml.h"
#include "iphub/patents/importers/zip.h"
#include "iphub/patents/regions.h"
#include "iphub/patents/rights_store.h"
#include "iphub/patents/store.h"
#include "nlohmann/json.hpp"

namespace iphub::patents {
namespace {

// A read-only memory map of a whole file (pages are loaded on demand and can be
// dropped by the kernel, so memory stays bounded whatever the file size).
class MappedFile {
 public:
  static absl::StatusOr<MappedFile> Open(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return absl::NotFoundError(base::StrCat("cannot open ", path));
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
      ::close(fd);
      return absl::InternalError(base::StrCat("cannot stat ", path));
    }
    absl::StatusOr<MappedFile> file = Map(fd, static_cast<size_t>(info.st_size), path);
    ::close(fd);
    if (file.ok() && file->data_ != nullptr) {
      ::madvise(const_cast<char*>(file->data_), file->size_, MADV_SEQUENTIAL);
    }
    return file;
  }
  // Maps the first `size` bytes of open file `fd` (which may be closed after).
  static absl::StatusOr<MappedFile> Map(int fd, size_t size, std::string_view name) {
    MappedFile file;
    file.size_ = size;
    if (size > 0) {
      void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
      if (data == MAP_FAILED) return absl::InternalError(base::StrCat("cannot map ", name));
      file.data_ = static_cast<const char*>(data);
    }
    return file;
  }
  MappedFile() = default;
  MappedFile(MappedFile&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  MappedFile& operator=(MappedFile&&) = delete;
  ~MappedFile() {
    if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
  }
  std::string_view view() const { return {data_ == nullptr ? "" : data_, size_}; }

 private:
  const char* data_ = nullptr;
  size_t size_ = 0;
};

enum class Format { kJsonl, kCnipaXml, kUsptoXml, kCsv, kXlsx, kZip, kRegistryJson, kUnknown };

// Archives inside archives are followed this deep (CNIPA packages nest one level).
constexpr int kMaxArchiveDepth = 3;
constexpr size_t kSniffBytes = 4096;

bool EndsWithIgnoreCase(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         base::EqualsIgnoreCase(text.substr(text.size() - suffix.size()), suffix);
}

bool IsZip(std::string_view head) {
  return head.starts_with("PK\x03\x04") || head.starts_with("PK\x05\x06");
}

Format DetectFormat(std::string_view name, std::string_view head) {
  if (IsZip(head)) return EndsWithIgnoreCase(name, ".xlsx") ? Format::kXlsx : Format::kZip;
  // An .xlsx that is no zip goes to the XLSX reader, which says why it cannot be read.
  if (EndsWithIgnoreCase(name, ".xlsx")) return Format::kXlsx;
  if (EndsWithIgnoreCase(name, ".jsonl") || EndsWithIgnoreCase(name, ".ndjson")) {
    return Format::kJsonl;
  }
  if (EndsWithIgnoreCase(name, ".csv") || EndsWithIgnoreCase(name, ".tsv")) return Format::kCsv;
  // After the JSONL check: a JSONL file of such records would match too.
  if (importers::LooksLikeRegistryJson(head)) return Format::kRegistryJson;
  if (head.find("<cn-patent-document") != std::string_view::npos ||
      head.find("PatentDocumentAndRelated") != std::string_view::npos) {
    return Format::kCnipaXml;
  }
  if (head.find('<') != std::string_view::npos &&
      (EndsWithIgnoreCase(name, ".xml") || head.find("<?xml") != std::string_view::npos ||
       head.find("<PATDOC") != std::string_view::npos)) {
    return Format::kUsptoXml;
  }
  return Format::kUnknown;
}

// An entry's name for reports: as stored when UTF-8, else decoded as GB18030
// (what Chinese Windows archivers write without setting the UTF-8 flag).
std::string EntryName(const importers::ZipEntry& entry) {
  return entry.utf8_name ? entry.name : importers::DecodeText(entry.name);
}

// Archive members that are an archiver's bookkeeping, not content.
bool IsArchiverMetadata(std::string_view name) {
  if (name.starts_with("__MACOSX/")) return true;
  const size_t slash = name.find_last_of("/\\");
  const std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  return base.starts_with(".") || base == "Thumbs.db";
}

class Importer {
 public:
  Importer(db::Database& database, const ImportOptions& options)
      : database_(database),
        options_(options),
        clock_(options.clock != nullptr ? *options.clock : base::SystemClock::Instance()) {}

  absl::Status Begin() {
    if (!options_.reject_report_path.empty()) {
      report_.open(options_.reject_report_path, std::ios::out | std::ios::app);
      if (!report_) {
        return absl::FailedPreconditionError(
            base::StrCat("cannot write the reject report ", options_.reject_report_path));
      }
    }
    return absl::OkStatus();
  }

  absl::Status ImportFile(const std::string& path) {
    current_file_ = path;
    auto file = MappedFile::Open(path);
    if (!file.ok()) {
      Reject("file", 0, base::Sv(file.status().message()));
      return absl::OkStatus();
    }
    const std::string_view text = file->view();
    top_ = {.bytes = text};
    absl::Status imported = ImportContent(path, text, /*archive_depth=*/0);
    IPHUB_RETURN_IF_ERROR(Flush());  // before the mapping goes away
    // A cancelled import got as far as its last record.
    counts_.bytes += static_cast<int64_t>(cancelled_ ? top_.position : text.size());
    top_ = {};
    ReportProgress();
    return imported;
  }

  absl::Status Finish() { return Flush(); }
  const ImportCounts& counts() const { return counts_; }
  // True once ImportOptions::cancel stopped the import (its status is then
  // Cancelled, and everything read was committed).
  bool cancelled() const { return cancelled_; }

 private:
  // Imports the whole content of a file or archive entry; `name` is what the
  // report calls it. `archive_depth` > 0 inside an archive.
  absl::Status ImportContent(const std::string& name, std::string_view text, int archive_depth) {
    current_file_ = name;
    switch (DetectFormat(name, text.substr(0, kSniffBytes))) {
      case Format::kJsonl:
        return ImportJsonl(text);
      case Format::kCnipaXml:
        IPHUB_RETURN_IF_ERROR(BeginRecord());
        return Accept(importers::ParseCnipaDocument(text), 0, "byte");
      case Format::kUsptoXml: {
        importers::XmlDocumentSplitter splitter(text);
        while (std::optional<importers::XmlDocument> document = splitter.Next()) {
          IPHUB_RETURN_IF_ERROR(ImportUsptoDocument(document->text, document->offset));
          Consumed(document->text.data() + document->text.size());
        }
        return absl::OkStatus();
      }
      case Format::kCsv:
        return ImportSheet(text, /*xlsx=*/false);
      case Format::kXlsx:
        return ImportSheet(text, /*xlsx=*/true);
      case Format::kZip:
        return ImportArchive(name, text, archive_depth);
      case Format::kRegistryJson:
        return ImportRegistryJson(text);
      case Format::kUnknown:
        if (archive_depth > 0) {
          ++counts_.skipped;
        } else {
          Reject("file", 0,
                 "not a recognised patent file (expected .jsonl, .csv, .tsv, .xlsx, .zip, USPTO or "
                 "CNIPA XML)");
        }
        return absl::OkStatus();
    }
    return absl::OkStatus();
  }

  // A registry's JSON array of patents, trademarks and copyrights; a record that
  // cannot be read is rejected by its index in the array (unit "record").
  absl::Status ImportRegistryJson(std::string_view text) {
    absl::Status store_error = absl::OkStatus();
    const absl::Status read =
        importers::ReadRegistryJson(text, [&](importers::RegistryRecord&& record) -> absl::Status {
          store_error = BeginRecord();
          if (!store_error.ok()) return store_error;
          if (!record.item.ok()) {
            std::string reason(base::Sv(record.item.status().message()));
            if (auto field = base::FieldOf(record.item.status()); field.has_value()) {
              reason = base::StrCat(*field, ": ", reason);
            }
            Reject("record", record.index, reason);
            return absl::OkStatus();
          }
          store_error = std::visit([this](auto&& item) { return AddItem(std::move(item)); },
                                   std::move(*record.item));
          return store_error;
        });
    if (!store_error.ok()) return store_error;
    if (!read.ok()) Reject("file", 0, base::Sv(read.message()));
    return absl::OkStatus();
  }

  absl::Status ImportJsonl(std::string_view text) {
    int64_t line_number = 0;
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      IPHUB_RETURN_IF_ERROR(ImportJsonlLine(text.substr(start, end - start), ++line_number));
      Consumed(text.data() + end);
      start = end + 1;
    }
    return absl::OkStatus();
  }

  absl::Status ImportJsonlLine(std::string_view line, int64_t line_number) {
    if (base::StripWhitespace(line).empty()) return absl::OkStatus();
    IPHUB_RETURN_IF_ERROR(BeginRecord());
    return Accept(importers::ParseJsonlLine(line), line_number, "line");
  }

  absl::Status ImportUsptoDocument(std::string_view text, size_t offset) {
    IPHUB_RETURN_IF_ERROR(BeginRecord());
    auto parsed = importers::ParseUsptoDocument(text);
    if (parsed.ok() && !parsed->has_value()) {
      ++counts_.skipped;
      return absl::OkStatus();
    }
    if (!parsed.ok()) {
      Reject("byte", static_cast<int64_t>(offset), base::Sv(parsed.status().message()));
      return absl::OkStatus();
    }
    return Add(std::move(**parsed));
  }

  // CSV or XLSX: each row is a record, rejected by its row number. Each row
  // tells how far into `bytes` the reader has got, so the pages of a mapped
  // file behind it can be handed back.
  absl::Status ImportSheet(std::string_view bytes, bool xlsx) {
    absl::Status store_error = absl::OkStatus();
    bool first_row = true;
    const importers::RowSink sink = [&](importers::RowResult result) -> absl::Status {
      if (xlsx && first_row) {
        // The parts read before the sheet (shared strings, styles; often at
        // the end of the archive) are not read again.
        ReleasePagesOf(bytes);
        first_row = false;
      }
      Consumed(bytes.data() + std::min<uint64_t>(result.end_offset, bytes.size()));
      store_error = AcceptRow(std::move(result));
      return store_error;
    };
    const absl::Status status =
        xlsx ? importers::ReadXlsx(bytes, sink) : importers::ReadCsv(bytes, sink);
    if (!store_error.ok()) return store_error;
    if (!status.ok()) Reject("file", 0, base::Sv(status.message()));
    return absl::OkStatus();
  }

  // One spreadsheet row: rejected by its row number, or added.
  absl::Status AcceptRow(importers::RowResult result) {
    IPHUB_RETURN_IF_ERROR(BeginRecord());
    if (!result.patent.ok()) {
      Reject("row", result.row, base::Sv(result.patent.status().message()));
      return absl::OkStatus();
    }
    return Add(*std::move(result.patent));
  }

  // A .zip: a workbook, or entries imported one by one as their own formats.
  absl::Status ImportArchive(const std::string& name, std::string_view bytes, int archive_depth) {
    auto zip = importers::ZipReader::Open(bytes);
    if (!zip.ok()) {
      Reject("file", 0, base::Sv(zip.status().message()));
      return absl::OkStatus();
    }
    if (zip->Find("xl/workbook.xml") != nullptr) return ImportSheet(bytes, /*xlsx=*/true);
    if (archive_depth >= kMaxArchiveDepth) {
      Reject("file", 0,
             base::StrCat("archive nested more than ", kMaxArchiveDepth, " deep; not opened"));
      return absl::OkStatus();
    }
    for (const importers::ZipEntry& entry : zip->entries()) {
      if (entry.is_directory()) continue;
      const std::string entry_name = base::StrCat(name, "!", EntryName(entry));
      current_file_ = entry_name;
      if (IsArchiverMetadata(entry.name)) {
        ++counts_.skipped;
        continue;
      }
      absl::StatusOr<std::string> head = zip->ReadPrefix(entry, kSniffBytes);
      if (!head.ok()) {
        Reject("file", 0, base::Sv(head.status().message()));
        continue;
      }
      switch (DetectFormat(entry_name, *head)) {
        case Format::kUsptoXml:
          IPHUB_RETURN_IF_ERROR(StreamUsptoEntry(*zip, entry));
          break;
        case Format::kJsonl:
          IPHUB_RETURN_IF_ERROR(StreamJsonlEntry(*zip, entry));
          break;
        case Format::kCsv:
          IPHUB_RETURN_IF_ERROR(StreamCsvEntry(bytes, *zip, entry));
          break;
        case Format::kXlsx:
        case Format::kZip:
          IPHUB_RETURN_IF_ERROR(ImportExtracted(entry_name, bytes, *zip, entry, archive_depth));
          break;
        case Format::kUnknown:
          ++counts_.skipped;
          break;
        default: {
          // Inflated whole: these formats need the entire text.
          absl::StatusOr<std::string> content = zip->Read(entry);
          if (!content.ok()) {
            Reject("file", 0, base::Sv(content.status().message()));
            break;
          }
          IPHUB_RETURN_IF_ERROR(ImportContent(entry_name, *content, archive_depth + 1));
          break;
        }
      }
      // For progress: the archive is read up to this entry's end (about:
      // its compressed data, from its local header on).
      Consumed(bytes.data() +
               std::min<uint64_t>(entry.local_header_offset + entry.compressed_size, bytes.size()));
    }
    current_file_ = name;
    return absl::OkStatus();
  }

  // A concatenated USPTO file inside an archive, a document at a time: only
  // the document being read and one inflated chunk are held in memory.
  absl::Status StreamUsptoEntry(const importers::ZipReader& zip, const importers::ZipEntry& entry) {
    std::string buffer;
    size_t buffer_offset = 0;  // of buffer[0] within the entry
    absl::Status store_error = absl::OkStatus();
    // Imports the documents of `buffer` known to be complete: all but the last
    // one, or all of them at the end.
    auto import_complete = [&](bool at_end) -> absl::Status {
      const std::vector<importers::XmlDocument> documents = importers::SplitConcatenatedXml(buffer);
      const size_t complete =
          at_end ? documents.size() : documents.size() - std::min<size_t>(documents.size(), 1);
      if (complete == 0) return absl::OkStatus();
      for (size_t index = 0; index < complete; ++index) {
        IPHUB_RETURN_IF_ERROR(
            ImportUsptoDocument(documents[index].text, buffer_offset + documents[index].offset));
      }
      const size_t consumed = at_end ? buffer.size() : documents[complete].offset;
      buffer.erase(0, consumed);
      buffer_offset += consumed;
      return absl::OkStatus();
    };
    const absl::Status read = zip.ReadChunks(entry, [&](std::string_view chunk) -> absl::Status {
      const size_t old_size = buffer.size();
      buffer.append(chunk);
      // A new document can only have started where this chunk added a prolog.
      if (buffer.find("<?xml", old_size >= 5 ? old_size - 5 : 0) == std::string::npos) {
        return absl::OkStatus();
      }
      store_error = import_complete(/*at_end=*/false);
      return store_error;
    });
    if (!store_error.ok()) return store_error;
    if (!read.ok()) {
      // Damaged data: what was read before the damage stays imported.
      Reject("file", 0, base::Sv(read.message()));
      return absl::OkStatus();
    }
    return import_complete(/*at_end=*/true);
  }

  // A CSV file inside an archive, a piece at a time as it is inflated: only a
  // piece and the row being read are held. Damaged data rejects the entry
  // after the rows before the damage were imported.
  absl::Status StreamCsvEntry(std::string_view archive, const importers::ZipReader& zip,
                              const importers::ZipEntry& entry) {
    absl::StatusOr<importers::ZipEntryStream> stream = zip.OpenEntry(entry);
    if (!stream.ok()) {
      Reject("file", 0, base::Sv(stream.status().message()));
      return absl::OkStatus();
    }
    absl::Status store_error = absl::OkStatus();
    importers::CsvReader reader([&](importers::RowResult result) -> absl::Status {
      store_error = AcceptRow(std::move(result));
      return store_error;
    });
    while (!reader.done()) {
      absl::StatusOr<std::string_view> chunk = stream->Next();
      if (!chunk.ok()) {
        Reject("file", 0, base::Sv(chunk.status().message()));
        return absl::OkStatus();
      }
      Consumed(archive.data() + stream->archive_offset());
      if (chunk->empty()) break;
      IPHUB_RETURN_IF_ERROR(reader.Feed(*chunk));  // only the sink's (the store's) errors
    }
    const absl::Status sheet = reader.Finish();
    if (!store_error.ok()) return store_error;
    if (!sheet.ok()) Reject("file", 0, base::Sv(sheet.message()));
    return absl::OkStatus();
  }

  // An entry that must be read at random — an XLSX workbook, an archive in
  // the archive — extracted to a temporary file and mapped, so that it is
  // never held in memory whole; the pages of both the archive and the
  // extracted file are handed back as they are read.
  absl::Status ImportExtracted(const std::string& name, std::string_view archive,
                               const importers::ZipReader& zip, const importers::ZipEntry& entry,
                               int archive_depth) {
    absl::StatusOr<importers::internal::TempFile> file = importers::internal::TempFile::Create();
    absl::Status extracted = file.status();
    absl::StatusOr<importers::ZipEntryStream> stream =
        extracted.ok() ? zip.OpenEntry(entry)
                       : absl::StatusOr<importers::ZipEntryStream>(extracted);
    extracted = stream.status();
    while (extracted.ok()) {
      absl::StatusOr<std::string_view> chunk = stream->Next();
      extracted = chunk.status();
      if (!extracted.ok() || chunk->empty()) break;
      extracted = file->Append(*chunk);
      Consumed(archive.data() + stream->archive_offset());
      ReleaseConsumedPages();
    }
    // The rest of the entry's pages in the archive too: the extracted copy is
    // read from now on.
    if (stream.ok()) ReleasePagesOf(archive.substr(0, stream->archive_offset()));
    absl::StatusOr<MappedFile> mapped =
        extracted.ok() ? MappedFile::Map(file->fd(), static_cast<size_t>(file->size()), name)
                       : absl::StatusOr<MappedFile>(extracted);
    if (!mapped.ok()) {
      Reject("file", 0, base::Sv(mapped.status().message()));
      return absl::OkStatus();
    }
    const MappedInput outer = std::exchange(extracted_, MappedInput{.bytes = mapped->view()});
    const absl::Status imported = ImportContent(name, mapped->view(), archive_depth + 1);
    extracted_ = outer;  // before the mapping goes away
    return imported;
  }

  // A JSONL file inside an archive, a line at a time.
  absl::Status StreamJsonlEntry(const importers::ZipReader& zip, const importers::ZipEntry& entry) {
    std::string pending;
    int64_t line_number = 0;
    absl::Status store_error = absl::OkStatus();
    const absl::Status read = zip.ReadChunks(entry, [&](std::string_view chunk) -> absl::Status {
      pending.append(chunk);
      size_t start = 0;
      for (size_t end = pending.find('\n'); end != std::string::npos;
           end = pending.find('\n', start)) {
        store_error =
            ImportJsonlLine(std::string_view(pending).substr(start, end - start), ++line_number);
        if (!store_error.ok()) return store_error;
        start = end + 1;
      }
      pending.erase(0, start);
      return absl::OkStatus();
    });
    if (!store_error.ok()) return store_error;
    if (!read.ok()) {
      Reject("file", 0, base::Sv(read.message()));
      return absl::OkStatus();
    }
    return ImportJsonlLine(pending, ++line_number);
  }

  absl::Status Accept(absl::StatusOr<Patent> parsed, int64_t position, std::string_view unit) {
    if (!parsed.ok()) {
      std::string reason(base::Sv(parsed.status().message()));
      if (auto field = base::FieldOf(parsed.status()); field.has_value()) {
        reason = base::StrCat(*field, ": ", reason);
      }
      Reject(unit, position, reason);
      return absl::OkStatus();
    }
    return Add(std::move(*parsed));
  }

  // A memory-mapped input being read: how far, and which of its pages have
  // been handed back.
  struct MappedInput {
    std::string_view bytes{};
    size_t position = 0;  // read up to here
    size_t released = 0;  // pages before this returned to the kernel
  };

  // Notes that a mapped input (the top-level file, or an archive entry
  // extracted to a temporary file) has been read up to `end` (for progress
  // and to release its pages); a position elsewhere (in memory) is ignored.
  void Consumed(const char* end) {
    for (MappedInput* input : {&top_, &extracted_}) {
      const std::string_view bytes = input->bytes;
      if (!bytes.empty() && end >= bytes.data() && end <= bytes.data() + bytes.size()) {
        input->position = static_cast<size_t>(end - bytes.data());
      }
    }
  }

  // Returns the pages of the mapped inputs read so far to the kernel, so that
  // memory stays bounded whatever the file size (the pages stay in the page
  // cache; they are only no longer counted as this process's).
  void ReleaseConsumedPages() {
    static const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    constexpr size_t kReleaseEvery = size_t{8} << 20;
    for (MappedInput* input : {&top_, &extracted_}) {
      const size_t until = input->position / page * page;
      if (input->bytes.empty() || until < input->released + kReleaseEvery) continue;
      const auto base = reinterpret_cast<uintptr_t>(input->bytes.data());
      if (base % page != 0) continue;  // not a mapping of ours
      ::madvise(const_cast<char*>(input->bytes.data()) + input->released, until - input->released,
                MADV_DONTNEED);
      input->released = until;
    }
  }

  // Hands back every page of `bytes` now, if it is (in) a mapped input: for
  // parts read out of order (an XLSX's shared strings). What is read again
  // is faulted in again from the page cache.
  void ReleasePagesOf(std::string_view bytes) {
    static const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    for (const MappedInput* input : {&top_, &extracted_}) {
      const std::string_view mapped = input->bytes;
      if (mapped.empty() || bytes.data() < mapped.data() ||
          bytes.data() + bytes.size() > mapped.data() + mapped.size()) {
        continue;
      }
      const auto begin = (reinterpret_cast<uintptr_t>(bytes.data()) + page - 1) / page * page;
      const auto end = reinterpret_cast<uintptr_t>(bytes.data() + bytes.size()) / page * page;
      if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
    }
  }

  // A batch is committed when it holds batch_size records or about
  // kBatchTextBytes of text, whichever comes first: full-text grants run to
  // megabytes each, and memory must not grow with them.
  static constexpr size_t kBatchTextBytes = size_t{16} << 20;

  static size_t TextBytes(const Patent& patent) {
    size_t bytes = patent.title.size() + patent.abstract.size() + patent.description.size();
    for (const Claim& claim : patent.claims) bytes += claim.text.size();
    for (const Citation& citation : patent.citations) bytes += citation.text.size() + 64;
    return bytes;
  }

  absl::Status AddItem(Patent patent) { return Add(std::move(patent)); }
  absl::Status AddItem(Trademark trademark) {
    rights_batch_.emplace_back(std::move(trademark));
    return FlushIfFull();
  }
  absl::Status AddItem(Copyright copyright) {
    rights_batch_.emplace_back(std::move(copyright));
    return FlushIfFull();
  }

  absl::Status FlushIfFull() {
    if (static_cast<int>(batch_.size() + rights_batch_.size()) >= options_.batch_size ||
        batch_text_bytes_ >= kBatchTextBytes) {
      return Flush();
    }
    return absl::OkStatus();
  }

  absl::Status Add(Patent patent) {
    DeriveApplicantRegions(patent);
    batch_text_bytes_ += TextBytes(patent);
    batch_.push_back(std::move(patent));
    return FlushIfFull();
  }

  // Writes the batch in one transaction: all of it or, on failure, none.
  absl::Status Flush() {
    if (batch_.empty() && rights_batch_.empty()) return absl::OkStatus();
    ImportCounts delta;
    auto count = [&delta](store::UpsertOutcome outcome) {
      switch (outcome) {
        case store::UpsertOutcome::kInserted:
          ++delta.imported;
          break;
        case store::UpsertOutcome::kUpdated:
          ++delta.updated;
          break;
        case store::UpsertOutcome::kUnchanged:
          ++delta.unchanged;
          break;
      }
    };
    {
      IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
      db::Transaction tx(*conn);
      IPHUB_RETURN_IF_ERROR(tx.Begin());
      const int64_t now = clock_.NowMillis();
      for (const auto& patent : batch_) {
        IPHUB_ASSIGN_OR_RETURN(store::UpsertOutcome outcome,
                               store::UpsertPatent(*conn, patent, now));
        count(outcome);
      }
      for (const auto& right : rights_batch_) {
        absl::StatusOr<store::UpsertOutcome> outcome =
            std::holds_alternative<Trademark>(right)
                ? store::UpsertTrademark(*conn, std::get<Trademark>(right), now)
                : store::UpsertCopyright(*conn, std::get<Copyright>(right), now);
        IPHUB_RETURN_IF_ERROR(outcome.status());
        count(*outcome);
      }
      IPHUB_RETURN_IF_ERROR(tx.Commit());
    }
    batch_.clear();
    rights_batch_.clear();
    batch_text_bytes_ = 0;
    counts_.imported += delta.imported;
    counts_.updated += delta.updated;
    counts_.unchanged += delta.unchanged;
    ReleaseConsumedPages();
    ReportProgress();
    return absl::OkStatus();
  }

  // Called before each record: stops a cancelled import (after committing
  // what was read), counts the record, and reports progress when it is due.
  absl::Status BeginRecord() {
    if (options_.cancel != nullptr && options_.cancel->load(std::memory_order_relaxed)) {
      IPHUB_RETURN_IF_ERROR(Flush());
      cancelled_ = true;
      return absl::CancelledError("the import was cancelled");
    }
    ++counts_.read;
    if (options_.on_progress &&
        std::chrono::steady_clock::now() - last_progress_ >= kProgressInterval) {
      ReportProgress();
    }
    return absl::OkStatus();
  }

  void ReportProgress() {
    if (!options_.on_progress) return;
    ImportCounts progress = counts_;
    progress.bytes += static_cast<int64_t>(top_.position);  // within the current file
    options_.on_progress(progress);
    last_progress_ = std::chrono::steady_clock::now();
  }

  void Reject(std::string_view unit, int64_t position, std::string_view reason) {
    ++counts_.rejected;
    if (!report_.is_open()) return;
    nlohmann::json entry = {{"file", current_file_},
                            {"unit", std::string(unit)},
                            {"position", position},
                            {"reason", std::string(reason)}};
    // Names and messages may hold bytes that are not UTF-8 (a file name, an
    // archive entry's name): replaced rather than thrown on.
    report_ << entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    report_.flush();
  }

  db::Database& database_;
  const ImportOptions& options_;
  base::Clock& clock_;
  std::ofstream report_;
  std::string current_file_;
  std::vector<Patent> batch_;
  std::vector<std::variant<Trademark, Copyright>> rights_batch_;
  size_t batch_text_bytes_ = 0;
  ImportCounts counts_;
  MappedInput top_;        // the file being imported
  MappedInput extracted_;  // an archive entry extracted to a temporary file, while read
  bool cancelled_ = false;
  std::chrono::steady_clock::time_point last_progress_ = std::chrono::steady_clock::now();
};

}  // namespace

absl::StatusOr<ImportSummary> ImportFiles(db::Database& database,
                                          const std::vector<std::string>& paths,
                                          const ImportOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  Importer importer(database, options);
  IPHUB_RETURN_IF_ERROR(importer.Begin());
  for (const auto& path : paths) {
    const absl::Status imported = importer.ImportFile(path);
    if (importer.cancelled()) break;
    IPHUB_RETURN_IF_ERROR(imported);
  }
  IPHUB_RETURN_IF_ERROR(importer.Finish());
  ImportSummary summary;
  summary.counts = importer.counts();
  summary.cancelled = importer.cancelled();
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace iphub::patents
