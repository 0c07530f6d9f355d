#include "iphub/patents/import.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <optional>

#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/patents/importers/cnipa_xml.h"
#include "iphub/patents/importers/jsonl.h"
#include "iphub/patents/importers/uspto_xml.h"
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
    MappedFile file;
    file.size_ = static_cast<size_t>(info.st_size);
    if (file.size_ > 0) {
      void* data = ::mmap(nullptr, file.size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (data == MAP_FAILED) {
        ::close(fd);
        return absl::InternalError(base::StrCat("cannot map ", path));
      }
      ::madvise(data, file.size_, MADV_SEQUENTIAL);
      file.data_ = static_cast<const char*>(data);
    }
    ::close(fd);
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

enum class Format { kJsonl, kCnipaXml, kUsptoXml, kUnknown };

bool EndsWithIgnoreCase(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         base::EqualsIgnoreCase(text.substr(text.size() - suffix.size()), suffix);
}

Format DetectFormat(const std::string& path, std::string_view head) {
  if (EndsWithIgnoreCase(path, ".jsonl") || EndsWithIgnoreCase(path, ".ndjson")) {
    return Format::kJsonl;
  }
  if (head.find("<cn-patent-document") != std::string_view::npos ||
      head.find("PatentDocumentAndRelated") != std::string_view::npos) {
    return Format::kCnipaXml;
  }
  if (head.find('<') != std::string_view::npos &&
      (EndsWithIgnoreCase(path, ".xml") || head.find("<?xml") != std::string_view::npos ||
       head.find("<PATDOC") != std::string_view::npos)) {
    return Format::kUsptoXml;
  }
  return Format::kUnknown;
}

class Importer {
 public:
  Importer(db::Database& database, const ImportOptions& options)
      : database_(database), options_(options),
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
    std::string_view text = file->view();
    std::string_view head = text.substr(0, 4096);
    switch (DetectFormat(path, head)) {
      case Format::kJsonl:
        IPHUB_RETURN_IF_ERROR(ImportJsonl(text));
        break;
      case Format::kCnipaXml:
        ++counts_.read;
        IPHUB_RETURN_IF_ERROR(Accept(importers::ParseCnipaDocument(text), 0, "byte"));
        break;
      case Format::kUsptoXml:
        for (const auto& document : importers::SplitConcatenatedXml(text)) {
          ++counts_.read;
          auto parsed = importers::ParseUsptoDocument(document.text);
          if (parsed.ok() && !parsed->has_value()) {
            ++counts_.skipped;
            continue;
          }
          if (!parsed.ok()) {
            Reject("byte", static_cast<int64_t>(document.offset), base::Sv(parsed.status().message()));
            continue;
          }
          IPHUB_RETURN_IF_ERROR(Add(std::move(**parsed)));
        }
        break;
      case Format::kUnknown:
        Reject("file", 0, "not a recognised patent file (expected .jsonl, USPTO or CNIPA XML)");
        break;
    }
    counts_.bytes += static_cast<int64_t>(text.size());
    IPHUB_RETURN_IF_ERROR(Flush());
    return absl::OkStatus();
  }

  absl::Status Finish() { return Flush(); }
  const ImportCounts& counts() const { return counts_; }

 private:
  absl::Status ImportJsonl(std::string_view text) {
    int64_t line_number = 0;
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(start, end - start);
      start = end + 1;
      ++line_number;
      if (base::StripWhitespace(line).empty()) continue;
      ++counts_.read;
      IPHUB_RETURN_IF_ERROR(Accept(importers::ParseJsonlLine(line), line_number, "line"));
    }
    return absl::OkStatus();
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

  absl::Status Add(Patent patent) {
    batch_.push_back(std::move(patent));
    if (static_cast<int>(batch_.size()) >= options_.batch_size) return Flush();
    return absl::OkStatus();
  }

  // Writes the batch in one transaction: all of it or, on failure, none.
  absl::Status Flush() {
    if (batch_.empty()) return absl::OkStatus();
    ImportCounts delta;
    {
      IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
      db::Transaction tx(*conn);
      IPHUB_RETURN_IF_ERROR(tx.Begin());
      const int64_t now = clock_.NowMillis();
      for (const auto& patent : batch_) {
        IPHUB_ASSIGN_OR_RETURN(store::UpsertOutcome outcome, store::UpsertPatent(*conn, patent, now));
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
      }
      IPHUB_RETURN_IF_ERROR(tx.Commit());
    }
    batch_.clear();
    counts_.imported += delta.imported;
    counts_.updated += delta.updated;
    counts_.unchanged += delta.unchanged;
    if (options_.on_progress) options_.on_progress(counts_);
    return absl::OkStatus();
  }

  void Reject(std::string_view unit, int64_t position, std::string_view reason) {
    ++counts_.rejected;
    if (!report_.is_open()) return;
    nlohmann::json entry = {{"file", current_file_},
                            {"unit", std::string(unit)},
                            {"position", position},
                            {"reason", std::string(reason)}};
    report_ << entry.dump() << "\n";
    report_.flush();
  }

  db::Database& database_;
  const ImportOptions& options_;
  base::Clock& clock_;
  std::ofstream report_;
  std::string current_file_;
  std::vector<Patent> batch_;
  ImportCounts counts_;
};

}  // namespace

absl::StatusOr<ImportSummary> ImportFiles(db::Database& database,
                                          const std::vector<std::string>& paths,
                                          const ImportOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  Importer importer(database, options);
  IPHUB_RETURN_IF_ERROR(importer.Begin());
  for (const auto& path : paths) IPHUB_RETURN_IF_ERROR(importer.ImportFile(path));
  IPHUB_RETURN_IF_ERROR(importer.Finish());
  ImportSummary summary;
  summary.counts = importer.counts();
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace iphub::patents
