// USPTO full-text XML importer: slices weekly bulk files and maps each
// document to the canonical patents::Patent record.
//
//   for (const XmlDocument& doc : SplitConcatenatedXml(file)) {
//     absl::StatusOr<std::optional<Patent>> parsed = ParseUsptoDocument(doc.text);
//     if (!parsed.ok()) { /* malformed: log parsed.status() with doc.offset */ continue; }
//     if (!parsed->has_value()) { ++skipped; continue; }  // e.g. a sequence listing
//     Store(**parsed);
//   }
//
// Formats (root element → what is read):
//   <us-patent-grant>, <us-patent-application> (DTD v4.0–v4.7): everything listed
//       on Patent below, including ipcr/cpc/locarno classifications, citations
//       with their category and priority claims.
//   <patent-application-publication> (PAP v1.5/1.6, 2001–2004 applications):
//       numbers, dates, title, abstract, claims (dependent-claim-reference),
//       description, inventors, assignee, IPC (primary + secondary), foreign
//       priorities. PAP has no citations and no CPC.
//   <PATDOC> (ST.32 v2.5 grants, 2001–2004): B100/B200 numbers and dates, B300
//       priorities, B51x IPC (or Locarno for designs), B540 title, B56x
//       citations, B72x inventors, B73x assignees, B74x agents, SDOAB/SDOCL/SDODE.
//
// Normalisation rules:
//   publication_number = "US" + number + kind. Grant numbers lose their leading
//     zeros and keep a letter prefix ("06530116" B2 → "US6530116B2",
//     "D0534673" S1 → "USD534673S1", "RE038000" → "USRE38000"); application
//     publication numbers ("20010000001") are kept as written. doc_number keeps
//     the source form.
//   application_number: the digits of the source's application doc-number
//     ("14/643,719" → "14643719"); application_number_original as written.
//   Dates "YYYYMMDD" → "YYYY-MM-DD" (a "00" day or month is kept as "00").
//   Claims: text with whitespace collapsed and the leading "N." numbering
//     removed; depends_on from <claim-ref idref>, <dependent-claim-reference
//     depends_on> (PAP) or <CLREF ID> (v2.5).
//   Applicants: the applicant entries (us-applicants/us-applicant,
//     applicants/applicant; PAP/v2.5 have none); when none of them is an
//     organisation, the assignees are appended (deduplicated by name), so a
//     company that owns a patent filed by its inventors shows up as applicant.
//     Inventors: inventors/inventor, or, in v4.0–v4.1 where inventors are listed
//     as applicants, the applicants whose app-type names an inventor.
//   Agents: agency = the first agent organisation name; agents = person names.
//   IPC: "G06F 17/30" with version "2006.01" (ipcr) or the IPC edition ("7")
//     for the older main-classification form; ipc_main is the first.
//   Locarno: "NN-NN" (design patents).
//   Citation category: "cited by examiner" → kExaminer, "cited by applicant" →
//     kApplicant, "cited by third party" → kThirdParty; v2.5 CITED-BY-EXAMINER →
//     kExaminer, CITED-BY-OTHER → kUnknown (the v2.5 DTD does not say who).
//
// Safety: pugixml never loads external DTDs or entities, and no resolver is
// installed; entities a DTD would define (e.g. "&lsquo;" in v2.5) stay as text.
// Thread-safe: the functions keep no state.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/patents/model.h"

namespace iphub::patents::importers {

// One XML document of a USPTO bulk file, sliced out of a concatenated weekly file.
// `text` points into the buffer given to SplitConcatenatedXml.
struct XmlDocument {
  size_t offset = 0;
  std::string_view text;
};

// Splits a file of XML documents written back to back (each starting with
// "<?xml") at each prolog. A prolog counts only at the start of a line
// (leading whitespace allowed), so "<?xml" inside text does not split.
// A file with a single document yields one slice at offset 0; whitespace-only
// slices are dropped (an empty file yields none).
std::vector<XmlDocument> SplitConcatenatedXml(std::string_view file);

// The same split, one document at a time, reading the file only as far as the
// document returned (so a memory-mapped weekly file is touched in order):
//
//   XmlDocumentSplitter splitter(file);
//   while (std::optional<XmlDocument> document = splitter.Next()) { … }
class XmlDocumentSplitter {
 public:
  explicit XmlDocumentSplitter(std::string_view file) : file_(file) {}
  std::optional<XmlDocument> Next();

 private:
  size_t FindNextStart(size_t from) const;  // file_.size() when there is none

  std::string_view file_;
  size_t start_ = 0;
};

// Parses one USPTO full-text document into the canonical model.
// Returns nullopt for well-formed documents that are not patents (e.g.
// sequence listings, <sequence-cwu>), so callers count them as skipped.
// InvalidArgument with the reason (and pugixml's byte offset) for malformed XML
// or a document missing its publication number.
absl::StatusOr<std::optional<Patent>> ParseUsptoDocument(std::string_view xml);

}  // namespace iphub::patents::importers
