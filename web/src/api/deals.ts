// The deal room's API calls and types (docs/api.md, "Deals"): a deal starts from a published
// listing (not a pledge) with a first message; the two sides talk, make offers and
// counter-offers, agree (the contract is drafted then), file the recordal and close; the
// platform records the deal itself when an import brings the TR01 / EE01 event.
//
//   const deal = await dealsApi.create({ listing_id: 3, message: '希望洽谈独占许可' })
//   await dealsApi.offer(deal.id, { price_fen: 12_000_000, terms: '许可期五年' })
//   await dealsApi.transition(deal.id, { transition: 'agree', version: deal.workflow.version })
//   <a :href="contractPdfUrl(deal.id)">下载合同 PDF</a>
//
// Money is integer fen (null: negotiable, 面议); times are Unix milliseconds.
import { API_BASE, api } from './client'
import type { PageQuery } from './endpoints'
import type { ListingKind, TransitionRequest, WorkflowInfo } from './market'
import type { Page } from './types'

export const DEAL_STATES = ['inquiry', 'negotiating', 'agreed', 'recordal_filed', 'recorded', 'closed', 'withdrawn'] as const
export type DealState = (typeof DEAL_STATES)[number]

/** The caller's part in a deal; null for someone who only reads it (an administrator). */
export type DealSide = 'buyer' | 'seller'
export type DealViewerSide = DealSide | 'official' | null

export interface DealParty {
  org_id: number
  name: string
}

export const OFFER_STATUSES = ['open', 'superseded', 'accepted', 'withdrawn'] as const
export type OfferStatus = (typeof OFFER_STATUSES)[number]

export interface DealOffer {
  id: number
  side: DealSide
  org_name?: string
  author: string
  /** null: 面议 (the price is left open). */
  price_fen: number | null
  terms: string
  created_at: number
  status: OfferStatus
}

export interface DealMessage {
  id: number
  side: DealSide
  /** The side's organisation (absent from some answers: the page names it from the deal's parties). */
  org_name?: string
  author: string
  text: string
  created_at: number
}

export interface DealContract {
  /** transfer, licence, open_licence, equity. */
  template: string
  title: string
  text: string
  created_at: number
}

export interface Deal {
  id: number
  listing_id: number
  listing_title: string
  publication_number: string
  patent_title: string
  kind: ListingKind
  demand_id: number | null
  region_code: string
  buyer: DealParty
  seller: DealParty
  /** The organisation that listed the patent (an agency acting for the seller, or the seller). */
  lister: DealParty
  /** The listing's price; null: 面议. */
  asking_price_fen: number | null
  /** Set at agreement; null before, or when the accepted offer left the price open. */
  agreed_price_fen: number | null
  agreed_terms: string
  agreed_at: number | null
  recordal_number: string
  /** The legal event that recorded the deal, e.g. "EE01 2026-12-01". */
  recorded_event: string
  created_at: number
  updated_at: number
  side: DealViewerSide
  state: string
  version: number
  workflow: WorkflowInfo
  /** Oldest first; left out of list answers. */
  offers?: DealOffer[]
  /** Oldest first; left out of list answers. */
  messages?: DealMessage[]
  contract?: DealContract | null
}

/** POST /deals: the caller's organisation becomes the buyer. */
export interface DealCreateRequest {
  listing_id: number
  message: string
  demand_id?: number
}

/** POST /deals/{id}/offers: a new offer supersedes the side's standing one. */
export interface OfferRequest {
  price_fen: number | null
  terms: string
}

/** POST /deals/{id}/transitions; `recordal_number` for file_recordal. */
export interface DealTransitionRequest extends TransitionRequest {
  recordal_number?: string
  /** agree: the offer accepted (the standing one when left out). */
  offer_id?: number
}

/** `mine`: deals of the caller's organisation (either side); `region`: an official's region. */
export type DealScope = 'mine' | 'region'

/** Paged as the other lists (page from 1, size); the server's answer also says its page and size. */
export interface DealQuery extends PageQuery {
  scope?: DealScope
  state?: DealState | ''
}

const path = (id: number | string) => `/deals/${encodeURIComponent(String(id))}`

/** The contract as a PDF download (404 before agreement). */
export function contractPdfUrl(id: number | string): string {
  return `${API_BASE}${path(id)}/contract.pdf`
}

export const dealsApi = {
  list: (query: DealQuery, signal?: AbortSignal) =>
    api.get<Page<Deal>>('/deals', { query: { ...query, state: query.state || undefined }, signal }),
  get: (id: number | string) => api.get<Deal>(path(id)),
  create: (body: DealCreateRequest) => api.post<Deal>('/deals', body),
  message: (id: number | string, text: string) => api.post<DealMessage>(`${path(id)}/messages`, { text }),
  offer: (id: number | string, body: OfferRequest) => api.post<DealOffer>(`${path(id)}/offers`, body),
  transition: (id: number | string, body: DealTransitionRequest) => api.post<Deal>(`${path(id)}/transitions`, body),
}
