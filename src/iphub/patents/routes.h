// HTTP binding of the patent service (docs/api.md, "Patents"):
//   GET  /api/v1/patents/{number}   one record, its legal status, citing documents
//   GET  /api/v1/patents            list with simple filters and paging
//   POST /api/v1/patent-imports     upload a file to import (officials); answers the
//                                   report, or with ?async=true 202 and an import job
//   GET  /api/v1/patent-imports     the import jobs the caller may see
//   GET  /api/v1/patent-imports/{id}     a job's state, progress and, when done, report
//   DELETE /api/v1/patent-imports/{id}  cancels a job
#pragma once

#include <memory>

#include "iphub/auth/service.h"
#include "iphub/http/router.h"
#include "iphub/patents/applicant_aliases.h"
#include "iphub/patents/import_jobs.h"
#include "iphub/patents/search.h"
#include "iphub/patents/service.h"

namespace iphub::patents {

// Uploads larger than this are refused with 413 before they are read.
inline constexpr int64_t kMaxUploadBytes = int64_t{64} << 20;

// `jobs` runs the uploads sent with ?async=true; the handlers share it, so it
// lives as long as the router.
void RegisterPatentRoutes(http::Router& router, PatentService& patents,
                          std::shared_ptr<ImportJobs> jobs, auth::AccountService& accounts);

// GET /api/v1/search over `index` (public, as patent records are).
void RegisterSearchRoutes(http::Router& router, PatentIndex& index, auth::AccountService& accounts);

// Applicant aliases (applicant_aliases.h; docs/api.md, "Applicant aliases"):
//   GET  /api/v1/applicant-aliases                merged names (public)
//   GET  /api/v1/applicant-aliases/group?name=    a name's canonical name and group (public)
//   POST /api/v1/applicant-aliases                merge names into a canonical name (officials)
//   POST /api/v1/applicant-aliases/split          split a name off (officials)
//   GET  /api/v1/applicant-alias-events           the history, newest first (public)
//   POST /api/v1/applicant-alias-events/{id}/undo reverse one event (officials)
void RegisterApplicantRoutes(http::Router& router, std::shared_ptr<ApplicantAliasService> aliases,
                             auth::AccountService& accounts);

}  // namespace iphub::patents
