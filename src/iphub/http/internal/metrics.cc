#include "iphub/http/internal/metrics.h"

#include <chrono>
#include <mutex>

#include "fmt/format.h"

namespace iphub::http::internal {
namespace {

// Label values: backslash, double quote and newline are escaped (format 0.0.4).
std::string EscapeLabel(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char ch : value) {
    switch (ch) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out.push_back(ch);
    }
  }
  return out;
}

double NowSeconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

HttpMetrics::HttpMetrics() : start_time_seconds_(NowSeconds()) {}

std::string_view HttpMetrics::NormalizeMethod(std::string_view method) {
  static constexpr std::string_view kKnown[] = {"GET",   "HEAD",    "POST",  "PUT",    "DELETE",
                                                "PATCH", "OPTIONS", "TRACE", "CONNECT"};
  for (std::string_view known : kKnown) {
    if (method == known) return known;
  }
  return "OTHER";
}

std::atomic<uint64_t>& HttpMetrics::CounterFor(std::string_view method, std::string_view route,
                                               int status) {
  CounterKey key{std::string(method), std::string(route), status};
  {
    std::shared_lock lock(mutex_);
    if (auto it = counters_.find(key); it != counters_.end()) return *it->second;
  }
  std::unique_lock lock(mutex_);
  auto& slot = counters_[std::move(key)];
  if (slot == nullptr) slot = std::make_unique<std::atomic<uint64_t>>(0);
  return *slot;
}

HttpMetrics::Histogram& HttpMetrics::HistogramFor(std::string_view method, std::string_view route) {
  HistogramKey key{std::string(method), std::string(route)};
  {
    std::shared_lock lock(mutex_);
    if (auto it = histograms_.find(key); it != histograms_.end()) return *it->second;
  }
  std::unique_lock lock(mutex_);
  auto& slot = histograms_[std::move(key)];
  if (slot == nullptr) slot = std::make_unique<Histogram>();
  return *slot;
}

void HttpMetrics::RequestFinished(std::string_view method, std::string_view route, int status,
                                  double seconds) {
  method = NormalizeMethod(method);
  CounterFor(method, route, status).fetch_add(1, std::memory_order_relaxed);
  Histogram& histogram = HistogramFor(method, route);
  size_t bucket_idx = 0;
  while (bucket_idx < kBuckets.size() && seconds > kBuckets[bucket_idx]) ++bucket_idx;
  if (bucket_idx < kBuckets.size()) {
    histogram.buckets[bucket_idx].fetch_add(1, std::memory_order_relaxed);
  }
  histogram.count.fetch_add(1, std::memory_order_relaxed);
  histogram.sum.fetch_add(seconds, std::memory_order_relaxed);
  in_flight_.fetch_sub(1, std::memory_order_relaxed);
}

std::string HttpMetrics::Render() const {
  std::string out;
  std::shared_lock lock(mutex_);

  out += "# HELP iphub_http_requests_total HTTP requests answered, by route pattern.\n";
  out += "# TYPE iphub_http_requests_total counter\n";
  for (const auto& [key, value] : counters_) {
    const auto& [method, route, status] = key;
    fmt::format_to(std::back_inserter(out),
                   "iphub_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                   EscapeLabel(method), EscapeLabel(route), status,
                   value->load(std::memory_order_relaxed));
  }

  out +=
      "# HELP iphub_http_request_duration_seconds Time from request read to response "
      "written.\n";
  out += "# TYPE iphub_http_request_duration_seconds histogram\n";
  for (const auto& [key, histogram] : histograms_) {
    const std::string labels =
        fmt::format("method=\"{}\",route=\"{}\"", EscapeLabel(key.first), EscapeLabel(key.second));
    // Read count first: buckets are bumped before count, so the +Inf bucket
    // (= count) is never below the sum of the finite buckets read after it.
    const uint64_t count = histogram->count.load(std::memory_order_relaxed);
    uint64_t cumulative = 0;
    for (size_t bucket_idx = 0; bucket_idx < kBuckets.size(); ++bucket_idx) {
      cumulative += histogram->buckets[bucket_idx].load(std::memory_order_relaxed);
      fmt::format_to(std::back_inserter(out),
                     "iphub_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels,
                     kBuckets[bucket_idx], std::min(cumulative, count));
    }
    fmt::format_to(std::back_inserter(out),
                   "iphub_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels,
                   count);
    fmt::format_to(std::back_inserter(out), "iphub_http_request_duration_seconds_sum{{{}}} {}\n",
                   labels, histogram->sum.load(std::memory_order_relaxed));
    fmt::format_to(std::back_inserter(out), "iphub_http_request_duration_seconds_count{{{}}} {}\n",
                   labels, count);
  }

  out += "# HELP iphub_http_in_flight_requests Requests being handled now.\n";
  out += "# TYPE iphub_http_in_flight_requests gauge\n";
  fmt::format_to(std::back_inserter(out), "iphub_http_in_flight_requests {}\n",
                 in_flight_.load(std::memory_order_relaxed));
  out += "# HELP process_start_time_seconds Start time of the process since the Unix epoch.\n";
  out += "# TYPE process_start_time_seconds gauge\n";
  fmt::format_to(std::back_inserter(out), "process_start_time_seconds {:.3f}\n",
                 start_time_seconds_);
  return out;
}

}  // namespace iphub::http::internal
