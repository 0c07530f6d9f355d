#include "iphub/engine/similar/similarity_index.h"

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iphub/engine/similar/term_matrix.h"
#include "zlib.h"

namespace iphub::engine::similar {
namespace {

namespace fs = std::filesystem;

enum TestField : uint32_t { kTitle, kAbstract, kGroup, kSubclass };

Schema TestSchema() {
  return Schema({{.name = "title", .kind = FieldKind::kText},
                 {.name = "abstract", .kind = FieldKind::kText},
                 {.name = "group", .kind = FieldKind::kKeyword, .column = true},
                 {.name = "subclass", .kind = FieldKind::kKeyword, .column = true}});
}

// Three topics with vocabularies of their own, in Chinese and in English.
struct Topic {
  std::string prefix;
  std::vector<std::string> zh;
  std::vector<std::string> en;
  std::string group;
  std::string subclass;
};

const std::vector<Topic>& Topics() {
  static const std::vector<Topic> topics = {
      {"bat",
       {"锂离子电池", "正极材料", "负极片", "电解液", "隔膜", "充电桩", "电极涂层", "储能模组"},
       {"lithium", "cathode", "anode", "electrolyte", "separator", "charger", "electrode",
        "battery"},
       "H01M10/00",
       "H01M"},
      {"dro",
       {"无人机", "旋翼", "飞行控制", "机翼", "螺旋桨", "起落架", "航拍云台", "遥控器"},
       {"drone", "rotor", "flight", "wing", "propeller", "landing", "gimbal", "aircraft"},
       "B64C39/00",
       "B64C"},
      {"ann",
       {"神经网络", "卷积层", "训练样本", "特征提取", "图像识别", "深度学习", "损失函数", "分类器"},
       {"neural", "convolution", "training", "feature", "image", "recognition", "classifier",
        "learning"},
       "G06N3/00",
       "G06N"},
  };
  return topics;
}

// Document `index` of a topic: titles and abstracts that mix its words (and a
// little boilerplate every document of the language shares).
Document TopicDocument(const Topic& topic, int index, bool chinese, std::string key = "") {
  const auto& words = chinese ? topic.zh : topic.en;
  const auto word = [&](int offset) { return words[static_cast<size_t>(index + offset) % 8]; };
  Document document;
  document.key = key.empty() ? topic.prefix + (chinese ? "-zh-" : "-en-") + std::to_string(index)
                             : std::move(key);
  if (chinese) {
    document.AddText(kTitle, "一种" + word(0) + "和" + word(1) + "的装置");
    document.AddText(kAbstract, "本发明公开了一种" + word(2) + "，包括" + word(3) + "和" + word(5) +
                                    "，所述" + word(0) + "用于提高效率。");
  } else {
    document.AddText(kTitle, word(0) + " and " + word(1) + " apparatus");
    document.AddText(kAbstract, "A method comprising a " + word(2) + " and a " + word(3) +
                                    " with a " + word(5) + ", wherein the " + word(0) +
                                    " improves efficiency.");
  }
  document.AddKeyword(kGroup, topic.group);
  document.AddKeyword(kSubclass, topic.subclass);
  if (index % 4 == 0) document.AddKeyword(kSubclass, "G06F");
  return document;
}

Options TestOptions() {
  return {.text_fields = {{.field = kTitle, .weight = 2.0}, {.field = kAbstract, .weight = 1.0}},
          .class_fields = {kGroup, kSubclass},
          .dimensions = 16,
          .stale_fraction = 0.5,
          .stale_minimum = 20};
}

std::string TopicOf(std::string_view key) { return std::string(key.substr(0, 3)); }

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void WriteBytes(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The name of the `kind` file ("model" or "graph") a model directory's MANIFEST names.
std::string ManifestFile(const fs::path& directory, std::string_view kind) {
  std::istringstream in(ReadBytes(directory / "MANIFEST"));
  std::string word, name;
  while (in >> word) {
    if (word == kind && in >> name) return name;
  }
  return "";
}

// Every index term of `text` that can be a feature.
std::set<std::string> FeatureTermsOf(std::string_view text) {
  text::Analyzer analyzer;
  std::vector<text::Token> tokens;
  analyzer.Analyze(text, 0, tokens);
  std::set<std::string> out;
  for (const text::Token& token : tokens) {
    if (IsFeatureTerm(token.term)) out.insert(token.term);
  }
  return out;
}

std::string TextOf(const Document& document) {
  std::string out;
  for (const FieldValue& value : document.values) {
    if (value.field == kTitle || value.field == kAbstract) out += value.text + "\n";
  }
  return out;
}

std::set<std::pair<uint32_t, std::string>> ClassesOf(const Document& document) {
  std::set<std::pair<uint32_t, std::string>> out;
  for (const FieldValue& value : document.values) {
    if (value.field == kGroup || value.field == kSubclass) out.insert({value.field, value.text});
  }
  return out;
}

class SimilarityIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("iphub-similar-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    auto index = index::Index::Open(dir_ / "index", schema_, {.background_merge = false});
    ASSERT_TRUE(index.ok()) << index.status();
    index_ = std::move(*index);
  }
  void TearDown() override {
    index_.reset();
    fs::remove_all(dir_);
  }

  // Ten Chinese and ten English documents per topic.
  void AddCorpus() {
    for (const Topic& topic : Topics()) {
      for (int at = 0; at < 10; ++at) {
        ASSERT_TRUE(index_->Add(TopicDocument(topic, at, true)).ok());
        ASSERT_TRUE(index_->Add(TopicDocument(topic, at, false)).ok());
      }
    }
    ASSERT_TRUE(index_->Commit().ok());
  }

  std::unique_ptr<SimilarityIndex> Build(Options options = TestOptions()) {
    auto model = SimilarityIndex::Build(index_->snapshot(), schema_, std::move(options));
    EXPECT_TRUE(model.ok()) << model.status();
    return model.ok() ? std::move(*model) : nullptr;
  }

  std::vector<Neighbour> Like(const SimilarityIndex& model, std::string_view key,
                              uint32_t limit = 5) {
    auto found = model.LikeDocument(*index_->snapshot(), key, limit);
    EXPECT_TRUE(found.ok()) << key << ": " << found.status();
    return found.ok() ? std::move(*found) : std::vector<Neighbour>{};
  }

  std::vector<Neighbour> About(const SimilarityIndex& model, std::string_view text,
                               uint32_t limit = 5) {
    auto found = model.LikeText(*index_->snapshot(), text, limit);
    EXPECT_TRUE(found.ok()) << text << ": " << found.status();
    return found.ok() ? std::move(*found) : std::vector<Neighbour>{};
  }

  static std::vector<std::string> Keys(const std::vector<Neighbour>& hits) {
    std::vector<std::string> keys;
    for (const Neighbour& hit : hits) keys.push_back(hit.key);
    return keys;
  }

  const Schema schema_ = TestSchema();
  fs::path dir_;
  std::unique_ptr<index::Index> index_;
};

TEST_F(SimilarityIndexTest, NearestNeighboursOfADocumentComeFromItsTopic) {
  AddCorpus();
  auto model = Build();
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->documents(), 60u);
  EXPECT_GT(model->terms(), 40u);
  EXPECT_EQ(model->dimensions(), 16u);
  for (const Topic& topic : Topics()) {
    for (const char* language : {"-zh-", "-en-"}) {
      for (int at = 0; at < 10; at += 3) {
        const std::string key = topic.prefix + language + std::to_string(at);
        const std::vector<Neighbour> hits = Like(*model, key);
        ASSERT_EQ(hits.size(), 5u) << key;
        for (const Neighbour& hit : hits) {
          EXPECT_NE(hit.key, key);
          EXPECT_EQ(TopicOf(hit.key), topic.prefix) << key << " -> " << hit.key;
        }
        for (size_t rank = 1; rank < hits.size(); ++rank) {
          EXPECT_GE(hits[rank - 1].score, hits[rank].score);
        }
      }
    }
  }
}

TEST_F(SimilarityIndexTest, DocumentsWithNoWordOfTheModelNeverRankAsNaN) {
  AddCorpus();
  // Words no other document holds: these two have zero vectors in the model.
  for (const auto& [key, word] : std::vector<std::pair<std::string, std::string>>{
           {"odd-1", "xylophone"}, {"odd-2", "quartzite"}}) {
    Document document;
    document.key = key;
    document.AddText(kTitle, word);
    ASSERT_TRUE(index_->Add(document).ok());
  }
  ASSERT_TRUE(index_->Commit().ok());
  auto model = Build();
  ASSERT_NE(model, nullptr);
  const std::vector<Neighbour> hits = Like(*model, "bat-zh-0", 70);
  ASSERT_FALSE(hits.empty());
  for (const Neighbour& hit : hits) {
    EXPECT_TRUE(std::isfinite(hit.score)) << hit.key;
    EXPECT_TRUE(std::isfinite(hit.cosine)) << hit.key;
  }
  for (size_t rank = 1; rank < hits.size(); ++rank)
    EXPECT_GE(hits[rank - 1].score, hits[rank].score);
  EXPECT_EQ(TopicOf(hits[0].key), "bat");
  for (const Neighbour& hit : Like(*model, "odd-1", 70)) {
    EXPECT_TRUE(std::isfinite(hit.score)) << hit.key;
  }
}

TEST_F(SimilarityIndexTest, FreeTextFindsItsTopic) {
  AddCorpus();
  auto model = Build();
  ASSERT_NE(model, nullptr);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"锂离子电池的正极材料与电解液", "bat"},     {"带航拍云台的多旋翼无人机", "dro"},
      {"基于卷积层神经网络的图像识别", "ann"},     {"a lithium battery with a new cathode", "bat"},
      {"drone propeller and landing gear", "dro"}, {"training a neural classifier", "ann"},
  };
  for (const auto& [text, topic] : cases) {
    const std::vector<Neighbour> hits = About(*model, text);
    ASSERT_FALSE(hits.empty()) << text;
    for (const Neighbour& hit : hits)
      EXPECT_EQ(TopicOf(hit.key), topic) << text << " -> " << hit.key;
    EXPECT_TRUE(hits[0].classes.empty());  // a text has no classes
    // A text has no classes: topic and words only.
    EXPECT_NEAR(hits[0].score, 0.7 * hits[0].cosine + 0.3 * hits[0].term_cosine, 1e-9);
    EXPECT_GT(hits[0].term_cosine, 0);
  }
  EXPECT_TRUE(About(*model, "nothing the corpus knows").empty());
}

TEST_F(SimilarityIndexTest, ExplanationsNameTermsAndClassesBothReallyHold) {
  AddCorpus();
  auto model = Build();
  ASSERT_NE(model, nullptr);
  const auto snapshot = index_->snapshot();
  size_t explained = 0;
  for (const std::string key : {"bat-zh-1", "dro-en-4", "ann-zh-8", "ann-en-0"}) {
    const Document query =
        *snapshot->SegmentOf(*snapshot->FindKey(key)).reader->Stored(*snapshot->FindKey(key));
    const std::set<std::string> query_terms = FeatureTermsOf(TextOf(query));
    for (const Neighbour& hit : Like(*model, key)) {
      const std::set<std::string> hit_terms = FeatureTermsOf(TextOf(hit.document));
      EXPECT_FALSE(hit.terms.empty()) << key << " -> " << hit.key;
      for (const SharedTerm& term : hit.terms) {
        EXPECT_GT(term.weight, 0);
        // Every index term of the word shown is in both documents.
        for (const std::string& part : FeatureTermsOf(term.text)) {
          EXPECT_TRUE(query_terms.count(part)) << key << " lacks " << part << " of " << term.text;
          EXPECT_TRUE(hit_terms.count(part)) << hit.key << " lacks " << part << " of " << term.text;
        }
        ++explained;
      }
      const auto query_classes = ClassesOf(query);
      const auto hit_classes = ClassesOf(hit.document);
      EXPECT_FALSE(hit.classes.empty());  // the same topic: the same group
      for (const SharedClass& shared : hit.classes) {
        EXPECT_TRUE(query_classes.count({shared.field, shared.value})) << shared.value;
        EXPECT_TRUE(hit_classes.count({shared.field, shared.value})) << shared.value;
      }
    }
  }
  EXPECT_GT(explained, 20u);

  // Chinese words come back whole, not as bigrams.
  const std::vector<Neighbour> hits = Like(*model, "bat-zh-1");
  ASSERT_FALSE(hits.empty());
  bool whole_word = false;
  for (const Neighbour& hit : hits) {
    for (const SharedTerm& term : hit.terms) whole_word |= term.text.size() > 6;  // 3+ characters
  }
  EXPECT_TRUE(whole_word);
}

TEST_F(SimilarityIndexTest, DeletedDocumentsNeverComeBack) {
  AddCorpus();
  auto model = Build();
  ASSERT_NE(model, nullptr);
  const std::vector<std::string> deleted = {"bat-zh-2", "bat-zh-3", "bat-en-2", "bat-zh-5"};
  for (const std::string& key : deleted) index_->Delete(key);
  ASSERT_TRUE(index_->Commit().ok());

  // The model predates the deletions: it must still not return them.
  for (const std::vector<Neighbour>& hits :
       {Like(*model, "bat-zh-1", 60), Like(*model, "bat-en-1", 60),
        About(*model, "锂离子电池的正极材料", 60), About(*model, "lithium cathode", 60)}) {
    EXPECT_FALSE(hits.empty());
    for (const Neighbour& hit : hits) {
      EXPECT_THAT(deleted, ::testing::Not(::testing::Contains(hit.key)));
    }
  }
  EXPECT_EQ(model->LikeDocument(*index_->snapshot(), "bat-zh-2", 5).status().code(),
            absl::StatusCode::kNotFound);
  // Asking for all: every live document but the query, once.
  const std::vector<std::string> all = Keys(Like(*model, "dro-zh-0", 100));
  EXPECT_EQ(all.size(), 60u - deleted.size() - 1);
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), all.size());
}

TEST_F(SimilarityIndexTest, RefreshAddsNewDocumentsAndRetiresReplacedOnes) {
  AddCorpus();
  auto model = Build();
  ASSERT_NE(model, nullptr);
  // A new battery document, and a drone document rewritten about neural networks.
  ASSERT_TRUE(index_->Add(TopicDocument(Topics()[0], 11, true, "new-battery")).ok());
  ASSERT_TRUE(index_->Add(TopicDocument(Topics()[2], 3, true, "dro-zh-3")).ok());
  ASSERT_TRUE(index_->Commit().ok());

  // Before Refresh the new document is unknown to the graph, but may be asked about.
  EXPECT_THAT(Keys(About(*model, "锂离子电池", 60)),
              ::testing::Not(::testing::Contains("new-battery")));
  const std::vector<Neighbour> like_new = Like(*model, "new-battery");
  ASSERT_FALSE(like_new.empty());
  EXPECT_EQ(TopicOf(like_new[0].key), "bat");

  auto refreshed = model->Refresh(*index_->snapshot());
  ASSERT_TRUE(refreshed.ok()) << refreshed.status();
  EXPECT_EQ(refreshed->added, 1u);
  EXPECT_EQ(refreshed->replaced, 1u);
  EXPECT_FALSE(refreshed->stale);
  EXPECT_EQ(model->documents(), 61u);
  EXPECT_THAT(Keys(About(*model, "锂离子电池", 60)), ::testing::Contains("new-battery"));
  // The rewritten document is now among the neural network ones, once.
  const std::vector<std::string> ann = Keys(About(*model, "神经网络", 60));
  EXPECT_EQ(std::count(ann.begin(), ann.end(), "dro-zh-3"), 1);
  for (const Neighbour& hit : Like(*model, "dro-zh-3")) EXPECT_EQ(TopicOf(hit.key), "ann");

  // Nothing new: nothing to do.
  refreshed = model->Refresh(*index_->snapshot());
  ASSERT_TRUE(refreshed.ok());
  EXPECT_EQ(refreshed->added + refreshed->replaced, 0u);
  // After a merge the same documents are in a new segment: still nothing to do.
  ASSERT_TRUE(index_->ForceMerge().ok());
  refreshed = model->Refresh(*index_->snapshot());
  ASSERT_TRUE(refreshed.ok());
  EXPECT_EQ(refreshed->added + refreshed->replaced, 0u);
}

TEST_F(SimilarityIndexTest, QueriesRunWhileNewDocumentsAreAdded) {
  AddCorpus();
  auto model = Build();
  ASSERT_NE(model, nullptr);
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int reader = 0; reader < 3; ++reader) {
    readers.emplace_back([&, reader] {
      while (!done) {
        const auto snapshot = index_->snapshot();
        auto found = reader % 2 == 0 ? model->LikeText(*snapshot, "drone propeller", 5)
                                     : model->LikeDocument(*snapshot, "bat-zh-1", 5);
        if (!found.ok() || found->empty()) ++failures;
      }
    });
  }
  for (int round = 0; round < 10; ++round) {
    ASSERT_TRUE(
        index_
            ->Add(TopicDocument(Topics()[round % 3], round, true, "round-" + std::to_string(round)))
            .ok());
    ASSERT_TRUE(index_->Commit().ok());
    auto refreshed = model->Refresh(*index_->snapshot());
    ASSERT_TRUE(refreshed.ok()) << refreshed.status();
    EXPECT_EQ(refreshed->added, 1u);
  }
  done = true;
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(model->documents(), 70u);
}

TEST_F(SimilarityIndexTest, TooManyNewDocumentsMakeTheModelStale) {
  AddCorpus();
  auto model = Build();  // stale past max(20, 50 % of 60) new documents
  ASSERT_NE(model, nullptr);
  for (int at = 0; at < 31; ++at) {
    ASSERT_TRUE(
        index_->Add(TopicDocument(Topics()[1], at, false, "more-" + std::to_string(at))).ok());
  }
  ASSERT_TRUE(index_->Commit().ok());
  auto refreshed = model->Refresh(*index_->snapshot());
  ASSERT_TRUE(refreshed.ok());
  EXPECT_TRUE(refreshed->stale);
  EXPECT_EQ(refreshed->added, 0u);
  EXPECT_EQ(model->documents(), 60u);
}

TEST_F(SimilarityIndexTest, AnEmptyIndexAnswersNothing) {
  auto model = Build();
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->dimensions(), 0u);
  EXPECT_TRUE(About(*model, "无人机").empty());
  ASSERT_TRUE(model->Save(dir_ / "similar").ok());
  auto loaded = SimilarityIndex::Load(dir_ / "similar", schema_, TestOptions());
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  AddCorpus();
  auto refreshed = (*loaded)->Refresh(*index_->snapshot());
  ASSERT_TRUE(refreshed.ok());
  EXPECT_TRUE(refreshed->stale);
}

TEST_F(SimilarityIndexTest, SurvivesSavingAndLoading) {
  AddCorpus();
  auto model = Build();
  ASSERT_NE(model, nullptr);
  ASSERT_TRUE(model->Save(dir_ / "similar").ok());
  auto loaded = SimilarityIndex::Load(dir_ / "similar", schema_, TestOptions());
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ((*loaded)->generation(), index_->snapshot()->generation());
  EXPECT_EQ((*loaded)->documents(), 60u);
  EXPECT_EQ((*loaded)->terms(), model->terms());
  for (const std::string key : {"bat-zh-0", "dro-en-7", "ann-zh-5"}) {
    const auto before = Like(*model, key, 10);
    const auto after = Like(**loaded, key, 10);
    ASSERT_EQ(Keys(before), Keys(after)) << key;
    for (size_t at = 0; at < before.size(); ++at) {
      EXPECT_FLOAT_EQ(before[at].score, after[at].score);
    }
  }
  EXPECT_EQ(Keys(About(*model, "drone gimbal")), Keys(About(**loaded, "drone gimbal")));

  // Saving again replaces the files.
  ASSERT_TRUE((*loaded)->Save(dir_ / "similar").ok());
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir_ / "similar")) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 3u);  // MANIFEST, model, graph

  // Refreshed documents are saved too.
  ASSERT_TRUE(index_->Add(TopicDocument(Topics()[0], 12, false, "late")).ok());
  ASSERT_TRUE(index_->Commit().ok());
  ASSERT_TRUE((*loaded)->Refresh(*index_->snapshot()).ok());
  ASSERT_TRUE((*loaded)->Save(dir_ / "similar").ok());
  auto again = SimilarityIndex::Load(dir_ / "similar", schema_, TestOptions());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ((*again)->documents(), 61u);
  auto refreshed = (*again)->Refresh(*index_->snapshot());
  ASSERT_TRUE(refreshed.ok());
  EXPECT_EQ(refreshed->added + refreshed->replaced, 0u);
}

TEST_F(SimilarityIndexTest, LoadRejectsMissingDamagedAndForeignModels) {
  EXPECT_EQ(SimilarityIndex::Load(dir_ / "similar", schema_, TestOptions()).status().code(),
            absl::StatusCode::kNotFound);
  AddCorpus();
  auto model = Build();
  ASSERT_NE(model, nullptr);
  const fs::path similar = dir_ / "similar";
  ASSERT_TRUE(model->Save(similar).ok());

  Options other = TestOptions();
  other.dimensions = 8;
  EXPECT_EQ(SimilarityIndex::Load(similar, schema_, other).status().code(),
            absl::StatusCode::kFailedPrecondition);

  for (const std::string kind : {"model", "graph"}) {
    const fs::path file = similar / ManifestFile(similar, kind);
    const std::string good = ReadBytes(file);
    std::string bad = good;
    bad[bad.size() / 2] ^= 0x40;
    WriteBytes(file, bad);
    EXPECT_EQ(SimilarityIndex::Load(similar, schema_, TestOptions()).status().code(),
              absl::StatusCode::kDataLoss)
        << kind;
    WriteBytes(file, good.substr(0, good.size() - 3));
    EXPECT_EQ(SimilarityIndex::Load(similar, schema_, TestOptions()).status().code(),
              absl::StatusCode::kDataLoss)
        << kind;
    WriteBytes(file, good);
  }
  ASSERT_TRUE(SimilarityIndex::Load(similar, schema_, TestOptions()).ok());

  // A graph that lies about its size, with a checksum to match, is still refused.
  const fs::path graph = similar / ManifestFile(similar, "graph");
  std::string lying = ReadBytes(graph);
  lying[8 + 5] = 0x7f;  // the point count, far beyond the file
  WriteBytes(graph, lying);
  const uint32_t crc = static_cast<uint32_t>(
      crc32_z(crc32_z(0, nullptr, 0), reinterpret_cast<const Bytef*>(lying.data()), lying.size()));
  std::string manifest = ReadBytes(similar / "MANIFEST");
  std::istringstream lines(manifest);
  std::string line, rewritten;
  while (std::getline(lines, line)) {
    if (line.starts_with("graph ")) {
      line = "graph " + ManifestFile(similar, "graph") + " " + std::to_string(lying.size()) + " " +
             std::to_string(crc);
    }
    rewritten += line + "\n";
  }
  WriteBytes(similar / "MANIFEST", rewritten);
  EXPECT_EQ(SimilarityIndex::Load(similar, schema_, TestOptions()).status().code(),
            absl::StatusCode::kDataLoss);

  WriteBytes(similar / "MANIFEST", "not a manifest\n");
  EXPECT_EQ(SimilarityIndex::Load(similar, schema_, TestOptions()).status().code(),
            absl::StatusCode::kDataLoss);
}

TEST_F(SimilarityIndexTest, TheSameCorpusGivesTheSameModel) {
  AddCorpus();
  auto first = Build();
  auto second = Build();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  ASSERT_TRUE(first->Save(dir_ / "first").ok());
  ASSERT_TRUE(second->Save(dir_ / "second").ok());
  for (const std::string kind : {"model", "graph"}) {
    EXPECT_EQ(ReadBytes(dir_ / "first" / ManifestFile(dir_ / "first", kind)),
              ReadBytes(dir_ / "second" / ManifestFile(dir_ / "second", kind)))
        << kind;
  }
  EXPECT_EQ(ReadBytes(dir_ / "first" / "MANIFEST"), ReadBytes(dir_ / "second" / "MANIFEST"));
}

TEST_F(SimilarityIndexTest, RowsOfTheTermMatrixAreProfilesOfTheStoredText) {
  AddCorpus();
  index_->Delete("ann-en-3");
  ASSERT_TRUE(index_->Commit().ok());  // two segments, one with a deletion
  ASSERT_TRUE(index_->Add(TopicDocument(Topics()[2], 3, false, "ann-en-3")).ok());
  ASSERT_TRUE(index_->Commit().ok());
  const auto snapshot = index_->snapshot();
  auto matrix = BuildTermMatrix(
      *snapshot, schema_, {.fields = {{.field = kTitle, .weight = 2.0}, {.field = kAbstract}}});
  ASSERT_TRUE(matrix.ok()) << matrix.status();
  ASSERT_EQ(matrix->documents.size(), 60u);
  text::Analyzer analyzer;
  for (size_t row = 0; row < matrix->documents.size(); row += 7) {
    const uint32_t doc = matrix->documents[row];
    const auto& segment = snapshot->SegmentOf(doc);
    const Document document = *segment.reader->Stored(doc - segment.base);
    std::vector<WeightedText> texts;
    for (const FieldValue& value : document.values) {
      if (value.field == kTitle) texts.push_back({.text = value.text, .weight = 2.0});
      if (value.field == kAbstract) texts.push_back({.text = value.text, .weight = 1.0});
    }
    const Profile profile = Profile::Of(matrix->vocabulary, texts, analyzer);
    SparseVector from_postings;
    for (SparseMatrix::InnerIterator it(matrix->matrix, static_cast<Eigen::Index>(row)); it; ++it) {
      from_postings.emplace_back(static_cast<uint32_t>(it.col()), it.value());
    }
    ASSERT_EQ(from_postings.size(), profile.weights().size()) << document.key;
    for (size_t at = 0; at < from_postings.size(); ++at) {
      EXPECT_EQ(from_postings[at].first, profile.weights()[at].first);
      EXPECT_NEAR(from_postings[at].second, profile.weights()[at].second, 1e-5);
    }
  }
  // The vocabulary leaves out terms of one document and the unigrams.
  EXPECT_FALSE(matrix->vocabulary.Find("池").has_value());
  EXPECT_FALSE(matrix->vocabulary.Find("=lithium").has_value());
  EXPECT_TRUE(matrix->vocabulary.Find("电池").has_value());
}

}  // namespace
}  // namespace iphub::engine::similar
