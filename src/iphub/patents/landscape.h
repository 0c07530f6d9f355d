// The numbers of a patent landscape (专利导航) over every hit of a query:
// filings per year by application, publication and grant date; applicants with
// their own trends, new entrants and the technology life cycle; IPC at four
// levels and the co-occurrence of subclasses; provinces, cities and countries;
// inventors; legal status and document types; co-applicant collaboration.
//
//   IPHUB_ASSIGN_OR_RETURN(Landscape landscape,
//                          index.BuildLandscape({.query = "TI=(电池)", .top = 10}));
//   landscape.applicants[0].name;      // the applicant with most hits (normalised name)
//   landscape.filings.application[i];  // hits filed in landscape.years[i]
//
// Everything is counted from the engine's columns over the whole hit set
// (engine/search/tabulate.h), not from a sample; a hit counts once per value.
// Applicants are counted by their normalised name (applicant_names.h), as the
// query code PAN matches them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace iphub::patents {

struct LandscapeRequest {
  std::string query;
  uint32_t top = 10;  // applicants, inventors, IPC codes … listed (1 to kMaxLandscapeTop)
};

inline constexpr uint32_t kMaxLandscapeTop = 50;

struct LandscapeCount {
  std::string value;
  uint64_t count = 0;
};

// The most frequent values of one dimension and how many distinct values it has.
struct LandscapeRanking {
  uint64_t distinct = 0;
  std::vector<LandscapeCount> top;
};

struct LandscapeApplicant {
  std::string name;
  uint64_t count = 0;
  std::vector<uint64_t> by_year;  // hits filed in each of Landscape::years
  int first_year = 0;             // of its earliest filing among the hits
};

struct LandscapeYear {
  int year = 0;
  uint64_t applicants = 0;    // distinct applicants filing that year
  uint64_t filings = 0;       // hits filed that year
  uint64_t new_entrants = 0;  // applicants whose earliest filing among the hits is that year
};

struct LandscapeLink {
  std::string source, target;
  uint64_t count = 0;  // hits holding both
};

struct Landscape {
  std::string query;
  uint64_t total = 0;
  double took_ms = 0;
  int64_t data_version = 0;  // the last patent change the index had applied

  // Every year from the earliest to the latest date of the hits, of any kind.
  std::vector<int> years;
  struct {
    std::vector<uint64_t> application, publication, grant;  // aligned with `years`
  } filings;

  uint64_t applicant_distinct = 0;
  std::vector<LandscapeApplicant> applicants;  // the top ones
  LandscapeRanking inventors;
  LandscapeRanking ipc_section, ipc_class, ipc_subclass, ipc_group;
  // The top subclasses and, for each pair, the hits holding both (diagonal: the
  // hits holding the code).
  std::vector<std::string> matrix_codes;
  std::vector<std::vector<uint64_t>> matrix;
  std::vector<LandscapeCount> provinces;  // every province code of CN applicants
  std::vector<LandscapeCount> cities;     // every city-level code
  std::vector<LandscapeCount> countries, legal_status, types;
  std::vector<LandscapeYear> life_cycle;  // per application year with hits, in order
  // Co-applicants: the top applicants holding a hit together with another
  // applicant, and the pairs among them.
  std::vector<LandscapeCount> collaboration_nodes;
  std::vector<LandscapeLink> collaboration_links;
};

}  // namespace iphub::patents
