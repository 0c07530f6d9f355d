#include "iphub/patents/importers/registry_json.h"

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>

#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/patents/numbers.h"
#include "nlohmann/json.hpp"

namespace iphub::patents::importers {
namespace {

using nlohmann::json;

// A file nests at most five levels (response → Result → record →
// PatentLegalHistory → event); far deeper input is refused while parsing.
constexpr int kMaxDepth = 32;

// Builds a json DOM from nlohmann's SAX events. nlohmann's SAX parser is
// iterative and reports errors here instead of throwing; this builder adds a
// nesting limit (a deep DOM would be destroyed, copied and dumped recursively)
// and keeps the byte position of a syntax error.
class DomBuilder final : public nlohmann::json_sax<json> {
 public:
  explicit DomBuilder(int max_depth) : max_depth_(max_depth) {}

  bool null() override { return Add(nullptr); }
  bool boolean(bool value) override { return Add(value); }
  bool number_integer(number_integer_t value) override { return Add(value); }
  bool number_unsigned(number_unsigned_t value) override { return Add(value); }
  bool number_float(number_float_t value, const string_t& /*text*/) override { return Add(value); }
  bool string(string_t& value) override { return Add(std::move(value)); }
  bool binary(binary_t& /*value*/) override {
    error_ = absl::InvalidArgumentError("binary values are not JSON");
    return false;
  }
  bool start_object(std::size_t /*elements*/) override { return Open(json::object()); }
  bool key(string_t& key) override {
    key_ = std::move(key);
    return true;
  }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t /*elements*/) override { return Open(json::array()); }
  bool end_array() override { return Close(); }
  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const json::exception& error) override {
    std::string_view what = error.what();
    // Drop nlohmann's "[json.exception.parse_error.101] " prefix.
    if (auto bracket = what.find("] "); what.starts_with("[json.") && bracket != what.npos) {
      what.remove_prefix(bracket + 2);
    }
    error_ = absl::InvalidArgumentError(
        base::StrCat("malformed JSON at byte ", static_cast<int64_t>(position), ": ", what));
    return false;
  }

  // The document, or why there is none.
  absl::StatusOr<json> Take(bool parsed) {
    if (!error_.ok()) return error_;
    if (!parsed || !stack_.empty()) return absl::InvalidArgumentError("malformed JSON");
    return std::move(root_);
  }

 private:
  // Places a value in the open container (or as the root).
  bool Add(json&& value) {
    Place(std::move(value));
    return true;
  }

  // Returns where the value went.
  json* Place(json&& value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    json& slot = parent[key_];  // a repeated key: the last value wins
    slot = std::move(value);
    return &slot;
  }

  bool Open(json&& container) {
    if (static_cast<int>(stack_.size()) >= max_depth_) {
      error_ = absl::InvalidArgumentError(
          base::StrCat("JSON nested deeper than ", max_depth_, " levels"));
      return false;
    }
    // Pointers into parents stay valid: a parent is not changed while a child is open.
    stack_.push_back(Place(std::move(container)));
    return true;
  }

  bool Close() {
    if (stack_.empty()) return false;
    stack_.pop_back();
    return true;
  }

  int max_depth_;
  json root_;
  std::vector<json*> stack_;
  std::string key_;
  absl::Status error_ = absl::OkStatus();
};

absl::StatusOr<json> ParseJson(std::string_view text, int max_depth) {
  DomBuilder builder(max_depth);
  const bool parsed = json::sax_parse(text.begin(), text.end(), &builder);
  return builder.Take(parsed);
}

std::string_view Strip(std::string_view text) { return base::StripWhitespace(text); }

// Splits on any of `separators` (UTF-8 strings), dropping empty pieces.
std::vector<std::string> Split(std::string_view text,
                               std::initializer_list<std::string_view> separators) {
  std::vector<std::string> pieces;
  size_t start = 0;
  size_t at = 0;
  while (at < text.size()) {
    size_t matched = 0;
    for (std::string_view separator : separators) {
      if (text.substr(at).starts_with(separator)) {
        matched = separator.size();
        break;
      }
    }
    if (matched == 0) {
      ++at;
      continue;
    }
    if (std::string_view piece = Strip(text.substr(start, at - start)); !piece.empty()) {
      pieces.emplace_back(piece);
    }
    at += matched;
    start = at;
  }
  if (std::string_view piece = Strip(text.substr(start)); !piece.empty()) {
    pieces.emplace_back(piece);
  }
  return pieces;
}

// Reads the source's keys out of one record (or an object inside it); every
// error names the key with the record's index: "[3].IntCls",
// "[1].PatentLegalHistory[0].LegalStatusDate".
class SourceRecord {
 public:
  SourceRecord(const json& object, int64_t index)
      : object_(object), prefix_(base::StrCat("[", index, "].")) {}
  SourceRecord(const json& object, std::string prefix)
      : object_(object), prefix_(std::move(prefix)) {}

  std::string Path(std::string_view key) const { return base::StrCat(prefix_, key); }

  absl::Status Fail(std::string_view key, std::string_view detail) const {
    return base::InvalidField(Path(key), detail);
  }

  // Present and not null.
  const json* Find(std::string_view key) const {
    auto it = object_.find(key);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }
  bool Has(std::string_view key) const { return Find(key) != nullptr; }

  // A string, trimmed; an integer is written in decimal (registries serve
  // numbers either way).
  absl::Status Text(std::string_view key, std::string& out) const {
    const json* value = Find(key);
    if (value == nullptr) return absl::OkStatus();
    if (value->is_string()) {
      out = std::string(Strip(value->get_ref<const std::string&>()));
    } else if (value->is_number_integer()) {
      out = value->dump();
    } else {
      return Fail(key, "must be a string");
    }
    return absl::OkStatus();
  }

  // "2017-03-01T00:00:00", "2016-05-27T00:00:00+08:00", "2017-03-01",
  // "2015/3/4 0:00:00", "2015/3/4" → "YYYY-MM-DD": the date as written,
  // without converting between time zones.
  absl::Status Date(std::string_view key, std::string& out) const {
    std::string text;
    IPHUB_RETURN_IF_ERROR(Text(key, text));
    out.clear();
    if (text.empty()) return absl::OkStatus();
    std::string_view date = text;
    if (size_t end = date.find_first_of("T "); end != std::string_view::npos) {
      date = date.substr(0, end);
    }
    // Year (4 digits), month and day (1 or 2 digits each), split by '-' or '/'.
    const char separator = date.size() > 4 ? date[4] : '\0';
    std::vector<std::string_view> parts;
    if (separator == '-' || separator == '/') {
      for (size_t start = 0;;) {
        const size_t end = date.find(separator, start);
        parts.push_back(date.substr(start, end == date.npos ? date.npos : end - start));
        if (end == date.npos) break;
        start = end + 1;
      }
    }
    bool valid = parts.size() == 3 && parts[0].size() == 4 && !parts[1].empty() &&
                 parts[1].size() <= 2 && !parts[2].empty() && parts[2].size() <= 2;
    for (std::string_view part : parts) {
      valid = valid && std::all_of(part.begin(), part.end(), base::IsAsciiDigit);
    }
    if (valid) {
      out = base::StrCat(parts[0], parts[1].size() == 1 ? "-0" : "-", parts[1],
                         parts[2].size() == 1 ? "-0" : "-", parts[2]);
    }
    if (!valid || !IsCivilDate(out)) {
      out.clear();
      return Fail(key, base::StrCat("'", text, "' is not a date"));
    }
    return absl::OkStatus();
  }

  // An array of strings (trimmed, empty ones dropped); a single string is one item.
  absl::Status Strings(std::string_view key, std::vector<std::string>& out) const {
    const json* value = Find(key);
    if (value == nullptr) return absl::OkStatus();
    if (value->is_string()) {
      if (std::string_view item = Strip(value->get_ref<const std::string&>()); !item.empty()) {
        out.emplace_back(item);
      }
      return absl::OkStatus();
    }
    if (!value->is_array()) return Fail(key, "must be an array of strings");
    for (size_t position = 0; position < value->size(); ++position) {
      const json& item = (*value)[position];
      if (item.is_null()) continue;
      if (!item.is_string()) {
        return Fail(base::StrCat(key, "[", position, "]"), "must be a string");
      }
      if (std::string_view text = Strip(item.get_ref<const std::string&>()); !text.empty()) {
        out.emplace_back(text);
      }
    }
    return absl::OkStatus();
  }

 private:
  const json& object_;
  std::string prefix_;
};

// ---- Trademarks ----------------------------------------------------------

absl::Status AddNiceClass(const SourceRecord& source, int64_t number, std::vector<int>& out) {
  if (number < 1 || number > 45) {
    return source.Fail("IntCls", base::StrCat(number, " is not a Nice class (1-45)"));
  }
  out.push_back(static_cast<int>(number));
  return absl::OkStatus();
}

absl::Status AddNiceClasses(const SourceRecord& source, const json& value, std::vector<int>& out) {
  if (value.is_number_integer()) return AddNiceClass(source, value.get<int64_t>(), out);
  if (value.is_string()) {
    // "9", "9,35", "9;35", "第9类".
    std::string text = value.get<std::string>();
    for (const std::string& piece : Split(text, {",", ";", "，", "；", " ", "、"})) {
      std::string_view digits = piece;
      if (digits.starts_with("第")) digits.remove_prefix(std::string_view("第").size());
      if (digits.ends_with("类")) digits.remove_suffix(std::string_view("类").size());
      if (digits.empty() || digits.size() > 3 ||
          !std::all_of(digits.begin(), digits.end(), base::IsAsciiDigit)) {
        return source.Fail("IntCls", base::StrCat("'", text, "' is not a Nice class"));
      }
      IPHUB_RETURN_IF_ERROR(AddNiceClass(source, std::stoi(std::string(digits)), out));
    }
    return absl::OkStatus();
  }
  if (value.is_array()) {
    for (const json& item : value) {
      if (!item.is_number_integer() && !item.is_string()) {
        return source.Fail("IntCls", "must hold integers or strings");
      }
      IPHUB_RETURN_IF_ERROR(AddNiceClasses(source, item, out));
    }
    return absl::OkStatus();
  }
  return source.Fail("IntCls", "must be an integer");
}

absl::StatusOr<Trademark> ReadTrademark(const SourceRecord& source) {
  Trademark mark;
  IPHUB_RETURN_IF_ERROR(source.Text("RegNo", mark.registration_number));
  if (mark.registration_number.empty()) return source.Fail("RegNo", "is empty");
  IPHUB_RETURN_IF_ERROR(AddNiceClasses(source, *source.Find("IntCls"), mark.nice_classes));
  if (mark.nice_classes.empty()) return source.Fail("IntCls", "names no class");
  std::sort(mark.nice_classes.begin(), mark.nice_classes.end());
  mark.nice_classes.erase(std::unique(mark.nice_classes.begin(), mark.nice_classes.end()),
                          mark.nice_classes.end());
  IPHUB_RETURN_IF_ERROR(source.Text("Name", mark.name));
  IPHUB_RETURN_IF_ERROR(source.Text("ApplicantCn", mark.owner));
  IPHUB_RETURN_IF_ERROR(source.Text("ApplicantEn", mark.owner_en));
  IPHUB_RETURN_IF_ERROR(source.Text("Agent", mark.agency));
  IPHUB_RETURN_IF_ERROR(source.Date("AppDate", mark.application_date));
  // Not in the list responses seen; the name detail responses are said to use [K].
  IPHUB_RETURN_IF_ERROR(source.Date("RegDate", mark.registration_date));
  IPHUB_RETURN_IF_ERROR(source.Text("FlowStatusDesc", mark.status_text));
  IPHUB_RETURN_IF_ERROR(source.Text("FlowStatus", mark.status_code));
  mark.status = TrademarkStatusFromText(mark.status_text);
  if (!mark.registration_date.empty()) {
    mark.expiry_date = TrademarkTermEnd(mark.registration_date, TrademarkRenewals(mark));
  }
  return mark;
}

// ---- Copyrights ----------------------------------------------------------

// A 软件分类号 such as "30200-0000" (five digits, '-', four digits).
bool IsSoftwareCategory(std::string_view text) {
  if (text.size() != 10 || text[5] != '-') return false;
  for (size_t at = 0; at < text.size(); ++at) {
    if (at != 5 && !base::IsAsciiDigit(text[at])) return false;
  }
  return true;
}

// A software registration number: year, "SR", serial ("2016SR309930").
bool IsSoftwareNumber(std::string_view text) {
  return text.size() > 6 && std::all_of(text.begin(), text.begin() + 4, base::IsAsciiDigit) &&
         text.substr(4, 2) == "SR" && std::all_of(text.begin() + 6, text.end(), base::IsAsciiDigit);
}

absl::StatusOr<Copyright> ReadCopyright(const SourceRecord& source, CopyrightKind kind) {
  Copyright copyright;
  copyright.kind = kind;
  IPHUB_RETURN_IF_ERROR(source.Text("RegisterNo", copyright.registration_number));
  if (copyright.registration_number.empty()) return source.Fail("RegisterNo", "is empty");
  IPHUB_RETURN_IF_ERROR(source.Text("Name", copyright.name));
  IPHUB_RETURN_IF_ERROR(source.Text("ShortName", copyright.short_name));
  IPHUB_RETURN_IF_ERROR(source.Text("VersionNo", copyright.version));
  IPHUB_RETURN_IF_ERROR(source.Text("Category", copyright.category));
  IPHUB_RETURN_IF_ERROR(source.Text("Owner", copyright.owner));
  IPHUB_RETURN_IF_ERROR(source.Date("FinishDate", copyright.completion_date));
  IPHUB_RETURN_IF_ERROR(source.Date("PublishDate", copyright.first_publication_date));
  // Software: RegisterAperDate (登记批准日期); works: RegisterDate.
  IPHUB_RETURN_IF_ERROR(source.Date("RegisterAperDate", copyright.registration_date));
  if (copyright.registration_date.empty()) {
    IPHUB_RETURN_IF_ERROR(source.Date("RegisterDate", copyright.registration_date));
  }
  return copyright;
}

// ---- Patents -------------------------------------------------------------

// "CN106844774A" → country "CN", number "106844774", kind "A"; a kind may
// carry a digit ("B2"). The number may start with a series letter ("USD534673S1").
absl::Status ReadPublicationNumber(const SourceRecord& source, Patent& patent) {
  std::string written;
  IPHUB_RETURN_IF_ERROR(source.Text("PublicationNumber", written));
  std::string compact;
  for (char c : written) {
    if (!base::IsAsciiSpace(c)) compact += base::AsciiUpper(c);
  }
  std::string_view rest = compact;
  size_t kind_size = 0;
  if (!rest.empty() && base::IsAsciiUpper(rest.back())) {
    kind_size = 1;
  } else if (rest.size() >= 2 && base::IsAsciiDigit(rest.back()) &&
             base::IsAsciiUpper(rest[rest.size() - 2])) {
    kind_size = 2;
  }
  const bool valid =
      rest.size() > 2 + kind_size && kind_size > 0 && base::IsAsciiUpper(rest[0]) &&
      base::IsAsciiUpper(rest[1]) &&
      std::all_of(rest.begin() + 2, rest.end(),
                  [](char c) { return base::IsAsciiDigit(c) || base::IsAsciiUpper(c); }) &&
      base::IsAsciiDigit(rest[rest.size() - kind_size - 1]);
  if (!valid) {
    return source.Fail("PublicationNumber",
                       base::StrCat("'", written, "' is not country + number + kind"));
  }
  patent.country = std::string(rest.substr(0, 2));
  patent.kind = std::string(rest.substr(rest.size() - kind_size));
  patent.doc_number = std::string(rest.substr(2, rest.size() - 2 - kind_size));
  patent.publication_number = compact;
  patent.type = DocumentTypeFor(patent.country, patent.kind);
  return absl::OkStatus();
}

absl::Status ReadApplicationNumber(const SourceRecord& source, Patent& patent) {
  IPHUB_RETURN_IF_ERROR(source.Text("ApplicationNumber", patent.application_number_original));
  if (patent.application_number_original.empty()) return absl::OkStatus();
  if (patent.country != "CN") {
    patent.application_number = patent.application_number_original;
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> normalised =
      NormalizeCnApplicationNumber(patent.application_number_original);
  if (!normalised.ok()) {
    return source.Fail("ApplicationNumber", base::Sv(normalised.status().message()));
  }
  patent.application_number = *std::move(normalised);
  return absl::OkStatus();
}

// "苏州中合知识产权代理事务所(普通合伙) 32266" → the name: the five-digit CNIPA
// agency code (专利代理机构代码 [K]) that qichacha appends is dropped, so the
// agency reads as the other importers write it.
std::string AgencyName(std::string_view text) {
  text = Strip(text);
  const size_t space = text.find_last_of(" \t");
  if (space != std::string_view::npos && text.size() - space - 1 == 5 &&
      std::all_of(text.begin() + static_cast<std::ptrdiff_t>(space) + 1, text.end(),
                  base::IsAsciiDigit)) {
    text = Strip(text.substr(0, space));
  }
  return std::string(text);
}

// qichacha's Agent is a JSON array encoded as a string ("[\"李中华\"]"); a real
// array and a plain list of names ("李中华;王五") are read as well.
absl::Status ReadAgents(const SourceRecord& source, Patent& patent) {
  const json* value = source.Find("Agent");
  if (value == nullptr) return absl::OkStatus();
  if (value->is_array()) return source.Strings("Agent", patent.agents);
  if (!value->is_string()) return source.Fail("Agent", "must be a string or an array");
  std::string_view text = Strip(value->get_ref<const std::string&>());
  if (!text.starts_with("[")) {
    patent.agents = Split(text, {";", "；", ",", "，", "、"});
    return absl::OkStatus();
  }
  absl::StatusOr<json> decoded = ParseJson(text, /*max_depth=*/2);
  if (!decoded.ok() || !decoded->is_array()) {
    return source.Fail("Agent", "is not a JSON array of names");
  }
  for (const json& name : *decoded) {
    if (!name.is_string()) return source.Fail("Agent", "is not a JSON array of names");
    if (std::string_view trimmed = Strip(name.get_ref<const std::string&>()); !trimmed.empty()) {
      patent.agents.emplace_back(trimmed);
    }
  }
  return absl::OkStatus();
}

// IPCList: IPC symbols, in these responses cut to the class ("G06"), kept as
// given after normalisation. For designs the list holds the Locarno class
// ("11-": class 11, subclass not given), which goes to `locarno` as "11".
absl::Status ReadClassifications(const SourceRecord& source, Patent& patent) {
  std::vector<std::string> symbols;
  IPHUB_RETURN_IF_ERROR(source.Strings("IPCList", symbols));
  if (patent.type == DocumentType::kCnDesign) {
    if (!symbols.empty()) {
      std::string_view locarno = symbols.front();
      while (locarno.ends_with("-")) locarno.remove_suffix(1);
      patent.locarno = std::string(Strip(locarno));
    }
    return absl::OkStatus();
  }
  for (const std::string& written : symbols) {
    std::string symbol = NormalizeClassificationSymbol(written);
    bool seen = false;
    for (const Classification& ipc : patent.ipc) seen = seen || ipc.symbol == symbol;
    if (!seen) patent.ipc.push_back({.symbol = std::move(symbol)});
  }
  if (!patent.ipc.empty()) patent.ipc_main = patent.ipc.front().symbol;
  return absl::OkStatus();
}

// A CNIPA legal-status code ("PB01", "C14", "EXPY"; FACTS.md §5) rather than
// a database's own number: a capital letter, then capitals and digits.
bool IsCnipaEventCode(std::string_view code) {
  return code.size() >= 2 && code.size() <= 6 && base::IsAsciiUpper(code[0]) &&
         std::all_of(code.begin(), code.end(),
                     [](char c) { return base::IsAsciiUpper(c) || base::IsAsciiDigit(c); });
}

// PatentLegalHistory [{Desc, LegalStatus, LegalStatusDate}] → legal events, in
// the source's order. qichacha's LegalStatus is its own number ("1" 公开,
// "24" 实质审查的生效, "22" 授权), not a CNIPA code: such numbers are dropped
// and the text kept, which legal_status.h reads. The record's current status
// (LegalStatusDesc, LegalStatusDate) is added when the history lacks it.
absl::Status ReadLegalEvents(const SourceRecord& source, Patent& patent) {
  if (const json* history = source.Find("PatentLegalHistory"); history != nullptr) {
    if (!history->is_array()) return source.Fail("PatentLegalHistory", "must be an array");
    for (size_t position = 0; position < history->size(); ++position) {
      const json& item = (*history)[position];
      const std::string key = base::StrCat("PatentLegalHistory[", position, "]");
      if (!item.is_object()) return source.Fail(key, "must be an object");
      const SourceRecord fields(item, base::StrCat(source.Path(key), "."));
      LegalEvent event;
      std::string code;
      IPHUB_RETURN_IF_ERROR(fields.Text("LegalStatus", code));
      IPHUB_RETURN_IF_ERROR(fields.Date("LegalStatusDate", event.date));
      IPHUB_RETURN_IF_ERROR(fields.Text("Desc", event.text));
      if (IsCnipaEventCode(code)) event.code = std::move(code);
      if (!event.code.empty() || !event.date.empty() || !event.text.empty()) {
        patent.legal_events.push_back(std::move(event));
      }
    }
  }
  LegalEvent current;
  IPHUB_RETURN_IF_ERROR(source.Text("LegalStatusDesc", current.text));
  IPHUB_RETURN_IF_ERROR(source.Date("LegalStatusDate", current.date));
  if (!current.text.empty()) {
    bool listed = false;
    for (const LegalEvent& event : patent.legal_events) {
      listed = listed ||
               (event.text == current.text && (current.date.empty() || event.date == current.date));
    }
    if (!listed) patent.legal_events.push_back(std::move(current));
  }
  return absl::OkStatus();
}

absl::StatusOr<Patent> ReadPatent(const SourceRecord& source) {
  Patent patent;
  IPHUB_RETURN_IF_ERROR(ReadPublicationNumber(source, patent));
  IPHUB_RETURN_IF_ERROR(ReadApplicationNumber(source, patent));
  if (patent.country == "CN") patent.language = "zh";
  IPHUB_RETURN_IF_ERROR(source.Date("ApplicationDate", patent.application_date));
  IPHUB_RETURN_IF_ERROR(source.Date("PublicationDate", patent.publication_date));
  if (patent.type == DocumentType::kCnInventionGrant ||
      patent.type == DocumentType::kCnUtilityModel || patent.type == DocumentType::kCnDesign) {
    patent.grant_date =
        patent.publication_date;  // a CN grant is published on the day it takes effect
  }
  IPHUB_RETURN_IF_ERROR(source.Text("Title", patent.title));
  IPHUB_RETURN_IF_ERROR(source.Text("Abstract", patent.abstract));
  std::vector<std::string> names;
  IPHUB_RETURN_IF_ERROR(source.Strings("AssigneestringList", names));
  for (std::string& name : names) {
    const PartyType type = GuessPartyType(name);
    patent.applicants.push_back({.name = std::move(name), .type = type});
  }
  names.clear();
  IPHUB_RETURN_IF_ERROR(source.Strings("InventorStringList", names));
  for (std::string& name : names) {
    patent.inventors.push_back({.name = std::move(name), .type = PartyType::kIndividual});
  }
  names.clear();
  IPHUB_RETURN_IF_ERROR(source.Strings("Agency", names));
  for (const std::string& agency : names) {
    const std::string name = AgencyName(agency);
    if (name.empty()) continue;
    patent.agency = patent.agency.empty() ? name : base::StrCat(patent.agency, "; ", name);
  }
  IPHUB_RETURN_IF_ERROR(ReadAgents(source, patent));
  IPHUB_RETURN_IF_ERROR(ReadClassifications(source, patent));
  IPHUB_RETURN_IF_ERROR(ReadLegalEvents(source, patent));
  return patent;
}

// ---- Records -------------------------------------------------------------

absl::StatusOr<RegistryItem> ReadRecord(const json& value, int64_t index) {
  if (!value.is_object()) {
    return base::InvalidField(base::StrCat("[", index, "]"), "must be an object");
  }
  SourceRecord source(value, index);
  if (source.Has("RegNo") && source.Has("IntCls")) {
    IPHUB_ASSIGN_OR_RETURN(Trademark mark, ReadTrademark(source));
    return RegistryItem(std::move(mark));
  }
  if (source.Has("PublicationNumber") && source.Has("ApplicationNumber")) {
    IPHUB_ASSIGN_OR_RETURN(Patent patent, ReadPatent(source));
    return RegistryItem(std::move(patent));
  }
  if (source.Has("RegisterNo")) {
    std::string number, category;
    IPHUB_RETURN_IF_ERROR(source.Text("RegisterNo", number));
    IPHUB_RETURN_IF_ERROR(source.Text("Category", category));
    std::optional<CopyrightKind> kind;
    if (number.find("作登字") != std::string::npos) {
      kind = CopyrightKind::kWork;
    } else if (value.contains("VersionNo") || IsSoftwareCategory(category) ||
               IsSoftwareNumber(number)) {
      kind = CopyrightKind::kSoftware;
    }
    if (!kind.has_value()) {
      return source.Fail("RegisterNo",
                         base::StrCat("'", number,
                                      "' is neither a software (VersionNo, 软件分类号, "
                                      "…SR…) nor a works (…作登字…) registration"));
    }
    IPHUB_ASSIGN_OR_RETURN(Copyright copyright, ReadCopyright(source, *kind));
    return RegistryItem(std::move(copyright));
  }
  return base::InvalidField(base::StrCat("[", index, "]"),
                            "is not a trademark (RegNo, IntCls), copyright (RegisterNo) or patent "
                            "(PublicationNumber, ApplicationNumber) record");
}

// The keys that make an object a record rather than a response around records.
bool IsRecord(const json& value) {
  return value.contains("RegNo") || value.contains("RegisterNo") ||
         value.contains("PublicationNumber");
}

}  // namespace

bool LooksLikeRegistryJson(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  bytes = Strip(bytes);
  if (bytes.empty() || (bytes.front() != '[' && bytes.front() != '{')) return false;
  const std::string_view head = bytes.substr(0, 64 * 1024);
  for (std::string_view key : {"\"RegNo\"", "\"RegisterNo\"", "\"PublicationNumber\""}) {
    if (head.find(key) != std::string_view::npos) return true;
  }
  return false;
}

absl::Status ReadRegistryJson(std::string_view bytes,
                              const std::function<absl::Status(RegistryRecord&&)>& sink) {
  if (bytes.size() > kMaxRegistryJsonBytes) {
    return absl::ResourceExhaustedError(base::StrCat(
        "registry JSON of ", static_cast<int64_t>(bytes.size()), " bytes is larger than the ",
        static_cast<int64_t>(kMaxRegistryJsonBytes >> 20), " MiB read at once; split it"));
  }
  IPHUB_ASSIGN_OR_RETURN(json document, ParseJson(bytes, kMaxDepth));
  // Find the records: the document, or the array an API response wraps them in.
  const json* records = &document;
  if (document.is_object()) {
    records = nullptr;
    for (const char* key : {"Result", "result", "data", "Data"}) {
      if (auto it = document.find(key); it != document.end()) {
        records = &*it;
        break;
      }
    }
    if (records == nullptr && IsRecord(document)) records = &document;
    if (records == nullptr) {
      return absl::InvalidArgumentError(
          "registry JSON must be an array of records, or an object with a Result or data array");
    }
  }
  if (records->is_null()) return absl::OkStatus();  // a response with no results
  if (records->is_object()) {
    return sink(RegistryRecord{.index = 0, .item = ReadRecord(*records, 0)});
  }
  if (!records->is_array()) {
    return absl::InvalidArgumentError(
        "registry JSON must be an array of records, or an object with a Result or data array");
  }
  for (size_t index = 0; index < records->size(); ++index) {
    const auto position = static_cast<int64_t>(index);
    IPHUB_RETURN_IF_ERROR(
        sink(RegistryRecord{.index = position, .item = ReadRecord((*records)[index], position)}));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<RegistryRecord>> ParseRegistryJson(std::string_view bytes) {
  std::vector<RegistryRecord> out;
  IPHUB_RETURN_IF_ERROR(ReadRegistryJson(bytes, [&](RegistryRecord&& record) {
    out.push_back(std::move(record));
    return absl::OkStatus();
  }));
  return out;
}

}  // namespace iphub::patents::importers
