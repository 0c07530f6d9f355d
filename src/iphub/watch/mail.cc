#include "iphub/watch/mail.h"

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <array>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "boost/asio/connect.hpp"
#include "boost/asio/io_context.hpp"
#include "boost/asio/ip/address.hpp"
#include "boost/asio/ip/tcp.hpp"
#include "boost/asio/ssl/context.hpp"
#include "boost/asio/ssl/error.hpp"
#include "boost/asio/ssl/stream.hpp"
#include "boost/asio/write.hpp"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/watch/internal/smtp_reply.h"
#include "iphub/watch/store.h"
#include "spdlog/spdlog.h"

namespace iphub::watch {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using internal::EhloExtensions;
using internal::SmtpReply;

std::string Base64(std::string_view data) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t pos = 0;
  while (pos + 3 <= data.size()) {
    const uint32_t chunk = (static_cast<uint32_t>(static_cast<unsigned char>(data[pos])) << 16) |
                           (static_cast<uint32_t>(static_cast<unsigned char>(data[pos + 1])) << 8) |
                           static_cast<uint32_t>(static_cast<unsigned char>(data[pos + 2]));
    out.push_back(kAlphabet[(chunk >> 18) & 63]);
    out.push_back(kAlphabet[(chunk >> 12) & 63]);
    out.push_back(kAlphabet[(chunk >> 6) & 63]);
    out.push_back(kAlphabet[chunk & 63]);
    pos += 3;
  }
  const size_t rest = data.size() - pos;
  if (rest > 0) {
    uint32_t chunk = static_cast<uint32_t>(static_cast<unsigned char>(data[pos])) << 16;
    if (rest == 2) chunk |= static_cast<uint32_t>(static_cast<unsigned char>(data[pos + 1])) << 8;
    out.push_back(kAlphabet[(chunk >> 18) & 63]);
    out.push_back(kAlphabet[(chunk >> 12) & 63]);
    out.push_back(rest == 2 ? kAlphabet[(chunk >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

// Header and address text must not carry line breaks (no header injection).
bool HasLineBreak(std::string_view text) {
  return text.find('\r') != std::string_view::npos || text.find('\n') != std::string_view::npos;
}

// The body with CRLF line ends and leading dots doubled (RFC 5321 4.5.2).
std::string DataBody(std::string_view body) {
  std::string out;
  bool line_start = true;
  for (char c : body) {
    if (c == '\r') continue;
    if (line_start && c == '.') out.push_back('.');
    if (c == '\n') {
      out.append("\r\n");
      line_start = true;
      continue;
    }
    out.push_back(c);
    line_start = false;
  }
  if (!line_start) out.append("\r\n");
  return out;
}

// One SMTP connection: a TCP socket, later (STARTTLS or implicit TLS) wrapped in TLS. Every
// operation runs on a private io_context until it completes or the timeout passes; then the
// socket is closed and the operation fails with Unavailable.
class SmtpSession {
 public:
  explicit SmtpSession(const SmtpOptions& options) : options_(options), socket_(io_) {}

  absl::Status Connect() {
    tcp::resolver resolver(io_);
    boost::system::error_code error;
    const tcp::resolver::results_type endpoints =
        resolver.resolve(options_.host, std::to_string(options_.port), error);
    if (error) return Broken("resolve", error);
    return Await("connect", Deadline(), [&](auto handler) {
      asio::async_connect(socket_, endpoints,
                          [handler](const boost::system::error_code& connect_error,
                                    const tcp::endpoint&) { handler(connect_error); });
    });
  }

  // The TLS handshake on the connected socket, checking the certificate unless told not to.
  absl::Status StartTls() {
    ssl_context_.emplace(asio::ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(ssl_context_->native_handle(), TLS1_2_VERSION);
    boost::system::error_code error;
    if (options_.verify == TlsVerify::kYes) {
      ssl_context_->set_default_verify_paths(error);
      if (error) return Broken("loading the system trust store for", error);
      if (!options_.ca_file.empty()) {
        ssl_context_->load_verify_file(options_.ca_file, error);
        if (error) {
          return absl::FailedPreconditionError(
              base::StrCat("SMTP: cannot load CA file ", options_.ca_file, ": ", error.message()));
        }
      }
      ssl_context_->set_verify_mode(asio::ssl::verify_peer);
    } else {
      ssl_context_->set_verify_mode(asio::ssl::verify_none);
    }
    tls_.emplace(socket_, *ssl_context_);
    SSL* ssl = tls_->native_handle();
    boost::system::error_code not_an_address;
    const std::string host = Unbracketed(options_.host);
    asio::ip::make_address(host, not_an_address);
    if (not_an_address) {
      // SNI, and the name the certificate must carry (subjectAltName DNS, wildcards allowed).
      SSL_set_tlsext_host_name(ssl, host.c_str());
      if (options_.verify == TlsVerify::kYes && SSL_set1_host(ssl, host.c_str()) != 1) {
        return absl::InternalError("SMTP: SSL_set1_host failed");
      }
    } else if (options_.verify == TlsVerify::kYes &&
               X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str()) != 1) {
      return absl::InternalError("SMTP: X509_VERIFY_PARAM_set1_ip_asc failed");
    }
    absl::Status handshake = Await("TLS handshake with", Deadline(), [&](auto handler) {
      tls_->async_handshake(asio::ssl::stream_base::client, handler);
    });
    if (!handshake.ok()) {
      const long verify_result = SSL_get_verify_result(ssl);
      if (verify_result != X509_V_OK) {
        return absl::UnavailableError(
            base::StrCat(handshake.message(),
                         " (certificate: ", X509_verify_cert_error_string(verify_result), ")"));
      }
    }
    return handshake;
  }

  // Bytes received but not yet taken by a reply. After the reply to STARTTLS there must be
  // none: anything else was sent in clear before the handshake and may be injected.
  bool HasUnreadInput() const { return !unread_.empty(); }

  // Sends `line` (without CRLF) and reads the reply.
  absl::StatusOr<SmtpReply> Exchange(std::string_view line) {
    IPHUB_RETURN_IF_ERROR(Send(base::StrCat(line, "\r\n")));
    return Reply();
  }

  // Sends `line` (without CRLF) and expects reply `code`. Not for lines holding credentials:
  // the line is quoted in the error.
  absl::Status Command(std::string_view line, int code) {
    IPHUB_RETURN_IF_ERROR(Send(base::StrCat(line, "\r\n")));
    return Expect(code, line);
  }

  absl::Status Send(std::string_view text) {
    return Await("write to", Deadline(), [&](auto handler) {
      WithStream([&](auto& stream) {
        asio::async_write(stream, asio::buffer(text.data(), text.size()), handler);
      });
    });
  }

  // Reads one reply (every line of a multi-line one), all of it within the timeout.
  absl::StatusOr<SmtpReply> Reply() {
    const auto deadline = Deadline();
    for (;;) {
      absl::StatusOr<std::optional<SmtpReply>> parsed = internal::ParseSmtpReply(unread_);
      if (!parsed.ok()) {
        return absl::UnavailableError(base::StrCat("SMTP ", options_.host, ":", options_.port, ": ",
                                                   parsed.status().message()));
      }
      if (*parsed) {
        unread_.erase(0, (*parsed)->consumed);
        return std::move(**parsed);
      }
      IPHUB_RETURN_IF_ERROR(Await("read from", deadline, [&](auto handler) {
        WithStream([&](auto& stream) {
          stream.async_read_some(
              asio::buffer(chunk_),
              [this, handler](const boost::system::error_code& read_error, size_t bytes) {
                unread_.append(chunk_.data(), bytes);
                handler(read_error);
              });
        });
      }));
    }
  }

  absl::Status Expect(int code, std::string_view after) {
    IPHUB_ASSIGN_OR_RETURN(SmtpReply reply, Reply());
    return ExpectCode(reply, code, after);
  }

  static absl::Status ExpectCode(const SmtpReply& reply, int code, std::string_view after) {
    if (reply.code != code) {
      return absl::UnavailableError(base::StrCat("SMTP: after ", after, ": expected ", code,
                                                 ", got: ", internal::DescribeSmtpReply(reply)));
    }
    return absl::OkStatus();
  }

 private:
  static std::string Unbracketed(std::string_view host) {
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
      host = host.substr(1, host.size() - 2);
    }
    return std::string(host);
  }

  std::chrono::steady_clock::time_point Deadline() const {
    return std::chrono::steady_clock::now() + options_.timeout;
  }

  template <typename Operation>
  void WithStream(Operation operation) {
    if (tls_) {
      operation(*tls_);
    } else {
      operation(socket_);
    }
  }

  // Starts the operation (`start` gets the completion handler) and runs it until it completes
  // or `deadline` passes; then the socket is closed, which ends the operation.
  template <typename Start>
  absl::Status Await(std::string_view what, std::chrono::steady_clock::time_point deadline,
                     Start start) {
    boost::system::error_code result = asio::error::would_block;
    start([&result](const boost::system::error_code& error, auto&&...) { result = error; });
    io_.restart();
    io_.run_until(deadline);
    if (result == asio::error::would_block) {
      boost::system::error_code ignored;
      socket_.close(ignored);
      io_.restart();
      io_.run();  // the aborted operation completes
      return absl::UnavailableError(base::StrCat("SMTP ", what, " ", options_.host, ":",
                                                 options_.port, " timed out after ",
                                                 options_.timeout.count(), " s"));
    }
    if (result) return Broken(what, result);
    return absl::OkStatus();
  }

  absl::Status Broken(std::string_view what, const boost::system::error_code& error) {
    return absl::UnavailableError(base::StrCat("SMTP ", what, " ", options_.host, ":",
                                               options_.port, " failed: ", error.message()));
  }

  const SmtpOptions& options_;
  asio::io_context io_;
  tcp::socket socket_;
  std::optional<asio::ssl::context> ssl_context_;
  std::optional<asio::ssl::stream<tcp::socket&>> tls_;  // set once TLS is up
  std::array<char, 4096> chunk_{};
  std::string unread_;
};

// EHLO and its extensions; HELO instead when the server refuses EHLO and `helo_allowed`.
absl::StatusOr<EhloExtensions> Greet(SmtpSession& session, const SmtpOptions& options,
                                     bool helo_allowed) {
  const std::string ehlo = base::StrCat("EHLO ", options.helo_name);
  IPHUB_ASSIGN_OR_RETURN(SmtpReply reply, session.Exchange(ehlo));
  if (reply.code == 250) return internal::ParseEhloExtensions(reply);
  if (!helo_allowed) return SmtpSession::ExpectCode(reply, 250, ehlo);
  IPHUB_RETURN_IF_ERROR(session.Command(base::StrCat("HELO ", options.helo_name), 250));
  return EhloExtensions{};
}

absl::Status AuthRefused(const SmtpOptions& options, const SmtpReply& reply) {
  const std::string text =
      base::StrCat("SMTP: login as ", options.user, " on ", options.host, ":", options.port,
                   " refused: ", internal::DescribeSmtpReply(reply));
  if (reply.code >= 500) return absl::PermissionDeniedError(text);
  return absl::UnavailableError(text);
}

// AUTH PLAIN (RFC 4616) when offered, else AUTH LOGIN.
absl::Status Authenticate(SmtpSession& session, const SmtpOptions& options,
                          const EhloExtensions& extensions) {
  if (extensions.auth_plain) {
    const std::string payload = Base64(base::StrCat(std::string_view("\0", 1), options.user,
                                                    std::string_view("\0", 1), options.password));
    IPHUB_ASSIGN_OR_RETURN(SmtpReply reply, session.Exchange(base::StrCat("AUTH PLAIN ", payload)));
    if (reply.code != 235) return AuthRefused(options, reply);
    return absl::OkStatus();
  }
  if (extensions.auth_login) {
    IPHUB_ASSIGN_OR_RETURN(SmtpReply reply, session.Exchange("AUTH LOGIN"));
    if (reply.code != 334) return AuthRefused(options, reply);
    IPHUB_ASSIGN_OR_RETURN(reply, session.Exchange(Base64(options.user)));
    if (reply.code != 334) return AuthRefused(options, reply);
    IPHUB_ASSIGN_OR_RETURN(reply, session.Exchange(Base64(options.password)));
    if (reply.code != 235) return AuthRefused(options, reply);
    return absl::OkStatus();
  }
  return absl::UnavailableError(base::StrCat("SMTP server ", options.host, ":", options.port,
                                             " offers neither AUTH PLAIN nor AUTH LOGIN"));
}

absl::Status SendOn(SmtpSession& session, const SmtpOptions& options, const OutgoingMail& mail) {
  IPHUB_RETURN_IF_ERROR(session.Connect());
  if (options.tls == SmtpTls::kImplicit) IPHUB_RETURN_IF_ERROR(session.StartTls());
  IPHUB_RETURN_IF_ERROR(session.Expect(220, "greeting"));
  const bool plain_and_anonymous = options.tls == SmtpTls::kNone && options.user.empty();
  IPHUB_ASSIGN_OR_RETURN(EhloExtensions extensions,
                         Greet(session, options, /*helo_allowed=*/plain_and_anonymous));
  if (options.tls == SmtpTls::kStartTls) {
    if (!extensions.starttls) {
      return absl::UnavailableError(
          base::StrCat("SMTP server ", options.host, ":", options.port,
                       " does not offer STARTTLS (IPHUB_SMTP_TLS=starttls); nothing sent"));
    }
    IPHUB_RETURN_IF_ERROR(session.Command("STARTTLS", 220));
    if (session.HasUnreadInput()) {
      return absl::UnavailableError(base::StrCat(
          "SMTP server ", options.host, ":", options.port,
          " sent data after its STARTTLS reply, before the handshake (injection?); nothing sent"));
    }
    IPHUB_RETURN_IF_ERROR(session.StartTls());
    IPHUB_ASSIGN_OR_RETURN(extensions, Greet(session, options, /*helo_allowed=*/false));
  }
  if (!options.user.empty()) IPHUB_RETURN_IF_ERROR(Authenticate(session, options, extensions));
  IPHUB_RETURN_IF_ERROR(session.Command(base::StrCat("MAIL FROM:<", options.from, ">"), 250));
  IPHUB_RETURN_IF_ERROR(session.Command(base::StrCat("RCPT TO:<", mail.to, ">"), 250));
  IPHUB_RETURN_IF_ERROR(session.Command("DATA", 354));
  std::string subject = mail.subject;
  for (char& c : subject) {
    if (c == '\r' || c == '\n') c = ' ';
  }
  const std::string message = base::StrCat(
      "From: <", options.from, ">\r\nTo: <", mail.to, ">\r\nSubject: =?UTF-8?B?", Base64(subject),
      "?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
      "Content-Transfer-Encoding: 8bit\r\n\r\n",
      DataBody(mail.body), ".\r\n");
  IPHUB_RETURN_IF_ERROR(session.Send(message));
  IPHUB_RETURN_IF_ERROR(session.Expect(250, "the message"));
  // The mail is accepted; a failed QUIT changes nothing.
  (void)session.Command("QUIT", 221);
  return absl::OkStatus();
}

// `status` with every occurrence of the password (as is and in the base64 forms AUTH sends)
// replaced by "***": a server may echo what it got.
absl::Status WithoutPassword(const absl::Status& status, const SmtpOptions& options) {
  if (status.ok() || options.password.empty()) return status;
  std::string message(base::Sv(status.message()));
  const std::string secrets[] = {options.password, Base64(options.password),
                                 Base64(base::StrCat(std::string_view("\0", 1), options.user,
                                                     std::string_view("\0", 1), options.password))};
  for (const std::string& secret : secrets) {
    for (size_t pos = message.find(secret); pos != std::string::npos;
         pos = message.find(secret, pos + 3)) {
      message.replace(pos, secret.size(), "***");
    }
  }
  return absl::Status(status.code(), message);
}

// The value of environment variable `name`, nullopt when unset or empty.
std::optional<std::string> Env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

absl::StatusOr<std::string> ReadPasswordFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::InvalidArgumentError(base::StrCat("IPHUB_SMTP_PASSWORD_FILE: cannot read ", path));
  }
  std::string password((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) {
    password.pop_back();
  }
  if (password.empty()) {
    return absl::InvalidArgumentError(
        base::StrCat("IPHUB_SMTP_PASSWORD_FILE: ", path, " is empty"));
  }
  return password;
}

}  // namespace

bool IsLoopbackHost(std::string_view host) {
  if (base::EqualsIgnoreCase(host, "localhost") || base::EqualsIgnoreCase(host, "localhost.")) {
    return true;
  }
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  boost::system::error_code error;
  const asio::ip::address address = asio::ip::make_address(std::string(host), error);
  return !error && address.is_loopback();
}

absl::Status CheckCredentialTransport(const SmtpOptions& options) {
  if (options.user.empty() || options.tls != SmtpTls::kNone || IsLoopbackHost(options.host)) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(
      base::StrCat("SMTP: refusing to send the login for ", options.user, " unencrypted to ",
                   options.host, " (not loopback); use TLS (IPHUB_SMTP_TLS=starttls or tls)"));
}

absl::StatusOr<std::optional<SmtpOptions>> SmtpOptionsFromEnvironment() {
  const char* host = std::getenv("IPHUB_SMTP_HOST");
  if (host == nullptr || base::StripWhitespace(host).empty()) {
    return std::optional<SmtpOptions>();
  }
  SmtpOptions options;
  options.host = std::string(base::StripWhitespace(host));
  std::optional<SmtpTls> tls;
  if (std::optional<std::string> value = Env("IPHUB_SMTP_TLS")) {
    const std::string mode = base::AsciiLowerCopy(base::StripWhitespace(*value));
    if (mode == "none") {
      tls = SmtpTls::kNone;
    } else if (mode == "starttls") {
      tls = SmtpTls::kStartTls;
    } else if (mode == "tls") {
      tls = SmtpTls::kImplicit;
    } else {
      return absl::InvalidArgumentError(
          base::StrCat("IPHUB_SMTP_TLS must be none, starttls or tls, not \"", *value, "\""));
    }
  }
  if (std::optional<std::string> port = Env("IPHUB_SMTP_PORT")) {
    char* end = nullptr;
    const long value = std::strtol(port->c_str(), &end, 10);
    if (end == port->c_str() || *end != '\0' || value <= 0 || value > 65535) {
      return absl::InvalidArgumentError("IPHUB_SMTP_PORT must be a port number (1 to 65535)");
    }
    options.port = static_cast<int>(value);
  } else if (tls == SmtpTls::kImplicit) {
    options.port = 465;
  } else if (tls == SmtpTls::kStartTls) {
    options.port = 587;
  }
  const char* from = std::getenv("IPHUB_SMTP_FROM");
  options.from = from != nullptr && *from != '\0' ? std::string(from) : "iphub@localhost";

  options.user = Env("IPHUB_SMTP_USER").value_or("");
  if (HasLineBreak(options.user)) {
    return absl::InvalidArgumentError("IPHUB_SMTP_USER must not hold a line break");
  }
  const std::optional<std::string> password = Env("IPHUB_SMTP_PASSWORD");
  const std::optional<std::string> password_file = Env("IPHUB_SMTP_PASSWORD_FILE");
  if (password && password_file) {
    return absl::InvalidArgumentError(
        "IPHUB_SMTP_PASSWORD and IPHUB_SMTP_PASSWORD_FILE are both set; set one");
  }
  if (password) options.password = *password;
  if (password_file) {
    IPHUB_ASSIGN_OR_RETURN(options.password, ReadPasswordFile(*password_file));
  }
  if (options.user.empty() && !options.password.empty()) {
    return absl::InvalidArgumentError(
        "IPHUB_SMTP_PASSWORD(_FILE) is set but IPHUB_SMTP_USER is not");
  }
  if (!options.user.empty() && options.password.empty()) {
    return absl::InvalidArgumentError(
        "IPHUB_SMTP_USER is set but neither IPHUB_SMTP_PASSWORD nor IPHUB_SMTP_PASSWORD_FILE");
  }

  if (tls) {
    options.tls = *tls;
  } else if (options.port == 465) {
    options.tls = SmtpTls::kImplicit;
  } else if (options.port == 587 && !options.user.empty()) {
    options.tls = SmtpTls::kStartTls;
  }
  options.ca_file = Env("IPHUB_SMTP_CA_FILE").value_or("");
  if (!options.ca_file.empty() && !std::ifstream(options.ca_file)) {
    return absl::InvalidArgumentError(
        base::StrCat("IPHUB_SMTP_CA_FILE: cannot read ", options.ca_file));
  }
  if (std::optional<std::string> verify = Env("IPHUB_SMTP_TLS_VERIFY")) {
    if (*verify == "0") {
      options.verify = TlsVerify::kNo;
    } else if (*verify != "1") {
      return absl::InvalidArgumentError(
          base::StrCat("IPHUB_SMTP_TLS_VERIFY must be 1 or 0, not \"", *verify, "\""));
    }
  }
  if (absl::Status transport = CheckCredentialTransport(options); !transport.ok()) {
    return absl::InvalidArgumentError(base::StrCat(
        "IPHUB_SMTP_USER is set but IPHUB_SMTP_TLS is none and IPHUB_SMTP_HOST=", options.host,
        " is not loopback: the login would cross the network in clear; set IPHUB_SMTP_TLS=starttls "
        "or tls"));
  }
  if (options.verify == TlsVerify::kNo && options.tls != SmtpTls::kNone) {
    spdlog::warn(
        "IPHUB_SMTP_TLS_VERIFY=0: the SMTP server's certificate is not checked; anyone on the "
        "path can read the mail and the login. For tests only.");
  }
  return std::optional<SmtpOptions>(std::move(options));
}

absl::Status SendMail(const SmtpOptions& options, const OutgoingMail& mail) {
  if (HasLineBreak(mail.to) || HasLineBreak(options.from) || mail.to.empty()) {
    return absl::InvalidArgumentError("a mail address is empty or holds a line break");
  }
  if (HasLineBreak(options.user)) {
    return absl::InvalidArgumentError("the SMTP user holds a line break");
  }
  IPHUB_RETURN_IF_ERROR(CheckCredentialTransport(options));
  SmtpSession session(options);
  return WithoutPassword(SendOn(session, options, mail), options);
}

MailSender::MailSender(db::Database& database, SmtpOptions options, base::Clock& clock)
    : database_(database), options_(std::move(options)), clock_(clock) {}

absl::StatusOr<SendSummary> MailSender::SendPending(int64_t limit) {
  SendSummary summary;
  IPHUB_ASSIGN_OR_RETURN(auto conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(std::vector<store::Mail> pending,
                         store::PendingMail(*conn, kMaxMailAttempts, limit));
  for (const store::Mail& mail : pending) {
    absl::Status sent =
        SendMail(options_, {.to = mail.to_address, .subject = mail.subject, .body = mail.body});
    if (sent.ok()) {
      IPHUB_RETURN_IF_ERROR(store::MarkMailSent(*conn, mail.id, clock_.NowMillis()));
      ++summary.sent;
    } else {
      IPHUB_RETURN_IF_ERROR(store::MarkMailFailed(*conn, mail.id, base::Sv(sent.message())));
      ++summary.failed;
    }
  }
  return summary;
}

}  // namespace iphub::watch
