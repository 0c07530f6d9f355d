// Patent pools (专利池, docs/api.md "Patent pools"): pools browsed, created and edited by their
// administrator, member organisations added and removed, patents contributed by members, and
// the pool moved through its workflow (draft → published → closed).
//
//   const page = await poolsApi.list({ q: '海洋', state: 'published', page: 1, size: 20 })
//   const pool = await poolsApi.addMember(3, { org_id: 9 })
//   await poolsApi.contribute(3, { patent: 'CN119999001B' })
//
// Money is integer fen (null: negotiable, 面议); times are Unix milliseconds.
import { api } from './client'
import type { PageQuery } from './endpoints'
import type { Page } from './types'
import type { TransitionRequest, WorkflowInfo } from './market'

export const POOL_STATES = ['draft', 'published', 'closed'] as const
export type PoolState = (typeof POOL_STATES)[number]

/** What the administrator writes (POST /pools, PUT /pools/{id}). */
export interface PoolInput {
  name: string
  technology: string
  ipc: string
  /** Absent: the administrator organisation's region. */
  region_code?: string
  /** Per licensee and year; null: negotiable (面议). */
  royalty_fen: number | null
  terms: string
  /** PUT only: refused (409) when the pool has moved on. */
  version?: number
}

export interface PoolOrgRef {
  org_id: number
  name: string
}

export interface PoolMember {
  org_id: number
  name: string
  org_type: string
  joined_at: number
  /** The organisation that created and administers the pool. */
  administrator: boolean
}

export interface PoolPatent {
  publication_number: string
  title: string
  legal_status: string
  contributor: PoolOrgRef
  added_at: number
}

/** The caller's part in a pool (null: a visitor or an outsider). */
export type PoolRole = 'administrator' | 'member' | 'official'

export interface Pool {
  id: number
  name: string
  technology: string
  ipc: string
  region_code: string
  royalty_fen: number | null
  terms: string
  administrator: PoolOrgRef
  created_at: number
  updated_at: number
  /** Left out of list answers. */
  members?: PoolMember[]
  /** Left out of list answers. */
  patents?: PoolPatent[]
  patent_count: number
  member_count: number
  role: PoolRole | null
  workflow: WorkflowInfo
}

/** `market` (default): published and closed pools; `mine`: those the caller's organisation belongs to. */
export type PoolScope = 'market' | 'mine'

export interface PoolQuery extends PageQuery {
  q?: string
  state?: PoolState | ''
  scope?: PoolScope
}

const path = (id: number | string) => `/pools/${encodeURIComponent(String(id))}`

export const poolsApi = {
  list: (query: PoolQuery, signal?: AbortSignal) => api.get<Page<Pool>>('/pools', { query: { ...query }, signal }),
  get: (id: number | string) => api.get<Pool>(path(id)),
  create: (input: PoolInput) => api.post<Pool>('/pools', input),
  update: (id: number | string, input: PoolInput) => api.put<Pool>(path(id), input),
  addMember: (id: number | string, body: { org_id: number }) => api.post<Pool>(`${path(id)}/members`, body),
  removeMember: (id: number | string, orgId: number) =>
    api.delete<Pool>(`${path(id)}/members/${encodeURIComponent(String(orgId))}`),
  contribute: (id: number | string, body: { patent: string }) => api.post<Pool>(`${path(id)}/patents`, body),
  removePatent: (id: number | string, publicationNumber: string) =>
    api.delete<Pool>(`${path(id)}/patents/${encodeURIComponent(publicationNumber)}`),
  transition: (id: number | string, body: TransitionRequest) => api.post<Pool>(`${path(id)}/transitions`, body),
}
