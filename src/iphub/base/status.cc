#include "iphub/base/status.h"

#include "absl/strings/cord.h"
#include "iphub/base/strings.h"

namespace iphub::base {

absl::Status InvalidField(std::string_view field, std::string_view detail) {
  return WithField(absl::InvalidArgumentError(Sv(detail)), field);
}

absl::Status WithField(absl::Status status, std::string_view field) {
  status.SetPayload(Sv(kFieldPayloadKey), absl::Cord(Sv(field)));
  return status;
}

absl::Status WithPosition(absl::Status status, size_t position) {
  status.SetPayload(Sv(kPositionPayloadKey), absl::Cord(std::to_string(position)));
  return status;
}

std::optional<size_t> PositionOf(const absl::Status& status) {
  auto payload = status.GetPayload(Sv(kPositionPayloadKey));
  if (!payload.has_value()) return std::nullopt;
  const std::string text(*payload);
  if (text.empty() || text.size() > 18) return std::nullopt;
  size_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<size_t>(c - '0');
  }
  return value;
}

std::optional<std::string> FieldOf(const absl::Status& status) {
  auto payload = status.GetPayload(Sv(kFieldPayloadKey));
  if (!payload.has_value()) return std::nullopt;
  return std::string(*payload);
}

}  // namespace iphub::base
