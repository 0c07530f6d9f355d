#include "iphub/engine/index/bitmap.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace iphub::engine::index {
namespace {

std::vector<uint32_t> Ids(const Bitmap& bitmap) {
  std::vector<uint32_t> out;
  bitmap.ToVector(out);
  return out;
}

// FromWords gives the bitmap Of gives for the same ids: empty words, chunks left
// empty, sparse chunks (array containers), dense ones (bitsets) around the 4,096
// boundary, a partial last chunk, and ids up to the last bit of the last word.
TEST(BitmapTest, FromWordsHoldsExactlyTheSetBits) {
  std::mt19937_64 random(7);
  const std::vector<std::pair<size_t, double>> shapes = {
      {0, 0.0},
      {1, 1.0},
      {3, 0.5},
      {1024, 0.0},
      {1024, 4096.0 / 65536},
      {1024, 4097.0 / 65536},
      {1025, 0.9},
      {2500, 0.01},
      {3000, 0.6},
  };
  for (const auto& [word_count, density] : shapes) {
    std::vector<uint64_t> words(word_count, 0);
    std::vector<uint32_t> ids;
    std::bernoulli_distribution set(density);
    for (size_t id = 0; id < word_count * 64; ++id) {
      // The second chunk stays empty, to leave a gap between containers.
      if (id / 65536 == 1 && word_count > 2048) continue;
      if (set(random)) {
        words[id / 64] |= uint64_t{1} << (id % 64);
        ids.push_back(static_cast<uint32_t>(id));
      }
    }
    if (word_count == 1024 && density > 0) {  // exactly 4,096 or 4,097 ids in the chunk
      const uint32_t count = density == 4096.0 / 65536 ? 4096 : 4097;
      std::fill(words.begin(), words.end(), 0);
      ids.clear();
      for (uint32_t at = 0; at < count; ++at) {
        const uint32_t id = at * 15;
        words[id / 64] |= uint64_t{1} << (id % 64);
        ids.push_back(id);
      }
    }
    const Bitmap bitmap = Bitmap::FromWords(words);
    EXPECT_EQ(bitmap.Cardinality(), ids.size()) << word_count << " " << density;
    EXPECT_EQ(Ids(bitmap), ids) << word_count << " " << density;
    // It is an ordinary bitmap: it can be changed and combined.
    Bitmap copy = Bitmap::FromWords(words);
    copy &= Bitmap::Of(ids);
    EXPECT_EQ(Ids(copy), ids);
  }
}

}  // namespace
}  // namespace iphub::engine::index
