// HTTP view of the declared workflows (public: the rules are no secret):
//   GET /api/v1/workflows          every machine the platform runs
//   GET /api/v1/workflows/{kind}   one, with its states and transitions
// A record's own state, history and actions are served by its module's routes
// (workflow::RecordJson), behind that module's permission checks.
#pragma once

#include <vector>

#include "iphub/http/router.h"
#include "iphub/workflow/machine.h"

namespace iphub::workflow {

void RegisterWorkflowRoutes(http::Router& router, std::vector<Machine> machines);

}  // namespace iphub::workflow
