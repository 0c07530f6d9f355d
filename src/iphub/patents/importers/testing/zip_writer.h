// Test support: writes small .zip archives (stored or deflated, optionally
// with zip64 records) so tests can build archives and XLSX workbooks at run
// time instead of keeping binary fixtures. Not for production use: everything
// is in memory and nothing is validated.
//
//   std::string zip = testing::WriteZip({{.name = "a.xml", .data = xml},
//                                        {.name = "b.csv", .data = csv, .deflate = false}});
#pragma once

#include <zlib.h>

#include <cstdint>
#include <string>
#include <vector>

namespace iphub::patents::importers::testing {

struct ZipWriterEntry {
  std::string name{};
  std::string data{};
  bool deflate = true;
};

struct ZipWriterOptions {
  // Writes sizes and offsets through the zip64 extra field and the zip64 end
  // records, as archives over 4 GiB have them.
  bool zip64 = false;
};

namespace internal {

inline void Put16(std::string& out, uint32_t value) {
  out += static_cast<char>(value & 0xFF);
  out += static_cast<char>((value >> 8) & 0xFF);
}
inline void Put32(std::string& out, uint32_t value) {
  Put16(out, value & 0xFFFF);
  Put16(out, value >> 16);
}
inline void Put64(std::string& out, uint64_t value) {
  Put32(out, static_cast<uint32_t>(value & 0xFFFFFFFF));
  Put32(out, static_cast<uint32_t>(value >> 32));
}

inline std::string RawDeflate(const std::string& data) {
  z_stream stream{};
  deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, static_cast<uLong>(data.size())) + 16, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

}  // namespace internal

inline std::string WriteZip(const std::vector<ZipWriterEntry>& entries,
                            const ZipWriterOptions& options = {}) {
  using internal::Put16;
  using internal::Put32;
  using internal::Put64;
  std::string out;
  std::string central;
  for (const ZipWriterEntry& entry : entries) {
    const std::string body = entry.deflate ? internal::RawDeflate(entry.data) : entry.data;
    const auto crc =
        static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(entry.data.data()),
                                    static_cast<uInt>(entry.data.size())));
    const uint16_t method = entry.deflate ? 8 : 0;
    const uint64_t offset = out.size();
    // Local header.
    Put32(out, 0x04034b50);
    Put16(out, options.zip64 ? 45 : 20);
    Put16(out, 0x0800);  // UTF-8 names
    Put16(out, method);
    Put16(out, 0);
    Put16(out, 0x21);
    Put32(out, crc);
    Put32(out, options.zip64 ? 0xFFFFFFFF : static_cast<uint32_t>(body.size()));
    Put32(out, options.zip64 ? 0xFFFFFFFF : static_cast<uint32_t>(entry.data.size()));
    Put16(out, static_cast<uint32_t>(entry.name.size()));
    Put16(out, options.zip64 ? 20 : 0);
    out += entry.name;
    if (options.zip64) {
      Put16(out, 0x0001);
      Put16(out, 16);
      Put64(out, entry.data.size());
      Put64(out, body.size());
    }
    out += body;
    // Central directory header.
    Put32(central, 0x02014b50);
    Put16(central, options.zip64 ? 45 : 20);
    Put16(central, options.zip64 ? 45 : 20);
    Put16(central, 0x0800);
    Put16(central, method);
    Put16(central, 0);
    Put16(central, 0x21);
    Put32(central, crc);
    Put32(central, options.zip64 ? 0xFFFFFFFF : static_cast<uint32_t>(body.size()));
    Put32(central, options.zip64 ? 0xFFFFFFFF : static_cast<uint32_t>(entry.data.size()));
    Put16(central, static_cast<uint32_t>(entry.name.size()));
    Put16(central, options.zip64 ? 28 : 0);
    Put16(central, 0);
    Put16(central, 0);
    Put16(central, 0);
    Put32(central, 0);
    Put32(central, options.zip64 ? 0xFFFFFFFF : static_cast<uint32_t>(offset));
    central += entry.name;
    if (options.zip64) {
      Put16(central, 0x0001);
      Put16(central, 24);
      Put64(central, entry.data.size());
      Put64(central, body.size());
      Put64(central, offset);
    }
  }
  const uint64_t central_offset = out.size();
  out += central;
  if (options.zip64) {
    const uint64_t record_offset = out.size();
    Put32(out, 0x06064b50);
    Put64(out, 44);
    Put16(out, 45);
    Put16(out, 45);
    Put32(out, 0);
    Put32(out, 0);
    Put64(out, entries.size());
    Put64(out, entries.size());
    Put64(out, central.size());
    Put64(out, central_offset);
    Put32(out, 0x07064b50);
    Put32(out, 0);
    Put64(out, record_offset);
    Put32(out, 1);
  }
  Put32(out, 0x06054b50);
  Put16(out, 0);
  Put16(out, 0);
  Put16(out, options.zip64 ? 0xFFFF : static_cast<uint32_t>(entries.size()));
  Put16(out, options.zip64 ? 0xFFFF : static_cast<uint32_t>(entries.size()));
  Put32(out, options.zip64 ? 0xFFFFFFFF : static_cast<uint32_t>(central.size()));
  Put32(out, options.zip64 ? 0xFFFFFFFF : static_cast<uint32_t>(central_offset));
  Put16(out, 0);
  return out;
}

}  // namespace iphub::patents::importers::testing
