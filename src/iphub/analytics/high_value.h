// High-value invention patents (高价值发明专利): which valid invention patents fall in the five
// categories CNIPA counts for the indicator 每万人口高价值发明专利拥有量, each with its reason,
// and the readers of the lists the categories need (docs/high-value.md; shared FACTS.md §4).
//
//   IPHUB_ASSIGN_OR_RETURN(std::vector<SeiEntry> entries, ParseSeiJsonl(file_text));
//   SeiConcordance sei(std::move(entries));
//   HighValueFacts facts{.sei = &sei, .pledges = pledges_of_this_patent};
//   HighValueResult result = ClassifyHighValue(patent, facts, {}, "2024-12-31");
//   result.high_value;             // valid invention patent in at least one category
//   result.counts_for_indicator;   // ... and domestic (mainland applicant)
//   result.checks[0].reason;       // "IPC G06F 17/30 → SEI rule 25 (main group G06F 17/00)"
//
// The five categories (CNIPA, March 2021; FACTS.md §4), as this file decides them on `as_of`:
//  1. strategic emerging industry: an IPC symbol of the patent (ipc_main and every ipc[]) is in
//     the IPC → SEI concordance loaded from a file; each symbol takes the most specific entry
//     (the subgroup itself, else its main group "/00", else its subclass).
//  2. granted family member abroad: another member of the same family in a country other than
//     CN with a granted document published on or before as_of (the caller supplies them).
//  3. maintained more than 10 years: valid on as_of and as_of is after the 10th anniversary of
//     the filing date (MaintenanceRule::kFromFilingDate, the default) or of the grant date
//     (kFromGrantDate). On the anniversary itself it has been maintained exactly 10 years:
//     not "more than".
//  4. pledge financing: a pledge of the patent registered on or before as_of for at least
//     `pledge_threshold` (default 10,000,000 yuan; FACTS.md marks the figure [K] unverified).
//     The largest single registration counts; registrations are not summed.
//  5. award: a China Patent Award (中国专利奖, any grade) or a State Science and Technology
//     Award (国家科学技术奖: 自然科学奖, 技术发明奖, 科学技术进步奖 …) of a year no later than
//     as_of's year, from an imported award list.
// A patent is high-value when it is a valid invention patent (a CN invention grant published on
// or before as_of and in force on as_of per patents::DeriveLegalStatus) in at least one category;
// several categories count it once. It counts for the indicator when it is also domestic
// (DomesticApplicant).
//
// Everything here is pure (no database); thread-safe for concurrent const use.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/base/money.h"
#include "iphub/patents/legal_status.h"
#include "iphub/patents/model.h"

namespace iphub::analytics {

enum class HighValueCategory {
  kStrategicEmergingIndustry,  // 战略性新兴产业
  kFamilyAbroad,               // 在海外有同族专利权
  kMaintainedOverTenYears,     // 维持年限超过10年
  kPledgeFinancing,            // 实现较高质押融资金额
  kAward,                      // 获得国家科学技术奖或中国专利奖
};
inline constexpr size_t kHighValueCategoryCount = 5;

// "strategic_emerging_industry", "family_abroad", "maintained_over_10_years",
// "pledge_financing", "award".
std::string_view HighValueCategoryId(HighValueCategory category);

// --- IPC symbols and the SEI concordance -----------------------------------------------

// An IPC symbol or concordance code in one canonical form: "A01B" (subclass), "A01B 1/00"
// (main group), "A01B 1/02" (subgroup). Accepts "A01B1/02", "A01B 1/02", "a01b 0001/020000",
// "A01B 1/02 (2006.01)"; trailing zeros of a subgroup beyond two digits are dropped
// ("1/020" is "1/02"). nullopt when the text is not a subclass or group symbol.
std::optional<std::string> CanonicalIpc(std::string_view text);

// One line of the concordance file (one JSON object a line: {"ipcCode":"A01B1/00","seiId":33},
// the format of shared/data/classification/sei_cn/ipc_sei_mapping_EXCERPT.jsonl).
struct SeiEntry {
  std::string ipc_code{};          // canonical (CanonicalIpc)
  std::string ipc_code_written{};  // as the file writes it
  int64_t sei_id = 0;              // the concordance's rule id (seiId), ≥ 1
  int64_t line = 0;                // 1-based line in the file
};

// Reads the whole file. Blank lines are skipped. InvalidArgument "line N: why" for the first
// bad line (not JSON, not an object, ipcCode missing or not an IPC subclass or group, seiId
// not a positive integer), or when there is no entry at all. Duplicate (code, id) pairs are
// kept once.
absl::StatusOr<std::vector<SeiEntry>> ParseSeiJsonl(std::string_view text);

// The concordance in memory. Immutable after construction.
class SeiConcordance {
 public:
  SeiConcordance() = default;
  explicit SeiConcordance(const std::vector<SeiEntry>& entries);

  struct Match {
    std::string symbol{};            // the patent's symbol, canonical
    std::string ipc_code{};          // the entry that matched, canonical
    std::string level{};             // "subgroup", "main_group" or "subclass"
    std::vector<int64_t> sei_ids{};  // ascending
  };
  // The most specific entry for `symbol` (either written form); nullopt when none applies or
  // the symbol is not an IPC symbol.
  std::optional<Match> Find(std::string_view symbol) const;

  size_t size() const { return entries_; }
  bool empty() const { return entries_ == 0; }

 private:
  std::unordered_map<std::string, std::vector<int64_t>> by_code_;
  size_t entries_ = 0;
};

// --- award, pledge and population lists -------------------------------------------------

// How an award or pledge list writes a patent, read into the key stored patents are matched
// by: a CN application or patent number ("ZL201410513187.5", "201410513187.5") becomes
// "AN:201410513187.5"; a publication number ("CN104223590B", "CN 104223590") becomes
// "PN:CN104223590" (country + number, no kind; a bare 9-digit number is read as CN).
// InvalidArgument when the text is neither.
absl::StatusOr<std::string> ListNumberKey(std::string_view written);

// The keys a stored patent is found under (its application number and its document key).
std::vector<std::string> PatentNumberKeys(const patents::Patent& patent);

enum class AwardKind { kChinaPatentAward, kStateScienceTechnologyAward };
// "china_patent_award", "state_science_technology_award".
std::string_view AwardKindId(AwardKind kind);

struct AwardEntry {
  std::string number_written{};
  std::string number_key{};  // ListNumberKey
  AwardKind kind = AwardKind::kChinaPatentAward;
  std::string award_name{};  // as written: "中国专利金奖", "china_patent_award"
  int year = 0;
  int64_t line = 0;
};

// CSV with a header naming the columns number, award, year (any order, extra columns
// ignored; Chinese headers 专利号 / 奖项 / 年度 also read). `award` is an AwardKindId or a
// Chinese name: one containing 中国专利 (中国专利金奖, 中国专利优秀奖 …) or a State award
// (国家最高科学技术奖, 国家自然科学奖, 国家技术发明奖, 国家科学技术进步奖, 国际科学技术合作奖,
// or any 国家…科学技术…奖). `year` 1985..2100. Lines starting with '#' and blank lines are
// skipped. InvalidArgument "line N: why" at the first bad line; also when there is no row.
absl::StatusOr<std::vector<AwardEntry>> ParseAwardCsv(std::string_view text);

struct PledgeEntry {
  std::string number_written{};
  std::string number_key{};         // ListNumberKey
  base::Money amount{};             // the registered financing amount (质押金额)
  std::string registration_date{};  // YYYY-MM-DD
  int64_t line = 0;
};

// CSV with columns number, amount_fen (a whole number of fen) or amount (yuan as people write
// it: "1200万元", "12,000,000.00"; base::ParseMoney), and registration_date (YYYY-MM-DD).
// Amounts must be positive. Errors as ParseAwardCsv.
absl::StatusOr<std::vector<PledgeEntry>> ParsePledgeCsv(std::string_view text);

struct PopulationEntry {
  std::string region_written{};  // as the file writes it: "Beijing", "北京市", "110000"
  std::string region_code{};     // six digits; "000000" for the whole country
  int year = 0;
  int64_t persons = 0;  // exact: the file's 10,000s × 10,000
  int64_t line = 0;
};

// The year-end resident population file of the National Bureau of Statistics as
// shared/data/stats/population_by_province_nbs_2005_2024_10k.csv has it: optional lines
// starting with '#', a header `region,2024,2023,…` (years 1949..2100, in any order), then a
// row per region with its population in 10,000s ("2183", or with up to four decimals:
// "2183.5"). A region is a province's English name as NBS writes it ("Beijing",
// "InnerMongolia" or "Inner Mongolia", "Tibet" or "Xizang" …), its Chinese name ("北京市",
// "北京"), "National Total" / "全国" (code 000000), or a six-digit code (checked against the
// regions table by the loader). An empty cell is no figure. InvalidArgument "line N: why" at
// the first bad line (unknown region, a region twice, a cell that is not a number).
absl::StatusOr<std::vector<PopulationEntry>> ParsePopulationCsv(std::string_view text);

// The GB/T 2260 province code of a province name (English as NBS writes it, or Chinese, full
// or short), or "000000" for the national total; nullopt otherwise.
std::optional<std::string> ProvinceCodeOfName(std::string_view name);

// --- one patent -------------------------------------------------------------------------

// Domestic (国内, 不含港澳台) as this project decides it: the patent is a CN document and its
// first applicant is in mainland China — their country is CN (or not given) and their region
// code is not in Hong Kong (81), Macao (82) or Taiwan (71); an applicant of another country
// is foreign. A CN applicant whose region could not be derived from the address is domestic
// with an empty region_code: counted nationally, in no province.
struct Domestic {
  bool domestic = false;
  std::string region_code{};  // the first applicant's region ("" when unknown or foreign)
  std::string reason{};
};
Domestic DomesticApplicant(const patents::Patent& patent);

// Where the "more than 10 years" of category 3 are counted from.
enum class MaintenanceRule {
  kFromFilingDate,  // 维持年限 as usually computed: from the filing (application) date
  kFromGrantDate,   // the English summary's "after grant": from the grant date
};
std::string_view MaintenanceRuleId(MaintenanceRule rule);  // "filing_date", "grant_date"

struct HighValueOptions {
  MaintenanceRule maintenance_rule = MaintenanceRule::kFromFilingDate;
  int maintenance_years = 10;
  // FACTS.md §4: no threshold is published; ≥ 1000万元 is used locally [K], unverified.
  base::Money pledge_threshold = base::Money::FromFen(1'000'000'000);
};

// A member of the patent's family, as the caller knows it.
struct FamilyMember {
  std::string publication_number{};
  std::string country{};
  std::string publication_date{};  // of the granted document
  bool granted = false;            // the document is a grant (IsGrantDocument)
};

// Whether a document is a granted patent: CN invention grants, US utility, design, plant and
// reissue grants; for other offices a kind code starting with B or C (EP, JP, KR, DE … B1/B2).
bool IsGrantDocument(const patents::Patent& patent);

// What the caller knows of the patent beyond its record. Entries that are not about this
// patent must be left out by the caller (matched by PatentNumberKeys).
struct HighValueFacts {
  const SeiConcordance* sei = nullptr;  // null: no concordance loaded
  std::vector<FamilyMember> family{};   // other members of its family
  std::vector<PledgeEntry> pledges{};
  std::vector<AwardEntry> awards{};
};

struct CategoryCheck {
  HighValueCategory category = HighValueCategory::kStrategicEmergingIndustry;
  bool met = false;
  std::string reason{};  // why it is or is not met, for people
  // What decided it, for programs: ("ipc", "G06F 17/30"), ("country", "US") …
  std::vector<std::pair<std::string, std::string>> evidence{};
};

struct HighValueResult {
  std::string as_of{};
  patents::DerivedStatus status{};
  bool invention_grant = false;   // a CN invention grant (kind B/C)
  bool granted_by_as_of = false;  // its grant was published on or before as_of (or undated)
  bool valid_invention = false;   // a CN invention grant, granted by and in force on as_of
  Domestic domestic{};
  std::array<CategoryCheck, kHighValueCategoryCount> checks{};  // in HighValueCategory order
  std::vector<HighValueCategory> categories{};                  // those met
  bool high_value = false;            // valid_invention && !categories.empty()
  bool counts_for_indicator = false;  // high_value && domestic.domestic
};

// Decides the five categories of `patent` on `as_of` (YYYY-MM-DD, Asia/Shanghai). The checks
// are made for any patent (a lapsed one shows which categories it would meet), but only a
// valid invention patent is high_value.
HighValueResult ClassifyHighValue(const patents::Patent& patent, const HighValueFacts& facts,
                                  const HighValueOptions& options, std::string_view as_of);

// --- per 10,000 people ------------------------------------------------------------------

// count per 10,000 of `persons`, in hundredths rounded half away from zero, computed exactly:
// count × 1,000,000 / persons. nullopt when persons ≤ 0.
std::optional<int64_t> PerTenThousandHundredths(int64_t count, int64_t persons);
// "3.20" for 320.
std::string FormatHundredths(int64_t hundredths);

}  // namespace iphub::analytics
