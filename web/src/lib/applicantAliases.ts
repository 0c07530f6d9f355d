// Applicant aliases (申请人名称归并) in the app: who may change them, the merge form (names
// gathered from several searches, one of them or a typed name as the canonical name), the
// alias list grouped by canonical name, the history's undone events, links to the search page,
// and the server's objections on the field they name (docs/api.md, "Applicant aliases").
//
//   mergeInput({ selected: [{ value: '华为技术有限公司', count: 3 },
//                           { value: 'HUAWEI TECHNOLOGIES CO LTD', count: 2 }],
//                canonical: '华为技术有限公司', note: ' 英文名 ' })
//     → { canonical: '华为技术有限公司', names: ['HUAWEI TECHNOLOGIES CO LTD'], note: '英文名' }
//   applicantSearchRoute('HUAWEI "A" CO')  →  { name: 'search', query: { q: 'PAN="HUAWEI \"A\" CO"' } }
import type { LocationQueryRaw } from 'vue-router'
import { ApiError } from '@/api/client'
import type { ApplicantMergeInput } from '@/api/endpoints'
import type { ApplicantAlias, ApplicantAliasEvent, ValueSuggestion } from '@/api/types'
import { searchRoute } from './collections'
import type { Role } from './roles'
import { facetExpression } from './search'

/** Roles that may merge, split and undo (everyone may read). */
export const ALIAS_CURATOR_ROLES: readonly Role[] = ['platform_admin', 'official']

export function canCurateAliases(role: Role | null | undefined): boolean {
  return !!role && ALIAS_CURATOR_ROLES.includes(role)
}

/** How many names one suggestion request asks for. */
export const SUGGEST_SIZE = 20

// ---------------------------------------------------------------------------
// Links to the search page

/** PAN="name" (the applicant's hits, its whole group once merged), or null for a blank name. */
export function applicantQuery(name: string): string | null {
  return facetExpression({ facet: 'applicant', value: name })
}

/** The search page with the applicant's hits, or null for a blank name. */
export function applicantSearchRoute(name: string): { name: 'search'; query: LocationQueryRaw } | null {
  const q = applicantQuery(name)
  return q === null ? null : searchRoute(q)
}

// ---------------------------------------------------------------------------
// Finding names

/**
 * The prefix sent to the suggestion of applicant names: the index holds normalised names
 * (Latin letters in upper case, spaces single), so "huawei  tech" asks for "HUAWEI TECH".
 * '' when there is nothing to ask for.
 */
export function suggestPrefix(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toUpperCase()
}

// ---------------------------------------------------------------------------
// The merge form

/** What the merge form edits: the names ticked (with their patent counts), the canonical name, the reason. */
export interface MergeForm {
  selected: ValueSuggestion[]
  canonical: string
  note: string
}

export function emptyMergeForm(): MergeForm {
  return { selected: [], canonical: '', note: '' }
}

export function isSelected(selected: readonly ValueSuggestion[], value: string): boolean {
  return selected.some((s) => s.value === value)
}

/** The selection with `suggestion` added, or removed when it is there already (in the order ticked). */
export function toggleSelected(selected: readonly ValueSuggestion[], suggestion: ValueSuggestion): ValueSuggestion[] {
  return isSelected(selected, suggestion.value)
    ? selected.filter((s) => s.value !== suggestion.value)
    : [...selected, suggestion]
}

/** The patents of the ticked names together (what the canonical name counts once merged, if each patent has one of them). */
export function selectedPatents(selected: readonly ValueSuggestion[]): number {
  return selected.reduce((sum, s) => sum + s.count, 0)
}

/** The names merged into the canonical one: the ticked names but the canonical name, each once. */
function mergedNames(form: MergeForm): string[] {
  const canonical = form.canonical.trim()
  const names: string[] = []
  for (const { value } of form.selected) {
    const name = value.trim()
    if (name !== '' && name !== canonical && !names.includes(name)) names.push(name)
  }
  return names
}

export type MergeField = 'canonical' | 'names' | 'note'

/** What the form would send wrong: no canonical name, or no name besides it. */
export function mergeFormProblems(form: MergeForm): Partial<Record<MergeField, 'required'>> {
  const problems: Partial<Record<MergeField, 'required'>> = {}
  if (form.canonical.trim() === '') problems.canonical = 'required'
  if (mergedNames(form).length === 0) problems.names = 'required'
  return problems
}

/** What a merge sends; the note only when there is one. */
export function mergeInput(form: MergeForm): ApplicantMergeInput {
  const input: ApplicantMergeInput = { canonical: form.canonical.trim(), names: mergedNames(form) }
  const note = form.note.trim()
  if (note) input.note = note
  return input
}

/** A problem of the server on a field of the merge form. */
export interface MergeProblem {
  field: MergeField
  /** For one of the names (`names[1]`): that name as sent. */
  name?: string
  detail: string
}

/**
 * The form field a problem's `field` names — `canonical`, `note`, `names` or one of them
 * (`names[1]`, the name sent at that place) — or null when it names none (the caller shows it
 * as a general message). A leading "field: " of the detail is left out.
 */
export function mergeProblem(error: unknown, input: ApplicantMergeInput): MergeProblem | null {
  if (!(error instanceof ApiError) || !error.field) return null
  // A detail may start with the field's name ("names[1]: …"); the form shows it beside the field.
  const text = error.detail || error.title
  const detail = text.startsWith(`${error.field}: `) ? text.slice(error.field.length + 2) : text
  if (error.field === 'canonical' || error.field === 'note' || error.field === 'names') return { field: error.field, detail }
  const element = /^names\[(\d+)\]$/.exec(error.field)
  if (!element) return null
  const name = input.names[Number(element[1])]
  return name === undefined ? { field: 'names', detail } : { field: 'names', name, detail }
}

// ---------------------------------------------------------------------------
// The alias list

/** A canonical name and the names merged into it that a page of the list holds. */
export interface AliasGroup {
  canonical: string
  members: ApplicantAlias[]
}

/**
 * The list's names by canonical name, in the order the canonical names first appear (the
 * server sorts by canonical name, then name); members keep their order.
 */
export function groupAliases(items: readonly ApplicantAlias[]): AliasGroup[] {
  const groups = new Map<string, AliasGroup>()
  for (const item of items) {
    let group = groups.get(item.canonical)
    if (!group) {
      group = { canonical: item.canonical, members: [] }
      groups.set(item.canonical, group)
    }
    group.members.push(item)
  }
  return [...groups.values()]
}

/**
 * How many rows the canonical-name cell of each row spans in a table of `items`: the group's
 * size on its first row, 0 on the others (hidden), for consecutive rows of one canonical name.
 */
export function canonicalRowSpans(items: readonly Pick<ApplicantAlias, 'canonical'>[]): number[] {
  const spans = items.map(() => 0)
  let start = 0
  for (let row = 1; row <= items.length; row++) {
    if (row === items.length || items[row].canonical !== items[start].canonical) {
      spans[start] = row - start
      start = row
    }
  }
  return spans
}

// ---------------------------------------------------------------------------
// The history

/** The events of a page undone by an event of the same page. */
export function undoneSeqs(events: readonly Pick<ApplicantAliasEvent, 'undoes'>[]): Set<number> {
  const undone = new Set<number>()
  for (const event of events) if (event.undoes !== null && event.undoes !== undefined) undone.add(event.undoes)
  return undone
}

/** The i18n key of an event's kind: a merge, a split, or an undo (a split or merge undoing an earlier event). */
export function eventKindKey(event: Pick<ApplicantAliasEvent, 'kind' | 'undoes'>): string {
  if (event.undoes !== null && event.undoes !== undefined) return 'applicants.kinds.undo'
  return event.kind === 'merge' ? 'applicants.kinds.merge' : 'applicants.kinds.split'
}
