// A truncated singular value decomposition of a large sparse matrix by random
// projection (Halko, Martinsson and Tropp, "Finding structure with randomness",
// 2011, algorithms 4.4 and 5.1): the top right singular vectors, which project a
// document's TF-IDF row onto the corpus's main "topics" (latent semantic
// analysis).
//
//   IPHUB_ASSIGN_OR_RETURN(Factorization svd,
//                          TruncatedSvd(term_matrix, {.rank = 128, .seed = 7}));
//   Eigen::VectorXf topics = svd.right.transpose() * row;   // rank numbers
//
// How: a Gaussian test matrix Ω (columns × rank+oversampling) gives Y = AΩ, whose
// span approximates A's range; a few power iterations (Y = A Aᵀ Y, with a QR step
// between products to keep the columns apart) sharpen it; with Q an orthonormal
// basis of Y, the small matrix B = QᵀA has the same top singular vectors on the
// right as A, found by a dense SVD. Cost: 2 + 2 × power_iterations products of A
// with a thin dense matrix, and QR factorisations of thin matrices.
//
// Deterministic: the test matrix comes from the seed through the engine's own
// generator (SplitMix64 and Box–Muller, not std:: distributions), and the sign
// of each singular vector is fixed (its largest entry is positive), so the same
// matrix and options give the same vectors.
#ifndef IPHUB_ENGINE_SIMILAR_FACTORIZATION_H_
#define IPHUB_ENGINE_SIMILAR_FACTORIZATION_H_

#include <atomic>
#include <cstdint>

#include "Eigen/Dense"
#include "Eigen/SparseCore"
#include "absl/status/statusor.h"

namespace iphub::engine::similar {

using SparseMatrix = Eigen::SparseMatrix<float, Eigen::RowMajor, int>;

struct FactorizationOptions {
  uint32_t rank = 128;
  uint32_t oversampling = 10;  // extra random directions, dropped at the end
  uint32_t power_iterations = 2;
  uint64_t seed = 1;
};

struct Factorization {
  // columns(A) × r: the top right singular vectors, one per column, r =
  // min(rank, rows(A), columns(A)).
  Eigen::MatrixXf right;
  Eigen::VectorXf singular_values;  // r, descending
};

// Factorises `matrix`. Cancelled if `cancelled` becomes true (checked between
// products). An empty matrix gives an empty factorisation.
absl::StatusOr<Factorization> TruncatedSvd(const SparseMatrix& matrix,
                                           const FactorizationOptions& options,
                                           const std::atomic<bool>* cancelled = nullptr);

// Standard normal numbers from a seed, the same on every platform.
class GaussianStream {
 public:
  explicit GaussianStream(uint64_t seed) : state_(seed) {}
  double Next();

 private:
  uint64_t NextBits();
  uint64_t state_;
  bool has_spare_ = false;
  double spare_ = 0;
};

}  // namespace iphub::engine::similar

#endif  // IPHUB_ENGINE_SIMILAR_FACTORIZATION_H_
