-- Watches (监控), their alerts and the mail about them (README.md). Times are Unix
-- milliseconds.
--
-- organization_id is the owner's organisation when the watch was last saved: a shared watch
-- alerts every member of that organisation (NULL: the owner belongs to none).

-- kind 'query': `query` is a query of the query language.
-- kind 'applicant': `applicant` is the competitor's name; `query` is PAN="<name>".
-- kind 'status': watch_patents lists the patents, `events` the chosen event groups
-- ("transfer,pledge"); query and applicant are ''.
CREATE TABLE watches (
  id {{ID}},
  owner_id {{BIGINT}} NOT NULL REFERENCES users(id),
  organization_id {{BIGINT}} REFERENCES organizations(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('query', 'applicant', 'status')),
  query TEXT NOT NULL,
  applicant TEXT NOT NULL,
  events TEXT NOT NULL,
  frequency TEXT NOT NULL CHECK (frequency IN ('import', 'daily', 'weekly')),
  shared INTEGER NOT NULL CHECK (shared IN (0, 1)),
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL
);
CREATE INDEX watches_owner ON watches(owner_id);
CREATE INDEX watches_organization ON watches(organization_id, shared);

-- The patents a status watch follows.
CREATE TABLE watch_patents (
  watch_id {{BIGINT}} NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
  patent_id {{BIGINT}} NOT NULL REFERENCES patents(id),
  PRIMARY KEY (watch_id, patent_id)
);
CREATE INDEX watch_patents_patent ON watch_patents(patent_id);

-- The legal events of a watched patent a status watch has already seen ("TR01 2024-05-06":
-- code and date): those present when the patent was added, then each one that alerted.
CREATE TABLE watch_events (
  watch_id {{BIGINT}} NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
  patent_id {{BIGINT}} NOT NULL REFERENCES patents(id),
  event_key TEXT NOT NULL,
  PRIMARY KEY (watch_id, patent_id, event_key)
);

-- The last patent_changes.seq the evaluator has looked at (one row). No watch exists yet, so
-- the changes made before this migration need no evaluation.
CREATE TABLE watch_progress (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq {{BIGINT}} NOT NULL
);
INSERT INTO watch_progress (id, last_seq) SELECT 1, COALESCE(MAX(seq), 0) FROM patent_changes;

-- One row per recipient of an alert. event_key is '' for a newly imported patent and the
-- event's key for a status alert: the UNIQUE constraint makes each alert exactly once.
-- mailed: 1 once the alert is in a mail (or needs none: import frequency mails at once, and a
-- user without an address gets none); daily and weekly watches' alerts wait at 0 for a digest.
CREATE TABLE alerts (
  id {{ID}},
  watch_id {{BIGINT}} NOT NULL REFERENCES watches(id) ON DELETE CASCADE,
  user_id {{BIGINT}} NOT NULL REFERENCES users(id),
  publication_number TEXT NOT NULL,
  event_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  detail TEXT NOT NULL,
  created_at {{BIGINT}} NOT NULL,
  read_at {{BIGINT}},
  mailed INTEGER NOT NULL CHECK (mailed IN (0, 1)),
  UNIQUE (watch_id, user_id, publication_number, event_key)
);
CREATE INDEX alerts_user ON alerts(user_id, read_at);
CREATE INDEX alerts_unmailed ON alerts(mailed, watch_id);

-- The digest period last mailed per frequency (model.h DigestPeriod; '' before the first).
CREATE TABLE watch_digests (
  frequency TEXT PRIMARY KEY CHECK (frequency IN ('daily', 'weekly')),
  period TEXT NOT NULL
);
INSERT INTO watch_digests (frequency, period) VALUES ('daily', '');
INSERT INTO watch_digests (frequency, period) VALUES ('weekly', '');

-- Mail waiting for (or done with) SMTP delivery (mail.h).
CREATE TABLE mail_outbox (
  id {{ID}},
  user_id {{BIGINT}} NOT NULL REFERENCES users(id),
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at {{BIGINT}} NOT NULL,
  sent_at {{BIGINT}},
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_pending ON mail_outbox(sent_at, id);
