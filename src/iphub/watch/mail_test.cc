#include "iphub/watch/mail.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdlib.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/read_until.hpp"
#include "boost/asio/ssl/context.hpp"
#include "boost/asio/ssl/stream.hpp"
#include "boost/asio/streambuf.hpp"
#include "boost/asio/write.hpp"
#include "gtest/gtest.h"
#include "iphub/auth/migrations.h"
#include "iphub/auth/regions.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"
#include "iphub/patents/migrations.h"
#include "iphub/watch/migrations.h"
#include "iphub/watch/store.h"

namespace iphub::watch {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// A self-signed certificate and its key, made for one test (never a committed key).
struct TestCertificate {
  std::string cert_pem;
  std::string key_pem;
  std::string cert_file;  // cert_pem written to a temporary file, for SmtpOptions::ca_file
};

TestCertificate MakeCertificate(const std::string& dns_name) {
  static int serial = 1;
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  EXPECT_TRUE(key && cert);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial++);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(dns_name.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, cert.get(), cert.get(), nullptr, nullptr, 0);
  const std::string alt_name = "DNS:" + dns_name;
  X509_EXTENSION* extension =
      X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, alt_name.c_str());
  EXPECT_NE(extension, nullptr);
  X509_add_ext(cert.get(), extension, -1);
  X509_EXTENSION_free(extension);
  EXPECT_GT(X509_sign(cert.get(), key.get(), EVP_sha256()), 0);

  TestCertificate out;
  auto to_pem = [](auto write) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    write(bio.get());
    char* bytes = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &bytes);
    return std::string(bytes, static_cast<size_t>(size));
  };
  out.cert_pem = to_pem([&](BIO* bio) { PEM_write_bio_X509(bio, cert.get()); });
  out.key_pem = to_pem([&](BIO* bio) {
    PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  });
  out.cert_file = ::testing::TempDir() + "/iphub_mail_test_" + std::to_string(::getpid()) + "_" +
                  std::to_string(serial) + ".pem";
  std::ofstream(out.cert_file) << out.cert_pem;
  return out;
}

std::string DecodeBase64(std::string_view text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  const int size = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                   reinterpret_cast<const unsigned char*>(text.data()),
                                   static_cast<int>(text.size()));
  if (size < 0) return "<bad base64>";
  out.resize(static_cast<size_t>(size));
  for (size_t pos = text.size(); pos > 0 && text[pos - 1] == '='; --pos) out.pop_back();
  return out;
}

// What an SmtpSink offers and answers.
struct SinkOptions {
  std::string rcpt_reply = "250 OK";
  const TestCertificate* certificate = nullptr;  // needed for starttls and implicit_tls
  bool starttls = false;                         // offer STARTTLS (only before TLS is up)
  bool implicit_tls = false;                     // TLS from the first byte
  std::string auth{};                            // mechanisms offered: "PLAIN LOGIN", or none
  std::string password = "secret";               // the password AUTH accepts
  std::string starttls_reply = "220 2.0.0 Ready to start TLS";
  bool silent = false;  // accepts, then says nothing until the client hangs up
};

// A loopback SMTP server for one connection: answers 220/250/354/221 (or `rcpt_reply` to
// RCPT TO), optionally STARTTLS, implicit TLS and AUTH PLAIN/LOGIN, and records the commands
// (and which came over TLS), the credentials and the DATA it received.
class SmtpSink {
 public:
  explicit SmtpSink(std::string rcpt_reply = "250 OK")
      : SmtpSink(SinkOptions{.rcpt_reply = std::move(rcpt_reply)}) {}
  explicit SmtpSink(SinkOptions options)
      : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        options_(std::move(options)) {
    thread_ = std::thread([this] { Serve(); });
  }
  ~SmtpSink() {
    if (thread_.joinable()) thread_.join();
  }

  int port() const { return acceptor_.local_endpoint().port(); }
  // After the session: joins the server thread.
  void Wait() {
    if (thread_.joinable()) thread_.join();
  }
  const std::vector<std::string>& commands() const { return commands_; }
  const std::vector<std::string>& commands_over_tls() const { return commands_over_tls_; }
  const std::string& data() const { return data_; }
  const std::string& user() const { return user_; }
  const std::string& password() const { return password_; }
  bool handshake_failed() const { return handshake_failed_; }

 private:
  void Serve() {
    boost::system::error_code error;
    tcp::socket socket(io_);
    acceptor_.accept(socket, error);
    if (error) return;
    asio::ssl::context tls_context(asio::ssl::context::tls_server);
    if (options_.certificate != nullptr) {
      tls_context.use_certificate_chain(asio::buffer(options_.certificate->cert_pem));
      tls_context.use_private_key(asio::buffer(options_.certificate->key_pem),
                                  asio::ssl::context::pem);
    }
    std::optional<asio::ssl::stream<tcp::socket&>> tls;
    asio::streambuf buffer;
    auto reply = [&](std::string_view text) {
      const std::string line = std::string(text) + "\r\n";
      if (tls) {
        asio::write(*tls, asio::buffer(line), error);
      } else {
        asio::write(socket, asio::buffer(line), error);
      }
    };
    auto read_line = [&]() -> std::optional<std::string> {
      if (tls) {
        asio::read_until(*tls, buffer, "\r\n", error);
      } else {
        asio::read_until(socket, buffer, "\r\n", error);
      }
      if (error) return std::nullopt;
      std::istream in(&buffer);
      std::string line;
      std::getline(in, line);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    };
    auto handshake = [&] {
      tls.emplace(socket, tls_context);
      tls->handshake(asio::ssl::stream_base::server, error);
      handshake_failed_ = static_cast<bool>(error);
      return !error;
    };
    auto check_password = [&](const std::string& user, const std::string& password) {
      user_ = user;
      password_ = password;
      reply(password == options_.password ? "235 2.7.0 Authentication successful"
                                          : "535 5.7.8 Authentication credentials invalid");
    };
    if (options_.silent) {
      std::array<char, 256> ignored;
      while (!error) socket.read_some(asio::buffer(ignored), error);
      return;
    }
    if (options_.implicit_tls && !handshake()) return;
    reply("220 sink ready");
    bool in_data = false;
    while (auto line = read_line()) {
      if (in_data) {
        if (*line == ".") {
          in_data = false;
          reply("250 queued");
          continue;
        }
        data_ += *line + "\n";
        continue;
      }
      commands_.push_back(*line);
      if (tls) commands_over_tls_.push_back(*line);
      if (line->starts_with("EHLO")) {
        reply("250-sink greets you");
        if (options_.starttls && !tls) reply("250-STARTTLS");
        if (!options_.auth.empty()) reply("250-AUTH " + options_.auth);
        reply("250 8BITMIME");
      } else if (*line == "STARTTLS" && options_.starttls && !tls) {
        reply(options_.starttls_reply);
        buffer.consume(buffer.size());
        if (!handshake()) return;
      } else if (line->starts_with("AUTH PLAIN ")) {
        // "\0user\0password"
        const std::string decoded = DecodeBase64(line->substr(11));
        const size_t second_nul = decoded.find('\0', 1);
        if (decoded.empty() || decoded[0] != '\0' || second_nul == std::string::npos) {
          reply("501 malformed");
          continue;
        }
        check_password(decoded.substr(1, second_nul - 1), decoded.substr(second_nul + 1));
      } else if (*line == "AUTH LOGIN") {
        reply("334 VXNlcm5hbWU6");
        auto user = read_line();
        if (!user) return;
        reply("334 UGFzc3dvcmQ6");
        auto password = read_line();
        if (!password) return;
        check_password(DecodeBase64(*user), DecodeBase64(*password));
      } else if (line->starts_with("RCPT")) {
        reply(options_.rcpt_reply);
      } else if (*line == "DATA") {
        reply("354 go ahead");
        in_data = true;
      } else if (*line == "QUIT") {
        reply("221 bye");
        return;
      } else if (line->starts_with("MAIL") || line->starts_with("HELO")) {
        reply("250 OK");
      } else {
        reply("502 5.5.1 not implemented");
      }
    }
  }

  asio::io_context io_;
  tcp::acceptor acceptor_;
  SinkOptions options_;
  std::vector<std::string> commands_;
  std::vector<std::string> commands_over_tls_;
  std::string data_;
  std::string user_;
  std::string password_;
  bool handshake_failed_ = false;
  std::thread thread_;
};

TEST(SendMail, SpeaksSmtpToTheServer) {
  SmtpSink sink;
  SmtpOptions options{.host = "127.0.0.1", .port = sink.port(), .from = "iphub@example.cn"};
  absl::Status sent = SendMail(options, {.to = "owner@example.cn",
                                         .subject = "【专利监控】2 条新提醒",
                                         .body = "您好：\n.以点开头的行\n最后一行\n"});
  ASSERT_TRUE(sent.ok()) << sent;
  sink.Wait();
  EXPECT_EQ(sink.commands(),
            (std::vector<std::string>{"EHLO iphub", "MAIL FROM:<iphub@example.cn>",
                                      "RCPT TO:<owner@example.cn>", "DATA", "QUIT"}));
  EXPECT_NE(sink.data().find("To: <owner@example.cn>\n"), std::string::npos);
  // "【专利监控】2 条新提醒" in UTF-8, base64.
  EXPECT_NE(sink.data().find("Subject: =?UTF-8?B?44CQ5LiT5Yip55uR5o6n44CRMiDmnaHmlrDmj5DphpI=?="),
            std::string::npos);
  EXPECT_NE(sink.data().find("Content-Type: text/plain; charset=UTF-8"), std::string::npos);
  // The dot at the start of a line is doubled on the wire (the sink records it as sent).
  EXPECT_NE(sink.data().find("\n..以点开头的行\n最后一行\n"), std::string::npos);
}

TEST(SendMail, ReportsARefusedRecipient) {
  SmtpSink sink("550 no such user");
  absl::Status sent = SendMail({.host = "127.0.0.1", .port = sink.port(), .from = "a@b.cn"},
                               {.to = "nobody@example.cn", .subject = "s", .body = "b"});
  EXPECT_TRUE(absl::IsUnavailable(sent)) << sent;
  EXPECT_NE(sent.message().find("550 no such user"), absl::string_view::npos);
}

TEST(SendMail, RejectsAddressesWithLineBreaks) {
  EXPECT_TRUE(absl::IsInvalidArgument(
      SendMail({.host = "127.0.0.1", .port = 1, .from = "a@b.cn"},
               {.to = "x@y.cn\r\nRCPT TO:<z@y.cn>", .subject = "s", .body = "b"})));
}

TEST(SendMail, LogsInWithPlainAfterStartTls) {
  const TestCertificate certificate = MakeCertificate("localhost");
  SmtpSink sink(SinkOptions{
      .certificate = &certificate, .starttls = true, .auth = "LOGIN PLAIN", .password = "密码 s3"});
  SmtpOptions options{.host = "localhost",
                      .port = sink.port(),
                      .from = "iphub@example.cn",
                      .tls = SmtpTls::kStartTls,
                      .ca_file = certificate.cert_file,
                      .user = "alerts@example.cn",
                      .password = "密码 s3"};
  absl::Status sent = SendMail(options, {.to = "owner@example.cn", .subject = "s", .body = "b\n"});
  ASSERT_TRUE(sent.ok()) << sent;
  sink.Wait();
  EXPECT_FALSE(sink.handshake_failed());
  ASSERT_EQ(sink.commands().size(), 8u);
  EXPECT_EQ(std::vector<std::string>(sink.commands().begin(), sink.commands().begin() + 3),
            (std::vector<std::string>{"EHLO iphub", "STARTTLS", "EHLO iphub"}));
  // Everything from the second EHLO on, the credentials included, came over TLS.
  ASSERT_EQ(sink.commands_over_tls().size(), 6u);
  EXPECT_EQ(sink.commands_over_tls()[0], "EHLO iphub");
  EXPECT_TRUE(sink.commands_over_tls()[1].starts_with("AUTH PLAIN "));
  EXPECT_EQ(sink.user(), "alerts@example.cn");
  EXPECT_EQ(sink.password(), "密码 s3");
  EXPECT_NE(sink.data().find("b\n"), std::string::npos);
}

TEST(SendMail, LogsInWithLoginOverImplicitTls) {
  const TestCertificate certificate = MakeCertificate("localhost");
  SmtpSink sink(SinkOptions{
      .certificate = &certificate, .implicit_tls = true, .auth = "LOGIN", .password = "pw"});
  absl::Status sent = SendMail({.host = "localhost",
                                .port = sink.port(),
                                .from = "a@b.cn",
                                .tls = SmtpTls::kImplicit,
                                .ca_file = certificate.cert_file,
                                .user = "u1",
                                .password = "pw"},
                               {.to = "owner@example.cn", .subject = "s", .body = "b"});
  ASSERT_TRUE(sent.ok()) << sent;
  sink.Wait();
  EXPECT_EQ(sink.commands(), sink.commands_over_tls());
  EXPECT_EQ(sink.commands_over_tls(),
            (std::vector<std::string>{"EHLO iphub", "AUTH LOGIN", "MAIL FROM:<a@b.cn>",
                                      "RCPT TO:<owner@example.cn>", "DATA", "QUIT"}));
  EXPECT_EQ(sink.user(), "u1");
  EXPECT_EQ(sink.password(), "pw");
}

TEST(SendMail, RefusesAServerWithoutStartTlsWhenItIsRequired) {
  SmtpSink sink(SinkOptions{.auth = "PLAIN"});
  absl::Status sent = SendMail({.host = "127.0.0.1",
                                .port = sink.port(),
                                .from = "a@b.cn",
                                .tls = SmtpTls::kStartTls,
                                .user = "u1",
                                .password = "pw"},
                               {.to = "owner@example.cn", .subject = "s", .body = "b"});
  EXPECT_TRUE(absl::IsUnavailable(sent)) << sent;
  EXPECT_NE(sent.message().find("STARTTLS"), absl::string_view::npos);
  sink.Wait();
  // Nothing but the greeting went over the plain connection.
  EXPECT_EQ(sink.commands(), (std::vector<std::string>{"EHLO iphub"}));
  EXPECT_EQ(sink.user(), "");
  EXPECT_EQ(sink.data(), "");
}

TEST(SendMail, RefusesACertificateForAnotherName) {
  const TestCertificate other = MakeCertificate("mail.example.org");
  SmtpSink sink(SinkOptions{.certificate = &other, .starttls = true, .auth = "PLAIN"});
  absl::Status sent = SendMail({.host = "localhost",
                                .port = sink.port(),
                                .from = "a@b.cn",
                                .tls = SmtpTls::kStartTls,
                                .ca_file = other.cert_file,
                                .user = "u1",
                                .password = "pw"},
                               {.to = "owner@example.cn", .subject = "s", .body = "b"});
  EXPECT_TRUE(absl::IsUnavailable(sent)) << sent;
  EXPECT_NE(sent.message().find("certificate"), absl::string_view::npos) << sent;
  sink.Wait();
  EXPECT_EQ(sink.commands(), (std::vector<std::string>{"EHLO iphub", "STARTTLS"}));
  EXPECT_EQ(sink.user(), "");
}

TEST(SendMail, RefusesACertificateFromAnUntrustedIssuer) {
  const TestCertificate served = MakeCertificate("localhost");
  const TestCertificate trusted = MakeCertificate("localhost");
  SmtpSink sink(SinkOptions{.certificate = &served, .implicit_tls = true});
  absl::Status sent = SendMail({.host = "localhost",
                                .port = sink.port(),
                                .from = "a@b.cn",
                                .tls = SmtpTls::kImplicit,
                                .ca_file = trusted.cert_file},
                               {.to = "owner@example.cn", .subject = "s", .body = "b"});
  EXPECT_TRUE(absl::IsUnavailable(sent)) << sent;
  EXPECT_NE(sent.message().find("certificate"), absl::string_view::npos) << sent;
  sink.Wait();
  EXPECT_TRUE(sink.commands().empty());
}

TEST(SendMail, SkipsCertificateChecksOnlyWhenTold) {
  const TestCertificate served = MakeCertificate("mail.example.org");
  SmtpSink sink(SinkOptions{.certificate = &served, .implicit_tls = true});
  absl::Status sent = SendMail({.host = "localhost",
                                .port = sink.port(),
                                .from = "a@b.cn",
                                .tls = SmtpTls::kImplicit,
                                .verify = TlsVerify::kNo},
                               {.to = "owner@example.cn", .subject = "s", .body = "b"});
  EXPECT_TRUE(sent.ok()) << sent;
}

TEST(SendMail, ReportsARefusedLoginWithoutThePassword) {
  const TestCertificate certificate = MakeCertificate("localhost");
  SmtpSink sink(SinkOptions{
      .certificate = &certificate, .starttls = true, .auth = "PLAIN", .password = "right"});
  absl::Status sent = SendMail({.host = "localhost",
                                .port = sink.port(),
                                .from = "a@b.cn",
                                .tls = SmtpTls::kStartTls,
                                .ca_file = certificate.cert_file,
                                .user = "u1",
                                .password = "wrong-password"},
                               {.to = "owner@example.cn", .subject = "s", .body = "b"});
  EXPECT_TRUE(absl::IsPermissionDenied(sent)) << sent;
  EXPECT_NE(sent.message().find("535"), absl::string_view::npos) << sent;
  EXPECT_EQ(sent.message().find("wrong-password"), absl::string_view::npos) << sent;
  sink.Wait();
  EXPECT_EQ(sink.password(), "wrong-password");
  EXPECT_EQ(sink.data(), "");
}

TEST(SendMail, MayLogInOverPlainSmtpToLoopbackOnly) {
  SmtpSink sink(SinkOptions{.auth = "PLAIN", .password = "pw"});
  absl::Status sent = SendMail(
      {.host = "127.0.0.1", .port = sink.port(), .from = "a@b.cn", .user = "u1", .password = "pw"},
      {.to = "owner@example.cn", .subject = "s", .body = "b"});
  EXPECT_TRUE(sent.ok()) << sent;
  sink.Wait();
  EXPECT_EQ(sink.user(), "u1");

  // Not loopback: refused before any connection (port 1 would fail otherwise).
  absl::Status refused = SendMail(
      {.host = "mail.example.cn", .port = 1, .from = "a@b.cn", .user = "u1", .password = "pw"},
      {.to = "owner@example.cn", .subject = "s", .body = "b"});
  EXPECT_TRUE(absl::IsFailedPrecondition(refused)) << refused;
}

TEST(SendMail, RefusesDataSentInClearAfterTheStartTlsReply) {
  const TestCertificate certificate = MakeCertificate("localhost");
  // A man in the middle appends a reply to the plain stream, to be read as if it came over TLS.
  SmtpSink sink(SinkOptions{.certificate = &certificate,
                            .starttls = true,
                            .starttls_reply = "220 go ahead\r\n250-injected\r\n250 AUTH PLAIN"});
  absl::Status sent = SendMail({.host = "localhost",
                                .port = sink.port(),
                                .from = "a@b.cn",
                                .tls = SmtpTls::kStartTls,
                                .ca_file = certificate.cert_file},
                               {.to = "owner@example.cn", .subject = "s", .body = "b"});
  EXPECT_TRUE(absl::IsUnavailable(sent)) << sent;
  EXPECT_NE(sent.message().find("after its STARTTLS reply"), absl::string_view::npos) << sent;
}

TEST(SendMail, GivesUpOnASilentServerAfterTheTimeout) {
  for (SmtpTls tls : {SmtpTls::kNone, SmtpTls::kImplicit}) {
    SmtpSink sink(SinkOptions{.silent = true});
    const auto start = std::chrono::steady_clock::now();
    absl::Status sent = SendMail({.host = "127.0.0.1",
                                  .port = sink.port(),
                                  .from = "a@b.cn",
                                  .timeout = std::chrono::seconds(1),
                                  .tls = tls},
                                 {.to = "owner@example.cn", .subject = "s", .body = "b"});
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_TRUE(absl::IsUnavailable(sent)) << sent;
    EXPECT_NE(sent.message().find("timed out"), absl::string_view::npos) << sent;
    EXPECT_LT(elapsed, std::chrono::seconds(5));
  }
}

TEST(CheckCredentialTransport, RefusesCredentialsInClearToTheNetwork) {
  SmtpOptions options{.host = "mail.example.cn", .user = "u1", .password = "pw"};
  EXPECT_TRUE(absl::IsFailedPrecondition(CheckCredentialTransport(options)));
  EXPECT_EQ(CheckCredentialTransport(options).message().find("pw"), absl::string_view::npos);
  options.tls = SmtpTls::kStartTls;
  EXPECT_TRUE(CheckCredentialTransport(options).ok());
  options.tls = SmtpTls::kImplicit;
  EXPECT_TRUE(CheckCredentialTransport(options).ok());
  options.tls = SmtpTls::kNone;
  for (const char* host : {"localhost", "LOCALHOST", "127.0.0.1", "127.9.8.7", "::1", "[::1]"}) {
    options.host = host;
    EXPECT_TRUE(CheckCredentialTransport(options).ok()) << host;
  }
  for (const char* host : {"10.0.0.1", "localhost.example.cn", "127.evil.example", "::2", ""}) {
    options.host = host;
    EXPECT_TRUE(absl::IsFailedPrecondition(CheckCredentialTransport(options))) << host;
  }
  // Without credentials, plain SMTP goes anywhere.
  EXPECT_TRUE(CheckCredentialTransport({.host = "mail.example.cn"}).ok());
}

// Sets environment variables for one test and restores them after.
class ScopedEnvironment {
 public:
  ScopedEnvironment(std::initializer_list<std::pair<const char*, const char*>> values) {
    for (const char* name :
         {"IPHUB_SMTP_HOST", "IPHUB_SMTP_PORT", "IPHUB_SMTP_FROM", "IPHUB_SMTP_TLS",
          "IPHUB_SMTP_CA_FILE", "IPHUB_SMTP_TLS_VERIFY", "IPHUB_SMTP_USER", "IPHUB_SMTP_PASSWORD",
          "IPHUB_SMTP_PASSWORD_FILE"}) {
      const char* old = ::getenv(name);
      saved_.emplace_back(name, old == nullptr ? std::nullopt : std::optional<std::string>(old));
      ::unsetenv(name);
    }
    for (const auto& [name, value] : values) ::setenv(name, value, 1);
  }
  ~ScopedEnvironment() {
    for (const auto& [name, value] : saved_) {
      if (value) {
        ::setenv(name.c_str(), value->c_str(), 1);
      } else {
        ::unsetenv(name.c_str());
      }
    }
  }

 private:
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

SmtpOptions OptionsOrDie(absl::StatusOr<std::optional<SmtpOptions>> options) {
  EXPECT_TRUE(options.ok()) << options.status();
  EXPECT_TRUE(options.ok() && options->has_value());
  return options.ok() && options->has_value() ? **options : SmtpOptions{};
}

TEST(SmtpOptionsFromEnvironment, DefaultsToPlainSmtpOnPort25) {
  {
    ScopedEnvironment env({});
    IPHUB_ASSERT_OK_AND_ASSIGN(std::optional<SmtpOptions> none, SmtpOptionsFromEnvironment());
    EXPECT_FALSE(none.has_value());
  }
  ScopedEnvironment env({{"IPHUB_SMTP_HOST", "relay.local"}});
  const SmtpOptions options = OptionsOrDie(SmtpOptionsFromEnvironment());
  EXPECT_EQ(options.port, 25);
  EXPECT_EQ(options.tls, SmtpTls::kNone);
  EXPECT_EQ(options.verify, TlsVerify::kYes);
  EXPECT_EQ(options.user, "");
  EXPECT_EQ(options.from, "iphub@localhost");
}

TEST(SmtpOptionsFromEnvironment, PicksTlsFromPortAndCredentials) {
  {
    ScopedEnvironment env({{"IPHUB_SMTP_HOST", "smtp.example.cn"},
                           {"IPHUB_SMTP_PORT", "587"},
                           {"IPHUB_SMTP_USER", "u1"},
                           {"IPHUB_SMTP_PASSWORD", "pw"}});
    const SmtpOptions options = OptionsOrDie(SmtpOptionsFromEnvironment());
    EXPECT_EQ(options.tls, SmtpTls::kStartTls);
    EXPECT_EQ(options.user, "u1");
    EXPECT_EQ(options.password, "pw");
  }
  {
    ScopedEnvironment env({{"IPHUB_SMTP_HOST", "smtp.example.cn"}, {"IPHUB_SMTP_PORT", "465"}});
    EXPECT_EQ(OptionsOrDie(SmtpOptionsFromEnvironment()).tls, SmtpTls::kImplicit);
  }
  {
    ScopedEnvironment env({{"IPHUB_SMTP_HOST", "smtp.example.cn"}, {"IPHUB_SMTP_TLS", "TLS"}});
    const SmtpOptions options = OptionsOrDie(SmtpOptionsFromEnvironment());
    EXPECT_EQ(options.tls, SmtpTls::kImplicit);
    EXPECT_EQ(options.port, 465);
  }
  {
    ScopedEnvironment env({{"IPHUB_SMTP_HOST", "smtp.example.cn"}, {"IPHUB_SMTP_TLS", "starttls"}});
    const SmtpOptions options = OptionsOrDie(SmtpOptionsFromEnvironment());
    EXPECT_EQ(options.tls, SmtpTls::kStartTls);
    EXPECT_EQ(options.port, 587);
  }
  {
    ScopedEnvironment env({{"IPHUB_SMTP_HOST", "smtp.example.cn"},
                           {"IPHUB_SMTP_PORT", "2525"},
                           {"IPHUB_SMTP_TLS", "starttls"},
                           {"IPHUB_SMTP_TLS_VERIFY", "0"}});
    const SmtpOptions options = OptionsOrDie(SmtpOptionsFromEnvironment());
    EXPECT_EQ(options.port, 2525);
    EXPECT_EQ(options.verify, TlsVerify::kNo);
  }
}

TEST(SmtpOptionsFromEnvironment, ReadsThePasswordFileOnce) {
  const std::string path =
      ::testing::TempDir() + "/iphub_smtp_password_" + std::to_string(::getpid());
  std::ofstream(path) << "s3cret pass\n";
  ScopedEnvironment env({{"IPHUB_SMTP_HOST", "smtp.example.cn"},
                         {"IPHUB_SMTP_TLS", "starttls"},
                         {"IPHUB_SMTP_USER", "u1"},
                         {"IPHUB_SMTP_PASSWORD_FILE", path.c_str()}});
  const SmtpOptions options = OptionsOrDie(SmtpOptionsFromEnvironment());
  ::unlink(path.c_str());
  EXPECT_EQ(options.password, "s3cret pass");
}

TEST(SmtpOptionsFromEnvironment, RejectsMalformedValuesNamingTheVariable) {
  const std::string missing_file = ::testing::TempDir() + "/iphub_no_such_file";
  const std::vector<std::pair<std::vector<std::pair<const char*, const char*>>, std::string>>
      cases = {
          {{{"IPHUB_SMTP_TLS", "foo"}}, "IPHUB_SMTP_TLS"},
          {{{"IPHUB_SMTP_PORT", "smtp"}}, "IPHUB_SMTP_PORT"},
          {{{"IPHUB_SMTP_TLS_VERIFY", "maybe"}}, "IPHUB_SMTP_TLS_VERIFY"},
          {{{"IPHUB_SMTP_TLS", "tls"}, {"IPHUB_SMTP_USER", "u1"}}, "IPHUB_SMTP_PASSWORD"},
          {{{"IPHUB_SMTP_TLS", "tls"}, {"IPHUB_SMTP_PASSWORD", "pw"}}, "IPHUB_SMTP_USER"},
          {{{"IPHUB_SMTP_TLS", "tls"},
            {"IPHUB_SMTP_USER", "u1"},
            {"IPHUB_SMTP_PASSWORD", "pw"},
            {"IPHUB_SMTP_PASSWORD_FILE", "/etc/hostname"}},
           "IPHUB_SMTP_PASSWORD_FILE"},
          {{{"IPHUB_SMTP_TLS", "tls"},
            {"IPHUB_SMTP_USER", "u1"},
            {"IPHUB_SMTP_PASSWORD_FILE", missing_file.c_str()}},
           "IPHUB_SMTP_PASSWORD_FILE"},
          {{{"IPHUB_SMTP_TLS", "tls"}, {"IPHUB_SMTP_CA_FILE", missing_file.c_str()}},
           "IPHUB_SMTP_CA_FILE"},
          // Credentials in clear to a host on the network.
          {{{"IPHUB_SMTP_USER", "u1"}, {"IPHUB_SMTP_PASSWORD", "pw"}}, "IPHUB_SMTP_TLS"},
      };
  for (const auto& [values, variable] : cases) {
    ScopedEnvironment env({{"IPHUB_SMTP_HOST", "smtp.example.cn"}});
    for (const auto& [name, value] : values) ::setenv(name, value, 1);
    absl::StatusOr<std::optional<SmtpOptions>> options = SmtpOptionsFromEnvironment();
    EXPECT_TRUE(absl::IsInvalidArgument(options.status())) << variable << ": " << options.status();
    EXPECT_NE(options.status().message().find(variable), absl::string_view::npos)
        << options.status();
    EXPECT_EQ(options.status().message().find("pw"), absl::string_view::npos) << options.status();
  }
}

template <typename Backend>
class MailSenderTest : public db::testing::DatabaseTest<Backend> {
 protected:
  // Migrates, adds a user and queues one mail to u@example.cn; returns the user's id.
  int64_t QueueOneMail() {
    std::vector<db::Migration> all;
    for (const auto& migration : auth::Migrations()) all.push_back(migration);
    for (const auto& migration : patents::Migrations()) all.push_back(migration);
    for (const auto& migration : Migrations()) all.push_back(migration);
    EXPECT_TRUE(db::Migrate(this->db(), all).ok());
    EXPECT_TRUE(auth::SeedRegions(this->db()).ok());
    auto conn = this->db().Acquire();
    EXPECT_TRUE(conn.ok());
    if (!conn.ok()) return 0;
    auto user = (*conn)->Query(
        "INSERT INTO users (username, display_name, password_hash, role, "
        "email, created_at, updated_at) VALUES ('u', '', 'x', 'member', "
        "'u@example.cn', 1, 1) RETURNING id");
    EXPECT_TRUE(user.ok()) << user.status();
    if (!user.ok()) return 0;
    const int64_t user_id = user->rows[0].Int(0);
    EXPECT_TRUE(store::InsertMail(**conn, {.user_id = user_id,
                                           .to_address = "u@example.cn",
                                           .subject = "主题",
                                           .body = "正文\n",
                                           .created_at = 1})
                    .ok());
    return user_id;
  }
};
TYPED_TEST_SUITE(MailSenderTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(MailSenderTest, MarksSentMailAndCountsFailures) {
  const int64_t user_id = this->QueueOneMail();
  auto conn = this->db().Acquire();
  ASSERT_TRUE(conn.ok());
  base::FakeClock clock(1000);

  {  // The server refuses: an attempt counted, the reason kept, still pending.
    SmtpSink sink("550 mailbox unavailable");
    MailSender sender(this->db(), {.host = "127.0.0.1", .port = sink.port(), .from = "a@b.cn"},
                      clock);
    IPHUB_ASSERT_OK_AND_ASSIGN(SendSummary summary, sender.SendPending());
    EXPECT_EQ(summary.failed, 1);
    EXPECT_EQ(summary.sent, 0);
  }
  IPHUB_ASSERT_OK_AND_ASSIGN(std::vector<store::Mail> mail, store::MailOf(**conn, user_id));
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].attempts, 1);
  EXPECT_NE(mail[0].last_error.find("550 mailbox unavailable"), std::string::npos);
  EXPECT_FALSE(mail[0].sent_at.has_value());

  {  // Delivered: sent_at set, nothing pending any more.
    SmtpSink sink;
    MailSender sender(this->db(), {.host = "127.0.0.1", .port = sink.port(), .from = "a@b.cn"},
                      clock);
    IPHUB_ASSERT_OK_AND_ASSIGN(SendSummary summary, sender.SendPending());
    EXPECT_EQ(summary.sent, 1);
    sink.Wait();
    EXPECT_NE(sink.data().find("正文\n"), std::string::npos);
    IPHUB_ASSERT_OK_AND_ASSIGN(summary, sender.SendPending());
    EXPECT_EQ(summary.sent + summary.failed, 0);
  }
  IPHUB_ASSERT_OK_AND_ASSIGN(mail, store::MailOf(**conn, user_id));
  EXPECT_EQ(mail[0].sent_at, 1000);
  EXPECT_EQ(mail[0].attempts, 2);
  EXPECT_EQ(mail[0].last_error, "");
}

TYPED_TEST(MailSenderTest, KeepsARefusedLoginWithoutThePassword) {
  const int64_t user_id = this->QueueOneMail();
  auto conn = this->db().Acquire();
  ASSERT_TRUE(conn.ok());
  const TestCertificate certificate = MakeCertificate("localhost");
  base::FakeClock clock(1000);
  for (int64_t attempt = 1; attempt <= 2; ++attempt) {
    SmtpSink sink(SinkOptions{
        .certificate = &certificate, .starttls = true, .auth = "PLAIN LOGIN", .password = "ok"});
    MailSender sender(this->db(),
                      {.host = "localhost",
                       .port = sink.port(),
                       .from = "a@b.cn",
                       .tls = SmtpTls::kStartTls,
                       .ca_file = certificate.cert_file,
                       .user = "u1",
                       .password = "Wr0ngPassw0rd"},
                      clock);
    IPHUB_ASSERT_OK_AND_ASSIGN(SendSummary summary, sender.SendPending());
    EXPECT_EQ(summary.failed, 1);
    sink.Wait();
    IPHUB_ASSERT_OK_AND_ASSIGN(std::vector<store::Mail> mail, store::MailOf(**conn, user_id));
    ASSERT_EQ(mail.size(), 1u);
    EXPECT_EQ(mail[0].attempts, attempt);
    EXPECT_FALSE(mail[0].sent_at.has_value());
    EXPECT_NE(mail[0].last_error.find("535"), std::string::npos) << mail[0].last_error;
    EXPECT_NE(mail[0].last_error.find("u1"), std::string::npos) << mail[0].last_error;
    EXPECT_EQ(mail[0].last_error.find("Wr0ngPassw0rd"), std::string::npos) << mail[0].last_error;
  }
}

}  // namespace
}  // namespace iphub::watch
