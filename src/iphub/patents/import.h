// `iphub import`: reads bulk files, turns each record into the canonical model
// and upserts it, a batch per transaction.
//
// Formats are recognised per file: `.jsonl`/`.ndjson` (docs/formats/patent-jsonl.md);
// `.csv`/`.tsv` and `.xlsx` spreadsheets with the headers Chinese patent
// databases export (docs/formats/patent-spreadsheet.md); `.zip` archives (by
// their `PK\3\4` magic), whose entries are each imported as their own format
// (an archive holding `xl/workbook.xml` is a workbook); and XML sniffed by its
// root — CNIPA (`cn-patent-document`, `PatentDocumentAndRelated`) or USPTO
// (everything else: grants, applications, PAP, ST.32 PATDOC, concatenated
// weekly files); and registry JSON (a JSON array of patent, trademark and
// copyright records as commercial CN registries serve them,
// docs/formats/rights-jsonl.md), recognised by its content.
//
// A record that cannot be read is written to the reject report (file, unit and
// position — byte offset, line, spreadsheet row or array index — and the reason) and the
// rest goes on; well-formed non-patent documents (sequence listings), and
// archive entries of no patent format (images, PDFs), are skipped and counted.
// An archive entry is named `archive.zip!dir/entry.xml` in the report.
// Re-importing a file changes nothing, so an interrupted import is resumed by
// running it again.
//
// Memory: plain files are memory-mapped. In archives, USPTO XML, JSONL and
// CSV entries are inflated as a stream (a document, line or piece at a time);
// XLSX workbooks and archives inside the archive are extracted to a temporary
// file (in $TMPDIR, else /tmp; deleted at once) and mapped; other entries
// (CNIPA XML, registry JSON) are inflated whole into memory, up to
// ZipLimits::max_entry_size (4 GiB). Spreadsheets are read a row at a time
// (XLSX sheets and shared strings streamed, not parsed as a DOM). A batch is
// committed at batch_size records or about 16 MB of text, and the pages of a
// mapped file are handed back as it is read, so memory does not grow with the
// file.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/base/clock.h"
#include "iphub/db/database.h"

namespace iphub::patents {

struct ImportCounts {
  int64_t read = 0;       // records (documents, lines or spreadsheet rows) looked at
  int64_t imported = 0;   // new
  int64_t updated = 0;    // existed with other content
  int64_t unchanged = 0;  // existed identically
  int64_t rejected = 0;
  int64_t skipped = 0;  // not patents (documents, archive entries)
  int64_t bytes = 0;    // of input processed
};

struct ImportOptions {
  int batch_size = 500;
  // When set and it turns true, the import stops before the next record: the
  // records read so far are committed (a last, smaller batch), the summary
  // says `cancelled`, and nothing else is read. Set from any thread.
  const std::atomic<bool>* cancel = nullptr;
  // Where rejects go, one JSON object per line ({"file","unit","position","reason"};
  // unit "byte", "line", "row", "record" (registry JSON: index from 0) or "file");
  // empty: not written (they are still counted).
  std::string reject_report_path{};
  // Called after every committed batch, at the end of each file, and about
  // every kProgressInterval while records are read between commits (large
  // full-text batches, runs of rejected rows). `bytes` counts the current
  // file up to the last record read; `imported`, `updated` and `unchanged`
  // only what is committed. Runs on the importing thread.
  std::function<void(const ImportCounts&)> on_progress{};
  base::Clock* clock = nullptr;  // null: the system clock
};

inline constexpr std::chrono::milliseconds kProgressInterval{200};

struct ImportSummary {
  ImportCounts counts{};
  double seconds = 0;
  // Stopped by ImportOptions::cancel: `counts` is what was read and committed
  // until then (all of it committed); the rest of the input was not read.
  bool cancelled = false;
};

// Imports `paths` in order. Returns an error only for what stops the import as
// a whole (the database failing, the report not writable); everything about one
// record or one file goes to the report. A failed batch is rolled back whole.
// A cancelled import is no error (ImportSummary::cancelled).
absl::StatusOr<ImportSummary> ImportFiles(db::Database& database,
                                          const std::vector<std::string>& paths,
                                          const ImportOptions& options);

}  // namespace iphub::patents
