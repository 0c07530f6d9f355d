import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/client'
import type { ApplicantAlias } from '@/api/types'
import en from '@/locales/en'
import zhCN from '@/locales/zh-CN'
import {
  applicantQuery,
  applicantSearchRoute,
  canCurateAliases,
  canonicalRowSpans,
  emptyMergeForm,
  eventKindKey,
  groupAliases,
  mergeFormProblems,
  mergeInput,
  mergeProblem,
  selectedPatents,
  suggestPrefix,
  toggleSelected,
  undoneSeqs,
} from '@/lib/applicantAliases'
import { searchStateFromQuery } from '@/lib/search'

const HUAWEI = 'HUAWEI JISHU YOUXIAN GONGSI'
const HUAWEI_EN = 'HUAWEI TECHNOLOGIES CO LTD'
const FORMER = 'SHENZHEN HUAWEI ELECTRIC CO LTD'

function alias(name: string, canonical: string): ApplicantAlias {
  return { name, canonical, merged_by: 'jn_official', merged_at: 1_700_000_000_000, note: null }
}

describe('who may change aliases', () => {
  it('is officials and platform administrators only', () => {
    expect(canCurateAliases('official')).toBe(true)
    expect(canCurateAliases('platform_admin')).toBe(true)
    for (const role of ['org_admin', 'member', 'practitioner', 'expert'] as const) expect(canCurateAliases(role)).toBe(false)
    expect(canCurateAliases(null)).toBe(false)
  })
})

describe('links to the search page', () => {
  it('search PAN= with the name as a quoted phrase', () => {
    expect(applicantQuery(HUAWEI)).toBe(`PAN="${HUAWEI}"`)
    expect(applicantQuery('  ACME "NO 1" CO\\LTD ')).toBe('PAN="ACME \\"NO 1\\" CO\\\\LTD"')
    expect(applicantQuery('  ')).toBeNull()
  })

  it('open the search page on that query, which reads it back unchanged', () => {
    const route = applicantSearchRoute(HUAWEI_EN)
    expect(route).toEqual({ name: 'search', query: { q: `PAN="${HUAWEI_EN}"` } })
    expect(searchStateFromQuery({ q: route!.query.q as string }).q).toBe(`PAN="${HUAWEI_EN}"`)
    expect(applicantSearchRoute('')).toBeNull()
  })
})

describe('the suggestion prefix', () => {
  it('is upper case with single spaces, as the index holds names', () => {
    expect(suggestPrefix('  huawei   tech ')).toBe('HUAWEI TECH')
    // Chinese (华为) has no case: sent as typed.
    expect(suggestPrefix(' \u534e\u4e3a ')).toBe('\u534e\u4e3a')
    expect(suggestPrefix(' \t ')).toBe('')
  })
})

describe('the merge form', () => {
  const zh = { value: HUAWEI, count: 3 }
  const english = { value: HUAWEI_EN, count: 2 }
  const former = { value: FORMER, count: 1 }

  it('ticks and unticks names in the order ticked, and adds up their patents', () => {
    let selected = toggleSelected([], english)
    selected = toggleSelected(selected, zh)
    selected = toggleSelected(selected, former)
    expect(selected.map((s) => s.value)).toEqual([HUAWEI_EN, HUAWEI, FORMER])
    expect(selectedPatents(selected)).toBe(6)
    selected = toggleSelected(selected, { ...english })
    expect(selected.map((s) => s.value)).toEqual([HUAWEI, FORMER])
    expect(selectedPatents(selected)).toBe(4)
  })

  it('sends the ticked names but the canonical one, and the note only when there is one', () => {
    const form = { selected: [english, zh, former], canonical: ` ${HUAWEI} `, note: '  ' }
    expect(mergeInput(form)).toEqual({ canonical: HUAWEI, names: [HUAWEI_EN, FORMER] })
    expect(mergeInput({ ...form, note: ' English and former name ' })).toEqual({
      canonical: HUAWEI,
      names: [HUAWEI_EN, FORMER],
      note: 'English and former name',
    })
  })

  it('takes a typed canonical name that is none of the ticked ones', () => {
    const form = { selected: [english, zh], canonical: 'HUAWEI TECHNOLOGIES NEW CO LTD', note: '' }
    expect(mergeInput(form).names).toEqual([HUAWEI_EN, HUAWEI])
    expect(mergeFormProblems(form)).toEqual({})
  })

  it('needs a canonical name and another name besides it', () => {
    expect(mergeFormProblems(emptyMergeForm())).toEqual({ canonical: 'required', names: 'required' })
    expect(mergeFormProblems({ selected: [zh], canonical: HUAWEI, note: '' })).toEqual({ names: 'required' })
    expect(mergeFormProblems({ selected: [zh, english], canonical: '', note: '' })).toEqual({ canonical: 'required' })
    expect(mergeFormProblems({ selected: [zh, english], canonical: HUAWEI, note: '' })).toEqual({})
  })
})

describe('the server’s objections to a merge', () => {
  const input = { canonical: HUAWEI, names: [HUAWEI_EN, '()'] }
  const problem = (field: string | undefined, detail = 'bad') => new ApiError({ status: 400, title: 'Bad Request', detail, field })

  it('go to the field they name', () => {
    expect(mergeProblem(problem('canonical', 'canonical: empty'), input)).toEqual({ field: 'canonical', detail: 'empty' })
    expect(mergeProblem(problem('note'), input)).toEqual({ field: 'note', detail: 'bad' })
    expect(mergeProblem(problem('names'), input)).toEqual({ field: 'names', detail: 'bad' })
  })

  it('name the name sent at the place a names[i] field gives', () => {
    expect(mergeProblem(problem('names[1]', 'names[1]: nothing left once normalised'), input)).toEqual({
      field: 'names',
      name: '()',
      detail: 'nothing left once normalised',
    })
    expect(mergeProblem(problem('names[7]'), input)).toEqual({ field: 'names', detail: 'bad' })
  })

  it('are general when they name no field of the form', () => {
    expect(mergeProblem(problem(undefined), input)).toBeNull()
    expect(mergeProblem(problem('name'), input)).toBeNull()
    expect(mergeProblem(new ApiError({ status: 403, title: 'Forbidden' }), input)).toBeNull()
    expect(mergeProblem(new Error('boom'), input)).toBeNull()
  })

  it('show the title when there is no detail', () => {
    expect(mergeProblem(new ApiError({ status: 400, title: 'Bad Request', field: 'canonical' }), input)).toEqual({
      field: 'canonical',
      detail: 'Bad Request',
    })
  })
})

describe('the alias list', () => {
  const items = [
    alias(HUAWEI_EN, HUAWEI),
    alias(FORMER, HUAWEI),
    alias('LENOVO BEIJING CO LTD', 'LENOVO (BEIJING) LTD'),
    alias('ZTE CORP', 'ZTE CORPORATION'),
    alias('ZTE TELECOM', 'ZTE CORPORATION'),
  ]

  it('groups names by canonical name, in the order of the list', () => {
    const groups = groupAliases(items)
    expect(groups.map((g) => [g.canonical, g.members.map((m) => m.name)])).toEqual([
      [HUAWEI, [HUAWEI_EN, FORMER]],
      ['LENOVO (BEIJING) LTD', ['LENOVO BEIJING CO LTD']],
      ['ZTE CORPORATION', ['ZTE CORP', 'ZTE TELECOM']],
    ])
    expect(groupAliases([])).toEqual([])
  })

  it('spans the canonical cell over each run of one canonical name', () => {
    expect(canonicalRowSpans(items)).toEqual([2, 0, 1, 2, 0])
    expect(canonicalRowSpans([])).toEqual([])
    expect(canonicalRowSpans([alias('A', 'X')])).toEqual([1])
    // Not sorted: each run on its own.
    expect(canonicalRowSpans([alias('A', 'X'), alias('B', 'Y'), alias('C', 'X')])).toEqual([1, 1, 1])
  })
})

describe('the history', () => {
  it('knows the events of the page that were undone', () => {
    const events = [
      { seq: 3, undoes: 1 },
      { seq: 2, undoes: null },
      { seq: 1, undoes: null },
    ]
    expect([...undoneSeqs(events)]).toEqual([1])
    expect(undoneSeqs([]).size).toBe(0)
  })

  it('names an undo as such, whatever it did', () => {
    expect(eventKindKey({ kind: 'merge', undoes: null })).toBe('applicants.kinds.merge')
    expect(eventKindKey({ kind: 'split', undoes: null })).toBe('applicants.kinds.split')
    expect(eventKindKey({ kind: 'split', undoes: 4 })).toBe('applicants.kinds.undo')
    expect(eventKindKey({ kind: 'merge', undoes: 5 })).toBe('applicants.kinds.undo')
  })

  it('has every kind’s name in both languages', () => {
    for (const kind of ['merge', 'split', 'undo'] as const) {
      expect(zhCN.applicants.kinds[kind]).toBeTruthy()
      expect(en.applicants.kinds[kind]).toBeTruthy()
    }
  })
})
