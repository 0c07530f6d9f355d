// HTTP binding of the watch service (docs/api.md, "Watches and alerts"); every route needs a
// logged-in caller:
//   GET|POST          /api/v1/watches
//   GET|PATCH|DELETE  /api/v1/watches/{id}
//   GET               /api/v1/alerts
//   POST              /api/v1/alerts/{id}/read
//   POST              /api/v1/alerts/read-all
#pragma once

#include <memory>

#include "iphub/auth/service.h"
#include "iphub/http/router.h"
#include "iphub/watch/service.h"

namespace iphub::watch {

// The routes share ownership of `service`, so it lives as long as the router's handlers.
void RegisterWatchRoutes(http::Router& router, const std::shared_ptr<WatchService>& service,
                         auth::AccountService& accounts);

}  // namespace iphub::watch
