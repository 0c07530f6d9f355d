#include "iphub/engine/similar/factorization.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "Eigen/QR"
#include "Eigen/SVD"

namespace iphub::engine::similar {
namespace {

absl::Status CheckCancelled(const std::atomic<bool>* cancelled) {
  if (cancelled != nullptr && cancelled->load()) {
    return absl::CancelledError("the factorisation was cancelled");
  }
  return absl::OkStatus();
}

// An orthonormal basis of the columns of `m` (the thin Q of its QR).
Eigen::MatrixXf Orthonormal(const Eigen::MatrixXf& m) {
  Eigen::HouseholderQR<Eigen::MatrixXf> qr(m);
  return qr.householderQ() * Eigen::MatrixXf::Identity(m.rows(), m.cols());
}

}  // namespace

uint64_t GaussianStream::NextBits() {
  // SplitMix64 (Steele, Lea and Flood 2014).
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double GaussianStream::Next() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  // Box–Muller over two uniforms in (0, 1].
  const double u1 = static_cast<double>((NextBits() >> 11) + 1) * 0x1.0p-53;
  const double u2 = static_cast<double>((NextBits() >> 11) + 1) * 0x1.0p-53;
  const double radius = std::sqrt(-2.0 * std::log(u1));
  const double angle = 2.0 * std::numbers::pi * u2;
  spare_ = radius * std::sin(angle);
  has_spare_ = true;
  return radius * std::cos(angle);
}

absl::StatusOr<Factorization> TruncatedSvd(const SparseMatrix& matrix,
                                           const FactorizationOptions& options,
                                           const std::atomic<bool>* cancelled) {
  const Eigen::Index rows = matrix.rows(), columns = matrix.cols();
  const Eigen::Index rank =
      std::min<Eigen::Index>({static_cast<Eigen::Index>(options.rank), rows, columns});
  Factorization out;
  if (rank <= 0) {
    out.right.resize(columns, 0);
    return out;
  }
  const Eigen::Index sketch = std::min<Eigen::Index>(
      {rank + static_cast<Eigen::Index>(options.oversampling), rows, columns});

  // Ω, filled column by column so that the numbers do not depend on Eigen's
  // storage order.
  Eigen::MatrixXf omega(columns, sketch);
  GaussianStream gaussian(options.seed);
  for (Eigen::Index column = 0; column < sketch; ++column) {
    for (Eigen::Index row = 0; row < columns; ++row) {
      omega(row, column) = static_cast<float>(gaussian.Next());
    }
  }
  Eigen::MatrixXf q = Orthonormal(matrix * omega);
  omega.resize(0, 0);
  for (uint32_t iteration = 0; iteration < options.power_iterations; ++iteration) {
    if (absl::Status status = CheckCancelled(cancelled); !status.ok()) return status;
    const Eigen::MatrixXf z = Orthonormal(matrix.transpose() * q);
    if (absl::Status status = CheckCancelled(cancelled); !status.ok()) return status;
    q = Orthonormal(matrix * z);
  }
  if (absl::Status status = CheckCancelled(cancelled); !status.ok()) return status;
  // Bᵀ = Aᵀ Q (columns × sketch): its left singular vectors are A's right ones.
  const Eigen::MatrixXf bt = matrix.transpose() * q;
  Eigen::BDCSVD<Eigen::MatrixXf> svd(bt, Eigen::ComputeThinU);
  out.right = svd.matrixU().leftCols(rank);
  out.singular_values = svd.singularValues().head(rank);
  for (Eigen::Index column = 0; column < rank; ++column) {
    Eigen::Index largest = 0;
    out.right.col(column).cwiseAbs().maxCoeff(&largest);
    if (out.right(largest, column) < 0) out.right.col(column) *= -1.0f;
  }
  return out;
}

}  // namespace iphub::engine::similar
