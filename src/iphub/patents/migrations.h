// The patents module's schema migrations (migrations/NNNN_*.sql, embedded at build time).
#pragma once

#include <span>

#include "iphub/db/migrations.h"

namespace iphub::patents {

std::span<const db::Migration> Migrations();

}  // namespace iphub::patents
