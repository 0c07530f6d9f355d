// The marketplace in the app (docs/api.md, "Marketplace listings"): the names of kinds, states
// and contact visibilities (as locale keys), prices from integer fen, the tabs a user gets, the
// page state in the URL, which workflow buttons a listing shows, and the listing form: its
// checks, what it sends, and the server's objections on the field they name.
//
//   priceText(12_000_000)                  →  { negotiable: false, yuan: '120,000.00' }
//   priceText(null)                        →  { negotiable: true }          (面议)
//   listingInput({ ...form, price: '1.5' }) →  { ..., price_fen: 150 }
//   marketTabs({ role: 'official', organization_id: null })  →  ['market', 'review']
//   marketTabs({ role: 'member', organization_id: 3 })       →  ['market', 'mine']
//   setRightType(form, 'trademark')        →  an open licence chosen is cleared (patents only)
//   rightTypeTagKey('copyright')           →  'market.rightTypes.copyright'  (null for a patent)
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { ApiError } from '@/api/client'
import {
  CONTACT_VISIBILITIES,
  LISTING_KINDS,
  LISTING_STATES,
  RIGHT_TYPES,
  type ContactVisibility,
  type Listing,
  type ListingInput,
  type ListingKind,
  type ListingAuthorisation,
  type ListingScope,
  type ListingState,
  type RightType,
  type AuthorisationInput,
  type WorkflowAction,
  type WorkflowInfo,
} from '@/api/market'
import { DISPLAY_TIME_ZONE } from './datetime'
import { formatFen, parseYuanToFen, type ParseReason } from './money'
import type { Role } from './roles'

export { CONTACT_VISIBILITIES, LISTING_KINDS, LISTING_STATES, RIGHT_TYPES }

// ---------------------------------------------------------------------------
// Names (locale keys under `market.`)

export function isListingKind(value: unknown): value is ListingKind {
  return typeof value === 'string' && (LISTING_KINDS as readonly string[]).includes(value)
}

export function isListingState(value: unknown): value is ListingState {
  return typeof value === 'string' && (LISTING_STATES as readonly string[]).includes(value)
}

export function isRightType(value: unknown): value is RightType {
  return typeof value === 'string' && (RIGHT_TYPES as readonly string[]).includes(value)
}

/** 专利, 商标, 著作权: `market.rightTypes.<type>`. */
export function rightTypeKey(type: RightType): string {
  return `market.rightTypes.${type}`
}

/** What a listing offers; a listing without a type known here (an older server's) is a patent's. */
export function listingRightType(listing: Pick<Listing, 'right_type'>): RightType {
  return isRightType(listing.right_type) ? listing.right_type : 'patent'
}

/** Patent listings link to the patent's page and may open deals; trademarks and copyrights do neither. */
export function isPatentListing(listing: Pick<Listing, 'right_type'>): boolean {
  return listingRightType(listing) === 'patent'
}

/** The tag shown beside a listing's number (商标, 著作权), or null for a patent (no tag). */
export function rightTypeTagKey(type: RightType): string | null {
  return type === 'patent' ? null : rightTypeKey(type)
}

/** The locale keys of what names a right's number and title: `market.rightFields.<type>.*`. */
export interface RightTypeKeys {
  /** The number field's label (专利号, 商标注册号, 登记号). */
  number: string
  placeholder: string
  /** The hint under the number for one's own organisation, and for a holder an agency acts for. */
  hint: string
  hintHolder: string
  /** The title's name on the listing page (专利名称, 商标名称, 作品名称) and the form's placeholder. */
  title: string
  titlePlaceholder: string
}

export function rightTypeKeys(type: RightType): RightTypeKeys {
  const base = `market.rightFields.${type}`
  return {
    number: `${base}.number`,
    placeholder: `${base}.placeholder`,
    hint: `${base}.hint`,
    hintHolder: `${base}.hintHolder`,
    title: `${base}.title`,
    titlePlaceholder: `${base}.titlePlaceholder`,
  }
}

/** Whether a kind may be listed for a right: an open licence (开放许可) is for patents only. */
export function kindFitsRightType(kind: ListingKind | '', type: RightType): boolean {
  return kind !== 'open_licence' || type === 'patent'
}

/** The kinds the form offers for a right. */
export function kindsFor(type: RightType): ListingKind[] {
  return LISTING_KINDS.filter((kind) => kindFitsRightType(kind, type))
}

/** 转让, 独占许可 …: `market.kinds.<kind>`. */
export function kindKey(kind: ListingKind): string {
  return `market.kinds.${kind}`
}

export function visibilityKey(visibility: ContactVisibility): string {
  return `market.visibility.${visibility}`
}

/** The locale key of a state's name, or null for a state this app does not know (shown as sent). */
export function stateKey(state: string): string | null {
  return isListingState(state) ? `market.states.${state}` : null
}

/** Transitions the history may hold, `start` (the draft's creation) included. */
export const LISTING_TRANSITIONS = ['start', 'submit', 'approve', 'reject', 'close', 'withdraw', 'take_down'] as const

/** The locale key of a transition's name in the history, or null for one this app does not know. */
export function transitionKey(transition: string): string | null {
  return (LISTING_TRANSITIONS as readonly string[]).includes(transition) ? `market.transitions.${transition}` : null
}

export type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'

/** The colour of a state's tag. */
export function stateTagType(state: string): TagType {
  switch (state) {
    case 'pending_review':
      return 'warning'
    case 'published':
      return 'success'
    case 'rejected':
      return 'danger'
    case 'closed':
      return 'primary'
    default:
      return 'info'
  }
}

// ---------------------------------------------------------------------------
// Prices

export type PriceText = { negotiable: true } | { negotiable: false; yuan: string }

/** Integer fen as yuan with two decimals and thousands separators; null is negotiable (面议). */
export function priceText(fen: number | null | undefined): PriceText {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return { negotiable: true }
  return { negotiable: false, yuan: formatFen(fen) }
}

// ---------------------------------------------------------------------------
// Who sees what

/** Roles that review listings (the `review` tab). The server decides which listings each sees. */
export const LISTING_REVIEWER_ROLES: readonly Role[] = ['platform_admin', 'official']

export interface MarketUser {
  role: Role
  organization_id: number | null
}

export function canReviewListings(user: MarketUser | null | undefined): boolean {
  return !!user && LISTING_REVIEWER_ROLES.includes(user.role)
}

/** Members of an organisation create listings (for it, or as an agency for a holder). */
export function canCreateListings(user: MarketUser | null | undefined): boolean {
  return !!user && user.organization_id !== null && user.organization_id !== undefined
}

export const MARKET_TABS: readonly ListingScope[] = ['market', 'mine', 'review']

/**
 * The tabs of /market: everyone browses; members of an organisation see its own listings (an
 * official or administrator, in none, has none); reviewers their queue.
 */
export function marketTabs(user: MarketUser | null | undefined): ListingScope[] {
  const tabs: ListingScope[] = ['market']
  if (canCreateListings(user)) tabs.push('mine')
  if (canReviewListings(user)) tabs.push('review')
  return tabs
}

/** Whether the listing may be edited now by this user (the listing organisation, draft or rejected). */
export function canEditListing(listing: Pick<Listing, 'lister_org_id' | 'workflow'>, user: MarketUser | null | undefined): boolean {
  if (!user || user.organization_id === null || user.organization_id !== listing.lister_org_id) return false
  return listing.workflow.state === 'draft' || listing.workflow.state === 'rejected'
}

// ---------------------------------------------------------------------------
// The page state in the URL (/market?tab=mine&q=…&kind=…&region=…&industry=…&page=2)

export interface MarketState {
  tab: ListingScope
  q: string
  kind: ListingKind | ''
  region: string | null
  industry: string
  page: number
}

export function emptyMarketState(): MarketState {
  return { tab: 'market', q: '', kind: '', region: null, industry: '', page: 1 }
}

function first(value: LocationQuery[string] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' ? v : ''
}

/** Reads the page state from the URL's query; anything unknown falls back to the default. */
export function marketStateFromQuery(query: LocationQuery): MarketState {
  const tab = first(query.tab)
  const kind = first(query.kind)
  const region = first(query.region)
  const page = Number(first(query.page))
  return {
    tab: (MARKET_TABS as readonly string[]).includes(tab) ? (tab as ListingScope) : 'market',
    q: first(query.q),
    kind: isListingKind(kind) ? kind : '',
    region: /^\d{6}$/.test(region) ? region : null,
    industry: first(query.industry),
    page: Number.isSafeInteger(page) && page > 1 ? page : 1,
  }
}

/** The URL query of a page state; defaults are left out. */
export function marketQueryFromState(state: MarketState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (state.tab !== 'market') query.tab = state.tab
  if (state.q.trim()) query.q = state.q.trim()
  if (state.kind) query.kind = state.kind
  if (state.region) query.region = state.region
  if (state.industry.trim()) query.industry = state.industry.trim()
  if (state.page > 1) query.page = String(state.page)
  return query
}

// ---------------------------------------------------------------------------
// Workflow buttons

export type ButtonType = 'primary' | 'success' | 'warning' | 'danger' | 'default'

export interface ActionButton {
  transition: string
  label: string
  /** Clickable now; otherwise `blockedBy` says why (the tooltip). */
  enabled: boolean
  blockedBy: string
  reasonRequired: boolean
  /** Leads to a final state (withdrawn, closed): asked for a confirmation first. */
  final: boolean
  type: ButtonType
}

const BUTTON_TYPES: Readonly<Record<string, ButtonType>> = {
  submit: 'primary',
  approve: 'success',
  reject: 'danger',
  take_down: 'danger',
  withdraw: 'warning',
  close: 'primary',
}

/** An action's label in the app's language (the server's, in both). */
export function actionLabel(action: Pick<WorkflowAction, 'transition' | 'label_zh' | 'label_en'>, locale: string): string {
  const label = locale.startsWith('zh') ? action.label_zh : action.label_en
  return label || action.label_zh || action.label_en || action.transition
}

/**
 * One button per action of the workflow the caller holds a role for, in the server's order:
 * disabled with the failed check as its tooltip when not allowed now. None for a final state.
 */
export function actionButtons(workflow: Pick<WorkflowInfo, 'actions' | 'final'>, locale: string): ActionButton[] {
  if (workflow.final) return []
  return workflow.actions
    .filter((action) => action.permitted !== false)
    .map((action) => ({
      transition: action.transition,
      label: actionLabel(action, locale),
      enabled: action.allowed,
      blockedBy: action.allowed ? '' : action.blocked_by,
      reasonRequired: action.reason_required,
      final: action.to === 'closed' || action.to === 'withdrawn',
      type: BUTTON_TYPES[action.transition] ?? 'default',
    }))
}

/** The longest reason the server takes. */
export const MAX_REASON_CHARS = 2000

export type ReasonProblem = 'required' | 'tooLong'

/** What is wrong with a typed reason (null: fine); one is required only when the action says so. */
export function reasonProblem(reason: string, required: boolean): ReasonProblem | null {
  const trimmed = reason.trim()
  if (required && trimmed === '') return 'required'
  if ([...trimmed].length > MAX_REASON_CHARS) return 'tooLong'
  return null
}

// ---------------------------------------------------------------------------
// The listing form

export interface ListingForm {
  right_type: RightType
  /** The patent's publication or application number, or the trademark's or copyright's registration number. */
  patent: string
  kind: ListingKind | ''
  title: string
  /** Yuan as typed; empty: negotiable (面议). */
  price: string
  terms: string
  region_code: string | null
  industry: string
  trl: number | undefined
  scenarios: string
  description: string
  contact_name: string
  contact_phone: string
  contact_visibility: ContactVisibility
  /** An agency's listing: the holder it acts for; null: the lister's own organisation. */
  holder_org_id: number | null
}

/** The form's fields, in the order it shows them; `price` is the server's `price_fen`. */
export const LISTING_FIELDS = [
  'right_type',
  'patent',
  'kind',
  'title',
  'price',
  'terms',
  'region_code',
  'industry',
  'trl',
  'scenarios',
  'description',
  'contact_name',
  'contact_phone',
  'contact_visibility',
  'holder_org_id',
] as const
export type ListingField = (typeof LISTING_FIELDS)[number]

/** A new listing: the lister's region, contact for logged-in users (the server's default). */
export function emptyListingForm(regionCode: string | null = null): ListingForm {
  return {
    right_type: 'patent',
    patent: '',
    kind: '',
    title: '',
    price: '',
    terms: '',
    region_code: regionCode,
    industry: '',
    trl: undefined,
    scenarios: '',
    description: '',
    contact_name: '',
    contact_phone: '',
    contact_visibility: 'members',
    holder_org_id: null,
  }
}

/** The form for editing a listing as it stands. */
export function formFromListing(listing: Listing): ListingForm {
  return {
    right_type: listingRightType(listing),
    patent: listing.publication_number,
    kind: listing.kind,
    title: listing.title,
    price: listing.price_fen === null ? '' : formatFen(listing.price_fen),
    terms: listing.terms,
    region_code: listing.region_code || null,
    industry: listing.industry,
    trl: listing.trl >= 1 && listing.trl <= 9 ? listing.trl : undefined,
    scenarios: listing.scenarios,
    description: listing.description,
    contact_name: listing.contact_name,
    contact_phone: listing.contact_phone,
    contact_visibility: listing.contact_visibility,
    holder_org_id: listing.holder_org_id !== listing.lister_org_id ? listing.holder_org_id : null,
  }
}

/**
 * Switches what the form lists: an open licence chosen for a patent is cleared when the right
 * becomes a trademark or copyright (the kind is to be chosen again).
 */
export function setRightType(form: Pick<ListingForm, 'right_type' | 'kind'>, type: RightType): void {
  form.right_type = type
  if (!kindFitsRightType(form.kind, type)) form.kind = ''
}

/** Why a field was refused here: missing, out of range, or a price that does not read. */
export type ListingProblem =
  | { kind: 'required' }
  | { kind: 'trl' }
  | { kind: 'price'; reason: ParseReason }
  | { kind: 'openLicencePrice' }
  | { kind: 'openLicenceTerms' }
  | { kind: 'openLicencePatentOnly' }

/** The problems the page can see before sending (the server checks again, and more). */
export function listingFormProblems(form: ListingForm): Partial<Record<ListingField, ListingProblem>> {
  const problems: Partial<Record<ListingField, ListingProblem>> = {}
  if (form.patent.trim() === '') problems.patent = { kind: 'required' }
  if (!form.kind) problems.kind = { kind: 'required' }
  else if (!kindFitsRightType(form.kind, form.right_type)) problems.kind = { kind: 'openLicencePatentOnly' }
  if (form.industry.trim() === '') problems.industry = { kind: 'required' }
  if (form.scenarios.trim() === '') problems.scenarios = { kind: 'required' }
  if (form.trl === undefined || form.trl === null) problems.trl = { kind: 'required' }
  else if (!Number.isInteger(form.trl) || form.trl < 1 || form.trl > 9) problems.trl = { kind: 'trl' }
  if (form.price.trim() === '') {
    if (form.kind === 'open_licence') problems.price = { kind: 'openLicencePrice' }
  } else {
    const parsed = parseYuanToFen(form.price)
    if (!parsed.ok) problems.price = { kind: 'price', reason: parsed.reason }
  }
  if (form.kind === 'open_licence' && form.terms.trim() === '') problems.terms = { kind: 'openLicenceTerms' }
  return problems
}

/**
 * What the form sends (POST /listings, PUT /listings/{id}): the right's type always (on an edit
 * too, so a changed type is saved), text trimmed, the price in integer
 * fen (null when empty: negotiable), optional text left out when empty so the server's defaults
 * apply (the right's title, the lister's region). Call after listingFormProblems found none.
 */
export function listingInput(form: ListingForm, version?: number): ListingInput {
  if (!form.kind) throw new Error('listingInput: the kind is not chosen')
  const price = form.price.trim() === '' ? null : parseYuanToFen(form.price)
  if (price && !price.ok) throw new Error(`listingInput: the price does not read (${price.reason})`)
  const input: ListingInput = {
    right_type: form.right_type,
    patent: form.patent.trim(),
    kind: form.kind,
    price_fen: price ? price.value : null,
    industry: form.industry.trim(),
    trl: form.trl ?? 0,
    scenarios: form.scenarios.trim(),
    contact_visibility: form.contact_visibility,
  }
  const optional = {
    title: form.title.trim(),
    terms: form.terms.trim(),
    region_code: form.region_code ?? '',
    description: form.description.trim(),
    contact_name: form.contact_name.trim(),
    contact_phone: form.contact_phone.trim(),
  }
  for (const [key, value] of Object.entries(optional) as [keyof typeof optional, string][]) {
    if (value !== '') input[key] = value
  }
  if (form.holder_org_id !== null && form.holder_org_id !== undefined) input.holder_org_id = form.holder_org_id
  if (version !== undefined) input.version = version
  return input
}

/** The server's field names that are not the form's. */
const SERVER_FIELDS: Readonly<Record<string, ListingField>> = { price_fen: 'price' }

/** The form field a 400 problem names, or null when it names none of them (shown above the form). */
export function problemField(error: unknown): ListingField | null {
  if (!(error instanceof ApiError) || error.status !== 400 || !error.field) return null
  const field = SERVER_FIELDS[error.field] ?? error.field
  return (LISTING_FIELDS as readonly string[]).includes(field) ? (field as ListingField) : null
}

/**
 * A 400 problem on a form field: the field and what is wrong, without the field's name the
 * server's detail starts with (shown beside the field, that name would say it twice); null when
 * the problem names none of the form's fields.
 */
export function fieldProblem(error: unknown): { field: ListingField; detail: string } | null {
  const field = problemField(error)
  if (!field || !(error instanceof ApiError)) return null
  const prefix = `${error.field}: `
  const detail = error.detail.startsWith(prefix) ? error.detail.slice(prefix.length) : error.detail
  return { field, detail: detail || error.title }
}

// ---------------------------------------------------------------------------
// Listing authorisations (an agency lists for a holder that authorised it)
//
//   authorisationState({ valid_until: '2026-12-31', revoked_at: null }, '2026-11-29')  →  'active'
//   actingHolders(received, '2026-11-29')  →  [{ id: 3, name: 'ACME' }]

/** Today's date in China Standard Time, YYYY-MM-DD (the server's `valid_until` is one). */
export function shanghaiToday(now: number = Date.now()): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: DISPLAY_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(now))
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')}`
}

export const AUTHORISATION_STATES = ['active', 'expired', 'revoked'] as const
export type AuthorisationState = (typeof AUTHORISATION_STATES)[number]

/** Revoked, expired (its last day before `today`) or in force. */
export function authorisationState(grant: Pick<ListingAuthorisation, 'valid_until' | 'revoked_at'>, today: string): AuthorisationState {
  if (grant.revoked_at !== null && grant.revoked_at !== undefined) return 'revoked'
  return grant.valid_until < today ? 'expired' : 'active'
}

export function authorisationStateKey(state: AuthorisationState): string {
  return `market.authorisations.states.${state}`
}

export function authorisationTagType(state: AuthorisationState): TagType {
  return state === 'active' ? 'success' : state === 'revoked' ? 'danger' : 'info'
}

/** The authorisations an organisation gave (as holder) and received (as agency). */
export function splitAuthorisations(
  items: readonly ListingAuthorisation[],
  organizationId: number | null | undefined,
): { given: ListingAuthorisation[]; received: ListingAuthorisation[] } {
  if (organizationId === null || organizationId === undefined) return { given: [], received: [] }
  return {
    given: items.filter((a) => a.holder_org_id === organizationId),
    received: items.filter((a) => a.agency_org_id === organizationId),
  }
}

export interface HolderChoice {
  id: number
  name: string
}

/**
 * The holders an agency may list for now: those of its received authorisations in force
 * (not revoked, last day today or later), each once, in the order first met.
 */
export function actingHolders(
  items: readonly ListingAuthorisation[],
  organizationId: number | null | undefined,
  today: string,
): HolderChoice[] {
  const holders: HolderChoice[] = []
  for (const grant of splitAuthorisations(items, organizationId).received) {
    if (authorisationState(grant, today) !== 'active') continue
    if (grant.holder_org_id === organizationId) continue
    if (holders.some((h) => h.id === grant.holder_org_id)) continue
    holders.push({ id: grant.holder_org_id, name: grant.holder_org_name })
  }
  return holders
}

/**
 * The holders a listing's form offers: those an agency may act for, plus the one a listing
 * being edited already names (its authorisation may have lapsed since), so it shows.
 */
export function holderChoices(acting: readonly HolderChoice[], current: HolderChoice | null): HolderChoice[] {
  if (!current || acting.some((h) => h.id === current.id)) return [...acting]
  return [...acting, current]
}

export interface AuthorisationForm {
  agency_org_id: number | null
  publication_number: string
  /** YYYY-MM-DD, or '' not chosen. */
  valid_until: string
}

export const AUTHORISATION_FIELDS = ['agency_org_id', 'publication_number', 'valid_until'] as const
export type AuthorisationField = (typeof AUTHORISATION_FIELDS)[number]
export type AuthorisationProblem = 'required' | 'past' | 'date'

export function emptyAuthorisationForm(): AuthorisationForm {
  return { agency_org_id: null, publication_number: '', valid_until: '' }
}

/** What the page can see before sending: an agency and a date, today or later. */
export function authorisationFormProblems(form: AuthorisationForm, today: string): Partial<Record<AuthorisationField, AuthorisationProblem>> {
  const problems: Partial<Record<AuthorisationField, AuthorisationProblem>> = {}
  if (form.agency_org_id === null || form.agency_org_id === undefined) problems.agency_org_id = 'required'
  if (!form.valid_until) problems.valid_until = 'required'
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(form.valid_until)) problems.valid_until = 'date'
  else if (form.valid_until < today) problems.valid_until = 'past'
  return problems
}

/** POST /listing-authorisations: no patent number means every patent. */
export function authorisationInput(form: AuthorisationForm): AuthorisationInput {
  if (form.agency_org_id === null || form.agency_org_id === undefined) throw new Error('authorisationInput: no agency chosen')
  const input: AuthorisationInput = { agency_org_id: form.agency_org_id, valid_until: form.valid_until }
  const number = form.publication_number.trim()
  if (number) input.publication_number = number
  return input
}

/** A 400 problem on one of the authorisation form's fields, its detail without the field's name. */
export function authorisationFieldProblem(error: unknown): { field: AuthorisationField; detail: string } | null {
  if (!(error instanceof ApiError) || error.status !== 400 || !error.field) return null
  if (!(AUTHORISATION_FIELDS as readonly string[]).includes(error.field)) return null
  const prefix = `${error.field}: `
  const detail = error.detail.startsWith(prefix) ? error.detail.slice(prefix.length) : error.detail
  return { field: error.field as AuthorisationField, detail: detail || error.title }
}

/** Whether a date picker's day (a Date at local midnight) lies before `today` (YYYY-MM-DD). */
export function dayBefore(day: Date, today: string): boolean {
  const y = day.getFullYear()
  const m = String(day.getMonth() + 1).padStart(2, '0')
  const d = String(day.getDate()).padStart(2, '0')
  return `${y}-${m}-${d}` < today
}
