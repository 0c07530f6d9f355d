// Similar patents over the demo corpus: fourteen technology fields, each with
// IPC symbols of one subclass and words of its own (demo_vocabulary.h), so a
// patent's neighbours should be of its field.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "iphub/base/crypto.h"
#include "iphub/base/strings.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"
#include "iphub/patents/demo_corpus.h"
#include "iphub/patents/demo_vocabulary.h"
#include "iphub/patents/migrations.h"
#include "iphub/patents/search.h"
#include "iphub/patents/store.h"

namespace iphub::patents {
namespace {

namespace fs = std::filesystem;

// 2026-11-28 12:00 in Shanghai.
constexpr int64_t kNow = 1795795200000LL + 4 * 3600 * 1000;
const CorpusOptions kCorpus{.count = 700, .seed = 11};

// The demo fields (their keys, "H01M") that list an IPC symbol; a few symbols
// serve two fields (H02J 7/00: batteries of electric vehicles, and the grid).
std::set<std::string> FieldsOf(std::string_view symbol) {
  std::string wanted;
  for (char c : symbol) {
    if (c != ' ') wanted += c;
  }
  std::set<std::string> out;
  for (const demo::FieldVocabulary& field : demo::Fields()) {
    for (std::string_view ipc : field.ipc) {
      std::string plain;
      for (char c : ipc) {
        if (c != ' ') plain += c;
      }
      if (plain == wanted) out.insert(std::string(field.key));
    }
  }
  return out;
}

bool SameField(std::string_view a, std::string_view b) {
  const std::set<std::string> fields = FieldsOf(a);
  for (const std::string& field : FieldsOf(b)) {
    if (fields.count(field)) return true;
  }
  return false;
}

std::string Subclass(std::string_view symbol) {
  std::string out;
  for (char c : symbol) {
    if (c != ' ') out += c;
    if (out.size() == 4) break;
  }
  return out;
}

template <typename Backend>
class SimilarPatentsTest : public db::testing::DatabaseTest<Backend> {
 protected:
  void SetUp() override {
    db::testing::DatabaseTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    ASSERT_TRUE(base::InitCrypto().ok());
    auto applied = db::Migrate(this->db(), Migrations());
    ASSERT_TRUE(applied.ok()) << applied.status();
    dir_ = fs::temp_directory_path() / ("iphub_similar_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override {
    fs::remove_all(dir_);
    db::testing::DatabaseTest<Backend>::TearDown();
  }

  // Loads the demo corpus and indexes it; the generated patents by number.
  void LoadDemo() {
    auto loaded = LoadCorpus(this->db(), kCorpus, nullptr);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    CorpusGenerator generator(kCorpus);
    while (generator.HasNext()) {
      Patent patent = generator.Next();
      patents_[patent.publication_number] = patent;
    }
    index_ = OpenIndex();
    ASSERT_NE(index_, nullptr);
    ASSERT_EQ(index_->CatchUp().value_or(-1), kCorpus.count);
  }

  std::unique_ptr<PatentIndex> OpenIndex(IndexAccess access = IndexAccess::kWriter) {
    auto index = PatentIndex::Open(this->db(), dir_, clock_, access);
    EXPECT_TRUE(index.ok()) << index.status();
    return index.ok() ? std::move(*index) : nullptr;
  }

  void Store(const Patent& patent) {
    auto conn = this->db().Acquire();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE(store::UpsertPatent(**conn, patent, kNow).ok());
  }

  // Invention patents and utility models of the corpus (designs have a few
  // words and no IPC), in number order.
  std::vector<const Patent*> Technical() const {
    std::vector<const Patent*> out;
    for (const auto& [number, patent] : patents_) {
      if (patent.type != DocumentType::kCnDesign && patent.type != DocumentType::kUsDesign &&
          !patent.ipc.empty()) {
        out.push_back(&patent);
      }
    }
    return out;
  }

  fs::path dir_;
  base::FakeClock clock_{kNow};
  std::map<std::string, Patent> patents_;
  std::unique_ptr<PatentIndex> index_;
};
TYPED_TEST_SUITE(SimilarPatentsTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(SimilarPatentsTest, SimilarPatentsAreOfTheSameFieldAndSayWhy) {
  this->LoadDemo();
  ASSERT_NE(this->index_, nullptr);
  const std::vector<const Patent*> technical = this->Technical();
  ASSERT_GT(technical.size(), 300u);
  size_t hits = 0, same_field = 0, with_terms = 0, with_classes = 0;
  for (size_t at = 0; at < technical.size(); at += technical.size() / 30) {
    const Patent& patent = *technical[at];
    auto similar = this->index_->Similar(patent.publication_number, 5);
    ASSERT_TRUE(similar.ok()) << similar.status();
    EXPECT_EQ(similar->publication_number, patent.publication_number);
    ASSERT_EQ(similar->hits.size(), 5u);
    std::set<std::string> subclasses;
    for (const Classification& ipc : patent.ipc) subclasses.insert(Subclass(ipc.symbol));
    std::set<std::string> applications = {patent.application_number};
    for (const SimilarPatent& hit : similar->hits) {
      const Patent& other = this->patents_.at(hit.publication_number);
      // Not the patent itself, nor another publication of its application, and
      // one publication per application.
      EXPECT_TRUE(applications.insert(other.application_number).second) << hit.publication_number;
      EXPECT_EQ(hit.title, other.title);
      ++hits;
      same_field += SameField(hit.ipc_main, patent.ipc_main);
      with_terms += !hit.shared_terms.empty();
      with_classes += !hit.shared_ipc.empty();
      // Shared classes are classes of both.
      for (const std::string& shared : hit.shared_ipc) {
        EXPECT_TRUE(subclasses.count(Subclass(shared))) << shared;
        bool theirs = false;
        for (const Classification& ipc : other.ipc) {
          theirs |= Subclass(ipc.symbol) == Subclass(shared);
        }
        EXPECT_TRUE(theirs) << shared;
      }
      // Shared Chinese words are written in both (English ones are stems).
      if (patent.language == "zh") {
        std::string text = base::StrCat(patent.title, "\n", patent.abstract);
        for (const Claim& claim : patent.claims) text += "\n" + claim.text;
        std::string other_text = base::StrCat(other.title, "\n", other.abstract);
        for (const Claim& claim : other.claims) other_text += "\n" + claim.text;
        for (const std::string& term : hit.shared_terms) {
          EXPECT_NE(text.find(term), std::string::npos) << term;
          EXPECT_NE(other_text.find(term), std::string::npos) << term;
        }
      }
    }
  }
  // The corpus's fields share words (电池: batteries, and battery swapping for
  // electric vehicles) and sentence templates ("… and preparation method
  // therefor"), so not every neighbour is of the same field.
  EXPECT_GE(same_field * 10, hits * 8) << same_field << " of " << hits;
  EXPECT_EQ(with_terms, hits);
  EXPECT_GE(with_classes * 10, hits * 8) << with_classes << " of " << hits;
}

TYPED_TEST(SimilarPatentsTest, FreeTextFindsPatentsOfItsField) {
  this->LoadDemo();
  ASSERT_NE(this->index_, nullptr);
  size_t hits = 0, in_field = 0, with_terms = 0;
  for (const demo::FieldVocabulary& field : demo::Fields()) {
    for (bool chinese : {true, false}) {
      const std::string text = base::StrCat(chinese ? field.tasks[0].zh : field.tasks[0].en, " ",
                                            chinese ? field.devices[0].zh : field.devices[0].en);
      auto similar = this->index_->SimilarToText(text, 5);
      ASSERT_TRUE(similar.ok()) << similar.status();
      std::set<std::string> numbers;
      for (const SimilarPatent& hit : similar->hits) {
        EXPECT_TRUE(numbers.insert(hit.publication_number).second);
        EXPECT_TRUE(hit.shared_ipc.empty());  // a text has no classes
        ++hits;
        in_field += FieldsOf(hit.ipc_main).count(std::string(field.key));
        with_terms += !hit.shared_terms.empty();
      }
    }
  }
  EXPECT_GE(hits, 100u);
  // 700 patents over 14 fields and two languages: a few dozen per field, and
  // fields that share words.
  EXPECT_GE(in_field * 10, hits * 7) << in_field << " of " << hits;
  EXPECT_GE(with_terms * 10, hits * 9) << with_terms << " of " << hits;
  auto none = this->index_->SimilarToText("qqqq zzzz", 5);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->hits.empty());
  EXPECT_EQ(this->index_->SimilarToText("  ", 5).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TYPED_TEST(SimilarPatentsTest, NumbersAreReadAsUsersWriteThem) {
  this->LoadDemo();
  ASSERT_NE(this->index_, nullptr);
  const Patent& patent = *this->Technical().front();
  auto exact = this->index_->Similar(patent.publication_number, 3);
  ASSERT_TRUE(exact.ok()) << exact.status();
  const std::string spaced = base::StrCat(patent.country, " ", patent.doc_number, " ", patent.kind);
  auto written = this->index_->Similar(spaced, 3);
  ASSERT_TRUE(written.ok()) << spaced << ": " << written.status();
  EXPECT_EQ(written->publication_number, patent.publication_number);
  ASSERT_EQ(written->hits.size(), exact->hits.size());
  for (size_t at = 0; at < exact->hits.size(); ++at) {
    EXPECT_EQ(written->hits[at].publication_number, exact->hits[at].publication_number);
  }
  EXPECT_EQ(this->index_->Similar("CN999999999A", 3).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(this->index_->Similar("\"", 3).status().code(), absl::StatusCode::kNotFound);
}

TYPED_TEST(SimilarPatentsTest, TheModelIsKeptBesideTheIndexAndRebuiltWhenDamaged) {
  this->LoadDemo();
  ASSERT_NE(this->index_, nullptr);
  const std::string number = this->Technical()[7]->publication_number;
  auto first = this->index_->Similar(number, 5);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(fs::exists(this->dir_ / "similar" / "MANIFEST"));

  // Another process reads it.
  auto reader = this->OpenIndex(IndexAccess::kReader);
  ASSERT_NE(reader, nullptr);
  auto again = reader->Similar(number, 5);
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_EQ(again->hits.size(), first->hits.size());
  for (size_t at = 0; at < first->hits.size(); ++at) {
    EXPECT_EQ(again->hits[at].publication_number, first->hits[at].publication_number);
    EXPECT_EQ(again->hits[at].shared_terms, first->hits[at].shared_terms);
  }
  reader.reset();

  // A damaged model file: built again on first use, and saved.
  this->index_.reset();
  for (const auto& entry : fs::directory_iterator(this->dir_ / "similar")) {
    if (entry.path().filename().string().starts_with("model-")) {
      std::fstream file(entry.path(), std::ios::in | std::ios::out | std::ios::binary);
      file.seekp(100);
      file.put('\x7f');
    }
  }
  this->index_ = this->OpenIndex();
  ASSERT_NE(this->index_, nullptr);
  auto rebuilt = this->index_->Similar(number, 5);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status();
  ASSERT_EQ(rebuilt->hits.size(), first->hits.size());
  for (size_t at = 0; at < first->hits.size(); ++at) {
    EXPECT_EQ(rebuilt->hits[at].publication_number, first->hits[at].publication_number);
  }
  auto reread = this->OpenIndex(IndexAccess::kReader);
  ASSERT_NE(reread, nullptr);
  EXPECT_TRUE(reread->Similar(number, 5).ok());
}

TYPED_TEST(SimilarPatentsTest, NewPatentsAreFoundOnceIndexed) {
  this->LoadDemo();
  ASSERT_NE(this->index_, nullptr);
  ASSERT_TRUE(this->index_->SimilarToText("无人机", 3).ok());  // the model exists

  // A new patent made of a field's words.
  CorpusGenerator generator({.count = kCorpus.count + 40, .seed = kCorpus.seed});
  std::vector<Patent> later;
  while (generator.HasNext()) {
    Patent patent = generator.Next();
    if (generator.produced() > kCorpus.count) later.push_back(std::move(patent));
  }
  const Patent* added = nullptr;
  for (const Patent& patent : later) {
    if (patent.type == DocumentType::kCnInventionApplication && !patent.abstract.empty()) {
      added = &patent;
      break;
    }
  }
  ASSERT_NE(added, nullptr);
  this->Store(*added);
  ASSERT_EQ(this->index_->CatchUp().value_or(-1), 1);

  auto found = this->index_->SimilarToText(added->abstract, 10);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_FALSE(found->hits.empty());
  EXPECT_EQ(found->hits[0].publication_number, added->publication_number);
  auto like = this->index_->Similar(added->publication_number, 5);
  ASSERT_TRUE(like.ok()) << like.status();
  EXPECT_EQ(like->hits.size(), 5u);
}

TYPED_TEST(SimilarPatentsTest, RebuildingTheIndexBuildsTheModel) {
  this->LoadDemo();
  ASSERT_NE(this->index_, nullptr);
  ASSERT_FALSE(fs::exists(this->dir_ / "similar" / "MANIFEST"));
  auto rebuilt = this->index_->Rebuild();
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status();
  EXPECT_TRUE(fs::exists(this->dir_ / "similar" / "MANIFEST"));
  auto info = this->index_->RebuildSimilar();
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->documents, static_cast<uint64_t>(kCorpus.count));
  EXPECT_GT(info->terms, 1000u);
  EXPECT_EQ(info->dimensions, 128u);
}

}  // namespace
}  // namespace iphub::patents
