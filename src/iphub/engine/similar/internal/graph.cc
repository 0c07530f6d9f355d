#include "iphub/engine/similar/internal/graph.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <unordered_set>

// hnswlib 0.6.2's SSE code prefetches the neighbour after the last one of a
// link list, reading 4 bytes past an upper level's list (a heap overflow that
// AddressSanitizer reports). Without it, the distance is ours (below).
#define NO_MANUAL_VECTORIZATION
#include "hnswlib/hnswlib.h"
#include "iphub/base/strings.h"
#include "iphub/engine/similar/internal/binary.h"

namespace iphub::engine::similar::internal {
namespace {

using Hnsw = hnswlib::HierarchicalNSW<float>;

// 1 − x·y: the distance of unit vectors by their cosine. Eight running sums,
// which the compiler turns into vector instructions without reordering a sum.
float UnitDistance(const void* a, const void* b, const void* dimensions_param) {
  const float* x = static_cast<const float*>(a);
  const float* y = static_cast<const float*>(b);
  const size_t dimensions = *static_cast<const size_t*>(dimensions_param);
  float sums[8] = {};
  size_t at = 0;
  for (; at + 8 <= dimensions; at += 8) {
    for (size_t lane = 0; lane < 8; ++lane) sums[lane] += x[at + lane] * y[at + lane];
  }
  float dot = 0;
  for (float sum : sums) dot += sum;
  for (; at < dimensions; ++at) dot += x[at] * y[at];
  return 1.0f - dot;
}

class UnitSpace : public hnswlib::SpaceInterface<float> {
 public:
  explicit UnitSpace(size_t dimensions) : dimensions_(dimensions) {}
  size_t get_data_size() override { return dimensions_ * sizeof(float); }
  hnswlib::DISTFUNC<float> get_dist_func() override { return &UnitDistance; }
  void* get_dist_func_param() override { return &dimensions_; }

 private:
  size_t dimensions_;
};

constexpr uint32_t kGraphMagic = 0x47485049;  // "IPHG"
constexpr uint32_t kGraphVersion = 1;

absl::Status Damaged(std::string_view what) {
  return absl::DataLossError(base::StrCat("the similarity graph is damaged: ", what));
}

absl::Status Failed(std::string_view what, const std::exception& error) {
  return absl::InternalError(base::StrCat("similarity graph: ", what, ": ", error.what()));
}

// The neighbour count of a link list (hnswlib keeps it in the low 16 bits; byte
// 2 holds the deletion mark).
uint16_t ListCount(const char* list) {
  uint16_t count = 0;
  std::memcpy(&count, list, sizeof count);
  return count;
}

bool LinksBelow(const char* list, uint16_t count, size_t limit) {
  for (uint16_t at = 0; at < count; ++at) {
    uint32_t link = 0;
    std::memcpy(&link, list + sizeof(uint32_t) * (1 + at), sizeof link);
    if (link >= limit) return false;
  }
  return true;
}

}  // namespace

struct Graph::State {
  // Declared before the graph, which points at it: destroyed after it.
  std::unique_ptr<UnitSpace> space;
  std::unique_ptr<Hnsw> hnsw;
};

Graph::Graph(size_t dimensions, std::unique_ptr<State> state)
    : dimensions_(dimensions), state_(std::move(state)) {}

Graph::~Graph() = default;

absl::StatusOr<std::unique_ptr<Graph>> Graph::Create(size_t dimensions, size_t capacity,
                                                     const GraphOptions& options) {
  if (dimensions == 0) return absl::InvalidArgumentError("a graph needs vectors of 1+ numbers");
  auto state = std::make_unique<State>();
  try {
    state->space = std::make_unique<UnitSpace>(dimensions);
    state->hnsw = std::make_unique<Hnsw>(state->space.get(), std::max<size_t>(capacity, 1),
                                         options.degree, options.construction_ef, options.seed);
  } catch (const std::exception& error) {
    return Failed("cannot create", error);
  }
  state->hnsw->metric_hops = 0;
  state->hnsw->metric_distance_computations = 0;
  state->hnsw->setEf(options.search_ef);
  return std::unique_ptr<Graph>(new Graph(dimensions, std::move(state)));
}

size_t Graph::size() const { return state_->hnsw->cur_element_count; }
size_t Graph::removed() const { return state_->hnsw->num_deleted_; }

void Graph::Write(std::string& out) const {
  const Hnsw& hnsw = *state_->hnsw;
  BinaryWriter writer(out);
  writer.Put(kGraphMagic);
  writer.Put(kGraphVersion);
  writer.Put(static_cast<uint64_t>(hnsw.cur_element_count));
  writer.Put(static_cast<uint64_t>(dimensions_));
  writer.Put(static_cast<uint64_t>(hnsw.M_));
  writer.Put(static_cast<uint64_t>(hnsw.ef_construction_));
  writer.Put(static_cast<int32_t>(hnsw.maxlevel_));
  writer.Put(static_cast<uint32_t>(hnsw.enterpoint_node_));
  writer.Put(static_cast<uint64_t>(hnsw.size_data_per_element_));
  writer.Put(static_cast<uint64_t>(hnsw.size_links_per_element_));
  writer.PutBytes(hnsw.data_level0_memory_, hnsw.cur_element_count * hnsw.size_data_per_element_);
  for (size_t point = 0; point < hnsw.cur_element_count; ++point) {
    const int level = hnsw.element_levels_[point];
    writer.Put(static_cast<uint32_t>(level));
    if (level > 0) {
      writer.PutBytes(hnsw.linkLists_[point],
                      static_cast<size_t>(level) * hnsw.size_links_per_element_);
    }
  }
}

absl::StatusOr<std::unique_ptr<Graph>> Graph::Read(std::string_view bytes, size_t dimensions,
                                                   uint64_t label_limit,
                                                   const GraphOptions& options) {
  BinaryReader in(bytes);
  if (in.Get<uint32_t>() != kGraphMagic || in.Get<uint32_t>() != kGraphVersion) {
    return Damaged("not a graph file of this version");
  }
  const uint64_t count = in.Get<uint64_t>();
  const uint64_t file_dimensions = in.Get<uint64_t>();
  const uint64_t degree = in.Get<uint64_t>();
  const uint64_t construction_ef = in.Get<uint64_t>();
  const int32_t max_level = in.Get<int32_t>();
  const uint32_t entry_point = in.Get<uint32_t>();
  const uint64_t element_bytes = in.Get<uint64_t>();
  const uint64_t links_bytes = in.Get<uint64_t>();
  if (!in.ok()) return Damaged("short header");
  if (file_dimensions != dimensions || dimensions == 0) return Damaged("wrong dimensions");
  if (degree < 2 || degree > 1024 || construction_ef > 100000) return Damaged("bad parameters");
  if (count > label_limit || count > 0xFFFFFFF0ULL) return Damaged("too many points");
  if (element_bytes == 0 || count > in.remaining() / element_bytes) return Damaged("short level 0");
  const std::string_view level0 = in.GetBytes(count * element_bytes);

  auto made = Create(dimensions, count,
                     {.degree = static_cast<uint32_t>(degree),
                      .construction_ef = static_cast<uint32_t>(construction_ef),
                      .search_ef = options.search_ef,
                      .seed = options.seed});
  if (!made.ok()) return made.status();
  std::unique_ptr<Graph> graph = std::move(*made);
  Hnsw& hnsw = *graph->state_->hnsw;
  if (hnsw.size_data_per_element_ != element_bytes || hnsw.size_links_per_element_ != links_bytes) {
    return Damaged("sizes do not match its parameters");
  }
  if (count > 0 && (max_level < 0 || entry_point >= count)) return Damaged("bad entry point");

  // Check everything before the graph takes any of it.
  std::unordered_set<uint64_t> labels;
  for (uint64_t point = 0; point < count; ++point) {
    const char* element = level0.data() + point * element_bytes;
    const uint16_t links = ListCount(element);
    if (links > hnsw.maxM0_ || !LinksBelow(element, links, count)) return Damaged("level 0 links");
    uint64_t label = 0;
    std::memcpy(&label, element + hnsw.label_offset_, sizeof label);
    if (label >= label_limit || !labels.insert(label).second) return Damaged("labels");
  }
  std::vector<uint32_t> levels(count);
  std::vector<std::string_view> upper(count);
  for (uint64_t point = 0; point < count; ++point) {
    levels[point] = in.Get<uint32_t>();
    if (!in.ok() || levels[point] > static_cast<uint32_t>(max_level)) return Damaged("levels");
    if (levels[point] > in.remaining() / links_bytes) return Damaged("short link lists");
    upper[point] = in.GetBytes(levels[point] * links_bytes);
    for (uint32_t level = 0; level < levels[point]; ++level) {
      const char* list = upper[point].data() + level * links_bytes;
      const uint16_t links = ListCount(list);
      if (links > hnsw.maxM_ || !LinksBelow(list, links, count)) return Damaged("upper links");
    }
  }
  if (!in.AtEnd()) return Damaged("trailing bytes");

  if (count > 0) std::memcpy(hnsw.data_level0_memory_, level0.data(), level0.size());
  for (uint64_t point = 0; point < count; ++point) {
    hnsw.element_levels_[point] = static_cast<int>(levels[point]);
    hnsw.linkLists_[point] = nullptr;
    if (levels[point] > 0) {
      hnsw.linkLists_[point] = static_cast<char*>(std::malloc(upper[point].size()));
      if (hnsw.linkLists_[point] == nullptr) {
        hnsw.element_levels_[point] = 0;  // what the destructor frees
        return absl::ResourceExhaustedError("no memory for the similarity graph");
      }
      std::memcpy(hnsw.linkLists_[point], upper[point].data(), upper[point].size());
    }
    hnsw.cur_element_count = point + 1;
    hnsw.label_lookup_[hnsw.getExternalLabel(static_cast<hnswlib::tableint>(point))] =
        static_cast<hnswlib::tableint>(point);
    if (hnsw.isMarkedDeleted(static_cast<hnswlib::tableint>(point))) ++hnsw.num_deleted_;
  }
  if (count > 0) {
    hnsw.maxlevel_ = max_level;
    hnsw.enterpoint_node_ = entry_point;
  }
  return graph;
}

absl::Status Graph::Add(std::span<const float> vector, uint64_t label) {
  if (vector.size() != dimensions_) return absl::InvalidArgumentError("wrong vector size");
  Hnsw& hnsw = *state_->hnsw;
  try {
    if (hnsw.cur_element_count >= hnsw.max_elements_) {
      hnsw.resizeIndex(std::max<size_t>(16, hnsw.max_elements_ + hnsw.max_elements_ / 2));
    }
    hnsw.addPoint(vector.data(), label);
  } catch (const std::exception& error) {
    return Failed("cannot add a point", error);
  }
  return absl::OkStatus();
}

absl::Status Graph::Remove(uint64_t label) {
  Hnsw& hnsw = *state_->hnsw;
  auto it = hnsw.label_lookup_.find(label);
  if (it == hnsw.label_lookup_.end()) return absl::NotFoundError("no such point");
  if (hnsw.isMarkedDeleted(it->second)) return absl::OkStatus();
  try {
    hnsw.markDelete(label);
  } catch (const std::exception& error) {
    return Failed("cannot remove a point", error);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::pair<uint64_t, float>>> Graph::Search(std::span<const float> query,
                                                                      size_t k) const {
  if (query.size() != dimensions_) return absl::InvalidArgumentError("wrong query size");
  std::vector<std::pair<uint64_t, float>> out;
  if (k == 0) return out;
  try {
    auto found = state_->hnsw->searchKnn(query.data(), k);
    while (!found.empty()) {  // farthest first
      out.emplace_back(found.top().second, 1.0f - found.top().first);
      found.pop();
    }
  } catch (const std::exception& error) {
    return Failed("search failed", error);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace iphub::engine::similar::internal
