#include "iphub/app/demo.h"

#include <chrono>
#include <map>

#include "iphub/auth/store.h"
#include "iphub/auth/uscc.h"
#include "iphub/base/clock.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/market/deal_service.h"
#include "iphub/market/service.h"
#include "iphub/patents/importers/jsonl.h"
#include "iphub/patents/numbers.h"
#include "iphub/patents/store.h"

namespace iphub::app {
namespace {

constexpr std::string_view kAdminPassword = "Admin@2026";
constexpr std::string_view kDemoPassword = "Demo@2026";

// Names are invented for the demonstration; the regions are real.
struct DemoOrg {
  std::string_view key;
  std::string_view name;
  std::string_view type;
  std::string_view region;
  std::string_view address;
};

constexpr DemoOrg kOrgs[] = {
    {"sd_office", "山东省知识产权局（演示）", "ip_office", "370000", "山东省济南市历下区"},
    {"jn_office", "济南市市场监督管理局（知识产权局）（演示）", "ip_office", "370100", "济南市"},
    {"qd_office", "青岛市市场监督管理局（知识产权局）（演示）", "ip_office", "370200", "青岛市"},
    {"lx_office", "济南市历下区市场监督管理局（演示）", "ip_office", "370102", "济南市历下区"},
    {"sz_office", "济南市市中区市场监督管理局（演示）", "ip_office", "370103", "济南市市中区"},
    {"lx_ent", "济南泉城智能装备有限公司", "enterprise", "370102", "济南市历下区经十路 100 号"},
    {"sz_ent", "济南舜耕新材料科技有限公司", "enterprise", "370103", "济南市市中区舜耕路 8 号"},
    {"qd_uni", "青岛海滨理工大学", "university", "370202", "青岛市市南区香港中路 1 号"},
    {"agency", "山东齐鲁知识产权代理事务所（普通合伙）", "ip_agency", "370102", "济南市历下区"},
    {"bank", "泉城商业银行济南分行", "bank", "370100", "济南市"},
    {"institute", "山东省先进材料研究院", "research_institute", "370100", "济南市"},
    {"insurer", "鲁信财产保险济南中心支公司", "insurer", "370100", "济南市"},
};

struct DemoUser {
  std::string_view username;
  std::string_view display_name;
  std::string_view role;
  std::string_view org_key;  // empty: none
  std::string_view region;   // officials
};

constexpr DemoUser kUsers[] = {
    {"sd_official", "山东省局 李明", "official", "sd_office", "370000"},
    {"jn_official", "济南市局 王芳", "official", "jn_office", "370100"},
    {"qd_official", "青岛市局 赵磊", "official", "qd_office", "370200"},
    {"lx_official", "历下区局 陈静", "official", "lx_office", "370102"},
    {"sz_official", "市中区局 刘洋", "official", "sz_office", "370103"},
    {"lx_ent_admin", "泉城智能 张伟", "org_admin", "lx_ent", ""},
    {"lx_ent_member", "泉城智能 孙丽", "member", "lx_ent", ""},
    {"sz_ent_admin", "舜耕新材 周强", "org_admin", "sz_ent", ""},
    {"qd_uni_admin", "海滨理工 吴敏", "org_admin", "qd_uni", ""},
    {"agency_attorney", "齐鲁代理 郑涛", "practitioner", "agency", ""},
    {"bank_manager", "泉城商行 冯雪", "member", "bank", ""},
    {"expert_wang", "王教授", "expert", "institute", ""},
};

// A syntactically valid code: registration authority 9 (市场监管), category 1
// (enterprise) or others, the region, a 9-character organisation code made
// from the index, and the GB 32100-2015 check character.
absl::StatusOr<std::string> DemoUscc(std::string_view region, int index) {
  std::string body = base::StrCat("91", region, "MA", 3700000 + index);
  IPHUB_ASSIGN_OR_RETURN(char check, auth::UsccCheckCharacter(body));
  return base::StrCat(body, std::string(1, check));
}

}  // namespace

absl::StatusOr<DemoResult> LoadDemo(auth::AccountService& accounts, DemoMode mode) {
  DemoResult result;
  result.accounts.push_back({"admin", std::string(kAdminPassword), "platform_admin", "—"});
  std::map<std::string_view, const DemoOrg*> org_by_key;
  for (const auto& org : kOrgs) org_by_key[org.key] = &org;
  for (const auto& user : kUsers) {
    std::string scope = user.org_key.empty() ? std::string(user.region)
                                             : base::StrCat(org_by_key[user.org_key]->region, " ",
                                                            org_by_key[user.org_key]->name);
    result.accounts.push_back(
        {std::string(user.username), std::string(kDemoPassword), std::string(user.role), scope});
  }

  if (mode == DemoMode::kListOnly) return result;
  if (accounts.FindUserByName("admin").ok()) return result;  // loaded before
  result.created = true;

  auth::UserInput admin{.username = "admin",
                        .display_name = "平台管理员",
                        .password = std::string(kAdminPassword),
                        .role = "platform_admin"};
  IPHUB_RETURN_IF_ERROR(accounts.CreateUser(nullptr, admin).status());

  std::map<std::string_view, int64_t> org_ids;
  int index = 1;
  for (const auto& org : kOrgs) {
    IPHUB_ASSIGN_OR_RETURN(std::string uscc, DemoUscc(org.region, index++));
    auth::OrganizationInput input{.name = std::string(org.name),
                                  .type = std::string(org.type),
                                  .uscc = uscc,
                                  .region_code = std::string(org.region),
                                  .address = std::optional<std::string>(std::string(org.address)),
                                  .contact = std::optional<std::string>("0531-00000000")};
    IPHUB_ASSIGN_OR_RETURN(auto created, accounts.CreateOrganization(nullptr, input));
    org_ids[org.key] = created.id;
  }
  for (const auto& user : kUsers) {
    auth::UserInput input{.username = std::string(user.username),
                          .display_name = std::string(user.display_name),
                          .password = std::string(kDemoPassword),
                          .role = std::string(user.role)};
    if (!user.org_key.empty()) input.organization_id = org_ids[user.org_key];
    if (!user.region.empty()) input.region_code = std::string(user.region);
    IPHUB_RETURN_IF_ERROR(accounts.CreateUser(nullptr, input).status());
  }
  return result;
}

namespace {

struct DemoListing {
  std::string_view doc_number;  // CN…B, granted 2023
  std::string_view title;
  std::string_view ipc;
  std::string_view lister;  // demo username of a member of the holder
  std::string_view kind;
  int64_t price_fen;  // 0: negotiable
  std::string_view terms;
  std::string_view industry;
  int trl;
  std::string_view scenarios;
  std::string_view reviewer;  // "" leaves it pending review
};

constexpr DemoListing kDemoListings[] = {
    {"119999001", "一种协作机器人关节力矩自适应控制方法", "B25J 9/16", "lx_ent_admin", "transfer",
     180'000'000, "专利权转让，含技术资料与三个月技术指导", "智能制造", 7,
     "汽车零部件装配线、3C 电子精密装配中的人机协作工位", "jn_official"},
    {"119999002", "一种基于视觉的焊缝跟踪装置及方法", "B23K 9/127", "lx_ent_admin",
     "non_exclusive_licence", 30'000'000, "普通许可，许可期三年，限山东省内实施", "智能制造", 6,
     "工程机械结构件、压力容器的自动化焊接", "jn_official"},
    {"119999003", "一种自动导引车的多传感器融合定位方法", "G05D 1/02", "lx_ent_admin",
     "open_licence", 2'000'000, "开放许可：每年 2 万元，按年支付，许可期最长五年", "智能制造", 8,
     "仓储物流 AGV、工厂物料配送", ""},
    {"119999004", "一种海洋监测浮标的低功耗数据采集系统", "G01C 13/00", "qd_uni_admin",
     "exclusive_licence", 0, "独占许可，许可费面议，可含联合研发", "海洋装备", 5,
     "近海环境监测、海洋牧场水质监测", "qd_official"},
};

absl::StatusOr<auth::Principal> DemoPrincipal(auth::AccountService& accounts,
                                              std::string_view username) {
  IPHUB_ASSIGN_OR_RETURN(auth::User user, accounts.FindUserByName(username));
  return auth::store::PrincipalOf(user);
}

}  // namespace

absl::StatusOr<int> LoadDemoMarket(db::Database& database, auth::AccountService& accounts) {
  {
    IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database.Acquire());
    IPHUB_ASSIGN_OR_RETURN(
        db::Result present,
        conn->Query("SELECT COUNT(*) FROM market_listings WHERE publication_number = $1",
                    {base::StrCat("CN", kDemoListings[0].doc_number, "B")}));
    if (present.rows[0].Int(0) > 0) return 0;
  }
  market::ListingService listings(database, base::SystemClock::Instance());
  int created = 0;
  for (const DemoListing& demo : kDemoListings) {
    IPHUB_ASSIGN_OR_RETURN(auth::Principal lister, DemoPrincipal(accounts, demo.lister));
    IPHUB_ASSIGN_OR_RETURN(auth::User user, accounts.FindUserByName(demo.lister));
    patents::Patent patent;
    patent.country = "CN";
    patent.doc_number = std::string(demo.doc_number);
    patent.kind = "B";
    patent.publication_number = base::StrCat("CN", demo.doc_number, "B");
    patent.type = patents::DocumentType::kCnInventionGrant;
    const std::string digits = base::StrCat("20211", demo.doc_number.substr(2));  // 12 digits
    IPHUB_ASSIGN_OR_RETURN(char check, patents::CnApplicationCheckCharacter(digits));
    patent.application_number = base::StrCat(digits, ".", std::string(1, check));
    patent.application_date = "2021-04-12";
    patent.publication_date = "2023-08-15";
    patent.grant_date = "2023-08-15";
    patent.language = "zh";
    patent.title = std::string(demo.title);
    patent.abstract = base::StrCat("本发明公开了", demo.title, "，适用于", demo.scenarios, "。");
    patent.applicants = {{.name = user.organization_name.value_or(""),
                          .type = patents::GuessPartyType(user.organization_name.value_or("")),
                          .country = "CN",
                          .region_code = lister.region_code.value_or("")}};
    patent.ipc_main = std::string(demo.ipc);
    patent.ipc = {{.symbol = std::string(demo.ipc)}};
    {
      IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database.Acquire());
      IPHUB_RETURN_IF_ERROR(
          patents::store::UpsertPatent(*conn, patent, base::SystemClock::Instance().NowMillis())
              .status());
    }
    market::ListingInput input{.patent = patent.publication_number,
                               .kind = std::string(demo.kind),
                               .terms = std::string(demo.terms),
                               .industry = std::string(demo.industry),
                               .trl = demo.trl,
                               .scenarios = std::string(demo.scenarios),
                               .contact_name = std::string(user.display_name),
                               .contact_phone = "0531-00000000"};
    if (demo.price_fen > 0) input.price_fen = demo.price_fen;
    IPHUB_ASSIGN_OR_RETURN(market::ListingView view, listings.Create(&lister, std::move(input)));
    IPHUB_RETURN_IF_ERROR(listings.Transition(&lister, view.listing.id, "submit", {}).status());
    if (!demo.reviewer.empty()) {
      IPHUB_ASSIGN_OR_RETURN(auth::Principal reviewer, DemoPrincipal(accounts, demo.reviewer));
      IPHUB_RETURN_IF_ERROR(
          listings.Transition(&reviewer, view.listing.id, "approve", {}).status());
    }
    ++created;
  }
  // A deal under way, so the deal room has something to show: 舜耕新材 asks for the welding
  // licence and 泉城智能 answers with an offer.
  IPHUB_ASSIGN_OR_RETURN(auth::Principal buyer, DemoPrincipal(accounts, "sz_ent_admin"));
  IPHUB_ASSIGN_OR_RETURN(auth::Principal seller, DemoPrincipal(accounts, "lx_ent_admin"));
  IPHUB_ASSIGN_OR_RETURN(auto welding,
                         listings.List(&buyer, {.text = std::string(kDemoListings[1].doc_number)}));
  if (!welding.first.empty()) {
    market::DealService deals(database, base::SystemClock::Instance());
    IPHUB_ASSIGN_OR_RETURN(
        market::DealView deal,
        deals.Open(
            &buyer,
            {.listing_id = welding.first.front().listing.id,
             .message = "我们在济南有两条压力容器焊接线，想了解普通许可的实施范围和技术资料。"}));
    IPHUB_RETURN_IF_ERROR(
        deals.Transition(&seller, deal.deal.id, {.transition = "respond"}).status());
    IPHUB_RETURN_IF_ERROR(
        deals
            .MakeOffer(&seller, deal.deal.id,
                       {.price_fen = 28'000'000,
                        .terms = "普通许可三年，限山东省内两条产线，含焊接工艺包"})
            .status());
  }
  return created;
}

absl::StatusOr<patents::CorpusLoadSummary> LoadDemoPatents(
    db::Database& database, int64_t count, uint64_t seed,
    const std::function<void(int64_t done)>& progress) {
  return patents::LoadCorpus(database, {.count = count, .seed = seed}, progress);
}

absl::StatusOr<DemoExportSummary> ExportDemoPatents(
    int64_t count, uint64_t seed, std::ostream* out,
    const std::function<void(int64_t done)>& progress) {
  const patents::CorpusOptions options{.count = count, .seed = seed};
  IPHUB_RETURN_IF_ERROR(patents::ValidateCorpusOptions(options));
  const auto started = std::chrono::steady_clock::now();
  DemoExportSummary summary;
  patents::CorpusGenerator generator(options);
  std::string line;
  while (generator.HasNext()) {
    patents::Patent patent = generator.Next();
    ++summary.documents;
    if (out != nullptr) {
      line = patents::importers::PatentToJson(patent).dump();
      line += '\n';
      out->write(line.data(), static_cast<std::streamsize>(line.size()));
      summary.bytes += static_cast<int64_t>(line.size());
    }
    if (progress && summary.documents % 10000 == 0) progress(summary.documents);
  }
  if (out != nullptr) {
    out->flush();
    if (!*out) return absl::InternalError("writing the JSONL output failed");
  }
  if (progress) progress(summary.documents);
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace iphub::app
