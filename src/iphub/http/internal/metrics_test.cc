#include "iphub/http/internal/metrics.h"

#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace iphub::http::internal {
namespace {

using ::testing::HasSubstr;

TEST(HttpMetrics, RendersCounterHistogramAndGauges) {
  HttpMetrics metrics;
  metrics.RequestStarted();
  metrics.RequestFinished("GET", "/api/v1/users/{id}", 200, 0.003);
  metrics.RequestStarted();
  metrics.RequestFinished("BREW", "unmatched", 404, 20);
  metrics.RequestStarted();  // still in flight
  const std::string text = metrics.Render();
  EXPECT_THAT(text, HasSubstr("# TYPE iphub_http_requests_total counter\n"));
  EXPECT_THAT(text,
              HasSubstr("iphub_http_requests_total{method=\"GET\",route=\"/api/v1/users/{id}\","
                        "status=\"200\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("method=\"OTHER\",route=\"unmatched\",status=\"404\"} 1"));
  EXPECT_THAT(text, HasSubstr("# TYPE iphub_http_request_duration_seconds histogram\n"));
  EXPECT_THAT(text, HasSubstr("iphub_http_request_duration_seconds_bucket{method=\"GET\","
                              "route=\"/api/v1/users/{id}\",le=\"0.0025\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("iphub_http_request_duration_seconds_bucket{method=\"GET\","
                              "route=\"/api/v1/users/{id}\",le=\"0.005\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("route=\"unmatched\",le=\"10\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("route=\"unmatched\",le=\"+Inf\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("iphub_http_request_duration_seconds_count{method=\"GET\","
                              "route=\"/api/v1/users/{id}\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("iphub_http_in_flight_requests 1\n"));
  EXPECT_THAT(text, HasSubstr("process_start_time_seconds "));
}

TEST(HttpMetrics, CountsFromManyThreads) {
  HttpMetrics metrics;
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < 4; ++thread_idx) {
    threads.emplace_back([&metrics] {
      for (int request_idx = 0; request_idx < 1000; ++request_idx) {
        metrics.RequestStarted();
        metrics.RequestFinished("GET", "/healthz", 200, 0.0001);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const std::string text = metrics.Render();
  EXPECT_THAT(text, HasSubstr("route=\"/healthz\",status=\"200\"} 4000\n"));
  EXPECT_THAT(text, HasSubstr("iphub_http_in_flight_requests 0\n"));
}

}  // namespace
}  // namespace iphub::http::internal
