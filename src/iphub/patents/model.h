// The canonical patent record every importer produces and every later module
// (search, navigation, valuation, trading, custody) reads.
//
// Dates are civil dates "YYYY-MM-DD" (empty when unknown); numbers keep both
// the form the source wrote and a normalised form. Nothing here is derived
// from other fields except where a comment says so.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iphub::patents {

// What kind of document a record is.
enum class DocumentType {
  kUnknown,
  // CN
  kCnInventionApplication,  // 发明专利申请 (kind A)
  kCnInventionGrant,        // 发明专利 (kind B/C)
  kCnUtilityModel,          // 实用新型 (kind U/Y)
  kCnDesign,                // 外观设计 (kind S/D)
  // US
  kUsUtilityApplication,  // pre-grant publication (A1, A2, A9)
  kUsUtilityGrant,        // B1, B2 (A before 2001)
  kUsDesign,              // S
  kUsPlant,               // P1, P2, P3 (PP)
  kUsReissue,             // E (RE)
  kUsSir,                 // statutory invention registration, H
};

std::string_view DocumentTypeName(DocumentType type);

// The document type an office's kind code denotes — CN: A application, B/C
// grant, U/Y utility model, S/D design; US: A1/A2/A9 application, A/B*
// grant, S design, P* plant, E reissue, H SIR — else kUnknown.
DocumentType DocumentTypeFor(std::string_view country, std::string_view kind);

enum class PartyType {
  kUnknown,
  kEnterprise,
  kUniversity,
  kResearchInstitute,
  kIndividual,
  kGovernment
};

// A party's type guessed from its name: company, university and institute
// words in Chinese, or as whole English words ("Princeton" is not "Inc"); two
// to four Chinese characters are a person's name. kUnknown when nothing says.
PartyType GuessPartyType(std::string_view name);

struct Party {
  std::string name{};
  PartyType type = PartyType::kUnknown;
  std::string address{};      // free text as the source gives it
  std::string country{};      // ISO 3166 alpha-2 when known
  std::string region_code{};  // CN applicants: GB/T 2260 code derived from address/postcode
  std::string postcode{};
};

struct Claim {
  int number = 0;
  std::string text{};
  std::vector<int> depends_on{};  // numbers of the claims it refers to; empty: independent
};

struct Citation {
  enum class Kind { kPatent, kNonPatent };
  enum class By { kUnknown, kExaminer, kApplicant, kThirdParty };
  Kind kind = Kind::kPatent;
  By by = By::kUnknown;
  std::string country{};  // patent citations
  std::string number{};   // patent citations: document number as given
  std::string kind_code{};
  std::string date{};
  std::string text{};  // non-patent citations: the bibliographic text
};

struct Priority {
  std::string country{};
  std::string number{};
  std::string date{};
};

struct LegalEvent {
  std::string code{};  // e.g. CN "C14" (授权), see shared FACTS.md §5
  std::string date{};
  std::string text{};
};

struct Classification {
  std::string symbol{};   // normalised: "G06F 17/30" (subclass, space, group/subgroup)
  std::string version{};  // e.g. "2006.01"
};

struct Patent {
  // Identity.
  std::string country{};             // "CN", "US"
  std::string publication_number{};  // normalised: country + number + kind, e.g. "CN104223590A"
  std::string doc_number{};          // the number part as the source writes it, e.g. "104223590"
  std::string kind{};                // "A", "B", "U", "S", "B2", "A1" ...
  DocumentType type = DocumentType::kUnknown;
  std::string application_number{};  // normalised (CN: "201410513187.5" form; US: "14643719")
  std::string application_number_original{};  // as written in the source
  std::string language{};                     // "zh", "en"

  // Dates.
  std::string application_date{};
  std::string publication_date{};
  std::string grant_date{};  // US grants: issue date; CN grants: publication of the grant
  std::vector<Priority> priorities{};

  // Text.
  std::string title{};
  std::string abstract{};
  std::vector<Claim> claims{};
  std::string description{};

  // Parties.
  std::vector<Party> applicants{};
  std::vector<Party> inventors{};
  std::string agency{};
  std::vector<std::string> agents{};

  // Classification.
  std::vector<Classification> ipc{};
  std::string ipc_main{};
  std::vector<Classification> cpc{};
  std::string locarno{};

  // Relations.
  std::vector<Citation> citations{};
  std::string family_id{};
  std::vector<LegalEvent> legal_events{};
};

}  // namespace iphub::patents
