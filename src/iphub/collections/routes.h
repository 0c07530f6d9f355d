// HTTP binding of the collections service (docs/api.md, "Saved searches and
// collections"); every route needs a logged-in caller:
//   GET|POST          /api/v1/saved-searches
//   GET|PATCH|DELETE  /api/v1/saved-searches/{id}
//   GET|POST          /api/v1/collections
//   GET|PATCH|DELETE  /api/v1/collections/{id}
//   GET|POST          /api/v1/collections/{id}/patents
//   DELETE            /api/v1/collections/{id}/patents/{number}
//   PUT               /api/v1/collections/{id}/patents/{number}/tags
//   GET               /api/v1/collections/{id}/matrix
//   POST              /api/v1/collections/{id}/viewed
#pragma once

#include <memory>

#include "iphub/auth/service.h"
#include "iphub/collections/service.h"
#include "iphub/http/router.h"

namespace iphub::collections {

// The routes share ownership of `service`, so it lives as long as the router's handlers.
void RegisterCollectionRoutes(http::Router& router,
                              const std::shared_ptr<CollectionService>& service,
                              auth::AccountService& accounts);

}  // namespace iphub::collections
