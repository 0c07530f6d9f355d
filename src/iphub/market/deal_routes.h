// HTTP binding of deals (docs/api.md, "Deals"):
//   GET|POST  /api/v1/deals                     the caller's (or an official's region's) / open one
//   GET       /api/v1/deals/{id}                the deal room: parties, offers, messages, contract
//   POST      /api/v1/deals/{id}/messages       a message from one side
//   POST      /api/v1/deals/{id}/offers         an offer or counter-offer
//   POST      /api/v1/deals/{id}/transitions    respond, agree, file_recordal, record, close,
//                                               withdraw
//   GET       /api/v1/deals/{id}/contract.pdf   the agreed contract
//   GET       /api/v1/patents/{number}/deal-evidence
//                                               the patent's agreed deals and comparable prices
#pragma once

#include <memory>

#include "iphub/auth/service.h"
#include "iphub/http/router.h"
#include "iphub/market/deal_service.h"

namespace iphub::market {

void RegisterDealRoutes(http::Router& router, const std::shared_ptr<DealService>& deals,
                        auth::AccountService& accounts);

}  // namespace iphub::market
