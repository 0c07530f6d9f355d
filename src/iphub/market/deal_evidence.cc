#include "iphub/market/deal_evidence.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "iphub/base/civil_date.h"
#include "iphub/base/status.h"
#include "iphub/base/strings.h"
#include "iphub/market/deal_service.h"
#include "iphub/market/deal_store.h"
#include "iphub/patents/numbers.h"
#include "iphub/patents/store.h"

namespace iphub::market {
namespace {

constexpr int64_t kDayMs = 24LL * 3'600'000;
constexpr int64_t kShanghaiOffsetMs = 8LL * 3'600'000;

// The first millisecond of a civil day in Asia/Shanghai.
int64_t ShanghaiMidnightMs(const base::CivilDate& date) {
  return base::DaysFromCivil(date.year, date.month, date.day) * kDayMs - kShanghaiOffsetMs;
}

// The date of a recorded event ("EE01 2026-11-30" → "2026-11-30"); "" when there is none.
std::string RecordedOn(std::string_view event) {
  const size_t space = event.rfind(' ');
  if (space == std::string_view::npos) return "";
  const std::string_view date = event.substr(space + 1);
  return base::ParseCivilDate(date).has_value() ? std::string(date) : "";
}

}  // namespace

std::string_view KindFamilyName(KindFamily family) {
  return family == KindFamily::kAssignment ? "assignment" : "licence";
}

KindFamily KindFamilyOf(ListingKind kind) {
  switch (kind) {
    case ListingKind::kTransfer:
    case ListingKind::kEquity:
      return KindFamily::kAssignment;
    default:
      return KindFamily::kLicence;
  }
}

const std::vector<std::string>& AgreedDealStates() {
  static const auto* const kStates =
      new std::vector<std::string>{"agreed", "recordal_filed", "recorded", "closed"};
  return *kStates;
}

std::string IpcSubclass(std::string_view ipc_main) {
  ipc_main = base::StripWhitespace(ipc_main);
  if (ipc_main.size() < 4) return "";
  std::string subclass(ipc_main.substr(0, 4));
  for (char& c : subclass) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto letter = [](char c) { return c >= 'A' && c <= 'Z'; };
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!(subclass[0] >= 'A' && subclass[0] <= 'H') || !digit(subclass[1]) || !digit(subclass[2]) ||
      !letter(subclass[3])) {
    return "";
  }
  return subclass;
}

int64_t NearestRank(const std::vector<int64_t>& sorted, int percent) {
  const auto count = static_cast<int64_t>(sorted.size());
  int64_t rank = (static_cast<int64_t>(percent) * count + 99) / 100;  // ceil(p × n / 100)
  rank = std::clamp<int64_t>(rank, 1, count);
  return sorted[static_cast<size_t>(rank - 1)];
}

PriceSummary SummarisePrices(std::vector<int64_t> prices) {
  std::sort(prices.begin(), prices.end());
  return PriceSummary{.min_fen = prices.front(),
                      .p25_fen = NearestRank(prices, 25),
                      .median_fen = NearestRank(prices, 50),
                      .p75_fen = NearestRank(prices, 75),
                      .max_fen = prices.back()};
}

ComparableDeals ComparableOf(KindFamily family, std::string ipc_subclass, std::string since,
                             std::vector<int64_t> prices) {
  ComparableDeals out{.family = family,
                      .ipc_subclass = std::move(ipc_subclass),
                      .since = std::move(since),
                      .count = static_cast<int64_t>(prices.size())};
  if (out.ipc_subclass.empty()) {
    out.reason = "the patent has no IPC subclass to compare by";
  } else if (out.count < kMinComparableDeals) {
    out.reason = base::StrCat("fewer than ", kMinComparableDeals, " comparable ",
                              KindFamilyName(family), " deals with a price since ", out.since,
                              ": figures are not shown, so that no single deal's price is "
                              "disclosed");
  } else {
    out.prices = SummarisePrices(std::move(prices));
  }
  return out;
}

absl::StatusOr<DealEvidence> DealService::Evidence(const auth::Principal* principal,
                                                   std::string_view number) {
  if (principal == nullptr) return absl::UnauthenticatedError("log in first");
  const std::string written(base::StripWhitespace(number));
  if (written.empty()) return base::InvalidField("number", "a publication number is required");
  IPHUB_ASSIGN_OR_RETURN(db::PooledConnection conn, database_.Acquire());
  absl::StatusOr<patents::Patent> patent = patents::store::GetPatentWrittenAnyWay(*conn, written);
  IPHUB_RETURN_IF_ERROR(patent.status());

  // Deals name the publication listed; the A and the B of one application are one patent.
  std::vector<std::string> publications = {patent->publication_number};
  if (!patent->application_number.empty()) {
    IPHUB_ASSIGN_OR_RETURN(std::vector<patents::store::StoredPatent> siblings,
                           patents::store::PublicationsOfApplication(*conn, patent->country,
                                                                     patent->application_number));
    for (const patents::store::StoredPatent& sibling : siblings) {
      if (std::find(publications.begin(), publications.end(), sibling.publication_number) ==
          publications.end()) {
        publications.push_back(sibling.publication_number);
      }
    }
  }

  const int64_t now = clock_.NowMillis();
  DealEvidence evidence{.publication_number = patent->publication_number,
                        .title = patent->title,
                        .ipc_subclass = IpcSubclass(patent->ipc_main),
                        .as_of = base::ShanghaiDate(now)};

  IPHUB_ASSIGN_OR_RETURN(std::vector<Deal> own,
                         deal_store::DealsOnPatents(*conn, publications, AgreedDealStates()));
  for (const Deal& deal : own) {
    const bool visible = MaySee(principal, deal);
    evidence.own.push_back(
        OwnDeal{.id = visible ? std::optional<int64_t>(deal.id) : std::nullopt,
                .kind = deal.kind,
                .state = deal.state,
                .agreed_price_fen = visible ? deal.agreed_price_fen : std::nullopt,
                .agreed_on = deal.agreed_at.has_value() ? base::ShanghaiDate(*deal.agreed_at) : "",
                .recorded_event = deal.recorded_event,
                .recorded_on = RecordedOn(deal.recorded_event),
                .visible = visible});
  }

  const std::string since = base::AddYears(evidence.as_of, -kComparableYears);
  std::vector<int64_t> assignment_prices;
  std::vector<int64_t> licence_prices;
  if (!evidence.ipc_subclass.empty()) {
    const int64_t from_ms = ShanghaiMidnightMs(*base::ParseCivilDate(since));
    IPHUB_ASSIGN_OR_RETURN(std::vector<deal_store::ComparablePrice> prices,
                           deal_store::ComparablePrices(*conn, evidence.ipc_subclass, from_ms, now,
                                                        AgreedDealStates(), publications));
    for (const deal_store::ComparablePrice& price : prices) {
      (KindFamilyOf(price.kind) == KindFamily::kAssignment ? assignment_prices : licence_prices)
          .push_back(price.price_fen);
    }
  }
  evidence.comparable.push_back(ComparableOf(KindFamily::kAssignment, evidence.ipc_subclass, since,
                                             std::move(assignment_prices)));
  evidence.comparable.push_back(
      ComparableOf(KindFamily::kLicence, evidence.ipc_subclass, since, std::move(licence_prices)));
  return evidence;
}

}  // namespace iphub::market
