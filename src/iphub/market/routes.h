// HTTP binding of the listings (docs/api.md, "Marketplace listings"):
//   GET|POST    /api/v1/listings                 browse (public) / create a draft
//   GET|PUT     /api/v1/listings/{id}            one listing / change a draft
//   POST        /api/v1/listings/{id}/transitions  submit, approve, reject, close, withdraw,
//   take_down GET|POST    /api/v1/listing-authorisations   an organisation's given and received
//   DELETE      /api/v1/listing-authorisations/{id}
#pragma once

#include <memory>

#include "iphub/auth/service.h"
#include "iphub/http/router.h"
#include "iphub/market/demand_service.h"
#include "iphub/market/service.h"

namespace iphub::market {

void RegisterMarketRoutes(http::Router& router, const std::shared_ptr<ListingService>& listings,
                          auth::AccountService& accounts);

// The demand library (docs/api.md, "Demand library"):
//   GET|POST  /api/v1/demands,  GET|PUT /api/v1/demands/{id},  POST
//   /api/v1/demands/{id}/transitions GET|POST  /api/v1/demands/{id}/invitations GET
//   /api/v1/demand-invitations,  POST /api/v1/demand-invitations/{id}/response GET
//   /api/v1/demand-response-times
void RegisterDemandRoutes(http::Router& router, const std::shared_ptr<DemandService>& demands,
                          auth::AccountService& accounts);

}  // namespace iphub::market
