-- Listings of trademarks and copyrights beside patents (market/model.h RightType):
-- publication_number then holds the registration number.
ALTER TABLE market_listings ADD COLUMN right_type TEXT NOT NULL DEFAULT 'patent';
