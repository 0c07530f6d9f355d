// Fuzzes the readers of the high-value lists (analytics/high_value.h): the SEI concordance
// (JSONL), award and pledge lists (CSV) and the NBS population table (CSV). The first byte
// picks the reader (0 SEI, 1 awards, 2 pledges, 3 population; the rest is the file). Must never
// crash or hit UB. On success every entry must be what the loaders store: a canonical IPC code
// that reads back to itself and a positive SEI id; number keys "AN:…"/"PN:…"; positive amounts
// and populations; real dates and years in range; lines within the file. On failure the status
// must be InvalidArgument starting "line N: " with 1 ≤ N ≤ the number of lines.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "iphub/analytics/high_value.h"
#include "iphub/base/civil_date.h"
#include "iphub/base/strings.h"

namespace analytics = iphub::analytics;
namespace base = iphub::base;

namespace {

int64_t LineCount(std::string_view text) {
  int64_t lines = 1;
  for (char c : text) lines += c == '\n' ? 1 : 0;
  return lines;
}

void CheckError(const absl::Status& status, int64_t lines) {
  if (status.code() != absl::StatusCode::kInvalidArgument) std::abort();
  const std::string_view message = base::Sv(status.message());
  if (!message.starts_with("line ")) std::abort();
  int64_t line = 0;
  size_t pos = 5;
  while (pos < message.size() && message[pos] >= '0' && message[pos] <= '9') {
    line = line * 10 + (message[pos] - '0');
    if (line > lines) std::abort();
    ++pos;
  }
  if (pos == 5 || line < 1 || message.substr(pos, 2) != ": ") std::abort();
}

void CheckLine(int64_t line, int64_t lines) {
  if (line < 1 || line > lines) std::abort();
}

void CheckKey(const std::string& key) {
  if (!key.starts_with("AN:") && !key.starts_with("PN:")) std::abort();
  if (key.size() <= 3) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const int64_t lines = LineCount(text);
  switch (data[0] % 4) {
    case 0: {
      auto entries = analytics::ParseSeiJsonl(text);
      if (!entries.ok()) {
        CheckError(entries.status(), lines);
        return 0;
      }
      if (entries->empty()) std::abort();
      analytics::SeiConcordance sei(*entries);
      for (const analytics::SeiEntry& entry : *entries) {
        CheckLine(entry.line, lines);
        if (entry.sei_id <= 0) std::abort();
        if (analytics::CanonicalIpc(entry.ipc_code) != entry.ipc_code) std::abort();
        auto match = sei.Find(entry.ipc_code);  // an entry always finds itself
        if (!match || match->ipc_code != entry.ipc_code) std::abort();
      }
      return 0;
    }
    case 1: {
      auto entries = analytics::ParseAwardCsv(text);
      if (!entries.ok()) {
        CheckError(entries.status(), lines);
        return 0;
      }
      for (const analytics::AwardEntry& entry : *entries) {
        CheckLine(entry.line, lines);
        CheckKey(entry.number_key);
        if (entry.year < 1985 || entry.year > 2100) std::abort();
      }
      return 0;
    }
    case 2: {
      auto entries = analytics::ParsePledgeCsv(text);
      if (!entries.ok()) {
        CheckError(entries.status(), lines);
        return 0;
      }
      for (const analytics::PledgeEntry& entry : *entries) {
        CheckLine(entry.line, lines);
        CheckKey(entry.number_key);
        if (entry.amount.fen() <= 0) std::abort();
        if (!base::ParseCivilDate(entry.registration_date)) std::abort();
      }
      return 0;
    }
    default: {
      auto entries = analytics::ParsePopulationCsv(text);
      if (!entries.ok()) {
        CheckError(entries.status(), lines);
        return 0;
      }
      for (const analytics::PopulationEntry& entry : *entries) {
        CheckLine(entry.line, lines);
        if (entry.persons <= 0 || entry.year < 1949 || entry.year > 2100) std::abort();
        if (entry.region_code.size() != 6) std::abort();
      }
      return 0;
    }
  }
}
