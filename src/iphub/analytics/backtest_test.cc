#include "iphub/analytics/backtest.h"

#include <memory>
#include <vector>

#include "gtest/gtest.h"
#include "iphub/analytics/migrations.h"
#include "iphub/analytics/service.h"
#include "iphub/auth/migrations.h"
#include "iphub/base/clock.h"
#include "iphub/base/crypto.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"
#include "iphub/patents/migrations.h"
#include "iphub/patents/store.h"

namespace iphub::analytics {
namespace {

// --- the tabulation, by hand ------------------------------------------------------------

std::optional<double> Auc(const std::vector<double>& scores, const std::vector<int>& positive) {
  const std::unique_ptr<bool[]> flags(new bool[positive.size()]);
  for (size_t pos = 0; pos < positive.size(); ++pos) flags[pos] = positive[pos] != 0;
  return MannWhitneyAuc(scores, std::span<const bool>(flags.get(), positive.size()));
}

TEST(MannWhitneyAuc, CountsThePairsAPositiveWins) {
  // Positives 2 and 4, negatives 1 and 3: 2>1, 4>1, 4>3 win, 2<3 loses → 3 of 4 pairs.
  EXPECT_EQ(Auc({1, 2, 3, 4}, {0, 1, 0, 1}), 0.75);
  // Perfect and reversed orders.
  EXPECT_EQ(Auc({1, 2, 3, 4}, {0, 0, 1, 1}), 1.0);
  EXPECT_EQ(Auc({1, 2, 3, 4}, {1, 1, 0, 0}), 0.0);
}

TEST(MannWhitneyAuc, CountsATieAsHalf) {
  // Positives 2 and 3, negatives 1 and 2: 2>1 (1), 2=2 (½), 3>1 (1), 3>2 (1) → 3.5 / 4.
  EXPECT_EQ(Auc({1, 2, 2, 3}, {0, 1, 0, 1}), 0.875);
  // Everything tied: ½ whatever the labels.
  EXPECT_EQ(Auc({5, 5, 5, 5, 5}, {1, 0, 0, 1, 1}), 0.5);
}

TEST(MannWhitneyAuc, IsAbsentWithoutBothClasses) {
  EXPECT_FALSE(Auc({1, 2, 3}, {1, 1, 1}).has_value());
  EXPECT_FALSE(Auc({1, 2, 3}, {0, 0, 0}).has_value());
  EXPECT_FALSE(Auc({}, {}).has_value());
}

TEST(TabulateBacktest, CountsPerGradeAndDecileAndRanksTheModelAndTheBaselines) {
  const std::vector<BacktestCase> cases = {
      {.total = 60,
       .grade = Grade::kA,
       .claims = 10,
       .remaining_term_days = 3000,
       .maintained = true},
      {.total = 50,
       .grade = Grade::kA,
       .claims = 5,
       .remaining_term_days = 1000,
       .maintained = true},
      {.total = 40,
       .grade = Grade::kB,
       .claims = 10,
       .remaining_term_days = 2000,
       .maintained = false},
      {.total = 30,
       .grade = Grade::kC,
       .claims = 2,
       .remaining_term_days = 3000,
       .maintained = true},
      {.total = 20,
       .grade = Grade::kE,
       .claims = 8,
       .remaining_term_days = 500,
       .maintained = false},
      {.total = 10, .claims = 1, .remaining_term_days = 100, .maintained = false},
  };
  const BacktestTable table = TabulateBacktest(cases);
  EXPECT_EQ(table.patents, 6);
  EXPECT_EQ(table.maintained, 3);
  // Grades A 2/2, B 1/0, C 1/1, D none, E 1/0, no cohort 1/0.
  const std::vector<std::pair<int64_t, int64_t>> grades = {{2, 2}, {1, 0}, {1, 1}, {0, 0}, {1, 0}};
  for (size_t grade = 0; grade < 5; ++grade) {
    EXPECT_EQ(table.by_grade[grade].patents, grades[grade].first) << grade;
    EXPECT_EQ(table.by_grade[grade].maintained, grades[grade].second) << grade;
  }
  EXPECT_EQ(table.ungraded.patents, 1);
  EXPECT_EQ(table.ungraded.maintained, 0);
  // Six distinct totals: percentiles 100·(2k+1)/12 = 8.3, 25, 41.7, 58.3, 75, 91.7 → deciles
  // 1, 3, 5, 6, 8, 10 (indexes 0, 2, 4, 5, 7, 9), lowest total first.
  const std::vector<std::pair<size_t, bool>> deciles = {{0, false}, {2, false}, {4, true},
                                                        {5, false}, {7, true},  {9, true}};
  int64_t in_deciles = 0;
  for (const auto& [decile, maintained] : deciles) {
    EXPECT_EQ(table.by_decile[decile].patents, 1) << decile;
    EXPECT_EQ(table.by_decile[decile].maintained, maintained ? 1 : 0) << decile;
  }
  for (const BacktestRow& row : table.by_decile) in_deciles += row.patents;
  EXPECT_EQ(in_deciles, 6);
  // Total: maintained 60, 50, 30 against ended 40, 20, 10: 3 + 3 + 2 = 8 of 9 pairs.
  EXPECT_EQ(table.auc_model, 8.0 / 9.0);
  // Claims: maintained 10, 5, 2 against 10, 8, 1: 2.5 + 1 + 1 = 4.5 of 9.
  EXPECT_EQ(table.auc_claims, 0.5);
  // Remaining term: maintained 3000, 1000, 3000 against 2000, 500, 100: 3 + 2 + 3 = 8 of 9.
  EXPECT_EQ(table.auc_remaining_term, 8.0 / 9.0);
}

TEST(TabulateBacktest, PutsEqualTotalsInOneDecile) {
  std::vector<BacktestCase> cases(4, BacktestCase{.total = 42, .maintained = true});
  cases[0].maintained = false;
  const BacktestTable table = TabulateBacktest(cases);
  EXPECT_EQ(table.by_decile[5].patents, 4);  // all at percentile 50
  EXPECT_EQ(table.by_decile[5].maintained, 3);
  EXPECT_EQ(table.auc_model, 0.5);
}

TEST(BacktestMarkdown, PrintsTheTablesAndTheStatistics) {
  BacktestReport report{
      .year = 2018, .horizon = 5, .as_of = "2018-12-31", .outcome_on = "2023-12-31"};
  report.table = TabulateBacktest(
      std::vector<BacktestCase>{{.total = 60, .grade = Grade::kA, .maintained = true},
                                {.total = 10, .grade = Grade::kE, .maintained = false}});
  const std::string markdown = BacktestMarkdown(report);
  EXPECT_NE(markdown.find("| A | 1 | 1 | 100.0 % |"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("| E | 1 | 0 | 0.0 % |"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("| D | 0 | 0 | – |"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("| valuation total | 1.0000 |"), std::string::npos) << markdown;
  EXPECT_NE(markdown.find("outcome on 2023-12-31 (horizon 5 years)"), std::string::npos);
}

// --- the service over a hand-built corpus --------------------------------------------------

// 2026-11-28 12:00 in Shanghai.
constexpr int64_t kNow = 1795795200000LL + 4LL * 3600 * 1000;

patents::Patent Grant(const std::string& doc_number, const std::string& filed,
                      const std::string& published, int claims) {
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
  patent.ipc_main = "H01M 10/613";
  patent.ipc = {{.symbol = "H01M 10/613"}};
  for (int number = 1; number <= claims; ++number) {
    patent.claims.push_back({.number = number,
                             .text = "claim",
                             .depends_on = number == 1 ? std::vector<int>{} : std::vector<int>{1}});
  }
  return patent;
}

template <typename Backend>
class BacktestServiceTest : public db::testing::DatabaseTest<Backend> {
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

  // Valued on 2018-12-31, outcome on 2023-12-31. All of one cohort, H01M/2015, but e.
  //   a  20 claims, valid throughout                                → maintained
  //   b   3 claims, lapsed 2021 (CF01)                              → not maintained
  //   c   5 claims, lapsed 2017: not in force on 2018-12-31         → left out, but ranked
  //   d  published 2019: unknown on 2018-12-31                      → not even valued
  //   e  utility model filed 2012: term ends 2022-01-10             → left out (term)
  //   g   2 claims, surrendered 2020 (AV01)                         → not maintained
  //   us a US grant in force                                        → left out (no fee data)
  void StoreCorpus() {
    patents::Patent a = Grant("110000001", "2015-03-01", "2017-05-02", 20);
    patents::Patent b = Grant("110000002", "2015-03-01", "2017-05-02", 3);
    b.legal_events = {{"CF01", "2021-05-01", "未缴年费专利权终止"}};
    patents::Patent c = Grant("110000003", "2015-03-01", "2016-05-02", 5);
    c.legal_events = {{"CF01", "2017-06-01", "未缴年费专利权终止"}};
    patents::Patent d = Grant("110000004", "2015-03-01", "2019-03-01", 9);
    patents::Patent e = Grant("210000005", "2012-01-10", "2012-08-01", 4);
    e.kind = "U";
    e.publication_number = "CN210000005U";
    e.type = patents::DocumentType::kCnUtilityModel;
    e.ipc_main = "H01M 2/10";
    e.ipc = {{.symbol = "H01M 2/10"}};
    patents::Patent g = Grant("110000007", "2015-03-01", "2017-05-02", 2);
    g.legal_events = {{"AV01", "2020-02-02", "专利权的主动放弃"}};
    patents::Patent us = Grant("9876543", "2015-03-01", "2017-06-04", 15);
    us.country = "US";
    us.kind = "B2";
    us.publication_number = "US9876543B2";
    us.type = patents::DocumentType::kUsUtilityGrant;
    for (const patents::Patent* patent : {&a, &b, &c, &d, &e, &g, &us}) Store(*patent);
  }

  base::FakeClock clock_{kNow};
  std::unique_ptr<ValuationService> service_;
};
TYPED_TEST_SUITE(BacktestServiceTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(BacktestServiceTest, TabulatesWhatWasKnownAgainstTheOutcome) {
  this->StoreCorpus();
  auto report = this->service_->Backtest({.year = 2018, .horizon = 5});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->as_of, "2018-12-31");
  EXPECT_EQ(report->outcome_on, "2023-12-31");
  EXPECT_EQ(report->documents, 6);  // all but d
  EXPECT_EQ(report->in_force, 4);   // a, b, e, g
  EXPECT_EQ(report->us_grants, 1);
  EXPECT_EQ(report->term_ends, 1);  // e
  EXPECT_EQ(report->term_ends_ended, 0);
  EXPECT_EQ(report->other_outcome, 0);
  EXPECT_EQ(report->ended_lapsed, 1);     // b
  EXPECT_EQ(report->ended_abandoned, 1);  // g
  const BacktestTable& table = report->table;
  EXPECT_EQ(table.patents, 3);
  EXPECT_EQ(table.maintained, 1);
  // The cohort H01M/2015 as known that day has five members, the lapsed c and the US grant
  // (15 claims) ranked too: c (no status, no term) < g (2 claims) < b (3) < us (15) < a (20)
  // → percentiles 10, 30, 50, 70, 90 → D, C, C, B, A.
  EXPECT_EQ(table.by_grade[0].patents, 1);  // a
  EXPECT_EQ(table.by_grade[0].maintained, 1);
  EXPECT_EQ(table.by_grade[2].patents, 2);  // b, g
  EXPECT_EQ(table.by_grade[2].maintained, 0);
  EXPECT_EQ(table.ungraded.patents, 0);
  // a outranks b and g on the total and on claims; the remaining terms are equal.
  EXPECT_EQ(table.auc_model, 1.0);
  EXPECT_EQ(table.auc_claims, 1.0);
  EXPECT_EQ(table.auc_remaining_term, 0.5);
}

TYPED_TEST(BacktestServiceTest, DefaultsToTheLatestYearWhoseOutcomeHasPassed) {
  this->StoreCorpus();
  auto report = this->service_->Backtest({.horizon = 5});  // today is 2026-11-28
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->year, 2020);
  EXPECT_EQ(report->outcome_on, "2025-12-31");
}

TYPED_TEST(BacktestServiceTest, RefusesAHorizonOrYearThatCannotBeRead) {
  auto horizon = this->service_->Backtest({.year = 2018, .horizon = 0});
  EXPECT_EQ(horizon.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(horizon.status().ToString().find("horizon"), std::string::npos);
  auto future = this->service_->Backtest({.year = 2022, .horizon = 5});
  EXPECT_EQ(future.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(future.status().ToString().find("year"), std::string::npos);
}

TYPED_TEST(BacktestServiceTest, RefreshScoresTheDefaultAndEveryStoredScenario) {
  auto empty = this->service_->ScoresOutdated();
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_FALSE(*empty);  // no patent: nothing to score
  this->StoreCorpus();
  auto latest = this->service_->LatestPatentChange();
  ASSERT_TRUE(latest.ok()) << latest.status();
  EXPECT_EQ(*latest, 7);
  auto outdated = this->service_->ScoresOutdated();
  ASSERT_TRUE(outdated.ok());
  EXPECT_TRUE(*outdated);  // no scores yet
  ASSERT_TRUE(this->service_->ScoreAll(Scenario::kTax, "2024-06-30").ok());

  this->clock_.Advance(1000);
  auto refreshed = this->service_->RefreshScores();
  ASSERT_TRUE(refreshed.ok()) << refreshed.status();
  ASSERT_EQ(refreshed->size(), 2u);
  EXPECT_EQ((*refreshed)[0].scenario, Scenario::kTax);
  EXPECT_EQ((*refreshed)[1].scenario, Scenario::kPortfolioGrading);
  for (const ScoreSummary& summary : *refreshed) {
    EXPECT_EQ(summary.as_of, "2026-11-28");  // today, not the stored batch's day
    EXPECT_EQ(summary.patents, 7);
  }
  outdated = this->service_->ScoresOutdated();
  ASSERT_TRUE(outdated.ok());
  EXPECT_FALSE(*outdated);

  // A later change makes them outdated again.
  this->clock_.Advance(1000);
  this->Store(Grant("110000009", "2016-01-01", "2018-01-01", 4));
  outdated = this->service_->ScoresOutdated();
  ASSERT_TRUE(outdated.ok());
  EXPECT_TRUE(*outdated);
  latest = this->service_->LatestPatentChange();
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(*latest, 8);
}

}  // namespace
}  // namespace iphub::analytics
