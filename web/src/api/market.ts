// The marketplace's API calls and types (docs/api.md, "Workflows" and "Marketplace listings"):
// listings browsed, created, edited and moved through their workflow, and the listing machine.
//
//   const page = await marketApi.list({ q: '钠离子', kind: 'transfer', page: 1, size: 20 })
//   const moved = await marketApi.transition(7, { transition: 'submit', version: 1 })
//
// Money is integer fen (null: negotiable, 面议); times are Unix milliseconds.
import { api } from './client'
import type { PageQuery } from './endpoints'
import type { Page } from './types'
import type { OrgType } from '@/lib/roles'

// ---------------------------------------------------------------------------
// Workflows

/** One state of a machine, with its names in both languages. */
export interface WorkflowState {
  name: string
  label_zh: string
  label_en: string
  final: boolean
}

export interface WorkflowTransition {
  name: string
  from: string[]
  to: string
  roles: string[]
  preconditions: string[]
  reason_required: boolean
  label_zh: string
  label_en: string
}

/** GET /workflows/{kind}: a state machine declared as data. */
export interface WorkflowMachine {
  kind: string
  initial: string
  states: WorkflowState[]
  transitions: WorkflowTransition[]
}

/** One step in a record's history. */
export interface WorkflowEvent {
  seq: number
  version: number
  transition: string
  from: string
  to: string
  actor_id: number | null
  actor: string
  at: number
  reason: string
  detail: unknown
}

/** A transition the caller holds a role for; `allowed` false when a check fails now (`blocked_by` says which). */
export interface WorkflowAction {
  transition: string
  to: string
  permitted: boolean
  allowed: boolean
  blocked_by: string
  reason_required: boolean
  label_zh: string
  label_en: string
}

/** A record's workflow: its state, history (for those entitled to it) and what the caller may do. */
export interface WorkflowInfo {
  state: string
  final: boolean
  version: number
  created_at: number
  state_since: number
  history: WorkflowEvent[]
  actions: WorkflowAction[]
}

export interface TransitionRequest {
  transition: string
  reason?: string
  version?: number
}

// ---------------------------------------------------------------------------
// Listings

export const LISTING_KINDS = [
  'transfer',
  'exclusive_licence',
  'sole_licence',
  'non_exclusive_licence',
  'open_licence',
  'equity',
  'pledge',
] as const
export type ListingKind = (typeof LISTING_KINDS)[number]

/**
 * What is listed: a patent (the default), a registered trademark or a registered copyright. For
 * the latter two the `patent` input holds the registration number (16435657, 2016SR309930,
 * 国作登字-2016-F-00269796); open licences and deals are for patents only.
 */
export const RIGHT_TYPES = ['patent', 'trademark', 'copyright'] as const
export type RightType = (typeof RIGHT_TYPES)[number]

export const CONTACT_VISIBILITIES = ['public', 'members', 'on_request'] as const
export type ContactVisibility = (typeof CONTACT_VISIBILITIES)[number]

export const LISTING_STATES = ['draft', 'pending_review', 'published', 'rejected', 'closed', 'withdrawn'] as const
export type ListingState = (typeof LISTING_STATES)[number]

/** What a lister writes (POST /listings, PUT /listings/{id}). */
export interface ListingInput {
  /** Absent: a patent. */
  right_type?: RightType
  /** The patent's publication or application number, or the trademark's or copyright's registration number. */
  patent: string
  kind: ListingKind
  title?: string
  price_fen: number | null
  terms?: string
  region_code?: string
  industry: string
  trl: number
  scenarios: string
  description?: string
  contact_name?: string
  contact_phone?: string
  contact_visibility?: ContactVisibility
  holder_org_id?: number | null
  /** PUT only: refused (409) when the listing has moved on. */
  version?: number
}

export interface Listing {
  id: number
  right_type: RightType
  /** A patent's publication number, or a trademark's or copyright's registration number. */
  publication_number: string
  /** The patent's title, the mark's name (商标“星河”) or the work's (software's) name. */
  patent_title: string
  kind: ListingKind
  title: string
  price_fen: number | null
  terms: string
  region_code: string
  industry: string
  trl: number
  scenarios: string
  description: string
  contact_name: string
  contact_phone: string
  contact_visibility: ContactVisibility
  /** false: the contact fields are blanked for this caller. */
  contact_shown: boolean
  lister_org_id: number
  lister_org_name: string
  holder_org_id: number
  holder_org_name: string
  created_at: number
  updated_at: number
  workflow: WorkflowInfo
}

/** `market` (default): published and closed ones; `mine`: the caller organisation's; `review`: officials' queue. */
export type ListingScope = 'market' | 'mine' | 'review'

export interface ListingQuery extends PageQuery {
  q?: string
  kind?: ListingKind | ''
  region?: string | null
  industry?: string
  state?: ListingState | ''
  scope?: ListingScope
}

// ---------------------------------------------------------------------------
// Listing authorisations: a holder lets an agency list its patents (one, or all) until a day.

export interface ListingAuthorisation {
  id: number
  holder_org_id: number
  holder_org_name: string
  agency_org_id: number
  agency_org_name: string
  /** null: every patent of the holder. */
  publication_number: string | null
  /** YYYY-MM-DD, the last day it holds (China Standard Time). */
  valid_until: string
  created_at: number
  revoked_at: number | null
}

/** POST /listing-authorisations. */
export interface AuthorisationInput {
  agency_org_id: number
  publication_number?: string
  valid_until: string
}

/** GET /organization-directory: an organisation's public facts, to name it. */
export interface DirectoryOrganization {
  id: number
  name: string
  type: OrgType
  uscc: string
  region_code: string
  region_name: string
}

export interface DirectoryQuery extends PageQuery {
  q?: string
  type?: OrgType
  region?: string
}

export const marketApi = {
  list: (query: ListingQuery, signal?: AbortSignal) =>
    api.get<Page<Listing>>('/listings', { query: { ...query }, signal }),
  get: (id: number | string) => api.get<Listing>(`/listings/${encodeURIComponent(String(id))}`),
  create: (input: ListingInput) => api.post<Listing>('/listings', input),
  update: (id: number | string, input: ListingInput) => api.put<Listing>(`/listings/${encodeURIComponent(String(id))}`, input),
  transition: (id: number | string, body: TransitionRequest) =>
    api.post<Listing>(`/listings/${encodeURIComponent(String(id))}/transitions`, body),
  workflow: (kind: string) => api.get<WorkflowMachine>(`/workflows/${encodeURIComponent(kind)}`),
  authorisations: () => api.get<{ items: ListingAuthorisation[] }>('/listing-authorisations'),
  authorise: (input: AuthorisationInput) => api.post<ListingAuthorisation>('/listing-authorisations', input),
  revokeAuthorisation: (id: number) => api.delete<void>(`/listing-authorisations/${encodeURIComponent(String(id))}`),
  directory: (query: DirectoryQuery, signal?: AbortSignal) =>
    api.get<Page<DirectoryOrganization>>('/organization-directory', { query: { ...query }, signal }),
}
