// The watch module's schema migrations (migrations/NNNN_*.sql, embedded at build time).
// They reference users, organizations (auth) and patents (patents): apply them after those
// modules' migrations.
#pragma once

#include <span>

#include "iphub/db/migrations.h"

namespace iphub::watch {

std::span<const db::Migration> Migrations();

}  // namespace iphub::watch
