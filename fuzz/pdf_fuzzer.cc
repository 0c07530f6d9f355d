// Fuzzes base::RenderPdf (contracts carry text the parties typed) with arbitrary
// bytes: the first byte sets the font size, the rest is cut into paragraphs at
// NUL bytes. Must never crash or hit UB. Traps unless the file is well formed —
// "%PDF-1.7" first, "%%EOF" last, every cross-reference entry pointing at its
// "N 0 obj", /Count equal to the pages written — and no character is lost: the
// characters shown (page numbers aside), spaces left out, are those of the
// paragraphs with invalid UTF-8, control characters and characters beyond the
// BMP as "?".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "iphub/base/pdf.h"
#include "iphub/base/utf8.h"

namespace base = iphub::base;

namespace {

// The code units a paragraph should show, spaces and line breaks left out.
std::vector<uint16_t> Expected(std::string_view text) {
  std::vector<uint16_t> out;
  for (size_t pos = 0; pos < text.size();) {
    const int32_t code = base::NextCodePoint(text, pos);
    if (code == ' ' || code == '\n' || code == '\t') continue;
    const bool bad = code < 0x20 || code == 0x7F || code > 0xFFFF;
    out.push_back(bad ? '?' : static_cast<uint16_t>(code));
  }
  return out;
}

size_t Count(const std::string& text, std::string_view what) {
  size_t count = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  base::PdfDocument document{.title = "fuzz"};
  const double font_size = 6 + data[0] % 20;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<uint16_t> expected;
  while (true) {
    const size_t end = rest.find('\0');
    const std::string_view text = rest.substr(0, end);
    document.paragraphs.push_back({.text = std::string(text), .size = font_size});
    for (uint16_t code : Expected(text)) expected.push_back(code);
    if (end == std::string_view::npos) break;
    rest = rest.substr(end + 1);
  }
  const std::string pdf = base::RenderPdf(document);
  if (pdf.rfind("%PDF-1.7\n", 0) != 0) std::abort();
  if (pdf.size() < 6 || pdf.compare(pdf.size() - 6, 6, "%%EOF\n") != 0) std::abort();

  // The cross-reference table.
  const size_t startxref = pdf.rfind("startxref\n");
  if (startxref == std::string::npos) std::abort();
  const size_t xref = std::strtoull(pdf.c_str() + startxref + 10, nullptr, 10);
  if (pdf.compare(xref, 7, "xref\n0 ") != 0) std::abort();
  const long objects = std::strtol(pdf.c_str() + xref + 7, nullptr, 10);
  const size_t first = pdf.find('\n', xref + 7) + 1 + 20;
  for (long number = 1; number < objects; ++number) {
    const size_t offset =
        std::strtoull(pdf.c_str() + first + static_cast<size_t>(number - 1) * 20, nullptr, 10);
    const std::string header = std::to_string(number) + " 0 obj\n";
    if (pdf.compare(offset, header.size(), header) != 0) std::abort();
  }
  const size_t pages = Count(pdf, "/Type /Page ");
  if (pages == 0 || pdf.find("/Count " + std::to_string(pages) + " ") == std::string::npos) {
    std::abort();
  }

  // The characters shown: every "<hex> Tj" but the page numbers, drawn at the foot (y 36,
  // below the bottom margin that text never crosses).
  std::vector<uint16_t> shown;
  for (size_t at = pdf.find("> Tj"); at != std::string::npos; at = pdf.find("> Tj", at + 1)) {
    const size_t open = pdf.rfind('<', at);
    std::vector<uint16_t> line;
    for (size_t hex = open + 1; hex + 4 <= at; hex += 4) {
      line.push_back(static_cast<uint16_t>(std::strtoul(pdf.substr(hex, 4).c_str(), nullptr, 16)));
    }
    if (pdf.compare(open - 10, 10, " 36.00 Td ") == 0) continue;
    for (uint16_t code : line) {
      if (code != ' ') shown.push_back(code);
    }
  }
  if (shown != expected) std::abort();
  return 0;
}
