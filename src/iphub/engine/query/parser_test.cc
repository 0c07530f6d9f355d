#include "iphub/engine/query/parser.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "iphub/base/strings.h"
#include "iphub/engine/query/ast.h"

namespace iphub::engine::query {
namespace {

// ---------------------------------------------------------------------------
// Helpers

// Checks the structural invariants of a parse tree; returns a description of
// the first violation, or "" if there is none.
std::string CheckNode(const Node& node, size_t length) {
  const std::string where = " in " + ToString(node);
  if (node.begin > node.end || node.end > length) {
    return "span [" + std::to_string(node.begin) + "," + std::to_string(node.end) +
           ") outside the query" + where;
  }
  switch (node.kind) {
    case NodeKind::kAnd:
    case NodeKind::kOr:
      if (node.children.size() < 2) return "fewer than two children" + where;
      break;
    case NodeKind::kNot:
      if (node.children.size() != 1) return "NOT without exactly one child" + where;
      break;
    case NodeKind::kTerm:
      if (!node.children.empty()) return "term with children" + where;
      if (node.text.empty()) return "empty term" + where;
      break;
    case NodeKind::kNear:
      if (node.children.size() != 2) return "NEAR without exactly two children" + where;
      for (const Node& child : node.children) {
        if (child.kind != NodeKind::kTerm) return "NEAR operand is not a term" + where;
        if (child.field != node.field) return "NEAR operand in another field" + where;
      }
      break;
    case NodeKind::kRange:
      if (!node.children.empty()) return "range with children" + where;
      if (node.lower.empty() && node.lower_inclusive) return "inclusive open bound" + where;
      if (node.upper.empty() && node.upper_inclusive) return "inclusive open bound" + where;
      break;
  }
  size_t previous_end = node.begin;
  for (const Node& child : node.children) {
    if ((node.kind == NodeKind::kAnd || node.kind == NodeKind::kOr) && child.kind == node.kind) {
      return "not flattened" + where;
    }
    if (child.begin < previous_end || child.end > node.end) {
      return "child span outside its parent or out of order" + where;
    }
    previous_end = child.end;
    std::string problem = CheckNode(child, length);
    if (!problem.empty()) return problem;
  }
  return "";
}

// What a golden file expects for `query`: the tree's rendering, or
// `error at N: message` (the message without its "character N: " prefix).
std::string Render(std::string_view query) {
  const absl::StatusOr<Node> tree = ParseQuery(query);
  const size_t length = base::CodePointCount(query);
  if (tree.ok()) {
    const std::string problem = CheckNode(*tree, length);
    if (!problem.empty()) return "INVALID TREE: " + problem;
    return ToString(*tree);
  }
  const absl::Status& status = tree.status();
  const std::optional<size_t> position = ErrorPosition(status);
  if (status.code() != absl::StatusCode::kInvalidArgument || !position.has_value() ||
      *position > length) {
    return "BAD STATUS: " + status.ToString();
  }
  const std::string prefix = "character " + std::to_string(*position) + ": ";
  const std::string message(status.message());
  if (message.rfind(prefix, 0) != 0) return "BAD MESSAGE: " + message;
  return "error at " + std::to_string(*position) + ": " + message.substr(prefix.size());
}

// Parses and expects success; returns the tree.
Node Parse(std::string_view query) {
  absl::StatusOr<Node> tree = ParseQuery(query);
  EXPECT_TRUE(tree.ok()) << query << ": " << tree.status();
  return tree.ok() ? *std::move(tree) : Node{};
}

// ---------------------------------------------------------------------------
// Golden files: testdata/*.test
//
//   # name: field group with proximity
//   # (more lines starting with "# " here are comments)
//   TI=(无人机 5W 电池)
//   ----
//   (NEAR/5 ordered TI:"无人机" TI:"电池")
//
// The query is every line up to `----` (joined by '\n'; none means the empty
// query); the expected result is the one line after it. Blank lines and
// "# " lines between cases are ignored.
//
// IPHUB_UPDATE_GOLDENS=1 rewrites the expected lines with the actual results;
// review the diff by eye before committing it.

std::filesystem::path TestDataDir() {
  const char* source = std::getenv("IPHUB_SOURCE_DIR");
  if (source != nullptr && *source != '\0') {
    return std::filesystem::path(source) / "src/iphub/engine/query/testdata";
  }
  return std::filesystem::path(__FILE__).parent_path() / "testdata";
}

struct GoldenCase {
  std::string name;
  std::string query;
  size_t expected_line = 0;  // index into GoldenFile::lines
};

struct GoldenFile {
  std::vector<std::string> lines;
  std::vector<GoldenCase> cases;
  std::vector<std::string> problems;
};

GoldenFile ReadGoldenFile(const std::filesystem::path& path) {
  GoldenFile file;
  std::ifstream in(path, std::ios::binary);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    file.lines.push_back(line);
  }
  enum class State { kBetween, kHeader, kQuery, kExpected } state = State::kBetween;
  GoldenCase current;
  std::vector<std::string> query_lines;
  for (size_t index = 0; index < file.lines.size(); ++index) {
    const std::string& line = file.lines[index];
    const std::string where = path.filename().string() + ":" + std::to_string(index + 1);
    switch (state) {
      case State::kBetween:
        if (line.rfind("# name:", 0) == 0) {
          current = GoldenCase{};
          current.name = line.substr(7);
          current.name.erase(0, current.name.find_first_not_of(' '));
          query_lines.clear();
          state = State::kHeader;
        } else if (!line.empty() && line.rfind("#", 0) != 0) {
          file.problems.push_back(where + ": text outside a case");
        }
        break;
      case State::kHeader:
        if (line.rfind("# ", 0) == 0) break;
        state = State::kQuery;
        [[fallthrough]];
      case State::kQuery:
        if (line == "----") {
          for (size_t part = 0; part < query_lines.size(); ++part) {
            if (part > 0) current.query += '\n';
            current.query += query_lines[part];
          }
          state = State::kExpected;
        } else {
          query_lines.push_back(line);
        }
        break;
      case State::kExpected:
        current.expected_line = index;
        file.cases.push_back(current);
        state = State::kBetween;
        break;
    }
  }
  if (state != State::kBetween) file.problems.push_back(path.string() + ": unfinished case");
  return file;
}

TEST(QueryParserGolden, MatchesEveryTestFile) {
  const std::filesystem::path dir = TestDataDir();
  ASSERT_TRUE(std::filesystem::is_directory(dir))
      << dir << " not found; set IPHUB_SOURCE_DIR to the source root";
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".test") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  ASSERT_FALSE(paths.empty()) << "no .test files in " << dir;

  const char* update_env = std::getenv("IPHUB_UPDATE_GOLDENS");
  const bool update = update_env != nullptr && std::string_view(update_env) == "1";
  size_t total = 0;
  for (const std::filesystem::path& path : paths) {
    GoldenFile file = ReadGoldenFile(path);
    for (const std::string& problem : file.problems) ADD_FAILURE() << problem;
    bool changed = false;
    for (const GoldenCase& golden : file.cases) {
      ++total;
      const std::string actual = Render(golden.query);
      std::string& expected = file.lines[golden.expected_line];
      if (actual == expected) continue;
      if (update) {
        expected = actual;
        changed = true;
        continue;
      }
      ADD_FAILURE() << path.filename().string() << ":" << golden.expected_line + 1 << ": "
                    << golden.name << "\n  query:    " << golden.query
                    << "\n  expected: " << expected << "\n  actual:   " << actual;
    }
    if (changed) {
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      for (const std::string& line : file.lines) out << line << '\n';
      std::cout << "updated " << path << '\n';
    }
  }
  EXPECT_GE(total, 100u) << "golden cases went missing";
  std::cout << total << " golden cases in " << paths.size() << " files\n";
}

// ---------------------------------------------------------------------------
// Errors and their positions

TEST(QueryError, CarriesPositionInMessageAndPayload) {
  const absl::Status status = QueryError(7, "expected ')'");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "character 7: expected ')'");
  EXPECT_EQ(ErrorPosition(status), 7u);
}

TEST(QueryError, ErrorPositionIsEmptyForOtherStatuses) {
  EXPECT_EQ(ErrorPosition(absl::OkStatus()), std::nullopt);
  EXPECT_EQ(ErrorPosition(absl::InvalidArgumentError("character 3: no payload")), std::nullopt);
}

TEST(QueryParser, ReportsTheExampleFromTheHeader) {
  const absl::StatusOr<Node> tree = ParseQuery("TI=(无人机");
  ASSERT_FALSE(tree.ok());
  EXPECT_EQ(tree.status().message(), "character 7: expected ')' to close the '(' at character 3");
  EXPECT_EQ(ErrorPosition(tree.status()), 7u);
  EXPECT_TRUE(ParseQuery("TI=(无人机 5W 电池) AND AD>=2018").ok());
}

TEST(QueryParser, RejectsInvalidUtf8AtTheBadByte) {
  struct Case {
    std::string query;
    size_t position;
  };
  const Case cases[] = {
      {"ab\xff"
       "cd",
       2},
      {"\x80", 0},
      {"电池 \xe6\x97", 3},        // truncated sequence at the end
      {"电\xe6\x97池", 1},         // truncated sequence in the middle
      {"a \xc0\xaf", 2},           // overlong '/'
      {"\xe0\x80\xaf", 0},         // overlong, three bytes
      {"x\xed\xa0\x80", 1},        // UTF-16 surrogate
      {"TI=\xf4\x90\x80\x80", 3},  // above U+10FFFF
      {"\"电池\xfe\"", 3},         // inside a phrase
  };
  for (const Case& test : cases) {
    const absl::StatusOr<Node> tree = ParseQuery(test.query);
    ASSERT_FALSE(tree.ok()) << test.query;
    EXPECT_EQ(tree.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(ErrorPosition(tree.status()), test.position) << tree.status();
    EXPECT_NE(tree.status().message().find("invalid UTF-8"), absl::string_view::npos);
  }
}

TEST(QueryParser, AcceptsFourByteCharacters) {
  const Node tree = Parse("TI=𠀀𠀁 AND x");  // CJK Extension B
  ASSERT_EQ(tree.kind, NodeKind::kAnd);
  EXPECT_EQ(tree.children[0].text, "𠀀𠀁");
  EXPECT_EQ(tree.children[1].begin, 10u);
}

TEST(QueryParser, EnforcesTheByteLimit) {
  std::string query;
  while (query.size() < kMaxQueryBytes) query += "ab ";
  query.resize(kMaxQueryBytes);
  EXPECT_TRUE(ParseQuery(query).ok());

  query += "c";
  const absl::StatusOr<Node> tree = ParseQuery(query);
  ASSERT_FALSE(tree.ok());
  EXPECT_EQ(tree.status().message(), "character 16384: query longer than 16384 bytes");

  // The position is in characters: 电 is three bytes.
  std::string chinese;
  while (chinese.size() + 3 <= kMaxQueryBytes) chinese += "电";
  chinese += "池";
  const absl::StatusOr<Node> long_chinese = ParseQuery(chinese);
  ASSERT_FALSE(long_chinese.ok());
  EXPECT_EQ(ErrorPosition(long_chinese.status()), kMaxQueryBytes / 3);
}

std::string Repeat(std::string_view piece, int count) {
  std::string out;
  for (int index = 0; index < count; ++index) out += piece;
  return out;
}

TEST(QueryParser, AcceptsNestingUpToTheLimit) {
  const Node tree = Parse(Repeat("(", kMaxDepth) + "a" + Repeat(")", kMaxDepth));
  EXPECT_EQ(ToString(tree), "\"a\"");
  EXPECT_EQ(tree.begin, 0u);
  EXPECT_EQ(tree.end, static_cast<size_t>(2 * kMaxDepth + 1));
  EXPECT_TRUE(ParseQuery(Repeat("NOT ", kMaxDepth) + "a").ok());
  EXPECT_TRUE(ParseQuery(Repeat("(NOT ", kMaxDepth / 2) + "a" + Repeat(")", kMaxDepth / 2)).ok());
}

TEST(QueryParser, RejectsNestingBeyondTheLimit) {
  struct Case {
    std::string query;
    size_t position;
  };
  const Case cases[] = {
      {Repeat("(", kMaxDepth + 1) + "a" + Repeat(")", kMaxDepth + 1), kMaxDepth},
      {Repeat("NOT ", kMaxDepth + 1) + "a", 4 * kMaxDepth},
      {Repeat("TI=(", kMaxDepth + 1) + "a" + Repeat(")", kMaxDepth + 1), 4 * kMaxDepth + 3},
      {Repeat("(NOT ", kMaxDepth / 2) + "(a)" + Repeat(")", kMaxDepth / 2), 5 * kMaxDepth / 2},
      // Unbalanced input must not recurse without bound either.
      {Repeat("(", 10000), kMaxDepth},
      {Repeat("非 ", 2000), 2 * kMaxDepth},
  };
  for (const Case& test : cases) {
    const absl::StatusOr<Node> tree = ParseQuery(test.query);
    ASSERT_FALSE(tree.ok()) << test.query;
    EXPECT_EQ(ErrorPosition(tree.status()), test.position) << tree.status();
    EXPECT_NE(tree.status().message().find("nested deeper than 64 levels"), absl::string_view::npos)
        << tree.status();
  }
}

TEST(QueryParser, ParsesLongFlatQueries) {
  // Thousands of operands: linear time, one flat node, no deep recursion.
  const Node and_tree = Parse(Repeat("电池 ", 2000));
  EXPECT_EQ(and_tree.kind, NodeKind::kAnd);
  EXPECT_EQ(and_tree.children.size(), 2000u);
  const Node or_tree = Parse("a" + Repeat(" OR a", 2000));
  EXPECT_EQ(or_tree.children.size(), 2001u);
  const Node mixed = Parse("x" + Repeat(" NOT y", 1000));
  EXPECT_EQ(mixed.children.size(), 1001u);
}

TEST(QueryParser, TreatsControlCharactersAsSpaces) {
  EXPECT_EQ(ToString(Parse(std::string("a\0b", 3))), "(AND \"a\" \"b\")");
  EXPECT_EQ(ToString(Parse("a\tb\r\nc")), "(AND \"a\" \"b\" \"c\")");
  EXPECT_EQ(ToString(Parse("\xef\xbb\xbf"
                           "电池")),
            "\"电池\"");  // a byte order mark
  EXPECT_EQ(Render(" \t\x01 "), "error at 0: empty query");
}

TEST(QueryParser, KeepsControlCharactersInsidePhrases) {
  const Node tree = Parse("\"a\tb\"");
  EXPECT_EQ(tree.text, "a\tb");
  EXPECT_EQ(ToString(tree), "q\"a\\x09b\"");
}

TEST(QueryParser, AcceptsMultiLineQueries) {
  EXPECT_EQ(ToString(Parse("TI=(无人机\n  AND 电池)\nOR PA=华为")),
            "(OR (AND TI:\"无人机\" TI:\"电池\") PA:\"华为\")");
}

// ---------------------------------------------------------------------------
// Node fields the rendering does not show

TEST(QueryParserNodes, SpansCoverTheSourceText) {
  //                 0         1         2         3
  //                 0123456789012345678901234567890123
  const Node tree = Parse("TI=(无人机 5W 电池) OR NOT PA=\"华为\"");
  ASSERT_EQ(tree.kind, NodeKind::kOr);
  EXPECT_EQ(tree.begin, 0u);
  EXPECT_EQ(tree.end, 29u);
  const Node& near = tree.children[0];
  EXPECT_EQ(near.kind, NodeKind::kNear);
  EXPECT_EQ(near.begin, 0u);  // the group, field code included
  EXPECT_EQ(near.end, 14u);
  EXPECT_EQ(near.children[0].begin, 4u);  // a leaf in a group: just the word
  EXPECT_EQ(near.children[0].end, 7u);
  EXPECT_EQ(near.children[1].begin, 11u);
  EXPECT_EQ(near.children[1].end, 13u);
  const Node& negation = tree.children[1];
  EXPECT_EQ(negation.kind, NodeKind::kNot);
  EXPECT_EQ(negation.begin, 18u);
  EXPECT_EQ(negation.children[0].begin, 22u);  // a leaf with its own field: from the code
  EXPECT_EQ(negation.children[0].end, 29u);
}

TEST(QueryParserNodes, RangeSpansIncludeTheFieldCode) {
  const Node tree = Parse("x AD=[2018 TO 2020} PD<=2019");
  ASSERT_EQ(tree.children.size(), 3u);
  EXPECT_EQ(tree.children[1].begin, 2u);
  EXPECT_EQ(tree.children[1].end, 19u);
  EXPECT_EQ(tree.children[2].begin, 20u);
  EXPECT_EQ(tree.children[2].end, 28u);
}

TEST(QueryParserNodes, TermFlags) {
  const Node phrase = Parse("PA=\"华为技术有限公司\"");
  EXPECT_EQ(phrase.field, "PA");
  EXPECT_EQ(phrase.text, "华为技术有限公司");
  EXPECT_TRUE(phrase.quoted);
  EXPECT_FALSE(phrase.truncated);

  const Node truncated = Parse("ipc=G06F17/*");
  EXPECT_EQ(truncated.field, "IPC");
  EXPECT_EQ(truncated.text, "G06F17/");
  EXPECT_FALSE(truncated.quoted);
  EXPECT_TRUE(truncated.truncated);
}

TEST(QueryParserNodes, NearCarriesDistanceOrderAndField) {
  const Node near = Parse("TI=(无人机 12D 电池)");
  ASSERT_EQ(near.kind, NodeKind::kNear);
  EXPECT_EQ(near.distance, 12u);
  EXPECT_FALSE(near.ordered);
  EXPECT_EQ(near.field, "TI");
  const Node plain = Parse("a W b");
  EXPECT_EQ(plain.distance, 0u);
  EXPECT_TRUE(plain.ordered);
  EXPECT_EQ(plain.field, "");
}

TEST(QueryParserNodes, RangeFromEqualsKeepsTheValueAsText) {
  const Node range = Parse("AN=201810123456.7");
  ASSERT_EQ(range.kind, NodeKind::kRange);
  EXPECT_EQ(range.lower, "201810123456.7");
  EXPECT_EQ(range.upper, "201810123456.7");
  EXPECT_EQ(range.text, "201810123456.7");
  EXPECT_TRUE(range.lower_inclusive);
  EXPECT_TRUE(range.upper_inclusive);
  EXPECT_EQ(Parse("AD>=2018").text, "");
  EXPECT_EQ(Parse("AD=[2018 TO 2019]").text, "");
}

TEST(QueryParserNodes, OpenBoundsAreNotInclusive) {
  const Node range = Parse("AD=[2018 TO *]");
  EXPECT_EQ(range.upper, "");
  EXPECT_FALSE(range.upper_inclusive);
  EXPECT_TRUE(range.lower_inclusive);
  const Node below = Parse("AD<2018");
  EXPECT_EQ(below.lower, "");
  EXPECT_FALSE(below.lower_inclusive);
  EXPECT_FALSE(below.upper_inclusive);
}

TEST(QueryToString, EscapesQuotesBackslashesAndControlBytes) {
  Node node;
  node.field = "TI";
  node.text = "a\"b\\c\x01";
  EXPECT_EQ(ToString(node), "TI:\"a\\\"b\\\\c\\x01\"");
  Node range;
  range.kind = NodeKind::kRange;
  range.lower = "a b";
  range.upper = "*";
  EXPECT_EQ(ToString(range), "[\"a b\",\"*\"]");
}

}  // namespace
}  // namespace iphub::engine::query
