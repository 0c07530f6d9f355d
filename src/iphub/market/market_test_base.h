// The fixture the market module's database tests share: every migration the
// market needs applied on the backend under test, the regions seeded, a fake
// clock at 2026-11-28 12:00 in Shanghai, and helpers that make organisations,
// users and stored patents.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "iphub/auth/migrations.h"
#include "iphub/auth/regions.h"
#include "iphub/auth/service.h"
#include "iphub/auth/store.h"
#include "iphub/auth/uscc.h"
#include "iphub/base/clock.h"
#include "iphub/base/crypto.h"
#include "iphub/base/strings.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"
#include "iphub/market/migrations.h"
#include "iphub/patents/migrations.h"
#include "iphub/patents/store.h"
#include "iphub/workflow/migrations.h"

namespace iphub::market::testing {

// 2026-11-28 12:00 in Shanghai.
inline constexpr int64_t kNow = 1795795200000LL + 4LL * 3600 * 1000;

// A valid unified social credit code for a test organisation in `region`.
inline std::string MakeUscc(std::string_view region, int serial) {
  std::string body = base::StrCat("91", region, "MA", 2000000 + serial);
  return base::StrCat(body, std::string(1, auth::UsccCheckCharacter(body).value()));
}

// A CN invention grant for the market's tests: filed 2021-03-15 (application
// "2021100<digits>.1"), published and granted 2023-06-01, so in force on kNow;
// publication "CN<doc_number>B", `holder` its one applicant, `ipc` its main class.
inline patents::Patent CnGrant(const std::string& doc_number, std::string title, std::string holder,
                               std::string ipc, std::vector<patents::LegalEvent> events = {}) {
  patents::Patent patent;
  patent.country = "CN";
  patent.doc_number = doc_number;
  patent.kind = "B";
  patent.publication_number = "CN" + doc_number + "B";
  patent.type = patents::DocumentType::kCnInventionGrant;
  patent.application_number = "2021100" + doc_number.substr(3) + ".1";
  patent.application_date = "2021-03-15";
  patent.publication_date = "2023-06-01";
  patent.grant_date = "2023-06-01";
  patent.language = "zh";
  patent.title = std::move(title);
  patent.applicants = {{.name = std::move(holder), .country = "CN"}};
  patent.ipc_main = ipc;
  patent.ipc = {{.symbol = std::move(ipc)}};
  patent.legal_events = std::move(events);
  return patent;
}

template <typename Backend>
class MarketTest : public db::testing::DatabaseTest<Backend> {
 protected:
  void SetUp() override {
    db::testing::DatabaseTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    ASSERT_TRUE(base::InitCrypto().ok());
    std::vector<db::Migration> all;
    for (const auto& migration : auth::Migrations()) all.push_back(migration);
    for (const auto& migration : workflow::Migrations()) all.push_back(migration);
    for (const auto& migration : patents::Migrations()) all.push_back(migration);
    for (const auto& migration : Migrations()) all.push_back(migration);
    auto applied = db::Migrate(this->db(), all);
    ASSERT_TRUE(applied.ok()) << applied.status();
    ASSERT_TRUE(auth::SeedRegions(this->db()).ok());
    accounts_ = std::make_unique<auth::AccountService>(this->db(), clock_, auth::AccountOptions{});
  }

  void TearDown() override {
    accounts_.reset();
    db::testing::DatabaseTest<Backend>::TearDown();
  }

  int64_t NewOrg(std::string name, std::string type, std::string region, int serial) {
    auto org = accounts_->CreateOrganization(nullptr, {.name = std::move(name),
                                                       .type = std::move(type),
                                                       .uscc = MakeUscc(region, serial),
                                                       .region_code = region});
    EXPECT_TRUE(org.ok()) << org.status();
    return org.ok() ? org->id : 0;
  }

  auth::Principal NewUser(std::string_view username, std::string_view role,
                          std::optional<int64_t> org, std::optional<std::string> region) {
    auto user = accounts_->CreateUser(nullptr, {.username = std::string(username),
                                                .password = "Secret@2026",
                                                .role = std::string(role),
                                                .organization_id = org,
                                                .region_code = std::move(region)});
    EXPECT_TRUE(user.ok()) << user.status();
    return user.ok() ? auth::store::PrincipalOf(*user) : auth::Principal{};
  }

  void StorePatent(const patents::Patent& patent) {
    auto conn = this->db().Acquire();
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE(patents::store::UpsertPatent(**conn, patent, clock_.NowMillis()).ok());
  }

  base::FakeClock clock_{kNow};
  std::unique_ptr<auth::AccountService> accounts_;
};

}  // namespace iphub::market::testing
