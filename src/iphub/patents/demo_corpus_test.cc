#include "iphub/patents/demo_corpus.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "iphub/base/crypto.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"
#include "iphub/patents/importers/jsonl.h"
#include "iphub/patents/migrations.h"
#include "iphub/patents/numbers.h"
#include "iphub/patents/store.h"

namespace iphub::patents {
namespace {

std::vector<Patent> Generate(const CorpusOptions& options) {
  std::vector<Patent> out;
  CorpusGenerator generator(options);
  while (generator.HasNext()) out.push_back(generator.Next());
  return out;
}

// One corpus shared by the statistical tests.
const std::vector<Patent>& SharedCorpus() {
  static const std::vector<Patent> corpus = Generate({.count = 20000, .seed = 42});
  return corpus;
}

bool IsCivilDate(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t pos : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[pos] < '0' || text[pos] > '9') return false;
  }
  const std::chrono::year_month_day date{
      std::chrono::year{std::stoi(text.substr(0, 4))},
      std::chrono::month{static_cast<unsigned>(std::stoi(text.substr(5, 2)))},
      std::chrono::day{static_cast<unsigned>(std::stoi(text.substr(8, 2)))}};
  return date.ok();
}

TEST(CorpusGenerator, SameSeedGivesIdenticalDocuments) {
  std::vector<Patent> first = Generate({.count = 400, .seed = 7});
  std::vector<Patent> second = Generate({.count = 400, .seed = 7});
  ASSERT_EQ(first.size(), 400u);
  ASSERT_EQ(second.size(), 400u);
  for (size_t index = 0; index < first.size(); ++index) {
    ASSERT_EQ(importers::PatentToJson(first[index]).dump(),
              importers::PatentToJson(second[index]).dump())
        << "document " << index;
  }
}

TEST(CorpusGenerator, DifferentSeedGivesDifferentDocuments) {
  std::vector<Patent> first = Generate({.count = 100, .seed = 7});
  std::vector<Patent> other = Generate({.count = 100, .seed = 8});
  int same = 0;
  for (size_t index = 0; index < first.size(); ++index) {
    if (importers::PatentToJson(first[index]) == importers::PatentToJson(other[index])) ++same;
  }
  EXPECT_EQ(same, 0);
}

TEST(CorpusGenerator, SmallerCorpusIsAPrefixOfALargerOne) {
  std::vector<Patent> small = Generate({.count = 150, .seed = 3});
  std::vector<Patent> large = Generate({.count = 300, .seed = 3});
  for (size_t index = 0; index < small.size(); ++index) {
    ASSERT_EQ(importers::PatentToJson(small[index]), importers::PatentToJson(large[index]))
        << "document " << index;
  }
}

TEST(CorpusGenerator, InvalidOptionsAreRejected) {
  EXPECT_EQ(ValidateCorpusOptions({.count = -1}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateCorpusOptions({.count = kMaxCorpusDocuments + 1}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateCorpusOptions({.count = 1, .first_year = 2020, .last_year = 2010}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateCorpusOptions({.count = 1, .first_year = 2004}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateCorpusOptions({.count = 1, .last_year = 2027}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ValidateCorpusOptions({.count = 1, .as_of = "2026-02-30"}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(ValidateCorpusOptions({.count = 10}).ok());
}

TEST(CorpusGenerator, CnApplicationNumbersCarryTheirCheckCharacter) {
  int checked = 0;
  for (const Patent& patent : SharedCorpus()) {
    if (patent.country != "CN") continue;
    ++checked;
    auto normalised = NormalizeCnApplicationNumber(patent.application_number);
    ASSERT_TRUE(normalised.ok()) << patent.application_number << ": " << normalised.status();
    EXPECT_EQ(*normalised, patent.application_number);
    // Year and type digit agree with the filing date and the document type.
    EXPECT_EQ(patent.application_number.substr(0, 4), patent.application_date.substr(0, 4));
    const char type = patent.application_number[4];
    switch (patent.type) {
      case DocumentType::kCnInventionApplication:
      case DocumentType::kCnInventionGrant:
        EXPECT_EQ(type, '1') << patent.publication_number;
        break;
      case DocumentType::kCnUtilityModel:
        EXPECT_EQ(type, '2') << patent.publication_number;
        break;
      default:
        EXPECT_EQ(type, '3') << patent.publication_number;
        break;
    }
  }
  EXPECT_GT(checked, 10000);
}

TEST(CorpusGenerator, PublicationNumbersAreUniqueAndWellFormed) {
  std::set<std::string> numbers;
  std::map<std::string, std::vector<const Patent*>> by_application;
  for (const Patent& patent : SharedCorpus()) {
    EXPECT_TRUE(numbers.insert(patent.publication_number).second)
        << "duplicate " << patent.publication_number;
    EXPECT_EQ(patent.publication_number, patent.country + patent.doc_number + patent.kind);
    by_application[patent.country + patent.application_number].push_back(&patent);
    if (patent.country == "CN") {
      ASSERT_EQ(patent.doc_number.size(), 9u) << patent.publication_number;
      const char first = patent.doc_number[0];
      const char expected = patent.kind == "U" ? '2' : (patent.kind == "S" ? '3' : '1');
      EXPECT_EQ(first, expected) << patent.publication_number;
    } else {
      EXPECT_EQ(patent.country, "US");
      EXPECT_EQ(patent.application_number.size(), 8u) << patent.application_number;
      if (patent.kind == "A1") {
        EXPECT_EQ(patent.doc_number.size(), 11u);
        EXPECT_EQ(patent.doc_number.substr(0, 4), patent.publication_date.substr(0, 4));
      }
    }
  }
  // An application has one publication, or (CN inventions) an A and the B with its number.
  for (const auto& [application, documents] : by_application) {
    ASSERT_LE(documents.size(), 2u) << application;
    if (documents.size() == 2) {
      EXPECT_EQ(documents[0]->kind, "A");
      EXPECT_EQ(documents[1]->kind, "B");
      EXPECT_EQ(documents[0]->doc_number, documents[1]->doc_number);
      EXPECT_EQ(documents[0]->title, documents[1]->title);
    }
  }
}

TEST(CorpusGenerator, DatesAreValidOrderedAndNotAfterAsOf) {
  const std::string as_of = "2026-11-01";
  for (const Patent& patent : SharedCorpus()) {
    SCOPED_TRACE(patent.publication_number);
    ASSERT_TRUE(IsCivilDate(patent.application_date)) << patent.application_date;
    ASSERT_TRUE(IsCivilDate(patent.publication_date)) << patent.publication_date;
    EXPECT_LT(patent.application_date, patent.publication_date);
    EXPECT_LE(patent.publication_date, as_of);
    if (!patent.grant_date.empty()) {
      ASSERT_TRUE(IsCivilDate(patent.grant_date));
      EXPECT_LE(patent.application_date, patent.grant_date);
      EXPECT_LE(patent.grant_date, as_of);
    }
    if (patent.type == DocumentType::kCnInventionGrant) {
      EXPECT_EQ(patent.grant_date, patent.publication_date);
    }
    std::string previous;
    for (const LegalEvent& event : patent.legal_events) {
      ASSERT_TRUE(IsCivilDate(event.date)) << event.code << " " << event.date;
      EXPECT_GE(event.date, patent.application_date) << event.code;
      EXPECT_LE(event.date, as_of) << event.code;
      EXPECT_GE(event.date, previous) << event.code;
      previous = event.date;
    }
    for (const Citation& citation : patent.citations) {
      if (citation.kind != Citation::Kind::kPatent) continue;
      EXPECT_LT(citation.date, patent.application_date) << citation.number;
    }
  }
}

TEST(CorpusGenerator, ClaimsAreNumberedAndDependOnlyOnEarlierClaims) {
  for (const Patent& patent : SharedCorpus()) {
    SCOPED_TRACE(patent.publication_number);
    if (patent.type == DocumentType::kCnDesign) {
      EXPECT_EQ(patent.claims.size(), 1u);
      EXPECT_FALSE(patent.locarno.empty());
      continue;
    }
    EXPECT_GE(patent.claims.size(), 3u);
    EXPECT_LE(patent.claims.size(), 12u);
    ASSERT_FALSE(patent.claims.empty());
    EXPECT_TRUE(patent.claims[0].depends_on.empty());
    for (size_t index = 0; index < patent.claims.size(); ++index) {
      const Claim& claim = patent.claims[index];
      EXPECT_EQ(claim.number, static_cast<int>(index) + 1);
      for (int parent : claim.depends_on) {
        EXPECT_GE(parent, 1);
        EXPECT_LT(parent, claim.number);
      }
      if (!claim.depends_on.empty() && patent.language == "zh") {
        EXPECT_NE(claim.text.find(std::to_string(claim.depends_on.front())), std::string::npos)
            << claim.text;
      }
    }
  }
}

TEST(CorpusGenerator, ClassificationIsNormalisedAndFromOneField) {
  for (const Patent& patent : SharedCorpus()) {
    if (patent.type == DocumentType::kCnDesign) {
      EXPECT_TRUE(patent.ipc.empty());
      continue;
    }
    ASSERT_FALSE(patent.ipc.empty()) << patent.publication_number;
    EXPECT_EQ(patent.ipc_main, patent.ipc[0].symbol);
    EXPECT_LE(patent.ipc.size(), 4u);
    for (const Classification& symbol : patent.ipc) {
      EXPECT_EQ(NormalizeClassificationSymbol(symbol.symbol), symbol.symbol);
      EXPECT_FALSE(symbol.version.empty());
    }
    EXPECT_EQ(patent.cpc.empty(), patent.country == "CN") << patent.publication_number;
  }
}

TEST(CorpusGenerator, MixOfCountriesTypesAndLanguages) {
  std::map<DocumentType, int> types;
  int cn = 0;
  for (const Patent& patent : SharedCorpus()) {
    ++types[patent.type];
    if (patent.country == "CN") {
      ++cn;
      EXPECT_EQ(patent.language, "zh");
    } else {
      EXPECT_EQ(patent.language, "en");
      // English text only.
      EXPECT_TRUE(std::all_of(patent.title.begin(), patent.title.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x80;
      })) << patent.title;
    }
  }
  const double cn_share = static_cast<double>(cn) / static_cast<double>(SharedCorpus().size());
  EXPECT_GT(cn_share, 0.75);
  EXPECT_LT(cn_share, 0.88);
  for (DocumentType type : {DocumentType::kCnInventionApplication, DocumentType::kCnInventionGrant,
                            DocumentType::kCnUtilityModel, DocumentType::kCnDesign,
                            DocumentType::kUsUtilityGrant, DocumentType::kUsUtilityApplication}) {
    EXPECT_GT(types[type], 500) << DocumentTypeName(type);
  }
}

TEST(CorpusGenerator, ApplicantsAreZipfDistributedWithRealRegions) {
  std::map<std::string, int> counts;
  std::map<PartyType, int> types;
  int shandong = 0;
  int cn_applicants = 0;
  for (const Patent& patent : SharedCorpus()) {
    ASSERT_FALSE(patent.applicants.empty());
    ++counts[patent.applicants[0].name];
    for (const Party& applicant : patent.applicants) {
      ++types[applicant.type];
      if (applicant.country != "CN") continue;
      ++cn_applicants;
      ASSERT_EQ(applicant.region_code.size(), 6u) << applicant.name;
      if (applicant.region_code.starts_with("37")) ++shandong;
    }
    EXPECT_GE(patent.inventors.size(), 1u);
    EXPECT_LE(patent.inventors.size(), 6u);
  }
  std::vector<int> frequencies;
  for (const auto& [name, count] : counts) frequencies.push_back(count);
  std::sort(frequencies.rbegin(), frequencies.rend());
  ASSERT_GT(frequencies.size(), 1000u);
  const int top = frequencies.front();
  const int median = frequencies[frequencies.size() / 2];
  EXPECT_GE(top, 20 * median) << "top " << top << " median " << median;
  EXPECT_GT(types[PartyType::kEnterprise], types[PartyType::kUniversity]);
  EXPECT_GT(types[PartyType::kUniversity], 0);
  EXPECT_GT(types[PartyType::kResearchInstitute], 0);
  EXPECT_GT(types[PartyType::kIndividual], 0);
  // Shandong is weighted up (about a third).
  EXPECT_GT(shandong * 4, cn_applicants);
}

TEST(CorpusGenerator, PublicationsGrowYearOnYear) {
  std::map<int, int> by_year;
  for (const Patent& patent : SharedCorpus()) {
    if (patent.type == DocumentType::kCnInventionGrant) continue;  // second publications
    ++by_year[std::stoi(patent.publication_date.substr(0, 4))];
  }
  auto sum = [&](int from, int to) {
    int total = 0;
    for (int year = from; year <= to; ++year) total += by_year[year];
    return total;
  };
  EXPECT_GT(sum(2021, 2025), 3 * sum(2005, 2009));
  EXPECT_GT(by_year[2025], by_year[2015]);
  EXPECT_GT(by_year[2015], by_year[2005]);
  EXPECT_EQ(by_year.begin()->first, 2005);
  EXPECT_EQ(by_year.rbegin()->first, 2025);
}

TEST(CorpusGenerator, LegalEventsUseCnipaCodes) {
  const std::set<std::string> known = {"PB01", "SE01", "GR01", "CF01", "CX01", "TR01", "EE01",
                                       "EC01", "PE01", "PC01", "AV01", "RJ01", "WD01"};
  std::map<std::string, int> codes;
  for (const Patent& patent : SharedCorpus()) {
    if (patent.country == "US") {
      EXPECT_TRUE(patent.legal_events.empty());
      continue;
    }
    for (const LegalEvent& event : patent.legal_events) {
      EXPECT_TRUE(known.contains(event.code)) << event.code;
      ++codes[event.code];
    }
    const bool granted = std::any_of(patent.legal_events.begin(), patent.legal_events.end(),
                                     [](const LegalEvent& e) { return e.code == "GR01"; });
    if (patent.type != DocumentType::kCnInventionApplication) {
      EXPECT_TRUE(granted) << patent.publication_number;
    }
  }
  for (const std::string& code : known) EXPECT_GT(codes[code], 0) << code;
}

TEST(CorpusGenerator, CitationsNameEarlierDocumentsOfTheCorpus) {
  std::set<std::string> seen;
  int citations = 0;
  for (const Patent& patent : SharedCorpus()) {
    for (const Citation& citation : patent.citations) {
      if (citation.kind != Citation::Kind::kPatent) {
        EXPECT_FALSE(citation.text.empty());
        continue;
      }
      ++citations;
      EXPECT_TRUE(seen.contains(citation.country + citation.number + citation.kind_code))
          << patent.publication_number << " cites " << citation.country << citation.number
          << citation.kind_code;
    }
    seen.insert(patent.publication_number);
    EXPECT_LE(patent.citations.size(), 9u);
  }
  EXPECT_GT(citations, 10000);
}

template <typename Backend>
class CorpusLoadTest : public db::testing::DatabaseTest<Backend> {
 protected:
  void SetUp() override {
    db::testing::DatabaseTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    ASSERT_TRUE(base::InitCrypto().ok());
    auto applied = db::Migrate(this->db(), Migrations());
    ASSERT_TRUE(applied.ok()) << applied.status();
  }
};
TYPED_TEST_SUITE(CorpusLoadTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(CorpusLoadTest, LoadsOnceAndReloadingChangesNothing) {
  const CorpusOptions options{.count = 500, .seed = 11};
  std::vector<int64_t> progress;
  auto first = LoadCorpus(this->db(), options, [&](int64_t done) { progress.push_back(done); });
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->documents, 500);
  EXPECT_EQ(first->inserted, 500);
  EXPECT_EQ(first->unchanged, 0);
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back(), 500);

  auto again = LoadCorpus(this->db(), options, nullptr);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->inserted, 0);
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(again->unchanged, 500);

  auto conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  EXPECT_EQ(store::CountPatents(*conn).value(), 500);
  // What is stored reads back as what was generated.
  std::vector<Patent> generated = Generate(options);
  for (size_t index : {size_t{0}, size_t{137}, size_t{499}}) {
    auto stored = store::GetPatent(*conn, generated[index].publication_number);
    ASSERT_TRUE(stored.ok()) << stored.status();
    EXPECT_EQ(importers::PatentToJson(*stored), importers::PatentToJson(generated[index]));
  }
}

TYPED_TEST(CorpusLoadTest, InvalidOptionsWriteNothing) {
  auto result = LoadCorpus(this->db(), {.count = -5}, nullptr);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  auto conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  EXPECT_EQ(store::CountPatents(*conn).value(), 0);
}

}  // namespace
}  // namespace iphub::patents
