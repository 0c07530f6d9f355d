-- Applicant aliases (applicant_aliases.h): spellings of one applicant that the
-- normalisation rules cannot join (former names, Chinese and English names),
-- merged by officials into one canonical name. Both columns hold normalised
-- names (applicant_names.h); a canonical name is never itself a `name`, so a
-- lookup never chains.
CREATE TABLE applicant_aliases (
  name TEXT PRIMARY KEY,
  canonical TEXT NOT NULL,
  merged_by {{BIGINT}},
  merged_at {{BIGINT}} NOT NULL,
  note TEXT NOT NULL
);
CREATE INDEX applicant_aliases_canonical ON applicant_aliases(canonical);

-- Every merge and split, in order: the history shown to curators (each can be
-- undone) and what the search index catches up from (it re-indexes the
-- patents of the names an event touches). `canonical`: what `name` resolves to
-- after a merge, or resolved to before a split; `previous`: what it resolved
-- to before a merge ('' when it stood alone). `undoes`: the event this reverses.
CREATE TABLE applicant_alias_events (
  seq {{ID}},
  kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
  name TEXT NOT NULL,
  canonical TEXT NOT NULL,
  previous TEXT NOT NULL,
  undoes {{BIGINT}},
  note TEXT NOT NULL,
  actor_id {{BIGINT}},
  actor TEXT NOT NULL,
  at_ms {{BIGINT}} NOT NULL
);
CREATE INDEX applicant_alias_events_name ON applicant_alias_events(name);
