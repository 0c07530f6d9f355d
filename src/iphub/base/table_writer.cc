#include "iphub/base/table_writer.h"

#include <zlib.h>

#include <cstdint>
#include <cstring>

namespace iphub::base {
namespace {

bool LooksLikeFormula(std::string_view cell) {
  return !cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@');
}

// Drops bytes XML 1.0 forbids (C0 controls but tab, LF, CR) and escapes markup.
void AppendXmlText(std::string& out, std::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
}

class CsvWriter final : public TableWriter {
 public:
  CsvWriter() { output_ = "\xEF\xBB\xBF"; }
  void AddRow(const std::vector<std::string>& cells) override {
    for (size_t at = 0; at < cells.size(); ++at) {
      if (at > 0) output_ += ',';
      std::string_view cell = cells[at];
      output_ += '"';
      if (LooksLikeFormula(cell)) output_ += '\'';
      for (char c : cell) {
        if (c == '"') output_ += '"';
        output_ += c;
      }
      output_ += '"';
    }
    output_ += "\r\n";
  }
  // A CSV file has one table: later sheets follow after a blank line and their name.
  void AddSheet(std::string_view name) override {
    AddRow({});
    AddRow({std::string(name)});
  }
  void Finish() override {}
};

void Put16(std::string& out, uint16_t value) {
  out += static_cast<char>(value & 0xff);
  out += static_cast<char>(value >> 8);
}
void Put32(std::string& out, uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) out += static_cast<char>((value >> shift) & 0xff);
}

// A zip archive written front to back: each entry's local header carries no
// sizes (flag bit 3); a data descriptor follows its deflated data.
class ZipStreamWriter {
 public:
  explicit ZipStreamWriter(std::string& out) : out_(out) {}
  ~ZipStreamWriter() {
    if (open_) deflateEnd(&zstream_);
  }

  void Begin(std::string_view name) {
    Entry entry;
    entry.name = std::string(name);
    entry.offset = emitted_;
    entries_.push_back(entry);
    std::string header;
    Put32(header, 0x04034b50);
    Put16(header, 20);      // version needed
    Put16(header, 0x0808);  // data descriptor; names in UTF-8
    Put16(header, 8);       // deflate
    Put16(header, 0);       // time
    Put16(header, 0x21);    // date 1980-01-01
    Put32(header, 0);       // crc, sizes: in the descriptor
    Put32(header, 0);
    Put32(header, 0);
    Put16(header, static_cast<uint16_t>(name.size()));
    Put16(header, 0);
    header += name;
    Emit(header);
    std::memset(&zstream_, 0, sizeof zstream_);
    deflateInit2(&zstream_, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    open_ = true;
    crc_ = crc32(0, nullptr, 0);
    raw_size_ = 0;
    compressed_size_ = 0;
  }

  void Write(std::string_view data) {
    crc_ = crc32_z(crc_, reinterpret_cast<const Bytef*>(data.data()), data.size());
    raw_size_ += data.size();
    Deflate(data, Z_NO_FLUSH);
  }

  void End() {
    Deflate({}, Z_FINISH);
    deflateEnd(&zstream_);
    open_ = false;
    Entry& entry = entries_.back();
    entry.crc = static_cast<uint32_t>(crc_);
    entry.compressed = static_cast<uint32_t>(compressed_size_);
    entry.raw = static_cast<uint32_t>(raw_size_);
    std::string descriptor;
    Put32(descriptor, 0x08074b50);
    Put32(descriptor, entry.crc);
    Put32(descriptor, entry.compressed);
    Put32(descriptor, entry.raw);
    Emit(descriptor);
  }

  void Close() {
    const uint64_t directory_offset = Offset();
    std::string directory;
    for (const Entry& entry : entries_) {
      Put32(directory, 0x02014b50);
      Put16(directory, 20);  // made by
      Put16(directory, 20);
      Put16(directory, 0x0808);
      Put16(directory, 8);
      Put16(directory, 0);
      Put16(directory, 0x21);
      Put32(directory, entry.crc);
      Put32(directory, entry.compressed);
      Put32(directory, entry.raw);
      Put16(directory, static_cast<uint16_t>(entry.name.size()));
      Put16(directory, 0);
      Put16(directory, 0);
      Put16(directory, 0);
      Put16(directory, 0);
      Put32(directory, 0);
      Put32(directory, static_cast<uint32_t>(entry.offset));
      directory += entry.name;
    }
    Emit(directory);
    std::string end;
    Put32(end, 0x06054b50);
    Put16(end, 0);
    Put16(end, 0);
    Put16(end, static_cast<uint16_t>(entries_.size()));
    Put16(end, static_cast<uint16_t>(entries_.size()));
    Put32(end, static_cast<uint32_t>(directory.size()));
    Put32(end, static_cast<uint32_t>(directory_offset));
    Put16(end, 0);
    Emit(end);
  }

 private:
  struct Entry {
    std::string name;
    uint64_t offset = 0;
    uint32_t crc = 0;
    uint32_t compressed = 0;
    uint32_t raw = 0;
  };

  uint64_t Offset() const { return emitted_; }

  void Emit(std::string_view bytes) {
    out_ += bytes;
    emitted_ += bytes.size();
  }

  void Deflate(std::string_view data, int flush) {
    zstream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zstream_.avail_in = static_cast<uInt>(data.size());
    char buffer[16384];
    do {
      zstream_.next_out = reinterpret_cast<Bytef*>(buffer);
      zstream_.avail_out = sizeof buffer;
      deflate(&zstream_, flush);
      const size_t produced = sizeof buffer - zstream_.avail_out;
      compressed_size_ += produced;
      Emit(std::string_view(buffer, produced));
    } while (zstream_.avail_out == 0);
  }

  std::string& out_;
  std::vector<Entry> entries_;
  z_stream zstream_{};
  bool open_ = false;
  uLong crc_ = 0;
  uint64_t raw_size_ = 0;
  uint64_t compressed_size_ = 0;
  uint64_t emitted_ = 0;  // bytes of the archive so far, also those already taken
};

// Column letters: 0 -> A, 25 -> Z, 26 -> AA.
std::string ColumnName(size_t index) {
  std::string name;
  ++index;
  while (index > 0) {
    name.insert(name.begin(), static_cast<char>('A' + (index - 1) % 26));
    index = (index - 1) / 26;
  }
  return name;
}

class XlsxWriter final : public TableWriter {
 public:
  explicit XlsxWriter(std::string_view sheet_name) : zip_(output_) {
    Part("_rels/.rels",
         "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
         "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
         "<Relationship Id=\"rId1\" "
         "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
         "officeDocument\" "
         "Target=\"xl/workbook.xml\"/></Relationships>");
    BeginSheet(sheet_name);
  }

  void AddSheet(std::string_view name) override {
    EndSheet();
    BeginSheet(name);
  }

  void AddRow(const std::vector<std::string>& cells) override {
    ++row_;
    row_xml_.clear();
    row_xml_ += "<row r=\"" + std::to_string(row_) + "\">";
    for (size_t at = 0; at < cells.size(); ++at) {
      if (cells[at].empty()) continue;
      row_xml_ += "<c r=\"" + ColumnName(at) + std::to_string(row_) +
                  "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">";
      // Cell text is limited to 32,767 characters in Excel; cut on a UTF-8 boundary.
      std::string_view cell = cells[at];
      if (cell.size() > 32000) {
        size_t cut = 32000;
        while (cut > 0 && (static_cast<unsigned char>(cell[cut]) & 0xc0) == 0x80) --cut;
        cell = cell.substr(0, cut);
      }
      AppendXmlText(row_xml_, cell);
      row_xml_ += "</t></is></c>";
    }
    row_xml_ += "</row>";
    zip_.Write(row_xml_);
  }

  // The workbook parts name every sheet, so they are written last (the order of
  // a zip's entries does not matter to spreadsheet programs).
  void Finish() override {
    EndSheet();
    std::string types, sheets, relations;
    for (size_t at = 1; at <= sheet_names_.size(); ++at) {
      const std::string number = std::to_string(at);
      types += "<Override PartName=\"/xl/worksheets/sheet" + number +
               ".xml\" ContentType=\"application/"
               "vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>";
      sheets += "<sheet name=\"" + sheet_names_[at - 1] + "\" sheetId=\"" + number +
                "\" r:id=\"rId" + number + "\"/>";
      relations += "<Relationship Id=\"rId" + number +
                   "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                   "relationships/worksheet\" Target=\"worksheets/sheet" +
                   number + ".xml\"/>";
    }
    Part("[Content_Types].xml",
         "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
         "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
         "<Default Extension=\"rels\" "
         "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
         "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
         "<Override PartName=\"/xl/workbook.xml\" "
         "ContentType=\"application/"
         "vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>" +
             types + "</Types>");
    Part("xl/workbook.xml",
         "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
         "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
         "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
         "<sheets>" +
             sheets + "</sheets></workbook>");
    Part("xl/_rels/workbook.xml.rels",
         "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
         "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
             relations + "</Relationships>");
    zip_.Close();
  }

 private:
  void BeginSheet(std::string_view sheet_name) {
    // Excel limits names to 31 characters (cut on a UTF-8 boundary) and wants them unique.
    size_t cut = std::min<size_t>(sheet_name.size(), 31);
    while (cut > 0 && cut < sheet_name.size() &&
           (static_cast<unsigned char>(sheet_name[cut]) & 0xc0) == 0x80) {
      --cut;
    }
    std::string name;
    AppendXmlText(name, sheet_name.substr(0, cut));
    if (name.empty()) name = "Sheet";
    for (const std::string& other : sheet_names_) {
      if (other == name) name += " " + std::to_string(sheet_names_.size() + 1);
    }
    sheet_names_.push_back(name);
    row_ = 0;
    zip_.Begin("xl/worksheets/sheet" + std::to_string(sheet_names_.size()) + ".xml");
    zip_.Write(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<sheetData>");
  }
  void EndSheet() {
    zip_.Write("</sheetData></worksheet>");
    zip_.End();
  }

  void Part(std::string_view name, std::string_view content) {
    zip_.Begin(name);
    zip_.Write(content);
    zip_.End();
  }

  ZipStreamWriter zip_;
  uint64_t row_ = 0;
  std::string row_xml_;
  std::vector<std::string> sheet_names_;
};

}  // namespace

std::unique_ptr<TableWriter> TableWriter::Create(TableFormat format, std::string_view sheet_name) {
  if (format == TableFormat::kXlsx) return std::make_unique<XlsxWriter>(sheet_name);
  return std::make_unique<CsvWriter>();
}

std::string_view TableContentType(TableFormat format) {
  return format == TableFormat::kXlsx
             ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
             : "text/csv; charset=utf-8";
}

std::string_view TableExtension(TableFormat format) {
  return format == TableFormat::kXlsx ? "xlsx" : "csv";
}

}  // namespace iphub::base
