-- The lists the high-value categories and the per-10,000 indicator read
-- (src/iphub/analytics/high_value_service.h; docs/high-value.md). Each is filled by an
-- `iphub highvalue load-*` command: one file, one transaction, one audit entry. Times are Unix
-- milliseconds; source_file is the file name as given to the command.

-- The IPC → strategic emerging industry concordance (《战略性新兴产业分类与国际专利分类参照关系
-- 表》). A load replaces the whole table: there is one concordance at a time.
CREATE TABLE high_value_sei (
  -- Canonical IPC: "A01B" (subclass), "A01B 1/00" (main group), "A01B 1/02" (subgroup).
  ipc_code TEXT NOT NULL,
  ipc_code_written TEXT NOT NULL,
  sei_id {{BIGINT}} NOT NULL,
  source_file TEXT NOT NULL,
  loaded_at {{BIGINT}} NOT NULL,
  PRIMARY KEY (ipc_code, sei_id)
);

-- Awarded patents (China Patent Award, State Science and Technology Award). Loads add to the
-- list; the same patent, award and year loaded again replaces its row.
CREATE TABLE high_value_awards (
  number_written TEXT NOT NULL,
  -- "AN:201410513187.5" (application number) or "PN:CN104223590" (document key).
  number_key TEXT NOT NULL,
  award_kind TEXT NOT NULL CHECK (award_kind IN ('china_patent_award',
                                                 'state_science_technology_award')),
  award_name TEXT NOT NULL,
  year INTEGER NOT NULL,
  source_file TEXT NOT NULL,
  loaded_at {{BIGINT}} NOT NULL,
  PRIMARY KEY (number_key, award_name, year)
);

-- Registered pledges (专利权质押登记) with their financing amount, until the finance module
-- keeps them. Loads add; the same patent and registration date loaded again replaces the amount.
CREATE TABLE high_value_pledges (
  number_written TEXT NOT NULL,
  number_key TEXT NOT NULL,
  amount_fen {{BIGINT}} NOT NULL CHECK (amount_fen > 0),
  registration_date TEXT NOT NULL,
  source_file TEXT NOT NULL,
  loaded_at {{BIGINT}} NOT NULL,
  PRIMARY KEY (number_key, registration_date)
);

-- Year-end resident population (年末常住人口) in persons, exact. "000000" is the whole country;
-- other codes are in the regions table (checked by the loader). A load replaces the rows of
-- the regions and years it has.
CREATE TABLE region_population (
  region_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  population {{BIGINT}} NOT NULL CHECK (population > 0),
  region_written TEXT NOT NULL,
  source_file TEXT NOT NULL,
  loaded_at {{BIGINT}} NOT NULL,
  PRIMARY KEY (region_code, year)
);
