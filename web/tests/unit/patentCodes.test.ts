import { describe, expect, it } from 'vitest'
import en from '@/locales/en'
import zhCN from '@/locales/zh-CN'
import {
  CITATION_SOURCES,
  CN_LEGAL_EVENT_CODES,
  codeKey,
  DOCUMENT_TYPES,
  LEGAL_STATUSES,
  legalEventKey,
  legalEventTone,
  legalStatusTone,
  PARTY_TYPES,
  statusBasisText,
} from '@/lib/patentCodes'

type Messages = { [key: string]: string | Messages }

function lookUp(messages: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Messages | undefined)?.[part], messages)
}

describe('legal-event codes', () => {
  it('each have a name in both languages', () => {
    const missing: string[] = []
    for (const code of CN_LEGAL_EVENT_CODES) {
      const key = legalEventKey(code)!
      for (const [name, messages] of [['zh-CN', zhCN], ['en', en]] as const) {
        const value = lookUp(messages, key)
        if (typeof value !== 'string' || value.trim() === '') missing.push(`${name}:${key}`)
      }
    }
    expect(missing).toEqual([])
  })

  it('have no name in the locale files that the code list lacks', () => {
    expect(Object.keys(zhCN.legalEvents).sort()).toEqual([...CN_LEGAL_EVENT_CODES].sort())
  })

  it('name the codes of FACTS.md §5', () => {
    expect(zhCN.legalEvents.CF01).toBe('未缴年费专利权终止')
    expect(zhCN.legalEvents.PE01).toBe('专利权质押合同登记的生效')
    expect(zhCN.legalEvents.CX01).toBe('专利权有效期届满')
    expect(en.legalEvents.CF01).toBe('Termination of patent right due to non-payment of annual fee')
  })

  it('are found whatever the case and spacing, and unknown codes have no key', () => {
    expect(legalEventKey(' cf01 ')).toBe('legalEvents.CF01')
    expect(legalEventKey('C17')).toBeNull()
    expect(legalEventKey(null)).toBeNull()
  })

  it('colour grants green and ends of the right red', () => {
    expect(legalEventTone('GR01')).toBe('success')
    expect(legalEventTone('CF01')).toBe('danger')
    expect(legalEventTone('PE01')).toBe('primary')
    expect(legalEventTone('XX99')).toBe('info')
  })
})

describe('code lists', () => {
  it('each value has a name in both languages', () => {
    const groups = [
      ['patentTypes', DOCUMENT_TYPES],
      ['partyTypes', PARTY_TYPES],
      ['citationSources', CITATION_SOURCES],
      ['legalStatus', LEGAL_STATUSES],
    ] as const
    const missing: string[] = []
    for (const [group, values] of groups) {
      for (const value of values) {
        const key = codeKey(group, value)!
        if (typeof lookUp(zhCN, key) !== 'string') missing.push(`zh-CN:${key}`)
        if (typeof lookUp(en, key) !== 'string') missing.push(`en:${key}`)
      }
    }
    expect(missing).toEqual([])
  })

  it('give no key for an unknown value', () => {
    expect(codeKey('patentTypes', 'ep_grant')).toBeNull()
    expect(codeKey('legalStatus', undefined)).toBeNull()
  })

  it('colour the legal status', () => {
    expect(legalStatusTone('valid')).toBe('success')
    expect(legalStatusTone('pending')).toBe('primary')
    expect(legalStatusTone('expired')).toBe('danger')
    expect(legalStatusTone('unknown')).toBe('info')
    expect(legalStatusTone('something-new')).toBe('info')
  })
})

describe('statusBasisText', () => {
  const t = (key: string, values?: Record<string, unknown>) =>
    values ? `${key}(${Object.values(values).join(',')})` : key

  it('words each kind of basis in the user language', () => {
    expect(statusBasisText({ basis: 'granted', basis_kind: 'granted' }, t)).toBe('patent.basisGranted')
    expect(statusBasisText({ basis: 'published application', basis_kind: 'published' }, t)).toBe(
      'patent.basisPublished',
    )
    expect(
      statusBasisText({ basis: 'term ended 2034-09-29', basis_kind: 'term_ended', basis_date: '2034-09-29' }, t),
    ).toBe('patent.basisTermEnded(2034-09-29)')
    expect(
      statusBasisText({ basis: 'CF01 2016-05-11', basis_kind: 'event', basis_code: 'CF01', basis_date: '2016-05-11' }, t),
    ).toBe('CF01 legalEvents.CF01 2016-05-11')
  })

  it('falls back to the server words for codes and kinds it does not know', () => {
    expect(statusBasisText({ basis: 'ZZ99 2019-01-01', basis_kind: 'event', basis_code: 'ZZ99', basis_date: '2019-01-01' }, t)).toBe(
      'ZZ99 2019-01-01',
    )
    expect(statusBasisText({ basis: '有效', basis_kind: 'event', basis_code: '' }, t)).toBe('有效')
    expect(statusBasisText({ basis: 'something new', basis_kind: 'future_kind' }, t)).toBe('something new')
    expect(statusBasisText({ basis: 'old server' }, t)).toBe('old server')
  })
})
