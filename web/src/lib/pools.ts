// Patent pools (专利池) in the app: state and transition names (locale keys under `pools.`), who
// may do what on a pool's page (the server decides; these decide what to offer), the list's
// state in the URL, and the pool form: its checks, the royalty typed in yuan sent as integer fen
// (empty: negotiable, 面议), and the server's objections on the field they name.
//
//   poolInput({ ...form, royalty: '12,000' })  →  { ..., royalty_fen: 1_200_000 }
//   poolInput({ ...form, royalty: '' })        →  { ..., royalty_fen: null }        (面议)
//   poolFieldProblem(new ApiError(400, …, field 'royalty_fen'))  →  { field: 'royalty', detail }
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { ApiError } from '@/api/client'
import { POOL_STATES, type Pool, type PoolInput, type PoolMember, type PoolPatent, type PoolScope, type PoolState } from '@/api/pools'
import { formatFen, parseYuanToFen, type ParseReason } from './money'
import type { MarketUser } from './market'

export { POOL_STATES }

// ---------------------------------------------------------------------------
// Names

export function isPoolState(value: unknown): value is PoolState {
  return typeof value === 'string' && (POOL_STATES as readonly string[]).includes(value)
}

/** The locale key of a state's name, or null for one this app does not know (shown as sent). */
export function poolStateKey(state: string): string | null {
  return isPoolState(state) ? `pools.states.${state}` : null
}

/** Transitions a pool's history may hold, `start` (the draft's creation) included. */
export const POOL_TRANSITIONS = ['start', 'publish', 'close'] as const

export function poolTransitionKey(transition: string): string | null {
  return (POOL_TRANSITIONS as readonly string[]).includes(transition) ? `pools.transitions.${transition}` : null
}

/** The royalty as yuan with two decimals and thousands separators, or null: negotiable (面议). */
export function royaltyYuan(fen: number | null | undefined): string | null {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return null
  return formatFen(fen)
}

// ---------------------------------------------------------------------------
// Who may do what (the server checks again)

/** Members of an organisation create pools (their organisation administers them). */
export function canCreatePools(user: MarketUser | null | undefined): boolean {
  return !!user && user.organization_id !== null && user.organization_id !== undefined
}

/** The tabs of /pools: everyone browses; members of an organisation also see their own pools. */
export function poolTabs(user: MarketUser | null | undefined): PoolScope[] {
  return canCreatePools(user) ? ['market', 'mine'] : ['market']
}

type PoolView = Pick<Pool, 'role' | 'workflow' | 'administrator'>

const isOpen = (pool: PoolView) => pool.workflow.state !== 'closed' && !pool.workflow.final

/** The administrator edits the pool, adds members and takes patents out, until it is closed. */
export function canAdministerPool(pool: PoolView): boolean {
  return pool.role === 'administrator' && isOpen(pool)
}

/** A member organisation (the administrator's included) contributes its patents while the pool is open. */
export function canContribute(pool: PoolView): boolean {
  return (pool.role === 'administrator' || pool.role === 'member') && isOpen(pool)
}

/** The administrator removes any member but itself; a member may leave. */
export function canRemoveMember(pool: PoolView, member: Pick<PoolMember, 'org_id' | 'administrator'>, user: MarketUser | null | undefined): boolean {
  if (!isOpen(pool) || member.administrator || member.org_id === pool.administrator.org_id) return false
  if (pool.role === 'administrator') return true
  return pool.role === 'member' && !!user && user.organization_id === member.org_id
}

/** The contributing organisation, or the administrator, takes a patent out. */
export function canRemovePatent(pool: PoolView, patent: Pick<PoolPatent, 'contributor'>, user: MarketUser | null | undefined): boolean {
  if (!isOpen(pool)) return false
  if (pool.role === 'administrator') return true
  return pool.role === 'member' && !!user && user.organization_id === patent.contributor.org_id
}

// ---------------------------------------------------------------------------
// The list's state in the URL (/pools?tab=mine&q=…&state=published&page=2)

export const POOL_TABS: readonly PoolScope[] = ['market', 'mine']

export interface PoolListState {
  tab: PoolScope
  q: string
  state: PoolState | ''
  page: number
}

export function emptyPoolListState(): PoolListState {
  return { tab: 'market', q: '', state: '', page: 1 }
}

function first(value: LocationQuery[string] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' ? v : ''
}

/** Reads the list's state from the URL's query; anything unknown falls back to the default. */
export function poolListStateFromQuery(query: LocationQuery): PoolListState {
  const tab = first(query.tab)
  const state = first(query.state)
  const page = Number(first(query.page))
  return {
    tab: (POOL_TABS as readonly string[]).includes(tab) ? (tab as PoolScope) : 'market',
    q: first(query.q),
    state: isPoolState(state) ? state : '',
    page: Number.isSafeInteger(page) && page > 1 ? page : 1,
  }
}

/** The URL query of a list state; defaults are left out. */
export function poolQueryFromListState(state: PoolListState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (state.tab !== 'market') query.tab = state.tab
  if (state.q.trim()) query.q = state.q.trim()
  if (state.state) query.state = state.state
  if (state.page > 1) query.page = String(state.page)
  return query
}

// ---------------------------------------------------------------------------
// The pool form

export interface PoolForm {
  name: string
  technology: string
  ipc: string
  region_code: string | null
  /** Yuan per licensee and year as typed; empty: negotiable (面议). */
  royalty: string
  terms: string
}

/** The form's fields in the order it shows them; `royalty` is the server's `royalty_fen`. */
export const POOL_FIELDS = ['name', 'technology', 'ipc', 'region_code', 'royalty', 'terms'] as const
export type PoolField = (typeof POOL_FIELDS)[number]

export type PoolProblem = { kind: 'required' } | { kind: 'tooLong'; max: number } | { kind: 'royalty'; reason: ParseReason }

export const MAX_POOL_NAME_CHARS = 200
/** The largest royalty the server takes: 100,000,000,000 yuan, in fen. */
export const MAX_ROYALTY_FEN = 10_000_000_000_000

export function emptyPoolForm(regionCode: string | null = null): PoolForm {
  return { name: '', technology: '', ipc: '', region_code: regionCode, royalty: '', terms: '' }
}

/** The form of a pool being edited: its royalty written back in yuan (none: empty, negotiable). */
export function poolFormFromPool(pool: Pick<Pool, 'name' | 'technology' | 'ipc' | 'region_code' | 'royalty_fen' | 'terms'>): PoolForm {
  return {
    name: pool.name,
    technology: pool.technology,
    ipc: pool.ipc,
    region_code: pool.region_code || null,
    royalty: royaltyYuan(pool.royalty_fen) ?? '',
    terms: pool.terms,
  }
}

/**
 * What the page can see before sending (the server checks again, the IPC scope among others).
 * The terms are needed to publish, not to save a draft.
 */
export function poolFormProblems(form: PoolForm): Partial<Record<PoolField, PoolProblem>> {
  const problems: Partial<Record<PoolField, PoolProblem>> = {}
  const name = form.name.trim()
  if (name === '') problems.name = { kind: 'required' }
  else if ([...name].length > MAX_POOL_NAME_CHARS) problems.name = { kind: 'tooLong', max: MAX_POOL_NAME_CHARS }
  if (form.technology.trim() === '') problems.technology = { kind: 'required' }
  if (form.royalty.trim() !== '') {
    const parsed = parseYuanToFen(form.royalty)
    if (!parsed.ok) problems.royalty = { kind: 'royalty', reason: parsed.reason }
    else if (parsed.value > MAX_ROYALTY_FEN) problems.royalty = { kind: 'royalty', reason: 'tooLarge' }
  }
  return problems
}

/**
 * What the form sends (POST /pools, PUT /pools/{id}): text trimmed, the IPC in capitals, the
 * royalty in integer fen (null when empty: negotiable), the region left out when not chosen
 * (the administrator's). Call after poolFormProblems found none.
 */
export function poolInput(form: PoolForm, version?: number): PoolInput {
  const royalty = form.royalty.trim() === '' ? null : parseYuanToFen(form.royalty)
  if (royalty && !royalty.ok) throw new Error(`poolInput: the royalty does not read (${royalty.reason})`)
  const input: PoolInput = {
    name: form.name.trim(),
    technology: form.technology.trim(),
    ipc: form.ipc.trim().toUpperCase(),
    royalty_fen: royalty ? royalty.value : null,
    terms: form.terms.trim(),
  }
  if (form.region_code) input.region_code = form.region_code
  if (version !== undefined) input.version = version
  return input
}

/** The server's field names that are not the form's. */
const SERVER_FIELDS: Readonly<Record<string, PoolField>> = { royalty_fen: 'royalty' }

/**
 * A 400 problem on one of the form's fields: the field and what is wrong, without the field's
 * name the server's detail may start with; null when it names none of them (shown above the form).
 */
export function poolFieldProblem(error: unknown): { field: PoolField; detail: string } | null {
  if (!(error instanceof ApiError) || error.status !== 400 || !error.field) return null
  const field = SERVER_FIELDS[error.field] ?? error.field
  if (!(POOL_FIELDS as readonly string[]).includes(field)) return null
  const prefix = `${error.field}: `
  const detail = error.detail.startsWith(prefix) ? error.detail.slice(prefix.length) : error.detail
  return { field: field as PoolField, detail: detail || error.title }
}

/** A publication number as typed for a contribution: spaces out, capitals ("cn 119999001 b" → "CN119999001B"). */
export function normalisePatentNumber(text: string): string {
  return text.replace(/\s+/g, '').toUpperCase()
}
