#include "iphub/auth/model.h"

#include <array>
#include <utility>

#include "iphub/base/status.h"
#include "iphub/base/strings.h"

namespace iphub::auth {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 6> kRoles = {{
    {Role::kPlatformAdmin, "platform_admin"},
    {Role::kOfficial, "official"},
    {Role::kOrgAdmin, "org_admin"},
    {Role::kMember, "member"},
    {Role::kPractitioner, "practitioner"},
    {Role::kExpert, "expert"},
}};

constexpr std::array<std::pair<OrgType, std::string_view>, 8> kOrgTypes = {{
    {OrgType::kIpOffice, "ip_office"},
    {OrgType::kEnterprise, "enterprise"},
    {OrgType::kUniversity, "university"},
    {OrgType::kResearchInstitute, "research_institute"},
    {OrgType::kIpAgency, "ip_agency"},
    {OrgType::kBank, "bank"},
    {OrgType::kInsurer, "insurer"},
    {OrgType::kOther, "other"},
}};

template <typename Enum, size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) return name;
  }
  return "unknown";
}

template <typename Enum, size_t N>
absl::StatusOr<Enum> Parse(const std::array<std::pair<Enum, std::string_view>, N>& table,
                           std::string_view name, std::string_view field) {
  std::string allowed;
  for (const auto& [value, candidate] : table) {
    if (candidate == name) return value;
    base::StrAppend(&allowed, allowed.empty() ? "" : ", ", candidate);
  }
  return base::InvalidField(field, base::StrCat("'", name, "' is not one of: ", allowed));
}

}  // namespace

std::string_view RoleName(Role role) { return NameOf(kRoles, role); }
absl::StatusOr<Role> ParseRole(std::string_view name) { return Parse(kRoles, name, "role"); }
std::string_view OrgTypeName(OrgType type) { return NameOf(kOrgTypes, type); }
absl::StatusOr<OrgType> ParseOrgType(std::string_view name) {
  return Parse(kOrgTypes, name, "type");
}

std::string_view RegionLevelName(RegionLevel level) {
  switch (level) {
    case RegionLevel::kProvince:
      return "province";
    case RegionLevel::kCity:
      return "city";
    case RegionLevel::kCounty:
      return "county";
  }
  return "county";
}

}  // namespace iphub::auth
