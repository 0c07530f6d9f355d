// The landscape's numbers against a brute-force count over the patents read back
// from the database, for random queries on a generated corpus.
#include "iphub/patents/landscape.h"

#include <unistd.h>

#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iphub/base/crypto.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"
#include "iphub/patents/applicant_names.h"
#include "iphub/patents/demo_corpus.h"
#include "iphub/patents/migrations.h"
#include "iphub/patents/search.h"
#include "iphub/patents/store.h"

namespace iphub::patents {
namespace {

namespace fs = std::filesystem;

// 2026-11-28 12:00 in Shanghai.
constexpr int64_t kNow = 1795795200000LL + 4 * 3600 * 1000;
constexpr std::string_view kToday = "2026-11-28";

// One patent as the brute force sees it: its engine document's values by field.
struct Values {
  std::map<uint32_t, std::set<std::string>> keywords;
  std::map<uint32_t, std::set<int64_t>> ints;

  explicit Values(const engine::Document& document) {
    for (const engine::FieldValue& value : document.values) {
      if (PatentSchema().field(value.field).kind == engine::FieldKind::kInt) {
        ints[value.field].insert(value.number);
      } else {
        keywords[value.field].insert(value.text);
      }
    }
  }
  const std::set<std::string>& Of(uint32_t field) const {
    static const std::set<std::string> kNone;
    auto it = keywords.find(field);
    return it == keywords.end() ? kNone : it->second;
  }
  std::set<int64_t> Years(uint32_t field) const {
    std::set<int64_t> out;
    if (auto it = ints.find(field); it != ints.end()) {
      for (int64_t date : it->second) out.insert(date / 10000);
    }
    return out;
  }
};

// A query the brute force can evaluate: one predicate, or two joined.
struct Predicate {
  std::string query;
  std::function<bool(const Values&)> matches;
};

std::vector<LandscapeCount> Ordered(const std::map<std::string, uint64_t>& counts) {
  std::vector<LandscapeCount> out;
  for (const auto& [value, count] : counts) out.push_back({value, count});
  std::stable_sort(out.begin(), out.end(), [](const LandscapeCount& a, const LandscapeCount& b) {
    return a.count > b.count;
  });
  return out;
}

MATCHER_P(CountsAre, expected, "") {
  if (arg.size() != expected.size()) return false;
  for (size_t at = 0; at < arg.size(); ++at) {
    if (arg[at].value != expected[at].value || arg[at].count != expected[at].count) return false;
  }
  return true;
}

template <typename Backend>
class LandscapeTest : public db::testing::DatabaseTest<Backend> {
 protected:
  void SetUp() override {
    db::testing::DatabaseTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    ASSERT_TRUE(base::InitCrypto().ok());
    auto applied = db::Migrate(this->db(), Migrations());
    ASSERT_TRUE(applied.ok()) << applied.status();
    dir_ = fs::temp_directory_path() / ("iphub_landscape_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override {
    fs::remove_all(dir_);
    db::testing::DatabaseTest<Backend>::TearDown();
  }
  fs::path dir_;
  base::FakeClock clock_{kNow};
};
TYPED_TEST_SUITE(LandscapeTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(LandscapeTest, NumbersEqualABruteForceCountOverTheDatabase) {
  // A corpus, stored and indexed in two commits (two segments), then 150
  // patents updated with a co-applicant (deletes in the first segments).
  CorpusGenerator generator({.count = 1200, .seed = 7});
  auto index = PatentIndex::Open(this->db(), this->dir_, this->clock_, IndexAccess::kWriter);
  ASSERT_TRUE(index.ok()) << index.status();
  std::vector<Patent> patents;
  std::vector<std::string> numbers;
  for (size_t part : {700, 500}) {
    {
      auto conn = this->db().Acquire();
      ASSERT_TRUE(conn.ok());
      for (size_t at = 0; at < part; ++at) {
        patents.push_back(generator.Next());
        numbers.push_back(patents.back().publication_number);
        ASSERT_TRUE(store::UpsertPatent(**conn, patents.back(), kNow).ok());
      }
    }
    ASSERT_TRUE((*index)->CatchUp().ok());
  }
  {
    auto conn = this->db().Acquire();
    ASSERT_TRUE(conn.ok());
    for (size_t at = 0; at < patents.size(); at += 8) {
      patents[at].applicants.push_back(
          {.name = "联合 测试（北京）有限责任公司", .country = "CN", .region_code = "110108"});
      ASSERT_TRUE(store::UpsertPatent(**conn, patents[at], kNow + 1000).ok());
    }
  }
  ASSERT_TRUE((*index)->CatchUp().ok());
  ASSERT_GE((*index)->Info()->segments, 2u);

  // Read back every patent; keep its engine document's values.
  std::vector<Values> corpus;
  std::vector<std::string> applicants, subclasses;
  {
    auto conn = this->db().Acquire();
    ASSERT_TRUE(conn.ok());
    for (const std::string& number : numbers) {
      absl::StatusOr<Patent> patent = store::GetPatent(**conn, number);
      ASSERT_TRUE(patent.ok()) << patent.status();
      corpus.emplace_back(PatentDocument(*patent, kToday));
      for (const std::string& name : corpus.back().Of(kFieldApplicantName))
        applicants.push_back(name);
      for (const std::string& code : corpus.back().Of(kFieldIpcSubclass))
        subclasses.push_back(code);
    }
  }
  ASSERT_FALSE(applicants.empty());

  std::mt19937_64 random(11);
  const auto pick = [&](const std::vector<std::string>& from) {
    return from[random() % from.size()];
  };
  const auto predicate = [&]() -> Predicate {
    switch (random() % 5) {
      case 0: {
        const std::string code = pick(subclasses);
        return {"IPC=" + code,
                [code](const Values& v) { return v.Of(kFieldIpcSubclass).contains(code); }};
      }
      case 1: {
        const std::string name = pick(applicants);
        return {"PAN=\"" + name + "\"",
                [name](const Values& v) { return v.Of(kFieldApplicantName).contains(name); }};
      }
      case 2: {
        const int64_t year = 2008 + static_cast<int64_t>(random() % 15);
        return {"AD>=" + std::to_string(year), [year](const Values& v) {
                  const std::set<int64_t> years = v.Years(kFieldApplicationDate);
                  return !years.empty() && *years.begin() >= year;
                }};
      }
      case 3:
        return {"LS=valid", [](const Values& v) { return v.Of(kFieldStatus).contains("valid"); }};
      default:
        return {"CO=CN", [](const Values& v) { return v.Of(kFieldCountry).contains("CN"); }};
    }
  };

  int rounds_with_hits = 0;
  for (int round = 0; round < 24; ++round) {
    Predicate a = predicate(), b = predicate();
    Predicate query = a;
    switch (round % 3) {
      case 1:
        query = {"(" + a.query + ") OR (" + b.query + ")",
                 [a, b](const Values& v) { return a.matches(v) || b.matches(v); }};
        break;
      case 2:
        query = {"(" + a.query + ") AND NOT (" + b.query + ")",
                 [a, b](const Values& v) { return a.matches(v) && !b.matches(v); }};
        break;
      default:
        break;
    }
    SCOPED_TRACE(query.query);
    constexpr uint32_t kTop = 8;
    absl::StatusOr<Landscape> landscape =
        (*index)->BuildLandscape({.query = query.query, .top = kTop});
    ASSERT_TRUE(landscape.ok()) << landscape.status();

    // --- the brute force.
    uint64_t total = 0;
    std::map<int64_t, uint64_t> application, publication, grant;
    std::map<std::string, uint64_t> applicant_counts, inventors, sections, subclass_counts,
        provinces, cities, countries, statuses, types;
    std::map<std::string, std::map<int64_t, uint64_t>> applicant_years;
    std::map<std::pair<std::string, std::string>, uint64_t> ipc_pairs, co_pairs;
    std::map<std::string, uint64_t> co_shared;
    for (const Values& v : corpus) {
      if (!query.matches(v)) continue;
      ++total;
      const std::set<int64_t> filed = v.Years(kFieldApplicationDate);
      for (int64_t year : filed) ++application[year];
      for (int64_t year : v.Years(kFieldPublicationDate)) ++publication[year];
      for (int64_t year : v.Years(kFieldGrantDate)) ++grant[year];
      const std::set<std::string>& names = v.Of(kFieldApplicantName);
      for (const std::string& name : names) {
        ++applicant_counts[name];
        for (int64_t year : filed) ++applicant_years[name][year];
        for (const std::string& other : names) {
          if (other != name) {
            ++co_pairs[{name, other}];
            ++co_shared[name];
          }
        }
      }
      for (const std::string& name : v.Of(kFieldInventor)) ++inventors[name];
      for (const std::string& code : v.Of(kFieldIpcSection)) ++sections[code];
      for (const std::string& code : v.Of(kFieldIpcSubclass)) {
        ++subclass_counts[code];
        for (const std::string& other : v.Of(kFieldIpcSubclass)) ++ipc_pairs[{code, other}];
      }
      for (const std::string& code : v.Of(kFieldProvince)) ++provinces[code];
      for (const std::string& code : v.Of(kFieldRegion)) {
        if (code.ends_with("00") && !code.ends_with("0000")) ++cities[code];
      }
      for (const std::string& code : v.Of(kFieldCountry)) ++countries[code];
      for (const std::string& status : v.Of(kFieldStatus)) {
        if (status != "alive" && status != "dead") ++statuses[status];
      }
      for (const std::string& type : v.Of(kFieldDocType)) ++types[type];
    }

    EXPECT_EQ(landscape->total, total);
    rounds_with_hits += total > 0 ? 1 : 0;
    // Years: every year from the earliest to the latest date of any kind.
    std::set<int64_t> all_years;
    for (const auto* counts : {&application, &publication, &grant}) {
      for (const auto& [year, count] : *counts) all_years.insert(year);
    }
    std::vector<int> years;
    if (!all_years.empty()) {
      for (int64_t year = *all_years.begin(); year <= *all_years.rbegin(); ++year) {
        years.push_back(static_cast<int>(year));
      }
    }
    ASSERT_EQ(landscape->years, years);
    const auto in = [](const std::map<int64_t, uint64_t>& counts, int64_t year) -> uint64_t {
      auto it = counts.find(year);
      return it == counts.end() ? 0 : it->second;
    };
    for (size_t at = 0; at < years.size(); ++at) {
      EXPECT_EQ(landscape->filings.application[at], in(application, years[at])) << years[at];
      EXPECT_EQ(landscape->filings.publication[at], in(publication, years[at])) << years[at];
      EXPECT_EQ(landscape->filings.grant[at], in(grant, years[at])) << years[at];
    }

    // Applicants: the top ones with their trends; the life cycle and entrants of all.
    const std::vector<LandscapeCount> ranked = Ordered(applicant_counts);
    EXPECT_EQ(landscape->applicant_distinct, ranked.size());
    ASSERT_EQ(landscape->applicants.size(), std::min<size_t>(kTop, ranked.size()));
    for (size_t at = 0; at < landscape->applicants.size(); ++at) {
      const LandscapeApplicant& got = landscape->applicants[at];
      EXPECT_EQ(got.name, ranked[at].value);
      EXPECT_EQ(got.count, ranked[at].count);
      const auto& by_year = applicant_years[got.name];
      EXPECT_EQ(got.first_year, by_year.empty() ? 0 : by_year.begin()->first) << got.name;
      for (size_t y = 0; y < years.size(); ++y) {
        auto it = by_year.find(years[y]);
        EXPECT_EQ(got.by_year[y], it == by_year.end() ? 0 : it->second) << got.name << years[y];
      }
    }
    std::map<int64_t, uint64_t> active, entrants;
    for (const auto& [name, by_year] : applicant_years) {
      for (const auto& [year, count] : by_year) ++active[year];
      if (!by_year.empty()) ++entrants[by_year.begin()->first];
    }
    ASSERT_EQ(landscape->life_cycle.size(), application.size());
    size_t at = 0;
    for (const auto& [year, filings] : application) {
      const LandscapeYear& got = landscape->life_cycle[at++];
      EXPECT_EQ(got.year, year);
      EXPECT_EQ(got.filings, filings);
      EXPECT_EQ(got.applicants, active[year]) << year;
      EXPECT_EQ(got.new_entrants, entrants[year]) << year;
    }

    // Rankings and full lists.
    const auto top = [](std::vector<LandscapeCount> counts, size_t limit) {
      if (counts.size() > limit) counts.resize(limit);
      return counts;
    };
    EXPECT_EQ(landscape->inventors.distinct, inventors.size());
    EXPECT_THAT(landscape->inventors.top, CountsAre(top(Ordered(inventors), kTop)));
    EXPECT_THAT(landscape->ipc_section.top, CountsAre(top(Ordered(sections), kTop)));
    EXPECT_EQ(landscape->ipc_subclass.distinct, subclass_counts.size());
    EXPECT_THAT(landscape->ipc_subclass.top, CountsAre(top(Ordered(subclass_counts), kTop)));
    EXPECT_THAT(landscape->provinces, CountsAre(Ordered(provinces)));
    EXPECT_THAT(landscape->cities, CountsAre(Ordered(cities)));
    EXPECT_THAT(landscape->countries, CountsAre(Ordered(countries)));
    EXPECT_THAT(landscape->legal_status, CountsAre(Ordered(statuses)));
    EXPECT_THAT(landscape->types, CountsAre(Ordered(types)));

    // The co-occurrence matrix of the top subclasses.
    ASSERT_EQ(landscape->matrix.size(), landscape->matrix_codes.size());
    for (size_t row = 0; row < landscape->matrix_codes.size(); ++row) {
      for (size_t column = 0; column < landscape->matrix_codes.size(); ++column) {
        const auto pair =
            std::make_pair(landscape->matrix_codes[row], landscape->matrix_codes[column]);
        EXPECT_EQ(landscape->matrix[row][column], ipc_pairs[pair]);
      }
    }
    // Collaboration: the most frequent applicants that share a hit, and their pairs.
    std::vector<std::string> nodes;
    for (const LandscapeCount& applicant : ranked) {
      if (nodes.size() < kTop && co_shared[applicant.value] > 0) nodes.push_back(applicant.value);
    }
    ASSERT_EQ(landscape->collaboration_nodes.size(), nodes.size());
    for (size_t n = 0; n < nodes.size(); ++n) {
      EXPECT_EQ(landscape->collaboration_nodes[n].value, nodes[n]);
    }
    uint64_t links = 0;
    for (const LandscapeLink& link : landscape->collaboration_links) {
      const auto pair = std::make_pair(link.source, link.target);
      EXPECT_EQ(link.count, co_pairs[pair]) << link.source << link.target;
      ++links;
    }
    uint64_t expected_links = 0;
    for (size_t x = 0; x < nodes.size(); ++x) {
      for (size_t y = x + 1; y < nodes.size(); ++y)
        expected_links += co_pairs.contains(std::make_pair(nodes[x], nodes[y]));
    }
    EXPECT_EQ(links, expected_links);
  }
  EXPECT_GE(rounds_with_hits, 16);
}

TYPED_TEST(LandscapeTest, RejectsBadQueriesAndTops) {
  auto index = PatentIndex::Open(this->db(), this->dir_, this->clock_, IndexAccess::kWriter);
  ASSERT_TRUE(index.ok()) << index.status();
  absl::StatusOr<Landscape> bad = (*index)->BuildLandscape({.query = "TI=(电池", .top = 10});
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ((*index)->BuildLandscape({.query = "电池", .top = 0}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      (*index)->BuildLandscape({.query = "电池", .top = kMaxLandscapeTop + 1}).status().code(),
      absl::StatusCode::kInvalidArgument);
  absl::StatusOr<Landscape> empty = (*index)->BuildLandscape({.query = "电池", .top = 10});
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(empty->total, 0u);
  EXPECT_TRUE(empty->years.empty());
  EXPECT_TRUE(empty->applicants.empty());
}

}  // namespace
}  // namespace iphub::patents
