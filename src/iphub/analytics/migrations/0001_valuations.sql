-- Stored batch valuations (src/iphub/analytics/service.h, ScoreAll): one row per patent and
-- scenario, replaced as a whole for a scenario by each batch run, in one transaction.
-- Times are Unix milliseconds; as_of is the civil day the scores speak of (Asia/Shanghai).
--
-- Scores are 0..100 as docs/valuation.md defines them. DOUBLE PRECISION is REAL in SQLite and
-- float8 in PostgreSQL; both give back the stored bits (shortest round-trip text).
CREATE TABLE valuation_scores (
  patent_id {{BIGINT}} NOT NULL REFERENCES patents(id),
  -- A scenario id of valuation.h: transfer_licence, pledge_finance, tax, infringement_remedy,
  -- portfolio_grading.
  scenario TEXT NOT NULL,
  total DOUBLE PRECISION NOT NULL,
  legal DOUBLE PRECISION NOT NULL,
  technical DOUBLE PRECISION NOT NULL,
  economic DOUBLE PRECISION NOT NULL,
  -- CohortKey: "G06F/2014"; '' when the patent has no IPC subclass or filing year (then it
  -- is in no cohort, and percentile and grade are NULL).
  cohort_key TEXT NOT NULL,
  percentile DOUBLE PRECISION,
  grade TEXT CHECK (grade IN ('A', 'B', 'C', 'D', 'E')),
  -- The corpus facts the score used, kept so a single patent's explanation can use the same
  -- cohort and family without reading the whole corpus again: documents citing it (published
  -- on or before as_of) and the other countries of its family, comma-separated ("EP,JP").
  forward_citations {{BIGINT}} NOT NULL,
  family_countries TEXT NOT NULL,
  as_of TEXT NOT NULL,
  computed_at {{BIGINT}} NOT NULL,
  PRIMARY KEY (patent_id, scenario)
);
CREATE INDEX valuation_scores_cohort ON valuation_scores(scenario, cohort_key);
