#include "iphub/workflow/workflow.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "iphub/auth/audit.h"
#include "iphub/auth/migrations.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"
#include "iphub/workflow/migrations.h"

namespace iphub::workflow {
namespace {

constexpr int64_t kNow = 1795795200000LL;

// The deal of issue #6 §5, as a module would declare it.
Machine Deal() {
  return Machine{
      .kind = "deal",
      .initial = "inquiry",
      .states = {{.name = "inquiry"},
                 {.name = "negotiation"},
                 {.name = "agreed"},
                 {.name = "recordal_filed"},
                 {.name = "recorded"},
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
          {.name = "file_recordal",
           .from = {"agreed"},
           .to = "recordal_filed",
           .roles = {"seller"}},
          {.name = "record", .from = {"recordal_filed"}, .to = "recorded", .roles = {"system"}},
          {.name = "close", .from = {"recorded"}, .to = "closed", .roles = {"buyer", "seller"}},
          {.name = "withdraw",
           .from = {"inquiry", "negotiation", "agreed"},
           .to = "withdrawn",
           .roles = {"buyer", "seller"},
           .reason_required = true}}};
}

template <typename Backend>
class WorkflowTest : public db::testing::DatabaseTest<Backend> {
 protected:
  void SetUp() override {
    db::testing::DatabaseTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    std::vector<db::Migration> all;
    for (const auto& migration : auth::Migrations()) all.push_back(migration);
    for (const auto& migration : Migrations()) all.push_back(migration);
    auto applied = db::Migrate(this->db(), all);
    ASSERT_TRUE(applied.ok()) << applied.status();
    auto workflow = Workflow::Create(
        Deal(), {{"terms_set", [this](db::Connection&, const Record& record) -> absl::Status {
                    if (terms_set_.load()) return absl::OkStatus();
                    return absl::FailedPreconditionError(
                        base::StrCat("deal ", record.id, " has no agreed price yet"));
                  }}});
    ASSERT_TRUE(workflow.ok()) << workflow.status();
    workflow_.emplace(std::move(*workflow));
    held_ = std::make_unique<db::PooledConnection>(this->Connect());
    conn_ = held_->get();
    ASSERT_NE(conn_, nullptr);
  }

  void TearDown() override {
    held_.reset();
    db::testing::DatabaseTest<Backend>::TearDown();
  }

  absl::StatusOr<Record> StartDeal(int64_t id) {
    db::Transaction tx(*conn_);
    IPHUB_RETURN_IF_ERROR(tx.Begin());
    IPHUB_ASSIGN_OR_RETURN(Record record,
                           workflow_->Start(*conn_, id, buyer_, kNow, {.region_code = "370102"}));
    IPHUB_RETURN_IF_ERROR(tx.Commit());
    return record;
  }

  absl::StatusOr<Event> Fire(int64_t id, std::string_view transition, const Actor& actor,
                             FireOptions options = {}) {
    db::Transaction tx(*conn_);
    IPHUB_RETURN_IF_ERROR(tx.Begin());
    now_ += 1000;
    IPHUB_ASSIGN_OR_RETURN(Event event,
                           workflow_->Fire(*conn_, id, transition, actor, now_, options));
    IPHUB_RETURN_IF_ERROR(tx.Commit());
    return event;
  }

  // Puts a new deal in `state` along the shortest legal path.
  void DealIn(int64_t id, std::string_view state) {
    ASSERT_TRUE(StartDeal(id).ok());
    const std::vector<std::pair<std::string, const Actor*>> path = {{"negotiate", &seller_},
                                                                    {"agree", &buyer_},
                                                                    {"file_recordal", &seller_},
                                                                    {"record", &system_},
                                                                    {"close", &seller_}};
    const std::vector<std::string> states = {"inquiry",        "negotiation", "agreed",
                                             "recordal_filed", "recorded",    "closed"};
    for (size_t i = 0; states[i] != state; ++i) {
      ASSERT_LT(i, path.size()) << state;
      auto event = Fire(id, path[i].first, *path[i].second);
      ASSERT_TRUE(event.ok()) << event.status();
    }
  }

  std::vector<std::string> AuditActions() {
    auto result = conn_->Query("SELECT action FROM audit_log ORDER BY id");
    EXPECT_TRUE(result.ok()) << result.status();
    std::vector<std::string> out;
    if (result.ok()) {
      for (const db::Row& row : result->rows) out.push_back(row.Text(0));
    }
    return out;
  }

  int64_t EventCount() {
    auto result = conn_->Query("SELECT COUNT(*) FROM workflow_events");
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? result->rows[0].Int(0) : -1;
  }

  auth::Principal buyer_principal_{.user_id = 11, .username = "buyer"};
  auth::Principal seller_principal_{.user_id = 12, .username = "seller"};
  Actor buyer_{.principal = &buyer_principal_, .roles = {"member", "buyer"}};
  Actor seller_{.principal = &seller_principal_, .roles = {"member", "seller"}};
  Actor system_{.principal = nullptr, .roles = {"system"}};
  std::atomic<bool> terms_set_{true};
  int64_t now_ = kNow;
  std::optional<Workflow> workflow_;
  std::unique_ptr<db::PooledConnection> held_;
  db::Connection* conn_ = nullptr;
};
TYPED_TEST_SUITE(WorkflowTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(WorkflowTest, CreateRequiresEveryNamedPreconditionBound) {
  auto missing = Workflow::Create(Deal(), {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "transitions[1].preconditions[0]: no check is bound to \"terms_set\"");
  auto extra = Workflow::Create(
      Deal(), {{"terms_set", [](db::Connection&, const Record&) { return absl::OkStatus(); }},
               {"patent_valid", [](db::Connection&, const Record&) { return absl::OkStatus(); }}});
  ASSERT_FALSE(extra.ok());
  EXPECT_EQ(extra.status().message(),
            "precondition \"patent_valid\" is bound but no transition names it");
  Machine broken = Deal();
  broken.transitions[0].to = "negotiating";
  EXPECT_TRUE(absl::IsInvalidArgument(Workflow::Create(broken, {}).status()));
}

TYPED_TEST(WorkflowTest, EveryLegalTransitionMovesTheRecordAndIsAudited) {
  IPHUB_ASSERT_OK_AND_ASSIGN(Record started, this->StartDeal(7));
  EXPECT_EQ(started.state, "inquiry");
  EXPECT_EQ(started.version, 1);
  this->DealIn(8, "closed");

  IPHUB_ASSERT_OK_AND_ASSIGN(Record closed, this->workflow_->Get(*this->conn_, 8));
  EXPECT_EQ(closed.state, "closed");
  EXPECT_EQ(closed.version, 6);
  EXPECT_EQ(closed.region_code, std::optional<std::string>("370102"));
  EXPECT_EQ(closed.created_ms, kNow);
  EXPECT_EQ(closed.state_since_ms, this->now_);

  IPHUB_ASSERT_OK_AND_ASSIGN(std::vector<Event> history, this->workflow_->History(*this->conn_, 8));
  std::vector<std::string> steps;
  for (const Event& event : history) {
    steps.push_back(base::StrCat(event.transition, ":", event.from_state, ">", event.to_state, "@",
                                 event.version, " by ", event.actor));
  }
  EXPECT_EQ(
      steps,
      (std::vector<std::string>{
          "start:>inquiry@1 by buyer", "negotiate:inquiry>negotiation@2 by seller",
          "agree:negotiation>agreed@3 by buyer", "file_recordal:agreed>recordal_filed@4 by seller",
          "record:recordal_filed>recorded@5 by system", "close:recorded>closed@6 by seller"}));
  EXPECT_EQ(history[1].actor_id, std::optional<int64_t>(12));
  EXPECT_FALSE(history[4].actor_id.has_value());

  EXPECT_EQ(this->AuditActions(),
            (std::vector<std::string>{"deal.start", "deal.start", "deal.negotiate", "deal.agree",
                                      "deal.file_recordal", "deal.record", "deal.close"}));
  IPHUB_ASSERT_OK_AND_ASSIGN(auto audit, auth::ListAudit(*this->conn_, {.action = "deal.agree"}));
  ASSERT_EQ(audit.first.size(), 1u);
  EXPECT_EQ(audit.first[0].entity, "deal");
  EXPECT_EQ(audit.first[0].entity_id, "8");
  EXPECT_EQ(audit.first[0].region_code, std::optional<std::string>("370102"));
  const auto detail = nlohmann::json::parse(audit.first[0].detail);
  EXPECT_EQ(detail["from"], "negotiation");
  EXPECT_EQ(detail["to"], "agreed");
  EXPECT_EQ(detail["version"], 3);
  IPHUB_ASSERT_OK_AND_ASSIGN(auth::AuditVerification verified, auth::VerifyAudit(*this->conn_));
  EXPECT_TRUE(verified.intact) << verified.reason;

  // Withdrawal from each state it leaves, with the reason kept.
  for (const std::string state : {"inquiry", "negotiation", "agreed"}) {
    const int64_t id = 100 + static_cast<int64_t>(state.size());
    this->DealIn(id, state);
    IPHUB_ASSERT_OK_AND_ASSIGN(
        Event event, this->Fire(id, "withdraw", this->buyer_, {.reason = " 价格谈不拢 "}));
    EXPECT_EQ(event.from_state, state);
    EXPECT_EQ(event.to_state, "withdrawn");
    EXPECT_EQ(event.reason, "价格谈不拢");
  }
}

TYPED_TEST(WorkflowTest, EveryIllegalTransitionIsRefusedWithTheReasonAndWritesNothing) {
  const Machine machine = Deal();
  int64_t id = 1;
  for (const State& state : machine.states) {
    ++id;
    this->DealIn(id, state.name == "withdrawn" ? "inquiry" : state.name);
    if (state.name == "withdrawn") {
      ASSERT_TRUE(this->Fire(id, "withdraw", this->buyer_, {.reason = "不需要了"}).ok());
    }
    const int64_t events = this->EventCount();
    const size_t audited = this->AuditActions().size();
    for (const Transition& transition : machine.transitions) {
      if (std::find(transition.from.begin(), transition.from.end(), state.name) !=
          transition.from.end()) {
        continue;
      }
      // Every role at once: only the state can be what refuses it.
      Actor everyone{.principal = &this->seller_principal_, .roles = {"buyer", "seller", "system"}};
      auto refused = this->Fire(id, transition.name, everyone, {.reason = "试一下"});
      ASSERT_FALSE(refused.ok()) << state.name << " " << transition.name;
      EXPECT_TRUE(absl::IsFailedPrecondition(refused.status())) << refused.status();
      const std::string message(refused.status().message());
      EXPECT_NE(message.find(base::StrCat("is \"", state.name, "\"")), std::string::npos)
          << message;
      EXPECT_NE(message.find(base::StrCat("\"", transition.name, "\" leads from")),
                std::string::npos)
          << message;
      if (machine.IsFinal(state.name)) {
        EXPECT_NE(message.find("it is final"), std::string::npos) << message;
      }
      IPHUB_ASSERT_OK_AND_ASSIGN(Record record, this->workflow_->Get(*this->conn_, id));
      EXPECT_EQ(record.state, state.name);
    }
    EXPECT_EQ(this->EventCount(), events) << state.name;
    EXPECT_EQ(this->AuditActions().size(), audited) << state.name;
  }
  auto refused = this->Fire(2, "agree", this->seller_);  // deal 2 is in "inquiry"
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(),
            "deal 2 is \"inquiry\": \"agree\" leads from \"negotiation\" only; from "
            "\"inquiry\" it can \"negotiate\" or \"withdraw\"");
  auto unknown = this->Fire(2, "approve", this->seller_);
  ASSERT_FALSE(unknown.ok());
  EXPECT_TRUE(absl::IsInvalidArgument(unknown.status()));
  EXPECT_EQ(base::FieldOf(unknown.status()), std::optional<std::string>("transition"));
  EXPECT_NE(unknown.status().message().find("has no \"approve\""), std::string::npos);
  EXPECT_TRUE(absl::IsNotFound(this->Fire(999, "negotiate", this->seller_).status()));
}

TYPED_TEST(WorkflowTest, OnlyTheTransitionsRolesMayFireIt) {
  this->DealIn(5, "inquiry");
  auto refused = this->Fire(5, "negotiate", this->buyer_);
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(absl::IsPermissionDenied(refused.status())) << refused.status();
  EXPECT_EQ(refused.status().message(), "\"negotiate\" on deal 5 is for \"seller\"");
  Actor stranger{.principal = &this->buyer_principal_, .roles = {"member"}};
  refused = this->Fire(5, "withdraw", stranger, {.reason = "x"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(), "\"withdraw\" on deal 5 is for \"buyer\" or \"seller\"");
  IPHUB_ASSERT_OK_AND_ASSIGN(Record record, this->workflow_->Get(*this->conn_, 5));
  EXPECT_EQ(record.version, 1);
}

TYPED_TEST(WorkflowTest, AFailedPreconditionSaysWhichAndWhy) {
  this->DealIn(6, "negotiation");
  this->terms_set_ = false;
  auto refused = this->Fire(6, "agree", this->buyer_);
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(refused.status()));
  EXPECT_EQ(refused.status().message(), "terms_set: deal 6 has no agreed price yet");
  IPHUB_ASSERT_OK_AND_ASSIGN(Record record, this->workflow_->Get(*this->conn_, 6));
  EXPECT_EQ(record.state, "negotiation");

  IPHUB_ASSERT_OK_AND_ASSIGN(std::vector<Option> options,
                             this->workflow_->Options(*this->conn_, record, this->buyer_));
  ASSERT_EQ(options.size(), 2u);
  EXPECT_EQ(options[0].transition->name, "agree");
  EXPECT_FALSE(options[0].allowed);
  EXPECT_EQ(options[0].blocked_by, "terms_set: deal 6 has no agreed price yet");
  EXPECT_TRUE(options[0].permitted);
  EXPECT_EQ(options[1].transition->name, "withdraw");
  EXPECT_TRUE(options[1].allowed);
  this->terms_set_ = true;
  IPHUB_ASSERT_OK_AND_ASSIGN(options, this->workflow_->Options(*this->conn_, record, this->buyer_));
  EXPECT_TRUE(options[0].allowed);
  IPHUB_ASSERT_OK_AND_ASSIGN(record, this->workflow_->Get(*this->conn_, 2 + 4));
  Actor stranger{.principal = &this->buyer_principal_, .roles = {"member"}};
  IPHUB_ASSERT_OK_AND_ASSIGN(options, this->workflow_->Options(*this->conn_, record, stranger));
  EXPECT_FALSE(options[0].allowed);
  EXPECT_FALSE(options[0].permitted);
  EXPECT_EQ(options[0].blocked_by, "\"agree\" on deal 6 is for \"buyer\" or \"seller\"");

  const nlohmann::json json = RecordJson(record, this->workflow_->machine(), {}, options);
  EXPECT_EQ(json["state"], "negotiation");
  EXPECT_EQ(json["final"], false);
  EXPECT_EQ(json["actions"][1]["transition"], "withdraw");
  EXPECT_EQ(json["actions"][1]["reason_required"], true);
}

TYPED_TEST(WorkflowTest, ReasonsAndVersionsAreChecked) {
  this->DealIn(9, "agreed");
  auto refused = this->Fire(9, "withdraw", this->buyer_, {.reason = "   "});
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(absl::IsInvalidArgument(refused.status()));
  EXPECT_EQ(base::FieldOf(refused.status()), std::optional<std::string>("reason"));
  refused =
      this->Fire(9, "withdraw", this->buyer_, {.reason = std::string(kMaxReasonChars + 1, 'x')});
  EXPECT_EQ(base::FieldOf(refused.status()), std::optional<std::string>("reason"));

  refused = this->Fire(9, "file_recordal", this->seller_, {.expected_version = 2});
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(absl::IsFailedPrecondition(refused.status()));
  EXPECT_EQ(refused.status().message(),
            "deal 9 changed since version 2: it is at version 3, \"agreed\"");
  IPHUB_ASSERT_OK_AND_ASSIGN(Event event,
                             this->Fire(9, "file_recordal", this->seller_,
                                        {.expected_version = 3, .detail = {{"office", "CNIPA"}}}));
  EXPECT_EQ(event.version, 4);
  IPHUB_ASSERT_OK_AND_ASSIGN(std::vector<Event> history, this->workflow_->History(*this->conn_, 9));
  EXPECT_EQ(history.back().detail, (nlohmann::json{{"office", "CNIPA"}}));
}

TYPED_TEST(WorkflowTest, StartAndFireRunOnlyInTheCallersTransactionAndRollBackWithIt) {
  auto outside = this->workflow_->Start(*this->conn_, 20, this->buyer_, kNow);
  EXPECT_TRUE(absl::IsFailedPrecondition(outside.status())) << outside.status();
  ASSERT_TRUE(this->StartDeal(20).ok());
  auto again = this->StartDeal(20);
  EXPECT_TRUE(absl::IsAlreadyExists(again.status())) << again.status();
  EXPECT_TRUE(absl::IsFailedPrecondition(
      this->workflow_->Fire(*this->conn_, 20, "negotiate", this->seller_, kNow).status()));

  const size_t audited = this->AuditActions().size();
  {
    db::Transaction tx(*this->conn_);
    ASSERT_TRUE(tx.Begin().ok());
    ASSERT_TRUE(this->workflow_->Fire(*this->conn_, 20, "negotiate", this->seller_, kNow).ok());
    // No commit: the module's own write failed, say.
  }
  IPHUB_ASSERT_OK_AND_ASSIGN(Record record, this->workflow_->Get(*this->conn_, 20));
  EXPECT_EQ(record.state, "inquiry");
  EXPECT_EQ(record.version, 1);
  EXPECT_EQ(this->AuditActions().size(), audited);
  IPHUB_ASSERT_OK_AND_ASSIGN(std::vector<Event> history,
                             this->workflow_->History(*this->conn_, 20));
  EXPECT_EQ(history.size(), 1u);

  IPHUB_ASSERT_OK_AND_ASSIGN(auto many, this->workflow_->GetMany(*this->conn_, {20, 21, 22}));
  ASSERT_EQ(many.size(), 1u);
  EXPECT_EQ(many.at(20).state, "inquiry");
}

// Buyer and seller press "agree" at once: the second waits for the first and is then
// refused by the state the first left, never applied twice.
TYPED_TEST(WorkflowTest, ConcurrentTransitionsOfOneRecordQueueUp) {
  this->DealIn(30, "negotiation");
  db::PooledConnection other = this->Connect();
  ASSERT_NE(other.get(), nullptr);
  db::Transaction first(*this->conn_);
  ASSERT_TRUE(first.Begin().ok());
  ASSERT_TRUE(this->workflow_->Fire(*this->conn_, 30, "agree", this->buyer_, kNow).ok());
  std::atomic<bool> second_done{false};
  absl::Status second_status;
  std::thread second([&] {
    second_status = [&]() -> absl::Status {
      db::Transaction tx(*other);
      IPHUB_RETURN_IF_ERROR(tx.Begin());
      IPHUB_RETURN_IF_ERROR(
          this->workflow_->Fire(*other, 30, "agree", this->seller_, kNow).status());
      return tx.Commit();
    }();
    second_done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(second_done.load()) << "the second transition did not wait for the first";
  ASSERT_TRUE(first.Commit().ok());
  second.join();
  EXPECT_TRUE(absl::IsFailedPrecondition(second_status)) << second_status;
  IPHUB_ASSERT_OK_AND_ASSIGN(Record record, this->workflow_->Get(*this->conn_, 30));
  EXPECT_EQ(record.state, "agreed");
}

}  // namespace
}  // namespace iphub::workflow
