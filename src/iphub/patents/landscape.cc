#include "iphub/patents/landscape.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <map>

#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/engine/search/tabulate.h"
#include "iphub/patents/search.h"

namespace iphub::patents {
namespace {

using engine::search::Axis;
using engine::search::Tabulation;
using engine::search::TabulationSpec;
using engine::search::TabulationValue;

// The tables one landscape reads, in the order of the specs below.
enum Table : size_t {
  kApplicantByYear,
  kPublicationYear,
  kGrantYear,
  kIpcSection,
  kIpcClass,
  kIpcSubclassPairs,
  kIpcGroup,
  kInventors,
  kProvinces,
  kRegions,
  kCountries,
  kStatus,
  kDocTypes,
  kCoApplicants,
  kTableCount,
};

std::vector<TabulationSpec> LandscapeSpecs() {
  const auto one = [](uint32_t field, int64_t divide = 1) {
    return TabulationSpec{.rows = {.field = field, .divide = divide}, .columns = std::nullopt};
  };
  const auto two = [](uint32_t rows, uint32_t columns) {
    return TabulationSpec{.rows = {.field = rows}, .columns = Axis{.field = columns}};
  };
  std::vector<TabulationSpec> specs(kTableCount);
  specs[kApplicantByYear] = two(kFieldApplicantName, kFieldYear);
  specs[kPublicationYear] = one(kFieldPublicationDate, 10000);
  specs[kGrantYear] = one(kFieldGrantDate, 10000);
  specs[kIpcSection] = one(kFieldIpcSection);
  specs[kIpcClass] = one(kFieldIpcClass);
  specs[kIpcSubclassPairs] = two(kFieldIpcSubclass, kFieldIpcSubclass);
  specs[kIpcGroup] = one(kFieldIpcGroup);
  specs[kInventors] = one(kFieldInventor);
  specs[kProvinces] = one(kFieldProvince);
  specs[kRegions] = one(kFieldRegion);
  specs[kCountries] = one(kFieldCountry);
  specs[kStatus] = one(kFieldStatus);
  specs[kDocTypes] = one(kFieldDocType);
  specs[kCoApplicants] = two(kFieldApplicantName, kFieldApplicantName);
  return specs;
}

int YearOf(const std::string& value) {
  int year = 0;
  std::from_chars(value.data(), value.data() + value.size(), year);
  return year;
}

std::vector<LandscapeCount> Counts(const std::vector<TabulationValue>& values, size_t limit) {
  std::vector<LandscapeCount> out;
  for (size_t at = 0; at < values.size() && at < limit; ++at) {
    out.push_back({values[at].value, values[at].count});
  }
  return out;
}

LandscapeRanking Ranking(const Tabulation& table, size_t top) {
  return {.distinct = table.rows.size(), .top = Counts(table.rows, top)};
}

// Counts per year of a year table, aligned with `years`.
std::vector<uint64_t> ByYear(const std::vector<TabulationValue>& values,
                             const std::vector<int>& years) {
  std::vector<uint64_t> out(years.size(), 0);
  if (years.empty()) return out;
  for (const TabulationValue& value : values) {
    const int year = YearOf(value.value);
    if (year >= years.front() && year <= years.back()) out[year - years.front()] = value.count;
  }
  return out;
}

}  // namespace

absl::StatusOr<Landscape> PatentIndex::BuildLandscape(const LandscapeRequest& request) const {
  const auto started = std::chrono::steady_clock::now();
  if (request.top < 1 || request.top > kMaxLandscapeTop) {
    return base::InvalidField("top", base::StrCat("must be 1 to ", kMaxLandscapeTop));
  }
  Landscape out;
  out.query = request.query;
  out.data_version = applied_change_.load();
  const size_t top = request.top;
  engine::search::Searcher searcher(index_->snapshot(), PatentSchema(), bindings_);
  const std::vector<TabulationSpec> specs = LandscapeSpecs();
  IPHUB_ASSIGN_OR_RETURN(engine::search::Tabulations tabulations,
                         engine::search::Tabulate(searcher, PatentSchema(), request.query, specs));
  const std::vector<Tabulation>& tables = tabulations.tables;
  out.total = tabulations.total;

  // --- years of every kind of date, without gaps.
  const Tabulation& applicants = tables[kApplicantByYear];
  int first = 0, last = 0;
  for (const auto* values :
       {&applicants.columns, &tables[kPublicationYear].rows, &tables[kGrantYear].rows}) {
    for (const TabulationValue& value : *values) {
      const int year = YearOf(value.value);
      if (year <= 0) continue;
      first = first == 0 ? year : std::min(first, year);
      last = std::max(last, year);
    }
  }
  for (int year = first; first > 0 && year <= last; ++year) out.years.push_back(year);
  out.filings.application = ByYear(applicants.columns, out.years);
  out.filings.publication = ByYear(tables[kPublicationYear].rows, out.years);
  out.filings.grant = ByYear(tables[kGrantYear].rows, out.years);

  // --- applicants: trends of the top ones, life cycle and new entrants of all.
  out.applicant_distinct = applicants.rows.size();
  std::vector<int> first_year(applicants.rows.size(), 0);
  std::map<int, uint64_t> applicants_per_year, entrants_per_year;
  for (const engine::search::TabulationCell& cell : applicants.cells) {
    const int year = YearOf(applicants.columns[cell.column].value);
    ++applicants_per_year[year];
    int& earliest = first_year[cell.row];
    if (earliest == 0 || year < earliest) earliest = year;
  }
  for (int year : first_year) {
    if (year > 0) ++entrants_per_year[year];
  }
  for (size_t at = 0; at < applicants.rows.size() && at < top; ++at) {
    out.applicants.push_back({.name = applicants.rows[at].value,
                              .count = applicants.rows[at].count,
                              .by_year = std::vector<uint64_t>(out.years.size(), 0),
                              .first_year = first_year[at]});
  }
  for (const engine::search::TabulationCell& cell : applicants.cells) {
    if (cell.row >= out.applicants.size()) break;  // cells are in row order
    const int year = YearOf(applicants.columns[cell.column].value);
    if (!out.years.empty() && year >= out.years.front() && year <= out.years.back()) {
      out.applicants[cell.row].by_year[year - out.years.front()] = cell.count;
    }
  }
  for (const TabulationValue& value : applicants.columns) {
    const int year = YearOf(value.value);
    out.life_cycle.push_back({.year = year,
                              .applicants = applicants_per_year[year],
                              .filings = value.count,
                              .new_entrants = entrants_per_year[year]});
  }
  std::sort(out.life_cycle.begin(), out.life_cycle.end(),
            [](const LandscapeYear& a, const LandscapeYear& b) { return a.year < b.year; });

  // --- classification.
  out.ipc_section = Ranking(tables[kIpcSection], top);
  out.ipc_class = Ranking(tables[kIpcClass], top);
  out.ipc_subclass = Ranking(tables[kIpcSubclassPairs], top);
  out.ipc_group = Ranking(tables[kIpcGroup], top);
  const Tabulation& pairs = tables[kIpcSubclassPairs];
  const size_t codes = std::min(top, pairs.rows.size());
  for (size_t at = 0; at < codes; ++at) out.matrix_codes.push_back(pairs.rows[at].value);
  out.matrix.assign(codes, std::vector<uint64_t>(codes, 0));
  for (const engine::search::TabulationCell& cell : pairs.cells) {
    if (cell.row < codes && cell.column < codes) out.matrix[cell.row][cell.column] = cell.count;
  }

  // --- people, places, status.
  out.inventors = Ranking(tables[kInventors], top);
  out.provinces = Counts(tables[kProvinces].rows, SIZE_MAX);
  for (const TabulationValue& value : tables[kRegions].rows) {
    // A city code ends in "00" but is not a province's ("370100", not "370000").
    if (value.value.size() == 6 && value.value.ends_with("00") && !value.value.ends_with("0000")) {
      out.cities.push_back({value.value, value.count});
    }
  }
  out.countries = Counts(tables[kCountries].rows, SIZE_MAX);
  for (const TabulationValue& value : tables[kStatus].rows) {
    // "alive" and "dead" group the statuses; every hit has one of each.
    if (value.value != "alive" && value.value != "dead") {
      out.legal_status.push_back({value.value, value.count});
    }
  }
  out.types = Counts(tables[kDocTypes].rows, SIZE_MAX);

  // --- co-applicants: applicants sharing a hit with another, and their pairs.
  const Tabulation& co = tables[kCoApplicants];
  std::vector<uint64_t> shared(co.rows.size(), 0);  // hits shared with someone (upper bound)
  for (const engine::search::TabulationCell& cell : co.cells) {
    if (cell.row != cell.column) shared[cell.row] += cell.count;
  }
  std::vector<uint32_t> nodes;
  for (uint32_t row = 0; row < co.rows.size() && nodes.size() < top; ++row) {
    if (shared[row] > 0) nodes.push_back(row);  // rows are most frequent first
  }
  for (uint32_t row : nodes)
    out.collaboration_nodes.push_back({co.rows[row].value, co.rows[row].count});
  for (const engine::search::TabulationCell& cell : co.cells) {
    if (cell.row >= cell.column) continue;
    const bool both = std::binary_search(nodes.begin(), nodes.end(), cell.row) &&
                      std::binary_search(nodes.begin(), nodes.end(), cell.column);
    if (both) {
      out.collaboration_links.push_back(
          {co.rows[cell.row].value, co.rows[cell.column].value, cell.count});
    }
  }
  out.took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace iphub::patents
