-- Users' own valuation weights (src/iphub/analytics/service.h, CreateWeightSet): a named set
-- of dimension and indicator weights, private to its owner. Times are Unix milliseconds.
--
-- weights is a JSON object of every dimension and indicator id with its basis points
-- ({"legal": 3400, "legal.remaining_term": 2000, …}, all 20 ids), as WeightsFromIds reads it;
-- the service checks ValidateWeights before it stores them (docs/valuation.md §4).
-- base_scenario is the preset the set was started from (a scenario id of valuation.h); its
-- batch gives an explanation under the set its cohort and family facts.
CREATE TABLE valuation_weight_sets (
  id {{ID}},
  owner_id {{BIGINT}} NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  base_scenario TEXT NOT NULL CHECK (base_scenario IN ('transfer_licence', 'pledge_finance',
                                                       'tax', 'infringement_remedy',
                                                       'portfolio_grading')),
  weights TEXT NOT NULL,
  created_at {{BIGINT}} NOT NULL,
  updated_at {{BIGINT}} NOT NULL,
  UNIQUE (owner_id, name)
);
