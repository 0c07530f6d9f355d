#include "iphub/base/pdf.h"

#include <cstdlib>
#include <regex>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iphub/base/utf8.h"

namespace iphub::base {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// The text of every "<hex> Tj" in the file, decoded from UCS-2, one string per shown line.
std::vector<std::string> ShownLines(const std::string& pdf) {
  std::vector<std::string> lines;
  static const std::regex kShow("<([0-9A-F]*)> Tj");
  for (auto it = std::sregex_iterator(pdf.begin(), pdf.end(), kShow); it != std::sregex_iterator();
       ++it) {
    const std::string hex = (*it)[1];
    std::string line;
    for (size_t at = 0; at + 4 <= hex.size(); at += 4) {
      AppendCodePoint(line,
                      static_cast<int32_t>(std::strtol(hex.substr(at, 4).c_str(), nullptr, 16)));
    }
    lines.push_back(line);
  }
  return lines;
}

size_t Count(const std::string& text, const std::string& what) {
  size_t count = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

TEST(PdfTest, WritesAWellFormedFileWhoseCrossReferencePointsAtEachObject) {
  const std::string pdf =
      RenderPdf({.title = "专利实施许可合同", .paragraphs = {{.text = "甲方：青岛海滨理工大学"}}});
  EXPECT_THAT(pdf, StartsWith("%PDF-1.7\n"));
  EXPECT_THAT(pdf, ::testing::EndsWith("%%EOF\n"));
  const size_t startxref = pdf.rfind("startxref\n");
  ASSERT_NE(startxref, std::string::npos);
  const size_t xref = std::stoul(pdf.substr(startxref + 10));
  ASSERT_EQ(pdf.compare(xref, 5, "xref\n"), 0);
  // "xref\n0 N\n", the free entry, then one 20-byte entry per object, each pointing at "k 0 obj".
  const size_t count_at = xref + 7;
  const int objects = std::stoi(pdf.substr(count_at));
  const size_t first = pdf.find('\n', count_at) + 1 + 20;
  for (int number = 1; number < objects; ++number) {
    const size_t offset = std::stoul(pdf.substr(first + static_cast<size_t>(number - 1) * 20, 10));
    EXPECT_EQ(
        pdf.compare(offset, std::to_string(number).size() + 6, std::to_string(number) + " 0 obj"),
        0)
        << "object " << number;
  }
  EXPECT_THAT(pdf, HasSubstr("/BaseFont /STSong-Light"));
  EXPECT_THAT(pdf, HasSubstr("/Encoding /UniGB-UCS2-H"));
  // The title in UTF-16BE with its byte order mark: 专 is U+4E13.
  EXPECT_THAT(pdf, HasSubstr("/Title <FEFF4E13"));
  EXPECT_EQ(Count(pdf, "/Type /Page "), 1u);
  EXPECT_THAT(ShownLines(pdf), ::testing::ElementsAre("甲方：青岛海滨理工大学", "- 1 / 1 -"));
}

TEST(PdfTest, WrapsLongParagraphsWithinTheMarginWithoutLosingACharacter) {
  std::string chinese;
  for (int i = 0; i < 40; ++i) chinese += "专利权人许可被许可人实施";  // 480 wide characters
  std::string english;
  for (int i = 0; i < 60; ++i) english += "licence ";
  const std::string pdf = RenderPdf({.paragraphs = {{.text = chinese}, {.text = english}}});
  std::vector<std::string> lines = ShownLines(pdf);
  lines.pop_back();  // the page number
  std::string joined_chinese;
  std::string joined_english;
  size_t longest_chinese = 0;
  for (const std::string& line : lines) {
    if (line.rfind("licence", 0) == 0) {
      EXPECT_LE(line.size(), 2 * 42u) << line;  // ½ em each, 42 em of room at 11 pt
      EXPECT_NE(line.back(), ' ');
      joined_english += line + " ";
    } else {
      longest_chinese = std::max(longest_chinese, line.size() / 3);
      joined_chinese += line;
    }
  }
  EXPECT_EQ(joined_chinese, chinese);
  EXPECT_EQ(joined_english, english);
  EXPECT_GT(longest_chinese, 30u);  // lines are filled, not cut short
  EXPECT_LE(longest_chinese, 42u);  // and stay inside the 467-point measure
}

TEST(PdfTest, StartsANewPageWhenThePageIsFullAndNumbersThem) {
  PdfDocument document{.title = "long"};
  for (int i = 0; i < 120; ++i)
    document.paragraphs.push_back({.text = "第 " + std::to_string(i) + " 条"});
  const std::string pdf = RenderPdf(document);
  const size_t pages = Count(pdf, "/Type /Page ");
  EXPECT_GE(pages, 3u);
  EXPECT_THAT(pdf, HasSubstr("/Count " + std::to_string(pages)));
  const std::vector<std::string> lines = ShownLines(pdf);
  EXPECT_NE(std::find(lines.begin(), lines.end(),
                      "- " + std::to_string(pages) + " / " + std::to_string(pages) + " -"),
            lines.end());
  EXPECT_NE(std::find(lines.begin(), lines.end(), "第 119 条"), lines.end());
}

TEST(PdfTest, ReplacesWhatTheFontCannotSayAndNeverFails) {
  const std::string pdf = RenderPdf({.paragraphs = {{.text = "a\x01"
                                                             "b\xFF"
                                                             "c\xF0\x9F\x98\x80"
                                                             "d"}}});
  EXPECT_EQ(ShownLines(pdf).front(), "a?b?c?d");
  EXPECT_THAT(RenderPdf({}), HasSubstr("/Count 1"));
}

}  // namespace
}  // namespace iphub::base
