-- Deals (market/deal.h): an inquiry on a published listing carried to a
-- recorded transfer or licence. The state lives in the workflow tables
-- (workflow_records kind 'deal'). Money in fen; NULL price: negotiable.
CREATE TABLE market_deals (
  id {{ID}},
  listing_id {{BIGINT}} NOT NULL REFERENCES market_listings(id),
  demand_id {{BIGINT}} REFERENCES market_demands(id),
  publication_number TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('transfer', 'exclusive_licence', 'sole_licence',
    'non_exclusive_licence', 'open_licence', 'equity')),
  buyer_org_id {{BIGINT}} NOT NULL REFERENCES organizations(id),
  seller_org_id {{BIGINT}} NOT NULL REFERENCES organizations(id),
  lister_org_id {{BIGINT}} NOT NULL REFERENCES organizations(id),
  region_code TEXT NOT NULL REFERENCES regions(code),
  asking_price_fen {{BIGINT}},
  agreed_price_fen {{BIGINT}},
  agreed_terms TEXT NOT NULL DEFAULT '',
  agreed_at {{BIGINT}},
  recordal_number TEXT NOT NULL DEFAULT '',
  recorded_event TEXT NOT NULL DEFAULT '',
  created_by {{BIGINT}} NOT NULL REFERENCES users(id),
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL
);
CREATE INDEX market_deals_buyer ON market_deals(buyer_org_id);
CREATE INDEX market_deals_seller ON market_deals(seller_org_id);
CREATE INDEX market_deals_listing ON market_deals(listing_id);
CREATE INDEX market_deals_region ON market_deals(region_code);

-- The negotiation: messages and offers, each by one side ('buyer' or 'seller').
-- An offer is open until the other side accepts it, or a newer offer supersedes it.
CREATE TABLE market_deal_messages (
  id {{ID}},
  deal_id {{BIGINT}} NOT NULL REFERENCES market_deals(id),
  side TEXT NOT NULL CHECK (side IN ('buyer', 'seller')),
  author_id {{BIGINT}} NOT NULL REFERENCES users(id),
  body TEXT NOT NULL,
  created_at {{BIGINT}} NOT NULL
);
CREATE INDEX market_deal_messages_deal ON market_deal_messages(deal_id);

CREATE TABLE market_deal_offers (
  id {{ID}},
  deal_id {{BIGINT}} NOT NULL REFERENCES market_deals(id),
  side TEXT NOT NULL CHECK (side IN ('buyer', 'seller')),
  author_id {{BIGINT}} NOT NULL REFERENCES users(id),
  price_fen {{BIGINT}},
  terms TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'superseded', 'accepted')),
  created_at {{BIGINT}} NOT NULL
);
CREATE INDEX market_deal_offers_deal ON market_deal_offers(deal_id);

-- The contract drafted from a template when the parties agree (contract.h):
-- its text as drafted, kept so that the PDF is always the agreed one.
CREATE TABLE market_deal_contracts (
  deal_id {{BIGINT}} PRIMARY KEY REFERENCES market_deals(id),
  template TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at {{BIGINT}} NOT NULL
);
