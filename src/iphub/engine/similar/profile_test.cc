#include "iphub/engine/similar/profile.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace iphub::engine::similar {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;

Vocabulary MakeVocabulary(std::vector<std::string> terms) {
  std::sort(terms.begin(), terms.end());
  std::vector<float> idf(terms.size(), 1.0f);
  return Vocabulary(std::move(terms), std::move(idf));
}

TEST(IsFeatureTerm, KeepsTopicWordsOnly) {
  EXPECT_TRUE(IsFeatureTerm("电池"));
  EXPECT_TRUE(IsFeatureTerm("batteri"));
  EXPECT_TRUE(IsFeatureTerm("5g"));
  EXPECT_FALSE(IsFeatureTerm("=batteries"));  // the exact form: its stem counts
  EXPECT_FALSE(IsFeatureTerm("池"));          // the unigram closing a CJK run
  EXPECT_FALSE(IsFeatureTerm("2023"));
  EXPECT_FALSE(IsFeatureTerm("a"));
  EXPECT_FALSE(IsFeatureTerm(""));
}

TEST(Vocabulary, FindsTermsByText) {
  const Vocabulary vocabulary = MakeVocabulary({"电池", "batteri", "无人"});
  ASSERT_TRUE(vocabulary.Find("电池").has_value());
  EXPECT_EQ(vocabulary.term(*vocabulary.Find("电池")), "电池");
  EXPECT_FALSE(vocabulary.Find("电").has_value());
  EXPECT_FALSE(vocabulary.Find("zzz").has_value());
}

TEST(Profile, WeighsOnlyVocabularyTermsAndHasUnitLength) {
  const Vocabulary vocabulary = MakeVocabulary({"电池", "无人", "人机", "batteri"});
  text::Analyzer analyzer;
  const WeightedText texts[] = {{.text = "无人机电池 batteries and other words", .weight = 2.0}};
  const Profile profile = Profile::Of(vocabulary, texts, analyzer);
  EXPECT_EQ(profile.weights().size(), 4u);
  double sum = 0;
  for (const auto& [term, weight] : profile.weights()) sum += weight * weight;
  EXPECT_NEAR(sum, 1.0, 1e-6);
  EXPECT_EQ(profile.Weight(*vocabulary.Find("人机")), profile.Weight(*vocabulary.Find("电池")));

  const WeightedText nothing[] = {{.text = "completely unknown"}};
  EXPECT_TRUE(Profile::Of(vocabulary, nothing, analyzer).weights().empty());
}

TEST(SharedTerms, JoinsAdjacentSharedBigramsBackIntoWords) {
  const Vocabulary vocabulary =
      MakeVocabulary({"无人", "人机", "机电", "电池", "快速", "更换", "飞行"});
  text::Analyzer analyzer;
  const WeightedText query[] = {{.text = "无人机电池快速更换"}};
  const WeightedText hit[] = {{.text = "一种无人机电池，便于快速拆卸"}};
  const std::vector<SharedTerm> shared = SharedTerms(Profile::Of(vocabulary, query, analyzer),
                                                     Profile::Of(vocabulary, hit, analyzer), 8);
  EXPECT_THAT(shared, ElementsAre(Field(&SharedTerm::text, "无人机电池"),
                                  Field(&SharedTerm::text, "快速")));
  EXPECT_GT(shared[0].weight, shared[1].weight);
}

TEST(SharedTerms, JoinsOnlyWhatTheHitContainsAsWritten) {
  const Vocabulary vocabulary = MakeVocabulary({"无人", "人机", "机电", "电池"});
  text::Analyzer analyzer;
  // The hit holds every bigram, but never the run "无人机电池" as a whole.
  const WeightedText query[] = {{.text = "无人机电池"}};
  const WeightedText hit[] = {{.text = "无人机，机电，电池"}};
  const std::vector<SharedTerm> shared = SharedTerms(Profile::Of(vocabulary, query, analyzer),
                                                     Profile::Of(vocabulary, hit, analyzer), 8);
  std::vector<std::string> texts;
  for (const SharedTerm& term : shared) texts.push_back(term.text);
  EXPECT_THAT(texts, ::testing::UnorderedElementsAre("无人机", "机电", "电池"));
}

TEST(SharedTerms, CutsWordsAtChineseFunctionCharacters) {
  const Vocabulary vocabulary =
      MakeVocabulary({"述储", "储能", "能变", "变流", "流器", "器的", "的控", "控制"});
  text::Analyzer analyzer;
  const WeightedText query[] = {{.text = "所述储能变流器的控制"}};
  const WeightedText hit[] = {{.text = "所述储能变流器的控制"}};
  const std::vector<SharedTerm> shared = SharedTerms(Profile::Of(vocabulary, query, analyzer),
                                                     Profile::Of(vocabulary, hit, analyzer), 8);
  std::vector<std::string> texts;
  for (const SharedTerm& term : shared) texts.push_back(term.text);
  EXPECT_THAT(texts, ElementsAre("储能变流器", "控制"));
}

TEST(SharedTerms, BigramsNextToCommonOnesAreNotShown) {
  // 包括 ("comprising") is in most documents: 括反 straddles it and 反射 ("reflecting").
  const Vocabulary vocabulary(std::vector<std::string>{"反射", "射板", "括反"},
                              std::vector<float>(3, 1.0f), std::vector<std::string>{"包括"});
  EXPECT_TRUE(vocabulary.IsCommon("包括"));
  EXPECT_FALSE(vocabulary.IsCommon("反射"));
  text::Analyzer analyzer;
  const WeightedText query[] = {{.text = "包括反射板"}};
  const WeightedText hit[] = {{.text = "设有反射板，包括反射板"}};
  const Profile query_profile = Profile::Of(vocabulary, query, analyzer);
  EXPECT_EQ(query_profile.weights().size(), 3u);  // 括反 still counts
  std::vector<std::string> texts;
  for (const SharedTerm& term :
       SharedTerms(query_profile, Profile::Of(vocabulary, hit, analyzer), 8)) {
    texts.push_back(term.text);
  }
  EXPECT_THAT(texts, ElementsAre("反射板"));
}

TEST(SharedTerms, ShowsEnglishStemsAsTheQueryWroteThem) {
  const Vocabulary vocabulary = MakeVocabulary({"batteri", "charg", "drone"});
  text::Analyzer analyzer;
  const WeightedText query[] = {{.text = "Charging batteries of drones"}};
  const WeightedText hit[] = {{.text = "a battery is charged"}};
  const std::vector<SharedTerm> shared = SharedTerms(Profile::Of(vocabulary, query, analyzer),
                                                     Profile::Of(vocabulary, hit, analyzer), 8);
  std::vector<std::string> texts;
  for (const SharedTerm& term : shared) texts.push_back(term.text);
  EXPECT_THAT(texts, ::testing::UnorderedElementsAre("charging", "batteries"));
}

TEST(SharedTerms, IsEmptyWithoutCommonTermsAndRespectsTheLimit) {
  const Vocabulary vocabulary = MakeVocabulary({"电池", "无人", "飞行", "控制"});
  text::Analyzer analyzer;
  const WeightedText query[] = {{.text = "电池"}};
  const WeightedText hit[] = {{.text = "飞行控制"}};
  EXPECT_TRUE(SharedTerms(Profile::Of(vocabulary, query, analyzer),
                          Profile::Of(vocabulary, hit, analyzer), 8)
                  .empty());
  const WeightedText both[] = {{.text = "电池，无人，飞行，控制"}};
  EXPECT_EQ(SharedTerms(Profile::Of(vocabulary, both, analyzer),
                        Profile::Of(vocabulary, both, analyzer), 2)
                .size(),
            2u);
}

}  // namespace
}  // namespace iphub::engine::similar
