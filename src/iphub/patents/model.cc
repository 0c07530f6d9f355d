#include "iphub/patents/model.h"

namespace iphub::patents {

std::string_view DocumentTypeName(DocumentType type) {
  switch (type) {
    case DocumentType::kUnknown:
      return "unknown";
    case DocumentType::kCnInventionApplication:
      return "cn_invention_application";
    case DocumentType::kCnInventionGrant:
      return "cn_invention_grant";
    case DocumentType::kCnUtilityModel:
      return "cn_utility_model";
    case DocumentType::kCnDesign:
      return "cn_design";
    case DocumentType::kUsUtilityApplication:
      return "us_utility_application";
    case DocumentType::kUsUtilityGrant:
      return "us_utility_grant";
    case DocumentType::kUsDesign:
      return "us_design";
    case DocumentType::kUsPlant:
      return "us_plant";
    case DocumentType::kUsReissue:
      return "us_reissue";
    case DocumentType::kUsSir:
      return "us_sir";
  }
  return "unknown";
}

}  // namespace iphub::patents
