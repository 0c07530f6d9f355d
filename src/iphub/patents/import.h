// `iphub import`: reads bulk files, turns each record into the canonical model
// and upserts it, a batch per transaction.
//
// Formats are recognised per file: `.jsonl`/`.ndjson` (docs/formats/patent-jsonl.md),
// and XML sniffed by its root — CNIPA (`cn-patent-document`,
// `PatentDocumentAndRelated`) or USPTO (everything else: grants, applications,
// PAP, ST.32 PATDOC, concatenated weekly files). A record that cannot be read
// is written to the reject report (file, byte offset or line, reason) and the
// rest goes on; well-formed non-patent documents (sequence listings) are
// skipped and counted. Re-importing a file changes nothing, so an interrupted
// import is resumed by running it again.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/base/clock.h"
#include "iphub/db/database.h"

namespace iphub::patents {

struct ImportCounts {
  int64_t read = 0;       // records (documents or lines) looked at
  int64_t imported = 0;   // new
  int64_t updated = 0;    // existed with other content
  int64_t unchanged = 0;  // existed identically
  int64_t rejected = 0;
  int64_t skipped = 0;    // not patents
  int64_t bytes = 0;      // of input processed
};

struct ImportOptions {
  int batch_size = 500;
  // Where rejects go, one JSON object per line ({"file","unit","position","reason"});
  // empty: not written (they are still counted).
  std::string reject_report_path{};
  // Called after every committed batch and at the end of each file.
  std::function<void(const ImportCounts&)> on_progress{};
  base::Clock* clock = nullptr;  // null: the system clock
};

struct ImportSummary {
  ImportCounts counts{};
  double seconds = 0;
};

// Imports `paths` in order. Returns an error only for what stops the import as
// a whole (the database failing, the report not writable); everything about one
// record or one file goes to the report. A failed batch is rolled back whole.
absl::StatusOr<ImportSummary> ImportFiles(db::Database& database,
                                          const std::vector<std::string>& paths,
                                          const ImportOptions& options);

}  // namespace iphub::patents
