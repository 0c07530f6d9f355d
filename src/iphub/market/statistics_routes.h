// GET /api/v1/market-statistics (docs/api.md, "Marketplace statistics").
#pragma once

#include <memory>

#include "iphub/auth/service.h"
#include "iphub/http/router.h"
#include "iphub/market/statistics.h"

namespace iphub::market {

void RegisterMarketStatisticsRoutes(http::Router& router,
                                    const std::shared_ptr<MarketStatisticsService>& statistics,
                                    auth::AccountService& accounts);

}  // namespace iphub::market
