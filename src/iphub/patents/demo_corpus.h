// A generator of realistic synthetic patents for demonstrations and load
// tests (`iphub demo --patents N`), and the loader that stores them.
//
//   CorpusGenerator generator({.count = 1000, .seed = 7});
//   while (generator.HasNext()) Patent patent = generator.Next();
//
//   IPHUB_ASSIGN_OR_RETURN(CorpusLoadSummary summary,
//                          LoadCorpus(database, {.count = 50000}, nullptr));
//
// What comes out. About 80 % CN documents in Chinese — invention applications
// (A), invention grants (B: same publication number and application number as
// the A, published 2–4.5 years after filing), utility models (U) and designs (S,
// with a Locarno class, one claim, the brief description as abstract) — and
// about 20 % US documents in English (grants B1/B2, applications A1). Fourteen
// technology fields keyed by IPC subclass (demo_vocabulary.h) supply titles,
// abstracts, claims with dependencies, and IPC symbols in the model's normalised
// form. Applicants follow a Zipf law over a few thousand invented companies,
// universities, institutes and individuals with real cities and GB/T 2260 region
// codes, Shandong weighted up; CN legal events use the CNIPA codes of FACTS.md §5
// (PB01, SE01, GR01, CF01, CX01, TR01, EE01/EC01, PE01/PC01, AV01, and RJ01/WD01
// for refused and withdrawn applications); citations point at earlier documents
// of the same field that were published before the citing filing.
//
// Determinism. Output depends only on the options: the same seed gives the same
// documents on every compiler and standard library (the generator uses its own
// SplitMix64 streams and integer arithmetic, never std::*_distribution or
// floating-point maths). Filing f — one document, or an A followed by its B —
// is a function of (seed, f) alone, so a corpus of N documents is a prefix of a
// corpus of 2N with the same seed; citations of filing f look only at the cheap
// "plan" (kind, field, dates, numbers) of earlier filings, recomputed from
// (seed, j), never at generated documents.
//
// Dates. Publication dates grow about 12 % a year over [first_year, last_year];
// inventions are filed 18 months before publication (a quarter published early),
// utility models and designs 3–11 months before grant, US grants 1.5–4.4 years
// before issue. No date is after `as_of` (default 2026-11-01): documents whose
// grant or events would fall later simply do not have them yet.
//
// Numbers. Application and publication numbers are unique for up to
// kMaxCorpusDocuments documents: per kind, a dense rank is mapped through a
// bijective scramble into the realistic range of the publication year (CN
// prefixes 101–120 / 201–223 / 301–309; US grant numbers of the issue year).
// CN application numbers carry the ZC 0006-2003 check character (numbers.h).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "iphub/db/database.h"
#include "iphub/patents/model.h"

namespace iphub::patents {

inline constexpr int64_t kMaxCorpusDocuments = 5'000'000;

struct CorpusOptions {
  int64_t count = 0;  // documents (an A and its B count as two)
  uint64_t seed = 1;
  int first_year = 2005;  // publication years of first publications
  int last_year = 2025;
  std::string as_of = "2026-11-01";  // nothing is dated later
};

// InvalidArgument naming the field: count outside [0, kMaxCorpusDocuments],
// first_year before 2005 or after last_year, as_of not a date, or last_year
// beginning less than 90 days before as_of.
absl::Status ValidateCorpusOptions(const CorpusOptions& options);

// Produces the corpus one document at a time. Not thread-safe; cheap to make
// (it computes a few small tables). Options must be valid (ValidateCorpusOptions);
// invalid ones are clamped.
class CorpusGenerator {
 public:
  explicit CorpusGenerator(CorpusOptions options);
  ~CorpusGenerator();
  CorpusGenerator(const CorpusGenerator&) = delete;
  CorpusGenerator& operator=(const CorpusGenerator&) = delete;

  // Documents produced so far.
  int64_t produced() const { return produced_; }
  bool HasNext() const { return produced_ < options_.count; }
  // The next document (document produced() before the call). Calling it past
  // `count` keeps going: the sequence is unbounded, `count` only informs HasNext.
  Patent Next();

 private:
  struct State;
  CorpusOptions options_;
  int64_t produced_ = 0;
  std::unique_ptr<State> state_;
};

struct CorpusLoadSummary {
  int64_t documents = 0;
  int64_t inserted = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  double seconds = 0;
};

// Generates options.count documents and upserts them (store::UpsertPatent) in
// transactions of 1000; `progress` (may be null) is called after each committed
// batch with the number of documents done. Loading the same options again
// changes nothing (every document comes back kUnchanged). InvalidArgument for
// bad options; database errors as they come, with the failed batch rolled back
// (batches before it stay: running again resumes).
absl::StatusOr<CorpusLoadSummary> LoadCorpus(db::Database& database, const CorpusOptions& options,
                                             const std::function<void(int64_t done)>& progress);

}  // namespace iphub::patents
