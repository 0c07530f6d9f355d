-- Regions (GB/T 2260 codes), organizations, users, sessions, API tokens and
-- login throttling. Money and times: integers (times are Unix milliseconds).

CREATE TABLE regions (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('province', 'city', 'county')),
  parent_code TEXT REFERENCES regions(code)
);
CREATE INDEX regions_parent ON regions(parent_code);

CREATE TABLE organizations (
  id {{ID}},
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  uscc TEXT NOT NULL UNIQUE,
  region_code TEXT NOT NULL REFERENCES regions(code),
  address TEXT,
  contact TEXT,
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL
);
CREATE INDEX organizations_region ON organizations(region_code);

CREATE TABLE users (
  id {{ID}},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  organization_id {{BIGINT}} REFERENCES organizations(id),
  -- Officials: their region. Organisation users: their organisation's region.
  region_code TEXT REFERENCES regions(code),
  email TEXT,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL
);
CREATE INDEX users_organization ON users(organization_id);
CREATE INDEX users_region ON users(region_code);

-- Browser sessions. Only the SHA-256 of the cookie value is stored.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id {{BIGINT}} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at {{BIGINT}} NOT NULL,
  last_seen_at {{BIGINT}} NOT NULL,
  remote_addr TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Machine tokens (Authorization: Bearer). Only the SHA-256 is stored.
CREATE TABLE api_tokens (
  id {{ID}},
  user_id {{BIGINT}} NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at {{BIGINT}} NOT NULL,
  last_used_at {{BIGINT}}
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Failed-login counters, keyed by 'user:<name>' or 'ip:<address>', kept in the
-- database so every node of a cluster sees the same count.
CREATE TABLE login_throttle (
  throttle_key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  window_start {{BIGINT}} NOT NULL,
  locked_until {{BIGINT}} NOT NULL
);

-- Append-only, hash-chained audit log (see docs/formats/audit-log.md).
-- Ids are assigned densely (max + 1 under the table lock), so a gap is a deletion.
CREATE TABLE audit_log (
  id {{BIGINT}} PRIMARY KEY,
  at_ms {{BIGINT}} NOT NULL,
  actor_id {{BIGINT}},
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  region_code TEXT,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_region ON audit_log(region_code);
CREATE INDEX audit_log_action ON audit_log(action);
