// The demand library's API calls and types (docs/api.md, "Demand library (需求库)"): demands
// browsed, posted, edited and moved through their workflow; suppliers invited to respond, the
// invitations an organisation received and its answers; the response-time figures per supplier.
//
//   const page = await demandsApi.list({ q: '电池', industry: '新能源', page: 1, size: 20 })
//   await demandsApi.invite(12, { supplier_org_ids: [4, 9] })
//   await demandsApi.respond(31, { answer: 'interested', message: '可以提供中试线' })
//
// Money is integer fen (null: negotiable, 面议); times are Unix milliseconds; the deadline is a day.
import { api } from './client'
import type { PageQuery } from './endpoints'
import type { Page } from './types'
import type { ContactVisibility, TransitionRequest, WorkflowInfo } from './market'

export const DEMAND_STATES = ['draft', 'open', 'closed', 'withdrawn'] as const
export type DemandState = (typeof DEMAND_STATES)[number]

/** What a poster writes (POST /demands, PUT /demands/{id}). */
export interface DemandInput {
  title: string
  problem: string
  industry: string
  ipc?: string
  budget_fen: number | null
  /** YYYY-MM-DD. */
  deadline: string
  region_code?: string
  contact_name?: string
  contact_phone?: string
  contact_visibility?: ContactVisibility
  /** PUT only: refused (409) when the demand has moved on. */
  version?: number
}

export interface Demand {
  id: number
  title: string
  problem: string
  industry: string
  ipc: string
  budget_fen: number | null
  deadline: string
  region_code: string
  contact_name: string
  contact_phone: string
  contact_visibility: ContactVisibility
  /** false: the contact fields are blanked for this caller. */
  contact_shown: boolean
  org_id: number
  org_name: string
  created_at: number
  updated_at: number
  workflow: WorkflowInfo
}

/** `market` (default): open and closed ones (and the caller organisation's); `mine`: the caller organisation's. */
export type DemandScope = 'market' | 'mine'

export interface DemandQuery extends PageQuery {
  q?: string
  industry?: string
  region?: string | null
  state?: DemandState | ''
  scope?: DemandScope
}

export const INVITATION_STATES = ['pending', 'overdue', 'answered_on_time', 'answered_late'] as const
export type InvitationState = (typeof INVITATION_STATES)[number]

export const INVITATION_ANSWERS = ['interested', 'declined'] as const
export type InvitationAnswer = (typeof INVITATION_ANSWERS)[number]

export interface DemandInvitation {
  id: number
  demand_id: number
  demand_title: string
  supplier_org_id: number
  supplier_org_name: string
  invited_at: number
  /** The deadline of the answer (Unix milliseconds). */
  respond_by: number
  responded_at: number | null
  answer: InvitationAnswer | null
  message: string
  state: InvitationState
}

/** POST /demands/{id}/invitations: 1–50 organisations from the directory. */
export interface InviteRequest {
  supplier_org_ids: number[]
}

/** POST /demand-invitations/{id}/response. */
export interface ResponseRequest {
  answer: InvitationAnswer
  message: string
}

/** GET /demand-invitations?state=: `pending` (unanswered, overdue ones too), `answered`, `all`; not paged. */
export type ReceivedFilter = 'pending' | 'answered' | 'all'

export interface ReceivedQuery {
  state?: ReceivedFilter
}

/** One supplier's row of GET /demand-response-times. */
export interface ResponseTimes {
  supplier_org_id: number
  supplier_org_name: string
  invited: number
  answered: number
  on_time: number
  late: number
  overdue: number
  pending: number
  /** null when nothing was answered. */
  median_response_hours: number | null
}

const path = (id: number | string) => `/demands/${encodeURIComponent(String(id))}`

export const demandsApi = {
  list: (query: DemandQuery, signal?: AbortSignal) => api.get<Page<Demand>>('/demands', { query: { ...query }, signal }),
  get: (id: number | string) => api.get<Demand>(path(id)),
  create: (input: DemandInput) => api.post<Demand>('/demands', input),
  update: (id: number | string, input: DemandInput) => api.put<Demand>(path(id), input),
  transition: (id: number | string, body: TransitionRequest) => api.post<Demand>(`${path(id)}/transitions`, body),
  invitations: (id: number | string) => api.get<{ items: DemandInvitation[] }>(`${path(id)}/invitations`),
  invite: (id: number | string, body: InviteRequest) => api.post<{ items: DemandInvitation[] }>(`${path(id)}/invitations`, body),
  received: (query: ReceivedQuery, signal?: AbortSignal) =>
    api.get<{ items: DemandInvitation[] }>('/demand-invitations', { query: { ...query }, signal }),
  respond: (id: number | string, body: ResponseRequest) =>
    api.post<DemandInvitation>(`/demand-invitations/${encodeURIComponent(String(id))}/response`, body),
  responseTimes: (query: { region?: string | null }) =>
    api.get<{ items: ResponseTimes[] }>('/demand-response-times', { query: { ...query } }),
}
