// The workflow module's schema migrations (migrations/NNNN_*.sql, embedded at build
// time). Apply them after auth's and before the modules whose records use a workflow.
#pragma once

#include <span>

#include "iphub/db/migrations.h"

namespace iphub::workflow {

std::span<const db::Migration> Migrations();

}  // namespace iphub::workflow
