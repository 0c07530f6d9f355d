// A hand-written lexer and recursive-descent parser for the query language
// (docs/query-language.md has the grammar in EBNF).
//
// The input is decoded once into code points, so every position below is a
// character index. The lexer turns the whole query into tokens; a lexical
// error becomes a final kError token, which the parser reports when it reaches
// it, so the error reported is always the leftmost one. The parser never looks
// more than two tokens ahead. Time and memory are linear in the input;
// recursion is bounded by kMaxDepth.
#include "iphub/engine/query/parser.h"

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/cord.h"
#include "iphub/base/status.h"

namespace iphub::engine::query {
namespace {

constexpr char kPositionPayloadKey[] = "iphub/query/position";

// Stands for an invalid UTF-8 byte and for "past the end"; matches no class below.
constexpr char32_t kNoChar = 0x110000;

// ---------------------------------------------------------------------------
// Characters

bool IsSpace(char32_t c) {
  return c <= 0x20 || c == 0x7F || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000 || c == 0xFEFF;
}
bool IsOpenParen(char32_t c) { return c == U'(' || c == U'（'; }
bool IsCloseParen(char32_t c) { return c == U')' || c == U'）'; }
bool IsAsciiLetter(char32_t c) { return (c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z'); }
bool IsEqualSign(char32_t c) { return c == U'=' || c == U'＝'; }
bool IsOpeningQuote(char32_t c) { return c == U'"' || c == U'“'; }
// Characters that start a comparison after a field code; a word cannot start with them.
bool IsComparisonChar(char32_t c) {
  return IsEqualSign(c) || c == U':' || c == U'：' || c == U'<' || c == U'＜' || c == U'>' ||
         c == U'＞' || c == U'≤' || c == U'≥';
}

// One decoded character: its code point (kNoChar if the byte is not valid
// UTF-8) and its length in bytes (1 for an invalid byte).
struct Decoded {
  char32_t code_point;
  uint32_t length;
};

bool IsContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
Decoded DecodeAt(std::string_view bytes, size_t offset) {
  const auto at = [&](size_t index) -> unsigned char {
    return offset + index < bytes.size() ? static_cast<unsigned char>(bytes[offset + index]) : 0;
  };
  const unsigned char lead = at(0);
  if (lead < 0x80) return {lead, 1};
  if (lead >= 0xC2 && lead <= 0xDF && IsContinuation(at(1))) {
    return {static_cast<char32_t>(((lead & 0x1Fu) << 6) | (at(1) & 0x3Fu)), 2};
  }
  if (lead >= 0xE0 && lead <= 0xEF) {
    const unsigned char second = at(1);
    const unsigned char low = lead == 0xE0 ? 0xA0 : 0x80;
    const unsigned char high = lead == 0xED ? 0x9F : 0xBF;
    if (second >= low && second <= high && IsContinuation(at(2))) {
      return {
          static_cast<char32_t>(((lead & 0x0Fu) << 12) | ((second & 0x3Fu) << 6) | (at(2) & 0x3Fu)),
          3};
    }
    return {kNoChar, 1};
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    const unsigned char second = at(1);
    const unsigned char low = lead == 0xF0 ? 0x90 : 0x80;
    const unsigned char high = lead == 0xF4 ? 0x8F : 0xBF;
    if (second >= low && second <= high && IsContinuation(at(2)) && IsContinuation(at(3))) {
      return {static_cast<char32_t>(((lead & 0x07u) << 18) | ((second & 0x3Fu) << 12) |
                                    ((at(2) & 0x3Fu) << 6) | (at(3) & 0x3Fu)),
              4};
    }
  }
  return {kNoChar, 1};
}

// The query as code points, with the byte offset of each so that slices of
// the original UTF-8 can be taken without re-encoding.
class Source {
 public:
  // InvalidArgument at the first invalid byte.
  static absl::StatusOr<Source> Decode(std::string_view bytes) {
    Source source;
    source.bytes_ = bytes;
    source.chars_.reserve(bytes.size());
    source.offsets_.reserve(bytes.size() + 1);
    size_t offset = 0;
    while (offset < bytes.size()) {
      const Decoded decoded = DecodeAt(bytes, offset);
      if (decoded.code_point == kNoChar) {
        return QueryError(source.chars_.size(), "invalid UTF-8");
      }
      source.chars_.push_back(decoded.code_point);
      source.offsets_.push_back(offset);
      offset += decoded.length;
    }
    source.offsets_.push_back(offset);
    return source;
  }

  size_t size() const { return chars_.size(); }
  char32_t At(size_t pos) const { return pos < chars_.size() ? chars_[pos] : kNoChar; }
  // The UTF-8 text of characters [begin, end).
  std::string_view Slice(size_t begin, size_t end) const {
    return bytes_.substr(offsets_[begin], offsets_[end] - offsets_[begin]);
  }

 private:
  std::string_view bytes_;
  std::vector<char32_t> chars_;
  std::vector<size_t> offsets_;  // size() + 1 entries
};

// The position of the first character that does not fit in the first
// kMaxQueryBytes bytes (each invalid byte counting as one character).
size_t FirstCharacterPastLimit(std::string_view bytes) {
  size_t offset = 0;
  size_t count = 0;
  while (offset < bytes.size()) {
    const uint32_t length = DecodeAt(bytes, offset).length;
    if (offset + length > kMaxQueryBytes) break;
    offset += length;
    ++count;
  }
  return count;
}

bool EqualsIgnoreAsciiCase(std::string_view text, std::string_view upper) {
  if (text.size() != upper.size()) return false;
  for (size_t index = 0; index < text.size(); ++index) {
    char c = text[index];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != upper[index]) return false;
  }
  return true;
}

// Digits with single '-', '.' or '/' between digit runs: "2018", "2018-01-01",
// "2018.1.1", "201810123456.7".
bool LooksLikeNumber(std::string_view text) {
  if (text.empty()) return false;
  bool previous_digit = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      previous_digit = true;
    } else if ((c == '-' || c == '.' || c == '/') && previous_digit) {
      previous_digit = false;
    } else {
      return false;
    }
  }
  return previous_digit;
}

// ---------------------------------------------------------------------------
// Tokens

enum class TokenKind {
  kEnd,
  kError,       // a lexical error: `text` is the message, `begin` the position
  kWord,        // a bare word: `text` without the trailing '*', `truncated`
  kPhrase,      // a quoted phrase: `text` unescaped
  kField,       // `CODE=`, `CODE:`, `CODE>=`…: `text` is the upper-cased code
  kRange,       // `[a TO b]` right after a field: `lower`, `upper`, inclusivity
  kOpenParen,   // ( （
  kCloseParen,  // ) ）
  kAnd,         // AND 与 &&
  kOr,          // OR 或 ||
  kNot,         // NOT 非
};

enum class Comparison { kEqual, kLess, kLessEqual, kGreater, kGreaterEqual };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  size_t begin = 0;
  size_t end = 0;
  std::string text;
  bool truncated = false;
  // kWord spelled like a proximity operator (W, 5W, D, 10D); it acts as one only
  // between two operands.
  bool proximity = false;
  uint32_t distance = 0;
  bool ordered = false;
  Comparison comparison = Comparison::kEqual;  // kField
  std::string lower;                           // kRange; empty: open
  std::string upper;
  bool lower_inclusive = true;
  bool upper_inclusive = true;
};

// `W`, `D`, or one or two digits followed by `W` or `D` (upper case only).
bool ReadProximityOperator(std::string_view text, Token& token) {
  if (text.empty() || text.size() > 3) return false;
  const char last = text.back();
  if (last != 'W' && last != 'D') return false;
  const std::string_view digits = text.substr(0, text.size() - 1);
  uint32_t distance = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    distance = distance * 10 + static_cast<uint32_t>(c - '0');
  }
  token.proximity = true;
  token.distance = distance;
  token.ordered = last == 'W';
  return true;
}

// ---------------------------------------------------------------------------
// Lexer

class Lexer {
 public:
  explicit Lexer(const Source& source) : source_(source) {}

  // All tokens; the last is kEnd or kError.
  std::vector<Token> Run() {
    std::vector<Token> tokens;
    while (true) {
      SkipSpaces();
      const Token* field =
          !tokens.empty() && tokens.back().kind == TokenKind::kField ? &tokens.back() : nullptr;
      Token token = Next(field);
      const bool last = token.kind == TokenKind::kEnd || token.kind == TokenKind::kError;
      tokens.push_back(std::move(token));
      if (last) return tokens;
    }
  }

 private:
  char32_t At(size_t pos) const { return source_.At(pos); }

  void SkipSpaces() {
    while (pos_ < source_.size() && IsSpace(At(pos_))) ++pos_;
  }

  static Token Error(size_t position, std::string message) {
    Token token;
    token.kind = TokenKind::kError;
    token.begin = position;
    token.end = position;
    token.text = std::move(message);
    return token;
  }

  Token Simple(TokenKind kind, size_t length) {
    Token token;
    token.kind = kind;
    token.begin = pos_;
    token.end = pos_ + length;
    pos_ += length;
    return token;
  }

  // The next token; `field` is the previous token if it is a kField.
  Token Next(const Token* field) {
    if (pos_ >= source_.size()) {
      Token end;
      end.begin = end.end = source_.size();
      return end;
    }
    const char32_t c = At(pos_);
    if (field != nullptr && (c == U'[' || c == U'{')) return LexRange();
    if (IsOpenParen(c)) return Simple(TokenKind::kOpenParen, 1);
    if (IsCloseParen(c)) return Simple(TokenKind::kCloseParen, 1);
    if (c == U'&' && At(pos_ + 1) == U'&') return Simple(TokenKind::kAnd, 2);
    if (c == U'|' && At(pos_ + 1) == U'|') return Simple(TokenKind::kOr, 2);
    if (IsOpeningQuote(c)) return LexPhrase();
    if (IsComparisonChar(c)) {
      const std::string found(source_.Slice(pos_, pos_ + 1));
      if (field != nullptr) {
        return Error(pos_, "expected a value after '" +
                               std::string(source_.Slice(field->begin, field->end)) + "', found '" +
                               found + "'");
      }
      return Error(pos_, "'" + found + "' must follow a field code without a space, as in TI=电池");
    }
    if (IsAsciiLetter(c)) {
      Token code;
      if (LexField(code)) return code;
    }
    return LexWord();
  }

  // `CODE` followed by = : > >= < <= (or their full-width forms, ≥ ≤). A ':'
  // followed by '/' (as in http://) does not make a field.
  bool LexField(Token& token) {
    size_t code_end = pos_;
    while (IsAsciiLetter(At(code_end))) ++code_end;
    const char32_t op = At(code_end);
    const bool equal_follows = IsEqualSign(At(code_end + 1));
    size_t op_length = 1;
    if (IsEqualSign(op)) {
      token.comparison = Comparison::kEqual;
    } else if (op == U':' || op == U'：') {
      if (At(code_end + 1) == U'/') return false;
      token.comparison = Comparison::kEqual;
    } else if (op == U'>' || op == U'＞') {
      token.comparison = equal_follows ? Comparison::kGreaterEqual : Comparison::kGreater;
      op_length = equal_follows ? 2 : 1;
    } else if (op == U'<' || op == U'＜') {
      token.comparison = equal_follows ? Comparison::kLessEqual : Comparison::kLess;
      op_length = equal_follows ? 2 : 1;
    } else if (op == U'≥') {
      token.comparison = Comparison::kGreaterEqual;
    } else if (op == U'≤') {
      token.comparison = Comparison::kLessEqual;
    } else {
      return false;
    }
    token.kind = TokenKind::kField;
    token.begin = pos_;
    token.end = code_end + op_length;
    token.text = std::string(source_.Slice(pos_, code_end));
    for (char& c : token.text) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    pos_ = token.end;
    return true;
  }

  // The end of a bare word starting at `pos`: whitespace, a parenthesis, `&&`
  // or `||` ends it; inside a range also `]`, `}` and `,`.
  size_t WordEnd(size_t pos, bool in_range) const {
    while (pos < source_.size()) {
      const char32_t c = At(pos);
      if (IsSpace(c) || IsOpenParen(c) || IsCloseParen(c)) break;
      if ((c == U'&' || c == U'|') && At(pos + 1) == c) break;
      if (in_range && (c == U']' || c == U'}' || c == U',')) break;
      ++pos;
    }
    return pos;
  }

  Token LexWord() {
    const size_t begin = pos_;
    const size_t end = WordEnd(pos_, /*in_range=*/false);
    for (size_t star = begin; star + 1 < end; ++star) {
      if (At(star) == U'*') return Error(star, "'*' is only allowed at the end of a word");
    }
    Token token;
    token.kind = TokenKind::kWord;
    token.begin = begin;
    token.end = end;
    token.truncated = At(end - 1) == U'*';
    if (token.truncated && end - 1 == begin) {
      return Error(begin, "'*' is only allowed at the end of a word");
    }
    token.text = std::string(source_.Slice(begin, token.truncated ? end - 1 : end));
    pos_ = end;
    if (token.truncated) return token;
    const std::string_view text = token.text;
    if (text == "AND" || text == "与") {
      token.kind = TokenKind::kAnd;
    } else if (text == "OR" || text == "或") {
      token.kind = TokenKind::kOr;
    } else if (text == "NOT" || text == "非") {
      token.kind = TokenKind::kNot;
    } else {
      ReadProximityOperator(text, token);
    }
    return token;
  }

  // "…" or “…”; \" \\ \“ \” are escapes, any other backslash is literal.
  Token LexPhrase() {
    const size_t open = pos_;
    const char32_t close = At(open) == U'"' ? U'"' : U'”';
    Token token;
    token.kind = TokenKind::kPhrase;
    token.begin = open;
    size_t run = open + 1;  // start of the literal text not yet copied
    size_t pos = run;
    while (true) {
      if (pos >= source_.size()) return Error(open, "unterminated quote");
      const char32_t c = At(pos);
      if (c == close) break;
      const char32_t escaped = At(pos + 1);
      if (c == U'\\' &&
          (escaped == U'"' || escaped == U'\\' || escaped == U'“' || escaped == U'”')) {
        token.text.append(source_.Slice(run, pos));
        run = pos + 1;  // the escaped character starts the next run
        pos += 2;
        continue;
      }
      ++pos;
    }
    token.text.append(source_.Slice(run, pos));
    if (token.text.empty()) return Error(open, "empty quotes");
    token.end = pos + 1;
    pos_ = token.end;
    return token;
  }

  // One bound of a range: a phrase or a bare word; `present` is false when
  // there is none before `]`, `}`, a parenthesis or the end.
  struct Bound {
    bool present = false;
    bool quoted = false;
    size_t begin = 0;
    std::string text;
  };

  // Reads a bound at pos_ (after spaces). Returns a kError token on a bad phrase.
  std::optional<Token> ReadBound(Bound& bound) {
    SkipSpaces();
    bound.begin = pos_;
    if (IsOpeningQuote(At(pos_))) {
      Token phrase = LexPhrase();
      if (phrase.kind == TokenKind::kError) return phrase;
      bound.present = true;
      bound.quoted = true;
      bound.text = std::move(phrase.text);
      return std::nullopt;
    }
    const size_t end = WordEnd(pos_, /*in_range=*/true);
    bound.present = end > pos_;
    bound.text = std::string(source_.Slice(pos_, end));
    pos_ = end;
    return std::nullopt;
  }

  // `[lower TO upper]`, `{…}` exclusive, mixed allowed; `*` is an open end.
  Token LexRange() {
    const size_t open = pos_;
    const std::string open_text(source_.Slice(open, open + 1));
    Token token;
    token.kind = TokenKind::kRange;
    token.begin = open;
    token.lower_inclusive = At(open) == U'[';
    ++pos_;

    Bound lower;
    if (std::optional<Token> error = ReadBound(lower)) return *error;
    if (!lower.present) {
      return Error(pos_, "expected a lower bound in the range (use * for an open end)");
    }
    if (!lower.quoted && EqualsIgnoreAsciiCase(lower.text, "TO")) {
      return Error(lower.begin, "expected a lower bound before 'TO' (use * for an open end)");
    }

    SkipSpaces();
    const size_t keyword_end = WordEnd(pos_, /*in_range=*/true);
    if (keyword_end == pos_ || !EqualsIgnoreAsciiCase(source_.Slice(pos_, keyword_end), "TO")) {
      return Error(pos_, "expected 'TO' in range, as in [2018 TO 2020]");
    }
    pos_ = keyword_end;

    Bound upper;
    if (std::optional<Token> error = ReadBound(upper)) return *error;
    if (!upper.present) {
      return Error(pos_, "expected an upper bound after 'TO' (use * for an open end)");
    }

    SkipSpaces();
    const char32_t close = At(pos_);
    if (close != U']' && close != U'}') {
      return Error(pos_, "expected ']' or '}' to close the '" + open_text + "' at character " +
                             std::to_string(open));
    }
    token.upper_inclusive = close == U']';
    ++pos_;
    token.end = pos_;

    // An open end is never inclusive, whatever bracket closes it.
    if (!lower.quoted && lower.text == "*") {
      token.lower_inclusive = false;
    } else {
      token.lower = std::move(lower.text);
    }
    if (!upper.quoted && upper.text == "*") {
      token.upper_inclusive = false;
    } else {
      token.upper = std::move(upper.text);
    }
    return token;
  }

  const Source& source_;
  size_t pos_ = 0;
};

// ---------------------------------------------------------------------------
// Parser

// Appends `child` to `out`, splicing in its children if it is of `kind`.
void AppendFlattened(NodeKind kind, Node child, std::vector<Node>& out) {
  if (child.kind != kind) {
    out.push_back(std::move(child));
    return;
  }
  for (Node& grandchild : child.children) out.push_back(std::move(grandchild));
}

// `parts` joined by `kind` (flattened), or the single part itself.
Node Combine(NodeKind kind, std::vector<Node> parts) {
  if (parts.size() == 1) return std::move(parts.front());
  Node node;
  node.kind = kind;
  node.begin = parts.front().begin;
  node.end = parts.back().end;
  for (Node& part : parts) AppendFlattened(kind, std::move(part), node.children);
  return node;
}

bool StartsOperand(const Token& token) {
  return token.kind == TokenKind::kWord || token.kind == TokenKind::kPhrase ||
         token.kind == TokenKind::kField || token.kind == TokenKind::kOpenParen;
}

class Parser {
 public:
  Parser(const Source& source, std::vector<Token> tokens)
      : source_(source), tokens_(std::move(tokens)) {}

  absl::StatusOr<Node> Parse() {
    if (Peek().kind == TokenKind::kEnd) return QueryError(0, "empty query");
    IPHUB_ASSIGN_OR_RETURN(Node root, ParseOr(""));
    const Token& rest = Peek();
    switch (rest.kind) {
      case TokenKind::kEnd:
        return root;
      case TokenKind::kError:
        return LexicalError(rest);
      case TokenKind::kCloseParen:
        return QueryError(rest.begin, "unexpected ')'");
      default:
        return QueryError(rest.begin, "unexpected '" + Spelling(rest) + "'");
    }
  }

 private:
  // The token `ahead` tokens on; the final kEnd/kError repeats forever.
  const Token& Peek(size_t ahead = 0) const {
    const size_t index = next_ + ahead;
    return index < tokens_.size() ? tokens_[index] : tokens_.back();
  }

  const Token& Advance() {
    const Token& token = Peek();
    previous_ = &token;
    if (next_ < tokens_.size()) ++next_;
    return token;
  }

  static absl::Status LexicalError(const Token& token) {
    return QueryError(token.begin, token.text);
  }

  // The token as written, shortened for messages.
  std::string Spelling(const Token& token) const {
    constexpr size_t kMaxChars = 24;
    if (token.end - token.begin > kMaxChars) {
      return std::string(source_.Slice(token.begin, token.begin + kMaxChars)) + "…";
    }
    return std::string(source_.Slice(token.begin, token.end));
  }

  // Entering a parenthesis or a NOT: fails beyond kMaxDepth.
  absl::Status Enter(const Token& token) {
    if (++depth_ > kMaxDepth) {
      return QueryError(token.begin, "nested deeper than " + std::to_string(kMaxDepth) + " levels");
    }
    return absl::OkStatus();
  }

  // The error when a term was required but Peek() cannot start one.
  absl::Status ExpectedTerm() const {
    const Token& found = Peek();
    if (found.kind == TokenKind::kError) return LexicalError(found);
    if (found.kind == TokenKind::kCloseParen) {
      if (open_groups_ == 0) return QueryError(found.begin, "unexpected ')'");
      if (previous_ != nullptr && previous_->kind == TokenKind::kOpenParen) {
        return QueryError(found.begin, "empty parentheses");
      }
    }
    std::string message = "expected a term";
    if (previous_ != nullptr) message += " after '" + Spelling(*previous_) + "'";
    if (found.kind != TokenKind::kEnd) message += ", found '" + Spelling(found) + "'";
    return QueryError(found.begin, message);
  }

  // The error when a field's value was required but Peek() is not one.
  absl::Status ExpectedValue(const Token& field) const {
    const Token& found = Peek();
    if (found.kind == TokenKind::kError) return LexicalError(found);
    std::string message = "expected a value after '" + Spelling(field) + "'";
    if (found.kind != TokenKind::kEnd) message += ", found '" + Spelling(found) + "'";
    return QueryError(found.begin, message);
  }

  // Whether Peek() is a proximity operator: a W/D word with an operand after it
  // (the operand before it has just been parsed).
  bool AtProximityOperator() const {
    return Peek().kind == TokenKind::kWord && Peek().proximity && StartsOperand(Peek(1));
  }

  // or = and { OR and }
  absl::StatusOr<Node> ParseOr(const std::string& field) {
    std::vector<Node> parts;
    IPHUB_ASSIGN_OR_RETURN(Node first, ParseAnd(field));
    parts.push_back(std::move(first));
    while (Peek().kind == TokenKind::kOr) {
      Advance();
      IPHUB_ASSIGN_OR_RETURN(Node next, ParseAnd(field));
      parts.push_back(std::move(next));
    }
    return Combine(NodeKind::kOr, std::move(parts));
  }

  // and = unary { [AND] unary }   (`a NOT b` is `a` followed by the unary `NOT b`)
  absl::StatusOr<Node> ParseAnd(const std::string& field) {
    std::vector<Node> parts;
    IPHUB_ASSIGN_OR_RETURN(Node first, ParseUnary(field));
    parts.push_back(std::move(first));
    while (true) {
      if (Peek().kind == TokenKind::kAnd) {
        Advance();
      } else if (Peek().kind != TokenKind::kNot && !StartsOperand(Peek())) {
        break;
      }
      IPHUB_ASSIGN_OR_RETURN(Node next, ParseUnary(field));
      parts.push_back(std::move(next));
    }
    return Combine(NodeKind::kAnd, std::move(parts));
  }

  // unary = NOT unary | proximity
  absl::StatusOr<Node> ParseUnary(const std::string& field) {
    if (Peek().kind != TokenKind::kNot) return ParseProximity(field);
    const Token& op = Advance();
    IPHUB_RETURN_IF_ERROR(Enter(op));
    IPHUB_ASSIGN_OR_RETURN(Node child, ParseUnary(field));
    --depth_;
    Node node;
    node.kind = NodeKind::kNot;
    node.begin = op.begin;
    node.end = child.end;
    node.children.push_back(std::move(child));
    return node;
  }

  // proximity = primary [ PROX primary ]   (both operands single terms, same field)
  absl::StatusOr<Node> ParseProximity(const std::string& field) {
    IPHUB_ASSIGN_OR_RETURN(Node left, ParsePrimary(field));
    if (!AtProximityOperator()) return left;
    const Token& op = Advance();
    if (left.kind != NodeKind::kTerm) {
      return QueryError(left.begin,
                        "the left side of '" + Spelling(op) + "' must be a single word or phrase");
    }
    IPHUB_ASSIGN_OR_RETURN(Node right, ParsePrimary(field));
    if (right.kind != NodeKind::kTerm) {
      return QueryError(right.begin,
                        "the right side of '" + Spelling(op) + "' must be a single word or phrase");
    }
    if (left.field != right.field) {
      return QueryError(op.begin, "both sides of '" + Spelling(op) +
                                      "' must search the same field, as in TI=(a " + Spelling(op) +
                                      " b)");
    }
    if (AtProximityOperator()) {
      return QueryError(Peek().begin,
                        "proximity operators cannot be chained; write a W b AND b W c");
    }
    Node node;
    node.kind = NodeKind::kNear;
    node.field = left.field;
    node.distance = op.distance;
    node.ordered = op.ordered;
    node.begin = left.begin;
    node.end = right.end;
    node.children.push_back(std::move(left));
    node.children.push_back(std::move(right));
    return node;
  }

  // primary = word | phrase | "(" or ")" | field-expression
  absl::StatusOr<Node> ParsePrimary(const std::string& field) {
    const Token& token = Peek();
    switch (token.kind) {
      case TokenKind::kWord:
      case TokenKind::kPhrase:
        Advance();
        return MakeTerm(token, field, token.begin);
      case TokenKind::kOpenParen:
        return ParseGroup(field, token.begin);
      case TokenKind::kField:
        Advance();
        return ParseFieldValue(token);
      default:
        return ExpectedTerm();
    }
  }

  // "(" or ")" at Peek(); the node spans from `begin` (the '(' or the field code)
  // to the ')'.
  absl::StatusOr<Node> ParseGroup(const std::string& field, size_t begin) {
    const Token& open = Advance();
    IPHUB_RETURN_IF_ERROR(Enter(open));
    ++open_groups_;
    IPHUB_ASSIGN_OR_RETURN(Node inner, ParseOr(field));
    const Token& close = Peek();
    if (close.kind == TokenKind::kError) return LexicalError(close);
    if (close.kind != TokenKind::kCloseParen) {
      return QueryError(close.begin, "expected ')' to close the '" + Spelling(open) +
                                         "' at character " + std::to_string(open.begin));
    }
    Advance();
    --open_groups_;
    --depth_;
    inner.begin = begin;
    inner.end = close.end;
    return inner;
  }

  static Node MakeTerm(const Token& token, const std::string& field, size_t begin) {
    Node node;
    node.kind = NodeKind::kTerm;
    node.field = field;
    node.text = token.text;
    node.quoted = token.kind == TokenKind::kPhrase;
    node.truncated = token.truncated;
    node.begin = begin;
    node.end = token.end;
    return node;
  }

  static Node MakeRange(const std::string& field, std::string lower, bool lower_inclusive,
                        std::string upper, bool upper_inclusive, size_t begin, size_t end) {
    Node node;
    node.kind = NodeKind::kRange;
    node.field = field;
    node.lower_inclusive = !lower.empty() && lower_inclusive;
    node.upper_inclusive = !upper.empty() && upper_inclusive;
    node.lower = std::move(lower);
    node.upper = std::move(upper);
    node.begin = begin;
    node.end = end;
    return node;
  }

  // The value after a kField token (already consumed).
  absl::StatusOr<Node> ParseFieldValue(const Token& field) {
    const Token& value = Peek();
    const std::string& code = field.text;
    if (field.comparison != Comparison::kEqual) {
      if (value.kind == TokenKind::kRange) {
        return QueryError(value.begin,
                          "a range must follow '=' or ':', as in " + code + "=[2018 TO 2020]");
      }
      if (value.kind != TokenKind::kWord && value.kind != TokenKind::kPhrase) {
        return ExpectedValue(field);
      }
      if (value.truncated) {
        return QueryError(value.end - 1, "'*' is not allowed in a comparison");
      }
      Advance();
      switch (field.comparison) {
        case Comparison::kGreater:
          return MakeRange(code, value.text, false, "", false, field.begin, value.end);
        case Comparison::kGreaterEqual:
          return MakeRange(code, value.text, true, "", false, field.begin, value.end);
        case Comparison::kLess:
          return MakeRange(code, "", false, value.text, false, field.begin, value.end);
        default:
          return MakeRange(code, "", false, value.text, true, field.begin, value.end);
      }
    }

    switch (value.kind) {
      case TokenKind::kOpenParen:
        return ParseGroup(code, field.begin);
      case TokenKind::kRange:
        Advance();
        return MakeRange(code, value.lower, value.lower_inclusive, value.upper,
                         value.upper_inclusive, field.begin, value.end);
      case TokenKind::kPhrase:
        Advance();
        return MakeTerm(value, code, field.begin);
      case TokenKind::kWord:
        break;
      default:
        return ExpectedValue(field);
    }
    Advance();
    if (value.truncated) return MakeTerm(value, code, field.begin);
    const std::string& text = value.text;
    if (LooksLikeNumber(text)) {
      const Token& next = Peek();
      if (next.kind == TokenKind::kWord && !next.truncated && next.text == "TO") {
        return QueryError(next.begin, "a range needs brackets, as in " + code + "=[2018 TO 2020]");
      }
      Node node = MakeRange(code, text, true, text, true, field.begin, value.end);
      node.text = text;
      return node;
    }
    const size_t tilde = text.find('~');
    if (tilde != std::string::npos) {
      const std::string lower = text.substr(0, tilde);
      const std::string upper = text.substr(tilde + 1);
      if (LooksLikeNumber(lower) && LooksLikeNumber(upper)) {
        return MakeRange(code, lower, true, upper, true, field.begin, value.end);
      }
    }
    return MakeTerm(value, code, field.begin);
  }

  const Source& source_;
  const std::vector<Token> tokens_;
  size_t next_ = 0;
  const Token* previous_ = nullptr;
  int depth_ = 0;        // open parentheses and NOTs on the current path
  int open_groups_ = 0;  // open parentheses
};

}  // namespace

absl::Status WithQueryField(absl::Status status, std::string_view field) {
  if (status.code() != absl::StatusCode::kInvalidArgument || base::FieldOf(status)) return status;
  std::optional<size_t> position = ErrorPosition(status);
  status = base::WithField(std::move(status), field);
  return position ? base::WithPosition(std::move(status), *position) : status;
}

absl::Status QueryError(size_t position, std::string_view message) {
  absl::Status status = absl::InvalidArgumentError("character " + std::to_string(position) + ": " +
                                                   std::string(message));
  status.SetPayload(kPositionPayloadKey, absl::Cord(std::to_string(position)));
  return status;
}

std::optional<size_t> ErrorPosition(const absl::Status& status) {
  const auto payload = status.GetPayload(kPositionPayloadKey);
  if (!payload.has_value()) return std::nullopt;
  const std::string text(*payload);
  size_t position = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), position);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return position;
}

absl::StatusOr<Node> ParseQuery(std::string_view query) {
  if (query.size() > kMaxQueryBytes) {
    return QueryError(FirstCharacterPastLimit(query),
                      "query longer than " + std::to_string(kMaxQueryBytes) + " bytes");
  }
  IPHUB_ASSIGN_OR_RETURN(const Source source, Source::Decode(query));
  Parser parser(source, Lexer(source).Run());
  return parser.Parse();
}

}  // namespace iphub::engine::query
