// Supply–demand matching in the app (api/matching.ts): each reason a match was made for, worded
// for a manager from its code and facts in the app's language, and the notices inbox's filter.
//
//   reasonText({ code: 'shared_terms', params: { terms: ['电池', '隔膜'] }, text: '…' }, t)
//     →  '共有技术词：电池、隔膜'            (en: 'Shares the terms: 电池, 隔膜')
//   reasonText({ code: 'similar_text', params: { similarity: 0.43 }, text: '…' }, t)
//     →  '文本相似度 43%'
//   reasonText({ code: 'something_new', params: {}, text: 'Claims cite it' }, t)
//     →  'Claims cite it'                     (a code this app does not know: the server's text)
import type { Demand } from '@/api/demands'
import type { MarketNotice, MarketNotices, MatchReason } from '@/api/matching'
import { isPoster } from './demands'
import { isListingKind, kindKey, priceText, type MarketUser } from './market'

/** vue-i18n's `t`, as far as these functions use it. */
export type Translate = (key: string, named?: Record<string, unknown>) => string

/** The reason codes this app words itself (locale keys `matching.reasons.<code>`). */
export const REASON_CODES = [
  'shared_terms',
  'shared_class',
  'same_region',
  'listed',
  'within_budget',
  'holder_type',
  'similar_text',
] as const
export type ReasonCode = (typeof REASON_CODES)[number]

/** Holder types a `holder_type` reason names (locale keys `matching.holderTypes.<type>`). */
export const HOLDER_TYPES = [
  'enterprise',
  'university',
  'research_institute',
  'individual',
  'government',
  'ip_agency',
  'bank',
  'insurer',
] as const

/** What reasonText may look up beyond the locale: a region's name (null: not known yet). */
export interface ReasonLookups {
  regionName?: (code: string) => string | null | undefined
}

function isString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== ''
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

/**
 * A similarity as whole per cent: a fraction (0.43) as the contract has it, or a whole per cent
 * (43) as the server sends it; null for anything else.
 */
export function similarityPercent(value: unknown): number | null {
  if (!isNumber(value) || value < 0) return null
  if (value <= 1) return Math.round(value * 100)
  if (Number.isInteger(value) && value <= 100) return value
  return null
}

/** null: the reason's facts are not what its code promises (the caller falls back to `text`). */
function worded(reason: MatchReason, t: Translate, lookups: ReasonLookups): string | null {
  const params = reason.params ?? {}
  switch (reason.code) {
    case 'shared_terms': {
      const terms = Array.isArray(params.terms) ? params.terms.filter(isString) : []
      if (terms.length === 0) return null
      return t('matching.reasons.shared_terms', { terms: terms.join(t('matching.reasons.termSeparator')) })
    }
    case 'shared_class':
      if (!isString(params.ipc) || !isString(params.hint)) return null
      return t('matching.reasons.shared_class', { ipc: params.ipc, hint: params.hint })
    case 'same_region': {
      if (!isString(params.region_code)) return null
      const name = lookups.regionName?.(params.region_code)
      return t('matching.reasons.same_region', { region: name || params.region_code })
    }
    case 'listed': {
      if (!isString(params.kind) || !isNumber(params.trl)) return null
      const fen = params.price_fen
      if (fen !== null && fen !== undefined && !isNumber(fen)) return null
      const price = priceText(fen)
      return t('matching.reasons.listed', {
        kind: isListingKind(params.kind) ? t(kindKey(params.kind)) : params.kind,
        price: price.negotiable ? t('market.negotiable') : t('market.priceYuan', { amount: price.yuan }),
        trl: params.trl,
      })
    }
    case 'within_budget':
      return t('matching.reasons.within_budget')
    case 'holder_type':
      if (!isString(params.type) || !(HOLDER_TYPES as readonly string[]).includes(params.type)) return null
      return t('matching.reasons.holder_type', { type: t(`matching.holderTypes.${params.type}`) })
    case 'similar_text': {
      const percent = similarityPercent(params.similarity)
      return percent === null ? null : t('matching.reasons.similar_text', { percent })
    }
    default:
      return null
  }
}

/**
 * One reason as a short sentence in the app's language, from its code and params; the server's
 * `text` for a code this app does not know, or when the params are not what the code promises.
 */
export function reasonText(reason: MatchReason, t: Translate, lookups: ReasonLookups = {}): string {
  return worded(reason, t, lookups) ?? reason.text ?? ''
}

/** The region codes `same_region` reasons name, once each (to look their names up). */
export function reasonRegionCodes(reasonLists: readonly (readonly MatchReason[])[]): string[] {
  const codes = new Set<string>()
  for (const reasons of reasonLists) {
    for (const reason of reasons) {
      const code = reason.params?.region_code
      if (reason.code === 'same_region' && isString(code)) codes.add(code)
    }
  }
  return [...codes]
}

// ---------------------------------------------------------------------------
// Who sees what

/** A demand's matches: logged-in users who may see the demand, while it is open. */
export function canSeeMatches(demand: Pick<Demand, 'workflow'>, user: MarketUser | null | undefined): boolean {
  return !!user && demand.workflow.state === 'open'
}

/** Matching again on demand: the posting organisation. */
export function canRefreshMatches(demand: Pick<Demand, 'org_id' | 'workflow'>, user: MarketUser | null | undefined): boolean {
  return canSeeMatches(demand, user) && isPoster(demand, user)
}

/** Market notices go to organisations: users who belong to one. */
export function hasNoticeInbox(user: MarketUser | null | undefined): boolean {
  return !!user && user.organization_id !== null && user.organization_id !== undefined
}

// ---------------------------------------------------------------------------
// The notices inbox

export const NOTICE_FILTERS = ['unread', 'all'] as const
export type NoticeFilter = (typeof NOTICE_FILTERS)[number]

/** `?filter=all` in the URL; anything else is the default, unread ones. */
export function noticeFilterFromQuery(value: unknown): NoticeFilter {
  const v = Array.isArray(value) ? value[0] : value
  return v === 'all' ? 'all' : 'unread'
}

/** Notice kinds this app names (locale keys `matching.notices.kinds.<kind>`). */
export const NOTICE_KINDS = ['match', 'demand_match', 'patent_match'] as const

/** The locale key of a notice kind's name, or null for one this app does not know (shown as sent). */
export function noticeKindKey(kind: string): string | null {
  return (NOTICE_KINDS as readonly string[]).includes(kind) ? `matching.notices.kinds.${kind}` : null
}

/** The matched patent's title, under either name the server has used. */
export function noticePatentTitle(notice: Pick<MarketNotice, 'title' | 'patent_title'>): string {
  return notice.title || notice.patent_title || ''
}

/**
 * The unread count of an inbox answer: the server's `unread`, or else counted from the items
 * (all of them when only unread ones were asked for).
 */
export function unreadNotices(answer: MarketNotices, unreadOnly: boolean): number {
  if (isNumber(answer.unread)) return answer.unread
  return unreadOnly ? answer.items.length : answer.items.filter((notice) => notice.read_at === null).length
}
