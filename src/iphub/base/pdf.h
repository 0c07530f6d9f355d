// A small PDF writer for documents of plain paragraphs in Chinese and English:
// contracts, notices, letters. No layout engine, no images: A4 pages, paragraphs
// wrapped at the right margin, a page number at the foot of each page.
//
//   PdfDocument doc{.title = "专利实施许可合同"};
//   doc.paragraphs.push_back({.text = "专利实施许可合同", .size = 16, .centered = true});
//   doc.paragraphs.push_back({.text = "第一条 …"});
//   std::string bytes = RenderPdf(doc);   // a complete PDF file
//
// Text is set in the Adobe-GB1 font STSong-Light through the UniGB-UCS2-H CMap
// (PDF 32000-1:2008 §9.7.5.2, the predefined CJK CMaps): the font is named, not
// embedded, and every PDF reader supplies a Song face for it, so the file stays
// small and needs no font file here. Characters outside the Basic Multilingual
// Plane, and control characters, are written as "?" ("\n" in a paragraph starts
// a new line). Widths: ASCII ½ em, every other character 1 em, declared in the
// font's /W array so that what is wrapped here is what the reader draws.
#pragma once

#include <string>
#include <vector>

namespace iphub::base {

struct PdfParagraph {
  std::string text{};      // UTF-8
  double size = 11;        // points
  bool centered = false;   // each line centred, else left-aligned
  double space_after = 6;  // points below the paragraph
};

struct PdfDocument {
  std::string title{};  // the document information's /Title (readers show it)
  std::vector<PdfParagraph> paragraphs{};
};

// The bytes of a PDF 1.7 file with the paragraphs laid out on as many A4 pages as
// they need (at least one). Invalid UTF-8 is written as "?" and never fails.
std::string RenderPdf(const PdfDocument& document);

}  // namespace iphub::base
