// One function per API call used by the app.
import { api, buildUrl, uploadBytes } from './client'
import type { OrgType, Role } from '@/lib/roles'
import { compactPatentNumber } from '@/lib/patentNumbers'
import type {
  Alert,
  ApplicantAlias,
  ApplicantAliasEvent,
  ApplicantAliasEvents,
  ApplicantAliasGroup,
  ValueSuggestion,
  AlertPage,
  ApiToken,
  AuditEntry,
  Collection,
  Landscape,
  CollectionKind,
  CollectionPatent,
  MatrixTechnology,
  PatentTags,
  TechEffectMatrix,
  DealEvidence,
  HighValueCounts,
  NewApiToken,
  Organization,
  Page,
  PatentDetail,
  PatentHighValue,
  PatentImportJob,
  PatentSummary,
  Region,
  RegionWithPath,
  Report,
  ReportChanges,
  ReportInput,
  ReportPatch,
  ReportSummary,
  ReportTemplate,
  Royalty,
  RoyaltyRequest,
  SavedSearch,
  SearchResult,
  Session,
  SimilarPatents,
  User,
  Valuation,
  Watch,
  WatchFrequency,
  WatchKind,
  EventGroup,
} from './types'

export interface PageQuery {
  page: number
  size: number
}

// Authentication and own account
export const authApi = {
  login: (username: string, password: string) =>
    api.post<Session>('/auth/login', { username, password }, { skipAuthRedirect: true }),
  logout: () => api.post<void>('/auth/logout', undefined, { skipAuthRedirect: true }),
  me: () => api.get<Session>('/auth/me', { skipAuthRedirect: true }),
  changePassword: (old_password: string, new_password: string) =>
    api.post<void>('/auth/password', { old_password, new_password }),
  listTokens: () => api.get<{ items: ApiToken[] }>('/auth/tokens'),
  createToken: (name: string) => api.post<NewApiToken>('/auth/tokens', { name }),
  revokeToken: (id: number) => api.delete<void>(`/auth/tokens/${id}`),
}

// Regions (public)
export const regionsApi = {
  children: (parent?: string) => api.get<{ items: Region[] }>('/regions', { query: { parent } }),
  get: (code: string) => api.get<RegionWithPath>(`/regions/${encodeURIComponent(code)}`),
}

// Organizations
export interface OrganizationQuery extends PageQuery {
  q?: string
  type?: OrgType | ''
  region?: string | null
}

export interface OrganizationInput {
  name: string
  type: OrgType
  uscc: string
  region_code: string
  address?: string | null
  contact?: string | null
}

export const organizationsApi = {
  list: (query: OrganizationQuery) => api.get<Page<Organization>>('/organizations', { query: { ...query } }),
  get: (id: number) => api.get<Organization>(`/organizations/${id}`),
  create: (input: OrganizationInput) => api.post<Organization>('/organizations', input),
  update: (id: number, patch: Partial<OrganizationInput>) => api.patch<Organization>(`/organizations/${id}`, patch),
}

// Users
export interface UserQuery extends PageQuery {
  q?: string
  role?: Role | ''
  organization_id?: number | null
}

export interface UserInput {
  username: string
  display_name: string
  password: string
  role: Role
  organization_id?: number | null
  region_code?: string | null
  email?: string | null
}

export interface UserPatch {
  display_name?: string
  role?: Role
  disabled?: boolean
  email?: string | null
  region_code?: string | null
  organization_id?: number | null
}

export const usersApi = {
  list: (query: UserQuery) => api.get<Page<User>>('/users', { query: { ...query } }),
  get: (id: number) => api.get<User>(`/users/${id}`),
  create: (input: UserInput) => api.post<User>('/users', input),
  update: (id: number, patch: UserPatch) => api.patch<User>(`/users/${id}`, patch),
  resetPassword: (id: number, new_password: string) => api.post<void>(`/users/${id}/password`, { new_password }),
}

// Audit log
export interface AuditQuery extends PageQuery {
  action?: string
}

export const auditApi = {
  list: (query: AuditQuery) => api.get<Page<AuditEntry>>('/audit', { query: { ...query } }),
}

// Patents (reading is public)
export interface PatentQuery extends PageQuery {
  /** A number or part of a title. */
  q?: string
  country?: string
  /** A DocumentType name. */
  type?: string
  applicant?: string
  /** Application date bounds, YYYY-MM-DD. */
  from?: string
  to?: string
}

export const patentsApi = {
  list: (query: PatentQuery) => api.get<Page<PatentSummary>>('/patents', { query: { ...query } }),
  /** Any usual way of writing a publication or application number. */
  get: (number: string) => api.get<PatentDetail>(`/patents/${encodeURIComponent(compactPatentNumber(number))}`),
  /** Patents most like this one, each with the words and IPC classes they share (at most 50). */
  similar: (number: string, size?: number) =>
    api.get<SimilarPatents>(`/patents/${encodeURIComponent(compactPatentNumber(number))}/similar`, { query: { size } }),
}

// Valuation (docs/valuation.md): explanations are public, the royalty estimate needs a login.
export const valuationApi = {
  /** Every indicator's value, score, weight and contribution under a scenario preset. */
  patent: (number: string, scenario?: string, as_of?: string) =>
    api.get<Valuation>(`/patents/${encodeURIComponent(compactPatentNumber(number))}/valuation`, {
      query: { scenario, as_of },
    }),
  /** Relief from royalty: present value, the years and the sensitivity grid, all in fen. */
  royalty: (input: RoyaltyRequest) => api.post<Royalty>('/valuation/royalty', input),
  /** Market evidence (logged in): the patent's own agreed deals and comparable deals' prices. */
  dealEvidence: (number: string) =>
    api.get<DealEvidence>(`/patents/${encodeURIComponent(compactPatentNumber(number))}/deal-evidence`),
}

// Search (public): the query language of docs/query-language.md
export interface SearchQuery extends PageQuery {
  q: string
  /** relevance (default), application_date, publication_date, value; '-' before it: newest or highest first. */
  sort?: string
  /** Only hits with a value score of at least this (0–100). */
  min_value?: number
  /** Comma-separated facet names. */
  facets?: string
  facet_size?: number
}

export const searchApi = {
  search: (query: SearchQuery) => api.get<SearchResult>('/search', { query: { ...query } }),
  /**
   * Patents most like a free text (at most 50), each with the words it shares with the text.
   * Sent in the body (POST reads only): a long text does not fit in a URL.
   */
  similar: (text: string, size?: number, signal?: AbortSignal) =>
    api.post<SimilarPatents>('/search/similar', { text, ...(size ? { size } : {}) }, { signal }),
}

// Patent imports (officials and platform administrators): each upload becomes a job the
// server imports in the background, followed with job() until it has finished.
export const patentImportsApi = {
  start: (file: File, onProgress?: (loaded: number, total: number) => void, signal?: AbortSignal) =>
    uploadBytes<PatentImportJob>('/patent-imports', file, {
      query: { filename: file.name, async: true },
      onProgress,
      signal,
    }),
  job: (id: string, signal?: AbortSignal) => api.get<PatentImportJob>(`/patent-imports/${encodeURIComponent(id)}`, { signal }),
  /** The jobs this user may see (their own and their region's), newest first, without reports. */
  jobs: () => api.get<{ items: PatentImportJob[] }>('/patent-imports'),
  cancel: (id: string) => api.delete<PatentImportJob>(`/patent-imports/${encodeURIComponent(id)}`),
}

// Saved searches and collections (logged-in users)
/** Which records a list shows: mine and shared with my organization (absent), or one part. */
export type ListScope = '' | 'mine' | 'shared' | 'all'

export interface SavedSearchQuery extends PageQuery {
  scope?: ListScope
}

export interface SavedSearchInput {
  name: string
  query: string
  sort?: string
  shared?: boolean
}

export const savedSearchesApi = {
  list: (query: SavedSearchQuery) => api.get<Page<SavedSearch>>('/saved-searches', { query: { ...query } }),
  get: (id: number) => api.get<SavedSearch>(`/saved-searches/${id}`),
  create: (input: SavedSearchInput) => api.post<SavedSearch>('/saved-searches', input),
  update: (id: number, patch: Partial<SavedSearchInput>) => api.patch<SavedSearch>(`/saved-searches/${id}`, patch),
  remove: (id: number) => api.delete<void>(`/saved-searches/${id}`),
}

export interface CollectionQuery extends PageQuery {
  scope?: ListScope
  kind?: CollectionKind | ''
}

export interface CollectionInput {
  name: string
  description?: string
  kind?: CollectionKind
  query?: string
  shared?: boolean
}

export interface CollectionPatentQuery extends PageQuery {
  /** Only patents new since the collection was last marked viewed. */
  new?: boolean
}

export const collectionsApi = {
  list: (query: CollectionQuery) => api.get<Page<Collection>>('/collections', { query: { ...query } }),
  get: (id: number) => api.get<Collection>(`/collections/${id}`),
  create: (input: CollectionInput) => api.post<Collection>('/collections', input),
  update: (id: number, patch: Partial<CollectionInput>) => api.patch<Collection>(`/collections/${id}`, patch),
  remove: (id: number) => api.delete<void>(`/collections/${id}`),
  patents: (id: number, query: CollectionPatentQuery) =>
    api.get<Page<CollectionPatent>>(`/collections/${id}/patents`, { query: { ...query, new: query.new ? true : undefined } }),
  addPatent: (id: number, publication_number: string) =>
    api.post<CollectionPatent>(`/collections/${id}/patents`, { publication_number }),
  removePatent: (id: number, publication_number: string) =>
    api.delete<void>(`/collections/${id}/patents/${encodeURIComponent(compactPatentNumber(publication_number))}`),
  markViewed: (id: number) => api.post<Collection>(`/collections/${id}/viewed`),
  /** Replaces a member patent's technology and effect tags in the collection. */
  setTags: (id: number, publication_number: string, tags: { technology: string[]; effect: string[] }) =>
    api.put<PatentTags>(`/collections/${id}/patents/${encodeURIComponent(compactPatentNumber(publication_number))}/tags`, tags),
  /** The technology × effect matrix of the members' tags; `technology: 'ipc'` for IPC subclass rows. */
  matrix: (id: number, technology: MatrixTechnology = 'tags') =>
    api.get<TechEffectMatrix>(`/collections/${id}/matrix`, { query: { technology } }),
}

// Patent navigation (专利导航): the landscape of a query is public, reports need a login.
export interface LandscapeQuery {
  q: string
  /** How many applicants, inventors, IPC codes … each ranking lists (1..50, default 10). */
  top?: number
}

const reportPath = (id: number | string) => `/reports/${encodeURIComponent(String(id))}`

export const landscapeApi = {
  get: (query: LandscapeQuery, signal?: AbortSignal) => api.get<Landscape>('/landscape', { query: { ...query }, signal }),
  /** The XLSX file of a landscape (one sheet per section), for a link. */
  exportUrl: (query: LandscapeQuery) => buildUrl('/landscape/export', { ...query }),
}

export const reportsApi = {
  templates: () => api.get<ReportTemplate[]>('/reports/templates'),
  list: () => api.get<{ items: ReportSummary[] }>('/reports'),
  get: (id: number | string) => api.get<Report>(reportPath(id)),
  create: (input: ReportInput) => api.post<Report>('/reports', input),
  update: (id: number | string, patch: ReportPatch) => api.patch<Report>(reportPath(id), patch),
  remove: (id: number | string) => api.delete<void>(reportPath(id)),
  /** What the same query finds now, against the report's numbers. */
  changes: (id: number | string) => api.get<ReportChanges>(`${reportPath(id)}/changes`),
  /** The XLSX file of the report's stored numbers, for a link. */
  exportUrl: (id: number | string) => buildUrl(`${reportPath(id)}/export`),
}

// Watches (监控) and the alerts they write to the caller's inbox (logged-in users)
export interface WatchInput {
  name: string
  kind: WatchKind
  query?: string
  applicant?: string
  /** Publication or application numbers, written any usual way. */
  patents?: string[]
  events?: EventGroup[]
  /** Similarity watches: percent, 1–100 (default 80). */
  threshold?: number
  frequency?: WatchFrequency
  shared?: boolean
}

/** A change: any field but the kind. */
export type WatchPatch = Partial<Omit<WatchInput, 'kind'>>

export interface AlertQuery extends PageQuery {
  /** Only unread alerts. */
  unread?: boolean
}

export const watchesApi = {
  list: (query: PageQuery) => api.get<Page<Watch>>('/watches', { query: { ...query } }),
  get: (id: number) => api.get<Watch>(`/watches/${id}`),
  create: (input: WatchInput) => api.post<Watch>('/watches', input),
  update: (id: number, patch: WatchPatch) => api.patch<Watch>(`/watches/${id}`, patch),
  remove: (id: number) => api.delete<void>(`/watches/${id}`),
}

export const alertsApi = {
  list: (query: AlertQuery) =>
    api.get<AlertPage>('/alerts', { query: { ...query, unread: query.unread ? true : undefined } }),
  /** The unread count alone, for the header's badge (polled: an expired session does not redirect). */
  unreadCount: () =>
    api.get<AlertPage>('/alerts', { query: { unread: true, page: 1, size: 1 }, skipAuthRedirect: true }).then((p) => p.unread),
  markRead: (id: number) => api.post<Alert>(`/alerts/${id}/read`),
  markAllRead: () => api.post<{ marked: number }>('/alerts/read-all'),
}

// Applicant aliases (申请人名称归并): read by anyone; merged, split and undone by officials
// and platform administrators (others get 403). Names are normalised by the server.
export interface ApplicantAliasQuery extends PageQuery {
  /** Names or canonical names containing this (any spelling). */
  q?: string
}

export interface ApplicantMergeInput {
  canonical: string
  /** The names that count as the canonical name from now on (not the canonical name itself). */
  names: string[]
  note?: string
}

export const applicantAliasesApi = {
  /** Merged names sorted by canonical name, then name. */
  list: (query: ApplicantAliasQuery) =>
    api.get<Page<ApplicantAlias>>('/applicant-aliases', { query: { ...query } }),
  group: (name: string) => api.get<ApplicantAliasGroup>('/applicant-aliases/group', { query: { name } }),
  merge: (input: ApplicantMergeInput) => api.post<ApplicantAliasEvents>('/applicant-aliases', input),
  /** 404 when the name is not merged. */
  split: (name: string, note?: string) =>
    api.post<ApplicantAliasEvents>('/applicant-aliases/split', { name, ...(note ? { note } : {}) }),
  /** The history, newest first. */
  events: (query: ApplicantAliasQuery) =>
    api.get<Page<ApplicantAliasEvent>>('/applicant-alias-events', { query: { ...query } }),
  /** 409 (with a detail) when the name has changed since the event. */
  undo: (seq: number, note?: string) =>
    api.post<ApplicantAliasEvents>(`/applicant-alias-events/${seq}/undo`, note ? { note } : {}),
  /** Normalised applicant names of the index starting with `prefix`, with their patent counts. */
  suggestNames: (prefix: string, size = 20, signal?: AbortSignal) =>
    api.get<{ items: ValueSuggestion[] }>('/search/suggest', {
      query: { field: 'applicant_name', prefix, size },
      signal,
    }),
}

// Valuation under a user's own weights and market inputs; saved weight sets are the logged-in
// owner's alone (docs/valuation.md "Saved weight sets").
import type {
  ValuationAnswer,
  ValuationScenarios,
  ValuationWeightSet,
  ValuationWeightSetInput,
} from './types'

export interface ValuationQuery {
  /** A preset; or `weights`, one of the caller's weight sets. */
  scenario?: string
  weights?: number
  as_of?: string
  /** Annual revenue of products practising the patent, integer fen. */
  revenue_fen?: number
  /** Their market share, basis points 0..10000. */
  market_share_bp?: number
}

export const valuationWeightsApi = {
  /** The explanation under a preset or a saved set, with market inputs. */
  patent: (number: string, query: ValuationQuery) =>
    api.get<ValuationAnswer>(`/patents/${encodeURIComponent(compactPatentNumber(number))}/valuation`, {
      query: { ...query },
    }),
  scenarios: () => api.get<ValuationScenarios>('/valuation/scenarios'),
  /** The caller's sets, oldest first (up to 200). */
  list: () => api.get<Page<ValuationWeightSet>>('/valuation/weight-sets', { query: { size: 200 } }),
  create: (input: ValuationWeightSetInput) => api.post<ValuationWeightSet>('/valuation/weight-sets', input),
  update: (id: number, input: ValuationWeightSetInput) =>
    api.put<ValuationWeightSet>(`/valuation/weight-sets/${id}`, input),
  remove: (id: number) => api.delete<void>(`/valuation/weight-sets/${id}`),
}

// High-value invention patents (docs/api.md "High-value invention patents"): a patent's five
// category checks (public) and a region's counts (officials: their region and below; platform
// administrators: any).

export interface HighValueCountsQuery {
  /** GB/T 2260 code; absent: the caller's region (an administrator: the country, 000000). */
  region?: string
  /** YYYY-MM-DD; absent: today (Asia/Shanghai). */
  as_of?: string
  /** The population year; absent: the latest stored up to as_of's year. */
  year?: number
}

export const highValueApi = {
  patent: (number: string, asOf?: string, signal?: AbortSignal) =>
    api.get<PatentHighValue>(`/patents/${encodeURIComponent(compactPatentNumber(number))}/high-value`, {
      query: { as_of: asOf },
      signal,
    }),
  counts: (query: HighValueCountsQuery, signal?: AbortSignal) =>
    api.get<HighValueCounts>('/stats/high-value', { query: { ...query }, signal }),
}
