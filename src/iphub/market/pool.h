// Patent pools (专利池, issue #6 §6): an organisation gathers patents of several
// organisations around a technology under one licensing offer. The creating
// organisation administers the pool: it sets the terms and the royalty, adds
// member organisations, and publishes the pool once it holds a patent in force
// and terms are set (PoolMachine). Each member contributes patents it holds
// today (the same checks as a listing's: in force, held by the contributor).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "iphub/workflow/machine.h"

namespace iphub::market {

struct PoolInput {
  std::string name{};
  std::string technology{};              // what the pool is about, in plain words
  std::string ipc{};                     // optional class scope ("H04W")
  std::string region_code{};             // "" → the administrator's region
  std::optional<int64_t> royalty_fen{};  // per licensee and year; nullopt: negotiable
  std::string terms{};                   // the licensing terms (required to publish)
};

struct PoolMember {
  int64_t org_id = 0;
  std::string name{};
  std::string org_type{};
  int64_t joined_at = 0;
  bool administrator = false;
};

struct PoolPatent {
  std::string publication_number{};
  std::string title{};
  std::string legal_status{};  // today's (legal_status.h names)
  int64_t contributor_org_id = 0;
  std::string contributor_name{};
  int64_t added_at = 0;
};

struct Pool {
  int64_t id = 0;
  std::string name{};
  std::string technology{};
  std::string ipc{};
  std::string region_code{};
  std::optional<int64_t> royalty_fen{};
  std::string terms{};
  int64_t admin_org_id = 0;
  std::string admin_org_name{};
  int64_t created_by = 0;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::string state{};
  int64_t version = 0;
  int64_t state_since = 0;
  int64_t member_count = 0;
  int64_t patent_count = 0;
};

// Trims and checks what the administrator wrote; InvalidArgument naming the field.
absl::Status ValidatePoolInput(PoolInput& input);

// draft → published (publish: has_patents, terms_set) → closed. Roles
// "administrator", "reviewer".
const workflow::Machine& PoolMachine();

}  // namespace iphub::market
