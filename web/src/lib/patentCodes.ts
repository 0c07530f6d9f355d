// Code lists of the patent record (docs/formats/patent-jsonl.md) and of the patent API,
// and how the pages present them. Names live in the locale files under the keys given here.

export const DOCUMENT_TYPES = [
  'cn_invention_application',
  'cn_invention_grant',
  'cn_utility_model',
  'cn_design',
  'us_utility_application',
  'us_utility_grant',
  'us_design',
  'us_plant',
  'us_reissue',
  'us_sir',
  'unknown',
] as const
export type DocumentType = (typeof DOCUMENT_TYPES)[number]

export const PARTY_TYPES = ['enterprise', 'university', 'research_institute', 'individual', 'government', 'unknown'] as const
export type PartyType = (typeof PARTY_TYPES)[number]

export const CITATION_SOURCES = ['examiner', 'applicant', 'third_party', 'unknown'] as const
export type CitationSource = (typeof CITATION_SOURCES)[number]

export const LEGAL_STATUSES = [
  'pending',
  'valid',
  'lapsed',
  'expired',
  'invalidated',
  'abandoned',
  'withdrawn',
  'rejected',
  'unknown',
] as const
export type LegalStatus = (typeof LEGAL_STATUSES)[number]

/** Countries offered in the list filter (others can be typed). */
export const FILTER_COUNTRIES = ['CN', 'US'] as const

export type Tone = 'primary' | 'success' | 'warning' | 'danger' | 'info'

/** Colour of a legal-status badge: in force green, pending blue, ended red, unknown grey. */
export function legalStatusTone(status: string | null | undefined): Tone {
  switch (status) {
    case 'valid':
      return 'success'
    case 'pending':
      return 'primary'
    case 'lapsed':
    case 'expired':
    case 'invalidated':
    case 'abandoned':
    case 'withdrawn':
    case 'rejected':
      return 'danger'
    default:
      return 'info'
  }
}

/** i18n key of a value from one of the lists above, or null for a value the app does not know. */
export function codeKey(group: 'patentTypes' | 'partyTypes' | 'citationSources' | 'legalStatus', value: unknown): string | null {
  const lists: Record<typeof group, readonly string[]> = {
    patentTypes: DOCUMENT_TYPES,
    partyTypes: PARTY_TYPES,
    citationSources: CITATION_SOURCES,
    legalStatus: LEGAL_STATUSES,
  }
  return typeof value === 'string' && lists[group].includes(value) ? `${group}.${value}` : null
}

/**
 * CNIPA legal-status event codes that have a name in the locale files (key
 * `legalEvents.<code>`). Source: /work/shared/data/FACTS.md §5 — codes seen in real CN
 * records (C06/PB01, C10/SE01, C14/GR01, CF01, Google's EXPY marker) and the code list of
 * a public SQL seed. Older pre-2013 codes without a verified name show the code only.
 */
export const CN_LEGAL_EVENT_CODES = [
  'C06',
  'PB01',
  'C10',
  'SE01',
  'C14',
  'GR01',
  'CF01',
  'CX01',
  'EXPY',
  'AV01',
  'CB03',
  'CD02',
  'CP01',
  'CP02',
  'CP03',
  'DD01',
  'EC01',
  'EE01',
  'EM01',
  'IP01',
  'IW01',
  'PC01',
  'PE01',
  'PM01',
  'PD01',
  'PP01',
  'RR01',
  'TR01',
] as const
export type CnLegalEventCode = (typeof CN_LEGAL_EVENT_CODES)[number]

function normalizeEventCode(code: string | null | undefined): string {
  return (code ?? '').trim().toUpperCase()
}

/** i18n key of the event's name, or null when the code has none. */
export function legalEventKey(code: string | null | undefined): string | null {
  const normalized = normalizeEventCode(code)
  return (CN_LEGAL_EVENT_CODES as readonly string[]).includes(normalized) ? `legalEvents.${normalized}` : null
}

const EVENT_TONES: Partial<Record<CnLegalEventCode, Tone>> = {
  C14: 'success',
  GR01: 'success',
  RR01: 'success',
  CF01: 'danger',
  CX01: 'danger',
  EXPY: 'danger',
  AV01: 'danger',
  IW01: 'danger',
  IP01: 'warning',
  PP01: 'warning',
  PE01: 'primary',
  PM01: 'primary',
  PC01: 'primary',
  EE01: 'primary',
  EM01: 'primary',
  EC01: 'primary',
  TR01: 'primary',
}

/** Colour of an event on the timeline: grant green, end of the right red, pledges, licences and transfers blue. */
export function legalEventTone(code: string | null | undefined): Tone {
  return EVENT_TONES[normalizeEventCode(code) as CnLegalEventCode] ?? 'info'
}

/** What the server says decided a legal status (PatentStatus.basis_*). */
export interface StatusBasis {
  basis: string
  basis_kind?: string
  basis_code?: string
  basis_date?: string
}

/**
 * The status basis in the user's language: "CF01 未缴年费专利权终止 2016-05-11",
 * "期限届满 2034-09-29", "已授权", "已公布的申请"; the server's own words for
 * anything this client does not know.
 */
export function statusBasisText(status: StatusBasis, t: (key: string, values?: Record<string, unknown>) => string): string {
  const date = status.basis_date ?? ''
  switch (status.basis_kind) {
    case 'granted':
      return t('patent.basisGranted')
    case 'published':
      return t('patent.basisPublished')
    case 'term_ended':
      return t('patent.basisTermEnded', { date })
    case 'event': {
      const code = status.basis_code ?? ''
      if (!code) return status.basis
      const key = legalEventKey(code)
      return [code, key ? t(key) : '', date].filter((part) => part !== '').join(' ')
    }
    default:
      return status.basis
  }
}
