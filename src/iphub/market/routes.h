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
#include "iphub/market/service.h"

namespace iphub::market {

void RegisterMarketRoutes(http::Router& router, const std::shared_ptr<ListingService>& listings,
                          auth::AccountService& accounts);

}  // namespace iphub::market
