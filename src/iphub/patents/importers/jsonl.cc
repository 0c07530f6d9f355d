#include "iphub/patents/importers/jsonl.h"

#include <array>
#include <utility>

#include "iphub/base/status.h"
#include "iphub/base/strings.h"

namespace iphub::patents::importers {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<PartyType, std::string_view>, 6> kPartyTypes = {{
    {PartyType::kUnknown, "unknown"},
    {PartyType::kEnterprise, "enterprise"},
    {PartyType::kUniversity, "university"},
    {PartyType::kResearchInstitute, "research_institute"},
    {PartyType::kIndividual, "individual"},
    {PartyType::kGovernment, "government"},
}};

constexpr std::array<std::pair<DocumentType, std::string_view>, 11> kDocumentTypes = {{
    {DocumentType::kUnknown, "unknown"},
    {DocumentType::kCnInventionApplication, "cn_invention_application"},
    {DocumentType::kCnInventionGrant, "cn_invention_grant"},
    {DocumentType::kCnUtilityModel, "cn_utility_model"},
    {DocumentType::kCnDesign, "cn_design"},
    {DocumentType::kUsUtilityApplication, "us_utility_application"},
    {DocumentType::kUsUtilityGrant, "us_utility_grant"},
    {DocumentType::kUsDesign, "us_design"},
    {DocumentType::kUsPlant, "us_plant"},
    {DocumentType::kUsReissue, "us_reissue"},
    {DocumentType::kUsSir, "us_sir"},
}};

template <typename Enum, size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) return name;
  }
  return "unknown";
}

std::string_view CitationKindName(Citation::Kind kind) {
  return kind == Citation::Kind::kPatent ? "patent" : "non_patent";
}

std::string_view CitedByName(Citation::By by) {
  switch (by) {
    case Citation::By::kExaminer:
      return "examiner";
    case Citation::By::kApplicant:
      return "applicant";
    case Citation::By::kThirdParty:
      return "third_party";
    case Citation::By::kUnknown:
      return "unknown";
  }
  return "unknown";
}

json PartyJson(const Party& party) {
  return {{"name", party.name},
          {"type", NameOf(kPartyTypes, party.type)},
          {"address", party.address},
          {"country", party.country},
          {"region_code", party.region_code},
          {"postcode", party.postcode}};
}

json ClassificationsJson(const std::vector<Classification>& symbols) {
  json out = json::array();
  for (const auto& symbol : symbols) {
    out.push_back({{"symbol", symbol.symbol}, {"version", symbol.version}});
  }
  return out;
}

// Reads fields out of one JSON object; every error names the full path.
class Reader {
 public:
  Reader(const json& object, std::string path) : object_(object), path_(std::move(path)) {}

  std::string Path(std::string_view key) const {
    return path_.empty() ? std::string(key) : base::StrCat(path_, ".", key);
  }

  absl::Status String(std::string_view key, std::string& out) const {
    auto it = object_.find(std::string(key));
    if (it == object_.end() || it->is_null()) return absl::OkStatus();
    if (!it->is_string()) return base::InvalidField(Path(key), "must be a string");
    out = it->get<std::string>();
    return absl::OkStatus();
  }

  absl::Status Int(std::string_view key, int& out) const {
    auto it = object_.find(std::string(key));
    if (it == object_.end() || it->is_null()) return absl::OkStatus();
    if (!it->is_number_integer()) return base::InvalidField(Path(key), "must be an integer");
    out = it->get<int>();
    return absl::OkStatus();
  }

  template <typename Enum, size_t N>
  absl::Status Enumerated(std::string_view key,
                          const std::array<std::pair<Enum, std::string_view>, N>& table,
                          Enum& out) const {
    std::string name;
    IPHUB_RETURN_IF_ERROR(String(key, name));
    if (name.empty()) return absl::OkStatus();
    for (const auto& [value, candidate] : table) {
      if (candidate == name) {
        out = value;
        return absl::OkStatus();
      }
    }
    return base::InvalidField(Path(key), base::StrCat("unknown value '", name, "'"));
  }

  // Calls `read(element, element_path)` for each element of an array field.
  template <typename Fn>
  absl::Status Array(std::string_view key, Fn read) const {
    auto it = object_.find(std::string(key));
    if (it == object_.end() || it->is_null()) return absl::OkStatus();
    if (!it->is_array()) return base::InvalidField(Path(key), "must be an array");
    for (size_t index = 0; index < it->size(); ++index) {
      IPHUB_RETURN_IF_ERROR(read((*it)[index], base::StrCat(Path(key), "[", index, "]")));
    }
    return absl::OkStatus();
  }

 private:
  const json& object_;
  std::string path_;
};

absl::Status RequireObject(const json& value, const std::string& path) {
  if (!value.is_object()) return base::InvalidField(path, "must be an object");
  return absl::OkStatus();
}

absl::Status ReadParty(const json& value, const std::string& path, Party& party) {
  IPHUB_RETURN_IF_ERROR(RequireObject(value, path));
  Reader reader(value, path);
  IPHUB_RETURN_IF_ERROR(reader.String("name", party.name));
  IPHUB_RETURN_IF_ERROR(reader.Enumerated("type", kPartyTypes, party.type));
  IPHUB_RETURN_IF_ERROR(reader.String("address", party.address));
  IPHUB_RETURN_IF_ERROR(reader.String("country", party.country));
  IPHUB_RETURN_IF_ERROR(reader.String("region_code", party.region_code));
  return reader.String("postcode", party.postcode);
}

absl::Status ReadClassifications(const Reader& reader, std::string_view key,
                                 std::vector<Classification>& out) {
  return reader.Array(key, [&](const json& value, const std::string& path) -> absl::Status {
    IPHUB_RETURN_IF_ERROR(RequireObject(value, path));
    Reader item(value, path);
    Classification symbol;
    IPHUB_RETURN_IF_ERROR(item.String("symbol", symbol.symbol));
    IPHUB_RETURN_IF_ERROR(item.String("version", symbol.version));
    out.push_back(std::move(symbol));
    return absl::OkStatus();
  });
}

}  // namespace

// The arrays are moved into the record (an initializer list would copy them).
json PatentToJson(const Patent& patent) {
  json claims = json::array();
  for (const auto& claim : patent.claims) {
    claims.push_back(
        {{"number", claim.number}, {"text", claim.text}, {"depends_on", claim.depends_on}});
  }
  json applicants = json::array();
  for (const auto& party : patent.applicants) applicants.push_back(PartyJson(party));
  json inventors = json::array();
  for (const auto& party : patent.inventors) inventors.push_back(PartyJson(party));
  json citations = json::array();
  for (const auto& citation : patent.citations) {
    citations.push_back({{"kind", CitationKindName(citation.kind)},
                         {"by", CitedByName(citation.by)},
                         {"country", citation.country},
                         {"number", citation.number},
                         {"kind_code", citation.kind_code},
                         {"date", citation.date},
                         {"text", citation.text}});
  }
  json priorities = json::array();
  for (const auto& priority : patent.priorities) {
    priorities.push_back(
        {{"country", priority.country}, {"number", priority.number}, {"date", priority.date}});
  }
  json events = json::array();
  for (const auto& event : patent.legal_events) {
    events.push_back({{"code", event.code}, {"date", event.date}, {"text", event.text}});
  }
  return {{"publication_number", patent.publication_number},
          {"country", patent.country},
          {"doc_number", patent.doc_number},
          {"kind", patent.kind},
          {"type", NameOf(kDocumentTypes, patent.type)},
          {"application_number", patent.application_number},
          {"application_number_original", patent.application_number_original},
          {"language", patent.language},
          {"application_date", patent.application_date},
          {"publication_date", patent.publication_date},
          {"grant_date", patent.grant_date},
          {"priorities", std::move(priorities)},
          {"title", patent.title},
          {"abstract", patent.abstract},
          {"claims", std::move(claims)},
          {"description", patent.description},
          {"applicants", std::move(applicants)},
          {"inventors", std::move(inventors)},
          {"agency", patent.agency},
          {"agents", patent.agents},
          {"ipc", ClassificationsJson(patent.ipc)},
          {"ipc_main", patent.ipc_main},
          {"cpc", ClassificationsJson(patent.cpc)},
          {"locarno", patent.locarno},
          {"citations", std::move(citations)},
          {"family_id", patent.family_id},
          {"legal_events", std::move(events)}};
}

absl::StatusOr<Patent> PatentFromJson(const json& value) {
  IPHUB_RETURN_IF_ERROR(RequireObject(value, "record"));
  Reader reader(value, "");
  Patent patent;
  IPHUB_RETURN_IF_ERROR(reader.String("publication_number", patent.publication_number));
  if (patent.publication_number.empty()) {
    return base::InvalidField("publication_number", "is required");
  }
  for (auto [key, field] : std::initializer_list<std::pair<std::string_view, std::string*>>{
           {"country", &patent.country},
           {"doc_number", &patent.doc_number},
           {"kind", &patent.kind},
           {"application_number", &patent.application_number},
           {"application_number_original", &patent.application_number_original},
           {"language", &patent.language},
           {"application_date", &patent.application_date},
           {"publication_date", &patent.publication_date},
           {"grant_date", &patent.grant_date},
           {"title", &patent.title},
           {"abstract", &patent.abstract},
           {"description", &patent.description},
           {"agency", &patent.agency},
           {"ipc_main", &patent.ipc_main},
           {"locarno", &patent.locarno},
           {"family_id", &patent.family_id}}) {
    IPHUB_RETURN_IF_ERROR(reader.String(key, *field));
  }
  IPHUB_RETURN_IF_ERROR(reader.Enumerated("type", kDocumentTypes, patent.type));
  IPHUB_RETURN_IF_ERROR(
      reader.Array("priorities", [&](const json& item, const std::string& path) -> absl::Status {
        IPHUB_RETURN_IF_ERROR(RequireObject(item, path));
        Reader fields(item, path);
        Priority priority;
        IPHUB_RETURN_IF_ERROR(fields.String("country", priority.country));
        IPHUB_RETURN_IF_ERROR(fields.String("number", priority.number));
        IPHUB_RETURN_IF_ERROR(fields.String("date", priority.date));
        patent.priorities.push_back(std::move(priority));
        return absl::OkStatus();
      }));
  IPHUB_RETURN_IF_ERROR(
      reader.Array("claims", [&](const json& item, const std::string& path) -> absl::Status {
        IPHUB_RETURN_IF_ERROR(RequireObject(item, path));
        Reader fields(item, path);
        Claim claim;
        IPHUB_RETURN_IF_ERROR(fields.Int("number", claim.number));
        IPHUB_RETURN_IF_ERROR(fields.String("text", claim.text));
        IPHUB_RETURN_IF_ERROR(fields.Array(
            "depends_on", [&](const json& number, const std::string& number_path) -> absl::Status {
              if (!number.is_number_integer()) {
                return base::InvalidField(number_path, "must be an integer");
              }
              claim.depends_on.push_back(number.get<int>());
              return absl::OkStatus();
            }));
        patent.claims.push_back(std::move(claim));
        return absl::OkStatus();
      }));
  // A plain pair rather than a structured binding: clang 14 cannot capture bindings in lambdas.
  for (const auto& key_and_parties :
       std::initializer_list<std::pair<std::string_view, std::vector<Party>*>>{
           {"applicants", &patent.applicants}, {"inventors", &patent.inventors}}) {
    std::vector<Party>* parties = key_and_parties.second;
    IPHUB_RETURN_IF_ERROR(reader.Array(
        key_and_parties.first, [&](const json& item, const std::string& path) -> absl::Status {
          Party party;
          IPHUB_RETURN_IF_ERROR(ReadParty(item, path, party));
          parties->push_back(std::move(party));
          return absl::OkStatus();
        }));
  }
  IPHUB_RETURN_IF_ERROR(
      reader.Array("agents", [&](const json& item, const std::string& path) -> absl::Status {
        if (!item.is_string()) return base::InvalidField(path, "must be a string");
        patent.agents.push_back(item.get<std::string>());
        return absl::OkStatus();
      }));
  IPHUB_RETURN_IF_ERROR(ReadClassifications(reader, "ipc", patent.ipc));
  IPHUB_RETURN_IF_ERROR(ReadClassifications(reader, "cpc", patent.cpc));
  IPHUB_RETURN_IF_ERROR(
      reader.Array("citations", [&](const json& item, const std::string& path) -> absl::Status {
        IPHUB_RETURN_IF_ERROR(RequireObject(item, path));
        Reader fields(item, path);
        Citation citation;
        std::string kind, by;
        IPHUB_RETURN_IF_ERROR(fields.String("kind", kind));
        if (kind == "non_patent") {
          citation.kind = Citation::Kind::kNonPatent;
        } else if (!kind.empty() && kind != "patent") {
          return base::InvalidField(fields.Path("kind"), "must be 'patent' or 'non_patent'");
        }
        IPHUB_RETURN_IF_ERROR(fields.String("by", by));
        if (by == "examiner") {
          citation.by = Citation::By::kExaminer;
        } else if (by == "applicant") {
          citation.by = Citation::By::kApplicant;
        } else if (by == "third_party") {
          citation.by = Citation::By::kThirdParty;
        } else if (!by.empty() && by != "unknown") {
          return base::InvalidField(fields.Path("by"),
                                    "must be examiner, applicant, third_party or unknown");
        }
        IPHUB_RETURN_IF_ERROR(fields.String("country", citation.country));
        IPHUB_RETURN_IF_ERROR(fields.String("number", citation.number));
        IPHUB_RETURN_IF_ERROR(fields.String("kind_code", citation.kind_code));
        IPHUB_RETURN_IF_ERROR(fields.String("date", citation.date));
        IPHUB_RETURN_IF_ERROR(fields.String("text", citation.text));
        patent.citations.push_back(std::move(citation));
        return absl::OkStatus();
      }));
  IPHUB_RETURN_IF_ERROR(
      reader.Array("legal_events", [&](const json& item, const std::string& path) -> absl::Status {
        IPHUB_RETURN_IF_ERROR(RequireObject(item, path));
        Reader fields(item, path);
        LegalEvent event;
        IPHUB_RETURN_IF_ERROR(fields.String("code", event.code));
        IPHUB_RETURN_IF_ERROR(fields.String("date", event.date));
        IPHUB_RETURN_IF_ERROR(fields.String("text", event.text));
        patent.legal_events.push_back(std::move(event));
        return absl::OkStatus();
      }));
  return patent;
}

namespace {

// The deepest nesting a record can have is 4 (record → claims → claim →
// depends_on); anything far deeper is refused before the recursive parser
// sees it, so hostile input cannot exhaust the stack.
constexpr int kMaxDepth = 16;

absl::Status CheckDepth(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    char c = text[pos];
    if (in_string) {
      if (c == '\\') {
        ++pos;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxDepth) {
        return absl::InvalidArgumentError(
            base::StrCat("JSON nested deeper than ", kMaxDepth, " levels at byte ", pos));
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Patent> ParseJsonlLine(std::string_view line) {
  IPHUB_RETURN_IF_ERROR(CheckDepth(line));
  try {
    json value = json::parse(line.begin(), line.end());
    return PatentFromJson(value);
  } catch (const json::parse_error& error) {
    return absl::InvalidArgumentError(base::StrCat("malformed JSON at byte ",
                                                   static_cast<int64_t>(error.byte), ": ",
                                                   std::string_view(error.what())));
  } catch (const json::exception& error) {
    return absl::InvalidArgumentError(
        base::StrCat("invalid JSON: ", std::string_view(error.what())));
  }
}

}  // namespace iphub::patents::importers
