// Fuzzes the SMTP reply parser (watch/internal/smtp_reply.h) with what a server might send:
// ParseSmtpReply over the input, reply after reply, and ParseEhloExtensions and
// DescribeSmtpReply on each reply. Must never crash or hit UB. Traps unless each reply takes 1
// to kMaxSmtpReplyBytes bytes ending in "\n", has a code 200-599 and at least one line without
// a line break, and parses the same again from exactly the bytes it took; unless an error is
// InvalidArgument; unless "not complete yet" comes only for input within the size cap; and
// unless the description holds no control character.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "iphub/watch/internal/smtp_reply.h"

namespace internal = iphub::watch::internal;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  while (!input.empty()) {
    const absl::StatusOr<std::optional<internal::SmtpReply>> parsed =
        internal::ParseSmtpReply(input);
    if (!parsed.ok()) {
      if (parsed.status().code() != absl::StatusCode::kInvalidArgument) std::abort();
      return 0;
    }
    if (!parsed->has_value()) {
      if (input.size() > internal::kMaxSmtpReplyBytes) std::abort();  // must have been refused
      return 0;
    }
    const internal::SmtpReply& reply = **parsed;
    if (reply.consumed == 0 || reply.consumed > input.size() ||
        reply.consumed > internal::kMaxSmtpReplyBytes || input[reply.consumed - 1] != '\n') {
      std::abort();
    }
    if (reply.code < 200 || reply.code > 599 || reply.lines.empty()) std::abort();
    for (const std::string& line : reply.lines) {
      if (line.find('\n') != std::string::npos) std::abort();
    }
    const absl::StatusOr<std::optional<internal::SmtpReply>> again =
        internal::ParseSmtpReply(input.substr(0, reply.consumed));
    if (!again.ok() || !again->has_value() || (*again)->code != reply.code ||
        (*again)->lines != reply.lines || (*again)->consumed != reply.consumed) {
      std::abort();
    }
    (void)internal::ParseEhloExtensions(reply);
    const std::string described = internal::DescribeSmtpReply(reply);
    for (char c : described) {
      if (static_cast<unsigned char>(c) < 0x20) std::abort();
    }
    input.remove_prefix(reply.consumed);
  }
  return 0;
}
