// The server on an ephemeral port, driven by a blocking Beast client over TCP.
#include "iphub/http/server.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "boost/asio/connect.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/beast/core.hpp"
#include "boost/beast/http.hpp"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace iphub::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
namespace fs = std::filesystem;
using tcp = net::ip::tcp;
using nlohmann::json;
using ::testing::HasSubstr;
using ClientResponse = bhttp::response<bhttp::string_body>;

// One blocking HTTP/1.1 connection to the server under test.
class Client {
 public:
  explicit Client(int port) : socket_(ioc_) {
    socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }

  ClientResponse Send(bhttp::verb method, std::string target, std::string body = "",
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
    bhttp::request<bhttp::string_body> request(method, target, 11);
    request.set(bhttp::field::host, "127.0.0.1");
    for (auto& [name, value] : headers) request.set(name, value);
    if (!body.empty()) {
      if (request.find(bhttp::field::content_type) == request.end()) {
        request.set(bhttp::field::content_type, "application/json");
      }
      request.body() = std::move(body);
    }
    request.prepare_payload();
    bhttp::write(socket_, request);
    return Read(/*head=*/method == bhttp::verb::head);
  }

  ClientResponse Get(std::string target) { return Send(bhttp::verb::get, std::move(target)); }

  ClientResponse Read(bool head = false) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.skip(head);  // a HEAD answer has Content-Length but no body
    bhttp::read(socket_, buffer_, parser);
    return parser.release();
  }

  // True if the server closed the connection (EOF on the next read).
  bool ServerClosed() {
    beast::error_code ec;
    char byte;
    socket_.read_some(net::buffer(&byte, 1), ec);
    return ec == net::error::eof || ec == net::error::connection_reset;
  }

  tcp::socket& socket() { return socket_; }

 private:
  net::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

std::string HeaderOf(const ClientResponse& response, beast::string_view name) {
  auto it = response.find(name);
  return it == response.end() ? "" : std::string(it->value());
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    web_dir_ = fs::temp_directory_path() /
               ("iphub_server_test_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(web_dir_);
    fs::create_directories(web_dir_ / "web" / "assets");
    std::ofstream(web_dir_ / "web" / "index.html") << "<html>spa</html>";
    std::ofstream(web_dir_ / "web" / "assets" / "app.abc.js") << "let a = 1;";
    std::ofstream(web_dir_ / "CMakeLists.txt") << "secret";

    router_.Add({.method = "GET",
                 .pattern = "/api/v1/echo/{id}",
                 .summary = "Echo",
                 .handler = [](Request& request) {
                   return Response::Json({{"id", request.path_params["id"]},
                                          {"q", request.QueryParam("q")},
                                          {"request_id", request.request_id}});
                 }});
    router_.Add({.method = "POST",
                 .pattern = "/api/v1/echo/{id}",
                 .summary = "Echo body",
                 .handler = [](Request& request) {
                   absl::StatusOr<json> body = request.JsonBody();
                   if (!body.ok()) return Response::Problem(body.status());
                   return Response::Json(*body, 201);
                 }});
    router_.Add({.method = "GET",
                 .pattern = "/api/v1/throw",
                 .summary = "Throws",
                 .handler = [](Request&) -> Response { throw std::runtime_error("boom"); }});
    router_.Add({.method = "GET",
                 .pattern = "/api/v1/slow",
                 .summary = "Sleeps",
                 .handler = [this](Request&) {
                   slow_entered_.set_value();
                   std::this_thread::sleep_for(std::chrono::milliseconds(300));
                   return Response::Json({{"slept", true}});
                 }});
  }

  void TearDown() override {
    StopServer();
    fs::remove_all(web_dir_);
  }

  void StartServer(ServerOptions options = {}) {
    options.port = 0;
    options.handle_signals = false;
    options.web_dir = (web_dir_ / "web").string();
    options.version = "test-1";
    std::promise<int> listening;
    options.on_listening = [&listening](int port) { listening.set_value(port); };
    server_.emplace(std::move(options), std::move(router_));
    run_result_ = std::async(std::launch::async, [this] { return server_->Run(); });
    port_ = listening.get_future().get();
  }

  void StopServer() {
    if (!server_) return;
    server_->Stop();
    ASSERT_EQ(run_result_.wait_for(std::chrono::seconds(15)), std::future_status::ready);
    EXPECT_TRUE(run_result_.get().ok());
    server_.reset();
  }

  fs::path web_dir_;
  Router router_;
  std::promise<void> slow_entered_;
  std::optional<Server> server_;
  std::future<absl::Status> run_result_;
  int port_ = 0;
};

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  StartServer();
  Client client(port_);
  ClientResponse first = client.Get("/api/v1/echo/7?q=a+b");
  EXPECT_EQ(first.result_int(), 200);
  EXPECT_EQ(json::parse(first.body())["id"], "7");
  EXPECT_EQ(json::parse(first.body())["q"], "a b");
  EXPECT_TRUE(first.keep_alive());
  ClientResponse second = client.Send(bhttp::verb::post, "/api/v1/echo/8", R"({"x":1})");
  EXPECT_EQ(second.result_int(), 201);
  EXPECT_EQ(json::parse(second.body())["x"], 1);
}

TEST_F(ServerTest, SetsSecurityAndCacheHeaders) {
  StartServer();
  Client client(port_);
  ClientResponse response = client.Get("/healthz");
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(json::parse(response.body())["status"], "ok");
  EXPECT_EQ(json::parse(response.body())["version"], "test-1");
  EXPECT_EQ(HeaderOf(response, "Server"), "iphub");
  EXPECT_EQ(HeaderOf(response, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(HeaderOf(response, "X-Frame-Options"), "DENY");
  EXPECT_EQ(HeaderOf(response, "Referrer-Policy"), "same-origin");
  EXPECT_EQ(HeaderOf(response, "Cache-Control"), "no-store");
  EXPECT_EQ(HeaderOf(response, "Content-Type"), "application/json");
}

TEST_F(ServerTest, StreamedBodiesArriveWholeInChunks) {
  router_.Add({.method = "GET",
               .pattern = "/api/v1/stream",
               .summary = "Streams lines",
               .handler = [](Request&) {
                 Response response = Response::Text("");
                 response.content_type = "text/csv; charset=utf-8";
                 auto line = std::make_shared<int>(0);
                 response.stream = [line](std::string& chunk) -> absl::StatusOr<bool> {
                   if (*line % 7 == 3) {  // empty pieces are skipped, not sent as the end
                     ++*line;
                     return true;
                   }
                   chunk = "line " + std::to_string(*line) + "\n";
                   return ++*line < 2000;
                 };
                 return response;
               }});
  StartServer();
  Client client(port_);
  ClientResponse response = client.Get("/api/v1/stream");
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(HeaderOf(response, "Transfer-Encoding"), "chunked");
  EXPECT_EQ(HeaderOf(response, "Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(HeaderOf(response, "X-Content-Type-Options"), "nosniff");
  std::string expected;
  for (int line = 0; line < 2000; ++line) {
    if (line % 7 != 3) expected += "line " + std::to_string(line) + "\n";
  }
  EXPECT_EQ(response.body(), expected);
  // The connection stays usable after a streamed response.
  EXPECT_EQ(client.Get("/api/v1/echo/2").result_int(), 200);
}

TEST_F(ServerTest, AStreamThatFailsEndsTheConnectionWithoutTheLastChunk) {
  router_.Add({.method = "GET",
               .pattern = "/api/v1/broken",
               .summary = "Fails midway",
               .handler = [](Request&) {
                 Response response = Response::Text("");
                 auto pieces = std::make_shared<int>(0);
                 response.stream = [pieces](std::string& chunk) -> absl::StatusOr<bool> {
                   if (++*pieces > 3) return absl::DataLossError("disk went away");
                   chunk = "piece\n";
                   return true;
                 };
                 return response;
               }});
  StartServer();
  Client client(port_);
  bhttp::request<bhttp::empty_body> request(bhttp::verb::get, "/api/v1/broken", 11);
  request.set(bhttp::field::host, "127.0.0.1");
  bhttp::write(client.socket(), request);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  beast::error_code ec;
  bhttp::read(client.socket(), buffer, parser, ec);
  EXPECT_TRUE(ec) << "a truncated chunked body must not parse as complete";
  EXPECT_FALSE(parser.is_done());
}

TEST_F(ServerTest, BodyOverLimitIs413) {
  ServerOptions options;
  options.body_limit_bytes = 1024;
  StartServer(options);
  Client client(port_);
  ClientResponse response =
      client.Send(bhttp::verb::post, "/api/v1/echo/1", "\"" + std::string(4096, 'x') + "\"");
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_EQ(HeaderOf(response, "Content-Type"), "application/problem+json");
  EXPECT_EQ(json::parse(response.body())["title"], "Payload too large");
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.ServerClosed());
}

TEST_F(ServerTest, RouteWithLargerBodyLimitAcceptsWhatOthersRefuse) {
  router_.Add({.method = "POST",
               .pattern = "/api/v1/upload",
               .body_limit_bytes = 8192,
               .handler = [](Request& request) {
                 return Response::Json({{"bytes", request.body.size()}});
               }});
  ServerOptions options;
  options.body_limit_bytes = 1024;
  StartServer(options);
  Client upload(port_);
  ClientResponse accepted =
      upload.Send(bhttp::verb::post, "/api/v1/upload", std::string(4096, 'x'));
  EXPECT_EQ(accepted.result_int(), 200);
  EXPECT_EQ(json::parse(accepted.body())["bytes"], 4096);
  // Over the route's own limit: refused before the body is read.
  ClientResponse refused = upload.Send(bhttp::verb::post, "/api/v1/upload", std::string(9000, 'x'));
  EXPECT_EQ(refused.result_int(), 413);
  EXPECT_NE(json::parse(refused.body())["detail"].get<std::string>().find("8192"),
            std::string::npos);
  // Other routes keep the server's limit although the parser allowed more while reading headers.
  Client echo(port_);
  ClientResponse other =
      echo.Send(bhttp::verb::post, "/api/v1/echo/1", "\"" + std::string(4096, 'x') + "\"");
  EXPECT_EQ(other.result_int(), 413);
  EXPECT_NE(json::parse(other.body())["detail"].get<std::string>().find("1024"), std::string::npos);
}

TEST_F(ServerTest, UnknownApiRouteIs404Problem) {
  StartServer();
  Client client(port_);
  ClientResponse response = client.Get("/api/v1/nothing");
  EXPECT_EQ(response.result_int(), 404);
  EXPECT_EQ(HeaderOf(response, "Content-Type"), "application/problem+json");
  EXPECT_EQ(json::parse(response.body())["type"], "/problems/not-found");
}

TEST_F(ServerTest, WrongMethodIs405WithAllow) {
  StartServer();
  Client client(port_);
  ClientResponse response = client.Send(bhttp::verb::delete_, "/api/v1/echo/1");
  EXPECT_EQ(response.result_int(), 405);
  EXPECT_EQ(HeaderOf(response, "Allow"), "GET, POST");
  EXPECT_EQ(json::parse(response.body())["status"], 405);
}

TEST_F(ServerTest, MalformedJsonIs400Problem) {
  StartServer();
  Client client(port_);
  ClientResponse response = client.Send(bhttp::verb::post, "/api/v1/echo/1", "{\"a\":");
  EXPECT_EQ(response.result_int(), 400);
  EXPECT_THAT(std::string(json::parse(response.body())["detail"]), HasSubstr("malformed JSON"));
}

TEST_F(ServerTest, ServesStaticFilesWithCacheHeadersAndSpaFallback) {
  StartServer();
  Client client(port_);
  ClientResponse asset = client.Get("/assets/app.abc.js");
  EXPECT_EQ(asset.result_int(), 200);
  EXPECT_EQ(asset.body(), "let a = 1;");
  EXPECT_EQ(HeaderOf(asset, "Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(asset, "Cache-Control"), "public, max-age=31536000, immutable");

  ClientResponse page = client.Get("/organizations/12");
  EXPECT_EQ(page.result_int(), 200);
  EXPECT_EQ(page.body(), "<html>spa</html>");
  EXPECT_EQ(HeaderOf(page, "Cache-Control"), "no-cache");
  EXPECT_EQ(HeaderOf(page, "X-Frame-Options"), "DENY");

  ClientResponse head = client.Send(bhttp::verb::head, "/");
  EXPECT_EQ(head.result_int(), 200);
}

TEST_F(ServerTest, RejectsPathTraversal) {
  StartServer();
  for (const char* target : {"/../CMakeLists.txt", "/%2e%2e/CMakeLists.txt",
                             "/assets/..%2f..%2fCMakeLists.txt", "/%2E%2E%2FCMakeLists.txt"}) {
    Client client(port_);
    ClientResponse response = client.Get(target);
    EXPECT_NE(response.result_int(), 200) << target;
    EXPECT_EQ(response.body().find("secret"), std::string::npos) << target;
  }
}

TEST_F(ServerTest, EchoesSaneRequestIdAndReplacesOthers) {
  StartServer();
  Client client(port_);
  ClientResponse echoed =
      client.Send(bhttp::verb::get, "/api/v1/echo/1", "", {{"X-Request-Id", "client-id.42"}});
  EXPECT_EQ(HeaderOf(echoed, "X-Request-Id"), "client-id.42");
  EXPECT_EQ(json::parse(echoed.body())["request_id"], "client-id.42");

  ClientResponse replaced = client.Send(bhttp::verb::get, "/api/v1/echo/1", "",
                                        {{"X-Request-Id", std::string(100, 'z')}});
  EXPECT_EQ(HeaderOf(replaced, "X-Request-Id").size(), 32u);

  ClientResponse generated = client.Get("/healthz");
  EXPECT_EQ(HeaderOf(generated, "X-Request-Id").size(), 32u);
}

TEST_F(ServerTest, MetricsCountRequestsByRoutePattern) {
  StartServer();
  Client client(port_);
  client.Get("/api/v1/echo/1");
  client.Get("/api/v1/echo/2");
  ClientResponse metrics = client.Get("/metrics");
  EXPECT_EQ(metrics.result_int(), 200);
  EXPECT_THAT(HeaderOf(metrics, "Content-Type"), HasSubstr("text/plain; version=0.0.4"));
  EXPECT_THAT(metrics.body(), HasSubstr("iphub_http_requests_total{method=\"GET\","
                                        "route=\"/api/v1/echo/{id}\",status=\"200\"} 2"));
  EXPECT_THAT(metrics.body(), HasSubstr("iphub_http_request_duration_seconds_bucket"));
  EXPECT_THAT(metrics.body(), HasSubstr("iphub_http_in_flight_requests 1"));  // this request
}

TEST_F(ServerTest, ServesOpenApiDocument) {
  StartServer();
  Client client(port_);
  ClientResponse response = client.Get("/api/v1/openapi.json");
  EXPECT_EQ(response.result_int(), 200);
  json doc = json::parse(response.body());
  EXPECT_EQ(doc["info"]["version"], "test-1");
  EXPECT_TRUE(doc["paths"].contains("/api/v1/echo/{id}"));
  EXPECT_TRUE(doc["paths"].contains("/healthz"));
}

TEST_F(ServerTest, UserRouteOverridesBuiltInHealthz) {
  router_.Add({.method = "GET",
               .pattern = "/healthz",
               .summary = "Health",
               .access = Access::kPublic,
               .handler = [](Request&) {
                 return Response::Json({{"database", "ok"}});
               }});
  StartServer();
  Client client(port_);
  EXPECT_EQ(json::parse(client.Get("/healthz").body())["database"], "ok");
}

TEST_F(ServerTest, HandlerExceptionIs500AndServerKeepsServing) {
  StartServer();
  Client client(port_);
  ClientResponse failed = client.Get("/api/v1/throw");
  EXPECT_EQ(failed.result_int(), 500);
  EXPECT_EQ(json::parse(failed.body())["type"], "/problems/internal");
  EXPECT_EQ(json::parse(failed.body()).dump().find("boom"), std::string::npos);
  EXPECT_EQ(client.Get("/healthz").result_int(), 200);
  Client other(port_);
  EXPECT_EQ(other.Get("/healthz").result_int(), 200);
}

TEST_F(ServerTest, MalformedRequestIs400) {
  StartServer();
  Client client(port_);
  const std::string garbage = "GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: zz\r\n\r\n";
  net::write(client.socket(), net::buffer(garbage));
  ClientResponse response = client.Read();
  EXPECT_EQ(response.result_int(), 400);
}

TEST_F(ServerTest, GracefulStopLetsInFlightRequestFinish) {
  StartServer();
  Client idle(port_);
  EXPECT_EQ(idle.Get("/healthz").result_int(), 200);  // now an idle keep-alive connection

  std::future<ClientResponse> slow = std::async(std::launch::async, [this] {
    Client client(port_);
    return client.Get("/api/v1/slow");
  });
  slow_entered_.get_future().wait();
  const auto stop_started = std::chrono::steady_clock::now();
  server_->Stop();

  ClientResponse response = slow.get();
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(json::parse(response.body())["slept"], true);
  EXPECT_FALSE(response.keep_alive());  // Connection: close
  EXPECT_TRUE(idle.ServerClosed());

  ASSERT_EQ(run_result_.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_TRUE(run_result_.get().ok());
  EXPECT_LT(std::chrono::steady_clock::now() - stop_started, std::chrono::seconds(3));
  server_.reset();

  EXPECT_THROW(Client{port_}, boost::system::system_error);  // no longer accepting
}

TEST_F(ServerTest, RunFailsWhenPortIsTaken) {
  StartServer();
  ServerOptions options;
  options.port = port_;
  options.handle_signals = false;
  Server second(options, Router());
  absl::Status status = second.Run();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace iphub::http
