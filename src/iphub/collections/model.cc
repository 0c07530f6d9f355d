#include "iphub/collections/model.h"

#include <algorithm>
#include <map>
#include <utility>

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

std::string_view TagAxisName(TagAxis axis) {
  switch (axis) {
    case TagAxis::kTechnology:
      return "technology";
    case TagAxis::kEffect:
      return "effect";
  }
  return "technology";
}

absl::StatusOr<std::vector<std::string>> NormalizeTags(std::string_view field,
                                                       const std::vector<std::string>& labels) {
  std::vector<std::string> out;
  for (const std::string& label : labels) {
    const std::string_view trimmed = base::StripWhitespace(label);
    if (trimmed.empty()) return base::InvalidField(field, "a label must not be empty");
    if (base::CodePointCount(trimmed) > kMaxTagChars) {
      return base::InvalidField(
          field, base::StrCat("a label is longer than ", kMaxTagChars, " characters"));
    }
    if (HasControlCharacter(trimmed)) {
      return base::InvalidField(field, "a label must be one line without control characters");
    }
    out.emplace_back(trimmed);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (out.size() > kMaxTagsPerAxis) {
    return base::InvalidField(field,
                              base::StrCat("at most ", kMaxTagsPerAxis, " different labels"));
  }
  return out;
}

absl::StatusOr<MatrixRows> ParseMatrixRows(std::string_view name) {
  if (name.empty() || name == "tags") return MatrixRows::kTags;
  if (name == "ipc") return MatrixRows::kIpcSubclass;
  return base::InvalidField("technology", "must be tags or ipc (or absent)");
}

std::string IpcSubclass(std::string_view ipc_main) {
  ipc_main = base::StripWhitespace(ipc_main);
  if (ipc_main.size() < 4) return "";
  std::string subclass(ipc_main.substr(0, 4));
  for (char& c : subclass) c = base::AsciiUpper(c);
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (subclass[0] < 'A' || subclass[0] > 'H' || !digit(subclass[1]) || !digit(subclass[2]) ||
      subclass[3] < 'A' || subclass[3] > 'Z') {
    return "";
  }
  return subclass;
}

namespace {

// Labels by count, most first, then by label.
std::vector<MatrixLabel> Ranked(const std::map<std::string, int64_t>& counts) {
  std::vector<MatrixLabel> out;
  out.reserve(counts.size());
  for (const auto& [label, count] : counts) out.push_back({.label = label, .count = count});
  std::stable_sort(out.begin(), out.end(), [](const MatrixLabel& a, const MatrixLabel& b) {
    return a.count > b.count;  // `counts` is in label order already
  });
  return out;
}

}  // namespace

TechEffectMatrix BuildMatrix(const std::vector<MatrixPatent>& patents, MatrixRows rows,
                             int64_t members) {
  std::map<std::string, int64_t> technology_counts;
  std::map<std::string, int64_t> effect_counts;
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> cell_numbers;
  TechEffectMatrix matrix;
  for (const MatrixPatent& patent : patents) {
    std::vector<std::string> technology = patent.technology;
    if (rows == MatrixRows::kIpcSubclass) {
      if (patent.effect.empty()) continue;
      technology.clear();
      if (std::string subclass = IpcSubclass(patent.ipc_main); !subclass.empty()) {
        technology.push_back(std::move(subclass));
      }
    } else if (technology.empty() && patent.effect.empty()) {
      continue;
    }
    ++matrix.tagged;
    for (const std::string& label : technology) ++technology_counts[label];
    for (const std::string& label : patent.effect) ++effect_counts[label];
    for (const std::string& row : technology) {
      for (const std::string& column : patent.effect) {
        cell_numbers[{row, column}].push_back(patent.publication_number);
      }
    }
  }
  matrix.technologies = Ranked(technology_counts);
  matrix.effects = Ranked(effect_counts);
  std::map<std::string, size_t> column_of;
  for (size_t column = 0; column < matrix.effects.size(); ++column) {
    column_of[matrix.effects[column].label] = column;
  }
  for (const MatrixLabel& row : matrix.technologies) {
    std::vector<MatrixCell> row_cells;
    for (auto it = cell_numbers.lower_bound({row.label, ""});
         it != cell_numbers.end() && it->first.first == row.label; ++it) {
      std::vector<std::string> numbers = it->second;
      std::sort(numbers.begin(), numbers.end());
      row_cells.push_back({.technology = row.label,
                           .effect = it->first.second,
                           .count = static_cast<int64_t>(numbers.size()),
                           .numbers = std::move(numbers)});
    }
    std::sort(row_cells.begin(), row_cells.end(), [&](const MatrixCell& a, const MatrixCell& b) {
      return column_of.at(a.effect) < column_of.at(b.effect);
    });
    for (MatrixCell& cell : row_cells) matrix.cells.push_back(std::move(cell));
  }
  matrix.untagged = std::max<int64_t>(0, members - matrix.tagged);
  return matrix;
}

}  // namespace iphub::collections
