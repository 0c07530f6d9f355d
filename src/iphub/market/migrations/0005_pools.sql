-- Patent pools (market/pool.h): patents of several organisations gathered
-- around a technology under one licensing offer. The state lives in the
-- workflow tables (workflow_records kind 'pool'). royalty_fen NULL: negotiable.
CREATE TABLE market_pools (
  id {{ID}},
  name TEXT NOT NULL,
  technology TEXT NOT NULL,
  ipc TEXT NOT NULL,
  region_code TEXT NOT NULL REFERENCES regions(code),
  royalty_fen {{BIGINT}},
  terms TEXT NOT NULL,
  admin_org_id {{BIGINT}} NOT NULL REFERENCES organizations(id),
  created_by {{BIGINT}} NOT NULL REFERENCES users(id),
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL
);
CREATE INDEX market_pools_admin ON market_pools(admin_org_id);

CREATE TABLE market_pool_members (
  pool_id {{BIGINT}} NOT NULL REFERENCES market_pools(id),
  org_id {{BIGINT}} NOT NULL REFERENCES organizations(id),
  joined_at {{BIGINT}} NOT NULL,
  PRIMARY KEY (pool_id, org_id)
);
CREATE INDEX market_pool_members_org ON market_pool_members(org_id);

-- A member's patent in the pool, contributed by the organisation that holds it.
CREATE TABLE market_pool_patents (
  pool_id {{BIGINT}} NOT NULL REFERENCES market_pools(id),
  publication_number TEXT NOT NULL,
  contributor_org_id {{BIGINT}} NOT NULL REFERENCES organizations(id),
  added_at {{BIGINT}} NOT NULL,
  PRIMARY KEY (pool_id, publication_number)
);
