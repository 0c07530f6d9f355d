#include "iphub/engine/query/ast.h"

#include <string_view>

namespace iphub::engine::query {
namespace {

// Appends `text` in double quotes, escaping '"', '\' and control characters,
// so that the rendering stays on one line and is unambiguous.
void AppendQuoted(std::string_view text, std::string& out) {
  constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7F) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else {
      out += c;
    }
  }
  out += '"';
}

// A range bound: `*` when open, bare when it cannot be misread, quoted otherwise.
void AppendBound(std::string_view bound, std::string& out) {
  if (bound.empty()) {
    out += '*';
    return;
  }
  for (char c : bound) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F ||
        std::string_view(",[](){}\"\\*").find(c) != std::string_view::npos) {
      AppendQuoted(bound, out);
      return;
    }
  }
  out += bound;
}

void AppendField(const Node& node, std::string& out) {
  if (node.field.empty()) return;
  out += node.field;
  out += ':';
}

void Append(const Node& node, std::string& out) {
  switch (node.kind) {
    case NodeKind::kAnd:
    case NodeKind::kOr:
    case NodeKind::kNot:
      out += node.kind == NodeKind::kAnd ? "(AND" : node.kind == NodeKind::kOr ? "(OR" : "(NOT";
      for (const Node& child : node.children) {
        out += ' ';
        Append(child, out);
      }
      out += ')';
      return;
    case NodeKind::kTerm:
      AppendField(node, out);
      if (node.quoted) out += 'q';
      AppendQuoted(node.text, out);
      if (node.truncated) out += '*';
      return;
    case NodeKind::kNear:
      out += "(NEAR/";
      out += std::to_string(node.distance);
      out += node.ordered ? " ordered" : " unordered";
      for (const Node& child : node.children) {
        out += ' ';
        Append(child, out);
      }
      out += ')';
      return;
    case NodeKind::kRange:
      AppendField(node, out);
      out += node.lower_inclusive ? '[' : '(';
      AppendBound(node.lower, out);
      out += ',';
      AppendBound(node.upper, out);
      out += node.upper_inclusive ? ']' : ')';
      return;
  }
}

}  // namespace

std::string ToString(const Node& node) {
  std::string out;
  Append(node, out);
  return out;
}

}  // namespace iphub::engine::query
