#include "iphub/patents/rights.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "iphub/base/crypto.h"
#include "iphub/base/status.h"
#include "iphub/db/migrations.h"
#include "iphub/db/testing/test_database.h"
#include "iphub/patents/importers/registry_json.h"
#include "iphub/patents/migrations.h"
#include "iphub/patents/rights_store.h"

namespace iphub::patents {
namespace {

using nlohmann::json;

std::string SharedData(const std::string& relative) {
  const char* source = std::getenv("IPHUB_SOURCE_DIR");
  return std::string(source == nullptr ? "." : source) + "/../shared/data/" + relative;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

Trademark SampleMark() {
  return {.registration_number = "16435657",
          .nice_classes = {9, 45},
          .name = "企查查",
          .owner = "苏州朗动网络科技有限公司",
          .owner_en = "Suzhou Langdong",
          .agency = "某代理公司",
          .application_date = "2015-03-04",
          .registration_date = "2016-01-07",
          .expiry_date = "2026-01-06",
          .status = TrademarkStatus::kRegistered,
          .status_text = "商标注册申请注册公告排版完成",
          .status_code = "225",
          .events = {{.code = "", .date = "2016-01-07", .text = "注册公告"}}};
}

Copyright SampleCopyright() {
  return {.kind = CopyrightKind::kSoftware,
          .registration_number = "2016SR309930",
          .name = "朗动网络企查查网页版软件",
          .short_name = "企查查网页版",
          .version = "V3.0.0",
          .category = "30200-0000",
          .owner = "苏州朗动网络科技有限公司",
          .completion_date = "2016-05-01",
          .first_publication_date = "2016-05-27",
          .registration_date = "2016-10-27"};
}

TEST(RightsModel, EnumNamesAreSnakeCaseAndRoundTrip) {
  for (TrademarkStatus status :
       {TrademarkStatus::kUnknown, TrademarkStatus::kApplied, TrademarkStatus::kPublished,
        TrademarkStatus::kRegistered, TrademarkStatus::kInvalid, TrademarkStatus::kCancelled,
        TrademarkStatus::kExpired}) {
    EXPECT_EQ(TrademarkStatusFromName(TrademarkStatusName(status)), status);
  }
  EXPECT_EQ(TrademarkStatusName(TrademarkStatus::kRegistered), "registered");
  EXPECT_EQ(TrademarkStatusName(TrademarkStatus::kCancelled), "cancelled");
  EXPECT_EQ(TrademarkStatusFromName("Registered"), std::nullopt);
  EXPECT_EQ(CopyrightKindName(CopyrightKind::kSoftware), "software");
  EXPECT_EQ(CopyrightKindFromName("work"), CopyrightKind::kWork);
  EXPECT_EQ(CopyrightKindFromName("film"), std::nullopt);
}

TEST(TrademarkStatusText, MapsOnlyWhatTheTextMakesClear) {
  struct Case {
    std::string_view text;
    TrademarkStatus status;
  };
  for (const Case& test : std::initializer_list<Case>{
           // Seen in the qichacha samples.
           {"商标注册申请受理通知书发文", TrademarkStatus::kApplied},
           {"商标无效", TrademarkStatus::kInvalid},
           {"商标注册申请注册公告排版完成", TrademarkStatus::kRegistered},
           // Plain states and further flow steps.
           {"商标已注册", TrademarkStatus::kRegistered},
           {"核准续展注册证明发文", TrademarkStatus::kRegistered},
           {"商标注册申请初步审定公告", TrademarkStatus::kPublished},
           {"初审公告", TrademarkStatus::kPublished},
           {"注册申请中", TrademarkStatus::kApplied},
           {"商标已注销", TrademarkStatus::kCancelled},
           {"撤销注册商标公告", TrademarkStatus::kUnknown},  // wording not listed: not guessed
           {"商标已撤销", TrademarkStatus::kCancelled},
           {"期满未续展", TrademarkStatus::kExpired},
           // Proceedings say nothing certain about their outcome.
           {"撤销三年不使用注册商标申请收文", TrademarkStatus::kUnknown},
           {"无效宣告申请审查中", TrademarkStatus::kUnknown},
           {"商标注册申请驳回通知发文", TrademarkStatus::kUnknown},
           {"商标异议申请收文", TrademarkStatus::kUnknown},
           {"", TrademarkStatus::kUnknown},
           {"等待补正", TrademarkStatus::kUnknown},
       }) {
    EXPECT_EQ(TrademarkStatusFromText(test.text), test.status) << test.text;
  }
}

TEST(TrademarkTerm, EndsTheDayBeforeEachTenthAnniversary) {
  EXPECT_EQ(TrademarkTermEnd("2016-01-07", 0), "2026-01-06");
  EXPECT_EQ(TrademarkTermEnd("2016-01-07", 1), "2036-01-06");  // one renewal
  EXPECT_EQ(TrademarkTermEnd("2016-01-07", 2), "2046-01-06");
  EXPECT_EQ(TrademarkTermEnd("2010-01-01", 0), "2019-12-31");
  EXPECT_EQ(TrademarkTermEnd("2014-03-01", 0), "2024-02-29");  // 2024 is a leap year
  EXPECT_EQ(TrademarkTermEnd("2015-03-01", 0), "2025-02-28");
  EXPECT_EQ(TrademarkTermEnd("2016-02-29", 0), "2026-02-28");
  EXPECT_EQ(TrademarkTermEnd("2016-02-29", 2), "2046-02-28");
  EXPECT_EQ(TrademarkTermEnd("2016-12-31", 0), "2026-12-30");
  EXPECT_EQ(TrademarkTermEnd("", 0), "");
  EXPECT_EQ(TrademarkTermEnd("2016/1/7", 0), "");
  EXPECT_EQ(TrademarkTermEnd("2015-02-29", 0), "");
  EXPECT_EQ(TrademarkTermEnd("2016-01-07", -1), "");
  EXPECT_EQ(TrademarkTermEnd("9995-01-01", 0), "");
}

TEST(TrademarkTerm, RenewalsAreCountedFromApprovedRenewalEvents) {
  Trademark mark = SampleMark();
  EXPECT_EQ(TrademarkRenewals(mark), 0);
  mark.events.push_back({.date = "2025-03-01", .text = "商标续展申请收文"});
  EXPECT_EQ(TrademarkRenewals(mark), 0);
  mark.events.push_back({.date = "2025-09-01", .text = "核准续展注册证明发文"});
  EXPECT_EQ(TrademarkRenewals(mark), 1);
  EXPECT_EQ(TrademarkTermEnd(mark.registration_date, TrademarkRenewals(mark)), "2036-01-06");
}

TEST(RightsModel, TrademarkJsonRoundTripsEveryField) {
  const Trademark mark = SampleMark();
  const json written = TrademarkToJson(mark);
  EXPECT_EQ(written["status"], "registered");
  EXPECT_EQ(written["nice_classes"], json::array({9, 45}));
  auto read = TrademarkFromJson(json::parse(written.dump()));
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(TrademarkToJson(*read), written);
  EXPECT_EQ(read->events.size(), 1u);
}

TEST(RightsModel, CopyrightJsonRoundTripsEveryField) {
  const Copyright copyright = SampleCopyright();
  const json written = CopyrightToJson(copyright);
  EXPECT_EQ(written["kind"], "software");
  auto read = CopyrightFromJson(json::parse(written.dump()));
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(CopyrightToJson(*read), written);
}

TEST(RightsModel, TrademarkFromJsonNamesTheBadField) {
  auto field_of = [](std::string_view text) {
    auto read = TrademarkFromJson(json::parse(text));
    if (read.ok()) return std::string("(read)");
    EXPECT_TRUE(absl::IsInvalidArgument(read.status()));
    return base::FieldOf(read.status()).value_or("(no field)");
  };
  EXPECT_EQ(field_of(R"({"name": "x"})"), "registration_number");
  EXPECT_EQ(field_of(R"({"registration_number": 1})"), "registration_number");
  EXPECT_EQ(field_of(R"({"registration_number": "1", "nice_classes": [9, 46]})"),
            "nice_classes[1]");
  EXPECT_EQ(field_of(R"({"registration_number": "1", "nice_classes": ["9"]})"), "nice_classes[0]");
  EXPECT_EQ(field_of(R"({"registration_number": "1", "nice_classes": 9})"), "nice_classes");
  EXPECT_EQ(field_of(R"({"registration_number": "1", "status": "alive"})"), "status");
  EXPECT_EQ(field_of(R"({"registration_number": "1", "expiry_date": "2026/1/6"})"), "expiry_date");
  EXPECT_EQ(field_of(R"({"registration_number": "1", "events": [{"date": "x"}]})"),
            "events[0].date");
  EXPECT_EQ(field_of(R"({"registration_number": "1", "events": [3]})"), "events[0]");
  EXPECT_EQ(field_of("[]"), "record");
  // Absent and null fields are empty; unknown keys are ignored.
  EXPECT_EQ(field_of(R"({"registration_number": "1", "name": null, "future": {"a": 1}})"),
            "(read)");
  auto sorted = TrademarkFromJson(json::parse(R"({"registration_number": "1",
                                                  "nice_classes": [45, 9, 45]})"));
  ASSERT_TRUE(sorted.ok());
  EXPECT_EQ(sorted->nice_classes, (std::vector<int>{9, 45}));
}

TEST(RightsModel, CopyrightFromJsonNamesTheBadField) {
  auto field_of = [](std::string_view text) {
    auto read = CopyrightFromJson(json::parse(text));
    if (read.ok()) return std::string("(read)");
    return base::FieldOf(read.status()).value_or("(no field)");
  };
  EXPECT_EQ(field_of(R"({"registration_number": "1"})"), "kind");
  EXPECT_EQ(field_of(R"({"kind": "film", "registration_number": "1"})"), "kind");
  EXPECT_EQ(field_of(R"({"kind": "work"})"), "registration_number");
  EXPECT_EQ(field_of(R"({"kind": "work", "registration_number": "1", "owner": 5})"), "owner");
  EXPECT_EQ(
      field_of(
          R"({"kind": "work", "registration_number": "1", "registration_date": "2016-02-30"})"),
      "registration_date");
  EXPECT_EQ(field_of(R"({"kind": "work", "registration_number": "1"})"), "(read)");
}

// ---- The store, on SQLite and PostgreSQL ----------------------------------

constexpr int64_t kNow = 1795795200000LL;

template <typename Backend>
class RightsStoreTest : public db::testing::DatabaseTest<Backend> {
 protected:
  void SetUp() override {
    db::testing::DatabaseTest<Backend>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    ASSERT_TRUE(base::InitCrypto().ok());
    auto applied = db::Migrate(this->db(), Migrations());
    ASSERT_TRUE(applied.ok()) << applied.status();
  }

  // Every record of a qichacha file, read by the registry importer.
  template <typename T>
  std::vector<T> Qichacha(const std::string& name) {
    auto records =
        importers::ParseRegistryJson(ReadFile(SharedData("cn_patents/qichacha_mock/" + name)));
    EXPECT_TRUE(records.ok()) << records.status();
    std::vector<T> out;
    for (auto& record : records.value_or(std::vector<importers::RegistryRecord>{})) {
      EXPECT_TRUE(record.item.ok()) << record.item.status();
      if (record.item.ok()) out.push_back(std::get<T>(std::move(*record.item)));
    }
    return out;
  }

  // Stores the qichacha trademarks and both copyright files.
  void StoreSamples(db::Connection& conn) {
    for (const Trademark& mark : Qichacha<Trademark>("mock-shangbiaoxinxi.json")) {
      auto outcome = store::UpsertTrademark(conn, mark, kNow);
      ASSERT_TRUE(outcome.ok()) << outcome.status();
    }
    for (const char* name : {"mock-ruanjianzhuzuoquan.json", "mock-zuopinzhuzuoquan.json"}) {
      for (const Copyright& copyright : Qichacha<Copyright>(name)) {
        auto outcome = store::UpsertCopyright(conn, copyright, kNow);
        ASSERT_TRUE(outcome.ok()) << outcome.status();
      }
    }
  }
};
TYPED_TEST_SUITE(RightsStoreTest, db::testing::Backends, db::testing::BackendNames);

TYPED_TEST(RightsStoreTest, TrademarksInsertOnceUpdateWhenChangedAndReadBack) {
  auto conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  std::vector<Trademark> marks = this->template Qichacha<Trademark>("mock-shangbiaoxinxi.json");
  ASSERT_EQ(marks.size(), 3u);
  for (const Trademark& mark : marks) {
    IPHUB_ASSERT_OK_AND_ASSIGN(auto outcome, store::UpsertTrademark(*conn, mark, kNow));
    EXPECT_EQ(outcome, store::UpsertOutcome::kInserted);
  }
  for (const Trademark& mark : marks) {
    IPHUB_ASSERT_OK_AND_ASSIGN(auto outcome, store::UpsertTrademark(*conn, mark, kNow + 1));
    EXPECT_EQ(outcome, store::UpsertOutcome::kUnchanged);
  }
  for (const Trademark& mark : marks) {
    IPHUB_ASSERT_OK_AND_ASSIGN(Trademark stored,
                               store::GetTrademark(*conn, mark.registration_number));
    EXPECT_EQ(TrademarkToJson(stored), TrademarkToJson(mark));
  }

  Trademark renewed = SampleMark();
  IPHUB_ASSERT_OK_AND_ASSIGN(auto outcome, store::UpsertTrademark(*conn, renewed, kNow));
  EXPECT_EQ(outcome, store::UpsertOutcome::kUpdated);  // same number as marks[0]
  renewed.events.push_back({.date = "2025-09-01", .text = "核准续展注册证明发文"});
  renewed.expiry_date = TrademarkTermEnd(renewed.registration_date, TrademarkRenewals(renewed));
  IPHUB_ASSERT_OK_AND_ASSIGN(outcome, store::UpsertTrademark(*conn, renewed, kNow));
  EXPECT_EQ(outcome, store::UpsertOutcome::kUpdated);
  IPHUB_ASSERT_OK_AND_ASSIGN(Trademark stored, store::GetTrademark(*conn, "16435657"));
  EXPECT_EQ(stored.expiry_date, "2036-01-06");
  EXPECT_EQ(TrademarkToJson(stored), TrademarkToJson(renewed));
  IPHUB_ASSERT_OK_AND_ASSIGN(auto rows, conn->Query("SELECT COUNT(*), MAX(nice_classes) FROM "
                                                    "trademarks WHERE expiry_date = '2036-01-06'"));
  EXPECT_EQ(rows.rows[0].Int(0), 1);
  EXPECT_EQ(rows.rows[0].Text(1), ",9,45,");

  EXPECT_TRUE(absl::IsNotFound(store::GetTrademark(*conn, "99999999").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(store::UpsertTrademark(*conn, Trademark{}, kNow).status()));
}

TYPED_TEST(RightsStoreTest, CopyrightsAreKeyedByKindAndNumber) {
  auto conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  for (const char* name : {"mock-ruanjianzhuzuoquan.json", "mock-zuopinzhuzuoquan.json"}) {
    std::vector<Copyright> copyrights = this->template Qichacha<Copyright>(name);
    ASSERT_EQ(copyrights.size(), 10u) << name;
    for (const Copyright& copyright : copyrights) {
      IPHUB_ASSERT_OK_AND_ASSIGN(auto outcome, store::UpsertCopyright(*conn, copyright, kNow));
      EXPECT_EQ(outcome, store::UpsertOutcome::kInserted) << copyright.registration_number;
    }
    for (const Copyright& copyright : copyrights) {
      IPHUB_ASSERT_OK_AND_ASSIGN(auto outcome, store::UpsertCopyright(*conn, copyright, kNow));
      EXPECT_EQ(outcome, store::UpsertOutcome::kUnchanged) << copyright.registration_number;
      IPHUB_ASSERT_OK_AND_ASSIGN(
          Copyright stored,
          store::GetCopyright(*conn, copyright.kind, copyright.registration_number));
      EXPECT_EQ(CopyrightToJson(stored), CopyrightToJson(copyright));
    }
  }
  // The same number as another kind is another registration.
  Copyright work = SampleCopyright();
  work.kind = CopyrightKind::kWork;
  IPHUB_ASSERT_OK_AND_ASSIGN(auto outcome, store::UpsertCopyright(*conn, work, kNow));
  EXPECT_EQ(outcome, store::UpsertOutcome::kInserted);
  // A changed record replaces the stored one.
  Copyright software = SampleCopyright();
  software.version = "V3.0.1";
  IPHUB_ASSERT_OK_AND_ASSIGN(outcome, store::UpsertCopyright(*conn, software, kNow));
  EXPECT_EQ(outcome, store::UpsertOutcome::kUpdated);
  IPHUB_ASSERT_OK_AND_ASSIGN(Copyright stored,
                             store::GetCopyright(*conn, CopyrightKind::kSoftware, "2016SR309930"));
  EXPECT_EQ(stored.version, "V3.0.1");
  EXPECT_EQ(stored.completion_date, "2016-05-01");
  EXPECT_TRUE(absl::IsNotFound(
      store::GetCopyright(*conn, CopyrightKind::kWork, "国作登字-2016-F-00000000").status()));
}

TYPED_TEST(RightsStoreTest, ListsTrademarksByOwnerClassAndStatus) {
  auto conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  this->StoreSamples(*conn);
  Trademark other = SampleMark();
  other.registration_number = "30000001";
  other.owner = "小米科技有限责任公司";
  other.nice_classes = {9, 35};
  other.application_date = "2018-01-01";
  IPHUB_ASSERT_OK(store::UpsertTrademark(*conn, other, kNow).status());

  auto numbers = [&](const store::TrademarkFilter& filter, int64_t limit = 100,
                     int64_t offset = 0) {
    std::vector<std::string> out;
    auto page = store::ListTrademarks(*conn, filter, limit, offset);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) return out;
    for (const Trademark& mark : page->items) out.push_back(mark.registration_number);
    return out;
  };
  // Latest application first.
  EXPECT_EQ(numbers({}),
            (std::vector<std::string>{"30000001", "16435655", "16435657", "15392502"}));
  EXPECT_EQ(numbers({.owner = "朗动"}),
            (std::vector<std::string>{"16435655", "16435657", "15392502"}));
  EXPECT_EQ(numbers({.name = "征信"}), std::vector<std::string>{"15392502"});
  EXPECT_EQ(numbers({.nice_class = 45}), (std::vector<std::string>{"16435655", "16435657"}));
  EXPECT_EQ(numbers({.nice_class = 9}), std::vector<std::string>{"30000001"});
  EXPECT_TRUE(numbers({.nice_class = 4}).empty());  // not 45, not 42
  EXPECT_EQ(numbers({.status = TrademarkStatus::kInvalid}), std::vector<std::string>{"15392502"});
  EXPECT_EQ(numbers({.owner = "朗动", .nice_class = 45, .status = TrademarkStatus::kApplied}),
            std::vector<std::string>{"16435657"});
  EXPECT_TRUE(numbers({.owner = "%"}).empty());  // LIKE wildcards are escaped

  IPHUB_ASSERT_OK_AND_ASSIGN(auto page, store::ListTrademarks(*conn, {}, 2, 1));
  EXPECT_EQ(page.total, 4);
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].registration_number, "16435655");
  EXPECT_EQ(page.items[0].status, TrademarkStatus::kRegistered);
  EXPECT_EQ(page.items[1].registration_number, "16435657");
  IPHUB_ASSERT_OK_AND_ASSIGN(page, store::ListTrademarks(*conn, {.nice_class = 45}, 1, 0));
  EXPECT_EQ(page.total, 2);
  EXPECT_EQ(page.items.size(), 1u);

  EXPECT_EQ(base::FieldOf(store::ListTrademarks(*conn, {}, 0, 0).status()), "limit");
  EXPECT_EQ(base::FieldOf(store::ListTrademarks(*conn, {}, 10, -1).status()), "offset");
  EXPECT_EQ(base::FieldOf(store::ListTrademarks(*conn, {.nice_class = 46}, 10, 0).status()),
            "nice_class");
}

TYPED_TEST(RightsStoreTest, ListsCopyrightsByOwnerKindAndCategory) {
  auto conn = this->Connect();
  ASSERT_NE(conn.get(), nullptr);
  this->StoreSamples(*conn);

  IPHUB_ASSERT_OK_AND_ASSIGN(auto all, store::ListCopyrights(*conn, {}, 100, 0));
  EXPECT_EQ(all.total, 20);
  ASSERT_EQ(all.items.size(), 20u);
  // Latest registration first: 2016-10-27 (software) before 2016-05-17 (work).
  EXPECT_EQ(all.items[0].registration_number, "2016SR309930");
  EXPECT_EQ(all.items[1].registration_number, "2016SR263061");  // 2016-09-18, by number
  EXPECT_EQ(all.items.back().registration_number, "国作登字-2013-F-00086981");  // 2013-04-03

  IPHUB_ASSERT_OK_AND_ASSIGN(
      auto software, store::ListCopyrights(*conn, {.kind = CopyrightKind::kSoftware}, 100, 0));
  EXPECT_EQ(software.total, 10);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto xiaomi, store::ListCopyrights(*conn, {.owner = "小米"}, 100, 0));
  EXPECT_EQ(xiaomi.total, 10);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto beijing,
                             store::ListCopyrights(*conn, {.owner = "北京小米"}, 100, 0));
  EXPECT_EQ(beijing.total, 7);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto music,
                             store::ListCopyrights(*conn, {.category = "音乐"}, 100, 0));
  ASSERT_EQ(music.total, 1);
  EXPECT_EQ(music.items[0].name, "手机铃音");
  IPHUB_ASSERT_OK_AND_ASSIGN(
      auto none, store::ListCopyrights(
                     *conn, {.kind = CopyrightKind::kWork, .category = "30200-0000"}, 100, 0));
  EXPECT_EQ(none.total, 0);
  IPHUB_ASSERT_OK_AND_ASSIGN(auto named, store::ListCopyrights(*conn, {.name = "企查查"}, 3, 3));
  EXPECT_EQ(named.total, 7);
  EXPECT_EQ(named.items.size(), 3u);
  EXPECT_EQ(base::FieldOf(store::ListCopyrights(*conn, {}, 1001, 0).status()), "limit");
}

}  // namespace
}  // namespace iphub::patents
