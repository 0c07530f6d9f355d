// Trademarks and copyrights: a smaller record of their own beside the patent
// model, so later modules (lists, custody, pledges, trading) can hold every
// kind of IP right a firm owns. Also their canonical JSON form
// (docs/formats/rights-jsonl.md), which the store keeps and the API will serve.
//
//   Trademark mark{.registration_number = "16435657", .nice_classes = {45}, .name = "企查查"};
//   mark.registration_date = "2016-01-07";
//   mark.expiry_date = TrademarkTermEnd(mark.registration_date, TrademarkRenewals(mark));
//   std::string text = TrademarkToJson(mark).dump();
//   IPHUB_ASSIGN_OR_RETURN(Trademark again, TrademarkFromJson(nlohmann::json::parse(text)));
//
// Dates are civil dates "YYYY-MM-DD" (empty when unknown). Nothing is derived
// from other fields except where a comment says so.
//
// What is known and what is guessed is marked as in shared FACTS.md: [C] two or
// more independent secondary sources, [K] general domain knowledge, not checked
// against an official text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "iphub/patents/model.h"
#include "nlohmann/json.hpp"

namespace iphub::patents {

// Where a trademark stands in the CN procedure (商标法; CNIPA 商标局 flow).
enum class TrademarkStatus {
  kUnknown,     // the source's status says nothing we can map (see status_text)
  kApplied,     // application filed / accepted (注册申请受理), not yet examined
  kPublished,   // preliminarily approved and published for opposition (初审公告)
  kRegistered,  // registered (注册公告), within its term or renewed
  kInvalid,     // 商标无效: declared invalid, refused, or otherwise without effect
  kCancelled,   // 注销 / 撤销: cancelled on request or revoked (e.g. three years' non-use)
  kExpired,     // term ended without renewal
};

// "unknown", "applied", "published", "registered", "invalid", "cancelled", "expired".
std::string_view TrademarkStatusName(TrademarkStatus status);
std::optional<TrademarkStatus> TrademarkStatusFromName(std::string_view name);

// Reads a status text as CN trademark registers and commercial databases write
// it (qichacha's FlowStatusDesc, the CTMO flow step, or a short state such as
// "已注册"); kUnknown when the text does not make the status clear.
// A step of a proceeding against a mark or an application — a request for
// cancellation, revocation, invalidation or opposition, a refusal that may
// still be appealed ("撤销三年不使用注册商标申请收文", "无效宣告申请审查中",
// "驳回通知发文") — says nothing certain about its outcome: kUnknown.
// Otherwise by fragment, most decisive first:
//   kInvalid     "商标无效" (seen in data: qichacha FlowStatus 202)
//   kCancelled   "已注销", "注销公告", "已撤销", "撤销公告" [K]
//   kExpired     "期满未续展", "已过期" [K]
//   kRegistered  "注册公告", "已注册", "核准续展", "注册证"
//                ("…注册公告排版完成" seen: FlowStatus 225)
//   kPublished   "初步审定", "初审公告" [K]
//   kApplied     "注册申请受理", "注册申请收文", "注册申请中", "商标申请中"
//                ("…受理通知书发文" seen: FlowStatus 224)
// qichacha's numeric `Status` (4 for both 224 and 225 above, 2 for 202) is not
// read: the samples do not tell what it means.
TrademarkStatus TrademarkStatusFromText(std::string_view text);

struct Trademark {
  std::string registration_number{};  // 注册号 / 申请号 (CN: the same number), as written
  std::vector<int> nice_classes{};    // Nice classes 1..45 (尼斯分类), ascending, no duplicates
  std::string name{};   // the mark's text (商标名称); "" for a purely figurative mark
  std::string owner{};  // 申请人/注册人 (Chinese name)
  std::string owner_en{};
  std::string agency{};  // 代理机构
  std::string application_date{};
  std::string registration_date{};  // 注册公告日 / 核准注册日
  // The last day of the current term (the "至" date of 专用权期限), see TrademarkTermEnd.
  std::string expiry_date{};
  TrademarkStatus status = TrademarkStatus::kUnknown;
  std::string status_text{};  // the source's status text, as written (qichacha FlowStatusDesc)
  std::string status_code{};  // the source's code for it (qichacha FlowStatus, e.g. "225")
  std::vector<LegalEvent> events{};  // dated procedure steps (code, date, text), oldest first
};

// The last day of a CN registration's term. FACTS.md §3 [C] (商标法 第39–40条):
// a registration is valid 10 years from the day it was approved (核准注册之日),
// and each renewal adds 10 years counted from the day after the previous term
// ends. The term therefore ends the day before the 10·(renewals + 1)-th
// anniversary, as registration certificates print it ("2016年01月07日至
// 2026年01月06日") [K]; a registration of 29 February ends on 28 February.
// "" for a date that is not "YYYY-MM-DD" or a negative count.
std::string TrademarkTermEnd(std::string_view registration_date, int renewals);

// Renewals the events record: steps whose text contains "核准续展" (renewal
// approved, 核准续展注册证明) [K: CTMO flow wording, not seen in the samples].
int TrademarkRenewals(const Trademark& trademark);

enum class CopyrightKind {
  kSoftware,  // 计算机软件著作权登记 (登记号 "2016SR309930")
  kWork,      // 作品著作权登记 (登记号 "国作登字-2016-F-00269796")
};

std::string_view CopyrightKindName(CopyrightKind kind);  // "software", "work"
std::optional<CopyrightKind> CopyrightKindFromName(std::string_view name);

struct Copyright {
  CopyrightKind kind = CopyrightKind::kSoftware;
  std::string registration_number{};  // 登记号, as written
  std::string name{};                 // 软件全称 / 作品名称
  std::string short_name{};           // 软件简称 (software)
  std::string version{};              // 版本号 (software), e.g. "V3.0.0"
  // 软件分类号 (software, e.g. "30200-0000") or 作品类别 (work, e.g. "美术").
  std::string category{};
  std::string owner{};                   // 著作权人
  std::string completion_date{};         // 开发完成日期 / 创作完成日期
  std::string first_publication_date{};  // 首次发表日期
  std::string registration_date{};       // 登记日期 (software: 登记批准日期)
};

// The canonical JSON objects (docs/formats/rights-jsonl.md); enum values are
// written by their snake_case names.
nlohmann::json TrademarkToJson(const Trademark& trademark);
nlohmann::json CopyrightToJson(const Copyright& copyright);

// Read the objects back. InvalidArgument naming the field ("nice_classes[1]")
// for a value of the wrong type, an unknown enum name, a Nice class outside
// 1..45, a date that is not "YYYY-MM-DD", or a missing registration number
// (and, for copyrights, a missing kind). Absent or null fields are empty;
// unknown keys are ignored. Nice classes come back sorted and de-duplicated.
absl::StatusOr<Trademark> TrademarkFromJson(const nlohmann::json& value);
absl::StatusOr<Copyright> CopyrightFromJson(const nlohmann::json& value);

// True for a valid civil date "YYYY-MM-DD" (month lengths and leap years checked).
bool IsCivilDate(std::string_view date);

}  // namespace iphub::patents
