#include "iphub/collections/model.h"

#include "iphub/base/status.h"
#include "iphub/base/strings.h"

namespace iphub::collections {
namespace {

// A control character (C0, DEL) in a one-line name: a pasted line break or tab.
bool HasControlCharacter(std::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return true;
  }
  return false;
}

}  // namespace

std::string_view CollectionKindName(CollectionKind kind) {
  switch (kind) {
    case CollectionKind::kStatic:
      return "static";
    case CollectionKind::kAuto:
      return "auto";
  }
  return "static";
}

absl::StatusOr<CollectionKind> ParseCollectionKind(std::string_view name) {
  if (name == "static") return CollectionKind::kStatic;
  if (name == "auto") return CollectionKind::kAuto;
  return base::InvalidField("kind", "must be static or auto");
}

absl::StatusOr<std::string> NormalizeName(std::string_view name) {
  const std::string_view trimmed = base::StripWhitespace(name);
  if (trimmed.empty()) return base::InvalidField("name", "must not be empty");
  if (base::CodePointCount(trimmed) > kMaxNameChars) {
    return base::InvalidField("name", base::StrCat("longer than ", kMaxNameChars, " characters"));
  }
  if (HasControlCharacter(trimmed)) {
    return base::InvalidField("name", "must be one line without control characters");
  }
  return std::string(trimmed);
}

absl::StatusOr<std::string> NormalizeDescription(std::string_view description) {
  const std::string_view trimmed = base::StripWhitespace(description);
  if (base::CodePointCount(trimmed) > kMaxDescriptionChars) {
    return base::InvalidField("description",
                              base::StrCat("longer than ", kMaxDescriptionChars, " characters"));
  }
  return std::string(trimmed);
}

absl::StatusOr<std::string> NormalizeSort(std::string_view sort) {
  const std::string_view trimmed = base::StripWhitespace(sort);
  if (trimmed.empty()) return std::string("relevance");
  static constexpr std::string_view kSorts[] = {"relevance", "application_date",
                                                "-application_date", "publication_date",
                                                "-publication_date"};
  for (std::string_view known : kSorts) {
    if (trimmed == known) return std::string(known);
  }
  return base::InvalidField("sort",
                            "must be relevance, application_date or publication_date, with '-' "
                            "for newest first");
}

}  // namespace iphub::collections
