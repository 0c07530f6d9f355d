// Delivery of the mail outbox (table mail_outbox) over plain SMTP (RFC 5321): EHLO (HELO when
// the server does not know EHLO), MAIL FROM, RCPT TO, DATA, QUIT, one connection per mail,
// with a timeout on every exchange. No TLS and no authentication: point it at a local relay.
//
//   std::optional<SmtpOptions> smtp = SmtpOptionsFromEnvironment();
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

struct SmtpOptions {
  std::string host{};
  int port = 25;
  std::string from{};                // the envelope and From: address
  std::string helo_name{"iphub"};    // the name given in EHLO/HELO
  std::chrono::seconds timeout{10};  // per connect, read and write
};

// From IPHUB_SMTP_HOST (required: nullopt without it), IPHUB_SMTP_PORT (default 25) and
// IPHUB_SMTP_FROM (default "iphub@localhost"). InvalidArgument for a malformed port.
absl::StatusOr<std::optional<SmtpOptions>> SmtpOptionsFromEnvironment();

struct OutgoingMail {
  std::string to{};
  std::string subject{};  // UTF-8; encoded as RFC 2047 in the header
  std::string body{};     // UTF-8 text; lines end "\n"
};

// Sends one mail; Unavailable (with the server's reply or the socket error) otherwise.
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
