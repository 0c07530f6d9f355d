#include "iphub/patents/importers/uspto_xml.h"

#include <cstring>
#include <initializer_list>
#include <pugixml.hpp>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "iphub/base/strings.h"
#include "iphub/patents/importers/entities.h"

namespace iphub::patents::importers {
namespace {

using base::StrCat;

// Replaces each run of whitespace with one space and trims the ends.
// Also turns the DTD's named entities ("&lsqb;", left as text because the DTD
// is never loaded) into their characters.
std::string CollapseWhitespace(std::string_view raw) {
  const std::string decoded =
      raw.find('&') == std::string_view::npos ? std::string() : DecodeNamedEntities(raw);
  const std::string_view text = decoded.empty() ? raw : std::string_view(decoded);
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (base::IsAsciiSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

// Visits the descendants of `root` in document order without recursion (fuzzed
// input may nest deeply). `visit(node)` returns whether to descend into node.
template <typename Visit>
void ForEachDescendant(pugi::xml_node root, Visit&& visit) {
  pugi::xml_node node = root.first_child();
  while (node) {
    if (visit(node) && node.first_child()) {
      node = node.first_child();
      continue;
    }
    while (node && !node.next_sibling()) {
      node = node.parent();
      if (node == root) return;
    }
    if (node) node = node.next_sibling();
  }
}

// Elements below which text is a block of its own: a space separates them.
bool IsBlockElement(const char* name) {
  static constexpr const char* kBlocks[] = {"claim-text", "p",  "paragraph", "PARA", "CLMSTEP",
                                            "heading",    "li", "br",        "H",    "PTEXT"};
  for (const char* block : kBlocks) {
    if (std::strcmp(name, block) == 0) return true;
  }
  return false;
}

// All text under `node`, whitespace collapsed.
std::string Text(pugi::xml_node node) {
  if (!node) return {};
  if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) {
    return CollapseWhitespace(node.value());
  }
  std::string raw;
  ForEachDescendant(node, [&raw](pugi::xml_node child) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      raw += child.value();
    } else if (child.type() == pugi::node_element && IsBlockElement(child.name())) {
      raw += ' ';
    }
    return true;
  });
  return CollapseWhitespace(raw);
}

// Elements named `name` below `root`, not looking inside a match.
std::vector<pugi::xml_node> FindAll(pugi::xml_node root, const char* name) {
  std::vector<pugi::xml_node> found;
  if (!root) return found;
  ForEachDescendant(root, [&](pugi::xml_node node) {
    if (node.type() != pugi::node_element) return false;
    if (std::strcmp(node.name(), name) == 0) {
      found.push_back(node);
      return false;
    }
    return true;
  });
  return found;
}

pugi::xml_node Path(pugi::xml_node node, std::initializer_list<const char*> names) {
  for (const char* name : names) node = node.child(name);
  return node;
}

std::string PathText(pugi::xml_node node, std::initializer_list<const char*> names) {
  return Text(Path(node, names));
}

// "20060606" → "2006-06-06"; anything else is returned as written.
std::string FormatDate(std::string_view text) {
  text = base::StripWhitespace(text);
  if (text.size() != 8) return std::string(text);
  for (char c : text) {
    if (!base::IsAsciiDigit(c)) return std::string(text);
  }
  return StrCat(text.substr(0, 4), "-", text.substr(4, 2), "-", text.substr(6, 2));
}

std::string DigitsOnly(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (base::IsAsciiDigit(c)) out.push_back(c);
  }
  return out;
}

std::string StripLeadingZeros(std::string_view digits) {
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  return std::string(digits);
}

// First run of digits in `text` as a number (0 when none or absurdly long).
int FirstNumber(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size() && !base::IsAsciiDigit(text[pos])) ++pos;
  int value = 0;
  size_t digits = 0;
  for (; pos < text.size() && base::IsAsciiDigit(text[pos]); ++pos) {
    if (++digits > 9) return 0;
    value = value * 10 + (text[pos] - '0');
  }
  return value;
}

// "US" + number + kind: grant numbers keep a letter prefix (D, PP, RE, H, T)
// and lose leading zeros; application publication numbers stay as written.
std::string PublicationNumber(std::string_view doc_number, std::string_view kind, bool grant) {
  std::string number(base::StripWhitespace(doc_number));
  if (grant) {
    size_t prefix = 0;
    while (prefix < number.size() && base::IsAsciiUpper(number[prefix])) ++prefix;
    std::string_view digits = std::string_view(number).substr(prefix);
    bool all_digits = !digits.empty();
    for (char c : digits) all_digits = all_digits && base::IsAsciiDigit(c);
    if (all_digits) number = StrCat(number.substr(0, prefix), StripLeadingZeros(digits));
  }
  return StrCat("US", number, kind);
}

DocumentType TypeOf(std::string_view kind, std::string_view doc_number, bool application) {
  // Kind A was a grant before 2001 and is an application publication since.
  if (kind.starts_with('A')) {
    return application ? DocumentType::kUsUtilityApplication : DocumentType::kUsUtilityGrant;
  }
  if (const DocumentType type = DocumentTypeFor("US", kind); type != DocumentType::kUnknown) {
    return type;
  }
  if (doc_number.starts_with("D")) return DocumentType::kUsDesign;
  if (doc_number.starts_with("PP")) return DocumentType::kUsPlant;
  if (doc_number.starts_with("RE")) return DocumentType::kUsReissue;
  if (doc_number.starts_with("H")) return DocumentType::kUsSir;
  return application ? DocumentType::kUsUtilityApplication : DocumentType::kUnknown;
}

// "20060101" → "2006.01".
std::string VersionFromDate(std::string_view date) {
  date = base::StripWhitespace(date);
  if (date.size() < 6) return std::string(date);
  return StrCat(date.substr(0, 4), ".", date.substr(4, 2));
}

std::string IpcFromParts(std::string_view subclass, std::string_view main_group,
                         std::string_view subgroup) {
  return StrCat(subclass, " ", StripLeadingZeros(base::StripWhitespace(main_group)), "/",
                base::StripWhitespace(subgroup));
}

bool IsSubclass(std::string_view text) {
  return text.size() == 4 && base::IsAsciiUpper(text[0]) && base::IsAsciiDigit(text[1]) &&
         base::IsAsciiDigit(text[2]) && base::IsAsciiUpper(text[3]);
}

// IPC written as text: "A41D013/00", "G06F 17/30", "H01J001/62" (v4.0, PAP) and
// the fixed-width ST.32 form "A47L  514" (subclass, main group right-aligned in
// three columns, subgroup; "E03C 104" when the columns were squeezed). Returns the trimmed input
// when not recognisable.
std::string IpcFromText(std::string_view raw) {
  std::string_view text = base::StripWhitespace(raw);
  if (text.size() < 5 || !IsSubclass(text.substr(0, 4))) return std::string(text);
  const std::string_view subclass = text.substr(0, 4);
  std::string_view rest = text.substr(4);
  const size_t slash = rest.find('/');
  std::string_view main_group;
  std::string_view subgroup;
  if (slash != std::string_view::npos) {
    main_group = base::StripWhitespace(rest.substr(0, slash));
    subgroup = base::StripWhitespace(rest.substr(slash + 1));
  } else if (rest.size() >= 5) {
    main_group = base::StripWhitespace(rest.substr(0, 3));
    subgroup = base::StripWhitespace(rest.substr(3));
  } else if (std::string_view digits = base::StripWhitespace(rest); digits.size() >= 3) {
    // Columns lost ("E03C 104"): a subgroup has at least two digits.
    main_group = digits.substr(0, digits.size() - 2);
    subgroup = digits.substr(digits.size() - 2);
  } else {
    return std::string(text);
  }
  if (main_group.empty() || subgroup.empty()) return std::string(text);
  for (char c : main_group) {
    if (!base::IsAsciiDigit(c)) return std::string(text);
  }
  for (char c : subgroup) {
    if (!base::IsAsciiDigit(c)) return std::string(text);
  }
  return IpcFromParts(subclass, main_group, subgroup);
}

// Locarno "0101" / "01-01" → "01-01".
std::string FormatLocarno(std::string_view raw) {
  std::string digits = DigitsOnly(raw);
  if (digits.size() == 4) return StrCat(digits.substr(0, 2), "-", digits.substr(2));
  return std::string(base::StripWhitespace(raw));
}

bool IsLocarnoText(std::string_view raw) {
  std::string_view text = base::StripWhitespace(raw);
  if (text.empty()) return false;
  for (char c : text) {
    if (!base::IsAsciiDigit(c) && c != '-' && c != ' ') return false;
  }
  return true;
}

// Classification from a v4 <classification-ipcr> / <classification-cpc>.
Classification StructuredClassification(pugi::xml_node node, const char* version_element) {
  Classification out;
  out.symbol = IpcFromParts(
      StrCat(Text(node.child("section")), Text(node.child("class")), Text(node.child("subclass"))),
      Text(node.child("main-group")), Text(node.child("subgroup")));
  out.version = VersionFromDate(PathText(node, {version_element, "date"}));
  return out;
}

// Removes "1." / "1 ." numbering at the start of a claim.
std::string StripClaimNumber(std::string text) {
  size_t pos = 0;
  while (pos < text.size() && base::IsAsciiDigit(text[pos])) ++pos;
  if (pos == 0 || pos > 4) return text;
  size_t after = pos;
  while (after < text.size() && text[after] == ' ') ++after;
  if (after < text.size() && text[after] == '.') {
    ++after;
    while (after < text.size() && text[after] == ' ') ++after;
    return text.substr(after);
  }
  return text;
}

void AddDependency(Claim& claim, int number) {
  if (number <= 0 || number == claim.number) return;
  for (int existing : claim.depends_on) {
    if (existing == number) return;
  }
  claim.depends_on.push_back(number);
}

std::string JoinParagraphs(pugi::xml_node root, const char* paragraph) {
  std::string out;
  for (pugi::xml_node node : FindAll(root, paragraph)) {
    std::string text = Text(node);
    if (text.empty()) continue;
    if (!out.empty()) out += '\n';
    out += text;
  }
  return out;
}

std::string JoinNonEmpty(std::initializer_list<std::string> parts, std::string_view separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

bool IsCountryCode(std::string_view text) {
  return text.size() == 2 && base::IsAsciiUpper(text[0]) && base::IsAsciiUpper(text[1]);
}

PartyType TypeOfOrganisation(std::string_view name) {
  const std::string lower = base::AsciiLowerCopy(name);
  if (lower.find("universit") != std::string::npos || lower.find("college") != std::string::npos) {
    return PartyType::kUniversity;
  }
  return PartyType::kUnknown;
}

void AddParty(std::vector<Party>& parties, Party party) {
  if (party.name.empty()) return;
  for (const Party& existing : parties) {
    if (existing.name == party.name) return;
  }
  parties.push_back(std::move(party));
}

// ---------------------------------------------------------------------------
// v4.x: <us-patent-grant>, <us-patent-application>.

// A party from an <addressbook> (or a node with the same children).
Party PartyFromAddressbook(pugi::xml_node book, pugi::xml_node residence) {
  Party party;
  const std::string orgname = Text(book.child("orgname"));
  if (!orgname.empty()) {
    party.name = orgname;
    party.type = TypeOfOrganisation(orgname);
  } else {
    party.name = JoinNonEmpty({Text(book.child("first-name")), Text(book.child("middle-name")),
                               Text(book.child("last-name"))},
                              " ");
    if (!party.name.empty()) party.type = PartyType::kIndividual;
  }
  pugi::xml_node address = book.child("address");
  std::string country = Text(address.child("country"));
  if (!IsCountryCode(country)) country = Text(residence.child("country"));
  if (IsCountryCode(country)) party.country = country;
  party.address = JoinNonEmpty({Text(address.child("street")), Text(address.child("city")),
                                Text(address.child("state")), party.country},
                               ", ");
  party.postcode = Text(address.child("postcode"));
  return party;
}

Party PartyFromV4Entry(pugi::xml_node entry) {
  pugi::xml_node book = entry.child("addressbook");
  return PartyFromAddressbook(book ? book : entry, entry.child("residence"));
}

void ParseV4Parties(pugi::xml_node biblio, Patent& patent) {
  pugi::xml_node parties = biblio.child("us-parties");
  if (!parties) parties = biblio.child("parties");

  std::vector<pugi::xml_node> applicant_nodes =
      FindAll(parties.child("us-applicants"), "us-applicant");
  if (applicant_nodes.empty()) applicant_nodes = FindAll(parties.child("applicants"), "applicant");
  bool any_organisation = false;
  std::vector<Party> inventor_applicants;
  for (pugi::xml_node node : applicant_nodes) {
    Party party = PartyFromV4Entry(node);
    any_organisation = any_organisation || party.type != PartyType::kIndividual;
    const std::string_view app_type = node.attribute("app-type").value();
    if (app_type.find("inventor") != std::string_view::npos) inventor_applicants.push_back(party);
    AddParty(patent.applicants, std::move(party));
  }
  if (!any_organisation) {
    pugi::xml_node assignees = biblio.child("assignees");
    if (!assignees) assignees = parties.child("assignees");
    for (pugi::xml_node node : FindAll(assignees, "assignee")) {
      AddParty(patent.applicants, PartyFromV4Entry(node));
    }
  }

  pugi::xml_node inventors = parties.child("inventors");
  if (!inventors) inventors = biblio.child("inventors");
  for (pugi::xml_node node : FindAll(inventors, "inventor")) {
    AddParty(patent.inventors, PartyFromV4Entry(node));
  }
  if (patent.inventors.empty()) {
    for (Party& party : inventor_applicants) AddParty(patent.inventors, std::move(party));
  }

  for (pugi::xml_node node : FindAll(parties.child("agents"), "agent")) {
    Party party = PartyFromV4Entry(node);
    if (party.name.empty()) continue;
    if (party.type == PartyType::kIndividual) {
      patent.agents.push_back(party.name);
    } else if (patent.agency.empty()) {
      patent.agency = party.name;
    }
  }
}

Citation::By CategoryOf(std::string_view category) {
  const std::string lower = base::AsciiLowerCopy(category);
  if (lower.find("examiner") != std::string::npos) return Citation::By::kExaminer;
  if (lower.find("applicant") != std::string::npos) return Citation::By::kApplicant;
  if (lower.find("third party") != std::string::npos) return Citation::By::kThirdParty;
  return Citation::By::kUnknown;
}

void ParseV4Citations(pugi::xml_node biblio, Patent& patent) {
  pugi::xml_node cited = biblio.child("us-references-cited");
  if (!cited) cited = biblio.child("references-cited");
  for (pugi::xml_node entry : cited.children()) {
    if (entry.type() != pugi::node_element) continue;
    Citation citation;
    citation.by = CategoryOf(Text(entry.child("category")));
    if (pugi::xml_node patcit = entry.child("patcit")) {
      pugi::xml_node id = patcit.child("document-id");
      citation.kind = Citation::Kind::kPatent;
      citation.country = Text(id.child("country"));
      citation.number = Text(id.child("doc-number"));
      citation.kind_code = Text(id.child("kind"));
      citation.date = FormatDate(Text(id.child("date")));
    } else if (pugi::xml_node nplcit = entry.child("nplcit")) {
      citation.kind = Citation::Kind::kNonPatent;
      pugi::xml_node othercit = nplcit.child("othercit");
      citation.text = Text(othercit ? othercit : nplcit);
    } else {
      continue;
    }
    patent.citations.push_back(std::move(citation));
  }
}

void ParseV4Classifications(pugi::xml_node biblio, Patent& patent) {
  for (pugi::xml_node node : FindAll(biblio.child("classifications-ipcr"), "classification-ipcr")) {
    patent.ipc.push_back(StructuredClassification(node, "ipc-version-indicator"));
  }
  if (patent.ipc.empty()) {
    pugi::xml_node ipc = biblio.child("classification-ipc");
    const std::string edition = StripLeadingZeros(Text(ipc.child("edition")));
    for (pugi::xml_node node : ipc.children()) {
      const std::string_view name = node.name();
      if (name != "main-classification" && name != "further-classification") continue;
      const std::string text = Text(node);
      if (text.empty()) continue;
      patent.ipc.push_back({IpcFromText(text), edition});
    }
  }
  if (!patent.ipc.empty()) patent.ipc_main = patent.ipc.front().symbol;

  pugi::xml_node cpc = biblio.child("classifications-cpc");
  for (const char* group : {"main-cpc", "further-cpc"}) {
    for (pugi::xml_node node : FindAll(cpc.child(group), "classification-cpc")) {
      patent.cpc.push_back(StructuredClassification(node, "cpc-version-indicator"));
    }
  }

  const std::string locarno = PathText(biblio, {"classification-locarno", "main-classification"});
  if (!locarno.empty()) patent.locarno = FormatLocarno(locarno);
}

void ParseV4Claims(pugi::xml_node claims, Patent& patent) {
  for (pugi::xml_node node : FindAll(claims, "claim")) {
    Claim claim;
    claim.number = FirstNumber(node.attribute("num").value());
    if (claim.number == 0) claim.number = FirstNumber(node.attribute("id").value());
    if (claim.number == 0) claim.number = static_cast<int>(patent.claims.size()) + 1;
    claim.text = StripClaimNumber(Text(node));
    for (pugi::xml_node ref : FindAll(node, "claim-ref")) {
      AddDependency(claim, FirstNumber(ref.attribute("idref").value()));
    }
    patent.claims.push_back(std::move(claim));
  }
}

void ParseV4(pugi::xml_node root, bool application, Patent& patent) {
  pugi::xml_node biblio =
      root.child(application ? "us-bibliographic-data-application" : "us-bibliographic-data-grant");
  pugi::xml_node publication = Path(biblio, {"publication-reference", "document-id"});
  patent.doc_number = Text(publication.child("doc-number"));
  patent.kind = Text(publication.child("kind"));
  patent.publication_date = FormatDate(Text(publication.child("date")));
  if (!application) patent.grant_date = patent.publication_date;

  pugi::xml_node filing = Path(biblio, {"application-reference", "document-id"});
  patent.application_number_original = Text(filing.child("doc-number"));
  patent.application_date = FormatDate(Text(filing.child("date")));

  for (pugi::xml_node node : FindAll(biblio.child("priority-claims"), "priority-claim")) {
    patent.priorities.push_back({Text(node.child("country")), Text(node.child("doc-number")),
                                 FormatDate(Text(node.child("date")))});
  }

  patent.title = Text(biblio.child("invention-title"));
  ParseV4Classifications(biblio, patent);
  ParseV4Citations(biblio, patent);
  ParseV4Parties(biblio, patent);

  patent.abstract = JoinParagraphs(root.child("abstract"), "p");
  if (patent.abstract.empty()) patent.abstract = Text(root.child("abstract"));
  ParseV4Claims(root.child("claims"), patent);
  patent.description = JoinParagraphs(root.child("description"), "p");
}

// ---------------------------------------------------------------------------
// PAP v1.5/1.6: <patent-application-publication>.

Party PapParty(pugi::xml_node node) {
  Party party;
  pugi::xml_node name = node.child("name");
  const std::string orgname = Text(node.child("organization-name"));
  if (!orgname.empty()) {
    party.name = orgname;
    party.type = TypeOfOrganisation(orgname);
  } else {
    party.name = JoinNonEmpty({Text(name.child("given-name")), Text(name.child("middle-name")),
                               Text(name.child("family-name")), Text(name.child("name-suffix"))},
                              " ");
    if (!party.name.empty()) party.type = PartyType::kIndividual;
  }
  pugi::xml_node residence = node.child("residence").first_child();
  pugi::xml_node address = residence ? residence : node.child("address");
  std::string country = Text(address.child("country-code"));
  if (country.empty()) country = PathText(address, {"country", "country-code"});
  if (IsCountryCode(country)) party.country = country;
  party.address = JoinNonEmpty(
      {Text(address.child("city")), Text(address.child("state")), party.country}, ", ");
  party.postcode = Text(address.child("postalcode"));
  return party;
}

void ParsePap(pugi::xml_node root, Patent& patent) {
  pugi::xml_node biblio = root.child("subdoc-bibliographic-information");
  pugi::xml_node id = biblio.child("document-id");
  patent.doc_number = Text(id.child("doc-number"));
  patent.kind = Text(id.child("kind-code"));
  patent.publication_date = FormatDate(Text(id.child("document-date")));

  pugi::xml_node filing = biblio.child("domestic-filing-data");
  patent.application_number_original = PathText(filing, {"application-number", "doc-number"});
  patent.application_date = FormatDate(Text(filing.child("filing-date")));

  for (pugi::xml_node node : FindAll(biblio, "foreign-priority-data")) {
    patent.priorities.push_back({Text(node.child("country-code")),
                                 PathText(node, {"priority-application-number", "doc-number"}),
                                 FormatDate(Text(node.child("filing-date")))});
  }

  pugi::xml_node technical = biblio.child("technical-information");
  patent.title = Text(technical.child("title-of-invention"));
  pugi::xml_node ipc = technical.child("classification-ipc");
  const std::string edition = StripLeadingZeros(Text(ipc.child("classification-ipc-edition")));
  for (const char* group : {"classification-ipc-primary", "classification-ipc-secondary"}) {
    for (pugi::xml_node holder : ipc.children(group)) {
      for (pugi::xml_node node : FindAll(holder, "ipc")) {
        const std::string text = Text(node);
        if (!text.empty()) patent.ipc.push_back({IpcFromText(text), edition});
      }
    }
  }
  if (!patent.ipc.empty()) patent.ipc_main = patent.ipc.front().symbol;

  pugi::xml_node inventors = biblio.child("inventors");
  for (pugi::xml_node node : inventors.children()) {
    const std::string_view name = node.name();
    if (name == "first-named-inventor" || name == "inventor") {
      AddParty(patent.inventors, PapParty(node));
    }
  }
  for (pugi::xml_node node : FindAll(biblio, "assignee")) {
    AddParty(patent.applicants, PapParty(node));
  }

  patent.abstract = JoinParagraphs(root.child("subdoc-abstract"), "paragraph");
  for (pugi::xml_node node : FindAll(root.child("subdoc-claims"), "claim")) {
    Claim claim;
    claim.number = FirstNumber(node.attribute("id").value());
    if (claim.number == 0) claim.number = static_cast<int>(patent.claims.size()) + 1;
    claim.text = StripClaimNumber(Text(node));
    for (pugi::xml_node ref : FindAll(node, "dependent-claim-reference")) {
      AddDependency(claim, FirstNumber(ref.attribute("depends_on").value()));
    }
    patent.claims.push_back(std::move(claim));
  }
  patent.description = JoinParagraphs(root.child("subdoc-description"), "paragraph");
}

// ---------------------------------------------------------------------------
// ST.32 v2.5: <PATDOC>.

Party StParty(pugi::xml_node holder) {
  // PARTY-US, PARTY-NONUS...: whichever child element there is.
  pugi::xml_node party_node = holder.first_child();
  while (party_node && party_node.type() != pugi::node_element) {
    party_node = party_node.next_sibling();
  }
  Party party;
  pugi::xml_node name = party_node.child("NAM");
  const std::string orgname = Text(name.child("ONM"));
  if (!orgname.empty()) {
    party.name = orgname;
    party.type = TypeOfOrganisation(orgname);
  } else {
    party.name = JoinNonEmpty({Text(name.child("FNM")), Text(name.child("SNM"))}, " ");
    if (!party.name.empty()) party.type = PartyType::kIndividual;
  }
  pugi::xml_node address = party_node.child("ADR");
  const std::string country = Text(address.child("CTRY"));
  if (IsCountryCode(country)) party.country = country;
  party.address = JoinNonEmpty(
      {Text(address.child("CITY")), Text(address.child("STATE")), party.country}, ", ");
  party.postcode = Text(address.child("PCODE"));
  return party;
}

void ParseSt32(pugi::xml_node root, Patent& patent) {
  pugi::xml_node biblio = root.child("SDOBI");
  pugi::xml_node b100 = biblio.child("B100");
  patent.doc_number = Text(b100.child("B110"));
  patent.kind = Text(b100.child("B130"));
  patent.publication_date = FormatDate(Text(b100.child("B140")));
  patent.grant_date = patent.publication_date;

  pugi::xml_node b200 = biblio.child("B200");
  patent.application_number_original = Text(b200.child("B210"));
  patent.application_date = FormatDate(Text(b200.child("B220")));

  for (pugi::xml_node node : biblio.children("B300")) {
    patent.priorities.push_back(
        {Text(node.child("B330")), Text(node.child("B310")), FormatDate(Text(node.child("B320")))});
  }

  pugi::xml_node b500 = biblio.child("B500");
  pugi::xml_node b510 = b500.child("B510");
  const std::string edition = StripLeadingZeros(Text(b510.child("B516")));
  for (pugi::xml_node node : b510.children()) {
    const std::string_view name = node.name();
    if (name != "B511" && name != "B512") continue;
    // The fixed-width form ("A47L  514") needs the spaces as written.
    pugi::xml_node pdat = node.child("PDAT");
    const std::string text = pdat ? CollapseWhitespace(pdat.child_value()) : Text(node);
    if (base::StripWhitespace(text).empty()) continue;
    if (IsLocarnoText(text)) {
      if (patent.locarno.empty()) patent.locarno = FormatLocarno(text);
      continue;
    }
    patent.ipc.push_back({IpcFromText(text), edition});
  }
  if (!patent.ipc.empty()) patent.ipc_main = patent.ipc.front().symbol;
  patent.title = Text(b500.child("B540"));

  for (pugi::xml_node entry : b500.child("B560").children()) {
    const std::string_view name = entry.name();
    Citation citation;
    if (entry.child("CITED-BY-EXAMINER")) citation.by = Citation::By::kExaminer;
    if (name == "B561") {
      pugi::xml_node doc = Path(entry, {"PCIT", "DOC"});
      citation.kind = Citation::Kind::kPatent;
      citation.number = Text(doc.child("DNUM"));
      citation.kind_code = Text(doc.child("KIND"));
      citation.date = FormatDate(Text(doc.child("DATE")));
      citation.country = Text(doc.child("CTRY"));
      // v2.5 writes a country only for foreign documents.
      if (citation.country.empty()) citation.country = "US";
    } else if (name == "B562") {
      citation.kind = Citation::Kind::kNonPatent;
      citation.text = Text(entry.child("NCIT"));
    } else {
      continue;
    }
    patent.citations.push_back(std::move(citation));
  }

  pugi::xml_node b700 = biblio.child("B700");
  for (pugi::xml_node node : b700.child("B720").children("B721")) {
    AddParty(patent.inventors, StParty(node));
  }
  for (pugi::xml_node node : b700.child("B730").children("B731")) {
    AddParty(patent.applicants, StParty(node));
  }
  for (pugi::xml_node node : b700.child("B740").children("B741")) {
    Party party = StParty(node);
    if (party.name.empty()) continue;
    if (party.type == PartyType::kIndividual) {
      patent.agents.push_back(party.name);
    } else if (patent.agency.empty()) {
      patent.agency = party.name;
    }
  }

  patent.abstract = JoinParagraphs(root.child("SDOAB"), "PARA");
  for (pugi::xml_node node : FindAll(root.child("SDOCL"), "CLM")) {
    Claim claim;
    claim.number = FirstNumber(node.attribute("ID").value());
    if (claim.number == 0) claim.number = static_cast<int>(patent.claims.size()) + 1;
    claim.text = StripClaimNumber(Text(node));
    for (pugi::xml_node ref : FindAll(node, "CLREF")) {
      AddDependency(claim, FirstNumber(ref.attribute("ID").value()));
    }
    patent.claims.push_back(std::move(claim));
  }
  patent.description = JoinParagraphs(root.child("SDODE"), "PARA");
}

enum class Format { kNotPatent, kV4Grant, kV4Application, kPap, kSt32 };

Format FormatOf(std::string_view root) {
  if (root == "us-patent-grant") return Format::kV4Grant;
  if (root == "us-patent-application") return Format::kV4Application;
  if (root == "patent-application-publication") return Format::kPap;
  if (root == "PATDOC") return Format::kSt32;
  return Format::kNotPatent;
}

// Whether `file[pos]` (a '<' of "<?xml") starts its line.
bool AtLineStart(std::string_view file, size_t pos) {
  while (pos > 0) {
    const char c = file[pos - 1];
    if (c == '\n' || c == '\r') return true;
    if (c != ' ' && c != '\t') return false;
    --pos;
  }
  return true;
}

bool IsBlank(std::string_view text) { return base::StripWhitespace(text).empty(); }

}  // namespace

size_t XmlDocumentSplitter::FindNextStart(size_t from) const {
  constexpr std::string_view kProlog = "<?xml";
  for (size_t pos = file_.find(kProlog, from); pos != std::string_view::npos;
       pos = file_.find(kProlog, pos + 1)) {
    const size_t after = pos + kProlog.size();
    if (pos == 0 || after >= file_.size() || !base::IsAsciiSpace(file_[after])) continue;
    if (!AtLineStart(file_, pos)) continue;
    return pos;
  }
  return file_.size();
}

std::optional<XmlDocument> XmlDocumentSplitter::Next() {
  while (start_ < file_.size()) {
    const size_t start = start_;
    const size_t end = FindNextStart(start + 1);
    start_ = end;
    const std::string_view text = file_.substr(start, end - start);
    if (!IsBlank(text)) return XmlDocument{start, text};
  }
  return std::nullopt;
}

std::vector<XmlDocument> SplitConcatenatedXml(std::string_view file) {
  std::vector<XmlDocument> documents;
  XmlDocumentSplitter splitter(file);
  while (std::optional<XmlDocument> document = splitter.Next()) documents.push_back(*document);
  return documents;
}

absl::StatusOr<std::optional<Patent>> ParseUsptoDocument(std::string_view xml) {
  pugi::xml_document document;
  // parse_default does not include parse_doctype: the DOCTYPE (and any internal
  // subset) is skipped, and pugixml never fetches external DTDs or entities.
  const pugi::xml_parse_result result =
      document.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_auto);
  if (!result) {
    return absl::InvalidArgumentError(StrCat("malformed USPTO XML at byte offset ",
                                             static_cast<long long>(result.offset), ": ",
                                             result.description()));
  }
  pugi::xml_node root = document.document_element();
  const Format format = FormatOf(root.name());
  if (format == Format::kNotPatent) return std::optional<Patent>();

  Patent patent;
  patent.country = "US";
  patent.language = "en";
  switch (format) {
    case Format::kV4Grant:
      ParseV4(root, /*application=*/false, patent);
      break;
    case Format::kV4Application:
      ParseV4(root, /*application=*/true, patent);
      break;
    case Format::kPap:
      ParsePap(root, patent);
      break;
    case Format::kSt32:
      ParseSt32(root, patent);
      break;
    case Format::kNotPatent:
      break;
  }
  if (patent.doc_number.empty()) {
    return absl::InvalidArgumentError(
        StrCat("USPTO document <", root.name(), "> has no publication number"));
  }
  const bool application = format == Format::kV4Application || format == Format::kPap;
  patent.type = TypeOf(patent.kind, patent.doc_number, application);
  patent.publication_number = PublicationNumber(patent.doc_number, patent.kind, !application);
  patent.application_number = DigitsOnly(patent.application_number_original);
  return std::optional<Patent>(std::move(patent));
}

}  // namespace iphub::patents::importers
