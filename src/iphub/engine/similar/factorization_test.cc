#include "iphub/engine/similar/factorization.h"

#include <cmath>
#include <vector>

#include "Eigen/SVD"
#include "gtest/gtest.h"

namespace iphub::engine::similar {
namespace {

// A sparse matrix of three blocks of rows over three disjoint sets of columns,
// with some noise entries everywhere.
SparseMatrix BlockMatrix() {
  std::vector<Eigen::Triplet<float>> entries;
  GaussianStream noise(99);
  for (int row = 0; row < 300; ++row) {
    const int block = row / 100;
    for (int column = block * 40; column < block * 40 + 40; column += 1 + row % 3) {
      entries.emplace_back(row, column, static_cast<float>(1.0 + 0.1 * noise.Next()));
    }
    entries.emplace_back(row, (row * 7) % 120, 0.05f);
  }
  SparseMatrix matrix(300, 120);
  matrix.setFromTriplets(entries.begin(), entries.end());
  return matrix;
}

TEST(TruncatedSvd, FindsTheLargestSingularValuesAndVectors) {
  const SparseMatrix matrix = BlockMatrix();
  auto svd = TruncatedSvd(matrix, {.rank = 5, .seed = 3});
  ASSERT_TRUE(svd.ok()) << svd.status();
  ASSERT_EQ(svd->right.rows(), 120);
  ASSERT_EQ(svd->right.cols(), 5);

  const Eigen::MatrixXf dense = Eigen::MatrixXf(matrix);
  Eigen::BDCSVD<Eigen::MatrixXf> exact(dense, Eigen::ComputeThinV);
  for (int at = 0; at < 5; ++at) {
    EXPECT_NEAR(svd->singular_values(at), exact.singularValues()(at),
                1e-3 * exact.singularValues()(0))
        << "singular value " << at;
    // The same direction, up to sign.
    const float agreement = std::abs(svd->right.col(at).dot(exact.matrixV().col(at)));
    EXPECT_GT(agreement, 0.99f) << "vector " << at;
  }
  // Orthonormal columns.
  const Eigen::MatrixXf gram = svd->right.transpose() * svd->right;
  EXPECT_TRUE(gram.isIdentity(1e-4f));
}

TEST(TruncatedSvd, IsDeterministicForASeed) {
  const SparseMatrix matrix = BlockMatrix();
  auto first = TruncatedSvd(matrix, {.rank = 8, .seed = 11});
  auto second = TruncatedSvd(matrix, {.rank = 8, .seed = 11});
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_TRUE(first->right == second->right);
  EXPECT_TRUE(first->singular_values == second->singular_values);
}

TEST(TruncatedSvd, RankIsCutToTheMatrix) {
  SparseMatrix matrix(3, 50);
  matrix.insert(0, 1) = 1;
  matrix.insert(1, 2) = 1;
  matrix.insert(2, 3) = 1;
  auto svd = TruncatedSvd(matrix, {.rank = 128});
  ASSERT_TRUE(svd.ok()) << svd.status();
  EXPECT_EQ(svd->right.cols(), 3);

  auto empty = TruncatedSvd(SparseMatrix(0, 0), {.rank = 16});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->right.cols(), 0);
}

TEST(TruncatedSvd, StopsWhenCancelled) {
  std::atomic<bool> cancelled{true};
  auto svd = TruncatedSvd(BlockMatrix(), {.rank = 4}, &cancelled);
  EXPECT_EQ(svd.status().code(), absl::StatusCode::kCancelled);
}

TEST(GaussianStream, IsStandardNormalAndRepeatable) {
  GaussianStream stream(5);
  double sum = 0, squares = 0;
  constexpr int kDraws = 200000;
  for (int at = 0; at < kDraws; ++at) {
    const double value = stream.Next();
    sum += value;
    squares += value * value;
  }
  EXPECT_NEAR(sum / kDraws, 0.0, 0.01);
  EXPECT_NEAR(squares / kDraws, 1.0, 0.02);
  GaussianStream again(5), other(6);
  GaussianStream replay(5);
  EXPECT_EQ(again.Next(), replay.Next());
  EXPECT_NE(GaussianStream(5).Next(), other.Next());
}

}  // namespace
}  // namespace iphub::engine::similar
