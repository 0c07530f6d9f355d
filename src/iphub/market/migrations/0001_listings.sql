-- Marketplace listings (market/model.h). The listing's state lives in the
-- workflow tables (workflow_records kind 'listing', record_id = id). Money in
-- fen; price_fen NULL means negotiable (面议).
CREATE TABLE market_listings (
  id {{ID}},
  publication_number TEXT NOT NULL,
  patent_title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('transfer', 'exclusive_licence', 'sole_licence',
    'non_exclusive_licence', 'open_licence', 'equity', 'pledge')),
  title TEXT NOT NULL,
  price_fen {{BIGINT}},
  terms TEXT NOT NULL,
  region_code TEXT NOT NULL REFERENCES regions(code),
  industry TEXT NOT NULL,
  trl INTEGER NOT NULL CHECK (trl BETWEEN 1 AND 9),
  scenarios TEXT NOT NULL,
  description TEXT NOT NULL,
  contact_name TEXT NOT NULL,
  contact_phone TEXT NOT NULL,
  contact_visibility TEXT NOT NULL CHECK (contact_visibility IN ('public', 'members', 'on_request')),
  lister_org_id {{BIGINT}} NOT NULL REFERENCES organizations(id),
  holder_org_id {{BIGINT}} NOT NULL REFERENCES organizations(id),
  created_by {{BIGINT}} NOT NULL REFERENCES users(id),
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL
);
CREATE INDEX market_listings_patent ON market_listings(publication_number);
CREATE INDEX market_listings_lister ON market_listings(lister_org_id);
CREATE INDEX market_listings_region ON market_listings(region_code);

-- A holder authorises an agency to list its patents (all of them, or one
-- publication) until a day; revoked_at ends it early.
CREATE TABLE market_authorisations (
  id {{ID}},
  holder_org_id {{BIGINT}} NOT NULL REFERENCES organizations(id),
  agency_org_id {{BIGINT}} NOT NULL REFERENCES organizations(id),
  publication_number TEXT,
  valid_until TEXT NOT NULL,
  created_by {{BIGINT}} NOT NULL REFERENCES users(id),
  created_at {{BIGINT}} NOT NULL,
  revoked_at {{BIGINT}}
);
CREATE INDEX market_authorisations_agency ON market_authorisations(agency_org_id);
