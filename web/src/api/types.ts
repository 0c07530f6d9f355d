// Objects of the API, as docs/api.md describes them. Times are Unix milliseconds.
import type { OrgType, Role } from '@/lib/roles'
import type { IpcLevel } from '@/lib/landscape'
import type { CitationSource, DocumentType, LegalStatus, PartyType } from '@/lib/patentCodes'

export interface Page<T> {
  items: T[]
  total: number
  page: number
  size: number
}

export interface User {
  id: number
  username: string
  display_name: string
  role: Role
  organization_id: number | null
  organization_name: string | null
  region_code: string | null
  region_name: string | null
  email: string | null
  disabled: boolean
  created_at: number
}

export interface Session {
  user: User
  csrf_token: string
}

export interface Organization {
  id: number
  name: string
  type: OrgType
  uscc: string
  region_code: string
  region_name: string
  address: string | null
  contact: string | null
  created_at: number
  updated_at: number
}

export type RegionLevel = 'province' | 'city' | 'county'

export interface Region {
  code: string
  name: string
  level: RegionLevel
  parent: string | null
}

export interface RegionWithPath extends Region {
  path: Region[]
}

export interface AuditEntry {
  id: number
  at: number
  actor_id: number | null
  actor: string
  action: string
  entity: string
  entity_id: string
  region_code: string | null
  detail: unknown
  hash: string
  prev_hash: string
}

export interface ApiToken {
  id: number
  name: string
  created_at: number
  last_used_at: number | null
}

export interface NewApiToken {
  id: number
  name: string
  token: string
}

// Patents. A record has the fields of docs/formats/patent-jsonl.md; apart from
// publication_number any of them may be absent or null. Dates are "YYYY-MM-DD".

export interface PatentParty {
  name: string
  type?: PartyType | null
  address?: string | null
  country?: string | null
  /** GB/T 2260 code, for CN parties. */
  region_code?: string | null
  postcode?: string | null
}

export interface PatentClassification {
  symbol: string
  version?: string | null
}

export interface PatentClaim {
  number: number
  text: string
  /** Empty: an independent claim. */
  depends_on?: number[] | null
}

export interface PatentPriority {
  country?: string | null
  number?: string | null
  date?: string | null
}

export interface PatentCitation {
  kind?: 'patent' | 'non_patent' | null
  by?: CitationSource | null
  country?: string | null
  number?: string | null
  kind_code?: string | null
  date?: string | null
  text?: string | null
}

export interface PatentLegalEvent {
  code?: string | null
  date?: string | null
  text?: string | null
}

export interface Patent {
  publication_number: string
  country?: string | null
  doc_number?: string | null
  kind?: string | null
  type?: DocumentType | null
  application_number?: string | null
  application_number_original?: string | null
  language?: string | null
  application_date?: string | null
  publication_date?: string | null
  grant_date?: string | null
  priorities?: PatentPriority[] | null
  title?: string | null
  abstract?: string | null
  description?: string | null
  claims?: PatentClaim[] | null
  applicants?: PatentParty[] | null
  inventors?: PatentParty[] | null
  agency?: string | null
  agents?: string[] | null
  ipc?: PatentClassification[] | null
  cpc?: PatentClassification[] | null
  ipc_main?: string | null
  locarno?: string | null
  citations?: PatentCitation[] | null
  family_id?: string | null
  legal_events?: PatentLegalEvent[] | null
}

export interface PatentStatus {
  legal_status: LegalStatus
  /** "YYYY-MM-DD" or "". */
  expiry_date: string
  /** Short explanation from the server, e.g. "CF01 2015-03-25". */
  basis: string
  /** The same for the client to word: "granted", "published", "event", "term_ended" or "". */
  basis_kind?: string
  basis_code?: string
  basis_date?: string
}

export interface PatentCitedBy {
  publication_number: string
  title: string
  country: string
  kind: string
  publication_date: string
}

/** Another publication of the same application (the A and the B, say). */
export interface PatentRelated {
  publication_number: string
  kind: string
  publication_date: string
  type: DocumentType | string
}

export interface PatentDetail {
  patent: Patent
  status: PatentStatus
  cited_by: PatentCitedBy[]
  related: PatentRelated[]
}

export interface PatentSummary {
  publication_number: string
  title: string
  country: string
  kind: string
  type: DocumentType | string
  application_number: string
  application_date: string
  publication_date: string
  grant_date: string
  first_applicant: string
  ipc_main: string
  legal_status: LegalStatus | string
}

export interface PatentImportCounts {
  read: number
  imported: number
  updated: number
  unchanged: number
  rejected: number
  skipped: number
  bytes: number
}

export interface PatentImportReject {
  file: string
  unit: 'byte' | 'line' | 'row' | string
  position: number
  reason: string
}

export interface PatentImportResult {
  filename: string
  counts: PatentImportCounts
  seconds: number
  /** True when the import was cancelled: what it read until then is stored, no more. */
  cancelled?: boolean
  rejects: PatentImportReject[]
  /** True when the server listed only the first rejects. */
  rejects_truncated?: boolean
}

// Import jobs (POST /patent-imports?async=true, GET /patent-imports/{id}).

export type PatentImportJobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'

export interface PatentImportProgress {
  bytes_done: number
  bytes_total: number
  read: number
  imported: number
  updated: number
  unchanged: number
  rejected: number
  skipped: number
  elapsed_seconds: number
  /** Records read per second so far. */
  records_per_second: number
  bytes_per_second: number
  /** Time left at the rate so far; null while it cannot be told. */
  eta_seconds: number | null
}

export interface PatentImportJob {
  id: string
  state: PatentImportJobState
  filename: string
  owner: string
  created_at: number
  started_at: number | null
  finished_at: number | null
  cancel_requested: boolean
  progress: PatentImportProgress
  /** Once succeeded (or cancelled while running); absent from lists. */
  report: PatentImportResult | null
  /** Why it failed. */
  error: { status: number; title: string; detail: string } | null
}

// Search (GET /search). Highlights are HTML: escaped text with the matches in <em>…</em>.

export interface SearchHit {
  publication_number: string
  title: string
  title_html: string
  abstract_html: string
  country: string
  type: DocumentType | string
  kind: string
  application_number: string
  application_date: string
  publication_date: string
  ipc_main: string
  legal_status: LegalStatus | string
  applicants: string[]
  score: number
  /** The value score (0–100, one decimal) of the batch valuation; null when not scored. */
  value?: number | null
}

export interface FacetCount {
  value: string
  count: number
}

export interface SearchResult {
  /** Every hit, exactly. */
  total: number
  took_ms: number
  page: number
  size: number
  hits: SearchHit[]
  /** Facet name → its most frequent values over all hits. */
  facets: Record<string, FacetCount[]>
}

// Similar patents (GET /patents/{number}/similar, GET /search/similar).

export interface SimilarPatent {
  publication_number: string
  title: string
  country: string
  application_date: string
  ipc_main: string
  applicants: string[]
  /** Higher is more alike: a blend of cosines of words and topics and the share of IPC classes (about 0..1). */
  score: number
  /** Words both hold that weigh most, most telling first. */
  shared_terms: string[]
  /** IPC main groups and subclasses both hold ("H01M10/00", "H01M"). */
  shared_ipc: string[]
}

export interface SimilarPatents {
  /** By patent: the indexed publication number asked about. */
  publication_number?: string
  took_ms: number
  /** Best first; one publication per application, none of the one asked about. */
  hits: SimilarPatent[]
}

// Valuation (GET /patents/{number}/valuation, POST /valuation/royalty; docs/valuation.md).
// Scores are 0..100, weights basis points (10000 = 1), money integer fen.

export interface ValuationDimension {
  /** legal, technical or economic. */
  id: string
  /** Share of the total. */
  weight_bp: number
  /** 0..100. */
  score: number
  /** Points of the total. */
  contribution: number
}

export interface ValuationIndicator {
  /** Stable id, e.g. legal.remaining_term. */
  id: string
  dimension: string
  /** False when the data do not say (the score is then 0). */
  known: boolean
  /** In the indicator's unit: days, a count, fen a year, basis points. */
  value: number
  /** legal.status: the derived status (valid, pending …); else ''. */
  value_label: string
  score: number
  /** Share of its dimension. */
  weight_bp: number
  /** Points of the total: score × weight × dimension weight / 10^8. */
  contribution: number
}

export interface ValuationCorpus {
  forward_citations: number
  /** IPC subclass and filing year, "H01M/2016"; '' when in no cohort. */
  cohort_key: string
  cohort_size: number | null
  family_countries: string[]
  batch_scenario: string | null
  batch_as_of: string | null
  batch_computed_at: number | null
}

export interface ValuationRank {
  scenario: string
  cohort_key: string
  percentile: number
  grade: 'A' | 'B' | 'C' | 'D' | 'E' | string
  /** The total the batch ranked. */
  total: number
  as_of: string
  computed_at: number
}

export interface Valuation {
  publication_number: string
  scenario: string
  as_of: string
  legal_status: LegalStatus | string
  expiry_date: string | null
  total: number
  dimensions: ValuationDimension[]
  /** All 17, in order. */
  indicators: ValuationIndicator[]
  corpus: ValuationCorpus
  /** The stored batch's percentile and grade within the cohort; null when not batched or in no cohort. */
  rank: ValuationRank | null
}

export interface RoyaltyRequest {
  /** Year 1 first. */
  revenue_fen: number[]
  royalty_rate_bp: number
  discount_rate_bp: number
  tax_rate_bp?: number
  years?: number
  /** Stop at the end of this patent's legal term. */
  publication_number?: string
  /** YYYY-MM-DD; default today. */
  as_of?: string
  sensitivity_steps?: number
  royalty_step_bp?: number
  discount_step_bp?: number
}

export interface RoyaltyYear {
  year: number
  period_start: string
  period_end: string
  days_in_year: number
  days_in_term: number
  revenue_fen: number
  royalty_fen: number
  tax_fen: number
  net_royalty_fen: number
  /** A decimal string with 18 decimals (more than a JSON number keeps). */
  discount_factor: string
  present_value_fen: number
}

export interface RoyaltySensitivityCell {
  royalty_rate_bp: number
  discount_rate_bp: number
  /** Null where a stepped rate would be negative. */
  present_value_fen: number | null
}

export interface Royalty {
  as_of: string
  publication_number: string | null
  legal_term_end: string | null
  capped_by_legal_term: boolean
  present_value_fen: number
  years: RoyaltyYear[]
  /** Row-major, royalty rate outer. */
  sensitivity: RoyaltySensitivityCell[]
}

// Deal evidence (市场法参考, GET /patents/{number}/deal-evidence, docs/valuation.md "Market
// evidence"): the patent's own agreed deals and the prices of comparable deals, in integer fen.

/** Transfer and equity are assignments; every licence kind, the open licence included, a licence. */
export type DealKindFamily = 'assignment' | 'licence'

export interface OwnDealEvidence {
  /** Null when the caller may not see the deal. */
  id: number | null
  /** A listing kind: transfer, exclusive_licence, … */
  kind: string
  family: DealKindFamily
  /** agreed, recordal_filed, recorded or closed. */
  state: string
  /** Null when hidden from the caller, or when the agreement named no price. */
  agreed_price_fen: number | null
  agreed_on: string | null
  /** "EE01 2026-11-30" once recorded. */
  recorded_event: string | null
  recorded_on: string | null
  /** The caller may see the deal (its parties, the region's officials). */
  visible: boolean
}

export interface ComparableDealEvidence {
  family: DealKindFamily
  ipc_subclass: string
  /** The first agreed day counted (three years back). */
  since: string
  count: number
  /** Nearest-rank figures; all null below `min_comparable` deals. */
  min_fen: number | null
  p25_fen: number | null
  median_fen: number | null
  p75_fen: number | null
  max_fen: number | null
  /** Why the figures are withheld, when they are. */
  reason: string | null
}

export interface DealEvidence {
  publication_number: string
  title: string
  ipc_subclass: string
  as_of: string
  min_comparable: number
  own_count: number
  own: OwnDealEvidence[]
  /** Assignment first, then licence. */
  comparable: ComparableDealEvidence[]
}

// Saved searches and collections (专题库): owned by one user, optionally shared with the
// owner's organization.

export interface OwnedRecord {
  owner_id: number
  owner_name: string
  organization_id: number | null
  shared: boolean
  /** The caller may change and delete it (its owner, or a platform administrator). */
  editable: boolean
  created_at: number
  updated_at: number
}

export interface SavedSearch extends OwnedRecord {
  id: number
  name: string
  /** A query of the query language. */
  query: string
  /** A sort of /search: relevance, -publication_date, … */
  sort: string
  /** Hits now; null when the server could not count them. */
  hit_count: number | null
}

export type CollectionKind = 'static' | 'auto'

export interface Collection extends OwnedRecord {
  id: number
  name: string
  description: string
  kind: CollectionKind
  /** Auto collections: the query that defines them; static ones: null. */
  query: string | null
  /** Static: the patents in the list; auto: the query's hits now. */
  patent_count: number | null
  /** When the caller last marked the collection viewed. */
  last_viewed_at: number | null
  /** Patents new since then (null when never viewed). */
  new_count: number | null
}

export interface CollectionPatent {
  publication_number: string
  title: string
  country: string
  kind: string
  type: DocumentType | string
  application_number: string
  application_date: string
  publication_date: string
  ipc_main: string
  first_applicant: string
  /** Static collections: when and by whom the patent was added. */
  added_at: number | null
  added_by: string | null
  /** Technology branches (技术分支) the patent is tagged with in this collection, sorted. */
  technology: string[]
  /** Effects (功效) the patent is tagged with in this collection, sorted. */
  effect: string[]
}

/** The tags of one patent in a collection (PUT /collections/{id}/patents/{number}/tags). */
export interface PatentTags {
  publication_number: string
  technology: string[]
  effect: string[]
}

/** What the rows of a technology × effect matrix are: technology tags, or IPC subclasses. */
export type MatrixTechnology = 'tags' | 'ipc'

export interface MatrixLabel {
  label: string
  /** Tagged member patents with this label. */
  count: number
}

export interface MatrixCell {
  technology: string
  effect: string
  count: number
  /** The cell's publication numbers, sorted. */
  numbers: string[]
}

/** A collection's technology × effect matrix (技术功效矩阵), GET /collections/{id}/matrix. */
export interface TechEffectMatrix {
  /** Rows, most patents first, then by label. */
  technologies: MatrixLabel[]
  /** Columns, most patents first, then by label. */
  effects: MatrixLabel[]
  /** Non-empty cells, in row then column order. */
  cells: MatrixCell[]
  tagged: number
  untagged: number
}

// Patent navigation (专利导航): the landscape of a query's hits (GET /landscape) and the
// reports that keep one (GET/POST /reports). Counts are of hits; names of applicants are the
// engine's normalised names. `computed_at` may be an ISO 8601 text or Unix milliseconds.

export interface LandscapeCount {
  value: string
  count: number
}

export interface LandscapeRanking {
  /** Different values among all hits. */
  distinct: number
  /** The most frequent, most first. */
  top: LandscapeCount[]
}

export interface LandscapeApplicant {
  name: string
  count: number
  /** Hits per application year, aligned with Landscape.years. */
  by_year: number[]
  /** The earliest application year among the hits. */
  first_year: number | null
}

export interface LandscapeCollaboration {
  nodes: { name: string; count: number }[]
  links: { source: string; target: string; count: number }[]
}

export interface LandscapeCitations {
  most_cited: { publication_number: string; title: string; cited_by: number }[]
  links: { citing: string; cited: string }[]
}

export interface Landscape {
  query: string
  /** Every hit, exactly. */
  total: number
  took_ms: number
  /** The last patent change the index had applied. */
  data_version: number
  computed_at: string | number
  /** Every year from the earliest to the latest date of any kind, no gaps. */
  years: number[]
  /** Counts aligned with `years`. */
  filings: { application: number[]; publication: number[]; grant: number[] }
  applicants: { distinct: number; top: LandscapeApplicant[] }
  inventors: LandscapeRanking
  ipc: Record<IpcLevel, LandscapeRanking>
  /** Top subclasses; counts[i][j] = hits holding both, the diagonal hits holding codes[i]. */
  ipc_matrix: { codes: string[]; counts: number[][] }
  /** Every province of CN applicants, most first (GB/T 2260 codes). */
  provinces: LandscapeCount[]
  /** Every city-level code. */
  cities: LandscapeCount[]
  countries: LandscapeCount[]
  /** Per application year with filings. */
  life_cycle: { year: number; applicants: number; filings: number }[]
  /** Applicants whose earliest filing among the hits is that year. */
  new_entrants: { year: number; count: number }[]
  /** Status words of the engine (valid, pending, … and the groups alive, dead). */
  legal_status: LandscapeCount[]
  /** Document types (cn_invention_grant, …). */
  types: LandscapeCount[]
  collaboration: LandscapeCollaboration
  /** Only when the hits cite one another. */
  citations?: LandscapeCitations
  /** Why citations were left out (too many hits to read them as a network). */
  citations_omitted?: string
}

export interface ReportTemplate {
  /** regional, industrial, enterprise, rd, talent (GB/T 39551). */
  key: string
  /** Section keys in the order the report shows them. */
  sections: string[]
}

export interface ReportSummary {
  id: number
  title: string
  template: string
  query: string
  total: number
  created_at: number | string
  created_by: string
  /** The caller may change and delete it (absent: assume so and let the server decide). */
  editable?: boolean
}

export interface Report {
  id: number
  title: string
  template: string
  query: string
  created_at: number | string
  created_by: string
  /** The caller may change and delete it (absent: assume so and let the server decide). */
  editable?: boolean
  data_version: number
  /** The template's sections in order, each with the analyst's text. */
  sections: { key: string; text: string }[]
  /** The numbers as they were when the report was saved. */
  landscape: Landscape
}

export interface ReportInput {
  title: string
  template: string
  query: string
  top?: number
}

export interface ReportPatch {
  title?: string
  /** Section key → the analyst's text. */
  texts?: Record<string, string>
}

export interface ReportMoment {
  total: number
  data_version: number
  computed_at: string | number
}

export interface ReportChanges {
  then: ReportMoment
  now: ReportMoment
  new_applicants: { name: string; count: number }[]
  /** Applicants of either top list whose count differs; null: not in that top list. */
  applicant_changes: { name: string; then: number | null; now: number | null }[]
  year_changes: { year: number; then: number; now: number }[]
  /** High-value invention patents among the hits; null: the report was made before reports recorded them. */
  high_value: ReportHighValueChanges | null
}

export interface ReportHighValueMoment {
  as_of: string
  /** Valid CN invention patents among the hits. */
  candidates: number
  /** Of them high-value; absent when they were too many to look at. */
  count?: number
}

export interface ReportHighValuePatent {
  publication_number: string
  title: string
  /** Category ids: strategic_emerging_industry, family_abroad, maintained_over_10_years, pledge_financing, award. */
  categories: string[]
}

export interface ReportHighValueChanges {
  then: ReportHighValueMoment
  now: ReportHighValueMoment
  /** Why they were not compared (too many candidates); then there is no `new`. */
  omitted?: string
  new?: ReportHighValuePatent[]
  new_total?: number
}

// Watches and alerts (监控预警, docs/api.md "Watches and alerts")
export type WatchKind = 'query' | 'applicant' | 'status' | 'similarity'
export type WatchFrequency = 'import' | 'daily' | 'weekly'
/** Groups of legal events a status watch follows (each stands for one or more CNIPA codes). */
export type EventGroup = 'lapse' | 'restoration' | 'transfer' | 'licence' | 'pledge' | 'invalidation' | 'expiry'

export interface Watch extends OwnedRecord {
  id: number
  name: string
  kind: WatchKind
  /** Query watches: the query; others null. */
  query: string | null
  /** Applicant watches: the competitor's name; others null. */
  applicant: string | null
  /** Status and similarity watches: the publication numbers watched; others null. */
  patents: string[] | null
  /** Status watches: the event groups that alert; others null. */
  events: EventGroup[] | null
  /** Similarity watches: the similarity (percent, 1–100) at which a new patent alerts; others null. */
  threshold?: number | null
  frequency: WatchFrequency
}

/** What made an alert: the query (query and applicant watches) or the legal event (status). */
export interface AlertDetail {
  query?: string
  applicant?: string
  group?: EventGroup
  code?: string
  /** The event's date, YYYY-MM-DD. */
  date?: string
  text?: string
  /** Similarity watches: the watched patent the new one is close to, and its title. */
  similar_to?: string
  similar_title?: string
  /** Similarity watches: the score (0–1), as a percentage, and the watch's threshold. */
  score?: number
  percent?: number
  threshold?: number
  /** Similarity watches: the words and IPC classes both patents hold, most telling first. */
  shared_terms?: string[]
  shared_ipc?: string[]
}

export interface Alert {
  id: number
  watch_id: number
  watch_name: string
  kind: WatchKind
  publication_number: string
  title: string
  detail: AlertDetail
  created_at: number
  /** When the caller read it; null while unread. */
  read_at: number | null
}

export interface AlertPage extends Page<Alert> {
  /** The caller's unread alerts, whatever the filter. */
  unread: number
}

// Applicant aliases (申请人名称归并, docs/api.md "Applicant aliases"): spellings of one
// applicant (a former name, an English name) that officials count as one canonical name.
// Every name is as the server normalises it ("Huawei Technologies Co., Ltd." → "HUAWEI
// TECHNOLOGIES CO LTD").

/** A merged name and the canonical name it counts as. */
export interface ApplicantAlias {
  name: string
  canonical: string
  /** Who merged it (a username). */
  merged_by: string
  /** When, Unix milliseconds. */
  merged_at: number
  note: string | null
}

/** A canonical name with every name it stands for, itself first. */
export interface ApplicantAliasGroup {
  canonical: string
  names: string[]
}

export type ApplicantAliasEventKind = 'merge' | 'split'

/** One change of the history: a name merged into a canonical name, or split off again. */
export interface ApplicantAliasEvent {
  seq: number
  kind: ApplicantAliasEventKind
  name: string
  /** The canonical name merged into (merge) or left (split). */
  canonical: string
  /** The canonical name the name counted as before, if any. */
  previous: string | null
  /** The event this one undoes, if it is an undo. */
  undoes: number | null
  note: string | null
  /** Who made the change (a username). */
  actor: string
  /** When, Unix milliseconds. */
  at: number
}

/** What a merge, split or undo answers: the events it wrote. */
export interface ApplicantAliasEvents {
  events: ApplicantAliasEvent[]
}

/** A value of the index starting with a prefix, with the patents holding it. */
export interface ValueSuggestion {
  value: string
  count: number
}

// Valuation under a user's own weights and market inputs (GET /patents/{number}/valuation
// with ?weights= / ?revenue_fen= / ?market_share_bp=), and saved weight sets
// (/valuation/weight-sets; docs/valuation.md "Saved weight sets").

/** A weight set an explanation was weighed by. */
export interface ValuationWeightSetRef {
  id: number
  name: string
  base_scenario: string
}

/** The market inputs an explanation used; null where none was given. */
export interface ValuationMarket {
  /** Fen a year. */
  revenue_fen: number | null
  /** Basis points. */
  market_share_bp: number | null
}

/** An explanation with the fields the weights and market inputs added. */
export interface ValuationAnswer extends Valuation {
  /** Null: weighed by the scenario's preset. */
  weight_set: ValuationWeightSetRef | null
  market: ValuationMarket
}

/** Weights as the scenarios list them: each dimension's share of the total, each indicator's of its dimension. */
export interface ValuationWeightDimension {
  id: string
  weight_bp: number
  indicators: { id: string; weight_bp: number }[]
}

export interface ValuationScenarioPreset {
  id: string
  dimensions: ValuationWeightDimension[]
}

export interface ValuationScenarios {
  default: string
  items: ValuationScenarioPreset[]
}

export interface ValuationWeightSet {
  id: number
  name: string
  base_scenario: string
  /** Basis points by dimension and indicator id (all 20). */
  weights: Record<string, number>
  dimensions: ValuationWeightDimension[]
  created_at: number
  updated_at: number
}

export interface ValuationWeightSetInput {
  name?: string
  base_scenario?: string
  /** Basis points by id; they replace those of the starting point. */
  weights?: Record<string, number>
}

// High-value invention patents (高价值发明专利, docs/api.md "High-value invention patents",
// docs/high-value.md): one patent's five category checks, and a region's counts with the
// indicator per 10,000 people. Money is integer fen.

/** The five categories, in the order of docs/high-value.md §1. */
export type HighValueCategory =
  | 'strategic_emerging_industry'
  | 'family_abroad'
  | 'maintained_over_10_years'
  | 'pledge_financing'
  | 'award'

export interface HighValueRules {
  maintenance_rule: 'filing_date' | 'grant_date'
  maintenance_years: number
  pledge_threshold_fen: number
  /** false: the threshold is this project's choice, not a published figure. */
  pledge_threshold_verified: boolean
}

/** The loaded IPC → strategic-emerging-industry concordance; null none is loaded. */
export interface HighValueSei {
  source_file: string
  /** Unix milliseconds. */
  loaded_at: number
  entries: number
}

export interface HighValueCheck {
  id: HighValueCategory
  met: boolean
  /** The server's sentence (English). */
  reason: string
  evidence: { name: string; value: string }[]
}

export interface PatentHighValue {
  publication_number: string
  as_of: string
  legal_status: string
  invention_grant: boolean
  /** Its grant was published on or before as_of (or is undated). */
  granted_by_as_of: boolean
  valid_invention: boolean
  domestic: { domestic: boolean; region_code: string | null; reason: string }
  high_value: boolean
  counts_for_indicator: boolean
  categories: HighValueCategory[]
  /** All five, in order. */
  checks: HighValueCheck[]
  rules: HighValueRules
  sei: HighValueSei | null
}

export interface HighValueRegionCount {
  code: string
  name: string
  level: 'country' | 'province' | 'city' | 'county'
  valid_inventions: number
  high_value: number
  categories: Record<HighValueCategory, number>
  population: number | null
  /** "3.20"; null no population of that region and year is stored. */
  per_10k: string | null
}

export interface HighValueCounts {
  as_of: string
  population_year: number | null
  rules: HighValueRules
  sei: HighValueSei | null
  region: HighValueRegionCount
  children: HighValueRegionCount[]
  /** Patents of the region placed in none of its children. */
  unplaced: { valid_inventions: number; high_value: number }
  unreadable?: number
}
