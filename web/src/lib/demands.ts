// The demand library in the app (docs/api.md, "Demand library (需求库)"): the names of states,
// invitation states and answers (as locale keys), the tabs a user gets, the list's state in the
// URL, which buttons a demand and an invitation show, the demand form (its checks, what it
// sends, the server's objections on the field they name) and the bodies of the other requests.
//
//   demandTabs({ role: 'member', organization_id: 3 })   →  ['market', 'mine']
//   demandInput({ ...form, budget: '1.5' })              →  { ..., budget_fen: 150 }
//   inviteBody([4, 4, 9])                                →  { supplier_org_ids: [4, 9] }
//   canAnswer({ state: 'overdue', answer: null })        →  true
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { ApiError } from '@/api/client'
import {
  DEMAND_STATES,
  INVITATION_ANSWERS,
  INVITATION_STATES,
  type Demand,
  type DemandInput,
  type DemandInvitation,
  type DemandScope,
  type DemandState,
  type InvitationAnswer,
  type InviteRequest,
  type ReceivedFilter,
  type ResponseRequest,
} from '@/api/demands'
import { CONTACT_VISIBILITIES, type ContactVisibility, type WorkflowInfo } from '@/api/market'
import { actionButtons, canReviewListings, type ActionButton, type ButtonType, type MarketUser, type TagType } from './market'
import { formatFen, parseYuanToFen, type ParseReason } from './money'

export { CONTACT_VISIBILITIES, DEMAND_STATES, INVITATION_ANSWERS, INVITATION_STATES }
export { visibilityKey } from './market'

// ---------------------------------------------------------------------------
// Names (locale keys under `demands.`)

export function isDemandState(value: unknown): value is DemandState {
  return typeof value === 'string' && (DEMAND_STATES as readonly string[]).includes(value)
}

/** The locale key of a demand state's name, or null for one this app does not know (shown as sent). */
export function demandStateKey(state: string): string | null {
  return isDemandState(state) ? `demands.states.${state}` : null
}

/** Transitions a demand's history may hold, `start` (the draft's creation) included. */
export const DEMAND_TRANSITIONS = ['start', 'publish', 'close', 'withdraw', 'take_down'] as const

export function demandTransitionKey(transition: string): string | null {
  return (DEMAND_TRANSITIONS as readonly string[]).includes(transition) ? `demands.transitions.${transition}` : null
}

export function demandStateTagType(state: string): TagType {
  switch (state) {
    case 'open':
      return 'success'
    case 'closed':
      return 'primary'
    default:
      return 'info'
  }
}

export function invitationStateKey(state: string): string | null {
  return (INVITATION_STATES as readonly string[]).includes(state) ? `demands.invitationStates.${state}` : null
}

export function invitationStateTagType(state: string): TagType {
  switch (state) {
    case 'pending':
      return 'warning'
    case 'overdue':
      return 'danger'
    case 'answered_on_time':
      return 'success'
    case 'answered_late':
      return 'primary'
    default:
      return 'info'
  }
}

export function answerKey(answer: string | null | undefined): string | null {
  return answer && (INVITATION_ANSWERS as readonly string[]).includes(answer) ? `demands.answers.${answer}` : null
}

/** The first non-empty line of a demand's problem (the list shows it under the title). */
export function firstLine(text: string | null | undefined): string {
  return (text ?? '').split(/\r?\n/).map((line) => line.trim()).find((line) => line !== '') ?? ''
}

/** Median hours with at most one decimal; null (nothing answered) is a dash. */
export function hoursText(hours: number | null | undefined): string {
  if (hours === null || hours === undefined || !Number.isFinite(hours)) return '—'
  return String(Math.round(hours * 10) / 10)
}

// ---------------------------------------------------------------------------
// Who sees what

/** Members of an organisation post demands and answer invitations. */
export function canPostDemands(user: MarketUser | null | undefined): boolean {
  return !!user && user.organization_id !== null && user.organization_id !== undefined
}

export const DEMAND_TABS: readonly DemandScope[] = ['market', 'mine']

/** The tabs of /demands: everyone browses; members of an organisation also see its own demands. */
export function demandTabs(user: MarketUser | null | undefined): DemandScope[] {
  return canPostDemands(user) ? ['market', 'mine'] : ['market']
}

/** The user is a member of the posting organisation. */
export function isPoster(demand: Pick<Demand, 'org_id'>, user: MarketUser | null | undefined): boolean {
  return !!user && user.organization_id !== null && user.organization_id === demand.org_id
}

/** A draft may be edited by the posting organisation. */
export function canEditDemand(demand: Pick<Demand, 'org_id' | 'workflow'>, user: MarketUser | null | undefined): boolean {
  return isPoster(demand, user) && demand.workflow.state === 'draft'
}

/** The invitations table: the posting organisation and reviewers (the server decides which reviewers). */
export function canSeeInvitations(demand: Pick<Demand, 'org_id'>, user: MarketUser | null | undefined): boolean {
  return isPoster(demand, user) || canReviewListings(user)
}

/** Suppliers are invited by the posting organisation, while the demand is open. */
export function canInvite(demand: Pick<Demand, 'org_id' | 'workflow'>, user: MarketUser | null | undefined): boolean {
  return isPoster(demand, user) && demand.workflow.state === 'open'
}

/** An invitation still waits for its answer (pending, or overdue: an answer is late but taken). */
export function canAnswer(invitation: Pick<DemandInvitation, 'state' | 'answer'>): boolean {
  return (invitation.state === 'pending' || invitation.state === 'overdue') && !invitation.answer
}

/** Response-time figures of every supplier in one's region (officials) or all (administrators); others their own. */
export function seesAllResponseTimes(user: MarketUser | null | undefined): boolean {
  return canReviewListings(user)
}

const DEMAND_BUTTON_TYPES: Readonly<Record<string, ButtonType>> = {
  publish: 'primary',
  close: 'success',
  withdraw: 'warning',
  take_down: 'danger',
}

/** One button per workflow action (lib/market.ts's rules), coloured for the demand's transitions. */
export function demandActionButtons(workflow: Pick<WorkflowInfo, 'actions' | 'final'>, locale: string): ActionButton[] {
  return actionButtons(workflow, locale).map((button) => ({ ...button, type: DEMAND_BUTTON_TYPES[button.transition] ?? button.type }))
}

// ---------------------------------------------------------------------------
// The list's state in the URL (/demands?tab=mine&q=…&industry=…&region=…&page=2)

export interface DemandListState {
  tab: DemandScope
  q: string
  industry: string
  region: string | null
  page: number
}

export function emptyDemandListState(): DemandListState {
  return { tab: 'market', q: '', industry: '', region: null, page: 1 }
}

function first(value: LocationQuery[string] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' ? v : ''
}

export function demandListStateFromQuery(query: LocationQuery): DemandListState {
  const tab = first(query.tab)
  const region = first(query.region)
  const page = Number(first(query.page))
  return {
    tab: (DEMAND_TABS as readonly string[]).includes(tab) ? (tab as DemandScope) : 'market',
    q: first(query.q),
    industry: first(query.industry),
    region: /^\d{6}$/.test(region) ? region : null,
    page: Number.isSafeInteger(page) && page > 1 ? page : 1,
  }
}

export function demandListQueryFromState(state: DemandListState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (state.tab !== 'market') query.tab = state.tab
  if (state.q.trim()) query.q = state.q.trim()
  if (state.industry.trim()) query.industry = state.industry.trim()
  if (state.region) query.region = state.region
  if (state.page > 1) query.page = String(state.page)
  return query
}

export const RECEIVED_FILTERS: readonly ReceivedFilter[] = ['all', 'pending', 'answered']

export function receivedFilterFromQuery(query: LocationQuery): ReceivedFilter {
  const state = first(query.state)
  return (RECEIVED_FILTERS as readonly string[]).includes(state) ? (state as ReceivedFilter) : 'all'
}

// ---------------------------------------------------------------------------
// Request bodies

/** The most suppliers one request invites. */
export const MAX_INVITES = 50

/** POST /demands/{id}/invitations: the chosen ids once each, in the order chosen (1–50: check first). */
export function inviteBody(ids: readonly number[]): InviteRequest {
  return { supplier_org_ids: [...new Set(ids.filter((id) => Number.isSafeInteger(id) && id > 0))] }
}

export type InviteProblem = 'none' | 'tooMany'

export function inviteProblem(ids: readonly number[]): InviteProblem | null {
  const n = inviteBody(ids).supplier_org_ids.length
  if (n === 0) return 'none'
  if (n > MAX_INVITES) return 'tooMany'
  return null
}

/** The longest message an answer takes here (the server checks its own). */
export const MAX_MESSAGE_CHARS = 2000

/** POST /demand-invitations/{id}/response: the answer and the message trimmed. */
export function responseBody(answer: InvitationAnswer, message: string): ResponseRequest {
  return { answer, message: message.trim() }
}

// ---------------------------------------------------------------------------
// The demand form

export interface DemandForm {
  title: string
  problem: string
  industry: string
  ipc: string
  /** Yuan as typed; empty: negotiable (面议). */
  budget: string
  /** YYYY-MM-DD (required by the server), or '' while none is chosen. */
  deadline: string
  region_code: string | null
  contact_name: string
  contact_phone: string
  contact_visibility: ContactVisibility
}

/** The form's fields in the order it shows them; `budget` is the server's `budget_fen`. */
export const DEMAND_FIELDS = [
  'title',
  'problem',
  'industry',
  'ipc',
  'budget',
  'deadline',
  'region_code',
  'contact_name',
  'contact_phone',
  'contact_visibility',
] as const
export type DemandField = (typeof DEMAND_FIELDS)[number]

export function emptyDemandForm(regionCode: string | null = null): DemandForm {
  return {
    title: '',
    problem: '',
    industry: '',
    ipc: '',
    budget: '',
    deadline: '',
    region_code: regionCode,
    contact_name: '',
    contact_phone: '',
    contact_visibility: 'members',
  }
}

export function formFromDemand(demand: Demand): DemandForm {
  return {
    title: demand.title,
    problem: demand.problem,
    industry: demand.industry,
    ipc: demand.ipc ?? '',
    budget: demand.budget_fen === null || demand.budget_fen === undefined ? '' : formatFen(demand.budget_fen),
    deadline: demand.deadline ?? '',
    region_code: demand.region_code || null,
    contact_name: demand.contact_name ?? '',
    contact_phone: demand.contact_phone ?? '',
    contact_visibility: (CONTACT_VISIBILITIES as readonly string[]).includes(demand.contact_visibility) ? demand.contact_visibility : 'members',
  }
}

export type DemandProblem = { kind: 'required' } | { kind: 'budget'; reason: ParseReason } | { kind: 'deadline' }

/** The problems the page can see before sending (the server checks again, and more). */
export function demandFormProblems(form: DemandForm): Partial<Record<DemandField, DemandProblem>> {
  const problems: Partial<Record<DemandField, DemandProblem>> = {}
  if (form.title.trim() === '') problems.title = { kind: 'required' }
  if (form.problem.trim() === '') problems.problem = { kind: 'required' }
  if (form.industry.trim() === '') problems.industry = { kind: 'required' }
  if (form.budget.trim() !== '') {
    const parsed = parseYuanToFen(form.budget)
    if (!parsed.ok) problems.budget = { kind: 'budget', reason: parsed.reason }
  }
  if (form.deadline.trim() === '') problems.deadline = { kind: 'required' }
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(form.deadline.trim())) problems.deadline = { kind: 'deadline' }
  return problems
}

/**
 * What the form sends (POST /demands, PUT /demands/{id}): text trimmed, the budget in integer
 * fen (null when empty: negotiable), optional fields left out when empty so the server's
 * defaults apply (the poster's region). Call after demandFormProblems found none.
 */
export function demandInput(form: DemandForm, version?: number): DemandInput {
  const budget = form.budget.trim() === '' ? null : parseYuanToFen(form.budget)
  if (budget && !budget.ok) throw new Error(`demandInput: the budget does not read (${budget.reason})`)
  const input: DemandInput = {
    title: form.title.trim(),
    problem: form.problem.trim(),
    industry: form.industry.trim(),
    budget_fen: budget ? budget.value : null,
    deadline: form.deadline.trim(),
    contact_visibility: form.contact_visibility,
  }
  const optional = {
    ipc: form.ipc.trim(),
    region_code: form.region_code ?? '',
    contact_name: form.contact_name.trim(),
    contact_phone: form.contact_phone.trim(),
  }
  for (const [key, value] of Object.entries(optional) as [keyof typeof optional, string][]) {
    if (value !== '') input[key] = value
  }
  if (version !== undefined) input.version = version
  return input
}

const SERVER_FIELDS: Readonly<Record<string, DemandField>> = { budget_fen: 'budget' }

/**
 * A 400 problem on a form field: the field and what is wrong, without the field's name the
 * server's detail starts with; null when the problem names none of the form's fields.
 */
export function demandFieldProblem(error: unknown): { field: DemandField; detail: string } | null {
  if (!(error instanceof ApiError) || error.status !== 400 || !error.field) return null
  const field = SERVER_FIELDS[error.field] ?? error.field
  if (!(DEMAND_FIELDS as readonly string[]).includes(field)) return null
  const prefix = `${error.field}: `
  const detail = error.detail.startsWith(prefix) ? error.detail.slice(prefix.length) : error.detail
  return { field: field as DemandField, detail: detail || error.title }
}
