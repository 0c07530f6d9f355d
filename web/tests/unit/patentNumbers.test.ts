import { describe, expect, it } from 'vitest'
import {
  citedPublicationNumber,
  compactPatentNumber,
  formatPublicationNumber,
  patentPath,
  splitPublicationNumber,
} from '@/lib/patentNumbers'

describe('compactPatentNumber', () => {
  it('removes spaces, commas and slashes and upper-cases', () => {
    expect(compactPatentNumber('US 7,473,466 B1')).toBe('US7473466B1')
    expect(compactPatentNumber(' cn104223590a ')).toBe('CN104223590A')
    expect(compactPatentNumber('US 2006/0123456 A1')).toBe('US20060123456A1')
  })

  it('keeps the dot of a CN application number', () => {
    expect(compactPatentNumber('201410513187.5')).toBe('201410513187.5')
    expect(compactPatentNumber('202111286633.x')).toBe('202111286633.X')
  })
})

describe('splitPublicationNumber', () => {
  it('splits country, number and kind', () => {
    expect(splitPublicationNumber('CN104223590A')).toEqual({ country: 'CN', number: '104223590', kind: 'A' })
    expect(splitPublicationNumber('US 7,057,742 B2')).toEqual({ country: 'US', number: '7057742', kind: 'B2' })
    expect(splitPublicationNumber('USD534673S')).toEqual({ country: 'US', number: 'D534673', kind: 'S' })
    expect(splitPublicationNumber('USRE45000E')).toEqual({ country: 'US', number: 'RE45000', kind: 'E' })
    expect(splitPublicationNumber('CN104223590')).toEqual({ country: 'CN', number: '104223590', kind: '' })
  })

  it('returns null for what is not a publication number', () => {
    expect(splitPublicationNumber('201410513187.5')).toBeNull()
    expect(splitPublicationNumber('D534673')).toBeNull()
    expect(splitPublicationNumber('')).toBeNull()
  })
})

describe('formatPublicationNumber', () => {
  it('writes CN numbers with spaces', () => {
    expect(formatPublicationNumber('CN104223352A')).toBe('CN 104223352 A')
    expect(formatPublicationNumber('CN101551481B')).toBe('CN 101551481 B')
  })

  it('writes US numbers as printed on the document', () => {
    expect(formatPublicationNumber('US07057742B2')).toBe('US 7,057,742 B2')
    expect(formatPublicationNumber('US7473466B1')).toBe('US 7,473,466 B1')
    expect(formatPublicationNumber('USD534673S')).toBe('US D534,673 S')
    expect(formatPublicationNumber('US20060123456A1')).toBe('US 2006/0123456 A1')
    expect(formatPublicationNumber('US 10,000,000 B2')).toBe('US 10,000,000 B2')
  })

  it('leaves other text alone', () => {
    expect(formatPublicationNumber(' 201410513187.5 ')).toBe('201410513187.5')
    expect(formatPublicationNumber(null)).toBe('')
    expect(formatPublicationNumber(undefined)).toBe('')
  })
})

describe('patentPath', () => {
  it('links to the compact number', () => {
    expect(patentPath('US 7,473,466 B1')).toBe('/patents/US7473466B1')
    expect(patentPath('201410513187.5')).toBe('/patents/201410513187.5')
  })
})

describe('citedPublicationNumber', () => {
  it('joins country, number and kind code', () => {
    expect(citedPublicationNumber({ country: 'US', number: '5,123,456', kind_code: 'A' })).toBe('US5123456A')
  })

  it('does not repeat a country or kind the number already has', () => {
    expect(citedPublicationNumber({ country: 'CN', number: 'CN101551481B', kind_code: 'B' })).toBe('CN101551481B')
  })

  it('is empty without a number', () => {
    expect(citedPublicationNumber({ country: 'US', number: null })).toBe('')
  })
})
