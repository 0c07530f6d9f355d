// The engine against a brute-force reference evaluator (issue #4 §3): random
// corpora and random queries must give identical hit sets, totals and facet
// counts, through an index's whole life (commits, updates, deletes, merges,
// old snapshots, reopening).
//
// The reference shares only the parser (query/parser.h, which has its own
// golden tests) and the analyzer's token stream (text/analyzer.h, its own gold
// tests) with the engine. It evaluates the parse tree document by document over
// the raw values kept in memory, from the semantics in docs/query-language.md:
//
//  - a document's text value is a sequence of positions; each holds a Latin word
//    (its stem and exact form) or one CJK character (and whether the next
//    character belongs to the same CJK run, i.e. the analyzer made a bigram);
//  - a query word is the same kind of sequence; it matches where every one of
//    its positions matches consecutively: Latin by stem (bare), exact form
//    (quoted) or exact prefix (the last word of a truncated one); CJK by
//    character, and two characters adjacent in the query must be adjacent in
//    one run of the document (consecutive characters, "无人机" is not "无人，机");
//  - a nW b: b starts after a ends with at most n positions between; nD: either
//    order; both in the same value of the same field;
//  - keyword values are equal or start with the truncated prefix; dates and
//    numbers compare with the period written (a year or month covers its days,
//    an exclusive bound excludes the whole period).
//
// Each failure prints the scenario seed, the stage and the query, so it can be
// replayed by running the same test.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "iphub/engine/query/ast.h"
#include "iphub/engine/query/parser.h"
#include "iphub/engine/search/searcher.h"
#include "iphub/engine/search/tabulate.h"
#include "iphub/text/analyzer.h"

namespace iphub::engine::search {
namespace {

namespace fs = std::filesystem;

// Under AddressSanitizer (a Debug build, about 15 times slower here) the same
// corpora go through the same lifecycle with a third of the queries.
#if defined(__SANITIZE_ADDRESS__)
constexpr size_t kSanitizerSlowdown = 3;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr size_t kSanitizerSlowdown = 3;
#else
constexpr size_t kSanitizerSlowdown = 1;
#endif
#else
constexpr size_t kSanitizerSlowdown = 1;
#endif

enum Field : uint32_t { kTitle, kAbstract, kClass, kFiled, kYear };

Schema ReferenceSchema() {
  return Schema({{.name = "title", .kind = FieldKind::kText, .weight = 2},
                 {.name = "abstract", .kind = FieldKind::kText},
                 {.name = "class", .kind = FieldKind::kKeyword, .column = true},
                 {.name = "filed", .kind = FieldKind::kInt},
                 {.name = "year", .kind = FieldKind::kInt}});
}

// The field codes of the test's query language, for the engine and (below, in
// the reference's own terms) for the reference.
Bindings EngineBindings() {
  Bindings bindings;
  bindings[""] = {.kind = BindingKind::kText, .fields = {kTitle, kAbstract}};
  bindings["TA"] = {.kind = BindingKind::kText, .fields = {kTitle, kAbstract}};
  bindings["TI"] = {.kind = BindingKind::kText, .fields = {kTitle}};
  bindings["AB"] = {.kind = BindingKind::kText, .fields = {kAbstract}};
  bindings["CL"] = {.kind = BindingKind::kKeyword, .fields = {kClass}};
  bindings["AD"] = {.kind = BindingKind::kDate, .fields = {kFiled}};
  bindings["PY"] = {.kind = BindingKind::kInt, .fields = {kYear}};
  return bindings;
}

// ---------------------------------------------------------------------------
// Deterministic randomness (no std distributions: their output differs
// between standard libraries).

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  size_t Below(size_t n) { return static_cast<size_t>(engine_() % n); }
  int Between(int low, int high) { return low + static_cast<int>(Below(high - low + 1)); }
  bool Chance(double p) { return static_cast<double>(engine_() >> 11) * 0x1.0p-53 < p; }
  template <typename T>
  const T& Pick(const std::vector<T>& values) {
    return values[Below(values.size())];
  }

 private:
  std::mt19937_64 engine_;
};

// A small vocabulary, so that words, phrases and proximity match often.
const std::vector<std::string> kHan = {"无", "人", "机", "电", "池", "充",
                                       "组", "锂", "离", "子", "正", "极"};
const std::vector<std::string> kChineseWords = {"无人机", "电池", "充电", "锂电池", "电池组",
                                                "锂离子", "正极", "机组", "离子",   "充电池",
                                                "人机",   "电机", "无人", "电"};
const std::vector<std::string> kEnglishWords = {
    "battery", "batteries", "charge", "charging", "charged", "charger", "chargers",
    "drone",   "drones",    "pack",   "packs",    "packing", "lithium", "ion",
    "ions",    "cell",      "cells",  "run",      "running", "runs",    "unit",
    "units",   "5g",        "h04l",   "2020"};
const std::vector<std::string> kPrefixes = {"batter", "charg", "charge", "dro", "pack", "ce",
                                            "cell",   "ru",    "run",    "un",  "io",   "li",
                                            "5",      "h0",    "c",      "p"};
const std::vector<std::string> kClasses = {"H01M10/44", "H01M10/42", "H01M4/525",
                                           "B64C39/02", "B64D27/24", "H02J7/00",
                                           "G06F17/30", "440300",    "2019"};

// ---------------------------------------------------------------------------
// The reference's view of text: one unit per analyzer position.

size_t CodePointBytes(char lead) {
  const auto byte = static_cast<unsigned char>(lead);
  if (byte < 0x80) return 1;
  if ((byte >> 5) == 0x6) return 2;
  if ((byte >> 4) == 0xe) return 3;
  return 4;
}

struct Unit {
  bool cjk = false;
  std::string character;    // cjk: the character at this position
  bool joins_next = false;  // cjk: the next position is the next character of the same run
  std::string stem;         // latin
  std::string exact;        // latin: the folded word, without the exact-form prefix
};
using Units = std::vector<Unit>;

Units ToUnits(std::string_view value) {
  thread_local text::Analyzer analyzer;
  std::vector<text::Token> tokens;
  analyzer.Analyze(value, 0, tokens);
  Units units;
  for (size_t at = 0; at < tokens.size();) {
    const uint32_t position = tokens[at].position;
    size_t end = at;
    while (end < tokens.size() && tokens[end].position == position) ++end;
    EXPECT_EQ(position, units.size()) << "positions are consecutive in '" << value << "'";
    Unit unit;
    std::string other;
    for (size_t token = at; token < end; ++token) {
      const std::string& term = tokens[token].term;
      if (term[0] == text::kExactPrefix) {
        unit.exact = term.substr(1);
      } else {
        other = term;
      }
    }
    if (!unit.exact.empty()) {
      unit.stem = other;
    } else {
      unit.cjk = true;
      unit.character = other.substr(0, CodePointBytes(other[0]));
      unit.joins_next = other.size() > unit.character.size();
    }
    units.push_back(std::move(unit));
    at = end;
  }
  return units;
}

// ---------------------------------------------------------------------------
// Documents as the reference keeps them.

struct RefDoc {
  std::string key;
  std::vector<std::string> titles;
  std::vector<std::string> abstracts;
  std::vector<std::string> classes;
  std::vector<int64_t> filed;
  std::vector<int64_t> years;
  // Per text field (kTitle, kAbstract), per value: its units.
  std::vector<std::vector<Units>> units;
  // The distinct values counted by the class, filed and year facets.
  std::set<std::string> facet_values[3];

  void Analyse() {
    units.assign(2, {});
    for (const std::string& value : titles) units[kTitle].push_back(ToUnits(value));
    for (const std::string& value : abstracts) units[kAbstract].push_back(ToUnits(value));
    facet_values[0].insert(classes.begin(), classes.end());
    for (int64_t value : filed) facet_values[1].insert(std::to_string(value));
    for (int64_t value : years) facet_values[2].insert(std::to_string(value));
  }

  Document ToDocument() const {
    Document document;
    document.key = key;
    for (const std::string& value : titles) document.AddText(kTitle, value);
    for (const std::string& value : abstracts) document.AddText(kAbstract, value);
    for (const std::string& value : classes) document.AddKeyword(kClass, value);
    for (int64_t value : filed) document.AddInt(kFiled, value);
    for (int64_t value : years) document.AddInt(kYear, value);
    return document;
  }
};

using Corpus = std::map<std::string, RefDoc>;  // the live documents by key

bool IsLeapYear(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int64_t MonthDays(int64_t year, int64_t month) {
  static constexpr int64_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

class CorpusGenerator {
 public:
  explicit CorpusGenerator(Rng& rng) : rng_(rng) {}

  RefDoc Make(std::string key) {
    RefDoc doc;
    doc.key = std::move(key);
    if (rng_.Chance(0.03)) {
      doc.titles.push_back("");  // a value without tokens
    } else if (!rng_.Chance(0.03)) {
      doc.titles.push_back(Text(2, 6));
    }
    const int abstracts = rng_.Between(1, 3);
    for (int at = 0; at < abstracts; ++at) {
      // A value without tokens between two others: the next still starts after a gap.
      doc.abstracts.push_back(rng_.Chance(0.05) ? "!!! —" : Text(3, 12));
    }
    const int classes = rng_.Between(0, 3);
    for (int at = 0; at < classes; ++at) doc.classes.push_back(rng_.Pick(kClasses));
    const size_t dates = rng_.Chance(0.06) ? 0 : rng_.Chance(0.15) ? 2 : 1;
    for (size_t at = 0; at < dates; ++at) {
      doc.filed.push_back(rng_.Chance(0.2) && !doc.filed.empty() ? doc.filed.front() : Date());
    }
    if (!doc.filed.empty()) doc.years.push_back(doc.filed.front() / 10000);
    doc.Analyse();
    return doc;
  }

 private:
  int64_t Date() {
    const int64_t year = rng_.Between(2015, 2022);
    const int64_t month = rng_.Between(1, 12);
    const int64_t day = rng_.Between(1, static_cast<int>(MonthDays(year, month)));
    return year * 10000 + month * 100 + day;
  }

  std::string English() {
    std::string word = rng_.Pick(kEnglishWords);
    if (rng_.Chance(0.15)) {
      word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
    } else if (rng_.Chance(0.05)) {
      for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (rng_.Chance(0.03)) {
      // Full-width letters and digits fold to ASCII.
      std::string wide;
      for (char c : word) {
        const char32_t code = 0xFF00 + static_cast<char32_t>(c) - 0x20;
        wide += static_cast<char>(0xE0 | (code >> 12));
        wide += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        wide += static_cast<char>(0x80 | (code & 0x3F));
      }
      word = wide;
    }
    return word;
  }

  std::string Chinese() {
    if (rng_.Chance(0.7)) return rng_.Pick(kChineseWords);
    std::string word;
    const int length = rng_.Between(1, 3);
    for (int at = 0; at < length; ++at) word += rng_.Pick(kHan);
    return word;
  }

  std::string Text(int min_words, int max_words) {
    const int words = rng_.Between(min_words, max_words);
    std::string out;
    bool previous_cjk = false;
    for (int at = 0; at < words; ++at) {
      const bool cjk = rng_.Chance(0.55);
      if (at > 0) {
        if (cjk && previous_cjk) {
          out += rng_.Pick(std::vector<std::string>{"", "", " ", "，", "、"});
        } else if (cjk || previous_cjk) {
          out += rng_.Pick(std::vector<std::string>{"", " ", "，"});
        } else {
          out += rng_.Pick(std::vector<std::string>{" ", " ", ", ", "-", "; "});
        }
      }
      out += cjk ? Chinese() : English();
      previous_cjk = cjk;
    }
    return out;
  }

  Rng& rng_;
};

// ---------------------------------------------------------------------------
// The reference evaluator: a parse tree compiled against the test's field
// codes, then evaluated per document.

enum class RefKind { kText, kKeyword, kDate, kInt };
struct RefBinding {
  RefKind kind;
  std::vector<uint32_t> fields;
};

const std::map<std::string, RefBinding>& RefBindings() {
  static const auto* bindings = new std::map<std::string, RefBinding>{
      {"", {RefKind::kText, {kTitle, kAbstract}}},
      {"TA", {RefKind::kText, {kTitle, kAbstract}}},
      {"TI", {RefKind::kText, {kTitle}}},
      {"AB", {RefKind::kText, {kAbstract}}},
      {"CL", {RefKind::kKeyword, {kClass}}},
      {"AD", {RefKind::kDate, {kFiled}}},
      {"PY", {RefKind::kInt, {kYear}}},
  };
  return *bindings;
}

// The first and last day (yyyymmdd) of a date as written: 2018, 2018-05,
// 201805, 2018-05-03, 20180503, 2018.05.03, 2018/5/3.
std::optional<std::pair<int64_t, int64_t>> DatePeriod(std::string_view written) {
  std::vector<std::string> parts(1);
  for (char c : written) {
    if (c >= '0' && c <= '9') {
      parts.back() += c;
    } else if (c == '-' || c == '.' || c == '/') {
      parts.emplace_back();
    } else {
      return std::nullopt;
    }
  }
  if (parts.size() == 1) {
    const std::string digits = parts[0];
    if (digits.size() != 4 && digits.size() != 6 && digits.size() != 8) return std::nullopt;
    parts = {digits.substr(0, 4)};
    if (digits.size() >= 6) parts.push_back(digits.substr(4, 2));
    if (digits.size() == 8) parts.push_back(digits.substr(6, 2));
  }
  if (parts.size() > 3 || parts[0].size() != 4) return std::nullopt;
  for (size_t at = 1; at < parts.size(); ++at) {
    if (parts[at].empty() || parts[at].size() > 2) return std::nullopt;
  }
  const int64_t year = std::stoll(parts[0]);
  if (parts.size() == 1) return std::make_pair(year * 10000 + 101, year * 10000 + 1231);
  const int64_t month = std::stoll(parts[1]);
  if (month < 1 || month > 12) return std::nullopt;
  const int64_t first_of_month = year * 10000 + month * 100;
  if (parts.size() == 2) {
    return std::make_pair(first_of_month + 1, first_of_month + MonthDays(year, month));
  }
  const int64_t day = std::stoll(parts[2]);
  if (day < 1 || day > MonthDays(year, month)) return std::nullopt;
  return std::make_pair(first_of_month + day, first_of_month + day);
}

std::optional<int64_t> Number(std::string_view written) {
  if (written.empty() || written.size() > 18) return std::nullopt;
  int64_t value = 0;
  for (char c : written) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

class Reference {
 public:
  // Compiles a parse tree; InvalidArgument for what the engine must refuse too.
  static absl::StatusOr<Reference> Compile(const query::Node& tree) {
    Reference out;
    absl::Status status = out.CompileNode(tree, out.root_);
    if (!status.ok()) return status;
    return out;
  }

  bool Matches(const RefDoc& doc) const { return Matches(root_, doc); }

 private:
  struct Node {
    enum class Kind { kAnd, kOr, kNot, kText, kNear, kKeyword, kRange } kind = Kind::kAnd;
    std::vector<Node> children;
    std::vector<uint32_t> fields;  // kText, kNear: any of these; others: the first
    Units units;                   // kText
    bool quoted = false;           // kText
    bool truncated = false;        // kText, kKeyword
    uint32_t distance = 0;         // kNear
    bool ordered = false;          // kNear
    std::string value;             // kKeyword
    std::optional<int64_t> min;    // kRange, inclusive
    std::optional<int64_t> max;    // kRange, inclusive
  };

  absl::Status CompileNode(const query::Node& in, Node& out) {
    using query::NodeKind;
    switch (in.kind) {
      case NodeKind::kAnd:
      case NodeKind::kOr:
      case NodeKind::kNot:
        out.kind = in.kind == NodeKind::kAnd  ? Node::Kind::kAnd
                   : in.kind == NodeKind::kOr ? Node::Kind::kOr
                                              : Node::Kind::kNot;
        for (const query::Node& child : in.children) {
          out.children.emplace_back();
          absl::Status status = CompileNode(child, out.children.back());
          if (!status.ok()) return status;
        }
        return absl::OkStatus();
      case NodeKind::kTerm:
        return CompileValue(in, in.text, in.quoted, in.truncated, out);
      case NodeKind::kNear: {
        out.kind = Node::Kind::kNear;
        out.distance = in.distance;
        out.ordered = in.ordered;
        if (in.children.size() != 2) return absl::InvalidArgumentError("near of two");
        for (const query::Node& child : in.children) {
          if (child.kind != NodeKind::kTerm || child.field != in.children[0].field) {
            return absl::InvalidArgumentError("near joins two terms of one field");
          }
          out.children.emplace_back();
          absl::Status status =
              CompileValue(child, child.text, child.quoted, child.truncated, out.children.back());
          if (!status.ok()) return status;
          if (out.children.back().kind != Node::Kind::kText) {
            return absl::InvalidArgumentError("near on a text field only");
          }
        }
        out.fields = out.children[0].fields;
        return absl::OkStatus();
      }
      case NodeKind::kRange: {
        auto binding = RefBindings().find(in.field);
        if (binding == RefBindings().end()) return absl::InvalidArgumentError("unknown field");
        if (binding->second.kind == RefKind::kText || binding->second.kind == RefKind::kKeyword) {
          // `CODE=2018` on a field without an order: the value as a plain word.
          if (in.text.empty()) return absl::InvalidArgumentError("no range on this field");
          return CompileValue(in, in.text, false, false, out);
        }
        return CompileRange(binding->second, in.lower, in.lower_inclusive, in.upper,
                            in.upper_inclusive, out);
      }
    }
    return absl::InternalError("unknown node");
  }

  // A term, or the value of `CODE=value`.
  absl::Status CompileValue(const query::Node& in, const std::string& text, bool quoted,
                            bool truncated, Node& out) {
    auto binding = RefBindings().find(in.field);
    if (binding == RefBindings().end()) return absl::InvalidArgumentError("unknown field");
    const RefBinding& ref = binding->second;
    switch (ref.kind) {
      case RefKind::kText:
        out.kind = Node::Kind::kText;
        out.fields = ref.fields;
        out.units = ToUnits(text);
        out.quoted = quoted;
        out.truncated = truncated;
        if (out.units.empty()) return absl::InvalidArgumentError("nothing to search for");
        return absl::OkStatus();
      case RefKind::kKeyword:
        out.kind = Node::Kind::kKeyword;
        out.fields = ref.fields;
        out.value = text;
        out.truncated = truncated;
        return absl::OkStatus();
      case RefKind::kDate:
      case RefKind::kInt:
        // `AD=(2018 OR 2019)`: a bare value of an ordered field is that one value.
        if (quoted || truncated) return absl::InvalidArgumentError("not a date or number");
        return CompileRange(ref, text, true, text, true, out);
    }
    return absl::InternalError("unknown binding");
  }

  static absl::Status CompileRange(const RefBinding& binding, const std::string& lower,
                                   bool lower_inclusive, const std::string& upper,
                                   bool upper_inclusive, Node& out) {
    out.kind = Node::Kind::kRange;
    out.fields = binding.fields;
    if (binding.kind == RefKind::kDate) {
      // An exclusive bound excludes the whole period written: AD>2018 is 2019 on.
      if (!lower.empty()) {
        auto period = DatePeriod(lower);
        if (!period) return absl::InvalidArgumentError("bad date");
        out.min = lower_inclusive ? period->first : period->second + 1;
      }
      if (!upper.empty()) {
        auto period = DatePeriod(upper);
        if (!period) return absl::InvalidArgumentError("bad date");
        out.max = upper_inclusive ? period->second : period->first - 1;
      }
      return absl::OkStatus();
    }
    if (!lower.empty()) {
      auto number = Number(lower);
      if (!number) return absl::InvalidArgumentError("bad number");
      out.min = lower_inclusive ? *number : *number + 1;
    }
    if (!upper.empty()) {
      auto number = Number(upper);
      if (!number) return absl::InvalidArgumentError("bad number");
      out.max = upper_inclusive ? *number : *number - 1;
    }
    return absl::OkStatus();
  }

  // Does the query word `term` occur in `value` starting at position `start`?
  static bool OccursAt(const Units& value, size_t start, const Node& term) {
    const Units& word = term.units;
    if (start + word.size() > value.size()) return false;
    for (size_t at = 0; at < word.size(); ++at) {
      const Unit& want = word[at];
      const Unit& have = value[start + at];
      if (want.cjk != have.cjk) return false;
      if (want.cjk) {
        if (want.character != have.character) return false;
        // Characters adjacent in the query must be adjacent in one run of the text.
        if (want.joins_next && !have.joins_next) return false;
      } else if (term.quoted) {
        if (want.exact != have.exact) return false;
      } else if (term.truncated && at + 1 == word.size()) {
        if (!have.exact.starts_with(want.exact)) return false;
      } else if (want.stem != have.stem) {
        return false;
      }
    }
    return true;
  }

  static std::vector<size_t> Starts(const Units& value, const Node& term) {
    std::vector<size_t> out;
    for (size_t start = 0; start < value.size(); ++start) {
      if (OccursAt(value, start, term)) out.push_back(start);
    }
    return out;
  }

  static bool Near(const Units& value, const Node& near) {
    const Node& a = near.children[0];
    const Node& b = near.children[1];
    const std::vector<size_t> a_starts = Starts(value, a);
    const std::vector<size_t> b_starts = Starts(value, b);
    for (size_t a_start : a_starts) {
      const size_t a_end = a_start + a.units.size();  // one past a's last position
      for (size_t b_start : b_starts) {
        const size_t b_end = b_start + b.units.size();
        if (b_start >= a_end && b_start - a_end <= near.distance) return true;
        if (!near.ordered && a_start >= b_end && a_start - b_end <= near.distance) return true;
      }
    }
    return false;
  }

  static bool Matches(const Node& node, const RefDoc& doc) {
    switch (node.kind) {
      case Node::Kind::kAnd:
        for (const Node& child : node.children) {
          if (!Matches(child, doc)) return false;
        }
        return true;
      case Node::Kind::kOr:
        for (const Node& child : node.children) {
          if (Matches(child, doc)) return true;
        }
        return false;
      case Node::Kind::kNot:
        return !Matches(node.children[0], doc);
      case Node::Kind::kText:
        for (uint32_t field : node.fields) {
          for (const Units& value : doc.units[field]) {
            for (size_t start = 0; start < value.size(); ++start) {
              if (OccursAt(value, start, node)) return true;
            }
          }
        }
        return false;
      case Node::Kind::kNear:
        for (uint32_t field : node.fields) {
          for (const Units& value : doc.units[field]) {
            if (Near(value, node)) return true;
          }
        }
        return false;
      case Node::Kind::kKeyword:
        for (const std::string& value : doc.classes) {
          if (node.truncated ? value.starts_with(node.value) : value == node.value) return true;
        }
        return false;
      case Node::Kind::kRange: {
        const std::vector<int64_t>& values = node.fields[0] == kFiled ? doc.filed : doc.years;
        for (int64_t value : values) {
          if ((!node.min || value >= *node.min) && (!node.max || value <= *node.max)) return true;
        }
        return false;
      }
    }
    return false;
  }

  Node root_;
};

// ---------------------------------------------------------------------------
// Random queries over the grammar, with words drawn from the live documents.

// Reads as a number or date after `CODE=` (docs/query-language.md §7): digit
// runs joined by single '-', '.' or '/'.
bool IsNumberLike(std::string_view word) {
  bool digit_before = false;
  for (char c : word) {
    const bool digit = c >= '0' && c <= '9';
    if (!digit && (!digit_before || (c != '-' && c != '.' && c != '/'))) return false;
    digit_before = digit;
  }
  return digit_before;
}

class QueryGenerator {
 public:
  QueryGenerator(Rng& rng, const Corpus& corpus) : rng_(rng) {
    for (const auto& [key, doc] : corpus) {
      for (const std::vector<Units>& field : doc.units) {
        for (const Units& value : field) {
          if (!value.empty()) values_.push_back(&value);
        }
      }
    }
  }

  std::string Query() { return Expression(0, /*in_group=*/false); }

 private:
  std::string Expression(int depth, bool in_group) {
    if (depth >= 3 || rng_.Chance(0.3 + 0.15 * depth)) return Leaf(in_group);
    switch (rng_.Below(7)) {
      case 0:
      case 1: {
        static const std::vector<std::string> kAnd = {" AND ", " ", " && ", "&&", " 与 "};
        std::string out = Expression(depth + 1, in_group);
        const int more = rng_.Between(1, 2);
        for (int at = 0; at < more; ++at) out += rng_.Pick(kAnd) + Expression(depth + 1, in_group);
        return out;
      }
      case 2: {
        static const std::vector<std::string> kOr = {" OR ", " || ", "||", " 或 "};
        std::string out = Expression(depth + 1, in_group);
        const int more = rng_.Between(1, 2);
        for (int at = 0; at < more; ++at) out += rng_.Pick(kOr) + Expression(depth + 1, in_group);
        return out;
      }
      case 3:
        return Expression(depth + 1, in_group) +
               rng_.Pick(std::vector<std::string>{" NOT ", " 非 "}) +
               Expression(depth + 1, in_group);
      case 4:
        return rng_.Pick(std::vector<std::string>{"NOT ", "非 ", "NOT "}) +
               Expression(depth + 1, in_group);
      case 5:
        return rng_.Chance(0.8) ? "(" + Expression(depth + 1, in_group) + ")"
                                : "（" + Expression(depth + 1, in_group) + "）";
      default: {
        // A field group; inside a group it overrides the enclosing code.
        const std::string code = rng_.Pick(std::vector<std::string>{"TI", "AB", "TA", "ti"});
        return code + rng_.Pick(std::vector<std::string>{"=", ":"}) + "(" +
               Expression(depth + 1, /*in_group=*/true) + ")";
      }
    }
  }

  std::string Leaf(bool in_group) {
    const size_t choice = rng_.Below(100);
    if (in_group) {
      if (choice < 55) return Word();
      if (choice < 75) return Proximity(/*in_group=*/true);
      if (choice < 85) return TextCode() + Word();
      if (choice < 92) return DateQuery();
      if (choice < 96) return YearQuery();
      return KeywordQuery();
    }
    if (choice < 40) return TextCode() + Word();
    if (choice < 60) return Proximity(/*in_group=*/false);
    if (choice < 73) return KeywordQuery();
    if (choice < 87) return DateQuery();
    if (choice < 95) return YearQuery();
    // A number-like value on a text field is a word there, not a range.
    return rng_.Pick(std::vector<std::string>{"TI", "AB", "TA"}) + "=" +
           rng_.Pick(std::vector<std::string>{"2020", "2019", "5"});
  }

  std::string TextCode() {
    static const std::vector<std::string> kCodes = {
        "", "", "", "TI=", "AB=", "TA=", "ti=", "TI:", "AB:", "TI＝", "TI= "};
    return rng_.Pick(kCodes);
  }

  const Units& SomeValue() { return *rng_.Pick(values_); }

  // Units [start, start + length) of a value as a query word: bare when it
  // reads as one word, quoted (exact forms) otherwise.
  std::string Render(const Units& value, size_t start, size_t length) {
    std::string out;
    for (size_t at = start; at < start + length; ++at) {
      if (at > start && !(value[at - 1].cjk && value[at].cjk && value[at - 1].joins_next)) {
        out += ' ';
      }
      out += value[at].cjk ? value[at].character : value[at].exact;
    }
    if (out.find(' ') != std::string::npos) return "\"" + out + "\"";
    return out;
  }

  // A CJK word taken from the corpus: 1 to 4 characters of one run.
  std::optional<std::string> CorpusChinese() {
    const Units& value = SomeValue();
    const size_t start = rng_.Below(value.size());
    if (!value[start].cjk) return std::nullopt;
    std::string out = value[start].character;
    const int extra = rng_.Between(0, 3);
    for (size_t at = start; static_cast<int>(at - start) < extra && value[at].joins_next; ++at) {
      out += value[at + 1].character;
    }
    return out;
  }

  std::string EnglishWord() {
    std::string word = rng_.Pick(kEnglishWords);
    if (rng_.Chance(0.2)) {
      word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
    }
    return word;
  }

  // One word or phrase, without a field code: what a proximity operand may be.
  std::string Word() {
    const size_t choice = rng_.Below(100);
    if (choice < 30) {
      if (std::optional<std::string> word = CorpusChinese()) {
        return rng_.Chance(0.05) ? *word + "*" : *word;  // truncation changes nothing in CJK
      }
      return rng_.Pick(kChineseWords);
    }
    if (choice < 38) return rng_.Pick(kChineseWords);
    if (choice < 58) return EnglishWord();
    if (choice < 68) {
      if (rng_.Chance(0.5)) return rng_.Pick(kPrefixes) + "*";
      const Units& value = SomeValue();
      const Unit& unit = value[rng_.Below(value.size())];
      if (unit.cjk) return rng_.Pick(kPrefixes) + "*";
      return unit.exact.substr(0, 1 + rng_.Below(unit.exact.size())) + "*";
    }
    if (choice < 76) {
      const std::string word = rng_.Pick(kEnglishWords);
      return rng_.Chance(0.8) ? "\"" + word + "\"" : "“" + word + "”";
    }
    if (choice < 90) {
      // A phrase (or a word) of 2 to 4 consecutive positions of a document.
      const Units& value = SomeValue();
      const size_t length = std::min<size_t>(value.size(), rng_.Between(2, 4));
      return Render(value, rng_.Below(value.size() - length + 1), length);
    }
    if (choice < 95) {
      // Several tokens: a phrase, whose last word may be truncated.
      std::string word = rng_.Pick(kEnglishWords) + "-" + rng_.Pick(kEnglishWords);
      if (rng_.Chance(0.3)) word = word.substr(0, word.size() - rng_.Below(3)) + "*";
      return word;
    }
    return rng_.Pick(kChineseWords) + rng_.Pick(kEnglishWords);  // 电池pack: a phrase
  }

  std::string Operator(uint32_t distance) {
    const std::string kind = rng_.Chance(0.5) ? "W" : "D";
    if (distance == 0 && rng_.Chance(0.5)) return kind;
    if (distance < 10 && rng_.Chance(0.1)) return "0" + std::to_string(distance) + kind;
    return std::to_string(distance) + kind;
  }

  std::string Proximity(bool in_group) {
    std::string a, b;
    uint32_t distance = 0;
    const Units& value = SomeValue();
    if (rng_.Chance(0.65) && value.size() >= 2) {
      // Two words of one value near each other, with a distance around theirs.
      const size_t a_start = rng_.Below(value.size() - 1);
      const size_t a_length = std::min<size_t>(value.size() - 1 - a_start, rng_.Between(1, 3));
      const size_t gap = rng_.Below(4);
      const size_t b_start = std::min(a_start + a_length + gap, value.size() - 1);
      const size_t b_length = std::min<size_t>(value.size() - b_start, rng_.Between(1, 2));
      a = Render(value, a_start, a_length);
      b = Render(value, b_start, b_length);
      const int around = static_cast<int>(gap) + rng_.Between(-1, 1);
      distance = static_cast<uint32_t>(std::max(0, around));
      if (rng_.Chance(0.3)) std::swap(a, b);
    } else {
      a = Word();
      b = Word();
      distance = rng_.Chance(0.1) ? 99u : static_cast<uint32_t>(rng_.Below(6));
    }
    const std::string op = " " + Operator(distance) + " ";
    if (in_group) return rng_.Chance(0.8) ? a + op + b : "(" + a + ")" + op + "(" + b + ")";
    switch (rng_.Below(5)) {
      case 0:
        return "TI=(" + a + op + b + ")";
      case 1:
        return "AB=(" + a + op + b + ")";
      case 2:
        // Not with a number: `TI=2020` would be a one-value range, not a word.
        if (!IsNumberLike(a) && !IsNumberLike(b)) return "TI=" + a + op + "TI=" + b;
        return "TI=(" + a + op + b + ")";
      case 3:
        return "(" + a + ")" + op + "(" + b + ")";
      default:
        return a + op + b;
    }
  }

  std::string KeywordQuery() {
    const std::string code = rng_.Pick(std::vector<std::string>{"CL=", "CL=", "CL:", "cl="});
    const auto value = [&]() -> std::string {
      const std::string& full = rng_.Pick(kClasses);
      if (rng_.Chance(0.4)) return full.substr(0, 1 + rng_.Below(full.size())) + "*";
      if (rng_.Chance(0.1)) return "A43B13/18";  // in no document
      return full;
    };
    if (rng_.Chance(0.2)) return code + "(" + value() + " OR " + value() + ")";
    return code + value();
  }

  std::string DateBound() {
    const int year = rng_.Between(2014, 2023);
    const size_t precision = rng_.Below(10);
    if (precision < 4) return std::to_string(year);
    const int month = rng_.Between(1, 12);
    char text[32];
    if (precision < 7) {
      static const std::vector<std::string> kMonthFormats = {"%04d-%02d", "%04d-%02d", "%04d%02d"};
      std::snprintf(text, sizeof text, rng_.Pick(kMonthFormats).c_str(), year, month);
      return text;
    }
    const int day = rng_.Between(1, static_cast<int>(MonthDays(year, month)));
    switch (rng_.Below(4)) {
      case 0:
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
        break;
      case 1:
        std::snprintf(text, sizeof text, "%04d%02d%02d", year, month, day);
        break;
      case 2:
        std::snprintf(text, sizeof text, "%04d.%02d.%02d", year, month, day);
        break;
      default:
        std::snprintf(text, sizeof text, "%04d/%d/%d", year, month, day);
    }
    return text;
  }

  std::string Comparison() {
    static const std::vector<std::string> kComparisons = {">=",   ">",  "<=",   "<",  ">=", "<",
                                                          "＞＝", "＞", "＜＝", "＜", "≥",  "≤"};
    return rng_.Pick(kComparisons);
  }

  std::string RangeOf(const std::function<std::string()>& bound) {
    const std::string lower = rng_.Chance(0.15) ? "*" : bound();
    const std::string upper = rng_.Chance(0.15) ? "*" : bound();
    return rng_.Pick(std::vector<std::string>{"[", "[", "{"}) + lower +
           rng_.Pick(std::vector<std::string>{" TO ", " to ", "  TO "}) + upper +
           rng_.Pick(std::vector<std::string>{"]", "]", "}"});
  }

  std::string DateQuery() {
    const std::string code = rng_.Chance(0.9) ? "AD" : "ad";
    switch (rng_.Below(6)) {
      case 0:
      case 1:
        return code + Comparison() + DateBound();
      case 2:
        return code + rng_.Pick(std::vector<std::string>{"=", ":"}) + DateBound();
      case 3:
        return code + "=" + RangeOf([&] { return DateBound(); });
      case 4:
        return code + "=" + DateBound() + "~" + DateBound();
      default:
        return code + "=(" + DateBound() + " OR " + DateBound() + ")";
    }
  }

  std::string YearQuery() {
    const auto year = [&] { return std::to_string(rng_.Between(2014, 2023)); };
    switch (rng_.Below(4)) {
      case 0:
        return "PY" + Comparison() + year();
      case 1:
        return "PY=" + year();
      case 2:
        return "PY=" + RangeOf(year);
      default:
        return "PY=(" + year() + " OR " + year() + ")";
    }
  }

  Rng& rng_;
  std::vector<const Units*> values_;
};

// ---------------------------------------------------------------------------
// The comparison.

struct Scenario {
  uint64_t seed = 1;
  size_t documents = 200;
  size_t first_commits = 1;  // the first `documents` are added in this many commits
  size_t queries_per_stage = 150;
  size_t flush_bytes = 16 << 10;
  bool background_merge = false;
};

// Facet values as the engine lists them: most frequent first, then by value.
std::vector<std::pair<std::string, uint64_t>> Sorted(const std::map<std::string, uint64_t>& in) {
  std::vector<std::pair<std::string, uint64_t>> out(in.begin(), in.end());
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  return out;
}

std::string Describe(const std::vector<std::string>& keys) {
  std::string out;
  for (size_t at = 0; at < keys.size() && at < 12; ++at) out += (at ? " " : "") + keys[at];
  if (keys.size() > 12) out += " … (" + std::to_string(keys.size()) + ")";
  return out;
}

class ReferenceTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // Runs `queries` random queries against `snapshot` and against the reference
  // over `corpus`, which must hold the same live documents.
  void Compare(const Scenario& scenario, const std::string& stage,
               std::shared_ptr<const index::Snapshot> snapshot, const Corpus& corpus,
               size_t queries) {
    SCOPED_TRACE("seed " + std::to_string(scenario.seed) + ", stage '" + stage + "'");
    // The live documents themselves: each key once, as the reference has them.
    std::vector<std::string> live_keys, corpus_keys;
    for (const index::SegmentView& segment : snapshot->segments()) {
      for (uint32_t local = 0; local < segment.reader->doc_count(); ++local) {
        if (!segment.deleted->Contains(local)) {
          live_keys.emplace_back(segment.reader->Key(local));
        }
      }
    }
    std::sort(live_keys.begin(), live_keys.end());
    for (const auto& [key, doc] : corpus) corpus_keys.push_back(key);
    if (live_keys != corpus_keys) {
      std::vector<std::string> only_index, only_reference;
      std::set_difference(live_keys.begin(), live_keys.end(), corpus_keys.begin(),
                          corpus_keys.end(), std::back_inserter(only_index));
      std::set_difference(corpus_keys.begin(), corpus_keys.end(), live_keys.begin(),
                          live_keys.end(), std::back_inserter(only_reference));
      FAIL() << "live documents differ; only (or again) in the index: " << Describe(only_index)
             << "; only in the reference: " << Describe(only_reference);
    }
    ASSERT_EQ(snapshot->live_count(), corpus.size());
    // Every key ever used is found exactly when it is live, with its newest values.
    for (size_t number = 0; number < next_key_; ++number) {
      const std::string key = KeyOf(number);
      const std::optional<uint32_t> doc = snapshot->FindKey(key);
      auto it = corpus.find(key);
      if (it == corpus.end()) {
        EXPECT_FALSE(doc.has_value()) << key << " is deleted";
        continue;
      }
      ASSERT_TRUE(doc.has_value()) << key << " is live";
      const index::SegmentView& segment = snapshot->SegmentOf(*doc);
      absl::StatusOr<Document> stored = segment.reader->Stored(*doc - segment.base);
      ASSERT_TRUE(stored.ok()) << stored.status();
      const Document expected = it->second.ToDocument();
      EXPECT_EQ(stored->key, key);
      ASSERT_EQ(stored->values.size(), expected.values.size()) << key;
      for (size_t at = 0; at < expected.values.size(); ++at) {
        EXPECT_EQ(stored->values[at].field, expected.values[at].field) << key;
        EXPECT_EQ(stored->values[at].text, expected.values[at].text) << key;
        EXPECT_EQ(stored->values[at].number, expected.values[at].number) << key;
      }
    }
    uint64_t stage_hash = 14695981039346656037ull;  // FNV-1a: the same on every platform
    for (char c : stage)
      stage_hash = (stage_hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    Rng rng(scenario.seed ^ stage_hash);
    QueryGenerator generator(rng, corpus);
    Searcher searcher(snapshot, schema_, bindings_);
    int failures = 0;
    for (size_t round = 0; round < queries && failures < 5; ++round) {
      const std::string query = generator.Query();
      const std::string context = "seed " + std::to_string(scenario.seed) + ", stage '" + stage +
                                  "', query #" + std::to_string(round) + ": " + query;
      absl::StatusOr<query::Node> tree = query::ParseQuery(query);
      ASSERT_TRUE(tree.ok()) << context << "\n" << tree.status();
      absl::StatusOr<Reference> reference = Reference::Compile(*tree);
      ASSERT_TRUE(reference.ok()) << context << "\n" << reference.status();

      std::vector<std::string> expected;
      std::map<std::string, uint64_t> expected_facets[3];
      for (const auto& [key, doc] : corpus) {
        if (!reference->Matches(doc)) continue;
        expected.push_back(key);
        for (size_t facet = 0; facet < 3; ++facet) {
          for (const std::string& value : doc.facet_values[facet]) ++expected_facets[facet][value];
        }
      }

      absl::StatusOr<Result> result =
          searcher.Search({.query = query,
                           .limit = static_cast<uint32_t>(corpus.size() + 10),
                           .facets = {kClass, kFiled, kYear},
                           .facet_limit = 100000,
                           .load_documents = false});
      ASSERT_TRUE(result.ok()) << context << "\n" << result.status();
      std::vector<std::string> actual;
      for (const Hit& hit : result->hits) actual.push_back(hit.key);
      std::sort(actual.begin(), actual.end());
      ++queries_;
      if (!expected.empty()) ++queries_with_hits_;

      bool failed = false;
      if (actual != expected || result->total != expected.size()) {
        std::vector<std::string> only_engine, only_reference;
        std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(),
                            std::back_inserter(only_engine));
        std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(),
                            std::back_inserter(only_reference));
        ADD_FAILURE() << context << "\n  parsed: " << query::ToString(*tree) << "\n  engine total "
                      << result->total << ", hits " << actual.size() << ", reference "
                      << expected.size() << "\n  only the engine: " << Describe(only_engine)
                      << "\n  only the reference: " << Describe(only_reference);
        failed = true;
      }
      // Count() evaluates again, without ranking: every few queries suffice.
      absl::StatusOr<uint64_t> count =
          round % 4 == 0 ? searcher.Count(query) : absl::StatusOr<uint64_t>(expected.size());
      if (!count.ok() || *count != expected.size()) {
        ADD_FAILURE() << context << "\n  Count: "
                      << (count.ok() ? std::to_string(*count) : count.status().ToString())
                      << ", reference " << expected.size();
        failed = true;
      }
      for (size_t facet = 0; facet < 3 && facet < result->facets.size(); ++facet) {
        std::vector<std::pair<std::string, uint64_t>> engine_values;
        for (const FacetValue& value : result->facets[facet].values) {
          engine_values.emplace_back(value.value, value.count);
        }
        const auto reference_values = Sorted(expected_facets[facet]);
        if (engine_values != reference_values ||
            result->facets[facet].distinct != reference_values.size()) {
          std::string shown;
          for (const auto& [value, count_of] : reference_values) {
            shown += " " + value + ":" + std::to_string(count_of);
          }
          std::string engine_shown;
          for (const auto& [value, count_of] : engine_values) {
            engine_shown += " " + value + ":" + std::to_string(count_of);
          }
          ADD_FAILURE() << context << "\n  facet " << facet << " engine:" << engine_shown
                        << "\n  reference:" << shown;
          failed = true;
        }
      }
      EXPECT_EQ(result->facets.size(), 3u) << context;
      if (round % 3 == 0) failed |= !TabulationsAgree(searcher, query, corpus, *reference, context);
      if (round % 5 == 0)
        failed |= !MatchWithinAgrees(searcher, *snapshot, query, expected, rng, context);
      failures += failed ? 1 : 0;
    }
  }

  // MatchWithin on a random third of the live documents: the hits among them.
  bool MatchWithinAgrees(const Searcher& searcher, const index::Snapshot& snapshot,
                         const std::string& query, const std::vector<std::string>& expected,
                         Rng& rng, const std::string& context) {
    const std::vector<index::SegmentView>& segments = snapshot.segments();
    std::vector<std::vector<uint32_t>> chosen(segments.size());
    std::set<std::string> chosen_keys;
    for (size_t seg = 0; seg < segments.size(); ++seg) {
      for (uint32_t local = 0; local < segments[seg].reader->doc_count(); ++local) {
        if (!rng.Chance(0.33)) continue;
        chosen[seg].push_back(local);  // deleted ones too: they must not come back
        if (!segments[seg].deleted->Contains(local)) {
          chosen_keys.insert(std::string(segments[seg].reader->Key(local)));
        }
      }
    }
    std::vector<index::Bitmap> within;
    for (const auto& ids : chosen) within.push_back(index::Bitmap::Of(ids));
    absl::StatusOr<std::vector<index::Bitmap>> hits = searcher.MatchWithin(query, within);
    if (!hits.ok()) {
      ADD_FAILURE() << context << "\n  MatchWithin: " << hits.status();
      return false;
    }
    std::vector<std::string> actual, wanted;
    for (size_t seg = 0; seg < segments.size(); ++seg) {
      std::vector<uint32_t> ids;
      (*hits)[seg].ToVector(ids);
      for (uint32_t local : ids) actual.push_back(std::string(segments[seg].reader->Key(local)));
    }
    std::sort(actual.begin(), actual.end());
    for (const std::string& key : expected) {
      if (chosen_keys.contains(key)) wanted.push_back(key);
    }
    if (actual != wanted) {
      ADD_FAILURE() << context << "\n  MatchWithin: engine " << Describe(actual) << "\n  reference "
                    << Describe(wanted);
      return false;
    }
    return true;
  }

  // Cross-tables (class × filing year, class × class, year) of the query's hits
  // against the same counts over the reference's matching documents.
  bool TabulationsAgree(const Searcher& searcher, const std::string& query, const Corpus& corpus,
                        const Reference& reference, const std::string& context) {
    using Table = std::map<std::pair<std::string, std::string>, uint64_t>;
    std::map<std::string, uint64_t> expected_rows[3], expected_columns;
    Table expected_cells[2];
    uint64_t expected_total = 0;
    for (const auto& [key, doc] : corpus) {
      if (!reference.Matches(doc)) continue;
      ++expected_total;
      const std::set<std::string> classes(doc.classes.begin(), doc.classes.end());
      std::set<std::string> filing_years, years;
      for (int64_t value : doc.filed) filing_years.insert(std::to_string(value / 10000));
      for (int64_t value : doc.years) years.insert(std::to_string(value));
      for (const std::string& a : classes) {
        ++expected_rows[0][a];
        ++expected_rows[1][a];
        for (const std::string& year : filing_years) ++expected_cells[0][{a, year}];
        for (const std::string& b : classes) ++expected_cells[1][{a, b}];
      }
      for (const std::string& year : filing_years) ++expected_columns[year];
      for (const std::string& year : years) ++expected_rows[2][year];
    }
    const TabulationSpec specs[] = {
        {.rows = {.field = kClass}, .columns = Axis{.field = kFiled, .divide = 10000}},
        {.rows = {.field = kClass}, .columns = Axis{.field = kClass}},
        {.rows = {.field = kYear}, .columns = std::nullopt}};
    absl::StatusOr<Tabulations> tables = Tabulate(searcher, schema_, query, specs);
    if (!tables.ok()) {
      ADD_FAILURE() << context << "\n  Tabulate: " << tables.status();
      return false;
    }
    const auto as_map = [](const std::vector<TabulationValue>& values, bool& ordered) {
      std::map<std::string, uint64_t> out;
      for (size_t at = 0; at < values.size(); ++at) {
        out[values[at].value] = values[at].count;
        if (at > 0 && values[at - 1].count < values[at].count) ordered = false;
      }
      return out;
    };
    bool ok = tables->total == expected_total && tables->tables.size() == 3;
    for (size_t at = 0; ok && at < 3; ++at) {
      const Tabulation& table = tables->tables[at];
      bool ordered = true;
      ok &= as_map(table.rows, ordered) == expected_rows[at] && ordered;
      if (at == 0) ok &= as_map(table.columns, ordered) == expected_columns && ordered;
      if (at == 1) ok &= table.columns.size() == table.rows.size();
      if (at == 2) ok &= table.columns.empty() && table.cells.empty();
      if (at < 2 && ok) {
        Table cells;
        for (const TabulationCell& cell : table.cells) {
          cells[{table.rows[cell.row].value, table.columns[cell.column].value}] = cell.count;
        }
        ok &= cells == expected_cells[at];
      }
    }
    if (!ok) ADD_FAILURE() << context << "\n  tabulations differ from the reference";
    return ok;
  }

  // Applies one batch of changes to the index and to the reference, and commits.
  void ChangeAndCommit(Rng& rng, CorpusGenerator& generator, index::Index& index, Corpus& corpus,
                       size_t changes) {
    std::vector<std::string> keys;
    for (const auto& [key, doc] : corpus) keys.push_back(key);
    std::vector<std::string> touched;
    for (size_t change = 0; change < changes; ++change) {
      const size_t kind = rng.Below(100);
      if (kind < 40 && !keys.empty()) {
        // Update: the same key, new content.
        RefDoc doc = generator.Make(rng.Pick(keys));
        ASSERT_TRUE(index.Add(doc.ToDocument()).ok());
        touched.push_back(doc.key);
        corpus[doc.key] = std::move(doc);
      } else if (kind < 65 && !keys.empty()) {
        const std::string& key = rng.Pick(keys);
        index.Delete(key);
        corpus.erase(key);
      } else if (kind < 70) {
        index.Delete("NOPE" + std::to_string(rng.Below(1000)));  // never indexed
      } else if (kind < 80 && !touched.empty()) {
        // A key already changed in this batch: changed again, or deleted.
        const std::string key = rng.Pick(touched);
        if (rng.Chance(0.5)) {
          index.Delete(key);
          corpus.erase(key);
        } else {
          RefDoc doc = generator.Make(key);
          ASSERT_TRUE(index.Add(doc.ToDocument()).ok());
          corpus[key] = std::move(doc);
        }
      } else {
        RefDoc doc = generator.Make(NewKey());
        ASSERT_TRUE(index.Add(doc.ToDocument()).ok());
        touched.push_back(doc.key);
        keys.push_back(doc.key);
        corpus[doc.key] = std::move(doc);
      }
    }
    ASSERT_TRUE(index.Commit().ok());
  }

  static std::string KeyOf(size_t number) {
    char key[16];
    std::snprintf(key, sizeof key, "D%05zu", number);
    return key;
  }
  std::string NewKey() { return KeyOf(next_key_++); }

  void Run(const Scenario& scenario) {
    const auto started = std::chrono::steady_clock::now();
    SCOPED_TRACE("seed " + std::to_string(scenario.seed));
    dir_ = fs::temp_directory_path() / ("iphub-reference-test-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(scenario.seed));
    fs::remove_all(dir_);
    const index::IndexOptions options = {.flush_bytes = scenario.flush_bytes,
                                         .max_segments = 6,
                                         .background_merge = scenario.background_merge};
    auto opened = index::Index::Open(dir_, schema_, options);
    ASSERT_TRUE(opened.ok()) << opened.status();
    std::unique_ptr<index::Index> index = std::move(*opened);
    Rng rng(scenario.seed);
    CorpusGenerator generator(rng);
    Corpus corpus;
    const size_t per_stage = scenario.queries_per_stage / kSanitizerSlowdown;

    // 1. The first commits, each of one or more flushed segments. Some keys are
    // added twice or deleted before their commit (the last operation wins).
    for (size_t at = 0; at < scenario.documents; ++at) {
      if (at > 0 && at % (scenario.documents / scenario.first_commits) == 0) {
        ASSERT_TRUE(index->Commit().ok());
      }
      RefDoc doc = generator.Make(NewKey());
      if (rng.Chance(0.08) && !corpus.empty()) {
        doc = generator.Make(std::prev(corpus.end())->first);  // again, changed
      }
      ASSERT_TRUE(index->Add(doc.ToDocument()).ok());
      const std::string key = doc.key;
      corpus[key] = std::move(doc);
      if (rng.Chance(0.03)) {
        index->Delete(key);
        corpus.erase(key);
      }
    }
    ASSERT_TRUE(index->Commit().ok());
    if (!scenario.background_merge) {
      ASSERT_GE(index->snapshot()->segments().size(), 3u);
    }
    segment_counts_ += std::to_string(index->snapshot()->segments().size());
    Compare(scenario, "first commits", index->snapshot(), corpus, per_stage);

    // 2. Updates and deletes; a snapshot taken before still answers the old state.
    const std::shared_ptr<const index::Snapshot> before = index->snapshot();
    const Corpus before_corpus = corpus;
    ChangeAndCommit(rng, generator, *index, corpus, scenario.documents / 3);
    Compare(scenario, "updated", index->snapshot(), corpus, per_stage);
    ChangeAndCommit(rng, generator, *index, corpus, scenario.documents / 10);
    ChangeAndCommit(rng, generator, *index, corpus, 3);
    Compare(scenario, "updated thrice", index->snapshot(), corpus, per_stage);

    // 3. Merges: the policy's (the smallest segments), then everything.
    segment_counts_ += " " + std::to_string(index->snapshot()->segments().size());
    const uint64_t generation = index->snapshot()->generation();
    const size_t segments = index->snapshot()->segments().size();
    ASSERT_TRUE(index->Merge().ok());
    if (!scenario.background_merge) {
      if (segments > 6) ASSERT_GT(index->snapshot()->generation(), generation);
      ASSERT_LE(index->snapshot()->segments().size(), 6u);
    }
    segment_counts_ += " merged " + std::to_string(index->snapshot()->segments().size());
    Compare(scenario, "merged", index->snapshot(), corpus, per_stage);
    ChangeAndCommit(rng, generator, *index, corpus, scenario.documents / 4);
    Compare(scenario, "updated after merge", index->snapshot(), corpus, per_stage);
    ASSERT_TRUE(index->ForceMerge().ok());
    ASSERT_EQ(index->snapshot()->segments().size(), 1u);
    ASSERT_TRUE(index->snapshot()->segments()[0].deleted->Empty());
    segment_counts_ += " forced " + std::to_string(index->snapshot()->segments().size());
    Compare(scenario, "force-merged", index->snapshot(), corpus, per_stage);
    // The old snapshot's files are gone from the directory, still mapped.
    Compare(scenario, "snapshot before the updates", before, before_corpus, per_stage / 2);

    // 4. More changes, then the index reopened from disk.
    ChangeAndCommit(rng, generator, *index, corpus, scenario.documents / 4);
    index.reset();
    opened = index::Index::Open(dir_, schema_, options);
    ASSERT_TRUE(opened.ok()) << opened.status();
    index = std::move(*opened);
    Compare(scenario, "reopened", index->snapshot(), corpus, per_stage);

    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf(
        "[ reference ] seed %llu: %zu documents, segments %s, %zu queries (%zu with hits), %.1f "
        "s\n",
        static_cast<unsigned long long>(scenario.seed), corpus.size(), segment_counts_.c_str(),
        queries_, queries_with_hits_, seconds);
  }

  const Schema schema_ = ReferenceSchema();
  const Bindings bindings_ = EngineBindings();
  fs::path dir_;
  size_t next_key_ = 0;
  size_t queries_ = 0;
  size_t queries_with_hits_ = 0;
  std::string segment_counts_;  // per stage, for the summary line
};

// A document takes about 1.5 KB of buffer: 6 KB flushes make segments of a few
// documents each.
TEST_F(ReferenceTest, ManyTinySegments) {
  Run({.seed = 1, .documents = 120, .queries_per_stage = 300, .flush_bytes = 6 << 10});
}

// Segments from commits and from flushes, that merges really combine.
TEST_F(ReferenceTest, SegmentsFromCommitsAndFlushes) {
  Run({.seed = 2,
       .documents = 300,
       .first_commits = 4,
       .queries_per_stage = 300,
       .flush_bytes = 160 << 10});
}

TEST_F(ReferenceTest, WithBackgroundMerges) {
  Run({.seed = 3,
       .documents = 200,
       .first_commits = 3,
       .queries_per_stage = 250,
       .flush_bytes = 8 << 10,
       .background_merge = true});
}

}  // namespace
}  // namespace iphub::engine::search
