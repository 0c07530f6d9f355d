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

}  // namespace
}  // namespace iphub::analytics
