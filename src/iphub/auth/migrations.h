// The accounts module's schema migrations (migrations/NNNN_*.sql, embedded at build time).
#pragma once

#include <span>

#include "iphub/db/migrations.h"

namespace iphub::auth {

std::span<const db::Migration> Migrations();

}  // namespace iphub::auth
