#include "iphub/auth/audit.h"

#include "gtest/gtest.h"
#include "iphub/auth/migrations.h"
#include "iphub/base/crypto.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"

namespace iphub::auth {
namespace {

template <typename Backend>
class AuditTest : public db::testing::DatabaseTest<Backend> {
 protected:
  void SetUp() override {
    db::testing::DatabaseTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    ASSERT_TRUE(base::InitCrypto().ok());
    auto applied = db::Migrate(this->db(), Migrations());
    ASSERT_TRUE(applied.ok()) << applied.status();
  }

  void AppendEntries(int count) {
    auto conn = this->Connect();
    Principal admin{.user_id = 1, .username = "admin", .role = Role::kPlatformAdmin};
    for (int n = 0; n < count; ++n) {
      db::Transaction tx(*conn);
      ASSERT_TRUE(tx.Begin().ok());
      IPHUB_ASSERT_OK(
          AppendAudit(*conn, &admin, 1000 + n,
                      {.action = "test.event",
                       .entity = "thing",
                       .entity_id = std::to_string(n),
                       .region_code = n % 2 ? std::optional<std::string>("370102") : std::nullopt,
                       .detail = {{"n", n}, {"text", "含中文"}}}));
      IPHUB_ASSERT_OK(tx.Commit());
    }
  }

  AuditVerification Verify() {
    auto conn = this->Connect();
    auto verification = VerifyAudit(*conn);
    EXPECT_TRUE(verification.ok()) << verification.status();
    return verification.value_or(AuditVerification{});
  }
};
TYPED_TEST_SUITE(AuditTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(AuditTest, IntactChainVerifies) {
  this->AppendEntries(5);
  AuditVerification verification = this->Verify();
  EXPECT_TRUE(verification.intact) << verification.reason;
  EXPECT_EQ(verification.entries, 5);
}

TYPED_TEST(AuditTest, AppendOutsideTransactionIsRefused) {
  auto conn = this->Connect();
  EXPECT_TRUE(absl::IsFailedPrecondition(
      AppendAudit(*conn, nullptr, 1, {.action = "x", .entity = "y", .entity_id = "1"})));
}

TYPED_TEST(AuditTest, EditedEntryIsFound) {
  this->AppendEntries(5);
  auto conn = this->Connect();
  IPHUB_ASSERT_OK(conn->Exec("UPDATE audit_log SET detail = '{\"n\":99}' WHERE id = 3"));
  AuditVerification verification = this->Verify();
  EXPECT_FALSE(verification.intact);
  EXPECT_EQ(verification.broken_at, 3);
  EXPECT_NE(verification.reason.find("edited"), std::string::npos);
}

TYPED_TEST(AuditTest, DeletedEntryIsFound) {
  this->AppendEntries(5);
  auto conn = this->Connect();
  IPHUB_ASSERT_OK(conn->Exec("DELETE FROM audit_log WHERE id = 2"));
  AuditVerification verification = this->Verify();
  EXPECT_FALSE(verification.intact);
  EXPECT_EQ(verification.broken_at, 3);
  EXPECT_NE(verification.reason.find("deleted"), std::string::npos);
}

TYPED_TEST(AuditTest, ReorderedEntriesAreFound) {
  this->AppendEntries(5);
  auto conn = this->Connect();
  // Swap the ids of entries 2 and 4: each row's content still matches its hash.
  IPHUB_ASSERT_OK(conn->Exec("UPDATE audit_log SET id = 100 WHERE id = 2"));
  IPHUB_ASSERT_OK(conn->Exec("UPDATE audit_log SET id = 2 WHERE id = 4"));
  IPHUB_ASSERT_OK(conn->Exec("UPDATE audit_log SET id = 4 WHERE id = 100"));
  AuditVerification verification = this->Verify();
  EXPECT_FALSE(verification.intact);
  EXPECT_EQ(verification.broken_at, 2);
  EXPECT_NE(verification.reason.find("reordered"), std::string::npos);
}

TYPED_TEST(AuditTest, ListFiltersByRegionPrefixNewestFirst) {
  this->AppendEntries(6);
  auto conn = this->Connect();
  IPHUB_ASSERT_OK_AND_ASSIGN(auto page, ListAudit(*conn, {.region_prefix = "3701", .limit = 10}));
  EXPECT_EQ(page.second, 3);
  ASSERT_EQ(page.first.size(), 3u);
  EXPECT_GT(page.first[0].id, page.first[1].id);
  for (const auto& entry : page.first) EXPECT_EQ(entry.region_code, "370102");
}

}  // namespace
}  // namespace iphub::auth
