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

std::optional<std::string> FieldOf(const absl::Status& status) {
  auto payload = status.GetPayload(Sv(kFieldPayloadKey));
  if (!payload.has_value()) return std::nullopt;
  return std::string(*payload);
}

}  // namespace iphub::base
