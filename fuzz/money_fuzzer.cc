// Fuzzes base::ParseMoney (amounts as users type them: "1,234.5", "1.2万元",
// "¥8") with arbitrary bytes. Must never crash or hit UB. On success the
// amount must format and parse back to the same fen, and scaling it by 1 (or
// 10,000 basis points) must give it back; on failure the status must be
// InvalidArgument with a position no greater than the text's length in bytes,
// also given in the message as "character N: ".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "iphub/base/money.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"

namespace base = iphub::base;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const absl::StatusOr<base::Money> parsed = base::ParseMoney(text);
  if (parsed.ok()) {
    const std::string formatted = base::FormatMoney(*parsed);
    const absl::StatusOr<base::Money> again = base::ParseMoney(formatted);
    if (!again.ok() || *again != *parsed) std::abort();  // format and parse disagree
    const absl::StatusOr<base::Money> same = base::MultiplyByBasisPoints(*parsed, 10000);
    if (!same.ok() || *same != *parsed) std::abort();
    return 0;
  }
  const absl::Status& status = parsed.status();
  if (status.code() != absl::StatusCode::kInvalidArgument) std::abort();
  const std::optional<size_t> position = base::PositionOf(status);
  if (!position || *position > size) std::abort();
  const std::string prefix = "character " + std::to_string(*position) + ": ";
  if (base::Sv(status.message()).substr(0, prefix.size()) != prefix) std::abort();
  return 0;
}
