#include "iphub/workflow/machine.h"

#include <string>

#include "gtest/gtest.h"

namespace iphub::workflow {
namespace {

Machine Deal() {
  return Machine{
      .kind = "deal",
      .initial = "inquiry",
      .states = {{.name = "inquiry"},
                 {.name = "negotiation"},
                 {.name = "agreed"},
                 {.name = "closed"},
                 {.name = "withdrawn"}},
      .final_states = {"closed", "withdrawn"},
      .transitions = {
          {.name = "negotiate", .from = {"inquiry"}, .to = "negotiation", .roles = {"seller"}},
          {.name = "agree",
           .from = {"negotiation"},
           .to = "agreed",
           .roles = {"buyer", "seller"},
           .preconditions = {"terms_set"}},
          {.name = "close", .from = {"agreed"}, .to = "closed", .roles = {"seller"}},
          {.name = "withdraw",
           .from = {"inquiry", "negotiation", "agreed"},
           .to = "withdrawn",
           .roles = {"buyer", "seller"},
           .reason_required = true}}};
}

std::string Problem(const Machine& machine) {
  absl::Status status = ValidateMachine(machine);
  EXPECT_FALSE(status.ok());
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  return std::string(status.message());
}

TEST(ValidateMachine, AcceptsAWellFormedMachine) { EXPECT_TRUE(ValidateMachine(Deal()).ok()); }

TEST(ValidateMachine, NamesTheMisspeltState) {
  Machine machine = Deal();
  machine.transitions[2].to = "closd";
  EXPECT_EQ(Problem(machine), "transitions[2].to: unknown state \"closd\"");
  machine = Deal();
  machine.transitions[3].from[1] = "negotiating";
  EXPECT_EQ(Problem(machine), "transitions[3].from[1]: unknown state \"negotiating\"");
  machine = Deal();
  machine.initial = "draft";
  EXPECT_EQ(Problem(machine), "initial: unknown state \"draft\"");
  machine = Deal();
  machine.final_states.push_back("done");
  EXPECT_EQ(Problem(machine), "final_states[2]: unknown state \"done\"");
}

TEST(ValidateMachine, RefusesRepeatedAndMalformedNames) {
  Machine machine = Deal();
  machine.transitions[1].name = "negotiate";
  EXPECT_EQ(Problem(machine), "transitions[1].name: \"negotiate\" is declared twice");
  machine = Deal();
  machine.states.push_back({.name = "agreed"});
  EXPECT_EQ(Problem(machine), "states[5]: \"agreed\" is declared twice");
  machine = Deal();
  machine.transitions[0].name = "Negotiate";
  EXPECT_NE(Problem(machine).find("transitions[0].name: \"Negotiate\" is not a name"),
            std::string::npos);
  machine = Deal();
  machine.kind = "";
  EXPECT_NE(Problem(machine).find("kind: "), std::string::npos);
  machine = Deal();
  machine.transitions[1].roles.push_back("bank officer");
  EXPECT_NE(Problem(machine).find("transitions[1].roles[2]"), std::string::npos);
}

TEST(ValidateMachine, RefusesATransitionNobodyMayFire) {
  Machine machine = Deal();
  machine.transitions[2].roles.clear();
  EXPECT_EQ(Problem(machine), "transitions[2].roles: names no role: nobody could fire it");
}

TEST(ValidateMachine, RefusesATransitionLeavingAFinalState) {
  Machine machine = Deal();
  machine.transitions[3].from.push_back("closed");
  EXPECT_EQ(Problem(machine), "transitions[3].from[3]: \"closed\" is final: nothing leaves it");
}

TEST(ValidateMachine, RefusesUnreachableAndDeadEndStates) {
  Machine machine = Deal();
  machine.states.push_back({.name = "recorded"});
  machine.final_states.push_back("recorded");
  EXPECT_EQ(Problem(machine), "states[5]: \"recorded\" cannot be reached from \"inquiry\"");
  machine = Deal();
  machine.final_states = {"withdrawn"};  // "closed" is entered but never left
  EXPECT_EQ(Problem(machine), "states[3]: \"closed\" is not final but no transition leaves it");
}

TEST(Machine, FindsTransitionsFromAState) {
  const Machine machine = Deal();
  std::vector<std::string> names;
  for (const Transition* transition : machine.TransitionsFrom("negotiation")) {
    names.push_back(transition->name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"agree", "withdraw"}));
  EXPECT_TRUE(machine.TransitionsFrom("closed").empty());
  EXPECT_EQ(machine.FindTransition("close")->to, "closed");
  EXPECT_EQ(machine.FindTransition("recordal"), nullptr);
}

TEST(MachineJson, DescribesStatesAndTransitions) {
  const nlohmann::json json = MachineJson(Deal());
  EXPECT_EQ(json["kind"], "deal");
  EXPECT_EQ(json["initial"], "inquiry");
  ASSERT_EQ(json["states"].size(), 5u);
  EXPECT_EQ(json["states"][3]["final"], true);
  EXPECT_EQ(json["states"][0]["final"], false);
  EXPECT_EQ(json["transitions"][1]["preconditions"], nlohmann::json({"terms_set"}));
  EXPECT_EQ(json["transitions"][3]["reason_required"], true);
  EXPECT_EQ(json["transitions"][3]["from"].size(), 3u);
}

}  // namespace
}  // namespace iphub::workflow
