// Importer for CNIPA (国家知识产权局) publication XML: one document in, one
// canonical `Patent` out.
//
// Two formats are understood, told apart by the root element's local name:
//   - `cn-patent-document`: the older format (UTF-8 BOM, an xml-stylesheet PI,
//     fixed-width IPC text such as "A24B   15/18    (2006.01)", claims with
//     <br/> line breaks);
//   - `PatentDocumentAndRelated` (schema V2.2.1, 2021): namespaced elements,
//     structured IPC, original ("202111286633.X") and standard
//     ("102021001286633") application numbers side by side.
// Elements are matched on their local names, so namespace prefixes do not
// matter. External DTDs and entities are never loaded (pugixml does not).
//
//   absl::StatusOr<Patent> patent = ParseCnipaDocument(xml_text);
//   if (!patent.ok()) return patent.status();  // InvalidArgument, with the reason
//   Index(patent->publication_number, patent->claims);
//
// Thread-safe: no shared state.
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/patents/model.h"

namespace iphub::patents::importers {

// Parses one CNIPA publication XML document into the canonical model.
//
// Fills country "CN", doc_number, kind, type (from the kind's letter),
// publication_number ("CN" + number + kind), application_number (normalised by
// NormalizeCnApplicationNumber; the source text kept in
// application_number_original), dates as "YYYY-MM-DD" (grant_date too for
// kinds B/C), priorities, title, abstract, claims (text without the leading
// "1." and with depends_on from ParseClaimDependencies), description,
// applicants (name, address as written, postcode, country, a type guessed from
// the name), inventors, agency and agents, IPC ("A24B 15/18", version
// "2006.01"), ipc_main (the first IPC) and language "zh".
//
// Returns InvalidArgument when the text is not well-formed XML (the message
// names pugixml's byte offset), when the root element is neither format, when
// the publication number or kind is missing, or when an application number
// fails its check character.
absl::StatusOr<Patent> ParseCnipaDocument(std::string_view xml);

// The claims a CN dependent claim refers to, in the order written, from the
// first "权利要求" reference in `claim_text`: "根据权利要求1所述的" → {1};
// "如权利要求2或3所述" → {2, 3}; "根据权利要求1至3中任一项所述" → {1, 2, 3}.
// Understands the separators 或/、/和/及/,/， and the ranges 至/到/-/~/～ with
// ASCII or full-width digits. Empty for an independent claim. Ranges longer
// than 1000 claims are ignored (not real claims; protects against bad input).
std::vector<int> ParseClaimDependencies(std::string_view claim_text);

}  // namespace iphub::patents::importers
