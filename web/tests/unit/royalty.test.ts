import { describe, expect, it } from 'vitest'
import { SENSITIVITY_STEPS, buildRoyaltyRequest, formFieldOf, sensitivityGrid, type RoyaltyForm } from '@/lib/royalty'

const WORKED: RoyaltyForm = {
  revenues: ['1,000,000', '1,000,000.00', '1000000'],
  royaltyRate: '5',
  discountRate: '10',
  taxRate: '25',
  royaltyStep: '1',
  discountStep: '2',
  asOf: '2024-06-30',
  capBy: null,
}

describe('the royalty request', () => {
  it('reads the worked example of docs/valuation.md exactly', () => {
    expect(buildRoyaltyRequest(WORKED)).toEqual({
      ok: true,
      request: {
        revenue_fen: [100000000, 100000000, 100000000],
        royalty_rate_bp: 500,
        discount_rate_bp: 1000,
        tax_rate_bp: 2500,
        years: 3,
        sensitivity_steps: SENSITIVITY_STEPS,
        royalty_step_bp: 100,
        discount_step_bp: 200,
        as_of: '2024-06-30',
      },
    })
  })

  it('stops at the legal term of a patent when asked, and leaves out an empty date and tax', () => {
    const built = buildRoyaltyRequest({ ...WORKED, asOf: '', taxRate: ' ', capBy: 'CN116095461B' })
    expect(built.ok && built.request.publication_number).toBe('CN116095461B')
    expect(built.ok && 'as_of' in built.request).toBe(false)
    expect(built.ok && built.request.tax_rate_bp).toBe(0)
  })

  it('names every field it cannot read, with the reason', () => {
    const built = buildRoyaltyRequest({
      ...WORKED,
      revenues: ['1,000', '12.345', '-3', 'abc'],
      royaltyRate: '',
      discountRate: '3.555',
      taxRate: '101',
      asOf: '30/06/2024',
    })
    expect(built).toEqual({
      ok: false,
      errors: {
        'revenue.1': 'decimals',
        'revenue.2': 'negative',
        'revenue.3': 'invalid',
        royaltyRate: 'empty',
        discountRate: 'decimals',
        taxRate: 'tooLarge',
        asOf: 'invalid',
      },
    })
  })

  it('needs at least one year', () => {
    expect(buildRoyaltyRequest({ ...WORKED, revenues: [] })).toEqual({ ok: false, errors: { revenues: 'empty' } })
  })
})

describe('server problems', () => {
  it('point at the form field they name', () => {
    expect(formFieldOf('revenue_fen[2]')).toBe('revenue.2')
    expect(formFieldOf('revenue_fen')).toBe('revenues')
    expect(formFieldOf('royalty_rate_bp')).toBe('royaltyRate')
    expect(formFieldOf('discount_rate_bp')).toBe('discountRate')
    expect(formFieldOf('tax_rate_bp')).toBe('taxRate')
    expect(formFieldOf('as_of')).toBe('asOf')
    expect(formFieldOf('publication_number')).toBe('capBy')
    expect(formFieldOf('something_else')).toBeNull()
    expect(formFieldOf(undefined)).toBeNull()
  })
})

describe('the sensitivity grid', () => {
  // The server's answer for steps 1: royalty rate outer, a stepped negative rate empty.
  const cells = [
    { royalty_rate_bp: -100, discount_rate_bp: 800, present_value_fen: null },
    { royalty_rate_bp: -100, discount_rate_bp: 1000, present_value_fen: null },
    { royalty_rate_bp: -100, discount_rate_bp: 1200, present_value_fen: null },
    { royalty_rate_bp: 0, discount_rate_bp: 800, present_value_fen: 0 },
    { royalty_rate_bp: 0, discount_rate_bp: 1000, present_value_fen: 0 },
    { royalty_rate_bp: 0, discount_rate_bp: 1200, present_value_fen: 0 },
    { royalty_rate_bp: 100, discount_rate_bp: 800, present_value_fen: 30 },
    { royalty_rate_bp: 100, discount_rate_bp: 1000, present_value_fen: 20 },
    { royalty_rate_bp: 100, discount_rate_bp: 1200, present_value_fen: 10 },
  ]

  it('puts royalty rates down and discount rates across, with the rates asked for in the centre', () => {
    expect(sensitivityGrid(cells, 0, 1000)).toEqual({
      royaltyRates: [-100, 0, 100],
      discountRates: [800, 1000, 1200],
      rows: [
        [null, null, null],
        [0, 0, 0],
        [30, 20, 10],
      ],
      centre: { row: 1, column: 1 },
    })
  })

  it('has no centre when the rates asked for are not in it', () => {
    expect(sensitivityGrid(cells, 500, 1000).centre).toBeNull()
    expect(sensitivityGrid([], 500, 1000)).toEqual({ royaltyRates: [], discountRates: [], rows: [], centre: null })
  })
})
