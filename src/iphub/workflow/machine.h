// A state machine declared as data: the states a kind of record (a listing, a
// deal, later a pledge, a case, a renewal, an inspection) moves through, and
// the transitions between them with who may fire each and what must hold
// first. Each module declares its own machine; workflow.h runs it.
//
//   const workflow::Machine kListing{
//       .kind = "listing",
//       .initial = "draft",
//       .states = {"draft", "pending_review", "published", "rejected", "withdrawn"},
//       .final_states = {"withdrawn"},
//       .transitions = {
//           {.name = "submit", .from = {"draft", "rejected"}, .to = "pending_review",
//            .roles = {"lister"}, .preconditions = {"patent_valid", "lister_owns"}},
//           {.name = "reject", .from = {"pending_review"}, .to = "rejected",
//            .roles = {"official"}, .reason_required = true},
//           ...}};
//
// Roles are names the module gives: platform roles ("official",
// "platform_admin") and the parts people play in one record ("lister",
// "buyer", "owner"); the module says which an actor holds on a record.
// Preconditions are names too, bound to checks when the module builds its
// Workflow. ValidateMachine catches a misspelt state or a state nothing
// reaches before the machine serves anyone.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "nlohmann/json.hpp"

namespace iphub::workflow {

struct Transition {
  std::string name{};                        // unique in its machine: "submit", "approve"
  std::vector<std::string> from{};           // the states it leaves
  std::string to{};                          // the state it enters
  std::vector<std::string> roles{};          // who may fire it (any one of them)
  std::vector<std::string> preconditions{};  // checks that must pass, in order
  bool reason_required = false;              // rejections, withdrawals: say why
  std::string label_zh{};                    // how people call it (web buttons, history)
  std::string label_en{};
};

struct State {
  std::string name{};
  std::string label_zh{};
  std::string label_en{};
};

struct Machine {
  std::string kind{};     // the record type; audit actions are "<kind>.<transition>"
  std::string initial{};  // where Start puts a record
  std::vector<State> states{};
  std::vector<std::string> final_states{};  // no transition leaves them
  std::vector<Transition> transitions{};

  const Transition* FindTransition(std::string_view name) const;
  bool HasState(std::string_view name) const;
  bool IsFinal(std::string_view state) const;
  // The transitions that leave `state`, in declaration order.
  std::vector<const Transition*> TransitionsFrom(std::string_view state) const;
};

// OK, or InvalidArgument naming the first problem by its place in the machine
// ("transitions[2].to: unknown state \"publised\""): names that are empty, not
// lower_snake_case or repeated; unknown states; a transition with no role; a
// final state that a transition leaves; a state that cannot be reached from
// the initial one; a state that is not final but has no way out.
absl::Status ValidateMachine(const Machine& machine);

// The machine for clients: states with labels and final flags, transitions with
// from, to, roles, preconditions and whether a reason is required.
nlohmann::json MachineJson(const Machine& machine);

}  // namespace iphub::workflow
