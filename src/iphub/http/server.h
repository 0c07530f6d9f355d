// The HTTP/1.1 server (Boost.Beast over Asio).
//
// Keep-alive; request body limit (413 problem beyond it); read and idle
// timeouts; a request id on every request and in the log line; Prometheus
// metrics per route; graceful shutdown: Stop() (or SIGTERM/SIGINT when
// HandleSignals is set) stops accepting, lets in-flight requests finish, then
// Run() returns. Built-in routes: GET /healthz, GET /metrics,
// GET /api/v1/openapi.json. Paths not under /api/ that match no route are
// served from `web_dir` (hashed files under /assets/ with a one-year immutable
// cache; anything else without a file falls back to index.html, no-cache).
// Handlers run on the server's thread pool and may block (database calls).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "iphub/http/router.h"

namespace iphub::http {

struct ServerOptions {
  std::string listen = "127.0.0.1";
  int port = 8080;  // 0: pick a free port (see Server::port())
  int threads = 2;
  int64_t body_limit_bytes = 1 << 20;
  int request_timeout_seconds = 30;  // reading one request
  int idle_timeout_seconds = 60;     // keep-alive idle
  std::string web_dir;               // empty: no static files
  std::string version = "dev";       // reported in /healthz and openapi.json
  bool handle_signals = true;
  // Called once the socket is listening (tests and `serve` print the port).
  std::function<void(int port)> on_listening;
};

class Server {
 public:
  Server(ServerOptions options, Router router);
  ~Server();
  // Binds, listens and serves until Stop() or a signal. Unavailable if the
  // address cannot be bound.
  absl::Status Run();
  // Thread-safe; may be called from a handler or another thread.
  void Stop();
  int port() const { return port_.load(); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::atomic<int> port_{0};
};

}  // namespace iphub::http
