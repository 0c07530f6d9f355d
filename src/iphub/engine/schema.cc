#include "iphub/engine/schema.h"

namespace iphub::engine {

Schema::Schema(std::vector<FieldSpec> fields) : fields_(std::move(fields)) {}

std::optional<uint32_t> Schema::Find(std::string_view name) const {
  for (uint32_t id = 0; id < fields_.size(); ++id) {
    if (fields_[id].name == name) return id;
  }
  return std::nullopt;
}

std::string Schema::Fingerprint() const {
  std::string out;
  for (const FieldSpec& spec : fields_) {
    out += spec.name;
    out += ':';
    out += spec.kind == FieldKind::kText      ? "text"
           : spec.kind == FieldKind::kKeyword ? "keyword"
                                              : "int";
    if (spec.column) out += ":column";
    if (!spec.stored) out += ":unstored";
    out += ';';
  }
  return out;
}

}  // namespace iphub::engine
