import { describe, expect, it } from 'vitest'
import { patentStateFromQuery, patentStateToQuery, type PatentListState } from '@/lib/patentQuery'

const defaults: PatentListState = { q: '', country: '', type: '', applicant: '', from: '', to: '', page: 1, size: 20 }

describe('patent list state in the URL', () => {
  it('reads every filter and the page', () => {
    const state = patentStateFromQuery({
      q: ' 甘草 ',
      country: 'cn',
      type: 'cn_invention_application',
      applicant: '云南中烟',
      from: '2014-01-01',
      to: '2014-12-31',
      page: '3',
      size: '50',
    })
    expect(state).toEqual({
      q: '甘草',
      country: 'CN',
      type: 'cn_invention_application',
      applicant: '云南中烟',
      from: '2014-01-01',
      to: '2014-12-31',
      page: 3,
      size: 50,
    })
  })

  it('falls back to defaults for unusable values', () => {
    expect(patentStateFromQuery({ page: '0', size: '1000', from: '2014/01/01', to: 'x' })).toEqual(defaults)
    expect(patentStateFromQuery({ page: 'abc', size: '-5' })).toEqual(defaults)
    expect(patentStateFromQuery({})).toEqual(defaults)
  })

  it('takes the first of repeated parameters', () => {
    expect(patentStateFromQuery({ q: ['a', 'b'] }).q).toBe('a')
  })

  it('writes only what differs from the defaults', () => {
    expect(patentStateToQuery(defaults)).toEqual({})
    expect(patentStateToQuery({ ...defaults, q: ' CN104223352A ', page: 2, size: 50 })).toEqual({
      q: 'CN104223352A',
      page: '2',
      size: '50',
    })
  })

  it('survives a round trip', () => {
    const state: PatentListState = { ...defaults, country: 'US', type: 'us_design', from: '2003-01-01', to: '2006-12-31', page: 4 }
    expect(patentStateFromQuery(patentStateToQuery(state) as Record<string, string>)).toEqual(state)
  })
})
