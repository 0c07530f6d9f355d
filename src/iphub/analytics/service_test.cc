#include "iphub/analytics/service.h"

#include <algorithm>
#include <map>
#include <numeric>

#include "gtest/gtest.h"
#include "iphub/analytics/migrations.h"
#include "iphub/auth/migrations.h"
#include "iphub/base/crypto.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"
#include "iphub/patents/migrations.h"
#include "iphub/patents/store.h"
#include "nlohmann/json.hpp"

namespace iphub::analytics {
namespace {

// 2026-11-28 12:00 in Shanghai.
constexpr int64_t kNow = 1795795200000LL + 4LL * 3600 * 1000;
constexpr std::string_view kAsOf = "2024-06-30";

// A CN invention grant with `claims` claims (claim 1 independent, the others citing it).
patents::Patent Grant(const std::string& doc_number, const std::string& filed,
                      const std::string& published, const std::string& ipc, int claims) {
  patents::Patent patent;
  patent.country = "CN";
  patent.doc_number = doc_number;
  patent.kind = "B";
  patent.publication_number = "CN" + doc_number + "B";
  patent.type = patents::DocumentType::kCnInventionGrant;
  patent.application_date = filed;
  patent.publication_date = published;
  patent.grant_date = published;
  patent.language = "zh";
  patent.title = "一种电池 " + doc_number;
  if (!ipc.empty()) {
    patent.ipc_main = ipc;
    patent.ipc = {{.symbol = ipc}};
  }
  for (int number = 1; number <= claims; ++number) {
    patent.claims.push_back({.number = number,
                             .text = "claim",
                             .depends_on = number == 1 ? std::vector<int>{} : std::vector<int>{1}});
  }
  return patent;
}

void Cites(patents::Patent& patent, const patents::Patent& cited) {
  patent.citations.push_back({.kind = patents::Citation::Kind::kPatent,
                              .country = cited.country,
                              .number = cited.doc_number,
                              .date = cited.publication_date});
}

// A stored score as the test reads it back with its own SQL.
struct Row {
  double total = 0;
  double legal = 0;
  double technical = 0;
  double economic = 0;
  std::string cohort_key{};
  std::optional<double> percentile{};
  std::optional<std::string> grade{};
  int64_t forward_citations = 0;
  std::string family_countries{};
  std::string as_of{};
};

template <typename Backend>
class ValuationServiceTest : public db::testing::DatabaseTest<Backend> {
 protected:
  void SetUp() override {
    db::testing::DatabaseTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    ASSERT_TRUE(base::InitCrypto().ok());
    std::vector<db::Migration> all;
    for (const auto& migration : auth::Migrations()) all.push_back(migration);
    for (const auto& migration : patents::Migrations()) all.push_back(migration);
    for (const auto& migration : Migrations()) all.push_back(migration);
    auto applied = db::Migrate(this->db(), all);
    ASSERT_TRUE(applied.ok()) << applied.status();
    service_ = std::make_unique<ValuationService>(this->db(), clock_);
  }

  void TearDown() override {
    service_.reset();
    db::testing::DatabaseTest<Backend>::TearDown();
  }

  void Store(const patents::Patent& patent) {
    auto conn = this->db().Acquire();
    ASSERT_TRUE(conn.ok());
    auto stored = patents::store::UpsertPatent(**conn, patent, clock_.NowMillis());
    ASSERT_TRUE(stored.ok()) << stored.status();
  }

  // The stored scores of `scenario`, by publication number.
  std::map<std::string, Row> Stored(std::string_view scenario) {
    std::map<std::string, Row> out;
    auto conn = this->db().Acquire();
    EXPECT_TRUE(conn.ok());
    if (!conn.ok()) return out;
    auto result = (*conn)->Query(
        "SELECT p.publication_number, s.total, s.legal, s.technical, s.economic, s.cohort_key, "
        "s.percentile, s.grade, s.forward_citations, s.family_countries, s.as_of "
        "FROM valuation_scores s JOIN patents p ON p.id = s.patent_id WHERE s.scenario = $1",
        {scenario});
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) return out;
    for (const db::Row& row : result->rows) {
      Row score{.total = row.Real(1),
                .legal = row.Real(2),
                .technical = row.Real(3),
                .economic = row.Real(4),
                .cohort_key = row.Text(5),
                .grade = row.OptText(7),
                .forward_citations = row.Int(8),
                .family_countries = row.Text(9),
                .as_of = row.Text(10)};
      if (!row.IsNull(6)) score.percentile = row.Real(6);
      out[row.Text(0)] = score;
    }
    return out;
  }

  std::vector<nlohmann::json> AuditDetails(std::string_view action) {
    std::vector<nlohmann::json> out;
    auto conn = this->db().Acquire();
    EXPECT_TRUE(conn.ok());
    if (!conn.ok()) return out;
    auto result =
        (*conn)->Query("SELECT detail FROM audit_log WHERE action = $1 ORDER BY id", {action});
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) return out;
    for (const db::Row& row : result->rows) out.push_back(nlohmann::json::parse(row.Text(0)));
    return out;
  }

  // A small corpus with citations between its patents:
  //   p1 H01M/2016 cited by p2, p3, p5 and by p4 (published after kAsOf: not counted) → 3
  //   p2 H01M/2016 cited by p3 and p6 → 2
  //   p3, p4 H01M/2016, cited by none
  //   p5 a US member of p1's family, G06F/2017, alone in its cohort
  //   p6 no IPC: in no cohort
  void StoreCorpus() {
    p1_ = Grant("110000001", "2016-03-01", "2018-05-02", "H01M 10/613", 12);
    p1_.family_id = "fam-1";
    p2_ = Grant("110000002", "2016-07-11", "2018-09-14", "H01M 4/36", 6);
    Cites(p2_, p1_);
    p3_ = Grant("110000003", "2016-10-20", "2019-01-08", "H01M 2/10", 20);
    Cites(p3_, p1_);
    Cites(p3_, p2_);
    p4_ = Grant("110000004", "2016-12-01", "2025-01-10", "H01M 10/0525", 3);
    Cites(p4_, p1_);
    p5_ = Grant("9876543", "2017-02-03", "2019-06-04", "G06F 1/26", 15);
    p5_.country = "US";
    p5_.kind = "B2";
    p5_.publication_number = "US9876543B2";
    p5_.type = patents::DocumentType::kUsUtilityGrant;
    p5_.family_id = "fam-1";
    Cites(p5_, p1_);
    p6_ = Grant("110000006", "2018-04-04", "2020-02-02", "", 1);
    Cites(p6_, p2_);
    for (const patents::Patent* patent : {&p1_, &p2_, &p3_, &p4_, &p5_, &p6_}) Store(*patent);
  }

  // What the library alone says of `patent`, given the corpus facts worked out by hand.
  static Valuation Recompute(const patents::Patent& patent, int64_t forward,
                             const std::vector<int64_t>& cohort,
                             std::vector<std::string> family_countries, Scenario scenario) {
    ValuationContext context{.as_of = std::string(kAsOf),
                             .forward_citations = forward,
                             .family_countries = std::move(family_countries)};
    if (!cohort.empty()) {
      context.cohort = std::make_shared<const CitationCohort>(*CitationCohort::Create(cohort));
    }
    absl::StatusOr<Valuation> valuation = Evaluate(patent, context, PresetWeights(scenario));
    EXPECT_TRUE(valuation.ok()) << valuation.status();
    return valuation.ok() ? *valuation : Valuation{};
  }

  // A user row (weight sets and audit entries reference users), as a caller.
  auth::Principal NewUser(const std::string& username) {
    auto conn = this->db().Acquire();
    EXPECT_TRUE(conn.ok());
    if (!conn.ok()) return {};
    auto user = (*conn)->Query(
        "INSERT INTO users (username, display_name, password_hash, role, created_at, "
        "updated_at) VALUES ($1, '', 'x', 'member', 1, 1) RETURNING id",
        {username});
    EXPECT_TRUE(user.ok()) << user.status();
    if (!user.ok()) return {};
    return {.user_id = user->rows[0].Int(0), .username = username};
  }

  base::FakeClock clock_{kNow};
  std::unique_ptr<ValuationService> service_;
  patents::Patent p1_, p2_, p3_, p4_, p5_, p6_;
};
TYPED_TEST_SUITE(ValuationServiceTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(ValuationServiceTest, BatchScoresEqualTheLibraryWithCorpusFacts) {
  this->StoreCorpus();
  IPHUB_ASSERT_OK_AND_ASSIGN(ScoreSummary summary,
                             this->service_->ScoreAll(Scenario::kTransferLicence, kAsOf));
  EXPECT_EQ(summary.patents, 6);
  EXPECT_EQ(summary.cohorts, 2);
  EXPECT_EQ(summary.ungraded, 1);
  EXPECT_EQ(summary.cited, 2);
  EXPECT_EQ(summary.unreadable, 0);

  const std::vector<int64_t> h01m = {3, 2, 0, 0};
  struct Expected {
    const patents::Patent* patent;
    int64_t forward;
    std::vector<int64_t> cohort;
    std::vector<std::string> family;
    std::string cohort_key;
  };
  const std::vector<Expected> expected = {
      {&this->p1_, 3, h01m, {"US"}, "H01M/2016"}, {&this->p2_, 2, h01m, {}, "H01M/2016"},
      {&this->p3_, 0, h01m, {}, "H01M/2016"},     {&this->p4_, 0, h01m, {}, "H01M/2016"},
      {&this->p5_, 0, {0}, {"CN"}, "G06F/2017"},  {&this->p6_, 0, {}, {}, ""},
  };
  std::map<std::string, Row> stored = this->Stored("transfer_licence");
  ASSERT_EQ(stored.size(), expected.size());
  std::vector<double> h01m_totals;
  for (const Expected& want : expected) {
    SCOPED_TRACE(want.patent->publication_number);
    const Valuation valuation = this->Recompute(*want.patent, want.forward, want.cohort,
                                                want.family, Scenario::kTransferLicence);
    const Row& row = stored.at(want.patent->publication_number);
    EXPECT_EQ(row.total, valuation.total);
    EXPECT_EQ(row.legal, valuation.dimensions[0].score);
    EXPECT_EQ(row.technical, valuation.dimensions[1].score);
    EXPECT_EQ(row.economic, valuation.dimensions[2].score);
    EXPECT_EQ(row.forward_citations, want.forward);
    EXPECT_EQ(row.cohort_key, want.cohort_key);
    EXPECT_EQ(row.family_countries, want.family.empty() ? "" : want.family.front());
    EXPECT_EQ(row.as_of, kAsOf);
    if (want.cohort_key == "H01M/2016") h01m_totals.push_back(valuation.total);
  }
  // The non-zero citation counts reach the technical dimension: p1 leads its cohort there.
  EXPECT_GT(stored.at("CN110000001B").technical, stored.at("CN110000004B").technical);

  // Grades within H01M/2016 are those of the recomputed totals; p5 is alone (50: C); p6 none.
  const std::vector<CohortRank> ranks = RankWithinCohort(h01m_totals);
  for (size_t pos = 0; pos < 4; ++pos) {
    const Row& row = stored.at(expected[pos].patent->publication_number);
    ASSERT_TRUE(row.percentile.has_value());
    EXPECT_EQ(*row.percentile, ranks[pos].percentile);
    EXPECT_EQ(row.grade, std::string(GradeId(ranks[pos].grade)));
  }
  EXPECT_EQ(stored.at("US9876543B2").percentile, 50.0);
  EXPECT_EQ(stored.at("US9876543B2").grade, "C");
  EXPECT_FALSE(stored.at("CN110000006B").percentile.has_value());
  EXPECT_FALSE(stored.at("CN110000006B").grade.has_value());

  // One audit entry with the run's counts.
  const std::vector<nlohmann::json> audits = this->AuditDetails("valuation.score");
  ASSERT_EQ(audits.size(), 1u);
  EXPECT_EQ(audits[0]["scenario"], "transfer_licence");
  EXPECT_EQ(audits[0]["as_of"], kAsOf);
  EXPECT_EQ(audits[0]["patents"], 6);
  EXPECT_EQ(audits[0]["ungraded"], 1);
}

TYPED_TEST(ValuationServiceTest, GradesACohortByPercentile) {
  // Ten patents alike but for their number of claims: ten distinct totals, rising with it.
  for (int claims = 1; claims <= 10; ++claims) {
    this->Store(Grant(base::StrCat("1200000", claims < 10 ? "0" : "", claims), "2015-05-05",
                      "2017-06-06", "B64C 39/02", claims));
  }
  IPHUB_ASSERT_OK_AND_ASSIGN(ScoreSummary summary,
                             this->service_->ScoreAll(Scenario::kPortfolioGrading, kAsOf));
  EXPECT_EQ(summary.cohorts, 1);
  // Percentiles 5, 15, …, 95 (docs/valuation.md §5): E, D, D, C, C, C, C, B, B, A.
  EXPECT_EQ(summary.grades, (std::array<int64_t, 5>{1, 2, 4, 2, 1}));
  const std::map<std::string, Row> stored = this->Stored("portfolio_grading");
  ASSERT_EQ(stored.size(), 10u);
  const std::string kGrades = "EDDCCCCBBA";
  for (int claims = 1; claims <= 10; ++claims) {
    const std::string number = base::StrCat("CN1200000", claims < 10 ? "0" : "", claims, "B");
    SCOPED_TRACE(number);
    const Row& row = stored.at(number);
    EXPECT_EQ(row.percentile, 10.0 * claims - 5);
    EXPECT_EQ(row.grade, std::string(1, kGrades[static_cast<size_t>(claims - 1)]));
    EXPECT_EQ(row.cohort_key, "B64C/2015");
  }
}

TYPED_TEST(ValuationServiceTest, AFailedBatchLeavesThePreviousScores) {
  this->StoreCorpus();
  IPHUB_ASSERT_OK(this->service_->ScoreAll(Scenario::kTax, kAsOf).status());
  const std::map<std::string, Row> before = this->Stored("tax");
  ASSERT_EQ(before.size(), 6u);

  // The database refuses the score of the last patent, after the others were written.
  auto conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  IPHUB_ASSERT_OK_AND_ASSIGN(db::Result last,
                             conn->Query("SELECT MAX(patent_id) FROM valuation_scores"));
  const std::string last_id = last.rows[0].Text(0);
  if (this->dialect() == db::Dialect::kSqlite) {
    IPHUB_ASSERT_OK(conn->ExecScript(base::StrCat(
        "CREATE TRIGGER refuse_score BEFORE INSERT ON valuation_scores WHEN NEW.patent_id = ",
        last_id, " BEGIN SELECT RAISE(ABORT, 'injected failure'); END;")));
  } else {
    IPHUB_ASSERT_OK(conn->ExecScript(base::StrCat(
        "CREATE FUNCTION refuse_score() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE "
        "EXCEPTION 'injected failure'; END $$; CREATE TRIGGER refuse_score BEFORE INSERT ON "
        "valuation_scores FOR EACH ROW WHEN (NEW.patent_id = ",
        last_id, ") EXECUTE FUNCTION refuse_score();")));
  }
  absl::StatusOr<ScoreSummary> failed = this->service_->ScoreAll(Scenario::kTax, "2025-01-31");
  EXPECT_FALSE(failed.ok());
  const std::map<std::string, Row> after = this->Stored("tax");
  ASSERT_EQ(after.size(), before.size());
  for (const auto& [number, row] : before) {
    SCOPED_TRACE(number);
    EXPECT_EQ(after.at(number).as_of, kAsOf);
    EXPECT_EQ(after.at(number).total, row.total);
    EXPECT_EQ(after.at(number).grade, row.grade);
  }
  EXPECT_EQ(this->AuditDetails("valuation.score").size(), 1u);

  // Once the database takes it again, the next run replaces them.
  IPHUB_ASSERT_OK(conn->ExecScript(this->dialect() == db::Dialect::kSqlite
                                       ? "DROP TRIGGER refuse_score;"
                                       : "DROP TRIGGER refuse_score ON valuation_scores;"));
  IPHUB_ASSERT_OK(this->service_->ScoreAll(Scenario::kTax, "2025-01-31").status());
  for (const auto& [number, row] : this->Stored("tax")) EXPECT_EQ(row.as_of, "2025-01-31");
  EXPECT_EQ(this->AuditDetails("valuation.score").size(), 2u);
}

TYPED_TEST(ValuationServiceTest, ARunReplacesOnlyItsScenario) {
  this->StoreCorpus();
  IPHUB_ASSERT_OK(this->service_->ScoreAll(Scenario::kTax, kAsOf).status());
  IPHUB_ASSERT_OK(this->service_->ScoreAll(Scenario::kPledgeFinance, kAsOf).status());
  IPHUB_ASSERT_OK(this->service_->ScoreAll(Scenario::kPledgeFinance, "2024-07-01").status());
  EXPECT_EQ(this->Stored("tax").size(), 6u);
  EXPECT_EQ(this->Stored("tax").at("CN110000001B").as_of, kAsOf);
  EXPECT_EQ(this->Stored("pledge_finance").size(), 6u);
  EXPECT_EQ(this->Stored("pledge_finance").at("CN110000001B").as_of, "2024-07-01");
}

TYPED_TEST(ValuationServiceTest, ExplanationMatchesTheBatchAndShowsItsReasons) {
  this->StoreCorpus();
  IPHUB_ASSERT_OK(this->service_->ScoreAll(Scenario::kPortfolioGrading, kAsOf).status());
  const Row stored = this->Stored("portfolio_grading").at("CN110000001B");

  // Written another usual way; the default scenario is portfolio grading.
  IPHUB_ASSERT_OK_AND_ASSIGN(Explanation explained,
                             this->service_->Explain(nullptr, "CN110000001", "", kAsOf));
  EXPECT_EQ(explained.publication_number, "CN110000001B");
  EXPECT_EQ(explained.scenario, Scenario::kPortfolioGrading);
  EXPECT_EQ(explained.valuation.total, stored.total);
  EXPECT_EQ(explained.corpus.forward_citations, 3);
  EXPECT_EQ(explained.corpus.cohort_size, 4);
  EXPECT_EQ(explained.corpus.family_countries, std::vector<std::string>{"US"});
  ASSERT_TRUE(explained.rank.has_value());
  EXPECT_EQ(explained.rank->grade, stored.grade);
  EXPECT_EQ(explained.rank->percentile, stored.percentile);
  const double sum = std::accumulate(
      explained.valuation.indicators.begin(), explained.valuation.indicators.end(), 0.0,
      [](double acc, const IndicatorScore& indicator) { return acc + indicator.contribution; });
  EXPECT_NEAR(sum, explained.valuation.total, 1e-9);

  // Another scenario never batched: the same measurements under its weights, no grade.
  IPHUB_ASSERT_OK_AND_ASSIGN(Explanation pledge, this->service_->Explain(nullptr, "CN110000001B",
                                                                         "pledge_finance", kAsOf));
  EXPECT_FALSE(pledge.rank.has_value());
  EXPECT_EQ(pledge.corpus.batch_scenario, "portfolio_grading");
  IPHUB_ASSERT_OK_AND_ASSIGN(Valuation reweighed,
                             Reweigh(explained.valuation, PresetWeights(Scenario::kPledgeFinance)));
  EXPECT_EQ(pledge.valuation.total, reweighed.total);
  EXPECT_NE(pledge.valuation.total, explained.valuation.total);

  // A later day counts p4's citation too.
  IPHUB_ASSERT_OK_AND_ASSIGN(Explanation later,
                             this->service_->Explain(nullptr, "CN110000001B", "", "2025-06-30"));
  EXPECT_EQ(later.corpus.forward_citations, 4);
}

TYPED_TEST(ValuationServiceTest, ExplanationRefusesBadInputByName) {
  this->StoreCorpus();
  absl::StatusOr<Explanation> bad_scenario =
      this->service_->Explain(nullptr, "CN110000001B", "fire_sale", "");
  EXPECT_EQ(bad_scenario.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(base::FieldOf(bad_scenario.status()), "scenario");
  absl::StatusOr<Explanation> bad_day =
      this->service_->Explain(nullptr, "CN110000001B", "", "2024-02-30");
  EXPECT_EQ(bad_day.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(base::FieldOf(bad_day.status()), "as_of");
  EXPECT_EQ(this->service_->Explain(nullptr, "CN119999999B", "", "").status().code(),
            absl::StatusCode::kNotFound);
  // Before any batch: the cohort is unknown, and says so.
  IPHUB_ASSERT_OK_AND_ASSIGN(Explanation unbatched,
                             this->service_->Explain(nullptr, "CN110000001B", "", kAsOf));
  EXPECT_FALSE(unbatched.rank.has_value());
  EXPECT_FALSE(unbatched.corpus.cohort_size.has_value());
  EXPECT_FALSE(
      unbatched.valuation.indicators[static_cast<size_t>(Indicator::kForwardCitations)].known);
  EXPECT_EQ(this->service_->ScoreAll(Scenario::kTax, "30.6.2024").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TYPED_TEST(ValuationServiceTest, RoyaltyNeedsACallerAndStopsAtTheLegalTerm) {
  this->StoreCorpus();
  RoyaltyRequest request{
      .inputs = {.revenue = std::vector<base::Money>(3, base::Money::FromFen(100'000'000)),
                 .royalty_rate_bp = 500,
                 .discount_rate_bp = 1000,
                 .tax_rate_bp = 2500},
      .as_of = std::string(kAsOf)};
  EXPECT_EQ(this->service_->Royalty(nullptr, request).status().code(),
            absl::StatusCode::kUnauthenticated);
  const auth::Principal caller{.user_id = 1, .username = "member"};
  // The worked example of docs/valuation.md: the years default to the forecast's.
  IPHUB_ASSERT_OK_AND_ASSIGN(RoyaltyAnswer example, this->service_->Royalty(&caller, request));
  EXPECT_EQ(example.valuation.present_value.fen(), 9'325'696);
  EXPECT_EQ(example.valuation.years.size(), 3u);

  // p1 was filed 2016-03-01: its term ends 2036-03-01, 245 days into year 2 from 2034-06-30.
  request.publication_number = "CN110000001B";
  request.as_of = "2034-06-30";
  IPHUB_ASSERT_OK_AND_ASSIGN(RoyaltyAnswer capped, this->service_->Royalty(&caller, request));
  EXPECT_EQ(capped.legal_term_end, "2036-03-01");
  EXPECT_TRUE(capped.valuation.capped_by_legal_term);
  ASSERT_EQ(capped.valuation.years.size(), 2u);
  EXPECT_EQ(capped.valuation.years[1].days_in_term, 245);
  request.publication_number = "CN119999999B";
  EXPECT_EQ(this->service_->Royalty(&caller, request).status().code(), absl::StatusCode::kNotFound);
}

// --- users' weight sets and market inputs ---------------------------------------------

using WeightEntries = std::vector<std::pair<std::string, int64_t>>;

int64_t WeightOf(const Weights& weights, Indicator indicator) {
  return weights.indicator[static_cast<size_t>(indicator)];
}

TYPED_TEST(ValuationServiceTest, WeightSetsAreSavedListedChangedAndDeleted) {
  const auth::Principal owner = this->NewUser("owner");
  // Pledge finance's preset with other dimension weights.
  IPHUB_ASSERT_OK_AND_ASSIGN(
      WeightSet created,
      this->service_->CreateWeightSet(
          &owner,
          {.name = "  看重法律  ",
           .base_scenario = "pledge_finance",
           .weights = WeightEntries{{"legal", 6000}, {"technical", 2000}, {"economic", 2000}}}));
  EXPECT_GT(created.id, 0);
  EXPECT_EQ(created.name, "看重法律");
  EXPECT_EQ(created.owner_id, owner.user_id);
  EXPECT_EQ(created.base_scenario, Scenario::kPledgeFinance);
  EXPECT_EQ(created.weights.dimension, (std::array<int64_t, kDimensionCount>{6000, 2000, 2000}));
  EXPECT_EQ(created.weights.indicator, PresetWeights(Scenario::kPledgeFinance).indicator);
  EXPECT_EQ(created.created_at, kNow);
  IPHUB_ASSERT_OK(ValidateWeights(created.weights));

  IPHUB_ASSERT_OK_AND_ASSIGN(WeightSet read, this->service_->GetWeightSet(&owner, created.id));
  EXPECT_EQ(read.name, created.name);
  EXPECT_EQ(read.weights.dimension, created.weights.dimension);
  EXPECT_EQ(read.weights.indicator, created.weights.indicator);

  // Without weights: the base scenario's preset as it is.
  IPHUB_ASSERT_OK_AND_ASSIGN(
      WeightSet plain,
      this->service_->CreateWeightSet(&owner, {.name = "tax as is", .base_scenario = "tax"}));
  EXPECT_EQ(plain.weights.dimension, PresetWeights(Scenario::kTax).dimension);
  IPHUB_ASSERT_OK_AND_ASSIGN(WeightSetPage listed, this->service_->ListWeightSets(&owner, 20, 0));
  EXPECT_EQ(listed.total, 2);
  ASSERT_EQ(listed.items.size(), 2u);
  EXPECT_EQ(listed.items[0].id, created.id);  // oldest first
  EXPECT_EQ(listed.items[1].id, plain.id);

  // Changing a weight starts from the stored ones: legal.claims 1000 → 1500 and
  // legal.litigation 500 → 0 keep the legal sum at 10000.
  this->clock_.Advance(5000);
  IPHUB_ASSERT_OK_AND_ASSIGN(
      WeightSet changed,
      this->service_->UpdateWeightSet(
          &owner, created.id,
          {.name = "看重法律 v2",
           .weights = WeightEntries{{"legal.claims", 1500}, {"legal.litigation", 0}}}));
  EXPECT_EQ(changed.name, "看重法律 v2");
  EXPECT_EQ(changed.weights.dimension, created.weights.dimension);
  EXPECT_EQ(WeightOf(changed.weights, Indicator::kClaims), 1500);
  EXPECT_EQ(WeightOf(changed.weights, Indicator::kLitigation), 0);
  EXPECT_EQ(changed.updated_at, kNow + 5000);
  EXPECT_EQ(changed.created_at, kNow);
  // A new base scenario starts again from its preset.
  IPHUB_ASSERT_OK_AND_ASSIGN(
      WeightSet rebased,
      this->service_->UpdateWeightSet(&owner, plain.id, {.base_scenario = "infringement_remedy"}));
  EXPECT_EQ(rebased.base_scenario, Scenario::kInfringementRemedy);
  EXPECT_EQ(rebased.weights.indicator, PresetWeights(Scenario::kInfringementRemedy).indicator);

  IPHUB_ASSERT_OK(this->service_->DeleteWeightSet(&owner, plain.id));
  EXPECT_EQ(this->service_->GetWeightSet(&owner, plain.id).status().code(),
            absl::StatusCode::kNotFound);
  IPHUB_ASSERT_OK_AND_ASSIGN(listed, this->service_->ListWeightSets(&owner, 20, 0));
  EXPECT_EQ(listed.total, 1);

  // Each change is audited with what changed.
  const std::vector<nlohmann::json> creates = this->AuditDetails("valuation_weights.create");
  ASSERT_EQ(creates.size(), 2u);
  EXPECT_EQ(creates[0]["name"], "看重法律");
  EXPECT_EQ(creates[0]["base_scenario"], "pledge_finance");
  EXPECT_EQ(creates[0]["weights"]["legal"], 6000);
  EXPECT_EQ(creates[0]["weights"].size(), kDimensionCount + kIndicatorCount);
  const std::vector<nlohmann::json> updates = this->AuditDetails("valuation_weights.update");
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[0]["name"], "看重法律 v2");
  EXPECT_EQ(updates[0]["weights"]["legal.claims"], 1500);
  EXPECT_EQ(updates[1]["base_scenario"], "infringement_remedy");
  const std::vector<nlohmann::json> deletes = this->AuditDetails("valuation_weights.delete");
  ASSERT_EQ(deletes.size(), 1u);
  EXPECT_EQ(deletes[0]["name"], "tax as is");
}

TYPED_TEST(ValuationServiceTest, WeightSetsAreTheirOwnersAlone) {
  this->StoreCorpus();
  const auth::Principal owner = this->NewUser("owner");
  const auth::Principal other = this->NewUser("other");
  IPHUB_ASSERT_OK_AND_ASSIGN(WeightSet mine,
                             this->service_->CreateWeightSet(&owner, {.name = "mine"}));
  // Another user's set does not exist for them, whatever they try.
  EXPECT_EQ(this->service_->GetWeightSet(&other, mine.id).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(this->service_->UpdateWeightSet(&other, mine.id, {.name = "taken"}).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(this->service_->DeleteWeightSet(&other, mine.id).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(this->service_->Explain(&other, {.number = "CN110000001B", .weight_set_id = mine.id})
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  IPHUB_ASSERT_OK_AND_ASSIGN(WeightSetPage theirs, this->service_->ListWeightSets(&other, 20, 0));
  EXPECT_EQ(theirs.total, 0);
  // The same name is free for another owner.
  IPHUB_ASSERT_OK(this->service_->CreateWeightSet(&other, {.name = "mine"}).status());
  // No caller: log in first.
  EXPECT_EQ(this->service_->ListWeightSets(nullptr, 20, 0).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(this->service_->CreateWeightSet(nullptr, {.name = "x"}).status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(this->service_->Explain(nullptr, {.number = "CN110000001B", .weight_set_id = mine.id})
                .status()
                .code(),
            absl::StatusCode::kUnauthenticated);
  // The owner's set is intact.
  IPHUB_ASSERT_OK_AND_ASSIGN(WeightSet still, this->service_->GetWeightSet(&owner, mine.id));
  EXPECT_EQ(still.name, "mine");
}

TYPED_TEST(ValuationServiceTest, RefusesInvalidWeightSetsNamingTheField) {
  const auth::Principal owner = this->NewUser("owner");
  IPHUB_ASSERT_OK(this->service_->CreateWeightSet(&owner, {.name = "taken"}).status());
  struct Case {
    WeightSetInput input;
    std::string field;
    absl::StatusCode code = absl::StatusCode::kInvalidArgument;
  };
  const std::vector<Case> cases = {
      {{.name = "a", .weights = WeightEntries{{"legal.claims", -5}}}, "weights.legal.claims"},
      {{.name = "a", .weights = WeightEntries{{"legal.claims", 10001}}}, "weights.legal.claims"},
      // portfolio_grading's legal indicators then sum to 10500.
      {{.name = "a", .weights = WeightEntries{{"legal.claims", 2000}}}, "weights.legal"},
      // The dimensions then sum to 10600.
      {{.name = "a", .weights = WeightEntries{{"legal", 4000}}}, "weights"},
      {{.name = "a", .weights = WeightEntries{{"legal.nonsense", 1}}}, "weights.legal.nonsense"},
      {{.name = "a", .weights = WeightEntries{{"legal", 3400}, {"legal", 3400}}}, "weights.legal"},
      {{.name = "a", .base_scenario = "fire_sale"}, "base_scenario"},
      {{.name = "   "}, "name"},
      {{}, "name"},
      {{.name = "two\nlines"}, "name"},
      {{.name = std::string(101, 'x')}, "name"},
      {{.name = " taken "}, "name", absl::StatusCode::kAlreadyExists},
  };
  for (const Case& bad : cases) {
    absl::StatusOr<WeightSet> refused = this->service_->CreateWeightSet(&owner, bad.input);
    EXPECT_EQ(refused.status().code(), bad.code) << bad.field << ": " << refused.status();
    EXPECT_EQ(base::FieldOf(refused.status()), bad.field) << refused.status();
  }
  IPHUB_ASSERT_OK_AND_ASSIGN(WeightSetPage listed, this->service_->ListWeightSets(&owner, 20, 0));
  EXPECT_EQ(listed.total, 1);
  EXPECT_EQ(this->AuditDetails("valuation_weights.create").size(), 1u);

  // An update is checked the same way and, refused, changes nothing.
  IPHUB_ASSERT_OK_AND_ASSIGN(WeightSet other,
                             this->service_->CreateWeightSet(&owner, {.name = "other"}));
  absl::StatusOr<WeightSet> refused = this->service_->UpdateWeightSet(
      &owner, other.id, {.name = "new name", .weights = WeightEntries{{"economic.pledges", 0}}});
  EXPECT_EQ(base::FieldOf(refused.status()), "weights.economic");
  EXPECT_EQ(
      base::FieldOf(this->service_->UpdateWeightSet(&owner, other.id, {.name = "taken"}).status()),
      "name");
  IPHUB_ASSERT_OK_AND_ASSIGN(WeightSet unchanged, this->service_->GetWeightSet(&owner, other.id));
  EXPECT_EQ(unchanged.name, "other");
  EXPECT_EQ(this->AuditDetails("valuation_weights.update").size(), 0u);
}

TYPED_TEST(ValuationServiceTest, MarketInputsChangeOnlyTheMarketIndicators) {
  this->StoreCorpus();
  IPHUB_ASSERT_OK(this->service_->ScoreAll(Scenario::kPortfolioGrading, kAsOf).status());
  IPHUB_ASSERT_OK_AND_ASSIGN(
      Explanation plain,
      this->service_->Explain(nullptr, {.number = "CN110000001B", .as_of = std::string(kAsOf)}));
  // 1000万元 a year scores 50; 15 % of a 30 % cap scores 50 (docs/valuation.md §3).
  IPHUB_ASSERT_OK_AND_ASSIGN(
      Explanation market,
      this->service_->Explain(
          nullptr, {.number = "CN110000001B",
                    .as_of = std::string(kAsOf),
                    .market = {.annual_revenue_fen = 1'000'000'000, .market_share_bp = 1500}}));
  EXPECT_EQ(market.market.annual_revenue_fen, 1'000'000'000);
  ASSERT_EQ(market.valuation.indicators.size(), kIndicatorCount);
  for (size_t pos = 0; pos < kIndicatorCount; ++pos) {
    const IndicatorScore& before = plain.valuation.indicators[pos];
    const IndicatorScore& after = market.valuation.indicators[pos];
    if (after.indicator == Indicator::kProductRevenue ||
        after.indicator == Indicator::kMarketShare) {
      EXPECT_FALSE(before.known) << after.id;
      EXPECT_TRUE(after.known) << after.id;
      EXPECT_EQ(after.score, 50) << after.id;
      EXPECT_GT(after.contribution, 0) << after.id;
      continue;
    }
    EXPECT_EQ(after.known, before.known) << after.id;
    EXPECT_EQ(after.value, before.value) << after.id;
    EXPECT_EQ(after.score, before.score) << after.id;
    EXPECT_EQ(after.contribution, before.contribution) << after.id;
  }
  EXPECT_EQ(market.valuation.indicators[static_cast<size_t>(Indicator::kProductRevenue)].value,
            1e9);
  EXPECT_EQ(market.valuation.indicators[static_cast<size_t>(Indicator::kMarketShare)].value, 1500);
  const auto legal = static_cast<size_t>(Dimension::kLegal);
  const auto technical = static_cast<size_t>(Dimension::kTechnical);
  EXPECT_EQ(market.valuation.dimensions[legal].score, plain.valuation.dimensions[legal].score);
  EXPECT_EQ(market.valuation.dimensions[technical].score,
            plain.valuation.dimensions[technical].score);
  EXPECT_GT(market.valuation.total, plain.valuation.total);
  // The stored grade is the batch's, of the total without market inputs.
  ASSERT_TRUE(market.rank.has_value());
  EXPECT_EQ(market.rank->total, plain.valuation.total);

  // Out of range: named as the API's parameters.
  absl::StatusOr<Explanation> bad = this->service_->Explain(
      nullptr, {.number = "CN110000001B", .market = {.annual_revenue_fen = -1}});
  EXPECT_EQ(base::FieldOf(bad.status()), "revenue_fen");
  bad = this->service_->Explain(nullptr,
                                {.number = "CN110000001B", .market = {.market_share_bp = 10001}});
  EXPECT_EQ(base::FieldOf(bad.status()), "market_share_bp");
}

TYPED_TEST(ValuationServiceTest, ExplanationUnderAWeightSetUsesItsWeights) {
  this->StoreCorpus();
  IPHUB_ASSERT_OK(this->service_->ScoreAll(Scenario::kPledgeFinance, kAsOf).status());
  const auth::Principal owner = this->NewUser("owner");
  IPHUB_ASSERT_OK_AND_ASSIGN(
      WeightSet set,
      this->service_->CreateWeightSet(
          &owner, {.name = "legal only",
                   .base_scenario = "pledge_finance",
                   .weights = WeightEntries{{"legal", 10000}, {"technical", 0}, {"economic", 0}}}));
  IPHUB_ASSERT_OK_AND_ASSIGN(Explanation explained,
                             this->service_->Explain(&owner, {.number = "CN110000001B",
                                                              .weight_set_id = set.id,
                                                              .as_of = std::string(kAsOf)}));
  ASSERT_TRUE(explained.weight_set.has_value());
  EXPECT_EQ(explained.weight_set->id, set.id);
  EXPECT_EQ(explained.weight_set->name, "legal only");
  EXPECT_EQ(explained.scenario, Scenario::kPledgeFinance);
  // The batch ranks preset totals only: no grade, but the base scenario's cohort.
  EXPECT_FALSE(explained.rank.has_value());
  EXPECT_EQ(explained.corpus.batch_scenario, "pledge_finance");
  EXPECT_EQ(explained.corpus.cohort_size, 4);
  const auto legal = static_cast<size_t>(Dimension::kLegal);
  EXPECT_EQ(explained.valuation.dimensions[legal].weight_bp, 10000);
  EXPECT_DOUBLE_EQ(explained.valuation.total, explained.valuation.dimensions[legal].score);
  IPHUB_ASSERT_OK_AND_ASSIGN(Explanation preset,
                             this->service_->Explain(&owner, {.number = "CN110000001B",
                                                              .scenario_id = "pledge_finance",
                                                              .as_of = std::string(kAsOf)}));
  IPHUB_ASSERT_OK_AND_ASSIGN(Valuation reweighed, Reweigh(preset.valuation, set.weights));
  EXPECT_EQ(explained.valuation.total, reweighed.total);

  // A scenario and a weight set together are refused.
  absl::StatusOr<Explanation> both = this->service_->Explain(
      &owner, {.number = "CN110000001B", .scenario_id = "tax", .weight_set_id = set.id});
  EXPECT_EQ(base::FieldOf(both.status()), "weights");
  EXPECT_EQ(this->service_->Explain(&owner, {.number = "CN110000001B", .weight_set_id = set.id + 9})
                .status()
                .code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace iphub::analytics
