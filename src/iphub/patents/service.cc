#include "iphub/patents/service.h"

#include <filesystem>
#include <fstream>
#include <utility>

#include "iphub/auth/audit.h"
#include "iphub/auth/permissions.h"
#include "iphub/base/civil_date.h"
#include "iphub/base/crypto.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/patents/importers/jsonl.h"
#include "iphub/patents/numbers.h"
#include "nlohmann/json.hpp"

namespace iphub::patents {
namespace {

namespace fs = std::filesystem;

constexpr auth::Resource kPatents{.kind = auth::ResourceKind::kPatent};

// The extension of an uploaded file's name, lower-cased, when it is one the
// importer reads; the stored temporary file gets only this from the name.
absl::StatusOr<std::string> UploadExtension(std::string_view filename) {
  const size_t dot = filename.rfind('.');
  std::string extension =
      dot == std::string_view::npos ? "" : base::AsciiLowerCopy(filename.substr(dot));
  static constexpr std::string_view kAccepted[] = {".xml", ".jsonl", ".ndjson", ".json", ".csv",
                                                   ".tsv", ".xlsx",  ".zip",    ".sgm",  ".txt"};
  for (std::string_view accepted : kAccepted) {
    if (extension == accepted) return extension;
  }
  return base::InvalidField(
      "filename",
      base::StrCat("'", filename,
                   "': expected .xml, .jsonl, .json, .csv, .tsv, .xlsx or .zip (the extension "
                   "selects the format)"));
}

}  // namespace

PatentService::PatentService(db::Database& database, base::Clock& clock, std::string upload_dir)
    : database_(database), clock_(clock), upload_dir_(std::move(upload_dir)) {}

std::string PatentService::Today() const { return base::ShanghaiDate(clock_.NowMillis()); }

absl::StatusOr<PatentDetail> PatentService::Get(const auth::Principal* caller,
                                                std::string_view number) {
  IPHUB_RETURN_IF_ERROR(auth::Authorize(caller, auth::Action::kRead, kPatents));
  IPHUB_ASSIGN_OR_RETURN(NumberQuery query, ParseNumberQuery(number));
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(std::vector<store::StoredPatent> found, store::FindByNumber(*conn, query));
  if (found.empty()) {
    return absl::NotFoundError(base::StrCat("no patent document ", number, " is stored"));
  }
  // Several publications match (the A and the B of one application, or a
  // number without kind): the latest, which carries the most recent state.
  IPHUB_ASSIGN_OR_RETURN(Patent patent, store::GetPatent(*conn, found.front().publication_number));
  PatentDetail detail;
  detail.status = DeriveLegalStatus(patent, Today());
  IPHUB_ASSIGN_OR_RETURN(
      detail.cited_by,
      store::CitingDocuments(*conn, DocumentKey(patent.country, patent.doc_number), 200));
  IPHUB_ASSIGN_OR_RETURN(
      std::vector<store::StoredPatent> publications,
      store::PublicationsOfApplication(*conn, patent.country, patent.application_number));
  for (auto& publication : publications) {
    if (publication.publication_number != patent.publication_number) {
      detail.related.push_back(std::move(publication));
    }
  }
  detail.patent = std::move(patent);
  return detail;
}

absl::StatusOr<PatentList> PatentService::List(const auth::Principal* caller,
                                               const store::PatentFilter& filter, int64_t limit,
                                               int64_t offset) {
  IPHUB_RETURN_IF_ERROR(auth::Authorize(caller, auth::Action::kList, kPatents));
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(store::PatentPage page, store::ListPatents(*conn, filter, limit, offset));
  PatentList list;
  list.total = page.total;
  const std::string today = Today();
  for (auto& stored : page.items) {
    ListedPatent item;
    absl::StatusOr<Patent> patent = importers::ParseJsonlLine(stored.record);
    if (patent.ok()) item.legal_status = DeriveLegalStatus(*patent, today).status;
    stored.record.clear();  // the list does not carry whole records
    item.stored = std::move(stored);
    list.items.push_back(std::move(item));
  }
  return list;
}

StoredUpload::StoredUpload(StoredUpload&& other) noexcept
    : filename_(std::move(other.filename_)),
      data_path_(std::exchange(other.data_path_, {})),
      report_path_(std::exchange(other.report_path_, {})),
      size_(other.size_) {}

StoredUpload::~StoredUpload() {
  std::error_code ignored;
  if (!data_path_.empty()) fs::remove(data_path_, ignored);
  if (!report_path_.empty()) fs::remove(report_path_, ignored);
}

absl::StatusOr<UploadReport> PatentService::ImportUpload(const auth::Principal& caller,
                                                         std::string_view filename,
                                                         std::string_view bytes) {
  IPHUB_ASSIGN_OR_RETURN(StoredUpload upload, StoreUpload(caller, filename, bytes));
  return ImportStored(caller, std::move(upload));
}

absl::StatusOr<StoredUpload> PatentService::StoreUpload(const auth::Principal& caller,
                                                        std::string_view filename,
                                                        std::string_view bytes) {
  IPHUB_RETURN_IF_ERROR(auth::Authorize(&caller, auth::Action::kCreate, kPatents));
  if (filename.empty()) return base::InvalidField("filename", "is required");
  if (bytes.empty()) return base::InvalidField("body", "the uploaded file is empty");
  IPHUB_ASSIGN_OR_RETURN(std::string extension, UploadExtension(filename));

  std::error_code error;
  fs::create_directories(upload_dir_, error);
  if (error) {
    return absl::InternalError(
        base::StrCat("cannot create the upload directory ", upload_dir_, ": ", error.message()));
  }
  const std::string stem = (fs::path(upload_dir_) / base::RandomHex(12)).string();
  StoredUpload upload(std::string(filename), stem + extension, stem + ".rejects.jsonl",
                      static_cast<int64_t>(bytes.size()));
  std::ofstream out(upload.data_path_, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return absl::InternalError(base::StrCat("cannot store the upload in ", upload_dir_));
  return upload;
}

absl::StatusOr<UploadReport> PatentService::ImportStored(const auth::Principal& caller,
                                                         StoredUpload upload,
                                                         const ImportHooks& hooks) {
  IPHUB_RETURN_IF_ERROR(auth::Authorize(&caller, auth::Action::kCreate, kPatents));
  const std::string& data_path = upload.data_path_;
  ImportOptions options;
  options.reject_report_path = upload.report_path_;
  options.on_progress = hooks.on_progress;
  options.cancel = hooks.cancel;
  options.clock = &clock_;
  IPHUB_ASSIGN_OR_RETURN(ImportSummary summary, ImportFiles(database_, {data_path}, options));

  UploadReport report;
  report.filename = upload.filename();
  report.summary = summary;
  std::ifstream rejects(upload.report_path_);
  for (std::string line; std::getline(rejects, line);) {
    if (report.rejects.size() >= kMaxRejectsShown) {
      report.rejects_truncated = true;
      break;
    }
    nlohmann::json entry = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!entry.is_object()) continue;
    // The importer names the temporary file; the user knows the upload's name
    // (and, inside an archive, "upload.zip!member.xml").
    std::string file = entry.value("file", "");
    if (file.starts_with(data_path)) file = report.filename + file.substr(data_path.size());
    report.rejects.push_back({.file = std::move(file),
                              .unit = entry.value("unit", ""),
                              .position = entry.value("position", int64_t{0}),
                              .reason = entry.value("reason", "")});
  }

  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  const ImportCounts& counts = summary.counts;
  nlohmann::json detail = {{"bytes", upload.size()},        {"read", counts.read},
                           {"imported", counts.imported},   {"updated", counts.updated},
                           {"unchanged", counts.unchanged}, {"rejected", counts.rejected},
                           {"skipped", counts.skipped}};
  if (summary.cancelled) detail["cancelled"] = true;
  if (!hooks.job_id.empty()) detail["job"] = hooks.job_id;
  IPHUB_RETURN_IF_ERROR(auth::AppendAudit(*conn, &caller, clock_.NowMillis(),
                                          {.action = "patent.import",
                                           .entity = "patent_import",
                                           .entity_id = report.filename,
                                           .region_code = caller.region_code,
                                           .detail = std::move(detail)}));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return report;
}

}  // namespace iphub::patents
