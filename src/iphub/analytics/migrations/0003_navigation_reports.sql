-- Patent navigation reports (专利导航): a stored landscape of a query, so that it can be
-- read as it was and compared with the data of today. Times are Unix milliseconds.
--
-- landscape holds the numbers as GET /api/v1/landscape gave them (JSON text), computed at
-- data_version (the last patent change the index had applied); texts holds the
-- analyst's text per section ({"trend": "…"}). organization_id and shared as for
-- collections: a shared report is visible to the members of that organisation.
CREATE TABLE navigation_reports (
  id {{ID}},
  owner_id {{BIGINT}} NOT NULL REFERENCES users(id),
  organization_id {{BIGINT}} REFERENCES organizations(id),
  shared INTEGER NOT NULL CHECK (shared IN (0, 1)),
  title TEXT NOT NULL,
  template TEXT NOT NULL,
  query TEXT NOT NULL,
  top_count INTEGER NOT NULL,
  total {{BIGINT}} NOT NULL,
  data_version {{BIGINT}} NOT NULL,
  landscape TEXT NOT NULL,
  texts TEXT NOT NULL,
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL
);
CREATE INDEX navigation_reports_owner ON navigation_reports(owner_id);
CREATE INDEX navigation_reports_organization ON navigation_reports(organization_id, shared);
