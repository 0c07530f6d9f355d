-- Trademarks and copyrights (src/iphub/patents/rights.h). As for patents, the record is kept
-- whole as JSON (docs/formats/rights-jsonl.md) and the columns beside it are what lists and
-- filters need.
CREATE TABLE trademarks (
  id {{ID}},
  registration_number {{TEXT}} NOT NULL UNIQUE,
  name {{TEXT}} NOT NULL,
  owner {{TEXT}} NOT NULL,
  -- Nice classes between commas, ",9,35,": a class filter is nice_classes LIKE '%,9,%'.
  nice_classes {{TEXT}} NOT NULL,
  status {{TEXT}} NOT NULL,
  application_date {{TEXT}} NOT NULL,
  registration_date {{TEXT}} NOT NULL,
  expiry_date {{TEXT}} NOT NULL,
  record {{TEXT}} NOT NULL,
  -- SHA-256 of `record`: re-importing an unchanged record writes nothing.
  content_hash {{TEXT}} NOT NULL,
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL
);
CREATE INDEX trademarks_owner ON trademarks(owner);
CREATE INDEX trademarks_status ON trademarks(status);
CREATE INDEX trademarks_application_date ON trademarks(application_date);
CREATE INDEX trademarks_expiry_date ON trademarks(expiry_date);

-- Software and works copyright registrations; a registration number is unique per kind.
CREATE TABLE copyrights (
  id {{ID}},
  kind {{TEXT}} NOT NULL CHECK (kind IN ('software', 'work')),
  registration_number {{TEXT}} NOT NULL,
  name {{TEXT}} NOT NULL,
  owner {{TEXT}} NOT NULL,
  category {{TEXT}} NOT NULL,
  completion_date {{TEXT}} NOT NULL,
  first_publication_date {{TEXT}} NOT NULL,
  registration_date {{TEXT}} NOT NULL,
  record {{TEXT}} NOT NULL,
  content_hash {{TEXT}} NOT NULL,
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL,
  UNIQUE (kind, registration_number)
);
CREATE INDEX copyrights_owner ON copyrights(owner);
CREATE INDEX copyrights_kind_category ON copyrights(kind, category);
CREATE INDEX copyrights_registration_date ON copyrights(registration_date);
