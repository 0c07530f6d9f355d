#include "iphub/app/demo.h"

#include <chrono>
#include <map>

#include "iphub/auth/uscc.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/patents/importers/jsonl.h"

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
