#include "iphub/patents/importers/cnipa_xml.h"

#include <cstring>
#include <initializer_list>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/patents/numbers.h"

namespace iphub::patents::importers {
namespace {

constexpr std::string_view kClaimReference = "权利要求";
constexpr int kMaxRangeLength = 1000;

// ---------------------------------------------------------------------------
// XML navigation by local name.

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

// Follows a path of local names, taking the first match at each step.
pugi::xml_node Path(pugi::xml_node node, std::initializer_list<std::string_view> locals) {
  for (std::string_view local : locals) {
    if (!node) return {};
    node = Child(node, local);
  }
  return node;
}

std::vector<pugi::xml_node> Children(const pugi::xml_node& node, std::string_view local) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element && LocalName(child) == local) out.push_back(child);
  }
  return out;
}

// Visits the subtree below `root` in document order without recursion (input
// nesting depth is unbounded). `visit` returns false to skip a node's children.
template <typename Visit>
void Walk(const pugi::xml_node& root, Visit visit) {
  pugi::xml_node node = root.first_child();
  while (node) {
    const bool descend = visit(node);
    if (descend && node.first_child()) {
      node = node.first_child();
      continue;
    }
    while (node && node != root && !node.next_sibling()) node = node.parent();
    if (!node || node == root) return;
    node = node.next_sibling();
  }
}

// Elements named `local` below `root`, outermost only (a match's own subtree
// is not searched).
std::vector<pugi::xml_node> Descendants(const pugi::xml_node& root, std::string_view local) {
  std::vector<pugi::xml_node> out;
  if (!root) return out;
  Walk(root, [&](const pugi::xml_node& node) {
    if (node.type() == pugi::node_element && LocalName(node) == local) {
      out.push_back(node);
      return false;
    }
    return true;
  });
  return out;
}

pugi::xml_node FirstDescendant(const pugi::xml_node& root, std::string_view local) {
  pugi::xml_node found;
  if (!root) return found;
  Walk(root, [&](const pugi::xml_node& node) {
    if (found) return false;
    if (node.type() == pugi::node_element && LocalName(node) == local) {
      found = node;
      return false;
    }
    return true;
  });
  return found;
}

bool IsAscii(unsigned char c) { return c < 0x80; }

// Collapses whitespace: a run holding a line break is dropped next to
// non-ASCII text (CJK text is wrapped without spaces) and becomes one space
// between ASCII words; other runs become one space. The result is trimmed.
std::string CollapseWhitespace(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  size_t pos = 0;
  while (pos < raw.size()) {
    if (!base::IsAsciiSpace(raw[pos])) {
      out += raw[pos++];
      continue;
    }
    bool has_newline = false;
    while (pos < raw.size() && base::IsAsciiSpace(raw[pos])) {
      has_newline = has_newline || raw[pos] == '\n' || raw[pos] == '\r';
      ++pos;
    }
    if (out.empty() || pos == raw.size()) continue;
    const bool cjk_neighbour = !IsAscii(static_cast<unsigned char>(out.back())) ||
                               !IsAscii(static_cast<unsigned char>(raw[pos]));
    if (has_newline && cjk_neighbour) continue;
    out += ' ';
  }
  return out;
}

// All character data below `node`, whitespace collapsed.
std::string Text(const pugi::xml_node& node) {
  if (!node) return {};
  if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
    return CollapseWhitespace(node.value());
  }
  std::string raw;
  Walk(node, [&](const pugi::xml_node& child) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) raw += child.value();
    return true;
  });
  return CollapseWhitespace(raw);
}

// CNIPA's 2021 files fill unknown address parts with "0" or "00000000".
std::string Meaningful(std::string text) {
  if (!text.empty() && text.find_first_not_of('0') == std::string::npos) return {};
  return text;
}

std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Field helpers.

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "20141224" or "2014-12-24" → "2014-12-24"; anything else (including the
// "00000000" placeholder) → "".
std::string CivilDate(std::string_view text) {
  text = base::StripWhitespace(text);
  std::string digits;
  if (text.size() == 8 && AllDigits(text)) {
    digits = std::string(text);
  } else if (text.size() == 10 && (text[4] == '-' || text[4] == '.' || text[4] == '/') &&
             text[7] == text[4]) {
    digits = base::StrCat(text.substr(0, 4), text.substr(5, 2), text.substr(8, 2));
    if (!AllDigits(digits)) return {};
  } else {
    return {};
  }
  const int month = (digits[4] - '0') * 10 + (digits[5] - '0');
  const int day = (digits[6] - '0') * 10 + (digits[7] - '0');
  if (digits.substr(0, 4) == "0000" || month < 1 || month > 12 || day < 1 || day > 31) return {};
  return base::StrCat(std::string_view(digits).substr(0, 4), "-",
                      std::string_view(digits).substr(4, 2), "-",
                      std::string_view(digits).substr(6, 2));
}

// A leading six-digit CN postcode ("650231 云南省…") or "".
std::string LeadingPostcode(std::string_view address) {
  if (address.size() >= 7 && AllDigits(address.substr(0, 6)) && address[6] == ' ') {
    return std::string(address.substr(0, 6));
  }
  return {};
}

// Strips the leading "1." / "1、" / "1．" claim number from a claim's text.
std::string StripClaimNumber(std::string text) {
  size_t pos = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
  if (pos == 0) return text;
  for (std::string_view mark : {".", "、", "．", " "}) {
    if (std::string_view(text).substr(pos).starts_with(mark)) {
      return std::string(base::StripWhitespace(std::string_view(text).substr(pos + mark.size())));
    }
  }
  return text;
}

int ParseClaimNumber(std::string_view num_attribute, std::string_view text) {
  num_attribute = base::StripWhitespace(num_attribute);
  if (num_attribute.empty() || !AllDigits(num_attribute) || num_attribute.size() > 6) {
    num_attribute = text.substr(0, text.find_first_not_of("0123456789"));
  }
  if (num_attribute.empty() || num_attribute.size() > 6) return 0;
  int number = 0;
  for (char c : num_attribute) number = number * 10 + (c - '0');
  return number;
}

Claim MakeClaim(std::string_view num_attribute, std::string text) {
  Claim claim;
  claim.number = ParseClaimNumber(num_attribute, text);
  claim.text = StripClaimNumber(std::move(text));
  claim.depends_on = ParseClaimDependencies(claim.text);
  return claim;
}

absl::Status SetApplicationNumber(std::string_view original, std::string_view standard,
                                  Patent& patent) {
  original = base::StripWhitespace(original);
  standard = base::StripWhitespace(standard);
  patent.application_number_original = std::string(original.empty() ? standard : original);
  if (patent.application_number_original.empty()) return absl::OkStatus();
  absl::StatusOr<std::string> normalised = NormalizeCnApplicationNumber(original);
  if (!normalised.ok() && !standard.empty()) {
    normalised = NormalizeCnApplicationNumber(standard);
  }
  if (!normalised.ok()) {
    return base::InvalidField(
        "application_number",
        base::StrCat("application number \"", patent.application_number_original,
                     "\": ", base::Sv(normalised.status().message())));
  }
  patent.application_number = *std::move(normalised);
  return absl::OkStatus();
}

// "A24B   15/18    (2006.01)" → {"A24B 15/18", "2006.01"}.
Classification ClassificationFromText(std::string_view text) {
  Classification out;
  const size_t open = text.find('(');
  if (open != std::string_view::npos) {
    const size_t close = text.find(')', open);
    if (close != std::string_view::npos) {
      out.version = std::string(base::StripWhitespace(text.substr(open + 1, close - open - 1)));
    }
    text = text.substr(0, open);
  }
  out.symbol = NormalizeClassificationSymbol(base::StripWhitespace(text));
  return out;
}

absl::Status FinishIdentity(Patent& patent) {
  patent.country = "CN";
  patent.language = "zh";
  if (patent.doc_number.empty()) {
    return base::InvalidField("publication_number", "document has no publication number");
  }
  if (patent.kind.empty()) return base::InvalidField("kind", "document has no kind code");
  patent.type = DocumentTypeFor("CN", patent.kind);
  patent.publication_number = base::StrCat("CN", patent.doc_number, patent.kind);
  if (patent.type == DocumentType::kCnInventionGrant) patent.grant_date = patent.publication_date;
  if (!patent.ipc.empty()) patent.ipc_main = patent.ipc.front().symbol;
  return absl::OkStatus();
}

void AddAgent(std::string name, Patent& patent) {
  if (name.empty()) return;
  for (const std::string& agent : patent.agents) {
    if (agent == name) return;
  }
  patent.agents.push_back(std::move(name));
}

// ---------------------------------------------------------------------------
// Older format: <cn-patent-document>.

absl::StatusOr<Patent> ParseOldFormat(const pugi::xml_node& root) {
  Patent patent;
  const pugi::xml_node biblio = Child(root, "cn-bibliographic-data");

  const pugi::xml_node publication = Path(biblio, {"cn-publication-reference", "document-id"});
  patent.doc_number = std::string(base::StripWhitespace(Text(Child(publication, "doc-number"))));
  patent.kind = Text(Child(publication, "kind"));
  patent.publication_date = CivilDate(Text(Child(publication, "date")));

  const pugi::xml_node application = Path(biblio, {"application-reference", "document-id"});
  IPHUB_RETURN_IF_ERROR(SetApplicationNumber(Text(Child(application, "doc-number")), "", patent));
  patent.application_date = CivilDate(Text(Child(application, "date")));

  for (const pugi::xml_node& claim : Children(Child(biblio, "priority-claims"), "priority-claim")) {
    patent.priorities.push_back({.country = Text(Child(claim, "country")),
                                 .number = Text(Child(claim, "doc-number")),
                                 .date = CivilDate(Text(Child(claim, "date")))});
  }

  for (const pugi::xml_node& ipc :
       Children(Child(biblio, "classifications-ipcr"), "classification-ipcr")) {
    Classification classification = ClassificationFromText(Text(Child(ipc, "text")));
    if (!classification.symbol.empty()) patent.ipc.push_back(std::move(classification));
  }

  patent.title = Text(Child(biblio, "invention-title"));
  std::vector<std::string> abstract;
  for (const pugi::xml_node& paragraph : Children(Child(biblio, "abstract"), "p")) {
    if (FirstDescendant(paragraph, "bio-deposit")) continue;  // deposit details, not prose
    abstract.push_back(Text(paragraph));
  }
  patent.abstract = Join(abstract, "\n");

  const pugi::xml_node parties = Child(biblio, "cn-parties");
  for (const pugi::xml_node& applicant :
       Children(Child(parties, "cn-applicants"), "cn-applicant")) {
    const pugi::xml_node book = Child(applicant, "addressbook");
    Party party;
    party.name = Text(Child(book, "name"));
    party.address = Text(Child(book, "address"));
    party.postcode = LeadingPostcode(party.address);
    if (!party.postcode.empty()) party.country = "CN";
    party.type = GuessPartyType(party.name);
    if (!party.name.empty()) patent.applicants.push_back(std::move(party));
  }
  for (const pugi::xml_node& inventor : Children(Child(parties, "cn-inventors"), "cn-inventor")) {
    std::string name = Text(Child(inventor, "name"));
    if (name.empty()) name = Text(Path(inventor, {"addressbook", "name"}));
    if (!name.empty()) {
      patent.inventors.push_back({.name = std::move(name), .type = PartyType::kIndividual});
    }
  }
  for (const pugi::xml_node& agent : Children(Child(parties, "cn-agents"), "cn-agent")) {
    if (patent.agency.empty()) patent.agency = Text(Path(agent, {"cn-agency", "name"}));
    AddAgent(Text(Child(agent, "name")), patent);
  }

  const pugi::xml_node body = Child(root, "application-body");
  std::vector<std::string> description;
  for (const pugi::xml_node& paragraph : Descendants(Child(body, "description"), "p")) {
    description.push_back(Text(paragraph));
  }
  patent.description = Join(description, "\n");
  for (const pugi::xml_node& claim : Children(Child(body, "claims"), "claim")) {
    std::vector<std::string> texts;
    for (const pugi::xml_node& text : Descendants(claim, "claim-text")) {
      texts.push_back(Text(text));
    }
    patent.claims.push_back(MakeClaim(claim.attribute("num").value(), Join(texts, "\n")));
  }

  IPHUB_RETURN_IF_ERROR(FinishIdentity(patent));
  return patent;
}

// ---------------------------------------------------------------------------
// 2021 format: <business:PatentDocumentAndRelated>, schema V2.2.1.

bool IsStandardFormat(const pugi::xml_node& node) {
  return std::string_view(node.attribute("dataFormat").value()) == "standard";
}

// The dataFormat="original" element among `nodes` (else the first).
pugi::xml_node PreferOriginal(const std::vector<pugi::xml_node>& nodes) {
  for (const pugi::xml_node& node : nodes) {
    if (!IsStandardFormat(node)) return node;
  }
  return nodes.empty() ? pugi::xml_node() : nodes.front();
}

pugi::xml_node PreferStandard(const std::vector<pugi::xml_node>& nodes) {
  for (const pugi::xml_node& node : nodes) {
    if (IsStandardFormat(node)) return node;
  }
  return {};
}

// Structured IPC: Section, MainClass, Subclass, MainGroup, Subgroup and
// IPCVersionDate ("20060101" → "2006.01"); the Text form when parts are missing.
Classification ClassificationFromStructured(const pugi::xml_node& ipc) {
  const std::string section = Text(Child(ipc, "Section"));
  const std::string main_class = Text(Child(ipc, "MainClass"));
  const std::string subclass = Text(Child(ipc, "Subclass"));
  const std::string main_group = Text(Child(ipc, "MainGroup"));
  const std::string subgroup = Text(Child(ipc, "Subgroup"));
  Classification out;
  if (section.size() == 1 && main_class.size() == 2 && subclass.size() == 1 &&
      AllDigits(main_group) && AllDigits(subgroup)) {
    out.symbol = base::StrCat(section, main_class, subclass, " ", main_group, "/", subgroup);
    const std::string version = Text(Child(ipc, "IPCVersionDate"));
    if (version.size() == 8 && AllDigits(version)) {
      out.version = base::StrCat(std::string_view(version).substr(0, 4), ".",
                                 std::string_view(version).substr(4, 2));
    }
  }
  if (out.symbol.empty() || out.version.empty()) {
    Classification from_text = ClassificationFromText(Text(Child(ipc, "Text")));
    if (out.symbol.empty()) out.symbol = std::move(from_text.symbol);
    if (out.version.empty()) out.version = std::move(from_text.version);
  }
  return out;
}

Party PartyFromAddressBook(const pugi::xml_node& book) {
  Party party;
  party.name = Text(Child(book, "Name"));
  if (party.name.empty()) party.name = Text(Child(book, "OrganizationName"));
  const pugi::xml_node address = Child(book, "Address");
  party.address = Meaningful(Text(Child(address, "Text")));
  party.postcode = Meaningful(Text(Child(address, "PostCode")));
  if (party.postcode.empty()) party.postcode = LeadingPostcode(party.address);
  party.country = Meaningful(Text(Child(address, "WIPOST3Code")));
  return party;
}

absl::StatusOr<Patent> ParseNewFormat(const pugi::xml_node& root) {
  Patent patent;
  const pugi::xml_node biblio = Child(root, "BibliographicData");

  const pugi::xml_node publication =
      Child(PreferOriginal(Children(biblio, "PublicationReference")), "DocumentID");
  patent.doc_number = std::string(base::StripWhitespace(Text(Child(publication, "DocNumber"))));
  patent.kind = Text(Child(publication, "Kind"));
  patent.publication_date = CivilDate(Text(Child(publication, "Date")));
  // The root repeats the identity as attributes.
  if (patent.doc_number.empty()) patent.doc_number = root.attribute("docNumber").value();
  if (patent.kind.empty()) patent.kind = root.attribute("kind").value();
  if (patent.publication_date.empty()) {
    patent.publication_date = CivilDate(root.attribute("datePublication").value());
  }

  const std::vector<pugi::xml_node> applications = Children(biblio, "ApplicationReference");
  const pugi::xml_node original = PreferOriginal(applications);
  const pugi::xml_node standard = PreferStandard(applications);
  const pugi::xml_node original_id =
      IsStandardFormat(original) ? pugi::xml_node() : Child(original, "DocumentID");
  const pugi::xml_node standard_id = Child(standard, "DocumentID");
  IPHUB_RETURN_IF_ERROR(SetApplicationNumber(Text(Child(original_id, "DocNumber")),
                                             Text(Child(standard_id, "DocNumber")), patent));
  patent.application_date = CivilDate(Text(Child(original_id, "Date")));
  if (patent.application_date.empty()) {
    patent.application_date = CivilDate(Text(Child(standard_id, "Date")));
  }

  for (const pugi::xml_node& priority : Children(Child(biblio, "PriorityDetails"), "Priority")) {
    if (IsStandardFormat(priority)) continue;  // the same priority again, re-keyed
    patent.priorities.push_back({.country = Text(Child(priority, "WIPOST3Code")),
                                 .number = Text(Child(priority, "DocNumber")),
                                 .date = CivilDate(Text(Child(priority, "Date")))});
  }

  for (const pugi::xml_node& details : Children(biblio, "ClassificationIPCRDetails")) {
    for (const pugi::xml_node& ipc : Children(details, "ClassificationIPCR")) {
      Classification classification = ClassificationFromStructured(ipc);
      if (!classification.symbol.empty()) patent.ipc.push_back(std::move(classification));
    }
  }

  patent.title = Text(PreferOriginal(Children(biblio, "InventionTitle")));

  const pugi::xml_node abstract = PreferOriginal(Children(root, "Abstract"));
  std::vector<std::string> abstract_paragraphs;
  for (const pugi::xml_node& paragraph : Children(abstract, "Paragraphs")) {
    abstract_paragraphs.push_back(Text(paragraph));
  }
  patent.abstract = Join(abstract_paragraphs, "\n");

  const pugi::xml_node parties = Child(biblio, "Parties");
  for (const pugi::xml_node& applicant :
       Children(Child(parties, "ApplicantDetails"), "Applicant")) {
    Party party = PartyFromAddressBook(Child(applicant, "AddressBook"));
    party.type = GuessPartyType(party.name);
    if (!party.name.empty()) patent.applicants.push_back(std::move(party));
  }
  for (const pugi::xml_node& inventor : Children(Child(parties, "InventorDetails"), "Inventor")) {
    Party party = PartyFromAddressBook(Child(inventor, "AddressBook"));
    party.type = PartyType::kIndividual;
    if (!party.name.empty()) patent.inventors.push_back(std::move(party));
  }
  for (const pugi::xml_node& agent : Children(Child(parties, "AgentDetails"), "Agent")) {
    if (patent.agency.empty()) {
      const pugi::xml_node book = Path(agent, {"Agency", "AddressBook"});
      patent.agency = Text(Child(book, "OrganizationName"));
      if (patent.agency.empty()) patent.agency = Text(Child(book, "Name"));
    }
    AddAgent(Text(Path(agent, {"AddressBook", "Name"})), patent);
  }

  std::vector<std::string> description;
  for (const pugi::xml_node& paragraph :
       Descendants(PreferOriginal(Children(root, "Description")), "Paragraphs")) {
    description.push_back(Text(paragraph));
  }
  patent.description = Join(description, "\n");

  for (const pugi::xml_node& claim : Children(PreferOriginal(Children(root, "Claims")), "Claim")) {
    std::vector<std::string> texts;
    for (const pugi::xml_node& text : Descendants(claim, "ClaimText")) texts.push_back(Text(text));
    patent.claims.push_back(MakeClaim(claim.attribute("num").value(), Join(texts, "\n")));
  }

  IPHUB_RETURN_IF_ERROR(FinishIdentity(patent));
  return patent;
}

// ---------------------------------------------------------------------------
// Claim references.

// Reads one ASCII or full-width digit at `pos`; returns its value or -1.
int DigitAt(std::string_view text, size_t& pos) {
  if (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') return text[pos++] - '0';
  // U+FF10..U+FF19: EF BC 90..99.
  if (pos + 2 < text.size() && static_cast<unsigned char>(text[pos]) == 0xEF &&
      static_cast<unsigned char>(text[pos + 1]) == 0xBC) {
    const auto third = static_cast<unsigned char>(text[pos + 2]);
    if (third >= 0x90 && third <= 0x99) {
      pos += 3;
      return third - 0x90;
    }
  }
  return -1;
}

// Reads a claim number at `pos` (at most 5 digits); -1 when there is none.
int NumberAt(std::string_view text, size_t& pos) {
  int value = -1;
  int digits = 0;
  size_t cursor = pos;
  while (true) {
    size_t next = cursor;
    const int digit = DigitAt(text, next);
    if (digit < 0) break;
    if (++digits > 5) return -1;
    value = (value < 0 ? 0 : value * 10) + digit;
    cursor = next;
  }
  if (value >= 0) pos = cursor;
  return value;
}

bool ConsumeAny(std::string_view text, size_t& pos,
                std::initializer_list<std::string_view> tokens) {
  for (std::string_view token : tokens) {
    if (text.substr(pos).starts_with(token)) {
      pos += token.size();
      return true;
    }
  }
  return false;
}

void SkipSpaces(std::string_view text, size_t& pos) {
  while (pos < text.size() && text[pos] == ' ') ++pos;
}

}  // namespace

std::vector<int> ParseClaimDependencies(std::string_view claim_text) {
  std::vector<int> out;
  const size_t start = claim_text.find(kClaimReference);
  if (start == std::string_view::npos) return out;
  size_t pos = start + kClaimReference.size();
  auto add = [&out](int number) {
    for (int existing : out) {
      if (existing == number) return;
    }
    out.push_back(number);
  };
  while (true) {
    SkipSpaces(claim_text, pos);
    const int first = NumberAt(claim_text, pos);
    if (first < 0) break;
    SkipSpaces(claim_text, pos);
    if (ConsumeAny(claim_text, pos, {"至", "到", "-", "－", "—", "–", "~", "～"})) {
      SkipSpaces(claim_text, pos);
      ConsumeAny(claim_text, pos, {kClaimReference});
      const int last = NumberAt(claim_text, pos);
      if (last < 0) {
        add(first);
        break;
      }
      if (last >= first && last - first < kMaxRangeLength) {
        for (int number = first; number <= last; ++number) add(number);
      } else {
        add(first);
        add(last);
      }
    } else {
      add(first);
    }
    SkipSpaces(claim_text, pos);
    if (!ConsumeAny(claim_text, pos, {"或者", "或", "以及", "、", "和", "及", ",", "，"})) break;
    SkipSpaces(claim_text, pos);
    ConsumeAny(claim_text, pos, {kClaimReference});
  }
  return out;
}

absl::StatusOr<Patent> ParseCnipaDocument(std::string_view xml) {
  pugi::xml_document document;
  // parse_default never fetches DTDs and only expands the predefined and
  // character entities; a BOM is detected by encoding_auto.
  const pugi::xml_parse_result result =
      document.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_auto);
  if (!result) {
    return absl::InvalidArgumentError(base::StrCat("malformed XML at byte offset ",
                                                   static_cast<long long>(result.offset), ": ",
                                                   result.description()));
  }
  const pugi::xml_node root = document.document_element();
  const std::string_view root_name = LocalName(root);
  if (root_name == "cn-patent-document") return ParseOldFormat(root);
  if (root_name == "PatentDocumentAndRelated") return ParseNewFormat(root);
  return absl::InvalidArgumentError(
      base::StrCat("not a CNIPA publication document: root element is <", root.name(), ">"));
}

}  // namespace iphub::patents::importers
