// The deal room in the app (docs/api.md, "Deals"): the names of states and transitions (as
// locale keys), the tabs of the deal list and its state in the URL, who may start a deal from a
// listing, the negotiation as one timeline, the standing offer and who may accept it, the
// workflow buttons the page shows, and what the composer and the dialogs send.
//
//   dealTimeline(deal)                          →  messages and offers, oldest first
//   canAccept(deal)                             →  true for the side the standing offer was made to
//   offerRequest({ price: '120,000', negotiable: false, terms: '' })  →  { price_fen: 12000000, terms: '' }
//   canStartDeal(listing, { role: 'org_admin', organization_id: 6 })  →  true for another organisation
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import {
  DEAL_STATES,
  type Deal,
  type DealMessage,
  type DealOffer,
  type DealScope,
  type DealSide,
  type DealState,
  type OfferRequest,
} from '@/api/deals'
import type { Listing, WorkflowInfo } from '@/api/market'
import { actionButtons, type ActionButton, type ButtonType, type MarketUser, type TagType } from './market'
import { parseYuanToFen, type ParseReason } from './money'

export { DEAL_STATES }

// ---------------------------------------------------------------------------
// Names (locale keys under `deals.`)

export function isDealState(value: unknown): value is DealState {
  return typeof value === 'string' && (DEAL_STATES as readonly string[]).includes(value)
}

/** The locale key of a state's name, or null for one this app does not know (shown as sent). */
export function dealStateKey(state: string): string | null {
  return isDealState(state) ? `deals.states.${state}` : null
}

/** Transitions the history may hold, `start` (the inquiry) included. */
export const DEAL_TRANSITIONS = ['start', 'respond', 'agree', 'file_recordal', 'record', 'close', 'withdraw'] as const

export function dealTransitionKey(transition: string): string | null {
  return (DEAL_TRANSITIONS as readonly string[]).includes(transition) ? `deals.transitions.${transition}` : null
}

export function dealStateTagType(state: string): TagType {
  switch (state) {
    case 'inquiry':
      return 'info'
    case 'negotiating':
      return 'warning'
    case 'agreed':
    case 'recordal_filed':
      return 'primary'
    case 'recorded':
    case 'closed':
      return 'success'
    case 'withdrawn':
      return 'danger'
    default:
      return 'info'
  }
}

export function sideKey(side: string | null | undefined): string | null {
  return side === 'buyer' || side === 'seller' || side === 'official' ? `deals.sides.${side}` : null
}

// ---------------------------------------------------------------------------
// Who sees what

/** Officials read the deals of their region (the `region` tab). */
export function canSeeRegionDeals(user: MarketUser | null | undefined): boolean {
  return !!user && user.role === 'official'
}

/**
 * The tabs of /deals: the organisation's own deals for its members; the region's for officials
 * (their office is never a party, so they get that tab alone).
 */
export function dealTabs(user: MarketUser | null | undefined): DealScope[] {
  if (canSeeRegionDeals(user)) return ['region']
  if (user && user.organization_id !== null && user.organization_id !== undefined) return ['mine']
  return []
}

/**
 * Whether this user may start a deal from this listing: a logged-in member of an organisation
 * other than the holder and the lister, while the listing is published and not a pledge (the
 * server checks again).
 */
export function canStartDeal(
  listing: Pick<Listing, 'kind' | 'holder_org_id' | 'lister_org_id' | 'workflow'>,
  user: MarketUser | null | undefined,
): boolean {
  if (!user || user.organization_id === null || user.organization_id === undefined) return false
  if (user.organization_id === listing.holder_org_id || user.organization_id === listing.lister_org_id) return false
  return listing.workflow.state === 'published' && listing.kind !== 'pledge'
}

// ---------------------------------------------------------------------------
// The list's state in the URL (/deals?tab=region&state=agreed&page=2)

export interface DealListState {
  tab: DealScope
  state: DealState | ''
  page: number
}

function first(value: LocationQuery[string] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' ? v : ''
}

export function dealListStateFromQuery(query: LocationQuery): DealListState {
  const tab = first(query.tab)
  const state = first(query.state)
  const page = Number(first(query.page))
  return {
    tab: tab === 'region' ? 'region' : 'mine',
    state: isDealState(state) ? state : '',
    page: Number.isSafeInteger(page) && page > 1 ? page : 1,
  }
}

export function dealListQueryFromState(state: DealListState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (state.tab !== 'mine') query.tab = state.tab
  if (state.state) query.state = state.state
  if (state.page > 1) query.page = String(state.page)
  return query
}

/** The other party's name, as the caller sees the deal (an official sees both). */
export function counterpartName(deal: Pick<Deal, 'side' | 'buyer' | 'seller'>): string {
  if (deal.side === 'buyer') return deal.seller.name
  if (deal.side === 'seller') return deal.buyer.name
  return `${deal.buyer.name} ↔ ${deal.seller.name}`
}

/** The other party's side (the counterpart's role), or null for one who is not a party. */
export function counterpartSide(deal: Pick<Deal, 'side'>): DealSide | null {
  if (deal.side === 'buyer') return 'seller'
  if (deal.side === 'seller') return 'buyer'
  return null
}

// ---------------------------------------------------------------------------
// The negotiation

export type TimelineEntry =
  | { type: 'message'; key: string; at: number; side: DealSide; org_name: string; author: string; message: DealMessage }
  | { type: 'offer'; key: string; at: number; side: DealSide; org_name: string; author: string; offer: DealOffer; standing: boolean }

/** The offer that stands now (the newest open one), or null. */
export function standingOffer(deal: Pick<Deal, 'offers'>): DealOffer | null {
  const open = (deal.offers ?? []).filter((offer) => offer.status === 'open')
  return open.length > 0 ? open[open.length - 1] : null
}

/**
 * Messages and offers as one conversation, oldest first; at the same millisecond a message
 * comes before an offer, and each kind keeps the server's order (its id).
 */
export function dealTimeline(deal: Pick<Deal, 'messages' | 'offers'> & Partial<Pick<Deal, 'buyer' | 'seller'>>): TimelineEntry[] {
  const standing = standingOffer(deal)
  const orgName = (side: DealSide, given: string | undefined) => given || (side === 'buyer' ? deal.buyer?.name : deal.seller?.name) || ''
  const entries: TimelineEntry[] = [
    ...(deal.messages ?? []).map(
      (message): TimelineEntry => ({
        type: 'message',
        key: `m${message.id}`,
        at: message.created_at,
        side: message.side,
        org_name: orgName(message.side, message.org_name),
        author: message.author,
        message,
      }),
    ),
    ...(deal.offers ?? []).map(
      (offer): TimelineEntry => ({
        type: 'offer',
        key: `o${offer.id}`,
        at: offer.created_at,
        side: offer.side,
        org_name: orgName(offer.side, offer.org_name),
        author: offer.author,
        offer,
        standing: standing !== null && offer.id === standing.id,
      }),
    ),
  ]
  const id = (entry: TimelineEntry) => (entry.type === 'message' ? entry.message.id : entry.offer.id)
  return entries.sort((a, b) => a.at - b.at || (a.type === b.type ? id(a) - id(b) : a.type === 'message' ? -1 : 1))
}

/** The caller's side when a party; null for an official or an administrator reading it. */
export function partySide(deal: Pick<Deal, 'side'>): DealSide | null {
  return deal.side === 'buyer' || deal.side === 'seller' ? deal.side : null
}

/**
 * Whether the page offers "accept" on the standing offer: to a party of the other side than
 * the one who made it, while negotiating, when the server lists `agree` among its actions.
 */
export function canAccept(deal: Pick<Deal, 'side' | 'offers' | 'workflow'>): boolean {
  const side = partySide(deal)
  const standing = standingOffer(deal)
  if (!side || !standing || standing.side === side) return false
  if (deal.workflow.final || deal.workflow.state !== 'negotiating') return false
  return deal.workflow.actions.some((action) => action.transition === 'agree' && action.permitted !== false)
}

/** The `agree` action as a button (its label and whether it is allowed now), or null. */
export function acceptButton(deal: Pick<Deal, 'workflow'>, locale: string): ActionButton | null {
  return actionButtons(deal.workflow, locale).find((button) => button.transition === 'agree') ?? null
}

/** Whether the caller may write in the deal room now (a party, before a final state). */
export function canWrite(deal: Pick<Deal, 'side' | 'workflow'>): boolean {
  return partySide(deal) !== null && !deal.workflow.final
}

/** Offers are made while negotiating only. */
export function canOffer(deal: Pick<Deal, 'side' | 'workflow'>): boolean {
  return canWrite(deal) && deal.workflow.state === 'negotiating'
}

/** Whether the caller's next offer answers one from the other side (a counter-offer). */
export function isCounterOffer(deal: Pick<Deal, 'side' | 'offers'>): boolean {
  const side = partySide(deal)
  const standing = standingOffer(deal)
  return !!side && !!standing && standing.side !== side
}

// ---------------------------------------------------------------------------
// Workflow buttons

const DEAL_BUTTON_TYPES: Readonly<Record<string, ButtonType>> = {
  respond: 'primary',
  agree: 'success',
  file_recordal: 'primary',
  record: 'success',
  close: 'success',
  withdraw: 'warning',
}

/**
 * The buttons of the workflow card: one per action (lib/market.ts's rules), coloured for the
 * deal; `agree` is left out, as it is offered on the standing offer itself.
 */
export function dealActionButtons(workflow: Pick<WorkflowInfo, 'actions' | 'final'>, locale: string): ActionButton[] {
  return actionButtons(workflow, locale)
    .filter((button) => button.transition !== 'agree')
    .map((button) => ({ ...button, type: DEAL_BUTTON_TYPES[button.transition] ?? button.type }))
}

/** How a button is pressed: straight away, after a confirmation, with a reason, or with the recordal number. */
export type ButtonFlow = 'direct' | 'confirm' | 'reason' | 'recordal'

export function buttonFlow(button: Pick<ActionButton, 'transition' | 'reasonRequired' | 'final'>): ButtonFlow {
  if (button.transition === 'file_recordal') return 'recordal'
  if (button.reasonRequired) return 'reason'
  if (button.final) return 'confirm'
  return 'direct'
}

// ---------------------------------------------------------------------------
// The composer and the dialogs

/** Messages and offer terms: the server takes up to 4000 characters; recordal numbers 6–40. */
export const MAX_TEXT_CHARS = 4000
export const MAX_RECORDAL_CHARS = 40

export type TextProblem = 'required' | 'tooLong'

export function textProblem(text: string, max: number = MAX_TEXT_CHARS): TextProblem | null {
  const trimmed = text.trim()
  if (trimmed === '') return 'required'
  if ([...trimmed].length > max) return 'tooLong'
  return null
}

export interface OfferForm {
  /** Yuan as typed; ignored when negotiable. */
  price: string
  /** 面议: the offer leaves the price open. */
  negotiable: boolean
  terms: string
}

export function emptyOfferForm(): OfferForm {
  return { price: '', negotiable: false, terms: '' }
}

export type OfferProblems = {
  price?: { kind: 'required' } | { kind: 'price'; reason: ParseReason }
  terms?: 'tooLong'
  /** Neither a price nor terms: nothing to offer. */
  empty?: true
}

export function offerProblems(form: OfferForm): OfferProblems {
  const problems: OfferProblems = {}
  if (!form.negotiable) {
    if (form.price.trim() === '') problems.price = { kind: 'required' }
    else {
      const parsed = parseYuanToFen(form.price)
      if (!parsed.ok) problems.price = { kind: 'price', reason: parsed.reason }
    }
  } else if (form.terms.trim() === '') problems.empty = true
  if ([...form.terms.trim()].length > MAX_TEXT_CHARS) problems.terms = 'tooLong'
  return problems
}

export function hasProblems(problems: OfferProblems): boolean {
  return Object.keys(problems).length > 0
}

/** POST /deals/{id}/offers: the price in integer fen (null: 面议), the terms trimmed. */
export function offerRequest(form: OfferForm): OfferRequest {
  if (form.negotiable) return { price_fen: null, terms: form.terms.trim() }
  const parsed = parseYuanToFen(form.price)
  if (!parsed.ok) throw new Error(`offerRequest: the price does not read (${parsed.reason})`)
  return { price_fen: parsed.value, terms: form.terms.trim() }
}
