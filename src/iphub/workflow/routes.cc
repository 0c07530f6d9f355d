#include "iphub/workflow/routes.h"

#include <memory>
#include <utility>

#include "iphub/auth/routes.h"
#include "iphub/base/strings.h"
#include "iphub/http/schema.h"

namespace iphub::workflow {
namespace {

using json = nlohmann::json;

json MachineSchema() {
  using http::ArrayOf;
  using http::BoolSchema;
  using http::ObjectSchema;
  using http::StringSchema;
  return ObjectSchema(
      {{"kind", StringSchema()},
       {"initial", StringSchema()},
       {"states", ArrayOf(ObjectSchema({{"name", StringSchema()},
                                        {"label_zh", StringSchema()},
                                        {"label_en", StringSchema()},
                                        {"final", BoolSchema()}}))},
       {"transitions", ArrayOf(ObjectSchema({{"name", StringSchema()},
                                             {"from", ArrayOf(StringSchema())},
                                             {"to", StringSchema()},
                                             {"roles", ArrayOf(StringSchema())},
                                             {"preconditions", ArrayOf(StringSchema())},
                                             {"reason_required", BoolSchema()},
                                             {"label_zh", StringSchema()},
                                             {"label_en", StringSchema()}}))}});
}

}  // namespace

void RegisterWorkflowRoutes(http::Router& router, std::vector<Machine> machines) {
  auto shared = std::make_shared<const std::vector<Machine>>(std::move(machines));
  router.Add({.method = "GET",
              .pattern = "/api/v1/workflows",
              .summary = "The state machines of case-like records (listings, deals, …)",
              .tag = "workflow",
              .access = http::Access::kPublic,
              .response_schema = http::ObjectSchema({{"items", http::ArrayOf(MachineSchema())}}),
              .handler = auth::Public([shared](http::Request&) -> absl::StatusOr<http::Response> {
                json items = json::array();
                for (const Machine& machine : *shared) items.push_back(MachineJson(machine));
                return http::Response::Json({{"items", std::move(items)}});
              })});
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/workflows/{kind}",
       .summary = "One state machine: its states and the transitions with roles and preconditions",
       .tag = "workflow",
       .access = http::Access::kPublic,
       .response_schema = MachineSchema(),
       .handler = auth::Public([shared](http::Request& request) -> absl::StatusOr<http::Response> {
         const std::string& kind = request.path_params.at("kind");
         for (const Machine& machine : *shared) {
           if (machine.kind == kind) return http::Response::Json(MachineJson(machine));
         }
         return absl::NotFoundError(base::StrCat("no workflow \"", kind, "\""));
       })});
}

}  // namespace iphub::workflow
