// Parsing of what an SMTP server sends: replies (RFC 5321 4.2), one or more lines "250-text"
// ending with "250 text", and the extension keywords of an EHLO reply (RFC 5321 4.1.1.1). Pure
// functions over bytes read from the network, kept apart from the socket code so that
// fuzz/smtp_reply_fuzzer.cc can drive them.
//
//   IPHUB_ASSIGN_OR_RETURN(std::optional<SmtpReply> reply, ParseSmtpReply(buffered));
//   if (!reply) { /* read more bytes, try again */ }
//   buffered.erase(0, reply->consumed);
//   const EhloExtensions extensions = ParseEhloExtensions(*reply);
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace iphub::watch::internal {

// A reply longer than this (all its lines together) is refused: a server cannot make the
// client buffer without end.
inline constexpr size_t kMaxSmtpReplyBytes = 64 * 1024;

struct SmtpReply {
  int code = 0;                    // 200 to 599, the same on every line
  std::vector<std::string> lines;  // the text of each line after "250-" or "250 ", no CR/LF
  size_t consumed = 0;             // bytes of the input this reply took, through its last "\n"
};

// Parses the reply at the start of `input`; lines end in CRLF (a bare LF is accepted too).
// Returns nullopt when `input` does not hold the reply's last line yet (read more and call
// again), and InvalidArgument for a line that does not start with a three-digit code 200-599
// followed by '-', ' ' or the line end, for lines of one reply with different codes, and for
// a reply longer than kMaxSmtpReplyBytes (complete or not).
absl::StatusOr<std::optional<SmtpReply>> ParseSmtpReply(std::string_view input);

// The extensions this client cares about, from a 250 reply to EHLO: every line after the
// first (the greeting) is a keyword with parameters, matched ignoring case. The obsolete form
// "AUTH=PLAIN LOGIN" counts as AUTH.
struct EhloExtensions {
  bool starttls = false;
  bool auth_plain = false;
  bool auth_login = false;
};
EhloExtensions ParseEhloExtensions(const SmtpReply& reply);

// A reply as one line for error messages: "535 5.7.8 bad credentials", multi-line text joined
// with " / ", cut to 300 bytes, control characters as '?'.
std::string DescribeSmtpReply(const SmtpReply& reply);

}  // namespace iphub::watch::internal
