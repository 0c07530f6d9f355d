#include "iphub/analytics/high_value_service.h"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <utility>

#include "iphub/auth/audit.h"
#include "iphub/auth/permissions.h"
#include "iphub/auth/regions.h"
#include "iphub/base/civil_date.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/patents/importers/jsonl.h"
#include "iphub/patents/numbers.h"
#include "iphub/patents/store.h"
#include "spdlog/spdlog.h"

namespace iphub::analytics {
namespace {

constexpr auth::Resource kPatents{.kind = auth::ResourceKind::kPatent};
constexpr int64_t kRecordsPerPage = 500;
// Above this many families, Among() reads every foreign document once.
constexpr size_t kFamiliesAskedOneByOne = 16;

absl::StatusOr<std::string> CheckAsOf(std::string_view as_of, const std::string& today) {
  const std::string_view text = base::StripWhitespace(as_of);
  if (text.empty()) return today;
  if (!base::ParseCivilDate(text)) {
    return base::InvalidField("as_of",
                              base::StrCat("expected a date YYYY-MM-DD, got \"", text, "\""));
  }
  return std::string(text);
}

absl::StatusOr<patents::Patent> ReadRecord(const store::PatentRecord& row) {
  absl::StatusOr<patents::Patent> patent = patents::importers::ParseJsonlLine(row.record);
  if (!patent.ok()) {
    spdlog::warn("high value: patent {} skipped, its record is unreadable: {}", row.id,
                 std::string(patent.status().message()));
  }
  return patent;
}

// A list keyed by number key (AN:… / PN:…).
template <typename Entry>
std::unordered_map<std::string, std::vector<Entry>> ByKey(std::vector<Entry> entries) {
  std::unordered_map<std::string, std::vector<Entry>> out;
  for (Entry& entry : entries) out[entry.number_key].push_back(std::move(entry));
  return out;
}

// The entries of `list` about `patent`, each once (a list may name the application number and
// the publication number of one patent).
template <typename Entry>
std::vector<Entry> EntriesOf(const std::unordered_map<std::string, std::vector<Entry>>& list,
                             const std::vector<std::string>& keys) {
  std::vector<Entry> out;
  for (const std::string& key : keys) {
    const auto found = list.find(key);
    if (found == list.end()) continue;
    out.insert(out.end(), found->second.begin(), found->second.end());
  }
  return out;
}

FamilyMember MemberOf(const patents::Patent& patent) {
  return FamilyMember{
      .publication_number = patent.publication_number,
      .country = patent.country,
      .publication_date = patent.grant_date.empty() ? patent.publication_date : patent.grant_date,
      .granted = IsGrantDocument(patent)};
}

// Granted documents of other countries than CN with id <= up_to_id, by family id; unreadable
// records are counted in `unreadable`.
using Families = std::unordered_map<std::string, std::vector<FamilyMember>>;
absl::StatusOr<Families> ForeignGrantFamilies(db::Connection& conn, int64_t up_to_id,
                                              int64_t& unreadable) {
  Families families;
  for (int64_t after = 0;;) {
    IPHUB_ASSIGN_OR_RETURN(std::vector<store::PatentRecord> page,
                           store::ForeignPatentsAfter(conn, after, up_to_id, kRecordsPerPage));
    if (page.empty()) break;
    after = page.back().id;
    for (const store::PatentRecord& row : page) {
      absl::StatusOr<patents::Patent> patent = ReadRecord(row);
      if (!patent.ok()) {
        ++unreadable;
        continue;
      }
      if (patent->family_id.empty() || !IsGrantDocument(*patent)) continue;
      families[patent->family_id].push_back(MemberOf(*patent));
    }
  }
  return families;
}

// The members of `family_id` in other countries than CN, found by the record's text (for a
// few patents; many read ForeignGrantFamilies once instead).
absl::StatusOr<std::vector<FamilyMember>> ForeignMembersOf(db::Connection& conn,
                                                           const std::string& family_id) {
  std::vector<FamilyMember> out;
  IPHUB_ASSIGN_OR_RETURN(std::vector<store::PatentRecord> candidates,
                         store::ForeignFamilyCandidates(conn, family_id));
  for (const store::PatentRecord& row : candidates) {
    absl::StatusOr<patents::Patent> member = ReadRecord(row);
    if (!member.ok() || member->family_id != family_id) continue;
    out.push_back(MemberOf(*member));
  }
  return out;
}

// The counting of one region and its children.
class Tally {
 public:
  Tally(RegionCount region, std::vector<RegionCount> children)
      : region_(std::move(region)), children_(std::move(children)) {
    for (size_t at = 0; at < children_.size(); ++at) {
      const std::string_view prefix = auth::ScopePrefix(children_[at].code);
      prefix_length_ = prefix.size();
      by_prefix_.emplace(std::string(prefix), at);
    }
  }

  // Whether a patent whose first applicant is in `code` ("" unknown) is in the region.
  bool Covers(std::string_view code) const {
    if (region_.code == kNationalRegion) return true;
    return !code.empty() && auth::InRegion(region_.code, code);
  }

  void Add(std::string_view code, const HighValueResult& result) {
    RegionCount* child = nullptr;
    if (code.size() == 6 && prefix_length_ > 0) {
      const auto found = by_prefix_.find(std::string(code.substr(0, prefix_length_)));
      // A code above the children's level (a city code when the children are counties) has
      // its prefix padded with zeros: it must be the child itself to match.
      if (found != by_prefix_.end() && auth::InRegion(children_[found->second].code, code)) {
        child = &children_[found->second];
      }
    }
    for (RegionCount* count : {&region_, child}) {
      if (count == nullptr) continue;
      ++count->valid_inventions;
      if (!result.high_value) continue;
      ++count->high_value;
      for (HighValueCategory category : result.categories) {
        ++count->by_category[static_cast<size_t>(category)];
      }
    }
    if (child == nullptr) {
      ++unplaced_valid_;
      if (result.high_value) ++unplaced_high_value_;
    }
  }

  RegionCount& region() { return region_; }
  std::vector<RegionCount>& children() { return children_; }
  int64_t unplaced_valid() const { return unplaced_valid_; }
  int64_t unplaced_high_value() const { return unplaced_high_value_; }

 private:
  RegionCount region_;
  std::vector<RegionCount> children_;
  std::unordered_map<std::string, size_t> by_prefix_;
  size_t prefix_length_ = 0;
  int64_t unplaced_valid_ = 0;
  int64_t unplaced_high_value_ = 0;
};

RegionCount CountOf(const auth::Region& region) {
  return RegionCount{.code = region.code,
                     .name = region.name,
                     .level = std::string(auth::RegionLevelName(region.level))};
}

absl::StatusOr<std::optional<int>> ParseYear(std::string_view text) {
  const std::string_view trimmed = base::StripWhitespace(text);
  if (trimmed.empty()) return std::optional<int>();
  int year = 0;
  if (trimmed.size() != 4 || trimmed.find_first_not_of("0123456789") != std::string_view::npos) {
    return base::InvalidField("year",
                              base::StrCat("expected a year 1949..2100, got \"", trimmed, "\""));
  }
  for (char c : trimmed) year = year * 10 + (c - '0');
  if (year < 1949 || year > 2100) {
    return base::InvalidField("year", base::StrCat("expected a year 1949..2100, got ", year));
  }
  return std::optional<int>(year);
}

}  // namespace

HighValueService::HighValueService(db::Database& database, base::Clock& clock,
                                   HighValueOptions options)
    : database_(database), clock_(clock), options_(options) {}

std::string HighValueService::Today() const { return base::ShanghaiDate(clock_.NowMillis()); }

// --- loads ------------------------------------------------------------------------------

absl::StatusOr<LoadSummary> HighValueService::Commit(
    LoadSummary summary, const std::function<absl::Status(db::Connection&, int64_t)>& write) {
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  const int64_t now = clock_.NowMillis();
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_RETURN_IF_ERROR(write(*conn, now));
  nlohmann::json detail = {
      {"list", summary.list}, {"source_file", summary.source_file}, {"rows", summary.rows}};
  if (summary.list == "population") {
    detail["regions"] = summary.regions;
    detail["years"] = summary.years;
  }
  IPHUB_RETURN_IF_ERROR(auth::AppendAudit(*conn, nullptr, now,
                                          {.action = base::StrCat("high_value.load_", summary.list),
                                           .entity = "high_value_list",
                                           .entity_id = summary.list,
                                           .detail = std::move(detail)}));
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return summary;
}

absl::StatusOr<LoadSummary> HighValueService::LoadSei(std::string_view source_file,
                                                      std::string_view text) {
  IPHUB_ASSIGN_OR_RETURN(std::vector<SeiEntry> entries, ParseSeiJsonl(text));
  LoadSummary summary{.list = "sei",
                      .source_file = std::string(source_file),
                      .rows = static_cast<int64_t>(entries.size())};
  return Commit(std::move(summary), [&](db::Connection& conn, int64_t now) {
    return store::ReplaceSei(conn, entries, source_file, now);
  });
}

absl::StatusOr<LoadSummary> HighValueService::LoadAwards(std::string_view source_file,
                                                         std::string_view text) {
  IPHUB_ASSIGN_OR_RETURN(std::vector<AwardEntry> entries, ParseAwardCsv(text));
  LoadSummary summary{.list = "awards",
                      .source_file = std::string(source_file),
                      .rows = static_cast<int64_t>(entries.size())};
  return Commit(std::move(summary), [&](db::Connection& conn, int64_t now) {
    return store::UpsertAwards(conn, entries, source_file, now);
  });
}

absl::StatusOr<LoadSummary> HighValueService::LoadPledges(std::string_view source_file,
                                                          std::string_view text) {
  IPHUB_ASSIGN_OR_RETURN(std::vector<PledgeEntry> entries, ParsePledgeCsv(text));
  LoadSummary summary{.list = "pledges",
                      .source_file = std::string(source_file),
                      .rows = static_cast<int64_t>(entries.size())};
  return Commit(std::move(summary), [&](db::Connection& conn, int64_t now) {
    return store::UpsertPledges(conn, entries, source_file, now);
  });
}

absl::StatusOr<LoadSummary> HighValueService::LoadPopulation(std::string_view source_file,
                                                             std::string_view text) {
  IPHUB_ASSIGN_OR_RETURN(std::vector<PopulationEntry> entries, ParsePopulationCsv(text));
  std::set<std::string> regions;
  std::set<int> years;
  {
    IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
    for (const PopulationEntry& entry : entries) {
      years.insert(entry.year);
      if (!regions.insert(entry.region_code).second) continue;
      if (entry.region_code == kNationalRegion) continue;
      IPHUB_ASSIGN_OR_RETURN(const bool exists, store::RegionExists(*conn, entry.region_code));
      if (!exists) {
        return absl::InvalidArgumentError(base::StrCat(
            "line ", entry.line, ": region ", entry.region_code, " is not in the regions table"));
      }
    }
  }
  LoadSummary summary{.list = "population",
                      .source_file = std::string(source_file),
                      .rows = static_cast<int64_t>(entries.size()),
                      .regions = static_cast<int64_t>(regions.size()),
                      .years = std::vector<int>(years.begin(), years.end())};
  return Commit(std::move(summary), [&](db::Connection& conn, int64_t now) {
    return store::UpsertPopulation(conn, entries, source_file, now);
  });
}

// --- counts -----------------------------------------------------------------------------

absl::StatusOr<HighValueCounts> HighValueService::Count(std::string_view region_text,
                                                        std::string_view as_of_text,
                                                        std::optional<int> population_year) {
  if (!base::ParseCivilDate(as_of_text)) {
    return base::InvalidField("as_of",
                              base::StrCat("expected a date YYYY-MM-DD, got \"", as_of_text, "\""));
  }
  if (population_year && (*population_year < 1949 || *population_year > 2100)) {
    return base::InvalidField("year",
                              base::StrCat("expected a year 1949..2100, got ", *population_year));
  }
  const std::string as_of(as_of_text);
  std::string region_code(base::StripWhitespace(region_text));
  if (region_code.empty()) region_code = std::string(kNationalRegion);
  IPHUB_RETURN_IF_ERROR(auth::CheckRegionCodeSyntax(region_code, "region"));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());

  HighValueCounts out{.as_of = as_of, .options = options_};
  RegionCount region;
  std::vector<auth::Region> children;
  if (region_code == kNationalRegion) {
    region = RegionCount{.code = region_code, .name = "全国", .level = "country"};
    IPHUB_ASSIGN_OR_RETURN(children, auth::ListRegions(*conn, ""));
  } else {
    absl::StatusOr<auth::Region> found = auth::GetRegion(*conn, region_code);
    if (absl::IsNotFound(found.status())) {
      return absl::NotFoundError(base::StrCat("no region ", region_code));
    }
    if (!found.ok()) return found.status();
    region = CountOf(*found);
    IPHUB_ASSIGN_OR_RETURN(children, auth::ListRegions(*conn, region_code));
  }
  std::vector<RegionCount> child_counts;
  child_counts.reserve(children.size());
  for (const auth::Region& child : children) child_counts.push_back(CountOf(child));
  Tally tally(std::move(region), std::move(child_counts));

  // The lists, whole: they are small beside the corpus.
  IPHUB_ASSIGN_OR_RETURN(std::vector<SeiEntry> sei_entries, store::AllSei(*conn));
  const SeiConcordance sei(sei_entries);
  IPHUB_ASSIGN_OR_RETURN(out.sei, store::SeiSourceOf(*conn));
  IPHUB_ASSIGN_OR_RETURN(std::vector<AwardEntry> award_list, store::AllAwards(*conn));
  const auto awards = ByKey(std::move(award_list));
  IPHUB_ASSIGN_OR_RETURN(std::vector<PledgeEntry> pledge_list, store::AllPledges(*conn));
  const auto pledges = ByKey(std::move(pledge_list));

  // 1. Granted documents of other countries, by family.
  IPHUB_ASSIGN_OR_RETURN(const int64_t up_to_id, store::MaxPatentId(*conn));
  IPHUB_ASSIGN_OR_RETURN(const Families families,
                         ForeignGrantFamilies(*conn, up_to_id, out.unreadable));

  // 2. CN invention grants: domestic and valid on as_of, then the categories.
  for (int64_t after = 0;;) {
    IPHUB_ASSIGN_OR_RETURN(std::vector<store::PatentRecord> page,
                           store::InventionGrantsAfter(*conn, after, up_to_id, kRecordsPerPage));
    if (page.empty()) break;
    after = page.back().id;
    for (const store::PatentRecord& row : page) {
      absl::StatusOr<patents::Patent> patent = ReadRecord(row);
      if (!patent.ok()) {
        ++out.unreadable;
        continue;
      }
      const Domestic domestic = DomesticApplicant(*patent);
      if (!domestic.domestic || !tally.Covers(domestic.region_code)) continue;
      HighValueFacts facts{.sei = &sei};
      const std::vector<std::string> keys = PatentNumberKeys(*patent);
      facts.pledges = EntriesOf(pledges, keys);
      facts.awards = EntriesOf(awards, keys);
      if (!patent->family_id.empty()) {
        if (const auto found = families.find(patent->family_id); found != families.end()) {
          facts.family = found->second;
        }
      }
      const HighValueResult result = ClassifyHighValue(*patent, facts, options_, as_of);
      if (!result.valid_invention) continue;
      tally.Add(domestic.region_code, result);
    }
  }

  // 3. Population and the indicator.
  if (population_year) {
    out.population_year = population_year;
  } else {
    IPHUB_ASSIGN_OR_RETURN(
        out.population_year,
        store::LatestPopulationYear(*conn, static_cast<int>(base::ParseCivilDate(as_of)->year)));
  }
  std::vector<RegionCount*> all{&tally.region()};
  for (RegionCount& child : tally.children()) all.push_back(&child);
  for (RegionCount* count : all) {
    if (!out.population_year) break;
    IPHUB_ASSIGN_OR_RETURN(count->population,
                           store::PopulationOf(*conn, count->code, *out.population_year));
    if (count->population) {
      count->per_10k_hundredths = PerTenThousandHundredths(count->high_value, *count->population);
    }
  }
  out.region = std::move(tally.region());
  out.children = std::move(tally.children());
  out.unplaced_valid_inventions = tally.unplaced_valid();
  out.unplaced_high_value = tally.unplaced_high_value();
  return out;
}

absl::StatusOr<HighValueCounts> HighValueService::CountFor(const auth::Principal* caller,
                                                           std::string_view region_text,
                                                           std::string_view as_of_text,
                                                           std::string_view year_text) {
  if (caller == nullptr) return absl::UnauthenticatedError("log in first");
  std::string region(base::StripWhitespace(region_text));
  switch (caller->role) {
    case auth::Role::kPlatformAdmin:
      break;
    case auth::Role::kOfficial: {
      if (!caller->region_code) {
        return absl::PermissionDeniedError("your account has no region");
      }
      if (region.empty()) region = *caller->region_code;
      IPHUB_RETURN_IF_ERROR(auth::CheckRegionCodeSyntax(region, "region"));
      // A region outside the official's is answered as one that does not exist.
      if (region == kNationalRegion || !auth::InRegion(*caller->region_code, region)) {
        return absl::NotFoundError(base::StrCat("no region ", region));
      }
      break;
    }
    default:
      return absl::PermissionDeniedError(
          "high-value statistics are for officials and platform administrators");
  }
  IPHUB_ASSIGN_OR_RETURN(const std::string as_of, CheckAsOf(as_of_text, Today()));
  IPHUB_ASSIGN_OR_RETURN(const std::optional<int> year, ParseYear(year_text));
  return Count(region, as_of, year);
}

// --- one patent -------------------------------------------------------------------------

absl::StatusOr<PatentHighValue> HighValueService::Explain(const auth::Principal* caller,
                                                          std::string_view number,
                                                          std::string_view as_of_text) {
  IPHUB_RETURN_IF_ERROR(auth::Authorize(caller, auth::Action::kRead, kPatents));
  IPHUB_ASSIGN_OR_RETURN(const std::string as_of, CheckAsOf(as_of_text, Today()));
  IPHUB_ASSIGN_OR_RETURN(patents::NumberQuery query, patents::ParseNumberQuery(number));
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  IPHUB_ASSIGN_OR_RETURN(std::vector<patents::store::StoredPatent> found,
                         patents::store::FindByNumber(*conn, query));
  if (found.empty()) {
    return absl::NotFoundError(base::StrCat("no patent document ", number, " is stored"));
  }
  // The A and the B of one application both match: the latest (the grant), as
  // GET /api/v1/patents/{number} shows.
  IPHUB_ASSIGN_OR_RETURN(patents::Patent patent,
                         patents::store::GetPatent(*conn, found.front().publication_number));

  PatentHighValue out{.publication_number = patent.publication_number, .options = options_};
  IPHUB_ASSIGN_OR_RETURN(std::vector<SeiEntry> sei_entries, store::AllSei(*conn));
  const SeiConcordance sei(sei_entries);
  IPHUB_ASSIGN_OR_RETURN(out.sei, store::SeiSourceOf(*conn));
  HighValueFacts facts{.sei = &sei};
  const std::vector<std::string> keys = PatentNumberKeys(patent);
  IPHUB_ASSIGN_OR_RETURN(facts.pledges, store::PledgesOf(*conn, keys));
  IPHUB_ASSIGN_OR_RETURN(facts.awards, store::AwardsOf(*conn, keys));
  if (!patent.family_id.empty()) {
    IPHUB_ASSIGN_OR_RETURN(facts.family, ForeignMembersOf(*conn, patent.family_id));
  }
  out.result = ClassifyHighValue(patent, facts, options_, as_of);
  return out;
}

absl::StatusOr<std::vector<HighValueHit>> HighValueService::Among(
    const std::vector<std::string>& publication_numbers, std::string_view as_of_text) const {
  if (!base::ParseCivilDate(as_of_text)) {
    return base::InvalidField("as_of",
                              base::StrCat("expected a date YYYY-MM-DD, got \"", as_of_text, "\""));
  }
  const std::string as_of(as_of_text);
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  // The CN invention grants among the numbers (the others cannot be high-value).
  std::vector<patents::Patent> grants;
  for (const std::string& number : publication_numbers) {
    absl::StatusOr<patents::Patent> patent = patents::store::GetPatent(*conn, number);
    if (absl::IsNotFound(patent.status())) continue;
    if (!patent.ok()) return patent.status();
    if (patent->type == patents::DocumentType::kCnInventionGrant) {
      grants.push_back(*std::move(patent));
    }
  }
  IPHUB_ASSIGN_OR_RETURN(std::vector<SeiEntry> sei_entries, store::AllSei(*conn));
  const SeiConcordance sei(sei_entries);
  IPHUB_ASSIGN_OR_RETURN(std::vector<AwardEntry> award_list, store::AllAwards(*conn));
  const auto awards = ByKey(std::move(award_list));
  IPHUB_ASSIGN_OR_RETURN(std::vector<PledgeEntry> pledge_list, store::AllPledges(*conn));
  const auto pledges = ByKey(std::move(pledge_list));
  // Family members abroad: asked for family by family when few, else read once.
  std::set<std::string> family_ids;
  for (const patents::Patent& patent : grants) {
    if (!patent.family_id.empty()) family_ids.insert(patent.family_id);
  }
  Families families;
  if (family_ids.size() > kFamiliesAskedOneByOne) {
    IPHUB_ASSIGN_OR_RETURN(const int64_t up_to_id, store::MaxPatentId(*conn));
    int64_t unreadable = 0;
    IPHUB_ASSIGN_OR_RETURN(families, ForeignGrantFamilies(*conn, up_to_id, unreadable));
  } else {
    for (const std::string& family_id : family_ids) {
      IPHUB_ASSIGN_OR_RETURN(families[family_id], ForeignMembersOf(*conn, family_id));
    }
  }
  std::vector<HighValueHit> out;
  for (const patents::Patent& patent : grants) {
    HighValueFacts facts{.sei = &sei};
    const std::vector<std::string> keys = PatentNumberKeys(patent);
    facts.pledges = EntriesOf(pledges, keys);
    facts.awards = EntriesOf(awards, keys);
    if (const auto found = families.find(patent.family_id); found != families.end()) {
      facts.family = found->second;
    }
    HighValueResult result = ClassifyHighValue(patent, facts, options_, as_of);
    if (!result.high_value) continue;
    out.push_back(HighValueHit{.publication_number = patent.publication_number,
                               .title = patent.title,
                               .categories = std::move(result.categories)});
  }
  return out;
}

}  // namespace iphub::analytics
