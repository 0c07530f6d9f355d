// A streaming (push, "SAX") XML reader for the parts of an XLSX workbook that
// may be too large to hold as a DOM: the worksheets and the shared strings.
// The text arrives in pieces of any size (as it is inflated); each start tag,
// end tag and run of character data is handed to an XmlHandler as soon as it
// is complete, so memory is one piece, the open elements' names and the
// longest tag or text run, whatever the part's size.
//
//   class Rows : public XmlHandler { … };      // StartElement, EndElement, Text
//   Rows rows;
//   XmlStreamReader reader(rows);
//   for (std::string_view piece : pieces) IPHUB_RETURN_IF_ERROR(reader.Feed(piece));
//   IPHUB_RETURN_IF_ERROR(reader.Finish());
//
// What the handler sees is what pugixml gives with the options the importer
// uses for its small parts (parse_default | parse_ws_pcdata_single), so the
// two read a cell alike:
//   - character references and the five predefined entities are decoded; any
//     other `&name;` is kept as written (no DTD is read, nothing expanded);
//   - line ends in text and CDATA become "\n"; tab, CR and LF in attribute
//     values become spaces;
//   - a run of whitespace between tags is dropped, except when it is the only
//     content of its element (`<t> </t>`: what follows it is the end tag and
//     the element has had no other content);
//   - CDATA sections are text; comments, processing instructions, the XML
//     declaration and DOCTYPE (with its internal subset) are skipped; text
//     outside the root element is ignored.
// Input must be UTF-8 (decode other encodings first: text_decoder.h); bytes
// are not validated.
//
// Errors: InvalidArgument "malformed XML at byte offset N: …" for an end tag
// that does not match, an unterminated tag, comment, CDATA section or
// processing instruction, a malformed attribute, markup that is no XML, no
// root element, or elements still open at the end; N counts from the first
// byte fed. What was handed to the handler before the error stays handed. A
// non-OK status from the handler stops the read and is returned as is. After
// an error every call returns it again.
//
// Not thread-safe; one reader per stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace iphub::patents::importers::internal {

// The attributes of a start tag, names as written ("r", "xml:space"), values
// decoded. Valid during the StartElement call only.
class XmlAttributes {
 public:
  // The value of the first attribute named exactly `name`, if any.
  std::optional<std::string_view> Find(std::string_view name) const {
    for (size_t idx = 0; idx < count_; ++idx) {
      if (attributes_[idx].first == name) return attributes_[idx].second;
    }
    return std::nullopt;
  }
  size_t size() const { return count_; }

 private:
  friend class XmlStreamReader;
  std::vector<std::pair<std::string_view, std::string>> attributes_;
  size_t count_ = 0;  // in use; the vector keeps its strings' memory for the next tag
};

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  // `name` as written, prefix included ("x:row"). An empty element
  // (`<c/>`) gets StartElement and EndElement.
  virtual absl::Status StartElement(std::string_view name, const XmlAttributes& attributes) = 0;
  virtual absl::Status EndElement(std::string_view name) = 0;
  // Character data inside the current element (the innermost open one): a run
  // of text between two tags or one CDATA section; an element's text may come
  // in several runs (around comments or CDATA).
  virtual absl::Status Text(std::string_view text) = 0;
};

class XmlStreamReader {
 public:
  // `handler` must outlive the reader.
  explicit XmlStreamReader(XmlHandler& handler) : handler_(handler) {}

  // Reads the next piece of the document.
  absl::Status Feed(std::string_view piece);
  // The end of the document: reads what was held back and checks that every
  // element was closed.
  absl::Status Finish();

  // Open elements (1 inside the root element).
  size_t depth() const { return open_.size(); }
  // Whether the error returned was the document's (malformed XML), not the
  // handler's.
  bool malformed() const { return malformed_; }

 private:
  // Reads the complete tokens in buffer_ from pos_; at the end of the input
  // (`at_end`) the last one must be complete.
  absl::Status Parse(bool at_end);
  // One token at pos_: false (OK) when it is not complete yet.
  absl::StatusOr<bool> ParseText(bool at_end);
  absl::StatusOr<bool> ParseMarkup(bool at_end);
  absl::StatusOr<bool> ParseStartTag(bool at_end);
  absl::Status ReadAttributes(std::string_view tag, size_t pos, bool& self_closing);
  // Where `terminator` ends after pos_ + skip (scan_ remembers how far the
  // last call looked); npos when not in the buffer yet.
  size_t FindEnd(std::string_view terminator, size_t skip);
  absl::Status EmitText(std::string_view raw, bool cdata);
  absl::Status Fail(uint64_t offset, std::string_view what);

  XmlHandler& handler_;
  std::string buffer_;             // input not yet read
  size_t pos_ = 0;                 // in buffer_: the start of the next token
  size_t scan_ = 0;                // in buffer_: how far the pending token was searched
  char tag_quote_ = 0;             // the open quote at scan_, for a pending start tag
  uint64_t buffer_offset_ = 0;     // of buffer_[0] in the document
  std::vector<std::string> open_;  // names of the open elements
  std::vector<char> has_content_;  // per open element: a child or text seen
  bool seen_root_ = false;
  bool malformed_ = false;
  XmlAttributes attributes_;
  std::string text_;
  absl::Status error_ = absl::OkStatus();
};

}  // namespace iphub::patents::importers::internal
