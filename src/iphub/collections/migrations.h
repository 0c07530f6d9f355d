// The collections module's schema migrations (migrations/NNNN_*.sql, embedded at build
// time). They reference users, organizations (auth) and patents (patents): apply them
// after those modules' migrations.
#pragma once

#include <span>

#include "iphub/db/migrations.h"

namespace iphub::collections {

std::span<const db::Migration> Migrations();

}  // namespace iphub::collections
