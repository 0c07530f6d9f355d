#include "iphub/engine/search/kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace iphub::engine::search {
namespace internal {

namespace {

// Bits of values [from, values.size()) into `words` (sized, and zeroed from the
// word holding `from` on).
void BitsInRange(std::span<const int64_t> values, size_t from, int64_t lower, int64_t upper,
                 std::vector<uint64_t>& words) {
  for (size_t at = from; at < values.size(); ++at) {
    if (values[at] >= lower && values[at] <= upper) words[at / 64] |= uint64_t{1} << (at % 64);
  }
}

}  // namespace

void SelectInRangeScalar(std::span<const int64_t> values, int64_t lower, int64_t upper,
                         std::vector<uint64_t>& words) {
  words.assign((values.size() + 63) / 64, 0);
  BitsInRange(values, 0, lower, upper, words);
}

#if defined(__x86_64__)
bool CpuHasAvx2() { return __builtin_cpu_supports("avx2"); }

// 64 values per word, four per comparison; the last partial word by the scalar loop.
__attribute__((target("avx2"))) void SelectInRangeAvx2(std::span<const int64_t> values,
                                                       int64_t lower, int64_t upper,
                                                       std::vector<uint64_t>& words) {
  const __m256i low = _mm256_set1_epi64x(lower);
  const __m256i high = _mm256_set1_epi64x(upper);
  const size_t n = values.size();
  words.assign((n + 63) / 64, 0);
  size_t at = 0;
  for (; at + 64 <= n; at += 64) {
    uint64_t word = 0;
    for (size_t lane = 0; lane < 64; lane += 4) {
      const __m256i v = _mm256_loadu_si256(
          reinterpret_cast<const __m256i*>(values.data() + at + lane));  // NOLINT
      const __m256i outside =
          _mm256_or_si256(_mm256_cmpgt_epi64(low, v), _mm256_cmpgt_epi64(v, high));
      const uint64_t inside =
          ~static_cast<uint64_t>(_mm256_movemask_pd(_mm256_castsi256_pd(outside))) & 0xF;
      word |= inside << lane;
    }
    words[at / 64] = word;
  }
  BitsInRange(values, at, lower, upper, words);  // the last 0-63 values
}
#else
bool CpuHasAvx2() { return false; }
void SelectInRangeAvx2(std::span<const int64_t> values, int64_t lower, int64_t upper,
                       std::vector<uint64_t>& words) {
  SelectInRangeScalar(values, lower, upper, words);
}
#endif

}  // namespace internal

void SelectInRange(std::span<const int64_t> values, int64_t lower, int64_t upper,
                   std::vector<uint64_t>& words) {
  static const bool avx2 = internal::CpuHasAvx2();
  if (avx2) {
    internal::SelectInRangeAvx2(values, lower, upper, words);
  } else {
    internal::SelectInRangeScalar(values, lower, upper, words);
  }
}

std::string_view SelectInRangeKernel() { return internal::CpuHasAvx2() ? "avx2" : "scalar"; }

}  // namespace iphub::engine::search
