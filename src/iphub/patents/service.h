// What the API and the web app do with patent records: look one up by any
// usual way of writing its number, list with simple filters, and import an
// uploaded file. Permissions come from auth::Authorize (patents are public to
// read; officials and platform administrators import).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/auth/model.h"
#include "iphub/base/clock.h"
#include "iphub/db/database.h"
#include "iphub/patents/import.h"
#include "iphub/patents/legal_status.h"
#include "iphub/patents/model.h"
#include "iphub/patents/store.h"

namespace iphub::patents {

struct PatentDetail {
  Patent patent{};
  DerivedStatus status{};
  std::vector<store::StoredPatent> cited_by{};  // stored documents citing this one
  std::vector<store::StoredPatent> related{};   // other publications of the same application
};

struct ListedPatent {
  store::StoredPatent stored{};
  LegalStatus legal_status = LegalStatus::kUnknown;
};

struct PatentList {
  int64_t total = 0;
  std::vector<ListedPatent> items{};
};

struct RejectEntry {
  std::string file{};
  std::string unit{};  // "byte", "line", "row", "file"
  int64_t position = 0;
  std::string reason{};
};

struct UploadReport {
  std::string filename{};
  ImportSummary summary{};             // summary.cancelled: stopped early, what was read is stored
  std::vector<RejectEntry> rejects{};  // the first kMaxRejectsShown
  bool rejects_truncated = false;
};

// An upload that was checked and written to the upload directory, waiting to
// be imported (PatentService::StoreUpload). Owns its files: they are removed
// when it is destroyed, imported or not. Move-only.
class StoredUpload {
 public:
  StoredUpload(StoredUpload&& other) noexcept;
  StoredUpload& operator=(StoredUpload&&) = delete;
  StoredUpload(const StoredUpload&) = delete;
  ~StoredUpload();

  const std::string& filename() const { return filename_; }  // as the user named it
  int64_t size() const { return size_; }

 private:
  friend class PatentService;
  StoredUpload(std::string filename, std::string data_path, std::string report_path, int64_t size)
      : filename_(std::move(filename)),
        data_path_(std::move(data_path)),
        report_path_(std::move(report_path)),
        size_(size) {}

  std::string filename_;
  std::string data_path_;    // empty once moved from
  std::string report_path_;  // the reject report, written while importing
  int64_t size_ = 0;
};

// What a caller of ImportStored may watch and steer (an import job).
struct ImportHooks {
  std::function<void(const ImportCounts&)> on_progress{};  // see ImportOptions
  const std::atomic<bool>* cancel = nullptr;               // see ImportOptions
  std::string job_id{};                                    // recorded in the audit entry when set
};

class PatentService {
 public:
  static constexpr size_t kMaxRejectsShown = 1000;

  // `upload_dir` holds uploaded files while they are imported (created on demand).
  PatentService(db::Database& database, base::Clock& clock, std::string upload_dir);

  // NotFound when no stored document matches; InvalidArgument (field
  // "number") when the text is not a patent or application number.
  absl::StatusOr<PatentDetail> Get(const auth::Principal* caller, std::string_view number);

  absl::StatusOr<PatentList> List(const auth::Principal* caller, const store::PatentFilter& filter,
                                  int64_t limit, int64_t offset);

  // Imports `bytes` as a file named `filename` (its extension selects the
  // format, as for `iphub import`) and audits the import: StoreUpload, then
  // ImportStored.
  absl::StatusOr<UploadReport> ImportUpload(const auth::Principal& caller,
                                            std::string_view filename, std::string_view bytes);

  // Checks that `caller` may import (PermissionDenied), that the file has a
  // name with a known extension and is not empty (InvalidArgument, field
  // "filename" or "body"), and writes it to the upload directory.
  absl::StatusOr<StoredUpload> StoreUpload(const auth::Principal& caller, std::string_view filename,
                                           std::string_view bytes);

  // Imports a stored upload and audits it (`patent.import`, also when
  // cancelled by hooks.cancel: the report then says so and holds what was
  // stored until then). An error only for what stops an import as a whole
  // (the database failing); the upload's files are removed in every case.
  absl::StatusOr<UploadReport> ImportStored(const auth::Principal& caller, StoredUpload upload,
                                            const ImportHooks& hooks = {});

  // Today in Asia/Shanghai, the day legal status is derived for.
  std::string Today() const;

 private:
  db::Database& database_;
  base::Clock& clock_;
  std::string upload_dir_;
};

}  // namespace iphub::patents
