#include "iphub/workflow/machine.h"

#include <algorithm>
#include <map>
#include <set>

#include "iphub/base/status.h"
#include "iphub/base/strings.h"

namespace iphub::workflow {
namespace {

using json = nlohmann::json;

bool IsSnakeName(std::string_view name) {
  if (name.empty() || name.size() > 64 || !(name[0] >= 'a' && name[0] <= 'z')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || base::IsAsciiDigit(c) || c == '_';
  });
}

absl::Status Problem(std::string_view place, std::string_view what) {
  return absl::InvalidArgumentError(base::StrCat(place, ": ", what));
}

absl::Status CheckName(std::string_view place, std::string_view name) {
  if (IsSnakeName(name)) return absl::OkStatus();
  return Problem(place, base::StrCat("\"", name,
                                     "\" is not a name (lower_snake_case, a letter first, at "
                                     "most 64 characters)"));
}

absl::Status CheckState(const Machine& machine, std::string_view place, std::string_view state) {
  if (machine.HasState(state)) return absl::OkStatus();
  return Problem(place, base::StrCat("unknown state \"", state, "\""));
}

absl::Status CheckTransition(const Machine& machine, size_t pos,
                             std::set<std::string, std::less<>>& names) {
  const Transition& transition = machine.transitions[pos];
  const std::string place = base::StrCat("transitions[", pos, "]");
  IPHUB_RETURN_IF_ERROR(CheckName(base::StrCat(place, ".name"), transition.name));
  if (!names.insert(transition.name).second) {
    return Problem(base::StrCat(place, ".name"),
                   base::StrCat("\"", transition.name, "\" is declared twice"));
  }
  if (transition.from.empty()) return Problem(base::StrCat(place, ".from"), "names no state");
  for (size_t i = 0; i < transition.from.size(); ++i) {
    const std::string from_place = base::StrCat(place, ".from[", i, "]");
    IPHUB_RETURN_IF_ERROR(CheckState(machine, from_place, transition.from[i]));
    if (machine.IsFinal(transition.from[i])) {
      return Problem(from_place,
                     base::StrCat("\"", transition.from[i], "\" is final: nothing leaves it"));
    }
  }
  IPHUB_RETURN_IF_ERROR(CheckState(machine, base::StrCat(place, ".to"), transition.to));
  if (transition.roles.empty()) {
    return Problem(base::StrCat(place, ".roles"), "names no role: nobody could fire it");
  }
  for (size_t i = 0; i < transition.roles.size(); ++i) {
    IPHUB_RETURN_IF_ERROR(CheckName(base::StrCat(place, ".roles[", i, "]"), transition.roles[i]));
  }
  for (size_t i = 0; i < transition.preconditions.size(); ++i) {
    IPHUB_RETURN_IF_ERROR(
        CheckName(base::StrCat(place, ".preconditions[", i, "]"), transition.preconditions[i]));
  }
  return absl::OkStatus();
}

}  // namespace

const Transition* Machine::FindTransition(std::string_view name) const {
  for (const Transition& transition : transitions) {
    if (transition.name == name) return &transition;
  }
  return nullptr;
}

bool Machine::HasState(std::string_view name) const {
  return std::any_of(states.begin(), states.end(),
                     [&](const State& state) { return state.name == name; });
}

bool Machine::IsFinal(std::string_view state) const {
  return std::find(final_states.begin(), final_states.end(), state) != final_states.end();
}

std::vector<const Transition*> Machine::TransitionsFrom(std::string_view state) const {
  std::vector<const Transition*> out;
  for (const Transition& transition : transitions) {
    if (std::find(transition.from.begin(), transition.from.end(), state) != transition.from.end()) {
      out.push_back(&transition);
    }
  }
  return out;
}

absl::Status ValidateMachine(const Machine& machine) {
  IPHUB_RETURN_IF_ERROR(CheckName("kind", machine.kind));
  if (machine.states.empty()) return Problem("states", "names no state");
  std::set<std::string, std::less<>> state_names;
  for (size_t i = 0; i < machine.states.size(); ++i) {
    const std::string place = base::StrCat("states[", i, "]");
    IPHUB_RETURN_IF_ERROR(CheckName(place, machine.states[i].name));
    if (!state_names.insert(machine.states[i].name).second) {
      return Problem(place, base::StrCat("\"", machine.states[i].name, "\" is declared twice"));
    }
  }
  IPHUB_RETURN_IF_ERROR(CheckState(machine, "initial", machine.initial));
  for (size_t i = 0; i < machine.final_states.size(); ++i) {
    IPHUB_RETURN_IF_ERROR(
        CheckState(machine, base::StrCat("final_states[", i, "]"), machine.final_states[i]));
  }
  std::set<std::string, std::less<>> transition_names;
  for (size_t pos = 0; pos < machine.transitions.size(); ++pos) {
    IPHUB_RETURN_IF_ERROR(CheckTransition(machine, pos, transition_names));
  }
  // Every state reachable from the initial one; every non-final state has a way out.
  std::set<std::string, std::less<>> reached{machine.initial};
  std::vector<std::string> frontier{machine.initial};
  while (!frontier.empty()) {
    const std::string state = std::move(frontier.back());
    frontier.pop_back();
    for (const Transition* transition : machine.TransitionsFrom(state)) {
      if (reached.insert(transition->to).second) frontier.push_back(transition->to);
    }
  }
  for (size_t i = 0; i < machine.states.size(); ++i) {
    const std::string& name = machine.states[i].name;
    const std::string place = base::StrCat("states[", i, "]");
    if (!reached.contains(name)) {
      return Problem(
          place, base::StrCat("\"", name, "\" cannot be reached from \"", machine.initial, "\""));
    }
    if (!machine.IsFinal(name) && machine.TransitionsFrom(name).empty()) {
      return Problem(place,
                     base::StrCat("\"", name, "\" is not final but no transition leaves it"));
    }
  }
  return absl::OkStatus();
}

json MachineJson(const Machine& machine) {
  json states = json::array();
  for (const State& state : machine.states) {
    states.push_back({{"name", state.name},
                      {"label_zh", state.label_zh},
                      {"label_en", state.label_en},
                      {"final", machine.IsFinal(state.name)}});
  }
  json transitions = json::array();
  for (const Transition& transition : machine.transitions) {
    transitions.push_back({{"name", transition.name},
                           {"from", transition.from},
                           {"to", transition.to},
                           {"roles", transition.roles},
                           {"preconditions", transition.preconditions},
                           {"reason_required", transition.reason_required},
                           {"label_zh", transition.label_zh},
                           {"label_en", transition.label_en}});
  }
  return {{"kind", machine.kind},
          {"initial", machine.initial},
          {"states", std::move(states)},
          {"transitions", std::move(transitions)}};
}

}  // namespace iphub::workflow
