#include "iphub/engine/search/searcher.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <queue>
#include <unordered_set>

#include "absl/container/flat_hash_map.h"
#include "iphub/base/civil_date.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/engine/query/parser.h"
#include "iphub/engine/search/kernels.h"
#include "iphub/text/analyzer.h"

namespace iphub::engine::search {
namespace {

using index::Bitmap;
using index::SegmentReader;
using index::SegmentView;

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;
// A truncated word or a one-character Chinese word can expand to many terms;
// ranking reads at most this many of them (matching reads all).
constexpr size_t kMaxScoredExpansions = 16;

text::Analyzer& ThreadAnalyzer() {
  thread_local text::Analyzer analyzer;
  return analyzer;
}

// One code point at p (valid UTF-8 assumed, as the analyzer produced it).
size_t CodePointLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xe) return 3;
  return 4;
}

bool IsSingleCodePoint(std::string_view term) {
  return !term.empty() && CodePointLength(static_cast<unsigned char>(term[0])) == term.size();
}

// A query word's tokens: what to look up, at which offset from the first.
struct QueryToken {
  std::string term;
  bool prefix = false;
  uint32_t offset = 0;
};

struct TextTerm {
  std::vector<uint32_t> fields;
  std::vector<QueryToken> tokens;
  uint32_t span = 1;  // positions covered by one occurrence
};

}  // namespace

std::optional<int64_t> ParseDateBound(std::string_view text, bool upper) {
  std::string digits;
  std::vector<std::string> parts(1);
  for (char c : text) {
    if (base::IsAsciiDigit(c)) {
      parts.back() += c;
      digits += c;
    } else if (c == '-' || c == '.' || c == '/') {
      parts.emplace_back();
    } else {
      return std::nullopt;
    }
  }
  int64_t year = 0;
  int month = 0, day = 0;
  const auto number = [](std::string_view s) {
    int64_t v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
  };
  if (parts.size() == 1) {
    if (digits.size() == 4) {
      year = number(digits);
    } else if (digits.size() == 6) {
      year = number(digits.substr(0, 4));
      month = static_cast<int>(number(digits.substr(4, 2)));
    } else if (digits.size() == 8) {
      year = number(digits.substr(0, 4));
      month = static_cast<int>(number(digits.substr(4, 2)));
      day = static_cast<int>(number(digits.substr(6, 2)));
    } else {
      return std::nullopt;
    }
  } else {
    if (parts.size() > 3 || parts[0].size() != 4) return std::nullopt;
    for (size_t at = 1; at < parts.size(); ++at) {
      if (parts[at].empty() || parts[at].size() > 2) return std::nullopt;
    }
    year = number(parts[0]);
    month = static_cast<int>(number(parts[1]));
    if (parts.size() == 3) day = static_cast<int>(number(parts[2]));
  }
  if (year < 1000) return std::nullopt;
  if (month == 0 && day == 0) return year * 10000 + (upper ? 1231 : 101);
  if (month < 1 || month > 12) return std::nullopt;
  if (day == 0) {
    return year * 10000 + month * 100 + (upper ? base::DaysInMonth(year, month) : 1);
  }
  if (day > base::DaysInMonth(year, month)) return std::nullopt;
  return year * 10000 + month * 100 + day;
}

// ---------------------------------------------------------------------------
// Binding: the parse tree becomes a plan of index lookups.

struct Searcher::Plan {
  enum class Kind { kAnd, kOr, kNot, kText, kNear, kKeyword, kRange };
  struct Node {
    Kind kind = Kind::kAnd;
    std::vector<Node> children;
    TextTerm text;              // kText; kNear children are kText
    uint32_t distance = 0;      // kNear
    bool ordered = false;       // kNear
    uint32_t field = 0;         // kKeyword, kRange
    KeywordValue keyword;       // kKeyword
    int64_t lower = INT64_MIN;  // kRange, inclusive
    int64_t upper = INT64_MAX;  // kRange, inclusive
  };
  Node root;
  // Words that rank and highlight: those not under a NOT.
  std::vector<const TextTerm*> scoring;
};

namespace {

absl::Status BindError(const query::Node& node, std::string_view message) {
  return query::QueryError(node.begin, message);
}

absl::StatusOr<TextTerm> BindText(const query::Node& node, const Binding& binding) {
  std::vector<text::Token> tokens;
  ThreadAnalyzer().Analyze(node.text, 0, tokens);
  TextTerm term;
  term.fields = binding.fields;
  // Group the analyser's tokens by position: a Latin word gives its stem and its
  // '=' exact form at one position; CJK gives one bigram or unigram.
  struct Kept {
    std::string term;
    bool prefix;
    uint32_t position;
    bool cjk;
    uint32_t width;
  };
  std::vector<Kept> kept;
  for (size_t at = 0; at < tokens.size();) {
    const uint32_t position = tokens[at].position;
    size_t end = at;
    while (end < tokens.size() && tokens[end].position == position) ++end;
    const bool last = end == tokens.size();
    bool latin = false;
    for (size_t t = at; t < end; ++t) latin |= tokens[t].term[0] == text::kExactPrefix;
    if (latin) {
      const bool exact = node.quoted || (node.truncated && last);
      for (size_t t = at; t < end; ++t) {
        const bool is_exact = tokens[t].term[0] == text::kExactPrefix;
        if (is_exact == exact) {
          kept.push_back({tokens[t].term, node.truncated && last, position, false, 1});
        }
      }
    } else {
      const std::string& cjk = tokens[at].term;
      const bool unigram = IsSingleCodePoint(cjk);
      // A run's closing unigram repeats what the bigram before it covers.
      if (unigram && !kept.empty() && kept.back().cjk && kept.back().width == 2 &&
          kept.back().position + 1 == position) {
        // dropped
      } else {
        kept.push_back({cjk, unigram, position, true, unigram ? 1u : 2u});
      }
    }
    at = end;
  }
  if (kept.empty()) {
    return BindError(node, base::StrCat("nothing to search for in '", node.text, "'"));
  }
  const uint32_t first = kept.front().position;
  for (const Kept& k : kept) {
    term.tokens.push_back({.term = k.term, .prefix = k.prefix, .offset = k.position - first});
  }
  term.span = kept.back().position - first + kept.back().width;
  return term;
}

absl::StatusOr<const Binding*> FindBinding(const Bindings& bindings, const query::Node& node) {
  auto it = bindings.find(node.field);
  if (it == bindings.end()) {
    return BindError(node, base::StrCat("unknown field code '", node.field, "'"));
  }
  return &it->second;
}

absl::StatusOr<Searcher::Plan::Node> Bind(const query::Node& node, const Bindings& bindings) {
  using Kind = Searcher::Plan::Kind;
  Searcher::Plan::Node out;
  switch (node.kind) {
    case query::NodeKind::kAnd:
    case query::NodeKind::kOr:
    case query::NodeKind::kNot: {
      out.kind = node.kind == query::NodeKind::kAnd  ? Kind::kAnd
                 : node.kind == query::NodeKind::kOr ? Kind::kOr
                                                     : Kind::kNot;
      for (const query::Node& child : node.children) {
        IPHUB_ASSIGN_OR_RETURN(Searcher::Plan::Node bound, Bind(child, bindings));
        out.children.push_back(std::move(bound));
      }
      return out;
    }
    case query::NodeKind::kTerm: {
      IPHUB_ASSIGN_OR_RETURN(const Binding* binding, FindBinding(bindings, node));
      switch (binding->kind) {
        case BindingKind::kText: {
          out.kind = Kind::kText;
          IPHUB_ASSIGN_OR_RETURN(out.text, BindText(node, *binding));
          return out;
        }
        case BindingKind::kKeyword: {
          out.kind = Kind::kKeyword;
          out.field = binding->fields.front();
          if (binding->normalize) {
            absl::StatusOr<KeywordValue> value = binding->normalize(node.text, node.truncated);
            if (!value.ok()) return BindError(node, base::Sv(value.status().message()));
            out.keyword = std::move(*value);
          } else {
            out.keyword = {.value = node.text, .prefix = node.truncated};
          }
          return out;
        }
        case BindingKind::kDate:
        case BindingKind::kInt: {
          // `AD=(2018 OR 2019)`: a bare value of an ordered field is the range
          // of that one value (a year or month covers all its days).
          if (node.truncated || node.quoted) {
            return BindError(node, base::StrCat("field ", node.field,
                                                " takes a date or number, not '", node.text, "'"));
          }
          query::Node range = node;
          range.kind = query::NodeKind::kRange;
          range.lower = node.text;
          range.upper = node.text;
          range.text.clear();
          return Bind(range, bindings);
        }
      }
      break;
    }
    case query::NodeKind::kNear: {
      out.kind = Kind::kNear;
      out.distance = node.distance;
      out.ordered = node.ordered;
      const Binding* first_binding = nullptr;
      for (const query::Node& child : node.children) {
        if (child.kind != query::NodeKind::kTerm) {
          return BindError(child, "a proximity operator joins two words or phrases");
        }
        IPHUB_ASSIGN_OR_RETURN(const Binding* binding, FindBinding(bindings, child));
        if (binding->kind != BindingKind::kText) {
          return BindError(child, "proximity operators apply to text fields only");
        }
        if (first_binding != nullptr && binding != first_binding) {
          return BindError(child, "both sides of a proximity operator must search the same field");
        }
        first_binding = binding;
        Searcher::Plan::Node term;
        term.kind = Kind::kText;
        IPHUB_ASSIGN_OR_RETURN(term.text, BindText(child, *binding));
        out.children.push_back(std::move(term));
      }
      if (out.children.size() != 2) return BindError(node, "a proximity operator joins two terms");
      return out;
    }
    case query::NodeKind::kRange: {
      IPHUB_ASSIGN_OR_RETURN(const Binding* binding, FindBinding(bindings, node));
      if (!node.text.empty() && binding->kind != BindingKind::kDate &&
          binding->kind != BindingKind::kInt) {
        // `AN=201810123456.7`, `RG=440300`: a number-like value on a field that
        // is not ordered is a plain term.
        query::Node term = node;
        term.kind = query::NodeKind::kTerm;
        term.lower.clear();
        term.upper.clear();
        return Bind(term, bindings);
      }
      out.kind = Kind::kRange;
      out.field = binding->fields.front();
      const auto bound = [&](const std::string& text, bool upper,
                             bool inclusive) -> absl::StatusOr<int64_t> {
        if (binding->kind == BindingKind::kDate) {
          // An exclusive bound excludes the whole period written: AD>2018 is 2019 on.
          std::optional<int64_t> value = ParseDateBound(text, upper != !inclusive);
          if (!value) {
            return BindError(node, base::StrCat("'", text,
                                                "' is not a date (write 2018, 2018-05 or "
                                                "2018-05-03)"));
          }
          return inclusive ? *value : (upper ? *value - 1 : *value + 1);
        }
        if (binding->kind == BindingKind::kInt) {
          char* end = nullptr;
          errno = 0;
          const long long value = std::strtoll(text.c_str(), &end, 10);
          if (text.empty() || *end != '\0' || errno != 0) {
            return BindError(node, base::StrCat("'", text, "' is not a number"));
          }
          return inclusive ? value : (upper ? value - 1 : value + 1);
        }
        return BindError(
            node, base::StrCat("field ", node.field, " does not take a range or comparison"));
      };
      if (!node.lower.empty()) {
        IPHUB_ASSIGN_OR_RETURN(out.lower, bound(node.lower, false, node.lower_inclusive));
      }
      if (!node.upper.empty()) {
        IPHUB_ASSIGN_OR_RETURN(out.upper, bound(node.upper, true, node.upper_inclusive));
      }
      if (node.lower.empty() && node.upper.empty() && binding->kind != BindingKind::kDate &&
          binding->kind != BindingKind::kInt) {
        return BindError(
            node, base::StrCat("field ", node.field, " does not take a range or comparison"));
      }
      return out;
    }
  }
  return absl::InternalError("unhandled query node");
}

void CollectScoring(const Searcher::Plan::Node& node, bool negated,
                    std::vector<const TextTerm*>& out) {
  using Kind = Searcher::Plan::Kind;
  if (node.kind == Kind::kText) {
    if (!negated) out.push_back(&node.text);
    return;
  }
  for (const Searcher::Plan::Node& child : node.children) {
    CollectScoring(child, negated != (node.kind == Kind::kNot), out);
  }
}

// ---------------------------------------------------------------------------
// Evaluation in one segment (local ids).

// The ordinals a query token stands for in one field of a segment.
std::vector<uint32_t> Ordinals(const SegmentReader& segment, uint32_t field,
                               const QueryToken& token) {
  std::vector<uint32_t> out;
  if (token.prefix) {
    const auto [first, last] = segment.PrefixRange(field, token.term);
    for (uint32_t ord = first; ord < last; ++ord) out.push_back(ord);
  } else if (std::optional<uint32_t> ord = segment.FindTerm(field, token.term)) {
    out.push_back(*ord);
  }
  return out;
}

Bitmap UnionOf(const SegmentReader& segment, uint32_t field, const std::vector<uint32_t>& ords) {
  std::vector<Bitmap> parts;
  parts.reserve(ords.size());
  for (uint32_t ord : ords) parts.push_back(segment.Documents(field, ord));
  std::vector<const Bitmap*> pointers;
  for (const Bitmap& part : parts) pointers.push_back(&part);
  return Bitmap::Union(pointers);
}

// Finds where a text term occurs in the documents of one field.
class Occurrences {
 public:
  // `within`, if given, limits the candidates (and so the documents checked).
  Occurrences(const SegmentReader& segment, uint32_t field, const TextTerm& term,
              const Bitmap* within)
      : term_(term) {
    tokens_.resize(term.tokens.size());
    for (size_t at = 0; at < term.tokens.size(); ++at) {
      for (uint32_t ord : Ordinals(segment, field, term.tokens[at])) {
        tokens_[at].ords.push_back(ord);
      }
    }
    bool first = true;
    for (size_t at = 0; at < tokens_.size(); ++at) {
      Bitmap docs = UnionOf(segment, field, tokens_[at].ords);
      if (first) {
        candidates_ = std::move(docs);
        first = false;
      } else {
        candidates_ &= docs;
      }
    }
    if (within != nullptr) candidates_ &= *within;
    if (tokens_.size() > 1 && !candidates_.Empty()) {
      for (size_t at = 0; at < tokens_.size(); ++at) {
        for (uint32_t ord : tokens_[at].ords) {
          tokens_[at].cursors.push_back(segment.Postings(field, ord));
        }
      }
    }
  }

  // Documents holding every token (a superset of the matches for a phrase).
  const Bitmap& candidates() const { return candidates_; }
  bool needs_positions() const { return tokens_.size() > 1; }

  // Start positions of the term in `doc`; calls must come in ascending doc order.
  // Opens the postings on first use. The token with the fewest positions in the
  // document gives the candidate starts; each other token, rarest first, keeps
  // those it has at its offset, read straight from the postings, and the check
  // stops as soon as none is left.
  void Starts(const SegmentReader& segment, uint32_t field, uint32_t doc,
              std::vector<uint32_t>& out) {
    out.clear();
    if (tokens_.front().cursors.empty()) {
      for (size_t at = 0; at < tokens_.size(); ++at) {
        for (uint32_t ord : tokens_[at].ords) {
          tokens_[at].cursors.push_back(segment.Postings(field, ord));
        }
      }
    }
    order_.clear();
    for (size_t at = 0; at < tokens_.size(); ++at) {
      Token& token = tokens_[at];
      token.frequency = 0;
      token.here.clear();
      for (index::PostingCursor& cursor : token.cursors) {
        if (cursor.SkipTo(doc) && cursor.doc() == doc) {
          token.frequency += cursor.frequency();
          token.here.push_back(&cursor);
        }
      }
      if (token.frequency == 0) return;
      order_.push_back(static_cast<uint32_t>(at));
    }
    for (size_t i = 1; i < order_.size(); ++i) {  // a few tokens: insertion sort, stable
      const uint32_t at = order_[i];
      size_t j = i;
      for (; j > 0 && tokens_[order_[j - 1]].frequency > tokens_[at].frequency; --j) {
        order_[j] = order_[j - 1];
      }
      order_[j] = at;
    }
    for (size_t step = 0; step < order_.size(); ++step) {
      const uint32_t at = order_[step];
      const Token& token = tokens_[at];
      const uint32_t offset = term_.tokens[at].offset;
      if (token.here.size() == 1) {
        index::PositionReader positions = token.here.front()->ReadPositions();
        uint32_t position = 0;
        if (step == 0) {
          while (positions.Next(position)) {
            if (position >= offset) out.push_back(position - offset);
          }
        } else {  // in place: keep the starts this token has at its offset
          size_t kept = 0;
          bool more = positions.Next(position);
          for (uint32_t start : out) {
            const uint32_t wanted = start + offset;
            while (more && position < wanted) more = positions.Next(position);
            if (!more) break;
            if (position == wanted) out[kept++] = start;
          }
          out.resize(kept);
        }
      } else {  // a truncated token: the positions of all its terms, merged
        std::vector<uint32_t>& positions = scratch_;
        positions.clear();
        for (const index::PostingCursor* cursor : token.here) {
          index::PositionReader reader = cursor->ReadPositions();
          uint32_t position = 0;
          while (reader.Next(position)) {
            if (position >= offset) positions.push_back(position - offset);
          }
        }
        std::sort(positions.begin(), positions.end());
        positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
        if (step == 0) {
          out.assign(positions.begin(), positions.end());
        } else {
          size_t kept = 0;
          auto other = positions.begin();
          for (uint32_t start : out) {
            while (other != positions.end() && *other < start) ++other;
            if (other == positions.end()) break;
            if (*other == start) out[kept++] = start;
          }
          out.resize(kept);
        }
      }
      if (out.empty()) return;
    }
  }

 private:
  struct Token {
    std::vector<uint32_t> ords;
    std::vector<index::PostingCursor> cursors;
    // In the current document: the cursors on it and its positions in all.
    std::vector<const index::PostingCursor*> here;
    uint32_t frequency = 0;
  };
  const TextTerm& term_;
  std::vector<Token> tokens_;
  Bitmap candidates_;
  std::vector<uint32_t> order_;  // token indexes, fewest positions first
  std::vector<uint32_t> scratch_;
};

// Documents of `segment` matching `term`, of those in `within` if given (the
// positions of no other document are read).
Bitmap EvaluateText(const SegmentReader& segment, const TextTerm& term, const Bitmap* within) {
  Bitmap out;
  // Documents whose positions matched in a field before (sorted): a later field
  // (TAC: title, abstract, then claims) does not check them again.
  std::vector<uint32_t> docs, starts, matched, found, merged;
  for (uint32_t field : term.fields) {
    Occurrences occurrences(segment, field, term, within);
    if (!occurrences.needs_positions()) {
      out |= occurrences.candidates();
      continue;
    }
    docs.clear();
    found.clear();
    occurrences.candidates().ToVector(docs);
    auto known = matched.begin();
    for (uint32_t doc : docs) {
      while (known != matched.end() && *known < doc) ++known;
      if (known != matched.end() && *known == doc) continue;
      occurrences.Starts(segment, field, doc, starts);
      if (!starts.empty()) found.push_back(doc);
    }
    merged.clear();
    std::merge(matched.begin(), matched.end(), found.begin(), found.end(),
               std::back_inserter(merged));
    matched.swap(merged);
  }
  if (!matched.empty()) out |= Bitmap::Of(matched);
  return out;
}

bool Near(const std::vector<uint32_t>& a_starts, uint32_t a_span,
          const std::vector<uint32_t>& b_starts, uint32_t b_span, uint32_t distance, bool ordered) {
  for (uint32_t a : a_starts) {
    for (uint32_t b : b_starts) {
      // Tokens between the end of a and the start of b (and the other way round).
      if (b >= a + a_span && b - (a + a_span) <= distance) return true;
      if (!ordered && a >= b + b_span && a - (b + b_span) <= distance) return true;
    }
  }
  return false;
}

Bitmap EvaluateNear(const SegmentReader& segment, const Searcher::Plan::Node& node,
                    const Bitmap* within) {
  Bitmap out;
  const TextTerm& a = node.children[0].text;
  const TextTerm& b = node.children[1].text;
  for (uint32_t field : a.fields) {
    Occurrences a_occurrences(segment, field, a, within);
    Occurrences b_occurrences(segment, field, b, within);
    Bitmap candidates = a_occurrences.candidates().Copy();
    candidates &= b_occurrences.candidates();
    std::vector<uint32_t> docs, a_starts, b_starts, matched;
    candidates.ToVector(docs);
    for (uint32_t doc : docs) {
      a_occurrences.Starts(segment, field, doc, a_starts);
      if (a_starts.empty()) continue;
      b_occurrences.Starts(segment, field, doc, b_starts);
      if (Near(a_starts, a.span, b_starts, b.span, node.distance, node.ordered)) {
        matched.push_back(doc);
      }
    }
    out |= Bitmap::Of(matched);
  }
  return out;
}

Bitmap EvaluateRange(const SegmentReader& segment, const Searcher::Plan::Node& node) {
  if (const std::span<const int64_t> dense = segment.DenseInts(node.field); !dense.empty()) {
    std::vector<uint64_t> words;
    SelectInRange(dense, node.lower, node.upper, words);  // SIMD where the CPU has it
    return Bitmap::FromWords(words);
  }
  std::vector<uint32_t> docs;
  for (uint32_t doc = 0; doc < segment.doc_count(); ++doc) {
    for (int64_t value : segment.Ints(node.field, doc)) {
      if (value >= node.lower && value <= node.upper) {
        docs.push_back(doc);
        break;
      }
    }
  }
  return Bitmap::Of(docs);
}

// Whether evaluating `node` reads positions (phrases, proximity): the costly
// part of a query, worth limiting to the documents the rest leaves.
bool ReadsPositions(const Searcher::Plan::Node& node) {
  using Kind = Searcher::Plan::Kind;
  switch (node.kind) {
    case Kind::kText:
      return node.text.tokens.size() > 1;
    case Kind::kNear:
      return true;
    case Kind::kKeyword:
    case Kind::kRange:
      return false;
    case Kind::kNot:
    case Kind::kOr:
    case Kind::kAnd:
      return std::any_of(node.children.begin(), node.children.end(), ReadsPositions);
  }
  return false;
}

// The documents of one segment matching `node`; with `within`, exactly those
// of them in `within` (a conjunction passes what its other operands left, so
// phrases are checked in fewer documents).
Bitmap Evaluate(const SegmentView& view, const Searcher::Plan::Node& node,
                const Bitmap* within = nullptr) {
  using Kind = Searcher::Plan::Kind;
  const SegmentReader& segment = *view.reader;
  const auto limited = [within](Bitmap docs) {
    if (within != nullptr) docs &= *within;
    return docs;
  };
  switch (node.kind) {
    case Kind::kText:
      return EvaluateText(segment, node.text, within);
    case Kind::kNear:
      return EvaluateNear(segment, node, within);
    case Kind::kKeyword: {
      std::vector<uint32_t> ords = Ordinals(
          segment, node.field, {.term = node.keyword.value, .prefix = node.keyword.prefix});
      return limited(UnionOf(segment, node.field, ords));
    }
    case Kind::kRange:
      return limited(EvaluateRange(segment, node));
    case Kind::kNot: {
      Bitmap out = within != nullptr ? within->Copy() : Bitmap::Range(0, segment.doc_count());
      out -= Evaluate(view, node.children.front(), within);
      return out;
    }
    case Kind::kOr: {
      std::vector<Bitmap> parts;
      for (const auto& child : node.children) parts.push_back(Evaluate(view, child, within));
      std::vector<const Bitmap*> pointers;
      for (const Bitmap& part : parts) pointers.push_back(&part);
      return Bitmap::Union(pointers);
    }
    case Kind::kAnd: {
      // Positive operands intersect, those that read no positions first, each
      // limited to what the ones before left; NOT operands subtract last (no
      // universe needed).
      std::optional<Bitmap> out;
      for (const bool positions : {false, true}) {
        for (const auto& child : node.children) {
          if (child.kind == Kind::kNot || ReadsPositions(child) != positions) continue;
          out = Evaluate(view, child, out ? &*out : within);  // within what is left
          if (out->Empty()) return std::move(*out);
        }
      }
      if (!out) out = within != nullptr ? within->Copy() : Bitmap::Range(0, segment.doc_count());
      for (const auto& child : node.children) {
        if (child.kind == Kind::kNot) *out -= Evaluate(view, child.children.front(), &*out);
      }
      return std::move(*out);
    }
  }
  return Bitmap();
}

// ---------------------------------------------------------------------------
// Snippets

void AppendEscaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
}

bool TokenMatches(std::string_view token, const std::vector<const TextTerm*>& terms,
                  uint32_t field) {
  for (const TextTerm* term : terms) {
    if (std::find(term->fields.begin(), term->fields.end(), field) == term->fields.end()) continue;
    for (const QueryToken& query_token : term->tokens) {
      if (query_token.prefix ? token.starts_with(query_token.term) : token == query_token.term) {
        return true;
      }
    }
  }
  return false;
}

using Marks = std::vector<std::pair<uint32_t, uint32_t>>;  // byte ranges, merged

// Where the query's words of `field` occur in `text`.
Marks MatchMarks(std::string_view text, uint32_t field, const std::vector<const TextTerm*>& terms) {
  std::vector<text::Token> tokens;
  ThreadAnalyzer().Analyze(text, 0, tokens);
  Marks marks;
  for (const text::Token& token : tokens) {
    if (!TokenMatches(token.term, terms, field)) continue;
    if (!marks.empty() && token.start <= marks.back().second) {
      marks.back().second = std::max(marks.back().second, token.end);
    } else {
      marks.emplace_back(token.start, token.end);
    }
  }
  return marks;
}

std::string MakeSnippet(std::string_view text, const Marks& marks, uint32_t max_chars) {
  // Start a little before the first match, on a code point boundary.
  size_t begin = 0;
  if (!marks.empty()) {
    size_t lead_chars = 0;
    begin = marks.front().first;
    while (begin > 0 && lead_chars < max_chars / 5) {
      --begin;
      while (begin > 0 && (static_cast<unsigned char>(text[begin]) & 0xc0) == 0x80) --begin;
      ++lead_chars;
    }
  }
  size_t end = begin, chars = 0;
  while (end < text.size() && chars < max_chars) {
    end += CodePointLength(static_cast<unsigned char>(text[end]));
    ++chars;
  }
  end = std::min(end, text.size());
  std::string out;
  if (begin > 0) out += "…";
  size_t at = begin;
  for (const auto& [mark_begin, mark_end] : marks) {
    if (mark_end <= begin || mark_begin >= end) continue;
    const size_t from = std::max<size_t>(mark_begin, begin);
    const size_t to = std::min<size_t>(mark_end, end);
    AppendEscaped(out, text.substr(at, from - at));
    out += "<em>";
    AppendEscaped(out, text.substr(from, to - from));
    out += "</em>";
    at = to;
  }
  AppendEscaped(out, text.substr(at, end - at));
  if (end < text.size()) out += "…";
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------
// Searcher

Searcher::Searcher(std::shared_ptr<const index::Snapshot> snapshot, const Schema& schema,
                   const Bindings& bindings)
    : snapshot_(std::move(snapshot)), schema_(schema), bindings_(bindings) {}
Searcher::~Searcher() = default;

absl::StatusOr<std::unique_ptr<Searcher::Plan>> Searcher::Prepare(std::string_view query) const {
  IPHUB_ASSIGN_OR_RETURN(query::Node tree, query::ParseQuery(query));
  auto plan = std::make_unique<Plan>();
  IPHUB_ASSIGN_OR_RETURN(plan->root, Bind(tree, bindings_));
  CollectScoring(plan->root, false, plan->scoring);
  return plan;
}

absl::StatusOr<std::vector<Bitmap>> Searcher::Match(std::string_view query) const {
  IPHUB_ASSIGN_OR_RETURN(std::unique_ptr<Plan> plan, Prepare(query));
  std::vector<Bitmap> out;
  for (const SegmentView& view : snapshot_->segments()) {
    Bitmap hits = Evaluate(view, plan->root);
    hits -= *view.deleted;
    out.push_back(std::move(hits));
  }
  return out;
}

absl::StatusOr<std::vector<Bitmap>> Searcher::MatchWithin(std::string_view query,
                                                          const std::vector<Bitmap>& within) const {
  IPHUB_ASSIGN_OR_RETURN(std::unique_ptr<Plan> plan, Prepare(query));
  std::vector<Bitmap> out;
  const std::vector<SegmentView>& segments = snapshot_->segments();
  for (size_t seg = 0; seg < segments.size(); ++seg) {
    if (seg >= within.size() || within[seg].Empty()) {
      out.emplace_back();
      continue;
    }
    Bitmap hits = Evaluate(segments[seg], plan->root, &within[seg]);
    hits -= *segments[seg].deleted;
    out.push_back(std::move(hits));
  }
  return out;
}

std::vector<FacetValue> Searcher::Suggest(uint32_t field, std::string_view prefix,
                                          uint32_t limit) const {
  // Reading more than this many values per segment would make typing slow on a
  // one-letter prefix; the most frequent values are almost always among them.
  constexpr uint32_t kMaxTermsPerSegment = 5000;
  absl::flat_hash_map<std::string, uint64_t> counts;
  if (field >= schema_.size() || schema_.field(field).kind != FieldKind::kKeyword) return {};
  for (const SegmentView& view : snapshot_->segments()) {
    const auto [first, last] = view.reader->PrefixRange(field, prefix);
    for (uint32_t ord = first; ord < last && ord - first < kMaxTermsPerSegment; ++ord) {
      uint64_t live = view.reader->DocFrequency(field, ord);
      if (!view.deleted->Empty()) {
        live -= view.reader->Documents(field, ord).AndCardinality(*view.deleted);
      }
      if (live > 0) counts[std::string(view.reader->Term(field, ord))] += live;
    }
  }
  std::vector<FacetValue> out;
  out.reserve(counts.size());
  for (auto& [value, count] : counts) out.push_back({value, count});
  const size_t keep = std::min<size_t>(limit, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<ptrdiff_t>(keep), out.end(),
                    [](const FacetValue& a, const FacetValue& b) {
                      return a.count != b.count ? a.count > b.count : a.value < b.value;
                    });
  out.resize(keep);
  return out;
}

absl::StatusOr<uint64_t> Searcher::Count(std::string_view query) const {
  IPHUB_ASSIGN_OR_RETURN(std::vector<Bitmap> hits, Match(query));
  uint64_t total = 0;
  for (const Bitmap& segment_hits : hits) total += segment_hits.Cardinality();
  return total;
}

namespace {

// The counts of one facet while the hits are read: for the segment at hand,
// `dense` counts by ordinal (keyword) or by value - `low` (int), or, for ints
// spread too wide or several per document, `sparse` by value; totals across
// segments by value in `keywords` / `ints`.
struct FacetTally {
  std::vector<uint32_t> dense;
  int64_t low = 0;
  bool is_int = false;
  absl::flat_hash_map<int64_t, uint64_t> sparse;
  absl::flat_hash_map<std::string_view, uint64_t> keywords;
  absl::flat_hash_map<int64_t, uint64_t> ints;

  // Adds this segment's counts to the totals by value.
  void Fold(const SegmentReader& segment, uint32_t field) {
    for (size_t at = 0; at < dense.size(); ++at) {
      if (dense[at] == 0) continue;
      if (is_int) {
        ints[low + static_cast<int64_t>(at)] += dense[at];
      } else {
        keywords[segment.Term(field, static_cast<uint32_t>(at))] += dense[at];
      }
    }
    for (const auto& [value, count] : sparse) ints[value] += count;
    dense.clear();
    sparse.clear();
  }

  static Facet Top(uint32_t field, std::vector<FacetValue> values, uint32_t limit) {
    Facet facet{.field = field};
    facet.distinct = values.size();
    const size_t keep = std::min<size_t>(limit, values.size());
    std::partial_sort(values.begin(), values.begin() + static_cast<ptrdiff_t>(keep), values.end(),
                      [](const FacetValue& a, const FacetValue& b) {
                        return a.count != b.count ? a.count > b.count : a.value < b.value;
                      });
    values.resize(keep);
    facet.values = std::move(values);
    return facet;
  }

  // The top values when every hit is in `segment` (nothing folded): only the
  // values kept become strings. Ordinals are in term order, so ties still go
  // to the smaller value.
  Facet TopOfDense(const SegmentReader& segment, uint32_t field, uint32_t limit) {
    if (is_int) {
      Fold(segment, field);
      return TopOfTotals(field, limit);
    }
    std::vector<uint32_t> present;
    for (uint32_t ord = 0; ord < dense.size(); ++ord) {
      if (dense[ord] > 0) present.push_back(ord);
    }
    const size_t keep = std::min<size_t>(limit, present.size());
    std::partial_sort(
        present.begin(), present.begin() + static_cast<ptrdiff_t>(keep), present.end(),
        [&](uint32_t a, uint32_t b) { return dense[a] != dense[b] ? dense[a] > dense[b] : a < b; });
    Facet facet{.field = field};
    facet.distinct = present.size();
    for (size_t at = 0; at < keep; ++at) {
      facet.values.push_back({std::string(segment.Term(field, present[at])), dense[present[at]]});
    }
    return facet;
  }

  Facet TopOfTotals(uint32_t field, uint32_t limit) const {
    std::vector<FacetValue> values;
    values.reserve(keywords.size() + ints.size());
    for (const auto& [value, count] : keywords) values.push_back({std::string(value), count});
    for (const auto& [value, count] : ints) values.push_back({std::to_string(value), count});
    return Top(field, std::move(values), limit);
  }
};

// Counts how many of `docs` hold each value of int column `field` (each
// distinct value once per document): in `tally.dense` when the values of these
// documents are one per document and span a small range (years, dates of a
// decade …), otherwise in `tally.sparse`.
// Counts `docs` by value in `dense`, where `values_of(doc)` gives the document's
// values as indexes into it.
template <typename ValuesOf>
void CountDense(const std::vector<uint32_t>& docs, size_t values, ValuesOf values_of,
                std::vector<uint32_t>& dense) {
  dense.assign(values, 0);
  for (uint32_t doc : docs) {
    for (const auto value : values_of(doc)) ++dense[static_cast<size_t>(value)];
  }
}

void CountInts(const SegmentReader& segment, uint32_t field, const std::vector<uint32_t>& docs,
               FacetTally& tally) {
  constexpr int64_t kDenseRange = 1 << 16;
  tally.is_int = true;
  tally.dense.clear();
  if (const std::span<const int64_t> column = segment.DenseInts(field); !column.empty()) {
    if (docs.empty()) return;
    int64_t low = INT64_MAX, high = INT64_MIN;
    for (uint32_t doc : docs) {
      low = std::min(low, column[doc]);
      high = std::max(high, column[doc]);
    }
    if (high - low < kDenseRange) {
      tally.low = low;
      CountDense(
          docs, static_cast<size_t>(high - low + 1),
          [&](uint32_t doc) { return std::array<int64_t, 1>{column[doc] - low}; }, tally.dense);
      return;
    }
  }
  int64_t low = INT64_MAX, high = INT64_MIN;
  bool single = true;  // at most one value per document
  for (uint32_t doc : docs) {
    const std::span<const int64_t> values = segment.Ints(field, doc);
    single &= values.size() <= 1;
    for (int64_t value : values) {
      low = std::min(low, value);
      high = std::max(high, value);
    }
  }
  if (low > high) return;  // no values
  if (single && high - low < kDenseRange) {
    tally.low = low;
    tally.dense.assign(static_cast<size_t>(high - low + 1), 0);
    for (uint32_t doc : docs) {
      const std::span<const int64_t> values = segment.Ints(field, doc);
      if (!values.empty()) ++tally.dense[static_cast<size_t>(values.front() - low)];
    }
    return;
  }
  for (uint32_t doc : docs) {
    const std::span<const int64_t> values = segment.Ints(field, doc);
    for (size_t at = 0; at < values.size(); ++at) {
      if (std::find(values.begin(), values.begin() + static_cast<ptrdiff_t>(at), values[at]) ==
          values.begin() + static_cast<ptrdiff_t>(at)) {
        ++tally.sparse[values[at]];
      }
    }
  }
}

}  // namespace

absl::StatusOr<Result> Searcher::Search(const Request& request) const {
  IPHUB_ASSIGN_OR_RETURN(std::unique_ptr<Plan> plan, Prepare(request.query));
  const std::vector<SegmentView>& segments = snapshot_->segments();
  std::vector<Bitmap> hits;
  Result result;
  const bool by_external =
      request.external_value && request.sort_by_external && request.order != Order::kRelevance;
  std::vector<uint32_t> ids;
  for (const SegmentView& view : segments) {
    Bitmap segment_hits = Evaluate(view, plan->root);
    segment_hits -= *view.deleted;
    if (request.external_value && request.min_external) {
      // The hits without a value of at least min_external are dropped.
      ids.clear();
      segment_hits.ToVector(ids);
      std::erase_if(ids, [&](uint32_t doc) {
        const std::optional<int64_t> value = request.external_value(view.reader->Key(doc));
        return !value || *value < *request.min_external;
      });
      segment_hits = Bitmap::Of(ids);
    }
    result.total += segment_hits.Cardinality();
    hits.push_back(std::move(segment_hits));
  }

  // --- ranking: the best offset+limit hits, as (key, global id), best first.
  const size_t wanted = static_cast<size_t>(request.offset) + request.limit;
  struct Ranked {
    double score;
    int64_t sort_value;
    uint32_t doc;  // global
  };
  // `better(a, b)`: a ranks before b.
  const auto better = [&](const Ranked& a, const Ranked& b) {
    if (request.order == Order::kRelevance) {
      if (a.score != b.score) return a.score > b.score;
    } else if (a.sort_value != b.sort_value) {
      return request.order == Order::kAscending ? a.sort_value < b.sort_value
                                                : a.sort_value > b.sort_value;
    }
    return a.doc < b.doc;
  };
  std::priority_queue<Ranked, std::vector<Ranked>, decltype(better)> best(better);

  // Collection statistics for BM25 over the whole snapshot.
  const double doc_total = std::max<double>(1, static_cast<double>(snapshot_->live_count()));
  struct ScoringTerm {
    uint32_t field;
    std::string term;
    bool prefix;
  };
  std::vector<ScoringTerm> scoring;
  if (wanted > 0 && request.order == Order::kRelevance) {
    for (const TextTerm* term : plan->scoring) {
      for (uint32_t field : term->fields) {
        for (const QueryToken& token : term->tokens) {
          scoring.push_back({field, token.term, token.prefix});
        }
      }
    }
  }
  // Average field lengths and inverse document frequencies over all segments.
  absl::flat_hash_map<uint32_t, double> average_length;
  for (const ScoringTerm& term : scoring) {
    if (average_length.contains(term.field)) continue;
    uint64_t total_length = 0, total_docs = 0;
    for (const SegmentView& view : segments) {
      total_length += view.reader->TotalFieldLength(term.field);
      total_docs += view.reader->doc_count();
    }
    average_length[term.field] =
        std::max(1.0, static_cast<double>(total_length) / std::max<double>(1, total_docs));
  }
  absl::flat_hash_map<std::pair<uint32_t, std::string>, double> idf_cache;
  const auto idf = [&](uint32_t field, std::string_view text) {
    auto [it, inserted] = idf_cache.try_emplace({field, std::string(text)}, 0.0);
    if (inserted) {
      uint64_t df = 0;
      for (const SegmentView& view : segments) {
        if (std::optional<uint32_t> ord = view.reader->FindTerm(field, text)) {
          df += view.reader->DocFrequency(field, *ord);
        }
      }
      const double n = static_cast<double>(df);
      it->second = std::log(1.0 + (doc_total - n + 0.5) / (n + 0.5));
    }
    return it->second;
  };

  std::vector<float> scores;
  std::vector<uint32_t> docs;
  std::vector<uint64_t> hit_bits;
  for (size_t seg = 0; seg < segments.size() && wanted > 0; ++seg) {
    const SegmentView& view = segments[seg];
    const SegmentReader& segment = *view.reader;
    docs.clear();
    hits[seg].ToVector(docs);
    if (docs.empty()) continue;
    if (request.order == Order::kRelevance && !scoring.empty()) {
      scores.assign(segment.doc_count(), 0.0f);
      // Hits that are more than 1 in 16 documents of the segment are also kept as
      // bits, for a constant-time test per posting.
      hit_bits.clear();
      if (docs.size() * 16 > segment.doc_count()) {
        hit_bits.assign((segment.doc_count() + 63) / 64, 0);
        for (uint32_t doc : docs) hit_bits[doc / 64] |= uint64_t{1} << (doc % 64);
      }
      for (const ScoringTerm& term : scoring) {
        std::vector<uint32_t> ords =
            Ordinals(segment, term.field, {.term = term.term, .prefix = term.prefix});
        if (ords.size() > kMaxScoredExpansions) ords.resize(kMaxScoredExpansions);
        const double weight = schema_.field(term.field).weight;
        const double average = average_length[term.field];
        for (uint32_t ord : ords) {
          const double term_idf = idf(term.field, segment.Term(term.field, ord));
          const auto add = [&](uint32_t doc, double tf) {
            const double length = segment.FieldLength(term.field, doc);
            scores[doc] += static_cast<float>(weight * term_idf * tf * (kK1 + 1) /
                                              (tf + kK1 * (1 - kB + kB * length / average)));
          };
          index::PostingCursor cursor = segment.Postings(term.field, ord);
          if (!hit_bits.empty()) {
            // Dense hits: each posting's document looked up in their bits.
            while (cursor.Next()) {
              const uint32_t doc = cursor.doc();
              if ((hit_bits[doc / 64] >> (doc % 64)) & 1) add(doc, cursor.frequency());
            }
            continue;
          }
          // Sparse hits: the postings and the hits walked together, in order.
          auto hit = docs.begin();
          while (hit != docs.end() && cursor.Next()) {
            const uint32_t doc = cursor.doc();
            while (hit != docs.end() && *hit < doc) ++hit;
            if (hit != docs.end() && *hit == doc) add(doc, cursor.frequency());
          }
        }
      }
    }
    for (uint32_t doc : docs) {
      Ranked ranked{0, 0, view.base + doc};
      if (request.order == Order::kRelevance) {
        if (!scores.empty()) ranked.score = scores[doc];
      } else {
        // Documents without a value go last in either direction.
        const int64_t none = request.order == Order::kAscending ? INT64_MAX : INT64_MIN;
        if (by_external) {
          ranked.sort_value = request.external_value(segment.Key(doc)).value_or(none);
        } else {
          std::span<const int64_t> values = segment.Ints(request.sort_field, doc);
          ranked.sort_value = values.empty() ? none : values.front();
        }
      }
      if (best.size() < wanted) {
        best.push(ranked);
      } else if (better(ranked, best.top())) {
        best.pop();
        best.push(ranked);
      }
    }
    scores.clear();
  }
  std::vector<Ranked> ranked;
  while (!best.empty()) {
    ranked.push_back(best.top());
    best.pop();
  }
  std::reverse(ranked.begin(), ranked.end());
  for (size_t at = request.offset; at < ranked.size(); ++at) {
    const SegmentView& view = snapshot_->SegmentOf(ranked[at].doc);
    const uint32_t local = ranked[at].doc - view.base;
    Hit hit;
    hit.key = std::string(view.reader->Key(local));
    hit.doc = ranked[at].doc;
    hit.score = ranked[at].score;
    if (!request.load_documents) {
      result.hits.push_back(std::move(hit));
      continue;
    }
    IPHUB_ASSIGN_OR_RETURN(hit.document, view.reader->Stored(local));
    for (uint32_t field : request.snippet_fields) {
      // The first value of the field with a match, else its first value.
      const FieldValue* chosen = nullptr;
      Marks marks;
      for (const FieldValue& value : hit.document.values) {
        if (value.field != field) continue;
        if (chosen == nullptr) chosen = &value;
        Marks found = MatchMarks(value.text, field, plan->scoring);
        if (!found.empty()) {
          chosen = &value;
          marks = std::move(found);
          break;
        }
      }
      if (chosen != nullptr && !chosen->text.empty()) {
        hit.snippets.push_back({field, MakeSnippet(chosen->text, marks, request.snippet_chars)});
      }
    }
    result.hits.push_back(std::move(hit));
  }

  // --- facets over every hit. Values are counted per segment by ordinal (keyword
  // columns) or in a dense array over the range of values (int columns with a
  // small range, such as years). With hits in one segment (an index after a
  // merge) the top values are picked from those counts directly; otherwise they
  // are summed by value across segments (keyed by views into the mapped
  // segments: only the values kept are copied).
  if (!request.facets.empty()) {
    for (uint32_t field : request.facets) {
      if (field >= schema_.size() || !schema_.HasColumn(field)) {
        return absl::InvalidArgumentError(base::StrCat("field ", field, " has no column to count"));
      }
    }
    size_t segments_hit = 0;
    for (size_t seg = 0; seg < segments.size(); ++seg) segments_hit += hits[seg].Empty() ? 0 : 1;
    std::vector<FacetTally> tallies(request.facets.size());
    for (size_t seg = 0; seg < segments.size(); ++seg) {
      if (hits[seg].Empty()) continue;
      const SegmentReader& segment = *segments[seg].reader;
      docs.clear();
      hits[seg].ToVector(docs);
      for (size_t facet_at = 0; facet_at < request.facets.size(); ++facet_at) {
        FacetTally& tally = tallies[facet_at];
        const uint32_t field = request.facets[facet_at];
        if (schema_.field(field).kind == FieldKind::kInt) {
          CountInts(segment, field, docs, tally);
        } else {
          tally.low = 0;
          CountDense(
              docs, segment.TermCount(field),
              [&](uint32_t doc) { return segment.KeywordOrdinals(field, doc); }, tally.dense);
        }
        if (segments_hit > 1) tally.Fold(segment, field);
      }
      if (segments_hit == 1) {
        for (size_t facet_at = 0; facet_at < request.facets.size(); ++facet_at) {
          result.facets.push_back(
              tallies[facet_at].TopOfDense(segment, request.facets[facet_at], request.facet_limit));
        }
      }
    }
    if (segments_hit != 1) {
      for (size_t facet_at = 0; facet_at < request.facets.size(); ++facet_at) {
        result.facets.push_back(
            tallies[facet_at].TopOfTotals(request.facets[facet_at], request.facet_limit));
      }
    }
  }
  return result;
}

}  // namespace iphub::engine::search
