// Watches (监控) and alerts in the app: the kinds, frequencies and event groups the server
// knows (docs/api.md, "Watches and alerts"), the checks the form makes before the server
// does, what a form sends, and one-line summaries for lists.
//
//   watchInputFromForm({ ...emptyWatchForm('status'), name: '关注', patentsText: 'CN1A\nCN2B',
//                        events: ['transfer'] })
//     → { name: '关注', kind: 'status', patents: ['CN1A', 'CN2B'], events: ['transfer'],
//         frequency: 'import', shared: false }
//   a similarity watch sends its patents and `threshold` (percent) instead of events.
import type { WatchInput, WatchPatch } from '@/api/endpoints'
import type { AlertDetail, EventGroup, Watch, WatchFrequency, WatchKind } from '@/api/types'
import { codePointLength, NAME_MAX_CHARS, suggestName } from './collections'
import { compactPatentNumber } from './patentNumbers'

export const WATCH_KINDS: readonly WatchKind[] = ['query', 'applicant', 'status', 'similarity']
export const WATCH_FREQUENCIES: readonly WatchFrequency[] = ['import', 'daily', 'weekly']
export const EVENT_GROUPS: readonly EventGroup[] = [
  'lapse',
  'restoration',
  'transfer',
  'licence',
  'pledge',
  'invalidation',
  'expiry',
]

/** The CNIPA event codes of each group (the server's watch/model.h). */
export const EVENT_GROUP_CODES: Readonly<Record<EventGroup, readonly string[]>> = {
  lapse: ['CF01', 'C19'],
  restoration: ['RR01'],
  transfer: ['TR01'],
  licence: ['EE01'],
  pledge: ['PE01'],
  invalidation: ['IW01', 'IP01'],
  expiry: ['CX01'],
}

/** A status watch follows 1 to 1,000 patents. */
export const MAX_WATCH_PATENTS = 1000
/** A similarity watch compares new patents with 1 to 200. */
export const MAX_SIMILAR_PATENTS = 200
/** A similarity watch's threshold: a percentage of the similar-patents score (server: watch/model.h). */
export const MIN_THRESHOLD = 1
export const MAX_THRESHOLD = 100
export const DEFAULT_THRESHOLD = 80

/** Whether a kind follows chosen patents. */
export const hasPatents = (kind: WatchKind): boolean => kind === 'status' || kind === 'similarity'
/** How many patents a kind follows at most. */
export const maxPatents = (kind: WatchKind): number => (kind === 'similarity' ? MAX_SIMILAR_PATENTS : MAX_WATCH_PATENTS)

/** What the watch dialog edits. Patents are typed one per line (or separated by commas). */
export interface WatchForm {
  name: string
  kind: WatchKind
  query: string
  applicant: string
  patentsText: string
  events: EventGroup[]
  /** Similarity watches: percent. */
  threshold: number
  frequency: WatchFrequency
  shared: boolean
}

/** Where a new watch starts from (a search, a patent, a competitor). */
export interface WatchStart {
  kind: WatchKind
  query?: string
  applicant?: string
  patents?: string[]
}

export function emptyWatchForm(kind: WatchKind = 'query'): WatchForm {
  return {
    name: '',
    kind,
    query: '',
    applicant: '',
    patentsText: '',
    events: kind === 'status' ? [...EVENT_GROUPS] : [],
    threshold: DEFAULT_THRESHOLD,
    frequency: 'import',
    shared: false,
  }
}

export function formFromWatch(watch: Watch): WatchForm {
  return {
    name: watch.name,
    kind: watch.kind,
    query: watch.query ?? '',
    applicant: watch.applicant ?? '',
    patentsText: (watch.patents ?? []).join('\n'),
    events: [...(watch.events ?? [])],
    threshold: watch.threshold ?? DEFAULT_THRESHOLD,
    frequency: watch.frequency,
    shared: watch.shared,
  }
}

/** A new watch's form from where it was started, with a name proposed. */
export function formFromStart(start: WatchStart): WatchForm {
  const form = emptyWatchForm(start.kind)
  form.query = start.query?.trim() ?? ''
  form.applicant = start.applicant?.trim() ?? ''
  form.patentsText = (start.patents ?? []).join('\n')
  form.name = suggestWatchName(start)
  return form
}

/** A name proposed for a new watch: the query, the applicant, or the first patent. */
export function suggestWatchName(start: WatchStart): string {
  if (start.kind === 'query') return start.query?.trim() ? suggestName(start.query) : ''
  if (start.kind === 'applicant') return start.applicant?.trim() ? suggestName(start.applicant) : ''
  const patents = start.patents ?? []
  if (patents.length === 0) return ''
  return suggestName(patents.length === 1 ? patents[0] : `${patents[0]} …`)
}

/**
 * The numbers of a patents box: one per line, or separated by commas, semicolons or 、 (a
 * number may hold spaces, "CN 1234567 A"); blanks dropped, each number once.
 */
export function parsePatentNumbers(text: string): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const part of text.split(/[\n\r,;\uff0c\uff1b\u3001]+/)) {
    const number = part.trim()
    const key = compactPatentNumber(number)
    if (key === '' || seen.has(key)) continue
    seen.add(key)
    out.push(number)
  }
  return out
}

export type WatchField = 'name' | 'query' | 'applicant' | 'patents' | 'events' | 'threshold' | 'frequency' | 'shared'
export type WatchProblem = 'required' | 'tooLong' | 'tooMany' | 'outOfRange'

/** What the form would send wrong, field by field (empty when it may be sent). */
export function watchFormProblems(form: WatchForm): Partial<Record<WatchField, WatchProblem>> {
  const problems: Partial<Record<WatchField, WatchProblem>> = {}
  const name = form.name.trim()
  if (name === '') problems.name = 'required'
  else if (codePointLength(name) > NAME_MAX_CHARS) problems.name = 'tooLong'
  if (form.kind === 'query' && form.query.trim() === '') problems.query = 'required'
  if (form.kind === 'applicant' && form.applicant.trim() === '') problems.applicant = 'required'
  if (hasPatents(form.kind)) {
    const patents = parsePatentNumbers(form.patentsText)
    if (patents.length === 0) problems.patents = 'required'
    else if (patents.length > maxPatents(form.kind)) problems.patents = 'tooMany'
  }
  if (form.kind === 'status' && form.events.length === 0) problems.events = 'required'
  if (
    form.kind === 'similarity' &&
    (!Number.isInteger(form.threshold) || form.threshold < MIN_THRESHOLD || form.threshold > MAX_THRESHOLD)
  ) {
    problems.threshold = 'outOfRange'
  }
  return problems
}

/** What a new watch sends: the fields of its kind only (the server refuses the others). */
export function watchInputFromForm(form: WatchForm): WatchInput {
  const input: WatchInput = { name: form.name.trim(), kind: form.kind }
  if (form.kind === 'query') input.query = form.query.trim()
  if (form.kind === 'applicant') input.applicant = form.applicant.trim()
  if (form.kind === 'status') {
    input.patents = parsePatentNumbers(form.patentsText)
    // In the order the groups are listed, whatever order they were ticked in.
    input.events = EVENT_GROUPS.filter((group) => form.events.includes(group))
  }
  if (form.kind === 'similarity') {
    input.patents = parsePatentNumbers(form.patentsText)
    input.threshold = form.threshold
  }
  input.frequency = form.frequency
  input.shared = form.shared
  return input
}

const sameList = (a: readonly string[] | null | undefined, b: readonly string[] | undefined) =>
  (a ?? []).join('\n') === (b ?? []).join('\n')

/** What an edit sends: the fields that differ from the watch (the kind never changes). */
export function watchPatch(watch: Watch, input: WatchInput): WatchPatch {
  const patch: WatchPatch = {}
  if (input.name !== watch.name) patch.name = input.name
  if (input.query !== undefined && input.query !== watch.query) patch.query = input.query
  if (input.applicant !== undefined && input.applicant !== watch.applicant) patch.applicant = input.applicant
  if (input.patents !== undefined && !sameList(watch.patents, input.patents)) patch.patents = input.patents
  if (input.events !== undefined && !sameList(watch.events, input.events)) patch.events = input.events
  if (input.threshold !== undefined && input.threshold !== watch.threshold) patch.threshold = input.threshold
  if (input.frequency !== undefined && input.frequency !== watch.frequency) patch.frequency = input.frequency
  if (input.shared !== undefined && input.shared !== watch.shared) patch.shared = input.shared
  return patch
}

/** A translate function (vue-i18n's `t`). */
export type Translate = (key: string, named?: Record<string, unknown>) => string

/** How many patents a status watch's summary names before "and n more". */
const SUMMARY_PATENTS = 3

/**
 * What a watch watches, on one line: the query, the applicant, the patents and groups, or the
 * patents and the threshold.
 */
export function watchSummary(
  watch: Pick<Watch, 'kind' | 'query' | 'applicant' | 'patents' | 'events' | 'threshold'>,
  t: Translate,
): string {
  if (watch.kind === 'query') return watch.query ?? ''
  if (watch.kind === 'applicant') return watch.applicant ?? ''
  const patents = watch.patents ?? []
  const shown = patents.slice(0, SUMMARY_PATENTS).join(', ')
  const numbers =
    patents.length > SUMMARY_PATENTS ? t('watches.morePatents', { shown, n: patents.length - SUMMARY_PATENTS }) : shown
  if (watch.kind === 'similarity') {
    return `${numbers} · ${t('watches.similarityAtLeast', { threshold: watch.threshold ?? DEFAULT_THRESHOLD })}`
  }
  const groups = (watch.events ?? []).map((group) => t(`watches.events.${group}`)).join(t('watches.listSeparator'))
  return `${numbers} · ${groups}`
}

/** How many shared words a similarity alert's line names. */
const ALERT_TERMS = 5

/**
 * A similarity alert on one line: the watched patent it is close to and the score, then the
 * words (and IPC classes) both hold — "close to CN1A (72%) · shared: 电池, 液冷 · H01M".
 */
export function alertSimilarityText(detail: AlertDetail, t: Translate): string {
  const parts = [t('watches.similarTo', { number: detail.similar_to ?? '', percent: detail.percent ?? 0 })]
  const terms = (detail.shared_terms ?? []).slice(0, ALERT_TERMS)
  if (terms.length > 0) parts.push(t('watches.sharedTerms', { terms: terms.join(t('watches.listSeparator')) }))
  const classes = detail.shared_ipc ?? []
  if (classes.length > 0) parts.push(t('watches.sharedIpc', { classes: classes.join(', ') }))
  return parts.join(' · ')
}

/** A status alert's event on one line: group, code and its name, date, and the text. */
export function alertEventText(detail: AlertDetail, t: Translate, codeName: (code: string) => string | null): string {
  const parts: string[] = []
  if (detail.group) parts.push(t(`watches.events.${detail.group}`))
  if (detail.code) {
    const name = codeName(detail.code)
    parts.push(name ? `${detail.code} ${name}` : detail.code)
  }
  if (detail.date) parts.push(detail.date)
  if (detail.text && detail.text !== (detail.code ? codeName(detail.code) : null)) parts.push(detail.text)
  return parts.join(' · ')
}
