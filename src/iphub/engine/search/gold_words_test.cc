// The Chinese analysis against the gold word segmentation of patent claim
// sentences (Universal Dependencies, zh_patentchar, ../shared/data): every gold
// word is found by a term query on its sentence, and for words written only in
// Chinese characters the hits are exactly the sentences that contain the word.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "iphub/engine/search/searcher.h"
#include "iphub/text/analyzer.h"

namespace iphub::engine::search {
namespace {

namespace fs = std::filesystem;

struct Sentence {
  std::string id;
  std::string text;
  std::vector<std::string> words;  // not punctuation or symbols
};

std::vector<Sentence> ReadTreebank(const std::string& path) {
  std::vector<Sentence> out;
  std::ifstream in(path);
  std::string line;
  Sentence current;
  while (std::getline(in, line)) {
    if (line.starts_with("# sent_id = ")) {
      current = Sentence{.id = line.substr(12)};
    } else if (line.starts_with("# text = ")) {
      current.text = line.substr(9);
    } else if (line.empty()) {
      if (!current.id.empty()) out.push_back(current);
      current = Sentence{};
    } else if (line[0] != '#') {
      std::vector<std::string> columns;
      std::stringstream fields(line);
      std::string column;
      while (std::getline(fields, column, '\t')) columns.push_back(column);
      if (columns.size() < 4 || columns[0].find('-') != std::string::npos) continue;
      if (columns[3] == "PUNCT" || columns[3] == "SYM") continue;
      current.words.push_back(columns[1]);
    }
  }
  if (!current.id.empty()) out.push_back(current);
  return out;
}

// True if every character of `word` is analysed as CJK (a word the bigram
// index must match exactly as a substring).
bool AllCjk(const std::string& word) {
  for (size_t at = 0; at < word.size();) {
    const unsigned char lead = static_cast<unsigned char>(word[at]);
    const size_t length = lead < 0x80 ? 1 : (lead >> 5) == 6 ? 2 : (lead >> 4) == 14 ? 3 : 4;
    char32_t code = 0;
    if (length == 1) {
      code = lead;
    } else {
      code = lead & (0xff >> (length + 1));
      for (size_t k = 1; k < length && at + k < word.size(); ++k) {
        code = (code << 6) | (static_cast<unsigned char>(word[at + k]) & 0x3f);
      }
    }
    if (!text::IsCjk(code)) return false;
    at += length;
  }
  return !word.empty();
}

TEST(GoldWords, EveryGoldWordFindsItsSentenceAndChineseWordsMatchExactly) {
  const char* source = std::getenv("IPHUB_SOURCE_DIR");
  const std::string path =
      std::string(source == nullptr ? "." : source) +
      "/../shared/data/cn_patents/ud_patentchar/zh_patentchar-ud-test.conllu.txt";
  const std::vector<Sentence> sentences = ReadTreebank(path);
  ASSERT_GE(sentences.size(), 100u) << "treebank not found at " << path;

  const fs::path dir =
      fs::temp_directory_path() / ("iphub-gold-words-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  Schema schema({{.name = "text", .kind = FieldKind::kText}});
  auto index = index::Index::Open(dir, schema, {.background_merge = false});
  ASSERT_TRUE(index.ok()) << index.status();
  for (const Sentence& sentence : sentences) {
    Document document;
    document.key = sentence.id;
    document.AddText(0, sentence.text);
    ASSERT_TRUE((*index)->Add(document).ok());
  }
  ASSERT_TRUE((*index)->Commit().ok());
  Bindings bindings;
  bindings["TI"] = {.kind = BindingKind::kText, .fields = {0}};
  Searcher searcher((*index)->snapshot(), schema, bindings);

  size_t words = 0, exact_checked = 0;
  std::set<std::string> asked;
  for (const Sentence& sentence : sentences) {
    for (const std::string& word : sentence.words) {
      if (word.find('"') != std::string::npos || word.find('\\') != std::string::npos) continue;
      ++words;
      auto found =
          searcher.Search({.query = "TI=\"" + word + "\"", .limit = 1000, .load_documents = false});
      ASSERT_TRUE(found.ok()) << word << ": " << found.status();
      bool has_sentence = false;
      for (const Hit& hit : found->hits) has_sentence |= hit.key == sentence.id;
      EXPECT_TRUE(has_sentence) << "'" << word << "' does not find " << sentence.id << ": "
                                << sentence.text;
      if (AllCjk(word) && asked.insert(word).second) {
        size_t containing = 0;
        for (const Sentence& other : sentences) {
          containing += other.text.find(word) != std::string::npos ? 1 : 0;
        }
        EXPECT_EQ(found->total, containing) << "'" << word << "'";
        ++exact_checked;
      }
    }
  }
  EXPECT_GT(words, 2000u);
  EXPECT_GT(exact_checked, 500u);
  index->reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace iphub::engine::search
