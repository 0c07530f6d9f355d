// Fuzzes patents::NormalizeApplicantName with arbitrary bytes. Must never crash
// or hit UB. The result must be valid UTF-8 (invalid input bytes become U+FFFD),
// hold no leading, trailing or doubled space, and be a fixed point:
// normalising it again gives it back (idempotence), so SameApplicant holds
// between a name and its normal form unless that form is empty.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "iphub/patents/applicant_names.h"

namespace {

// Strict UTF-8 check, written apart from the normaliser's decoder so that the
// two do not share a bug.
bool IsValidUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    size_t length = 0;
    uint32_t value = 0;
    if (lead < 0x80) {
      ++pos;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      value = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      value = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      value = lead & 0x07;
    } else {
      return false;
    }
    if (text.size() - pos < length) return false;
    for (size_t index = 1; index < length; ++index) {
      const auto byte = static_cast<unsigned char>(text[pos + index]);
      if ((byte & 0xC0) != 0x80) return false;
      value = (value << 6) | (byte & 0x3F);
    }
    const uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (value < smallest[length] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
      return false;
    }
    pos += length;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view name(reinterpret_cast<const char*>(data), size);
  const std::string normalized = iphub::patents::NormalizeApplicantName(name);
  if (!IsValidUtf8(normalized)) std::abort();
  if (!normalized.empty() && (normalized.front() == ' ' || normalized.back() == ' ')) std::abort();
  if (normalized.find("  ") != std::string::npos) std::abort();
  if (iphub::patents::NormalizeApplicantName(normalized) != normalized) std::abort();
  if (iphub::patents::SameApplicant(name, normalized) != !normalized.empty()) std::abort();
  return 0;
}
