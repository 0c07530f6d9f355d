#include "iphub/patents/regions.h"

#include <array>
#include <vector>

#include "iphub/auth/regions.h"
#include "iphub/base/strings.h"
#include "nlohmann/json.hpp"

namespace iphub::patents {
namespace {

struct Node {
  std::string code{};        // six digits
  std::string name{};        // "济南市"
  std::string short_name{};  // "济南"; "" when the suffix-less name is not usable
  std::vector<int> children{};
};

// Name suffixes by level, longest first; what is left must be two characters or more.
constexpr std::array<std::string_view, 7> kProvinceSuffixes = {
    "维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市"};
constexpr std::array<std::string_view, 4> kCitySuffixes = {"自治州", "地区", "市", "盟"};
constexpr std::array<std::string_view, 5> kCountySuffixes = {"自治县", "区", "县", "市", "旗"};

size_t Utf8Length(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

template <size_t N>
std::string ShortName(std::string_view name, const std::array<std::string_view, N>& suffixes) {
  for (std::string_view suffix : suffixes) {
    if (name.size() > suffix.size() && name.ends_with(suffix)) {
      std::string_view rest = name.substr(0, name.size() - suffix.size());
      if (Utf8Length(rest) >= 2) return std::string(rest);
      return "";
    }
  }
  return "";
}

std::string PadCode(std::string code) {
  while (code.size() < 6) code += '0';
  return code;
}

class RegionIndex {
 public:
  static const RegionIndex& Get() {
    static const RegionIndex index;
    return index;
  }

  const std::vector<Node>& nodes() const { return nodes_; }
  const std::vector<int>& provinces() const { return provinces_; }
  const std::vector<int>& cities() const { return cities_; }
  const std::vector<int>& counties() const { return counties_; }

 private:
  RegionIndex() {
    auto tree = nlohmann::json::parse(auth::ChinaDivisionJson(), nullptr, false);
    if (!tree.is_array()) return;
    for (const auto& province : tree) {
      int p = Add(province, kProvinceSuffixes);
      if (p < 0) continue;
      provinces_.push_back(p);
      for (const auto& city : province.value("children", nlohmann::json::array())) {
        int c = Add(city, kCitySuffixes);
        if (c < 0) continue;
        nodes_[p].children.push_back(c);
        cities_.push_back(c);
        for (const auto& county : city.value("children", nlohmann::json::array())) {
          int k = Add(county, kCountySuffixes);
          if (k < 0) continue;
          nodes_[c].children.push_back(k);
          counties_.push_back(k);
        }
      }
    }
  }

  template <size_t N>
  int Add(const nlohmann::json& entry, const std::array<std::string_view, N>& suffixes) {
    if (!entry.contains("code") || !entry.contains("name") || !entry["code"].is_string() ||
        !entry["name"].is_string()) {
      return -1;
    }
    Node node;
    node.code = PadCode(entry["code"].get<std::string>());
    node.name = entry["name"].get<std::string>();
    // The statistics list's pseudo-cities of municipalities are not names.
    if (node.name != "市辖区" && node.name != "县" && node.name != "省直辖县级行政区划" &&
        node.name != "自治区直辖县级行政区划") {
      node.short_name = ShortName(node.name, suffixes);
    } else {
      node.name.clear();
    }
    nodes_.push_back(std::move(node));
    return static_cast<int>(nodes_.size()) - 1;
  }

  std::vector<Node> nodes_;
  std::vector<int> provinces_, cities_, counties_;
};

// How much of `text` a region's name covers at its start: the full name, or
// the short name when what follows is not the rest of another name ("朝阳区"
// must not read as the city 朝阳, nor "吉林市" as the province 吉林). 0: no match.
size_t MatchLength(const Node& node, std::string_view text) {
  if (!node.name.empty() && text.starts_with(node.name)) return node.name.size();
  if (!node.short_name.empty() && text.starts_with(node.short_name)) {
    std::string_view after = text.substr(node.short_name.size());
    for (std::string_view suffix : {"区", "县", "旗", "镇", "乡", "市"}) {
      if (after.starts_with(suffix)) return 0;
    }
    return node.short_name.size();
  }
  return 0;
}

// The one candidate matching at the start of `text` (the longest match; -1
// when none, or when two different regions match equally long).
int FindAtStart(const std::vector<int>& candidates, std::string_view text, size_t& length) {
  const auto& nodes = RegionIndex::Get().nodes();
  int best = -1;
  size_t best_length = 0;
  bool ambiguous = false;
  for (int candidate : candidates) {
    size_t matched = MatchLength(nodes[candidate], text);
    if (matched == 0) continue;
    if (matched > best_length) {
      best = candidate;
      best_length = matched;
      ambiguous = false;
    } else if (matched == best_length) {
      ambiguous = true;
    }
  }
  if (best < 0 || ambiguous) return -1;
  length = best_length;
  return best;
}

std::vector<int> CountiesUnder(int province) {
  std::vector<int> counties;
  const auto& nodes = RegionIndex::Get().nodes();
  for (int city : nodes[province].children) {
    counties.insert(counties.end(), nodes[city].children.begin(), nodes[city].children.end());
  }
  return counties;
}

// CN postcodes: the first two digits name the province (邮政编码 区域划分 [K]).
std::string ProvinceOfPostcode(std::string_view postcode) {
  if (postcode.size() != 6) return "";
  for (char c : postcode) {
    if (c < '0' || c > '9') return "";
  }
  const int prefix = (postcode[0] - '0') * 10 + (postcode[1] - '0');
  struct Range {
    int from, to;
    std::string_view province;
  };
  static constexpr Range kRanges[] = {
      {1, 2, "150000"},   {3, 4, "140000"},   {5, 7, "130000"},   {10, 10, "110000"},
      {11, 12, "210000"}, {13, 13, "220000"}, {15, 16, "230000"}, {20, 20, "310000"},
      {21, 22, "320000"}, {23, 24, "340000"}, {25, 27, "370000"}, {30, 30, "120000"},
      {31, 32, "330000"}, {33, 34, "360000"}, {35, 36, "350000"}, {40, 40, "500000"},
      {41, 42, "430000"}, {43, 44, "420000"}, {45, 47, "410000"}, {51, 52, "440000"},
      {53, 54, "450000"}, {55, 56, "520000"}, {57, 57, "460000"}, {61, 64, "510000"},
      {65, 67, "530000"}, {71, 72, "610000"}, {73, 74, "620000"}, {75, 75, "640000"},
      {81, 81, "630000"}, {83, 84, "650000"}, {85, 85, "540000"},
  };
  for (const auto& range : kRanges) {
    if (prefix >= range.from && prefix <= range.to) return std::string(range.province);
  }
  return "";
}

}  // namespace

std::string RegionCodeOf(std::string_view address, std::string_view postcode) {
  const RegionIndex& index = RegionIndex::Get();
  const auto& nodes = index.nodes();
  // Spaces, a leading postcode and "中国" carry no region.
  std::string compact;
  for (char c : address) {
    if (!base::IsAsciiSpace(c)) compact += c;
  }
  std::string_view text = compact;
  while (!text.empty() && ((text.front() >= '0' && text.front() <= '9') || text.front() == ',')) {
    text.remove_prefix(1);
  }
  for (std::string_view prefix : {"中华人民共和国", "中国"}) {
    if (text.starts_with(prefix)) text.remove_prefix(prefix.size());
  }

  size_t length = 0;
  const int province = FindAtStart(index.provinces(), text, length);
  if (province >= 0) text.remove_prefix(length);
  const std::vector<int>& city_candidates =
      province >= 0 ? nodes[province].children : index.cities();
  const int city = FindAtStart(city_candidates, text, length);
  if (city >= 0) text.remove_prefix(length);
  std::vector<int> county_candidates;
  if (city >= 0) {
    county_candidates = nodes[city].children;
  } else if (province >= 0) {
    county_candidates = CountiesUnder(province);
  }
  // Without a province or city, a county name alone is too often ambiguous.
  const int county = county_candidates.empty() ? -1 : FindAtStart(county_candidates, text, length);

  if (county >= 0) return nodes[county].code;
  if (city >= 0) return nodes[city].code;
  if (province >= 0) return nodes[province].code;
  return ProvinceOfPostcode(postcode);
}

void DeriveApplicantRegions(Patent& patent) {
  if (patent.country != "CN") return;
  for (Party& applicant : patent.applicants) {
    if (!applicant.region_code.empty()) continue;
    if (!applicant.country.empty() && applicant.country != "CN") continue;
    std::string code = RegionCodeOf(applicant.address, applicant.postcode);
    if (code.empty()) continue;
    applicant.region_code = std::move(code);
    applicant.country = "CN";
  }
}

}  // namespace iphub::patents
