// Fuzzes the USPTO full-text XML importer: splitting a concatenated weekly
// file at its prologs and parsing each slice into a Patent. Must never crash,
// hang, leak or hit UB; malformed input has to come back as a Status.
//
// Seeds: fuzz/corpus/uspto_xml/ (one small document per supported format).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "iphub/patents/importers/uspto_xml.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view file(reinterpret_cast<const char*>(data), size);
  for (const iphub::patents::importers::XmlDocument& document :
       iphub::patents::importers::SplitConcatenatedXml(file)) {
    if (document.offset + document.text.size() > file.size()) __builtin_trap();
    auto parsed = iphub::patents::importers::ParseUsptoDocument(document.text);
    if (parsed.ok() && parsed->has_value() && (*parsed)->publication_number.empty()) {
      __builtin_trap();  // a parsed patent always has its number
    }
  }
  return 0;
}
