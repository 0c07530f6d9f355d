#include "iphub/base/pdf.h"

#include <cstdint>
#include <cstdio>
#include <string_view>

#include "iphub/base/strings.h"
#include "iphub/base/utf8.h"

namespace iphub::base {
namespace {

// A4 in points, and the margins.
constexpr double kPageWidth = 595.28;
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 64;
constexpr double kFooterY = 36;
constexpr double kLineFactor = 1.5;  // line height as a multiple of the font size

// A paragraph's code points, BMP only: what the UCS-2 CMap can say.
std::vector<uint16_t> Ucs2(std::string_view text) {
  std::vector<uint16_t> out;
  for (size_t pos = 0; pos < text.size();) {
    const int32_t code = NextCodePoint(text, pos);
    if (code == '\n' || code == '\t') {
      out.push_back(code == '\n' ? '\n' : ' ');
    } else if (code < 0x20 || code == 0x7F || code > 0xFFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      out.push_back('?');
    } else {
      out.push_back(static_cast<uint16_t>(code));
    }
  }
  return out;
}

// Width in em: ASCII ½ (the /W entry below says so to the reader), everything else 1.
double Width(uint16_t code) { return code < 0x80 ? 0.5 : 1.0; }

bool BreaksAfter(uint16_t code) { return code == ' ' || code >= 0x2E80; }

// The paragraph cut into lines that fit `width_em`: breaks at a space or after a
// wide character, a long Latin word cut where it must be.
std::vector<std::vector<uint16_t>> Wrap(const std::vector<uint16_t>& text, double width_em) {
  std::vector<std::vector<uint16_t>> lines(1);
  double used = 0;
  size_t last_break = 0;  // index in the current line after which it may break; 0: none
  for (uint16_t code : text) {
    std::vector<uint16_t>* line = &lines.back();
    if (code == '\n') {
      lines.emplace_back();
      used = 0;
      last_break = 0;
      continue;
    }
    if (used + Width(code) > width_em && !line->empty()) {
      std::vector<uint16_t> carried;
      if (last_break > 0 && code != ' ') {
        carried.assign(line->begin() + static_cast<std::ptrdiff_t>(last_break), line->end());
        line->resize(last_break);
      }
      while (!line->empty() && line->back() == ' ') line->pop_back();
      lines.push_back(std::move(carried));
      line = &lines.back();
      used = 0;
      for (uint16_t carried_code : *line) used += Width(carried_code);
      last_break = 0;
      if (code == ' ') continue;  // no space at the start of a line
    }
    line->push_back(code);
    used += Width(code);
    if (BreaksAfter(code)) last_break = line->size();
  }
  return lines;
}

std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

std::string Hex(const std::vector<uint16_t>& codes) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out = "<";
  for (uint16_t code : codes) {
    for (int shift = 12; shift >= 0; shift -= 4) out += kDigits[(code >> shift) & 0xF];
  }
  out += ">";
  return out;
}

// A text string (PDF 32000-1 §7.9.2.2) in UTF-16BE with its byte order mark.
std::string TextString(std::string_view text) {
  std::vector<uint16_t> codes{0xFEFF};
  for (uint16_t code : Ucs2(text)) codes.push_back(code == '\n' ? ' ' : code);
  return Hex(codes);
}

struct Page {
  std::string content;  // the content stream
};

// Writes the numbered objects one after another and remembers where each begins.
class Writer {
 public:
  Writer() { out_ = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"; }

  // Reserves the next object number.
  int Reserve() {
    offsets_.push_back(0);
    return static_cast<int>(offsets_.size());
  }
  void Object(int number, std::string_view body) {
    offsets_[static_cast<size_t>(number - 1)] = out_.size();
    StrAppend(&out_, number, " 0 obj\n", body, "\nendobj\n");
  }
  void Stream(int number, std::string_view data) {
    Object(number, StrCat("<< /Length ", data.size(), " >>\nstream\n", data, "\nendstream"));
  }
  std::string Finish(int root, int info) {
    const size_t xref = out_.size();
    StrAppend(&out_, "xref\n0 ", offsets_.size() + 1, "\n0000000000 65535 f \n");
    for (size_t offset : offsets_) {
      char entry[24];
      std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
      out_ += entry;
    }
    StrAppend(&out_, "trailer\n<< /Size ", offsets_.size() + 1, " /Root ", root, " 0 R /Info ",
              info, " 0 R >>\nstartxref\n", xref, "\n%%EOF\n");
    return std::move(out_);
  }

 private:
  std::string out_;
  std::vector<size_t> offsets_;
};

}  // namespace

std::string RenderPdf(const PdfDocument& document) {
  // Lay out: each line at its baseline, a new page when the next would fall below the margin.
  std::vector<Page> pages(1);
  const double width = kPageWidth - 2 * kMargin;
  double y = kPageHeight - kMargin;
  for (const PdfParagraph& paragraph : document.paragraphs) {
    const double size = paragraph.size > 4 && paragraph.size < 72 ? paragraph.size : 11;
    const double leading = size * kLineFactor;
    for (std::vector<uint16_t>& line : Wrap(Ucs2(paragraph.text), width / size)) {
      while (!line.empty() && line.back() == ' ') line.pop_back();
      if (y - size < kMargin) {
        pages.emplace_back();
        y = kPageHeight - kMargin;
      }
      y -= size;
      if (!line.empty()) {
        double line_width = 0;
        for (uint16_t code : line) line_width += Width(code) * size;
        const double x = paragraph.centered ? kMargin + (width - line_width) / 2 : kMargin;
        StrAppend(&pages.back().content, "BT /F1 ", Number(size), " Tf ", Number(x), " ", Number(y),
                  " Td ", Hex(line), " Tj ET\n");
      }
      y -= leading - size;
    }
    y -= paragraph.space_after;
  }
  // The page numbers: "- 1 / 3 -" centred at the foot.
  for (size_t index = 0; index < pages.size(); ++index) {
    const std::string footer = StrCat("- ", index + 1, " / ", pages.size(), " -");
    const double x = (kPageWidth - 0.5 * 9 * static_cast<double>(footer.size())) / 2;
    StrAppend(&pages[index].content, "BT /F1 9 Tf ", Number(x), " ", Number(kFooterY), " Td ",
              Hex(Ucs2(footer)), " Tj ET\n");
  }

  Writer writer;
  const int catalog = writer.Reserve();
  const int page_tree = writer.Reserve();
  const int font = writer.Reserve();
  const int descendant = writer.Reserve();
  const int descriptor = writer.Reserve();
  const int info = writer.Reserve();
  std::vector<int> page_objects;
  std::string kids;
  for (size_t index = 0; index < pages.size(); ++index) {
    page_objects.push_back(writer.Reserve());
    writer.Reserve();  // its content stream, the next number
    StrAppend(&kids, index == 0 ? "" : " ", page_objects.back(), " 0 R");
  }
  writer.Object(catalog, StrCat("<< /Type /Catalog /Pages ", page_tree, " 0 R >>"));
  writer.Object(page_tree,
                StrCat("<< /Type /Pages /Kids [", kids, "] /Count ", pages.size(),
                       " /MediaBox [0 0 ", Number(kPageWidth), " ", Number(kPageHeight), "] >>"));
  writer.Object(font, StrCat("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light "
                             "/Encoding /UniGB-UCS2-H /DescendantFonts [",
                             descendant, " 0 R] >>"));
  // Adobe-GB1: CIDs 1–95 are the proportional Latin, 814–907 half-width Latin;
  // 500/1000 em for those and the font's default 1000 for the rest.
  writer.Object(descendant,
                StrCat("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
                       "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
                       "/FontDescriptor ",
                       descriptor, " 0 R /DW 1000 /W [1 95 500 814 907 500] >>"));
  writer.Object(descriptor,
                "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
                "/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 "
                "/Descent -120 /CapHeight 880 /StemV 93 >>");
  writer.Object(info, StrCat("<< /Title ", TextString(document.title), " /Producer (iphub) >>"));
  for (size_t index = 0; index < pages.size(); ++index) {
    const int page = page_objects[index];
    writer.Object(page, StrCat("<< /Type /Page /Parent ", page_tree,
                               " 0 R /Resources << /Font "
                               "<< /F1 ",
                               font, " 0 R >> >> /Contents ", page + 1, " 0 R >>"));
    writer.Stream(page + 1, pages[index].content);
  }
  return writer.Finish(catalog, info);
}

}  // namespace iphub::base
