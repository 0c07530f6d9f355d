#include "iphub/patents/importers/spreadsheet.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <pugixml.hpp>
#include <unordered_map>
#include <utility>

#include "iphub/base/civil_date.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/patents/importers/cnipa_xml.h"
#include "iphub/patents/importers/internal/string_store.h"
#include "iphub/patents/importers/internal/text_decoder.h"
#include "iphub/patents/importers/internal/xml_stream.h"
#include "iphub/patents/numbers.h"

namespace iphub::patents::importers {
namespace {

using base::StrCat;

constexpr int kMaxColumns = 16384;  // Excel's limit (XFD)
constexpr std::string_view kReplacement = internal::kReplacementCharacter;

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), base::IsAsciiDigit);
}

// ---------------------------------------------------------------------------
// UTF-8.

using internal::AppendCodePoint;
using internal::NextCodePoint;

struct Utf8Scan {
  size_t multibyte = 0;  // valid sequences of two or more bytes
  size_t invalid = 0;
};

Utf8Scan ScanUtf8(std::string_view text) {
  Utf8Scan scan;
  size_t pos = 0;
  while (pos < text.size()) {
    if (static_cast<unsigned char>(text[pos]) < 0x80) {
      ++pos;
      continue;
    }
    if (NextCodePoint(text, pos) < 0) {
      ++scan.invalid;
    } else {
      ++scan.multibyte;
    }
  }
  return scan;
}

std::string ReplaceInvalidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    const int32_t cp = NextCodePoint(text, pos);
    if (cp < 0) {
      out += kReplacement;
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

// Trims ASCII whitespace, U+3000 (ideographic space), U+00A0 and U+FEFF.
std::string_view Trim(std::string_view text) {
  while (true) {
    const std::string_view before = text;
    text = base::StripWhitespace(text);
    for (std::string_view space : {"\xE3\x80\x80", "\xC2\xA0", "\xEF\xBB\xBF"}) {
      while (text.starts_with(space)) text.remove_prefix(space.size());
      while (text.ends_with(space)) text.remove_suffix(space.size());
    }
    if (text.size() == before.size()) return text;
  }
}

// A cell's text fit for the record: valid UTF-8, no control characters but
// tab and line breaks (PostgreSQL refuses NUL), trimmed.
std::string CleanCell(std::string_view raw) {
  std::string valid;
  if (ScanUtf8(raw).invalid != 0) {
    valid = ReplaceInvalidUtf8(raw);
    raw = valid;
  }
  std::string out;
  out.reserve(raw.size());
  for (char c : Trim(raw)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    if (byte == 0x7F) continue;
    out += c;
  }
  return std::string(Trim(out));
}

// At most `max_bytes` of `text`, cut at a character boundary.
std::string Shorten(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return StrCat(text.substr(0, end), "…");
}

// Replaces every run of whitespace (line breaks included) with one space.
std::string OneLine(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (base::IsAsciiSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Full-width ASCII forms (U+FF01..U+FF5E) → ASCII; U+3000 → space.
std::string HalfWidth(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    const int32_t cp = NextCodePoint(text, pos);
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      out += static_cast<char>(cp - 0xFEE0);
    } else if (cp == 0x3000) {
      out += ' ';
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Dates.

// "YYYY-MM-DD" when the parts make a real date of the years 1000..9999.
std::optional<std::string> MakeDate(std::string_view year, std::string_view month,
                                    std::string_view day) {
  if (year.size() != 4 || month.empty() || month.size() > 2 || day.empty() || day.size() > 2 ||
      !AllDigits(year) || !AllDigits(month) || !AllDigits(day)) {
    return std::nullopt;
  }
  int y = 0, m = 0, d = 0;
  std::from_chars(year.data(), year.data() + year.size(), y);
  std::from_chars(month.data(), month.data() + month.size(), m);
  std::from_chars(day.data(), day.data() + day.size(), d);
  if (y < 1000 || m < 1 || m > 12 || d < 1 || d > base::DaysInMonth(y, m)) return std::nullopt;
  return base::FormatCivilDate({.year = y, .month = m, .day = d});
}

bool IsPlaceholder(std::string_view text) {
  for (std::string_view placeholder : {"0", "00000000", "0000-00-00", "-", "--", "—", "/", "无",
                                       "暂无", "N/A", "n/a", "NA", "null", "NULL", "None"}) {
    if (text == placeholder) return true;
  }
  return false;
}

std::optional<double> ParseDouble(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// ---------------------------------------------------------------------------
// Fields and the header aliases.

enum class Field {
  kApplicationNumber,
  kPublicationNumber,
  kGrantPublicationNumber,
  kApplicationDate,
  kPublicationDate,
  kGrantDate,
  kTitle,
  kAbstract,
  kMainClaim,
  kClaims,
  kDescription,
  kApplicants,
  kInventors,
  kAddress,
  kPostcode,
  kRegion,
  kIpc,
  kIpcMain,
  kCpc,
  kLocarno,
  kLegalStatus,
  kLegalStatusDate,
  kAgency,
  kAgents,
  kPriorities,
  kPriorityDates,
  kCitations,
  kType,
  kFamilyId,
  kCountry,
  kCount,
};

constexpr std::string_view kFieldNames[] = {
    "application_number",
    "publication_number",
    "grant_publication_number",
    "application_date",
    "publication_date",
    "grant_date",
    "title",
    "abstract",
    "main_claim",
    "claims",
    "description",
    "applicants",
    "inventors",
    "applicant_address",
    "applicant_postcode",
    "applicant_region",
    "ipc",
    "ipc_main",
    "cpc",
    "locarno",
    "legal_status",
    "legal_status_date",
    "agency",
    "agents",
    "priorities",
    "priority_dates",
    "citations",
    "type",
    "family_id",
    "country",
};
static_assert(std::size(kFieldNames) == static_cast<size_t>(Field::kCount));

struct Alias {
  std::string_view header;
  Field field;
};

// Header spellings of CNIPA 专利检索及分析系统, incoPat, 智慧芽 PatSnap, SooPAT,
// 佰腾 and our template, in the form written; matching normalises both sides
// (NormalizeHeader). Where two columns of a sheet map to one field, the one
// whose alias comes first here wins. 被引用专利 (forward citations: who cites
// this patent) is deliberately absent: the model keeps the documents a patent
// cites; "cited by" is derived from the other side's records.
constexpr Alias kAliases[] = {
    {"申请号", Field::kApplicationNumber},
    {"专利申请号", Field::kApplicationNumber},
    {"申请号码", Field::kApplicationNumber},
    {"申请编号", Field::kApplicationNumber},
    {"专利号", Field::kApplicationNumber},  // "ZL201410513187.5": the application number
    {"Application Number", Field::kApplicationNumber},
    {"Application No", Field::kApplicationNumber},
    {"App No", Field::kApplicationNumber},
    {"公开(公告)号", Field::kPublicationNumber},
    {"公开号", Field::kPublicationNumber},
    {"公告号", Field::kPublicationNumber},
    {"公布号", Field::kPublicationNumber},
    {"公开(公布)号", Field::kPublicationNumber},
    {"公开号码", Field::kPublicationNumber},
    {"公告号码", Field::kPublicationNumber},
    {"文献号", Field::kPublicationNumber},
    {"Publication Number", Field::kPublicationNumber},
    {"Publication No", Field::kPublicationNumber},
    {"Pub No", Field::kPublicationNumber},
    {"Patent Number", Field::kPublicationNumber},
    {"授权公告号", Field::kGrantPublicationNumber},
    {"授权号", Field::kGrantPublicationNumber},
    {"Grant Number", Field::kGrantPublicationNumber},
    {"申请日", Field::kApplicationDate},
    {"申请日期", Field::kApplicationDate},
    {"专利申请日", Field::kApplicationDate},
    {"Application Date", Field::kApplicationDate},
    {"Filing Date", Field::kApplicationDate},
    {"公开(公告)日", Field::kPublicationDate},
    {"公开日", Field::kPublicationDate},
    {"公告日", Field::kPublicationDate},
    {"公布日", Field::kPublicationDate},
    {"公开(公布)日", Field::kPublicationDate},
    {"公开日期", Field::kPublicationDate},
    {"公告日期", Field::kPublicationDate},
    {"公开(公告)日期", Field::kPublicationDate},
    {"Publication Date", Field::kPublicationDate},
    {"授权日", Field::kGrantDate},
    {"授权公告日", Field::kGrantDate},
    {"授权日期", Field::kGrantDate},
    {"授权公告日期", Field::kGrantDate},
    {"颁证日", Field::kGrantDate},
    {"Grant Date", Field::kGrantDate},
    {"Issue Date", Field::kGrantDate},
    {"名称", Field::kTitle},
    {"发明名称", Field::kTitle},
    {"专利名称", Field::kTitle},
    {"标题", Field::kTitle},
    {"发明创造名称", Field::kTitle},
    {"实用新型名称", Field::kTitle},
    {"外观设计名称", Field::kTitle},
    {"Title", Field::kTitle},
    {"Invention Title", Field::kTitle},
    {"摘要", Field::kAbstract},
    {"文摘", Field::kAbstract},
    {"Abstract", Field::kAbstract},
    {"主权项", Field::kMainClaim},
    {"首项权利要求", Field::kMainClaim},
    {"第一权利要求", Field::kMainClaim},
    {"独立权利要求", Field::kMainClaim},
    {"First Claim", Field::kMainClaim},
    {"Main Claim", Field::kMainClaim},
    {"权利要求书", Field::kClaims},
    {"权利要求", Field::kClaims},
    {"Claims", Field::kClaims},
    {"说明书", Field::kDescription},
    {"说明书全文", Field::kDescription},
    {"Description", Field::kDescription},
    {"申请(专利权)人", Field::kApplicants},
    {"申请人", Field::kApplicants},
    {"专利权人", Field::kApplicants},
    {"原始申请人", Field::kApplicants},
    {"申请人名称", Field::kApplicants},
    {"当前申请(专利权)人", Field::kApplicants},
    {"当前权利人", Field::kApplicants},
    {"当前专利权人", Field::kApplicants},
    {"权利人", Field::kApplicants},
    {"Applicants", Field::kApplicants},
    {"Applicant", Field::kApplicants},
    {"Assignee", Field::kApplicants},
    {"Current Assignee", Field::kApplicants},
    {"发明人", Field::kInventors},
    {"发明(设计)人", Field::kInventors},
    {"设计人", Field::kInventors},
    {"发明人/设计人", Field::kInventors},
    {"Inventors", Field::kInventors},
    {"Inventor", Field::kInventors},
    {"地址", Field::kAddress},
    {"申请人地址", Field::kAddress},
    {"专利权人地址", Field::kAddress},
    {"申请(专利权)人地址", Field::kAddress},
    {"第一申请人地址", Field::kAddress},
    {"Address", Field::kAddress},
    {"Applicant Address", Field::kAddress},
    {"邮编", Field::kPostcode},
    {"邮政编码", Field::kPostcode},
    {"申请人邮编", Field::kPostcode},
    {"Postcode", Field::kPostcode},
    {"Postal Code", Field::kPostcode},
    {"Zip Code", Field::kPostcode},
    {"国省代码", Field::kRegion},
    {"申请人国省代码", Field::kRegion},
    {"省市代码", Field::kRegion},
    {"申请人省市代码", Field::kRegion},
    {"申请人国别代码", Field::kRegion},
    {"Region Code", Field::kRegion},
    {"IPC分类号", Field::kIpc},
    {"分类号", Field::kIpc},
    {"IPC", Field::kIpc},
    {"IPC分类", Field::kIpc},
    {"国际专利分类号", Field::kIpc},
    {"国际分类号", Field::kIpc},
    {"IPC Classification", Field::kIpc},
    {"主分类号", Field::kIpcMain},
    {"主IPC", Field::kIpcMain},
    {"主IPC分类号", Field::kIpcMain},
    {"IPC主分类号", Field::kIpcMain},
    {"IPC主分类", Field::kIpcMain},
    {"主分类", Field::kIpcMain},
    {"Main IPC", Field::kIpcMain},
    {"IPC Main", Field::kIpcMain},
    {"Primary IPC", Field::kIpcMain},
    {"CPC分类号", Field::kCpc},
    {"CPC", Field::kCpc},
    {"CPC分类", Field::kCpc},
    {"CPC Classification", Field::kCpc},
    {"洛迦诺分类号", Field::kLocarno},
    {"洛迦诺分类", Field::kLocarno},
    {"洛迦诺号", Field::kLocarno},
    {"外观设计分类号", Field::kLocarno},
    {"外观设计洛迦诺分类号", Field::kLocarno},
    {"Locarno", Field::kLocarno},
    {"Locarno Classification", Field::kLocarno},
    {"法律状态", Field::kLegalStatus},
    {"当前法律状态", Field::kLegalStatus},
    {"简单法律状态", Field::kLegalStatus},
    {"法律状态/事件", Field::kLegalStatus},
    {"专利状态", Field::kLegalStatus},
    {"Legal Status", Field::kLegalStatus},
    {"法律状态日", Field::kLegalStatusDate},
    {"法律状态公告日", Field::kLegalStatusDate},
    {"法律状态日期", Field::kLegalStatusDate},
    {"Legal Status Date", Field::kLegalStatusDate},
    {"代理机构", Field::kAgency},
    {"专利代理机构", Field::kAgency},
    {"代理机构名称", Field::kAgency},
    {"Agency", Field::kAgency},
    {"代理人", Field::kAgents},
    {"专利代理人", Field::kAgents},
    {"Agents", Field::kAgents},
    {"Agent", Field::kAgents},
    {"优先权", Field::kPriorities},
    {"优先权号", Field::kPriorities},
    {"优先权信息", Field::kPriorities},
    {"优先权项", Field::kPriorities},
    {"Priority", Field::kPriorities},
    {"Priorities", Field::kPriorities},
    {"Priority Number", Field::kPriorities},
    {"优先权日", Field::kPriorityDates},
    {"Priority Date", Field::kPriorityDates},
    {"引用专利", Field::kCitations},
    {"引证专利", Field::kCitations},
    {"引用文献", Field::kCitations},
    {"引证文献", Field::kCitations},
    {"审查员引用", Field::kCitations},
    {"Cited Patents", Field::kCitations},
    {"Citations", Field::kCitations},
    {"Backward Citations", Field::kCitations},
    {"专利类型", Field::kType},
    {"文献类型", Field::kType},
    {"专利种类", Field::kType},
    {"类型", Field::kType},
    {"Patent Type", Field::kType},
    {"Document Type", Field::kType},
    {"Type", Field::kType},
    {"同族号", Field::kFamilyId},
    {"同族ID", Field::kFamilyId},
    {"简单同族ID", Field::kFamilyId},
    {"Family ID", Field::kFamilyId},
    {"受理局", Field::kCountry},
    {"公开国别", Field::kCountry},
    {"国家/地区", Field::kCountry},
    {"Country", Field::kCountry},
    {"Authority", Field::kCountry},
};

// Drops whitespace, brackets of either width, "/", ".", "_", "-", ":", "*",
// quotes; full-width ASCII becomes ASCII, ASCII is lowered.
std::string NormalizeHeader(std::string_view header) {
  std::string out;
  for (char c : HalfWidth(header)) {
    if (base::IsAsciiSpace(c)) continue;
    if (std::string_view("()[]{}/\\._-:*#\"'").find(c) != std::string_view::npos) continue;
    out += base::AsciiLower(c);
  }
  for (std::string_view drop : {"\xC2\xA0", "\xEF\xBB\xBF", "【", "】", "《", "》"}) {
    for (size_t pos = out.find(drop); pos != std::string::npos; pos = out.find(drop, pos)) {
      out.erase(pos, drop.size());
    }
  }
  return out;
}

struct AliasMatch {
  Field field = Field::kCount;
  int rank = 0;  // lower wins
};

const std::unordered_map<std::string, AliasMatch>& AliasTable() {
  static const auto* table = [] {
    auto* out = new std::unordered_map<std::string, AliasMatch>();
    int rank = 0;
    for (const Alias& alias : kAliases) {
      out->emplace(NormalizeHeader(alias.header), AliasMatch{alias.field, rank++});
    }
    return out;
  }();
  return *table;
}

// The field of a header; "标题(中文)" and "摘要 (原文)" match without their
// language suffix, below the exact spellings.
std::optional<AliasMatch> MatchHeader(std::string_view header) {
  const std::string key = NormalizeHeader(header);
  if (key.empty()) return std::nullopt;
  const auto& table = AliasTable();
  if (auto found = table.find(key); found != table.end()) return found->second;
  for (std::string_view suffix : {"中文", "原文"}) {
    if (key.size() > suffix.size() && std::string_view(key).ends_with(suffix)) {
      if (auto found = table.find(key.substr(0, key.size() - suffix.size()));
          found != table.end()) {
        return AliasMatch{found->second.field, found->second.rank + 100000};
      }
    }
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Field values.

// Splits a multi-valued cell on ; ； | ｜ 、 line breaks and, for `commas`,
// on ， and on "," — except before a company suffix ("Foo Co., Ltd.").
std::vector<std::string> SplitList(std::string_view text, bool commas) {
  std::vector<std::string> items;
  std::string current;
  auto finish = [&] {
    std::string item(Trim(current));
    if (!item.empty()) items.push_back(std::move(item));
    current.clear();
  };
  size_t pos = 0;
  while (pos < text.size()) {
    bool split = false;
    size_t skip = 1;
    const char c = text[pos];
    if (c == ';' || c == '|' || c == '\n' || c == '\r') {
      split = true;
    } else if (c == ',' && commas) {
      std::string next = base::AsciiLowerCopy(Trim(text.substr(pos + 1, 16)));
      split = true;
      for (std::string_view suffix :
           {"ltd", "inc", "llc", "co.", "corp", "limited", "gmbh", "ag", "s.a", "plc", "kg", "b.v",
            "n.v", "l.p", "lp", "jr", "sr", "s.p.a", "a.g"}) {
        if (next.starts_with(suffix)) {
          const size_t after = suffix.size();
          if (after >= next.size() || !base::IsAsciiAlpha(next[after])) split = false;
        }
      }
    } else {
      for (std::string_view mark : {"；", "｜", "、", "，"}) {
        if (text.substr(pos).starts_with(mark) && (commas || mark != "，")) {
          split = true;
          skip = mark.size();
        }
      }
    }
    if (split) {
      finish();
      pos += skip;
    } else {
      current += c;
      ++pos;
    }
  }
  finish();
  return items;
}

// The CN kind code a 专利类型 value implies for a document numbered since 2007
// (nine digits); "" when it does not say (e.g. plain "发明").
std::string KindFromType(std::string_view type) {
  const std::string lower = base::AsciiLowerCopy(type);
  if (base::ContainsAny(lower, {"发明授权", "授权发明", "invention grant", "granted invention"})) {
    return "B";
  }
  if (base::ContainsAny(lower, {"发明申请", "发明公开", "发明专利申请", "invention application"})) {
    return "A";
  }
  if (base::ContainsAny(lower, {"实用新型", "utility model"})) return "U";
  if (base::ContainsAny(lower, {"外观", "design"})) return "S";
  return {};
}

std::string StripClaimNumber(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size() && base::IsAsciiDigit(text[pos])) ++pos;
  if (pos == 0 || pos > 4) return std::string(text);
  for (std::string_view mark : {".", "、", "．"}) {
    if (text.substr(pos).starts_with(mark)) {
      return std::string(Trim(text.substr(pos + mark.size())));
    }
  }
  return std::string(text);
}

// Whether position `pos` of `text` may start a claim: the start, a line start,
// or after a sentence end (and optional spaces).
bool AtClaimBoundary(std::string_view text, size_t pos) {
  size_t end = pos;
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  while (end >= 3 && text.substr(end - 3, 3) == "\xE3\x80\x80") end -= 3;  // U+3000
  if (end == 0) return true;
  const char before = text[end - 1];
  if (before == '\n' || before == '\r' || before == ';' || before == '.') return true;
  const std::string_view head = text.substr(0, end);
  return head.ends_with("。") || head.ends_with("；") || head.ends_with("．");
}

// Length of the claim marker "N." / "N、" / "N．" for `number` at `pos`, or 0.
size_t ClaimMarkerAt(std::string_view text, size_t pos, int number) {
  const std::string digits = std::to_string(number);
  if (!text.substr(pos).starts_with(digits)) return 0;
  const size_t after_digits = pos + digits.size();
  for (std::string_view mark : {".", "、", "．"}) {
    if (text.substr(after_digits).starts_with(mark)) {
      const size_t end = after_digits + mark.size();
      if (end < text.size() && base::IsAsciiDigit(text[end])) return 0;  // "2.5 mm"
      return end - pos;
    }
  }
  return 0;
}

// Priority items: "JP2013096543 2013-05-01", "2013.05.01 JP 2013-096543".
std::vector<Priority> ParsePriorities(std::string_view text) {
  std::vector<Priority> out;
  for (const std::string& item : SplitList(text, /*commas=*/false)) {
    Priority priority;
    std::string number;
    size_t pos = 0;
    const std::string spaced = HalfWidth(item);
    const std::string_view view = spaced;
    while (pos < view.size()) {
      while (pos < view.size() && base::IsAsciiSpace(view[pos])) ++pos;
      size_t end = pos;
      while (end < view.size() && !base::IsAsciiSpace(view[end])) ++end;
      const std::string_view token = view.substr(pos, end - pos);
      pos = end;
      if (token.empty()) continue;
      if (priority.date.empty()) {
        absl::StatusOr<std::string> date = ParseSheetDate(token, false, false);
        if (date.ok() && !date->empty()) {
          priority.date = *date;
          continue;
        }
      }
      number += token;
    }
    if (number.size() >= 2 && base::IsAsciiAlpha(number[0]) && base::IsAsciiAlpha(number[1])) {
      priority.country = base::AsciiUpperCopy(number.substr(0, 2));
      number.erase(0, 2);
    }
    priority.number = number;
    if (!priority.number.empty() || !priority.date.empty()) out.push_back(std::move(priority));
  }
  return out;
}

// "江苏;32" / "32" / "320102" / "JP" → the first applicant's region and country.
void ApplyRegion(std::string_view text, Party& party) {
  std::string letters, digits;
  for (char c : HalfWidth(text)) {
    if (base::IsAsciiAlpha(c) && digits.empty()) letters += base::AsciiUpper(c);
    if (base::IsAsciiDigit(c)) digits += c;
  }
  if (letters.size() == 2) party.country = letters;
  if (digits.size() == 2 || digits.size() == 4 || digits.size() == 6) {
    party.region_code = digits + std::string(6 - digits.size(), '0');
    if (party.country.empty()) party.country = "CN";
  }
}

// "650231 云南省昆明市…" → "650231".
std::string LeadingPostcode(std::string_view address) {
  if (address.size() >= 7 && AllDigits(address.substr(0, 6)) && !base::IsAsciiDigit(address[6])) {
    return std::string(address.substr(0, 6));
  }
  return {};
}

std::vector<Classification> ParseClassifications(std::string_view text) {
  std::vector<Classification> out;
  for (const std::string& item : SplitList(HalfWidth(text), /*commas=*/true)) {
    Classification classification;
    std::string_view symbol = item;
    if (const size_t open = symbol.find('('); open != std::string_view::npos) {
      const size_t close = symbol.find(')', open);
      if (close != std::string_view::npos) {
        classification.version =
            std::string(base::StripWhitespace(symbol.substr(open + 1, close - open - 1)));
      }
      symbol = symbol.substr(0, open);
    }
    classification.symbol = NormalizeClassificationSymbol(symbol);
    if (classification.symbol.empty()) continue;
    bool seen = false;
    for (const Classification& existing : out)
      seen = seen || existing.symbol == classification.symbol;
    if (!seen) out.push_back(std::move(classification));
  }
  return out;
}

// ---------------------------------------------------------------------------
// XLSX parts.

constexpr unsigned kXmlOptions = pugi::parse_default | pugi::parse_ws_pcdata_single;

std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node Child(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element && LocalName(child) == local) return child;
  }
  return {};
}

// The attribute named `local` whatever its prefix ("r:id").
std::string_view Attribute(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_attribute attribute = node.first_attribute(); attribute;
       attribute = attribute.next_attribute()) {
    std::string_view name = attribute.name();
    const size_t colon = name.rfind(':');
    if ((colon == std::string_view::npos ? name : name.substr(colon + 1)) == local) {
      return attribute.value();
    }
  }
  return {};
}

int HexValue(char c) {
  if (base::IsAsciiDigit(c)) return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// OOXML's escapes for characters XML cannot hold: "_x000D_" is a CR.
std::string UnescapeOoxml(std::string_view text) {
  if (text.find("_x") == std::string_view::npos) return std::string(text);
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] == '_' && pos + 7 <= text.size() && text[pos + 1] == 'x' &&
        text[pos + 6] == '_') {
      int32_t value = 0;
      bool hex = true;
      for (size_t idx = pos + 2; idx < pos + 6; ++idx) {
        const int digit = HexValue(text[idx]);
        hex = hex && digit >= 0;
        value = value * 16 + std::max(digit, 0);
      }
      if (hex) {
        AppendCodePoint(out, value);
        pos += 7;
        continue;
      }
    }
    out += text[pos++];
  }
  return out;
}

// Whether a number format code shows a date or time: y, m, d, h or s outside
// quoted text, escapes and [bracketed] colours or locales.
bool IsDateFormatCode(std::string_view code) {
  bool quoted = false;
  int bracket = 0;
  for (size_t pos = 0; pos < code.size(); ++pos) {
    const char c = code[pos];
    if (quoted) {
      quoted = c != '"';
      continue;
    }
    if (c == '"') {
      quoted = true;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++pos;
    } else if (c == '[') {
      ++bracket;
    } else if (c == ']') {
      bracket = std::max(bracket - 1, 0);
    } else if (bracket == 0) {
      const char lower = base::AsciiLower(c);
      if (lower == 'y' || lower == 'm' || lower == 'd' || lower == 'h' || lower == 's' ||
          lower == 'e') {
        if (lower == 'e' && pos + 1 < code.size() &&
            (code[pos + 1] == '+' || code[pos + 1] == '-')) {
          continue;  // scientific "0.00E+00"
        }
        if (lower == 'e') continue;
        return true;
      }
    }
  }
  return false;
}

// Excel's built-in date and time formats (ECMA-376 18.8.30, and the CJK ones).
bool IsBuiltinDateFormat(int id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
         (id >= 50 && id <= 58);
}

// "C12" → column 2 (0-based) and row 12; false when malformed or beyond XFD.
bool ParseCellReference(std::string_view reference, int& column, int64_t& row) {
  size_t pos = 0;
  int value = 0;
  while (pos < reference.size() && base::IsAsciiAlpha(reference[pos])) {
    if (pos >= 3) return false;
    value = value * 26 + (base::AsciiUpper(reference[pos]) - 'A' + 1);
    ++pos;
  }
  if (pos == 0 || value > kMaxColumns) return false;
  column = value - 1;
  row = 0;
  const std::string_view digits = reference.substr(pos);
  if (!digits.empty()) {
    if (!AllDigits(digits) || digits.size() > 9) return false;
    std::from_chars(digits.data(), digits.data() + digits.size(), row);
  }
  return true;
}

// A path inside the package from a relationship target relative to `base_dir`.
std::string ResolvePartPath(std::string_view base_dir, std::string_view target) {
  std::vector<std::string> parts;
  std::string_view path = target;
  if (path.starts_with("/")) {
    path.remove_prefix(1);
  } else {
    std::string_view dir = base_dir;
    while (!dir.empty()) {
      const size_t slash = dir.find('/');
      const std::string_view part = dir.substr(0, slash);
      if (!part.empty()) parts.emplace_back(part);
      if (slash == std::string_view::npos) break;
      dir.remove_prefix(slash + 1);
    }
  }
  while (!path.empty()) {
    const size_t slash = path.find('/');
    const std::string_view part = path.substr(0, slash);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.emplace_back(part);
    }
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += '/';
    out += part;
  }
  return out;
}

std::string_view DirectoryOf(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

absl::Status ParseXmlPart(std::string_view part, std::string& text, pugi::xml_document& document) {
  const pugi::xml_parse_result result =
      document.load_buffer_inplace(text.data(), text.size(), kXmlOptions, pugi::encoding_auto);
  if (!result) {
    return absl::InvalidArgumentError(StrCat("XLSX part ", part, ": malformed XML at byte offset ",
                                             static_cast<long long>(result.offset), ": ",
                                             result.description()));
  }
  return absl::OkStatus();
}

struct Relationship {
  std::string type{};
  std::string target{};
};

// Id → relationship of a .rels part.
absl::StatusOr<std::unordered_map<std::string, Relationship>> ReadRelationships(
    const ZipReader& zip, std::string_view part, std::string_view base_dir) {
  std::unordered_map<std::string, Relationship> out;
  const ZipEntry* entry = zip.Find(part);
  if (entry == nullptr) return out;
  IPHUB_ASSIGN_OR_RETURN(std::string text, zip.Read(*entry));
  pugi::xml_document document;
  IPHUB_RETURN_IF_ERROR(ParseXmlPart(part, text, document));
  const pugi::xml_node root = document.document_element();
  for (pugi::xml_node node = root.first_child(); node; node = node.next_sibling()) {
    if (node.type() != pugi::node_element || LocalName(node) != "Relationship") continue;
    if (std::string_view(node.attribute("TargetMode").value()) == "External") continue;
    out[node.attribute("Id").value()] = {
        node.attribute("Type").value(),
        ResolvePartPath(base_dir, node.attribute("Target").value())};
  }
  return out;
}

bool TypeEndsWith(const Relationship& relationship, std::string_view suffix) {
  return std::string_view(relationship.type).ends_with(suffix);
}

// Numeric cell text: an exponent form of an integer ("2.0141051318750E+12")
// is written out in full.
std::string NumberText(std::string_view value) {
  if (value.find_first_of("eE") == std::string_view::npos) return std::string(value);
  const std::optional<double> number = ParseDouble(value);
  if (!number.has_value() || std::fabs(*number) >= 1e15 || std::floor(*number) != *number) {
    return std::string(value);
  }
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.0f", *number);
  return buffer;
}

// ---------------------------------------------------------------------------
// Streamed XLSX parts: the shared strings and the sheets are read as their XML
// is inflated (internal/xml_stream.h), never held whole; the cells come out as
// pugixml's DOM gave them (first <v>, first <is>, the first <sheetData> …).

// "x:row" → "row".
std::string_view LocalPart(std::string_view name) {
  const size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// An attribute value as pugixml's as_uint() reads it: after leading
// whitespace, an optional sign (a negative number is 0) and decimal or "0x"
// hex digits up to the first other character; too large is UINT_MAX.
uint32_t AttributeUint(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size() && base::IsAsciiSpace(text[pos])) ++pos;
  const bool negative = pos < text.size() && text[pos] == '-';
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) ++pos;
  const bool hex = pos + 1 < text.size() && text[pos] == '0' && (text[pos + 1] | ' ') == 'x';
  if (hex) pos += 2;
  uint64_t value = 0;
  for (; pos < text.size(); ++pos) {
    const int digit =
        hex ? HexValue(text[pos]) : (base::IsAsciiDigit(text[pos]) ? text[pos] - '0' : -1);
    if (digit < 0) break;
    value = std::min<uint64_t>(value * (hex ? 16 : 10) + static_cast<uint64_t>(digit),
                               uint64_t{1} << 32);
  }
  if (negative) return 0;
  return value > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(value);
}

// What an element is to the readers below.
enum class Part : uint8_t {
  kOther,      // nothing they read
  kRoot,       // the document element (the first, should there be more)
  kSheetData,  // the root's first <sheetData>
  kRow,        // a <row> in it
  kCell,       // a <c> in a row
  kValue,      // a cell's first <v>
  kItem,       // a string item: an <si> of the shared strings, a cell's first <is>
  kRun,        // an <r> (rich-text run) of a string item
  kText,       // a string item's <t>, or a run's first <t>
};

// The part of element `local` opening in string item `parent` (kItem or kRun):
// the item's text is its <t>s and each run's first <t>, joined; phonetic runs
// (<rPh>) and the run properties are not part of it.
Part StringItemChild(Part parent, std::string_view local, bool& run_has_text) {
  if (parent == Part::kItem) {
    if (local == "t") return Part::kText;
    if (local == "r") {
      run_has_text = false;
      return Part::kRun;
    }
  } else if (parent == Part::kRun && local == "t" && !run_has_text) {
    run_has_text = true;
    return Part::kText;
  }
  return Part::kOther;
}

// Puts each <si> of sharedStrings.xml into the store, in order.
class SharedStringsReader : public internal::XmlHandler {
 public:
  explicit SharedStringsReader(internal::StringStore& store) : store_(store) {}

  absl::Status StartElement(std::string_view name, const internal::XmlAttributes&) override {
    Part part = Part::kOther;
    if (parts_.empty()) {
      part = roots_++ == 0 ? Part::kRoot : Part::kOther;
    } else if (parts_.back() == Part::kRoot) {
      if (LocalPart(name) == "si") {
        part = Part::kItem;
        text_.clear();
      }
    } else {
      part = StringItemChild(parts_.back(), LocalPart(name), run_has_text_);
    }
    parts_.push_back(part);
    return absl::OkStatus();
  }

  absl::Status EndElement(std::string_view) override {
    const Part part = parts_.back();
    parts_.pop_back();
    if (part == Part::kItem) return store_.Add(UnescapeOoxml(text_));
    return absl::OkStatus();
  }

  absl::Status Text(std::string_view text) override {
    if (parts_.back() == Part::kText) text_.append(text);
    return absl::OkStatus();
  }

 private:
  internal::StringStore& store_;
  std::vector<Part> parts_;  // of the open elements
  int roots_ = 0;
  bool run_has_text_ = false;
  std::string text_;
};

// Turns a worksheet's XML into SheetRows, each handed over at its </row>.
class SheetReader : public internal::XmlHandler {
 public:
  SheetReader(const SheetRowSink& sink, internal::StringStore::Reader& strings,
              const std::vector<bool>& date_styles)
      : sink_(sink), strings_(strings), date_styles_(date_styles) {}

  // How far the workbook has been read: the end offset of the rows to come.
  void set_end_offset(uint64_t offset) { row_.end_offset = offset; }

  absl::Status StartElement(std::string_view name,
                            const internal::XmlAttributes& attributes) override {
    const std::string_view local = LocalPart(name);
    Part part = Part::kOther;
    switch (parts_.empty() ? Part::kOther : parts_.back()) {
      case Part::kOther:
        if (parts_.empty() && roots_++ == 0) part = Part::kRoot;
        break;
      case Part::kRoot:
        if (local == "sheetData" && !seen_sheet_data_) {
          seen_sheet_data_ = true;
          part = Part::kSheetData;
        }
        break;
      case Part::kSheetData:
        if (local == "row") {
          part = Part::kRow;
          StartRow(attributes);
        }
        break;
      case Part::kRow:
        if (local == "c") {
          part = Part::kCell;
          StartCell(attributes);
        }
        break;
      case Part::kCell:
        if (local == "v" && !seen_value_) {
          seen_value_ = true;
          part = Part::kValue;
        } else if (local == "is" && !seen_inline_) {
          seen_inline_ = true;
          part = Part::kItem;
        }
        break;
      case Part::kItem:
      case Part::kRun:
        part = StringItemChild(parts_.back(), local, run_has_text_);
        break;
      case Part::kValue:
      case Part::kText:
        break;
    }
    parts_.push_back(part);
    return absl::OkStatus();
  }

  absl::Status EndElement(std::string_view) override {
    const Part part = parts_.back();
    parts_.pop_back();
    if (part == Part::kCell) return FinishCell();
    if (part == Part::kRow) return FinishRow();
    return absl::OkStatus();
  }

  absl::Status Text(std::string_view text) override {
    if (parts_.back() == Part::kValue) value_.append(text);
    if (parts_.back() == Part::kText) inline_text_.append(text);
    return absl::OkStatus();
  }

 private:
  void StartRow(const internal::XmlAttributes& attributes) {
    row_.number = previous_row_ + 1;
    const std::string_view r = attributes.Find("r").value_or("");
    if (AllDigits(r) && r.size() <= 9) std::from_chars(r.data(), r.data() + r.size(), row_.number);
    previous_row_ = row_.number;
    row_.cells.clear();
    column_ = -1;
  }

  void StartCell(const internal::XmlAttributes& attributes) {
    const std::optional<std::string_view> reference = attributes.Find("r");
    has_reference_ = reference.has_value();
    reference_.assign(reference.value_or(""));
    type_.assign(attributes.Find("t").value_or(""));
    style_ = AttributeUint(attributes.Find("s").value_or(""));
    value_.clear();
    inline_text_.clear();
    seen_value_ = false;
    seen_inline_ = false;
  }

  absl::Status FinishCell() {
    int parsed_column = 0;
    int64_t parsed_row = 0;
    if (ParseCellReference(reference_, parsed_column, parsed_row)) {
      column_ = parsed_column;
    } else if (has_reference_) {
      return absl::OkStatus();  // a reference beyond XFD or malformed: not a cell we can place
    } else {
      ++column_;
    }
    if (column_ >= kMaxColumns) return absl::OkStatus();
    SheetCell out;
    out.column = column_;
    if (type_ == "s") {
      size_t shared = 0;
      const auto [end, error] =
          std::from_chars(value_.data(), value_.data() + value_.size(), shared);
      if (error == std::errc() && shared < strings_.size()) {
        IPHUB_ASSIGN_OR_RETURN(const std::string_view text, strings_.Get(shared));
        out.text = std::string(text);
      }
    } else if (type_ == "inlineStr") {
      out.text = UnescapeOoxml(inline_text_);
    } else if (type_ == "str" || type_ == "d") {
      out.text = UnescapeOoxml(value_);
    } else if (type_ == "b") {
      out.text = value_ == "1" ? "TRUE" : (value_.empty() ? "" : "FALSE");
    } else if (type_ == "e") {
      return absl::OkStatus();  // #N/A and friends: no value
    } else {
      out.text = NumberText(base::StripWhitespace(value_));
      out.is_number = !out.text.empty();
      out.date_format = out.is_number && style_ < date_styles_.size() && date_styles_[style_];
    }
    if (!out.text.empty()) row_.cells.push_back(std::move(out));
    return absl::OkStatus();
  }

  absl::Status FinishRow() {
    std::sort(row_.cells.begin(), row_.cells.end(),
              [](const SheetCell& a, const SheetCell& b) { return a.column < b.column; });
    return sink_(row_);
  }

  const SheetRowSink& sink_;
  internal::StringStore::Reader& strings_;
  const std::vector<bool>& date_styles_;
  std::vector<Part> parts_;  // of the open elements
  int roots_ = 0;
  bool seen_sheet_data_ = false;
  SheetRow row_;
  int64_t previous_row_ = 0;
  int column_ = -1;
  // The cell being read.
  bool has_reference_ = false;
  std::string reference_;
  std::string type_;
  uint32_t style_ = 0;
  bool seen_value_ = false;
  bool seen_inline_ = false;
  bool run_has_text_ = false;
  std::string value_;        // its first <v>'s text
  std::string inline_text_;  // its first <is>'s text
};

// The encoding of an XML part as pugixml guesses it (encoding_auto): a BOM,
// "<" or "<?" in UTF-16 or UTF-32, or a declaration naming ISO-8859-1;
// otherwise UTF-8. `bom`: the bytes of a byte-order mark to skip.
internal::TextEncoding GuessXmlEncoding(std::string_view head, size_t& bom) {
  using internal::TextEncoding;
  bom = 0;
  if (head.size() < 4) return TextEncoding::kUtf8;
  const auto byte = [head](size_t index) { return static_cast<unsigned char>(head[index]); };
  if (byte(0) == 0 && byte(1) == 0 && byte(2) == 0xFE && byte(3) == 0xFF) {
    bom = 4;
    return TextEncoding::kUtf32Be;
  }
  if (byte(0) == 0xFF && byte(1) == 0xFE && byte(2) == 0 && byte(3) == 0) {
    bom = 4;
    return TextEncoding::kUtf32Le;
  }
  if (byte(0) == 0xFE && byte(1) == 0xFF) {
    bom = 2;
    return TextEncoding::kUtf16Be;
  }
  if (byte(0) == 0xFF && byte(1) == 0xFE) {
    bom = 2;
    return TextEncoding::kUtf16Le;
  }
  if (head.starts_with("\xEF\xBB\xBF")) {
    bom = 3;
    return TextEncoding::kUtf8;
  }
  if (byte(0) == 0 && byte(1) == 0 && byte(2) == 0 && byte(3) == '<') return TextEncoding::kUtf32Be;
  if (byte(0) == '<' && byte(1) == 0 && byte(2) == 0 && byte(3) == 0) return TextEncoding::kUtf32Le;
  if (byte(0) == 0 && byte(1) == '<') return TextEncoding::kUtf16Be;
  if (byte(0) == '<' && byte(1) == 0) return TextEncoding::kUtf16Le;
  if (head.starts_with("<?xm")) {
    std::string_view declaration = head.substr(0, head.find("?>"));
    const size_t name = declaration.find("encoding");
    if (name != std::string_view::npos) {
      declaration.remove_prefix(name + 8);
      declaration = base::StripWhitespace(declaration);
      if (declaration.starts_with("=")) declaration = base::StripWhitespace(declaration.substr(1));
      if (!declaration.empty() && (declaration[0] == '"' || declaration[0] == '\'')) {
        const std::string_view value =
            declaration.substr(1, declaration.find(declaration[0], 1) - 1);
        if (base::EqualsIgnoreCase(value, "iso-8859-1") ||
            base::EqualsIgnoreCase(value, "latin1")) {
          return TextEncoding::kLatin1;
        }
      }
    }
  }
  return TextEncoding::kUtf8;
}

// Streams part `path` (archive entry `entry`) through the XML reader into
// `handler`, converting it to UTF-8 first when it is in another encoding.
// `progress` (if set) is told how far into the archive the part has been
// inflated before each piece is read. Malformed XML is InvalidArgument naming
// the part; the archive's and the handler's errors are returned as they are.
absl::Status StreamXmlPart(const ZipReader& zip, const ZipEntry& entry, std::string_view path,
                           internal::XmlHandler& handler,
                           const std::function<void(uint64_t)>& progress) {
  // pugixml looks for an encoding declaration this far into a part.
  constexpr size_t kSniffBytes = 1024;
  IPHUB_ASSIGN_OR_RETURN(ZipEntryStream stream, zip.OpenEntry(entry));
  internal::XmlStreamReader reader(handler);
  std::optional<internal::TextDecoder> decoder;  // none for UTF-8
  std::string head;                              // the first bytes, until the encoding is known
  bool sniffed = false;
  std::string decoded;
  const auto read = [&](std::string_view bytes) -> absl::Status {
    if (!decoder.has_value()) return reader.Feed(bytes);
    decoded.clear();
    decoder->Decode(bytes, decoded);
    return reader.Feed(decoded);
  };
  const auto sniff = [&]() -> absl::Status {
    sniffed = true;
    size_t bom = 0;
    const internal::TextEncoding encoding = GuessXmlEncoding(head, bom);
    if (encoding != internal::TextEncoding::kUtf8) decoder.emplace(encoding);
    const std::string first = std::move(head);
    return read(std::string_view(first).substr(bom));
  };
  absl::Status status = absl::OkStatus();
  while (status.ok()) {
    IPHUB_ASSIGN_OR_RETURN(const std::string_view chunk, stream.Next());
    if (progress) progress(stream.archive_offset());
    if (chunk.empty()) break;
    if (sniffed) {
      status = read(chunk);
      continue;
    }
    head.append(chunk);
    if (head.size() >= kSniffBytes) status = sniff();
  }
  if (status.ok() && !sniffed) status = sniff();
  if (status.ok() && decoder.has_value()) {
    decoded.clear();
    decoder->Finish(decoded);
    status = reader.Feed(decoded);
  }
  if (status.ok()) status = reader.Finish();
  if (!status.ok() && reader.malformed()) {
    return absl::InvalidArgumentError(StrCat("XLSX part ", path, ": ", base::Sv(status.message())));
  }
  return status;
}

// Splits UTF-8 CSV text into rows as it arrives (RFC 4180; see ReadCsv). A
// state machine over the bytes, so a piece may end anywhere: inside a quoted
// field, between "\r" and "\n", between a quote and the quote escaping it.
class CsvRowSplitter {
 public:
  CsvRowSplitter(char delimiter, SheetRowSink sink)
      : delimiter_(delimiter), sink_(std::move(sink)) {
    stops_[static_cast<unsigned char>(delimiter)] = true;
    stops_['\n'] = true;
    stops_['\r'] = true;
  }

  // The next piece of text; `span` tells where in the input it came from (for
  // the rows' end offsets). Returns the sink's error, if any.
  absl::Status Feed(std::string_view text, const internal::DecodedSpan& span);
  // The end of the text, at `end_offset` in the input: the last row, or
  // InvalidArgument when a quoted field is still open (in row row_number()).
  absl::Status Finish(uint64_t end_offset);

  int64_t row_number() const { return row_.number; }

 private:
  enum class State {
    kRowStart,    // no row begun
    kFieldStart,  // at the start of a field
    kQuoted,      // inside a quoted field
    kQuote,       // after a quote inside a quoted field: "" or the closing one
    kUnquoted,    // in an unquoted field, or in stray text after a closing quote
    kAfterCr,     // after a "\r" ending a row: a "\n" may follow
  };

  void EndField() {
    if (!field_.empty() && column_ < kMaxColumns) {
      row_.cells.push_back({.column = column_, .text = field_});
    }
    field_.clear();
  }
  absl::Status EndRow(uint64_t end_offset) {
    row_.end_offset = end_offset;
    state_ = State::kRowStart;
    return sink_(row_);
  }

  char delimiter_;
  SheetRowSink sink_;
  bool stops_[256] = {};  // the bytes that end an unquoted field
  State state_ = State::kRowStart;
  SheetRow row_;
  int column_ = 0;
  std::string field_;
};

absl::Status CsvRowSplitter::Feed(std::string_view text, const internal::DecodedSpan& span) {
  // Where the row ending before text[pos] ends in the input.
  const auto offset_at = [&span](size_t pos) -> uint64_t {
    return span.aligned ? span.source_begin + pos : span.source_end;
  };
  size_t pos = 0;
  while (pos < text.size()) {
    switch (state_) {
      case State::kRowStart:
        ++row_.number;
        row_.cells.clear();
        column_ = 0;
        state_ = State::kFieldStart;
        break;
      case State::kFieldStart:
        if (text[pos] == '"') {
          ++pos;
          state_ = State::kQuoted;
        } else {
          state_ = State::kUnquoted;
        }
        break;
      case State::kQuoted: {
        const size_t quote = text.find('"', pos);
        const size_t end = quote == std::string_view::npos ? text.size() : quote;
        field_.append(text.substr(pos, end - pos));
        pos = end;
        if (quote != std::string_view::npos) {
          ++pos;
          state_ = State::kQuote;
        }
        break;
      }
      case State::kQuote:
        if (text[pos] == '"') {
          field_ += '"';
          ++pos;
          state_ = State::kQuoted;
        } else {
          state_ = State::kUnquoted;  // stray text after the closing quote is kept
        }
        break;
      case State::kUnquoted: {
        size_t end = pos;
        while (end < text.size() && !stops_[static_cast<unsigned char>(text[end])]) ++end;
        field_.append(text.substr(pos, end - pos));
        pos = end;
        if (pos == text.size()) break;
        const char stop = text[pos++];
        EndField();
        if (stop == delimiter_) {
          if (column_ < kMaxColumns) ++column_;
          state_ = State::kFieldStart;
        } else if (stop == '\r') {
          state_ = State::kAfterCr;
        } else {
          IPHUB_RETURN_IF_ERROR(EndRow(offset_at(pos)));
        }
        break;
      }
      case State::kAfterCr:
        if (text[pos] == '\n') ++pos;
        IPHUB_RETURN_IF_ERROR(EndRow(offset_at(pos)));
        break;
    }
  }
  return absl::OkStatus();
}

absl::Status CsvRowSplitter::Finish(uint64_t end_offset) {
  switch (state_) {
    case State::kRowStart:
      return absl::OkStatus();
    case State::kQuoted:
      return absl::InvalidArgumentError(
          StrCat("row ", row_.number,
                 ": a quoted field is never closed (the rest of the file would be inside it)"));
    case State::kAfterCr:
      return EndRow(end_offset);
    case State::kFieldStart:
    case State::kQuote:
    case State::kUnquoted:
      EndField();
      return EndRow(end_offset);
  }
  return absl::OkStatus();
}

}  // namespace

// ---------------------------------------------------------------------------
// Public building blocks.

std::string DecodeText(std::string_view bytes) {
  internal::TextDecoder decoder(internal::TextEncoding::kDetect);
  std::string out;
  out.reserve(bytes.size());
  decoder.Decode(bytes, out);
  decoder.Finish(out);
  return out;
}

std::string_view HeaderFieldName(std::string_view header) {
  const std::optional<AliasMatch> match = MatchHeader(header);
  return match.has_value() ? kFieldNames[static_cast<size_t>(match->field)] : std::string_view();
}

absl::StatusOr<std::string> ExcelSerialToDate(double serial, bool date1904) {
  const double limit = date1904 ? 2957003 : 2958465;  // 9999-12-31
  if (!std::isfinite(serial) || serial < (date1904 ? 0 : 1) || serial >= limit + 1) {
    char shown[64];
    std::snprintf(shown, sizeof(shown), "%g", serial);
    return absl::InvalidArgumentError(StrCat("Excel date serial ", shown, " is out of range"));
  }
  const auto days = static_cast<int64_t>(std::floor(serial));
  int64_t epoch = 0;
  if (date1904) {
    epoch = base::DaysFromCivil(1904, 1, 1);
  } else if (days == 60) {
    return absl::InvalidArgumentError(
        "Excel date serial 60 is 1900-02-29, a day that does not exist (Excel's 1900 leap-year "
        "bug)");
  } else {
    // Serial 1 is 1900-01-01; after the fictitious 1900-02-29 (60) every serial is one
    // day ahead, so counting from 1899-12-30 is right from 61 on.
    epoch = days < 60 ? base::DaysFromCivil(1899, 12, 31) : base::DaysFromCivil(1899, 12, 30);
  }
  return base::FormatCivilDate(base::CivilFromDays(epoch + days));
}

absl::StatusOr<std::string> ParseSheetDate(std::string_view raw, bool is_number, bool date1904) {
  const std::string half = HalfWidth(raw);
  std::string_view text = Trim(half);
  if (text.empty() || IsPlaceholder(text)) return std::string();
  auto bad = [&raw]() {
    return absl::InvalidArgumentError(
        StrCat("'", Trim(raw),
               "' is not a date (write 2014-09-29, 2014.09.29, 2014/9/29, "
               "20140929 or 2014年9月29日)"));
  };
  if (is_number || (text.size() >= 5 && AllDigits(text.substr(0, 5)) &&
                    (text.size() == 5 || (text[5] == '.' && AllDigits(text.substr(6)))))) {
    if (text.size() == 8 && AllDigits(text)) {
      std::optional<std::string> date =
          MakeDate(text.substr(0, 4), text.substr(4, 2), text.substr(6, 2));
      if (date.has_value()) return *date;
    }
    const std::optional<double> serial = ParseDouble(text);
    if (!serial.has_value()) return bad();
    absl::StatusOr<std::string> date = ExcelSerialToDate(*serial, date1904);
    if (!date.ok()) {
      return absl::InvalidArgumentError(
          StrCat("'", text, "' is not a date: ", base::Sv(date.status().message())));
    }
    return date;
  }
  // A time after the date is ignored: "2014-09-29 00:00:00", "2017-03-01T00:00:00".
  if (const size_t cut = text.find_first_of(" T"); cut != std::string_view::npos) {
    text = text.substr(0, cut);
  }
  if (const size_t year_mark = text.find("年"); year_mark != std::string_view::npos) {
    const size_t month_mark = text.find("月", year_mark);
    if (month_mark == std::string_view::npos) return bad();
    std::string_view day = text.substr(month_mark + 3);
    if (day.ends_with("日")) day.remove_suffix(3);
    if (day.ends_with("号")) day.remove_suffix(3);
    std::optional<std::string> date =
        MakeDate(Trim(text.substr(0, year_mark)),
                 Trim(text.substr(year_mark + 3, month_mark - year_mark - 3)), Trim(day));
    if (!date.has_value()) return bad();
    return *date;
  }
  if (text.size() == 8 && AllDigits(text)) {
    std::optional<std::string> date =
        MakeDate(text.substr(0, 4), text.substr(4, 2), text.substr(6, 2));
    if (!date.has_value()) return bad();
    return *date;
  }
  const size_t first = text.find_first_of("-./");
  if (first == std::string_view::npos) return bad();
  const size_t second = text.find(text[first], first + 1);
  if (second == std::string_view::npos) return bad();
  std::optional<std::string> date = MakeDate(
      text.substr(0, first), text.substr(first + 1, second - first - 1), text.substr(second + 1));
  if (!date.has_value()) return bad();
  return *date;
}

absl::StatusOr<PublicationNumberParts> SplitPublicationNumber(std::string_view text) {
  std::string compact;
  for (char c : HalfWidth(text)) {
    if (base::IsAsciiDigit(c) || base::IsAsciiAlpha(c)) compact += base::AsciiUpper(c);
  }
  auto bad = [&text]() {
    return absl::InvalidArgumentError(
        StrCat("'", Trim(text), "' is not a publication number (e.g. CN104223590A)"));
  };
  if (compact.size() > 32 || compact.find_first_of("0123456789") == std::string::npos) return bad();
  PublicationNumberParts parts;
  std::string_view rest = compact;
  if (rest.size() >= 2 && base::IsAsciiAlpha(rest[0]) && base::IsAsciiAlpha(rest[1])) {
    parts.country = std::string(rest.substr(0, 2));
    rest.remove_prefix(2);
  }
  const size_t size = rest.size();
  if (size >= 3 && base::IsAsciiDigit(rest[size - 1]) && base::IsAsciiAlpha(rest[size - 2]) &&
      base::IsAsciiDigit(rest[size - 3])) {
    parts.kind = std::string(rest.substr(size - 2));
    rest.remove_suffix(2);
  } else if (size >= 2 && base::IsAsciiAlpha(rest[size - 1]) &&
             base::IsAsciiDigit(rest[size - 2])) {
    parts.kind = std::string(rest.substr(size - 1));
    rest.remove_suffix(1);
  }
  if (rest.find_first_of("0123456789") == std::string_view::npos) return bad();
  parts.number = std::string(rest);
  return parts;
}

std::vector<Claim> SplitClaims(std::string_view raw) {
  std::vector<Claim> claims;
  const std::string half_digits = std::string(Trim(raw));
  const std::string_view text = half_digits;
  if (text.empty()) return claims;
  const size_t first = ClaimMarkerAt(text, 0, 1);
  if (first == 0) {
    std::string body(text);
    claims.push_back({.number = 1, .text = body, .depends_on = ParseClaimDependencies(body)});
    return claims;
  }
  int number = 1;
  size_t body_start = first;
  while (true) {
    const std::string next_digits = std::to_string(number + 1);
    size_t found = std::string_view::npos;
    size_t marker = 0;
    for (size_t pos = text.find(next_digits, body_start); pos != std::string_view::npos;
         pos = text.find(next_digits, pos + 1)) {
      if ((pos > 0 && base::IsAsciiDigit(text[pos - 1])) || !AtClaimBoundary(text, pos)) continue;
      marker = ClaimMarkerAt(text, pos, number + 1);
      if (marker > 0) {
        found = pos;
        break;
      }
    }
    std::string body(
        Trim(text.substr(body_start, found == std::string_view::npos ? std::string_view::npos
                                                                     : found - body_start)));
    std::vector<int> depends_on = ParseClaimDependencies(body);
    claims.push_back(
        {.number = number, .text = std::move(body), .depends_on = std::move(depends_on)});
    if (found == std::string_view::npos) break;
    ++number;
    body_start = found + marker;
  }
  return claims;
}

absl::Status ReadCsvRows(std::string_view text, char delimiter, const SheetRowSink& sink) {
  CsvRowSplitter splitter(delimiter, sink);
  IPHUB_RETURN_IF_ERROR(
      splitter.Feed(text, {.source_begin = 0, .source_end = text.size(), .aligned = true}));
  return splitter.Finish(text.size());
}

// ---------------------------------------------------------------------------
// XLSX.

absl::StatusOr<XlsxWorkbook> XlsxWorkbook::Open(std::string_view bytes,
                                                const SheetOptions& options) {
  absl::StatusOr<ZipReader> zip = ZipReader::Open(bytes, options.zip_limits);
  if (!zip.ok()) {
    return absl::InvalidArgumentError(
        StrCat("not an XLSX workbook: ", base::Sv(zip.status().message())));
  }
  XlsxWorkbook workbook(*std::move(zip));
  const ZipReader& reader = workbook.zip_;

  std::string workbook_path = "xl/workbook.xml";
  IPHUB_ASSIGN_OR_RETURN(auto package, ReadRelationships(reader, "_rels/.rels", ""));
  for (const auto& [id, relationship] : package) {
    if (TypeEndsWith(relationship, "/officeDocument")) workbook_path = relationship.target;
  }
  const ZipEntry* workbook_entry = reader.Find(workbook_path);
  if (workbook_entry == nullptr) {
    return absl::InvalidArgumentError(
        StrCat("not an XLSX workbook: the archive has no ", workbook_path));
  }
  IPHUB_ASSIGN_OR_RETURN(std::string workbook_text, reader.Read(*workbook_entry));
  pugi::xml_document workbook_xml;
  IPHUB_RETURN_IF_ERROR(ParseXmlPart(workbook_path, workbook_text, workbook_xml));
  const pugi::xml_node root = workbook_xml.document_element();
  if (LocalName(root) != "workbook") {
    return absl::InvalidArgumentError(
        StrCat("not an XLSX workbook: ", workbook_path, " has root <", root.name(), ">"));
  }
  const std::string_view date1904 = Attribute(Child(root, "workbookPr"), "date1904");
  workbook.date1904_ = date1904 == "1" || date1904 == "true";

  const std::string_view base_dir = DirectoryOf(workbook_path);
  const std::string rels_path = StrCat(
      base_dir.empty() ? "" : StrCat(base_dir, "/"), "_rels/",
      std::string_view(workbook_path).substr(base_dir.empty() ? 0 : base_dir.size() + 1), ".rels");
  IPHUB_ASSIGN_OR_RETURN(auto relationships, ReadRelationships(reader, rels_path, base_dir));
  for (pugi::xml_node sheet = Child(Child(root, "sheets"), "sheet"); sheet;
       sheet = sheet.next_sibling()) {
    if (sheet.type() != pugi::node_element || LocalName(sheet) != "sheet") continue;
    const auto found = relationships.find(std::string(Attribute(sheet, "id")));
    workbook.sheet_names_.push_back(CleanCell(sheet.attribute("name").value()));
    std::string path = found == relationships.end() ? std::string() : found->second.target;
    if (path.empty()) {
      // No relationship: the conventional name of the n-th worksheet.
      path = StrCat("xl/worksheets/sheet", workbook.sheet_names_.size(), ".xml");
    }
    workbook.sheet_paths_.push_back(std::move(path));
  }
  if (workbook.sheet_names_.empty()) {
    return absl::InvalidArgumentError("XLSX workbook has no sheets");
  }

  std::string shared_path, styles_path;
  for (const auto& [id, relationship] : relationships) {
    if (TypeEndsWith(relationship, "/sharedStrings")) shared_path = relationship.target;
    if (TypeEndsWith(relationship, "/styles")) styles_path = relationship.target;
  }
  auto shared_strings = std::make_shared<internal::StringStore>(options.shared_strings_memory);
  if (const ZipEntry* entry = reader.Find(shared_path); entry != nullptr) {
    SharedStringsReader strings(*shared_strings);
    IPHUB_RETURN_IF_ERROR(StreamXmlPart(reader, *entry, shared_path, strings, {}));
    IPHUB_RETURN_IF_ERROR(shared_strings->Seal());
  }
  workbook.shared_strings_ = std::move(shared_strings);
  if (const ZipEntry* entry = reader.Find(styles_path); entry != nullptr) {
    IPHUB_ASSIGN_OR_RETURN(std::string text, reader.Read(*entry));
    pugi::xml_document document;
    IPHUB_RETURN_IF_ERROR(ParseXmlPart(styles_path, text, document));
    const pugi::xml_node style_sheet = document.document_element();
    std::unordered_map<int, bool> custom_dates;
    for (pugi::xml_node format = Child(Child(style_sheet, "numFmts"), "numFmt"); format;
         format = format.next_sibling()) {
      if (format.type() != pugi::node_element || LocalName(format) != "numFmt") continue;
      custom_dates[format.attribute("numFmtId").as_int(-1)] =
          IsDateFormatCode(format.attribute("formatCode").value());
    }
    for (pugi::xml_node xf = Child(Child(style_sheet, "cellXfs"), "xf"); xf;
         xf = xf.next_sibling()) {
      if (xf.type() != pugi::node_element || LocalName(xf) != "xf") continue;
      const int id = xf.attribute("numFmtId").as_int(0);
      const auto custom = custom_dates.find(id);
      workbook.date_styles_.push_back(custom != custom_dates.end() ? custom->second
                                                                   : IsBuiltinDateFormat(id));
    }
  }
  return workbook;
}

absl::Status XlsxWorkbook::ReadSheet(size_t index, const SheetRowSink& sink) const {
  if (index >= sheet_paths_.size()) {
    return absl::InvalidArgumentError(StrCat("XLSX workbook has no sheet ", index + 1));
  }
  const std::string& path = sheet_paths_[index];
  const ZipEntry* entry = path.empty() ? nullptr : zip_.Find(path);
  if (entry == nullptr) {
    return absl::InvalidArgumentError(StrCat("XLSX sheet \"", sheet_names_[index], "\": its part ",
                                             path.empty() ? "(none)" : path,
                                             " is missing from the workbook"));
  }
  internal::StringStore::Reader strings(*shared_strings_);
  SheetReader reader(sink, strings, date_styles_);
  return StreamXmlPart(zip_, *entry, path, reader,
                       [&reader](uint64_t offset) { reader.set_end_offset(offset); });
}

// ---------------------------------------------------------------------------
// Rows to patents.

absl::Status PatentRowMapper::Feed(const SheetRow& row, const RowSink& sink) {
  bool any = false;
  for (const SheetCell& cell : row.cells) any = any || !CleanCell(cell.text).empty();
  if (!any) return absl::OkStatus();
  if (has_header()) {
    if (RepeatsTheHeader(row)) return absl::OkStatus();
    return sink(RowResult{.row = row.number, .patent = MapRow(row), .end_offset = row.end_offset});
  }
  if (gave_up() || !header_problem_.ok()) return absl::OkStatus();
  ++rows_looked_at_;

  std::vector<Column> candidates;
  std::vector<std::string> headers;
  std::vector<int> ranks;
  for (const SheetCell& cell : row.cells) {
    std::string header = OneLine(CleanCell(cell.text));
    headers.push_back(header);
    const std::optional<AliasMatch> match = MatchHeader(header);
    if (!match.has_value()) continue;
    const int field = static_cast<int>(match->field);
    bool replaced = false;
    for (size_t idx = 0; idx < candidates.size(); ++idx) {
      if (candidates[idx].field != field) continue;
      replaced = true;
      if (match->rank < ranks[idx]) {
        candidates[idx] = {.index = cell.column, .field = field, .header = header};
        ranks[idx] = match->rank;
      }
    }
    if (!replaced) {
      candidates.push_back({.index = cell.column, .field = field, .header = header});
      ranks.push_back(match->rank);
    }
  }
  if (first_headers_.empty()) first_headers_ = headers;
  auto has = [&candidates](Field field) {
    for (const Column& column : candidates) {
      if (column.field == static_cast<int>(field)) return true;
    }
    return false;
  };
  const bool publication = has(Field::kPublicationNumber) || has(Field::kGrantPublicationNumber);
  if (publication) {
    columns_ = std::move(candidates);
    return absl::OkStatus();
  }
  if (has(Field::kApplicationNumber)) {
    std::string found;
    for (const std::string& header : headers) {
      if (header.empty()) continue;
      base::StrAppend(&found, found.empty() ? "" : ", ", Shorten(header, 60));
    }
    header_problem_ = absl::InvalidArgumentError(
        StrCat("row ", row.number,
               ": the header has an application-number column but no publication-number column "
               "(公开(公告)号); the publication number is the key every record is stored under. "
               "Headers found: ",
               found));
  }
  return absl::OkStatus();
}

// Exports glued together page by page repeat the header row: a row whose
// publication-number cell is itself such a header is one.
bool PatentRowMapper::RepeatsTheHeader(const SheetRow& row) const {
  for (const Column& column : columns_) {
    if (column.field != static_cast<int>(Field::kPublicationNumber) &&
        column.field != static_cast<int>(Field::kGrantPublicationNumber)) {
      continue;
    }
    for (const SheetCell& cell : row.cells) {
      if (cell.column != column.index) continue;
      const std::optional<AliasMatch> match = MatchHeader(OneLine(CleanCell(cell.text)));
      if (match.has_value() && static_cast<int>(match->field) == column.field) return true;
    }
  }
  return false;
}

absl::Status PatentRowMapper::Finish() const {
  if (has_header()) return absl::OkStatus();
  if (!header_problem_.ok()) return header_problem_;
  if (first_headers_.empty()) return absl::InvalidArgumentError("the sheet is empty");
  std::string found;
  int listed = 0;
  for (const std::string& header : first_headers_) {
    if (header.empty()) continue;
    if (++listed > 40) {
      found += ", …";
      break;
    }
    base::StrAppend(&found, listed == 1 ? "" : ", ", Shorten(header, 60));
  }
  return absl::InvalidArgumentError(
      StrCat("no header row with a publication-number (公开(公告)号) or application-number "
             "(申请号) column in the first ",
             kHeaderSearchRows, " non-empty rows; headers found: ", found));
}

absl::StatusOr<Patent> PatentRowMapper::MapRow(const SheetRow& row) const {
  constexpr auto kFields = static_cast<size_t>(Field::kCount);
  std::vector<const SheetCell*> cells(kFields, nullptr);
  std::vector<std::string> values(kFields);
  std::vector<std::string_view> headers(kFields);
  for (const Column& column : columns_) headers[static_cast<size_t>(column.field)] = column.header;
  for (const SheetCell& cell : row.cells) {
    for (const Column& column : columns_) {
      if (column.index != cell.column) continue;
      cells[static_cast<size_t>(column.field)] = &cell;
      values[static_cast<size_t>(column.field)] = CleanCell(cell.text);
    }
  }
  auto value = [&values](Field field) -> const std::string& {
    return values[static_cast<size_t>(field)];
  };
  auto fail = [&](Field field, std::string_view detail) {
    const std::string_view header = headers[static_cast<size_t>(field)];
    return absl::InvalidArgumentError(
        header.empty() ? StrCat("row ", row.number, ": ", detail)
                       : StrCat("row ", row.number, ", column ", header, ": ", detail));
  };
  auto date = [&](Field field) -> absl::StatusOr<std::string> {
    const SheetCell* cell = cells[static_cast<size_t>(field)];
    if (cell == nullptr) return std::string();
    absl::StatusOr<std::string> parsed = ParseSheetDate(value(field), cell->is_number, date1904_);
    if (!parsed.ok()) return fail(field, base::Sv(parsed.status().message()));
    return parsed;
  };

  Patent patent;
  // Identity: the publication number is the key records are stored under.
  Field number_field = Field::kPublicationNumber;
  if (value(number_field).empty() && !value(Field::kGrantPublicationNumber).empty()) {
    number_field = Field::kGrantPublicationNumber;
  }
  if (headers[static_cast<size_t>(number_field)].empty())
    number_field = Field::kGrantPublicationNumber;
  const std::string& publication = value(number_field);
  if (publication.empty()) {
    const std::string& application = value(Field::kApplicationNumber);
    return fail(number_field,
                application.empty()
                    ? std::string("no publication number")
                    : StrCat("no publication number for application ", application,
                             "; the publication number is the key every record is stored under"));
  }
  absl::StatusOr<PublicationNumberParts> parts = SplitPublicationNumber(publication);
  if (!parts.ok()) return fail(number_field, base::Sv(parts.status().message()));
  patent.country = parts->country;
  if (patent.country.empty()) {
    std::string given;
    for (char c : HalfWidth(value(Field::kCountry))) {
      if (base::IsAsciiAlpha(c)) given += base::AsciiUpper(c);
    }
    // Sheets from Chinese databases without country letters number CN documents.
    patent.country = given.size() == 2 ? given : "CN";
  }
  patent.doc_number = parts->number;
  patent.kind = parts->kind;
  if (patent.kind.empty() && patent.country == "CN" && patent.doc_number.size() == 9 &&
      AllDigits(patent.doc_number)) {
    patent.kind = KindFromType(value(Field::kType));
  }
  if (patent.kind.empty()) {
    return fail(number_field,
                StrCat("'", publication,
                       "' has no kind code (A, B, U, S …) and no 专利类型 column tells it"));
  }
  patent.publication_number = StrCat(patent.country, patent.doc_number, patent.kind);
  patent.type = DocumentTypeFor(patent.country, patent.kind);

  if (const std::string& application = value(Field::kApplicationNumber); !application.empty()) {
    patent.application_number_original = application;
    if (patent.country == "CN") {
      absl::StatusOr<std::string> normalised = NormalizeCnApplicationNumber(application);
      if (!normalised.ok()) {
        return fail(Field::kApplicationNumber, base::Sv(normalised.status().message()));
      }
      patent.application_number = *std::move(normalised);
    } else {
      std::string compact;
      for (char c : HalfWidth(application)) {
        if (base::IsAsciiDigit(c) || base::IsAsciiAlpha(c)) compact += base::AsciiUpper(c);
      }
      if (std::string_view(compact).starts_with(patent.country)) compact.erase(0, 2);
      patent.application_number = std::move(compact);
    }
  }

  IPHUB_ASSIGN_OR_RETURN(patent.application_date, date(Field::kApplicationDate));
  IPHUB_ASSIGN_OR_RETURN(patent.publication_date, date(Field::kPublicationDate));
  IPHUB_ASSIGN_OR_RETURN(patent.grant_date, date(Field::kGrantDate));
  IPHUB_ASSIGN_OR_RETURN(const std::string legal_status_date, date(Field::kLegalStatusDate));
  if (patent.grant_date.empty() && patent.type == DocumentType::kCnInventionGrant) {
    patent.grant_date = patent.publication_date;
  }

  patent.title = OneLine(value(Field::kTitle));
  patent.abstract = value(Field::kAbstract);
  patent.description = value(Field::kDescription);
  if (!value(Field::kClaims).empty()) {
    patent.claims = SplitClaims(value(Field::kClaims));
  } else if (!value(Field::kMainClaim).empty()) {
    patent.claims.push_back({.number = 1, .text = StripClaimNumber(value(Field::kMainClaim))});
  }

  for (std::string& name : SplitList(value(Field::kApplicants), /*commas=*/true)) {
    Party party;
    party.type = GuessPartyType(name);
    party.name = std::move(name);
    patent.applicants.push_back(std::move(party));
  }
  if (!patent.applicants.empty()) {
    Party& first = patent.applicants.front();
    first.address = value(Field::kAddress);
    first.postcode = value(Field::kPostcode);
    if (first.postcode.empty()) first.postcode = LeadingPostcode(first.address);
    ApplyRegion(value(Field::kRegion), first);
    if (first.country.empty() && patent.country == "CN" && !first.postcode.empty()) {
      first.country = "CN";
    }
  }
  for (std::string& name : SplitList(value(Field::kInventors), /*commas=*/true)) {
    patent.inventors.push_back({.name = std::move(name), .type = PartyType::kIndividual});
  }
  patent.agency = OneLine(value(Field::kAgency));
  patent.agents = SplitList(value(Field::kAgents), /*commas=*/true);

  patent.ipc = ParseClassifications(value(Field::kIpc));
  patent.ipc_main = NormalizeClassificationSymbol(HalfWidth(value(Field::kIpcMain)));
  if (!patent.ipc_main.empty()) {
    bool listed = false;
    for (const Classification& ipc : patent.ipc) listed = listed || ipc.symbol == patent.ipc_main;
    if (!listed) patent.ipc.insert(patent.ipc.begin(), Classification{.symbol = patent.ipc_main});
  } else if (!patent.ipc.empty()) {
    patent.ipc_main = patent.ipc.front().symbol;
  }
  patent.cpc = ParseClassifications(value(Field::kCpc));
  patent.locarno = OneLine(value(Field::kLocarno));

  if (!value(Field::kLegalStatus).empty()) {
    patent.legal_events.push_back(
        {.code = "", .date = legal_status_date, .text = OneLine(value(Field::kLegalStatus))});
  }

  patent.priorities = ParsePriorities(value(Field::kPriorities));
  size_t priority_index = 0;
  for (const std::string& item : SplitList(value(Field::kPriorityDates), /*commas=*/true)) {
    absl::StatusOr<std::string> parsed = ParseSheetDate(item, false, date1904_);
    if (!parsed.ok()) return fail(Field::kPriorityDates, base::Sv(parsed.status().message()));
    if (priority_index < patent.priorities.size()) {
      if (patent.priorities[priority_index].date.empty()) {
        patent.priorities[priority_index].date = *parsed;
      }
      ++priority_index;
    }
  }

  for (const std::string& item : SplitList(value(Field::kCitations), /*commas=*/true)) {
    absl::StatusOr<PublicationNumberParts> cited = SplitPublicationNumber(item);
    if (!cited.ok() || cited->country.empty()) continue;  // not a patent number we can read
    patent.citations.push_back({.kind = Citation::Kind::kPatent,
                                .country = cited->country,
                                .number = cited->number,
                                .kind_code = cited->kind});
  }
  patent.family_id = OneLine(value(Field::kFamilyId));

  if (patent.country == "CN") {
    patent.language = "zh";
  } else if (!patent.title.empty()) {
    const bool ascii = std::all_of(patent.title.begin(), patent.title.end(),
                                   [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    patent.language = ascii ? "en" : "";
  }
  return patent;
}

// ---------------------------------------------------------------------------
// Readers.

namespace {

// The separator is sniffed in this much of the text, and a file is fed to the
// CSV reader in pieces of kCsvPieceBytes.
constexpr size_t kSniffTextBytes = 65536;
constexpr size_t kCsvPieceBytes = size_t{256} << 10;

// The separator seen most often outside quotes in the first ten lines (a
// title line above the header may have none).
char SniffDelimiter(std::string_view text) {
  size_t counts[3] = {0, 0, 0};
  constexpr char kCandidates[3] = {',', '\t', ';'};
  bool quoted = false;
  int lines = 0;
  for (size_t pos = 0; pos < text.size() && pos < kSniffTextBytes && lines < 10; ++pos) {
    const char c = text[pos];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') ++lines;
    for (size_t idx = 0; idx < 3; ++idx) counts[idx] += c == kCandidates[idx] ? 1 : 0;
  }
  size_t best = 0;
  for (size_t idx = 1; idx < 3; ++idx) {
    if (counts[idx] > counts[best]) best = idx;
  }
  return kCandidates[best];
}

}  // namespace

// The state of a CsvReader: text decoded a piece at a time (TextDecoder),
// the first 64 KiB held until the delimiter is sniffed, then split into rows
// (CsvRowSplitter) that the mapper turns into patents.
struct CsvReader::State {
  State(RowSink sink_in, const SheetOptions& options_in)
      : sink(std::move(sink_in)), options(options_in), decoder(internal::TextEncoding::kDetect) {}

  // Splits a piece of decoded text (once the delimiter is known); returns the
  // sink's error.
  absl::Status Split(std::string_view piece, const internal::DecodedSpan& span, bool at_end);

  RowSink sink;
  SheetOptions options;
  internal::TextDecoder decoder;
  std::string text;                   // the piece being decoded
  std::string head;                   // the text before the delimiter is known …
  internal::DecodedSpan head_span{};  // … and where it came from
  std::optional<CsvRowSplitter> splitter;
  PatentRowMapper mapper;
  // The sink's own errors are told apart from the sheet's by this flag.
  bool sink_failed = false;
  bool done = false;
};

absl::Status CsvReader::State::Split(std::string_view piece, const internal::DecodedSpan& span,
                                     bool at_end) {
  absl::Status status = absl::OkStatus();
  if (splitter.has_value()) {
    status = splitter->Feed(piece, span);
  } else {
    if (head.empty()) {
      head_span = span;  // (spans before gave no text; a BOM may lie between)
    } else {
      head_span.aligned = head_span.aligned && span.aligned;  // spans follow each other
      head_span.source_end = span.source_end;
    }
    head.append(piece);
    if (head.size() < kSniffTextBytes && !at_end) return absl::OkStatus();
    const char delimiter = options.delimiter != 0 ? options.delimiter : SniffDelimiter(head);
    splitter.emplace(delimiter, [this](const SheetRow& row) -> absl::Status {
      if (mapper.gave_up()) return absl::CancelledError("no header row");
      absl::Status fed = mapper.Feed(row, sink);
      sink_failed = !fed.ok();
      return fed;
    });
    const std::string buffered = std::move(head);
    head = std::string();
    status = splitter->Feed(buffered, head_span);
  }
  if (sink_failed) {
    done = true;
    return status;
  }
  if (absl::IsCancelled(status)) {
    done = true;  // no header row where one must be: the rest need not be read
    return absl::OkStatus();
  }
  return status;
}

CsvReader::CsvReader(RowSink sink, const SheetOptions& options)
    : state_(std::make_unique<State>(std::move(sink), options)) {}
CsvReader::CsvReader(CsvReader&&) noexcept = default;
CsvReader& CsvReader::operator=(CsvReader&&) noexcept = default;
CsvReader::~CsvReader() = default;

absl::Status CsvReader::Feed(std::string_view bytes) {
  State& state = *state_;
  if (state.done) return absl::OkStatus();
  state.text.clear();
  const internal::DecodedSpan span = state.decoder.Decode(bytes, state.text);
  return state.Split(state.text, span, /*at_end=*/false);
}

bool CsvReader::done() const { return state_->done; }

absl::Status CsvReader::Finish() {
  State& state = *state_;
  if (!state.done) {
    state.text.clear();
    const internal::DecodedSpan span = state.decoder.Finish(state.text);
    IPHUB_RETURN_IF_ERROR(state.Split(state.text, span, /*at_end=*/true));
    if (!state.done) {
      absl::Status status = state.splitter->Finish(span.source_end);
      if (state.sink_failed) return status;
      if (!status.ok() && !absl::IsCancelled(status)) {
        if (!state.mapper.has_header()) return status;
        // An unclosed quote swallowed the rest of the file: one row's problem.
        return state.sink(RowResult{.row = state.splitter->row_number(),
                                    .patent = std::move(status),
                                    .end_offset = span.source_end});
      }
    }
  }
  return state.mapper.Finish();
}

absl::Status ReadCsv(std::string_view bytes, const RowSink& sink, const SheetOptions& options) {
  CsvReader reader(sink, options);
  for (size_t pos = 0; pos < bytes.size() && !reader.done(); pos += kCsvPieceBytes) {
    IPHUB_RETURN_IF_ERROR(reader.Feed(bytes.substr(pos, kCsvPieceBytes)));
  }
  return reader.Finish();
}

absl::Status ReadXlsx(std::string_view bytes, const RowSink& sink, const SheetOptions& options) {
  IPHUB_ASSIGN_OR_RETURN(const XlsxWorkbook workbook, XlsxWorkbook::Open(bytes, options));
  absl::Status first_problem = absl::OkStatus();
  for (size_t index = 0; index < workbook.sheet_names().size(); ++index) {
    PatentRowMapper mapper(workbook.date1904());
    bool sink_failed = false;
    absl::Status status = workbook.ReadSheet(index, [&](const SheetRow& row) -> absl::Status {
      if (mapper.gave_up()) return absl::CancelledError("no header");
      absl::Status fed = mapper.Feed(row, sink);
      sink_failed = !fed.ok();
      return fed;
    });
    if (sink_failed) return status;
    if (!status.ok() && !absl::IsCancelled(status)) {
      if (mapper.has_header()) return status;
      if (first_problem.ok()) first_problem = status;
      continue;
    }
    if (mapper.has_header()) return absl::OkStatus();
    if (first_problem.ok()) {
      const absl::Status problem = mapper.Finish();
      first_problem = absl::InvalidArgumentError(
          StrCat("sheet \"", workbook.sheet_names()[index], "\": ", base::Sv(problem.message())));
    }
  }
  return first_problem;
}

}  // namespace iphub::patents::importers
