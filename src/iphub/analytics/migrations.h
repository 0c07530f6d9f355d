// The analytics module's schema migrations (migrations/NNNN_*.sql, embedded at build
// time). They reference patents (patents module): apply them after its migrations.
#pragma once

#include <span>

#include "iphub/db/migrations.h"

namespace iphub::analytics {

std::span<const db::Migration> Migrations();

}  // namespace iphub::analytics
