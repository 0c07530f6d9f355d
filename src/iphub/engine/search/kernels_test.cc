#include "iphub/engine/search/kernels.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace iphub::engine::search {
namespace {

std::vector<uint64_t> Naive(const std::vector<int64_t>& values, int64_t lower, int64_t upper) {
  std::vector<uint64_t> words((values.size() + 63) / 64, 0);
  for (size_t at = 0; at < values.size(); ++at) {
    if (lower <= values[at] && values[at] <= upper) words[at / 64] |= uint64_t{1} << (at % 64);
  }
  return words;
}

// Every implementation this CPU can run gives the naive answer, for lengths that
// are and are not multiples of the vector width and of the word, ranges that take
// nothing, all, or every other value, and the extreme bounds; a vector that held
// other words before is overwritten whole.
TEST(KernelsTest, SelectInRangeAgreesWithTheNaiveLoop) {
  std::mt19937_64 random(42);
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  for (size_t n : {0u, 1u, 3u, 4u, 5u, 7u, 8u, 33u, 63u, 64u, 65u, 128u, 1000u, 4099u}) {
    std::vector<int64_t> values(n);
    for (int64_t& value : values) {
      value = 20000101 + static_cast<int64_t>(random() % 300000);  // dates of 30 years
    }
    if (n > 2) {
      values[1] = kMin;
      values[n - 1] = kMax;
    }
    const std::vector<std::pair<int64_t, int64_t>> ranges = {
        {20100101, 20201231},
        {kMin, kMax},
        {20300101, 20400101},
        {kMin, 20000101},
        {20150615, 20150615},
        {kMax, kMax},
        {5, 4},
    };
    for (const auto& [lower, upper] : ranges) {
      const std::vector<uint64_t> expected = Naive(values, lower, upper);
      std::vector<uint64_t> scalar = {~uint64_t{0}, 3}, dispatched = {~uint64_t{0}};
      internal::SelectInRangeScalar(values, lower, upper, scalar);
      SelectInRange(values, lower, upper, dispatched);
      EXPECT_EQ(scalar, expected) << n << " [" << lower << ", " << upper << "]";
      EXPECT_EQ(dispatched, expected) << n << " [" << lower << ", " << upper << "]";
      if (internal::CpuHasAvx2()) {
        std::vector<uint64_t> avx2(70, ~uint64_t{0});
        internal::SelectInRangeAvx2(values, lower, upper, avx2);
        EXPECT_EQ(avx2, expected) << n << " [" << lower << ", " << upper << "]";
      }
    }
  }
}

TEST(KernelsTest, TheKernelInUseIsNamed) {
  EXPECT_EQ(SelectInRangeKernel(), internal::CpuHasAvx2() ? "avx2" : "scalar");
}

}  // namespace
}  // namespace iphub::engine::search
