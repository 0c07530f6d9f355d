// Prometheus metrics of the HTTP server, exposed in text format 0.0.4:
//
//   iphub_http_requests_total{method,route,status}       counter
//   iphub_http_request_duration_seconds{method,route}    histogram
//   iphub_http_in_flight_requests                        gauge
//   process_start_time_seconds                           gauge
//
// `route` is the route pattern ("/api/v1/users/{id}"), "static" or
// "unmatched", never the raw path, and `method` is a known verb or "OTHER", so
// the number of series stays bounded by the route table.
//
//   HttpMetrics metrics;
//   metrics.RequestStarted();
//   ...
//   metrics.RequestFinished("GET", "/api/v1/users/{id}", 200, 0.004);
//   std::string text = metrics.Render();
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace iphub::http::internal {

// Thread-safe. Recording takes a shared lock to find the series (an exclusive
// one only the first time a series appears) and then updates atomics.
class HttpMetrics {
 public:
  // Upper bounds (seconds) of the duration histogram buckets; +Inf is implied.
  static constexpr std::array<double, 14> kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  HttpMetrics();

  void RequestStarted() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  // Counts one finished request and ends its in-flight period.
  void RequestFinished(std::string_view method, std::string_view route, int status, double seconds);
  // Ends the in-flight period of a request that got no response (the
  // connection failed or timed out while it was being read or written).
  void RequestAbandoned() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }
  // The exposition text (Content-Type: text/plain; version=0.0.4).
  std::string Render() const;

  // "GET", "POST", ... for known verbs, otherwise "OTHER".
  static std::string_view NormalizeMethod(std::string_view method);

 private:
  struct Histogram {
    std::array<std::atomic<uint64_t>, kBuckets.size()> buckets{};  // non-cumulative
    std::atomic<uint64_t> count{0};
    std::atomic<double> sum{0};
  };
  using CounterKey = std::tuple<std::string, std::string, int>;  // method, route, status
  using HistogramKey = std::pair<std::string, std::string>;      // method, route

  std::atomic<uint64_t>& CounterFor(std::string_view method, std::string_view route, int status);
  Histogram& HistogramFor(std::string_view method, std::string_view route);

  const double start_time_seconds_;
  std::atomic<int64_t> in_flight_{0};
  mutable std::shared_mutex mutex_;  // guards the maps, not the values
  std::map<CounterKey, std::unique_ptr<std::atomic<uint64_t>>> counters_;
  std::map<HistogramKey, std::unique_ptr<Histogram>> histograms_;
};

}  // namespace iphub::http::internal
