// HTTP binding of the valuation service (docs/api.md, "Valuation"):
//   GET  /api/v1/patents/{number}/valuation   one patent's score with every indicator's
//                                             value and contribution, and its stored grade
//                                             (public, as patent records are)
//   GET  /api/v1/valuation/scenarios          the five scenario presets and their weights
//                                             (public)
//   POST /api/v1/valuation/royalty            a relief-from-royalty estimate in fen, with the
//                                             year table and the sensitivity grid (logged in)
#pragma once

#include <memory>

#include "iphub/analytics/high_value_service.h"
#include "iphub/analytics/navigation_service.h"
#include "iphub/analytics/service.h"
#include "iphub/auth/service.h"
#include "iphub/http/router.h"

namespace iphub::analytics {

// The routes share ownership of `service`, so it lives as long as the router's handlers.
void RegisterValuationRoutes(http::Router& router, const std::shared_ptr<ValuationService>& service,
                             auth::AccountService& accounts);

// The same for the high-value routes.
void RegisterHighValueRoutes(http::Router& router, const std::shared_ptr<HighValueService>& service,
                             auth::AccountService& accounts);

// The navigation routes: GET /api/v1/landscape (and /export), /api/v1/reports/templates
// (public); /api/v1/reports and /api/v1/reports/{id} (+ /changes, /export) (logged in).
void RegisterNavigationRoutes(http::Router& router,
                              const std::shared_ptr<NavigationService>& service,
                              auth::AccountService& accounts);

}  // namespace iphub::analytics
