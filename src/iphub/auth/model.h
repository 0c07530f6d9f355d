// The accounts model: roles, organization types, users, organizations,
// regions, and the Principal (who is calling) that every permission check and
// audit entry starts from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace iphub::auth {

enum class Role {
  kPlatformAdmin,  // runs the platform; sees everything
  kOfficial,       // staff of an IP office; sees their region and everything under it
  kOrgAdmin,       // administers one organisation's members
  kMember,         // member of an organisation
  kPractitioner,   // patent attorney / agent working at an agency
  kExpert,         // expert (valuation, rights protection)
};

enum class OrgType {
  kIpOffice,           // 知识产权局 / 市场监督管理局
  kEnterprise,         // 企业
  kUniversity,         // 高校
  kResearchInstitute,  // 科研院所
  kIpAgency,           // 知识产权代理机构
  kBank,               // 银行
  kInsurer,            // 保险机构
  kOther,
};

enum class RegionLevel { kProvince, kCity, kCounty };

std::string_view RoleName(Role role);
absl::StatusOr<Role> ParseRole(std::string_view name);
std::string_view OrgTypeName(OrgType type);
absl::StatusOr<OrgType> ParseOrgType(std::string_view name);
std::string_view RegionLevelName(RegionLevel level);

struct Region {
  std::string code{};  // 6 digits, GB/T 2260
  std::string name{};
  RegionLevel level = RegionLevel::kProvince;
  std::optional<std::string> parent{};
};

struct Organization {
  int64_t id = 0;
  std::string name{};
  OrgType type = OrgType::kOther;
  std::string uscc{};  // 统一社会信用代码
  std::string region_code{};
  std::string region_name{};
  std::optional<std::string> address{};
  std::optional<std::string> contact{};
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

struct User {
  int64_t id = 0;
  std::string username{};
  std::string display_name{};
  Role role = Role::kMember;
  std::optional<int64_t> organization_id{};
  std::optional<std::string> organization_name{};
  std::optional<std::string> region_code{};
  std::optional<std::string> region_name{};
  std::optional<std::string> email{};
  bool disabled = false;
  int64_t created_at = 0;
};

// The authenticated caller of a request.
struct Principal {
  int64_t user_id = 0;
  std::string username{};
  Role role = Role::kMember;
  std::optional<int64_t> organization_id{};
  // Officials: the region they administer. Organisation users: their organisation's region.
  std::optional<std::string> region_code{};
};

}  // namespace iphub::auth
