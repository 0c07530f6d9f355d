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
//
// Dispatch order: the Router (so an application route may replace a built-in,
// e.g. its own GET /healthz), then the built-ins, then 405 (with Allow) when
// the path matched a route of another method, then 404 problem for /api/...,
// then static files. Every response carries X-Request-Id, Server: iphub,
// X-Content-Type-Options, X-Frame-Options, Referrer-Policy, and JSON answers
// Cache-Control: no-store. One log line per request (spdlog info).
//
//   http::Server server({.port = 0, .on_listening = [](int port) { ... }}, std::move(router));
//   std::thread stopper([&] { ...; server.Stop(); });
//   absl::Status status = server.Run();  // blocks until stopped
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
  int threads = 2;  // io threads, Run()'s own included; bounds concurrent handlers
  int64_t body_limit_bytes = 1 << 20;
  int request_timeout_seconds = 30;  // reading one request
  int idle_timeout_seconds = 60;     // keep-alive idle
  std::string web_dir{};             // empty: no static files
  std::string version = "dev";       // reported in /healthz and openapi.json
  bool handle_signals = true;
  // Called once the socket is listening (tests and `serve` print the port).
  std::function<void(int port)> on_listening{};
};

// Owns its Router, io_context and connections. Run() once; Stop() from any
// thread (or a handler), also before Run() has started listening.
class Server {
 public:
  Server(ServerOptions options, Router router);
  ~Server();
  // Binds, listens and serves until Stop() or a signal; returns OK once every
  // connection has ended (in-flight requests get their response with
  // Connection: close; idle keep-alive connections are closed; after 10 s
  // the rest are closed; a handler that never returns keeps Run() waiting).
  // InvalidArgument for a bad listen address or port, Unavailable if the
  // address cannot be bound.
  absl::Status Run();
  // Thread-safe and idempotent; may be called from a handler or another thread.
  void Stop();
  // The bound port once listening (useful with port 0), else 0.
  int port() const { return port_.load(); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::atomic<int> port_{0};
};

}  // namespace iphub::http
