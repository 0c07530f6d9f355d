// Fuzzes patents::DeriveRightsPosition and EventField with legal events built
// from arbitrary bytes: one event per line, "CODE|DATE|TEXT". Must never crash
// or hit UB, and:
//   - a field value is a substring of its text, holds no full-width colon and
//     has no surrounding space;
//   - no more licences than EE01 events, no more pledges than PE01 events,
//     every one with a non-empty number;
//   - at least one holder unless the applicants are empty and no transfer named one.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "iphub/patents/rights_position.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

void CheckField(std::string_view text, std::string_view label) {
  const std::string value = iphub::patents::EventField(text, label);
  if (value.empty()) return;
  Check(text.find(value) != std::string_view::npos);
  Check(value.find("：") == std::string::npos);
  Check(value.front() != ' ' && value.back() != ' ');
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  iphub::patents::Patent patent;
  patent.applicants = {{.name = "甲公司"}};
  size_t ee01 = 0;
  size_t pe01 = 0;
  size_t begin = 0;
  while (begin < input.size()) {
    size_t end = input.find('\n', begin);
    if (end == std::string_view::npos) end = input.size();
    const std::string_view line = input.substr(begin, end - begin);
    begin = end + 1;
    const size_t first = line.find('|');
    const size_t second = first == std::string_view::npos ? first : line.find('|', first + 1);
    if (second == std::string_view::npos) continue;
    iphub::patents::LegalEvent event{
        .code = std::string(line.substr(0, first)),
        .date = std::string(line.substr(first + 1, second - first - 1)),
        .text = std::string(line.substr(second + 1))};
    for (std::string_view label : {"变更后权利人", "合同备案号", "许可种类", "让与人", "受让人",
                                   "登记号", "出质人", "质权人"}) {
      CheckField(event.text, label);
    }
    if (event.code == "EE01") ++ee01;
    if (event.code == "PE01") ++pe01;
    patent.legal_events.push_back(std::move(event));
  }
  const iphub::patents::RightsPosition position =
      iphub::patents::DeriveRightsPosition(patent, "2026-11-28");
  Check(position.licences.size() <= ee01);
  Check(position.pledges.size() <= pe01);
  for (const auto& licence : position.licences) Check(!licence.number.empty());
  for (const auto& pledge : position.pledges) Check(!pledge.number.empty());
  for (const std::string& holder : position.holders) Check(!holder.empty());
  return 0;
}
