#include "iphub/text/analyzer.h"

#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"

namespace iphub::text {
namespace {

// "term@position" for each token, space-separated: the notation of analyzer.h.
std::string Terms(const std::vector<Token>& tokens) {
  std::string rendered;
  for (const Token& token : tokens) {
    if (!rendered.empty()) rendered += ' ';
    rendered += token.term + "@" + std::to_string(token.position);
  }
  return rendered;
}

// The input bytes each token points at, space-separated.
std::string Surfaces(std::string_view text, const std::vector<Token>& tokens) {
  std::string rendered;
  for (const Token& token : tokens) {
    if (!rendered.empty()) rendered += ' ';
    rendered += text.substr(token.start, token.end - token.start);
  }
  return rendered;
}

std::vector<Token> Analyze(std::string_view text) {
  Analyzer analyzer;
  std::vector<Token> tokens;
  analyzer.Analyze(text, 0, tokens);
  return tokens;
}

TEST(Analyzer, ChineseRunBecomesOverlappingBigramsAndItsLastCharacter) {
  Analyzer analyzer;
  std::vector<Token> tokens;
  EXPECT_EQ(analyzer.Analyze("无人机电池", 0, tokens), 5u);
  EXPECT_EQ(Terms(tokens), "无人@0 人机@1 机电@2 电池@3 池@4");
}

TEST(Analyzer, BigramOffsetsSpanBothCharacters) {
  const std::vector<Token> tokens = Analyze("无人机");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].start, 0u);
  EXPECT_EQ(tokens[0].end, 6u);
  EXPECT_EQ(tokens[1].start, 3u);
  EXPECT_EQ(tokens[1].end, 9u);
  EXPECT_EQ(tokens[2].start, 6u);
  EXPECT_EQ(tokens[2].end, 9u);
}

TEST(Analyzer, OneCharacterRunIsOneUnigram) {
  EXPECT_EQ(Terms(Analyze("电")), "电@0");
  EXPECT_EQ(Terms(Analyze("锂 电")), "锂@0 电@1");
}

TEST(Analyzer, CjkPunctuationSeparatesRuns) {
  EXPECT_EQ(Terms(Analyze("锂电池，正极。（负极）《电解液》、隔膜")),
            "锂电@0 电池@1 池@2 正极@3 极@4 负极@5 极@6 电解@7 解液@8 液@9 隔膜@10 膜@11");
  EXPECT_EQ(Terms(Analyze("「カメラ」・レンズ")), "カメ@0 メラ@1 ラ@2 レン@3 ンズ@4 ズ@5");
}

TEST(Analyzer, JapaneseAndKoreanAreBigrammedToo) {
  EXPECT_EQ(Terms(Analyze("ひらがなカタカナ")),
            "ひら@0 らが@1 がな@2 なカ@3 カタ@4 タカ@5 カナ@6 ナ@7");
  EXPECT_EQ(Terms(Analyze("한국어 특허")), "한국@0 국어@1 어@2 특허@3 허@4");
  EXPECT_EQ(Terms(Analyze("ｶﾒﾗ")), "ｶﾒ@0 ﾒﾗ@1 ﾗ@2");
}

TEST(Analyzer, IdeographsOutsideTheBasicBlockAreCjk) {
  // U+3400 (extension A), U+F900 (compatibility), U+20000 (extension B), 〇 in a year.
  EXPECT_EQ(Terms(Analyze("㐀豈\U00020000")), "㐀豈@0 豈\U00020000@1 \U00020000@2");
  EXPECT_EQ(Terms(Analyze("二〇二三年")), "二〇@0 〇二@1 二三@2 三年@3 年@4");
}

TEST(Analyzer, EnglishWordsGiveTheStemThenTheExactForm) {
  EXPECT_EQ(Terms(Analyze("Batteries, running units")),
            "batteri@0 =batteries@0 run@1 =running@1 unit@2 =units@2");
}

TEST(Analyzer, ExactFormIsKeptEvenWhenItEqualsTheStem) {
  EXPECT_EQ(Terms(Analyze("drone")), "drone@0 =drone@0");
}

TEST(Analyzer, WordsWithDigitsAreNotStemmed) {
  EXPECT_EQ(Terms(Analyze("5G H04L 2023 sensors")),
            "5g@0 =5g@0 h04l@1 =h04l@1 2023@2 =2023@2 sensor@3 =sensors@3");
}

TEST(Analyzer, ChineseAndLatinShareOnePositionCounter) {
  Analyzer analyzer;
  std::vector<Token> tokens;
  EXPECT_EQ(analyzer.Analyze("无人机drone", 0, tokens), 4u);
  EXPECT_EQ(Terms(tokens), "无人@0 人机@1 机@2 drone@3 =drone@3");

  tokens.clear();
  EXPECT_EQ(analyzer.Analyze("采用LiFePO4正极材料", 0, tokens), 7u);
  EXPECT_EQ(Terms(tokens), "采用@0 用@1 lifepo4@2 =lifepo4@2 正极@3 极材@4 材料@5 料@6");
}

TEST(Analyzer, FullWidthLettersAndDigitsAreLatinWords) {
  const std::string text = "５Ｇ通信，Ｕｎｉｔ";
  const std::vector<Token> tokens = Analyze(text);
  EXPECT_EQ(Terms(tokens), "5g@0 =5g@0 通信@1 信@2 unit@3 =unit@3");
  EXPECT_EQ(Surfaces(text, tokens), "５Ｇ ５Ｇ 通信 信 Ｕｎｉｔ Ｕｎｉｔ");
}

TEST(Analyzer, AccentsAndLigaturesFoldToBaseLetters) {
  EXPECT_EQ(Terms(Analyze("Café STRASSE Straße Æther Øre Łódź naïve")),
            "cafe@0 =cafe@0 strass@1 =strasse@1 strass@2 =strasse@2 aether@3 =aether@3 "
            "ore@4 =ore@4 lodz@5 =lodz@5 naiv@6 =naive@6");
  EXPECT_EQ(Terms(Analyze("eﬃcient ﬁle")), "effici@0 =efficient@0 file@1 =file@1");
}

TEST(Analyzer, DecomposedAccentsAndSoftHyphensStayInsideTheWord) {
  const std::string text = "Cafe\u0301s lith\u00ADium";
  const std::vector<Token> tokens = Analyze(text);
  EXPECT_EQ(Terms(tokens), "cafe@0 =cafes@0 lithium@1 =lithium@1");
  EXPECT_EQ(Surfaces(text, tokens), "Cafe\u0301s Cafe\u0301s lith\u00ADium lith\u00ADium");
}

TEST(Analyzer, VariationSelectorWidensTheSurfaceButNotTheTerm) {
  const std::string text = "葛\U000E0100城";
  const std::vector<Token> tokens = Analyze(text);
  EXPECT_EQ(Terms(tokens), "葛城@0 城@1");
  EXPECT_EQ(Surfaces(text, tokens), text + " 城");
}

TEST(Analyzer, KanaVoicingMarkStaysInItsCharacter) {
  // か + U+3099 (decomposed が).
  EXPECT_EQ(Terms(Analyze("か\u3099す")), "か\u3099す@0 す@1");
  EXPECT_EQ(Terms(Analyze("\u3099")), "");
}

TEST(Analyzer, HyphensApostrophesAndDecimalPointsSeparate) {
  EXPECT_EQ(Terms(Analyze("lithium-ion don't 3.5V")),
            "lithium@0 =lithium@0 ion@1 =ion@1 don@2 =don@2 t@3 =t@3 3@4 =3@4 5v@5 =5v@5");
  EXPECT_EQ(Terms(Analyze("don’t")), "don@0 =don@0 t@1 =t@1");
}

TEST(Analyzer, OffsetsPointAtTheSurfaceText) {
  const std::string text = "一种Ｌｉ-ion电池 (Café)";
  const std::vector<Token> tokens = Analyze(text);
  EXPECT_EQ(Terms(tokens), "一种@0 种@1 li@2 =li@2 ion@3 =ion@3 电池@4 池@5 cafe@6 =cafe@6");
  EXPECT_EQ(Surfaces(text, tokens), "一种 种 Ｌｉ Ｌｉ ion ion 电池 池 Café Café");
  for (const Token& token : tokens) {
    const std::string surface = text.substr(token.start, token.end - token.start);
    if (token.term[0] == kExactPrefix) {
      EXPECT_EQ(token.term.substr(1), FoldWord(surface));
    }
  }
}

TEST(Analyzer, InvalidUtf8BytesAreSeparators) {
  EXPECT_EQ(Terms(Analyze("ab\xFF"
                          "cd")),
            "ab@0 =ab@0 cd@1 =cd@1");
  // A character cut short (E6 97 of 无) does not swallow the next one.
  EXPECT_EQ(Terms(Analyze("电\xE6\x97池")), "电@0 池@1");
  // Overlong '/', a surrogate, a code point past U+10FFFF, a lone continuation byte.
  EXPECT_EQ(Terms(Analyze("a\xC0\xAF"
                          "b\xED\xA0\x80"
                          "c\xF4\x90\x80\x80"
                          "d\x80"
                          "e")),
            "a@0 =a@0 b@1 =b@1 c@2 =c@2 d@3 =d@3 e@4 =e@4");
  const std::string truncated = "电池\xE6";
  const std::vector<Token> tokens = Analyze(truncated);
  EXPECT_EQ(Terms(tokens), "电池@0 池@1");
  EXPECT_EQ(tokens.back().end, 6u);
}

TEST(Analyzer, EmptyOrSeparatorOnlyTextHasNoTokens) {
  Analyzer analyzer;
  std::vector<Token> tokens;
  EXPECT_EQ(analyzer.Analyze("", 7, tokens), 7u);
  EXPECT_EQ(analyzer.Analyze(" ，。！?-- \xFF ", 7, tokens), 7u);
  EXPECT_TRUE(tokens.empty());
}

TEST(Analyzer, StartsAtFirstPositionAndAppends) {
  Analyzer analyzer;
  std::vector<Token> tokens = {{"title", 0, 0, 5}};
  EXPECT_EQ(analyzer.Analyze("电池 unit", 10, tokens), 13u);
  EXPECT_EQ(Terms(tokens), "title@0 电池@10 池@11 unit@12 =unit@12");
}

TEST(Analyzer, IsReusableAcrossCalls) {
  Analyzer analyzer;
  std::vector<Token> first;
  std::vector<Token> second;
  // The first text ends inside a word and a run would be open if state leaked.
  analyzer.Analyze("电池 battery", 0, first);
  analyzer.Analyze("电池 battery", 0, second);
  EXPECT_EQ(Terms(first), Terms(second));
}

TEST(Analyzer, LongWordIsCutTo64BytesButSpansItsWholeSurface) {
  const std::string text = std::string(100, 'a') + " b";
  const std::vector<Token> tokens = Analyze(text);
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[1].term, "=" + std::string(kMaxWordBytes, 'a'));
  EXPECT_EQ(tokens[1].start, 0u);
  EXPECT_EQ(tokens[1].end, 100u);
  EXPECT_EQ(Terms({tokens[2], tokens[3]}), "b@1 =b@1");
}

TEST(Analyzer, LongWordIsCutAtACodePointBoundary) {
  // ß folds to "ss", which would end at byte 65: the cut falls before it, and
  // nothing after it is kept, so the term is a prefix of the folded word.
  const std::string text = std::string(63, 'a') + "ßb";
  const std::vector<Token> tokens = Analyze(text);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[1].term, "=" + std::string(63, 'a'));
  EXPECT_EQ(tokens[1].end, text.size());
}

TEST(Analyzer, StemsFoldedWords) {
  Analyzer analyzer;
  EXPECT_EQ(analyzer.Stem("batteries"), "batteri");
  EXPECT_EQ(analyzer.Stem("running"), "run");
  EXPECT_EQ(analyzer.Stem("connected"), "connect");
  EXPECT_EQ(analyzer.Stem("drone"), "drone");
}

TEST(Analyzer, RecentStemsCacheGivesTheStemmersAnswer) {
  // More distinct words than the cache has slots, twice over, so slots are both
  // hit and evicted; every stem must still be the stemmer's own.
  std::string text;
  std::vector<std::string> words;
  for (int round = 0; round < 2; ++round) {
    for (char first = 'a'; first <= 'z'; ++first) {
      for (char second = 'a'; second <= 'z'; ++second) {
        for (const char* ending : {"ing", "ies", "ed", "ation", "s", "ly", ""}) {
          words.push_back(std::string("con") + first + second + ending);
          text += words.back() + ' ';
        }
      }
    }
  }
  Analyzer analyzer;
  std::vector<Token> tokens;
  analyzer.Analyze(text, 0, tokens);
  ASSERT_EQ(tokens.size(), 2 * words.size());
  for (size_t index = 0; index < words.size(); ++index) {
    ASSERT_EQ(tokens[2 * index].term, analyzer.Stem(words[index])) << words[index];
  }
}

TEST(IsCjk, CoversIdeographKanaAndHangulBlocks) {
  for (char32_t code_point : {U'\u3005', U'\u3007', U'\u3041', U'\u30A1', U'\u30FC', U'\u3105',
                              U'\u3400', U'\u4DBF', U'\u4E00', U'\u9FFF', U'\uAC00', U'\uD7A3',
                              U'\uF900', U'\uFAFF', U'\uFF66', U'\U00020000', U'\U0003134A'}) {
    EXPECT_TRUE(IsCjk(code_point)) << std::hex << static_cast<uint32_t>(code_point);
  }
}

TEST(IsCjk, ExcludesPunctuationSymbolsAndNeighbours) {
  // 、。（ full-width comma, ・, ゠, Yijing hexagram after extension A, Yi after
  // the unified block, a Hangul code point past the last syllable, ﬀ, full-width
  // '0' and 'A', a supplementary code point before the ideographic planes.
  for (char32_t code_point :
       {U'a', U'\u3001', U'\u3002', U'\u3008', U'\u300A', U'\uFF08', U'\uFF0C', U'\u30FB',
        U'\u30A0', U'\u3099', U'\u33FF', U'\u4DC0', U'\uA000', U'\uD7A4', U'\uFB00', U'\uFF10',
        U'\uFF21', U'\U0001FFFF', U'\U00040000'}) {
    EXPECT_FALSE(IsCjk(code_point)) << std::hex << static_cast<uint32_t>(code_point);
  }
}

TEST(FoldWord, LowerCasesAndFoldsLatinLeavingOtherTextAlone) {
  EXPECT_EQ(FoldWord("ＵＮＩＴ"), "unit");
  EXPECT_EQ(FoldWord("Ｈ０４Ｌ"), "h04l");
  EXPECT_EQ(FoldWord("Straße"), "strasse");
  EXPECT_EQ(FoldWord("Ærø"), "aero");
  EXPECT_EQ(FoldWord("ÉCOLE"), "ecole");
  EXPECT_EQ(FoldWord("ﬁle"), "file");
  EXPECT_EQ(FoldWord("e\u0301"), "e");
  EXPECT_EQ(FoldWord("电池ABC"), "电池abc");
  EXPECT_EQ(FoldWord("（Ａ）"), "(a)");
  EXPECT_EQ(FoldWord("a\xFF"
                     "B"),
            "a\xFF"
            "b");
  EXPECT_EQ(FoldWord(""), "");
}

}  // namespace
}  // namespace iphub::text
