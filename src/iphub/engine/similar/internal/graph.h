// The nearest-neighbour graph of the similarity model: an HNSW graph (hnswlib,
// inner product over unit vectors) behind an interface that returns Status and
// never throws, with a serialisation of its own.
//
// Why not hnswlib's saveIndex/loadIndex: the Debian version (0.6.2) writes
// without reporting errors, trusts the sizes in a file it loads (a damaged file
// makes it allocate or read arbitrary amounts), and leaves some members
// uninitialised on load. Read() checks every size and link before building the
// graph. Its SSE code reads past link lists, so graph.cc builds it without
// (and brings its own distance); with it, hnswlib.h also defines non-inline
// functions: only graph.cc may include it.
//
// Thread-safety: Search() may run concurrently with other Search() calls; Add()
// and Remove() need the graph to themselves (the caller's lock).
#ifndef IPHUB_ENGINE_SIMILAR_INTERNAL_GRAPH_H_
#define IPHUB_ENGINE_SIMILAR_INTERNAL_GRAPH_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace iphub::engine::similar::internal {

struct GraphOptions {
  uint32_t degree = 16;            // hnswlib's M: links per point above level 0
  uint32_t construction_ef = 100;  // candidates considered when linking a point
  uint32_t search_ef = 64;         // candidates considered per search (at least k)
  uint64_t seed = 100;             // levels of new points
};

class Graph {
 public:
  // An empty graph for vectors of `dimensions` floats.
  static absl::StatusOr<std::unique_ptr<Graph>> Create(size_t dimensions, size_t capacity,
                                                       const GraphOptions& options);
  // A graph written by Write(). DataLoss if the bytes are not a consistent graph
  // of `dimensions` with labels below `label_limit`.
  static absl::StatusOr<std::unique_ptr<Graph>> Read(std::string_view bytes, size_t dimensions,
                                                     uint64_t label_limit,
                                                     const GraphOptions& options);
  ~Graph();
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  void Write(std::string& out) const;

  // Adds a unit vector under a new label (growing the graph as needed).
  absl::Status Add(std::span<const float> vector, uint64_t label);
  // Leaves the point out of searches from now on. NotFound for an unknown label.
  absl::Status Remove(uint64_t label);
  // Up to `k` labels nearest to `query`, nearest first, with their inner product.
  absl::StatusOr<std::vector<std::pair<uint64_t, float>>> Search(std::span<const float> query,
                                                                 size_t k) const;

  size_t dimensions() const { return dimensions_; }
  // Points in the graph, removed ones too.
  size_t size() const;
  size_t removed() const;

 private:
  struct State;
  Graph(size_t dimensions, std::unique_ptr<State> state);

  size_t dimensions_;
  std::unique_ptr<State> state_;
};

}  // namespace iphub::engine::similar::internal

#endif  // IPHUB_ENGINE_SIMILAR_INTERNAL_GRAPH_H_
