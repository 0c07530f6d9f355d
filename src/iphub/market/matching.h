// Supply–demand matching (issue #6 §4): for a demand, the patents in force that
// answer it, ranked, each with the reasons a manager reads; for a patent, the
// open demands it answers; and the inboxes where both sides hear of a new match.
//
//   MatchService matching(database, index, clock);
//   IPHUB_ASSIGN_OR_RETURN(DemandMatches found, matching.ForDemand(&caller, demand_id, 20));
//   for (const PatentMatch& match : found.items) {
//     // match.score 0..100; match.reasons [{code: "shared_terms", params: {terms: [...]}}, ...]
//   }
//
// Candidates of a demand come from two searches of its title, problem and
// industry, so that each covers the other's blind spot:
//   the words   BM25 (the engine's ranking) over the demand's most informative
//               character bigrams and English words, ORed, in force only
//               (WordQuery; kWordCandidates hits): exact wording;
//   the model   the similar-patents model's nearest neighbours of the text
//               (PatentIndex::SimilarToText, kTextCandidates of them): the same
//               topic in other words;
// plus the patent of every published listing (a listed patent is available
// now, so it is worth a look even when neither search ranks it). Only patents
// in force (legal status "valid") count; an application's publications are one
// candidate.
//
// Score (0–100), the sum of:
//   text      up to 70: the fused relevance of the texts, 70 × (½ × the words'
//             BM25 score over the best hit's + ½ × the model's score, full at
//             0.75); a patent both searches find outranks one only either
//             finds. A listed patent neither finds: ½ × the share of the
//             demand's informative words — weighted by inverse document
//             frequency in the index — that its title, abstract and claims hold,
//             full at 0.6
//   class     15 when a patent's IPC symbol is in the demand's main group hint
//             ("H01M 10/44" → H01M10), 10 when only in its subclass ("H01M")
//   region    6 when an applicant (or the listing) is in the demand's city, 3
//             when in its province
//   listing   5 for a published listing (available now), 3 more when its price
//             is within the demand's budget, 1 more for TRL 7 or higher
//   holder    2 when the holder is a university or research institute (the
//             platform's technology suppliers); the type is given as a reason
//             for enterprises too, without points
// A candidate is returned only with some evidence of topic: text points of at
// least kMinTextPoints, or the demand's class. Every match carries at least
// one reason; each reason is a code with parameters (the web app words it in
// the user's language) and an English `text`.
//
// Reason codes: shared_terms {terms}, shared_class {ipc, hint}, same_region
// {region_code, level}, listed {kind, price_fen, trl}, within_budget {price_fen,
// budget_fen}, holder_type {type}, similar_text {similarity} (percent).
//
// For a patent (ForPatent): every open demand is scored against the patent's
// own text with the word-share measure above (no search of the corpus per
// demand), plus the same structured points.
//
// When matching runs: ForDemand records the matches of an open demand when the
// caller belongs to the posting organisation (the poster looking at its
// matches), and Refresh (poster or reviewer) does so on request. Recording
// stores each match scoring at least kRecordScore (the best kMaxRecorded) in
// market_matches; a match seen for the first time is "new" once and writes a
// notice to the posting organisation, and, when the patent is listed, to the
// listing's holder organisation (market_notices). Running again notifies nothing
// for matches already stored. Publishing a demand runs it too (the app wires
// DemandService's publish hook to Refresh); publishing a listing does not (the
// listed patent is a candidate the next time a demand is matched).
//
// Thread-safe: the service holds no state of its own but a cache of word
// weights (guarded by a mutex), dropped whenever the index's number of documents
// has changed since it was filled.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/auth/model.h"
#include "iphub/auth/service.h"
#include "iphub/base/clock.h"
#include "iphub/db/database.h"
#include "iphub/http/router.h"
#include "iphub/market/demand.h"
#include "iphub/market/demand_service.h"
#include "iphub/patents/search.h"
#include "nlohmann/json.hpp"

namespace iphub::market {

inline constexpr uint32_t kTextCandidates = 60;   // the model's neighbours
inline constexpr uint32_t kWordCandidates = 100;  // the words' (BM25) hits
inline constexpr int kMinTextPoints = 8;
inline constexpr int kRecordScore = 40;
inline constexpr size_t kMaxRecorded = 20;
inline constexpr int64_t kMaxMatches = 100;
// ForHolder considers at most this many of an organisation's patents.
inline constexpr uint32_t kMaxHolderPatents = 100;

struct MatchReason {
  std::string code{};
  nlohmann::json params = nlohmann::json::object();
  std::string text{};  // English, for the API reader
};

// The published listing of a matched patent.
struct MatchListing {
  int64_t id = 0;
  std::string kind{};
  std::optional<int64_t> price_fen{};
  int trl = 0;
  std::string region_code{};
  int64_t holder_org_id = 0;
  std::string holder_org_name{};
};

struct PatentMatch {
  std::string publication_number{};
  std::string title{};
  std::vector<std::string> applicants{};
  std::string ipc_main{};
  std::string legal_status{};
  int score = 0;  // 0..100
  std::optional<MatchListing> listing{};
  std::vector<MatchReason> reasons{};
  bool is_new = false;  // recorded; the poster's notice of it is unread
};

struct DemandMatches {
  int64_t demand_id = 0;
  std::vector<PatentMatch> items{};
  bool recorded = false;    // stored (and notified) by this call
  int64_t new_matches = 0;  // recorded for the first time by this call
  double took_ms = 0;
};

struct DemandMatch {
  int64_t demand_id = 0;
  std::string title{};
  std::string industry{};
  int64_t org_id = 0;
  std::string org_name{};
  std::string region_code{};
  std::optional<int64_t> budget_fen{};
  std::string deadline{};
  int score = 0;
  std::vector<MatchReason> reasons{};
  // ForHolder: the holder's patent that answers the demand best.
  std::string publication_number{};
  std::string patent_title{};
};

// The open demands an organisation's patents answer (ForHolder).
struct HolderDemandMatches {
  int64_t org_id = 0;
  std::string org_name{};
  int64_t patents = 0;  // its patents in force that were considered
  std::vector<DemandMatch> items{};
  double took_ms = 0;
};

struct PatentDemandMatches {
  std::string publication_number{};
  std::string title{};
  std::vector<DemandMatch> items{};
  double took_ms = 0;
};

// An entry of an organisation's marketplace inbox: a new match it is a side of.
struct MarketNotice {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string kind{};  // "demand_match" (to the poster), "patent_match" (to the holder)
  int64_t match_id = 0;
  int64_t demand_id = 0;
  std::string demand_title{};
  std::string publication_number{};
  std::string patent_title{};
  std::optional<int64_t> listing_id{};
  int score = 0;
  int64_t created_at = 0;
  std::optional<int64_t> read_at{};
};

// English one-liner of a notice.
std::string NoticeText(const MarketNotice& notice);

class MatchService {
 public:
  MatchService(db::Database& database, patents::PatentIndex& index, base::Clock& clock);

  // The patents answering demand `demand_id`, best first, at most `limit` (1..kMaxMatches).
  // NotFound when there is no such demand or the caller may not see it (as
  // DemandService::Get). Records the matches (see above) when the demand is open
  // and the caller is of the posting organisation.
  absl::StatusOr<DemandMatches> ForDemand(const auth::Principal* principal, int64_t demand_id,
                                          int64_t limit);
  // Runs and records the matches of an open demand now: the posting organisation or
  // a reviewer of its region (PermissionDenied for others who may see it;
  // FailedPrecondition for a demand that is not open).
  absl::StatusOr<DemandMatches> Refresh(const auth::Principal* principal, int64_t demand_id,
                                        int64_t limit);
  // Open demands patent `number` (written any usual way) answers, best first.
  // Unauthenticated without a principal; NotFound for an unknown number;
  // FailedPrecondition when the patent is not in force.
  absl::StatusOr<PatentDemandMatches> ForPatent(const auth::Principal* principal,
                                                std::string_view number, int64_t limit);

  // Open demands the caller's organisation's patents answer, best first, each with the
  // patent that answers it best: its patents in force — those it offers on the market,
  // then those it is an applicant of by its normalised name, latest filed first — at most
  // kMaxHolderPatents, each scored against every open demand as ForPatent does.
  // PermissionDenied for a caller without an organisation.
  absl::StatusOr<HolderDemandMatches> ForHolder(const auth::Principal* principal, int64_t limit);

  // The ranking alone, for a demand as given (no visibility check, nothing
  // recorded): benches and tests.
  absl::StatusOr<std::vector<PatentMatch>> Rank(const Demand& demand, int64_t limit);

  // The caller organisation's notices, newest first (only unread ones with `unread_only`).
  absl::StatusOr<std::vector<MarketNotice>> Notices(const auth::Principal* principal,
                                                    bool unread_only);
  // Marks a notice of the caller's organisation read (NotFound for anybody else's).
  absl::StatusOr<MarketNotice> MarkRead(const auth::Principal* principal, int64_t notice_id);

 private:
  absl::StatusOr<DemandMatches> Match(const auth::Principal* principal, const Demand& demand,
                                      int64_t limit, bool record);
  absl::StatusOr<int64_t> Record(db::Connection& conn, const Demand& demand,
                                 std::vector<PatentMatch>& items);
  // Every open demand `patent` (in force) answers, scored, with its similarity for ties.
  absl::StatusOr<std::vector<std::pair<double, DemandMatch>>> ScoreDemands(
      db::Connection& conn, const patents::Patent& patent, const std::vector<Demand>& open);
  // Drops the cached word weights when the index's number of documents changed.
  void RefreshWordWeights();
  // Inverse document frequency of a word of the index (TAC), cached.
  double Idf(const std::string& term);
  // The words' query of a demand's text: its most informative character bigrams
  // and ASCII words, ORed over TAC ("" when none is left).
  std::string WordQuery(std::string_view text);

  db::Database& database_;
  patents::PatentIndex& index_;
  base::Clock& clock_;
  DemandService demands_;

  std::mutex idf_mutex_;
  std::unordered_map<std::string, double> idf_;  // guarded by idf_mutex_
  uint64_t idf_documents_ = 0;                   // guarded by idf_mutex_
};

// HTTP binding (docs/api.md, "Matching"):
//   GET  /api/v1/demands/{id}/matches?limit=       the patents answering a demand
//   POST /api/v1/demands/{id}/matches/refresh      run and record now (poster, reviewer)
//   GET  /api/v1/patents/{number}/demand-matches   open demands a patent answers
//   GET  /api/v1/market-notices?unread=            the organisation's match inbox
//   POST /api/v1/market-notices/{id}/read
void RegisterMatchingRoutes(http::Router& router, const std::shared_ptr<MatchService>& matching,
                            auth::AccountService& accounts);

}  // namespace iphub::market
