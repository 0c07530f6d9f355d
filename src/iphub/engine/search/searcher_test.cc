#include "iphub/engine/search/searcher.h"

#include <unistd.h>

#include <filesystem>
#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iphub/engine/query/parser.h"

namespace iphub::engine::search {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

enum Field : uint32_t { kTitle, kAbstract, kIpc, kFiled, kCountry };

Schema TestSchema() {
  return Schema({{.name = "title", .kind = FieldKind::kText, .weight = 2},
                 {.name = "abstract", .kind = FieldKind::kText},
                 {.name = "ipc", .kind = FieldKind::kKeyword, .column = true},
                 {.name = "filed", .kind = FieldKind::kInt},
                 {.name = "country", .kind = FieldKind::kKeyword, .column = true}});
}

Bindings TestBindings() {
  Bindings bindings;
  bindings["TI"] = {.kind = BindingKind::kText, .fields = {kTitle}};
  bindings["AB"] = {.kind = BindingKind::kText, .fields = {kAbstract}};
  bindings[""] = {.kind = BindingKind::kText, .fields = {kTitle, kAbstract}};
  bindings["AD"] = {.kind = BindingKind::kDate, .fields = {kFiled}};
  bindings["CO"] = {.kind = BindingKind::kKeyword, .fields = {kCountry}};
  bindings["IPC"] = {
      .kind = BindingKind::kKeyword,
      .fields = {kIpc},
      .normalize = [](std::string_view value, bool truncated) -> absl::StatusOr<KeywordValue> {
        std::string code;
        for (char c : value) {
          if (c != ' ') code += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        if (code.empty()) return absl::InvalidArgumentError("empty IPC code");
        // Without a group ("G06F") a code means everything under it.
        return KeywordValue{code, truncated || code.find('/') == std::string::npos};
      }};
  return bindings;
}

struct Row {
  std::string key, title, abstract;
  std::vector<std::string> ipcs;
  int64_t filed;
  std::string country;
};

class SearcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("iphub-searcher-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    auto index = index::Index::Open(dir_, TestSchema(), {.background_merge = false});
    ASSERT_TRUE(index.ok()) << index.status();
    index_ = std::move(*index);
    const std::vector<Row> rows = {
        {"CN1",
         "一种无人机电池管理系统",
         "无人机的电池组与充电装置",
         {"B64C39/02", "H01M10/44"},
         20180315,
         "CN"},
        {"CN2", "无人驾驶飞机", "一种无人驾驶的飞机，机身轻", {"B64C39/02"}, 20190101, "CN"},
        {"CN3",
         "锂离子电池正极材料",
         "电池 电池 电池 正极材料及其制备方法",
         {"H01M4/525"},
         20201130,
         "CN"},
        {"US1",
         "Battery pack for unmanned aerial vehicle",
         "A lithium-ion battery pack.",
         {"H01M10/42", "B64D27/24"},
         20170704,
         "US"},
        {"US2",
         "Running shoes",
         "Shoes for runners with a cushioned sole.",
         {"A43B13/18"},
         20210102,
         "US"},
        {"US3",
         "Batteries and chargers",
         "A charger charges batteries quickly.",
         {"H02J7/00"},
         20181231,
         "US"},
    };
    for (const Row& row : rows) {
      Document document;
      document.key = row.key;
      document.AddText(kTitle, row.title);
      document.AddText(kAbstract, row.abstract);
      for (const std::string& ipc : row.ipcs) document.AddKeyword(kIpc, ipc);
      document.AddInt(kFiled, row.filed);
      document.AddKeyword(kCountry, row.country);
      // Two commits, so queries run over two segments.
      ASSERT_TRUE(index_->Add(document).ok());
      if (row.key == "CN3") ASSERT_TRUE(index_->Commit().ok());
    }
    ASSERT_TRUE(index_->Commit().ok());
    ASSERT_EQ(index_->snapshot()->segments().size(), 2u);
  }
  void TearDown() override {
    index_.reset();
    fs::remove_all(dir_);
  }

  std::vector<std::string> Keys(std::string_view query) {
    Searcher searcher(index_->snapshot(), index_->schema(), bindings_);
    auto result = searcher.Search({.query = std::string(query), .limit = 100});
    EXPECT_TRUE(result.ok()) << query << ": " << result.status();
    std::vector<std::string> keys;
    if (!result.ok()) return keys;
    for (const Hit& hit : result->hits) keys.push_back(hit.key);
    EXPECT_EQ(result->total, keys.size()) << query;
    return keys;
  }

  absl::Status Error(std::string_view query) {
    Searcher searcher(index_->snapshot(), index_->schema(), bindings_);
    Request request;
    request.query = std::string(query);
    return searcher.Search(request).status();
  }

  fs::path dir_;
  std::unique_ptr<index::Index> index_;
  Bindings bindings_ = TestBindings();
};

TEST_F(SearcherTest, ChineseWordsMatchExactlyAsPhrasesOfBigrams) {
  EXPECT_THAT(Keys("TI=无人机"), ElementsAre("CN1"));  // not 无人驾驶飞机
  EXPECT_THAT(Keys("TI=(无人机)"), ElementsAre("CN1"));
  EXPECT_THAT(Keys("TI=无人"), UnorderedElementsAre("CN1", "CN2"));
  EXPECT_THAT(Keys("TI=电池管理"), ElementsAre("CN1"));
  EXPECT_THAT(Keys("TI=电池正极"), ElementsAre("CN3"));
  EXPECT_THAT(Keys("TI=正极电池"), ElementsAre());  // not in this order anywhere
  EXPECT_THAT(Keys("AB=机身"), ElementsAre("CN2"));
}

TEST_F(SearcherTest, OneChineseCharacterFindsEveryOccurrence) {
  EXPECT_THAT(Keys("TI=机"), UnorderedElementsAre("CN1", "CN2"));  // 无人机… and …飞机 (run end)
  EXPECT_THAT(Keys("TI=料"), ElementsAre("CN3"));                  // only at the end of a run
}

TEST_F(SearcherTest, EnglishIsStemmedUnlessQuoted) {
  EXPECT_THAT(Keys("TI=battery"), UnorderedElementsAre("US1", "US3"));
  EXPECT_THAT(Keys("TI=\"batteries\""), ElementsAre("US3"));
  EXPECT_THAT(Keys("TI=run"), ElementsAre("US2"));
  EXPECT_THAT(Keys("AB=\"runners\""), ElementsAre("US2"));
  EXPECT_THAT(Keys("TI=\"aerial vehicle\""), ElementsAre("US1"));
  EXPECT_THAT(Keys("TI=\"vehicle aerial\""), ElementsAre());
  EXPECT_THAT(Keys("AB=lithium-ion"), ElementsAre("US1"));
}

TEST_F(SearcherTest, TruncationMatchesUnstemmedPrefixes) {
  EXPECT_THAT(Keys("TI=batter*"), UnorderedElementsAre("US1", "US3"));
  EXPECT_THAT(Keys("AB=charg*"), ElementsAre("US3"));
  EXPECT_THAT(Keys("TI=电池*"), UnorderedElementsAre("CN1", "CN3"));
}

TEST_F(SearcherTest, BooleanOperatorsCombineExactly) {
  EXPECT_THAT(Keys("TI=电池 AND CO=CN"), UnorderedElementsAre("CN1", "CN3"));
  EXPECT_THAT(Keys("TI=电池 OR TI=battery"), UnorderedElementsAre("CN1", "CN3", "US1", "US3"));
  EXPECT_THAT(Keys("TI=电池 NOT TI=无人机"), ElementsAre("CN3"));
  EXPECT_THAT(Keys("NOT CO=CN"), UnorderedElementsAre("US1", "US2", "US3"));
  EXPECT_THAT(Keys("(TI=电池 OR TI=battery) AND NOT (CO=US AND AD>=2018)"),
              UnorderedElementsAre("CN1", "CN3", "US1"));
}

TEST_F(SearcherTest, BareTermsSearchTheDefaultFields) {
  EXPECT_THAT(Keys("充电"), ElementsAre("CN1"));  // abstract only
  EXPECT_THAT(Keys("battery"), UnorderedElementsAre("US1", "US3"));
}

TEST_F(SearcherTest, ProximityCountsTokensBetween) {
  // "一种无人机电池管理系统": 无人机 and 管理 have 电池 (2 characters) between them.
  EXPECT_THAT(Keys("TI=(无人机 2W 管理)"), ElementsAre("CN1"));
  EXPECT_THAT(Keys("TI=(无人机 1W 管理)"), ElementsAre());
  EXPECT_THAT(Keys("TI=(管理 2W 无人机)"), ElementsAre());  // ordered
  EXPECT_THAT(Keys("TI=(管理 2D 无人机)"), ElementsAre("CN1"));
  EXPECT_THAT(Keys("TI=(battery W pack)"), ElementsAre("US1"));
  EXPECT_THAT(Keys("TI=(battery 3W vehicle)"), ElementsAre());
  EXPECT_THAT(Keys("TI=(battery 4W vehicle)"), ElementsAre("US1"));
}

TEST_F(SearcherTest, KeywordsMatchExactlyOrByPrefix) {
  EXPECT_THAT(Keys("IPC=B64C39/02"), UnorderedElementsAre("CN1", "CN2"));
  EXPECT_THAT(Keys("IPC=H01M"), UnorderedElementsAre("CN1", "CN3", "US1"));
  EXPECT_THAT(Keys("IPC=H01M10/*"), UnorderedElementsAre("CN1", "US1"));
  EXPECT_THAT(Keys("IPC=\"h01m 10/44\""), ElementsAre("CN1"));
  EXPECT_THAT(Keys("CO=JP"), ElementsAre());
}

TEST_F(SearcherTest, NumberLikeValuesOnTextAndKeywordFieldsAreTerms) {
  // The parser reads `=2018` as a one-value range; on a field without order it
  // is the word or code itself.
  EXPECT_THAT(Keys("CO=2018"), ElementsAre());
  EXPECT_THAT(Keys("TI=2018 OR TI=battery"), UnorderedElementsAre("US1", "US3"));
}

TEST_F(SearcherTest, DateComparisonsAndRanges) {
  EXPECT_THAT(Keys("AD=2018"), UnorderedElementsAre("CN1", "US3"));
  EXPECT_THAT(Keys("AD>2018"), UnorderedElementsAre("CN2", "CN3", "US2"));
  EXPECT_THAT(Keys("AD<2018"), ElementsAre("US1"));
  EXPECT_THAT(Keys("AD>=2018-12-31"), UnorderedElementsAre("US3", "CN2", "CN3", "US2"));
  EXPECT_THAT(Keys("AD=[2018-01-01 TO 2019-01-01]"), UnorderedElementsAre("CN1", "US3", "CN2"));
  EXPECT_THAT(Keys("AD=[2018-01-01 TO 2019-01-01}"), UnorderedElementsAre("CN1", "US3"));
  EXPECT_THAT(Keys("AD=2018-03"), ElementsAre("CN1"));
  // Values inside a field group.
  EXPECT_THAT(Keys("AD=(2018 OR 2021)"), UnorderedElementsAre("CN1", "US3", "US2"));
  EXPECT_THAT(Keys("AD=(2018)"), UnorderedElementsAre("CN1", "US3"));
}

TEST_F(SearcherTest, ErrorsNameThePosition) {
  absl::Status unknown = Error("TI=电池 AND XX=foo");
  EXPECT_EQ(unknown.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(unknown.message(), HasSubstr("XX"));
  EXPECT_EQ(query::ErrorPosition(unknown), 10u);
  absl::Status date = Error("AD>=2018-13-01");
  EXPECT_EQ(date.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(date.message(), HasSubstr("not a date"));
  EXPECT_EQ(Error("AD=soon").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Error("TI=(电池").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Error("TI=，").code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(SearcherTest, RelevanceRanksMoreOccurrencesAndTitlesFirst) {
  Searcher searcher(index_->snapshot(), index_->schema(), bindings_);
  auto result = searcher.Search({.query = "电池"});
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->total, 2u);
  // CN3 has 电池 in its title and three more times in its abstract.
  EXPECT_EQ(result->hits[0].key, "CN3");
  EXPECT_GT(result->hits[0].score, result->hits[1].score);
  EXPECT_GT(result->hits[1].score, 0);
}

TEST_F(SearcherTest, SortsByAColumnAndPages) {
  Searcher searcher(index_->snapshot(), index_->schema(), bindings_);
  auto ascending = searcher.Search(
      {.query = "NOT CO=XX", .order = Order::kAscending, .sort_field = kFiled, .limit = 3});
  ASSERT_TRUE(ascending.ok()) << ascending.status();
  EXPECT_EQ(ascending->total, 6u);
  ASSERT_EQ(ascending->hits.size(), 3u);
  EXPECT_EQ(ascending->hits[0].key, "US1");
  EXPECT_EQ(ascending->hits[1].key, "CN1");
  EXPECT_EQ(ascending->hits[2].key, "US3");
  auto page2 = searcher.Search({.query = "NOT CO=XX",
                                .order = Order::kDescending,
                                .sort_field = kFiled,
                                .offset = 2,
                                .limit = 2});
  ASSERT_TRUE(page2.ok());
  ASSERT_EQ(page2->hits.size(), 2u);
  EXPECT_EQ(page2->hits[0].key, "CN2");
  EXPECT_EQ(page2->hits[1].key, "US3");
}

// Values kept outside the index (a valuation score by key): ordered by them, documents
// without one last; with a minimum, only the hits at or above it are counted, faceted and
// ranked.
TEST_F(SearcherTest, OrdersAndFiltersByAnExternalValue) {
  Searcher searcher(index_->snapshot(), index_->schema(), bindings_);
  const std::map<std::string, int64_t, std::less<>> values = {
      {"CN1", 40}, {"CN2", 90}, {"US1", 70}, {"US3", 55}};  // CN3, US2: none
  const auto value_of = [&](std::string_view key) -> std::optional<int64_t> {
    const auto found = values.find(key);
    if (found == values.end()) return std::nullopt;
    return found->second;
  };
  auto best = searcher.Search({.query = "NOT CO=XX",
                               .order = Order::kDescending,
                               .limit = 6,
                               .external_value = value_of,
                               .sort_by_external = true});
  ASSERT_TRUE(best.ok()) << best.status();
  EXPECT_EQ(best->total, 6u);
  std::vector<std::string> keys;
  for (const Hit& hit : best->hits) keys.push_back(hit.key);
  ASSERT_EQ(keys.size(), 6u);
  EXPECT_THAT(std::vector<std::string>(keys.begin(), keys.begin() + 4),
              ElementsAre("CN2", "US1", "US3", "CN1"));
  EXPECT_THAT(std::vector<std::string>(keys.begin() + 4, keys.end()),
              UnorderedElementsAre("CN3", "US2"));
  auto worst = searcher.Search({.query = "NOT CO=XX",
                                .order = Order::kAscending,
                                .limit = 2,
                                .external_value = value_of,
                                .sort_by_external = true});
  ASSERT_TRUE(worst.ok());
  ASSERT_EQ(worst->hits.size(), 2u);
  EXPECT_EQ(worst->hits[0].key, "CN1");
  EXPECT_EQ(worst->hits[1].key, "US3");

  auto at_least = searcher.Search({.query = "NOT CO=XX",
                                   .order = Order::kDescending,
                                   .limit = 10,
                                   .facets = {kCountry},
                                   .external_value = value_of,
                                   .sort_by_external = true,
                                   .min_external = 55});
  ASSERT_TRUE(at_least.ok()) << at_least.status();
  EXPECT_EQ(at_least->total, 3u);
  keys.clear();
  for (const Hit& hit : at_least->hits) keys.push_back(hit.key);
  EXPECT_THAT(keys, ElementsAre("CN2", "US1", "US3"));
  ASSERT_EQ(at_least->facets.size(), 1u);
  ASSERT_EQ(at_least->facets[0].values.size(), 2u);
  EXPECT_EQ(at_least->facets[0].values[0].value, "US");
  EXPECT_EQ(at_least->facets[0].values[0].count, 2u);
  EXPECT_EQ(at_least->facets[0].values[1].count, 1u);
  // A minimum with a column order filters and keeps that order (filed: US1 2017, US3 2018-12,
  // CN2 2019).
  auto by_date = searcher.Search({.query = "NOT CO=XX",
                                  .order = Order::kAscending,
                                  .sort_field = kFiled,
                                  .limit = 10,
                                  .external_value = value_of,
                                  .min_external = 55});
  ASSERT_TRUE(by_date.ok());
  keys.clear();
  for (const Hit& hit : by_date->hits) keys.push_back(hit.key);
  EXPECT_THAT(keys, ElementsAre("US1", "US3", "CN2"));
  // A minimum with relevance order filters too, and keeps the relevance order.
  auto relevant = searcher.Search({.query = "电池", .external_value = value_of, .min_external = 1});
  ASSERT_TRUE(relevant.ok());
  EXPECT_EQ(relevant->total, 1u);  // CN3 has no value
  ASSERT_EQ(relevant->hits.size(), 1u);
  EXPECT_EQ(relevant->hits[0].key, "CN1");
  EXPECT_GT(relevant->hits[0].score, 0);
}

TEST_F(SearcherTest, FacetsCountTheWholeHitSet) {
  Searcher searcher(index_->snapshot(), index_->schema(), bindings_);
  auto result = searcher.Search({.query = "TI=电池 OR TI=battery OR TI=无人",
                                 .limit = 1,
                                 .facets = {kCountry, kIpc, kFiled},
                                 .facet_limit = 2});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->total, 5u);
  ASSERT_EQ(result->facets.size(), 3u);
  const Facet& country = result->facets[0];
  ASSERT_EQ(country.values.size(), 2u);
  EXPECT_EQ(country.values[0].value, "CN");
  EXPECT_EQ(country.values[0].count, 3u);
  EXPECT_EQ(country.values[1].value, "US");
  EXPECT_EQ(country.values[1].count, 2u);
  const Facet& ipc = result->facets[1];
  EXPECT_EQ(ipc.distinct, 6u);
  EXPECT_EQ(ipc.values[0].value, "B64C39/02");
  EXPECT_EQ(ipc.values[0].count, 2u);
  EXPECT_EQ(result->facets[2].distinct, 5u);
}

TEST_F(SearcherTest, DeletedDocumentsDisappearFromHitsCountsAndFacets) {
  index_->Delete("CN1");
  ASSERT_TRUE(index_->Commit().ok());
  EXPECT_THAT(Keys("TI=电池"), ElementsAre("CN3"));
  EXPECT_THAT(Keys("NOT TI=电池"), UnorderedElementsAre("CN2", "US1", "US2", "US3"));
  Searcher searcher(index_->snapshot(), index_->schema(), bindings_);
  auto result = searcher.Search({.query = "CO=CN", .facets = {kCountry}});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->facets[0].values[0].count, 2u);
}

TEST_F(SearcherTest, SnippetsHighlightTheMatchedWords) {
  Searcher searcher(index_->snapshot(), index_->schema(), bindings_);
  auto result = searcher.Search(
      {.query = "AB=(charger OR batteries) OR TI=\"<b>\"", .snippet_fields = {kAbstract}});
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_FALSE(result->hits.empty());
  EXPECT_EQ(result->hits[0].key, "US3");
  ASSERT_EQ(result->hits[0].snippets.size(), 1u);
  EXPECT_EQ(result->hits[0].snippets[0].html,
            "A <em>charger</em> charges <em>batteries</em> quickly.");
  auto chinese = searcher.Search({.query = "AB=电池组", .snippet_fields = {kAbstract}});
  ASSERT_TRUE(chinese.ok());
  ASSERT_EQ(chinese->hits.size(), 1u);
  EXPECT_EQ(chinese->hits[0].snippets[0].html, "无人机的<em>电池组</em>与充电装置");
}

TEST_F(SearcherTest, SuggestsValuesByPrefixMostFrequentFirst) {
  Searcher searcher(index_->snapshot(), index_->schema(), bindings_);
  std::vector<FacetValue> values = searcher.Suggest(kIpc, "H01M", 10);
  ASSERT_EQ(values.size(), 3u);
  EXPECT_EQ(values[0].value, "H01M10/42");  // ties by value
  EXPECT_EQ(values[0].count, 1u);
  EXPECT_EQ(searcher.Suggest(kIpc, "B64", 1)[0].value, "B64C39/02");
  EXPECT_EQ(searcher.Suggest(kIpc, "B64", 1)[0].count, 2u);
  EXPECT_TRUE(searcher.Suggest(kIpc, "Z", 10).empty());
  EXPECT_TRUE(searcher.Suggest(kTitle, "电", 10).empty());  // not a keyword field
  index_->Delete("CN2");
  ASSERT_TRUE(index_->Commit().ok());
  Searcher after(index_->snapshot(), index_->schema(), bindings_);
  EXPECT_EQ(after.Suggest(kIpc, "B64C", 1)[0].count, 1u);
}

TEST(ParseDateBound, AcceptsTheFormsUsersWrite) {
  EXPECT_EQ(ParseDateBound("2018", false), 20180101);
  EXPECT_EQ(ParseDateBound("2018", true), 20181231);
  EXPECT_EQ(ParseDateBound("2020-02", true), 20200229);
  EXPECT_EQ(ParseDateBound("201902", true), 20190228);
  EXPECT_EQ(ParseDateBound("2018.5.3", false), 20180503);
  EXPECT_EQ(ParseDateBound("2018/05/03", true), 20180503);
  EXPECT_EQ(ParseDateBound("20180503", false), 20180503);
  EXPECT_EQ(ParseDateBound("2018-13", false), std::nullopt);
  EXPECT_EQ(ParseDateBound("2019-02-29", false), std::nullopt);
  EXPECT_EQ(ParseDateBound("18", false), std::nullopt);
  EXPECT_EQ(ParseDateBound("2018-05-03x", false), std::nullopt);
}

}  // namespace
}  // namespace iphub::engine::search
