// HTTP binding of patent pools (docs/api.md, "Patent pools"):
//   GET|POST /api/v1/pools, GET|PUT /api/v1/pools/{id},
//   POST /api/v1/pools/{id}/members, DELETE /api/v1/pools/{id}/members/{org_id},
//   POST /api/v1/pools/{id}/patents, DELETE /api/v1/pools/{id}/patents/{number},
//   POST /api/v1/pools/{id}/transitions
#pragma once

#include <memory>

#include "iphub/auth/service.h"
#include "iphub/http/router.h"
#include "iphub/market/pool_service.h"

namespace iphub::market {

void RegisterPoolRoutes(http::Router& router, const std::shared_ptr<PoolService>& pools,
                        auth::AccountService& accounts);

}  // namespace iphub::market
