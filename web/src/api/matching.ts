// Supply–demand matching (供需匹配) and the market notices it sends (docs/api.md, "Matching"):
// the patents that answer a demand, ranked, each with the reasons it was chosen; the open
// demands a patent answers; and the inbox of new-match notices of the caller's organisation.
//
//   const { items } = await matchingApi.demandMatches(7)             // ranked, best first
//   const { items } = await matchingApi.patentDemands('CN119999004B')
//   const { items } = await matchingApi.holderDemands()               // for my organisation's patents
//   const { items, unread } = await matchingApi.notices({ unread: true })
//
// Money is integer fen (null: negotiable, 面议); times are Unix milliseconds.
import { api } from './client'
import type { ListingKind } from './market'

/**
 * Why a patent and a demand were matched. `code` says which rule found it and `params` its
 * facts; the app words it from those (lib/matching.ts, reasonText). `text` is the server's
 * English sentence, shown as is for a code this app does not know.
 */
export interface MatchReason {
  code: string
  params: Record<string, unknown>
  text: string
}

/** The listing a matched patent is offered in (published), when there is one. */
export interface MatchListing {
  id: number
  kind: ListingKind
  price_fen: number | null
  trl: number
  region_code: string
  holder_org_id: number
  holder_org_name: string
}

/** One patent that answers a demand. */
export interface Match {
  publication_number: string
  title: string
  applicants: string[]
  ipc_main: string
  legal_status: string
  /** 0–100, higher is better. */
  score: number
  listing: MatchListing | null
  reasons: MatchReason[]
  /** Found since the poster last looked (or since the last refresh). */
  new: boolean
}

/** GET /demands/{id}/matches and POST /demands/{id}/matches/refresh. */
export interface DemandMatches {
  demand_id: number
  took_ms: number
  items: Match[]
  /** How many of the items are new (when the server says). */
  new_matches?: number
}

/** One open demand a patent answers. */
export interface DemandMatch {
  demand_id: number
  title: string
  org_name: string
  region_code: string
  /** YYYY-MM-DD, or null: none. */
  deadline: string | null
  budget_fen: number | null
  score: number
  reasons: MatchReason[]
  /** Holder view: the organisation's patent that answers the demand best. */
  publication_number?: string
  patent_title?: string
}

/** GET /patents/{number}/demand-matches. */
export interface PatentDemandMatches {
  publication_number: string
  items: DemandMatch[]
}

/** GET /market/holder-demand-matches: the open demands the caller organisation's patents answer. */
export interface HolderDemandMatches {
  org_id: number
  org_name: string
  /** How many of its patents in force were considered. */
  patents: number
  items: DemandMatch[]
}

/**
 * A notice to an organisation: a patent newly matched to a demand. `kind` says whose side:
 * `demand_match` (the organisation's demand found a patent), `patent_match` (its listed patent
 * answers a demand); `match` in the first drafts of the contract.
 */
export interface MarketNotice {
  id: number
  kind: string
  demand_id: number
  demand_title: string
  publication_number: string
  listing_id: number | null
  /** The patent's title (the server has sent it as `patent_title` too: lib/matching.ts, noticePatentTitle). */
  title?: string
  patent_title?: string
  score?: number
  /** The server's English sentence. */
  text?: string
  created_at: number
  read_at: number | null
}

/**
 * GET /market-notices: newest first. `unread` counts the organisation's unread notices; when
 * the server leaves it out, lib/matching.ts (unreadNotices) counts them from the items.
 */
export interface MarketNotices {
  items: MarketNotice[]
  unread?: number
}

export interface NoticeQuery {
  /** Only the unread ones. */
  unread?: boolean
}

/** How many matches a page asks for by default. */
export const MATCH_LIMIT = 20

const demandPath = (id: number | string) => `/demands/${encodeURIComponent(String(id))}`

export const matchingApi = {
  demandMatches: (id: number | string, limit: number = MATCH_LIMIT) =>
    api.get<DemandMatches>(`${demandPath(id)}/matches`, { query: { limit } }),
  refresh: (id: number | string) => api.post<DemandMatches>(`${demandPath(id)}/matches/refresh`),
  patentDemands: (number: string, limit: number = MATCH_LIMIT) =>
    api.get<PatentDemandMatches>(`/patents/${encodeURIComponent(number)}/demand-matches`, { query: { limit } }),
  holderDemands: (limit: number = MATCH_LIMIT) =>
    api.get<HolderDemandMatches>('/market/holder-demand-matches', { query: { limit } }),
  notices: (query: NoticeQuery = {}, signal?: AbortSignal) =>
    api.get<MarketNotices>('/market-notices', { query: { unread: query.unread ? 1 : undefined }, signal }),
  /** 204, or the notice as read now. */
  markRead: (id: number) => api.post<MarketNotice | undefined>(`/market-notices/${encodeURIComponent(String(id))}/read`),
}
