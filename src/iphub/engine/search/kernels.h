// Hot loops of query evaluation, with a SIMD version chosen at run time when the
// CPU has it (Debian builds for baseline x86-64; CRoaring's package is a portable
// build too). Each kernel has a scalar reference that gives the same answer.
//
//   std::vector<uint64_t> words;
//   SelectInRange(segment.DenseInts(field), 20200101, 20201231, words);
//   Bitmap docs = Bitmap::FromWords(words);
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace iphub::engine::search {

// Sets `words` to one bit per value, (values.size() + 63) / 64 words: bit
// i % 64 of words[i / 64] is set when lower <= values[i] <= upper. (A range over
// an int column that holds one value per document: the bits are the documents.)
void SelectInRange(std::span<const int64_t> values, int64_t lower, int64_t upper,
                   std::vector<uint64_t>& words);

// The implementation SelectInRange uses on this CPU: "avx2" or "scalar".
std::string_view SelectInRangeKernel();

namespace internal {
void SelectInRangeScalar(std::span<const int64_t> values, int64_t lower, int64_t upper,
                         std::vector<uint64_t>& words);
// Only where the CPU has AVX2 (CpuHasAvx2()).
void SelectInRangeAvx2(std::span<const int64_t> values, int64_t lower, int64_t upper,
                       std::vector<uint64_t>& words);
bool CpuHasAvx2();
}  // namespace internal

}  // namespace iphub::engine::search
