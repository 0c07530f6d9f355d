// What the CLI and the API do with high-value invention patents (高价值发明专利): load the lists
// the categories read (the SEI concordance, awards, pledges) and the population table, flag one
// patent with its reasons, and count a region's domestic valid and high-value invention
// patents per category and per 10,000 people (每万人口高价值发明专利拥有量).
//
//   HighValueService service(database, clock);
//   IPHUB_ASSIGN_OR_RETURN(LoadSummary loaded,
//                          service.LoadPopulation("population.csv", file_text));
//   IPHUB_ASSIGN_OR_RETURN(HighValueCounts counts, service.Count("370000", "2024-12-31", 2024));
//   counts.region.high_value;                 // distinct patents in any category
//   counts.region.per_10k_hundredths;         // 320 → "3.20"; absent without a population
//   counts.children[0].by_category[0];        // a city's SEI patents
//
// Rules (high_value.h; docs/high-value.md): the counts are over stored CN invention grants
// that are valid on as_of and domestic (first applicant in mainland China), placed by the
// first applicant's region code (patents::DeriveApplicantRegions). A patent in several
// categories counts once in high_value and once in each of its categories.
//
// Access: loads are the system's (the CLI), each one transaction with one audit entry
// (`high_value.load_sei`, `.load_awards`, `.load_pledges`, `.load_population`); a bad line
// stores nothing. CountFor is for platform administrators (every region) and officials (their
// region and below; another region is NotFound, as records one may not read are); other
// accounts are PermissionDenied, visitors Unauthenticated. Explain is public, as patent
// records are.
//
// Thread-safe: each call borrows its own connection.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/analytics/high_value.h"
#include "iphub/analytics/high_value_store.h"
#include "iphub/auth/model.h"
#include "iphub/base/clock.h"
#include "iphub/db/database.h"

namespace iphub::analytics {

// The code that stands for the whole country in counts and in the population table.
inline constexpr std::string_view kNationalRegion = "000000";

// What one load stored.
struct LoadSummary {
  std::string list{};  // "sei", "awards", "pledges", "population"
  std::string source_file{};
  int64_t rows = 0;          // entries read from the file and stored
  int64_t regions = 0;       // population: distinct regions
  std::vector<int> years{};  // population: the years, ascending
};

struct RegionCount {
  std::string code{};            // six digits; kNationalRegion for the country
  std::string name{};            // "山东省"; "全国" for the country
  std::string level{};           // "country", "province", "city", "county"
  int64_t valid_inventions = 0;  // domestic valid invention patents (有效发明专利)
  int64_t high_value = 0;        // of them, in at least one category, each once
  std::array<int64_t, kHighValueCategoryCount> by_category{};  // in HighValueCategory order
  std::optional<int64_t> population{};                         // persons, the year asked
  std::optional<int64_t> per_10k_hundredths{};  // high_value per 10,000 people × 100, rounded
};

struct HighValueCounts {
  std::string as_of{};
  std::optional<int> population_year{};  // absent: no population stored up to as_of's year
  HighValueOptions options{};
  RegionCount region{};
  std::vector<RegionCount> children{};  // provinces of the country, cities, counties; by code
  // Patents of `region` placed in none of its children (an applicant region known only at the
  // region's own level, or, for the country, not known at all).
  int64_t unplaced_valid_inventions = 0;
  int64_t unplaced_high_value = 0;
  int64_t unreadable = 0;  // stored records that could not be read (logged, left out)
  std::optional<store::SeiSource> sei{};  // the concordance the counts used
};

struct PatentHighValue {
  std::string publication_number{};
  HighValueResult result{};
  HighValueOptions options{};
  std::optional<store::SeiSource> sei{};
};

// A high-value invention patent among many (HighValueService::Among).
struct HighValueHit {
  std::string publication_number{};
  std::string title{};
  std::vector<HighValueCategory> categories{};  // those met, in HighValueCategory order
};

class HighValueService {
 public:
  HighValueService(db::Database& database, base::Clock& clock, HighValueOptions options = {});

  // Each reads a whole file (high_value.h gives the formats) and stores it in one transaction
  // with its audit entry. InvalidArgument "line N: why" for the first bad line, and nothing is
  // stored. LoadSei replaces the concordance; the others add to their list (a row with the same
  // key replaces the stored one). LoadPopulation also refuses codes not in the regions table.
  absl::StatusOr<LoadSummary> LoadSei(std::string_view source_file, std::string_view text);
  absl::StatusOr<LoadSummary> LoadAwards(std::string_view source_file, std::string_view text);
  absl::StatusOr<LoadSummary> LoadPledges(std::string_view source_file, std::string_view text);
  absl::StatusOr<LoadSummary> LoadPopulation(std::string_view source_file, std::string_view text);

  // The counts for `region_code` ("" or kNationalRegion: the country) and its children on
  // `as_of` (YYYY-MM-DD), with the population of `population_year` (nullopt: the latest year
  // stored up to as_of's year). InvalidArgument naming "region", "as_of" or "year"; NotFound
  // for a region not in the regions table. No permission check: the CLI's.
  absl::StatusOr<HighValueCounts> Count(std::string_view region_code, std::string_view as_of,
                                        std::optional<int> population_year);

  // Count for a caller, as the API asks it: `region_code` "" is the caller's own region (the
  // country for platform administrators), `as_of` "" today, `year_text` "" the default.
  absl::StatusOr<HighValueCounts> CountFor(const auth::Principal* caller,
                                           std::string_view region_code, std::string_view as_of,
                                           std::string_view year_text);

  // One patent's categories with their reasons. `number` any usual way of writing it; `as_of`
  // "" today. InvalidArgument naming "number" or "as_of"; NotFound when not stored.
  absl::StatusOr<PatentHighValue> Explain(const auth::Principal* caller, std::string_view number,
                                          std::string_view as_of);

  // The high-value invention patents on `as_of` (YYYY-MM-DD) among the stored documents
  // `publication_numbers` (a query's hits), in the order given; numbers not stored and
  // documents that are not CN invention grants are left out. One read per number: meant for
  // thousands, not the corpus (Count reads the corpus). InvalidArgument naming "as_of". No
  // permission check: the caller's (patent records are public).
  absl::StatusOr<std::vector<HighValueHit>> Among(
      const std::vector<std::string>& publication_numbers, std::string_view as_of) const;

  const HighValueOptions& options() const { return options_; }

  // Today in Asia/Shanghai.
  std::string Today() const;

 private:
  absl::StatusOr<LoadSummary> Commit(
      LoadSummary summary, const std::function<absl::Status(db::Connection&, int64_t)>& write);

  db::Database& database_;
  base::Clock& clock_;
  HighValueOptions options_;
};

}  // namespace iphub::analytics
