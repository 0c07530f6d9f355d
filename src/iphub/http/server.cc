#include "iphub/http/server.h"

#include <chrono>
#include <csignal>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "boost/asio/dispatch.hpp"
#include "boost/asio/io_context.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/post.hpp"
#include "boost/asio/signal_set.hpp"
#include "boost/asio/steady_timer.hpp"
#include "boost/asio/strand.hpp"
#include "boost/asio/write.hpp"
#include "boost/beast/core.hpp"
#include "boost/beast/http.hpp"
#include "fmt/format.h"
#include "iphub/base/status.h"
#include "iphub/http/internal/metrics.h"
#include "iphub/http/internal/static_files.h"
#include "iphub/http/internal/target.h"
#include "iphub/http/internal/text.h"
#include "spdlog/spdlog.h"

namespace iphub::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
namespace fs = std::filesystem;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

// After Stop(), connections still open this long are closed.
constexpr std::chrono::seconds kShutdownGrace{10};
// After an error answer sent before the request body was read, the unread
// body is drained (so that closing does not reset the connection and lose the
// answer) for at most this long.
constexpr std::chrono::seconds kLingerTimeout{2};
constexpr uint32_t kHeaderLimitBytes = 16 * 1024;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

class ServerCore;

// Beast 1.74 uses boost::string_view, which does not convert to std::string_view.
std::string_view Sv(beast::string_view text) { return {text.data(), text.size()}; }

// One TCP connection: reads requests one after another (keep-alive), runs the
// handler synchronously on the connection's strand, writes the response.
// Owned by shared_ptrs held by its pending asynchronous operations; it ends
// when the last operation completes without starting another.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(ServerCore& core, tcp::socket socket, uint64_t id);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  uint64_t id() const { return id_; }
  // Each of these is thread-safe: it posts to the session's strand.
  void Start();
  void CloseIfIdle();  // shutdown: close a keep-alive connection waiting for a request
  void ForceClose();   // shutdown grace expired

 private:
  void WaitForRequest();
  void OnFirstBytes(beast::error_code ec, size_t bytes);
  void ReadHeader();
  void OnHeader(beast::error_code ec);
  void ReadBody();
  void OnBody(beast::error_code ec);
  void Handle();
  void Respond(Response response, std::string route, bool keep_alive);
  void OnWrite(bool close, beast::error_code ec);
  // Streamed bodies: the header, then one chunk per producer call, then the last chunk.
  void StartStream(bool close);
  void WriteNextChunk(bool close);
  void Linger();
  void OnLingerRead(beast::error_code ec);
  void Close();
  // Answers a request that failed to parse (400/413/431) and closes.
  void RespondToReadError(beast::error_code ec);
  void BeginRequest();

  ServerCore& core_;
  const uint64_t id_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string remote_addr_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  int64_t body_limit_ = 0;  // of the current request's route
  std::optional<bhttp::response<bhttp::string_body>> response_;
  // A streamed response: header serializer, producer, the chunk being written.
  std::optional<bhttp::response<bhttp::empty_body>> stream_header_;
  std::optional<bhttp::response_serializer<bhttp::empty_body>> stream_serializer_;
  Response::Producer producer_;
  std::string chunk_;
  size_t streamed_bytes_ = 0;
  std::array<char, 4096> drain_buffer_{};

  bool first_request_ = true;
  bool idle_ = false;        // waiting for the first byte of a request
  bool in_request_ = false;  // counted in the in-flight gauge, no response yet
  // The request being served, for the log line and metrics.
  Clock::time_point started_;
  std::string request_id_;
  std::string method_ = "-";
  std::string target_ = "-";
  std::string route_;
  int status_ = 0;
};

// Everything the server owns; Server::Impl wraps it. Thread-safety: Stop()
// and the session registry are safe from any thread; the acceptor, signal set
// and shutdown timer are only touched on `control_`.
class ServerCore {
 public:
  ServerCore(ServerOptions options, Router router);

  absl::Status Listen(std::atomic<int>& port);
  void RunThreads();
  void Stop();

  const ServerOptions& options() const { return options_; }
  // The largest body any route accepts (the parser's limit while the header is
  // read), and the limit of the route `method target` addresses.
  int64_t max_body_limit() const { return max_body_limit_; }
  int64_t BodyLimitFor(std::string_view method, std::string_view target) const;
  bool stopping() const { return stopping_.load(); }
  internal::HttpMetrics& metrics() { return metrics_; }
  net::io_context& io_context() { return ioc_; }

  // Answers `request`; sets `route` to the metrics label. Never throws out of
  // a handler (an exception becomes a 500 problem).
  Response Dispatch(Request& request, std::string& route);

  void Register(const std::shared_ptr<Session>& session);
  void Unregister(uint64_t id);

 private:
  void Accept();
  void OnAccept(beast::error_code ec, tcp::socket socket);
  void BeginShutdown();
  void OnShutdownDeadline(beast::error_code ec);
  std::vector<std::shared_ptr<Session>> LiveSessions();
  Response CallHandler(const RouteSpec& route, Request& request);

  const ServerOptions options_;
  const Router router_;
  int64_t max_body_limit_ = 0;
  fs::path web_root_;  // canonical; empty: no static files
  std::string openapi_json_;
  internal::HttpMetrics metrics_;
  std::atomic<bool> stopping_{false};

  std::mutex sessions_mutex_;
  std::map<uint64_t, std::weak_ptr<Session>> sessions_;  // guarded by sessions_mutex_
  uint64_t next_session_id_ = 0;                         // guarded by sessions_mutex_
  bool deadline_armed_ = false;                          // guarded by sessions_mutex_

  // Declared after the registry: destroying the io_context destroys pending
  // handlers and with them sessions, which unregister themselves.
  net::io_context ioc_;
  net::strand<net::io_context::executor_type> control_;
  tcp::acceptor acceptor_;
  net::steady_timer accept_retry_timer_;
  net::steady_timer shutdown_timer_;
  std::optional<net::signal_set> signals_;
};

// ---------------------------------------------------------------------------
// Session

Session::Session(ServerCore& core, tcp::socket socket, uint64_t id)
    : core_(core), id_(id), stream_(std::move(socket)) {
  beast::error_code ec;
  const tcp::endpoint peer = stream_.socket().remote_endpoint(ec);
  remote_addr_ = ec ? "-" : peer.address().to_string();
  stream_.socket().set_option(tcp::no_delay(true), ec);
}

Session::~Session() {
  if (in_request_) core_.metrics().RequestAbandoned();
  core_.Unregister(id_);
}

void Session::Start() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->WaitForRequest(); });
}

void Session::CloseIfIdle() {
  net::post(stream_.get_executor(), [self = shared_from_this()] {
    if (self->idle_) self->Close();
  });
}

void Session::ForceClose() {
  net::post(stream_.get_executor(), [self = shared_from_this()] { self->Close(); });
}

void Session::Close() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream_.close();
}

// Waits for the first byte of the next request under the idle timeout (the
// request timeout for a new connection), so that shutdown can tell idle
// keep-alive connections from requests in progress.
void Session::WaitForRequest() {
  if (core_.stopping()) return Close();
  if (buffer_.size() > 0) return ReadHeader();  // pipelined request already buffered
  idle_ = true;
  const auto& options = core_.options();
  stream_.expires_after(std::chrono::seconds(first_request_ ? options.request_timeout_seconds
                                                            : options.idle_timeout_seconds));
  stream_.async_read_some(buffer_.prepare(4096),
                          beast::bind_front_handler(&Session::OnFirstBytes, shared_from_this()));
}

void Session::OnFirstBytes(beast::error_code ec, size_t bytes) {
  idle_ = false;
  if (ec) return Close();  // EOF, idle timeout, or closed by shutdown
  buffer_.commit(bytes);
  ReadHeader();
}

void Session::ReadHeader() {
  first_request_ = false;
  parser_.emplace();
  // The route is known only once the header is in: until then the largest
  // limit of any route applies, then the route's own (OnHeader).
  body_limit_ = core_.max_body_limit();
  parser_->body_limit(static_cast<uint64_t>(body_limit_));
  parser_->header_limit(kHeaderLimitBytes);
  stream_.expires_after(std::chrono::seconds(core_.options().request_timeout_seconds));
  bhttp::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
}

void Session::BeginRequest() {
  started_ = Clock::now();
  in_request_ = true;
  core_.metrics().RequestStarted();
  method_ = "-";
  target_ = "-";
  route_ = "unmatched";
  const auto& message = parser_->get();
  request_id_ = internal::SanitizeOrGenerateRequestId(Sv(message["X-Request-Id"]));
  if (parser_->is_header_done()) {
    method_ = std::string(message.method_string());
    target_ = std::string(message.target());
  }
}

void Session::OnHeader(beast::error_code ec) {
  if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
      ec == net::error::operation_aborted || ec == net::error::connection_reset) {
    return Close();
  }
  BeginRequest();
  if (ec) return RespondToReadError(ec);

  const auto& message = parser_->get();
  if (!parser_->is_done()) {
    // A body follows: the route decides how large it may be (looked up only
    // for requests with a body, so GETs are not routed twice).
    body_limit_ = core_.BodyLimitFor(Sv(message.method_string()), Sv(message.target()));
    if (const auto length = parser_->content_length();
        length.has_value() && *length > static_cast<uint64_t>(body_limit_)) {
      return RespondToReadError(bhttp::error::body_limit);
    }
    parser_->body_limit(static_cast<uint64_t>(body_limit_));
  }
  if (message.version() == 11 && !parser_->is_done() &&
      internal::EqualsIgnoreCase(Sv(message[bhttp::field::expect]), "100-continue")) {
    net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                     [self = shared_from_this()](beast::error_code write_ec, size_t) {
                       if (write_ec) return self->Close();
                       self->ReadBody();
                     });
    return;
  }
  ReadBody();
}

void Session::ReadBody() {
  if (parser_->is_done()) return Handle();
  bhttp::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
}

void Session::OnBody(beast::error_code ec) {
  if (ec == beast::error::timeout || ec == net::error::operation_aborted ||
      ec == net::error::connection_reset || ec == bhttp::error::end_of_stream) {
    return Close();
  }
  if (ec) return RespondToReadError(ec);
  Handle();
}

void Session::RespondToReadError(beast::error_code ec) {
  Response response;
  if (ec == bhttp::error::body_limit) {
    response = Response::Problem(413, "Payload too large",
                                 fmt::format("request body exceeds {} bytes", body_limit_));
  } else if (ec == bhttp::error::header_limit) {
    response = Response::Problem(431, "Request header fields too large",
                                 fmt::format("request header exceeds {} bytes", kHeaderLimitBytes));
  } else {
    response = Response::Problem(400, "Bad request", "malformed HTTP request: " + ec.message());
  }
  Respond(std::move(response), "unmatched", /*keep_alive=*/false);
}

void Session::Handle() {
  Response response;
  std::string route = "unmatched";
  bool keep_alive = false;
  try {
    auto& message = parser_->get();
    keep_alive = message.keep_alive();
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    request.request_id = request_id_;
    request.remote_addr = remote_addr_;
    absl::StatusOr<internal::ParsedTarget> target = internal::ParseTarget(request.target);
    if (!target.ok()) {
      response = Response::Problem(400, "Bad request", std::string(target.status().message()));
    } else {
      request.path = std::move(target->path);
      request.query = std::move(target->query);
      request.headers.reserve(std::distance(message.begin(), message.end()));
      for (const auto& field : message) {
        request.headers.emplace_back(internal::AsciiToLower(Sv(field.name_string())),
                                     std::string(Sv(field.value())));
      }
      request.body = std::move(message.body());
      // The handler runs here, synchronously, and blocks this io thread while
      // it waits (e.g. on the database); `threads` bounds the concurrency.
      response = core_.Dispatch(request, route);
    }
  } catch (const std::exception& e) {
    spdlog::error("request {}: {}", request_id_, e.what());
    response = Response::Problem(500, "Internal", "internal server error");
  }
  Respond(std::move(response), std::move(route), keep_alive);
}

void Session::Respond(Response response, std::string route, bool keep_alive) {
  route_ = std::move(route);
  keep_alive = keep_alive && !core_.stopping();
  try {
    if (response.status < 200 || response.status > 599) {
      spdlog::error("request {}: handler returned HTTP status {}", request_id_, response.status);
      response = Response::Problem(500, "Internal", "internal server error");
    }
    auto& res = response_.emplace();
    const auto* request = parser_ && parser_->is_header_done() ? &parser_->get() : nullptr;
    res.version(request != nullptr && request->version() == 10 ? 10 : 11);
    res.result(static_cast<unsigned>(response.status));
    for (auto& [name, value] : response.headers) {
      // Header text from handlers must not split the response.
      if (name.empty() || name.find_first_of("\r\n:\0", 0, 4) != std::string::npos ||
          value.find_first_of("\r\n\0", 0, 3) != std::string::npos) {
        spdlog::error("request {}: dropped a malformed response header", request_id_);
        continue;
      }
      res.insert(name, value);
    }
    auto set_default = [&res](beast::string_view name, beast::string_view value) {
      if (res.find(name) == res.end()) res.set(name, value);
    };
    res.set(bhttp::field::server, "iphub");
    set_default("X-Content-Type-Options", "nosniff");
    set_default("X-Frame-Options", "DENY");
    set_default("Referrer-Policy", "same-origin");
    if (response.content_type.starts_with("application/json") ||
        response.content_type.starts_with("application/problem+json")) {
      set_default("Cache-Control", "no-store");
    }
    res.set("X-Request-Id", request_id_);
    const bool no_body = response.status == 204 || response.status == 304;
    if (!response.content_type.empty() && !no_body) {
      res.set(bhttp::field::content_type, response.content_type);
    }
    res.keep_alive(keep_alive);
    status_ = response.status;
    if (response.stream && !no_body && request != nullptr &&
        request->method() != bhttp::verb::head) {
      // Same header, no body: the chunks follow.
      auto& header = stream_header_.emplace(res.result(), res.version());
      for (const auto& field : res) header.insert(field.name_string(), field.value());
      header.keep_alive(keep_alive);
      header.chunked(true);
      producer_ = std::move(response.stream);
      response_.reset();
      return StartStream(!keep_alive);
    }
    if (no_body) {
      res.prepare_payload();
    } else if (request != nullptr && request->method() == bhttp::verb::head) {
      res.content_length(response.body.size());
    } else {
      res.body() = std::move(response.body);
      res.prepare_payload();
    }
  } catch (const std::exception& e) {
    spdlog::error("request {}: cannot build the response: {}", request_id_, e.what());
    auto& res = response_.emplace(bhttp::status::internal_server_error, 11);
    res.set(bhttp::field::content_type, "application/problem+json");
    res.body() =
        R"({"type":"/problems/internal","title":"Internal","status":500,"detail":"internal server error"})";
    res.keep_alive(false);
    res.prepare_payload();
    status_ = 500;
    keep_alive = false;
  }
  stream_.expires_after(std::chrono::seconds(core_.options().request_timeout_seconds));
  bhttp::async_write(stream_, *response_,
                     [self = shared_from_this(), close = !keep_alive](
                         beast::error_code ec, size_t) { self->OnWrite(close, ec); });
}

void Session::StartStream(bool close) {
  streamed_bytes_ = 0;
  stream_.expires_after(std::chrono::seconds(core_.options().request_timeout_seconds));
  stream_serializer_.emplace(*stream_header_);
  bhttp::async_write_header(stream_, *stream_serializer_,
                            [self = shared_from_this(), close](beast::error_code ec, size_t) {
                              if (ec) return self->OnWrite(true, ec);
                              self->WriteNextChunk(close);
                            });
}

void Session::WriteNextChunk(bool close) {
  absl::StatusOr<bool> more = false;
  try {
    do {
      chunk_.clear();
      more = producer_(chunk_);
    } while (more.ok() && *more && chunk_.empty());
  } catch (const std::exception& e) {
    more = absl::InternalError(e.what());
  }
  if (!more.ok()) {
    // Too late for a problem response: end the connection without the last chunk.
    spdlog::error("request {}: streamed body failed: {}", request_id_,
                  std::string(more.status().message()));
    return OnWrite(true, net::error::make_error_code(net::error::connection_aborted));
  }
  // A fresh deadline per chunk: a long export is fine as long as it progresses.
  stream_.expires_after(std::chrono::seconds(core_.options().request_timeout_seconds));
  streamed_bytes_ += chunk_.size();
  const bool last = !*more;
  if (chunk_.empty()) {
    return net::async_write(stream_, bhttp::make_chunk_last(),
                            [self = shared_from_this(), close](beast::error_code ec, size_t) {
                              self->OnWrite(close, ec);
                            });
  }
  net::async_write(stream_, bhttp::make_chunk(net::buffer(chunk_)),
                   [self = shared_from_this(), close, last](beast::error_code ec, size_t) {
                     if (ec) return self->OnWrite(true, ec);
                     if (!last) return self->WriteNextChunk(close);
                     net::async_write(self->stream_, bhttp::make_chunk_last(),
                                      [self, close](beast::error_code last_ec, size_t) {
                                        self->OnWrite(close, last_ec);
                                      });
                   });
}

void Session::OnWrite(bool close, beast::error_code ec) {
  const double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
  const size_t bytes = response_ ? response_->body().size() : streamed_bytes_;
  response_.reset();
  stream_serializer_.reset();
  stream_header_.reset();
  producer_ = nullptr;
  chunk_.clear();
  chunk_.shrink_to_fit();
  if (in_request_) {
    in_request_ = false;
    core_.metrics().RequestFinished(method_, route_, status_, seconds);
  }
  spdlog::info("request_id={} remote={} method={} target={} status={} bytes={} ms={:.1f}{}",
               request_id_, remote_addr_, method_, target_, status_, bytes, seconds * 1000,
               ec ? " write_error=" + ec.message() : "");
  if (ec) return Close();
  if (close) {
    const bool unread_input = buffer_.size() > 0 || (parser_ && !parser_->is_done());
    return unread_input ? Linger() : Close();
  }
  WaitForRequest();
}

// Half-closes and discards input until the client closes (or kLingerTimeout),
// so an early error answer is not lost to a TCP reset.
void Session::Linger() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) return Close();
  buffer_.clear();
  stream_.expires_after(kLingerTimeout);
  stream_.async_read_some(net::buffer(drain_buffer_),
                          [self = shared_from_this()](beast::error_code read_ec, size_t) {
                            self->OnLingerRead(read_ec);
                          });
}

void Session::OnLingerRead(beast::error_code ec) {
  if (ec) return Close();
  stream_.async_read_some(net::buffer(drain_buffer_),
                          [self = shared_from_this()](beast::error_code read_ec, size_t) {
                            self->OnLingerRead(read_ec);
                          });
}

// ---------------------------------------------------------------------------
// ServerCore

ServerCore::ServerCore(ServerOptions options, Router router)
    : options_(std::move(options)),
      router_(std::move(router)),
      ioc_(std::max(options_.threads, 1)),
      control_(net::make_strand(ioc_)),
      acceptor_(control_),
      accept_retry_timer_(control_),
      shutdown_timer_(control_) {
  max_body_limit_ = std::max<int64_t>(options_.body_limit_bytes, 0);
  for (const auto& route : router_.routes()) {
    max_body_limit_ = std::max(max_body_limit_, route.body_limit_bytes);
  }
  if (!options_.web_dir.empty()) {
    std::error_code ec;
    web_root_ = fs::canonical(options_.web_dir, ec);
    if (ec || !fs::is_directory(web_root_)) {
      spdlog::warn("web_dir '{}' is not a directory; static files disabled", options_.web_dir);
      web_root_.clear();
    }
  }
  nlohmann::json document = OpenApiDocument(router_, options_.version);
  auto add_builtin = [&document](const char* path, const char* summary, nlohmann::json content) {
    auto& operation = document["paths"][path]["get"];
    if (!operation.is_null()) return;  // the application declared its own
    operation = {{"summary", summary},
                 {"tags", {"operations"}},
                 {"security", nlohmann::json::array()},
                 {"responses", {{"200", {{"description", summary}, {"content", content}}}}}};
  };
  add_builtin("/healthz", "Liveness and version",
              {{"application/json",
                {{"schema",
                  {{"type", "object"},
                   {"properties",
                    {{"status", {{"type", "string"}}}, {"version", {{"type", "string"}}}}}}}}}});
  add_builtin("/metrics", "Prometheus metrics (text format 0.0.4)",
              {{"text/plain", {{"schema", {{"type", "string"}}}}}});
  add_builtin("/api/v1/openapi.json", "This OpenAPI document",
              {{"application/json", {{"schema", {{"type", "object"}}}}}});
  openapi_json_ = document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

absl::Status ServerCore::Listen(std::atomic<int>& port) {
  beast::error_code ec;
  const net::ip::address address = net::ip::make_address(options_.listen, ec);
  if (ec) return absl::InvalidArgumentError("listen address '" + options_.listen + "' is invalid");
  if (options_.port < 0 || options_.port > 65535) {
    return absl::InvalidArgumentError(fmt::format("port {} is out of range", options_.port));
  }
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(options_.port));
  const std::string where = fmt::format("{}:{}", options_.listen, options_.port);
  if (acceptor_.open(endpoint.protocol(), ec); ec) {
    return absl::UnavailableError("cannot open socket for " + where + ": " + ec.message());
  }
  if (acceptor_.set_option(net::socket_base::reuse_address(true), ec); ec) {
    return absl::UnavailableError("cannot set SO_REUSEADDR: " + ec.message());
  }
  if (acceptor_.bind(endpoint, ec); ec) {
    return absl::UnavailableError("cannot bind " + where + ": " + ec.message());
  }
  if (acceptor_.listen(net::socket_base::max_listen_connections, ec); ec) {
    return absl::UnavailableError("cannot listen on " + where + ": " + ec.message());
  }
  port.store(acceptor_.local_endpoint().port());

  if (options_.handle_signals) {
    signals_.emplace(control_, SIGINT, SIGTERM);
    signals_->async_wait([this](beast::error_code signal_ec, int signal_number) {
      if (signal_ec) return;
      spdlog::info("signal {} received: shutting down", signal_number);
      Stop();
    });
  }
  net::dispatch(control_, [this] { Accept(); });
  return absl::OkStatus();
}

void ServerCore::RunThreads() {
  auto run = [this] {
    // Handlers catch their exceptions; this is the last line of defence, as
    // Asio documents: an exception from run() leaves the context reusable.
    for (;;) {
      try {
        ioc_.run();
        return;
      } catch (const std::exception& e) {
        spdlog::error("uncaught exception on an io thread: {}", e.what());
      }
    }
  };
  std::vector<std::thread> threads;
  for (int thread_idx = 1; thread_idx < options_.threads; ++thread_idx) threads.emplace_back(run);
  run();
  for (std::thread& thread : threads) thread.join();
}

void ServerCore::Stop() {
  if (stopping_.exchange(true)) return;
  net::post(control_, [this] { BeginShutdown(); });
}

void ServerCore::BeginShutdown() {
  beast::error_code ec;
  acceptor_.close(ec);
  accept_retry_timer_.cancel();
  if (signals_) signals_->cancel(ec);
  std::vector<std::shared_ptr<Session>> live = LiveSessions();
  {
    std::lock_guard lock(sessions_mutex_);
    if (!sessions_.empty()) {
      deadline_armed_ = true;
      shutdown_timer_.expires_after(kShutdownGrace);
      shutdown_timer_.async_wait(
          [this](beast::error_code timer_ec) { OnShutdownDeadline(timer_ec); });
    }
  }
  spdlog::info("server stopping: {} open connection(s)", live.size());
  for (const auto& session : live) session->CloseIfIdle();
}

void ServerCore::OnShutdownDeadline(beast::error_code ec) {
  if (ec) return;  // cancelled: every connection ended in time
  std::vector<std::shared_ptr<Session>> live = LiveSessions();
  {
    std::lock_guard lock(sessions_mutex_);
    deadline_armed_ = false;
  }
  spdlog::warn("shutdown grace of {}s expired: closing {} connection(s)", kShutdownGrace.count(),
               live.size());
  for (const auto& session : live) session->ForceClose();
}

std::vector<std::shared_ptr<Session>> ServerCore::LiveSessions() {
  std::lock_guard lock(sessions_mutex_);
  std::vector<std::shared_ptr<Session>> live;
  for (const auto& [id, weak] : sessions_) {
    if (auto session = weak.lock()) live.push_back(std::move(session));
  }
  return live;
}

void ServerCore::Register(const std::shared_ptr<Session>& session) {
  std::lock_guard lock(sessions_mutex_);
  sessions_.emplace(session->id(), session);
}

void ServerCore::Unregister(uint64_t id) {
  std::lock_guard lock(sessions_mutex_);
  sessions_.erase(id);
  if (sessions_.empty() && deadline_armed_) {
    deadline_armed_ = false;
    net::post(control_, [this] { shutdown_timer_.cancel(); });
  }
}

void ServerCore::Accept() {
  acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    OnAccept(ec, std::move(socket));
  });
}

void ServerCore::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || stopping()) return;
  if (ec) {
    // E.g. EMFILE: back off briefly instead of spinning.
    spdlog::warn("accept failed: {}", ec.message());
    accept_retry_timer_.expires_after(std::chrono::milliseconds(100));
    accept_retry_timer_.async_wait([this](beast::error_code timer_ec) {
      if (!timer_ec && !stopping()) Accept();
    });
    return;
  }
  uint64_t id = 0;
  {
    std::lock_guard lock(sessions_mutex_);
    id = next_session_id_++;
  }
  try {
    auto session = std::make_shared<Session>(*this, std::move(socket), id);
    Register(session);
    session->Start();
  } catch (const std::exception& e) {
    spdlog::error("cannot start a connection: {}", e.what());
  }
  Accept();
}

Response ServerCore::CallHandler(const RouteSpec& route, Request& request) {
  try {
    return route.handler(request);
  } catch (const std::exception& e) {
    spdlog::error("request {}: handler for {} {} threw: {}", request.request_id, route.method,
                  route.pattern, e.what());
  } catch (...) {
    spdlog::error("request {}: handler for {} {} threw a non-std exception", request.request_id,
                  route.method, route.pattern);
  }
  return Response::Problem(500, "Internal", "internal server error");
}

int64_t ServerCore::BodyLimitFor(std::string_view method, std::string_view target) const {
  const int64_t fallback = std::max<int64_t>(options_.body_limit_bytes, 0);
  absl::StatusOr<internal::ParsedTarget> parsed = internal::ParseTarget(target);
  if (!parsed.ok()) return fallback;
  Match match = router_.Find(method, parsed->path);
  if (match.route == nullptr || match.route->body_limit_bytes <= 0) return fallback;
  return match.route->body_limit_bytes;
}

Response ServerCore::Dispatch(Request& request, std::string& route) {
  Match match = router_.Find(request.method, request.path);
  if (match.route != nullptr) {
    request.path_params = std::move(match.path_params);
    route = match.route->pattern;
    return CallHandler(*match.route, request);
  }

  const bool get_or_head = request.method == "GET" || request.method == "HEAD";
  if (get_or_head && request.path == "/healthz") {
    route = "/healthz";
    return Response::Json({{"status", "ok"}, {"version", options_.version}});
  }
  if (get_or_head && request.path == "/metrics") {
    route = "/metrics";
    return Response::Text(metrics_.Render(), 200, "text/plain; version=0.0.4; charset=utf-8");
  }
  if (get_or_head && request.path == "/api/v1/openapi.json") {
    route = "/api/v1/openapi.json";
    Response response;
    response.body = openapi_json_;
    return response;
  }

  route = "unmatched";
  if (match.path_matched_other_method) {
    Response response =
        Response::Problem(405, "Method not allowed",
                          fmt::format("{} is not allowed here; allowed: {}", request.method,
                                      fmt::join(match.allowed, ", ")));
    response.AddHeader("Allow", fmt::format("{}", fmt::join(match.allowed, ", ")));
    return response;
  }
  if (request.path == "/api" || request.path.starts_with("/api/") || web_root_.empty()) {
    return Response::Problem(404, "Not found",
                             fmt::format("no route for {} {}", request.method, request.path));
  }
  if (!get_or_head) {
    Response response =
        Response::Problem(405, "Method not allowed",
                          fmt::format("{} is not allowed on static files", request.method));
    response.AddHeader("Allow", "GET, HEAD");
    return response;
  }
  route = "static";
  return internal::ServeStatic(web_root_, request.path);
}

}  // namespace

// ---------------------------------------------------------------------------
// Server

struct Server::Impl {
  Impl(ServerOptions options, Router router) : core(std::move(options), std::move(router)) {}
  ServerCore core;
};

Server::Server(ServerOptions options, Router router)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router))) {}

Server::~Server() = default;

absl::Status Server::Run() {
  IPHUB_RETURN_IF_ERROR(impl_->core.Listen(port_));
  spdlog::info("listening on {}:{}", impl_->core.options().listen, port_.load());
  if (impl_->core.options().on_listening) impl_->core.options().on_listening(port_.load());
  impl_->core.RunThreads();
  spdlog::info("server stopped");
  return absl::OkStatus();
}

void Server::Stop() { impl_->core.Stop(); }

}  // namespace iphub::http
