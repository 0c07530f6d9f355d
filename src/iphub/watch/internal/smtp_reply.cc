#include "iphub/watch/internal/smtp_reply.h"

#include "iphub/base/strings.h"

namespace iphub::watch::internal {
namespace {

// At most this many bytes of a bad line go into an error message.
constexpr size_t kMaxQuotedBytes = 80;

std::string Printable(std::string_view text, size_t max_bytes) {
  std::string out;
  for (char c : text.substr(0, max_bytes)) {
    const auto byte = static_cast<unsigned char>(c);
    out.push_back(byte < 0x20 || byte == 0x7f ? '?' : c);
  }
  if (text.size() > max_bytes) out.append("...");
  return out;
}

}  // namespace

absl::StatusOr<std::optional<SmtpReply>> ParseSmtpReply(std::string_view input) {
  SmtpReply reply;
  size_t pos = 0;
  for (;;) {
    const size_t line_end = input.find('\n', pos);
    if (line_end == std::string_view::npos) {
      if (input.size() > kMaxSmtpReplyBytes) {
        return absl::InvalidArgumentError("SMTP reply longer than 64 KiB");
      }
      return std::optional<SmtpReply>();
    }
    if (line_end + 1 > kMaxSmtpReplyBytes) {
      return absl::InvalidArgumentError("SMTP reply longer than 64 KiB");
    }
    std::string_view line = input.substr(pos, line_end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() < 3 || line[0] < '2' || line[0] > '5' || !base::IsAsciiDigit(line[1]) ||
        !base::IsAsciiDigit(line[2]) || (line.size() > 3 && line[3] != ' ' && line[3] != '-')) {
      return absl::InvalidArgumentError(
          base::StrCat("malformed SMTP reply line: ", Printable(line, kMaxQuotedBytes)));
    }
    const int code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    if (reply.code != 0 && code != reply.code) {
      return absl::InvalidArgumentError(base::StrCat("SMTP reply changes its code from ",
                                                     reply.code, " to ", code, " mid-reply"));
    }
    reply.code = code;
    reply.lines.emplace_back(line.size() > 4 ? line.substr(4) : std::string_view());
    pos = line_end + 1;
    if (line.size() == 3 || line[3] == ' ') {
      reply.consumed = pos;
      return std::optional<SmtpReply>(std::move(reply));
    }
  }
}

EhloExtensions ParseEhloExtensions(const SmtpReply& reply) {
  EhloExtensions extensions;
  if (reply.code != 250) return extensions;
  for (size_t line_idx = 1; line_idx < reply.lines.size(); ++line_idx) {
    std::string_view line = base::StripWhitespace(reply.lines[line_idx]);
    const size_t keyword_end = line.find_first_of(" =");
    const std::string_view keyword = line.substr(0, keyword_end);
    if (base::EqualsIgnoreCase(keyword, "STARTTLS")) {
      extensions.starttls = true;
      continue;
    }
    if (!base::EqualsIgnoreCase(keyword, "AUTH") || keyword_end == std::string_view::npos) {
      continue;
    }
    std::string_view mechanisms = line.substr(keyword_end + 1);
    while (!mechanisms.empty()) {
      const size_t space = mechanisms.find(' ');
      const std::string_view mechanism = mechanisms.substr(0, space);
      if (base::EqualsIgnoreCase(mechanism, "PLAIN")) extensions.auth_plain = true;
      if (base::EqualsIgnoreCase(mechanism, "LOGIN")) extensions.auth_login = true;
      if (space == std::string_view::npos) break;
      mechanisms.remove_prefix(space + 1);
    }
  }
  return extensions;
}

std::string DescribeSmtpReply(const SmtpReply& reply) {
  std::string text = base::StrCat(reply.code);
  for (size_t line_idx = 0; line_idx < reply.lines.size(); ++line_idx) {
    text.append(line_idx == 0 ? " " : " / ");
    text.append(reply.lines[line_idx]);
  }
  constexpr size_t kMaxBytes = 300;
  return Printable(text, kMaxBytes);
}

}  // namespace iphub::watch::internal
