// The parse tree of a search query (see docs/query-language.md).
//
// The parser knows the syntax only: field codes are kept as written (upper-
// cased), values as strings. Binding codes to index fields, analysing words and
// reading dates happen later (engine/search), which reports its errors at the
// node's `begin` position.
//
//   TI=(无人机 AND 电池) OR PA="华为技术有限公司" NOT AD<2018
//
//   Or
//   ├── And
//   │   ├── Term TI "无人机"
//   │   └── Term TI "电池"
//   └── And
//       ├── Term PA "华为技术有限公司" (quoted)
//       └── Not
//           └── Range AD (-∞, "2018")
#ifndef IPHUB_ENGINE_QUERY_AST_H_
#define IPHUB_ENGINE_QUERY_AST_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace iphub::engine::query {

enum class NodeKind {
  kAnd,    // all children
  kOr,     // any child
  kNot,    // one child: documents that do not match it (binary `a NOT b` is And(a, Not(b)))
  kTerm,   // one word, phrase or code: `field`, `text`, `quoted`, `truncated`
  kNear,   // proximity: children are kTerm nodes; `distance`, `ordered`
  kRange,  // comparison or range on an ordered field: `lower`, `upper`, inclusivity
};

struct Node {
  NodeKind kind = NodeKind::kTerm;
  // The field code that applies to this leaf, upper-cased as written ("TI", "IPC");
  // inherited from an enclosing `CODE=( … )`. Empty: the default field (TAC).
  std::string field;

  // kTerm: the value without quotes or the trailing '*'.
  // kRange written `CODE=value` (e.g. `AD=2018`, `AN=201810123456.7`): the value
  // as written too, so that a binder may read it as a term on a field that has
  // no order (empty for every other range).
  std::string text;
  bool quoted = false;     // written in double quotes: a phrase, exact forms
  bool truncated = false;  // written with a trailing '*' (prefix match)

  // kNear: `a nW b` (ordered) or `a nD b` (either order): at most `distance` tokens
  // between the two terms; plain W / D is distance 0.
  uint32_t distance = 0;
  bool ordered = false;

  // kRange: bounds as written ("2018", "2018-01-01", "20180101"); an empty bound is
  // open, and an open bound is never inclusive. `AD=2018` is Range [2018, 2018];
  // `AD>2018` is Range (2018, +∞).
  std::string lower;
  std::string upper;
  bool lower_inclusive = true;
  bool upper_inclusive = true;

  std::vector<Node> children;

  // Character positions (Unicode code points, 0-based) of the node's source text:
  // [begin, end). Used to point at the node in error messages.
  size_t begin = 0;
  size_t end = 0;
};

// A compact one-line rendering used by golden tests and error messages, e.g.
// `(OR (AND TI:"无人机" TI:"电池") (NOT AD:[2018,2018]))`.
//
//   term    FIELD:"text"  (no `FIELD:` for the default field), q"…" when quoted,
//           a trailing * when truncated; '"', '\' and control bytes escaped
//   near    (NEAR/5 ordered a b), (NEAR/0 unordered a b)
//   range   FIELD:[lower,upper] with ( ) for exclusive ends and * for open ones;
//           a bound with spaces or any of ,[](){}"\* is quoted
//   others  (AND a b …), (OR a b …), (NOT a)
std::string ToString(const Node& node);

}  // namespace iphub::engine::query

#endif  // IPHUB_ENGINE_QUERY_AST_H_
