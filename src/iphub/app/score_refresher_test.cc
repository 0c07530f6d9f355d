#include "iphub/app/score_refresher.h"

#include "gtest/gtest.h"

namespace iphub::app {
namespace {

constexpr RefreshTriggerOptions kOptions{.quiet_ms = 1000, .max_wait_ms = 10'000, .retry_ms = 5000};

TEST(RefreshTrigger, WaitsForTheChangeLogToMoveAndThenStayStill) {
  RefreshTrigger trigger(/*scored_through=*/10, kOptions);
  EXPECT_FALSE(trigger.ShouldRun(10, 0));     // nothing new
  EXPECT_FALSE(trigger.ShouldRun(10, 5000));  // still nothing
  EXPECT_FALSE(trigger.ShouldRun(12, 6000));  // an import commits
  EXPECT_FALSE(trigger.ShouldRun(15, 6500));  // and commits again
  EXPECT_FALSE(trigger.ShouldRun(15, 7400));  // still for 900 ms only
  EXPECT_TRUE(trigger.ShouldRun(15, 7500));   // still for 1000 ms: run
}

TEST(RefreshTrigger, RunsOneBatchAtATimeAndAgainForChangesDuringIt) {
  RefreshTrigger trigger(10, kOptions);
  EXPECT_FALSE(trigger.ShouldRun(12, 0));
  ASSERT_TRUE(trigger.ShouldRun(12, 1000));
  trigger.Started(12);
  // While it runs, more changes come; no second batch starts.
  EXPECT_FALSE(trigger.ShouldRun(14, 1500));
  EXPECT_FALSE(trigger.ShouldRun(14, 3000));
  trigger.Finished(/*ok=*/true, 3000);
  EXPECT_EQ(trigger.scored_through(), 12);
  // Changes 13 and 14 came during it: pending, and still for long enough → run again.
  EXPECT_TRUE(trigger.ShouldRun(14, 3100));
  trigger.Started(14);
  trigger.Finished(true, 3200);
  EXPECT_EQ(trigger.scored_through(), 14);
  EXPECT_FALSE(trigger.ShouldRun(14, 9000));  // all scored
}

TEST(RefreshTrigger, RunsAfterTheLongestWaitEvenIfChangesKeepComing) {
  RefreshTrigger trigger(0, kOptions);
  int64_t seq = 0;
  int64_t now = 0;
  for (; now < 10'000; now += 500) EXPECT_FALSE(trigger.ShouldRun(++seq, now)) << now;
  EXPECT_TRUE(trigger.ShouldRun(++seq, now));  // pending for 10 s
}

TEST(RefreshTrigger, WaitsBeforeRetryingAFailedBatch) {
  RefreshTrigger trigger(3, kOptions);
  EXPECT_FALSE(trigger.ShouldRun(4, 0));
  ASSERT_TRUE(trigger.ShouldRun(4, 1000));
  trigger.Started(4);
  trigger.Finished(/*ok=*/false, 2000);
  EXPECT_EQ(trigger.scored_through(), 3);  // still pending
  EXPECT_FALSE(trigger.ShouldRun(4, 3000));
  EXPECT_FALSE(trigger.ShouldRun(4, 6999));
  EXPECT_TRUE(trigger.ShouldRun(4, 7000));
}

TEST(RefreshTrigger, OutdatedScoresAtStartArePending) {
  // The server starts after imports it did not see: scored_through is one less than the log.
  RefreshTrigger trigger(/*scored_through=*/41, kOptions);
  EXPECT_FALSE(trigger.ShouldRun(42, 0));
  EXPECT_TRUE(trigger.ShouldRun(42, 1000));
}

}  // namespace
}  // namespace iphub::app
