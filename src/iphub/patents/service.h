// What the API and the web app do with patent records: look one up by any
// usual way of writing its number, list with simple filters, and import an
// uploaded file. Permissions come from auth::Authorize (patents are public to
// read; officials and platform administrators import).
#pragma once

#include <cstdint>
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
  ImportSummary summary{};
  std::vector<RejectEntry> rejects{};  // the first kMaxRejectsShown
  bool rejects_truncated = false;
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
  // format, as for `iphub import`) and audits the import.
  absl::StatusOr<UploadReport> ImportUpload(const auth::Principal& caller,
                                            std::string_view filename, std::string_view bytes);

  // Today in Asia/Shanghai, the day legal status is derived for.
  std::string Today() const;

 private:
  db::Database& database_;
  base::Clock& clock_;
  std::string upload_dir_;
};

}  // namespace iphub::patents
