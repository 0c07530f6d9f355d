#include "iphub/market/matching.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "iphub/auth/store.h"
#include "iphub/base/civil_date.h"
#include "iphub/base/money.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/base/utf8.h"
#include "iphub/http/message.h"
#include "iphub/market/access.h"
#include "iphub/market/store.h"
#include "iphub/patents/applicant_aliases.h"
#include "iphub/patents/legal_status.h"
#include "iphub/patents/numbers.h"
#include "iphub/patents/store.h"

namespace iphub::market {
namespace {

using json = nlohmann::json;

constexpr int kTextPoints = 70;
constexpr int kGroupPoints = 15;
constexpr int kSubclassPoints = 10;
constexpr int kCityPoints = 6;
constexpr int kProvincePoints = 3;
constexpr int kListedPoints = 5;
constexpr int kBudgetPoints = 3;
constexpr int kMaturePoints = 1;
constexpr int kSupplierPoints = 2;
// The model's score (a blend of cosines) and the word share at which the text
// points are full.
constexpr double kFullModelSimilarity = 0.75;
constexpr double kFullWordShare = 0.6;
// The words' share of the text relevance (the model has the rest).
constexpr double kWordWeight = 0.5;
// The words searched: the most informative kMaxWordTerms of the demand's, and in
// a corpus of kCommonWordsFrom documents or more none that over a fifth of them
// hold (idf below kMinWordIdf = ln 5): they say little and cost most.
constexpr size_t kMaxWordTerms = 32;
constexpr uint64_t kCommonWordsFrom = 1000;
constexpr double kMinWordIdf = 1.6;
constexpr size_t kMaxSharedTerms = 6;
constexpr int64_t kMaxListingsConsidered = 1000;
constexpr int64_t kMaxOpenDemands = 1000;

// --- Words ------------------------------------------------------------------

bool IsCjk(int32_t code_point) {
  return (code_point >= 0x4E00 && code_point <= 0x9FFF) ||
         (code_point >= 0x3400 && code_point <= 0x4DBF);
}

// A run of CJK characters, or an ASCII word (lower case).
struct Piece {
  std::vector<std::string> chars{};  // CJK run: one string per character
  std::string word{};                // ASCII word
};

std::vector<Piece> PiecesOf(std::string_view text) {
  std::vector<Piece> out;
  Piece current;
  auto flush = [&] {
    if (current.chars.size() >= 2 || current.word.size() >= 3) out.push_back(std::move(current));
    current = Piece();
  };
  size_t pos = 0;
  while (pos < text.size()) {
    const int32_t code_point = base::NextCodePoint(text, pos);
    if (IsCjk(code_point)) {
      if (!current.word.empty()) flush();
      std::string one;
      base::AppendCodePoint(one, code_point);
      current.chars.push_back(std::move(one));
    } else if (code_point < 128 && std::isalnum(code_point)) {
      if (!current.chars.empty()) flush();
      current.word.push_back(static_cast<char>(std::tolower(code_point)));
    } else {
      flush();
    }
  }
  flush();
  return out;
}

// How people write a need, not what a patent is about.
bool IsDemandPhrasing(const std::string& term) {
  static const auto* const kPhrasing = new std::set<std::string>{
      "我们", "希望", "寻求", "需要", "寻找", "找到", "方案", "解决", "问题",   "企业",
      "公司", "合作", "能够", "可以", "目前", "现有", "如何", "一种", "用于",   "技术",
      "the",  "and",  "for",  "with", "our",  "that", "need", "want", "looking"};
  return kPhrasing->count(term) > 0;
}

// Character bigrams of the CJK runs and the ASCII words of a text.
std::set<std::string> TermsOf(std::string_view text) {
  std::set<std::string> out;
  for (const Piece& piece : PiecesOf(text)) {
    if (!piece.word.empty()) {
      out.insert(piece.word);
      continue;
    }
    for (size_t at = 0; at + 1 < piece.chars.size(); ++at) {
      out.insert(piece.chars[at] + piece.chars[at + 1]);
    }
  }
  return out;
}

// How much of a demand's wording a patent's text holds.
struct WordShare {
  double share = 0;                       // 0..1, by word weight
  std::vector<std::string> shared_terms;  // as the demand writes them, weightiest first
};

// --- Classes and regions ------------------------------------------------------

// The subclass ("H01M") and main group ("H01M10") of a hint; empty when the hint
// does not read as IPC.
std::pair<std::string, std::string> IpcHint(std::string_view hint) {
  std::string code;
  for (char c : hint) {
    if (c != ' ') code.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  if (code.size() < 4 || code[0] < 'A' || code[0] > 'H' || !std::isdigit(code[1]) ||
      !std::isdigit(code[2]) || !std::isupper(code[3])) {
    return {};
  }
  std::string group = code.substr(0, code.find('/'));
  if (group.size() <= 4 ||
      !std::all_of(group.begin() + 4, group.end(), [](char c) { return std::isdigit(c) != 0; })) {
    group.clear();
  }
  return {code.substr(0, 4), group};
}

std::string WithoutSpaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != ' ') out.push_back(c);
  }
  return out;
}

std::string CityOf(std::string_view region) {
  if (region.size() != 6 || region.ends_with("0000")) return "";
  return base::StrCat(region.substr(0, 4), "00");
}

std::string ProvinceOf(std::string_view region) {
  if (region.size() != 6) return "";
  return base::StrCat(region.substr(0, 2), "0000");
}

std::string HolderTypeOfParty(patents::PartyType type) {
  switch (type) {
    case patents::PartyType::kUniversity:
      return "university";
    case patents::PartyType::kResearchInstitute:
      return "research_institute";
    case patents::PartyType::kEnterprise:
      return "enterprise";
    default:
      return "";
  }
}

// The holder type of a listing's holder organisation ("" for other kinds of organisation).
std::string HolderTypeOfOrg(auth::OrgType type) {
  switch (type) {
    case auth::OrgType::kUniversity:
      return "university";
    case auth::OrgType::kResearchInstitute:
      return "research_institute";
    case auth::OrgType::kEnterprise:
      return "enterprise";
    default:
      return "";
  }
}

std::string HolderTypeOfNames(const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    std::string type = HolderTypeOfParty(patents::GuessPartyType(name));
    if (!type.empty()) return type;
  }
  return "";
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) base::StrAppend(&out, out.empty() ? "" : ", ", part);
  return out;
}

std::string Yuan(int64_t fen) { return base::FormatMoney(base::Money::FromFen(fen)); }

MatchListing ListingOf(const Listing& listing) {
  return MatchListing{.id = listing.id,
                      .kind = std::string(ListingKindName(listing.kind)),
                      .price_fen = listing.price_fen,
                      .trl = listing.trl,
                      .region_code = listing.region_code,
                      .holder_org_id = listing.holder_org_id,
                      .holder_org_name = listing.holder_org_name};
}

bool WithinBudget(const Listing& listing, const Demand& demand) {
  return listing.price_fen.has_value() && demand.budget_fen.has_value() &&
         *listing.price_fen <= *demand.budget_fen;
}

// Of a patent's published listings, the one to show for a demand: within the
// budget if one is, else the cheapest priced one, else the first.
const Listing* BestListing(const std::vector<const Listing*>& listings, const Demand& demand) {
  const Listing* best = nullptr;
  for (const Listing* listing : listings) {
    if (best == nullptr) {
      best = listing;
      continue;
    }
    const bool within = WithinBudget(*listing, demand);
    const bool best_within = WithinBudget(*best, demand);
    if (within != best_within) {
      if (within) best = listing;
      continue;
    }
    if (listing->price_fen.has_value() &&
        (!best->price_fen.has_value() || *listing->price_fen < *best->price_fen)) {
      best = listing;
    }
  }
  return best;
}

// What is known of one patent for one demand.
struct Evidence {
  double relevance = 0;   // 0..1: the text points' share (FusedRelevance)
  int word_rank = 0;      // 1-based rank among the words' candidates; 0: not among them
  double word_score = 0;  // its BM25 score over the best one's, 0..1
  int model_rank = 0;     // 1-based rank among the model's neighbours; 0: not among them
  double similarity = 0;  // model score, or word share when `by_words`
  bool by_words = false;
  std::vector<std::string> shared_terms{};
  int class_level = 0;  // 2 main group, 1 subclass
  std::string class_symbol{};
  int region_level = 0;  // 2 city, 1 province
  std::string region_code{};
  const Listing* listing = nullptr;
  std::string holder_type{};
};

// The text's relevance, 0..1, from the two lists of candidates: the words'
// (BM25, as a share of the best hit's score) and the model's (its score, full at
// kFullModelSimilarity), weighed kWordWeight : 1 − kWordWeight. A patent both
// find outranks one only either finds.
double FusedRelevance(const Evidence& evidence) {
  const double words = evidence.word_rank > 0 ? evidence.word_score : 0.0;
  const double model =
      evidence.model_rank > 0
          ? std::min(1.0, std::max(0.0, evidence.similarity) / kFullModelSimilarity)
          : 0.0;
  return kWordWeight * words + (1.0 - kWordWeight) * model;
}

int TextPoints(const Evidence& evidence) {
  return static_cast<int>(
      std::lround(kTextPoints * std::min(1.0, std::max(0.0, evidence.relevance))));
}

MatchReason Reason(std::string code, json params, std::string text) {
  return MatchReason{.code = std::move(code), .params = std::move(params), .text = std::move(text)};
}

// The score and the reasons; nullopt when there is no evidence of topic.
std::optional<int> Score(const Evidence& evidence, const Demand& demand,
                         std::vector<MatchReason>& reasons) {
  const int text_points = TextPoints(evidence);
  if (text_points < kMinTextPoints && evidence.class_level == 0) return std::nullopt;
  int score = text_points;
  if (!evidence.shared_terms.empty()) {
    reasons.push_back(
        Reason("shared_terms", {{"terms", evidence.shared_terms}},
               base::StrCat("Shares the words of the demand: ", Join(evidence.shared_terms))));
  }
  if (text_points > 0 && evidence.similarity > 0) {
    const int percent =
        static_cast<int>(std::lround(100 * std::min(1.0, std::max(0.0, evidence.similarity))));
    reasons.push_back(Reason(
        "similar_text", {{"similarity", percent}},
        evidence.by_words
            ? base::StrCat("Its title, abstract and claims hold ", percent,
                           "% of the demand's informative words")
            : base::StrCat("Its text is ", percent, "% similar to the demand's (topic model)")));
  }
  if (evidence.class_level > 0) {
    score += evidence.class_level == 2 ? kGroupPoints : kSubclassPoints;
    reasons.push_back(Reason("shared_class", {{"ipc", evidence.class_symbol}, {"hint", demand.ipc}},
                             base::StrCat("Classified in ", evidence.class_symbol,
                                          ", in the class the demand names (", demand.ipc, ")")));
  }
  if (evidence.region_level > 0) {
    score += evidence.region_level == 2 ? kCityPoints : kProvincePoints;
    const char* level = evidence.region_level == 2 ? "city" : "province";
    reasons.push_back(Reason(
        "same_region", {{"region_code", evidence.region_code}, {"level", level}},
        base::StrCat("The holder is in the demand's ", level, " (", evidence.region_code, ")")));
  }
  if (evidence.listing != nullptr) {
    const Listing& listing = *evidence.listing;
    score += kListedPoints;
    if (listing.trl >= 7) score += kMaturePoints;
    const std::string kind(ListingKindName(listing.kind));
    reasons.push_back(Reason(
        "listed",
        {{"kind", kind}, {"price_fen", http::JsonOrNull(listing.price_fen)}, {"trl", listing.trl}},
        base::StrCat("Offered on the market now (", kind, ", ",
                     listing.price_fen.has_value() ? base::StrCat(Yuan(*listing.price_fen), " yuan")
                                                   : std::string("price negotiable"),
                     ", technology readiness level ", listing.trl, ")")));
    if (WithinBudget(listing, demand)) {
      score += kBudgetPoints;
      reasons.push_back(Reason(
          "within_budget", {{"price_fen", *listing.price_fen}, {"budget_fen", *demand.budget_fen}},
          base::StrCat("The price, ", Yuan(*listing.price_fen), " yuan, is within the budget of ",
                       Yuan(*demand.budget_fen), " yuan")));
    }
  }
  if (!evidence.holder_type.empty()) {
    if (evidence.holder_type != "enterprise") score += kSupplierPoints;
    std::string words = evidence.holder_type == "research_institute" ? "a research institute"
                        : evidence.holder_type == "university"       ? "a university"
                                                                     : "an enterprise";
    reasons.push_back(
        Reason("holder_type", {{"type", evidence.holder_type}}, base::StrCat("Held by ", words)));
  }
  return std::min(100, score);
}

std::string DemandText(const Demand& demand) {
  return base::StrCat(demand.title, "\n", demand.problem, "\n", demand.industry);
}

std::string PatentText(const patents::Patent& patent) {
  std::string text = base::StrCat(patent.title, "\n", patent.abstract);
  for (const patents::Claim& claim : patent.claims) base::StrAppend(&text, "\n", claim.text);
  return text;
}

std::vector<std::string> ApplicantNames(const patents::Patent& patent) {
  std::vector<std::string> out;
  for (const patents::Party& party : patent.applicants) out.push_back(party.name);
  return out;
}

// The region level an applicant of `patent` shares with `region` (2 city, 1 province).
std::pair<int, std::string> SharedRegion(const std::vector<std::string>& regions,
                                         std::string_view demand_region) {
  const std::string city = CityOf(demand_region);
  const std::string province = ProvinceOf(demand_region);
  std::pair<int, std::string> best{0, ""};
  for (const std::string& region : regions) {
    if (!city.empty() && CityOf(region) == city) return {2, city};
    if (!province.empty() && ProvinceOf(region) == province) best = {1, province};
  }
  return best;
}

// The class level of `ipc` (symbols of a patent) in the demand's hint.
std::pair<int, std::string> SharedClass(const std::vector<patents::Classification>& ipc,
                                        const std::pair<std::string, std::string>& hint) {
  std::pair<int, std::string> best{0, ""};
  if (hint.first.empty()) return best;
  for (const patents::Classification& symbol : ipc) {
    const std::string plain = WithoutSpaces(symbol.symbol);
    if (!hint.second.empty() && plain.substr(0, plain.find('/')) == hint.second) {
      return {2, symbol.symbol};
    }
    if (plain.starts_with(hint.first) && best.first == 0) best = {1, symbol.symbol};
  }
  return best;
}

struct Candidate {
  std::string number{};
  std::string title{};
  std::vector<std::string> applicants{};
  std::string ipc_main{};
  std::string legal_status{};
  Evidence evidence{};
  std::vector<const Listing*> listings{};
};

// --- SQL of matches and notices ------------------------------------------------

constexpr std::string_view kNoticeSelect =
    "SELECT n.id, n.org_id, n.kind, n.match_id, m.demand_id, d.title, m.publication_number, "
    "m.patent_title, m.listing_id, m.score, n.created_at, n.read_at FROM market_notices n "
    "JOIN market_matches m ON m.id = n.match_id JOIN market_demands d ON d.id = m.demand_id";

MarketNotice NoticeOfRow(const db::Row& row) {
  return MarketNotice{.id = row.Int(0),
                      .org_id = row.Int(1),
                      .kind = row.Text(2),
                      .match_id = row.Int(3),
                      .demand_id = row.Int(4),
                      .demand_title = row.Text(5),
                      .publication_number = row.Text(6),
                      .patent_title = row.Text(7),
                      .listing_id = row.OptInt(8),
                      .score = static_cast<int>(row.Int(9)),
                      .created_at = row.Int(10),
                      .read_at = row.OptInt(11)};
}

}  // namespace

std::string NoticeText(const MarketNotice& notice) {
  if (notice.kind == "patent_match") {
    return base::StrCat("Your listed patent ", notice.publication_number, " matches the demand \"",
                        notice.demand_title, "\" (score ", notice.score, ")");
  }
  return base::StrCat("New match for your demand \"", notice.demand_title,
                      "\": ", notice.publication_number, " ", notice.patent_title, " (score ",
                      notice.score, ")");
}

MatchService::MatchService(db::Database& database, patents::PatentIndex& index, base::Clock& clock)
    : database_(database), index_(index), clock_(clock), demands_(database, clock) {}

void MatchService::RefreshWordWeights() {
  absl::StatusOr<patents::IndexInfo> info = index_.Info();
  const uint64_t documents = info.ok() ? std::max<uint64_t>(1, info->documents) : 1;
  std::lock_guard lock(idf_mutex_);
  // Weights from another corpus (an import since) are dropped, as is a cache grown too big.
  if (documents != idf_documents_ || idf_.size() > 200000) {
    idf_documents_ = documents;
    idf_.clear();
  }
}

double MatchService::Idf(const std::string& term) {
  {
    std::lock_guard lock(idf_mutex_);
    if (idf_documents_ == 0) idf_documents_ = 1;
    if (auto found = idf_.find(term); found != idf_.end()) return found->second;
  }
  absl::StatusOr<uint64_t> count = index_.Count(base::StrCat("TAC=\"", term, "\""));
  const double documents = static_cast<double>(idf_documents_);
  const double df = count.ok() ? static_cast<double>(*count) : 0.0;
  const double idf = std::max(0.0, std::log((documents + 1.0) / (df + 0.5)));
  std::lock_guard lock(idf_mutex_);
  idf_[term] = idf;
  return idf;
}

std::string MatchService::WordQuery(std::string_view text) {
  std::vector<std::pair<double, std::string>> weighed;
  for (const std::string& term : TermsOf(text)) {
    if (!IsDemandPhrasing(term)) weighed.emplace_back(Idf(term), term);
  }
  uint64_t documents = 0;
  {
    std::lock_guard lock(idf_mutex_);
    documents = idf_documents_;
  }
  std::sort(weighed.begin(), weighed.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  // A word no patent holds finds nothing (Idf of a count of 0).
  const double absent = std::log((static_cast<double>(documents) + 1.0) / 0.5) - 1e-9;
  std::string query;
  size_t terms = 0;
  for (const auto& [idf, term] : weighed) {
    if (terms >= kMaxWordTerms) break;
    if (idf >= absent) continue;
    if (documents >= kCommonWordsFrom && idf < kMinWordIdf) break;
    base::StrAppend(&query, query.empty() ? "" : " OR ", "TAC=\"", term, "\"");
    ++terms;
  }
  return query;
}

namespace {

// The share of the demand's words (by weight) that `patent_terms` holds, with
// the shared ones joined back into the demand's own phrases.
template <typename IdfFn>
WordShare ShareOfWords(std::string_view demand_text, const std::set<std::string>& patent_terms,
                       IdfFn&& idf) {
  WordShare out;
  double total = 0;
  double shared = 0;
  std::set<std::string> counted;
  std::vector<std::pair<double, std::string>> phrases;
  std::set<std::string> phrase_seen;
  for (const Piece& piece : PiecesOf(demand_text)) {
    if (!piece.word.empty()) {
      if (IsDemandPhrasing(piece.word) || !counted.insert(piece.word).second) continue;
      const double weight = idf(piece.word);
      total += weight;
      if (patent_terms.count(piece.word)) {
        shared += weight;
        if (phrase_seen.insert(piece.word).second) phrases.emplace_back(weight, piece.word);
      }
      continue;
    }
    // Runs of consecutive shared bigrams make one phrase.
    std::string phrase;
    double phrase_weight = 0;
    auto close = [&] {
      if (!phrase.empty() && phrase_seen.insert(phrase).second) {
        phrases.emplace_back(phrase_weight, phrase);
      }
      phrase.clear();
      phrase_weight = 0;
    };
    for (size_t at = 0; at + 1 < piece.chars.size(); ++at) {
      const std::string bigram = piece.chars[at] + piece.chars[at + 1];
      if (IsDemandPhrasing(bigram)) {
        close();
        continue;
      }
      const double weight = idf(bigram);
      const bool first_time = counted.insert(bigram).second;
      if (first_time) total += weight;
      if (patent_terms.count(bigram)) {
        if (first_time) shared += weight;
        phrase += phrase.empty() ? bigram : piece.chars[at + 1];
        phrase_weight += weight;
      } else {
        close();
      }
    }
    close();
  }
  out.share = total > 0 ? shared / total : 0;
  std::sort(phrases.begin(), phrases.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (auto& [weight, phrase] : phrases) {
    if (out.shared_terms.size() >= kMaxSharedTerms) break;
    // A single common bigram ("方法") tells a manager nothing.
    if (weight < 1.0) continue;
    out.shared_terms.push_back(std::move(phrase));
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<PatentMatch>> MatchService::Rank(const Demand& demand, int64_t limit) {
  RefreshWordWeights();
  const std::string text = DemandText(demand);
  const std::pair<std::string, std::string> hint = IpcHint(demand.ipc);
  // By application number: a CN application's A and B publications are one match.
  std::map<std::string, Candidate> candidates;
  std::map<std::string, std::string> application_of;  // publication → application

  // The words: BM25 over the demand's informative terms, in force only.
  if (const std::string query = WordQuery(text); !query.empty()) {
    IPHUB_ASSIGN_OR_RETURN(patents::PatentSearchResult found,
                           index_.Search({.query = base::StrCat("(", query, ") AND LS=valid"),
                                          .limit = kWordCandidates * 2,
                                          .snippets = false}));
    int rank = 0;
    const double top = found.hits.empty() ? 0.0 : found.hits.front().score;
    for (patents::PatentHit& hit : found.hits) {
      const std::string application =
          hit.application_number.empty() ? hit.publication_number : hit.application_number;
      if (candidates.count(application)) continue;  // another publication of it, ranked higher
      if (++rank > static_cast<int>(kWordCandidates)) break;
      Candidate& candidate = candidates[application];
      application_of[hit.publication_number] = application;
      candidate.number = std::move(hit.publication_number);
      candidate.title = std::move(hit.title);
      candidate.applicants = std::move(hit.applicants);
      candidate.ipc_main = std::move(hit.ipc_main);
      candidate.legal_status = "valid";
      candidate.evidence.word_rank = rank;
      candidate.evidence.word_score = top > 0 ? hit.score / top : 0.0;
      candidate.evidence.holder_type = HolderTypeOfNames(candidate.applicants);
    }
  }

  // The topic model's neighbours of the text.
  IPHUB_ASSIGN_OR_RETURN(patents::SimilarPatents similar,
                         index_.SimilarToText(text, kTextCandidates));
  std::vector<std::string> keys;
  for (patents::SimilarPatent& hit : similar.hits) keys.push_back(hit.publication_number);
  IPHUB_ASSIGN_OR_RETURN(std::vector<std::string> in_force, index_.MatchKeys("LS=valid", keys));
  const std::set<std::string> valid(in_force.begin(), in_force.end());
  int model_rank = 0;
  for (patents::SimilarPatent& hit : similar.hits) {
    if (!valid.count(hit.publication_number)) continue;
    ++model_rank;
    const std::string application =
        hit.application_number.empty() ? hit.publication_number : hit.application_number;
    auto [entry, added] = candidates.try_emplace(application);
    Candidate& candidate = entry->second;
    if (added) {
      application_of[hit.publication_number] = application;
      candidate.number = hit.publication_number;
      candidate.title = std::move(hit.title);
      candidate.applicants = std::move(hit.applicants);
      candidate.ipc_main = std::move(hit.ipc_main);
      candidate.legal_status = "valid";
      candidate.evidence.holder_type = HolderTypeOfNames(candidate.applicants);
    }
    candidate.evidence.model_rank = model_rank;
    candidate.evidence.similarity = hit.score;
    candidate.evidence.shared_terms = std::move(hit.shared_terms);
    if (candidate.evidence.shared_terms.size() > kMaxSharedTerms) {
      candidate.evidence.shared_terms.resize(kMaxSharedTerms);
    }
  }
  for (auto& [application, candidate] : candidates) {
    candidate.evidence.relevance = FusedRelevance(candidate.evidence);
  }
  std::vector<std::string> text_keys;
  for (const auto& [application, candidate] : candidates) text_keys.push_back(candidate.number);
  // Classes and regions of the text's candidates, from the index.
  auto mark = [&](const std::string& query, auto&& apply) -> absl::Status {
    if (text_keys.empty()) return absl::OkStatus();
    IPHUB_ASSIGN_OR_RETURN(std::vector<std::string> matched, index_.MatchKeys(query, text_keys));
    for (const std::string& key : matched) apply(candidates[application_of[key]]);
    return absl::OkStatus();
  };
  if (!hint.first.empty()) {
    IPHUB_RETURN_IF_ERROR(mark(base::StrCat("IPC=", hint.first), [&](Candidate& candidate) {
      candidate.evidence.class_level = 1;
      candidate.evidence.class_symbol =
          candidate.ipc_main.starts_with(hint.first) ? candidate.ipc_main : hint.first;
    }));
    if (!hint.second.empty()) {
      IPHUB_RETURN_IF_ERROR(mark(base::StrCat("IPC=", hint.second), [&](Candidate& candidate) {
        candidate.evidence.class_level = 2;
        candidate.evidence.class_symbol = WithoutSpaces(candidate.ipc_main).starts_with(hint.second)
                                              ? candidate.ipc_main
                                              : hint.second;
      }));
    }
  }
  if (const std::string province = ProvinceOf(demand.region_code); !province.empty()) {
    IPHUB_RETURN_IF_ERROR(mark(base::StrCat("RG=", province), [&](Candidate& candidate) {
      candidate.evidence.region_level = 1;
      candidate.evidence.region_code = province;
    }));
    if (const std::string city = CityOf(demand.region_code); !city.empty()) {
      IPHUB_RETURN_IF_ERROR(mark(base::StrCat("RG=", city), [&](Candidate& candidate) {
        candidate.evidence.region_level = 2;
        candidate.evidence.region_code = city;
      }));
    }
  }

  // Every published listing's patent.
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(auto published,
                         store::ListListings(*conn, {.states = {"published"},
                                                     .public_states = {"published"},
                                                     .limit = kMaxListingsConsidered}));
  std::vector<Listing>& listings = published.first;
  std::map<std::string, std::vector<const Listing*>> listings_of;
  for (const Listing& listing : listings) {
    listings_of[listing.publication_number].push_back(&listing);
  }
  const std::string today = base::ShanghaiDate(clock_.NowMillis());
  auto idf = [this](const std::string& term) { return Idf(term); };
  for (auto& [number, offers] : listings_of) {
    auto existing = candidates.end();
    if (auto known = application_of.find(number); known != application_of.end()) {
      existing = candidates.find(known->second);
    }
    if (existing == candidates.end()) {
      // Not found by the words or the model under this number: judged on its stored record.
      absl::StatusOr<patents::Patent> patent = patents::store::GetPatent(*conn, number);
      if (absl::IsNotFound(patent.status())) continue;
      IPHUB_RETURN_IF_ERROR(patent.status());
      const patents::LegalStatus status = patents::DeriveLegalStatus(*patent, today).status;
      if (status != patents::LegalStatus::kValid) continue;
      const std::string application =
          patent->application_number.empty() ? number : patent->application_number;
      existing = candidates.find(application);
      if (existing == candidates.end()) {
        Candidate candidate;
        candidate.applicants = ApplicantNames(*patent);
        candidate.ipc_main = patent->ipc_main;
        candidate.legal_status = std::string(patents::LegalStatusName(status));
        WordShare share = ShareOfWords(text, TermsOf(PatentText(*patent)), idf);
        candidate.evidence.by_words = true;
        candidate.evidence.similarity = share.share;
        candidate.evidence.relevance = kWordWeight * std::min(1.0, share.share / kFullWordShare);
        candidate.evidence.shared_terms = std::move(share.shared_terms);
        std::tie(candidate.evidence.class_level, candidate.evidence.class_symbol) =
            SharedClass(patent->ipc, hint);
        std::vector<std::string> regions;
        for (const patents::Party& party : patent->applicants) regions.push_back(party.region_code);
        std::tie(candidate.evidence.region_level, candidate.evidence.region_code) =
            SharedRegion(regions, demand.region_code);
        existing = candidates.emplace(application, std::move(candidate)).first;
      }
      // The listing names this publication: the match shows it.
      existing->second.number = number;
      existing->second.title = patent->title;
    }
    Candidate& candidate = existing->second;
    candidate.listings = offers;
    const Listing* best = BestListing(offers, demand);
    candidate.evidence.listing = best;
    // The listing's region and holder say more than the applicants'.
    auto [level, code] = SharedRegion({best->region_code}, demand.region_code);
    if (level > candidate.evidence.region_level) {
      candidate.evidence.region_level = level;
      candidate.evidence.region_code = code;
    }
    absl::StatusOr<auth::Organization> holder =
        auth::store::GetOrganization(*conn, best->holder_org_id);
    if (holder.ok()) {
      if (std::string type = HolderTypeOfOrg(holder->type); !type.empty()) {
        candidate.evidence.holder_type = std::move(type);
      }
    }
  }

  struct Ranked {
    PatentMatch match;
    Candidate* candidate = nullptr;
  };
  std::vector<Ranked> ranked;
  for (auto& [application, candidate] : candidates) {
    Ranked entry{.candidate = &candidate};
    std::optional<int> score = Score(candidate.evidence, demand, entry.match.reasons);
    if (!score.has_value() || entry.match.reasons.empty()) continue;
    entry.match.score = *score;
    ranked.push_back(std::move(entry));
  }
  // Ties: the more relevant text first.
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.match.score != b.match.score) return a.match.score > b.match.score;
    if (a.candidate->evidence.relevance != b.candidate->evidence.relevance) {
      return a.candidate->evidence.relevance > b.candidate->evidence.relevance;
    }
    return a.candidate->number < b.candidate->number;
  });
  if (static_cast<int64_t>(ranked.size()) > limit) ranked.resize(static_cast<size_t>(limit));
  std::vector<PatentMatch> out;
  for (Ranked& entry : ranked) {
    Candidate& candidate = *entry.candidate;
    PatentMatch& match = entry.match;
    if (candidate.evidence.model_rank == 0 && !candidate.evidence.by_words) {
      // Found by the words alone: which of them, from its stored text.
      absl::StatusOr<patents::Patent> patent = patents::store::GetPatent(*conn, candidate.number);
      if (patent.ok()) {
        WordShare share = ShareOfWords(text, TermsOf(PatentText(*patent)), idf);
        candidate.evidence.by_words = true;
        candidate.evidence.similarity = share.share;
        candidate.evidence.shared_terms = std::move(share.shared_terms);
        match.reasons.clear();
        Score(candidate.evidence, demand, match.reasons);
      }
    }
    match.publication_number = candidate.number;
    match.title = std::move(candidate.title);
    match.applicants = std::move(candidate.applicants);
    match.ipc_main = std::move(candidate.ipc_main);
    match.legal_status = std::move(candidate.legal_status);
    if (candidate.evidence.listing != nullptr) {
      match.listing = ListingOf(*candidate.evidence.listing);
    }
    match.is_new = false;
    out.push_back(std::move(match));
  }
  return out;
}

absl::StatusOr<int64_t> MatchService::Record(db::Connection& conn, const Demand& demand,
                                             std::vector<PatentMatch>& items) {
  const int64_t now = clock_.NowMillis();
  int64_t created = 0;
  db::Transaction tx(conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  size_t recorded = 0;
  for (PatentMatch& match : items) {
    if (match.score < kRecordScore || recorded >= kMaxRecorded) break;
    ++recorded;
    std::optional<int64_t> listing_id;
    if (match.listing.has_value()) listing_id = match.listing->id;
    IPHUB_ASSIGN_OR_RETURN(
        db::Result inserted,
        conn.Query(
            "INSERT INTO market_matches (demand_id, publication_number, patent_title, "
            "listing_id, score, first_seen, last_seen) VALUES ($1, $2, $3, $4, $5, $6, $7) "
            "ON CONFLICT (demand_id, publication_number) DO NOTHING RETURNING id",
            {demand.id, match.publication_number, match.title, listing_id, match.score, now, now}));
    int64_t match_id = 0;
    if (!inserted.rows.empty()) {
      match_id = inserted.rows[0].Int(0);
      match.is_new = true;
      ++created;
    } else {
      IPHUB_RETURN_IF_ERROR(
          conn.Exec("UPDATE market_matches SET score = $1, listing_id = $2, last_seen = $3 "
                    "WHERE demand_id = $4 AND publication_number = $5",
                    {match.score, listing_id, now, demand.id, match.publication_number}));
      IPHUB_ASSIGN_OR_RETURN(db::Result found,
                             conn.Query("SELECT id FROM market_matches WHERE demand_id = $1 AND "
                                        "publication_number = $2",
                                        {demand.id, match.publication_number}));
      match_id = found.rows.at(0).Int(0);
    }
    // Once per organisation and match: a listing published after the match was
    // first seen still tells its holder.
    const std::string_view insert_notice =
        "INSERT INTO market_notices (org_id, kind, match_id, created_at) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (org_id, match_id) DO NOTHING";
    IPHUB_RETURN_IF_ERROR(conn.Exec(insert_notice, {demand.org_id, "demand_match", match_id, now}));
    // New to the poster until its notice is read (the match may have been stored when the
    // demand was published, before anyone looked).
    IPHUB_ASSIGN_OR_RETURN(db::Result unread,
                           conn.Query("SELECT 1 FROM market_notices WHERE org_id = $1 AND "
                                      "match_id = $2 AND read_at IS NULL",
                                      {demand.org_id, match_id}));
    match.is_new = !unread.rows.empty();
    if (match.listing.has_value() && match.listing->holder_org_id != demand.org_id) {
      IPHUB_RETURN_IF_ERROR(
          conn.Exec(insert_notice, {match.listing->holder_org_id, "patent_match", match_id, now}));
    }
  }
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return created;
}

absl::StatusOr<DemandMatches> MatchService::Match(const auth::Principal* principal,
                                                  const Demand& demand, int64_t limit,
                                                  bool record) {
  const auto started = std::chrono::steady_clock::now();
  DemandMatches out;
  out.demand_id = demand.id;
  IPHUB_ASSIGN_OR_RETURN(
      out.items, Rank(demand, std::max<int64_t>(limit, static_cast<int64_t>(kMaxRecorded))));
  if (record) {
    IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
    IPHUB_ASSIGN_OR_RETURN(out.new_matches, Record(*conn, demand, out.items));
    out.recorded = true;
  }
  (void)principal;
  if (static_cast<int64_t>(out.items.size()) > limit) out.items.resize(static_cast<size_t>(limit));
  out.took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return out;
}

absl::StatusOr<DemandMatches> MatchService::ForDemand(const auth::Principal* principal,
                                                      int64_t demand_id, int64_t limit) {
  if (principal == nullptr) return absl::UnauthenticatedError("log in first");
  if (limit < 1 || limit > kMaxMatches) {
    return base::InvalidField("limit", base::StrCat("must be 1 to ", kMaxMatches));
  }
  IPHUB_ASSIGN_OR_RETURN(DemandView view, demands_.Get(principal, demand_id));
  const bool poster = principal->organization_id == view.demand.org_id;
  return Match(principal, view.demand, limit, poster && view.demand.state == "open");
}

absl::StatusOr<DemandMatches> MatchService::Refresh(const auth::Principal* principal,
                                                    int64_t demand_id, int64_t limit) {
  if (principal == nullptr) return absl::UnauthenticatedError("log in first");
  if (limit < 1 || limit > kMaxMatches) {
    return base::InvalidField("limit", base::StrCat("must be 1 to ", kMaxMatches));
  }
  IPHUB_ASSIGN_OR_RETURN(DemandView view, demands_.Get(principal, demand_id));
  const Demand& demand = view.demand;
  if (principal->organization_id != demand.org_id && !IsReviewer(principal, demand.region_code)) {
    return absl::PermissionDeniedError(
        "only the posting organisation or a reviewer of the region refreshes matches");
  }
  if (demand.state != "open") {
    return absl::FailedPreconditionError(base::StrCat("demand ", demand_id, " is \"", demand.state,
                                                      "\": only open demands are matched"));
  }
  return Match(principal, demand, limit, true);
}

absl::StatusOr<PatentDemandMatches> MatchService::ForPatent(const auth::Principal* principal,
                                                            std::string_view number,
                                                            int64_t limit) {
  const auto started = std::chrono::steady_clock::now();
  if (principal == nullptr) return absl::UnauthenticatedError("log in first");
  if (limit < 1 || limit > kMaxMatches) {
    return base::InvalidField("limit", base::StrCat("must be 1 to ", kMaxMatches));
  }
  const std::string written(base::StripWhitespace(number));
  if (written.empty()) return base::InvalidField("number", "a publication number is required");
  RefreshWordWeights();
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  absl::StatusOr<patents::Patent> patent = patents::store::GetPatentWrittenAnyWay(*conn, written);
  IPHUB_RETURN_IF_ERROR(patent.status());
  const std::string today = base::ShanghaiDate(clock_.NowMillis());
  const patents::LegalStatus status = patents::DeriveLegalStatus(*patent, today).status;
  if (status != patents::LegalStatus::kValid) {
    return absl::FailedPreconditionError(base::StrCat("patent ", patent->publication_number, " is ",
                                                      patents::LegalStatusName(status),
                                                      ": only patents in force are matched"));
  }
  PatentDemandMatches out;
  out.publication_number = patent->publication_number;
  out.title = patent->title;
  IPHUB_ASSIGN_OR_RETURN(auto open, store::ListDemands(*conn, {.states = {"open"},
                                                               .public_states = {"open"},
                                                               .limit = kMaxOpenDemands}));
  IPHUB_ASSIGN_OR_RETURN(auto ranked, ScoreDemands(*conn, *patent, open.first));
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    if (a.second.score != b.second.score) return a.second.score > b.second.score;
    if (a.first != b.first) return a.first > b.first;
    return a.second.demand_id > b.second.demand_id;
  });
  for (auto& [similarity, match] : ranked) {
    if (static_cast<int64_t>(out.items.size()) >= limit) break;
    out.items.push_back(std::move(match));
  }
  out.took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return out;
}

absl::StatusOr<std::vector<std::pair<double, DemandMatch>>> MatchService::ScoreDemands(
    db::Connection& conn, const patents::Patent& patent, const std::vector<Demand>& open) {
  IPHUB_ASSIGN_OR_RETURN(
      std::vector<Listing> listings,
      store::ListingsOfPatent(conn, patent.publication_number, 0, {"published"}));
  std::vector<const Listing*> offers;
  for (const Listing& listing : listings) offers.push_back(&listing);
  std::string holder_type = HolderTypeOfNames(ApplicantNames(patent));
  std::vector<std::string> regions;
  for (const patents::Party& party : patent.applicants) regions.push_back(party.region_code);
  if (!offers.empty()) {
    absl::StatusOr<auth::Organization> holder =
        auth::store::GetOrganization(conn, offers.front()->holder_org_id);
    if (holder.ok()) {
      if (std::string type = HolderTypeOfOrg(holder->type); !type.empty()) {
        holder_type = std::move(type);
      }
    }
  }
  const std::set<std::string> patent_terms = TermsOf(PatentText(patent));
  std::vector<std::pair<double, DemandMatch>> ranked;
  for (const Demand& demand : open) {
    Evidence evidence;
    WordShare share = ShareOfWords(DemandText(demand), patent_terms,
                                   [this](const std::string& term) { return Idf(term); });
    evidence.by_words = true;
    evidence.similarity = share.share;
    evidence.relevance = std::min(1.0, share.share / kFullWordShare);
    evidence.shared_terms = std::move(share.shared_terms);
    std::tie(evidence.class_level, evidence.class_symbol) =
        SharedClass(patent.ipc, IpcHint(demand.ipc));
    std::vector<std::string> places = regions;
    if (!offers.empty()) {
      evidence.listing = BestListing(offers, demand);
      places.push_back(evidence.listing->region_code);
    }
    std::tie(evidence.region_level, evidence.region_code) =
        SharedRegion(places, demand.region_code);
    evidence.holder_type = holder_type;
    DemandMatch match{.demand_id = demand.id,
                      .title = demand.title,
                      .industry = demand.industry,
                      .org_id = demand.org_id,
                      .org_name = demand.org_name,
                      .region_code = demand.region_code,
                      .budget_fen = demand.budget_fen,
                      .deadline = demand.deadline};
    std::optional<int> score = Score(evidence, demand, match.reasons);
    if (!score.has_value() || match.reasons.empty()) continue;
    match.score = *score;
    match.publication_number = patent.publication_number;
    match.patent_title = patent.title;
    ranked.emplace_back(evidence.similarity, std::move(match));
  }
  return ranked;
}

absl::StatusOr<HolderDemandMatches> MatchService::ForHolder(const auth::Principal* principal,
                                                            int64_t limit) {
  const auto started = std::chrono::steady_clock::now();
  IPHUB_RETURN_IF_ERROR(RequireOrganisation(principal, "matching demands to its patents"));
  if (limit < 1 || limit > kMaxMatches) {
    return base::InvalidField("limit", base::StrCat("must be 1 to ", kMaxMatches));
  }
  RefreshWordWeights();
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(auth::Organization org,
                         auth::store::GetOrganization(*conn, *principal->organization_id));
  HolderDemandMatches out;
  out.org_id = org.id;
  out.org_name = org.name;

  // Its patents: those it offers, then those it applied for (by the normalised name).
  std::vector<std::string> numbers;
  IPHUB_ASSIGN_OR_RETURN(auto offered, store::ListListings(*conn, {.states = {"published"},
                                                                   .own_org_id = org.id,
                                                                   .only_own = true,
                                                                   .limit = kMaxHolderPatents}));
  for (const Listing& listing : offered.first) {
    if (listing.right_type == RightType::kPatent) numbers.push_back(listing.publication_number);
  }
  IPHUB_ASSIGN_OR_RETURN(std::string canonical, patents::CanonicalApplicantName(*conn, org.name));
  if (!canonical.empty()) {
    IPHUB_ASSIGN_OR_RETURN(
        patents::PatentSearchResult applied,
        index_.Search(
            {.query = base::StrCat(patents::ApplicantNameQuery(canonical), " AND LS=valid"),
             .sort = "-application_date",
             .limit = kMaxHolderPatents,
             .snippets = false}));
    for (const patents::PatentHit& hit : applied.hits) numbers.push_back(hit.publication_number);
  }
  IPHUB_ASSIGN_OR_RETURN(auto open, store::ListDemands(*conn, {.states = {"open"},
                                                               .public_states = {"open"},
                                                               .limit = kMaxOpenDemands}));
  const std::string today = base::ShanghaiDate(clock_.NowMillis());
  std::set<std::string> applications;
  std::map<int64_t, std::pair<double, DemandMatch>> best;  // by demand
  for (const std::string& number : numbers) {
    if (out.patents >= static_cast<int64_t>(kMaxHolderPatents)) break;
    absl::StatusOr<patents::Patent> patent = patents::store::GetPatent(*conn, number);
    if (absl::IsNotFound(patent.status())) continue;
    IPHUB_RETURN_IF_ERROR(patent.status());
    if (patents::DeriveLegalStatus(*patent, today).status != patents::LegalStatus::kValid) continue;
    const std::string application =
        patent->application_number.empty() ? number : patent->application_number;
    if (!applications.insert(application).second) continue;
    ++out.patents;
    IPHUB_ASSIGN_OR_RETURN(auto ranked, ScoreDemands(*conn, *patent, open.first));
    for (auto& entry : ranked) {
      auto [found, added] = best.try_emplace(entry.second.demand_id, entry);
      if (added) continue;
      const auto& [similarity, match] = found->second;
      if (entry.second.score > match.score ||
          (entry.second.score == match.score && entry.first > similarity)) {
        found->second = std::move(entry);
      }
    }
  }
  std::vector<std::pair<double, DemandMatch>> ranked;
  for (auto& [demand_id, entry] : best) ranked.push_back(std::move(entry));
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    if (a.second.score != b.second.score) return a.second.score > b.second.score;
    if (a.first != b.first) return a.first > b.first;
    return a.second.demand_id > b.second.demand_id;
  });
  for (auto& [similarity, match] : ranked) {
    if (static_cast<int64_t>(out.items.size()) >= limit) break;
    out.items.push_back(std::move(match));
  }
  out.took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return out;
}

absl::StatusOr<std::vector<MarketNotice>> MatchService::Notices(const auth::Principal* principal,
                                                                bool unread_only) {
  IPHUB_RETURN_IF_ERROR(RequireOrganisation(principal, "the marketplace inbox"));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(db::Result rows,
                         conn->Query(base::StrCat(kNoticeSelect, " WHERE n.org_id = $1",
                                                  unread_only ? " AND n.read_at IS NULL" : "",
                                                  " ORDER BY n.id DESC LIMIT 200"),
                                     {*principal->organization_id}));
  std::vector<MarketNotice> out;
  for (const db::Row& row : rows.rows) out.push_back(NoticeOfRow(row));
  return out;
}

absl::StatusOr<MarketNotice> MatchService::MarkRead(const auth::Principal* principal,
                                                    int64_t notice_id) {
  IPHUB_RETURN_IF_ERROR(RequireOrganisation(principal, "the marketplace inbox"));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_RETURN_IF_ERROR(
      conn->Exec("UPDATE market_notices SET read_at = $1 WHERE id = $2 AND org_id = $3 AND "
                 "read_at IS NULL",
                 {clock_.NowMillis(), notice_id, *principal->organization_id}));
  IPHUB_ASSIGN_OR_RETURN(
      db::Result rows,
      conn->Query(base::StrCat(kNoticeSelect, " WHERE n.id = $1 AND n.org_id = $2"),
                  {notice_id, *principal->organization_id}));
  if (rows.rows.empty()) return absl::NotFoundError(base::StrCat("no notice ", notice_id));
  return NoticeOfRow(rows.rows[0]);
}

}  // namespace iphub::market
