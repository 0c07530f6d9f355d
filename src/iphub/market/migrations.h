// The market module's schema migrations (migrations/NNNN_*.sql, embedded at build
// time). They reference auth's tables and rely on workflow's: apply them after those.
#pragma once

#include <span>

#include "iphub/db/migrations.h"

namespace iphub::market {

std::span<const db::Migration> Migrations();

}  // namespace iphub::market
