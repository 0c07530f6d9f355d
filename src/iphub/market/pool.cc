#include "iphub/market/pool.h"

#include <algorithm>

#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/market/model.h"

namespace iphub::market {

absl::Status ValidatePoolInput(PoolInput& input) {
  IPHUB_RETURN_IF_ERROR(NormalizeText(input.name, "name", 200, true));
  IPHUB_RETURN_IF_ERROR(NormalizeText(input.technology, "technology", 5000, true));
  IPHUB_RETURN_IF_ERROR(NormalizeText(input.ipc, "ipc", 40, false));
  IPHUB_RETURN_IF_ERROR(NormalizeText(input.terms, "terms", 5000, false));
  if (input.royalty_fen.has_value() &&
      (*input.royalty_fen < 0 || *input.royalty_fen > kMaxAmountFen)) {
    return base::InvalidField("royalty_fen", "must be between 0 and 100,000,000,000 yuan in fen");
  }
  input.region_code = std::string(base::StripWhitespace(input.region_code));
  if (!input.region_code.empty() &&
      (input.region_code.size() != 6 ||
       !std::all_of(input.region_code.begin(), input.region_code.end(), base::IsAsciiDigit))) {
    return base::InvalidField("region_code", "must be a six-digit GB/T 2260 code");
  }
  return absl::OkStatus();
}

const workflow::Machine& PoolMachine() {
  static const workflow::Machine* const kMachine = new workflow::Machine{
      .kind = "pool",
      .initial = "draft",
      .states = {{.name = "draft", .label_zh = "筹建中", .label_en = "Draft"},
                 {.name = "published", .label_zh = "已发布", .label_en = "Published"},
                 {.name = "closed", .label_zh = "已关闭", .label_en = "Closed"}},
      .final_states = {"closed"},
      .transitions = {{.name = "publish",
                       .from = {"draft"},
                       .to = "published",
                       .roles = {"administrator"},
                       .preconditions = {"has_patents", "terms_set"},
                       .label_zh = "发布",
                       .label_en = "Publish"},
                      {.name = "close",
                       .from = {"draft", "published"},
                       .to = "closed",
                       .roles = {"administrator", "reviewer"},
                       .label_zh = "关闭",
                       .label_en = "Close"}}};
  return *kMachine;
}

}  // namespace iphub::market
