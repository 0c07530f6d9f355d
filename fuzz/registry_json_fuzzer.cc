// Fuzzes the registry JSON reader (qichacha-style trademark, copyright and
// patent records): any bytes must yield records or errors, never a crash, hang
// or stack overflow, and every record read must serialise again.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "iphub/patents/importers/jsonl.h"
#include "iphub/patents/importers/registry_json.h"
#include "iphub/patents/rights.h"

namespace {

struct Serialise {
  void operator()(const iphub::patents::Patent& patent) const {
    (void)iphub::patents::importers::PatentToJson(patent).dump();
  }
  void operator()(const iphub::patents::Trademark& trademark) const {
    auto json = iphub::patents::TrademarkToJson(trademark);
    // The canonical form must read back.
    if (!iphub::patents::TrademarkFromJson(json).ok()) __builtin_trap();
    (void)json.dump();
  }
  void operator()(const iphub::patents::Copyright& copyright) const {
    auto json = iphub::patents::CopyrightToJson(copyright);
    if (!iphub::patents::CopyrightFromJson(json).ok()) __builtin_trap();
    (void)json.dump();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)iphub::patents::importers::LooksLikeRegistryJson(bytes);
  auto status = iphub::patents::importers::ReadRegistryJson(
      bytes, [](iphub::patents::importers::RegistryRecord&& record) {
        if (record.item.ok()) std::visit(Serialise{}, *record.item);
        return absl::OkStatus();
      });
  (void)status;
  return 0;
}
