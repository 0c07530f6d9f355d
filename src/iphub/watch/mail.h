// Delivery of the mail outbox (table mail_outbox) over SMTP (RFC 5321): EHLO (HELO when the
// server does not know EHLO and neither TLS nor a login is asked for), MAIL FROM, RCPT TO, DATA,
// QUIT, one connection per mail, with a timeout on every exchange (connect, TLS handshake, each
// write, each reply).
//
// Transport security (SmtpTls): kNone speaks plain SMTP (a local relay); kStartTls sends EHLO,
// STARTTLS (RFC 3207), does the TLS handshake and sends EHLO again, and fails (never falls back to
// plain) when the server does not offer STARTTLS; kImplicit speaks TLS from the first byte
// (RFC 8314, port 465). The server's certificate is verified against OpenSSL's default trust
// store plus `ca_file`, and must name the host (SNI is sent; a host given as an IP address must
// be in the certificate's IP addresses).
//
// Authentication (RFC 4954): with a `user`, AUTH PLAIN when the server offers it, else AUTH LOGIN.
// Credentials never go over an unencrypted connection to a host that is not loopback
// (CheckCredentialTransport). The password never appears in an error.
//
//   IPHUB_ASSIGN_OR_RETURN(std::optional<SmtpOptions> smtp, SmtpOptionsFromEnvironment());
//   if (smtp) MailSender(database, *smtp, clock).SendPending();
//
// Each pending row (sent_at NULL, fewer than kMaxAttempts attempts) is sent; on success
// sent_at is set, otherwise attempts grows and last_error says why. Not thread-safe: one
// sender per database.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "iphub/base/clock.h"
#include "iphub/db/database.h"

namespace iphub::watch {

inline constexpr int64_t kMaxMailAttempts = 5;

enum class SmtpTls {
  kNone,      // plain SMTP
  kStartTls,  // plain greeting and EHLO, then STARTTLS; required, never skipped
  kImplicit,  // TLS from the first byte ("SMTPS", port 465)
};

// Whether the server's certificate chain and name are checked. kNo is for tests only.
enum class TlsVerify { kYes, kNo };

struct SmtpOptions {
  std::string host{};
  int port = 25;
  std::string from{};                // the envelope and From: address
  std::string helo_name{"iphub"};    // the name given in EHLO/HELO
  std::chrono::seconds timeout{10};  // per connect, handshake, write and reply
  SmtpTls tls = SmtpTls::kNone;
  TlsVerify verify = TlsVerify::kYes;
  std::string ca_file{};   // PEM certificates trusted on top of the system store; may be empty
  std::string user{};      // empty: no AUTH
  std::string password{};  // secret: never logged, never in an error
};

// From the environment; nullopt when IPHUB_SMTP_HOST is not set.
//   IPHUB_SMTP_HOST            the server (required)
//   IPHUB_SMTP_PORT            default 465 with IPHUB_SMTP_TLS=tls, 587 with starttls, else 25
//   IPHUB_SMTP_FROM            default "iphub@localhost"
//   IPHUB_SMTP_TLS             none | starttls | tls; default tls on port 465, starttls on port
//                              587 with IPHUB_SMTP_USER set, else none
//   IPHUB_SMTP_CA_FILE         extra trusted certificates (PEM), on top of the system store
//   IPHUB_SMTP_TLS_VERIFY      1 (default) or 0: 0 skips certificate checks, for tests only,
//                              and logs a warning
//   IPHUB_SMTP_USER            login; needs a password from one of:
//   IPHUB_SMTP_PASSWORD        the password itself, or
//   IPHUB_SMTP_PASSWORD_FILE   a file holding it (read once; trailing line breaks dropped)
// InvalidArgument, naming the variable, for a malformed value, a missing or doubled password,
// an unreadable file, or credentials that would go unencrypted to a host that is not loopback.
absl::StatusOr<std::optional<SmtpOptions>> SmtpOptionsFromEnvironment();

// Whether `host` is loopback by its spelling alone (no DNS): "localhost", 127.0.0.0/8, ::1.
bool IsLoopbackHost(std::string_view host);

// OK unless `options` would send credentials over plain SMTP (tls kNone) to a host that is not
// loopback: FailedPrecondition then.
absl::Status CheckCredentialTransport(const SmtpOptions& options);

struct OutgoingMail {
  std::string to{};
  std::string subject{};  // UTF-8; encoded as RFC 2047 in the header
  std::string body{};     // UTF-8 text; lines end "\n"
};

// Sends one mail. InvalidArgument for an address with a line break; FailedPrecondition when
// CheckCredentialTransport refuses (nothing is sent); PermissionDenied when the server refuses
// the login (5xx to AUTH); Unavailable otherwise (the server's reply, the socket or TLS error,
// a missing STARTTLS or AUTH mechanism, a timeout).
absl::Status SendMail(const SmtpOptions& options, const OutgoingMail& mail);

struct SendSummary {
  int64_t sent = 0;
  int64_t failed = 0;
};

class MailSender {
 public:
  MailSender(db::Database& database, SmtpOptions options, base::Clock& clock);
  // Sends up to `limit` pending mails, oldest first.
  absl::StatusOr<SendSummary> SendPending(int64_t limit = 50);

 private:
  db::Database& database_;
  const SmtpOptions options_;
  base::Clock& clock_;
};

}  // namespace iphub::watch
