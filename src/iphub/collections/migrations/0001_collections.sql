-- Saved searches and thematic collections (专题库). Times are Unix milliseconds.
--
-- organization_id is the owner's organisation when the record was last saved: a shared
-- record is visible to the members of that organisation (NULL: the owner belongs to none,
-- so the record cannot be shared).

CREATE TABLE saved_searches (
  id {{ID}},
  owner_id {{BIGINT}} NOT NULL REFERENCES users(id),
  organization_id {{BIGINT}} REFERENCES organizations(id),
  name TEXT NOT NULL,
  query TEXT NOT NULL,
  -- "" (relevance) or a sort of /api/v1/search ("-publication_date").
  sort TEXT NOT NULL,
  shared INTEGER NOT NULL CHECK (shared IN (0, 1)),
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL
);
CREATE INDEX saved_searches_owner ON saved_searches(owner_id);
CREATE INDEX saved_searches_organization ON saved_searches(organization_id, shared);

-- kind 'static': an explicit list of patents (collection_patents), query ''.
-- kind 'auto': whatever `query` matches now in the search index.
CREATE TABLE collections (
  id {{ID}},
  owner_id {{BIGINT}} NOT NULL REFERENCES users(id),
  organization_id {{BIGINT}} REFERENCES organizations(id),
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('static', 'auto')),
  query TEXT NOT NULL,
  shared INTEGER NOT NULL CHECK (shared IN (0, 1)),
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL
);
CREATE INDEX collections_owner ON collections(owner_id);
CREATE INDEX collections_organization ON collections(organization_id, shared);

-- The members of a static collection, each with who added it and when.
CREATE TABLE collection_patents (
  collection_id {{BIGINT}} NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  patent_id {{BIGINT}} NOT NULL REFERENCES patents(id),
  added_by {{BIGINT}} NOT NULL REFERENCES users(id),
  added_at {{BIGINT}} NOT NULL,
  PRIMARY KEY (collection_id, patent_id)
);
CREATE INDEX collection_patents_added ON collection_patents(collection_id, added_at);

-- When each user last looked at a collection ("what is new since": PD on or after that day).
CREATE TABLE collection_views (
  collection_id {{BIGINT}} NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
  user_id {{BIGINT}} NOT NULL REFERENCES users(id),
  viewed_at {{BIGINT}} NOT NULL,
  PRIMARY KEY (collection_id, user_id)
);
