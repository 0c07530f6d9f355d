-- The demand library (market/demand.h). A demand's state lives in the workflow
-- tables (workflow_records kind 'demand'). budget_fen NULL: negotiable.
CREATE TABLE market_demands (
  id {{ID}},
  title TEXT NOT NULL,
  problem TEXT NOT NULL,
  industry TEXT NOT NULL,
  ipc TEXT NOT NULL,
  budget_fen {{BIGINT}},
  deadline TEXT NOT NULL,
  region_code TEXT NOT NULL REFERENCES regions(code),
  contact_name TEXT NOT NULL,
  contact_phone TEXT NOT NULL,
  contact_visibility TEXT NOT NULL CHECK (contact_visibility IN ('public', 'members', 'on_request')),
  org_id {{BIGINT}} NOT NULL REFERENCES organizations(id),
  created_by {{BIGINT}} NOT NULL REFERENCES users(id),
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL
);
CREATE INDEX market_demands_org ON market_demands(org_id);
CREATE INDEX market_demands_region ON market_demands(region_code);

-- A supplier invited to answer a demand, by respond_by (invited_at plus the
-- configured response window); answer NULL until it answers.
CREATE TABLE market_demand_invitations (
  id {{ID}},
  demand_id {{BIGINT}} NOT NULL REFERENCES market_demands(id),
  supplier_org_id {{BIGINT}} NOT NULL REFERENCES organizations(id),
  invited_by {{BIGINT}} NOT NULL REFERENCES users(id),
  invited_at {{BIGINT}} NOT NULL,
  respond_by {{BIGINT}} NOT NULL,
  responded_at {{BIGINT}},
  answer TEXT CHECK (answer IN ('interested', 'declined')),
  message TEXT NOT NULL,
  UNIQUE (demand_id, supplier_org_id)
);
CREATE INDEX market_demand_invitations_supplier ON market_demand_invitations(supplier_org_id);
