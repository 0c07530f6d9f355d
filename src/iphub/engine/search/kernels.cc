#include "iphub/engine/search/kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace iphub::engine::search {
namespace internal {

namespace {

// The indexes [from, values.size()) in range, numbered from the start of `values`.
void AppendInRange(std::span<const int64_t> values, size_t from, int64_t lower, int64_t upper,
                   std::vector<uint32_t>& out) {
  for (size_t at = from; at < values.size(); ++at) {
    if (values[at] >= lower && values[at] <= upper) out.push_back(static_cast<uint32_t>(at));
  }
}

}  // namespace

void SelectInRangeScalar(std::span<const int64_t> values, int64_t lower, int64_t upper,
                         std::vector<uint32_t>& out) {
  AppendInRange(values, 0, lower, upper, out);
}

#if defined(__x86_64__)
bool CpuHasAvx2() { return __builtin_cpu_supports("avx2"); }

// Four values per step: two 64-bit comparisons give the lanes outside the
// range; the others are appended in order.
__attribute__((target("avx2"))) void SelectInRangeAvx2(std::span<const int64_t> values,
                                                       int64_t lower, int64_t upper,
                                                       std::vector<uint32_t>& out) {
  const __m256i low = _mm256_set1_epi64x(lower);
  const __m256i high = _mm256_set1_epi64x(upper);
  const size_t n = values.size();
  size_t at = 0;
  for (; at + 4 <= n; at += 4) {
    const __m256i v =
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(values.data() + at));  // NOLINT
    const __m256i outside =
        _mm256_or_si256(_mm256_cmpgt_epi64(low, v), _mm256_cmpgt_epi64(v, high));
    unsigned inside =
        ~static_cast<unsigned>(_mm256_movemask_pd(_mm256_castsi256_pd(outside))) & 0xF;
    if (inside == 0xF) {
      const uint32_t first = static_cast<uint32_t>(at);
      out.insert(out.end(), {first, first + 1, first + 2, first + 3});
      continue;
    }
    while (inside != 0) {
      out.push_back(static_cast<uint32_t>(at) + static_cast<uint32_t>(__builtin_ctz(inside)));
      inside &= inside - 1;
    }
  }
  AppendInRange(values, at, lower, upper, out);  // the last 0-3 values
}
#else
bool CpuHasAvx2() { return false; }
void SelectInRangeAvx2(std::span<const int64_t> values, int64_t lower, int64_t upper,
                       std::vector<uint32_t>& out) {
  SelectInRangeScalar(values, lower, upper, out);
}
#endif

}  // namespace internal

void SelectInRange(std::span<const int64_t> values, int64_t lower, int64_t upper,
                   std::vector<uint32_t>& out) {
  static const bool avx2 = internal::CpuHasAvx2();
  if (avx2) {
    internal::SelectInRangeAvx2(values, lower, upper, out);
  } else {
    internal::SelectInRangeScalar(values, lower, upper, out);
  }
}

std::string_view SelectInRangeKernel() { return internal::CpuHasAvx2() ? "avx2" : "scalar"; }

}  // namespace iphub::engine::search
