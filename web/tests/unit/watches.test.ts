import { describe, expect, it } from 'vitest'
import type { Watch } from '@/api/types'
import en from '@/locales/en'
import zhCN from '@/locales/zh-CN'
import {
  alertEventText,
  alertSimilarityText,
  DEFAULT_THRESHOLD,
  emptyWatchForm,
  EVENT_GROUP_CODES,
  EVENT_GROUPS,
  formFromStart,
  formFromWatch,
  MAX_SIMILAR_PATENTS,
  MAX_WATCH_PATENTS,
  parsePatentNumbers,
  suggestWatchName,
  WATCH_FREQUENCIES,
  WATCH_KINDS,
  watchFormProblems,
  watchInputFromForm,
  watchPatch,
  watchSummary,
} from '@/lib/watches'

const t = (key: string, named?: Record<string, unknown>) => (named ? `${key}${JSON.stringify(named)}` : key)

function aWatch(fields: Partial<Watch>): Watch {
  return {
    id: 1,
    name: '关注',
    kind: 'query',
    query: null,
    applicant: null,
    patents: null,
    events: null,
    frequency: 'import',
    owner_id: 1,
    owner_name: 'A',
    organization_id: null,
    shared: false,
    editable: true,
    created_at: 0,
    updated_at: 0,
    ...fields,
  }
}

describe('parsePatentNumbers', () => {
  it('splits on lines, commas, semicolons and 、, keeping spaces inside a number', () => {
    expect(parsePatentNumbers('CN 1234567 A\nCN2B, CN3C；CN4D、CN5E\n\n')).toEqual(['CN 1234567 A', 'CN2B', 'CN3C', 'CN4D', 'CN5E'])
  })

  it('keeps each number once, however it is written', () => {
    expect(parsePatentNumbers('CN1234567A\ncn 1234567 a\nCN1234567A')).toEqual(['CN1234567A'])
  })

  it('finds nothing in blanks', () => {
    expect(parsePatentNumbers(' \n ,, ')).toEqual([])
  })
})

describe('watchFormProblems', () => {
  it('asks for a name and the field of the kind', () => {
    expect(watchFormProblems(emptyWatchForm('query'))).toEqual({ name: 'required', query: 'required' })
    expect(watchFormProblems(emptyWatchForm('applicant'))).toEqual({ name: 'required', applicant: 'required' })
    expect(watchFormProblems({ ...emptyWatchForm('status'), events: [] })).toEqual({
      name: 'required',
      patents: 'required',
      events: 'required',
    })
  })

  it('refuses long names and too many patents', () => {
    const many = Array.from({ length: MAX_WATCH_PATENTS + 1 }, (_, k) => `CN${k}A`).join('\n')
    expect(watchFormProblems({ ...emptyWatchForm('status'), name: 'x'.repeat(101), patentsText: many })).toEqual({
      name: 'tooLong',
      patents: 'tooMany',
    })
  })

  it('accepts a complete form', () => {
    expect(watchFormProblems({ ...emptyWatchForm('query'), name: 'n', query: 'TI=电池' })).toEqual({})
  })

  it('asks a similarity watch for patents (at most 200) and a threshold from 1 to 100', () => {
    expect(emptyWatchForm('similarity').threshold).toBe(DEFAULT_THRESHOLD)
    expect(watchFormProblems({ ...emptyWatchForm('similarity'), name: 'n' })).toEqual({ patents: 'required' })
    const many = Array.from({ length: MAX_SIMILAR_PATENTS + 1 }, (_, k) => `CN${k}A`).join('\n')
    expect(watchFormProblems({ ...emptyWatchForm('similarity'), name: 'n', patentsText: many })).toEqual({ patents: 'tooMany' })
    for (const threshold of [0, 101, 60.5, Number.NaN]) {
      expect(watchFormProblems({ ...emptyWatchForm('similarity'), name: 'n', patentsText: 'CN1A', threshold })).toEqual({
        threshold: 'outOfRange',
      })
    }
    expect(watchFormProblems({ ...emptyWatchForm('similarity'), name: 'n', patentsText: 'CN1A', threshold: 100 })).toEqual({})
  })
})

describe('watchInputFromForm', () => {
  it('sends only the fields of the kind, trimmed', () => {
    const form = { ...emptyWatchForm('query'), name: ' n ', query: ' TI=电池 ', applicant: 'stale', patentsText: 'CN1A' }
    expect(watchInputFromForm(form)).toEqual({ name: 'n', kind: 'query', query: 'TI=电池', frequency: 'import', shared: false })
  })

  it('lists a status watch’s groups in their order', () => {
    const form = { ...emptyWatchForm('status'), name: 'n', patentsText: 'CN1A\nCN2B', events: ['pledge', 'lapse'] as const }
    expect(watchInputFromForm({ ...form, events: [...form.events] })).toEqual({
      name: 'n',
      kind: 'status',
      patents: ['CN1A', 'CN2B'],
      events: ['lapse', 'pledge'],
      frequency: 'import',
      shared: false,
    })
  })
})

describe('a similarity watch’s input', () => {
  it('sends its patents and threshold, no events', () => {
    const form = { ...emptyWatchForm('similarity'), name: 'n', patentsText: 'CN1A\nCN2B', threshold: 72 }
    expect(watchInputFromForm(form)).toEqual({
      name: 'n',
      kind: 'similarity',
      patents: ['CN1A', 'CN2B'],
      threshold: 72,
      frequency: 'import',
      shared: false,
    })
  })

  it('patches a changed threshold only', () => {
    const watch = aWatch({ kind: 'similarity', patents: ['CN1A'], threshold: 60 })
    const form = formFromWatch(watch)
    expect(form.threshold).toBe(60)
    expect(watchPatch(watch, watchInputFromForm(form))).toEqual({})
    form.threshold = 80
    expect(watchPatch(watch, watchInputFromForm(form))).toEqual({ threshold: 80 })
  })
})

describe('watchPatch', () => {
  it('sends only what changed', () => {
    const watch = aWatch({ kind: 'status', patents: ['CN1A'], events: ['lapse'] })
    const form = formFromWatch(watch)
    expect(watchPatch(watch, watchInputFromForm(form))).toEqual({})
    form.patentsText = 'CN1A\nCN2B'
    form.frequency = 'weekly'
    expect(watchPatch(watch, watchInputFromForm(form))).toEqual({ patents: ['CN1A', 'CN2B'], frequency: 'weekly' })
  })
})

describe('starting a watch', () => {
  it('proposes a name from where it starts', () => {
    expect(suggestWatchName({ kind: 'query', query: ' TI=电池\n AND PAN=甲 ' })).toBe('TI=电池 AND PAN=甲')
    expect(suggestWatchName({ kind: 'applicant', applicant: '甲公司' })).toBe('甲公司')
    expect(suggestWatchName({ kind: 'status', patents: ['CN1A'] })).toBe('CN1A')
    expect(suggestWatchName({ kind: 'status', patents: ['CN1A', 'CN2B'] })).toBe('CN1A …')
    expect(suggestWatchName({ kind: 'query' })).toBe('')
  })

  it('ticks every event group for a status watch', () => {
    const form = formFromStart({ kind: 'status', patents: ['CN1A'] })
    expect(form.patentsText).toBe('CN1A')
    expect(form.events).toEqual([...EVENT_GROUPS])
    expect(formFromStart({ kind: 'query', query: 'TI=x' }).events).toEqual([])
  })
})

describe('summaries', () => {
  it('say what a watch watches', () => {
    expect(watchSummary(aWatch({ query: 'TI=电池' }), t)).toBe('TI=电池')
    expect(watchSummary(aWatch({ kind: 'applicant', applicant: '甲公司' }), t)).toBe('甲公司')
    expect(watchSummary(aWatch({ kind: 'status', patents: ['CN1A'], events: ['lapse', 'pledge'] }), t)).toBe(
      'CN1A · watches.events.lapsewatches.listSeparatorwatches.events.pledge',
    )
    const many = aWatch({ kind: 'status', patents: ['A', 'B', 'C', 'D', 'E'], events: ['transfer'] })
    expect(watchSummary(many, t)).toBe('watches.morePatents{"shown":"A, B, C","n":2} · watches.events.transfer')
  })

  it('say what a similarity watch compares and from what score it alerts', () => {
    expect(watchSummary(aWatch({ kind: 'similarity', patents: ['CN1A'], threshold: 70 }), t)).toBe(
      'CN1A · watches.similarityAtLeast{"threshold":70}',
    )
  })

  it('put a similarity alert on one line: the watched patent, the score, shared words and classes', () => {
    const detail = {
      similar_to: 'CN1A',
      percent: 72,
      shared_terms: ['电池', '液冷', '冷却板', '温度', '传感器', '水泵'],
      shared_ipc: ['H01M'],
    }
    expect(alertSimilarityText(detail, t)).toBe(
      'watches.similarTo{"number":"CN1A","percent":72} · ' +
        'watches.sharedTerms{"terms":"电池watches.listSeparator液冷watches.listSeparator冷却板watches.listSeparator温度watches.listSeparator传感器"} · ' +
        'watches.sharedIpc{"classes":"H01M"}',
    )
    expect(alertSimilarityText({ similar_to: 'CN1A', percent: 61 }, t)).toBe('watches.similarTo{"number":"CN1A","percent":61}')
  })

  it('put a status alert’s event on one line, without repeating the code’s name', () => {
    const name = (code: string) => (code === 'TR01' ? '专利权的转移' : null)
    expect(alertEventText({ group: 'transfer', code: 'TR01', date: '2026-01-02', text: '专利权的转移' }, t, name)).toBe(
      'watches.events.transfer · TR01 专利权的转移 · 2026-01-02',
    )
    expect(alertEventText({ group: 'pledge', code: 'XX99', date: '2026-01-02', text: '登记' }, t, name)).toBe(
      'watches.events.pledge · XX99 · 2026-01-02 · 登记',
    )
  })
})

describe('names of kinds, frequencies and event groups', () => {
  it('exist in both locales', () => {
    for (const messages of [zhCN, en]) {
      expect(Object.keys(messages.watches.kinds).sort()).toEqual([...WATCH_KINDS].sort())
      expect(Object.keys(messages.watches.frequencies).sort()).toEqual([...WATCH_FREQUENCIES].sort())
      expect(Object.keys(messages.watches.events).sort()).toEqual([...EVENT_GROUPS].sort())
      expect(Object.keys(messages.watches.kindHints).sort()).toEqual([...WATCH_KINDS].sort())
    }
  })

  it('map each event group to codes the app can name', () => {
    for (const group of EVENT_GROUPS) {
      for (const code of EVENT_GROUP_CODES[group]) {
        if (code !== 'C19') expect(zhCN.legalEvents).toHaveProperty(code)
      }
    }
  })
})
