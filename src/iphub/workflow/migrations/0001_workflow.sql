-- Workflow state of case-like records (workflow.h): one row per record and
-- kind with its current state, and one event per transition. The module that
-- owns the record keeps its own table; it joins workflow_records on
-- (kind, record_id) to filter by state.
CREATE TABLE workflow_records (
  kind TEXT NOT NULL,
  record_id {{BIGINT}} NOT NULL,
  state TEXT NOT NULL,
  version {{BIGINT}} NOT NULL,
  region_code TEXT,
  created_ms {{BIGINT}} NOT NULL,
  state_since_ms {{BIGINT}} NOT NULL,
  PRIMARY KEY (kind, record_id)
);
CREATE INDEX workflow_records_state ON workflow_records(kind, state);

-- `version`: the record's version after the event (1 for "start").
-- `from_state` is '' for "start". `detail`: JSON text given by the module.
CREATE TABLE workflow_events (
  seq {{ID}},
  kind TEXT NOT NULL,
  record_id {{BIGINT}} NOT NULL,
  version {{BIGINT}} NOT NULL,
  transition TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  actor_id {{BIGINT}},
  actor TEXT NOT NULL,
  at_ms {{BIGINT}} NOT NULL,
  reason TEXT NOT NULL,
  detail TEXT NOT NULL,
  UNIQUE (kind, record_id, version)
);
