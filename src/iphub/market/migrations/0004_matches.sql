-- Supply–demand matching (market/matching.h). A match is a patent found for a
-- demand, stored the first time it is seen (first_seen) so that it is news once;
-- listing_id is the published listing of the patent then, if any. Notices are
-- the inbox of each side's organisation: the demand's poster ('demand_match')
-- and the listing's holder ('patent_match'); read_at NULL while unread.
CREATE TABLE market_matches (
  id {{ID}},
  demand_id {{BIGINT}} NOT NULL REFERENCES market_demands(id),
  publication_number TEXT NOT NULL,
  patent_title TEXT NOT NULL,
  listing_id {{BIGINT}} REFERENCES market_listings(id),
  score INTEGER NOT NULL,
  first_seen {{BIGINT}} NOT NULL,
  last_seen {{BIGINT}} NOT NULL,
  UNIQUE (demand_id, publication_number)
);
CREATE INDEX market_matches_patent ON market_matches(publication_number);

CREATE TABLE market_notices (
  id {{ID}},
  org_id {{BIGINT}} NOT NULL REFERENCES organizations(id),
  kind TEXT NOT NULL CHECK (kind IN ('demand_match', 'patent_match')),
  match_id {{BIGINT}} NOT NULL REFERENCES market_matches(id),
  created_at {{BIGINT}} NOT NULL,
  read_at {{BIGINT}},
  UNIQUE (org_id, match_id)
);
CREATE INDEX market_notices_org ON market_notices(org_id, read_at);
