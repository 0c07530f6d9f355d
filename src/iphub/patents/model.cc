#include "iphub/patents/model.h"

#include <initializer_list>
#include <vector>

#include "iphub/base/strings.h"

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

DocumentType DocumentTypeFor(std::string_view country, std::string_view kind) {
  if (kind.empty()) return DocumentType::kUnknown;
  if (country == "CN") {
    switch (kind.front()) {
      case 'A':
        return DocumentType::kCnInventionApplication;
      case 'B':
      case 'C':
        return DocumentType::kCnInventionGrant;
      case 'U':
      case 'Y':
        return DocumentType::kCnUtilityModel;
      case 'S':
      case 'D':
        return DocumentType::kCnDesign;
      default:
        return DocumentType::kUnknown;
    }
  }
  if (country == "US") {
    if (kind == "A1" || kind == "A2" || kind == "A9") return DocumentType::kUsUtilityApplication;
    if (kind == "A") return DocumentType::kUsUtilityGrant;
    switch (kind.front()) {
      case 'B':
        return DocumentType::kUsUtilityGrant;
      case 'S':
        return DocumentType::kUsDesign;
      case 'P':
        return DocumentType::kUsPlant;
      case 'E':
        return DocumentType::kUsReissue;
      case 'H':
        return DocumentType::kUsSir;
      default:
        return DocumentType::kUnknown;
    }
  }
  return DocumentType::kUnknown;
}

PartyType GuessPartyType(std::string_view name) {
  // The ASCII words of the name, lowered.
  std::vector<std::string> words(1);
  for (char c : name) {
    if (base::IsAsciiAlpha(c)) {
      words.back() += base::AsciiLower(c);
    } else if (!words.back().empty()) {
      words.emplace_back();
    }
  }
  auto has_word = [&words](std::initializer_list<std::string_view> wanted) {
    for (const std::string& word : words) {
      for (std::string_view candidate : wanted) {
        if (word == candidate) return true;
      }
    }
    return false;
  };
  if (base::ContainsAny(name, {"公司", "株式会社", "有限"}) ||
      has_word({"co", "ltd", "inc", "gmbh", "corp", "corporation", "llc", "limited", "company"})) {
    return PartyType::kEnterprise;
  }
  if (base::ContainsAny(name, {"大学"}) || has_word({"university"})) return PartyType::kUniversity;
  // Before 学院: "中国科学院…" contains 学院 but is no university.
  if (base::ContainsAny(name, {"研究所", "研究院", "科学院", "研究中心"}) ||
      has_word({"institute"})) {
    return PartyType::kResearchInstitute;
  }
  if (base::ContainsAny(name, {"学院"}) || has_word({"college"})) return PartyType::kUniversity;
  if (base::ContainsAny(name, {"厂", "集团", "企业"})) return PartyType::kEnterprise;
  // Two to four CJK ideographs (3-byte UTF-8, lead E4..E9): a person's name.
  if (name.size() % 3 == 0 && name.size() >= 6 && name.size() <= 12) {
    bool all_cjk = true;
    for (size_t pos = 0; pos < name.size(); pos += 3) {
      const auto lead = static_cast<unsigned char>(name[pos]);
      all_cjk = all_cjk && lead >= 0xE4 && lead <= 0xE9;
    }
    if (all_cjk) return PartyType::kIndividual;
  }
  return PartyType::kUnknown;
}

}  // namespace iphub::patents
