import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/client'
import type { Listing, ListingAuthorisation, WorkflowAction, WorkflowInfo } from '@/api/market'
import en from '@/locales/en'
import zhCN from '@/locales/zh-CN'
import {
  LISTING_KINDS,
  LISTING_STATES,
  LISTING_TRANSITIONS,
  RIGHT_TYPES,
  actingHolders,
  actionButtons,
  actionLabel,
  authorisationFieldProblem,
  authorisationFormProblems,
  authorisationInput,
  authorisationState,
  authorisationStateKey,
  dayBefore,
  emptyAuthorisationForm,
  holderChoices,
  shanghaiToday,
  splitAuthorisations,
  AUTHORISATION_STATES,
  canCreateListings,
  canEditListing,
  canReviewListings,
  emptyListingForm,
  emptyMarketState,
  fieldProblem,
  formFromListing,
  isPatentListing,
  kindFitsRightType,
  kindKey,
  kindsFor,
  listingRightType,
  listingFormProblems,
  listingInput,
  marketQueryFromState,
  marketStateFromQuery,
  marketTabs,
  priceText,
  problemField,
  reasonProblem,
  rightTypeKey,
  rightTypeKeys,
  rightTypeTagKey,
  setRightType,
  stateKey,
  stateTagType,
  transitionKey,
  type ListingForm,
} from '@/lib/market'

/** The message at a dotted key of a locale, or undefined. */
function message(messages: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), messages)
}

function action(transition: string, extra: Partial<WorkflowAction> = {}): WorkflowAction {
  return {
    transition,
    to: 'pending_review',
    permitted: true,
    allowed: true,
    blocked_by: '',
    reason_required: false,
    label_zh: `zh:${transition}`,
    label_en: `en:${transition}`,
    ...extra,
  }
}

function workflow(state: string, actions: WorkflowAction[] = [], final = false): WorkflowInfo {
  return { state, final, version: 3, created_at: 1, state_since: 2, history: [], actions }
}

function listing(extra: Partial<Listing> = {}): Listing {
  return {
    id: 7,
    right_type: 'patent',
    publication_number: 'CN118770000B',
    patent_title: 'Sodium-ion cathode',
    kind: 'non_exclusive_licence',
    title: 'Sodium-ion cathode licence',
    price_fen: 30_000_000,
    terms: 'three years',
    region_code: '370102',
    industry: 'energy',
    trl: 6,
    scenarios: 'e-bikes',
    description: '',
    contact_name: 'Li',
    contact_phone: '0531-66666666',
    contact_visibility: 'members',
    contact_shown: true,
    lister_org_id: 3,
    lister_org_name: 'ACME',
    holder_org_id: 3,
    holder_org_name: 'ACME',
    created_at: 1,
    updated_at: 2,
    workflow: workflow('draft'),
    ...extra,
  }
}

function filled(extra: Partial<ListingForm> = {}): ListingForm {
  return {
    ...emptyListingForm('370102'),
    patent: ' CN118770000B ',
    kind: 'exclusive_licence',
    industry: ' energy ',
    trl: 7,
    scenarios: ' e-bikes ',
    ...extra,
  }
}

describe('names of kinds, states and transitions', () => {
  it('exist in both languages, with the Chinese trade names', () => {
    const keys = [
      ...LISTING_KINDS.map(kindKey),
      ...LISTING_STATES.map((s) => stateKey(s)!),
      ...LISTING_TRANSITIONS.map((s) => transitionKey(s)!),
    ]
    for (const key of keys) {
      expect(typeof message(zhCN, key), key).toBe('string')
      expect(typeof message(en, key), key).toBe('string')
    }
    expect(LISTING_KINDS.map((k) => message(zhCN, kindKey(k)))).toEqual([
      '\u8f6c\u8ba9', // 转让
      '\u72ec\u5360\u8bb8\u53ef', // 独占许可
      '\u6392\u4ed6\u8bb8\u53ef', // 排他许可
      '\u666e\u901a\u8bb8\u53ef', // 普通许可
      '\u5f00\u653e\u8bb8\u53ef', // 开放许可
      '\u4f5c\u4ef7\u5165\u80a1', // 作价入股
      '\u8d28\u62bc\u878d\u8d44', // 质押融资
    ])
  })

  it('leave unknown states and transitions to be shown as sent', () => {
    expect(stateKey('archived')).toBeNull()
    expect(transitionKey('sell')).toBeNull()
  })

  it('colour the states', () => {
    expect(stateTagType('published')).toBe('success')
    expect(stateTagType('pending_review')).toBe('warning')
    expect(stateTagType('rejected')).toBe('danger')
    expect(stateTagType('draft')).toBe('info')
    expect(stateTagType('whatever')).toBe('info')
  })
})

describe('prices', () => {
  it('are yuan from integer fen, exactly, with separators', () => {
    expect(priceText(30_000_000)).toEqual({ negotiable: false, yuan: '300,000.00' })
    expect(priceText(1)).toEqual({ negotiable: false, yuan: '0.01' })
    expect(priceText(0)).toEqual({ negotiable: false, yuan: '0.00' })
    expect(priceText(9_007_199_254_740_991)).toEqual({ negotiable: false, yuan: '90,071,992,547,409.91' })
  })

  it('are negotiable when there is none', () => {
    expect(priceText(null)).toEqual({ negotiable: true })
    expect(priceText(undefined)).toEqual({ negotiable: true })
  })
})

describe('who sees what', () => {
  const member = { role: 'member' as const, organization_id: 3 }
  const official = { role: 'official' as const, organization_id: null }
  const admin = { role: 'platform_admin' as const, organization_id: null }

  it('gives everyone the market, members their own, reviewers the queue', () => {
    expect(marketTabs(null)).toEqual(['market'])
    expect(marketTabs(member)).toEqual(['market', 'mine'])
    expect(marketTabs(official)).toEqual(['market', 'review'])
    expect(marketTabs(admin)).toEqual(['market', 'review'])
    expect(marketTabs({ role: 'org_admin', organization_id: 5 })).toEqual(['market', 'mine'])
  })

  it('lets members of an organisation list, officials and administrators review', () => {
    expect(canCreateListings(member)).toBe(true)
    expect(canCreateListings(official)).toBe(false)
    expect(canCreateListings(null)).toBe(false)
    expect(canReviewListings(official)).toBe(true)
    expect(canReviewListings(admin)).toBe(true)
    expect(canReviewListings(member)).toBe(false)
  })

  it('lets the listing organisation edit drafts and rejected listings only', () => {
    expect(canEditListing(listing(), member)).toBe(true)
    expect(canEditListing(listing({ workflow: workflow('rejected') }), member)).toBe(true)
    expect(canEditListing(listing({ workflow: workflow('pending_review') }), member)).toBe(false)
    expect(canEditListing(listing({ workflow: workflow('published') }), member)).toBe(false)
    expect(canEditListing(listing(), { role: 'member', organization_id: 4 })).toBe(false)
    expect(canEditListing(listing(), official)).toBe(false)
    expect(canEditListing(listing(), null)).toBe(false)
  })
})

describe('the page state in the URL', () => {
  it('round-trips, leaving defaults out', () => {
    const state = { tab: 'mine' as const, q: ' sodium ', kind: 'transfer' as const, region: '370102', industry: 'energy', page: 3 }
    const query = marketQueryFromState(state)
    expect(query).toEqual({ tab: 'mine', q: 'sodium', kind: 'transfer', region: '370102', industry: 'energy', page: '3' })
    expect(marketStateFromQuery(query as Record<string, string>)).toEqual({ ...state, q: 'sodium' })
    expect(marketQueryFromState(emptyMarketState())).toEqual({})
  })

  it('ignores what it does not know', () => {
    expect(marketStateFromQuery({ tab: 'all', kind: 'rent', region: '37', page: '-2' })).toEqual(emptyMarketState())
    expect(marketStateFromQuery({ q: ['a', 'b'], page: 'x' })).toEqual({ ...emptyMarketState(), q: 'a' })
  })
})

describe('workflow buttons', () => {
  it('are one per action, labelled in the language shown', () => {
    const buttons = actionButtons(workflow('draft', [action('submit'), action('withdraw', { to: 'withdrawn' })]), 'zh-CN')
    expect(buttons.map((b) => [b.transition, b.label, b.enabled, b.final, b.type])).toEqual([
      ['submit', 'zh:submit', true, false, 'primary'],
      ['withdraw', 'zh:withdraw', true, true, 'warning'],
    ])
    expect(actionButtons(workflow('draft', [action('submit')]), 'en')[0]!.label).toBe('en:submit')
  })

  it('are disabled with the failed check as the reason when not allowed now', () => {
    const blocked = 'no_conflict: another listing (exclusive_licence) of CN118770000B is "published"'
    const [submit] = actionButtons(workflow('draft', [action('submit', { allowed: false, blocked_by: blocked })]), 'zh-CN')
    expect(submit).toMatchObject({ enabled: false, blockedBy: blocked })
  })

  it('ask for a reason when the transition needs one', () => {
    const buttons = actionButtons(
      workflow('pending_review', [action('approve', { to: 'published' }), action('reject', { to: 'rejected', reason_required: true })]),
      'zh-CN',
    )
    expect(buttons.map((b) => [b.transition, b.reasonRequired, b.type])).toEqual([
      ['approve', false, 'success'],
      ['reject', true, 'danger'],
    ])
  })

  it('are none for a final state or an action without the role', () => {
    expect(actionButtons(workflow('closed', [action('submit')], true), 'zh-CN')).toEqual([])
    expect(actionButtons(workflow('draft', [action('submit', { permitted: false })]), 'zh-CN')).toEqual([])
  })

  it('fall back to the other language or the name when a label is missing', () => {
    expect(actionLabel({ transition: 'close', label_zh: '', label_en: 'Close' }, 'zh-CN')).toBe('Close')
    expect(actionLabel({ transition: 'close', label_zh: '', label_en: '' }, 'en')).toBe('close')
  })

  it('check the reason', () => {
    expect(reasonProblem('  ', true)).toBe('required')
    expect(reasonProblem('  ', false)).toBeNull()
    expect(reasonProblem('x'.repeat(2000), true)).toBeNull()
    expect(reasonProblem('x'.repeat(2001), true)).toBe('tooLong')
  })
})

describe('the listing form', () => {
  it('starts in the lister region with the contact for logged-in users', () => {
    expect(emptyListingForm('370102')).toMatchObject({ region_code: '370102', contact_visibility: 'members', price: '', trl: undefined })
  })

  it('names what is missing', () => {
    expect(listingFormProblems(emptyListingForm())).toEqual({
      patent: { kind: 'required' },
      kind: { kind: 'required' },
      industry: { kind: 'required' },
      scenarios: { kind: 'required' },
      trl: { kind: 'required' },
    })
    expect(listingFormProblems(filled())).toEqual({})
  })

  it('reads the price exactly, and refuses what does not read', () => {
    expect(listingFormProblems(filled({ price: '12.345' }))).toEqual({ price: { kind: 'price', reason: 'decimals' } })
    expect(listingFormProblems(filled({ price: '-5' }))).toEqual({ price: { kind: 'price', reason: 'negative' } })
    expect(listingFormProblems(filled({ price: 'abc' }))).toEqual({ price: { kind: 'price', reason: 'invalid' } })
    expect(listingInput(filled({ price: '19.99' })).price_fen).toBe(1999)
    expect(listingInput(filled({ price: '1,234,567.8' })).price_fen).toBe(123_456_780)
    expect(listingInput(filled({ price: '  ' })).price_fen).toBeNull()
  })

  it('wants the fee and terms of an open licence', () => {
    expect(listingFormProblems(filled({ kind: 'open_licence' }))).toEqual({
      price: { kind: 'openLicencePrice' },
      terms: { kind: 'openLicenceTerms' },
    })
    expect(listingFormProblems(filled({ kind: 'open_licence', price: '5000', terms: 'yearly' }))).toEqual({})
  })

  it('keeps the readiness level between 1 and 9', () => {
    expect(listingFormProblems(filled({ trl: 0 }))).toEqual({ trl: { kind: 'trl' } })
    expect(listingFormProblems(filled({ trl: 10 }))).toEqual({ trl: { kind: 'trl' } })
    expect(listingFormProblems(filled({ trl: 9 }))).toEqual({})
  })

  it('sends trimmed text and leaves empty optional fields to the server', () => {
    expect(listingInput(filled())).toEqual({
      right_type: 'patent',
      patent: 'CN118770000B',
      kind: 'exclusive_licence',
      price_fen: null,
      industry: 'energy',
      trl: 7,
      scenarios: 'e-bikes',
      contact_visibility: 'members',
      region_code: '370102',
    })
    const input = listingInput(filled({ title: ' T ', terms: ' 3y ', contact_name: ' Li ', contact_phone: ' 110 ', region_code: null }), 4)
    expect(input).toMatchObject({ title: 'T', terms: '3y', contact_name: 'Li', contact_phone: '110', version: 4 })
    expect('region_code' in input).toBe(false)
  })

  it('edits a listing as it stands and sends it back unchanged', () => {
    const form = formFromListing(listing())
    expect(form.price).toBe('300,000.00')
    const input = listingInput(form)
    expect(input).toMatchObject({ patent: 'CN118770000B', kind: 'non_exclusive_licence', price_fen: 30_000_000, trl: 6, terms: 'three years' })
    expect(formFromListing(listing({ price_fen: null })).price).toBe('')
  })

  it('puts the server objection on the field it names', () => {
    const problem = (field: string, status = 400) => new ApiError({ status, title: 'Invalid argument', detail: 'x', field })
    expect(problemField(problem('trl'))).toBe('trl')
    expect(problemField(problem('price_fen'))).toBe('price')
    expect(problemField(problem('patent'))).toBe('patent')
    expect(problemField(problem('holder_org_id'))).toBe('holder_org_id')
    expect(problemField(problem('agency_org_id'))).toBeNull()
    expect(problemField(problem('patent', 409))).toBeNull()
    expect(problemField(new Error('x'))).toBeNull()
  })

  it('says what is wrong without repeating the field name', () => {
    const refused = new ApiError({ status: 400, title: 'Invalid argument', detail: 'price_fen: must be between 0 and 100,000,000,000 yuan in fen', field: 'price_fen' })
    expect(fieldProblem(refused)).toEqual({ field: 'price', detail: 'must be between 0 and 100,000,000,000 yuan in fen' })
    expect(fieldProblem(new ApiError({ status: 400, title: 'Invalid argument', detail: 'is required', field: 'trl' }))).toEqual({ field: 'trl', detail: 'is required' })
    expect(fieldProblem(new ApiError({ status: 400, title: 'Invalid argument', field: 'trl' }))).toEqual({ field: 'trl', detail: 'Invalid argument' })
    expect(fieldProblem(new ApiError({ status: 409, title: 'Conflict', detail: 'x', field: 'trl' }))).toBeNull()
  })
})

describe('trademarks and copyrights', () => {
  it('are named in both languages, and tagged unless a patent', () => {
    for (const type of RIGHT_TYPES) {
      expect(message(zhCN, rightTypeKey(type)), type).toBeTypeOf('string')
      expect(message(en, rightTypeKey(type)), type).toBeTypeOf('string')
    }
    expect(RIGHT_TYPES.map((type) => message(zhCN, rightTypeKey(type)))).toEqual(['专利', '商标', '著作权'])
    expect(rightTypeTagKey('patent')).toBeNull()
    expect(rightTypeTagKey('trademark')).toBe('market.rightTypes.trademark')
    expect(rightTypeTagKey('copyright')).toBe('market.rightTypes.copyright')
  })

  it('label the number field, its placeholder, hints and the title by type', () => {
    for (const type of RIGHT_TYPES) {
      for (const key of Object.values(rightTypeKeys(type))) {
        expect(message(zhCN, key), key).toBeTypeOf('string')
        expect(message(en, key), key).toBeTypeOf('string')
      }
    }
    expect(rightTypeKeys('patent').number).toBe('market.rightFields.patent.number')
    expect(rightTypeKeys('trademark').placeholder).toBe('market.rightFields.trademark.placeholder')
    expect(RIGHT_TYPES.map((type) => message(zhCN, rightTypeKeys(type).number))).toEqual(['专利号', '商标注册号', '登记号'])
    expect(message(zhCN, rightTypeKeys('patent').placeholder)).toContain('公开号或申请号')
    expect(message(zhCN, rightTypeKeys('trademark').placeholder)).toContain('16435657')
    expect(message(zhCN, rightTypeKeys('copyright').placeholder)).toContain('2016SR309930')
    expect(RIGHT_TYPES.map((type) => message(zhCN, rightTypeKeys(type).title))).toEqual(['专利名称', '商标名称', '作品名称'])
  })

  it('offer an open licence for patents only', () => {
    expect(kindsFor('patent')).toEqual([...LISTING_KINDS])
    expect(kindsFor('trademark')).not.toContain('open_licence')
    expect(kindsFor('copyright')).toEqual(LISTING_KINDS.filter((k) => k !== 'open_licence'))
    expect(kindFitsRightType('open_licence', 'patent')).toBe(true)
    expect(kindFitsRightType('open_licence', 'copyright')).toBe(false)
    expect(kindFitsRightType('transfer', 'trademark')).toBe(true)
    expect(kindFitsRightType('', 'trademark')).toBe(true)
  })

  it('start as a patent, and clear an open licence when switched away from patents', () => {
    expect(emptyListingForm().right_type).toBe('patent')
    const form = filled({ kind: 'open_licence', price: '5000', terms: 'yearly' })
    setRightType(form, 'trademark')
    expect(form).toMatchObject({ right_type: 'trademark', kind: '', price: '5000', terms: 'yearly' })
    expect(listingFormProblems(form)).toEqual({ kind: { kind: 'required' } })

    const transfer = filled({ kind: 'transfer' })
    setRightType(transfer, 'copyright')
    expect(transfer).toMatchObject({ right_type: 'copyright', kind: 'transfer' })
    setRightType(transfer, 'patent')
    expect(transfer).toMatchObject({ right_type: 'patent', kind: 'transfer' })
  })

  it('refuse an open licence of a trademark or copyright before sending', () => {
    expect(listingFormProblems(filled({ right_type: 'copyright', kind: 'open_licence', price: '1', terms: 'x' }))).toEqual({
      kind: { kind: 'openLicencePatentOnly' },
    })
    expect(message(zhCN, 'market.problems.openLicencePatentOnly')).toBeTypeOf('string')
  })

  it('send the type with the registration number, on create and update', () => {
    const trademark = listingInput(filled({ right_type: 'trademark', patent: ' 16435657 ', kind: 'transfer' }))
    expect(trademark).toMatchObject({ right_type: 'trademark', patent: '16435657', kind: 'transfer' })
    const copyright = listingInput(filled({ right_type: 'copyright', patent: ' 国作登字-2016-F-00269796 ' }), 5)
    expect(copyright).toMatchObject({ right_type: 'copyright', patent: '国作登字-2016-F-00269796', version: 5 })
  })

  it('read the type back on edit, a listing without one being a patent', () => {
    const mark = listing({ right_type: 'trademark', publication_number: '16435657', patent_title: '商标“星河”', kind: 'transfer' })
    const form = formFromListing(mark)
    expect(form).toMatchObject({ right_type: 'trademark', patent: '16435657', kind: 'transfer' })
    expect(listingInput(form)).toMatchObject({ right_type: 'trademark', patent: '16435657' })
    const older = { ...listing() } as Partial<Listing>
    delete older.right_type
    expect(formFromListing(older as Listing).right_type).toBe('patent')
    expect(listingRightType({ right_type: 'design' as never })).toBe('patent')
  })

  it('link to the patent page and open deals on patents only', () => {
    expect(isPatentListing(listing())).toBe(true)
    expect(isPatentListing(listing({ right_type: 'trademark' }))).toBe(false)
    expect(isPatentListing(listing({ right_type: 'copyright' }))).toBe(false)
  })
})

function grant(extra: Partial<ListingAuthorisation> = {}): ListingAuthorisation {
  return {
    id: 1,
    holder_org_id: 3,
    holder_org_name: 'ACME',
    agency_org_id: 9,
    agency_org_name: 'Qilu IP',
    publication_number: 'CN118770000B',
    valid_until: '2026-12-31',
    created_at: 1,
    revoked_at: null,
    ...extra,
  }
}

describe('an agency listing for a holder', () => {
  it('lists for the holder it chose, and edits with that holder shown', () => {
    expect(emptyListingForm().holder_org_id).toBeNull()
    expect('holder_org_id' in listingInput(filled())).toBe(false)
    expect(listingInput(filled({ holder_org_id: 3 })).holder_org_id).toBe(3)
    const own = formFromListing(listing())
    expect(own.holder_org_id).toBeNull()
    const agency = formFromListing(listing({ lister_org_id: 9, lister_org_name: 'Qilu IP' }))
    expect(agency.holder_org_id).toBe(3)
    expect(listingInput(agency).holder_org_id).toBe(3)
  })
})

describe('listing authorisations', () => {
  it('reads today in China Standard Time', () => {
    // 2026-11-28 16:30 UTC is already 2026-11-29 00:30 in Shanghai.
    expect(shanghaiToday(Date.UTC(2026, 10, 28, 16, 30))).toBe('2026-11-29')
    expect(shanghaiToday(Date.UTC(2026, 10, 28, 15, 59))).toBe('2026-11-28')
  })

  it('is in force through its last day, expired after, and revoked whatever the date', () => {
    expect(authorisationState(grant(), '2026-12-31')).toBe('active')
    expect(authorisationState(grant(), '2027-01-01')).toBe('expired')
    expect(authorisationState(grant({ revoked_at: 5 }), '2026-11-01')).toBe('revoked')
  })

  it('names its states in both languages', () => {
    for (const state of AUTHORISATION_STATES) {
      expect(message(zhCN, authorisationStateKey(state))).toBeTypeOf('string')
      expect(message(en, authorisationStateKey(state))).toBeTypeOf('string')
    }
    expect(message(zhCN, authorisationStateKey('active'))).toBe('有效')
    expect(message(zhCN, authorisationStateKey('expired'))).toBe('已过期')
    expect(message(zhCN, authorisationStateKey('revoked'))).toBe('已撤销')
  })

  it('splits those given from those received by the organisation', () => {
    const items = [grant({ id: 1 }), grant({ id: 2, holder_org_id: 9, holder_org_name: 'Qilu IP', agency_org_id: 3 })]
    expect(splitAuthorisations(items, 3)).toEqual({ given: [items[0]], received: [items[1]] })
    expect(splitAuthorisations(items, 9)).toEqual({ given: [items[1]], received: [items[0]] })
    expect(splitAuthorisations(items, null)).toEqual({ given: [], received: [] })
  })

  it('lets an agency act for the holders of authorisations in force, each once', () => {
    const items = [
      grant({ id: 1 }),
      grant({ id: 2, publication_number: null }),
      grant({ id: 3, holder_org_id: 4, holder_org_name: 'Old Co', valid_until: '2026-01-01' }),
      grant({ id: 4, holder_org_id: 5, holder_org_name: 'Gone Co', revoked_at: 7 }),
      grant({ id: 5, holder_org_id: 9, holder_org_name: 'Qilu IP', agency_org_id: 3 }),
      grant({ id: 6, holder_org_id: 6, holder_org_name: 'Today Co', valid_until: '2026-11-29' }),
    ]
    expect(actingHolders(items, 9, '2026-11-29')).toEqual([
      { id: 3, name: 'ACME' },
      { id: 6, name: 'Today Co' },
    ])
    expect(actingHolders(items, 9, '2026-11-30')).toEqual([{ id: 3, name: 'ACME' }])
    expect(actingHolders(items, null, '2026-11-29')).toEqual([])
  })

  it('keeps the holder of a listing edited among the choices', () => {
    const acting = [{ id: 3, name: 'ACME' }]
    expect(holderChoices(acting, null)).toEqual(acting)
    expect(holderChoices(acting, { id: 3, name: 'ACME' })).toEqual(acting)
    expect(holderChoices(acting, { id: 4, name: 'Old Co' })).toEqual([...acting, { id: 4, name: 'Old Co' }])
  })

  it('wants an agency and a day from today, and sends the patent only when given', () => {
    expect(authorisationFormProblems(emptyAuthorisationForm(), '2026-11-29')).toEqual({ agency_org_id: 'required', valid_until: 'required' })
    const form = { agency_org_id: 9, publication_number: ' CN118770000B ', valid_until: '2026-11-29' }
    expect(authorisationFormProblems(form, '2026-11-29')).toEqual({})
    expect(authorisationFormProblems({ ...form, valid_until: '2026-11-28' }, '2026-11-29')).toEqual({ valid_until: 'past' })
    expect(authorisationFormProblems({ ...form, valid_until: '29/11/2026' }, '2026-11-29')).toEqual({ valid_until: 'date' })
    expect(authorisationInput(form)).toEqual({ agency_org_id: 9, publication_number: 'CN118770000B', valid_until: '2026-11-29' })
    expect(authorisationInput({ ...form, publication_number: '  ' })).toEqual({ agency_org_id: 9, valid_until: '2026-11-29' })
    expect(() => authorisationInput(emptyAuthorisationForm())).toThrow()
  })

  it('puts the server objection on the field it names', () => {
    const refused = new ApiError({ status: 400, title: 'Invalid argument', detail: 'valid_until: must be today or later', field: 'valid_until' })
    expect(authorisationFieldProblem(refused)).toEqual({ field: 'valid_until', detail: 'must be today or later' })
    expect(authorisationFieldProblem(new ApiError({ status: 400, title: 'Invalid argument', detail: 'x', field: 'patent' }))).toBeNull()
    expect(authorisationFieldProblem(new ApiError({ status: 409, title: 'Conflict', detail: 'x', field: 'valid_until' }))).toBeNull()
    expect(authorisationFieldProblem(new Error('x'))).toBeNull()
  })

  it('greys out the days before today in the picker', () => {
    expect(dayBefore(new Date(2026, 10, 28), '2026-11-29')).toBe(true)
    expect(dayBefore(new Date(2026, 10, 29), '2026-11-29')).toBe(false)
  })
})
