// Fuzzes the search query parser (engine/query) with arbitrary bytes. Must
// never crash, hang, leak or hit UB. On success the tree must render with
// ToString, and every node's [begin, end) must lie inside the query (in code
// points) and inside its parent; on failure the status must be InvalidArgument
// with a position no greater than the query's length, also given in the
// message as "character N: ".
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "iphub/engine/query/ast.h"
#include "iphub/engine/query/parser.h"

namespace query = iphub::engine::query;

namespace {

// The query's length in characters as the parser counts them: a valid UTF-8
// sequence or one invalid byte. Written independently of the parser's decoder.
size_t CharacterCount(std::string_view bytes) {
  size_t count = 0;
  size_t offset = 0;
  const auto byte = [&](size_t index) -> unsigned {
    return index < bytes.size() ? static_cast<unsigned char>(bytes[index]) : 0u;
  };
  while (offset < bytes.size()) {
    const unsigned lead = byte(offset);
    size_t length = 1;
    unsigned low = 0x80;
    unsigned high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    }
    bool valid = length > 1 || lead < 0x80;
    for (size_t index = 1; valid && index < length; ++index) {
      const unsigned next = byte(offset + index);
      valid = index == 1 ? (next >= low && next <= high) : (next & 0xC0) == 0x80;
    }
    offset += valid ? length : 1;
    ++count;
  }
  return count;
}

void CheckNode(const query::Node& node, size_t parent_begin, size_t parent_end) {
  if (node.begin > node.end || node.begin < parent_begin || node.end > parent_end) {
    __builtin_trap();
  }
  if (node.kind == query::NodeKind::kNear) {
    if (node.children.size() != 2) __builtin_trap();
    for (const query::Node& child : node.children) {
      if (child.kind != query::NodeKind::kTerm) __builtin_trap();
    }
  }
  if (node.kind == query::NodeKind::kTerm && node.text.empty()) __builtin_trap();
  for (const query::Node& child : node.children) CheckNode(child, node.begin, node.end);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t length = CharacterCount(input);
  const absl::StatusOr<query::Node> tree = query::ParseQuery(input);
  if (tree.ok()) {
    CheckNode(*tree, 0, length);
    if (query::ToString(*tree).empty()) __builtin_trap();
    return 0;
  }
  const absl::Status& status = tree.status();
  if (status.code() != absl::StatusCode::kInvalidArgument) __builtin_trap();
  const std::optional<size_t> position = query::ErrorPosition(status);
  if (!position.has_value() || *position > length) __builtin_trap();
  const std::string prefix = "character " + std::to_string(*position) + ": ";
  if (status.message().substr(0, prefix.size()) != prefix) __builtin_trap();
  return 0;
}
