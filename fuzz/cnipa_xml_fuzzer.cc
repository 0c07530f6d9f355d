// Fuzzes the CNIPA publication XML importer (both the older
// cn-patent-document format and the 2021 PatentDocumentAndRelated schema) and
// the claim-dependency parser. Must never crash, hang, leak or hit UB; bad
// input must come back as InvalidArgument.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"
#include "iphub/patents/importers/cnipa_xml.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<iphub::patents::Patent> patent =
      iphub::patents::importers::ParseCnipaDocument(input);
  if (!patent.ok()) {
    if (patent.status().code() != absl::StatusCode::kInvalidArgument) __builtin_trap();
    // The raw bytes as claim text too: the reference parser sees every input.
    (void)iphub::patents::importers::ParseClaimDependencies(input);
    return 0;
  }
  if (patent->country != "CN" || patent->publication_number.empty()) __builtin_trap();
  for (const iphub::patents::Claim& claim : patent->claims) {
    if (claim.depends_on.size() > 2000) __builtin_trap();
  }
  return 0;
}
