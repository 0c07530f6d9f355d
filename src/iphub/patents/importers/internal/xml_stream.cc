#include "iphub/patents/importers/internal/xml_stream.h"

#include <algorithm>

#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/patents/importers/internal/text_decoder.h"

namespace iphub::patents::importers::internal {
namespace {

// A DOCTYPE is skipped by scanning it whole each time more input arrives; it
// is a few hundred bytes in practice, and this bounds the rescanning.
constexpr size_t kMaxDoctypeBytes = size_t{1} << 20;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool IsNameStart(char c) {
  return base::IsAsciiAlpha(c) || c == '_' || c == ':' || static_cast<unsigned char>(c) >= 0x80;
}

// Ends a name: whitespace and the characters that may follow a name in a tag.
bool EndsName(char c) {
  return IsSpace(c) || c == '/' || c == '=' || c == '"' || c == '\'' || c == '<' || c == '>';
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The reference starting with the '&' at `raw[pos]`: the five predefined
// entities and character references. Appends its character and returns its
// length, or 0 when it is none of those (the '&' is then kept as written).
size_t DecodeReference(std::string_view raw, size_t pos, std::string& out) {
  const std::string_view rest = raw.substr(pos);
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&apos;", '\''}, {"&quot;", '"'}};
  for (const auto& [entity, character] : kEntities) {
    if (rest.starts_with(entity)) {
      out += character;
      return entity.size();
    }
  }
  if (!rest.starts_with("&#")) return 0;
  const bool hex = rest.size() > 2 && rest[2] == 'x';
  size_t at = hex ? 3 : 2;
  int64_t value = 0;
  const size_t digits_start = at;
  for (; at < rest.size() && rest[at] != ';'; ++at) {
    const int digit =
        hex ? HexDigit(rest[at]) : (base::IsAsciiDigit(rest[at]) ? rest[at] - '0' : -1);
    if (digit < 0) return 0;
    value = std::min<int64_t>(value * (hex ? 16 : 10) + digit, int64_t{0x110000});
  }
  if (at >= rest.size() || at == digits_start) return 0;
  AppendCodePoint(out, static_cast<int32_t>(value));  // beyond U+10FFFF: U+FFFD
  return at + 1;
}

// Character data as pugixml's parse_eol (and, for `attribute`, its
// parse_wconv_attribute) and parse_escapes (unless `cdata`) leave it.
void DecodeCharacterData(std::string_view raw, bool cdata, bool attribute, std::string& out) {
  out.clear();
  const std::string_view special = attribute ? "&\r\n\t" : (cdata ? "\r" : "&\r");
  size_t run = 0;
  size_t pos = raw.find_first_of(special);
  while (pos != std::string_view::npos) {
    out.append(raw.substr(run, pos - run));
    const char c = raw[pos];
    size_t used = 1;
    if (c == '&') {
      used = DecodeReference(raw, pos, out);
      if (used == 0) {
        out += '&';
        used = 1;
      }
    } else if (c == '\r') {
      out += attribute ? ' ' : '\n';
      if (pos + 1 < raw.size() && raw[pos + 1] == '\n') used = 2;
    } else {
      out += ' ';  // tab or line feed in an attribute value
    }
    run = pos + used;
    pos = raw.find_first_of(special, run);
  }
  out.append(raw.substr(run));
}

}  // namespace

absl::Status XmlStreamReader::Feed(std::string_view piece) {
  if (!error_.ok()) return error_;
  if (pos_ > 0) {
    buffer_.erase(0, pos_);
    buffer_offset_ += pos_;
    scan_ -= pos_;
    pos_ = 0;
  }
  buffer_.append(piece);
  return Parse(/*at_end=*/false);
}

absl::Status XmlStreamReader::Finish() {
  if (!error_.ok()) return error_;
  IPHUB_RETURN_IF_ERROR(Parse(/*at_end=*/true));
  const uint64_t end = buffer_offset_ + buffer_.size();
  if (!open_.empty()) {
    return Fail(end, base::StrCat("element <", open_.back(), "> is never closed"));
  }
  if (!seen_root_) return Fail(end, "no root element");
  return absl::OkStatus();
}

absl::Status XmlStreamReader::Fail(uint64_t offset, std::string_view what) {
  malformed_ = true;
  error_ =
      absl::InvalidArgumentError(base::StrCat("malformed XML at byte offset ", offset, ": ", what));
  return error_;
}

absl::Status XmlStreamReader::Parse(bool at_end) {
  while (pos_ < buffer_.size()) {
    absl::StatusOr<bool> complete = buffer_[pos_] == '<' ? ParseMarkup(at_end) : ParseText(at_end);
    if (!complete.ok()) {
      error_ = complete.status();
      return error_;
    }
    if (!*complete) break;
    scan_ = pos_;
    tag_quote_ = 0;
  }
  return absl::OkStatus();
}

size_t XmlStreamReader::FindEnd(std::string_view terminator, size_t skip) {
  const size_t from = std::max(scan_, pos_ + skip);
  const size_t found = std::string_view(buffer_).find(terminator, from);
  if (found != std::string_view::npos) return found + terminator.size();
  // The terminator may straddle the end of what is here: look again there.
  const size_t overlap = terminator.size() - 1;
  scan_ = std::max(from, buffer_.size() >= overlap ? buffer_.size() - overlap : 0);
  return std::string_view::npos;
}

absl::StatusOr<bool> XmlStreamReader::ParseText(bool at_end) {
  const std::string_view buffer = buffer_;
  size_t open = buffer.find('<', std::max(scan_, pos_));
  if (open == std::string_view::npos) {
    if (!at_end) {
      scan_ = buffer.size();
      return false;
    }
    open = buffer.size();
  }
  const std::string_view raw = buffer.substr(pos_, open - pos_);
  if (std::all_of(raw.begin(), raw.end(), IsSpace)) {
    // Kept only as the sole content of an element: right before its end tag.
    if (open + 1 >= buffer.size() && open < buffer.size() && !at_end) {
      scan_ = open;
      return false;
    }
    const bool before_end_tag = open + 1 < buffer.size() && buffer[open + 1] == '/';
    if (before_end_tag && !open_.empty() && has_content_.back() == 0) {
      IPHUB_RETURN_IF_ERROR(EmitText(raw, /*cdata=*/false));
    }
  } else {
    IPHUB_RETURN_IF_ERROR(EmitText(raw, /*cdata=*/false));
  }
  pos_ = open;
  return true;
}

absl::Status XmlStreamReader::EmitText(std::string_view raw, bool cdata) {
  if (open_.empty()) return absl::OkStatus();  // outside the root element
  has_content_.back() = 1;
  DecodeCharacterData(raw, cdata, /*attribute=*/false, text_);
  return handler_.Text(text_);
}

absl::StatusOr<bool> XmlStreamReader::ParseMarkup(bool at_end) {
  const std::string_view rest = std::string_view(buffer_).substr(pos_);
  const uint64_t offset = buffer_offset_ + pos_;
  if (rest.size() < 2) {
    if (!at_end) return false;
    return Fail(offset, "the document ends inside a tag");
  }
  if (rest[1] == '?') {
    const size_t end = FindEnd("?>", 2);
    if (end == std::string_view::npos) {
      if (!at_end) return false;
      return Fail(offset, "unterminated processing instruction");
    }
    pos_ = end;
    return true;
  }
  if (rest[1] == '!') {
    constexpr std::string_view kComment = "<!--";
    constexpr std::string_view kCdata = "<![CDATA[";
    constexpr std::string_view kDoctype = "<!DOCTYPE";
    if (!at_end && !rest.starts_with(kComment) && rest.size() < kCdata.size() &&
        (kCdata.starts_with(rest) || kDoctype.starts_with(rest) || kComment.starts_with(rest))) {
      return false;  // cannot tell which yet
    }
    if (rest.starts_with(kComment)) {
      const size_t end = FindEnd("-->", kComment.size());
      if (end == std::string_view::npos) {
        if (!at_end) return false;
        return Fail(offset, "unterminated comment");
      }
      pos_ = end;
      return true;
    }
    if (rest.starts_with(kCdata)) {
      const size_t end = FindEnd("]]>", kCdata.size());
      if (end == std::string_view::npos) {
        if (!at_end) return false;
        return Fail(offset, "unterminated CDATA section");
      }
      const size_t text_start = pos_ + kCdata.size();
      IPHUB_RETURN_IF_ERROR(EmitText(
          std::string_view(buffer_).substr(text_start, end - 3 - text_start), /*cdata=*/true));
      pos_ = end;
      return true;
    }
    if (rest.starts_with(kDoctype)) {
      // Up to the '>' outside quotes, the internal subset's brackets and comments.
      int brackets = 0;
      char quote = 0;
      for (size_t at = kDoctype.size(); at < rest.size() && at < kMaxDoctypeBytes; ++at) {
        const char c = rest[at];
        if (quote != 0) {
          if (c == quote) quote = 0;
        } else if (rest.substr(at).starts_with(kComment)) {
          const size_t close = rest.find("-->", at + kComment.size());
          if (close == std::string_view::npos) break;
          at = close + 2;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '[') {
          ++brackets;
        } else if (c == ']') {
          brackets = std::max(brackets - 1, 0);
        } else if (c == '>' && brackets == 0) {
          pos_ += at + 1;
          return true;
        }
      }
      if (!at_end && rest.size() < kMaxDoctypeBytes) return false;
      return Fail(offset, "unterminated DOCTYPE");
    }
    return Fail(offset, "unrecognised markup \"<!\"");
  }
  if (rest[1] == '/') {
    const size_t end = FindEnd(">", 2);
    if (end == std::string_view::npos) {
      if (!at_end) return false;
      return Fail(offset, "unterminated end tag");
    }
    std::string_view name = std::string_view(buffer_).substr(pos_ + 2, end - 1 - (pos_ + 2));
    while (!name.empty() && IsSpace(name.back())) name.remove_suffix(1);
    if (open_.empty()) {
      return Fail(offset, base::StrCat("end tag </", name, "> without a start tag"));
    }
    if (name != open_.back()) {
      return Fail(offset,
                  base::StrCat("end tag </", name, "> does not match <", open_.back(), ">"));
    }
    pos_ = end;
    // The name lives in open_ until popped: hand the handler a copy's view.
    text_.assign(name);
    open_.pop_back();
    has_content_.pop_back();
    IPHUB_RETURN_IF_ERROR(handler_.EndElement(text_));
    return true;
  }
  return ParseStartTag(at_end);
}

absl::StatusOr<bool> XmlStreamReader::ParseStartTag(bool at_end) {
  const std::string_view buffer = buffer_;
  const uint64_t offset = buffer_offset_ + pos_;
  size_t at = std::max(scan_, pos_ + 1);
  char quote = scan_ > pos_ ? tag_quote_ : 0;
  for (; at < buffer.size(); ++at) {
    const char c = buffer[at];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      break;
    }
  }
  if (at == buffer.size()) {
    if (!at_end) {
      scan_ = at;
      tag_quote_ = quote;
      return false;
    }
    return Fail(offset, "unterminated start tag");
  }
  const std::string_view tag = buffer.substr(pos_ + 1, at - pos_ - 1);
  if (tag.empty() || !IsNameStart(tag[0])) return Fail(offset, "unrecognised tag");
  size_t name_end = 0;
  while (name_end < tag.size() && !EndsName(tag[name_end])) ++name_end;
  if (name_end < tag.size() && !IsSpace(tag[name_end]) && tag[name_end] != '/') {
    return Fail(offset, "malformed start tag");
  }
  bool self_closing = false;
  const absl::Status attributes = ReadAttributes(tag, name_end, self_closing);
  if (!attributes.ok()) {
    return Fail(offset, base::StrCat("<", tag.substr(0, name_end), ">: ", attributes.message()));
  }
  const std::string_view name = tag.substr(0, name_end);
  if (!open_.empty()) has_content_.back() = 1;
  seen_root_ = true;
  open_.emplace_back(name);
  has_content_.push_back(0);
  pos_ = at + 1;
  IPHUB_RETURN_IF_ERROR(handler_.StartElement(open_.back(), attributes_));
  if (self_closing) {
    text_.assign(open_.back());
    open_.pop_back();
    has_content_.pop_back();
    IPHUB_RETURN_IF_ERROR(handler_.EndElement(text_));
  }
  return true;
}

// Reads `name="value"` pairs (single or double quotes, whitespace between
// them) and a closing "/" into attributes_. The message of an error says what
// is wrong.
absl::Status XmlStreamReader::ReadAttributes(std::string_view tag, size_t pos, bool& self_closing) {
  attributes_.count_ = 0;
  while (true) {
    const size_t before_space = pos;
    while (pos < tag.size() && IsSpace(tag[pos])) ++pos;
    if (pos == tag.size()) return absl::OkStatus();
    if (tag[pos] == '/') {
      if (pos + 1 != tag.size()) return absl::InvalidArgumentError("text after \"/\"");
      self_closing = true;
      return absl::OkStatus();
    }
    if (pos == before_space && attributes_.count_ > 0) {
      return absl::InvalidArgumentError("no space between attributes");
    }
    if (!IsNameStart(tag[pos])) return absl::InvalidArgumentError("malformed attribute name");
    const size_t name_start = pos;
    while (pos < tag.size() && !EndsName(tag[pos])) ++pos;
    const std::string_view name = tag.substr(name_start, pos - name_start);
    while (pos < tag.size() && IsSpace(tag[pos])) ++pos;
    if (pos == tag.size() || tag[pos] != '=') {
      return absl::InvalidArgumentError(base::StrCat("attribute ", name, " has no value"));
    }
    ++pos;
    while (pos < tag.size() && IsSpace(tag[pos])) ++pos;
    if (pos == tag.size() || (tag[pos] != '"' && tag[pos] != '\'')) {
      return absl::InvalidArgumentError(base::StrCat("attribute ", name, " has no quoted value"));
    }
    const size_t close = tag.find(tag[pos], pos + 1);
    if (close == std::string_view::npos) {
      return absl::InvalidArgumentError(base::StrCat("attribute ", name, ": unclosed quote"));
    }
    if (attributes_.attributes_.size() <= attributes_.count_) {
      attributes_.attributes_.emplace_back();
    }
    auto& [slot_name, slot_value] = attributes_.attributes_[attributes_.count_++];
    slot_name = name;
    DecodeCharacterData(tag.substr(pos + 1, close - pos - 1), /*cdata=*/false,
                        /*attribute=*/true, slot_value);
    pos = close + 1;
  }
}

}  // namespace iphub::patents::importers::internal
