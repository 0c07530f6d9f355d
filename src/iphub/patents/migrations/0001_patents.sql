-- Patent records. The canonical record is kept whole as JSON (docs/formats/patent-jsonl.md);
-- the columns beside it are what lists, filters and joins need.
CREATE TABLE patents (
  id {{ID}},
  publication_number TEXT NOT NULL UNIQUE,
  -- Country + number without kind ("US7473466"): lookups as users write numbers.
  number_key TEXT NOT NULL,
  country TEXT NOT NULL,
  kind TEXT NOT NULL,
  doc_type TEXT NOT NULL,
  application_number TEXT NOT NULL,
  application_date TEXT NOT NULL,
  publication_date TEXT NOT NULL,
  grant_date TEXT NOT NULL,
  title TEXT NOT NULL,
  ipc_main TEXT NOT NULL,
  first_applicant TEXT NOT NULL,
  record TEXT NOT NULL,
  -- SHA-256 of `record`: re-importing an unchanged record writes nothing.
  content_hash TEXT NOT NULL,
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL
);
CREATE INDEX patents_application_number ON patents(application_number);
CREATE INDEX patents_country_type ON patents(country, doc_type);
CREATE INDEX patents_application_date ON patents(application_date);
CREATE INDEX patents_number_key ON patents(number_key);

-- The documents each patent cites, by number key: "cited by" for any document,
-- also one imported later than the documents citing it.
CREATE TABLE patent_citations (
  patent_id {{BIGINT}} NOT NULL REFERENCES patents(id),
  cited_key TEXT NOT NULL
);
CREATE INDEX patent_citations_cited ON patent_citations(cited_key);
CREATE INDEX patent_citations_patent ON patent_citations(patent_id);

-- Every insert or change of a patent, in commit order: what the search index
-- (and every node of a cluster) catches up from.
CREATE TABLE patent_changes (
  seq {{ID}},
  patent_id {{BIGINT}} NOT NULL REFERENCES patents(id),
  change TEXT NOT NULL CHECK (change IN ('insert', 'update')),
  at_ms {{BIGINT}} NOT NULL
);
CREATE INDEX patent_changes_patent ON patent_changes(patent_id);
