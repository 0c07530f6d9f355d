-- Similarity watches (kind 'similarity', README.md): watch_patents lists the patents new ones
-- are compared with, `threshold` the similarity percentage (1..100) at which one alerts; 0 for
-- the other kinds.
--
-- The kind's CHECK must admit the new name. Neither SQLite nor PostgreSQL changes a CHECK in
-- one portable statement, and rebuilding the table would cascade the delete onto
-- watch_patents, watch_events and alerts (SQLite, foreign_keys=ON): the column is replaced
-- instead (SQLite >= 3.35 drops a column whose only CHECK is its own), and moves to the end.
ALTER TABLE watches ADD COLUMN kind_new TEXT NOT NULL DEFAULT 'query'
  CHECK (kind_new IN ('query', 'applicant', 'status', 'similarity'));
UPDATE watches SET kind_new = kind;
ALTER TABLE watches DROP COLUMN kind;
ALTER TABLE watches RENAME COLUMN kind_new TO kind;
ALTER TABLE watches ADD COLUMN threshold INTEGER NOT NULL DEFAULT 0
  CHECK (threshold >= 0 AND threshold <= 100);
