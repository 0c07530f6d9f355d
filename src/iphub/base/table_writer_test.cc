#include "iphub/base/table_writer.h"

#include <zlib.h>

#include <cstring>

#include "gtest/gtest.h"

namespace iphub::base {
namespace {

TEST(TableWriter, CsvQuotesEveryCellAndDefusesFormulas) {
  auto writer = TableWriter::Create(TableFormat::kCsv, "x");
  writer->AddRow({"公开(公告)号", "名称"});
  writer->AddRow({"CN1", "say \"hi\", then\nleave"});
  writer->AddRow({"=1+1", "-2", "@sum", "+3", ""});
  writer->Finish();
  EXPECT_EQ(writer->TakeOutput(),
            "\xEF\xBB\xBF\"公开(公告)号\",\"名称\"\r\n"
            "\"CN1\",\"say \"\"hi\"\", then\nleave\"\r\n"
            "\"'=1+1\",\"'-2\",\"'@sum\",\"'+3\",\"\"\r\n");
}

uint32_t Read32(const std::string& bytes, size_t at) {
  uint32_t value = 0;
  std::memcpy(&value, bytes.data() + at, 4);
  return value;
}

// Walks the central directory and inflates `name`.
std::string Entry(const std::string& zip, std::string_view name) {
  const size_t end = zip.rfind(std::string("PK\x05\x06", 4));
  if (end == std::string::npos) return "<no end record>";
  size_t at = Read32(zip, end + 16);
  const uint16_t entries = static_cast<uint16_t>(Read32(zip, end + 10) & 0xffff);
  for (uint16_t entry = 0; entry < entries; ++entry) {
    if (Read32(zip, at) != 0x02014b50) return "<bad directory>";
    const uint32_t compressed = Read32(zip, at + 20), raw = Read32(zip, at + 24);
    const uint16_t name_length = static_cast<uint16_t>(Read32(zip, at + 28) & 0xffff);
    const uint32_t local = Read32(zip, at + 42);
    const std::string entry_name = zip.substr(at + 46, name_length);
    at += 46 + name_length;
    if (entry_name != name) continue;
    const uint16_t local_name = static_cast<uint16_t>(Read32(zip, local + 26) & 0xffff);
    const size_t data = local + 30 + local_name;
    std::string out(raw, '\0');
    z_stream stream{};
    inflateInit2(&stream, -15);
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zip.data() + data));
    stream.avail_in = compressed;
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = raw;
    const int rc = inflate(&stream, Z_FINISH);
    inflateEnd(&stream);
    if (rc != Z_STREAM_END) return "<inflate failed>";
    if (crc32(0, reinterpret_cast<const Bytef*>(out.data()), raw) !=
        Read32(zip, at - 46 - name_length + 16)) {
      return "<crc mismatch>";
    }
    return out;
  }
  return "<missing>";
}

TEST(TableWriter, XlsxIsAZipOfSpreadsheetMlWithInlineStrings) {
  auto writer = TableWriter::Create(TableFormat::kXlsx, "专利 <list>");
  std::string streamed;
  writer->AddRow({"号", "名称"});
  streamed += writer->TakeOutput();
  writer->AddRow({"CN1", "a < b & \"c\"\x01"});
  writer->AddRow({"", "=SUM(A1)"});
  streamed += writer->TakeOutput();
  writer->Finish();
  streamed += writer->TakeOutput();
  ASSERT_EQ(streamed.substr(0, 4), std::string("PK\x03\x04", 4));
  const std::string sheet = Entry(streamed, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t xml:space=\"preserve\">号"),
            std::string::npos)
      << sheet;
  EXPECT_NE(sheet.find("a &lt; b &amp; &quot;c&quot;</t>"), std::string::npos) << sheet;
  // An empty cell is left out; a formula-like text stays a string.
  EXPECT_NE(
      sheet.find("<row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t xml:space=\"preserve\">=SUM(A1)"),
      std::string::npos)
      << sheet;
  EXPECT_NE(Entry(streamed, "xl/workbook.xml").find("name=\"专利 &lt;list&gt;\""),
            std::string::npos);
  EXPECT_NE(Entry(streamed, "[Content_Types].xml").find("worksheet+xml"), std::string::npos);
}

TEST(TableWriter, XlsxSheetsAreListedInTheWorkbookInOrder) {
  auto writer = TableWriter::Create(TableFormat::kXlsx, "趋势");
  writer->AddRow({"年", "申请"});
  writer->AddSheet("申请人");
  writer->AddRow({"华为"});
  writer->AddRow({"中兴"});
  writer->AddSheet("申请人");  // the same name again
  writer->AddSheet(std::string(40, 'x'));
  writer->Finish();
  const std::string file = writer->TakeOutput();
  EXPECT_NE(Entry(file, "xl/worksheets/sheet1.xml").find(">年<"), std::string::npos);
  const std::string second = Entry(file, "xl/worksheets/sheet2.xml");
  EXPECT_NE(second.find("<row r=\"2\"><c r=\"A2\""), std::string::npos) << second;
  EXPECT_NE(second.find(">中兴<"), std::string::npos);
  EXPECT_NE(Entry(file, "xl/worksheets/sheet3.xml").find("<sheetData></sheetData>"),
            std::string::npos);
  const std::string workbook = Entry(file, "xl/workbook.xml");
  EXPECT_NE(workbook.find("<sheet name=\"趋势\" sheetId=\"1\" r:id=\"rId1\"/>"
                          "<sheet name=\"申请人\" sheetId=\"2\" r:id=\"rId2\"/>"
                          "<sheet name=\"申请人 3\" sheetId=\"3\""),
            std::string::npos)
      << workbook;
  EXPECT_NE(workbook.find("name=\"" + std::string(31, 'x') + "\""), std::string::npos);
  const std::string relations = Entry(file, "xl/_rels/workbook.xml.rels");
  EXPECT_NE(relations.find("Id=\"rId4\""), std::string::npos);
  EXPECT_NE(relations.find("worksheets/sheet4.xml"), std::string::npos);
  EXPECT_NE(Entry(file, "[Content_Types].xml").find("/xl/worksheets/sheet4.xml"),
            std::string::npos);

  auto csv = TableWriter::Create(TableFormat::kCsv, "");
  csv->AddRow({"a"});
  csv->AddSheet("b");
  csv->AddRow({"c"});
  EXPECT_EQ(csv->TakeOutput(), "\xEF\xBB\xBF\"a\"\r\n\r\n\"b\"\r\n\"c\"\r\n");
}

TEST(TableWriter, ManyColumnsGetLettersBeyondZ) {
  auto writer = TableWriter::Create(TableFormat::kXlsx, "s");
  writer->AddRow(std::vector<std::string>(28, "v"));
  writer->Finish();
  const std::string sheet = Entry(writer->TakeOutput(), "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("r=\"Z1\""), std::string::npos);
  EXPECT_NE(sheet.find("r=\"AA1\""), std::string::npos);
  EXPECT_NE(sheet.find("r=\"AB1\""), std::string::npos);
}

}  // namespace
}  // namespace iphub::base
