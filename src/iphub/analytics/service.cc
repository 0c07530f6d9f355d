#include "iphub/analytics/service.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>

#include "iphub/analytics/corpus_facts.h"
#include "iphub/analytics/store.h"
#include "iphub/auth/audit.h"
#include "iphub/auth/permissions.h"
#include "iphub/base/civil_date.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/patents/importers/jsonl.h"
#include "iphub/patents/legal_status.h"
#include "iphub/patents/numbers.h"
#include "iphub/patents/store.h"
#include "spdlog/spdlog.h"

namespace iphub::analytics {
namespace {

constexpr auth::Resource kPatents{.kind = auth::ResourceKind::kPatent};

// Records read per query in the batch: a page of JSON records, not the corpus.
constexpr int64_t kRecordsPerPage = 500;
// The batch reads and values a page's records on this many threads at most, and gives each
// at least kMinPerThread records.
constexpr size_t kBatchThreads = 8;
constexpr size_t kMinPerThread = 32;
// Scores written per InsertScores call.
constexpr size_t kScoresPerWrite = 1000;
constexpr int32_t kNone = internal::CorpusFacts::kNone;

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

absl::StatusOr<std::string> ResolveAsOf(std::string_view as_of, const std::string& today) {
  const std::string_view text = base::StripWhitespace(as_of);
  if (text.empty()) return today;
  if (!base::ParseCivilDate(text)) {
    return base::InvalidField("as_of",
                              base::StrCat("expected a date YYYY-MM-DD, got \"", text, "\""));
  }
  return std::string(text);
}

// What the batch keeps of one patent between its two passes over the corpus.
struct Member : internal::CorpusFacts::Entry {
  bool scored = false;
  double total = 0;
  std::array<double, kDimensionCount> dimensions{};
};

// Runs work(0) … work(n - 1) on up to kBatchThreads threads (this one included), each a
// contiguous share; `work` must be safe to run at once for different indexes. Small n stays
// on this thread.
void ParallelFor(size_t n, const std::function<void(size_t)>& work) {
  const size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, kBatchThreads);
  if (threads == 1 || n < 2 * kMinPerThread) {
    for (size_t at = 0; at < n; ++at) work(at);
    return;
  }
  const size_t share = (n + threads - 1) / threads;
  std::vector<std::thread> others;
  for (size_t begin = share; begin < n; begin += share) {
    const size_t end = std::min(n, begin + share);
    others.emplace_back([&work, begin, end] {
      for (size_t at = begin; at < end; ++at) work(at);
    });
  }
  for (size_t at = 0; at < std::min(n, share); ++at) work(at);
  for (std::thread& thread : others) thread.join();
}

absl::StatusOr<patents::Patent> ReadRecord(const store::PatentRecord& row) {
  absl::StatusOr<patents::Patent> patent = patents::importers::ParseJsonlLine(row.record);
  if (!patent.ok()) {
    spdlog::warn("valuation: patent {} skipped, its record is unreadable: {}", row.id,
                 std::string(patent.status().message()));
  }
  return patent;
}

// --- weight sets ---

constexpr std::string_view kWeightSetEntity = "valuation_weight_set";

absl::Status LogInFirst() { return absl::UnauthenticatedError("log in first"); }

// The same answer whether the set does not exist or is someone else's.
absl::Status NoSuchWeightSet(int64_t id) {
  return absl::NotFoundError(base::StrCat("you have no weight set ", id));
}

absl::StatusOr<std::string> NormalizeWeightSetName(std::string_view name) {
  const std::string_view trimmed = base::StripWhitespace(name);
  if (trimmed.empty()) return base::InvalidField("name", "must not be empty");
  if (base::CodePointCount(trimmed) > kMaxWeightSetNameChars) {
    return base::InvalidField("name",
                              base::StrCat("longer than ", kMaxWeightSetNameChars, " characters"));
  }
  for (char c : trimmed) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      return base::InvalidField("name", "must be one line without control characters");
    }
  }
  return std::string(trimmed);
}

nlohmann::json WeightsJson(const Weights& weights) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [id, weight_bp] : WeightIds(weights)) out[id] = weight_bp;
  return out;
}

bool SameWeights(const Weights& left, const Weights& right) {
  return left.dimension == right.dimension && left.indicator == right.indicator;
}

// `start` with the weights of `changes` replacing theirs; InvalidArgument naming the weight
// for an id given twice or unknown, or for a result that fails ValidateWeights.
absl::StatusOr<Weights> ChangeWeights(const Weights& start,
                                      std::span<const std::pair<std::string, int64_t>> changes) {
  std::vector<std::pair<std::string, int64_t>> entries = WeightIds(start);
  std::vector<std::string_view> seen;
  for (const auto& change : changes) {
    // Named, not a structured binding: clang before 16 cannot capture those in a lambda.
    const std::string& id = change.first;
    const int64_t weight_bp = change.second;
    if (std::find(seen.begin(), seen.end(), id) != seen.end()) {
      return base::InvalidField(base::StrCat("weights.", id), "given more than once");
    }
    seen.push_back(id);
    auto entry = std::find_if(entries.begin(), entries.end(),
                              [&id](const auto& known) { return known.first == id; });
    if (entry == entries.end()) {
      entries.emplace_back(id, weight_bp);  // WeightsFromIds names the unknown id
    } else {
      entry->second = weight_bp;
    }
  }
  return WeightsFromIds(entries);
}

// A stored row as the service hands it out; DataLoss when the row is not what the service
// stored (it checks every set before storing it).
absl::StatusOr<WeightSet> WeightSetOf(const store::StoredWeightSet& row) {
  WeightSet out{.id = row.id,
                .owner_id = row.owner_id,
                .name = row.name,
                .created_at = row.created_at,
                .updated_at = row.updated_at};
  const std::optional<Scenario> scenario = ScenarioFromId(row.base_scenario);
  const nlohmann::json weights = nlohmann::json::parse(row.weights, nullptr, false);
  if (!scenario || !weights.is_object()) {
    return absl::DataLossError(base::StrCat("weight set ", row.id, " is unreadable"));
  }
  out.base_scenario = *scenario;
  std::vector<std::pair<std::string, int64_t>> entries;
  for (const auto& [id, weight_bp] : weights.items()) {
    if (!weight_bp.is_number_integer()) {
      return absl::DataLossError(base::StrCat("weight set ", row.id, " is unreadable"));
    }
    entries.emplace_back(id, weight_bp.get<int64_t>());
  }
  absl::StatusOr<Weights> parsed = WeightsFromIds(entries);
  if (!parsed.ok()) {
    return absl::DataLossError(
        base::StrCat("weight set ", row.id, " is unreadable: ", parsed.status().message()));
  }
  out.weights = *parsed;
  return out;
}

store::StoredWeightSet RowOf(const WeightSet& set) {
  return {.id = set.id,
          .owner_id = set.owner_id,
          .name = set.name,
          .base_scenario = std::string(ScenarioId(set.base_scenario)),
          .weights = WeightsJson(set.weights).dump()};
}

// The caller's set `id`; NotFound when there is none or it is someone else's.
absl::StatusOr<WeightSet> OwnedWeightSet(db::Connection& conn, const auth::Principal& caller,
                                         int64_t id) {
  absl::StatusOr<store::StoredWeightSet> row = store::GetWeightSet(conn, id);
  if (absl::IsNotFound(row.status())) return NoSuchWeightSet(id);
  if (!row.ok()) return row.status();
  if (row->owner_id != caller.user_id) return NoSuchWeightSet(id);
  return WeightSetOf(*row);
}

absl::Status CheckNameFree(db::Connection& conn, const WeightSet& set) {
  IPHUB_ASSIGN_OR_RETURN(const bool taken,
                         store::WeightSetNameTaken(conn, set.owner_id, set.name, set.id));
  if (taken) {
    return base::WithField(
        absl::AlreadyExistsError(base::StrCat("you have a weight set named \"", set.name, "\"")),
        "name");
  }
  return absl::OkStatus();
}

auth::AuditEvent WeightSetEvent(std::string_view action, int64_t id, const auth::Principal& caller,
                                nlohmann::json detail) {
  return {.action = std::string(action),
          .entity = std::string(kWeightSetEntity),
          .entity_id = std::to_string(id),
          .region_code = caller.region_code,
          .detail = std::move(detail)};
}

absl::Status CheckMarket(const MarketInputs& market) {
  if (market.annual_revenue_fen && *market.annual_revenue_fen < 0) {
    return base::InvalidField("revenue_fen", "must be a whole number of fen, not negative");
  }
  if (market.market_share_bp &&
      (*market.market_share_bp < 0 || *market.market_share_bp > kWholeBasisPoints)) {
    return base::InvalidField("market_share_bp", "must be between 0 and 10000 basis points");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Scenario> ParseScenario(std::string_view id, std::string_view field) {
  const std::string_view text = base::StripWhitespace(id);
  if (text.empty()) return kDefaultScenario;
  if (std::optional<Scenario> scenario = ScenarioFromId(text)) return *scenario;
  std::string known;
  for (size_t pos = 0; pos < kScenarioCount; ++pos) {
    base::StrAppend(&known, pos == 0 ? "" : ", ", ScenarioId(static_cast<Scenario>(pos)));
  }
  return base::InvalidField(field, base::StrCat("unknown scenario \"", text, "\"; one of ", known));
}

ValuationService::ValuationService(db::Database& database, base::Clock& clock)
    : database_(database), clock_(clock) {}

std::string ValuationService::Today() const { return base::ShanghaiDate(clock_.NowMillis()); }

absl::StatusOr<ScoreSummary> ValuationService::ScoreAll(Scenario scenario,
                                                        std::string_view as_of_text) {
  if (!base::ParseCivilDate(as_of_text)) {
    return base::InvalidField("as_of",
                              base::StrCat("expected a date YYYY-MM-DD, got \"", as_of_text, "\""));
  }
  const std::string as_of(as_of_text);
  const Weights& weights = PresetWeights(scenario);
  const auto started = Clock::now();
  ScoreSummary summary{.scenario = scenario, .as_of = as_of};
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());

  // 1. Forward citations of every cited stored document, by number key.
  IPHUB_ASSIGN_OR_RETURN(internal::CorpusFacts facts, internal::CorpusFacts::Count(*conn, as_of));

  // 2. First pass: cohort, family and forward citations of every patent.
  IPHUB_ASSIGN_OR_RETURN(const int64_t up_to_id, store::MaxPatentId(*conn));
  // Reading the records (JSON) is most of the work: each page is read by all the cores
  // (ParallelFor), then added in id order.
  std::vector<Member> members;
  std::vector<std::optional<patents::Patent>> parsed;
  for (int64_t after = 0;;) {
    IPHUB_ASSIGN_OR_RETURN(std::vector<store::PatentRecord> page,
                           store::PatentsAfter(*conn, after, up_to_id, kRecordsPerPage));
    if (page.empty()) break;
    after = page.back().id;
    parsed.assign(page.size(), std::nullopt);
    ParallelFor(page.size(), [&page, &parsed](size_t at) {
      absl::StatusOr<patents::Patent> patent = ReadRecord(page[at]);
      if (patent.ok()) parsed[at] = *std::move(patent);
    });
    for (size_t at = 0; at < page.size(); ++at) {
      if (!parsed[at]) {
        ++summary.unreadable;
        continue;
      }
      members.push_back(Member{facts.Add(page[at].id, page[at].number_key, *parsed[at])});
    }
  }
  parsed.clear();
  IPHUB_RETURN_IF_ERROR(facts.Finish());

  // 3. Second pass: evaluate every patent with what the corpus says of it.
  //    Each page's patents are valued on all the cores; each writes only its own member.
  size_t next = 0;  // members are in id order, as the pages are
  for (int64_t after = 0;;) {
    IPHUB_ASSIGN_OR_RETURN(std::vector<store::PatentRecord> page,
                           store::PatentsAfter(*conn, after, up_to_id, kRecordsPerPage));
    if (page.empty()) break;
    after = page.back().id;
    std::vector<Member*> targets(page.size(), nullptr);  // null: unreadable before
    for (size_t at = 0; at < page.size(); ++at) {
      while (next < members.size() && members[next].id < page[at].id) ++next;
      if (next < members.size() && members[next].id == page[at].id) targets[at] = &members[next];
    }
    std::vector<absl::Status> failures(page.size());
    std::vector<char> unreadable(page.size(), 0);
    ParallelFor(page.size(), [&](size_t at) {
      Member* member = targets[at];
      if (member == nullptr) return;
      absl::StatusOr<patents::Patent> patent = ReadRecord(page[at]);
      if (!patent.ok()) {
        unreadable[at] = 1;
        return;
      }
      ValuationContext context{.as_of = as_of};
      facts.Fill(*member, context);
      absl::StatusOr<Valuation> valuation = Evaluate(*patent, context, weights);
      if (!valuation.ok()) {
        failures[at] = absl::InternalError(base::StrCat("valuing patent ", page[at].id,
                                                        " failed: ", valuation.status().message()));
        return;
      }
      member->scored = true;
      member->total = valuation->total;
      for (size_t dim = 0; dim < kDimensionCount; ++dim) {
        member->dimensions[dim] = valuation->dimensions[dim].score;
      }
    });
    for (size_t at = 0; at < page.size(); ++at) {
      IPHUB_RETURN_IF_ERROR(failures[at]);
      summary.unreadable += unreadable[at];
    }
  }

  // 4. Ranks within each cohort.
  std::vector<std::vector<size_t>> cohort_members(facts.cohort_count());
  for (size_t pos = 0; pos < members.size(); ++pos) {
    const Member& member = members[pos];
    if (!member.scored) continue;
    ++summary.patents;
    if (member.forward_citations > 0) ++summary.cited;
    if (member.cohort == kNone) {
      ++summary.ungraded;
    } else {
      cohort_members[static_cast<size_t>(member.cohort)].push_back(pos);
    }
  }
  std::vector<std::optional<CohortRank>> ranks(members.size());
  for (const std::vector<size_t>& positions : cohort_members) {
    if (positions.empty()) continue;
    ++summary.cohorts;
    std::vector<double> totals;
    totals.reserve(positions.size());
    for (size_t pos : positions) totals.push_back(members[pos].total);
    const std::vector<CohortRank> ranked = RankWithinCohort(totals);
    for (size_t at = 0; at < positions.size(); ++at) {
      ranks[positions[at]] = ranked[at];
      ++summary.grades[static_cast<size_t>(ranked[at].grade)];
    }
  }
  summary.read_seconds = SecondsSince(started);

  // 5. Replace the stored scores of the scenario, with the audit entry, in one transaction.
  const auto writing = Clock::now();
  const int64_t now = clock_.NowMillis();
  const std::string scenario_id(ScenarioId(scenario));
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_RETURN_IF_ERROR(store::DeleteScores(*conn, scenario_id));
  std::vector<store::StoredScore> chunk;
  chunk.reserve(kScoresPerWrite);
  for (size_t pos = 0; pos < members.size(); ++pos) {
    const Member& member = members[pos];
    if (!member.scored) continue;
    store::StoredScore score{
        .patent_id = member.id,
        .scenario = scenario_id,
        .total = member.total,
        .legal = member.dimensions[static_cast<size_t>(Dimension::kLegal)],
        .technical = member.dimensions[static_cast<size_t>(Dimension::kTechnical)],
        .economic = member.dimensions[static_cast<size_t>(Dimension::kEconomic)],
        .cohort_key = member.cohort == kNone ? std::string() : facts.cohort_key(member.cohort),
        .forward_citations = member.forward_citations,
        .as_of = as_of,
        .computed_at = now};
    if (ranks[pos]) {
      score.percentile = ranks[pos]->percentile;
      score.grade = std::string(GradeId(ranks[pos]->grade));
    }
    score.family_countries = facts.OtherCountries(member);
    chunk.push_back(std::move(score));
    if (chunk.size() == kScoresPerWrite) {
      IPHUB_RETURN_IF_ERROR(store::InsertScores(*conn, chunk));
      chunk.clear();
    }
  }
  IPHUB_RETURN_IF_ERROR(store::InsertScores(*conn, chunk));
  nlohmann::json grades = nlohmann::json::object();
  for (size_t grade = 0; grade < summary.grades.size(); ++grade) {
    grades[std::string(GradeId(static_cast<Grade>(grade)))] = summary.grades[grade];
  }
  IPHUB_RETURN_IF_ERROR(auth::AppendAudit(*conn, nullptr, now,
                                          {.action = "valuation.score",
                                           .entity = "valuation",
                                           .entity_id = scenario_id,
                                           .detail = {{"scenario", scenario_id},
                                                      {"as_of", as_of},
                                                      {"patents", summary.patents},
                                                      {"unreadable", summary.unreadable},
                                                      {"cohorts", summary.cohorts},
                                                      {"ungraded", summary.ungraded},
                                                      {"cited", summary.cited},
                                                      {"grades", std::move(grades)}}}));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  summary.write_seconds = SecondsSince(writing);
  summary.seconds = SecondsSince(started);
  return summary;
}

absl::StatusOr<int64_t> ValuationService::LatestPatentChange() {
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(const store::PatentChange change, store::LatestPatentChange(*conn));
  return change.seq;
}

absl::StatusOr<bool> ValuationService::ScoresOutdated() {
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(const store::PatentChange change, store::LatestPatentChange(*conn));
  if (change.seq == 0) return false;
  IPHUB_ASSIGN_OR_RETURN(const std::optional<int64_t> computed_at,
                         store::LatestComputedAt(*conn, ScenarioId(kDefaultScenario)));
  return !computed_at || change.at_ms >= *computed_at;
}

absl::StatusOr<std::vector<ScoreSummary>> ValuationService::RefreshScores() {
  std::vector<Scenario> scenarios = {kDefaultScenario};
  {
    IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
    IPHUB_ASSIGN_OR_RETURN(const std::vector<std::string> stored, store::ScoredScenarios(*conn));
    for (const std::string& id : stored) {
      const std::optional<Scenario> scenario = ScenarioFromId(id);
      if (scenario && *scenario != kDefaultScenario) scenarios.push_back(*scenario);
    }
  }
  std::sort(scenarios.begin(), scenarios.end());
  const std::string as_of = Today();
  std::vector<ScoreSummary> out;
  for (const Scenario scenario : scenarios) {
    IPHUB_ASSIGN_OR_RETURN(ScoreSummary summary, ScoreAll(scenario, as_of));
    out.push_back(std::move(summary));
  }
  return out;
}

absl::StatusOr<Explanation> ValuationService::Explain(const auth::Principal* caller,
                                                      std::string_view number,
                                                      std::string_view scenario_id,
                                                      std::string_view as_of_text) {
  return Explain(caller, ExplainRequest{.number = std::string(number),
                                        .scenario_id = std::string(scenario_id),
                                        .as_of = std::string(as_of_text)});
}

absl::StatusOr<Explanation> ValuationService::Explain(const auth::Principal* caller,
                                                      const ExplainRequest& request) {
  IPHUB_RETURN_IF_ERROR(auth::Authorize(caller, auth::Action::kRead, kPatents));
  IPHUB_ASSIGN_OR_RETURN(Scenario scenario, ParseScenario(request.scenario_id));
  if (request.weight_set_id && !base::StripWhitespace(request.scenario_id).empty()) {
    return base::InvalidField("weights", "give either a scenario or a weight set, not both");
  }
  if (request.weight_set_id && caller == nullptr) return LogInFirst();
  IPHUB_RETURN_IF_ERROR(CheckMarket(request.market));
  IPHUB_ASSIGN_OR_RETURN(const std::string as_of, ResolveAsOf(request.as_of, Today()));
  IPHUB_ASSIGN_OR_RETURN(patents::NumberQuery query, patents::ParseNumberQuery(request.number));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  std::optional<WeightSet> weight_set;
  if (request.weight_set_id) {
    IPHUB_ASSIGN_OR_RETURN(weight_set, OwnedWeightSet(*conn, *caller, *request.weight_set_id));
    scenario = weight_set->base_scenario;
  }
  IPHUB_ASSIGN_OR_RETURN(std::vector<patents::store::StoredPatent> found,
                         patents::store::FindByNumber(*conn, query));
  if (found.empty()) {
    return absl::NotFoundError(base::StrCat("no patent document ", request.number, " is stored"));
  }
  // Several publications match (the A and the B of one application): the latest, as
  // GET /api/v1/patents/{number} shows.
  const std::string& publication_number = found.front().publication_number;
  IPHUB_ASSIGN_OR_RETURN(patents::Patent patent,
                         patents::store::GetPatent(*conn, publication_number));
  IPHUB_ASSIGN_OR_RETURN(const int64_t patent_id, store::PatentIdOf(*conn, publication_number));

  Explanation out{.publication_number = publication_number,
                  .scenario = scenario,
                  .weight_set = weight_set,
                  .market = request.market};
  const std::string wanted(ScenarioId(scenario));
  IPHUB_ASSIGN_OR_RETURN(std::vector<store::StoredScore> stored,
                         store::ScoresOfPatent(*conn, patent_id));
  // The corpus facts: from the asked scenario's row, else the most recent one.
  const store::StoredScore* facts = stored.empty() ? nullptr : &stored.front();
  for (const store::StoredScore& score : stored) {
    if (score.scenario == wanted) {
      facts = &score;
      if (score.percentile && score.grade && !weight_set) {
        out.rank = CohortStanding{.scenario = score.scenario,
                                  .cohort_key = score.cohort_key,
                                  .percentile = *score.percentile,
                                  .grade = *score.grade,
                                  .total = score.total,
                                  .as_of = score.as_of,
                                  .computed_at = score.computed_at};
      }
    }
  }

  CorpusFacts& corpus = out.corpus;
  IPHUB_ASSIGN_OR_RETURN(
      corpus.forward_citations,
      store::ForwardCitationsOf(
          *conn,
          patents::PatentDocumentKey(patent.country, patent.doc_number, patent.publication_number),
          as_of));
  corpus.cohort_key = CohortKey(patent);
  ValuationContext context{
      .as_of = as_of, .forward_citations = corpus.forward_citations, .market = request.market};
  if (facts != nullptr) {
    corpus.batch_scenario = facts->scenario;
    corpus.batch_as_of = facts->as_of;
    corpus.batch_computed_at = facts->computed_at;
    corpus.family_countries = facts->family_countries;
    context.family_countries = facts->family_countries;
  }
  if (!corpus.cohort_key.empty()) {
    // The cohort as the batch stored it (of the facts' scenario, else of the asked one),
    // with this patent's count of now in place of its stored one.
    IPHUB_ASSIGN_OR_RETURN(
        std::vector<int64_t> counts,
        store::CohortForwardCitations(*conn, facts != nullptr ? facts->scenario : wanted,
                                      corpus.cohort_key, patent_id));
    if (facts != nullptr || !counts.empty()) {
      counts.push_back(corpus.forward_citations);
      IPHUB_ASSIGN_OR_RETURN(CitationCohort cohort, CitationCohort::Create(std::move(counts)));
      corpus.cohort_size = static_cast<int64_t>(cohort.size());
      context.cohort = std::make_shared<const CitationCohort>(std::move(cohort));
    }
  }
  IPHUB_ASSIGN_OR_RETURN(
      out.valuation,
      Evaluate(patent, context, weight_set ? weight_set->weights : PresetWeights(scenario)));
  return out;
}

// --- weight sets -------------------------------------------------------------------------

absl::StatusOr<WeightSet> ValuationService::CreateWeightSet(const auth::Principal* caller,
                                                            const WeightSetInput& input) {
  if (caller == nullptr) return LogInFirst();
  WeightSet set{.owner_id = caller->user_id};
  IPHUB_ASSIGN_OR_RETURN(set.name, NormalizeWeightSetName(input.name.value_or("")));
  IPHUB_ASSIGN_OR_RETURN(set.base_scenario,
                         ParseScenario(input.base_scenario.value_or(""), "base_scenario"));
  IPHUB_ASSIGN_OR_RETURN(
      set.weights,
      ChangeWeights(PresetWeights(set.base_scenario),
                    input.weights.value_or(std::vector<std::pair<std::string, int64_t>>{})));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_RETURN_IF_ERROR(CheckNameFree(*conn, set));
  const int64_t now = clock_.NowMillis();
  IPHUB_ASSIGN_OR_RETURN(set.id, store::InsertWeightSet(*conn, RowOf(set), now));
  set.created_at = set.updated_at = now;
  IPHUB_RETURN_IF_ERROR(
      auth::AppendAudit(*conn, caller, now,
                        WeightSetEvent("valuation_weights.create", set.id, *caller,
                                       {{"name", set.name},
                                        {"base_scenario", ScenarioId(set.base_scenario)},
                                        {"weights", WeightsJson(set.weights)}})));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return set;
}

absl::StatusOr<WeightSet> ValuationService::GetWeightSet(const auth::Principal* caller,
                                                         int64_t id) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  return OwnedWeightSet(*conn, *caller, id);
}

absl::StatusOr<WeightSetPage> ValuationService::ListWeightSets(const auth::Principal* caller,
                                                               int64_t limit, int64_t offset) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(store::WeightSetRows rows,
                         store::ListWeightSets(*conn, caller->user_id, limit, offset));
  WeightSetPage out{.total = rows.total};
  out.items.reserve(rows.items.size());
  for (const store::StoredWeightSet& row : rows.items) {
    IPHUB_ASSIGN_OR_RETURN(WeightSet set, WeightSetOf(row));
    out.items.push_back(std::move(set));
  }
  return out;
}

absl::StatusOr<WeightSet> ValuationService::UpdateWeightSet(const auth::Principal* caller,
                                                            int64_t id,
                                                            const WeightSetInput& input) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(WeightSet set, OwnedWeightSet(*conn, *caller, id));
  nlohmann::json changes = nlohmann::json::object();
  if (input.name) {
    IPHUB_ASSIGN_OR_RETURN(std::string name, NormalizeWeightSetName(*input.name));
    if (name != set.name) changes["name"] = name;
    set.name = std::move(name);
  }
  Weights start = set.weights;
  if (input.base_scenario) {
    IPHUB_ASSIGN_OR_RETURN(const Scenario base,
                           ParseScenario(*input.base_scenario, "base_scenario"));
    if (base != set.base_scenario) changes["base_scenario"] = ScenarioId(base);
    set.base_scenario = base;
    start = PresetWeights(base);
  }
  if (input.base_scenario || input.weights) {
    IPHUB_ASSIGN_OR_RETURN(
        Weights weights, ChangeWeights(start, input.weights.value_or(
                                                  std::vector<std::pair<std::string, int64_t>>{})));
    if (!SameWeights(weights, set.weights)) changes["weights"] = WeightsJson(weights);
    set.weights = weights;
  }
  IPHUB_RETURN_IF_ERROR(CheckNameFree(*conn, set));
  const int64_t now = clock_.NowMillis();
  IPHUB_RETURN_IF_ERROR(store::UpdateWeightSet(*conn, RowOf(set), now));
  set.updated_at = now;
  IPHUB_RETURN_IF_ERROR(auth::AppendAudit(
      *conn, caller, now,
      WeightSetEvent("valuation_weights.update", id, *caller, std::move(changes))));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return set;
}

absl::Status ValuationService::DeleteWeightSet(const auth::Principal* caller, int64_t id) {
  if (caller == nullptr) return LogInFirst();
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(const WeightSet set, OwnedWeightSet(*conn, *caller, id));
  IPHUB_RETURN_IF_ERROR(store::DeleteWeightSet(*conn, id));
  IPHUB_RETURN_IF_ERROR(auth::AppendAudit(
      *conn, caller, clock_.NowMillis(),
      WeightSetEvent("valuation_weights.delete", id, *caller,
                     {{"name", set.name}, {"base_scenario", ScenarioId(set.base_scenario)}})));
  return tx.Commit();
}

absl::StatusOr<RoyaltyAnswer> ValuationService::Royalty(const auth::Principal* caller,
                                                        RoyaltyRequest request) {
  if (caller == nullptr) return absl::UnauthenticatedError("log in first");
  RoyaltyAnswer out;
  IPHUB_ASSIGN_OR_RETURN(out.as_of, ResolveAsOf(request.as_of, Today()));
  RoyaltyInputs& inputs = request.inputs;
  if (inputs.economic_life_years == 0) {
    inputs.economic_life_years = static_cast<int>(std::min<size_t>(inputs.revenue.size(), 1000));
  }
  if (base::StripWhitespace(request.publication_number).empty()) {
    IPHUB_ASSIGN_OR_RETURN(out.valuation, ReliefFromRoyalty(inputs, out.as_of, ""));
    return out;
  }
  IPHUB_RETURN_IF_ERROR(auth::Authorize(caller, auth::Action::kRead, kPatents));
  absl::StatusOr<patents::NumberQuery> query =
      patents::ParseNumberQuery(request.publication_number);
  if (!query.ok()) {
    return base::WithField(query.status(), "publication_number");
  }
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(std::vector<patents::store::StoredPatent> found,
                         patents::store::FindByNumber(*conn, *query));
  if (found.empty()) {
    return absl::NotFoundError(
        base::StrCat("no patent document ", request.publication_number, " is stored"));
  }
  IPHUB_ASSIGN_OR_RETURN(patents::Patent patent,
                         patents::store::GetPatent(*conn, found.front().publication_number));
  out.publication_number = patent.publication_number;
  out.legal_term_end = patents::DeriveLegalStatus(patent, out.as_of).expiry_date;
  IPHUB_ASSIGN_OR_RETURN(out.valuation, ReliefFromRoyalty(patent, inputs, out.as_of));
  return out;
}

absl::Status ValuationService::ForEachTotal(
    Scenario scenario, const std::function<void(std::string_view, double)>& visit) {
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  return store::ForEachTotal(*conn, ScenarioId(scenario), visit);
}

}  // namespace iphub::analytics
