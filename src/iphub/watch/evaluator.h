// Evaluates watches against what imports have changed, incrementally: it follows the patent
// change log (patent_changes.seq) from the last seq it evaluated, only as far as the search
// index has applied (PatentIndex::Info().applied_change), so a query sees the patents it is
// asked about.
//
//   WatchEvaluator evaluator(database, index, clock);
//   IPHUB_ASSIGN_OR_RETURN(EvaluationSummary done, evaluator.EvaluateBatch());
//
// Per batch of changes (at most `batch_size`):
//   - query and applicant watches: the patents the batch inserted (changes 'insert' only, not
//     before the watch was created) that the watch's query matches (PatentIndex::MatchKeys:
//     the work grows with the batch, not with the corpus) alert;
//   - status watches: each watched patent the batch inserted or updated is read from the
//     store, and each of its legal events of a chosen group (EventGroupOf) that the watch has
//     not seen yet (watch_events: code and date) alerts; the events a patent held when it was
//     added to the watch count as seen;
//   - similarity watches: for each patent the batch inserted (after the first similarity
//     watch was created), PatentIndex::Similar(number, 30) once, whatever the number of
//     watches: the work grows with the batch (one nearest-neighbour search each), not with the
//     corpus nor the watched patents. Each watch whose patents (or another publication of
//     their application) are among those hits at or above its threshold alerts once for the
//     new patent, naming the closest. Similar() never lists the new patent's own application,
//     so a watched patent's other publication does not alert; an update is not an insert, so a
//     watched patent imported again does not either. Limits: a watched patent further than
//     the new patent's 30 nearest applications does not alert; a watched patent must have a
//     vector in the model (it has once the model was built or refreshed after it was indexed:
//     Similar() refreshes first, unless too many patents are new, when the model is rebuilt
//     in the background and recently indexed patents are not found until it is done). The
//     new patent itself needs no vector (its text is projected when asked about). When a
//     similarity watch exists, the model is loaded (built when none is saved: a while on a
//     large corpus) and refreshed before the batch's transaction begins, so that the write
//     lock is not held meanwhile. A model that cannot be built or read fails the batch, which
//     is retried;
// Each recipient (store::Recipients) gets an alert row; the UNIQUE key (watch, user,
// publication, event key) makes re-evaluation write nothing twice. Each user with new alerts
// and an e-mail address gets one mail in the outbox listing those of watches with frequency
// `import`; the others wait for SendDigests(). The alerts, the mail and
// the move of the evaluated seq commit in one transaction: a failure rolls all back and the
// next call tries the same batch again (exactly once).
//
// Thread-safe as far as the database is: concurrent evaluators (several nodes) race on the
// stored seq, and the loser's transaction is rolled back (Aborted).
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "iphub/base/clock.h"
#include "iphub/db/database.h"
#include "iphub/patents/search.h"

namespace iphub::watch {

struct EvaluationSummary {
  int64_t changes = 0;  // change-log rows evaluated (0: nothing new)
  int64_t alerts = 0;   // alert rows written
  int64_t mails = 0;    // mails queued
  int64_t through_seq = 0;
  // Of the time taken, what looking the new patents up in the index and matching the
  // query and applicant watches among them took (the rest: the database).
  double match_seconds = 0;
};

class WatchEvaluator {
 public:
  // `index` must outlive the evaluator.
  WatchEvaluator(db::Database& database, const patents::PatentIndex& index, base::Clock& clock,
                 int64_t batch_size = 1000);

  // Evaluates the next batch of changes the index has applied; changes == 0 when there are
  // none. A watch whose query the index cannot run any more is skipped (logged), so that one
  // bad watch does not stop the others.
  absl::StatusOr<EvaluationSummary> EvaluateBatch();
  // EvaluateBatch() until nothing is left; the sums.
  absl::StatusOr<EvaluationSummary> EvaluateAll();
  // Digests of daily and weekly watches: when the period (model.h DigestPeriod) has changed
  // since the last digest of a frequency, each user with waiting alerts of such watches and an
  // e-mail address gets one mail listing them, and they are marked mailed (those of users
  // without an address too), in one transaction. Returns the mails queued.
  absl::StatusOr<int64_t> SendDigests();

 private:
  db::Database& database_;
  const patents::PatentIndex& index_;
  base::Clock& clock_;
  const int64_t batch_size_;
};

}  // namespace iphub::watch
