// Fuzzes the patent JSONL line parser: any bytes must yield a record or an
// InvalidArgument, never a crash, hang or stack overflow.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "iphub/patents/importers/jsonl.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  auto parsed = iphub::patents::importers::ParseJsonlLine(line);
  if (parsed.ok()) {
    // What was read must serialise again.
    (void)iphub::patents::importers::PatentToJson(*parsed).dump();
  }
  return 0;
}
