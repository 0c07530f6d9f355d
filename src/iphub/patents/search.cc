#include "iphub/patents/search.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>

#include "iphub/base/civil_date.h"
#include "iphub/base/files.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/engine/similar/similarity_index.h"
#include "iphub/patents/applicant_names.h"
#include "iphub/patents/importers/jsonl.h"
#include "iphub/patents/legal_status.h"
#include "iphub/patents/numbers.h"
#include "iphub/patents/regions.h"
#include "nlohmann/json.hpp"
#include "spdlog/spdlog.h"

namespace iphub::patents {
namespace {

namespace fs = std::filesystem;
using engine::Document;
using engine::FieldKind;
using engine::search::Binding;
using engine::search::BindingKind;
using engine::search::KeywordValue;

// Changes read per query, and at most this many documents per index commit: a
// long backlog (a first start over a loaded database) makes few large segments,
// a trickle of imports is committed as soon as it is read.
constexpr int64_t kCatchUpBatch = 1000;
constexpr int64_t kDocumentsPerCommit = 25000;

// "2014-09-29" -> 20140929; 0 when empty or unreadable.
int64_t DateNumber(std::string_view date) {
  std::optional<base::CivilDate> civil = base::ParseCivilDate(date);
  if (!civil) return 0;
  return civil->year * 10000 + civil->month * 100 + civil->day;
}

std::string DateText(int64_t number) {
  if (number <= 0) return "";
  char text[16];
  std::snprintf(text, sizeof text, "%04lld-%02lld-%02lld", static_cast<long long>(number / 10000),
                static_cast<long long>(number / 100 % 100), static_cast<long long>(number % 100));
  return text;
}

// Upper case, spaces and tabs removed: "g06f 17/30" -> "G06F17/30".
std::string WithoutSpaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '\t') out += base::AsciiUpper(c);
  }
  return out;
}

// The type words a document answers TYPE= with: its type name and its group.
std::string_view TypeGroup(DocumentType type) {
  switch (type) {
    case DocumentType::kCnInventionApplication:
    case DocumentType::kCnInventionGrant:
    case DocumentType::kUsUtilityApplication:
    case DocumentType::kUsUtilityGrant:
      return "invention";
    case DocumentType::kCnUtilityModel:
      return "utility_model";
    case DocumentType::kCnDesign:
    case DocumentType::kUsDesign:
      return "design";
    case DocumentType::kUsPlant:
      return "plant";
    case DocumentType::kUsReissue:
      return "reissue";
    case DocumentType::kUsSir:
      return "sir";
    case DocumentType::kUnknown:
      break;
  }
  return "unknown";
}

bool IsAlive(LegalStatus status) {
  return status == LegalStatus::kValid || status == LegalStatus::kPending;
}

absl::StatusOr<KeywordValue> NormalizeIpc(std::string_view value, bool truncated) {
  std::string code = WithoutSpaces(value);
  if (code.empty()) return absl::InvalidArgumentError("an IPC symbol is empty");
  if (truncated) return KeywordValue{code, true};
  const size_t slash = code.find('/');
  if (slash == std::string::npos) {
    // A section, class or subclass means everything under it; a main group
    // written without '/' ("G06F17") means the group and its subgroups.
    if (code.size() > 4) return KeywordValue{code + "/", true};
    return KeywordValue{code, true};
  }
  if (slash + 1 == code.size()) return KeywordValue{code, true};  // "G06F17/"
  return KeywordValue{code, false};
}

// PAN: an applicant's normalised name, exactly (or every one starting so, with '*').
absl::StatusOr<KeywordValue> NormalizeApplicantKeyword(std::string_view value, bool truncated) {
  std::string name = NormalizeApplicantName(value);
  if (name.empty()) return absl::InvalidArgumentError("an applicant name is empty");
  return KeywordValue{std::move(name), truncated};
}

absl::StatusOr<KeywordValue> NormalizeUpper(std::string_view value, bool truncated) {
  return KeywordValue{WithoutSpaces(value), truncated};
}

absl::StatusOr<KeywordValue> NormalizeApplicationNumber(std::string_view value, bool truncated) {
  if (!truncated) {
    absl::StatusOr<NumberQuery> number = ParseNumberQuery(value);
    if (number.ok() && !number->application_number.empty()) {
      return KeywordValue{number->application_number, false};
    }
  }
  std::string code = WithoutSpaces(value);
  if (code.starts_with("CN")) code.erase(0, 2);
  return KeywordValue{code, truncated};
}

absl::StatusOr<KeywordValue> NormalizePublicationNumber(std::string_view value, bool truncated) {
  if (truncated) return KeywordValue{WithoutSpaces(value), true};
  absl::StatusOr<NumberQuery> number = ParseNumberQuery(value);
  if (!number.ok() || number->number.empty()) {
    return absl::InvalidArgumentError(base::StrCat("'", value, "' is not a publication number"));
  }
  if (number->country.empty()) return KeywordValue{number->number, false};
  if (number->kind.empty())
    return KeywordValue{DocumentKey(number->country, number->number), false};
  return KeywordValue{base::StrCat(number->country, number->number, number->kind), false};
}

absl::StatusOr<KeywordValue> NormalizeType(std::string_view value, bool truncated) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kWords = {
      {"发明", "invention"},
      {"发明专利", "invention"},
      {"发明申请", "cn_invention_application"},
      {"发明授权", "cn_invention_grant"},
      {"实用新型", "utility_model"},
      {"新型", "utility_model"},
      {"外观设计", "design"},
      {"外观", "design"},
      {"植物", "plant"},
      {"再颁", "reissue"},
  };
  for (const auto& [word, type] : kWords) {
    if (value == word) return KeywordValue{std::string(type), false};
  }
  return KeywordValue{base::AsciiLowerCopy(value), truncated};
}

absl::StatusOr<KeywordValue> NormalizeStatus(std::string_view value, bool truncated) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kWords = {
      {"有效", "valid"},       {"授权", "valid"},       {"审中", "pending"},
      {"在审", "pending"},     {"失效", "dead"},        {"未缴年费", "lapsed"},
      {"欠费", "lapsed"},      {"期满", "expired"},     {"期限届满", "expired"},
      {"无效", "invalidated"}, {"放弃", "abandoned"},   {"撤回", "withdrawn"},
      {"驳回", "rejected"},    {"有效或在审", "alive"},
  };
  for (const auto& [word, status] : kWords) {
    if (value == word) return KeywordValue{std::string(status), false};
  }
  return KeywordValue{base::AsciiLowerCopy(value), truncated};
}

// Region codes at every level: "370102" -> 370102, 370100, 370000.
std::vector<std::string> RegionLevels(const std::string& code) {
  std::vector<std::string> out;
  if (code.size() != 6) return out;
  out.push_back(code.substr(0, 2) + "0000");
  if (code.substr(2, 2) != "00") out.push_back(code.substr(0, 4) + "00");
  if (code.substr(4, 2) != "00") out.push_back(code);
  return out;
}

absl::StatusOr<KeywordValue> NormalizeRegion(std::string_view value, bool truncated) {
  std::string code(base::StripWhitespace(value));
  bool digits = !code.empty();
  for (char c : code) digits &= base::IsAsciiDigit(c);
  if (digits) {
    if (code.size() == 2) return KeywordValue{code + "0000", false};
    if (code.size() == 4) return KeywordValue{code + "00", false};
    if (code.size() == 6) return KeywordValue{code, false};
    return absl::InvalidArgumentError(base::StrCat("'", code, "' is not a region code"));
  }
  std::string found = RegionCodeOf(code, "");
  if (found.empty()) {
    return absl::InvalidArgumentError(base::StrCat("unknown region '", code, "'"));
  }
  return KeywordValue{found, false};
}

}  // namespace

const engine::Schema& PatentSchema() {
  static const engine::Schema* schema = [] {
    std::vector<engine::FieldSpec> fields(kPatentFieldCount);
    const auto set = [&](PatentField id, std::string name, FieldKind kind, double weight = 1,
                         bool column = false) {
      fields[id] = {.name = std::move(name), .kind = kind, .weight = weight, .column = column};
    };
    set(kFieldTitle, "title", FieldKind::kText, 3.0);
    set(kFieldAbstract, "abstract", FieldKind::kText, 1.5);
    set(kFieldClaims, "claims", FieldKind::kText, 1.0);
    set(kFieldDescription, "description", FieldKind::kText, 0.5);
    set(kFieldApplicantText, "applicant_text", FieldKind::kText, 1.0);
    set(kFieldInventorText, "inventor_text", FieldKind::kText, 1.0);
    set(kFieldAgencyText, "agency_text", FieldKind::kText, 1.0);
    set(kFieldApplicant, "applicant", FieldKind::kKeyword, 1, true);
    set(kFieldInventor, "inventor", FieldKind::kKeyword, 1, true);
    set(kFieldApplicationNumber, "application_number", FieldKind::kKeyword);
    set(kFieldPublicationNumber, "publication_number", FieldKind::kKeyword);
    set(kFieldIpc, "ipc", FieldKind::kKeyword);
    set(kFieldIpcSection, "ipc_section", FieldKind::kKeyword, 1, true);
    set(kFieldIpcClass, "ipc_class", FieldKind::kKeyword, 1, true);
    set(kFieldIpcSubclass, "ipc_subclass", FieldKind::kKeyword, 1, true);
    set(kFieldIpcGroup, "ipc_group", FieldKind::kKeyword, 1, true);
    set(kFieldCpc, "cpc", FieldKind::kKeyword);
    set(kFieldApplicationDate, "application_date", FieldKind::kInt);
    set(kFieldPublicationDate, "publication_date", FieldKind::kInt);
    set(kFieldGrantDate, "grant_date", FieldKind::kInt);
    set(kFieldPriorityDate, "priority_date", FieldKind::kInt);
    set(kFieldYear, "year", FieldKind::kInt);
    set(kFieldCountry, "country", FieldKind::kKeyword, 1, true);
    set(kFieldType, "type", FieldKind::kKeyword);
    set(kFieldDocType, "doc_type", FieldKind::kKeyword, 1, true);
    set(kFieldStatus, "status", FieldKind::kKeyword, 1, true);
    set(kFieldRegion, "region", FieldKind::kKeyword, 1, true);
    set(kFieldProvince, "province", FieldKind::kKeyword, 1, true);
    set(kFieldIpcMain, "ipc_main", FieldKind::kKeyword);
    set(kFieldKind, "kind", FieldKind::kKeyword);
    set(kFieldLanguage, "language", FieldKind::kKeyword);
    set(kFieldStatusChangesOn, "status_changes_on", FieldKind::kInt);
    set(kFieldApplicantName, "applicant_name", FieldKind::kKeyword, 1, true);
    // Searched, never shown from the index (hits, snippets and exports show the
    // title, abstract and first claim; the patent page reads the database).
    fields[kFieldDescription].stored = false;
    return new engine::Schema(std::move(fields));
  }();
  return *schema;
}

const engine::search::Bindings& PatentBindings() {
  static const engine::search::Bindings* bindings = [] {
    auto* out = new engine::search::Bindings();
    auto& b = *out;
    const auto text = [](std::vector<uint32_t> fields) {
      return Binding{.kind = BindingKind::kText, .fields = std::move(fields)};
    };
    const auto date = [](uint32_t field) {
      return Binding{.kind = BindingKind::kDate, .fields = {field}};
    };
    const auto keyword = [](uint32_t field, decltype(Binding::normalize) normalize) {
      return Binding{.kind = BindingKind::kKeyword, .fields = {field}, .normalize = normalize};
    };
    b["TI"] = text({kFieldTitle});
    b["AB"] = text({kFieldAbstract});
    b["CL"] = text({kFieldClaims});
    b["DE"] = text({kFieldDescription});
    b["TA"] = text({kFieldTitle, kFieldAbstract});
    b["TAC"] = text({kFieldTitle, kFieldAbstract, kFieldClaims});
    b[""] = b["TAC"];
    b["PA"] = text({kFieldApplicantText});
    b["PAN"] = keyword(kFieldApplicantName, NormalizeApplicantKeyword);
    b["IN"] = text({kFieldInventorText});
    b["AG"] = text({kFieldAgencyText});
    b["AN"] = keyword(kFieldApplicationNumber, NormalizeApplicationNumber);
    b["PN"] = keyword(kFieldPublicationNumber, NormalizePublicationNumber);
    b["IPC"] = keyword(kFieldIpc, NormalizeIpc);
    b["CPC"] = keyword(kFieldCpc, NormalizeIpc);
    b["AD"] = date(kFieldApplicationDate);
    b["PD"] = date(kFieldPublicationDate);
    b["GD"] = date(kFieldGrantDate);
    b["PRD"] = date(kFieldPriorityDate);
    b["CO"] = keyword(kFieldCountry, NormalizeUpper);
    b["TYPE"] = keyword(kFieldType, NormalizeType);
    b["LS"] = keyword(kFieldStatus, NormalizeStatus);
    b["RG"] = keyword(kFieldRegion, NormalizeRegion);
    return out;
  }();
  return *bindings;
}

const std::vector<std::pair<std::string, PatentField>>& PatentFacets() {
  static const std::vector<std::pair<std::string, PatentField>> kFacets = {
      {"year", kFieldYear},           {"ipc_section", kFieldIpcSection},
      {"ipc_class", kFieldIpcClass},  {"ipc_subclass", kFieldIpcSubclass},
      {"ipc_group", kFieldIpcGroup},  {"applicant", kFieldApplicantName},
      {"inventor", kFieldInventor},   {"province", kFieldProvince},
      {"country", kFieldCountry},     {"type", kFieldDocType},
      {"legal_status", kFieldStatus},
  };
  return kFacets;
}

std::string ApplicantNameQuery(std::string_view name) {
  std::string out = "PAN=\"";
  for (char c : name) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

Document PatentDocument(const Patent& patent, std::string_view today,
                        const ApplicantAliasMap* aliases) {
  Document document;
  document.key = patent.publication_number;
  document.AddText(kFieldTitle, patent.title);
  document.AddText(kFieldAbstract, patent.abstract);
  for (const Claim& claim : patent.claims) document.AddText(kFieldClaims, claim.text);
  if (!patent.description.empty()) document.AddText(kFieldDescription, patent.description);
  std::vector<std::string> regions;
  for (const Party& applicant : patent.applicants) {
    document.AddText(kFieldApplicantText, applicant.name);
    document.AddKeyword(kFieldApplicant, applicant.name);
    if (std::string name = NormalizeApplicantName(applicant.name); !name.empty()) {
      document.AddKeyword(kFieldApplicantName,
                          aliases ? std::string(aliases->Resolve(name)) : std::move(name));
    }
    for (std::string& level : RegionLevels(applicant.region_code)) {
      if (level.ends_with("0000")) document.AddKeyword(kFieldProvince, level);
      document.AddKeyword(kFieldRegion, std::move(level));
    }
  }
  for (const Party& inventor : patent.inventors) {
    document.AddText(kFieldInventorText, inventor.name);
    document.AddKeyword(kFieldInventor, inventor.name);
  }
  if (!patent.agency.empty()) document.AddText(kFieldAgencyText, patent.agency);
  if (!patent.application_number.empty()) {
    document.AddKeyword(kFieldApplicationNumber, patent.application_number);
    const size_t dot = patent.application_number.find('.');
    if (dot != std::string::npos) {
      document.AddKeyword(kFieldApplicationNumber, patent.application_number.substr(0, dot));
    }
  }
  document.AddKeyword(kFieldPublicationNumber, patent.publication_number);
  if (std::string key =
          PatentDocumentKey(patent.country, patent.doc_number, patent.publication_number);
      key != patent.publication_number && key.starts_with(patent.country)) {
    document.AddKeyword(kFieldPublicationNumber, key);
    document.AddKeyword(kFieldPublicationNumber, key.substr(patent.country.size()));
  }
  for (const Classification& ipc : patent.ipc) {
    const std::string symbol = WithoutSpaces(ipc.symbol);
    if (symbol.empty()) continue;
    document.AddKeyword(kFieldIpc, symbol);
    document.AddKeyword(kFieldIpcSection, symbol.substr(0, 1));
    if (symbol.size() >= 3) document.AddKeyword(kFieldIpcClass, symbol.substr(0, 3));
    if (symbol.size() >= 4) document.AddKeyword(kFieldIpcSubclass, symbol.substr(0, 4));
    const size_t slash = symbol.find('/');
    if (slash != std::string::npos) {
      document.AddKeyword(kFieldIpcGroup, symbol.substr(0, slash) + "/00");
    }
  }
  for (const Classification& cpc : patent.cpc) {
    if (std::string symbol = WithoutSpaces(cpc.symbol); !symbol.empty()) {
      document.AddKeyword(kFieldCpc, symbol);
    }
  }
  if (const int64_t filed = DateNumber(patent.application_date); filed > 0) {
    document.AddInt(kFieldApplicationDate, filed);
    document.AddInt(kFieldYear, filed / 10000);
  }
  if (const int64_t published = DateNumber(patent.publication_date); published > 0) {
    document.AddInt(kFieldPublicationDate, published);
  }
  if (const int64_t granted = DateNumber(patent.grant_date); granted > 0) {
    document.AddInt(kFieldGrantDate, granted);
  }
  for (const Priority& priority : patent.priorities) {
    if (const int64_t date = DateNumber(priority.date); date > 0) {
      document.AddInt(kFieldPriorityDate, date);
    }
  }
  document.AddKeyword(kFieldCountry, patent.country);
  document.AddKeyword(kFieldType, std::string(DocumentTypeName(patent.type)));
  document.AddKeyword(kFieldType, std::string(TypeGroup(patent.type)));
  document.AddKeyword(kFieldDocType, std::string(DocumentTypeName(patent.type)));
  const DerivedStatus derived = DeriveLegalStatus(patent, today);
  document.AddKeyword(kFieldStatus, std::string(LegalStatusName(derived.status)));
  document.AddKeyword(kFieldStatus, IsAlive(derived.status) ? "alive" : "dead");
  if (const int64_t changes_on = DateNumber(derived.changes_on); changes_on > 0) {
    document.AddInt(kFieldStatusChangesOn, changes_on);
  }
  if (!patent.ipc_main.empty()) document.AddKeyword(kFieldIpcMain, patent.ipc_main);
  document.AddKeyword(kFieldKind, patent.kind);
  document.AddKeyword(kFieldLanguage, patent.language);
  return document;
}

namespace {

// A patent from its stored record (the `record` column of `patents`).
absl::StatusOr<Patent> PatentOfRecord(std::string_view text) {
  nlohmann::json record = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (record.is_discarded()) return absl::DataLossError("unreadable record");
  return importers::PatentFromJson(record);
}

// Every hit's key, in index order; nullopt when there are more than `max`.
absl::StatusOr<std::optional<std::vector<std::string>>> KeysOfMatch(
    const engine::search::Searcher& searcher, std::string_view query, uint64_t max) {
  IPHUB_ASSIGN_OR_RETURN(std::vector<engine::index::Bitmap> hits, searcher.Match(query));
  uint64_t total = 0;
  for (const engine::index::Bitmap& segment_hits : hits) total += segment_hits.Cardinality();
  if (total > max) return std::nullopt;
  std::vector<std::string> keys;
  keys.reserve(total);
  std::vector<uint32_t> ids;
  const std::vector<engine::index::SegmentView>& segments = searcher.snapshot().segments();
  for (size_t seg = 0; seg < hits.size(); ++seg) {
    ids.clear();
    hits[seg].ToVector(ids);
    for (uint32_t local : ids) keys.emplace_back(segments[seg].reader->Key(local));
  }
  return keys;
}

// Indexes again the stored patents with these publication numbers (as indexed);
// returns how many were found. The caller commits.
absl::StatusOr<int64_t> AddStoredPatents(engine::index::Index& index, db::Connection& conn,
                                         const std::vector<std::string>& keys,
                                         std::string_view today, const ApplicantAliasMap* aliases) {
  int64_t indexed = 0;
  constexpr size_t kChunk = 500;
  for (size_t from = 0; from < keys.size(); from += kChunk) {
    std::string sql = "SELECT record FROM patents WHERE publication_number IN (";
    db::Params params;
    for (size_t at = from; at < std::min(keys.size(), from + kChunk); ++at) {
      params.push_back(keys[at]);
      sql += base::StrCat(params.size() > 1 ? ", $" : "$", std::to_string(params.size()));
    }
    IPHUB_ASSIGN_OR_RETURN(db::Result rows, conn.Query(sql + ")", params));
    for (const db::Row& row : rows.rows) {
      absl::StatusOr<Patent> patent = PatentOfRecord(row.Text(0));
      if (!patent.ok()) continue;  // CatchUp() logged it when it came
      IPHUB_RETURN_IF_ERROR(index.Add(PatentDocument(*patent, today, aliases)));
      ++indexed;
    }
  }
  return indexed;
}

}  // namespace

// ---------------------------------------------------------------------------
// PatentIndex

PatentIndex::PatentIndex(db::Database& database, fs::path directory, base::Clock& clock)
    : database_(database),
      directory_(std::move(directory)),
      clock_(clock),
      aliases_(std::make_shared<ApplicantAliasMap>()),
      bindings_(PatentBindings()) {
  // PAN="former name" finds the patents counted under its canonical name.
  bindings_["PAN"].normalize = [this](std::string_view value,
                                      bool truncated) -> absl::StatusOr<KeywordValue> {
    IPHUB_ASSIGN_OR_RETURN(KeywordValue keyword, NormalizeApplicantKeyword(value, truncated));
    if (!truncated) keyword.value = std::string(aliases()->Resolve(keyword.value));
    return keyword;
  };
}

std::shared_ptr<const ApplicantAliasMap> PatentIndex::aliases() const {
  std::lock_guard lock(aliases_mutex_);
  return aliases_;
}

PatentIndex::~PatentIndex() {
  stopping_ = true;
  if (follower_.joinable()) follower_.join();
  std::thread builder;  // a background model build, cancelled by stopping_
  {
    std::lock_guard lock(similar_mutex_);
    builder = std::move(similar_builder_);
  }
  if (builder.joinable()) builder.join();
  index_.reset();
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
}

absl::StatusOr<std::unique_ptr<PatentIndex>> PatentIndex::Open(db::Database& database,
                                                               const fs::path& directory,
                                                               base::Clock& clock,
                                                               IndexAccess access) {
  std::unique_ptr<PatentIndex> out(new PatentIndex(database, directory, clock));
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) {
    return absl::InternalError(
        base::StrCat("cannot create ", directory.string(), ": ", error.message()));
  }
  out->writer_ = access == IndexAccess::kWriter;
  if (out->writer_) {
    const fs::path lock = directory / "LOCK";
    out->lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (out->lock_fd_ < 0 || ::flock(out->lock_fd_, LOCK_EX | LOCK_NB) != 0) {
      return absl::FailedPreconditionError(base::StrCat(
          "the search index in ", directory.string(),
          " is in use by another iphub process (a running server keeps it up to date)"));
    }
  }
  const engine::index::IndexOptions options{.read_only = !out->writer_};
  auto index = engine::index::Index::Open(directory / "patents", PatentSchema(), options);
  if (!index.ok() && index.status().code() == absl::StatusCode::kFailedPrecondition &&
      out->writer_) {
    // Built by another version with other fields: start again from nothing.
    spdlog::warn("search index: {}; rebuilding", std::string(index.status().message()));
    fs::remove_all(directory / "patents", error);
    std::error_code ignored;
    fs::remove(directory / "applied_change", ignored);
    fs::remove(directory / "applied_aliases", ignored);
    index = engine::index::Index::Open(directory / "patents", PatentSchema(), options);
  }
  if (!index.ok()) return index.status();
  out->index_ = std::move(*index);
  std::ifstream applied(directory / "applied_change");
  int64_t seq = 0;
  if (applied >> seq) out->applied_change_ = seq;
  std::ifstream applied_aliases(directory / "applied_aliases");
  if (applied_aliases >> seq) out->applied_aliases_ = seq;
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database.Acquire());
  IPHUB_ASSIGN_OR_RETURN(ApplicantAliasMap aliases, LoadApplicantAliases(*conn));
  out->aliases_ = std::make_shared<const ApplicantAliasMap>(std::move(aliases));
  return out;
}

absl::Status PatentIndex::SaveAppliedChange(int64_t seq) {
  IPHUB_RETURN_IF_ERROR(
      base::WriteFileAtomically(directory_ / "applied_change", base::StrCat(seq, "\n")));
  applied_change_ = seq;
  return absl::OkStatus();
}

absl::StatusOr<int64_t> PatentIndex::CatchUp(
    const std::function<void(int64_t, int64_t)>& progress) {
  if (!writer_) return absl::FailedPreconditionError("the search index is open read-only");
  std::lock_guard lock(catch_up_mutex_);
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  int64_t total = 0;
  if (progress) {
    IPHUB_ASSIGN_OR_RETURN(db::Result pending,
                           conn->Query("SELECT COUNT(*) FROM patent_changes WHERE seq > $1",
                                       {applied_change_.load()}));
    total = pending.rows[0].Int(0);
  }
  const std::string today = base::ShanghaiDate(clock_.NowMillis());
  IPHUB_ASSIGN_OR_RETURN(const int64_t realiased, ApplyAliasEvents(*conn, today));
  if (realiased > 0)
    spdlog::info("search index: {} patents re-indexed for applicant aliases", realiased);
  const std::shared_ptr<const ApplicantAliasMap> aliases = this->aliases();
  int64_t indexed = 0, committed = 0, uncommitted_last = 0;
  int64_t from = applied_change_;
  while (!stopping_) {
    // The newest record of each patent changed in this range of changes.
    IPHUB_ASSIGN_OR_RETURN(db::Result changes,
                           conn->Query("SELECT c.seq, p.record FROM patent_changes c "
                                       "JOIN patents p ON p.id = c.patent_id "
                                       "WHERE c.seq > $1 ORDER BY c.seq LIMIT $2",
                                       {from, kCatchUpBatch}));
    if (changes.rows.empty()) break;
    int64_t last = from;
    for (const db::Row& row : changes.rows) {
      last = row.Int(0);
      absl::StatusOr<Patent> patent = PatentOfRecord(row.Text(1));
      if (!patent.ok()) {
        spdlog::warn("search index: change {} skipped: {}", last,
                     std::string(patent.status().message()));
        continue;
      }
      IPHUB_RETURN_IF_ERROR(index_->Add(PatentDocument(*patent, today, aliases.get())));
      ++indexed;
    }
    from = last;
    uncommitted_last = last;
    if (indexed - committed >= kDocumentsPerCommit ||
        static_cast<int64_t>(changes.rows.size()) < kCatchUpBatch) {
      IPHUB_RETURN_IF_ERROR(index_->Commit());
      IPHUB_RETURN_IF_ERROR(SaveAppliedChange(last));
      committed = indexed;
      uncommitted_last = 0;
    }
    if (progress) progress(indexed, total);
  }
  if (uncommitted_last > 0) {
    IPHUB_RETURN_IF_ERROR(index_->Commit());
    IPHUB_RETURN_IF_ERROR(SaveAppliedChange(uncommitted_last));
  }
  return indexed;
}

absl::StatusOr<int64_t> PatentIndex::ApplyAliasEvents(db::Connection& conn,
                                                      std::string_view today) {
  IPHUB_ASSIGN_OR_RETURN(db::Result latest,
                         conn.Query("SELECT COALESCE(MAX(seq), 0) FROM applicant_alias_events"));
  if (latest.rows[0].Int(0) == applied_aliases_) return 0;
  IPHUB_ASSIGN_OR_RETURN(ApplicantAliasMap loaded, LoadApplicantAliases(conn));
  auto map = std::make_shared<const ApplicantAliasMap>(std::move(loaded));
  // Every name an event since the last applied one touched. The index holds the
  // old canonical names, so these find every patent whose names resolve anew.
  std::set<std::string> names;
  for (int64_t after = applied_aliases_; after < map->version;) {
    IPHUB_ASSIGN_OR_RETURN(std::vector<AliasEvent> events, AliasEventsAfter(conn, after, 5000));
    if (events.empty()) break;
    for (const AliasEvent& event : events) {
      if (event.seq > map->version) break;
      names.insert(event.name);
      names.insert(event.canonical);
      if (!event.previous.empty()) names.insert(event.previous);
    }
    after = events.back().seq;
  }
  std::vector<std::string> keys;
  {
    // PatentBindings(): PAN= as indexed, not resolved.
    engine::search::Searcher searcher(index_->snapshot(), PatentSchema(), PatentBindings());
    std::set<std::string> unique;
    std::string query;
    size_t in_query = 0;
    for (auto name = names.begin(); name != names.end();) {
      query += base::StrCat(query.empty() ? "" : " OR ", ApplicantNameQuery(*name));
      ++name;
      if (++in_query < 200 && name != names.end()) continue;
      IPHUB_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> hits,
                             KeysOfMatch(searcher, query, UINT64_MAX));
      unique.insert(hits->begin(), hits->end());
      query.clear();
      in_query = 0;
    }
    keys.assign(unique.begin(), unique.end());
  }
  {
    std::lock_guard lock(aliases_mutex_);
    aliases_ = map;
  }
  IPHUB_ASSIGN_OR_RETURN(const int64_t indexed,
                         AddStoredPatents(*index_, conn, keys, today, map.get()));
  IPHUB_RETURN_IF_ERROR(index_->Commit());
  IPHUB_RETURN_IF_ERROR(
      base::WriteFileAtomically(directory_ / "applied_aliases", base::StrCat(map->version, "\n")));
  applied_aliases_ = map->version;
  return indexed;
}

absl::StatusOr<int64_t> PatentIndex::RefreshStatuses() {
  if (!writer_) return absl::FailedPreconditionError("the search index is open read-only");
  std::lock_guard lock(catch_up_mutex_);
  // The patent bindings and one code for the day each document's status is due
  // to change; not a code of the query language users see.
  static const engine::search::Bindings* const bindings = [] {
    auto* out = new engine::search::Bindings(PatentBindings());
    (*out)["STATUSCHANGESON"] = {.kind = BindingKind::kDate, .fields = {kFieldStatusChangesOn}};
    return out;
  }();
  const std::string today = base::ShanghaiDate(clock_.NowMillis());
  const std::string query = "STATUSCHANGESON<=" + today;
  engine::search::Searcher searcher(index_->snapshot(), PatentSchema(), *bindings);
  IPHUB_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> due,
                         KeysOfMatch(searcher, query, UINT64_MAX));
  if (due->empty()) return 0;
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(const int64_t indexed,
                         AddStoredPatents(*index_, *conn, *due, today, aliases().get()));
  IPHUB_RETURN_IF_ERROR(index_->Commit());
  return indexed;
}

void PatentIndex::Follow(std::chrono::milliseconds interval) {
  if (!writer_ || follower_.joinable()) return;
  follower_ = std::thread([this, interval] {
    std::string refreshed_on;  // the day RefreshStatuses() last succeeded
    while (!stopping_) {
      absl::StatusOr<int64_t> indexed = CatchUp();
      if (!indexed.ok()) {
        spdlog::warn("search index: catching up failed: {}",
                     std::string(indexed.status().message()));
      } else if (*indexed > 0) {
        spdlog::info("search index: {} patents indexed", *indexed);
        RefreshSimilarIfKept();
      }
      if (const std::string today = base::ShanghaiDate(clock_.NowMillis()); today != refreshed_on) {
        absl::StatusOr<int64_t> refreshed = RefreshStatuses();
        if (!refreshed.ok()) {
          spdlog::warn("search index: refreshing legal statuses failed: {}",
                       std::string(refreshed.status().message()));
        } else {
          refreshed_on = today;
          if (*refreshed > 0) {
            spdlog::info("search index: {} legal statuses changed with the date", *refreshed);
          }
        }
      }
      for (auto slept = std::chrono::milliseconds(0); slept < interval && !stopping_;
           slept += std::chrono::milliseconds(50)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
  });
}

absl::StatusOr<int64_t> PatentIndex::Rebuild(const std::function<void(int64_t, int64_t)>& progress,
                                             bool build_similar) {
  if (!writer_) return absl::FailedPreconditionError("the search index is open read-only");
  {
    std::lock_guard lock(catch_up_mutex_);
    IPHUB_RETURN_IF_ERROR(index_->Clear());
    IPHUB_RETURN_IF_ERROR(SaveAppliedChange(0));
  }
  IPHUB_ASSIGN_OR_RETURN(int64_t indexed, CatchUp(progress));
  IPHUB_RETURN_IF_ERROR(index_->ForceMerge());
  if (build_similar) IPHUB_RETURN_IF_ERROR(RebuildSimilar().status());
  return indexed;
}

absl::StatusOr<IndexInfo> PatentIndex::Info() const {
  IndexInfo info;
  std::shared_ptr<const engine::index::Snapshot> snapshot = index_->snapshot();
  info.documents = snapshot->live_count();
  info.segments = snapshot->segments().size();
  info.generation = snapshot->generation();
  info.applied_change = applied_change_;
  info.applied_aliases = applied_aliases_;
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(db::Result latest,
                         conn->Query("SELECT COALESCE(MAX(seq), 0) FROM patent_changes"));
  info.latest_change = latest.rows[0].Int(0);
  return info;
}

absl::StatusOr<std::vector<engine::search::FacetValue>> PatentIndex::Suggest(
    std::string_view field, std::string_view prefix, uint32_t limit) const {
  engine::search::Searcher searcher(index_->snapshot(), PatentSchema(), bindings_);
  const std::string trimmed(base::StripWhitespace(prefix));
  if (field == "applicant") return searcher.Suggest(kFieldApplicant, trimmed, limit);
  if (field == "applicant_name") {
    return searcher.Suggest(kFieldApplicantName, NormalizeApplicantName(trimmed), limit);
  }
  if (field == "inventor") return searcher.Suggest(kFieldInventor, trimmed, limit);
  if (field == "ipc") return searcher.Suggest(kFieldIpc, WithoutSpaces(trimmed), limit);
  return base::InvalidField("field", "must be applicant, applicant_name, inventor or ipc");
}

namespace {

// "relevance", "application_date", "-publication_date" … onto an engine request.
absl::Status ApplySort(std::string_view sort, engine::search::Request& request) {
  if (sort.empty() || sort == "relevance") {
    request.order = engine::search::Order::kRelevance;
    return absl::OkStatus();
  }
  const bool descending = sort.front() == '-';
  if (descending) sort.remove_prefix(1);
  if (sort == "application_date") {
    request.sort_field = kFieldApplicationDate;
  } else if (sort == "publication_date") {
    request.sort_field = kFieldPublicationDate;
  } else {
    return base::InvalidField("sort",
                              "must be relevance, application_date, publication_date or value, "
                              "with '-' for newest (highest) first");
  }
  request.order =
      descending ? engine::search::Order::kDescending : engine::search::Order::kAscending;
  return absl::OkStatus();
}

// The value sort and minimum of `request` onto the engine's request, reading `scores`
// (kept alive by the caller while the search runs).
absl::Status ApplyValue(const PatentSearchRequest& request, const ValueScores* scores,
                        engine::search::Request& engine_request) {
  std::string_view sort = request.sort;
  const bool descending = sort.starts_with('-');
  if (descending) sort.remove_prefix(1);
  const bool by_value = sort == "value";
  if (!by_value && !request.min_value) return ApplySort(request.sort, engine_request);
  if (request.min_value && !(*request.min_value >= 0 && *request.min_value <= 100)) {
    return base::InvalidField("min_value", "must be a value score from 0 to 100");
  }
  if (scores == nullptr) {
    return absl::FailedPreconditionError(
        "no value scores yet: the batch valuation has not run on this data");
  }
  if (by_value) {
    engine_request.order =
        descending ? engine::search::Order::kDescending : engine::search::Order::kAscending;
    engine_request.sort_by_external = true;
  } else {
    IPHUB_RETURN_IF_ERROR(ApplySort(request.sort, engine_request));
  }
  engine_request.external_value = [scores](std::string_view key) { return scores->TenthsOf(key); };
  if (request.min_value) {
    // In tenths, rounded up: a minimum of 72.25 keeps 72.3 and above.
    engine_request.min_external = static_cast<int64_t>(std::ceil(*request.min_value * 10 - 1e-9));
  }
  return absl::OkStatus();
}

// Legal status words as CN patent databases write them (and the importer reads).
std::string_view StatusWord(std::string_view status) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kWords = {
      {"valid", "有效"},       {"pending", "审中"},         {"lapsed", "未缴年费终止"},
      {"expired", "期限届满"}, {"invalidated", "全部无效"}, {"abandoned", "放弃"},
      {"withdrawn", "撤回"},   {"rejected", "驳回"},
  };
  for (const auto& [name, word] : kWords) {
    if (name == status) return word;
  }
  return "";
}

std::string_view TypeWord(std::string_view type) {
  if (type == "cn_invention_application") return "发明申请";
  if (type == "cn_invention_grant") return "发明授权";
  if (type == "cn_utility_model") return "实用新型";
  if (type == "cn_design") return "外观设计";
  return type;
}

std::string Joined(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) {
    if (!out.empty()) out += "; ";
    out += value;
  }
  return out;
}

// The values of an indexed patent document that lists and exports show.
struct IndexedPatent {
  std::string title, abstract, first_claim, agency, application_number, country, doc_type, kind,
      ipc_main, status;
  int64_t filed = 0, published = 0, granted = 0;  // yyyymmdd
  std::vector<std::string> applicants, inventors, ipcs;
};

// Reads them back (the first value where a field repeats, every applicant,
// inventor and IPC symbol); the values are moved out of `document`.
IndexedPatent DecodeIndexed(engine::Document& document) {
  IndexedPatent out;
  const auto first = [](std::string& to, std::string& value) {
    if (to.empty()) to = std::move(value);
  };
  for (engine::FieldValue& value : document.values) {
    switch (value.field) {
      case kFieldTitle:
        first(out.title, value.text);
        break;
      case kFieldAbstract:
        first(out.abstract, value.text);
        break;
      case kFieldClaims:
        first(out.first_claim, value.text);
        break;
      case kFieldAgencyText:
        first(out.agency, value.text);
        break;
      case kFieldApplicationNumber:
        first(out.application_number, value.text);
        break;
      case kFieldCountry:
        first(out.country, value.text);
        break;
      case kFieldDocType:
        first(out.doc_type, value.text);
        break;
      case kFieldKind:
        first(out.kind, value.text);
        break;
      case kFieldIpcMain:
        first(out.ipc_main, value.text);
        break;
      case kFieldStatus:
        first(out.status, value.text);
        break;
      case kFieldApplicant:
        out.applicants.push_back(std::move(value.text));
        break;
      case kFieldInventor:
        out.inventors.push_back(std::move(value.text));
        break;
      case kFieldIpc:
        out.ipcs.push_back(std::move(value.text));
        break;
      case kFieldApplicationDate:
        out.filed = value.number;
        break;
      case kFieldPublicationDate:
        out.published = value.number;
        break;
      case kFieldGrantDate:
        out.granted = value.number;
        break;
      default:
        break;
    }
  }
  return out;
}

// One export row from a document's indexed values.
std::vector<std::string> ExportRow(engine::Document& document, bool english) {
  IndexedPatent patent = DecodeIndexed(document);
  return {document.key,
          std::move(patent.title),
          std::move(patent.application_number),
          DateText(patent.filed),
          DateText(patent.published),
          DateText(patent.granted),
          Joined(patent.applicants),
          Joined(patent.inventors),
          std::move(patent.agency),
          Joined(patent.ipcs),
          std::move(patent.ipc_main),
          std::move(patent.country),
          english ? patent.doc_type : std::string(TypeWord(patent.doc_type)),
          english ? patent.status : std::string(StatusWord(patent.status)),
          std::move(patent.abstract),
          std::move(patent.first_claim)};
}

}  // namespace

absl::StatusOr<PatentExport> PatentIndex::Export(const PatentSearchRequest& request,
                                                 base::TableFormat format,
                                                 bool english_headers) const {
  if (request.limit > kMaxExportRows) {
    return base::InvalidField("limit", base::StrCat("at most ", kMaxExportRows, " rows"));
  }
  // Rank without reading documents; they are read as the file is written.
  engine::search::Request engine_request{.query = request.query,
                                         .offset = request.offset,
                                         .limit = request.limit,
                                         .load_documents = false};
  const std::shared_ptr<const ValueScores> scores = value_scores();
  IPHUB_RETURN_IF_ERROR(ApplyValue(request, scores.get(), engine_request));
  engine::search::Searcher searcher(index_->snapshot(), PatentSchema(), bindings_);
  IPHUB_ASSIGN_OR_RETURN(engine::search::Result found, searcher.Search(engine_request));

  struct State {
    std::shared_ptr<const engine::index::Snapshot> snapshot;
    std::vector<uint32_t> docs;
    size_t next = 0;
    std::unique_ptr<base::TableWriter> writer;
    bool finished = false;
  };
  auto state = std::make_shared<State>();
  state->snapshot = searcher.shared_snapshot();
  for (const engine::search::Hit& hit : found.hits) state->docs.push_back(hit.doc);
  state->writer = base::TableWriter::Create(format, english_headers ? "patents" : "专利");
  if (english_headers) {
    state->writer->AddRow({"Publication Number", "Title", "Application Number", "Application Date",
                           "Publication Date", "Grant Date", "Applicants", "Inventors", "Agency",
                           "IPC", "Main IPC", "Country", "Type", "Legal Status", "Abstract",
                           "First Claim"});
  } else {
    state->writer->AddRow({"公开(公告)号", "名称", "申请号", "申请日", "公开(公告)日", "授权日",
                           "申请(专利权)人", "发明人", "代理机构", "IPC分类号", "主分类号",
                           "受理局", "专利类型", "法律状态", "摘要", "主权项"});
  }
  PatentExport out;
  out.total = found.total;
  out.rows = state->docs.size();
  out.next = [state, english_headers](std::string& chunk) -> absl::StatusOr<bool> {
    constexpr size_t kRowsPerChunk = 500;
    if (state->finished) {
      chunk.clear();
      return false;
    }
    const size_t end = std::min(state->docs.size(), state->next + kRowsPerChunk);
    for (; state->next < end; ++state->next) {
      const uint32_t doc = state->docs[state->next];
      const engine::index::SegmentView& view = state->snapshot->SegmentOf(doc);
      IPHUB_ASSIGN_OR_RETURN(Document document, view.reader->Stored(doc - view.base));
      state->writer->AddRow(ExportRow(document, english_headers));
    }
    if (state->next == state->docs.size()) {
      state->writer->Finish();
      state->finished = true;
    }
    chunk = state->writer->TakeOutput();
    return !state->finished;
  };
  return out;
}

absl::StatusOr<uint64_t> PatentIndex::Count(std::string_view query) const {
  engine::search::Searcher searcher(index_->snapshot(), PatentSchema(), bindings_);
  return searcher.Count(query);
}

absl::StatusOr<std::optional<std::vector<std::string>>> PatentIndex::HitKeys(std::string_view query,
                                                                             uint64_t max) const {
  engine::search::Searcher searcher(index_->snapshot(), PatentSchema(), bindings_);
  return KeysOfMatch(searcher, query, max);
}

IndexedKeys PatentIndex::FindKeys(std::vector<std::string> keys) const {
  IndexedKeys out;
  out.snapshot = index_->snapshot();
  const std::vector<engine::index::SegmentView>& segments = out.snapshot->segments();
  out.within.resize(segments.size());
  std::vector<std::vector<uint32_t>> ids(segments.size());
  for (const std::string& key : keys) {
    std::pair<size_t, uint32_t> place{SIZE_MAX, 0};
    for (size_t seg = 0; seg < segments.size(); ++seg) {
      std::optional<uint32_t> local = segments[seg].reader->FindKey(key);
      if (local && !segments[seg].deleted->Contains(*local)) {
        place = {seg, *local};
        ids[seg].push_back(*local);
        break;
      }
    }
    out.places.push_back(place);
  }
  for (size_t seg = 0; seg < segments.size(); ++seg) {
    std::sort(ids[seg].begin(), ids[seg].end());
    out.within[seg] = engine::index::Bitmap::Of(ids[seg]);
  }
  out.keys = std::move(keys);
  return out;
}

absl::StatusOr<std::vector<std::string>> PatentIndex::MatchKeys(
    std::string_view query, const std::vector<std::string>& keys) const {
  return MatchKeys(query, FindKeys(keys));
}

absl::StatusOr<std::vector<std::string>> PatentIndex::MatchKeys(std::string_view query,
                                                                const IndexedKeys& keys) const {
  engine::search::Searcher searcher(keys.snapshot, PatentSchema(), bindings_);
  IPHUB_ASSIGN_OR_RETURN(std::vector<engine::index::Bitmap> hits,
                         searcher.MatchWithin(query, keys.within));
  std::vector<std::string> out;
  for (size_t at = 0; at < keys.keys.size(); ++at) {
    const auto [seg, local] = keys.places[at];
    if (seg != SIZE_MAX && hits[seg].Contains(local)) out.push_back(keys.keys[at]);
  }
  return out;
}

absl::StatusOr<std::pair<uint64_t, std::vector<std::string>>> PatentIndex::TopKeys(
    std::string_view query, uint32_t limit) const {
  engine::search::Searcher searcher(index_->snapshot(), PatentSchema(), bindings_);
  engine::search::Request request;
  request.query = std::string(query);
  request.limit = limit;
  request.load_documents = false;  // keys only: no stored values to decompress
  IPHUB_ASSIGN_OR_RETURN(engine::search::Result result, searcher.Search(request));
  std::vector<std::string> keys;
  for (const engine::search::Hit& hit : result.hits) keys.push_back(hit.key);
  return std::make_pair(result.total, std::move(keys));
}

void ValueScores::Add(std::string_view publication_number, double total) {
  tenths_.insert_or_assign(std::string(publication_number),
                           static_cast<int32_t>(std::lround(total * 10)));
}

std::optional<int64_t> ValueScores::TenthsOf(std::string_view publication_number) const {
  const auto found = tenths_.find(publication_number);
  if (found == tenths_.end()) return std::nullopt;
  return found->second;
}

void PatentIndex::SetValueScores(std::shared_ptr<const ValueScores> scores) {
  std::lock_guard<std::mutex> lock(value_scores_mutex_);
  value_scores_ = std::move(scores);
}

std::shared_ptr<const ValueScores> PatentIndex::value_scores() const {
  std::lock_guard<std::mutex> lock(value_scores_mutex_);
  return value_scores_;
}

absl::StatusOr<PatentSearchResult> PatentIndex::Search(const PatentSearchRequest& request) const {
  const auto started = std::chrono::steady_clock::now();
  engine::search::Request engine_request{.query = request.query,
                                         .offset = request.offset,
                                         .limit = request.limit,
                                         .facet_limit = request.facet_limit};
  const std::shared_ptr<const ValueScores> scores = value_scores();
  IPHUB_RETURN_IF_ERROR(ApplyValue(request, scores.get(), engine_request));
  for (const std::string& name : request.facets) {
    bool known = false;
    for (const auto& [facet, field] : PatentFacets()) {
      if (facet == name) {
        engine_request.facets.push_back(field);
        known = true;
      }
    }
    if (!known) return base::InvalidField("facets", base::StrCat("unknown facet '", name, "'"));
  }
  if (request.snippets) engine_request.snippet_fields = {kFieldTitle, kFieldAbstract};
  engine::search::Searcher searcher(index_->snapshot(), PatentSchema(), bindings_);
  IPHUB_ASSIGN_OR_RETURN(engine::search::Result found, searcher.Search(engine_request));

  PatentSearchResult out;
  out.total = found.total;
  for (engine::search::Hit& hit : found.hits) {
    PatentHit patent_hit;
    patent_hit.publication_number = hit.key;
    patent_hit.score = hit.score;
    if (scores != nullptr) {
      if (std::optional<int64_t> tenths = scores->TenthsOf(hit.key)) {
        patent_hit.value = static_cast<double>(*tenths) / 10;
      }
    }
    IndexedPatent indexed = DecodeIndexed(hit.document);
    patent_hit.title = std::move(indexed.title);
    patent_hit.country = std::move(indexed.country);
    patent_hit.type = std::move(indexed.doc_type);
    patent_hit.kind = std::move(indexed.kind);
    patent_hit.ipc_main = std::move(indexed.ipc_main);
    patent_hit.applicants = std::move(indexed.applicants);
    patent_hit.application_date = DateText(indexed.filed);
    patent_hit.publication_date = DateText(indexed.published);
    patent_hit.application_number = std::move(indexed.application_number);
    patent_hit.legal_status = std::move(indexed.status);
    for (const engine::search::Snippet& snippet : hit.snippets) {
      (snippet.field == kFieldTitle ? patent_hit.title_html : patent_hit.abstract_html) =
          snippet.html;
    }
    out.hits.push_back(std::move(patent_hit));
  }
  for (engine::search::Facet& facet : found.facets) {
    std::string name;
    for (const auto& [facet_name, field] : PatentFacets()) {
      if (field == facet.field) name = facet_name;
    }
    out.facets.emplace_back(std::move(name), std::move(facet.values));
  }
  out.took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return out;
}

// ---------------------------------------------------------------------------
// Similar patents

namespace {

engine::similar::Options SimilarOptions() {
  return {.text_fields = {{.field = kFieldTitle, .weight = 2.0},
                          {.field = kFieldAbstract, .weight = 1.5},
                          {.field = kFieldClaims, .weight = 1.0}},
          .class_fields = {kFieldIpcGroup, kFieldIpcSubclass}};
}

SimilarPatent SimilarHit(engine::similar::Neighbour& neighbour) {
  SimilarPatent hit;
  hit.publication_number = std::move(neighbour.key);
  hit.score = neighbour.score;
  IndexedPatent indexed = DecodeIndexed(neighbour.document);
  hit.title = std::move(indexed.title);
  hit.country = std::move(indexed.country);
  hit.ipc_main = std::move(indexed.ipc_main);
  hit.applicants = std::move(indexed.applicants);
  hit.application_date = DateText(indexed.filed);
  for (engine::similar::SharedTerm& term : neighbour.terms) {
    hit.shared_terms.push_back(std::move(term.text));
  }
  for (engine::similar::SharedClass& shared : neighbour.classes) {
    hit.shared_ipc.push_back(std::move(shared.value));
  }
  return hit;
}

// The first application number of an indexed patent ("" when it has none).
std::string ApplicationNumberOf(const engine::Document& document) {
  for (const engine::FieldValue& value : document.values) {
    if (value.field == kFieldApplicationNumber) return value.text;
  }
  return "";
}

// The best hit of each application, none of application `skip` (a CN
// application's A and B publications are nearly the same text, and the query's
// own other publication is no news), at most `limit`.
std::vector<SimilarPatent> OnePerApplication(std::vector<engine::similar::Neighbour>& neighbours,
                                             const std::string& skip, uint32_t limit) {
  std::vector<SimilarPatent> out;
  std::set<std::string> seen;
  if (!skip.empty()) seen.insert(skip);
  for (engine::similar::Neighbour& neighbour : neighbours) {
    if (out.size() >= limit) break;
    std::string application = ApplicationNumberOf(neighbour.document);
    if (!application.empty() && !seen.insert(application).second) continue;
    out.push_back(SimilarHit(neighbour));
    out.back().application_number = std::move(application);
  }
  return out;
}

}  // namespace

absl::StatusOr<std::shared_ptr<engine::similar::SimilarityIndex>> PatentIndex::BuildSimilarModel()
    const {
  std::lock_guard build_lock(similar_build_mutex_);
  return BuildSimilarModelLocked();
}

absl::StatusOr<std::shared_ptr<engine::similar::SimilarityIndex>>
PatentIndex::BuildSimilarModelLocked() const {
  const auto started = std::chrono::steady_clock::now();
  IPHUB_ASSIGN_OR_RETURN(std::unique_ptr<engine::similar::SimilarityIndex> built,
                         engine::similar::SimilarityIndex::Build(index_->snapshot(), PatentSchema(),
                                                                 SimilarOptions(), &stopping_));
  std::shared_ptr<engine::similar::SimilarityIndex> model = std::move(built);
  if (writer_) IPHUB_RETURN_IF_ERROR(model->Save(directory_ / "similar"));
  spdlog::info("similar patents: model of {} patents ({} terms, {} dimensions) built in {:.1f} s",
               model->documents(), model->terms(), model->dimensions(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return model;
}

void PatentIndex::RebuildSimilarInBackground() const {
  if (similar_building_.exchange(true)) return;  // one is on its way
  std::lock_guard lock(similar_mutex_);
  if (stopping_) return;
  if (similar_builder_.joinable()) similar_builder_.join();  // the last one, finished
  similar_builder_ = std::thread([this] {
    absl::StatusOr<std::shared_ptr<engine::similar::SimilarityIndex>> model = BuildSimilarModel();
    if (model.ok()) {
      std::lock_guard replace(similar_mutex_);
      similar_ = std::move(*model);
    } else if (!stopping_) {
      spdlog::warn("similar patents: rebuilding the model failed: {}",
                   std::string(model.status().message()));
    }
    similar_building_ = false;
  });
}

absl::StatusOr<std::shared_ptr<engine::similar::SimilarityIndex>> PatentIndex::SimilarModel()
    const {
  std::shared_ptr<engine::similar::SimilarityIndex> model;
  {
    std::lock_guard lock(similar_mutex_);
    model = similar_;
  }
  if (model == nullptr) {
    std::lock_guard first_use(similar_build_mutex_);
    {
      std::lock_guard lock(similar_mutex_);
      model = similar_;
    }
    if (model == nullptr) {
      absl::StatusOr<std::unique_ptr<engine::similar::SimilarityIndex>> loaded =
          engine::similar::SimilarityIndex::Load(directory_ / "similar", PatentSchema(),
                                                 SimilarOptions());
      if (loaded.ok()) {
        model = std::move(*loaded);
      } else {
        const absl::StatusCode code = loaded.status().code();
        if (code != absl::StatusCode::kNotFound && code != absl::StatusCode::kDataLoss &&
            code != absl::StatusCode::kFailedPrecondition) {
          return loaded.status();
        }
        if (code != absl::StatusCode::kNotFound) {
          spdlog::warn("similar patents: {}; building the model again",
                       std::string(loaded.status().message()));
        }
        IPHUB_ASSIGN_OR_RETURN(model, BuildSimilarModelLocked());
      }
      std::lock_guard lock(similar_mutex_);
      similar_ = model;
    }
  }
  // Patents indexed since the model was built.
  absl::StatusOr<engine::similar::RefreshResult> refreshed = model->Refresh(*index_->snapshot());
  if (!refreshed.ok()) return refreshed.status();
  if (refreshed->stale) RebuildSimilarInBackground();
  return model;
}

void PatentIndex::RefreshSimilarIfKept() const {
  bool kept = false;
  {
    std::lock_guard lock(similar_mutex_);
    kept = similar_ != nullptr;
  }
  std::error_code ignored;
  if (!kept && !fs::exists(directory_ / "similar" / "MANIFEST", ignored)) return;
  absl::StatusOr<std::shared_ptr<engine::similar::SimilarityIndex>> model = SimilarModel();
  if (!model.ok()) {
    spdlog::warn("similar patents: {}", std::string(model.status().message()));
  }
}

absl::Status PatentIndex::PrepareSimilar() const { return SimilarModel().status(); }

absl::StatusOr<SimilarModelInfo> PatentIndex::RebuildSimilar() {
  const auto started = std::chrono::steady_clock::now();
  IPHUB_ASSIGN_OR_RETURN(std::shared_ptr<engine::similar::SimilarityIndex> model,
                         BuildSimilarModel());
  {
    std::lock_guard lock(similar_mutex_);
    similar_ = model;
  }
  return SimilarModelInfo{
      .documents = model->documents(),
      .terms = model->terms(),
      .dimensions = model->dimensions(),
      .seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()};
}

absl::StatusOr<SimilarPatents> PatentIndex::Similar(std::string_view number, uint32_t limit) const {
  const auto started = std::chrono::steady_clock::now();
  const std::string written(base::StripWhitespace(number));
  if (written.empty()) return base::InvalidField("number", "a publication number is required");
  std::shared_ptr<const engine::index::Snapshot> snapshot = index_->snapshot();
  std::string key;
  if (snapshot->FindKey(written)) {
    key = written;
  } else if (written.find('"') == std::string::npos) {
    // Written another way: what PN= and AN= find.
    engine::search::Searcher searcher(snapshot, PatentSchema(), bindings_);
    for (const char* code : {"PN", "AN"}) {
      engine::search::Request request;
      request.query = base::StrCat(code, "=\"", written, "\"");
      request.limit = 1;
      absl::StatusOr<engine::search::Result> found = searcher.Search(request);
      if (found.ok() && !found->hits.empty()) {
        key = found->hits[0].key;
        break;
      }
    }
  }
  if (key.empty()) {
    return absl::NotFoundError(base::StrCat("patent ", written, " is not in the search index"));
  }
  const engine::index::SegmentView& segment = snapshot->SegmentOf(*snapshot->FindKey(key));
  IPHUB_ASSIGN_OR_RETURN(engine::Document document,
                         segment.reader->Stored(*snapshot->FindKey(key) - segment.base));
  IPHUB_ASSIGN_OR_RETURN(std::shared_ptr<engine::similar::SimilarityIndex> model, SimilarModel());
  // Twice as many: an application's publications count once.
  IPHUB_ASSIGN_OR_RETURN(std::vector<engine::similar::Neighbour> neighbours,
                         model->LikeDocument(*snapshot, key, limit * 2 + 2));
  SimilarPatents out;
  out.publication_number = std::move(key);
  out.hits = OnePerApplication(neighbours, ApplicationNumberOf(document), limit);
  out.took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return out;
}

absl::StatusOr<SimilarPatents> PatentIndex::SimilarToText(std::string_view text,
                                                          uint32_t limit) const {
  const auto started = std::chrono::steady_clock::now();
  if (base::StripWhitespace(text).empty()) return base::InvalidField("text", "a text is required");
  IPHUB_ASSIGN_OR_RETURN(std::shared_ptr<engine::similar::SimilarityIndex> model, SimilarModel());
  IPHUB_ASSIGN_OR_RETURN(std::vector<engine::similar::Neighbour> neighbours,
                         model->LikeText(*index_->snapshot(), text, limit * 2 + 2));
  SimilarPatents out;
  out.hits = OnePerApplication(neighbours, "", limit);
  out.took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace iphub::patents
