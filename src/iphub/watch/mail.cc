#include "iphub/watch/mail.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "boost/asio/ip/tcp.hpp"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/watch/store.h"

namespace iphub::watch {
namespace {

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

class SmtpSession {
 public:
  explicit SmtpSession(const SmtpOptions& options) : options_(options) {
    stream_.expires_after(options.timeout);
  }

  absl::Status Connect() {
    stream_.connect(options_.host, std::to_string(options_.port));
    if (!stream_) return Broken("connect");
    return Expect(220, "greeting");
  }

  // Sends `line` (without CRLF) and expects reply `code`.
  absl::Status Command(std::string_view line, int code) {
    IPHUB_RETURN_IF_ERROR(Send(base::StrCat(line, "\r\n")));
    return Expect(code, line);
  }

  absl::Status Send(std::string_view text) {
    stream_.expires_after(options_.timeout);
    stream_.write(text.data(), static_cast<std::streamsize>(text.size()));
    stream_.flush();
    if (!stream_) return Broken("write");
    return absl::OkStatus();
  }

  // Reads one reply (every line of a multi-line one) and returns its code.
  absl::StatusOr<int> Reply() {
    stream_.expires_after(options_.timeout);
    for (;;) {
      std::string line;
      if (!std::getline(stream_, line)) return Broken("read");
      if (!line.empty() && line.back() == '\r') line.pop_back();
      last_reply_ = line;
      if (line.size() < 3 || !base::IsAsciiDigit(line[0]) || !base::IsAsciiDigit(line[1]) ||
          !base::IsAsciiDigit(line[2])) {
        return absl::UnavailableError(base::StrCat("SMTP: malformed reply: ", line));
      }
      if (line.size() > 3 && line[3] == '-') continue;
      return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    }
  }

  absl::Status Expect(int code, std::string_view after) {
    IPHUB_ASSIGN_OR_RETURN(int got, Reply());
    if (got != code) {
      return absl::UnavailableError(
          base::StrCat("SMTP: after ", after, ": expected ", code, ", got: ", last_reply_));
    }
    return absl::OkStatus();
  }

 private:
  absl::Status Broken(std::string_view what) {
    const boost::system::error_code error = stream_.error();
    return absl::UnavailableError(base::StrCat("SMTP ", what, " ", options_.host, ":",
                                               options_.port, " failed: ", error.message()));
  }

  const SmtpOptions& options_;
  boost::asio::ip::tcp::iostream stream_;
  std::string last_reply_;
};

}  // namespace

absl::StatusOr<std::optional<SmtpOptions>> SmtpOptionsFromEnvironment() {
  const char* host = std::getenv("IPHUB_SMTP_HOST");
  if (host == nullptr || base::StripWhitespace(host).empty()) {
    return std::optional<SmtpOptions>();
  }
  SmtpOptions options;
  options.host = std::string(base::StripWhitespace(host));
  if (const char* port = std::getenv("IPHUB_SMTP_PORT"); port != nullptr && *port != '\0') {
    char* end = nullptr;
    const long value = std::strtol(port, &end, 10);
    if (end == port || *end != '\0' || value <= 0 || value > 65535) {
      return absl::InvalidArgumentError("IPHUB_SMTP_PORT must be a port number (1 to 65535)");
    }
    options.port = static_cast<int>(value);
  }
  const char* from = std::getenv("IPHUB_SMTP_FROM");
  options.from = from != nullptr && *from != '\0' ? std::string(from) : "iphub@localhost";
  return std::optional<SmtpOptions>(std::move(options));
}

absl::Status SendMail(const SmtpOptions& options, const OutgoingMail& mail) {
  if (HasLineBreak(mail.to) || HasLineBreak(options.from) || mail.to.empty()) {
    return absl::InvalidArgumentError("a mail address is empty or holds a line break");
  }
  SmtpSession session(options);
  IPHUB_RETURN_IF_ERROR(session.Connect());
  if (absl::Status ehlo = session.Command(base::StrCat("EHLO ", options.helo_name), 250);
      !ehlo.ok()) {
    IPHUB_RETURN_IF_ERROR(session.Command(base::StrCat("HELO ", options.helo_name), 250));
  }
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
